// vm/exec/vm_arith.h -- the int64 and float arithmetic the dispatch loop
// inlines, with Python's semantics: floor division and modulo take the
// divisor's sign, shifts and overflows that leave int64 return true ("not
// handled") so the loop falls back to the generic sk_binary, which raises.
// Also the stores of results into stack cells (put_*). Internal to vm.c.
#ifndef SK_VM_EXEC_VM_ARITH_H
#define SK_VM_EXEC_VM_ARITH_H
#include "vm/core/value.h"
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

// Store an immediate into a stack cell with one 16-byte write. A byte
// store of the tag plus a word store of the payload would make the next
// 16-byte load of that cell (LOAD_FAST/STORE_FAST copy whole values) miss
// store-to-load forwarding and stall for ~a dozen cycles.
#if defined(__SSE2__)
SK_INLINE void put_int(SkValue *dst, int64_t i) {
    _mm_storeu_si128((__m128i *)dst, _mm_set_epi64x(i, SK_T_INT));
}
SK_INLINE void put_bool(SkValue *dst, bool b) {
    _mm_storeu_si128((__m128i *)dst, _mm_set_epi64x(b ? 1 : 0, SK_T_BOOL));
}
SK_INLINE void put_float(SkValue *dst, double f) {
    __m128i tag = _mm_cvtsi64_si128(SK_T_FLOAT);
    _mm_storeu_si128((__m128i *)dst, _mm_unpacklo_epi64(tag, _mm_castpd_si128(_mm_set_sd(f))));
}
// A value returned by a C function arrives in two registers.
SK_INLINE void put_value(SkValue *dst, SkValue v) {
    __m128i tag = _mm_cvtsi64_si128((long long)v.tag);
    _mm_storeu_si128((__m128i *)dst, _mm_unpacklo_epi64(tag, _mm_cvtsi64_si128(v.as.i)));
}
#else
SK_INLINE void put_value(SkValue *dst, SkValue v) { *dst = v; }
SK_INLINE void put_int(SkValue *dst, int64_t i) { *dst = sk_int(i); }
SK_INLINE void put_bool(SkValue *dst, bool b) { *dst = sk_bool(b); }
SK_INLINE void put_float(SkValue *dst, double f) { *dst = sk_float(f); }
#endif

// Both operands as doubles for true division: floats, and ints small
// enough (|i| <= 2^53) that the quotient rounds exactly as CPython's.
SK_INLINE bool num_pair(SkValue a, SkValue b, double *x, double *y) {
    const int64_t lim = (int64_t)1 << 53;
    if (a.tag == SK_T_FLOAT)
        *x = a.as.f;
    else if (a.tag == SK_T_INT && a.as.i <= lim && a.as.i >= -lim)
        *x = (double)a.as.i;
    else
        return false;
    if (b.tag == SK_T_FLOAT)
        *y = b.as.f;
    else if (b.tag == SK_T_INT && b.as.i <= lim && b.as.i >= -lim)
        *y = (double)b.as.i;
    else
        return false;
    return true;
}

// Python's floor division / modulo on int64 (b != 0, no overflow): false on
// the cases left to the generic path.
SK_INLINE bool ifloordiv(int64_t a, int64_t b, int64_t *r) {
    if (b == 0 || (a == INT64_MIN && b == -1)) return true;
    int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) q--;
    *r = q;
    return false;
}
SK_INLINE bool imod(int64_t a, int64_t b, int64_t *r) {
    if (b == 0 || b == -1) {
        if (b == -1) {
            *r = 0;
            return false;
        }
        return true;
    }
    int64_t m = a % b;
    if (m != 0 && ((m < 0) != (b < 0))) m += b;
    *r = m;
    return false;
}
SK_INLINE bool ishl(int64_t a, int64_t b, int64_t *r) {
    if (b < 0) return true;
    if (a == 0) {
        *r = 0;
        return false;
    }
    if (b >= 63) return true;
    int64_t v = (int64_t)((uint64_t)a << b);
    if ((v >> b) != a) return true;
    *r = v;
    return false;
}
SK_INLINE bool ishr(int64_t a, int64_t b, int64_t *r) {
    if (b < 0) return true;
    *r = b >= 63 ? (a < 0 ? -1 : 0) : a >> b;
    return false;
}

#endif
