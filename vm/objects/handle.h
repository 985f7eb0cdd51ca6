// vm/objects/handle.h -- handle objects (kind SK_HANDLE): a heap object that
// owns something outside the heap (a socket, a child process, a pipe).
// Each kind of resource describes itself once with an SkHandleType; the
// GC marks and frees through it, and the object's class (set by whoever
// makes it) holds the methods. A handle's resource is released when it is
// closed or, failing that, when it becomes garbage or the VM is freed.
#ifndef SK_VM_OBJECTS_HANDLE_H
#define SK_VM_OBJECTS_HANDLE_H
#include "vm/core/state.h"

typedef struct SkHandle SkHandle;

typedef struct SkHandleType {
    const char *name; // for messages: "socket"
    size_t size;      // bytes of the concrete struct, which starts with SkHandle
    // Mark the values the handle holds (may be NULL).
    void (*mark)(SkVM *vm, SkHandle *h);
    // Release the resource (close the fd, kill and reap the child...).
    // Called once, from the sweep or VM teardown; must not allocate.
    void (*free)(SkVM *vm, SkHandle *h);
} SkHandleType;

struct SkHandle {
    SkObj obj;
    const SkHandleType *type;
    SkClass *cls; // the Skein-visible class
};

// A new zeroed handle of `type` whose class is cls.
SkHandle *sk_handle_new(SkVM *vm, const SkHandleType *type, SkClass *cls) SK_RAISES;
// h as a handle of `type`, or NULL (no exception) when v is anything else.
SkHandle *sk_handle_of(SkValue v, const SkHandleType *type);

// GC hooks (vm/core/gc.c).
size_t sk_handle_size(SkHandle *h);
void sk_handle_mark(SkVM *vm, SkHandle *h);
void sk_handle_free(SkVM *vm, SkHandle *h);

#endif
