// stdlib/stdlib.h -- everything the standard library exports to the one
// place in vm/ that opens it (vm/api.c): the builtins, the table of modules
// written in C, and (stdlib/embedded.h) the table of modules written in
// Skein. No other file of vm/ includes a stdlib/ header; a host that wants
// a smaller VM can leave entries out of what it opens.
#ifndef SK_STDLIB_STDLIB_H
#define SK_STDLIB_STDLIB_H
#include "stdlib/embedded.h"
#include "vm/exec/import.h"

// One built-in module written in C: `import name` runs init on a fresh module.
typedef struct SkStdlibModule {
    const char *name;
    SkModuleInit init;
} SkStdlibModule;

// sys, math, time, random, os, json, stackless, _socket, _subprocess,
// signal; ended
// by {NULL, NULL}.
extern const SkStdlibModule sk_stdlib_modules[];

// Fill vm->builtins with every builtin function, built-in class and
// exception class (stdlib/builtins.c). Errors are left pending.
void sk_init_builtins(SkVM *vm);

#endif
