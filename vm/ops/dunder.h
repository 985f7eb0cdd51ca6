// vm/ops/dunder.h -- helpers shared by the files of the generic
// operations (vm/ops/*.c, vm/objects/iter.c, vm/classes/types.c): finding and
// calling the dunder methods of user classes. Not for use outside the
// objects part of the VM.
#ifndef SK_VM_OPS_DUNDER_H
#define SK_VM_OPS_DUNDER_H
#include "vm/core/state.h"

// True for values whose behaviour comes from a user class's dunders.
SK_INLINE bool sk_ops_is_user(SkValue v) {
    if (!SK_IS_OBJ(v)) return false;
    uint8_t k = v.as.o->kind;
    // A class whose metaclass is not type answers through the metaclass's dunders too.
    return k == SK_INSTANCE || k == SK_EXCEPTION || (k == SK_CLASS && ((SkClass *)v.as.o)->meta);
}

// The built-in payload a user subclass of list/dict/... carries, or SK_UNDEF.
SK_INLINE SkValue sk_ops_payload(SkValue v) {
    if (SK_IS_KIND(v, SK_INSTANCE)) return SK_AS_INSTANCE(v)->base;
    return SK_UNDEF;
}

// The dunder `name` that a user object's class defines, SK_UNDEF if none.
// Natives inherited from object, and natives of the built-in base of an
// instance that carries a payload, count as absent: the generic
// operation then does the built-in thing itself (on the payload).
SkValue sk_ops_lookup(SkVM *vm, SkValue self, SkStr *name);
// Call a method found by sk_ops_lookup with self bound first.
SkValue sk_ops_call(SkVM *vm, SkValue method, SkValue self, SkValue *args, int nargs) SK_RAISES;
// Shorthand: look up and call; SK_UNDEF with no exception when absent.
SkValue sk_ops_dunder(SkVM *vm, SkValue self, SkStr *name, SkValue *args, int nargs) SK_RAISES;

SK_INLINE bool sk_ops_is_notimpl(SkVM *vm, SkValue v) {
    return SK_IS_OBJ(v) && v.as.o == vm->not_implemented.as.o;
}

// CPython's pointer hash (identity hash of objects).
SK_INLINE uint64_t sk_ops_hash_pointer(const void *p) {
    uint64_t y = (uint64_t)(uintptr_t)p;
    y = (y >> 4) | (y << 60);
    if (y == UINT64_MAX) y = UINT64_MAX - 1;
    return y;
}

#endif
