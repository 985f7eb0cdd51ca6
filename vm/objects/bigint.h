// vm/objects/bigint.h -- integers of any size (vm/objects/bigint.c). An int
// that fits in 64 bits is always the immediate SK_T_INT; only values
// outside int64 live on the heap as an SkBigInt wrapping a GNU GMP mpz_t.
// So "is it big?" is a tag test, two big ints are never equal to a small
// one, and every result goes back through sk_bigint_from_mpz, which
// demotes it when it fits.
//
// The functions named sk_int_* take any int value (bool, immediate or
// big) and are what the generic operations call once an int64 fast path
// has overflowed or met a big operand.
#ifndef SK_VM_OBJECTS_BIGINT_H
#define SK_VM_OBJECTS_BIGINT_H
#include "vm/core/state.h"
#include <gmp.h>

typedef struct SkBigInt {
    SkObj obj;
    mpz_t z; // never fits in int64
} SkBigInt;
#define SK_AS_BIGINT(v) ((SkBigInt *)SK_AS_OBJ(v))

// CPython's default limit on decimal conversions (sys.set_int_max_str_digits).
#define SK_INT_MAX_STR_DIGITS 4300

SK_INLINE bool sk_is_bigint(SkValue v) { return SK_IS_KIND(v, SK_BIGINT); }
// bool, int or big int.
SK_INLINE bool sk_is_integer(SkValue v) {
    return v.tag == SK_T_INT || v.tag == SK_T_BOOL || SK_IS_KIND(v, SK_BIGINT);
}

// The int value of tmp (immediate when it fits); tmp is cleared either way.
SkValue sk_bigint_from_mpz(SkVM *vm, mpz_t tmp) SK_RAISES;
// out = v for an int value; out is initialised here and must be cleared.
void sk_int_get_mpz(SkValue v, mpz_t out);

// a OP b for two int values (an SkBinOp); never overflows, MemoryError
// for results beyond the size Skein allows (about 2**33 bits).
SkValue sk_int_binary(SkVM *vm, int op, SkValue a, SkValue b) SK_RAISES;
// -a, +a, ~a, abs(a) (which 0..3) for an int value.
SkValue sk_int_unary(SkVM *vm, int which, SkValue a) SK_RAISES;
// Compare two int values (-1, 0, 1), or an int with a double (2: nan).
int sk_int_compare(SkValue a, SkValue b);
int sk_int_compare_double(SkValue a, double f);
uint64_t sk_bigint_hash(const SkBigInt *b);

// float(v), correctly rounded; false + OverflowError when too large.
bool sk_int_to_double(SkVM *vm, SkValue v, double *out) SK_RAISES;
// int(f) for a finite double of any size (truncated toward zero).
SkValue sk_int_from_double(SkVM *vm, double f) SK_RAISES;
// digits[0..n) (digits of `base` only, no sign, no underscores) as an int.
SkValue sk_int_from_digits(SkVM *vm, const char *digits, size_t n, int base, bool neg) SK_RAISES;
// The digits of |v| in base 2..36 (lower case), malloc'd; the decimal
// digit limit applies (ValueError). NULL with an exception pending.
char *sk_int_digits(SkVM *vm, SkValue v, int base, size_t *len) SK_RAISES;
// str(v) / hex(v) ... with Python's sign and prefix.
SkStr *sk_int_to_pystr(SkVM *vm, SkValue v, int base, bool prefix) SK_RAISES;
// The ValueError of a decimal conversion over the limit (has < 0: int -> str).
void sk_int_raise_digit_limit(SkVM *vm, int64_t has);

uint64_t sk_int_bit_length(SkValue v);
uint64_t sk_int_bit_count(SkValue v);
int sk_int_sign(SkValue v);
// pow(base, exp, mod) for three int values (mod != 0 checked here).
SkValue sk_int_powmod(SkVM *vm, SkValue base, SkValue exp, SkValue mod) SK_RAISES;
// round(v, nd) for nd < 0: to a multiple of 10**-nd, ties to even.
SkValue sk_int_round(SkVM *vm, SkValue v, int64_t nd) SK_RAISES;
// v.to_bytes(len, big/little, signed) and int.from_bytes.
SkValue sk_int_to_bytes(SkVM *vm, SkValue v, int64_t len, bool big_endian, bool sgn) SK_RAISES;
SkValue sk_int_from_bytes(SkVM *vm, const uint8_t *p, size_t n, bool big_endian,
                          bool sgn) SK_RAISES;
// The OverflowError of a big int where a C size was needed.
SkValue sk_int_raise_too_big(SkVM *vm) SK_RAISES;

#endif
