// vm/objects/bytearray.c -- bytearray, mutable bytes: its own growable
// buffer (amortised append, O(1) indexing and item assignment, slice
// assignment and deletion), the list-like mutators (append, extend,
// insert, pop, remove, clear, reverse, copy, +=, *=), and every method of
// bytes. Those run on a bytes copy of the contents, through the bytes
// methods themselves, with bytes in the result turned into bytearrays, as
// CPython's bytearray methods return bytearrays (split gives a list of
// them). Generic operations (len, indexing, in, ==, <, +, *, repr,
// iteration) reach the functions of this file from vm/ops.
#include "vm/objects/bytearray.h"
#include "vm/classes/class.h"
#include "vm/classes/error.h"
#include "vm/core/gc.h"
#include "vm/exec/call.h"
#include "vm/objects/bytes.h"
#include "vm/objects/dict.h"
#include "vm/objects/iter.h"
#include "vm/objects/list.h"
#include "vm/objects/methods.h"
#include "vm/objects/str.h"
#include "vm/objects/tuple.h"
#include "vm/ops/item.h"
#include "vm/ops/repr.h"
#include <stdlib.h>
#include <string.h>

#define NATIVE(name) static SkValue name(SkVM *vm, SkValue *args, int nargs, SkTuple *kw)

SkByteArray *sk_bytearray_new(SkVM *vm, const uint8_t *data, size_t len) {
    SkByteArray *b = sk_gc_alloc(vm, SK_BYTEARRAY, sizeof(SkByteArray));
    if (!b) return NULL;
    if (len && !sk_bytearray_reserve(vm, b, len)) return NULL;
    if (len) {
        if (data)
            memcpy(b->data, data, len);
        else
            memset(b->data, 0, len);
    }
    b->len = len;
    return b;
}

bool sk_bytearray_reserve(SkVM *vm, SkByteArray *b, size_t need) {
    if (need <= b->cap) return true;
    if (need > ((size_t)1 << 40)) {
        sk_raise_nomem(vm);
        return false;
    }
    size_t cap = b->cap ? b->cap : 16;
    while (cap < need) cap += cap / 2 + 8;
    uint8_t *d = sk_gc_realloc(vm, b->data, b->cap, cap);
    if (!d) return false;
    b->data = d;
    b->cap = cap;
    return true;
}

bool sk_bytes_like(SkValue v, const uint8_t **data, size_t *len) {
    if (SK_IS_KIND(v, SK_BYTES)) {
        *data = SK_AS_BYTES(v)->data;
        *len = SK_AS_BYTES(v)->len;
        return true;
    }
    if (SK_IS_KIND(v, SK_BYTEARRAY)) {
        *data = SK_AS_BYTEARRAY(v)->data;
        *len = SK_AS_BYTEARRAY(v)->len;
        return true;
    }
    return false;
}

static SkByteArray *self_of(SkVM *vm, SkValue *args, const char *meth) {
    SkValue v = sk_payload(args[0]);
    if (SK_IS_KIND(v, SK_BYTEARRAY)) return SK_AS_BYTEARRAY(v);
    sk_raise(vm, vm->exc.TypeError,
             "descriptor '%s' for 'bytearray' objects doesn't apply to a '%T' object", meth,
             args[0]);
    return NULL;
}

static SkValue ret(SkByteArray *b) { return b ? sk_obj(b) : SK_ERR; }

// An int in range(256) for a single byte.
static bool byte_arg(SkVM *vm, SkValue v, uint8_t *out) {
    int64_t i;
    if (!sk_index(vm, v, &i)) return false;
    if (i < 0 || i > 255) {
        sk_raise(vm, vm->exc.ValueError, "byte must be in range(0, 256)");
        return false;
    }
    *out = (uint8_t)i;
    return true;
}

// The bytes of any iterable of ints or bytes-like object, into a new bytearray.
static SkByteArray *from_iterable(SkVM *vm, SkValue src) {
    const uint8_t *d;
    size_t n;
    if (sk_bytes_like(src, &d, &n)) return sk_bytearray_new(vm, d, n);
    if (SK_IS_STR(src)) {
        sk_raise(vm, vm->exc.TypeError, "expected iterable of integers; got: 'str'");
        return NULL;
    }
    SkValue it = sk_iter(vm, src);
    if (SK_IS_ERR(it)) {
        if (sk_exc_matches(vm, vm->exc.TypeError)) {
            sk_clear_exc(vm);
            sk_raise(vm, vm->exc.TypeError, "can't extend bytearray with %T", src);
        }
        return NULL;
    }
    SkByteArray *b = sk_bytearray_new(vm, NULL, 0);
    if (!b) return NULL;
    for (;;) {
        SkValue v = sk_next(vm, it);
        if (SK_IS_UNDEF(v)) return sk_has_exc(vm) ? NULL : b;
        uint8_t c;
        if (!byte_arg(vm, v, &c) || !sk_bytearray_reserve(vm, b, b->len + 1)) return NULL;
        b->data[b->len++] = c;
    }
}

SkValue sk_bytearray_construct(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames) {
    int np = sk_npos(nargs, kwnames);
    if (np == 0 && !kwnames) return ret(sk_bytearray_new(vm, NULL, 0));
    if (np == 1 && !kwnames && !SK_IS_STR(args[0]) && !SK_IS_INT(args[0]) && !SK_IS_BOOL(args[0]) &&
        !SK_IS_KIND(args[0], SK_INSTANCE))
        return ret(from_iterable(vm, args[0]));
    // Sizes, str + encoding and objects with __bytes__/__index__: as bytes() does.
    SkValue b = sk_invoke(vm, sk_obj(vm->t.bytes), args, nargs, kwnames);
    if (SK_IS_ERR(b)) {
        if (sk_exc_matches(vm, vm->exc.TypeError) && np == 1 && SK_IS_KIND(args[0], SK_INSTANCE)) {
            sk_clear_exc(vm);
            return ret(from_iterable(vm, args[0]));
        }
        return SK_ERR;
    }
    return ret(sk_bytearray_new(vm, SK_AS_BYTES(b)->data, SK_AS_BYTES(b)->len));
}

SkStr *sk_bytearray_repr(SkVM *vm, SkByteArray *b) {
    SkBytes *copy = sk_bytes_new(vm, b->data, b->len);
    SkStr *inner = copy ? sk_bytes_repr(vm, copy) : NULL;
    return inner ? sk_str_format(vm, "bytearray(%N)", inner) : NULL;
}

// --- indexing ---

SkValue sk_bytearray_getitem(SkVM *vm, SkByteArray *b, SkValue key) {
    if (SK_IS_KIND(key, SK_SLICE)) {
        int64_t start, stop, step, n;
        if (!sk_slice_indices(vm, SK_AS_SLICE(key), (int64_t)b->len, &start, &stop, &step, &n))
            return SK_ERR;
        SkByteArray *r = sk_bytearray_new(vm, NULL, (size_t)n);
        if (!r) return SK_ERR;
        for (int64_t k = 0, j = start; k < n; k++, j += step) r->data[k] = b->data[j];
        return sk_obj(r);
    }
    int64_t i;
    if (!sk_index(vm, key, &i)) return SK_ERR;
    if (i < 0) i += (int64_t)b->len;
    if (i < 0 || i >= (int64_t)b->len)
        return sk_raise(vm, vm->exc.IndexError, "bytearray index out of range");
    return sk_int(b->data[i]);
}

// Replace b[start:stop] (step 1) with n bytes from src (which may alias b).
static bool splice(SkVM *vm, SkByteArray *b, size_t start, size_t stop, const uint8_t *src,
                   size_t n) {
    uint8_t *copy = NULL;
    if (n && src >= b->data && src < b->data + b->cap) { // self-assignment: copy first
        if (!(copy = malloc(n))) return !SK_IS_ERR(sk_raise_nomem(vm));
        memcpy(copy, src, n);
        src = copy;
    }
    size_t old = stop - start, len = b->len - old + n;
    bool ok = sk_bytearray_reserve(vm, b, len);
    if (ok) {
        memmove(b->data + start + n, b->data + stop, b->len - stop);
        if (n) memcpy(b->data + start, src, n);
        b->len = len;
    }
    free(copy);
    return ok;
}

bool sk_bytearray_setitem(SkVM *vm, SkByteArray *b, SkValue key, SkValue v) {
    if (SK_IS_KIND(key, SK_SLICE)) {
        int64_t start, stop, step, n;
        if (!sk_slice_indices(vm, SK_AS_SLICE(key), (int64_t)b->len, &start, &stop, &step, &n))
            return false;
        SkByteArray *src;
        if (SK_IS_UNDEF(v)) { // del b[slice]
            src = NULL;
        } else if (SK_IS_INT(v) || SK_IS_BOOL(v)) {
            sk_raise(vm, vm->exc.TypeError,
                     "can assign only bytes, buffers, or iterables of ints in range(0, 256)");
            return false;
        } else if (!(src = from_iterable(vm, v))) {
            return false;
        }
        if (step == 1) {
            if (stop < start) stop = start;
            return splice(vm, b, (size_t)start, (size_t)stop, src ? src->data : NULL,
                          src ? src->len : 0);
        }
        if (!src) { // delete an extended slice: keep the rest in order
            size_t w = 0;
            for (size_t r = 0; r < b->len; r++) {
                bool gone = step > 0 ? ((int64_t)r >= start && (int64_t)r < stop &&
                                        ((int64_t)r - start) % step == 0)
                                     : ((int64_t)r <= start && (int64_t)r > stop &&
                                        (start - (int64_t)r) % -step == 0);
                if (!gone) b->data[w++] = b->data[r];
            }
            b->len = w;
            return true;
        }
        if ((int64_t)src->len != n) {
            sk_raise(vm, vm->exc.ValueError,
                     "attempt to assign bytes of size %zu to extended slice of size %lld", src->len,
                     (long long)n);
            return false;
        }
        for (int64_t k = 0, j = start; k < n; k++, j += step) b->data[j] = src->data[k];
        return true;
    }
    int64_t i;
    if (!sk_index(vm, key, &i)) return false;
    if (i < 0) i += (int64_t)b->len;
    if (i < 0 || i >= (int64_t)b->len) {
        sk_raise(vm, vm->exc.IndexError, "bytearray index out of range");
        return false;
    }
    if (SK_IS_UNDEF(v)) return splice(vm, b, (size_t)i, (size_t)i + 1, NULL, 0);
    uint8_t c;
    if (!byte_arg(vm, v, &c)) return false;
    b->data[i] = c;
    return true;
}

int sk_bytearray_contains(SkVM *vm, SkByteArray *b, SkValue item) {
    if (SK_IS_INT(item) || SK_IS_BOOL(item)) {
        uint8_t c;
        if (!byte_arg(vm, item, &c)) return -1;
        return b->len && memchr(b->data, c, b->len) != NULL;
    }
    const uint8_t *d;
    size_t n;
    if (!sk_bytes_like(item, &d, &n)) {
        sk_raise(vm, vm->exc.TypeError, "a bytes-like object is required, not '%T'", item);
        return -1;
    }
    if (n == 0) return 1;
    for (size_t i = 0; i + n <= b->len; i++)
        if (memcmp(b->data + i, d, n) == 0) return 1;
    return 0;
}

// --- operators ---

SkValue sk_bytearray_concat(SkVM *vm, SkValue a, SkValue b, bool inplace) {
    const uint8_t *da, *db;
    size_t na, nb;
    if (!sk_bytes_like(a, &da, &na) || !sk_bytes_like(b, &db, &nb)) return SK_UNDEF;
    if (inplace && SK_IS_KIND(a, SK_BYTEARRAY)) {
        SkByteArray *x = SK_AS_BYTEARRAY(a);
        return splice(vm, x, x->len, x->len, db, nb) ? a : SK_ERR;
    }
    if (SK_IS_KIND(a, SK_BYTES)) { // bytes + bytearray is bytes
        SkBytes *r = sk_bytes_new(vm, NULL, na + nb);
        if (!r) return SK_ERR;
        memcpy(r->data, da, na);
        memcpy(r->data + na, db, nb);
        return sk_obj(r);
    }
    SkByteArray *r = sk_bytearray_new(vm, NULL, na + nb);
    if (!r) return SK_ERR;
    memcpy(r->data, da, na);
    if (nb) memcpy(r->data + na, db, nb);
    return sk_obj(r);
}

SkValue sk_bytearray_repeat(SkVM *vm, SkByteArray *b, int64_t count, bool inplace) {
    if (count < 0) count = 0;
    if (count && b->len > ((size_t)1 << 40) / (size_t)count) return sk_raise_nomem(vm);
    size_t n = b->len * (size_t)count;
    SkByteArray *r = inplace ? b : sk_bytearray_new(vm, NULL, 0);
    if (!r || !sk_bytearray_reserve(vm, r, n)) return SK_ERR;
    for (int64_t k = inplace ? 1 : 0; k < count; k++)
        memcpy(r->data + (size_t)k * b->len, b->data, b->len);
    r->len = n;
    return sk_obj(r);
}

int sk_bytes_like_compare(const uint8_t *a, size_t na, const uint8_t *b, size_t nb) {
    size_t n = na < nb ? na : nb;
    int c = n ? memcmp(a, b, n) : 0;
    if (c) return c < 0 ? -1 : 1;
    return na < nb ? -1 : na > nb;
}

// --- the mutators ---

NATIVE(ba_append) {
    SkByteArray *b = self_of(vm, args, "append");
    uint8_t c;
    if (!b || !byte_arg(vm, args[1], &c) || !sk_bytearray_reserve(vm, b, b->len + 1)) return SK_ERR;
    b->data[b->len++] = c;
    return SK_NONE;
}

NATIVE(ba_extend) {
    SkByteArray *b = self_of(vm, args, "extend");
    if (!b) return SK_ERR;
    SkByteArray *src = from_iterable(vm, args[1]);
    if (!src || !splice(vm, b, b->len, b->len, src->data, src->len)) return SK_ERR;
    return SK_NONE;
}

NATIVE(ba_insert) {
    SkByteArray *b = self_of(vm, args, "insert");
    int64_t i;
    uint8_t c;
    if (!b || !sk_index(vm, args[1], &i) || !byte_arg(vm, args[2], &c)) return SK_ERR;
    int64_t n = (int64_t)b->len;
    if (i < 0) i = i + n < 0 ? 0 : i + n;
    if (i > n) i = n;
    return splice(vm, b, (size_t)i, (size_t)i, &c, 1) ? SK_NONE : SK_ERR;
}

NATIVE(ba_pop) {
    SkByteArray *b = self_of(vm, args, "pop");
    if (!b) return SK_ERR;
    int64_t i = -1;
    if (nargs > 1 && !sk_index(vm, args[1], &i)) return SK_ERR;
    if (b->len == 0) return sk_raise(vm, vm->exc.IndexError, "pop from empty bytearray");
    if (i < 0) i += (int64_t)b->len;
    if (i < 0 || i >= (int64_t)b->len)
        return sk_raise(vm, vm->exc.IndexError, "pop index out of range");
    uint8_t c = b->data[i];
    splice(vm, b, (size_t)i, (size_t)i + 1, NULL, 0);
    return sk_int(c);
}

NATIVE(ba_remove) {
    SkByteArray *b = self_of(vm, args, "remove");
    uint8_t c;
    if (!b || !byte_arg(vm, args[1], &c)) return SK_ERR;
    uint8_t *p = b->len ? memchr(b->data, c, b->len) : NULL;
    if (!p) return sk_raise(vm, vm->exc.ValueError, "value not found in bytearray");
    size_t i = (size_t)(p - b->data);
    splice(vm, b, i, i + 1, NULL, 0);
    return SK_NONE;
}

NATIVE(ba_clear) {
    SkByteArray *b = self_of(vm, args, "clear");
    if (!b) return SK_ERR;
    b->len = 0;
    return SK_NONE;
}

NATIVE(ba_reverse) {
    SkByteArray *b = self_of(vm, args, "reverse");
    if (!b) return SK_ERR;
    for (size_t i = 0, j = b->len; i + 1 < j; i++, j--) {
        uint8_t t = b->data[i];
        b->data[i] = b->data[j - 1];
        b->data[j - 1] = t;
    }
    return SK_NONE;
}

NATIVE(ba_copy) {
    SkByteArray *b = self_of(vm, args, "copy");
    return b ? ret(sk_bytearray_new(vm, b->data, b->len)) : SK_ERR;
}

NATIVE(ba_len) {
    SkByteArray *b = self_of(vm, args, "__len__");
    return b ? sk_int((int64_t)b->len) : SK_ERR;
}

NATIVE(ba_getitem) {
    SkByteArray *b = self_of(vm, args, "__getitem__");
    return b ? sk_bytearray_getitem(vm, b, args[1]) : SK_ERR;
}

NATIVE(ba_setitem) {
    SkByteArray *b = self_of(vm, args, "__setitem__");
    return b && sk_bytearray_setitem(vm, b, args[1], args[2]) ? SK_NONE : SK_ERR;
}

NATIVE(ba_delitem) {
    SkByteArray *b = self_of(vm, args, "__delitem__");
    return b && sk_bytearray_setitem(vm, b, args[1], SK_UNDEF) ? SK_NONE : SK_ERR;
}

NATIVE(ba_iter) {
    SkByteArray *b = self_of(vm, args, "__iter__");
    return b ? sk_iter(vm, sk_obj(b)) : SK_ERR;
}

NATIVE(ba_alloc) {
    SkByteArray *b = self_of(vm, args, "__alloc__");
    return b ? sk_int((int64_t)b->cap + 1) : SK_ERR;
}

// bytearray.fromhex(s), a classmethod: bytes.fromhex, then copied.
NATIVE(ba_fromhex) {
    SkValue fh = sk_class_lookup(vm, vm->t.bytes, sk_str_intern_cstr(vm, "fromhex"));
    if (SK_IS_KIND(fh, SK_PROPERTY)) fh = ((SkProperty *)SK_AS_OBJ(fh))->fget;
    SkValue call_args[2] = {sk_obj(vm->t.bytes), args[1]};
    SkValue r = sk_invoke(vm, fh, call_args, 2, NULL);
    if (SK_IS_ERR(r)) return SK_ERR;
    SkValue ba = ret(sk_bytearray_new(vm, SK_AS_BYTES(r)->data, SK_AS_BYTES(r)->len));
    SkClass *cls = SK_IS_KIND(args[0], SK_CLASS) ? SK_AS_CLASS(args[0]) : vm->t.bytearray;
    if (cls != vm->t.bytearray && !SK_IS_ERR(ba)) return sk_call1(vm, args[0], ba);
    return ba;
}

// --- the methods of bytes, on a copy ---

// Bytes in a result become bytearrays (top level, or items of a list or tuple).
static SkValue to_bytearrays(SkVM *vm, SkValue r) {
    if (SK_IS_KIND(r, SK_BYTES))
        return ret(sk_bytearray_new(vm, SK_AS_BYTES(r)->data, SK_AS_BYTES(r)->len));
    if (SK_IS_LIST(r) || SK_IS_TUPLE(r)) {
        size_t n = SK_IS_LIST(r) ? SK_AS_LIST(r)->len : SK_AS_TUPLE(r)->len;
        SkValue *items = SK_IS_LIST(r) ? SK_AS_LIST(r)->items : SK_AS_TUPLE(r)->items;
        for (size_t i = 0; i < n; i++) {
            if (!SK_IS_KIND(items[i], SK_BYTES)) continue;
            SkByteArray *b =
                sk_bytearray_new(vm, SK_AS_BYTES(items[i])->data, SK_AS_BYTES(items[i])->len);
            if (!b) return SK_ERR;
            items[i] = sk_obj(b); // a fresh list or tuple: nobody else holds it yet
        }
    }
    return r;
}

static SkValue delegate(SkVM *vm, const char *name, SkValue *args, int nargs, SkTuple *kw,
                        bool keep_bytes) {
    SkByteArray *b = self_of(vm, args, name);
    if (!b) return SK_ERR;
    SkStr *n = sk_str_intern_cstr(vm, name);
    SkValue m = n ? sk_class_lookup(vm, vm->t.bytes, n) : SK_UNDEF;
    SkBytes *copy = sk_bytes_new(vm, b->data, b->len);
    if (SK_IS_UNDEF(m) || !copy) return SK_ERR;
    SkValue small[8];
    SkValue *a = nargs <= 8 ? small : malloc((size_t)nargs * sizeof(SkValue));
    if (!a) return sk_raise_nomem(vm);
    a[0] = sk_obj(copy);
    for (int i = 1; i < nargs; i++) a[i] = args[i];
    SkValue r = sk_invoke(vm, m, a, nargs, kw);
    if (a != small) free(a);
    if (SK_IS_ERR(r) || keep_bytes) return r;
    return to_bytearrays(vm, r);
}

// Methods whose bytes results become bytearrays, and those returning
// something else (str, int, bool, a bytes hex string).
#define DELEGATE(name)                                                                             \
    NATIVE(ba_##name) { return delegate(vm, #name, args, nargs, kw, false); }
#define DELEGATE_KEEP(name)                                                                        \
    NATIVE(ba_##name) { return delegate(vm, #name, args, nargs, kw, true); }
// clang-format off
DELEGATE(split) DELEGATE(rsplit) DELEGATE(splitlines) DELEGATE(join) DELEGATE(strip)
DELEGATE(lstrip) DELEGATE(rstrip) DELEGATE(replace) DELEGATE(upper) DELEGATE(lower)
DELEGATE(swapcase) DELEGATE(title) DELEGATE(capitalize) DELEGATE(partition)
DELEGATE(rpartition) DELEGATE(removeprefix) DELEGATE(removesuffix) DELEGATE(ljust)
DELEGATE(rjust) DELEGATE(center) DELEGATE(zfill)
DELEGATE_KEEP(decode) DELEGATE_KEEP(hex) DELEGATE_KEEP(find) DELEGATE_KEEP(rfind)
DELEGATE_KEEP(index) DELEGATE_KEEP(rindex) DELEGATE_KEEP(count) DELEGATE_KEEP(startswith)
DELEGATE_KEEP(endswith) DELEGATE_KEEP(isdigit) DELEGATE_KEEP(isalpha) DELEGATE_KEEP(isspace)
DELEGATE_KEEP(isalnum) DELEGATE_KEEP(isupper) DELEGATE_KEEP(islower) DELEGATE_KEEP(istitle)
DELEGATE_KEEP(isascii)
    // clang-format on

    static const SkMethodDef bytearray_methods[] = {
        {"append", ba_append, 2, 2, false},
        {"extend", ba_extend, 2, 2, false},
        {"insert", ba_insert, 3, 3, false},
        {"pop", ba_pop, 1, 2, false},
        {"remove", ba_remove, 2, 2, false},
        {"clear", ba_clear, 1, 1, false},
        {"reverse", ba_reverse, 1, 1, false},
        {"copy", ba_copy, 1, 1, false},
        {"__len__", ba_len, 1, 1, false},
        {"__getitem__", ba_getitem, 2, 2, false},
        {"__setitem__", ba_setitem, 3, 3, false},
        {"__delitem__", ba_delitem, 2, 2, false},
        {"__iter__", ba_iter, 1, 1, false},
        {"__alloc__", ba_alloc, 1, 1, false},
        {"split", ba_split, 1, 3, true},
        {"rsplit", ba_rsplit, 1, 3, true},
        {"splitlines", ba_splitlines, 1, 2, true},
        {"join", ba_join, 2, 2, false},
        {"strip", ba_strip, 1, 2, false},
        {"lstrip", ba_lstrip, 1, 2, false},
        {"rstrip", ba_rstrip, 1, 2, false},
        {"replace", ba_replace, 3, 4, false},
        {"upper", ba_upper, 1, 1, false},
        {"lower", ba_lower, 1, 1, false},
        {"swapcase", ba_swapcase, 1, 1, false},
        {"title", ba_title, 1, 1, false},
        {"capitalize", ba_capitalize, 1, 1, false},
        {"partition", ba_partition, 2, 2, false},
        {"rpartition", ba_rpartition, 2, 2, false},
        {"removeprefix", ba_removeprefix, 2, 2, false},
        {"removesuffix", ba_removesuffix, 2, 2, false},
        {"ljust", ba_ljust, 2, 3, false},
        {"rjust", ba_rjust, 2, 3, false},
        {"center", ba_center, 2, 3, false},
        {"zfill", ba_zfill, 2, 2, false},
        {"decode", ba_decode, 1, 3, true},
        {"hex", ba_hex, 1, 3, true},
        {"find", ba_find, 2, 4, false},
        {"rfind", ba_rfind, 2, 4, false},
        {"index", ba_index, 2, 4, false},
        {"rindex", ba_rindex, 2, 4, false},
        {"count", ba_count, 2, 4, false},
        {"startswith", ba_startswith, 2, 4, false},
        {"endswith", ba_endswith, 2, 4, false},
        {"isdigit", ba_isdigit, 1, 1, false},
        {"isalpha", ba_isalpha, 1, 1, false},
        {"isspace", ba_isspace, 1, 1, false},
        {"isalnum", ba_isalnum, 1, 1, false},
        {"isupper", ba_isupper, 1, 1, false},
        {"islower", ba_islower, 1, 1, false},
        {"istitle", ba_istitle, 1, 1, false},
        {"isascii", ba_isascii, 1, 1, false},
};

void sk_init_bytearray_methods(SkVM *vm) {
    SkClass *cls = vm->t.bytearray;
    if (!cls) return;
    SK_LIB_DEFINE_TABLE(vm, cls, bytearray_methods);
    sk_lib_define_wrapped(vm, cls, "fromhex", ba_fromhex, 2, 2, false, 2);
    sk_dict_set_str(vm, cls->dict, vm->names.hash, SK_NONE);
}
