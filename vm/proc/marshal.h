// vm/proc/marshal.h -- the binary form values take to cross between processes
// (vm/proc/marshal.c): versioned, compact, keeping shared and cyclic
// references, and safe to load from a hostile source.
#ifndef SK_VM_PROC_MARSHAL_H
#define SK_VM_PROC_MARSHAL_H
#include "vm/core/state.h"

#define SK_MARSHAL_VERSION 1

// The bytes of v, or NULL with the exception pending: TypeError "cannot
// send <type> to a process" for what cannot cross (functions, classes,
// modules, files, sockets, tasklets, channels, generators...).
SkBytes *sk_marshal_dumps(SkVM *vm, SkValue v) SK_RAISES;
// The value data[0..len) holds, or SK_ERR with ValueError pending for a bad,
// truncated or hostile input (lengths are checked against what remains, so
// no input makes it allocate much more than its own size).
SkValue sk_marshal_loads(SkVM *vm, const uint8_t *data, size_t len) SK_RAISES;

#endif
