// vm/classes/suggest.c -- the "Did you mean: 'x'?" that CPython 3.11 appends to an
// uncaught AttributeError or NameError (Python/suggestions.c): the closest
// name by a Levenshtein distance where a case flip costs 1 and any other
// edit 2, accepted when at most about a third of the characters change.
//
// Candidates: for AttributeError, dir(obj) sorted (instance dict plus every
// class dict on the mro, or a module's dict); for NameError, the raising
// frame's local names, then its module's globals, then the builtins. The
// module is found by the code's filename, since tracebacks keep code
// objects, not frames.
#include "vm/classes/suggest.h"
#include "vm/classes/class.h"
#include "vm/classes/error.h"
#include "vm/exec/import.h"
#include "vm/objects/code.h"
#include "vm/objects/dict.h"
#include "vm/objects/str.h"
#include <stdint.h>
#include <stdlib.h>

#define MAX_CANDIDATE_ITEMS 750
#define MAX_STRING_SIZE 40
#define MOVE_COST 2
#define CASE_COST 1

static size_t substitution_cost(char a, char b) {
    if ((a & 31) != (b & 31)) return MOVE_COST;
    if (a == b) return 0;
    if ('A' <= a && a <= 'Z') a += 'a' - 'A';
    if ('A' <= b && b <= 'Z') b += 'a' - 'A';
    return a == b ? CASE_COST : MOVE_COST;
}

static size_t levenshtein(const char *a, size_t a_size, const char *b, size_t b_size,
                          size_t max_cost) {
    size_t buffer[MAX_STRING_SIZE];
    if (a == b) return 0;
    while (a_size && b_size && a[0] == b[0]) a++, a_size--, b++, b_size--;
    while (a_size && b_size && a[a_size - 1] == b[b_size - 1]) a_size--, b_size--;
    if (a_size == 0 || b_size == 0) return (a_size + b_size) * MOVE_COST;
    if (a_size > MAX_STRING_SIZE || b_size > MAX_STRING_SIZE) return max_cost + 1;
    if (b_size < a_size) {
        const char *t = a;
        a = b;
        b = t;
        size_t ts = a_size;
        a_size = b_size;
        b_size = ts;
    }
    if ((b_size - a_size) * MOVE_COST > max_cost) return max_cost + 1;
    size_t tmp = MOVE_COST;
    for (size_t i = 0; i < a_size; i++) {
        buffer[i] = tmp;
        tmp += MOVE_COST;
    }
    size_t result = 0;
    for (size_t bi = 0; bi < b_size; bi++) {
        char code = b[bi];
        size_t distance = result = bi * MOVE_COST;
        size_t minimum = SIZE_MAX;
        for (size_t i = 0; i < a_size; i++) {
            size_t substitute = distance + substitution_cost(code, a[i]);
            distance = buffer[i];
            size_t insert_delete = (result < distance ? result : distance) + MOVE_COST;
            result = insert_delete < substitute ? insert_delete : substitute;
            buffer[i] = result;
            if (result < minimum) minimum = result;
        }
        if (minimum > max_cost) return max_cost + 1;
    }
    return result;
}

// The best candidate for name among names[0..n), or NULL.
static SkStr *best_match(SkStr **names, size_t n, SkStr *name) {
    if (n >= MAX_CANDIDATE_ITEMS) return NULL;
    size_t best_distance = SIZE_MAX;
    SkStr *best = NULL;
    for (size_t i = 0; i < n; i++) {
        SkStr *item = names[i];
        if (item->len == name->len && memcmp(item->data, name->data, item->len) == 0) continue;
        size_t max_distance = (name->len + item->len + 3) * MOVE_COST / 6;
        if (best_distance - 1 < max_distance) max_distance = best_distance - 1;
        size_t d = levenshtein(name->data, name->len, item->data, item->len, max_distance);
        if (d > max_distance) continue;
        if (!best || d < best_distance) {
            best = item;
            best_distance = d;
        }
    }
    return best;
}

// A growable array of distinct names (no allocation through the GC: the
// strings stay reachable from the dicts they come from).
typedef struct Names {
    SkStr **items;
    size_t len, cap;
    bool failed;
} Names;

static void add_name(Names *ns, SkValue k, bool dedupe) {
    if (ns->failed || !SK_IS_STR(k)) return;
    SkStr *s = SK_AS_STR(k);
    if (dedupe)
        for (size_t i = 0; i < ns->len; i++)
            if (ns->items[i] == s ||
                (ns->items[i]->len == s->len && memcmp(ns->items[i]->data, s->data, s->len) == 0))
                return;
    if (ns->len == ns->cap) {
        size_t cap = ns->cap ? ns->cap * 2 : 64;
        SkStr **n = realloc(ns->items, cap * sizeof(SkStr *));
        if (!n) {
            ns->failed = true;
            return;
        }
        ns->items = n;
        ns->cap = cap;
    }
    ns->items[ns->len++] = s;
}

static void add_dict(Names *ns, SkDict *d, bool dedupe) {
    if (!d) return;
    size_t i = 0;
    SkValue k, v;
    while (sk_dict_next(d, &i, &k, &v)) {
        add_name(ns, k, dedupe);
        if (ns->len > MAX_CANDIDATE_ITEMS) return;
    }
}

static int cmp_names(const void *pa, const void *pb) {
    const SkStr *a = *(SkStr *const *)pa, *b = *(SkStr *const *)pb;
    size_t n = a->len < b->len ? a->len : b->len;
    int c = memcmp(a->data, b->data, n);
    if (c) return c;
    return a->len < b->len ? -1 : a->len > b->len;
}

static SkStr *attribute_suggestion(SkVM *vm, SkValue obj, SkStr *name) {
    Names ns = {0};
    if (SK_IS_KIND(obj, SK_MODULE)) {
        add_dict(&ns, SK_AS_MODULE(obj)->dict, false);
    } else {
        SkClass *cls;
        if (SK_IS_KIND(obj, SK_CLASS)) {
            cls = SK_AS_CLASS(obj);
        } else {
            cls = sk_class_of(vm, obj);
            if (SK_IS_KIND(obj, SK_INSTANCE) || SK_IS_KIND(obj, SK_EXCEPTION))
                add_dict(&ns, SK_AS_INSTANCE(obj)->dict, true);
            // Attributes kept outside any dict (vm/classes/class.c special_attr).
            if (SK_IS_KIND(obj, SK_EXCEPTION)) {
                static const char *const exc_names[] = {"args", "__cause__", "__context__",
                                                        "__suppress_context__", "__traceback__"};
                for (size_t i = 0; i < sizeof exc_names / sizeof exc_names[0]; i++) {
                    SkStr *n = sk_str_intern_cstr(vm, exc_names[i]);
                    if (n)
                        add_name(&ns, sk_obj(n), true);
                    else
                        sk_clear_exc(vm);
                }
            }
            if (SK_IS_KIND(obj, SK_INSTANCE) || SK_IS_KIND(obj, SK_EXCEPTION))
                add_name(&ns, sk_obj(vm->names.dict), true);
        }
        add_name(&ns, sk_obj(vm->names.class_), true);
        SkTuple *mro = cls->mro;
        for (size_t i = 0; mro && i < mro->len && ns.len <= MAX_CANDIDATE_ITEMS; i++)
            add_dict(&ns, SK_AS_CLASS(mro->items[i])->dict, true);
    }
    SkStr *r = NULL;
    if (!ns.failed && ns.len < MAX_CANDIDATE_ITEMS) {
        qsort(ns.items, ns.len, sizeof(SkStr *), cmp_names);
        r = best_match(ns.items, ns.len, name);
    }
    free(ns.items);
    return r;
}

// The globals of the module whose code lives in `filename`.
static SkDict *module_globals(SkVM *vm, SkStr *filename) {
    if (!filename) return NULL;
    if (vm->main_module && vm->main_module->dict) {
        SkValue f = sk_dict_get_str(vm->main_module->dict, vm->names.file);
        if (SK_IS_STR(f) && sk_str_eq(SK_AS_STR(f), filename)) return vm->main_module->dict;
    }
    if (!vm->modules) return NULL;
    size_t i = 0;
    SkValue k, m;
    while (sk_dict_next(vm->modules, &i, &k, &m)) {
        if (!SK_IS_KIND(m, SK_MODULE) || !SK_AS_MODULE(m)->dict) continue;
        SkValue f = sk_dict_get_str(SK_AS_MODULE(m)->dict, vm->names.file);
        if (SK_IS_STR(f) && sk_str_eq(SK_AS_STR(f), filename)) return SK_AS_MODULE(m)->dict;
    }
    return NULL;
}

static SkStr *name_suggestion(SkVM *vm, SkException *e, SkStr *name) {
    // The raising frame is the first entry the VM recorded.
    if (!e->traceback || e->traceback->len < 2 || !SK_IS_KIND(e->traceback->items[0], SK_CODE))
        return NULL;
    SkCode *code = SK_AS_CODE(e->traceback->items[0]);
    Names ns = {0};
    SkStr *r = NULL;
    if (code->varnames && !(code->flags & (SK_CODE_MODULE | SK_CODE_CLASS))) {
        for (uint32_t i = 0; i + code->nfrees < code->nlocals; i++)
            if (code->varnames[i]) add_name(&ns, sk_obj(code->varnames[i]), false);
        if (!ns.failed) r = best_match(ns.items, ns.len, name);
    }
    SkDict *sources[2] = {module_globals(vm, code->filename), vm->builtins};
    for (int s = 0; s < 2 && !r && !ns.failed; s++) {
        if (!sources[s]) continue;
        ns.len = 0;
        add_dict(&ns, sources[s], false);
        if (!ns.failed) r = best_match(ns.items, ns.len, name);
    }
    free(ns.items);
    return r;
}

SkStr *sk_exc_suggestion(SkVM *vm, SkValue exc) {
    if (!SK_IS_KIND(exc, SK_EXCEPTION)) return NULL;
    SkException *e = SK_AS_EXC(exc);
    SkDict *d = e->inst.dict;
    if (!d) return NULL;
    SkStr *namekey = sk_str_intern_cstr(vm, "name");
    if (!namekey) {
        sk_clear_exc(vm);
        return NULL;
    }
    SkValue name = sk_dict_get_str(d, namekey);
    if (!SK_IS_STR(name)) return NULL;
    if (e->inst.cls == vm->exc.AttributeError) {
        SkStr *objkey = sk_str_intern_cstr(vm, "obj");
        if (!objkey) {
            sk_clear_exc(vm);
            return NULL;
        }
        SkValue obj = sk_dict_get_str(d, objkey);
        if (SK_IS_UNDEF(obj)) return NULL;
        return attribute_suggestion(vm, obj, SK_AS_STR(name));
    }
    if (e->inst.cls == vm->exc.NameError) return name_suggestion(vm, e, SK_AS_STR(name));
    return NULL;
}
