// vm/vm_proto.c -- the checks that decide when the dispatch loop (vm/vm.c)
// runs a protocol method as a pushed frame instead of through a nested C
// call (DESIGN.md §3): __eq__ for COMPARE_EQ and __str__/__repr__ for
// print(), str() and repr(). A pushed frame lets a tasklet block inside the
// method. These only decide; vm.c pushes the frame and, when it returns,
// finishes the operation (the SK_FRAME_EQ / SK_FRAME_STR_* flags).
#include "vm/vm.h"
#include "vm/vm_helpers.h"
#include "vm/methods.h"
#include "vm/opcodes.h"

// m when it is a plain Skein function (generators excluded: calling one
// makes a generator, not a frame), else SK_UNDEF.
static SkValue frame_method(SkValue m) {
    if (!SK_IS_KIND(m, SK_FUNCTION)) return SK_UNDEF;
    if (SK_AS_FUNCTION(m)->code->flags & SK_CODE_GENERATOR) return SK_UNDEF;
    return m;
}

SkValue sk_vm_proto_eq(SkVM *vm, SkValue a, SkValue b) {
    if (!SK_IS_KIND(a, SK_INSTANCE)) return SK_UNDEF;
    SkClass *ta = SK_AS_INSTANCE(a)->cls;
    if (SK_IS_OBJ(b) && (b.as.o->kind == SK_INSTANCE || b.as.o->kind == SK_EXCEPTION)) {
        // A proper subclass's reflected __eq__ goes first: leave that to sk_compare.
        SkClass *tb = SK_AS_INSTANCE(b)->cls;
        if (tb != ta && sk_is_subclass(tb, ta)) return SK_UNDEF;
    }
    return frame_method(sk_class_lookup(vm, ta, vm->names.eq));
}

// The Skein method `name` of a user instance v, or SK_UNDEF. Instances of
// str subclasses are left to the natives (they are strings already).
static SkValue str_method(SkVM *vm, SkValue v, SkStr *name) {
    if (!SK_IS_KIND(v, SK_INSTANCE)) return SK_UNDEF;
    SkInstance *in = SK_AS_INSTANCE(v);
    if (SK_IS_STR(in->base)) return SK_UNDEF;
    return frame_method(sk_class_lookup(vm, in->cls, name));
}

int sk_vm_proto_str_arg(SkVM *vm, SkValue f, SkValue *fslot, int nargs, SkTuple *kwnames,
                        uint32_t call_ins, SkValue *meth, uint32_t *flag) {
    SkObj *o = SK_AS_OBJ(f);
    if (o == &vm->t.str->obj || (o->kind == SK_NATIVE && ((SkNative *)o)->proto == SK_NATIVE_PROTO_REPR)) {
        // str(x) / repr(x): the method's (checked) result is the call's value.
        if (nargs != 1 || kwnames) return 0;
        SkStr *name = o == &vm->t.str->obj ? vm->names.str : vm->names.repr;
        *meth = str_method(vm, fslot[1], name);
        *flag = o == &vm->t.str->obj ? SK_FRAME_STR_CALL : SK_FRAME_REPR_CALL;
        return SK_IS_UNDEF(*meth) ? 0 : 1;
    }
    if (o->kind != SK_NATIVE || ((SkNative *)o)->proto != SK_NATIVE_PROTO_PRINT) return 0;
    // print: the CALL is run again once the argument holds its str, so only
    // plain CALL/CALL_KW (whose operands are still on the stack) qualify.
    if (SK_OP(call_ins) != OP_CALL && SK_OP(call_ins) != OP_CALL_KW) return 0;
    // CPython's print checks sep/end and fetches file.write, then writes
    // each argument right after its str(): converting one ahead of the
    // writes is only invisible for the first argument, with sep/end/flush
    // keywords that cannot fail first.
    int np = sk_npos(nargs, kwnames);
    if (np < 1) return 0;
    for (int k = 0; kwnames && k < (int)kwnames->len; k++) {
        SkStr *kn = SK_AS_STR(kwnames->items[k]);
        SkValue kv = fslot[1 + np + k];
        bool sep_end = kn == vm->names.sep || kn == vm->names.end;
        if (sep_end ? !(SK_IS_NONE(kv) || SK_IS_STR(kv)) : kn != vm->names.flush) return 0;
    }
    *meth = str_method(vm, fslot[1], vm->names.str);
    *flag = SK_FRAME_STR_ARG;
    return SK_IS_UNDEF(*meth) ? 0 : 1;
}
