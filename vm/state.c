// vm/state.c -- creating and destroying a VM. The order matters: the main
// tasklet comes first so that vm->current exists before anything can
// raise (even MemoryError needs a tasklet to be pending in); then the
// interned names every other part looks up, the built-in classes, the
// exception classes, generator methods, builtins and the module registry.
// Everything made during start-up stays in the GC arena until the end,
// then the arena is emptied: from there the roots (vm->t, vm->exc,
// vm->names, builtins, modules) keep what is needed.
#include "vm/vm.h"
#include "vm/tasklet.h"
#include "vm/generator.h"
#include "vm/error.h"
#include "vm/gc.h"
#include "vm/str.h"
#include "vm/ops.h"

#include <stdio.h>
#include <stdlib.h>

// Default output: stdout and stderr, stdout flushed first so the two
// interleave as the program wrote them.
static void default_write(SkVM *vm, int stream, const char *data, size_t len) {
    if (stream == 2) {
        fflush(stdout);
        fwrite(data, 1, len, stderr);
        fflush(stderr);
    } else {
        fwrite(data, 1, len, stdout);
    }
}

static bool init_names(SkVM *vm) {
#define SK_NAME_INIT(field, text)                                                   \
    if (!(vm->names.field = sk_str_intern_cstr(vm, text))) return false;
    SK_NAMES(SK_NAME_INIT)
#undef SK_NAME_INIT
    return true;
}

SkVM *skvm_new(void) {
    SkVM *vm = calloc(1, sizeof(SkVM));
    if (!vm) return NULL;
    vm->recursion_limit = SK_DEFAULT_RECURSION_LIMIT;
    vm->write = default_write;
    vm->not_implemented = SK_UNDEF;
    vm->ellipsis = SK_UNDEF;
    vm->sys_path = SK_UNDEF;
    vm->pending_exit = SK_NONE;
    vm->memory_error = SK_UNDEF;

    SkTasklet *t = sk_tasklet_new(vm);
    if (!t) goto fail;
    vm->main = vm->current = t;

    if (!init_names(vm)) goto fail;
    sk_init_types(vm);
    if (sk_has_exc(vm)) goto fail;
    sk_init_exceptions(vm);
    if (sk_has_exc(vm)) goto fail;
    sk_init_generator_methods(vm);
    sk_init_builtins(vm);
    if (sk_has_exc(vm)) goto fail;
    sk_init_modules(vm);
    if (sk_has_exc(vm)) goto fail;

    vm->arena_len = 0;
#ifdef SKEIN_GC_STRESS
    vm->gc_stress = true;
#endif
    return vm;
fail:
    skvm_free(vm);
    return NULL;
}

void skvm_free(SkVM *vm) {
    if (!vm) return;
    skgc_free_all(vm);
    for (int i = 0; i < vm->argc && vm->argv; i++) free(vm->argv[i]);
    free(vm->argv);
    free(vm);
}
