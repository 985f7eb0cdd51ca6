/* include/skein.h -- the embedding API of Skein: the only header a host
 * program needs (link with `pkg-config --cflags --libs skein`).
 *
 * The model is Lua's and Wren's: an opaque SkVM passed to every call,
 * nothing global (many VMs per process, each used by one thread at a time),
 * and no call that aborts the host. Values cross the boundary through
 * numbered *slots*, never as raw pointers: the host puts arguments into
 * slots, calls, and reads the result from a slot. A value the host wants
 * to keep between calls goes into a *handle*.
 *
 * Errors: every call that can fail returns an SkStatus. After a failure,
 * sk_error_type / sk_error_message / sk_error_traceback describe it, and
 * the VM stays usable for the next call. Passing a NULL VM, a slot out of
 * range, a released or foreign handle, or calling something where it is
 * not allowed is SK_ERR_API, never a crash.
 *
 * Slots: the host sees slots 0 .. sk_slot_count()-1; sk_ensure_slots grows
 * them (new slots hold None). Inside a C function (sk_define_module) the
 * slots are that call's own: its arguments are slots 0..argc-1 and what it
 * leaves in slot 0 is its result. Strings read from a slot stay valid as
 * long as the value stays in that slot (or in a handle). */
#ifndef SKEIN_H
#define SKEIN_H
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Symbols of the shared library: everything else in it is hidden. */
#if defined(SKEIN_BUILDING_SHARED) && defined(__GNUC__)
#define SK_API __attribute__((visibility("default")))
#else
#define SK_API
#endif

#define SKEIN_VERSION_MAJOR 0
#define SKEIN_VERSION_MINOR 4
#define SKEIN_VERSION_PATCH 0
/* "0.4.0": the version of the library the host is linked with. */
SK_API const char *sk_version(void);

typedef struct SkVM SkVM;
typedef struct SkHandle SkHandle;             /* a value kept for the host */
typedef struct SkContinuation SkContinuation; /* a tasklet blocked in C */

typedef enum SkStatus {
    SK_OK = 0,
    SK_ERR_SYNTAX = 1,    /* the source did not compile (a SyntaxError) */
    SK_ERR_RUNTIME = 2,   /* an exception escaped */
    SK_ERR_EXIT = 3,      /* SystemExit was raised: see sk_exit_code */
    SK_ERR_MEMORY = 4,    /* out of memory (the allocator failed) */
    SK_ERR_INTERRUPT = 5, /* KeyboardInterrupt (SIGINT) escaped */
    SK_INCOMPLETE = 6,    /* sk_run_interactive: the input ends inside a block
                           * or a bracket; nothing ran, ask for another line */
    SK_ERR_LIMIT = 7,     /* SkConfig's memory_limit or instruction_limit was
                           * reached; the run was stopped */
    SK_ERR_API = 8,       /* the host misused the API (see sk_error_message) */
    SK_BLOCKED = 9,       /* returned by sk_block, for a C function to return */
} SkStatus;

/* ------------------------------------------------------------------ config */

/* How a VM is made. Initialise with sk_config_init, then set fields. */
typedef struct SkConfig {
    /* All memory the VM keeps (objects, their buffers, tasklet stacks, the
     * VM's tables) comes from realloc_fn(ptr, size, user_data): size 0 frees
     * ptr (returns NULL); ptr NULL allocates. Returning NULL for a size > 0
     * is an allocation failure: the running call fails with SK_ERR_MEMORY
     * (MemoryError inside the script), the VM stays usable. NULL: the C
     * library's realloc/free. (The compiler's short-lived working memory
     * and libuv/GMP/PCRE2 internals use the C library directly.) */
    void *(*realloc_fn)(void *ptr, size_t size, void *user_data);
    /* Output of print(), sys.stdout/stderr and printed tracebacks: stream 1
     * or 2; [text] is not NUL-terminated and valid only during the call.
     * NULL: the process's stdout and stderr. */
    void (*write_fn)(SkVM *vm, int stream, const char *text, size_t len);
    /* Asked first on every import of a module not yet loaded: return the
     * Skein source of module [name] (dotted for a submodule) and its length
     * in *len, or NULL to let the normal search go on (built-in modules,
     * then files on sys.path). The text is copied; free_module_fn, when
     * set, is then called with the same pointer. */
    const char *(*load_module_fn)(SkVM *vm, const char *name, size_t *len);
    void (*free_module_fn)(SkVM *vm, const char *name, const char *source);
    /* Called in the VM's thread, from inside the run call that is waiting,
     * after another thread called sk_vm_wake: the place to call sk_resume
     * for the results the host's own threads produced. May be NULL.
     * Inside write_fn, wake_fn and the module callbacks, the value and
     * resume functions may be used, but not those that run Skein code
     * (sk_run_*, sk_eval, sk_call, the scheduler): they give SK_ERR_API. */
    void (*wake_fn)(SkVM *vm);
    /* The memory cap in bytes of live Skein data (0: none). Passing it
     * raises MemoryError in the script; if that escapes, the call returns
     * SK_ERR_LIMIT. A fresh VM with a few modules loaded needs about 0.5 MB. */
    size_t memory_limit;
    /* Instructions each run call (sk_run_*, sk_eval, sk_call, ...) may
     * execute (0: no limit). Instructions are counted at calls and at the
     * backward jumps of loops, so straight-line code between two of them
     * counts once. Past the budget the script is stopped: no except or
     * finally block runs, and the call returns SK_ERR_LIMIT. */
    long instruction_limit;
    /* Python's sys.getrecursionlimit() (0: 1000). */
    int recursion_limit;
    /* Preemption: after this many instructions the running tasklet goes to
     * the back of the run queue (0: cooperative scheduling, the default). */
    long preempt;
    /* Standard modules a script may import: NULL-ended lists of names. With
     * allow_modules set, only those (and modules the host defines or serves
     * through load_module_fn) are importable; deny_modules removes names.
     * A name covers its submodules and its C half "_name" (allowing "re"
     * allows "_re"; denying "socket" denies "_socket"). Importing a refused
     * module raises ImportError. */
    const char *const *allow_modules;
    const char *const *deny_modules;
    /* Built-in functions removed from the builtins module, e.g. "open",
     * "input", "exec" (NULL-ended). */
    const char *const *deny_builtins;
    /* Print tracebacks of escaping exceptions to stream 2, as the skein
     * command does (0: only record them for sk_error_*). */
    int print_errors;
    /* Catch SIGINT and raise KeyboardInterrupt in the main tasklet, as the
     * skein command does (0: leave the process's signal handling alone). */
    int handle_sigint;
    /* sys.argv (copied); argv may be NULL. */
    int argc;
    char **argv;
    /* Anything the host wants back through sk_vm_user_data. */
    void *user_data;
} SkConfig;

/* Fill [cfg] with the defaults: no limits, libc memory, stdout/stderr,
 * errors recorded, not printed, SIGINT left alone. */
SK_API void sk_config_init(SkConfig *cfg);

/* Create a VM with the standard library (cfg NULL: the defaults). Returns
 * NULL when out of memory. The config is copied (the lists it points to
 * must outlive the VM). */
SK_API SkVM *sk_vm_new(const SkConfig *cfg);
/* Free a VM and everything it owns; __del__ methods still due run first.
 * vm may be NULL. It is an error to call this from inside a callback of
 * the same VM (it is then ignored and reported as SK_ERR_API later). */
SK_API void sk_vm_free(SkVM *vm);
/* SkConfig.user_data. */
SK_API void *sk_vm_user_data(SkVM *vm);

/* ------------------------------------------------------------------ running */

/* Compile and run [src] (len bytes) in module __main__, which lives as long
 * as the VM: later chunks see the names earlier ones defined, as Lua chunks
 * share globals. [filename] names the chunk in tracebacks (NULL:
 * "<string>"). Tasklets the chunk creates run when it blocks or schedules;
 * those still runnable when it ends wait for the next run call or for
 * sk_run_until_idle / sk_run_for. */
SK_API SkStatus sk_run_string(SkVM *vm, const char *src, size_t len, const char *filename);
/* Read [path] and run it in __main__ like sk_run_string. A file that cannot
 * be read gives SK_ERR_EXIT with exit code 2 (as `skein path` does). */
SK_API SkStatus sk_run_file(SkVM *vm, const char *path);
/* Run [src] in module [module] (created and put in sys.modules if new, so
 * scripts can import it), e.g. to give each plugin its own globals. */
SK_API SkStatus sk_run_in(SkVM *vm, const char *module, const char *src, size_t len,
                          const char *filename);
/* Evaluate the expression [expr] (len bytes) in __main__ and put its value
 * in [slot]. */
SK_API SkStatus sk_eval(SkVM *vm, const char *expr, size_t len, int slot);
/* Run module [name] as __main__, as `skein -m name` (the CLI's -m). */
SK_API SkStatus sk_run_module(SkVM *vm, const char *name);

/* ------------------------------------------------------------------ errors */

/* The last failed call's exception class name ("ValueError",
 * "SyntaxError", "MemoryError", "LimitError" for SK_ERR_LIMIT, "APIError"
 * for SK_ERR_API), its message, and the whole traceback as Skein prints
 * it. Never NULL ("" when there was no error); valid until the next call
 * that fails. sk_error_clear forgets them. */
SK_API const char *sk_error_type(SkVM *vm);
SK_API const char *sk_error_message(SkVM *vm);
SK_API const char *sk_error_traceback(SkVM *vm);
SK_API void sk_error_clear(SkVM *vm);
/* Exit status to use after SK_ERR_EXIT (SystemExit's code). */
SK_API int sk_exit_code(SkVM *vm);

/* ------------------------------------------------------------------ slots */

typedef enum SkType {
    SK_TYPE_NONE,
    SK_TYPE_BOOL,
    SK_TYPE_INT, /* any size: sk_get_int fails beyond int64_t */
    SK_TYPE_FLOAT,
    SK_TYPE_STR,
    SK_TYPE_BYTES, /* bytes or bytearray */
    SK_TYPE_LIST,
    SK_TYPE_TUPLE,
    SK_TYPE_DICT,
    SK_TYPE_OTHER, /* anything else: instances, functions, sets, ... */
} SkType;

/* How many slots the host (or the running C function) has. */
SK_API int sk_slot_count(SkVM *vm);
/* Make at least [n] slots exist (new ones hold None). */
SK_API SkStatus sk_ensure_slots(SkVM *vm, int n);
/* The type of the value in [slot]; SK_TYPE_NONE for a bad slot. */
SK_API SkType sk_slot_type(SkVM *vm, int slot);
/* The Skein class name of the value in [slot] ("int", "Point"), or "" for
 * a bad slot. Valid while the class lives. */
SK_API const char *sk_slot_type_name(SkVM *vm, int slot);
/* Copy slot [src] into slot [dst]. */
SK_API SkStatus sk_copy_slot(SkVM *vm, int dst, int src);

/* Put a value into [slot]. */
SK_API SkStatus sk_set_none(SkVM *vm, int slot);
SK_API SkStatus sk_set_bool(SkVM *vm, int slot, int value);
SK_API SkStatus sk_set_int(SkVM *vm, int slot, int64_t value);
SK_API SkStatus sk_set_float(SkVM *vm, int slot, double value);
/* A str from [len] bytes of UTF-8 (copied). Invalid UTF-8 is SK_ERR_API. */
SK_API SkStatus sk_set_str(SkVM *vm, int slot, const char *text, size_t len);
SK_API SkStatus sk_set_bytes(SkVM *vm, int slot, const void *data, size_t len);
SK_API SkStatus sk_set_new_list(SkVM *vm, int slot);
SK_API SkStatus sk_set_new_dict(SkVM *vm, int slot);
/* A tuple of the [n] values in slots first..first+n-1. */
SK_API SkStatus sk_set_new_tuple(SkVM *vm, int slot, int first, int n);

/* Read the value in [slot]. Each fails with SK_ERR_RUNTIME (TypeError) when
 * the value has another type; sk_get_int fails with OverflowError when an
 * int does not fit in int64_t. bool reads any value's truth (may run
 * __bool__); int accepts bool; float accepts int. */
SK_API SkStatus sk_get_bool(SkVM *vm, int slot, int *out);
SK_API SkStatus sk_get_int(SkVM *vm, int slot, int64_t *out);
SK_API SkStatus sk_get_float(SkVM *vm, int slot, double *out);
/* A str as UTF-8 (NUL-terminated; *len may be NULL). */
SK_API SkStatus sk_get_str(SkVM *vm, int slot, const char **text, size_t *len);
/* bytes or bytearray (a bytearray's pointer moves if it is resized). */
SK_API SkStatus sk_get_bytes(SkVM *vm, int slot, const char **data, size_t *len);
/* str(value) / repr(value) of [slot] into slot [dst] (may run user code). */
SK_API SkStatus sk_to_str(SkVM *vm, int slot, int dst);
SK_API SkStatus sk_to_repr(SkVM *vm, int slot, int dst);

/* ------------------------------------------------------------------ containers */

/* len() of the value in [slot]. */
SK_API SkStatus sk_get_len(SkVM *vm, int slot, size_t *out);
/* container[key] -> dst, container[key] = value, as the script would write
 * them (lists, tuples, dicts, strings, and classes with __getitem__). */
SK_API SkStatus sk_get_item(SkVM *vm, int container, int key, int dst);
SK_API SkStatus sk_set_item(SkVM *vm, int container, int key, int value);
/* container[index] -> dst (negative counts from the end). */
SK_API SkStatus sk_get_index(SkVM *vm, int container, int64_t index, int dst);
/* container["key"] -> dst / container["key"] = value, for dicts with str
 * keys. A missing key is KeyError. */
SK_API SkStatus sk_get_key(SkVM *vm, int container, const char *key, int dst);
SK_API SkStatus sk_set_key(SkVM *vm, int container, const char *key, int value);
/* list.append(value). */
SK_API SkStatus sk_append(SkVM *vm, int list, int value);
/* iter(value) -> dst; then sk_iter_next puts the next item into [dst] and sets
 * *done to 0, or sets *done to 1 when the iterator is exhausted. */
SK_API SkStatus sk_get_iter(SkVM *vm, int slot, int dst);
SK_API SkStatus sk_iter_next(SkVM *vm, int iter, int dst, int *done);

/* ------------------------------------------------------------------ names and calls */

/* Global [name] of module [module] (NULL: "__main__"; imported if not yet
 * loaded) into [dst]. A missing name is NameError. */
SK_API SkStatus sk_get_global(SkVM *vm, const char *module, const char *name, int dst);
SK_API SkStatus sk_set_global(SkVM *vm, const char *module, const char *name, int src);
/* import [module] into [dst]. */
SK_API SkStatus sk_import(SkVM *vm, const char *module, int dst);
/* getattr / setattr by name. */
SK_API SkStatus sk_get_attr(SkVM *vm, int obj, const char *name, int dst);
SK_API SkStatus sk_set_attr(SkVM *vm, int obj, const char *name, int value);
/* Call the value in slot [fn] with the [nargs] positional arguments in the
 * slots after it (fn+1 .. fn+nargs) and, when [kwargs] >= 0, the keyword
 * arguments of the dict in that slot (str keys); the result goes to [dst]
 * (which may be fn). Tasklets the call starts run while it blocks. */
SK_API SkStatus sk_call(SkVM *vm, int fn, int nargs, int kwargs, int dst);
/* obj.name(args...): [obj] is the slot of the object, its arguments are in
 * obj+1 .. obj+nargs. */
SK_API SkStatus sk_call_method(SkVM *vm, int obj, const char *name, int nargs, int kwargs, int dst);

/* ------------------------------------------------------------------ handles */

/* Keep the value in [slot] alive until sk_handle_release, even when no
 * slot holds it. NULL when out of memory or on API misuse. */
SK_API SkHandle *sk_handle_new(SkVM *vm, int slot);
/* Put the handle's value into [slot]. */
SK_API SkStatus sk_handle_get(SkVM *vm, SkHandle *handle, int slot);
/* Let the value go. Releasing twice, or a handle of another VM, is
 * SK_ERR_API. Handles still held when the VM is freed go with it. */
SK_API SkStatus sk_handle_release(SkVM *vm, SkHandle *handle);

/* ------------------------------------------------------------------ C functions */

/* A C function callable from Skein. Its arguments are in slots
 * 0..argc-1 (at least one slot exists); it leaves its result in slot 0 (None
 * when it sets nothing and took no arguments) and returns SK_OK; or it
 * returns sk_raise_error(...) to raise, or sk_block(...) to block its tasklet.
 * [data] is the pointer given to sk_define_module. */
typedef SkStatus (*SkCFunction)(SkVM *vm, int argc, void *data);

typedef struct SkFunctionDef {
    const char *name;
    SkCFunction fn;
    int nargs;       /* exact number of arguments, or -1 for any */
    const char *doc; /* __doc__ (may be NULL) */
} SkFunctionDef;

/* Make module [name] importable with the functions of [defs] (ended by an
 * entry whose name is NULL), each called with [data]. If the module
 * exists (say "__main__" or "builtins") the functions are added to it.
 * Keyword arguments are refused with TypeError. */
SK_API SkStatus sk_define_module(SkVM *vm, const char *name, const SkFunctionDef *defs, void *data);
/* Raise an exception of class [type] (a builtin name such as "ValueError",
 * or "module.Class") with the printf-formatted message. Returns
 * SK_ERR_RUNTIME, for a C function to return. An unknown class is
 * SK_ERR_API. */
SK_API SkStatus sk_raise_error(SkVM *vm, const char *type, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Continuations (Lua's lua_yieldk): inside a C function, block the calling
 * tasklet until the host resumes it; other tasklets keep running. [what]
 * names the wait in deadlock reports. On success *out is set and SK_BLOCKED
 * returned, which the C function must return: the tasklet is parked when
 * it does, so the function may first hand *out to whatever will resume it
 * (a worker thread's queue, a timer on sk_vm_loop); resuming it even
 * before the function returns makes the result immediate. A tasklet that
 * cannot switch here (inside a callback the VM makes from C, such as
 * __eq__ or a sort key, or an atomic tasklet) makes sk_block fail with
 * RuntimeError (SK_ERR_RUNTIME, for the function to return). Once per call. */
SK_API SkStatus sk_block(SkVM *vm, const char *what, SkContinuation **out);
/* Resume the blocked tasklet: the C function returns the value in [slot]
 * (sk_resume) or raises [type] with [message] (sk_resume_error). It runs at
 * the next run call (or in the one waiting now). Each continuation is
 * resumed once; a second resume is SK_ERR_API. If the tasklet was killed
 * meanwhile the value is dropped. Call from the VM's thread: from a
 * wake_fn, a run call's callbacks, or between run calls. */
SK_API SkStatus sk_resume(SkVM *vm, SkContinuation *k, int slot);
SK_API SkStatus sk_resume_error(SkVM *vm, SkContinuation *k, const char *type, const char *message);

/* ------------------------------------------------------------------ scheduling */

/* Run the VM's tasklets and event loop (timers, sockets, children) until
 * no tasklet can run and none waits for anything but a continuation or a
 * channel: every tasklet finished or blocked. */
SK_API SkStatus sk_run_until_idle(SkVM *vm);
/* Run tasklets for at most [instructions] (counted as instruction_limit
 * counts), polling the event loop without waiting. *more (may be NULL) is
 * set to 1 when tasklets are still runnable or wait on timers or I/O, 0
 * when everything is done or blocked. For a game loop: call once a frame. */
SK_API SkStatus sk_run_for(SkVM *vm, long instructions, int *more);
/* Wake the VM from another thread: a run call waiting in the event loop
 * calls SkConfig.wake_fn in the VM's thread. Safe from any thread, also
 * while the VM runs. */
SK_API void sk_vm_wake(SkVM *vm);
/* The VM's libuv loop (uv_loop_t *), for hosts that add their own handles
 * (timers, sockets) whose callbacks then call sk_resume. It runs whenever
 * the VM waits. */
SK_API void *sk_vm_loop(SkVM *vm);

/* ------------------------------------------------------------------ the skein command */

/* Preemption, as SkConfig.preempt, changed after creation. */
SK_API void sk_vm_set_preempt(SkVM *vm, long n);
/* Interactive use (the REPL in cli/repl.c). Compile [src] (len bytes, one
 * or more lines typed so far) as one interactive statement and run it in
 * module __main__: the repr of an expression statement's value is printed
 * (not for None) and bound to builtins._. Returns SK_OK; SK_INCOMPLETE when
 * src ends inside a block or a bracket (a compound statement ends at a
 * blank line, as in CPython); or an error status with the traceback
 * printed (SK_ERR_INTERRUPT for Ctrl-C while it ran, SK_ERR_EXIT for
 * exit()). Tracebacks name the file "<stdin>". */
SK_API SkStatus sk_run_interactive(SkVM *vm, const char *src, size_t len);
/* Run the VM's tasklets and event loop until standard input can be read
 * without blocking: a host reading a terminal waits this way, so tasklets
 * keep running meanwhile. Returns SK_OK, or SK_ERR_INTERRUPT (nothing
 * printed) when Ctrl-C (SIGINT) came first. */
SK_API SkStatus sk_wait_stdin(SkVM *vm);
/* Route the VM's output to [write](data, stream, text, len) instead of
 * SkConfig.write_fn; NULL restores it. */
SK_API void sk_vm_set_output(SkVM *vm,
                             void (*write)(void *data, int stream, const char *text, size_t len),
                             void *data);
/* Completions of the identifier (or dotted name) [text] for an interactive
 * prompt: keywords, builtins and __main__'s names; after a dot, the
 * attributes of what the dotted name before it names; with [modules], the
 * names of importable modules. Only dictionaries are read: no user code
 * runs. Returns a malloc'd, NULL-ended, sorted array of malloc'd strings
 * (the caller frees each and the array), or NULL when out of memory. */
SK_API char **sk_complete(SkVM *vm, const char *text, int modules);
/* Print the disassembly of [path] to stdout. */
SK_API SkStatus sk_disassemble_file(SkVM *vm, const char *path);

#ifdef __cplusplus
}
#endif
#endif
