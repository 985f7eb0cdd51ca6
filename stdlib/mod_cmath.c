// stdlib/mod_cmath.c -- the `cmath` module: the complex functions of C99's
// <complex.h> (glibc's, so a last-bit difference from CPython's own
// algorithms is possible on some inputs), phase/polar/rect, the
// classification functions, isclose, and the constants.
#include "stdlib/modlib.h"
#include "vm/classes/class.h"
#include "vm/classes/error.h"
#include "vm/exec/call.h"
#include "vm/objects/bigint.h"
#include "vm/objects/complex.h"
#include "vm/objects/dict.h"
#include "vm/objects/methods.h"
#include "vm/objects/tuple.h"
#include <complex.h>
#include <math.h>

#define NATIVE(name) static SkValue name(SkVM *vm, SkValue *args, int nargs, SkTuple *kw)

// An argument as a C complex: complex, float, int, or __complex__/__float__.
static bool arg(SkVM *vm, SkValue v, double complex *out) {
    if (SK_IS_KIND(v, SK_COMPLEX)) {
        *out = CMPLX(SK_AS_COMPLEX(v)->re, SK_AS_COMPLEX(v)->im);
        return true;
    }
    double d;
    if (v.tag == SK_T_FLOAT || sk_is_integer(v)) {
        if (!sk_mod_to_double(vm, v, &d)) return false;
        *out = CMPLX(d, 0.0);
        return true;
    }
    SkValue c = sk_invoke(vm, sk_obj(vm->t.complex_), &v, 1, NULL);
    if (SK_IS_ERR(c)) {
        sk_clear_exc(vm);
        sk_raise(vm, vm->exc.TypeError, "must be real number, not %T", v);
        return false;
    }
    *out = CMPLX(SK_AS_COMPLEX(c)->re, SK_AS_COMPLEX(c)->im);
    return true;
}

static SkValue box(SkVM *vm, double complex z) {
    if ((isinf(creal(z)) || isinf(cimag(z))))
        return sk_raise(vm, vm->exc.OverflowError, "math range error");
    SkComplex *c = sk_complex_new(vm, creal(z), cimag(z));
    return c ? sk_obj(c) : SK_ERR;
}

#define CFN(name, cfn)                                                                             \
    NATIVE(c_##name) {                                                                             \
        double complex z;                                                                          \
        if (!arg(vm, args[0], &z)) return SK_ERR;                                                  \
        double complex r = cfn(z);                                                                 \
        if (isinf(creal(r)) || isinf(cimag(r))) {                                                  \
            if (isfinite(creal(z)) && isfinite(cimag(z)))                                          \
                return sk_raise(vm, vm->exc.OverflowError, "math range error");                    \
        }                                                                                          \
        SkComplex *c = sk_complex_new(vm, creal(r), cimag(r));                                     \
        return c ? sk_obj(c) : SK_ERR;                                                             \
    }
// clang-format off
CFN(sqrt, csqrt) CFN(exp, cexp) CFN(sin, csin) CFN(cos, ccos) CFN(tan, ctan)
CFN(asin, casin) CFN(acos, cacos) CFN(atan, catan) CFN(sinh, csinh) CFN(cosh, ccosh)
CFN(tanh, ctanh) CFN(asinh, casinh) CFN(acosh, cacosh) CFN(atanh, catanh)
    // clang-format on

    NATIVE(c_log) {
    double complex z, b;
    if (!arg(vm, args[0], &z)) return SK_ERR;
    if (z == 0) return sk_raise(vm, vm->exc.ValueError, "math domain error");
    double complex r = clog(z);
    if (nargs > 1) {
        if (!arg(vm, args[1], &b)) return SK_ERR;
        double complex lb = clog(b);
        if (lb == 0) return sk_raise(vm, vm->exc.ZeroDivisionError, "complex division by zero");
        r = r / lb;
    }
    return box(vm, r);
}

NATIVE(c_log10) {
    double complex z;
    if (!arg(vm, args[0], &z)) return SK_ERR;
    if (z == 0) return sk_raise(vm, vm->exc.ValueError, "math domain error");
    return box(vm, clog(z) / log(10.0));
}

NATIVE(c_phase) {
    double complex z;
    return arg(vm, args[0], &z) ? sk_float(carg(z)) : SK_ERR;
}

NATIVE(c_polar) {
    double complex z;
    if (!arg(vm, args[0], &z)) return SK_ERR;
    SkValue v[2] = {sk_float(cabs(z)), sk_float(carg(z))};
    SkTuple *t = sk_tuple_from(vm, v, 2);
    return t ? sk_obj(t) : SK_ERR;
}

NATIVE(c_rect) {
    double r, phi;
    if (!sk_mod_to_double(vm, args[0], &r) || !sk_mod_to_double(vm, args[1], &phi)) return SK_ERR;
    SkComplex *c = sk_complex_new(vm, r * cos(phi), r * sin(phi));
    return c ? sk_obj(c) : SK_ERR;
}

static SkValue classify(SkVM *vm, SkValue v, int which) {
    double complex z;
    if (!arg(vm, v, &z)) return SK_ERR;
    double a = creal(z), b = cimag(z);
    switch (which) {
    case 0: return sk_bool(isnan(a) || isnan(b));
    case 1: return sk_bool(isinf(a) || isinf(b));
    default: return sk_bool(isfinite(a) && isfinite(b));
    }
}

NATIVE(c_isnan) { return classify(vm, args[0], 0); }
NATIVE(c_isinf) { return classify(vm, args[0], 1); }
NATIVE(c_isfinite) { return classify(vm, args[0], 2); }

NATIVE(c_isclose) {
    static const char *const names[] = {"a", "b", "rel_tol", "abs_tol"};
    SkValue a[4];
    if (!sk_bind_args(vm, "isclose", args, nargs, kw, names, 4, 2, a)) return SK_ERR;
    double complex x, y;
    double rel = 1e-09, abs_tol = 0.0;
    if (!arg(vm, a[0], &x) || !arg(vm, a[1], &y)) return SK_ERR;
    if (!SK_IS_UNDEF(a[2]) && !sk_mod_to_double(vm, a[2], &rel)) return SK_ERR;
    if (!SK_IS_UNDEF(a[3]) && !sk_mod_to_double(vm, a[3], &abs_tol)) return SK_ERR;
    if (rel < 0.0 || abs_tol < 0.0)
        return sk_raise(vm, vm->exc.ValueError, "tolerances must be non-negative");
    if (x == y) return SK_TRUE;
    if (isinf(creal(x)) || isinf(cimag(x)) || isinf(creal(y)) || isinf(cimag(y))) return SK_FALSE;
    double diff = cabs(x - y);
    return sk_bool(diff <= rel * cabs(y) || diff <= rel * cabs(x) || diff <= abs_tol);
}

bool sk_mod_cmath_init(SkVM *vm, SkModule *m) {
    SkDict *d = m->dict;
    static const struct {
        const char *name;
        SkNativeFn fn;
        int min, max;
    } fns[] = {
        {"sqrt", c_sqrt, 1, 1},         {"exp", c_exp, 1, 1},     {"log", c_log, 1, 2},
        {"log10", c_log10, 1, 1},       {"sin", c_sin, 1, 1},     {"cos", c_cos, 1, 1},
        {"tan", c_tan, 1, 1},           {"asin", c_asin, 1, 1},   {"acos", c_acos, 1, 1},
        {"atan", c_atan, 1, 1},         {"sinh", c_sinh, 1, 1},   {"cosh", c_cosh, 1, 1},
        {"tanh", c_tanh, 1, 1},         {"asinh", c_asinh, 1, 1}, {"acosh", c_acosh, 1, 1},
        {"atanh", c_atanh, 1, 1},       {"phase", c_phase, 1, 1}, {"polar", c_polar, 1, 1},
        {"rect", c_rect, 2, 2},         {"isnan", c_isnan, 1, 1}, {"isinf", c_isinf, 1, 1},
        {"isfinite", c_isfinite, 1, 1},
    };
    for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++)
        if (!sk_define_native(vm, d, fns[i].name, fns[i].fn, fns[i].min, fns[i].max, false))
            return false;
    SkComplex *infj = sk_complex_new(vm, 0.0, INFINITY), *nanj = sk_complex_new(vm, 0.0, NAN);
    return infj && nanj && sk_define_native(vm, d, "isclose", c_isclose, 2, 4, true) &&
           sk_dict_set_cstr(vm, d, "pi", sk_float(M_PI)) &&
           sk_dict_set_cstr(vm, d, "e", sk_float(M_E)) &&
           sk_dict_set_cstr(vm, d, "tau", sk_float(2 * M_PI)) &&
           sk_dict_set_cstr(vm, d, "inf", sk_float(INFINITY)) &&
           sk_dict_set_cstr(vm, d, "nan", sk_float(NAN)) &&
           sk_dict_set_cstr(vm, d, "infj", sk_obj(infj)) &&
           sk_dict_set_cstr(vm, d, "nanj", sk_obj(nanj));
}
