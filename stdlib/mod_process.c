// stdlib/mod_process.c -- the `_process` module under stdlib/process.sk: the
// C half of process.spawn. fork() forks with a socketpair between parent
// and child and returns this side's Conn (framed messages, vm/proc/conn.h)
// and, in the parent, a Child (pid, poll, wait, kill) that the VM reaps
// (vm/proc/children.h). exit() is the child's way out (vm/proc/fork.h).
#define _GNU_SOURCE // sched_getaffinity
#include "stdlib/modlib.h"
#include "vm/classes/class.h"
#include "vm/classes/error.h"
#include "vm/core/gc.h"
#include "vm/objects/dict.h"
#include "vm/objects/file.h"
#include "vm/objects/methods.h"
#include "vm/objects/tuple.h"
#include "vm/proc/children.h"
#include "vm/proc/conn.h"
#include "vm/proc/fork.h"
#include "vm/sched/loop.h"

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#define NATIVE(name) static SkValue name(SkVM *vm, SkValue *args, int nargs, SkTuple *kw)

// Whether the calling tasklet may park: called by the loop itself, not
// under a nested C level.
static bool can_park(SkVM *vm) { return vm->current->c_depth == 1 && vm->sched.direct; }

// ---------------------------------------------------------------- Conn

static SkConn *as_conn(SkVM *vm, SkValue v, const char *meth) {
    SkResource *h = sk_resource_of(v, &sk_conn_type);
    if (!h) sk_lib_bad_self(vm, meth, "Conn", v);
    return (SkConn *)h;
}

// conn.send(kind, value)
NATIVE(c_send) {
    SkConn *c = as_conn(vm, args[0], "send");
    int64_t kind;
    if (!c || !sk_mod_to_int(vm, args[1], &kind)) return SK_ERR;
    if (kind < SK_FRAME_DATA || kind > SK_FRAME_EXC)
        return sk_raise(vm, vm->exc.ValueError, "bad frame kind %d", (int)kind);
    return sk_conn_send(vm, c, (int)kind, args[2]);
}

// conn.recv() -> (kind, value)
NATIVE(c_recv) {
    SkConn *c = as_conn(vm, args[0], "recv");
    return c ? sk_conn_recv(vm, c) : SK_ERR;
}

NATIVE(c_close) {
    SkConn *c = as_conn(vm, args[0], "close");
    if (!c) return SK_ERR;
    sk_conn_close(vm, c);
    return SK_NONE;
}

NATIVE(c_fileno) {
    SkConn *c = as_conn(vm, args[0], "fileno");
    return c ? sk_int(c->io.fd) : SK_ERR;
}

NATIVE(c_closed) {
    SkConn *c = as_conn(vm, args[0], "closed");
    return c ? sk_bool(c->io.fd < 0) : SK_ERR;
}

// ---------------------------------------------------------------- Child

typedef struct ChildObj {
    SkResource h;
    SkChild *c; // NULL once released
    int pid;
    int status; // copied when the child is reaped (the record may go)
    bool done;
} ChildObj;

static void child_release(SkVM *vm, SkResource *h) {
    ChildObj *o = (ChildObj *)h;
    if (o->c) sk_children_release(vm, o->c);
    o->c = NULL;
}

static const SkResourceType child_type = {"child", sizeof(ChildObj), NULL, child_release};

static ChildObj *as_child(SkVM *vm, SkValue v, const char *meth) {
    SkResource *h = sk_resource_of(v, &child_type);
    if (!h) {
        sk_lib_bad_self(vm, meth, "Child", v);
        return NULL;
    }
    ChildObj *o = (ChildObj *)h;
    if (o->c && !o->done && sk_children_check(vm, o->c)) {
        o->done = true;
        o->status = o->c->status;
    }
    return o;
}

static SkValue op_wait(SkVM *vm, SkWait *w) {
    ChildObj *o = (ChildObj *)w->on;
    if (!o->done && o->c && o->c->done) {
        o->done = true;
        o->status = o->c->status;
    }
    return o->done ? sk_int(o->status) : SK_UNDEF;
}

// child.wait(timeout=None) -> exit status (-signal when killed);
// TimeoutError("timed out") when timeout seconds pass first.
NATIVE(ch_wait) {
    ChildObj *o = as_child(vm, args[0], "wait");
    if (!o) return SK_ERR;
    if (o->done) return sk_int(o->status);
    // A sibling's handle in a forked child: not this process's child.
    if (!o->c) return sk_file_raise_errno(vm, ECHILD, SK_UNDEF);
    double timeout = -1;
    if (nargs > 1 && !SK_IS_NONE(args[1]) && !sk_mod_to_double(vm, args[1], &timeout))
        return SK_ERR;
    if (timeout < 0) timeout = -1;
    if (!can_park(vm)) {
        // No tasklet can switch here: the loop runs until the child is gone.
        while (!SK_IS_INT(op_wait(vm, &(SkWait){.on = &o->h}))) sk_loop_run(vm, true);
        return sk_int(o->status);
    }
    if (timeout == 0) return sk_raise(vm, vm->exc.TimeoutError, "timed out");
    SkWait *w = sk_loop_wait_new(vm, "join");
    if (!w) return SK_ERR;
    w->on = &o->h;
    w->ready = op_wait;
    return sk_loop_park(vm, w, timeout);
}

// child.poll() -> exit status, or None while it runs
NATIVE(ch_poll) {
    ChildObj *o = as_child(vm, args[0], "poll");
    if (!o) return SK_ERR;
    return o->done ? sk_int(o->status) : SK_NONE;
}

// child.kill(signum): nothing once the child is reaped.
NATIVE(ch_kill) {
    ChildObj *o = as_child(vm, args[0], "kill");
    int64_t sig;
    if (!o || !sk_mod_to_int(vm, args[1], &sig)) return SK_ERR;
    if (o->done || !o->c) return SK_NONE;
    if (kill(o->pid, (int)sig) < 0 && errno != ESRCH)
        return sk_file_raise_errno(vm, errno, SK_UNDEF);
    return SK_NONE;
}

NATIVE(ch_pid) {
    ChildObj *o = as_child(vm, args[0], "pid");
    return o ? sk_int(o->pid) : SK_ERR;
}

// ---------------------------------------------------------------- module

// fork() -> (pid, child, conn) in the parent, (0, None, conn) in the child.
NATIVE(m_fork) {
    if (!can_park(vm))
        return sk_raise(vm, vm->exc.RuntimeError,
                        "process.spawn() cannot be called here (under a C function)");
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
        return sk_file_raise_errno(vm, errno, SK_UNDEF);
    SkClass *conn_cls = sk_mod_class(vm, "_process", "Conn");
    SkClass *child_cls = sk_mod_class(vm, "_process", "Child");
    SkTuple *r = conn_cls && child_cls ? sk_tuple_new(vm, 3) : NULL;
    if (!r) {
        close(sv[0]);
        close(sv[1]);
        return SK_ERR;
    }
    sk_gc_push_root(vm, sk_obj(r));
    ChildObj *o = (ChildObj *)sk_resource_new(vm, &child_type, child_cls);
    if (o) r->items[1] = sk_obj(o);
    int pid = o ? sk_proc_fork(vm, sv[1]) : -1;
    if (pid < 0) {
        sk_gc_pop_root(vm);
        close(sv[0]);
        close(sv[1]);
        return SK_ERR;
    }
    int mine = pid == 0 ? sv[1] : sv[0];
    close(pid == 0 ? sv[0] : sv[1]);
    if (pid == 0) {
        r->items[1] = SK_NONE;
    } else {
        o->pid = pid;
        if (!(o->c = sk_children_add(vm, pid, &o->h, &o->c))) {
            sk_gc_pop_root(vm);
            close(mine);
            return SK_ERR;
        }
    }
    r->items[0] = sk_int(pid);
    SkConn *c = sk_conn_new(vm, mine, conn_cls);
    sk_gc_pop_root(vm);
    if (!c) return SK_ERR;
    r->items[2] = sk_obj(c);
    return sk_obj(r);
}

// exit(code): the child's end (flushes, then _exit).
NATIVE(m_exit) {
    int64_t code = 0;
    if (nargs > 0 && !sk_mod_to_int(vm, args[0], &code)) return SK_ERR;
    sk_proc_exit(vm, (int)(code & 0xff));
}

// cpu_count(): the CPUs this process may run on.
NATIVE(m_cpu_count) {
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0) return sk_int(CPU_COUNT(&set));
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return sk_int(n > 0 ? n : 1);
}

static const SkMethodDef conn_methods[] = {
    {"send", c_send, 3, 3, false},
    {"recv", c_recv, 1, 1, false},
    {"close", c_close, 1, 1, false},
    {"fileno", c_fileno, 1, 1, false},
};

static const SkMethodDef child_methods[] = {
    {"wait", ch_wait, 1, 2, false},
    {"poll", ch_poll, 1, 1, false},
    {"kill", ch_kill, 2, 2, false},
};

bool sk_mod_process_init(SkVM *vm, SkModule *m) {
    SkDict *d = m->dict;
    SkClass *conn = sk_class_new_builtin(vm, "Conn", vm->t.object, SK_RESOURCE);
    SkClass *child = conn ? sk_class_new_builtin(vm, "Child", vm->t.object, SK_RESOURCE) : NULL;
    if (!child) return false;
    SK_LIB_DEFINE_TABLE(vm, conn, conn_methods);
    SK_LIB_DEFINE_TABLE(vm, child, child_methods);
    sk_lib_define_wrapped(vm, conn, "closed", c_closed, 1, 1, false, 0);
    sk_lib_define_wrapped(vm, child, "pid", ch_pid, 1, 1, false, 0);
    return !sk_has_exc(vm) && sk_dict_set_cstr(vm, d, "Conn", sk_obj(conn)) &&
           sk_dict_set_cstr(vm, d, "Child", sk_obj(child)) &&
           sk_dict_set_cstr(vm, d, "DATA", sk_int(SK_FRAME_DATA)) &&
           sk_dict_set_cstr(vm, d, "END", sk_int(SK_FRAME_END)) &&
           sk_dict_set_cstr(vm, d, "EXC", sk_int(SK_FRAME_EXC)) &&
           sk_dict_set_cstr(vm, d, "EOF", sk_int(SK_FRAME_EOF)) &&
           sk_define_native(vm, d, "fork", m_fork, 0, 0, false) &&
           sk_define_native(vm, d, "exit", m_exit, 0, 1, false) &&
           sk_define_native(vm, d, "cpu_count", m_cpu_count, 0, 0, false);
}
