// vm/exec/vm_helpers.h -- the slow paths of the dispatch loop, kept out of vm.c
// so the loop stays small: unpacking, f-string pieces, imports, class
// creation, exception matching and normalisation, `with`, star-calls.
// Each returns false / SK_ERR with the exception pending. Internal to the
// VM core (vm.c is the only caller).
#ifndef SK_VM_EXEC_VM_HELPERS_H
#define SK_VM_EXEC_VM_HELPERS_H
#include "vm/core/state.h"

// UNPACK_SEQUENCE of seq, the value on top of the saved stack (t->sp[-1]):
// writes n values from there, the first item on top. The stack may move
// while seq is iterated, so the destination is found at the end.
bool sk_vm_unpack(SkVM *vm, SkValue seq, int n) SK_RAISES;
// UNPACK_EX likewise: after items, a list of the middle, before items.
bool sk_vm_unpack_ex(SkVM *vm, SkValue seq, int before, int after) SK_RAISES;

// FORMAT_VALUE: conversion 0 none, 1 str, 2 repr, 3 ascii; spec may be UNDEF.
SkValue sk_vm_format_value(SkVM *vm, SkValue v, int conv, SkValue spec) SK_RAISES;
SkValue sk_vm_build_string(SkVM *vm, SkValue *items, int n) SK_RAISES;

bool sk_vm_import_star(SkVM *vm, SkValue module, SkDict *ns) SK_RAISES;

// MAKE_FUNCTION; defaults/kwdefaults/closure may be SK_UNDEF.
SkValue sk_vm_make_function(SkVM *vm, SkValue code, SkDict *globals, SkValue defaults,
                            SkValue kwdefaults, SkValue closure, SkValue annotations) SK_RAISES;
// BUILD_CLASS with args = [body_fn name b1..bn] (on the stack).
SkValue sk_vm_build_class(SkVM *vm, SkValue body_fn, SkValue name, SkTuple *bases, SkDict *kw,
                          SkDict *globals) SK_RAISES;

// The exception instance for `raise v` (a class is instantiated).
SkValue sk_vm_normalize_raise(SkVM *vm, SkValue v) SK_RAISES;
// `raise exc from cause`: sets __cause__ and __suppress_context__.
bool sk_vm_set_cause(SkVM *vm, SkValue exc, SkValue cause) SK_RAISES;
// CHECK_EXC_MATCH: 1, 0, or -1 raised (bad type in the except clause).
int sk_vm_exc_match(SkVM *vm, SkValue exc, SkValue type) SK_RAISES;
// StopIteration leaving a generator becomes RuntimeError (pending).
void sk_vm_stopiteration_to_runtime(SkVM *vm);

// BEFORE_WITH: the bound __exit__ and the __enter__ function (unbound).
bool sk_vm_with_lookup(SkVM *vm, SkValue mgr, SkValue *exit_out, SkValue *enter_out) SK_RAISES;

// CALL_EX: [f args (kwargs)] at fslot -> [f a1..an k1..km] with *kwnames.
// Updates the tasklet's saved top; returns the argument count or -1.
int sk_vm_flatten_call(SkVM *vm, SkValue *fslot, bool has_kwargs, SkTuple **kwnames) SK_RAISES;

// DICT_UPDATE (merge false) / DICT_MERGE (merge true: a repeated key is an error).
bool sk_vm_dict_update(SkVM *vm, SkValue d, SkValue other, bool merge, SkValue fn) SK_RAISES;

// YIELD_FROM on a delegate that is not a generator: send `sent` (next()
// for None). 1: it yielded *out; 0: it finished, *out = its return value;
// -1 raised.
int sk_vm_delegate_step(SkVM *vm, SkValue it, SkValue sent, SkValue *out) SK_RAISES;
// SET_UPDATE: add every item of iterable to the set.
bool sk_vm_set_update(SkVM *vm, SkValue set, SkValue iterable) SK_RAISES;

// PRINT_EXPR.
bool sk_vm_print_expr(SkVM *vm, SkValue v) SK_RAISES;

// NameError / UnboundLocalError with CPython's wording.
SkValue sk_vm_name_error(SkVM *vm, SkStr *name) SK_RAISES;
SkValue sk_vm_unbound_local(SkVM *vm, SkStr *name) SK_RAISES;
SkValue sk_vm_unbound_free(SkVM *vm, SkStr *name) SK_RAISES;

// Keep v alive in the GC arena (a value handed back to C past the point
// where the loop reset the arena).
void sk_vm_arena_keep(SkVM *vm, SkValue v);

// Record (code, line) in exc's traceback; set __context__ from the handled
// exception on a fresh raise (vm.c).
void sk_exc_add_traceback(SkVM *vm, SkValue exc, SkCode *code, uint32_t line);
void sk_exc_set_context(SkVM *vm, SkValue exc);

#endif
