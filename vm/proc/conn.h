// vm/proc/conn.h -- one end of the channel between a parent and a child
// process (process.spawn): a Unix stream socket carrying framed messages.
// A frame is a 4-byte little-endian payload length, a kind byte, and the
// payload, a value in marshal's format (vm/proc/marshal.h). Sending or
// waiting for a frame blocks only the calling tasklet (the event loop
// watches the socket); frames are read in large chunks, so a burst of small
// messages costs one read, and a frame's buffer grows only as its bytes
// arrive, whatever its header claims.
#ifndef SK_VM_PROC_CONN_H
#define SK_VM_PROC_CONN_H
#include "vm/objects/resource.h"
#include "vm/proc/children.h"
#include "vm/sched/loop.h"

// Frame kinds. SK_FRAME_EOF is never sent: recv returns it at the end of
// the stream (the other end closed, exited or died).
enum { SK_FRAME_DATA, SK_FRAME_END, SK_FRAME_EXC, SK_FRAME_EOF };

typedef struct SkConn {
    SkResource h;
    SkFd io;
    SkConnLink link; // in the VM's list (a forked child closes its siblings')
    uint8_t *rbuf;   // bytes read and not yet consumed: rbuf[rpos .. rlen)
    size_t rpos, rlen, rcap;
} SkConn;

extern const SkResourceType sk_conn_type;

// A connection on fd (made non-blocking here) whose class is cls. On
// failure fd is closed and NULL returned with the exception pending.
SkConn *sk_conn_new(SkVM *vm, int fd, SkClass *cls) SK_RAISES;
// Send v as a frame of `kind`: the result (None), SK_NONE when the tasklet
// parked until the frame is out, or SK_ERR (TypeError for a value that
// cannot cross, BrokenPipeError when the other end is gone, ValueError
// for a message of 4 GiB or more).
SkValue sk_conn_send(SkVM *vm, SkConn *c, int kind, SkValue v) SK_RAISES;
// The next frame as a tuple (kind, value); (SK_FRAME_EOF, None) at the end.
// Parks the tasklet (SK_NONE) until a whole frame is in.
SkValue sk_conn_recv(SkVM *vm, SkConn *c) SK_RAISES;
// Close this end (a waiting receiver gets EBADF).
void sk_conn_close(SkVM *vm, SkConn *c);

#endif
