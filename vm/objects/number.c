// vm/objects/number.c -- int and float arithmetic with Python's semantics: int64
// fast paths that hand an overflowing result to GMP (vm/objects/bigint.c), floor division and
// modulo that follow the divisor's sign, CPython's numeric hashes (so
// hash(1) == hash(1.0) and sets order like CPython's), exact int/float
// comparison, shortest round-trip float repr, and int()/float() parsing.
//
// The dispatch loop inlines the plain int/float cases and calls
// sk_num_binary for the rest; sk_binary (vm/ops/arith.c) calls it first.
#include "vm/objects/number.h"
#include "vm/classes/error.h"
#include "vm/exec/import.h"
#include "vm/objects/bigint.h"
#include "vm/objects/complex.h"
#include "vm/objects/str.h"
#include "vm/ops/ops.h"
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define HASH_BITS 61
#define HASH_MODULUS (((uint64_t)1 << HASH_BITS) - 1)
#define HASH_INF 314159

SkValue sk_raise_int_overflow(SkVM *vm) {
    return sk_raise(vm, vm->exc.OverflowError, SK_INT_OVERFLOW_MSG);
}

// --- hashing (CPython's Python/pyhash.c and Objects/longobject.c) ---

uint64_t sk_hash_int(int64_t i) {
    uint64_t a = i < 0 ? (uint64_t)0 - (uint64_t)i : (uint64_t)i;
    uint64_t h = a % HASH_MODULUS;
    int64_t r = i < 0 ? -(int64_t)h : (int64_t)h;
    if (r == -1) r = -2;
    return (uint64_t)r;
}

uint64_t sk_hash_float(double v) {
    if (!isfinite(v)) {
        if (isinf(v)) return v > 0 ? HASH_INF : (uint64_t)-HASH_INF;
        return 0; // nan: CPython hashes by identity; an immediate has none
    }
    int e;
    double m = frexp(v, &e);
    int sign = 1;
    if (m < 0) {
        sign = -1;
        m = -m;
    }
    uint64_t x = 0;
    while (m) {
        x = ((x << 28) & HASH_MODULUS) | x >> (HASH_BITS - 28);
        m *= 268435456.0; // 2**28
        e -= 28;
        uint64_t y = (uint64_t)m;
        m -= (double)y;
        x += y;
        if (x >= HASH_MODULUS) x -= HASH_MODULUS;
    }
    e = e >= 0 ? e % HASH_BITS : HASH_BITS - 1 - ((-1 - e) % HASH_BITS);
    x = ((x << e) & HASH_MODULUS) | x >> (HASH_BITS - e);
    x = x * (uint64_t)(int64_t)sign;
    if (x == (uint64_t)-1) x = (uint64_t)-2;
    return x;
}

// --- comparison ---

// Compare int i with finite-or-not double f exactly: -1, 0, 1, or 2 (nan).
static int cmp_int_float(int64_t i, double f) {
    if (isnan(f)) return 2;
    if (f >= 9223372036854775808.0) return -1;
    if (f < -9223372036854775808.0) return 1;
    int64_t fi = (int64_t)f; // exact: |f| < 2**63, truncated toward zero
    if (i != fi) return i < fi ? -1 : 1;
    double frac = f - (double)fi;
    return frac > 0 ? -1 : frac < 0 ? 1 : 0;
}

int sk_num_compare(SkValue a, SkValue b) {
    if (a.tag == SK_T_OBJ || b.tag == SK_T_OBJ) { // a big int
        if (a.tag == SK_T_FLOAT) {
            int r = sk_int_compare_double(b, a.as.f);
            return r == 2 ? 2 : -r;
        }
        if (b.tag == SK_T_FLOAT) return sk_int_compare_double(a, b.as.f);
        return sk_int_compare(a, b);
    }
    if (a.tag != SK_T_FLOAT && b.tag != SK_T_FLOAT) {
        int64_t x = a.as.i, y = b.as.i;
        return x < y ? -1 : x > y;
    }
    if (a.tag == SK_T_FLOAT && b.tag == SK_T_FLOAT) {
        double x = a.as.f, y = b.as.f;
        if (x < y) return -1;
        if (x > y) return 1;
        if (x == y) return 0;
        return 2;
    }
    if (a.tag == SK_T_FLOAT) {
        int r = cmp_int_float(b.as.i, a.as.f);
        return r == 2 ? 2 : -r;
    }
    return cmp_int_float(a.as.i, b.as.f);
}

// --- arithmetic ---

static bool is_num(SkValue v) { return v.tag == SK_T_FLOAT || sk_is_integer(v); }

// A number as a double for mixed int/float arithmetic (big ints may not fit).
static bool as_double(SkVM *vm, SkValue v, double *out) {
    if (v.tag == SK_T_FLOAT) {
        *out = v.as.f;
        return true;
    }
    return sk_int_to_double(vm, v, out);
}

static SkValue float_pow(SkVM *vm, double x, double y) {
    if (x == 0.0 && y < 0)
        return sk_raise(vm, vm->exc.ZeroDivisionError, "0.0 cannot be raised to a negative power");
    if (x < 0 && y != floor(y) && isfinite(y) && isfinite(x))
        return sk_complex_pow_real(vm, x, y); // (-8) ** (1/3) is complex, as in CPython
    errno = 0;
    double r = pow(x, y);
    if (isinf(r) && isfinite(x) && isfinite(y))
        return sk_raise(vm, vm->exc.OverflowError, "(34, 'Numerical result out of range')");
    return sk_float(r);
}

static SkValue int_pow(SkVM *vm, int64_t base, int64_t exp) {
    if (exp < 0) {
        if (base == 0)
            return sk_raise(vm, vm->exc.ZeroDivisionError,
                            "0.0 cannot be raised to a negative power");
        return float_pow(vm, (double)base, (double)exp);
    }
    int64_t result = 1, b = base, e = exp;
    while (e) {
        if (e & 1) {
            if (__builtin_mul_overflow(result, b, &result)) goto big;
        }
        e >>= 1;
        if (e && __builtin_mul_overflow(b, b, &b)) goto big;
    }
    return sk_int(result);
big:
    return sk_int_binary(vm, SK_BIN_POW, sk_int(base), sk_int(exp));
}

SkValue sk_num_pow(SkVM *vm, SkValue a, SkValue b) {
    if (!is_num(a) || !is_num(b)) return SK_UNDEF;
    if (a.tag != SK_T_FLOAT && b.tag != SK_T_FLOAT) {
        if (a.tag == SK_T_OBJ || b.tag == SK_T_OBJ) return sk_int_binary(vm, SK_BIN_POW, a, b);
        return int_pow(vm, a.as.i, b.as.i);
    }
    double x, y;
    if (!as_double(vm, a, &x) || !as_double(vm, b, &y)) return SK_ERR;
    return float_pow(vm, x, y);
}

static SkValue int_binary(SkVM *vm, int op, int64_t x, int64_t y, bool both_bool) {
    int64_t r;
    switch (op) {
    case SK_BIN_ADD:
        if (__builtin_add_overflow(x, y, &r)) goto big;
        return sk_int(r);
    case SK_BIN_SUB:
        if (__builtin_sub_overflow(x, y, &r)) goto big;
        return sk_int(r);
    case SK_BIN_MUL:
        if (__builtin_mul_overflow(x, y, &r)) goto big;
        return sk_int(r);
    case SK_BIN_TRUEDIV:
        if (y == 0) return sk_raise(vm, vm->exc.ZeroDivisionError, "division by zero");
        // Exact when both fit in a double's mantissa; else correctly rounded on GMP.
        if (x > ((int64_t)1 << 53) || x < -((int64_t)1 << 53) || y > ((int64_t)1 << 53) ||
            y < -((int64_t)1 << 53))
            goto big;
        return sk_float((double)x / (double)y);
    case SK_BIN_FLOORDIV: {
        if (y == 0)
            return sk_raise(vm, vm->exc.ZeroDivisionError, "integer division or modulo by zero");
        if (x == INT64_MIN && y == -1) goto big;
        int64_t q = x / y;
        if ((x % y != 0) && ((x < 0) != (y < 0))) q--;
        return sk_int(q);
    }
    case SK_BIN_MOD: {
        if (y == 0) return sk_raise(vm, vm->exc.ZeroDivisionError, "integer modulo by zero");
        if (y == -1) return sk_int(0);
        int64_t m = x % y;
        if (m != 0 && ((m < 0) != (y < 0))) m += y;
        return sk_int(m);
    }
    case SK_BIN_POW: return int_pow(vm, x, y);
    case SK_BIN_LSHIFT:
        if (y < 0) return sk_raise(vm, vm->exc.ValueError, "negative shift count");
        if (x == 0) return sk_int(0);
        if (y >= 63) goto big;
        r = (int64_t)((uint64_t)x << y);
        if ((r >> y) != x) goto big;
        return sk_int(r);
    case SK_BIN_RSHIFT:
        if (y < 0) return sk_raise(vm, vm->exc.ValueError, "negative shift count");
        if (y >= 64) return sk_int(x < 0 ? -1 : 0);
        return sk_int(x >> y);
    case SK_BIN_AND: return both_bool ? sk_bool(x & y) : sk_int(x & y);
    case SK_BIN_OR: return both_bool ? sk_bool(x | y) : sk_int(x | y);
    case SK_BIN_XOR: return both_bool ? sk_bool(x ^ y) : sk_int(x ^ y);
    default: return SK_UNDEF;
    }
big: // the result needs more than 64 bits
    return sk_int_binary(vm, op, sk_int(x), sk_int(y));
}

static SkValue float_binary(SkVM *vm, int op, double x, double y) {
    switch (op) {
    case SK_BIN_ADD: return sk_float(x + y);
    case SK_BIN_SUB: return sk_float(x - y);
    case SK_BIN_MUL: return sk_float(x * y);
    case SK_BIN_TRUEDIV:
        if (y == 0.0) return sk_raise(vm, vm->exc.ZeroDivisionError, "float division by zero");
        return sk_float(x / y);
    case SK_BIN_FLOORDIV:
    case SK_BIN_MOD: {
        if (y == 0.0)
            return sk_raise(vm, vm->exc.ZeroDivisionError,
                            op == SK_BIN_MOD ? "float modulo" : "float floor division by zero");
        // CPython's float_divmod, step for step.
        double mod = fmod(x, y);
        double div = (x - mod) / y;
        if (mod) {
            if ((y < 0) != (mod < 0)) {
                mod += y;
                div -= 1.0;
            }
        } else {
            mod = copysign(0.0, y);
        }
        if (op == SK_BIN_MOD) return sk_float(mod);
        double fd;
        if (div) {
            fd = floor(div);
            if (div - fd > 0.5) fd += 1.0;
        } else {
            fd = copysign(0.0, x / y);
        }
        return sk_float(fd);
    }
    case SK_BIN_POW: return float_pow(vm, x, y);
    default: return SK_UNDEF; // shifts and bitwise ops do not apply to floats
    }
}

SkValue sk_num_binary(SkVM *vm, int op, SkValue a, SkValue b) {
    if (!is_num(a) || !is_num(b)) return SK_UNDEF;
    if (a.tag != SK_T_FLOAT && b.tag != SK_T_FLOAT) {
        if (a.tag == SK_T_OBJ || b.tag == SK_T_OBJ) return sk_int_binary(vm, op, a, b);
        return int_binary(vm, op, a.as.i, b.as.i, a.tag == SK_T_BOOL && b.tag == SK_T_BOOL);
    }
    if (op >= SK_BIN_LSHIFT) return SK_UNDEF; // shifts and bitwise ops do not apply to floats
    double x, y;
    if (!as_double(vm, a, &x) || !as_double(vm, b, &y)) return SK_ERR;
    return float_binary(vm, op, x, y);
}

// --- float repr ---

// Python's repr: the shortest digit string that reads back to the same
// double, shown positionally when -4 <= exponent < 16, else as d.ddde+XX.
int sk_float_repr(double f, char *buf) {
    if (isnan(f)) return sprintf(buf, "nan");
    if (isinf(f)) return sprintf(buf, f > 0 ? "inf" : "-inf");
    if (f == 0) return sprintf(buf, signbit(f) ? "-0.0" : "0.0");
    // Integral values below 1e16 print as themselves plus ".0".
    if (f == (double)(int64_t)f && fabs(f) < 1e16) return sprintf(buf, "%lld.0", (long long)f);
    // If any string of <= 15 significant digits reads back as f, the
    // correctly rounded 15-digit one does (a double has more precision than
    // the 15-digit grid spacing), and stripping its zeros gives the
    // shortest. Else 16, else 17 digits, which always round-trips.
    // (Subnormals carry fewer digits: search them from 1.)
    char tmp[40];
    for (int prec = fabs(f) < 2.2250738585072014e-308 ? 1 : 15; prec <= 17; prec++) {
        snprintf(tmp, sizeof tmp, "%.*e", prec - 1, f);
        if (prec == 17 || strtod(tmp, NULL) == f) break;
    }
    // tmp: [-]d[.ddd]e[+-]XX -> digits and decimal exponent.
    char digits[24];
    int nd = 0;
    const char *p = tmp;
    bool neg = false;
    if (*p == '-') {
        neg = true;
        p++;
    }
    for (; *p && *p != 'e'; p++)
        if (*p >= '0' && *p <= '9') digits[nd++] = *p;
    int exp10 = atoi(p + 1);
    while (nd > 1 && digits[nd - 1] == '0') nd--;
    digits[nd] = '\0';
    int decpt = exp10 + 1; // digits[0] sits before the decimal point at position decpt
    char *o = buf;
    if (neg) *o++ = '-';
    if (decpt > -4 && decpt <= 16) {
        if (decpt <= 0) {
            *o++ = '0';
            *o++ = '.';
            for (int k = 0; k < -decpt; k++) *o++ = '0';
            for (int k = 0; k < nd; k++) *o++ = digits[k];
        } else {
            for (int k = 0; k < decpt; k++) *o++ = k < nd ? digits[k] : '0';
            *o++ = '.';
            if (nd > decpt)
                for (int k = decpt; k < nd; k++) *o++ = digits[k];
            else
                *o++ = '0';
        }
        *o = '\0';
        return (int)(o - buf);
    }
    *o++ = digits[0];
    if (nd > 1) {
        *o++ = '.';
        for (int k = 1; k < nd; k++) *o++ = digits[k];
    }
    int e = decpt - 1;
    o += sprintf(o, "e%c%02d", e < 0 ? '-' : '+', e < 0 ? -e : e);
    return (int)(o - buf);
}

int sk_int_to_str(int64_t i, int base, bool prefix, char *buf) {
    char tmp[72];
    int n = 0;
    uint64_t u = i < 0 ? (uint64_t)0 - (uint64_t)i : (uint64_t)i;
    do {
        int d = (int)(u % (uint64_t)base);
        tmp[n++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
        u /= (uint64_t)base;
    } while (u);
    char *o = buf;
    if (i < 0) *o++ = '-';
    if (prefix && base != 10) {
        *o++ = '0';
        *o++ = base == 16 ? 'x' : base == 8 ? 'o' : 'b';
    }
    while (n) *o++ = tmp[--n];
    *o = '\0';
    return (int)(o - buf);
}

// --- parsing ---

static bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static int digit_val(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'z') return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
    return 99;
}

static SkValue bad_int(SkVM *vm, const char *s, size_t len, int base) {
    SkStr *str = sk_str_new(vm, s, len);
    if (!str) return SK_ERR;
    return sk_raise(vm, vm->exc.ValueError, "invalid literal for int() with base %d: %R", base,
                    sk_obj(str));
}

// The digits s[i..end) without underscores, as an int of any size.
static SkValue big_digits(SkVM *vm, const char *s, size_t i, size_t end, int base, bool neg) {
    char *buf = malloc(end - i + 1);
    if (!buf) return sk_raise_nomem(vm);
    size_t n = 0;
    for (; i < end; i++)
        if (s[i] != '_') buf[n++] = s[i];
    SkValue r = sk_int_from_digits(vm, buf, n, base, neg);
    free(buf);
    return r;
}

SkValue sk_parse_int(SkVM *vm, const char *s, size_t len, int base) {
    if (base != 0 && (base < 2 || base > 36))
        return sk_raise(vm, vm->exc.ValueError, "int() base must be >= 2 and <= 36, or 0");
    size_t i = 0, end = len;
    while (i < end && is_space(s[i])) i++;
    while (end > i && is_space(s[end - 1])) end--;
    bool neg = false;
    if (i < end && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
    int b = base;
    bool prefixed = false;
    if (i + 1 < end && s[i] == '0') {
        char c = (char)(s[i + 1] | 0x20);
        int pb = c == 'x' ? 16 : c == 'o' ? 8 : c == 'b' ? 2 : 0;
        if (pb && (base == 0 || base == pb)) {
            b = pb;
            i += 2;
            prefixed = true;
        }
    }
    if (b == 0) b = 10;
    if (i >= end) return bad_int(vm, s, len, base);
    // base 0 forbids leading zeros in a non-zero decimal ("010").
    bool leading_zero = !prefixed && base == 0 && s[i] == '0';
    uint64_t acc = 0;
    bool overflow = false, nonzero = false, last_us = false; // "0x_1" is allowed
    size_t digits_at = i;
    if (!prefixed && s[i] == '_') return bad_int(vm, s, len, base);
    for (; i < end; i++) {
        char c = s[i];
        if (c == '_') {
            if (last_us) return bad_int(vm, s, len, base);
            last_us = true;
            continue;
        }
        int d = digit_val(c);
        if (d >= b) return bad_int(vm, s, len, base);
        last_us = false;
        if (d) nonzero = true;
        if (acc > (UINT64_MAX - (uint64_t)d) / (uint64_t)b)
            overflow = true;
        else
            acc = acc * (uint64_t)b + (uint64_t)d;
    }
    if (last_us) return bad_int(vm, s, len, base);
    if (leading_zero && nonzero) return bad_int(vm, s, len, base);
    if (overflow || acc > (neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX))
        return big_digits(vm, s, digits_at, end, b, neg);
    return sk_int(neg ? (int64_t)(0 - acc) : (int64_t)acc);
}

static bool bad_float(SkVM *vm, const char *s, size_t len) {
    SkStr *str = sk_str_new(vm, s, len);
    if (!str) return false;
    sk_raise(vm, vm->exc.ValueError, "could not convert string to float: %R", sk_obj(str));
    return false;
}

static bool ieq(const char *a, size_t n, const char *word) {
    if (strlen(word) != n) return false;
    for (size_t k = 0; k < n; k++)
        if ((a[k] | 0x20) != word[k]) return false;
    return true;
}

bool sk_parse_float(SkVM *vm, const char *s, size_t len, double *out) {
    size_t i = 0, end = len;
    while (i < end && is_space(s[i])) i++;
    while (end > i && is_space(s[end - 1])) end--;
    if (i >= end) return bad_float(vm, s, len);
    size_t j = i;
    bool neg = false;
    if (s[j] == '+' || s[j] == '-') neg = s[j++] == '-';
    if (ieq(s + j, end - j, "inf") || ieq(s + j, end - j, "infinity")) {
        *out = neg ? -INFINITY : INFINITY;
        return true;
    }
    if (ieq(s + j, end - j, "nan")) {
        *out = neg ? -NAN : NAN;
        return true;
    }
    // Copy without underscores, each of which must sit between two digits.
    char small[64];
    char *buf = end - i < sizeof small ? small : malloc(end - i + 1);
    if (!buf) {
        sk_raise_nomem(vm);
        return false;
    }
    size_t n = 0;
    bool digits = false, ok = true;
    for (size_t k = i; k < end; k++) {
        char c = s[k];
        if (c == '_') {
            if (k == i || k + 1 >= end || !(s[k - 1] >= '0' && s[k - 1] <= '9') ||
                !(s[k + 1] >= '0' && s[k + 1] <= '9')) {
                ok = false;
                break;
            }
            continue;
        }
        if (c >= '0' && c <= '9')
            digits = true;
        else if (!(c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-')) {
            ok = false;
            break;
        }
        buf[n++] = c;
    }
    buf[n] = '\0';
    double v = 0;
    if (ok && digits) {
        char *stop;
        v = strtod(buf, &stop);
        ok = stop == buf + n;
    } else {
        ok = false;
    }
    if (buf != small) free(buf);
    if (!ok) return bad_float(vm, s, len);
    *out = v;
    return true;
}
