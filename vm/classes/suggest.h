// vm/classes/suggest.h -- the "Did you mean: 'x'?" hint of an uncaught NameError or
// AttributeError (vm/classes/suggest.c).
#ifndef SK_VM_CLASSES_SUGGEST_H
#define SK_VM_CLASSES_SUGGEST_H
#include "vm/core/state.h"

// CPython's "Did you mean" for an uncaught AttributeError (from its name
// and obj attributes) or NameError (name, plus the raising frame's names,
// module globals and builtins): the suggested name or NULL (vm/classes/suggest.c).
SkStr *sk_exc_suggestion(SkVM *vm, SkValue exc);

#endif
