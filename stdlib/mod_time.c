// stdlib/mod_time.c -- the `time` module: wall clock (time, time_ns),
// monotonic and performance counters, process CPU time, sleep, and the
// struct_time basics (gmtime, localtime, mktime, strftime, asctime/ctime).
//
// struct_time is a plain 9-tuple here (CPython's named fields tm_year ...
// are not provided). sleep() blocks the whole VM for now; all sleeping goes
// through do_sleep() so the scheduler can later park just the tasklet.
#include "stdlib/modlib.h"
#include "vm/error.h"
#include "vm/list.h"
#include "vm/str.h"
#include <errno.h>
#include <math.h>
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

// The one place that waits. Today it blocks the OS thread (retrying
// nanosleep after signals); the tasklet scheduler will replace the body
// with "park the current tasklet on a timer".
static SkValue do_sleep(SkVM *vm, double secs) {
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
        return sk_raise(vm, vm->exc.TypeError,
                        "'%T' object cannot be interpreted as an integer", args[0]);
    }
    if (isnan(secs)) return sk_raise(vm, vm->exc.ValueError, "Invalid value NaN (not a number)");
    if (secs < 0) return sk_raise(vm, vm->exc.ValueError, "sleep length must be non-negative");
    if (secs > 1e15) return sk_raise(vm, vm->exc.OverflowError, "sleep length is too large");
    return do_sleep(vm, secs);
}

// struct tm <-> the 9-tuple (year, mon, mday, hour, min, sec, wday, yday, isdst)
// with Python's conventions: Monday is 0, yday starts at 1.
static SkValue tm_tuple(SkVM *vm, const struct tm *t) {
    SkValue v[9] = {sk_int(t->tm_year + 1900), sk_int(t->tm_mon + 1), sk_int(t->tm_mday),
                    sk_int(t->tm_hour), sk_int(t->tm_min), sk_int(t->tm_sec),
                    sk_int((t->tm_wday + 6) % 7), sk_int(t->tm_yday + 1), sk_int(t->tm_isdst)};
    SkTuple *r = sk_tuple_from(vm, v, 9);
    return r ? sk_obj(r) : SK_ERR;
}

static bool tuple_tm(SkVM *vm, SkValue v, struct tm *t) {
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
        return sk_raise(vm, vm->exc.TypeError, "strftime() argument 1 must be str, not %T", args[0]);
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
    SkStr *s = sk_str_format(vm, "%s %s %2d %02d:%02d:%02d %d", wd[((t->tm_wday % 7) + 7) % 7],
                             mo[((t->tm_mon % 12) + 12) % 12], t->tm_mday, t->tm_hour,
                             t->tm_min, t->tm_sec, t->tm_year + 1900);
    return s ? sk_obj(s) : SK_ERR;
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
    return sk_define_native(vm, d, "time", t_time, 0, 0, false) &&
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
