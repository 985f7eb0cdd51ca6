// vm/embed/cfunc.c -- C functions a host gives to scripts (include/skein.h):
// modules of them, raising from them, and continuations that block the
// calling tasklet until the host resumes it.
//
// A host function is a native whose data is a resource holding the C
// pointer, its user data and its argument count. Calling it opens a slot
// window above the caller's, copies the arguments in, and reads slot 0
// back as the result. Blocking parks the tasklet on the event loop in a
// wait no descriptor or timer ends: only sk_resume does.
#include "vm/embed/cfunc.h"
#include "vm/classes/class.h"
#include "vm/classes/error.h"
#include "vm/core/gc.h"
#include "vm/embed/slots.h"
#include "vm/embed/tokens.h"
#include "vm/exec/import.h"
#include "vm/objects/dict.h"
#include "vm/objects/module.h"
#include "vm/objects/resource.h"
#include "vm/objects/str.h"
#include "vm/sched/loop.h"
#include "vm/sched/sched.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct HostFn {
    SkResource res;
    SkCFunction fn;
    void *data;
    int nargs;
} HostFn;

static const SkResourceType host_fn_type = {"host function", sizeof(HostFn), NULL, NULL};

static void drop_token_of(SkVM *vm, SkWait *w);

// The C function called sk_block (its wait is w): park the tasklet now
// that the function has returned, unless it was resumed already or the
// function failed after all.
static SkValue finish_block(SkVM *vm, SkNative *self, SkWait *w, SkStatus st, SkValue r) {
    SkHost *h = vm->host;
    if (h->block.early) { // sk_resume came before the function returned
        SkValue result = h->block.result, exc = h->block.exc;
        h->block.early = false;
        h->block.result = h->block.exc = SK_UNDEF;
        free(w);
        if (!SK_IS_UNDEF(exc)) return sk_raise_value(vm, exc);
        return result;
    }
    if (st != SK_BLOCKED) { // blocked, then failed or returned: no wait after all
        drop_token_of(vm, w);
        free(w);
        if (st == SK_OK) return r;
        if (sk_has_exc(vm)) return SK_ERR;
        return sk_raise(vm, vm->exc.SystemError, "%s() failed after sk_block", self->name->data);
    }
    if (SK_IS_ERR(sk_loop_park(vm, w, -1))) { // checked in sk_block; w is freed
        return SK_ERR;
    }
    return SK_NONE; // parked: the result comes with sk_resume
}

// The SkNativeFn of every host function.
static SkValue call_host_fn(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    (void)kw;                  // refused before the call (takes_kw is false)
    SkValue callee = args[-1]; // the function slot holds this native (SkNativeFn)
    SkNative *self = SK_IS_KIND(callee, SK_NATIVE) ? SK_AS_NATIVE(callee) : NULL;
    HostFn *hf = self ? (HostFn *)sk_resource_of(self->data, &host_fn_type) : NULL;
    if (!hf) return sk_raise(vm, vm->exc.SystemError, "host function called without its data");
    SkHost *h = vm->host;
    int need = nargs > 0 ? nargs : 1;
    int base = h->base + h->count;
    if (!sk_slots_reserve(vm, base + need)) return sk_raise_nomem(vm);
    for (int i = 0; i < nargs; i++) h->slots[base + i] = args[i];
    if (nargs == 0) h->slots[base] = SK_NONE;
    int saved_base = h->base, saved_count = h->count;
    h->base = base;
    h->count = need;
    h->cdepth++;
    h->last_exc = SK_UNDEF;
    SkWait *outer = h->block.w; // a C function called from inside another one
    h->block.w = NULL;
    SkStatus st = hf->fn(vm, nargs, hf->data);
    SkValue r = h->slots[h->base];
    h->cdepth--;
    h->base = saved_base;
    h->count = saved_count;
    SkWait *w = h->block.w;
    h->block.w = outer;
    if (w) return finish_block(vm, self, w, st, r);
    if (st == SK_OK) {
        if (sk_has_exc(vm)) sk_clear_exc(vm); // raised, then returned OK: the OK wins
        return r;
    }
    if (st == SK_BLOCKED)
        return sk_raise(vm, vm->exc.SystemError,
                        "%s() returned SK_BLOCKED without blocking (sk_block)", self->name->data);
    if (sk_has_exc(vm)) return SK_ERR;
    // A failed API call inside it recorded (and took) the exception:
    // raise that one again, traceback and all.
    if (!SK_IS_UNDEF(h->last_exc)) {
        SkValue e = h->last_exc;
        h->last_exc = SK_UNDEF;
        return sk_raise_value(vm, e);
    }
    return sk_raise(vm, vm->exc.SystemError, "%s() failed (status %d) without an exception",
                    self->name->data, (int)st);
}

// An exception class by name: a builtin ("ValueError") or "module.Name".
static SkClass *find_class(SkVM *vm, const char *type) {
    const char *dot = type ? strrchr(type, '.') : NULL;
    SkValue v = SK_UNDEF;
    if (!type) return NULL;
    if (!dot) {
        v = sk_dict_get_str(vm->builtins, sk_str_intern_cstr(vm, type));
    } else {
        SkStr *mod = sk_str_new(vm, type, (size_t)(dot - type));
        SkStr *mn = mod ? sk_str_intern_str(vm, mod) : NULL;
        SkValue m = mn ? sk_import_name(vm, mn) : SK_ERR;
        if (SK_IS_ERR(m)) {
            sk_clear_exc(vm);
            return NULL;
        }
        SkStr *name = sk_str_intern_cstr(vm, dot + 1);
        v = name ? sk_getattr_opt(vm, m, name) : SK_UNDEF;
        if (sk_has_exc(vm)) sk_clear_exc(vm);
    }
    if (!SK_IS_KIND(v, SK_CLASS) || !sk_is_subclass(SK_AS_CLASS(v), vm->exc.BaseException))
        return NULL;
    return SK_AS_CLASS(v);
}

// find_class, or NULL with the API error recorded for the function `who`
// (the arena restored to `arena`).
static SkClass *exc_class(SkVM *vm, const char *type, const char *who, size_t arena) {
    SkClass *cls = find_class(vm, type);
    if (!cls) {
        sk_arena_restore(vm, arena);
        sk_host_api_error(vm, "%s: no exception class named '%s'", who, type ? type : "(null)");
    }
    return cls;
}

SkStatus sk_raise_error(SkVM *vm, const char *type, const char *fmt, ...) {
    if (!vm) return SK_ERR_API;
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt ? fmt : "", ap);
    va_end(ap);
    size_t arena = sk_arena_save(vm);
    SkClass *cls = exc_class(vm, type, "sk_raise_error", arena);
    if (!cls) return SK_ERR_API;
    sk_raise(vm, cls, "%s", msg);
    if (vm->host->cdepth == 0) { // no Skein code to raise into: the host's error
        SkStatus st = sk_host_escaped(vm);
        sk_arena_restore(vm, arena);
        return st;
    }
    return SK_ERR_RUNTIME;
}

SkStatus sk_define_module(SkVM *vm, const char *name, const SkFunctionDef *defs, void *data) {
    if (!vm) return SK_ERR_API;
    if (!name || !*name) return sk_host_api_error(vm, "sk_define_module: no module name");
    if (!defs) return sk_host_api_error(vm, "sk_define_module: NULL function list");
    for (const SkFunctionDef *d = defs; d->name; d++)
        if (!d->fn || d->nargs < -1 || d->nargs > 255)
            return sk_host_api_error(vm, "sk_define_module: bad entry '%s' in module '%s'", d->name,
                                     name);
    size_t arena = sk_arena_save(vm);
    SkStr *mname = sk_str_intern_cstr(vm, name);
    if (!mname) return sk_host_escaped(vm);
    SkDict *ns;
    if (strcmp(name, "builtins") == 0) {
        ns = vm->builtins;
    } else if (strcmp(name, "__main__") == 0) {
        SkModule *m = sk_host_main(vm);
        if (!m) goto fail;
        ns = m->dict;
    } else {
        SkValue m = sk_dict_get_str(vm->modules, mname);
        if (!SK_IS_KIND(m, SK_MODULE)) {
            SkModule *nm = sk_module_new(vm, mname);
            if (!nm || !sk_dict_set_str(vm, vm->modules, mname, sk_obj(nm))) goto fail;
            m = sk_obj(nm);
        }
        ns = SK_AS_MODULE(m)->dict;
        if (vm->host->own_modules && !sk_dict_set_str(vm, vm->host->own_modules, mname, SK_TRUE))
            goto fail;
    }
    for (const SkFunctionDef *d = defs; d->name; d++) {
        HostFn *hf = (HostFn *)sk_resource_new(vm, &host_fn_type, NULL);
        if (!hf) goto fail;
        hf->fn = d->fn;
        hf->data = data;
        hf->nargs = d->nargs;
        SkNative *n = sk_define_native(vm, ns, d->name, call_host_fn, d->nargs < 0 ? 0 : d->nargs,
                                       d->nargs, false);
        if (!n) goto fail;
        n->data = sk_obj(hf);
        if (d->doc) {
            SkStr *doc = sk_str_cstr(vm, d->doc);
            if (!doc) goto fail;
            n->doc = doc;
        }
    }
    vm->class_epoch++; // new builtins or globals: drop cached lookups
    sk_arena_restore(vm, arena);
    return SK_OK;
fail : {
    SkStatus st = sk_host_escaped(vm);
    sk_arena_restore(vm, arena);
    return st;
}
}

// ---------------------------------------------------------------- continuations

// The wait went (finished or its tasklet killed): the entry forgets it.
static void cont_dropped(SkVM *vm, SkWait *w) {
    SkHost *h = vm->host;
    if (!h || w->owner == 0 || w->owner > h->nentries) return;
    SkHostEntry *e = &h->entries[w->owner - 1];
    if (e->kind == SK_ENTRY_CONT && e->wait == w) e->wait = NULL;
}

// The token entry of a wait not yet parked goes (the host never gets to
// use the continuation, or already did).
static void drop_token_of(SkVM *vm, SkWait *w) {
    SkHost *h = vm->host;
    if (w->owner && w->owner <= h->nentries) {
        SkHostEntry *e = &h->entries[w->owner - 1];
        if (e->kind == SK_ENTRY_CONT && e->wait == w) sk_token_free(vm, e);
    }
}

SkStatus sk_block(SkVM *vm, const char *what, SkContinuation **out) {
    if (!vm) return SK_ERR_API;
    if (!out) return sk_host_api_error(vm, "sk_block: NULL out");
    *out = NULL;
    SkHost *h = vm->host;
    if (h->cdepth == 0)
        return sk_host_api_error(vm, "sk_block may only be called by a C function Skein called");
    if (h->block.w) return sk_host_api_error(vm, "sk_block called twice in one call");
    // Whether the tasklet may switch here is known now: fail at once.
    if (!sk_sched_can_switch(vm, what ? what : "a host call")) return SK_ERR_RUNTIME;
    SkHostEntry *e = sk_token_new(vm, SK_ENTRY_CONT);
    if (!e) {
        sk_raise_nomem(vm); // raised in the script when the function returns
        return SK_ERR_MEMORY;
    }
    uint32_t idx = (uint32_t)(e - h->entries);
    SkWait *w = sk_loop_wait_new(vm, what ? what : "a host call");
    if (!w) {
        sk_token_free(vm, &h->entries[idx]);
        return SK_ERR_MEMORY;
    }
    w->host = true;
    w->on_drop = cont_dropped;
    w->owner = idx + 1;
    h->entries[idx].wait = w;
    h->block.w = w; // parked by call_host_fn once the function returns
    h->block.early = false;
    *out = (SkContinuation *)sk_token_of(vm, &h->entries[idx]);
    return SK_BLOCKED;
}

static SkStatus finish(SkVM *vm, SkContinuation *k, SkValue result, SkValue exc) {
    SkHostEntry *e = sk_token_lookup(vm, k, SK_ENTRY_CONT, "continuation");
    if (!e) return SK_ERR_API;
    SkWait *w = e->wait;
    sk_token_free(vm, e);
    if (w && w == vm->host->block.w) { // its C function has not returned yet
        vm->host->block.early = true;
        vm->host->block.result = result;
        vm->host->block.exc = exc;
        return SK_OK;
    }
    if (w) sk_loop_finish(vm, w, result, exc); // else its tasklet is gone: dropped
    return SK_OK;
}

SkStatus sk_resume(SkVM *vm, SkContinuation *k, int slot) {
    if (!vm) return SK_ERR_API;
    SkValue *v = sk_host_slot(vm, slot);
    if (!v) return SK_ERR_API;
    return finish(vm, k, *v, SK_UNDEF);
}

SkStatus sk_resume_error(SkVM *vm, SkContinuation *k, const char *type, const char *message) {
    if (!vm) return SK_ERR_API;
    if (!sk_token_lookup(vm, k, SK_ENTRY_CONT, "continuation")) return SK_ERR_API;
    size_t arena = sk_arena_save(vm);
    SkClass *cls = exc_class(vm, type, "sk_resume_error", arena);
    if (!cls) return SK_ERR_API;
    SkStr *msg = sk_str_cstr(vm, message ? message : "");
    SkValue arg = msg ? sk_obj(msg) : SK_ERR;
    SkValue exc = msg ? sk_exc_new(vm, cls, &arg, 1) : SK_ERR;
    if (SK_IS_ERR(exc)) {
        SkStatus st = sk_host_escaped(vm);
        sk_arena_restore(vm, arena);
        return st;
    }
    SkStatus st = finish(vm, k, SK_NONE, exc);
    sk_arena_restore(vm, arena);
    return st;
}
