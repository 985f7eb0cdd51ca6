// stdlib/mod_traceback.c -- `_traceback`, the C half of the traceback module
// (stdlib/traceback.sk): the last lines of an exception report, worded and
// laid out exactly as the interpreter's own uncaught-exception report
// (vm/classes/traceback.c) -- SyntaxError locations with carets, "Did you
// mean" suggestions, notes.
#include "stdlib/modlib.h"
#include "vm/classes/class.h"
#include "vm/classes/traceback.h"
#include "vm/objects/dict.h"

static SkValue tb_exception_only(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkStr *s = sk_format_exception_only(vm, args[0]);
    return s ? sk_obj(s) : SK_ERR;
}

bool sk_mod_traceback_init(SkVM *vm, SkModule *m) {
    return sk_define_native(vm, m->dict, "exception_only", tb_exception_only, 1, 1, false);
}
