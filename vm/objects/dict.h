// vm/objects/dict.h -- dict objects: insertion-ordered hash tables used for user
// dicts, instance attributes, class dicts, module globals and builtins.
// Lookups with str keys take a fast path that never calls Skein code.
#ifndef SK_VM_OBJECTS_DICT_H
#define SK_VM_OBJECTS_DICT_H
#include "vm/core/state.h"

SkDict *sk_dict_new(SkVM *vm) SK_RAISES;
// General lookup: 1 found (*out set), 0 absent, -1 raised (unhashable key, __eq__ error).
int sk_dict_get(SkVM *vm, SkDict *d, SkValue key, SkValue *out) SK_RAISES;
bool sk_dict_set(SkVM *vm, SkDict *d, SkValue key, SkValue value) SK_RAISES;
// 1 deleted, 0 absent, -1 raised.
int sk_dict_del(SkVM *vm, SkDict *d, SkValue key) SK_RAISES;
// Fast paths for str keys: no Skein code runs, never raises (get).
SkValue sk_dict_get_str(SkDict *d, SkStr *key); // SK_UNDEF if absent
bool sk_dict_set_str(SkVM *vm, SkDict *d, SkStr *key, SkValue value) SK_RAISES;
bool sk_dict_set_cstr(SkVM *vm, SkDict *d, const char *key, SkValue value) SK_RAISES;
// Entry index of a str key, or -1: for inline caches (the entry may move on resize).
int64_t sk_dict_find_str(SkDict *d, SkStr *key);
bool sk_dict_update(SkVM *vm, SkDict *d, SkValue other) SK_RAISES; // dict or iterable of pairs
// d[k] = mapping[k] for each k of the iterable keys (the keys() protocol of update).
bool sk_dict_update_keys(SkVM *vm, SkDict *d, SkValue mapping, SkValue keys) SK_RAISES;
SkDict *sk_dict_copy(SkVM *vm, SkDict *d) SK_RAISES;
void sk_dict_clear(SkVM *vm, SkDict *d);
// Iterate: for (size_t i = 0; sk_dict_next(d, &i, &k, &v);) ... skips deleted entries.
bool sk_dict_next(SkDict *d, size_t *i, SkValue *key, SkValue *value);

#endif
