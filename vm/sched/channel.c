// vm/sched/channel.c -- channel operations with Stackless semantics (see
// vm/sched/channel.h): a send meets a waiting receiver (or a receive a waiting
// sender) and the value is handed over; otherwise the caller blocks in the
// channel's queue. preference says who runs next after a hand-over: -1
// (default) the receiver, 1 the sender, 0 neither (the woken tasklet goes
// to the end of the run queue and the caller continues). A channel made
// with a capacity buffers that many values before senders block.
//
// A closing channel (close()) refuses new blocking with ValueError
// "Send/receive operation on a closed channel" but still hands over what
// waiting tasklets or the buffer hold; iteration (stdlib/mod_stackless.c)
// ends with StopIteration once the channel is closed.
#include "vm/sched/channel.h"
#include "vm/classes/error.h"
#include "vm/core/gc.h"
#include "vm/exec/import.h"
#include "vm/objects/tuple.h"
#include "vm/sched/loop.h"
#include "vm/sched/runq.h"
#include "vm/sched/sched.h"
#include "vm/sched/tasklet.h"

#include <stdlib.h>

#define SK_TF_SENDEXC_DIR 2 // block_dir value: a blocked sender whose value is an exception

SkChannel *sk_channel_new(SkVM *vm) {
    SkChannel *c = sk_gc_alloc(vm, SK_CHANNEL, sizeof(SkChannel));
    if (!c) return NULL;
    c->preference = -1;
    return c;
}

void sk_channel_mark(SkVM *vm, SkChannel *c) {
    for (SkTasklet *t = c->head; t; t = t->next) sk_gc_mark_obj(vm, (SkObj *)t);
    for (SkSelWait *w = c->sel_head; w; w = w->next) sk_gc_mark_obj(vm, (SkObj *)w->sel->t);
    sk_gc_mark_obj(vm, c->wrapper);
    for (size_t i = 0; i < c->len; i++) sk_gc_mark_value(vm, c->buf[(c->start + i) % c->cap]);
}

void sk_channel_free(SkVM *vm, SkChannel *c) {
    (void)vm;
    free(c->buf);
    c->buf = NULL;
}

bool sk_channel_closed(SkChannel *c) { return c->closing && c->balance == 0 && c->len == 0; }

void sk_channel_unlink(SkVM *vm, SkChannel *c, SkTasklet *t) {
    if (t->tflags & SK_TF_SELECT) {
        sk_channel_select_cancel(vm, t, true);
        return;
    }
    if (!c) return;
    if (t->prev)
        t->prev->next = t->next;
    else
        c->head = t->next;
    if (t->next)
        t->next->prev = t->prev;
    else
        c->tail = t->prev;
    t->next = t->prev = NULL;
    c->balance -= t->block_dir > 0 ? 1 : -1;
    t->blocked_on = NULL;
    t->tflags &= (uint8_t)~SK_TF_BLOCKED;
}

static void append(SkChannel *c, SkTasklet *t) {
    t->next = NULL;
    t->prev = c->tail;
    if (c->tail)
        c->tail->next = t;
    else
        c->head = t;
    c->tail = t;
}

// The value (or exception) a receiver gets from the sender `s` waiting in c.
static void take_from_sender(SkTasklet *s, SkValue *v, bool *is_exc) {
    *v = s->tempval;
    *is_exc = s->block_dir == SK_TF_SENDEXC_DIR;
    s->tempval = SK_NONE; // send() returns None
}

// Hand-over done with `target` (unblocked). Who runs next depends on the
// preference; `result`/`res_exc` is what the caller's own call returns.
// The caller parks inside its channel call, to resume with `result` (or
// raise it when res_exc).
static void park_with(SkVM *vm, SkTasklet *cur, SkValue result, bool res_exc) {
    sk_runq_park(vm);
    if (res_exc)
        cur->exc = result;
    else
        cur->tempval = result;
}

static SkValue after_handover(SkVM *vm, SkChannel *c, int dir, SkTasklet *target, SkValue result,
                              bool res_exc) {
    SkTasklet *cur = vm->current;
    if (SK_UNLIKELY(c->schedule_all) && cur->c_depth == 1 && vm->sched.direct &&
        !vm->sched.switch_trap) {
        // Both go to the end of the queue; whoever is next runs.
        sk_runq_insert(vm, target);
        park_with(vm, cur, result, res_exc);
        sk_runq_remove(vm, cur);
        sk_runq_insert(vm, cur);
        sk_runq_switch_to(vm, vm->sched.head);
        return SK_NONE;
    }
    if (c->preference == -dir) {
        // The woken side runs now; the caller goes to the end of the queue.
        sk_sched_insert_after(vm, cur, target);
        park_with(vm, cur, result, res_exc);
        sk_runq_switch_to(vm, target);
        return SK_NONE;
    }
    sk_runq_insert(vm, target);
    if (res_exc) return sk_raise_value(vm, result);
    return result;
}

// ---------------------------------------------------------------- select

void sk_channel_select_cancel(SkVM *vm, SkTasklet *t, bool unlink) {
    if (!(t->tflags & SK_TF_SELECT)) return;
    SkSelect *s = t->sel;
    if (unlink) {
        for (size_t i = 0; i < s->n; i++) {
            SkSelWait *w = &s->w[i];
            SkChannel *c = w->ch;
            if (w->prev)
                w->prev->next = w->next;
            else
                c->sel_head = w->next;
            if (w->next)
                w->next->prev = w->prev;
            else
                c->sel_tail = w->prev;
            c->balance -= w->dir;
        }
        sk_loop_timer_cancel(vm, s->timer);
    }
    free(s);
    t->sel = NULL;
    t->tflags &= (uint8_t) ~(SK_TF_BLOCKED | SK_TF_SELECT);
}

// select()'s deadline passed: the tasklet leaves its channels and
// resumes with None.
static void select_timeout(SkVM *vm, void *arg) {
    SkSelect *s = arg;
    SkTasklet *t = s->t;
    s->timer = NULL; // the loop frees a timer that fired
    bool single = s->single;
    sk_channel_select_cancel(vm, t, true);
    t->tempval = SK_NONE;
    if (single) {
        // The exception is the waiter's, not the current tasklet's.
        SkValue saved = sk_take_exc(vm);
        sk_raise(vm, vm->exc.TimeoutError, "timed out");
        SkValue exc = sk_take_exc(vm);
        vm->current->exc = saved; // t may be the current tasklet, parked
        t->exc = exc;
    }
    sk_runq_insert(vm, t);
}

// Wait on every case of s at once (none is ready): one node per case in
// its channel's select queue, counted in the balance like a plain waiter.
static SkValue select_block(SkVM *vm, SkSelect *s, double timeout) {
    SkTasklet *cur = vm->current;
    s->t = cur;
    sk_runq_park(vm);
    cur->tempval = SK_NONE;
    sk_runq_remove(vm, cur);
    for (size_t i = 0; i < s->n; i++) {
        SkSelWait *w = &s->w[i];
        SkChannel *c = w->ch;
        w->sel = s;
        w->next = NULL;
        w->prev = c->sel_tail;
        if (c->sel_tail)
            c->sel_tail->next = w;
        else
            c->sel_head = w;
        c->sel_tail = w;
        c->balance += w->dir;
    }
    cur->sel = s; // shares blocked_on's place: SK_TF_SELECT tells which
    cur->block_dir = 0;
    cur->tflags |= SK_TF_BLOCKED | SK_TF_SELECT;
    if (timeout >= 0) {
        // select_block is past its last check: a timer that cannot be
        // made leaves the select waiting without a deadline, not failed.
        s->timer = sk_loop_timer_start(vm, timeout, select_timeout, s, (SkObj *)cur);
        if (!s->timer) sk_clear_exc(vm);
    }
    sk_runq_leave(vm);
    return SK_NONE;
}

bool sk_channel_ready(const SkChannel *c, int dir) {
    return dir > 0 ? (c->balance < 0 || (!c->closing && c->len < c->cap))
                   : (c->balance > 0 || c->len > 0);
}

SkValue sk_channel_select(SkVM *vm, SkSelect *s, double timeout) {
    size_t n = s->n;
    // A rotating start, so that no case starves the others.
    size_t start = vm->sched.select_rot++ % n;
    for (size_t k = 0; k < n; k++) {
        SkSelWait *w = &s->w[(start + k) % n];
        if (!sk_channel_ready(w->ch, w->dir)) continue;
        SkChannel *ch = w->ch;
        int dir = w->dir, index = w->index;
        SkValue val = w->val;
        bool single = s->single;
        free(s);
        if (single) return sk_channel_action(vm, ch, dir, dir > 0 ? val : SK_NONE, false);
        SkTuple *res = sk_tuple_new(vm, 2);
        if (!res) return SK_ERR;
        res->items[0] = sk_int((int64_t)index);
        res->items[1] = SK_NONE;
        SkTasklet *cur = vm->current;
        SkValue r = sk_channel_action(vm, ch, dir, dir > 0 ? val : SK_NONE, false);
        if (vm->sched.switched) {
            // Parked by the hand-over (the preference made the partner
            // run first): the resume value becomes (index, value).
            res->items[1] = cur->tempval;
            cur->tempval = sk_obj(res);
            return SK_NONE;
        }
        if (SK_IS_ERR(r)) return SK_ERR;
        res->items[1] = r;
        return sk_obj(res);
    }
    const char *err = NULL;
    if (timeout == 0 && s->single) {
        free(s);
        return sk_raise(vm, vm->exc.TimeoutError, "timed out");
    }
    if (timeout == 0) goto done;
    for (size_t i = 0; i < n && !err; i++) {
        SkChannel *ch = s->w[i].ch;
        if (ch->closing) err = "Send/receive operation on a closed channel";
        // A channel's waiters all wait in one direction (its balance).
        for (size_t j = 0; j < i && !err; j++)
            if (s->w[j].ch == ch && s->w[j].dir != s->w[i].dir)
                err = "select() cannot both send and receive on one channel";
    }
    if (err) {
        free(s);
        return sk_raise(vm, vm->exc.ValueError, "%s", err);
    }
    // A timed wait always ends: only an untimed one can deadlock.
    if (!sk_sched_can_switch(vm, "select") || (timeout < 0 && !sk_sched_check_deadlock(vm, 0))) {
        free(s);
        return SK_ERR;
    }
    return select_block(vm, s, timeout);
done:
    free(s);
    return SK_NONE;
}

// The first select case waiting in c fires with the caller (direction
// dir, value v): its tasklet leaves all its channels and gets
// (index, value). Returns the tasklet with tempval set and *got what the
// caller receives (a send case's value), or NULL with MemoryError.
static SkTasklet *fire_select(SkVM *vm, SkChannel *c, int dir, SkValue v, bool is_exc,
                              SkValue *got) {
    SkSelWait *w = c->sel_head;
    SkTasklet *t = w->sel->t;
    SkTuple *res = sk_tuple_new(vm, 2); // t is reachable through c meanwhile
    if (!res) return NULL;
    w = c->sel_head; // a collection cannot change the queue, but re-read for clarity
    res->items[0] = sk_int((int64_t)w->index);
    res->items[1] = dir > 0 && !is_exc ? v : SK_NONE;
    *got = dir < 0 ? w->val : SK_NONE;
    bool single = w->sel->single;
    sk_channel_select_cancel(vm, t, true);
    if (dir > 0 && is_exc) t->exc = v;
    t->tempval = single ? res->items[1] : sk_obj(res);
    return t;
}

SkValue sk_channel_action(SkVM *vm, SkChannel *c, int dir, SkValue v, bool is_exc) {
    SkTasklet *cur = vm->current;
    bool cando = dir > 0 ? c->balance < 0 : c->balance > 0;
    if (SK_UNLIKELY(!SK_IS_UNDEF(vm->sched.channel_cb))) {
        bool buffered = dir > 0 ? (!is_exc && c->len < c->cap) : c->len > 0;
        // As in Stackless, a sender's tempval holds the value while the
        // callback looks (a monitor reads tasklet.tempval).
        SkValue saved = cur->tempval;
        if (dir > 0) cur->tempval = v;
        sk_sched_channel_callback(vm, c->wrapper ? sk_obj(c->wrapper) : sk_obj(c), dir,
                                  !cando && !buffered);
        cur->tempval = saved;
        cando = dir > 0 ? c->balance < 0 : c->balance > 0;
    }
    if (dir < 0 && c->len > 0) {
        // Buffered value: take it; a waiting sender refills the buffer.
        SkValue r = c->buf[c->start];
        c->start = (c->start + 1) % c->cap;
        c->len--;
        if (c->balance > 0 && !c->head) {
            // A select() send case refills the buffer and its tasklet wakes.
            SkValue sent;
            c->buf[(c->start + c->len) % c->cap] = r; // keep r rooted while allocating
            c->len++;
            SkTasklet *s = fire_select(vm, c, -1, SK_NONE, false, &sent);
            c->len--;
            if (!s) {
                c->start = (c->start + c->cap - 1) % c->cap; // give the value back
                c->buf[c->start] = r;
                c->len++;
                return SK_ERR;
            }
            c->buf[(c->start + c->len) % c->cap] = sent;
            c->len++;
            sk_runq_insert(vm, s);
        } else if (c->balance > 0 && c->head->block_dir != SK_TF_SENDEXC_DIR) {
            SkTasklet *s = c->head;
            sk_channel_unlink(vm, c, s);
            c->buf[(c->start + c->len) % c->cap] = s->tempval;
            c->len++;
            s->tempval = SK_NONE;
            sk_runq_insert(vm, s);
        }
        return r;
    }
    if (cando) {
        SkTasklet *target = c->head;
        if (c->preference == -dir && !sk_runq_check_switch(vm, dir > 0 ? "send" : "receive"))
            return SK_ERR;
        if (!target) {
            SkValue got;
            target = fire_select(vm, c, dir, v, is_exc, &got);
            if (!target) return SK_ERR;
            return after_handover(vm, c, dir, target, got, false);
        }
        sk_channel_unlink(vm, c, target);
        if (dir > 0) {
            if (is_exc)
                target->exc = v;
            else
                target->tempval = v;
            return after_handover(vm, c, dir, target, SK_NONE, false);
        }
        SkValue got;
        bool got_exc;
        take_from_sender(target, &got, &got_exc);
        return after_handover(vm, c, dir, target, got, got_exc);
    }
    if (dir > 0 && !is_exc && c->len < c->cap) {
        if (c->closing)
            return sk_raise(vm, vm->exc.ValueError, "Send/receive operation on a closed channel");
        c->buf[(c->start + c->len) % c->cap] = v;
        c->len++;
        return SK_NONE;
    }
    if (c->closing)
        return sk_raise(vm, vm->exc.ValueError, "Send/receive operation on a closed channel");
    if (cur->xflags & SK_TX_BLOCK_TRAP)
        return sk_raise(vm, vm->exc.RuntimeError, "this tasklet does not like to be blocked.");
    if (!sk_runq_check_switch(vm, dir > 0 ? "send" : "receive")) return SK_ERR;
    if (!sk_runq_check_deadlock(vm, dir)) return SK_ERR;
    sk_runq_park(vm);
    cur->tempval = dir > 0 ? v : SK_NONE;
    cur->block_dir = (int8_t)(dir > 0 ? (is_exc ? SK_TF_SENDEXC_DIR : 1) : -1);
    cur->tflags |= SK_TF_BLOCKED;
    cur->blocked_on = c;
    sk_runq_remove(vm, cur); // before append: both queues use next/prev
    append(c, cur);
    c->balance += dir;
    sk_runq_leave(vm);
    return SK_NONE;
}
