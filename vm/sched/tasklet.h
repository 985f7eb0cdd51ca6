// vm/sched/tasklet.h -- SkTasklet: a tasklet's heap value stack and frame
// array, their growth, and the GC hooks. The scheduler (vm/sched/sched.h)
// moves tasklets between its queues; the dispatch loop (vm/exec/vm.c) runs
// the current one's frames.
//
// Stack discipline: a call site holds [f a1 .. an] with the saved top just
// above an; a Skein callee's frame takes slots = &a1 and returns its result
// into the cell that held f. The GC marks a tasklet's stack from the bottom
// up to t->sp only (sk_tasklet_mark), so every C path that can allocate
// stores the current top there first.
#ifndef SK_VM_SCHED_TASKLET_H
#define SK_VM_SCHED_TASKLET_H
#include "vm/core/state.h"
#include "vm/exec/frame.h"

// A tasklet: its own value stack and chain of frames on the heap (the
// stackless part: a Skein-to-Skein call pushes a frame and stays in the same
// C loop; only calls from C back into Skein, sk_invoke, nest a C level), plus
// the scheduler's links and the hand-over slot of channels.
typedef struct SkTasklet {
    SkObj obj;
    SkValue *stack;  // heap value stack; grows by realloc, frames are rebased
    SkValue *sp;     // top of the value stack when the tasklet is not running
    SkFrame *frames; // frames[0..nframes): the call chain, innermost last
    int nframes, frames_cap;
    SkValue exc;      // exception being propagated, SK_UNDEF if none
    SkValue handling; // exception being handled (bare raise, __context__), SK_NONE
    SkStr *name;
    // Scheduler fields (vm/sched/sched.h, vm/sched/sched.c). next/prev link the run
    // queue (circular) or, while blocked, the channel's wait queue.
    struct SkTasklet *next, *prev;
    union {
        struct SkChannel *blocked_on; // channel waited on (SK_TF_BLOCKED), else NULL
        struct SkSelect *sel; // with SK_TF_SELECT: select()'s wait nodes (vm/sched/channel.h)
        struct SkWait *io;    // with SK_TF_IO: parked on the event loop (vm/sched/loop.h)
    };
    SkValue tempval;      // value handed over on resume; the sent value while blocked
    SkValue func;         // bound callable until started; then SK_UNDEF
    SkValue args;         // its args tuple (or a (tuple, kwargs dict) pair), SK_UNDEF
    SkObj *wrapper;       // the subclass instance this tasklet is the payload of, or NULL
    SkCode *created_code; // where tasklet(...) was called, for tracebacks
    uint32_t created_line;
    // Packed with the bytes below: every blocked tasklet carries this
    // struct, so padding counts (a million of them must fit in 0.5 GB).
    uint32_t stack_size; // capacity in values (sk_stack_ensure caps it below 2^30)
    int c_depth;         // nested C levels (sk_invoke) currently active on this tasklet
    uint8_t state;       // SK_TS_*
    uint8_t tflags;      // SK_TF_*
    int8_t block_dir;    // 1 blocked sending, -1 receiving
    uint8_t xflags;      // SK_TX_*
    void *old_stacks;    // stacks replaced by a growth while natives held pointers into them
                         // (vm/sched/tasklet.c)
} SkTasklet;

// SkTasklet.xflags
#define SK_TX_BLOCK_TRAP 0x01     // blocking on a channel raises RuntimeError
#define SK_TX_IGNORE_NESTING 0x02 // set_ignore_nesting (reported only)

// Spare values above a frame's declared stack size: a bound method call
// inserts self, an __init__ call inserts the instance (paths that need more
// call sk_stack_ensure). Kept small: it is part of every blocked
// tasklet's memory (a million blocked tasklets must fit in < 0.5 GB).
#define SK_STACK_SLACK 2
// Nested loop levels (sk_invoke) allowed: each costs about 1-2 KB of C
// stack, so sk_state_new derives vm->c_depth_limit from RLIMIT_STACK.
#define SK_MAX_C_DEPTH(vm) ((vm)->c_depth_limit > 0 ? (vm)->c_depth_limit : 160)

// The main tasklet (allocated as an SK_TASKLET object) with an initial stack.
SkTasklet *sk_tasklet_new(SkVM *vm) SK_RAISES;
// GC hooks for vm/core/gc.c: mark the stack up to t->sp and every frame; free
// the stack, frames and retired stacks (not the object itself).
void sk_tasklet_mark(SkVM *vm, SkTasklet *t);
void sk_tasklet_free(SkVM *vm, SkTasklet *t);

// A tasklet's first stack (n values, contents undefined) and one-frame
// array (zeroed): from the blocks finished tasklets left, else allocated.
// NULL (no exception set) when out of memory. sk_tasklet_free gives them
// back; sk_tasklet_spares_free frees what is kept (VM teardown).
SkValue *sk_stack_take(SkVM *vm, size_t n);
SkFrame *sk_frames_take(SkVM *vm);
void sk_tasklet_spares_free(SkVM *vm);

// Make room for n values above `top` (a pointer into t->stack). Rebases
// every frame's slots/sp and t->sp when the stack moves; returns the new
// position of `top`, or NULL with MemoryError pending. An old stack block
// is kept alive (natives may still read their args from it) until
// sk_tasklet_release_old frees retired blocks once no native is running.
SkValue *sk_stack_ensure(SkVM *vm, SkTasklet *t, SkValue *top, size_t n) SK_RAISES;
void sk_tasklet_release_old(SkVM *vm, SkTasklet *t);

#endif
