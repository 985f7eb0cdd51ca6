// vm/objects/list.c -- list objects: a growable array of SkValue (items is
// malloc'd through sk_gc_realloc, cap * sizeof(SkValue) bytes, so the GC
// can free it knowing cap), append/insert/extend, and the stable sort
// used by list.sort and sorted(). Methods live in vm/objects/list_methods.c.
#include "vm/objects/list.h"
#include "vm/classes/error.h"
#include "vm/core/gc.h"
#include "vm/exec/call.h"
#include "vm/exec/import.h"
#include "vm/objects/iter.h"
#include "vm/objects/str.h"
#include "vm/objects/tuple.h"
#include "vm/ops/compare.h"
#include "vm/ops/dunder.h"
#include <stdlib.h>

SkList *sk_list_new(SkVM *vm, size_t cap) {
    SkList *l = sk_gc_alloc(vm, SK_LIST, sizeof(SkList));
    if (!l) return NULL;
    if (cap && !sk_list_reserve(vm, l, cap)) return NULL;
    return l;
}

bool sk_list_reserve(SkVM *vm, SkList *l, size_t cap) {
    if (cap <= l->cap) return true;
    if (cap > SIZE_MAX / sizeof(SkValue) / 2) {
        sk_raise_nomem(vm);
        return false;
    }
    SkValue *items = sk_gc_realloc(vm, l->items, l->cap * sizeof(SkValue), cap * sizeof(SkValue));
    if (!items) return false;
    l->items = items;
    l->cap = cap;
    return true;
}

// Grow by ~1.5x like CPython, so appends are amortized O(1).
static bool grow(SkVM *vm, SkList *l, size_t need) {
    size_t cap = l->cap + (l->cap >> 1) + 4;
    if (cap < need) cap = need;
    return sk_list_reserve(vm, l, cap);
}

SkList *sk_list_from(SkVM *vm, const SkValue *items, size_t n) {
    SkList *l = sk_list_new(vm, n);
    if (!l) return NULL;
    if (n) memcpy(l->items, items, n * sizeof(SkValue));
    l->len = n;
    return l;
}

bool sk_list_append(SkVM *vm, SkList *l, SkValue v) {
    if (SK_UNLIKELY(l->len == l->cap) && !grow(vm, l, l->len + 1)) return false;
    l->items[l->len++] = v;
    return true;
}

bool sk_list_insert(SkVM *vm, SkList *l, int64_t i, SkValue v) {
    int64_t n = (int64_t)l->len;
    if (i < 0) {
        i += n;
        if (i < 0) i = 0;
    }
    if (i > n) i = n;
    if (l->len == l->cap && !grow(vm, l, l->len + 1)) return false;
    memmove(l->items + i + 1, l->items + i, (size_t)(n - i) * sizeof(SkValue));
    l->items[i] = v;
    l->len++;
    return true;
}

bool sk_list_extend(SkVM *vm, SkList *l, SkValue iterable) {
    SkValue src = iterable;
    if (SK_IS_KIND(src, SK_INSTANCE) && !SK_IS_UNDEF(SK_AS_INSTANCE(src)->base) &&
        SK_IS_UNDEF(sk_ops_lookup(vm, src, vm->names.iter)))
        src = SK_AS_INSTANCE(src)->base;
    if (SK_IS_LIST(src) || SK_IS_TUPLE(src)) {
        size_t n = SK_IS_LIST(src) ? SK_AS_LIST(src)->len : SK_AS_TUPLE(src)->len;
        if (!sk_list_reserve(vm, l, l->len + n)) return false;
        // Re-read after reserve: l may be src (x.extend(x)).
        const SkValue *items = SK_IS_LIST(src) ? SK_AS_LIST(src)->items : SK_AS_TUPLE(src)->items;
        if (n) memmove(l->items + l->len, items, n * sizeof(SkValue));
        l->len += n;
        return true;
    }
    SkValue it = sk_iter(vm, iterable);
    if (SK_IS_ERR(it)) return false;
    for (;;) {
        SkValue v = sk_next(vm, it);
        if (SK_IS_UNDEF(v)) return !sk_has_exc(vm);
        if (!sk_list_append(vm, l, v)) return false;
    }
}

SkList *sk_list_of(SkVM *vm, SkValue iterable) {
    SkList *l = sk_list_new(vm, 0);
    if (!l || !sk_list_extend(vm, l, iterable)) return NULL;
    return l;
}

// --- sorting ---
//
// A stable natural merge sort (timsort's core without galloping): find
// ascending or strictly descending runs (reversing the latter), extend
// short runs to MINRUN by binary insertion, then merge neighbouring runs
// until one is left. Sorted and reverse-sorted input cost one pass.
// Keys and values live in tuples, so the GC sees them (and anything a
// key function or __lt__ removes from the list meanwhile) until the end.
// Lists whose keys are all ints, all floats or all strs compare without
// the generic machinery.

#define MINRUN 32

typedef enum { CMP_GENERIC, CMP_INT, CMP_FLOAT, CMP_STR } CmpKind;

typedef struct Sorter {
    SkVM *vm;
    CmpKind kind;
    SkValue *keys, *vals; // vals NULL when the keys are the values
    SkValue *tmpk, *tmpv; // merge buffers, n items each
} Sorter;

// 1 if a < b, 0 if not, -1 raised. The sort helpers below take the kind
// as a parameter and are always inlined into run_sort's one instance per
// kind, so this switch folds away and int/float/str sorts compare inline.
SK_INLINE int item_less(CmpKind kind, Sorter *s, SkValue a, SkValue b) {
    switch (kind) {
    case CMP_INT: return a.as.i < b.as.i;
    case CMP_FLOAT: return a.as.f < b.as.f;
    case CMP_STR: return sk_str_cmp(SK_AS_STR(a), SK_AS_STR(b)) < 0;
    default: return sk_less(s->vm, a, b);
    }
}

static void reverse_range(SkValue *a, size_t lo, size_t hi) {
    if (!a) return;
    for (size_t i = lo, j = hi - 1; i < j; i++, j--) {
        SkValue t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}

// Sort [lo, hi) by binary insertion; [lo, start) is already sorted.
SK_INLINE bool binsort(CmpKind kind, Sorter *s, size_t lo, size_t hi, size_t start) {
    SkValue *k = s->keys, *v = s->vals;
    for (size_t i = start; i < hi; i++) {
        SkValue pivot = k[i], pv = v ? v[i] : pivot;
        size_t l = lo, r = i;
        while (l < r) { // first position whose key is greater than pivot: stability
            size_t mid = l + (r - l) / 2;
            int lt = item_less(kind, s, pivot, k[mid]);
            if (lt < 0) return false;
            if (lt)
                r = mid;
            else
                l = mid + 1;
        }
        memmove(k + l + 1, k + l, (i - l) * sizeof(SkValue));
        k[l] = pivot;
        if (v) {
            memmove(v + l + 1, v + l, (i - l) * sizeof(SkValue));
            v[l] = pv;
        }
    }
    return true;
}

// End of the run starting at lo; a strictly descending run is reversed.
SK_INLINE bool count_run(CmpKind kind, Sorter *s, size_t lo, size_t hi, size_t *end) {
    size_t n = lo + 1;
    if (n >= hi) {
        *end = hi;
        return true;
    }
    int lt = item_less(kind, s, s->keys[n], s->keys[lo]);
    if (lt < 0) return false;
    n++;
    if (lt) {
        while (n < hi) {
            lt = item_less(kind, s, s->keys[n], s->keys[n - 1]);
            if (lt < 0) return false;
            if (!lt) break;
            n++;
        }
        reverse_range(s->keys, lo, n);
        reverse_range(s->vals, lo, n);
    } else {
        while (n < hi) {
            lt = item_less(kind, s, s->keys[n], s->keys[n - 1]);
            if (lt < 0) return false;
            if (lt) break;
            n++;
        }
    }
    *end = n;
    return true;
}

// Merge the sorted runs [lo, mid) and [mid, hi).
SK_INLINE bool merge_runs(CmpKind kind, Sorter *s, size_t lo, size_t mid, size_t hi) {
    SkValue *k = s->keys, *v = s->vals;
    int lt = item_less(kind, s, k[mid], k[mid - 1]);
    if (lt <= 0) return lt == 0; // already in order across the seam
    size_t nl = mid - lo;
    memcpy(s->tmpk, k + lo, nl * sizeof(SkValue));
    if (v) memcpy(s->tmpv, v + lo, nl * sizeof(SkValue));
    size_t i = 0, j = mid, d = lo;
    while (i < nl && j < hi) {
        // Take from the right only when strictly less: stability.
        lt = item_less(kind, s, k[j], s->tmpk[i]);
        if (lt < 0) {
            // Put the rest of the left run back so no item goes missing.
            memcpy(k + d, s->tmpk + i, (nl - i) * sizeof(SkValue));
            if (v) memcpy(v + d, s->tmpv + i, (nl - i) * sizeof(SkValue));
            return false;
        }
        if (lt) {
            k[d] = k[j];
            if (v) v[d] = v[j];
            j++;
        } else {
            k[d] = s->tmpk[i];
            if (v) v[d] = s->tmpv[i];
            i++;
        }
        d++;
    }
    memcpy(k + d, s->tmpk + i, (nl - i) * sizeof(SkValue));
    if (v) memcpy(v + d, s->tmpv + i, (nl - i) * sizeof(SkValue));
    return true;
}

SK_INLINE bool run_sort_kind(CmpKind kind, Sorter *s, size_t n) {
    size_t *runs = malloc((n / MINRUN + 2) * sizeof(size_t) * 2 + 16);
    if (!runs) {
        sk_raise_nomem(s->vm);
        return false;
    }
    size_t nruns = 0, lo = 0;
    bool ok = true;
    while (ok && lo < n) {
        size_t end;
        ok = count_run(kind, s, lo, n, &end);
        if (ok && end - lo < MINRUN) {
            size_t force = lo + MINRUN < n ? lo + MINRUN : n;
            ok = binsort(kind, s, lo, force, end);
            end = force;
        }
        runs[nruns++] = lo;
        lo = end;
    }
    runs[nruns] = n;
    while (ok && nruns > 1) {
        size_t w = 0;
        for (size_t r = 0; r < nruns; r += 2) {
            if (ok && r + 1 < nruns) ok = merge_runs(kind, s, runs[r], runs[r + 1], runs[r + 2]);
            runs[w++] = runs[r];
        }
        runs[w] = n;
        nruns = w;
    }
    free(runs);
    return ok;
}

static bool run_sort(Sorter *s, size_t n) {
    switch (s->kind) {
    case CMP_INT: return run_sort_kind(CMP_INT, s, n);
    case CMP_FLOAT: return run_sort_kind(CMP_FLOAT, s, n);
    case CMP_STR: return run_sort_kind(CMP_STR, s, n);
    default: return run_sort_kind(CMP_GENERIC, s, n);
    }
}

static CmpKind key_kind(const SkValue *k, size_t n) {
    if (n == 0) return CMP_GENERIC;
    uint8_t tag = k[0].tag;
    if (tag == SK_T_INT || tag == SK_T_FLOAT) {
        for (size_t i = 1; i < n; i++)
            if (k[i].tag != tag) return CMP_GENERIC;
        if (tag == SK_T_FLOAT)
            for (size_t i = 0; i < n; i++)
                if (k[i].as.f != k[i].as.f) return CMP_GENERIC; // nan
        return tag == SK_T_INT ? CMP_INT : CMP_FLOAT;
    }
    for (size_t i = 0; i < n; i++)
        if (!SK_IS_STR(k[i])) return CMP_GENERIC;
    return CMP_STR;
}

bool sk_list_sort(SkVM *vm, SkList *l, SkValue key, bool reverse) {
    size_t n = l->len;
    bool keyed = !SK_IS_NONE(key) && !SK_IS_UNDEF(key);
    if (n < 2 && !keyed) return true;
    SkTuple *vals = sk_tuple_from(vm, l->items, n);
    if (!vals) return false;
    // As in CPython, the list looks empty while it is sorted (a key
    // function sees len 0), and a change to it meanwhile is an error; the
    // list then keeps its items, sorted, without the change.
    l->len = 0;
    bool ok = true;
    SkTuple *keys = vals;
    if (keyed) {
        if (!(keys = sk_tuple_new(vm, n))) ok = false;
        for (size_t i = 0; ok && i < n; i++) {
            SkValue k = sk_call1(vm, key, vals->items[i]);
            if (SK_IS_ERR(k))
                ok = false;
            else
                keys->items[i] = k;
        }
    }
    SkTuple *tmpk = ok ? sk_tuple_new(vm, n) : NULL,
            *tmpv = ok && keyed ? sk_tuple_new(vm, n) : NULL;
    if (ok && (!tmpk || (keyed && !tmpv))) ok = false;
    if (ok) {
        Sorter s = {vm,          key_kind(keys->items, n),  keys->items, keyed ? vals->items : NULL,
                    tmpk->items, keyed ? tmpv->items : NULL};
        // reverse=True keeps equal items in their original order, as CPython:
        // reverse, sort stably, reverse back.
        if (reverse && n) {
            reverse_range(s.keys, 0, n);
            reverse_range(s.vals, 0, n);
        }
        ok = run_sort(&s, n);
        if (ok && reverse && n) {
            reverse_range(s.keys, 0, n);
            reverse_range(s.vals, 0, n);
        }
    }
    bool modified = l->len != 0;
    if (!sk_list_reserve(vm, l, n)) return false;
    if (n) memcpy(l->items, vals->items, n * sizeof(SkValue));
    l->len = n;
    if (ok && modified) {
        sk_raise(vm, vm->exc.ValueError, "list modified during sort");
        return false;
    }
    return ok;
}
