// vm/classes/class.h -- classes and attribute access (vm/classes/class.c): the
// class of a value, lookup along the mro, getattr/setattr/delattr with
// Python's descriptor rules (functions bind, property, staticmethod,
// classmethod, super), and making built-in classes and native methods.
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

// The module name of a class ("builtins" for built-in classes).
SkStr *sk_class_module(SkVM *vm, SkClass *cls);

// object.__getattribute__ (no __getattr__ fallback) and object.__setattr__
// (v SK_UNDEF: object.__delattr__), bypassing Skein-level overrides.
SkValue sk_object_getattribute(SkVM *vm, SkValue obj, SkStr *name) SK_RAISES;
bool sk_object_setattr(SkVM *vm, SkValue obj, SkStr *name, SkValue v) SK_RAISES;
// Recompute SK_CLASS_HAS_GETATTR and friends from the mro.
void sk_class_update_flags(SkVM *vm, SkClass *cls);
// The TypeError of instantiating a class with abstract methods left (SK_CLASS_ABSTRACT).
SkValue sk_class_raise_abstract(SkVM *vm, SkClass *cls) SK_RAISES;

SkClass *sk_class_of(SkVM *vm, SkValue v);
const char *sk_type_name(SkVM *vm, SkValue v); // "int", "MyClass"
// Find name along cls's mro; SK_UNDEF if absent (never raises).
SkValue sk_class_lookup(SkVM *vm, SkClass *cls, SkStr *name);
bool sk_is_subclass(SkClass *sub, SkClass *base);
// callable(v): functions, natives, bound methods, classes, and instances
// whose class has __call__.
bool sk_callable(SkVM *vm, SkValue v);
bool sk_isinstance(SkVM *vm, SkValue v, SkClass *cls);
SkValue sk_getattr(SkVM *vm, SkValue obj, SkStr *name) SK_RAISES; // AttributeError if absent
// As sk_getattr but absent -> SK_UNDEF with no exception (hasattr, getattr default).
SkValue sk_getattr_opt(SkVM *vm, SkValue obj, SkStr *name) SK_RAISES;
bool sk_setattr(SkVM *vm, SkValue obj, SkStr *name, SkValue v) SK_RAISES;
bool sk_delattr(SkVM *vm, SkValue obj, SkStr *name) SK_RAISES;
// Make a built-in class. base may be NULL for object.
SkClass *sk_class_new_builtin(SkVM *vm, const char *name, SkClass *base, SkKind inst_kind);
// Add a C method to a class: name, function, arg bounds (self included).
SkNative *sk_define_method(SkVM *vm, SkClass *cls, const char *name, SkNativeFn fn, int min_args,
                           int max_args, bool takes_kw);
// Add a C function to a namespace dict (builtins, a module's dict).
SkNative *sk_define_native(SkVM *vm, SkDict *ns, const char *name, SkNativeFn fn, int min_args,
                           int max_args, bool takes_kw);
SkNative *sk_native_new(SkVM *vm, const char *name, SkNativeFn fn, int min_args, int max_args,
                        bool takes_kw);

#endif
