// stdlib/builtins_consume.h -- Skein versions of the builtins that consume a
// whole iterable (list, tuple, set, frozenset, sorted, sum, any, all), run
// in place of the C ones when the iterable may block its tasklet.
#ifndef SK_STDLIB_BUILTINS_CONSUME_H
#define SK_STDLIB_BUILTINS_CONSUME_H
#include "vm/core/state.h"

// Whether the native whose arguments are `args` should hand its call to
// the Skein version: it was called by the loop itself at the tasklet's
// base level (so the Skein version may block), and iterating `it` may
// block -- a channel, an object whose iteration is Skein code (a process,
// a class with __iter__), or a generator while other tasklets or event
// loop waits exist. Other iterables stay in C.
bool sk_consume_may_block(SkVM *vm, const SkValue *args, SkValue it);
// Hand the call to the Skein function `name` (one of _list, _tuple, _set,
// _frozenset, _sorted, _sum, _any, _all): it goes in the call's function
// slot (args[-1]) and the loop calls it with the same arguments. Returns
// SK_ERR either way: with the redirect set, or with an exception pending.
SkValue sk_consume_redirect(SkVM *vm, SkValue *args, const char *name) SK_RAISES;

#endif
