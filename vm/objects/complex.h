// vm/objects/complex.h -- complex numbers (vm/objects/complex.c): creation,
// CPython's arithmetic, repr and hash, and the complex() constructor.
#ifndef SK_VM_OBJECTS_COMPLEX_H
#define SK_VM_OBJECTS_COMPLEX_H
#include "vm/core/state.h"

SkComplex *sk_complex_new(SkVM *vm, double re, double im) SK_RAISES;
// a OP b when either is complex and both are numbers (+ - * / **); SK_UNDEF
// (no exception) for operands or operators complex does not take.
SkValue sk_complex_binary(SkVM *vm, int op, SkValue a, SkValue b) SK_RAISES;
// -z, +z, abs(z) (which 0, 1, 2).
SkValue sk_complex_unary(SkVM *vm, int which, SkComplex *z) SK_RAISES;
// x ** y for a negative x and a fractional y: a complex, as in CPython.
SkValue sk_complex_pow_real(SkVM *vm, double x, double y) SK_RAISES;
// a == b with a complex among them: 1, 0, or -2 when the other is no number.
int sk_complex_eq(SkVM *vm, SkValue a, SkValue b);
uint64_t sk_complex_hash(const SkComplex *z);
SkStr *sk_complex_repr(SkVM *vm, SkComplex *z) SK_RAISES;
// format(z, spec): both parts in the float format, the imaginary one signed.
SkStr *sk_complex_format(SkVM *vm, SkComplex *z, SkStr *spec) SK_RAISES;
SkValue sk_complex_construct(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames) SK_RAISES;
void sk_init_complex_methods(SkVM *vm);

#endif
