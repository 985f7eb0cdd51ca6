// vm/classes/generic_alias.c -- the objects type annotations evaluate to:
// types.GenericAlias (list[int], dict[str, int], what the built-in
// containers' __class_getitem__ returns) and types.UnionType (int | None).
// Both print as CPython prints them, compare and hash by their parts, and
// work where CPython lets them: a GenericAlias calls and subclasses as its
// origin (list[int]() is a list), a UnionType is accepted by isinstance()
// and issubclass(). Their instances are plain SkInstances of two built-in
// classes, their state in the instance dict (__origin__, __args__).
#include "vm/classes/generic_alias.h"
#include "vm/classes/class.h"
#include "vm/classes/class_create.h"
#include "vm/classes/error.h"
#include "vm/exec/call.h"
#include "vm/objects/dict.h"
#include "vm/objects/list.h"
#include "vm/objects/methods.h"
#include "vm/objects/str.h"
#include "vm/objects/tuple.h"
#include "vm/ops/compare.h"
#include "vm/ops/repr.h"
#include <string.h>

#define NATIVE(name) static SkValue name(SkVM *vm, SkValue *args, int nargs, SkTuple *kw)

static SkValue attr(SkVM *vm, SkValue self, const char *name) {
    if (!SK_IS_KIND(self, SK_INSTANCE)) return SK_UNDEF;
    SkStr *n = sk_str_intern_cstr(vm, name);
    return n ? sk_dict_get_str(SK_AS_INSTANCE(self)->dict, n) : SK_UNDEF;
}

static bool is_of(SkValue v, SkClass *cls) {
    return cls && SK_IS_KIND(v, SK_INSTANCE) && SK_AS_INSTANCE(v)->cls == cls;
}

static SkValue make(SkVM *vm, SkClass *cls, SkValue origin, SkTuple *args) {
    SkValue inst = sk_instance_new(vm, cls);
    if (SK_IS_ERR(inst)) return SK_ERR;
    SkDict *d = SK_AS_INSTANCE(inst)->dict;
    SkTuple *params = sk_tuple_new(vm, 0);
    if (!params || (!SK_IS_UNDEF(origin) && !sk_dict_set_cstr(vm, d, "__origin__", origin)) ||
        !sk_dict_set_cstr(vm, d, "__args__", sk_obj(args)) ||
        !sk_dict_set_cstr(vm, d, "__parameters__", sk_obj(params)))
        return SK_ERR;
    return inst;
}

SkValue sk_generic_alias_new(SkVM *vm, SkValue origin, SkValue key) {
    SkTuple *args = SK_IS_TUPLE(key) ? SK_AS_TUPLE(key) : sk_tuple_from(vm, &key, 1);
    return args ? make(vm, vm->t.generic_alias, origin, args) : SK_ERR;
}

// How CPython's ga_repr shows one argument: classes by qualified name
// (builtins bare), ... for Ellipsis, aliases and others by repr.
static bool repr_item(SkVM *vm, SkBuf *b, SkValue v) {
    if (sk_identical(v, vm->ellipsis)) return sk_buf_append(vm, b, "...", 3);
    if (SK_IS_NONE(v)) return sk_buf_append(vm, b, "None", 4);
    if (SK_IS_KIND(v, SK_CLASS)) {
        SkClass *c = SK_AS_CLASS(v);
        SkStr *mod = sk_class_module(vm, c);
        if (mod && strcmp(mod->data, "builtins") != 0 &&
            !(sk_buf_append(vm, b, mod->data, mod->len) && sk_buf_appendc(vm, b, '.')))
            return false;
        return sk_buf_append(vm, b, c->qualname->data, c->qualname->len);
    }
    SkStr *r = sk_repr(vm, v);
    return r && sk_buf_append(vm, b, r->data, r->len);
}

static SkValue buf_result(SkVM *vm, SkBuf *b, bool ok) {
    SkStr *s = ok ? sk_str_new(vm, b->data ? b->data : "", b->len) : NULL;
    sk_buf_free(b);
    return s ? sk_obj(s) : SK_ERR;
}

NATIVE(ga_repr) {
    SkValue origin = attr(vm, args[0], "__origin__"), a = attr(vm, args[0], "__args__");
    if (!SK_IS_TUPLE(a)) return sk_raise(vm, vm->exc.TypeError, "bad GenericAlias");
    SkBuf b;
    sk_buf_init(&b);
    bool ok = repr_item(vm, &b, origin) && sk_buf_appendc(vm, &b, '[');
    SkTuple *t = SK_AS_TUPLE(a);
    if (ok && t->len == 0) ok = sk_buf_append(vm, &b, "()", 2);
    for (size_t i = 0; ok && i < t->len; i++)
        ok = (i == 0 || sk_buf_append(vm, &b, ", ", 2)) && repr_item(vm, &b, t->items[i]);
    ok = ok && sk_buf_appendc(vm, &b, ']');
    return buf_result(vm, &b, ok);
}

NATIVE(ga_call) {
    SkValue origin = attr(vm, args[0], "__origin__");
    SkValue r = sk_invoke(vm, origin, args + 1, nargs - 1, kw);
    if (SK_IS_ERR(r)) return SK_ERR;
    if (SK_IS_KIND(r, SK_INSTANCE)) { // best effort, as CPython
        SkStr *n = sk_str_intern_cstr(vm, "__orig_class__");
        if (n && !sk_dict_set_str(vm, SK_AS_INSTANCE(r)->dict, n, args[0])) sk_clear_exc(vm);
    }
    return r;
}

// Both kinds compare and hash by (origin, args).
static SkValue same_parts(SkVM *vm, SkValue a, SkValue b, bool want_eq) {
    if (!SK_IS_KIND(b, SK_INSTANCE) || SK_AS_INSTANCE(b)->cls != SK_AS_INSTANCE(a)->cls)
        return vm->not_implemented;
    SkValue oa = attr(vm, a, "__origin__"), ob = attr(vm, b, "__origin__");
    int r = SK_IS_UNDEF(oa) ? SK_IS_UNDEF(ob) : SK_IS_UNDEF(ob) ? 0 : sk_eq(vm, oa, ob);
    SkValue aa = attr(vm, a, "__args__"), ab = attr(vm, b, "__args__");
    if (r == 1 && SK_IS_UNDEF(oa)) { // unions: the same members in any order
        SkTuple *x = SK_AS_TUPLE(aa), *y = SK_AS_TUPLE(ab);
        r = x->len == y->len;
        for (size_t i = 0; r == 1 && i < x->len; i++) {
            r = 0;
            for (size_t j = 0; r == 0 && j < y->len; j++) r = sk_eq(vm, x->items[i], y->items[j]);
        }
    } else if (r == 1) {
        r = sk_eq(vm, aa, ab);
    }
    if (r < 0) return SK_ERR;
    return sk_bool(want_eq ? r : !r);
}

NATIVE(ga_eq) { return same_parts(vm, args[0], args[1], true); }
NATIVE(ga_ne) { return same_parts(vm, args[0], args[1], false); }

NATIVE(ga_hash) {
    uint64_t h1 = 0, h2 = 0, h;
    SkValue o = attr(vm, args[0], "__origin__");
    SkTuple *t = SK_AS_TUPLE(attr(vm, args[0], "__args__"));
    if (!SK_IS_UNDEF(o) && !sk_hash(vm, o, &h1)) return SK_ERR;
    if (!SK_IS_UNDEF(o)) {
        if (!sk_hash(vm, sk_obj(t), &h2)) return SK_ERR;
    } else {
        for (size_t i = 0; i < t->len; i++) { // order-free, as the members compare
            if (!sk_hash(vm, t->items[i], &h)) return SK_ERR;
            h2 ^= h * 0x9e3779b97f4a7c15ULL;
        }
    }
    return sk_int((int64_t)((h1 ^ h2) >> 1));
}

NATIVE(ga_mro_entries) {
    SkValue origin = attr(vm, args[0], "__origin__");
    SkTuple *t = sk_tuple_from(vm, &origin, 1);
    return t ? sk_obj(t) : SK_ERR;
}

// Other attributes come from the origin (list[int].append is list.append).
NATIVE(ga_getattr) {
    if (!SK_IS_STR(args[1]))
        return sk_raise(vm, vm->exc.TypeError, "attribute name must be string");
    return sk_getattr(vm, attr(vm, args[0], "__origin__"), SK_AS_STR(args[1]));
}

// --- int | None ---

static bool union_part(SkValue v) {
    return SK_IS_NONE(v) || SK_IS_KIND(v, SK_CLASS) || SK_IS_KIND(v, SK_INSTANCE);
}

// Append v (or the parts of a union v) to l unless already there.
static bool add_part(SkVM *vm, SkList *l, SkValue v, SkClass *ucls) {
    if (SK_IS_NONE(v)) v = sk_obj(vm->t.none);
    if (is_of(v, ucls)) {
        SkTuple *t = SK_AS_TUPLE(attr(vm, v, "__args__"));
        for (size_t i = 0; i < t->len; i++)
            if (!add_part(vm, l, t->items[i], ucls)) return false;
        return true;
    }
    for (size_t i = 0; i < l->len; i++) {
        int e = sk_eq(vm, l->items[i], v);
        if (e < 0) return false;
        if (e) return true;
    }
    return sk_list_append(vm, l, v);
}

SkValue sk_union_or(SkVM *vm, SkValue a, SkValue b) {
    if (!union_part(a) || !union_part(b)) return vm->not_implemented;
    SkClass *u = vm->t.union_type;
    // Only types, None, aliases and unions combine; other instances decline.
    if ((SK_IS_KIND(a, SK_INSTANCE) && !is_of(a, u) && !is_of(a, vm->t.generic_alias)) ||
        (SK_IS_KIND(b, SK_INSTANCE) && !is_of(b, u) && !is_of(b, vm->t.generic_alias)))
        return vm->not_implemented;
    SkList *l = sk_list_new(vm, 2);
    if (!l || !add_part(vm, l, a, u) || !add_part(vm, l, b, u)) return SK_ERR;
    if (l->len == 1) return l->items[0];
    SkTuple *t = sk_tuple_from(vm, l->items, l->len);
    return t ? make(vm, u, SK_UNDEF, t) : SK_ERR;
}

NATIVE(union_repr) {
    SkTuple *t = SK_AS_TUPLE(attr(vm, args[0], "__args__"));
    SkBuf b;
    sk_buf_init(&b);
    bool ok = true;
    for (size_t i = 0; ok && i < t->len; i++) {
        SkValue v = t->items[i];
        if (SK_IS_KIND(v, SK_CLASS) && SK_AS_CLASS(v) == vm->t.none) v = SK_NONE;
        ok = (i == 0 || sk_buf_append(vm, &b, " | ", 3)) && repr_item(vm, &b, v);
    }
    return buf_result(vm, &b, ok);
}

NATIVE(union_or) { return sk_union_or(vm, args[0], args[1]); }
NATIVE(union_ror) { return sk_union_or(vm, args[1], args[0]); }

bool sk_union_args(SkVM *vm, SkValue v, SkTuple **args) {
    if (!is_of(v, vm->t.union_type)) return false;
    *args = SK_AS_TUPLE(attr(vm, v, "__args__"));
    return true;
}

// __class_getitem__ of the built-in containers and of type.
NATIVE(class_getitem) { return sk_generic_alias_new(vm, args[0], args[1]); }

void sk_init_generic_alias(SkVM *vm) {
    SkClass *g = vm->t.generic_alias, *u = vm->t.union_type;
    if (!g || !u) return;
    sk_define_method(vm, g, "__repr__", ga_repr, 1, 1, false);
    sk_define_method(vm, g, "__call__", ga_call, 1, -1, true);
    sk_define_method(vm, g, "__eq__", ga_eq, 2, 2, false);
    sk_define_method(vm, g, "__ne__", ga_ne, 2, 2, false);
    sk_define_method(vm, g, "__hash__", ga_hash, 1, 1, false);
    sk_define_method(vm, g, "__mro_entries__", ga_mro_entries, 2, 2, false);
    sk_define_method(vm, g, "__getattr__", ga_getattr, 2, 2, false);
    sk_define_method(vm, g, "__or__", union_or, 2, 2, false);
    sk_define_method(vm, g, "__ror__", union_ror, 2, 2, false);
    sk_define_method(vm, u, "__repr__", union_repr, 1, 1, false);
    sk_define_method(vm, u, "__eq__", ga_eq, 2, 2, false);
    sk_define_method(vm, u, "__ne__", ga_ne, 2, 2, false);
    sk_define_method(vm, u, "__hash__", ga_hash, 1, 1, false);
    sk_define_method(vm, u, "__or__", union_or, 2, 2, false);
    sk_define_method(vm, u, "__ror__", union_ror, 2, 2, false);
    sk_class_update_flags(vm, g);
    SkClass *generic[] = {vm->t.list,      vm->t.dict, vm->t.tuple,    vm->t.set,
                          vm->t.frozenset, vm->t.type, vm->t.enumerate};
    for (size_t i = 0; i < sizeof generic / sizeof generic[0]; i++)
        if (generic[i])
            sk_lib_define_wrapped(vm, generic[i], "__class_getitem__", class_getitem, 2, 2, false,
                                  2);
    sk_define_method(vm, vm->t.type, "__or__", union_or, 2, 2, false);
    sk_define_method(vm, vm->t.type, "__ror__", union_ror, 2, 2, false);
}
