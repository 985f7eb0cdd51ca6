// parser/ast.c -- the syntax-tree arena and small node helpers. Every
// node, list and string of one parse lives in chunks of one SkAstArena,
// so the tree is freed at once after compilation and the parser never
// frees anything on its error paths.
#include "parser/ast.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// Chunks grow geometrically so a 20 MB literal and a tiny REPL line both
// cost few mallocs; big requests get a chunk of their own.
#define CHUNK_MIN 4096
#define CHUNK_MAX (1u << 20)

typedef struct SkAstChunk {
    struct SkAstChunk *next;
    size_t used, size;
    _Alignas(max_align_t) unsigned char data[];
} SkAstChunk;

void sk_arena_init(SkAstArena *a) { a->chunks = NULL; }

void sk_arena_free(SkAstArena *a) {
    SkAstChunk *c = a->chunks;
    while (c) {
        SkAstChunk *next = c->next;
        free(c);
        c = next;
    }
    a->chunks = NULL;
}

void *sk_arena_alloc(SkAstArena *a, size_t size) {
    const size_t align = _Alignof(max_align_t);
    if (size > SIZE_MAX / 2) return NULL;
    size = (size + align - 1) & ~(align - 1);
    if (size == 0) size = align;
    SkAstChunk *c = a->chunks;
    if (!c || c->size - c->used < size) {
        size_t csize = c ? c->size * 2 : CHUNK_MIN;
        if (csize > CHUNK_MAX) csize = CHUNK_MAX;
        if (csize < size) csize = size;
        SkAstChunk *n = malloc(sizeof(SkAstChunk) + csize);
        if (!n) return NULL;
        n->size = csize;
        n->used = 0;
        if (c && csize == size && c->size - c->used >= CHUNK_MIN) {
            // A big one-off block: keep filling the current chunk afterwards.
            n->next = c->next;
            c->next = n;
            n->used = size;
            memset(n->data, 0, size);
            return n->data;
        }
        n->next = c;
        a->chunks = c = n;
    }
    void *p = c->data + c->used;
    c->used += size;
    memset(p, 0, size);
    return p;
}

char *sk_arena_strdup(SkAstArena *a, const char *s, size_t len) {
    if (len == SIZE_MAX) return NULL;
    char *p = sk_arena_alloc(a, len + 1);
    if (!p) return NULL;
    if (len) memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

SkAst *sk_ast_new(SkAstArena *a, SkAstKind kind, int line, int col) {
    SkAst *n = sk_arena_alloc(a, sizeof(SkAst));
    if (!n) return NULL;
    n->kind = (uint8_t)kind;
    n->line = n->end_line = line;
    n->col = n->end_col = col;
    return n;
}

bool sk_ast_list_push(SkAstArena *a, SkAstList *l, SkAst *node) {
    if (l->len == l->cap) {
        if (l->cap > (1 << 28)) return false;
        int ncap = l->cap ? l->cap * 2 : 4;
        SkAst **items = sk_arena_alloc(a, sizeof(SkAst *) * (size_t)ncap);
        if (!items) return false;
        if (l->len) memcpy(items, l->items, sizeof(SkAst *) * (size_t)l->len);
        l->items = items;
        l->cap = ncap;
    }
    l->items[l->len++] = node;
    return true;
}

static const char *const kind_names[AST_KIND_COUNT] = {
    "Module",         "Expr",      "Assign",       "AugAssign",     "AnnAssign",     "If",
    "While",          "For",       "Break",        "Continue",      "Pass",          "Return",
    "FunctionDef",    "ClassDef",  "Try",          "ExceptHandler", "Raise",         "With",
    "withitem",       "Global",    "Nonlocal",     "Import",        "ImportFrom",    "alias",
    "Assert",         "Delete",    "Name",         "Int",           "Float",         "Str",
    "Bytes",          "None",      "True",         "False",         "Ellipsis",      "JoinedStr",
    "FormattedValue", "BinOp",     "UnaryOp",      "BoolOp",        "Compare",       "IfExp",
    "NamedExpr",      "Lambda",    "Call",         "keyword",       "Attribute",     "Subscript",
    "Slice",          "Starred",   "List",         "Tuple",         "Set",           "Dict",
    "ListComp",       "SetComp",   "GeneratorExp", "DictComp",      "comprehension", "Yield",
    "YieldFrom",      "arguments", "arg",
};

const char *sk_ast_kind_name(SkAstKind kind) {
    if ((unsigned)kind >= AST_KIND_COUNT) return "?";
    return kind_names[kind];
}

static const char *const op_names[] = {
    "Add",    "Sub",   "Mult",   "Div",  "FloorDiv", "Mod", "Pow",    "MatMult", "LShift", "RShift",
    "BitAnd", "BitOr", "BitXor", "USub", "UAdd",     "Not", "Invert", "And",     "Or",     "Lt",
    "LtE",    "Eq",    "NotEq",  "Gt",   "GtE",      "Is",  "IsNot",  "In",      "NotIn",
};

static const char *op_name(unsigned op) {
    return op < sizeof op_names / sizeof op_names[0] ? op_names[op] : "?";
}

static void dump_str(FILE *f, const char *s, size_t len) {
    fputc('\'', f);
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == '\\' || ch == '\'')
            fprintf(f, "\\%c", ch);
        else if (ch == '\n')
            fputs("\\n", f);
        else if (ch < 0x20 || ch == 0x7f)
            fprintf(f, "\\x%02x", ch);
        else
            fputc(ch, f);
    }
    fputc('\'', f);
}

static void dump_list(FILE *f, const char *label, const SkAstList *l, int indent) {
    if (!l->len) return;
    fprintf(f, "%*s%s:\n", indent, "", label);
    for (int i = 0; i < l->len; i++) {
        if (l->items[i])
            sk_ast_dump(l->items[i], indent + 2, f);
        else
            fprintf(f, "%*s<null>\n", indent + 2, "");
    }
}

static void dump_child(FILE *f, const char *label, const SkAst *n, int indent) {
    if (!n) return;
    fprintf(f, "%*s%s:\n", indent, "", label);
    sk_ast_dump(n, indent + 2, f);
}

// One line per node: kind, then the scalar fields that kind uses, then
// its children indented below. Deterministic so tests can compare text.
void sk_ast_dump(const SkAst *n, int indent, void *file) {
    FILE *f = file;
    if (!n) {
        fprintf(f, "%*s<null>\n", indent, "");
        return;
    }
    fprintf(f, "%*s%s", indent, "", sk_ast_kind_name((SkAstKind)n->kind));
    switch (n->kind) {
    case AST_NAME:
        fprintf(f, " %s%s", n->str,
                n->ctx == SK_CTX_STORE ? " store"
                : n->ctx == SK_CTX_DEL ? " del"
                                       : "");
        break;
    case AST_INT: fprintf(f, " %lld", (long long)n->ival); break;
    case AST_FLOAT: fprintf(f, " %.17g", n->fval); break;
    case AST_STR:
    case AST_BYTES:
        fputc(' ', f);
        dump_str(f, n->str, n->len);
        break;
    case AST_BINOP:
    case AST_UNARYOP:
    case AST_BOOLOP:
    case AST_AUGASSIGN: fprintf(f, " %s", op_name(n->op)); break;
    case AST_COMPARE:
        for (int i = 0; i < n->list.len; i++) fprintf(f, " %s", op_name(n->ops[i]));
        break;
    case AST_FUNCDEF:
    case AST_CLASSDEF:
    case AST_ARG: fprintf(f, " %s", n->str); break;
    case AST_ATTRIBUTE:
        fprintf(f, " .%s%s", n->str,
                n->ctx == SK_CTX_STORE ? " store"
                : n->ctx == SK_CTX_DEL ? " del"
                                       : "");
        break;
    case AST_KEYWORD: fprintf(f, " %s", n->str ? n->str : "**"); break;
    case AST_EXCEPTHANDLER:
        if (n->str) fprintf(f, " as %s", n->str);
        break;
    case AST_ALIAS:
        fprintf(f, " %s", n->str);
        if (n->str2) fprintf(f, " as %s", n->str2);
        break;
    case AST_IMPORTFROM:
        fprintf(f, " %.*s%s", (int)n->ival, "..........................", n->str);
        break;
    case AST_FORMATTED:
        if (n->ival) fprintf(f, " !%c", (int)n->ival);
        break;
    case AST_ARGUMENTS:
        if (n->ival) fprintf(f, " posonly=%lld", (long long)n->ival);
        if (n->str) fprintf(f, " *%s", n->str);
        if (n->str2) fprintf(f, " **%s", n->str2);
        break;
    case AST_SUBSCRIPT:
    case AST_STARRED:
    case AST_LIST:
    case AST_TUPLE:
        if (n->ctx == SK_CTX_STORE)
            fputs(" store", f);
        else if (n->ctx == SK_CTX_DEL)
            fputs(" del", f);
        break;
    default: break;
    }
    fputc('\n', f);
    indent += 2;
    if (n->kind != AST_ARGUMENTS) { // its a and b repeat the *args / **kwargs parameters
        dump_child(f, "a", n->a, indent);
        dump_child(f, "b", n->b, indent);
    }
    dump_child(f, "c", n->c, indent);
    if (n->kind == AST_DICT) {
        if (n->list.len) {
            fprintf(f, "%*sitems:\n", indent, "");
            for (int i = 0; i < n->list.len; i++) {
                if (n->list.items[i])
                    sk_ast_dump(n->list.items[i], indent + 2, f);
                else
                    fprintf(f, "%*s**\n", indent + 2, "");
                sk_ast_dump(n->list2.items[i], indent + 4, f);
            }
        }
        return;
    }
    dump_list(f, "list", &n->list, indent);
    dump_list(f, "list2", &n->list2, indent);
    dump_list(f, "list3", &n->list3, indent);
    dump_list(f, "list4", &n->list4, indent);
}
