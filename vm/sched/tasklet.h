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

// Tasklet states (SkTasklet.state).
enum {
    SK_TS_NEW = 0, // bound (or not even bound): no frame yet
    SK_TS_ALIVE,   // has frames: runnable, blocked or paused
    SK_TS_DEAD,    // finished; stack and frames freed
};

// SkTasklet.xflags
#define SK_TX_BLOCK_TRAP 0x01 // blocking on a channel raises RuntimeError
#define SK_TX_INLINE 0x02     // the object holds a first frame and stack after the struct

// What few tasklets need: made on first use (sk_tasklet_ext), freed with
// the tasklet object. Kept out of SkTasklet because every blocked tasklet
// carries that struct (a million must fit in 300 MB).
typedef struct SkTaskletExt {
    SkStr *name;          // set by `t.name = ...`; else sk_tasklet_name derives one
    SkObj *wrapper;       // the subclass instance this tasklet is the payload of, or NULL
    SkObj *handling;      // exception being handled (bare raise, __context__), NULL if none
    SkCode *created_code; // where a tasklet of a non-Skein callable was bound (reports)
    uint32_t created_line;
    bool ignore_nesting; // set_ignore_nesting (reported only)
    void *old_stacks;    // stacks replaced by a growth while natives held pointers into them
} SkTaskletExt;

// A tasklet: its own value stack and chain of frames on the heap (the
// stackless part: a Skein-to-Skein call pushes a frame and stays in the same
// C loop; only calls from C back into Skein, sk_invoke, nest a C level), plus
// the scheduler's links and the hand-over slot of channels.
//
// Every blocked tasklet carries this struct, so it is packed to 112 bytes
// (a million blocked tasklets in under 300 MB): before it starts, its
// callable and arguments sit at the bottom of its stack (sk_tasklet_func/
// args; kwargs in tempval); rare fields live in `ext`; the stack size
// takes the object header's spare word; the small fields are bit-fields.
// A tasklet of a Skein function is one GC block: the struct, then its first
// frame and a stack big enough for that function (SK_TX_INLINE).
typedef struct SkTasklet {
    union {
        SkObj obj;
        struct {
            SkObj *obj_next_;
            uint32_t obj_bits_;
            uint32_t stack_size; // capacity in values (SkObj.extra; below 2^30)
        };
    };
    SkValue *stack;  // heap value stack; grows by realloc, frames are rebased
    SkValue *sp;     // top of the value stack when the tasklet is not running
    SkFrame *frames; // frames[0..nframes): the call chain, innermost last
    SkValue exc;     // exception being propagated, SK_UNDEF if none
    SkValue tempval; // value handed over on resume; the sent value while blocked
    // Scheduler fields (vm/sched/sched.h, vm/sched/sched.c). next/prev link the run
    // queue (circular) or, while blocked, the channel's wait queue.
    struct SkTasklet *next, *prev;
    union {
        struct SkChannel *blocked_on; // channel waited on (SK_TF_BLOCKED), else NULL
        struct SkSelect *sel; // with SK_TF_SELECT: select()'s wait nodes (vm/sched/channel.h)
        struct SkWait *io;    // with SK_TF_IO: parked on the event loop (vm/sched/loop.h)
    };
    SkTaskletExt *ext; // rare fields, or NULL
    int nframes;       // frames in use
    uint8_t tflags;    // SK_TF_*
    // A byte of small fields, then c_depth from a 16-bit boundary (cheap to test).
    unsigned state : 2;       // SK_TS_*
    signed int block_dir : 3; // 1 blocked sending, -1 receiving (vm/sched/channel.c)
    unsigned xflags : 2;      // SK_TX_*
    unsigned : 1;
    unsigned c_depth : 11;    // nested C levels (sk_invoke) active on it (<= 2000)
    unsigned frames_log2 : 5; // the frame array holds 1 << frames_log2 frames
} SkTasklet;

// The exception a tasklet is handling, as a value (None if none), and
// setting it (false with MemoryError raised when its ext cannot be made;
// setting None never fails).
SK_INLINE SkValue sk_tasklet_handling(const SkTasklet *t) {
    return t->ext && t->ext->handling ? sk_obj(t->ext->handling) : SK_NONE;
}
bool sk_tasklet_set_handling_slow(SkVM *vm, SkTasklet *t, SkObj *h) SK_RAISES;
SK_INLINE bool sk_tasklet_set_handling(SkVM *vm, SkTasklet *t, SkValue v) {
    SkObj *h = SK_IS_OBJ(v) ? SK_AS_OBJ(v) : NULL;
    if (SK_LIKELY(t->ext != NULL)) {
        t->ext->handling = h;
        return true;
    }
    return !h || sk_tasklet_set_handling_slow(vm, t, h);
}

SK_INLINE int sk_tasklet_frames_cap(const SkTasklet *t) { return 1 << t->frames_log2; }

// The inline first frame and stack (with SK_TX_INLINE), and whether the
// stack or frame array in use is that one (then it is never freed alone).
SK_INLINE SkFrame *sk_tasklet_inline_frame(const SkTasklet *t) { return (SkFrame *)(t + 1); }
SK_INLINE SkValue *sk_tasklet_inline_stack(const SkTasklet *t) {
    return (SkValue *)(sk_tasklet_inline_frame(t) + 1);
}
SK_INLINE bool sk_tasklet_inline_stack_is(const SkTasklet *t, const SkValue *p) {
    return (t->xflags & SK_TX_INLINE) && p == sk_tasklet_inline_stack(t);
}
SK_INLINE bool sk_tasklet_inline_frames_is(const SkTasklet *t, const SkFrame *f) {
    return (t->xflags & SK_TX_INLINE) && f == sk_tasklet_inline_frame(t);
}

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
// A new tasklet (SK_TS_NEW), unbound; with a Skein function `fn` (else
// NULL) it holds fn (args not set up; the caller sets SK_TF_BOUND) and,
// when fn's first frame and stack are small, room to start fn in place.
// Raises MemoryError.
SkTasklet *sk_tasklet_make(SkVM *vm, SkFunction *fn) SK_RAISES;
// Its rare fields, made on first use (NULL with MemoryError raised).
SkTaskletExt *sk_tasklet_ext(SkVM *vm, SkTasklet *t) SK_RAISES;
// Its label: the name set on it, else its function's name, else NULL.
SkStr *sk_tasklet_name(const SkTasklet *t);
// The object Skein code sees for t: its subclass instance, or t itself.
SK_INLINE SkValue sk_tasklet_value(const SkTasklet *t) {
    return t->ext && t->ext->wrapper ? sk_obj(t->ext->wrapper) : sk_obj((SkObj *)t);
}

// A tasklet not started (SK_TS_NEW) keeps its callable in stack[0] and
// its arguments in stack[1]: an args tuple, or an int n with the n
// arguments in stack[2..2+n) (setup puts them there when they fit); both
// SK_UNDEF when unset or once it started.
SK_INLINE SkValue sk_tasklet_func(const SkTasklet *t) {
    return t->state == SK_TS_NEW && t->stack ? t->stack[0] : SK_UNDEF;
}
SK_INLINE SkValue sk_tasklet_args(const SkTasklet *t) {
    return t->state == SK_TS_NEW && t->stack ? t->stack[1] : SK_UNDEF;
}
// Make t a new tasklet (SK_TS_NEW, no frames) holding func and args
// (either may be SK_UNDEF). False with MemoryError raised.
bool sk_tasklet_set_start(SkVM *vm, SkTasklet *t, SkValue func, SkValue args) SK_RAISES;
// GC hooks for vm/core/gc.c: mark the stack up to t->sp and every frame;
// the bytes it holds; free everything before the object goes (sweep).
void sk_tasklet_mark(SkVM *vm, SkTasklet *t);
size_t sk_tasklet_size(const SkTasklet *t);
void sk_tasklet_destroy(SkVM *vm, SkTasklet *t);
// Give back the stack, frames and retired stacks (the tasklet ended or is
// re-bound; the object lives on): stack, sp and frames become NULL.
void sk_tasklet_free(SkVM *vm, SkTasklet *t);

// A tasklet's first stack (n values, contents undefined) and one-frame
// array (zeroed): from the blocks finished tasklets left, else allocated.
// NULL (no exception set) when out of memory. sk_tasklet_free gives them
// back; sk_tasklet_spares_free frees what is kept (VM teardown).
SkValue *sk_stack_take(SkVM *vm, size_t n);
SkFrame *sk_frames_take(SkVM *vm);
void sk_stack_give(SkVM *vm, SkValue *stack, size_t n);
void sk_tasklet_spares_free(SkVM *vm);

// Make room for n values above `top` (a pointer into t->stack). Rebases
// every frame's slots/sp and t->sp when the stack moves; returns the new
// position of `top`, or NULL with MemoryError pending. An old stack block
// is kept alive (natives may still read their args from it) until
// sk_tasklet_release_old frees retired blocks once no native is running.
SkValue *sk_stack_ensure(SkVM *vm, SkTasklet *t, SkValue *top, size_t n) SK_RAISES;
// GC-stress builds: abort when t->sp is outside t's stack (a pointer kept
// across a call that moved the stack); the loop checks at every SAVE.
#ifdef SKEIN_GC_STRESS
void sk_stack_check(SkTasklet *t);
#define SK_STACK_CHECK(t) sk_stack_check(t)
#else
#define SK_STACK_CHECK(t) ((void)0)
#endif
void sk_tasklet_release_old(SkVM *vm, SkTasklet *t);

#endif
