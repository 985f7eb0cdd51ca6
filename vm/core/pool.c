// vm/core/pool.c -- size-class free lists for GC objects (see vm/core/pool.h).
//
// Block sizes are multiples of 16 bytes up to POOL_MAX_BLOCK, prefix
// included; a request that does not fit in the largest class goes to
// calloc with class 0 in its prefix. The pool hangs off vm->pool
// (allocated on first use), so several VMs never share state.
#include "vm/core/pool.h"
#include "vm/exec/import.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SANITIZE_ADDRESS__)
#define POOL_DISABLED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define POOL_DISABLED 1
#endif
#endif

#define POOL_GRAIN 16
#define POOL_MAX_BLOCK 512
#define POOL_NCLASSES (POOL_MAX_BLOCK / POOL_GRAIN + 1) // class 0 = malloc
#define POOL_CHUNK ((size_t)64 * 1024)
#define PREFIX 8 // keeps objects 8-aligned, like SkValue needs

typedef struct FreeBlock {
    struct FreeBlock *next;
} FreeBlock;

typedef struct Chunk {
    struct Chunk *next;
    uint64_t pad; // the first block starts 16-aligned
} Chunk;

typedef struct SkPool SkPool;

struct SkPool {
    FreeBlock *free[POOL_NCLASSES]; // free blocks, pointing at the prefix
    char *bump, *bump_end;          // the unused tail of the newest chunk
    Chunk *chunks;                  // every chunk, for sk_pool_destroy
};

static void *large_alloc(SkVM *vm, size_t size) {
    uint64_t *b = sk_mem_calloc(vm, 1, PREFIX + size);
    if (!b) return NULL;
    b[0] = 0;
    return (char *)b + PREFIX;
}

#ifndef POOL_DISABLED
// A new chunk becomes the bump region; the old tail, if any, is put on
// its free list so no block is lost.
static bool refill(SkVM *vm, SkPool *pool) {
    Chunk *c = sk_mem_alloc(vm, POOL_CHUNK); // first: on failure the pool is untouched
    if (!c) return false;
    size_t tail = (size_t)(pool->bump_end - pool->bump);
    if (tail >= POOL_GRAIN) {
        size_t cls = tail / POOL_GRAIN;
        FreeBlock *f = (FreeBlock *)pool->bump;
        f->next = pool->free[cls];
        pool->free[cls] = f;
    }
    c->next = pool->chunks;
    pool->chunks = c;
    pool->bump = (char *)(c + 1);
    pool->bump_end = (char *)c + POOL_CHUNK;
    return true;
}
#endif

void *sk_pool_alloc(SkVM *vm, size_t size) {
#ifdef POOL_DISABLED
    return large_alloc(vm, size);
#else
    size_t cls = (size + PREFIX + POOL_GRAIN - 1) / POOL_GRAIN;
    if (cls >= POOL_NCLASSES) return large_alloc(vm, size);
    SkPool *pool = vm->pool;
    if (SK_UNLIKELY(!pool)) {
        pool = vm->pool = sk_mem_calloc(vm, 1, sizeof(SkPool));
        if (!pool) return NULL;
    }
    uint64_t *b = (uint64_t *)pool->free[cls];
    if (b) {
        pool->free[cls] = ((FreeBlock *)b)->next;
    } else {
        size_t bytes = cls * POOL_GRAIN;
        if ((size_t)(pool->bump_end - pool->bump) < bytes && !refill(vm, pool)) return NULL;
        b = (uint64_t *)pool->bump;
        pool->bump += bytes;
    }
    b[0] = cls;
    void *p = b + 1;
    memset(p, 0, size);
    return p;
#endif
}

void sk_pool_free(SkVM *vm, void *p) {
    if (!p) return;
    uint64_t *b = (uint64_t *)((char *)p - PREFIX);
    size_t cls = (size_t)b[0];
    if (cls == 0) {
        sk_mem_free(vm, b);
        return;
    }
#ifdef POOL_DISABLED
    (void)vm;
#else
    FreeBlock *f = (FreeBlock *)b;
    f->next = vm->pool->free[cls];
    vm->pool->free[cls] = f;
#endif
}

void sk_pool_destroy(SkVM *vm) {
    SkPool *pool = vm->pool;
    if (!pool) return;
    for (Chunk *c = pool->chunks, *next; c; c = next) {
        next = c->next;
        sk_mem_free(vm, c);
    }
    sk_mem_free(vm, pool);
    vm->pool = NULL;
}
