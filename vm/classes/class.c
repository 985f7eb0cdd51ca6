// vm/classes/class.c -- classes and attribute access: sk_class_of, lookup along
// the mro, getattr/setattr/delattr with Python's descriptor rules, built-in
// class and native method creation, and super(...).name. Creating user
// classes and instances (C3 mro, BUILD_CLASS) lives in vm/classes/class_create.c;
// the methods of object, type, super and property in vm/classes/class_object.c.
//
// Attribute lookup on an instance follows CPython's generic getattr:
// a data descriptor on the class (property, or a user object with
// __get__ and __set__/__delete__) wins, then the special attributes
// (__class__, __dict__, an exception's args ...), then the instance dict,
// then the class attribute (functions and method natives bind to the
// instance, staticmethod unwraps, classmethod binds the class), then
// __getattr__. Attribute names reaching here are interned, so the
// special names compare by pointer.
#include "vm/classes/class.h"
#include "vm/classes/error.h"
#include "vm/classes/frame_object.h"
#include "vm/core/gc.h"
#include "vm/exec/call.h"
#include "vm/exec/generator.h"
#include "vm/exec/import.h"
#include "vm/objects/code.h"
#include "vm/objects/dict.h"
#include "vm/objects/list.h"
#include "vm/objects/resource.h"
#include "vm/objects/str.h"
#include "vm/objects/tuple.h"
#include "vm/ops/compare.h"
#include <stdio.h>

// ---------------------------------------------------------------- classes of values

SkClass *sk_class_of(SkVM *vm, SkValue v) {
    switch (v.tag) {
    case SK_T_NONE: return vm->t.none;
    case SK_T_BOOL: return vm->t.bool_;
    case SK_T_INT: return vm->t.int_;
    case SK_T_FLOAT: return vm->t.float_;
    case SK_T_OBJ: break;
    default: return vm->t.object;
    }
    SkObj *o = v.as.o;
    switch ((SkKind)o->kind) {
    case SK_INSTANCE: return ((SkInstance *)o)->cls;
    case SK_EXCEPTION: return ((SkException *)o)->inst.cls;
    case SK_STR: return vm->t.str;
    case SK_BYTES: return vm->t.bytes;
    case SK_TUPLE: return vm->t.tuple;
    case SK_LIST: return vm->t.list;
    case SK_DICT: return vm->t.dict;
    case SK_SET: return (o->flags & SK_FLAG_FROZEN) ? vm->t.frozenset : vm->t.set;
    case SK_RANGE: return vm->t.range;
    case SK_SLICE: return vm->t.slice;
    case SK_CELL: return vm->t.cell;
    case SK_CODE: return vm->t.code;
    case SK_FUNCTION: return vm->t.function;
    case SK_NATIVE: return vm->t.builtin_function;
    case SK_BOUND_METHOD:
        return SK_IS_KIND(((SkBoundMethod *)o)->func, SK_NATIVE) ? vm->t.builtin_function
                                                                 : vm->t.method;
    case SK_CLASS: return ((SkClass *)o)->meta ? ((SkClass *)o)->meta : vm->t.type;
    case SK_MODULE: return vm->t.module;
    case SK_ITER: return ((SkIter *)o)->cls ? ((SkIter *)o)->cls : vm->t.iterator;
    case SK_DICT_VIEW:
        return o->extra == 0   ? vm->t.dict_keys
               : o->extra == 1 ? vm->t.dict_values
                               : vm->t.dict_items;
    case SK_GENERATOR: return vm->t.generator;
    case SK_PROPERTY:
        return o->extra == 0   ? vm->t.property
               : o->extra == 1 ? vm->t.staticmethod
                               : vm->t.classmethod;
    case SK_SUPER: return vm->t.super;
    case SK_FILE: return vm->t.file;
    case SK_TASKLET: return vm->t.tasklet ? vm->t.tasklet : vm->t.object;
    case SK_CHANNEL: return vm->t.channel ? vm->t.channel : vm->t.object;
    case SK_RESOURCE: return ((SkResource *)o)->cls ? ((SkResource *)o)->cls : vm->t.object;
    case SK_BIGINT: return vm->t.int_;
    case SK_BYTEARRAY: return vm->t.bytearray;
    case SK_COMPLEX: return vm->t.complex_;
    default: return vm->t.object;
    }
}

const char *sk_type_name(SkVM *vm, SkValue v) {
    SkClass *c = sk_class_of(vm, v);
    return c && c->name ? c->name->data : "object";
}

#define LOOKUP_CACHE_SIZE (sizeof(((SkVM *)0)->lookup_cache) / sizeof(((SkVM *)0)->lookup_cache[0]))

// Results (misses too) are cached by (class, name) until class_epoch
// changes: any class dict changes, a class is made, or a collection runs
// (which may free a class or name whose address then comes back).
SkValue sk_class_lookup(SkVM *vm, SkClass *cls, SkStr *name) {
    size_t h = ((((uintptr_t)cls) >> 4) ^ (((uintptr_t)name) >> 4) * 7) & (LOOKUP_CACHE_SIZE - 1);
    struct SkLookupEntry *e = &vm->lookup_cache[h];
    if (e->cls == cls && e->name == name && e->epoch == vm->class_epoch) return e->value;
    SkTuple *mro = cls->mro;
    if (SK_UNLIKELY(!mro)) return cls->dict ? sk_dict_get_str(cls->dict, name) : SK_UNDEF;
    SkValue v = SK_UNDEF;
    for (size_t i = 0; i < mro->len; i++) {
        SkClass *c = (SkClass *)mro->items[i].as.o;
        v = sk_dict_get_str(c->dict, name);
        if (!SK_IS_UNDEF(v)) break;
    }
    e->cls = cls;
    e->name = name;
    e->epoch = vm->class_epoch;
    e->value = v;
    return v;
}

bool sk_callable(SkVM *vm, SkValue v) {
    if (!SK_IS_OBJ(v)) return false;
    switch (SK_OBJ_KIND(v)) {
    case SK_FUNCTION:
    case SK_NATIVE:
    case SK_BOUND_METHOD:
    case SK_CLASS: return true;
    default: return !SK_IS_UNDEF(sk_class_lookup(vm, sk_class_of(vm, v), vm->names.call));
    }
}

bool sk_is_subclass(SkClass *sub, SkClass *base) {
    if (sub == base) return true;
    SkTuple *mro = sub->mro;
    if (!mro) return false;
    for (size_t i = 1; i < mro->len; i++)
        if ((SkClass *)mro->items[i].as.o == base) return true;
    return false;
}

bool sk_isinstance(SkVM *vm, SkValue v, SkClass *cls) {
    if (cls == vm->t.object) return true;
    return sk_is_subclass(sk_class_of(vm, v), cls);
}

SkStr *sk_class_module(SkVM *vm, SkClass *cls) {
    if (cls->dict) {
        SkValue m = sk_dict_get_str(cls->dict, vm->names.module);
        if (SK_IS_STR(m)) return SK_AS_STR(m);
    }
    if (cls->builtin) return sk_str_intern_cstr(vm, "builtins");
    return NULL;
}

// ---------------------------------------------------------------- natives

SkValue sk_method_new(SkVM *vm, SkValue self, SkValue func) {
    SkBoundMethod *b = sk_gc_alloc(vm, SK_BOUND_METHOD, sizeof(SkBoundMethod));
    if (!b) return SK_ERR;
    b->self = self;
    b->func = func;
    return sk_obj(b);
}

SkNative *sk_native_new(SkVM *vm, const char *name, SkNativeFn fn, int min_args, int max_args,
                        bool takes_kw) {
    SkStr *s = sk_str_intern_cstr(vm, name);
    if (!s) return NULL;
    SkNative *n = sk_gc_alloc(vm, SK_NATIVE, sizeof(SkNative));
    if (!n) return NULL;
    n->fn = fn;
    n->name = s;
    n->min_args = (int16_t)min_args;
    n->max_args = (int16_t)max_args;
    n->takes_kw = takes_kw;
    n->data = SK_NONE;
    return n;
}

SkNative *sk_define_method(SkVM *vm, SkClass *cls, const char *name, SkNativeFn fn, int min_args,
                           int max_args, bool takes_kw) {
    if (!cls) return NULL;
    SkNative *n = sk_native_new(vm, name, fn, min_args, max_args, takes_kw);
    if (!n) return NULL;
    n->owner = cls;
    if (!sk_dict_set_str(vm, cls->dict, n->name, sk_obj(n))) return NULL;
    vm->class_epoch++;
    return n;
}

SkNative *sk_define_native(SkVM *vm, SkDict *ns, const char *name, SkNativeFn fn, int min_args,
                           int max_args, bool takes_kw) {
    SkNative *n = sk_native_new(vm, name, fn, min_args, max_args, takes_kw);
    if (!n) return NULL;
    if (!sk_dict_set_str(vm, ns, n->name, sk_obj(n))) return NULL;
    return n;
}

SkClass *sk_class_new_builtin(SkVM *vm, const char *name, SkClass *base, SkKind inst_kind) {
    SkStr *s = sk_str_intern_cstr(vm, name);
    if (!s) return NULL;
    SkClass *c = sk_gc_alloc(vm, SK_CLASS, sizeof(SkClass));
    if (!c) return NULL;
    c->name = c->qualname = s;
    c->inst_kind = (uint8_t)inst_kind;
    c->builtin = 1;
    c->builtin_base = c;
    vm->class_epoch++; // this address may have been a class the lookup cache knows
    if (!(c->dict = sk_dict_new(vm))) return NULL;
    SkValue self = sk_obj(c);
    if (base) {
        SkValue b = sk_obj(base);
        if (!(c->bases = sk_tuple_from(vm, &b, 1))) return NULL;
        size_t n = base->mro ? base->mro->len : 0;
        SkTuple *mro = sk_tuple_new(vm, n + 1);
        if (!mro) return NULL;
        mro->items[0] = self;
        for (size_t i = 0; i < n; i++) mro->items[i + 1] = base->mro->items[i];
        c->mro = mro;
    } else {
        if (!(c->bases = sk_tuple_new(vm, 0))) return NULL;
        if (!(c->mro = sk_tuple_from(vm, &self, 1))) return NULL;
    }
    return c;
}

// ---------------------------------------------------------------- descriptors

static SkValue call_getter(SkVM *vm, SkProperty *p, SkValue obj, SkStr *name) {
    if (SK_IS_NONE(p->fget) || SK_IS_UNDEF(p->fget))
        return sk_raise(vm, vm->exc.AttributeError, "property '%N' of '%T' object has no getter",
                        name, obj);
    return sk_call1(vm, p->fget, obj);
}

// A user object on a class with __get__ and __set__ or __delete__.
static bool is_data_descr(SkVM *vm, SkValue attr) {
    if (!SK_IS_KIND(attr, SK_INSTANCE)) return false;
    SkClass *c = SK_AS_INSTANCE(attr)->cls;
    return !SK_IS_UNDEF(sk_class_lookup(vm, c, vm->names.get)) &&
           (!SK_IS_UNDEF(sk_class_lookup(vm, c, vm->names.set)) ||
            !SK_IS_UNDEF(sk_class_lookup(vm, c, vm->names.delete_)));
}

// Reading a class attribute through an instance obj of cls.
static SkValue descr_get(SkVM *vm, SkValue attr, SkValue obj, SkClass *cls, SkStr *name) {
    if (attr.tag != SK_T_OBJ) return attr;
    switch (attr.as.o->kind) {
    case SK_FUNCTION: return sk_method_new(vm, obj, attr);
    case SK_NATIVE: return SK_AS_NATIVE(attr)->owner ? sk_method_new(vm, obj, attr) : attr;
    case SK_PROPERTY: {
        SkProperty *p = (SkProperty *)attr.as.o;
        if (p->obj.extra == 0) return call_getter(vm, p, obj, name);
        if (p->obj.extra == 1) return p->fget;
        return sk_method_new(vm, sk_obj(cls), p->fget);
    }
    case SK_INSTANCE: {
        SkValue get = sk_class_lookup(vm, SK_AS_INSTANCE(attr)->cls, vm->names.get);
        if (SK_IS_UNDEF(get)) return attr;
        SkValue args[3] = {attr, obj, sk_obj(cls)};
        return sk_invoke(vm, get, args, 3, NULL);
    }
    default: return attr;
    }
}

SkValue sk_descr_get(SkVM *vm, SkValue attr, SkValue obj, SkClass *cls) {
    return descr_get(vm, attr, obj, cls, vm->names.empty);
}

// Reading an attribute found in a class's mro through the class itself.
static SkValue class_descr_get(SkVM *vm, SkValue attr, SkClass *cls) {
    if (SK_IS_KIND(attr, SK_PROPERTY)) {
        SkProperty *p = (SkProperty *)SK_AS_OBJ(attr);
        if (p->obj.extra == 1) return p->fget;
        if (p->obj.extra == 2) return sk_method_new(vm, sk_obj(cls), p->fget);
        return attr;
    }
    if (SK_IS_KIND(attr, SK_INSTANCE)) {
        SkValue get = sk_class_lookup(vm, SK_AS_INSTANCE(attr)->cls, vm->names.get);
        if (SK_IS_UNDEF(get)) return attr;
        SkValue args[3] = {attr, SK_NONE, sk_obj(cls)};
        return sk_invoke(vm, get, args, 3, NULL);
    }
    return attr;
}

// ---------------------------------------------------------------- special attributes

static SkValue opt_str(SkStr *s) { return s ? sk_obj(s) : SK_NONE; }

static SkValue function_module(SkVM *vm, SkFunction *f) {
    if (!f->globals) return SK_NONE;
    SkValue m = sk_dict_get_str(f->globals, vm->names.name);
    return SK_IS_UNDEF(m) ? SK_NONE : m;
}

static bool is(SkStr *name, const char *s) { return strcmp(name->data, s) == 0; }

// Attributes CPython implements as data descriptors of built-in types.
// SK_UNDEF when `name` is not one of them for this object.
static SkValue special_attr(SkVM *vm, SkValue obj, SkStr *name) {
    SkNames *N = &vm->names;
    if (name == N->class_) return sk_obj(sk_class_of(vm, obj));
    if (!SK_IS_OBJ(obj)) return SK_UNDEF;
    SkObj *o = SK_AS_OBJ(obj);
    switch ((SkKind)o->kind) {
    case SK_INSTANCE:
        if (name == N->dict && !(((SkInstance *)o)->cls->cflags & SK_CLASS_SLOTS)) {
            SkInstance *in = (SkInstance *)o;
            if (!in->dict && !(in->dict = sk_dict_new(vm))) return SK_ERR;
            return sk_obj(in->dict);
        }
        return SK_UNDEF;
    case SK_EXCEPTION: {
        SkException *e = (SkException *)o;
        if (name == N->dict) return e->inst.dict ? sk_obj(e->inst.dict) : SK_NONE;
        if (name == N->args) {
            if (!e->args && !(e->args = sk_tuple_new(vm, 0))) return SK_ERR;
            return sk_obj(e->args);
        }
        if (name->data[0] != '_') return SK_UNDEF;
        if (is(name, "__cause__")) return e->cause;
        if (is(name, "__context__")) return e->context;
        if (is(name, "__suppress_context__")) return sk_bool(e->suppress_context);
        if (is(name, "__traceback__")) return sk_traceback_of(vm, e);
        return SK_UNDEF;
    }
    case SK_FUNCTION: {
        SkFunction *f = (SkFunction *)o;
        if (name->data[0] != '_') return SK_UNDEF;
        if (name == N->name) return opt_str(f->name);
        if (name == N->qualname) return opt_str(f->qualname);
        if (name == N->module) return function_module(vm, f);
        if (name == N->doc) return SK_IS_UNDEF(f->doc) ? SK_NONE : f->doc;
        if (name == N->dict) {
            if (!f->dict && !(f->dict = sk_dict_new(vm))) return SK_ERR;
            return sk_obj(f->dict);
        }
        if (is(name, "__code__")) return f->code ? sk_obj(f->code) : SK_NONE;
        if (is(name, "__defaults__")) return f->defaults ? sk_obj(f->defaults) : SK_NONE;
        if (is(name, "__kwdefaults__")) return f->kwdefaults ? sk_obj(f->kwdefaults) : SK_NONE;
        if (is(name, "__globals__")) return f->globals ? sk_obj(f->globals) : SK_NONE;
        if (is(name, "__closure__")) return f->closure ? sk_obj(f->closure) : SK_NONE;
        if (is(name, "__annotations__")) { // made empty on first use, as CPython
            SkStr *key = sk_str_intern_cstr(vm, "__annotations__");
            SkValue a = f->dict && key ? sk_dict_get_str(f->dict, key) : SK_UNDEF;
            if (!SK_IS_UNDEF(a)) return a;
            SkDict *d = key ? sk_dict_new(vm) : NULL;
            if (!d || (!f->dict && !(f->dict = sk_dict_new(vm))) ||
                !sk_dict_set_str(vm, f->dict, key, sk_obj(d)))
                return SK_ERR;
            return sk_obj(d);
        }
        return SK_UNDEF;
    }
    case SK_NATIVE: {
        SkNative *n = (SkNative *)o;
        if (name == N->name) return opt_str(n->name);
        if (name == N->qualname) {
            if (!n->owner) return opt_str(n->name);
            SkStr *q = sk_str_format(vm, "%N.%N", n->owner->name, n->name);
            return q ? sk_obj(q) : SK_ERR;
        }
        if (name == N->module) {
            if (n->owner) return SK_NONE;
            SkStr *b = sk_str_intern_cstr(vm, "builtins");
            return b ? sk_obj(b) : SK_ERR;
        }
        if (name == N->doc) return n->doc ? sk_obj(n->doc) : SK_NONE;
        if (is(name, "__self__")) return SK_NONE;
        return SK_UNDEF;
    }
    case SK_BOUND_METHOD: {
        SkBoundMethod *b = (SkBoundMethod *)o;
        if (is(name, "__self__")) return b->self;
        if (is(name, "__func__")) return b->func;
        if (name == N->name || name == N->qualname || name == N->module || name == N->doc)
            return sk_getattr(vm, b->func, name);
        return SK_UNDEF;
    }
    case SK_CODE: {
        SkCode *c = (SkCode *)o;
        if (is(name, "co_name")) return opt_str(c->name);
        if (is(name, "co_qualname")) return opt_str(c->qualname);
        if (is(name, "co_filename")) return opt_str(c->filename);
        if (is(name, "co_firstlineno")) return sk_int(c->firstline);
        if (is(name, "co_argcount")) return sk_int(c->argcount);
        if (is(name, "co_posonlyargcount")) return sk_int(c->posonlycount);
        if (is(name, "co_kwonlyargcount")) return sk_int(c->kwonlycount);
        if (is(name, "co_nlocals")) return sk_int(c->nlocals - c->nfrees);
        if (is(name, "co_flags")) {
            // CPython's CO_* bits: OPTIMIZED|NEWLOCALS for functions,
            // VARARGS 4, VARKEYWORDS 8, NESTED 16, GENERATOR 32.
            int64_t f = (c->flags & (SK_CODE_MODULE | SK_CODE_CLASS)) ? 0 : 3;
            if (c->flags & SK_CODE_VARARGS) f |= 4;
            if (c->flags & SK_CODE_VARKW) f |= 8;
            if (c->flags & SK_CODE_NESTED) f |= 16;
            if (c->flags & SK_CODE_GENERATOR) f |= 32;
            return sk_int(f);
        }
        if (is(name, "co_varnames")) {
            // Parameters first, then the other locals (not the free variables).
            size_t n = (size_t)(c->nlocals - c->nfrees);
            SkTuple *t = sk_tuple_new(vm, n);
            if (!t) return SK_ERR;
            for (size_t i = 0; i < n; i++)
                t->items[i] = c->varnames && c->varnames[i] ? sk_obj(c->varnames[i]) : SK_NONE;
            return sk_obj(t);
        }
        return SK_UNDEF;
    }
    case SK_PROPERTY: {
        SkProperty *p = (SkProperty *)o;
        if (p->obj.extra == 0) {
            if (is(name, "fget")) return p->fget;
            if (is(name, "fset")) return p->fset;
            if (is(name, "fdel")) return p->fdel;
            if (name == N->doc) return p->doc;
        } else {
            if (is(name, "__func__") || is(name, "__wrapped__")) return p->fget;
        }
        return SK_UNDEF;
    }
    case SK_GENERATOR: {
        SkGenerator *g = (SkGenerator *)o;
        if (name == N->name) return opt_str(g->name);
        if (name == N->qualname) return opt_str(g->qualname);
        if (is(name, "gi_running")) return sk_bool(g->state == SK_GEN_RUNNING);
        if (is(name, "gi_code")) return g->frame.code ? sk_obj(g->frame.code) : SK_NONE;
        return SK_UNDEF;
    }
    case SK_SLICE: {
        SkSlice *sl = (SkSlice *)o;
        if (is(name, "start")) return sl->start;
        if (is(name, "stop")) return sl->stop;
        if (is(name, "step")) return sl->step;
        return SK_UNDEF;
    }
    case SK_SUPER: {
        SkSuper *s = (SkSuper *)o;
        if (is(name, "__thisclass__")) return sk_obj(s->start);
        if (is(name, "__self__")) return SK_IS_UNDEF(s->self) ? SK_NONE : s->self;
        return SK_UNDEF;
    }
    default: return SK_UNDEF;
    }
}

// ---------------------------------------------------------------- getattr

static SkValue attr_error(SkVM *vm, SkValue obj, SkStr *name) {
    return sk_raise(vm, vm->exc.AttributeError, "'%T' object has no attribute '%N'", obj, name);
}

// Call cls.__getattr__(obj, name) as the last resort.
static SkValue call_getattr_hook(SkVM *vm, SkClass *cls, SkValue obj, SkStr *name) {
    SkValue ga = sk_class_lookup(vm, cls, vm->names.getattr);
    if (SK_IS_UNDEF(ga)) return SK_UNDEF;
    SkValue f = descr_get(vm, ga, obj, cls, vm->names.getattr);
    if (SK_IS_ERR(f)) return SK_ERR;
    return sk_call1(vm, f, sk_obj(name));
}

// object.__getattribute__: everything but __getattr__.
static SkValue generic_getattr(SkVM *vm, SkValue obj, SkStr *name, SkClass *cls) {
    SkValue attr = sk_class_lookup(vm, cls, name);
    if (!SK_IS_UNDEF(attr) && SK_IS_OBJ(attr)) {
        SkObj *a = SK_AS_OBJ(attr);
        if ((a->kind == SK_PROPERTY && a->extra == 0) ||
            (a->kind == SK_INSTANCE && is_data_descr(vm, attr)))
            return descr_get(vm, attr, obj, cls, name);
    }
    if (name->data[0] == '_' || SK_IS_KIND(obj, SK_EXCEPTION) || SK_IS_KIND(obj, SK_PROPERTY) ||
        SK_IS_KIND(obj, SK_CODE) || SK_IS_KIND(obj, SK_GENERATOR) || SK_IS_KIND(obj, SK_SLICE)) {
        SkValue s = special_attr(vm, obj, name);
        if (!SK_IS_UNDEF(s) || sk_has_exc(vm)) return s;
    }
    SkDict *d = NULL;
    if (SK_IS_OBJ(obj)) {
        SkObj *o = SK_AS_OBJ(obj);
        if (o->kind == SK_INSTANCE || o->kind == SK_EXCEPTION)
            d = ((SkInstance *)o)->dict;
        else if (o->kind == SK_FUNCTION)
            d = ((SkFunction *)o)->dict;
    }
    if (d) {
        SkValue v = sk_dict_get_str(d, name);
        if (!SK_IS_UNDEF(v)) return v;
    }
    if (!SK_IS_UNDEF(attr)) return descr_get(vm, attr, obj, cls, name);
    if (SK_IS_KIND(obj, SK_EXCEPTION)) return sk_exc_default_attr(vm, SK_AS_EXC(obj), name);
    return SK_UNDEF;
}

static SkValue instance_getattr(SkVM *vm, SkValue obj, SkStr *name, bool opt) {
    SkClass *cls = sk_class_of(vm, obj);
    SkValue v;
    if (SK_UNLIKELY(cls->cflags & SK_CLASS_HAS_GETATTRIBUTE)) {
        SkValue ga = sk_class_lookup(vm, cls, vm->names.getattribute);
        SkValue f = descr_get(vm, ga, obj, cls, vm->names.getattribute);
        if (SK_IS_ERR(f)) return SK_ERR;
        v = sk_call1(vm, f, sk_obj(name));
        if (!SK_IS_ERR(v)) return v;
        if (!(cls->cflags & SK_CLASS_HAS_GETATTR) || !sk_exc_matches(vm, vm->exc.AttributeError))
            return SK_ERR;
        sk_clear_exc(vm);
        return call_getattr_hook(vm, cls, obj, name);
    }
    v = generic_getattr(vm, obj, name, cls);
    if (sk_has_exc(vm)) {
        // As CPython: an AttributeError from the lookup itself (a
        // property's getter, say) goes on to __getattr__.
        if (!(cls->cflags & SK_CLASS_HAS_GETATTR) || !sk_exc_matches(vm, vm->exc.AttributeError))
            return SK_ERR;
        sk_clear_exc(vm);
        return call_getattr_hook(vm, cls, obj, name);
    }
    if (!SK_IS_UNDEF(v)) return v;
    if (cls->cflags & SK_CLASS_HAS_GETATTR) return call_getattr_hook(vm, cls, obj, name);
    return opt ? SK_UNDEF : attr_error(vm, obj, name);
}

static SkValue class_getattr(SkVM *vm, SkClass *cls, SkStr *name, bool opt) {
    SkNames *N = &vm->names;
    if (name->data[0] == '_' && name->data[1] == '_') {
        if (name == N->name) return opt_str(cls->name);
        if (name == N->qualname) return opt_str(cls->qualname);
        if (name == N->module) return opt_str(sk_class_module(vm, cls));
        if (name == N->doc) {
            SkValue d = sk_dict_get_str(cls->dict, N->doc);
            return SK_IS_UNDEF(d) ? SK_NONE : d;
        }
        if (name == N->dict) {
            SkDict *d = sk_dict_copy(vm, cls->dict);
            return d ? sk_obj(d) : SK_ERR;
        }
        if (name == N->class_) return sk_obj(cls->meta ? cls->meta : vm->t.type);
        if (is(name, "__mro__")) return cls->mro ? sk_obj(cls->mro) : SK_NONE;
        if (is(name, "__bases__")) return cls->bases ? sk_obj(cls->bases) : SK_NONE;
        if (is(name, "__base__"))
            return cls->bases && cls->bases->len ? cls->bases->items[0] : SK_NONE;
    }
    SkValue attr = sk_class_lookup(vm, cls, name);
    if (!SK_IS_UNDEF(attr)) return class_descr_get(vm, attr, cls);
    // Attributes of the metaclass (type.mro, a metaclass's own methods and
    // properties) bind to the class.
    if (cls->meta) {
        attr = sk_class_lookup(vm, cls->meta, name);
        if (SK_IS_KIND(attr, SK_FUNCTION)) return sk_method_new(vm, sk_obj(cls), attr);
        if (SK_IS_KIND(attr, SK_PROPERTY) && attr.as.o->extra == 0) {
            SkValue get = ((SkProperty *)SK_AS_OBJ(attr))->fget;
            if (SK_IS_NONE(get))
                return sk_raise(vm, vm->exc.AttributeError, "property '%N' has no getter", name);
            return sk_call1(vm, get, sk_obj(cls));
        }
        if (!SK_IS_UNDEF(attr) && !SK_IS_KIND(attr, SK_NATIVE)) return attr;
    }
    if (vm->t.type && cls != vm->t.type) {
        attr = sk_class_lookup(vm, vm->t.type, name);
        if (SK_IS_KIND(attr, SK_NATIVE) && SK_AS_NATIVE(attr)->owner == vm->t.type)
            return sk_method_new(vm, sk_obj(cls), attr);
    }
    if (opt) return SK_UNDEF;
    return sk_raise(vm, vm->exc.AttributeError, "type object '%N' has no attribute '%N'", cls->name,
                    name);
}

static SkValue module_getattr(SkVM *vm, SkModule *m, SkStr *name, bool opt) {
    if (m->dict) {
        SkValue v = sk_dict_get_str(m->dict, name);
        if (!SK_IS_UNDEF(v)) return v;
    }
    if (name == vm->names.dict) return m->dict ? sk_obj(m->dict) : SK_NONE;
    if (name == vm->names.class_) return sk_obj(vm->t.module);
    if (name == vm->names.name) return opt_str(m->name);
    if (m->dict) {
        // PEP 562: a module-level __getattr__.
        SkValue ga = sk_dict_get_str(m->dict, vm->names.getattr);
        if (!SK_IS_UNDEF(ga)) return sk_call1(vm, ga, sk_obj(name));
    }
    if (opt) return SK_UNDEF;
    SkValue mn = m->dict ? sk_dict_get_str(m->dict, vm->names.name) : SK_UNDEF;
    if (SK_IS_STR(mn))
        return sk_raise(vm, vm->exc.AttributeError, "module '%N' has no attribute '%N'",
                        SK_AS_STR(mn), name);
    return sk_raise(vm, vm->exc.AttributeError, "module has no attribute '%N'", name);
}

SkValue sk_super_getattr(SkVM *vm, SkSuper *s, SkStr *name, bool opt) {
    SkValue self = s->self;
    // super(C, cls) inside a classmethod searches cls's mro.
    SkClass *objcls = SK_IS_UNDEF(self) ? NULL
                      : SK_IS_KIND(self, SK_CLASS) && sk_is_subclass(SK_AS_CLASS(self), s->start)
                          ? SK_AS_CLASS(self)
                          : sk_class_of(vm, self);
    if (objcls && name != vm->names.class_ && objcls->mro) {
        SkTuple *mro = objcls->mro;
        size_t i = 0;
        while (i < mro->len && (SkClass *)mro->items[i].as.o != s->start) i++;
        for (i++; i < mro->len; i++) {
            SkClass *c = (SkClass *)mro->items[i].as.o;
            SkValue attr = sk_dict_get_str(c->dict, name);
            if (SK_IS_UNDEF(attr)) continue;
            // Through a class (classmethod's super), functions stay plain.
            if (SK_IS_KIND(self, SK_CLASS) && SK_AS_CLASS(self) == objcls)
                return class_descr_get(vm, attr, objcls);
            return descr_get(vm, attr, self, objcls, name);
        }
    }
    SkValue v = special_attr(vm, sk_obj(s), name);
    if (!SK_IS_UNDEF(v) || sk_has_exc(vm)) return v;
    if (opt) return SK_UNDEF;
    return sk_raise(vm, vm->exc.AttributeError, "'super' object has no attribute '%N'", name);
}

static SkValue getattr_impl(SkVM *vm, SkValue obj, SkStr *name, bool opt) {
    if (SK_IS_OBJ(obj)) {
        SkObj *o = SK_AS_OBJ(obj);
        switch (o->kind) {
        case SK_INSTANCE: {
            // The common case first: a plain instance attribute or method.
            SkInstance *in = (SkInstance *)o;
            SkClass *cls = in->cls;
            if (!(cls->cflags & SK_CLASS_HAS_GETATTRIBUTE) &&
                (name->data[0] != '_' || name->data[1] != '_')) {
                SkValue attr = sk_class_lookup(vm, cls, name);
                if (SK_IS_UNDEF(attr) || !SK_IS_OBJ(attr) || SK_AS_OBJ(attr)->kind == SK_FUNCTION ||
                    SK_AS_OBJ(attr)->kind == SK_NATIVE) {
                    SkValue v = in->dict ? sk_dict_get_str(in->dict, name) : SK_UNDEF;
                    if (!SK_IS_UNDEF(v)) return v;
                    if (!SK_IS_UNDEF(attr)) return descr_get(vm, attr, obj, cls, name);
                    if (cls->cflags & SK_CLASS_HAS_GETATTR)
                        return call_getattr_hook(vm, cls, obj, name);
                    return opt ? SK_UNDEF : attr_error(vm, obj, name);
                }
            }
            break;
        }
        case SK_CLASS: return class_getattr(vm, (SkClass *)o, name, opt);
        case SK_MODULE: return module_getattr(vm, (SkModule *)o, name, opt);
        case SK_SUPER: return sk_super_getattr(vm, (SkSuper *)o, name, opt);
        default: break;
        }
    }
    return instance_getattr(vm, obj, name, opt);
}

// As CPython 3.11's PyObject_GetAttr: an AttributeError leaving a lookup
// learns the name and object it was about (for "Did you mean").
static void add_error_context(SkVM *vm, SkValue obj, SkStr *name) {
    SkValue exc = vm->current->exc;
    if (!SK_IS_KIND(exc, SK_EXCEPTION) || !sk_exc_matches(vm, vm->exc.AttributeError)) return;
    SkDict *d = SK_AS_EXC(exc)->inst.dict;
    // Set aside while the dict grows (it may collect): keep it rooted.
    sk_gc_push_root(vm, exc);
    sk_take_exc(vm);
    SkStr *objkey = sk_str_intern_cstr(vm, "obj");
    SkStr *namekey = objkey ? sk_str_intern_cstr(vm, "name") : NULL;
    if (d && namekey && SK_IS_UNDEF(sk_dict_get_str(d, namekey)) &&
        SK_IS_UNDEF(sk_dict_get_str(d, objkey))) {
        if (sk_dict_set_str(vm, d, namekey, sk_obj(name))) sk_dict_set_str(vm, d, objkey, obj);
    }
    sk_clear_exc(vm);
    vm->current->exc = exc;
    sk_gc_pop_root(vm);
}

SkValue sk_getattr(SkVM *vm, SkValue obj, SkStr *name) {
    SkValue v = getattr_impl(vm, obj, name, false);
    if (SK_UNLIKELY(SK_IS_UNDEF(v))) {
        if (!sk_has_exc(vm)) attr_error(vm, obj, name);
        add_error_context(vm, obj, name);
    }
    return v;
}

SkValue sk_getattr_opt(SkVM *vm, SkValue obj, SkStr *name) {
    SkValue v = getattr_impl(vm, obj, name, true);
    if (SK_IS_UNDEF(v) && sk_has_exc(vm) && sk_exc_matches(vm, vm->exc.AttributeError))
        sk_clear_exc(vm);
    return v;
}

SkValue sk_object_getattribute(SkVM *vm, SkValue obj, SkStr *name) {
    if (SK_IS_KIND(obj, SK_CLASS) || SK_IS_KIND(obj, SK_MODULE) || SK_IS_KIND(obj, SK_SUPER))
        return sk_getattr(vm, obj, name);
    SkValue v = generic_getattr(vm, obj, name, sk_class_of(vm, obj));
    if (SK_IS_UNDEF(v) && !sk_has_exc(vm)) return attr_error(vm, obj, name);
    return v;
}

// ---------------------------------------------------------------- setattr / delattr

// Recompute the flags that send attribute access to a slow path when a
// class (re)defines __getattr__ and friends.
// The names class c's __slots__ lists ("x", or an iterable of names), or
// SK_UNDEF when c has no __slots__ in its own dict.
static SkValue own_slots(SkVM *vm, SkClass *c) {
    SkStr *k = sk_str_intern_cstr(vm, "__slots__");
    return k && c->dict ? sk_dict_get_str(c->dict, k) : SK_UNDEF;
}

static bool slots_name(SkValue slots, SkStr *name) {
    if (SK_IS_STR(slots)) return sk_str_eq(SK_AS_STR(slots), name);
    SkValue *items = SK_IS_TUPLE(slots)  ? SK_AS_TUPLE(slots)->items
                     : SK_IS_LIST(slots) ? SK_AS_LIST(slots)->items
                                         : NULL;
    size_t n = SK_IS_TUPLE(slots)  ? SK_AS_TUPLE(slots)->len
               : SK_IS_LIST(slots) ? SK_AS_LIST(slots)->len
                                   : 0;
    for (size_t i = 0; items && i < n; i++)
        if (SK_IS_STR(items[i]) && sk_str_eq(SK_AS_STR(items[i]), name)) return true;
    return false;
}

// Instances of a class whose whole mro (but object) uses __slots__, with
// no "__dict__" among them, have only the slots' attributes.
static bool all_slotted(SkVM *vm, SkClass *cls) {
    SkStr *dict = vm->names.dict;
    for (size_t i = 0; cls->mro && i < cls->mro->len; i++) {
        SkClass *c = SK_AS_CLASS(cls->mro->items[i]);
        if (c == vm->t.object) continue;
        if (c->builtin) return false;
        SkValue s = own_slots(vm, c);
        if (SK_IS_UNDEF(s) || slots_name(s, dict)) return false;
    }
    return true;
}

// Whether name is one of the slots a slotted instance of cls may have.
static bool slot_allowed(SkVM *vm, SkClass *cls, SkStr *name) {
    for (size_t i = 0; cls->mro && i < cls->mro->len; i++) {
        SkClass *c = SK_AS_CLASS(cls->mro->items[i]);
        if (c != vm->t.object && slots_name(own_slots(vm, c), name)) return true;
    }
    return false;
}

void sk_class_update_flags(SkVM *vm, SkClass *cls) {
    uint16_t f = cls->cflags & ~(SK_CLASS_HAS_GETATTR | SK_CLASS_HAS_SETATTR |
                                 SK_CLASS_HAS_DELATTR | SK_CLASS_HAS_GETATTRIBUTE | SK_CLASS_SLOTS);
    if (!cls->builtin && all_slotted(vm, cls)) f |= SK_CLASS_SLOTS;
    if (!SK_IS_UNDEF(sk_class_lookup(vm, cls, vm->names.getattr))) f |= SK_CLASS_HAS_GETATTR;
    SkValue v = sk_class_lookup(vm, cls, vm->names.setattr);
    if (!SK_IS_UNDEF(v) && !SK_IS_KIND(v, SK_NATIVE)) f |= SK_CLASS_HAS_SETATTR;
    v = sk_class_lookup(vm, cls, vm->names.delattr);
    if (!SK_IS_UNDEF(v) && !SK_IS_KIND(v, SK_NATIVE)) f |= SK_CLASS_HAS_DELATTR;
    v = sk_class_lookup(vm, cls, vm->names.getattribute);
    if (!SK_IS_UNDEF(v) && !SK_IS_KIND(v, SK_NATIVE)) f |= SK_CLASS_HAS_GETATTRIBUTE;
    f &= (uint16_t)~SK_CLASS_HAS_DEL;
    if (!cls->builtin && !SK_IS_UNDEF(sk_class_lookup(vm, cls, vm->names.del))) {
        f |= SK_CLASS_HAS_DEL;
        vm->has_del_classes = true;
    }
    cls->cflags = f;
}

static bool is_hook_name(SkVM *vm, SkStr *name) {
    return name == vm->names.getattr || name == vm->names.setattr || name == vm->names.delattr ||
           name == vm->names.getattribute || name == vm->names.del;
}

// A hook set on (or deleted from) a class after its creation changes the
// flags of its subclasses too. Classes keep no list of their subclasses,
// so walk the heap: rare, as hooks are nearly always in the class body.
static void update_hook_flags(SkVM *vm, SkClass *cls) {
    for (SkObj *o = vm->objects; o; o = o->next)
        if (o->kind == SK_CLASS && sk_is_subclass((SkClass *)o, cls))
            sk_class_update_flags(vm, (SkClass *)o);
}

static bool class_setattr(SkVM *vm, SkClass *cls, SkStr *name, SkValue v, bool del) {
    if (cls->builtin) {
        sk_raise(vm, vm->exc.TypeError, "cannot set '%N' attribute of immutable type '%N'", name,
                 cls->name);
        return false;
    }
    if (name == vm->names.name || name == vm->names.qualname) {
        if (del || !SK_IS_STR(v)) {
            sk_raise(vm, vm->exc.TypeError, "can only assign string to %N.%N, not '%T'", cls->name,
                     name, v);
            return false;
        }
        if (name == vm->names.name)
            cls->name = SK_AS_STR(v);
        else
            cls->qualname = SK_AS_STR(v);
        return true;
    }
    vm->class_epoch++;
    if (del) {
        int r = sk_dict_del(vm, cls->dict, sk_obj(name));
        if (r < 0) return false;
        if (r == 0) {
            sk_raise(vm, vm->exc.AttributeError, "type object '%N' has no attribute '%N'",
                     cls->name, name);
            return false;
        }
    } else if (!sk_dict_set_str(vm, cls->dict, name, v)) {
        return false;
    }
    if (is_hook_name(vm, name)) update_hook_flags(vm, cls);
    if (!strcmp(name->data, "__abstractmethods__")) { // abc.ABCMeta sets it: instances are refused
        int t = del ? 0 : sk_truthy(vm, v);
        if (t < 0) return false;
        cls->cflags =
            (uint16_t)(t ? cls->cflags | SK_CLASS_ABSTRACT : cls->cflags & ~SK_CLASS_ABSTRACT);
    }
    return true;
}

SkValue sk_class_raise_abstract(SkVM *vm, SkClass *cls) {
    SkStr *key = sk_str_intern_cstr(vm, "__abstractmethods__");
    SkList *names = key ? sk_list_of(vm, sk_dict_get_str(cls->dict, key)) : NULL;
    if (!names || !sk_list_sort(vm, names, SK_NONE, false)) return SK_ERR;
    SkBuf b;
    sk_buf_init(&b);
    bool ok = true;
    for (size_t i = 0; ok && i < names->len; i++) {
        SkStr *n = SK_IS_STR(names->items[i]) ? SK_AS_STR(names->items[i]) : NULL;
        ok = (i == 0 || sk_buf_append(vm, &b, ", ", 2)) &&
             (!n || sk_buf_append(vm, &b, n->data, n->len));
    }
    SkStr *joined = ok ? sk_str_new(vm, b.data ? b.data : "", b.len) : NULL;
    sk_buf_free(&b);
    if (!joined) return SK_ERR;
    return sk_raise(vm, vm->exc.TypeError,
                    "Can't instantiate abstract class %N with abstract method%s %N", cls->name,
                    names->len > 1 ? "s" : "", joined);
}

// Exception attributes kept in SkException fields.
static int exc_setattr(SkVM *vm, SkException *e, SkStr *name, SkValue v) {
    if (name == vm->names.args) {
        SkTuple *t = SK_IS_TUPLE(v) ? SK_AS_TUPLE(v) : sk_tuple_of(vm, v);
        if (!t) return -1;
        e->args = t;
        return 1;
    }
    if (name->data[0] != '_') return 0;
    if (is(name, "__cause__") || is(name, "__context__")) {
        if (!SK_IS_NONE(v) && !SK_IS_KIND(v, SK_EXCEPTION)) {
            sk_raise(vm, vm->exc.TypeError,
                     "exception %s must be None or derive from BaseException",
                     is(name, "__cause__") ? "cause" : "context");
            return -1;
        }
        if (is(name, "__cause__")) {
            e->cause = v;
            e->suppress_context = true;
        } else {
            e->context = v;
        }
        return 1;
    }
    if (is(name, "__suppress_context__")) {
        int t = sk_truthy(vm, v);
        if (t < 0) return -1;
        e->suppress_context = t;
        return 1;
    }
    if (is(name, "__traceback__")) return sk_traceback_set(vm, e, v) ? 1 : -1;
    return 0;
}

// object.__setattr__ / object.__delattr__ (del: v is SK_UNDEF).
bool sk_object_setattr(SkVM *vm, SkValue obj, SkStr *name, SkValue v) {
    bool del = SK_IS_UNDEF(v);
    if (SK_IS_KIND(obj, SK_CLASS)) return class_setattr(vm, SK_AS_CLASS(obj), name, v, del);
    SkClass *cls = sk_class_of(vm, obj);
    SkValue attr = sk_class_lookup(vm, cls, name);
    if (SK_IS_KIND(attr, SK_PROPERTY) && SK_AS_OBJ(attr)->extra == 0) {
        SkProperty *p = (SkProperty *)SK_AS_OBJ(attr);
        SkValue f = del ? p->fdel : p->fset;
        if (SK_IS_NONE(f) || SK_IS_UNDEF(f)) {
            // Properties of built-in types stand for CPython's getset descriptors.
            if (cls->builtin && SK_IS_KIND(p->fget, SK_NATIVE))
                sk_raise(vm, vm->exc.AttributeError,
                         "attribute '%N' of '%N' objects is not writable", name, cls->name);
            else
                sk_raise(vm, vm->exc.AttributeError, "property '%N' of '%N' object has no %s", name,
                         cls->name, del ? "deleter" : "setter");
            return false;
        }
        SkValue r = del ? sk_call1(vm, f, obj) : sk_call2(vm, f, obj, v);
        return !SK_IS_ERR(r);
    }
    if (SK_IS_KIND(attr, SK_INSTANCE)) {
        SkValue m =
            sk_class_lookup(vm, SK_AS_INSTANCE(attr)->cls, del ? vm->names.delete_ : vm->names.set);
        if (!SK_IS_UNDEF(m)) {
            SkValue args[3] = {attr, obj, v};
            return !SK_IS_ERR(sk_invoke(vm, m, args, del ? 2 : 3, NULL));
        }
    }
    SkObj *o = SK_IS_OBJ(obj) ? SK_AS_OBJ(obj) : NULL;
    SkDict *d = NULL;
    if (o && (o->kind == SK_INSTANCE || o->kind == SK_EXCEPTION)) {
        SkInstance *in = (SkInstance *)o;
        if (o->kind == SK_EXCEPTION && !del) {
            int r = exc_setattr(vm, (SkException *)o, name, v);
            if (r) return r > 0;
        }
        if (name == vm->names.class_ && !del) {
            if (!SK_IS_KIND(v, SK_CLASS) || SK_AS_CLASS(v)->inst_kind != o->kind ||
                SK_AS_CLASS(v)->builtin) {
                sk_raise(vm, vm->exc.TypeError,
                         "__class__ assignment only supported for mutable types or ModuleType "
                         "subclasses");
                return false;
            }
            in->cls = SK_AS_CLASS(v);
            return true;
        }
        if (name == vm->names.dict && !del) {
            if (!SK_IS_DICT(v)) {
                sk_raise(vm, vm->exc.TypeError, "__dict__ must be set to a dictionary, not a '%T'",
                         v);
                return false;
            }
            in->dict = SK_AS_DICT(v);
            return true;
        }
        // Instances of built-in classes (object(), NotImplemented) have no __dict__.
        if (o->kind == SK_INSTANCE && in->cls->builtin && !(in->cls->cflags & SK_CLASS_INST_DICT)) {
            d = NULL;
        } else if ((in->cls->cflags & SK_CLASS_SLOTS) && !slot_allowed(vm, in->cls, name)) {
            sk_raise(vm, vm->exc.AttributeError, "'%N' object has no attribute '%N'", in->cls->name,
                     name);
            return false;
        } else {
            if (!in->dict && !(in->dict = sk_dict_new(vm))) return false;
            d = in->dict;
        }
    } else if (o && o->kind == SK_FUNCTION) {
        SkFunction *f = (SkFunction *)o;
        if (!del && (name == vm->names.name || name == vm->names.qualname)) {
            if (!SK_IS_STR(v)) {
                sk_raise(vm, vm->exc.TypeError, "%N must be set to a string object", name);
                return false;
            }
            if (name == vm->names.name)
                f->name = SK_AS_STR(v);
            else
                f->qualname = SK_AS_STR(v);
            return true;
        }
        if (!del && name == vm->names.doc) {
            f->doc = v;
            return true;
        }
        if (!f->dict && !(f->dict = sk_dict_new(vm))) return false;
        d = f->dict;
    } else if (o && o->kind == SK_MODULE) {
        d = ((SkModule *)o)->dict;
    }
    if (!d) {
        if (!SK_IS_UNDEF(attr))
            sk_raise(vm, vm->exc.AttributeError, "'%N' object attribute '%N' is read-only",
                     cls->name, name);
        else
            attr_error(vm, obj, name);
        return false;
    }
    if (!del) return sk_dict_set_str(vm, d, name, v);
    int r = sk_dict_del(vm, d, sk_obj(name));
    if (r < 0) return false;
    if (r == 0) {
        if (o->kind == SK_MODULE) {
            SkValue mn = sk_dict_get_str(d, vm->names.name);
            if (SK_IS_STR(mn))
                sk_raise(vm, vm->exc.AttributeError, "module '%N' has no attribute '%N'",
                         SK_AS_STR(mn), name);
            else
                sk_raise(vm, vm->exc.AttributeError, "%N", name);
        } else {
            attr_error(vm, obj, name);
        }
        return false;
    }
    return true;
}

bool sk_setattr(SkVM *vm, SkValue obj, SkStr *name, SkValue v) {
    if (SK_IS_KIND(obj, SK_INSTANCE) || SK_IS_KIND(obj, SK_EXCEPTION)) {
        SkClass *cls = SK_AS_INSTANCE(obj)->cls;
        if (SK_UNLIKELY(cls->cflags & SK_CLASS_HAS_SETATTR)) {
            SkValue f = sk_class_lookup(vm, cls, vm->names.setattr);
            SkValue args[3] = {obj, sk_obj(name), v};
            return !SK_IS_ERR(sk_invoke(vm, f, args, 3, NULL));
        }
    }
    return sk_object_setattr(vm, obj, name, v);
}

bool sk_delattr(SkVM *vm, SkValue obj, SkStr *name) {
    if (SK_IS_KIND(obj, SK_INSTANCE) || SK_IS_KIND(obj, SK_EXCEPTION)) {
        SkClass *cls = SK_AS_INSTANCE(obj)->cls;
        if (SK_UNLIKELY(cls->cflags & SK_CLASS_HAS_DELATTR)) {
            SkValue f = sk_class_lookup(vm, cls, vm->names.delattr);
            SkValue args[2] = {obj, sk_obj(name)};
            return !SK_IS_ERR(sk_invoke(vm, f, args, 2, NULL));
        }
    }
    return sk_object_setattr(vm, obj, name, SK_UNDEF);
}
