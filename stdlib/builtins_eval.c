// stdlib/builtins_eval.c -- the builtins that turn text into running code:
// compile(), eval(), exec(), __import__() and __build_class__(). Code compiled here names its
// module-level variables with the *_NAME ops (parser/compile.h,
// sk_compile_dynamic), so it runs with any globals dict and a separate
// locals dict, as CPython's does; by default both are the caller's
// (inside a function, locals is a snapshot, as locals() gives).
#include "parser/compile.h"
#include "stdlib/builtins.h"
#include "vm/classes/class.h"
#include "vm/classes/error.h"
#include "vm/exec/call.h"
#include "vm/exec/frame.h"
#include "vm/exec/import.h"
#include "vm/exec/vm_helpers.h"
#include "vm/objects/bytes.h"
#include "vm/objects/code.h"
#include "vm/objects/dict.h"
#include "vm/objects/methods.h"
#include "vm/objects/module.h"
#include "vm/objects/str.h"
#include "vm/objects/tuple.h"
#include "vm/ops/compare.h"
#include "vm/ops/item.h"
#include "vm/sched/tasklet.h"
#include <string.h>

#define NATIVE(name) static SkValue name(SkVM *vm, SkValue *args, int nargs, SkTuple *kw)

// CPython's compile() flag for an AST result, which Skein cannot give.
#define PyCF_ONLY_AST 0x400

// The text of a source argument: str, or UTF-8 bytes.
static bool source_text(SkVM *vm, const char *fname, SkValue src, const char **s, size_t *len) {
    if (SK_IS_STR(src)) {
        *s = SK_AS_STR(src)->data;
        *len = SK_AS_STR(src)->len;
    } else if (SK_IS_KIND(src, SK_BYTES)) {
        *s = (const char *)SK_AS_BYTES(src)->data;
        *len = SK_AS_BYTES(src)->len;
    } else {
        sk_raise(vm, vm->exc.TypeError, "%s() arg 1 must be a string, bytes or code object", fname);
        return false;
    }
    if (memchr(*s, '\0', *len)) {
        sk_raise(vm, vm->exc.SyntaxError, "source code string cannot contain null bytes");
        return false;
    }
    return true;
}

static SkCode *compile_text(SkVM *vm, const char *fname, SkValue src, const char *filename,
                            SkParseMode mode) {
    const char *s;
    size_t len;
    if (!source_text(vm, fname, src, &s, &len)) return NULL;
    if (mode == SK_PARSE_EVAL) // eval() ignores leading blanks, as CPython does
        while (len && (*s == ' ' || *s == '\t')) s++, len--;
    return sk_compile_dynamic(vm, s, len, filename, mode);
}

NATIVE(bi_compile) {
    static const char *const names[] = {
        "source", "filename", "mode", "flags", "dont_inherit", "optimize", "_feature_version"};
    SkValue a[7];
    if (!sk_bind_args(vm, "compile", args, nargs, kw, names, 7, 3, a)) return SK_ERR;
    if (SK_IS_KIND(a[0], SK_CODE)) return a[0];
    SkValue fn = sk_payload(a[1]);
    if (!SK_IS_STR(fn))
        return sk_raise(vm, vm->exc.TypeError, "compile() argument 'filename' must be str, not %T",
                        a[1]);
    if (!SK_IS_STR(a[2]))
        return sk_raise(vm, vm->exc.TypeError, "compile() argument 'mode' must be str, not %T",
                        a[2]);
    const char *m = SK_AS_STR(a[2])->data;
    SkParseMode mode;
    if (!strcmp(m, "exec"))
        mode = SK_PARSE_FILE;
    else if (!strcmp(m, "eval"))
        mode = SK_PARSE_EVAL;
    else if (!strcmp(m, "single"))
        mode = SK_PARSE_SINGLE;
    else
        return sk_raise(vm, vm->exc.ValueError,
                        "compile() mode must be 'exec', 'eval' or 'single'");
    if (SK_IS_INT(a[3]) && (SK_AS_INT(a[3]) & PyCF_ONLY_AST))
        return sk_raise(vm, vm->exc.ValueError,
                        "compile() to an AST (ast.PyCF_ONLY_AST) is not supported");
    SkCode *code = compile_text(vm, "compile", a[0], SK_AS_STR(fn)->data, mode);
    return code ? sk_obj(code) : SK_ERR;
}

// The namespaces of eval/exec: the caller's when globals is None (locals
// then defaults to the caller's too), else globals and locals (locals
// defaulting to globals). globals gets __builtins__ if it has none.
static bool namespaces(SkVM *vm, const char *fname, SkValue g, SkValue l, SkDict **gd,
                       SkDict **ld) {
    if (SK_IS_UNDEF(g)) g = SK_NONE;
    if (SK_IS_UNDEF(l)) l = SK_NONE;
    if (!SK_IS_NONE(g) && !SK_IS_DICT(g)) {
        sk_raise(vm, vm->exc.TypeError, "%s() globals must be a dict, not %T", fname, g);
        return false;
    }
    if (!SK_IS_NONE(l) && !SK_IS_DICT(l)) {
        sk_raise(vm, vm->exc.TypeError,
                 SK_IS_KIND(l, SK_INSTANCE) ? "%s() locals other than a dict are not supported"
                                            : "locals must be a mapping",
                 fname);
        return false;
    }
    if (SK_IS_NONE(g)) {
        *gd = sk_current_globals(vm);
        if (!*gd) {
            sk_raise(vm, vm->exc.SystemError, "%s(): no globals", fname);
            return false;
        }
        if (SK_IS_NONE(l)) {
            SkValue snap = sk_bi_locals(vm);
            if (SK_IS_ERR(snap)) return false;
            l = snap;
        }
    } else {
        *gd = SK_AS_DICT(g);
    }
    *ld = SK_IS_NONE(l) ? *gd : SK_AS_DICT(l);
    SkStr *bname = sk_str_intern_cstr(vm, "__builtins__");
    if (!bname) return false;
    if (SK_IS_UNDEF(sk_dict_get_str(*gd, bname)) &&
        !sk_dict_set_str(vm, *gd, bname, sk_obj(vm->builtins)))
        return false;
    return true;
}

static SkValue run(SkVM *vm, const char *fname, SkParseMode mode, SkValue *args, int nargs,
                   SkTuple *kw) {
    static const char *const names[] = {"source", "globals", "locals"};
    SkValue a[3];
    if (!sk_bind_args(vm, fname, args, nargs, kw, names, 3, 1, a)) return SK_ERR;
    SkDict *g, *l;
    if (!namespaces(vm, fname, a[1], a[2], &g, &l)) return SK_ERR;
    SkCode *code;
    if (SK_IS_KIND(a[0], SK_CODE)) {
        code = (SkCode *)SK_AS_OBJ(a[0]);
        if (code->nfrees > 0)
            return sk_raise(vm, vm->exc.TypeError,
                            "code object passed to %s() may not contain free variables", fname);
    } else {
        if (!SK_IS_STR(a[0]) && !SK_IS_KIND(a[0], SK_BYTES))
            return sk_raise(vm, vm->exc.TypeError,
                            "%s() arg 1 must be a string, bytes or code object", fname);
        if (!(code = compile_text(vm, fname, a[0], "<string>", mode))) return SK_ERR;
    }
    SkValue r = sk_run_code_in(vm, code, g, l);
    if (SK_IS_ERR(r)) return SK_ERR;
    return mode == SK_PARSE_EVAL ? r : SK_NONE;
}

NATIVE(bi_eval) { return run(vm, "eval", SK_PARSE_EVAL, args, nargs, kw); }
NATIVE(bi_exec) { return run(vm, "exec", SK_PARSE_FILE, args, nargs, kw); }

// __import__(name, globals=None, locals=None, fromlist=(), level=0): the
// module, or the top-level package of a dotted name when fromlist is empty.
NATIVE(bi_import) {
    static const char *const names[] = {"name", "globals", "locals", "fromlist", "level"};
    SkValue a[5];
    if (!sk_bind_args(vm, "__import__", args, nargs, kw, names, 5, 1, a)) return SK_ERR;
    if (!SK_IS_STR(a[0]))
        return sk_raise(vm, vm->exc.TypeError, "__import__() argument 1 must be str, not %T", a[0]);
    int64_t level = 0;
    if (!SK_IS_UNDEF(a[4]) && !sk_index(vm, a[4], &level)) return SK_ERR;
    if (level < 0) return sk_raise(vm, vm->exc.ValueError, "level must be >= 0");
    SkStr *name = SK_AS_STR(a[0]);
    if (level > 0) { // the compiler's spelling of a relative import: leading dots
        if (level > 255) return sk_raise(vm, vm->exc.ValueError, "level is too large");
        char dots[256];
        memset(dots, '.', (size_t)level);
        SkStr *prefix = sk_str_new(vm, dots, (size_t)level);
        SkStr *full = prefix ? sk_str_format(vm, "%N%N", prefix, name) : NULL;
        if (!full) return SK_ERR;
        name = full;
    }
    if (!(name = sk_str_intern_str(vm, name))) return SK_ERR;
    SkValue m = sk_import_name(vm, name);
    if (SK_IS_ERR(m)) return SK_ERR;
    int fromlist = SK_IS_UNDEF(a[3]) || SK_IS_NONE(a[3]) ? 0 : sk_truthy(vm, a[3]);
    if (fromlist < 0) return SK_ERR;
    const char *dot = strchr(name->data, '.');
    if (fromlist || level > 0 || !dot) return m;
    SkStr *top = sk_str_new(vm, name->data, (size_t)(dot - name->data));
    if (!top || !(top = sk_str_intern_str(vm, top))) return SK_ERR;
    return sk_import_name(vm, top);
}

// __build_class__(func, name, *bases, **kw): what a class statement runs.
NATIVE(bi_build_class) {
    int np = nargs - (kw ? (int)kw->len : 0);
    if (np < 2) return sk_raise(vm, vm->exc.TypeError, "__build_class__: not enough arguments");
    if (!SK_IS_KIND(args[0], SK_FUNCTION))
        return sk_raise(vm, vm->exc.TypeError, "__build_class__: func must be a function");
    if (!SK_IS_STR(args[1]))
        return sk_raise(vm, vm->exc.TypeError, "__build_class__: name is not a string");
    SkTuple *bases = sk_tuple_from(vm, args + 2, (size_t)(np - 2));
    SkDict *kwd = kw && kw->len ? sk_dict_new(vm) : NULL;
    if (!bases || (kw && kw->len && !kwd)) return SK_ERR;
    for (size_t i = 0; kwd && i < kw->len; i++)
        if (!sk_dict_set(vm, kwd, kw->items[i], args[np + (int)i])) return SK_ERR;
    return sk_vm_build_class(vm, args[0], args[1], bases, kwd, SK_AS_FUNCTION(args[0])->globals);
}

void sk_bi_init_eval(SkVM *vm, SkDict *ns) {
    sk_define_native(vm, ns, "__build_class__", bi_build_class, 2, -1, true);
    sk_define_native(vm, ns, "compile", bi_compile, 3, 7, true);
    sk_define_native(vm, ns, "eval", bi_eval, 1, 3, true);
    sk_define_native(vm, ns, "exec", bi_exec, 1, 3, true);
    sk_define_native(vm, ns, "__import__", bi_import, 1, 5, true);
}
