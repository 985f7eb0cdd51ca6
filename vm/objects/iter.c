// vm/objects/iter.c -- iteration: sk_iter (iter(v)) and sk_next (next(it)) for
// every kind, the built-in iterator objects (SkIter, one layout for all:
// list, tuple, range, str, bytes, dict keys/values/items, set, reversed
// list, enumerate, zip, map, filter, __getitem__ sequences, iter(callable,
// sentinel)), and their __iter__/__next__/__length_hint__ natives.
// Generators resume through vm/exec/generator.c; user iterators through
// __iter__/__next__, where StopIteration means "exhausted".
#include "vm/objects/iter.h"
#include "vm/classes/class.h"
#include "vm/classes/error.h"
#include "vm/core/gc.h"
#include "vm/exec/call.h"
#include "vm/exec/generator.h"
#include "vm/exec/import.h"
#include "vm/objects/bytes.h"
#include "vm/objects/dict.h"
#include "vm/objects/list.h"
#include "vm/objects/set.h"
#include "vm/objects/str.h"
#include "vm/objects/tuple.h"
#include "vm/ops/compare.h"
#include "vm/ops/dunder.h"
#include "vm/ops/item.h"
#include <stdlib.h>

#define ITER_DONE 0x100 // SkObj.flags: exhausted for good

SkIter *sk_iter_new(SkVM *vm, SkIterKind kind, SkClass *cls, SkValue src) {
    SkIter *it = sk_gc_alloc(vm, SK_ITER, sizeof(SkIter));
    if (!it) return NULL;
    it->obj.extra = (uint32_t)kind;
    it->cls = cls;
    it->src = src;
    it->fn = SK_NONE;
    it->step = 1;
    return it;
}

static SkValue make(SkVM *vm, SkIterKind kind, SkClass *cls, SkValue src) {
    SkIter *it = sk_iter_new(vm, kind, cls, src);
    return it ? sk_obj(it) : SK_ERR;
}

static SkValue dict_iter(SkVM *vm, SkDict *d, int which) {
    static const SkIterKind kinds[] = {SK_IT_DICT_KEYS, SK_IT_DICT_VALUES, SK_IT_DICT_ITEMS};
    SkClass *cls = which == 0   ? vm->t.dict_keyiterator
                   : which == 1 ? vm->t.dict_valueiterator
                                : vm->t.dict_itemiterator;
    SkIter *it = sk_iter_new(vm, kinds[which], cls, sk_obj(d));
    if (!it) return SK_ERR;
    it->mutation = d->len;
    it->n = (int64_t)d->len; // items left to give: more is "keys changed"
    return sk_obj(it);
}

// The iterator for a built-in kind, or SK_UNDEF if the kind has none.
static SkValue builtin_iter(SkVM *vm, SkValue v) {
    SkObj *o = v.as.o;
    switch ((SkKind)o->kind) {
    case SK_LIST: return make(vm, SK_IT_LIST, vm->t.list_iterator, v);
    case SK_TUPLE: return make(vm, SK_IT_TUPLE, vm->t.tuple_iterator, v);
    case SK_STR: return make(vm, SK_IT_STR, vm->t.str_iterator, v);
    case SK_BYTES: return make(vm, SK_IT_BYTES, vm->t.bytes_iterator, v);
    case SK_BYTEARRAY: { // over a snapshot of the contents
        SkBytes *b = sk_bytes_new(vm, SK_AS_BYTEARRAY(v)->data, SK_AS_BYTEARRAY(v)->len);
        return b ? make(vm, SK_IT_BYTES, vm->t.bytes_iterator, sk_obj(b)) : SK_ERR;
    }
    case SK_RANGE: {
        SkRange *r = (SkRange *)o;
        SkIter *it = sk_iter_new(vm, SK_IT_RANGE, vm->t.range_iterator, v);
        if (!it) return SK_ERR;
        it->i = r->start;
        it->n = r->len < 0 ? INT64_MAX : r->len;
        it->step = r->step;
        return sk_obj(it);
    }
    case SK_DICT: return dict_iter(vm, (SkDict *)o, 0);
    case SK_DICT_VIEW:
        return dict_iter(vm, ((SkDictView *)o)->dict, o->extra > 2 ? 0 : (int)o->extra);
    case SK_SET: {
        SkIter *it = sk_iter_new(vm, SK_IT_SET, vm->t.set_iterator, v);
        if (!it) return SK_ERR;
        it->mutation = ((SkSet *)o)->used;
        return sk_obj(it);
    }
    case SK_ITER:
    case SK_GENERATOR: return v;
    default: return SK_UNDEF;
    }
}

static bool is_iterator(SkVM *vm, SkValue v) {
    if (SK_IS_KIND(v, SK_ITER) || SK_IS_KIND(v, SK_GENERATOR)) return true;
    if (!SK_IS_OBJ(v)) return false;
    return !SK_IS_UNDEF(sk_class_lookup(vm, sk_class_of(vm, v), vm->names.next));
}

SkValue sk_iter(SkVM *vm, SkValue v) {
    if (SK_IS_OBJ(v)) {
        if (!sk_ops_is_user(v)) {
            SkValue r = builtin_iter(vm, v);
            if (!SK_IS_UNDEF(r) || sk_has_exc(vm)) return r;
        }
        // __iter__ of a user class (or of a class another part defines in C).
        SkValue m = sk_ops_lookup(vm, v, vm->names.iter);
        if (SK_IS_NONE(m)) return sk_raise(vm, vm->exc.TypeError, "'%T' object is not iterable", v);
        if (!SK_IS_UNDEF(m)) {
            SkValue r = sk_ops_call(vm, m, v, NULL, 0);
            if (SK_IS_ERR(r)) return r;
            if (!is_iterator(vm, r))
                return sk_raise(vm, vm->exc.TypeError, "iter() returned non-iterator of type '%T'",
                                r);
            return r;
        }
        SkValue p = sk_ops_payload(v);
        if (SK_IS_OBJ(p)) {
            SkValue r = builtin_iter(vm, p);
            if (!SK_IS_UNDEF(r) || sk_has_exc(vm)) return r;
        }
        if (sk_ops_is_user(v) && !SK_IS_UNDEF(sk_ops_lookup(vm, v, vm->names.getitem)))
            return make(vm, SK_IT_SEQ, vm->t.iterator, v);
    }
    return sk_raise(vm, vm->exc.TypeError, "'%T' object is not iterable", v);
}

// --- stepping ---

static SkValue done(SkIter *it) {
    it->obj.flags |= ITER_DONE;
    return SK_UNDEF;
}

static SkValue zip_next(SkVM *vm, SkIter *it) {
    SkTuple *its = SK_AS_TUPLE(it->src);
    size_t n = its->len;
    if (n == 0) return done(it);
    SkTuple *t = sk_tuple_new(vm, n);
    if (!t) return SK_ERR;
    for (size_t k = 0; k < n; k++) {
        SkValue v = sk_next(vm, its->items[k]);
        if (SK_IS_UNDEF(v)) {
            if (sk_has_exc(vm)) return SK_ERR;
            if (it->step) { // strict: every other iterator must be exhausted too
                if (k > 0)
                    return sk_raise(vm, vm->exc.ValueError,
                                    k == 1 ? "zip() argument %zu is shorter than argument 1"
                                           : "zip() argument %zu is shorter than arguments 1-%zu",
                                    k + 1, k);
                for (size_t j = 1; j < n; j++) {
                    SkValue w = sk_next(vm, its->items[j]);
                    if (!SK_IS_UNDEF(w))
                        return sk_raise(vm, vm->exc.ValueError,
                                        j == 1
                                            ? "zip() argument %zu is longer than argument 1"
                                            : "zip() argument %zu is longer than arguments 1-%zu",
                                        j + 1, j);
                    if (sk_has_exc(vm)) return SK_ERR;
                }
            }
            return done(it);
        }
        t->items[k] = v;
    }
    return sk_obj(t);
}

static SkValue map_next(SkVM *vm, SkIter *it) {
    SkTuple *its = SK_AS_TUPLE(it->src);
    size_t n = its->len;
    SkValue small[8];
    SkValue *args = n <= 8 ? small : malloc(n * sizeof(SkValue));
    if (!args) return sk_raise_nomem(vm);
    SkValue r = SK_UNDEF;
    size_t k;
    for (k = 0; k < n; k++) {
        args[k] = sk_next(vm, its->items[k]);
        if (SK_IS_UNDEF(args[k])) break;
    }
    if (k == n)
        r = sk_invoke(vm, it->fn, args, (int)n, NULL);
    else if (!sk_has_exc(vm))
        done(it);
    if (args != small) free(args);
    return r;
}

static SkValue iter_next(SkVM *vm, SkIter *it) {
    if (it->obj.flags & ITER_DONE) return SK_UNDEF;
    switch ((SkIterKind)it->obj.extra) {
    case SK_IT_LIST: {
        SkList *l = SK_AS_LIST(it->src);
        if ((size_t)it->i >= l->len) return done(it);
        return l->items[it->i++];
    }
    case SK_IT_TUPLE: {
        SkTuple *t = SK_AS_TUPLE(it->src);
        if ((size_t)it->i >= t->len) return done(it);
        return t->items[it->i++];
    }
    case SK_IT_RANGE: {
        if (it->n <= 0) return done(it);
        int64_t v = it->i;
        it->i = (int64_t)((uint64_t)it->i + (uint64_t)it->step);
        it->n--;
        return sk_int(v);
    }
    case SK_IT_STR: {
        SkStr *s = SK_AS_STR(it->src);
        if ((size_t)it->i >= s->len) return done(it);
        size_t pos = (size_t)it->i;
        uint32_t cp = s->ascii ? (uint8_t)s->data[pos++] : sk_utf8_decode(s->data, s->len, &pos);
        it->i = (int64_t)pos;
        SkStr *c = sk_str_from_codepoint(vm, cp);
        return c ? sk_obj(c) : SK_ERR;
    }
    case SK_IT_BYTES: {
        SkBytes *b = SK_AS_BYTES(it->src);
        if ((size_t)it->i >= b->len) return done(it);
        return sk_int(b->data[it->i++]);
    }
    case SK_IT_DICT_KEYS:
    case SK_IT_DICT_VALUES:
    case SK_IT_DICT_ITEMS: {
        SkDict *d = SK_AS_DICT(it->src);
        if (d->len != it->mutation) {
            it->mutation = (size_t)-1; // keep raising, as CPython does
            return sk_raise(vm, vm->exc.RuntimeError, "dictionary changed size during iteration");
        }
        size_t i = (size_t)it->i;
        SkValue k, v;
        if (!sk_dict_next(d, &i, &k, &v)) return done(it);
        if (it->n <= 0) {
            // Same size, but a key came in for one that went: CPython's check.
            it->mutation = (size_t)-1;
            return sk_raise(vm, vm->exc.RuntimeError, "dictionary keys changed during iteration");
        }
        it->n--;
        it->i = (int64_t)i;
        if (it->obj.extra == SK_IT_DICT_KEYS) return k;
        if (it->obj.extra == SK_IT_DICT_VALUES) return v;
        SkTuple *t = sk_tuple_pair(vm, k, v);
        return t ? sk_obj(t) : SK_ERR;
    }
    case SK_IT_SET: {
        SkSet *s = SK_AS_SET(it->src);
        if (s->used != it->mutation) {
            it->mutation = (size_t)-1;
            return sk_raise(vm, vm->exc.RuntimeError, "Set changed size during iteration");
        }
        size_t i = (size_t)it->i;
        SkValue k;
        if (!sk_set_next(s, &i, &k)) return done(it);
        it->i = (int64_t)i;
        return k;
    }
    case SK_IT_LIST_REVERSE: {
        SkList *l = SK_AS_LIST(it->src);
        if (it->i < 0 || (size_t)it->i >= l->len) return done(it);
        return l->items[it->i--];
    }
    case SK_IT_ENUMERATE: {
        SkValue v = sk_next(vm, it->src);
        if (SK_IS_UNDEF(v)) return sk_has_exc(vm) ? SK_ERR : done(it);
        SkTuple *t = sk_tuple_pair(vm, sk_int(it->i), v);
        if (!t) return SK_ERR;
        if (it->i == INT64_MAX)
            return sk_raise(vm, vm->exc.OverflowError, "enumerate counter overflow");
        it->i++;
        return sk_obj(t);
    }
    case SK_IT_ZIP: return zip_next(vm, it);
    case SK_IT_MAP: return map_next(vm, it);
    case SK_IT_FILTER:
        for (;;) {
            SkValue v = sk_next(vm, it->src);
            if (SK_IS_UNDEF(v)) return sk_has_exc(vm) ? SK_ERR : done(it);
            int t;
            if (SK_IS_NONE(it->fn))
                t = sk_truthy(vm, v);
            else {
                SkValue r = sk_call1(vm, it->fn, v);
                if (SK_IS_ERR(r)) return SK_ERR;
                t = sk_truthy(vm, r);
            }
            if (t < 0) return SK_ERR;
            if (t) return v;
        }
    case SK_IT_SEQ: {
        if (it->i < 0) return done(it);
        SkValue v = sk_getitem(vm, it->src, sk_int(it->i));
        if (SK_IS_ERR(v)) {
            if (sk_exc_matches(vm, vm->exc.IndexError) ||
                sk_exc_matches(vm, vm->exc.StopIteration)) {
                sk_clear_exc(vm);
                return done(it);
            }
            return SK_ERR;
        }
        it->i += it->step;
        return v;
    }
    case SK_IT_CALLABLE: {
        SkValue v = sk_invoke(vm, it->fn, NULL, 0, NULL);
        if (SK_IS_ERR(v)) {
            if (sk_exc_matches(vm, vm->exc.StopIteration)) {
                sk_clear_exc(vm);
                return done(it);
            }
            return SK_ERR;
        }
        int eq = sk_eq(vm, v, it->src);
        if (eq < 0) return SK_ERR;
        if (eq) return done(it);
        return v;
    }
    default: return done(it);
    }
}

SkValue sk_next(SkVM *vm, SkValue it) {
    if (SK_IS_KIND(it, SK_ITER)) return iter_next(vm, (SkIter *)it.as.o);
    if (SK_IS_KIND(it, SK_GENERATOR)) return sk_generator_next(vm, SK_AS_GEN(it));
    if (SK_IS_OBJ(it)) {
        SkValue m = sk_class_lookup(vm, sk_class_of(vm, it), vm->names.next);
        if (!SK_IS_UNDEF(m) && !SK_IS_NONE(m)) {
            SkValue r = sk_ops_call(vm, m, it, NULL, 0);
            if (SK_IS_ERR(r) && sk_exc_matches(vm, vm->exc.StopIteration)) {
                sk_clear_exc(vm);
                return SK_UNDEF;
            }
            return r;
        }
    }
    return sk_raise(vm, vm->exc.TypeError, "'%T' object is not an iterator", it);
}

// --- makers for the builtins ---

SkValue sk_iter_enumerate(SkVM *vm, SkValue iterable, int64_t start) {
    SkValue src = sk_iter(vm, iterable);
    if (SK_IS_ERR(src)) return SK_ERR;
    SkIter *it = sk_iter_new(vm, SK_IT_ENUMERATE, vm->t.enumerate, src);
    if (!it) return SK_ERR;
    it->i = start;
    return sk_obj(it);
}

static SkTuple *iter_all(SkVM *vm, const SkValue *iterables, int n) {
    SkTuple *t = sk_tuple_new(vm, (size_t)n);
    if (!t) return NULL;
    for (int k = 0; k < n; k++) {
        SkValue it = sk_iter(vm, iterables[k]);
        if (SK_IS_ERR(it)) return NULL;
        t->items[k] = it;
    }
    return t;
}

SkValue sk_iter_zip(SkVM *vm, const SkValue *iterables, int n, bool strict) {
    SkTuple *its = iter_all(vm, iterables, n);
    if (!its) return SK_ERR;
    SkIter *it = sk_iter_new(vm, SK_IT_ZIP, vm->t.zip, sk_obj(its));
    if (!it) return SK_ERR;
    it->step = strict;
    return sk_obj(it);
}

SkValue sk_iter_map(SkVM *vm, SkValue fn, const SkValue *iterables, int n) {
    SkTuple *its = iter_all(vm, iterables, n);
    if (!its) return SK_ERR;
    SkIter *it = sk_iter_new(vm, SK_IT_MAP, vm->t.map, sk_obj(its));
    if (!it) return SK_ERR;
    it->fn = fn;
    return sk_obj(it);
}

SkValue sk_iter_filter(SkVM *vm, SkValue fn, SkValue iterable) {
    SkValue src = sk_iter(vm, iterable);
    if (SK_IS_ERR(src)) return SK_ERR;
    SkIter *it = sk_iter_new(vm, SK_IT_FILTER, vm->t.filter, src);
    if (!it) return SK_ERR;
    it->fn = fn;
    return sk_obj(it);
}

SkValue sk_iter_reversed(SkVM *vm, SkValue seq) {
    SkValue v = seq;
    if (sk_ops_is_user(v)) {
        SkValue r = sk_ops_dunder(vm, v, vm->names.reversed, NULL, 0);
        if (!SK_IS_UNDEF(r) || sk_has_exc(vm)) return r;
        SkValue p = sk_ops_payload(v);
        if (!SK_IS_UNDEF(p) && SK_IS_UNDEF(sk_ops_lookup(vm, v, vm->names.getitem))) v = p;
    }
    if (SK_IS_LIST(v)) {
        SkIter *it = sk_iter_new(vm, SK_IT_LIST_REVERSE, vm->t.list_reverseiterator, v);
        if (!it) return SK_ERR;
        it->i = (int64_t)SK_AS_LIST(v)->len - 1;
        return sk_obj(it);
    }
    if (SK_IS_KIND(v, SK_RANGE)) {
        SkRange *r = SK_AS_RANGE(v);
        SkIter *it = sk_iter_new(vm, SK_IT_RANGE, vm->t.range_iterator, v);
        if (!it) return SK_ERR;
        it->n = r->len < 0 ? INT64_MAX : r->len;
        it->i = (int64_t)((uint64_t)r->start + (uint64_t)(it->n - 1) * (uint64_t)r->step);
        it->step = (int64_t)((uint64_t)0 - (uint64_t)r->step);
        return sk_obj(it);
    }
    if (SK_IS_KIND(v, SK_DICT) || SK_IS_KIND(v, SK_DICT_VIEW)) {
        // reversed(dict): keys in reverse insertion order.
        SkDict *d = SK_IS_KIND(v, SK_DICT) ? SK_AS_DICT(v) : ((SkDictView *)v.as.o)->dict;
        int which = SK_IS_KIND(v, SK_DICT) ? 0 : (int)v.as.o->extra;
        SkList *l = sk_list_new(vm, d->len);
        if (!l) return SK_ERR;
        SkValue k, val;
        for (size_t i = 0; sk_dict_next(d, &i, &k, &val);) {
            SkValue item = which == 0 ? k : which == 1 ? val : SK_NONE;
            if (which == 2) {
                SkTuple *t = sk_tuple_pair(vm, k, val);
                if (!t) return SK_ERR;
                item = sk_obj(t);
            }
            l->items[l->len++] = item;
        }
        SkIter *it = sk_iter_new(vm, SK_IT_LIST_REVERSE, vm->t.list_reverseiterator, sk_obj(l));
        if (!it) return SK_ERR;
        it->i = (int64_t)l->len - 1;
        return sk_obj(it);
    }
    bool is_seq = SK_IS_TUPLE(v) || SK_IS_STR(v) || SK_IS_KIND(v, SK_BYTES) ||
                  (sk_ops_is_user(v) && !SK_IS_UNDEF(sk_ops_lookup(vm, v, vm->names.getitem)) &&
                   !SK_IS_UNDEF(sk_ops_lookup(vm, v, vm->names.len)));
    if (!is_seq) return sk_raise(vm, vm->exc.TypeError, "'%T' object is not reversible", seq);
    int64_t n;
    if (!sk_len(vm, v, &n)) return SK_ERR;
    SkIter *it = sk_iter_new(vm, SK_IT_SEQ, vm->t.reversed, v);
    if (!it) return SK_ERR;
    it->i = n - 1;
    it->step = -1;
    return sk_obj(it);
}

SkValue sk_iter_callable(SkVM *vm, SkValue fn, SkValue sentinel) {
    SkIter *it = sk_iter_new(vm, SK_IT_CALLABLE, vm->t.callable_iterator, sentinel);
    if (!it) return SK_ERR;
    it->fn = fn;
    return sk_obj(it);
}

// --- natives ---

static SkValue it_iter(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) { return args[0]; }

static SkValue it_next(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkValue r = sk_next(vm, args[0]);
    if (SK_IS_UNDEF(r) && !sk_has_exc(vm)) return sk_raise_value(vm, sk_obj(vm->exc.StopIteration));
    return r;
}

static SkValue it_length_hint(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkIter *it = (SkIter *)args[0].as.o;
    if (!SK_IS_KIND(args[0], SK_ITER) || (it->obj.flags & ITER_DONE)) return sk_int(0);
    int64_t n = 0;
    switch ((SkIterKind)it->obj.extra) {
    case SK_IT_LIST: n = (int64_t)SK_AS_LIST(it->src)->len - it->i; break;
    case SK_IT_TUPLE: n = (int64_t)SK_AS_TUPLE(it->src)->len - it->i; break;
    case SK_IT_BYTES: n = (int64_t)SK_AS_BYTES(it->src)->len - it->i; break;
    case SK_IT_RANGE: n = it->n; break;
    case SK_IT_LIST_REVERSE: n = it->i + 1; break;
    case SK_IT_DICT_KEYS:
    case SK_IT_DICT_VALUES:
    case SK_IT_DICT_ITEMS: n = (int64_t)SK_AS_DICT(it->src)->len; break;
    case SK_IT_SET: n = (int64_t)SK_AS_SET(it->src)->used; break;
    default: n = 0; break;
    }
    return sk_int(n < 0 ? 0 : n);
}

void sk_init_iter_methods(SkVM *vm) {
    SkClass *classes[] = {
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
        vm->t.enumerate,
        vm->t.zip,
        vm->t.map,
        vm->t.filter,
        vm->t.reversed,
        vm->t.iterator,
        vm->t.callable_iterator,
    };
    for (size_t i = 0; i < sizeof classes / sizeof classes[0]; i++) {
        SkClass *c = classes[i];
        if (!c) continue;
        sk_define_method(vm, c, "__iter__", it_iter, 1, 1, false);
        sk_define_method(vm, c, "__next__", it_next, 1, 1, false);
        if (i < 10) sk_define_method(vm, c, "__length_hint__", it_length_hint, 1, 1, false);
    }
}
