// vm/core/gc.h -- allocation and the precise mark-and-sweep collector.
//
// Rooting rule (mruby's "arena"): every object sk_gc_alloc() returns is
// also pushed on vm->arena, and the arena is a GC root. C code may
// therefore hold any number of fresh objects in C variables without
// registering them. The dispatch loop resets the arena (to the length it
// had when that loop level started) at instruction boundaries where all
// live values are on the stack: backward jumps, calls and returns. A C
// function that loops creating garbage may call sk_arena_save/restore
// itself. Objects reachable only from a C variable that were allocated
// *before* the current loop level started are not protected: use
// sk_gc_push_root/sk_gc_pop_root for those (rare).
//
// Roots: the arena, the temp roots, vm->builtins/modules/names/classes,
// every tasklet's stack (up to its sp) and frames, pending exceptions.
#ifndef SK_VM_CORE_GC_H
#define SK_VM_CORE_GC_H
#include "vm/core/state.h"

// Allocate `size` zeroed bytes as an object of `kind`. May collect first.
// On out-of-memory: tries a full collection, then returns NULL with
// MemoryError pending.
void *sk_gc_alloc(SkVM *vm, SkKind kind, size_t size) SK_RAISES;
// malloc/realloc/free for memory owned by objects (list items, dict
// tables), counted toward the next collection. sk_gc_realloc(vm, p, old, 0)
// frees. Returns NULL on failure (with MemoryError pending when new > 0).
void *sk_gc_realloc(SkVM *vm, void *p, size_t old_size, size_t new_size) SK_RAISES;
void sk_gc_collect(SkVM *vm);
void sk_gc_free_all(SkVM *vm); // at VM teardown

void sk_gc_mark_value(SkVM *vm, SkValue v);
void sk_gc_mark_obj(SkVM *vm, SkObj *o);

SK_INLINE size_t sk_arena_save(SkVM *vm) { return vm->arena_len; }
SK_INLINE void sk_arena_restore(SkVM *vm, size_t n) { vm->arena_len = n; }
void sk_gc_push_root(SkVM *vm, SkValue v);
void sk_gc_pop_root(SkVM *vm);

#endif
