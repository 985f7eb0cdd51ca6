// vm/classes/types.h -- creating the built-in classes of vm->t at start-up and registering
// each type's methods (vm/classes/types.c).
#ifndef SK_VM_CLASSES_TYPES_H
#define SK_VM_CLASSES_TYPES_H
#include "vm/core/state.h"

// Create the built-in classes (vm->t) and their methods (vm/classes/types.c).
void sk_init_types(SkVM *vm);

#endif
