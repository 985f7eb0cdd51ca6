// parser/scope.c -- builds the scope tree the compiler consults for every
// name: pass 1 walks the syntax tree recording, per scope, how each name
// is used (bound, read, declared global/nonlocal); pass 2 resolves each
// name to local / global / free / cell exactly as CPython's symtable.c
// does, so closures, class bodies and comprehensions see the same names
// they see in CPython. Errors are the SyntaxErrors CPython's symtable
// raises, with the same wording.
#include "parser/scope.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 2000

// --- symbol tables (insertion ordered, hashed) --------------------------

static uint32_t name_hash(const char *s) {
    uint32_t h = 2166136261u;
    for (; *s; s++) h = (h ^ (uint8_t)*s) * 16777619u;
    return h;
}

static void symtab_free(SkSymTable *t) {
    free(t->syms);
    free(t->index);
    memset(t, 0, sizeof *t);
}

static int symtab_find(const SkSymTable *t, const char *name, uint32_t h) {
    if (!t->index) return -1;
    for (uint32_t i = h & (uint32_t)t->mask;; i = (i + 1) & (uint32_t)t->mask) {
        int32_t k = t->index[i];
        if (k < 0) return -1;
        if (t->syms[k].hash == h && strcmp(t->syms[k].name, name) == 0) return k;
    }
}

static bool symtab_reindex(SkSymTable *t, int size) {
    int32_t *idx = malloc(sizeof(int32_t) * (size_t)size);
    if (!idx) return false;
    for (int i = 0; i < size; i++) idx[i] = -1;
    for (int k = 0; k < t->len; k++) {
        uint32_t i = t->syms[k].hash & (uint32_t)(size - 1);
        while (idx[i] >= 0) i = (i + 1) & (uint32_t)(size - 1);
        idx[i] = k;
    }
    free(t->index);
    t->index = idx;
    t->mask = size - 1;
    return true;
}

// The symbol for name, created with no flags when absent. NULL on OOM.
static SkSymbol *symtab_get(SkSymTable *t, const char *name, int line, int col) {
    uint32_t h = name_hash(name);
    int k = symtab_find(t, name, h);
    if (k >= 0) return &t->syms[k];
    if (t->len == t->cap) {
        int ncap = t->cap ? t->cap * 2 : 8;
        SkSymbol *ns = realloc(t->syms, sizeof(SkSymbol) * (size_t)ncap);
        if (!ns) return NULL;
        t->syms = ns;
        t->cap = ncap;
    }
    if (!t->index || (t->len + 1) * 2 > t->mask + 1) {
        int size = t->index ? (t->mask + 1) * 2 : 16;
        while ((t->len + 1) * 2 > size) size *= 2;
        // reindex after appending below; grow the index first
        if (!symtab_reindex(t, size)) return NULL;
    }
    SkSymbol *s = &t->syms[t->len];
    memset(s, 0, sizeof *s);
    s->name = name;
    s->hash = h;
    s->line = line;
    s->col = col;
    uint32_t i = h & (uint32_t)t->mask;
    while (t->index[i] >= 0) i = (i + 1) & (uint32_t)t->mask;
    t->index[i] = t->len++;
    return s;
}

SkSymbol *sk_scope_lookup(const SkScope *s, const char *name) {
    int k = symtab_find(&s->syms, name, name_hash(name));
    return k < 0 ? NULL : &s->syms.syms[k];
}

int sk_symtab_index(const SkSymTable *t, const char *name) {
    return symtab_find(t, name, name_hash(name));
}

// Name sets for pass 2 reuse SkSymTable: flags 1 means present.
static bool set_has(const SkSymTable *t, const char *name) {
    int k = symtab_find(t, name, name_hash(name));
    return k >= 0 && t->syms[k].flags;
}
static bool set_add(SkSymTable *t, const char *name) {
    SkSymbol *s = symtab_get(t, name, 0, 0);
    if (!s) return false;
    s->flags = 1;
    return true;
}
static void set_discard(SkSymTable *t, const char *name) {
    int k = symtab_find(t, name, name_hash(name));
    if (k >= 0) t->syms[k].flags = 0;
}
static bool set_update(SkSymTable *t, const SkSymTable *from) {
    for (int i = 0; i < from->len; i++)
        if (from->syms[i].flags && !set_add(t, from->syms[i].name)) return false;
    return true;
}

// --- pass 1: collect ----------------------------------------------------

typedef struct Builder {
    SkScope *cur;
    SkScopeError *err;
    bool failed;
    int depth;
} Builder;

#if defined(__GNUC__)
static void fail(Builder *b, const SkAst *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
#endif
static void fail(Builder *b, const SkAst *at, const char *fmt, ...) {
    if (b->failed) return;
    b->failed = true;
    b->err->kind = SK_SCOPE_ERR_SYNTAX;
    b->err->line = at ? at->line : 0;
    b->err->col = at ? at->col : 0;
    b->err->end_line = at ? at->end_line : 0;
    b->err->end_col = at ? at->end_col : 0;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(b->err->msg, sizeof b->err->msg, fmt, ap);
    va_end(ap);
}

static void fail_nomem(Builder *b) {
    if (b->failed) return;
    b->failed = true;
    b->err->kind = SK_SCOPE_ERR_MEMORY;
    snprintf(b->err->msg, sizeof b->err->msg, "out of memory");
}

static SkScope *scope_new(Builder *b, SkScopeKind kind, const SkAst *node, const char *name) {
    SkScope *s = calloc(1, sizeof *s);
    if (!s) {
        fail_nomem(b);
        return NULL;
    }
    s->kind = kind;
    s->node = node;
    s->name = name;
    s->parent = b->cur;
    s->private_name = kind == SK_SCOPE_CLASS ? name : b->cur ? b->cur->private_name : NULL;
    if (b->cur) {
        SkScope *p = b->cur;
        if (p->nchildren == p->children_cap) {
            int ncap = p->children_cap ? p->children_cap * 2 : 4;
            SkScope **nc = realloc(p->children, sizeof(SkScope *) * (size_t)ncap);
            if (!nc) {
                free(s);
                fail_nomem(b);
                return NULL;
            }
            p->children = nc;
            p->children_cap = ncap;
        }
        p->children[p->nchildren++] = s;
    }
    return s;
}

void sk_scope_free(SkScope *s) {
    if (!s) return;
    for (int i = 0; i < s->nchildren; i++) sk_scope_free(s->children[i]);
    free(s->children);
    symtab_free(&s->syms);
    symtab_free(&s->frees);
    for (int i = 0; i < s->nowned; i++) free(s->owned[i]);
    free(s->owned);
    free(s);
}

SkScope *sk_scope_child(const SkScope *s, const SkAst *node) {
    for (int i = 0; i < s->nchildren; i++)
        if (s->children[i]->node == node) return s->children[i];
    return NULL;
}

// A NUL-terminated copy owned by the scope tree (freed with it).
static char *own_strndup(Builder *b, const char *s, size_t n) {
    SkScope *root = b->cur;
    while (root->parent) root = root->parent;
    if (root->nowned == root->owned_cap) {
        int ncap = root->owned_cap ? root->owned_cap * 2 : 8;
        char **no = realloc(root->owned, sizeof(char *) * (size_t)ncap);
        if (!no) {
            fail_nomem(b);
            return NULL;
        }
        root->owned = no;
        root->owned_cap = ncap;
    }
    char *c = malloc(n + 1);
    if (!c) {
        fail_nomem(b);
        return NULL;
    }
    memcpy(c, s, n);
    c[n] = 0;
    root->owned[root->nowned++] = c;
    return c;
}

const char *sk_scope_mangle(const char *private_name, const char *name, char *buf, size_t cap) {
    if (!private_name || name[0] != '_' || name[1] != '_') return name;
    size_t n = strlen(name);
    if ((n >= 4 && name[n - 1] == '_' && name[n - 2] == '_') || strchr(name, '.')) return name;
    while (*private_name == '_') private_name++;
    if (!*private_name) return name;
    size_t p = strlen(private_name);
    if (p + n + 2 > cap) return NULL;
    buf[0] = '_';
    memcpy(buf + 1, private_name, p);
    memcpy(buf + 1 + p, name, n + 1);
    return buf;
}

static SkSymbol *add_def(Builder *b, const char *name, int flag, const SkAst *at) {
    if (b->failed) return NULL;
    char buf[512];
    const char *m = sk_scope_mangle(b->cur->private_name, name, buf, sizeof buf);
    if (m != name) {
        name = m ? own_strndup(b, m, strlen(m)) : NULL;
        if (!name) {
            fail(b, at, "identifier too long");
            return NULL;
        }
    }
    SkSymbol *s = symtab_get(&b->cur->syms, name, at ? at->line : 0, at ? at->col : 0);
    if (!s) {
        fail_nomem(b);
        return NULL;
    }
    if ((flag & SK_SYM_DEF_PARAM) && (s->flags & SK_SYM_DEF_PARAM)) {
        fail(b, at, "duplicate argument '%s' in function definition", name);
        return NULL;
    }
    s->flags |= (uint16_t)flag;
    return s;
}

// Lookup of a source identifier in s, mangled as s mangles it.
static SkSymbol *lookup_m(const SkScope *s, const char *name) {
    char buf[512];
    const char *m = sk_scope_mangle(s->private_name, name, buf, sizeof buf);
    return m ? sk_scope_lookup(s, m) : NULL;
}

static void visit_expr(Builder *b, const SkAst *e);
static void visit_stmts(Builder *b, const SkAstList *l);

static void visit_exprs(Builder *b, const SkAstList *l) {
    for (int i = 0; i < l->len && !b->failed; i++)
        if (l->items[i]) visit_expr(b, l->items[i]);
}

static bool enter(Builder *b, const SkAst *at) {
    if (b->failed) return false;
    if (++b->depth > MAX_DEPTH) {
        b->failed = true;
        b->err->kind = SK_SCOPE_ERR_RECURSION;
        b->err->line = at->line;
        b->err->col = at->col;
        snprintf(b->err->msg, sizeof b->err->msg,
                 "maximum recursion depth exceeded during compilation");
        return false;
    }
    return true;
}

static void visit_target(Builder *b, const SkAst *t) {
    if (!enter(b, t)) return;
    switch (t->kind) {
    case AST_NAME: add_def(b, t->str, SK_SYM_DEF_LOCAL, t); break;
    case AST_TUPLE:
    case AST_LIST:
        for (int i = 0; i < t->list.len; i++) visit_target(b, t->list.items[i]);
        break;
    case AST_STARRED: visit_target(b, t->a); break;
    default: visit_expr(b, t); break; // attribute/subscript; the compiler rejects the rest
    }
    b->depth--;
}

static void visit_args_defaults(Builder *b, const SkAst *args) {
    if (!args) return;
    for (int i = 0; i < args->list.len; i++)
        if (args->list.items[i]->a) visit_expr(b, args->list.items[i]->a);
    for (int i = 0; i < args->list2.len; i++)
        if (args->list2.items[i]->a) visit_expr(b, args->list2.items[i]->a);
}

// Annotations of a def are evaluated in the enclosing scope, with the defaults.
static void visit_annotations(Builder *b, const SkAst *def) {
    const SkAst *args = def->a;
    if (args) {
        for (int i = 0; i < args->list.len; i++)
            if (args->list.items[i]->b) visit_expr(b, args->list.items[i]->b);
        for (int i = 0; i < args->list2.len; i++)
            if (args->list2.items[i]->b) visit_expr(b, args->list2.items[i]->b);
        if (args->a && args->a->b) visit_expr(b, args->a->b);
        if (args->b && args->b->b) visit_expr(b, args->b->b);
    }
    if (def->b) visit_expr(b, def->b);
}

static void visit_params(Builder *b, const SkAst *args) {
    if (!args) return;
    for (int i = 0; i < args->list.len; i++)
        add_def(b, args->list.items[i]->str, SK_SYM_DEF_PARAM, args->list.items[i]);
    for (int i = 0; i < args->list2.len; i++)
        add_def(b, args->list2.items[i]->str, SK_SYM_DEF_PARAM, args->list2.items[i]);
    if (args->str) add_def(b, args->str, SK_SYM_DEF_PARAM, args);
    if (args->str2) add_def(b, args->str2, SK_SYM_DEF_PARAM, args);
}

static const char *comp_name(int kind) {
    switch (kind) {
    case AST_LISTCOMP: return "<listcomp>";
    case AST_SETCOMP: return "<setcomp>";
    case AST_DICTCOMP: return "<dictcomp>";
    default: return "<genexpr>";
    }
}

static const char *comp_desc(int kind) {
    switch (kind) {
    case AST_LISTCOMP: return "list comprehension";
    case AST_SETCOMP: return "set comprehension";
    case AST_DICTCOMP: return "dict comprehension";
    default: return "generator expression";
    }
}

static void visit_comprehension(Builder *b, const SkAst *e) {
    if (e->list.len == 0) return;
    const SkAst *first = e->list.items[0];
    visit_expr(b, first->b); // the first iterable is evaluated in the enclosing scope
    SkScope *s = scope_new(b, SK_SCOPE_COMPREHENSION, e, comp_name(e->kind));
    if (!s) return;
    if (e->kind == AST_GENEXP) s->generator = true;
    b->cur = s;
    add_def(b, ".0", SK_SYM_DEF_PARAM, e);
    for (int i = 0; i < e->list.len && !b->failed; i++) {
        const SkAst *g = e->list.items[i];
        int before = s->syms.len;
        visit_target(b, g->a);
        // every name bound by the target is an iteration variable
        for (int k = before; k < s->syms.len; k++) s->syms.syms[k].flags |= SK_SYM_COMP_ITER;
        if (g->a->kind == AST_NAME) {
            SkSymbol *sym = lookup_m(s, g->a->str);
            if (sym) sym->flags |= SK_SYM_COMP_ITER;
        }
        if (i > 0) visit_expr(b, g->b);
        visit_exprs(b, &g->list);
    }
    if (e->a) visit_expr(b, e->a);
    if (e->kind == AST_DICTCOMP && e->b) visit_expr(b, e->b);
    b->cur = s->parent;
}

// x := v inside a comprehension binds x in the nearest enclosing
// function or module, as PEP 572 says.
static void visit_named_target(Builder *b, const SkAst *t) {
    SkScope *cur = b->cur;
    if (cur->kind != SK_SCOPE_COMPREHENSION) {
        add_def(b, t->str, SK_SYM_DEF_LOCAL, t);
        return;
    }
    SkScope *s = cur;
    for (; s->kind == SK_SCOPE_COMPREHENSION; s = s->parent) {
        SkSymbol *sym = lookup_m(s, t->str);
        if (sym && (sym->flags & SK_SYM_COMP_ITER)) {
            fail(b, t, "assignment expression cannot rebind comprehension iteration variable '%s'",
                 t->str);
            return;
        }
    }
    if (s->kind == SK_SCOPE_CLASS) {
        fail(b, t, "assignment expression within a comprehension cannot be used in a class body");
        return;
    }
    b->cur = s;
    add_def(b, t->str, SK_SYM_DEF_LOCAL, t);
    b->cur = cur;
    add_def(b, t->str, s->kind == SK_SCOPE_MODULE ? SK_SYM_DEF_GLOBAL : SK_SYM_DEF_NONLOCAL, t);
}

static void visit_expr(Builder *b, const SkAst *e) {
    if (!enter(b, e)) return;
    switch (e->kind) {
    case AST_NAME:
        add_def(b, e->str, SK_SYM_USE, e);
        // zero-argument super() needs the __class__ cell (CPython does the same)
        if (sk_scope_is_function(b->cur) && strcmp(e->str, "super") == 0)
            add_def(b, "__class__", SK_SYM_USE, e);
        break;
    case AST_JOINEDSTR: visit_exprs(b, &e->list); break;
    case AST_FORMATTED:
        visit_expr(b, e->a);
        if (e->b) visit_expr(b, e->b);
        break;
    case AST_BINOP:
        visit_expr(b, e->a);
        visit_expr(b, e->b);
        break;
    case AST_UNARYOP: visit_expr(b, e->a); break;
    case AST_BOOLOP: visit_exprs(b, &e->list); break;
    case AST_COMPARE:
        visit_expr(b, e->a);
        visit_exprs(b, &e->list);
        break;
    case AST_IFEXP:
        visit_expr(b, e->a);
        visit_expr(b, e->b);
        visit_expr(b, e->c);
        break;
    case AST_NAMEDEXPR:
        visit_expr(b, e->b);
        if (e->a && e->a->kind == AST_NAME && !b->failed) visit_named_target(b, e->a);
        break;
    case AST_LAMBDA: {
        visit_args_defaults(b, e->a);
        SkScope *s = scope_new(b, SK_SCOPE_LAMBDA, e, "<lambda>");
        if (!s) break;
        b->cur = s;
        visit_params(b, e->a);
        visit_expr(b, e->b);
        b->cur = s->parent;
        break;
    }
    case AST_CALL:
        visit_expr(b, e->a);
        visit_exprs(b, &e->list);
        visit_exprs(b, &e->list2);
        break;
    case AST_KEYWORD:
    case AST_STARRED:
    case AST_ATTRIBUTE: visit_expr(b, e->a); break;
    case AST_SUBSCRIPT:
        visit_expr(b, e->a);
        visit_expr(b, e->b);
        break;
    case AST_SLICE:
        if (e->a) visit_expr(b, e->a);
        if (e->b) visit_expr(b, e->b);
        if (e->c) visit_expr(b, e->c);
        break;
    case AST_LIST:
    case AST_TUPLE:
    case AST_SET: visit_exprs(b, &e->list); break;
    case AST_DICT:
        visit_exprs(b, &e->list);
        visit_exprs(b, &e->list2);
        break;
    case AST_LISTCOMP:
    case AST_SETCOMP:
    case AST_GENEXP:
    case AST_DICTCOMP: visit_comprehension(b, e); break;
    case AST_YIELD:
    case AST_YIELDFROM:
        if (b->cur->kind == SK_SCOPE_MODULE || b->cur->kind == SK_SCOPE_CLASS) {
            fail(b, e, "'yield' outside function");
            break;
        }
        if (b->cur->kind == SK_SCOPE_COMPREHENSION) {
            fail(b, e, "'yield' inside %s", comp_desc(b->cur->node->kind));
            break;
        }
        b->cur->generator = true;
        if (e->a) visit_expr(b, e->a);
        break;
    default: break; // constants
    }
    b->depth--;
}

static void declare(Builder *b, const SkAst *stmt, bool global) {
    const char *what = global ? "global" : "nonlocal";
    if (!global && b->cur->kind == SK_SCOPE_MODULE) {
        fail(b, stmt, "nonlocal declaration not allowed at module level");
        return;
    }
    for (int i = 0; i < stmt->list.len && !b->failed; i++) {
        const SkAst *n = stmt->list.items[i];
        SkSymbol *cur = lookup_m(b->cur, n->str);
        int flags = cur ? cur->flags : 0;
        if (flags & (SK_SYM_DEF_PARAM | SK_SYM_DEF_LOCAL | SK_SYM_USE)) {
            if (flags & SK_SYM_DEF_PARAM)
                fail(b, stmt, "name '%s' is parameter and %s", n->str, what);
            else if (flags & SK_SYM_USE)
                fail(b, stmt, "name '%s' is used prior to %s declaration", n->str, what);
            else
                fail(b, stmt, "name '%s' is assigned to before %s declaration", n->str, what);
            return;
        }
        SkSymbol *s = add_def(b, n->str, global ? SK_SYM_DEF_GLOBAL : SK_SYM_DEF_NONLOCAL, stmt);
        if (s) {
            s->line = stmt->line;
            s->col = stmt->col;
        }
    }
}

static void visit_stmt(Builder *b, const SkAst *s) {
    if (!enter(b, s)) return;
    switch (s->kind) {
    case AST_EXPR: visit_expr(b, s->a); break;
    case AST_ASSIGN:
        visit_expr(b, s->a);
        for (int i = 0; i < s->list.len; i++) visit_target(b, s->list.items[i]);
        break;
    case AST_AUGASSIGN:
        visit_expr(b, s->b);
        visit_target(b, s->a);
        break;
    case AST_ANNASSIGN:
        if (s->c) visit_expr(b, s->c);
        visit_target(b, s->a);
        visit_expr(b, s->b); // evaluated at module and class level
        break;
    case AST_IF:
    case AST_WHILE:
        visit_expr(b, s->a);
        visit_stmts(b, &s->list);
        visit_stmts(b, &s->list2);
        break;
    case AST_FOR:
        visit_expr(b, s->b);
        visit_target(b, s->a);
        visit_stmts(b, &s->list);
        visit_stmts(b, &s->list2);
        break;
    case AST_RETURN:
        if (s->a) visit_expr(b, s->a);
        break;
    case AST_FUNCDEF: {
        visit_exprs(b, &s->list2);
        visit_args_defaults(b, s->a);
        visit_annotations(b, s);
        add_def(b, s->str, SK_SYM_DEF_LOCAL, s);
        SkScope *fs = scope_new(b, SK_SCOPE_FUNCTION, s, s->str);
        if (!fs) break;
        b->cur = fs;
        visit_params(b, s->a);
        visit_stmts(b, &s->list);
        b->cur = fs->parent;
        break;
    }
    case AST_CLASSDEF: {
        visit_exprs(b, &s->list3);
        visit_exprs(b, &s->list4);
        visit_exprs(b, &s->list2);
        add_def(b, s->str, SK_SYM_DEF_LOCAL, s);
        SkScope *cs = scope_new(b, SK_SCOPE_CLASS, s, s->str);
        if (!cs) break;
        b->cur = cs;
        visit_stmts(b, &s->list);
        b->cur = cs->parent;
        break;
    }
    case AST_TRY:
        visit_stmts(b, &s->list);
        for (int i = 0; i < s->list2.len && !b->failed; i++) {
            const SkAst *h = s->list2.items[i];
            if (h->a) visit_expr(b, h->a);
            if (h->str) add_def(b, h->str, SK_SYM_DEF_LOCAL, h);
            visit_stmts(b, &h->list);
        }
        visit_stmts(b, &s->list3);
        visit_stmts(b, &s->list4);
        break;
    case AST_RAISE:
        if (s->a) visit_expr(b, s->a);
        if (s->b) visit_expr(b, s->b);
        break;
    case AST_WITH:
        for (int i = 0; i < s->list.len && !b->failed; i++) {
            const SkAst *item = s->list.items[i];
            visit_expr(b, item->a);
            if (item->b) visit_target(b, item->b);
        }
        visit_stmts(b, &s->list2);
        break;
    case AST_GLOBAL: declare(b, s, true); break;
    case AST_NONLOCAL: declare(b, s, false); break;
    case AST_IMPORT:
        for (int i = 0; i < s->list.len && !b->failed; i++) {
            const SkAst *al = s->list.items[i];
            if (al->str2) {
                add_def(b, al->str2, SK_SYM_DEF_LOCAL, al);
            } else {
                // `import a.b` binds a: the first component, kept in a static-free way
                const char *dot = strchr(al->str, '.');
                if (!dot) {
                    add_def(b, al->str, SK_SYM_DEF_LOCAL, al);
                } else {
                    char *first = own_strndup(b, al->str, (size_t)(dot - al->str));
                    if (first) add_def(b, first, SK_SYM_DEF_LOCAL, al);
                }
            }
        }
        break;
    case AST_IMPORTFROM:
        for (int i = 0; i < s->list.len && !b->failed; i++) {
            const SkAst *al = s->list.items[i];
            if (strcmp(al->str, "*") == 0) {
                if (b->cur->kind != SK_SCOPE_MODULE)
                    fail(b, s, "import * only allowed at module level");
                continue;
            }
            add_def(b, al->str2 ? al->str2 : al->str, SK_SYM_DEF_LOCAL, al);
        }
        break;
    case AST_ASSERT:
        visit_expr(b, s->a);
        if (s->b) visit_expr(b, s->b);
        break;
    case AST_DEL:
        for (int i = 0; i < s->list.len; i++) visit_target(b, s->list.items[i]);
        break;
    default: break; // pass, break, continue
    }
    b->depth--;
}

static void visit_stmts(Builder *b, const SkAstList *l) {
    for (int i = 0; i < l->len && !b->failed; i++) visit_stmt(b, l->items[i]);
}

// --- pass 2: resolve ----------------------------------------------------

static void set_scope(SkSymbol *sym, SkSymScope sc) { sym->scope = (uint8_t)sc; }

static void resolve_name(Builder *b, SkScope *s, SkSymbol *sym, SkSymTable *bound,
                         SkSymTable *local, SkSymTable *free, SkSymTable *global) {
    const char *name = sym->name;
    int flags = sym->flags;
    if (flags & SK_SYM_DEF_GLOBAL) {
        if (flags & SK_SYM_DEF_NONLOCAL) {
            fail(b, NULL, "name '%s' is nonlocal and global", name);
            b->err->line = sym->line;
            b->err->col = sym->col;
            return;
        }
        set_scope(sym, SK_SYM_GLOBAL_EXPLICIT);
        if (!set_add(global, name)) fail_nomem(b);
        if (bound) set_discard(bound, name);
        return;
    }
    if (flags & SK_SYM_DEF_NONLOCAL) {
        if (!bound || !set_has(bound, name)) {
            fail(b, NULL,
                 bound ? "no binding for nonlocal '%s' found"
                       : "nonlocal declaration not allowed at module level",
                 name);
            b->err->line = sym->line;
            b->err->col = sym->col;
            return;
        }
        set_scope(sym, SK_SYM_FREE);
        if (!set_add(free, name)) fail_nomem(b);
        return;
    }
    if (flags & SK_SYM_BOUND) {
        set_scope(sym, SK_SYM_LOCAL);
        if (!set_add(local, name)) fail_nomem(b);
        set_discard(global, name);
        return;
    }
    if (bound && set_has(bound, name)) {
        set_scope(sym, SK_SYM_FREE);
        if (!set_add(free, name)) fail_nomem(b);
        return;
    }
    set_scope(sym, SK_SYM_GLOBAL_IMPLICIT);
}

// Resolve s given the names bound and declared global around it; adds
// the free variables of s (and those passing through it) to *free.
static void analyze(Builder *b, SkScope *s, SkSymTable *bound, SkSymTable *free,
                    SkSymTable *global) {
    if (b->failed) return;
    if (++b->depth > MAX_DEPTH) {
        b->failed = true;
        b->err->kind = SK_SCOPE_ERR_RECURSION;
        snprintf(b->err->msg, sizeof b->err->msg,
                 "maximum recursion depth exceeded during compilation");
        return;
    }
    SkSymTable local = {0}, newbound = {0}, newglobal = {0}, newfree = {0};
    bool is_class = s->kind == SK_SCOPE_CLASS;
    bool ok = true;
    // class names are invisible to nested functions: pass down what came in
    if (is_class) {
        ok = set_update(&newglobal, global) && (!bound || set_update(&newbound, bound));
    }
    for (int i = 0; i < s->syms.len && ok && !b->failed; i++)
        resolve_name(b, s, &s->syms.syms[i], bound, &local, free, global);
    if (ok && !b->failed) {
        if (!is_class) {
            if (sk_scope_is_function(s)) ok = set_update(&newbound, &local);
            if (ok && bound) ok = set_update(&newbound, bound);
            if (ok) ok = set_update(&newglobal, global);
        } else {
            ok = set_add(&newbound, "__class__");
        }
    }
    for (int i = 0; i < s->nchildren && ok && !b->failed; i++) {
        SkScope *c = s->children[i];
        SkSymTable cb = {0}, cg = {0}, cf = {0};
        ok = set_update(&cb, &newbound) && set_update(&cg, &newglobal);
        if (ok) analyze(b, c, &cb, &cf, &cg);
        if (ok) ok = set_update(&newfree, &cf);
        symtab_free(&cb);
        symtab_free(&cg);
        symtab_free(&cf);
    }
    if (ok && !b->failed) {
        if (sk_scope_is_function(s)) {
            // locals captured by inner scopes become cells
            for (int i = 0; i < s->syms.len; i++) {
                SkSymbol *sym = &s->syms.syms[i];
                if (sym->scope == SK_SYM_LOCAL && set_has(&newfree, sym->name)) {
                    set_scope(sym, SK_SYM_CELL);
                    set_discard(&newfree, sym->name);
                }
            }
        } else if (is_class && set_has(&newfree, "__class__")) {
            set_discard(&newfree, "__class__");
            s->needs_class_closure = true;
        }
        // free variables of children: pass them through this scope
        for (int i = 0; i < newfree.len && ok; i++) {
            if (!newfree.syms[i].flags) continue;
            const char *name = newfree.syms[i].name;
            SkSymbol *sym = sk_scope_lookup(s, name);
            if (sym) {
                if (is_class && (sym->flags & (SK_SYM_BOUND | SK_SYM_DEF_GLOBAL)))
                    sym->flags |= SK_SYM_FREE_CLASS;
                continue;
            }
            if (bound && !set_has(bound, name)) continue; // a global
            sym = symtab_get(&s->syms, name, 0, 0);
            if (!sym) {
                ok = false;
                break;
            }
            set_scope(sym, SK_SYM_FREE);
        }
        if (ok) ok = set_update(free, &newfree);
        // closure order: free symbols in order of first appearance
        for (int i = 0; i < s->syms.len && ok; i++) {
            SkSymbol *sym = &s->syms.syms[i];
            if (sym->scope == SK_SYM_FREE || (sym->flags & SK_SYM_FREE_CLASS))
                ok = set_add(&s->frees, sym->name);
        }
    }
    if (!ok) fail_nomem(b);
    symtab_free(&local);
    symtab_free(&newbound);
    symtab_free(&newglobal);
    symtab_free(&newfree);
    b->depth--;
}

SkScope *sk_scope_build(const SkAst *root, bool eval, SkScopeError *err) {
    Builder b = {0};
    b.err = err;
    memset(err, 0, sizeof *err);
    SkScope *top = scope_new(&b, SK_SCOPE_MODULE, root, "<module>");
    if (!top) return NULL;
    b.cur = top;
    if (eval)
        visit_expr(&b, root);
    else
        visit_stmts(&b, &root->list);
    b.cur = top;
    if (!b.failed) {
        SkSymTable free = {0}, global = {0};
        b.depth = 0;
        analyze(&b, top, NULL, &free, &global);
        symtab_free(&free);
        symtab_free(&global);
    }
    if (b.failed) {
        sk_scope_free(top);
        return NULL;
    }
    return top;
}
