// vm/objects/bytes_methods.h -- the methods of bytes and the str<->bytes codecs shared with
// str.encode and bytes.decode (vm/objects/bytes_methods.c).
#ifndef SK_VM_OBJECTS_BYTES_METHODS_H
#define SK_VM_OBJECTS_BYTES_METHODS_H
#include "vm/core/state.h"

// Encode/decode between str and bytes (vm/objects/bytes_methods.c). encoding/errors
// may be NULL for utf-8/strict.
SkValue sk_lib_encode(SkVM *vm, SkStr *s, SkStr *encoding, SkStr *errors) SK_RAISES;
SkValue sk_lib_decode(SkVM *vm, const uint8_t *data, size_t len, SkStr *encoding,
                      SkStr *errors) SK_RAISES;

void sk_init_bytes_methods(SkVM *vm);

#endif
