// vm/objects/methods.c -- the helpers every vm/objects/*_methods.c file and
// the builtins use (vm/objects/methods.h): the bad-self error, method-table
// and classmethod registration, small tuples, and optional index arguments.
#include "vm/objects/methods.h"
#include "vm/classes/class.h"
#include "vm/classes/error.h"
#include "vm/core/gc.h"
#include "vm/exec/import.h"
#include "vm/objects/dict.h"
#include "vm/objects/tuple.h"
#include "vm/ops/item.h"

SkValue sk_lib_bad_self(SkVM *vm, const char *meth, const char *tname, SkValue self) {
    return sk_raise(vm, vm->exc.TypeError,
                    "descriptor '%s' for '%s' objects doesn't apply to a '%s' object", meth, tname,
                    sk_type_name(vm, self));
}

void sk_lib_define_wrapped(SkVM *vm, SkClass *cls, const char *name, SkNativeFn fn, int min_args,
                           int max_args, bool takes_kw, int kind) {
    SkNative *n = sk_native_new(vm, name, fn, min_args, max_args, takes_kw);
    if (!n) return;
    n->owner = cls;
    SkProperty *p = sk_gc_alloc(vm, SK_PROPERTY, sizeof(SkProperty));
    if (!p) return;
    p->obj.extra = (uint32_t)kind;
    p->fget = sk_obj(n);
    p->fset = p->fdel = p->doc = SK_NONE;
    sk_dict_set_cstr(vm, cls->dict, name, sk_obj(p));
}

SkValue sk_lib_tuple3(SkVM *vm, SkValue a, SkValue b, SkValue c) {
    SkValue items[3] = {a, b, c};
    SkTuple *t = sk_tuple_from(vm, items, 3);
    return t ? sk_obj(t) : SK_ERR;
}

SkValue sk_lib_partition_miss(SkVM *vm, SkValue self, SkValue empty, bool reverse) {
    return reverse ? sk_lib_tuple3(vm, empty, empty, self) : sk_lib_tuple3(vm, self, empty, empty);
}

bool sk_lib_opt_index(SkVM *vm, SkValue v, int64_t *out) {
    if (SK_IS_UNDEF(v) || SK_IS_NONE(v)) return true;
    if (SK_IS_INT(v)) {
        *out = SK_AS_INT(v);
        return true;
    }
    if (!SK_IS_BOOL(v) && SK_IS_OBJ(v) &&
        SK_IS_UNDEF(sk_class_lookup(vm, sk_class_of(vm, v), vm->names.index))) {
        sk_raise(vm, vm->exc.TypeError,
                 "slice indices must be integers or None or have an __index__ method");
        return false;
    }
    return sk_index(vm, v, out);
}

void sk_lib_define_methods(SkVM *vm, SkClass *cls, const SkMethodDef *defs, size_t n) {
    if (!cls) return;
    for (size_t i = 0; i < n; i++)
        sk_define_method(vm, cls, defs[i].name, defs[i].fn, defs[i].min_args, defs[i].max_args,
                         defs[i].kw);
}
