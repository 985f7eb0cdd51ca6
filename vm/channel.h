// vm/channel.h -- Stackless channels: a queue of tasklets all waiting in
// the same direction (balance > 0: senders, < 0: receivers), preference,
// closing, and the optional buffer of channel(capacity). vm/channel.c
// implements the operations; stdlib/mod_stackless.c exposes them.
#ifndef SK_VM_CHANNEL_H
#define SK_VM_CHANNEL_H
#include "vm/tasklet.h"

typedef struct SkChannel {
    SkObj obj;
    SkTasklet *head, *tail; // waiting tasklets, linked by next/prev
    int balance;            // > 0: that many senders wait; < 0: receivers
    int preference;         // -1 receiver first (default), 0 neither, 1 sender first
    bool closing;           // close() called: no new blocking
    SkObj *wrapper;         // subclass instance wrapping this channel, or NULL
    SkValue *buf;           // ring buffer of channel(capacity), values in transit
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
// closed: closing and nothing left to hand over.
bool sk_channel_closed(SkChannel *c);

#endif
