// vm/classes/class_create.c -- making user classes and their instances: base
// checks, the C3 method resolution order, __set_name__/__init_subclass__
// (sk_class_create, run by BUILD_CLASS and type(name, bases, dict)), and
// sk_instance_new, which gives subclasses of list/dict/set their payload.
#include "vm/classes/class_create.h"
#include "vm/classes/class.h"
#include "vm/classes/error.h"
#include "vm/core/gc.h"
#include "vm/exec/call.h"
#include "vm/exec/import.h"
#include "vm/objects/dict.h"
#include "vm/objects/list.h"
#include "vm/objects/module.h"
#include "vm/objects/set.h"
#include "vm/objects/str.h"
#include "vm/objects/tuple.h"
#include <stdlib.h>

// Built-in classes a user class may not derive from.
static bool acceptable_base(SkVM *vm, SkClass *b) {
    if (!b->builtin) return true;
    SkClass *no[] = {vm->t.bool_,
                     vm->t.none,
                     vm->t.range,
                     vm->t.slice,
                     vm->t.function,
                     vm->t.builtin_function,
                     vm->t.method,
                     vm->t.generator,
                     vm->t.code,
                     vm->t.cell,
                     vm->t.not_implemented_type,
                     vm->t.ellipsis_type,
                     vm->t.dict_keys,
                     vm->t.dict_values,
                     vm->t.dict_items,
                     vm->t.list_iterator,
                     vm->t.tuple_iterator,
                     vm->t.range_iterator,
                     vm->t.str_iterator,
                     vm->t.bytes_iterator,
                     vm->t.dict_keyiterator,
                     vm->t.dict_valueiterator,
                     vm->t.dict_itemiterator,
                     vm->t.set_iterator,
                     vm->t.list_reverseiterator,
                     vm->t.callable_iterator};
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        if (no[i] == b) return false;
    return true;
}

// ---------------------------------------------------------------- C3

// Merge the mros of the bases and the base list itself (CPython's
// mro_implementation). seqs[i] holds lens[i] classes, consumed from pos[i].
static SkTuple *c3_mro(SkVM *vm, SkClass *cls, SkTuple *bases) {
    size_t nb = bases->len, nseq = nb + 1, total = 1;
    for (size_t i = 0; i < nb; i++) total += SK_AS_CLASS(bases->items[i])->mro->len;
    SkClass ***seqs = calloc(nseq, sizeof *seqs);
    size_t *lens = calloc(nseq, sizeof *lens), *pos = calloc(nseq, sizeof *pos);
    SkClass **out = calloc(total + nb + 1, sizeof *out);
    SkTuple *result = NULL;
    if (!seqs || !lens || !pos || !out) {
        sk_raise_nomem(vm);
        goto done;
    }
    for (size_t i = 0; i < nb; i++) {
        SkTuple *m = SK_AS_CLASS(bases->items[i])->mro;
        seqs[i] = (SkClass **)malloc(m->len * sizeof(SkClass *));
        if (!seqs[i]) {
            sk_raise_nomem(vm);
            goto done;
        }
        for (size_t j = 0; j < m->len; j++) seqs[i][j] = SK_AS_CLASS(m->items[j]);
        lens[i] = m->len;
    }
    seqs[nb] = malloc((nb ? nb : 1) * sizeof(SkClass *));
    if (!seqs[nb]) {
        sk_raise_nomem(vm);
        goto done;
    }
    for (size_t j = 0; j < nb; j++) seqs[nb][j] = SK_AS_CLASS(bases->items[j]);
    lens[nb] = nb;

    size_t n = 0;
    out[n++] = cls;
    for (;;) {
        bool empty = true;
        SkClass *pick = NULL;
        for (size_t i = 0; i < nseq && !pick; i++) {
            if (pos[i] >= lens[i]) continue;
            empty = false;
            SkClass *cand = seqs[i][pos[i]];
            bool in_tail = false;
            for (size_t k = 0; k < nseq && !in_tail; k++)
                for (size_t j = pos[k] + 1; j < lens[k]; j++)
                    if (seqs[k][j] == cand) {
                        in_tail = true;
                        break;
                    }
            if (!in_tail) pick = cand;
        }
        if (empty) break;
        if (!pick) {
            // CPython names the heads still waiting, each once.
            SkBuf b;
            sk_buf_init(&b);
            bool ok = true;
            SkClass *seen[64];
            size_t ns = 0;
            for (size_t i = 0; i < nseq && ok; i++) {
                if (pos[i] >= lens[i]) continue;
                SkClass *h = seqs[i][pos[i]];
                bool dup = false;
                for (size_t k = 0; k < ns; k++) dup |= seen[k] == h;
                if (dup) continue;
                if (ns < 64) seen[ns++] = h;
                if (b.len) ok = sk_buf_append(vm, &b, ", ", 2);
                if (ok) ok = sk_buf_append(vm, &b, h->name->data, h->name->len);
            }
            SkStr *names = ok ? sk_buf_finish(vm, &b) : NULL;
            if (!ok) sk_buf_free(&b);
            if (names)
                sk_raise(vm, vm->exc.TypeError,
                         "Cannot create a consistent method resolution\norder (MRO) for bases %N",
                         names);
            goto done;
        }
        out[n++] = pick;
        for (size_t i = 0; i < nseq; i++)
            if (pos[i] < lens[i] && seqs[i][pos[i]] == pick) pos[i]++;
    }
    result = sk_tuple_new(vm, n);
    if (result)
        for (size_t i = 0; i < n; i++) result->items[i] = sk_obj(out[i]);
done:
    if (seqs)
        for (size_t i = 0; i < nseq; i++) free(seqs[i]);
    free(seqs);
    free(lens);
    free(pos);
    free(out);
    return result;
}

// ---------------------------------------------------------------- class creation

SkClass *sk_class_create(SkVM *vm, SkStr *name, SkTuple *bases, SkDict *ns) {
    return sk_class_create_ex(vm, name, bases, ns, NULL, NULL);
}

// f(first, **kw) for a dict of keyword arguments (NULL: none).
static SkValue call_with_kwdict(SkVM *vm, SkValue f, SkValue first, SkDict *kw) {
    size_t n = kw ? kw->len : 0;
    if (n == 0) return sk_call1(vm, f, first);
    SkTuple *names = sk_tuple_new(vm, n);
    SkValue *args = malloc((n + 1) * sizeof(SkValue));
    if (!names || !args) {
        free(args);
        return sk_raise_nomem(vm);
    }
    args[0] = first;
    size_t i = 0, k = 0;
    SkValue key, val;
    while (sk_dict_next(kw, &i, &key, &val)) {
        names->items[k] = key;
        args[1 + k++] = val;
    }
    SkValue r = sk_invoke(vm, f, args, (int)(n + 1), names);
    free(args);
    return r;
}

SkClass *sk_class_create_ex(SkVM *vm, SkStr *name, SkTuple *bases, SkDict *ns, SkClass *meta,
                            SkDict *kw) {
    if (!bases || bases->len == 0) {
        SkValue o = sk_obj(vm->t.object);
        if (!(bases = sk_tuple_from(vm, &o, 1))) return NULL;
    }
    SkClass *solid = NULL; // the most derived built-in layout among the bases
    bool is_exc = false;
    for (size_t i = 0; i < bases->len; i++) {
        SkValue bv = bases->items[i];
        if (!SK_IS_KIND(bv, SK_CLASS)) {
            sk_raise(vm, vm->exc.TypeError, "bases must be types");
            return NULL;
        }
        SkClass *b = SK_AS_CLASS(bv);
        if (!acceptable_base(vm, b)) {
            sk_raise(vm, vm->exc.TypeError, "type '%N' is not an acceptable base type", b->name);
            return NULL;
        }
        for (size_t j = 0; j < i; j++)
            if (sk_identical(bases->items[j], bv)) {
                sk_raise(vm, vm->exc.TypeError, "duplicate base class %N", b->name);
                return NULL;
            }
        SkClass *bb = b->builtin_base ? b->builtin_base : vm->t.object;
        if (bb->inst_kind == SK_EXCEPTION || b->inst_kind == SK_EXCEPTION) is_exc = true;
        // Exception classes share one layout; other built-ins each have their own.
        SkClass *layout = bb->inst_kind == SK_EXCEPTION ? vm->exc.BaseException : bb;
        if (!solid || sk_is_subclass(layout, solid))
            solid = layout;
        else if (!sk_is_subclass(solid, layout)) {
            sk_raise(vm, vm->exc.TypeError, "multiple bases have instance lay-out conflict");
            return NULL;
        }
    }

    SkClass *cls = sk_gc_alloc(vm, SK_CLASS, sizeof(SkClass));
    if (!cls) return NULL;
    vm->class_epoch++; // this address may have been a class the lookup cache knows
    cls->name = cls->qualname = name;
    cls->bases = bases;
    cls->dict = ns;
    cls->meta = meta && meta != vm->t.type ? meta : NULL;
    cls->inst_kind = is_exc ? SK_EXCEPTION : SK_INSTANCE;
    SkTuple *mro = c3_mro(vm, cls, bases);
    if (!mro) return NULL;
    cls->mro = mro;
    cls->builtin_base = vm->t.object;
    for (size_t i = 1; i < mro->len; i++) {
        SkClass *c = SK_AS_CLASS(mro->items[i]);
        if (c->builtin) {
            cls->builtin_base = c;
            break;
        }
    }

    SkValue q = sk_dict_get_str(ns, vm->names.qualname);
    if (!SK_IS_UNDEF(q)) {
        if (!SK_IS_STR(q)) {
            sk_raise(vm, vm->exc.TypeError, "type __qualname__ must be a str, not %T", q);
            return NULL;
        }
        cls->qualname = SK_AS_STR(q);
        if (sk_dict_del(vm, ns, sk_obj(vm->names.qualname)) < 0) return NULL;
    }
    if (SK_IS_UNDEF(sk_dict_get_str(ns, vm->names.module))) {
        SkDict *g = sk_current_globals(vm);
        SkValue m = g ? sk_dict_get_str(g, vm->names.name) : SK_UNDEF;
        if (!SK_IS_UNDEF(m) && !sk_dict_set_str(vm, ns, vm->names.module, m)) return NULL;
    }
    // A plain function as __new__ is a staticmethod, as in CPython.
    SkValue nw = sk_dict_get_str(ns, vm->names.new_);
    if (SK_IS_KIND(nw, SK_FUNCTION)) {
        SkProperty *p = sk_gc_alloc(vm, SK_PROPERTY, sizeof(SkProperty));
        if (!p) return NULL;
        p->obj.extra = 1;
        p->fget = nw;
        p->fset = p->fdel = p->doc = SK_NONE;
        if (!sk_dict_set_str(vm, ns, vm->names.new_, sk_obj(p))) return NULL;
    }
    // __init_subclass__ defined as a plain function is implicitly a classmethod.
    SkValue isc = sk_dict_get_str(ns, vm->names.init_subclass);
    if (SK_IS_KIND(isc, SK_FUNCTION)) {
        SkProperty *p = sk_gc_alloc(vm, SK_PROPERTY, sizeof(SkProperty));
        if (!p) return NULL;
        p->obj.extra = 2;
        p->fget = isc;
        p->fset = p->fdel = p->doc = SK_NONE;
        if (!sk_dict_set_str(vm, ns, vm->names.init_subclass, sk_obj(p))) return NULL;
    }
    // Defining __eq__ without __hash__ makes instances unhashable (CPython
    // stores __hash__ = None in the class dict).
    if (!SK_IS_UNDEF(sk_dict_get_str(ns, vm->names.eq)) &&
        SK_IS_UNDEF(sk_dict_get_str(ns, vm->names.hash)) &&
        !sk_dict_set_str(vm, ns, vm->names.hash, SK_NONE))
        return NULL;
    sk_class_update_flags(vm, cls);
    vm->class_epoch++;

    // __set_name__ on the attributes (over a snapshot: the hooks may add names).
    SkList *pairs = NULL;
    size_t it = 0;
    SkValue k, v;
    while (sk_dict_next(ns, &it, &k, &v)) {
        if (!SK_IS_KIND(v, SK_INSTANCE)) continue;
        SkValue sn = sk_class_lookup(vm, SK_AS_INSTANCE(v)->cls, vm->names.set_name);
        if (SK_IS_UNDEF(sn)) continue;
        if (!pairs && !(pairs = sk_list_new(vm, 0))) return NULL;
        if (!sk_list_append(vm, pairs, sn) || !sk_list_append(vm, pairs, v) ||
            !sk_list_append(vm, pairs, k))
            return NULL;
    }
    for (size_t i = 0; pairs && i + 2 < pairs->len; i += 3) {
        SkValue args[3] = {pairs->items[i + 1], sk_obj(cls), pairs->items[i + 2]};
        if (SK_IS_ERR(sk_invoke(vm, pairs->items[i], args, 3, NULL))) return NULL;
    }

    // super().__init_subclass__(): the nearest definition after cls.
    for (size_t i = 1; i < mro->len; i++) {
        SkClass *c = SK_AS_CLASS(mro->items[i]);
        SkValue f = sk_dict_get_str(c->dict, vm->names.init_subclass);
        if (SK_IS_UNDEF(f)) continue;
        if (SK_IS_KIND(f, SK_PROPERTY) && SK_AS_OBJ(f)->extra == 2) {
            SkValue r = call_with_kwdict(vm, ((SkProperty *)SK_AS_OBJ(f))->fget, sk_obj(cls), kw);
            if (SK_IS_ERR(r)) return NULL;
        }
        break;
    }
    return cls;
}

// ---------------------------------------------------------------- instances

SkValue sk_instance_new(SkVM *vm, SkClass *cls) {
    if (cls->inst_kind == SK_EXCEPTION) {
        SkException *e = sk_gc_alloc(vm, SK_EXCEPTION, sizeof(SkException));
        if (!e) return SK_ERR;
        e->inst.cls = cls;
        e->inst.base = SK_UNDEF;
        e->cause = e->context = SK_NONE;
        if (!(e->inst.dict = sk_dict_new(vm))) return SK_ERR;
        if (!(e->args = sk_tuple_new(vm, 0))) return SK_ERR;
        return sk_obj(e);
    }
    if (cls->inst_kind != SK_INSTANCE) {
        return sk_raise(vm, vm->exc.TypeError, "cannot create '%N' instances", cls->name);
    }
    SkInstance *in = sk_gc_alloc(vm, SK_INSTANCE, sizeof(SkInstance));
    if (!in) return SK_ERR;
    in->cls = cls;
    in->base = SK_UNDEF;
    if (!(in->dict = sk_dict_new(vm))) return SK_ERR;
    SkClass *bb = cls->builtin_base;
    if (bb && bb != vm->t.object && !cls->builtin) {
        if (bb == vm->t.list) {
            SkList *l = sk_list_new(vm, 0);
            if (!l) return SK_ERR;
            in->base = sk_obj(l);
        } else if (bb == vm->t.dict) {
            SkDict *d = sk_dict_new(vm);
            if (!d) return SK_ERR;
            in->base = sk_obj(d);
        } else if (bb == vm->t.set) {
            SkSet *s = sk_set_new(vm, false);
            if (!s) return SK_ERR;
            in->base = sk_obj(s);
        }
    }
    return sk_obj(in);
}
