// vm/objects/number.h -- int and float arithmetic with Python's semantics:
// floor division and modulo take the divisor's sign, an int64 result that
// overflows becomes a big int (vm/objects/bigint.h), float repr is the
// shortest string that round-trips.
#ifndef SK_VM_OBJECTS_NUMBER_H
#define SK_VM_OBJECTS_NUMBER_H
#include "vm/core/state.h"

// Arithmetic on two numbers (bool, int or float); SK_ERR on
// ZeroDivisionError/OverflowError. op is an SkBinOp (vm/ops/ops.h).
// Returns SK_UNDEF with no exception when either operand is not a number.
SkValue sk_num_binary(SkVM *vm, int op, SkValue a, SkValue b) SK_RAISES;
// a OP b comparisons on numbers (int/float mixed exactly, as CPython).
int sk_num_compare(SkValue a, SkValue b); // -1, 0, 1; 2 if unordered (nan)

// Python's hash of an int / float (so hash(1) == hash(1.0) == 1).
uint64_t sk_hash_int(int64_t i);
uint64_t sk_hash_float(double f);

// repr(float) into buf (at least 32 bytes): "1.0", "1e+16", "inf", "nan".
int sk_float_repr(double f, char *buf);
// int in base 2, 8, 10 or 16 with Python's prefix: "-0x1f".
int sk_int_to_str(int64_t i, int base, bool prefix, char *buf);
// Parse an int literal/string as int("...", base), of any size; SK_ERR + ValueError.
SkValue sk_parse_int(SkVM *vm, const char *s, size_t len, int base) SK_RAISES;
bool sk_parse_float(SkVM *vm, const char *s, size_t len, double *out) SK_RAISES;

// The OverflowError of the few places that need an int to fit in 64 bits
// (range arithmetic, random's bounds): CPython's words for a C size.
#define SK_INT_OVERFLOW_MSG "Python int too large to convert to C ssize_t"
SkValue sk_raise_int_overflow(SkVM *vm) SK_RAISES;
// a ** b for numbers (int ** negative int gives float); SK_UNDEF, no exception, if not numbers.
SkValue sk_num_pow(SkVM *vm, SkValue a, SkValue b) SK_RAISES;

#endif
