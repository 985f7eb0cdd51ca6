// vm/objects/str_methods.h -- the methods of str, and the search, splitlines and ascii()
// helpers bytes and the builtins share (vm/objects/str_methods.c).
#ifndef SK_VM_OBJECTS_STR_METHODS_H
#define SK_VM_OBJECTS_STR_METHODS_H
#include "vm/core/state.h"

// Search hay[from, to) for nd[0, nlen): offset of the first (rev: last)
// match, or -1. str searches its UTF-8 bytes with it too (vm/objects/str_methods.c).
int64_t sk_lib_find(const void *hay, size_t from, size_t to, const void *nd, size_t nlen, bool rev);
// The keepends argument of str/bytes.splitlines(self, keepends=False) in a
// native call's args: 0 or 1, or -1 when it raised (vm/objects/str_methods.c).
int sk_lib_keepends(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames) SK_RAISES;
// ascii(v): repr with non-ASCII escaped (vm/objects/str_methods.c).
SkStr *sk_lib_ascii(SkVM *vm, SkValue v) SK_RAISES;

void sk_init_str_methods(SkVM *vm);

#endif
