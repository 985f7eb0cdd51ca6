// vm/objects/module.h -- module objects and the globals of the running frame
// (vm/objects/module.c).
#ifndef SK_VM_OBJECTS_MODULE_H
#define SK_VM_OBJECTS_MODULE_H
#include "vm/core/state.h"

SkModule *sk_module_new(SkVM *vm, SkStr *name) SK_RAISES;
// The globals of the innermost running Skein frame (globals(), vars()), or NULL.
SkDict *sk_current_globals(SkVM *vm);

#endif
