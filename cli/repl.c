/* cli/repl.c -- the interactive prompt: `skein` on a terminal, and
 * `skein -i file` after the file ran. GNU readline reads the lines (editing,
 * history in ~/.skein_history); sk_run_interactive (include/skein.h)
 * compiles what was typed so far and either asks for more (">>> " becomes
 * "... ") or runs it in __main__, printing each expression's value.
 *
 * While readline waits for a key, the VM runs: readline reads through
 * repl_getc, which first lets the VM's tasklets and event loop run until
 * the terminal has input (sk_wait_stdin), so tasklets started at the
 * prompt keep going; their output is written above the line being typed,
 * which is then redrawn intact. Ctrl-C at the prompt discards the line,
 * Ctrl-C while a statement runs raises KeyboardInterrupt in it; either way
 * the prompt comes back. Ctrl-D or exit() leaves.
 *
 * Readline's hooks take no user data, so the one REPL of the process is
 * reached through `active` (readline itself is process-wide state). */
#define _POSIX_C_SOURCE 200809L /* getline */
#include "cli/repl.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#define HISTORY_SIZE 1000

typedef struct Repl {
    SkVM *vm;
    char *buf; /* the statement typed so far, lines joined with '\n' */
    size_t len, cap;
    bool at_prompt;   /* inside readline(): output must not garble the line */
    bool interrupted; /* Ctrl-C while readline waited */
    char *histfile;   /* NULL: no history file */
    char *pend[3];    /* output of streams 1 and 2 while at the prompt, up to a newline */
    size_t npend[3];
} Repl;

static Repl *active;

static void put(int stream, const char *text, size_t len) {
    FILE *f = stream == 2 ? stderr : stdout;
    if (stream == 2) fflush(stdout);
    fwrite(text, 1, len, f);
    fflush(f);
}

/* Write the held output of a stream (when the prompt goes away). */
static void flush_pending(Repl *r, int stream) {
    if (r->npend[stream]) put(stream, r->pend[stream], r->npend[stream]);
    r->npend[stream] = 0;
}

/* VM output. While the prompt is shown, whole lines go above the line
 * being typed, which is then redrawn as it was; a partial line waits for
 * its end (print writes a line in several pieces). */
static void repl_write(void *data, int stream, const char *text, size_t len) {
    Repl *r = data;
    if (stream != 2) stream = 1;
    if (!r->at_prompt) {
        flush_pending(r, stream);
        put(stream, text, len);
        return;
    }
    char *p = realloc(r->pend[stream], r->npend[stream] + len);
    if (!p) return; /* out of memory: the text is lost, the line stays sane */
    r->pend[stream] = p;
    memcpy(p + r->npend[stream], text, len);
    r->npend[stream] += len;
    size_t upto = r->npend[stream];
    while (upto && p[upto - 1] != '\n') upto--;
    if (!upto) return;
    char *line = rl_copy_text(0, rl_end);
    int point = rl_point;
    rl_clear_visible_line();
    put(stream, p, upto);
    memmove(p, p + upto, r->npend[stream] - upto);
    r->npend[stream] -= upto;
    rl_on_new_line();
    rl_replace_line(line ? line : "", 0);
    rl_point = point;
    rl_redisplay();
    free(line);
}

/* readline's reader: the VM runs until a key can be read. */
static int repl_getc(FILE *in) {
    Repl *r = active;
    if (sk_wait_stdin(r->vm) == SK_ERR_INTERRUPT) {
        /* Ctrl-C at the prompt: the line is dropped, readline returns it empty. */
        r->interrupted = true;
        rl_replace_line("", 0);
        rl_point = rl_end = 0;
        return '\n';
    }
    return rl_getc(in);
}

/* Tab: indentation at the start of a line (pasted code runs as pasted),
 * completion after some text. */
static int repl_tab(int count, int key) {
    for (int i = 0; i < rl_point; i++)
        if (rl_line_buffer[i] != ' ' && rl_line_buffer[i] != '\t')
            /* A second Tab in a row lists the candidates, as bound rl_complete does. */
            return rl_complete_internal(rl_last_func == repl_tab ? '?' : '\t');
    return rl_insert(count, '\t');
}

/* Whether the word being completed is a module name: after `import` or
 * `from` (and after the commas of `import a, b`). */
static bool module_context(int start) {
    int i = 0;
    while (i < start && (rl_line_buffer[i] == ' ' || rl_line_buffer[i] == '\t')) i++;
    const char *s = rl_line_buffer + i;
    if (strncmp(s, "import ", 7) == 0) return true;
    if (strncmp(s, "from ", 5) != 0) return false;
    return !strstr(s, " import "); /* from m import <names>: not modules */
}

/* readline's completer over sk_complete: matches[0] is what the word
 * becomes (the longest common prefix), then the candidates. */
static char **repl_complete(const char *text, int start, int end) {
    rl_attempted_completion_over = 1;      /* never file names */
    rl_completion_append_character = '\0'; /* reset by readline before each attempt */
    char **v = sk_complete(active->vm, text, module_context(start));
    size_t n = 0;
    while (v && v[n]) n++;
    if (n == 0) {
        free(v);
        return NULL;
    }
    char **m = malloc((n + 2) * sizeof *m);
    size_t common = strlen(v[0]);
    for (size_t i = 1; i < n; i++) {
        size_t k = 0;
        while (k < common && v[i][k] == v[0][k]) k++;
        common = k;
    }
    char *first = m ? strndup(v[0], common) : NULL;
    if (!first) {
        for (size_t i = 0; i < n; i++) free(v[i]);
        free(v);
        free(m);
        return NULL;
    }
    m[0] = first;
    for (size_t i = 0; i < n; i++) m[i + 1] = v[i];
    m[n + 1] = NULL;
    free(v);
    if (n == 1) { /* one match: it replaces the word, with no list shown */
        free(m[0]);
        m[0] = m[1];
        m[1] = NULL;
    }
    return m;
}

static bool append(Repl *r, const char *line) {
    size_t n = strlen(line);
    if (r->len + n + 2 > r->cap) {
        size_t cap = (r->len + n + 2) * 2;
        char *b = realloc(r->buf, cap);
        if (!b) return false;
        r->buf = b;
        r->cap = cap;
    }
    memcpy(r->buf + r->len, line, n);
    r->len += n;
    r->buf[r->len++] = '\n';
    r->buf[r->len] = 0;
    return true;
}

static bool blank(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n') return false;
    return true;
}

/* $SKEIN_HISTFILE, else ~/.skein_history; NULL without $HOME. */
static char *history_path(void) {
    const char *env = getenv("SKEIN_HISTFILE");
    if (env) return *env ? strdup(env) : NULL;
    const char *home = getenv("HOME");
    if (!home || !*home) return NULL;
    size_t n = strlen(home) + sizeof "/.skein_history";
    char *p = malloc(n);
    if (p) snprintf(p, n, "%s/.skein_history", home);
    return p;
}

static void save_history(Repl *r) {
    if (!r->histfile) return;
    int err = write_history(r->histfile);
    if (err != 0)
        fprintf(stderr, "skein: cannot write the history file %s: %s\n", r->histfile,
                strerror(err));
}

int sk_cli_repl(SkVM *vm, bool quiet) {
    Repl r = {.vm = vm};
    active = &r;
    rl_readline_name = "skein";
    rl_catch_signals = 0; /* SIGINT is the VM's (KeyboardInterrupt) */
    rl_catch_sigwinch = 1;
    rl_getc_function = repl_getc;
    rl_bind_key('\t', repl_tab);
    rl_attempted_completion_function = repl_complete;
    rl_completer_word_break_characters = " \t\n`~!@#$%^&*()-=+[{]}\\|;:'\",<>/?";
    using_history();
    stifle_history(HISTORY_SIZE);
    /* A statement of several lines stays one entry in the file too: each
     * entry is written after a timestamp line, which is how readline finds
     * where a multi-line entry ends when it reads the file back. */
    history_comment_char = '#';
    history_write_timestamps = 1;
    history_multiline_entries = 1;
    r.histfile = history_path();
    if (r.histfile) read_history(r.histfile); /* missing at first: fine */
    sk_vm_set_output(vm, repl_write, &r);
    if (!quiet)
        printf("Skein %s\nType \"exit()\" or Ctrl-D (end of file) to leave.\n", sk_version());

    int status = 0;
    for (;;) {
        fflush(stdout);
        r.at_prompt = true;
        char *line = readline(r.len ? "... " : ">>> ");
        r.at_prompt = false;
        flush_pending(&r, 1);
        flush_pending(&r, 2);
        if (r.interrupted) {
            r.interrupted = false;
            free(line);
            fputs("KeyboardInterrupt\n", stdout);
            r.len = 0;
            continue;
        }
        if (!line) { /* Ctrl-D */
            fputc('\n', stdout);
            break;
        }
        bool ok = append(&r, line);
        free(line);
        if (!ok) {
            fputs("skein: out of memory\n", stderr);
            r.len = 0;
            continue;
        }
        SkStatus st = sk_run_interactive(vm, r.buf, r.len);
        if (st == SK_INCOMPLETE) continue;
        if (!blank(r.buf, r.len)) {
            /* One history entry per statement, lines and all. */
            while (r.len && r.buf[r.len - 1] == '\n') r.buf[--r.len] = 0;
            add_history(r.buf);
        }
        r.len = 0;
        if (st == SK_ERR_EXIT) {
            status = sk_exit_code(vm);
            break;
        }
    }
    fflush(stdout);
    save_history(&r);
    free(r.histfile);
    free(r.buf);
    free(r.pend[1]);
    free(r.pend[2]);
    sk_vm_set_output(vm, NULL, NULL);
    active = NULL;
    return status;
}

int sk_cli_repl_plain(SkVM *vm) {
    Repl r = {.vm = vm};
    char *line = NULL;
    size_t cap = 0;
    int status = 0;
    for (;;) {
        fputs(r.len ? "... " : ">>> ", stderr);
        fflush(stderr);
        if (sk_wait_stdin(vm) == SK_ERR_INTERRUPT) {
            fputs("\nKeyboardInterrupt\n", stderr);
            r.len = 0;
            continue;
        }
        ssize_t n = getline(&line, &cap, stdin);
        if (n < 0) {
            fputc('\n', stderr);
            break;
        }
        if (n > 0 && line[n - 1] == '\n') line[n - 1] = 0;
        if (!append(&r, line)) {
            fputs("skein: out of memory\n", stderr);
            r.len = 0;
            continue;
        }
        SkStatus st = sk_run_interactive(vm, r.buf, r.len);
        if (st == SK_INCOMPLETE) continue;
        r.len = 0;
        if (st == SK_ERR_EXIT) {
            status = sk_exit_code(vm);
            break;
        }
    }
    free(line);
    free(r.buf);
    return status;
}
