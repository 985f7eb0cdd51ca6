// vm/exec/generator.c -- generator objects (see generator.h for the design):
// creation from a call, entering/suspending the frame on the tasklet
// stack, resumption from C (next, send, throw, close) and the methods of
// the generator class. FOR_ITER and YIELD_FROM in vm.c use the enter and
// suspend primitives directly, without nesting C levels.
#include "vm/exec/generator.h"
#include "vm/classes/class.h"
#include "vm/classes/error.h"
#include "vm/core/gc.h"
#include "vm/exec/call.h"
#include "vm/exec/frame.h"
#include "vm/exec/import.h"
#include "vm/exec/opcodes.h"
#include "vm/exec/vm.h"
#include "vm/objects/code.h"
#include "vm/objects/str.h"
#include "vm/sched/tasklet.h"

SkGenerator *sk_generator_new(SkVM *vm, SkFunction *fn, SkValue *slots) {
    SkCode *code = fn->code;
    SkGenerator *g = sk_gc_alloc(vm, SK_GENERATOR, sizeof(SkGenerator));
    if (!g) return NULL;
    g->state = SK_GEN_CREATED;
    g->handling = SK_NONE;
    g->caller_handling = SK_NONE;
    g->frame.code = code;
    g->frame.fn = fn;
    g->frame.globals = fn->globals;
    g->frame.ip = code->code;
    g->frame.gen = g;
    g->name = fn->name;
    g->qualname = fn->qualname;
    uint32_t cap = (uint32_t)code->nlocals + 4;
    SkValue *saved = sk_gc_realloc(vm, NULL, 0, cap * sizeof(SkValue));
    if (!saved) return NULL;
    memcpy(saved, slots, (size_t)code->nlocals * sizeof(SkValue));
    g->saved = saved;
    g->cap = cap;
    g->nsaved = code->nlocals;
    return g;
}

void sk_generator_mark(SkVM *vm, SkGenerator *g) {
    sk_gc_mark_obj(vm, (SkObj *)g->frame.code);
    sk_gc_mark_obj(vm, (SkObj *)g->frame.fn);
    sk_gc_mark_obj(vm, (SkObj *)g->frame.globals);
    sk_gc_mark_obj(vm, (SkObj *)g->frame.locals);
    sk_gc_mark_obj(vm, (SkObj *)g->name);
    sk_gc_mark_obj(vm, (SkObj *)g->qualname);
    sk_gc_mark_value(vm, g->handling);
    sk_gc_mark_value(vm, g->caller_handling);
    // Marked in every state: a generator flagged RUNNING only as a guard
    // while throw()/close() pass an exception to its delegate is not on any
    // stack, and its saved values (the delegate itself) live only here.
    // For one really running they are stale but valid copies.
    if (g->saved)
        for (uint32_t i = 0; i < g->nsaved; i++) sk_gc_mark_value(vm, g->saved[i]);
}

void sk_generator_free(SkVM *vm, SkGenerator *g) {
    if (g->saved) sk_gc_realloc(vm, g->saved, g->cap * sizeof(SkValue), 0);
    g->saved = NULL;
    g->cap = g->nsaved = 0;
}

void sk_generator_finish(SkVM *vm, SkGenerator *g) {
    // Setting back what it had (so its ext exists) cannot fail.
    if (g->state == SK_GEN_RUNNING)
        (void)sk_tasklet_set_handling(vm, vm->current, g->caller_handling);
    g->handling = g->caller_handling = SK_NONE;
    g->state = SK_GEN_DONE;
    sk_generator_free(vm, g);
}

SkFrame *sk_generator_enter(SkVM *vm, SkGenerator *g, SkValue *at, bool push_sent, SkValue sent) {
    SkTasklet *t = vm->current;
    if (g->state == SK_GEN_RUNNING) {
        sk_raise(vm, vm->exc.ValueError, "generator already executing");
        return NULL;
    }
    SkCode *code = g->frame.code;
    at = sk_stack_ensure(vm, t, at, (size_t)g->nsaved + code->stacksize + SK_STACK_SLACK + 1);
    if (!at) return NULL;
    // It resumes handling an exception: the tasklet must be able to hold it.
    if (SK_IS_KIND(g->handling, SK_EXCEPTION) && !sk_tasklet_ext(vm, t)) return NULL;
    SkFrame *f = sk_frame_push(vm, t);
    if (!f) return NULL;
    memcpy(at, g->saved, (size_t)g->nsaved * sizeof(SkValue));
    *f = g->frame;
    f->slots = at;
    f->sp = at + g->nsaved;
    f->gen = g;
    f->flags = 0;
    if (push_sent && g->state == SK_GEN_SUSPENDED) *f->sp++ = sent;
    g->caller_handling = sk_tasklet_handling(t);
    if (SK_IS_KIND(g->handling, SK_EXCEPTION)) (void)sk_tasklet_set_handling(vm, t, g->handling);
    g->state = SK_GEN_RUNNING;
    t->sp = f->sp;
    return f;
}

bool sk_generator_suspend(SkVM *vm, SkFrame *f, SkValue *sp) {
    SkGenerator *g = f->gen;
    uint32_t n = (uint32_t)(sp - f->slots);
    if (n > g->cap) {
        uint32_t cap = n + 8;
        SkValue *ns = sk_gc_realloc(vm, g->saved, g->cap * sizeof(SkValue), cap * sizeof(SkValue));
        if (!ns) return false;
        g->saved = ns;
        g->cap = cap;
    }
    memcpy(g->saved, f->slots, (size_t)n * sizeof(SkValue));
    g->nsaved = n;
    g->frame = *f;
    g->frame.flags = 0;
    g->frame.slots = g->frame.sp = NULL;
    g->state = SK_GEN_SUSPENDED;
    SkTasklet *t = vm->current;
    SkValue h = sk_tasklet_handling(t);
    g->handling = sk_identical(h, g->caller_handling) ? SK_NONE : h;
    (void)sk_tasklet_set_handling(vm, t, g->caller_handling); // what it had: cannot fail
    g->caller_handling = SK_NONE;
    t->nframes--;
    return true;
}

// ---------------------------------------------------------------------------
// Resumption from C

// Resume g: with `sent` pushed (push_sent), or with exc raised at the point
// where it is suspended (exc not UNDEF).
static SkGenResult resume(SkVM *vm, SkGenerator *g, bool push_sent, SkValue sent, SkValue exc,
                          SkValue *out) {
    SkTasklet *t = vm->current;
    if (t->c_depth >= SK_MAX_C_DEPTH(vm)) {
        sk_raise(vm, vm->exc.RecursionError, "maximum recursion depth exceeded");
        return SK_GEN_ERROR;
    }
    ptrdiff_t off = t->sp - t->stack;
    SkValue *base = sk_stack_ensure(vm, t, t->sp, 3);
    if (!base) return SK_GEN_ERROR;
    base[0] = sk_obj(g);
    base[1] = sent;
    base[2] = exc; // keep both rooted while entering
    t->sp = base + 3;
    SkFrame *f = sk_generator_enter(vm, g, base + 1, push_sent, sent);
    if (!f) {
        t->sp = t->stack + off;
        return SK_GEN_ERROR;
    }
    f->flags |= SK_FRAME_C_BOUNDARY;
    if (!SK_IS_UNDEF(exc)) t->exc = exc;
    SkValue r = sk_vm_execute(vm);
    t->sp = t->stack + off;
    if (SK_IS_ERR(r)) return SK_GEN_ERROR;
    *out = r;
    return g->state == SK_GEN_DONE ? SK_GEN_RETURNED : SK_GEN_YIELDED;
}

SkGenResult sk_generator_send(SkVM *vm, SkGenerator *g, SkValue sent, SkValue *out) {
    if (g->state == SK_GEN_DONE) {
        *out = SK_NONE;
        return SK_GEN_RETURNED;
    }
    if (g->state == SK_GEN_RUNNING) {
        sk_raise(vm, vm->exc.ValueError, "generator already executing");
        return SK_GEN_ERROR;
    }
    if (g->state == SK_GEN_CREATED && !SK_IS_NONE(sent)) {
        sk_raise(vm, vm->exc.TypeError, "can't send non-None value to a just-started generator");
        return SK_GEN_ERROR;
    }
    return resume(vm, g, true, sent, SK_UNDEF, out);
}

static bool is_delegating(SkGenerator *g) {
    return g->state == SK_GEN_SUSPENDED && g->nsaved > 0 && g->frame.ip &&
           SK_OP(*g->frame.ip) == OP_YIELD_FROM;
}

// Leave the YIELD_FROM a suspended g is parked on: drop the delegate and
// continue after the instruction (with `result` pushed when not UNDEF).
static void leave_yield_from(SkGenerator *g, SkValue result) {
    g->frame.ip++;
    if (SK_IS_UNDEF(result))
        g->nsaved--;
    else
        g->saved[g->nsaved - 1] = result;
}

SkGenResult sk_generator_throw(SkVM *vm, SkGenerator *g, SkValue exc, SkValue *out) {
    if (g->state == SK_GEN_RUNNING) {
        sk_raise(vm, vm->exc.ValueError, "generator already executing");
        return SK_GEN_ERROR;
    }
    if (g->state == SK_GEN_DONE) {
        sk_raise_value(vm, exc);
        return SK_GEN_ERROR;
    }
    if (is_delegating(g)) {
        SkValue d = g->saved[g->nsaved - 1];
        if (SK_IS_KIND(d, SK_GENERATOR)) {
            SkGenerator *dg = SK_AS_GEN(d);
            SkGenResult r;
            if (sk_isinstance(vm, exc, vm->exc.GeneratorExit)) {
                SkValue ignored;
                g->state = SK_GEN_RUNNING; // guard against re-entry while the delegate closes
                r = sk_generator_throw(vm, dg, exc, &ignored);
                g->state = SK_GEN_SUSPENDED;
                if (r == SK_GEN_YIELDED) {
                    sk_raise(vm, vm->exc.RuntimeError, "generator ignored GeneratorExit");
                    r = SK_GEN_ERROR;
                }
                if (r == SK_GEN_ERROR && !sk_exc_matches(vm, vm->exc.GeneratorExit) &&
                    !sk_exc_matches(vm, vm->exc.StopIteration))
                    exc = sk_take_exc(vm);
                else if (r == SK_GEN_ERROR)
                    sk_clear_exc(vm);
                leave_yield_from(g, SK_UNDEF);
                return resume(vm, g, false, SK_NONE, exc, out);
            }
            g->state = SK_GEN_RUNNING;
            r = sk_generator_throw(vm, dg, exc, out);
            g->state = SK_GEN_SUSPENDED;
            if (r == SK_GEN_YIELDED) return r;
            if (r == SK_GEN_RETURNED) {
                leave_yield_from(g, *out);
                return resume(vm, g, false, SK_NONE, SK_UNDEF, out);
            }
            exc = sk_take_exc(vm);
        }
        leave_yield_from(g, SK_UNDEF);
    }
    return resume(vm, g, false, SK_NONE, exc, out);
}

SkValue sk_generator_next(SkVM *vm, SkGenerator *g) {
    SkValue v;
    switch (sk_generator_send(vm, g, SK_NONE, &v)) {
    case SK_GEN_YIELDED: return v;
    case SK_GEN_RETURNED: return SK_UNDEF;
    default: return SK_ERR;
    }
}

// ---------------------------------------------------------------------------
// Methods of the generator class

static SkGenerator *self_gen(SkVM *vm, SkValue self, const char *meth) {
    if (SK_IS_KIND(self, SK_GENERATOR)) return SK_AS_GEN(self);
    sk_raise(vm, vm->exc.TypeError,
             "descriptor '%s' for 'generator' objects doesn't apply to a '%s' object", meth,
             sk_type_name(vm, self));
    return NULL;
}

static SkValue finish_step(SkVM *vm, SkGenResult r, SkValue v) {
    if (r == SK_GEN_YIELDED) return v;
    if (r == SK_GEN_RETURNED) return sk_raise_stopiteration(vm, v);
    return SK_ERR;
}

static SkValue gen_iter(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    if (!self_gen(vm, args[0], "__iter__")) return SK_ERR;
    return args[0];
}

static SkValue gen_next(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkGenerator *g = self_gen(vm, args[0], "__next__");
    if (!g) return SK_ERR;
    SkValue v = SK_NONE;
    SkGenResult r = sk_generator_send(vm, g, SK_NONE, &v);
    return finish_step(vm, r, v);
}

static SkValue gen_send(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkGenerator *g = self_gen(vm, args[0], "send");
    if (!g) return SK_ERR;
    SkValue v = SK_NONE;
    SkGenResult r = sk_generator_send(vm, g, args[1], &v);
    return finish_step(vm, r, v);
}

// throw(exc) / throw(type, value): the exception instance to raise.
static SkValue throw_arg(SkVM *vm, SkValue typ, SkValue val) {
    if (SK_IS_KIND(typ, SK_CLASS) && sk_is_subclass(SK_AS_CLASS(typ), vm->exc.BaseException)) {
        if (!SK_IS_UNDEF(val) && !SK_IS_NONE(val)) {
            if (sk_isinstance(vm, val, SK_AS_CLASS(typ))) return val;
            return sk_call1(vm, typ, val);
        }
        return sk_invoke(vm, typ, NULL, 0, NULL);
    }
    if (sk_isinstance(vm, typ, vm->exc.BaseException)) {
        if (!SK_IS_UNDEF(val) && !SK_IS_NONE(val))
            return sk_raise(vm, vm->exc.TypeError,
                            "instance exception may not have a separate value");
        return typ;
    }
    return sk_raise(vm, vm->exc.TypeError,
                    "exceptions must be classes or instances deriving from BaseException, not %s",
                    sk_type_name(vm, typ));
}

static SkValue gen_throw(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkGenerator *g = self_gen(vm, args[0], "throw");
    if (!g) return SK_ERR;
    SkValue exc = throw_arg(vm, args[1], nargs > 2 ? args[2] : SK_UNDEF);
    if (SK_IS_ERR(exc)) return SK_ERR;
    SkValue v = SK_NONE;
    SkGenResult r = sk_generator_throw(vm, g, exc, &v);
    return finish_step(vm, r, v);
}

static SkValue gen_close(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkGenerator *g = self_gen(vm, args[0], "close");
    if (!g) return SK_ERR;
    if (g->state == SK_GEN_CREATED || g->state == SK_GEN_DONE) {
        if (g->state == SK_GEN_CREATED) sk_generator_finish(vm, g);
        return SK_NONE;
    }
    SkValue exc = sk_exc_new(vm, vm->exc.GeneratorExit, NULL, 0);
    if (SK_IS_ERR(exc)) return SK_ERR;
    SkValue v;
    SkGenResult r = sk_generator_throw(vm, g, exc, &v);
    if (r == SK_GEN_YIELDED)
        return sk_raise(vm, vm->exc.RuntimeError, "generator ignored GeneratorExit");
    if (r == SK_GEN_RETURNED) return SK_NONE;
    if (sk_exc_matches(vm, vm->exc.GeneratorExit) || sk_exc_matches(vm, vm->exc.StopIteration)) {
        sk_clear_exc(vm);
        return SK_NONE;
    }
    return SK_ERR;
}

static SkValue gen_repr(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkGenerator *g = self_gen(vm, args[0], "__repr__");
    if (!g) return SK_ERR;
    char buf[256];
    snprintf(buf, sizeof buf, "<generator object %s at %p>", g->qualname ? g->qualname->data : "?",
             (void *)g);
    SkStr *s = sk_str_cstr(vm, buf);
    return s ? sk_obj(s) : SK_ERR;
}

void sk_init_generator_methods(SkVM *vm) {
    SkClass *c = vm->t.generator;
    if (!c) return;
    sk_define_method(vm, c, "__iter__", gen_iter, 1, 1, false);
    sk_define_method(vm, c, "__next__", gen_next, 1, 1, false);
    sk_define_method(vm, c, "send", gen_send, 2, 2, false);
    sk_define_method(vm, c, "throw", gen_throw, 2, 4, false);
    sk_define_method(vm, c, "close", gen_close, 1, 1, false);
    sk_define_method(vm, c, "__repr__", gen_repr, 1, 1, false);
}
