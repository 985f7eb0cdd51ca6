// vm/core/mem.h -- the VM's allocator: every block the VM keeps (objects
// through the pool, their buffers through sk_gc_realloc, tasklet stacks,
// the VM's own tables) comes from the realloc-style function the host put
// in SkConfig (include/skein.h), or from the C library. Short-lived
// scratch buffers may use malloc directly; a block is always freed by the
// allocator it came from.
#ifndef SK_VM_CORE_MEM_H
#define SK_VM_CORE_MEM_H
#include <stddef.h>

typedef struct SkVM SkVM;
// realloc(ptr, size, user): size 0 frees and returns NULL.
typedef void *(*SkAllocFn)(void *ptr, size_t size, void *user);

// The C library's allocator in SkAllocFn form (the default).
void *sk_mem_libc(void *ptr, size_t size, void *user);
// NULL when the allocator fails (no exception is raised here).
void *sk_mem_alloc(SkVM *vm, size_t size);
void *sk_mem_calloc(SkVM *vm, size_t n, size_t size); // zeroed; NULL on overflow
void *sk_mem_realloc(SkVM *vm, void *p, size_t size); // size 0 frees
void sk_mem_free(SkVM *vm, void *p);

#endif
