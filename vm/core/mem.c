// vm/core/mem.c -- the VM's allocator (vm/core/mem.h): a thin layer over
// the host's realloc-style function, kept in vm->alloc_fn.
#include "vm/core/mem.h"
#include "vm/core/state.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void *sk_mem_libc(void *ptr, size_t size, void *user) {
    (void)user;
    if (size == 0) {
        free(ptr);
        return NULL;
    }
    return realloc(ptr, size);
}

void *sk_mem_alloc(SkVM *vm, size_t size) {
    return vm->alloc_fn(NULL, size ? size : 1, vm->alloc_data);
}

void *sk_mem_calloc(SkVM *vm, size_t n, size_t size) {
    if (size && n > SIZE_MAX / size) return NULL;
    void *p = sk_mem_alloc(vm, n * size);
    if (p) memset(p, 0, n * size);
    return p;
}

void *sk_mem_realloc(SkVM *vm, void *p, size_t size) {
    return vm->alloc_fn(p, size, vm->alloc_data);
}

void sk_mem_free(SkVM *vm, void *p) {
    if (p) vm->alloc_fn(p, 0, vm->alloc_data);
}
