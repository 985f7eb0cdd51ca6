// vm/objects/resource.c -- resource objects: heap objects owning an outside
// resource, described by an SkResourceType (vm/objects/resource.h).
#include "vm/objects/resource.h"
#include "vm/core/gc.h"

SkResource *sk_resource_new(SkVM *vm, const SkResourceType *type, SkClass *cls) {
    SkResource *h = sk_gc_alloc(vm, SK_RESOURCE, type->size);
    if (!h) return NULL;
    h->type = type;
    h->cls = cls;
    return h;
}

SkResource *sk_resource_of(SkValue v, const SkResourceType *type) {
    if (!SK_IS_KIND(v, SK_RESOURCE)) return NULL;
    SkResource *h = (SkResource *)SK_AS_OBJ(v);
    return h->type == type ? h : NULL;
}

size_t sk_resource_size(SkResource *h) { return h->type ? h->type->size : sizeof(SkResource); }

void sk_resource_mark(SkVM *vm, SkResource *h) {
    sk_gc_mark_obj(vm, (SkObj *)h->cls);
    if (h->type && h->type->mark) h->type->mark(vm, h);
}

void sk_resource_free(SkVM *vm, SkResource *h) {
    if (h->type && h->type->free) h->type->free(vm, h);
}
