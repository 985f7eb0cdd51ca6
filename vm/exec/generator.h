// vm/exec/generator.h -- generator objects: a suspended Skein frame with its
// own copy of its slots and operand stack. Resuming copies that segment
// back onto the running tasklet's stack and pushes the frame, so FOR_ITER
// and YIELD_FROM resume a generator inside the same dispatch loop (no C
// recursion); a yield copies the segment out again. Only resumption from
// C (next(g), g.send(), a native iterating) nests a loop level.
#ifndef SK_VM_EXEC_GENERATOR_H
#define SK_VM_EXEC_GENERATOR_H
#include "vm/core/state.h"
#include "vm/exec/frame.h"

typedef enum SkGenState {
    SK_GEN_CREATED,   // never resumed: the first send must be None
    SK_GEN_SUSPENDED, // stopped at a yield
    SK_GEN_RUNNING,   // its frame is on a tasklet's frame stack
    SK_GEN_DONE,      // returned or raised: resuming raises StopIteration
} SkGenState;

typedef struct SkGenerator {
    SkObj obj;
    SkFrame frame;   // saved frame; slots/sp point into `saved` while suspended
    SkValue *saved;  // slots then operand stack (malloc'd through sk_gc_realloc)
    uint32_t nsaved; // live values in saved: nlocals + operand depth
    uint32_t cap;    // capacity of saved in values
    uint8_t state;   // SkGenState
    SkStr *name;     // the function's __name__ / __qualname__
    SkStr *qualname;
    // The exception a generator handles is its own, as in CPython: on a
    // yield it leaves with the generator and the resumer's comes back.
    SkValue handling;        // what the suspended generator was handling, or None
    SkValue caller_handling; // the resumer's tasklet->handling while running
} SkGenerator;
#define SK_AS_GEN(v) ((SkGenerator *)SK_AS_OBJ(v))

// GC hooks (called by vm/core/gc.c for SK_GENERATOR objects): mark the saved
// frame and values; free the saved buffer (not the object itself).
void sk_generator_mark(SkVM *vm, SkGenerator *g);
void sk_generator_free(SkVM *vm, SkGenerator *g);

// Outcome of resuming a generator from C.
typedef enum SkGenResult {
    SK_GEN_YIELDED,  // *out = the yielded value
    SK_GEN_RETURNED, // *out = the return value (the generator is finished)
    SK_GEN_ERROR,    // an exception is pending (the generator is finished)
} SkGenResult;

// Resume g from C with `sent` (SK_NONE for next()). A finished generator
// returns SK_GEN_RETURNED with None. Nests a dispatch-loop level.
SkGenResult sk_generator_send(SkVM *vm, SkGenerator *g, SkValue sent, SkValue *out) SK_RAISES;
// g.throw(exc): raise exc inside g where it is suspended.
SkGenResult sk_generator_throw(SkVM *vm, SkGenerator *g, SkValue exc, SkValue *out) SK_RAISES;
// next(g) as sk_next defines it: the value, or SK_UNDEF with no exception
// when exhausted, or SK_ERR with an exception pending.
SkValue sk_generator_next(SkVM *vm, SkGenerator *g) SK_RAISES;

// --- internal to the VM core (call.c, vm.c) ---
// A generator for fn whose frame slots [0, nlocals) are copied from slots.
SkGenerator *sk_generator_new(SkVM *vm, SkFunction *fn, SkValue *slots) SK_RAISES;
// Push g's frame on the current tasklet with its values copied to `at`
// (the new frame's slots; at[-1] must hold g), pushing `sent` when g was
// suspended at a yield and push_sent is set. NULL with an exception pending
// (ValueError "generator already executing", RecursionError, MemoryError).
SkFrame *sk_generator_enter(SkVM *vm, SkGenerator *g, SkValue *at, bool push_sent,
                            SkValue sent) SK_RAISES;
// Save the running frame f of its generator when it yields (sp: the frame's
// operand top, yielded value excluded) and pop it. false on MemoryError
// (the frame is then still pushed).
bool sk_generator_suspend(SkVM *vm, SkFrame *f, SkValue *sp) SK_RAISES;
// Mark g finished and drop its saved values (its frame is being popped).
void sk_generator_finish(SkVM *vm, SkGenerator *g);

// Register send/throw/close/__iter__/__next__ on vm->t.generator (state.c calls it).
void sk_init_generator_methods(SkVM *vm);

#endif
