// vm/sched/sched.c -- the tasklet scheduler (Stackless' model) and the switch
// protocol with the dispatch loop.
//
// Design. Every tasklet owns its heap value stack and frame array
// (vm/sched/tasklet.c), so a switch is: the loop saves ip/sp of the running
// frame (it always does before calling a native), vm->current changes,
// and the loop reloads frame, ip and sp from the new tasklet. Nothing is
// copied and the C stack is untouched: all tasklets run inside the ONE
// loop level that main's code runs in (main's c_depth 1; a tasklet starts
// with c_depth 1 as if entered by that loop). A tasklet inside a nested C
// level (c_depth > 1: a sorted() key, an import, a host call) cannot
// switch: sk_sched_can_switch raises RuntimeError naming the C function.
//
// Run queue: Stackless' circular doubly linked list; vm->sched.head is the
// current tasklet while it is runnable, so insert() appends before head,
// schedule() rotates head to head->next, and blocking removes the current
// tasklet and makes its successor current. Main takes part like any other
// tasklet; stackless.run() parks its caller outside the queue
// (SK_TF_IN_RUN) on the watchdog stack, and the innermost watchdog comes
// back when the queue empties (run(timeout)'s one when it expires); a
// watchdog that resumes, however woken, pops the deeper ones off the
// stack and makes them runnable (their run() returns later). When
// the queue empties while main is blocked on a channel, main gets
// RuntimeError("Deadlock: ...") naming every blocked tasklet and where it
// waits; main blocking with nothing else runnable gets it at once. Before
// declaring a deadlock the scheduler asks sk_sched_idle, the one place
// where the event loop (libuv, later) will wait for timers and I/O.
//
// A native that switches calls sk_sched_park (the pending CALL's result
// slot is its function slot, whose offset the loop stored in
// vm->sched.call_off; t->sp is set just above it), sets vm->current and
// vm->sched.switched, and returns. The loop sees the flag and calls
// sk_sched_enter, which starts new tasklets (their callable is called on
// their own stack with sk_call_setup; the frame gets SK_FRAME_TASKLET so
// its return ends the tasklet inside the loop) and writes the resumed
// tasklet's tempval into its result slot, unless an exception is pending
// in it, which the loop then raises at the call.
//
// GC: the run queue, main, current and run(timeout)'s interrupted tasklet
// are roots (vm/core/gc.c); a blocked tasklet is reachable only through its
// channel, so a tasklet blocked on a channel nothing references is freed
// with it, WITHOUT running its finally blocks (there is no one to run them
// for; Stackless would kill it, Skein documents the difference).
#include "vm/sched/sched.h"
#include "vm/classes/class.h"
#include "vm/classes/error.h"
#include "vm/classes/frame_object.h"
#include "vm/classes/traceback.h"
#include "vm/core/gc.h"
#include "vm/core/mem.h"
#include "vm/exec/call.h"
#include "vm/exec/frame.h"
#include "vm/exec/import.h"
#include "vm/exec/vm_helpers.h"
#include "vm/objects/code.h"
#include "vm/objects/list.h"
#include "vm/objects/str.h"
#include "vm/objects/tuple.h"
#include "vm/sched/channel.h"
#include "vm/sched/loop.h"
#include "vm/sched/runq.h"
#include "vm/sched/tasklet.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

// SK_IDLE_POLL_EVERY (vm/sched/runq.h): switches between two non-blocking
// polls of the idle hook while tasklets keep running, so I/O is never
// starved once the event loop exists.
// While the event loop has something to watch (timers, I/O, SIGINT), the
// dispatch loop ticks every POLL_TICKS backward jumps and calls, and the
// tick polls the loop when POLL_SECONDS have passed since the last poll:
// a clock read per tick, a poll per millisecond at most, so busy tasklets
// cost I/O at most about a millisecond of latency (scripts/bench_net.sh).
#define POLL_TICKS 4096
#define POLL_SECONDS 0.001

// ---------------------------------------------------------------- run queue

void sk_sched_insert(SkVM *vm, SkTasklet *t) { sk_runq_insert(vm, t); }

void sk_sched_insert_after(SkVM *vm, SkTasklet *after, SkTasklet *t) {
    if (t->tflags & SK_TF_SCHEDULED) return;
    if (!vm->sched.head || !(after->tflags & SK_TF_SCHEDULED)) {
        sk_sched_insert(vm, t);
        return;
    }
    t->prev = after;
    t->next = after->next;
    after->next->prev = t;
    after->next = t;
    t->tflags |= SK_TF_SCHEDULED;
    vm->sched.runcount++;
}

void sk_sched_remove(SkVM *vm, SkTasklet *t) { sk_runq_remove(vm, t); }

void sk_sched_switch_to(SkVM *vm, SkTasklet *t) { sk_runq_switch_to(vm, t); }

void sk_sched_park(SkVM *vm) { sk_runq_park(vm); }

// ---------------------------------------------------------------- checks

bool sk_sched_can_switch(SkVM *vm, const char *what) {
    if (SK_LIKELY(sk_runq_can_switch(vm))) return true;
    if (vm->sched.switch_trap > 0) {
        sk_raise(vm, vm->exc.RuntimeError, "switch_trap");
        return false;
    }
    const char *site = vm->sched.block_site;
    if (site)
        sk_raise(vm, vm->exc.RuntimeError, "cannot block inside %s(): a C function is on the stack",
                 site);
    else
        sk_raise(vm, vm->exc.RuntimeError, "cannot %s here: a C function is on the stack", what);
    return false;
}

void sk_sched_enter_c(SkVM *vm) {
    SkSched *s = &vm->sched;
    if (!s->direct) return;
    SkObj *o = s->last_callee;
    s->block_site = !o ? NULL
                    : o->kind == SK_NATIVE
                        ? (((SkNative *)o)->name ? ((SkNative *)o)->name->data : NULL)
                    : o->kind == SK_CLASS ? ((SkClass *)o)->name->data
                                          : NULL;
    s->direct = false;
}

// ---------------------------------------------------------------- reports

SkStr *sk_sched_describe(SkVM *vm, SkTasklet *t) {
    SkBuf b;
    sk_buf_init(&b);
    SkStr *label = sk_tasklet_name(t);
    const char *name = label ? label->data : (t == vm->main ? "main" : "tasklet");
    sk_buf_appendf(vm, &b, "%s", name);
    int fi = t->state == SK_TS_ALIVE ? t->nframes - 1 : -1;
    while (fi >= 0 && sk_code_is_internal(t->frames[fi].code)) fi--; // name the user's line
    if (fi < 0 && t->state == SK_TS_ALIVE && t->ext && t->ext->created_code) {
        // Only the runtime's own frames (a native started by _boot): where
        // the tasklet was made.
        SkCode *c = t->ext->created_code;
        sk_buf_appendf(vm, &b, " at %s:%d", c->filename ? c->filename->data : "?",
                       (int)t->ext->created_line);
    } else if (fi >= 0) {
        SkFrame *f = &t->frames[fi];
        int64_t i = sk_frame_index(f);
        uint32_t line = i < 0 ? f->code->firstline : sk_code_line(f->code, (uint32_t)i);
        sk_buf_appendf(vm, &b, " at %s:%d", f->code->filename ? f->code->filename->data : "?",
                       (int)line);
    } else if (t->state == SK_TS_NEW) {
        sk_buf_appendf(vm, &b, " (not started)");
    }
    if (t->tflags & SK_TF_IO) {
        char what[64];
        sk_loop_describe(t->io, what, sizeof what);
        sk_buf_appendf(vm, &b, "%s", what);
    } else if (t->tflags & SK_TF_SELECT)
        sk_buf_appendf(vm, &b, " (select)");
    else if (t->tflags & SK_TF_BLOCKED)
        sk_buf_appendf(vm, &b, " (%s)", t->block_dir > 0 ? "send" : "receive");
    return sk_buf_finish(vm, &b);
}

// "Deadlock: ...; blocked: a at f.sk:3 (receive), ..." for every blocked
// tasklet, oldest first (the object list is newest first).
// The message is Stackless's own (`msg`); Skein's report of every waiting
// tasklet goes into a note (e.__notes__), printed after it in tracebacks.
SK_NOINLINE static SkValue deadlock_exc(SkVM *vm, SkTasklet *self, int dir, const char *msg) {
    // Describing allocates: first drop garbage, so every tasklet still on
    // the object list below stays alive while we walk it.
    sk_gc_collect(vm);
    SkBuf b;
    sk_buf_init(&b);
    sk_buf_appendf(vm, &b, "waiting:");
    size_t n = 0, cap = 16;
    SkTasklet **list = malloc(cap * sizeof *list);
    if (self) list[n++] = self;
    for (SkObj *o = vm->objects; o && list; o = o->next) {
        if (o->kind != SK_TASKLET) continue;
        SkTasklet *t = (SkTasklet *)o;
        if (t == self || !(t->tflags & SK_TF_BLOCKED)) continue;
        if (n == cap) {
            SkTasklet **nl = realloc(list, 2 * cap * sizeof *list);
            if (!nl) break;
            list = nl;
            cap *= 2;
        }
        list[n++] = t;
    }
    for (size_t i = 0; list && i < n; i++) {
        // self first, then the others in creation order.
        SkTasklet *t = i == 0 && self ? self : list[self ? n - i : n - 1 - i];
        SkStr *d = sk_sched_describe(vm, t);
        sk_buf_appendf(vm, &b, "%s %s", i ? "," : "", d ? d->data : "?");
        if (t == self && dir) sk_buf_appendf(vm, &b, " (%s)", dir > 0 ? "send" : "receive");
    }
    free(list);
    SkStr *note = sk_buf_finish(vm, &b);
    SkValue saved = sk_take_exc(vm);
    sk_raise(vm, vm->exc.RuntimeError, "%s", msg);
    SkValue exc = sk_take_exc(vm);
    if (note && SK_IS_KIND(exc, SK_EXCEPTION) && !sk_exc_add_note(vm, SK_AS_EXC(exc), note))
        sk_clear_exc(vm); // no report, still the error
    sk_clear_exc(vm);
    vm->current->exc = saved;
    return SK_IS_UNDEF(exc) ? vm->memory_error : exc;
}

// ---------------------------------------------------------------- idle

bool sk_sched_idle(SkVM *vm, bool block) {
    vm->sched.idle_poll = 0;
    return sk_loop_run(vm, block);
}

static void wd_remove(SkVM *vm, SkTasklet *t);

void sk_sched_unblock(SkVM *vm, SkTasklet *t) {
    if (t->tflags & SK_TF_IN_RUN)
        wd_remove(vm, t);
    else if (t->tflags & SK_TF_IO)
        sk_loop_cancel(vm, t);
    else if (t->tflags & SK_TF_BLOCKED)
        sk_channel_unlink(vm, t->blocked_on, t);
}

bool sk_sched_check_deadlock(SkVM *vm, int dir) {
    SkTasklet *cur = vm->current;
    // Another tasklet may block while main can still go on (runnable, or
    // in run(), which then returns); blocking last while main waits is the
    // deadlock, raised in the tasklet that blocks, as in Stackless.
    if (sk_runq_no_deadlock(vm)) return true;
    int others = vm->sched.runcount - ((cur->tflags & SK_TF_SCHEDULED) ? 1 : 0);
    if (others > 0 || sk_sched_idle(vm, true)) return true;
    SkValue exc =
        deadlock_exc(vm, cur, dir, "Deadlock: the last runnable tasklet cannot be blocked.");
    cur->exc = exc;
    return false;
}

// ---------------------------------------------------------------- switching

// The host's instruction budget: charge the ticks used since the counter
// was last set (a reset may come before the counter runs out).
static void charge_budget(SkSched *s) {
    long used = s->period - s->ticks;
    if (used > 0) s->budget_left -= used;
    s->period = s->ticks;
}

void sk_sched_reset_ticks(SkVM *vm) {
    SkSched *s = &vm->sched;
    long p = SK_SCHED_NO_TICKS;
    if (s->budget_on) {
        charge_budget(s);
        p = s->budget_left > 0 ? s->budget_left : 1;
    }
    if (sk_loop_wants_ticks(vm) && POLL_TICKS < p) p = POLL_TICKS;
    if (s->preempt > 0 && s->preempt < p) p = s->preempt;
    if (s->watch_left > 0 && s->watch_left < p) p = s->watch_left;
    s->period = s->ticks = p;
}

// ---------------------------------------------------------------- watchdogs

static SkValue wd_item(SkTasklet *t) { return t ? sk_tasklet_value(t) : SK_NONE; }

// Bring the shown list in step (a view only: its contents are rewritten
// whole, so what a script stores in it changes nothing here).
static void wd_sync(SkVM *vm) {
    SkSched *s = &vm->sched;
    SkList *l = (SkList *)s->wd_list;
    if (!l) return;
    l->len = 0;
    if (!sk_list_append(vm, l, wd_item(s->wd_interrupt))) goto fail;
    for (int i = 0; i < s->nwd; i++)
        if (!sk_list_append(vm, l, wd_item(s->wd[i]))) goto fail;
    return;
fail:
    sk_clear_exc(vm); // out of memory: the view is short, the scheduler is fine
}

SkObj *sk_sched_watchdog_list(SkVM *vm) {
    if (!vm->sched.wd && !vm->sched.wd_list) return NULL; // no run() yet: none, as in Stackless
    if (!vm->sched.wd_list) {
        SkList *l = sk_list_new(vm, 0);
        if (!l) return NULL;
        vm->sched.wd_list = &l->obj;
        wd_sync(vm);
    }
    return vm->sched.wd_list;
}

static bool wd_push(SkVM *vm, SkTasklet *t) {
    SkSched *s = &vm->sched;
    if (s->nwd == s->wd_cap) {
        int cap = s->wd_cap ? s->wd_cap * 2 : 4;
        SkTasklet **a = sk_mem_realloc(vm, s->wd, (size_t)cap * sizeof *a);
        if (!a) {
            sk_raise_nomem(vm);
            return false;
        }
        s->wd = a;
        s->wd_cap = cap;
    }
    s->wd[s->nwd++] = t;
    t->tflags |= SK_TF_IN_RUN;
    wd_sync(vm);
    return true;
}

// run(timeout)'s watchdog is gone: the timeout is off.
static void disarm(SkSched *s) {
    s->wd_interrupt = NULL;
    s->watch_left = 0;
    s->soft_expired = false;
}

// t (a watchdog) resumes: it and every deeper watchdog leave the stack; the
// deeper ones become runnable, their run() returning when they run.
static void wd_return(SkVM *vm, SkTasklet *t) {
    SkSched *s = &vm->sched;
    while (s->nwd > 0) {
        SkTasklet *p = s->wd[--s->nwd];
        p->tflags &= (uint8_t)~SK_TF_IN_RUN;
        if (p == s->wd_interrupt) disarm(s);
        if (p == t) break;
        if (!(p->tflags & SK_TF_SCHEDULED)) sk_sched_insert(vm, p);
    }
    t->tflags &= (uint8_t)~SK_TF_IN_RUN;
    sk_sched_reset_ticks(vm);
    wd_sync(vm);
}

// t leaves the stack without resuming from run() (killed, thrown into).
static void wd_remove(SkVM *vm, SkTasklet *t) {
    SkSched *s = &vm->sched;
    for (int i = s->nwd - 1; i >= 0; i--)
        if (s->wd[i] == t) {
            memmove(s->wd + i, s->wd + i + 1, (size_t)(s->nwd - i - 1) * sizeof *s->wd);
            s->nwd--;
            break;
        }
    if (t == s->wd_interrupt) disarm(s);
    t->tflags &= (uint8_t)~SK_TF_IN_RUN;
    sk_sched_reset_ticks(vm);
    wd_sync(vm);
}

// Who resumes when the run queue empties: the innermost watchdog, else main.
static SkTasklet *wd_target(SkVM *vm) {
    SkSched *s = &vm->sched;
    return s->nwd > 0 ? s->wd[s->nwd - 1] : vm->main;
}

// Make t (a watchdog, or main) current: run() returns (tempval), or main
// was blocked with nothing left to wake it: deadlock.
static void resume_watchdog(SkVM *vm, SkTasklet *m) {
    if (m->tflags & SK_TF_BLOCKED) {
        // Main waits and no tasklet is left to wake it (Stackless's words).
        const char *msg = (m->tflags & (SK_TF_SELECT | SK_TF_IO)) || !m->block_dir
                              ? "Deadlock: the last runnable tasklet cannot be blocked."
                          : m->block_dir > 0
                              ? "the main tasklet is sending without a receiver available."
                              : "the main tasklet is receiving without a sender available.";
        SkValue exc = deadlock_exc(vm, NULL, 0, msg); // names main as blocked: unlink after
        sk_sched_unblock(vm, m);
        m->exc = exc;
    }
    sk_sched_reset_ticks(vm);
    if (!(m->tflags & SK_TF_SCHEDULED)) sk_sched_insert(vm, m);
    sk_sched_switch_to(vm, m);
}

void sk_sched_leave(SkVM *vm) {
    SkSched *s = &vm->sched;
    if (++s->idle_poll >= SK_IDLE_POLL_EVERY) sk_sched_idle(vm, false);
    if (s->head) {
        sk_sched_switch_to(vm, s->head);
        return;
    }
    if (sk_sched_idle(vm, true) && s->head) {
        sk_sched_switch_to(vm, s->head);
        return;
    }
    resume_watchdog(vm, wd_target(vm));
}

SkValue sk_sched_run_main(SkVM *vm, long budget, int flags, const char *what) {
    SkTasklet *m = vm->current;
    SkSched *s = &vm->sched;
    if (!sk_sched_can_switch(vm, what) || !wd_push(vm, m)) return SK_ERR;
    if (budget > 0 && !s->wd_interrupt) {
        // The one armed run(timeout); inside it, a timeout is ignored.
        s->wd_interrupt = m;
        s->interrupted = NULL;
        s->watch_left = s->watch_budget = budget;
        s->watch_total = flags & SK_RUN_TOTAL;
        s->watch_soft = flags & SK_RUN_SOFT;
        s->soft_expired = false;
        wd_sync(vm);
    }
    sk_sched_reset_ticks(vm);
    sk_sched_park(vm);
    sk_sched_remove(vm, m);
    sk_sched_leave(vm);
    return SK_NONE;
}

void sk_sched_throw_into(SkVM *vm, SkTasklet *t, SkValue exc) {
    sk_sched_unblock(vm, t);
    t->exc = exc;
}

// stackless.set_error_handler: handler(type, value, tb) gets an exception
// that escaped tasklet t (still current, its frames gone). Returns the
// exception to pass on: none when the handler returned, its own when it
// raised.
SK_NOINLINE static SkValue call_error_handler(SkVM *vm, SkTasklet *t, SkValue exc) {
    (void)t;
    sk_gc_push_root(vm, exc); // taken off the tasklet: only this keeps it
    SkValue args[3] = {sk_obj(sk_class_of(vm, exc)), exc, SK_NONE};
    SkValue r = SK_NONE;
    if (SK_IS_KIND(exc, SK_EXCEPTION)) {
        args[2] = sk_traceback_of(vm, SK_AS_EXC(exc));
        if (SK_IS_ERR(args[2])) r = SK_ERR;
    }
    if (!SK_IS_ERR(r)) {
        sk_gc_push_root(vm, args[2]);
        r = sk_invoke(vm, vm->sched.error_handler, args, 3, NULL);
        sk_gc_pop_root(vm);
    }
    sk_gc_pop_root(vm);
    return SK_IS_ERR(r) ? sk_take_exc(vm) : SK_UNDEF;
}

void sk_sched_finished(SkVM *vm, SkTasklet *t) {
    SkValue exc = t->exc;
    t->exc = SK_UNDEF;
    if (SK_UNLIKELY(!SK_IS_UNDEF(vm->sched.error_handler)) && !SK_IS_UNDEF(exc) &&
        !vm->sched.budget_hit && !sk_isinstance(vm, exc, vm->exc.TaskletExit))
        exc = call_error_handler(vm, t, exc);
    sk_sched_remove(vm, t);
    t->state = SK_TS_DEAD;
    t->tflags = 0;
    t->tempval = SK_UNDEF;
    if (t->ext) t->ext->handling = NULL;
    sk_tasklet_free(vm, t); // the stack and frames; the object lives on
    if (!SK_IS_UNDEF(exc) && !sk_isinstance(vm, exc, vm->exc.TaskletExit)) {
        // Not silent: the exception surfaces in the innermost watchdog (a
        // tasklet inside run()), else in main wherever main is; its
        // traceback goes on from there, as Stackless prints it.
        SkTasklet *m = wd_target(vm);
        if (!(m->tflags & SK_TF_IN_RUN)) sk_sched_unblock(vm, m);
        m->exc = exc;
        sk_sched_reset_ticks(vm);
        if (!(m->tflags & SK_TF_SCHEDULED)) sk_sched_insert(vm, m);
        sk_sched_switch_to(vm, m);
        return;
    }
    sk_sched_leave(vm);
}

SkTuple *sk_sched_no_args(SkVM *vm) {
    if (!vm->sched.no_args) vm->sched.no_args = sk_tuple_new(vm, 0);
    return vm->sched.no_args;
}

// Give t its first frame: [func args..] on a fresh small stack, called
// with t as the current tasklet. Returns false when the call finished at
// once (a native, or an error pending in t->exc): t is to be finished.
// The stack a tasklet needs to start f with n arguments: f's slot, its
// arguments and, for a Skein function, its frame (a native or class gets
// some room for _boot and its call).
static size_t start_need(SkValue f, int n) {
    size_t need = (size_t)n + 1 + SK_STACK_SLACK;
    if (!SK_IS_KIND(f, SK_FUNCTION)) return need + 16;
    SkCode *c = SK_AS_FUNCTION(f)->code;
    size_t fn_need = 1 + (size_t)c->nlocals + c->stacksize + SK_STACK_SLACK;
    return fn_need > need ? fn_need : need;
}

// [f args...] is in place on t's stack up to t->sp: call f as t's base
// frame. False when the call finished at once or failed (t->exc).
static bool begin(SkVM *vm, SkTasklet *t, int n, SkTuple *kwnames) {
    t->c_depth = 1;
    t->state = SK_TS_ALIVE;
    t->tempval = SK_NONE;
    vm->sched.direct = false;
    if (sk_call_setup(vm, t->stack, n, kwnames) != SK_CALL_FRAME) return false;
    t->frames[t->nframes - 1].flags |= SK_FRAME_TASKLET;
    return true;
}

static bool start(SkVM *vm, SkTasklet *t) {
    if (!t->stack) return false; // never bound (check_runnable refuses these)
    // Until now: [func args] in stack[0..2), args a tuple or a count n of
    // the arguments in stack[2..2+n) (vm/sched/tasklet.h).
    SkValue f = sk_tasklet_func(t);
    SkTuple *a = SK_IS_TUPLE(t->stack[1]) ? SK_AS_TUPLE(t->stack[1]) : NULL;
    bool inl = SK_IS_INT(t->stack[1]);
    int ninline = inl ? (int)SK_AS_INT(t->stack[1]) : 0;
    SkDict *kw = SK_IS_KIND(t->tempval, SK_DICT) ? SK_AS_DICT(t->tempval) : NULL;
    if (SK_LIKELY(inl && !kw && SK_IS_KIND(f, SK_FUNCTION) && t->frames &&
                  t->stack_size >= start_need(f, ninline))) {
        // The common case, in place: [f a1..an] is one move away.
        memmove(t->stack + 1, t->stack + 2, (size_t)ninline * sizeof(SkValue));
        t->sp = t->stack + 1 + ninline;
        return begin(vm, t, ninline, NULL);
    }
    if (inl) {
        // Anything else takes them as a tuple (they stay rooted on the
        // stack while it is made).
        if (!(a = ninline ? sk_tuple_new(vm, (size_t)ninline) : sk_sched_no_args(vm))) {
            t->exc = sk_take_exc(vm);
            return false;
        }
        for (int i = 0; i < ninline; i++) a->items[i] = t->stack[2 + i];
        t->stack[1] = sk_obj(a);
        t->sp = t->stack + 2;
    }
    if (!SK_IS_KIND(f, SK_FUNCTION) && !SK_IS_UNDEF(vm->sched.boot)) {
        // Anything but a Skein function (ch.receive, a class, a C function)
        // starts under the module's _boot(f, args, kwargs) frame, so it is
        // called from the loop and may block like any call in a tasklet.
        SkTuple *boot = sk_tuple_new(vm, 3);
        SkTuple *none = boot ? (a ? a : sk_sched_no_args(vm)) : NULL;
        if (!none) {
            t->exc = sk_take_exc(vm);
            return false;
        }
        boot->items[0] = f;
        boot->items[1] = sk_obj(none);
        boot->items[2] = kw ? sk_obj(kw) : SK_NONE;
        f = t->stack[0] = vm->sched.boot;
        t->stack[1] = sk_obj(boot);
        t->tempval = SK_NONE;
        a = boot;
        kw = NULL;
    }
    int npos = a ? (int)a->len : 0, nkw = kw ? (int)kw->len : 0, n = npos + nkw;
    size_t need = start_need(f, n);
    if (!t->frames) {
        if (!(t->frames = sk_frames_take(vm))) {
            t->exc = vm->memory_error;
            return false;
        }
        t->frames_log2 = 0;
    }
    if (t->stack_size < need) {
        // No room in place (its inline stack, or the small one bind
        // gave it): a stack of its own. Nothing here can collect, and
        // f and a stay reachable from the old block until it is given
        // back below.
        SkValue *ns = sk_stack_take(vm, need);
        if (!ns) {
            t->exc = vm->memory_error;
            return false;
        }
        SkValue *old = t->stack;
        uint32_t old_size = t->stack_size;
        t->stack = ns;
        t->stack_size = (uint32_t)need;
        if (!sk_tasklet_inline_stack_is(t, old)) sk_stack_give(vm, old, old_size);
    }
    SkValue *sp = t->stack;
    *sp++ = f;
    for (int i = 0; i < npos; i++) *sp++ = a->items[i];
    t->sp = sp;
    SkTuple *kwnames = NULL;
    if (nkw) {
        kwnames = sk_tuple_new(vm, (size_t)nkw);
        if (!kwnames) {
            t->exc = sk_take_exc(vm);
            return false;
        }
        int k = 0;
        for (size_t i = 0; i < kw->nentries; i++) {
            if (SK_IS_UNDEF(kw->entries[i].key)) continue;
            kwnames->items[k++] = kw->entries[i].key;
            *sp++ = kw->entries[i].value;
        }
    }
    t->sp = sp;
    return begin(vm, t, n, kwnames);
}

void sk_sched_mark(SkVM *vm) {
    SkSched *s = &vm->sched;
    SkTasklet *h = s->head;
    if (h) {
        SkTasklet *q = h;
        do {
            sk_gc_mark_obj(vm, (SkObj *)q);
            q = q->next;
        } while (q && q != h);
    }
    sk_loop_mark(vm); // parked tasklets and the ones timers will wake
    sk_gc_mark_obj(vm, (SkObj *)s->interrupted);
    for (int i = 0; i < s->nwd; i++) sk_gc_mark_obj(vm, (SkObj *)s->wd[i]);
    sk_gc_mark_obj(vm, s->wd_list);
    sk_gc_mark_obj(vm, (SkObj *)s->last_run);
    sk_gc_mark_value(vm, s->schedule_cb);
    sk_gc_mark_value(vm, s->channel_cb);
    sk_gc_mark_value(vm, s->error_handler);
    sk_gc_mark_value(vm, s->boot);
    sk_gc_mark_value(vm, s->bomb);
    sk_gc_mark_value(vm, s->consume);
    sk_gc_mark_obj(vm, (SkObj *)s->no_args);
}

static SkValue wrap(SkTasklet *t) { return t ? sk_tasklet_value(t) : SK_NONE; }

// set_schedule_callback: cb(prev, next) on every switch, run on next's
// stack before it continues. An exception from it is reported as
// unraisable would be in CPython: printed and dropped.
static void schedule_callback(SkVM *vm, SkTasklet *prev, SkTasklet *next) {
    SkSched *s = &vm->sched;
    if (s->in_callback || SK_IS_UNDEF(s->schedule_cb) || SK_IS_NONE(s->schedule_cb)) return;
    s->in_callback = true;
    SkValue saved = sk_take_exc(vm); // a switch may carry one to raise
    SkValue r = sk_call2(vm, s->schedule_cb, wrap(prev), wrap(next));
    if (SK_IS_ERR(r)) sk_print_unraisable(vm, "'Error in scheduling callback'");
    vm->current->exc = saved;
    s->in_callback = false;
}

void sk_sched_channel_callback(SkVM *vm, SkValue ch, int dir, bool willblock) {
    SkSched *s = &vm->sched;
    if (s->in_callback || SK_IS_UNDEF(s->channel_cb) || SK_IS_NONE(s->channel_cb)) return;
    s->in_callback = true;
    SkValue args[4] = {ch, wrap(vm->current), sk_int(dir > 0), sk_int(willblock)};
    SkValue r = sk_invoke(vm, s->channel_cb, args, 4, NULL);
    if (SK_IS_ERR(r)) sk_print_unraisable(vm, "'Error in channel callback'");
    s->in_callback = false; // sk_invoke put back what the loop noted of the native's call
}

SkTasklet *sk_sched_enter(SkVM *vm) {
    for (;;) {
        SkTasklet *t = vm->current;
        vm->sched.switched = false;
        if (SK_UNLIKELY(vm->sched.soft_expired) && vm->sched.wd_interrupt &&
            t != vm->sched.wd_interrupt) {
            // run(soft=True) expired: t stays runnable.
            resume_watchdog(vm, vm->sched.wd_interrupt);
            continue;
        }
        if (SK_UNLIKELY(t->tflags & SK_TF_IN_RUN)) wd_return(vm, t); // its run() returns
        if (SK_UNLIKELY(vm->sched.watch_left > 1) && !vm->sched.watch_total) {
            // run(timeout) without totaltimeout: each tasklet gets a fresh slice.
            vm->sched.watch_left = vm->sched.watch_budget;
            sk_sched_reset_ticks(vm);
        }
        if (t->state == SK_TS_NEW) {
            if (!SK_IS_UNDEF(t->exc) || !start(vm, t)) {
                sk_sched_finished(vm, t); // a native ran at once, or an error
                continue;
            }
        } else if (t->tflags & SK_TF_PENDING) {
            t->tflags &= (uint8_t)~SK_TF_PENDING;
            if (SK_IS_UNDEF(t->exc)) t->sp[-1] = t->tempval;
            t->tempval = SK_NONE;
        } else if (SK_UNLIKELY(!SK_IS_UNDEF(t->exc)) && t->nframes > 0) {
            vm->sched.at_tick = true; // thrown into where a tick stopped it (vm.c clears)
        }
        // No native of t is running at a switch point: retired stack blocks can go.
        if (SK_UNLIKELY(t->ext != NULL) && t->ext->old_stacks) sk_tasklet_release_old(vm, t);
        SkTasklet *prev = vm->sched.last_run;
        vm->sched.last_run = NULL;
        if (prev && prev != t && !SK_IS_UNDEF(vm->sched.schedule_cb)) {
            schedule_callback(vm, prev, t);
            if (vm->sched.switched) continue; // cannot happen: the callback runs under C
        }
        return t;
    }
}

bool sk_sched_poll(SkVM *vm) {
    SkSched *s = &vm->sched;
    if (!s->loop) return false;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    double now = (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
    if (now - s->last_poll < POLL_SECONDS) return false;
    s->last_poll = now;
    s->idle_poll = 0;
    sk_loop_run(vm, false);
    return true;
}

// Poll the event loop from a tick when it is due. A KeyboardInterrupt for
// main is raised at once when main is running (t->exc set: the loop
// raises it) and switched to when the running tasklet can switch.
static bool tick_poll(SkVM *vm, bool can) {
    if (!sk_sched_poll(vm)) return false;
    if (!sk_loop_take_interrupt(vm) || vm->current == vm->main || !can) return false;
    sk_sched_switch_to(vm, vm->main);
    return true;
}

// run(timeout) expired: t, the running tasklet, leaves the queue and the
// armed watchdog's run() returns it.
static void interrupt(SkVM *vm, SkTasklet *t) {
    SkSched *s = &vm->sched;
    sk_sched_remove(vm, t);
    s->interrupted = t;
    SkTasklet *m = s->wd_interrupt;
    m->tempval = sk_tasklet_value(t);
    resume_watchdog(vm, m);
}

bool sk_sched_atomic_off(SkVM *vm, SkValue result) {
    SkSched *s = &vm->sched;
    SkTasklet *t = vm->current;
    // run(timeout) expired while t was atomic: the interruption it put off
    // happens now (Stackless's pending interrupt), when t can switch.
    if (s->watch_left != 1 || s->watch_soft || !s->wd_interrupt || t == s->wd_interrupt ||
        t->c_depth != 1 || !s->direct || s->switch_trap > 0)
        return false;
    sk_sched_park(vm);
    t->tempval = result;
    interrupt(vm, t);
    return true;
}

bool sk_sched_tick(SkVM *vm) {
    SkSched *s = &vm->sched;
    SkTasklet *t = vm->current;
    long used = s->period - s->ticks; // a backward jump may overshoot
    if (SK_UNLIKELY(s->budget_on)) {
        charge_budget(s);
        if (s->budget_left <= 0) {
            // Out of budget: raise where the script is; nothing catches it
            // (vm/exec/vm.c skips handlers while budget_hit is set).
            s->budget_hit = true;
            if (SK_IS_UNDEF(t->exc))
                sk_raise(vm, vm->exc.RuntimeError, "instruction limit reached");
            sk_sched_reset_ticks(vm);
            return false;
        }
    }
    if (s->loop && tick_poll(vm, t->c_depth == 1 && !(t->tflags & SK_TF_ATOMIC))) {
        sk_sched_reset_ticks(vm);
        return true;
    }
    if (s->watch_left > 0) {
        s->watch_left -= used;
        if (s->watch_left <= 0) s->watch_left = 1; // expired: act below when possible
    }
    bool can = t->c_depth == 1 && !(t->tflags & SK_TF_ATOMIC);
    if (s->watch_left == 1 && !s->wd_interrupt) s->watch_left = 0; // its watchdog was killed
    if (s->watch_left == 1 && s->watch_soft && t != s->wd_interrupt) {
        // run(soft=True): nobody is interrupted; run() returns at the
        // next switch (sk_sched_enter).
        s->watch_left = 0;
        s->soft_expired = true;
        sk_sched_reset_ticks(vm);
        return false;
    }
    if (s->watch_left == 1 && t != s->wd_interrupt && can) {
        interrupt(vm, t);
        return true;
    }
    bool switched = false;
    if (s->preempt > 0 && can && (t->tflags & SK_TF_SCHEDULED) && s->runcount > 1) {
        sk_sched_switch_to(vm, t->next);
        switched = true;
    }
    if (s->watch_left == 1) {
        // Expired where the tasklet cannot be interrupted (nested C level,
        // atomic): look again soon.
        s->period = s->ticks = 64;
        return switched;
    }
    sk_sched_reset_ticks(vm);
    return switched;
}

// ---------------------------------------------------------------- fork

// Drop t: out of every queue and wait, frames and stack freed, dead.
static void drop(SkVM *vm, SkTasklet *t) {
    sk_sched_unblock(vm, t);
    sk_sched_remove(vm, t);
    sk_tasklet_free(vm, t);
    t->state = SK_TS_DEAD;
    t->tflags = 0;
    t->exc = t->tempval = SK_UNDEF;
    if (t->ext) t->ext->handling = NULL;
}

void sk_sched_keep_only_current(SkVM *vm) {
    SkTasklet *cur = vm->current;
    for (SkObj *o = vm->objects; o; o = o->next)
        if (o->kind == SK_TASKLET && (SkTasklet *)o != cur &&
            (((SkTasklet *)o)->state == SK_TS_ALIVE ||
             (((SkTasklet *)o)->tflags & SK_TF_SCHEDULED)))
            drop(vm, (SkTasklet *)o);
    SkSched *s = &vm->sched;
    s->interrupted = NULL;
    s->nwd = 0;
    s->wd_interrupt = NULL;
    wd_sync(vm);
    s->watch_left = 0;
    s->watch_budget = 0;
    s->soft_expired = false;
    s->last_run = cur;
    vm->main = cur;
    cur->tflags &= (uint8_t)~SK_TF_IN_RUN;
    if (!(cur->tflags & SK_TF_SCHEDULED)) sk_sched_insert(vm, cur);
    s->head = cur;
    sk_sched_reset_ticks(vm);
}
