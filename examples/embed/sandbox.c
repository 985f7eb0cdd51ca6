/* examples/embed/sandbox.c -- running untrusted scripts: a memory cap, an
 * instruction budget, no os / subprocess / socket / signal modules and no
 * open(), and every byte of output captured instead of printed. Each
 * script gets a fresh VM; a misbehaving one is stopped with a status and
 * the host goes on.
 *
 *   ./sandbox */
#include <skein.h>
#include <stdio.h>
#include <string.h>

typedef struct Captured {
    char text[4096];
    size_t len;
} Captured;

static void capture(SkVM *vm, int stream, const char *text, size_t len) {
    Captured *c = sk_vm_user_data(vm);
    if (c->len + len >= sizeof c->text) len = sizeof c->text - 1 - c->len;
    memcpy(c->text + c->len, text, len);
    c->len += len;
    c->text[c->len] = 0;
}

static const char *const denied_modules[] = {"os",     "subprocess", "socket",
                                             "signal", "process",    NULL};
static const char *const denied_builtins[] = {"open", "input", NULL};

static const char *const status_names[] = {"ok",         "syntax error",  "error",
                                           "exit",       "out of memory", "interrupted",
                                           "incomplete", "limit",         "api misuse"};

static void run_untrusted(const char *title, const char *src) {
    Captured out = {{0}, 0};
    SkConfig cfg;
    sk_config_init(&cfg);
    cfg.memory_limit = 32u << 20;    /* 32 MB of live objects */
    cfg.instruction_limit = 2000000; /* per run call */
    cfg.deny_modules = denied_modules;
    cfg.deny_builtins = denied_builtins;
    cfg.write_fn = capture;
    cfg.user_data = &out;
    SkVM *vm = sk_vm_new(&cfg);
    if (!vm) return;
    SkStatus st = sk_run_string(vm, src, strlen(src), title);
    printf("%-9s %s", title, status_names[st]);
    if (st != SK_OK) printf(" (%s: %s)", sk_error_type(vm), sk_error_message(vm));
    printf("\n");
    if (out.len) printf("  output: %s", out.text);
    sk_vm_free(vm);
}

int main(void) {
    run_untrusted("polite", "print(sum(i * i for i in range(100)))\n");
    run_untrusted("spinner", "while True:\n    pass\n");
    run_untrusted("stubborn", "while True:\n    try:\n        while True: pass\n"
                              "    except BaseException:\n        print('never')\n");
    run_untrusted("hog", "hoard = []\nwhile True:\n    hoard.append(bytearray(1 << 20))\n");
    run_untrusted("snoop", "import os\nprint(os.listdir('/'))\n");
    run_untrusted("sneaky", "__import__('_socket')\n");
    run_untrusted("reader", "print(open('/etc/passwd').read())\n");
    run_untrusted("broken", "def f(:\n");
    return 0;
}
