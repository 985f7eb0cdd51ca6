// vm/sched/tasklet.h -- a tasklet's heap value stack and frame array, and the
// call protocol shared by the dispatch loop (vm.c), calls (call.c) and
// generators (generator.c). Internal to the VM core.
//
// Stack discipline: a call site holds [f a1 .. an] with the saved top just
// above an; a Skein callee's frame takes slots = &a1 and returns its result
// into the cell that held f. The GC marks a tasklet's stack from the bottom
// up to t->sp only (sk_tasklet_mark), so every C path that can allocate
// stores the current top there first.
#ifndef SK_VM_SCHED_TASKLET_H
#define SK_VM_SCHED_TASKLET_H
#include "vm/core/state.h"

// Spare values above a frame's declared stack size: a bound method call
// inserts self, an __init__ call inserts the instance (paths that need more
// call sk_stack_ensure). Kept small: it is part of every blocked
// tasklet's memory (a million blocked tasklets must fit in < 0.5 GB).
#define SK_STACK_SLACK 2
// Nested loop levels (sk_call) allowed: each costs about 1-2 KB of C
// stack, so sk_state_new derives vm->c_depth_limit from RLIMIT_STACK.
#define SK_MAX_C_DEPTH(vm) ((vm)->c_depth_limit > 0 ? (vm)->c_depth_limit : 160)

// The main tasklet (allocated as an SK_TASKLET object) with an initial stack.
SkTasklet *sk_tasklet_new(SkVM *vm) SK_RAISES;
// GC hooks for vm/core/gc.c: mark the stack up to t->sp and every frame; free
// the stack, frames and retired stacks (not the object itself).
void sk_tasklet_mark(SkVM *vm, SkTasklet *t);
void sk_tasklet_free(SkVM *vm, SkTasklet *t);

// Make room for n values above `top` (a pointer into t->stack). Rebases
// every frame's slots/sp and t->sp when the stack moves; returns the new
// position of `top`, or NULL with MemoryError pending. An old stack block
// is kept alive (natives may still read their args from it) until
// sk_tasklet_release_old frees retired blocks once no native is running.
SkValue *sk_stack_ensure(SkVM *vm, SkTasklet *t, SkValue *top, size_t n) SK_RAISES;
void sk_tasklet_release_old(SkTasklet *t);

// Push a frame (RecursionError past vm->recursion_limit). The returned
// pointer is valid until the next push.
SkFrame *sk_frame_push(SkVM *vm, SkTasklet *t) SK_RAISES;

// Outcome of starting a call.
typedef enum SkCallStep {
    SK_CALL_ERR = 0,  // raised; the stack top is back at fslot
    SK_CALL_DONE,     // finished: the result is in *fslot, top = fslot + 1
    SK_CALL_FRAME,    // a Skein frame was pushed: run the loop to get the result
} SkCallStep;

// Start the call [f a1..an] at fslot (top = fslot + 1 + nargs, already
// saved in t->sp). kwnames as for SkNativeFn. Binds arguments, creates
// generators, runs natives and builtin constructors, pushes frames for
// Skein functions and __init__ methods.
SkCallStep sk_call_setup(SkVM *vm, SkValue *fslot, int nargs, SkTuple *kwnames) SK_RAISES;
// The TypeError for an __init__ that returned r (not None); returns false.
bool sk_init_result_error(SkVM *vm, SkValue r) SK_RAISES;

// Run the loop from the innermost frame until a frame marked
// SK_FRAME_C_BOUNDARY returns (its result) or lets an exception out (SK_ERR).
SkValue sk_vm_execute(SkVM *vm) SK_RAISES;

// The current instruction index of a frame (the one that is executing or
// that called out), for lines and handler lookup.
SK_INLINE int64_t sk_frame_index(const SkFrame *f) { return (int64_t)(f->ip - f->code->code) - 1; }

// Record (code, line) in exc's traceback; set __context__ from the handled
// exception on a fresh raise (vm.c).
void sk_exc_add_traceback(SkVM *vm, SkValue exc, SkCode *code, uint32_t line);
void sk_exc_set_context(SkVM *vm, SkValue exc);

#endif
