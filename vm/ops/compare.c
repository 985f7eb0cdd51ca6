// vm/ops/compare.c -- truth, hashing, equality and ordering of values.
// Built-in kinds are handled directly (numbers exactly across int/float,
// str/bytes bytewise, tuples and lists lexicographically, sets by
// inclusion); user classes go through their dunders with CPython's
// NotImplemented and reflection rules.
#include "vm/ops/compare.h"
#include "vm/classes/class.h"
#include "vm/classes/error.h"
#include "vm/exec/import.h"
#include "vm/objects/bigint.h"
#include "vm/objects/bytearray.h"
#include "vm/objects/bytes.h"
#include "vm/objects/complex.h"
#include "vm/objects/dict.h"
#include "vm/objects/number.h"
#include "vm/objects/range.h"
#include "vm/objects/set.h"
#include "vm/objects/str.h"
#include "vm/objects/tuple.h"
#include "vm/ops/dunder.h"
#include "vm/ops/ops.h"

// --- truth ---

static int len_result(SkVM *vm, SkValue r, int64_t *out) {
    if (SK_IS_ERR(r)) return -1;
    if (!SK_IS_INT(r) && !SK_IS_BOOL(r)) {
        sk_raise(vm, vm->exc.TypeError, "'%T' object cannot be interpreted as an integer", r);
        return -1;
    }
    if (r.as.i < 0) {
        sk_raise(vm, vm->exc.ValueError, "__len__() should return >= 0");
        return -1;
    }
    *out = r.as.i;
    return 1;
}

int sk_truthy(SkVM *vm, SkValue v) {
    switch (v.tag) {
    case SK_T_NONE: return 0;
    case SK_T_BOOL:
    case SK_T_INT: return v.as.i != 0;
    case SK_T_FLOAT: return v.as.f != 0.0;
    case SK_T_OBJ: break;
    default: return 0;
    }
    SkObj *o = v.as.o;
    switch ((SkKind)o->kind) {
    case SK_STR: return ((SkStr *)o)->len != 0;
    case SK_BYTES: return ((SkBytes *)o)->len != 0;
    case SK_BYTEARRAY: return ((SkByteArray *)o)->len != 0;
    case SK_COMPLEX: return ((SkComplex *)o)->re != 0.0 || ((SkComplex *)o)->im != 0.0;
    case SK_LIST: return ((SkList *)o)->len != 0;
    case SK_TUPLE: return ((SkTuple *)o)->len != 0;
    case SK_DICT: return ((SkDict *)o)->len != 0;
    case SK_SET: return ((SkSet *)o)->used != 0;
    case SK_RANGE: return ((SkRange *)o)->len != 0;
    case SK_DICT_VIEW: return ((SkDictView *)o)->dict->len != 0;
    case SK_INSTANCE:
    case SK_EXCEPTION: {
        if (o == vm->not_implemented.as.o || o == vm->ellipsis.as.o) return 1;
        SkValue r = sk_ops_dunder(vm, v, vm->names.bool_, NULL, 0);
        if (!SK_IS_UNDEF(r)) {
            if (!SK_IS_BOOL(r)) {
                sk_raise(vm, vm->exc.TypeError, "__bool__ should return bool, returned %T", r);
                return -1;
            }
            return r.as.i != 0;
        }
        if (sk_has_exc(vm)) return -1;
        r = sk_ops_dunder(vm, v, vm->names.len, NULL, 0);
        if (!SK_IS_UNDEF(r)) {
            int64_t n;
            if (len_result(vm, r, &n) < 0) return -1;
            return n != 0;
        }
        if (sk_has_exc(vm)) return -1;
        SkValue p = sk_ops_payload(v);
        if (!SK_IS_UNDEF(p)) return sk_truthy(vm, p);
        return 1;
    }
    default: return 1;
    }
}

bool sk_len(SkVM *vm, SkValue v, int64_t *out) {
    if (SK_IS_OBJ(v)) {
        SkObj *o = v.as.o;
        switch ((SkKind)o->kind) {
        case SK_STR: *out = (int64_t)((SkStr *)o)->nchars; return true;
        case SK_BYTES: *out = (int64_t)((SkBytes *)o)->len; return true;
        case SK_BYTEARRAY: *out = (int64_t)((SkByteArray *)o)->len; return true;
        case SK_LIST: *out = (int64_t)((SkList *)o)->len; return true;
        case SK_TUPLE: *out = (int64_t)((SkTuple *)o)->len; return true;
        case SK_DICT: *out = (int64_t)((SkDict *)o)->len; return true;
        case SK_SET: *out = (int64_t)((SkSet *)o)->used; return true;
        case SK_RANGE: return sk_range_length(vm, (SkRange *)o, out);
        case SK_DICT_VIEW: *out = (int64_t)((SkDictView *)o)->dict->len; return true;
        case SK_CLASS: // a metaclass's __len__ (len(SomeEnum))
            if (!((SkClass *)o)->meta) break;
            // fallthrough
        case SK_INSTANCE:
        case SK_EXCEPTION: {
            SkValue r = sk_ops_dunder(vm, v, vm->names.len, NULL, 0);
            if (!SK_IS_UNDEF(r)) return len_result(vm, r, out) > 0;
            if (sk_has_exc(vm)) return false;
            SkValue p = sk_ops_payload(v);
            if (!SK_IS_UNDEF(p)) return sk_len(vm, p, out);
            break;
        }
        default: break;
        }
    }
    sk_raise(vm, vm->exc.TypeError, "object of type '%T' has no len()", v);
    return false;
}

// --- hashing ---

#define XXPRIME_1 11400714785074694791ULL
#define XXPRIME_2 14029467366897019727ULL
#define XXPRIME_5 2870177450012600261ULL
#define XXROTATE(x) ((x << 31) | (x >> 33))

// CPython 3.11's tuplehash (xxHash-based), so hash((1, 2)) matches.
// Comparing or hashing nested containers recurses in C: past this depth
// (four per C level the stack was sized for, vm/core/state.c) it is a
// RecursionError, with CPython's words, instead of a stack overflow.
static bool nest_enter(SkVM *vm, const char *what) {
    int limit = vm->c_depth_limit > 8 ? vm->c_depth_limit * 4 : 32;
    if (SK_LIKELY(vm->nest_depth < limit)) {
        vm->nest_depth++;
        return true;
    }
    sk_raise(vm, vm->exc.RecursionError, "maximum recursion depth exceeded%s", what);
    return false;
}

static void nest_leave(SkVM *vm) { vm->nest_depth--; }

static bool tuple_hash(SkVM *vm, SkTuple *t, uint64_t *out) {
    if (t->obj.flags & SK_FLAG_HASHED) {
        *out = t->hash;
        return true;
    }
    uint64_t acc = XXPRIME_5;
    if (!nest_enter(vm, " while calling a Python object")) return false;
    for (size_t i = 0; i < t->len; i++) {
        uint64_t lane;
        if (!sk_hash(vm, t->items[i], &lane)) {
            nest_leave(vm);
            return false;
        }
        acc += lane * XXPRIME_2;
        acc = XXROTATE(acc);
        acc *= XXPRIME_1;
    }
    nest_leave(vm);
    acc += (uint64_t)t->len ^ (XXPRIME_5 ^ 3527539UL);
    if (acc == UINT64_MAX) acc = 1546275796;
    t->hash = acc;
    t->obj.flags |= SK_FLAG_HASHED;
    *out = acc;
    return true;
}

static uint64_t shuffle_bits(uint64_t h) { return ((h ^ 89869747UL) ^ (h << 16)) * 3644798167UL; }

// CPython's frozenset_hash: xor of shuffled entry hashes, then mixed.
static uint64_t frozenset_hash(SkSet *s) {
    uint64_t h = 0;
    for (size_t i = 0; i <= s->mask; i++) {
        SkSetEntry *e = &s->table[i];
        if (SK_IS_UNDEF(e->key) || (SK_IS_NONE(e->key) && e->hash == UINT64_MAX)) continue;
        h ^= shuffle_bits(e->hash);
    }
    h ^= ((uint64_t)s->used + 1) * 1927868237UL;
    h ^= (h >> 11) ^ (h >> 25);
    h = h * 69069U + 907133923UL;
    if (h == UINT64_MAX) h = 590923713UL;
    return h;
}

static bool unhashable(SkVM *vm, SkValue v) {
    sk_raise(vm, vm->exc.TypeError, "unhashable type: '%T'", v);
    return false;
}

// A user class's __hash__: its own, None (unhashable), or -- when a class
// in the mro defines __eq__ before any __hash__ -- unhashable, as CPython
// sets __hash__ = None for such classes.
static bool instance_hash(SkVM *vm, SkValue v, uint64_t *out) {
    SkClass *cls = sk_class_of(vm, v);
    SkTuple *mro = cls->mro;
    size_t n = mro ? mro->len : 0;
    for (size_t i = 0; i < n; i++) {
        SkClass *c = SK_AS_CLASS(mro->items[i]);
        if (!c->dict) continue;
        SkValue h = sk_dict_get_str(c->dict, vm->names.hash);
        if (!SK_IS_UNDEF(h)) {
            if (SK_IS_NONE(h)) return unhashable(vm, v);
            if (SK_IS_KIND(h, SK_NATIVE) && SK_AS_NATIVE(h)->owner == vm->t.object) break;
            SkValue r = sk_ops_call(vm, h, v, NULL, 0);
            if (SK_IS_ERR(r)) return false;
            if (!SK_IS_INT(r) && !SK_IS_BOOL(r)) {
                sk_raise(vm, vm->exc.TypeError, "__hash__ method should return an integer");
                return false;
            }
            // CPython keeps a __hash__ result that fits a machine word as it
            // is (only -1, its error marker, becomes -2); every Skein int fits.
            *out = r.as.i == -1 ? (uint64_t)(int64_t)-2 : (uint64_t)r.as.i;
            return true;
        }
        if (!c->builtin && !SK_IS_UNDEF(sk_dict_get_str(c->dict, vm->names.eq)))
            return unhashable(vm, v);
        if (c->builtin && c != vm->t.object && !SK_IS_UNDEF(sk_ops_payload(v))) {
            // e.g. an int subclass; a list subclass is unhashable under its
            // own name ("unhashable type: 'Stack'"), as in CPython.
            SkValue p = sk_ops_payload(v);
            if (SK_IS_KIND(p, SK_LIST) || SK_IS_KIND(p, SK_DICT) ||
                (SK_IS_KIND(p, SK_SET) && !(p.as.o->flags & SK_FLAG_FROZEN)))
                return unhashable(vm, v);
            return sk_hash(vm, p, out);
        }
    }
    *out = sk_ops_hash_pointer(v.as.o);
    return true;
}

bool sk_hash(SkVM *vm, SkValue v, uint64_t *out) {
    switch (v.tag) {
    case SK_T_NONE: *out = 0x2d1f3c5a7b9e1ULL; return true; // any constant
    case SK_T_BOOL:
    case SK_T_INT: *out = sk_hash_int(v.as.i); return true;
    case SK_T_FLOAT: *out = sk_hash_float(v.as.f); return true;
    case SK_T_OBJ: break;
    default: return unhashable(vm, v);
    }
    SkObj *o = v.as.o;
    switch ((SkKind)o->kind) {
    case SK_STR: *out = sk_str_hash((SkStr *)o); return true;
    case SK_BYTES: *out = sk_bytes_hash((SkBytes *)o); return true;
    case SK_TUPLE: return tuple_hash(vm, (SkTuple *)o, out);
    case SK_SET:
        if (!(o->flags & SK_FLAG_FROZEN)) return unhashable(vm, v);
        *out = frozenset_hash((SkSet *)o);
        return true;
    case SK_LIST:
    case SK_DICT:
    case SK_SLICE:
    case SK_BYTEARRAY:
    case SK_DICT_VIEW: return unhashable(vm, v);
    case SK_RANGE: *out = sk_range_hash(vm, (SkRange *)o); return !sk_has_exc(vm);
    case SK_BIGINT: *out = sk_bigint_hash((SkBigInt *)o); return true;
    case SK_COMPLEX: *out = sk_complex_hash((SkComplex *)o); return true;
    case SK_BOUND_METHOD: {
        SkBoundMethod *b = (SkBoundMethod *)o;
        uint64_t h = SK_IS_OBJ(b->self) ? sk_ops_hash_pointer(b->self.as.o) : 0;
        *out = h ^ (SK_IS_OBJ(b->func) ? sk_ops_hash_pointer(b->func.as.o) : 0);
        return true;
    }
    case SK_INSTANCE:
    case SK_EXCEPTION: return instance_hash(vm, v, out);
    default: *out = sk_ops_hash_pointer(o); return true;
    }
}

// --- equality and ordering ---

static const char *const cmp_symbol[] = {"<", "<=", "==", "!=", ">", ">="};
static const SkCmpOp cmp_reflect[] = {SK_CMP_GT, SK_CMP_GE, SK_CMP_EQ,
                                      SK_CMP_NE, SK_CMP_LT, SK_CMP_LE};

SkStr *sk_compare_dunder(SkVM *vm, SkCmpOp op) {
    switch (op) {
    case SK_CMP_LT: return vm->names.lt;
    case SK_CMP_LE: return vm->names.le;
    case SK_CMP_EQ: return vm->names.eq;
    case SK_CMP_NE: return vm->names.ne;
    case SK_CMP_GT: return vm->names.gt;
    default: return vm->names.ge;
    }
}

static bool cmp_from_order(SkCmpOp op, int c) {
    switch (op) {
    case SK_CMP_LT: return c < 0;
    case SK_CMP_LE: return c <= 0;
    case SK_CMP_EQ: return c == 0;
    case SK_CMP_NE: return c != 0;
    case SK_CMP_GT: return c > 0;
    default: return c >= 0;
    }
}

static SkValue not_supported(SkVM *vm, SkCmpOp op, SkValue a, SkValue b) {
    return sk_raise(vm, vm->exc.TypeError, "'%s' not supported between instances of '%T' and '%T'",
                    cmp_symbol[op], a, b);
}

static int bytes_cmp(SkBytes *a, SkBytes *b) {
    size_t n = a->len < b->len ? a->len : b->len;
    int c = memcmp(a->data, b->data, n);
    if (c) return c;
    return a->len < b->len ? -1 : a->len > b->len;
}

// Items of a list or tuple, re-read after anything that may run Skein
// code (an __eq__ may resize a list).
static SkValue *seq_items(SkObj *o, size_t *n) {
    if (o->kind == SK_LIST) {
        *n = ((SkList *)o)->len;
        return ((SkList *)o)->items;
    }
    *n = ((SkTuple *)o)->len;
    return ((SkTuple *)o)->items;
}

// Lexicographic comparison, as CPython's list/tuple richcompare.
static SkValue seq_compare(SkVM *vm, SkCmpOp op, SkObj *x, SkObj *y) {
    size_t na, nb;
    seq_items(x, &na);
    seq_items(y, &nb);
    if ((op == SK_CMP_EQ || op == SK_CMP_NE) && na != nb) return sk_bool(op == SK_CMP_NE);
    if (!nest_enter(vm, " in comparison")) return SK_ERR;
    size_t i;
    for (i = 0;; i++) {
        SkValue *a = seq_items(x, &na), *b = seq_items(y, &nb);
        if (i >= na || i >= nb) break;
        int eq = sk_eq(vm, a[i], b[i]);
        if (eq < 0) {
            nest_leave(vm);
            return SK_ERR;
        }
        if (!eq) break;
    }
    nest_leave(vm);
    SkValue *a = seq_items(x, &na), *b = seq_items(y, &nb);
    if (i >= na || i >= nb) return sk_bool(cmp_from_order(op, na < nb ? -1 : na > nb));
    if (op == SK_CMP_EQ) return SK_FALSE;
    if (op == SK_CMP_NE) return SK_TRUE;
    return sk_compare(vm, op, a[i], b[i]);
}

static SkValue set_compare(SkVM *vm, SkCmpOp op, SkSet *a, SkSet *b) {
    int r;
    switch (op) {
    case SK_CMP_EQ:
    case SK_CMP_NE:
        if (a->used != b->used) return sk_bool(op == SK_CMP_NE);
        r = sk_set_issubset(vm, a, b);
        if (r < 0) return SK_ERR;
        return sk_bool(op == SK_CMP_EQ ? r : !r);
    case SK_CMP_LT:
        if (a->used >= b->used) return SK_FALSE;
        r = sk_set_issubset(vm, a, b);
        break;
    case SK_CMP_LE: r = sk_set_issubset(vm, a, b); break;
    case SK_CMP_GT:
        if (a->used <= b->used) return SK_FALSE;
        r = sk_set_issubset(vm, b, a);
        break;
    default: r = sk_set_issubset(vm, b, a); break;
    }
    return r < 0 ? SK_ERR : sk_bool(r);
}

static int dict_eq(SkVM *vm, SkDict *a, SkDict *b) {
    if (a->len != b->len) return 0;
    if (!nest_enter(vm, " in comparison")) return -1;
    SkValue k, v;
    int result = 1;
    for (size_t i = 0; result == 1 && sk_dict_next(a, &i, &k, &v);) {
        SkValue w;
        int r = sk_dict_get(vm, b, k, &w);
        result = r <= 0 ? r : sk_eq(vm, v, w);
    }
    nest_leave(vm);
    return result;
}

// Both operands are built-in (not user instances). SK_UNDEF with no
// exception means "no built-in meaning": the caller falls back.
// A set holding a keys or items view's elements (views compare as sets).
static SkValue view_as_set(SkVM *vm, SkValue v) {
    if (!SK_IS_KIND(v, SK_DICT_VIEW) || v.as.o->extra == 1) return v;
    SkSet *s = sk_set_new(vm, false);
    if (!s || !sk_set_update(vm, s, v)) return SK_ERR;
    return sk_obj(s);
}

static SkValue builtin_compare(SkVM *vm, SkCmpOp op, SkValue a, SkValue b) {
    if (!SK_IS_OBJ(a) || !SK_IS_OBJ(b)) return SK_UNDEF;
    if ((SK_IS_KIND(a, SK_DICT_VIEW) && SK_IS_KIND(b, SK_SET)) ||
        (SK_IS_KIND(a, SK_SET) && SK_IS_KIND(b, SK_DICT_VIEW))) {
        SkValue x = view_as_set(vm, a), y = view_as_set(vm, b);
        if (SK_IS_ERR(x) || SK_IS_ERR(y)) return SK_ERR;
        if (SK_IS_KIND(x, SK_SET) && SK_IS_KIND(y, SK_SET))
            return set_compare(vm, op, SK_AS_SET(x), SK_AS_SET(y));
        return SK_UNDEF;
    }
    const uint8_t *da, *db;
    size_t na, nb;
    if ((SK_IS_KIND(a, SK_BYTEARRAY) || SK_IS_KIND(b, SK_BYTEARRAY)) &&
        sk_bytes_like(a, &da, &na) &&
        sk_bytes_like(b, &db, &nb)) // bytearray with bytes or bytearray: by content
        return sk_bool(cmp_from_order(op, sk_bytes_like_compare(da, na, db, nb)));
    if (a.as.o->kind != b.as.o->kind) return SK_UNDEF;
    SkObj *x = a.as.o, *y = b.as.o;
    switch ((SkKind)x->kind) {
    case SK_STR:
        if (op == SK_CMP_EQ) return sk_bool(sk_str_eq((SkStr *)x, (SkStr *)y));
        if (op == SK_CMP_NE) return sk_bool(!sk_str_eq((SkStr *)x, (SkStr *)y));
        return sk_bool(cmp_from_order(op, sk_str_cmp((SkStr *)x, (SkStr *)y)));
    case SK_BYTES: return sk_bool(cmp_from_order(op, bytes_cmp((SkBytes *)x, (SkBytes *)y)));
    case SK_TUPLE:
    case SK_LIST: return seq_compare(vm, op, x, y);
    case SK_SET: return set_compare(vm, op, (SkSet *)x, (SkSet *)y);
    case SK_DICT:
        if (op == SK_CMP_EQ || op == SK_CMP_NE) {
            int r = dict_eq(vm, (SkDict *)x, (SkDict *)y);
            if (r < 0) return SK_ERR;
            return sk_bool(op == SK_CMP_EQ ? r : !r);
        }
        return SK_UNDEF;
    case SK_SLICE: {
        // Compared as the tuples (start, stop, step).
        SkSlice *p = (SkSlice *)x, *q = (SkSlice *)y;
        SkValue a[3] = {p->start, p->stop, p->step}, b[3] = {q->start, q->stop, q->step};
        SkTuple *ta = sk_tuple_from(vm, a, 3), *tb = ta ? sk_tuple_from(vm, b, 3) : NULL;
        if (!tb) return SK_ERR;
        return seq_compare(vm, op, &ta->obj, &tb->obj);
    }
    case SK_BOUND_METHOD:
        if (op == SK_CMP_EQ || op == SK_CMP_NE) {
            SkBoundMethod *p = (SkBoundMethod *)x, *q = (SkBoundMethod *)y;
            bool eq = sk_identical(p->self, q->self) && sk_identical(p->func, q->func);
            return sk_bool(op == SK_CMP_EQ ? eq : !eq);
        }
        return SK_UNDEF;
    case SK_RANGE:
        if (op == SK_CMP_EQ) return sk_bool(sk_range_eq((SkRange *)x, (SkRange *)y));
        if (op == SK_CMP_NE) return sk_bool(!sk_range_eq((SkRange *)x, (SkRange *)y));
        return SK_UNDEF;
    case SK_DICT_VIEW:
        if ((op == SK_CMP_EQ || op == SK_CMP_NE) && x->extra != 1 && x->extra == y->extra) {
            // keys and items views compare as sets.
            SkDict *da = ((SkDictView *)x)->dict, *db = ((SkDictView *)y)->dict;
            int r = 1;
            if (da->len != db->len)
                r = 0;
            else if (x->extra == 0) {
                SkValue k, dummy;
                for (size_t i = 0; r == 1 && sk_dict_next(da, &i, &k, NULL);)
                    r = sk_dict_get(vm, db, k, &dummy);
            } else {
                r = dict_eq(vm, da, db);
            }
            if (r < 0) return SK_ERR;
            return sk_bool(op == SK_CMP_EQ ? r : !r);
        }
        return SK_UNDEF;
    default: return SK_UNDEF;
    }
}

// Call self.<op dunder>(other); NotImplemented when the class has none.
static SkValue try_dunder(SkVM *vm, SkCmpOp op, SkValue self, SkValue other) {
    if (!sk_ops_is_user(self)) return vm->not_implemented;
    SkValue r = sk_ops_dunder(vm, self, sk_compare_dunder(vm, op), &other, 1);
    if (!SK_IS_UNDEF(r)) return r;
    if (sk_has_exc(vm)) return SK_ERR;
    if (op == SK_CMP_NE) {
        // object.__ne__: invert __eq__ unless it is NotImplemented.
        r = sk_ops_dunder(vm, self, vm->names.eq, &other, 1);
        if (SK_IS_UNDEF(r)) return sk_has_exc(vm) ? SK_ERR : vm->not_implemented;
        if (sk_ops_is_notimpl(vm, r)) return r;
        int t = sk_truthy(vm, r);
        if (t < 0) return SK_ERR;
        return sk_bool(!t);
    }
    return vm->not_implemented;
}

SkValue sk_compare(SkVM *vm, SkCmpOp op, SkValue a, SkValue b) {
    // Numbers first: the common case (then big ints, rare but numbers too).
    if ((a.tag >= SK_T_BOOL && a.tag <= SK_T_FLOAT && b.tag >= SK_T_BOOL && b.tag <= SK_T_FLOAT) ||
        ((sk_is_bigint(a) || sk_is_bigint(b)) && (a.tag == SK_T_FLOAT || sk_is_integer(a)) &&
         (b.tag == SK_T_FLOAT || sk_is_integer(b)))) {
        int c = sk_num_compare(a, b);
        if (c == 2) return sk_bool(op == SK_CMP_NE);
        return sk_bool(cmp_from_order(op, c));
    }
    if ((op == SK_CMP_EQ || op == SK_CMP_NE) &&
        (SK_IS_KIND(a, SK_COMPLEX) || SK_IS_KIND(b, SK_COMPLEX))) {
        int eq = sk_complex_eq(vm, a, b);
        if (eq >= 0) return sk_bool(op == SK_CMP_EQ ? eq : !eq);
    }
    bool ua = sk_ops_is_user(a), ub = sk_ops_is_user(b);
    if (!ua && !ub) {
        SkValue r = builtin_compare(vm, op, a, b);
        if (!SK_IS_UNDEF(r) || sk_has_exc(vm)) return r;
    } else {
        SkClass *ta = sk_class_of(vm, a), *tb = sk_class_of(vm, b);
        bool reflect_first = ub && ta != tb && sk_is_subclass(tb, ta);
        SkValue r;
        if (reflect_first) {
            r = try_dunder(vm, cmp_reflect[op], b, a);
            if (SK_IS_ERR(r) || !sk_ops_is_notimpl(vm, r)) return r;
        }
        r = try_dunder(vm, op, a, b);
        if (SK_IS_ERR(r) || !sk_ops_is_notimpl(vm, r)) return r;
        if (!reflect_first) {
            r = try_dunder(vm, cmp_reflect[op], b, a);
            if (SK_IS_ERR(r) || !sk_ops_is_notimpl(vm, r)) return r;
        }
        // Subclasses of built-in containers compare by their payload.
        SkValue pa = sk_ops_payload(a), pb = sk_ops_payload(b);
        if (!SK_IS_UNDEF(pa) || !SK_IS_UNDEF(pb)) {
            SkValue x = SK_IS_UNDEF(pa) ? a : pa, y = SK_IS_UNDEF(pb) ? b : pb;
            if (!sk_ops_is_user(x) && !sk_ops_is_user(y)) {
                if ((x.tag == SK_T_FLOAT || sk_is_integer(x) || SK_IS_KIND(x, SK_COMPLEX)) &&
                    (y.tag == SK_T_FLOAT || sk_is_integer(y) || SK_IS_KIND(y, SK_COMPLEX)))
                    return sk_compare(vm, op, x, y); // numbers, big ints included
                r = builtin_compare(vm, op, x, y);
                if (!SK_IS_UNDEF(r) || sk_has_exc(vm)) return r;
            }
        }
    }
    if (op == SK_CMP_EQ) return sk_bool(sk_identical(a, b));
    if (op == SK_CMP_NE) return sk_bool(!sk_identical(a, b));
    return not_supported(vm, op, a, b);
}

SkValue sk_compare_after_left(SkVM *vm, SkCmpOp op, SkValue a, SkValue b) {
    SkValue r = try_dunder(vm, cmp_reflect[op], b, a);
    if (SK_IS_ERR(r) || !sk_ops_is_notimpl(vm, r)) return r;
    // As sk_compare: subclasses of built-in containers compare by payload.
    SkValue pa = sk_ops_payload(a), pb = sk_ops_payload(b);
    if (!SK_IS_UNDEF(pa) || !SK_IS_UNDEF(pb)) {
        SkValue x = SK_IS_UNDEF(pa) ? a : pa, y = SK_IS_UNDEF(pb) ? b : pb;
        if (!sk_ops_is_user(x) && !sk_ops_is_user(y)) {
            if (x.tag >= SK_T_BOOL && x.tag <= SK_T_FLOAT && y.tag >= SK_T_BOOL &&
                y.tag <= SK_T_FLOAT)
                return sk_compare(vm, op, x, y);
            r = builtin_compare(vm, op, x, y);
            if (!SK_IS_UNDEF(r) || sk_has_exc(vm)) return r;
        }
    }
    if (op == SK_CMP_EQ) return sk_bool(sk_identical(a, b));
    if (op == SK_CMP_NE) return sk_bool(!sk_identical(a, b));
    return not_supported(vm, op, a, b);
}

int sk_eq(SkVM *vm, SkValue a, SkValue b) {
    if (sk_identical(a, b)) return 1;
    if (a.tag == SK_T_INT && b.tag == SK_T_INT) return a.as.i == b.as.i;
    if (SK_IS_STR(a) && SK_IS_STR(b)) return sk_str_eq(SK_AS_STR(a), SK_AS_STR(b));
    if (SK_IS_STR(a) != SK_IS_STR(b) && !sk_ops_is_user(a) && !sk_ops_is_user(b)) return 0;
    if (SK_IS_TUPLE(a) && SK_IS_TUPLE(b)) { // dict keys: no result value to box
        SkTuple *x = SK_AS_TUPLE(a), *y = SK_AS_TUPLE(b);
        if (x->len != y->len) return 0;
        if ((x->obj.flags & y->obj.flags & SK_FLAG_HASHED) && x->hash != y->hash) return 0;
        if (!nest_enter(vm, " in comparison")) return -1;
        int r = 1;
        for (size_t i = 0; r == 1 && i < x->len; i++) r = sk_eq(vm, x->items[i], y->items[i]);
        nest_leave(vm);
        return r;
    }
    SkValue r = sk_compare(vm, SK_CMP_EQ, a, b);
    if (SK_IS_ERR(r)) return -1;
    if (SK_IS_BOOL(r)) return r.as.i != 0;
    return sk_truthy(vm, r);
}

// a < b for two tuples (sorting records): the first differing item
// decides, found with one comparison per item for ints and strs.
static int tuple_less(SkVM *vm, SkTuple *x, SkTuple *y) {
    size_t n = x->len < y->len ? x->len : y->len;
    for (size_t i = 0; i < n; i++) {
        SkValue p = x->items[i], q = y->items[i];
        if (sk_identical(p, q)) continue;
        if (p.tag == SK_T_INT && q.tag == SK_T_INT) return p.as.i < q.as.i;
        if (SK_IS_STR(p) && SK_IS_STR(q)) {
            int c = sk_str_cmp(SK_AS_STR(p), SK_AS_STR(q));
            if (c) return c < 0;
            continue;
        }
        int eq = sk_eq(vm, p, q);
        if (eq < 0) return -1;
        if (!eq) return sk_less(vm, p, q);
    }
    return x->len < y->len;
}

int sk_less(SkVM *vm, SkValue a, SkValue b) {
    if (a.tag == SK_T_INT && b.tag == SK_T_INT) return a.as.i < b.as.i;
    if (a.tag == SK_T_FLOAT && b.tag == SK_T_FLOAT) return a.as.f < b.as.f;
    if (SK_IS_STR(a) && SK_IS_STR(b)) return sk_str_cmp(SK_AS_STR(a), SK_AS_STR(b)) < 0;
    if (SK_IS_TUPLE(a) && SK_IS_TUPLE(b)) return tuple_less(vm, SK_AS_TUPLE(a), SK_AS_TUPLE(b));
    SkValue r = sk_compare(vm, SK_CMP_LT, a, b);
    if (SK_IS_ERR(r)) return -1;
    if (SK_IS_BOOL(r)) return r.as.i != 0;
    return sk_truthy(vm, r);
}
