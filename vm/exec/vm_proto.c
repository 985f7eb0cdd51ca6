// vm/exec/vm_proto.c -- the checks that decide when the dispatch loop (vm/exec/vm.c)
// runs a protocol method as a pushed frame instead of through a nested C
// call (DESIGN.md §3): __eq__ and the other rich comparisons for COMPARE_* and __str__/__repr__ for
// print(), str() and repr(). A pushed frame lets a tasklet block inside the
// method. Kept out of vm.c so the dispatch loop stays small: these decide
// and push the tagged frame; when it returns, vm.c's proto_return finishes
// the operation (the SK_FRAME_CMP / SK_FRAME_STR_* / SK_FRAME_REPR_CALL flags).
#include "vm/exec/vm_proto.h"
#include "vm/classes/class.h"
#include "vm/exec/call.h"
#include "vm/exec/frame.h"
#include "vm/exec/import.h"
#include "vm/exec/opcodes.h"
#include "vm/objects/code.h"
#include "vm/objects/methods.h"
#include "vm/ops/arith.h"
#include "vm/ops/ops.h"
#include "vm/sched/tasklet.h"

// m when it is a plain Skein function (generators excluded: calling one
// makes a generator, not a frame), else SK_UNDEF.
static SkValue frame_method(SkValue m) {
    if (!SK_IS_KIND(m, SK_FUNCTION)) return SK_UNDEF;
    if (SK_AS_FUNCTION(m)->code->flags & SK_CODE_GENERATOR) return SK_UNDEF;
    return m;
}

// The Skein method `name` of a, a user instance, for `a op b` — unless b
// is an instance of a proper subclass of a's class, whose reflected method
// goes first (left to the C path, sk_compare/sk_binary) — or SK_UNDEF.
static SkValue operand_method(SkVM *vm, SkValue a, SkValue b, SkStr *name) {
    if (!SK_IS_KIND(a, SK_INSTANCE)) return SK_UNDEF;
    SkClass *ta = SK_AS_INSTANCE(a)->cls;
    if (SK_IS_OBJ(b) && (b.as.o->kind == SK_INSTANCE || b.as.o->kind == SK_EXCEPTION)) {
        SkClass *tb = SK_AS_INSTANCE(b)->cls;
        if (tb != ta && sk_is_subclass(tb, ta)) return SK_UNDEF;
    }
    return frame_method(sk_class_lookup(vm, ta, name));
}

// The Skein method `name` of a user instance v, or SK_UNDEF. Instances of
// str subclasses are left to the natives (they are strings already).
static SkValue str_method(SkVM *vm, SkValue v, SkStr *name) {
    if (!SK_IS_KIND(v, SK_INSTANCE)) return SK_UNDEF;
    SkInstance *in = SK_AS_INSTANCE(v);
    if (SK_IS_STR(in->base)) return SK_UNDEF;
    return frame_method(sk_class_lookup(vm, in->cls, name));
}

// Which argument of a print/str/repr call needs its method run first:
// its index (1..nargs) with *meth and the frame flag *flag, or 0.
static int str_arg(SkVM *vm, SkValue f, SkValue *fslot, int nargs, SkTuple *kwnames,
                   uint32_t call_ins, SkValue *meth, uint32_t *flag) {
    SkObj *o = SK_AS_OBJ(f);
    if (o == &vm->t.str->obj ||
        (o->kind == SK_NATIVE && ((SkNative *)o)->proto == SK_NATIVE_PROTO_REPR)) {
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

// fslot = [m args...] with m a plain Skein function: push its frame, tagged
// so that the loop's return_slow finishes the operation.
static int push_frame(SkVM *vm, SkValue *fslot, int nargs, uint32_t flag, uint32_t aux) {
    SkTasklet *t = vm->current;
    t->sp = fslot + 1 + nargs;
    if (sk_call_setup(vm, fslot, nargs, NULL) != SK_CALL_FRAME)
        return -1; // not a generator: an error
    SkFrame *f = &t->frames[t->nframes - 1];
    f->flags |= flag;
    f->aux = aux;
    return 1;
}

// [a b] at t->sp -> [a b m a b] and m's frame: a and b stay below for the
// fallback when m returns NotImplemented (the callee may rebind its
// parameters).
static int push_over_operands(SkVM *vm, SkValue m, uint32_t flag, uint32_t aux) {
    SkValue *sp = sk_stack_ensure(vm, vm->current, vm->current->sp, 3);
    if (!sp) return -1;
    sp[0] = m;
    sp[1] = sp[-2];
    sp[2] = sp[-1];
    return push_frame(vm, sp, 2, flag, aux);
}

int sk_vm_proto_cmp_push(SkVM *vm, int op) {
    SkValue *sp = vm->current->sp;
    SkValue m = operand_method(vm, sp[-2], sp[-1], sk_compare_dunder(vm, (SkCmpOp)op));
    return SK_IS_UNDEF(m) ? 0 : push_over_operands(vm, m, SK_FRAME_CMP, (uint32_t)op);
}

int sk_vm_proto_str_push(SkVM *vm, SkValue *fslot, int nargs, SkTuple *kwnames, uint32_t call_ins) {
    SkValue m;
    uint32_t flag;
    int i = str_arg(vm, *fslot, fslot, nargs, kwnames, call_ins, &m, &flag);
    if (!i) return 0;
    // [m x] goes above the operands and CALL_KW's names tuple (still in its
    // slot, so a re-run CALL_KW finds it); aux leads from the frame's
    // callable slot back to the argument (print) or the callable (str/repr).
    SkTasklet *t = vm->current;
    ptrdiff_t f_off = fslot - t->stack;
    t->sp = fslot + 1 + nargs + (kwnames != NULL);
    SkValue *top = sk_stack_ensure(vm, t, t->sp, 2);
    if (!top) return -1;
    fslot = t->stack + f_off;
    top[0] = m;
    top[1] = fslot[i];
    uint32_t aux = (uint32_t)(top - (flag == SK_FRAME_STR_ARG ? fslot + i : fslot));
    return push_frame(vm, top, 1, flag, aux);
}

int sk_vm_proto_setitem_push(SkVM *vm) {
    SkTasklet *t = vm->current;
    SkValue o = t->sp[-2];
    if (!SK_IS_KIND(o, SK_INSTANCE)) return 0;
    SkValue m = frame_method(sk_class_lookup(vm, SK_AS_INSTANCE(o)->cls, vm->names.setitem));
    if (SK_IS_UNDEF(m)) return 0;
    // [v o k] -> [m o k v]: its result is dropped (SK_FRAME_DISCARD).
    SkValue *sp = sk_stack_ensure(vm, t, t->sp, 1);
    if (!sp) return -1;
    SkValue v = sp[-3];
    sp[-3] = m;
    sp[0] = v;
    return push_frame(vm, sp - 3, 3, SK_FRAME_DISCARD, 0);
}

SkValue sk_vm_proto_getter(SkVM *vm, SkClass *cls, SkStr *name) {
    // A property is a data descriptor, so the instance dict does not
    // matter; with __getattr__ (which must see an AttributeError the
    // getter raises) or __getattribute__ in play the C path decides.
    if (cls->cflags & (SK_CLASS_HAS_GETATTRIBUTE | SK_CLASS_HAS_GETATTR)) return SK_UNDEF;
    SkValue a = sk_class_lookup(vm, cls, name);
    if (!SK_IS_KIND(a, SK_PROPERTY) || SK_AS_OBJ(a)->extra != 0) return SK_UNDEF;
    return frame_method(((SkProperty *)SK_AS_OBJ(a))->fget);
}

int sk_vm_proto_getter_push(SkVM *vm, SkValue getter) {
    SkTasklet *t = vm->current;
    // [o] -> [fget o]: the getter's result replaces o.
    SkValue *sp = sk_stack_ensure(vm, t, t->sp, 1);
    if (!sp) return -1;
    sp[0] = sp[-1];
    sp[-1] = getter;
    return push_frame(vm, sp - 1, 1, 0, 0);
}

int sk_vm_proto_binop_push(SkVM *vm, int op, bool inplace) {
    SkValue *sp = vm->current->sp;
    SkValue a = sp[-2];
    if (!SK_IS_KIND(a, SK_INSTANCE)) return 0;
    // An in-place method comes first in sk_binary: that case stays in C.
    if (inplace &&
        !SK_IS_UNDEF(sk_class_lookup(vm, SK_AS_INSTANCE(a)->cls, sk_binary_dunder(vm, op, 2))))
        return 0;
    SkValue m = operand_method(vm, a, sp[-1], sk_binary_dunder(vm, op, 0));
    return SK_IS_UNDEF(m)
               ? 0
               : push_over_operands(vm, m, SK_FRAME_BINOP, (uint32_t)op | (inplace ? 0x100u : 0u));
}

int sk_vm_proto_contains_push(SkVM *vm, bool negate) {
    SkTasklet *t = vm->current;
    SkValue c = t->sp[-1];
    if (!SK_IS_KIND(c, SK_INSTANCE)) return 0;
    SkValue m = frame_method(sk_class_lookup(vm, SK_AS_INSTANCE(c)->cls, vm->names.contains));
    if (SK_IS_UNDEF(m)) return 0;
    // [item c] -> [m c item]: the truth of its result replaces them.
    SkValue *sp = sk_stack_ensure(vm, t, t->sp, 1);
    if (!sp) return -1;
    sp[0] = sp[-2];
    sp[-2] = m;
    return push_frame(vm, sp - 2, 2, SK_FRAME_CONTAINS, negate ? 1u : 0u);
}
