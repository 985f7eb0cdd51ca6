// stdlib/mod_sys.c -- the `sys` module: argv, path and modules (the VM's
// own list and dict, so changes take effect), exit, the recursion limit,
// version facts, exc_info, stdout/stderr objects whose write goes through
// vm->write (so a host that captures output captures these too), and a
// line-reading stdin.
//
// The stream objects are plain instances of a built-in class; the stream
// number (1 stdout, 2 stderr, 3 stdin) sits in the instance header's free
// `extra` field.
#include "stdlib/modlib.h"
#include "vm/classes/class.h"
#include "vm/classes/class_create.h"
#include "vm/classes/error.h"
#include "vm/classes/frame_object.h"
#include "vm/exec/call.h"
#include "vm/exec/import.h"
#include "vm/objects/bigint.h"
#include "vm/objects/bytes_methods.h"
#include "vm/objects/dict.h"
#include "vm/objects/list.h"
#include "vm/objects/set.h"
#include "vm/objects/str.h"
#include "vm/objects/tuple.h"
#include "vm/sched/loop.h"
#include <float.h>
#include <limits.h>
#include <stdio.h>
#include <unistd.h>

static bool set(SkVM *vm, SkModule *m, const char *name, SkValue v) {
    return !SK_IS_ERR(v) && sk_dict_set_cstr(vm, m->dict, name, v);
}

static SkValue cstr(SkVM *vm, const char *s) {
    SkStr *r = sk_str_cstr(vm, s);
    return r ? sk_obj(r) : SK_ERR;
}

static SkValue sys_exit(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkValue exc = sk_exc_new(vm, vm->exc.SystemExit, args, nargs);
    if (SK_IS_ERR(exc)) return SK_ERR;
    return sk_raise_value(vm, exc);
}

static SkValue sys_getrecursionlimit(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    return sk_int(vm->recursion_limit);
}

// sys.getswitchinterval()/setswitchinterval(s): CPython's thread switch
// interval; Skein has one thread, so the value is only kept.
static SkValue sys_getswitchinterval(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    return sk_float(vm->switch_interval);
}

static SkValue sys_setswitchinterval(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    double d;
    if (SK_IS_FLOAT(args[0]))
        d = SK_AS_FLOAT(args[0]);
    else if (SK_IS_INT(args[0]) || SK_IS_BOOL(args[0]))
        d = (double)SK_AS_INT(args[0]);
    else
        return sk_raise(vm, vm->exc.TypeError, "must be real number, not %T", args[0]);
    if (!(d > 0))
        return sk_raise(vm, vm->exc.ValueError, "switch interval must be strictly positive");
    vm->switch_interval = d;
    return SK_NONE;
}

static SkValue sys_setrecursionlimit(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkValue v = args[0];
    if (!SK_IS_INT(v) && !SK_IS_BOOL(v)) {
        if (SK_IS_FLOAT(v))
            return sk_raise(vm, vm->exc.TypeError,
                            "'float' object cannot be interpreted as an integer");
        return sk_raise(vm, vm->exc.TypeError, "'%T' object cannot be interpreted as an integer",
                        v);
    }
    int64_t n = SK_AS_INT(v);
    if (n < 1)
        return sk_raise(vm, vm->exc.ValueError, "recursion limit must be greater or equal than 1");
    if (n > INT_MAX)
        return sk_raise(vm, vm->exc.OverflowError, "Python int too large to convert to C int");
    int depth = vm->current ? vm->current->nframes : 0;
    if (n <= depth)
        return sk_raise(vm, vm->exc.RecursionError,
                        "cannot set the recursion limit to %d at the recursion depth %d: the "
                        "limit is too low",
                        (int)n, depth);
    vm->recursion_limit = (int)n;
    return SK_NONE;
}

static SkValue sys_get_int_max_str_digits(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    return sk_int(vm->int_max_str_digits);
}

static SkValue sys_set_int_max_str_digits(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    static const char *const names[] = {"maxdigits"};
    SkValue a[1];
    if (!sk_bind_args(vm, "set_int_max_str_digits", args, nargs, kw, names, 1, 1, a)) return SK_ERR;
    int64_t n;
    if (!sk_mod_to_int(vm, a[0], &n)) return SK_ERR;
    if (n != 0 && n < 640)
        return sk_raise(vm, vm->exc.ValueError, "maxdigits must be 0 or larger than 640");
    vm->int_max_str_digits = n;
    return SK_NONE;
}

static SkValue sys_exc_info(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkValue h = sk_tasklet_handling(vm->current);
    SkValue items[3] = {SK_NONE, SK_NONE, SK_NONE};
    if (SK_IS_KIND(h, SK_EXCEPTION)) {
        items[0] = sk_obj(SK_AS_EXC(h)->inst.cls);
        items[1] = h;
        items[2] = sk_traceback_of(vm, SK_AS_EXC(h));
        if (SK_IS_ERR(items[2])) return SK_ERR;
    }
    SkTuple *t = sk_tuple_from(vm, items, 3);
    return t ? sk_obj(t) : SK_ERR;
}

// sys.getsizeof(obj): what CPython 3.11 on 64 bits reports for the common
// built-in types (so size arithmetic in programs agrees), else 16 bytes per word.
static SkValue sys_getsizeof(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkValue v = args[0];
    int64_t n = 16;
    switch (v.tag) {
    case SK_T_NONE: n = 16; break;
    case SK_T_BOOL:
    case SK_T_INT: // CPython's 30-bit digits: 28 bytes up to 2**30, 4 more per digit
        n = 28 + 4 * (int64_t)(sk_int_bit_length(v) > 30 ? (sk_int_bit_length(v) - 1) / 30 : 0);
        break;
    case SK_T_FLOAT: n = 24; break;
    case SK_T_OBJ:
        switch (SK_OBJ_KIND(v)) {
        case SK_BIGINT: n = 24 + 4 * (int64_t)((sk_int_bit_length(v) + 29) / 30); break;
        case SK_STR: {
            SkStr *s = SK_AS_STR(v);
            n = s->ascii ? 49 + (int64_t)s->len : 74 + 4 * (int64_t)s->nchars;
            break;
        }
        case SK_BYTES: n = 33 + (int64_t)SK_AS_BYTES(v)->len; break;
        case SK_TUPLE: n = 40 + 8 * (int64_t)SK_AS_TUPLE(v)->len; break;
        case SK_LIST: n = 56 + 8 * (int64_t)SK_AS_LIST(v)->cap; break;
        case SK_DICT:
            n = SK_AS_DICT(v)->len == 0
                    ? 64
                    : 232 + 8 * (int64_t)(SK_AS_DICT(v)->cap > 8 ? SK_AS_DICT(v)->cap * 4 : 0);
            break;
        case SK_SET:
            n = 216 + (SK_AS_SET(v)->mask >= 8 ? 16 * (int64_t)(SK_AS_SET(v)->mask + 1) : 0);
            break;
        case SK_RANGE: n = 48; break;
        case SK_FUNCTION: n = 152; break;
        case SK_CLASS: n = 1072; break;
        case SK_INSTANCE: n = 48; break;
        default: n = 56; break;
        }
        break;
    default: break;
    }
    return sk_int(n);
}

static bool set_infos(SkVM *vm, SkModule *m) {
    static const char *const vi_f[] = {"major", "minor", "micro", "releaselevel", "serial"};
    static const char *const fi_f[] = {"max",     "max_exp",    "max_10_exp", "min",
                                       "min_exp", "min_10_exp", "dig",        "mant_dig",
                                       "epsilon", "radix",      "rounds"};
    static const char *const ii_f[] = {"bits_per_digit", "sizeof_digit", "default_max_str_digits",
                                       "str_digits_check_threshold"};
    static const char *const hi_f[] = {"width",     "modulus",   "inf",       "nan",   "imag",
                                       "algorithm", "hash_bits", "seed_bits", "cutoff"};
    SkClass *vic = sk_mod_structseq(vm, "sys", "version_info", vi_f, 5);
    SkClass *fic = sk_mod_structseq(vm, "sys", "float_info", fi_f, 11);
    SkClass *iic = sk_mod_structseq(vm, "sys", "int_info", ii_f, 4);
    SkClass *hic = sk_mod_structseq(vm, "sys", "hash_info", hi_f, 9);
    if (!vic || !fic || !iic || !hic) return false;
    SkValue final = cstr(vm, "final"), algo = cstr(vm, "siphash13");
    if (SK_IS_ERR(final) || SK_IS_ERR(algo)) return false;
    SkValue vi[5] = {sk_int(3), sk_int(11), sk_int(0), final, sk_int(0)};
    SkValue fi[11] = {sk_float(DBL_MAX),
                      sk_int(DBL_MAX_EXP),
                      sk_int(DBL_MAX_10_EXP),
                      sk_float(DBL_MIN),
                      sk_int(DBL_MIN_EXP),
                      sk_int(DBL_MIN_10_EXP),
                      sk_int(DBL_DIG),
                      sk_int(DBL_MANT_DIG),
                      sk_float(DBL_EPSILON),
                      sk_int(FLT_RADIX),
                      sk_int(1)};
    SkValue ii[4] = {sk_int(30), sk_int(4), sk_int(4300), sk_int(640)};
    SkValue hi[9] = {sk_int(64),      sk_int(((int64_t)1 << 61) - 1),
                     sk_int(314159),  sk_int(0),
                     sk_int(1000003), algo,
                     sk_int(64),      sk_int(128),
                     sk_int(0)};
    SkValue v = sk_mod_structseq_new(vm, vic, vi, 5);
    if (SK_IS_ERR(v) || !set(vm, m, "version_info", v)) return false;
    if (!set(vm, m, "float_info", sk_mod_structseq_new(vm, fic, fi, 11)) ||
        !set(vm, m, "int_info", sk_mod_structseq_new(vm, iic, ii, 4)) ||
        !set(vm, m, "hash_info", sk_mod_structseq_new(vm, hic, hi, 9)))
        return false;
    // sys.implementation: a types.SimpleNamespace, as CPython's.
    SkClass *ns = sk_mod_simple_namespace(vm);
    SkValue impl = ns ? sk_instance_new(vm, ns) : SK_ERR;
    if (SK_IS_ERR(impl)) return false;
    SkDict *d = SK_AS_INSTANCE(impl)->dict;
    SkValue name = cstr(vm, "skein");
    return !SK_IS_ERR(name) && sk_dict_set_cstr(vm, d, "name", name) &&
           sk_dict_set_cstr(vm, d, "cache_tag", SK_NONE) && sk_dict_set_cstr(vm, d, "version", v) &&
           sk_dict_set_cstr(vm, d, "hexversion", sk_int(0x030B00F0)) &&
           set(vm, m, "implementation", impl);
}

static SkValue sys_getframe(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    int64_t depth = 0;
    if (nargs > 0 && !sk_mod_to_int(vm, args[0], &depth)) return SK_ERR;
    if (depth < 0 || depth > INT_MAX) depth = INT_MAX;
    return sk_frame_object(vm, (int)depth);
}

static SkValue sys_exception(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkValue h = sk_tasklet_handling(vm->current);
    return SK_IS_KIND(h, SK_EXCEPTION) ? h : SK_NONE;
}

static SkValue sys_intern(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    if (!SK_IS_STR(args[0]))
        return sk_raise(vm, vm->exc.TypeError, "intern() argument must be str, not %T", args[0]);
    SkStr *s = sk_str_intern_str(vm, SK_AS_STR(args[0]));
    return s ? sk_obj(s) : SK_ERR;
}

static SkValue sys_getdefaultencoding(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkStr *s = sk_str_intern_cstr(vm, "utf-8");
    return s ? sk_obj(s) : SK_ERR;
}

// ---------------------------------------------------------------- streams

#define STREAM_IN 3 // obj.extra of sys.stdin (1 and 2 are stdout/stderr)

#define STREAM_CLOSED 0x100 // in obj.extra, beside the stream number

static int stream_of(SkVM *vm, SkValue self, const char *meth) {
    if (SK_IS_KIND(self, SK_INSTANCE)) {
        uint32_t e = SK_AS_OBJ(self)->extra, s = e & 0xff;
        if (s == 1 || s == 2 || s == STREAM_IN) {
            if (!(e & STREAM_CLOSED)) return (int)s;
            sk_raise(vm, vm->exc.ValueError, "I/O operation on closed file.");
            return 0;
        }
    }
    sk_raise(vm, vm->exc.ValueError, "I/O operation on a non-stream object (%s)", meth);
    return 0;
}

// close(): later writes raise ValueError, as on CPython's closed sys.stdout.
static SkValue stream_close(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    if (!SK_IS_KIND(args[0], SK_INSTANCE) || !(SK_AS_OBJ(args[0])->extra & 0xff))
        return sk_raise(vm, vm->exc.ValueError, "I/O operation on a non-stream object (close)");
    SK_AS_OBJ(args[0])->extra |= STREAM_CLOSED;
    if (!sk_dict_set_cstr(vm, SK_AS_INSTANCE(args[0])->dict, "closed", SK_TRUE)) return SK_ERR;
    return SK_NONE;
}

bool sk_sys_stdout_writer(SkVM *vm, SkValue *writer) {
    *writer = SK_UNDEF;
    SkValue sys = vm->modules ? sk_dict_get_str(vm->modules, vm->names.sys) : SK_UNDEF;
    if (!SK_IS_KIND(sys, SK_MODULE)) return true;
    SkValue out = sk_dict_get_str(SK_AS_MODULE(sys)->dict, vm->names.stdout);
    if (SK_IS_UNDEF(out)) return !SK_IS_ERR(sk_raise(vm, vm->exc.RuntimeError, "lost sys.stdout"));
    if (SK_IS_KIND(out, SK_INSTANCE) && SK_AS_OBJ(out)->extra == 1) return true;
    if (SK_IS_NONE(out)) { // CPython's print does nothing then
        *writer = SK_NONE;
        return true;
    }
    *writer = sk_getattr(vm, out, vm->names.write);
    return !SK_IS_ERR(*writer);
}

static void emit(SkVM *vm, int stream, const char *data, size_t len) {
    if (vm->write)
        vm->write(vm, stream, data, len);
    else
        fwrite(data, 1, len, stream == 2 ? stderr : stdout);
}

// Read from the process's stdin: one line (keeping its newline) or, with
// whole, everything left. "" at end of file.
// (w->n 1: everything; w->flags 1: read even when not ready.) Only the
// calling tasklet waits for the first byte; the rest of a line, or of the
// input, is read as it comes.
static SkValue read_stdin(SkVM *vm, SkWait *w) {
    if (!w->flags && !sk_loop_stdin_ready()) return SK_UNDEF;
    bool whole = w->n == 1;
    SkBuf b;
    sk_buf_init(&b);
    int c;
    while ((c = getchar()) != EOF) {
        if (!sk_buf_appendc(vm, &b, (char)c)) {
            sk_buf_free(&b);
            return SK_ERR;
        }
        if (c == '\n' && !whole) break;
    }
    clearerr(stdin);
    SkValue r = sk_lib_decode(vm, (const uint8_t *)(b.data ? b.data : ""), b.len, NULL, NULL);
    sk_buf_free(&b);
    return r;
}

static SkValue read_input(SkVM *vm, SkValue self, bool whole, const char *meth) {
    int s = stream_of(vm, self, meth);
    if (!s) return SK_ERR;
    if (s != STREAM_IN) return sk_raise(vm, vm->exc.OSError, "not readable");
    return sk_loop_read_stdin(vm, meth, read_stdin, whole ? 1 : 0);
}

static SkValue stream_readline(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    return read_input(vm, args[0], false, "readline");
}

static SkValue stream_read(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    return read_input(vm, args[0], true, "read");
}

static SkValue stream_iter(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    return stream_of(vm, args[0], "__iter__") ? args[0] : SK_ERR;
}

static SkValue stream_next(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkValue line = read_input(vm, args[0], false, "__next__");
    if (SK_IS_ERR(line)) return SK_ERR;
    if (SK_IS_STR(line) && SK_AS_STR(line)->len == 0) return sk_raise_stopiteration(vm, SK_NONE);
    return line;
}

static SkValue stream_write(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    int s = stream_of(vm, args[0], "write");
    if (!s) return SK_ERR;
    if (s == STREAM_IN) return sk_raise(vm, vm->exc.OSError, "not writable");
    if (!SK_IS_STR(args[1]))
        return sk_raise(vm, vm->exc.TypeError, "write() argument must be str, not %T", args[1]);
    SkStr *str = SK_AS_STR(args[1]);
    emit(vm, s, str->data, str->len);
    return sk_int((int64_t)str->nchars);
}

static SkValue stream_writelines(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    int s = stream_of(vm, args[0], "writelines");
    if (!s) return SK_ERR;
    SkList *l = sk_list_of(vm, args[1]);
    if (!l) return SK_ERR;
    for (size_t i = 0; i < l->len; i++) {
        if (!SK_IS_STR(l->items[i]))
            return sk_raise(vm, vm->exc.TypeError, "write() argument must be str, not %T",
                            l->items[i]);
        emit(vm, s, SK_AS_STR(l->items[i])->data, SK_AS_STR(l->items[i])->len);
    }
    return SK_NONE;
}

static SkValue stream_flush(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    int s = stream_of(vm, args[0], "flush");
    if (!s) return SK_ERR;
    if (!vm->write) fflush(s == 2 ? stderr : stdout);
    return SK_NONE;
}

static SkValue stream_fileno(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    int s = stream_of(vm, args[0], "fileno");
    return s ? sk_int(s == STREAM_IN ? 0 : s) : SK_ERR;
}

static SkValue stream_false(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    return stream_of(vm, args[0], "isatty") ? SK_FALSE : SK_ERR;
}

static SkValue stream_writable(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    int s = stream_of(vm, args[0], "writable");
    return s ? sk_bool(s != STREAM_IN) : SK_ERR;
}

static SkValue stream_readable(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    int s = stream_of(vm, args[0], "readable");
    return s ? sk_bool(s == STREAM_IN) : SK_ERR;
}

static SkValue stream_repr(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    int s = stream_of(vm, args[0], "__repr__");
    if (!s) return SK_ERR;
    SkStr *r = sk_str_format(vm, "<_io.TextIOWrapper name='<%s>' mode='%s' encoding='utf-8'>",
                             s == 2           ? "stderr"
                             : s == STREAM_IN ? "stdin"
                                              : "stdout",
                             s == STREAM_IN ? "r" : "w");
    return r ? sk_obj(r) : SK_ERR;
}

static SkValue make_stream(SkVM *vm, SkClass *cls, int stream) {
    SkValue v = sk_instance_new(vm, cls);
    if (SK_IS_ERR(v)) return SK_ERR;
    SK_AS_OBJ(v)->extra = (uint32_t)stream;
    SkDict *d = SK_AS_INSTANCE(v)->dict;
    SkStr *name = sk_str_cstr(vm, stream == 2           ? "<stderr>"
                                  : stream == STREAM_IN ? "<stdin>"
                                                        : "<stdout>");
    SkStr *mode = sk_str_intern_cstr(vm, stream == STREAM_IN ? "r" : "w");
    SkStr *enc = sk_str_intern_cstr(vm, "utf-8");
    if (!name || !mode || !enc || !sk_dict_set_cstr(vm, d, "name", sk_obj(name)) ||
        !sk_dict_set_cstr(vm, d, "mode", sk_obj(mode)) ||
        !sk_dict_set_cstr(vm, d, "encoding", sk_obj(enc)) ||
        !sk_dict_set_cstr(vm, d, "closed", SK_FALSE))
        return SK_ERR;
    return v;
}

static SkClass *stream_class(SkVM *vm) {
    SkClass *c = sk_class_new_builtin(vm, "TextIOWrapper", vm->t.object, SK_INSTANCE);
    if (!c) return NULL;
    SkStr *mod = sk_str_intern_cstr(vm, "_io");
    if (!mod || !sk_dict_set_str(vm, c->dict, vm->names.module, sk_obj(mod))) return NULL;
    if (!sk_define_method(vm, c, "write", stream_write, 2, 2, false) ||
        !sk_define_method(vm, c, "writelines", stream_writelines, 2, 2, false) ||
        !sk_define_method(vm, c, "flush", stream_flush, 1, 1, false) ||
        !sk_define_method(vm, c, "close", stream_close, 1, 1, false) ||
        !sk_define_method(vm, c, "fileno", stream_fileno, 1, 1, false) ||
        !sk_define_method(vm, c, "isatty", stream_false, 1, 1, false) ||
        !sk_define_method(vm, c, "writable", stream_writable, 1, 1, false) ||
        !sk_define_method(vm, c, "readable", stream_readable, 1, 1, false) ||
        !sk_define_method(vm, c, "readline", stream_readline, 1, 2, false) ||
        !sk_define_method(vm, c, "read", stream_read, 1, 2, false) ||
        !sk_define_method(vm, c, "__iter__", stream_iter, 1, 1, false) ||
        !sk_define_method(vm, c, "__next__", stream_next, 1, 1, false) ||
        !sk_define_method(vm, c, "__repr__", stream_repr, 1, 1, false))
        return NULL;
    return c;
}

// ---------------------------------------------------------------- the module

bool sk_mod_sys_init(SkVM *vm, SkModule *m) {
    SkDict *d = m->dict;
    SkList *argv = sk_list_new(vm, (size_t)(vm->argc > 0 ? vm->argc : 1));
    if (!argv) return false;
    for (int i = 0; i < vm->argc && vm->argv; i++) {
        SkValue a = cstr(vm, vm->argv[i] ? vm->argv[i] : "");
        if (SK_IS_ERR(a) || !sk_list_append(vm, argv, a)) return false;
    }
    if (argv->len == 0 && !sk_list_append(vm, argv, sk_obj(vm->names.empty))) return false;
    if (!set(vm, m, "argv", sk_obj(argv)) || !set(vm, m, "orig_argv", sk_obj(argv))) return false;
    if (SK_IS_LIST(vm->sys_path) && !set(vm, m, "path", vm->sys_path)) return false;
    if (vm->modules && !set(vm, m, "modules", sk_obj(vm->modules))) return false;

    if (!sk_define_native(vm, d, "exit", sys_exit, 0, 1, false) ||
        !sk_define_native(vm, d, "getrecursionlimit", sys_getrecursionlimit, 0, 0, false) ||
        !sk_define_native(vm, d, "getswitchinterval", sys_getswitchinterval, 0, 0, false) ||
        !sk_define_native(vm, d, "setswitchinterval", sys_setswitchinterval, 1, 1, false) ||
        !sk_define_native(vm, d, "setrecursionlimit", sys_setrecursionlimit, 1, 1, false) ||
        !sk_define_native(vm, d, "exc_info", sys_exc_info, 0, 0, false) ||
        !sk_define_native(vm, d, "_getframe", sys_getframe, 0, 1, false) ||
        !sk_define_native(vm, d, "getsizeof", sys_getsizeof, 1, 2, false) ||
        !sk_define_native(vm, d, "exception", sys_exception, 0, 0, false) ||
        !sk_define_native(vm, d, "intern", sys_intern, 1, 1, false) ||
        !sk_define_native(vm, d, "getdefaultencoding", sys_getdefaultencoding, 0, 0, false) ||
        !sk_define_native(vm, d, "get_int_max_str_digits", sys_get_int_max_str_digits, 0, 0,
                          false) ||
        !sk_define_native(vm, d, "set_int_max_str_digits", sys_set_int_max_str_digits, 0, 1, true))
        return false;

    if (!set(vm, m, "version", cstr(vm, "3.11.0 (Skein " SK_VERSION ")"))) return false;
    if (!set_infos(vm, m)) return false;
    if (!set(vm, m, "hexversion", sk_int(0x030B00F0))) return false;
    if (!set(vm, m, "maxsize", sk_int(INT64_MAX))) return false;
#if defined(__APPLE__)
    const char *platform = "darwin";
#elif defined(_WIN32)
    const char *platform = "win32";
#else
    const char *platform = "linux";
#endif
    if (!set(vm, m, "platform", cstr(vm, platform))) return false;
    if (!set(vm, m, "byteorder", cstr(vm, "little"))) return false;
    // The interpreter's absolute path (a script can start another skein).
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    exe[n > 0 ? n : 0] = 0;
    if (!set(vm, m, "executable", cstr(vm, n > 0 ? exe : "skein"))) return false;
    if (!set(vm, m, "implementation_name", cstr(vm, "skein"))) return false;

    SkClass *sc = stream_class(vm);
    if (!sc) return false;
    SkValue out = make_stream(vm, sc, 1), err = make_stream(vm, sc, 2);
    SkValue in = make_stream(vm, sc, STREAM_IN);
    if (!set(vm, m, "stdout", out) || !set(vm, m, "stderr", err) || !set(vm, m, "stdin", in) ||
        !set(vm, m, "__stdout__", out) || !set(vm, m, "__stderr__", err) ||
        !set(vm, m, "__stdin__", in))
        return false;
    return true;
}
