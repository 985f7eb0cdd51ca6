// vm/ops/ops.h -- the operator codes: which binary operator (SkBinOp) or
// comparison (SkCmpOp) a BINARY_OP / COMPARE_OP argument, an int/float
// routine (vm/objects/number.h) or a generic operation (vm/ops/arith.h,
// vm/ops/compare.h) means. The generic operations themselves live in one
// header per file of this folder: arith, compare, item, repr and dunder.
#ifndef SK_VM_OPS_OPS_H
#define SK_VM_OPS_OPS_H
#include "vm/core/state.h"

typedef enum SkBinOp {
    SK_BIN_ADD,
    SK_BIN_SUB,
    SK_BIN_MUL,
    SK_BIN_TRUEDIV,
    SK_BIN_FLOORDIV,
    SK_BIN_MOD,
    SK_BIN_POW,
    SK_BIN_MATMUL,
    SK_BIN_LSHIFT,
    SK_BIN_RSHIFT,
    SK_BIN_AND,
    SK_BIN_OR,
    SK_BIN_XOR,
    SK_BIN_COUNT
} SkBinOp;

typedef enum SkCmpOp { SK_CMP_LT, SK_CMP_LE, SK_CMP_EQ, SK_CMP_NE, SK_CMP_GT, SK_CMP_GE } SkCmpOp;

#endif
