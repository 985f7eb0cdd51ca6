// vm/embed/tokens.h -- the tokens the host holds (SkHandle, SkContinuation):
// not pointers but (VM tag, generation, index) packed into a pointer-sized
// word and checked on every use, so a released, stale or foreign token is
// an API error instead of a crash. Entries live in SkHost.entries.
#ifndef SK_VM_EMBED_TOKENS_H
#define SK_VM_EMBED_TOKENS_H
#include "vm/embed/host.h"

// A free entry of `kind`, or NULL when out of memory (error recorded).
SkHostEntry *sk_token_new(SkVM *vm, int kind);
// The token naming e.
void *sk_token_of(SkVM *vm, SkHostEntry *e);
// The live entry of `kind` that tok names, or NULL with an API error
// recorded (what: "handle", "continuation").
SkHostEntry *sk_token_lookup(SkVM *vm, const void *tok, int kind, const char *what);
// Free e: its tokens go stale.
void sk_token_free(SkVM *vm, SkHostEntry *e);

#endif
