// vm/exec/finalize.c -- running __del__ methods. The collector (vm/core/gc.c)
// queues unreachable instances whose class defines __del__ and keeps them
// alive; the dispatch loop calls sk_run_finalizers at its next tick, where
// running Skein code is safe, and the objects are freed by a later
// collection. At exit every object still alive gets its __del__ too, as
// PyPy does. Each object is finalized at most once; the order is
// unspecified. An exception in __del__ is printed, as CPython's "Exception
// ignored in" report, and otherwise ignored.
#include "vm/exec/finalize.h"
#include "vm/classes/class.h"
#include "vm/classes/error.h"
#include "vm/classes/traceback.h"
#include "vm/core/gc.h"
#include "vm/exec/call.h"
#include "vm/objects/str.h"
#include "vm/ops/repr.h"
#include "vm/sched/tasklet.h"
#include <stdlib.h>

static void report(SkVM *vm, SkValue self) {
    SkValue exc = sk_take_exc(vm);
    sk_gc_push_root(vm, exc);
    SkValue fn = sk_class_lookup(vm, sk_class_of(vm, self), vm->names.del);
    SkStr *r = SK_IS_UNDEF(fn) ? NULL : sk_repr(vm, fn);
    if (!r) sk_clear_exc(vm);
    sk_gc_push_root(vm, r ? sk_obj(r) : SK_NONE);
    vm->current->exc = exc;
    sk_print_unraisable(vm, r ? r->data : "__del__");
    sk_gc_pop_root(vm);
    sk_gc_pop_root(vm);
}

void sk_run_finalizers(SkVM *vm) {
    SkTasklet *t = vm->current;
    SkValue pending = t->exc; // none at a tick; kept as it was all the same
    t->exc = SK_UNDEF;
    sk_gc_push_root(vm, pending);
    while (vm->finalize_len) {
        SkValue self = sk_obj(vm->finalize[--vm->finalize_len]);
        sk_gc_push_root(vm, self); // off the queue: rooted here while __del__ runs
        size_t arena = sk_arena_save(vm);
        SkValue r = sk_invoke_method(vm, self, vm->names.del, NULL, 0);
        if (SK_IS_ERR(r) && sk_has_exc(vm)) report(vm, self);
        sk_arena_restore(vm, arena);
        sk_gc_pop_root(vm);
    }
    sk_gc_pop_root(vm);
    t->exc = pending;
}

void sk_finalize_at_exit(SkVM *vm) {
    if (!vm->has_del_classes || !vm->current) return;
    // A few rounds: a __del__ may make new objects with __del__ of its own.
    for (int round = 0; round < 4; round++) {
        for (SkObj *o = vm->objects; o; o = o->next) {
            if ((o->flags & SK_FLAG_FINALIZED) ||
                (o->kind != SK_INSTANCE && o->kind != SK_EXCEPTION))
                continue;
            SkClass *c = ((SkInstance *)o)->cls;
            if (!c || !(c->cflags & SK_CLASS_HAS_DEL)) continue;
            if (vm->finalize_len == vm->finalize_cap) {
                size_t cap = vm->finalize_cap ? vm->finalize_cap * 2 : 16;
                SkObj **q = realloc(vm->finalize, cap * sizeof *q);
                if (!q) break;
                vm->finalize = q;
                vm->finalize_cap = cap;
            }
            o->flags |= SK_FLAG_FINALIZED;
            vm->finalize[vm->finalize_len++] = o;
        }
        if (!vm->finalize_len) break;
        // Oldest first at exit: the queue runs from its end.
        for (size_t i = 0, j = vm->finalize_len; i + 1 < j; i++, j--) {
            SkObj *tmp = vm->finalize[i];
            vm->finalize[i] = vm->finalize[j - 1];
            vm->finalize[j - 1] = tmp;
        }
        sk_run_finalizers(vm);
    }
}
