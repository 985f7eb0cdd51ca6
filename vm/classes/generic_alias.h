// vm/classes/generic_alias.h -- types.GenericAlias (list[int]) and
// types.UnionType (int | None), the values of type annotations
// (vm/classes/generic_alias.c).
#ifndef SK_VM_CLASSES_GENERIC_ALIAS_H
#define SK_VM_CLASSES_GENERIC_ALIAS_H
#include "vm/core/state.h"

// origin[key]: a GenericAlias whose __args__ is key (a tuple) or (key,).
SkValue sk_generic_alias_new(SkVM *vm, SkValue origin, SkValue key) SK_RAISES;
// a | b for types, None, aliases and unions: a UnionType (or the one type
// when both are the same); NotImplemented for other operands.
SkValue sk_union_or(SkVM *vm, SkValue a, SkValue b) SK_RAISES;
// The members of a UnionType (for isinstance); false when v is none.
bool sk_union_args(SkVM *vm, SkValue v, SkTuple **args);
// Methods of both classes, and __class_getitem__ of list, dict, tuple, ...
void sk_init_generic_alias(SkVM *vm);

#endif
