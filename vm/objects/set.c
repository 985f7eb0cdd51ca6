// vm/objects/set.c -- set and frozenset: an open-addressing table that follows
// CPython's Objects/setobject.c step for step (linear probes of 9, then
// perturbation; fill/used accounting; resize at 3/5 fill to 4x used, or
// 2x past 50000; minimum size 8; one big resize before a merge), so a set
// of ints iterates -- and prints -- in the order CPython prints it.
//
// Table slots: empty = key SK_UNDEF (hash 0); dummy (deleted) = key None
// with hash -1, which no live key can have since every hash maps -1 to
// -2. The table is malloc'd through sk_gc_realloc, (mask + 1) *
// sizeof(SkSetEntry) bytes; every set has one from birth.
#include "vm/objects/set.h"
#include "vm/classes/error.h"
#include "vm/core/gc.h"
#include "vm/exec/import.h"
#include "vm/objects/dict.h"
#include "vm/objects/iter.h"
#include "vm/objects/str.h"
#include "vm/ops/compare.h"

#define MINSIZE 8
#define LINEAR_PROBES 9
#define PERTURB_SHIFT 5
#define DUMMY_HASH UINT64_MAX

#define IS_EMPTY(e) ((e)->key.tag == SK_T_UNDEF)
#define IS_DUMMY(e) ((e)->key.tag == SK_T_NONE && (e)->hash == DUMMY_HASH)
#define IS_ACTIVE(e) (!IS_EMPTY(e) && !IS_DUMMY(e))

SkSet *sk_set_new(SkVM *vm, bool frozen) {
    SkSet *s = sk_gc_alloc(vm, SK_SET, sizeof(SkSet));
    if (!s) return NULL;
    if (frozen) s->obj.flags |= SK_FLAG_FROZEN;
    s->table = sk_gc_realloc(vm, NULL, 0, MINSIZE * sizeof(SkSetEntry));
    if (!s->table) return NULL;
    memset(s->table, 0, MINSIZE * sizeof(SkSetEntry));
    s->mask = MINSIZE - 1;
    return s;
}

// 1 equal, 0 not, -1 raised. Hashes already match.
static int keys_equal(SkVM *vm, SkValue a, SkValue b) {
    if (sk_identical(a, b)) return 1;
    if (SK_IS_STR(a) && SK_IS_STR(b)) return sk_str_eq(SK_AS_STR(a), SK_AS_STR(b));
    return sk_eq(vm, a, b);
}

static void insert_clean(SkSetEntry *table, size_t mask, SkValue key, uint64_t hash) {
    size_t perturb = (size_t)hash, i = (size_t)hash & mask;
    for (;;) {
        SkSetEntry *e = &table[i];
        if (IS_EMPTY(e)) goto found;
        if (i + LINEAR_PROBES <= mask) {
            for (int j = 0; j < LINEAR_PROBES; j++) {
                e++;
                if (IS_EMPTY(e)) goto found;
            }
        }
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + 1 + perturb) & mask;
        continue;
    found:
        e->key = key;
        e->hash = hash;
        return;
    }
}

static bool table_resize(SkVM *vm, SkSet *s, size_t minused) {
    size_t newsize = MINSIZE;
    while (newsize <= minused) newsize <<= 1;
    SkSetEntry *nt = sk_gc_realloc(vm, NULL, 0, newsize * sizeof(SkSetEntry));
    if (!nt) return false;
    memset(nt, 0, newsize * sizeof(SkSetEntry));
    SkSetEntry *old = s->table;
    size_t oldsize = s->mask + 1;
    for (size_t i = 0; i < oldsize; i++)
        if (IS_ACTIVE(&old[i])) insert_clean(nt, newsize - 1, old[i].key, old[i].hash);
    s->fill = s->used;
    s->mask = newsize - 1;
    s->table = nt;
    sk_gc_realloc(vm, old, oldsize * sizeof(SkSetEntry), 0);
    return true;
}

// Find key: the active entry, or NULL if absent. *err set if raised.
static SkSetEntry *lookkey(SkVM *vm, SkSet *s, SkValue key, uint64_t hash, bool *err) {
    *err = false;
restart:;
    SkSetEntry *table = s->table;
    size_t mask = s->mask, perturb = (size_t)hash, i = (size_t)hash & mask;
    for (;;) {
        SkSetEntry *e = &table[i];
        size_t probes = (i + LINEAR_PROBES <= mask) ? LINEAR_PROBES : 0;
        do {
            if (IS_EMPTY(e)) return NULL;
            if (e->hash == hash && !IS_DUMMY(e)) {
                SkValue k = e->key;
                int eq = keys_equal(vm, k, key);
                if (eq < 0) {
                    *err = true;
                    return NULL;
                }
                if (table != s->table || !sk_identical(e->key, k)) goto restart;
                if (eq) return e;
            }
            e++;
        } while (probes--);
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + 1 + perturb) & mask;
    }
}

bool sk_set_add_hash(SkVM *vm, SkSet *s, SkValue key, uint64_t hash) {
restart:;
    SkSetEntry *table = s->table, *freeslot = NULL, *e;
    size_t mask = s->mask, perturb = (size_t)hash, i = (size_t)hash & mask;
    for (;;) {
        e = &table[i];
        size_t probes = (i + LINEAR_PROBES <= mask) ? LINEAR_PROBES : 0;
        do {
            if (IS_EMPTY(e)) goto found_unused_or_dummy;
            if (e->hash == hash && !IS_DUMMY(e)) {
                SkValue k = e->key;
                int eq = keys_equal(vm, k, key);
                if (eq < 0) return false;
                if (table != s->table || !sk_identical(e->key, k)) goto restart;
                if (eq) return true; // already present
            } else if (IS_DUMMY(e)) {
                freeslot = e; // the last dummy on the path, as CPython 3.11
            }
            e++;
        } while (probes--);
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + 1 + perturb) & mask;
    }
found_unused_or_dummy:
    if (freeslot) {
        s->used++;
        freeslot->key = key;
        freeslot->hash = hash;
        return true;
    }
    s->fill++;
    s->used++;
    e->key = key;
    e->hash = hash;
    if (s->fill * 5 < mask * 3) return true;
    return table_resize(vm, s, s->used > 50000 ? s->used * 2 : s->used * 4);
}

bool sk_set_add(SkVM *vm, SkSet *s, SkValue key) {
    uint64_t h;
    if (!sk_hash(vm, key, &h)) return false;
    return sk_set_add_hash(vm, s, key, h);
}

int sk_set_contains_hash(SkVM *vm, SkSet *s, SkValue key, uint64_t hash) {
    bool err;
    SkSetEntry *e = lookkey(vm, s, key, hash, &err);
    return err ? -1 : e != NULL;
}

// `x in set`: an unhashable set key is looked up as a frozenset, as CPython.
int sk_set_contains(SkVM *vm, SkSet *s, SkValue key) {
    uint64_t h;
    if (!sk_hash(vm, key, &h)) {
        if (SK_IS_KIND(key, SK_SET) && sk_exc_matches(vm, vm->exc.TypeError)) {
            sk_clear_exc(vm);
            SkSet *f = sk_set_copy(vm, SK_AS_SET(key), true);
            if (!f || !sk_hash(vm, sk_obj(f), &h)) return -1;
            return sk_set_contains_hash(vm, s, sk_obj(f), h);
        }
        return -1;
    }
    return sk_set_contains_hash(vm, s, key, h);
}

static int discard_hash(SkVM *vm, SkSet *s, SkValue key, uint64_t hash) {
    bool err;
    SkSetEntry *e = lookkey(vm, s, key, hash, &err);
    if (err) return -1;
    if (!e) return 0;
    e->key = SK_NONE;
    e->hash = DUMMY_HASH;
    s->used--;
    return 1;
}

int sk_set_discard(SkVM *vm, SkSet *s, SkValue key) {
    uint64_t h;
    if (!sk_hash(vm, key, &h)) return -1;
    return discard_hash(vm, s, key, h);
}

bool sk_set_next(SkSet *s, size_t *i, SkValue *key) {
    while (*i <= s->mask) {
        SkSetEntry *e = &s->table[(*i)++];
        if (IS_ACTIVE(e)) {
            *key = e->key;
            return true;
        }
    }
    return false;
}

void sk_set_clear(SkVM *vm, SkSet *s) {
    if (s->mask + 1 != MINSIZE) {
        SkSetEntry *nt = sk_gc_realloc(vm, NULL, 0, MINSIZE * sizeof(SkSetEntry));
        if (nt) {
            sk_gc_realloc(vm, s->table, (s->mask + 1) * sizeof(SkSetEntry), 0);
            s->table = nt;
            s->mask = MINSIZE - 1;
        } else {
            sk_clear_exc(vm); // keep the big table; clearing it still works
        }
    }
    memset(s->table, 0, (s->mask + 1) * sizeof(SkSetEntry));
    s->fill = s->used = 0;
    s->finger = 0;
}

SkValue sk_set_pop(SkVM *vm, SkSet *s) {
    if (s->used == 0) return sk_raise(vm, vm->exc.KeyError, "pop from an empty set");
    size_t i = s->finger & s->mask;
    while (!IS_ACTIVE(&s->table[i])) i = (i + 1) & s->mask;
    SkValue key = s->table[i].key;
    s->table[i].key = SK_NONE;
    s->table[i].hash = DUMMY_HASH;
    s->used--;
    s->finger = i + 1;
    return key;
}

// CPython's set_merge: one big resize, then straight copies when possible.
static bool merge(SkVM *vm, SkSet *s, SkSet *o) {
    if (o == s || o->used == 0) return true;
    if ((s->fill + o->used) * 5 >= s->mask * 3 && !table_resize(vm, s, (s->used + o->used) * 2))
        return false;
    if (s->fill == 0 && s->mask == o->mask && o->fill == o->used) {
        for (size_t i = 0; i <= o->mask; i++)
            if (!IS_EMPTY(&o->table[i])) s->table[i] = o->table[i];
        s->fill = o->fill;
        s->used = o->used;
        return true;
    }
    if (s->fill == 0) {
        s->fill = s->used = o->used;
        for (size_t i = 0; i <= o->mask; i++)
            if (IS_ACTIVE(&o->table[i]))
                insert_clean(s->table, s->mask, o->table[i].key, o->table[i].hash);
        return true;
    }
    for (size_t i = 0; i <= o->mask; i++) {
        SkSetEntry e = o->table[i];
        if (IS_ACTIVE(&e) && !sk_set_add_hash(vm, s, e.key, e.hash)) return false;
    }
    return true;
}

static SkValue unwrap(SkValue v) {
    if (SK_IS_KIND(v, SK_INSTANCE) && !SK_IS_UNDEF(SK_AS_INSTANCE(v)->base))
        return SK_AS_INSTANCE(v)->base;
    return v;
}

bool sk_set_update(SkVM *vm, SkSet *s, SkValue iterable) {
    SkValue src = unwrap(iterable);
    if (SK_IS_KIND(src, SK_SET)) return merge(vm, s, SK_AS_SET(src));
    if (SK_IS_DICT(src)) {
        SkDict *d = SK_AS_DICT(src);
        if ((s->fill + d->len) * 5 >= s->mask * 3 && !table_resize(vm, s, (s->used + d->len) * 2))
            return false;
        SkValue k;
        for (size_t i = 0; sk_dict_next(d, &i, &k, NULL);)
            if (!sk_set_add_hash(vm, s, k, d->entries[i - 1].hash)) return false;
        return true;
    }
    if (SK_IS_LIST(src) || SK_IS_TUPLE(src)) {
        for (size_t i = 0;; i++) {
            size_t n = SK_IS_LIST(src) ? SK_AS_LIST(src)->len : SK_AS_TUPLE(src)->len;
            if (i >= n) return true;
            SkValue v = SK_IS_LIST(src) ? SK_AS_LIST(src)->items[i] : SK_AS_TUPLE(src)->items[i];
            if (!sk_set_add(vm, s, v)) return false;
        }
    }
    SkValue it = sk_iter(vm, iterable);
    if (SK_IS_ERR(it)) return false;
    for (;;) {
        SkValue v = sk_next(vm, it);
        if (SK_IS_UNDEF(v)) return !sk_has_exc(vm);
        if (!sk_set_add(vm, s, v)) return false;
    }
}

SkSet *sk_set_copy(SkVM *vm, SkSet *s, bool frozen) {
    SkSet *c = sk_set_new(vm, frozen);
    if (!c || !merge(vm, c, s)) return NULL;
    return c;
}

static bool frozen_of(SkSet *a) { return (a->obj.flags & SK_FLAG_FROZEN) != 0; }

// A set view of `other`: itself if a set, else a fresh set of its items.
static SkSet *as_set(SkVM *vm, SkValue other) {
    SkValue src = unwrap(other);
    if (SK_IS_KIND(src, SK_SET)) return SK_AS_SET(src);
    SkSet *t = sk_set_new(vm, false);
    if (!t || !sk_set_update(vm, t, other)) return NULL;
    return t;
}

SkSet *sk_set_union(SkVM *vm, SkSet *a, SkValue other) {
    SkSet *r = sk_set_copy(vm, a, frozen_of(a));
    if (!r || !sk_set_update(vm, r, other)) return NULL;
    return r;
}

SkSet *sk_set_intersection(SkVM *vm, SkSet *a, SkValue other) {
    SkSet *r = sk_set_new(vm, frozen_of(a));
    if (!r) return NULL;
    SkValue src = unwrap(other);
    if (SK_IS_KIND(src, SK_SET)) {
        SkSet *so = a, *o = SK_AS_SET(src);
        if (o == so) return sk_set_copy(vm, a, frozen_of(a));
        if (o->used > so->used) {
            SkSet *t = so;
            so = o;
            o = t;
        }
        for (size_t i = 0; i <= o->mask; i++) {
            SkSetEntry e = o->table[i];
            if (!IS_ACTIVE(&e)) continue;
            int c = sk_set_contains_hash(vm, so, e.key, e.hash);
            if (c < 0 || (c && !sk_set_add_hash(vm, r, e.key, e.hash))) return NULL;
        }
        return r;
    }
    SkValue it = sk_iter(vm, other);
    if (SK_IS_ERR(it)) return NULL;
    for (;;) {
        SkValue v = sk_next(vm, it);
        if (SK_IS_UNDEF(v)) return sk_has_exc(vm) ? NULL : r;
        uint64_t h;
        if (!sk_hash(vm, v, &h)) return NULL;
        int c = sk_set_contains_hash(vm, a, v, h);
        if (c < 0 || (c && !sk_set_add_hash(vm, r, v, h))) return NULL;
    }
}

bool sk_set_difference_update(SkVM *vm, SkSet *s, SkValue other) {
    SkValue src = unwrap(other);
    if (SK_IS_KIND(src, SK_SET)) {
        SkSet *o = SK_AS_SET(src);
        if (o == s) {
            sk_set_clear(vm, s);
            return true;
        }
        if ((o->used >> 3) > s->used) {
            o = sk_set_intersection(vm, s, src);
            if (!o) return false;
        }
        for (size_t i = 0; i <= o->mask; i++) {
            SkSetEntry e = o->table[i];
            if (IS_ACTIVE(&e) && discard_hash(vm, s, e.key, e.hash) < 0) return false;
        }
    } else {
        SkValue it = sk_iter(vm, other);
        if (SK_IS_ERR(it)) return false;
        for (;;) {
            SkValue v = sk_next(vm, it);
            if (SK_IS_UNDEF(v)) {
                if (sk_has_exc(vm)) return false;
                break;
            }
            if (sk_set_discard(vm, s, v) < 0) return false;
        }
    }
    // More than a quarter dummies: resize them away.
    if (s->fill - s->used <= s->mask / 4) return true;
    return table_resize(vm, s, s->used > 50000 ? s->used * 2 : s->used * 4);
}

SkSet *sk_set_difference(SkVM *vm, SkSet *a, SkValue other) {
    SkValue src = unwrap(other);
    size_t other_size;
    if (SK_IS_KIND(src, SK_SET))
        other_size = SK_AS_SET(src)->used;
    else if (SK_IS_DICT(src))
        other_size = SK_AS_DICT(src)->len;
    else
        other_size = SIZE_MAX;
    if (other_size == SIZE_MAX || (a->used >> 2) > other_size) {
        SkSet *r = sk_set_copy(vm, a, frozen_of(a));
        if (!r || !sk_set_difference_update(vm, r, other)) return NULL;
        return r;
    }
    SkSet *r = sk_set_new(vm, frozen_of(a));
    if (!r) return NULL;
    for (size_t i = 0; i <= a->mask; i++) {
        SkSetEntry e = a->table[i];
        if (!IS_ACTIVE(&e)) continue;
        int c;
        if (SK_IS_DICT(src)) {
            SkValue dummy;
            c = sk_dict_get(vm, SK_AS_DICT(src), e.key, &dummy);
        } else {
            c = sk_set_contains_hash(vm, SK_AS_SET(src), e.key, e.hash);
        }
        if (c < 0 || (!c && !sk_set_add_hash(vm, r, e.key, e.hash))) return NULL;
    }
    return r;
}

bool sk_set_symmetric_difference_update(SkVM *vm, SkSet *s, SkValue other) {
    SkValue src = unwrap(other);
    if (SK_IS_KIND(src, SK_SET) && SK_AS_SET(src) == s) {
        sk_set_clear(vm, s);
        return true;
    }
    SkSet *o = as_set(vm, other);
    if (!o) return false;
    for (size_t i = 0; i <= o->mask; i++) {
        SkSetEntry e = o->table[i];
        if (!IS_ACTIVE(&e)) continue;
        int r = discard_hash(vm, s, e.key, e.hash);
        if (r < 0) return false;
        if (r == 0 && !sk_set_add_hash(vm, s, e.key, e.hash)) return false;
    }
    return true;
}

SkSet *sk_set_symmetric_difference(SkVM *vm, SkSet *a, SkValue other) {
    SkSet *r = sk_set_new(vm, frozen_of(a));
    if (!r || !sk_set_update(vm, r, other)) return NULL;
    if (!sk_set_symmetric_difference_update(vm, r, sk_obj(a))) return NULL;
    return r;
}

bool sk_set_intersection_update(SkVM *vm, SkSet *s, SkValue other) {
    SkSet *r = sk_set_intersection(vm, s, other);
    if (!r) return false;
    // Take over r's table; r keeps s's old one and is garbage.
    SkSetEntry *t = s->table;
    size_t m = s->mask;
    s->table = r->table;
    s->mask = r->mask;
    s->fill = r->fill;
    s->used = r->used;
    r->table = t;
    r->mask = m;
    return true;
}

int sk_set_issubset(SkVM *vm, SkSet *a, SkSet *b) {
    if (a->used > b->used) return 0;
    for (size_t i = 0; i <= a->mask; i++) {
        SkSetEntry e = a->table[i];
        if (!IS_ACTIVE(&e)) continue;
        int c = sk_set_contains_hash(vm, b, e.key, e.hash);
        if (c <= 0) return c;
    }
    return 1;
}
