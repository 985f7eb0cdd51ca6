// vm/objects/methods.h -- small helpers shared by the files that implement the
// methods of built-in types and the builtin functions (vm/*_methods.c,
// vm/objects/format.c, stdlib/builtins*.c). Everything here is inline or declared
// in one of those files, so the header adds no state.
#ifndef SK_VM_OBJECTS_METHODS_H
#define SK_VM_OBJECTS_METHODS_H
#include "vm/classes/error.h"
#include "vm/core/gc.h"
#include "vm/core/state.h"
#include "vm/objects/iter.h"
#include "vm/ops/compare.h"
#include "vm/ops/item.h"

// The value a built-in method works on: the object itself, or the payload
// a user subclass instance carries (class L(list) keeps its list in base).
SK_INLINE SkValue sk_payload(SkValue v) {
    if (SK_IS_KIND(v, SK_INSTANCE) && !SK_IS_UNDEF(SK_AS_INSTANCE(v)->base))
        return SK_AS_INSTANCE(v)->base;
    return v;
}

// In a native method: declare `T *var` as the object sk_lib_self finds in
// args[0], or return SK_ERR (the TypeError is set).
#define SK_LIB_SELF(T, var, KIND, tname, meth)                                                     \
    T *var = sk_lib_self(vm, args[0], KIND, meth, tname);                                          \
    if (!var) return SK_ERR

// The dunder wrappers every sequence type shares, defined as static
// prefix_len, prefix_getitem and prefix_iter: they work on the payload
// through the generic operations, so a subclass can
// call str.__len__(self) and errors name type tname.
#define SK_LIB_SEQ_DUNDERS(prefix, KIND, tname)                                                    \
    static SkValue prefix##_len(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {                 \
        void *o = sk_lib_self(vm, args[0], KIND, "__len__", tname);                                \
        int64_t n;                                                                                 \
        return o && sk_len(vm, sk_obj(o), &n) ? sk_int(n) : SK_ERR;                                \
    }                                                                                              \
    static SkValue prefix##_getitem(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {             \
        void *o = sk_lib_self(vm, args[0], KIND, "__getitem__", tname);                            \
        return o ? sk_getitem(vm, sk_obj(o), args[1]) : SK_ERR;                                    \
    }                                                                                              \
    static SkValue prefix##_iter(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {                \
        void *o = sk_lib_self(vm, args[0], KIND, "__iter__", tname);                               \
        return o ? sk_iter(vm, sk_obj(o)) : SK_ERR;                                                \
    }

// Number of positional arguments in a native call (keyword values sit at the end).
SK_INLINE int sk_npos(int nargs, SkTuple *kwnames) {
    return kwnames ? nargs - (int)kwnames->len : nargs;
}

// TypeError "descriptor 'append' for 'list' objects doesn't apply to a 'int' object".
SkValue sk_lib_bad_self(SkVM *vm, const char *meth, const char *tname, SkValue self) SK_RAISES;

// The built-in object (kind, named tname in errors) that method meth works
// on: self or a subclass instance's payload. Otherwise raises the
// descriptor TypeError above and returns NULL.
SK_INLINE void *sk_lib_self(SkVM *vm, SkValue self, SkKind kind, const char *meth,
                            const char *tname) {
    if (SK_LIKELY(SK_IS_KIND(self, kind))) return SK_AS_OBJ(self); // the common case first
    SkValue p = sk_payload(self);
    if (SK_IS_KIND(p, kind)) return SK_AS_OBJ(p);
    sk_lib_bad_self(vm, meth, tname, self);
    return NULL;
}

// Define a classmethod (fromkeys, fromhex) or staticmethod (maketrans) on a
// built-in class: the native wrapped as SkProperty (obj.extra 2 or 1; 0: a property).
void sk_lib_define_wrapped(SkVM *vm, SkClass *cls, const char *name, SkNativeFn fn, int min_args,
                           int max_args, bool takes_kw, int kind);
// A read-only attribute (real, start, ...): fn(self) as a property.
#define sk_lib_define_getter(vm, cls, name, fn)                                                    \
    sk_lib_define_wrapped(vm, cls, name, fn, 1, 1, false, 0)

// One row of a built-in class's method table, installed by
// sk_lib_define_methods (vm/objects/list_methods.c) through sk_define_method.
typedef struct SkMethodDef {
    const char *name;
    SkNativeFn fn;
    int16_t min_args, max_args; // max -1: any number
    bool kw;                    // accepts keyword arguments
} SkMethodDef;

// Define every method of defs[0..n) on cls; a NULL cls (type not created) does nothing.
void sk_lib_define_methods(SkVM *vm, SkClass *cls, const SkMethodDef *defs, size_t n);
#define SK_LIB_DEFINE_TABLE(vm, cls, table)                                                        \
    sk_lib_define_methods(vm, cls, table, sizeof(table) / sizeof((table)[0]))

// A new tuple (a, b, c), or SK_ERR (vm/objects/list_methods.c).
SkValue sk_lib_tuple3(SkVM *vm, SkValue a, SkValue b, SkValue c) SK_RAISES;
// str/bytes.[r]partition when sep is not found: (self, '', '') or, reversed,
// ('', '', self).
SkValue sk_lib_partition_miss(SkVM *vm, SkValue self, SkValue empty, bool reverse) SK_RAISES;

// Optional integer argument given as index or None (str.find start/end):
// SK_UNDEF and None leave *out unchanged.
bool sk_lib_opt_index(SkVM *vm, SkValue v, int64_t *out) SK_RAISES;

// Clamp [start, end) like CPython's ADJUST_INDICES for a sequence of len.
SK_INLINE void sk_lib_adjust(int64_t *start, int64_t *end, int64_t len) {
    if (*end > len)
        *end = len;
    else if (*end < 0) {
        *end += len;
        if (*end < 0) *end = 0;
    }
    if (*start < 0) {
        *start += len;
        if (*start < 0) *start = 0;
    }
}

// Reverse n values in place (list.reverse, and rsplit's right-to-left parts).
SK_INLINE void sk_lib_reverse(SkValue *items, size_t n) {
    for (size_t i = 0, j = n; i + 1 < j; i++, j--) {
        SkValue t = items[i];
        items[i] = items[j - 1];
        items[j - 1] = t;
    }
}

#endif
