// vm/objects/number_methods.h -- the methods of int, bool and float
// (vm/objects/number_methods.c).
#ifndef SK_VM_OBJECTS_NUMBER_METHODS_H
#define SK_VM_OBJECTS_NUMBER_METHODS_H
#include "vm/core/state.h"

// int/float methods: bit_length, is_integer, __add__ ... (vm/objects/number_methods.c).
void sk_init_number_methods(SkVM *vm);

#endif
