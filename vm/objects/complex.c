// vm/objects/complex.c -- complex numbers: a heap pair of doubles with
// CPython's arithmetic step for step (Objects/complexobject.c: the
// scaled division, integer powers by repeated squaring up to 100, the
// polar form otherwise), its repr ("1j", "(1+2j)", "(-0-0j)"), hash,
// equality with ints and floats, complex() parsing of "1+2j" strings, and
// the real/imag/conjugate interface. A negative float raised to a
// fractional power gives a complex here too, as in CPython.
#include "vm/objects/complex.h"
#include "vm/classes/class.h"
#include "vm/classes/error.h"
#include "vm/core/gc.h"
#include "vm/exec/call.h"
#include "vm/objects/bigint.h"
#include "vm/objects/dict.h"
#include "vm/objects/format.h"
#include "vm/objects/methods.h"
#include "vm/objects/number.h"
#include "vm/objects/str.h"
#include "vm/ops/compare.h"
#include "vm/ops/ops.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NATIVE(name) static SkValue name(SkVM *vm, SkValue *args, int nargs, SkTuple *kw)

typedef struct Cx {
    double re, im;
} Cx;

SkComplex *sk_complex_new(SkVM *vm, double re, double im) {
    SkComplex *z = sk_gc_alloc(vm, SK_COMPLEX, sizeof(SkComplex));
    if (!z) return NULL;
    z->re = re;
    z->im = im;
    return z;
}

static SkValue box(SkVM *vm, Cx c) {
    SkComplex *z = sk_complex_new(vm, c.re, c.im);
    return z ? sk_obj(z) : SK_ERR;
}

// A number as a complex: 0 not a number, 1 done, -1 error (a huge int).
static int parts(SkVM *vm, SkValue v, Cx *out) {
    if (SK_IS_KIND(v, SK_COMPLEX)) {
        out->re = SK_AS_COMPLEX(v)->re;
        out->im = SK_AS_COMPLEX(v)->im;
        return 1;
    }
    out->im = 0.0;
    if (v.tag == SK_T_FLOAT) {
        out->re = v.as.f;
        return 1;
    }
    if (sk_is_integer(v)) return sk_int_to_double(vm, v, &out->re) ? 1 : -1;
    return 0;
}

static Cx c_prod(Cx a, Cx b) { return (Cx){a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re}; }

// CPython's _Py_c_quot; *zero when b is 0.
static Cx c_quot(Cx a, Cx b, bool *zero) {
    Cx r;
    double abs_br = fabs(b.re), abs_bi = fabs(b.im);
    *zero = false;
    if (abs_br >= abs_bi) {
        if (abs_br == 0.0) {
            *zero = true;
            r.re = r.im = 0.0;
        } else {
            double ratio = b.im / b.re, denom = b.re + b.im * ratio;
            r.re = (a.re + a.im * ratio) / denom;
            r.im = (a.im - a.re * ratio) / denom;
        }
    } else if (abs_bi >= abs_br) {
        double ratio = b.re / b.im, denom = b.re * ratio + b.im;
        r.re = (a.re * ratio + a.im) / denom;
        r.im = (a.im * ratio - a.re) / denom;
    } else { // a NaN in b
        r.re = r.im = NAN;
    }
    return r;
}

// CPython's _Py_c_pow; *bad when 0 is raised to a negative or complex power.
static Cx c_pow(Cx a, Cx b, bool *bad) {
    Cx r;
    *bad = false;
    if (b.re == 0.0 && b.im == 0.0) return (Cx){1.0, 0.0};
    if (a.re == 0.0 && a.im == 0.0) {
        if (b.im != 0.0 || b.re < 0.0) *bad = true;
        return (Cx){0.0, 0.0};
    }
    double vabs = hypot(a.re, a.im), len = pow(vabs, b.re), at = atan2(a.im, a.re);
    double phase = at * b.re;
    if (b.im != 0.0) {
        len /= exp(at * b.im);
        phase += b.im * log(vabs);
    }
    r.re = len * cos(phase);
    r.im = len * sin(phase);
    return r;
}

static Cx c_powu(Cx x, long n) {
    Cx r = {1.0, 0.0}, p = x;
    long mask = 1;
    while (mask > 0 && n >= mask) {
        if (n & mask) r = c_prod(r, p);
        mask <<= 1;
        p = c_prod(p, p);
    }
    return r;
}

static SkValue power(SkVM *vm, Cx a, Cx b) {
    Cx r;
    bool bad = false;

    if (b.im == 0.0 && b.re == floor(b.re) && fabs(b.re) <= 100.0) {
        long n = (long)b.re;
        if (n >= 0) {
            r = c_powu(a, n);
        } else {
            r = c_quot((Cx){1.0, 0.0}, c_powu(a, -n), &bad);
        }
    } else {
        r = c_pow(a, b, &bad);
    }
    if (bad) return sk_raise(vm, vm->exc.ZeroDivisionError, "0.0 to a negative or complex power");
    if ((isinf(r.re) || isinf(r.im)) && isfinite(a.re) && isfinite(a.im) && isfinite(b.re) &&
        isfinite(b.im))
        return sk_raise(vm, vm->exc.OverflowError, "complex exponentiation");
    return box(vm, r);
}

SkValue sk_complex_pow_real(SkVM *vm, double x, double y) {
    return power(vm, (Cx){x, 0.0}, (Cx){y, 0.0});
}

SkValue sk_complex_binary(SkVM *vm, int op, SkValue a, SkValue b) {
    Cx x, y;
    int pa = parts(vm, a, &x), pb = pa > 0 ? parts(vm, b, &y) : 0;
    if (pa < 0 || pb < 0) return SK_ERR;
    if (!pa || !pb) return SK_UNDEF;
    bool zero;
    switch (op) {
    case SK_BIN_ADD: return box(vm, (Cx){x.re + y.re, x.im + y.im});
    case SK_BIN_SUB: return box(vm, (Cx){x.re - y.re, x.im - y.im});
    case SK_BIN_MUL: return box(vm, c_prod(x, y));
    case SK_BIN_TRUEDIV: {
        Cx r = c_quot(x, y, &zero);
        if (zero) return sk_raise(vm, vm->exc.ZeroDivisionError, "complex division by zero");
        return box(vm, r);
    }
    case SK_BIN_POW: return power(vm, x, y);
    default: return SK_UNDEF; // //, %, shifts and bitwise ops do not apply
    }
}

SkValue sk_complex_unary(SkVM *vm, int which, SkComplex *z) {
    switch (which) {
    case 0: return box(vm, (Cx){-z->re, -z->im});
    case 1: return box(vm, (Cx){z->re, z->im});
    default: {
        double r = hypot(z->re, z->im);
        if (isinf(r) && isfinite(z->re) && isfinite(z->im))
            return sk_raise(vm, vm->exc.OverflowError, "absolute value too large");
        return sk_float(r);
    }
    }
}

int sk_complex_eq(SkVM *vm, SkValue a, SkValue b) {
    SkValue z = SK_IS_KIND(a, SK_COMPLEX) ? a : b, o = SK_IS_KIND(a, SK_COMPLEX) ? b : a;
    SkComplex *c = SK_AS_COMPLEX(z);
    if (SK_IS_KIND(o, SK_COMPLEX))
        return c->re == SK_AS_COMPLEX(o)->re && c->im == SK_AS_COMPLEX(o)->im;
    if (c->im != 0.0) return 0;
    if (o.tag == SK_T_FLOAT || sk_is_integer(o)) return sk_num_compare(sk_float(c->re), o) == 0;
    return -2;
}

uint64_t sk_complex_hash(const SkComplex *z) {
    uint64_t hr = sk_hash_float(z->re), hi = sk_hash_float(z->im);
    uint64_t h = hr + 1000003ULL * hi;
    if (h == (uint64_t)-1) h = (uint64_t)-2;
    return h;
}

// repr(float) without a forced ".0" ('r' format, no flags): 1.0 -> "1".
static int part_repr(double d, char *buf, bool sign) {
    char tmp[40];
    int n = sk_float_repr(d, tmp);
    if (n > 2 && !strchr(tmp, 'e') && !strcmp(tmp + n - 2, ".0")) tmp[n -= 2] = '\0';
    if (sign && tmp[0] != '-') return sprintf(buf, "+%s", tmp);
    return sprintf(buf, "%s", tmp);
}

SkStr *sk_complex_repr(SkVM *vm, SkComplex *z) {
    char re[48], im[48], out[120];
    if (z->re == 0.0 && copysign(1.0, z->re) == 1.0) {
        part_repr(z->im, im, false);
        snprintf(out, sizeof out, "%sj", im);
    } else {
        part_repr(z->re, re, false);
        part_repr(z->im, im, true);
        snprintf(out, sizeof out, "(%s%sj)", re, im);
    }
    return sk_str_cstr(vm, out);
}

// --- complex() ---

static bool is_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

// "1", "2j", "1+2j", "-1.5e3-j", "(1+2j)", with spaces around: CPython's
// complex_from_string_inner.
static bool parse(const char *s, size_t len, Cx *out) {
    char *buf = malloc(len + 1);
    if (!buf) return false;
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        if (s[i] != '_') buf[n++] = s[i];
    buf[n] = '\0';
    // Underscores only between digits: a simple check, as float() makes.
    for (size_t i = 0; i < len; i++)
        if (s[i] == '_' && (i == 0 || i + 1 == len || !(s[i - 1] >= '0' && s[i - 1] <= '9') ||
                            !(s[i + 1] >= '0' && s[i + 1] <= '9'))) {
            free(buf);
            return false;
        }
    char *p = buf, *end = buf + n;
    bool ok = false;
    double x = 0.0, y = 0.0;
    while (p < end && is_space(*p)) p++;
    bool paren = p < end && *p == '(';
    if (paren) {
        p++;
        while (p < end && is_space(*p)) p++;
    }
    char *q;
    x = strtod(p, &q);
    if (q != p) { // a number first
        p = q;
        if (p < end && (*p == '+' || *p == '-')) { // real part, then the imaginary one
            char *r;
            y = strtod(p, &r);
            if (r == p + 1) y = *p == '-' ? -1.0 : 1.0; // a lone sign: "1+j"
            if (r == p) goto done;
            p = r;
            if (p >= end || (*p != 'j' && *p != 'J')) goto done;
            p++;
        } else if (p < end && (*p == 'j' || *p == 'J')) { // only an imaginary part
            y = x;
            x = 0.0;
            p++;
        }
    } else if (p < end && (*p == '+' || *p == '-') && p + 1 < end && (p[1] == 'j' || p[1] == 'J')) {
        y = *p == '-' ? -1.0 : 1.0;
        p += 2;
    } else if (p < end && (*p == 'j' || *p == 'J')) {
        y = 1.0;
        p++;
    } else {
        goto done;
    }
    while (p < end && is_space(*p)) p++;
    if (paren) {
        if (p >= end || *p != ')') goto done;
        p++;
        while (p < end && is_space(*p)) p++;
    }
    ok = p == end;
done:
    free(buf);
    out->re = x;
    out->im = y;
    return ok;
}

// A complex() argument as a complex: numbers, __complex__, __float__, __index__.
static int arg_parts(SkVM *vm, SkValue v, Cx *out) {
    int r = parts(vm, v, out);
    if (r) return r;
    if (SK_IS_KIND(v, SK_INSTANCE)) {
        SkStr *n = sk_str_intern_cstr(vm, "__complex__");
        SkValue c = n ? sk_invoke_method(vm, v, n, NULL, 0) : SK_ERR;
        if (sk_has_exc(vm)) return -1;
        if (!SK_IS_UNDEF(c)) {
            if (!SK_IS_KIND(c, SK_COMPLEX)) {
                sk_raise(vm, vm->exc.TypeError, "__complex__ returned non-complex (type %T)", c);
                return -1;
            }
            return parts(vm, c, out);
        }
        SkValue f = sk_invoke_method(vm, v, vm->names.float_, NULL, 0);
        if (sk_has_exc(vm)) return -1;
        if (SK_IS_UNDEF(f)) f = sk_invoke_method(vm, v, vm->names.index, NULL, 0);
        if (sk_has_exc(vm)) return -1;
        if (!SK_IS_UNDEF(f)) return parts(vm, f, out);
    }
    return 0;
}

SkValue sk_complex_construct(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames) {
    static const char *const names[] = {"real", "imag"};
    SkValue a[2];
    if (!sk_bind_args(vm, "complex", args, nargs, kwnames, names, 2, 0, a)) return SK_ERR;
    if (SK_IS_UNDEF(a[0])) a[0] = sk_int(0);
    SkValue r = sk_payload(a[0]), i = SK_IS_UNDEF(a[1]) ? SK_UNDEF : sk_payload(a[1]);
    if (SK_IS_STR(r)) {
        if (!SK_IS_UNDEF(i))
            return sk_raise(vm, vm->exc.TypeError,
                            "complex() can't take second arg if first is a string");
        Cx c;
        if (!parse(SK_AS_STR(r)->data, SK_AS_STR(r)->len, &c))
            return sk_raise(vm, vm->exc.ValueError, "complex() arg is a malformed string");
        return box(vm, c);
    }
    if (SK_IS_STR(i))
        return sk_raise(vm, vm->exc.TypeError, "complex() second arg can't be a string");
    if (SK_IS_KIND(r, SK_COMPLEX) && SK_IS_UNDEF(i)) return r;
    Cx cr, ci = {0.0, 0.0};
    int k = arg_parts(vm, a[0], &cr);
    if (k < 0) return SK_ERR;
    if (!k)
        return sk_raise(vm, vm->exc.TypeError,
                        "complex() first argument must be a string or a number, not '%T'", a[0]);
    if (!SK_IS_UNDEF(i)) {
        k = arg_parts(vm, a[1], &ci);
        if (k < 0) return SK_ERR;
        if (!k)
            return sk_raise(vm, vm->exc.TypeError,
                            "complex() second argument must be a number, not '%T'", a[1]);
    }
    // complex(a, b) is a + b*1j, with b complex too.
    return box(vm, (Cx){cr.re - ci.im, cr.im + ci.re});
}

// --- methods ---

static SkComplex *self_of(SkVM *vm, SkValue *args, const char *meth) {
    SkValue v = sk_payload(args[0]);
    if (SK_IS_KIND(v, SK_COMPLEX)) return SK_AS_COMPLEX(v);
    sk_raise(vm, vm->exc.TypeError,
             "descriptor '%s' for 'complex' objects doesn't apply to a '%T' object", meth, args[0]);
    return NULL;
}

NATIVE(cx_real) {
    SkComplex *z = self_of(vm, args, "real");
    return z ? sk_float(z->re) : SK_ERR;
}

NATIVE(cx_imag) {
    SkComplex *z = self_of(vm, args, "imag");
    return z ? sk_float(z->im) : SK_ERR;
}

NATIVE(cx_conjugate) {
    SkComplex *z = self_of(vm, args, "conjugate");
    return z ? box(vm, (Cx){z->re, -z->im}) : SK_ERR;
}

NATIVE(cx_complex) {
    SkComplex *z = self_of(vm, args, "__complex__");
    return z ? sk_obj(z) : SK_ERR;
}

SkStr *sk_complex_format(SkVM *vm, SkComplex *z, SkStr *spec) {
    if (spec->len == 0) return sk_complex_repr(vm, z);
    SkStr *plus = sk_str_format(vm, "+%N", spec);
    SkStr *re = plus ? sk_format(vm, sk_float(z->re), spec) : NULL;
    SkStr *im = !re ? NULL
                : spec->data[0] != '+' && spec->data[0] != '-' && spec->data[0] != ' '
                    ? sk_format(vm, sk_float(z->im), plus)
                    : sk_format(vm, sk_float(z->im), spec);
    return im ? sk_str_format(vm, "%N%Nj", re, im) : NULL;
}

NATIVE(cx_format) {
    SkComplex *z = self_of(vm, args, "__format__");
    if (!z) return SK_ERR;
    if (!SK_IS_STR(args[1])) return sk_raise(vm, vm->exc.TypeError, "format spec must be a str");
    SkStr *s = sk_complex_format(vm, z, SK_AS_STR(args[1]));
    return s ? sk_obj(s) : SK_ERR;
}

void sk_init_complex_methods(SkVM *vm) {
    SkClass *c = vm->t.complex_;
    if (!c) return;
    sk_lib_define_getter(vm, c, "real", cx_real);
    sk_lib_define_getter(vm, c, "imag", cx_imag);
    sk_define_method(vm, c, "conjugate", cx_conjugate, 1, 1, false);
    sk_define_method(vm, c, "__complex__", cx_complex, 1, 1, false);
    sk_define_method(vm, c, "__format__", cx_format, 2, 2, false);
}
