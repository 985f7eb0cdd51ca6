// stdlib/mod_stackless.c -- the `stackless` module: the tasklet and channel
// classes (both subclassable: a subclass instance carries the SkTasklet /
// SkChannel in SkInstance.base), run/schedule/getcurrent/..., and the
// Skein-level helpers (send_sequence, channel iteration, atomic()) that
// must be able to block and so are written in Skein, compiled at import.
// The scheduling itself lives in vm/sched/sched.c and vm/sched/channel.c.
#include "parser/compile.h"
#include "parser/parse.h"
#include "stdlib/modlib.h"
#include "vm/classes/class.h"
#include "vm/classes/error.h"
#include "vm/classes/frame_object.h"
#include "vm/core/gc.h"
#include "vm/exec/call.h"
#include "vm/exec/frame.h"
#include "vm/exec/import.h"
#include "vm/objects/code.h"
#include "vm/objects/dict.h"
#include "vm/objects/list.h"
#include "vm/objects/str.h"
#include "vm/objects/tuple.h"
#include "vm/ops/compare.h"
#include "vm/sched/channel.h"
#include "vm/sched/loop.h"
#include "vm/sched/sched.h"
#include "vm/sched/tasklet.h"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

typedef SkValue (*NFn)(SkVM *, SkValue *, int, SkTuple *);

// Skein-level parts: they block through channel.send/receive, which only
// works from Skein frames, not from C.
static const char HELPERS[] = "def send_sequence(self, seq):\n"
                              "    n = 0\n"
                              "    for v in seq:\n"
                              "        self.send(v)\n"
                              "        n += 1\n"
                              "    return n\n"
                              "def __iter__(self):\n"
                              "    return self\n"
                              "def __next__(self):\n"
                              "    try:\n"
                              "        return self.receive()\n"
                              "    except ValueError:\n"
                              "        if self.closing:\n"
                              "            raise StopIteration from None\n"
                              "        raise\n"
                              "def _boot(f, a, k):\n"
                              "    return f(*a, **k) if k else f(*a)\n"
                              "class bomb:\n"
                              "    def __init__(self, type=None, value=None, traceback=None):\n"
                              "        self.type = type\n"
                              "        self.value = value\n"
                              "        self.traceback = traceback\n"
                              "class atomic:\n"
                              "    def __enter__(self):\n"
                              "        self.old = getcurrent().set_atomic(True)\n"
                              "        return self\n"
                              "    def __exit__(self, t, v, tb):\n"
                              "        getcurrent().set_atomic(self.old)\n"
                              "        return False\n";

// ---------------------------------------------------------------- helpers

// The id of the thread running the VM, as threading.get_ident() gives it.
static uint64_t thread_id(void) { return (uint64_t)pthread_self() & INT64_MAX; }

// A tuple of n arguments; () is shared, as most tasklets take none.
static SkTuple *args_tuple(SkVM *vm, size_t n) {
    return n > 0 ? sk_tuple_new(vm, n) : sk_sched_no_args(vm);
}

// Where a tasklet of a callable that is not a Skein function is bound: it
// starts under _boot, so its reports have no line of the user's to show.
static bool note_site(SkVM *vm, SkTasklet *t) {
    SkTasklet *c = vm->current;
    if (c->nframes == 0) return true;
    SkTaskletExt *x = sk_tasklet_ext(vm, t);
    if (!x) return false;
    SkFrame *f = &c->frames[c->nframes - 1];
    int64_t i = sk_frame_index(f);
    x->created_code = f->code;
    x->created_line = i < 0 ? f->code->firstline : sk_code_line(f->code, (uint32_t)i);
    return true;
}

static SkValue wrap_t(SkTasklet *t) { return sk_tasklet_value(t); }
static SkValue wrap_c(SkChannel *c) { return c->wrapper ? sk_obj(c->wrapper) : sk_obj(c); }

// The SkTasklet behind self (a tasklet or an instance of a subclass,
// created on first use when the subclass' __init__ did not call ours).
static SkTasklet *as_tasklet(SkVM *vm, SkValue self) {
    if (SK_IS_KIND(self, SK_TASKLET)) return (SkTasklet *)SK_AS_OBJ(self);
    if (SK_IS_KIND(self, SK_INSTANCE)) {
        SkInstance *in = SK_AS_INSTANCE(self);
        if (SK_IS_KIND(in->base, SK_TASKLET)) return (SkTasklet *)SK_AS_OBJ(in->base);
        if (in->cls->builtin_base && in->cls->builtin_base->inst_kind == SK_TASKLET) {
            SkTasklet *t = sk_tasklet_make(vm, NULL);
            if (!t || !sk_tasklet_ext(vm, t)) return NULL;
            t->ext->wrapper = (SkObj *)in;
            in->base = sk_obj(t);
            return t;
        }
    }
    sk_raise(vm, vm->exc.TypeError, "descriptor requires a 'tasklet' object but received a '%s'",
             sk_type_name(vm, self));
    return NULL;
}

SK_INLINE SkChannel *as_channel(SkVM *vm, SkValue self);
static SkChannel *as_channel_slow(SkVM *vm, SkValue self);

SK_INLINE SkChannel *as_channel(SkVM *vm, SkValue self) {
    if (SK_LIKELY(SK_IS_KIND(self, SK_CHANNEL))) return (SkChannel *)SK_AS_OBJ(self);
    return as_channel_slow(vm, self);
}

static SkChannel *as_channel_slow(SkVM *vm, SkValue self) {
    if (SK_IS_KIND(self, SK_CHANNEL)) return (SkChannel *)SK_AS_OBJ(self);
    if (SK_IS_KIND(self, SK_INSTANCE)) {
        SkInstance *in = SK_AS_INSTANCE(self);
        if (SK_IS_KIND(in->base, SK_CHANNEL)) return (SkChannel *)SK_AS_OBJ(in->base);
        if (in->cls->builtin_base && in->cls->builtin_base->inst_kind == SK_CHANNEL) {
            SkChannel *c = sk_channel_new(vm);
            if (!c) return NULL;
            c->wrapper = (SkObj *)in;
            in->base = sk_obj(c);
            return c;
        }
    }
    sk_raise(vm, vm->exc.TypeError, "descriptor requires a 'channel' object but received a '%s'",
             sk_type_name(vm, self));
    return NULL;
}

// Positional args and keyword args of a native call, split.
static SkValue kw_dict(SkVM *vm, SkValue *args, int nargs, SkTuple *kw, int *npos) {
    int nk = kw ? (int)kw->len : 0;
    *npos = nargs - nk;
    if (!nk) return SK_UNDEF;
    SkDict *d = sk_dict_new(vm);
    if (!d) return SK_ERR;
    for (int i = 0; i < nk; i++)
        if (!sk_dict_set(vm, d, kw->items[i], args[*npos + i])) return SK_ERR;
    return sk_obj(d);
}

static bool bind_func(SkVM *vm, SkTasklet *t, SkValue f) {
    if (t->state == SK_TS_ALIVE && t != vm->current && t->nframes > 0) {
        sk_raise(vm, vm->exc.RuntimeError, "tasklet is already bound to a frame");
        return false;
    }
    if (!SK_IS_NONE(f) && !sk_callable(vm, f)) {
        sk_raise(vm, vm->exc.TypeError, "tasklet function must be a callable or None");
        return false;
    }
    if (!sk_tasklet_set_start(vm, t, SK_IS_NONE(f) ? SK_UNDEF : f, SK_UNDEF)) return false;
    t->tempval = SK_UNDEF;
    if (SK_IS_NONE(f))
        t->tflags &= (uint8_t)~SK_TF_BOUND;
    else
        t->tflags |= SK_TF_BOUND;
    return SK_IS_KIND(f, SK_FUNCTION) || SK_IS_NONE(f) || note_site(vm, t);
}

// Stackless's "alive": it has a frame, or (Skein, before it starts) its
// arguments are set up.
static bool has_frame(SkTasklet *t) {
    return t->state == SK_TS_ALIVE || !SK_IS_UNDEF(sk_tasklet_args(t));
}

static bool do_setup(SkVM *vm, SkTasklet *t, SkValue *args, int nargs, SkTuple *kw) {
    if (has_frame(t)) {
        sk_raise(vm, vm->exc.RuntimeError, "tasklet is alive");
        return false;
    }
    if (!(t->tflags & SK_TF_BOUND) || t->state != SK_TS_NEW) {
        sk_raise(vm, vm->exc.RuntimeError, "the tasklet was not bound to a function");
        return false;
    }
    int npos;
    SkValue d = kw_dict(vm, args, nargs, kw, &npos);
    if (kw && SK_IS_ERR(d)) return false;
    if ((size_t)npos + 2 <= t->stack_size) {
        // The arguments fit on its stack: [func n a1..an], no tuple.
        t->stack[1] = sk_int(npos);
        for (int i = 0; i < npos; i++) t->stack[2 + i] = args[i];
        t->sp = t->stack + 2 + npos;
    } else {
        SkTuple *tp = args_tuple(vm, (size_t)npos);
        if (!tp) return false;
        for (int i = 0; i < npos; i++) tp->items[i] = args[i];
        t->stack[1] = sk_obj(tp); // bound: t has its [func args] stack
    }
    t->tempval = d;
    t->tflags &= (uint8_t)~SK_TF_BOUND;
    t->tflags |= SK_TF_BOUND;
    sk_sched_insert(vm, t);
    return true;
}

// ---------------------------------------------------------------- tasklet

static SkValue tasklet_init_common(SkVM *vm, SkTasklet *t, SkValue *args, int nargs, SkTuple *kw) {
    static const char *const names[] = {"func", "args", "kwargs"};
    SkValue a[3];
    if (nargs == 1 && !kw) // tasklet(f): the common case, without the argument binder
        return SK_IS_NONE(args[0]) || bind_func(vm, t, args[0]) ? SK_NONE : SK_ERR;
    if (!sk_bind_args(vm, "tasklet", args, nargs, kw, names, 3, 0, a)) return SK_ERR;
    if (!SK_IS_UNDEF(a[0]) && !SK_IS_NONE(a[0])) {
        if (!bind_func(vm, t, a[0])) return SK_ERR;
        if (!SK_IS_UNDEF(a[1]) || !SK_IS_UNDEF(a[2])) {
            SkTuple *tp = SK_IS_UNDEF(a[1]) || SK_IS_NONE(a[1]) ? args_tuple(vm, 0)
                          : SK_IS_TUPLE(a[1])                   ? SK_AS_TUPLE(a[1])
                                                                : NULL;
            if (!tp) return sk_raise(vm, vm->exc.TypeError, "tasklet args must be a tuple");
            t->stack[1] = sk_obj(tp);
            t->tempval = SK_IS_KIND(a[2], SK_DICT) ? a[2] : SK_UNDEF;
        }
    }
    return SK_NONE;
}

static SkValue tasklet_construct(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    // tasklet(f) for a Skein function f: one block with f's first frame
    // and stack (vm/sched/tasklet.h).
    SkValue f = nargs >= 1 ? args[0] : SK_UNDEF;
    SkTasklet *t = sk_tasklet_make(vm, SK_IS_KIND(f, SK_FUNCTION) ? SK_AS_FUNCTION(f) : NULL);
    if (!t) return SK_ERR;
    if (nargs == 1 && !kw && SK_IS_KIND(f, SK_FUNCTION)) {
        t->tflags |= SK_TF_BOUND; // made bound to f (the common case)
        return sk_obj(t);
    }
    if (SK_IS_ERR(tasklet_init_common(vm, t, args, nargs, kw))) return SK_ERR;
    return sk_obj(t);
}

static SkValue t_init(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkTasklet *t = as_tasklet(vm, args[0]);
    if (!t) return SK_ERR;
    return tasklet_init_common(vm, t, args + 1, nargs - 1, kw);
}

// bind(func=None, args=None, kwargs=None), Stackless's rules: with no args
// and no kwargs it only (un)binds the function (the tasklet is then not
// runnable until setup); with either, func None keeps the bound function
// and the tasklet is set up without being scheduled. A paused tasklet's
// frames are dropped.
static SkValue t_bind(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    static const char *const names[] = {"func", "args", "kwargs"};
    SkValue a[3];
    SkTasklet *t = as_tasklet(vm, args[0]);
    if (!t || !sk_bind_args(vm, "bind", args + 1, nargs - 1, kw, names, 3, 0, a)) return SK_ERR;
    SkValue func = SK_IS_UNDEF(a[0]) || SK_IS_NONE(a[0]) ? SK_UNDEF : a[0];
    SkValue targs = SK_IS_UNDEF(a[1]) || SK_IS_NONE(a[1]) ? SK_UNDEF : a[1];
    SkValue tkw = SK_IS_UNDEF(a[2]) || SK_IS_NONE(a[2]) ? SK_UNDEF : a[2];
    if (!SK_IS_UNDEF(func) && !sk_callable(vm, func))
        return sk_raise(vm, vm->exc.TypeError, "tasklet function must be a callable or None");
    if (t == vm->current)
        return sk_raise(vm, vm->exc.RuntimeError, "can't (re)bind the current tasklet");
    if (t->tflags & (SK_TF_SCHEDULED | SK_TF_BLOCKED))
        return sk_raise(vm, vm->exc.RuntimeError, "tasklet is scheduled");
    if (t->state == SK_TS_ALIVE && t->c_depth > 1)
        return sk_raise(vm, vm->exc.RuntimeError, "tasklet has C state on its stack");
    if (!SK_IS_UNDEF(targs) && !SK_IS_TUPLE(targs))
        return sk_raise(vm, vm->exc.TypeError, "tasklet args must be a tuple");
    if (!SK_IS_UNDEF(tkw) && !SK_IS_KIND(tkw, SK_DICT))
        return sk_raise(vm, vm->exc.TypeError, "tasklet kwargs must be a dict");
    SkValue keep = sk_tasklet_func(t);
    if (t->state == SK_TS_ALIVE) {
        // A paused tasklet's frames go (Stackless keeps no function for it).
        sk_tasklet_free(vm, t);
        keep = SK_UNDEF;
    }
    t->c_depth = 0;
    t->state = SK_TS_NEW;
    t->exc = SK_UNDEF;
    if (SK_IS_UNDEF(targs) && SK_IS_UNDEF(tkw)) {
        if (!bind_func(vm, t, SK_IS_UNDEF(func) ? SK_NONE : func)) return SK_ERR;
        return args[0];
    }
    if (!SK_IS_UNDEF(func) && !bind_func(vm, t, func)) return SK_ERR;
    if (SK_IS_UNDEF(func) && !sk_tasklet_set_start(vm, t, keep, SK_UNDEF)) return SK_ERR;
    if (!(t->tflags & SK_TF_BOUND) || SK_IS_UNDEF(sk_tasklet_func(t)))
        return sk_raise(vm, vm->exc.RuntimeError, "the tasklet was not bound to a function");
    SkTuple *tp = SK_IS_UNDEF(targs) ? args_tuple(vm, 0) : SK_AS_TUPLE(targs);
    if (!tp) return SK_ERR;
    t->stack[1] = sk_obj(tp);
    t->tempval = SK_IS_UNDEF(tkw) ? SK_UNDEF : tkw;
    return args[0];
}

static SkValue t_setup(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkTasklet *t = as_tasklet(vm, args[0]);
    if (!t || !do_setup(vm, t, args + 1, nargs - 1, kw)) return SK_ERR;
    return args[0];
}

static bool check_runnable(SkVM *vm, SkTasklet *t) {
    if (t->state == SK_TS_DEAD || !(t->tflags & SK_TF_BOUND || t->state == SK_TS_ALIVE)) {
        sk_raise(vm, vm->exc.RuntimeError, "You cannot run an unbound(dead) tasklet");
        return false;
    }
    if (t->tflags & SK_TF_BLOCKED) {
        sk_raise(vm, vm->exc.RuntimeError, "You cannot run a blocked tasklet");
        return false;
    }
    if (t->state == SK_TS_NEW && SK_IS_UNDEF(sk_tasklet_args(t))) { // bound, never set up: no frame
        sk_raise(vm, vm->exc.RuntimeError, "You cannot run an unbound(dead) tasklet");
        return false;
    }
    return true;
}

static SkValue t_insert(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkTasklet *t = as_tasklet(vm, args[0]);
    if (!t || !check_runnable(vm, t)) return SK_ERR;
    sk_sched_insert(vm, t);
    return args[0]; // as Stackless: the tasklet
}

static SkValue t_remove(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkTasklet *t = as_tasklet(vm, args[0]);
    if (!t) return SK_ERR;
    if (t->tflags & SK_TF_BLOCKED)
        return sk_raise(vm, vm->exc.RuntimeError, "You cannot remove a blocked tasklet.");
    if (t == vm->current)
        return sk_raise(vm, vm->exc.RuntimeError, "The current tasklet cannot be removed.");
    sk_sched_remove(vm, t);
    return args[0];
}

// Make t run now; the current tasklet stays runnable right after it
// (`remove_self`: it is paused instead, as tasklet.switch()).
static SkValue activate(SkVM *vm, SkTasklet *t, bool remove_self, const char *what) {
    SkTasklet *cur = vm->current;
    if (t == cur) return SK_NONE;
    if (!sk_sched_can_switch(vm, what)) return SK_ERR;
    sk_sched_insert(vm, t);
    sk_sched_park(vm);
    if (remove_self) sk_sched_remove(vm, cur);
    sk_sched_switch_to(vm, t);
    return SK_NONE;
}

static SkValue t_run(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkTasklet *t = as_tasklet(vm, args[0]);
    if (!t || !check_runnable(vm, t)) return SK_ERR;
    return activate(vm, t, false, "run");
}

static SkValue t_switch(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkTasklet *t = as_tasklet(vm, args[0]);
    if (!t || !check_runnable(vm, t)) return SK_ERR;
    return activate(vm, t, true, "switch");
}

// Raise exc in t: at once if t is current, else t is unblocked and runs
// now (or later when `pending`).
static SkValue throw_to(SkVM *vm, SkTasklet *t, SkValue exc, bool pending) {
    if (t == vm->current) return sk_raise_value(vm, exc);
    if (!has_frame(t)) { // dead or never set up: only TaskletExit is no error
        if (!sk_isinstance(vm, exc, vm->exc.TaskletExit))
            return sk_raise(vm, vm->exc.RuntimeError, "You cannot throw to a dead tasklet");
        sk_sched_remove(vm, t);
        return SK_NONE;
    }
    // Stackless switches to the tasklet even when it never ran (its frame
    // exists from setup on), so a switch_trap refuses that too.
    if (!pending && vm->sched.switch_trap > 0)
        return sk_raise(vm, vm->exc.RuntimeError, "switch_trap");
    if (t->state == SK_TS_NEW && sk_isinstance(vm, exc, vm->exc.TaskletExit)) {
        // Never started: it simply dies.
        sk_sched_remove(vm, t);
        sk_tasklet_free(vm, t);
        t->state = SK_TS_DEAD;
        t->tflags = 0;
        t->tempval = SK_UNDEF;
        return SK_NONE;
    }
    if (!pending && !sk_sched_can_switch(vm, "switch")) return SK_ERR;
    sk_sched_throw_into(vm, t, exc);
    if (t->state == SK_TS_NEW && t->stack && SK_IS_UNDEF(t->stack[1])) {
        SkTuple *tp = args_tuple(vm, 0);
        if (tp) t->stack[1] = sk_obj(tp);
    }
    if (pending) {
        sk_sched_insert(vm, t);
        return SK_NONE;
    }
    return activate(vm, t, false, "switch");
}

static SkValue t_kill(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    static const char *const names[] = {"pending"};
    SkValue a[1];
    SkTasklet *t = as_tasklet(vm, args[0]);
    if (!t || !sk_bind_args(vm, "kill", args + 1, nargs - 1, kw, names, 1, 0, a)) return SK_ERR;
    SkValue exc = sk_exc_new(vm, vm->exc.TaskletExit, NULL, 0);
    if (SK_IS_ERR(exc)) return SK_ERR;
    return throw_to(vm, t, exc, !SK_IS_UNDEF(a[0]) && sk_truthy(vm, a[0]) > 0);
}

// raise_exception(cls, *args) / send_exception(cls, *args): cls(*args);
// cls must be an exception class (Stackless's slp_make_bomb).
static SkValue exc_from_class(SkVM *vm, const char *who, SkValue cls, SkValue *rest, int nrest) {
    if (!SK_IS_KIND(cls, SK_CLASS) || !sk_is_subclass(SK_AS_CLASS(cls), vm->exc.BaseException))
        return sk_raise(vm, vm->exc.TypeError,
                        "%s needs Exception or string subclass as first parameter", who);
    return sk_exc_new(vm, SK_AS_CLASS(cls), rest, nrest);
}

// throw(exc, val, tb) / send_throw: the raise statement's rules. A class
// with val: a tuple is its arguments, an instance of it is used as it is,
// anything else is its one argument; an instance must come without val.
static SkValue exc_from_raise(SkVM *vm, SkValue exc, SkValue val, SkValue tb) {
    bool noval = SK_IS_UNDEF(val) || SK_IS_NONE(val);
    if (!SK_IS_UNDEF(tb) && !SK_IS_NONE(tb) && !SK_IS_KIND(tb, SK_INSTANCE))
        return sk_raise(vm, vm->exc.TypeError, "third argument must be a traceback object");
    if (SK_IS_KIND(exc, SK_CLASS) && sk_is_subclass(SK_AS_CLASS(exc), vm->exc.BaseException)) {
        SkClass *c = SK_AS_CLASS(exc);
        if (noval) return sk_exc_new(vm, c, NULL, 0);
        if (SK_IS_TUPLE(val))
            return sk_exc_new(vm, c, SK_AS_TUPLE(val)->items, (int)SK_AS_TUPLE(val)->len);
        if (sk_isinstance(vm, val, c)) return val;
        return sk_exc_new(vm, c, &val, 1);
    }
    if (SK_IS_KIND(exc, SK_EXCEPTION)) {
        if (!noval)
            return sk_raise(vm, vm->exc.TypeError,
                            "instance exception may not have a separate value");
        return exc;
    }
    return sk_raise(vm, vm->exc.TypeError, "exceptions must be classes, or instances, not %s",
                    sk_class_of(vm, exc)->name->data);
}

static SkValue t_raise_exception(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkTasklet *t = as_tasklet(vm, args[0]);
    if (!t) return SK_ERR;
    SkValue exc = exc_from_class(vm, "tasklet.raise_exception", args[1], args + 2, nargs - 2);
    if (SK_IS_ERR(exc)) return SK_ERR;
    return throw_to(vm, t, exc, false);
}

static SkValue t_throw(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    static const char *const names[] = {"exc", "val", "tb", "pending"};
    SkValue a[4];
    SkTasklet *t = as_tasklet(vm, args[0]);
    if (!t || !sk_bind_args(vm, "throw", args + 1, nargs - 1, kw, names, 4, 1, a)) return SK_ERR;
    SkValue exc = exc_from_raise(vm, a[0], a[1], a[2]);
    if (SK_IS_ERR(exc)) return SK_ERR;
    return throw_to(vm, t, exc, !SK_IS_UNDEF(a[3]) && sk_truthy(vm, a[3]) > 0);
}

static SkValue t_set_atomic(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkTasklet *t = as_tasklet(vm, args[0]);
    if (!t) return SK_ERR;
    bool old = t->tflags & SK_TF_ATOMIC;
    int v = sk_truthy(vm, args[1]);
    if (v < 0) return SK_ERR;
    if (v)
        t->tflags |= SK_TF_ATOMIC;
    else
        t->tflags &= (uint8_t)~SK_TF_ATOMIC;
    if (!v && old && t == vm->current && sk_sched_atomic_off(vm, sk_bool(old))) return SK_NONE;
    return sk_bool(old);
}

static SkValue t_call(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    return t_setup(vm, args, nargs, kw);
}

#define TGET(fname, expr)                                                                          \
    static SkValue fname(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {                        \
        SkTasklet *t = as_tasklet(vm, args[0]);                                                    \
        if (!t) return SK_ERR;                                                                     \
        return expr;                                                                               \
    }
TGET(t_alive, sk_bool(has_frame(t)))
TGET(t_blocked, sk_bool(t->tflags &SK_TF_BLOCKED))
TGET(t_scheduled, sk_bool((t->tflags & (SK_TF_SCHEDULED | SK_TF_BLOCKED)) || t == vm->current))
TGET(t_paused,
     sk_bool(has_frame(t) && !(t->tflags & (SK_TF_SCHEDULED | SK_TF_BLOCKED)) && t != vm->current))
TGET(t_is_main, sk_bool(t == vm->main))
TGET(t_is_current, sk_bool(t == vm->current))
TGET(t_atomic, sk_bool(t->tflags &SK_TF_ATOMIC))
TGET(t_name, sk_tasklet_name(t) ? sk_obj(sk_tasklet_name(t)) : SK_NONE)
// Stackless keeps a bound tasklet's function in tempval until setup.
TGET(t_tempval,
     SK_IS_UNDEF(t->tempval)
         ? (SK_IS_UNDEF(sk_tasklet_args(t)) && !SK_IS_UNDEF(sk_tasklet_func(t)) ? sk_tasklet_func(t)
                                                                                : SK_NONE)
         : t->tempval)
TGET(t_block_trap, sk_bool(t->xflags &SK_TX_BLOCK_TRAP))
TGET(t_ignore_nesting, sk_bool(t->ext && t->ext->ignore_nesting))
TGET(t_thread_id, sk_int((int64_t)thread_id()))
// Python frames on the tasklet; C levels above its first (sk_invoke).
TGET(t_recursion_depth, sk_int(t->state == SK_TS_ALIVE ? t->nframes : 0))
TGET(t_nesting_level, sk_int(t->state == SK_TS_ALIVE && t->c_depth > 1 ? t->c_depth - 1 : 0))
// Skein keeps no C stack in a tasklet, so any tasklet not inside a nested
// C level could be restored (Stackless 3.7 says True for main too).
TGET(t_restorable, sk_bool(t->state != SK_TS_ALIVE || t->c_depth <= 1))
// Neighbours in the run queue, or (as Stackless) in the channel's queue of
// a blocked tasklet; None at the ends and otherwise.
#define IN_A_QUEUE(t)                                                                              \
    (((t)->tflags & SK_TF_SCHEDULED) ||                                                            \
     (((t)->tflags & SK_TF_BLOCKED) && !((t)->tflags & (SK_TF_SELECT | SK_TF_IO))))
TGET(t_next, IN_A_QUEUE(t) && t->next ? wrap_t(t->next) : SK_NONE)
TGET(t_prev, IN_A_QUEUE(t) && t->prev ? wrap_t(t->prev) : SK_NONE)
TGET(t_frame, t->state == SK_TS_ALIVE && t->nframes > 0 ? sk_frame_object_of(vm, t, 0) : SK_NONE)

static SkValue t_set_tempval(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkTasklet *t = as_tasklet(vm, args[0]);
    if (!t) return SK_ERR;
    t->tempval = args[1];
    return SK_NONE;
}

static SkValue t_set_block_trap(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkTasklet *t = as_tasklet(vm, args[0]);
    int on = t ? sk_truthy(vm, args[1]) : -1;
    if (on < 0) return SK_ERR;
    t->xflags = on ? t->xflags | SK_TX_BLOCK_TRAP : t->xflags & ~SK_TX_BLOCK_TRAP;
    return SK_NONE;
}

// set_ignore_nesting(flag): the old flag. Skein interrupts (run(timeout),
// preemption) only at the tasklet's first C level; the flag is kept for
// programs that read it back.
static SkValue t_set_ignore_nesting(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkTasklet *t = as_tasklet(vm, args[0]);
    int on = t ? sk_truthy(vm, args[1]) : -1;
    if (on < 0) return SK_ERR;
    bool old = t->ext && t->ext->ignore_nesting;
    if (on && !sk_tasklet_ext(vm, t)) return SK_ERR;
    if (t->ext) t->ext->ignore_nesting = on;
    return sk_bool(old);
}

// context_run(callable, *args, **kwargs): Skein has no contextvars, so a
// tasklet's context is the one context: just call.
static SkValue t_context_run(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    if (!as_tasklet(vm, args[0])) return SK_ERR;
    return sk_invoke(vm, args[1], args + 2, nargs - 2, kw);
}
// A tasklet parked on the event loop (SK_TF_IO) waits on no channel.
TGET(t_channel, (t->tflags & SK_TF_IO)      ? SK_NONE
                : (t->tflags &SK_TF_SELECT) ? wrap_c(t->sel->w[0].ch)
                : t->blocked_on             ? wrap_c(t->blocked_on)
                                            : SK_NONE)

static SkValue cstr_value(SkVM *vm, const char *s) {
    SkStr *r = sk_str_cstr(vm, s);
    return r ? sk_obj(r) : SK_ERR;
}
TGET(t_state, cstr_value(vm, t->state == SK_TS_DEAD          ? "dead"
                             : t == vm->current              ? "current"
                             : (t->tflags & SK_TF_BLOCKED)   ? "blocked"
                             : (t->tflags & SK_TF_SCHEDULED) ? "scheduled"
                                                             : "paused"))

// "name at file:line (receive)": where t waits or runs.
static SkValue t_where(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkTasklet *t = as_tasklet(vm, args[0]);
    if (!t) return SK_ERR;
    SkStr *s = sk_sched_describe(vm, t);
    return s ? sk_obj(s) : SK_ERR;
}

static SkValue t_set_name(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkTasklet *t = as_tasklet(vm, args[0]);
    if (!t) return SK_ERR;
    if (!SK_IS_STR(args[1]) && !SK_IS_NONE(args[1]))
        return sk_raise(vm, vm->exc.TypeError, "tasklet name must be a str");
    if (SK_IS_NONE(args[1]) && !t->ext) return SK_NONE;
    if (!sk_tasklet_ext(vm, t)) return SK_ERR;
    t->ext->name = SK_IS_STR(args[1]) ? SK_AS_STR(args[1]) : NULL;
    return SK_NONE;
}

static SkValue t_repr(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkTasklet *t = as_tasklet(vm, args[0]);
    if (!t) return SK_ERR;
    SkBuf b;
    sk_buf_init(&b);
    SkStr *name = sk_tasklet_name(t);
    sk_buf_appendf(vm, &b, "<tasklet %s>", name ? name->data : "?");
    SkStr *s = sk_buf_finish(vm, &b);
    return s ? sk_obj(s) : SK_ERR;
}

// ---------------------------------------------------------------- channel

static SkValue channel_construct(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    static const char *const names[] = {"capacity"};
    SkValue a[1];
    if (!sk_bind_args(vm, "channel", args, nargs, kw, names, 1, 0, a)) return SK_ERR;
    SkChannel *c = sk_channel_new(vm);
    if (!c) return SK_ERR;
    if (!SK_IS_UNDEF(a[0])) {
        int64_t n;
        if (!sk_mod_to_int(vm, a[0], &n)) return SK_ERR;
        if (n < 0 || n > (1 << 24))
            return sk_raise(vm, vm->exc.ValueError,
                            "channel capacity must be between 0 and 16777216");
        if (n > 0) {
            c->buf = calloc((size_t)n, sizeof(SkValue));
            if (!c->buf) return sk_raise_nomem(vm);
            c->cap = (size_t)n;
        }
    }
    return sk_obj(c);
}

static SkValue c_init(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkChannel *c = as_channel(vm, args[0]);
    return c ? SK_NONE : SK_ERR;
}

// A timeout= argument: None (or absent) is -1, no deadline; otherwise a
// non-negative number of seconds.
static bool timeout_arg(SkVM *vm, SkValue v, double *out) {
    *out = -1;
    if (SK_IS_UNDEF(v) || SK_IS_NONE(v)) return true;
    if (!sk_mod_to_double(vm, v, out)) return false;
    if (*out != *out)
        return !SK_IS_ERR(sk_raise(vm, vm->exc.ValueError, "Invalid value NaN (not a number)"));
    if (*out < 0)
        return !SK_IS_ERR(
            sk_raise(vm, vm->exc.ValueError, "timeout must be a non-negative number"));
    return true;
}

// ch.send(v) / ch.receive(), and the Skein extension timeout=s: a partner
// must come within s seconds, else TimeoutError("timed out"); the wait is
// a one-case select.
static SkValue timed_action(SkVM *vm, SkChannel *c, int dir, SkValue v, SkValue t) {
    double timeout;
    if (!timeout_arg(vm, t, &timeout)) return SK_ERR;
    SkSelect *s = calloc(1, sizeof(SkSelect) + sizeof(SkSelWait));
    if (!s) return sk_raise_value(vm, vm->memory_error);
    s->n = 1;
    s->single = true;
    s->w[0].ch = c;
    s->w[0].dir = dir;
    s->w[0].val = v;
    return sk_channel_select(vm, s, timeout);
}

static SkValue c_send_throw(SkVM *vm, SkValue *args, int nargs, SkTuple *kw);

// A bomb (Stackless's exception carrier) sent on a channel raises its
// exception in the receiver: send_throw(type, value, traceback).
SK_NOINLINE static SkValue send_bomb(SkVM *vm, SkValue self, SkValue b) {
    SkInstance *in = SK_AS_INSTANCE(b);
    SkValue a[4] = {self, SK_NONE, SK_NONE, SK_NONE};
    static const char *const fields[] = {"type", "value", "traceback"};
    for (int i = 0; i < 3; i++) {
        SkValue v = sk_dict_get_str(in->dict, sk_str_intern_cstr(vm, fields[i]));
        a[i + 1] = SK_IS_UNDEF(v) ? SK_NONE : v;
    }
    if (SK_IS_NONE(a[1]) && SK_IS_KIND(a[2], SK_EXCEPTION)) a[1] = a[2];
    if (SK_IS_NONE(a[1])) return sk_raise(vm, vm->exc.TypeError, "bomb has no exception to raise");
    return c_send_throw(vm, a, SK_IS_NONE(a[3]) ? 3 : 4, NULL);
}

static SkValue c_send(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    static const char *const names[] = {"value", "timeout"};
    SkChannel *c = as_channel(vm, args[0]);
    if (!c) return SK_ERR;
    if (SK_UNLIKELY(nargs == 2 && SK_IS_KIND(args[1], SK_INSTANCE)) && !kw &&
        &SK_AS_INSTANCE(args[1])->cls->obj == SK_AS_OBJ(vm->sched.bomb))
        return send_bomb(vm, args[0], args[1]);
    if (!kw && nargs == 2) return sk_channel_action(vm, c, 1, args[1], false);
    SkValue a[2];
    if (!sk_bind_args(vm, "send", args + 1, nargs - 1, kw, names, 2, 1, a)) return SK_ERR;
    if (SK_IS_UNDEF(a[1]) || SK_IS_NONE(a[1])) return sk_channel_action(vm, c, 1, a[0], false);
    return timed_action(vm, c, 1, a[0], a[1]);
}

static SkValue c_receive(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    static const char *const names[] = {"timeout"};
    SkChannel *c = as_channel(vm, args[0]);
    if (!c) return SK_ERR;
    if (!kw && nargs == 1) return sk_channel_action(vm, c, -1, SK_NONE, false);
    SkValue a[1];
    if (!sk_bind_args(vm, "receive", args + 1, nargs - 1, kw, names, 1, 0, a)) return SK_ERR;
    if (SK_IS_UNDEF(a[0]) || SK_IS_NONE(a[0])) return sk_channel_action(vm, c, -1, SK_NONE, false);
    return timed_action(vm, c, -1, SK_NONE, a[0]);
}

static SkValue c_send_exception(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkChannel *c = as_channel(vm, args[0]);
    if (!c) return SK_ERR;
    SkValue exc = exc_from_class(vm, "channel.send_exception", args[1], args + 2, nargs - 2);
    if (SK_IS_ERR(exc)) return SK_ERR;
    return sk_channel_action(vm, c, 1, exc, true);
}

static SkValue c_send_throw(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkChannel *c = as_channel(vm, args[0]);
    if (!c) return SK_ERR;
    SkValue exc =
        exc_from_raise(vm, args[1], nargs > 2 ? args[2] : SK_UNDEF, nargs > 3 ? args[3] : SK_UNDEF);
    if (SK_IS_ERR(exc)) return SK_ERR;
    return sk_channel_action(vm, c, 1, exc, true);
}

// close(wake=False): no new blocking (Stackless's rule: tasklets already
// waiting stay, and the channel is closed once they are served). With
// wake=True (a Skein extension, Go's close), receivers already waiting
// are woken with ValueError("Send/receive operation on a closed
// channel"), which ends their `for x in ch`: a worker pool can be shut
// down by closing its job channel. Waiting senders stay either way.
static SkValue c_close(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    static const char *const names[] = {"wake"};
    SkValue a[1];
    SkChannel *c = as_channel(vm, args[0]);
    if (!c || !sk_bind_args(vm, "close", args + 1, nargs - 1, kw, names, 1, 0, a)) return SK_ERR;
    c->closing = true;
    int wake = SK_IS_UNDEF(a[0]) ? 0 : sk_truthy(vm, a[0]);
    if (wake < 0) return SK_ERR;
    while (wake && c->balance < 0 && c->head) {
        SkTasklet *t = c->head;
        SkValue saved = sk_take_exc(vm);
        sk_raise(vm, vm->exc.ValueError, "Send/receive operation on a closed channel");
        SkValue exc = sk_take_exc(vm);
        vm->current->exc = saved;
        if (SK_IS_UNDEF(exc)) return sk_raise_nomem(vm);
        sk_sched_throw_into(vm, t, exc); // unlinks it from the channel
        sk_sched_insert(vm, t);
    }
    return SK_NONE;
}

static SkValue c_open(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkChannel *c = as_channel(vm, args[0]);
    if (!c) return SK_ERR;
    c->closing = false;
    return SK_NONE;
}

#define CGET(fname, expr)                                                                          \
    static SkValue fname(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {                        \
        SkChannel *c = as_channel(vm, args[0]);                                                    \
        if (!c) return SK_ERR;                                                                     \
        return expr;                                                                               \
    }
CGET(c_balance, sk_int(c->balance))
CGET(c_preference, sk_int(c->preference))
CGET(c_closed, sk_bool(sk_channel_closed(c)))
CGET(c_closing, sk_bool(c->closing))
CGET(c_queue, c->head ? wrap_t(c->head) : c->sel_head ? wrap_t(c->sel_head->sel->t) : SK_NONE)
CGET(c_capacity, sk_int((int64_t)c->cap))
CGET(c_len, sk_int((int64_t)c->len))

CGET(c_schedule_all, sk_int(c->schedule_all))

static SkValue c_set_schedule_all(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkChannel *c = as_channel(vm, args[0]);
    int on = c ? sk_truthy(vm, args[1]) : -1;
    if (on < 0) return SK_ERR;
    c->schedule_all = on;
    return SK_NONE;
}

static SkValue c_set_preference(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkChannel *c = as_channel(vm, args[0]);
    if (!c) return SK_ERR;
    int64_t p;
    if (!sk_mod_to_int(vm, args[1], &p)) return SK_ERR;
    c->preference = p < 0 ? -1 : p > 0 ? 1 : 0;
    return SK_NONE;
}

// ---------------------------------------------------------------- module functions

static SkValue m_getcurrent(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    return wrap_t(vm->current);
}
static SkValue m_getmain(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    return wrap_t(vm->main);
}
static SkValue m_getruncount(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    return sk_int(vm->sched.runcount + ((vm->current->tflags & SK_TF_SCHEDULED) ? 0 : 1));
}

static SkValue m_schedule(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkTasklet *cur = vm->current;
    SkValue rv = nargs > 0 ? args[0] : wrap_t(cur); // Stackless: retval=stackless.current
    if (!(cur->tflags & SK_TF_SCHEDULED) || vm->sched.runcount <= 1) return rv;
    if (!sk_sched_can_switch(vm, "schedule")) return SK_ERR;
    sk_sched_park(vm);
    cur->tempval = rv;
    sk_sched_switch_to(vm, cur->next);
    return SK_NONE;
}

static SkValue m_schedule_remove(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkTasklet *cur = vm->current;
    SkValue rv = nargs > 0 ? args[0] : wrap_t(cur); // Stackless: retval=stackless.current
    if (!sk_sched_can_switch(vm, "schedule_remove")) return SK_ERR;
    if (!sk_sched_check_deadlock(vm, 0)) return SK_ERR;
    sk_sched_park(vm);
    cur->tempval = rv;
    sk_sched_remove(vm, cur);
    sk_sched_leave(vm);
    return SK_NONE;
}

static SkValue m_run(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    static const char *const names[] = {"timeout", "threadblock", "soft", "ignore_nesting",
                                        "totaltimeout"};
    SkValue a[5];
    if (!sk_bind_args(vm, "run", args, nargs, kw, names, 5, 0, a)) return SK_ERR;
    SkTasklet *m = vm->current;
    int64_t timeout = 0;
    if (!SK_IS_UNDEF(a[0]) && !sk_mod_to_int(vm, a[0], &timeout)) return SK_ERR;
    int others = vm->sched.runcount - ((m->tflags & SK_TF_SCHEDULED) ? 1 : 0);
    // Tasklets parked on the event loop (sleeping, waiting for I/O) will
    // run again: run() waits for them too.
    if (others <= 0 && sk_loop_pending(vm) == 0) return SK_NONE;
    int soft = SK_IS_UNDEF(a[2]) ? 0 : sk_truthy(vm, a[2]);
    int total = SK_IS_UNDEF(a[4]) ? 0 : sk_truthy(vm, a[4]);
    if (soft < 0 || total < 0) return SK_ERR;
    return sk_sched_run_main(vm, timeout > 0 ? (long)timeout : 0,
                             (total ? SK_RUN_TOTAL : 0) | (soft ? SK_RUN_SOFT : 0), "run");
}

// The channel a select() case waits on: a channel, or the one an object
// with a __channel__() method gives (process.Process: its inbox, started;
// a finished process raises its end there instead).
static SkChannel *select_channel(SkVM *vm, SkValue v) {
    if (SK_IS_KIND(v, SK_INSTANCE) && !SK_IS_KIND(SK_AS_INSTANCE(v)->base, SK_CHANNEL)) {
        SkStr *name = sk_str_intern(vm, "__channel__", 11);
        if (!name) return NULL;
        if (!SK_IS_UNDEF(sk_class_lookup(vm, SK_AS_INSTANCE(v)->cls, name))) {
            SkValue ch = sk_invoke_method(vm, v, name, NULL, 0);
            if (SK_IS_ERR(ch)) return NULL;
            if (!SK_IS_KIND(ch, SK_CHANNEL)) {
                sk_raise(vm, vm->exc.TypeError, "__channel__() returned a '%s', not a channel",
                         sk_type_name(vm, ch));
                return NULL;
            }
            return (SkChannel *)SK_AS_OBJ(ch);
        }
    }
    return as_channel(vm, v);
}

// select(cases, timeout=None): cases are ('recv', ch) or ('send', ch, v).
// The first ready case, scanning from a rotating start for fairness, is
// performed: returns (index, received value or None). Ready means it
// completes without blocking: a partner waits, or the buffer has a value /
// room. With nothing ready, timeout=0 returns None at once; otherwise the
// tasklet waits on every case's channel at once until one fires, or
// returns None when timeout seconds pass (vm/sched/channel.h).
static SkValue m_select(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    static const char *const names[] = {"cases", "timeout"};
    SkValue a[2];
    if (!sk_bind_args(vm, "select", args, nargs, kw, names, 2, 1, a)) return SK_ERR;
    SkValue cases = a[0];
    if (!SK_IS_LIST(cases) && !SK_IS_TUPLE(cases))
        return sk_raise(vm, vm->exc.TypeError, "select() cases must be a list or tuple");
    size_t n = SK_IS_LIST(cases) ? SK_AS_LIST(cases)->len : SK_AS_TUPLE(cases)->len;
    SkValue *items = SK_IS_LIST(cases) ? SK_AS_LIST(cases)->items : SK_AS_TUPLE(cases)->items;
    // Validate everything first, so a bad case fails whatever is ready.
    for (size_t i = 0; i < n; i++) {
        SkValue c = items[i];
        if (!SK_IS_TUPLE(c) || SK_AS_TUPLE(c)->len < 2 || !SK_IS_STR(SK_AS_TUPLE(c)->items[0]))
            return sk_raise(vm, vm->exc.TypeError,
                            "select() case %d must be ('recv', ch) or ('send', ch, value)", (int)i);
        const char *op = SK_AS_STR(SK_AS_TUPLE(c)->items[0])->data;
        size_t want = strcmp(op, "recv") == 0 ? 2 : strcmp(op, "send") == 0 ? 3 : 0;
        if (!want || SK_AS_TUPLE(c)->len != want)
            return sk_raise(vm, vm->exc.TypeError,
                            "select() case %d must be ('recv', ch) or ('send', ch, value)", (int)i);
        if (!select_channel(vm, SK_AS_TUPLE(c)->items[1])) return SK_ERR;
    }
    if (n == 0) return sk_raise(vm, vm->exc.ValueError, "select() needs at least one case");
    double timeout;
    if (!timeout_arg(vm, a[1], &timeout)) return SK_ERR;
    SkSelect *s = calloc(1, sizeof(SkSelect) + n * sizeof(SkSelWait));
    if (!s) return sk_raise_value(vm, vm->memory_error);
    s->n = n;
    for (size_t i = 0; i < n; i++) {
        SkTuple *c = SK_AS_TUPLE(items[i]);
        s->w[i].ch = select_channel(vm, c->items[1]);
        if (!s->w[i].ch) {
            free(s);
            return SK_ERR;
        }
        s->w[i].dir = c->len == 3 ? 1 : -1;
        s->w[i].val = c->len == 3 ? c->items[2] : SK_NONE;
        s->w[i].index = (int)i;
    }
    return sk_channel_select(vm, s, timeout);
}

// Every live tasklet (started or bound with arguments), oldest first;
// t.state and t.where say what each does.
static SkValue m_tasklets(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    // Collect first: every tasklet left on the object list is reachable,
    // so the allocations below cannot free one under our feet.
    sk_gc_collect(vm);
    SkList *l = sk_list_new(vm, 0);
    if (!l) return SK_ERR;
    for (SkObj *o = vm->objects; o; o = o->next) {
        if (o->kind != SK_TASKLET) continue;
        SkTasklet *t = (SkTasklet *)o;
        if (t->state == SK_TS_DEAD || (t->state == SK_TS_NEW && SK_IS_UNDEF(sk_tasklet_args(t))))
            continue;
        if (!sk_list_append(vm, l, wrap_t(t))) return SK_ERR;
    }
    // The object list is newest first.
    for (size_t i = 0, j = l->len ? l->len - 1 : 0; i < j; i++, j--) {
        SkValue x = l->items[i];
        l->items[i] = l->items[j];
        l->items[j] = x;
    }
    return sk_obj(l);
}

// set_schedule_callback(cb) / set_channel_callback(cb): None removes;
// returns the previous callback (or None).
static SkValue set_cb(SkVM *vm, SkValue *slot, SkValue cb) {
    SkValue old = SK_IS_UNDEF(*slot) ? SK_NONE : *slot;
    if (!SK_IS_NONE(cb) && !sk_callable(vm, cb))
        return sk_raise(vm, vm->exc.TypeError, "callback must be callable or None");
    *slot = SK_IS_NONE(cb) ? SK_UNDEF : cb;
    return old;
}
static SkValue m_set_schedule_callback(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    return set_cb(vm, &vm->sched.schedule_cb, args[0]);
}
static SkValue m_set_channel_callback(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    return set_cb(vm, &vm->sched.channel_cb, args[0]);
}

static SkValue m_get_schedule_callback(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    return SK_IS_UNDEF(vm->sched.schedule_cb) ? SK_NONE : vm->sched.schedule_cb;
}
static SkValue m_get_channel_callback(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    return SK_IS_UNDEF(vm->sched.channel_cb) ? SK_NONE : vm->sched.channel_cb;
}
// set_error_handler(handler=None): handler(type, value, tb) is called for
// an exception escaping a tasklet; returning ends the matter, raising
// sends its exception to main (as without a handler). The old one back.
static SkValue m_set_error_handler(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    return set_cb(vm, &vm->sched.error_handler, nargs > 0 ? args[0] : SK_NONE);
}

// switch_trap(change): add change to the trap level; the old level. While
// it is above 0 every switch raises RuntimeError("switch_trap").
static SkValue m_switch_trap(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    int64_t d;
    if (!sk_mod_to_int(vm, args[0], &d)) return SK_ERR;
    int old = vm->sched.switch_trap;
    vm->sched.switch_trap = (int)(old + d);
    return sk_int(old);
}

// enable_softswitch(flag): Skein always switches without the C stack; the
// flag is remembered and reported. None only asks.
static SkValue m_enable_softswitch(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    bool old = !vm->sched.no_softswitch;
    if (!SK_IS_NONE(args[0])) {
        int on = sk_truthy(vm, args[0]);
        if (on < 0) return SK_ERR;
        vm->sched.no_softswitch = !on;
    }
    return sk_bool(old);
}

// getcurrentid(): main's is the thread's id; another tasklet's its own.
static SkValue m_getcurrentid(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkTasklet *t = vm->current;
    if (t == vm->main) return sk_int((int64_t)thread_id());
    uintptr_t p = (uintptr_t)t;
    return sk_int((int64_t)((uint64_t)p ^ ((uint64_t)p >> 32)) & INT64_MAX);
}

static SkValue m_get_thread_info(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    int64_t id = 0;
    if (nargs > 0 && !sk_mod_to_int(vm, args[0], &id)) return SK_ERR;
    if (nargs > 0 && id != (int64_t)thread_id() && id != 0 && id != -1) // -1, 0: this thread
        return sk_raise(vm, vm->exc.ValueError, "Bad thread id");
    // Bit 31 of the (undocumented) second argument: Stackless appends its
    // watchdog list, [the armed run(timeout)'s tasklet or None, the
    // tasklets inside run() innermost last] (its unit tests read it).
    int64_t flags = 0;
    if (nargs > 1 && !sk_mod_to_int(vm, args[1], &flags)) return SK_ERR;
    bool with_wd = flags & ((int64_t)1 << 31);
    SkTuple *r = sk_tuple_new(vm, with_wd ? 4 : 3);
    if (!r) return SK_ERR;
    r->items[0] = wrap_t(vm->main);
    r->items[1] = wrap_t(vm->current);
    r->items[2] = m_getruncount(vm, NULL, 0, NULL);
    if (with_wd) {
        sk_gc_push_root(vm, sk_obj(r));
        SkObj *l = sk_sched_watchdog_list(vm);
        sk_gc_pop_root(vm);
        if (!l && sk_has_exc(vm)) return SK_ERR;
        r->items[3] = l ? sk_obj(l) : SK_NONE;
    }
    return sk_obj(r);
}

static SkValue m_getuncollectables(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkList *l = sk_list_new(vm, 0); // no tasklet ever holds a C stack
    return l ? sk_obj(l) : SK_ERR;
}
static SkValue m_getdebug(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) { return SK_FALSE; }

// getthreads(): the ids of the threads with tasklets: the VM's one thread.
static SkValue m_getthreads(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkValue id = sk_int((int64_t)thread_id());
    SkList *l = sk_list_from(vm, &id, 1);
    return l ? sk_obj(l) : SK_ERR;
}

// tasklet.bind_thread(thread_id=None): a tasklet lives in the VM's thread;
// binding it there (the only thread) is allowed, any other is refused.
static SkValue t_bind_thread(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkTasklet *t = as_tasklet(vm, args[0]);
    int64_t id = -1;
    if (!t || (nargs > 1 && !SK_IS_NONE(args[1]) && !sk_mod_to_int(vm, args[1], &id)))
        return SK_ERR;
    if (id != -1 && id != (int64_t)thread_id())
        return sk_raise(vm, vm->exc.ValueError, "tasklets cannot move between threads in Skein");
    return SK_NONE;
}

// pickle_flags(new=-1, mask=-1) / pickle_flags_default: Stackless's three
// flag bits are kept (tasklets cannot be pickled yet); the old value back.
static SkValue pickle_flags(SkVM *vm, SkValue *args, int nargs, int *slot) {
    int64_t nv = -1, mask = -1;
    if ((nargs > 0 && !sk_mod_to_int(vm, args[0], &nv)) ||
        (nargs > 1 && !sk_mod_to_int(vm, args[1], &mask)))
        return SK_ERR;
    int old = *slot;
    if (nv != -1) {
        if (nv < 0 || (nv & ~7))
            return sk_raise(vm, vm->exc.ValueError, "you must not set an undefined pickle-flag");
        int64_t m = mask == -1 ? 7 : mask;
        *slot = (int)((old & ~m) | (nv & m));
    }
    return sk_int(old);
}
static SkValue m_pickle_flags(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    return pickle_flags(vm, args, nargs, &vm->sched.pickle_flags);
}
static SkValue m_pickle_flags_default(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    return pickle_flags(vm, args, nargs, &vm->sched.pickle_flags_default);
}

// Module attributes that follow the scheduler (PEP 562's __getattr__):
// stackless.current, .main, .runcount, .threads.
static SkValue m_getattr(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    if (!SK_IS_STR(args[0])) return sk_raise(vm, vm->exc.TypeError, "attribute name must be str");
    const char *n = SK_AS_STR(args[0])->data;
    if (strcmp(n, "current") == 0) return wrap_t(vm->current);
    if (strcmp(n, "main") == 0) return wrap_t(vm->main);
    if (strcmp(n, "runcount") == 0) return m_getruncount(vm, NULL, 0, NULL);
    if (strcmp(n, "uncollectables") == 0) return m_getuncollectables(vm, NULL, 0, NULL);
    if (strcmp(n, "debug") == 0) return SK_FALSE;
    if (strcmp(n, "stackless") == 0) return sk_import_name(vm, sk_str_intern_cstr(vm, "stackless"));
    if (strcmp(n, "threads") == 0) return m_getthreads(vm, NULL, 0, NULL);
    return sk_raise(vm, vm->exc.AttributeError, "module 'stackless' has no attribute '%s'", n);
}

// ---------------------------------------------------------------- init

static bool prop(SkVM *vm, SkClass *cls, const char *name, NFn get, NFn set) {
    SkNative *g = sk_native_new(vm, name, get, 1, 1, false);
    if (!g) return false;
    g->owner = cls;
    SkProperty *p = sk_gc_alloc(vm, SK_PROPERTY, sizeof(SkProperty));
    if (!p) return false;
    p->fget = sk_obj(g);
    p->fset = p->fdel = p->doc = SK_NONE;
    if (set) {
        SkNative *s = sk_native_new(vm, name, set, 2, 2, false);
        if (!s) return false;
        s->owner = cls;
        p->fset = sk_obj(s);
    }
    return sk_dict_set_cstr(vm, cls->dict, name, sk_obj(p));
}

bool sk_mod_stackless_init(SkVM *vm, SkModule *m) {
    SkTasklet *main = vm->main;
    if (!(main->tflags & SK_TF_SCHEDULED) && vm->current == main) sk_sched_insert(vm, main);
    if (!sk_tasklet_ext(vm, main)) return false;
    if (!main->ext->name && !(main->ext->name = sk_str_cstr(vm, "main"))) return false;

    SkClass *tc = sk_class_new_builtin(vm, "tasklet", vm->t.object, SK_TASKLET);
    SkClass *cc = sk_class_new_builtin(vm, "channel", vm->t.object, SK_CHANNEL);
    if (!tc || !cc) return false;
    vm->t.tasklet = tc;
    vm->t.channel = cc;
    tc->construct = tasklet_construct;
    cc->construct = channel_construct;
    if (!sk_define_method(vm, tc, "__init__", t_init, 1, -1, true) ||
        !sk_define_method(vm, tc, "__call__", t_call, 1, -1, true) ||
        !sk_define_method(vm, tc, "__repr__", t_repr, 1, 1, false) ||
        !sk_define_method(vm, tc, "bind", t_bind, 1, 4, true) ||
        !sk_define_method(vm, tc, "setup", t_setup, 1, -1, true) ||
        !sk_define_method(vm, tc, "insert", t_insert, 1, 1, false) ||
        !sk_define_method(vm, tc, "remove", t_remove, 1, 1, false) ||
        !sk_define_method(vm, tc, "run", t_run, 1, 1, false) ||
        !sk_define_method(vm, tc, "switch", t_switch, 1, 1, false) ||
        !sk_define_method(vm, tc, "kill", t_kill, 1, 2, true) ||
        !sk_define_method(vm, tc, "raise_exception", t_raise_exception, 2, -1, false) ||
        !sk_define_method(vm, tc, "throw", t_throw, 1, 5, true) ||
        !sk_define_method(vm, tc, "set_atomic", t_set_atomic, 2, 2, false) ||
        !prop(vm, tc, "alive", t_alive, NULL) || !prop(vm, tc, "blocked", t_blocked, NULL) ||
        !prop(vm, tc, "scheduled", t_scheduled, NULL) || !prop(vm, tc, "paused", t_paused, NULL) ||
        !prop(vm, tc, "is_main", t_is_main, NULL) ||
        !prop(vm, tc, "is_current", t_is_current, NULL) ||
        !prop(vm, tc, "atomic", t_atomic, NULL) || !prop(vm, tc, "name", t_name, t_set_name) ||
        !prop(vm, tc, "channel", t_channel, NULL) || !prop(vm, tc, "state", t_state, NULL) ||
        !prop(vm, tc, "where", t_where, NULL) ||
        !prop(vm, tc, "tempval", t_tempval, t_set_tempval) ||
        !prop(vm, tc, "block_trap", t_block_trap, t_set_block_trap) ||
        !prop(vm, tc, "ignore_nesting", t_ignore_nesting, NULL) ||
        !prop(vm, tc, "thread_id", t_thread_id, NULL) ||
        !prop(vm, tc, "recursion_depth", t_recursion_depth, NULL) ||
        !prop(vm, tc, "nesting_level", t_nesting_level, NULL) ||
        !prop(vm, tc, "restorable", t_restorable, NULL) || !prop(vm, tc, "next", t_next, NULL) ||
        !prop(vm, tc, "prev", t_prev, NULL) || !prop(vm, tc, "frame", t_frame, NULL) ||
        !sk_define_method(vm, tc, "set_ignore_nesting", t_set_ignore_nesting, 2, 2, false) ||
        !sk_define_method(vm, tc, "bind_thread", t_bind_thread, 1, 2, false) ||
        !sk_define_method(vm, tc, "context_run", t_context_run, 2, -1, true))
        return false;
    if (!sk_define_method(vm, cc, "__init__", c_init, 1, -1, true) ||
        !sk_define_method(vm, cc, "send", c_send, 1, 3, true) ||
        !sk_define_method(vm, cc, "receive", c_receive, 1, 2, true) ||
        !sk_define_method(vm, cc, "send_exception", c_send_exception, 2, -1, false) ||
        !sk_define_method(vm, cc, "send_throw", c_send_throw, 2, 4, false) ||
        !sk_define_method(vm, cc, "close", c_close, 1, 2, true) ||
        !sk_define_method(vm, cc, "open", c_open, 1, 1, false) ||
        !prop(vm, cc, "balance", c_balance, NULL) ||
        !prop(vm, cc, "preference", c_preference, c_set_preference) ||
        !prop(vm, cc, "closed", c_closed, NULL) || !prop(vm, cc, "closing", c_closing, NULL) ||
        !prop(vm, cc, "queue", c_queue, NULL) || !prop(vm, cc, "capacity", c_capacity, NULL) ||
        !prop(vm, cc, "buffered", c_len, NULL) ||
        !prop(vm, cc, "schedule_all", c_schedule_all, c_set_schedule_all))
        return false;

    SkDict *d = m->dict;
    if (!sk_dict_set_cstr(vm, d, "tasklet", sk_obj(tc)) ||
        !sk_dict_set_cstr(vm, d, "channel", sk_obj(cc)) ||
        !sk_dict_set_cstr(vm, d, "TaskletExit", sk_obj(vm->exc.TaskletExit)) ||
        !sk_define_native(vm, d, "getcurrent", m_getcurrent, 0, 0, false) ||
        !sk_define_native(vm, d, "getmain", m_getmain, 0, 0, false) ||
        !sk_define_native(vm, d, "getruncount", m_getruncount, 0, 0, false) ||
        !sk_define_native(vm, d, "schedule", m_schedule, 0, 1, false) ||
        !sk_define_native(vm, d, "schedule_remove", m_schedule_remove, 0, 1, false) ||
        !sk_define_native(vm, d, "run", m_run, 0, 5, true) ||
        !sk_define_native(vm, d, "tasklets", m_tasklets, 0, 0, false) ||
        !sk_define_native(vm, d, "select", m_select, 1, 2, true) ||
        !sk_define_native(vm, d, "set_schedule_callback", m_set_schedule_callback, 1, 1, false) ||
        !sk_define_native(vm, d, "set_channel_callback", m_set_channel_callback, 1, 1, false) ||
        !sk_define_native(vm, d, "get_schedule_callback", m_get_schedule_callback, 0, 0, false) ||
        !sk_define_native(vm, d, "get_channel_callback", m_get_channel_callback, 0, 0, false) ||
        !sk_define_native(vm, d, "set_error_handler", m_set_error_handler, 0, 1, false) ||
        !sk_define_native(vm, d, "switch_trap", m_switch_trap, 1, 1, false) ||
        !sk_define_native(vm, d, "enable_softswitch", m_enable_softswitch, 1, 1, false) ||
        !sk_define_native(vm, d, "getcurrentid", m_getcurrentid, 0, 0, false) ||
        !sk_define_native(vm, d, "get_thread_info", m_get_thread_info, 0, 2, false) ||
        !sk_define_native(vm, d, "getuncollectables", m_getuncollectables, 0, 0, false) ||
        !sk_define_native(vm, d, "getdebug", m_getdebug, 0, 0, false) ||
        !sk_define_native(vm, d, "getthreads", m_getthreads, 0, 0, false) ||
        !sk_define_native(vm, d, "pickle_flags", m_pickle_flags, 0, 2, false) ||
        !sk_define_native(vm, d, "pickle_flags_default", m_pickle_flags_default, 0, 2, false) ||
        !sk_define_native(vm, d, "__getattr__", m_getattr, 1, 1, false) ||
        !sk_dict_set_cstr(vm, d, "PICKLEFLAGS_PRESERVE_TRACING_STATE", sk_int(1)) ||
        !sk_dict_set_cstr(vm, d, "PICKLEFLAGS_PRESERVE_AG_FINALIZER", sk_int(2)) ||
        !sk_dict_set_cstr(vm, d, "PICKLEFLAGS_RESET_AG_FINALIZER", sk_int(4)))
        return false;

    SkCode *code = sk_compile(vm, HELPERS, sizeof HELPERS - 1, "<stackless>", SK_PARSE_FILE);
    if (!code || SK_IS_ERR(sk_run_code(vm, code, d))) return false;
    vm->sched.boot = sk_dict_get_str(d, sk_str_intern_cstr(vm, "_boot"));
    vm->sched.tasklet_call = t_call;
    vm->sched.bomb = sk_dict_get_str(d, sk_str_intern_cstr(vm, "bomb"));
    const char *moved[] = {"send_sequence", "__iter__", "__next__"};
    for (int i = 0; i < 3; i++) {
        SkStr *k = sk_str_cstr(vm, moved[i]);
        if (!k) return false;
        SkValue f = sk_dict_get_str(d, k);
        if (!sk_dict_set_str(vm, cc->dict, k, f) || sk_dict_del(vm, d, sk_obj(k)) < 0) return false;
    }
    return true;
}
