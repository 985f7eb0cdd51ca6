// stdlib/embedded.h -- the standard modules written in Skein (stdlib/*.sk),
// compiled into the binary as byte arrays by cmake/EmbedStdlib.cmake, and
// the importer hook that finds them after every sys.path entry.
#ifndef SK_STDLIB_EMBEDDED_H
#define SK_STDLIB_EMBEDDED_H
#include <stddef.h>

typedef struct SkEmbeddedModule {
    const char *name;   // "string" for stdlib/string.sk
    const char *source; // the file's bytes, NUL-terminated
    size_t len;
} SkEmbeddedModule;

// Generated table, ended by an entry whose name is NULL.
extern const SkEmbeddedModule sk_embedded_modules[];

#endif
