// stdlib/mod_signal.c -- the `signal` module: signal(), getsignal(),
// raise_signal(), SIG_DFL, SIG_IGN, default_int_handler and the signal
// numbers. A handler runs in the main tasklet, as in CPython's main
// thread: the event loop (vm/sched/loop.c) catches the signal and runs the
// handler on main's stack at the next safe point (main running, runnable
// or parked alike); an exception from it is raised in main.
#include "stdlib/modlib.h"
#include "vm/classes/class.h"
#include "vm/classes/error.h"
#include "vm/objects/dict.h"
#include "vm/objects/str.h"
#include "vm/sched/loop.h"

#include <errno.h>
#include <signal.h>

#define NATIVE(name) static SkValue name(SkVM *vm, SkValue *args, int nargs, SkTuple *kw)

NATIVE(s_default_int_handler) { return sk_raise_value(vm, sk_obj(vm->exc.KeyboardInterrupt)); }

static bool signum_arg(SkVM *vm, SkValue v, int *out) {
    int64_t n;
    if (!sk_mod_to_int(vm, v, &n)) return false;
    if (n < 1 || n >= SK_NSIG) {
        sk_raise(vm, vm->exc.ValueError, "signal number out of range");
        return false;
    }
    *out = (int)n;
    return true;
}

// What getsignal() shows for a mode.
static SkValue handler_value(SkVM *vm, int mode, SkValue handler) {
    switch (mode) {
    case SK_SIG_IGNORE: return sk_int(1);
    case SK_SIG_INTERRUPT: return sk_mod_lookup(vm, "signal", "default_int_handler");
    case SK_SIG_CALL: return handler;
    default: return sk_int(0);
    }
}

NATIVE(s_getsignal) {
    int signum;
    if (!signum_arg(vm, args[0], &signum)) return SK_ERR;
    SkValue h;
    int mode = sk_loop_get_signal(vm, signum, &h);
    return handler_value(vm, mode, h);
}

// signal(signalnum, handler): the previous handler.
NATIVE(s_signal) {
    int signum;
    if (!signum_arg(vm, args[0], &signum)) return SK_ERR;
    SkValue h = args[1], old;
    int old_mode = sk_loop_get_signal(vm, signum, &old);
    SkValue prev = handler_value(vm, old_mode, old);
    int mode;
    if (SK_IS_INT(h) && (SK_AS_INT(h) == 0 || SK_AS_INT(h) == 1)) {
        mode = SK_AS_INT(h) ? SK_SIG_IGNORE : SK_SIG_DEFAULT;
    } else if (sk_identical(h, sk_mod_lookup(vm, "signal", "default_int_handler"))) {
        mode = SK_SIG_INTERRUPT;
    } else if (sk_callable(vm, h)) {
        mode = SK_SIG_CALL;
    } else {
        return sk_raise(vm, vm->exc.TypeError,
                        "signal handler must be signal.SIG_IGN, signal.SIG_DFL, or a callable "
                        "object");
    }
    if (!sk_loop_set_signal(vm, signum, mode, h)) return SK_ERR;
    return prev;
}

// raise_signal(signalnum): sends it to this process; a caught one is
// handled at the next safe point, as in CPython.
NATIVE(s_raise_signal) {
    int signum;
    if (!signum_arg(vm, args[0], &signum)) return SK_ERR;
    if (raise(signum) != 0) return sk_mod_raise_errno(vm, errno, SK_UNDEF);
    return SK_NONE;
}

static const struct {
    const char *name;
    int value;
} signals[] = {
    {"SIGHUP", SIGHUP},     {"SIGINT", SIGINT},   {"SIGQUIT", SIGQUIT}, {"SIGILL", SIGILL},
    {"SIGTRAP", SIGTRAP},   {"SIGABRT", SIGABRT}, {"SIGBUS", SIGBUS},   {"SIGFPE", SIGFPE},
    {"SIGKILL", SIGKILL},   {"SIGUSR1", SIGUSR1}, {"SIGSEGV", SIGSEGV}, {"SIGUSR2", SIGUSR2},
    {"SIGPIPE", SIGPIPE},   {"SIGALRM", SIGALRM}, {"SIGTERM", SIGTERM}, {"SIGCHLD", SIGCHLD},
    {"SIGCONT", SIGCONT},   {"SIGSTOP", SIGSTOP}, {"SIGTSTP", SIGTSTP}, {"SIGWINCH", SIGWINCH},
    {"NSIG", SK_NSIG + 33}, // CPython's NSIG counts the real-time signals too
};

bool sk_mod_signal_init(SkVM *vm, SkModule *m) {
    SkDict *d = m->dict;
    for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++)
        if (!sk_dict_set_cstr(vm, d, signals[i].name, sk_int(signals[i].value))) return false;
    return sk_dict_set_cstr(vm, d, "SIG_DFL", sk_int(0)) &&
           sk_dict_set_cstr(vm, d, "SIG_IGN", sk_int(1)) &&
           sk_define_native(vm, d, "default_int_handler", s_default_int_handler, 0, -1, false) &&
           sk_define_native(vm, d, "signal", s_signal, 2, 2, false) &&
           sk_define_native(vm, d, "getsignal", s_getsignal, 1, 1, false) &&
           sk_define_native(vm, d, "raise_signal", s_raise_signal, 1, 1, false);
}
