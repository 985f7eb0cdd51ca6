// vm/exec/frame.h -- SkFrame, one activation of Skein code: its code object,
// instruction pointer and slots on its tasklet's value stack. A tasklet
// keeps its frames in one heap array (vm/sched/tasklet.h); a Skein call
// pushes one and the dispatch loop (vm/exec/vm.c) keeps running, so calls
// use no C stack.
#ifndef SK_VM_EXEC_FRAME_H
#define SK_VM_EXEC_FRAME_H
#include "vm/core/state.h"
#include "vm/objects/code.h"

struct SkTasklet;

// Frame flags.
#define SK_FRAME_C_BOUNDARY 0x01 // returning from this frame leaves the C loop (sk_invoke)
#define SK_FRAME_INIT 0x02       // __init__ pushed by a class call: result must be None, push self
#define SK_FRAME_DISCARD 0x04    // drop the return value (protocol calls that push a frame)
#define SK_FRAME_TASKLET                                                                           \
    0x08                  // a tasklet's base frame: returning ends the tasklet (vm/sched/sched.c)
#define SK_FRAME_CMP 0x10 // __eq__, __lt__... over [a b] (aux: the SkCmpOp): finish the comparison
#define SK_FRAME_STR_ARG 0x20   // __str__ for print: store into slot base[-aux], re-run the CALL
#define SK_FRAME_STR_CALL 0x40  // __str__ for str(x): the checked result replaces base[-aux]
#define SK_FRAME_REPR_CALL 0x80 // __repr__ for repr(x): likewise
#define SK_FRAME_BINOP 0x100    // a's __add__ over [a b] (aux: op | inplace << 8): finish it
#define SK_FRAME_CONTAINS 0x200 // `in` (aux 1: `not in`): the truth of __contains__'s result

typedef struct SkFrame {
    SkCode *code;
    SkFunction *fn; // NULL for module code run directly
    SkDict *globals;
    SkDict *locals;          // class bodies (LOAD_NAME/STORE_NAME), else NULL
    const uint32_t *ip;      // next instruction; saved when the frame is not running
    SkValue *slots;          // local slot 0; the operand stack starts at slots + code->nlocals
    SkValue *sp;             // operand stack top, saved when the frame is not running
    struct SkGenerator *gen; // the generator this frame runs for, or NULL
    uint32_t flags;          // SK_FRAME_*
    uint32_t aux; // SK_FRAME_STR_*: distance back from the callable slot (sits in padding)
} SkFrame;

// The current instruction index of a frame (the one that is executing or
// that called out), for lines and handler lookup.
SK_INLINE int64_t sk_frame_index(const SkFrame *f) { return (int64_t)(f->ip - f->code->code) - 1; }

// Push a frame on t (RecursionError past vm->recursion_limit). The returned
// pointer is valid until the next push.
SkFrame *sk_frame_push(SkVM *vm, struct SkTasklet *t) SK_RAISES;

#endif
