// vm/exec/vm_cache.h -- the inline caches of LOAD_GLOBAL, LOAD_ATTR,
// STORE_ATTR and LOAD_METHOD. vm.c checks a slot inline (the hit path);
// on a miss it calls the sk_cache_* function, which does the generic
// lookup and refills the slot when the result may be reused safely.
// Slots live in code->caches (calloc'd on first use, freed with the code).
#ifndef SK_VM_EXEC_VM_CACHE_H
#define SK_VM_EXEC_VM_CACHE_H
#include "vm/classes/class.h"
#include "vm/core/state.h"
#include "vm/objects/code.h"
#include <stdlib.h>

// One inline-cache slot (code->caches[n], n from the word after the op).
//   LOAD_GLOBAL: a = dict holding the name, b = the frame's globals, i =
//                entry index, n = globals' (len << 32 | nentries) for a
//                builtins hit (any insertion into globals changes it).
//   LOAD_ATTR/STORE_ATTR: a = class (instances) or module dict, i = entry
//                index in the instance/module dict, n = vm->class_epoch.
//   LOAD_METHOD: a = class, v = the function found, n = class_epoch.
typedef struct SkCache {
    void *a;
    void *b;
    int64_t i;
    uint64_t n;
    SkValue v;
} SkCache;

SK_INLINE SkCache *code_caches(SkCode *code) {
    if (SK_UNLIKELY(!code->caches) && code->ncaches)
        code->caches = calloc(code->ncaches, sizeof(SkCache));
    return code->caches;
}

// The value of entry i of d if its key is exactly the interned `name`.
SK_INLINE bool entry_is(SkDict *d, int64_t i, SkStr *name) {
    return d && (uint64_t)i < d->nentries && d->entries[i].key.tag == SK_T_OBJ &&
           d->entries[i].key.as.o == (SkObj *)name;
}

// type(v) without a call for the kinds whose class is fixed.
SK_INLINE SkClass *sk_cache_class(SkVM *vm, SkValue v) {
    if (SK_IS_OBJ(v)) {
        switch (SK_AS_OBJ(v)->kind) {
        case SK_STR: return vm->t.str;
        case SK_LIST: return vm->t.list;
        case SK_DICT: return vm->t.dict;
        case SK_TUPLE: return vm->t.tuple;
        case SK_CHANNEL: // ch.send/receive: the hot path of tasklet programs
            if (vm->t.channel) return vm->t.channel;
            break;
        case SK_TASKLET:
            if (vm->t.tasklet) return vm->t.tasklet;
            break;
        default: break;
        }
    }
    return sk_class_of(vm, v);
}

// Misses. c may be NULL (no cache memory): the lookup still happens.
// globals then builtins; NameError when absent.
SkValue sk_cache_load_global(SkVM *vm, SkCache *c, SkDict *globals, SkStr *name) SK_RAISES;
// LOAD_ATTR: SK_ERR with no exception pending means "run c->v, a
// property's Skein getter, as a frame" (vm/exec/vm.c).
SkValue sk_cache_load_attr(SkVM *vm, SkCache *c, SkValue obj, SkStr *name) SK_RAISES;
bool sk_cache_store_attr(SkVM *vm, SkCache *c, SkValue obj, SkStr *name, SkValue v) SK_RAISES;
// LOAD_METHOD: out[0], out[1] = [function, obj] for a plain method found on
// the class, else [UNDEF, the attribute].
bool sk_cache_load_method(SkVM *vm, SkCache *c, SkValue obj, SkStr *name, SkValue *out) SK_RAISES;

#endif
