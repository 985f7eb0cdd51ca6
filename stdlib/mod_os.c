// stdlib/mod_os.c -- the `os` module (environment, working folder, files
// and folders, process facts) and `os.path` (pure string functions on
// POSIX paths plus the stat-based queries). os.path is made together with
// os and put in sys.modules as "os.path", so both `import os.path` and
// `os.path.join` work as in CPython.
//
// Failures raise the OSError subclass of errno (stdlib/modlib.c) with
// CPython's text: "[Errno 2] No such file or directory: 'x'".
// os.environ is a plain dict snapshot taken at import: assigning to it
// does not change the process environment (use os.putenv; docs/stdlib.md).
#include "stdlib/modlib.h"
#include "vm/classes/class.h"
#include "vm/classes/error.h"
#include "vm/exec/call.h"
#include "vm/exec/import.h"
#include "vm/objects/dict.h"
#include "vm/objects/file.h"
#include "vm/objects/list.h"
#include "vm/objects/methods.h"
#include "vm/objects/module.h"
#include "vm/objects/str.h"
#include "vm/objects/tuple.h"
#include "vm/ops/compare.h"
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#define NATIVE(name) static SkValue name(SkVM *vm, SkValue *args, int nargs, SkTuple *kw)

extern char **environ;

// A path argument: str only (bytes paths are not supported).
static SkStr *path_arg(SkVM *vm, SkValue v, const char *fname, const char *argname) {
    if (SK_IS_STR(v)) return SK_AS_STR(v);
    if (SK_IS_STR(sk_payload(v))) return SK_AS_STR(sk_payload(v));
    sk_raise(vm, vm->exc.TypeError, "%s: %s should be string, bytes or os.PathLike, not %T", fname,
             argname, v);
    return NULL;
}

static SkValue str_value(SkVM *vm, const char *s, size_t n) {
    SkStr *r = sk_str_new(vm, s, n);
    return r ? sk_obj(r) : SK_ERR;
}

// ---------------------------------------------------------------- os

NATIVE(os_getcwd) {
    char buf[PATH_MAX];
    if (!getcwd(buf, sizeof buf)) return sk_mod_raise_errno(vm, errno, SK_UNDEF);
    return sk_mod_cstr(vm, buf);
}

NATIVE(os_chdir) {
    SkStr *p = path_arg(vm, args[0], "chdir", "path");
    if (!p) return SK_ERR;
    if (chdir(p->data) != 0) return sk_mod_raise_errno(vm, errno, args[0]);
    return SK_NONE;
}

// getenv reads os.environ, as CPython's does, so assignments to
// os.environ are seen; the process environment is the fallback.
NATIVE(os_getenv) {
    if (!SK_IS_STR(args[0]))
        return sk_raise(vm, vm->exc.TypeError, "str expected, not %T", args[0]);
    SkStr *osname = sk_str_intern_cstr(vm, "os");
    SkValue os = osname ? sk_dict_get_str(vm->modules, osname) : SK_UNDEF;
    SkValue env = SK_IS_KIND(os, SK_MODULE)
                      ? sk_dict_get_str(SK_AS_MODULE(os)->dict, sk_str_intern_cstr(vm, "environ"))
                      : SK_UNDEF;
    if (SK_IS_DICT(env)) {
        SkValue r;
        int found = sk_dict_get(vm, SK_AS_DICT(env), args[0], &r);
        if (found < 0) return SK_ERR;
        return found ? r : nargs > 1 ? args[1] : SK_NONE;
    }
    const char *v = getenv(SK_AS_STR(args[0])->data);
    if (!v) return nargs > 1 ? args[1] : SK_NONE;
    return sk_mod_cstr(vm, v);
}

NATIVE(os_putenv) {
    if (!SK_IS_STR(args[0]) || !SK_IS_STR(args[1]))
        return sk_raise(vm, vm->exc.TypeError, "str expected, not %T",
                        SK_IS_STR(args[0]) ? args[1] : args[0]);
    if (SK_AS_STR(args[0])->len == 0 || strchr(SK_AS_STR(args[0])->data, '='))
        return sk_raise(vm, vm->exc.ValueError, "illegal environment variable name");
    if (setenv(SK_AS_STR(args[0])->data, SK_AS_STR(args[1])->data, 1) != 0)
        return sk_mod_raise_errno(vm, errno, SK_UNDEF);
    return SK_NONE;
}

NATIVE(os_unsetenv) {
    if (!SK_IS_STR(args[0]))
        return sk_raise(vm, vm->exc.TypeError, "str expected, not %T", args[0]);
    if (unsetenv(SK_AS_STR(args[0])->data) != 0) return sk_mod_raise_errno(vm, errno, SK_UNDEF);
    return SK_NONE;
}

// listdir(path='.'): names in directory order minus . and .., as CPython.
NATIVE(os_listdir) {
    SkValue pv = nargs > 0 && !SK_IS_NONE(args[0]) ? args[0] : SK_UNDEF;
    SkStr *p = SK_IS_UNDEF(pv) ? NULL : path_arg(vm, pv, "listdir", "path");
    if (!SK_IS_UNDEF(pv) && !p) return SK_ERR;
    DIR *d = opendir(p ? p->data : ".");
    if (!d) return sk_mod_raise_errno(vm, errno, SK_IS_UNDEF(pv) ? sk_mod_cstr(vm, ".") : pv);
    SkList *l = sk_list_new(vm, 8);
    if (!l) {
        closedir(d);
        return SK_ERR;
    }
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        SkValue n = sk_mod_cstr(vm, e->d_name);
        if (SK_IS_ERR(n) || !sk_list_append(vm, l, n)) {
            closedir(d);
            return SK_ERR;
        }
    }
    closedir(d);
    return sk_obj(l);
}

NATIVE(os_mkdir) {
    static const char *const names[] = {"path", "mode"};
    SkValue a[2];
    if (!sk_bind_args(vm, "mkdir", args, nargs, kw, names, 2, 1, a)) return SK_ERR;
    SkStr *p = path_arg(vm, a[0], "mkdir", "path");
    int64_t mode = 0777;
    if (!p || (!SK_IS_UNDEF(a[1]) && !sk_mod_to_int(vm, a[1], &mode))) return SK_ERR;
    if (mkdir(p->data, (mode_t)mode) != 0) return sk_mod_raise_errno(vm, errno, a[0]);
    return SK_NONE;
}

// makedirs(name, mode=0o777, exist_ok=False): parents first, as CPython.
NATIVE(os_makedirs) {
    static const char *const names[] = {"name", "mode", "exist_ok"};
    SkValue a[3];
    if (!sk_bind_args(vm, "makedirs", args, nargs, kw, names, 3, 1, a)) return SK_ERR;
    SkStr *p = path_arg(vm, a[0], "makedirs", "path");
    int64_t mode = 0777;
    if (!p || (!SK_IS_UNDEF(a[1]) && !sk_mod_to_int(vm, a[1], &mode))) return SK_ERR;
    bool exist_ok = !SK_IS_UNDEF(a[2]) && sk_truthy(vm, a[2]) > 0;
    char *buf = strdup(p->data);
    if (!buf) return sk_raise_nomem(vm);
    for (char *s = buf + 1; *s; s++) {
        if (*s != '/') continue;
        *s = 0;
        if (mkdir(buf, (mode_t)mode) != 0 && errno != EEXIST) {
            int e = errno;
            SkValue fn = sk_mod_cstr(vm, buf);
            free(buf);
            return SK_IS_ERR(fn) ? SK_ERR : sk_mod_raise_errno(vm, e, fn);
        }
        *s = '/';
    }
    free(buf);
    if (mkdir(p->data, (mode_t)mode) != 0) {
        struct stat st;
        if (errno == EEXIST && exist_ok && stat(p->data, &st) == 0 && S_ISDIR(st.st_mode))
            return SK_NONE;
        return sk_mod_raise_errno(vm, errno, a[0]);
    }
    return SK_NONE;
}

NATIVE(os_rmdir) {
    SkStr *p = path_arg(vm, args[0], "rmdir", "path");
    if (!p) return SK_ERR;
    if (rmdir(p->data) != 0) return sk_mod_raise_errno(vm, errno, args[0]);
    return SK_NONE;
}

NATIVE(os_remove) {
    SkStr *p = path_arg(vm, args[0], "remove", "path");
    if (!p) return SK_ERR;
    if (unlink(p->data) != 0) return sk_mod_raise_errno(vm, errno, args[0]);
    return SK_NONE;
}

// rename(src, dst): CPython names both files: "[Errno 2] ...: 'a' -> 'b'".
NATIVE(os_rename) {
    SkStr *a = path_arg(vm, args[0], "rename", "src");
    SkStr *b = a ? path_arg(vm, args[1], "rename", "dst") : NULL;
    if (!b) return SK_ERR;
    if (rename(a->data, b->data) != 0) {
        int e = errno;
        SkClass *cls = sk_file_errno_class(vm, e);
        SkValue ea[5] = {sk_int(e), sk_mod_cstr(vm, strerror(e)), args[0], SK_NONE, args[1]};
        if (SK_IS_ERR(ea[1])) return SK_ERR;
        SkValue exc = sk_exc_new(vm, cls, ea, 5);
        if (SK_IS_ERR(exc)) return SK_ERR;
        if (!sk_dict_set_cstr(vm, SK_AS_EXC(exc)->inst.dict, "filename", args[0]) ||
            !sk_dict_set_cstr(vm, SK_AS_EXC(exc)->inst.dict, "filename2", args[1]))
            return SK_ERR;
        return sk_raise_value(vm, exc);
    }
    return SK_NONE;
}

NATIVE(os_getpid) { return sk_int((int64_t)getpid()); }
NATIVE(os_getppid) { return sk_int((int64_t)getppid()); }

// os._exit(n): end the process now: no cleanup, buffers not flushed.
NATIVE(os__exit) {
    int64_t code;
    if (!sk_mod_to_int(vm, args[0], &code)) return SK_ERR;
    _exit((int)(code & 0xff));
}

// os.kill(pid, sig)
NATIVE(os_kill) {
    int64_t pid, sig;
    if (!sk_mod_to_int(vm, args[0], &pid) || !sk_mod_to_int(vm, args[1], &sig)) return SK_ERR;
    if (kill((pid_t)pid, (int)sig) < 0) return sk_file_raise_errno(vm, errno, SK_UNDEF);
    return SK_NONE;
}

NATIVE(os_cpu_count) {
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? sk_int(n) : SK_NONE;
}

NATIVE(os_strerror) {
    int64_t e;
    if (!sk_mod_to_int(vm, args[0], &e)) return SK_ERR;
    return sk_mod_cstr(vm, strerror((int)e));
}

static SkValue stat_tuple(SkVM *vm, const struct stat *st) {
    SkValue v[10] = {sk_int(st->st_mode),
                     sk_int((int64_t)st->st_ino),
                     sk_int((int64_t)st->st_dev),
                     sk_int((int64_t)st->st_nlink),
                     sk_int(st->st_uid),
                     sk_int(st->st_gid),
                     sk_int((int64_t)st->st_size),
                     sk_int((int64_t)st->st_atime),
                     sk_int((int64_t)st->st_mtime),
                     sk_int((int64_t)st->st_ctime)};
    // os.stat_result, kept in the os module (no C globals).
    SkStr *on = sk_str_intern_cstr(vm, "os"), *cn = sk_str_intern_cstr(vm, "stat_result");
    SkValue mod = on ? sk_dict_get_str(vm->modules, on) : SK_UNDEF;
    SkValue cls =
        SK_IS_KIND(mod, SK_MODULE) && cn ? sk_dict_get_str(SK_AS_MODULE(mod)->dict, cn) : SK_UNDEF;
    if (!SK_IS_KIND(cls, SK_CLASS)) {
        SkTuple *t = sk_tuple_from(vm, v, 10);
        return t ? sk_obj(t) : SK_ERR;
    }
    SkValue r = sk_mod_structseq_new(vm, SK_AS_CLASS(cls), v, 10);
    if (SK_IS_ERR(r)) return SK_ERR;
    // As in CPython, the attributes give the times as floats (the items as ints).
    SkDict *d = SK_AS_INSTANCE(r)->dict;
    double at = (double)st->st_atim.tv_sec + st->st_atim.tv_nsec * 1e-9;
    double mt = (double)st->st_mtim.tv_sec + st->st_mtim.tv_nsec * 1e-9;
    double ct = (double)st->st_ctim.tv_sec + st->st_ctim.tv_nsec * 1e-9;
    if (!sk_dict_set_cstr(vm, d, "st_atime", sk_float(at)) ||
        !sk_dict_set_cstr(vm, d, "st_mtime", sk_float(mt)) ||
        !sk_dict_set_cstr(vm, d, "st_ctime", sk_float(ct)))
        return SK_ERR;
    return r;
}

// stat(path): an os.stat_result (st_mode ... st_ctime).
NATIVE(os_stat) {
    SkStr *p = path_arg(vm, args[0], "stat", "path");
    struct stat st;
    if (!p) return SK_ERR;
    if (stat(p->data, &st) != 0) return sk_mod_raise_errno(vm, errno, args[0]);
    return stat_tuple(vm, &st);
}

// ---------------------------------------------------------------- os.path

static bool stat_ok(SkVM *vm, SkValue v, struct stat *st) {
    return SK_IS_STR(v) && stat(SK_AS_STR(v)->data, st) == 0;
}

NATIVE(p_exists) {
    struct stat st;
    return sk_bool(stat_ok(vm, args[0], &st));
}
NATIVE(p_isfile) {
    struct stat st;
    return sk_bool(stat_ok(vm, args[0], &st) && S_ISREG(st.st_mode));
}
NATIVE(p_isdir) {
    struct stat st;
    return sk_bool(stat_ok(vm, args[0], &st) && S_ISDIR(st.st_mode));
}

NATIVE(p_islink) {
    struct stat st;
    return sk_bool(SK_IS_STR(args[0]) && lstat(SK_AS_STR(args[0])->data, &st) == 0 &&
                   S_ISLNK(st.st_mode));
}

NATIVE(p_getsize) {
    SkStr *p = path_arg(vm, args[0], "stat", "path");
    struct stat st;
    if (!p) return SK_ERR;
    if (stat(p->data, &st) != 0) return sk_mod_raise_errno(vm, errno, args[0]);
    return sk_int((int64_t)st.st_size);
}

NATIVE(p_getmtime) {
    SkStr *p = path_arg(vm, args[0], "stat", "path");
    struct stat st;
    if (!p) return SK_ERR;
    if (stat(p->data, &st) != 0) return sk_mod_raise_errno(vm, errno, args[0]);
    return sk_float((double)st.st_mtim.tv_sec + (double)st.st_mtim.tv_nsec * 1e-9);
}

NATIVE(p_isabs) {
    SkStr *p = path_arg(vm, args[0], "isabs", "s");
    return p ? sk_bool(p->len > 0 && p->data[0] == '/') : SK_ERR;
}

// join(a, *p): posixpath.join.
NATIVE(p_join) {
    SkBuf b;
    sk_buf_init(&b);
    for (int i = 0; i < nargs; i++) {
        SkStr *s = path_arg(vm, args[i], "join", "argument");
        if (!s) {
            sk_buf_free(&b);
            return SK_ERR;
        }
        if (s->len && s->data[0] == '/')
            b.len = 0;
        else if (i > 0 && b.len && b.data[b.len - 1] != '/' && !sk_buf_appendc(vm, &b, '/'))
            return SK_ERR;
        if (!sk_buf_append(vm, &b, s->data, s->len)) return SK_ERR;
    }
    SkStr *r = sk_buf_finish(vm, &b);
    return r ? sk_obj(r) : SK_ERR;
}

// The index after the last '/', and the head without trailing slashes
// (kept when the head is all slashes), as posixpath.split.
static void split_at(SkStr *s, size_t *tail_start, size_t *head_len) {
    size_t i = s->len;
    while (i > 0 && s->data[i - 1] != '/') i--;
    *tail_start = i;
    size_t h = i;
    while (h > 0 && s->data[h - 1] == '/') h--;
    *head_len = h == 0 ? i : h;
}

NATIVE(p_split) {
    SkStr *s = path_arg(vm, args[0], "split", "p");
    if (!s) return SK_ERR;
    size_t t, h;
    split_at(s, &t, &h);
    SkValue head = str_value(vm, s->data, h), tail = str_value(vm, s->data + t, s->len - t);
    if (SK_IS_ERR(head) || SK_IS_ERR(tail)) return SK_ERR;
    SkTuple *r = sk_tuple_pair(vm, head, tail);
    return r ? sk_obj(r) : SK_ERR;
}

NATIVE(p_basename) {
    SkStr *s = path_arg(vm, args[0], "basename", "p");
    if (!s) return SK_ERR;
    size_t t, h;
    split_at(s, &t, &h);
    return str_value(vm, s->data + t, s->len - t);
}

NATIVE(p_dirname) {
    SkStr *s = path_arg(vm, args[0], "dirname", "p");
    if (!s) return SK_ERR;
    size_t t, h;
    split_at(s, &t, &h);
    return str_value(vm, s->data, h);
}

// splitext: the last dot of the last component, ignoring leading dots.
NATIVE(p_splitext) {
    SkStr *s = path_arg(vm, args[0], "splitext", "p");
    if (!s) return SK_ERR;
    size_t t, h;
    split_at(s, &t, &h);
    size_t dot = s->len;
    for (size_t i = s->len; i > t; i--)
        if (s->data[i - 1] == '.') {
            dot = i - 1;
            break;
        }
    size_t first = t;
    while (first < s->len && s->data[first] == '.') first++;
    if (dot < first || dot == s->len) dot = s->len;
    SkValue root = str_value(vm, s->data, dot), ext = str_value(vm, s->data + dot, s->len - dot);
    if (SK_IS_ERR(root) || SK_IS_ERR(ext)) return SK_ERR;
    SkTuple *r = sk_tuple_pair(vm, root, ext);
    return r ? sk_obj(r) : SK_ERR;
}

// normpath: posixpath.normpath (collapse //, ., and x/..; keep a leading //).
static SkStr *normpath(SkVM *vm, const char *p, size_t n) {
    if (n == 0) return sk_str_intern_cstr(vm, ".");
    int initial = p[0] == '/' ? (n > 1 && p[1] == '/' && (n == 2 || p[2] != '/') ? 2 : 1) : 0;
    size_t *starts = malloc(sizeof(size_t) * (n + 1)), *lens = malloc(sizeof(size_t) * (n + 1));
    if (!starts || !lens) {
        free(starts);
        free(lens);
        sk_raise_nomem(vm);
        return NULL;
    }
    size_t k = 0;
    for (size_t i = 0; i < n;) {
        while (i < n && p[i] == '/') i++;
        size_t st = i;
        while (i < n && p[i] != '/') i++;
        size_t len = i - st;
        if (len == 0 || (len == 1 && p[st] == '.')) continue;
        if (len == 2 && p[st] == '.' && p[st + 1] == '.') {
            bool prev_dotdot =
                k > 0 && lens[k - 1] == 2 && p[starts[k - 1]] == '.' && p[starts[k - 1] + 1] == '.';
            if ((!initial && k == 0) || prev_dotdot) {
                starts[k] = st;
                lens[k++] = len;
            } else if (k > 0)
                k--;
            continue;
        }
        starts[k] = st;
        lens[k++] = len;
    }
    SkBuf b;
    sk_buf_init(&b);
    bool ok = true;
    for (int i = 0; i < initial; i++) ok = ok && sk_buf_appendc(vm, &b, '/');
    for (size_t i = 0; i < k && ok; i++) {
        if (i > 0) ok = sk_buf_appendc(vm, &b, '/');
        ok = ok && sk_buf_append(vm, &b, p + starts[i], lens[i]);
    }
    if (ok && b.len == 0) ok = sk_buf_appendc(vm, &b, '.');
    free(starts);
    free(lens);
    if (!ok) {
        sk_buf_free(&b);
        return NULL;
    }
    return sk_buf_finish(vm, &b);
}

NATIVE(p_normpath) {
    SkStr *s = path_arg(vm, args[0], "normpath", "path");
    if (!s) return SK_ERR;
    SkStr *r = normpath(vm, s->data, s->len);
    return r ? sk_obj(r) : SK_ERR;
}

NATIVE(p_abspath) {
    SkStr *s = path_arg(vm, args[0], "abspath", "path");
    if (!s) return SK_ERR;
    if (s->len && s->data[0] == '/') {
        SkStr *r = normpath(vm, s->data, s->len);
        return r ? sk_obj(r) : SK_ERR;
    }
    char cwd[PATH_MAX];
    if (!getcwd(cwd, sizeof cwd)) return sk_mod_raise_errno(vm, errno, SK_UNDEF);
    SkBuf b;
    sk_buf_init(&b);
    if (!sk_buf_append(vm, &b, cwd, strlen(cwd)) || !sk_buf_appendc(vm, &b, '/') ||
        !sk_buf_append(vm, &b, s->data, s->len)) {
        sk_buf_free(&b);
        return SK_ERR;
    }
    SkStr *r = normpath(vm, b.data, b.len);
    sk_buf_free(&b);
    return r ? sk_obj(r) : SK_ERR;
}

NATIVE(p_expanduser) {
    SkStr *s = path_arg(vm, args[0], "expanduser", "path");
    if (!s) return SK_ERR;
    const char *home = getenv("HOME");
    if (!home || s->len == 0 || s->data[0] != '~' || (s->len > 1 && s->data[1] != '/'))
        return sk_obj(s);
    SkStr *r = sk_str_format(vm, "%s%s", home, s->data + 1);
    return r ? sk_obj(r) : SK_ERR;
}

bool sk_mod_os_path_init(SkVM *vm, SkModule *m) {
    SkDict *d = m->dict;
    return sk_define_native(vm, d, "join", p_join, 1, -1, false) &&
           sk_define_native(vm, d, "exists", p_exists, 1, 1, false) &&
           sk_define_native(vm, d, "isfile", p_isfile, 1, 1, false) &&
           sk_define_native(vm, d, "isdir", p_isdir, 1, 1, false) &&
           sk_define_native(vm, d, "islink", p_islink, 1, 1, false) &&
           sk_define_native(vm, d, "isabs", p_isabs, 1, 1, false) &&
           sk_define_native(vm, d, "basename", p_basename, 1, 1, false) &&
           sk_define_native(vm, d, "dirname", p_dirname, 1, 1, false) &&
           sk_define_native(vm, d, "split", p_split, 1, 1, false) &&
           sk_define_native(vm, d, "splitext", p_splitext, 1, 1, false) &&
           sk_define_native(vm, d, "abspath", p_abspath, 1, 1, false) &&
           sk_define_native(vm, d, "normpath", p_normpath, 1, 1, false) &&
           sk_define_native(vm, d, "expanduser", p_expanduser, 1, 1, false) &&
           sk_define_native(vm, d, "getsize", p_getsize, 1, 1, false) &&
           sk_define_native(vm, d, "getmtime", p_getmtime, 1, 1, false) &&
           sk_mod_set(vm, m, "sep", sk_mod_cstr(vm, "/"));
}

bool sk_mod_os_init(SkVM *vm, SkModule *m) {
    SkDict *d = m->dict;
    SkDict *env = sk_dict_new(vm);
    if (!env || !sk_mod_set(vm, m, "environ", sk_obj(env))) return false;
    for (char **e = environ; e && *e; e++) {
        const char *eq = strchr(*e, '=');
        size_t n;
        if (!eq || !sk_utf8_valid(*e, strlen(*e), &n)) continue;
        SkValue k = str_value(vm, *e, (size_t)(eq - *e)), v = sk_mod_cstr(vm, eq + 1);
        if (SK_IS_ERR(k) || SK_IS_ERR(v) || !sk_dict_set(vm, env, k, v)) return false;
    }
    if (!sk_define_native(vm, d, "getcwd", os_getcwd, 0, 0, false) ||
        !sk_define_native(vm, d, "chdir", os_chdir, 1, 1, false) ||
        !sk_define_native(vm, d, "getenv", os_getenv, 1, 2, false) ||
        !sk_define_native(vm, d, "putenv", os_putenv, 2, 2, false) ||
        !sk_define_native(vm, d, "unsetenv", os_unsetenv, 1, 1, false) ||
        !sk_define_native(vm, d, "listdir", os_listdir, 0, 1, false) ||
        !sk_define_native(vm, d, "mkdir", os_mkdir, 1, 2, true) ||
        !sk_define_native(vm, d, "makedirs", os_makedirs, 1, 3, true) ||
        !sk_define_native(vm, d, "rmdir", os_rmdir, 1, 1, false) ||
        !sk_define_native(vm, d, "remove", os_remove, 1, 1, false) ||
        !sk_define_native(vm, d, "unlink", os_remove, 1, 1, false) ||
        !sk_define_native(vm, d, "rename", os_rename, 2, 2, false) ||
        !sk_define_native(vm, d, "replace", os_rename, 2, 2, false) ||
        !sk_define_native(vm, d, "getpid", os_getpid, 0, 0, false) ||
        !sk_define_native(vm, d, "getppid", os_getppid, 0, 0, false) ||
        !sk_define_native(vm, d, "_exit", os__exit, 1, 1, false) ||
        !sk_define_native(vm, d, "kill", os_kill, 2, 2, false) ||
        !sk_define_native(vm, d, "cpu_count", os_cpu_count, 0, 0, false) ||
        !sk_define_native(vm, d, "strerror", os_strerror, 1, 1, false) ||
        !sk_define_native(vm, d, "stat", os_stat, 1, 1, false))
        return false;
    static const char *const stat_fields[] = {"st_mode",  "st_ino",  "st_dev",  "st_nlink",
                                              "st_uid",   "st_gid",  "st_size", "st_atime",
                                              "st_mtime", "st_ctime"};
    SkClass *sr = sk_mod_structseq(vm, "os", "stat_result", stat_fields, 10);
    if (!sr || !sk_mod_set(vm, m, "stat_result", sk_obj(sr))) return false;
    if (!sk_mod_set(vm, m, "sep", sk_mod_cstr(vm, "/")) || !sk_mod_set(vm, m, "altsep", SK_NONE) ||
        !sk_mod_set(vm, m, "extsep", sk_mod_cstr(vm, ".")) ||
        !sk_mod_set(vm, m, "pathsep", sk_mod_cstr(vm, ":")) ||
        !sk_mod_set(vm, m, "curdir", sk_mod_cstr(vm, ".")) ||
        !sk_mod_set(vm, m, "pardir", sk_mod_cstr(vm, "..")) ||
        !sk_mod_set(vm, m, "devnull", sk_mod_cstr(vm, "/dev/null")) ||
        !sk_mod_set(vm, m, "linesep", sk_mod_cstr(vm, "\n")) ||
        !sk_mod_set(vm, m, "name", sk_mod_cstr(vm, "posix")) ||
        !sk_mod_set(vm, m, "error", sk_obj(vm->exc.OSError)))
        return false;
    // os.path: its own module object, registered under "os.path".
    SkStr *pname = sk_str_intern_cstr(vm, "os.path");
    SkModule *pm = pname ? sk_module_new(vm, pname) : NULL;
    if (!pm || !sk_mod_os_path_init(vm, pm) ||
        !sk_dict_set_str(vm, vm->modules, pname, sk_obj(pm)) ||
        !sk_mod_set(vm, m, "path", sk_obj(pm)))
        return false;
    return true;
}
