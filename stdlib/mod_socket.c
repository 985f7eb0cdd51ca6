// stdlib/mod_socket.c -- the `_socket` module: socket objects whose calls
// block only their tasklet, plus getaddrinfo, gethostname, socketpair and
// the constants. stdlib/socket.sk builds Python's `socket` module on it
// (create_connection, create_server, makefile).
//
// The descriptor is always non-blocking underneath. An operation is tried
// at once; when it would block, a blocking socket (timeout None) or one
// with a timeout parks the calling tasklet on the event loop (vm/sched/
// loop.h), which retries the same attempt function when the descriptor is
// ready; a non-blocking socket raises BlockingIOError. Where no tasklet can
// switch (under a nested C level) the thread waits in poll(2) instead.
// Errors are CPython's OSError subclasses with errno and strerror.
#define _GNU_SOURCE // accept4
#include "stdlib/modlib.h"
#include "vm/classes/class.h"
#include "vm/classes/class_create.h"
#include "vm/classes/error.h"
#include "vm/core/gc.h"
#include "vm/exec/call.h"
#include "vm/exec/import.h"
#include "vm/objects/bytes.h"
#include "vm/objects/dict.h"
#include "vm/objects/file.h"
#include "vm/objects/list.h"
#include "vm/objects/methods.h"
#include "vm/objects/resource.h"
#include "vm/objects/str.h"
#include "vm/objects/tuple.h"
#include "vm/sched/loop.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define NATIVE(name) static SkValue name(SkVM *vm, SkValue *args, int nargs, SkTuple *kw)

typedef struct SkSocket {
    SkResource h;
    SkFd io; // the descriptor (-1 once closed), its timeout and watcher
    int family, type, proto;
} SkSocket;

static void sock_release(SkVM *vm, SkResource *h) { sk_loop_fd_close(vm, &((SkSocket *)h)->io); }

static const SkResourceType socket_type = {"socket", sizeof(SkSocket), NULL, sock_release};

static SkValue raise_errno(SkVM *vm, int err) { return sk_file_raise_errno(vm, err, SK_UNDEF); }

static SkSocket *self_sock(SkVM *vm, SkValue v, const char *meth) {
    SkResource *h = sk_resource_of(v, &socket_type);
    if (!h) {
        sk_lib_bad_self(vm, meth, "socket", v);
        return NULL;
    }
    return (SkSocket *)h;
}

// self as an open socket; a closed one is EBADF, as in CPython.
static SkSocket *open_sock(SkVM *vm, SkValue v, const char *meth) {
    SkSocket *s = self_sock(vm, v, meth);
    if (s && s->io.fd < 0) {
        raise_errno(vm, EBADF);
        return NULL;
    }
    return s;
}

static bool set_nonblocking(int fd) {
    int fl = fcntl(fd, F_GETFL);
    return fl >= 0 && fcntl(fd, F_SETFL, fl | O_NONBLOCK) == 0;
}

static SkSocket *wrap_fd(SkVM *vm, int fd, int family, int type, int proto) {
    SkSocket *s = (SkSocket *)sk_resource_new(vm, &socket_type, vm->t.socket);
    if (!s) {
        close(fd);
        return NULL;
    }
    s->io.fd = fd;
    s->io.timeout = -1;
    s->family = family;
    s->type = type;
    s->proto = proto;
    return s;
}

// ---------------------------------------------------------------- addresses

typedef struct Addr {
    struct sockaddr_storage ss;
    socklen_t len;
} Addr;

static bool get_port(SkVM *vm, SkValue v, int *port, const char *caller) {
    int64_t p;
    if (!SK_IS_INT(v) && !SK_IS_BOOL(v)) {
        sk_raise(vm, vm->exc.TypeError, "'%T' object cannot be interpreted as an integer", v);
        return false;
    }
    p = SK_AS_INT(v);
    if (p < 0 || p > 65535) {
        sk_raise(vm, vm->exc.OverflowError, "%s(): port must be 0-65535.", caller);
        return false;
    }
    *port = (int)p;
    return true;
}

static SkValue raise_gai(SkVM *vm, int code) {
    SkClass *cls = sk_mod_class(vm, "_socket", "gaierror");
    if (!cls) cls = vm->exc.OSError;
    SkStr *msg = sk_str_cstr(vm, gai_strerror(code));
    if (!msg) return SK_ERR;
    SkValue a[2] = {sk_int(code), sk_obj(msg)};
    SkValue exc = sk_exc_new(vm, cls, a, 2);
    return SK_IS_ERR(exc) ? SK_ERR : sk_raise_value(vm, exc);
}

// host as an IPv4/IPv6 address: numeric, '' (any), '<broadcast>', or a
// name resolved with getaddrinfo (which blocks the VM: names are rare in
// servers, and usually "localhost").
static bool resolve(SkVM *vm, const char *host, int family, void *out) {
    if (family == AF_INET) {
        struct in_addr *a = out;
        if (!*host) {
            a->s_addr = htonl(INADDR_ANY);
            return true;
        }
        if (strcmp(host, "<broadcast>") == 0) {
            a->s_addr = htonl(INADDR_BROADCAST);
            return true;
        }
    } else if (!*host) {
        *(struct in6_addr *)out = in6addr_any;
        return true;
    }
    if (inet_pton(family, host, out) == 1) return true;
    struct addrinfo hints = {0}, *res;
    hints.ai_family = family;
    int r = getaddrinfo(host, NULL, &hints, &res);
    if (r != 0) {
        raise_gai(vm, r);
        return false;
    }
    if (family == AF_INET)
        *(struct in_addr *)out = ((struct sockaddr_in *)res->ai_addr)->sin_addr;
    else
        *(struct in6_addr *)out = ((struct sockaddr_in6 *)res->ai_addr)->sin6_addr;
    freeaddrinfo(res);
    return true;
}

static bool to_addr(SkVM *vm, SkSocket *s, SkValue v, Addr *a, const char *caller) {
    memset(a, 0, sizeof *a);
    if (s->family == AF_UNIX) {
        if (!SK_IS_STR(v) && !SK_IS_KIND(v, SK_BYTES)) {
            sk_raise(vm, vm->exc.TypeError, "%s(): AF_UNIX address must be str or bytes, not %s",
                     caller, sk_type_name(vm, v));
            return false;
        }
        const char *p = SK_IS_STR(v) ? SK_AS_STR(v)->data : (const char *)SK_AS_BYTES(v)->data;
        size_t n = SK_IS_STR(v) ? SK_AS_STR(v)->len : SK_AS_BYTES(v)->len;
        struct sockaddr_un *u = (struct sockaddr_un *)&a->ss;
        if (n >= sizeof u->sun_path) {
            sk_raise(vm, vm->exc.OSError, "AF_UNIX path too long");
            return false;
        }
        u->sun_family = AF_UNIX;
        memcpy(u->sun_path, p, n);
        a->len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n + 1);
        return true;
    }
    size_t want = s->family == AF_INET ? 2 : 4;
    if (!SK_IS_TUPLE(v) || SK_AS_TUPLE(v)->len < 2 || SK_AS_TUPLE(v)->len > want) {
        sk_raise(vm, vm->exc.TypeError, "%s(): %s address must be tuple, not %s", caller,
                 s->family == AF_INET ? "AF_INET" : "AF_INET6", sk_type_name(vm, v));
        return false;
    }
    SkTuple *t = SK_AS_TUPLE(v);
    if (!SK_IS_STR(t->items[0])) {
        sk_raise(vm, vm->exc.TypeError, "str, bytes or bytearray expected, not %s",
                 sk_type_name(vm, t->items[0]));
        return false;
    }
    int port;
    if (!get_port(vm, t->items[1], &port, caller)) return false;
    const char *host = SK_AS_STR(t->items[0])->data;
    if (s->family == AF_INET) {
        struct sockaddr_in *in = (struct sockaddr_in *)&a->ss;
        in->sin_family = AF_INET;
        in->sin_port = htons((uint16_t)port);
        if (!resolve(vm, host, AF_INET, &in->sin_addr)) return false;
        a->len = sizeof *in;
    } else {
        struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&a->ss;
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons((uint16_t)port);
        if (t->len > 2 && SK_IS_INT(t->items[2]))
            in6->sin6_flowinfo = htonl((uint32_t)SK_AS_INT(t->items[2]));
        if (t->len > 3 && SK_IS_INT(t->items[3]))
            in6->sin6_scope_id = (uint32_t)SK_AS_INT(t->items[3]);
        if (!resolve(vm, host, AF_INET6, &in6->sin6_addr)) return false;
        a->len = sizeof *in6;
    }
    return true;
}

// A socket address as Python shows it: (host, port), (host, port,
// flowinfo, scope_id) or the AF_UNIX path.
static SkValue from_addr(SkVM *vm, const struct sockaddr *sa, socklen_t len) {
    char buf[INET6_ADDRSTRLEN];
    if (sa->sa_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)sa;
        inet_ntop(AF_INET, &in->sin_addr, buf, sizeof buf);
        SkStr *h = sk_str_cstr(vm, buf);
        SkTuple *t = h ? sk_tuple_pair(vm, sk_obj(h), sk_int(ntohs(in->sin_port))) : NULL;
        return t ? sk_obj(t) : SK_ERR;
    }
    if (sa->sa_family == AF_INET6) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)sa;
        inet_ntop(AF_INET6, &in6->sin6_addr, buf, sizeof buf);
        SkStr *h = sk_str_cstr(vm, buf);
        SkTuple *t = h ? sk_tuple_new(vm, 4) : NULL;
        if (!t) return SK_ERR;
        t->items[0] = sk_obj(h);
        t->items[1] = sk_int(ntohs(in6->sin6_port));
        t->items[2] = sk_int(ntohl(in6->sin6_flowinfo));
        t->items[3] = sk_int(in6->sin6_scope_id);
        return sk_obj(t);
    }
    if (sa->sa_family == AF_UNIX) {
        const struct sockaddr_un *u = (const struct sockaddr_un *)sa;
        size_t n = len > offsetof(struct sockaddr_un, sun_path)
                       ? strnlen(u->sun_path, len - offsetof(struct sockaddr_un, sun_path))
                       : 0;
        SkStr *p = sk_str_new(vm, u->sun_path, n);
        return p ? sk_obj(p) : SK_ERR;
    }
    return SK_NONE;
}

// ---------------------------------------------------------------- waiting

// The attempt functions: the operation's result, SK_ERR with an exception
// pending, or SK_UNDEF with none (it would block). w->on is the socket.
typedef SkValue (*Attempt)(SkVM *vm, SkWait *w);

static bool would_block(int err) { return err == EAGAIN || err == EWOULDBLOCK; }

// Run `op` on s: now, then (when it would block) as its timeout says.
static SkValue run_op(SkVM *vm, SkSocket *s, const char *what, int dir, Attempt op, SkValue val,
                      size_t n, int flags) {
    return sk_loop_fd_op(vm, &s->h, &s->io, what, dir, op, val, n, flags);
}

static SkSocket *wait_sock(SkWait *w) { return (SkSocket *)w->on; }

// ---------------------------------------------------------------- operations

static SkValue op_recv(SkVM *vm, SkWait *w) {
    SkSocket *s = wait_sock(w);
    if (s->io.fd < 0) return raise_errno(vm, EBADF);
    uint8_t stackbuf[16384];
    uint8_t *buf = w->n <= sizeof stackbuf ? stackbuf : malloc(w->n);
    if (!buf) return sk_raise_nomem(vm);
    ssize_t k = recv(s->io.fd, buf, w->n, w->flags);
    int err = errno;
    SkValue r;
    if (k >= 0) {
        SkBytes *b = sk_bytes_new(vm, buf, (size_t)k);
        r = b ? sk_obj(b) : SK_ERR;
    } else {
        r = would_block(err) ? SK_UNDEF : raise_errno(vm, err);
    }
    if (buf != stackbuf) free(buf);
    return r;
}

static SkValue op_recvfrom(SkVM *vm, SkWait *w) {
    SkSocket *s = wait_sock(w);
    if (s->io.fd < 0) return raise_errno(vm, EBADF);
    uint8_t *buf = malloc(w->n ? w->n : 1);
    if (!buf) return sk_raise_nomem(vm);
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    ssize_t k = recvfrom(s->io.fd, buf, w->n, w->flags, (struct sockaddr *)&ss, &len);
    int err = errno;
    SkValue r;
    if (k >= 0) {
        SkBytes *b = sk_bytes_new(vm, buf, (size_t)k);
        SkValue a = b ? from_addr(vm, (struct sockaddr *)&ss, len) : SK_ERR;
        SkTuple *t = SK_IS_ERR(a) ? NULL : sk_tuple_pair(vm, sk_obj(b), a);
        r = t ? sk_obj(t) : SK_ERR;
    } else {
        r = would_block(err) ? SK_UNDEF : raise_errno(vm, err);
    }
    free(buf);
    return r;
}

static const uint8_t *data_of(SkValue v, size_t *len) {
    SkBytes *b = SK_AS_BYTES(v);
    *len = b->len;
    return b->data;
}

static SkValue op_send(SkVM *vm, SkWait *w) {
    SkSocket *s = wait_sock(w);
    if (s->io.fd < 0) return raise_errno(vm, EBADF);
    size_t len;
    const uint8_t *d = data_of(w->val, &len);
    ssize_t k = send(s->io.fd, d, len, w->flags | MSG_NOSIGNAL);
    if (k >= 0) return sk_int(k);
    return would_block(errno) ? SK_UNDEF : raise_errno(vm, errno);
}

// sendall: w->off bytes are out; None once all are.
static SkValue op_sendall(SkVM *vm, SkWait *w) {
    SkSocket *s = wait_sock(w);
    size_t len;
    const uint8_t *d = data_of(w->val, &len);
    while (w->off < len) {
        if (s->io.fd < 0) return raise_errno(vm, EBADF);
        ssize_t k = send(s->io.fd, d + w->off, len - w->off, w->flags | MSG_NOSIGNAL);
        if (k < 0) {
            if (errno == EINTR) continue;
            return would_block(errno) ? SK_UNDEF : raise_errno(vm, errno);
        }
        w->off += (size_t)k;
    }
    return SK_NONE;
}

// sendto: the address is packed into w->val as bytes after the data's
// length is known: val is a (data, Addr bytes) pair.
static SkValue op_sendto(SkVM *vm, SkWait *w) {
    SkSocket *s = wait_sock(w);
    if (s->io.fd < 0) return raise_errno(vm, EBADF);
    SkTuple *p = SK_AS_TUPLE(w->val);
    size_t len;
    const uint8_t *d = data_of(p->items[0], &len);
    const Addr *a = (const Addr *)SK_AS_BYTES(p->items[1])->data;
    ssize_t k =
        sendto(s->io.fd, d, len, w->flags | MSG_NOSIGNAL, (const struct sockaddr *)&a->ss, a->len);
    if (k >= 0) return sk_int(k);
    return would_block(errno) ? SK_UNDEF : raise_errno(vm, errno);
}

static SkValue op_accept(SkVM *vm, SkWait *w) {
    SkSocket *s = wait_sock(w);
    if (s->io.fd < 0) return raise_errno(vm, EBADF);
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    int fd = accept4(s->io.fd, (struct sockaddr *)&ss, &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
        // A connection that went away before we took it: wait for the next.
        if (would_block(errno) || errno == ECONNABORTED || errno == EINTR) return SK_UNDEF;
        return raise_errno(vm, errno);
    }
    SkSocket *c = wrap_fd(vm, fd, s->family, s->type, s->proto);
    if (!c) return SK_ERR;
    c->io.timeout = s->io.timeout > 0 ? s->io.timeout : -1; // CPython: the default timeout
    SkValue a = from_addr(vm, (struct sockaddr *)&ss, len);
    if (SK_IS_ERR(a)) return SK_ERR;
    SkTuple *t = sk_tuple_pair(vm, sk_obj(c), a);
    return t ? sk_obj(t) : SK_ERR;
}

// connect: the connection was started; it is done when the descriptor is
// writable, and SO_ERROR says how it went. w->flags 1: connect_ex.
static SkValue op_connect_done(SkVM *vm, SkWait *w) {
    SkSocket *s = wait_sock(w);
    if (s->io.fd < 0) return raise_errno(vm, EBADF);
    struct pollfd p = {s->io.fd, POLLOUT, 0};
    if (poll(&p, 1, 0) == 0) return SK_UNDEF;
    int err = 0;
    socklen_t len = sizeof err;
    if (getsockopt(s->io.fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0) err = errno;
    if (w->flags) return sk_int(err);
    return err ? raise_errno(vm, err) : SK_NONE;
}

// ---------------------------------------------------------------- methods

static bool opt_flags(SkVM *vm, SkValue *args, int nargs, int at, int *flags) {
    *flags = 0;
    if (nargs <= at) return true;
    int64_t f;
    if (!sk_mod_to_int(vm, args[at], &f)) return false;
    *flags = (int)f;
    return true;
}

static bool bytes_arg(SkVM *vm, SkValue v) {
    if (SK_IS_KIND(v, SK_BYTES)) return true;
    sk_raise(vm, vm->exc.TypeError, "a bytes-like object is required, not '%s'",
             sk_type_name(vm, v));
    return false;
}

// recv(bufsize[, flags]) and recvfrom(bufsize[, flags]).
static SkValue do_recv(SkVM *vm, SkValue *args, int nargs, const char *name, Attempt op) {
    SkSocket *s = open_sock(vm, args[0], name);
    int64_t n;
    int flags;
    if (!s || !sk_mod_to_int(vm, args[1], &n) || !opt_flags(vm, args, nargs, 2, &flags))
        return SK_ERR;
    if (n < 0) return sk_raise(vm, vm->exc.ValueError, "negative buffersize in %s", name);
    return run_op(vm, s, name, SK_POLL_READ, op, SK_NONE, (size_t)n, flags);
}

NATIVE(s_recv) { return do_recv(vm, args, nargs, "recv", op_recv); }
NATIVE(s_recvfrom) { return do_recv(vm, args, nargs, "recvfrom", op_recvfrom); }

NATIVE(s_send) {
    SkSocket *s = open_sock(vm, args[0], "send");
    int flags;
    if (!s || !bytes_arg(vm, args[1]) || !opt_flags(vm, args, nargs, 2, &flags)) return SK_ERR;
    return run_op(vm, s, "send", SK_POLL_WRITE, op_send, args[1], 0, flags);
}

NATIVE(s_sendall) {
    SkSocket *s = open_sock(vm, args[0], "sendall");
    int flags;
    if (!s || !bytes_arg(vm, args[1]) || !opt_flags(vm, args, nargs, 2, &flags)) return SK_ERR;
    return run_op(vm, s, "sendall", SK_POLL_WRITE, op_sendall, args[1], 0, flags);
}

NATIVE(s_sendto) {
    SkSocket *s = open_sock(vm, args[0], "sendto");
    if (!s || !bytes_arg(vm, args[1])) return SK_ERR;
    int flags = 0;
    SkValue addr = args[nargs - 1];
    if (nargs == 4 && !opt_flags(vm, args, nargs, 2, &flags)) return SK_ERR;
    Addr a;
    if (!to_addr(vm, s, addr, &a, "sendto")) return SK_ERR;
    SkBytes *ab = sk_bytes_new(vm, (const uint8_t *)&a, sizeof a);
    SkTuple *pair = ab ? sk_tuple_pair(vm, args[1], sk_obj(ab)) : NULL;
    if (!pair) return SK_ERR;
    return run_op(vm, s, "sendto", SK_POLL_WRITE, op_sendto, sk_obj(pair), 0, flags);
}

NATIVE(s_accept) {
    SkSocket *s = open_sock(vm, args[0], "accept");
    if (!s) return SK_ERR;
    return run_op(vm, s, "accept", SK_POLL_READ, op_accept, SK_NONE, 0, 0);
}

static SkValue do_connect(SkVM *vm, SkValue *args, bool ex) {
    SkSocket *s = open_sock(vm, args[0], ex ? "connect_ex" : "connect");
    Addr a;
    if (!s || !to_addr(vm, s, args[1], &a, ex ? "connect_ex" : "connect")) return SK_ERR;
    if (connect(s->io.fd, (struct sockaddr *)&a.ss, a.len) == 0) return ex ? sk_int(0) : SK_NONE;
    int err = errno;
    if (err != EINPROGRESS && err != EINTR) return ex ? sk_int(err) : raise_errno(vm, err);
    if (s->io.timeout == 0) return ex ? sk_int(err) : raise_errno(vm, err);
    return run_op(vm, s, "connect", SK_POLL_WRITE, op_connect_done, SK_NONE, 0, ex);
}

NATIVE(s_connect) { return do_connect(vm, args, false); }
NATIVE(s_connect_ex) { return do_connect(vm, args, true); }

NATIVE(s_bind) {
    SkSocket *s = open_sock(vm, args[0], "bind");
    Addr a;
    if (!s || !to_addr(vm, s, args[1], &a, "bind")) return SK_ERR;
    if (bind(s->io.fd, (struct sockaddr *)&a.ss, a.len) < 0) return raise_errno(vm, errno);
    return SK_NONE;
}

NATIVE(s_listen) {
    SkSocket *s = open_sock(vm, args[0], "listen");
    int64_t backlog = SOMAXCONN < 128 ? SOMAXCONN : 128;
    if (!s || (nargs > 1 && !sk_mod_to_int(vm, args[1], &backlog))) return SK_ERR;
    if (backlog < 0) backlog = 0;
    if (listen(s->io.fd, (int)backlog) < 0) return raise_errno(vm, errno);
    return SK_NONE;
}

NATIVE(s_close) {
    SkSocket *s = self_sock(vm, args[0], "close");
    if (!s) return SK_ERR;
    sock_release(vm, &s->h);
    return SK_NONE;
}

NATIVE(s_detach) {
    SkSocket *s = self_sock(vm, args[0], "detach");
    if (!s) return SK_ERR;
    int fd = s->io.fd;
    if (s->io.poll) sk_loop_poll_close(vm, s->io.poll);
    s->io.poll = NULL;
    s->io.fd = -1;
    return sk_int(fd);
}

NATIVE(s_fileno) {
    SkSocket *s = self_sock(vm, args[0], "fileno");
    return s ? sk_int(s->io.fd) : SK_ERR;
}

NATIVE(s_shutdown) {
    SkSocket *s = open_sock(vm, args[0], "shutdown");
    int64_t how;
    if (!s || !sk_mod_to_int(vm, args[1], &how)) return SK_ERR;
    if (shutdown(s->io.fd, (int)how) < 0) return raise_errno(vm, errno);
    return SK_NONE;
}

NATIVE(s_settimeout) {
    SkSocket *s = self_sock(vm, args[0], "settimeout");
    if (!s) return SK_ERR;
    if (SK_IS_NONE(args[1])) {
        s->io.timeout = -1;
        return SK_NONE;
    }
    double t;
    if (!sk_mod_to_double(vm, args[1], &t)) return SK_ERR;
    if (t != t) return sk_raise(vm, vm->exc.ValueError, "Invalid value NaN (not a number)");
    if (t < 0) return sk_raise(vm, vm->exc.ValueError, "Timeout value out of range");
    s->io.timeout = t;
    return SK_NONE;
}

NATIVE(s_gettimeout) {
    SkSocket *s = self_sock(vm, args[0], "gettimeout");
    if (!s) return SK_ERR;
    return s->io.timeout < 0 ? SK_NONE : sk_float(s->io.timeout);
}

NATIVE(s_setblocking) {
    SkSocket *s = self_sock(vm, args[0], "setblocking");
    if (!s) return SK_ERR;
    s->io.timeout = sk_truthy(vm, args[1]) ? -1 : 0;
    return SK_NONE;
}

NATIVE(s_getblocking) {
    SkSocket *s = self_sock(vm, args[0], "getblocking");
    return s ? sk_bool(s->io.timeout != 0) : SK_ERR;
}

NATIVE(s_setsockopt) {
    SkSocket *s = open_sock(vm, args[0], "setsockopt");
    int64_t level, opt, val = 0;
    if (!s || !sk_mod_to_int(vm, args[1], &level) || !sk_mod_to_int(vm, args[2], &opt))
        return SK_ERR;
    int r;
    if (SK_IS_KIND(args[3], SK_BYTES)) {
        SkBytes *b = SK_AS_BYTES(args[3]);
        r = setsockopt(s->io.fd, (int)level, (int)opt, b->data, (socklen_t)b->len);
    } else {
        if (!sk_mod_to_int(vm, args[3], &val)) return SK_ERR;
        int v = (int)val;
        r = setsockopt(s->io.fd, (int)level, (int)opt, &v, sizeof v);
    }
    if (r < 0) return raise_errno(vm, errno);
    return SK_NONE;
}

NATIVE(s_getsockopt) {
    SkSocket *s = open_sock(vm, args[0], "getsockopt");
    int64_t level, opt;
    if (!s || !sk_mod_to_int(vm, args[1], &level) || !sk_mod_to_int(vm, args[2], &opt))
        return SK_ERR;
    int v = 0;
    socklen_t len = sizeof v;
    if (getsockopt(s->io.fd, (int)level, (int)opt, &v, &len) < 0) return raise_errno(vm, errno);
    return sk_int(v);
}

static SkValue name_of(SkVM *vm, SkValue self, bool peer) {
    SkSocket *s = open_sock(vm, self, peer ? "getpeername" : "getsockname");
    if (!s) return SK_ERR;
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    memset(&ss, 0, sizeof ss);
    int r = peer ? getpeername(s->io.fd, (struct sockaddr *)&ss, &len)
                 : getsockname(s->io.fd, (struct sockaddr *)&ss, &len);
    if (r < 0) return raise_errno(vm, errno);
    return from_addr(vm, (struct sockaddr *)&ss, len);
}

NATIVE(s_getsockname) { return name_of(vm, args[0], false); }
NATIVE(s_getpeername) { return name_of(vm, args[0], true); }

NATIVE(s_enter) { return self_sock(vm, args[0], "__enter__") ? args[0] : SK_ERR; }

NATIVE(s_exit) {
    SkSocket *s = self_sock(vm, args[0], "__exit__");
    if (!s) return SK_ERR;
    sock_release(vm, &s->h);
    return SK_FALSE;
}

static const char *family_name(int f) {
    return f == AF_INET    ? "AddressFamily.AF_INET"
           : f == AF_INET6 ? "AddressFamily.AF_INET6"
           : f == AF_UNIX  ? "AddressFamily.AF_UNIX"
                           : NULL;
}

static const char *kind_name(int t) {
    return t == SOCK_STREAM  ? "SocketKind.SOCK_STREAM"
           : t == SOCK_DGRAM ? "SocketKind.SOCK_DGRAM"
                             : NULL;
}

NATIVE(s_repr) {
    SkSocket *s = self_sock(vm, args[0], "__repr__");
    if (!s) return SK_ERR;
    SkBuf b;
    sk_buf_init(&b);
    sk_buf_appendf(vm, &b, "<socket.socket %sfd=%d, family=", s->io.fd < 0 ? "[closed] " : "",
                   s->io.fd);
    const char *fn = family_name(s->family), *kn = kind_name(s->type);
    if (fn)
        sk_buf_appendf(vm, &b, "%s", fn);
    else
        sk_buf_appendf(vm, &b, "%d", s->family);
    if (kn)
        sk_buf_appendf(vm, &b, ", type=%s", kn);
    else
        sk_buf_appendf(vm, &b, ", type=%d", s->type);
    sk_buf_appendf(vm, &b, ", proto=%d", s->proto);
    for (int peer = 0; s->io.fd >= 0 && peer < 2; peer++) {
        struct sockaddr_storage ss;
        socklen_t len = sizeof ss;
        memset(&ss, 0, sizeof ss);
        int r = peer ? getpeername(s->io.fd, (struct sockaddr *)&ss, &len)
                     : getsockname(s->io.fd, (struct sockaddr *)&ss, &len);
        if (r < 0 || (ss.ss_family == AF_UNIX && len <= offsetof(struct sockaddr_un, sun_path) + 1))
            continue;
        SkValue a = from_addr(vm, (struct sockaddr *)&ss, len);
        if (SK_IS_ERR(a)) {
            sk_buf_free(&b);
            return SK_ERR;
        }
        sk_buf_appendf(vm, &b, ", %s=%R", peer ? "raddr" : "laddr", a);
    }
    sk_buf_appendc(vm, &b, '>');
    SkStr *r = sk_buf_finish(vm, &b);
    return r ? sk_obj(r) : SK_ERR;
}

// sock.makefile(mode='r', ...): stdlib/socket.sk's SocketIO.
NATIVE(s_makefile) {
    SkStr *name = sk_str_intern_cstr(vm, "socket");
    SkValue m = name ? sk_import_name(vm, name) : SK_ERR;
    if (SK_IS_ERR(m)) return SK_ERR;
    SkStr *fn = sk_str_intern_cstr(vm, "_makefile");
    SkValue f = fn ? sk_getattr(vm, m, fn) : SK_ERR;
    if (SK_IS_ERR(f)) return SK_ERR;
    return sk_invoke(vm, f, args, nargs, kw);
}

#define INT_GETTER(fname, field)                                                                   \
    NATIVE(fname) {                                                                                \
        SkSocket *s = self_sock(vm, args[0], #field);                                              \
        return s ? sk_int(s->field) : SK_ERR;                                                      \
    }
INT_GETTER(s_family, family)
INT_GETTER(s_type, type)
INT_GETTER(s_proto, proto)

// socket(family=AF_INET, type=SOCK_STREAM, proto=0, fileno=None)
static SkValue socket_construct(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    static const char *const names[] = {"family", "type", "proto", "fileno"};
    SkValue a[4];
    if (!sk_bind_args(vm, "socket", args, nargs, kw, names, 4, 0, a)) return SK_ERR;
    int64_t family = AF_INET, type = SOCK_STREAM, proto = 0, fd = -1;
    if (!SK_IS_UNDEF(a[0]) && !SK_IS_NONE(a[0]) && !sk_mod_to_int(vm, a[0], &family)) return SK_ERR;
    if (!SK_IS_UNDEF(a[1]) && !SK_IS_NONE(a[1]) && !sk_mod_to_int(vm, a[1], &type)) return SK_ERR;
    if (!SK_IS_UNDEF(a[2]) && !SK_IS_NONE(a[2]) && !sk_mod_to_int(vm, a[2], &proto)) return SK_ERR;
    if (!SK_IS_UNDEF(a[3]) && !SK_IS_NONE(a[3])) {
        if (!sk_mod_to_int(vm, a[3], &fd)) return SK_ERR;
        int v;
        socklen_t len = sizeof v;
        if (getsockopt((int)fd, SOL_SOCKET, SO_TYPE, &v, &len) < 0) return raise_errno(vm, errno);
        type = v;
        struct sockaddr_storage ss;
        len = sizeof ss;
        if (getsockname((int)fd, (struct sockaddr *)&ss, &len) == 0) family = ss.ss_family;
    } else {
        fd = socket((int)family, (int)type | SOCK_CLOEXEC, (int)proto);
        if (fd < 0) return raise_errno(vm, errno);
    }
    if (!set_nonblocking((int)fd)) {
        int err = errno;
        close((int)fd);
        return raise_errno(vm, err);
    }
    SkSocket *s = wrap_fd(vm, (int)fd, (int)family, (int)type, (int)proto);
    return s ? sk_obj(s) : SK_ERR;
}

// ---------------------------------------------------------------- functions

// getaddrinfo(host, port, family=0, type=0, proto=0, flags=0)
NATIVE(m_getaddrinfo) {
    static const char *const names[] = {"host", "port", "family", "type", "proto", "flags"};
    SkValue a[6];
    if (!sk_bind_args(vm, "getaddrinfo", args, nargs, kw, names, 6, 2, a)) return SK_ERR;
    int64_t v[4] = {0, 0, 0, 0};
    for (int i = 0; i < 4; i++)
        if (!SK_IS_UNDEF(a[i + 2]) && !sk_mod_to_int(vm, a[i + 2], &v[i])) return SK_ERR;
    const char *host = SK_IS_NONE(a[0]) ? NULL : SK_IS_STR(a[0]) ? SK_AS_STR(a[0])->data : NULL;
    if (!SK_IS_NONE(a[0]) && !SK_IS_STR(a[0]))
        return sk_raise(vm, vm->exc.TypeError, "getaddrinfo() argument 1 must be string or None");
    char portbuf[32];
    const char *port = NULL;
    if (SK_IS_INT(a[1])) {
        snprintf(portbuf, sizeof portbuf, "%lld", (long long)SK_AS_INT(a[1]));
        port = portbuf;
    } else if (SK_IS_STR(a[1])) {
        port = SK_AS_STR(a[1])->data;
    } else if (!SK_IS_NONE(a[1])) {
        return sk_raise(vm, vm->exc.OSError, "Int or String expected");
    }
    struct addrinfo hints = {0}, *res;
    hints.ai_family = (int)v[0];
    hints.ai_socktype = (int)v[1];
    hints.ai_protocol = (int)v[2];
    hints.ai_flags = (int)v[3];
    int r = getaddrinfo(host, port, &hints, &res);
    if (r != 0) return raise_gai(vm, r);
    SkList *out = sk_list_new(vm, 0);
    for (struct addrinfo *p = res; out && p; p = p->ai_next) {
        SkValue addr = from_addr(vm, p->ai_addr, p->ai_addrlen);
        SkStr *canon = sk_str_cstr(vm, p->ai_canonname ? p->ai_canonname : "");
        SkTuple *t = !SK_IS_ERR(addr) && canon ? sk_tuple_new(vm, 5) : NULL;
        if (!t) {
            out = NULL;
            break;
        }
        t->items[0] = sk_int(p->ai_family);
        t->items[1] = sk_int(p->ai_socktype);
        t->items[2] = sk_int(p->ai_protocol);
        t->items[3] = sk_obj(canon);
        t->items[4] = addr;
        if (!sk_list_append(vm, out, sk_obj(t))) out = NULL;
    }
    freeaddrinfo(res);
    return out ? sk_obj(out) : SK_ERR;
}

NATIVE(m_gethostname) {
    char buf[256];
    if (gethostname(buf, sizeof buf) < 0) return raise_errno(vm, errno);
    buf[sizeof buf - 1] = 0;
    return sk_mod_cstr(vm, buf);
}

NATIVE(m_gethostbyname) {
    if (!SK_IS_STR(args[0]))
        return sk_raise(vm, vm->exc.TypeError, "gethostbyname() argument 1 must be str, not %s",
                        sk_type_name(vm, args[0]));
    struct in_addr in;
    if (!resolve(vm, SK_AS_STR(args[0])->data, AF_INET, &in)) return SK_ERR;
    char buf[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, &in, buf, sizeof buf);
    return sk_mod_cstr(vm, buf);
}

// socketpair(family=AF_UNIX, type=SOCK_STREAM, proto=0)
NATIVE(m_socketpair) {
    int64_t family = AF_UNIX, type = SOCK_STREAM, proto = 0;
    if ((nargs > 0 && !SK_IS_NONE(args[0]) && !sk_mod_to_int(vm, args[0], &family)) ||
        (nargs > 1 && !sk_mod_to_int(vm, args[1], &type)) ||
        (nargs > 2 && !sk_mod_to_int(vm, args[2], &proto)))
        return SK_ERR;
    int fds[2];
    if (socketpair((int)family, (int)type | SOCK_CLOEXEC | SOCK_NONBLOCK, (int)proto, fds) < 0)
        return raise_errno(vm, errno);
    SkSocket *a = wrap_fd(vm, fds[0], (int)family, (int)type, (int)proto);
    if (!a) {
        close(fds[1]);
        return SK_ERR;
    }
    SkSocket *b = wrap_fd(vm, fds[1], (int)family, (int)type, (int)proto);
    if (!b) return SK_ERR;
    SkTuple *t = sk_tuple_pair(vm, sk_obj(a), sk_obj(b));
    return t ? sk_obj(t) : SK_ERR;
}

// ---------------------------------------------------------------- module

static const SkMethodDef socket_methods[] = {
    {"recv", s_recv, 2, 3, false},
    {"recvfrom", s_recvfrom, 2, 3, false},
    {"send", s_send, 2, 3, false},
    {"sendall", s_sendall, 2, 3, false},
    {"sendto", s_sendto, 3, 4, false},
    {"accept", s_accept, 1, 1, false},
    {"connect", s_connect, 2, 2, false},
    {"connect_ex", s_connect_ex, 2, 2, false},
    {"bind", s_bind, 2, 2, false},
    {"listen", s_listen, 1, 2, false},
    {"close", s_close, 1, 1, false},
    {"detach", s_detach, 1, 1, false},
    {"fileno", s_fileno, 1, 1, false},
    {"shutdown", s_shutdown, 2, 2, false},
    {"settimeout", s_settimeout, 2, 2, false},
    {"gettimeout", s_gettimeout, 1, 1, false},
    {"setblocking", s_setblocking, 2, 2, false},
    {"getblocking", s_getblocking, 1, 1, false},
    {"setsockopt", s_setsockopt, 4, 4, false},
    {"getsockopt", s_getsockopt, 3, 3, false},
    {"getsockname", s_getsockname, 1, 1, false},
    {"getpeername", s_getpeername, 1, 1, false},
    {"makefile", s_makefile, 1, -1, true},
    {"__enter__", s_enter, 1, 1, false},
    {"__exit__", s_exit, 1, -1, false},
    {"__repr__", s_repr, 1, 1, false},
};

static const struct {
    const char *name;
    int value;
} constants[] = {
    {"AF_INET", AF_INET},
    {"AF_INET6", AF_INET6},
    {"AF_UNIX", AF_UNIX},
    {"AF_UNSPEC", AF_UNSPEC},
    {"SOCK_STREAM", SOCK_STREAM},
    {"SOCK_DGRAM", SOCK_DGRAM},
    {"SOCK_RAW", SOCK_RAW},
    {"SOL_SOCKET", SOL_SOCKET},
    {"SO_REUSEADDR", SO_REUSEADDR},
    {"SO_REUSEPORT", SO_REUSEPORT},
    {"SO_KEEPALIVE", SO_KEEPALIVE},
    {"SO_BROADCAST", SO_BROADCAST},
    {"SO_ERROR", SO_ERROR},
    {"SO_TYPE", SO_TYPE},
    {"SO_RCVBUF", SO_RCVBUF},
    {"SO_SNDBUF", SO_SNDBUF},
    {"SO_LINGER", SO_LINGER},
    {"IPPROTO_TCP", IPPROTO_TCP},
    {"IPPROTO_UDP", IPPROTO_UDP},
    {"IPPROTO_IP", IPPROTO_IP},
    {"IPPROTO_IPV6", IPPROTO_IPV6},
    {"IPV6_V6ONLY", IPV6_V6ONLY},
    {"TCP_NODELAY", TCP_NODELAY},
    {"SHUT_RD", SHUT_RD},
    {"SHUT_WR", SHUT_WR},
    {"SHUT_RDWR", SHUT_RDWR},
    {"SOMAXCONN", SOMAXCONN},
    {"MSG_PEEK", MSG_PEEK},
    {"MSG_DONTWAIT", MSG_DONTWAIT},
    {"MSG_WAITALL", MSG_WAITALL},
    {"AI_PASSIVE", AI_PASSIVE},
    {"AI_CANONNAME", AI_CANONNAME},
    {"AI_NUMERICHOST", AI_NUMERICHOST},
    {"AI_NUMERICSERV", AI_NUMERICSERV},
    {"EAI_NONAME", EAI_NONAME},
    {"INADDR_ANY", INADDR_ANY},
};

bool sk_mod_socket_init(SkVM *vm, SkModule *m) {
    SkDict *d = m->dict;
    SkClass *cls = sk_class_new_builtin(vm, "socket", vm->t.object, SK_RESOURCE);
    if (!cls) return false;
    cls->construct = socket_construct;
    vm->t.socket = cls;
    SkStr *modname = sk_str_intern_cstr(vm, "socket");
    if (!modname ||
        !sk_dict_set_str(vm, cls->dict, sk_str_intern_cstr(vm, "__module__"), sk_obj(modname)))
        return false;
    SK_LIB_DEFINE_TABLE(vm, cls, socket_methods);
    sk_lib_define_wrapped(vm, cls, "family", s_family, 1, 1, false, 0);
    sk_lib_define_wrapped(vm, cls, "type", s_type, 1, 1, false, 0);
    sk_lib_define_wrapped(vm, cls, "proto", s_proto, 1, 1, false, 0);
    if (sk_has_exc(vm) || !sk_dict_set_cstr(vm, d, "socket", sk_obj(cls))) return false;

    // gaierror(OSError), with socket.gaierror's module.
    SkStr *gname = sk_str_intern_cstr(vm, "gaierror");
    SkTuple *bases = gname ? sk_tuple_new(vm, 1) : NULL;
    SkDict *ns = bases ? sk_dict_new(vm) : NULL;
    if (!ns) return false;
    bases->items[0] = sk_obj(vm->exc.OSError);
    if (!sk_dict_set_cstr(vm, ns, "__module__", sk_obj(modname))) return false;
    SkClass *gai = sk_class_create(vm, gname, bases, ns);
    if (!gai || !sk_dict_set_str(vm, d, gname, sk_obj(gai))) return false;

    for (size_t i = 0; i < sizeof constants / sizeof constants[0]; i++)
        if (!sk_dict_set_cstr(vm, d, constants[i].name, sk_int(constants[i].value))) return false;
    return sk_dict_set_cstr(vm, d, "error", sk_obj(vm->exc.OSError)) &&
           sk_dict_set_cstr(vm, d, "timeout", sk_obj(vm->exc.TimeoutError)) &&
           sk_define_native(vm, d, "getaddrinfo", m_getaddrinfo, 2, 6, true) &&
           sk_define_native(vm, d, "gethostname", m_gethostname, 0, 0, false) &&
           sk_define_native(vm, d, "gethostbyname", m_gethostbyname, 1, 1, false) &&
           sk_define_native(vm, d, "socketpair", m_socketpair, 0, 3, false);
}
