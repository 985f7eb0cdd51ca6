// vm/classes/class.h -- helpers shared by the runtime's own files: vm/classes/class.c
// (attributes, object and type), vm/descr.c (property, staticmethod,
// classmethod, super), vm/classes/error.c and vm/classes/traceback.c (exceptions). Other
// parts of the VM use vm/core/state.h and vm/classes/error.h instead.
#ifndef SK_VM_CLASSES_CLASS_H
#define SK_VM_CLASSES_CLASS_H
#include "vm/core/state.h"

// A bound method object self.func.
SkValue sk_method_new(SkVM *vm, SkValue self, SkValue func) SK_RAISES;
// The value an attribute found on a class gives when read through an
// instance (functions bind, staticmethod unwraps, property calls fget...).
SkValue sk_descr_get(SkVM *vm, SkValue attr, SkValue obj, SkClass *cls) SK_RAISES;
// super(...).name; SK_UNDEF without exception when absent and opt.
SkValue sk_super_getattr(SkVM *vm, SkSuper *s, SkStr *name, bool opt) SK_RAISES;
// Register the methods of property, staticmethod, classmethod and super
// (vm/descr.c), creating those classes if vm/classes/types.c did not.
void sk_init_descr_methods(SkVM *vm);

// The value of an exception attribute that has no entry in the instance
// dict but a default derived from args (StopIteration.value,
// SystemExit.code, OSError.errno, SyntaxError.msg ...); SK_UNDEF if none.
SkValue sk_exc_default_attr(SkVM *vm, SkException *e, SkStr *name);
// CPython's "Did you mean" for an uncaught AttributeError (from its name
// and obj attributes) or NameError (name, plus the raising frame's names,
// module globals and builtins): the suggested name or NULL (vm/classes/suggest.c).
SkStr *sk_exc_suggestion(SkVM *vm, SkValue exc);
// The module name of a class ("builtins" for built-in classes).
SkStr *sk_class_module(SkVM *vm, SkClass *cls);

// object.__getattribute__ (no __getattr__ fallback) and object.__setattr__
// (v SK_UNDEF: object.__delattr__), bypassing Skein-level overrides.
SkValue sk_object_getattribute(SkVM *vm, SkValue obj, SkStr *name) SK_RAISES;
bool sk_object_setattr(SkVM *vm, SkValue obj, SkStr *name, SkValue v) SK_RAISES;
// Recompute SK_CLASS_HAS_GETATTR and friends from the mro.
void sk_class_update_flags(SkVM *vm, SkClass *cls);

// Register the methods of object and type (vm/classes/class.c). Idempotent; called
// from sk_init_exceptions, which sk_state_new runs after sk_init_types.
void sk_init_class_methods(SkVM *vm);

#endif
