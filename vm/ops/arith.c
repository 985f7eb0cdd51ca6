// vm/ops/arith.c -- binary and unary operators on every built-in type
// (numbers via vm/objects/number.c; str/bytes/list/tuple concatenation and
// repetition; set algebra; dict union; str % args) and then the dunders
// of user classes: __iop__ for augmented assignment, __op__, __rop__
// (first when the right operand's class is a subclass of the left's),
// with NotImplemented meaning "try the next". Errors are worded as
// CPython 3.11 words them.
#include "vm/ops/arith.h"
#include "vm/classes/class.h"
#include "vm/classes/error.h"
#include "vm/classes/generic_alias.h"
#include "vm/exec/import.h"
#include "vm/exec/vm_arith.h"
#include "vm/objects/bigint.h"
#include "vm/objects/bytearray.h"
#include "vm/objects/bytes.h"
#include "vm/objects/complex.h"
#include "vm/objects/dict.h"
#include "vm/objects/format.h"
#include "vm/objects/list.h"
#include "vm/objects/number.h"
#include "vm/objects/set.h"
#include "vm/objects/str.h"
#include "vm/objects/tuple.h"
#include "vm/ops/dunder.h"
#include "vm/ops/item.h"
#include "vm/ops/ops.h"
#include <stdlib.h>

static const char *const op_symbol[] = {"+", "-",  "*",  "/", "//", "%", "**",
                                        "@", "<<", ">>", "&", "|",  "^"};

static SkStr *op_name(SkVM *vm, SkBinOp op, int which) { // 0 op, 1 rop, 2 iop
    SkNames *n = &vm->names;
    SkStr *t[SK_BIN_COUNT][3] = {
        {n->add, n->radd, n->iadd},
        {n->sub, n->rsub, n->isub},
        {n->mul, n->rmul, n->imul},
        {n->truediv, n->rtruediv, n->itruediv},
        {n->floordiv, n->rfloordiv, n->ifloordiv},
        {n->mod, n->rmod, n->imod},
        {n->pow, n->rpow, n->ipow},
        {n->matmul, n->rmatmul, n->imatmul},
        {n->lshift, n->rlshift, n->ilshift},
        {n->rshift, n->rrshift, n->irshift},
        {n->and_, n->rand, n->iand},
        {n->or_, n->ror, n->ior},
        {n->xor, n->rxor, n->ixor},
    };
    return t[op][which];
}

static bool is_intlike(SkValue v) { return v.tag == SK_T_INT || v.tag == SK_T_BOOL; }

static bool seq_len(SkValue v, size_t *n) {
    if (!SK_IS_OBJ(v)) return false;
    switch (v.as.o->kind) {
    case SK_STR: *n = SK_AS_STR(v)->len; return true;
    case SK_BYTES: *n = SK_AS_BYTES(v)->len; return true;
    case SK_LIST: *n = SK_AS_LIST(v)->len; return true;
    case SK_TUPLE: *n = SK_AS_TUPLE(v)->len; return true;
    default: return false;
    }
}

// seq * count for str, bytes, list and tuple.
static SkValue repeat(SkVM *vm, SkValue seq, int64_t count) {
    size_t n = 0;
    seq_len(seq, &n);
    if (count < 0) count = 0;
    if (count && n > (size_t)INT64_MAX / 16 / (size_t)count) return sk_raise_nomem(vm);
    size_t total = n * (size_t)count;
    switch (seq.as.o->kind) {
    case SK_STR: {
        SkStr *s = SK_AS_STR(seq);
        if (count == 1) return seq;
        SkStr *r = sk_str_repeat(vm, s, (size_t)count);
        return r ? sk_obj(r) : SK_ERR;
    }
    case SK_BYTES: {
        SkBytes *s = SK_AS_BYTES(seq);
        SkBytes *r = sk_bytes_new(vm, NULL, total);
        if (!r) return SK_ERR;
        for (int64_t i = 0; n && i < count; i++) memcpy(r->data + (size_t)i * n, s->data, n);
        return sk_obj(r);
    }
    case SK_LIST: {
        SkList *r = sk_list_new(vm, total);
        if (!r) return SK_ERR;
        SkList *s = SK_AS_LIST(seq);
        for (int64_t i = 0; n && i < count; i++)
            memcpy(r->items + (size_t)i * n, s->items, n * sizeof(SkValue));
        r->len = total;
        return sk_obj(r);
    }
    default: {
        if (count == 1) return seq;
        SkTuple *r = sk_tuple_new(vm, total);
        if (!r) return SK_ERR;
        SkTuple *s = SK_AS_TUPLE(seq);
        for (int64_t i = 0; n && i < count; i++)
            memcpy(r->items + (size_t)i * n, s->items, n * sizeof(SkValue));
        return sk_obj(r);
    }
    }
}

static SkValue concat(SkVM *vm, SkValue a, SkValue b) {
    switch (a.as.o->kind) {
    case SK_STR: {
        SkStr *r = sk_str_concat(vm, SK_AS_STR(a), SK_AS_STR(b));
        return r ? sk_obj(r) : SK_ERR;
    }
    case SK_BYTES: {
        SkBytes *r = sk_bytes_concat(vm, SK_AS_BYTES(a), SK_AS_BYTES(b));
        return r ? sk_obj(r) : SK_ERR;
    }
    case SK_LIST: {
        SkList *x = SK_AS_LIST(a), *y = SK_AS_LIST(b);
        SkList *r = sk_list_new(vm, x->len + y->len);
        if (!r) return SK_ERR;
        if (x->len) memcpy(r->items, x->items, x->len * sizeof(SkValue));
        if (y->len) memcpy(r->items + x->len, y->items, y->len * sizeof(SkValue));
        r->len = x->len + y->len;
        return sk_obj(r);
    }
    default: {
        SkTuple *x = SK_AS_TUPLE(a), *y = SK_AS_TUPLE(b);
        if (y->len == 0) return a;
        if (x->len == 0) return b;
        SkTuple *r = sk_tuple_new(vm, x->len + y->len);
        if (!r) return SK_ERR;
        if (x->len) memcpy(r->items, x->items, x->len * sizeof(SkValue));
        if (y->len) memcpy(r->items + x->len, y->items, y->len * sizeof(SkValue));
        return sk_obj(r);
    }
    }
}

static SkValue set_op(SkVM *vm, SkBinOp op, SkSet *a, SkValue b, bool inplace) {
    bool in = inplace && !(a->obj.flags & SK_FLAG_FROZEN);
    bool ok;
    SkSet *r = NULL;
    switch (op) {
    case SK_BIN_OR:
        if (in) {
            ok = sk_set_update(vm, a, b);
            break;
        }
        r = sk_set_union(vm, a, b);
        return r ? sk_obj(r) : SK_ERR;
    case SK_BIN_AND:
        if (in) {
            ok = sk_set_intersection_update(vm, a, b);
            break;
        }
        r = sk_set_intersection(vm, a, b);
        return r ? sk_obj(r) : SK_ERR;
    case SK_BIN_SUB:
        if (in) {
            ok = sk_set_difference_update(vm, a, b);
            break;
        }
        r = sk_set_difference(vm, a, b);
        return r ? sk_obj(r) : SK_ERR;
    default:
        if (in) {
            ok = sk_set_symmetric_difference_update(vm, a, b);
            break;
        }
        r = sk_set_symmetric_difference(vm, a, b);
        return r ? sk_obj(r) : SK_ERR;
    }
    return ok ? sk_obj(a) : SK_ERR;
}

// The built-in meaning of a OP b, or SK_UNDEF (no exception) if none.
static SkValue builtin_binary(SkVM *vm, SkBinOp op, SkValue a, SkValue b, bool inplace) {
    SkValue r = sk_num_binary(vm, op, a, b);
    if (!SK_IS_UNDEF(r) || sk_has_exc(vm)) return r;
    if (SK_IS_KIND(a, SK_COMPLEX) || SK_IS_KIND(b, SK_COMPLEX))
        return sk_complex_binary(vm, op, a, b);
    if (!SK_IS_OBJ(a) && !SK_IS_OBJ(b)) return SK_UNDEF;
    int ka = SK_IS_OBJ(a) ? a.as.o->kind : -1, kb = SK_IS_OBJ(b) ? b.as.o->kind : -1;
    size_t n;
    switch (op) {
    case SK_BIN_ADD:
        if (ka == kb && (ka == SK_STR || ka == SK_BYTES || ka == SK_TUPLE)) return concat(vm, a, b);
        if (ka == SK_BYTEARRAY || kb == SK_BYTEARRAY) return sk_bytearray_concat(vm, a, b, inplace);
        if (ka == SK_LIST && kb == SK_LIST) {
            if (inplace) return sk_list_extend(vm, SK_AS_LIST(a), b) ? a : SK_ERR;
            return concat(vm, a, b);
        }
        if (ka == SK_LIST && inplace && !sk_ops_is_user(b))
            return sk_list_extend(vm, SK_AS_LIST(a), b) ? a : SK_ERR;
        return SK_UNDEF;
    case SK_BIN_MUL:
        if (ka == SK_BYTEARRAY && is_intlike(b))
            return sk_bytearray_repeat(vm, SK_AS_BYTEARRAY(a), b.as.i, inplace);
        if (kb == SK_BYTEARRAY && is_intlike(a))
            return sk_bytearray_repeat(vm, SK_AS_BYTEARRAY(b), a.as.i, false);
        if (seq_len(a, &n) && is_intlike(b)) {
            if (inplace && ka == SK_LIST) {
                SkList *l = SK_AS_LIST(a);
                int64_t c = b.as.i;
                if (c <= 0) {
                    l->len = 0;
                    return a;
                }
                if (l->len && (size_t)c > SIZE_MAX / 32 / l->len) return sk_raise_nomem(vm);
                size_t len = l->len;
                if (!sk_list_reserve(vm, l, len * (size_t)c)) return SK_ERR;
                for (int64_t i = 1; i < c; i++)
                    memcpy(l->items + (size_t)i * len, l->items, len * sizeof(SkValue));
                l->len = len * (size_t)c;
                return a;
            }
            return repeat(vm, a, b.as.i);
        }
        if (seq_len(b, &n) && is_intlike(a)) return repeat(vm, b, a.as.i);
        if ((seq_len(a, &n) && sk_is_bigint(b)) || (seq_len(b, &n) && sk_is_bigint(a)))
            return sk_raise(vm, vm->exc.OverflowError,
                            "cannot fit 'int' into an index-sized integer");
        return SK_UNDEF;
    case SK_BIN_MOD:
        if (ka == SK_STR) return sk_str_mod(vm, SK_AS_STR(a), b);
        if (ka == SK_BYTES) return sk_bytes_mod(vm, SK_AS_BYTES(a), b);
        return SK_UNDEF;
    case SK_BIN_OR:
        if (ka == SK_DICT && kb == SK_DICT) {
            if (inplace) return sk_dict_update(vm, SK_AS_DICT(a), b) ? a : SK_ERR;
            SkDict *d = sk_dict_copy(vm, SK_AS_DICT(a));
            if (!d || !sk_dict_update(vm, d, b)) return SK_ERR;
            return sk_obj(d);
        }
        if (ka == SK_DICT && inplace && !sk_ops_is_user(b))
            return sk_dict_update(vm, SK_AS_DICT(a), b) ? a : SK_ERR;
        if (ka == SK_CLASS || kb == SK_CLASS) { // int | None: a types.UnionType
            SkValue u = sk_union_or(vm, a, b);
            if (SK_IS_ERR(u) || !sk_ops_is_notimpl(vm, u)) return u;
        }
        // fallthrough
    case SK_BIN_AND:
    case SK_BIN_SUB:
    case SK_BIN_XOR:
        if (ka == SK_SET && kb == SK_SET) return set_op(vm, op, SK_AS_SET(a), b, inplace);
        if (ka == SK_DICT_VIEW && a.as.o->extra != 1) {
            // keys()/items() views act as sets: the result is a new set.
            SkSet *s = sk_set_new(vm, false);
            if (!s || !sk_set_update(vm, s, a)) return SK_ERR;
            return set_op(vm, op, s, b, true);
        }
        if (kb == SK_DICT_VIEW && b.as.o->extra != 1 && ka == SK_SET) {
            SkSet *s = sk_set_new(vm, false);
            if (!s || !sk_set_update(vm, s, b)) return SK_ERR;
            return set_op(vm, op, SK_AS_SET(a), sk_obj(s), inplace);
        }
        return SK_UNDEF;
    default: return SK_UNDEF;
    }
}

static SkValue binary_error(SkVM *vm, SkBinOp op, SkValue a, SkValue b, bool inplace) {
    SkValue x = sk_ops_payload(a), y = sk_ops_payload(b);
    if (SK_IS_UNDEF(x)) x = a;
    if (SK_IS_UNDEF(y)) y = b;
    if (op == SK_BIN_ADD && !sk_ops_is_user(b)) {
        if (SK_IS_STR(x))
            return sk_raise(vm, vm->exc.TypeError, "can only concatenate str (not \"%T\") to str",
                            b);
        if (SK_IS_LIST(x))
            return sk_raise(vm, vm->exc.TypeError, "can only concatenate list (not \"%T\") to list",
                            b);
        if (SK_IS_TUPLE(x))
            return sk_raise(vm, vm->exc.TypeError,
                            "can only concatenate tuple (not \"%T\") to tuple", b);
        if (SK_IS_KIND(x, SK_BYTES))
            return sk_raise(vm, vm->exc.TypeError, "can't concat %T to bytes", b);
    }
    size_t n;
    if (op == SK_BIN_MUL) {
        if (seq_len(x, &n) && !sk_ops_is_user(b))
            return sk_raise(vm, vm->exc.TypeError,
                            "can't multiply sequence by non-int of type '%T'", b);
        if (seq_len(y, &n) && !sk_ops_is_user(a))
            return sk_raise(vm, vm->exc.TypeError,
                            "can't multiply sequence by non-int of type '%T'", a);
    }
    if (op == SK_BIN_POW)
        return sk_raise(vm, vm->exc.TypeError, "unsupported operand type(s) for %s: '%T' and '%T'",
                        inplace ? "**=" : "** or pow()", a, b);
    return sk_raise(vm, vm->exc.TypeError, "unsupported operand type(s) for %s%s: '%T' and '%T'",
                    op_symbol[op], inplace ? "=" : "", a, b);
}

static SkValue call_binary_dunder(SkVM *vm, SkValue self, SkStr *name, SkValue other) {
    if (!sk_ops_is_user(self)) return vm->not_implemented;
    SkValue r = sk_ops_dunder(vm, self, name, &other, 1);
    if (SK_IS_UNDEF(r)) return sk_has_exc(vm) ? SK_ERR : vm->not_implemented;
    return r;
}

static SkValue binary_rest(SkVM *vm, SkBinOp op, SkValue a, SkValue b, bool inplace,
                           bool reflect_first, SkClass *ta, SkClass *tb);

SkValue sk_binary(SkVM *vm, SkBinOp op, SkValue a, SkValue b, bool inplace) {
    bool ua = sk_ops_is_user(a), ub = sk_ops_is_user(b);
    SkValue r;
    if (!ua && !ub) {
        r = builtin_binary(vm, op, a, b, inplace);
        if (!SK_IS_UNDEF(r) || sk_has_exc(vm)) return r;
        return binary_error(vm, op, a, b, inplace);
    }
    if (inplace && ua) {
        r = call_binary_dunder(vm, a, op_name(vm, op, 2), b);
        if (SK_IS_ERR(r) || !sk_ops_is_notimpl(vm, r)) return r;
    }
    SkClass *ta = sk_class_of(vm, a), *tb = sk_class_of(vm, b);
    bool reflect_first = ub && ta != tb && sk_is_subclass(tb, ta);
    if (reflect_first) {
        r = call_binary_dunder(vm, b, op_name(vm, op, 1), a);
        if (SK_IS_ERR(r) || !sk_ops_is_notimpl(vm, r)) return r;
    }
    // str % x and bytes % x take any right operand as the single argument
    // (str.__mod__ never returns NotImplemented): "failed: %s" % exc.
    if (op == SK_BIN_MOD && !ua && (SK_IS_STR(a) || SK_IS_KIND(a, SK_BYTES)))
        return builtin_binary(vm, op, a, b, inplace);
    r = call_binary_dunder(vm, a, op_name(vm, op, 0), b);
    if (SK_IS_ERR(r) || !sk_ops_is_notimpl(vm, r)) return r;
    return binary_rest(vm, op, a, b, inplace, reflect_first, ta, tb);
}

SkStr *sk_binary_dunder(SkVM *vm, SkBinOp op, int which) { return op_name(vm, op, which); }

SkValue sk_binary_after_left(SkVM *vm, SkBinOp op, SkValue a, SkValue b, bool inplace) {
    SkClass *ta = sk_class_of(vm, a), *tb = sk_class_of(vm, b);
    bool reflect_first = sk_ops_is_user(b) && ta != tb && sk_is_subclass(tb, ta);
    return binary_rest(vm, op, a, b, inplace, reflect_first, ta, tb);
}

// sk_binary past a's own method (which gave NotImplemented): b's reflected
// method, the payloads of built-in subclasses, sequence repetition, error.
static SkValue binary_rest(SkVM *vm, SkBinOp op, SkValue a, SkValue b, bool inplace,
                           bool reflect_first, SkClass *ta, SkClass *tb) {
    bool ua = sk_ops_is_user(a), ub = sk_ops_is_user(b);
    SkValue r;
    if (!reflect_first && ta != tb) {
        r = call_binary_dunder(vm, b, op_name(vm, op, 1), a);
        if (SK_IS_ERR(r) || !sk_ops_is_notimpl(vm, r)) return r;
    }
    // Subclasses of built-in types: the built-in operation on the payload
    // (an in-place list += on a list subclass extends its payload).
    SkValue pa = sk_ops_payload(a), pb = sk_ops_payload(b);
    if (!SK_IS_UNDEF(pa) || !SK_IS_UNDEF(pb)) {
        SkValue x = SK_IS_UNDEF(pa) ? a : pa, y = SK_IS_UNDEF(pb) ? b : pb;
        if (!sk_ops_is_user(x) && !sk_ops_is_user(y)) {
            r = builtin_binary(vm, op, x, y, inplace);
            if (sk_has_exc(vm)) return SK_ERR;
            if (!SK_IS_UNDEF(r)) return (inplace && sk_identical(r, x)) ? a : r;
        }
    }
    // A sequence times an object with __index__ repeats the sequence
    // ("ab" * n where n is a user int-like), as CPython's sq_repeat does.
    if (op == SK_BIN_MUL) {
        SkValue x = SK_IS_UNDEF(pa) ? a : pa, y = SK_IS_UNDEF(pb) ? b : pb;
        size_t n;
        bool left = ub && seq_len(x, &n) && !SK_IS_UNDEF(sk_ops_lookup(vm, b, vm->names.index));
        bool right =
            !left && ua && seq_len(y, &n) && !SK_IS_UNDEF(sk_ops_lookup(vm, a, vm->names.index));
        if (left || right) {
            int64_t k;
            if (!sk_index(vm, left ? b : a, &k)) return SK_ERR;
            r = left ? builtin_binary(vm, op, x, sk_int(k), inplace)
                     : builtin_binary(vm, op, sk_int(k), y, inplace);
            if (sk_has_exc(vm)) return SK_ERR;
            if (!SK_IS_UNDEF(r)) return (inplace && left && sk_identical(r, x)) ? a : r;
        }
    }
    return binary_error(vm, op, a, b, inplace);
}

// --- unary ---

static SkValue unary(SkVM *vm, int which, SkValue a) {
    static const char sym[] = {'-', '+', '~'};
    switch (a.tag) {
    case SK_T_BOOL:
    case SK_T_INT:
        if (which == 0) {
            if (a.as.i == INT64_MIN) return sk_int_unary(vm, 0, a); // 2**63 is big
            return sk_int(-a.as.i);
        }
        if (which == 1) return sk_int(a.as.i);
        return sk_int(~a.as.i);
    case SK_T_FLOAT:
        if (which == 0) return sk_float(-a.as.f);
        if (which == 1) return a;
        break;
    default: break;
    }
    if (sk_is_bigint(a)) return sk_int_unary(vm, which, a);
    if (SK_IS_KIND(a, SK_COMPLEX) && which < 2)
        return sk_complex_unary(vm, which, SK_AS_COMPLEX(a));
    if (sk_ops_is_user(a)) {
        SkStr *name = which == 0 ? vm->names.neg : which == 1 ? vm->names.pos : vm->names.invert;
        SkValue r = sk_ops_dunder(vm, a, name, NULL, 0);
        if (!SK_IS_UNDEF(r) || sk_has_exc(vm)) return r;
        SkValue p = sk_ops_payload(a);
        if (!SK_IS_UNDEF(p) && !SK_IS_OBJ(p)) return unary(vm, which, p);
    }
    return sk_raise(vm, vm->exc.TypeError, "bad operand type for unary %c: '%T'", sym[which], a);
}

SkValue sk_neg(SkVM *vm, SkValue a) { return unary(vm, 0, a); }
SkValue sk_pos(SkVM *vm, SkValue a) { return unary(vm, 1, a); }
SkValue sk_invert(SkVM *vm, SkValue a) { return unary(vm, 2, a); }
