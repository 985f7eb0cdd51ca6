// stdlib/modlib.c -- helpers shared by the built-in modules (see
// stdlib/modlib.h): argument conversion, attribute setters, errno errors.
#include "stdlib/modlib.h"
#include "vm/classes/class.h"
#include "vm/classes/error.h"
#include "vm/exec/call.h"
#include "vm/exec/import.h"
#include "vm/objects/bigint.h"
#include "vm/objects/dict.h"
#include "vm/objects/file.h"
#include "vm/objects/methods.h"
#include "vm/objects/str.h"
#include "vm/ops/item.h"
#include <string.h>

bool sk_mod_to_double(SkVM *vm, SkValue x, double *out) {
    if (SK_IS_FLOAT(x)) {
        *out = SK_AS_FLOAT(x);
        return true;
    }
    if (sk_is_integer(x)) return sk_int_to_double(vm, x, out);
    if (SK_IS_KIND(x, SK_INSTANCE)) {
        SkValue r = sk_call_method(vm, x, vm->names.float_, NULL, 0);
        if (SK_IS_UNDEF(r) && sk_has_exc(vm)) return false;
        if (SK_IS_FLOAT(r)) {
            *out = SK_AS_FLOAT(r);
            return true;
        }
        if (!SK_IS_UNDEF(r))
            return !SK_IS_ERR(sk_raise(vm, vm->exc.TypeError,
                                       "%s.__float__ returned non-float (type %s)",
                                       sk_type_name(vm, x), sk_type_name(vm, r)));
        r = sk_call_method(vm, x, vm->names.index, NULL, 0);
        if (SK_IS_UNDEF(r) && sk_has_exc(vm)) return false;
        if (SK_IS_INT(r)) {
            *out = (double)SK_AS_INT(r);
            return true;
        }
    }
    sk_raise(vm, vm->exc.TypeError, "must be real number, not %T", x);
    return false;
}

SkValue sk_mod_to_intval(SkVM *vm, SkValue x) {
    if (SK_IS_BOOL(x)) return sk_int(SK_AS_INT(x));
    if (sk_is_integer(x)) return x;
    if (SK_IS_KIND(x, SK_INSTANCE)) {
        SkValue p = sk_payload(x);
        if (sk_is_integer(p)) return SK_IS_BOOL(p) ? sk_int(SK_AS_INT(p)) : p;
        SkValue r = sk_call_method(vm, x, vm->names.index, NULL, 0);
        if (sk_is_integer(r)) return SK_IS_BOOL(r) ? sk_int(SK_AS_INT(r)) : r;
        if (SK_IS_UNDEF(r) && sk_has_exc(vm)) return SK_ERR;
        if (!SK_IS_UNDEF(r))
            return sk_raise(vm, vm->exc.TypeError, "__index__ returned non-int (type %T)", r);
    }
    return sk_raise(vm, vm->exc.TypeError, "'%T' object cannot be interpreted as an integer", x);
}

bool sk_mod_to_int(SkVM *vm, SkValue x, int64_t *out) {
    if (SK_IS_INT(x) || SK_IS_BOOL(x)) {
        *out = SK_AS_INT(x);
        return true;
    }
    if (SK_IS_KIND(x, SK_INSTANCE)) return sk_index(vm, x, out);
    sk_raise(vm, vm->exc.TypeError, "'%T' object cannot be interpreted as an integer", x);
    return false;
}

bool sk_mod_set(SkVM *vm, SkModule *m, const char *name, SkValue v) {
    return !SK_IS_ERR(v) && sk_dict_set_cstr(vm, m->dict, name, v);
}

SkValue sk_mod_cstr(SkVM *vm, const char *s) {
    SkStr *r = sk_str_cstr(vm, s);
    return r ? sk_obj(r) : SK_ERR;
}

SkValue sk_mod_raise_errno(SkVM *vm, int err, SkValue filename) {
    return sk_file_raise_errno(vm, err, filename);
}

SkValue sk_mod_call_method(SkVM *vm, SkValue obj, const char *name, SkValue *args, int nargs) {
    SkStr *n = sk_str_intern_cstr(vm, name);
    if (!n) return SK_ERR;
    SkValue f = sk_getattr(vm, obj, n);
    if (SK_IS_ERR(f)) return SK_ERR;
    return sk_call(vm, f, args, nargs, NULL);
}

SkValue sk_mod_lookup(SkVM *vm, const char *module, const char *name) {
    SkStr *mn = sk_str_intern_cstr(vm, module), *k = mn ? sk_str_intern_cstr(vm, name) : NULL;
    SkValue m = k && vm->modules ? sk_dict_get_str(vm->modules, mn) : SK_UNDEF;
    if (!k) sk_clear_exc(vm); // out of memory: not found
    return SK_IS_KIND(m, SK_MODULE) ? sk_dict_get_str(SK_AS_MODULE(m)->dict, k) : SK_UNDEF;
}

SkClass *sk_mod_class(SkVM *vm, const char *module, const char *name) {
    SkValue c = sk_mod_lookup(vm, module, name);
    return SK_IS_KIND(c, SK_CLASS) ? SK_AS_CLASS(c) : NULL;
}
