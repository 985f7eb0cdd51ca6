// vm/objects/dict_methods.c -- the methods of dict (get, pop, update, keys, ...),
// set and frozenset (add, union, issubset, ...), registered by
// sk_init_dict_methods / sk_init_set_methods from sk_init_types. The
// tables themselves (vm/objects/dict.c, vm/objects/set.c) belong to the objects layer;
// this file only combines their public operations, so iteration order and
// probing stay CPython's.
#include "vm/objects/dict_methods.h"
#include "vm/classes/class.h"
#include "vm/classes/error.h"
#include "vm/core/gc.h"
#include "vm/exec/call.h"
#include "vm/exec/import.h"
#include "vm/objects/dict.h"
#include "vm/objects/iter.h"
#include "vm/objects/list.h"
#include "vm/objects/methods.h"
#include "vm/objects/set.h"
#include "vm/objects/str.h"
#include "vm/objects/tuple.h"
#include "vm/ops/compare.h"
#include "vm/ops/item.h"

#define DICT_SELF(meth) SK_LIB_SELF(SkDict, d, SK_DICT, "dict", meth)

// --- merging ---

bool sk_lib_dict_merge(SkVM *vm, SkDict *d, SkValue other) {
    SkValue o = sk_payload(other);
    if (SK_IS_DICT(o)) {
        SkDict *src = SK_AS_DICT(o);
        if (src == d) return true;
        SkValue k, v;
        for (size_t i = 0; sk_dict_next(src, &i, &k, &v);)
            if (!sk_dict_set(vm, d, k, v)) return false;
        return true;
    }
    SkStr *keys_name = sk_str_intern_cstr(vm, "keys");
    if (!keys_name) return false;
    if (SK_IS_OBJ(other) && !SK_IS_UNDEF(sk_class_lookup(vm, sk_class_of(vm, other), keys_name))) {
        SkValue keys = sk_invoke_method(vm, other, keys_name, NULL, 0);
        return !SK_IS_ERR(keys) && sk_dict_update_keys(vm, d, other, keys);
    }
    SkValue it = sk_iter(vm, other);
    if (SK_IS_ERR(it)) return false;
    size_t mark = sk_arena_save(vm);
    for (size_t n = 0;; n++) {
        sk_arena_restore(vm, mark); // keys and values live on in d
        SkValue item = sk_next(vm, it);
        if (SK_IS_UNDEF(item)) return !sk_has_exc(vm);
        SkValue *kv;
        size_t len;
        SkValue pi = sk_payload(item);
        if (SK_IS_TUPLE(pi)) {
            kv = SK_AS_TUPLE(pi)->items;
            len = SK_AS_TUPLE(pi)->len;
        } else if (SK_IS_LIST(pi)) {
            kv = SK_AS_LIST(pi)->items;
            len = SK_AS_LIST(pi)->len;
        } else {
            bool iterable = SK_IS_OBJ(pi) && SK_OBJ_KIND(pi) != SK_INSTANCE &&
                            SK_OBJ_KIND(pi) != SK_FUNCTION && SK_OBJ_KIND(pi) != SK_NATIVE &&
                            SK_OBJ_KIND(pi) != SK_CLASS;
            if (!iterable && SK_IS_OBJ(pi))
                iterable = !SK_IS_UNDEF(sk_class_lookup(vm, sk_class_of(vm, pi), vm->names.iter));
            if (!iterable) {
                sk_raise(vm, vm->exc.TypeError,
                         "cannot convert dictionary update sequence element #%zu to a sequence", n);
                return false;
            }
            SkList *l = sk_list_of(vm, pi);
            if (!l) return false;
            kv = l->items;
            len = l->len;
        }
        if (len != 2) {
            sk_raise(vm, vm->exc.ValueError,
                     "dictionary update sequence element #%zu has length %zu; 2 is required", n,
                     len);
            return false;
        }
        if (!sk_dict_set(vm, d, kv[0], kv[1])) return false;
    }
}

static bool merge_kwargs(SkVM *vm, SkDict *d, SkValue *args, int nargs, SkTuple *kwnames) {
    if (!kwnames) return true;
    int np = nargs - (int)kwnames->len;
    for (size_t k = 0; k < kwnames->len; k++)
        if (!sk_dict_set(vm, d, kwnames->items[k], args[np + (int)k])) return false;
    return true;
}

// --- dict methods ---

static SkValue make_view(SkVM *vm, SkDict *d, int which) {
    SkDictView *v = sk_gc_alloc(vm, SK_DICT_VIEW, sizeof(SkDictView));
    if (!v) return SK_ERR;
    v->obj.extra = (uint32_t)which;
    v->dict = d;
    return sk_obj(v);
}
static SkValue dict_keys(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    DICT_SELF("keys");
    return make_view(vm, d, 0);
}
static SkValue dict_values(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    DICT_SELF("values");
    return make_view(vm, d, 1);
}
static SkValue dict_items(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    DICT_SELF("items");
    return make_view(vm, d, 2);
}

static SkValue dict_get(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    DICT_SELF("get");
    SkValue out;
    int r = SK_IS_STR(args[1]) ? ((out = sk_dict_get_str(d, SK_AS_STR(args[1]))), !SK_IS_UNDEF(out))
                               : sk_dict_get(vm, d, args[1], &out);
    if (r < 0) return SK_ERR;
    if (r) return out;
    return nargs > 2 ? args[2] : SK_NONE;
}

static SkValue dict_pop(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    DICT_SELF("pop");
    SkValue out;
    int r = sk_dict_get(vm, d, args[1], &out);
    if (r < 0) return SK_ERR;
    if (!r) return nargs > 2 ? args[2] : sk_raise_keyerror(vm, args[1]);
    if (sk_dict_del(vm, d, args[1]) < 0) return SK_ERR;
    return out;
}

static SkValue dict_popitem(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    DICT_SELF("popitem");
    for (size_t i = d->nentries; i > 0; i--) {
        SkDictEntry *e = &d->entries[i - 1];
        if (SK_IS_UNDEF(e->key)) continue;
        SkTuple *t = sk_tuple_pair(vm, e->key, e->value);
        if (!t || sk_dict_del(vm, d, t->items[0]) < 0) return SK_ERR;
        return sk_obj(t);
    }
    SkStr *msg = sk_str_cstr(vm, "popitem(): dictionary is empty");
    return msg ? sk_raise_keyerror(vm, sk_obj(msg)) : SK_ERR;
}

static SkValue dict_setdefault(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    DICT_SELF("setdefault");
    SkValue out;
    int r = sk_dict_get(vm, d, args[1], &out);
    if (r < 0) return SK_ERR;
    if (r) return out;
    SkValue dflt = nargs > 2 ? args[2] : SK_NONE;
    return sk_dict_set(vm, d, args[1], dflt) ? dflt : SK_ERR;
}

static SkValue dict_update(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames) {
    DICT_SELF("update");
    int np = sk_npos(nargs, kwnames);
    if (np > 2)
        return sk_raise(vm, vm->exc.TypeError, "update expected at most 1 argument, got %d",
                        np - 1);
    if (np == 2 && !sk_lib_dict_merge(vm, d, args[1])) return SK_ERR;
    return merge_kwargs(vm, d, args, nargs, kwnames) ? SK_NONE : SK_ERR;
}

static SkValue dict_init(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames) {
    DICT_SELF("__init__");
    int np = sk_npos(nargs, kwnames);
    if (np > 2)
        return sk_raise(vm, vm->exc.TypeError, "dict expected at most 1 argument, got %d", np - 1);
    if (np == 2 && !sk_lib_dict_merge(vm, d, args[1])) return SK_ERR;
    return merge_kwargs(vm, d, args, nargs, kwnames) ? SK_NONE : SK_ERR;
}

static SkValue dict_copy(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    DICT_SELF("copy");
    SkDict *c = sk_dict_copy(vm, d);
    return c ? sk_obj(c) : SK_ERR;
}

static SkValue dict_clear(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    DICT_SELF("clear");
    sk_dict_clear(vm, d);
    return SK_NONE;
}

// dict.fromkeys(iterable, value=None), a classmethod: args[0] is the class.
static SkValue dict_fromkeys(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkValue value = nargs > 2 ? args[2] : SK_NONE;
    SkValue target;
    bool plain = !SK_IS_KIND(args[0], SK_CLASS) || SK_AS_CLASS(args[0]) == vm->t.dict;
    if (plain) {
        SkDict *d = sk_dict_new(vm);
        if (!d) return SK_ERR;
        target = sk_obj(d);
    } else {
        target = sk_invoke(vm, args[0], NULL, 0, NULL);
        if (SK_IS_ERR(target)) return SK_ERR;
    }
    SkValue it = sk_iter(vm, args[1]);
    if (SK_IS_ERR(it)) return SK_ERR;
    for (;;) {
        SkValue k = sk_next(vm, it);
        if (SK_IS_UNDEF(k)) return sk_has_exc(vm) ? SK_ERR : target;
        bool ok = plain ? sk_dict_set(vm, SK_AS_DICT(target), k, value)
                        : sk_setitem(vm, target, k, value);
        if (!ok) return SK_ERR;
    }
}

static SkValue dict_getitem(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    DICT_SELF("__getitem__");
    SkValue out;
    int r = sk_dict_get(vm, d, args[1], &out);
    if (r < 0) return SK_ERR;
    if (r) return out;
    if (!SK_IS_DICT(args[0])) {
        SkValue m = sk_invoke_method(vm, args[0], vm->names.missing, &args[1], 1);
        if (!SK_IS_UNDEF(m) || sk_has_exc(vm)) return m;
    }
    return sk_raise_keyerror(vm, args[1]);
}

static SkValue dict_setitem(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    DICT_SELF("__setitem__");
    return sk_dict_set(vm, d, args[1], args[2]) ? SK_NONE : SK_ERR;
}

static SkValue dict_delitem(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    DICT_SELF("__delitem__");
    int r = sk_dict_del(vm, d, args[1]);
    if (r < 0) return SK_ERR;
    return r ? SK_NONE : sk_raise_keyerror(vm, args[1]);
}

static SkValue dict_contains(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    DICT_SELF("__contains__");
    SkValue out;
    int r = sk_dict_get(vm, d, args[1], &out);
    return r < 0 ? SK_ERR : sk_bool(r);
}

static SkValue dict_len(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    DICT_SELF("__len__");
    return sk_int((int64_t)d->len);
}

static SkValue dict_iter(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    DICT_SELF("__iter__");
    return sk_iter(vm, sk_obj(d));
}

static SkValue dict_eq(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    DICT_SELF("__eq__");
    SkValue o = sk_payload(args[1]);
    if (!SK_IS_DICT(o)) return vm->not_implemented;
    int r = sk_eq(vm, sk_obj(d), o);
    return r < 0 ? SK_ERR : sk_bool(r);
}

static SkValue dict_ne(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkValue r = dict_eq(vm, args, nargs, kw);
    if (SK_IS_BOOL(r)) return sk_bool(!SK_AS_BOOL(r));
    return r;
}

static SkValue dict_or(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    DICT_SELF("__or__");
    SkValue o = sk_payload(args[1]);
    if (!SK_IS_DICT(o)) return vm->not_implemented;
    SkDict *c = sk_dict_copy(vm, d);
    if (!c || !sk_lib_dict_merge(vm, c, o)) return SK_ERR;
    return sk_obj(c);
}

static SkValue dict_ior(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    DICT_SELF("__ior__");
    if (!sk_lib_dict_merge(vm, d, args[1])) return SK_ERR;
    return args[0];
}

// --- sets ---

static SkSet *self_set(SkVM *vm, SkValue self, const char *meth, bool mutating) {
    SkValue p = sk_payload(self);
    if (SK_IS_KIND(p, SK_SET) && !(mutating && (SK_AS_OBJ(p)->flags & SK_FLAG_FROZEN)))
        return SK_AS_SET(p);
    sk_lib_bad_self(vm, meth, mutating ? "set" : "frozenset", self);
    return NULL;
}

#define SET_SELF(meth, mut)                                                                        \
    SkSet *s = self_set(vm, args[0], meth, mut);                                                   \
    if (!s) return SK_ERR

static bool is_frozen(SkSet *s) { return (s->obj.flags & SK_FLAG_FROZEN) != 0; }

typedef bool (*EachFn)(SkVM *vm, SkValue item, void *ctx);

// Call fn for every item of any iterable, with fast paths for the built-ins.
static bool for_each(SkVM *vm, SkValue src, EachFn fn, void *ctx) {
    SkValue p = sk_payload(src);
    if (SK_IS_KIND(p, SK_SET)) {
        SkSet *s = SK_AS_SET(p);
        SkValue k;
        for (size_t i = 0; sk_set_next(s, &i, &k);)
            if (!fn(vm, k, ctx)) return false;
        return true;
    }
    if (SK_IS_LIST(p)) {
        for (size_t i = 0; i < SK_AS_LIST(p)->len; i++)
            if (!fn(vm, SK_AS_LIST(p)->items[i], ctx)) return false;
        return true;
    }
    if (SK_IS_TUPLE(p)) {
        for (size_t i = 0; i < SK_AS_TUPLE(p)->len; i++)
            if (!fn(vm, SK_AS_TUPLE(p)->items[i], ctx)) return false;
        return true;
    }
    if (SK_IS_DICT(p)) {
        SkValue k, v;
        for (size_t i = 0; sk_dict_next(SK_AS_DICT(p), &i, &k, &v);)
            if (!fn(vm, k, ctx)) return false;
        return true;
    }
    SkValue it = sk_iter(vm, src);
    if (SK_IS_ERR(it)) return false;
    // Callbacks keep what they need in rooted sets: reset the arena per item.
    size_t mark = sk_arena_save(vm);
    for (;;) {
        SkValue v = sk_next(vm, it);
        if (SK_IS_UNDEF(v)) return !sk_has_exc(vm);
        if (!fn(vm, v, ctx)) return false;
        sk_arena_restore(vm, mark);
    }
}

static bool add_cb(SkVM *vm, SkValue item, void *ctx) { return sk_set_add(vm, ctx, item); }
static bool discard_cb(SkVM *vm, SkValue item, void *ctx) {
    return sk_set_discard(vm, ctx, item) >= 0;
}

static SkSet *set_copy_of(SkVM *vm, SkSet *s, bool frozen) {
    SkSet *c = sk_set_new(vm, frozen);
    if (!c) return NULL;
    SkValue k;
    for (size_t i = 0; sk_set_next(s, &i, &k);)
        if (!sk_set_add(vm, c, k)) return NULL;
    return c;
}

// A set holding the items of any iterable (the argument itself when it is one).
static SkSet *as_set(SkVM *vm, SkValue v) {
    SkValue p = sk_payload(v);
    if (SK_IS_KIND(p, SK_SET)) return SK_AS_SET(p);
    SkSet *s = sk_set_new(vm, false);
    if (!s || !for_each(vm, v, add_cb, s)) return NULL;
    return s;
}

static SkValue set_add(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SET_SELF("add", true);
    return sk_set_add(vm, s, args[1]) ? SK_NONE : SK_ERR;
}

static SkValue set_discard(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SET_SELF("discard", true);
    return sk_set_discard(vm, s, args[1]) < 0 ? SK_ERR : SK_NONE;
}

static SkValue set_remove(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SET_SELF("remove", true);
    int r = sk_set_discard(vm, s, args[1]);
    if (r < 0) return SK_ERR;
    return r ? SK_NONE : sk_raise_keyerror(vm, args[1]);
}

// set.pop follows CPython's finger so repeated pops return the same items
// in the same order.
static SkValue set_pop(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SET_SELF("pop", true);
    if (s->used == 0) {
        SkStr *msg = sk_str_cstr(vm, "pop from an empty set");
        return msg ? sk_raise_keyerror(vm, sk_obj(msg)) : SK_ERR;
    }
    size_t i = s->finger & s->mask;
    for (;;) {
        SkSetEntry *e = &s->table[i];
        bool dummy = SK_IS_NONE(e->key) && e->hash == (uint64_t)-1;
        if (!SK_IS_UNDEF(e->key) && !dummy) break;
        i = (i + 1) & s->mask;
    }
    SkValue key = s->table[i].key;
    if (sk_set_discard(vm, s, key) < 0) return SK_ERR;
    s->finger = i + 1;
    return key;
}

static SkValue set_clear(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SET_SELF("clear", true);
    // Swap tables with a fresh empty set, which the collector then frees
    // with the old table: the set gets CPython's small table back.
    SkSet *fresh = sk_set_new(vm, false);
    if (!fresh) return SK_ERR;
    SkSet tmp = *s;
    s->fill = fresh->fill;
    s->used = fresh->used;
    s->mask = fresh->mask;
    s->finger = fresh->finger;
    s->table = fresh->table;
    fresh->fill = tmp.fill;
    fresh->used = tmp.used;
    fresh->mask = tmp.mask;
    fresh->finger = tmp.finger;
    fresh->table = tmp.table;
    return SK_NONE;
}

static SkValue set_copy(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SET_SELF("copy", false);
    if (is_frozen(s) && SK_IS_KIND(args[0], SK_SET)) return args[0];
    SkSet *c = set_copy_of(vm, s, is_frozen(s));
    return c ? sk_obj(c) : SK_ERR;
}

static SkValue set_union(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SET_SELF("union", false);
    SkSet *r = set_copy_of(vm, s, is_frozen(s));
    if (!r) return SK_ERR;
    for (int i = 1; i < nargs; i++)
        if (!for_each(vm, args[i], add_cb, r)) return SK_ERR;
    return sk_obj(r);
}

static SkValue set_update(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SET_SELF("update", true);
    for (int i = 1; i < nargs; i++)
        if (!for_each(vm, args[i], add_cb, s)) return SK_ERR;
    return SK_NONE;
}

typedef struct InterCtx {
    SkSet *in, *out;
} InterCtx;

static bool inter_cb(SkVM *vm, SkValue item, void *ctx) {
    InterCtx *c = ctx;
    int r = sk_set_contains(vm, c->in, item);
    if (r < 0) return false;
    return r ? sk_set_add(vm, c->out, item) : true;
}

// so & other as CPython's set_intersection builds it (iterating the smaller set).
static SkSet *intersect(SkVM *vm, SkSet *so, SkValue other, bool frozen) {
    InterCtx c = {so, sk_set_new(vm, frozen)};
    if (!c.out) return NULL;
    SkValue po = sk_payload(other);
    if (SK_IS_KIND(po, SK_SET)) {
        SkSet *o = SK_AS_SET(po);
        SkSet *small = o, *big = so;
        if (o->used > so->used) {
            small = so;
            big = o;
        }
        c.in = big;
        SkValue k;
        for (size_t i = 0; sk_set_next(small, &i, &k);)
            if (!inter_cb(vm, k, &c)) return NULL;
        return c.out;
    }
    return for_each(vm, other, inter_cb, &c) ? c.out : NULL;
}

static SkValue set_intersection(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SET_SELF("intersection", false);
    bool frozen = is_frozen(s);
    SkSet *r = nargs == 1 ? set_copy_of(vm, s, frozen) : s;
    for (int i = 1; r && i < nargs; i++) r = intersect(vm, r, args[i], frozen);
    return r ? sk_obj(r) : SK_ERR;
}

static void set_take(SkSet *dst, SkSet *src) {
    // Move src's table into dst; src (fresh garbage) gets dst's old one.
    SkSet tmp = *dst;
    dst->fill = src->fill;
    dst->used = src->used;
    dst->mask = src->mask;
    dst->finger = src->finger;
    dst->table = src->table;
    src->fill = tmp.fill;
    src->used = tmp.used;
    src->mask = tmp.mask;
    src->finger = tmp.finger;
    src->table = tmp.table;
}

static SkValue set_intersection_update(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SET_SELF("intersection_update", true);
    for (int i = 1; i < nargs; i++) {
        SkSet *r = intersect(vm, s, args[i], false);
        if (!r) return SK_ERR;
        set_take(s, r);
    }
    return SK_NONE;
}

static SkValue set_difference(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SET_SELF("difference", false);
    SkSet *r = set_copy_of(vm, s, is_frozen(s));
    if (!r) return SK_ERR;
    for (int i = 1; i < nargs; i++)
        if (!for_each(vm, args[i], discard_cb, r)) return SK_ERR;
    return sk_obj(r);
}

static SkValue set_difference_update(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SET_SELF("difference_update", true);
    for (int i = 1; i < nargs; i++) {
        if (sk_payload(args[i]).as.o == (SkObj *)s) {
            set_clear(vm, args, 1, NULL);
            continue;
        }
        if (!for_each(vm, args[i], discard_cb, s)) return SK_ERR;
    }
    return SK_NONE;
}

static bool symdiff_cb(SkVM *vm, SkValue item, void *ctx) {
    int r = sk_set_discard(vm, ctx, item);
    if (r < 0) return false;
    return r ? true : sk_set_add(vm, ctx, item);
}

static SkValue set_symmetric_difference(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SET_SELF("symmetric_difference", false);
    SkSet *r = sk_set_new(vm, is_frozen(s));
    if (!r || !for_each(vm, args[1], add_cb, r)) return SK_ERR;
    SkValue k;
    for (size_t i = 0; sk_set_next(s, &i, &k);)
        if (!symdiff_cb(vm, k, r)) return SK_ERR;
    return sk_obj(r);
}

static SkValue set_symmetric_difference_update(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SET_SELF("symmetric_difference_update", true);
    SkSet *o = as_set(vm, args[1]);
    if (!o) return SK_ERR;
    if (o == s) return set_clear(vm, args, 1, NULL);
    SkValue k;
    for (size_t i = 0; sk_set_next(o, &i, &k);)
        if (!symdiff_cb(vm, k, s)) return SK_ERR;
    return SK_NONE;
}

// 1 if every item of a is in b, 0 if not, -1 raised.
static int all_in(SkVM *vm, SkSet *a, SkSet *b) {
    if (a->used > b->used) return 0;
    SkValue k;
    for (size_t i = 0; sk_set_next(a, &i, &k);) {
        int r = sk_set_contains(vm, b, k);
        if (r <= 0) return r;
    }
    return 1;
}

static SkValue set_issubset(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SET_SELF("issubset", false);
    SkSet *o = as_set(vm, args[1]);
    if (!o) return SK_ERR;
    int r = all_in(vm, s, o);
    return r < 0 ? SK_ERR : sk_bool(r);
}

static SkValue set_issuperset(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SET_SELF("issuperset", false);
    SkSet *o = as_set(vm, args[1]);
    if (!o) return SK_ERR;
    int r = all_in(vm, o, s);
    return r < 0 ? SK_ERR : sk_bool(r);
}

static bool disjoint_cb(SkVM *vm, SkValue item, void *ctx) {
    InterCtx *c = ctx;
    int r = sk_set_contains(vm, c->in, item);
    if (r < 0) return false;
    if (r) {
        c->out = NULL; // found a common item: stop
        return false;
    }
    return true;
}

static SkValue set_isdisjoint(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SET_SELF("isdisjoint", false);
    InterCtx c = {s, s};
    if (!for_each(vm, args[1], disjoint_cb, &c)) {
        if (c.out == NULL && !sk_has_exc(vm)) return SK_FALSE;
        return SK_ERR;
    }
    return SK_TRUE;
}

static SkValue set_len(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SET_SELF("__len__", false);
    return sk_int((int64_t)s->used);
}

static SkValue set_contains(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SET_SELF("__contains__", false);
    int r = sk_set_contains(vm, s, args[1]);
    return r < 0 ? SK_ERR : sk_bool(r);
}

static SkValue set_iter(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SET_SELF("__iter__", false);
    return sk_iter(vm, sk_obj(s));
}

static SkValue set_init(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SET_SELF("__init__", true);
    if (nargs > 2)
        return sk_raise(vm, vm->exc.TypeError, "set expected at most 1 argument, got %d",
                        nargs - 1);
    if (s->used) set_clear(vm, args, 1, NULL);
    if (nargs == 2 && !for_each(vm, args[1], add_cb, s)) return SK_ERR;
    return SK_NONE;
}

static const SkMethodDef dict_methods[] = {
    {"keys", dict_keys, 1, 1, false},
    {"values", dict_values, 1, 1, false},
    {"items", dict_items, 1, 1, false},
    {"get", dict_get, 2, 3, false},
    {"pop", dict_pop, 2, 3, false},
    {"popitem", dict_popitem, 1, 1, false},
    {"setdefault", dict_setdefault, 2, 3, false},
    {"update", dict_update, 1, -1, true},
    {"copy", dict_copy, 1, 1, false},
    {"clear", dict_clear, 1, 1, false},
    {"__init__", dict_init, 1, -1, true},
    {"__getitem__", dict_getitem, 2, 2, false},
    {"__setitem__", dict_setitem, 3, 3, false},
    {"__delitem__", dict_delitem, 2, 2, false},
    {"__contains__", dict_contains, 2, 2, false},
    {"__len__", dict_len, 1, 1, false},
    {"__iter__", dict_iter, 1, 1, false},
    {"__eq__", dict_eq, 2, 2, false},
    {"__ne__", dict_ne, 2, 2, false},
    {"__or__", dict_or, 2, 2, false},
    {"__ior__", dict_ior, 2, 2, false},
};

static const SkMethodDef frozen_methods[] = {
    {"copy", set_copy, 1, 1, false},
    {"union", set_union, 1, -1, false},
    {"intersection", set_intersection, 1, -1, false},
    {"difference", set_difference, 1, -1, false},
    {"symmetric_difference", set_symmetric_difference, 2, 2, false},
    {"issubset", set_issubset, 2, 2, false},
    {"issuperset", set_issuperset, 2, 2, false},
    {"isdisjoint", set_isdisjoint, 2, 2, false},
    {"__len__", set_len, 1, 1, false},
    {"__contains__", set_contains, 2, 2, false},
    {"__iter__", set_iter, 1, 1, false},
};

static const SkMethodDef set_only_methods[] = {
    {"add", set_add, 2, 2, false},
    {"discard", set_discard, 2, 2, false},
    {"remove", set_remove, 2, 2, false},
    {"pop", set_pop, 1, 1, false},
    {"clear", set_clear, 1, 1, false},
    {"update", set_update, 1, -1, false},
    {"intersection_update", set_intersection_update, 1, -1, false},
    {"difference_update", set_difference_update, 1, -1, false},
    {"symmetric_difference_update", set_symmetric_difference_update, 2, 2, false},
    {"__init__", set_init, 1, -1, false},
};

void sk_init_dict_methods(SkVM *vm) {
    SK_LIB_DEFINE_TABLE(vm, vm->t.dict, dict_methods);
    if (vm->t.dict)
        sk_lib_define_wrapped(vm, vm->t.dict, "fromkeys", dict_fromkeys, 2, 3, false, 2);
}

void sk_init_set_methods(SkVM *vm) {
    SK_LIB_DEFINE_TABLE(vm, vm->t.set, frozen_methods);
    SK_LIB_DEFINE_TABLE(vm, vm->t.set, set_only_methods);
    SK_LIB_DEFINE_TABLE(vm, vm->t.frozenset, frozen_methods);
}
