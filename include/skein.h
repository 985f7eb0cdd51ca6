/* include/skein.h -- the embedding API of Skein: the only header a host
 * program needs. SkVM is opaque. Every function documents who owns what and
 * what it returns on error. (This first version covers running code; the
 * embedding issue grows it: values, calls, modules, handles, limits.) */
#ifndef SKEIN_H
#define SKEIN_H
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct SkVM SkVM;

typedef enum SkStatus {
    SK_OK = 0,
    SK_ERR_SYNTAX = 1,    /* the source did not compile */
    SK_ERR_RUNTIME = 2,   /* an exception escaped */
    SK_ERR_EXIT = 3,      /* SystemExit was raised: see sk_exit_code */
    SK_ERR_MEMORY = 4,    /* out of memory */
    SK_ERR_INTERRUPT = 5, /* KeyboardInterrupt (SIGINT) escaped: a command-line
                           * program then dies by SIGINT, as CPython does */
    SK_INCOMPLETE = 6,    /* sk_run_interactive: the input ends inside a block
                           * or a bracket; nothing ran, ask for another line */
} SkStatus;

/* Create a VM with the standard builtins. Returns NULL when out of memory.
 * [argc, argv] become sys.argv (copied); argv may be NULL. SIGINT is caught
 * by the VM's event loop and raised as KeyboardInterrupt in the main
 * tasklet, as CPython does. */
SkVM *sk_vm_new(int argc, char **argv);
/* Free a VM and everything it owns. vm may be NULL. */
void sk_vm_free(SkVM *vm);

/* Compile and run [src] (len bytes) as module __main__, named [filename] in
 * tracebacks. On error the traceback has been printed to stderr. */
SkStatus sk_run_string(SkVM *vm, const char *src, size_t len, const char *filename);
/* Read [path] and run it as __main__. A file that cannot be read gives
 * SK_ERR_RUNTIME with an OSError printed. */
SkStatus sk_run_file(SkVM *vm, const char *path);
/* Run module [name] (dotted for a submodule) as __main__, as `python -m`:
 * the file name.sk or name.py (or the package's __main__.sk/.py) found on
 * the module search path (the current folder first). sys.argv[0] becomes
 * the file's path. A name with no such file prints "No module named ..."
 * and gives SK_ERR_RUNTIME. */
SkStatus sk_run_module(SkVM *vm, const char *name);
/* Automatic preemption: after every [n] instructions (counted at backward
 * jumps and calls) the running tasklet goes to the back of the run queue,
 * unless it is atomic or inside a C callback. n <= 0 turns it off (the
 * default: scheduling is cooperative). */
void sk_vm_set_preempt(SkVM *vm, long n);
/* Interactive use (the REPL in cli/repl.c). Compile [src] (len bytes, one
 * or more lines typed so far) as one interactive statement and run it in
 * module __main__, which lives as long as the VM: the repr of an expression
 * statement's value is printed (not for None) and bound to builtins._.
 * Returns SK_OK; SK_INCOMPLETE when src ends inside a block or a bracket
 * (a compound statement ends at a blank line, as in CPython); or an error
 * status with the traceback printed (SK_ERR_INTERRUPT for Ctrl-C while it
 * ran, SK_ERR_EXIT for exit()). Tracebacks name the file "<stdin>". */
SkStatus sk_run_interactive(SkVM *vm, const char *src, size_t len);
/* Run the VM's tasklets and event loop until standard input can be read
 * without blocking: a host reading a terminal waits this way, so tasklets
 * keep running meanwhile. Returns SK_OK, or SK_ERR_INTERRUPT (nothing
 * printed) when Ctrl-C (SIGINT) came first. */
SkStatus sk_wait_stdin(SkVM *vm);
/* Route the VM's output (print, sys.stdout/stderr, tracebacks) to
 * [write](data, stream, text, len), stream 1 or 2; NULL restores the
 * default (stdout/stderr). The text is not NUL-terminated and is valid only
 * during the call. */
void sk_vm_set_output(SkVM *vm, void (*write)(void *data, int stream, const char *text, size_t len),
                      void *data);
/* Completions of the identifier (or dotted name) [text] for an interactive
 * prompt: keywords, builtins and __main__'s names; after a dot, the
 * attributes of what the dotted name before it names; with [modules], the
 * names of importable modules. Only dictionaries are read: no user code
 * runs (a property is not evaluated). Returns a malloc'd, NULL-ended,
 * sorted array of malloc'd strings (the caller frees each and the array),
 * or NULL when out of memory. */
char **sk_complete(SkVM *vm, const char *text, int modules);
/* Exit status to use after SK_ERR_EXIT (SystemExit's code). */
int sk_exit_code(SkVM *vm);
/* Print the disassembly of [path] to stdout. */
SkStatus sk_disassemble_file(SkVM *vm, const char *path);

#ifdef __cplusplus
}
#endif
#endif
