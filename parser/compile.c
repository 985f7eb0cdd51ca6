// parser/compile.c -- the compiler's driver and back end: sk_compile
// (parse, build scopes, compile, report SyntaxErrors), the instruction
// emitter (labels, constant and name tables, stack depth, protected
// regions that become the exception table) and the assembly of SkCode
// objects. Expressions live in compile_expr.c, statements in
// compile_stmt.c, name resolution in scope.c.
//
// Choices where vm/exec/opcodes.h leaves room (all follow CPython 3.11):
// - `import a.b` emits IMPORT_NAME "a.b"; POP_TOP; IMPORT_NAME "a"; STORE a
//   (IMPORT_NAME pushes the full dotted module; the second import is a
//   sys.modules hit). Relative imports pass the leading dots in the name.
// - `except E as e` wraps the clause body in a handler that clears e, and
//   clears it (e = None; del e) on every exit, as CPython does.
// - while loops test at the bottom (one jump per iteration); for loops
//   keep FOR_ITER at the top with a backward JUMP.
// - A `return` with a constant value inside try/with blocks unwinds first
//   and loads the constant after; any other value is evaluated first and
//   kept on top of the stack (ROT_TWO) while blocks unwind. `return` pops
//   enclosing for-loop iterators only when an outer with/except/finally
//   block needs its own values on top; otherwise RETURN_VALUE drops them.
// - Handler depths count operand-stack values above the locals; every
//   handler entry covers [start, end) in instruction words (cache words
//   included), inner ranges first. The normal exit of an except clause
//   (POP_EXCEPT; clear the name; JUMP) lies outside the clause's range, so
//   a range never covers code running below its depth.
// - `x in [1, 2]` and `for x in [1, 2]` use a constant tuple; jumps to
//   jumps are threaded at assembly.
// - Private names (__x in a class) are mangled to _C__x, as CPython does.
// - Debug builds (no __OPTIMIZE__) verify every code object by flow
//   analysis of its stack depths and raise SystemError on a compiler bug.
// - CHECK_EXC_MATCH pops the type and the duplicated exception and pushes
//   the bool (DUP_TOP before it keeps the exception), so an except clause
//   test leaves [prev exc] as the pattern in opcodes.h says.
// - Dead branches of `if`/`while` on constant tests are compiled for
//   errors but not emitted.
#include "parser/compiler_internal.h"

#include "vm/classes/error.h"
#include "vm/core/gc.h"
#include "vm/objects/list.h"
#include "vm/objects/str.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

// --- errors -------------------------------------------------------------

// The text of line `line` of the source (without its newline) in buf.
static void source_line(const C *c, int line, char *buf, size_t cap) {
    buf[0] = 0;
    if (!c->src || line < 1) return;
    const char *p = c->src, *end = c->src + c->srclen;
    for (int l = 1; l < line && p < end; p++)
        if (*p == '\n') l++;
    const char *e = p;
    while (e < end && *e != '\n' && *e != '\r') e++;
    size_t n = (size_t)(e - p);
    if (n >= cap) n = cap - 1;
    memcpy(buf, p, n);
    buf[n] = 0;
}

// end_line/end_col (0: unknown) give the span CPython underlines with carets.
static void raise_syntax_at(C *c, SkClass *cls, const char *msg, int line, int col, int end_line,
                            int end_col) {
    char text[1024];
    source_line(c, line, text, sizeof text);
    if (end_line < line || (end_line == line && end_col <= col)) {
        end_line = line;
        end_col = 0;
    }
    sk_raise_syntax_range(c->vm, cls, msg, c->filename, line, col, end_line, end_col, text);
}

void sk_cerr(C *c, const SkAst *at, const char *fmt, ...) {
    if (c->failed) return;
    c->failed = true;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    raise_syntax_at(c, c->vm->exc.SyntaxError, msg, at ? at->line : 0, at ? at->col : 0,
                    at ? at->end_line : 0, at ? at->end_col : 0);
}

void sk_cerr_nomem(C *c) {
    if (c->failed) return;
    c->failed = true;
    if (!sk_has_exc(c->vm)) sk_raise_nomem(c->vm);
}

bool sk_center(C *c, const SkAst *at) {
    if (c->failed) return false;
    if (++c->depth > SK_COMPILE_MAX_DEPTH) {
        c->failed = true;
        sk_raise(c->vm, c->vm->exc.RecursionError,
                 "maximum recursion depth exceeded during compilation");
        return false;
    }
    return true;
}

// --- growing arrays -----------------------------------------------------

static bool grow(C *c, void **p, uint32_t *cap, uint32_t need, size_t elem) {
    if (need <= *cap) return true;
    uint32_t ncap = *cap ? *cap : 16;
    while (ncap < need) ncap *= 2;
    void *np = realloc(*p, elem * ncap);
    if (!np) {
        sk_cerr_nomem(c);
        return false;
    }
    *p = np;
    *cap = ncap;
    return true;
}
#define GROW(c, arr, cap, need) grow(c, (void **)&(arr), &(cap), (need), sizeof(*(arr)))

// --- emitting -----------------------------------------------------------

int sk_cemit(C *c, int op, uint32_t arg) {
    SkUnit *u = c->u;
    if (c->failed || u->noemit) return -1;
    if (arg > SK_MAX_ARG) {
        sk_cerr(c, u->node, "too many constants, names or instructions in one code object");
        return -1;
    }
    bool cache = SK_OP_HAS_CACHE(op);
    uint32_t need = u->ncode + (cache ? 2 : 1);
    if (need > SK_MAX_ARG) {
        sk_cerr(c, u->node, "code object too large");
        return -1;
    }
    if (need > u->code_cap) {
        // lines[] grows in step with code[]
        uint32_t ncap = u->code_cap ? u->code_cap * 2 : 64;
        uint32_t *nc = realloc(u->code, sizeof(uint32_t) * ncap);
        if (nc) u->code = nc;
        uint32_t *nl = nc ? realloc(u->lines, sizeof(uint32_t) * ncap) : NULL;
        if (!nl) {
            sk_cerr_nomem(c);
            return -1;
        }
        u->lines = nl;
        u->code_cap = ncap;
    }
    int at = (int)u->ncode;
    u->code[u->ncode] = SK_INS(op, arg);
    u->lines[u->ncode++] = (uint32_t)(u->line > 0 ? u->line : 0);
    if (cache) {
        u->code[u->ncode] = u->ncaches++;
        u->lines[u->ncode++] = (uint32_t)(u->line > 0 ? u->line : 0);
    }
    u->last_ins = at;
    u->depth += sk_op_stack_effect(op, arg, false);
    if (u->depth > u->maxdepth) u->maxdepth = u->depth;
    if (u->depth < 0) {
        // a compiler bug: report it rather than run with a corrupt stack
        c->failed = true;
        sk_raise(c->vm, c->vm->exc.SystemError, "compiler stack underflow at line %d", u->line);
    }
    return at;
}

int sk_clabel(C *c) {
    SkUnit *u = c->u;
    if (u->nlabels == u->labels_cap) {
        int ncap = u->labels_cap ? u->labels_cap * 2 : 16;
        int *nl = realloc(u->labels, sizeof(int) * (size_t)ncap);
        if (!nl) {
            sk_cerr_nomem(c);
            return 0;
        }
        u->labels = nl;
        u->labels_cap = ncap;
    }
    u->labels[u->nlabels] = -1;
    return u->nlabels++;
}

void sk_cbind(C *c, int label) {
    SkUnit *u = c->u;
    if (c->failed || u->noemit || label >= u->nlabels) return;
    u->labels[label] = (int)u->ncode;
    u->label_mark = u->ncode;
}

void sk_cemit_jump(C *c, int op, int label) {
    int at = sk_cemit(c, op, (uint32_t)label);
    if (at < 0) return;
    SkUnit *u = c->u;
    if (!GROW(c, u->fixups, u->fixups_cap, u->nfixups + 1)) return;
    u->fixups[u->nfixups++] = (uint32_t)at;
}

void sk_cset_depth(C *c, int depth) {
    SkUnit *u = c->u;
    if (u->noemit) return;
    u->depth = depth;
    if (depth > u->maxdepth) u->maxdepth = depth;
}

bool sk_cterminated(C *c) {
    SkUnit *u = c->u;
    if (u->last_ins < 0 || u->label_mark == u->ncode) return false;
    return (sk_op_flags((int)SK_OP(u->code[u->last_ins])) & SK_OPF_STOP) != 0;
}

// --- protected regions --------------------------------------------------

static void add_handler(C *c, uint32_t start, uint32_t end, int target, uint32_t depth) {
    SkUnit *u = c->u;
    if (start >= end) return;
    if (!GROW(c, u->handlers, u->handlers_cap, u->nhandlers + 1)) return;
    u->handlers[u->nhandlers++] = (SkPendingHandler){start, end, depth, target};
}

int sk_cregion_open(C *c, int target, int depth) {
    SkUnit *u = c->u;
    if (u->nregions == u->regions_cap) {
        int ncap = u->regions_cap ? u->regions_cap * 2 : 8;
        SkRegion *nr = realloc(u->regions, sizeof(SkRegion) * (size_t)ncap);
        if (!nr) {
            sk_cerr_nomem(c);
            return -1;
        }
        u->regions = nr;
        u->regions_cap = ncap;
    }
    u->regions[u->nregions] = (SkRegion){(int32_t)u->ncode, target, (uint32_t)depth};
    return u->nregions++;
}

void sk_cregion_suspend(C *c, int r) {
    SkUnit *u = c->u;
    if (r < 0 || r >= u->nregions || u->regions[r].start < 0) return;
    SkRegion *rg = &u->regions[r];
    add_handler(c, (uint32_t)rg->start, u->ncode, rg->target, rg->depth);
    rg->start = -1;
}

void sk_cregion_resume(C *c, int r) {
    SkUnit *u = c->u;
    if (r < 0 || r >= u->nregions) return;
    u->regions[r].start = (int32_t)u->ncode;
}

// --- constants ----------------------------------------------------------

static uint64_t mix(uint64_t h) {
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return h;
}

static uint64_t bytes_hash(const void *p, size_t n) {
    uint64_t h = 1469598103934665603ULL;
    const uint8_t *b = p;
    for (size_t i = 0; i < n; i++) h = (h ^ b[i]) * 1099511628211ULL;
    return h;
}

static uint64_t const_hash(SkValue v) {
    uint64_t h = (uint64_t)v.tag * 0x9e3779b97f4a7c15ULL;
    switch (v.tag) {
    case SK_T_BOOL:
    case SK_T_INT: return mix(h ^ (uint64_t)v.as.i);
    case SK_T_FLOAT: {
        uint64_t bits;
        memcpy(&bits, &v.as.f, sizeof bits);
        return mix(h ^ bits);
    }
    case SK_T_OBJ: {
        SkObj *o = v.as.o;
        if (o->kind == SK_STR) return mix(h ^ bytes_hash(((SkStr *)o)->data, ((SkStr *)o)->len));
        if (o->kind == SK_BYTES)
            return mix(h ^ 7 ^ bytes_hash(((SkBytes *)o)->data, ((SkBytes *)o)->len));
        if (o->kind == SK_TUPLE) {
            SkTuple *t = (SkTuple *)o;
            uint64_t th = h ^ 11 ^ t->len;
            for (size_t i = 0; i < t->len; i++) th = mix(th * 31 + const_hash(t->items[i]));
            return th;
        }
        return mix(h ^ (uint64_t)(uintptr_t)o);
    }
    default: return h;
    }
}

// Equality for constant sharing: same type and same value bits, so 1,
// 1.0, True, 0.0 and -0.0 all stay distinct.
static bool const_eq(SkValue a, SkValue b) {
    if (a.tag != b.tag) return false;
    if (a.tag != SK_T_OBJ) return sk_identical(a, b);
    SkObj *x = a.as.o, *y = b.as.o;
    if (x == y) return true;
    if (x->kind != y->kind) return false;
    switch (x->kind) {
    case SK_STR:
        return ((SkStr *)x)->len == ((SkStr *)y)->len &&
               memcmp(((SkStr *)x)->data, ((SkStr *)y)->data, ((SkStr *)x)->len) == 0;
    case SK_BYTES:
        return ((SkBytes *)x)->len == ((SkBytes *)y)->len &&
               memcmp(((SkBytes *)x)->data, ((SkBytes *)y)->data, ((SkBytes *)x)->len) == 0;
    case SK_TUPLE: {
        SkTuple *s = (SkTuple *)x, *t = (SkTuple *)y;
        if (s->len != t->len) return false;
        for (size_t i = 0; i < s->len; i++)
            if (!const_eq(s->items[i], t->items[i])) return false;
        return true;
    }
    default: return false;
    }
}

static bool reindex(C *c, int32_t **index, uint32_t *mask, uint32_t n,
                    uint64_t (*hash)(C *, uint32_t)) {
    uint32_t size = 16;
    while (size < n * 2 + 2) size *= 2;
    int32_t *idx = malloc(sizeof(int32_t) * size);
    if (!idx) {
        sk_cerr_nomem(c);
        return false;
    }
    for (uint32_t i = 0; i < size; i++) idx[i] = -1;
    for (uint32_t k = 0; k < n; k++) {
        uint32_t i = (uint32_t)hash(c, k) & (size - 1);
        while (idx[i] >= 0) i = (i + 1) & (size - 1);
        idx[i] = (int32_t)k;
    }
    free(*index);
    *index = idx;
    *mask = size - 1;
    return true;
}

static uint64_t const_hash_at(C *c, uint32_t k) { return const_hash(c->u->consts[k]); }

uint32_t sk_cconst(C *c, SkValue v) {
    SkUnit *u = c->u;
    if (c->failed || u->noemit) return 0;
    uint64_t h = const_hash(v);
    if (u->const_index) {
        for (uint32_t i = (uint32_t)h & u->const_mask;; i = (i + 1) & u->const_mask) {
            int32_t k = u->const_index[i];
            if (k < 0) break;
            if (const_eq(u->consts[k], v)) return (uint32_t)k;
        }
    }
    if (!GROW(c, u->consts, u->consts_cap, u->nconsts + 1)) return 0;
    uint32_t k = u->nconsts++;
    u->consts[k] = v;
    if (!u->const_index || u->nconsts * 2 > u->const_mask) {
        reindex(c, &u->const_index, &u->const_mask, u->nconsts, const_hash_at);
    } else {
        uint32_t i = (uint32_t)h & u->const_mask;
        while (u->const_index[i] >= 0) i = (i + 1) & u->const_mask;
        u->const_index[i] = (int32_t)k;
    }
    return k;
}

void sk_cemit_const(C *c, SkValue v) {
    switch (v.tag) {
    case SK_T_NONE: sk_cemit(c, OP_LOAD_NONE, 0); return;
    case SK_T_BOOL: sk_cemit(c, v.as.i ? OP_LOAD_TRUE : OP_LOAD_FALSE, 0); return;
    case SK_T_INT:
        if (v.as.i >= -(int64_t)SK_SMALLINT_BIAS && v.as.i < (int64_t)SK_SMALLINT_BIAS) {
            sk_cemit(c, OP_LOAD_SMALLINT, (uint32_t)(v.as.i + SK_SMALLINT_BIAS));
            return;
        }
        break;
    default: break;
    }
    sk_cemit(c, OP_LOAD_CONST, sk_cconst(c, v));
}

SkStr *sk_cintern(C *c, const char *s, size_t len) {
    if (c->failed) return NULL;
    SkStr *str = sk_str_intern(c->vm, s, len);
    if (!str || (c->keep && !sk_list_append(c->vm, c->keep, sk_obj(str)))) {
        sk_cerr_nomem(c);
        return NULL;
    }
    return str;
}

// Identifier-like constants are interned (they are often attribute or
// key names); other text is a plain str.
SkValue sk_cstr(C *c, const char *s, size_t len) {
    if (c->failed) return SK_NONE;
    bool ident = len <= 64;
    for (size_t i = 0; i < len && ident; i++) {
        char ch = s[i];
        ident = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_' ||
                (ch >= '0' && ch <= '9');
    }
    SkStr *str = ident ? sk_cintern(c, s, len) : sk_str_new(c->vm, s, len);
    if (!str) {
        sk_cerr_nomem(c);
        return SK_NONE;
    }
    return sk_obj(str);
}

static uint64_t name_hash_at(C *c, uint32_t k) { return mix((uint64_t)(uintptr_t)c->u->names[k]); }

uint32_t sk_cname(C *c, const char *s, size_t len) {
    SkUnit *u = c->u;
    if (c->failed || u->noemit) return 0;
    SkStr *str = sk_cintern(c, s, len);
    if (!str) return 0;
    uint64_t h = mix((uint64_t)(uintptr_t)str);
    if (u->name_index) {
        for (uint32_t i = (uint32_t)h & u->name_mask;; i = (i + 1) & u->name_mask) {
            int32_t k = u->name_index[i];
            if (k < 0) break;
            if (u->names[k] == str) return (uint32_t)k;
        }
    }
    if (!GROW(c, u->names, u->names_cap, u->nnames + 1)) return 0;
    uint32_t k = u->nnames++;
    u->names[k] = str;
    if (!u->name_index || u->nnames * 2 > u->name_mask) {
        reindex(c, &u->name_index, &u->name_mask, u->nnames, name_hash_at);
    } else {
        uint32_t i = (uint32_t)h & u->name_mask;
        while (u->name_index[i] >= 0) i = (i + 1) & u->name_mask;
        u->name_index[i] = (int32_t)k;
    }
    return k;
}

// --- names --------------------------------------------------------------

const char *sk_cmangle(C *c, const char *name, char *buf) {
    const char *m = sk_scope_mangle(c->u->scope->private_name, name, buf, SK_MANGLE_CAP);
    if (!m) {
        sk_cerr(c, c->u->node, "identifier too long");
        return name;
    }
    return m;
}

SkSymScope sk_cresolve(C *c, const char *name) {
    char buf[SK_MANGLE_CAP];
    name = sk_cmangle(c, name, buf);
    SkScope *s = c->u->scope;
    int k = sk_symtab_index(&s->syms, name);
    return k >= 0 ? (SkSymScope)s->syms.syms[k].scope : SK_SYM_GLOBAL_IMPLICIT;
}

int sk_cderef_slot(C *c, const char *name) {
    char buf[SK_MANGLE_CAP];
    name = sk_cmangle(c, name, buf);
    SkUnit *u = c->u;
    SkScope *s = u->scope;
    int k = sk_symtab_index(&s->syms, name);
    if (k >= 0 && s->syms.syms[k].scope == SK_SYM_CELL && u->sym_slot[k] >= 0)
        return u->sym_slot[k];
    int f = sk_symtab_index(&s->frees, name);
    if (f >= 0) return u->free_base + f;
    if (s->kind == SK_SCOPE_CLASS && s->needs_class_closure && strcmp(name, "__class__") == 0)
        return 0;
    return -1;
}

static const int name_ops[4][3] = {
    {OP_LOAD_FAST, OP_STORE_FAST, OP_DELETE_FAST},
    {OP_LOAD_DEREF, OP_STORE_DEREF, OP_DELETE_DEREF},
    {OP_LOAD_GLOBAL, OP_STORE_GLOBAL, OP_DELETE_GLOBAL},
    {OP_LOAD_NAME, OP_STORE_NAME, OP_DELETE_NAME},
};

void sk_cname_op(C *c, const char *name, SkNameOp op) {
    char buf[SK_MANGLE_CAP];
    name = sk_cmangle(c, name, buf);
    SkUnit *u = c->u;
    SkScope *s = u->scope;
    int k = sk_symtab_index(&s->syms, name);
    SkSymScope sc = k >= 0 ? (SkSymScope)s->syms.syms[k].scope : SK_SYM_GLOBAL_IMPLICIT;
    int kind; // row of name_ops
    if (s->kind == SK_SCOPE_MODULE) {
        // exec(code, globals, locals) runs module code with a separate locals dict.
        kind = c->dynamic && sc != SK_SYM_GLOBAL_EXPLICIT ? 3 : 2;
    } else if (s->kind == SK_SCOPE_CLASS) {
        if (sc == SK_SYM_GLOBAL_EXPLICIT)
            kind = 2;
        else if (sc == SK_SYM_FREE || sc == SK_SYM_CELL)
            kind = 1;
        else
            kind = 3;
        if (kind == 1 && op == SK_NAME_LOAD) {
            sk_cemit(c, OP_LOAD_CLASSDEREF, (uint32_t)sk_cderef_slot(c, name));
            return;
        }
    } else if (sc == SK_SYM_LOCAL) {
        kind = 0;
    } else if (sc == SK_SYM_CELL || sc == SK_SYM_FREE) {
        kind = 1;
    } else {
        kind = 2;
    }
    int opcode = name_ops[kind][op];
    if (kind == 0) {
        sk_cemit(c, opcode, (uint32_t)u->sym_slot[k]);
    } else if (kind == 1) {
        int slot = sk_cderef_slot(c, name);
        if (slot < 0) {
            c->failed = true;
            sk_raise(c->vm, c->vm->exc.SystemError, "compiler: no cell for '%s'", name);
            return;
        }
        sk_cemit(c, opcode, (uint32_t)slot);
    } else {
        sk_cemit(c, opcode, sk_cname(c, name, strlen(name)));
    }
}

// --- units --------------------------------------------------------------

static void unit_free(SkUnit *u) {
    free(u->code);
    free(u->lines);
    free(u->consts);
    free(u->const_index);
    free(u->names);
    free(u->name_index);
    free(u->varnames);
    free(u->sym_slot);
    free(u->cells);
    free(u->labels);
    free(u->fixups);
    free(u->regions);
    free(u->handlers);
    free(u);
}

static bool add_slot(C *c, SkUnit *u, const char *name, uint32_t *cap) {
    if (u->nlocals == 0xffff) {
        sk_cerr(c, u->node, "too many local variables");
        return false;
    }
    if (!GROW(c, u->varnames, *cap, (uint32_t)u->nlocals + 1)) return false;
    SkStr *s = sk_cintern(c, name, strlen(name));
    if (!s) return false;
    u->varnames[u->nlocals++] = s;
    return true;
}

static bool param_slot(C *c, SkUnit *u, const char *name, uint32_t *cap) {
    char buf[SK_MANGLE_CAP];
    name = sk_cmangle(c, name, buf);
    int k = sk_symtab_index(&u->scope->syms, name);
    if (k < 0) return false;
    u->sym_slot[k] = u->nlocals;
    return add_slot(c, u, name, cap);
}

// Lay out the slots: parameters, other locals, then free variables.
static bool unit_slots(C *c, SkUnit *u) {
    SkScope *s = u->scope;
    int nsyms = s->syms.len;
    uint32_t cap = 0;
    u->sym_slot = malloc(sizeof(int) * (size_t)(nsyms + 1));
    u->cells = malloc(sizeof(uint16_t) * (size_t)(nsyms + 2));
    if (!u->sym_slot || !u->cells) {
        sk_cerr_nomem(c);
        return false;
    }
    for (int i = 0; i < nsyms; i++) u->sym_slot[i] = -1;
    if (sk_scope_is_function(s)) {
        const SkAst *args = NULL;
        if (s->kind == SK_SCOPE_COMPREHENSION) {
            if (!param_slot(c, u, ".0", &cap)) return false;
            u->argcount = 1;
        } else {
            args = u->node->a;
        }
        if (args) {
            for (int i = 0; i < args->list.len; i++)
                if (!param_slot(c, u, args->list.items[i]->str, &cap)) return false;
            for (int i = 0; i < args->list2.len; i++)
                if (!param_slot(c, u, args->list2.items[i]->str, &cap)) return false;
            if (args->str && !param_slot(c, u, args->str, &cap)) return false;
            if (args->str2 && !param_slot(c, u, args->str2, &cap)) return false;
            u->argcount = (uint16_t)args->list.len;
            u->posonlycount = (uint16_t)args->ival;
            u->kwonlycount = (uint16_t)args->list2.len;
            if (args->str) u->flags |= SK_CODE_VARARGS;
            if (args->str2) u->flags |= SK_CODE_VARKW;
        }
        for (int k = 0; k < nsyms; k++) {
            SkSymbol *sym = &s->syms.syms[k];
            if (u->sym_slot[k] >= 0) continue;
            if (sym->scope != SK_SYM_LOCAL && sym->scope != SK_SYM_CELL) continue;
            u->sym_slot[k] = u->nlocals;
            if (!add_slot(c, u, sym->name, &cap)) return false;
        }
        for (int k = 0; k < nsyms; k++)
            if (s->syms.syms[k].scope == SK_SYM_CELL && u->sym_slot[k] >= 0)
                u->cells[u->ncells++] = (uint16_t)u->sym_slot[k];
    } else if (s->kind == SK_SCOPE_CLASS && s->needs_class_closure) {
        if (!add_slot(c, u, "__class__", &cap)) return false;
        u->cells[u->ncells++] = 0;
    }
    u->free_base = u->nlocals;
    for (int f = 0; f < s->frees.len; f++)
        if (!add_slot(c, u, s->frees.syms[f].name, &cap)) return false;
    u->nfrees = (uint16_t)s->frees.len;
    return true;
}

static SkUnit *unit_push(C *c, SkScope *scope, const SkAst *node, SkStr *name, SkStr *qualname) {
    SkUnit *u = calloc(1, sizeof *u);
    if (!u) {
        sk_cerr_nomem(c);
        return NULL;
    }
    u->parent = c->u;
    u->scope = scope;
    u->node = node;
    u->name = name;
    u->qualname = qualname;
    u->last_ins = -1;
    u->label_mark = (uint32_t)-1;
    u->doc = SK_NONE;
    u->line = node ? node->line : 1;
    u->firstline = (uint32_t)(node ? node->line : 1);
    c->u = u;
    if (!unit_slots(c, u)) {
        c->u = u->parent;
        unit_free(u);
        return NULL;
    }
    return u;
}

#if !defined(__OPTIMIZE__) || defined(SKEIN_VERIFY_BYTECODE)
// Debug builds check the emitted code by flow analysis: every path into
// an instruction agrees on the stack depth, no path pops below the
// handler depths, and stacksize covers the deepest path. A failure is a
// compiler bug, reported as SystemError rather than run.
static bool set_depth_at(int32_t *depth, uint32_t *work, uint32_t *nwork, uint32_t t, int32_t d) {
    if (depth[t] < 0) {
        depth[t] = d;
        work[(*nwork)++] = t;
        return true;
    }
    return depth[t] == d;
}

static bool verify_code(C *c, const SkHandler *hs) {
    SkUnit *u = c->u;
    uint32_t n = u->ncode;
    if (n == 0) return true;
    int32_t *depth = malloc(sizeof(int32_t) * n);
    uint32_t *work = malloc(sizeof(uint32_t) * (n + u->nhandlers + 1));
    if (!depth || !work) {
        free(depth);
        free(work);
        return true; // no memory to check: the code is still usable
    }
    for (uint32_t i = 0; i < n; i++) depth[i] = -1;
    uint32_t nwork = 0, bad = UINT32_MAX;
    set_depth_at(depth, work, &nwork, 0, 0);
    for (uint32_t h = 0; h < u->nhandlers; h++)
        if (hs[h].target < n &&
            !set_depth_at(depth, work, &nwork, hs[h].target, (int32_t)hs[h].depth + 1))
            bad = hs[h].target;
    while (nwork && bad == UINT32_MAX) {
        uint32_t i = work[--nwork];
        uint32_t ins = u->code[i];
        int op = (int)SK_OP(ins);
        uint32_t arg = SK_ARG(ins);
        int32_t d = depth[i];
        uint32_t next = i + (SK_OP_HAS_CACHE(op) ? 2 : 1);
        int32_t after = d + sk_op_stack_effect(op, arg, false);
        if (after < 0 || after > u->maxdepth) {
            bad = i;
            break;
        }
        bool ok = true, falls = !(sk_op_flags(op) & SK_OPF_STOP);
        if (sk_op_arg(op) == SK_ARG_JUMP)
            ok = set_depth_at(depth, work, &nwork, arg, d + sk_op_stack_effect(op, arg, true));
        if (ok && falls && next < n) ok = set_depth_at(depth, work, &nwork, next, after);
        if (!ok) bad = i;
    }
    for (uint32_t h = 0; h < u->nhandlers && bad == UINT32_MAX; h++)
        for (uint32_t i = hs[h].start; i < hs[h].end && i < n; i++)
            if (depth[i] >= 0 && depth[i] < (int32_t)hs[h].depth) bad = i;
    free(depth);
    free(work);
    if (bad == UINT32_MAX) return true;
    c->failed = true;
    sk_raise(c->vm, c->vm->exc.SystemError,
             "compiler: inconsistent stack depth at %d in %s (line %d)", (int)bad,
             u->qualname ? u->qualname->data : "?", bad < n ? (int)u->lines[bad] : 0);
    return false;
}
#endif

// Resolve labels and build the SkCode. The unit's buffers move into it.
static SkCode *unit_assemble(C *c) {
    SkUnit *u = c->u;
    if (c->failed) return NULL;
    for (uint32_t i = 0; i < u->nfixups; i++) {
        uint32_t at = u->fixups[i];
        uint32_t ins = u->code[at];
        int pos = u->labels[SK_ARG(ins)];
        if (pos < 0) {
            c->failed = true;
            sk_raise(c->vm, c->vm->exc.SystemError, "compiler: unbound label");
            return NULL;
        }
        u->code[at] = SK_INS(SK_OP(ins), (uint32_t)pos);
    }
    // Jump threading: a jump to an unconditional JUMP goes straight to its
    // target (if/else chains at the end of loop bodies, break out of nested
    // blocks). Bounded, so a `while True: pass` self-loop cannot hang us.
    for (uint32_t i = 0; i < u->nfixups; i++) {
        uint32_t at = u->fixups[i];
        uint32_t ins = u->code[at];
        uint32_t target = SK_ARG(ins);
        for (int hops = 0; hops < 8 && target < u->ncode && target != at; hops++) {
            uint32_t t = u->code[target];
            if (SK_OP(t) != OP_JUMP || SK_ARG(t) == target) break;
            target = SK_ARG(t);
        }
        u->code[at] = SK_INS(SK_OP(ins), target);
    }
    SkHandler *hs = NULL;
    if (u->nhandlers) {
        hs = malloc(sizeof(SkHandler) * u->nhandlers);
        if (!hs) {
            sk_cerr_nomem(c);
            return NULL;
        }
        for (uint32_t i = 0; i < u->nhandlers; i++) {
            SkPendingHandler *p = &u->handlers[i];
            int pos = u->labels[p->target];
            hs[i] = (SkHandler){p->start, p->end, (uint32_t)(pos < 0 ? 0 : pos), p->depth};
        }
    }
#if !defined(__OPTIMIZE__) || defined(SKEIN_VERIFY_BYTECODE)
    if (!verify_code(c, hs)) {
        free(hs);
        return NULL;
    }
#endif
    SkCode *code = sk_code_new(c->vm);
    if (!code) {
        free(hs);
        sk_cerr_nomem(c);
        return NULL;
    }
    code->name = u->name;
    code->qualname = u->qualname;
    code->filename = c->filename_str;
    code->code = u->code;
    code->lines = u->lines;
    code->ncode = u->ncode;
    code->firstline = u->firstline;
    code->consts = u->consts;
    code->nconsts = u->nconsts;
    code->names = u->names;
    code->nnames = u->nnames;
    code->varnames = u->varnames;
    code->argcount = u->argcount;
    code->posonlycount = u->posonlycount;
    code->kwonlycount = u->kwonlycount;
    code->nlocals = u->nlocals;
    code->nfrees = u->nfrees;
    code->ncells = u->ncells;
    code->cells = u->ncells ? u->cells : NULL;
    code->flags = u->flags;
    code->stacksize = (uint32_t)u->maxdepth + 1;
    code->handlers = hs;
    code->nhandlers = u->nhandlers;
    code->ncaches = u->ncaches;
    code->doc = u->doc;
    u->code = u->lines = NULL;
    u->consts = NULL;
    u->names = NULL;
    u->varnames = NULL;
    if (u->ncells) u->cells = NULL;
    return code;
}

static void unit_pop(C *c) {
    SkUnit *u = c->u;
    c->u = u->parent;
    unit_free(u);
}

// The docstring of a body, or NULL.
static const SkAst *docstring(const SkAstList *body) {
    if (body->len == 0) return NULL;
    const SkAst *s = body->items[0];
    if (s->kind == AST_EXPR && s->a && s->a->kind == AST_STR) return s->a;
    return NULL;
}

static SkStr *make_qualname(C *c, SkScope *scope, SkStr *name) {
    SkUnit *pu = c->u;
    if (!pu || pu->scope->kind == SK_SCOPE_MODULE) return name;
    if (scope->kind == SK_SCOPE_FUNCTION || scope->kind == SK_SCOPE_CLASS) {
        SkSymbol *sym = sk_scope_lookup(pu->scope, name->data);
        if (sym && sym->scope == SK_SYM_GLOBAL_EXPLICIT) return name;
    }
    SkStr *q = sk_scope_is_function(pu->scope)
                   ? sk_str_format(c->vm, "%N.<locals>.%N", pu->qualname, name)
                   : sk_str_format(c->vm, "%N.%N", pu->qualname, name);
    if (!q) sk_cerr_nomem(c);
    return q;
}

SkCode *sk_ccompile_scope(C *c, const SkAst *node, SkScope *scope) {
    if (c->failed) return NULL;
    if (!scope) {
        c->failed = true;
        sk_raise(c->vm, c->vm->exc.SystemError, "compiler: missing scope");
        return NULL;
    }
    const char *nm = scope->name;
    SkStr *name = sk_cintern(c, nm, strlen(nm));
    if (!name) return NULL;
    SkStr *qualname = make_qualname(c, scope, name);
    if (!qualname) return NULL;
    bool nested = c->u && sk_scope_is_function(c->u->scope);
    int outer_noemit = c->u ? c->u->noemit : 0;
    SkUnit *u = unit_push(c, scope, node, name, qualname);
    if (!u) return NULL;
    u->noemit = outer_noemit;
    if (nested) u->flags |= SK_CODE_NESTED;
    if (scope->generator) u->flags |= SK_CODE_GENERATOR;
    if (node->kind == AST_FUNCDEF && node->list2.len > 0)
        u->firstline = (uint32_t)node->list2.items[0]->line;
    switch (scope->kind) {
    case SK_SCOPE_FUNCTION: {
        const SkAst *doc = docstring(&node->list);
        if (doc) u->doc = sk_cstr(c, doc->str, doc->len);
        int start = doc ? 1 : 0;
        for (int i = start; i < node->list.len && !c->failed; i++) sk_cstmt(c, node->list.items[i]);
        if (!sk_cterminated(c)) {
            sk_cemit(c, OP_LOAD_NONE, 0);
            sk_cemit(c, OP_RETURN_VALUE, 0);
        }
        break;
    }
    case SK_SCOPE_LAMBDA:
        sk_cexpr(c, node->b);
        sk_cemit(c, OP_RETURN_VALUE, 0);
        break;
    case SK_SCOPE_COMPREHENSION:
        u->flags |= SK_CODE_COMPREHENSION;
        sk_cbody_comprehension(c, node);
        break;
    case SK_SCOPE_CLASS:
        u->flags |= SK_CODE_CLASS;
        sk_cclass_body(c, node);
        break;
    default: break;
    }
    SkCode *code = u->noemit ? NULL : unit_assemble(c);
    unit_pop(c);
    return code;
}

void sk_cmake_closure(C *c, SkCode *code, const SkScope *scope, uint32_t flags) {
    if (c->failed || c->u->noemit) return;
    if (scope->frees.len > 0) {
        for (int i = 0; i < scope->frees.len; i++) {
            int slot = sk_cderef_slot(c, scope->frees.syms[i].name);
            if (slot < 0) {
                c->failed = true;
                sk_raise(c->vm, c->vm->exc.SystemError, "compiler: no cell for free variable '%s'",
                         scope->frees.syms[i].name);
                return;
            }
            sk_cemit(c, OP_LOAD_CLOSURE, (uint32_t)slot);
        }
        sk_cemit(c, OP_BUILD_TUPLE, (uint32_t)scope->frees.len);
        flags |= 4;
    }
    sk_cemit(c, OP_LOAD_CONST, sk_cconst(c, sk_obj(code)));
    sk_cemit(c, OP_MAKE_FUNCTION, flags);
}

// --- the module ---------------------------------------------------------

static SkCode *compile_module(C *c, const SkAst *root) {
    SkStr *name = sk_cintern(c, "<module>", 8);
    if (!name) return NULL;
    SkUnit *u = unit_push(c, c->top, root, name, name);
    if (!u) return NULL;
    u->flags |= SK_CODE_MODULE;
    u->line = 1;
    u->firstline = 1;
    if (c->mode == SK_PARSE_EVAL) {
        u->line = root->line;
        sk_cexpr(c, root);
        sk_cemit(c, OP_RETURN_VALUE, 0);
    } else {
        const SkAst *doc = c->mode == SK_PARSE_FILE ? docstring(&root->list) : NULL;
        int start = 0;
        // Future imports are allowed only here: after the docstring, before anything else.
        int nf = doc ? 1 : 0;
        while (nf < root->list.len && root->list.items[nf]->kind == AST_IMPORTFROM &&
               root->list.items[nf]->ival == 0 && !strcmp(root->list.items[nf]->str, "__future__"))
            nf++;
        c->future = root->list.items;
        c->nfuture = nf;
        for (int i = doc ? 1 : 0; i < nf; i++)
            for (int k = 0; k < root->list.items[i]->list.len; k++)
                if (!strcmp(root->list.items[i]->list.items[k]->str, "annotations"))
                    c->future_annotations = true;
        if (doc) {
            u->line = doc->line;
            u->doc = sk_cstr(c, doc->str, doc->len);
            sk_cemit_const(c, u->doc);
            sk_cname_op(c, "__doc__", SK_NAME_STORE);
            start = 1;
        }
        sk_csetup_annotations(c, &root->list);
        for (int i = start; i < root->list.len && !c->failed; i++) sk_cstmt(c, root->list.items[i]);
        if (!sk_cterminated(c)) {
            sk_cemit(c, OP_LOAD_NONE, 0);
            sk_cemit(c, OP_RETURN_VALUE, 0);
        }
    }
    SkCode *code = unit_assemble(c);
    unit_pop(c);
    return code;
}

static SkClass *syntax_class(SkVM *vm, SkSyntaxKind k) {
    switch (k) {
    case SK_INDENT_ERROR: return vm->exc.IndentationError;
    case SK_TAB_ERROR: return vm->exc.TabError;
    default: return vm->exc.SyntaxError;
    }
}

// Offset of the first byte that is not valid UTF-8, or len.
static size_t utf8_bad_offset(const unsigned char *s, size_t len) {
    size_t i = 0;
    while (i < len) {
        unsigned char b = s[i];
        size_t n = b < 0x80             ? 0
                   : (b & 0xe0) == 0xc0 ? 1
                   : (b & 0xf0) == 0xe0 ? 2
                   : (b & 0xf8) == 0xf0 ? 3
                                        : 9;
        if (n == 9 || (n == 1 && b < 0xc2) || (n == 3 && b > 0xf4) || i + n >= len + (n ? 0 : 1))
            return i;
        for (size_t k = 1; k <= n; k++)
            if ((s[i + k] & 0xc0) != 0x80) return i;
        if (n == 2 && ((b == 0xe0 && s[i + 1] < 0xa0) || (b == 0xed && s[i + 1] >= 0xa0))) return i;
        if (n == 3 && ((b == 0xf0 && s[i + 1] < 0x90) || (b == 0xf4 && s[i + 1] >= 0x90))) return i;
        i += n + 1;
    }
    return len;
}

// incomplete: NULL, or where an unfinished SINGLE input is reported
// (true, no exception) instead of a SyntaxError; interactive input is not
// registered as traceback source (each input would replace the last), nor
// is the source of compile()/exec()/eval() (CPython shows no lines for it).
static SkCode *compile(SkVM *vm, const char *src, size_t len, const char *filename,
                       SkParseMode mode, bool *incomplete, bool dynamic) {
    // A UTF-8 byte order mark is allowed and ignored, as CPython does.
    if (len >= 3 && memcmp(src, "\xef\xbb\xbf", 3) == 0) {
        src += 3;
        len -= 3;
    }
    size_t bad = utf8_bad_offset((const unsigned char *)src, len);
    if (bad < len) {
        int line = 1;
        for (size_t i = 0; i < bad; i++) line += src[i] == '\n';
        char msg[512];
        snprintf(msg, sizeof msg,
                 "Non-UTF-8 code starting with '\\x%02x' in file %s on line %d, but no encoding "
                 "declared; see https://peps.python.org/pep-0263/ for details",
                 (unsigned char)src[bad], filename ? filename : "<string>", line);
        sk_raise(vm, vm->exc.SyntaxError, "%s", msg); // no location: CPython prints none
        return NULL;
    }
    C c = {0};
    c.vm = vm;
    c.src = src;
    c.srclen = len;
    c.filename = filename ? filename : "<string>";
    c.mode = mode;
    c.dynamic = dynamic;
    c.filename_str = sk_str_cstr(vm, c.filename);
    if (!c.filename_str) return NULL;
    c.keep = sk_list_new(vm, 16); // a fresh object: the GC arena roots it while we compile
    if (!c.keep) return NULL;
    SkStr *source = incomplete || dynamic ? NULL : sk_str_new(vm, src, len);
    if (incomplete || dynamic) {
    } else if (source) {
        sk_register_source(vm, c.filename_str, source);
    } else {
        sk_clear_exc(vm); // not valid UTF-8: tracebacks will lack the text, the parser reports it
    }

    SkAstArena arena;
    sk_arena_init(&arena);
    SkSyntaxError perr;
    memset(&perr, 0, sizeof perr);
    SkAst *root = sk_parse(&arena, src, len, mode, &perr);
    if (!root) {
        if (perr.incomplete && incomplete) {
            *incomplete = true;
        } else if (strcmp(perr.msg, "out of memory") == 0) {
            sk_raise_nomem(vm);
        } else {
            raise_syntax_at(&c, syntax_class(vm, perr.kind),
                            perr.msg[0] ? perr.msg : "invalid syntax", perr.line, perr.col,
                            perr.end_line, perr.end_col);
        }
        sk_arena_free(&arena);
        return NULL;
    }
    SkScopeError serr;
    c.top = sk_scope_build(root, mode == SK_PARSE_EVAL, &serr);
    if (!c.top) {
        if (serr.kind == SK_SCOPE_ERR_MEMORY)
            sk_raise_nomem(vm);
        else if (serr.kind == SK_SCOPE_ERR_RECURSION)
            sk_raise(vm, vm->exc.RecursionError, "%s", serr.msg);
        else
            raise_syntax_at(&c, vm->exc.SyntaxError, serr.msg, serr.line, serr.col, serr.end_line,
                            serr.end_col);
        sk_arena_free(&arena);
        return NULL;
    }
    SkCode *code = compile_module(&c, root);
    while (c.u) unit_pop(&c); // after an error
    sk_scope_free(c.top);
    sk_arena_free(&arena);
    if (c.failed) return NULL;
    return code;
}

SkCode *sk_compile(SkVM *vm, const char *src, size_t len, const char *filename, SkParseMode mode) {
    return compile(vm, src, len, filename, mode, NULL, false);
}

SkCode *sk_compile_dynamic(SkVM *vm, const char *src, size_t len, const char *filename,
                           SkParseMode mode) {
    return compile(vm, src, len, filename, mode, NULL, true);
}

SkCode *sk_compile_interactive(SkVM *vm, const char *src, size_t len, bool *incomplete) {
    *incomplete = false;
    return compile(vm, src, len, "<stdin>", SK_PARSE_SINGLE, incomplete, false);
}
