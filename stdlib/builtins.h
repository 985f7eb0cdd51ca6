// stdlib/builtins.h -- private to stdlib/builtins*.c: helpers shared by the
// builtin functions (builtins.c), the construct hooks of the built-in
// types (builtins_types.c) and the code builtins (builtins_eval.c).
#ifndef SK_STDLIB_BUILTINS_H
#define SK_STDLIB_BUILTINS_H
#include "vm/core/state.h"

// Keyword arguments by name into out[] (pre-filled with defaults);
// "'x' is an invalid keyword argument for fname()" for unknown names.
bool sk_bi_kwargs(SkVM *vm, const char *fname, SkValue *args, int nargs, SkTuple *kwnames,
                  const char *const *names, int nnames, SkValue *out) SK_RAISES;
// int(f) for a float: truncation, OverflowError for infinity, ValueError for NaN.
SkValue sk_bi_float_to_int(SkVM *vm, double f) SK_RAISES;
// Install the construct hooks and put the built-in classes into ns.
void sk_bi_init_types(SkVM *vm, SkDict *ns);
// locals() of the calling frame: its namespace, or a snapshot of a function's slots.
SkValue sk_bi_locals(SkVM *vm) SK_RAISES;
// compile, eval, exec and __import__ into ns (builtins_eval.c).
void sk_bi_init_eval(SkVM *vm, SkDict *ns);

#endif
