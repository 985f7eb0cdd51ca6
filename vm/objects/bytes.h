// vm/objects/bytes.h -- bytes objects: creation, concatenation, hash and repr
// (vm/objects/bytes.c). Methods are in vm/objects/bytes_methods.h.
#ifndef SK_VM_OBJECTS_BYTES_H
#define SK_VM_OBJECTS_BYTES_H
#include "vm/core/state.h"

// bytes
SkBytes *sk_bytes_new(SkVM *vm, const uint8_t *data, size_t len) SK_RAISES;
SkStr *sk_bytes_repr(SkVM *vm, SkBytes *b) SK_RAISES;

// bytes + bytes, bytes * n and slicing (vm/objects/bytes.c).
SkBytes *sk_bytes_concat(SkVM *vm, SkBytes *a, SkBytes *b) SK_RAISES;
uint64_t sk_bytes_hash(SkBytes *b);

#endif
