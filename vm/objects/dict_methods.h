// vm/objects/dict_methods.h -- the methods of dict, set and frozenset, and the dict-update
// helper the builtins share (vm/objects/dict_methods.c).
#ifndef SK_VM_OBJECTS_DICT_METHODS_H
#define SK_VM_OBJECTS_DICT_METHODS_H
#include "vm/core/state.h"

void sk_init_dict_methods(SkVM *vm);

void sk_init_set_methods(SkVM *vm);

// Dict update from a mapping or an iterable of pairs, CPython's messages
// (vm/objects/dict_methods.c).
bool sk_lib_dict_merge(SkVM *vm, SkDict *d, SkValue other) SK_RAISES;

#endif
