// vm/objects/tuple.c -- tuple objects: fixed-size arrays of SkValue allocated
// inline with the header. Hashing (CPython's xxHash-based tuplehash)
// lives in vm/ops/compare.c with the other hashes; methods in
// vm/objects/list_methods.c.
#include "vm/objects/tuple.h"
#include "vm/classes/error.h"
#include "vm/core/gc.h"
#include "vm/objects/list.h"

SkTuple *sk_tuple_new(SkVM *vm, size_t n) {
    if (n > (SIZE_MAX - sizeof(SkTuple)) / sizeof(SkValue)) {
        sk_raise_nomem(vm);
        return NULL;
    }
    SkTuple *t = sk_gc_alloc(vm, SK_TUPLE, sizeof(SkTuple) + n * sizeof(SkValue));
    if (!t) return NULL;
    t->len = n;
    for (size_t i = 0; i < n; i++) t->items[i] = SK_NONE;
    return t;
}

SkTuple *sk_tuple_from(SkVM *vm, const SkValue *items, size_t n) {
    SkTuple *t = sk_gc_alloc(vm, SK_TUPLE, sizeof(SkTuple) + n * sizeof(SkValue));
    if (!t) return NULL;
    t->len = n;
    if (n) memcpy(t->items, items, n * sizeof(SkValue));
    return t;
}

SkTuple *sk_tuple_of(SkVM *vm, SkValue iterable) {
    if (SK_IS_TUPLE(iterable)) return SK_AS_TUPLE(iterable);
    if (SK_IS_LIST(iterable))
        return sk_tuple_from(vm, SK_AS_LIST(iterable)->items, SK_AS_LIST(iterable)->len);
    SkList *l = sk_list_of(vm, iterable);
    if (!l) return NULL;
    return sk_tuple_from(vm, l->items, l->len);
}

SkTuple *sk_tuple_pair(SkVM *vm, SkValue a, SkValue b) {
    SkTuple *t = sk_gc_alloc(vm, SK_TUPLE, sizeof(SkTuple) + 2 * sizeof(SkValue));
    if (!t) return NULL;
    t->len = 2;
    t->items[0] = a;
    t->items[1] = b;
    return t;
}
