// vm/proc/conn.c -- framed messages over a Unix stream socket
// (vm/proc/conn.h). Both operations are attempt functions for
// sk_loop_fd_op: tried at once in the calling tasklet, and only when the
// socket would block is the tasklet parked until the loop sees it ready.
#include "vm/proc/conn.h"
#include "vm/classes/error.h"
#include "vm/core/gc.h"
#include "vm/core/mem.h"
#include "vm/objects/bytes.h"
#include "vm/objects/file.h"
#include "vm/objects/tuple.h"
#include "vm/proc/marshal.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define HEADER 5
#define CHUNK 65536
// A drained buffer larger than this is given back (after a big message).
#define KEEP_BUFFER (1u << 20)

static void conn_release(SkVM *vm, SkResource *h) { sk_conn_close(vm, (SkConn *)h); }

const SkResourceType sk_conn_type = {"process channel", sizeof(SkConn), NULL, conn_release};

SkConn *sk_conn_new(SkVM *vm, int fd, SkClass *cls) {
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0) {
        int err = errno;
        close(fd);
        sk_file_raise_errno(vm, err, SK_UNDEF);
        return NULL;
    }
    SkConn *c = (SkConn *)sk_resource_new(vm, &sk_conn_type, cls);
    if (!c) {
        close(fd);
        return NULL;
    }
    c->io.fd = fd;
    c->io.timeout = -1;
    c->link.io = &c->io;
    if (!sk_children_link_conn(vm, &c->link)) {
        sk_conn_close(vm, c);
        return NULL;
    }
    return c;
}

void sk_conn_close(SkVM *vm, SkConn *c) {
    sk_children_unlink_conn(vm, &c->link);
    sk_loop_fd_close(vm, &c->io);
    sk_mem_free(vm, c->rbuf);
    c->rbuf = NULL;
    c->rpos = c->rlen = c->rcap = 0;
}

static uint32_t get_u32(const uint8_t *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

// ---------------------------------------------------------------- sending

// Write the rest of the frame: header and payload, w->off bytes already out.
static SkValue op_send(SkVM *vm, SkWait *w) {
    SkConn *c = (SkConn *)w->on;
    SkBytes *b = SK_AS_BYTES(w->val);
    uint8_t hdr[HEADER] = {(uint8_t)b->len, (uint8_t)(b->len >> 8), (uint8_t)(b->len >> 16),
                           (uint8_t)(b->len >> 24), (uint8_t)w->flags};
    size_t total = HEADER + b->len;
    while (w->off < total) {
        if (c->io.fd < 0) return sk_file_raise_errno(vm, EBADF, SK_UNDEF);
        struct iovec iov[2];
        int n = 0;
        if (w->off < HEADER) {
            iov[n++] = (struct iovec){hdr + w->off, HEADER - w->off};
            iov[n++] = (struct iovec){b->data, b->len};
        } else {
            iov[n++] = (struct iovec){b->data + (w->off - HEADER), total - w->off};
        }
        struct msghdr m = {.msg_iov = iov, .msg_iovlen = (size_t)n};
        ssize_t k = sendmsg(c->io.fd, &m, MSG_NOSIGNAL);
        if (k < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) return SK_UNDEF;
            return sk_file_raise_errno(vm, errno, SK_UNDEF);
        }
        w->off += (size_t)k;
    }
    return SK_NONE;
}

SkValue sk_conn_send(SkVM *vm, SkConn *c, int kind, SkValue v) {
    if (c->io.fd < 0) return sk_raise(vm, vm->exc.ValueError, "send on a closed process channel");
    SkBytes *b = sk_marshal_dumps(vm, v);
    if (!b) return SK_ERR;
    if (b->len > UINT32_MAX - HEADER)
        return sk_raise(vm, vm->exc.ValueError, "message too large to send (%zu bytes)", b->len);
    return sk_loop_fd_op(vm, &c->h, &c->io, "send", SK_POLL_WRITE, op_send, sk_obj(b), 0, kind);
}

// ---------------------------------------------------------------- receiving

// The next whole frame in the buffer as (kind, value); SK_UNDEF when it is
// not all in yet.
static SkValue take_frame(SkVM *vm, SkConn *c) {
    size_t avail = c->rlen - c->rpos;
    if (avail < HEADER) return SK_UNDEF;
    const uint8_t *p = c->rbuf + c->rpos;
    size_t len = get_u32(p);
    int kind = p[4];
    if (avail - HEADER < len) return SK_UNDEF;
    if (kind > SK_FRAME_EXC)
        return sk_raise(vm, vm->exc.ValueError, "bad frame on a process channel");
    SkValue v = sk_marshal_loads(vm, p + HEADER, len);
    c->rpos += HEADER + len;
    if (c->rpos == c->rlen) {
        c->rpos = c->rlen = 0;
        if (c->rcap > KEEP_BUFFER) {
            sk_mem_free(vm, c->rbuf);
            c->rbuf = NULL;
            c->rcap = 0;
        }
    }
    if (SK_IS_ERR(v)) return SK_ERR;
    sk_gc_push_root(vm, v);
    SkTuple *t = sk_tuple_new(vm, 2);
    sk_gc_pop_root(vm);
    if (!t) return SK_ERR;
    t->items[0] = sk_int(kind);
    t->items[1] = v;
    return sk_obj(t);
}

// Room for the next read: at least CHUNK bytes, more while a big frame
// comes in, but never more than double what has arrived of it, so a
// header's length is not trusted with memory before its bytes are here.
static bool make_room(SkVM *vm, SkConn *c) {
    size_t avail = c->rlen - c->rpos;
    size_t want = CHUNK;
    if (avail >= HEADER) {
        size_t need = HEADER + (size_t)get_u32(c->rbuf + c->rpos) - avail;
        size_t cap = avail > CHUNK ? avail : CHUNK;
        if (need > want) want = need < cap ? need : cap;
    }
    if (c->rpos > 0 && c->rcap - c->rlen < want) {
        memmove(c->rbuf, c->rbuf + c->rpos, avail);
        c->rpos = 0;
        c->rlen = avail;
    }
    if (c->rcap - c->rlen >= want) return true;
    size_t cap = c->rlen + want;
    uint8_t *nb = sk_mem_realloc(vm, c->rbuf, cap);
    if (!nb) {
        sk_raise_nomem(vm);
        return false;
    }
    c->rbuf = nb;
    c->rcap = cap;
    return true;
}

static SkValue eof(SkVM *vm) {
    SkTuple *t = sk_tuple_new(vm, 2);
    if (!t) return SK_ERR;
    t->items[0] = sk_int(SK_FRAME_EOF);
    t->items[1] = SK_NONE;
    return sk_obj(t);
}

static SkValue op_recv(SkVM *vm, SkWait *w) {
    SkConn *c = (SkConn *)w->on;
    for (;;) {
        SkValue r = take_frame(vm, c);
        if (!SK_IS_UNDEF(r) || sk_has_exc(vm)) return r;
        if (c->io.fd < 0) return sk_file_raise_errno(vm, EBADF, SK_UNDEF);
        if (!make_room(vm, c)) return SK_ERR;
        ssize_t k = read(c->io.fd, c->rbuf + c->rlen, c->rcap - c->rlen);
        if (k > 0) {
            c->rlen += (size_t)k;
            continue;
        }
        if (k == 0 || errno == ECONNRESET) {
            c->rpos = c->rlen = 0; // a frame cut short by the end is dropped
            return eof(vm);
        }
        if (errno == EINTR) continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) return SK_UNDEF;
        return sk_file_raise_errno(vm, errno, SK_UNDEF);
    }
}

SkValue sk_conn_recv(SkVM *vm, SkConn *c) {
    if (c->io.fd < 0)
        return sk_raise(vm, vm->exc.ValueError, "receive on a closed process channel");
    return sk_loop_fd_op(vm, &c->h, &c->io, "receive", SK_POLL_READ, op_recv, SK_NONE, 0, 0);
}
