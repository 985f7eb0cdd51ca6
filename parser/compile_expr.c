// parser/compile_expr.c -- code generation for expressions: operators
// (with constant folding), short-circuit logic and conditional jumps,
// chained comparisons, calls (plain, method, keyword, star), displays,
// comprehensions (nested functions taking the first iterator as `.0`, as
// CPython 3.11 compiles them), f-strings, lambdas, yields, and the
// targets of assignment and del.
#include "parser/compiler_internal.h"

#include "vm/classes/error.h"
#include "vm/objects/bigint.h"
#include "vm/objects/bytes.h"
#include "vm/objects/complex.h"
#include "vm/objects/iter.h"
#include "vm/objects/list.h"
#include "vm/objects/set.h"
#include "vm/objects/str.h"
#include "vm/objects/tuple.h"

#include <math.h>
#include <stdlib.h>

#define FOLD_MAX_STR 4096 // never build bigger constants than this
#define GUARDRAIL 16      // displays longer than this grow one item at a time

// --- constant folding ---------------------------------------------------

int sk_cconst_truth(SkValue v) {
    switch (v.tag) {
    case SK_T_NONE: return 0;
    case SK_T_BOOL:
    case SK_T_INT: return v.as.i != 0;
    case SK_T_FLOAT: return v.as.f != 0.0;
    case SK_T_OBJ:
        switch (v.as.o->kind) {
        case SK_STR: return ((SkStr *)v.as.o)->len != 0;
        case SK_BYTES: return ((SkBytes *)v.as.o)->len != 0;
        case SK_TUPLE: return ((SkTuple *)v.as.o)->len != 0;
        default: return -1;
        }
    default: return -1;
    }
}

static bool is_intlike(SkValue v) { return v.tag == SK_T_INT || v.tag == SK_T_BOOL; }
static bool is_num(SkValue v) { return is_intlike(v) || v.tag == SK_T_FLOAT; }
static double as_double(SkValue v) { return v.tag == SK_T_FLOAT ? v.as.f : (double)v.as.i; }

static bool ipow(int64_t base, int64_t exp, int64_t *out) {
    int64_t r = 1;
    while (exp > 0) {
        if (exp & 1) {
            if (__builtin_mul_overflow(r, base, &r)) return false;
        }
        exp >>= 1;
        if (exp && __builtin_mul_overflow(base, base, &base)) return false;
    }
    *out = r;
    return true;
}

// Python's floor division and modulo on int64; false when it would raise
// or overflow (the VM then raises at run time).
static bool ifloordiv(int64_t a, int64_t b, int64_t *q, int64_t *m) {
    if (b == 0 || (a == INT64_MIN && b == -1)) return false;
    int64_t qq = a / b, mm = a % b;
    if (mm != 0 && ((mm < 0) != (b < 0))) {
        qq -= 1;
        mm += b;
    }
    *q = qq;
    *m = mm;
    return true;
}

static bool fold_int_binop(int op, int64_t a, int64_t b, bool both_bool, SkValue *out) {
    int64_t r, m;
    switch (op) {
    case SK_OP_ADD:
        if (__builtin_add_overflow(a, b, &r)) return false;
        break;
    case SK_OP_SUB:
        if (__builtin_sub_overflow(a, b, &r)) return false;
        break;
    case SK_OP_MUL:
        if (__builtin_mul_overflow(a, b, &r)) return false;
        break;
    case SK_OP_FLOORDIV:
        if (!ifloordiv(a, b, &r, &m)) return false;
        break;
    case SK_OP_MOD:
        if (!ifloordiv(a, b, &m, &r)) return false;
        break;
    case SK_OP_POW:
        if (b < 0 || !ipow(a, b, &r)) return false;
        break;
    case SK_OP_DIV: {
        const int64_t lim = (int64_t)1 << 53; // exact in a double: same rounding as CPython
        if (b == 0 || a > lim || a < -lim || b > lim || b < -lim) return false;
        *out = sk_float((double)a / (double)b);
        return true;
    }
    case SK_OP_LSHIFT:
        if (b < 0) return false;
        if (a == 0) {
            r = 0;
            break;
        }
        if (b >= 63 || __builtin_mul_overflow(a, (int64_t)1 << b, &r)) return false;
        break;
    case SK_OP_RSHIFT:
        if (b < 0) return false;
        r = b >= 64 ? (a < 0 ? -1 : 0) : (a >> b);
        break;
    case SK_OP_BITAND:
        r = a & b;
        if (both_bool) {
            *out = sk_bool(r);
            return true;
        }
        break;
    case SK_OP_BITOR:
        r = a | b;
        if (both_bool) {
            *out = sk_bool(r);
            return true;
        }
        break;
    case SK_OP_BITXOR:
        r = a ^ b;
        if (both_bool) {
            *out = sk_bool(r);
            return true;
        }
        break;
    default: return false;
    }
    *out = sk_int(r);
    return true;
}

static bool fold_float_binop(int op, double a, double b, SkValue *out) {
    double r;
    switch (op) {
    case SK_OP_ADD: r = a + b; break;
    case SK_OP_SUB: r = a - b; break;
    case SK_OP_MUL: r = a * b; break;
    case SK_OP_DIV:
        if (b == 0.0) return false;
        r = a / b;
        break;
    default: return false; // //, %, ** have corner cases best left to the VM
    }
    *out = sk_float(r);
    return true;
}

static bool fold_str_repeat(C *c, SkStr *s, int64_t n, SkValue *out) {
    if (n < 0) n = 0;
    if (s->len && (uint64_t)n > FOLD_MAX_STR / s->len) return false;
    size_t total = s->len * (size_t)n;
    char *buf = malloc(total + 1);
    if (!buf) return false;
    for (int64_t i = 0; i < n; i++) memcpy(buf + (size_t)i * s->len, s->data, s->len);
    *out = sk_cstr(c, buf, total);
    free(buf);
    return !c->failed;
}

static bool fold_binop(C *c, int op, SkValue a, SkValue b, SkValue *out) {
    if (is_intlike(a) && is_intlike(b))
        return fold_int_binop(op, a.as.i, b.as.i, a.tag == SK_T_BOOL && b.tag == SK_T_BOOL, out);
    if (is_num(a) && is_num(b)) return fold_float_binop(op, as_double(a), as_double(b), out);
    if (SK_IS_STR(a) && SK_IS_STR(b) && op == SK_OP_ADD) {
        SkStr *x = SK_AS_STR(a), *y = SK_AS_STR(b);
        if (x->len + y->len > FOLD_MAX_STR) return false;
        char *buf = malloc(x->len + y->len + 1);
        if (!buf) return false;
        memcpy(buf, x->data, x->len);
        memcpy(buf + x->len, y->data, y->len);
        *out = sk_cstr(c, buf, x->len + y->len);
        free(buf);
        return !c->failed;
    }
    if (op == SK_OP_MUL && SK_IS_STR(a) && is_intlike(b))
        return fold_str_repeat(c, SK_AS_STR(a), b.as.i, out);
    if (op == SK_OP_MUL && is_intlike(a) && SK_IS_STR(b))
        return fold_str_repeat(c, SK_AS_STR(b), a.as.i, out);
    return false;
}

static bool fold_unary(int op, SkValue a, SkValue *out) {
    switch (op) {
    case SK_OP_NOT: {
        int t = sk_cconst_truth(a);
        if (t < 0) return false;
        *out = sk_bool(!t);
        return true;
    }
    case SK_OP_NEG:
        if (is_intlike(a)) {
            if (a.as.i == INT64_MIN) return false;
            *out = sk_int(-a.as.i);
            return true;
        }
        if (a.tag == SK_T_FLOAT) {
            *out = sk_float(-a.as.f);
            return true;
        }
        return false;
    case SK_OP_POS:
        if (is_intlike(a)) {
            *out = sk_int(a.as.i);
            return true;
        }
        if (a.tag == SK_T_FLOAT) {
            *out = a;
            return true;
        }
        return false;
    case SK_OP_INVERT:
        if (is_intlike(a)) {
            *out = sk_int(~a.as.i);
            return true;
        }
        return false;
    default: return false;
    }
}

// An int literal beyond 64 bits (the lexer keeps its digits) as a big int.
static bool fold_big_literal(C *c, const SkAst *e, SkValue *out) {
    SkValue v = e->op == 1 ? sk_int_from_digits(c->vm, "9223372036854775808", 19, 10, false)
                           : sk_int_from_digits(c->vm, e->str, e->len, (int)e->ival, false);
    if (SK_IS_ERR(v)) {
        SkStr *msg = sk_exc_str(c->vm, sk_take_exc(c->vm));
        sk_cerr(c, e, "%s", msg ? msg->data : "out of memory");
        return false;
    }
    *out = v;
    return true;
}

bool sk_cfold(C *c, const SkAst *e, SkValue *out) {
    if (c->failed) return false;
    switch (e->kind) {
    case AST_INT:
        if (e->op == 0) {
            *out = sk_int(e->ival);
            return true;
        }
        return fold_big_literal(c, e, out);
    case AST_FLOAT:
        if (e->op == 1) { // 2.5j
            SkComplex *z = sk_complex_new(c->vm, 0.0, e->fval);
            if (!z) {
                sk_cerr_nomem(c);
                return false;
            }
            *out = sk_obj(z);
            return true;
        }
        *out = sk_float(e->fval);
        return true;
    case AST_NONE: *out = SK_NONE; return true;
    case AST_TRUE: *out = SK_TRUE; return true;
    case AST_FALSE: *out = SK_FALSE; return true;
    case AST_STR: *out = sk_cstr(c, e->str, e->len); return !c->failed;
    case AST_BYTES: {
        SkBytes *b = sk_bytes_new(c->vm, (const uint8_t *)e->str, e->len);
        if (!b) {
            sk_cerr_nomem(c);
            return false;
        }
        *out = sk_obj(b);
        return true;
    }
    case AST_JOINEDSTR:
        if (e->list.len == 0) {
            *out = sk_cstr(c, "", 0);
            return !c->failed;
        }
        if (e->list.len == 1 && e->list.items[0]->kind == AST_STR)
            return sk_cfold(c, e->list.items[0], out);
        return false;
    case AST_UNARYOP: {
        SkValue a;
        if (!sk_center(c, e)) return false;
        bool ok = sk_cfold(c, e->a, &a) && fold_unary(e->op, a, out);
        c->depth--;
        return ok;
    }
    case AST_BINOP: {
        SkValue a, b;
        if (!sk_center(c, e)) return false;
        bool ok = sk_cfold(c, e->a, &a) && sk_cfold(c, e->b, &b) && fold_binop(c, e->op, a, b, out);
        c->depth--;
        return ok;
    }
    case AST_TUPLE: {
        if (e->ctx != SK_CTX_LOAD) return false;
        for (int i = 0; i < e->list.len; i++) {
            int k = e->list.items[i]->kind;
            // only plain literals: nested expressions are folded when compiled
            if (k == AST_STARRED || k == AST_NAME || k == AST_CALL) return false;
        }
        SkTuple *t = sk_tuple_new(c->vm, (size_t)e->list.len);
        if (!t) {
            sk_cerr_nomem(c);
            return false;
        }
        if (!sk_center(c, e)) return false;
        bool ok = true;
        for (int i = 0; i < e->list.len && ok; i++)
            ok = sk_cfold(c, e->list.items[i], &t->items[i]);
        c->depth--;
        if (ok) *out = sk_obj(t);
        return ok;
    }
    default: return false;
    }
}

// --- names for error messages ---------------------------------------------

const char *sk_cexpr_name(const SkAst *e) {
    switch (e->kind) {
    case AST_ATTRIBUTE: return "attribute";
    case AST_SUBSCRIPT: return "subscript";
    case AST_STARRED: return "starred";
    case AST_NAME: return "name";
    case AST_LIST: return "list";
    case AST_TUPLE: return "tuple";
    case AST_LAMBDA: return "lambda";
    case AST_CALL: return "function call";
    case AST_BOOLOP:
    case AST_BINOP:
    case AST_UNARYOP: return "expression";
    case AST_GENEXP: return "generator expression";
    case AST_YIELD:
    case AST_YIELDFROM: return "yield expression";
    case AST_LISTCOMP: return "list comprehension";
    case AST_SETCOMP: return "set comprehension";
    case AST_DICTCOMP: return "dict comprehension";
    case AST_DICT: return "dict literal";
    case AST_SET: return "set display";
    case AST_JOINEDSTR:
    case AST_FORMATTED: return "f-string expression";
    case AST_NONE: return "None";
    case AST_TRUE: return "True";
    case AST_FALSE: return "False";
    case AST_ELLIPSIS: return "ellipsis";
    case AST_COMPARE: return "comparison";
    case AST_IFEXP: return "conditional expression";
    case AST_NAMEDEXPR: return "named expression";
    default: return "literal";
    }
}

// --- helpers ------------------------------------------------------------

// CPython 3.11 gives attribute instructions the line of the attribute
// name when `obj\n.attr` spans lines.
static int attr_line(const SkAst *e) { return e->end_line > e->line ? e->end_line : e->line; }

static void emit_attr_op(C *c, int op, const SkAst *e) {
    char buf[SK_MANGLE_CAP];
    const char *name = sk_cmangle(c, e->str, buf);
    sk_cemit(c, op, sk_cname(c, name, strlen(name)));
}

static void compare_op(C *c, int op) {
    switch (op) {
    case SK_OP_LT: sk_cemit(c, OP_COMPARE_LT, 0); break;
    case SK_OP_LE: sk_cemit(c, OP_COMPARE_LE, 0); break;
    case SK_OP_EQ: sk_cemit(c, OP_COMPARE_EQ, 0); break;
    case SK_OP_NE: sk_cemit(c, OP_COMPARE_NE, 0); break;
    case SK_OP_GT: sk_cemit(c, OP_COMPARE_GT, 0); break;
    case SK_OP_GE: sk_cemit(c, OP_COMPARE_GE, 0); break;
    case SK_OP_IS: sk_cemit(c, OP_IS_OP, 0); break;
    case SK_OP_ISNOT: sk_cemit(c, OP_IS_OP, 1); break;
    case SK_OP_IN: sk_cemit(c, OP_CONTAINS_OP, 0); break;
    case SK_OP_NOTIN: sk_cemit(c, OP_CONTAINS_OP, 1); break;
    default: break;
    }
}

static int binop_opcode(int op) {
    static const int ops[] = {
        [SK_OP_ADD] = OP_BINARY_ADD,           [SK_OP_SUB] = OP_BINARY_SUB,
        [SK_OP_MUL] = OP_BINARY_MUL,           [SK_OP_DIV] = OP_BINARY_TRUEDIV,
        [SK_OP_FLOORDIV] = OP_BINARY_FLOORDIV, [SK_OP_MOD] = OP_BINARY_MOD,
        [SK_OP_POW] = OP_BINARY_POW,           [SK_OP_MATMUL] = OP_BINARY_MATMUL,
        [SK_OP_LSHIFT] = OP_BINARY_LSHIFT,     [SK_OP_RSHIFT] = OP_BINARY_RSHIFT,
        [SK_OP_BITAND] = OP_BINARY_AND,        [SK_OP_BITOR] = OP_BINARY_OR,
        [SK_OP_BITXOR] = OP_BINARY_XOR,
    };
    return op <= SK_OP_BITXOR ? ops[op] : OP_NOP;
}

// Subscript index: slices become BUILD_SLICE, tuples of slices a tuple.
static void compile_slice(C *c, const SkAst *s) {
    if (s->a)
        sk_cexpr(c, s->a);
    else
        sk_cemit(c, OP_LOAD_NONE, 0);
    if (s->b)
        sk_cexpr(c, s->b);
    else
        sk_cemit(c, OP_LOAD_NONE, 0);
    if (s->c) {
        sk_cexpr(c, s->c);
        sk_cemit(c, OP_BUILD_SLICE, 3);
    } else {
        sk_cemit(c, OP_BUILD_SLICE, 2);
    }
}

static void compile_index(C *c, const SkAst *idx) {
    if (idx->kind == AST_SLICE)
        compile_slice(c, idx);
    else
        sk_cexpr(c, idx);
}

// --- conditional jumps --------------------------------------------------

static void comparator(C *c, int op, const SkAst *e);

void sk_cjump_if(C *c, const SkAst *e, bool when, int label) {
    if (!sk_center(c, e)) return;
    int saved_line = c->u->line;
    c->u->line = e->line;
    SkValue k;
    if (e->kind == AST_UNARYOP && e->op == SK_OP_NOT) {
        sk_cjump_if(c, e->a, !when, label);
    } else if (e->kind == AST_BOOLOP) {
        // and: jump-if-false on any operand; or: jump-if-true on any operand
        bool is_and = e->op == SK_OP_AND;
        int n = e->list.len;
        if (is_and != when) {
            for (int i = 0; i < n; i++) sk_cjump_if(c, e->list.items[i], when, label);
        } else {
            int skip = sk_clabel(c);
            for (int i = 0; i < n - 1; i++) sk_cjump_if(c, e->list.items[i], !when, skip);
            sk_cjump_if(c, e->list.items[n - 1], when, label);
            sk_cbind(c, skip);
        }
    } else if (e->kind == AST_COMPARE && e->list.len > 1) {
        // a < b < c as jumps: no bool is materialized
        int n = e->list.len, base = c->u->depth;
        int cleanup = sk_clabel(c), end = sk_clabel(c);
        sk_cexpr(c, e->a);
        for (int i = 0; i < n - 1; i++) {
            sk_cexpr(c, e->list.items[i]);
            sk_cemit(c, OP_DUP_TOP, 0);
            sk_cemit(c, OP_ROT_THREE, 0);
            compare_op(c, e->ops[i]);
            sk_cemit_jump(c, OP_POP_JUMP_IF_FALSE, cleanup);
        }
        comparator(c, e->ops[n - 1], e->list.items[n - 1]);
        compare_op(c, e->ops[n - 1]);
        sk_cemit_jump(c, when ? OP_POP_JUMP_IF_TRUE : OP_POP_JUMP_IF_FALSE, label);
        sk_cemit_jump(c, OP_JUMP, end);
        sk_cbind(c, cleanup);
        sk_cset_depth(c, base + 1);
        sk_cemit(c, OP_POP_TOP, 0);
        if (!when) sk_cemit_jump(c, OP_JUMP, label);
        sk_cbind(c, end);
        sk_cset_depth(c, base);
    } else if (e->kind == AST_COMPARE && e->list.len == 1) {
        sk_cexpr(c, e->a);
        comparator(c, e->ops[0], e->list.items[0]);
        compare_op(c, e->ops[0]);
        sk_cemit_jump(c, when ? OP_POP_JUMP_IF_TRUE : OP_POP_JUMP_IF_FALSE, label);
    } else if (e->kind != AST_TUPLE && sk_cfold(c, e, &k) && sk_cconst_truth(k) >= 0) {
        if (sk_cconst_truth(k) == (int)when) sk_cemit_jump(c, OP_JUMP, label);
    } else {
        sk_cexpr(c, e);
        sk_cemit_jump(c, when ? OP_POP_JUMP_IF_TRUE : OP_POP_JUMP_IF_FALSE, label);
    }
    c->u->line = saved_line;
    c->depth--;
}

// --- operators ----------------------------------------------------------

static void compile_boolop(C *c, const SkAst *e) {
    int end = sk_clabel(c);
    int op = e->op == SK_OP_AND ? OP_JUMP_IF_FALSE_OR_POP : OP_JUMP_IF_TRUE_OR_POP;
    int base = c->u->depth;
    for (int i = 0; i < e->list.len - 1; i++) {
        sk_cexpr(c, e->list.items[i]);
        sk_cemit_jump(c, op, end);
    }
    sk_cexpr(c, e->list.items[e->list.len - 1]);
    sk_cbind(c, end);
    sk_cset_depth(c, base + 1);
}

static bool fold_all(C *c, const SkAstList *l, SkValue *out);
static bool has_starred(const SkAstList *l);
static SkValue frozen_set_of(C *c, SkValue tuple);

void sk_cexpr_container(C *c, const SkAst *e) {
    SkValue k;
    if (e->kind == AST_SET && !has_starred(&e->list) && fold_all(c, &e->list, &k)) {
        // Iterated or searched set of constants: a frozenset constant, as
        // CPython makes it (so `for x in {...}` goes in CPython's order).
        k = frozen_set_of(c, k);
        if (SK_IS_OBJ(k)) sk_cemit(c, OP_LOAD_CONST, sk_cconst(c, k));
        return;
    }
    if (e->kind == AST_LIST && e->list.len > 0 && !has_starred(&e->list)) {
        // only iterated or searched: a tuple will do, and constants fold
        if (fold_all(c, &e->list, &k)) {
            sk_cemit(c, OP_LOAD_CONST, sk_cconst(c, k));
            return;
        }
        if (e->list.len <= GUARDRAIL) {
            int saved = c->u->line;
            for (int i = 0; i < e->list.len; i++) sk_cexpr(c, e->list.items[i]);
            c->u->line = saved;
            sk_cemit(c, OP_BUILD_TUPLE, (uint32_t)e->list.len);
            return;
        }
    }
    sk_cexpr(c, e);
}

// The right operand of a comparison: `x in [1, 2]` tests a constant tuple.
static void comparator(C *c, int op, const SkAst *e) {
    if (op == SK_OP_IN || op == SK_OP_NOTIN)
        sk_cexpr_container(c, e);
    else
        sk_cexpr(c, e);
}

static void compile_compare(C *c, const SkAst *e) {
    int n = e->list.len;
    sk_cexpr(c, e->a);
    if (n == 1) {
        comparator(c, e->ops[0], e->list.items[0]);
        compare_op(c, e->ops[0]);
        return;
    }
    int base = c->u->depth - 1;
    int cleanup = sk_clabel(c), end = sk_clabel(c);
    for (int i = 0; i < n - 1; i++) {
        sk_cexpr(c, e->list.items[i]); // also the next comparison's left operand
        sk_cemit(c, OP_DUP_TOP, 0);
        sk_cemit(c, OP_ROT_THREE, 0);
        compare_op(c, e->ops[i]);
        sk_cemit_jump(c, OP_JUMP_IF_FALSE_OR_POP, cleanup);
    }
    comparator(c, e->ops[n - 1], e->list.items[n - 1]);
    compare_op(c, e->ops[n - 1]);
    sk_cemit_jump(c, OP_JUMP, end);
    sk_cbind(c, cleanup);
    sk_cset_depth(c, base + 2);
    sk_cemit(c, OP_ROT_TWO, 0);
    sk_cemit(c, OP_POP_TOP, 0);
    sk_cbind(c, end);
    sk_cset_depth(c, base + 1);
}

static void compile_ifexp(C *c, const SkAst *e) {
    int base = c->u->depth;
    int orelse = sk_clabel(c), end = sk_clabel(c);
    sk_cjump_if(c, e->a, false, orelse);
    sk_cexpr(c, e->b);
    sk_cemit_jump(c, OP_JUMP, end);
    sk_cbind(c, orelse);
    sk_cset_depth(c, base);
    sk_cexpr(c, e->c);
    sk_cbind(c, end);
    sk_cset_depth(c, base + 1);
}

// --- displays -----------------------------------------------------------

static bool has_starred(const SkAstList *l) {
    for (int i = 0; i < l->len; i++)
        if (l->items[i]->kind == AST_STARRED) return true;
    return false;
}

// All elements fold: a tuple constant of them in *out.
static bool fold_all(C *c, const SkAstList *l, SkValue *out) {
    for (int i = 0; i < l->len; i++) {
        int k = l->items[i]->kind;
        if (k == AST_STARRED || k == AST_NAME || k == AST_CALL || k == AST_ATTRIBUTE) return false;
    }
    SkTuple *t = sk_tuple_new(c->vm, (size_t)l->len);
    if (!t) {
        sk_cerr_nomem(c);
        return false;
    }
    for (int i = 0; i < l->len; i++)
        if (!sk_cfold(c, l->items[i], &t->items[i])) return false;
    *out = sk_obj(t);
    return true;
}

// The frozenset constant of a set display's items, made as CPython makes
// it: the items inserted in order, then (CPython's constant merging
// rebuilds frozensets) inserted again into a fresh frozenset in the first
// one's order. SK_UNDEF with the compiler failed when memory runs out.
static SkValue frozen_set_of(C *c, SkValue tuple) {
    SkTuple *t = SK_AS_TUPLE(tuple);
    SkSet *first = sk_set_new(c->vm, true);
    for (size_t i = 0; first && i < t->len; i++)
        if (!sk_set_add(c->vm, first, t->items[i])) first = NULL;
    SkSet *s = first ? sk_set_new(c->vm, true) : NULL;
    SkValue it = s ? sk_iter(c->vm, sk_obj(first)) : SK_ERR;
    for (SkValue v; s && !SK_IS_ERR(it) && !SK_IS_UNDEF(v = sk_next(c->vm, it));)
        if (!sk_set_add(c->vm, s, v)) s = NULL;
    if (s && sk_has_exc(c->vm)) s = NULL;
    if (!s) {
        c->failed = true;
        return SK_UNDEF;
    }
    if (!sk_list_append(c->vm, c->keep, sk_obj(s))) { // rooted while we compile
        c->failed = true;
        return SK_UNDEF;
    }
    return sk_obj(s);
}

// list, tuple or set display: kind is AST_LIST/AST_TUPLE/AST_SET.
static void compile_display(C *c, const SkAst *e) {
    const SkAstList *l = &e->list;
    int n = l->len;
    bool is_set = e->kind == AST_SET;
    int build = is_set ? OP_BUILD_SET : OP_BUILD_LIST;
    int add = is_set ? OP_SET_ADD : OP_LIST_APPEND;
    int extend = is_set ? OP_SET_UPDATE : OP_LIST_EXTEND;
    SkValue k;
    if (!has_starred(l)) {
        if (e->kind == AST_TUPLE) {
            if (n > 0 && fold_all(c, l, &k)) {
                sk_cemit(c, OP_LOAD_CONST, sk_cconst(c, k));
                return;
            }
            if (n <= GUARDRAIL) {
                for (int i = 0; i < n; i++) sk_cexpr(c, l->items[i]);
                sk_cemit(c, OP_BUILD_TUPLE, (uint32_t)n);
                return;
            }
        } else if (n >= 3 && fold_all(c, l, &k)) {
            // A set of constants is a frozenset constant, as CPython's: the
            // set SET_UPDATE makes from it then has CPython's iteration order.
            if (is_set && !(k = frozen_set_of(c, k), SK_IS_OBJ(k))) return;
            sk_cemit(c, build, 0);
            sk_cemit(c, OP_LOAD_CONST, sk_cconst(c, k));
            sk_cemit(c, extend, 1);
            return;
        } else if (n <= GUARDRAIL) {
            for (int i = 0; i < n; i++) sk_cexpr(c, l->items[i]);
            sk_cemit(c, build, (uint32_t)n);
            return;
        }
    }
    // general case: leading plain items, then one at a time
    int lead = 0;
    while (lead < n && lead < GUARDRAIL && l->items[lead]->kind != AST_STARRED) lead++;
    for (int i = 0; i < lead; i++) sk_cexpr(c, l->items[i]);
    sk_cemit(c, build, (uint32_t)lead);
    for (int i = lead; i < n; i++) {
        const SkAst *it = l->items[i];
        if (it->kind == AST_STARRED) {
            sk_cexpr(c, it->a);
            sk_cemit(c, extend, 1);
        } else {
            sk_cexpr(c, it);
            sk_cemit(c, add, 1);
        }
    }
    if (e->kind == AST_TUPLE) sk_cemit(c, OP_LIST_TO_TUPLE, 0);
}

static void compile_dict(C *c, const SkAst *e) {
    int pending = 0;
    bool have = false;
    for (int i = 0; i < e->list.len; i++) {
        const SkAst *key = e->list.items[i], *val = e->list2.items[i];
        if (!key || pending >= GUARDRAIL) {
            if (pending || !have) {
                sk_cemit(c, OP_BUILD_MAP, (uint32_t)pending);
                if (have) sk_cemit(c, OP_DICT_UPDATE, 1);
                have = true;
                pending = 0;
            }
        }
        if (!key) {
            sk_cexpr(c, val);
            sk_cemit(c, OP_DICT_UPDATE, 1);
        } else {
            sk_cexpr(c, key);
            sk_cexpr(c, val);
            pending++;
        }
    }
    if (pending || !have) {
        sk_cemit(c, OP_BUILD_MAP, (uint32_t)pending);
        if (have) sk_cemit(c, OP_DICT_UPDATE, 1);
    }
}

// --- f-strings ----------------------------------------------------------

static void compile_formatted(C *c, const SkAst *f) {
    sk_cexpr(c, f->a);
    uint32_t arg = 0;
    switch (f->ival) {
    case 's': arg = 1; break;
    case 'r': arg = 2; break;
    case 'a': arg = 3; break;
    default: break;
    }
    if (f->b) {
        sk_cexpr(c, f->b);
        arg |= 4;
    }
    sk_cemit(c, OP_FORMAT_VALUE, arg);
}

static void compile_joinedstr(C *c, const SkAst *e) {
    SkValue k;
    if (sk_cfold(c, e, &k)) {
        sk_cemit_const(c, k);
        return;
    }
    int n = 0;
    bool only_formatted = true;
    for (int i = 0; i < e->list.len; i++) {
        const SkAst *p = e->list.items[i];
        if (p->kind == AST_STR) {
            if (p->len == 0) continue;
            sk_cemit_const(c, sk_cstr(c, p->str, p->len));
            only_formatted = false;
        } else {
            compile_formatted(c, p);
        }
        n++;
    }
    if (n == 0)
        sk_cemit_const(c, sk_cstr(c, "", 0));
    else if (n > 1 || !only_formatted)
        sk_cemit(c, OP_BUILD_STRING, (uint32_t)n);
}

// --- calls --------------------------------------------------------------

static bool check_keywords(C *c, const SkAstList *kws) {
    for (int i = 1; i < kws->len; i++) {
        const SkAst *k = kws->items[i];
        if (!k->str) continue;
        for (int j = 0; j < i; j++) {
            const SkAst *p = kws->items[j];
            if (p->str && strcmp(p->str, k->str) == 0) {
                sk_cerr(c, k, "keyword argument repeated: %s", k->str);
                return false;
            }
        }
    }
    return true;
}

// Positional arguments as a tuple and keywords as a dict, for CALL_EX.
// Returns the CALL_EX flag (1 when a kwargs dict was pushed).
uint32_t sk_cex_args(C *c, const SkAstList *args, const SkAstList *kws) {
    int lead = 0;
    while (lead < args->len && lead < GUARDRAIL && args->items[lead]->kind != AST_STARRED) lead++;
    if (lead == 0 && args->len == 1) {
        // f(*x): one conversion, as CPython does
        sk_cemit(c, OP_BUILD_LIST, 0);
        sk_cexpr(c, args->items[0]->a);
        sk_cemit(c, OP_LIST_EXTEND, 1);
    } else {
        for (int i = 0; i < lead; i++) sk_cexpr(c, args->items[i]);
        sk_cemit(c, OP_BUILD_LIST, (uint32_t)lead);
        for (int i = lead; i < args->len; i++) {
            const SkAst *a = args->items[i];
            if (a->kind == AST_STARRED) {
                sk_cexpr(c, a->a);
                sk_cemit(c, OP_LIST_EXTEND, 1);
            } else {
                sk_cexpr(c, a);
                sk_cemit(c, OP_LIST_APPEND, 1);
            }
        }
    }
    sk_cemit(c, OP_LIST_TO_TUPLE, 0);
    if (kws->len == 0) return 0;
    bool have = false;
    int pending = 0;
    for (int i = 0; i < kws->len; i++) {
        const SkAst *k = kws->items[i];
        if (!k->str || pending >= GUARDRAIL) {
            if (pending || !have) {
                sk_cemit(c, OP_BUILD_MAP, (uint32_t)pending);
                if (have) sk_cemit(c, OP_DICT_MERGE, 1);
                have = true;
                pending = 0;
            }
        }
        if (!k->str) {
            sk_cexpr(c, k->a);
            sk_cemit(c, OP_DICT_MERGE, 1);
        } else {
            sk_cemit_const(c, sk_obj(sk_cintern(c, k->str, strlen(k->str))));
            sk_cexpr(c, k->a);
            pending++;
        }
    }
    if (pending) {
        sk_cemit(c, OP_BUILD_MAP, (uint32_t)pending);
        if (have) sk_cemit(c, OP_DICT_MERGE, 1);
    }
    return 1;
}

// Push the keyword names tuple constant.
static void emit_kwnames(C *c, const SkAstList *kws) {
    SkTuple *t = sk_tuple_new(c->vm, (size_t)kws->len);
    if (!t) {
        sk_cerr_nomem(c);
        return;
    }
    for (int i = 0; i < kws->len; i++) {
        SkStr *s = sk_cintern(c, kws->items[i]->str, strlen(kws->items[i]->str));
        if (!s) return;
        t->items[i] = sk_obj(s);
    }
    sk_cemit(c, OP_LOAD_CONST, sk_cconst(c, sk_obj(t)));
}

// super() in a method: super(__class__, <first argument>).
static bool compile_zero_arg_super(C *c, const SkAst *e) {
    SkUnit *u = c->u;
    const SkAst *f = e->a;
    if (f->kind != AST_NAME || strcmp(f->str, "super") != 0 || e->list.len || e->list2.len)
        return false;
    if (u->scope->kind != SK_SCOPE_FUNCTION && u->scope->kind != SK_SCOPE_LAMBDA) return false;
    if (u->argcount == 0 || sk_cresolve(c, "super") != SK_SYM_GLOBAL_IMPLICIT) return false;
    if (sk_cresolve(c, "__class__") != SK_SYM_FREE) return false;
    sk_cname_op(c, "super", SK_NAME_LOAD);
    sk_cemit(c, OP_LOAD_DEREF, (uint32_t)sk_cderef_slot(c, "__class__"));
    const char *first = u->varnames[0]->data;
    sk_cname_op(c, first, SK_NAME_LOAD);
    sk_cemit(c, OP_CALL, 2);
    return true;
}

static void compile_call(C *c, const SkAst *e) {
    const SkAstList *args = &e->list, *kws = &e->list2;
    if (!check_keywords(c, kws)) return;
    if (compile_zero_arg_super(c, e)) return;
    bool star = has_starred(args);
    for (int i = 0; i < kws->len && !star; i++)
        if (!kws->items[i]->str) star = true;
    int n = args->len + kws->len;
    if (star || n > SK_MAX_ARGS) {
        sk_cexpr(c, e->a);
        uint32_t flag = sk_cex_args(c, args, kws);
        sk_cemit(c, OP_CALL_EX, flag);
        return;
    }
    bool method = e->a->kind == AST_ATTRIBUTE;
    if (method) {
        sk_cexpr(c, e->a->a);
        c->u->line = attr_line(e->a);
        emit_attr_op(c, OP_LOAD_METHOD, e->a);
    } else {
        sk_cexpr(c, e->a);
    }
    for (int i = 0; i < args->len; i++) sk_cexpr(c, args->items[i]);
    for (int i = 0; i < kws->len; i++) sk_cexpr(c, kws->items[i]->a);
    if (method) c->u->line = attr_line(e->a);
    if (kws->len) {
        emit_kwnames(c, kws);
        sk_cemit(c, method ? OP_CALL_METHOD_KW : OP_CALL_KW, (uint32_t)n);
    } else {
        sk_cemit(c, method ? OP_CALL_METHOD : OP_CALL, (uint32_t)n);
    }
}

// --- functions, lambdas, comprehensions ---------------------------------

void sk_cfunction_def(C *c, const SkAst *node) {
    const SkAst *args = node->a;
    uint32_t flags = 0;
    if (args) {
        bool seen_default = false;
        int ndef = 0;
        for (int i = 0; i < args->list.len; i++) {
            const SkAst *a = args->list.items[i];
            if (a->a) {
                seen_default = true;
                ndef++;
            } else if (seen_default) {
                sk_cerr(c, a, "non-default argument follows default argument");
                return;
            }
        }
        if (ndef) {
            SkAstList defs = {args->list.items + (args->list.len - ndef), ndef, ndef};
            SkTuple *t = sk_tuple_new(c->vm, (size_t)ndef);
            bool folded = t != NULL;
            for (int i = 0; i < ndef && folded; i++)
                folded = sk_cfold(c, defs.items[i]->a, &t->items[i]);
            if (folded) {
                sk_cemit(c, OP_LOAD_CONST, sk_cconst(c, sk_obj(t)));
            } else {
                for (int i = 0; i < ndef; i++) sk_cexpr(c, defs.items[i]->a);
                sk_cemit(c, OP_BUILD_TUPLE, (uint32_t)ndef);
            }
            flags |= 1;
        }
        int nkw = 0;
        for (int i = 0; i < args->list2.len; i++) {
            const SkAst *a = args->list2.items[i];
            if (!a->a) continue;
            char buf[SK_MANGLE_CAP];
            const char *name = sk_cmangle(c, a->str, buf);
            sk_cemit_const(c, sk_obj(sk_cintern(c, name, strlen(name))));
            sk_cexpr(c, a->a);
            nkw++;
        }
        if (nkw) {
            sk_cemit(c, OP_BUILD_MAP, (uint32_t)nkw);
            flags |= 2;
        }
    }
    // Annotations, in CPython's order: parameters, *args, keyword-only, **kwargs, return.
    if (node->kind == AST_FUNCDEF) {
        const SkAst *params[4] = {NULL, NULL, NULL, NULL};
        int nann = 0;
        const SkAstList *lists[2] = {args ? &args->list : NULL, args ? &args->list2 : NULL};
        params[0] = args ? args->a : NULL;
        params[1] = args ? args->b : NULL;
        for (int part = 0; part < 4; part++) {
            const SkAst *one = part == 1 ? params[0] : part == 3 ? params[1] : NULL;
            const SkAstList *l = part == 0 ? lists[0] : part == 2 ? lists[1] : NULL;
            for (int i = 0; l && i < l->len; i++) {
                const SkAst *a = l->items[i];
                if (!a->b) continue;
                char buf[SK_MANGLE_CAP];
                const char *name = sk_cmangle(c, a->str, buf);
                sk_cemit_const(c, sk_obj(sk_cintern(c, name, strlen(name))));
                sk_cannotation(c, a->b);
                nann++;
            }
            if (one && one->b) {
                sk_cemit_const(c, sk_obj(sk_cintern(c, one->str, strlen(one->str))));
                sk_cannotation(c, one->b);
                nann++;
            }
        }
        if (node->b) {
            sk_cemit_const(c, sk_obj(sk_cintern(c, "return", 6)));
            sk_cannotation(c, node->b);
            nann++;
        }
        if (nann) {
            sk_cemit(c, OP_BUILD_MAP, (uint32_t)nann);
            flags |= 8;
        }
    }
    if (c->failed) return;
    SkScope *scope = sk_scope_child(c->u->scope, node);
    SkCode *code = sk_ccompile_scope(c, node, scope);
    if (code) sk_cmake_closure(c, code, scope, flags);
}

static void compile_comprehension(C *c, const SkAst *e) {
    if (e->a && e->a->kind == AST_STARRED) {
        sk_cerr(c, e->a, "iterable unpacking cannot be used in comprehension");
        return;
    }
    SkScope *scope = sk_scope_child(c->u->scope, e);
    SkCode *code = sk_ccompile_scope(c, e, scope);
    if (!code && !c->u->noemit) return;
    if (code) sk_cmake_closure(c, code, scope, 0);
    sk_cexpr(c, e->list.items[0]->b);
    sk_cemit(c, OP_GET_ITER, 0);
    sk_cemit(c, OP_CALL, 1);
}

// One `for` clause of a comprehension and everything nested in it.
static void comprehension_loop(C *c, const SkAst *e, int gi) {
    const SkAst *g = e->list.items[gi];
    int n = e->list.len;
    int base = c->u->depth;
    if (gi == 0) {
        sk_cemit(c, OP_LOAD_FAST, 0); // .0, already an iterator
    } else {
        sk_cexpr(c, g->b);
        sk_cemit(c, OP_GET_ITER, 0);
    }
    int start = sk_clabel(c), end = sk_clabel(c);
    sk_cbind(c, start);
    sk_cemit_jump(c, OP_FOR_ITER, end);
    sk_cstore(c, g->a);
    for (int i = 0; i < g->list.len; i++) sk_cjump_if(c, g->list.items[i], false, start);
    if (gi + 1 < n) {
        comprehension_loop(c, e, gi + 1);
    } else {
        uint32_t depth = (uint32_t)n + 1;
        switch (e->kind) {
        case AST_LISTCOMP:
            sk_cexpr(c, e->a);
            sk_cemit(c, OP_LIST_APPEND, depth);
            break;
        case AST_SETCOMP:
            sk_cexpr(c, e->a);
            sk_cemit(c, OP_SET_ADD, depth);
            break;
        case AST_DICTCOMP:
            sk_cexpr(c, e->a);
            sk_cexpr(c, e->b);
            sk_cemit(c, OP_MAP_ADD, depth);
            break;
        default:
            sk_cexpr(c, e->a);
            sk_cemit(c, OP_YIELD_VALUE, 0);
            sk_cemit(c, OP_POP_TOP, 0);
            break;
        }
    }
    sk_cemit_jump(c, OP_JUMP, start);
    sk_cbind(c, end);
    sk_cset_depth(c, base);
}

void sk_cbody_comprehension(C *c, const SkAst *e) {
    c->u->line = e->line;
    switch (e->kind) {
    case AST_LISTCOMP: sk_cemit(c, OP_BUILD_LIST, 0); break;
    case AST_SETCOMP: sk_cemit(c, OP_BUILD_SET, 0); break;
    case AST_DICTCOMP: sk_cemit(c, OP_BUILD_MAP, 0); break;
    default: break;
    }
    comprehension_loop(c, e, 0);
    c->u->line = e->line;
    if (e->kind == AST_GENEXP) sk_cemit(c, OP_LOAD_NONE, 0);
    sk_cemit(c, OP_RETURN_VALUE, 0);
}

// --- the expression dispatcher ------------------------------------------

void sk_cexpr(C *c, const SkAst *e) {
    if (!sk_center(c, e)) return;
    SkUnit *u = c->u;
    int saved_line = u->line;
    u->line = e->line;
    SkValue k;
    switch (e->kind) {
    case AST_NAME: sk_cname_op(c, e->str, SK_NAME_LOAD); break;
    case AST_INT:
    case AST_FLOAT:
    case AST_STR:
    case AST_BYTES:
    case AST_NONE:
    case AST_TRUE:
    case AST_FALSE:
        if (sk_cfold(c, e, &k)) sk_cemit_const(c, k);
        break;
    case AST_ELLIPSIS:
        if (SK_IS_UNDEF(c->vm->ellipsis))
            sk_cname_op(c, "Ellipsis", SK_NAME_LOAD);
        else
            sk_cemit(c, OP_LOAD_CONST, sk_cconst(c, c->vm->ellipsis));
        break;
    case AST_JOINEDSTR: compile_joinedstr(c, e); break;
    case AST_FORMATTED: compile_formatted(c, e); break;
    case AST_BINOP:
        if (sk_cfold(c, e, &k)) {
            sk_cemit_const(c, k);
        } else {
            sk_cexpr(c, e->a);
            sk_cexpr(c, e->b);
            u->line = e->line;
            sk_cemit(c, binop_opcode(e->op), 0);
        }
        break;
    case AST_UNARYOP:
        if (sk_cfold(c, e, &k)) {
            sk_cemit_const(c, k);
            break;
        }
        sk_cexpr(c, e->a);
        u->line = e->line;
        switch (e->op) {
        case SK_OP_NEG: sk_cemit(c, OP_UNARY_NEG, 0); break;
        case SK_OP_POS: sk_cemit(c, OP_UNARY_POS, 0); break;
        case SK_OP_NOT: sk_cemit(c, OP_UNARY_NOT, 0); break;
        default: sk_cemit(c, OP_UNARY_INVERT, 0); break;
        }
        break;
    case AST_BOOLOP: compile_boolop(c, e); break;
    case AST_COMPARE: compile_compare(c, e); break;
    case AST_IFEXP: compile_ifexp(c, e); break;
    case AST_NAMEDEXPR:
        sk_cexpr(c, e->b);
        sk_cemit(c, OP_DUP_TOP, 0);
        if (e->a->kind != AST_NAME) {
            sk_cerr(c, e->a, "cannot use assignment expressions with %s", sk_cexpr_name(e->a));
            break;
        }
        sk_cname_op(c, e->a->str, SK_NAME_STORE);
        break;
    case AST_LAMBDA: sk_cfunction_def(c, e); break;
    case AST_CALL: compile_call(c, e); break;
    case AST_ATTRIBUTE:
        sk_cexpr(c, e->a);
        u->line = attr_line(e);
        emit_attr_op(c, OP_LOAD_ATTR, e);
        break;
    case AST_SUBSCRIPT:
        sk_cexpr(c, e->a);
        compile_index(c, e->b);
        u->line = e->line;
        sk_cemit(c, OP_BINARY_SUBSCR, 0);
        break;
    case AST_SLICE: compile_slice(c, e); break;
    case AST_STARRED: sk_cerr(c, e, "can't use starred expression here"); break;
    case AST_LIST:
    case AST_TUPLE:
    case AST_SET: compile_display(c, e); break;
    case AST_DICT: compile_dict(c, e); break;
    case AST_LISTCOMP:
    case AST_SETCOMP:
    case AST_GENEXP:
    case AST_DICTCOMP: compile_comprehension(c, e); break;
    case AST_YIELD:
        if (e->a)
            sk_cexpr(c, e->a);
        else
            sk_cemit(c, OP_LOAD_NONE, 0);
        sk_cemit(c, OP_YIELD_VALUE, 0);
        break;
    case AST_YIELDFROM:
        sk_cexpr(c, e->a);
        sk_cemit(c, OP_GET_YIELD_FROM_ITER, 0);
        sk_cemit(c, OP_LOAD_NONE, 0);
        sk_cemit(c, OP_YIELD_FROM, 0);
        break;
    default: sk_cerr(c, e, "invalid syntax"); break;
    }
    u->line = saved_line;
    c->depth--;
}

// --- assignment and del targets -----------------------------------------

static void store_sequence(C *c, const SkAst *t) {
    int n = t->list.len, star = -1;
    for (int i = 0; i < n; i++) {
        if (t->list.items[i]->kind != AST_STARRED) continue;
        if (star >= 0) {
            sk_cerr(c, t->list.items[i], "multiple starred expressions in assignment");
            return;
        }
        star = i;
    }
    if (star >= 0) {
        int before = star, after = n - star - 1;
        if (before >= 256 || after >= (1 << 16)) {
            sk_cerr(c, t, "too many expressions in star-unpacking assignment");
            return;
        }
        sk_cemit(c, OP_UNPACK_EX, (uint32_t)before | ((uint32_t)after << 8));
    } else {
        sk_cemit(c, OP_UNPACK_SEQUENCE, (uint32_t)n);
    }
    for (int i = 0; i < n; i++) {
        const SkAst *el = t->list.items[i];
        sk_cstore(c, el->kind == AST_STARRED ? el->a : el);
    }
}

void sk_cstore(C *c, const SkAst *t) {
    if (!sk_center(c, t)) return;
    int saved = c->u->line;
    c->u->line = t->line;
    switch (t->kind) {
    case AST_NAME: sk_cname_op(c, t->str, SK_NAME_STORE); break;
    case AST_ATTRIBUTE:
        sk_cexpr(c, t->a);
        c->u->line = attr_line(t);
        emit_attr_op(c, OP_STORE_ATTR, t);
        break;
    case AST_SUBSCRIPT:
        sk_cexpr(c, t->a);
        compile_index(c, t->b);
        c->u->line = t->line;
        sk_cemit(c, OP_STORE_SUBSCR, 0);
        break;
    case AST_TUPLE:
    case AST_LIST: store_sequence(c, t); break;
    case AST_STARRED: sk_cerr(c, t, "starred assignment target must be in a list or tuple"); break;
    case AST_YIELD:
    case AST_YIELDFROM: sk_cerr(c, t, "assignment to yield expression not possible"); break;
    default: sk_cerr(c, t, "cannot assign to %s", sk_cexpr_name(t)); break;
    }
    c->u->line = saved;
    c->depth--;
}

void sk_cdelete(C *c, const SkAst *t) {
    if (!sk_center(c, t)) return;
    int saved = c->u->line;
    c->u->line = t->line;
    switch (t->kind) {
    case AST_NAME: sk_cname_op(c, t->str, SK_NAME_DEL); break;
    case AST_ATTRIBUTE:
        sk_cexpr(c, t->a);
        c->u->line = t->line;
        {
            char buf[SK_MANGLE_CAP];
            const char *name = sk_cmangle(c, t->str, buf);
            sk_cemit(c, OP_DELETE_ATTR, sk_cname(c, name, strlen(name)));
        }
        break;
    case AST_SUBSCRIPT:
        sk_cexpr(c, t->a);
        compile_index(c, t->b);
        c->u->line = t->line;
        sk_cemit(c, OP_DELETE_SUBSCR, 0);
        break;
    case AST_TUPLE:
    case AST_LIST:
        for (int i = 0; i < t->list.len; i++) sk_cdelete(c, t->list.items[i]);
        break;
    default: sk_cerr(c, t, "cannot delete %s", sk_cexpr_name(t)); break;
    }
    c->u->line = saved;
    c->depth--;
}
