// stdlib/modlib.c -- helpers shared by the built-in modules (see
// stdlib/modlib.h): argument conversion, attribute setters, errno errors.
#include "stdlib/modlib.h"
#include "vm/classes/class.h"
#include "vm/classes/class_create.h"
#include "vm/classes/error.h"
#include "vm/exec/call.h"
#include "vm/exec/import.h"
#include "vm/objects/bigint.h"
#include "vm/objects/dict.h"
#include "vm/objects/file.h"
#include "vm/objects/methods.h"
#include "vm/objects/str.h"
#include "vm/objects/tuple.h"
#include "vm/ops/compare.h"
#include "vm/ops/item.h"
#include "vm/ops/repr.h"
#include <string.h>

bool sk_mod_to_double(SkVM *vm, SkValue x, double *out) {
    if (SK_IS_FLOAT(x)) {
        *out = SK_AS_FLOAT(x);
        return true;
    }
    if (sk_is_integer(x)) return sk_int_to_double(vm, x, out);
    if (SK_IS_KIND(x, SK_INSTANCE)) {
        SkValue r = sk_invoke_method(vm, x, vm->names.float_, NULL, 0);
        if (SK_IS_UNDEF(r) && sk_has_exc(vm)) return false;
        if (SK_IS_FLOAT(r)) {
            *out = SK_AS_FLOAT(r);
            return true;
        }
        if (!SK_IS_UNDEF(r))
            return !SK_IS_ERR(sk_raise(vm, vm->exc.TypeError,
                                       "%s.__float__ returned non-float (type %s)",
                                       sk_type_name(vm, x), sk_type_name(vm, r)));
        r = sk_invoke_method(vm, x, vm->names.index, NULL, 0);
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
        SkValue r = sk_invoke_method(vm, x, vm->names.index, NULL, 0);
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
    return sk_invoke(vm, f, args, nargs, NULL);
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

// --- struct sequences (sys.version_info, os.stat_result, ...) ---

// The field names, kept in the class as __match_args__ (as CPython's).
static SkTuple *seq_fields(SkVM *vm, SkValue self) {
    SkStr *k = sk_str_intern_cstr(vm, "__match_args__");
    SkValue f = k ? sk_class_lookup(vm, sk_class_of(vm, self), k) : SK_UNDEF;
    return SK_IS_TUPLE(f) ? SK_AS_TUPLE(f) : NULL;
}

static SkValue seq_getattr(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkTuple *f = seq_fields(vm, args[0]);
    SkValue p = sk_payload(args[0]);
    for (size_t i = 0; f && SK_IS_TUPLE(p) && i < f->len && i < SK_AS_TUPLE(p)->len; i++)
        if (sk_identical(f->items[i], args[1])) return SK_AS_TUPLE(p)->items[i];
    return sk_raise(vm, vm->exc.AttributeError, "'%T' object has no attribute %R", args[0],
                    args[1]);
}

static SkValue seq_repr(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkTuple *f = seq_fields(vm, args[0]);
    SkValue p = sk_payload(args[0]);
    SkClass *cls = sk_class_of(vm, args[0]);
    SkStr *mod = sk_class_module(vm, cls);
    if (!f || !SK_IS_TUPLE(p)) return sk_raise(vm, vm->exc.TypeError, "bad struct sequence");
    SkBuf b;
    sk_buf_init(&b);
    bool ok = sk_buf_appendf(vm, &b, "%s.%s(", mod ? mod->data : "", cls->name->data);
    for (size_t i = 0; ok && i < f->len && i < SK_AS_TUPLE(p)->len; i++) {
        SkStr *r = sk_repr(vm, SK_AS_TUPLE(p)->items[i]);
        ok = r && sk_buf_appendf(vm, &b, "%s%s=%s", i ? ", " : "", SK_AS_STR(f->items[i])->data,
                                 r->data);
    }
    if (!ok || !sk_buf_appendc(vm, &b, ')')) {
        sk_buf_free(&b);
        return SK_ERR;
    }
    SkStr *r = sk_buf_finish(vm, &b);
    return r ? sk_obj(r) : SK_ERR;
}

SkClass *sk_mod_structseq(SkVM *vm, const char *module, const char *name, const char *const *fields,
                          int n) {
    SkClass *c = sk_class_new_builtin(vm, name, vm->t.tuple, SK_INSTANCE);
    SkStr *mod = sk_str_intern_cstr(vm, module);
    SkTuple *names = sk_tuple_new(vm, (size_t)n);
    if (!c || !mod || !names || !sk_dict_set_str(vm, c->dict, vm->names.module, sk_obj(mod)))
        return NULL;
    for (int i = 0; i < n; i++) {
        SkStr *s = sk_str_intern_cstr(vm, fields[i]);
        if (!s) return NULL;
        names->items[i] = sk_obj(s);
    }
    if (!sk_dict_set_cstr(vm, c->dict, "__match_args__", sk_obj(names)) ||
        !sk_dict_set_cstr(vm, c->dict, "n_fields", sk_int(n)) ||
        !sk_dict_set_cstr(vm, c->dict, "n_sequence_fields", sk_int(n)) ||
        !sk_dict_set_cstr(vm, c->dict, "n_unnamed_fields", sk_int(0)) ||
        !sk_define_method(vm, c, "__getattr__", seq_getattr, 2, 2, false) ||
        !sk_define_method(vm, c, "__repr__", seq_repr, 1, 1, false))
        return NULL;
    sk_class_update_flags(vm, c);
    return c;
}

SkValue sk_mod_structseq_new(SkVM *vm, SkClass *cls, const SkValue *values, int n) {
    SkTuple *t = sk_tuple_from(vm, values, (size_t)n);
    SkValue inst = t ? sk_instance_new(vm, cls) : SK_ERR;
    if (SK_IS_ERR(inst)) return SK_ERR;
    SK_AS_INSTANCE(inst)->base = sk_obj(t);
    return inst;
}

// --- types.SimpleNamespace (sys.implementation is one) ---

static SkValue ns_init(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    int npos = nargs - (kw ? (int)kw->len : 0);
    if (npos > 1) return sk_raise(vm, vm->exc.TypeError, "no positional arguments expected");
    if (!SK_IS_KIND(args[0], SK_INSTANCE)) return sk_raise(vm, vm->exc.TypeError, "bad self");
    SkDict *d = SK_AS_INSTANCE(args[0])->dict;
    for (int i = 0; kw && i < (int)kw->len; i++)
        if (!sk_dict_set(vm, d, kw->items[i], args[npos + i])) return SK_ERR;
    return SK_NONE;
}

static SkValue ns_repr(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkClass *cls = sk_class_of(vm, args[0]);
    const char *name = cls == vm->t.simple_namespace ? "namespace" : cls->name->data;
    SkDict *d = SK_AS_INSTANCE(args[0])->dict;
    SkBuf b;
    sk_buf_init(&b);
    bool ok = sk_buf_appendf(vm, &b, "%s(", name);
    SkValue k, v;
    bool first = true;
    for (size_t i = 0; ok && sk_dict_next(d, &i, &k, &v);) {
        if (!SK_IS_STR(k)) continue;
        SkStr *r = sk_repr(vm, v);
        ok = r && sk_buf_appendf(vm, &b, "%s%s=%s", first ? "" : ", ", SK_AS_STR(k)->data, r->data);
        first = false;
    }
    if (!ok || !sk_buf_appendc(vm, &b, ')')) {
        sk_buf_free(&b);
        return SK_ERR;
    }
    SkStr *r = sk_buf_finish(vm, &b);
    return r ? sk_obj(r) : SK_ERR;
}

static SkValue ns_eq(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkClass *ns = vm->t.simple_namespace;
    if (!SK_IS_KIND(args[1], SK_INSTANCE) || !sk_isinstance(vm, args[1], ns) ||
        !sk_isinstance(vm, args[0], ns))
        return vm->not_implemented;
    int r = sk_eq(vm, sk_obj(SK_AS_INSTANCE(args[0])->dict), sk_obj(SK_AS_INSTANCE(args[1])->dict));
    return r < 0 ? SK_ERR : sk_bool(r);
}

SkClass *sk_mod_simple_namespace(SkVM *vm) {
    if (vm->t.simple_namespace) return vm->t.simple_namespace;
    SkClass *c = sk_class_new_builtin(vm, "SimpleNamespace", vm->t.object, SK_INSTANCE);
    SkStr *mod = sk_str_intern_cstr(vm, "types");
    if (!c || !mod || !sk_dict_set_str(vm, c->dict, vm->names.module, sk_obj(mod)) ||
        !sk_define_method(vm, c, "__init__", ns_init, 1, -1, true) ||
        !sk_define_method(vm, c, "__repr__", ns_repr, 1, 1, false) ||
        !sk_define_method(vm, c, "__eq__", ns_eq, 2, 2, false) ||
        !sk_dict_set_str(vm, c->dict, vm->names.hash, SK_NONE))
        return NULL;
    c->cflags |= SK_CLASS_INST_DICT;
    vm->t.simple_namespace = c;
    return c;
}
