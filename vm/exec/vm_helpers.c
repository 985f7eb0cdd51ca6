// vm/exec/vm_helpers.c -- the slow paths of the dispatch loop (see
// vm_helpers.h): everything an opcode needs that is too big or too rare to
// sit inline in vm.c. Messages follow CPython 3.11 word for word.
#include "vm/exec/vm_helpers.h"
#include "vm/classes/class.h"
#include "vm/classes/class_create.h"
#include "vm/classes/error.h"
#include "vm/core/gc.h"
#include "vm/exec/call.h"
#include "vm/exec/frame.h"
#include "vm/exec/import.h"
#include "vm/exec/vm.h"
#include "vm/objects/code.h"
#include "vm/objects/dict.h"
#include "vm/objects/format.h"
#include "vm/objects/iter.h"
#include "vm/objects/list.h"
#include "vm/objects/methods.h"
#include "vm/objects/set.h"
#include "vm/objects/str.h"
#include "vm/objects/str_methods.h"
#include "vm/objects/tuple.h"
#include "vm/ops/item.h"
#include "vm/ops/repr.h"
#include "vm/sched/tasklet.h"

#include <stdlib.h>

// ---------------------------------------------------------------------------
// Tracebacks and chaining

void sk_exc_add_traceback(SkVM *vm, SkValue exc, SkCode *code, uint32_t line) {
    if (!SK_IS_KIND(exc, SK_EXCEPTION) || !code || sk_code_is_internal(code)) return;
    SkTasklet *t = vm->current;
    SkValue pending = t->exc;
    SkException *e = SK_AS_EXC(exc);
    if (!e->traceback) e->traceback = sk_list_new(vm, 8);
    if (!e->traceback || !sk_list_append(vm, e->traceback, sk_obj(code)) ||
        !sk_list_append(vm, e->traceback, sk_int(line))) {
        t->exc = pending; // out of memory: keep the original exception, lose a line
    }
}

void sk_exc_set_context(SkVM *vm, SkValue exc) {
    SkValue h = sk_tasklet_handling(vm->current);
    if (!SK_IS_KIND(exc, SK_EXCEPTION) || !SK_IS_KIND(h, SK_EXCEPTION) ||
        SK_AS_OBJ(h) == SK_AS_OBJ(exc))
        return;
    // Break a cycle exc -> ... -> exc the new link would close.
    SkValue c = h;
    for (int guard = 0; SK_IS_KIND(c, SK_EXCEPTION) && guard < 10000; guard++) {
        SkException *ce = SK_AS_EXC(c);
        if (SK_IS_KIND(ce->context, SK_EXCEPTION) && SK_AS_OBJ(ce->context) == SK_AS_OBJ(exc)) {
            ce->context = SK_NONE;
            break;
        }
        c = ce->context;
    }
    SK_AS_EXC(exc)->context = h;
}

void sk_vm_arena_keep(SkVM *vm, SkValue v) {
    if (!SK_IS_OBJ(v)) return;
    if (vm->arena_len == vm->arena_cap) {
        size_t cap = vm->arena_cap ? vm->arena_cap * 2 : 64;
        SkObj **na = realloc(vm->arena, cap * sizeof(SkObj *));
        if (!na) return;
        vm->arena = na;
        vm->arena_cap = cap;
    }
    vm->arena[vm->arena_len++] = SK_AS_OBJ(v);
}

// ---------------------------------------------------------------------------
// Names

SkValue sk_vm_name_error(SkVM *vm, SkStr *name) {
    return sk_raise(vm, vm->exc.NameError, "name '%s' is not defined", name->data);
}

SkValue sk_vm_unbound_local(SkVM *vm, SkStr *name) {
    return sk_raise(vm, vm->exc.UnboundLocalError,
                    "cannot access local variable '%s' where it is not associated with a value",
                    name->data);
}

SkValue sk_vm_unbound_free(SkVM *vm, SkStr *name) {
    return sk_raise(vm, vm->exc.NameError,
                    "cannot access free variable '%s' where it is not associated with a value in "
                    "enclosing scope",
                    name->data);
}

// "__main__.f" as CPython names a function in call errors.
static void callable_name(SkVM *vm, SkValue f, char *buf, size_t size) {
    if (SK_IS_KIND(f, SK_BOUND_METHOD)) f = SK_AS_BOUND(f)->func;
    if (SK_IS_KIND(f, SK_FUNCTION)) {
        SkFunction *fn = SK_AS_FUNCTION(f);
        SkValue mod = fn->globals ? sk_dict_get_str(fn->globals, vm->names.name) : SK_UNDEF;
        const char *q = fn->qualname ? fn->qualname->data : fn->code->qualname->data;
        if (SK_IS_STR(mod))
            snprintf(buf, size, "%s.%s", SK_AS_STR(mod)->data, q);
        else
            snprintf(buf, size, "%s", q);
    } else if (SK_IS_KIND(f, SK_NATIVE)) {
        snprintf(buf, size, "%s", SK_AS_NATIVE(f)->name ? SK_AS_NATIVE(f)->name->data : "?");
    } else if (SK_IS_KIND(f, SK_CLASS)) {
        snprintf(buf, size, "%s", SK_AS_CLASS(f)->name->data);
    } else {
        snprintf(buf, size, "%s object", sk_type_name(vm, f));
    }
}

// ---------------------------------------------------------------------------
// Unpacking

// sk_iter with CPython's unpacking message for non-iterables.
static SkValue unpack_iter(SkVM *vm, SkValue seq) {
    SkValue it = sk_iter(vm, seq);
    if (SK_IS_ERR(it) && sk_exc_matches(vm, vm->exc.TypeError) &&
        SK_IS_UNDEF(sk_class_lookup(vm, sk_class_of(vm, seq), vm->names.iter))) {
        sk_clear_exc(vm);
        return sk_raise(vm, vm->exc.TypeError, "cannot unpack non-iterable %s object",
                        sk_type_name(vm, seq));
    }
    return it;
}

bool sk_vm_unpack(SkVM *vm, SkValue seq, int n) {
    SkValue *items = NULL;
    int64_t len = -1;
    if (SK_IS_TUPLE(seq)) {
        items = SK_AS_TUPLE(seq)->items;
        len = (int64_t)SK_AS_TUPLE(seq)->len;
    } else if (SK_IS_LIST(seq)) {
        items = SK_AS_LIST(seq)->items;
        len = (int64_t)SK_AS_LIST(seq)->len;
    }
    SkList *tmp = NULL;
    if (!items) {
        SkValue it = unpack_iter(vm, seq);
        if (SK_IS_ERR(it)) return false;
        tmp = sk_list_new(vm, (size_t)n);
        if (!tmp) return false;
        while ((int64_t)tmp->len <= n) {
            SkValue v = sk_next(vm, it);
            if (SK_IS_UNDEF(v)) {
                if (sk_has_exc(vm)) return false;
                break;
            }
            if (!sk_list_append(vm, tmp, v)) return false;
        }
        items = tmp->items;
        len = (int64_t)tmp->len;
    }
    if (len < n) {
        sk_raise(vm, vm->exc.ValueError, "not enough values to unpack (expected %d, got %d)", n,
                 (int)len);
        return false;
    }
    if (len > n) {
        sk_raise(vm, vm->exc.ValueError, "too many values to unpack (expected %d)", n);
        return false;
    }
    SkValue *dst = vm->current->sp - 1;
    for (int i = 0; i < n; i++) dst[n - 1 - i] = items[i];
    return true;
}

bool sk_vm_unpack_ex(SkVM *vm, SkValue seq, int before, int after) {
    SkList *l;
    if (SK_IS_TUPLE(seq) || SK_IS_LIST(seq)) {
        l = sk_list_of(vm, seq);
    } else {
        SkValue it = unpack_iter(vm, seq);
        if (SK_IS_ERR(it)) return false;
        l = sk_list_of(vm, it);
    }
    if (!l) return false;
    int64_t len = (int64_t)l->len;
    if (len < before + after) {
        sk_raise(vm, vm->exc.ValueError,
                 "not enough values to unpack (expected at least %d, got %d)", before + after,
                 (int)len);
        return false;
    }
    SkList *mid = sk_list_from(vm, l->items + before, (size_t)(len - before - after));
    if (!mid) return false;
    SkValue *dst = vm->current->sp - 1;
    int k = 0;
    for (int i = 0; i < after; i++) dst[k++] = l->items[len - 1 - i];
    dst[k++] = sk_obj(mid);
    for (int i = before - 1; i >= 0; i--) dst[k++] = l->items[i];
    return true;
}

// ---------------------------------------------------------------------------
// f-strings

SkValue sk_vm_format_value(SkVM *vm, SkValue v, int conv, SkValue spec) {
    SkStr *s = NULL;
    switch (conv) {
    case 1: s = sk_str_of(vm, v); break;
    case 2: s = sk_repr(vm, v); break;
    case 3: s = sk_lib_ascii(vm, v); break;
    default: break;
    }
    if (conv) {
        if (!s) return SK_ERR;
        v = sk_obj(s);
    }
    bool nospec = SK_IS_UNDEF(spec) || (SK_IS_STR(spec) && SK_AS_STR(spec)->len == 0);
    if (nospec && SK_IS_STR(v)) return v;
    s = sk_format(vm, v, SK_IS_STR(spec) ? SK_AS_STR(spec) : vm->names.empty);
    return s ? sk_obj(s) : SK_ERR;
}

SkValue sk_vm_build_string(SkVM *vm, SkValue *items, int n) {
    if (n == 1 && SK_IS_STR(items[0])) return items[0];
    SkBuf b;
    sk_buf_init(&b);
    for (int i = 0; i < n; i++) {
        SkStr *s = SK_IS_STR(items[i]) ? SK_AS_STR(items[i]) : sk_str_of(vm, items[i]);
        if (!s || !sk_buf_append(vm, &b, s->data, s->len)) {
            sk_buf_free(&b);
            return SK_ERR;
        }
    }
    SkStr *r = sk_buf_finish(vm, &b);
    return r ? sk_obj(r) : SK_ERR;
}

// ---------------------------------------------------------------------------
// Imports

bool sk_vm_import_star(SkVM *vm, SkValue module, SkDict *ns) {
    if (!SK_IS_KIND(module, SK_MODULE)) {
        sk_raise(vm, vm->exc.TypeError, "import * expects a module");
        return false;
    }
    SkDict *md = SK_AS_MODULE(module)->dict;
    SkValue all = sk_dict_get_str(md, vm->names.all);
    if (!SK_IS_UNDEF(all)) {
        SkValue it = sk_iter(vm, all);
        if (SK_IS_ERR(it)) return false;
        for (;;) {
            SkValue n = sk_next(vm, it);
            if (SK_IS_UNDEF(n)) return !sk_has_exc(vm);
            if (!SK_IS_STR(n)) {
                sk_raise(vm, vm->exc.TypeError, "Item in %s.__all__ must be str, not %s",
                         SK_AS_MODULE(module)->name->data, sk_type_name(vm, n));
                return false;
            }
            SkValue v = sk_getattr(vm, module, SK_AS_STR(n));
            if (SK_IS_ERR(v) || !sk_dict_set(vm, ns, n, v)) return false;
        }
    }
    SkValue k, v;
    for (size_t i = 0; sk_dict_next(md, &i, &k, &v);) {
        if (SK_IS_STR(k) && SK_AS_STR(k)->data[0] == '_') continue;
        if (!sk_dict_set(vm, ns, k, v)) return false;
    }
    return true;
}

// ---------------------------------------------------------------------------
// Functions and classes

SkValue sk_vm_make_function(SkVM *vm, SkValue code, SkDict *globals, SkValue defaults,
                            SkValue kwdefaults, SkValue closure, SkValue annotations) {
    SkFunction *fn = sk_gc_alloc(vm, SK_FUNCTION, sizeof(SkFunction));
    if (!fn) return SK_ERR;
    SkCode *c = SK_AS_CODE(code);
    fn->code = c;
    fn->globals = globals;
    fn->name = c->name;
    fn->qualname = c->qualname;
    fn->doc = c->doc;
    if (SK_IS_TUPLE(defaults) && SK_AS_TUPLE(defaults)->len) fn->defaults = SK_AS_TUPLE(defaults);
    if (SK_IS_DICT(kwdefaults)) fn->kwdefaults = SK_AS_DICT(kwdefaults);
    if (SK_IS_TUPLE(closure)) fn->closure = SK_AS_TUPLE(closure);
    if (SK_IS_DICT(annotations)) {
        if (!(fn->dict = sk_dict_new(vm)) ||
            !sk_dict_set_cstr(vm, fn->dict, "__annotations__", annotations))
            return SK_ERR;
    }
    return sk_obj(fn);
}

// The metaclass of a class statement: an explicit one that is not a class
// is used as it is; else the most derived of it and the bases' metaclasses
// (CPython's _PyType_CalculateMetaclass).
static SkValue calc_metaclass(SkVM *vm, SkValue meta, SkTuple *bases) {
    if (!SK_IS_KIND(meta, SK_CLASS)) return meta;
    SkClass *winner = SK_AS_CLASS(meta);
    for (size_t i = 0; i < bases->len; i++) {
        SkClass *bm = sk_class_of(vm, bases->items[i]);
        if (sk_is_subclass(winner, bm)) continue;
        if (sk_is_subclass(bm, winner)) {
            winner = bm;
            continue;
        }
        return sk_raise(vm, vm->exc.TypeError,
                        "metaclass conflict: the metaclass of a derived class must be a "
                        "(non-strict) subclass of the metaclasses of all its bases");
    }
    return sk_obj(winner);
}

// f(name, bases, ns_or_none, **kw): a metaclass or its __prepare__.
static SkValue call_meta(SkVM *vm, SkValue f, SkStr *name, SkTuple *bases, SkDict *ns, SkDict *kw) {
    size_t nkw = kw ? kw->len : 0, npos = ns ? 3 : 2;
    SkValue small[8];
    SkValue *args = npos + nkw <= 8 ? small : malloc((npos + nkw) * sizeof(SkValue));
    SkTuple *names = nkw ? sk_tuple_new(vm, nkw) : NULL;
    if (!args || (nkw && !names)) {
        if (args != small) free(args);
        return sk_raise_nomem(vm);
    }
    args[0] = sk_obj(name);
    args[1] = sk_obj(bases);
    if (ns) args[2] = sk_obj(ns);
    size_t it = 0, k = 0;
    SkValue key, val;
    while (kw && sk_dict_next(kw, &it, &key, &val)) {
        names->items[k] = key;
        args[npos + k++] = val;
    }
    SkValue r = sk_invoke(vm, f, args, (int)(npos + nkw), names);
    if (args != small) free(args);
    return r;
}

// Bases that are not classes but define __mro_entries__ (list[int]) give
// the classes they stand for, as CPython's update_bases.
static SkTuple *resolve_bases(SkVM *vm, SkTuple *bases) {
    SkList *out = NULL;
    SkStr *me = NULL;
    for (size_t i = 0; i < bases->len; i++) {
        SkValue b = bases->items[i];
        SkValue f = SK_UNDEF;
        if (!SK_IS_KIND(b, SK_CLASS)) {
            if (!me && !(me = sk_str_intern_cstr(vm, "__mro_entries__"))) return NULL;
            f = sk_getattr_opt(vm, b, me);
            if (sk_has_exc(vm)) return NULL;
        }
        if (SK_IS_UNDEF(f)) {
            if (out && !sk_list_append(vm, out, b)) return NULL;
            continue;
        }
        if (!out) {
            if (!(out = sk_list_new(vm, bases->len))) return NULL;
            for (size_t j = 0; j < i; j++)
                if (!sk_list_append(vm, out, bases->items[j])) return NULL;
        }
        SkValue r = sk_call1(vm, f, sk_obj(bases));
        if (SK_IS_ERR(r)) return NULL;
        if (!SK_IS_TUPLE(r)) {
            sk_raise(vm, vm->exc.TypeError, "__mro_entries__ must return a tuple");
            return NULL;
        }
        for (size_t j = 0; j < SK_AS_TUPLE(r)->len; j++)
            if (!sk_list_append(vm, out, SK_AS_TUPLE(r)->items[j])) return NULL;
    }
    return out ? sk_tuple_from(vm, out->items, out->len) : bases;
}

SkValue sk_vm_build_class(SkVM *vm, SkValue body_fn, SkValue namev, SkTuple *orig_bases, SkDict *kw,
                          SkDict *globals) {
    SkTasklet *t = vm->current;
    if (!SK_IS_KIND(body_fn, SK_FUNCTION) || !SK_IS_STR(namev))
        return sk_raise(vm, vm->exc.TypeError, "__build_class__: func must be a function");
    if (t->c_depth >= SK_MAX_C_DEPTH(vm))
        return sk_raise(vm, vm->exc.RecursionError, "maximum recursion depth exceeded");
    SkFunction *body = SK_AS_FUNCTION(body_fn);
    SkStr *name = SK_AS_STR(namev);
    SkTuple *bases = resolve_bases(vm, orig_bases);
    if (!bases) return SK_ERR;

    // The metaclass: metaclass=M, else the bases' (type for none).
    SkStr *mkey = sk_str_intern_cstr(vm, "metaclass");
    if (!mkey) return SK_ERR;
    SkValue meta = kw ? sk_dict_get_str(kw, mkey) : SK_UNDEF;
    if (!SK_IS_UNDEF(meta) && sk_dict_del(vm, kw, sk_obj(mkey)) < 0) return SK_ERR;
    if (SK_IS_UNDEF(meta))
        meta = bases->len ? sk_obj(sk_class_of(vm, bases->items[0])) : sk_obj(vm->t.type);
    meta = calc_metaclass(vm, meta, bases);
    if (SK_IS_ERR(meta)) return SK_ERR;
    bool plain = SK_IS_KIND(meta, SK_CLASS) && SK_AS_CLASS(meta) == vm->t.type;

    // The namespace: the metaclass's __prepare__(name, bases, **kw), else a new dict.
    SkDict *ns = NULL;
    if (!plain) {
        SkStr *pk = sk_str_intern_cstr(vm, "__prepare__");
        SkValue prep = pk ? sk_getattr_opt(vm, meta, pk) : SK_ERR;
        if (sk_has_exc(vm)) return SK_ERR;
        if (!SK_IS_UNDEF(prep)) {
            SkValue r = call_meta(vm, prep, name, bases, NULL, kw);
            if (SK_IS_ERR(r)) return SK_ERR;
            SkValue d = sk_payload(r);
            if (!SK_IS_DICT(d))
                return sk_raise(
                    vm, vm->exc.TypeError, "%s.__prepare__() must return a mapping, not %T",
                    SK_IS_KIND(meta, SK_CLASS) ? SK_AS_CLASS(meta)->name->data : "<metaclass>", r);
            ns = SK_AS_DICT(d);
        }
    }
    if (!ns && !(ns = sk_dict_new(vm))) return SK_ERR;
    SkValue mod = globals ? sk_dict_get_str(globals, vm->names.name) : SK_UNDEF;
    if (!SK_IS_UNDEF(mod) && !sk_dict_set_str(vm, ns, vm->names.module, mod)) return SK_ERR;
    SkStr *qn = body->code->qualname ? body->code->qualname : name;
    if (!sk_dict_set_str(vm, ns, vm->names.qualname, sk_obj(qn))) return SK_ERR;

    // Run the body with ns as its locals, one C level down.
    ptrdiff_t off = t->sp - t->stack;
    SkValue *base = sk_stack_ensure(vm, t, t->sp, 1 + SK_STACK_SLACK);
    if (!base) return SK_ERR;
    base[0] = body_fn;
    t->sp = base + 1;
    SkValue cell = SK_ERR;
    SkCallStep step = sk_call_setup(vm, base, 0, NULL);
    if (step == SK_CALL_FRAME) {
        SkFrame *f = &t->frames[t->nframes - 1];
        f->locals = ns;
        f->flags |= SK_FRAME_C_BOUNDARY;
        cell = sk_vm_execute(vm);
    } else if (step == SK_CALL_DONE) {
        cell = t->stack[off];
    }
    t->sp = t->stack + off;
    if (SK_IS_ERR(cell)) return SK_ERR;
    sk_vm_arena_keep(vm, cell);
    if (bases != orig_bases) {
        SkStr *ob = sk_str_intern_cstr(vm, "__orig_bases__");
        if (!ob || !sk_dict_set_str(vm, ns, ob, sk_obj(orig_bases))) return SK_ERR;
    }
    SkValue cls;
    if (plain) {
        SkClass *c = sk_class_create_ex(vm, name, bases, ns, NULL, kw);
        cls = c ? sk_obj(c) : SK_ERR;
    } else {
        cls = call_meta(vm, meta, name, bases, ns, kw);
    }
    if (SK_IS_ERR(cls)) return SK_ERR;
    if (SK_IS_KIND(cell, SK_CELL)) SK_AS_CELL(cell)->value = cls;
    vm->class_epoch++;
    return cls;
}

// ---------------------------------------------------------------------------
// Exceptions

SkValue sk_vm_normalize_raise(SkVM *vm, SkValue v) {
    if (SK_IS_KIND(v, SK_CLASS) && sk_is_subclass(SK_AS_CLASS(v), vm->exc.BaseException)) {
        SkValue e = sk_invoke(vm, v, NULL, 0, NULL);
        if (SK_IS_ERR(e)) return SK_ERR;
        if (!sk_isinstance(vm, e, vm->exc.BaseException))
            return sk_raise(vm, vm->exc.TypeError,
                            "calling %s should have returned an instance of BaseException, not %s",
                            SK_AS_CLASS(v)->name->data, sk_type_name(vm, e));
        return e;
    }
    if (SK_IS_KIND(v, SK_EXCEPTION)) return v;
    return sk_raise(vm, vm->exc.TypeError, "exceptions must derive from BaseException");
}

bool sk_vm_set_cause(SkVM *vm, SkValue exc, SkValue cause) {
    if (!SK_IS_NONE(cause)) {
        if (SK_IS_KIND(cause, SK_CLASS) &&
            sk_is_subclass(SK_AS_CLASS(cause), vm->exc.BaseException)) {
            cause = sk_invoke(vm, cause, NULL, 0, NULL);
            if (SK_IS_ERR(cause)) return false;
        } else if (!SK_IS_KIND(cause, SK_EXCEPTION)) {
            sk_raise(vm, vm->exc.TypeError, "exception causes must derive from BaseException");
            return false;
        }
    }
    if (SK_IS_KIND(exc, SK_EXCEPTION)) {
        SK_AS_EXC(exc)->cause = cause;
        SK_AS_EXC(exc)->suppress_context = true;
    }
    return true;
}

static bool valid_catch(SkVM *vm, SkValue type) {
    if (SK_IS_KIND(type, SK_CLASS) && sk_is_subclass(SK_AS_CLASS(type), vm->exc.BaseException))
        return true;
    if (SK_IS_TUPLE(type)) {
        SkTuple *tp = SK_AS_TUPLE(type);
        for (size_t i = 0; i < tp->len; i++)
            if (!valid_catch(vm, tp->items[i])) return false;
        return true;
    }
    return false;
}

static bool matches(SkClass *cls, SkValue type) {
    if (SK_IS_KIND(type, SK_CLASS)) return sk_is_subclass(cls, SK_AS_CLASS(type));
    SkTuple *tp = SK_AS_TUPLE(type);
    for (size_t i = 0; i < tp->len; i++)
        if (matches(cls, tp->items[i])) return true;
    return false;
}

int sk_vm_exc_match(SkVM *vm, SkValue exc, SkValue type) {
    if (!valid_catch(vm, type)) {
        sk_raise(vm, vm->exc.TypeError,
                 "catching classes that do not inherit from BaseException is not allowed");
        return -1;
    }
    return matches(sk_class_of(vm, exc), type);
}

void sk_vm_stopiteration_to_runtime(SkVM *vm) {
    SkValue old = sk_take_exc(vm);
    SkStr *msg = sk_str_cstr(vm, "generator raised StopIteration");
    SkValue arg = msg ? sk_obj(msg) : SK_NONE;
    SkValue e = sk_exc_new(vm, vm->exc.RuntimeError, &arg, msg ? 1 : 0);
    if (SK_IS_ERR(e)) return; // MemoryError is pending instead
    SkException *x = SK_AS_EXC(e);
    x->cause = old;
    x->context = old;
    x->suppress_context = true;
    if (SK_IS_KIND(old, SK_EXCEPTION) && SK_AS_EXC(old)->traceback) {
        SkList *tb = SK_AS_EXC(old)->traceback;
        x->traceback = sk_list_from(vm, tb->items, tb->len);
    }
    vm->current->exc = e;
}

// ---------------------------------------------------------------------------
// with

bool sk_vm_with_lookup(SkVM *vm, SkValue mgr, SkValue *exit_out, SkValue *enter_out) {
    SkClass *cls = sk_class_of(vm, mgr);
    SkValue enter = sk_class_lookup(vm, cls, vm->names.enter);
    if (SK_IS_UNDEF(enter)) {
        sk_raise(vm, vm->exc.TypeError, "'%s' object does not support the context manager protocol",
                 sk_type_name(vm, mgr));
        return false;
    }
    if (SK_IS_UNDEF(sk_class_lookup(vm, cls, vm->names.exit))) {
        sk_raise(
            vm, vm->exc.TypeError,
            "'%s' object does not support the context manager protocol (missed __exit__ method)",
            sk_type_name(vm, mgr));
        return false;
    }
    SkValue exit = sk_getattr(vm, mgr, vm->names.exit);
    if (SK_IS_ERR(exit)) return false;
    *exit_out = exit;
    if (SK_IS_KIND(enter, SK_FUNCTION) ||
        (SK_IS_KIND(enter, SK_NATIVE) && SK_AS_NATIVE(enter)->owner)) {
        *enter_out = enter; // called with mgr as its argument
        return true;
    }
    SkValue bound = sk_getattr(vm, mgr, vm->names.enter);
    if (SK_IS_ERR(bound)) return false;
    *enter_out = bound;
    *exit_out = exit;
    return true;
}

// ---------------------------------------------------------------------------
// Star calls

static bool mapping_keys(SkVM *vm, SkValue m, SkValue *keys_out) {
    SkValue keys = sk_invoke_method(vm, m, vm->names.keys, NULL, 0);
    if (SK_IS_ERR(keys)) return false;
    *keys_out = keys;
    return true;
}

bool sk_vm_dict_update(SkVM *vm, SkValue dv, SkValue other, bool merge, SkValue fn) {
    SkDict *d = SK_AS_DICT(dv);
    char name[160];
    if (SK_IS_DICT(other)) {
        SkValue k, v;
        SkDict *o = SK_AS_DICT(other);
        for (size_t i = 0; sk_dict_next(o, &i, &k, &v);) {
            if (merge) {
                SkValue old;
                int r = sk_dict_get(vm, d, k, &old);
                if (r < 0) return false;
                if (r) {
                    callable_name(vm, fn, name, sizeof name);
                    if (SK_IS_STR(k))
                        sk_raise(vm, vm->exc.TypeError,
                                 "%s() got multiple values for keyword argument '%s'", name,
                                 SK_AS_STR(k)->data);
                    else
                        sk_raise(vm, vm->exc.TypeError, "keywords must be strings");
                    return false;
                }
            }
            if (!sk_dict_set(vm, d, k, v)) return false;
        }
        return true;
    }
    SkValue keysfn = sk_class_lookup(vm, sk_class_of(vm, other), vm->names.keys);
    if (SK_IS_UNDEF(keysfn)) {
        if (merge) {
            callable_name(vm, fn, name, sizeof name);
            sk_raise(vm, vm->exc.TypeError, "%s() argument after ** must be a mapping, not %s",
                     name, sk_type_name(vm, other));
        } else {
            sk_raise(vm, vm->exc.TypeError, "'%s' object is not a mapping",
                     sk_type_name(vm, other));
        }
        return false;
    }
    SkValue keys;
    if (!mapping_keys(vm, other, &keys)) return false;
    SkValue it = sk_iter(vm, keys);
    if (SK_IS_ERR(it)) return false;
    for (;;) {
        SkValue k = sk_next(vm, it);
        if (SK_IS_UNDEF(k)) return !sk_has_exc(vm);
        SkValue v = sk_getitem(vm, other, k);
        if (SK_IS_ERR(v)) return false;
        if (merge) {
            SkValue old;
            int r = sk_dict_get(vm, d, k, &old);
            if (r < 0) return false;
            if (r) {
                callable_name(vm, fn, name, sizeof name);
                sk_raise(vm, vm->exc.TypeError,
                         "%s() got multiple values for keyword argument '%s'", name,
                         SK_IS_STR(k) ? SK_AS_STR(k)->data : "?");
                return false;
            }
        }
        if (!sk_dict_set(vm, d, k, v)) return false;
    }
}

int sk_vm_flatten_call(SkVM *vm, SkValue *fslot, bool has_kwargs, SkTuple **kwnames) {
    SkTasklet *t = vm->current;
    char name[160];
    ptrdiff_t off = fslot - t->stack;
    SkValue a = fslot[1];
    *kwnames = NULL;
    if (!SK_IS_TUPLE(a)) {
        SkTuple *tp;
        if (SK_IS_LIST(a)) {
            tp = sk_tuple_from(vm, SK_AS_LIST(a)->items, SK_AS_LIST(a)->len);
        } else {
            if (SK_IS_UNDEF(sk_class_lookup(vm, sk_class_of(vm, a), vm->names.iter)) &&
                SK_IS_UNDEF(sk_class_lookup(vm, sk_class_of(vm, a), vm->names.getitem))) {
                callable_name(vm, fslot[0], name, sizeof name);
                sk_raise(vm, vm->exc.TypeError, "%s() argument after * must be an iterable, not %s",
                         name, sk_type_name(vm, a));
                return -1;
            }
            tp = sk_tuple_of(vm, a);
        }
        fslot = t->stack + off;
        if (!tp) return -1;
        a = sk_obj(tp);
        fslot[1] = a;
    }
    SkTuple *args = SK_AS_TUPLE(a);
    SkDict *kw = NULL;
    if (has_kwargs) {
        SkValue k = fslot[2];
        if (!SK_IS_DICT(k)) {
            // A mapping that is not a dict: copy it into one first.
            SkDict *d = sk_dict_new(vm);
            if (!d) return -1;
            fslot = t->stack + off;
            fslot[2] = sk_obj(d); // root it, k stays alive through the arena-less path below
            SkValue kv = k;
            if (!sk_vm_dict_update(vm, sk_obj(d), kv, true, fslot[0])) return -1;
            fslot = t->stack + off;
            k = sk_obj(d);
        }
        kw = SK_AS_DICT(k);
        if (kw->len) {
            SkTuple *names = sk_tuple_new(vm, kw->len);
            fslot = t->stack + off;
            if (!names) return -1;
            SkValue key, val;
            size_t j = 0;
            for (size_t i = 0; sk_dict_next(kw, &i, &key, &val);) {
                if (!SK_IS_STR(key)) {
                    sk_raise(vm, vm->exc.TypeError, "keywords must be strings");
                    return -1;
                }
                names->items[j++] = key;
            }
            *kwnames = names;
        }
    }
    size_t n = args->len, nk = kw ? kw->len : 0;
    if (n + nk > 0x7fffffff) {
        sk_raise(vm, vm->exc.OverflowError, "too many arguments");
        return -1;
    }
    SkValue *top = sk_stack_ensure(vm, t, fslot + 1, n + nk + SK_STACK_SLACK);
    if (!top) return -1;
    fslot = top - 1;
    // args and kw are reachable only from C from here: nothing allocates.
    memmove(fslot + 1, args->items, n * sizeof(SkValue));
    if (kw) {
        SkValue key, val;
        size_t j = 0;
        for (size_t i = 0; sk_dict_next(kw, &i, &key, &val);) fslot[1 + n + j++] = val;
    }
    t->sp = fslot + 1 + n + nk;
    return (int)(n + nk);
}

// ---------------------------------------------------------------------------
// Generators and sets

int sk_vm_delegate_step(SkVM *vm, SkValue it, SkValue sent, SkValue *out) {
    SkValue v;
    if (SK_IS_NONE(sent) && SK_IS_KIND(it, SK_INSTANCE)) {
        // Call __next__ itself: sk_next would drop StopIteration's value.
        v = sk_invoke_method(vm, it, vm->names.next, NULL, 0);
        if (SK_IS_UNDEF(v) && !sk_has_exc(vm))
            return sk_raise(vm, vm->exc.TypeError, "'%s' object is not an iterator",
                            sk_type_name(vm, it)),
                   -1;
    } else if (SK_IS_NONE(sent)) {
        v = sk_next(vm, it);
    } else {
        v = sk_invoke_method(vm, it, vm->names.send, &sent, 1);
        if (SK_IS_UNDEF(v) && !sk_has_exc(vm)) {
            sk_raise(vm, vm->exc.AttributeError, "'%s' object has no attribute 'send'",
                     sk_type_name(vm, it));
            return -1;
        }
    }
    if (!SK_IS_UNDEF(v)) {
        *out = v;
        return 1;
    }
    *out = SK_NONE;
    if (!sk_has_exc(vm)) return 0;
    if (!sk_exc_matches(vm, vm->exc.StopIteration)) return -1;
    SkValue e = sk_take_exc(vm); // StopIteration(value) ends the delegation
    SkTuple *a = SK_IS_KIND(e, SK_EXCEPTION) ? SK_AS_EXC(e)->args : NULL;
    if (a && a->len > 0) *out = a->items[0];
    return 0;
}

bool sk_vm_set_update(SkVM *vm, SkValue set, SkValue iterable) {
    // set.update's path: a set operand is merged as CPython's set_merge
    // does, so {*a, ...} and constant set displays iterate in CPython's order.
    return sk_set_update(vm, SK_AS_SET(set), iterable);
}

// ---------------------------------------------------------------------------
// REPL

bool sk_vm_print_expr(SkVM *vm, SkValue v) {
    if (SK_IS_NONE(v)) return true;
    SkStr *r = sk_repr(vm, v);
    if (!r) return false;
    if (vm->write) {
        vm->write(vm, 1, r->data, r->len);
        vm->write(vm, 1, "\n", 1);
    }
    return sk_dict_set_str(vm, vm->builtins, vm->names.underscore, v);
}
