// vm/objects/dict.c -- dict objects, laid out like CPython's compact dict: an
// index array (power-of-two size, open addressing with perturbation)
// whose slots hold positions in a dense, insertion-ordered entries
// array. Deletion leaves a hole (key SK_UNDEF) that the next resize
// compacts, so iteration order is insertion order.
//
// Memory owned by a dict (for the GC's sweep): index is (mask + 1) *
// sizeof(int64_t) bytes and entries is cap * sizeof(SkDictEntry) bytes,
// both from sk_gc_realloc; a fresh dict has neither (index NULL, mask 0,
// cap 0) until its first insertion.
//
// Str keys take a fast path (sk_dict_get_str) that never runs Skein code:
// pointer compare, then hash and bytes. That serves globals, attributes
// and keyword arguments.
#include "vm/objects/dict.h"
#include "vm/classes/class.h"
#include "vm/classes/error.h"
#include "vm/core/gc.h"
#include "vm/exec/call.h"
#include "vm/exec/import.h"
#include "vm/objects/iter.h"
#include "vm/objects/list.h"
#include "vm/objects/str.h"
#include "vm/ops/compare.h"
#include "vm/ops/item.h"

#define IX_EMPTY (-1)
#define IX_DUMMY (-2)
#define PERTURB_SHIFT 5
#define MIN_INDEX 8

SkDict *sk_dict_new(SkVM *vm) { return sk_gc_alloc(vm, SK_DICT, sizeof(SkDict)); }

// Usable entries for an index of `size` slots: 2/3 load, as CPython.
static size_t usable(size_t size) { return (size << 1) / 3; }

// Rebuild with an index of `size` slots, compacting away deleted entries.
static bool resize(SkVM *vm, SkDict *d, size_t size) {
    size_t ncap = usable(size);
    int64_t *index = sk_gc_realloc(vm, NULL, 0, size * sizeof(int64_t));
    if (!index) return false;
    SkDictEntry *entries = sk_gc_realloc(vm, NULL, 0, ncap * sizeof(SkDictEntry));
    if (!entries) {
        sk_gc_realloc(vm, index, size * sizeof(int64_t), 0);
        return false;
    }
    memset(index, 0xff, size * sizeof(int64_t)); // all IX_EMPTY
    size_t mask = size - 1, n = 0;
    for (size_t i = 0; i < d->nentries; i++) {
        SkDictEntry *e = &d->entries[i];
        if (SK_IS_UNDEF(e->key)) continue;
        entries[n] = *e;
        size_t perturb = (size_t)e->hash, j = (size_t)e->hash & mask;
        while (index[j] != IX_EMPTY) {
            perturb >>= PERTURB_SHIFT;
            j = (j * 5 + perturb + 1) & mask;
        }
        index[j] = (int64_t)n++;
    }
    if (d->index) sk_gc_realloc(vm, d->index, (d->mask + 1) * sizeof(int64_t), 0);
    if (d->entries) sk_gc_realloc(vm, d->entries, d->cap * sizeof(SkDictEntry), 0);
    d->index = index;
    d->entries = entries;
    d->mask = mask;
    d->cap = ncap;
    d->nentries = n;
    d->len = n;
    return true;
}

static bool grow(SkVM *vm, SkDict *d) {
    // Size for 3x the live entries (CPython's GROWTH_RATE), at least MIN_INDEX.
    size_t size = MIN_INDEX;
    while (size < d->len * 3) size <<= 1;
    return resize(vm, d, size);
}

// Find the index slot for key: the entry number (>= 0) if present, else
// -1 with *slot set to where to insert. -2 if an exception was raised.
static int64_t lookup(SkVM *vm, SkDict *d, SkValue key, uint64_t hash, size_t *slot) {
restart:
    if (!d->index) {
        *slot = 0;
        return -1;
    }
    size_t mask = d->mask, perturb = (size_t)hash, j = (size_t)hash & mask;
    size_t freeslot = SIZE_MAX;
    for (;;) {
        int64_t ix = d->index[j];
        if (ix == IX_EMPTY) {
            *slot = freeslot != SIZE_MAX ? freeslot : j;
            return -1;
        }
        if (ix == IX_DUMMY) {
            if (freeslot == SIZE_MAX) freeslot = j;
        } else {
            SkDictEntry *e = &d->entries[ix];
            if (e->hash == hash) {
                SkValue k = e->key;
                if (sk_identical(k, key)) return ix;
                if (SK_IS_STR(k) && SK_IS_STR(key)) {
                    if (sk_str_eq(SK_AS_STR(k), SK_AS_STR(key))) return ix;
                } else {
                    SkDictEntry *entries = d->entries;
                    int64_t *index = d->index;
                    int eq = sk_eq(vm, k, key);
                    if (eq < 0) return -2;
                    // User __eq__ may have changed the dict: start again.
                    if (entries != d->entries || index != d->index || d->entries[ix].hash != hash)
                        goto restart;
                    if (eq) return ix;
                }
            }
        }
        perturb >>= PERTURB_SHIFT;
        j = (j * 5 + perturb + 1) & mask;
    }
}

int sk_dict_get(SkVM *vm, SkDict *d, SkValue key, SkValue *out) {
    if (SK_IS_STR(key)) {
        SkValue v = sk_dict_get_str(d, SK_AS_STR(key));
        if (SK_IS_UNDEF(v)) return 0;
        *out = v;
        return 1;
    }
    if (d->len == 0) {
        uint64_t h;
        return sk_hash(vm, key, &h) ? 0 : -1; // unhashable keys still raise
    }
    uint64_t h;
    if (!sk_hash(vm, key, &h)) return -1;
    size_t slot;
    int64_t ix = lookup(vm, d, key, h, &slot);
    if (ix == -2) return -1;
    if (ix < 0) return 0;
    *out = d->entries[ix].value;
    return 1;
}

static bool insert(SkVM *vm, SkDict *d, SkValue key, uint64_t h, SkValue value) {
    size_t slot;
    int64_t ix = lookup(vm, d, key, h, &slot);
    if (ix == -2) return false;
    if (ix >= 0) {
        d->entries[ix].value = value;
        return true;
    }
    if (!d->index || d->nentries >= d->cap) {
        if (!grow(vm, d)) return false;
        ix = lookup(vm, d, key, h, &slot); // cannot call Skein code: key is absent
        if (ix == -2) return false;
    }
    SkDictEntry *e = &d->entries[d->nentries];
    e->key = key;
    e->value = value;
    e->hash = h;
    d->index[slot] = (int64_t)d->nentries++;
    d->len++;
    return true;
}

bool sk_dict_set(SkVM *vm, SkDict *d, SkValue key, SkValue value) {
    uint64_t h;
    if (!sk_hash(vm, key, &h)) return false;
    return insert(vm, d, key, h, value);
}

int sk_dict_del(SkVM *vm, SkDict *d, SkValue key) {
    uint64_t h;
    if (!sk_hash(vm, key, &h)) return -1;
    if (d->len == 0) return 0;
    size_t slot;
    int64_t ix = lookup(vm, d, key, h, &slot);
    if (ix == -2) return -1;
    if (ix < 0) return 0;
    // Find the index slot holding ix and mark it deleted.
    size_t mask = d->mask, perturb = (size_t)h, j = (size_t)h & mask;
    while (d->index[j] != ix) {
        perturb >>= PERTURB_SHIFT;
        j = (j * 5 + perturb + 1) & mask;
    }
    d->index[j] = IX_DUMMY;
    d->entries[ix].key = SK_UNDEF;
    d->entries[ix].value = SK_UNDEF;
    d->len--;
    if (d->len == 0) {
        // An emptied dict restarts its entries from the front.
        memset(d->index, 0xff, (d->mask + 1) * sizeof(int64_t));
        d->nentries = 0;
    }
    return 1;
}

SkValue sk_dict_get_str(SkDict *d, SkStr *key) {
    int64_t ix = sk_dict_find_str(d, key);
    return ix >= 0 ? d->entries[ix].value : SK_UNDEF;
}

int64_t sk_dict_find_str(SkDict *d, SkStr *key) {
    if (!d->index) return -1;
    uint64_t h = sk_str_hash(key);
    size_t mask = d->mask, perturb = (size_t)h, j = (size_t)h & mask;
    for (;;) {
        int64_t ix = d->index[j];
        if (ix == IX_EMPTY) return -1;
        if (ix >= 0) {
            SkDictEntry *e = &d->entries[ix];
            if (SK_IS_OBJ(e->key) && (SkStr *)e->key.as.o == key) return ix;
            if (e->hash == h && SK_IS_STR(e->key)) {
                SkStr *k = SK_AS_STR(e->key);
                if (k->len == key->len && memcmp(k->data, key->data, k->len) == 0) return ix;
            }
        }
        perturb >>= PERTURB_SHIFT;
        j = (j * 5 + perturb + 1) & mask;
    }
}

bool sk_dict_set_str(SkVM *vm, SkDict *d, SkStr *key, SkValue value) {
    int64_t ix = sk_dict_find_str(d, key);
    if (ix >= 0) {
        d->entries[ix].value = value;
        return true;
    }
    return insert(vm, d, sk_obj(key), sk_str_hash(key), value);
}

bool sk_dict_set_cstr(SkVM *vm, SkDict *d, const char *key, SkValue value) {
    SkStr *k = sk_str_intern_cstr(vm, key);
    return k && sk_dict_set_str(vm, d, k, value);
}

bool sk_dict_next(SkDict *d, size_t *i, SkValue *key, SkValue *value) {
    while (*i < d->nentries) {
        SkDictEntry *e = &d->entries[(*i)++];
        if (SK_IS_UNDEF(e->key)) continue;
        if (key) *key = e->key;
        if (value) *value = e->value;
        return true;
    }
    return false;
}

static bool merge_dict(SkVM *vm, SkDict *d, SkDict *o) {
    if (o == d) return true;
    for (size_t i = 0; i < o->nentries; i++) {
        SkDictEntry e = o->entries[i];
        if (SK_IS_UNDEF(e.key)) continue;
        if (!insert(vm, d, e.key, e.hash, e.value)) return false;
        if (i >= o->nentries) break;
    }
    return true;
}

bool sk_dict_update_keys(SkVM *vm, SkDict *d, SkValue mapping, SkValue keys) {
    SkValue it = sk_iter(vm, keys);
    if (SK_IS_ERR(it)) return false;
    for (;;) {
        SkValue k = sk_next(vm, it);
        if (SK_IS_UNDEF(k)) return !sk_has_exc(vm);
        SkValue v = sk_getitem(vm, mapping, k);
        if (SK_IS_ERR(v) || !sk_dict_set(vm, d, k, v)) return false;
    }
}

bool sk_dict_update(SkVM *vm, SkDict *d, SkValue other) {
    SkValue src = other;
    if (SK_IS_KIND(src, SK_INSTANCE) && SK_IS_DICT(SK_AS_INSTANCE(src)->base))
        src = SK_AS_INSTANCE(src)->base;
    if (SK_IS_DICT(src)) return merge_dict(vm, d, SK_AS_DICT(src));
    // A mapping with keys(): d[k] = other[k].
    if (!SK_IS_LIST(src) && !SK_IS_TUPLE(src)) {
        SkValue keys = sk_getattr_opt(vm, other, sk_str_intern_cstr(vm, "keys"));
        if (SK_IS_UNDEF(keys) && sk_has_exc(vm)) return false;
        if (!SK_IS_UNDEF(keys)) {
            SkValue ks = sk_invoke(vm, keys, NULL, 0, NULL);
            return !SK_IS_ERR(ks) && sk_dict_update_keys(vm, d, other, ks);
        }
    }
    SkValue it = sk_iter(vm, other);
    if (SK_IS_ERR(it)) return false;
    for (size_t n = 0;; n++) {
        SkValue item = sk_next(vm, it);
        if (SK_IS_UNDEF(item)) return !sk_has_exc(vm);
        SkValue k, v;
        if (SK_IS_TUPLE(item) && SK_AS_TUPLE(item)->len == 2) {
            k = SK_AS_TUPLE(item)->items[0];
            v = SK_AS_TUPLE(item)->items[1];
        } else if (SK_IS_LIST(item) && SK_AS_LIST(item)->len == 2) {
            k = SK_AS_LIST(item)->items[0];
            v = SK_AS_LIST(item)->items[1];
        } else {
            SkList *pair = sk_list_of(vm, item);
            if (!pair) {
                if (sk_exc_matches(vm, vm->exc.TypeError)) {
                    sk_clear_exc(vm);
                    sk_raise(vm, vm->exc.TypeError,
                             "cannot convert dictionary update sequence element #%zu to a sequence",
                             n);
                }
                return false;
            }
            if (pair->len != 2) {
                sk_raise(vm, vm->exc.ValueError,
                         "dictionary update sequence element #%zu has length %zu; 2 is required", n,
                         pair->len);
                return false;
            }
            k = pair->items[0];
            v = pair->items[1];
        }
        if (!sk_dict_set(vm, d, k, v)) return false;
    }
}

SkDict *sk_dict_copy(SkVM *vm, SkDict *d) {
    SkDict *c = sk_dict_new(vm);
    if (!c) return NULL;
    if (d->len == 0) return c;
    // Same index size, entries compacted: no hashing or comparing needed.
    if (!resize(vm, c, d->mask + 1)) return NULL;
    size_t mask = c->mask, n = 0;
    for (size_t i = 0; i < d->nentries; i++) {
        SkDictEntry *e = &d->entries[i];
        if (SK_IS_UNDEF(e->key)) continue;
        c->entries[n] = *e;
        size_t perturb = (size_t)e->hash, j = (size_t)e->hash & mask;
        while (c->index[j] != IX_EMPTY) {
            perturb >>= PERTURB_SHIFT;
            j = (j * 5 + perturb + 1) & mask;
        }
        c->index[j] = (int64_t)n++;
    }
    c->nentries = c->len = n;
    return c;
}

void sk_dict_clear(SkVM *vm, SkDict *d) {
    if (d->index) sk_gc_realloc(vm, d->index, (d->mask + 1) * sizeof(int64_t), 0);
    if (d->entries) sk_gc_realloc(vm, d->entries, d->cap * sizeof(SkDictEntry), 0);
    d->index = NULL;
    d->entries = NULL;
    d->mask = 0;
    d->cap = d->nentries = d->len = 0;
}
