// vm/objects/format.h -- format(v, spec), `str % args` and str.format
// (vm/objects/format.c).
#ifndef SK_VM_OBJECTS_FORMAT_H
#define SK_VM_OBJECTS_FORMAT_H
#include "vm/core/state.h"

// str.format and format_map with a positional tuple and a mapping (vm/objects/format.c).
SkStr *sk_lib_str_format(SkVM *vm, SkStr *fmt, SkValue *args, int nargs, SkValue mapping,
                         SkDict *kwargs) SK_RAISES;

// fmt % args: printf-style formatting of str (vm/objects/format.c).
SkValue sk_str_mod(SkVM *vm, SkStr *fmt, SkValue args) SK_RAISES;
// fmt % args for bytes: %s and %b take bytes-like values, %r/%a ascii().
SkValue sk_bytes_mod(SkVM *vm, SkBytes *fmt, SkValue args) SK_RAISES;

// format(v, spec) per the format-spec mini-language (vm/objects/format.c).
SkStr *sk_format(SkVM *vm, SkValue v, SkStr *spec) SK_RAISES;

#endif
