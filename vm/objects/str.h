// vm/objects/str.h -- str objects: creation, interning, UTF-8 helpers, and the
// printf-like formatter used for error messages. Methods (split, join,
// ...) are registered by sk_init_str_methods (vm/objects/str_methods.c).
#ifndef SK_VM_OBJECTS_STR_H
#define SK_VM_OBJECTS_STR_H
#include "vm/core/state.h"
#include <stdarg.h>

// New string from UTF-8 bytes (must be valid UTF-8; copied). NULL + MemoryError on failure.
SkStr *sk_str_new(SkVM *vm, const char *s, size_t len) SK_RAISES;
SkStr *sk_str_cstr(SkVM *vm, const char *s) SK_RAISES;
// s * count (the caller checked that the length cannot overflow).
SkStr *sk_str_repeat(SkVM *vm, SkStr *s, size_t count) SK_RAISES;
// The interned (unique) string with these bytes.
SkStr *sk_str_intern(SkVM *vm, const char *s, size_t len) SK_RAISES;
SkStr *sk_str_intern_cstr(SkVM *vm, const char *s) SK_RAISES;
SkStr *sk_str_intern_str(SkVM *vm, SkStr *s) SK_RAISES;
// Formatted string; see vm/classes/error.h for the directives (%R %S %T %N).
SkStr *sk_str_format(SkVM *vm, const char *fmt, ...) SK_RAISES;
SkStr *sk_str_vformat(SkVM *vm, const char *fmt, va_list ap) SK_RAISES;
SkStr *sk_str_concat(SkVM *vm, SkStr *a, SkStr *b) SK_RAISES;
uint64_t sk_str_hash(SkStr *s);
bool sk_str_eq(SkStr *a, SkStr *b);
int sk_str_cmp(SkStr *a, SkStr *b); // <0, 0, >0 by code point
// Byte offset of code point index i (0 <= i <= nchars).
size_t sk_str_offset(SkStr *s, size_t i);
// Code point at byte offset *pos, advancing *pos.
uint32_t sk_utf8_decode(const char *s, size_t len, size_t *pos);
// Encode cp into buf (4 bytes); returns the byte count.
int sk_utf8_encode(uint32_t cp, char *buf);
// True if s[0..len) is valid UTF-8; counts code points into *nchars.
bool sk_utf8_valid(const char *s, size_t len, size_t *nchars);
// The one-character string for code point cp.
SkStr *sk_str_from_codepoint(SkVM *vm, uint32_t cp) SK_RAISES;
// s[start:stop:step] by code point (indexes already clamped).
SkStr *sk_str_slice(SkVM *vm, SkStr *s, int64_t start, int64_t stop, int64_t step) SK_RAISES;

// A growable byte buffer for building strings in C.
typedef struct SkBuf {
    char *data;
    size_t len, cap;
} SkBuf;
void sk_buf_init(SkBuf *b);
bool sk_buf_append(SkVM *vm, SkBuf *b, const char *s, size_t len) SK_RAISES;
bool sk_buf_appendc(SkVM *vm, SkBuf *b, char c) SK_RAISES;
bool sk_buf_appendf(SkVM *vm, SkBuf *b, const char *fmt, ...) SK_RAISES;
SkStr *sk_buf_finish(SkVM *vm, SkBuf *b) SK_RAISES; // makes the str and frees the buffer
void sk_buf_free(SkBuf *b);

// Python-style repr of a str: quotes and escapes as CPython chooses them.
SkStr *sk_str_repr(SkVM *vm, SkStr *s) SK_RAISES;

// GC hook (vm/objects/str.c): drop interned strings that the mark phase did not
// reach. Call after marking, before the sweep frees them.
void sk_str_sweep_interned(SkVM *vm);

#endif
