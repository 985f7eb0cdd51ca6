// vm/objects/handle.c -- handle objects: heap objects owning an outside
// resource, described by an SkHandleType (vm/objects/handle.h).
#include "vm/objects/handle.h"
#include "vm/core/gc.h"

SkHandle *sk_handle_new(SkVM *vm, const SkHandleType *type, SkClass *cls) {
    SkHandle *h = sk_gc_alloc(vm, SK_HANDLE, type->size);
    if (!h) return NULL;
    h->type = type;
    h->cls = cls;
    return h;
}

SkHandle *sk_handle_of(SkValue v, const SkHandleType *type) {
    if (!SK_IS_KIND(v, SK_HANDLE)) return NULL;
    SkHandle *h = (SkHandle *)SK_AS_OBJ(v);
    return h->type == type ? h : NULL;
}

size_t sk_handle_size(SkHandle *h) { return h->type ? h->type->size : sizeof(SkHandle); }

void sk_handle_mark(SkVM *vm, SkHandle *h) {
    sk_gc_mark_obj(vm, (SkObj *)h->cls);
    if (h->type && h->type->mark) h->type->mark(vm, h);
}

void sk_handle_free(SkVM *vm, SkHandle *h) {
    if (h->type && h->type->free) h->type->free(vm, h);
}
