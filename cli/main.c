/* cli/main.c -- the `skein` command: parses the command line the way
 * CPython's does, picks what to run (a file, -c code, stdin, --dis) and maps
 * the result to an exit status. It uses only the embedding API
 * (include/skein.h), exactly as any host program would; all state lives in
 * locals and the VM, never in C globals. */
#define _POSIX_C_SOURCE 200809L
#include "cli/repl.h"
#include "skein.h"

#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SKEIN_VERSION sk_version()

/* Exit statuses, as CPython uses them. */
enum { EXIT_OK = 0, EXIT_ERROR = 1, EXIT_USAGE = 2 };

static const char usage_line[] =
    "usage: skein [option] ... [-c cmd | -m mod | file | -] [arg] ...\n";

static const char help_text[] =
    "Options:\n"
    "-c cmd   : program passed in as string (terminates option list)\n"
    "-m mod   : run library module as a script (terminates option list)\n"
    "--dis file: print the bytecode of file instead of running it\n"
    "--preempt N: switch tasklets every N instructions (backward jumps and calls)\n"
    "-i       : inspect interactively after running script\n"
    "-q       : don't print the version message on interactive startup\n"
    "-u       : unbuffered stdout and stderr\n"
    "-X preempt=N: as --preempt N\n"
    "-h, --help: print this help message and exit\n"
    "-V, --version: print the Skein version number and exit\n"
    "--       : terminates the option list\n"
    "\n"
    "Arguments:\n"
    "file     : program read from script file\n"
    "-        : program read from stdin (default; interactive mode if a tty)\n"
    "arg ...  : arguments passed to program in sys.argv[1:]\n"
    "\n"
    "Environment variables:\n"
    "SKEINPATH    : ':'-separated folders searched for modules before the library\n"
    "SKEINSTARTUP : file run before the first interactive prompt\n"
    "SKEIN_HISTFILE: the interactive history file (default ~/.skein_history)\n";

typedef enum RunMode { RUN_FILE, RUN_CODE, RUN_MODULE, RUN_STDIN, RUN_DIS } RunMode;

typedef struct Options {
    RunMode mode;
    const char *target; /* the file, code or module name */
    bool inspect;       /* -i */
    bool quiet;         /* -q */
    bool unbuffered;    /* -u */
    long preempt;       /* --preempt N, 0 off */
    int argc;           /* what becomes sys.argv */
    char **argv;
    char dash_c[3]; /* storage for sys.argv[0] == "-c" */
    char empty[1];  /* ... and for [""] when there is no script */
    char *no_script[2];
} Options;

static int usage_error(const char *fmt, const char *arg) {
    fputs("skein: ", stderr);
    fprintf(stderr, fmt, arg);
    fputc('\n', stderr);
    fputs(usage_line, stderr);
    fputs("Try `skein -h' for more information.\n", stderr);
    return EXIT_USAGE;
}

/* Fills [o] from the command line. Returns -1 to go on running, or the exit
 * status when the command is already done (--version, -h, usage errors).
 * Like CPython, options stop at the first argument that is not one: it is
 * the script, and everything after it belongs to the script. */
static int parse_args(int argc, char **argv, Options *o) {
    int i = 1;
    *o = (Options){.mode = RUN_STDIN, .dash_c = "-c"};
    o->no_script[0] = o->empty;
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] != '-' || strcmp(a, "-") == 0) break;
        if (strcmp(a, "--") == 0) {
            i++;
            break;
        }
        if (strcmp(a, "--version") == 0 || strcmp(a, "-V") == 0) {
            printf("Skein %s\n", SKEIN_VERSION);
            return EXIT_OK;
        }
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0 || strcmp(a, "-?") == 0) {
            fputs(usage_line, stdout);
            fputs(help_text, stdout);
            return EXIT_OK;
        }
        if (strcmp(a, "-i") == 0) {
            o->inspect = true;
            continue;
        }
        if (strcmp(a, "-q") == 0) {
            o->quiet = true;
            continue;
        }
        if (strcmp(a, "-u") == 0) {
            o->unbuffered = true;
            continue;
        }
        if (a[1] == 'X') {
            /* -X opt and -Xopt; preempt=N is the one Skein has. */
            const char *x = a[2] ? a + 2 : (i + 1 < argc ? argv[++i] : NULL);
            if (!x) return usage_error("Argument expected for the %s option", "-X");
            if (strncmp(x, "preempt=", 8) == 0) {
                char *end = NULL;
                o->preempt = strtol(x + 8, &end, 10);
                if (!x[8] || *end || o->preempt < 0)
                    return usage_error("-X preempt needs a non-negative instruction count, not %s",
                                       x + 8);
                continue;
            }
            return usage_error("unknown -X option %s", x);
        }
        if (strcmp(a, "--preempt") == 0) {
            char *end = NULL;
            if (i + 1 >= argc) return usage_error("Argument expected for the %s option", a);
            o->preempt = strtol(argv[++i], &end, 10);
            if (!*argv[i] || *end || o->preempt < 0)
                return usage_error("--preempt needs a non-negative instruction count, not %s",
                                   argv[i]);
            continue;
        }
        if (strcmp(a, "--dis") == 0) {
            if (i + 1 >= argc) return usage_error("Argument expected for the %s option", a);
            o->mode = RUN_DIS;
            o->target = argv[i + 1];
            i++; /* the file is argv[0] of the (unrun) program */
            break;
        }
        if (a[1] == 'c' || a[1] == 'm') {
            /* -c CODE and -cCODE, as CPython accepts both. */
            const char *val = a[2] ? a + 2 : (i + 1 < argc ? argv[++i] : NULL);
            if (!val) {
                char opt[3] = {'-', a[1], 0};
                return usage_error("Argument expected for the %s option", opt);
            }
            o->mode = a[1] == 'c' ? RUN_CODE : RUN_MODULE;
            o->target = val;
            i++;
            break;
        }
        if (a[1] == '-') return usage_error("unknown option %s", a);
        return usage_error("Unknown option: %s", a);
    }

    /* sys.argv: CPython puts "-c" for code, the module name for -m, the
     * script path for a file, "-" or "" for stdin. The slot before the
     * script's arguments is reused for argv[0] (C allows writing argv[i]). */
    if (o->mode == RUN_CODE || o->mode == RUN_MODULE || o->mode == RUN_DIS) {
        o->argv = argv + i - 1; /* the code/module/file word, or -cCODE */
        o->argc = argc - i + 1;
        o->argv[0] = o->mode == RUN_CODE ? o->dash_c : (char *)o->target;
    } else if (i < argc) {
        if (strcmp(argv[i], "-") != 0) {
            o->mode = RUN_FILE;
            o->target = argv[i];
        }
        o->argv = argv + i;
        o->argc = argc - i;
    } else {
        o->argv = o->no_script;
        o->argc = 1;
    }
    return -1;
}

/* CPython's wording for an unreadable script: the path made absolute by
 * prefixing the working directory (not normalised), then errno. */
static int cannot_open(const char *path, int err) {
    char cwd[4096];
    const char *prefix = "";
    if (path[0] != '/' && getcwd(cwd, sizeof cwd)) prefix = cwd;
    fprintf(stderr, "skein: can't open file '%s%s%s': [Errno %d] %s\n", prefix,
            prefix[0] ? "/" : "", path, err, strerror(err));
    return EXIT_USAGE;
}

/* Checks up front that [path] names a readable file, so a mistyped name is a
 * usage error (exit 2) and not a Python exception. It does not open the file:
 * a FIFO can be read only once, by the run itself. */
static int check_script(const char *path) {
    struct stat st;
    if (stat(path, &st) != 0) return cannot_open(path, errno);
    if (S_ISDIR(st.st_mode)) return cannot_open(path, EISDIR);
    if (access(path, R_OK) != 0) return cannot_open(path, errno);
    return -1;
}

/* Reads all of stdin into a malloc'd buffer. Returns NULL when out of memory
 * or on a read error (errno set). */
static char *read_stdin(size_t *len) {
    size_t cap = 8192, n = 0;
    char *buf = malloc(cap);
    if (!buf) return NULL;
    for (;;) {
        if (n == cap) {
            char *bigger = cap <= SIZE_MAX / 2 ? realloc(buf, cap * 2) : NULL;
            if (!bigger) {
                free(buf);
                errno = ENOMEM;
                return NULL;
            }
            buf = bigger;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n, stdin);
        n += got;
        if (got == 0) {
            if (ferror(stdin)) {
                free(buf);
                return NULL;
            }
            break;
        }
    }
    *len = n;
    return buf;
}

static int exit_status(SkVM *vm, SkStatus st) {
    switch (st) {
    case SK_OK: return EXIT_OK;
    case SK_ERR_EXIT: return sk_exit_code(vm);
    case SK_ERR_MEMORY:
    case SK_ERR_SYNTAX:
    case SK_ERR_RUNTIME:
    case SK_ERR_INTERRUPT:
    case SK_ERR_LIMIT:
    case SK_ERR_API:
    case SK_BLOCKED:
    case SK_INCOMPLETE: break;
    }
    return EXIT_ERROR;
}

/* SKEINSTARTUP: a file run in __main__ before the first prompt (its errors
 * are printed; the prompt comes anyway), as PYTHONSTARTUP. */
static void run_startup(SkVM *vm) {
    const char *path = getenv("SKEINSTARTUP");
    if (path && *path) sk_run_file(vm, path);
}

static SkStatus run_stdin(SkVM *vm) {
    size_t len = 0;
    char *src = read_stdin(&len);
    if (!src) {
        fprintf(stderr, "skein: can't read <stdin>: %s\n", strerror(errno));
        return SK_ERR_RUNTIME;
    }
    SkStatus st = sk_run_string(vm, src, len, "<stdin>");
    free(src);
    return st;
}

int main(int argc, char **argv) {
    Options o;
    int done = parse_args(argc, argv, &o);
    if (done >= 0) return done;

    if (o.mode == RUN_FILE || o.mode == RUN_DIS) {
        int bad = check_script(o.target);
        if (bad >= 0) return bad;
    }

    SkConfig cfg;
    sk_config_init(&cfg);
    cfg.argc = o.argc;
    cfg.argv = o.argv;
    cfg.preempt = o.preempt;
    cfg.print_errors = 1;  /* tracebacks on stderr, as CPython */
    cfg.handle_sigint = 1; /* Ctrl-C is KeyboardInterrupt */
    SkVM *vm = sk_vm_new(&cfg);
    if (!vm) {
        fputs("skein: out of memory\n", stderr);
        return EXIT_ERROR;
    }
    if (o.unbuffered) {
        setvbuf(stdout, NULL, _IONBF, 0);
        setvbuf(stderr, NULL, _IONBF, 0);
    }
    SkStatus st = SK_OK;
    bool tty = isatty(STDIN_FILENO);
    int status;
    if (o.mode == RUN_STDIN && tty) {
        run_startup(vm);
        status = sk_cli_repl(vm, o.quiet);
    } else {
        switch (o.mode) {
        case RUN_FILE: st = sk_run_file(vm, o.target); break;
        case RUN_CODE: st = sk_run_string(vm, o.target, strlen(o.target), "<string>"); break;
        case RUN_DIS: st = sk_disassemble_file(vm, o.target); break;
        case RUN_STDIN: st = run_stdin(vm); break;
        case RUN_MODULE: st = sk_run_module(vm, o.target); break;
        }
        status = exit_status(vm, st);
        /* -i: the prompt after the program (also after its error), as CPython. */
        if (o.inspect && st != SK_ERR_EXIT && o.mode != RUN_DIS) {
            fflush(stdout);
            st = SK_OK;
            status = tty ? sk_cli_repl(vm, true) : sk_cli_repl_plain(vm);
        }
    }
    /* Flush before freeing: the VM may write through stdio, and a failed
     * flush (a full disk, a closed pipe) must not be silent. */
    if (fflush(stdout) != 0 && status == EXIT_OK) status = EXIT_ERROR;
    sk_vm_free(vm);
    if (st == SK_ERR_INTERRUPT) {
        // As CPython: after the KeyboardInterrupt traceback, die by SIGINT
        // so the shell sees an interrupted program (status 130).
        signal(SIGINT, SIG_DFL);
        kill(getpid(), SIGINT);
        return 128 + SIGINT;
    }
    return status;
}
