// vm/classes/frame_object.c -- frame and traceback objects as Python code sees
// them: sys._getframe() and the __traceback__ of exceptions (tb_frame,
// tb_lineno, tb_next; f_code, f_lineno, f_globals, f_locals, f_back).
//
// The VM itself never makes these: a running frame is an SkFrame on its
// tasklet's array and a traceback is the flat (code, line) list of
// SkException. These objects are snapshots built on demand from those,
// plain SkInstances of two built-in classes with their attributes in the
// instance dict, so the hot paths pay nothing for them. An exception keeps
// the chain it built until its traceback grows; assigning __traceback__
// (or with_traceback) turns a chain back into the flat list.
#include "vm/classes/frame_object.h"
#include "vm/classes/class.h"
#include "vm/classes/class_create.h"
#include "vm/classes/error.h"
#include "vm/core/gc.h"
#include "vm/exec/frame.h"
#include "vm/objects/code.h"
#include "vm/objects/dict.h"
#include "vm/objects/list.h"
#include "vm/objects/methods.h"
#include "vm/objects/str.h"
#include "vm/sched/tasklet.h"

static SkValue get(SkVM *vm, SkValue obj, const char *name) {
    if (!SK_IS_KIND(obj, SK_INSTANCE)) return SK_UNDEF;
    SkStr *n = sk_str_intern_cstr(vm, name);
    return n ? sk_dict_get_str(SK_AS_INSTANCE(obj)->dict, n) : SK_UNDEF;
}

static bool set(SkVM *vm, SkValue obj, const char *name, SkValue v) {
    return sk_dict_set_cstr(vm, SK_AS_INSTANCE(obj)->dict, name, v);
}

// A frame object: code, line, namespaces and the caller's frame object.
static SkValue frame_new(SkVM *vm, SkCode *code, uint32_t line, SkValue globals, SkValue locals,
                         SkValue back) {
    SkValue f = sk_instance_new(vm, vm->t.frame);
    if (SK_IS_ERR(f)) return SK_ERR;
    if (SK_IS_UNDEF(globals)) {
        SkDict *d = sk_dict_new(vm);
        if (!d) return SK_ERR;
        globals = sk_obj(d);
    }
    if (SK_IS_UNDEF(locals)) locals = globals;
    if (!set(vm, f, "f_code", sk_obj(code)) || !set(vm, f, "f_lineno", sk_int(line)) ||
        !set(vm, f, "f_globals", globals) || !set(vm, f, "f_locals", locals) ||
        !set(vm, f, "f_back", back) || !set(vm, f, "f_builtins", sk_obj(vm->builtins)) ||
        !set(vm, f, "f_lasti", sk_int(0)))
        return SK_ERR;
    return f;
}

// The locals of a live frame: its namespace, or its slots as a dict.
static SkValue live_locals(SkVM *vm, SkFrame *f) {
    if (f->locals) return sk_obj(f->locals);
    SkCode *c = f->code;
    if (c->flags & SK_CODE_MODULE) return sk_obj(f->globals);
    SkDict *d = sk_dict_new(vm);
    if (!d) return SK_ERR;
    for (int i = 0; i < c->nlocals && c->varnames; i++) {
        SkValue v = f->slots[i];
        if (SK_IS_KIND(v, SK_CELL)) v = SK_AS_CELL(v)->value;
        if (SK_IS_UNDEF(v) || !c->varnames[i]) continue;
        if (!sk_dict_set_str(vm, d, c->varnames[i], v)) return SK_ERR;
    }
    return sk_obj(d);
}

SkValue sk_frame_object(SkVM *vm, int depth) { return sk_frame_object_of(vm, vm->current, depth); }

SkValue sk_frame_object_of(SkVM *vm, SkTasklet *t, int depth) {
    if (depth < 0 || !t || depth >= t->nframes)
        return sk_raise(vm, vm->exc.ValueError, "call stack is not deep enough");
    // Oldest first, so each frame object can point at its caller's.
    SkValue back = SK_NONE;
    int top = t->nframes - 1 - depth;
    for (int i = 0; i <= top; i++) {
        SkFrame *f = &t->frames[i];
        SkValue locals = live_locals(vm, f);
        if (SK_IS_ERR(locals)) return SK_ERR;
        uint32_t line = sk_code_line(f->code, (uint32_t)sk_frame_index(f));
        back = frame_new(vm, f->code, line, sk_obj(f->globals), locals, back);
        if (SK_IS_ERR(back)) return SK_ERR;
    }
    return back;
}

SkValue sk_traceback_of(SkVM *vm, SkException *e) {
    SkList *tb = e->traceback;
    if (!tb || tb->len < 2) return SK_NONE;
    if (!SK_IS_UNDEF(e->tb_object) && e->tb_object_len == tb->len) return e->tb_object;
    // The flat list runs from the raising frame outwards; tb_next runs inwards.
    SkValue next = SK_NONE;
    for (size_t i = 0; i + 1 < tb->len; i += 2) {
        if (!SK_IS_KIND(tb->items[i], SK_CODE)) continue;
        SkCode *code = SK_AS_CODE(tb->items[i]);
        SkValue line = tb->items[i + 1];
        SkValue frame = frame_new(vm, code, (uint32_t)SK_AS_INT(line), SK_UNDEF, SK_UNDEF, SK_NONE);
        SkValue o = SK_IS_ERR(frame) ? SK_ERR : sk_instance_new(vm, vm->t.traceback);
        if (SK_IS_ERR(o) || !set(vm, o, "tb_frame", frame) || !set(vm, o, "tb_lineno", line) ||
            !set(vm, o, "tb_lasti", sk_int(0)) || !set(vm, o, "tb_next", next))
            return SK_ERR;
        next = o;
    }
    e->tb_object = next;
    e->tb_object_len = tb->len;
    return next;
}

bool sk_traceback_set(SkVM *vm, SkException *e, SkValue tb) {
    if (SK_IS_NONE(tb)) {
        e->traceback = NULL;
        e->tb_object = SK_UNDEF;
        return true;
    }
    if (!SK_IS_KIND(tb, SK_INSTANCE) || SK_AS_INSTANCE(tb)->cls != vm->t.traceback) {
        sk_raise(vm, vm->exc.TypeError, "__traceback__ must be a traceback or None");
        return false;
    }
    SkList *chain = sk_list_new(vm, 8);
    if (!chain) return false;
    for (SkValue o = tb; SK_IS_KIND(o, SK_INSTANCE); o = get(vm, o, "tb_next")) {
        SkValue code = get(vm, get(vm, o, "tb_frame"), "f_code"), line = get(vm, o, "tb_lineno");
        if (!SK_IS_KIND(code, SK_CODE) || !SK_IS_INT(line)) break;
        if (!sk_list_append(vm, chain, code) || !sk_list_append(vm, chain, line)) return false;
        if (chain->len > 2000000) break; // a cycle made by hand
    }
    // Innermost last in the chain; the flat list wants it first.
    SkList *flat = sk_list_new(vm, chain->len);
    if (!flat) return false;
    for (size_t i = chain->len; i >= 2; i -= 2)
        if (!sk_list_append(vm, flat, chain->items[i - 2]) ||
            !sk_list_append(vm, flat, chain->items[i - 1]))
            return false;
    e->traceback = flat;
    e->tb_object = tb;
    e->tb_object_len = flat->len;
    return true;
}

static SkValue frame_repr(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkValue code = get(vm, args[0], "f_code"), line = get(vm, args[0], "f_lineno");
    if (!SK_IS_KIND(code, SK_CODE) || !SK_IS_INT(line))
        return sk_raise(vm, vm->exc.TypeError, "bad frame object");
    SkCode *c = SK_AS_CODE(code);
    SkStr *s =
        sk_str_format(vm, "<frame at %p, file '%N', line %d, code %N>", (void *)SK_AS_OBJ(args[0]),
                      c->filename, (int)SK_AS_INT(line), c->name);
    return s ? sk_obj(s) : SK_ERR;
}

void sk_init_frame_objects(SkVM *vm) {
    if (vm->t.frame) sk_define_method(vm, vm->t.frame, "__repr__", frame_repr, 1, 1, false);
}
