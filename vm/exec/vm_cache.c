// vm/exec/vm_cache.c -- the miss paths of the inline caches (vm_cache.h): the
// generic lookup, then a refill when the answer can be reused. The guards
// the hit paths in vm.c check are:
//   globals   the entry's key is still the interned name, and for a
//             builtins hit, globals has had no insertion since (len and
//             nentries unchanged), so it cannot shadow the builtin;
//   instance  same class, same vm->class_epoch (bumped by any change to a
//   attribute any class dict, class creation and each collection) and the
//             instance dict entry still holds the name;
//   method    same class and epoch, and no instance attribute shadows it.
#include "vm/exec/vm_cache.h"
#include "vm/classes/class.h"
#include "vm/classes/error.h"
#include "vm/exec/import.h"
#include "vm/exec/vm_proto.h"
#include "vm/objects/dict.h"

// An attribute may be served from an instance dict cache when the class
// has no attribute of that name (a data descriptor would win) and no
// __getattribute__/__setattr__ (hook) override.
static bool cacheable_attr(SkVM *vm, SkClass *cls, SkStr *name, SkStr *hook) {
    if (!SK_IS_UNDEF(sk_class_lookup(vm, cls, name))) return false;
    SkValue h = sk_class_lookup(vm, cls, hook);
    return SK_IS_UNDEF(h) || (SK_IS_KIND(h, SK_NATIVE) && SK_AS_NATIVE(h)->owner == vm->t.object);
}

static bool no_getattribute(SkVM *vm, SkClass *cls) {
    SkValue h = sk_class_lookup(vm, cls, vm->names.getattribute);
    return SK_IS_UNDEF(h) || (SK_IS_KIND(h, SK_NATIVE) && SK_AS_NATIVE(h)->owner == vm->t.object);
}

static void fill_dict_slot(SkCache *c, SkDict *d, SkStr *name) {
    int64_t i = sk_dict_find_str(d, name);
    if (i >= 0 && entry_is(d, i, name)) {
        c->a = d;
        c->i = i;
    }
}

SkValue sk_cache_load_global(SkVM *vm, SkCache *c, SkDict *g, SkStr *name) {
    SkValue v = sk_dict_get_str(g, name);
    SkDict *where = g;
    if (SK_IS_UNDEF(v)) {
        where = vm->builtins;
        v = sk_dict_get_str(vm->builtins, name);
        if (SK_IS_UNDEF(v))
            return sk_raise(vm, vm->exc.NameError, "name '%s' is not defined", name->data);
    }
    if (c) {
        int64_t i = sk_dict_find_str(where, name);
        if (i >= 0 && entry_is(where, i, name)) {
            c->a = where;
            c->b = g;
            c->i = i;
            c->n = ((uint64_t)g->len << 32) | g->nentries;
        }
    }
    return v;
}

SkValue sk_cache_load_attr(SkVM *vm, SkCache *c, SkValue o, SkStr *name) {
    // A site that sees several classes (methods shared by subclasses, as
    // in richards.sk) misses often: serve a plain instance attribute here
    // directly, refilling the cache, before the generic lookup.
    if (c && SK_IS_KIND(o, SK_INSTANCE)) {
        SkInstance *in = SK_AS_INSTANCE(o);
        // Instances of sibling classes usually lay out their dicts alike:
        // try the slot's index before hashing.
        int64_t i = !in->dict                        ? -1
                    : entry_is(in->dict, c->i, name) ? c->i
                                                     : sk_dict_find_str(in->dict, name);
        // (The class flag is what sk_getattr itself trusts for a
        // __getattribute__ override; it saves a lookup on this path.)
        if (i >= 0 && entry_is(in->dict, i, name) &&
            !(in->cls->cflags & SK_CLASS_HAS_GETATTRIBUTE) &&
            SK_IS_UNDEF(sk_class_lookup(vm, in->cls, name))) {
            c->a = in->cls;
            c->i = i;
            c->n = vm->class_epoch;
            return in->dict->entries[i].value;
        }
    }
    if (c && SK_IS_KIND(o, SK_INSTANCE)) {
        // A property's Skein getter: the loop runs it as a frame.
        SkValue f = sk_vm_proto_getter(vm, SK_AS_INSTANCE(o)->cls, name);
        if (!SK_IS_UNDEF(f)) {
            c->v = f; // (a LOAD_ATTR entry has no other use for v)
            return SK_ERR;
        }
    }
    SkValue v = sk_getattr(vm, o, name);
    if (SK_IS_ERR(v) || !c) return v;
    if (SK_IS_KIND(o, SK_INSTANCE)) {
        SkInstance *in = SK_AS_INSTANCE(o);
        int64_t i = in->dict ? sk_dict_find_str(in->dict, name) : -1;
        if (i >= 0 && entry_is(in->dict, i, name) &&
            cacheable_attr(vm, in->cls, name, vm->names.getattribute)) {
            c->a = in->cls;
            c->i = i;
            c->n = vm->class_epoch;
        }
    } else if (SK_IS_KIND(o, SK_MODULE)) {
        fill_dict_slot(c, SK_AS_MODULE(o)->dict, name);
    }
    return v;
}

bool sk_cache_store_attr(SkVM *vm, SkCache *c, SkValue o, SkStr *name, SkValue v) {
    // Same class and epoch but no entry yet: a fresh object in __init__
    // (`self.x = x`). The cache already proved that this class has no
    // descriptor or __setattr__ for name, so a plain dict store is right.
    if (c && SK_IS_KIND(o, SK_INSTANCE)) {
        SkInstance *in = SK_AS_INSTANCE(o);
        if (in->dict && in->cls == c->a && c->n == vm->class_epoch) {
            if (!sk_dict_set_str(vm, in->dict, name, v)) return false;
            int64_t i = sk_dict_find_str(in->dict, name);
            if (i >= 0 && entry_is(in->dict, i, name)) c->i = i;
            return true;
        }
        // Another class at a shared site (a method inherited by several
        // subclasses): overwrite an existing entry at the slot's index when
        // the class has neither a descriptor for name nor a Skein
        // __setattr__ -- exactly the case sk_setattr would store plainly.
        if (in->dict && entry_is(in->dict, c->i, name) &&
            !(in->cls->cflags & SK_CLASS_HAS_SETATTR) &&
            SK_IS_UNDEF(sk_class_lookup(vm, in->cls, name))) {
            in->dict->entries[c->i].value = v;
            c->a = in->cls;
            c->n = vm->class_epoch;
            return true;
        }
    }
    if (!sk_setattr(vm, o, name, v)) return false;
    if (SK_IS_KIND(o, SK_CLASS)) {
        vm->class_epoch++;
    } else if (c && SK_IS_KIND(o, SK_INSTANCE)) {
        SkInstance *in = SK_AS_INSTANCE(o);
        int64_t i = in->dict ? sk_dict_find_str(in->dict, name) : -1;
        if (i >= 0 && entry_is(in->dict, i, name) &&
            cacheable_attr(vm, in->cls, name, vm->names.setattr)) {
            c->a = in->cls;
            c->i = i;
            c->n = vm->class_epoch;
        }
    }
    return true;
}

bool sk_cache_load_method(SkVM *vm, SkCache *c, SkValue o, SkStr *name, SkValue *out) {
    SkClass *cls = NULL;
    if (!SK_IS_OBJ(o)) {
        cls = sk_class_of(vm, o);
    } else {
        uint8_t k = SK_AS_OBJ(o)->kind;
        // Classes, modules and super objects resolve names their own way.
        if (k != SK_CLASS && k != SK_MODULE && k != SK_SUPER && k != SK_EXCEPTION)
            cls = sk_cache_class(vm, o);
    }
    if (cls) {
        SkValue m = sk_class_lookup(vm, cls, name);
        bool plain =
            SK_IS_KIND(m, SK_FUNCTION) || (SK_IS_KIND(m, SK_NATIVE) && SK_AS_NATIVE(m)->owner);
        bool inst = SK_IS_KIND(o, SK_INSTANCE);
        if (plain && inst) {
            SkInstance *in = SK_AS_INSTANCE(o);
            if (in->dict && in->dict->len && sk_dict_find_str(in->dict, name) >= 0) plain = false;
        }
        // For instances the class flag is what instance_getattr trusts, and
        // it saves a lookup at sites that see several classes.
        if (plain &&
            (inst ? !(cls->cflags & SK_CLASS_HAS_GETATTRIBUTE) : no_getattribute(vm, cls))) {
            if (c) {
                c->a = cls;
                c->v = m;
                c->n = vm->class_epoch;
            }
            out[0] = m;
            out[1] = o;
            return true;
        }
    }
    SkValue v = sk_getattr(vm, o, name);
    if (SK_IS_ERR(v)) return false;
    if (c && SK_IS_KIND(o, SK_MODULE)) fill_dict_slot(c, SK_AS_MODULE(o)->dict, name);
    out[0] = SK_UNDEF;
    out[1] = v;
    return true;
}
