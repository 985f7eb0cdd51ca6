// vm/exec/call.c -- the calling convention: starting a call of any callable
// ([f a1..an] on the tasklet stack), binding arguments to a Skein
// function's parameters with CPython's exact error messages, calling
// natives and built-in constructors, instantiating user classes (the
// __init__ frame is pushed, not run in C), and sk_invoke for C callers.
#include "vm/exec/call.h"
#include "vm/classes/class.h"
#include "vm/classes/class_create.h"
#include "vm/classes/error.h"
#include "vm/core/gc.h"
#include "vm/exec/frame.h"
#include "vm/exec/generator.h"
#include "vm/exec/import.h"
#include "vm/exec/vm.h"
#include "vm/objects/code.h"
#include "vm/objects/dict.h"
#include "vm/objects/file.h"
#include "vm/objects/str.h"
#include "vm/objects/tuple.h"
#include "vm/sched/sched.h"
#include "vm/sched/tasklet.h"

#include <stdlib.h>

// ---------------------------------------------------------------------------
// Error messages of argument binding

// "'a'", "'a' and 'b'", "'a', 'b', and 'c'", as CPython's format_missing.
static SkValue raise_missing(SkVM *vm, SkStr *qualname, const char *kind, SkStr **names, int n) {
    SkBuf b;
    sk_buf_init(&b);
    for (int i = 0; i < n; i++) {
        if (i > 0) {
            if (n == 2)
                sk_buf_append(vm, &b, " and ", 5);
            else if (i == n - 1)
                sk_buf_append(vm, &b, ", and ", 6);
            else
                sk_buf_append(vm, &b, ", ", 2);
        }
        sk_buf_appendf(vm, &b, "'%s'", names[i]->data);
    }
    sk_buf_appendc(vm, &b, '\0');
    SkValue r = sk_raise(vm, vm->exc.TypeError, "%s() missing %d required %s argument%s: %s",
                         qualname->data, n, kind, n == 1 ? "" : "s", b.data ? b.data : "");
    sk_buf_free(&b);
    return r;
}

static SkValue raise_too_many(SkVM *vm, SkFunction *fn, int given, int kwonly_given) {
    SkCode *code = fn->code;
    int ndef = fn->defaults ? (int)fn->defaults->len : 0;
    char sig[64], kwsig[96] = "";
    bool plural;
    if (ndef > 0) {
        snprintf(sig, sizeof sig, "from %d to %d", code->argcount - ndef, code->argcount);
        plural = true;
    } else {
        snprintf(sig, sizeof sig, "%d", code->argcount);
        plural = code->argcount != 1;
    }
    if (kwonly_given)
        snprintf(kwsig, sizeof kwsig, " positional argument%s (and %d keyword-only argument%s)",
                 given != 1 ? "s" : "", kwonly_given, kwonly_given != 1 ? "s" : "");
    SkStr *qn = fn->qualname ? fn->qualname : code->qualname; // __qualname__ may be reassigned
    return sk_raise(vm, vm->exc.TypeError, "%s() takes %s positional argument%s but %d%s %s given",
                    qn->data, sig, plural ? "s" : "", given, kwsig,
                    given == 1 && !kwonly_given ? "was" : "were");
}

// Parameter slot named `name` among those a keyword can fill, or -1.
static int find_param(SkCode *code, SkStr *name, int from, int to) {
    for (int j = from; j < to; j++)
        if (code->varnames[j] == name) return j;
    for (int j = from; j < to; j++)
        if (sk_str_eq(code->varnames[j], name)) return j;
    return -1;
}

// ---------------------------------------------------------------------------
// Skein functions

// Full binding: keywords, defaults, *args, **kwargs. args[0..nargs) hold
// the call's values; on success slots [0, nparams) are the parameters and
// the rest of [0, nlocals) is unbound. The stack has room for nlocals.
static bool bind_full(SkVM *vm, SkFunction *fn, SkValue *args, int nargs, SkTuple *kwnames) {
    SkCode *code = fn->code;
    SkStr *qn = fn->qualname ? fn->qualname : code->qualname; // as CPython: __qualname__
    SkTasklet *t = vm->current;
    int nkw = kwnames ? (int)kwnames->len : 0;
    int npos = nargs - nkw;
    int argc = code->argcount, nkwonly = code->kwonlycount;
    int nnamed = argc + nkwonly; // slots a keyword may fill
    bool varargs = code->flags & SK_CODE_VARARGS, varkw = code->flags & SK_CODE_VARKW;

    // Everything that allocates happens first, while the call's values are
    // still on the (GC-marked) stack.
    SkTuple *extra = NULL;
    SkDict *kwdict = NULL;
    if (npos > argc) {
        if (!varargs) {
            int kwonly_given = 0;
            for (int k = 0; k < nkw; k++) {
                SkStr *name = SK_AS_STR(kwnames->items[k]);
                if (find_param(code, name, argc, nnamed) >= 0) kwonly_given++;
            }
            raise_too_many(vm, fn, npos, kwonly_given);
            return false;
        }
        extra = sk_tuple_from(vm, args + argc, (size_t)(npos - argc));
    } else if (varargs) {
        extra = sk_tuple_new(vm, 0);
    }
    if (varargs && !extra) return false;
    if (varkw && !(kwdict = sk_dict_new(vm))) return false;

    // Place each keyword; unknown ones go to **kwargs.
    int small[16];
    int *where = nkw <= 16 ? small : malloc((size_t)nkw * sizeof(int));
    SkValue *kwvals = malloc((size_t)(nkw > 0 ? nkw : 1) * sizeof(SkValue));
    if (!where || !kwvals) {
        if (where != small) free(where);
        free(kwvals);
        sk_raise_nomem(vm);
        return false;
    }
    bool ok = false;
    for (int k = 0; k < nkw; k++) {
        SkStr *name = SK_AS_STR(kwnames->items[k]);
        int j = find_param(code, name, code->posonlycount, nnamed);
        where[k] = j;
        kwvals[k] = args[npos + k];
        if (j >= 0 && j < argc && j < npos) {
            sk_raise(vm, vm->exc.TypeError, "%s() got multiple values for argument '%s'", qn->data,
                     name->data);
            goto done;
        }
        for (int k2 = 0; j >= 0 && k2 < k; k2++)
            if (where[k2] == j) {
                sk_raise(vm, vm->exc.TypeError, "%s() got multiple values for argument '%s'",
                         qn->data, name->data);
                goto done;
            }
        if (j < 0) {
            if (varkw) {
                if (!sk_dict_set(vm, kwdict, kwnames->items[k], args[npos + k])) goto done;
                continue;
            }
            if (find_param(code, name, 0, code->posonlycount) >= 0)
                sk_raise(
                    vm, vm->exc.TypeError,
                    "%s() got some positional-only arguments passed as keyword arguments: '%s'",
                    qn->data, name->data);
            else
                sk_raise(vm, vm->exc.TypeError, "%s() got an unexpected keyword argument '%s'",
                         qn->data, name->data);
            goto done;
        }
    }
    // From here nothing allocates until the errors: rearrange the slots.
    // extra/kwdict are fresh (arena-rooted); keyword values sit in kwvals
    // and stay reachable through the arena-less window only until the
    // stores below, which allocate nothing.
    int firstfree = npos < argc ? npos : argc;
    for (int i = firstfree; i < code->nlocals; i++) args[i] = SK_UNDEF;
    for (int k = 0; k < nkw; k++)
        if (where[k] >= 0) args[where[k]] = kwvals[k];
    t->sp = args + code->nlocals;

    // Defaults and missing positional parameters.
    int ndef = fn->defaults ? (int)fn->defaults->len : 0;
    SkStr *missing_small[16];
    SkStr **missing = missing_small;
    if (argc > 16 || nkwonly > 16) {
        missing = malloc(sizeof(SkStr *) * (size_t)(argc > nkwonly ? argc : nkwonly));
        if (!missing) {
            sk_raise_nomem(vm);
            goto done;
        }
    }
    int nmissing = 0;
    for (int i = npos; i < argc; i++) {
        if (!SK_IS_UNDEF(args[i])) continue;
        int d = i - (argc - ndef);
        if (d >= 0)
            args[i] = fn->defaults->items[d];
        else
            missing[nmissing++] = code->varnames[i];
    }
    if (nmissing) {
        raise_missing(vm, qn, "positional", missing, nmissing);
        goto done_missing;
    }
    for (int i = argc; i < nnamed; i++) {
        if (!SK_IS_UNDEF(args[i])) continue;
        SkValue d = fn->kwdefaults ? sk_dict_get_str(fn->kwdefaults, code->varnames[i]) : SK_UNDEF;
        if (!SK_IS_UNDEF(d))
            args[i] = d;
        else
            missing[nmissing++] = code->varnames[i];
    }
    if (nmissing) {
        raise_missing(vm, qn, "keyword-only", missing, nmissing);
        goto done_missing;
    }
    int s = nnamed;
    if (varargs) args[s++] = sk_obj(extra);
    if (varkw) args[s++] = sk_obj(kwdict);
    ok = true;
done_missing:
    if (missing != missing_small) free(missing);
done:
    if (where != small) free(where);
    free(kwvals);
    return ok;
}

// Cells for cell variables (a parameter's value moves into its cell) and
// free variables from the closure.
static bool setup_cells(SkVM *vm, SkFunction *fn, SkValue *slots) {
    SkCode *code = fn->code;
    for (int i = 0; i < code->ncells; i++) {
        SkCell *c = sk_gc_alloc(vm, SK_CELL, sizeof(SkCell));
        if (!c) return false;
        uint16_t s = code->cells[i];
        c->value = slots[s];
        slots[s] = sk_obj(c);
    }
    if (code->nfrees) {
        SkValue *fr = slots + code->nlocals - code->nfrees;
        for (int i = 0; i < code->nfrees; i++)
            fr[i] = fn->closure && (size_t)i < fn->closure->len ? fn->closure->items[i] : SK_UNDEF;
    }
    return true;
}

// [fn a1..an] at fslot -> a new frame (or a generator in *fslot).
static SkCallStep call_function(SkVM *vm, SkValue *fslot, SkFunction *fn, int nargs,
                                SkTuple *kwnames, uint32_t flags) {
    SkTasklet *t = vm->current;
    SkCode *code = fn->code;
    SkValue *args = fslot + 1;
    size_t need = (size_t)code->nlocals + code->stacksize + SK_STACK_SLACK;
    if ((size_t)nargs > need) need = (size_t)nargs;
    args = sk_stack_ensure(vm, t, args, need);
    if (!args) goto fail;
    fslot = args - 1;
    if (!kwnames && nargs == code->argcount && code->kwonlycount == 0 &&
        !(code->flags & (SK_CODE_VARARGS | SK_CODE_VARKW))) {
        for (int i = nargs; i < code->nlocals; i++) args[i] = SK_UNDEF;
        t->sp = args + code->nlocals;
    } else if (!kwnames && nargs < code->argcount && code->kwonlycount == 0 &&
               !(code->flags & (SK_CODE_VARARGS | SK_CODE_VARKW)) && fn->defaults &&
               code->argcount - nargs <= (int)fn->defaults->len) {
        // Positional call that leaves a tail to the defaults.
        int argc = code->argcount, ndef = (int)fn->defaults->len;
        for (int i = nargs; i < argc; i++) args[i] = fn->defaults->items[i - (argc - ndef)];
        for (int i = argc; i < code->nlocals; i++) args[i] = SK_UNDEF;
        t->sp = args + code->nlocals;
    } else {
        if (!bind_full(vm, fn, args, nargs, kwnames)) goto fail;
    }
    if ((code->ncells || code->nfrees) && !setup_cells(vm, fn, args)) goto fail;
    if (SK_UNLIKELY(code->flags & SK_CODE_GENERATOR)) {
        SkGenerator *g = sk_generator_new(vm, fn, args);
        if (!g) goto fail;
        *fslot = sk_obj(g);
        t->sp = fslot + 1;
        return SK_CALL_DONE;
    }
    SkFrame *f = sk_frame_push(vm, t);
    if (!f) goto fail;
    f->code = code;
    f->fn = fn;
    f->globals = fn->globals;
    f->ip = code->code;
    f->slots = args;
    f->sp = args + code->nlocals;
    f->flags = flags;
    t->sp = f->sp;
    return SK_CALL_FRAME;
fail:
    t->sp = fslot;
    return SK_CALL_ERR;
}

// ---------------------------------------------------------------------------
// Natives

static void native_name(SkNative *n, char *buf, size_t size) {
    if (n->owner && n->owner->name)
        snprintf(buf, size, "%s.%s", n->owner->name->data, n->name ? n->name->data : "?");
    else
        snprintf(buf, size, "%s", n->name ? n->name->data : "?");
}

static bool check_native_args(SkVM *vm, SkNative *n, int nargs, SkTuple *kwnames) {
    int nkw = kwnames ? (int)kwnames->len : 0;
    int npos = nargs - nkw;
    char name[128];
    if (nkw && !n->takes_kw) {
        native_name(n, name, sizeof name);
        sk_raise(vm, vm->exc.TypeError, "%s() takes no keyword arguments", name);
        return false;
    }
    int self = n->owner ? 1 : 0;
    int count = n->takes_kw ? npos : nargs;
    if (n->max_args >= 0 && count > n->max_args) {
        native_name(n, name, sizeof name);
        int mx = n->max_args - self, given = count - self;
        if (n->min_args == n->max_args) {
            if (mx == 0)
                sk_raise(vm, vm->exc.TypeError, "%s() takes no arguments (%d given)", name, given);
            else if (mx == 1)
                sk_raise(vm, vm->exc.TypeError, "%s() takes exactly one argument (%d given)", name,
                         given);
            else
                sk_raise(vm, vm->exc.TypeError, "%s expected %d arguments, got %d", name, mx,
                         given);
        } else {
            sk_raise(vm, vm->exc.TypeError, "%s() takes at most %d argument%s (%d given)", name, mx,
                     mx == 1 ? "" : "s", given);
        }
        return false;
    }
    if (self && count == 0 && n->min_args > 0) {
        // Called through the class with no self. CPython's slot wrappers
        // (most dunders) and its plain methods word this differently.
        const char *mname = n->name ? n->name->data : "?";
        size_t ml = strlen(mname);
        bool slot = ml > 4 && !strncmp(mname, "__", 2) && !strcmp(mname + ml - 2, "__") &&
                    strcmp(mname, "__getitem__") && strcmp(mname, "__contains__") &&
                    strcmp(mname, "__format__") && strcmp(mname, "__reversed__");
        if (slot && n->owner->name)
            sk_raise(vm, vm->exc.TypeError, "descriptor '%s' of '%s' object needs an argument",
                     mname, n->owner->name->data);
        else {
            native_name(n, name, sizeof name);
            sk_raise(vm, vm->exc.TypeError, "unbound method %s() needs an argument", name);
        }
        return false;
    }
    if (!n->takes_kw && nargs < n->min_args) {
        native_name(n, name, sizeof name);
        int mn = n->min_args - self, given = nargs - self;
        if (n->min_args == n->max_args && mn == 1)
            sk_raise(vm, vm->exc.TypeError, "%s() takes exactly one argument (%d given)", name,
                     given);
        else if (n->min_args == n->max_args)
            sk_raise(vm, vm->exc.TypeError, "%s expected %d arguments, got %d", name, mn, given);
        else
            sk_raise(vm, vm->exc.TypeError, "%s expected at least %d argument%s, got %d", name, mn,
                     mn == 1 ? "" : "s", given);
        return false;
    }
    return true;
}

// Run fn on [x a1..an] at fslot and store its result in *fslot.
static SkCallStep run_native(SkVM *vm, SkValue *fslot, SkNativeFn fn, int nargs, SkTuple *kwnames) {
    SkTasklet *t = vm->current;
    ptrdiff_t off = fslot - t->stack;
    t->sp = fslot + 1 + nargs;
    SkValue r = fn(vm, fslot + 1, nargs, kwnames);
    fslot = t->stack + off; // the stack may have moved
    if (SK_IS_ERR(r)) {
        if (SK_UNLIKELY(vm->sched.redirect)) {
            // The native handed its call to the Skein function it put in
            // its function slot (sk_consume_redirect): call that instead.
            vm->sched.redirect = false;
            t->sp = fslot + 1 + nargs;
            return sk_call_setup(vm, fslot, nargs, kwnames);
        }
        t->sp = fslot;
        return SK_CALL_ERR;
    }
    *fslot = r;
    t->sp = fslot + 1;
    return SK_CALL_DONE;
}

// A tasklet called: its __call__ gets [t a1..an] as its arguments, in
// place, and its result replaces t. (It never parks nor redirects.)
static SkCallStep run_self_native(SkVM *vm, SkValue *fslot, int nargs, SkTuple *kwnames) {
    SkTasklet *t = vm->current;
    ptrdiff_t off = fslot - t->stack;
    t->sp = fslot + 1 + nargs;
    SkValue r = vm->sched.tasklet_call(vm, fslot, nargs + 1, kwnames);
    fslot = t->stack + off;
    if (SK_IS_ERR(r)) {
        t->sp = fslot;
        return SK_CALL_ERR;
    }
    *fslot = r;
    t->sp = fslot + 1;
    return SK_CALL_DONE;
}

// Insert v before the arguments: [f a1..an] -> [f v a1..an]. Returns the
// (possibly moved) fslot or NULL.
static SkValue *insert_arg(SkVM *vm, SkValue *fslot, int nargs, SkValue v) {
    SkTasklet *t = vm->current;
    SkValue *top = sk_stack_ensure(vm, t, fslot + 1 + nargs, 1 + SK_STACK_SLACK);
    if (!top) return NULL;
    fslot = top - 1 - nargs;
    memmove(fslot + 2, fslot + 1, (size_t)nargs * sizeof(SkValue));
    fslot[1] = v;
    t->sp = fslot + 2 + nargs;
    return fslot;
}

// ---------------------------------------------------------------------------
// Classes

bool sk_init_result_error(SkVM *vm, SkValue r) {
    sk_raise(vm, vm->exc.TypeError, "__init__() should return None, not '%s'", sk_type_name(vm, r));
    return false;
}

// Run a C-called __init__ on the stack cells fslot[1..] (self first) and
// check it returned None. The stack may move: callers reload from `off`.
static bool call_init_from_c(SkVM *vm, SkValue init, SkValue *fslot, int nargs, SkTuple *kwnames) {
    SkValue r = sk_invoke(vm, init, fslot + 1, nargs + 1, kwnames);
    if (SK_IS_ERR(r)) return false;
    return SK_IS_NONE(r) || sk_init_result_error(vm, r);
}

static bool is_object_slot(SkVM *vm, SkValue m) {
    return SK_IS_UNDEF(m) || (SK_IS_KIND(m, SK_NATIVE) && SK_AS_NATIVE(m)->owner == vm->t.object);
}

static SkValue exc_args_tuple(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames) {
    int npos = nargs - (kwnames ? (int)kwnames->len : 0);
    SkTuple *tp = sk_tuple_from(vm, args, (size_t)npos);
    return tp ? sk_obj(tp) : SK_ERR;
}

// A user class with its own __new__: cls.__new__(cls, *args) then __init__
// when the result is an instance of cls (run through sk_invoke: rare path).
static SkCallStep call_class_new(SkVM *vm, SkValue *fslot, SkClass *cls, SkValue newfn, int nargs,
                                 SkTuple *kwnames) {
    SkTasklet *t = vm->current;
    ptrdiff_t off = fslot - t->stack;
    if (SK_IS_KIND(newfn, SK_PROPERTY)) newfn = ((SkProperty *)SK_AS_OBJ(newfn))->fget;
    fslot = insert_arg(vm, fslot, nargs, sk_obj(cls));
    if (!fslot) goto fail;
    SkValue inst = sk_invoke(vm, newfn, fslot + 1, nargs + 1, kwnames);
    fslot = t->stack + off;
    if (SK_IS_ERR(inst)) goto fail;
    if (sk_isinstance(vm, inst, cls)) {
        SkValue init = sk_class_lookup(vm, cls, vm->names.init);
        if (!is_object_slot(vm, init)) {
            fslot[1] = inst; // keep it rooted; replaces cls
            bool ok = call_init_from_c(vm, init, fslot, nargs, kwnames);
            fslot = t->stack + off;
            if (!ok) goto fail;
        }
    }
    *fslot = inst;
    t->sp = fslot + 1;
    return SK_CALL_DONE;
fail:
    t->sp = t->stack + off;
    return SK_CALL_ERR;
}

// plain: skip a metaclass's __call__ (type.__call__ runs this way).
static SkCallStep call_class(SkVM *vm, SkValue *fslot, SkClass *cls, int nargs, SkTuple *kwnames,
                             bool plain) {
    SkTasklet *t = vm->current;
    if (cls->meta && !plain) {
        // class C(metaclass=M) where M defines __call__: M.__call__(C, *args).
        SkValue mc = sk_class_lookup(vm, cls->meta, vm->names.call);
        if (SK_IS_KIND(mc, SK_FUNCTION)) {
            fslot = insert_arg(vm, fslot, nargs, sk_obj(cls));
            if (!fslot) return SK_CALL_ERR;
            return call_function(vm, fslot, SK_AS_FUNCTION(mc), nargs + 1, kwnames, 0);
        }
    }
    if (cls->construct) return run_native(vm, fslot, cls->construct, nargs, kwnames);
    if (SK_UNLIKELY(cls->cflags & SK_CLASS_ABSTRACT)) {
        sk_class_raise_abstract(vm, cls);
        t->sp = fslot;
        return SK_CALL_ERR;
    }
    // OSError(errno, strerror[, filename]) makes the subclass errno stands
    // for (FileNotFoundError for ENOENT...), as CPython's OSError.__new__.
    if (cls == vm->exc.OSError && nargs - (kwnames ? (int)kwnames->len : 0) >= 2 &&
        SK_IS_INT(fslot[1]))
        cls = sk_file_errno_class(vm, (int)SK_AS_INT(fslot[1]));
    SkValue newfn = sk_class_lookup(vm, cls, vm->names.new_);
    if (SK_IS_KIND(newfn, SK_FUNCTION) ||
        (SK_IS_KIND(newfn, SK_PROPERTY) &&
         SK_IS_KIND(((SkProperty *)SK_AS_OBJ(newfn))->fget, SK_FUNCTION)) ||
        cls->builtin_base == vm->t.type) // a metaclass: its instances come from type.__new__
        return call_class_new(vm, fslot, cls, newfn, nargs, kwnames);

    ptrdiff_t off = fslot - t->stack;
    SkValue inst = sk_instance_new(vm, cls);
    fslot = t->stack + off;
    if (SK_IS_ERR(inst)) goto fail;
    *fslot = inst; // the class is no longer needed: cls stays reachable from inst
    if (SK_IS_KIND(inst, SK_EXCEPTION)) {
        SkValue a = exc_args_tuple(vm, fslot + 1, nargs, kwnames);
        if (SK_IS_ERR(a)) goto fail;
        SK_AS_EXC(inst)->args = (SkTuple *)SK_AS_OBJ(a);
    }
    SkValue init = sk_class_lookup(vm, cls, vm->names.init);
    if (SK_IS_KIND(init, SK_FUNCTION)) {
        fslot = insert_arg(vm, fslot, nargs, inst);
        if (!fslot) goto fail;
        return call_function(vm, fslot, SK_AS_FUNCTION(init), nargs + 1, kwnames, SK_FRAME_INIT);
    }
    if (is_object_slot(vm, init)) {
        SkClass *bb = cls->builtin_base;
        if (bb && bb != vm->t.object && bb->construct && SK_IS_KIND(inst, SK_INSTANCE)) {
            // class L(list) without __init__: build the payload from the arguments.
            SkValue payload = bb->construct(vm, fslot + 1, nargs, kwnames);
            fslot = t->stack + off;
            if (SK_IS_ERR(payload)) goto fail;
            SK_AS_INSTANCE(inst)->base = payload;
        } else if (nargs > 0 && !SK_IS_KIND(inst, SK_EXCEPTION)) {
            sk_raise(vm, vm->exc.TypeError, "%s() takes no arguments", cls->name->data);
            goto fail;
        }
        t->sp = fslot + 1;
        return SK_CALL_DONE;
    }
    // A native or other callable __init__ (BaseException.__init__, list.__init__).
    fslot = insert_arg(vm, fslot, nargs, inst);
    if (!fslot) goto fail;
    bool ok = call_init_from_c(vm, init, fslot, nargs, kwnames);
    fslot = t->stack + off;
    if (!ok) goto fail;
    t->sp = fslot + 1;
    return SK_CALL_DONE;
fail:
    t->sp = t->stack + off;
    return SK_CALL_ERR;
}

// ---------------------------------------------------------------------------
// The entry point

SkCallStep sk_call_setup(SkVM *vm, SkValue *fslot, int nargs, SkTuple *kwnames) {
    SkTasklet *t = vm->current;
    // Each round unwraps one layer (a bound method, an object's __call__);
    // an object whose __call__ is such an object again never ends, so the
    // rounds count against the recursion limit, as CPython's calls do.
    for (int rounds = 0;; rounds++) {
        if (SK_UNLIKELY(rounds > vm->recursion_limit)) {
            sk_raise(vm, vm->exc.RecursionError,
                     "maximum recursion depth exceeded while calling a Python object");
            t->sp = fslot;
            return SK_CALL_ERR;
        }
        SkValue f = *fslot;
        if (!SK_IS_OBJ(f)) break;
        switch (SK_AS_OBJ(f)->kind) {
        case SK_FUNCTION: return call_function(vm, fslot, SK_AS_FUNCTION(f), nargs, kwnames, 0);
        case SK_NATIVE: {
            SkNative *n = SK_AS_NATIVE(f);
            if (!check_native_args(vm, n, nargs, kwnames)) {
                t->sp = fslot;
                return SK_CALL_ERR;
            }
            return run_native(vm, fslot, n->fn, nargs, kwnames);
        }
        case SK_BOUND_METHOD: {
            SkBoundMethod *bm = SK_AS_BOUND(f);
            SkValue self = bm->self, func = bm->func;
            SkValue *ns = insert_arg(vm, fslot, nargs, self);
            if (!ns) {
                t->sp = fslot;
                return SK_CALL_ERR;
            }
            fslot = ns;
            *fslot = func;
            nargs++;
            continue;
        }
        case SK_CLASS: return call_class(vm, fslot, SK_AS_CLASS(f), nargs, kwnames, false);
        case SK_TASKLET:
            // t(args): the tasklet's __call__ (a builtin class's method
            // cannot be replaced) with the tasklet itself as self, where it
            // already is: no lookup, no insertion.
            if (vm->sched.tasklet_call) return run_self_native(vm, fslot, nargs, kwnames);
            goto lookup_call;
        default:
        lookup_call : {
            SkValue m = sk_class_lookup(vm, sk_class_of(vm, f), vm->names.call);
            if (SK_IS_UNDEF(m)) goto not_callable;
            if (SK_IS_KIND(m, SK_FUNCTION) || SK_IS_KIND(m, SK_NATIVE)) {
                SkValue *ns = insert_arg(vm, fslot, nargs, f);
                if (!ns) {
                    t->sp = fslot;
                    return SK_CALL_ERR;
                }
                fslot = ns;
                *fslot = m;
                nargs++;
                continue;
            }
            ptrdiff_t off = fslot - t->stack;
            SkValue bound = sk_getattr(vm, f, vm->names.call);
            fslot = t->stack + off;
            if (SK_IS_ERR(bound)) {
                t->sp = fslot;
                return SK_CALL_ERR;
            }
            *fslot = bound;
            continue;
        }
        }
    }
not_callable:
    sk_raise(vm, vm->exc.TypeError, "'%s' object is not callable", sk_type_name(vm, *fslot));
    t->sp = fslot;
    return SK_CALL_ERR;
}

static SkValue call_nested(SkVM *vm, SkValue f, SkValue *args, int nargs, SkTuple *kwnames,
                           bool plain);

// What the loop noted of the native it is calling (whether it may park,
// its result slot, its name for reports). Skein code run from C (sk_invoke,
// sk_run_code) makes calls of its own that overwrite it: it is put back,
// so a native may still park after it ran Skein code (a channel callback,
// a select case's __channel__, the first use of a consuming builtin).
typedef struct CallNote {
    bool direct;
    ptrdiff_t call_off;
    SkObj *last_callee;
} CallNote;

static CallNote note_take(SkVM *vm) {
    return (CallNote){vm->sched.direct, vm->sched.call_off, vm->sched.last_callee};
}

static void note_put(SkVM *vm, CallNote n) {
    vm->sched.direct = n.direct;
    vm->sched.call_off = n.call_off;
    vm->sched.last_callee = n.last_callee;
}

// sk_invoke, or for a class with plain set, its call without the metaclass's __call__.
static SkValue call_from_c(SkVM *vm, SkValue f, SkValue *args, int nargs, SkTuple *kwnames,
                           bool plain) {
    CallNote note = note_take(vm);
    SkValue r = call_nested(vm, f, args, nargs, kwnames, plain);
    note_put(vm, note);
    return r;
}

static SkValue call_nested(SkVM *vm, SkValue f, SkValue *args, int nargs, SkTuple *kwnames,
                           bool plain) {
    SkTasklet *t = vm->current;
    // C is calling: nothing below may switch tasklets (vm/sched/sched.c). Name
    // the native the loop called, for the error message.
    if (vm->sched.direct)
        sk_sched_enter_c(vm);
    else if (t->c_depth <= 1)
        vm->sched.block_site = NULL; // an operator, not a named native
    if (SK_UNLIKELY(t->c_depth >= SK_MAX_C_DEPTH(vm)))
        return sk_raise(vm, vm->exc.RecursionError, "maximum recursion depth exceeded");
    SkValue *saved_top = t->sp;
    ptrdiff_t off = saved_top - t->stack;
    // args may point into the stack: a growth keeps the old block readable.
    SkValue *base = sk_stack_ensure(vm, t, saved_top, (size_t)nargs + 1 + SK_STACK_SLACK);
    if (!base) return SK_ERR;
    base[0] = f;
    if (nargs) memmove(base + 1, args, (size_t)nargs * sizeof(SkValue));
    t->sp = base + 1 + nargs;
    SkValue r;
    SkCallStep step = plain ? call_class(vm, base, SK_AS_CLASS(f), nargs, kwnames, true)
                            : sk_call_setup(vm, base, nargs, kwnames);
    switch (step) {
    case SK_CALL_DONE: r = t->stack[off]; break;
    case SK_CALL_FRAME:
        t->frames[t->nframes - 1].flags |= SK_FRAME_C_BOUNDARY;
        r = sk_vm_execute(vm);
        break;
    default: r = SK_ERR; break;
    }
    t->sp = t->stack + off;
    return r;
}

SkValue sk_invoke(SkVM *vm, SkValue f, SkValue *args, int nargs, SkTuple *kwnames) {
    return call_from_c(vm, f, args, nargs, kwnames, false);
}

SkValue sk_call_class_plain(SkVM *vm, SkClass *cls, SkValue *args, int nargs, SkTuple *kwnames) {
    return call_from_c(vm, sk_obj(cls), args, nargs, kwnames, true);
}

// Module code: a frame with no function (the slot below holds None).
SkValue sk_run_code(SkVM *vm, SkCode *code, SkDict *globals) {
    return sk_run_code_in(vm, code, globals, NULL);
}

SkValue sk_run_code_in(SkVM *vm, SkCode *code, SkDict *globals, SkDict *locals) {
    SkTasklet *t = vm->current;
    if (t->c_depth >= SK_MAX_C_DEPTH(vm))
        return sk_raise(vm, vm->exc.RecursionError, "maximum recursion depth exceeded");
    ptrdiff_t off = t->sp - t->stack;
    SkValue *base =
        sk_stack_ensure(vm, t, t->sp, 1 + (size_t)code->nlocals + code->stacksize + SK_STACK_SLACK);
    if (!base) return SK_ERR;
    base[0] = SK_NONE;
    for (int i = 0; i < code->nlocals; i++) base[1 + i] = SK_UNDEF;
    t->sp = base + 1 + code->nlocals;
    SkFrame *f = sk_frame_push(vm, t);
    if (!f) {
        t->sp = t->stack + off;
        return SK_ERR;
    }
    f->code = code;
    f->globals = globals;
    f->locals = locals != globals ? locals : NULL;
    f->ip = code->code;
    f->slots = base + 1;
    f->sp = t->sp;
    f->flags = SK_FRAME_C_BOUNDARY;
    CallNote note = note_take(vm);
    SkValue r = sk_vm_execute(vm);
    note_put(vm, note);
    t->sp = t->stack + off;
    if (t->c_depth == 0) sk_tasklet_release_old(vm, t);
    return r;
}

SkValue sk_call1(SkVM *vm, SkValue f, SkValue a) { return sk_invoke(vm, f, &a, 1, NULL); }

SkValue sk_call2(SkVM *vm, SkValue f, SkValue a, SkValue b) {
    SkValue args[2] = {a, b};
    return sk_invoke(vm, f, args, 2, NULL);
}

SkValue sk_invoke_method(SkVM *vm, SkValue self, SkStr *name, SkValue *args, int nargs) {
    SkValue m = sk_class_lookup(vm, sk_class_of(vm, self), name);
    if (SK_IS_UNDEF(m)) return SK_UNDEF;
    if (SK_IS_KIND(m, SK_FUNCTION) || (SK_IS_KIND(m, SK_NATIVE) && SK_AS_NATIVE(m)->owner)) {
        SkValue small[8];
        SkValue *a = nargs + 1 <= 8 ? small : malloc(sizeof(SkValue) * (size_t)(nargs + 1));
        if (!a) return sk_raise_nomem(vm);
        a[0] = self;
        if (nargs) memcpy(a + 1, args, sizeof(SkValue) * (size_t)nargs);
        SkValue r = sk_invoke(vm, m, a, nargs + 1, NULL);
        if (a != small) free(a);
        return r;
    }
    SkValue bound = sk_getattr(vm, self, name);
    if (SK_IS_ERR(bound)) return SK_ERR;
    return sk_invoke(vm, bound, args, nargs, NULL);
}

// ---------------------------------------------------------------------------
// Binding for natives

bool sk_bind_args(SkVM *vm, const char *fname, SkValue *args, int nargs, SkTuple *kwnames,
                  const char *const *names, int nnames, int required, SkValue *out) {
    int nkw = kwnames ? (int)kwnames->len : 0;
    int npos = nargs - nkw;
    if (npos > nnames) {
        if (nnames == 0)
            sk_raise(vm, vm->exc.TypeError, "%s() takes no arguments (%d given)", fname, npos);
        else
            sk_raise(vm, vm->exc.TypeError, "%s() takes at most %d argument%s (%d given)", fname,
                     nnames, nnames == 1 ? "" : "s", npos);
        return false;
    }
    for (int i = 0; i < nnames; i++) out[i] = i < npos ? args[i] : SK_UNDEF;
    for (int k = 0; k < nkw; k++) {
        SkStr *kn = SK_AS_STR(kwnames->items[k]);
        int j = 0;
        for (; j < nnames; j++)
            if (strcmp(names[j], kn->data) == 0) break;
        if (j == nnames) {
            sk_raise(vm, vm->exc.TypeError, "%s() got an unexpected keyword argument '%s'", fname,
                     kn->data);
            return false;
        }
        if (!SK_IS_UNDEF(out[j])) {
            sk_raise(vm, vm->exc.TypeError,
                     "argument for %s() given by name ('%s') and position (%d)", fname, kn->data,
                     j + 1);
            return false;
        }
        out[j] = args[npos + k];
    }
    for (int i = 0; i < required; i++)
        if (SK_IS_UNDEF(out[i])) {
            if (i < npos || nkw)
                sk_raise(vm, vm->exc.TypeError, "%s() missing required argument '%s' (pos %d)",
                         fname, names[i], i + 1);
            else
                sk_raise(vm, vm->exc.TypeError, "%s() takes at least %d argument%s (%d given)",
                         fname, required, required == 1 ? "" : "s", npos);
            return false;
        }
    return true;
}
