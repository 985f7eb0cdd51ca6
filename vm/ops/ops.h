// vm/ops/ops.h -- the generic operations on values that the dispatch loop and
// the builtins share: truth, hashing, equality, ordering, repr/str,
// arithmetic, items, length, membership and iteration. Each handles the
// built-in types directly and falls back to the dunder methods of user
// classes (calling them through sk_call).
//
// The dispatch loop inlines the int/float fast paths and calls these for
// everything else.
#ifndef SK_VM_OPS_OPS_H
#define SK_VM_OPS_OPS_H
#include "vm/core/state.h"

typedef enum SkBinOp {
    SK_BIN_ADD, SK_BIN_SUB, SK_BIN_MUL, SK_BIN_TRUEDIV, SK_BIN_FLOORDIV, SK_BIN_MOD,
    SK_BIN_POW, SK_BIN_MATMUL, SK_BIN_LSHIFT, SK_BIN_RSHIFT, SK_BIN_AND, SK_BIN_OR,
    SK_BIN_XOR, SK_BIN_COUNT
} SkBinOp;

typedef enum SkCmpOp { SK_CMP_LT, SK_CMP_LE, SK_CMP_EQ, SK_CMP_NE, SK_CMP_GT, SK_CMP_GE } SkCmpOp;

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
// a < b as a C truth value: 1, 0, -1 raised (used by sort, min, max).
int sk_less(SkVM *vm, SkValue a, SkValue b) SK_RAISES;

SkStr *sk_repr(SkVM *vm, SkValue v) SK_RAISES; // repr(v)
SkStr *sk_to_str(SkVM *vm, SkValue v) SK_RAISES; // str(v)
// format(v, spec) per the format-spec mini-language (vm/objects/format.c).
SkStr *sk_format(SkVM *vm, SkValue v, SkStr *spec) SK_RAISES;

// Binary operators; inplace selects __iadd__ etc. and list +=.
SkValue sk_binary(SkVM *vm, SkBinOp op, SkValue a, SkValue b, bool inplace) SK_RAISES;
SkValue sk_neg(SkVM *vm, SkValue a) SK_RAISES;
SkValue sk_pos(SkVM *vm, SkValue a) SK_RAISES;
SkValue sk_invert(SkVM *vm, SkValue a) SK_RAISES;

SkValue sk_getitem(SkVM *vm, SkValue obj, SkValue key) SK_RAISES;
bool sk_setitem(SkVM *vm, SkValue obj, SkValue key, SkValue v) SK_RAISES;
bool sk_delitem(SkVM *vm, SkValue obj, SkValue key) SK_RAISES;
// len(v): false with TypeError "object of type 'int' has no len()".
bool sk_len(SkVM *vm, SkValue v, int64_t *out) SK_RAISES;
int sk_contains(SkVM *vm, SkValue container, SkValue item) SK_RAISES; // item in container

// iter(v) -> an iterator, or SK_ERR ("'int' object is not iterable").
SkValue sk_iter(SkVM *vm, SkValue v) SK_RAISES;
// next(it): the next value; SK_UNDEF with no exception pending when
// exhausted; SK_ERR (== SK_UNDEF) with an exception pending on error.
SkValue sk_next(SkVM *vm, SkValue it) SK_RAISES;

// Convert an int-like value (int, bool, __index__) to int64 for indexing.
bool sk_index(SkVM *vm, SkValue v, int64_t *out) SK_RAISES;
// Resolve a slice against a sequence of length len (CPython's PySlice_GetIndicesEx).
bool sk_slice_indices(SkVM *vm, SkSlice *s, int64_t len, int64_t *start, int64_t *stop,
                      int64_t *step, int64_t *slicelen) SK_RAISES;
// Normalize a possibly negative index; false + IndexError "<what> index out of range".
bool sk_norm_index(SkVM *vm, int64_t *i, int64_t len, const char *what) SK_RAISES;

SkRange *sk_range_new(SkVM *vm, int64_t start, int64_t stop, int64_t step) SK_RAISES;
SkSlice *sk_slice_new(SkVM *vm, SkValue start, SkValue stop, SkValue step) SK_RAISES;
SkIter *sk_iter_new(SkVM *vm, SkIterKind kind, SkClass *cls, SkValue src) SK_RAISES;

// Create the built-in classes (vm->t) and their methods (vm/classes/types.c).
void sk_init_types(SkVM *vm);

#endif
