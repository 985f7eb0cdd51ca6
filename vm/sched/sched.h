// vm/sched/sched.h -- the tasklet scheduler: Stackless' circular run queue, the
// switch protocol between natives and the dispatch loop, preemption ticks,
// the idle hook and the deadlock report. vm/sched/sched.c documents the design.
//
// Protocol with vm/exec/vm.c: a native that blocks or switches (channel
// send/receive, schedule, tasklet.run/switch/kill, stackless.run ...)
// parks the current tasklet with sk_sched_park (its pending CALL's result
// slot is remembered), changes vm->current and sets vm->sched.switched.
// The loop checks the flag after every native call and reloads from
// sk_sched_enter, which starts new tasklets and hands a resumed tasklet
// its value (written into the slot of its pending call) or its exception.
#ifndef SK_VM_SCHED_SCHED_H
#define SK_VM_SCHED_SCHED_H
#include "vm/core/object.h"

struct SkTasklet;
struct SkChannel;

// SkTasklet.tflags
#define SK_TF_SCHEDULED 0x01 // in the run queue (or current and runnable)
#define SK_TF_BLOCKED 0x02   // waiting in a channel queue (blocked_on)
#define SK_TF_PENDING 0x04   // parked inside a native: tempval becomes its result
#define SK_TF_ATOMIC 0x08    // no preemption
#define SK_TF_IN_RUN 0x10    // parked in stackless.run(): on the watchdog stack
#define SK_TF_BOUND 0x20     // func/args set (tasklet(f) or bind)
#define SK_TF_SELECT 0x40    // in select(): t->sel holds a node per case (with SK_TF_BLOCKED)
#define SK_TF_IO 0x80        // parked on the event loop: t->io is its wait (with SK_TF_BLOCKED)

// Stacks of fewer values than this are kept for reuse when a tasklet ends.
#define SK_SPARE_SIZES 32

// Scheduler state, embedded in SkVM as vm->sched.
typedef struct SkSched {
    struct SkTasklet *head; // run queue head (== current when current runs), NULL if empty
    int runcount;           // tasklets in the run queue
    bool switched;          // a native changed vm->current: the loop must reload
    bool direct;            // the native being called was called by the loop itself
    long ticks;             // instructions left before sk_sched_tick (loop bodies at their
                            // backward jumps, and calls: vm/exec/vm.c)
    long period;            // the value ticks was last reset to
    long preempt;           // --preempt N (0 off)
    long watch_left;        // run(timeout) budget left, 0 when no watchdog is armed
    long watch_budget;      // run(timeout)'s timeout: each tasklet's slice unless watch_total
    bool watch_total;       // run(totaltimeout=True): one budget for the whole run
    bool watch_soft;        // run(soft=True): expiry ends run() at the next switch instead
    bool soft_expired;      // ... and it has expired
    struct SkTasklet *interrupted; // run(timeout): the tasklet taken out of the queue
    // Stackless's watchdogs: the tasklets inside stackless.run() (any
    // tasklet may call it), innermost last. When the run queue empties the
    // innermost one resumes; the one whose run(timeout) is armed (only
    // one at a time, as in Stackless) is wd_interrupt.
    struct SkTasklet **wd;
    int nwd, wd_cap;
    struct SkTasklet *wd_interrupt;
    SkObj *wd_list; // the list get_thread_info shows, kept in step (made on first ask), or NULL
    // Stacks (by size in values) and one-frame arrays of finished tasklets,
    // kept for the next ones (vm/sched/tasklet.c): free lists linked
    // through the blocks.
    void *spare_stack[SK_SPARE_SIZES];
    uint16_t nspare_stack[SK_SPARE_SIZES];
    void *spare_frames;
    uint16_t nspare_frames;
    const char *block_site;     // name of the C function a nested level runs under, or NULL
    SkObj *last_callee;         // native or class the loop called last (names block_site)
    ptrdiff_t call_off;         // stack offset of the function slot of that call
    unsigned idle_poll;         // switches since sk_sched_idle last polled
    struct SkTasklet *last_run; // the tasklet the loop last ran (schedule callback's prev)
    SkValue schedule_cb;        // set_schedule_callback, SK_UNDEF when none
    SkValue channel_cb;         // set_channel_callback, SK_UNDEF when none
    bool in_callback;           // no callbacks from inside a callback
    SkTuple *no_args;           // the shared () of tasklets set up without arguments
    unsigned select_rot;        // select(): rotating first case, for fairness
    struct SkLoop *loop;        // the event loop (vm/sched/loop.c), made on first use
    double last_poll;           // when a tick last polled the loop (monotonic seconds)
    // SkConfig.instruction_limit (counted in ticks): the budget left of the
    // host's run call, and whether it ran out (the script is then unwound
    // past every handler: vm/exec/vm.c).
    bool budget_on, budget_hit;
    long budget_left;
    // sk_run_until_idle / sk_run_for (vm/api.c): tasklets blocked in host
    // continuations do not keep the run going; with host_nowait the loop
    // only polls.
    bool host_run, host_nowait;
    bool at_tick; // sk_sched_enter: the tasklet resumes where a tick stopped it
    // The rest of Stackless's module state (stdlib/mod_stackless.c).
    SkValue error_handler; // set_error_handler: called for a tasklet's uncaught exception
    SkValue boot;          // stackless._boot: starts a tasklet whose function is not Skein code
    SkValue bomb;          // stackless.bomb: sent on a channel, it raises in the receiver
    // tasklet.__call__ (setup), set by the stackless module: sk_call_setup
    // calls it straight for a tasklet, with args = [t a1..an] in place.
    SkValue (*tasklet_call)(SkVM *vm, SkValue *args, int nargs, SkTuple *kw);
    // A native called by the loop handed its call to a Skein function (in
    // its own function slot) instead of running it: see sk_consume_redirect
    // (stdlib/builtins_consume.c) and run_native (vm/exec/call.c).
    bool redirect;
    SkValue consume; // the dict of those Skein functions (stdlib/builtins_consume.c)
    // The same decision and hand-over for natives of the core that consume
    // an iterable (str.join), installed by the builtins (NULL before).
    bool (*may_block)(SkVM *vm, const SkValue *args, SkValue it);
    SkValue (*redirect_to)(SkVM *vm, SkValue *args, const char *name);
    int switch_trap;    // > 0: every switch raises RuntimeError("switch_trap")
    bool no_softswitch; // enable_softswitch(False) was called (reported only)
    int pickle_flags, pickle_flags_default;
} SkSched;

#define SK_SCHED_NO_TICKS (1L << 60)

// --- used by the dispatch loop (vm/exec/vm.c) ---

// The tasklet the loop must run now (vm->current), started if new, with
// its pending result written or its exception pending in t->exc.
struct SkTasklet *sk_sched_enter(SkVM *vm);
// The base frame of the current tasklet returned (retval dropped) or let an
// exception out (pending in t->exc): the tasklet dies and another one is
// made current. An exception other than TaskletExit moves to main.
void sk_sched_finished(SkVM *vm, struct SkTasklet *t);
// vm->sched.ticks reached 0 at an instruction boundary of the current
// tasklet's base loop level. Returns true when it switched (preemption or
// run(timeout) expiry).
bool sk_sched_tick(SkVM *vm);

// --- used by natives (vm/sched/channel.c, stdlib/mod_stackless.c) ---

// May the current tasklet block / switch away here? Raises RuntimeError
// naming `what` or the C function on the stack when not.
bool sk_sched_can_switch(SkVM *vm, const char *what) SK_RAISES;
// Park the current tasklet inside the native the loop is calling: its
// result slot is the call's function slot (vm->sched.call_off, an offset,
// so it survives stack growth by callbacks the native ran); on resume it
// gets t->tempval as the result.
void sk_sched_park(SkVM *vm);
// Make t current (vm->sched.switched). t must be in the run queue.
void sk_sched_switch_to(SkVM *vm, struct SkTasklet *t);
// Run queue edits. insert appends at the end (before head); insert_after
// puts t right after `after`; remove unlinks (no state change otherwise).
void sk_sched_insert(SkVM *vm, struct SkTasklet *t);
void sk_sched_insert_after(SkVM *vm, struct SkTasklet *after, struct SkTasklet *t);
void sk_sched_remove(SkVM *vm, struct SkTasklet *t);
// The current tasklet left the run queue (blocked, removed): pick the next
// one to run (or main: run() returns / deadlock). Sets vm->sched.switched.
void sk_sched_leave(SkVM *vm);
// Would blocking the current tasklet deadlock (nothing else can run)? If so
// raise RuntimeError("Deadlock: ...") naming every blocked tasklet.
// dir: 1 about to send, -1 to receive, 0 other (for the report).
bool sk_sched_check_deadlock(SkVM *vm, int dir) SK_RAISES;
// stackless.run() (and the host's sk_run_for): the current tasklet parks
// "in run" (a watchdog) while the others run; it resumes when none can
// and no deeper watchdog is waiting (or when `budget` ticks pass, budget
// > 0, unless another run(timeout) is armed already), with the interrupted
// tasklet or None as its call's result. SK_NONE (parked) or SK_ERR (cannot
// switch here, out of memory).
#define SK_RUN_TOTAL 1 // budget counts for the whole run, not per tasklet slice
#define SK_RUN_SOFT 2  // expiry returns at the next switch, interrupting no one
SkValue sk_sched_run_main(SkVM *vm, long budget, int flags, const char *what) SK_RAISES;
// Set the exception `exc` pending in t (not current) so it is raised where
// t resumes; t is unblocked if it was blocked.
void sk_sched_throw_into(SkVM *vm, struct SkTasklet *t, SkValue exc);
// The idle hook: nothing is runnable. Runs the event loop (libuv): waits
// for timers and I/O, or with `block` false only polls. Returns true if a
// tasklet became runnable.
bool sk_sched_idle(SkVM *vm, bool block);
// "name at file:line" of where t waits (or "name (not started)").
SkStr *sk_sched_describe(SkVM *vm, struct SkTasklet *t) SK_RAISES;
// The loop is about to run Skein code under C (sk_invoke, a nested loop):
// remember the name of the C function for sk_sched_can_switch's message.
void sk_sched_enter_c(SkVM *vm);
// The shared () of tasklets started without arguments (NULL: MemoryError).
SkTuple *sk_sched_no_args(SkVM *vm) SK_RAISES;
// GC roots of the scheduler: the run queue, callbacks (vm/core/gc.c).
void sk_sched_mark(SkVM *vm);
// set_channel_callback: cb(channel, tasklet, sending, willblock) before a
// channel action.
void sk_sched_channel_callback(SkVM *vm, SkValue ch, int dir, bool willblock);
// Take t out of whatever it is blocked on (a channel, a select, a wait on
// the event loop, a run() it is inside); its operation is dropped.
void sk_sched_unblock(SkVM *vm, struct SkTasklet *t);
// Poll the event loop without blocking if POLL_SECONDS passed since the
// last poll (ticks, sleep(0)). Returns whether it polled.
bool sk_sched_poll(SkVM *vm);
// The current tasklet just left atomic mode (set_atomic(False), called by
// the loop): if run(timeout) expired meanwhile, it is interrupted now, as
// in Stackless, resuming later with `result`. Returns whether it switched.
bool sk_sched_atomic_off(SkVM *vm, SkValue result);
// Reset the tick counter after preempt/watchdog settings change.
void sk_sched_reset_ticks(SkVM *vm);
// The watchdog list as Stackless shows it (get_thread_info): [the armed
// run(timeout)'s tasklet or None, then the tasklets inside run(), innermost
// last]; one list object, kept up to date. NULL before the first run()
// (Stackless has no list then), or with MemoryError pending.
SkObj *sk_sched_watchdog_list(SkVM *vm) SK_RAISES;
// In a process just forked (vm/proc/fork.c): every tasklet but the current
// one is dropped as if it had never been, none of its code (finally
// blocks, callbacks) runs; the current tasklet becomes main and the only
// runnable one, and run()'s watchdog is disarmed.
void sk_sched_keep_only_current(SkVM *vm);

#endif
