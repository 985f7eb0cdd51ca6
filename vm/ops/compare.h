// vm/ops/compare.h -- truth, length, hashing, equality and ordering of every kind of
// value (vm/ops/compare.c).
#ifndef SK_VM_OPS_COMPARE_H
#define SK_VM_OPS_COMPARE_H
#include "vm/core/state.h"
#include "vm/ops/ops.h"

// 1 true, 0 false, -1 raised.
int sk_truthy(SkVM *vm, SkValue v) SK_RAISES;
// hash(v): false with TypeError "unhashable type: 'list'".
bool sk_hash(SkVM *vm, SkValue v, uint64_t *out) SK_RAISES;
// a == b: 1, 0, or -1 raised. Identity implies equality (as CPython's containers assume).
int sk_eq(SkVM *vm, SkValue a, SkValue b) SK_RAISES;
// Rich comparison with NotImplemented/reflection; returns the result value (usually a bool).
SkValue sk_compare(SkVM *vm, SkCmpOp op, SkValue a, SkValue b) SK_RAISES;
// The rest of sk_compare once a user a's own dunder (run as a frame by the
// VM) gave NotImplemented: b's reflected dunder, payloads, then identity.
// Only valid when b's class is not a proper subclass of a's.
SkValue sk_compare_after_left(SkVM *vm, SkCmpOp op, SkValue a, SkValue b) SK_RAISES;
// The dunder of op (__lt__ for SK_CMP_LT, ...).
SkStr *sk_compare_dunder(SkVM *vm, SkCmpOp op);
// a < b as a C truth value: 1, 0, -1 raised (used by sort, min, max).
int sk_less(SkVM *vm, SkValue a, SkValue b) SK_RAISES;

// len(v): false with TypeError "object of type 'int' has no len()".
bool sk_len(SkVM *vm, SkValue v, int64_t *out) SK_RAISES;

#endif
