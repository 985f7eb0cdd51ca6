// vm/exec/import.h -- the module system beyond vm/core/state.h's sk_import: sys.path
// set-up for a script, `from m import x` (which may import a submodule),
// and the C modules that vm/exec/import.c registers at start-up.
#ifndef SK_VM_EXEC_IMPORT_H
#define SK_VM_EXEC_IMPORT_H
#include "vm/core/state.h"

// Put the folder holding script_path first on sys.path (CPython's
// sys.path[0]); NULL or "" puts "" (the current folder), as for -c and the
// REPL. Call before running the script.
bool sk_import_set_script(SkVM *vm, const char *script_path) SK_RAISES;

// IMPORT_FROM: module.name, else the submodule module.name imported from
// a package, else ImportError "cannot import name 'x' from 'm' (path)".
SkValue sk_import_from(SkVM *vm, SkValue module, SkStr *name) SK_RAISES;

// A module written in Skein, embedded into the binary by the build
// (cmake/EmbedStdlib.cmake makes the table stdlib/embedded.h declares).
// import tries vm->embedded_modules after every sys.path entry.
typedef struct SkEmbeddedModule {
    const char *name;   // "string" for stdlib/string.sk
    const char *source; // the file's bytes, NUL-terminated
    size_t len;
} SkEmbeddedModule;

#endif
