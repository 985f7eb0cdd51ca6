// vm/classes/class_object.h -- the methods of `object` and `type`, installed at start-up
// (vm/classes/class_object.c).
#ifndef SK_VM_CLASSES_CLASS_OBJECT_H
#define SK_VM_CLASSES_CLASS_OBJECT_H
#include "vm/core/state.h"

// Register the methods of object and type (vm/classes/class.c). Idempotent; called
// from sk_init_exceptions, which sk_state_new runs after sk_init_types.
void sk_init_class_methods(SkVM *vm);

#endif
