// vm/objects/range.c -- range objects: start/stop/step with a precomputed length,
// O(1) indexing, slicing into another range, the int membership fast
// path, equality as CPython defines it (same sequence of values), and
// the natives count/index. Iteration is in vm/objects/iter.c.
#include "vm/objects/range.h"
#include "vm/classes/class.h"
#include "vm/classes/error.h"
#include "vm/core/gc.h"
#include "vm/exec/import.h"
#include "vm/objects/dict.h"
#include "vm/objects/methods.h"
#include "vm/objects/number.h"
#include "vm/objects/str.h"
#include "vm/objects/tuple.h"
#include "vm/ops/compare.h"
#include "vm/ops/item.h"

// Length as an unsigned count; > INT64_MAX is stored as -1 (len() then
// raises OverflowError as CPython does for huge ranges).
static int64_t range_len(int64_t start, int64_t stop, int64_t step) {
    uint64_t n = 0;
    if (step > 0 && start < stop)
        n = ((uint64_t)stop - (uint64_t)start - 1) / (uint64_t)step + 1;
    else if (step < 0 && stop < start)
        n = ((uint64_t)start - (uint64_t)stop - 1) / ((uint64_t)0 - (uint64_t)step) + 1;
    return n > (uint64_t)INT64_MAX ? -1 : (int64_t)n;
}

SkRange *sk_range_new(SkVM *vm, int64_t start, int64_t stop, int64_t step) {
    if (step == 0) {
        sk_raise(vm, vm->exc.ValueError, "range() arg 3 must not be zero");
        return NULL;
    }
    SkRange *r = sk_gc_alloc(vm, SK_RANGE, sizeof(SkRange));
    if (!r) return NULL;
    r->start = start;
    r->stop = stop;
    r->step = step;
    r->len = range_len(start, stop, step);
    return r;
}

bool sk_range_length(SkVM *vm, SkRange *r, int64_t *out) {
    if (r->len < 0) {
        sk_raise(vm, vm->exc.OverflowError, "Python int too large to convert to C ssize_t");
        return false;
    }
    *out = r->len;
    return true;
}

// The i-th element; i already in range.
SK_INLINE int64_t item_at(SkRange *r, int64_t i) {
    return (int64_t)((uint64_t)r->start + (uint64_t)i * (uint64_t)r->step);
}

SkValue sk_range_getitem(SkVM *vm, SkRange *r, SkValue key) {
    if (SK_IS_KIND(key, SK_SLICE)) {
        int64_t len;
        if (!sk_range_length(vm, r, &len)) return SK_ERR;
        int64_t start, stop, step, n;
        if (!sk_slice_indices(vm, (SkSlice *)SK_AS_OBJ(key), len, &start, &stop, &step, &n))
            return SK_ERR;
        // CPython: range(r[start], r[stop], r.step * step), the ends
        // mapped through r even when they fall outside it.
        int64_t nstep, nstart, nstop, off;
        if (__builtin_mul_overflow(r->step, step, &nstep) ||
            __builtin_mul_overflow(start, r->step, &off) ||
            __builtin_add_overflow(r->start, off, &nstart) ||
            __builtin_mul_overflow(stop, r->step, &off) ||
            __builtin_add_overflow(r->start, off, &nstop))
            return sk_raise_int_overflow(vm);
        (void)n;
        SkRange *nr = sk_range_new(vm, nstart, nstop, nstep);
        return nr ? sk_obj(nr) : SK_ERR;
    }
    int64_t i;
    if (!SK_IS_INT(key) && !SK_IS_BOOL(key)) {
        SkClass *c = sk_class_of(vm, key);
        if (SK_IS_UNDEF(sk_class_lookup(vm, c, vm->names.index)))
            return sk_raise(vm, vm->exc.TypeError,
                            "range indices must be integers or slices, not %T", key);
    }
    if (!sk_index(vm, key, &i)) return SK_ERR;
    int64_t len = r->len < 0 ? INT64_MAX : r->len;
    if (i < 0) i += len;
    if (i < 0 || i >= len)
        return sk_raise(vm, vm->exc.IndexError, "range object index out of range");
    return sk_int(item_at(r, i));
}

bool sk_range_contains_int(SkRange *r, int64_t v) {
    if (r->step > 0) {
        if (v < r->start || v >= r->stop) return false;
        return ((uint64_t)v - (uint64_t)r->start) % (uint64_t)r->step == 0;
    }
    if (v > r->start || v <= r->stop) return false;
    return ((uint64_t)r->start - (uint64_t)v) % ((uint64_t)0 - (uint64_t)r->step) == 0;
}

// CPython: equal when they describe the same sequence.
bool sk_range_eq(SkRange *a, SkRange *b) {
    if (a == b) return true;
    if (a->len != b->len) return false;
    if (a->len == 0) return true;
    if (a->start != b->start) return false;
    if (a->len == 1) return true;
    return a->step == b->step;
}

uint64_t sk_range_hash(SkVM *vm, SkRange *r) {
    // CPython hashes (len, start, step), with start/step None when irrelevant.
    SkValue items[3] = {sk_int(r->len), SK_NONE, SK_NONE};
    if (r->len != 0) {
        items[1] = sk_int(r->start);
        if (r->len != 1) items[2] = sk_int(r->step);
    }
    SkTuple *t = sk_tuple_from(vm, items, 3);
    uint64_t h = 0;
    if (t) sk_hash(vm, sk_obj(t), &h);
    return h;
}

SkStr *sk_range_repr(SkVM *vm, SkRange *r) {
    if (r->step == 1)
        return sk_str_format(vm, "range(%lld, %lld)", (long long)r->start, (long long)r->stop);
    return sk_str_format(vm, "range(%lld, %lld, %lld)", (long long)r->start, (long long)r->stop,
                         (long long)r->step);
}

// --- natives ---

static SkValue range_count(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkRange *r = SK_AS_RANGE(args[0]);
    SkValue v = args[1];
    if (SK_IS_INT(v) || SK_IS_BOOL(v)) return sk_int(sk_range_contains_int(r, v.as.i));
    int64_t n = 0;
    for (int64_t i = 0; i < r->len; i++) {
        int eq = sk_eq(vm, sk_int(item_at(r, i)), v);
        if (eq < 0) return SK_ERR;
        n += eq;
    }
    return sk_int(n);
}

static SkValue range_index(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkRange *r = SK_AS_RANGE(args[0]);
    SkValue v = args[1];
    if (SK_IS_INT(v) || SK_IS_BOOL(v)) {
        if (sk_range_contains_int(r, v.as.i))
            return sk_int((int64_t)(((uint64_t)v.as.i - (uint64_t)r->start) / (uint64_t)r->step));
    } else {
        for (int64_t i = 0; i < r->len; i++) {
            int eq = sk_eq(vm, sk_int(item_at(r, i)), v);
            if (eq < 0) return SK_ERR;
            if (eq) return sk_int(i);
        }
    }
    return sk_raise(vm, vm->exc.ValueError, "%R is not in range", v);
}

static SkValue range_attr(SkVM *vm, SkValue self, int which) {
    SkRange *r = SK_AS_RANGE(self);
    return sk_int(which == 0 ? r->start : which == 1 ? r->stop : r->step);
}
static SkValue range_start(SkVM *vm, SkValue *a, int n, SkTuple *k) {
    return range_attr(vm, a[0], 0);
}
static SkValue range_stop(SkVM *vm, SkValue *a, int n, SkTuple *k) {
    return range_attr(vm, a[0], 1);
}
static SkValue range_step(SkVM *vm, SkValue *a, int n, SkTuple *k) {
    return range_attr(vm, a[0], 2);
}

// --- slice objects ---

static SkValue slice_indices(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    int64_t len, start, stop, step, n;
    if (!sk_index(vm, args[1], &len)) return SK_ERR;
    if (len < 0) return sk_raise(vm, vm->exc.ValueError, "length should not be negative");
    if (!sk_slice_indices(vm, SK_AS_SLICE(args[0]), len, &start, &stop, &step, &n)) return SK_ERR;
    SkValue items[3] = {sk_int(start), sk_int(stop), sk_int(step)};
    SkTuple *t = sk_tuple_from(vm, items, 3);
    return t ? sk_obj(t) : SK_ERR;
}

static SkValue slice_start(SkVM *vm, SkValue *a, int n, SkTuple *k) {
    return SK_AS_SLICE(a[0])->start;
}
static SkValue slice_stop(SkVM *vm, SkValue *a, int n, SkTuple *k) {
    return SK_AS_SLICE(a[0])->stop;
}
static SkValue slice_step(SkVM *vm, SkValue *a, int n, SkTuple *k) {
    return SK_AS_SLICE(a[0])->step;
}

void sk_init_range_methods(SkVM *vm) {
    SkClass *sl = vm->t.slice;
    sk_define_method(vm, sl, "indices", slice_indices, 2, 2, false);
    sk_lib_define_getter(vm, sl, "start", slice_start);
    sk_lib_define_getter(vm, sl, "stop", slice_stop);
    sk_lib_define_getter(vm, sl, "step", slice_step);

    SkClass *c = vm->t.range;
    sk_define_method(vm, c, "count", range_count, 2, 2, false);
    sk_define_method(vm, c, "index", range_index, 2, 2, false);
    sk_lib_define_getter(vm, c, "start", range_start);
    sk_lib_define_getter(vm, c, "stop", range_stop);
    sk_lib_define_getter(vm, c, "step", range_step);
}
