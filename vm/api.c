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
#include "vm/exec/finalize.h"
#include "vm/exec/import.h"
#include "vm/objects/code.h"
#include "vm/objects/dict.h"
#include "vm/objects/file.h"
#include "vm/objects/module.h"
#include "vm/objects/str.h"
#include "vm/ops/repr.h"
#include "vm/sched/loop.h"
#include "vm/sched/sched.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

void sk_vm_free(SkVM *vm) {
    if (vm) sk_finalize_at_exit(vm); // __del__ of what is left, while the VM still runs
    sk_state_free(vm);
}

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
    if (!vm) return SK_ERR_MEMORY;
    if (!sk_import_set_script(vm, NULL)) return escaped(vm); // the current folder first
    char *path = find_module_file(vm, name);
    if (!path) {
        char msg[512];
        snprintf(msg, sizeof msg, "skein: No module named %s\n", name);
        write_str(vm, 2, msg);
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

// ---------------------------------------------------------------- completion

typedef struct Names {
    char **v;
    size_t n, cap;
    bool failed;
} Names;

static void names_add(Names *ns, const char *prefix, const char *head, const char *name,
                      size_t len) {
    size_t plen = strlen(prefix);
    if (ns->failed || len < plen || memcmp(name, prefix, plen) != 0) return;
    for (size_t i = 0; i < ns->n; i++) // small lists: a linear check keeps them unique
        if (strlen(ns->v[i]) == strlen(head) + len &&
            memcmp(ns->v[i] + strlen(head), name, len) == 0 &&
            memcmp(ns->v[i], head, strlen(head)) == 0)
            return;
    if (ns->n + 2 > ns->cap) {
        size_t cap = ns->cap ? ns->cap * 2 : 32;
        char **v = realloc(ns->v, cap * sizeof *v);
        if (!v) {
            ns->failed = true;
            return;
        }
        ns->v = v;
        ns->cap = cap;
    }
    size_t hlen = strlen(head);
    char *s = malloc(hlen + len + 1);
    if (!s) {
        ns->failed = true;
        return;
    }
    memcpy(s, head, hlen);
    memcpy(s + hlen, name, len);
    s[hlen + len] = 0;
    ns->v[ns->n++] = s;
}

// Every str key of d that starts with prefix (names starting with '_'
// only when the prefix does, as CPython's completer).
static void names_from_dict(Names *ns, SkDict *d, const char *prefix, const char *head) {
    if (!d) return;
    SkValue k, v;
    for (size_t i = 0; sk_dict_next(d, &i, &k, &v);) {
        if (!SK_IS_STR(k)) continue;
        SkStr *s = SK_AS_STR(k);
        if (s->data[0] == '_' && prefix[0] != '_') continue;
        names_add(ns, prefix, head, s->data, s->len);
    }
}

// The dicts that hold v's attributes, without running code: a module's
// dict, an instance's dict and its class's mro, a class's mro.
static void attr_names(Names *ns, SkVM *vm, SkValue v, const char *prefix, const char *head) {
    if (SK_IS_KIND(v, SK_MODULE)) {
        names_from_dict(ns, SK_AS_MODULE(v)->dict, prefix, head);
        return;
    }
    if (SK_IS_KIND(v, SK_INSTANCE)) names_from_dict(ns, SK_AS_INSTANCE(v)->dict, prefix, head);
    SkClass *c = SK_IS_KIND(v, SK_CLASS) ? SK_AS_CLASS(v) : sk_class_of(vm, v);
    SkTuple *mro = c ? c->mro : NULL;
    for (size_t i = 0; mro && i < mro->len; i++)
        if (SK_IS_KIND(mro->items[i], SK_CLASS))
            names_from_dict(ns, SK_AS_CLASS(mro->items[i])->dict, prefix, head);
}

// The value a dotted name's part names, read from dicts only (SK_UNDEF
// when unknown or when getting it would run code).
static SkValue static_attr(SkVM *vm, SkValue v, SkStr *name) {
    if (SK_IS_KIND(v, SK_MODULE)) return sk_dict_get_str(SK_AS_MODULE(v)->dict, name);
    if (SK_IS_KIND(v, SK_INSTANCE) && SK_AS_INSTANCE(v)->dict) {
        SkValue r = sk_dict_get_str(SK_AS_INSTANCE(v)->dict, name);
        if (!SK_IS_UNDEF(r)) return r;
    }
    SkClass *c = SK_IS_KIND(v, SK_CLASS) ? SK_AS_CLASS(v) : sk_class_of(vm, v);
    SkValue r = c ? sk_class_lookup(vm, c, name) : SK_UNDEF;
    return SK_IS_KIND(r, SK_PROPERTY) ? SK_UNDEF : r;
}

static int cmp_names(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void module_names(Names *ns, SkVM *vm, const char *prefix) {
    names_from_dict(ns, vm->builtin_modules, prefix, "");
    for (const SkEmbeddedModule *e = vm->embedded_modules; e && e->name; e++)
        names_add(ns, prefix, "", e->name, strlen(e->name));
    SkList *path = SK_IS_LIST(vm->sys_path) ? SK_AS_LIST(vm->sys_path) : NULL;
    for (size_t i = 0; path && i < path->len; i++) {
        if (!SK_IS_STR(path->items[i])) continue;
        const char *dir = SK_AS_STR(path->items[i])->data;
        DIR *d = opendir(*dir ? dir : ".");
        if (!d) continue;
        struct dirent *e;
        while ((e = readdir(d))) {
            size_t n = strlen(e->d_name);
            if (n > 3 &&
                (strcmp(e->d_name + n - 3, ".sk") == 0 || strcmp(e->d_name + n - 3, ".py") == 0))
                names_add(ns, prefix, "", e->d_name, n - 3);
        }
        closedir(d);
    }
}

char **sk_complete(SkVM *vm, const char *text, int modules) {
    static const char *const keywords[] = {
        "False", "None",   "True", "and",   "as",     "assert",   "break", "class", "continue",
        "def",   "del",    "elif", "else",  "except", "finally",  "for",   "from",  "global",
        "if",    "import", "in",   "is",    "lambda", "nonlocal", "not",   "or",    "pass",
        "raise", "return", "try",  "while", "with",   "yield"};
    Names ns = {0};
    size_t arena = sk_arena_save(vm);
    const char *dot = strrchr(text, '.');
    if (modules) {
        module_names(&ns, vm, text);
    } else if (!dot) {
        for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++)
            names_add(&ns, text, "", keywords[i], strlen(keywords[i]));
        if (vm->main_module) names_from_dict(&ns, vm->main_module->dict, text, "");
        names_from_dict(&ns, vm->builtins, text, "");
    } else {
        // Walk the dotted name: a.b.c. completes the attributes of a.b.c.
        size_t headlen = (size_t)(dot - text) + 1;
        char *head = malloc(headlen + 1);
        if (!head) ns.failed = true;
        SkValue v = SK_UNDEF;
        const char *p = text;
        while (head && p < dot) {
            const char *q = memchr(p, '.', (size_t)(dot - p));
            size_t n = q ? (size_t)(q - p) : (size_t)(dot - p);
            SkStr *name = sk_str_new(vm, p, n);
            if (!name) {
                sk_clear_exc(vm);
                v = SK_UNDEF;
                break;
            }
            if (p == text) {
                v = vm->main_module ? sk_dict_get_str(vm->main_module->dict, name) : SK_UNDEF;
                if (SK_IS_UNDEF(v)) v = sk_dict_get_str(vm->builtins, name);
            } else {
                v = static_attr(vm, v, name);
            }
            if (SK_IS_UNDEF(v)) break;
            p += n + 1;
        }
        if (head && !SK_IS_UNDEF(v)) {
            memcpy(head, text, headlen);
            head[headlen] = 0;
            attr_names(&ns, vm, v, dot + 1, head);
        }
        free(head);
    }
    sk_arena_restore(vm, arena);
    if (ns.failed) {
        for (size_t i = 0; i < ns.n; i++) free(ns.v[i]);
        free(ns.v);
        return NULL;
    }
    if (!ns.v && !(ns.v = malloc(sizeof *ns.v))) return NULL;
    qsort(ns.v, ns.n, sizeof *ns.v, cmp_names);
    ns.v[ns.n] = NULL;
    return ns.v;
}
