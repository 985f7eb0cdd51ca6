// vm/core/gc.c -- allocation and the precise mark-and-sweep collector (vm/core/gc.h).
//
// Every object sits on the vm->objects list. A collection marks from the
// roots (the arena, temp roots, the VM's tables, the tasklets) using an
// explicit gray stack, so marking a million-deep nested list never recurses
// in C; then it drops unreached interned strings (they are weak) and frees
// every unmarked object together with the memory it owns.
//
// Accounting: bytes_allocated grows with every allocation and realloc and is
// recounted exactly (from the survivors) after each sweep; the next
// collection happens when it passes max(2 * live, 1 MB).
#include "vm/core/gc.h"
#include "vm/classes/error.h"
#include "vm/core/pool.h"
#include "vm/embed/host.h"
#include "vm/exec/frame.h"
#include "vm/exec/generator.h"
#include "vm/exec/import.h"
#include "vm/objects/bigint.h"
#include "vm/objects/code.h"
#include "vm/objects/file.h"
#include "vm/objects/resource.h"
#include "vm/objects/str.h"
#include "vm/sched/channel.h"
#include "vm/sched/sched.h"
#include "vm/sched/tasklet.h"
#include <stdio.h>
#include <stdlib.h>

// No collection before 1 MB is allocated. Measured: a larger floor (2 or
// 4 MB) saves marking work but is slower on a program of many short-lived
// objects, whose garbage then no longer fits the CPU caches and touches
// fresh pages (spawn benchmark: 40 ms at 1 MB, 46 at 2 MB, 60 at 4 MB).
#define GC_MIN_THRESHOLD ((size_t)1 << 20)

// ---------------------------------------------------------------- sizes

// Bytes an object occupies, owned buffers included, for the live count.
// Kinds whose layout lives elsewhere count a nominal size.
static size_t object_size(SkObj *o) {
    switch ((SkKind)o->kind) {
    case SK_STR: return sizeof(SkStr) + ((SkStr *)o)->len + 1;
    case SK_BYTES: return sizeof(SkBytes) + ((SkBytes *)o)->len + 1;
    case SK_TUPLE: return sizeof(SkTuple) + ((SkTuple *)o)->len * sizeof(SkValue);
    case SK_LIST: return sizeof(SkList) + ((SkList *)o)->cap * sizeof(SkValue);
    case SK_DICT: {
        SkDict *d = (SkDict *)o;
        return sizeof(SkDict) + (d->index ? (d->mask + 1) * sizeof(int64_t) : 0) +
               d->cap * sizeof(SkDictEntry);
    }
    case SK_SET: {
        SkSet *s = (SkSet *)o;
        return sizeof(SkSet) + (s->table ? (s->mask + 1) * sizeof(SkSetEntry) : 0);
    }
    case SK_RANGE: return sizeof(SkRange);
    case SK_SLICE: return sizeof(SkSlice);
    case SK_CELL: return sizeof(SkCell);
    case SK_CODE: {
        SkCode *c = (SkCode *)o;
        return sizeof(SkCode) + (size_t)c->ncode * 2 * sizeof(uint32_t) +
               c->nconsts * sizeof(SkValue) + c->nnames * sizeof(SkStr *) +
               c->nlocals * sizeof(SkStr *) + c->nhandlers * sizeof(SkHandler);
    }
    case SK_FUNCTION: return sizeof(SkFunction);
    case SK_NATIVE: return sizeof(SkNative);
    case SK_BOUND_METHOD: return sizeof(SkBoundMethod);
    case SK_CLASS: return sizeof(SkClass);
    case SK_INSTANCE: return sizeof(SkInstance);
    case SK_EXCEPTION: return sizeof(SkException);
    case SK_MODULE: return sizeof(SkModule);
    case SK_ITER: return sizeof(SkIter);
    case SK_DICT_VIEW: return sizeof(SkDictView);
    case SK_PROPERTY: return sizeof(SkProperty);
    case SK_SUPER: return sizeof(SkSuper);
    case SK_FILE: return sizeof(SkFile);
    case SK_RESOURCE: return sk_resource_size((SkResource *)o);
    case SK_BIGINT: return sizeof(SkBigInt) + mpz_size(((SkBigInt *)o)->z) * sizeof(mp_limb_t);
    case SK_BYTEARRAY: return sizeof(SkByteArray) + ((SkByteArray *)o)->cap;
    case SK_COMPLEX: return sizeof(SkComplex);
    case SK_GENERATOR: return sizeof(SkGenerator) + ((SkGenerator *)o)->cap * sizeof(SkValue);
    case SK_TASKLET: return sk_tasklet_size((SkTasklet *)o);
    default: return 64;
    }
}

// ---------------------------------------------------------------- allocation

static bool over_limit(SkVM *vm, size_t more);

// Collect when the allocation passes next_gc. With SkConfig.memory_limit,
// next_gc never exceeds the cap (sk_gc_collect), so the one comparison on
// this path also catches the cap: false (MemoryError raised) when even a
// collection leaves no room for `more` bytes.
SK_INLINE bool collect_if_due(SkVM *vm, size_t more) {
    if (SK_LIKELY(!vm->gc_stress && vm->bytes_allocated + more <= vm->next_gc)) return true;
    if (!vm->gc_running) sk_gc_collect(vm);
    return !vm->memory_limit || !over_limit(vm, more);
}

static bool arena_push(SkVM *vm, SkObj *o) {
    if (vm->arena_len == vm->arena_cap) {
        size_t cap = vm->arena_cap ? vm->arena_cap * 2 : 256;
        SkObj **a = sk_mem_realloc(vm, vm->arena, cap * sizeof(SkObj *));
        if (!a) return false;
        vm->arena = a;
        vm->arena_cap = cap;
    }
    vm->arena[vm->arena_len++] = o;
    return true;
}

// SkConfig.memory_limit: after a collection, is there room for `more`
// bytes? If not, MemoryError is raised (marked as the cap's doing).
SK_NOINLINE static bool over_limit(SkVM *vm, size_t more) {
    if (vm->bytes_allocated + more <= vm->memory_limit) return false;
    vm->memory_limit_hit = true;
    sk_raise_nomem(vm);
    return true;
}

void *sk_gc_alloc(SkVM *vm, SkKind kind, size_t size) {
    if (SK_UNLIKELY(!collect_if_due(vm, size))) return NULL;
    SkObj *o = sk_pool_alloc(vm, size);
    if (SK_UNLIKELY(!o)) {
        if (!vm->gc_running) sk_gc_collect(vm);
        o = sk_pool_alloc(vm, size);
        if (!o) {
            sk_raise_nomem(vm);
            return NULL;
        }
    }
    if (SK_UNLIKELY(!arena_push(vm, o))) {
        sk_pool_free(vm, o);
        sk_raise_nomem(vm);
        return NULL;
    }
    o->kind = (uint8_t)kind;
    o->next = vm->objects;
    vm->objects = o;
    vm->bytes_allocated += size;
    return o;
}

// A failed realloc leaves p valid; the wrapper keeps GCC's use-after-free
// analysis from flagging the retry after a collection.
SK_NOINLINE static void *try_realloc(SkVM *vm, void *p, size_t n) {
    return sk_mem_realloc(vm, p, n);
}

void *sk_gc_realloc(SkVM *vm, void *p, size_t old_size, size_t new_size) {
    if (new_size == 0) {
        sk_mem_free(vm, p);
        vm->bytes_allocated -= old_size < vm->bytes_allocated ? old_size : vm->bytes_allocated;
        return NULL;
    }
    if (new_size > old_size) {
        if (SK_UNLIKELY(!collect_if_due(vm, new_size - old_size))) return NULL;
    }
    void *q = try_realloc(vm, p, new_size);
    if (SK_UNLIKELY(!q)) {
        if (!vm->gc_running) sk_gc_collect(vm);
        q = try_realloc(vm, p, new_size);
        if (!q) {
            sk_raise_nomem(vm);
            return NULL;
        }
    }
    if (new_size >= old_size)
        vm->bytes_allocated += new_size - old_size;
    else
        vm->bytes_allocated -=
            (old_size - new_size) < vm->bytes_allocated ? old_size - new_size : vm->bytes_allocated;
    return q;
}

// ---------------------------------------------------------------- temp roots

void sk_gc_push_root(SkVM *vm, SkValue v) {
    if (vm->roots_len == vm->roots_cap) {
        size_t cap = vm->roots_cap ? vm->roots_cap * 2 : 64;
        SkValue *r = sk_mem_realloc(vm, vm->roots, cap * sizeof(SkValue));
        if (!r) {
            // No way to report: the caller relies on the root. Out of memory
            // for a 16-byte slot means the process is lost anyway.
            fputs("skein: out of memory pushing a GC root\n", stderr);
            abort();
        }
        vm->roots = r;
        vm->roots_cap = cap;
    }
    vm->roots[vm->roots_len++] = v;
}

void sk_gc_pop_root(SkVM *vm) {
    if (vm->roots_len) vm->roots_len--;
}

// ---------------------------------------------------------------- marking

void sk_gc_mark_obj(SkVM *vm, SkObj *o) {
    if (!o || o->marked) return;
    o->marked = 1;
    if (vm->gray_len == vm->gray_cap) {
        size_t cap = vm->gray_cap ? vm->gray_cap * 2 : 1024;
        SkObj **g = sk_mem_realloc(vm, vm->gray, cap * sizeof(SkObj *));
        if (!g) {
            // Marked but not traced: the rescan pass in mark_all finds it.
            vm->gc_mark_overflow = true;
            return;
        }
        vm->gray = g;
        vm->gray_cap = cap;
    }
    vm->gray[vm->gray_len++] = o;
}

void sk_gc_mark_value(SkVM *vm, SkValue v) {
    if (v.tag == SK_T_OBJ) sk_gc_mark_obj(vm, v.as.o);
}

#define MARK(p) sk_gc_mark_obj(vm, (SkObj *)(p))
#define MARKV(v) sk_gc_mark_value(vm, (v))

static void mark_values(SkVM *vm, const SkValue *v, size_t n) {
    if (!v) return;
    for (size_t i = 0; i < n; i++)
        if (v[i].tag == SK_T_OBJ) sk_gc_mark_obj(vm, v[i].as.o);
}

// Push the children of a marked object onto the gray stack.
static void trace(SkVM *vm, SkObj *o) {
    switch ((SkKind)o->kind) {
    case SK_STR:
    case SK_BYTES:
    case SK_BIGINT:
    case SK_BYTEARRAY:
    case SK_COMPLEX:
    case SK_RANGE: break;
    case SK_TUPLE: {
        SkTuple *t = (SkTuple *)o;
        mark_values(vm, t->items, t->len);
        break;
    }
    case SK_LIST: {
        SkList *l = (SkList *)o;
        mark_values(vm, l->items, l->len);
        break;
    }
    case SK_DICT: {
        SkDict *d = (SkDict *)o;
        if (!d->entries) break;
        for (size_t i = 0; i < d->nentries; i++) {
            MARKV(d->entries[i].key);
            MARKV(d->entries[i].value);
        }
        break;
    }
    case SK_SET: {
        SkSet *s = (SkSet *)o;
        if (!s->table) break;
        for (size_t i = 0; i <= s->mask; i++) MARKV(s->table[i].key);
        break;
    }
    case SK_SLICE: {
        SkSlice *s = (SkSlice *)o;
        MARKV(s->start);
        MARKV(s->stop);
        MARKV(s->step);
        break;
    }
    case SK_CELL: MARKV(((SkCell *)o)->value); break;
    case SK_CODE: {
        SkCode *c = (SkCode *)o;
        MARK(c->name);
        MARK(c->qualname);
        MARK(c->filename);
        mark_values(vm, c->consts, c->nconsts);
        if (c->names)
            for (uint32_t i = 0; i < c->nnames; i++) MARK(c->names[i]);
        if (c->varnames)
            for (uint32_t i = 0; i < c->nlocals; i++) MARK(c->varnames[i]);
        MARKV(c->doc);
        break;
    }
    case SK_FUNCTION: {
        SkFunction *f = (SkFunction *)o;
        MARK(f->code);
        MARK(f->globals);
        MARK(f->defaults);
        MARK(f->kwdefaults);
        MARK(f->closure);
        MARK(f->name);
        MARK(f->qualname);
        MARK(f->dict);
        MARKV(f->doc);
        break;
    }
    case SK_NATIVE: {
        SkNative *n = (SkNative *)o;
        MARK(n->name);
        MARK(n->owner);
        MARKV(n->data);
        MARK(n->doc);
        break;
    }
    case SK_BOUND_METHOD: {
        SkBoundMethod *b = (SkBoundMethod *)o;
        MARKV(b->self);
        MARKV(b->func);
        break;
    }
    case SK_CLASS: {
        SkClass *c = (SkClass *)o;
        MARK(c->name);
        MARK(c->qualname);
        MARK(c->bases);
        MARK(c->mro);
        MARK(c->dict);
        MARK(c->builtin_base);
        MARK(c->meta);
        break;
    }
    case SK_EXCEPTION: {
        SkException *e = (SkException *)o;
        MARK(e->args);
        MARK(e->traceback);
        MARKV(e->cause);
        MARKV(e->context);
        MARKV(e->tb_object);
        MARK(e->inst.cls);
        MARK(e->inst.dict);
        MARKV(e->inst.base);
        break;
    }
    case SK_INSTANCE: {
        SkInstance *in = (SkInstance *)o;
        MARK(in->cls);
        MARK(in->dict);
        MARKV(in->base);
        break;
    }
    case SK_MODULE: {
        SkModule *m = (SkModule *)o;
        MARK(m->name);
        MARK(m->dict);
        break;
    }
    case SK_ITER: {
        SkIter *it = (SkIter *)o;
        MARK(it->cls);
        MARKV(it->src);
        MARKV(it->fn);
        break;
    }
    case SK_DICT_VIEW: MARK(((SkDictView *)o)->dict); break;
    case SK_GENERATOR: sk_generator_mark(vm, (SkGenerator *)o); break;
    case SK_PROPERTY: {
        SkProperty *p = (SkProperty *)o;
        MARKV(p->fget);
        MARKV(p->fset);
        MARKV(p->fdel);
        MARKV(p->doc);
        break;
    }
    case SK_SUPER: {
        SkSuper *s = (SkSuper *)o;
        MARK(s->start);
        MARKV(s->self);
        break;
    }
    case SK_TASKLET: sk_tasklet_mark(vm, (SkTasklet *)o); break;
    case SK_CHANNEL: sk_channel_mark(vm, (SkChannel *)o); break;
    case SK_RESOURCE: sk_resource_mark(vm, (SkResource *)o); break;
    case SK_FILE: sk_file_mark(vm, (SkFile *)o); break;
    case SK_KIND_COUNT: break;
    }
}

static void drain_gray(SkVM *vm) {
    while (vm->gray_len) trace(vm, vm->gray[--vm->gray_len]);
}

static void mark_roots(SkVM *vm) {
    for (size_t i = 0; i < vm->arena_len; i++) MARK(vm->arena[i]);
    mark_values(vm, vm->roots, vm->roots_len);

    // vm->t, vm->exc and vm->names are plain arrays of object pointers.
    SkClass **types = (SkClass **)&vm->t;
    for (size_t i = 0; i < sizeof vm->t / sizeof(SkClass *); i++) MARK(types[i]);
    SkClass **excs = (SkClass **)&vm->exc;
    for (size_t i = 0; i < sizeof vm->exc / sizeof(SkClass *); i++) MARK(excs[i]);
    SkStr **names = (SkStr **)&vm->names;
    for (size_t i = 0; i < sizeof vm->names / sizeof(SkStr *); i++) MARK(names[i]);

    MARKV(vm->not_implemented);
    MARKV(vm->ellipsis);
    MARK(vm->builtins);
    MARK(vm->modules);
    MARK(vm->main_module);
    sk_host_mark(vm);
    MARKV(vm->sys_path);
    MARKV(vm->pending_exit);
    MARK(vm->sources);
    MARKV(vm->memory_error);
    MARK(vm->builtin_modules);
    MARK(vm->repr_stack);
    MARK(vm->main);
    MARK(vm->current);
    for (size_t i = 0; i < vm->finalize_len; i++) MARK(vm->finalize[i]);
    // Runnable tasklets (vm/sched/sched.c); blocked ones only through their channel.
    sk_sched_mark(vm);
}

static void rescan_overflow(SkVM *vm);

// Unreachable instances whose class defines __del__ live one more cycle:
// each is queued once (SK_FLAG_FINALIZED), then marked with all it reaches,
// and the dispatch loop runs the queue at its next tick (vm/exec/finalize.c).
// Found in heap order; the order __del__ methods run in is unspecified.
static void queue_finalizers(SkVM *vm) {
    size_t before = vm->finalize_len;
    for (SkObj *o = vm->objects; o; o = o->next) {
        if (o->marked || (o->flags & SK_FLAG_FINALIZED)) continue;
        if (o->kind != SK_INSTANCE && o->kind != SK_EXCEPTION) continue;
        SkClass *c = ((SkInstance *)o)->cls;
        if (!c || !(c->cflags & SK_CLASS_HAS_DEL)) continue;
        if (vm->finalize_len == vm->finalize_cap) {
            size_t cap = vm->finalize_cap ? vm->finalize_cap * 2 : 16;
            SkObj **q = sk_mem_realloc(vm, vm->finalize, cap * sizeof *q);
            if (!q) break; // out of memory: the rest are freed without __del__
            vm->finalize = q;
            vm->finalize_cap = cap;
        }
        o->flags |= SK_FLAG_FINALIZED;
        vm->finalize[vm->finalize_len++] = o;
    }
    for (size_t i = before; i < vm->finalize_len; i++) MARK(vm->finalize[i]);
    drain_gray(vm);
    rescan_overflow(vm);
    if (vm->finalize_len > before) vm->sched.ticks = 1; // run them soon
}

// When the gray stack could not grow, some marked objects were never traced:
// trace every marked object again until no overflow happens. Slow, but
// only reached when malloc fails during a collection.
static void rescan_overflow(SkVM *vm) {
    while (vm->gc_mark_overflow) {
        vm->gc_mark_overflow = false;
        for (SkObj *o = vm->objects; o; o = o->next) {
            if (o->marked) {
                trace(vm, o);
                drain_gray(vm);
            }
        }
    }
}

// ---------------------------------------------------------------- sweeping

static void free_object(SkVM *vm, SkObj *o) {
    switch ((SkKind)o->kind) {
    case SK_LIST: sk_mem_free(vm, ((SkList *)o)->items); break;
    case SK_DICT:
        sk_mem_free(vm, ((SkDict *)o)->index);
        sk_mem_free(vm, ((SkDict *)o)->entries);
        break;
    case SK_SET: sk_mem_free(vm, ((SkSet *)o)->table); break;
    case SK_CODE: {
        SkCode *c = (SkCode *)o;
        free(c->code);
        free(c->lines);
        free(c->consts);
        free(c->names);
        free(c->varnames);
        free(c->cells);
        free(c->handlers);
        free(c->caches);
        break;
    }
    case SK_TASKLET: sk_tasklet_destroy(vm, (SkTasklet *)o); break;
    case SK_CHANNEL: sk_channel_free(vm, (SkChannel *)o); break;
    case SK_GENERATOR: sk_generator_free(vm, (SkGenerator *)o); break;
    case SK_FILE: sk_file_free(vm, (SkFile *)o); break; // flushes unclosed files
    case SK_RESOURCE: sk_resource_free(vm, (SkResource *)o); break;
    case SK_BIGINT: mpz_clear(((SkBigInt *)o)->z); break;
    case SK_BYTEARRAY: sk_mem_free(vm, ((SkByteArray *)o)->data); break;
    default: break;
    }
    sk_pool_free(vm, o);
}

static size_t sweep(SkVM *vm) {
    size_t live = 0;
    SkObj **link = &vm->objects;
    while (*link) {
        SkObj *o = *link;
        if (o->marked) {
            o->marked = 0;
            live += object_size(o);
            link = &o->next;
        } else {
            *link = o->next;
            free_object(vm, o);
        }
    }
    return live;
}

void sk_gc_collect(SkVM *vm) {
    if (vm->gc_running) return;
    vm->gc_running = true;
    vm->gc_mark_overflow = false;
    mark_roots(vm);
    drain_gray(vm);
    rescan_overflow(vm);
    if (vm->has_del_classes) queue_finalizers(vm);
    sk_str_sweep_interned(vm);
    size_t live = sweep(vm);
    // Freed classes and names may come back at the same addresses: drop
    // every lookup cache keyed by them (vm/classes/class.c, the loop's caches).
    vm->class_epoch++;
    vm->bytes_allocated = live;
    vm->next_gc = live * 2 > GC_MIN_THRESHOLD ? live * 2 : GC_MIN_THRESHOLD;
    if (vm->memory_limit && vm->next_gc > vm->memory_limit) vm->next_gc = vm->memory_limit;
    // Keep a huge gray stack from a deep structure from pinning memory.
    if (vm->gray_cap > 65536) {
        sk_mem_free(vm, vm->gray);
        vm->gray = NULL;
        vm->gray_cap = 0;
    }
    vm->gc_running = false;
}

void sk_gc_free_all(SkVM *vm) {
    vm->gc_running = true;
    SkObj *o = vm->objects;
    while (o) {
        SkObj *next = o->next;
        free_object(vm, o);
        o = next;
    }
    vm->objects = NULL;
    sk_pool_destroy(vm);
    sk_mem_free(vm, vm->arena);
    vm->arena = NULL;
    vm->arena_len = vm->arena_cap = 0;
    sk_mem_free(vm, vm->gray);
    vm->gray = NULL;
    vm->gray_len = vm->gray_cap = 0;
    sk_mem_free(vm, vm->roots);
    vm->roots = NULL;
    vm->roots_len = vm->roots_cap = 0;
    sk_mem_free(vm, vm->finalize);
    vm->finalize = NULL;
    vm->finalize_len = vm->finalize_cap = 0;
    // The intern table points at freed strings now: drop it with them.
    sk_mem_free(vm, vm->strings);
    vm->strings = NULL;
    vm->strings_len = vm->strings_cap = 0;
    vm->bytes_allocated = 0;
    vm->gc_running = false;
}
