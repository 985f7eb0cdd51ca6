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
// As sk_compile, for compile()/exec()/eval(): module-level names compile to
// LOAD_NAME/STORE_NAME (so the code runs with separate globals and locals,
// sk_run_code_in) and the source is not kept for tracebacks.
SkCode *sk_compile_dynamic(SkVM *vm, const char *src, size_t len, const char *filename,
                           SkParseMode mode) SK_RAISES;
// One interactive statement typed at the REPL, named "<stdin>": as
// sk_compile in SK_PARSE_SINGLE mode, except that input ending inside a
// block or a bracket returns NULL with *incomplete set and no exception
// (the REPL asks for another line).
SkCode *sk_compile_interactive(SkVM *vm, const char *src, size_t len, bool *incomplete) SK_RAISES;

#endif
