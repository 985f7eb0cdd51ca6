// vm/embed/slots.h -- values across the embedding boundary: the slot
// functions of include/skein.h (vm/embed/slots.c) and what the rest of the
// embedding layer needs from them.
#ifndef SK_VM_EMBED_SLOTS_H
#define SK_VM_EMBED_SLOTS_H
#include "vm/embed/host.h"

// Make the slot array hold at least `top` values (windows included). False
// when out of memory.
bool sk_slots_reserve(SkVM *vm, int top);
// Module `module` for the name functions: __main__ when NULL, else
// imported. NULL with the exception pending.
SkModule *sk_slots_module(SkVM *vm, const char *module) SK_RAISES;

#endif
