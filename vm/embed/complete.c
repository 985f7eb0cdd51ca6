// vm/embed/complete.c -- sk_complete (include/skein.h): completions of a
// partial name for an interactive prompt, read from dictionaries only so
// that no user code runs while the user types.
#include "vm/embed/complete.h"
#include "skein.h"
#include "vm/classes/class.h"
#include "vm/classes/error.h"
#include "vm/core/gc.h"
#include "vm/exec/import.h"
#include "vm/objects/dict.h"
#include "vm/objects/module.h"
#include "vm/objects/str.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

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
