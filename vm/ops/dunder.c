// vm/ops/dunder.c -- finding and calling the dunder methods of user classes
// for the generic operations (vm/ops/dunder.h): a native inherited from
// object, or from the built-in base whose payload an instance carries,
// counts as absent so the operation does the built-in thing itself.
#include "vm/ops/dunder.h"
#include "vm/classes/class.h"
#include "vm/classes/error.h"
#include "vm/exec/call.h"

SkValue sk_ops_lookup(SkVM *vm, SkValue self, SkStr *name) {
    SkClass *cls = sk_class_of(vm, self);
    SkValue m = sk_class_lookup(vm, cls, name);
    if (SK_IS_KIND(m, SK_NATIVE)) {
        SkNative *n = SK_AS_NATIVE(m);
        if (n->owner == vm->t.object) return SK_UNDEF;
        if (!SK_IS_UNDEF(sk_ops_payload(self))) return SK_UNDEF;
    }
    return m;
}

SkValue sk_ops_call(SkVM *vm, SkValue m, SkValue self, SkValue *args, int nargs) {
    SkValue argv[8];
    if (nargs > 6) return sk_raise(vm, vm->exc.SystemError, "too many arguments to a dunder");
    int first = 1;
    if (SK_IS_KIND(m, SK_PROPERTY)) {
        SkProperty *p = (SkProperty *)SK_AS_OBJ(m);
        if (p->obj.extra == 0) { // a property: fetch the callable, then call it
            SkValue f = sk_call1(vm, p->fget, self);
            if (SK_IS_ERR(f)) return SK_ERR;
            return sk_invoke(vm, f, args, nargs, NULL);
        }
        m = p->fget;
        if (p->obj.extra == 1)
            first = 0; // staticmethod: no self
        else
            self = sk_obj(sk_class_of(vm, self)); // classmethod: the class
    }
    argv[0] = self;
    for (int i = 0; i < nargs; i++) argv[i + first] = args[i];
    return sk_invoke(vm, m, argv, nargs + first, NULL);
}

SkValue sk_ops_dunder(SkVM *vm, SkValue self, SkStr *name, SkValue *args, int nargs) {
    SkValue m = sk_ops_lookup(vm, self, name);
    if (SK_IS_UNDEF(m)) return SK_UNDEF;
    return sk_ops_call(vm, m, self, args, nargs);
}
