// stdlib/builtins_types.c -- what calling a built-in class does: the
// `construct` hooks of int, float, str, bool, bytes, list, tuple, dict,
// set, frozenset, range, slice, object, type, super, property,
// staticmethod, classmethod and the iterator classes (enumerate, zip, map,
// filter, reversed). sk_bi_init_types installs them and names the classes
// in the builtins namespace. A hook gets the call's arguments without the
// class and checks their number itself, with CPython's messages.
#include "stdlib/builtins.h"
#include "stdlib/builtins_consume.h"
#include "vm/classes/class.h"
#include "vm/classes/class_create.h"
#include "vm/classes/error.h"
#include "vm/core/gc.h"
#include "vm/exec/call.h"
#include "vm/exec/frame.h"
#include "vm/exec/import.h"
#include "vm/objects/bigint.h"
#include "vm/objects/bytearray.h"
#include "vm/objects/bytes.h"
#include "vm/objects/bytes_methods.h"
#include "vm/objects/code.h"
#include "vm/objects/complex.h"
#include "vm/objects/dict.h"
#include "vm/objects/dict_methods.h"
#include "vm/objects/iter.h"
#include "vm/objects/list.h"
#include "vm/objects/methods.h"
#include "vm/objects/module.h"
#include "vm/objects/number.h"
#include "vm/objects/range.h"
#include "vm/objects/set.h"
#include "vm/objects/str.h"
#include "vm/objects/str_unicode.h"
#include "vm/objects/tuple.h"
#include "vm/ops/compare.h"
#include "vm/ops/item.h"
#include "vm/ops/repr.h"
#include "vm/sched/tasklet.h"
#include <math.h>
#include <stdlib.h>

static bool no_kwargs(SkVM *vm, const char *fname, SkTuple *kwnames) {
    if (!kwnames || kwnames->len == 0) return true;
    sk_raise(vm, vm->exc.TypeError, "%s() takes no keyword arguments", fname);
    return false;
}

static bool at_most(SkVM *vm, const char *fname, int n, int max) {
    if (n <= max) return true;
    sk_raise(vm, vm->exc.TypeError, "%s expected at most %d argument%s, got %d", fname, max,
             max == 1 ? "" : "s", n);
    return false;
}

// --- numbers and text ---

static SkValue call_dunder(SkVM *vm, SkValue v, const char *name) {
    SkStr *n = sk_str_intern_cstr(vm, name);
    if (!n) return SK_ERR;
    return sk_invoke_method(vm, v, n, NULL, 0);
}

// The text of a str/bytes argument for int()/float(): ASCII as is;
// non-ASCII decimal digits and whitespace mapped to ASCII (CPython accepts
// int("٣")). Returns a malloc'd copy in *buf when it had to change anything.
static bool number_text(SkVM *vm, SkValue p, const char **s, size_t *len, char **buf) {
    *buf = NULL;
    if (SK_IS_KIND(p, SK_BYTES)) {
        *s = (const char *)SK_AS_BYTES(p)->data;
        *len = SK_AS_BYTES(p)->len;
        return true;
    }
    SkStr *str = SK_AS_STR(p);
    *s = str->data;
    *len = str->len;
    if (str->ascii) return true;
    char *b = malloc(str->len + 1);
    if (!b) {
        sk_raise_nomem(vm);
        return false;
    }
    size_t pos = 0, n = 0;
    while (pos < str->len) {
        size_t at = pos;
        uint32_t c = sk_utf8_decode(str->data, str->len, &pos);
        int d = sk_lib_decimal(c);
        if (d >= 0)
            b[n++] = (char)('0' + d);
        else if (sk_lib_isspace(c))
            b[n++] = ' ';
        else {
            memcpy(b + n, str->data + at, pos - at);
            n += pos - at;
        }
    }
    b[n] = '\0';
    *buf = b;
    *s = b;
    *len = n;
    return true;
}

// Parse int text; on ValueError the message names the original argument.
static SkValue parse_int_arg(SkVM *vm, SkValue p, int base) {
    const char *s;
    size_t len;
    char *buf;
    if (!number_text(vm, p, &s, &len, &buf)) return SK_ERR;
    SkValue out = sk_parse_int(vm, s, len, base);
    free(buf);
    if (!SK_IS_ERR(out)) return out;
    if ((buf || SK_IS_KIND(p, SK_BYTES)) && sk_exc_matches(vm, vm->exc.ValueError)) {
        sk_clear_exc(vm);
        return sk_raise(vm, vm->exc.ValueError, "invalid literal for int() with base %d: %R", base,
                        p);
    }
    return SK_ERR;
}

static SkValue int_construct(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames) {
    static const char *const names[] = {"base"};
    int np = sk_npos(nargs, kwnames);
    SkValue kw[1] = {SK_UNDEF};
    if (!sk_bi_kwargs(vm, "int", args, nargs, kwnames, names, 1, kw)) return SK_ERR;
    if (np > 2)
        return sk_raise(vm, vm->exc.TypeError, "int() takes at most 2 arguments (%d given)", nargs);
    if (np == 2) kw[0] = args[1];
    if (np == 0) {
        if (!SK_IS_UNDEF(kw[0]))
            return sk_raise(vm, vm->exc.TypeError, "int() missing string argument");
        return sk_int(0);
    }
    SkValue x = args[0];
    SkValue p = sk_payload(x);
    if (!SK_IS_UNDEF(kw[0])) {
        int64_t base;
        if (!sk_index(vm, kw[0], &base)) return SK_ERR;
        if (base != 0 && (base < 2 || base > 36))
            return sk_raise(vm, vm->exc.ValueError, "int() base must be >= 2 and <= 36, or 0");
        if (!SK_IS_STR(p) && !SK_IS_KIND(p, SK_BYTES))
            return sk_raise(vm, vm->exc.TypeError,
                            "int() can't convert non-string with explicit base");
        return parse_int_arg(vm, p, (int)base);
    }
    if (SK_IS_INT(x) || sk_is_bigint(x)) return x;
    if (SK_IS_BOOL(x)) return sk_int(SK_AS_INT(x));
    if (SK_IS_FLOAT(x)) return sk_bi_float_to_int(vm, SK_AS_FLOAT(x));
    if (SK_IS_INT(p) || SK_IS_BOOL(p)) return sk_int(SK_AS_INT(p));
    if (sk_is_bigint(p)) return p;
    if (SK_IS_FLOAT(p)) return sk_bi_float_to_int(vm, SK_AS_FLOAT(p));
    if (SK_IS_STR(p) || SK_IS_KIND(p, SK_BYTES)) return parse_int_arg(vm, p, 10);
    static const char *const hooks[] = {"__int__", "__index__", "__trunc__"};
    for (int i = 0; i < 3; i++) {
        SkValue r = call_dunder(vm, x, hooks[i]);
        if (SK_IS_UNDEF(r)) {
            if (sk_has_exc(vm)) return SK_ERR;
            continue;
        }
        if (SK_IS_INT(r) || sk_is_bigint(r)) return r;
        if (SK_IS_BOOL(r)) return sk_int(SK_AS_INT(r));
        return sk_raise(vm, vm->exc.TypeError, "%s returned non-int (type %s)", hooks[i],
                        sk_type_name(vm, r));
    }
    return sk_raise(
        vm, vm->exc.TypeError,
        "int() argument must be a string, a bytes-like object or a real number, not '%s'",
        sk_type_name(vm, x));
}

static SkValue float_construct(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames) {
    if (!no_kwargs(vm, "float", kwnames) || !at_most(vm, "float", nargs, 1)) return SK_ERR;
    if (nargs == 0) return sk_float(0.0);
    SkValue x = args[0], p = sk_payload(x);
    if (SK_IS_FLOAT(p)) return p;
    double d;
    if (sk_is_integer(p)) return sk_int_to_double(vm, p, &d) ? sk_float(d) : SK_ERR;
    if (SK_IS_STR(p) || SK_IS_KIND(p, SK_BYTES)) {
        const char *s;
        size_t len;
        char *buf;
        if (!number_text(vm, p, &s, &len, &buf)) return SK_ERR;
        bool ok = sk_parse_float(vm, s, len, &d);
        free(buf);
        if (ok) return sk_float(d);
        if ((buf || SK_IS_KIND(p, SK_BYTES)) && sk_exc_matches(vm, vm->exc.ValueError)) {
            sk_clear_exc(vm);
            return sk_raise(vm, vm->exc.ValueError, "could not convert string to float: %R", p);
        }
        return SK_ERR;
    }
    SkValue r = sk_invoke_method(vm, x, vm->names.float_, NULL, 0);
    if (!SK_IS_UNDEF(r)) {
        if (SK_IS_FLOAT(r)) return r;
        return sk_raise(vm, vm->exc.TypeError, "%s.__float__ returned non-float (type %s)",
                        sk_type_name(vm, x), sk_type_name(vm, r));
    }
    if (sk_has_exc(vm)) return SK_ERR;
    r = sk_invoke_method(vm, x, vm->names.index, NULL, 0);
    if (sk_is_integer(r)) return sk_int_to_double(vm, r, &d) ? sk_float(d) : SK_ERR;
    if (sk_has_exc(vm)) return SK_ERR;
    return sk_raise(vm, vm->exc.TypeError,
                    "float() argument must be a string or a real number, not '%s'",
                    sk_type_name(vm, x));
}

static SkValue str_construct(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames) {
    static const char *const names[] = {"object", "encoding", "errors"};
    SkValue a[3];
    if (nargs > 3)
        return sk_raise(vm, vm->exc.TypeError, "str() takes at most 3 arguments (%d given)", nargs);
    if (!sk_bind_args(vm, "str", args, nargs, kwnames, names, 3, 0, a)) return SK_ERR;
    if (SK_IS_UNDEF(a[0]) && SK_IS_UNDEF(a[1]) && SK_IS_UNDEF(a[2])) return sk_obj(vm->names.empty);
    if (SK_IS_UNDEF(a[1]) && SK_IS_UNDEF(a[2])) {
        if (SK_IS_STR(a[0])) return a[0];
        SkStr *s = sk_str_of(vm, a[0]);
        return s ? sk_obj(s) : SK_ERR;
    }
    for (int i = 1; i < 3; i++)
        if (!SK_IS_UNDEF(a[i]) && !SK_IS_STR(a[i]))
            return sk_raise(vm, vm->exc.TypeError, "str() argument '%s' must be str, not %s",
                            names[i], sk_type_name(vm, a[i]));
    SkValue o = SK_IS_UNDEF(a[0]) ? SK_UNDEF : sk_payload(a[0]);
    if (SK_IS_UNDEF(o)) return sk_obj(vm->names.empty);
    if (SK_IS_STR(o)) return sk_raise(vm, vm->exc.TypeError, "decoding str is not supported");
    const uint8_t *data;
    size_t len;
    if (!sk_bytes_like(o, &data, &len))
        return sk_raise(vm, vm->exc.TypeError,
                        "decoding to str: need a bytes-like object, %s found",
                        sk_type_name(vm, a[0]));
    return sk_lib_decode(vm, data, len, SK_IS_UNDEF(a[1]) ? NULL : SK_AS_STR(a[1]),
                         SK_IS_UNDEF(a[2]) ? NULL : SK_AS_STR(a[2]));
}

static SkValue bool_construct(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames) {
    if (!no_kwargs(vm, "bool", kwnames) || !at_most(vm, "bool", nargs, 1)) return SK_ERR;
    if (nargs == 0) return SK_FALSE;
    int t = sk_truthy(vm, args[0]);
    return t < 0 ? SK_ERR : sk_bool(t);
}

static SkValue bytes_construct(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames) {
    static const char *const names[] = {"source", "encoding", "errors"};
    SkValue a[3];
    if (nargs > 3)
        return sk_raise(vm, vm->exc.TypeError, "bytes() takes at most 3 arguments (%d given)",
                        nargs);
    if (!sk_bind_args(vm, "bytes", args, nargs, kwnames, names, 3, 0, a)) return SK_ERR;
    SkValue src = sk_payload(a[0]);
    if (SK_IS_UNDEF(src)) {
        if (!SK_IS_UNDEF(a[1]) || !SK_IS_UNDEF(a[2]))
            return sk_raise(vm, vm->exc.TypeError, "encoding without a string argument");
        SkBytes *b = sk_bytes_new(vm, NULL, 0);
        return b ? sk_obj(b) : SK_ERR;
    }
    if (SK_IS_STR(src)) {
        if (SK_IS_UNDEF(a[1]))
            return sk_raise(vm, vm->exc.TypeError, "string argument without an encoding");
        for (int i = 1; i < 3; i++)
            if (!SK_IS_UNDEF(a[i]) && !SK_IS_STR(a[i]))
                return sk_raise(vm, vm->exc.TypeError, "bytes() argument '%s' must be str, not %s",
                                names[i], sk_type_name(vm, a[i]));
        return sk_lib_encode(vm, SK_AS_STR(src), SK_AS_STR(a[1]),
                             SK_IS_UNDEF(a[2]) ? NULL : SK_AS_STR(a[2]));
    }
    if (!SK_IS_UNDEF(a[1]))
        return sk_raise(vm, vm->exc.TypeError, "encoding without a string argument");
    if (!SK_IS_UNDEF(a[2]))
        return sk_raise(vm, vm->exc.TypeError, "errors without a string argument");
    if (SK_IS_KIND(src, SK_BYTES)) return src;
    if (SK_IS_KIND(src, SK_BYTEARRAY)) {
        SkBytes *b = sk_bytes_new(vm, SK_AS_BYTEARRAY(src)->data, SK_AS_BYTEARRAY(src)->len);
        return b ? sk_obj(b) : SK_ERR;
    }
    if (SK_IS_INT(src) || SK_IS_BOOL(src)) {
        int64_t n = SK_AS_INT(src);
        if (n < 0) return sk_raise(vm, vm->exc.ValueError, "negative count");
        // Sizes no machine can hold fail here, before any allocator sees them.
        if ((uint64_t)n > ((uint64_t)1 << 40)) return sk_raise_nomem(vm);
        SkBytes *b = sk_bytes_new(vm, NULL, (size_t)n); // zero-filled
        return b ? sk_obj(b) : SK_ERR;
    }
    bool iterable = false;
    if (SK_IS_OBJ(src)) {
        switch (SK_OBJ_KIND(src)) {
        case SK_LIST:
        case SK_TUPLE:
        case SK_SET:
        case SK_DICT:
        case SK_RANGE:
        case SK_ITER:
        case SK_DICT_VIEW:
        case SK_GENERATOR: iterable = true; break;
        default: break;
        }
    }
    if (!iterable && SK_IS_KIND(src, SK_INSTANCE))
        iterable = !SK_IS_UNDEF(sk_class_lookup(vm, sk_class_of(vm, src), vm->names.iter)) ||
                   !SK_IS_UNDEF(sk_class_lookup(vm, sk_class_of(vm, src), vm->names.getitem));
    if (!iterable) {
        if (SK_IS_OBJ(src)) {
            SkValue r = sk_invoke_method(vm, src, vm->names.index, NULL, 0);
            if (SK_IS_INT(r)) return bytes_construct(vm, &r, 1, NULL);
            if (sk_has_exc(vm)) return SK_ERR;
        }
        return sk_raise(vm, vm->exc.TypeError, "cannot convert '%s' object to bytes",
                        sk_type_name(vm, src));
    }
    SkValue it = sk_iter(vm, src);
    if (SK_IS_ERR(it)) return SK_ERR;
    SkBuf buf;
    sk_buf_init(&buf);
    for (;;) {
        SkValue v = sk_next(vm, it);
        if (SK_IS_UNDEF(v)) {
            if (sk_has_exc(vm)) goto fail;
            break;
        }
        int64_t i;
        if (!sk_index(vm, v, &i)) goto fail;
        if (i < 0 || i > 255) {
            sk_raise(vm, vm->exc.ValueError, "bytes must be in range(0, 256)");
            goto fail;
        }
        if (!sk_buf_appendc(vm, &buf, (char)i)) goto fail;
    }
    SkBytes *b = sk_bytes_new(vm, (const uint8_t *)buf.data, buf.len);
    sk_buf_free(&buf);
    return b ? sk_obj(b) : SK_ERR;
fail:
    sk_buf_free(&buf);
    return SK_ERR;
}

// --- containers ---

static SkValue list_construct(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames) {
    if (!no_kwargs(vm, "list", kwnames) || !at_most(vm, "list", nargs, 1)) return SK_ERR;
    if (nargs && sk_consume_may_block(vm, args, args[0]))
        return sk_consume_redirect(vm, args, "_list");
    SkList *l = nargs ? sk_list_of(vm, args[0]) : sk_list_new(vm, 0);
    return l ? sk_obj(l) : SK_ERR;
}

static SkValue tuple_construct(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames) {
    if (!no_kwargs(vm, "tuple", kwnames) || !at_most(vm, "tuple", nargs, 1)) return SK_ERR;
    if (nargs && SK_IS_TUPLE(args[0])) return args[0];
    if (nargs && sk_consume_may_block(vm, args, args[0]))
        return sk_consume_redirect(vm, args, "_tuple");
    SkTuple *t = nargs ? sk_tuple_of(vm, args[0]) : sk_tuple_new(vm, 0);
    return t ? sk_obj(t) : SK_ERR;
}

static SkValue dict_construct(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames) {
    int np = sk_npos(nargs, kwnames);
    if (!at_most(vm, "dict", np, 1)) return SK_ERR;
    if (np == 1 && sk_consume_may_block(vm, args, args[0]))
        return sk_consume_redirect(vm, args, "_dict");
    SkDict *d = sk_dict_new(vm);
    if (!d) return SK_ERR;
    if (np == 1 && !sk_lib_dict_merge(vm, d, args[0])) return SK_ERR;
    if (kwnames)
        for (size_t k = 0; k < kwnames->len; k++)
            if (!sk_dict_set(vm, d, kwnames->items[k], args[np + (int)k])) return SK_ERR;
    return sk_obj(d);
}

static SkValue set_make(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames, bool frozen) {
    const char *name = frozen ? "frozenset" : "set";
    if (!no_kwargs(vm, name, kwnames) || !at_most(vm, name, nargs, 1)) return SK_ERR;
    if (frozen && nargs && SK_IS_KIND(args[0], SK_SET) &&
        (SK_AS_OBJ(args[0])->flags & SK_FLAG_FROZEN))
        return args[0];
    if (nargs && sk_consume_may_block(vm, args, args[0]))
        return sk_consume_redirect(vm, args, frozen ? "_frozenset" : "_set");
    SkSet *s = sk_set_new(vm, frozen);
    if (!s) return SK_ERR;
    if (nargs == 0) return sk_obj(s);
    SkValue src = args[0];
    if (SK_IS_LIST(src) || SK_IS_TUPLE(src)) {
        SkValue *items = SK_IS_LIST(src) ? SK_AS_LIST(src)->items : SK_AS_TUPLE(src)->items;
        size_t n = SK_IS_LIST(src) ? SK_AS_LIST(src)->len : SK_AS_TUPLE(src)->len;
        for (size_t i = 0; i < n; i++)
            if (!sk_set_add(vm, s, items[i])) return SK_ERR;
        return sk_obj(s);
    }
    SkValue it = sk_iter(vm, src);
    if (SK_IS_ERR(it)) return SK_ERR;
    size_t mark = sk_arena_save(vm);
    for (;;) {
        SkValue v = sk_next(vm, it);
        if (SK_IS_UNDEF(v)) return sk_has_exc(vm) ? SK_ERR : sk_obj(s);
        if (!sk_set_add(vm, s, v)) return SK_ERR;
        sk_arena_restore(vm, mark); // the set holds what it keeps
    }
}
static SkValue set_construct(SkVM *vm, SkValue *a, int n, SkTuple *kw) {
    return set_make(vm, a, n, kw, false);
}
static SkValue frozenset_construct(SkVM *vm, SkValue *a, int n, SkTuple *kw) {
    return set_make(vm, a, n, kw, true);
}

static SkValue range_construct(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames) {
    if (!no_kwargs(vm, "range", kwnames)) return SK_ERR;
    if (nargs == 0)
        return sk_raise(vm, vm->exc.TypeError, "range expected at least 1 argument, got 0");
    if (nargs > 3)
        return sk_raise(vm, vm->exc.TypeError, "range expected at most 3 arguments, got %d", nargs);
    int64_t v[3] = {0, 0, 1};
    for (int i = 0; i < nargs; i++) {
        if (SK_IS_INT(args[i]))
            v[i] = SK_AS_INT(args[i]);
        else if (!sk_index(vm, args[i], &v[i]))
            return SK_ERR;
    }
    int64_t start = 0, stop, step = 1;
    if (nargs == 1)
        stop = v[0];
    else {
        start = v[0];
        stop = v[1];
        step = nargs == 3 ? v[2] : 1;
    }
    if (step == 0) return sk_raise(vm, vm->exc.ValueError, "range() arg 3 must not be zero");
    SkRange *r = sk_range_new(vm, start, stop, step);
    return r ? sk_obj(r) : SK_ERR;
}

static SkValue slice_construct(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames) {
    if (!no_kwargs(vm, "slice", kwnames)) return SK_ERR;
    if (nargs == 0)
        return sk_raise(vm, vm->exc.TypeError, "slice expected at least 1 argument, got 0");
    if (nargs > 3)
        return sk_raise(vm, vm->exc.TypeError, "slice expected at most 3 arguments, got %d", nargs);
    SkSlice *s = nargs == 1 ? sk_slice_new(vm, SK_NONE, args[0], SK_NONE)
                            : sk_slice_new(vm, args[0], args[1], nargs == 3 ? args[2] : SK_NONE);
    return s ? sk_obj(s) : SK_ERR;
}

// --- classes and objects ---

static SkValue object_construct(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames) {
    if (nargs) return sk_raise(vm, vm->exc.TypeError, "object() takes no arguments");
    return sk_instance_new(vm, vm->t.object);
}

static SkValue type_construct(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames) {
    if (kwnames && kwnames->len && nargs - (int)kwnames->len != 3)
        return sk_raise(vm, vm->exc.TypeError, "type() takes 1 or 3 arguments");
    if (nargs == 1) return sk_obj(sk_class_of(vm, args[0]));
    if (nargs != 3) return sk_raise(vm, vm->exc.TypeError, "type() takes 1 or 3 arguments");
    if (!SK_IS_STR(args[0]))
        return sk_raise(vm, vm->exc.TypeError, "type.__new__() argument 1 must be str, not %s",
                        sk_type_name(vm, args[0]));
    if (!SK_IS_TUPLE(args[1]))
        return sk_raise(vm, vm->exc.TypeError, "type.__new__() argument 2 must be tuple, not %s",
                        sk_type_name(vm, args[1]));
    if (!SK_IS_DICT(args[2]))
        return sk_raise(vm, vm->exc.TypeError, "type.__new__() argument 3 must be dict, not %s",
                        sk_type_name(vm, args[2]));
    SkDict *ns = sk_dict_copy(vm, SK_AS_DICT(args[2]));
    if (!ns) return SK_ERR;
    if (SK_IS_UNDEF(sk_dict_get_str(ns, vm->names.module))) {
        SkDict *g = sk_current_globals(vm);
        SkValue mod = g ? sk_dict_get_str(g, vm->names.name) : SK_UNDEF;
        if (!SK_IS_UNDEF(mod) && !sk_dict_set_str(vm, ns, vm->names.module, mod)) return SK_ERR;
    }
    SkTuple *bases = SK_AS_TUPLE(args[1]);
    if (bases->len == 0 && !(bases = sk_tuple_from(vm, (SkValue[]){sk_obj(vm->t.object)}, 1)))
        return SK_ERR;
    SkClass *c = sk_class_create(vm, SK_AS_STR(args[0]), bases, ns);
    return c ? sk_obj(c) : SK_ERR;
}

// super() with no arguments reads __class__ and the first argument from
// the calling frame, as CPython's super_init does.
static SkValue super_construct(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames) {
    if (!no_kwargs(vm, "super", kwnames) || !at_most(vm, "super", nargs, 2)) return SK_ERR;
    SkValue type = SK_UNDEF, obj = SK_UNDEF;
    if (nargs == 0) {
        SkTasklet *t = vm->current;
        SkFrame *f = t->nframes > 0 ? &t->frames[t->nframes - 1] : NULL;
        if (!f || !f->fn) return sk_raise(vm, vm->exc.RuntimeError, "super(): no arguments");
        SkCode *c = f->code;
        if (c->argcount == 0) return sk_raise(vm, vm->exc.RuntimeError, "super(): no arguments");
        obj = f->slots[0];
        if (SK_IS_KIND(obj, SK_CELL)) {
            for (int i = 0; i < c->ncells; i++)
                if (c->cells[i] == 0) obj = SK_AS_CELL(obj)->value;
        }
        if (SK_IS_UNDEF(obj)) return sk_raise(vm, vm->exc.RuntimeError, "super(): arg[0] deleted");
        for (int i = c->nlocals - c->nfrees; i < c->nlocals; i++) {
            if (c->varnames && c->varnames[i] && strcmp(c->varnames[i]->data, "__class__") == 0) {
                SkValue cell = f->slots[i];
                if (SK_IS_KIND(cell, SK_CELL)) type = SK_AS_CELL(cell)->value;
                break;
            }
        }
        if (SK_IS_UNDEF(type))
            return sk_raise(vm, vm->exc.RuntimeError, "super(): __class__ cell not found");
    } else {
        type = args[0];
        obj = nargs > 1 ? args[1] : SK_UNDEF;
    }
    if (!SK_IS_KIND(type, SK_CLASS))
        return sk_raise(vm, vm->exc.TypeError, "super() argument 1 must be a type, not %s",
                        sk_type_name(vm, type));
    if (!SK_IS_UNDEF(obj)) {
        // A class below type (a classmethod's cls), or an instance of type
        // (a metaclass method's cls, or any object).
        bool ok =
            (SK_IS_KIND(obj, SK_CLASS) && sk_is_subclass(SK_AS_CLASS(obj), SK_AS_CLASS(type))) ||
            sk_isinstance(vm, obj, SK_AS_CLASS(type));
        if (!ok)
            return sk_raise(vm, vm->exc.TypeError,
                            "super(type, obj): obj must be an instance or subtype of type");
    }
    SkSuper *s = sk_gc_alloc(vm, SK_SUPER, sizeof(SkSuper));
    if (!s) return SK_ERR;
    s->start = SK_AS_CLASS(type);
    s->self = obj;
    return sk_obj(s);
}

static SkProperty *property_new(SkVM *vm, int kind) {
    SkProperty *p = sk_gc_alloc(vm, SK_PROPERTY, sizeof(SkProperty));
    if (!p) return NULL;
    p->obj.extra = (uint32_t)kind;
    p->fget = p->fset = p->fdel = p->doc = SK_NONE;
    return p;
}

static SkValue property_construct(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames) {
    static const char *const names[] = {"fget", "fset", "fdel", "doc"};
    SkValue a[4];
    if (!sk_bind_args(vm, "property", args, nargs, kwnames, names, 4, 0, a)) return SK_ERR;
    SkProperty *p = property_new(vm, 0);
    if (!p) return SK_ERR;
    SkValue *f[4] = {&p->fget, &p->fset, &p->fdel, &p->doc};
    for (int i = 0; i < 4; i++)
        if (!SK_IS_UNDEF(a[i])) *f[i] = a[i];
    if (SK_IS_NONE(p->doc) && !SK_IS_NONE(p->fget)) {
        SkValue d = sk_getattr_opt(vm, p->fget, vm->names.doc);
        if (SK_IS_UNDEF(d))
            sk_clear_exc(vm);
        else
            p->doc = d;
    }
    return sk_obj(p);
}

// property.getter/setter/deleter: a copy with one accessor replaced.
static SkValue property_copy_with(SkVM *vm, SkValue *args, int which) {
    if (!SK_IS_KIND(args[0], SK_PROPERTY) || SK_AS_OBJ(args[0])->extra != 0)
        return sk_raise(vm, vm->exc.TypeError, "descriptor requires a 'property' object");
    SkProperty *old = (SkProperty *)SK_AS_OBJ(args[0]);
    SkProperty *p = property_new(vm, 0);
    if (!p) return SK_ERR;
    p->fget = which == 0 ? args[1] : old->fget;
    p->fset = which == 1 ? args[1] : old->fset;
    p->fdel = which == 2 ? args[1] : old->fdel;
    p->doc = old->doc;
    return sk_obj(p);
}
static SkValue property_getter(SkVM *vm, SkValue *a, int n, SkTuple *kw) {
    return property_copy_with(vm, a, 0);
}
static SkValue property_setter(SkVM *vm, SkValue *a, int n, SkTuple *kw) {
    return property_copy_with(vm, a, 1);
}
static SkValue property_deleter(SkVM *vm, SkValue *a, int n, SkTuple *kw) {
    return property_copy_with(vm, a, 2);
}

static SkValue wrapper_construct(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames, int kind,
                                 const char *name) {
    if (!no_kwargs(vm, name, kwnames)) return SK_ERR;
    if (nargs != 1)
        return sk_raise(vm, vm->exc.TypeError, "%s expected 1 argument, got %d", name, nargs);
    SkProperty *p = property_new(vm, kind);
    if (!p) return SK_ERR;
    p->fget = args[0];
    return sk_obj(p);
}
static SkValue staticmethod_construct(SkVM *vm, SkValue *a, int n, SkTuple *kw) {
    return wrapper_construct(vm, a, n, kw, 1, "staticmethod");
}
static SkValue classmethod_construct(SkVM *vm, SkValue *a, int n, SkTuple *kw) {
    return wrapper_construct(vm, a, n, kw, 2, "classmethod");
}

// --- iterators (made by vm/objects/iter.c) ---

static SkValue enumerate_construct(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames) {
    static const char *const names[] = {"iterable", "start"};
    SkValue a[2];
    if (!sk_bind_args(vm, "enumerate", args, nargs, kwnames, names, 2, 1, a)) return SK_ERR;
    int64_t start = 0;
    if (!SK_IS_UNDEF(a[1])) {
        if (!SK_IS_INT(a[1]) && !SK_IS_BOOL(a[1]))
            return sk_raise(vm, vm->exc.TypeError,
                            "'%s' object cannot be interpreted as an integer",
                            sk_type_name(vm, a[1]));
        start = SK_AS_INT(a[1]);
    }
    if (sk_consume_may_block(vm, args, a[0])) return sk_consume_redirect(vm, args, "_enumerate");
    return sk_iter_enumerate(vm, a[0], start);
}

static SkValue zip_construct(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames) {
    static const char *const names[] = {"strict"};
    SkValue kw[1] = {SK_FALSE};
    if (!sk_bi_kwargs(vm, "zip", args, nargs, kwnames, names, 1, kw)) return SK_ERR;
    int strict = sk_truthy(vm, kw[0]);
    if (strict < 0) return SK_ERR;
    int np = sk_npos(nargs, kwnames);
    for (int i = 0; i < np; i++)
        if (sk_consume_may_block(vm, args, args[i])) return sk_consume_redirect(vm, args, "_zip");
    return sk_iter_zip(vm, args, np, strict);
}

static SkValue map_construct(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames) {
    if (!no_kwargs(vm, "map", kwnames)) return SK_ERR;
    if (nargs < 2)
        return sk_raise(vm, vm->exc.TypeError, "map() must have at least two arguments.");
    for (int i = 1; i < nargs; i++)
        if (sk_consume_may_block(vm, args, args[i])) return sk_consume_redirect(vm, args, "_map");
    return sk_iter_map(vm, args[0], args + 1, nargs - 1);
}

static SkValue filter_construct(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames) {
    if (!no_kwargs(vm, "filter", kwnames)) return SK_ERR;
    if (nargs != 2)
        return sk_raise(vm, vm->exc.TypeError, "filter expected 2 arguments, got %d", nargs);
    if (sk_consume_may_block(vm, args, args[1])) return sk_consume_redirect(vm, args, "_filter");
    return sk_iter_filter(vm, args[0], args[1]);
}

static SkValue reversed_construct(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames) {
    if (!no_kwargs(vm, "reversed", kwnames)) return SK_ERR;
    if (nargs != 1)
        return sk_raise(vm, vm->exc.TypeError, "reversed expected 1 argument, got %d", nargs);
    return sk_iter_reversed(vm, args[0]);
}

// --- registration ---

typedef struct TypeHook {
    const char *name;
    size_t offset; // of the SkClass * in SkBuiltinTypes
    SkNativeFn construct;
} TypeHook;

#define HOOK(name, field, fn)                                                                      \
    { name, offsetof(SkBuiltinTypes, field), fn }
static const TypeHook type_hooks[] = {
    HOOK("int", int_, int_construct),
    HOOK("float", float_, float_construct),
    HOOK("str", str, str_construct),
    HOOK("bool", bool_, bool_construct),
    HOOK("bytes", bytes, bytes_construct),
    HOOK("bytearray", bytearray, sk_bytearray_construct),
    HOOK("complex", complex_, sk_complex_construct),
    HOOK("list", list, list_construct),
    HOOK("tuple", tuple, tuple_construct),
    HOOK("dict", dict, dict_construct),
    HOOK("set", set, set_construct),
    HOOK("frozenset", frozenset, frozenset_construct),
    HOOK("range", range, range_construct),
    HOOK("slice", slice, slice_construct),
    HOOK("object", object, object_construct),
    HOOK("type", type, type_construct),
    HOOK("super", super, super_construct),
    HOOK("property", property, property_construct),
    HOOK("staticmethod", staticmethod, staticmethod_construct),
    HOOK("classmethod", classmethod, classmethod_construct),
    HOOK("enumerate", enumerate, enumerate_construct),
    HOOK("zip", zip, zip_construct),
    HOOK("map", map, map_construct),
    HOOK("filter", filter, filter_construct),
    HOOK("reversed", reversed, reversed_construct),
};
#undef HOOK

// types.ModuleType(name, doc=None): a new, empty module.
static SkValue module_construct(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames) {
    static const char *const names[] = {"name", "doc"};
    SkValue a[2];
    if (!sk_bind_args(vm, "module", args, nargs, kwnames, names, 2, 1, a)) return SK_ERR;
    if (!SK_IS_STR(a[0]))
        return sk_raise(vm, vm->exc.TypeError,
                        "module.__init__() argument 'name' must be str, not %T", a[0]);
    SkModule *m = sk_module_new(vm, SK_AS_STR(a[0]));
    if (!m || !sk_dict_set_str(vm, m->dict, vm->names.doc, SK_IS_UNDEF(a[1]) ? SK_NONE : a[1]))
        return SK_ERR;
    return sk_obj(m);
}

void sk_bi_init_types(SkVM *vm, SkDict *ns) {
    if (vm->t.module) vm->t.module->construct = module_construct;
    for (size_t i = 0; i < sizeof type_hooks / sizeof type_hooks[0]; i++) {
        const TypeHook *h = &type_hooks[i];
        SkClass *cls = *(SkClass **)((char *)&vm->t + h->offset);
        if (!cls) continue;
        cls->construct = h->construct;
        sk_dict_set_cstr(vm, ns, h->name, sk_obj(cls));
    }
    if (vm->t.property) {
        sk_define_method(vm, vm->t.property, "getter", property_getter, 2, 2, false);
        sk_define_method(vm, vm->t.property, "setter", property_setter, 2, 2, false);
        sk_define_method(vm, vm->t.property, "deleter", property_deleter, 2, 2, false);
    }
}
