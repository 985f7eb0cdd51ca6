// vm/objects/list.h -- list and tuple objects.
#ifndef SK_VM_OBJECTS_LIST_H
#define SK_VM_OBJECTS_LIST_H
#include "vm/core/state.h"

SkList *sk_list_new(SkVM *vm, size_t cap) SK_RAISES;
SkList *sk_list_from(SkVM *vm, const SkValue *items, size_t n) SK_RAISES;
bool sk_list_append(SkVM *vm, SkList *l, SkValue v) SK_RAISES;
bool sk_list_insert(SkVM *vm, SkList *l, int64_t i, SkValue v) SK_RAISES;
bool sk_list_extend(SkVM *vm, SkList *l, SkValue iterable) SK_RAISES; // any iterable
bool sk_list_reserve(SkVM *vm, SkList *l, size_t cap) SK_RAISES;
// list(iterable)
SkList *sk_list_of(SkVM *vm, SkValue iterable) SK_RAISES;
// Stable sort; key/reverse as list.sort. key may be SK_NONE.
bool sk_list_sort(SkVM *vm, SkList *l, SkValue key, bool reverse) SK_RAISES;

#endif
