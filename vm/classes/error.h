// vm/classes/error.h -- raising exceptions from C, exception objects, and
// printing tracebacks. The pending exception lives in vm->current->exc.
//
// Convention: a function that can raise returns SK_ERR (or false / NULL /
// -1, as its comment says) after calling one of the sk_raise* functions.
#ifndef SK_VM_CLASSES_ERROR_H
#define SK_VM_CLASSES_ERROR_H
#include "vm/core/state.h"
#include "vm/sched/tasklet.h"

// Raise cls(message). fmt is printf-like (see sk_str_format in vm/objects/str.h:
// %s %d %ld %lld %zu %c %x %% and %R repr(SkValue), %S str(SkValue),
// %T type name of an SkValue, %N an SkStr*). Always returns SK_ERR.
SkValue sk_raise(SkVM *vm, SkClass *cls, const char *fmt, ...) SK_RAISES;
// Raise an exception instance or class (a class is instantiated with no args).
SkValue sk_raise_value(SkVM *vm, SkValue exc) SK_RAISES;
// e.add_note(note): appended to e.__notes__ (printed after the message).
bool sk_exc_add_note(SkVM *vm, SkException *e, SkStr *note) SK_RAISES;
SkValue sk_raise_nomem(SkVM *vm) SK_RAISES;                 // MemoryError without allocating
SkValue sk_raise_keyerror(SkVM *vm, SkValue key) SK_RAISES; // KeyError(key)
SkValue sk_raise_stopiteration(SkVM *vm, SkValue value) SK_RAISES;

SK_INLINE bool sk_has_exc(SkVM *vm) { return !SK_IS_UNDEF(vm->current->exc); }
// Take the pending exception (it is no longer pending).
SkValue sk_take_exc(SkVM *vm);
void sk_clear_exc(SkVM *vm);
// True if the pending exception is an instance of cls.
bool sk_exc_matches(SkVM *vm, SkClass *cls);

// Make an exception instance of cls with args (a new tuple is made).
SkValue sk_exc_new(SkVM *vm, SkClass *cls, SkValue *args, int nargs) SK_RAISES;
// The message str(exc) as CPython words it.
SkStr *sk_exc_str(SkVM *vm, SkValue exc);

// Make a SyntaxError-family exception (cls: SyntaxError, IndentationError,
// TabError) with msg, filename, lineno, offset (1-based col) and the text of
// the line, and make it pending. Returns SK_ERR.
SkValue sk_raise_syntax(SkVM *vm, SkClass *cls, const char *msg, const char *filename, int line,
                        int col, const char *text) SK_RAISES;

// As sk_raise_syntax, with the end of the offending range (end_line, and
// end_col 1-based exclusive; 0 when unknown): CPython 3.11 underlines
// col..end_col with ^^^ for SyntaxError itself (one ^ for its subclasses).
SkValue sk_raise_syntax_range(SkVM *vm, SkClass *cls, const char *msg, const char *filename,
                              int line, int col, int end_line, int end_col,
                              const char *text) SK_RAISES;

// NameError "name 'x' is not defined" with its name attribute set (so an
// uncaught one can say "Did you mean: 'y'?"). Returns SK_ERR.
SkValue sk_raise_name_error(SkVM *vm, SkStr *name) SK_RAISES;

// Register the source text of a file so tracebacks can show lines.
void sk_register_source(SkVM *vm, SkStr *filename, SkStr *source);

// Create the exception classes (vm->exc) at start-up.
void sk_init_exceptions(SkVM *vm);

// The value of an exception attribute that has no entry in the instance
// dict but a default derived from args (StopIteration.value,
// SystemExit.code, OSError.errno, SyntaxError.msg ...); SK_UNDEF if none.
SkValue sk_exc_default_attr(SkVM *vm, SkException *e, SkStr *name);

#endif
