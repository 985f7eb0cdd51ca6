// vm/exec/import.c -- the module system: sys.modules (vm->modules) as the cache,
// built-in C modules made on first import from their SkModuleInit, and
// .sk files (then .py files) found on sys.path (the script's folder, then
// SKEINPATH, then the installed library folder). A folder with __init__.sk
// or __init__.py is a package; its submodules are searched in its __path__.
//
// As in CPython, a module goes into sys.modules before its body runs, so
// circular imports see the partly initialised module, and it is removed
// again if the body raises.
#include "vm/exec/import.h"
#include "parser/compile.h"
#include "parser/parse.h"
#include "vm/classes/class.h"
#include "vm/classes/error.h"
#include "vm/core/gc.h"
#include "vm/exec/call.h"
#include "vm/objects/bytes.h"
#include "vm/objects/code.h"
#include "vm/objects/dict.h"
#include "vm/objects/list.h"
#include "vm/objects/module.h"
#include "vm/objects/str.h"
#include "vm/sched/tasklet.h"
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

// ---------------------------------------------------------------- registry

bool sk_register_builtin_module(SkVM *vm, const char *name, SkModuleInit init) {
    if (!vm->builtin_modules && !(vm->builtin_modules = sk_dict_new(vm))) return false;
    // A function pointer travels through SkNative.fn; it is cast back
    // before the call (void (*)(void) is the portable intermediate).
    SkNative *n = sk_native_new(vm, name, (SkNativeFn)(void (*)(void))init, 0, 0, false);
    if (!n) return false;
    return sk_dict_set_str(vm, vm->builtin_modules, n->name, sk_obj(n));
}

static bool builtins_module_init(SkVM *vm, SkModule *m) {
    if (!vm->builtins) return true;
    // `import builtins` shows the very dict name lookups fall back to.
    SkValue name = sk_dict_get_str(m->dict, vm->names.name);
    m->dict = vm->builtins;
    if (!SK_IS_UNDEF(name) && SK_IS_UNDEF(sk_dict_get_str(vm->builtins, vm->names.name)))
        return sk_dict_set_str(vm, vm->builtins, vm->names.name, name);
    return true;
}

void sk_init_modules(SkVM *vm) {
    if (!vm->modules) vm->modules = sk_dict_new(vm);
    if (!vm->builtin_modules) vm->builtin_modules = sk_dict_new(vm);
    if (!SK_IS_LIST(vm->sys_path)) {
        SkList *path = sk_list_new(vm, 4);
        if (!path) return;
        vm->sys_path = sk_obj(path);
        const char *env = getenv("SKEINPATH");
        while (env && *env) {
            const char *colon = strchr(env, ':');
            size_t n = colon ? (size_t)(colon - env) : strlen(env);
            if (n) {
                SkStr *s = sk_str_new(vm, env, n);
                if (!s || !sk_list_append(vm, path, sk_obj(s))) return;
            }
            env = colon ? colon + 1 : NULL;
        }
#ifdef SKEIN_LIBDIR
        SkStr *lib = sk_str_cstr(vm, SKEIN_LIBDIR);
        if (!lib || !sk_list_append(vm, path, sk_obj(lib))) return;
#endif
    }
    sk_register_builtin_module(vm, "builtins", builtins_module_init);
}

bool sk_import_set_script(SkVM *vm, const char *script_path) {
    if (!SK_IS_LIST(vm->sys_path)) {
        sk_raise(vm, vm->exc.RuntimeError, "sys.path is not initialised");
        return false;
    }
    SkStr *dir;
    const char *slash = script_path ? strrchr(script_path, '/') : NULL;
    if (!slash)
        dir = vm->names.empty;
    else if (slash == script_path)
        dir = sk_str_cstr(vm, "/");
    else
        dir = sk_str_new(vm, script_path, (size_t)(slash - script_path));
    if (!dir) return false;
    return sk_list_insert(vm, SK_AS_LIST(vm->sys_path), 0, sk_obj(dir));
}

// ---------------------------------------------------------------- files

static bool is_file(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

// "<dir>/<name><suffix>", with "" meaning the current folder.
static char *join_path(const char *dir, size_t dirlen, const char *name, size_t namelen,
                       const char *suffix) {
    size_t sl = strlen(suffix);
    char *p = malloc(dirlen + 1 + namelen + sl + 1);
    if (!p) return NULL;
    size_t n = 0;
    if (dirlen) {
        memcpy(p, dir, dirlen);
        n = dirlen;
        if (p[n - 1] != '/') p[n++] = '/';
    }
    memcpy(p + n, name, namelen);
    n += namelen;
    memcpy(p + n, suffix, sl + 1);
    return p;
}

static SkBytes *read_file(SkVM *vm, const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        sk_raise(vm, vm->exc.OSError, "cannot read '%s'", path);
        return NULL;
    }
    SkBuf b;
    sk_buf_init(&b);
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (!sk_buf_append(vm, &b, chunk, n)) {
            fclose(f);
            sk_buf_free(&b);
            return NULL;
        }
    }
    bool err = ferror(f);
    fclose(f);
    if (err) {
        sk_buf_free(&b);
        sk_raise(vm, vm->exc.OSError, "cannot read '%s'", path);
        return NULL;
    }
    // Bytes, not necessarily UTF-8: keep them raw for the compiler, which
    // reports bad encodings as SyntaxError itself.
    SkBytes *bytes = sk_bytes_new(vm, (const uint8_t *)(b.data ? b.data : ""), b.len);
    sk_buf_free(&b);
    return bytes;
}

static void remove_module(SkVM *vm, SkStr *name) {
    SkValue exc = sk_take_exc(vm);
    sk_gc_push_root(vm, exc);
    if (sk_dict_del(vm, vm->modules, sk_obj(name)) < 0) sk_clear_exc(vm);
    vm->current->exc = exc;
    sk_gc_pop_root(vm);
}

// SkModule.obj.extra while the module's body runs.
#define MODULE_INITIALISING 1u

// Compile and run the file at path as module `name`.
static SkValue load_file(SkVM *vm, SkStr *name, const char *path, const char *pkgdir,
                         SkStr *package) {
    SkBytes *raw = read_file(vm, path);
    if (!raw) return SK_ERR;
    SkCode *code = sk_compile(vm, (const char *)raw->data, raw->len, path, SK_PARSE_FILE);
    if (!code) return SK_ERR;
    SkModule *m = sk_module_new(vm, name);
    if (!m) return SK_ERR;
    SkStr *file = sk_str_cstr(vm, path);
    if (!file || !sk_dict_set_str(vm, m->dict, vm->names.file, sk_obj(file))) return SK_ERR;
    if (pkgdir) {
        SkStr *d = sk_str_cstr(vm, pkgdir);
        if (!d) return SK_ERR;
        SkValue dv = sk_obj(d);
        SkList *pl = sk_list_from(vm, &dv, 1);
        if (!pl || !sk_dict_set_cstr(vm, m->dict, "__path__", sk_obj(pl))) return SK_ERR;
    }
    if (!sk_dict_set_cstr(vm, m->dict, "__package__", sk_obj(package))) return SK_ERR;
    if (!sk_dict_set_str(vm, vm->modules, name, sk_obj(m))) return SK_ERR;
    // While its body runs the module is "partially initialized": a failing
    // from-import of it names the likely circular import (sk_import_from).
    m->obj.extra = MODULE_INITIALISING;
    SkValue r = sk_run_code(vm, code, m->dict);
    m->obj.extra = 0;
    if (SK_IS_ERR(r)) {
        remove_module(vm, name);
        return SK_ERR;
    }
    SkValue cached = sk_dict_get_str(vm->modules, name);
    return SK_IS_UNDEF(cached) ? sk_obj(m) : cached;
}

// Search dirs (a list of str) for child as a package (a folder with
// __init__.sk or __init__.py) or a module file (child.sk, then child.py).
static SkValue find_and_load(SkVM *vm, SkStr *fullname, const char *child, size_t childlen,
                             SkList *dirs, SkStr *parent_pkg, bool *found) {
    static const char *const inits[] = {"/__init__.sk", "/__init__.py"};
    static const char *const exts[] = {".sk", ".py"};
    *found = false;
    for (size_t i = 0; i < dirs->len; i++) {
        SkValue dv = dirs->items[i];
        if (!SK_IS_STR(dv)) continue;
        SkStr *dir = SK_AS_STR(dv);
        for (int k = 0; k < 2; k++) {
            char *pkg_init = join_path(dir->data, dir->len, child, childlen, inits[k]);
            if (!pkg_init) return sk_raise_nomem(vm);
            if (is_file(pkg_init)) {
                *found = true;
                char *pkgdir = join_path(dir->data, dir->len, child, childlen, "");
                SkValue r = pkgdir ? load_file(vm, fullname, pkg_init, pkgdir, fullname)
                                   : sk_raise_nomem(vm);
                free(pkgdir);
                free(pkg_init);
                return r;
            }
            free(pkg_init);
        }
        for (int k = 0; k < 2; k++) {
            char *file = join_path(dir->data, dir->len, child, childlen, exts[k]);
            if (!file) return sk_raise_nomem(vm);
            if (is_file(file)) {
                *found = true;
                SkValue r = load_file(vm, fullname, file, NULL, parent_pkg);
                free(file);
                return r;
            }
            free(file);
        }
    }
    return SK_UNDEF;
}

// A module written in Skein that the build embedded into the binary
// (vm->embedded_modules, set by the opener in vm/api.c), tried after
// sys.path, so a file in the script's folder or on SKEINPATH still wins,
// as a local file shadows CPython's library. *found says whether the
// table has that name.
static SkValue import_embedded(SkVM *vm, SkStr *name, bool *found) {
    *found = false;
    for (const SkEmbeddedModule *e = vm->embedded_modules; e && e->name; e++) {
        if (strcmp(e->name, name->data) != 0) continue;
        *found = true;
        // Tracebacks name the file as CPython names frozen modules.
        SkStr *fname = sk_str_format(vm, "<frozen %s>", e->name);
        if (!fname) return SK_ERR;
        return sk_import_source(vm, name, e->source, e->len, fname->data);
    }
    return SK_UNDEF;
}

SkValue sk_import_source(SkVM *vm, SkStr *name, const char *src, size_t len, const char *filename) {
    SkStr *fname = sk_str_cstr(vm, filename);
    if (!fname) return SK_ERR;
    SkCode *code = sk_compile(vm, src, len, filename, SK_PARSE_FILE);
    if (!code) return SK_ERR;
    SkModule *m = sk_module_new(vm, name);
    if (!m) return SK_ERR;
    if (!sk_dict_set_str(vm, m->dict, vm->names.file, sk_obj(fname)) ||
        !sk_dict_set_cstr(vm, m->dict, "__package__", sk_obj(vm->names.empty)) ||
        !sk_dict_set_str(vm, vm->modules, name, sk_obj(m)))
        return SK_ERR;
    SkValue r = sk_run_code(vm, code, m->dict);
    if (SK_IS_ERR(r)) {
        remove_module(vm, name);
        return SK_ERR;
    }
    SkValue cached = sk_dict_get_str(vm->modules, name);
    return SK_IS_UNDEF(cached) ? sk_obj(m) : cached;
}

static SkValue not_found(SkVM *vm, SkStr *name, const char *extra) {
    SkValue exc;
    SkStr *msg = extra ? sk_str_format(vm, "No module named '%N'; %s", name, extra)
                       : sk_str_format(vm, "No module named '%N'", name);
    if (!msg) return SK_ERR;
    SkValue arg = sk_obj(msg);
    exc = sk_exc_new(vm, vm->exc.ModuleNotFoundError, &arg, 1);
    if (SK_IS_ERR(exc)) return SK_ERR;
    if (!sk_dict_set_cstr(vm, SK_AS_EXC(exc)->inst.dict, "name", sk_obj(name))) return SK_ERR;
    return sk_raise_value(vm, exc);
}

static SkValue import_builtin(SkVM *vm, SkStr *name, SkValue initv) {
    SkModule *m = sk_module_new(vm, name);
    if (!m) return SK_ERR;
    if (!sk_dict_set_str(vm, vm->modules, name, sk_obj(m))) return SK_ERR;
    SkModuleInit init = (SkModuleInit)(void (*)(void))SK_AS_NATIVE(initv)->fn;
    if (!init(vm, m)) {
        if (!sk_has_exc(vm)) sk_raise(vm, vm->exc.ImportError, "initialization of %N failed", name);
        remove_module(vm, name);
        return SK_ERR;
    }
    return sk_obj(m);
}

// `from .x import y` / `from .. import z`: the compiler passes the name
// with its leading dots; resolve it against the importing module's
// __package__ (the globals of the running frame), as CPython does.
static SkValue import_relative(SkVM *vm, SkStr *name) {
    size_t level = 0;
    while (level < name->len && name->data[level] == '.') level++;
    SkTasklet *t = vm->current;
    SkDict *g = t && t->nframes > 0 ? t->frames[t->nframes - 1].globals : NULL;
    SkValue pkg = g ? sk_dict_get_str(g, sk_str_intern_cstr(vm, "__package__")) : SK_UNDEF;
    if (!SK_IS_STR(pkg) || SK_AS_STR(pkg)->len == 0)
        return sk_raise(vm, vm->exc.ImportError,
                        "attempted relative import with no known parent package");
    const char *base = SK_AS_STR(pkg)->data;
    size_t blen = SK_AS_STR(pkg)->len;
    for (size_t up = 1; up < level; up++) { // each extra dot climbs one package
        while (blen > 0 && base[blen - 1] != '.') blen--;
        if (blen == 0)
            return sk_raise(vm, vm->exc.ImportError,
                            "attempted relative import beyond top-level package");
        blen--;
    }
    size_t rest = name->len - level;
    char *full = malloc(blen + 1 + rest + 1);
    if (!full) return sk_raise_nomem(vm);
    memcpy(full, base, blen);
    size_t n = blen;
    if (rest) {
        full[n++] = '.';
        memcpy(full + n, name->data + level, rest);
        n += rest;
    }
    SkStr *abs = sk_str_new(vm, full, n);
    free(full);
    if (!abs || !(abs = sk_str_intern_str(vm, abs))) return SK_ERR;
    return sk_import_name(vm, abs);
}

SkValue sk_import_name(SkVM *vm, SkStr *name) {
    if (!vm->modules && !(vm->modules = sk_dict_new(vm))) return SK_ERR;
    if (name->len && name->data[0] == '.') return import_relative(vm, name);
    if (vm->import_hook) { // the host's lists and loader (vm/embed/host.c)
        SkValue r = vm->import_hook(vm, name);
        if (!SK_IS_UNDEF(r) || sk_has_exc(vm)) return r;
    }
    SkValue m = sk_dict_get_str(vm->modules, name);
    if (!SK_IS_UNDEF(m)) {
        if (SK_IS_NONE(m))
            return sk_raise(vm, vm->exc.ModuleNotFoundError,
                            "import of %N halted; None in sys.modules", name);
        return m;
    }
    if (name->len == 0) return sk_raise(vm, vm->exc.ValueError, "Empty module name");
    const char *dot = strrchr(name->data, '.');
    if (!dot) {
        SkValue init = vm->builtin_modules ? sk_dict_get_str(vm->builtin_modules, name) : SK_UNDEF;
        if (SK_IS_KIND(init, SK_NATIVE)) return import_builtin(vm, name, init);
        if (!SK_IS_LIST(vm->sys_path)) return not_found(vm, name, NULL);
        bool found;
        SkValue r = find_and_load(vm, name, name->data, name->len, SK_AS_LIST(vm->sys_path),
                                  vm->names.empty, &found);
        if (found || sk_has_exc(vm)) return r;
        // Last, the library built into the binary (stdlib/*.sk).
        r = import_embedded(vm, name, &found);
        if (found || sk_has_exc(vm)) return r;
        return not_found(vm, name, NULL);
    }

    // a.b.c: import a.b first, then look for c in a.b's __path__.
    SkStr *parent_name = sk_str_new(vm, name->data, (size_t)(dot - name->data));
    if (!parent_name) return SK_ERR;
    SkStr *pn = sk_str_intern_str(vm, parent_name);
    if (!pn) return SK_ERR;
    SkValue parent = sk_import_name(vm, pn);
    if (SK_IS_ERR(parent)) return SK_ERR;
    // The parent's body may have imported us already.
    m = sk_dict_get_str(vm->modules, name);
    if (!SK_IS_UNDEF(m) && !SK_IS_NONE(m)) return m;
    SkValue path =
        SK_IS_KIND(parent, SK_MODULE) && SK_AS_MODULE(parent)->dict
            ? sk_dict_get_str(SK_AS_MODULE(parent)->dict, sk_str_intern_cstr(vm, "__path__"))
            : SK_UNDEF;
    if (!SK_IS_LIST(path)) {
        SkStr *extra = sk_str_format(vm, "'%N' is not a package", pn);
        return extra ? not_found(vm, name, extra->data) : SK_ERR;
    }
    const char *child = dot + 1;
    bool found;
    SkValue r = find_and_load(vm, name, child, strlen(child), SK_AS_LIST(path), pn, &found);
    if (!found && !sk_has_exc(vm)) return not_found(vm, name, NULL);
    if (SK_IS_ERR(r)) return SK_ERR;
    SkStr *cn = sk_str_intern_cstr(vm, child);
    if (!cn || !sk_setattr(vm, parent, cn, r)) return SK_ERR;
    return r;
}

SkValue sk_import_from(SkVM *vm, SkValue module, SkStr *name) {
    SkValue v = sk_getattr_opt(vm, module, name);
    if (!SK_IS_UNDEF(v) || sk_has_exc(vm)) return v;
    SkStr *modname = NULL;
    SkValue file = SK_UNDEF;
    if (SK_IS_KIND(module, SK_MODULE) && SK_AS_MODULE(module)->dict) {
        SkDict *d = SK_AS_MODULE(module)->dict;
        SkValue n = sk_dict_get_str(d, vm->names.name);
        if (SK_IS_STR(n)) modname = SK_AS_STR(n);
        file = sk_dict_get_str(d, vm->names.file);
        // A submodule of a package not imported yet.
        SkValue path = sk_dict_get_str(d, sk_str_intern_cstr(vm, "__path__"));
        if (modname && SK_IS_LIST(path)) {
            SkStr *full = sk_str_format(vm, "%N.%N", modname, name);
            if (!full || !(full = sk_str_intern_str(vm, full))) return SK_ERR;
            SkValue sub = sk_import_name(vm, full);
            if (!SK_IS_ERR(sub)) return sub;
            if (!sk_exc_matches(vm, vm->exc.ModuleNotFoundError)) return SK_ERR;
            sk_clear_exc(vm);
        }
    }
    if (!modname) modname = sk_str_intern_cstr(vm, "<unknown module name>");
    if (!modname) return SK_ERR;
    bool partial = SK_IS_KIND(module, SK_MODULE) && module.as.o->extra == MODULE_INITIALISING;
    SkStr *msg = partial && SK_IS_STR(file)
                     ? sk_str_format(vm,
                                     "cannot import name '%N' from partially initialized module "
                                     "'%N' (most likely due to a circular import) (%N)",
                                     name, modname, SK_AS_STR(file))
                 : SK_IS_STR(file)
                     ? sk_str_format(vm, "cannot import name '%N' from '%N' (%N)", name, modname,
                                     SK_AS_STR(file))
                     : sk_str_format(vm, "cannot import name '%N' from '%N' (unknown location)",
                                     name, modname);
    if (!msg) return SK_ERR;
    SkValue arg = sk_obj(msg);
    SkValue exc = sk_exc_new(vm, vm->exc.ImportError, &arg, 1);
    if (SK_IS_ERR(exc)) return SK_ERR;
    SkDict *ed = SK_AS_EXC(exc)->inst.dict;
    if (!sk_dict_set_cstr(vm, ed, "name", sk_obj(modname))) return SK_ERR;
    if (SK_IS_STR(file) && !sk_dict_set_cstr(vm, ed, "path", file)) return SK_ERR;
    return sk_raise_value(vm, exc);
}
