// vm/objects/set.h -- set and frozenset tables with CPython's probing and growth
// (vm/objects/set.c). Their methods are in vm/objects/dict_methods.h.
#ifndef SK_VM_OBJECTS_SET_H
#define SK_VM_OBJECTS_SET_H
#include "vm/core/state.h"

// Sets (CPython-compatible order for int keys).
SkSet *sk_set_new(SkVM *vm, bool frozen) SK_RAISES;
bool sk_set_add(SkVM *vm, SkSet *s, SkValue key) SK_RAISES;
int sk_set_contains(SkVM *vm, SkSet *s, SkValue key) SK_RAISES; // 1, 0, -1 raised
int sk_set_discard(SkVM *vm, SkSet *s, SkValue key) SK_RAISES;  // 1 removed, 0 absent, -1
bool sk_set_next(SkSet *s, size_t *i, SkValue *key);

// More set operations (vm/objects/set.c), each following CPython's setobject.c so
// results iterate in CPython's order. `other` may be any iterable unless
// it says set; results have the frozenness of `frozen`.
bool sk_set_update(SkVM *vm, SkSet *s, SkValue iterable) SK_RAISES;
SkSet *sk_set_copy(SkVM *vm, SkSet *s, bool frozen) SK_RAISES;
void sk_set_clear(SkVM *vm, SkSet *s);
SkValue sk_set_pop(SkVM *vm, SkSet *s) SK_RAISES; // KeyError "pop from an empty set"
SkSet *sk_set_union(SkVM *vm, SkSet *a, SkValue other) SK_RAISES;
SkSet *sk_set_intersection(SkVM *vm, SkSet *a, SkValue other) SK_RAISES;
SkSet *sk_set_difference(SkVM *vm, SkSet *a, SkValue other) SK_RAISES;
SkSet *sk_set_symmetric_difference(SkVM *vm, SkSet *a, SkValue other) SK_RAISES;
bool sk_set_difference_update(SkVM *vm, SkSet *s, SkValue other) SK_RAISES;
bool sk_set_intersection_update(SkVM *vm, SkSet *s, SkValue other) SK_RAISES;
bool sk_set_symmetric_difference_update(SkVM *vm, SkSet *s, SkValue other) SK_RAISES;
int sk_set_issubset(SkVM *vm, SkSet *a, SkSet *b) SK_RAISES; // 1, 0, -1
// Lookup with a precomputed hash (no rehash): 1, 0, -1.
int sk_set_contains_hash(SkVM *vm, SkSet *s, SkValue key, uint64_t hash) SK_RAISES;
bool sk_set_add_hash(SkVM *vm, SkSet *s, SkValue key, uint64_t hash) SK_RAISES;

#endif
