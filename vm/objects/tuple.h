// vm/objects/tuple.h -- tuple objects: fixed-size arrays of values allocated with their
// header (vm/objects/tuple.c).
#ifndef SK_VM_OBJECTS_TUPLE_H
#define SK_VM_OBJECTS_TUPLE_H
#include "vm/core/state.h"

// Tuples: items start as None.
SkTuple *sk_tuple_new(SkVM *vm, size_t n) SK_RAISES;
SkTuple *sk_tuple_from(SkVM *vm, const SkValue *items, size_t n) SK_RAISES;
SkTuple *sk_tuple_of(SkVM *vm, SkValue iterable) SK_RAISES; // tuple(iterable)
SkTuple *sk_tuple_pair(SkVM *vm, SkValue a, SkValue b) SK_RAISES;

#endif
