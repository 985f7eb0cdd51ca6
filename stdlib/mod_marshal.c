// stdlib/mod_marshal.c -- the `marshal` module: dumps(value) / loads(data) in
// the format values cross between processes (vm/proc/marshal.c), so a
// script can store or ship the same bytes. Unlike CPython's marshal it
// carries exceptions and instances of plain classes and keeps shared and
// cyclic references, and it has no code objects.
#include "stdlib/modlib.h"
#include "vm/classes/class.h"
#include "vm/classes/error.h"
#include "vm/objects/bytes.h"
#include "vm/objects/dict.h"
#include "vm/proc/marshal.h"

// dumps(value, version=1)
static SkValue m_dumps(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    if (nargs > 1) {
        int64_t v;
        if (!sk_mod_to_int(vm, args[1], &v)) return SK_ERR;
        if (v != SK_MARSHAL_VERSION)
            return sk_raise(vm, vm->exc.ValueError, "unsupported marshal version %lld",
                            (long long)v);
    }
    SkBytes *b = sk_marshal_dumps(vm, args[0]);
    return b ? sk_obj(b) : SK_ERR;
}

// loads(bytes-like)
static SkValue m_loads(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkValue a = args[0];
    if (SK_IS_KIND(a, SK_BYTES))
        return sk_marshal_loads(vm, SK_AS_BYTES(a)->data, SK_AS_BYTES(a)->len);
    if (SK_IS_KIND(a, SK_BYTEARRAY)) {
        SkByteArray *b = SK_AS_BYTEARRAY(a);
        return sk_marshal_loads(vm, b->data ? b->data : (const uint8_t *)"", b->len);
    }
    return sk_raise(vm, vm->exc.TypeError, "a bytes-like object is required, not '%T'", a);
}

bool sk_mod_marshal_init(SkVM *vm, SkModule *m) {
    SkDict *d = m->dict;
    return sk_define_native(vm, d, "dumps", m_dumps, 1, 2, false) &&
           sk_define_native(vm, d, "loads", m_loads, 1, 1, false) &&
           sk_dict_set_cstr(vm, d, "version", sk_int(SK_MARSHAL_VERSION));
}
