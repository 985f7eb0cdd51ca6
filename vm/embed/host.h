// vm/embed/host.h -- the embedding API's state (SkHost, hung off vm->host):
// the host's configuration, the slot windows values cross in, the table
// behind handles and continuations, and the last error as text. The
// public functions (include/skein.h) live in vm/api.c and the other files
// of vm/embed/; this file holds what they share.
#ifndef SK_VM_EMBED_HOST_H
#define SK_VM_EMBED_HOST_H
#include "skein.h"
#include "vm/core/state.h"

// One entry of the token table: a handle's value or a continuation's wait.
typedef struct SkHostEntry {
    SkValue value;       // a handle's value (marked)
    struct SkWait *wait; // a continuation's wait; NULL once its tasklet is gone
    uint32_t gen;        // bumped when the entry is freed: stale tokens fail
    uint32_t next_free;  // free list (index + 1; 0 ends it)
    uint8_t kind;        // SK_ENTRY_*
} SkHostEntry;

enum { SK_ENTRY_FREE, SK_ENTRY_HANDLE, SK_ENTRY_CONT };

typedef struct SkHost {
    SkConfig cfg;
    // Slots: the host's window is [0, count) of slots when base == 0; a C
    // function called from Skein gets its own window above the caller's.
    SkValue *slots;
    int cap, base, count;
    int cdepth;              // host C functions running
    int calls;               // run calls in progress (0: the host is at its top level)
    bool script_set;         // sys.path[0] was set by the first chunk
    const char *in_callback; // the SkConfig callback running now ("write_fn"...), or NULL
    // Handles and continuations.
    SkHostEntry *entries;
    uint32_t nentries, entries_cap, free_head;
    uint32_t tag; // this VM's mark in its tokens (tells foreign ones apart)
    // The last error.
    char *err_type, *err_msg, *err_tb;
    // Modules the host defined or ran code in: importable whatever the lists say.
    SkDict *own_modules;
    SkValue last_exc; // the exception an API call failed with inside a C function
    // The running C function's sk_block, parked only once the function has
    // returned SK_BLOCKED (so it can first hand the continuation on). A
    // resume before that is kept here (early, result or exc).
    struct {
        struct SkWait *w;
        bool early;
        SkValue result, exc;
    } block;
    // sk_vm_wake: the async handle the VM's loop watches.
    struct uv_async_s *wake;
} SkHost;

// Make vm->host from cfg (copied). False when out of memory.
bool sk_host_init(SkVM *vm, const SkConfig *cfg);
void sk_host_free(SkVM *vm);
void sk_host_mark(SkVM *vm); // GC roots: the slots, the handles

// The value in slot i of the current window, or NULL (with the error
// recorded) when i is out of range.
SkValue *sk_host_slot(SkVM *vm, int i);
// Record an error for sk_error_*: type name, message, traceback text.
void sk_host_set_error(SkVM *vm, const char *type, const char *msg, const char *tb);
// Record an API misuse ("APIError") and return SK_ERR_API.
SkStatus sk_host_api_error(SkVM *vm, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
// The pending exception escaped to the host: record it (and print it when
// the config says so); SystemExit leaves its code in vm->pending_exit.
// Returns the status for it.
SkStatus sk_host_escaped(SkVM *vm);
// Module __main__, made (and put in sys.modules) on first use; it lives
// as long as the VM. NULL with the exception pending.
SkModule *sk_host_main(SkVM *vm) SK_RAISES;
// May Skein code be run now? Not from inside the host's own callbacks
// (write_fn, wake_fn, load_module_fn): false with an API error naming the
// function `what` and the callback.
bool sk_host_may_run(SkVM *vm, const char *what);
// Bracket every public call that runs Skein code: the outermost one sets
// the instruction budget and clears the limits' flags.
void sk_host_begin(SkVM *vm);
void sk_host_end(SkVM *vm);

#endif
