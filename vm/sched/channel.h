// vm/sched/channel.h -- Stackless channels: a queue of tasklets all waiting in
// the same direction (balance > 0: senders, < 0: receivers), preference,
// closing, and the optional buffer of channel(capacity). vm/sched/channel.c
// implements the operations; stdlib/mod_stackless.c exposes them.
#ifndef SK_VM_SCHED_CHANNEL_H
#define SK_VM_SCHED_CHANNEL_H
#include "vm/sched/tasklet.h"

typedef struct SkChannel {
    SkObj obj;
    SkTasklet *head, *tail;                // waiting tasklets, linked by next/prev
    struct SkSelWait *sel_head, *sel_tail; // select() cases waiting here, served after head..tail
    int balance;                           // > 0: that many senders wait; < 0: receivers
    int preference;                        // -1 receiver first (default), 0 neither, 1 sender first
    bool closing;                          // close() called: no new blocking
    bool schedule_all; // every action reschedules both tasklets (Stackless's schedule_all)
    SkObj *wrapper;    // subclass instance wrapping this channel, or NULL
    SkValue *buf;      // ring buffer of channel(capacity), values in transit
    size_t cap, len, start;
} SkChannel;

SkChannel *sk_channel_new(SkVM *vm) SK_RAISES;
void sk_channel_mark(SkVM *vm, SkChannel *c);
void sk_channel_free(SkVM *vm, SkChannel *c);
// Unlink t from the channel's wait queue (killed, thrown into, deadlock).
void sk_channel_unlink(SkVM *vm, SkChannel *c, SkTasklet *t);

// The operations, called from natives the loop called directly (see
// sk_sched_park). Each returns the result now, SK_ERR with an exception,
// or parks the caller (vm->sched.switched) and returns SK_NONE: the real
// result arrives on resume.
// dir 1: send `v` (v is an exception to raise in the receiver when
// `is_exc`); dir -1: receive.
SkValue sk_channel_action(SkVM *vm, SkChannel *c, int dir, SkValue v, bool is_exc) SK_RAISES;
// A blocking select(): one wait node per case, each queued in its
// channel's select queue (counted in its balance like a plain waiter).
// When a partner fires one node, the tasklet's other nodes are removed
// and it resumes with (index, value); a timeout resumes it with None.
typedef struct SkSelWait {
    struct SkSelWait *next, *prev; // in ch's select queue
    struct SkSelect *sel;          // the select this case belongs to
    SkChannel *ch;
    SkValue val; // the value a send case offers
    int dir;     // 1 send, -1 receive
    int index;   // the case's index in select()'s list
} SkSelWait;
typedef struct SkSelect {
    SkTasklet *t;
    struct SkLoopTimer *timer; // the deadline of select(timeout > 0), or NULL
    bool single;               // send/receive with a timeout: the value, or TimeoutError
    size_t n;
    SkSelWait w[];
} SkSelect;
// Whether a send (dir 1) or receive (dir -1) on c completes without
// blocking: a partner waits, or the buffer has a value / room.
bool sk_channel_ready(const SkChannel *c, int dir);
// select(): s (malloc'd by the caller, owned from here on) holds n >= 1
// cases with ch, dir, val and index filled in. Performs the first ready
// case, scanning from a rotating start for fairness, and returns (index,
// received value or None). With none ready: None at once when timeout is
// 0; otherwise the caller waits on every case until one fires (it then
// resumes with (index, value)) or timeout seconds pass (None); timeout < 0
// waits forever. Parks the caller and returns SK_NONE, or SK_ERR
// (ValueError for a closed channel or both directions on one channel).
// With s->single (one case: ch.send/receive(timeout=)), the result is the
// received value (None for a send) and a timeout raises TimeoutError.
SkValue sk_channel_select(SkVM *vm, SkSelect *s, double timeout) SK_RAISES;
// Remove every node of t's select from its channels and free it (fired,
// timed out, killed, deadlock, or t is being freed with `unlink` false).
void sk_channel_select_cancel(SkVM *vm, SkTasklet *t, bool unlink);
// closed: closing and nothing left to hand over.
bool sk_channel_closed(SkChannel *c);

#endif
