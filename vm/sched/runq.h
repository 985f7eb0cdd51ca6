// vm/sched/runq.h -- the run queue's hot operations as inline functions:
// insert, remove, switch, park and the fast answers of "may the current
// tasklet switch" and "would blocking now deadlock". vm/sched/sched.c
// exports them under their sk_sched_ names (and holds the slow paths);
// the channel hand-over (vm/sched/channel.c) inlines them, since a
// ping-pong round trip makes some sixteen of these calls.
#ifndef SK_VM_SCHED_RUNQ_H
#define SK_VM_SCHED_RUNQ_H
#include "vm/sched/sched.h"
#include "vm/sched/tasklet.h"

// Append t to the circular run queue (no-op if already scheduled).
SK_INLINE void sk_runq_insert(SkVM *vm, SkTasklet *t) {
    SkSched *s = &vm->sched;
    if (t->tflags & SK_TF_SCHEDULED) return;
    if (!s->head) {
        s->head = t;
        t->next = t->prev = t;
    } else {
        SkTasklet *h = s->head;
        t->prev = h->prev;
        t->next = h;
        h->prev->next = t;
        h->prev = t;
    }
    t->tflags |= SK_TF_SCHEDULED;
    s->runcount++;
}

// Take t out of the run queue (no-op if not scheduled).
SK_INLINE void sk_runq_remove(SkVM *vm, SkTasklet *t) {
    SkSched *s = &vm->sched;
    if (!(t->tflags & SK_TF_SCHEDULED)) return;
    if (t->next == t) {
        s->head = NULL;
    } else {
        t->prev->next = t->next;
        t->next->prev = t->prev;
        if (s->head == t) s->head = t->next;
    }
    t->next = t->prev = NULL;
    t->tflags &= (uint8_t)~SK_TF_SCHEDULED;
    s->runcount--;
}

// Make t current; the loop reloads (even when t is already current: it
// was parked and comes straight back with its result or exception).
SK_INLINE void sk_runq_switch_to(SkVM *vm, SkTasklet *t) {
    SkSched *s = &vm->sched;
    if (!s->switched) s->last_run = vm->current; // the tasklet leaving (schedule callback's prev)
    s->head = t;
    vm->current = t;
    s->switched = true;
}

// Park the current tasklet inside the native the loop is calling: its
// pending call's result slot is where sk_sched_enter writes tempval.
SK_INLINE void sk_runq_park(SkVM *vm) {
    SkTasklet *t = vm->current;
    SkValue *top = t->stack + vm->sched.call_off + 1;
    t->sp = top;
    t->frames[t->nframes - 1].sp = top;
    t->tflags |= SK_TF_PENDING;
    t->tempval = SK_NONE;
}

// The common answers: the current tasklet may switch (called by the loop
// at its first C level, no switch_trap) and blocking it cannot deadlock
// (a watchdog or main can still run). Otherwise the sk_sched_ functions
// decide and raise.
SK_INLINE bool sk_runq_can_switch(SkVM *vm) {
    return vm->sched.switch_trap <= 0 && vm->current->c_depth == 1 && vm->sched.direct;
}
SK_INLINE bool sk_runq_no_deadlock(SkVM *vm) {
    return vm->sched.nwd > 0 || (vm->current != vm->main && !(vm->main->tflags & SK_TF_BLOCKED));
}
// sk_sched_can_switch and sk_sched_check_deadlock with their fast answer inline.
SK_INLINE bool sk_runq_check_switch(SkVM *vm, const char *what) {
    return sk_runq_can_switch(vm) || sk_sched_can_switch(vm, what);
}
SK_INLINE bool sk_runq_check_deadlock(SkVM *vm, int dir) {
    return sk_runq_no_deadlock(vm) || sk_sched_check_deadlock(vm, dir);
}

// Leave the current tasklet (parked or blocked): the head of the queue
// runs next; the idle poll, an empty queue and deadlocks are sk_sched_leave's.
#define SK_IDLE_POLL_EVERY 1024 // switches between polls of the event loop
SK_INLINE void sk_runq_leave(SkVM *vm) {
    SkSched *s = &vm->sched;
    if (SK_LIKELY(s->head != NULL && s->idle_poll + 1 < SK_IDLE_POLL_EVERY)) {
        s->idle_poll++;
        sk_runq_switch_to(vm, s->head);
        return;
    }
    sk_sched_leave(vm);
}

#endif
