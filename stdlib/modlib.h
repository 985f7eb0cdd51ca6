// stdlib/modlib.h -- helpers shared by the built-in modules of stdlib/
// (mod_math.c, mod_time.c, mod_random.c, mod_os.c, mod_json.c): argument
// conversion with CPython's messages, module attribute setters, raising
// OSError subclasses from errno, and the module initialisers that the
// table of stdlib/stdlib.c lists.
#ifndef SK_STDLIB_MODLIB_H
#define SK_STDLIB_MODLIB_H
#include "vm/exec/import.h"

// x as a C double: float, int (OverflowError when too large), bool, or an
// object with __float__.
// TypeError "must be real number, not str" otherwise.
bool sk_mod_to_double(SkVM *vm, SkValue x, double *out) SK_RAISES;
// x as an int64: int, bool or __index__; TypeError
// "'float' object cannot be interpreted as an integer" otherwise.
bool sk_mod_to_int(SkVM *vm, SkValue x, int64_t *out) SK_RAISES;
// x as an int value of any size (int, bool, big int or __index__); SK_ERR
// with the same TypeError otherwise.
SkValue sk_mod_to_intval(SkVM *vm, SkValue x) SK_RAISES;
// m.name = v (false with the exception pending; v SK_ERR is passed through).
bool sk_mod_set(SkVM *vm, SkModule *m, const char *name, SkValue v) SK_RAISES;
SkValue sk_mod_cstr(SkVM *vm, const char *s) SK_RAISES; // a new str value
// Raise the OSError subclass errno maps to (FileNotFoundError for ENOENT,
// ...) with args (errno, strerror[, filename]): str() gives CPython's
// "[Errno 2] No such file or directory: 'x'". filename may be SK_UNDEF.
SkValue sk_mod_raise_errno(SkVM *vm, int err, SkValue filename) SK_RAISES;
// The attribute `name` of the imported module `module` (from sys.modules,
// dict only: no code runs), or SK_UNDEF when either is missing. Lets a
// module's natives find the classes and objects its init put there.
SkValue sk_mod_lookup(SkVM *vm, const char *module, const char *name);
// As sk_mod_lookup for a class, or NULL.
SkClass *sk_mod_class(SkVM *vm, const char *module, const char *name);
// Call obj.name(*args) (the method must exist: AttributeError otherwise).
SkValue sk_mod_call_method(SkVM *vm, SkValue obj, const char *name, SkValue *args,
                           int nargs) SK_RAISES;

// A struct sequence class (sys.version_info, os.stat_result): a tuple
// subclass whose items are also attributes, printed as module.name(f=v, ...).
SkClass *sk_mod_structseq(SkVM *vm, const char *module, const char *name, const char *const *fields,
                          int n) SK_RAISES;
SkValue sk_mod_structseq_new(SkVM *vm, SkClass *cls, const SkValue *values, int n) SK_RAISES;

// types.SimpleNamespace, made on first use (sys.implementation, types.sk).
SkClass *sk_mod_simple_namespace(SkVM *vm) SK_RAISES;

// Where print() without file= writes: *writer SK_UNDEF for the VM's own
// stdout (sys.stdout untouched, or sys not imported), SK_NONE when
// sys.stdout is None, else sys.stdout.write (which raises once sys.stdout is
// closed). False with the exception pending.
bool sk_sys_stdout_writer(SkVM *vm, SkValue *writer) SK_RAISES;

// Module initialisers (one per stdlib/mod_*.c).
bool sk_mod_sys_init(SkVM *vm, SkModule *m) SK_RAISES;
bool sk_mod_math_init(SkVM *vm, SkModule *m) SK_RAISES;
bool sk_mod_time_init(SkVM *vm, SkModule *m) SK_RAISES;
bool sk_mod_random_init(SkVM *vm, SkModule *m) SK_RAISES;
bool sk_mod_os_init(SkVM *vm, SkModule *m) SK_RAISES;
bool sk_mod_os_path_init(SkVM *vm, SkModule *m) SK_RAISES;
bool sk_mod_json_init(SkVM *vm, SkModule *m) SK_RAISES;
bool sk_mod_stackless_init(SkVM *vm, SkModule *m) SK_RAISES;
bool sk_mod_socket_init(SkVM *vm, SkModule *m) SK_RAISES;
bool sk_mod_subprocess_init(SkVM *vm, SkModule *m) SK_RAISES;
bool sk_mod_signal_init(SkVM *vm, SkModule *m) SK_RAISES;
bool sk_mod_traceback_init(SkVM *vm, SkModule *m) SK_RAISES;
bool sk_mod_gc_init(SkVM *vm, SkModule *m) SK_RAISES;
bool sk_mod_cmath_init(SkVM *vm, SkModule *m) SK_RAISES;
bool sk_mod_re_init(SkVM *vm, SkModule *m) SK_RAISES;
bool sk_mod_struct_init(SkVM *vm, SkModule *m) SK_RAISES;
bool sk_mod_marshal_init(SkVM *vm, SkModule *m) SK_RAISES;
bool sk_mod_process_init(SkVM *vm, SkModule *m) SK_RAISES;

#endif
