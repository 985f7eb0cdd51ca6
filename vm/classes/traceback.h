// vm/classes/traceback.h -- printing an uncaught exception and its traceback as CPython
// 3.11 does (vm/classes/traceback.c).
#ifndef SK_VM_CLASSES_TRACEBACK_H
#define SK_VM_CLASSES_TRACEBACK_H
#include "vm/core/state.h"

// Print "Traceback (most recent call last): ..." with source lines and
// the chained causes/contexts, as CPython does, on stream 2.
void sk_print_exception(SkVM *vm, SkValue exc);
// The same report as text (for the embedding API's sk_error_traceback and
// exceptions sent to another process). NULL with MemoryError pending.
SkStr *sk_format_exception(SkVM *vm, SkValue exc) SK_RAISES;
// The pending exception cannot propagate (a __del__, a scheduler callback):
// print CPython's "Exception ignored in: <where>" report and clear it.
void sk_print_unraisable(SkVM *vm, const char *where);
// The last part of that report for one exception: "ValueError: msg\n" (or a
// SyntaxError's location lines), with its notes (traceback.format_exception_only).
SkStr *sk_format_exception_only(SkVM *vm, SkValue exc) SK_RAISES;

#endif
