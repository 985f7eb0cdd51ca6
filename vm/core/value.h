// vm/core/value.h -- SkValue, the 16-byte tagged union every value of the
// language travels in. None, bools, ints and floats are immediate; all
// else is a pointer to a heap object (vm/core/object.h).
//
//   +--------+---------+------------------------------+
//   | tag u8 | padding | payload: int64 | double | obj |
//   +--------+---------+------------------------------+
//
// SK_T_UNDEF doubles as "no value": an unbound local slot, an empty dict
// slot, and the return value of a function that raised (see SK_ERR).
#ifndef SK_VM_CORE_VALUE_H
#define SK_VM_CORE_VALUE_H
#include "vm/core/common.h"

typedef struct SkObj SkObj;

typedef enum SkTag {
    SK_T_UNDEF = 0, // unbound / error / missing
    SK_T_NONE,
    SK_T_BOOL,
    SK_T_INT,   // int64; overflow raises OverflowError, never wraps
    SK_T_FLOAT, // IEEE double
    SK_T_OBJ,   // heap object, kind in o->kind
} SkTag;

typedef struct SkValue {
    uint8_t tag;
    union {
        int64_t i; // SK_T_INT, and SK_T_BOOL (0 or 1)
        double f;  // SK_T_FLOAT
        SkObj *o;  // SK_T_OBJ
    } as;
} SkValue;

#define SK_UNDEF ((SkValue){.tag = SK_T_UNDEF, .as = {.i = 0}})
#define SK_ERR SK_UNDEF // returned by a function that raised
#define SK_NONE ((SkValue){.tag = SK_T_NONE, .as = {.i = 0}})
#define SK_TRUE ((SkValue){.tag = SK_T_BOOL, .as = {.i = 1}})
#define SK_FALSE ((SkValue){.tag = SK_T_BOOL, .as = {.i = 0}})

#define SK_IS_UNDEF(v) ((v).tag == SK_T_UNDEF)
#define SK_IS_ERR(v) ((v).tag == SK_T_UNDEF)
#define SK_IS_NONE(v) ((v).tag == SK_T_NONE)
#define SK_IS_BOOL(v) ((v).tag == SK_T_BOOL)
#define SK_IS_INT(v) ((v).tag == SK_T_INT)
#define SK_IS_FLOAT(v) ((v).tag == SK_T_FLOAT)
#define SK_IS_OBJ(v) ((v).tag == SK_T_OBJ)

#define SK_AS_INT(v) ((v).as.i)
#define SK_AS_BOOL(v) ((v).as.i != 0)
#define SK_AS_FLOAT(v) ((v).as.f)
#define SK_AS_OBJ(v) ((v).as.o)

SK_INLINE SkValue sk_int(int64_t i) {
    SkValue v;
    v.tag = SK_T_INT;
    v.as.i = i;
    return v;
}
SK_INLINE SkValue sk_float(double f) {
    SkValue v;
    v.tag = SK_T_FLOAT;
    v.as.f = f;
    return v;
}
SK_INLINE SkValue sk_bool(bool b) {
    SkValue v;
    v.tag = SK_T_BOOL;
    v.as.i = b ? 1 : 0;
    return v;
}
SK_INLINE SkValue sk_obj(void *o) {
    SkValue v;
    v.tag = SK_T_OBJ;
    v.as.o = (SkObj *)o;
    return v;
}

// Identity as `is` sees it: same tag and same payload bits.
SK_INLINE bool sk_identical(SkValue a, SkValue b) {
    if (a.tag != b.tag) return false;
    if (a.tag == SK_T_FLOAT) return memcmp(&a.as.f, &b.as.f, sizeof(double)) == 0;
    return a.as.i == b.as.i;
}

#endif
