/* examples/embed/hello.c -- the smallest host: make a VM, run a chunk,
 * call a Skein function with a value and read the result.
 *
 *   cc hello.c $(pkg-config --cflags --libs skein) -o hello && ./hello */
#include <skein.h>
#include <stdio.h>
#include <string.h>

int main(void) {
    SkVM *vm = sk_vm_new(NULL); /* the defaults: stdout/stderr, no limits */
    if (!vm) return 1;
    const char *src = "def greet(n):\n    return f'hello from Skein, {n}'\n";
    if (sk_run_string(vm, src, strlen(src), "hello") != SK_OK) {
        fprintf(stderr, "%s", sk_error_traceback(vm));
        return 1;
    }
    sk_ensure_slots(vm, 2);
    sk_get_global(vm, NULL, "greet", 0); /* slot 0: the function */
    sk_set_int(vm, 1, 42);               /* slot 1: its argument */
    const char *text;
    if (sk_call(vm, 0, 1, -1, 0) == SK_OK && sk_get_str(vm, 0, &text, NULL) == SK_OK)
        printf("%s\n", text);
    sk_vm_free(vm);
    return 0;
}
