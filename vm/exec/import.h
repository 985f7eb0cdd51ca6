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

// The sys module (stdlib/mod_sys.c), registered by sk_init_modules.
bool sk_mod_sys_init(SkVM *vm, SkModule *m) SK_RAISES;

// Register the other built-in modules of stdlib/ (math, time, random, os,
// json and the embedded .sk modules); stdlib/modlib.c, called by sk_init_modules.
void sk_stdlib_register_modules(SkVM *vm);

// A module written in Skein and embedded in the binary (stdlib/embedded.c),
// tried after sys.path: *found tells whether one has that name.
SkValue sk_import_embedded(SkVM *vm, SkStr *name, bool *found) SK_RAISES;

#endif
