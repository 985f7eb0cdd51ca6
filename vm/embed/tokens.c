// vm/embed/tokens.c -- handles and continuation tokens (vm/embed/tokens.h),
// and the public handle functions of include/skein.h.
#include "vm/embed/tokens.h"
#include <stdint.h>
#include <string.h>

#define IDX_BITS 24
#define GEN_BITS 20
#define IDX_MASK ((1u << IDX_BITS) - 1)
#define GEN_MASK ((1u << GEN_BITS) - 1)

SkHostEntry *sk_token_new(SkVM *vm, int kind) {
    SkHost *h = vm->host;
    uint32_t i;
    if (h->free_head) {
        i = h->free_head - 1;
        h->free_head = h->entries[i].next_free;
    } else {
        if (h->nentries >= IDX_MASK - 1) {
            sk_host_api_error(vm, "too many handles and continuations held at once");
            return NULL;
        }
        if (h->nentries == h->entries_cap) {
            uint32_t cap = h->entries_cap ? h->entries_cap * 2 : 16;
            SkHostEntry *e = sk_mem_realloc(vm, h->entries, cap * sizeof *e);
            if (!e) {
                sk_host_set_error(vm, "MemoryError", "out of memory", "MemoryError\n");
                return NULL;
            }
            h->entries = e;
            h->entries_cap = cap;
        }
        i = h->nentries++;
        h->entries[i].gen = 0;
    }
    SkHostEntry *e = &h->entries[i];
    e->kind = (uint8_t)kind;
    e->value = SK_NONE;
    e->wait = NULL;
    e->next_free = 0;
    return e;
}

void *sk_token_of(SkVM *vm, SkHostEntry *e) {
    SkHost *h = vm->host;
    uint64_t idx = (uint64_t)(e - h->entries) + 1;
    uint64_t word = ((uint64_t)h->tag << (IDX_BITS + GEN_BITS)) |
                    ((uint64_t)(e->gen & GEN_MASK) << IDX_BITS) | idx;
    return (void *)(uintptr_t)word;
}

SkHostEntry *sk_token_lookup(SkVM *vm, const void *tok, int kind, const char *what) {
    SkHost *h = vm->host;
    uint64_t word = (uint64_t)(uintptr_t)tok;
    uint32_t tag = (uint32_t)(word >> (IDX_BITS + GEN_BITS));
    uint32_t gen = (uint32_t)(word >> IDX_BITS) & GEN_MASK;
    uint64_t idx = word & IDX_MASK;
    if (!tok) {
        sk_host_api_error(vm, "NULL %s", what);
        return NULL;
    }
    if (tag != h->tag || idx == 0 || idx > h->nentries) {
        sk_host_api_error(vm, "%s %p does not belong to this VM", what, tok);
        return NULL;
    }
    SkHostEntry *e = &h->entries[idx - 1];
    if (e->kind != kind || (e->gen & GEN_MASK) != gen) {
        sk_host_api_error(vm, "%s %p was already released", what, tok);
        return NULL;
    }
    return e;
}

void sk_token_free(SkVM *vm, SkHostEntry *e) {
    SkHost *h = vm->host;
    e->kind = SK_ENTRY_FREE;
    e->value = SK_NONE;
    e->wait = NULL;
    e->gen++;
    e->next_free = h->free_head;
    h->free_head = (uint32_t)(e - h->entries) + 1;
}

// ---------------------------------------------------------------- handles

SkHandle *sk_handle_new(SkVM *vm, int slot) {
    if (!vm) return NULL;
    SkValue *v = sk_host_slot(vm, slot);
    if (!v) return NULL;
    SkHostEntry *e = sk_token_new(vm, SK_ENTRY_HANDLE);
    if (!e) return NULL;
    e->value = *v;
    return sk_token_of(vm, e);
}

SkStatus sk_handle_get(SkVM *vm, SkHandle *handle, int slot) {
    if (!vm) return SK_ERR_API;
    SkHostEntry *e = sk_token_lookup(vm, handle, SK_ENTRY_HANDLE, "handle");
    if (!e) return SK_ERR_API;
    SkValue *v = sk_host_slot(vm, slot);
    if (!v) return SK_ERR_API;
    *v = e->value;
    return SK_OK;
}

SkStatus sk_handle_release(SkVM *vm, SkHandle *handle) {
    if (!vm) return SK_ERR_API;
    SkHostEntry *e = sk_token_lookup(vm, handle, SK_ENTRY_HANDLE, "handle");
    if (!e) return SK_ERR_API;
    sk_token_free(vm, e);
    return SK_OK;
}
