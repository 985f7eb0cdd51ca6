// vm/api.c -- include/skein.h implemented over the internal API: VM
// creation with sys.argv, running a string or file as module __main__,
// mapping an escaping exception to a status (SystemExit -> its exit code,
// others -> a printed traceback), and the disassembler entry point.
#include "parser/compile.h"
#include "parser/parse.h"
#include "skein.h"
#include "stdlib/embedded.h"
#include "stdlib/stdlib.h"
#include "vm/classes/class.h"
#include "vm/classes/error.h"
#include "vm/classes/traceback.h"
#include "vm/core/gc.h"
#include "vm/exec/call.h"
#include "vm/exec/debug.h"
#include "vm/exec/import.h"
#include "vm/objects/code.h"
#include "vm/objects/dict.h"
#include "vm/objects/file.h"
#include "vm/objects/module.h"
#include "vm/objects/str.h"
#include "vm/ops/repr.h"
#include "vm/sched/loop.h"
#include "vm/sched/sched.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

// The one place in vm/ that opens stdlib/: the builtins, open() and file
// objects, then the module tables the importer searches.
static bool open_stdlib(SkVM *vm) {
    sk_init_builtins(vm);
    if (sk_has_exc(vm)) return false;
    sk_file_init(vm);
    if (sk_has_exc(vm)) return false;
    for (const SkStdlibModule *m = sk_stdlib_modules; m->name; m++)
        if (!sk_register_builtin_module(vm, m->name, m->init)) return false;
    vm->embedded_modules = sk_embedded_modules;
    return true;
}

SkVM *sk_vm_new(int argc, char **argv) {
    SkVM *vm = sk_state_new();
    if (!vm) return NULL;
    if (!open_stdlib(vm)) goto fail;
    if (!sk_loop_catch_sigint(vm)) sk_clear_exc(vm); // without it SIGINT keeps its default
    if (argc > 0 && argv) {
        vm->argv = calloc((size_t)argc, sizeof(char *));
        if (!vm->argv) goto fail;
        vm->argc = argc;
        for (int i = 0; i < argc; i++) {
            const char *a = argv[i] ? argv[i] : "";
            size_t n = strlen(a);
            vm->argv[i] = malloc(n + 1);
            if (!vm->argv[i]) goto fail;
            memcpy(vm->argv[i], a, n + 1);
        }
    }
    return vm;
fail:
    sk_state_free(vm);
    return NULL;
}

void sk_vm_free(SkVM *vm) { sk_state_free(vm); }

static void write_str(SkVM *vm, int stream, const char *s) {
    if (vm->write) vm->write(vm, stream, s, strlen(s));
}

static SkStatus escaped_exc(SkVM *vm, SkValue exc);

// The pending exception escaped to the top: decide the status. SystemExit
// leaves its exit status in vm->pending_exit (an int).
static SkStatus escaped(SkVM *vm) {
    SkValue exc = sk_take_exc(vm);
    sk_gc_push_root(vm, exc); // no longer pending, so no longer a root
    SkStatus st = escaped_exc(vm, exc);
    sk_gc_pop_root(vm);
    return st;
}

static SkStatus escaped_exc(SkVM *vm, SkValue exc) {
    if (sk_isinstance(vm, exc, vm->exc.SystemExit)) {
        SkTuple *args = SK_IS_KIND(exc, SK_EXCEPTION) ? SK_AS_EXC(exc)->args : NULL;
        SkValue code = !args || args->len == 0 ? SK_NONE
                       : args->len == 1        ? args->items[0]
                                               : sk_obj(args);
        int status;
        if (SK_IS_NONE(code)) {
            status = 0;
        } else if (SK_IS_INT(code) || SK_IS_BOOL(code)) {
            status = (int)SK_AS_INT(code);
        } else {
            // CPython prints anything else to stderr and exits with 1.
            SkStr *s = sk_to_str(vm, code);
            if (s) {
                if (vm->write) vm->write(vm, 2, s->data, s->len);
                write_str(vm, 2, "\n");
            } else {
                sk_clear_exc(vm);
            }
            status = 1;
        }
        vm->pending_exit = sk_int(status);
        return SK_ERR_EXIT;
    }
    bool nomem = sk_isinstance(vm, exc, vm->exc.MemoryError);
    bool interrupt = sk_isinstance(vm, exc, vm->exc.KeyboardInterrupt);
    sk_print_exception(vm, exc);
    sk_clear_exc(vm);
    return nomem ? SK_ERR_MEMORY : interrupt ? SK_ERR_INTERRUPT : SK_ERR_RUNTIME;
}

// A fresh module __main__ registered in sys.modules.
static SkModule *main_module(SkVM *vm, const char *filename) {
    SkModule *m = sk_module_new(vm, vm->names.main);
    if (!m) return NULL;
    SkStr *file = sk_str_cstr(vm, filename);
    if (!file) return NULL;
    if (!sk_dict_set_str(vm, m->dict, vm->names.name, sk_obj(vm->names.main)) ||
        !sk_dict_set_str(vm, m->dict, vm->names.file, sk_obj(file)))
        return NULL;
    if (SK_IS_UNDEF(sk_dict_get_str(m->dict, vm->names.doc)) &&
        !sk_dict_set_str(vm, m->dict, vm->names.doc, SK_NONE))
        return NULL;
    if (vm->modules && !sk_dict_set_str(vm, vm->modules, vm->names.main, sk_obj(m))) return NULL;
    vm->main_module = m;
    return m;
}

static SkStatus run_main(SkVM *vm, const char *src, size_t len, const char *filename) {
    size_t arena = sk_arena_save(vm);
    SkCode *code = sk_compile(vm, src, len, filename, SK_PARSE_FILE);
    if (!code) {
        SkStatus st = escaped(vm);
        sk_arena_restore(vm, arena);
        return st == SK_ERR_RUNTIME ? SK_ERR_SYNTAX : st;
    }
    SkModule *m = main_module(vm, filename);
    SkStatus st = SK_OK;
    if (!m) {
        st = escaped(vm);
    } else {
        SkValue r = sk_run_code(vm, code, m->dict);
        if (SK_IS_ERR(r)) st = escaped(vm);
    }
    sk_arena_restore(vm, arena);
    return st;
}

SkStatus sk_run_string(SkVM *vm, const char *src, size_t len, const char *filename) {
    if (!vm) return SK_ERR_MEMORY;
    if (!filename) filename = "<string>";
    if (!sk_import_set_script(vm, NULL)) return escaped(vm);
    return run_main(vm, src, len, filename);
}

// Read a whole file into a malloc'd buffer; NULL with errno set.
static char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        fclose(f);
        errno = EISDIR;
        return NULL;
    }
    size_t cap = 8192, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        if (n == cap) {
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                buf = NULL;
                errno = ENOMEM;
                break;
            }
            buf = nb;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) {
            if (ferror(f)) {
                free(buf);
                buf = NULL;
            }
            break;
        }
    }
    fclose(f);
    *len = n;
    return buf;
}

// An unreadable script: CPython's message and exit status 2, reported as
// SK_ERR_EXIT with sk_exit_code() == 2.
static SkStatus cannot_open(SkVM *vm, const char *path, int err) {
    char msg[4200];
    snprintf(msg, sizeof msg, "skein: can't open file '%s': [Errno %d] %s\n", path, err,
             strerror(err));
    write_str(vm, 2, msg);
    vm->pending_exit = sk_int(2);
    return SK_ERR_EXIT;
}

SkStatus sk_run_file(SkVM *vm, const char *path) {
    if (!vm) return SK_ERR_MEMORY;
    size_t len = 0;
    char *src = read_file(path, &len);
    if (!src) return cannot_open(vm, path, errno ? errno : EIO);
    SkStatus st;
    if (!sk_import_set_script(vm, path))
        st = escaped(vm);
    else
        st = run_main(vm, src, len, path);
    free(src);
    return st;
}

void sk_vm_set_preempt(SkVM *vm, long n) {
    if (!vm) return;
    vm->sched.preempt = n > 0 ? n : 0;
    sk_sched_reset_ticks(vm);
}

int sk_exit_code(SkVM *vm) {
    if (!vm) return 1;
    SkValue c = vm->pending_exit;
    if (SK_IS_INT(c) || SK_IS_BOOL(c)) return (int)SK_AS_INT(c);
    return SK_IS_NONE(c) ? 0 : 1;
}

SkStatus sk_disassemble_file(SkVM *vm, const char *path) {
    if (!vm) return SK_ERR_MEMORY;
    size_t len = 0;
    char *src = read_file(path, &len);
    if (!src) return cannot_open(vm, path, errno ? errno : EIO);
    size_t arena = sk_arena_save(vm);
    SkCode *code = sk_compile(vm, src, len, path, SK_PARSE_FILE);
    free(src);
    if (!code) {
        SkStatus st = escaped(vm);
        sk_arena_restore(vm, arena);
        return st == SK_ERR_RUNTIME ? SK_ERR_SYNTAX : st;
    }
    fflush(stdout);
    sk_disassemble(vm, code, stdout);
    fflush(stdout);
    sk_arena_restore(vm, arena);
    return SK_OK;
}

// ---------------------------------------------------------------- interactive

static void host_write(SkVM *vm, int stream, const char *data, size_t len) {
    vm->host_write(vm->host_data, stream, data, len);
}

void sk_vm_set_output(SkVM *vm, void (*write)(void *data, int stream, const char *text, size_t len),
                      void *data) {
    vm->host_write = write;
    vm->host_data = data;
    vm->write = write ? host_write : sk_state_write;
}

SkStatus sk_run_interactive(SkVM *vm, const char *src, size_t len) {
    size_t arena = sk_arena_save(vm);
    bool incomplete;
    SkCode *code = sk_compile_interactive(vm, src, len, &incomplete);
    SkStatus st = SK_OK;
    if (!code) {
        if (incomplete && !sk_has_exc(vm)) {
            st = SK_INCOMPLETE;
        } else {
            st = escaped(vm);
            if (st == SK_ERR_RUNTIME) st = SK_ERR_SYNTAX;
        }
    } else {
        SkModule *m = vm->main_module ? vm->main_module : main_module(vm, "<stdin>");
        if (!m) {
            st = escaped(vm);
        } else {
            SkValue r = sk_run_code(vm, code, m->dict);
            if (SK_IS_ERR(r)) st = escaped(vm);
        }
    }
    sk_arena_restore(vm, arena);
    return st;
}

// The attempt behind sk_wait_stdin: done once a read would not block.
static SkValue stdin_ready(SkVM *vm, SkWait *w) {
    return w->flags || sk_loop_stdin_ready() ? SK_NONE : SK_UNDEF;
}

static SkValue wait_stdin_native(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    return sk_loop_read_stdin(vm, "input", stdin_ready, 0);
}

SkStatus sk_wait_stdin(SkVM *vm) {
    if (sk_loop_stdin_ready()) return SK_OK;
    size_t arena = sk_arena_save(vm);
    SkStatus st = SK_OK;
    // The main tasklet parks in a native called from Skein code (only there
    // may it switch), so the other tasklets run while it waits.
    static const char src[] = "__wait_stdin__()\n";
    bool incomplete;
    SkCode *code = sk_compile_interactive(vm, src, sizeof src - 1, &incomplete);
    SkDict *g = code ? sk_dict_new(vm) : NULL;
    SkNative *n = g ? sk_native_new(vm, "__wait_stdin__", wait_stdin_native, 0, 0, false) : NULL;
    if (!n || !sk_dict_set_cstr(vm, g, "__wait_stdin__", sk_obj(n)) ||
        SK_IS_ERR(sk_run_code(vm, code, g))) {
        if (sk_exc_matches(vm, vm->exc.KeyboardInterrupt)) {
            sk_clear_exc(vm);
            st = SK_ERR_INTERRUPT;
        } else {
            st = escaped(vm);
        }
    }
    sk_arena_restore(vm, arena);
    return st;
}
