// vm/core/state.h -- the VM state (SkVM), tasklets with their heap stacks and
// frames, and the entry points of the dispatch loop. Everything mutable
// hangs off SkVM: there are no C globals, so one process may run many VMs.
//
// The stackless part: a tasklet owns a growable value stack and an array
// of frames, both on the heap. A Skein-to-Skein call pushes a frame and
// stays in the same C loop (vm.c); only calls from C back into Skein
// (sk_call) nest a C level.
#ifndef SK_VM_CORE_STATE_H
#define SK_VM_CORE_STATE_H
#include "vm/core/object.h"
#include "vm/objects/code.h"
#include "vm/core/names.h"
#include "vm/core/exceptions.h"
#include "vm/sched/sched.h"
#include <stdio.h>

// Frame flags.
#define SK_FRAME_C_BOUNDARY 0x01 // returning from this frame leaves the C loop (sk_call)
#define SK_FRAME_INIT       0x02 // __init__ pushed by a class call: result must be None, push self
#define SK_FRAME_DISCARD    0x04 // drop the return value (protocol calls that push a frame)
#define SK_FRAME_TASKLET    0x08 // a tasklet's base frame: returning ends the tasklet (vm/sched/sched.c)
#define SK_FRAME_EQ         0x10 // __eq__ pushed by COMPARE_EQ over [a b]: finish the comparison
#define SK_FRAME_STR_ARG    0x20 // __str__ for print: store into slot base[-aux], re-run the CALL
#define SK_FRAME_STR_CALL   0x40 // __str__ for str(x): the checked result replaces base[-aux]
#define SK_FRAME_REPR_CALL  0x80 // __repr__ for repr(x): likewise

typedef struct SkFrame {
    SkCode *code;
    SkFunction *fn;         // NULL for module code run directly
    SkDict *globals;
    SkDict *locals;         // class bodies (LOAD_NAME/STORE_NAME), else NULL
    const uint32_t *ip;     // next instruction; saved when the frame is not running
    SkValue *slots;         // local slot 0; the operand stack starts at slots + code->nlocals
    SkValue *sp;            // operand stack top, saved when the frame is not running
    struct SkGenerator *gen;// the generator this frame runs for, or NULL
    uint32_t flags;         // SK_FRAME_*
    uint32_t aux;           // SK_FRAME_STR_*: distance back from the callable slot (sits in padding)
} SkFrame;

typedef struct SkTasklet {
    SkObj obj;
    SkValue *stack;         // heap value stack; grows by realloc, frames are rebased
    SkValue *sp;            // top of the value stack when the tasklet is not running
    SkFrame *frames;        // frames[0..nframes): the call chain, innermost last
    int nframes, frames_cap;
    SkValue exc;            // exception being propagated, SK_UNDEF if none
    SkValue handling;       // exception being handled (bare raise, __context__), SK_NONE
    SkStr *name;
    // Scheduler fields (vm/sched/sched.h, vm/sched/sched.c). next/prev link the run
    // queue (circular) or, while blocked, the channel's wait queue.
    struct SkTasklet *next, *prev;
    union {
        struct SkChannel *blocked_on; // channel waited on (SK_TF_BLOCKED), else NULL
        struct SkSelect *sel;         // with SK_TF_SELECT: select()'s wait nodes (vm/sched/channel.h)
    };
    SkValue tempval;        // value handed over on resume; the sent value while blocked
    SkValue func;           // bound callable until started; then SK_UNDEF
    SkValue args;           // its args tuple (or a (tuple, kwargs dict) pair), SK_UNDEF
    SkObj *wrapper;         // the subclass instance this tasklet is the payload of, or NULL
    SkCode *created_code;   // where tasklet(...) was called, for tracebacks
    uint32_t created_line;
    // Packed with the bytes below: every blocked tasklet carries this
    // struct, so padding counts (a million of them must fit in 0.5 GB).
    uint32_t stack_size;    // capacity in values (sk_stack_ensure caps it below 2^30)
    int c_depth;            // nested C levels (sk_call) currently active on this tasklet
    uint8_t state;          // SK_TS_*
    uint8_t tflags;         // SK_TF_*
    int8_t block_dir;       // 1 blocked sending, -1 receiving
    void *old_stacks;       // stacks replaced by a growth while natives held pointers into them (vm/sched/tasklet.c)
} SkTasklet;

typedef struct SkBuiltinTypes {
    SkClass *object, *type, *none, *bool_, *int_, *float_, *str, *bytes, *tuple, *list,
        *dict, *set, *frozenset, *range, *slice, *cell, *code, *function, *builtin_function,
        *method, *module, *generator, *dict_keys, *dict_values, *dict_items, *property,
        *staticmethod, *classmethod, *super, *file, *not_implemented_type, *ellipsis_type,
        *list_iterator, *tuple_iterator, *range_iterator, *str_iterator, *bytes_iterator,
        *dict_keyiterator, *dict_valueiterator, *dict_itemiterator, *set_iterator,
        *list_reverseiterator, *enumerate, *zip, *map, *filter, *reversed, *iterator,
        *callable_iterator;
    // stackless.tasklet / stackless.channel: NULL until the module is imported.
    SkClass *tasklet, *channel;
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
    // --- memory (vm/core/gc.c) ---
    SkObj *objects;         // every heap object, for the sweep
    struct SkPool *pool;    // small-object free lists (vm/core/pool.c), made on first use
    size_t bytes_allocated; // live bytes as last counted
    size_t next_gc;         // collect when bytes_allocated passes this
    bool gc_stress;         // collect at every allocation (SKEIN_GC_STRESS)
    bool gc_running;
    SkObj **arena;          // objects made since the loop last reset the arena: roots
    size_t arena_len, arena_cap;
    SkObj **gray;           // mark stack
    size_t gray_len, gray_cap;
    SkValue *roots;         // explicit temporary roots (sk_gc_push_root)
    size_t roots_len, roots_cap;

    // --- interned strings (vm/objects/str.c) ---
    SkStr **strings;        // open addressing; NULL empty
    size_t strings_len, strings_cap;

    // --- built-in classes and names ---
    SkBuiltinTypes t;
    SkExcClasses exc;
    SkNames names;
    SkValue not_implemented;// the NotImplemented singleton
    SkValue ellipsis;

    // --- namespaces ---
    SkDict *builtins;       // the builtins module's dict
    SkDict *modules;        // sys.modules
    SkModule *main_module;
    SkValue sys_path;       // list of str

    // --- tasklets ---
    SkTasklet *current;
    SkTasklet *main;
    int recursion_limit;

    // --- environment ---
    SkWriteFn write;
    void *host_data;
    int argc;
    char **argv;
    SkValue pending_exit;   // SystemExit code once raised out of the top level
    SkDict *sources;        // filename -> source str, for tracebacks
    SkValue memory_error;   // preallocated MemoryError instance
    SkDict *builtin_modules;// name -> SkNative wrapping an SkModuleInit (vm/exec/import.c)
    const struct SkEmbeddedModule *embedded_modules; // Skein-written library, NULL-name ended
    int repr_depth;         // recursion guard for repr of nested containers
    SkList *repr_stack;     // containers being repr'd (prints [...] on cycles)

    // Later subsystems (scheduler, event loop, processes) add fields here.
    SkSched sched;          // run queue and switch protocol (vm/sched/sched.h)
    uint64_t class_epoch;   // bumped whenever a class's dict changes: guards LOAD_ATTR/LOAD_METHOD caches
    bool gc_mark_overflow;  // the gray stack could not grow: rescan marked objects (vm/core/gc.c)
    // sk_class_lookup's cache of found attributes (vm/classes/class.c); an entry is
    // valid while its epoch equals class_epoch.
    struct SkLookupEntry {
        SkClass *cls;
        SkStr *name;
        uint64_t epoch;
        SkValue value;
    } lookup_cache[512];
    int c_depth_limit;      // nested sk_call levels allowed, from the C stack size (vm/core/state.c)
};

// --- the dispatch loop and calls (vm/exec/vm.c, vm/exec/call.c) ---

// Run a module-level code object in `globals`. Returns the result or SK_ERR.
SkValue sk_run_code(SkVM *vm, SkCode *code, SkDict *globals) SK_RAISES;
// Call any callable from C: nests one C level when f is Skein code.
// args are copied onto the VM stack first; kwnames as for SkNativeFn.
SkValue sk_call(SkVM *vm, SkValue f, SkValue *args, int nargs, SkTuple *kwnames) SK_RAISES;
// Convenience: f(a) and f(a, b).
SkValue sk_call1(SkVM *vm, SkValue f, SkValue a) SK_RAISES;
SkValue sk_call2(SkVM *vm, SkValue f, SkValue a, SkValue b) SK_RAISES;
// Look up `name` on v's class and call it with v as self. Returns SK_UNDEF
// with no exception pending when the class has no such method.
SkValue sk_call_method(SkVM *vm, SkValue self, SkStr *name, SkValue *args, int nargs) SK_RAISES;

// Bind a native's arguments by name, CPython style. names[0..nnames) are the
// parameter names (self excluded for methods: pass args+1, nargs-1); the
// first `required` are mandatory. Fills out[0..nnames) in order, SK_UNDEF
// for optional ones not given. Raises TypeError for unknown/duplicate/missing
// arguments naming fname ("sorted", "split"). Every parameter may be given
// by position or by name.
bool sk_bind_args(SkVM *vm, const char *fname, SkValue *args, int nargs, SkTuple *kwnames,
                  const char *const *names, int nnames, int required, SkValue *out) SK_RAISES;

// --- classes and attributes (vm/classes/class.c) ---

SkClass *sk_class_of(SkVM *vm, SkValue v);
const char *sk_type_name(SkVM *vm, SkValue v); // "int", "MyClass"
// Find name along cls's mro; SK_UNDEF if absent (never raises).
SkValue sk_class_lookup(SkVM *vm, SkClass *cls, SkStr *name);
bool sk_is_subclass(SkClass *sub, SkClass *base);
bool sk_isinstance(SkVM *vm, SkValue v, SkClass *cls);
SkValue sk_getattr(SkVM *vm, SkValue obj, SkStr *name) SK_RAISES;  // AttributeError if absent
// As sk_getattr but absent -> SK_UNDEF with no exception (hasattr, getattr default).
SkValue sk_getattr_opt(SkVM *vm, SkValue obj, SkStr *name) SK_RAISES;
bool sk_setattr(SkVM *vm, SkValue obj, SkStr *name, SkValue v) SK_RAISES;
bool sk_delattr(SkVM *vm, SkValue obj, SkStr *name) SK_RAISES;
// Make a built-in class. base may be NULL for object.
SkClass *sk_class_new_builtin(SkVM *vm, const char *name, SkClass *base, SkKind inst_kind);
// Add a C method to a class: name, function, arg bounds (self included).
SkNative *sk_define_method(SkVM *vm, SkClass *cls, const char *name, SkNativeFn fn,
                           int min_args, int max_args, bool takes_kw);
// Add a C function to a namespace dict (builtins, a module's dict).
SkNative *sk_define_native(SkVM *vm, SkDict *ns, const char *name, SkNativeFn fn,
                           int min_args, int max_args, bool takes_kw);
SkNative *sk_native_new(SkVM *vm, const char *name, SkNativeFn fn, int min_args, int max_args,
                        bool takes_kw);

// Create a user class from a class body's namespace (C3 mro, __module__,
// __qualname__, __class__ cell filled by the caller). TypeError on bad bases.
SkClass *sk_class_create(SkVM *vm, SkStr *name, SkTuple *bases, SkDict *ns) SK_RAISES;
// A fresh, uninitialized instance of a user class (SkInstance, or
// SkException when cls derives from BaseException; payload for list/dict bases).
SkValue sk_instance_new(SkVM *vm, SkClass *cls) SK_RAISES;

// --- modules (vm/exec/import.c) ---
// import name (dotted): the cached module from sys.modules, a built-in C
// module, or a .sk file found on sys.path. ModuleNotFoundError if none.
SkValue sk_import(SkVM *vm, SkStr *name) SK_RAISES;
typedef bool (*SkModuleInit)(SkVM *vm, SkModule *m);
// Register a built-in module made by C code on first import.
bool sk_register_builtin_module(SkVM *vm, const char *name, SkModuleInit init) SK_RAISES;
SkModule *sk_module_new(SkVM *vm, SkStr *name) SK_RAISES;
// The globals of the innermost running Skein frame (globals(), vars()), or NULL.
SkDict *sk_current_globals(SkVM *vm);

// Create sys.modules (vm->modules), vm->builtin_modules, vm->sys_path and the
// `builtins` module entry (vm/exec/import.c); called by sk_state_new.
void sk_init_modules(SkVM *vm);

// --- start-up (vm/core/state.c) ---
SkVM *sk_state_new(void);
void sk_state_free(SkVM *vm);

#endif
