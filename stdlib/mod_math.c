// stdlib/mod_math.c -- the `math` module: CPython's float functions on C's
// libm, with CPython's error rules (a NaN out of a non-NaN input is
// "math domain error" ValueError, an infinity out of a finite input is
// "math range error" OverflowError where the function can overflow), and
// the integer functions (factorial, gcd, lcm, comb, perm, isqrt) on GMP,
// so their results have any size, as CPython's. fsum is Shewchuk's exact summation as
// in CPython's mathmodule.c, and gamma/lgamma are CPython's Lanczos code,
// so results agree with CPython to the last bit.
#include "stdlib/builtins.h"
#include "stdlib/modlib.h"
#include "vm/classes/class.h"
#include "vm/classes/error.h"
#include "vm/core/gc.h"
#include "vm/exec/call.h"
#include "vm/exec/import.h"
#include "vm/objects/bigint.h"
#include "vm/objects/iter.h"
#include "vm/objects/list.h"
#include "vm/objects/methods.h"
#include "vm/objects/number.h"
#include "vm/objects/str.h"
#include "vm/objects/tuple.h"
#include "vm/ops/arith.h"
#include "vm/ops/ops.h"
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>

#define NATIVE(name) static SkValue name(SkVM *vm, SkValue *args, int nargs, SkTuple *kw)

static SkValue domain_error(SkVM *vm) {
    return sk_raise(vm, vm->exc.ValueError, "math domain error");
}

static SkValue range_error(SkVM *vm) {
    return sk_raise(vm, vm->exc.OverflowError, "math range error");
}

// CPython's math_1: apply f, then classify the result.
static SkValue math_1(SkVM *vm, SkValue arg, double (*f)(double), bool can_overflow) {
    double x;
    if (!sk_mod_to_double(vm, arg, &x)) return SK_ERR;
    errno = 0;
    double r = f(x);
    if (isnan(r) && !isnan(x)) return domain_error(vm);
    if (isinf(r) && isfinite(x)) return can_overflow ? range_error(vm) : domain_error(vm);
    if (isfinite(r) && errno == ERANGE && fabs(r) >= 1.5) return range_error(vm);
    return sk_float(r);
}

#define MATH1(pyname, cfn, ovf)                                                                    \
    NATIVE(m_##pyname) { return math_1(vm, args[0], cfn, ovf); }
MATH1(sqrt, sqrt, false)
MATH1(exp, exp, true)
MATH1(expm1, expm1, true)
MATH1(sin, sin, false)
MATH1(cos, cos, false)
MATH1(tan, tan, false)
MATH1(asin, asin, false)
MATH1(acos, acos, false)
MATH1(atan, atan, false)
MATH1(sinh, sinh, true)
MATH1(cosh, cosh, true)
MATH1(tanh, tanh, false)
MATH1(asinh, asinh, false)
MATH1(acosh, acosh, false)
MATH1(atanh, atanh, false)
MATH1(fabs, fabs, false)
MATH1(erf, erf, false)
MATH1(erfc, erfc, false)
MATH1(log1p, log1p, false)

NATIVE(m_exp2) { return math_1(vm, args[0], exp2, true); }
NATIVE(m_cbrt) { return math_1(vm, args[0], cbrt, false); }

// log, log2, log10: domain error for x <= 0 (CPython's loghelper).
static bool log_of(SkVM *vm, SkValue arg, double (*f)(double), double *out) {
    double x;
    if (sk_is_bigint(arg) && sk_int_sign(arg) > 0) {
        // Too big for a double, maybe: log(m * 2**e) = log(m) + e * log(2).
        long e;
        double m = mpz_get_d_2exp(&e, SK_AS_BIGINT(arg)->z);
        *out = f(m) + (double)e * f(2.0);
        return true;
    }
    if (!sk_mod_to_double(vm, arg, &x)) return false;
    if (isnan(x)) {
        *out = x;
        return true;
    }
    if (x <= 0) {
        domain_error(vm);
        return false;
    }
    *out = f(x);
    return true;
}

NATIVE(m_log) {
    double num, den;
    if (!log_of(vm, args[0], log, &num)) return SK_ERR;
    if (nargs == 1) return sk_float(num);
    if (!log_of(vm, args[1], log, &den)) return SK_ERR;
    if (den == 0) return sk_raise(vm, vm->exc.ZeroDivisionError, "float division by zero");
    return sk_float(num / den);
}

NATIVE(m_log2) {
    double r;
    return log_of(vm, args[0], log2, &r) ? sk_float(r) : SK_ERR;
}

NATIVE(m_log10) {
    double r;
    return log_of(vm, args[0], log10, &r) ? sk_float(r) : SK_ERR;
}

static bool two_doubles(SkVM *vm, SkValue *args, double *x, double *y) {
    return sk_mod_to_double(vm, args[0], x) && sk_mod_to_double(vm, args[1], y);
}

NATIVE(m_atan2) {
    double y, x;
    if (!two_doubles(vm, args, &y, &x)) return SK_ERR;
    return sk_float(atan2(y, x));
}

NATIVE(m_copysign) {
    double x, y;
    if (!two_doubles(vm, args, &x, &y)) return SK_ERR;
    return sk_float(copysign(x, y));
}

NATIVE(m_fmod) {
    double x, y;
    if (!two_doubles(vm, args, &x, &y)) return SK_ERR;
    if (isinf(y) && isfinite(x)) return sk_float(x);
    double r = fmod(x, y);
    if (isnan(r) && !isnan(x) && !isnan(y)) return domain_error(vm);
    return sk_float(r);
}

NATIVE(m_remainder) {
    double x, y;
    if (!two_doubles(vm, args, &x, &y)) return SK_ERR;
    if (isnan(x)) return sk_float(x);
    if (isnan(y)) return sk_float(y);
    if (isinf(x) || y == 0) return domain_error(vm);
    if (isinf(y)) return sk_float(x);
    return sk_float(remainder(x, y));
}

// math.pow: CPython's special cases for non-finite inputs, then libm.
NATIVE(m_pow) {
    double x, y, r;
    if (!two_doubles(vm, args, &x, &y)) return SK_ERR;
    if (!isfinite(x) || !isfinite(y)) {
        if (isnan(x))
            r = y == 0.0 ? 1.0 : x;
        else if (isnan(y))
            r = x == 1.0 ? 1.0 : y;
        else if (isinf(x)) {
            bool odd_y = isfinite(y) && fmod(fabs(y), 2.0) == 1.0;
            if (y > 0.)
                r = odd_y ? x : fabs(x);
            else if (y == 0.)
                r = 1.0;
            else
                r = odd_y ? copysign(0., x) : 0.;
        } else {
            if (fabs(x) == 1.0)
                r = 1.0;
            else if (y > 0 && fabs(x) > 1.0)
                r = y;
            else if (y < 0 && fabs(x) < 1.0)
                r = -y;
            else
                r = 0.;
        }
        return sk_float(r);
    }
    r = pow(x, y);
    if (isnan(r)) return domain_error(vm);
    if (isinf(r)) return x == 0.0 ? domain_error(vm) : range_error(vm);
    return sk_float(r);
}

static const double PI = 3.141592653589793238462643383279502884;

NATIVE(m_degrees) {
    double x;
    return sk_mod_to_double(vm, args[0], &x) ? sk_float(x * (180.0 / PI)) : SK_ERR;
}

NATIVE(m_radians) {
    double x;
    return sk_mod_to_double(vm, args[0], &x) ? sk_float(x * (PI / 180.0)) : SK_ERR;
}

// Euclidean norm of v[0..n) (absolute values), CPython's special cases:
// any infinity wins over NaN. Scaled by the largest value to avoid
// overflow; the last bit may differ from CPython's vector_norm.
static double vector_norm(const double *v, int n) {
    double max = 0.0;
    bool found_nan = false;
    for (int i = 0; i < n; i++) {
        double x = fabs(v[i]);
        if (isinf(x)) return x;
        if (isnan(x))
            found_nan = true;
        else if (x > max)
            max = x;
    }
    if (found_nan) return NAN;
    if (max == 0.0 || n == 1) return max;
    if (n == 2) return hypot(v[0], v[1]);
    double sum = 0.0, comp = 0.0;
    for (int i = 0; i < n; i++) {
        double x = fabs(v[i]) / max;
        double t = x * x - comp, s = sum + t;
        comp = (s - sum) - t;
        sum = s;
    }
    return max * sqrt(sum);
}

NATIVE(m_hypot) {
    double small[16] = {0}, *v = nargs <= 16 ? small : malloc(sizeof(double) * (size_t)nargs);
    if (!v) return sk_raise_nomem(vm);
    for (int i = 0; i < nargs; i++) {
        if (!sk_mod_to_double(vm, args[i], &v[i])) {
            if (v != small) free(v);
            return SK_ERR;
        }
    }
    double r = vector_norm(v, nargs);
    if (v != small) free(v);
    return sk_float(r);
}

// The items of a tuple or list (dist's points): CPython wants sequences.
static SkList *as_point(SkVM *vm, SkValue p) {
    if (!SK_IS_TUPLE(p) && !SK_IS_LIST(p)) {
        sk_raise(vm, vm->exc.TypeError, "dist(): argument must be tuple, not %T", p);
        return NULL;
    }
    return sk_list_of(vm, p);
}

NATIVE(m_dist) {
    SkList *p = as_point(vm, args[0]);
    if (!p) return SK_ERR;
    SkList *q = as_point(vm, args[1]);
    if (!q) return SK_ERR;
    if (p->len != q->len)
        return sk_raise(vm, vm->exc.ValueError,
                        "both points must have the same number of dimensions");
    double *v = malloc(sizeof(double) * (p->len ? p->len : 1));
    if (!v) return sk_raise_nomem(vm);
    for (size_t i = 0; i < p->len; i++) {
        double a, b;
        if (!sk_mod_to_double(vm, p->items[i], &a) || !sk_mod_to_double(vm, q->items[i], &b)) {
            free(v);
            return SK_ERR;
        }
        v[i] = a - b;
    }
    double r = vector_norm(v, (int)p->len);
    free(v);
    return sk_float(r);
}

// floor/ceil/trunc: ints pass through, floats convert, objects may define
// __floor__/__ceil__/__trunc__.
static SkValue rounding(SkVM *vm, SkValue x, double (*f)(double), const char *dunder) {
    if (SK_IS_INT(x) || sk_is_bigint(x)) return x;
    if (SK_IS_BOOL(x)) return sk_int(SK_AS_INT(x));
    if (SK_IS_FLOAT(x)) return sk_bi_float_to_int(vm, f(SK_AS_FLOAT(x)));
    SkStr *name = sk_str_intern_cstr(vm, dunder);
    if (!name) return SK_ERR;
    SkValue r = sk_invoke_method(vm, x, name, NULL, 0);
    if (!SK_IS_UNDEF(r) || sk_has_exc(vm)) return r;
    if (f == trunc)
        return sk_raise(vm, vm->exc.TypeError, "type %s doesn't define __trunc__ method",
                        sk_type_name(vm, x));
    double d;
    if (!sk_mod_to_double(vm, x, &d)) return SK_ERR;
    return sk_bi_float_to_int(vm, f(d));
}

NATIVE(m_floor) { return rounding(vm, args[0], floor, "__floor__"); }
NATIVE(m_ceil) { return rounding(vm, args[0], ceil, "__ceil__"); }
NATIVE(m_trunc) { return rounding(vm, args[0], trunc, "__trunc__"); }

NATIVE(m_modf) {
    double x;
    if (!sk_mod_to_double(vm, args[0], &x)) return SK_ERR;
    double ip, fp;
    if (isinf(x)) {
        ip = x;
        fp = copysign(0.0, x);
    } else
        fp = modf(x, &ip);
    SkTuple *t = sk_tuple_pair(vm, sk_float(fp), sk_float(ip));
    return t ? sk_obj(t) : SK_ERR;
}

NATIVE(m_frexp) {
    double x;
    if (!sk_mod_to_double(vm, args[0], &x)) return SK_ERR;
    int e = 0;
    double m = (isnan(x) || isinf(x) || x == 0) ? x : frexp(x, &e);
    SkTuple *t = sk_tuple_pair(vm, sk_float(m), sk_int(e));
    return t ? sk_obj(t) : SK_ERR;
}

NATIVE(m_ldexp) {
    double x;
    if (!sk_mod_to_double(vm, args[0], &x)) return SK_ERR;
    if (!SK_IS_INT(args[1]) && !SK_IS_BOOL(args[1]))
        return sk_raise(vm, vm->exc.TypeError, "Expected an int as second argument to ldexp.");
    int64_t e = SK_AS_INT(args[1]);
    if (x == 0 || !isfinite(x)) return sk_float(x);
    if (e > 100000) return range_error(vm);
    if (e < -100000) return sk_float(copysign(0., x));
    double r = ldexp(x, (int)e);
    if (isinf(r)) return range_error(vm);
    return sk_float(r);
}

NATIVE(m_isfinite) {
    double x;
    return sk_mod_to_double(vm, args[0], &x) ? sk_bool(isfinite(x)) : SK_ERR;
}

NATIVE(m_isinf) {
    double x;
    return sk_mod_to_double(vm, args[0], &x) ? sk_bool(isinf(x)) : SK_ERR;
}

NATIVE(m_isnan) {
    double x;
    return sk_mod_to_double(vm, args[0], &x) ? sk_bool(isnan(x)) : SK_ERR;
}

// isclose(a, b, *, rel_tol=1e-09, abs_tol=0.0)
NATIVE(m_isclose) {
    int np = sk_npos(nargs, kw);
    if (np != 2)
        return sk_raise(vm, vm->exc.TypeError,
                        "isclose() takes exactly 2 positional arguments (%d given)", np);
    static const char *const names[] = {"rel_tol", "abs_tol"};
    SkValue opt[2] = {sk_float(1e-09), sk_float(0.0)};
    if (!sk_bi_kwargs(vm, "isclose", args, nargs, kw, names, 2, opt)) return SK_ERR;
    double a, b, rel, abs_tol;
    if (!two_doubles(vm, args, &a, &b) || !sk_mod_to_double(vm, opt[0], &rel) ||
        !sk_mod_to_double(vm, opt[1], &abs_tol))
        return SK_ERR;
    if (rel < 0.0 || abs_tol < 0.0)
        return sk_raise(vm, vm->exc.ValueError, "tolerances must be non-negative");
    if (a == b) return SK_TRUE;
    if (isinf(a) || isinf(b)) return SK_FALSE;
    double diff = fabs(b - a);
    return sk_bool((diff <= fabs(rel * b) || diff <= fabs(rel * a)) || diff <= abs_tol);
}

// ---------------------------------------------------------------- integers

// The results can be big: these work on GMP (vm/objects/bigint.h). The
// bound on factorial/comb/perm sizes keeps GMP from aborting on a huge
// allocation: MemoryError instead, as CPython would eventually give.
#define RESULT_BITS_MAX ((uint64_t)1 << 33)

NATIVE(m_factorial) {
    SkValue v = sk_mod_to_intval(vm, args[0]);
    if (SK_IS_ERR(v)) return SK_ERR;
    if (sk_int_sign(v) < 0)
        return sk_raise(vm, vm->exc.ValueError, "factorial() not defined for negative values");
    if (sk_is_bigint(v))
        return sk_raise(vm, vm->exc.OverflowError,
                        "factorial() argument should not exceed 9223372036854775807");
    int64_t n = SK_AS_INT(v);
    if ((double)n * log2((double)n + 1) > (double)RESULT_BITS_MAX) return sk_raise_nomem(vm);
    mpz_t r;
    mpz_init(r);
    mpz_fac_ui(r, (unsigned long)n);
    return sk_bigint_from_mpz(vm, r);
}

// gcd(*ints) / lcm(*ints): always non-negative; lcm() of nothing is 1.
static SkValue gcd_lcm(SkVM *vm, SkValue *args, int nargs, bool lcm) {
    mpz_t acc, x;
    mpz_init_set_ui(acc, lcm ? 1 : 0);
    for (int i = 0; i < nargs; i++) {
        SkValue v = sk_mod_to_intval(vm, args[i]);
        if (SK_IS_ERR(v)) {
            mpz_clear(acc);
            return SK_ERR;
        }
        sk_int_get_mpz(v, x);
        if (lcm && (uint64_t)(mpz_sizeinbase(acc, 2) + mpz_sizeinbase(x, 2)) > RESULT_BITS_MAX) {
            mpz_clears(acc, x, NULL);
            return sk_raise_nomem(vm);
        }
        if (lcm)
            mpz_lcm(acc, acc, x);
        else
            mpz_gcd(acc, acc, x);
        mpz_clear(x);
    }
    return sk_bigint_from_mpz(vm, acc);
}

NATIVE(m_gcd) { return gcd_lcm(vm, args, nargs, false); }
NATIVE(m_lcm) { return gcd_lcm(vm, args, nargs, true); }

// n and k for comb/perm: non-negative ints, k a machine int (else
// CPython's OverflowError); *empty when k > n (the result is 0).
static bool comb_args(SkVM *vm, SkValue nv, SkValue kv, mpz_t n, unsigned long *k, bool *empty) {
    SkValue a = sk_mod_to_intval(vm, nv);
    if (SK_IS_ERR(a)) return false;
    SkValue b = sk_mod_to_intval(vm, kv);
    if (SK_IS_ERR(b)) return false;
    if (sk_int_sign(a) < 0) {
        sk_raise(vm, vm->exc.ValueError, "n must be a non-negative integer");
        return false;
    }
    if (sk_int_sign(b) < 0) {
        sk_raise(vm, vm->exc.ValueError, "k must be a non-negative integer");
        return false;
    }
    *empty = sk_int_compare(b, a) > 0;
    if (*empty) return true;
    if (sk_is_bigint(b)) {
        sk_raise(vm, vm->exc.OverflowError, "k must not exceed 9223372036854775807");
        return false;
    }
    *k = (unsigned long)SK_AS_INT(b);
    sk_int_get_mpz(a, n);
    // The result has at most k * bits(n) bits.
    if ((double)*k * (double)mpz_sizeinbase(n, 2) > (double)RESULT_BITS_MAX &&
        (double)*k * log2((double)*k + 1) > (double)RESULT_BITS_MAX / 2) {
        mpz_clear(n);
        sk_raise_nomem(vm);
        return false;
    }
    return true;
}

NATIVE(m_comb) {
    mpz_t n;
    unsigned long k;
    bool empty;
    if (!comb_args(vm, args[0], args[1], n, &k, &empty)) return SK_ERR;
    if (empty) return sk_int(0);
    mpz_t nk;
    mpz_init(nk);
    mpz_sub_ui(nk, n, k);
    if (mpz_cmp_ui(nk, k) < 0) k = mpz_get_ui(nk); // C(n, k) == C(n, n - k)
    mpz_clear(nk);
    mpz_bin_ui(n, n, k);
    return sk_bigint_from_mpz(vm, n);
}

NATIVE(m_perm) {
    mpz_t n;
    unsigned long k;
    bool empty;
    SkValue kv = nargs < 2 || SK_IS_NONE(args[1]) ? args[0] : args[1];
    if (!comb_args(vm, args[0], kv, n, &k, &empty)) return SK_ERR;
    if (empty) return sk_int(0);
    mpz_t f; // perm(n, k) = C(n, k) * k!
    mpz_init(f);
    mpz_bin_ui(n, n, k);
    mpz_fac_ui(f, k);
    mpz_mul(n, n, f);
    mpz_clear(f);
    return sk_bigint_from_mpz(vm, n);
}

NATIVE(m_isqrt) {
    SkValue v = sk_mod_to_intval(vm, args[0]);
    if (SK_IS_ERR(v)) return SK_ERR;
    if (sk_int_sign(v) < 0)
        return sk_raise(vm, vm->exc.ValueError, "isqrt() argument must be nonnegative");
    mpz_t r;
    sk_int_get_mpz(v, r);
    mpz_sqrt(r, r);
    return sk_bigint_from_mpz(vm, r);
}

// prod(iterable, *, start=1): generic multiplication, left to right.
NATIVE(m_prod) {
    if (sk_npos(nargs, kw) != 1)
        return sk_raise(vm, vm->exc.TypeError,
                        "prod() takes exactly 1 positional argument (%d given)",
                        sk_npos(nargs, kw));
    static const char *const names[] = {"start"};
    SkValue start = sk_int(1);
    if (!sk_bi_kwargs(vm, "prod", args, nargs, kw, names, 1, &start)) return SK_ERR;
    SkValue it = sk_iter(vm, args[0]);
    if (SK_IS_ERR(it)) return SK_ERR;
    sk_gc_push_root(vm, it);
    SkValue acc = start;
    sk_gc_push_root(vm, acc);
    for (;;) {
        SkValue x = sk_next(vm, it);
        if (SK_IS_UNDEF(x)) break;
        acc = sk_binary(vm, SK_BIN_MUL, acc, x, false);
        if (SK_IS_ERR(acc)) break;
        vm->roots[vm->roots_len - 1] = acc;
    }
    sk_gc_pop_root(vm);
    sk_gc_pop_root(vm);
    return sk_has_exc(vm) ? SK_ERR : acc;
}

// fsum: Shewchuk's algorithm with CPython's handling of specials and of
// the final rounding (mathmodule.c's math_fsum).
NATIVE(m_fsum) {
    SkValue it = sk_iter(vm, args[0]);
    if (SK_IS_ERR(it)) return SK_ERR;
    sk_gc_push_root(vm, it);
    double small[32], *p = small;
    size_t n = 0, cap = 32;
    double special_sum = 0.0, inf_sum = 0.0;
    SkValue result = SK_ERR;
    for (;;) {
        SkValue item = sk_next(vm, it);
        if (SK_IS_UNDEF(item)) {
            if (sk_has_exc(vm)) goto done;
            break;
        }
        double x;
        if (!sk_mod_to_double(vm, item, &x)) goto done;
        double xsave = x;
        size_t i = 0;
        for (size_t j = 0; j < n; j++) {
            double y = p[j];
            if (fabs(x) < fabs(y)) {
                double t = x;
                x = y;
                y = t;
            }
            double hi = x + y, lo = y - (hi - x);
            if (lo != 0.0) p[i++] = lo;
            x = hi;
        }
        n = i;
        if (x != 0.0) {
            if (!isfinite(x)) {
                if (isfinite(xsave)) {
                    sk_raise(vm, vm->exc.OverflowError, "intermediate overflow in fsum");
                    goto done;
                }
                if (isinf(xsave)) inf_sum += xsave;
                special_sum += xsave;
                n = 0;
            } else {
                if (n >= cap) {
                    size_t nc = cap * 2;
                    double *np =
                        p == small ? malloc(nc * sizeof(double)) : realloc(p, nc * sizeof(double));
                    if (!np) {
                        sk_raise_nomem(vm);
                        goto done;
                    }
                    if (p == small) memcpy(np, small, sizeof small);
                    p = np;
                    cap = nc;
                }
                p[n++] = x;
            }
        }
    }
    if (special_sum != 0.0) {
        if (isnan(inf_sum))
            sk_raise(vm, vm->exc.ValueError, "-inf + inf in fsum");
        else
            result = sk_float(special_sum);
        goto done;
    }
    double hi = 0.0;
    if (n > 0) {
        hi = p[--n];
        double lo = 0;
        while (n > 0) {
            double x = hi, y = p[--n];
            hi = x + y;
            double yr = hi - x;
            lo = y - yr;
            if (lo != 0.0) break;
        }
        if (n > 0 && ((lo < 0.0 && p[n - 1] < 0.0) || (lo > 0.0 && p[n - 1] > 0.0))) {
            double y = lo * 2.0, x = hi + y, yr = x - hi;
            if (y == yr) hi = x;
        }
    }
    result = sk_float(hi);
done:
    if (p != small) free(p);
    sk_gc_pop_root(vm);
    return result;
}

// gamma and lgamma by Lanczos' approximation, ported from CPython's
// mathmodule.c (m_tgamma, m_lgamma) so results agree to the last bit;
// libm's tgamma/lgamma differ from CPython in the last place.
#define LANCZOS_N 13
static const double lanczos_g = 6.024680040776729583740234375;
static const double lanczos_g_minus_half = 5.524680040776729583740234375;
static const double lanczos_num_coeffs[LANCZOS_N] = {
    23531376880.410759688572007674451636754734846804940,
    42919803642.649098768957899047001988850926355848959,
    35711959237.355668049440185451547166705960488635843,
    17921034426.037209699919755754458931112671403265390,
    6039542586.3520280050642916443072979210699388420708,
    1439720407.3117216736632230727949123939715485786772,
    248874557.86205415651146038641322942321632125127801,
    31426415.585400194380614231628318205362874684987640,
    2876370.6289353724412254090516208496135991145378768,
    186056.26539522349504029498971604569928220784236328,
    8071.6720023658162106380029022722506138218516325024,
    210.82427775157934587250973392071336271166969580291,
    2.5066282746310002701649081771338373386264310793408};
static const double lanczos_den_coeffs[LANCZOS_N] = {
    0.0,       39916800.0, 120543840.0, 150917976.0, 105258076.0, 45995730.0, 13339535.0,
    2637558.0, 357423.0,   32670.0,     1925.0,      66.0,        1.0};
#define NGAMMA_INTEGRAL 23
static const double gamma_integral[NGAMMA_INTEGRAL] = {1.0,
                                                       1.0,
                                                       2.0,
                                                       6.0,
                                                       24.0,
                                                       120.0,
                                                       720.0,
                                                       5040.0,
                                                       40320.0,
                                                       362880.0,
                                                       3628800.0,
                                                       39916800.0,
                                                       479001600.0,
                                                       6227020800.0,
                                                       87178291200.0,
                                                       1307674368000.0,
                                                       20922789888000.0,
                                                       355687428096000.0,
                                                       6402373705728000.0,
                                                       121645100408832000.0,
                                                       2432902008176640000.0,
                                                       51090942171709440000.0,
                                                       1124000727777607680000.0};

static double lanczos_sum(double x) {
    double num = 0.0, den = 0.0;
    if (x < 5.0) {
        for (int i = LANCZOS_N; --i >= 0;) {
            num = num * x + lanczos_num_coeffs[i];
            den = den * x + lanczos_den_coeffs[i];
        }
    } else {
        for (int i = 0; i < LANCZOS_N; i++) {
            num = num / x + lanczos_num_coeffs[i];
            den = den / x + lanczos_den_coeffs[i];
        }
    }
    return num / den;
}

static double sinpi(double x) {
    double y = fmod(fabs(x), 2.0), r;
    int n = (int)round(2.0 * y);
    switch (n) {
    case 0: r = sin(PI * y); break;
    case 1: r = cos(PI * (y - 0.5)); break;
    case 2: r = sin(PI * (1.0 - y)); break;
    case 3: r = -cos(PI * (y - 1.5)); break;
    default: r = sin(PI * (y - 2.0)); break;
    }
    return copysign(1.0, x) * r;
}

// x finite, not 0 and not a negative integer (the caller checked).
static double tgamma_lanczos(double x) {
    if (x == floor(x) && x <= NGAMMA_INTEGRAL) return gamma_integral[(int)x - 1];
    double absx = fabs(x);
    if (absx < 1e-20) return 1.0 / x;
    if (absx > 200.0) return x < 0.0 ? 0.0 / sinpi(x) : INFINITY;
    double y = absx + lanczos_g_minus_half, z, r;
    if (absx > lanczos_g_minus_half) {
        double q = y - absx;
        z = q - lanczos_g_minus_half;
    } else {
        double q = y - lanczos_g_minus_half;
        z = q - absx;
    }
    z = z * lanczos_g / y;
    if (x < 0.0) {
        r = -PI / sinpi(absx) / absx * exp(y) / lanczos_sum(absx);
        r -= z * r;
        if (absx < 140.0) {
            r /= pow(y, absx - 0.5);
        } else {
            double sqrtpow = pow(y, absx / 2.0 - 0.25);
            r /= sqrtpow;
            r /= sqrtpow;
        }
    } else {
        r = lanczos_sum(absx) / exp(y);
        r += z * r;
        if (absx < 140.0) {
            r *= pow(y, absx - 0.5);
        } else {
            double sqrtpow = pow(y, absx / 2.0 - 0.25);
            r *= sqrtpow;
            r *= sqrtpow;
        }
    }
    return r;
}

// x finite and not an integer <= 0 (the caller checked).
static double lgamma_lanczos(double x) {
    if (x == floor(x) && x <= 2.0) return 0.0;
    double absx = fabs(x);
    if (absx < 1e-20) return -log(absx);
    double r = log(lanczos_sum(absx)) - lanczos_g;
    r += (absx - 0.5) * (log(absx + lanczos_g - 0.5) - 1);
    if (x < 0.0) r = log(PI) - log(fabs(sinpi(absx))) - log(absx) - r;
    return r;
}

// gamma/lgamma with CPython's domain rules (poles at 0 and the
// negative integers; an infinite result from a finite input overflows).
NATIVE(m_gamma) {
    double x;
    if (!sk_mod_to_double(vm, args[0], &x)) return SK_ERR;
    if (isnan(x)) return sk_float(x);
    if (isinf(x)) {
        if (x > 0) return sk_float(x);
        return domain_error(vm);
    }
    if (x == 0 || (x < 0 && x == floor(x))) return domain_error(vm);
    double r = tgamma_lanczos(x);
    if (isinf(r)) return range_error(vm);
    return sk_float(r);
}

NATIVE(m_lgamma) {
    double x;
    if (!sk_mod_to_double(vm, args[0], &x)) return SK_ERR;
    if (isnan(x)) return sk_float(x);
    if (isinf(x)) return sk_float(fabs(x));
    if (x <= 0 && x == floor(x)) return domain_error(vm);
    double r = lgamma_lanczos(x);
    if (isinf(r)) return range_error(vm);
    return sk_float(r);
}

NATIVE(m_nextafter) {
    double x, y;
    if (!two_doubles(vm, args, &x, &y)) return SK_ERR;
    return sk_float(nextafter(x, y));
}

NATIVE(m_ulp) {
    double x;
    if (!sk_mod_to_double(vm, args[0], &x)) return SK_ERR;
    if (isnan(x)) return sk_float(x);
    x = fabs(x);
    if (isinf(x)) return sk_float(x);
    double x2 = nextafter(x, INFINITY);
    if (isinf(x2)) {
        x2 = nextafter(x, -INFINITY);
        return sk_float(x - x2);
    }
    return sk_float(x2 - x);
}

bool sk_mod_math_init(SkVM *vm, SkModule *m) {
    static const struct {
        const char *name;
        SkNativeFn fn;
        int min, max;
        bool kw;
    } fns[] = {
        {"sqrt", m_sqrt, 1, 1, false},
        {"exp", m_exp, 1, 1, false},
        {"exp2", m_exp2, 1, 1, false},
        {"expm1", m_expm1, 1, 1, false},
        {"cbrt", m_cbrt, 1, 1, false},
        {"log", m_log, 1, 2, false},
        {"log2", m_log2, 1, 1, false},
        {"log10", m_log10, 1, 1, false},
        {"log1p", m_log1p, 1, 1, false},
        {"pow", m_pow, 2, 2, false},
        {"sin", m_sin, 1, 1, false},
        {"cos", m_cos, 1, 1, false},
        {"tan", m_tan, 1, 1, false},
        {"asin", m_asin, 1, 1, false},
        {"acos", m_acos, 1, 1, false},
        {"atan", m_atan, 1, 1, false},
        {"atan2", m_atan2, 2, 2, false},
        {"sinh", m_sinh, 1, 1, false},
        {"cosh", m_cosh, 1, 1, false},
        {"tanh", m_tanh, 1, 1, false},
        {"asinh", m_asinh, 1, 1, false},
        {"acosh", m_acosh, 1, 1, false},
        {"atanh", m_atanh, 1, 1, false},
        {"degrees", m_degrees, 1, 1, false},
        {"radians", m_radians, 1, 1, false},
        {"hypot", m_hypot, 0, -1, false},
        {"dist", m_dist, 2, 2, false},
        {"floor", m_floor, 1, 1, false},
        {"ceil", m_ceil, 1, 1, false},
        {"trunc", m_trunc, 1, 1, false},
        {"fabs", m_fabs, 1, 1, false},
        {"fmod", m_fmod, 2, 2, false},
        {"remainder", m_remainder, 2, 2, false},
        {"modf", m_modf, 1, 1, false},
        {"frexp", m_frexp, 1, 1, false},
        {"ldexp", m_ldexp, 2, 2, false},
        {"copysign", m_copysign, 2, 2, false},
        {"isfinite", m_isfinite, 1, 1, false},
        {"isinf", m_isinf, 1, 1, false},
        {"isnan", m_isnan, 1, 1, false},
        {"isclose", m_isclose, 2, 4, true},
        {"factorial", m_factorial, 1, 1, false},
        {"gcd", m_gcd, 0, -1, false},
        {"lcm", m_lcm, 0, -1, false},
        {"comb", m_comb, 2, 2, false},
        {"perm", m_perm, 1, 2, false},
        {"isqrt", m_isqrt, 1, 1, false},
        {"prod", m_prod, 1, 2, true},
        {"fsum", m_fsum, 1, 1, false},
        {"erf", m_erf, 1, 1, false},
        {"erfc", m_erfc, 1, 1, false},
        {"gamma", m_gamma, 1, 1, false},
        {"lgamma", m_lgamma, 1, 1, false},
        {"nextafter", m_nextafter, 2, 2, false},
        {"ulp", m_ulp, 1, 1, false},
    };
    for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++)
        if (!sk_define_native(vm, m->dict, fns[i].name, fns[i].fn, fns[i].min, fns[i].max,
                              fns[i].kw))
            return false;
    return sk_mod_set(vm, m, "pi", sk_float(PI)) &&
           sk_mod_set(vm, m, "e", sk_float(2.718281828459045235360287471352662498)) &&
           sk_mod_set(vm, m, "tau", sk_float(2 * PI)) &&
           sk_mod_set(vm, m, "inf", sk_float(INFINITY)) && sk_mod_set(vm, m, "nan", sk_float(NAN));
}
