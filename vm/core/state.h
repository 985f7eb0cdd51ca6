// vm/core/state.h -- SkVM, the state of one interpreter: memory, interned
// strings, the built-in classes and exception classes, namespaces, the
// current tasklet and the scheduler. Everything mutable hangs off SkVM:
// there are no C globals, so one process may run many VMs. Each subsystem
// documents its fields in its own header; SkVM embeds the scheduler's
// state by value (vm/sched/sched.h), the one include of a higher layer here.
#ifndef SK_VM_CORE_STATE_H
#define SK_VM_CORE_STATE_H
#include "vm/core/exceptions.h"
#include "vm/core/mem.h"
#include "vm/core/names.h"
#include "vm/core/object.h"
#include "vm/sched/sched.h"
#include <stdio.h>

typedef struct SkTasklet SkTasklet; // vm/sched/tasklet.h

typedef struct SkBuiltinTypes {
    SkClass *object, *type, *none, *bool_, *int_, *float_, *str, *bytes, *tuple, *list, *dict, *set,
        *frozenset, *range, *slice, *cell, *code, *function, *builtin_function, *method, *module,
        *generator, *dict_keys, *dict_values, *dict_items, *property, *staticmethod, *classmethod,
        *super, *file, *not_implemented_type, *ellipsis_type, *list_iterator, *tuple_iterator,
        *range_iterator, *str_iterator, *bytes_iterator, *dict_keyiterator, *dict_valueiterator,
        *dict_itemiterator, *set_iterator, *list_reverseiterator, *enumerate, *zip, *map, *filter,
        *reversed, *iterator, *callable_iterator, *generic_alias, *union_type, *frame, *traceback,
        *bytearray, *complex_;
    SkClass *simple_namespace; // types.SimpleNamespace, made by the sys module
    // stackless.tasklet / stackless.channel / socket.socket: NULL until the
    // module is imported.
    SkClass *tasklet, *channel, *socket;
} SkBuiltinTypes;

typedef struct SkNames {
#define SK_NAME_FIELD(field, text) SkStr *field;
    SK_NAMES(SK_NAME_FIELD)
#undef SK_NAME_FIELD
} SkNames;

typedef struct SkExcClasses {
#define SK_EXC_FIELD(name, base) SkClass *name;
    SK_EXCEPTIONS(SK_EXC_FIELD)
#undef SK_EXC_FIELD
} SkExcClasses;

// Output sink: the CLI writes to stdout/stderr, a host may capture.
typedef void (*SkWriteFn)(SkVM *vm, int stream, const char *data, size_t len); // stream 1 or 2

struct SkVM {
    // --- memory (vm/core/gc.c, vm/core/mem.c) ---
    SkAllocFn alloc_fn;     // the host's allocator (SkConfig.realloc_fn) or libc's
    void *alloc_data;       // its user data
    size_t memory_limit;    // SkConfig.memory_limit: cap on bytes_allocated (0: none); next_gc
                            // never exceeds it, so the allocation path tests it for free
    bool memory_limit_hit;  // a MemoryError came from the cap (SK_ERR_LIMIT)
    SkObj *objects;         // every heap object, for the sweep
    struct SkPool *pool;    // small-object free lists (vm/core/pool.c), made on first use
    size_t bytes_allocated; // live bytes as last counted
    size_t next_gc;         // collect when bytes_allocated passes this
    bool gc_stress;         // collect at every allocation (SKEIN_GC_STRESS)
    bool gc_running;
    SkObj **arena; // objects made since the loop last reset the arena: roots
    size_t arena_len, arena_cap;
    SkObj **gray; // mark stack
    size_t gray_len, gray_cap;
    SkValue *roots; // explicit temporary roots (sk_gc_push_root)
    size_t roots_len, roots_cap;

    // --- interned strings (vm/objects/str.c) ---
    SkStr **strings; // open addressing; NULL empty
    size_t strings_len, strings_cap;

    // --- built-in classes and names ---
    SkBuiltinTypes t;
    SkExcClasses exc;
    SkNames names;
    SkValue not_implemented; // the NotImplemented singleton
    SkValue ellipsis;

    // --- namespaces ---
    SkDict *builtins; // the builtins module's dict
    SkDict *modules;  // sys.modules
    SkModule *main_module;
    SkValue sys_path; // list of str

    // --- tasklets ---
    SkTasklet *current;
    SkTasklet *main;
    int recursion_limit;
    int64_t int_max_str_digits; // sys.set_int_max_str_digits (0: no limit)
    double switch_interval;     // sys.setswitchinterval: kept and reported (no threads)

    // --- environment ---
    SkWriteFn write;
    void *host_data;
    void (*host_write)(void *data, int stream, const char *text, size_t len); // sk_vm_set_output
    int argc;
    char **argv;
    SkValue pending_exit;    // SystemExit code once raised out of the top level
    SkDict *sources;         // filename -> source str, for tracebacks
    SkValue memory_error;    // preallocated MemoryError instance
    SkDict *builtin_modules; // name -> SkNative wrapping an SkModuleInit (vm/exec/import.c)
    const struct SkEmbeddedModule *embedded_modules; // Skein-written library, NULL-name ended
    int repr_depth;                              // recursion guard for repr of nested containers
    struct SkFile *open_files, *open_files_last; // open file objects, oldest first (file.c)
    int nest_depth;     // recursion guard for comparing and hashing nested containers
    SkList *repr_stack; // containers being repr'd (prints [...] on cycles)

    // --- scheduler and caches ---
    SkSched sched; // run queue and switch protocol (vm/sched/sched.h)
    uint64_t
        class_epoch; // bumped whenever a class's dict changes: guards LOAD_ATTR/LOAD_METHOD caches
    bool gc_mark_overflow; // the gray stack could not grow: rescan marked objects (vm/core/gc.c)
    bool has_del_classes;  // some class defines __del__: collections look for finalizers
    bool gc_flag_disabled; // gc.disable() was called (reported only: stdlib/mod_gc.c)
    SkObj **finalize;      // unreachable objects whose __del__ is due (malloc'd, a GC root)
    size_t finalize_len, finalize_cap;
    // sk_class_lookup's cache of found attributes (vm/classes/class.c); an entry is
    // valid while its epoch equals class_epoch.
    struct SkLookupEntry {
        SkClass *cls;
        SkStr *name;
        uint64_t epoch;
        SkValue value;
    } lookup_cache[512];
    int c_depth_limit;   // nested sk_invoke levels allowed, from the C stack size (vm/core/state.c)
    struct SkHost *host; // the embedding API's state (vm/embed/host.h)
    struct SkProcs *procs; // forked children and their channels (vm/proc/children.h), or NULL
    // Asked first by every import (vm/exec/import.c) when set: returns the
    // module, SK_ERR (refused or failed), or SK_UNDEF to search as usual.
    SkValue (*import_hook)(SkVM *vm, SkStr *name);
};

// A VM with the core types and exceptions and an empty module registry:
// what unit tests need. sk_vm_new (vm/api.c) opens the standard library on
// top. NULL when out of memory. sk_state_new_with takes the allocator
// (vm/core/mem.h) that the VM itself and all it keeps come from.
SkVM *sk_state_new(void);
SkVM *sk_state_new_with(SkAllocFn alloc, void *alloc_data);
// The default output: stream 1 to stdout, 2 to stderr (stdout flushed
// first, so the two interleave as written).
void sk_state_write(SkVM *vm, int stream, const char *data, size_t len);
void sk_state_free(SkVM *vm);

#endif
