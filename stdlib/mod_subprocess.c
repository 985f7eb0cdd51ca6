// stdlib/mod_subprocess.c -- the `_subprocess` module under stdlib/
// subprocess.sk: spawn() starts a child with uv_spawn and returns a
// process object (wait/poll/send_signal, pid, returncode) and the parent's
// ends of the pipes asked for, as pipe objects (read/write/close). Waiting
// for the child or on a pipe parks only the calling tasklet; libuv reaps
// every child (a process object that becomes garbage while its child runs
// leaves the reaping to the loop).
#define _GNU_SOURCE // pipe2
#include "stdlib/modlib.h"
#include "vm/classes/class.h"
#include "vm/classes/error.h"
#include "vm/core/gc.h"
#include "vm/exec/call.h"
#include "vm/objects/bytes.h"
#include "vm/objects/dict.h"
#include "vm/objects/file.h"
#include "vm/objects/list.h"
#include "vm/objects/methods.h"
#include "vm/objects/resource.h"
#include "vm/objects/str.h"
#include "vm/objects/tuple.h"
#include "vm/sched/loop.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>
#include <uv.h>

#define NATIVE(name) static SkValue name(SkVM *vm, SkValue *args, int nargs, SkTuple *kw)

// ---------------------------------------------------------------- pipes

typedef struct SkPipe {
    SkResource h;
    SkFd io;
} SkPipe;

static void pipe_release(SkVM *vm, SkResource *h) { sk_loop_fd_close(vm, &((SkPipe *)h)->io); }

static const SkResourceType pipe_type = {"pipe", sizeof(SkPipe), NULL, pipe_release};

static SkPipe *as_pipe(SkVM *vm, SkValue v, const char *meth, bool open) {
    SkResource *h = sk_resource_of(v, &pipe_type);
    if (!h) {
        sk_lib_bad_self(vm, meth, "pipe", v);
        return NULL;
    }
    SkPipe *p = (SkPipe *)h;
    if (open && p->io.fd < 0) {
        sk_raise(vm, vm->exc.ValueError, "I/O operation on closed file.");
        return NULL;
    }
    return p;
}

static SkValue op_read(SkVM *vm, SkWait *w) {
    SkPipe *p = (SkPipe *)w->on;
    if (p->io.fd < 0) return sk_file_raise_errno(vm, EBADF, SK_UNDEF);
    uint8_t buf[65536];
    size_t n = w->n < sizeof buf ? w->n : sizeof buf;
    ssize_t k = read(p->io.fd, buf, n);
    if (k >= 0) {
        SkBytes *b = sk_bytes_new(vm, buf, (size_t)k);
        return b ? sk_obj(b) : SK_ERR;
    }
    if (errno == EAGAIN || errno == EINTR) return SK_UNDEF;
    return sk_file_raise_errno(vm, errno, SK_UNDEF);
}

// Write all of w->val; w->off bytes are out.
static SkValue op_write(SkVM *vm, SkWait *w) {
    SkPipe *p = (SkPipe *)w->on;
    SkBytes *b = SK_AS_BYTES(w->val);
    while (w->off < b->len) {
        if (p->io.fd < 0) return sk_file_raise_errno(vm, EBADF, SK_UNDEF);
        ssize_t k = write(p->io.fd, b->data + w->off, b->len - w->off);
        if (k < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN) return SK_UNDEF;
            return sk_file_raise_errno(vm, errno, SK_UNDEF);
        }
        w->off += (size_t)k;
    }
    return sk_int((int64_t)b->len);
}

// pipe.read(n=65536): up to n bytes, b"" at the end.
NATIVE(p_read) {
    SkPipe *p = as_pipe(vm, args[0], "read", true);
    int64_t n = 65536;
    if (!p || (nargs > 1 && !sk_mod_to_int(vm, args[1], &n))) return SK_ERR;
    if (n < 0) n = 65536;
    return sk_loop_fd_op(vm, &p->h, &p->io, "read", SK_POLL_READ, op_read, SK_NONE, (size_t)n, 0);
}

// pipe.write(data): writes all of it (a child that stopped reading makes
// it BrokenPipeError).
NATIVE(p_write) {
    SkPipe *p = as_pipe(vm, args[0], "write", true);
    if (!p) return SK_ERR;
    if (!SK_IS_KIND(args[1], SK_BYTES))
        return sk_raise(vm, vm->exc.TypeError, "a bytes-like object is required, not '%T'",
                        args[1]);
    return sk_loop_fd_op(vm, &p->h, &p->io, "write", SK_POLL_WRITE, op_write, args[1], 0, 0);
}

NATIVE(p_close) {
    SkPipe *p = as_pipe(vm, args[0], "close", false);
    if (!p) return SK_ERR;
    pipe_release(vm, &p->h);
    return SK_NONE;
}

NATIVE(p_fileno) {
    SkPipe *p = as_pipe(vm, args[0], "fileno", true);
    return p ? sk_int(p->io.fd) : SK_ERR;
}

NATIVE(p_closed) {
    SkPipe *p = as_pipe(vm, args[0], "closed", false);
    return p ? sk_bool(p->io.fd < 0) : SK_ERR;
}

// ---------------------------------------------------------------- processes

typedef struct SkProcess SkProcess;

// The libuv side lives apart from the heap object: it must outlive the
// object until libuv has reaped the child and closed the handle.
typedef struct Child {
    uv_process_t uv;
    SkProcess *owner; // NULL once the object is freed
    SkVM *vm;
} Child;

struct SkProcess {
    SkResource h;
    Child *child; // NULL once the child exited
    int pid;
    bool exited;
    int64_t returncode; // exit status, or -signal
};

static void child_closed(uv_handle_t *h) { free(h->data); }

static void child_exit(uv_process_t *h, int64_t status, int term_signal) {
    Child *c = h->data;
    SkProcess *p = c->owner;
    if (p) {
        p->exited = true;
        p->returncode = term_signal ? -(int64_t)term_signal : status;
        p->child = NULL;
        sk_loop_retry_on(c->vm, &p->h);
    }
    uv_close((uv_handle_t *)h, child_closed);
}

static void process_release(SkVM *vm, SkResource *h) {
    SkProcess *p = (SkProcess *)h;
    if (p->child) p->child->owner = NULL; // the loop still reaps it
    p->child = NULL;
}

static const SkResourceType process_type = {"process", sizeof(SkProcess), NULL, process_release};

static SkProcess *as_process(SkVM *vm, SkValue v, const char *meth) {
    SkResource *h = sk_resource_of(v, &process_type);
    if (!h) sk_lib_bad_self(vm, meth, "process", v);
    return (SkProcess *)h;
}

static SkValue op_wait(SkVM *vm, SkWait *w) {
    SkProcess *p = (SkProcess *)w->on;
    return p->exited ? sk_int(p->returncode) : SK_UNDEF;
}

// process.wait(timeout=None): the return code; TimeoutError("timed out")
// when timeout seconds pass first.
NATIVE(c_wait) {
    SkProcess *p = as_process(vm, args[0], "wait");
    if (!p) return SK_ERR;
    if (p->exited) return sk_int(p->returncode);
    double timeout = -1;
    if (nargs > 1 && !SK_IS_NONE(args[1]) && !sk_mod_to_double(vm, args[1], &timeout))
        return SK_ERR;
    if (timeout < 0) timeout = -1;
    if (!(vm->current->c_depth == 1 && vm->sched.direct)) {
        // No tasklet can switch here: run the loop until the child is gone.
        while (!p->exited) sk_loop_run(vm, true);
        return sk_int(p->returncode);
    }
    SkWait *w = sk_loop_wait_new(vm, "wait");
    if (!w) return SK_ERR;
    w->on = &p->h;
    w->ready = op_wait;
    return sk_loop_park(vm, w, timeout);
}

// process.poll(): the return code, or None while the child runs.
NATIVE(c_poll) {
    SkProcess *p = as_process(vm, args[0], "poll");
    if (!p) return SK_ERR;
    if (!p->exited) sk_loop_run(vm, false); // an exit seen by the loop
    return p->exited ? sk_int(p->returncode) : SK_NONE;
}

NATIVE(c_send_signal) {
    SkProcess *p = as_process(vm, args[0], "send_signal");
    int64_t sig;
    if (!p || !sk_mod_to_int(vm, args[1], &sig)) return SK_ERR;
    if (p->exited) return SK_NONE; // as CPython: nothing to signal
    if (kill(p->pid, (int)sig) < 0 && errno != ESRCH)
        return sk_file_raise_errno(vm, errno, SK_UNDEF);
    return SK_NONE;
}

NATIVE(c_pid) {
    SkProcess *p = as_process(vm, args[0], "pid");
    return p ? sk_int(p->pid) : SK_ERR;
}

NATIVE(c_returncode) {
    SkProcess *p = as_process(vm, args[0], "returncode");
    if (!p) return SK_ERR;
    return p->exited ? sk_int(p->returncode) : SK_NONE;
}

// ---------------------------------------------------------------- spawn

#define PIPE -1
#define STDOUT -2
#define DEVNULL -3

typedef struct Spawn {
    char **argv, **envp;
    int child_fd[3];  // what the child gets as 0, 1, 2 (-1: inherit ours)
    int parent_fd[3]; // our end of a pipe, or -1
    int close_fd[4];  // descriptors to close after the spawn
    int nclose;
} Spawn;

static void spawn_free(Spawn *s) {
    for (int i = 0; s->argv && s->argv[i]; i++) free(s->argv[i]);
    free(s->argv);
    for (int i = 0; s->envp && s->envp[i]; i++) free(s->envp[i]);
    free(s->envp);
    for (int i = 0; i < s->nclose; i++) close(s->close_fd[i]);
}

static char *dup_str(SkValue v) {
    SkStr *s = SK_AS_STR(v);
    char *c = malloc(s->len + 1);
    if (c) memcpy(c, s->data, s->len + 1);
    return c;
}

// A NULL-ended copy of a list/tuple of str.
static char **str_array(SkVM *vm, SkValue seq, const char *what) {
    SkValue *items = SK_IS_LIST(seq) ? SK_AS_LIST(seq)->items : SK_AS_TUPLE(seq)->items;
    size_t n = SK_IS_LIST(seq) ? SK_AS_LIST(seq)->len : SK_AS_TUPLE(seq)->len;
    char **a = calloc(n + 1, sizeof *a);
    if (!a) return (char **)(sk_raise_nomem(vm), NULL);
    for (size_t i = 0; i < n; i++) {
        if (!SK_IS_STR(items[i])) {
            sk_raise(vm, vm->exc.TypeError, "expected str, bytes or os.PathLike object, not %s",
                     sk_type_name(vm, items[i]));
        } else if (!(a[i] = dup_str(items[i]))) {
            sk_raise_nomem(vm);
        }
        if (!a[i]) {
            for (size_t j = 0; j < i; j++) free(a[j]);
            free(a);
            return NULL;
        }
    }
    (void)what;
    return a;
}

// Stream i's setting: None (inherit), PIPE, STDOUT (stderr only), DEVNULL
// or a descriptor.
static bool setup_stream(SkVM *vm, Spawn *s, int i, SkValue v) {
    s->child_fd[i] = -1;
    s->parent_fd[i] = -1;
    if (SK_IS_NONE(v)) return true;
    int64_t k;
    if (!sk_mod_to_int(vm, v, &k)) return false;
    if (k == PIPE) {
        int fds[2];
        if (pipe2(fds, O_CLOEXEC) < 0) return !SK_IS_ERR(sk_file_raise_errno(vm, errno, SK_UNDEF));
        int ours = i == 0 ? fds[1] : fds[0], theirs = i == 0 ? fds[0] : fds[1];
        fcntl(ours, F_SETFL, fcntl(ours, F_GETFL) | O_NONBLOCK);
        s->child_fd[i] = theirs;
        s->parent_fd[i] = ours;
        s->close_fd[s->nclose++] = theirs;
    } else if (k == STDOUT && i == 2) {
        s->child_fd[2] = s->child_fd[1] >= 0 ? s->child_fd[1] : 1;
    } else if (k == DEVNULL) {
        int fd = open("/dev/null", (i == 0 ? O_RDONLY : O_WRONLY) | O_CLOEXEC);
        if (fd < 0) return !SK_IS_ERR(sk_file_raise_errno(vm, errno, SK_UNDEF));
        s->child_fd[i] = fd;
        s->close_fd[s->nclose++] = fd;
    } else if (k >= 0) {
        s->child_fd[i] = (int)k;
    } else {
        sk_raise(vm, vm->exc.ValueError, "invalid stream setting %lld", (long long)k);
        return false;
    }
    return true;
}

static SkValue wrap_pipe(SkVM *vm, Spawn *s, int i, SkClass *cls) {
    if (s->parent_fd[i] < 0) return SK_NONE;
    SkPipe *p = (SkPipe *)sk_resource_new(vm, &pipe_type, cls);
    if (!p) return SK_ERR;
    p->io.fd = s->parent_fd[i];
    p->io.timeout = -1;
    s->parent_fd[i] = -1;
    return sk_obj(p);
}

// spawn(args, cwd, env, stdin, stdout, stderr) -> (process, stdin pipe,
// stdout pipe, stderr pipe); a pipe is None unless PIPE was asked for.
// A program that cannot be run is FileNotFoundError/PermissionError
// naming it, as in CPython.
NATIVE(m_spawn) {
    SkValue argl = args[0], cwd = args[1], env = args[2];
    if ((!SK_IS_LIST(argl) && !SK_IS_TUPLE(argl)) ||
        (SK_IS_LIST(argl) ? SK_AS_LIST(argl)->len : SK_AS_TUPLE(argl)->len) == 0)
        return sk_raise(vm, vm->exc.ValueError, "spawn() needs a non-empty argument list");
    uv_loop_t *loop = sk_loop_uv(vm);
    if (!loop) return SK_ERR;
    Spawn s = {0};
    for (int i = 0; i < 3; i++) s.parent_fd[i] = -1;
    SkValue result = SK_ERR;
    if (!(s.argv = str_array(vm, argl, "args"))) goto done;
    if (!SK_IS_NONE(env) && !(s.envp = str_array(vm, env, "env"))) goto done;
    if (!SK_IS_NONE(cwd) && !SK_IS_STR(cwd)) {
        sk_raise(vm, vm->exc.TypeError, "cwd must be str, not %s", sk_type_name(vm, cwd));
        goto done;
    }
    for (int i = 0; i < 3; i++)
        if (!setup_stream(vm, &s, i, args[3 + i])) goto done;
    Child *c = calloc(1, sizeof *c);
    if (!c) {
        sk_raise_nomem(vm);
        goto done;
    }
    uv_stdio_container_t stdio[3];
    for (int i = 0; i < 3; i++) {
        stdio[i].flags = UV_INHERIT_FD;
        stdio[i].data.fd = s.child_fd[i] >= 0 ? s.child_fd[i] : i;
    }
    uv_process_options_t o = {0};
    o.exit_cb = child_exit;
    o.file = s.argv[0];
    o.args = s.argv;
    o.env = s.envp;
    o.cwd = SK_IS_NONE(cwd) ? NULL : SK_AS_STR(cwd)->data;
    o.stdio_count = 3;
    o.stdio = stdio;
    int r = uv_spawn(loop, &c->uv, &o);
    if (r != 0) {
        // uv_spawn leaves a handle to close even when it fails.
        c->uv.data = c;
        uv_close((uv_handle_t *)&c->uv, child_closed);
        SkValue name = SK_IS_LIST(argl) ? SK_AS_LIST(argl)->items[0] : SK_AS_TUPLE(argl)->items[0];
        int err = -r;
        // A missing working folder is reported as CPython does: naming it.
        if (err == ENOENT && !SK_IS_NONE(cwd) && access(SK_AS_STR(cwd)->data, F_OK) != 0)
            name = cwd;
        sk_file_raise_errno(vm, err, name);
        goto done;
    }
    c->uv.data = c;
    c->vm = vm;
    SkProcess *p =
        (SkProcess *)sk_resource_new(vm, &process_type, sk_mod_class(vm, "_subprocess", "Process"));
    if (!p) {
        c->owner = NULL; // reaped by the loop
        goto done;
    }
    p->child = c;
    p->pid = c->uv.pid;
    c->owner = p;
    SkClass *pc = sk_mod_class(vm, "_subprocess", "Pipe");
    SkValue in = wrap_pipe(vm, &s, 0, pc), out = SK_ERR, err = SK_ERR;
    if (!SK_IS_ERR(in)) out = wrap_pipe(vm, &s, 1, pc);
    if (!SK_IS_ERR(out)) err = wrap_pipe(vm, &s, 2, pc);
    if (SK_IS_ERR(err)) goto done;
    SkTuple *t = sk_tuple_new(vm, 4);
    if (!t) goto done;
    t->items[0] = sk_obj(p);
    t->items[1] = in;
    t->items[2] = out;
    t->items[3] = err;
    result = sk_obj(t);
done:
    for (int i = 0; i < 3; i++)
        if (s.parent_fd[i] >= 0) close(s.parent_fd[i]);
    spawn_free(&s);
    return result;
}

// ---------------------------------------------------------------- module

static const SkMethodDef pipe_methods[] = {
    {"read", p_read, 1, 2, false},
    {"write", p_write, 2, 2, false},
    {"close", p_close, 1, 1, false},
    {"fileno", p_fileno, 1, 1, false},
};

static const SkMethodDef process_methods[] = {
    {"wait", c_wait, 1, 2, false},
    {"poll", c_poll, 1, 1, false},
    {"send_signal", c_send_signal, 2, 2, false},
};

bool sk_mod_subprocess_init(SkVM *vm, SkModule *m) {
    SkDict *d = m->dict;
    SkClass *pipe = sk_class_new_builtin(vm, "Pipe", vm->t.object, SK_RESOURCE);
    SkClass *proc = pipe ? sk_class_new_builtin(vm, "Process", vm->t.object, SK_RESOURCE) : NULL;
    if (!proc) return false;
    SK_LIB_DEFINE_TABLE(vm, pipe, pipe_methods);
    SK_LIB_DEFINE_TABLE(vm, proc, process_methods);
    sk_lib_define_wrapped(vm, pipe, "closed", p_closed, 1, 1, false, 0);
    sk_lib_define_wrapped(vm, proc, "pid", c_pid, 1, 1, false, 0);
    sk_lib_define_wrapped(vm, proc, "returncode", c_returncode, 1, 1, false, 0);
    return !sk_has_exc(vm) && sk_dict_set_cstr(vm, d, "Pipe", sk_obj(pipe)) &&
           sk_dict_set_cstr(vm, d, "Process", sk_obj(proc)) &&
           sk_dict_set_cstr(vm, d, "PIPE", sk_int(PIPE)) &&
           sk_dict_set_cstr(vm, d, "STDOUT", sk_int(STDOUT)) &&
           sk_dict_set_cstr(vm, d, "DEVNULL", sk_int(DEVNULL)) &&
           sk_define_native(vm, d, "spawn", m_spawn, 6, 6, false);
}
