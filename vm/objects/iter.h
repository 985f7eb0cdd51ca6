// vm/objects/iter.h -- makers of the built-in iterator objects that builtins
// return (enumerate, zip, map, filter, reversed, iter(callable, sentinel)),
// implemented in vm/objects/iter.c with sk_iter/sk_next. Each returns the new
// iterator or SK_ERR with the exception pending (e.g. "'int' object is
// not iterable" from an argument).
#ifndef SK_VM_OBJECTS_ITER_H
#define SK_VM_OBJECTS_ITER_H
#include "vm/core/state.h"

SkValue sk_iter_enumerate(SkVM *vm, SkValue iterable, int64_t start) SK_RAISES;
// zip(*iterables, strict=strict)
SkValue sk_iter_zip(SkVM *vm, const SkValue *iterables, int n, bool strict) SK_RAISES;
// map(fn, *iterables); n >= 1
SkValue sk_iter_map(SkVM *vm, SkValue fn, const SkValue *iterables, int n) SK_RAISES;
// filter(fn, iterable); fn None keeps the truthy items
SkValue sk_iter_filter(SkVM *vm, SkValue fn, SkValue iterable) SK_RAISES;
// reversed(seq): __reversed__, a list's reverse iterator, or __len__/__getitem__
SkValue sk_iter_reversed(SkVM *vm, SkValue seq) SK_RAISES;
// iter(fn, sentinel)
SkValue sk_iter_callable(SkVM *vm, SkValue fn, SkValue sentinel) SK_RAISES;
// __iter__/__next__/__length_hint__ on every iterator class (types.c calls it).
void sk_init_iter_methods(SkVM *vm);

// iter(v) -> an iterator, or SK_ERR ("'int' object is not iterable").
SkValue sk_iter(SkVM *vm, SkValue v) SK_RAISES;
// next(it): the next value; SK_UNDEF with no exception pending when
// exhausted; SK_ERR (== SK_UNDEF) with an exception pending on error.
SkValue sk_next(SkVM *vm, SkValue it) SK_RAISES;

SkIter *sk_iter_new(SkVM *vm, SkIterKind kind, SkClass *cls, SkValue src) SK_RAISES;

#endif
