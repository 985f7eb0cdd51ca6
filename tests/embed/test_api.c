/* tests/embed/test_api.c -- every function of include/skein.h from a host's
 * side, written only against the public header: running chunks into a
 * persistent __main__, values both ways, containers, calls, handles, C
 * modules, raising, continuations, scheduling, limits, errors, and misuse
 * (NULL, bad slots, stale and foreign handles). Exits 0 when every check
 * holds; each failed check prints its line. */
#define _POSIX_C_SOURCE 200809L /* mkstemp, fdopen, nanosleep: also when built alone */
#include "../unit/check.h"      /* CHECK: a failed condition is counted and printed */
#include "skein.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#define RUN(vm, src) sk_run_string(vm, src, strlen(src), "<test>")

/* Output captured per stream. */
typedef struct Out {
    char text[2][8192];
    size_t len[2];
} Out;

static void capture(SkVM *vm, int stream, const char *text, size_t len) {
    Out *o = sk_vm_user_data(vm);
    int i = stream == 2;
    if (o->len[i] + len < sizeof o->text[i]) {
        memcpy(o->text[i] + o->len[i], text, len);
        o->len[i] += len;
        o->text[i][o->len[i]] = 0;
    }
}

static void clear(Out *o) {
    o->len[0] = o->len[1] = 0;
    o->text[0][0] = o->text[1][0] = 0;
}

static SkVM *new_vm(Out *o, SkConfig *cfg) {
    SkConfig c;
    if (!cfg) {
        sk_config_init(&c);
        cfg = &c;
    }
    cfg->write_fn = capture;
    cfg->user_data = o;
    clear(o);
    return sk_vm_new(cfg);
}

/* ------------------------------------------------------------ C functions */

static SkStatus c_add(SkVM *vm, int argc, void *data) {
    int64_t a, b;
    if (sk_get_int(vm, 0, &a) != SK_OK || sk_get_int(vm, 1, &b) != SK_OK)
        return sk_raise_error(vm, "TypeError", "add() wants two ints");
    *(int *)data += 1;
    return sk_set_int(vm, 0, a + b);
}

static SkStatus c_join(SkVM *vm, int argc, void *data) {
    char buf[256] = "";
    for (int i = 0; i < argc; i++) {
        const char *s;
        if (sk_get_str(vm, i, &s, NULL) != SK_OK) return SK_ERR_RUNTIME; /* re-raised */
        strncat(buf, s, sizeof buf - strlen(buf) - 1);
    }
    return sk_set_str(vm, 0, buf, strlen(buf));
}

static SkStatus c_fail(SkVM *vm, int argc, void *data) {
    return sk_raise_error(vm, "ValueError", "bad value %d", 42);
}

static SkStatus c_nothing(SkVM *vm, int argc, void *data) { return SK_OK; }

/* A call back into Skein from C: f(x) for the callable in slot 0. */
static SkStatus c_apply(SkVM *vm, int argc, void *data) {
    SkStatus st = sk_ensure_slots(vm, 3);
    if (st != SK_OK) return st;
    sk_copy_slot(vm, 2, 1);
    sk_copy_slot(vm, 1, 0);
    return sk_call(vm, 1, 1, -1, 0); /* result to slot 0 */
}

static SkContinuation *pending[8];
static int npending;

static SkStatus c_wait(SkVM *vm, int argc, void *data) {
    SkContinuation *k;
    SkStatus st = sk_block(vm, "c_wait", &k);
    if (st == SK_BLOCKED) pending[npending++] = k;
    return st;
}

/* Blocks, then resumes itself before returning: the result is immediate. */
static SkStatus c_instant(SkVM *vm, int argc, void *data) {
    SkContinuation *k;
    SkStatus st = sk_block(vm, "instant", &k);
    if (st != SK_BLOCKED) return st;
    sk_set_int(vm, 0, 7);
    if (sk_resume(vm, k, 0) != SK_OK) return SK_ERR_RUNTIME;
    return SK_BLOCKED;
}

/* Blocks, then changes its mind and returns a value. */
static SkStatus c_fickle(SkVM *vm, int argc, void *data) {
    SkContinuation *k;
    SkStatus st = sk_block(vm, "fickle", &k);
    if (st != SK_BLOCKED) return st;
    return sk_set_int(vm, 0, 8);
}

static const SkFunctionDef host_fns[] = {
    {"instant", c_instant, 0, NULL},
    {"fickle", c_fickle, 0, NULL},
    {"add", c_add, 2, "add(a, b): the sum, computed in C"},
    {"join", c_join, -1, NULL},
    {"fail", c_fail, 0, NULL},
    {"nothing", c_nothing, 0, NULL},
    {"apply", c_apply, 2, NULL},
    {"wait", c_wait, 0, NULL},
    {NULL, NULL, 0, NULL},
};

/* ------------------------------------------------------------ tests */

static void test_chunks_share_main(void) {
    Out o;
    SkVM *vm = new_vm(&o, NULL);
    CHECK(vm != NULL);
    CHECK(RUN(vm, "x = 40\ndef f(n):\n    return n + x\n") == SK_OK);
    CHECK(RUN(vm, "print(f(2))") == SK_OK);
    CHECK(strcmp(o.text[0], "42\n") == 0);
    CHECK(sk_ensure_slots(vm, 2) == SK_OK);
    CHECK(sk_eval(vm, "f(1) * 2", 8, 0) == SK_OK);
    int64_t i = 0;
    CHECK(sk_get_int(vm, 0, &i) == SK_OK && i == 82);
    /* a named module */
    CHECK(sk_run_in(vm, "plugin", "y = 'p'\n", 8, "plugin.sk") == SK_OK);
    CHECK(RUN(vm, "import plugin\nprint(plugin.y)") == SK_OK);
    CHECK(strstr(o.text[0], "p\n") != NULL);
    sk_vm_free(vm);
}

static void test_errors(void) {
    Out o;
    SkVM *vm = new_vm(&o, NULL);
    CHECK(RUN(vm, "def g():\n    raise KeyError('k')\ng()\n") == SK_ERR_RUNTIME);
    CHECK(strcmp(sk_error_type(vm), "KeyError") == 0);
    CHECK(strcmp(sk_error_message(vm), "'k'") == 0);
    CHECK(strstr(sk_error_traceback(vm), "Traceback (most recent call last):") != NULL);
    CHECK(strstr(sk_error_traceback(vm), "line 2, in g") != NULL);
    CHECK(o.len[1] == 0); /* print_errors is off: nothing printed */
    CHECK(RUN(vm, "def (") == SK_ERR_SYNTAX);
    CHECK(strcmp(sk_error_type(vm), "SyntaxError") == 0);
    CHECK(RUN(vm, "import sys\nsys.exit(7)") == SK_ERR_EXIT);
    CHECK(sk_exit_code(vm) == 7);
    /* the VM is still usable */
    CHECK(RUN(vm, "print('after')") == SK_OK);
    sk_error_clear(vm);
    CHECK(strcmp(sk_error_type(vm), "") == 0);
    CHECK(sk_run_file(vm, "/no/such/file.sk") == SK_ERR_EXIT);
    sk_vm_free(vm);

    SkConfig cfg;
    sk_config_init(&cfg);
    cfg.print_errors = 1;
    vm = new_vm(&o, &cfg);
    CHECK(RUN(vm, "1/0") == SK_ERR_RUNTIME);
    CHECK(strstr(o.text[1], "ZeroDivisionError: division by zero") != NULL);
    sk_vm_free(vm);
}

static void test_values(void) {
    Out o;
    SkVM *vm = new_vm(&o, NULL);
    CHECK(sk_slot_count(vm) == 0);
    CHECK(sk_ensure_slots(vm, 8) == SK_OK && sk_slot_count(vm) == 8);
    CHECK(sk_slot_type(vm, 7) == SK_TYPE_NONE);
    CHECK(sk_set_bool(vm, 0, 1) == SK_OK && sk_slot_type(vm, 0) == SK_TYPE_BOOL);
    CHECK(sk_set_int(vm, 1, INT64_MIN) == SK_OK && sk_slot_type(vm, 1) == SK_TYPE_INT);
    CHECK(sk_set_float(vm, 2, 2.5) == SK_OK && sk_slot_type(vm, 2) == SK_TYPE_FLOAT);
    CHECK(sk_set_str(vm, 3, "h\xc3\xa9llo", 6) == SK_OK && sk_slot_type(vm, 3) == SK_TYPE_STR);
    CHECK(sk_set_bytes(vm, 4, "a\0b", 3) == SK_OK && sk_slot_type(vm, 4) == SK_TYPE_BYTES);
    int b = 0;
    int64_t i = 0;
    double d = 0;
    const char *s;
    size_t n;
    CHECK(sk_get_bool(vm, 0, &b) == SK_OK && b == 1);
    CHECK(sk_get_int(vm, 1, &i) == SK_OK && i == INT64_MIN);
    CHECK(sk_get_float(vm, 2, &d) == SK_OK && d == 2.5);
    CHECK(sk_get_float(vm, 1, &d) == SK_OK && d == (double)INT64_MIN);
    CHECK(sk_get_str(vm, 3, &s, &n) == SK_OK && n == 6 && strcmp(s, "h\xc3\xa9llo") == 0);
    CHECK(sk_get_bytes(vm, 4, &s, &n) == SK_OK && n == 3 && s[1] == 0 && s[2] == 'b');
    /* wrong types and overflow */
    CHECK(sk_get_int(vm, 3, &i) == SK_ERR_RUNTIME && strcmp(sk_error_type(vm), "TypeError") == 0);
    CHECK(strcmp(sk_error_message(vm), "expected int, got str") == 0);
    CHECK(sk_eval(vm, "2**64", 5, 5) == SK_OK && sk_slot_type(vm, 5) == SK_TYPE_INT);
    CHECK(sk_get_int(vm, 5, &i) == SK_ERR_RUNTIME &&
          strcmp(sk_error_type(vm), "OverflowError") == 0);
    CHECK(sk_get_str(vm, 1, &s, NULL) == SK_ERR_RUNTIME);
    CHECK(sk_set_str(vm, 6, "\xff", 1) == SK_ERR_API);
    CHECK(strstr(sk_error_message(vm), "UTF-8") != NULL);
    /* str / repr */
    CHECK(sk_to_repr(vm, 3, 6) == SK_OK && sk_get_str(vm, 6, &s, NULL) == SK_OK &&
          strcmp(s, "'h\xc3\xa9llo'") == 0);
    CHECK(sk_to_str(vm, 2, 6) == SK_OK && sk_get_str(vm, 6, &s, NULL) == SK_OK &&
          strcmp(s, "2.5") == 0);
    CHECK(strcmp(sk_slot_type_name(vm, 2), "float") == 0);
    /* truth of any value */
    CHECK(sk_eval(vm, "[]", 2, 6) == SK_OK && sk_get_bool(vm, 6, &b) == SK_OK && b == 0);
    /* tuples from slots */
    CHECK(sk_set_new_tuple(vm, 7, 1, 3) == SK_OK && sk_slot_type(vm, 7) == SK_TYPE_TUPLE);
    CHECK(sk_get_len(vm, 7, &n) == SK_OK && n == 3);
    CHECK(sk_to_repr(vm, 7, 6) == SK_OK && sk_get_str(vm, 6, &s, NULL) == SK_OK &&
          strcmp(s, "(-9223372036854775808, 2.5, 'h\xc3\xa9llo')") == 0);
    /* misuse */
    CHECK(sk_set_int(vm, 8, 1) == SK_ERR_API);
    CHECK(sk_set_int(vm, -1, 1) == SK_ERR_API);
    CHECK(strcmp(sk_error_type(vm), "APIError") == 0);
    CHECK(sk_get_int(vm, 0, NULL) == SK_ERR_API);
    CHECK(sk_set_int(NULL, 0, 1) == SK_ERR_API);
    CHECK(sk_slot_type(vm, 99) == SK_TYPE_NONE);
    CHECK(sk_ensure_slots(vm, -1) == SK_ERR_API);
    sk_vm_free(vm);
}

static void test_containers(void) {
    Out o;
    SkVM *vm = new_vm(&o, NULL);
    const char *s;
    size_t n;
    int64_t i;
    CHECK(sk_ensure_slots(vm, 6) == SK_OK);
    CHECK(sk_set_new_list(vm, 0) == SK_OK && sk_slot_type(vm, 0) == SK_TYPE_LIST);
    for (int k = 0; k < 3; k++) {
        sk_set_int(vm, 1, k * 10);
        CHECK(sk_append(vm, 0, 1) == SK_OK);
    }
    CHECK(sk_get_len(vm, 0, &n) == SK_OK && n == 3);
    CHECK(sk_get_index(vm, 0, -1, 2) == SK_OK && sk_get_int(vm, 2, &i) == SK_OK && i == 20);
    CHECK(sk_get_index(vm, 0, 5, 2) == SK_ERR_RUNTIME &&
          strcmp(sk_error_type(vm), "IndexError") == 0);
    sk_set_int(vm, 1, 0);
    sk_set_str(vm, 2, "zero", 4);
    CHECK(sk_set_item(vm, 0, 1, 2) == SK_OK);
    CHECK(sk_get_item(vm, 0, 1, 3) == SK_OK && sk_get_str(vm, 3, &s, NULL) == SK_OK &&
          strcmp(s, "zero") == 0);
    /* dicts */
    CHECK(sk_set_new_dict(vm, 4) == SK_OK && sk_slot_type(vm, 4) == SK_TYPE_DICT);
    CHECK(sk_set_key(vm, 4, "list", 0) == SK_OK);
    CHECK(sk_get_key(vm, 4, "list", 5) == SK_OK && sk_slot_type(vm, 5) == SK_TYPE_LIST);
    CHECK(sk_get_key(vm, 4, "nope", 5) == SK_ERR_RUNTIME &&
          strcmp(sk_error_type(vm), "KeyError") == 0);
    /* iteration */
    CHECK(sk_get_iter(vm, 0, 1) == SK_OK);
    int done = 0, count = 0;
    while (sk_iter_next(vm, 1, 2, &done) == SK_OK && !done) count++;
    CHECK(done == 1 && count == 3);
    CHECK(sk_get_iter(vm, 4, 1) == SK_OK && sk_iter_next(vm, 1, 2, &done) == SK_OK && !done &&
          sk_get_str(vm, 2, &s, NULL) == SK_OK && strcmp(s, "list") == 0);
    sk_set_int(vm, 3, 5);
    CHECK(sk_get_iter(vm, 3, 1) == SK_ERR_RUNTIME && strcmp(sk_error_type(vm), "TypeError") == 0);
    CHECK(sk_get_len(vm, 3, &n) == SK_ERR_RUNTIME);
    sk_vm_free(vm);
}

static void test_calls(void) {
    Out o;
    SkVM *vm = new_vm(&o, NULL);
    const char *s;
    int64_t i;
    CHECK(RUN(vm, "def greet(name, punct='!'):\n    return 'hi ' + name + punct\n"
                  "class P:\n    def __init__(self, v): self.v = v\n"
                  "    def twice(self, k=2): return self.v * k\n") == SK_OK);
    CHECK(sk_ensure_slots(vm, 6) == SK_OK);
    CHECK(sk_get_global(vm, NULL, "greet", 0) == SK_OK);
    sk_set_str(vm, 1, "ann", 3);
    CHECK(sk_call(vm, 0, 1, -1, 2) == SK_OK && sk_get_str(vm, 2, &s, NULL) == SK_OK &&
          strcmp(s, "hi ann!") == 0);
    sk_set_new_dict(vm, 3);
    sk_set_str(vm, 4, "?", 1);
    sk_set_key(vm, 3, "punct", 4);
    CHECK(sk_call(vm, 0, 1, 3, 2) == SK_OK && sk_get_str(vm, 2, &s, NULL) == SK_OK &&
          strcmp(s, "hi ann?") == 0);
    CHECK(sk_call(vm, 0, 0, -1, 2) == SK_ERR_RUNTIME &&
          strstr(sk_error_message(vm), "missing 1 required positional argument") != NULL);
    /* a class, an attribute, a method */
    CHECK(sk_get_global(vm, "__main__", "P", 0) == SK_OK);
    sk_set_int(vm, 1, 21);
    CHECK(sk_call(vm, 0, 1, -1, 0) == SK_OK && strcmp(sk_slot_type_name(vm, 0), "P") == 0);
    CHECK(sk_get_attr(vm, 0, "v", 1) == SK_OK && sk_get_int(vm, 1, &i) == SK_OK && i == 21);
    CHECK(sk_call_method(vm, 0, "twice", 0, -1, 2) == SK_OK && sk_get_int(vm, 2, &i) == SK_OK &&
          i == 42);
    sk_set_int(vm, 1, 3);
    CHECK(sk_call_method(vm, 0, "twice", 1, -1, 2) == SK_OK && sk_get_int(vm, 2, &i) == SK_OK &&
          i == 63);
    CHECK(sk_set_attr(vm, 0, "w", 1) == SK_OK);
    CHECK(RUN(vm, "") == SK_OK);
    CHECK(sk_get_attr(vm, 0, "missing", 1) == SK_ERR_RUNTIME &&
          strcmp(sk_error_type(vm), "AttributeError") == 0);
    /* globals and modules */
    sk_set_int(vm, 1, 99);
    CHECK(sk_set_global(vm, NULL, "from_host", 1) == SK_OK);
    CHECK(RUN(vm, "print(from_host + 1)") == SK_OK && strstr(o.text[0], "100\n"));
    CHECK(sk_get_global(vm, NULL, "nope", 1) == SK_ERR_RUNTIME &&
          strcmp(sk_error_type(vm), "NameError") == 0);
    CHECK(sk_get_global(vm, "math", "pi", 1) == SK_OK);
    CHECK(sk_get_global(vm, "no_such_module", "x", 1) == SK_ERR_RUNTIME &&
          strcmp(sk_error_type(vm), "ModuleNotFoundError") == 0);
    CHECK(sk_import(vm, "json", 1) == SK_OK);
    sk_set_int(vm, 2, 5);
    sk_set_new_list(vm, 3);
    CHECK(sk_call_method(vm, 1, "dumps", 1, -1, 4) == SK_OK);
    CHECK(sk_get_str(vm, 4, &s, NULL) == SK_OK && strcmp(s, "5") == 0);
    /* calls out of range, bad kwargs */
    CHECK(sk_call(vm, 4, 5, -1, 0) == SK_ERR_API);
    CHECK(sk_call(vm, 0, 0, 2, 0) == SK_ERR_API);
    sk_vm_free(vm);
}

static void test_handles(void) {
    Out o;
    SkVM *vm = new_vm(&o, NULL), *other = new_vm(&o, NULL);
    CHECK(sk_ensure_slots(vm, 2) == SK_OK && sk_ensure_slots(other, 2) == SK_OK);
    CHECK(sk_eval(vm, "[1, 2, 3]", 9, 0) == SK_OK);
    SkHandle *h = sk_handle_new(vm, 0);
    CHECK(h != NULL);
    sk_set_none(vm, 0);
    CHECK(RUN(vm, "import gc\ngc.collect()\nx = [0] * 1000") == SK_OK);
    CHECK(sk_handle_get(vm, h, 1) == SK_OK);
    size_t n = 0;
    CHECK(sk_get_len(vm, 1, &n) == SK_OK && n == 3);
    CHECK(sk_handle_get(other, h, 1) == SK_ERR_API); /* foreign */
    CHECK(strstr(sk_error_message(other), "does not belong") != NULL);
    CHECK(sk_handle_release(vm, h) == SK_OK);
    CHECK(sk_handle_release(vm, h) == SK_ERR_API); /* twice */
    CHECK(strstr(sk_error_message(vm), "already released") != NULL);
    CHECK(sk_handle_get(vm, h, 1) == SK_ERR_API); /* stale */
    SkHandle *h2 = sk_handle_new(vm, 1);          /* reuses the entry */
    CHECK(h2 != NULL && h2 != h);
    CHECK(sk_handle_get(vm, h, 1) == SK_ERR_API);
    CHECK(sk_handle_get(vm, NULL, 1) == SK_ERR_API);
    CHECK(sk_handle_new(vm, 5) == NULL);
    /* many handles, released in any order */
    SkHandle *many[1000];
    for (int i = 0; i < 1000; i++) {
        sk_set_int(vm, 0, i);
        many[i] = sk_handle_new(vm, 0);
    }
    int ok = 1;
    for (int i = 999; i >= 0; i -= 2) ok &= sk_handle_release(vm, many[i]) == SK_OK;
    for (int i = 0; i < 1000; i += 2) {
        int64_t v = -1;
        ok &= sk_handle_get(vm, many[i], 0) == SK_OK && sk_get_int(vm, 0, &v) == SK_OK && v == i;
        ok &= sk_handle_release(vm, many[i]) == SK_OK;
    }
    CHECK(ok);
    sk_vm_free(vm); /* h2 still held: freed with the VM */
    sk_vm_free(other);
}

static void test_cfunctions(void) {
    Out o;
    SkVM *vm = new_vm(&o, NULL);
    int calls = 0;
    CHECK(sk_define_module(vm, "host", host_fns, &calls) == SK_OK);
    CHECK(RUN(vm, "import host\nprint(host.add(2, 3), host.join('a', 'b', 'c'), "
                  "host.nothing())") == SK_OK);
    CHECK(strcmp(o.text[0], "5 abc None\n") == 0);
    CHECK(calls == 1);
    /* called from C (map), and as a tasklet's function */
    CHECK(RUN(vm, "print(list(map(host.add, [1, 2], [30, 40])))") == SK_OK &&
          strstr(o.text[0], "[31, 42]\n"));
    CHECK(RUN(vm, "import stackless\nstackless.tasklet(host.add)(5, 6)\nstackless.run()") == SK_OK);
    CHECK(calls == 4);
    CHECK(RUN(vm, "print(host.add.__doc__)") == SK_OK && strstr(o.text[0], "add(a, b): the sum"));
    CHECK(RUN(vm, "import host\ntry:\n    host.fail()\nexcept ValueError as e:\n"
                  "    print('caught', e)\n") == SK_OK);
    CHECK(strstr(o.text[0], "caught bad value 42\n") != NULL);
    CHECK(RUN(vm, "host.add(1)") == SK_ERR_RUNTIME &&
          strcmp(sk_error_message(vm), "add expected 2 arguments, got 1") == 0);
    CHECK(RUN(vm, "host.add(1, 'x')") == SK_ERR_RUNTIME &&
          strcmp(sk_error_message(vm), "add() wants two ints") == 0);
    CHECK(RUN(vm, "host.add(a=1, b=2)") == SK_ERR_RUNTIME &&
          strcmp(sk_error_type(vm), "TypeError") == 0);
    /* an API failure inside the C function re-raises the original error */
    CHECK(RUN(vm, "host.join('a', 3)") == SK_ERR_RUNTIME &&
          strcmp(sk_error_type(vm), "TypeError") == 0);
    /* C calling back into Skein, and Skein's exception crossing both ways */
    CHECK(RUN(vm, "print(host.apply(lambda v: v * 3, 14))") == SK_OK && strstr(o.text[0], "42\n"));
    CHECK(RUN(vm, "def bad(v): raise OSError('deep')\n"
                  "try:\n    host.apply(bad, 1)\nexcept OSError as e:\n    print('got', e)\n") ==
          SK_OK);
    CHECK(strstr(o.text[0], "got deep\n") != NULL);
    /* into builtins and __main__ */
    CHECK(sk_define_module(vm, "builtins", host_fns, &calls) == SK_OK);
    CHECK(RUN(vm, "print(add(20, 22))") == SK_OK && strstr(o.text[0], "42\n"));
    /* misuse */
    SkFunctionDef bad[] = {{"x", NULL, 0, NULL}, {NULL, NULL, 0, NULL}};
    CHECK(sk_define_module(vm, "bad", bad, NULL) == SK_ERR_API);
    CHECK(sk_define_module(vm, NULL, host_fns, NULL) == SK_ERR_API);
    CHECK(sk_raise_error(vm, "NoSuchError", "x") == SK_ERR_API);
    CHECK(sk_raise_error(vm, "ValueError", "at top level %s", "too") == SK_ERR_RUNTIME &&
          strcmp(sk_error_message(vm), "at top level too") == 0);
    CHECK(RUN(vm, "print('still fine')") == SK_OK);
    sk_vm_free(vm);
}

static void test_continuations(void) {
    Out o;
    SkVM *vm = new_vm(&o, NULL);
    CHECK(sk_define_module(vm, "host", host_fns, NULL) == SK_OK);
    npending = 0;
    CHECK(RUN(vm, "import host, stackless\nresults = []\n"
                  "def worker(n):\n    results.append((n, host.wait()))\n"
                  "for n in range(3):\n    stackless.tasklet(worker)(n)\n") == SK_OK);
    CHECK(sk_run_until_idle(vm) == SK_OK);
    CHECK(npending == 3);
    CHECK(sk_ensure_slots(vm, 1) == SK_OK);
    sk_set_str(vm, 0, "one", 3);
    CHECK(sk_resume(vm, pending[1], 0) == SK_OK);
    CHECK(sk_resume(vm, pending[1], 0) == SK_ERR_API); /* twice */
    sk_set_int(vm, 0, 0);
    CHECK(sk_resume(vm, pending[0], 0) == SK_OK);
    CHECK(sk_resume_error(vm, pending[2], "TimeoutError", "too slow") == SK_OK);
    CHECK(sk_run_until_idle(vm) == SK_ERR_RUNTIME); /* worker 2's exception reaches main */
    CHECK(strcmp(sk_error_type(vm), "TimeoutError") == 0);
    CHECK(RUN(vm, "print(results)") == SK_OK);
    CHECK(strstr(o.text[0], "[(1, 'one'), (0, 0)]\n") != NULL);
    /* resumed before returning; blocked then returned */
    CHECK(RUN(vm, "print(host.instant(), host.fickle())") == SK_OK && strstr(o.text[0], "7 8\n"));
    /* blocking where it cannot switch */
    CHECK(RUN(vm, "sorted([1, 2], key=lambda v: host.wait())") == SK_ERR_RUNTIME &&
          strcmp(sk_error_type(vm), "RuntimeError") == 0);
    /* a killed waiter: its continuation still resumes, the value is dropped */
    npending = 0;
    CHECK(RUN(vm, "t = stackless.tasklet(lambda: host.wait())()\nstackless.schedule()\n") == SK_OK);
    CHECK(sk_run_until_idle(vm) == SK_OK && npending == 1);
    CHECK(RUN(vm, "t.kill()") == SK_OK);
    CHECK(sk_resume(vm, pending[0], 0) == SK_OK);
    /* main blocks in a host call nothing can end (no wake_fn, no host
     * handles on the loop): a deadlock, not a hang */
    CHECK(RUN(vm, "host.wait()") == SK_ERR_RUNTIME);
    CHECK(strcmp(sk_error_type(vm), "RuntimeError") == 0 &&
          strstr(sk_error_message(vm), "Deadlock") != NULL);
    /* sk_block outside a C function */
    SkContinuation *k;
    CHECK(sk_block(vm, "x", &k) == SK_ERR_API);
    sk_vm_free(vm);
}

static void test_scheduling(void) {
    Out o;
    SkVM *vm = new_vm(&o, NULL);
    CHECK(RUN(vm, "import stackless\ncount = [0]\n"
                  "def spin():\n    while True:\n        count[0] += 1\n"
                  "stackless.tasklet(spin)()\n") == SK_OK);
    int more = 0;
    CHECK(sk_run_for(vm, 1000, &more) == SK_OK && more == 1);
    CHECK(sk_ensure_slots(vm, 1) == SK_OK);
    CHECK(sk_eval(vm, "count[0]", 8, 0) == SK_OK);
    int64_t c1 = 0, c2 = 0;
    sk_get_int(vm, 0, &c1);
    CHECK(c1 > 20 && c1 < 1000); /* a loop body of a few instructions */
    CHECK(sk_run_for(vm, 1000, &more) == SK_OK && more == 1);
    CHECK(sk_eval(vm, "count[0]", 8, 0) == SK_OK && sk_get_int(vm, 0, &c2) == SK_OK);
    CHECK(c2 > c1);
    sk_vm_free(vm);

    vm = new_vm(&o, NULL);
    CHECK(RUN(vm, "import stackless, time\nout = []\n"
                  "def napper():\n    time.sleep(0.01)\n    out.append('woke')\n"
                  "def quick():\n    out.append('quick')\n"
                  "stackless.tasklet(napper)()\nstackless.tasklet(quick)()\n") == SK_OK);
    CHECK(sk_run_for(vm, 100000, &more) == SK_OK && more == 1); /* the sleeper waits */
    CHECK(sk_run_until_idle(vm) == SK_OK);
    CHECK(sk_run_for(vm, 10, &more) == SK_OK && more == 0);
    CHECK(RUN(vm, "print(out)") == SK_OK && strstr(o.text[0], "['quick', 'woke']\n"));
    CHECK(sk_vm_loop(vm) != NULL);
    CHECK(sk_run_for(vm, 0, &more) == SK_ERR_API);
    sk_vm_free(vm);
}

static void test_limits(void) {
    Out o;
    SkConfig cfg;
    sk_config_init(&cfg);
    cfg.instruction_limit = 100000;
    SkVM *vm = new_vm(&o, &cfg);
    CHECK(RUN(vm, "while True:\n    pass\n") == SK_ERR_LIMIT);
    CHECK(strcmp(sk_error_type(vm), "LimitError") == 0);
    /* no handler may catch it, no finally may prolong it */
    CHECK(RUN(vm, "try:\n    while True: pass\nexcept BaseException:\n    print('caught')\n"
                  "finally:\n    while True: pass\n") == SK_ERR_LIMIT);
    CHECK(strstr(o.text[0], "caught") == NULL);
    /* the budget is per call: the VM goes on */
    CHECK(RUN(vm, "print(sum(range(1000)))") == SK_OK && strstr(o.text[0], "499500\n"));
    /* tasklets spinning forever are stopped too */
    CHECK(RUN(vm,
              "import stackless\ndef f():\n    while True: stackless.schedule()\n"
              "stackless.tasklet(f)()\nstackless.tasklet(f)()\nstackless.run()\n") == SK_ERR_LIMIT);
    sk_vm_free(vm);

    sk_config_init(&cfg);
    cfg.memory_limit = 16u << 20;
    vm = new_vm(&o, &cfg);
    CHECK(RUN(vm, "x = []\nwhile True:\n    x.append('y' * 1000)\n") == SK_ERR_LIMIT);
    CHECK(strcmp(sk_error_type(vm), "LimitError") == 0);
    CHECK(RUN(vm, "x = None\ntry:\n    big = bytearray(100_000_000)\nexcept MemoryError:\n"
                  "    print('too big')\n") == SK_OK);
    CHECK(strstr(o.text[0], "too big\n") != NULL);
    CHECK(RUN(vm, "print(len([0] * 1000))") == SK_OK && strstr(o.text[0], "1000\n"));
    sk_vm_free(vm);

    sk_config_init(&cfg);
    cfg.recursion_limit = 50;
    vm = new_vm(&o, &cfg);
    CHECK(RUN(vm, "def r(n): return r(n + 1)\nr(0)") == SK_ERR_RUNTIME &&
          strcmp(sk_error_type(vm), "RecursionError") == 0);
    sk_vm_free(vm);
}

static const char *load(SkVM *vm, const char *name, size_t *len) {
    if (strcmp(name, "virtual") == 0) {
        static const char src[] = "value = 'from the host'\n";
        *len = sizeof src - 1;
        return src;
    }
    return NULL;
}

static int freed;
static void free_src(SkVM *vm, const char *name, const char *src) { freed++; }

static void test_modules(void) {
    Out o;
    static const char *const deny[] = {"os", "socket", "subprocess", NULL};
    static const char *const no_builtins[] = {"open", NULL};
    SkConfig cfg;
    sk_config_init(&cfg);
    cfg.load_module_fn = load;
    cfg.free_module_fn = free_src;
    cfg.deny_modules = deny;
    cfg.deny_builtins = no_builtins;
    freed = 0;
    SkVM *vm = new_vm(&o, &cfg);
    CHECK(RUN(vm, "import virtual\nprint(virtual.value)") == SK_OK &&
          strstr(o.text[0], "from the host\n") && freed == 1);
    CHECK(RUN(vm, "import os") == SK_ERR_RUNTIME && strcmp(sk_error_type(vm), "ImportError") == 0);
    CHECK(strcmp(sk_error_message(vm), "import of 'os' is not allowed") == 0);
    CHECK(RUN(vm, "import _socket") == SK_ERR_RUNTIME);
    CHECK(RUN(vm, "__import__('subprocess')") == SK_ERR_RUNTIME);
    CHECK(RUN(vm, "open('/etc/passwd')") == SK_ERR_RUNTIME &&
          strcmp(sk_error_type(vm), "NameError") == 0);
    CHECK(RUN(vm, "import math, json\nprint(math.sqrt(16))") == SK_OK);
    sk_vm_free(vm);

    static const char *const allow[] = {"math", NULL};
    sk_config_init(&cfg);
    cfg.allow_modules = allow;
    vm = new_vm(&o, &cfg);
    int calls = 0;
    CHECK(sk_define_module(vm, "host", host_fns, &calls) == SK_OK);
    CHECK(RUN(vm, "import math, host\nprint(host.add(1, 1))") == SK_OK);
    CHECK(RUN(vm, "import json") == SK_ERR_RUNTIME);
    sk_vm_free(vm);
}

/* A host timer on the VM's own libuv loop resumes a blocked tasklet. */
typedef struct TimerJob {
    uv_timer_t timer;
    SkVM *vm;
    SkContinuation *k;
} TimerJob;

static void timer_fired(uv_timer_t *t) {
    TimerJob *j = t->data;
    sk_set_str(j->vm, 0, "tick", 4);
    sk_resume(j->vm, j->k, 0);
    uv_close((uv_handle_t *)t, NULL);
}

static SkStatus c_after(SkVM *vm, int argc, void *data) {
    TimerJob *j = data;
    SkStatus st = sk_block(vm, "after", &j->k);
    if (st != SK_BLOCKED) return st;
    uv_timer_init(sk_vm_loop(vm), &j->timer);
    j->timer.data = j;
    uv_timer_start(&j->timer, timer_fired, 5, 0);
    return SK_BLOCKED;
}

static void test_host_loop(void) {
    Out o;
    SkVM *vm = new_vm(&o, NULL);
    TimerJob j = {.vm = vm};
    SkFunctionDef fns[] = {{"after", c_after, 0, NULL}, {NULL, NULL, 0, NULL}};
    CHECK(sk_define_module(vm, "timers", fns, &j) == SK_OK);
    CHECK(sk_ensure_slots(vm, 1) == SK_OK);
    /* main itself blocks: the run call waits in the loop for the timer */
    CHECK(RUN(vm, "import timers\nprint('got', timers.after())") == SK_OK);
    CHECK(strstr(o.text[0], "got tick\n") != NULL);
    sk_vm_free(vm);
}

static SkVM *cb_vm;
static SkStatus cb_status;
static void write_and_misbehave(SkVM *vm, int stream, const char *text, size_t len) {
    cb_status = sk_run_string(vm, "x = 1", 5, NULL);
}

static void test_free_leaves_tasklets(void) {
    Out o;
    SkVM *vm = new_vm(&o, NULL);
    CHECK(RUN(vm, "import stackless\nch = stackless.channel()\n"
                  "def w():\n    try:\n        ch.receive()\n    finally:\n"
                  "        print('finally ran')\n"
                  "stackless.tasklet(w)()\nstackless.run()\n") == SK_OK);
    CHECK(o.len[0] == 0);
    sk_vm_free(vm); /* as Stackless 3.7.5 at exit: a blocked tasklet is not killed */
    CHECK(o.len[0] == 0);
}

static void test_callbacks(void) {
    SkConfig cfg;
    sk_config_init(&cfg);
    cfg.write_fn = write_and_misbehave;
    SkVM *vm = cb_vm = sk_vm_new(&cfg);
    cb_status = SK_OK;
    CHECK(RUN(vm, "print('hello')") == SK_OK);
    CHECK(cb_status == SK_ERR_API);
    CHECK(strstr(sk_error_message(vm), "inside write_fn") != NULL);
    sk_vm_free(vm);
}

static void test_files(void) {
    Out o;
    SkVM *vm = new_vm(&o, NULL);
    char path[] = "/tmp/skein_embed_XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs("import sys\nprint('file', __name__, __file__ == sys.argv[0] or True)\n", f);
    fclose(f);
    CHECK(sk_run_file(vm, path) == SK_OK && strstr(o.text[0], "file __main__ True\n"));
    remove(path);
    sk_vm_free(vm);
}

static void test_misuse(void) {
    CHECK(sk_run_string(NULL, "x", 1, NULL) == SK_ERR_API);
    CHECK(sk_eval(NULL, "x", 1, 0) == SK_ERR_API);
    CHECK(strcmp(sk_error_type(NULL), "") == 0);
    CHECK(sk_slot_count(NULL) == 0);
    sk_vm_free(NULL);
    sk_vm_wake(NULL);
    Out o;
    SkVM *vm = new_vm(&o, NULL);
    CHECK(sk_eval(vm, "1", 1, 0) == SK_ERR_API); /* no slot 0 yet */
    CHECK(sk_run_string(vm, NULL, 3, NULL) == SK_ERR_API);
    CHECK(sk_run_until_idle(vm) == SK_OK); /* nothing to run */
    CHECK(strcmp(sk_version(), "0.4.0") == 0);
    sk_vm_free(vm);
    SkVM *d = sk_vm_new(NULL); /* the defaults */
    CHECK(d != NULL);
    sk_vm_free(d);
}

int main(void) {
    test_chunks_share_main();
    test_errors();
    test_values();
    test_containers();
    test_calls();
    test_handles();
    test_cfunctions();
    test_continuations();
    test_scheduling();
    test_limits();
    test_modules();
    test_host_loop();
    test_callbacks();
    test_free_leaves_tasklets();
    test_files();
    test_misuse();
    if (failures) fprintf(stderr, "%d check(s) failed\n", failures);
    return failures ? 1 : 0;
}
