// vm/embed/host.c -- the embedding API's shared state (vm/embed/host.h):
// config, slot windows, the last error, the bracket around run calls (the
// instruction budget), and the import hook that applies the host's module
// lists and loader.
#include "vm/embed/host.h"
#include "vm/classes/class.h"
#include "vm/classes/error.h"
#include "vm/classes/traceback.h"
#include "vm/core/gc.h"
#include "vm/exec/import.h"
#include "vm/objects/dict.h"
#include "vm/objects/module.h"
#include "vm/objects/str.h"
#include "vm/ops/repr.h"
#include "vm/sched/sched.h"
#include "vm/sched/tasklet.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *dup_text(SkVM *vm, const char *s) {
    size_t n = strlen(s);
    char *d = sk_mem_alloc(vm, n + 1);
    if (d) memcpy(d, s, n + 1);
    return d;
}

// ---------------------------------------------------------------- imports

// The module's top-level name without leading underscores: "_socket.x" ->
// "socket", so a name covers its C half and its submodules.
static size_t root_name(const char *name, const char **start) {
    while (*name == '_') name++;
    *start = name;
    const char *dot = strchr(name, '.');
    return dot ? (size_t)(dot - name) : strlen(name);
}

static bool listed(const char *const *list, const char *name) {
    const char *r;
    size_t n = root_name(name, &r);
    for (; list && *list; list++) {
        const char *e;
        size_t m = root_name(*list, &e);
        if (m == n && memcmp(e, r, n) == 0) return true;
    }
    return false;
}

static SkValue import_hook(SkVM *vm, SkStr *name) {
    SkHost *h = vm->host;
    bool own = h->own_modules && !SK_IS_UNDEF(sk_dict_get_str(h->own_modules, name));
    bool core = strcmp(name->data, "builtins") == 0 || strcmp(name->data, "__main__") == 0 ||
                strcmp(name->data, "__future__") == 0;
    SkValue cached = sk_dict_get_str(vm->modules, name);
    if (!own && !core && SK_IS_UNDEF(cached) && h->cfg.load_module_fn) {
        size_t len = 0;
        h->in_callback = "load_module_fn";
        const char *src = h->cfg.load_module_fn(vm, name->data, &len);
        h->in_callback = NULL;
        if (src) {
            char fname[300];
            snprintf(fname, sizeof fname, "<%s>", name->data);
            SkValue r = sk_import_source(vm, name, src, len, fname);
            if (h->cfg.free_module_fn) {
                h->in_callback = "free_module_fn";
                h->cfg.free_module_fn(vm, name->data, src);
                h->in_callback = NULL;
            }
            if (!SK_IS_ERR(r) && h->own_modules &&
                !sk_dict_set_str(vm, h->own_modules, name, SK_TRUE))
                return SK_ERR;
            return r;
        }
    }
    if (own || core) return SK_UNDEF;
    bool ok = !listed(h->cfg.deny_modules, name->data) &&
              (!h->cfg.allow_modules || listed(h->cfg.allow_modules, name->data));
    if (ok) return SK_UNDEF;
    SkValue arg;
    SkStr *msg = sk_str_format(vm, "import of '%N' is not allowed", name);
    if (!msg) return SK_ERR;
    arg = sk_obj(msg);
    SkValue exc = sk_exc_new(vm, vm->exc.ImportError, &arg, 1);
    if (SK_IS_ERR(exc)) return SK_ERR;
    return sk_raise_value(vm, exc);
}

// ---------------------------------------------------------------- state

bool sk_host_init(SkVM *vm, const SkConfig *cfg) {
    SkHost *h = sk_mem_calloc(vm, 1, sizeof(SkHost));
    if (!h) return false;
    vm->host = h;
    h->cfg = *cfg;
    h->last_exc = SK_UNDEF;
    h->block.result = h->block.exc = SK_UNDEF;
    // Foreign tokens: a VM's tag mixes its address, so two live VMs differ.
    uint64_t a = (uint64_t)(uintptr_t)vm * 0x9E3779B97F4A7C15ull;
    h->tag = (uint32_t)(a >> 44) | 1u; // 20 bits, never 0
    h->cap = 16;
    h->slots = sk_mem_calloc(vm, (size_t)h->cap, sizeof(SkValue));
    if (!h->slots) return false;
    for (int i = 0; i < h->cap; i++) h->slots[i] = SK_NONE;
    if (cfg->allow_modules || cfg->deny_modules || cfg->load_module_fn) {
        vm->import_hook = import_hook;
        if (!(h->own_modules = sk_dict_new(vm))) return false;
    }
    return true;
}

void sk_host_free(SkVM *vm) {
    SkHost *h = vm->host;
    if (!h) return;
    sk_mem_free(vm, h->slots);
    sk_mem_free(vm, h->entries);
    sk_mem_free(vm, h->err_type);
    sk_mem_free(vm, h->err_msg);
    sk_mem_free(vm, h->err_tb);
    sk_mem_free(vm, h->wake);
    sk_mem_free(vm, h);
    vm->host = NULL;
}

void sk_host_mark(SkVM *vm) {
    SkHost *h = vm->host;
    if (!h) return;
    for (int i = 0; i < h->base + h->count && i < h->cap; i++) sk_gc_mark_value(vm, h->slots[i]);
    for (uint32_t i = 0; i < h->nentries; i++)
        if (h->entries[i].kind == SK_ENTRY_HANDLE) sk_gc_mark_value(vm, h->entries[i].value);
    sk_gc_mark_obj(vm, (SkObj *)h->own_modules);
    sk_gc_mark_value(vm, h->last_exc);
    sk_gc_mark_value(vm, h->block.result);
    sk_gc_mark_value(vm, h->block.exc);
}

SkValue *sk_host_slot(SkVM *vm, int i) {
    SkHost *h = vm->host;
    if (i < 0 || i >= h->count) {
        sk_host_api_error(vm, "slot %d out of range (%d slots)", i, h->count);
        return NULL;
    }
    return &h->slots[h->base + i];
}

// ---------------------------------------------------------------- errors

void sk_host_set_error(SkVM *vm, const char *type, const char *msg, const char *tb) {
    SkHost *h = vm->host;
    if (!h) return;
    sk_mem_free(vm, h->err_type);
    sk_mem_free(vm, h->err_msg);
    sk_mem_free(vm, h->err_tb);
    h->err_type = dup_text(vm, type ? type : "");
    h->err_msg = dup_text(vm, msg ? msg : "");
    h->err_tb = dup_text(vm, tb ? tb : "");
}

SkStatus sk_host_api_error(SkVM *vm, const char *fmt, ...) {
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    char tb[600];
    snprintf(tb, sizeof tb, "APIError: %s\n", msg);
    sk_host_set_error(vm, "APIError", msg, tb);
    return SK_ERR_API;
}

// SystemExit escaped: its code becomes vm->pending_exit (an int); anything
// but an int or None is printed to stderr and means 1, as in CPython.
static SkStatus exit_status(SkVM *vm, SkValue exc) {
    SkTuple *args = SK_IS_KIND(exc, SK_EXCEPTION) ? SK_AS_EXC(exc)->args : NULL;
    SkValue code = !args || args->len == 0 ? SK_NONE
                   : args->len == 1        ? args->items[0]
                                           : sk_obj(args);
    int status;
    if (SK_IS_NONE(code)) {
        status = 0;
    } else if (SK_IS_INT(code) || SK_IS_BOOL(code)) {
        status = (int)SK_AS_INT(code);
    } else {
        SkStr *s = sk_str_of(vm, code);
        if (s) {
            if (vm->write) {
                vm->write(vm, 2, s->data, s->len);
                vm->write(vm, 2, "\n", 1);
            }
        } else {
            sk_clear_exc(vm);
        }
        status = 1;
    }
    vm->pending_exit = sk_int(status);
    return SK_ERR_EXIT;
}

SkStatus sk_host_escaped(SkVM *vm) {
    SkValue exc = sk_take_exc(vm);
    sk_gc_push_root(vm, exc); // no longer pending, so no longer a root
    SkHost *h = vm->host;
    if (h->cdepth > 0) h->last_exc = exc; // a C function may return the failure on
    SkStatus st;
    bool limit = vm->sched.budget_hit ||
                 (vm->memory_limit_hit && sk_isinstance(vm, exc, vm->exc.MemoryError));
    if (sk_isinstance(vm, exc, vm->exc.SystemExit)) {
        st = exit_status(vm, exc);
        char msg[32];
        snprintf(msg, sizeof msg, "%d", sk_exit_code(vm));
        sk_host_set_error(vm, "SystemExit", msg, "");
    } else {
        SkBuf type, msg, tb;
        sk_buf_init(&type);
        sk_buf_init(&msg);
        sk_buf_init(&tb);
        SkClass *cls = sk_class_of(vm, exc);
        const char *tn = cls && cls->name ? cls->name->data : "Exception";
        if (!sk_buf_append(vm, &type, tn, strlen(tn))) sk_clear_exc(vm);
        SkStr *s = SK_IS_KIND(exc, SK_EXCEPTION) ? sk_str_of(vm, exc) : NULL;
        if (s) {
            if (!sk_buf_append(vm, &msg, s->data, s->len)) sk_clear_exc(vm);
        } else {
            sk_clear_exc(vm);
        }
        SkStr *report = sk_format_exception(vm, exc);
        if (!report) sk_clear_exc(vm);
        if (report && !sk_buf_append(vm, &tb, report->data, report->len)) sk_clear_exc(vm);
        if (!sk_buf_appendc(vm, &type, 0) || !sk_buf_appendc(vm, &msg, 0) ||
            !sk_buf_appendc(vm, &tb, 0))
            sk_clear_exc(vm);
        if (limit) {
            const char *what = vm->sched.budget_hit ? "instruction" : "memory";
            char m[160];
            if (vm->sched.budget_hit)
                snprintf(m, sizeof m, "the %s limit of %ld was reached", what,
                         h->cfg.instruction_limit);
            else
                snprintf(m, sizeof m, "the %s limit of %zu bytes was reached", what,
                         vm->memory_limit);
            sk_host_set_error(vm, "LimitError", m, tb.data ? tb.data : "");
        } else {
            sk_host_set_error(vm, type.data ? type.data : "", msg.data ? msg.data : "",
                              tb.data ? tb.data : "");
        }
        if (h->cfg.print_errors && tb.data && vm->write) vm->write(vm, 2, tb.data, strlen(tb.data));
        sk_buf_free(&type);
        sk_buf_free(&msg);
        sk_buf_free(&tb);
        bool nomem = sk_isinstance(vm, exc, vm->exc.MemoryError);
        bool interrupt = sk_isinstance(vm, exc, vm->exc.KeyboardInterrupt);
        st = limit       ? SK_ERR_LIMIT
             : nomem     ? SK_ERR_MEMORY
             : interrupt ? SK_ERR_INTERRUPT
                         : SK_ERR_RUNTIME;
    }
    sk_clear_exc(vm);
    sk_gc_pop_root(vm);
    return st;
}

// ---------------------------------------------------------------- __main__

SkModule *sk_host_main(SkVM *vm) {
    if (vm->main_module) return vm->main_module;
    SkModule *m = sk_module_new(vm, vm->names.main);
    if (!m) return NULL;
    if (!sk_dict_set_str(vm, m->dict, vm->names.name, sk_obj(vm->names.main))) return NULL;
    if (SK_IS_UNDEF(sk_dict_get_str(m->dict, vm->names.doc)) &&
        !sk_dict_set_str(vm, m->dict, vm->names.doc, SK_NONE))
        return NULL;
    if (vm->modules && !sk_dict_set_str(vm, vm->modules, vm->names.main, sk_obj(m))) return NULL;
    vm->main_module = m;
    return m;
}

// ---------------------------------------------------------------- run calls

bool sk_host_may_run(SkVM *vm, const char *what) {
    const char *cb = vm->host->in_callback;
    if (!cb) return true;
    sk_host_api_error(vm, "%s may not be called from inside %s", what, cb);
    return false;
}

void sk_host_begin(SkVM *vm) {
    SkHost *h = vm->host;
    if (h->calls++ > 0) return;
    vm->memory_limit_hit = false;
    SkSched *s = &vm->sched;
    s->budget_hit = false;
    s->period = s->ticks; // ticks used before this call are not charged to it
    s->budget_on = h->cfg.instruction_limit > 0;
    s->budget_left = h->cfg.instruction_limit;
    sk_sched_reset_ticks(vm);
}

void sk_host_end(SkVM *vm) {
    SkHost *h = vm->host;
    if (--h->calls > 0) return;
    SkSched *s = &vm->sched;
    s->budget_on = s->budget_hit = false;
    sk_sched_reset_ticks(vm);
}
