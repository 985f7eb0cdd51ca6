// vm/objects/list_methods.c -- the methods of list and tuple (append, pop, sort,
// index, ...), registered on vm->t.list / vm->t.tuple by
// sk_init_list_methods / sk_init_tuple_methods, which sk_init_types calls.
// The dunder wrappers (__getitem__, __len__, ...) delegate to the generic ops (vm/ops/) so
// explicit calls and user subclasses (whose list lives in the instance's
// `base` payload) behave like the operators.
#include "vm/objects/list_methods.h"
#include "vm/classes/class.h"
#include "vm/classes/error.h"
#include "vm/exec/import.h"
#include "vm/objects/iter.h"
#include "vm/objects/list.h"
#include "vm/objects/methods.h"
#include "vm/ops/arith.h"
#include "vm/ops/compare.h"
#include "vm/ops/item.h"
#include "vm/ops/ops.h"

#define LIST_SELF(meth) SK_LIB_SELF(SkList, l, SK_LIST, "list", meth)
#define TUPLE_SELF(meth) SK_LIB_SELF(SkTuple, t, SK_TUPLE, "tuple", meth)

// --- mutation ---

static SkValue list_append(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    if (SK_LIKELY(SK_IS_LIST(args[0])))
        return sk_list_append(vm, SK_AS_LIST(args[0]), args[1]) ? SK_NONE : SK_ERR;
    LIST_SELF("append");
    return sk_list_append(vm, l, args[1]) ? SK_NONE : SK_ERR;
}

static SkValue list_extend(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    LIST_SELF("extend");
    return sk_list_extend(vm, l, args[1]) ? SK_NONE : SK_ERR;
}

static SkValue list_insert(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    LIST_SELF("insert");
    int64_t i;
    if (!sk_index(vm, args[1], &i)) return SK_ERR;
    int64_t n = (int64_t)l->len;
    if (i < 0) {
        i += n;
        if (i < 0) i = 0;
    } else if (i > n) {
        i = n;
    }
    return sk_list_insert(vm, l, i, args[2]) ? SK_NONE : SK_ERR;
}

static SkValue list_pop(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    LIST_SELF("pop");
    int64_t i = -1;
    if (nargs > 1 && !sk_index(vm, args[1], &i)) return SK_ERR;
    if (l->len == 0) return sk_raise(vm, vm->exc.IndexError, "pop from empty list");
    int64_t n = (int64_t)l->len;
    if (i < 0) i += n;
    if (i < 0 || i >= n) return sk_raise(vm, vm->exc.IndexError, "pop index out of range");
    SkValue v = l->items[i];
    memmove(l->items + i, l->items + i + 1, (size_t)(n - i - 1) * sizeof(SkValue));
    l->len--;
    return v;
}

// Index of the first item equal to x in [start, stop), -1 absent, -2 raised.
// The list may change under __eq__, so the bound is re-read each step.
static int64_t find_item(SkVM *vm, SkList *l, SkValue x, int64_t start, int64_t stop) {
    for (int64_t i = start; i < stop && i < (int64_t)l->len; i++) {
        SkValue v = l->items[i];
        if (sk_identical(v, x)) return i;
        int r = sk_eq(vm, v, x);
        if (r < 0) return -2;
        if (r) return i;
    }
    return -1;
}

static SkValue list_remove(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    LIST_SELF("remove");
    int64_t i = find_item(vm, l, args[1], 0, (int64_t)l->len);
    if (i == -2) return SK_ERR;
    if (i < 0) return sk_raise(vm, vm->exc.ValueError, "list.remove(x): x not in list");
    memmove(l->items + i, l->items + i + 1, (l->len - (size_t)i - 1) * sizeof(SkValue));
    l->len--;
    return SK_NONE;
}

// list.index/tuple.index bounds: ints or __index__, but not None.
static bool bound_arg(SkVM *vm, SkValue v, int64_t *out) {
    if (SK_IS_INT(v)) {
        *out = SK_AS_INT(v);
        return true;
    }
    if (SK_IS_BOOL(v) ||
        (SK_IS_OBJ(v) && !SK_IS_UNDEF(sk_class_lookup(vm, sk_class_of(vm, v), vm->names.index))))
        return sk_index(vm, v, out);
    sk_raise(vm, vm->exc.TypeError, "slice indices must be integers or have an __index__ method");
    return false;
}

static bool range_args(SkVM *vm, SkValue *args, int nargs, int64_t len, int64_t *start,
                       int64_t *stop) {
    *start = 0;
    *stop = len;
    if (nargs > 2 && !bound_arg(vm, args[2], start)) return false;
    if (nargs > 3 && !bound_arg(vm, args[3], stop)) return false;
    sk_lib_adjust(start, stop, len);
    return true;
}

static SkValue list_index(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    LIST_SELF("index");
    int64_t start, stop;
    if (!range_args(vm, args, nargs, (int64_t)l->len, &start, &stop)) return SK_ERR;
    int64_t i = find_item(vm, l, args[1], start, stop);
    if (i == -2) return SK_ERR;
    if (i < 0) return sk_raise(vm, vm->exc.ValueError, "%R is not in list", args[1]);
    return sk_int(i);
}

static SkValue list_count(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    LIST_SELF("count");
    int64_t n = 0;
    for (size_t i = 0; i < l->len; i++) {
        SkValue v = l->items[i];
        if (sk_identical(v, args[1])) {
            n++;
            continue;
        }
        int r = sk_eq(vm, v, args[1]);
        if (r < 0) return SK_ERR;
        n += r;
    }
    return sk_int(n);
}

static SkValue list_sort(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames) {
    LIST_SELF("sort");
    int np = sk_npos(nargs, kwnames);
    if (np > 1) return sk_raise(vm, vm->exc.TypeError, "sort() takes no positional arguments");
    SkValue key = SK_NONE, rev = SK_FALSE;
    if (kwnames) {
        for (size_t k = 0; k < kwnames->len; k++) {
            SkStr *n = SK_AS_STR(kwnames->items[k]);
            SkValue v = args[np + (int)k];
            if (strcmp(n->data, "key") == 0)
                key = v;
            else if (strcmp(n->data, "reverse") == 0)
                rev = v;
            else
                return sk_raise(vm, vm->exc.TypeError,
                                "'%s' is an invalid keyword argument for sort()", n->data);
        }
    }
    int r = sk_truthy(vm, rev);
    if (r < 0) return SK_ERR;
    return sk_list_sort(vm, l, key, r) ? SK_NONE : SK_ERR;
}

static SkValue list_reverse(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    LIST_SELF("reverse");
    sk_lib_reverse(l->items, l->len);
    return SK_NONE;
}

static SkValue list_copy(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    LIST_SELF("copy");
    SkList *c = sk_list_from(vm, l->items, l->len);
    return c ? sk_obj(c) : SK_ERR;
}

static SkValue list_clear(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    LIST_SELF("clear");
    l->len = 0;
    return SK_NONE;
}

// list.__init__(self, iterable=()) for subclasses: refill the payload.
static SkValue list_init(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    LIST_SELF("__init__");
    if (nargs > 2)
        return sk_raise(vm, vm->exc.TypeError, "list expected at most 1 argument, got %d",
                        nargs - 1);
    l->len = 0;
    if (nargs == 2 && !sk_list_extend(vm, l, args[1])) return SK_ERR;
    return SK_NONE;
}

// --- dunder wrappers (work on the payload so subclasses can call them) ---

static SkValue seq_self(SkVM *vm, SkValue self, SkKind kind, const char *meth) {
    void *o = sk_lib_self(vm, self, kind, meth, kind == SK_LIST ? "list" : "tuple");
    return o ? sk_obj(o) : SK_ERR;
}

#define SEQ_WRAPPERS(prefix, KIND, tname)                                                          \
    SK_LIB_SEQ_DUNDERS(prefix, KIND, tname)                                                        \
    static SkValue prefix##_contains(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {            \
        SkValue s = seq_self(vm, args[0], KIND, "__contains__");                                   \
        if (SK_IS_ERR(s)) return SK_ERR;                                                           \
        int r = sk_contains(vm, s, args[1]);                                                       \
        return r < 0 ? SK_ERR : sk_bool(r);                                                        \
    }                                                                                              \
    static SkValue prefix##_add(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {                 \
        SkValue s = seq_self(vm, args[0], KIND, "__add__");                                        \
        return SK_IS_ERR(s) ? SK_ERR : sk_binary(vm, SK_BIN_ADD, s, sk_payload(args[1]), false);   \
    }                                                                                              \
    static SkValue prefix##_mul(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {                 \
        SkValue s = seq_self(vm, args[0], KIND, "__mul__");                                        \
        return SK_IS_ERR(s) ? SK_ERR : sk_binary(vm, SK_BIN_MUL, s, args[1], false);               \
    }                                                                                              \
    static SkValue prefix##_cmp(SkVM *vm, SkValue *args, SkCmpOp op, const char *name) {           \
        SkValue s = seq_self(vm, args[0], KIND, name);                                             \
        if (SK_IS_ERR(s)) return SK_ERR;                                                           \
        SkValue o = sk_payload(args[1]);                                                           \
        if (!SK_IS_KIND(o, KIND)) return vm->not_implemented;                                      \
        return sk_compare(vm, op, s, o);                                                           \
    }                                                                                              \
    static SkValue prefix##_eq(SkVM *vm, SkValue *a, int n, SkTuple *kw) {                         \
        return prefix##_cmp(vm, a, SK_CMP_EQ, "__eq__");                                           \
    }                                                                                              \
    static SkValue prefix##_ne(SkVM *vm, SkValue *a, int n, SkTuple *kw) {                         \
        return prefix##_cmp(vm, a, SK_CMP_NE, "__ne__");                                           \
    }                                                                                              \
    static SkValue prefix##_lt(SkVM *vm, SkValue *a, int n, SkTuple *kw) {                         \
        return prefix##_cmp(vm, a, SK_CMP_LT, "__lt__");                                           \
    }                                                                                              \
    static SkValue prefix##_le(SkVM *vm, SkValue *a, int n, SkTuple *kw) {                         \
        return prefix##_cmp(vm, a, SK_CMP_LE, "__le__");                                           \
    }                                                                                              \
    static SkValue prefix##_gt(SkVM *vm, SkValue *a, int n, SkTuple *kw) {                         \
        return prefix##_cmp(vm, a, SK_CMP_GT, "__gt__");                                           \
    }                                                                                              \
    static SkValue prefix##_ge(SkVM *vm, SkValue *a, int n, SkTuple *kw) {                         \
        return prefix##_cmp(vm, a, SK_CMP_GE, "__ge__");                                           \
    }

SEQ_WRAPPERS(lw, SK_LIST, "list")
SEQ_WRAPPERS(tw, SK_TUPLE, "tuple")

static SkValue list_setitem(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkValue s = seq_self(vm, args[0], SK_LIST, "__setitem__");
    if (SK_IS_ERR(s)) return SK_ERR;
    return sk_setitem(vm, s, args[1], args[2]) ? SK_NONE : SK_ERR;
}

static SkValue list_delitem(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkValue s = seq_self(vm, args[0], SK_LIST, "__delitem__");
    if (SK_IS_ERR(s)) return SK_ERR;
    return sk_delitem(vm, s, args[1]) ? SK_NONE : SK_ERR;
}

static SkValue list_iadd(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    LIST_SELF("__iadd__");
    if (!sk_list_extend(vm, l, args[1])) return SK_ERR;
    return args[0];
}

static SkValue list_reversed(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    LIST_SELF("__reversed__");
    SkIter *it = sk_iter_new(vm, SK_IT_LIST_REVERSE, vm->t.list_reverseiterator, sk_obj(l));
    if (!it) return SK_ERR;
    it->i = (int64_t)l->len - 1;
    return sk_obj(it);
}

// --- tuple ---

static SkValue tuple_count(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    TUPLE_SELF("count");
    int64_t n = 0;
    for (size_t i = 0; i < t->len; i++) {
        if (sk_identical(t->items[i], args[1])) {
            n++;
            continue;
        }
        int r = sk_eq(vm, t->items[i], args[1]);
        if (r < 0) return SK_ERR;
        n += r;
    }
    return sk_int(n);
}

static SkValue tuple_index(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    TUPLE_SELF("index");
    int64_t start, stop;
    if (!range_args(vm, args, nargs, (int64_t)t->len, &start, &stop)) return SK_ERR;
    for (int64_t i = start; i < stop; i++) {
        if (sk_identical(t->items[i], args[1])) return sk_int(i);
        int r = sk_eq(vm, t->items[i], args[1]);
        if (r < 0) return SK_ERR;
        if (r) return sk_int(i);
    }
    return sk_raise(vm, vm->exc.ValueError, "tuple.index(x): x not in tuple");
}

static SkValue tuple_hash(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkValue s = seq_self(vm, args[0], SK_TUPLE, "__hash__");
    if (SK_IS_ERR(s)) return SK_ERR;
    uint64_t h;
    return sk_hash(vm, s, &h) ? sk_int((int64_t)h) : SK_ERR;
}

static const SkMethodDef list_methods[] = {
    {"append", list_append, 2, 2, false},
    {"extend", list_extend, 2, 2, false},
    {"insert", list_insert, 3, 3, false},
    {"pop", list_pop, 1, 2, false},
    {"remove", list_remove, 2, 2, false},
    {"index", list_index, 2, 4, false},
    {"count", list_count, 2, 2, false},
    {"sort", list_sort, 1, -1, true},
    {"reverse", list_reverse, 1, 1, false},
    {"copy", list_copy, 1, 1, false},
    {"clear", list_clear, 1, 1, false},
    {"__init__", list_init, 1, -1, false},
    {"__len__", lw_len, 1, 1, false},
    {"__getitem__", lw_getitem, 2, 2, false},
    {"__setitem__", list_setitem, 3, 3, false},
    {"__delitem__", list_delitem, 2, 2, false},
    {"__contains__", lw_contains, 2, 2, false},
    {"__iter__", lw_iter, 1, 1, false},
    {"__add__", lw_add, 2, 2, false},
    {"__mul__", lw_mul, 2, 2, false},
    {"__iadd__", list_iadd, 2, 2, false},
    {"__reversed__", list_reversed, 1, 1, false},
    {"__eq__", lw_eq, 2, 2, false},
    {"__ne__", lw_ne, 2, 2, false},
    {"__lt__", lw_lt, 2, 2, false},
    {"__le__", lw_le, 2, 2, false},
    {"__gt__", lw_gt, 2, 2, false},
    {"__ge__", lw_ge, 2, 2, false},
};

static const SkMethodDef tuple_methods[] = {
    {"count", tuple_count, 2, 2, false},
    {"index", tuple_index, 2, 4, false},
    {"__len__", tw_len, 1, 1, false},
    {"__getitem__", tw_getitem, 2, 2, false},
    {"__contains__", tw_contains, 2, 2, false},
    {"__iter__", tw_iter, 1, 1, false},
    {"__add__", tw_add, 2, 2, false},
    {"__mul__", tw_mul, 2, 2, false},
    {"__hash__", tuple_hash, 1, 1, false},
    {"__eq__", tw_eq, 2, 2, false},
    {"__ne__", tw_ne, 2, 2, false},
    {"__lt__", tw_lt, 2, 2, false},
    {"__le__", tw_le, 2, 2, false},
    {"__gt__", tw_gt, 2, 2, false},
    {"__ge__", tw_ge, 2, 2, false},
};

void sk_init_list_methods(SkVM *vm) { SK_LIB_DEFINE_TABLE(vm, vm->t.list, list_methods); }

void sk_init_tuple_methods(SkVM *vm) { SK_LIB_DEFINE_TABLE(vm, vm->t.tuple, tuple_methods); }
