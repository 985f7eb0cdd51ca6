// vm/classes/traceback.c -- sk_print_exception: the uncaught-exception report in
// CPython 3.11's words (Python/traceback.c and pythonrun.c), without the
// ^^^^ lines under expressions. Chained exceptions print oldest first;
// runs of identical entries from deep recursion collapse to
// "[Previous line repeated N more times]"; as with sys.tracebacklimit's
// default, only the innermost 1000 entries print. SkException.traceback
// holds (code, line) pairs in the order the VM added them: raising frame
// first, then each caller the exception unwound into.
//
// The report is built in one malloc'd buffer and written with vm->write in
// one go. Nothing here raises: str() of the exception may run Skein code,
// and its failure prints "<exception str() failed>" as CPython does.
#include "vm/classes/traceback.h"
#include "vm/classes/class.h"
#include "vm/classes/error.h"
#include "vm/classes/suggest.h"
#include "vm/core/gc.h"
#include "vm/exec/import.h"
#include "vm/objects/code.h"
#include "vm/objects/dict.h"
#include "vm/objects/str.h"
#include "vm/ops/repr.h"
#include <stdio.h>
#include <stdlib.h>

#define TB_LIMIT 1000
#define TB_RECURSIVE_CUTOFF 3

static const char CAUSE_MSG[] =
    "\nThe above exception was the direct cause of the following exception:\n\n";
static const char CONTEXT_MSG[] =
    "\nDuring handling of the above exception, another exception occurred:\n\n";

typedef struct Out {
    char *data;
    size_t len, cap;
    bool failed;
} Out;

static void put(Out *o, const char *s, size_t n) {
    if (o->failed) return;
    if (o->len + n > o->cap) {
        size_t cap = o->cap ? o->cap : 512;
        while (cap < o->len + n) cap *= 2;
        char *d = realloc(o->data, cap);
        if (!d) {
            o->failed = true;
            return;
        }
        o->data = d;
        o->cap = cap;
    }
    memcpy(o->data + o->len, s, n);
    o->len += n;
}

static void puts_(Out *o, const char *s) { put(o, s, strlen(s)); }

static void putf(Out *o, const char *fmt, ...) SK_PRINTF(2, 3);
static void putf(Out *o, const char *fmt, ...) {
    char buf[64];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n > 0) put(o, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

static void put_str(Out *o, SkStr *s) {
    if (s) put(o, s->data, s->len);
}

// Line `line` (1-based) of a registered source, without its newline.
static bool source_line(SkVM *vm, SkStr *filename, uint32_t line, const char **start, size_t *len) {
    if (!vm->sources || !filename || line == 0) return false;
    SkValue src = sk_dict_get_str(vm->sources, filename);
    if (!SK_IS_STR(src)) return false;
    const char *p = SK_AS_STR(src)->data, *end = p + SK_AS_STR(src)->len;
    for (uint32_t l = 1; l < line; l++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl) return false;
        p = nl + 1;
    }
    if (p >= end) return false;
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *e = nl ? nl : end;
    if (e > p && e[-1] == '\r') e--;
    *start = p;
    *len = (size_t)(e - p);
    return true;
}

static void display_line(SkVM *vm, Out *o, SkStr *filename, uint32_t line, SkStr *name) {
    puts_(o, "  File \"");
    put_str(o, filename);
    putf(o, "\", line %u, in ", line);
    put_str(o, name);
    puts_(o, "\n");
    const char *s;
    size_t n;
    // CPython 3.11 shows no source for "<string>" (-c) and "<stdin>" frames.
    if (filename && filename->len > 0 && filename->data[0] == '<') return;
    if (!source_line(vm, filename, line, &s, &n)) return;
    while (n && (*s == ' ' || *s == '\t' || *s == '\f')) s++, n--;
    puts_(o, "    ");
    put(o, s, n);
    puts_(o, "\n");
}

static bool same_str(SkStr *a, SkStr *b) {
    if (a == b) return true;
    if (!a || !b) return false;
    return a->len == b->len && memcmp(a->data, b->data, a->len) == 0;
}

static void print_repeated(Out *o, long cnt) {
    cnt -= TB_RECURSIVE_CUTOFF;
    putf(o, "  [Previous line repeated %ld more time%s]\n", cnt, cnt > 1 ? "s" : "");
}

// Entries are stored in the order they were added while the exception
// travelled outwards (the raising frame first, each caller after it), so
// they print from the end: outermost first, as CPython's tb chain does.
static void print_tb(SkVM *vm, Out *o, SkList *tb) {
    size_t n = tb->len / 2, k = 0;
    if (n > TB_LIMIT) k = n - TB_LIMIT;
    SkStr *last_file = NULL, *last_name = NULL;
    int64_t last_line = -1;
    long cnt = 0;
    for (; k < n; k++) {
        size_t i = n - 1 - k;
        SkValue cv = tb->items[2 * i], lv = tb->items[2 * i + 1];
        if (!SK_IS_KIND(cv, SK_CODE)) continue;
        SkCode *code = SK_AS_CODE(cv);
        int64_t line = SK_IS_INT(lv) ? SK_AS_INT(lv) : 0;
        if (last_file == NULL || !same_str(code->filename, last_file) || line != last_line ||
            !same_str(code->name, last_name)) {
            if (cnt > TB_RECURSIVE_CUTOFF) print_repeated(o, cnt);
            last_file = code->filename;
            last_line = line;
            last_name = code->name;
            cnt = 0;
        }
        cnt++;
        if (cnt <= TB_RECURSIVE_CUTOFF)
            display_line(vm, o, code->filename, (uint32_t)line, code->name);
    }
    if (cnt > TB_RECURSIVE_CUTOFF) print_repeated(o, cnt);
}

static SkValue exc_attr(SkVM *vm, SkException *e, const char *name) {
    SkStr *k = sk_str_intern_cstr(vm, name);
    if (!k) {
        sk_clear_exc(vm);
        return SK_UNDEF;
    }
    SkValue v = e->inst.dict ? sk_dict_get_str(e->inst.dict, k) : SK_UNDEF;
    return SK_IS_UNDEF(v) ? sk_exc_default_attr(vm, e, k) : v;
}

// The "  File ..., line N" / text / caret block of a SyntaxError. Returns
// the message to print after the class name, or NULL when the exception
// lacks the details (then it prints as any exception).
static SkValue print_syntax(SkVM *vm, Out *o, SkException *e) {
    SkValue lineno = exc_attr(vm, e, "lineno");
    if (!SK_IS_INT(lineno)) return SK_UNDEF;
    SkValue filename = exc_attr(vm, e, "filename");
    SkValue msg = exc_attr(vm, e, "msg");
    SkValue offset = exc_attr(vm, e, "offset");
    SkValue text = exc_attr(vm, e, "text");
    puts_(o, "  File \"");
    if (SK_IS_STR(filename))
        put_str(o, SK_AS_STR(filename));
    else
        puts_(o, "<string>");
    putf(o, "\", line %lld\n", (long long)SK_AS_INT(lineno));
    if (SK_IS_STR(text)) {
        // CPython's print_error_text: offsets count code points, 1-based.
        const char *t = SK_AS_STR(text)->data;
        int64_t line_size = (int64_t)SK_AS_STR(text)->nchars;
        int64_t off = SK_IS_INT(offset) ? SK_AS_INT(offset) : -1;
        int64_t end_off = -1;
        if (e->inst.cls == vm->exc.SyntaxError) {
            SkValue el = exc_attr(vm, e, "end_lineno"), eo = exc_attr(vm, e, "end_offset");
            int64_t end_line = SK_IS_INT(el) ? SK_AS_INT(el) : SK_AS_INT(lineno);
            if (SK_IS_INT(eo)) end_off = SK_AS_INT(eo);
            if (end_line > SK_AS_INT(lineno)) end_off = line_size;
            if (end_off > line_size + 1) end_off = line_size + 1;
        }
        int64_t carets = (end_off > 0 && end_off > off) ? end_off - off : 1;
        off--;
        while (*t == ' ' || *t == '\t' || *t == '\f') t++, off--;
        size_t len = strlen(t);
        if (len > 0 && t[len - 1] == '\n') len--;
        int64_t nchars = 0;
        for (size_t i = 0; i < len; i++) nchars += ((unsigned char)t[i] & 0xC0) != 0x80;
        if (off > nchars) off = nchars;
        puts_(o, "    ");
        put(o, t, len);
        puts_(o, "\n");
        if (off >= 0) {
            puts_(o, "    ");
            for (int64_t i = 0; i < off; i++) puts_(o, " ");
            for (int64_t i = 0; i < carets; i++) puts_(o, "^");
            puts_(o, "\n");
        }
    }
    return SK_IS_UNDEF(msg) ? SK_NONE : msg;
}

// "ValueError: message", with "mymod." in front of classes from other modules.
static void print_exc_line(SkVM *vm, Out *o, SkValue exc) {
    SkException *e = SK_AS_EXC(exc);
    SkClass *cls = e->inst.cls;
    SkValue msgv = SK_UNDEF;
    if (sk_is_subclass(cls, vm->exc.SyntaxError)) msgv = print_syntax(vm, o, e);
    SkStr *mod = sk_class_module(vm, cls);
    if (mod && strcmp(mod->data, "builtins") != 0 && strcmp(mod->data, "__main__") != 0) {
        put_str(o, mod);
        puts_(o, ".");
    }
    put_str(o, cls->qualname ? cls->qualname : cls->name);
    SkStr *msg;
    if (!SK_IS_UNDEF(msgv)) {
        msg = sk_str_of(vm, msgv);
        if (!msg) {
            sk_clear_exc(vm);
            msg = NULL;
        }
    } else {
        msg = sk_exc_str(vm, exc);
    }
    if (msg && msg->len) {
        puts_(o, ": ");
        put_str(o, msg);
    }
    SkStr *hint = sk_exc_suggestion(vm, exc);
    if (hint) {
        puts_(o, ". Did you mean: '");
        put_str(o, hint);
        puts_(o, "'?");
    }
    puts_(o, "\n");
    // PEP 678 notes, one per line (str() of anything else).
    SkValue notes = exc_attr(vm, e, "__notes__");
    if (SK_IS_LIST(notes)) {
        SkList *l = SK_AS_LIST(notes);
        for (size_t i = 0; i < l->len; i++) {
            SkStr *n = SK_IS_STR(l->items[i]) ? SK_AS_STR(l->items[i]) : sk_str_of(vm, l->items[i]);
            if (!n) {
                sk_clear_exc(vm);
                puts_(o, "<note str() failed>");
            } else {
                put_str(o, n);
            }
            puts_(o, "\n");
        }
    }
}

static void print_one(SkVM *vm, Out *o, SkValue exc) {
    SkException *e = SK_AS_EXC(exc);
    if (e->traceback && e->traceback->len >= 2) {
        puts_(o, "Traceback (most recent call last):\n");
        print_tb(vm, o, e->traceback);
    }
    print_exc_line(vm, o, exc);
}

SkStr *sk_format_exception_only(SkVM *vm, SkValue exc) {
    if (!SK_IS_KIND(exc, SK_EXCEPTION)) {
        sk_raise(vm, vm->exc.TypeError, "format_exception_only() needs an exception, not %T", exc);
        return NULL;
    }
    SkValue saved = vm->current->exc;
    vm->current->exc = SK_UNDEF;
    Out o = {0};
    print_exc_line(vm, &o, exc);
    vm->current->exc = saved;
    SkStr *r = o.failed ? NULL : sk_str_new(vm, o.data ? o.data : "", o.len);
    free(o.data);
    if (!r && !sk_has_exc(vm)) sk_raise_nomem(vm);
    return r;
}

// The whole report of exc into *out (out->failed when memory ran out).
static void format_report(SkVM *vm, SkValue exc, Out *out) {
    SkValue saved = vm->current->exc;
    vm->current->exc = SK_UNDEF;
    // str() of an exception may run Skein code and collect: the caller
    // usually holds exc (and so its chain) in a C variable only.
    sk_gc_push_root(vm, exc);
    sk_gc_push_root(vm, saved);
    if (!SK_IS_KIND(exc, SK_EXCEPTION)) {
        puts_(out, "TypeError: exceptions must derive from BaseException\n");
    } else {
        // Walk the chain newest first, then print it oldest first.
        size_t n = 0, cap = 8;
        SkValue *chain = malloc(cap * sizeof(SkValue));
        const char **seps = malloc(cap * sizeof(char *));
        if (!chain || !seps) {
            free(chain);
            free(seps);
            chain = NULL;
        }
        SkValue cur = exc;
        while (chain) {
            chain[n] = cur;
            seps[n] = NULL;
            n++;
            SkException *e = SK_AS_EXC(cur);
            SkValue next;
            const char *sep;
            if (SK_IS_KIND(e->cause, SK_EXCEPTION))
                next = e->cause, sep = CAUSE_MSG;
            else if (SK_IS_KIND(e->context, SK_EXCEPTION) && !e->suppress_context)
                next = e->context, sep = CONTEXT_MSG;
            else
                break;
            bool seen = false;
            for (size_t i = 0; i < n; i++) seen |= sk_identical(chain[i], next);
            if (seen) break;
            seps[n - 1] = sep;
            if (n == cap) {
                cap *= 2;
                SkValue *c2 = realloc(chain, cap * sizeof(SkValue));
                if (c2) chain = c2;
                const char **s2 = c2 ? realloc(seps, cap * sizeof(char *)) : NULL;
                if (s2) seps = s2;
                if (!c2 || !s2) break;
            }
            cur = next;
        }
        if (!chain) {
            print_one(vm, out, exc);
        } else {
            for (size_t i = n; i-- > 0;) {
                print_one(vm, out, chain[i]);
                if (i > 0 && seps[i - 1]) puts_(out, seps[i - 1]);
            }
            free(chain);
            free(seps);
        }
    }
    sk_gc_pop_root(vm);
    sk_gc_pop_root(vm);
    vm->current->exc = saved;
}

void sk_print_exception(SkVM *vm, SkValue exc) {
    Out o = {0};
    format_report(vm, exc, &o);
    if (o.failed) {
        static const char oom[] = "MemoryError: out of memory printing a traceback\n";
        if (vm->write)
            vm->write(vm, 2, oom, sizeof oom - 1);
        else
            fputs(oom, stderr);
    } else if (o.len) {
        if (vm->write)
            vm->write(vm, 2, o.data, o.len);
        else
            fwrite(o.data, 1, o.len, stderr);
    }
    free(o.data);
}

SkStr *sk_format_exception(SkVM *vm, SkValue exc) {
    Out o = {0};
    format_report(vm, exc, &o);
    SkStr *s = o.failed ? NULL : sk_str_new(vm, o.data ? o.data : "", o.len);
    free(o.data);
    if (o.failed) sk_raise_nomem(vm);
    return s;
}

void sk_print_unraisable(SkVM *vm, const char *where) {
    SkValue exc = sk_take_exc(vm);
    if (SK_IS_UNDEF(exc)) return;
    sk_gc_push_root(vm, exc);
    SkStr *line = sk_str_format(vm, "Exception ignored in: %s\n", where);
    if (line && vm->write) vm->write(vm, 2, line->data, line->len);
    if (!line) sk_clear_exc(vm);
    sk_print_exception(vm, exc);
    sk_gc_pop_root(vm);
}
