// stdlib/mod_time.c -- the `time` module: wall clock (time, time_ns),
// monotonic and performance counters, process CPU time, sleep, and the
// struct_time basics (gmtime, localtime, mktime, strftime, asctime/ctime).
//
// struct_time is a tuple subclass with the nine tm_* fields plus the
// tm_zone and tm_gmtoff attributes. sleep() parks only the calling tasklet on
// the event loop (vm/sched/loop.h); sleep(0) yields to the other tasklets.
#include "stdlib/modlib.h"
#include "vm/classes/class.h"
#include "vm/classes/class_create.h"
#include "vm/classes/error.h"
#include "vm/core/gc.h"
#include "vm/exec/import.h"
#include "vm/objects/dict.h"
#include "vm/objects/methods.h"
#include "vm/objects/str.h"
#include "vm/objects/tuple.h"
#include "vm/sched/loop.h"
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define NATIVE(name) static SkValue name(SkVM *vm, SkValue *args, int nargs, SkTuple *kw)

static int64_t clock_ns(clockid_t id) {
    struct timespec ts;
    clock_gettime(id, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static double clock_s(clockid_t id) {
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

NATIVE(t_time) { return sk_float(clock_s(CLOCK_REALTIME)); }
NATIVE(t_time_ns) { return sk_int(clock_ns(CLOCK_REALTIME)); }
NATIVE(t_monotonic) { return sk_float(clock_s(CLOCK_MONOTONIC)); }
NATIVE(t_monotonic_ns) { return sk_int(clock_ns(CLOCK_MONOTONIC)); }
NATIVE(t_process_time) { return sk_float(clock_s(CLOCK_PROCESS_CPUTIME_ID)); }
NATIVE(t_process_time_ns) { return sk_int(clock_ns(CLOCK_PROCESS_CPUTIME_ID)); }

// The one place that waits: the tasklet parks on the event loop. Under a
// nested C level (a sorted() key, a host's call) no tasklet can switch, so
// there the whole thread sleeps, as in CPython.
static SkValue do_sleep(SkVM *vm, double secs) {
    if (vm->current->c_depth == 1 && vm->sched.direct) return sk_loop_sleep(vm, secs);
    struct timespec ts;
    ts.tv_sec = (time_t)secs;
    ts.tv_nsec = (long)((secs - (double)ts.tv_sec) * 1e9);
    while (nanosleep(&ts, &ts) != 0) {
        if (errno != EINTR) return sk_mod_raise_errno(vm, errno, SK_UNDEF);
    }
    return SK_NONE;
}

NATIVE(t_sleep) {
    double secs;
    if (!sk_mod_to_double(vm, args[0], &secs)) {
        sk_clear_exc(vm);
        return sk_raise(vm, vm->exc.TypeError, "'%T' object cannot be interpreted as an integer",
                        args[0]);
    }
    if (isnan(secs)) return sk_raise(vm, vm->exc.ValueError, "Invalid value NaN (not a number)");
    if (secs < 0) return sk_raise(vm, vm->exc.ValueError, "sleep length must be non-negative");
    if (secs > 1e15) return sk_raise(vm, vm->exc.OverflowError, "sleep length is too large");
    return do_sleep(vm, secs);
}

// struct_time: a built-in tuple subclass (the 9 values are the instance's
// tuple payload) with read-only tm_* properties and CPython's repr.
static const char *const TM_FIELDS[9] = {"tm_year", "tm_mon",  "tm_mday", "tm_hour", "tm_min",
                                         "tm_sec",  "tm_wday", "tm_yday", "tm_isdst"};

static SkTuple *tm_payload(SkVM *vm, SkValue self) {
    SkValue p = sk_payload(self);
    if (SK_IS_TUPLE(p) && SK_AS_TUPLE(p)->len == 9) return SK_AS_TUPLE(p);
    sk_raise(vm, vm->exc.TypeError,
             "descriptor for 'time.struct_time' objects doesn't apply to a '%T' object", self);
    return NULL;
}

#define TM_GETTER(i)                                                                               \
    NATIVE(tm_get_##i) {                                                                           \
        SkTuple *t = tm_payload(vm, args[0]);                                                      \
        return t ? t->items[i] : SK_ERR;                                                           \
    }
// clang-format off
TM_GETTER(0)
TM_GETTER(1)
TM_GETTER(2)
TM_GETTER(3)
TM_GETTER(4)
TM_GETTER(5)
TM_GETTER(6)
TM_GETTER(7)
TM_GETTER(8)
// clang-format on

NATIVE(tm_repr) {
    SkTuple *t = tm_payload(vm, args[0]);
    if (!t) return SK_ERR;
    SkBuf b;
    sk_buf_init(&b);
    bool ok = sk_buf_appendf(vm, &b, "time.struct_time(");
    for (int i = 0; i < 9 && ok; i++)
        ok = sk_buf_appendf(vm, &b, "%s%s=%lld", i ? ", " : "", TM_FIELDS[i],
                            (long long)(SK_IS_INT(t->items[i]) ? SK_AS_INT(t->items[i]) : 0));
    if (!ok || !sk_buf_appendc(vm, &b, ')')) {
        sk_buf_free(&b);
        return SK_ERR;
    }
    SkStr *r = sk_buf_finish(vm, &b);
    return r ? sk_obj(r) : SK_ERR;
}

// time.struct_time(seq): a 9-sequence (CPython also takes 10 or 11 with
// tm_zone and tm_gmtoff; those are accepted and stored as attributes).
NATIVE(tm_init) {
    if (!SK_IS_KIND(args[0], SK_INSTANCE)) return sk_raise(vm, vm->exc.TypeError, "bad self");
    SkTuple *t = sk_tuple_of(vm, args[1]);
    if (!t) return SK_ERR;
    if (t->len < 9 || t->len > 11)
        return sk_raise(vm, vm->exc.TypeError,
                        "time.struct_time() takes an %s (%zu-sequence given)",
                        t->len < 9 ? "at least 9-sequence" : "at most 11-sequence", t->len);
    SkTuple *nine = sk_tuple_from(vm, t->items, 9);
    if (!nine) return SK_ERR;
    SkInstance *in = SK_AS_INSTANCE(args[0]);
    in->base = sk_obj(nine);
    if (!sk_dict_set_cstr(vm, in->dict, "tm_zone", t->len > 9 ? t->items[9] : SK_NONE) ||
        !sk_dict_set_cstr(vm, in->dict, "tm_gmtoff", t->len > 10 ? t->items[10] : SK_NONE))
        return SK_ERR;
    return SK_NONE;
}

static SkClass *make_struct_time(SkVM *vm) {
    SkClass *c = sk_class_new_builtin(vm, "struct_time", vm->t.tuple, SK_INSTANCE);
    SkStr *mod = sk_str_intern_cstr(vm, "time");
    if (!c || !mod || !sk_dict_set_str(vm, c->dict, vm->names.module, sk_obj(mod))) return NULL;
    static const SkNativeFn getters[9] = {tm_get_0, tm_get_1, tm_get_2, tm_get_3, tm_get_4,
                                          tm_get_5, tm_get_6, tm_get_7, tm_get_8};
    for (int i = 0; i < 9; i++) {
        SkNative *n = sk_native_new(vm, TM_FIELDS[i], getters[i], 1, 1, false);
        SkProperty *p = n ? sk_gc_alloc(vm, SK_PROPERTY, sizeof(SkProperty)) : NULL;
        if (!p) return NULL;
        p->fget = sk_obj(n);
        p->fset = p->fdel = p->doc = SK_NONE;
        if (!sk_dict_set_cstr(vm, c->dict, TM_FIELDS[i], sk_obj(p))) return NULL;
    }
    if (!sk_define_method(vm, c, "__repr__", tm_repr, 1, 1, false) ||
        !sk_define_method(vm, c, "__init__", tm_init, 2, 2, false) ||
        !sk_dict_set_cstr(vm, c->dict, "n_fields", sk_int(11)) ||
        !sk_dict_set_cstr(vm, c->dict, "n_sequence_fields", sk_int(9)))
        return NULL;
    return c;
}

// struct tm -> struct_time with Python's conventions: Monday is 0, yday
// starts at 1. The class is found through the time module (no C globals).
static SkValue tm_tuple(SkVM *vm, const struct tm *t) {
    SkValue v[9] = {sk_int(t->tm_year + 1900),    sk_int(t->tm_mon + 1),  sk_int(t->tm_mday),
                    sk_int(t->tm_hour),           sk_int(t->tm_min),      sk_int(t->tm_sec),
                    sk_int((t->tm_wday + 6) % 7), sk_int(t->tm_yday + 1), sk_int(t->tm_isdst)};
    SkTuple *r = sk_tuple_from(vm, v, 9);
    if (!r) return SK_ERR;
    SkStr *tname = sk_str_intern_cstr(vm, "time");
    SkValue mod = tname ? sk_dict_get_str(vm->modules, tname) : SK_UNDEF;
    SkValue cls =
        SK_IS_KIND(mod, SK_MODULE)
            ? sk_dict_get_str(SK_AS_MODULE(mod)->dict, sk_str_intern_cstr(vm, "struct_time"))
            : SK_UNDEF;
    if (!SK_IS_KIND(cls, SK_CLASS))
        return sk_obj(r); // time's dict was tampered with: a plain tuple
    SkValue inst = sk_instance_new(vm, SK_AS_CLASS(cls));
    if (SK_IS_ERR(inst)) return SK_ERR;
    SK_AS_INSTANCE(inst)->base = sk_obj(r);
    // tm_zone and tm_gmtoff are attributes only, as in CPython (not in the tuple).
    SkValue zone = sk_mod_cstr(vm, t->tm_zone ? t->tm_zone : "UTC");
    if (SK_IS_ERR(zone) || !sk_dict_set_cstr(vm, SK_AS_INSTANCE(inst)->dict, "tm_zone", zone) ||
        !sk_dict_set_cstr(vm, SK_AS_INSTANCE(inst)->dict, "tm_gmtoff",
                          sk_int((int64_t)t->tm_gmtoff)))
        return SK_ERR;
    return inst;
}

static bool tuple_tm(SkVM *vm, SkValue v, struct tm *t) {
    v = sk_payload(v); // a struct_time or a plain 9-tuple
    if (!SK_IS_TUPLE(v) || SK_AS_TUPLE(v)->len != 9) {
        sk_raise(vm, vm->exc.TypeError, "Tuple or struct_time argument required");
        return false;
    }
    int64_t f[9];
    for (int i = 0; i < 9; i++)
        if (!sk_mod_to_int(vm, SK_AS_TUPLE(v)->items[i], &f[i])) return false;
    memset(t, 0, sizeof *t);
    t->tm_year = (int)(f[0] - 1900);
    t->tm_mon = (int)(f[1] - 1);
    t->tm_mday = (int)f[2];
    t->tm_hour = (int)f[3];
    t->tm_min = (int)f[4];
    t->tm_sec = (int)f[5];
    t->tm_wday = (int)((f[6] + 1) % 7);
    t->tm_yday = (int)(f[7] - 1);
    t->tm_isdst = (int)f[8];
    return true;
}

// secs argument of gmtime/localtime/ctime: None or absent means now.
static bool secs_arg(SkVM *vm, SkValue *args, int nargs, time_t *out) {
    if (nargs == 0 || SK_IS_NONE(args[0])) {
        *out = time(NULL);
        return true;
    }
    double d;
    if (!sk_mod_to_double(vm, args[0], &d)) return false;
    if (!isfinite(d) || fabs(d) > 1e17) {
        sk_raise(vm, vm->exc.OverflowError, "timestamp out of range for platform time_t");
        return false;
    }
    *out = (time_t)floor(d);
    return true;
}

NATIVE(t_gmtime) {
    time_t s;
    struct tm t;
    if (!secs_arg(vm, args, nargs, &s)) return SK_ERR;
    if (!gmtime_r(&s, &t)) return sk_mod_raise_errno(vm, errno, SK_UNDEF);
    return tm_tuple(vm, &t);
}

NATIVE(t_localtime) {
    time_t s;
    struct tm t;
    if (!secs_arg(vm, args, nargs, &s)) return SK_ERR;
    if (!localtime_r(&s, &t)) return sk_mod_raise_errno(vm, errno, SK_UNDEF);
    return tm_tuple(vm, &t);
}

NATIVE(t_mktime) {
    struct tm t;
    if (!tuple_tm(vm, args[0], &t)) return SK_ERR;
    time_t r = mktime(&t);
    if (r == (time_t)-1 && t.tm_wday == -1)
        return sk_raise(vm, vm->exc.OverflowError, "mktime argument out of range");
    return sk_float((double)r);
}

NATIVE(t_strftime) {
    if (!SK_IS_STR(args[0]))
        return sk_raise(vm, vm->exc.TypeError, "strftime() argument 1 must be str, not %T",
                        args[0]);
    struct tm t;
    if (nargs > 1) {
        if (!tuple_tm(vm, args[1], &t)) return SK_ERR;
    } else {
        time_t now = time(NULL);
        localtime_r(&now, &t);
    }
    SkStr *fmt = SK_AS_STR(args[0]);
    if (fmt->len == 0) return sk_obj(vm->names.empty);
    for (size_t cap = 256; cap <= 256 * fmt->len + 4096; cap *= 4) {
        char *buf = malloc(cap);
        if (!buf) return sk_raise_nomem(vm);
        size_t n = strftime(buf, cap, fmt->data, &t);
        if (n > 0) {
            SkStr *s = sk_str_new(vm, buf, n);
            free(buf);
            return s ? sk_obj(s) : SK_ERR;
        }
        free(buf);
    }
    return sk_obj(vm->names.empty);
}

static SkValue asctime_of(SkVM *vm, const struct tm *t) {
    static const char wd[7][4] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char mo[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    char buf[96]; // sk_str_format has no field widths
    snprintf(buf, sizeof buf, "%s %s %2d %02d:%02d:%02d %d", wd[((t->tm_wday % 7) + 7) % 7],
             mo[((t->tm_mon % 12) + 12) % 12], t->tm_mday, t->tm_hour, t->tm_min, t->tm_sec,
             t->tm_year + 1900);
    return sk_mod_cstr(vm, buf);
}

NATIVE(t_asctime) {
    struct tm t;
    if (nargs > 0) {
        if (!tuple_tm(vm, args[0], &t)) return SK_ERR;
    } else {
        time_t now = time(NULL);
        localtime_r(&now, &t);
    }
    return asctime_of(vm, &t);
}

NATIVE(t_ctime) {
    time_t s;
    struct tm t;
    if (!secs_arg(vm, args, nargs, &s)) return SK_ERR;
    localtime_r(&s, &t);
    return asctime_of(vm, &t);
}

bool sk_mod_time_init(SkVM *vm, SkModule *m) {
    SkDict *d = m->dict;
    SkClass *st = make_struct_time(vm);
    return st && sk_mod_set(vm, m, "struct_time", sk_obj(st)) &&
           sk_define_native(vm, d, "time", t_time, 0, 0, false) &&
           sk_define_native(vm, d, "time_ns", t_time_ns, 0, 0, false) &&
           sk_define_native(vm, d, "monotonic", t_monotonic, 0, 0, false) &&
           sk_define_native(vm, d, "monotonic_ns", t_monotonic_ns, 0, 0, false) &&
           sk_define_native(vm, d, "perf_counter", t_monotonic, 0, 0, false) &&
           sk_define_native(vm, d, "perf_counter_ns", t_monotonic_ns, 0, 0, false) &&
           sk_define_native(vm, d, "process_time", t_process_time, 0, 0, false) &&
           sk_define_native(vm, d, "process_time_ns", t_process_time_ns, 0, 0, false) &&
           sk_define_native(vm, d, "sleep", t_sleep, 1, 1, false) &&
           sk_define_native(vm, d, "gmtime", t_gmtime, 0, 1, false) &&
           sk_define_native(vm, d, "localtime", t_localtime, 0, 1, false) &&
           sk_define_native(vm, d, "mktime", t_mktime, 1, 1, false) &&
           sk_define_native(vm, d, "strftime", t_strftime, 1, 2, false) &&
           sk_define_native(vm, d, "asctime", t_asctime, 0, 1, false) &&
           sk_define_native(vm, d, "ctime", t_ctime, 0, 1, false);
}
