// vm/embed/slots.c -- values across the embedding boundary (include/skein.h):
// slot windows, putting and reading values, containers, globals,
// attributes and calls. Every function that may allocate or run Skein
// code saves the GC arena and restores it on the way out: what it made is
// kept by the slot it went into, so a host looping over these calls does
// not grow the arena.
#include "vm/embed/slots.h"
#include "vm/classes/class.h"
#include "vm/classes/error.h"
#include "vm/core/gc.h"
#include "vm/exec/call.h"
#include "vm/exec/import.h"
#include "vm/objects/bigint.h"
#include "vm/objects/bytes.h"
#include "vm/objects/dict.h"
#include "vm/objects/iter.h"
#include "vm/objects/list.h"
#include "vm/objects/module.h"
#include "vm/objects/str.h"
#include "vm/objects/tuple.h"
#include "vm/ops/compare.h"
#include "vm/ops/dunder.h"
#include "vm/ops/item.h"
#include "vm/ops/repr.h"

#include <stdio.h>
#include <string.h>

// ---------------------------------------------------------------- windows

bool sk_slots_reserve(SkVM *vm, int top) {
    SkHost *h = vm->host;
    if (top <= h->cap) return true;
    int cap = h->cap;
    while (cap < top) cap *= 2;
    SkValue *s = sk_mem_realloc(vm, h->slots, (size_t)cap * sizeof(SkValue));
    if (!s) return false;
    for (int i = h->cap; i < cap; i++) s[i] = SK_NONE;
    h->slots = s;
    h->cap = cap;
    return true;
}

int sk_slot_count(SkVM *vm) { return vm && vm->host ? vm->host->count : 0; }

SkStatus sk_ensure_slots(SkVM *vm, int n) {
    if (!vm) return SK_ERR_API;
    SkHost *h = vm->host;
    if (n < 0 || n > (1 << 24)) return sk_host_api_error(vm, "cannot have %d slots", n);
    if (n <= h->count) return SK_OK;
    if (!sk_slots_reserve(vm, h->base + n)) {
        sk_host_set_error(vm, "MemoryError", "out of memory", "MemoryError\n");
        return SK_ERR_MEMORY;
    }
    for (int i = h->base + h->count; i < h->base + n; i++) h->slots[i] = SK_NONE;
    h->count = n;
    return SK_OK;
}

// A failed internal call: the pending exception becomes the host's error.
static SkStatus failed(SkVM *vm, size_t arena) {
    SkStatus st = sk_host_escaped(vm);
    sk_arena_restore(vm, arena);
    return st;
}

// Put v into slot i (already checked) and end the call.
static SkStatus put(SkVM *vm, int i, SkValue v, size_t arena) {
    if (SK_IS_ERR(v)) return failed(vm, arena);
    *sk_host_slot(vm, i) = v;
    sk_arena_restore(vm, arena);
    return SK_OK;
}

// A read function's failure: raised and handed to the host at once (so a
// C function that returns the status re-raises it in the script).
static SkStatus type_error(SkVM *vm, int slot, const char *want) {
    SkValue *v = sk_host_slot(vm, slot);
    SkClass *c = sk_class_of(vm, *v);
    sk_raise(vm, vm->exc.TypeError, "expected %s, got %s", want,
             c && c->name ? c->name->data : "object");
    return sk_host_escaped(vm);
}

#define CHECK_VM()                                                                                 \
    if (!vm) return SK_ERR_API
#define SLOT(var, i)                                                                               \
    SkValue *var = sk_host_slot(vm, i);                                                            \
    if (!var) return SK_ERR_API

// ---------------------------------------------------------------- types

SkType sk_slot_type(SkVM *vm, int slot) {
    if (!vm || slot < 0 || slot >= vm->host->count) return SK_TYPE_NONE;
    SkValue v = vm->host->slots[vm->host->base + slot];
    if (SK_IS_NONE(v)) return SK_TYPE_NONE;
    if (SK_IS_BOOL(v)) return SK_TYPE_BOOL;
    if (SK_IS_INT(v) || SK_IS_KIND(v, SK_BIGINT)) return SK_TYPE_INT;
    if (SK_IS_FLOAT(v)) return SK_TYPE_FLOAT;
    if (SK_IS_STR(v)) return SK_TYPE_STR;
    if (SK_IS_KIND(v, SK_BYTES) || SK_IS_KIND(v, SK_BYTEARRAY)) return SK_TYPE_BYTES;
    if (SK_IS_LIST(v)) return SK_TYPE_LIST;
    if (SK_IS_TUPLE(v)) return SK_TYPE_TUPLE;
    if (SK_IS_KIND(v, SK_DICT)) return SK_TYPE_DICT;
    return SK_TYPE_OTHER;
}

const char *sk_slot_type_name(SkVM *vm, int slot) {
    if (!vm || slot < 0 || slot >= vm->host->count) return "";
    SkClass *c = sk_class_of(vm, vm->host->slots[vm->host->base + slot]);
    return c && c->name ? c->name->data : "";
}

SkStatus sk_copy_slot(SkVM *vm, int dst, int src) {
    CHECK_VM();
    SLOT(s, src);
    SLOT(d, dst);
    *d = *s;
    return SK_OK;
}

// ---------------------------------------------------------------- putting

// A value that needs no allocation into slot i.
static SkStatus set_immediate(SkVM *vm, int i, SkValue v) {
    CHECK_VM();
    SLOT(p, i);
    *p = v;
    return SK_OK;
}

SkStatus sk_set_none(SkVM *vm, int slot) { return set_immediate(vm, slot, SK_NONE); }
SkStatus sk_set_bool(SkVM *vm, int slot, int value) {
    return set_immediate(vm, slot, sk_bool(value != 0));
}
SkStatus sk_set_int(SkVM *vm, int slot, int64_t value) {
    return set_immediate(vm, slot, sk_int(value));
}
SkStatus sk_set_float(SkVM *vm, int slot, double value) {
    return set_immediate(vm, slot, sk_float(value));
}

SkStatus sk_set_str(SkVM *vm, int slot, const char *text, size_t len) {
    CHECK_VM();
    SLOT(v, slot);
    (void)v;
    if (!text && len) return sk_host_api_error(vm, "sk_set_str: NULL text");
    if (!sk_utf8_valid(text ? text : "", len, NULL))
        return sk_host_api_error(vm, "sk_set_str: the text is not valid UTF-8");
    size_t arena = sk_arena_save(vm);
    SkStr *s = sk_str_new(vm, text ? text : "", len);
    return put(vm, slot, s ? sk_obj(s) : SK_ERR, arena);
}

SkStatus sk_set_bytes(SkVM *vm, int slot, const void *data, size_t len) {
    CHECK_VM();
    SLOT(v, slot);
    (void)v;
    if (!data && len) return sk_host_api_error(vm, "sk_set_bytes: NULL data");
    size_t arena = sk_arena_save(vm);
    SkBytes *b = sk_bytes_new(vm, data ? data : (const void *)"", len);
    return put(vm, slot, b ? sk_obj(b) : SK_ERR, arena);
}

// A new empty list or dict into slot i.
static SkStatus set_new(SkVM *vm, int i, bool dict) {
    CHECK_VM();
    SLOT(v, i);
    (void)v;
    size_t arena = sk_arena_save(vm);
    SkObj *o = dict ? (SkObj *)sk_dict_new(vm) : (SkObj *)sk_list_new(vm, 0);
    return put(vm, i, o ? sk_obj(o) : SK_ERR, arena);
}

SkStatus sk_set_new_list(SkVM *vm, int slot) { return set_new(vm, slot, false); }
SkStatus sk_set_new_dict(SkVM *vm, int slot) { return set_new(vm, slot, true); }

SkStatus sk_set_new_tuple(SkVM *vm, int slot, int first, int n) {
    CHECK_VM();
    SLOT(v, slot);
    (void)v;
    if (n < 0 || (n > 0 && (first < 0 || first + n > vm->host->count)))
        return sk_host_api_error(vm, "sk_set_new_tuple: slots %d..%d out of range (%d slots)",
                                 first, first + n - 1, vm->host->count);
    size_t arena = sk_arena_save(vm);
    SkTuple *t = sk_tuple_new(vm, (size_t)n);
    if (!t) return failed(vm, arena);
    for (int i = 0; i < n; i++) t->items[i] = vm->host->slots[vm->host->base + first + i];
    return put(vm, slot, sk_obj(t), arena);
}

// ---------------------------------------------------------------- reading

SkStatus sk_get_bool(SkVM *vm, int slot, int *out) {
    CHECK_VM();
    SLOT(v, slot);
    if (!out) return sk_host_api_error(vm, "sk_get_bool: NULL out");
    size_t arena = sk_arena_save(vm);
    sk_host_begin(vm);
    int r = sk_truthy(vm, *v);
    sk_host_end(vm);
    if (r < 0) return failed(vm, arena);
    *out = r;
    sk_arena_restore(vm, arena);
    return SK_OK;
}

SkStatus sk_get_int(SkVM *vm, int slot, int64_t *out) {
    CHECK_VM();
    SLOT(v, slot);
    if (!out) return sk_host_api_error(vm, "sk_get_int: NULL out");
    if (SK_IS_INT(*v) || SK_IS_BOOL(*v)) {
        *out = SK_AS_INT(*v);
        return SK_OK;
    }
    if (SK_IS_KIND(*v, SK_BIGINT)) {
        sk_raise(vm, vm->exc.OverflowError, "int too large to convert to int64_t");
        return sk_host_escaped(vm);
    }
    return type_error(vm, slot, "int");
}

SkStatus sk_get_float(SkVM *vm, int slot, double *out) {
    CHECK_VM();
    SLOT(v, slot);
    if (!out) return sk_host_api_error(vm, "sk_get_float: NULL out");
    if (SK_IS_FLOAT(*v)) {
        *out = SK_AS_FLOAT(*v);
        return SK_OK;
    }
    if (SK_IS_INT(*v) || SK_IS_BOOL(*v) || SK_IS_KIND(*v, SK_BIGINT)) {
        size_t arena = sk_arena_save(vm);
        if (!sk_int_to_double(vm, *v, out)) return failed(vm, arena);
        return SK_OK;
    }
    return type_error(vm, slot, "float");
}

SkStatus sk_get_str(SkVM *vm, int slot, const char **text, size_t *len) {
    CHECK_VM();
    SLOT(v, slot);
    if (!text) return sk_host_api_error(vm, "sk_get_str: NULL text");
    if (!SK_IS_STR(*v)) return type_error(vm, slot, "str");
    *text = SK_AS_STR(*v)->data;
    if (len) *len = SK_AS_STR(*v)->len;
    return SK_OK;
}

SkStatus sk_get_bytes(SkVM *vm, int slot, const char **data, size_t *len) {
    CHECK_VM();
    SLOT(v, slot);
    if (!data) return sk_host_api_error(vm, "sk_get_bytes: NULL data");
    if (SK_IS_KIND(*v, SK_BYTES)) {
        *data = (const char *)SK_AS_BYTES(*v)->data;
        if (len) *len = SK_AS_BYTES(*v)->len;
        return SK_OK;
    }
    if (SK_IS_KIND(*v, SK_BYTEARRAY)) {
        SkByteArray *b = (SkByteArray *)SK_AS_OBJ(*v);
        *data = b->data ? (const char *)b->data : "";
        if (len) *len = b->len;
        return SK_OK;
    }
    return type_error(vm, slot, "bytes");
}

static SkStatus convert(SkVM *vm, int slot, int dst, bool repr) {
    CHECK_VM();
    SLOT(v, slot);
    SLOT(d, dst);
    (void)d;
    size_t arena = sk_arena_save(vm);
    sk_host_begin(vm);
    SkStr *s = repr ? sk_repr(vm, *v) : sk_str_of(vm, *v);
    sk_host_end(vm);
    return put(vm, dst, s ? sk_obj(s) : SK_ERR, arena);
}

SkStatus sk_to_str(SkVM *vm, int slot, int dst) { return convert(vm, slot, dst, false); }
SkStatus sk_to_repr(SkVM *vm, int slot, int dst) { return convert(vm, slot, dst, true); }

// ---------------------------------------------------------------- containers

SkStatus sk_get_len(SkVM *vm, int slot, size_t *out) {
    CHECK_VM();
    SLOT(v, slot);
    if (!out) return sk_host_api_error(vm, "sk_get_len: NULL out");
    size_t arena = sk_arena_save(vm);
    int64_t n;
    sk_host_begin(vm);
    bool ok = sk_len(vm, *v, &n);
    sk_host_end(vm);
    if (!ok) return failed(vm, arena);
    *out = (size_t)n;
    sk_arena_restore(vm, arena);
    return SK_OK;
}

// container[key] with key a value; the result to dst.
static SkStatus get_item(SkVM *vm, int container, SkValue key, int dst) {
    SLOT(c, container);
    SLOT(d, dst);
    (void)d;
    size_t arena = sk_arena_save(vm);
    sk_host_begin(vm);
    SkValue r = sk_getitem(vm, *c, key);
    sk_host_end(vm);
    return put(vm, dst, r, arena);
}

static SkStatus set_item(SkVM *vm, int container, SkValue key, SkValue value) {
    SLOT(c, container);
    size_t arena = sk_arena_save(vm);
    sk_host_begin(vm);
    bool ok = sk_setitem(vm, *c, key, value);
    sk_host_end(vm);
    if (!ok) return failed(vm, arena);
    sk_arena_restore(vm, arena);
    return SK_OK;
}

SkStatus sk_get_item(SkVM *vm, int container, int key, int dst) {
    CHECK_VM();
    SLOT(k, key);
    return get_item(vm, container, *k, dst);
}

SkStatus sk_set_item(SkVM *vm, int container, int key, int value) {
    CHECK_VM();
    SLOT(k, key);
    SLOT(v, value);
    return set_item(vm, container, *k, *v);
}

SkStatus sk_get_index(SkVM *vm, int container, int64_t index, int dst) {
    CHECK_VM();
    return get_item(vm, container, sk_int(index), dst);
}

// A str key made from C text (rooted by the arena the caller saved).
static SkValue text_key(SkVM *vm, const char *key) {
    SkStr *s = sk_str_cstr(vm, key);
    return s ? sk_obj(s) : SK_ERR;
}

SkStatus sk_get_key(SkVM *vm, int container, const char *key, int dst) {
    CHECK_VM();
    if (!key) return sk_host_api_error(vm, "sk_get_key: NULL key");
    size_t arena = sk_arena_save(vm);
    SkValue k = text_key(vm, key);
    if (SK_IS_ERR(k)) return failed(vm, arena);
    SkStatus st = get_item(vm, container, k, dst);
    sk_arena_restore(vm, arena);
    return st;
}

SkStatus sk_set_key(SkVM *vm, int container, const char *key, int value) {
    CHECK_VM();
    if (!key) return sk_host_api_error(vm, "sk_set_key: NULL key");
    SLOT(v, value);
    size_t arena = sk_arena_save(vm);
    SkValue k = text_key(vm, key);
    if (SK_IS_ERR(k)) return failed(vm, arena);
    SkStatus st = set_item(vm, container, k, *v);
    sk_arena_restore(vm, arena);
    return st;
}

SkStatus sk_append(SkVM *vm, int list, int value) {
    CHECK_VM();
    SLOT(l, list);
    SLOT(v, value);
    size_t arena = sk_arena_save(vm);
    if (SK_IS_LIST(*l)) {
        if (!sk_list_append(vm, SK_AS_LIST(*l), *v)) return failed(vm, arena);
        sk_arena_restore(vm, arena);
        return SK_OK;
    }
    SkStr *name = sk_str_intern_cstr(vm, "append");
    if (!name) return failed(vm, arena);
    sk_host_begin(vm);
    SkValue m = sk_getattr(vm, *l, name);
    SkValue r = SK_IS_ERR(m) ? SK_ERR : sk_invoke(vm, m, v, 1, NULL);
    sk_host_end(vm);
    if (SK_IS_ERR(r)) return failed(vm, arena);
    sk_arena_restore(vm, arena);
    return SK_OK;
}

SkStatus sk_get_iter(SkVM *vm, int slot, int dst) {
    CHECK_VM();
    SLOT(v, slot);
    SLOT(d, dst);
    (void)d;
    size_t arena = sk_arena_save(vm);
    sk_host_begin(vm);
    SkValue it = sk_iter(vm, *v);
    sk_host_end(vm);
    return put(vm, dst, it, arena);
}

SkStatus sk_iter_next(SkVM *vm, int iter, int dst, int *done) {
    CHECK_VM();
    SLOT(it, iter);
    SLOT(d, dst);
    (void)d;
    if (!done) return sk_host_api_error(vm, "sk_iter_next: NULL done");
    size_t arena = sk_arena_save(vm);
    sk_host_begin(vm);
    SkValue r = sk_next(vm, *it);
    sk_host_end(vm);
    if (SK_IS_UNDEF(r) && !sk_has_exc(vm)) {
        *done = 1;
        sk_arena_restore(vm, arena);
        return SK_OK;
    }
    *done = 0;
    return put(vm, dst, r, arena);
}

// ---------------------------------------------------------------- names

SkModule *sk_slots_module(SkVM *vm, const char *module) {
    if (!module || strcmp(module, "__main__") == 0) return sk_host_main(vm);
    SkStr *name = sk_str_intern_cstr(vm, module);
    if (!name) return NULL;
    SkValue m = sk_import_name(vm, name);
    if (SK_IS_ERR(m)) return NULL;
    if (!SK_IS_KIND(m, SK_MODULE)) {
        sk_raise(vm, vm->exc.TypeError, "'%s' is not a module", module);
        return NULL;
    }
    return SK_AS_MODULE(m);
}

SkStatus sk_get_global(SkVM *vm, const char *module, const char *name, int dst) {
    CHECK_VM();
    SLOT(d, dst);
    (void)d;
    if (!name) return sk_host_api_error(vm, "sk_get_global: NULL name");
    size_t arena = sk_arena_save(vm);
    sk_host_begin(vm);
    SkModule *m = sk_slots_module(vm, module);
    sk_host_end(vm);
    SkStr *n = m ? sk_str_intern_cstr(vm, name) : NULL;
    if (!n) return failed(vm, arena);
    SkValue v = sk_dict_get_str(m->dict, n);
    if (SK_IS_UNDEF(v)) {
        if (!module || strcmp(module, "__main__") == 0)
            sk_raise(vm, vm->exc.NameError, "name '%s' is not defined", name);
        else
            sk_raise(vm, vm->exc.AttributeError, "module '%s' has no attribute '%s'", module, name);
        return failed(vm, arena);
    }
    return put(vm, dst, v, arena);
}

SkStatus sk_set_global(SkVM *vm, const char *module, const char *name, int src) {
    CHECK_VM();
    SLOT(v, src);
    if (!name) return sk_host_api_error(vm, "sk_set_global: NULL name");
    size_t arena = sk_arena_save(vm);
    sk_host_begin(vm);
    SkModule *m = sk_slots_module(vm, module);
    sk_host_end(vm);
    SkStr *n = m ? sk_str_intern_cstr(vm, name) : NULL;
    if (!n || !sk_dict_set_str(vm, m->dict, n, *v)) return failed(vm, arena);
    vm->class_epoch++; // a global may shadow a cached builtin lookup
    sk_arena_restore(vm, arena);
    return SK_OK;
}

SkStatus sk_import(SkVM *vm, const char *module, int dst) {
    CHECK_VM();
    SLOT(d, dst);
    (void)d;
    if (!module) return sk_host_api_error(vm, "sk_import: NULL module name");
    size_t arena = sk_arena_save(vm);
    SkStr *n = sk_str_intern_cstr(vm, module);
    if (!n) return failed(vm, arena);
    sk_host_begin(vm);
    SkValue m = sk_import_name(vm, n);
    sk_host_end(vm);
    return put(vm, dst, m, arena);
}

SkStatus sk_get_attr(SkVM *vm, int obj, const char *name, int dst) {
    CHECK_VM();
    SLOT(o, obj);
    SLOT(d, dst);
    (void)d;
    if (!name) return sk_host_api_error(vm, "sk_get_attr: NULL name");
    size_t arena = sk_arena_save(vm);
    SkStr *n = sk_str_intern_cstr(vm, name);
    if (!n) return failed(vm, arena);
    sk_host_begin(vm);
    SkValue r = sk_getattr(vm, *o, n);
    sk_host_end(vm);
    return put(vm, dst, r, arena);
}

SkStatus sk_set_attr(SkVM *vm, int obj, const char *name, int value) {
    CHECK_VM();
    SLOT(o, obj);
    SLOT(v, value);
    if (!name) return sk_host_api_error(vm, "sk_set_attr: NULL name");
    size_t arena = sk_arena_save(vm);
    SkStr *n = sk_str_intern_cstr(vm, name);
    if (!n) return failed(vm, arena);
    sk_host_begin(vm);
    bool ok = sk_setattr(vm, *o, n, *v);
    sk_host_end(vm);
    if (!ok) return failed(vm, arena);
    sk_arena_restore(vm, arena);
    return SK_OK;
}

// ---------------------------------------------------------------- calls

// Call f with the nargs values of slots first.. and the kwargs dict (or
// none); the result to dst.
static SkStatus call_with(SkVM *vm, SkValue f, int first, int nargs, int kwargs, int dst,
                          size_t arena) {
    SkHost *h = vm->host;
    if (!sk_host_may_run(vm, "sk_call")) {
        sk_arena_restore(vm, arena);
        return SK_ERR_API;
    }
    SkDict *kw = NULL;
    if (kwargs >= 0) {
        SkValue *k = sk_host_slot(vm, kwargs);
        if (!k) return SK_ERR_API;
        if (!SK_IS_KIND(*k, SK_DICT))
            return sk_host_api_error(vm, "the keyword arguments (slot %d) must be a dict", kwargs);
        kw = SK_AS_DICT(*k);
    }
    size_t nkw = kw ? kw->len : 0;
    SkList *args = sk_list_new(vm, (size_t)nargs + nkw); // rooted by the arena
    SkTuple *names = nkw ? sk_tuple_new(vm, nkw) : NULL;
    if (!args || (nkw && !names)) return failed(vm, arena);
    for (int i = 0; i < nargs; i++) args->items[i] = h->slots[h->base + first + i];
    args->len = (size_t)nargs;
    size_t j = 0;
    SkValue k, v;
    for (size_t i = 0; kw && sk_dict_next(kw, &i, &k, &v);) {
        if (!SK_IS_STR(k)) return sk_host_api_error(vm, "keyword argument names must be str");
        names->items[j++] = k;
        args->items[args->len++] = v;
    }
    sk_host_begin(vm);
    SkValue r = sk_invoke(vm, f, args->items, (int)args->len, names);
    sk_host_end(vm);
    return put(vm, dst, r, arena);
}

SkStatus sk_call(SkVM *vm, int fn, int nargs, int kwargs, int dst) {
    CHECK_VM();
    SLOT(f, fn);
    SLOT(d, dst);
    (void)d;
    if (nargs < 0 || fn + nargs >= vm->host->count)
        return sk_host_api_error(vm, "sk_call: arguments in slots %d..%d out of range (%d slots)",
                                 fn + 1, fn + nargs, vm->host->count);
    size_t arena = sk_arena_save(vm);
    return call_with(vm, *f, fn + 1, nargs, kwargs, dst, arena);
}

SkStatus sk_call_method(SkVM *vm, int obj, const char *name, int nargs, int kwargs, int dst) {
    CHECK_VM();
    SLOT(o, obj);
    SLOT(d, dst);
    (void)d;
    if (!name) return sk_host_api_error(vm, "sk_call_method: NULL name");
    if (nargs < 0 || obj + nargs >= vm->host->count)
        return sk_host_api_error(
            vm, "sk_call_method: arguments in slots %d..%d out of range (%d slots)", obj + 1,
            obj + nargs, vm->host->count);
    size_t arena = sk_arena_save(vm);
    SkStr *n = sk_str_intern_cstr(vm, name);
    if (!n) return failed(vm, arena);
    sk_host_begin(vm);
    SkValue m = sk_getattr(vm, *o, n);
    sk_host_end(vm);
    if (SK_IS_ERR(m)) return failed(vm, arena);
    sk_gc_push_root(vm, m);
    SkStatus st = call_with(vm, m, obj + 1, nargs, kwargs, dst, arena);
    sk_gc_pop_root(vm);
    return st;
}
