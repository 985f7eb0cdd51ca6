// vm/classes/class_object.c -- the methods of `object` and `type` (plus the
// __get__/__set__ protocol of property and super's attribute hook), so
// that object.__init__(self), super().__setattr__(...), C.mro() and the
// like work as in CPython. Calling these classes (their `construct` hooks)
// lives in stdlib/builtins_types.c; their reprs in vm/ops/repr.c.
#include "vm/classes/class_object.h"
#include "vm/classes/class.h"
#include "vm/classes/class_create.h"
#include "vm/classes/error.h"
#include "vm/exec/call.h"
#include "vm/exec/import.h"
#include "vm/objects/dict.h"
#include "vm/objects/list.h"
#include "vm/objects/methods.h"
#include "vm/objects/str.h"
#include "vm/ops/compare.h"
#include "vm/ops/dunder.h"
#include "vm/ops/repr.h"

static int npos(int nargs, SkTuple *kw) { return kw ? nargs - (int)kw->len : nargs; }

static SkValue object_init_fn(SkVM *vm, SkValue *args, int nargs, SkTuple *kw);
static SkValue object_new_fn(SkVM *vm, SkValue *args, int nargs, SkTuple *kw);

static bool is_native_fn(SkValue v, SkNativeFn fn) {
    if (SK_IS_KIND(v, SK_PROPERTY)) v = ((SkProperty *)SK_AS_OBJ(v))->fget;
    return SK_IS_KIND(v, SK_NATIVE) && SK_AS_NATIVE(v)->fn == fn;
}

// object.__init__(self, *args, **kwargs): extra arguments are an error
// unless only __new__ is overridden (CPython's object_init).
static SkValue object_init_fn(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    if (nargs <= 1) return SK_NONE;
    SkClass *cls = sk_class_of(vm, args[0]);
    SkValue init = sk_class_lookup(vm, cls, vm->names.init);
    SkValue nw = sk_class_lookup(vm, cls, vm->names.new_);
    if (!is_native_fn(init, object_init_fn))
        return sk_raise(
            vm, vm->exc.TypeError,
            "object.__init__() takes exactly one argument (the instance to initialize)");
    if (is_native_fn(nw, object_new_fn))
        return sk_raise(vm, vm->exc.TypeError,
                        "%N.__init__() takes exactly one argument (the instance to initialize)",
                        cls->name);
    return SK_NONE;
}

// object.__new__(cls, *args), a staticmethod.
static SkValue object_new_fn(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    if (nargs < 1) return sk_raise(vm, vm->exc.TypeError, "object.__new__(): not enough arguments");
    if (!SK_IS_KIND(args[0], SK_CLASS))
        return sk_raise(vm, vm->exc.TypeError, "object.__new__(X): X is not a type object (%T)",
                        args[0]);
    SkClass *cls = SK_AS_CLASS(args[0]);
    // A user subclass of an immutable built-in (str, int, tuple, ...) gets
    // its payload here from the other arguments: `super().__new__(cls, v)`
    // in its __new__ means str.__new__(cls, v), which Skein's built-in
    // types share with object. (Mutable payloads are made empty by
    // sk_instance_new and filled by __init__.)
    SkClass *bb = cls->builtin_base;
    if (bb && bb != vm->t.object && !cls->builtin && bb->construct && bb != vm->t.list &&
        bb != vm->t.dict && bb != vm->t.set && cls->inst_kind == SK_INSTANCE) {
        SkValue payload = bb->construct(vm, args + 1, nargs - 1, kw);
        if (SK_IS_ERR(payload)) return SK_ERR;
        SkValue inst = sk_instance_new(vm, cls);
        if (SK_IS_ERR(inst)) return SK_ERR;
        SK_AS_INSTANCE(inst)->base = payload;
        return inst;
    }
    if (nargs > 1) {
        SkValue init = sk_class_lookup(vm, cls, vm->names.init);
        SkValue nw = sk_class_lookup(vm, cls, vm->names.new_);
        if (!is_native_fn(nw, object_new_fn))
            return sk_raise(
                vm, vm->exc.TypeError,
                "object.__new__() takes exactly one argument (the type to instantiate)");
        if (is_native_fn(init, object_init_fn))
            return sk_raise(vm, vm->exc.TypeError, "%N() takes no arguments", cls->name);
    }
    if (cls->builtin && cls->inst_kind != SK_INSTANCE && cls->inst_kind != SK_EXCEPTION)
        return sk_raise(vm, vm->exc.TypeError, "object.__new__(%N) is not safe, use %N.__new__()",
                        cls->name, cls->name);
    return sk_instance_new(vm, cls);
}

static SkValue object_repr_fn(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkStr *s = sk_repr_default(vm, args[0]);
    return s ? sk_obj(s) : SK_ERR;
}

static SkValue object_str_fn(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkStr *s = sk_repr(vm, args[0]);
    return s ? sk_obj(s) : SK_ERR;
}

static SkValue object_eq_fn(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    return sk_identical(args[0], args[1]) ? SK_TRUE : vm->not_implemented;
}

static SkValue object_ne_fn(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkValue r = sk_invoke_method(vm, args[0], vm->names.eq, &args[1], 1);
    if (SK_IS_ERR(r)) return sk_has_exc(vm) ? SK_ERR : vm->not_implemented;
    if (sk_ops_is_notimpl(vm, r)) return r;
    int t = sk_truthy(vm, r);
    if (t < 0) return SK_ERR;
    return sk_bool(!t);
}

static SkValue object_hash_fn(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    if (!SK_IS_OBJ(args[0])) {
        uint64_t h;
        if (!sk_hash(vm, args[0], &h)) return SK_ERR;
        return sk_int((int64_t)h);
    }
    return sk_int((int64_t)(sk_ops_hash_pointer(args[0].as.o) >> 1));
}

static SkStr *attr_name(SkVM *vm, SkValue v) {
    if (!SK_IS_STR(v)) {
        sk_raise(vm, vm->exc.TypeError, "attribute name must be string, not '%T'", v);
        return NULL;
    }
    return sk_str_intern_str(vm, SK_AS_STR(v));
}

static SkValue object_getattribute_fn(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkStr *name = attr_name(vm, args[1]);
    if (!name) return SK_ERR;
    return sk_object_getattribute(vm, args[0], name);
}

static SkValue object_setattr_fn(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkStr *name = attr_name(vm, args[1]);
    if (!name) return SK_ERR;
    return sk_object_setattr(vm, args[0], name, args[2]) ? SK_NONE : SK_ERR;
}

static SkValue object_delattr_fn(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkStr *name = attr_name(vm, args[1]);
    if (!name) return SK_ERR;
    return sk_object_setattr(vm, args[0], name, SK_UNDEF) ? SK_NONE : SK_ERR;
}

static SkValue object_format_fn(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    if (!SK_IS_STR(args[1]))
        return sk_raise(vm, vm->exc.TypeError, "__format__() argument must be str, not %T",
                        args[1]);
    if (SK_AS_STR(args[1])->len)
        return sk_raise(vm, vm->exc.TypeError, "unsupported format string passed to %T.__format__",
                        args[0]);
    SkStr *s = sk_str_of(vm, args[0]);
    return s ? sk_obj(s) : SK_ERR;
}

static SkValue object_init_subclass_fn(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    if (npos(nargs, kw) != nargs)
        return sk_raise(vm, vm->exc.TypeError, "%N.__init_subclass__() takes no keyword arguments",
                        SK_IS_KIND(args[0], SK_CLASS) ? SK_AS_CLASS(args[0])->name
                                                      : vm->names.empty);
    return SK_NONE;
}

// ---------------------------------------------------------------- type

// type.__new__(mcls, name, bases, ns, **kw), a staticmethod: the class
// statement's default and what a metaclass's super().__new__ reaches.
static SkValue type_new_fn(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    int np = npos(nargs, kw);
    if (np < 1 || !SK_IS_KIND(args[0], SK_CLASS))
        return sk_raise(vm, vm->exc.TypeError, "type.__new__(X): X is not a type object (%T)",
                        np < 1 ? SK_NONE : args[0]);
    SkClass *meta = SK_AS_CLASS(args[0]);
    if (!sk_is_subclass(meta, vm->t.type))
        return sk_raise(vm, vm->exc.TypeError, "type.__new__(%N): %N is not a subtype of type",
                        meta->name, meta->name);
    if (np == 2 && !kw) return sk_obj(sk_class_of(vm, args[1]));
    if (np != 4)
        return sk_raise(vm, vm->exc.TypeError,
                        "type.__new__() takes exactly 3 arguments (%d given)", np - 1);
    if (!SK_IS_STR(args[1]))
        return sk_raise(vm, vm->exc.TypeError, "type.__new__() argument 1 must be str, not %T",
                        args[1]);
    if (!SK_IS_TUPLE(args[2]))
        return sk_raise(vm, vm->exc.TypeError, "type.__new__() argument 2 must be tuple, not %T",
                        args[2]);
    SkValue nsv = sk_payload(args[3]);
    if (!SK_IS_DICT(nsv))
        return sk_raise(vm, vm->exc.TypeError, "type.__new__() argument 3 must be dict, not %T",
                        args[3]);
    SkDict *ns = sk_dict_copy(vm, SK_AS_DICT(nsv));
    SkDict *kwd = kw && kw->len ? sk_dict_new(vm) : NULL;
    if (!ns || (kw && kw->len && !kwd)) return SK_ERR;
    for (size_t i = 0; kwd && i < kw->len; i++)
        if (!sk_dict_set(vm, kwd, kw->items[i], args[np + (int)i])) return SK_ERR;
    SkTuple *bases = SK_AS_TUPLE(args[2]);
    SkClass *c = sk_class_create_ex(vm, SK_AS_STR(args[1]), bases, ns, meta, kwd);
    return c ? sk_obj(c) : SK_ERR;
}

// type.__init__(cls, name, bases, ns, **kw): the class is made; nothing to do.
static SkValue type_init_fn(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    int np = npos(nargs, kw);
    if (np != 2 && np != 4)
        return sk_raise(vm, vm->exc.TypeError, "type.__init__() takes 1 or 3 arguments");
    return SK_NONE;
}

// type.__call__(cls, *args, **kw): make an instance the default way (what a
// metaclass's __call__ reaches with super().__call__).
static SkValue type_call_fn(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    if (!SK_IS_KIND(args[0], SK_CLASS))
        return sk_raise(vm, vm->exc.TypeError,
                        "descriptor '__call__' requires a 'type' object but received a '%T'",
                        args[0]);
    return sk_call_class_plain(vm, SK_AS_CLASS(args[0]), args + 1, nargs - 1, kw);
}

static SkValue type_mro_fn(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    if (!SK_IS_KIND(args[0], SK_CLASS))
        return sk_raise(vm, vm->exc.TypeError,
                        "descriptor 'mro' for 'type' objects doesn't apply to a '%T' object",
                        args[0]);
    SkTuple *m = SK_AS_CLASS(args[0])->mro;
    SkList *l = sk_list_from(vm, m ? m->items : NULL, m ? m->len : 0);
    return l ? sk_obj(l) : SK_ERR;
}

static SkValue type_repr_fn(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkStr *s = sk_repr(vm, args[0]);
    return s ? sk_obj(s) : SK_ERR;
}

static SkValue type_instancecheck_fn(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    if (!SK_IS_KIND(args[0], SK_CLASS)) return SK_FALSE;
    return sk_bool(sk_isinstance(vm, args[1], SK_AS_CLASS(args[0])));
}

static SkValue type_subclasscheck_fn(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    if (!SK_IS_KIND(args[0], SK_CLASS)) return SK_FALSE;
    if (!SK_IS_KIND(args[1], SK_CLASS))
        return sk_raise(vm, vm->exc.TypeError, "issubclass() arg 1 must be a class");
    return sk_bool(sk_is_subclass(SK_AS_CLASS(args[1]), SK_AS_CLASS(args[0])));
}

// ---------------------------------------------------------------- property

static SkProperty *self_property(SkVM *vm, SkValue v, const char *meth) {
    if (SK_IS_KIND(v, SK_PROPERTY) && SK_AS_OBJ(v)->extra == 0) return (SkProperty *)SK_AS_OBJ(v);
    sk_raise(vm, vm->exc.TypeError,
             "descriptor '%s' for 'property' objects doesn't apply to a '%T' object", meth, v);
    return NULL;
}

static SkValue property_get_fn(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkProperty *p = self_property(vm, args[0], "__get__");
    if (!p) return SK_ERR;
    if (SK_IS_NONE(args[1])) return args[0];
    if (SK_IS_NONE(p->fget) || SK_IS_UNDEF(p->fget))
        return sk_raise(vm, vm->exc.AttributeError, "property of '%T' object has no getter",
                        args[1]);
    return sk_call1(vm, p->fget, args[1]);
}

static SkValue property_set_fn(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkProperty *p = self_property(vm, args[0], "__set__");
    if (!p) return SK_ERR;
    if (SK_IS_NONE(p->fset) || SK_IS_UNDEF(p->fset))
        return sk_raise(vm, vm->exc.AttributeError, "property of '%T' object has no setter",
                        args[1]);
    SkValue r = sk_call2(vm, p->fset, args[1], args[2]);
    return SK_IS_ERR(r) ? SK_ERR : SK_NONE;
}

static SkValue property_delete_fn(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkProperty *p = self_property(vm, args[0], "__delete__");
    if (!p) return SK_ERR;
    if (SK_IS_NONE(p->fdel) || SK_IS_UNDEF(p->fdel))
        return sk_raise(vm, vm->exc.AttributeError, "property of '%T' object has no deleter",
                        args[1]);
    SkValue r = sk_call1(vm, p->fdel, args[1]);
    return SK_IS_ERR(r) ? SK_ERR : SK_NONE;
}

// ---------------------------------------------------------------- start-up

static SkClass *ensure_class(SkVM *vm, SkClass **slot, const char *name, SkKind kind) {
    if (!*slot) *slot = sk_class_new_builtin(vm, name, vm->t.object, kind);
    return *slot;
}

void sk_init_class_methods(SkVM *vm) {
    if (!vm->t.object) vm->t.object = sk_class_new_builtin(vm, "object", NULL, SK_INSTANCE);
    ensure_class(vm, &vm->t.type, "type", SK_CLASS);
    ensure_class(vm, &vm->t.property, "property", SK_PROPERTY);
    ensure_class(vm, &vm->t.staticmethod, "staticmethod", SK_PROPERTY);
    ensure_class(vm, &vm->t.classmethod, "classmethod", SK_PROPERTY);
    ensure_class(vm, &vm->t.super, "super", SK_SUPER);

    SkClass *o = vm->t.object;
    sk_define_method(vm, o, "__init__", object_init_fn, 1, -1, true);
    // staticmethod (1) and classmethod (2), like CPython's object.
    sk_lib_define_wrapped(vm, o, "__new__", object_new_fn, 1, -1, true, 1);
    sk_lib_define_wrapped(vm, o, "__init_subclass__", object_init_subclass_fn, 1, -1, true, 2);
    sk_define_method(vm, o, "__repr__", object_repr_fn, 1, 1, false);
    sk_define_method(vm, o, "__str__", object_str_fn, 1, 1, false);
    sk_define_method(vm, o, "__eq__", object_eq_fn, 2, 2, false);
    sk_define_method(vm, o, "__ne__", object_ne_fn, 2, 2, false);
    sk_define_method(vm, o, "__hash__", object_hash_fn, 1, 1, false);
    sk_define_method(vm, o, "__getattribute__", object_getattribute_fn, 2, 2, false);
    sk_define_method(vm, o, "__setattr__", object_setattr_fn, 3, 3, false);
    sk_define_method(vm, o, "__delattr__", object_delattr_fn, 2, 2, false);
    sk_define_method(vm, o, "__format__", object_format_fn, 2, 2, false);

    SkClass *t = vm->t.type;
    sk_lib_define_wrapped(vm, t, "__new__", type_new_fn, 1, -1, true, 1);
    sk_define_method(vm, t, "__init__", type_init_fn, 1, -1, true);
    sk_define_method(vm, t, "__call__", type_call_fn, 1, -1, true);
    sk_define_method(vm, t, "mro", type_mro_fn, 1, 1, false);
    sk_define_method(vm, t, "__repr__", type_repr_fn, 1, 1, false);
    sk_define_method(vm, t, "__instancecheck__", type_instancecheck_fn, 2, 2, false);
    sk_define_method(vm, t, "__subclasscheck__", type_subclasscheck_fn, 2, 2, false);

    SkClass *p = vm->t.property;
    sk_define_method(vm, p, "__get__", property_get_fn, 2, 3, false);
    sk_define_method(vm, p, "__set__", property_set_fn, 3, 3, false);
    sk_define_method(vm, p, "__delete__", property_delete_fn, 2, 2, false);
}
