// vm/objects/range.h -- range objects (vm/objects/range.c): creation, length,
// indexing, membership, equality, hash and repr for the generic ops, the
// iterators and the builtins.
#ifndef SK_VM_OBJECTS_RANGE_H
#define SK_VM_OBJECTS_RANGE_H
#include "vm/core/state.h"

// len(r): false + OverflowError when it does not fit in 64 bits.
bool sk_range_length(SkVM *vm, SkRange *r, int64_t *out) SK_RAISES;
// r[key] for an int-like key or a slice (slices give a range).
SkValue sk_range_getitem(SkVM *vm, SkRange *r, SkValue key) SK_RAISES;
bool sk_range_contains_int(SkRange *r, int64_t v);
bool sk_range_eq(SkRange *a, SkRange *b);
uint64_t sk_range_hash(SkVM *vm, SkRange *r);
SkStr *sk_range_repr(SkVM *vm, SkRange *r) SK_RAISES;
// count/index and the start/stop/step properties (types.c calls it).
void sk_init_range_methods(SkVM *vm);

SkRange *sk_range_new(SkVM *vm, int64_t start, int64_t stop, int64_t step) SK_RAISES;

#endif
