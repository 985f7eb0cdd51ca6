// stdlib/embedded.h -- the standard modules written in Skein (stdlib/*.sk),
// compiled into the binary as byte arrays by cmake/EmbedStdlib.cmake. The
// opener (vm/api.c) hands the table to the importer (vm/exec/import.c).
#ifndef SK_STDLIB_EMBEDDED_H
#define SK_STDLIB_EMBEDDED_H
#include "vm/exec/import.h"

// Generated table, ended by an entry whose name is NULL.
extern const SkEmbeddedModule sk_embedded_modules[];

#endif
