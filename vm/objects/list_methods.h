// vm/objects/list_methods.h -- the methods of list and tuple (vm/objects/list_methods.c).
#ifndef SK_VM_OBJECTS_LIST_METHODS_H
#define SK_VM_OBJECTS_LIST_METHODS_H
#include "vm/core/state.h"

void sk_init_list_methods(SkVM *vm);
void sk_init_tuple_methods(SkVM *vm);

#endif
