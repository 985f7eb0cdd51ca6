// vm/core/pool.h -- the small-object allocator behind sk_gc_alloc (vm/core/pool.c).
//
// Interpreters allocate and free huge numbers of small objects (strings,
// tuples, lists, instances); glibc's malloc spends more instructions on
// them than the rest of an allocation. The pool hands out blocks from
// per-size free lists carved out of 64 KB chunks. Every block carries an
// 8-byte prefix naming its size class, so sk_pool_free needs no size and
// large objects (class 0) simply go back to malloc. Chunks are returned
// only when the VM is freed; freed blocks are reused by later objects.
// ASan builds use plain calloc/free for every object so that use-after-free
// of GC objects stays visible to the sanitizer.
#ifndef SK_VM_CORE_POOL_H
#define SK_VM_CORE_POOL_H
#include <stddef.h>

typedef struct SkVM SkVM;

// `size` zeroed bytes, 8-aligned; NULL when memory is out (nothing raised).
void *sk_pool_alloc(SkVM *vm, size_t size);
// Give back a block from sk_pool_alloc (NULL is ignored).
void sk_pool_free(SkVM *vm, void *p);
// Free every chunk (VM teardown, after every object was freed).
void sk_pool_destroy(SkVM *vm);

#endif
