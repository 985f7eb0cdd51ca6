// parser/compiler_internal.h -- state shared by the compiler's files:
// compile.c (driver, emitter, code object assembly), compile_expr.c
// (expressions and constant folding) and compile_stmt.c (statements,
// blocks and the exception-table patterns of vm/exec/opcodes.h).
#ifndef SK_PARSER_COMPILER_INTERNAL_H
#define SK_PARSER_COMPILER_INTERNAL_H
#include "parser/compile.h"
#include "parser/scope.h"
#include "vm/exec/opcodes.h"

#define SK_COMPILE_MAX_DEPTH 2000
#define SK_COMPILE_MAX_BLOCKS 20 // CPython: "too many statically nested blocks"

// A protected range of instructions whose handler is a label. Its start
// is -1 while the range is suspended (code inlined while leaving a block
// by return/break/continue is not protected by that block).
typedef struct SkRegion {
    int32_t start;
    int target;     // label
    uint32_t depth; // operand stack depth kept by the handler
} SkRegion;

typedef struct SkPendingHandler {
    uint32_t start, end, depth;
    int target; // label, resolved when the code object is assembled
} SkPendingHandler;

typedef enum SkBlockKind {
    SK_BLOCK_WHILE,       // continue -> cont, break -> brk
    SK_BLOCK_FOR,         // the iterator is on the stack: break pops it
    SK_BLOCK_TRY_EXCEPT,  // body of try/except
    SK_BLOCK_FINALLY_TRY, // body of try/finally: leaving it runs the finally body
    SK_BLOCK_FINALLY_END, // finally body run for an exception: [prev exc] on the stack
    SK_BLOCK_HANDLER,     // an except clause body: [prev] on the stack
    SK_BLOCK_WITH,        // body of with: [exit] on the stack
} SkBlockKind;

typedef struct SkBlock {
    SkBlockKind kind;
    int brk, cont;              // loops: labels
    int region, region2;        // owned protected regions, -1 if none
    const SkAstList *finalbody; // FINALLY_TRY
    const char *exc_name;       // HANDLER of `except E as name`
    int line;
} SkBlock;

// One code object being compiled.
typedef struct SkUnit {
    struct SkUnit *parent;
    SkScope *scope;
    const SkAst *node;
    SkStr *name, *qualname;

    uint32_t *code, *lines;
    uint32_t ncode, code_cap;
    int line; // line given to emitted instructions
    uint32_t firstline;

    SkValue *consts;
    uint32_t nconsts, consts_cap;
    int32_t *const_index; // hash of consts -> index; -1 empty
    uint32_t const_mask;

    SkStr **names;
    uint32_t nnames, names_cap;
    int32_t *name_index;
    uint32_t name_mask;

    SkStr **varnames; // one per slot
    int *sym_slot;    // scope->syms index -> slot (-1: not a slot)
    uint16_t nlocals, nfrees, free_base;
    uint16_t *cells;
    uint16_t ncells;
    uint16_t argcount, posonlycount, kwonlycount, flags;

    int *labels; // label -> instruction index, -1 unbound
    int nlabels, labels_cap;
    uint32_t *fixups; // instruction indexes whose arg is a label number
    uint32_t nfixups, fixups_cap;

    SkRegion *regions;
    int nregions, regions_cap;
    SkPendingHandler *handlers;
    uint32_t nhandlers, handlers_cap;

    SkBlock blocks[SK_COMPILE_MAX_BLOCKS];
    int nblocks;

    int32_t last_ins;    // index of the last instruction emitted, -1 none
    uint32_t label_mark; // ncode when a label was last bound
    int noemit;          // > 0: dead code, checked for errors but not emitted
    int depth, maxdepth;
    uint32_t ncaches;
    SkValue doc;
} SkUnit;

typedef struct SkCompiler {
    SkVM *vm;
    const char *src;
    size_t srclen;
    const char *filename;
    SkStr *filename_str;
    SkParseMode mode;
    bool dynamic;   // compile()/exec()/eval(): module-level names use the *_NAME ops
    SkAst **future; // the module's leading `from __future__ import` statements
    int nfuture;
    bool future_annotations; // `from __future__ import annotations`: annotations stay text
    SkScope *top;
    SkUnit *u;
    SkList *keep; // interned strings in use: the intern table is weak, the arena
                  // holds only new objects, so found ones are kept alive here
    bool failed;
    int depth; // recursion depth of the tree walk
} SkCompiler;

typedef SkCompiler C;

// --- compile.c: errors ---
void sk_cerr(C *c, const SkAst *at, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
void sk_cerr_nomem(C *c);
bool sk_center(C *c, const SkAst *at); // recursion guard; pair with c->depth--

// --- compile.c: emitting ---
int sk_cemit(C *c, int op, uint32_t arg); // index of the instruction, -1 on failure
void sk_cemit_jump(C *c, int op, int label);
int sk_clabel(C *c);
void sk_cbind(C *c, int label);
void sk_cset_depth(C *c, int depth);
uint32_t sk_cconst(C *c, SkValue v);
void sk_cemit_const(C *c, SkValue v);
uint32_t sk_cname(C *c, const char *s, size_t len);
SkStr *sk_cintern(C *c, const char *s, size_t len);
SkValue sk_cstr(C *c, const char *s, size_t len);
// The last emitted instruction ends control flow (return, raise, jump).
bool sk_cterminated(C *c);

int sk_cregion_open(C *c, int target, int depth);
void sk_cregion_suspend(C *c, int r);
void sk_cregion_resume(C *c, int r);

// A source identifier as the current unit sees it (private names mangled).
#define SK_MANGLE_CAP 512
const char *sk_cmangle(C *c, const char *name, char *buf);

// Name access in the current unit.
typedef enum { SK_NAME_LOAD, SK_NAME_STORE, SK_NAME_DEL } SkNameOp;
void sk_cname_op(C *c, const char *name, SkNameOp op);
// Slot of a FREE/CELL name in the current unit (for LOAD_CLOSURE), or -1.
int sk_cderef_slot(C *c, const char *name);
SkSymScope sk_cresolve(C *c, const char *name);

// Compile a nested scope's body into a code object (pushes a unit).
SkCode *sk_ccompile_scope(C *c, const SkAst *node, SkScope *scope);
// Emit the closure tuple (if any) and MAKE_FUNCTION for code; `flags`
// says which of defaults/kwdefaults are already on the stack.
void sk_cmake_closure(C *c, SkCode *code, const SkScope *scope, uint32_t flags);

// --- compile_expr.c ---
// Push positional args as a tuple and keywords (if any) as a dict, as for
// CALL_EX and BUILD_CLASS_EX; returns 1 when a dict was pushed.
// Push the value an annotation stores: the evaluated expression, or its
// source text under `from __future__ import annotations`.
void sk_cannotation(C *c, const SkAst *ann);
// `__annotations__ = {}` when a module or class body annotates a name.
void sk_csetup_annotations(C *c, const SkAstList *body);
uint32_t sk_cex_args(C *c, const SkAstList *args, const SkAstList *kws);
void sk_cexpr(C *c, const SkAst *e);
// e is only iterated or searched: a list display of constants becomes a tuple
// constant, a set display of constants a frozenset constant.
void sk_cexpr_container(C *c, const SkAst *e);
// Evaluate e for its truth and jump to label when it equals `when`.
void sk_cjump_if(C *c, const SkAst *e, bool when, int label);
// Try to fold e to a constant; true with *out set on success.
bool sk_cfold(C *c, const SkAst *e, SkValue *out);
int sk_cconst_truth(SkValue v);            // 1, 0, or -1 unknown
void sk_cstore(C *c, const SkAst *target); // store TOS into target
void sk_cdelete(C *c, const SkAst *target);
// "literal", "function call", ... as CPython names expressions in errors.
const char *sk_cexpr_name(const SkAst *e);
void sk_cfunction_def(C *c, const SkAst *node); // FUNCDEF or LAMBDA: leaves the function
void sk_cbody_comprehension(C *c, const SkAst *e);

// --- compile_stmt.c ---
void sk_cstmt(C *c, const SkAst *s);
void sk_cstmts(C *c, const SkAstList *l);
void sk_cclass_body(C *c, const SkAst *node);

#endif
