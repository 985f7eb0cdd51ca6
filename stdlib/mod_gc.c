// stdlib/mod_gc.c -- the `gc` module: collect() runs a full collection and then
// the __del__ methods it made due (vm/exec/finalize.c), returning how many
// objects were freed. Skein has one tracing collector and no reference
// counts, so enable()/disable() only set the flag isenabled() reports (the
// collector keeps running: nothing else would free memory), and the
// generation counts and thresholds are CPython's defaults.
#include "stdlib/modlib.h"
#include "vm/classes/class.h"
#include "vm/core/gc.h"
#include "vm/exec/finalize.h"
#include "vm/objects/dict.h"
#include "vm/objects/list.h"
#include "vm/objects/tuple.h"

#define NATIVE(name) static SkValue name(SkVM *vm, SkValue *args, int nargs, SkTuple *kw)

static size_t count_objects(SkVM *vm) {
    size_t n = 0;
    for (SkObj *o = vm->objects; o; o = o->next) n++;
    return n;
}

NATIVE(gc_collect) {
    size_t before = count_objects(vm);
    sk_gc_collect(vm);
    sk_run_finalizers(vm);
    sk_gc_collect(vm); // what the finalizers let go
    size_t after = count_objects(vm);
    return sk_int(before > after ? (int64_t)(before - after) : 0);
}

static SkValue set_enabled(SkVM *vm, bool on) {
    vm->gc_flag_disabled = !on;
    return SK_NONE;
}

NATIVE(gc_enable) { return set_enabled(vm, true); }
NATIVE(gc_disable) { return set_enabled(vm, false); }
NATIVE(gc_isenabled) { return sk_bool(!vm->gc_flag_disabled); }

static SkValue triple(SkVM *vm, int64_t a, int64_t b, int64_t c) {
    SkValue v[3] = {sk_int(a), sk_int(b), sk_int(c)};
    SkTuple *t = sk_tuple_from(vm, v, 3);
    return t ? sk_obj(t) : SK_ERR;
}

NATIVE(gc_get_count) { return triple(vm, 0, 0, 0); }
NATIVE(gc_get_threshold) { return triple(vm, 700, 10, 10); }
NATIVE(gc_set_threshold) { return SK_NONE; }
NATIVE(gc_is_tracked) { return sk_bool(SK_IS_OBJ(args[0]) && SK_OBJ_KIND(args[0]) != SK_STR); }
NATIVE(gc_freeze) { return SK_NONE; }

bool sk_mod_gc_init(SkVM *vm, SkModule *m) {
    SkDict *d = m->dict;
    SkList *garbage = sk_list_new(vm, 0), *callbacks = sk_list_new(vm, 0);
    return garbage && callbacks && sk_dict_set_cstr(vm, d, "garbage", sk_obj(garbage)) &&
           sk_dict_set_cstr(vm, d, "callbacks", sk_obj(callbacks)) &&
           sk_define_native(vm, d, "collect", gc_collect, 0, 1, false) &&
           sk_define_native(vm, d, "enable", gc_enable, 0, 0, false) &&
           sk_define_native(vm, d, "disable", gc_disable, 0, 0, false) &&
           sk_define_native(vm, d, "isenabled", gc_isenabled, 0, 0, false) &&
           sk_define_native(vm, d, "get_count", gc_get_count, 0, 0, false) &&
           sk_define_native(vm, d, "get_threshold", gc_get_threshold, 0, 0, false) &&
           sk_define_native(vm, d, "set_threshold", gc_set_threshold, 1, 3, false) &&
           sk_define_native(vm, d, "is_tracked", gc_is_tracked, 1, 1, false) &&
           sk_define_native(vm, d, "freeze", gc_freeze, 0, 0, false);
}
