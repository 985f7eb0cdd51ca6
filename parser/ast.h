// parser/ast.h -- the syntax tree the Bison grammar builds and
// parser/compile.c walks. One node struct for every kind; the table
// below says which fields each kind uses. Nodes, lists and strings live
// in an SkAstArena and are freed together after compilation; the AST
// holds no VM objects, so the parser never touches the GC.
#ifndef SK_PARSER_AST_H
#define SK_PARSER_AST_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct SkAst SkAst;

typedef struct SkAstList {
    SkAst **items;
    int len, cap;
} SkAstList;

// Field use per kind ("str" is always NUL-terminated, with its byte length in len;
// string contents are already decoded UTF-8 and may contain NUL bytes):
//
// module      list: statements
// -- statements --
// EXPR        a: value
// ASSIGN      list: targets (a = b = v has two), a: value
// AUGASSIGN   a: target, op: SkAstOp, b: value
// ANNASSIGN   a: target, b: annotation, c: value or NULL
// IF          a: test, list: body, list2: orelse (an elif is a lone IF in orelse)
// WHILE       a: test, list: body, list2: orelse
// FOR         a: target, b: iter, list: body, list2: orelse
// BREAK CONTINUE PASS
// RETURN      a: value or NULL
// FUNCDEF     str: name, a: ARGUMENTS, list: body, list2: decorators, b: returns or NULL
// CLASSDEF    str: name, list: body, list2: decorators, list3: bases (may hold STARRED),
//             list4: KEYWORD nodes (metaclass=M, keywords for __init_subclass__)
// TRY         list: body, list2: EXCEPTHANDLER nodes, list3: orelse, list4: finalbody
// EXCEPTHANDLER  a: type or NULL, str: name or NULL, list: body
// RAISE       a: exc or NULL, b: cause or NULL
// WITH        list: WITHITEM nodes, list2: body
// WITHITEM    a: context expr, b: target or NULL
// GLOBAL NONLOCAL  list: NAME nodes
// IMPORT      list: ALIAS nodes
// IMPORTFROM  str: module ("" for `from . import x`), ival: level (leading dots),
//             list: ALIAS nodes; a single ALIAS named "*" for `import *`
// ALIAS       str: dotted name, str2: asname or NULL
// ASSERT      a: test, b: msg or NULL
// DEL         list: targets
// -- expressions --
// NAME        str: identifier, ctx: load/store/del
// INT         ival          FLOAT  fval (op 1: an imaginary literal, fval j)
// STR         str, len      BYTES  str, len (raw bytes)
// NONE TRUE FALSE ELLIPSIS
// JOINEDSTR   list: parts, each STR or FORMATTED (an f-string; adjacent literals concatenated)
// FORMATTED   a: value, ival: conversion (0 none, 's', 'r', 'a'), b: spec (JOINEDSTR) or NULL
// BINOP       op, a: left, b: right
// UNARYOP     op (SK_OP_NEG/POS/NOT/INVERT), a: operand
// BOOLOP      op (SK_OP_AND/OR), list: values (two or more)
// COMPARE     a: left, list: comparators, ops: SkAstOp per comparator (ops[i], list.len of them)
// IFEXP       a: test, b: body, c: orelse
// NAMEDEXPR   a: target NAME, b: value        (x := v)
// LAMBDA      a: ARGUMENTS, b: body expression
// CALL        a: func, list: positional args (STARRED for *x), list2: KEYWORD nodes
// KEYWORD     str: name, or NULL for **value; a: value
// ATTRIBUTE   a: value, str: attr, ctx
// SUBSCRIPT   a: value, b: index (SLICE, TUPLE of slices, or expr), ctx
// SLICE       a: lower, b: upper, c: step (each may be NULL)
// STARRED     a: value, ctx
// LIST TUPLE SET  list: elements (STARRED allowed), ctx for LIST/TUPLE targets
// DICT        list: keys (NULL entry for **value), list2: values
// LISTCOMP SETCOMP GENEXP  a: element, list: COMPREHENSION nodes
// DICTCOMP    a: key, b: value, list: COMPREHENSION nodes
// COMPREHENSION  a: target, b: iter, list: if conditions
// YIELD       a: value or NULL     YIELDFROM  a: value
// ARGUMENTS   list: ARG positional (posonly first), ival: posonly count,
//             str: *args name or NULL, list2: ARG keyword-only, str2: **kwargs name or NULL
//             (a bare `*` gives str NULL and keyword-only args); a, b: the ARG nodes
//             of *args and **kwargs (for their annotations) or NULL
// ARG         str: name, a: default or NULL, b: annotation or NULL

typedef enum SkAstKind {
    AST_MODULE,
    AST_EXPR,
    AST_ASSIGN,
    AST_AUGASSIGN,
    AST_ANNASSIGN,
    AST_IF,
    AST_WHILE,
    AST_FOR,
    AST_BREAK,
    AST_CONTINUE,
    AST_PASS,
    AST_RETURN,
    AST_FUNCDEF,
    AST_CLASSDEF,
    AST_TRY,
    AST_EXCEPTHANDLER,
    AST_RAISE,
    AST_WITH,
    AST_WITHITEM,
    AST_GLOBAL,
    AST_NONLOCAL,
    AST_IMPORT,
    AST_IMPORTFROM,
    AST_ALIAS,
    AST_ASSERT,
    AST_DEL,
    AST_NAME,
    AST_INT,
    AST_FLOAT,
    AST_STR,
    AST_BYTES,
    AST_NONE,
    AST_TRUE,
    AST_FALSE,
    AST_ELLIPSIS,
    AST_JOINEDSTR,
    AST_FORMATTED,
    AST_BINOP,
    AST_UNARYOP,
    AST_BOOLOP,
    AST_COMPARE,
    AST_IFEXP,
    AST_NAMEDEXPR,
    AST_LAMBDA,
    AST_CALL,
    AST_KEYWORD,
    AST_ATTRIBUTE,
    AST_SUBSCRIPT,
    AST_SLICE,
    AST_STARRED,
    AST_LIST,
    AST_TUPLE,
    AST_SET,
    AST_DICT,
    AST_LISTCOMP,
    AST_SETCOMP,
    AST_GENEXP,
    AST_DICTCOMP,
    AST_COMPREHENSION,
    AST_YIELD,
    AST_YIELDFROM,
    AST_ARGUMENTS,
    AST_ARG,
    AST_KIND_COUNT
} SkAstKind;

typedef enum SkAstOp {
    SK_OP_ADD,
    SK_OP_SUB,
    SK_OP_MUL,
    SK_OP_DIV,
    SK_OP_FLOORDIV,
    SK_OP_MOD,
    SK_OP_POW,
    SK_OP_MATMUL,
    SK_OP_LSHIFT,
    SK_OP_RSHIFT,
    SK_OP_BITAND,
    SK_OP_BITOR,
    SK_OP_BITXOR,
    SK_OP_NEG,
    SK_OP_POS,
    SK_OP_NOT,
    SK_OP_INVERT,
    SK_OP_AND,
    SK_OP_OR,
    SK_OP_LT,
    SK_OP_LE,
    SK_OP_EQ,
    SK_OP_NE,
    SK_OP_GT,
    SK_OP_GE,
    SK_OP_IS,
    SK_OP_ISNOT,
    SK_OP_IN,
    SK_OP_NOTIN,
} SkAstOp;

typedef enum SkAstCtx { SK_CTX_LOAD, SK_CTX_STORE, SK_CTX_DEL } SkAstCtx;

struct SkAst {
    uint8_t kind;  // SkAstKind
    uint8_t op;    // SkAstOp
    uint8_t ctx;   // SkAstCtx
    int line, col; // 1-based line, 1-based column of the first character
    int end_line, end_col;
    const char *str;
    size_t len; // byte length of str
    const char *str2;
    int64_t ival;
    double fval;
    SkAst *a, *b, *c;
    SkAstList list, list2, list3, list4;
    uint8_t *ops; // COMPARE: one SkAstOp per comparator
};

// Arena: every allocation of one parse, freed at once.
typedef struct SkAstArena {
    struct SkAstChunk *chunks;
} SkAstArena;

void sk_arena_init(SkAstArena *a);
void sk_arena_free(SkAstArena *a);
void *sk_arena_alloc(SkAstArena *a, size_t size); // zeroed; aborts never: NULL on OOM
char *sk_arena_strdup(SkAstArena *a, const char *s, size_t len);
SkAst *sk_ast_new(SkAstArena *a, SkAstKind kind, int line, int col);
bool sk_ast_list_push(SkAstArena *a, SkAstList *l, SkAst *node);
const char *sk_ast_kind_name(SkAstKind kind);
// Print a tree as indented text (tests, debugging).
void sk_ast_dump(const SkAst *node, int indent, void *file /* FILE* */);

#endif
