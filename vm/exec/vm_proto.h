// vm/exec/vm_proto.h -- when the dispatch loop runs __eq__ (and the other rich
// comparisons), __str__ or __repr__ as a
// pushed frame rather than a nested C call, so a tasklet may block inside
// them (vm/exec/vm_proto.c).
#ifndef SK_VM_EXEC_VM_PROTO_H
#define SK_VM_EXEC_VM_PROTO_H
#include "vm/core/state.h"

// Protocol frames (vm/exec/vm_proto.c), with the loop's state saved. Each
// returns 1 when it pushed the frame (load it and run), 0 when it does not
// apply (nothing changed), -1 with an exception pending.
// A comparison `op` (an SkCmpOp) on [a b] at t->sp, a a user instance
// with a Skein method for it (__eq__, __lt__, ...): pushes [m a b] and m's
// frame (SK_FRAME_CMP, the op in its aux).
int sk_vm_proto_cmp_push(SkVM *vm, int op) SK_RAISES;
// STORE_SUBSCR on [v o k], o a user instance with a Skein __setitem__:
// pushes [m o k v] and m's frame, whose result is dropped.
int sk_vm_proto_setitem_push(SkVM *vm) SK_RAISES;
// The Skein getter of `name` on instances of cls when it is a property
// the loop may run as a frame (else SK_UNDEF); sk_cache_load_attr asks.
SkValue sk_vm_proto_getter(SkVM *vm, SkClass *cls, SkStr *name);
// LOAD_ATTR on [o] that sk_cache_load_attr resolved to a property's Skein
// getter: pushes [getter o] and the getter's frame.
int sk_vm_proto_getter_push(SkVM *vm, SkValue getter) SK_RAISES;
// A binary operator `op` (an SkBinOp; inplace for `+=`...) on [a b], a a
// user instance with a Skein method for it and nothing sk_binary would try
// first: pushes [a b m a b] and m's frame (SK_FRAME_BINOP).
int sk_vm_proto_binop_push(SkVM *vm, int op, bool inplace) SK_RAISES;
// CONTAINS_OP on [item c], c a user instance with a Skein __contains__:
// pushes [m c item] and m's frame (SK_FRAME_CONTAINS).
int sk_vm_proto_contains_push(SkVM *vm, bool negate) SK_RAISES;
// A call of print/str/repr (f = *fslot, the str class or an SkNative with
// proto set; call_ins the instruction running it): pushes [m x] above the
// operands and the frame of x's Skein __str__/__repr__ (SK_FRAME_STR_*).
int sk_vm_proto_str_push(SkVM *vm, SkValue *fslot, int nargs, SkTuple *kwnames,
                         uint32_t call_ins) SK_RAISES;

#endif
