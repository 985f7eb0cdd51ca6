// vm/core/state.c -- creating and destroying a VM. The order matters: the main
// tasklet comes first so that vm->current exists before anything can
// raise (even MemoryError needs a tasklet to be pending in); then the
// interned names every other part looks up, the built-in classes, the
// exception classes, generator methods and the module registry. The
// standard library (builtins, modules) is opened on top by vm/api.c.
// Everything made during start-up stays in the GC arena until the end,
// then the arena is emptied: from there the roots (vm->t, vm->exc,
// vm->names, builtins, modules) keep what is needed.
#include "vm/core/state.h"
#include "vm/classes/error.h"
#include "vm/classes/types.h"
#include "vm/core/gc.h"
#include "vm/core/mem.h"
#include "vm/embed/host.h"
#include "vm/exec/generator.h"
#include "vm/exec/import.h"
#include "vm/objects/file.h"
#include "vm/objects/str.h"
#include "vm/proc/children.h"
#include "vm/sched/loop.h"
#include "vm/sched/tasklet.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

// How many nested C levels (sk_invoke -> loop -> native -> sk_invoke) the C
// stack can take, keeping 96 KB spare for the natives at the deepest
// level. A level costs about 1-2 KB optimized, 6 KB at -O0, more with
// AddressSanitizer's redzones.
#if defined(__SANITIZE_ADDRESS__)
#define C_LEVEL_BYTES (16u << 10)
#elif defined(__OPTIMIZE__)
#define C_LEVEL_BYTES (3u << 10)
#else
#define C_LEVEL_BYTES (8u << 10)
#endif
static int c_depth_limit(void) {
    struct rlimit rl;
    size_t stack = 8u << 20;
    if (getrlimit(RLIMIT_STACK, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
        stack = (size_t)rl.rlim_cur;
    size_t spare = 96u << 10;
    size_t n = stack > spare ? (stack - spare) / C_LEVEL_BYTES : 0;
    if (n < 8) n = 8;
    if (n > 2000) n = 2000; // SkTasklet.c_depth has 11 bits
    return (int)n;
}

// Default output: stdout and stderr, stdout flushed first so the two
// interleave as the program wrote them.
void sk_state_write(SkVM *vm, int stream, const char *data, size_t len) {
    if (stream == 2) {
        fflush(stdout);
        fwrite(data, 1, len, stderr);
        fflush(stderr);
    } else {
        fwrite(data, 1, len, stdout);
    }
}

static bool init_names(SkVM *vm) {
#define SK_NAME_INIT(field, text)                                                                  \
    if (!(vm->names.field = sk_str_intern_cstr(vm, text))) return false;
    SK_NAMES(SK_NAME_INIT)
#undef SK_NAME_INIT
    return true;
}

SkVM *sk_state_new(void) { return sk_state_new_with(sk_mem_libc, NULL); }

SkVM *sk_state_new_with(SkAllocFn alloc, void *alloc_data) {
    SkVM *vm = alloc(NULL, sizeof(SkVM), alloc_data);
    if (!vm) return NULL;
    memset(vm, 0, sizeof *vm);
    vm->alloc_fn = alloc;
    vm->alloc_data = alloc_data;
    vm->recursion_limit = SK_DEFAULT_RECURSION_LIMIT;
    vm->int_max_str_digits = 4300; // CPython's default
    vm->switch_interval = 0.005;   // CPython's default
    vm->write = sk_state_write;
    vm->not_implemented = SK_UNDEF;
    vm->ellipsis = SK_UNDEF;
    vm->sys_path = SK_UNDEF;
    vm->pending_exit = SK_NONE;
    vm->memory_error = SK_UNDEF;
    vm->c_depth_limit = c_depth_limit();

    SkTasklet *t = sk_tasklet_new(vm);
    if (!t) goto fail;
    vm->main = vm->current = t;

    if (!init_names(vm)) goto fail;
    sk_init_types(vm);
    if (sk_has_exc(vm)) goto fail;
    sk_init_exceptions(vm);
    if (sk_has_exc(vm)) goto fail;
    sk_init_generator_methods(vm);
    sk_init_modules(vm);
    if (sk_has_exc(vm)) goto fail;

    vm->arena_len = 0;
#ifdef SKEIN_GC_STRESS
    vm->gc_stress = true;
#endif
    return vm;
fail:
    sk_state_free(vm);
    return NULL;
}

void sk_state_free(SkVM *vm) {
    if (!vm) return;
    sk_children_free(vm);  // kill and reap what this VM forked
    sk_loop_detach(vm);    // parked tasklets are freed below: no wait may wake one
    sk_file_close_all(vm); // in the order opened: the last write to a path wins
    sk_gc_free_all(vm);
    sk_loop_free(vm); // after the objects, whose watchers it finishes closing
    sk_host_free(vm);
    sk_mem_free(vm, vm->sched.wd);
    sk_tasklet_spares_free(vm);
    for (int i = 0; i < vm->argc && vm->argv; i++) free(vm->argv[i]);
    free(vm->argv);
    vm->alloc_fn(vm, 0, vm->alloc_data);
}
