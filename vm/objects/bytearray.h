// vm/objects/bytearray.h -- bytearray, mutable bytes (vm/objects/bytearray.c),
// and the bytes-like helpers bytes and bytearray share.
#ifndef SK_VM_OBJECTS_BYTEARRAY_H
#define SK_VM_OBJECTS_BYTEARRAY_H
#include "vm/core/state.h"

SkByteArray *sk_bytearray_new(SkVM *vm, const uint8_t *data, size_t len) SK_RAISES;
bool sk_bytearray_reserve(SkVM *vm, SkByteArray *b, size_t need) SK_RAISES;
// bytearray(...): the construct hook of the class.
SkValue sk_bytearray_construct(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames) SK_RAISES;
SkStr *sk_bytearray_repr(SkVM *vm, SkByteArray *b) SK_RAISES;
SkValue sk_bytearray_getitem(SkVM *vm, SkByteArray *b, SkValue key) SK_RAISES;
// b[key] = v, or del b[key] when v is SK_UNDEF.
bool sk_bytearray_setitem(SkVM *vm, SkByteArray *b, SkValue key, SkValue v) SK_RAISES;
int sk_bytearray_contains(SkVM *vm, SkByteArray *b, SkValue item) SK_RAISES;
// a + b where either is a bytearray and both are bytes-like (in place: a += b);
// SK_UNDEF (no exception) when one is not bytes-like.
SkValue sk_bytearray_concat(SkVM *vm, SkValue a, SkValue b, bool inplace) SK_RAISES;
SkValue sk_bytearray_repeat(SkVM *vm, SkByteArray *b, int64_t count, bool inplace) SK_RAISES;

// The contents of a bytes or bytearray value; false for anything else.
bool sk_bytes_like(SkValue v, const uint8_t **data, size_t *len);
// memcmp order of two byte strings: -1, 0 or 1.
int sk_bytes_like_compare(const uint8_t *a, size_t na, const uint8_t *b, size_t nb);
void sk_init_bytearray_methods(SkVM *vm);

#endif
