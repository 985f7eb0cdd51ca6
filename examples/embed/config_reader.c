/* examples/embed/config_reader.c -- a config file written in Skein: the
 * script computes a dict (with loops, functions, whatever it needs), and
 * the host reads typed values out of it through slots.
 *
 *   ./config_reader [app_config.sk] */
#include <skein.h>
#include <stdio.h>
#include <string.h>

/* Print the error of the last failed call and give up. */
static int fail(SkVM *vm) {
    fprintf(stderr, "config error: %s", sk_error_traceback(vm));
    sk_vm_free(vm);
    return 1;
}

int main(int argc, char **argv) {
    const char *path = argc > 1 ? argv[1] : "app_config.sk";
    SkVM *vm = sk_vm_new(NULL);
    if (!vm) return 1;
    if (sk_run_file(vm, path) != SK_OK) return fail(vm);

    /* slot 0: the config dict; slots 1..4: values read out of it */
    if (sk_ensure_slots(vm, 5) != SK_OK || sk_get_global(vm, NULL, "config", 0) != SK_OK)
        return fail(vm);
    if (sk_slot_type(vm, 0) != SK_TYPE_DICT) {
        fprintf(stderr, "config must be a dict, not %s\n", sk_slot_type_name(vm, 0));
        return 1;
    }
    const char *name;
    int64_t port;
    int debug;
    double ratio;
    if (sk_get_key(vm, 0, "name", 1) != SK_OK || sk_get_str(vm, 1, &name, NULL) != SK_OK ||
        sk_get_key(vm, 0, "port", 2) != SK_OK || sk_get_int(vm, 2, &port) != SK_OK ||
        sk_get_key(vm, 0, "debug", 3) != SK_OK || sk_get_bool(vm, 3, &debug) != SK_OK ||
        sk_get_key(vm, 0, "ratio", 4) != SK_OK || sk_get_float(vm, 4, &ratio) != SK_OK)
        return fail(vm);
    printf("name=%s port=%lld debug=%s ratio=%.3f\n", name, (long long)port, debug ? "yes" : "no",
           ratio);

    /* a list of str */
    size_t n;
    if (sk_get_key(vm, 0, "hosts", 1) != SK_OK || sk_get_len(vm, 1, &n) != SK_OK) return fail(vm);
    for (size_t i = 0; i < n; i++) {
        const char *host;
        if (sk_get_index(vm, 1, (int64_t)i, 2) != SK_OK || sk_get_str(vm, 2, &host, NULL) != SK_OK)
            return fail(vm);
        printf("host[%zu]=%s\n", i, host);
    }

    /* a nested dict, walked in order: its items as (key, value) tuples */
    if (sk_get_key(vm, 0, "limits", 1) != SK_OK ||
        sk_call_method(vm, 1, "items", 0, -1, 2) != SK_OK || sk_get_iter(vm, 2, 2) != SK_OK)
        return fail(vm);
    int done;
    while (sk_iter_next(vm, 2, 3, &done) == SK_OK && !done) {
        const char *key;
        int64_t value;
        if (sk_get_index(vm, 3, 0, 4) != SK_OK || sk_get_str(vm, 4, &key, NULL) != SK_OK ||
            sk_get_index(vm, 3, 1, 4) != SK_OK || sk_get_int(vm, 4, &value) != SK_OK)
            return fail(vm);
        printf("limit %s=%lld\n", key, (long long)value);
    }
    sk_vm_free(vm);
    return 0;
}
