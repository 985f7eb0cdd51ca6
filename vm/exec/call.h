// vm/exec/call.h -- calling anything: from C (sk_invoke, which nests one loop level
// for Skein code), from the dispatch loop (sk_call_setup, which pushes a
// frame instead), and binding a native's arguments by name (vm/exec/call.c).
#ifndef SK_VM_EXEC_CALL_H
#define SK_VM_EXEC_CALL_H
#include "vm/core/state.h"

// Run a module-level code object in `globals`. Returns the result or SK_ERR.
SkValue sk_run_code(SkVM *vm, SkCode *code, SkDict *globals) SK_RAISES;
// The same with a locals dict for the *_NAME ops (exec(code, g, l)); NULL: globals.
SkValue sk_run_code_in(SkVM *vm, SkCode *code, SkDict *globals, SkDict *locals) SK_RAISES;
// Call any callable from C: nests one C level when f is Skein code.
// args are copied onto the VM stack first; kwnames as for SkNativeFn.
SkValue sk_invoke(SkVM *vm, SkValue f, SkValue *args, int nargs, SkTuple *kwnames) SK_RAISES;
// Call a class the default way, ignoring its metaclass's __call__ (type.__call__).
SkValue sk_call_class_plain(SkVM *vm, SkClass *cls, SkValue *args, int nargs,
                            SkTuple *kwnames) SK_RAISES;
// Convenience: f(a) and f(a, b).
SkValue sk_call1(SkVM *vm, SkValue f, SkValue a) SK_RAISES;
SkValue sk_call2(SkVM *vm, SkValue f, SkValue a, SkValue b) SK_RAISES;
// Look up `name` on v's class and call it with v as self. Returns SK_UNDEF
// with no exception pending when the class has no such method.
SkValue sk_invoke_method(SkVM *vm, SkValue self, SkStr *name, SkValue *args, int nargs) SK_RAISES;

// Bind a native's arguments by name, CPython style. names[0..nnames) are the
// parameter names (self excluded for methods: pass args+1, nargs-1); the
// first `required` are mandatory. Fills out[0..nnames) in order, SK_UNDEF
// for optional ones not given. Raises TypeError for unknown/duplicate/missing
// arguments naming fname ("sorted", "split"). Every parameter may be given
// by position or by name.
bool sk_bind_args(SkVM *vm, const char *fname, SkValue *args, int nargs, SkTuple *kwnames,
                  const char *const *names, int nnames, int required, SkValue *out) SK_RAISES;

// Outcome of starting a call.
typedef enum SkCallStep {
    SK_CALL_ERR = 0, // raised; the stack top is back at fslot
    SK_CALL_DONE,    // finished: the result is in *fslot, top = fslot + 1
    SK_CALL_FRAME,   // a Skein frame was pushed: run the loop to get the result
} SkCallStep;

// Start the call [f a1..an] at fslot (top = fslot + 1 + nargs, already
// saved in t->sp). kwnames as for SkNativeFn. Binds arguments, creates
// generators, runs natives and builtin constructors, pushes frames for
// Skein functions and __init__ methods.
SkCallStep sk_call_setup(SkVM *vm, SkValue *fslot, int nargs, SkTuple *kwnames) SK_RAISES;
// The TypeError for an __init__ that returned r (not None); returns false.
bool sk_init_result_error(SkVM *vm, SkValue r) SK_RAISES;

#endif
