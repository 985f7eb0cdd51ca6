// vm/classes/class_create.h -- making user classes (C3 mro, __set_name__, __init_subclass__) and
// fresh instances of them (vm/classes/class_create.c).
#ifndef SK_VM_CLASSES_CLASS_CREATE_H
#define SK_VM_CLASSES_CLASS_CREATE_H
#include "vm/core/state.h"

// Create a user class from a class body's namespace (C3 mro, __module__,
// __qualname__, __class__ cell filled by the caller). TypeError on bad bases.
SkClass *sk_class_create(SkVM *vm, SkStr *name, SkTuple *bases, SkDict *ns) SK_RAISES;
// The same as type.__new__(meta, name, bases, ns, **kw) does it: meta is the
// new class's class (NULL or type: a plain class), kw (NULL: none) goes to
// the parent's __init_subclass__.
SkClass *sk_class_create_ex(SkVM *vm, SkStr *name, SkTuple *bases, SkDict *ns, SkClass *meta,
                            SkDict *kw) SK_RAISES;
// A fresh, uninitialized instance of a user class (SkInstance, or
// SkException when cls derives from BaseException; payload for list/dict bases).
SkValue sk_instance_new(SkVM *vm, SkClass *cls) SK_RAISES;

#endif
