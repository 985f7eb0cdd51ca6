// vm/objects/code.h -- SkCode, a compiled function or module body: bytecode
// (vm/exec/opcodes.h), constants, names, a line per instruction and the
// exception table that replaces SETUP_* blocks at run time.
#ifndef SK_VM_OBJECTS_CODE_H
#define SK_VM_OBJECTS_CODE_H
#include "vm/core/object.h"

// Code flags.
#define SK_CODE_VARARGS 0x01       // has *args (slot argcount + kwonlycount)
#define SK_CODE_VARKW 0x02         // has **kwargs (slot after *args)
#define SK_CODE_GENERATOR 0x04     // contains yield: calling it makes a generator
#define SK_CODE_MODULE 0x08        // module body: names are globals
#define SK_CODE_CLASS 0x10         // class body: names go through frame->locals
#define SK_CODE_NESTED 0x20        // defined inside another function
#define SK_CODE_COMPREHENSION 0x40 // list/set/dict comprehension or genexp body

// One protected range of instructions. When an exception is raised while
// the frame's current instruction index i satisfies start <= i < end, the
// VM truncates the operand stack to `depth` values (counted from the
// start of the operand stack, above the locals), pushes the exception and
// jumps to target. Entries are searched in order; the compiler emits
// inner ranges before the ranges that contain them.
typedef struct SkHandler {
    uint32_t start, end, target, depth;
} SkHandler;

struct SkCode {
    SkObj obj;
    SkStr *name;     // "f", "<module>", "<lambda>", "<listcomp>"
    SkStr *qualname; // "C.f", "f.<locals>.g"
    SkStr *filename;

    uint32_t *code; // instructions: op = ins & 0xff, arg = ins >> 8
    uint32_t ncode;
    uint32_t *lines; // source line of each instruction (parallel to code)
    uint32_t firstline;

    SkValue *consts; // constants: None/bool/int/float/str/bytes/tuple/code
    uint32_t nconsts;
    SkStr **names; // interned names for globals, attributes, imports
    uint32_t nnames;
    SkStr **varnames; // interned local names, one per slot (params first)

    // Slots: [0, nparams) parameters (argcount positional, then kwonlycount
    // keyword-only, then *args if VARARGS, then **kwargs if VARKW), then the
    // other locals, then the free variables copied from the closure:
    // slots [nlocals - nfrees, nlocals).
    uint16_t argcount;     // positional parameters (incl. positional-only)
    uint16_t posonlycount; // of which positional-only
    uint16_t kwonlycount;
    uint16_t nlocals; // total slots
    uint16_t nfrees;
    uint16_t ncells;    // slots that hold a fresh SkCell at entry
    uint16_t *cells;    // their slot numbers; a parameter's value moves into its cell
    uint16_t flags;     // SK_CODE_*
    uint32_t stacksize; // max operand stack depth above the locals

    SkHandler *handlers;
    uint32_t nhandlers;

    uint32_t ncaches; // inline-cache words: see LOAD_GLOBAL in opcodes.h
    void *caches;     // VM-owned cache storage (allocated lazily), or NULL
    SkValue doc;      // docstring or SK_NONE
};
#define SK_AS_CODE(v) ((SkCode *)SK_AS_OBJ(v))

SkCode *sk_code_new(SkVM *vm);
// Line of instruction index i (0 when unknown).
uint32_t sk_code_line(const SkCode *code, uint32_t i);
// Code of the runtime's own helpers written in Skein (file "<stackless>"):
// tracebacks and deadlock reports skip its frames, naming the user's line.
bool sk_code_is_internal(const SkCode *code);

#endif
