// vm/classes/error.c -- the built-in exception classes (vm/core/exceptions.h), the
// methods of BaseException and its few special subclasses, and raising
// from C (vm/classes/error.h). Printing tracebacks lives in vm/classes/traceback.c.
//
// Exception attributes that CPython keeps in C slots (StopIteration.value,
// SystemExit.code, OSError.errno, SyntaxError.msg ...) are derived from
// args on read unless the instance dict holds an explicit value, so an
// exception made from C with sk_exc_new needs no __init__ call.
#include "vm/classes/error.h"
#include "vm/classes/class.h"
#include "vm/classes/class_create.h"
#include "vm/classes/class_object.h"
#include "vm/classes/frame_object.h"
#include "vm/exec/call.h"
#include "vm/exec/import.h"
#include "vm/objects/dict.h"
#include "vm/objects/list.h"
#include "vm/objects/str.h"
#include "vm/objects/tuple.h"
#include "vm/ops/repr.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

// ---------------------------------------------------------------- raising

static void set_pending(SkVM *vm, SkValue exc) { vm->current->exc = exc; }

SkValue sk_exc_new(SkVM *vm, SkClass *cls, SkValue *args, int nargs) {
    SkValue v = sk_instance_new(vm, cls);
    if (SK_IS_ERR(v)) return SK_ERR;
    if (!SK_IS_KIND(v, SK_EXCEPTION))
        return sk_raise(vm, vm->exc.TypeError, "exceptions must derive from BaseException");
    SkTuple *t = sk_tuple_from(vm, args, (size_t)(nargs > 0 ? nargs : 0));
    if (!t) return SK_ERR;
    SK_AS_EXC(v)->args = t;
    return v;
}

SkValue sk_raise(SkVM *vm, SkClass *cls, const char *fmt, ...) {
    if (SK_UNLIKELY(!cls)) {
        // Only possible while the VM is being built, before vm->exc exists
        // (out of memory there): start-up fails and sk_vm_new returns NULL.
        if (vm->current) vm->current->exc = SK_NONE;
        return SK_ERR;
    }
    va_list ap;
    va_start(ap, fmt);
    SkStr *msg = sk_str_vformat(vm, fmt, ap);
    va_end(ap);
    if (!msg) return SK_ERR;
    SkValue arg = sk_obj(msg);
    SkValue exc = sk_exc_new(vm, cls, &arg, 1);
    if (SK_IS_ERR(exc)) return SK_ERR;
    set_pending(vm, exc);
    return SK_ERR;
}

SkValue sk_raise_value(SkVM *vm, SkValue exc) {
    if (SK_IS_KIND(exc, SK_CLASS) && sk_is_subclass(SK_AS_CLASS(exc), vm->exc.BaseException)) {
        SkValue inst = sk_invoke(vm, exc, NULL, 0, NULL);
        if (SK_IS_ERR(inst)) return SK_ERR;
        if (!SK_IS_KIND(inst, SK_EXCEPTION))
            return sk_raise(vm, vm->exc.TypeError,
                            "calling %R should have returned an instance of BaseException, "
                            "not %T",
                            exc, inst);
        exc = inst;
    } else if (!SK_IS_KIND(exc, SK_EXCEPTION)) {
        return sk_raise(vm, vm->exc.TypeError, "exceptions must derive from BaseException");
    }
    set_pending(vm, exc);
    return SK_ERR;
}

SkValue sk_raise_nomem(SkVM *vm) {
    if (SK_IS_UNDEF(vm->memory_error) || !vm->current) {
        // Out of memory while the VM is being built: a non-exception marks
        // the failure (sk_has_exc), start-up stops, sk_vm_new returns NULL.
        if (vm->current) vm->current->exc = SK_NONE;
        return SK_ERR;
    }
    // The one preallocated instance: forget what a previous raise left.
    SkException *e = SK_AS_EXC(vm->memory_error);
    e->traceback = NULL;
    e->cause = SK_NONE;
    e->context = SK_NONE;
    e->suppress_context = false;
    set_pending(vm, vm->memory_error);
    return SK_ERR;
}

SkValue sk_raise_keyerror(SkVM *vm, SkValue key) {
    SkValue exc = sk_exc_new(vm, vm->exc.KeyError, &key, 1);
    if (SK_IS_ERR(exc)) return SK_ERR;
    set_pending(vm, exc);
    return SK_ERR;
}

SkValue sk_raise_stopiteration(SkVM *vm, SkValue value) {
    bool none = SK_IS_UNDEF(value) || SK_IS_NONE(value);
    SkValue exc = sk_exc_new(vm, vm->exc.StopIteration, &value, none ? 0 : 1);
    if (SK_IS_ERR(exc)) return SK_ERR;
    set_pending(vm, exc);
    return SK_ERR;
}

SkValue sk_raise_name_error(SkVM *vm, SkStr *name) {
    SkStr *msg = sk_str_format(vm, "name '%N' is not defined", name);
    if (!msg) return SK_ERR;
    SkValue arg = sk_obj(msg);
    SkValue exc = sk_exc_new(vm, vm->exc.NameError, &arg, 1);
    if (SK_IS_ERR(exc)) return SK_ERR;
    if (!sk_dict_set_cstr(vm, SK_AS_EXC(exc)->inst.dict, "name", sk_obj(name))) return SK_ERR;
    set_pending(vm, exc);
    return SK_ERR;
}

SkValue sk_take_exc(SkVM *vm) {
    SkValue e = vm->current->exc;
    vm->current->exc = SK_UNDEF;
    return e;
}

void sk_clear_exc(SkVM *vm) { vm->current->exc = SK_UNDEF; }

bool sk_exc_matches(SkVM *vm, SkClass *cls) {
    SkValue e = vm->current->exc;
    if (!SK_IS_KIND(e, SK_EXCEPTION)) return false;
    return sk_is_subclass(SK_AS_EXC(e)->inst.cls, cls);
}

SkValue sk_raise_syntax(SkVM *vm, SkClass *cls, const char *msg, const char *filename, int line,
                        int col, const char *text) {
    return sk_raise_syntax_range(vm, cls, msg, filename, line, col, line, 0, text);
}

SkValue sk_raise_syntax_range(SkVM *vm, SkClass *cls, const char *msg, const char *filename,
                              int line, int col, int end_line, int end_col, const char *text) {
    SkStr *m = sk_str_cstr(vm, msg ? msg : "invalid syntax");
    if (!m) return SK_ERR;
    SkValue fn = SK_NONE, tx = SK_NONE;
    if (filename) {
        SkStr *s = sk_str_cstr(vm, filename);
        if (!s) return SK_ERR;
        fn = sk_obj(s);
    }
    if (text) {
        SkStr *s = sk_str_cstr(vm, text);
        if (!s) return SK_ERR;
        tx = sk_obj(s);
    }
    SkValue eo = end_col > 0 ? sk_int(end_col) : SK_NONE;
    SkValue details[6] = {fn, sk_int(line), sk_int(col), tx, sk_int(end_line), eo};
    SkTuple *dt = sk_tuple_from(vm, details, 6);
    if (!dt) return SK_ERR;
    SkValue args[2] = {sk_obj(m), sk_obj(dt)};
    SkValue exc = sk_exc_new(vm, cls, args, 2);
    if (SK_IS_ERR(exc)) return SK_ERR;
    SkDict *d = SK_AS_EXC(exc)->inst.dict;
    if (!sk_dict_set_cstr(vm, d, "msg", sk_obj(m)) || !sk_dict_set_cstr(vm, d, "filename", fn) ||
        !sk_dict_set_cstr(vm, d, "lineno", sk_int(line)) ||
        !sk_dict_set_cstr(vm, d, "offset", sk_int(col)) || !sk_dict_set_cstr(vm, d, "text", tx) ||
        !sk_dict_set_cstr(vm, d, "end_lineno", sk_int(end_line)) ||
        !sk_dict_set_cstr(vm, d, "end_offset", eo))
        return SK_ERR;
    set_pending(vm, exc);
    return SK_ERR;
}

void sk_register_source(SkVM *vm, SkStr *filename, SkStr *source) {
    if (!vm->sources) {
        vm->sources = sk_dict_new(vm);
        if (!vm->sources) {
            sk_clear_exc(vm); // tracebacks just lose their source lines
            return;
        }
    }
    if (!sk_dict_set_str(vm, vm->sources, filename, sk_obj(source))) sk_clear_exc(vm);
}

// ---------------------------------------------------------------- str()

static SkStr *args_str(SkVM *vm, SkTuple *args) {
    if (!args || args->len == 0) return vm->names.empty;
    if (args->len == 1) return sk_str_of(vm, args->items[0]);
    return sk_repr(vm, sk_obj(args));
}

SkStr *sk_exc_str(SkVM *vm, SkValue exc) {
    SkStr *s = sk_str_of(vm, exc);
    if (s) return s;
    sk_clear_exc(vm);
    s = sk_str_cstr(vm, "<exception str() failed>");
    if (!s) sk_clear_exc(vm);
    return s ? s : vm->names.empty;
}

// ---------------------------------------------------------------- methods

static SkException *self_exc(SkVM *vm, SkValue self, const char *meth) {
    if (SK_IS_KIND(self, SK_EXCEPTION)) return SK_AS_EXC(self);
    sk_raise(vm, vm->exc.TypeError,
             "descriptor '%s' requires a 'BaseException' object but received a '%T'", meth, self);
    return NULL;
}

static int npos(int nargs, SkTuple *kw) { return kw ? nargs - (int)kw->len : nargs; }

// BaseException.__init__(self, *args): only positional arguments.
static SkValue exc_init(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkException *e = self_exc(vm, args[0], "__init__");
    if (!e) return SK_ERR;
    if (kw && kw->len)
        return sk_raise(vm, vm->exc.TypeError, "%N() takes no keyword arguments",
                        e->inst.cls->name);
    SkTuple *t = sk_tuple_from(vm, args + 1, (size_t)(nargs - 1));
    if (!t) return SK_ERR;
    e->args = t;
    return SK_NONE;
}

static SkValue exc_str(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkException *e = self_exc(vm, args[0], "__str__");
    if (!e) return SK_ERR;
    SkStr *s = args_str(vm, e->args);
    return s ? sk_obj(s) : SK_ERR;
}

static SkValue exc_repr(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkException *e = self_exc(vm, args[0], "__repr__");
    if (!e) return SK_ERR;
    SkStr *name = e->inst.cls->name;
    SkStr *s;
    if (!e->args || e->args->len == 0)
        s = sk_str_format(vm, "%N()", name);
    else if (e->args->len == 1)
        s = sk_str_format(vm, "%N(%R)", name, e->args->items[0]);
    else
        s = sk_str_format(vm, "%N%R", name, sk_obj(e->args));
    return s ? sk_obj(s) : SK_ERR;
}

static SkValue exc_with_traceback(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkException *e = self_exc(vm, args[0], "with_traceback");
    if (!e || !sk_traceback_set(vm, e, args[1])) return SK_ERR;
    return args[0];
}

// e.add_note(note): appended to e.__notes__, printed after the message.
static SkValue exc_add_note(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkException *e = self_exc(vm, args[0], "add_note");
    if (!e) return SK_ERR;
    if (!SK_IS_STR(args[1]))
        return sk_raise(vm, vm->exc.TypeError, "note must be a str, not '%T'", args[1]);
    return sk_exc_add_note(vm, e, SK_AS_STR(args[1])) ? SK_NONE : SK_ERR;
}

bool sk_exc_add_note(SkVM *vm, SkException *e, SkStr *note) {
    SkStr *key = sk_str_intern_cstr(vm, "__notes__");
    if (!key) return false;
    SkValue notes = sk_dict_get_str(e->inst.dict, key);
    if (SK_IS_UNDEF(notes)) {
        SkList *l = sk_list_new(vm, 1);
        if (!l || !sk_dict_set_str(vm, e->inst.dict, key, sk_obj(l))) return false;
        notes = sk_obj(l);
    }
    if (!SK_IS_LIST(notes)) {
        sk_raise(vm, vm->exc.TypeError, "Cannot add note: __notes__ is not a list");
        return false;
    }
    return sk_list_append(vm, SK_AS_LIST(notes), sk_obj(note));
}

// KeyError shows its key as repr: KeyError('a') prints as 'a'.
static SkValue keyerror_str(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkException *e = self_exc(vm, args[0], "__str__");
    if (!e) return SK_ERR;
    SkStr *s =
        (e->args && e->args->len == 1) ? sk_repr(vm, e->args->items[0]) : args_str(vm, e->args);
    return s ? sk_obj(s) : SK_ERR;
}

static SkValue dict_attr(SkException *e, const char *name) {
    SkValue v = SK_UNDEF;
    if (!e->inst.dict) return v;
    size_t i = 0;
    SkValue k, val;
    while (sk_dict_next(e->inst.dict, &i, &k, &val)) {
        if (SK_IS_STR(k) && strcmp(SK_AS_STR(k)->data, name) == 0) return val;
    }
    return v;
}

// SyntaxError(msg, (filename, lineno, offset, text[, end_lineno, end_offset])).
static SkValue syntax_init(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkValue r = exc_init(vm, args, nargs, kw);
    if (SK_IS_ERR(r)) return r;
    SkException *e = SK_AS_EXC(args[0]);
    if (nargs - 1 >= 1 && !sk_dict_set_cstr(vm, e->inst.dict, "msg", args[1])) return SK_ERR;
    if (nargs - 1 == 2) {
        if (!SK_IS_TUPLE(args[2]))
            return sk_raise(vm, vm->exc.TypeError, "'%T' object is not iterable", args[2]);
        SkTuple *d = SK_AS_TUPLE(args[2]);
        if (d->len != 4 && d->len != 6)
            return sk_raise(vm, vm->exc.IndexError, "tuple index out of range");
        static const char *const names[] = {"filename", "lineno",     "offset",
                                            "text",     "end_lineno", "end_offset"};
        for (size_t i = 0; i < d->len; i++)
            if (!sk_dict_set_cstr(vm, e->inst.dict, names[i], d->items[i])) return SK_ERR;
    }
    return SK_NONE;
}

static SkValue syntax_str(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkException *e = self_exc(vm, args[0], "__str__");
    if (!e) return SK_ERR;
    SkValue msg = dict_attr(e, "msg");
    if (SK_IS_UNDEF(msg)) msg = (e->args && e->args->len >= 1) ? e->args->items[0] : SK_NONE;
    SkStr *m = sk_str_of(vm, msg);
    if (!m) return SK_ERR;
    SkValue fn = dict_attr(e, "filename"), ln = dict_attr(e, "lineno");
    const char *base = NULL;
    if (SK_IS_STR(fn)) {
        base = strrchr(SK_AS_STR(fn)->data, '/');
        base = base ? base + 1 : SK_AS_STR(fn)->data;
    }
    bool has_line = SK_IS_INT(ln);
    SkStr *s;
    if (base && has_line)
        s = sk_str_format(vm, "%N (%s, line %lld)", m, base, (long long)SK_AS_INT(ln));
    else if (base)
        s = sk_str_format(vm, "%N (%s)", m, base);
    else if (has_line)
        s = sk_str_format(vm, "%N (line %lld)", m, (long long)SK_AS_INT(ln));
    else
        s = m;
    return s ? sk_obj(s) : SK_ERR;
}

// OSError(errno, strerror[, filename]).
static SkValue oserror_str(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkException *e = self_exc(vm, args[0], "__str__");
    if (!e) return SK_ERR;
    SkStr *name = sk_str_intern_cstr(vm, "filename");
    SkStr *en = sk_str_intern_cstr(vm, "errno");
    SkStr *se = sk_str_intern_cstr(vm, "strerror");
    if (!name || !en || !se) return SK_ERR;
    SkValue fn = sk_exc_default_attr(vm, e, name);
    SkValue eno = sk_exc_default_attr(vm, e, en);
    SkValue ser = sk_exc_default_attr(vm, e, se);
    SkValue d;
    if (!SK_IS_UNDEF(d = sk_dict_get_str(e->inst.dict, name))) fn = d;
    if (!SK_IS_UNDEF(d = sk_dict_get_str(e->inst.dict, en))) eno = d;
    if (!SK_IS_UNDEF(d = sk_dict_get_str(e->inst.dict, se))) ser = d;
    SkStr *s;
    SkStr *n2 = sk_str_intern_cstr(vm, "filename2");
    SkValue fn2 = n2 ? sk_exc_default_attr(vm, e, n2) : SK_UNDEF;
    if (n2 && !SK_IS_UNDEF(d = sk_dict_get_str(e->inst.dict, n2))) fn2 = d;
    if (!SK_IS_UNDEF(fn) && !SK_IS_NONE(fn) && !SK_IS_UNDEF(fn2) && !SK_IS_NONE(fn2))
        s = sk_str_format(vm, "[Errno %S] %S: %R -> %R", eno, ser, fn, fn2); // os.rename
    else if (!SK_IS_UNDEF(fn) && !SK_IS_NONE(fn))
        s = sk_str_format(vm, "[Errno %S] %S: %R", eno, ser, fn);
    else if (!SK_IS_UNDEF(eno) && !SK_IS_NONE(eno) && !SK_IS_UNDEF(ser) && !SK_IS_NONE(ser))
        s = sk_str_format(vm, "[Errno %S] %S", eno, ser);
    else
        s = args_str(vm, e->args);
    return s ? sk_obj(s) : SK_ERR;
}

// __init__ taking *args plus the keywords kw1/kw2 stored as attributes:
// ImportError(msg, name=, path=), NameError(msg, name=), AttributeError(msg, name=, obj=).
static SkValue init_with_keywords(SkVM *vm, SkValue *args, int nargs, SkTuple *kw, const char *kw1,
                                  const char *kw2) {
    SkException *e = self_exc(vm, args[0], "__init__");
    if (!e) return SK_ERR;
    int np = npos(nargs, kw);
    for (int i = np; i < nargs; i++) {
        SkStr *k = SK_AS_STR(kw->items[i - np]);
        if (strcmp(k->data, kw1) != 0 && (!kw2 || strcmp(k->data, kw2) != 0))
            return sk_raise(vm, vm->exc.TypeError, "'%N' is an invalid keyword argument for %N()",
                            k, e->inst.cls->name);
        if (!sk_dict_set_str(vm, e->inst.dict, k, args[i])) return SK_ERR;
    }
    SkTuple *t = sk_tuple_from(vm, args + 1, (size_t)(np - 1));
    if (!t) return SK_ERR;
    e->args = t;
    return SK_NONE;
}

static SkValue importerror_init(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    return init_with_keywords(vm, args, nargs, kw, "name", "path");
}

static SkValue nameerror_init(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    return init_with_keywords(vm, args, nargs, kw, "name", NULL);
}

static SkValue attributeerror_init(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    return init_with_keywords(vm, args, nargs, kw, "name", "obj");
}

SkValue sk_exc_default_attr(SkVM *vm, SkException *e, SkStr *name) {
    const char *n = name->data;
    SkClass *cls = e->inst.cls;
    size_t argc = e->args ? e->args->len : 0;
    SkValue a0 = argc ? e->args->items[0] : SK_NONE;
    if (sk_is_subclass(cls, vm->exc.StopIteration)) {
        if (strcmp(n, "value") == 0) return a0;
    } else if (sk_is_subclass(cls, vm->exc.SystemExit)) {
        if (strcmp(n, "code") == 0) return argc <= 1 ? a0 : sk_obj(e->args);
    } else if (sk_is_subclass(cls, vm->exc.OSError)) {
        bool two = argc >= 2 && argc <= 5;
        if (strcmp(n, "errno") == 0) return two ? a0 : SK_NONE;
        if (strcmp(n, "strerror") == 0) return two ? e->args->items[1] : SK_NONE;
        if (strcmp(n, "filename") == 0) return two && argc >= 3 ? e->args->items[2] : SK_NONE;
        if (strcmp(n, "filename2") == 0) return two && argc >= 5 ? e->args->items[4] : SK_NONE;
    } else if (sk_is_subclass(cls, vm->exc.SyntaxError)) {
        if (strcmp(n, "msg") == 0) return a0;
        if (!strcmp(n, "filename") || !strcmp(n, "lineno") || !strcmp(n, "offset") ||
            !strcmp(n, "text") || !strcmp(n, "end_lineno") || !strcmp(n, "end_offset") ||
            !strcmp(n, "print_file_and_line"))
            return SK_NONE;
    } else if (sk_is_subclass(cls, vm->exc.ImportError)) {
        if (strcmp(n, "msg") == 0) return argc == 1 ? a0 : SK_NONE;
        if (strcmp(n, "name") == 0 || strcmp(n, "path") == 0) return SK_NONE;
    } else if (sk_is_subclass(cls, vm->exc.AttributeError)) {
        if (strcmp(n, "name") == 0 || strcmp(n, "obj") == 0) return SK_NONE;
    } else if (sk_is_subclass(cls, vm->exc.NameError)) {
        if (strcmp(n, "name") == 0) return SK_NONE;
    }
    return SK_UNDEF;
}

// ---------------------------------------------------------------- start-up

void sk_init_exceptions(SkVM *vm) {
    sk_init_class_methods(vm);
#define SK_EXC_MAKE(name, base)                                                                    \
    vm->exc.name = sk_class_new_builtin(                                                           \
        vm, #name, vm->exc.base == NULL ? vm->t.object : vm->exc.base, SK_EXCEPTION);
    // BaseException names itself as base: it is still NULL when made, so it
    // gets object.
    SK_EXCEPTIONS(SK_EXC_MAKE)
#undef SK_EXC_MAKE
    SkClass *be = vm->exc.BaseException;
    sk_define_method(vm, be, "__init__", exc_init, 1, -1, true);
    sk_define_method(vm, be, "__str__", exc_str, 1, 1, false);
    sk_define_method(vm, be, "__repr__", exc_repr, 1, 1, false);
    sk_define_method(vm, be, "with_traceback", exc_with_traceback, 2, 2, false);
    sk_define_method(vm, be, "add_note", exc_add_note, 2, 2, false);
    sk_define_method(vm, vm->exc.KeyError, "__str__", keyerror_str, 1, 1, false);
    sk_define_method(vm, vm->exc.SyntaxError, "__init__", syntax_init, 1, -1, false);
    sk_define_method(vm, vm->exc.SyntaxError, "__str__", syntax_str, 1, 1, false);
    sk_define_method(vm, vm->exc.OSError, "__str__", oserror_str, 1, 1, false);
    sk_define_method(vm, vm->exc.ImportError, "__init__", importerror_init, 1, -1, true);
    sk_define_method(vm, vm->exc.NameError, "__init__", nameerror_init, 1, -1, true);
    sk_define_method(vm, vm->exc.AttributeError, "__init__", attributeerror_init, 1, -1, true);

    SkValue me = sk_instance_new(vm, vm->exc.MemoryError);
    if (!SK_IS_ERR(me)) {
        SK_AS_EXC(me)->args = sk_tuple_new(vm, 0);
        vm->memory_error = me;
    }
}
