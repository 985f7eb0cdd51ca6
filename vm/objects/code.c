// vm/objects/code.c -- code objects (vm/objects/code.h): allocation and the line lookup
// tracebacks use. The compiler (parser/compile.c) fills the fields; the
// GC (vm/core/gc.c) marks them and frees the malloc'd arrays they own.
#include "vm/objects/code.h"
#include "vm/core/gc.h"
#include <string.h>

SkCode *sk_code_new(SkVM *vm) {
    SkCode *c = sk_gc_alloc(vm, SK_CODE, sizeof(SkCode));
    if (!c) return NULL;
    c->doc = SK_NONE;
    return c;
}

uint32_t sk_code_line(const SkCode *code, uint32_t i) {
    if (!code || !code->lines || code->ncode == 0) return 0;
    if (i >= code->ncode) i = code->ncode - 1;
    return code->lines[i];
}

bool sk_code_is_internal(const SkCode *code) {
    return code->filename && code->filename->len == 11 &&
           memcmp(code->filename->data, "<stackless>", 11) == 0;
}
