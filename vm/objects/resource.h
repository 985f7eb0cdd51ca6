// vm/objects/resource.h -- resource objects (kind SK_RESOURCE): a heap object that
// owns something outside the heap (a socket, a child process, a pipe).
// Each kind of resource describes itself once with an SkResourceType; the
// GC marks and frees through it, and the object's class (set by whoever
// makes it) holds the methods. A handle's resource is released when it is
// closed or, failing that, when it becomes garbage or the VM is freed.
#ifndef SK_VM_OBJECTS_RESOURCE_H
#define SK_VM_OBJECTS_RESOURCE_H
#include "vm/core/state.h"

typedef struct SkResource SkResource;

typedef struct SkResourceType {
    const char *name; // for messages: "socket"
    size_t size;      // bytes of the concrete struct, which starts with SkResource
    // Mark the values the handle holds (may be NULL).
    void (*mark)(SkVM *vm, SkResource *h);
    // Release the resource (close the fd, kill and reap the child...).
    // Called once, from the sweep or VM teardown; must not allocate.
    void (*free)(SkVM *vm, SkResource *h);
} SkResourceType;

struct SkResource {
    SkObj obj;
    const SkResourceType *type;
    SkClass *cls; // the Skein-visible class
};

// A new zeroed handle of `type` whose class is cls.
SkResource *sk_resource_new(SkVM *vm, const SkResourceType *type, SkClass *cls) SK_RAISES;
// h as a handle of `type`, or NULL (no exception) when v is anything else.
SkResource *sk_resource_of(SkValue v, const SkResourceType *type);

// GC hooks (vm/core/gc.c).
size_t sk_resource_size(SkResource *h);
void sk_resource_mark(SkVM *vm, SkResource *h);
void sk_resource_free(SkVM *vm, SkResource *h);

#endif
