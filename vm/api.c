// vm/api.c -- include/skein.h's VM lifecycle, running code, errors and
// scheduling from the host, over the internal API. It is the one place in
// vm/ that opens stdlib/. Values, handles and C functions live in
// vm/embed/ (slots.c, tokens.c, cfunc.c), completion in vm/embed/complete.c.
#include "parser/compile.h"
#include "parser/parse.h"
#include "skein.h"
#include "stdlib/embedded.h"
#include "stdlib/stdlib.h"
#include "vm/classes/class.h"
#include "vm/classes/error.h"
#include "vm/core/gc.h"
#include "vm/embed/host.h"
#include "vm/embed/slots.h"
#include "vm/exec/call.h"
#include "vm/exec/debug.h"
#include "vm/exec/finalize.h"
#include "vm/exec/import.h"
#include "vm/objects/code.h"
#include "vm/objects/dict.h"
#include "vm/objects/file.h"
#include "vm/objects/module.h"
#include "vm/objects/str.h"
#include "vm/sched/loop.h"
#include "vm/sched/sched.h"
#include "vm/sched/tasklet.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *sk_version(void) { return SK_VERSION; }

void sk_config_init(SkConfig *cfg) {
    if (cfg) memset(cfg, 0, sizeof *cfg);
}

// ---------------------------------------------------------------- lifecycle

// The builtins, open() and file objects, then the module tables the
// importer searches.
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

// SkConfig.deny_builtins: those names leave the builtins module.
static bool deny_builtins(SkVM *vm, const char *const *names) {
    for (; names && *names; names++) {
        SkStr *n = sk_str_intern_cstr(vm, *names);
        if (!n || sk_dict_del(vm, vm->builtins, sk_obj(n)) < 0) return false;
    }
    return true;
}

static void host_wake(SkVM *vm) {
    SkHost *h = vm->host;
    if (!h || !h->cfg.wake_fn) return;
    const char *saved = h->in_callback;
    h->in_callback = "wake_fn";
    h->cfg.wake_fn(vm);
    h->in_callback = saved;
}

// SkConfig.write_fn behind vm->write.
static void config_write(SkVM *vm, int stream, const char *data, size_t len) {
    SkHost *h = vm->host;
    const char *saved = h->in_callback;
    h->in_callback = "write_fn";
    h->cfg.write_fn(vm, stream, data, len);
    h->in_callback = saved;
}

SkVM *sk_vm_new(const SkConfig *cfg) {
    SkConfig defaults;
    if (!cfg) {
        sk_config_init(&defaults);
        cfg = &defaults;
    }
    SkVM *vm = sk_state_new_with(cfg->realloc_fn ? cfg->realloc_fn : sk_mem_libc, cfg->user_data);
    if (!vm) return NULL;
    if (!sk_host_init(vm, cfg)) goto fail;
    if (cfg->write_fn) vm->write = config_write;
    if (cfg->recursion_limit > 0) vm->recursion_limit = cfg->recursion_limit;
    if (!open_stdlib(vm) || !deny_builtins(vm, cfg->deny_builtins)) goto fail;
    if (!sk_loop_init(vm)) goto fail; // now, so sk_vm_wake works from any thread
    if (cfg->wake_fn) sk_loop_on_wake(vm, host_wake);
    if (cfg->handle_sigint && !sk_loop_catch_sigint(vm)) sk_clear_exc(vm);
    if (cfg->argc > 0 && cfg->argv) {
        vm->argv = calloc((size_t)cfg->argc, sizeof(char *));
        if (!vm->argv) goto fail;
        vm->argc = cfg->argc;
        for (int i = 0; i < cfg->argc; i++) {
            const char *a = cfg->argv[i] ? cfg->argv[i] : "";
            size_t n = strlen(a);
            vm->argv[i] = malloc(n + 1);
            if (!vm->argv[i]) goto fail;
            memcpy(vm->argv[i], a, n + 1);
        }
    }
    if (cfg->preempt > 0) sk_vm_set_preempt(vm, cfg->preempt);
    vm->arena_len = 0;
    vm->memory_limit = cfg->memory_limit;
    if (vm->memory_limit && vm->next_gc > vm->memory_limit) vm->next_gc = vm->memory_limit;
    return vm;
fail:
    sk_state_free(vm);
    return NULL;
}

void sk_vm_free(SkVM *vm) {
    if (!vm) return;
    if (vm->host && (vm->host->calls > 0 || vm->host->cdepth > 0)) {
        sk_host_api_error(vm, "sk_vm_free called from inside a call on the same VM: ignored");
        return;
    }
    vm->memory_limit = 0;    // finalizers may need memory past the cap
    sk_finalize_at_exit(vm); // __del__ of what is left, while the VM still runs
    sk_state_free(vm);
}

void *sk_vm_user_data(SkVM *vm) { return vm && vm->host ? vm->host->cfg.user_data : NULL; }

// ---------------------------------------------------------------- running

// The first chunk puts the script's folder (or "" for a string) first on
// sys.path, as CPython does for its one script.
static bool set_script(SkVM *vm, const char *path) {
    if (vm->host->script_set) return true;
    vm->host->script_set = true;
    return sk_import_set_script(vm, path);
}

// Compile src (SK_PARSE_FILE or SK_PARSE_EVAL) and run it in module m; an
// expression's value goes to *result when it is not NULL.
static SkStatus run_in(SkVM *vm, SkModule *m, const char *src, size_t len, const char *filename,
                       int mode, SkValue *result) {
    if (!sk_host_may_run(vm, "running code")) return SK_ERR_API;
    size_t arena = sk_arena_save(vm);
    sk_host_begin(vm);
    SkStatus st = SK_OK;
    SkCode *code = sk_compile(vm, src, len, filename, (SkParseMode)mode);
    if (!code) {
        bool syntax = sk_exc_matches(vm, vm->exc.SyntaxError);
        st = sk_host_escaped(vm);
        if (syntax && st == SK_ERR_RUNTIME) st = SK_ERR_SYNTAX;
    } else {
        SkValue r = sk_run_code(vm, code, m->dict);
        if (SK_IS_ERR(r))
            st = sk_host_escaped(vm);
        else if (result)
            *result = r;
    }
    sk_host_end(vm);
    sk_arena_restore(vm, arena);
    return st;
}

// Module __main__ with __file__ naming the chunk.
static SkModule *main_for(SkVM *vm, const char *filename) {
    SkModule *m = sk_host_main(vm);
    SkStr *file = m ? sk_str_cstr(vm, filename) : NULL;
    if (!file || !sk_dict_set_str(vm, m->dict, vm->names.file, sk_obj(file))) return NULL;
    return m;
}

static SkStatus run_main(SkVM *vm, const char *src, size_t len, const char *filename) {
    size_t arena = sk_arena_save(vm);
    SkModule *m = main_for(vm, filename);
    SkStatus st = m ? run_in(vm, m, src, len, filename, SK_PARSE_FILE, NULL) : sk_host_escaped(vm);
    sk_arena_restore(vm, arena);
    return st;
}

SkStatus sk_run_string(SkVM *vm, const char *src, size_t len, const char *filename) {
    if (!vm) return SK_ERR_API;
    if (!src && len) return sk_host_api_error(vm, "sk_run_string: NULL source");
    if (!filename) filename = "<string>";
    if (!set_script(vm, NULL)) return sk_host_escaped(vm);
    return run_main(vm, src ? src : "", len, filename);
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
    if (vm->host->cfg.print_errors) vm->write(vm, 2, msg, strlen(msg));
    char m2[4200];
    snprintf(m2, sizeof m2, "can't open file '%s': [Errno %d] %s", path, err, strerror(err));
    sk_host_set_error(vm, "FileNotFoundError", m2, msg);
    vm->pending_exit = sk_int(2);
    return SK_ERR_EXIT;
}

SkStatus sk_run_file(SkVM *vm, const char *path) {
    if (!vm) return SK_ERR_API;
    if (!path) return sk_host_api_error(vm, "sk_run_file: NULL path");
    size_t len = 0;
    char *src = read_file(path, &len);
    if (!src) return cannot_open(vm, path, errno ? errno : EIO);
    SkStatus st = set_script(vm, path) ? run_main(vm, src, len, path) : sk_host_escaped(vm);
    free(src);
    return st;
}

SkStatus sk_run_in(SkVM *vm, const char *module, const char *src, size_t len,
                   const char *filename) {
    if (!vm) return SK_ERR_API;
    if (!module || !*module) return sk_host_api_error(vm, "sk_run_in: no module name");
    if (!src && len) return sk_host_api_error(vm, "sk_run_in: NULL source");
    if (!filename) filename = "<string>";
    if (strcmp(module, "__main__") == 0) return sk_run_string(vm, src, len, filename);
    size_t arena = sk_arena_save(vm);
    SkStr *name = sk_str_intern_cstr(vm, module);
    SkValue m = name ? sk_dict_get_str(vm->modules, name) : SK_ERR;
    if (name && !SK_IS_KIND(m, SK_MODULE)) {
        SkModule *nm = sk_module_new(vm, name);
        SkStr *file = nm ? sk_str_cstr(vm, filename) : NULL;
        if (!file || !sk_dict_set_str(vm, nm->dict, vm->names.file, sk_obj(file)) ||
            !sk_dict_set_str(vm, vm->modules, name, sk_obj(nm)))
            name = NULL;
        m = nm ? sk_obj(nm) : SK_ERR;
    }
    if (name && vm->host->own_modules && !sk_dict_set_str(vm, vm->host->own_modules, name, SK_TRUE))
        name = NULL;
    SkStatus st =
        name ? run_in(vm, SK_AS_MODULE(m), src ? src : "", len, filename, SK_PARSE_FILE, NULL)
             : sk_host_escaped(vm);
    sk_arena_restore(vm, arena);
    return st;
}

SkStatus sk_eval(SkVM *vm, const char *expr, size_t len, int slot) {
    if (!vm) return SK_ERR_API;
    if (!expr && len) return sk_host_api_error(vm, "sk_eval: NULL expression");
    if (!sk_host_slot(vm, slot)) return SK_ERR_API;
    size_t arena = sk_arena_save(vm);
    SkModule *m = sk_host_main(vm);
    SkValue r = SK_NONE;
    SkStatus st = m ? run_in(vm, m, expr ? expr : "", len, "<string>", SK_PARSE_EVAL, &r)
                    : sk_host_escaped(vm);
    if (st == SK_OK) *sk_host_slot(vm, slot) = r;
    sk_arena_restore(vm, arena);
    return st;
}

// The file that `-m name` runs: name.sk, name.py, name/__main__.sk or
// name/__main__.py in a folder of sys.path; malloc'd, or NULL.
static char *find_module_file(SkVM *vm, const char *name) {
    static const char *const tails[] = {".sk", ".py", "/__main__.sk", "/__main__.py"};
    char *rel = strdup(name); // a.b.c -> a/b/c
    if (!rel) return NULL;
    for (char *c = rel; *c; c++)
        if (*c == '.') *c = '/';
    SkList *path = SK_IS_LIST(vm->sys_path) ? SK_AS_LIST(vm->sys_path) : NULL;
    char *found = NULL;
    for (size_t i = 0; path && i < path->len && !found; i++) {
        if (!SK_IS_STR(path->items[i])) continue;
        SkStr *dir = SK_AS_STR(path->items[i]);
        for (size_t t = 0; t < sizeof tails / sizeof tails[0] && !found; t++) {
            size_t n = dir->len + strlen(rel) + strlen(tails[t]) + 2;
            char *p = malloc(n);
            if (!p) break;
            snprintf(p, n, "%s%s%s%s", dir->data, dir->len ? "/" : "", rel, tails[t]);
            struct stat st;
            if (stat(p, &st) == 0 && S_ISREG(st.st_mode))
                found = p;
            else
                free(p);
        }
    }
    free(rel);
    return found;
}

SkStatus sk_run_module(SkVM *vm, const char *name) {
    if (!vm) return SK_ERR_API;
    if (!name) return sk_host_api_error(vm, "sk_run_module: NULL name");
    if (!set_script(vm, NULL)) return sk_host_escaped(vm); // the current folder first
    char *path = find_module_file(vm, name);
    if (!path) {
        char msg[512];
        snprintf(msg, sizeof msg, "skein: No module named %s\n", name);
        if (vm->host->cfg.print_errors) vm->write(vm, 2, msg, strlen(msg));
        sk_host_set_error(vm, "ModuleNotFoundError", msg, msg);
        return SK_ERR_RUNTIME;
    }
    if (vm->argc > 0 && vm->argv) { // sys.argv[0]: the file's absolute path, as CPython
        char cwd[4096];
        size_t n = strlen(path) + sizeof cwd + 2;
        char *a0 = malloc(n);
        if (a0 && path[0] != '/' && getcwd(cwd, sizeof cwd))
            snprintf(a0, n, "%s/%s", cwd, path);
        else if (a0)
            snprintf(a0, n, "%s", path);
        if (a0) {
            free(vm->argv[0]);
            vm->argv[0] = a0;
        }
    }
    size_t len = 0;
    char *src = read_file(path, &len);
    SkStatus st = src ? run_main(vm, src, len, path) : cannot_open(vm, path, errno ? errno : EIO);
    free(src);
    free(path);
    return st;
}

// ---------------------------------------------------------------- errors

const char *sk_error_type(SkVM *vm) {
    return vm && vm->host && vm->host->err_type ? vm->host->err_type : "";
}
const char *sk_error_message(SkVM *vm) {
    return vm && vm->host && vm->host->err_msg ? vm->host->err_msg : "";
}
const char *sk_error_traceback(SkVM *vm) {
    return vm && vm->host && vm->host->err_tb ? vm->host->err_tb : "";
}
void sk_error_clear(SkVM *vm) {
    if (vm) sk_host_set_error(vm, NULL, NULL, NULL);
}

int sk_exit_code(SkVM *vm) {
    if (!vm) return 1;
    SkValue c = vm->pending_exit;
    if (SK_IS_INT(c) || SK_IS_BOOL(c)) return (int)SK_AS_INT(c);
    return SK_IS_NONE(c) ? 0 : 1;
}

// ---------------------------------------------------------------- scheduling

// The native behind sk_run_until_idle / sk_run_for, called from a line of
// Skein code so that main parks in it as in stackless.run(): the run
// queue and the loop run until nothing can go on (or the watchdog's
// budget ends), then main resumes with the interrupted tasklet or None.
static SkValue host_run_native(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    (void)kw;
    SkTasklet *m = vm->current;
    long budget = nargs > 0 && SK_IS_INT(args[0]) ? (long)SK_AS_INT(args[0]) : 0;
    int others = vm->sched.runcount - ((m->tflags & SK_TF_SCHEDULED) ? 1 : 0);
    if (others <= 0 && sk_loop_pending(vm) == 0) {
        if (vm->sched.host_nowait) sk_loop_run(vm, false); // a due timer may wake one
        others = vm->sched.runcount - ((m->tflags & SK_TF_SCHEDULED) ? 1 : 0);
        if (others <= 0) return SK_NONE;
    }
    return sk_sched_run_main(vm, budget, SK_RUN_TOTAL, "sk_run_for");
}

// Run the scheduler from the host's top level; budget 0: until idle.
static SkStatus host_run(SkVM *vm, long budget, bool nowait) {
    SkHost *h = vm->host;
    if (h->cdepth > 0 || vm->current != vm->main)
        return sk_host_api_error(vm, "the scheduler cannot be run from inside a C function");
    if (!sk_host_may_run(vm, nowait ? "sk_run_for" : "sk_run_until_idle")) return SK_ERR_API;
    size_t arena = sk_arena_save(vm);
    SkStatus st = SK_OK;
    static const char src[] = "__host_run__(__budget__)";
    SkCode *code = sk_compile(vm, src, sizeof src - 1, "<host>", SK_PARSE_EVAL);
    SkDict *g = code ? sk_dict_new(vm) : NULL;
    SkNative *n = g ? sk_native_new(vm, "__host_run__", host_run_native, 1, 1, false) : NULL;
    if (!n || !sk_dict_set_cstr(vm, g, "__host_run__", sk_obj(n)) ||
        !sk_dict_set_cstr(vm, g, "__budget__", sk_int(budget)))
        return sk_host_escaped(vm);
    sk_host_begin(vm);
    bool saved_run = vm->sched.host_run, saved_nowait = vm->sched.host_nowait;
    vm->sched.host_run = true;
    vm->sched.host_nowait = nowait;
    SkValue r = sk_run_code(vm, code, g);
    vm->sched.host_run = saved_run;
    vm->sched.host_nowait = saved_nowait;
    if (SK_IS_ERR(r)) {
        st = sk_host_escaped(vm);
    } else if (SK_IS_KIND(r, SK_TASKLET) || (SK_IS_OBJ(r) && vm->sched.interrupted)) {
        // The watchdog took the running tasklet out of the queue: it goes
        // back at the end, to run on at the next call.
        SkTasklet *t = vm->sched.interrupted;
        vm->sched.interrupted = NULL;
        if (t && t->state == SK_TS_ALIVE && !(t->tflags & SK_TF_SCHEDULED)) sk_sched_insert(vm, t);
    }
    sk_host_end(vm);
    sk_arena_restore(vm, arena);
    return st;
}

SkStatus sk_run_until_idle(SkVM *vm) {
    if (!vm) return SK_ERR_API;
    return host_run(vm, 0, false);
}

SkStatus sk_run_for(SkVM *vm, long instructions, int *more) {
    if (more) *more = 0;
    if (!vm) return SK_ERR_API;
    if (instructions <= 0) return sk_host_api_error(vm, "sk_run_for: instructions must be > 0");
    SkStatus st = host_run(vm, instructions, true);
    if (more) {
        SkTasklet *m = vm->main;
        int others = vm->sched.runcount - ((m->tflags & SK_TF_SCHEDULED) ? 1 : 0);
        vm->sched.host_run = true;
        int pending = sk_loop_pending(vm);
        vm->sched.host_run = false;
        *more = others > 0 || pending > 0;
    }
    return st;
}

void sk_vm_wake(SkVM *vm) {
    if (vm) sk_loop_wake(vm);
}

void *sk_vm_loop(SkVM *vm) {
    if (!vm) return NULL;
    sk_loop_host_resumes(vm);
    return (void *)sk_loop_uv(vm);
}

// ---------------------------------------------------------------- the skein command

void sk_vm_set_preempt(SkVM *vm, long n) {
    if (!vm) return;
    vm->sched.preempt = n > 0 ? n : 0;
    sk_sched_reset_ticks(vm);
}

SkStatus sk_disassemble_file(SkVM *vm, const char *path) {
    if (!vm) return SK_ERR_API;
    size_t len = 0;
    char *src = read_file(path, &len);
    if (!src) return cannot_open(vm, path, errno ? errno : EIO);
    size_t arena = sk_arena_save(vm);
    SkCode *code = sk_compile(vm, src, len, path, SK_PARSE_FILE);
    free(src);
    if (!code) {
        SkStatus st = sk_host_escaped(vm);
        sk_arena_restore(vm, arena);
        return st == SK_ERR_RUNTIME ? SK_ERR_SYNTAX : st;
    }
    fflush(stdout);
    sk_disassemble(vm, code, stdout);
    fflush(stdout);
    sk_arena_restore(vm, arena);
    return SK_OK;
}

static void host_write(SkVM *vm, int stream, const char *data, size_t len) {
    vm->host_write(vm->host_data, stream, data, len);
}

void sk_vm_set_output(SkVM *vm, void (*write)(void *data, int stream, const char *text, size_t len),
                      void *data) {
    if (!vm) return;
    vm->host_write = write;
    vm->host_data = data;
    vm->write = write ? host_write : vm->host->cfg.write_fn ? config_write : sk_state_write;
}

SkStatus sk_run_interactive(SkVM *vm, const char *src, size_t len) {
    if (!vm) return SK_ERR_API;
    size_t arena = sk_arena_save(vm);
    if (!set_script(vm, NULL)) return sk_host_escaped(vm);
    sk_host_begin(vm);
    bool incomplete;
    SkCode *code = sk_compile_interactive(vm, src, len, &incomplete);
    SkStatus st = SK_OK;
    if (!code) {
        if (incomplete && !sk_has_exc(vm)) {
            st = SK_INCOMPLETE;
        } else {
            st = sk_host_escaped(vm);
            if (st == SK_ERR_RUNTIME) st = SK_ERR_SYNTAX;
        }
    } else {
        SkModule *m = vm->main_module ? vm->main_module : main_for(vm, "<stdin>");
        if (!m) {
            st = sk_host_escaped(vm);
        } else {
            SkValue r = sk_run_code(vm, code, m->dict);
            if (SK_IS_ERR(r)) st = sk_host_escaped(vm);
        }
    }
    sk_host_end(vm);
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
    if (!vm) return SK_ERR_API;
    if (sk_loop_stdin_ready()) return SK_OK;
    size_t arena = sk_arena_save(vm);
    SkStatus st = SK_OK;
    // The main tasklet parks in a native called from Skein code (only there
    // may it switch), so the other tasklets run while it waits.
    static const char src[] = "__wait_stdin__()\n";
    bool incomplete;
    sk_host_begin(vm);
    SkCode *code = sk_compile_interactive(vm, src, sizeof src - 1, &incomplete);
    SkDict *g = code ? sk_dict_new(vm) : NULL;
    SkNative *n = g ? sk_native_new(vm, "__wait_stdin__", wait_stdin_native, 0, 0, false) : NULL;
    if (!n || !sk_dict_set_cstr(vm, g, "__wait_stdin__", sk_obj(n)) ||
        SK_IS_ERR(sk_run_code(vm, code, g))) {
        if (sk_exc_matches(vm, vm->exc.KeyboardInterrupt)) {
            sk_clear_exc(vm);
            st = SK_ERR_INTERRUPT;
        } else {
            st = sk_host_escaped(vm);
        }
    }
    sk_host_end(vm);
    sk_arena_restore(vm, arena);
    return st;
}
