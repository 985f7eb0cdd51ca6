// vm/ops/arith.h -- binary and unary operators on every kind of value, falling back
// to the dunders of user classes (vm/ops/arith.c).
#ifndef SK_VM_OPS_ARITH_H
#define SK_VM_OPS_ARITH_H
#include "vm/core/state.h"
#include "vm/ops/ops.h"

// Binary operators; inplace selects __iadd__ etc. and list +=.
SkValue sk_binary(SkVM *vm, SkBinOp op, SkValue a, SkValue b, bool inplace) SK_RAISES;
// The dunder of op: which 0 (__add__), 1 (__radd__) or 2 (__iadd__).
SkStr *sk_binary_dunder(SkVM *vm, SkBinOp op, int which);
// sk_binary once a's own method for op gave NotImplemented (the loop ran
// it as a frame): the reflected method and the rest of the rules.
SkValue sk_binary_after_left(SkVM *vm, SkBinOp op, SkValue a, SkValue b, bool inplace) SK_RAISES;
SkValue sk_neg(SkVM *vm, SkValue a) SK_RAISES;
SkValue sk_pos(SkVM *vm, SkValue a) SK_RAISES;
SkValue sk_invert(SkVM *vm, SkValue a) SK_RAISES;

#endif
