// vm/exec/import.h -- the module system (vm/exec/import.c): `import m` through
// sys.modules, the registry of modules written in C, .sk files on sys.path
// and the Skein-written library embedded in the binary; sys.path set-up for
// a script; `from m import x`.
#ifndef SK_VM_EXEC_IMPORT_H
#define SK_VM_EXEC_IMPORT_H
#include "vm/core/state.h"

// Fills a fresh module m (`import name` for a module written in C); false
// with the exception pending.
typedef bool (*SkModuleInit)(SkVM *vm, SkModule *m);

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

// import name (dotted): the cached module from sys.modules, a built-in C
// module, or a .sk file found on sys.path. ModuleNotFoundError if none.
SkValue sk_import_name(SkVM *vm, SkStr *name) SK_RAISES;

// Run the Skein source src (len bytes) as the body of a new module `name`,
// registered in sys.modules first (and removed again if the body raises);
// filename names it in tracebacks. Returns the module (or what the body
// put in sys.modules) or SK_ERR.
SkValue sk_import_source(SkVM *vm, SkStr *name, const char *src, size_t len,
                         const char *filename) SK_RAISES;

// Register a built-in module made by C code on first import.
bool sk_register_builtin_module(SkVM *vm, const char *name, SkModuleInit init) SK_RAISES;

// Create sys.modules (vm->modules), vm->builtin_modules, vm->sys_path and the
// `builtins` module entry (vm/exec/import.c); called by sk_state_new.
void sk_init_modules(SkVM *vm);

#endif
