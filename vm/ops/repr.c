// vm/ops/repr.c -- repr() and str() of every kind of value, worded as CPython
// 3.11 prints them: containers recursively (with "[...]" for a container
// that contains itself, tracked on vm->repr_stack), functions, methods,
// classes, modules and iterators with their addresses, and user objects
// through their __repr__/__str__ (object's defaults live here too).
#include "vm/ops/repr.h"
#include "vm/classes/class.h"
#include "vm/classes/error.h"
#include "vm/exec/call.h"
#include "vm/exec/generator.h"
#include "vm/exec/import.h"
#include "vm/objects/bigint.h"
#include "vm/objects/bytearray.h"
#include "vm/objects/bytes.h"
#include "vm/objects/code.h"
#include "vm/objects/complex.h"
#include "vm/objects/dict.h"
#include "vm/objects/list.h"
#include "vm/objects/number.h"
#include "vm/objects/range.h"
#include "vm/objects/set.h"
#include "vm/objects/str.h"
#include "vm/objects/tuple.h"
#include "vm/ops/dunder.h"
#include <stdio.h>

// Deep nesting recurses in C: stop well before the C stack would.
#define REPR_MAX_DEPTH 4000

// --- the recursion guard ---

// 1 if o is already being repr'd (print the ellipsis form), 0 if pushed, -1 raised.
static int repr_enter(SkVM *vm, SkObj *o) {
    if (!vm->repr_stack) {
        vm->repr_stack = sk_list_new(vm, 8);
        if (!vm->repr_stack) return -1;
    }
    SkList *st = vm->repr_stack;
    for (size_t i = 0; i < st->len; i++)
        if (st->items[i].as.o == o) return 1;
    if (!sk_list_append(vm, st, sk_obj(o))) return -1;
    return 0;
}

static void repr_leave(SkVM *vm, SkObj *o) {
    SkList *st = vm->repr_stack;
    if (st && st->len && st->items[st->len - 1].as.o == o) st->len--;
}

// --- pieces ---

static bool append_repr(SkVM *vm, SkBuf *b, SkValue v) {
    SkStr *s = sk_repr(vm, v);
    return s && sk_buf_append(vm, b, s->data, s->len);
}

static SkStr *seq_repr(SkVM *vm, SkObj *o, const SkValue *items0, size_t n0, const char *open,
                       const char *close, bool one_comma) {
    int e = repr_enter(vm, o);
    if (e < 0) return NULL;
    if (e > 0) return sk_str_format(vm, "%s...%s", open, close);
    SkBuf b;
    sk_buf_init(&b);
    bool ok = sk_buf_append(vm, &b, open, strlen(open));
    for (size_t i = 0; ok; i++) {
        // Re-read each time: an element's __repr__ may change a list.
        size_t n = o->kind == SK_LIST ? ((SkList *)o)->len : n0;
        if (i >= n) break;
        SkValue v = o->kind == SK_LIST ? ((SkList *)o)->items[i] : items0[i];
        if (i) ok = sk_buf_append(vm, &b, ", ", 2);
        ok = ok && append_repr(vm, &b, v);
    }
    if (ok && one_comma && n0 == 1) ok = sk_buf_appendc(vm, &b, ',');
    ok = ok && sk_buf_append(vm, &b, close, strlen(close));
    repr_leave(vm, o);
    if (!ok) {
        sk_buf_free(&b);
        return NULL;
    }
    return sk_buf_finish(vm, &b);
}

static SkStr *dict_repr(SkVM *vm, SkDict *d) {
    if (d->len == 0) return sk_str_intern_cstr(vm, "{}");
    int e = repr_enter(vm, &d->obj);
    if (e < 0) return NULL;
    if (e > 0) return sk_str_intern_cstr(vm, "{...}");
    SkBuf b;
    sk_buf_init(&b);
    bool ok = sk_buf_appendc(vm, &b, '{');
    SkValue k, v;
    bool first = true;
    for (size_t i = 0; ok && sk_dict_next(d, &i, &k, &v); first = false) {
        if (!first) ok = sk_buf_append(vm, &b, ", ", 2);
        ok = ok && append_repr(vm, &b, k) && sk_buf_append(vm, &b, ": ", 2) &&
             append_repr(vm, &b, v);
    }
    ok = ok && sk_buf_appendc(vm, &b, '}');
    repr_leave(vm, &d->obj);
    if (!ok) {
        sk_buf_free(&b);
        return NULL;
    }
    return sk_buf_finish(vm, &b);
}

static SkStr *set_repr(SkVM *vm, SkSet *s) {
    bool frozen = s->obj.flags & SK_FLAG_FROZEN;
    if (s->used == 0) return sk_str_intern_cstr(vm, frozen ? "frozenset()" : "set()");
    int e = repr_enter(vm, &s->obj);
    if (e < 0) return NULL;
    if (e > 0) return sk_str_format(vm, "%s(...)", frozen ? "frozenset" : "set");
    SkBuf b;
    sk_buf_init(&b);
    bool ok = frozen ? sk_buf_append(vm, &b, "frozenset({", 11) : sk_buf_appendc(vm, &b, '{');
    SkValue k;
    bool first = true;
    for (size_t i = 0; ok && sk_set_next(s, &i, &k); first = false) {
        if (!first) ok = sk_buf_append(vm, &b, ", ", 2);
        ok = ok && append_repr(vm, &b, k);
    }
    ok = ok && (frozen ? sk_buf_append(vm, &b, "})", 2) : sk_buf_appendc(vm, &b, '}'));
    repr_leave(vm, &s->obj);
    if (!ok) {
        sk_buf_free(&b);
        return NULL;
    }
    return sk_buf_finish(vm, &b);
}

static SkStr *view_repr(SkVM *vm, SkDictView *dv) {
    static const char *const names[] = {"dict_keys", "dict_values", "dict_items"};
    int kind = (int)dv->obj.extra;
    SkList *l = sk_list_new(vm, dv->dict->len);
    if (!l) return NULL;
    SkValue k, v;
    for (size_t i = 0; sk_dict_next(dv->dict, &i, &k, &v);) {
        SkValue item = k;
        if (kind == 1)
            item = v;
        else if (kind == 2) {
            SkTuple *t = sk_tuple_pair(vm, k, v);
            if (!t) return NULL;
            item = sk_obj(t);
        }
        l->items[l->len++] = item;
    }
    SkStr *inner = sk_repr(vm, sk_obj(l));
    return inner ? sk_str_format(vm, "%s(%N)", names[kind > 2 ? 0 : kind], inner) : NULL;
}

// "mod.Qual" for a user class, "int" for a built-in one.
static SkStr *class_fullname(SkVM *vm, SkClass *c) {
    SkStr *qual = c->qualname ? c->qualname : c->name;
    SkValue mod = c->dict ? sk_dict_get_str(c->dict, vm->names.module) : SK_UNDEF;
    if (SK_IS_STR(mod) && strcmp(SK_AS_STR(mod)->data, "builtins") != 0)
        return sk_str_format(vm, "%N.%N", SK_AS_STR(mod), qual);
    return qual;
}

// object.__repr__: "<__main__.C object at 0x...>", or the payload's repr
// for a subclass of a built-in container.
SkStr *sk_repr_default(SkVM *vm, SkValue v) {
    SkValue p = sk_ops_payload(v);
    if (!SK_IS_UNDEF(p)) return sk_repr(vm, p);
    SkStr *name = class_fullname(vm, sk_class_of(vm, v));
    if (!name) return NULL;
    return sk_str_format(vm, "<%N object at %p>", name, SK_IS_OBJ(v) ? (void *)v.as.o : NULL);
}

static SkStr *check_str_result(SkVM *vm, SkValue r, const char *what) {
    if (SK_IS_ERR(r)) return NULL;
    if (SK_IS_STR(r)) return SK_AS_STR(r);
    if (SK_IS_KIND(r, SK_INSTANCE) && SK_IS_STR(sk_ops_payload(r)))
        return SK_AS_STR(sk_ops_payload(r));
    sk_raise(vm, vm->exc.TypeError, "%s returned non-string (type %T)", what, r);
    return NULL;
}

static SkStr *function_name(SkFunction *f) { return f->qualname ? f->qualname : f->name; }

static SkStr *object_repr(SkVM *vm, SkValue v) {
    SkObj *o = v.as.o;
    switch ((SkKind)o->kind) {
    case SK_STR: return sk_str_repr(vm, (SkStr *)o);
    case SK_BYTES: return sk_bytes_repr(vm, (SkBytes *)o);
    case SK_LIST: return seq_repr(vm, o, NULL, 0, "[", "]", false);
    case SK_TUPLE:
        if (((SkTuple *)o)->len == 0) return sk_str_intern_cstr(vm, "()");
        return seq_repr(vm, o, ((SkTuple *)o)->items, ((SkTuple *)o)->len, "(", ")", true);
    case SK_DICT: return dict_repr(vm, (SkDict *)o);
    case SK_SET: return set_repr(vm, (SkSet *)o);
    case SK_RANGE: return sk_range_repr(vm, (SkRange *)o);
    case SK_BIGINT: return sk_int_to_pystr(vm, v, 10, false);
    case SK_BYTEARRAY: return sk_bytearray_repr(vm, (SkByteArray *)o);
    case SK_COMPLEX: return sk_complex_repr(vm, (SkComplex *)o);
    case SK_SLICE: {
        SkSlice *s = (SkSlice *)o;
        return sk_str_format(vm, "slice(%R, %R, %R)", s->start, s->stop, s->step);
    }
    case SK_FUNCTION:
        return sk_str_format(vm, "<function %N at %p>", function_name((SkFunction *)o), (void *)o);
    case SK_NATIVE: {
        SkNative *n = (SkNative *)o;
        if (n->owner)
            return sk_str_format(vm, "<method '%N' of '%N' objects>", n->name, n->owner->name);
        return sk_str_format(vm, "<built-in function %N>", n->name);
    }
    case SK_BOUND_METHOD: {
        SkBoundMethod *b = (SkBoundMethod *)o;
        if (SK_IS_KIND(b->func, SK_NATIVE)) {
            SkValue self = b->self;
            if (SK_IS_KIND(self, SK_MODULE))
                return sk_str_format(vm, "<built-in function %N>", SK_AS_NATIVE(b->func)->name);
            return sk_str_format(vm, "<built-in method %N of %T object at %p>",
                                 SK_AS_NATIVE(b->func)->name, self,
                                 SK_IS_OBJ(self) ? (void *)self.as.o : NULL);
        }
        if (SK_IS_KIND(b->func, SK_FUNCTION))
            return sk_str_format(vm, "<bound method %N of %R>",
                                 function_name(SK_AS_FUNCTION(b->func)), b->self);
        return sk_str_format(vm, "<bound method ? of %R>", b->self);
    }
    case SK_CLASS: {
        SkStr *n = class_fullname(vm, (SkClass *)o);
        return n ? sk_str_format(vm, "<class '%N'>", n) : NULL;
    }
    case SK_MODULE: {
        SkModule *m = (SkModule *)o;
        SkValue file = m->dict ? sk_dict_get_str(m->dict, vm->names.file) : SK_UNDEF;
        if (SK_IS_STR(file)) return sk_str_format(vm, "<module %R from %R>", sk_obj(m->name), file);
        return sk_str_format(vm, "<module %R (built-in)>", m->name ? sk_obj(m->name) : SK_NONE);
    }
    case SK_ITER:
        return sk_str_format(vm, "<%N object at %p>", ((SkIter *)o)->cls->name, (void *)o);
    case SK_DICT_VIEW: return view_repr(vm, (SkDictView *)o);
    case SK_GENERATOR: {
        SkGenerator *g = (SkGenerator *)o;
        SkStr *n = g->qualname ? g->qualname : g->name;
        if (!n) return sk_str_format(vm, "<generator object at %p>", (void *)o);
        return sk_str_format(vm, "<generator object %N at %p>", n, (void *)o);
    }
    case SK_CODE: {
        SkCode *c = (SkCode *)o;
        return sk_str_format(vm, "<code object %N at %p, file \"%N\", line %d>", c->name, (void *)o,
                             c->filename, (int)c->firstline);
    }
    case SK_CELL: return sk_str_format(vm, "<cell at %p>", (void *)o);
    case SK_PROPERTY: {
        static const char *const kinds[] = {"property", "staticmethod", "classmethod"};
        if (o->extra == 0) return sk_str_format(vm, "<property object at %p>", (void *)o);
        return sk_str_format(vm, "<%s(%R)>", kinds[o->extra > 2 ? 0 : o->extra],
                             ((SkProperty *)o)->fget);
    }
    case SK_SUPER: {
        SkSuper *s = (SkSuper *)o;
        SkStr *n = s->start ? s->start->name : NULL;
        return sk_str_format(vm, "<super: <class '%N'>, <%T object>>", n, s->self);
    }
    default: {
        // Kinds other parts define (files, tasklets, channels): their class's
        // own __repr__ if it has one.
        SkValue m = sk_ops_lookup(vm, v, vm->names.repr);
        if (!SK_IS_UNDEF(m))
            return check_str_result(vm, sk_ops_call(vm, m, v, NULL, 0), "__repr__");
        return sk_str_format(vm, "<%T object at %p>", v, (void *)o);
    }
    }
}

SkStr *sk_repr(SkVM *vm, SkValue v) {
    char buf[40];
    switch (v.tag) {
    case SK_T_NONE: return vm->names.none;
    case SK_T_BOOL: return v.as.i ? vm->names.true_ : vm->names.false_;
    case SK_T_INT: {
        int n = sk_int_to_str(v.as.i, 10, false, buf);
        return sk_str_new(vm, buf, (size_t)n);
    }
    case SK_T_FLOAT: {
        int n = sk_float_repr(v.as.f, buf);
        return sk_str_new(vm, buf, (size_t)n);
    }
    case SK_T_OBJ: break;
    default: return sk_str_intern_cstr(vm, "<undefined>");
    }
    if (v.as.o == vm->not_implemented.as.o) return sk_str_intern_cstr(vm, "NotImplemented");
    if (v.as.o == vm->ellipsis.as.o) return sk_str_intern_cstr(vm, "Ellipsis");
    if (vm->repr_depth >= REPR_MAX_DEPTH) {
        sk_raise(vm, vm->exc.RecursionError,
                 "maximum recursion depth exceeded while getting the repr of an object");
        return NULL;
    }
    vm->repr_depth++;
    SkStr *r;
    if (sk_ops_is_user(v)) {
        SkValue res = sk_invoke_method(vm, v, vm->names.repr, NULL, 0);
        if (SK_IS_UNDEF(res) && !sk_has_exc(vm))
            r = sk_repr_default(vm, v);
        else
            r = check_str_result(vm, res, "__repr__");
    } else {
        r = object_repr(vm, v);
    }
    vm->repr_depth--;
    return r;
}

SkStr *sk_str_of(SkVM *vm, SkValue v) {
    if (SK_IS_STR(v)) return SK_AS_STR(v);
    if (!sk_ops_is_user(v)) return sk_repr(vm, v);
    if (vm->repr_depth >= REPR_MAX_DEPTH) {
        sk_raise(vm, vm->exc.RecursionError,
                 "maximum recursion depth exceeded while getting the str of an object");
        return NULL;
    }
    vm->repr_depth++;
    SkValue res = sk_invoke_method(vm, v, vm->names.str, NULL, 0);
    SkStr *r;
    if (SK_IS_UNDEF(res) && !sk_has_exc(vm))
        r = sk_repr(vm, v);
    else
        r = check_str_result(vm, res, "__str__");
    vm->repr_depth--;
    return r;
}
