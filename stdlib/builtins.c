// stdlib/builtins.c -- the builtin functions (print, len, isinstance, min,
// sorted, round, getattr, ...) and sk_init_builtins, which fills
// vm->builtins with them, with every built-in class and exception class,
// and installs the construct hooks of the built-in types (those live in
// stdlib/builtins_types.c). Each function matches CPython 3.11 in results,
// argument handling and error messages.
//
// len, isinstance and print sit on hot paths of real programs: they handle
// the common kinds inline and allocate nothing.
#include "stdlib/builtins.h"
#include "stdlib/builtins_consume.h"
#include "stdlib/modlib.h"
#include "stdlib/stdlib.h"
#include "vm/classes/class.h"
#include "vm/classes/error.h"
#include "vm/classes/generic_alias.h"
#include "vm/core/gc.h"
#include "vm/exec/call.h"
#include "vm/exec/frame.h"
#include "vm/exec/generator.h"
#include "vm/exec/import.h"
#include "vm/exec/vm_helpers.h"
#include "vm/objects/bigint.h"
#include "vm/objects/bytes_methods.h"
#include "vm/objects/code.h"
#include "vm/objects/complex.h"
#include "vm/objects/dict.h"
#include "vm/objects/format.h"
#include "vm/objects/iter.h"
#include "vm/objects/list.h"
#include "vm/objects/methods.h"
#include "vm/objects/module.h"
#include "vm/objects/number.h"
#include "vm/objects/str.h"
#include "vm/objects/str_methods.h"
#include "vm/objects/tuple.h"
#include "vm/ops/arith.h"
#include "vm/ops/compare.h"
#include "vm/ops/item.h"
#include "vm/ops/ops.h"
#include "vm/ops/repr.h"
#include "vm/sched/loop.h"
#include "vm/sched/tasklet.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

// Match keyword arguments against `names`; values land in out[] (which the
// caller pre-fills with defaults). Unknown names raise as CPython does for
// argument-clinic functions: "'foo' is an invalid keyword argument for print()".
bool sk_bi_kwargs(SkVM *vm, const char *fname, SkValue *args, int nargs, SkTuple *kwnames,
                  const char *const *names, int nnames, SkValue *out) {
    if (!kwnames) return true;
    int np = nargs - (int)kwnames->len;
    for (size_t k = 0; k < kwnames->len; k++) {
        SkStr *kn = SK_AS_STR(kwnames->items[k]);
        int j = 0;
        for (; j < nnames; j++)
            if (strcmp(kn->data, names[j]) == 0) break;
        if (j == nnames) {
            sk_raise(vm, vm->exc.TypeError, "'%s' is an invalid keyword argument for %s()",
                     kn->data, fname);
            return false;
        }
        out[j] = args[np + (int)k];
    }
    return true;
}

// --- output and input ---

static bool write_piece(SkVM *vm, SkValue writer, const char *s, size_t len, SkStr *str) {
    if (SK_IS_UNDEF(writer)) {
        vm->write(vm, 1, s, len);
        return true;
    }
    if (!str && !(str = sk_str_new(vm, s, len))) return false;
    return !SK_IS_ERR(sk_call1(vm, writer, sk_obj(str)));
}

static bool check_sep(SkVM *vm, SkValue *v, const char *what) {
    if (SK_IS_NONE(*v) || SK_IS_STR(*v)) return true;
    if (SK_IS_STR(sk_payload(*v))) {
        *v = sk_payload(*v);
        return true;
    }
    sk_raise(vm, vm->exc.TypeError, "%s must be None or a string, not %T", what, *v);
    return false;
}

static SkValue bi_print(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames) {
    static const char *const names[] = {"sep", "end", "file", "flush"};
    SkValue kw[4] = {SK_NONE, SK_NONE, SK_NONE, SK_FALSE};
    if (!sk_bi_kwargs(vm, "print", args, nargs, kwnames, names, 4, kw)) return SK_ERR;
    if (!check_sep(vm, &kw[0], "sep") || !check_sep(vm, &kw[1], "end")) return SK_ERR;
    SkValue writer = SK_UNDEF;
    if (!SK_IS_NONE(kw[2])) {
        writer = sk_getattr(vm, kw[2], vm->names.write);
        if (SK_IS_ERR(writer)) return SK_ERR;
    } else {
        // sys.stdout may have been replaced or closed.
        if (!sk_sys_stdout_writer(vm, &writer)) return SK_ERR;
        if (SK_IS_NONE(writer)) return SK_NONE;
    }
    int np = sk_npos(nargs, kwnames);
    char buf[64];
    for (int i = 0; i < np; i++) {
        if (i > 0) {
            if (SK_IS_NONE(kw[0])) {
                if (!write_piece(vm, writer, " ", 1, NULL)) return SK_ERR;
            } else {
                SkStr *sep = SK_AS_STR(kw[0]);
                if (!write_piece(vm, writer, sep->data, sep->len, sep)) return SK_ERR;
            }
        }
        SkValue v = args[i];
        if (SK_IS_STR(v)) {
            if (!write_piece(vm, writer, SK_AS_STR(v)->data, SK_AS_STR(v)->len, SK_AS_STR(v)))
                return SK_ERR;
        } else if (SK_IS_INT(v)) {
            int n = sk_int_to_str(SK_AS_INT(v), 10, false, buf);
            if (!write_piece(vm, writer, buf, (size_t)n, NULL)) return SK_ERR;
        } else if (SK_IS_FLOAT(v)) {
            int n = sk_float_repr(SK_AS_FLOAT(v), buf);
            if (!write_piece(vm, writer, buf, (size_t)n, NULL)) return SK_ERR;
        } else {
            SkStr *s = sk_str_of(vm, v);
            if (!s || !write_piece(vm, writer, s->data, s->len, s)) return SK_ERR;
        }
    }
    if (SK_IS_NONE(kw[1])) {
        if (!write_piece(vm, writer, "\n", 1, NULL)) return SK_ERR;
    } else {
        SkStr *end = SK_AS_STR(kw[1]);
        if (!write_piece(vm, writer, end->data, end->len, end)) return SK_ERR;
    }
    if (!SK_IS_BOOL(kw[3]) || SK_AS_BOOL(kw[3])) {
        int t = sk_truthy(vm, kw[3]);
        if (t < 0) return SK_ERR;
        if (t && SK_IS_UNDEF(writer)) {
            fflush(stdout); // the default sink writes through stdio
        } else if (t) {
            SkValue f = kw[2];
            if (SK_IS_NONE(f)) { // a replaced sys.stdout
                SkValue sys = sk_dict_get_str(vm->modules, vm->names.sys);
                f = SK_IS_KIND(sys, SK_MODULE)
                        ? sk_dict_get_str(SK_AS_MODULE(sys)->dict, vm->names.stdout)
                        : SK_UNDEF;
            }
            SkValue fl = SK_IS_UNDEF(f) ? SK_NONE : sk_getattr(vm, f, vm->names.flush);
            if (SK_IS_ERR(fl) || (!SK_IS_NONE(fl) && SK_IS_ERR(sk_invoke(vm, fl, NULL, 0, NULL))))
                return SK_ERR;
        }
    }
    return SK_NONE;
}

// One line of stdin without its newline, once a read would not block
// (w->flags 1: read anyway); only the calling tasklet waits before that.
static SkValue input_line(SkVM *vm, SkWait *w) {
    if (!w->flags && !sk_loop_stdin_ready()) return SK_UNDEF;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n = getline(&line, &cap, stdin);
    if (n < 0) {
        free(line);
        clearerr(stdin);
        return sk_raise(vm, vm->exc.EOFError, "EOF when reading a line");
    }
    if (n > 0 && line[n - 1] == '\n') n--;
    SkValue s = sk_lib_decode(vm, (const uint8_t *)line, (size_t)n, NULL, NULL);
    free(line);
    return s;
}

// help(obj): stdlib/_help.sk, written in Skein.
static SkValue bi_help(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames) {
    SkStr *mn = sk_str_intern_cstr(vm, "_help");
    SkValue m = mn ? sk_import_name(vm, mn) : SK_ERR;
    SkStr *fn = SK_IS_ERR(m) ? NULL : sk_str_intern_cstr(vm, "help");
    SkValue f = fn ? sk_getattr(vm, m, fn) : SK_ERR;
    return SK_IS_ERR(f) ? SK_ERR : sk_invoke(vm, f, args, nargs, NULL);
}

static SkValue bi_input(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames) {
    if (nargs > 1)
        return sk_raise(vm, vm->exc.TypeError, "input expected at most 1 argument, got %d", nargs);
    if (nargs == 1) {
        SkStr *p = sk_str_of(vm, args[0]);
        if (!p) return SK_ERR;
        vm->write(vm, 1, p->data, p->len);
    }
    fflush(stdout);
    return sk_loop_read_stdin(vm, "input", input_line, 0);
}

// --- sizes, types and identity ---

static SkValue bi_len(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames) {
    SkValue v = args[0];
    if (SK_IS_OBJ(v)) {
        switch (SK_OBJ_KIND(v)) {
        case SK_STR: return sk_int((int64_t)SK_AS_STR(v)->nchars);
        case SK_LIST: return sk_int((int64_t)SK_AS_LIST(v)->len);
        case SK_TUPLE: return sk_int((int64_t)SK_AS_TUPLE(v)->len);
        case SK_DICT: return sk_int((int64_t)SK_AS_DICT(v)->len);
        case SK_SET: return sk_int((int64_t)SK_AS_SET(v)->used);
        case SK_BYTES: return sk_int((int64_t)SK_AS_BYTES(v)->len);
        default: break;
        }
    }
    int64_t n;
    if (!sk_len(vm, v, &n)) return SK_ERR;
    return sk_int(n);
}

// 1 match, 0 no match, -1 raised. Nested tuples are searched recursively.
static int isinstance_of(SkVM *vm, SkValue v, SkValue spec, bool sub) {
    if (SK_IS_KIND(spec, SK_CLASS)) {
        // A metaclass's own __instancecheck__ / __subclasscheck__ (abc.ABCMeta).
        SkClass *meta = SK_AS_CLASS(spec)->meta;
        if (meta) {
            SkStr *n = sk_str_intern_cstr(vm, sub ? "__subclasscheck__" : "__instancecheck__");
            SkValue f = n ? sk_class_lookup(vm, meta, n) : SK_ERR;
            if (SK_IS_KIND(f, SK_FUNCTION)) {
                SkValue r = sk_call2(vm, f, spec, v);
                return SK_IS_ERR(r) ? -1 : sk_truthy(vm, r);
            }
        }
        if (sub) return sk_is_subclass(SK_AS_CLASS(v), SK_AS_CLASS(spec));
        return sk_isinstance(vm, v, SK_AS_CLASS(spec));
    }
    SkTuple *members;
    if (SK_IS_TUPLE(spec) || sk_union_args(vm, spec, &members)) {
        SkTuple *t = SK_IS_TUPLE(spec) ? SK_AS_TUPLE(spec) : members;
        for (size_t i = 0; i < t->len; i++) {
            int r = isinstance_of(vm, v, t->items[i], sub);
            if (r != 0) return r;
        }
        return 0;
    }
    // Any other object with __instancecheck__ / __subclasscheck__ in its class.
    SkStr *hook = sk_str_intern_cstr(vm, sub ? "__subclasscheck__" : "__instancecheck__");
    SkValue f = hook ? sk_class_lookup(vm, sk_class_of(vm, spec), hook) : SK_UNDEF;
    if (SK_IS_KIND(f, SK_FUNCTION)) {
        SkValue r = sk_call2(vm, f, spec, v);
        return SK_IS_ERR(r) ? -1 : sk_truthy(vm, r);
    }
    if (sub)
        sk_raise(vm, vm->exc.TypeError,
                 "issubclass() arg 2 must be a class, a tuple of classes, or a union");
    else
        sk_raise(vm, vm->exc.TypeError,
                 "isinstance() arg 2 must be a type, a tuple of types, or a union");
    return -1;
}

static SkValue bi_isinstance(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames) {
    if (SK_IS_KIND(args[1], SK_CLASS) && sk_class_of(vm, args[0]) == SK_AS_CLASS(args[1]))
        return SK_TRUE;
    int r = isinstance_of(vm, args[0], args[1], false);
    return r < 0 ? SK_ERR : sk_bool(r);
}

static SkValue bi_issubclass(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames) {
    if (!SK_IS_KIND(args[0], SK_CLASS))
        return sk_raise(vm, vm->exc.TypeError, "issubclass() arg 1 must be a class");
    int r = isinstance_of(vm, args[0], args[1], true);
    return r < 0 ? SK_ERR : sk_bool(r);
}

static SkValue bi_repr(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames) {
    SkStr *s = sk_repr(vm, args[0]);
    return s ? sk_obj(s) : SK_ERR;
}

static SkValue bi_ascii(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames) {
    SkStr *s = sk_lib_ascii(vm, args[0]);
    return s ? sk_obj(s) : SK_ERR;
}

static SkValue bi_hash(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames) {
    uint64_t h;
    if (!sk_hash(vm, args[0], &h)) return SK_ERR;
    return sk_int((int64_t)h);
}

static SkValue bi_id(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames) {
    SkValue v = args[0];
    if (SK_IS_OBJ(v)) return sk_int((int64_t)(uintptr_t)SK_AS_OBJ(v));
    // Immediates have no address: derive a stable number from tag and payload,
    // so equal-and-identical immediates share an id.
    uint64_t x = (uint64_t)v.as.i * 0x9E3779B97F4A7C15ull + (uint64_t)v.tag;
    return sk_int((int64_t)(x >> 1));
}

static SkValue bi_callable(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames) {
    return sk_bool(sk_callable(vm, args[0]));
}

// --- numbers ---

static SkValue bi_abs(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames) {
    SkValue v = args[0];
    if (SK_IS_INT(v) || SK_IS_BOOL(v)) {
        int64_t i = SK_AS_INT(v);
        if (i == INT64_MIN) return sk_int_unary(vm, 3, v);
        return sk_int(i < 0 ? -i : i);
    }
    if (sk_is_bigint(v)) return sk_int_unary(vm, 3, v);
    if (SK_IS_KIND(v, SK_COMPLEX)) return sk_complex_unary(vm, 2, SK_AS_COMPLEX(v));
    if (SK_IS_FLOAT(v)) return sk_float(fabs(SK_AS_FLOAT(v)));
    SkValue r = sk_invoke_method(vm, v, vm->names.abs, NULL, 0);
    if (SK_IS_UNDEF(r) && !sk_has_exc(vm))
        return sk_raise(vm, vm->exc.TypeError, "bad operand type for abs(): '%s'",
                        sk_type_name(vm, v));
    return r;
}

static SkValue bi_divmod(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames) {
    SkValue a = args[0], b = args[1];
    bool anum = sk_is_integer(a) || SK_IS_FLOAT(a);
    bool bnum = sk_is_integer(b) || SK_IS_FLOAT(b);
    if (anum && bnum) {
        if ((SK_IS_FLOAT(a) || SK_IS_FLOAT(b)) &&
            (SK_IS_FLOAT(b) ? SK_AS_FLOAT(b) == 0.0 : sk_int_sign(b) == 0))
            return sk_raise(vm, vm->exc.ZeroDivisionError, "float divmod()");
        SkValue q = sk_num_binary(vm, SK_BIN_FLOORDIV, a, b);
        if (SK_IS_ERR(q)) return SK_ERR;
        SkValue r = sk_num_binary(vm, SK_BIN_MOD, a, b);
        if (SK_IS_ERR(r)) return SK_ERR;
        SkTuple *t = sk_tuple_pair(vm, q, r);
        return t ? sk_obj(t) : SK_ERR;
    }
    SkStr *name = sk_str_intern_cstr(vm, "__divmod__");
    if (!name) return SK_ERR;
    SkValue r = sk_invoke_method(vm, a, name, &b, 1);
    if (SK_IS_ERR(r) && sk_has_exc(vm)) return SK_ERR;
    if (!SK_IS_UNDEF(r) && !sk_identical(r, vm->not_implemented)) return r;
    name = sk_str_intern_cstr(vm, "__rdivmod__");
    if (!name) return SK_ERR;
    r = sk_invoke_method(vm, b, name, &a, 1);
    if (SK_IS_ERR(r) && sk_has_exc(vm)) return SK_ERR;
    if (!SK_IS_UNDEF(r) && !sk_identical(r, vm->not_implemented)) return r;
    return sk_raise(vm, vm->exc.TypeError,
                    "unsupported operand type(s) for divmod(): '%s' and '%s'", sk_type_name(vm, a),
                    sk_type_name(vm, b));
}

static SkValue bi_pow(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames) {
    static const char *const names[] = {"base", "exp", "mod"};
    SkValue a[3];
    if (!sk_bind_args(vm, "pow", args, nargs, kwnames, names, 3, 2, a)) return SK_ERR;
    if (SK_IS_UNDEF(a[2]) || SK_IS_NONE(a[2])) return sk_binary(vm, SK_BIN_POW, a[0], a[1], false);
    bool ints = true, nums = true;
    for (int i = 0; i < 3; i++) {
        if (!sk_is_integer(a[i])) ints = false;
        if (!sk_is_integer(a[i]) && !SK_IS_FLOAT(a[i])) nums = false;
    }
    if (!ints && nums)
        return sk_raise(vm, vm->exc.TypeError,
                        "pow() 3rd argument not allowed unless all arguments are integers");
    if (!ints) {
        SkValue r = sk_invoke_method(vm, a[0], vm->names.pow, a + 1, 2);
        if (!SK_IS_UNDEF(r) && !sk_identical(r, vm->not_implemented)) return r;
        if (sk_has_exc(vm)) return SK_ERR;
        return sk_raise(vm, vm->exc.TypeError,
                        "unsupported operand type(s) for ** or pow(): '%s', '%s', '%s'",
                        sk_type_name(vm, a[0]), sk_type_name(vm, a[1]), sk_type_name(vm, a[2]));
    }
    return sk_int_powmod(vm, a[0], a[1], a[2]);
}

// round(float, ndigits) the way CPython does it: round the decimal string,
// correctly rounded (glibc's printf is), then convert back.
static SkValue round_float_digits(SkVM *vm, double x, int64_t nd) {
    if (!isfinite(x) || x == 0.0) return sk_float(x);
    if (nd > 323) return sk_float(x);
    if (nd < -308) return sk_float(0.0 * x);
    char buf[420];
    if (nd >= 0) {
        snprintf(buf, sizeof buf, "%.*f", (int)nd, x);
        return sk_float(strtod(buf, NULL));
    }
    int e = (int)floor(log10(fabs(x)));
    // log10 can be off by one near powers of ten; fix with the printed exponent.
    snprintf(buf, sizeof buf, "%.17e", x);
    e = atoi(strchr(buf, 'e') + 1);
    int64_t keep = (int64_t)e + 1 + nd; // significant digits that survive
    if (keep < 0) return sk_float(0.0 * x);
    if (keep == 0) {
        double unit = pow(10.0, (double)-nd);
        double r = fabs(x) > unit / 2 ? unit : 0.0;
        return sk_float(x < 0 ? -r : r);
    }
    snprintf(buf, sizeof buf, "%.*e", (int)(keep - 1), x);
    return sk_float(strtod(buf, NULL));
}

static SkValue float_to_int(SkVM *vm, double f) {
    if (isinf(f))
        return sk_raise(vm, vm->exc.OverflowError, "cannot convert float infinity to integer");
    if (isnan(f)) return sk_raise(vm, vm->exc.ValueError, "cannot convert float NaN to integer");
    return sk_int_from_double(vm, f);
}

SkValue sk_bi_float_to_int(SkVM *vm, double f) { return float_to_int(vm, f); }

static SkValue bi_round(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames) {
    static const char *const names[] = {"number", "ndigits"};
    SkValue a[2];
    if (!sk_bind_args(vm, "round", args, nargs, kwnames, names, 2, 1, a)) return SK_ERR;
    SkValue x = a[0];
    bool has_nd = !SK_IS_UNDEF(a[1]) && !SK_IS_NONE(a[1]);
    int64_t nd = 0;
    if (SK_IS_FLOAT(x)) {
        if (!has_nd) return float_to_int(vm, nearbyint(SK_AS_FLOAT(x)));
        if (!sk_index(vm, a[1], &nd)) return SK_ERR;
        return round_float_digits(vm, SK_AS_FLOAT(x), nd);
    }
    if (sk_is_integer(x)) {
        if (SK_IS_BOOL(x)) x = sk_int(SK_AS_INT(x));
        if (!has_nd) return x;
        if (!sk_index(vm, a[1], &nd)) return SK_ERR;
        return sk_int_round(vm, x, nd);
    }
    SkValue arg = has_nd ? a[1] : SK_UNDEF;
    SkValue r = sk_invoke_method(vm, x, vm->names.round, &arg, has_nd ? 1 : 0);
    if (SK_IS_UNDEF(r) && !sk_has_exc(vm))
        return sk_raise(vm, vm->exc.TypeError, "type %s doesn't define __round__ method",
                        sk_type_name(vm, x));
    return r;
}

static SkValue int_text(SkVM *vm, SkValue v, int base) {
    int64_t i;
    if (sk_is_bigint(v)) {
        SkStr *s = sk_int_to_pystr(vm, v, base, true);
        return s ? sk_obj(s) : SK_ERR;
    }
    if (!sk_index(vm, v, &i)) return SK_ERR;
    char buf[80];
    int n = sk_int_to_str(i, base, true, buf);
    SkStr *s = sk_str_new(vm, buf, (size_t)n);
    return s ? sk_obj(s) : SK_ERR;
}
static SkValue bi_hex(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    return int_text(vm, args[0], 16);
}
static SkValue bi_oct(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    return int_text(vm, args[0], 8);
}
static SkValue bi_bin(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    return int_text(vm, args[0], 2);
}

static SkValue bi_ord(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames) {
    SkValue v = sk_payload(args[0]);
    if (SK_IS_STR(v)) {
        SkStr *s = SK_AS_STR(v);
        if (s->nchars != 1)
            return sk_raise(vm, vm->exc.TypeError,
                            "ord() expected a character, but string of length %zu found",
                            s->nchars);
        size_t pos = 0;
        return sk_int(sk_utf8_decode(s->data, s->len, &pos));
    }
    if (SK_IS_KIND(v, SK_BYTES)) {
        SkBytes *b = SK_AS_BYTES(v);
        if (b->len != 1)
            return sk_raise(vm, vm->exc.TypeError,
                            "ord() expected a character, but string of length %zu found", b->len);
        return sk_int(b->data[0]);
    }
    return sk_raise(vm, vm->exc.TypeError, "ord() expected string of length 1, but %s found",
                    sk_type_name(vm, args[0]));
}

static SkValue bi_chr(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames) {
    int64_t i;
    if (!sk_index(vm, args[0], &i)) return SK_ERR;
    if (i > INT32_MAX || i < INT32_MIN)
        return sk_raise(vm, vm->exc.OverflowError, "Python int too large to convert to C int");
    if (i < 0 || i >= 0x110000)
        return sk_raise(vm, vm->exc.ValueError, "chr() arg not in range(0x110000)");
    SkStr *s = sk_str_from_codepoint(vm, (uint32_t)i);
    return s ? sk_obj(s) : SK_ERR;
}

// --- min, max, sum ---

// 1 if a OP b (op GT for max, LT for min), 0 if not, -1 raised.
static int better(SkVM *vm, SkValue a, SkValue b, bool is_max) {
    if (SK_IS_INT(a) && SK_IS_INT(b))
        return is_max ? SK_AS_INT(a) > SK_AS_INT(b) : SK_AS_INT(a) < SK_AS_INT(b);
    if (SK_IS_FLOAT(a) && SK_IS_FLOAT(b))
        return is_max ? SK_AS_FLOAT(a) > SK_AS_FLOAT(b) : SK_AS_FLOAT(a) < SK_AS_FLOAT(b);
    SkValue r = sk_compare(vm, is_max ? SK_CMP_GT : SK_CMP_LT, a, b);
    if (SK_IS_ERR(r)) return -1;
    if (SK_IS_BOOL(r)) return SK_AS_BOOL(r);
    return sk_truthy(vm, r);
}

static SkValue minmax(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames, bool is_max) {
    const char *fname = is_max ? "max" : "min";
    static const char *const names[] = {"key", "default"};
    SkValue kw[2] = {SK_NONE, SK_UNDEF};
    if (!sk_bi_kwargs(vm, fname, args, nargs, kwnames, names, 2, kw)) return SK_ERR;
    int np = sk_npos(nargs, kwnames);
    if (np == 0)
        return sk_raise(vm, vm->exc.TypeError, "%s expected at least 1 argument, got 0", fname);
    if (np > 1 && !SK_IS_UNDEF(kw[1]))
        return sk_raise(vm, vm->exc.TypeError,
                        "Cannot specify a default for %s() with multiple positional arguments",
                        fname);
    if (np == 1 && sk_consume_may_block(vm, args, args[0]))
        return sk_consume_redirect(vm, args, is_max ? "_max" : "_min");
    SkValue key = kw[0];
    bool has_key = !SK_IS_NONE(key);
    SkValue best = SK_UNDEF, bestkey = SK_UNDEF, result = SK_ERR;
    SkValue *items = NULL;
    size_t n = 0;
    SkValue it = SK_UNDEF;
    if (np > 1) {
        items = args;
        n = (size_t)np;
    } else if (SK_IS_LIST(args[0])) {
        // Iterating by index stays correct if a key function mutates the list.
        it = args[0];
    } else if (SK_IS_TUPLE(args[0])) {
        items = SK_AS_TUPLE(args[0])->items;
        n = SK_AS_TUPLE(args[0])->len;
    } else {
        it = sk_iter(vm, args[0]);
        if (SK_IS_ERR(it)) return SK_ERR;
    }
    // The best so far lives in two root slots, so the arena can be reset
    // after every item and a long generator does not pin its garbage.
    size_t slot = vm->roots_len;
    sk_gc_push_root(vm, SK_NONE);
    sk_gc_push_root(vm, SK_NONE);
    size_t mark = sk_arena_save(vm);
    for (size_t i = 0;; i++) {
        SkValue v;
        if (items) {
            if (i >= n) break;
            v = items[i];
        } else if (SK_IS_LIST(it)) {
            if (i >= SK_AS_LIST(it)->len) break;
            v = SK_AS_LIST(it)->items[i];
        } else {
            v = sk_next(vm, it);
            if (SK_IS_UNDEF(v)) {
                if (sk_has_exc(vm)) goto done;
                break;
            }
        }
        SkValue k = v;
        if (has_key) {
            k = sk_call1(vm, key, v);
            if (SK_IS_ERR(k)) goto done;
        }
        if (SK_IS_UNDEF(best)) {
            best = v;
            bestkey = k;
        } else {
            int b = better(vm, k, bestkey, is_max);
            if (b < 0) goto done;
            if (b) {
                best = v;
                bestkey = k;
            }
        }
        vm->roots[slot] = best;
        vm->roots[slot + 1] = bestkey;
        sk_arena_restore(vm, mark);
    }
    if (SK_IS_UNDEF(best)) {
        if (!SK_IS_UNDEF(kw[1]))
            result = kw[1];
        else
            sk_raise(vm, vm->exc.ValueError, "%s() arg is an empty sequence", fname);
    } else {
        result = best;
    }
done:
    sk_gc_pop_root(vm);
    sk_gc_pop_root(vm);
    // The caller may hold the result only in C: put it back in the arena.
    sk_vm_arena_keep(vm, result);
    return result;
}

static SkValue bi_max(SkVM *vm, SkValue *a, int n, SkTuple *kw) {
    return minmax(vm, a, n, kw, true);
}
static SkValue bi_min(SkVM *vm, SkValue *a, int n, SkTuple *kw) {
    return minmax(vm, a, n, kw, false);
}

static SkValue bi_sum(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames) {
    static const char *const names[] = {"iterable", "start"};
    SkValue a[2];
    if (!sk_bind_args(vm, "sum", args, nargs, kwnames, names, 2, 1, a)) return SK_ERR;
    SkValue acc = SK_IS_UNDEF(a[1]) ? sk_int(0) : a[1];
    if (SK_IS_STR(acc))
        return sk_raise(vm, vm->exc.TypeError,
                        "sum() can't sum strings [use ''.join(seq) instead]");
    if (SK_IS_KIND(acc, SK_BYTES))
        return sk_raise(vm, vm->exc.TypeError, "sum() can't sum bytes [use b''.join(seq) instead]");
    SkValue src = a[0];
    if (sk_consume_may_block(vm, args, src)) return sk_consume_redirect(vm, args, "_sum");
    SkValue it = SK_UNDEF;
    if (!SK_IS_LIST(src) && !SK_IS_TUPLE(src)) {
        it = sk_iter(vm, src);
        if (SK_IS_ERR(it)) return SK_ERR;
    }
    // acc lives in a root slot so the arena can be reset after each item.
    size_t slot = vm->roots_len;
    sk_gc_push_root(vm, acc);
    size_t mark = sk_arena_save(vm);
    for (size_t i = 0;; i++) {
        SkValue v;
        if (SK_IS_UNDEF(it)) {
            if (SK_IS_LIST(src)) {
                if (i >= SK_AS_LIST(src)->len) break;
                v = SK_AS_LIST(src)->items[i];
            } else {
                if (i >= SK_AS_TUPLE(src)->len) break;
                v = SK_AS_TUPLE(src)->items[i];
            }
        } else {
            v = sk_next(vm, it);
            if (SK_IS_UNDEF(v)) {
                if (sk_has_exc(vm)) acc = SK_ERR;
                break;
            }
        }
        if (SK_IS_INT(acc) && SK_IS_INT(v)) {
            int64_t r;
            if (!__builtin_add_overflow(SK_AS_INT(acc), SK_AS_INT(v), &r)) {
                acc = sk_int(r);
                continue;
            }
        } else if (SK_IS_FLOAT(acc) && SK_IS_FLOAT(v)) {
            acc = sk_float(SK_AS_FLOAT(acc) + SK_AS_FLOAT(v));
            continue;
        }
        acc = sk_binary(vm, SK_BIN_ADD, acc, v, false);
        if (SK_IS_ERR(acc)) break;
        if (SK_IS_OBJ(acc)) {
            vm->roots[slot] = acc;
            sk_arena_restore(vm, mark);
        }
    }
    sk_gc_pop_root(vm);
    sk_vm_arena_keep(vm, acc);
    return acc;
}

// --- iteration ---

static SkValue bi_sorted(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames) {
    static const char *const names[] = {"key", "reverse"};
    SkValue kw[2] = {SK_NONE, SK_FALSE};
    int np = sk_npos(nargs, kwnames);
    if (np != 1) return sk_raise(vm, vm->exc.TypeError, "sorted expected 1 argument, got %d", np);
    if (!sk_bi_kwargs(vm, "sort", args, nargs, kwnames, names, 2, kw)) return SK_ERR;
    int rev = sk_truthy(vm, kw[1]);
    if (rev < 0) return SK_ERR;
    if (sk_consume_may_block(vm, args, args[0])) return sk_consume_redirect(vm, args, "_sorted");
    SkList *l = sk_list_of(vm, args[0]);
    if (!l || !sk_list_sort(vm, l, kw[0], rev)) return SK_ERR;
    return sk_obj(l);
}

static SkValue any_all(SkVM *vm, SkValue src, bool want) {
    if (SK_IS_LIST(src)) {
        SkList *l = SK_AS_LIST(src);
        for (size_t i = 0; i < l->len; i++) {
            int t = sk_truthy(vm, l->items[i]);
            if (t < 0) return SK_ERR;
            if ((t != 0) == want) return sk_bool(want);
        }
        return sk_bool(!want);
    }
    SkValue it = sk_iter(vm, src);
    if (SK_IS_ERR(it)) return SK_ERR;
    // Items are dropped after the test: let the collector have them.
    size_t mark = sk_arena_save(vm);
    for (;;) {
        SkValue v = sk_next(vm, it);
        if (SK_IS_UNDEF(v)) return sk_has_exc(vm) ? SK_ERR : sk_bool(!want);
        int t = sk_truthy(vm, v);
        if (t < 0) return SK_ERR;
        if ((t != 0) == want) return sk_bool(want);
        sk_arena_restore(vm, mark);
    }
}
static SkValue bi_any(SkVM *vm, SkValue *args, int n, SkTuple *kw) {
    if (sk_consume_may_block(vm, args, args[0])) return sk_consume_redirect(vm, args, "_any");
    return any_all(vm, args[0], true);
}
static SkValue bi_all(SkVM *vm, SkValue *args, int n, SkTuple *kw) {
    if (sk_consume_may_block(vm, args, args[0])) return sk_consume_redirect(vm, args, "_all");
    return any_all(vm, args[0], false);
}

static SkValue bi_iter(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames) {
    if (nargs == 1) return sk_iter(vm, args[0]);
    SkValue c = bi_callable(vm, args, 1, NULL);
    if (!SK_AS_BOOL(c)) return sk_raise(vm, vm->exc.TypeError, "iter(v, w): v must be callable");
    return sk_iter_callable(vm, args[0], args[1]);
}

static SkValue bi_next(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames) {
    if (SK_IS_KIND(args[0], SK_GENERATOR)) {
        // A finished generator's return value travels in StopIteration.value.
        SkValue out;
        switch (sk_generator_send(vm, SK_AS_GEN(args[0]), SK_NONE, &out)) {
        case SK_GEN_YIELDED: return out;
        case SK_GEN_ERROR: return SK_ERR;
        case SK_GEN_RETURNED:
            if (nargs > 1) return args[1];
            return sk_raise_stopiteration(vm, out);
        }
    }
    SkValue v = sk_next(vm, args[0]);
    if (!SK_IS_UNDEF(v) || sk_has_exc(vm)) return v;
    if (nargs > 1) return args[1];
    return sk_raise_value(vm, sk_obj(vm->exc.StopIteration));
}

// --- attributes and namespaces ---

static bool attr_name(SkVM *vm, SkValue v) {
    if (SK_IS_STR(v)) return true;
    sk_raise(vm, vm->exc.TypeError, "attribute name must be string, not '%s'", sk_type_name(vm, v));
    return false;
}

static SkValue bi_getattr(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames) {
    if (!attr_name(vm, args[1])) return SK_ERR;
    if (nargs == 2) return sk_getattr(vm, args[0], SK_AS_STR(args[1]));
    SkValue v = sk_getattr_opt(vm, args[0], SK_AS_STR(args[1]));
    if (!SK_IS_UNDEF(v)) return v;
    if (sk_has_exc(vm)) {
        if (!sk_exc_matches(vm, vm->exc.AttributeError)) return SK_ERR;
        sk_clear_exc(vm);
    }
    return args[2];
}

static SkValue bi_hasattr(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames) {
    if (!attr_name(vm, args[1])) return SK_ERR;
    SkValue v = sk_getattr_opt(vm, args[0], SK_AS_STR(args[1]));
    if (!SK_IS_UNDEF(v)) return SK_TRUE;
    if (sk_has_exc(vm)) {
        if (!sk_exc_matches(vm, vm->exc.AttributeError)) return SK_ERR;
        sk_clear_exc(vm);
    }
    return SK_FALSE;
}

static SkValue bi_setattr(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames) {
    if (!attr_name(vm, args[1])) return SK_ERR;
    return sk_setattr(vm, args[0], SK_AS_STR(args[1]), args[2]) ? SK_NONE : SK_ERR;
}

static SkValue bi_delattr(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames) {
    if (!attr_name(vm, args[1])) return SK_ERR;
    return sk_delattr(vm, args[0], SK_AS_STR(args[1])) ? SK_NONE : SK_ERR;
}

static SkFrame *caller_frame(SkVM *vm) {
    SkTasklet *t = vm->current;
    return t && t->nframes > 0 ? &t->frames[t->nframes - 1] : NULL;
}

static bool is_cell_slot(SkCode *c, int slot) {
    if (slot >= c->nlocals - c->nfrees) return true;
    for (int i = 0; i < c->ncells; i++)
        if (c->cells[i] == slot) return true;
    return false;
}

static SkValue bi_globals(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames) {
    SkDict *g = sk_current_globals(vm);
    return g ? sk_obj(g) : SK_NONE;
}

static SkValue bi_locals(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames) {
    return sk_bi_locals(vm);
}

// A function's locals() is one dict per frame, kept in f->locals (which
// only class bodies read) and refreshed from the slots at each call, as
// CPython 3.11's frame f_locals: names exec() adds to it stay visible.
SkValue sk_bi_locals(SkVM *vm) {
    SkFrame *f = caller_frame(vm);
    if (!f) return bi_globals(vm, NULL, 0, NULL);
    SkCode *c = f->code;
    if (c->flags & (SK_CODE_MODULE | SK_CODE_CLASS))
        return sk_obj(f->locals ? f->locals : f->globals);
    SkDict *d = f->locals;
    if (!d && !(d = f->locals = sk_dict_new(vm))) return SK_ERR;
    for (int i = 0; i < c->nlocals; i++) {
        SkValue v = f->slots[i];
        if (is_cell_slot(c, i) && SK_IS_KIND(v, SK_CELL)) v = SK_AS_CELL(v)->value;
        if (!c->varnames || !c->varnames[i]) continue;
        if (SK_IS_UNDEF(v)) {
            if (sk_dict_del(vm, d, sk_obj(c->varnames[i])) < 0) return SK_ERR;
        } else if (!sk_dict_set_str(vm, d, c->varnames[i], v)) {
            return SK_ERR;
        }
    }
    return sk_obj(d);
}

static SkValue bi_vars(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames) {
    if (nargs == 0) return bi_locals(vm, args, 0, NULL);
    SkValue v = args[0];
    if (SK_IS_KIND(v, SK_INSTANCE) || SK_IS_KIND(v, SK_EXCEPTION)) {
        SkInstance *in = SK_AS_INSTANCE(v);
        if (in->dict) return sk_obj(in->dict);
    } else if (SK_IS_KIND(v, SK_CLASS)) {
        return sk_obj(SK_AS_CLASS(v)->dict);
    } else if (SK_IS_KIND(v, SK_MODULE)) {
        return sk_obj(SK_AS_MODULE(v)->dict);
    } else if (SK_IS_KIND(v, SK_FUNCTION)) {
        SkFunction *fn = SK_AS_FUNCTION(v);
        if (!fn->dict && !(fn->dict = sk_dict_new(vm))) return SK_ERR;
        return sk_obj(fn->dict);
    }
    return sk_raise(vm, vm->exc.TypeError, "vars() argument must have __dict__ attribute");
}

static bool add_keys(SkVM *vm, SkDict *into, SkDict *from) {
    if (!from) return true;
    SkValue k, v;
    for (size_t i = 0; sk_dict_next(from, &i, &k, &v);)
        if (!sk_dict_set(vm, into, k, SK_NONE)) return false;
    return true;
}

static SkValue bi_dir(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames) {
    SkDict *names = sk_dict_new(vm);
    if (!names) return SK_ERR;
    if (nargs == 0) {
        SkValue l = bi_locals(vm, args, 0, NULL);
        if (SK_IS_ERR(l) || !add_keys(vm, names, SK_AS_DICT(l))) return SK_ERR;
    } else {
        SkValue v = args[0];
        bool ok = true;
        if (SK_IS_KIND(v, SK_MODULE)) {
            ok = add_keys(vm, names, SK_AS_MODULE(v)->dict);
        } else {
            if (SK_IS_KIND(v, SK_INSTANCE) || SK_IS_KIND(v, SK_EXCEPTION))
                ok = add_keys(vm, names, SK_AS_INSTANCE(v)->dict);
            SkClass *cls = SK_IS_KIND(v, SK_CLASS) ? SK_AS_CLASS(v) : sk_class_of(vm, v);
            if (cls->mro)
                for (size_t i = 0; ok && i < cls->mro->len; i++)
                    ok = add_keys(vm, names, SK_AS_CLASS(cls->mro->items[i])->dict);
            else
                ok = add_keys(vm, names, cls->dict);
        }
        if (!ok) return SK_ERR;
    }
    SkList *l = sk_list_new(vm, names->len);
    if (!l) return SK_ERR;
    SkValue k, v;
    for (size_t i = 0; sk_dict_next(names, &i, &k, &v);)
        if (SK_IS_STR(k) && !sk_list_append(vm, l, k)) return SK_ERR;
    if (!sk_list_sort(vm, l, SK_NONE, false)) return SK_ERR;
    return sk_obj(l);
}

static SkValue bi_format(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames) {
    SkStr *spec = vm->names.empty;
    if (nargs > 1) {
        if (!SK_IS_STR(args[1]))
            return sk_raise(vm, vm->exc.TypeError, "format() argument 2 must be str, not %s",
                            sk_type_name(vm, args[1]));
        spec = SK_AS_STR(args[1]);
    }
    SkStr *s = sk_format(vm, args[0], spec);
    return s ? sk_obj(s) : SK_ERR;
}

static SkValue bi_exit(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames) {
    SkValue e = sk_exc_new(vm, vm->exc.SystemExit, args, nargs);
    if (SK_IS_ERR(e)) return SK_ERR;
    return sk_raise_value(vm, e);
}

// --- registration ---

typedef struct BuiltinFn {
    const char *name;
    SkNativeFn fn;
    int16_t min_args, max_args;
    bool kw;
} BuiltinFn;

static const BuiltinFn builtin_fns[] = {
    {"print", bi_print, 0, -1, true},
    {"input", bi_input, 0, -1, false},
    {"help", bi_help, 0, 1, false},
    {"len", bi_len, 1, 1, false},
    {"isinstance", bi_isinstance, 2, 2, false},
    {"issubclass", bi_issubclass, 2, 2, false},
    {"repr", bi_repr, 1, 1, false},
    {"ascii", bi_ascii, 1, 1, false},
    {"hash", bi_hash, 1, 1, false},
    {"id", bi_id, 1, 1, false},
    {"callable", bi_callable, 1, 1, false},
    {"abs", bi_abs, 1, 1, false},
    {"divmod", bi_divmod, 2, 2, false},
    {"pow", bi_pow, 2, 3, true},
    {"round", bi_round, 1, 2, true},
    {"hex", bi_hex, 1, 1, false},
    {"oct", bi_oct, 1, 1, false},
    {"bin", bi_bin, 1, 1, false},
    {"ord", bi_ord, 1, 1, false},
    {"chr", bi_chr, 1, 1, false},
    {"max", bi_max, 0, -1, true},
    {"min", bi_min, 0, -1, true},
    {"sum", bi_sum, 1, 2, true},
    {"sorted", bi_sorted, 0, -1, true},
    {"any", bi_any, 1, 1, false},
    {"all", bi_all, 1, 1, false},
    {"iter", bi_iter, 1, 2, false},
    {"next", bi_next, 1, 2, false},
    {"getattr", bi_getattr, 2, 3, false},
    {"hasattr", bi_hasattr, 2, 2, false},
    {"setattr", bi_setattr, 3, 3, false},
    {"delattr", bi_delattr, 2, 2, false},
    {"globals", bi_globals, 0, 0, false},
    {"locals", bi_locals, 0, 0, false},
    {"vars", bi_vars, 0, 1, false},
    {"dir", bi_dir, 0, 1, false},
    {"format", bi_format, 1, 2, false},
    {"exit", bi_exit, 0, 1, false},
    {"quit", bi_exit, 0, 1, false},
};

void sk_init_builtins(SkVM *vm) {
    SkDict *b = vm->builtins;
    if (!b) b = vm->builtins = sk_dict_new(vm);
    if (!b) return;
    for (size_t i = 0; i < sizeof builtin_fns / sizeof builtin_fns[0]; i++) {
        const BuiltinFn *f = &builtin_fns[i];
        SkNative *n = sk_define_native(vm, b, f->name, f->fn, f->min_args, f->max_args, f->kw);
        // print/repr of a user instance run its Skein __str__/__repr__ as a frame (vm/exec/vm.c).
        if (n && f->fn == bi_print) n->proto = SK_NATIVE_PROTO_PRINT;
        if (n && f->fn == bi_repr) n->proto = SK_NATIVE_PROTO_REPR;
    }
    sk_bi_init_types(vm, b);
    sk_bi_init_eval(vm, b);
    vm->sched.may_block = sk_consume_may_block; // for str.join in the core
    vm->sched.redirect_to = sk_consume_redirect;
#define SK_EXC_BUILTIN(name, base) sk_dict_set_cstr(vm, b, #name, sk_obj(vm->exc.name));
    SK_EXCEPTIONS(SK_EXC_BUILTIN)
#undef SK_EXC_BUILTIN
    sk_dict_set_cstr(vm, b, "NotImplemented", vm->not_implemented);
    sk_dict_set_cstr(vm, b, "Ellipsis", vm->ellipsis);
    SkStr *name = sk_str_intern_cstr(vm, "builtins");
    if (name) sk_dict_set_str(vm, b, vm->names.name, sk_obj(name));
}
