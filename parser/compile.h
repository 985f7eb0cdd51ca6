// parser/compile.h -- syntax tree to code objects: scopes (local, global,
// nonlocal, cells), constant folding, and bytecode emission (vm/exec/opcodes.h).
#ifndef SK_PARSER_COMPILE_H
#define SK_PARSER_COMPILE_H
#include "parser/parse.h"
#include "vm/core/state.h"

// Parse and compile src as `filename`. Returns the module's (or the
// expression's, in EVAL mode) code object, or NULL with SyntaxError
// (IndentationError, TabError) pending; the exception carries filename,
// lineno, offset and text for the traceback printer. The source is also
// registered for tracebacks (sk_register_source).
SkCode *sk_compile(SkVM *vm, const char *src, size_t len, const char *filename,
                   SkParseMode mode) SK_RAISES;

#endif
