// vm/ops/item.c -- subscription (obj[key], obj[key] = v, del obj[key])
// with slices for every built-in sequence, membership (`in`), integer
// indexes (__index__) and slice resolution. User classes go through
// __getitem__/__setitem__/__delitem__/__contains__; subclasses of
// list/dict without their own dunders act on their payload (and a dict
// subclass's __missing__ is honoured).
#include "vm/ops/item.h"
#include "vm/classes/class.h"
#include "vm/classes/error.h"
#include "vm/core/gc.h"
#include "vm/exec/call.h"
#include "vm/exec/import.h"
#include "vm/objects/bigint.h"
#include "vm/objects/bytearray.h"
#include "vm/objects/bytes.h"
#include "vm/objects/dict.h"
#include "vm/objects/iter.h"
#include "vm/objects/list.h"
#include "vm/objects/range.h"
#include "vm/objects/set.h"
#include "vm/objects/str.h"
#include "vm/objects/tuple.h"
#include "vm/ops/compare.h"
#include "vm/ops/dunder.h"

// --- indexes and slices ---

bool sk_index(SkVM *vm, SkValue v, int64_t *out) {
    if (v.tag == SK_T_INT || v.tag == SK_T_BOOL) {
        *out = v.as.i;
        return true;
    }
    if (sk_is_bigint(v)) {
        sk_raise(vm, vm->exc.OverflowError, "cannot fit 'int' into an index-sized integer");
        return false;
    }
    if (sk_ops_is_user(v)) {
        SkValue r = sk_ops_dunder(vm, v, vm->names.index, NULL, 0);
        if (!SK_IS_UNDEF(r)) {
            if (r.tag != SK_T_INT && r.tag != SK_T_BOOL) {
                sk_raise(vm, vm->exc.TypeError, "__index__ returned non-int (type %T)", r);
                return false;
            }
            *out = r.as.i;
            return true;
        }
        if (sk_has_exc(vm)) return false;
        SkValue p = sk_ops_payload(v);
        if (p.tag == SK_T_INT || p.tag == SK_T_BOOL) {
            *out = p.as.i;
            return true;
        }
    }
    sk_raise(vm, vm->exc.TypeError, "'%T' object cannot be interpreted as an integer", v);
    return false;
}

bool sk_norm_index(SkVM *vm, int64_t *i, int64_t len, const char *what) {
    int64_t k = *i;
    if (k < 0) k += len;
    if (k < 0 || k >= len) {
        sk_raise(vm, vm->exc.IndexError, "%s index out of range", what);
        return false;
    }
    *i = k;
    return true;
}

SkSlice *sk_slice_new(SkVM *vm, SkValue start, SkValue stop, SkValue step) {
    SkSlice *s = sk_gc_alloc(vm, SK_SLICE, sizeof(SkSlice));
    if (!s) return NULL;
    s->start = start;
    s->stop = stop;
    s->step = step;
    return s;
}

static bool slice_part(SkVM *vm, SkValue v, int64_t *out) {
    if (v.tag == SK_T_INT || v.tag == SK_T_BOOL) {
        *out = v.as.i;
        return true;
    }
    if (sk_ops_is_user(v) && sk_index(vm, v, out)) return true;
    if (sk_has_exc(vm)) sk_clear_exc(vm);
    sk_raise(vm, vm->exc.TypeError,
             "slice indices must be integers or None or have an __index__ method");
    return false;
}

// CPython's PySlice_Unpack + PySlice_AdjustIndices.
bool sk_slice_indices(SkVM *vm, SkSlice *s, int64_t len, int64_t *pstart, int64_t *pstop,
                      int64_t *pstep, int64_t *slicelen) {
    int64_t start, stop, step = 1;
    if (!SK_IS_NONE(s->step) && !SK_IS_UNDEF(s->step)) {
        if (!slice_part(vm, s->step, &step)) return false;
        if (step == 0) {
            sk_raise(vm, vm->exc.ValueError, "slice step cannot be zero");
            return false;
        }
        if (step < -INT64_MAX) step = -INT64_MAX;
    }
    if (SK_IS_NONE(s->start) || SK_IS_UNDEF(s->start))
        start = step < 0 ? INT64_MAX : 0;
    else if (!slice_part(vm, s->start, &start))
        return false;
    if (SK_IS_NONE(s->stop) || SK_IS_UNDEF(s->stop))
        stop = step < 0 ? INT64_MIN : INT64_MAX;
    else if (!slice_part(vm, s->stop, &stop))
        return false;

    if (start < 0) {
        start = start < -len ? (step < 0 ? -1 : 0) : start + len;
    } else if (start >= len) {
        start = step < 0 ? len - 1 : len;
    }
    if (stop < 0) {
        stop = stop < -len ? (step < 0 ? -1 : 0) : stop + len;
    } else if (stop >= len) {
        stop = step < 0 ? len - 1 : len;
    }
    int64_t n = 0;
    if (step < 0) {
        if (stop < start) n = (start - stop - 1) / (-step) + 1;
    } else if (start < stop) {
        n = (stop - start - 1) / step + 1;
    }
    *pstart = start;
    *pstop = stop;
    *pstep = step;
    *slicelen = n;
    return true;
}

// --- getitem ---

static SkValue bad_index_type(SkVM *vm, const char *what, SkValue key) {
    return sk_raise(vm, vm->exc.TypeError, "%s indices must be integers or slices, not %T", what,
                    key);
}

// An int index from key, or false with TypeError naming the sequence kind.
static bool seq_index(SkVM *vm, const char *what, SkValue key, int64_t *i) {
    if (key.tag == SK_T_INT || key.tag == SK_T_BOOL) {
        *i = key.as.i;
        return true;
    }
    if (sk_is_bigint(key)) {
        sk_raise(vm, vm->exc.IndexError, "cannot fit 'int' into an index-sized integer");
        return false;
    }
    if (sk_ops_is_user(key)) {
        // An __index__ of its own, or an int subclass (its payload is the int).
        SkValue p = sk_ops_payload(key);
        if (p.tag == SK_T_INT || p.tag == SK_T_BOOL ||
            !SK_IS_UNDEF(sk_ops_lookup(vm, key, vm->names.index)))
            return sk_index(vm, key, i);
    }
    if (!strcmp(what, "string"))
        sk_raise(vm, vm->exc.TypeError, "string indices must be integers, not '%T'", key);
    else
        bad_index_type(vm, what, key);
    return false;
}

static SkValue list_slice(SkVM *vm, SkValue *items, size_t len, SkSlice *sl, bool tuple) {
    int64_t start, stop, step, n;
    if (!sk_slice_indices(vm, sl, (int64_t)len, &start, &stop, &step, &n)) return SK_ERR;
    if (tuple) {
        SkTuple *t = sk_tuple_new(vm, (size_t)n);
        if (!t) return SK_ERR;
        for (int64_t k = 0, i = start; k < n; k++, i += step) t->items[k] = items[i];
        return sk_obj(t);
    }
    SkList *l = sk_list_new(vm, (size_t)n);
    if (!l) return SK_ERR;
    for (int64_t k = 0, i = start; k < n; k++, i += step) l->items[k] = items[i];
    l->len = (size_t)n;
    return sk_obj(l);
}

static SkValue dict_missing(SkVM *vm, SkValue self, SkValue key) {
    if (sk_ops_is_user(self)) {
        SkValue m = sk_class_lookup(vm, sk_class_of(vm, self), vm->names.missing);
        if (!SK_IS_UNDEF(m)) return sk_ops_call(vm, m, self, &key, 1);
    }
    return sk_raise_keyerror(vm, key);
}

static SkValue getitem_builtin(SkVM *vm, SkValue self, SkValue obj, SkValue key) {
    int64_t i;
    SkObj *o = obj.as.o;
    switch ((SkKind)o->kind) {
    case SK_BYTEARRAY: return sk_bytearray_getitem(vm, (SkByteArray *)o, key);
    case SK_LIST: {
        SkList *l = (SkList *)o;
        if (SK_IS_KIND(key, SK_SLICE))
            return list_slice(vm, l->items, l->len, (SkSlice *)key.as.o, false);
        if (!seq_index(vm, "list", key, &i) || !sk_norm_index(vm, &i, (int64_t)l->len, "list"))
            return SK_ERR;
        return l->items[i];
    }
    case SK_TUPLE: {
        SkTuple *t = (SkTuple *)o;
        if (SK_IS_KIND(key, SK_SLICE)) {
            if (SK_IS_NONE(((SkSlice *)key.as.o)->start) &&
                SK_IS_NONE(((SkSlice *)key.as.o)->stop) && SK_IS_NONE(((SkSlice *)key.as.o)->step))
                return obj;
            return list_slice(vm, t->items, t->len, (SkSlice *)key.as.o, true);
        }
        if (!seq_index(vm, "tuple", key, &i) || !sk_norm_index(vm, &i, (int64_t)t->len, "tuple"))
            return SK_ERR;
        return t->items[i];
    }
    case SK_STR: {
        SkStr *s = (SkStr *)o;
        if (SK_IS_KIND(key, SK_SLICE)) {
            int64_t start, stop, step, n;
            if (!sk_slice_indices(vm, (SkSlice *)key.as.o, (int64_t)s->nchars, &start, &stop, &step,
                                  &n))
                return SK_ERR;
            SkStr *r = step > 0 && n > 0 && step == 1 ? sk_str_slice(vm, s, start, start + n, 1)
                                                      : sk_str_slice(vm, s, start, stop, step);
            return r ? sk_obj(r) : SK_ERR;
        }
        if (!seq_index(vm, "string", key, &i) ||
            !sk_norm_index(vm, &i, (int64_t)s->nchars, "string"))
            return SK_ERR;
        SkStr *r;
        if (s->ascii)
            r = sk_str_from_codepoint(vm, (uint8_t)s->data[i]);
        else {
            size_t pos = sk_str_offset(s, (size_t)i);
            r = sk_str_from_codepoint(vm, sk_utf8_decode(s->data, s->len, &pos));
        }
        return r ? sk_obj(r) : SK_ERR;
    }
    case SK_BYTES: {
        SkBytes *b = (SkBytes *)o;
        if (SK_IS_KIND(key, SK_SLICE)) {
            int64_t start, stop, step, n;
            if (!sk_slice_indices(vm, (SkSlice *)key.as.o, (int64_t)b->len, &start, &stop, &step,
                                  &n))
                return SK_ERR;
            SkBytes *r = sk_bytes_new(vm, NULL, (size_t)n);
            if (!r) return SK_ERR;
            for (int64_t k = 0, j = start; k < n; k++, j += step) r->data[k] = b->data[j];
            return sk_obj(r);
        }
        if (!seq_index(vm, "byte", key, &i)) return SK_ERR;
        if (i < 0) i += (int64_t)b->len;
        if (i < 0 || i >= (int64_t)b->len)
            return sk_raise(vm, vm->exc.IndexError, "index out of range");
        return sk_int(b->data[i]);
    }
    case SK_DICT: {
        SkValue v;
        int r = sk_dict_get(vm, (SkDict *)o, key, &v);
        if (r > 0) return v;
        if (r < 0) return SK_ERR;
        return dict_missing(vm, self, key);
    }
    case SK_RANGE: return sk_range_getitem(vm, (SkRange *)o, key);
    default: return SK_UNDEF;
    }
}

SkValue sk_getitem(SkVM *vm, SkValue obj, SkValue key) {
    if (SK_IS_OBJ(obj)) {
        if (!sk_ops_is_user(obj)) {
            SkValue r = getitem_builtin(vm, obj, obj, key);
            if (!SK_IS_UNDEF(r) || sk_has_exc(vm)) return r;
        } else {
            SkValue r = sk_ops_dunder(vm, obj, vm->names.getitem, &key, 1);
            if (!SK_IS_UNDEF(r) || sk_has_exc(vm)) return r;
            SkValue p = sk_ops_payload(obj);
            if (SK_IS_OBJ(p)) {
                r = getitem_builtin(vm, obj, p, key);
                if (!SK_IS_UNDEF(r) || sk_has_exc(vm)) return r;
            }
        }
        if (SK_IS_KIND(obj, SK_CLASS)) {
            // A metaclass's __getitem__ (Enum['RED']), else the class's
            // __class_getitem__ (list[int] gives a types.GenericAlias).
            SkClass *meta = SK_AS_CLASS(obj)->meta;
            SkValue mg = meta ? sk_class_lookup(vm, meta, vm->names.getitem) : SK_UNDEF;
            if (SK_IS_KIND(mg, SK_FUNCTION)) {
                SkValue args[2] = {obj, key};
                return sk_invoke(vm, mg, args, 2, NULL);
            }
            SkStr *n = sk_str_intern_cstr(vm, "__class_getitem__");
            SkValue m = n ? sk_class_lookup(vm, SK_AS_CLASS(obj), n) : SK_UNDEF;
            if (!SK_IS_UNDEF(m)) {
                if (SK_IS_KIND(m, SK_PROPERTY)) m = ((SkProperty *)SK_AS_OBJ(m))->fget;
                SkValue args[2] = {obj, key};
                return sk_invoke(vm, m, args, 2, NULL);
            }
            return sk_raise(vm, vm->exc.TypeError, "type '%N' is not subscriptable",
                            SK_AS_CLASS(obj)->name);
        }
    }
    return sk_raise(vm, vm->exc.TypeError, "'%T' object is not subscriptable", obj);
}

// --- setitem / delitem ---

// l[slice] = iterable.
static bool list_set_slice(SkVM *vm, SkList *l, SkSlice *sl, SkValue v) {
    int64_t start, stop, step, n;
    if (!sk_slice_indices(vm, sl, (int64_t)l->len, &start, &stop, &step, &n)) return false;
    SkList *src;
    if (SK_IS_LIST(v) && SK_AS_LIST(v) != l)
        src = SK_AS_LIST(v);
    else {
        src = sk_list_of(vm, v);
        if (!src) {
            if (sk_exc_matches(vm, vm->exc.TypeError) && step == 1) {
                sk_clear_exc(vm);
                sk_raise(vm, vm->exc.TypeError, "can only assign an iterable");
            }
            return false;
        }
    }
    // Indexes may be stale if iterating v ran code that changed l.
    if (!sk_slice_indices(vm, sl, (int64_t)l->len, &start, &stop, &step, &n)) return false;
    size_t m = src->len;
    if (step == 1) {
        if (stop < start) stop = start;
        size_t old = (size_t)(stop - start);
        size_t newlen = l->len - old + m;
        if (!sk_list_reserve(vm, l, newlen)) return false;
        if (l->items)
            memmove(l->items + start + m, l->items + stop,
                    (l->len - (size_t)stop) * sizeof(SkValue));
        if (m) memcpy(l->items + start, src->items, m * sizeof(SkValue));
        l->len = newlen;
        return true;
    }
    if ((int64_t)m != n) {
        sk_raise(vm, vm->exc.ValueError,
                 "attempt to assign sequence of size %zu to extended slice of size %lld", m,
                 (long long)n);
        return false;
    }
    for (int64_t k = 0, i = start; k < n; k++, i += step) l->items[i] = src->items[k];
    return true;
}

static bool list_del_slice(SkVM *vm, SkList *l, SkSlice *sl) {
    int64_t start, stop, step, n;
    if (!sk_slice_indices(vm, sl, (int64_t)l->len, &start, &stop, &step, &n)) return false;
    if (n <= 0) return true;
    if (step < 0) { // delete the same items walking forward
        start = start + (n - 1) * step;
        step = -step;
    }
    size_t w = (size_t)start;
    int64_t next = start, k = 0;
    for (size_t r = (size_t)start; r < l->len; r++) {
        if (k < n && (int64_t)r == next) {
            k++;
            next += step;
            continue;
        }
        l->items[w++] = l->items[r];
    }
    l->len = w;
    return true;
}

static int setitem_builtin(SkVM *vm, SkValue obj, SkValue key, SkValue v) {
    int64_t i;
    switch (obj.as.o->kind) {
    case SK_BYTEARRAY: return sk_bytearray_setitem(vm, SK_AS_BYTEARRAY(obj), key, v) ? 1 : -1;
    case SK_LIST: {
        SkList *l = SK_AS_LIST(obj);
        if (SK_IS_KIND(key, SK_SLICE))
            return list_set_slice(vm, l, (SkSlice *)key.as.o, v) ? 1 : -1;
        if (!seq_index(vm, "list", key, &i)) return -1;
        if (!sk_norm_index(vm, &i, (int64_t)l->len, "list assignment")) return -1;
        l->items[i] = v;
        return 1;
    }
    case SK_DICT: return sk_dict_set(vm, SK_AS_DICT(obj), key, v) ? 1 : -1;
    default: return 0;
    }
}

bool sk_setitem(SkVM *vm, SkValue obj, SkValue key, SkValue v) {
    if (SK_IS_OBJ(obj)) {
        if (!sk_ops_is_user(obj)) {
            int r = setitem_builtin(vm, obj, key, v);
            if (r) return r > 0;
        } else {
            SkValue args[2] = {key, v};
            SkValue r = sk_ops_dunder(vm, obj, vm->names.setitem, args, 2);
            if (!SK_IS_UNDEF(r)) return true;
            if (sk_has_exc(vm)) return false;
            SkValue p = sk_ops_payload(obj);
            if (SK_IS_OBJ(p)) {
                int k = setitem_builtin(vm, p, key, v);
                if (k) return k > 0;
            }
        }
    }
    sk_raise(vm, vm->exc.TypeError, "'%T' object does not support item assignment", obj);
    return false;
}

static int delitem_builtin(SkVM *vm, SkValue obj, SkValue key) {
    int64_t i;
    switch (obj.as.o->kind) {
    case SK_BYTEARRAY:
        return sk_bytearray_setitem(vm, SK_AS_BYTEARRAY(obj), key, SK_UNDEF) ? 1 : -1;
    case SK_LIST: {
        SkList *l = SK_AS_LIST(obj);
        if (SK_IS_KIND(key, SK_SLICE)) return list_del_slice(vm, l, (SkSlice *)key.as.o) ? 1 : -1;
        if (!seq_index(vm, "list", key, &i)) return -1;
        if (!sk_norm_index(vm, &i, (int64_t)l->len, "list assignment")) return -1;
        memmove(l->items + i, l->items + i + 1, (l->len - (size_t)i - 1) * sizeof(SkValue));
        l->len--;
        return 1;
    }
    case SK_DICT: {
        int r = sk_dict_del(vm, SK_AS_DICT(obj), key);
        if (r < 0) return -1;
        if (r == 0) {
            sk_raise_keyerror(vm, key);
            return -1;
        }
        return 1;
    }
    default: return 0;
    }
}

bool sk_delitem(SkVM *vm, SkValue obj, SkValue key) {
    if (SK_IS_OBJ(obj)) {
        if (!sk_ops_is_user(obj)) {
            int r = delitem_builtin(vm, obj, key);
            if (r) return r > 0;
        } else {
            SkValue r = sk_ops_dunder(vm, obj, vm->names.delitem, &key, 1);
            if (!SK_IS_UNDEF(r)) return true;
            if (sk_has_exc(vm)) return false;
            SkValue p = sk_ops_payload(obj);
            if (SK_IS_OBJ(p)) {
                int k = delitem_builtin(vm, p, key);
                if (k) return k > 0;
            }
        }
    }
    sk_raise(vm, vm->exc.TypeError, "'%T' object doesn't support item deletion", obj);
    return false;
}

// --- membership ---

// Substring search (memmem is a GNU extension): memchr to each candidate.
static bool find_bytes(const void *hay, size_t n, const void *needle, size_t m) {
    const uint8_t *h = hay, *nd = needle;
    if (m == 0) return true;
    while (n >= m) {
        const uint8_t *p = memchr(h, nd[0], n - m + 1);
        if (!p) return false;
        if (memcmp(p, nd, m) == 0) return true;
        n -= (size_t)(p - h) + 1;
        h = p + 1;
    }
    return false;
}

static int contains_iter(SkVM *vm, SkValue container, SkValue item) {
    SkValue it = sk_iter(vm, container);
    if (SK_IS_ERR(it)) {
        if (sk_exc_matches(vm, vm->exc.TypeError)) {
            sk_clear_exc(vm);
            sk_raise(vm, vm->exc.TypeError, "argument of type '%T' is not iterable", container);
        }
        return -1;
    }
    for (;;) {
        SkValue v = sk_next(vm, it);
        if (SK_IS_UNDEF(v)) return sk_has_exc(vm) ? -1 : 0;
        int eq = sk_eq(vm, v, item);
        if (eq) return eq;
    }
}

static int contains_builtin(SkVM *vm, SkValue c, SkValue item) {
    SkObj *o = c.as.o;
    switch ((SkKind)o->kind) {
    case SK_BYTEARRAY: return sk_bytearray_contains(vm, (SkByteArray *)o, item);
    case SK_STR: {
        if (!SK_IS_STR(item)) {
            sk_raise(vm, vm->exc.TypeError, "'in <string>' requires string as left operand, not %T",
                     item);
            return -1;
        }
        SkStr *s = (SkStr *)o, *sub = SK_AS_STR(item);
        if (sub->len == 0) return 1;
        if (sub->len > s->len) return 0;
        return find_bytes(s->data, s->len, sub->data, sub->len);
    }
    case SK_BYTES: {
        SkBytes *b = (SkBytes *)o;
        if (SK_IS_INT(item) || SK_IS_BOOL(item)) {
            if (item.as.i < 0 || item.as.i > 255) {
                sk_raise(vm, vm->exc.ValueError, "byte must be in range(0, 256)");
                return -1;
            }
            return memchr(b->data, (int)item.as.i, b->len) != NULL;
        }
        const uint8_t *sd;
        size_t sn;
        if (sk_bytes_like(item, &sd, &sn)) {
            if (sn == 0) return 1;
            return find_bytes(b->data, b->len, sd, sn);
        }
        sk_raise(vm, vm->exc.TypeError, "a bytes-like object is required, not '%T'", item);
        return -1;
    }
    case SK_LIST:
    case SK_TUPLE: {
        for (size_t i = 0;; i++) {
            size_t n = o->kind == SK_LIST ? ((SkList *)o)->len : ((SkTuple *)o)->len;
            if (i >= n) return 0;
            SkValue v = o->kind == SK_LIST ? ((SkList *)o)->items[i] : ((SkTuple *)o)->items[i];
            int eq = sk_eq(vm, v, item);
            if (eq) return eq;
        }
    }
    case SK_DICT: {
        SkValue v;
        return sk_dict_get(vm, (SkDict *)o, item, &v);
    }
    case SK_SET: return sk_set_contains(vm, (SkSet *)o, item);
    case SK_RANGE:
        if (SK_IS_INT(item) || SK_IS_BOOL(item))
            return sk_range_contains_int((SkRange *)o, item.as.i);
        if (SK_IS_FLOAT(item)) {
            double f = item.as.f;
            if (f != f || f != (double)(int64_t)f || f >= 9.3e18 || f <= -9.3e18) return 0;
            return sk_range_contains_int((SkRange *)o, (int64_t)f);
        }
        return contains_iter(vm, c, item);
    case SK_DICT_VIEW: {
        SkDictView *dv = (SkDictView *)o;
        SkValue v;
        if (o->extra == 0) return sk_dict_get(vm, dv->dict, item, &v);
        if (o->extra == 2) {
            if (!SK_IS_TUPLE(item) || SK_AS_TUPLE(item)->len != 2) return 0;
            int r = sk_dict_get(vm, dv->dict, SK_AS_TUPLE(item)->items[0], &v);
            if (r <= 0) return r;
            return sk_eq(vm, v, SK_AS_TUPLE(item)->items[1]);
        }
        return contains_iter(vm, c, item);
    }
    default: return -2;
    }
}

int sk_contains(SkVM *vm, SkValue container, SkValue item) {
    if (SK_IS_OBJ(container)) {
        if (!sk_ops_is_user(container)) {
            int r = contains_builtin(vm, container, item);
            if (r != -2) return r;
        } else {
            SkValue r = sk_ops_dunder(vm, container, vm->names.contains, &item, 1);
            if (!SK_IS_UNDEF(r)) return sk_truthy(vm, r);
            if (sk_has_exc(vm)) return -1;
            SkValue p = sk_ops_payload(container);
            if (SK_IS_OBJ(p) && !sk_ops_is_user(p) &&
                SK_IS_UNDEF(sk_ops_lookup(vm, container, vm->names.iter))) {
                int k = contains_builtin(vm, p, item);
                if (k != -2) return k;
            }
        }
    }
    return contains_iter(vm, container, item);
}
