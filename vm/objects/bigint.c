// vm/objects/bigint.c -- integers of any size on GNU GMP, with CPython's
// semantics: floor division and modulo, two's-complement bitwise ops and
// shifts on negative numbers, true division and float() correctly
// rounded, CPython's hash (mod 2**61 - 1), and its limit on decimal
// conversions (4300 digits by default).
//
// Small ints stay immediate: the dispatch loop's int64 fast paths are
// unchanged and come here only when a result overflows or an operand is
// already big. An immediate is viewed as an mpz without allocating (one
// limb on the C stack), and every result is demoted when it fits.
//
// GMP aborts the process when malloc fails, so operations that can make
// huge numbers (*, **, <<) check the result size first and raise
// MemoryError beyond MAX_BITS.
#include "vm/objects/bigint.h"
#include "vm/classes/error.h"
#include "vm/core/gc.h"
#include "vm/objects/bytes.h"
#include "vm/objects/str.h"
#include "vm/ops/ops.h"
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

_Static_assert(sizeof(long) == sizeof(int64_t), "Skein's big ints need a 64-bit long (LP64)");
_Static_assert(GMP_LIMB_BITS == 64, "Skein's big ints need 64-bit GMP limbs");

#define MAX_BITS ((uint64_t)1 << 33) // 1 GiB per number
#define HASH_MODULUS (((uint64_t)1 << 61) - 1)

// --- views and results ---

// An int value as a read-only mpz: immediates borrow one limb here.
typedef struct IntView {
    mp_limb_t limb;
    mpz_t z;
} IntView;

static mpz_srcptr view(IntView *w, SkValue v) {
    if (v.tag == SK_T_OBJ) return SK_AS_BIGINT(v)->z;
    int64_t i = v.as.i;
    w->limb = i < 0 ? (mp_limb_t)0 - (mp_limb_t)i : (mp_limb_t)i;
    return mpz_roinit_n(w->z, &w->limb, i < 0 ? -1 : i > 0 ? 1 : 0);
}

SkValue sk_bigint_from_mpz(SkVM *vm, mpz_t tmp) {
    if (mpz_fits_slong_p(tmp)) {
        long i = mpz_get_si(tmp);
        mpz_clear(tmp);
        return sk_int(i);
    }
    SkBigInt *b = sk_gc_alloc(vm, SK_BIGINT, sizeof(SkBigInt));
    if (!b) {
        mpz_clear(tmp);
        return SK_ERR;
    }
    b->z[0] = tmp[0]; // take the limbs over
    vm->bytes_allocated += mpz_size(b->z) * sizeof(mp_limb_t);
    return sk_obj(b);
}

void sk_int_get_mpz(SkValue v, mpz_t out) {
    IntView w;
    mpz_init_set(out, view(&w, v));
}

static uint64_t bits_of(mpz_srcptr z) { return mpz_sgn(z) ? mpz_sizeinbase(z, 2) : 0; }

static bool too_big(SkVM *vm, uint64_t bits) {
    if (bits <= MAX_BITS) return false;
    sk_raise_nomem(vm);
    return true;
}

SkValue sk_int_raise_too_big(SkVM *vm) {
    return sk_raise(vm, vm->exc.OverflowError, "Python int too large to convert to C ssize_t");
}

int sk_int_sign(SkValue v) {
    IntView w;
    return mpz_sgn(view(&w, v));
}

uint64_t sk_int_bit_length(SkValue v) {
    IntView w;
    return bits_of(view(&w, v));
}

uint64_t sk_int_bit_count(SkValue v) {
    IntView w;
    mpz_srcptr z = view(&w, v);
    uint64_t n = 0;
    for (size_t i = 0; i < mpz_size(z); i++)
        n += (uint64_t)__builtin_popcountll(mpz_getlimbn(z, (mp_size_t)i));
    return n;
}

// --- conversion to and from double ---

// The double nearest to (q + f) * 2**e, where 0 <= f < 1 is nonzero iff
// sticky: round half to even at 53 bits, or fewer for subnormals. The one
// rounding step is what makes float(n) and n / m correctly rounded.
static double round_to_double(uint64_t q, bool sticky, long e) {
    if (q == 0) return 0.0;
    int k = 64 - __builtin_clzll(q);
    long top = e + k - 1; // exponent of the leading bit
    long keep = 53;
    if (top < -1022) keep = 53 - (-1022 - top);
    if (keep < 0) keep = 0;
    long drop = k - keep;
    if (drop <= 0)
        return ldexp((double)q, (int)(e < INT_MIN ? INT_MIN : e > INT_MAX ? INT_MAX : e));
    uint64_t m = q >> drop, rem = q & (((uint64_t)1 << drop) - 1), half = (uint64_t)1 << (drop - 1);
    if (rem > half || (rem == half && (sticky || (m & 1)))) m++;
    long ex = e + drop;
    if (ex > 2000) return INFINITY;
    if (ex < -2000) return 0.0;
    return ldexp((double)m, (int)ex);
}

// |z| as (q, sticky, e) with q holding its top 56 bits.
static double mpz_to_double(mpz_srcptr z) {
    uint64_t k = bits_of(z);
    if (k <= 64) {
        uint64_t u = mpz_getlimbn(z, 0);
        return round_to_double(u >> (k > 56 ? k - 56 : 0),
                               k > 56 && (u & (((uint64_t)1 << (k - 56)) - 1)) != 0,
                               k > 56 ? (long)(k - 56) : 0);
    }
    mpz_t t;
    mpz_init(t);
    mpz_tdiv_q_2exp(t, z, k - 56);
    uint64_t q = mpz_getlimbn(t, 0);
    mpz_clear(t);
    bool sticky = mpz_scan1(z, 0) < k - 56;
    return round_to_double(q, sticky, (long)(k - 56));
}

bool sk_int_to_double(SkVM *vm, SkValue v, double *out) {
    if (v.tag != SK_T_OBJ) {
        *out = (double)v.as.i;
        return true;
    }
    mpz_srcptr z = SK_AS_BIGINT(v)->z;
    double d = mpz_to_double(z);
    if (isinf(d)) {
        sk_raise(vm, vm->exc.OverflowError, "int too large to convert to float");
        return false;
    }
    *out = mpz_sgn(z) < 0 ? -d : d;
    return true;
}

SkValue sk_int_from_double(SkVM *vm, double f) {
    if (f < 9223372036854775808.0 && f >= -9223372036854775808.0) return sk_int((int64_t)f);
    mpz_t t;
    mpz_init_set_d(t, f);
    return sk_bigint_from_mpz(vm, t);
}

// a / b correctly rounded (CPython's long_true_divide gives the same).
static SkValue true_divide(SkVM *vm, mpz_srcptr a, mpz_srcptr b) {
    if (mpz_sgn(b) == 0) return sk_raise(vm, vm->exc.ZeroDivisionError, "division by zero");
    bool neg = (mpz_sgn(a) < 0) != (mpz_sgn(b) < 0);
    if (mpz_sgn(a) == 0) return sk_float(neg ? -0.0 : 0.0);
    long shift = (long)bits_of(a) - (long)bits_of(b) - 55;
    mpz_t n, d, q, r;
    mpz_inits(n, d, q, r, NULL);
    mpz_abs(n, a);
    mpz_abs(d, b);
    if (shift < 0)
        mpz_mul_2exp(n, n, (mp_bitcnt_t)-shift);
    else
        mpz_mul_2exp(d, d, (mp_bitcnt_t)shift);
    mpz_tdiv_qr(q, r, n, d); // q has 55 or 56 bits
    double x = round_to_double(mpz_getlimbn(q, 0), mpz_sgn(r) != 0, shift);
    mpz_clears(n, d, q, r, NULL);
    if (isinf(x))
        return sk_raise(vm, vm->exc.OverflowError, "integer division result too large for a float");
    return sk_float(neg ? -x : x);
}

// --- arithmetic ---

static SkValue int_pow(SkVM *vm, mpz_srcptr x, mpz_srcptr y) {
    if (mpz_sgn(y) < 0) {
        if (mpz_sgn(x) == 0)
            return sk_raise(vm, vm->exc.ZeroDivisionError,
                            "0.0 cannot be raised to a negative power");
        double dx = mpz_to_double(x), dy = mpz_to_double(y);
        if (isinf(dx))
            return sk_raise(vm, vm->exc.OverflowError, "int too large to convert to float");
        if (mpz_sgn(x) < 0) dx = -dx;
        return sk_float(pow(dx, -dy));
    }
    if (mpz_cmpabs_ui(x, 1) <= 0) {
        if (mpz_sgn(x) == 0) return sk_int(mpz_sgn(y) == 0);
        if (mpz_sgn(x) > 0 || mpz_even_p(y)) return sk_int(1);
        return sk_int(-1);
    }
    if (!mpz_fits_ulong_p(y)) return sk_raise_nomem(vm);
    unsigned long e = mpz_get_ui(y);
    uint64_t bits;
    if (__builtin_mul_overflow(bits_of(x) - 1, (uint64_t)e, &bits)) return sk_raise_nomem(vm);
    if (too_big(vm, bits)) return SK_ERR;
    mpz_t r;
    mpz_init(r);
    mpz_pow_ui(r, x, e);
    return sk_bigint_from_mpz(vm, r);
}

SkValue sk_int_binary(SkVM *vm, int op, SkValue a, SkValue b) {
    IntView va, vb;
    mpz_srcptr x = view(&va, a), y = view(&vb, b);
    mpz_t r;
    switch (op) {
    case SK_BIN_ADD:
        mpz_init(r);
        mpz_add(r, x, y);
        break;
    case SK_BIN_SUB:
        mpz_init(r);
        mpz_sub(r, x, y);
        break;
    case SK_BIN_MUL:
        if (too_big(vm, bits_of(x) + bits_of(y))) return SK_ERR;
        mpz_init(r);
        mpz_mul(r, x, y);
        break;
    case SK_BIN_TRUEDIV: return true_divide(vm, x, y);
    case SK_BIN_FLOORDIV:
        if (mpz_sgn(y) == 0)
            return sk_raise(vm, vm->exc.ZeroDivisionError, "integer division or modulo by zero");
        mpz_init(r);
        mpz_fdiv_q(r, x, y);
        break;
    case SK_BIN_MOD:
        if (mpz_sgn(y) == 0)
            return sk_raise(vm, vm->exc.ZeroDivisionError, "integer modulo by zero");
        mpz_init(r);
        mpz_fdiv_r(r, x, y);
        break;
    case SK_BIN_POW: return int_pow(vm, x, y);
    case SK_BIN_LSHIFT:
        if (mpz_sgn(y) < 0) return sk_raise(vm, vm->exc.ValueError, "negative shift count");
        if (mpz_sgn(x) == 0) return sk_int(0);
        if (!mpz_fits_ulong_p(y)) return sk_raise_nomem(vm);
        if (too_big(vm, bits_of(x) + mpz_get_ui(y))) return SK_ERR;
        mpz_init(r);
        mpz_mul_2exp(r, x, mpz_get_ui(y));
        break;
    case SK_BIN_RSHIFT:
        if (mpz_sgn(y) < 0) return sk_raise(vm, vm->exc.ValueError, "negative shift count");
        if (!mpz_fits_ulong_p(y) || mpz_get_ui(y) >= bits_of(x))
            return sk_int(mpz_sgn(x) < 0 ? -1 : 0);
        mpz_init(r);
        mpz_fdiv_q_2exp(r, x, mpz_get_ui(y)); // floor: -1 >> k stays -1, as in Python
        break;
    case SK_BIN_AND:
        mpz_init(r);
        mpz_and(r, x, y);
        break;
    case SK_BIN_OR:
        mpz_init(r);
        mpz_ior(r, x, y);
        break;
    case SK_BIN_XOR:
        mpz_init(r);
        mpz_xor(r, x, y);
        break;
    default: return SK_UNDEF;
    }
    return sk_bigint_from_mpz(vm, r);
}

SkValue sk_int_unary(SkVM *vm, int which, SkValue a) {
    IntView va;
    mpz_srcptr x = view(&va, a);
    mpz_t r;
    mpz_init(r);
    switch (which) {
    case 0: mpz_neg(r, x); break;
    case 1: mpz_set(r, x); break;
    case 2: mpz_com(r, x); break; // ~x == -x - 1
    default: mpz_abs(r, x); break;
    }
    return sk_bigint_from_mpz(vm, r);
}

int sk_int_compare(SkValue a, SkValue b) {
    IntView va, vb;
    int c = mpz_cmp(view(&va, a), view(&vb, b));
    return c < 0 ? -1 : c > 0;
}

int sk_int_compare_double(SkValue a, double f) {
    if (isnan(f)) return 2;
    if (isinf(f)) return f > 0 ? -1 : 1;
    IntView va;
    int c = mpz_cmp_d(view(&va, a), f); // exact
    return c < 0 ? -1 : c > 0;
}

uint64_t sk_bigint_hash(const SkBigInt *b) {
    uint64_t h = mpz_tdiv_ui(b->z, HASH_MODULUS); // |b| mod 2**61 - 1
    int64_t r = mpz_sgn(b->z) < 0 ? -(int64_t)h : (int64_t)h;
    if (r == -1) r = -2;
    return (uint64_t)r;
}

// --- text ---

void sk_int_raise_digit_limit(SkVM *vm, int64_t has) {
    if (has < 0)
        sk_raise(vm, vm->exc.ValueError,
                 "Exceeds the limit (%lld digits) for integer string conversion; use "
                 "sys.set_int_max_str_digits() to increase the limit",
                 (long long)vm->int_max_str_digits);
    else
        sk_raise(vm, vm->exc.ValueError,
                 "Exceeds the limit (%lld digits) for integer string conversion: value has %lld "
                 "digits; use sys.set_int_max_str_digits() to increase the limit",
                 (long long)vm->int_max_str_digits, (long long)has);
}

static bool power_of_two(int base) { return (base & (base - 1)) == 0; }

SkValue sk_int_from_digits(SkVM *vm, const char *digits, size_t n, int base, bool neg) {
    int64_t limit = vm->int_max_str_digits;
    if (!power_of_two(base) && limit > 0 && (int64_t)n > limit) {
        sk_int_raise_digit_limit(vm, (int64_t)n);
        return SK_ERR;
    }
    char *buf = malloc(n + 1);
    if (!buf) return sk_raise_nomem(vm);
    memcpy(buf, digits, n);
    buf[n] = '\0';
    mpz_t r;
    mpz_init(r);
    int bad = mpz_set_str(r, buf, base);
    free(buf);
    if (bad) {
        mpz_clear(r);
        return sk_raise(vm, vm->exc.ValueError, "invalid digits for int() with base %d", base);
    }
    if (neg) mpz_neg(r, r);
    return sk_bigint_from_mpz(vm, r);
}

char *sk_int_digits(SkVM *vm, SkValue v, int base, size_t *len) {
    IntView w;
    mpz_srcptr z = view(&w, v);
    size_t cap = mpz_sizeinbase(z, base) + 2;
    int64_t limit = vm->int_max_str_digits;
    bool limited = !power_of_two(base) && limit > 0;
    if (limited && (int64_t)cap - 2 > limit + 1) {
        sk_int_raise_digit_limit(vm, -1);
        return NULL;
    }
    char *buf = malloc(cap);
    if (!buf) {
        sk_raise_nomem(vm);
        return NULL;
    }
    mpz_get_str(buf, base, z);
    size_t n = strlen(buf);
    if (buf[0] == '-') memmove(buf, buf + 1, n--);
    if (limited && (int64_t)n > limit) {
        free(buf);
        sk_int_raise_digit_limit(vm, -1);
        return NULL;
    }
    *len = n;
    return buf;
}

SkStr *sk_int_to_pystr(SkVM *vm, SkValue v, int base, bool prefix) {
    size_t n;
    char *digits = sk_int_digits(vm, v, base, &n);
    if (!digits) return NULL;
    char *buf = malloc(n + 4);
    if (!buf) {
        free(digits);
        sk_raise_nomem(vm);
        return NULL;
    }
    size_t k = 0;
    if (sk_int_sign(v) < 0) buf[k++] = '-';
    if (prefix && base != 10) {
        buf[k++] = '0';
        buf[k++] = base == 16 ? 'x' : base == 8 ? 'o' : 'b';
    }
    memcpy(buf + k, digits, n);
    free(digits);
    SkStr *s = sk_str_new(vm, buf, k + n);
    free(buf);
    return s;
}

// --- the rest of int's interface ---

SkValue sk_int_powmod(SkVM *vm, SkValue base, SkValue exp, SkValue mod) {
    IntView vb, ve, vm_;
    mpz_srcptr b = view(&vb, base), e = view(&ve, exp), m = view(&vm_, mod);
    if (mpz_sgn(m) == 0) return sk_raise(vm, vm->exc.ValueError, "pow() 3rd argument cannot be 0");
    if (mpz_cmpabs_ui(m, 1) == 0) return sk_int(0);
    mpz_t am, bb, ee, r;
    mpz_inits(am, bb, ee, r, NULL);
    mpz_abs(am, m);
    mpz_set(bb, b);
    mpz_set(ee, e);
    if (mpz_sgn(ee) < 0) {
        if (!mpz_invert(bb, bb, am)) {
            mpz_clears(am, bb, ee, r, NULL);
            return sk_raise(vm, vm->exc.ValueError, "base is not invertible for the given modulus");
        }
        mpz_neg(ee, ee);
    }
    mpz_powm(r, bb, ee, am); // 0 <= r < |m|
    if (mpz_sgn(m) < 0 && mpz_sgn(r) != 0) mpz_add(r, r, m);
    mpz_clears(am, bb, ee, NULL);
    return sk_bigint_from_mpz(vm, r);
}

SkValue sk_int_round(SkVM *vm, SkValue v, int64_t nd) {
    IntView w;
    mpz_srcptr z = view(&w, v);
    if (nd >= 0) return v;
    if ((uint64_t)-nd > mpz_sizeinbase(z, 10) + 1) return sk_int(0);
    mpz_t p, q, r;
    mpz_inits(p, q, r, NULL);
    mpz_ui_pow_ui(p, 10, (unsigned long)-nd);
    mpz_fdiv_qr(q, r, z, p);
    mpz_mul_2exp(r, r, 1); // compare 2r with p: ties go to the even quotient
    int c = mpz_cmp(r, p);
    if (c > 0 || (c == 0 && mpz_odd_p(q))) mpz_add_ui(q, q, 1);
    mpz_mul(q, q, p);
    mpz_clears(p, r, NULL);
    return sk_bigint_from_mpz(vm, q);
}

SkValue sk_int_to_bytes(SkVM *vm, SkValue v, int64_t len, bool big_endian, bool sgn) {
    IntView w;
    mpz_srcptr z = view(&w, v);
    int s = mpz_sgn(z);
    if (s < 0 && !sgn)
        return sk_raise(vm, vm->exc.OverflowError, "can't convert negative int to unsigned");
    uint64_t need;
    if (!sgn) {
        need = bits_of(z);
    } else {
        mpz_t t;
        mpz_init(t);
        if (s < 0)
            mpz_com(t, z); // -z - 1: the magnitude the sign bit leaves
        else
            mpz_set(t, z);
        need = bits_of(t) + 1;
        mpz_clear(t);
    }
    if (need > (uint64_t)len * 8)
        return sk_raise(vm, vm->exc.OverflowError, "int too big to convert");
    SkBytes *b = sk_bytes_new(vm, NULL, (size_t)len);
    if (!b) return SK_ERR;
    memset(b->data, 0, (size_t)len);
    if (len == 0) return sk_obj(b);
    mpz_t u;
    mpz_init(u);
    mpz_fdiv_r_2exp(u, z, (mp_bitcnt_t)len * 8); // two's complement in len bytes
    size_t count = 0;
    uint8_t *tmp = malloc((size_t)len);
    if (!tmp) {
        mpz_clear(u);
        return sk_raise_nomem(vm);
    }
    mpz_export(tmp, &count, 1, 1, 1, 0, u); // big-endian, most significant first
    mpz_clear(u);
    for (size_t i = 0; i < count; i++) {
        size_t pos = (size_t)len - count + i; // big-endian position
        b->data[big_endian ? pos : (size_t)len - 1 - pos] = tmp[i];
    }
    free(tmp);
    return sk_obj(b);
}

SkValue sk_int_from_bytes(SkVM *vm, const uint8_t *p, size_t n, bool big_endian, bool sgn) {
    mpz_t r;
    mpz_init(r);
    if (n) mpz_import(r, n, big_endian ? 1 : -1, 1, 1, 0, p);
    if (sgn && n && (p[big_endian ? 0 : n - 1] & 0x80)) {
        mpz_t t;
        mpz_init(t);
        mpz_setbit(t, (mp_bitcnt_t)n * 8);
        mpz_sub(r, r, t);
        mpz_clear(t);
    }
    return sk_bigint_from_mpz(vm, r);
}
