// vm/objects/number_methods.c -- the methods of int, bool and float: bit_length,
// bit_count, to_bytes/from_bytes, is_integer, as_integer_ratio, the
// real/imag/numerator/denominator attributes, and the arithmetic and
// comparison dunders ((5).__add__(3), super().__add__ in a subclass),
// which return NotImplemented for operands they do not handle, as
// CPython's do. The operators themselves never come here: the dispatch
// loop and vm/ops/arith.c compute them directly.
#include "vm/objects/number_methods.h"
#include "vm/classes/class.h"
#include "vm/classes/error.h"
#include "vm/core/gc.h"
#include "vm/exec/call.h"
#include "vm/exec/import.h"
#include "vm/objects/bigint.h"
#include "vm/objects/bytes.h"
#include "vm/objects/dict.h"
#include "vm/objects/list.h"
#include "vm/objects/methods.h"
#include "vm/objects/number.h"
#include "vm/objects/str.h"
#include "vm/objects/tuple.h"
#include "vm/ops/arith.h"
#include "vm/ops/compare.h"
#include "vm/ops/item.h"
#include "vm/ops/ops.h"
#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

static bool is_int(SkValue v) { return sk_is_integer(v); }
static bool is_num(SkValue v) { return is_int(v) || v.tag == SK_T_FLOAT; }

// self as an int / float, or TypeError as CPython's descriptors word it.
static bool int_self(SkVM *vm, SkValue *args, const char *meth, SkValue *out) {
    SkValue v = sk_payload(args[0]);
    if (is_int(v)) {
        *out = v.tag == SK_T_BOOL ? sk_int(v.as.i) : v;
        return true;
    }
    sk_raise(vm, vm->exc.TypeError,
             "descriptor '%s' for 'int' objects doesn't apply to a '%T' object", meth, args[0]);
    return false;
}

static bool float_self(SkVM *vm, SkValue *args, const char *meth, SkValue *out) {
    SkValue v = sk_payload(args[0]);
    if (v.tag == SK_T_FLOAT) {
        *out = v;
        return true;
    }
    sk_raise(vm, vm->exc.TypeError,
             "descriptor '%s' for 'float' objects doesn't apply to a '%T' object", meth, args[0]);
    return false;
}

// --- arithmetic and comparison dunders ---

// int.__op__ handles int operands only; float.__op__ ints and floats.
static SkValue num_dunder(SkVM *vm, SkValue *args, bool flt, const char *name, int op,
                          bool reflected) {
    SkValue self;
    if (!(flt ? float_self(vm, args, name, &self) : int_self(vm, args, name, &self))) return SK_ERR;
    SkValue other = sk_payload(args[1]);
    if (flt ? !is_num(other) : !is_int(other)) return vm->not_implemented;
    if (other.tag == SK_T_BOOL) other = sk_int(other.as.i);
    SkValue r = reflected ? sk_num_binary(vm, op, other, self) : sk_num_binary(vm, op, self, other);
    if (SK_IS_UNDEF(r) && !sk_has_exc(vm)) return vm->not_implemented;
    return r;
}

static SkValue num_cmp(SkVM *vm, SkValue *args, bool flt, const char *name, SkCmpOp op) {
    SkValue self;
    if (!(flt ? float_self(vm, args, name, &self) : int_self(vm, args, name, &self))) return SK_ERR;
    SkValue other = sk_payload(args[1]);
    if (flt ? !is_num(other) : !is_int(other)) return vm->not_implemented;
    return sk_compare(vm, op, self, other);
}

#define BIN(fn, name, op, refl)                                                                    \
    static SkValue int_##fn(SkVM *vm, SkValue *a, int n, SkTuple *k) {                             \
        return num_dunder(vm, a, false, name, op, refl);                                           \
    }                                                                                              \
    static SkValue float_##fn(SkVM *vm, SkValue *a, int n, SkTuple *k) {                           \
        return num_dunder(vm, a, true, name, op, refl);                                            \
    }
BIN(add, "__add__", SK_BIN_ADD, false)
BIN(radd, "__radd__", SK_BIN_ADD, true)
BIN(sub, "__sub__", SK_BIN_SUB, false)
BIN(rsub, "__rsub__", SK_BIN_SUB, true)
BIN(mul, "__mul__", SK_BIN_MUL, false)
BIN(rmul, "__rmul__", SK_BIN_MUL, true)
BIN(truediv, "__truediv__", SK_BIN_TRUEDIV, false)
BIN(rtruediv, "__rtruediv__", SK_BIN_TRUEDIV, true)
BIN(floordiv, "__floordiv__", SK_BIN_FLOORDIV, false)
BIN(rfloordiv, "__rfloordiv__", SK_BIN_FLOORDIV, true)
BIN(mod, "__mod__", SK_BIN_MOD, false)
BIN(rmod, "__rmod__", SK_BIN_MOD, true)
BIN(pow, "__pow__", SK_BIN_POW, false)
BIN(rpow, "__rpow__", SK_BIN_POW, true)
BIN(lshift, "__lshift__", SK_BIN_LSHIFT, false)
BIN(rlshift, "__rlshift__", SK_BIN_LSHIFT, true)
BIN(rshift, "__rshift__", SK_BIN_RSHIFT, false)
BIN(rrshift, "__rrshift__", SK_BIN_RSHIFT, true)
BIN(and, "__and__", SK_BIN_AND, false)
BIN(rand, "__rand__", SK_BIN_AND, true)
BIN(or, "__or__", SK_BIN_OR, false)
BIN(ror, "__ror__", SK_BIN_OR, true)
BIN(xor, "__xor__", SK_BIN_XOR, false)
BIN(rxor, "__rxor__", SK_BIN_XOR, true)
#undef BIN

#define CMP(fn, name, op)                                                                          \
    static SkValue int_##fn(SkVM *vm, SkValue *a, int n, SkTuple *k) {                             \
        return num_cmp(vm, a, false, name, op);                                                    \
    }                                                                                              \
    static SkValue float_##fn(SkVM *vm, SkValue *a, int n, SkTuple *k) {                           \
        return num_cmp(vm, a, true, name, op);                                                     \
    }
CMP(lt, "__lt__", SK_CMP_LT)
CMP(le, "__le__", SK_CMP_LE)
CMP(eq, "__eq__", SK_CMP_EQ)
CMP(ne, "__ne__", SK_CMP_NE)
CMP(gt, "__gt__", SK_CMP_GT)
CMP(ge, "__ge__", SK_CMP_GE)
#undef CMP

typedef struct NumMethod {
    const char *name;
    SkNativeFn int_fn, float_fn;
} NumMethod;

#define M(fn, name)                                                                                \
    { name, int_##fn, float_##fn }
static const NumMethod binary_methods[] = {
    M(add, "__add__"),
    M(radd, "__radd__"),
    M(sub, "__sub__"),
    M(rsub, "__rsub__"),
    M(mul, "__mul__"),
    M(rmul, "__rmul__"),
    M(truediv, "__truediv__"),
    M(rtruediv, "__rtruediv__"),
    M(floordiv, "__floordiv__"),
    M(rfloordiv, "__rfloordiv__"),
    M(mod, "__mod__"),
    M(rmod, "__rmod__"),
    M(pow, "__pow__"),
    M(rpow, "__rpow__"),
    M(lt, "__lt__"),
    M(le, "__le__"),
    M(eq, "__eq__"),
    M(ne, "__ne__"),
    M(gt, "__gt__"),
    M(ge, "__ge__"),
};
static const NumMethod int_only_methods[] = {
    M(lshift, "__lshift__"),   M(rlshift, "__rlshift__"), M(rshift, "__rshift__"),
    M(rrshift, "__rrshift__"), M(and, "__and__"),         M(rand, "__rand__"),
    M(or, "__or__"),           M(ror, "__ror__"),         M(xor, "__xor__"),
    M(rxor, "__rxor__"),
};
#undef M

// --- unary dunders and conversions ---

static SkValue num_unary(SkVM *vm, SkValue *args, bool flt, const char *name, int which) {
    SkValue self;
    if (!(flt ? float_self(vm, args, name, &self) : int_self(vm, args, name, &self))) return SK_ERR;
    switch (which) {
    case 0: return sk_neg(vm, self);
    case 1: return self;
    case 2: // abs
        if (flt) return sk_float(fabs(self.as.f));
        return sk_int_sign(self) < 0 ? sk_neg(vm, self) : self;
    case 3: return sk_invert(vm, self);
    case 4: return sk_bool(flt ? self.as.f != 0.0 : sk_int_sign(self) != 0);
    case 5: { // __int__ / __trunc__
        if (!flt) return self;
        double f = self.as.f;
        if (isnan(f))
            return sk_raise(vm, vm->exc.ValueError, "cannot convert float NaN to integer");
        if (isinf(f))
            return sk_raise(vm, vm->exc.OverflowError, "cannot convert float infinity to integer");
        return sk_int_from_double(vm, trunc(f));
    }
    case 6: { // __float__
        double d;
        if (flt) return self;
        return sk_int_to_double(vm, self, &d) ? sk_float(d) : SK_ERR;
    }
    case 7: { // __hash__
        uint64_t h;
        if (!sk_hash(vm, self, &h)) return SK_ERR;
        return sk_int((int64_t)h);
    }
    case 8:
    case 9: { // __floor__, __ceil__
        if (!flt) return self;
        double f = which == 8 ? floor(self.as.f) : ceil(self.as.f);
        SkValue t = sk_float(f);
        return num_unary(vm, &t, true, name, 5);
    }
    default: return self;
    }
}

#define UN(fn, name, which)                                                                        \
    static SkValue int_##fn(SkVM *vm, SkValue *a, int n, SkTuple *k) {                             \
        return num_unary(vm, a, false, name, which);                                               \
    }                                                                                              \
    static SkValue float_##fn(SkVM *vm, SkValue *a, int n, SkTuple *k) {                           \
        return num_unary(vm, a, true, name, which);                                                \
    }
UN(neg, "__neg__", 0)
UN(pos, "__pos__", 1)
UN(abs, "__abs__", 2)
UN(invert, "__invert__", 3)
UN(bool, "__bool__", 4)
UN(int, "__int__", 5)
UN(float, "__float__", 6)
UN(hash, "__hash__", 7)
UN(floor, "__floor__", 8)
UN(ceil, "__ceil__", 9)
#undef UN

static const NumMethod unary_methods[] = {
    {"__neg__", int_neg, float_neg},       {"__pos__", int_pos, float_pos},
    {"__abs__", int_abs, float_abs},       {"__bool__", int_bool, float_bool},
    {"__int__", int_int, float_int},       {"__trunc__", int_int, float_int},
    {"__float__", int_float, float_float}, {"__hash__", int_hash, float_hash},
    {"__floor__", int_floor, float_floor}, {"__ceil__", int_ceil, float_ceil},
    {"conjugate", int_pos, float_pos},
};

// --- int methods ---

static SkValue int_bit_length(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkValue self;
    if (!int_self(vm, args, "bit_length", &self)) return SK_ERR;
    return sk_int((int64_t)sk_int_bit_length(self));
}

static SkValue int_bit_count(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkValue self;
    if (!int_self(vm, args, "bit_count", &self)) return SK_ERR;
    return sk_int((int64_t)sk_int_bit_count(self));
}

static SkValue int_index(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkValue self;
    if (!int_self(vm, args, "__index__", &self)) return SK_ERR;
    return self;
}

static SkValue int_as_integer_ratio(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkValue self;
    if (!int_self(vm, args, "as_integer_ratio", &self)) return SK_ERR;
    SkTuple *t = sk_tuple_pair(vm, self, sk_int(1));
    return t ? sk_obj(t) : SK_ERR;
}

// "big" -> 1, "little" -> 0, else ValueError.
static int byteorder(SkVM *vm, SkValue v) {
    if (SK_IS_UNDEF(v)) return 1;
    if (!SK_IS_STR(v)) {
        sk_raise(vm, vm->exc.TypeError, "to_bytes() argument 'byteorder' must be str, not %T", v);
        return -1;
    }
    if (!strcmp(SK_AS_STR(v)->data, "big")) return 1;
    if (!strcmp(SK_AS_STR(v)->data, "little")) return 0;
    sk_raise(vm, vm->exc.ValueError, "byteorder must be either 'little' or 'big'");
    return -1;
}

static SkValue int_to_bytes(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    static const char *const names[] = {"length", "byteorder", "signed"};
    SkValue a[3], self;
    if (!int_self(vm, args, "to_bytes", &self)) return SK_ERR;
    if (!sk_bind_args(vm, "to_bytes", args + 1, nargs - 1, kw, names, 3, 0, a)) return SK_ERR;
    int64_t len = 1;
    if (!SK_IS_UNDEF(a[0]) && !sk_index(vm, a[0], &len)) return SK_ERR;
    if (len < 0) return sk_raise(vm, vm->exc.ValueError, "length argument must be non-negative");
    int big = byteorder(vm, a[1]);
    if (big < 0) return SK_ERR;
    int sgn = SK_IS_UNDEF(a[2]) ? 0 : sk_truthy(vm, a[2]);
    if (sgn < 0) return SK_ERR;
    return sk_int_to_bytes(vm, self, len, big == 1, sgn == 1);
}

static SkValue int_from_bytes(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    // classmethod: args[0] is the class.
    static const char *const names[] = {"bytes", "byteorder", "signed"};
    SkValue a[3];
    if (!sk_bind_args(vm, "from_bytes", args + 1, nargs - 1, kw, names, 3, 1, a)) return SK_ERR;
    int big = byteorder(vm, a[1]);
    if (big < 0) return SK_ERR;
    int sgn = SK_IS_UNDEF(a[2]) ? 0 : sk_truthy(vm, a[2]);
    if (sgn < 0) return SK_ERR;
    SkValue src = a[0];
    SkBytes *b;
    if (SK_IS_KIND(src, SK_BYTES))
        b = SK_AS_BYTES(src);
    else {
        SkList *l = sk_list_of(vm, src);
        if (!l) return SK_ERR;
        if (!(b = sk_bytes_new(vm, NULL, l->len))) return SK_ERR;
        for (size_t i = 0; i < l->len; i++) {
            int64_t x;
            if (!sk_index(vm, l->items[i], &x)) return SK_ERR;
            if (x < 0 || x > 255)
                return sk_raise(vm, vm->exc.ValueError, "bytes must be in range(0, 256)");
            b->data[i] = (uint8_t)x;
        }
    }
    SkValue r = sk_int_from_bytes(vm, b->data, b->len, big == 1, sgn == 1);
    if (SK_IS_ERR(r)) return SK_ERR;
    SkClass *cls = SK_IS_KIND(args[0], SK_CLASS) ? SK_AS_CLASS(args[0]) : vm->t.int_;
    if (cls != vm->t.int_ && cls != vm->t.bool_) return sk_call1(vm, args[0], r);
    return r;
}

// --- float methods ---

static SkValue float_is_integer(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkValue self;
    if (!float_self(vm, args, "is_integer", &self)) return SK_ERR;
    double f = self.as.f;
    return sk_bool(isfinite(f) && f == floor(f));
}

static SkValue float_as_integer_ratio(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkValue self;
    if (!float_self(vm, args, "as_integer_ratio", &self)) return SK_ERR;
    double f = self.as.f;
    if (isinf(f))
        return sk_raise(vm, vm->exc.OverflowError, "cannot convert Infinity to integer ratio");
    if (isnan(f)) return sk_raise(vm, vm->exc.ValueError, "cannot convert NaN to integer ratio");
    int e;
    double m = frexp(f, &e);
    for (int i = 0; i < 300 && m != floor(m); i++) {
        m *= 2.0;
        e--;
    }
    // m is an integer below 2**53 now: numerator m * 2**e, or m over 2**-e.
    SkValue num = sk_int((int64_t)m), den = sk_int(1);
    if (e > 0) num = sk_int_binary(vm, SK_BIN_LSHIFT, num, sk_int(e));
    if (e < 0) den = sk_int_binary(vm, SK_BIN_LSHIFT, den, sk_int(-e));
    if (SK_IS_ERR(num) || SK_IS_ERR(den)) return SK_ERR;
    SkTuple *t = sk_tuple_pair(vm, num, den);
    return t ? sk_obj(t) : SK_ERR;
}

// x.hex(): CPython's float_hex, digit for digit.
static SkValue float_hex(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkValue self;
    if (!float_self(vm, args, "hex", &self)) return SK_ERR;
    double x = self.as.f;
    char buf[64];
    if (isnan(x) || isinf(x)) {
        sk_float_repr(x, buf);
    } else if (x == 0.0) {
        snprintf(buf, sizeof buf, "%s0x0.0p+0", signbit(x) ? "-" : "");
    } else {
        int e;
        double m = frexp(fabs(x), &e);
        int shift = 1 - (DBL_MIN_EXP - e > 0 ? DBL_MIN_EXP - e : 0);
        m = ldexp(m, shift);
        e -= shift;
        char digits[20];
        int n = 0;
        digits[n++] = "0123456789abcdef"[(int)m];
        m -= (int)m;
        digits[n++] = '.';
        for (int i = 0; i < (DBL_MANT_DIG - 1) / 4; i++) {
            m *= 16.0;
            digits[n++] = "0123456789abcdef"[(int)m];
            m -= (int)m;
        }
        digits[n] = '\0';
        snprintf(buf, sizeof buf, "%s0x%sp%c%d", x < 0 ? "-" : "", digits, e < 0 ? '-' : '+',
                 e < 0 ? -e : e);
    }
    SkStr *r = sk_str_cstr(vm, buf);
    return r ? sk_obj(r) : SK_ERR;
}

// float.fromhex(s), a classmethod: [sign] [0x] hex digits [. digits] [p exp],
// or inf/nan; correctly rounded (C's strtod reads hex floats exactly).
static SkValue float_fromhex(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    if (!SK_IS_STR(args[1])) return sk_raise(vm, vm->exc.TypeError, "must be str, not %T", args[1]);
    SkStr *str = SK_AS_STR(args[1]);
    const char *s = str->data, *end = s + str->len;
    while (s < end &&
           (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\f' || *s == '\v'))
        s++;
    while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n' || end[-1] == '\r' ||
                       end[-1] == '\f' || end[-1] == '\v'))
        end--;
    char buf[512];
    size_t n = (size_t)(end - s), k = 0;
    bool ok = n > 0 && n < sizeof buf - 4;
    double x = 0;
    if (ok) {
        const char *p = s;
        if (*p == '+' || *p == '-') buf[k++] = *p++;
        size_t rest = (size_t)(end - p);
        bool special = false;
        for (const char *w = "inf\0infinity\0nan\0"; *w; w += strlen(w) + 1)
            if (strlen(w) == rest && !strncasecmp(p, w, rest)) special = true;
        if (!special && !(rest > 1 && p[0] == '0' && (p[1] | 0x20) == 'x')) {
            buf[k++] = '0';
            buf[k++] = 'x';
        }
        int digits = 0;
        for (const char *q = p; q < end && !special; q++) {
            char c = *q;
            if (isxdigit((unsigned char)c))
                digits++;
            else if ((c | 0x20) == 'p')
                break;
            else if (c != '.' && !(q == p + 1 && (c | 0x20) == 'x'))
                ok = false;
        }
        if (!special && !digits) ok = false;
        memcpy(buf + k, p, rest);
        buf[k + rest] = '\0';
        char *stop;
        errno = 0;
        x = strtod(buf, &stop);
        if (*stop) ok = false;
        if (ok && isinf(x) && !special)
            return sk_raise(vm, vm->exc.OverflowError,
                            "hexadecimal value too large to represent as a float");
    }
    if (!ok) return sk_raise(vm, vm->exc.ValueError, "invalid hexadecimal floating-point string");
    SkValue r = sk_float(x);
    SkClass *cls = SK_IS_KIND(args[0], SK_CLASS) ? SK_AS_CLASS(args[0]) : vm->t.float_;
    if (cls != vm->t.float_) return sk_call1(vm, args[0], r);
    return r;
}

// --- attributes (real, imag, numerator, denominator) ---

static SkValue num_self(SkValue *args) {
    SkValue v = sk_payload(args[0]);
    return v.tag == SK_T_BOOL ? sk_int(v.as.i) : v;
}
static SkValue num_real(SkVM *vm, SkValue *a, int n, SkTuple *k) { return num_self(a); }
static SkValue num_imag(SkVM *vm, SkValue *a, int n, SkTuple *k) {
    return num_self(a).tag == SK_T_FLOAT ? sk_float(0.0) : sk_int(0);
}
static SkValue int_one(SkVM *vm, SkValue *a, int n, SkTuple *k) { return sk_int(1); }

void sk_init_number_methods(SkVM *vm) {
    SkClass *ic = vm->t.int_, *fc = vm->t.float_;
    if (!ic || !fc) return;
    for (size_t i = 0; i < sizeof binary_methods / sizeof binary_methods[0]; i++) {
        sk_define_method(vm, ic, binary_methods[i].name, binary_methods[i].int_fn, 2, 2, false);
        sk_define_method(vm, fc, binary_methods[i].name, binary_methods[i].float_fn, 2, 2, false);
    }
    for (size_t i = 0; i < sizeof int_only_methods / sizeof int_only_methods[0]; i++)
        sk_define_method(vm, ic, int_only_methods[i].name, int_only_methods[i].int_fn, 2, 2, false);
    for (size_t i = 0; i < sizeof unary_methods / sizeof unary_methods[0]; i++) {
        sk_define_method(vm, ic, unary_methods[i].name, unary_methods[i].int_fn, 1, 1, false);
        sk_define_method(vm, fc, unary_methods[i].name, unary_methods[i].float_fn, 1, 1, false);
    }
    sk_define_method(vm, ic, "__invert__", int_invert, 1, 1, false);
    sk_define_method(vm, ic, "__index__", int_index, 1, 1, false);
    sk_define_method(vm, ic, "bit_length", int_bit_length, 1, 1, false);
    sk_define_method(vm, ic, "bit_count", int_bit_count, 1, 1, false);
    sk_define_method(vm, ic, "as_integer_ratio", int_as_integer_ratio, 1, 1, false);
    sk_define_method(vm, ic, "to_bytes", int_to_bytes, 1, 4, true);
    sk_lib_define_wrapped(vm, ic, "from_bytes", int_from_bytes, 2, 4, true, 2);
    sk_define_method(vm, fc, "is_integer", float_is_integer, 1, 1, false);
    sk_define_method(vm, fc, "as_integer_ratio", float_as_integer_ratio, 1, 1, false);
    sk_define_method(vm, fc, "hex", float_hex, 1, 1, false);
    sk_lib_define_wrapped(vm, fc, "fromhex", float_fromhex, 2, 2, false, 2);
    (void)float_invert;
    sk_lib_define_getter(vm, ic, "real", num_real);
    sk_lib_define_getter(vm, ic, "imag", num_imag);
    sk_lib_define_getter(vm, ic, "numerator", num_real);
    sk_lib_define_getter(vm, ic, "denominator", int_one);
    sk_lib_define_getter(vm, fc, "real", num_real);
    sk_lib_define_getter(vm, fc, "imag", num_imag);
}
