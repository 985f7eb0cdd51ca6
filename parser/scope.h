// parser/scope.h -- symbol tables: which names of each function, class,
// lambda and comprehension are local, global, free or cell variables.
// Built from the syntax tree before code generation (compile.c), in two
// passes modelled on CPython's symtable.c: collect how every name is used
// in every scope, then resolve names against the enclosing scopes.
// Knows nothing of the VM: errors come back as an SkScopeError.
#ifndef SK_PARSER_SCOPE_H
#define SK_PARSER_SCOPE_H
#include "parser/ast.h"

typedef enum SkScopeKind {
    SK_SCOPE_MODULE,
    SK_SCOPE_FUNCTION,
    SK_SCOPE_LAMBDA,
    SK_SCOPE_CLASS,
    SK_SCOPE_COMPREHENSION,
} SkScopeKind;

// How a name is used in its scope (first pass).
#define SK_SYM_DEF_LOCAL 0x01 // bound: assigned, deleted, imported, def/class name
#define SK_SYM_DEF_PARAM 0x02
#define SK_SYM_DEF_GLOBAL 0x04   // `global` statement
#define SK_SYM_DEF_NONLOCAL 0x08 // `nonlocal` statement (or a walrus in a comprehension)
#define SK_SYM_USE 0x10          // read
#define SK_SYM_FREE_CLASS 0x20   // class scope: also passed through to methods as free
#define SK_SYM_COMP_ITER 0x40    // a comprehension's iteration variable
#define SK_SYM_BOUND (SK_SYM_DEF_LOCAL | SK_SYM_DEF_PARAM)

// Where a name lives (second pass).
typedef enum SkSymScope {
    SK_SYM_UNRESOLVED,
    SK_SYM_LOCAL,           // a fast slot (function) or the namespace (module, class)
    SK_SYM_GLOBAL_EXPLICIT, // declared global
    SK_SYM_GLOBAL_IMPLICIT, // not bound anywhere visible: globals, then builtins
    SK_SYM_FREE,            // bound in an enclosing function: a cell from the closure
    SK_SYM_CELL,            // local, captured by an inner scope: lives in a cell
} SkSymScope;

typedef struct SkSymbol {
    const char *name; // points into the AST arena (or a static string)
    uint32_t hash;
    uint16_t flags; // SK_SYM_*
    uint8_t scope;  // SkSymScope
    int line, col;  // first use or the declaration, for error messages
} SkSymbol;

// An insertion-ordered set of names with flags.
typedef struct SkSymTable {
    SkSymbol *syms;
    int len, cap;
    int32_t *index; // open addressing into syms; -1 empty
    int mask;
} SkSymTable;

typedef struct SkScope {
    SkScopeKind kind;
    const SkAst *node; // FUNCDEF, LAMBDA, CLASSDEF, *COMP/GENEXP, or the module
    const char *name;  // "f", "C", "<lambda>", "<listcomp>", "<module>"
    struct SkScope *parent;
    SkSymTable syms;
    SkSymTable frees; // free variables in closure order (class: incl. pass-through)
    struct SkScope **children;
    int nchildren, children_cap;
    bool generator;           // contains yield / yield from (or is a genexp)
    bool needs_class_closure; // class whose methods use super() or __class__
    const char *private_name; // class name used to mangle __names here (NULL outside classes)
    char **owned;             // root only: names made by the builder ("a" of `import a.b`)
    int nowned, owned_cap;
} SkScope;

typedef enum SkScopeErrKind {
    SK_SCOPE_ERR_SYNTAX,
    SK_SCOPE_ERR_RECURSION,
    SK_SCOPE_ERR_MEMORY
} SkScopeErrKind;

typedef struct SkScopeError {
    SkScopeErrKind kind;
    char msg[256];
    int line, col;
    int end_line, end_col; // 0 when unknown
} SkScopeError;

// Build the scope tree of a module (or, with eval true, of a single
// expression compiled as a module). NULL on error with *err filled.
SkScope *sk_scope_build(const SkAst *root, bool eval, SkScopeError *err);
void sk_scope_free(SkScope *s);
// The child scope created for node (a FUNCDEF, LAMBDA, CLASSDEF or comprehension).
SkScope *sk_scope_child(const SkScope *s, const SkAst *node);
// The symbol for name in s, or NULL.
SkSymbol *sk_scope_lookup(const SkScope *s, const char *name);
// Position of name in t (insertion order), or -1.
int sk_symtab_index(const SkSymTable *t, const char *name);
// CPython's private name mangling: inside class C (and functions nested in
// it) an identifier __x not ending in __ means _C__x. Returns name, or the
// mangled name written into buf; NULL if it does not fit in cap bytes.
const char *sk_scope_mangle(const char *private_name, const char *name, char *buf, size_t cap);

// A function-like scope: its names live in fast slots.
static inline bool sk_scope_is_function(const SkScope *s) {
    return s->kind == SK_SCOPE_FUNCTION || s->kind == SK_SCOPE_LAMBDA ||
           s->kind == SK_SCOPE_COMPREHENSION;
}

#endif
