// vm/ops/item.h -- subscription, slices, membership and integer indexes of every
// kind of value (vm/ops/item.c).
#ifndef SK_VM_OPS_ITEM_H
#define SK_VM_OPS_ITEM_H
#include "vm/core/state.h"

SkValue sk_getitem(SkVM *vm, SkValue obj, SkValue key) SK_RAISES;
bool sk_setitem(SkVM *vm, SkValue obj, SkValue key, SkValue v) SK_RAISES;
bool sk_delitem(SkVM *vm, SkValue obj, SkValue key) SK_RAISES;

int sk_contains(SkVM *vm, SkValue container, SkValue item) SK_RAISES; // item in container

// Convert an int-like value (int, bool, __index__) to int64 for indexing.
bool sk_index(SkVM *vm, SkValue v, int64_t *out) SK_RAISES;
// Resolve a slice against a sequence of length len (CPython's PySlice_GetIndicesEx).
bool sk_slice_indices(SkVM *vm, SkSlice *s, int64_t len, int64_t *start, int64_t *stop,
                      int64_t *step, int64_t *slicelen) SK_RAISES;
// Normalize a possibly negative index; false + IndexError "<what> index out of range".
bool sk_norm_index(SkVM *vm, int64_t *i, int64_t len, const char *what) SK_RAISES;

SkSlice *sk_slice_new(SkVM *vm, SkValue start, SkValue stop, SkValue step) SK_RAISES;

#endif
