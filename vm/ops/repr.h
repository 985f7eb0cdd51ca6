// vm/ops/repr.h -- repr() and str() of every kind of value, worded as CPython 3.11
// prints them (vm/ops/repr.c).
#ifndef SK_VM_OPS_REPR_H
#define SK_VM_OPS_REPR_H
#include "vm/core/state.h"

// object.__repr__: "<__main__.C object at 0x...>" (vm/ops/repr.c).
SkStr *sk_repr_default(SkVM *vm, SkValue v) SK_RAISES;

SkStr *sk_repr(SkVM *vm, SkValue v) SK_RAISES;   // repr(v)
SkStr *sk_str_of(SkVM *vm, SkValue v) SK_RAISES; // str(v)

#endif
