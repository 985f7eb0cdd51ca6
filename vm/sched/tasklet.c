// vm/sched/tasklet.c -- tasklet stacks and frame arrays: creation, growth with
// rebasing, and the GC hooks. The scheduler (vm/sched/sched.c) switches
// tasklets by changing vm->current; all execution state lives here and in
// the frames (vm/exec/frame.c pushes them).
#include "vm/sched/tasklet.h"
#include "vm/classes/error.h"
#include "vm/core/gc.h"
#include "vm/core/mem.h"
#include "vm/exec/frame.h"
#include "vm/sched/channel.h"
#include "vm/sched/loop.h"
#include "vm/sched/sched.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// The GC-stress build also stresses the stack: main starts small and a
// stack grows to exactly its need (up to STRESS_EXACT values), so nearly
// every deeper call moves it and a pointer kept across one is caught
// (sk_stack_check at every SAVE of the loop).
#ifdef SKEIN_GC_STRESS
#define INITIAL_STACK 16
#define STRESS_EXACT 4096
#else
#define INITIAL_STACK 1024
#endif
_Static_assert(offsetof(SkTasklet, stack_size) == offsetof(SkObj, extra),
               "stack_size is the object header's spare word");
_Static_assert(sizeof(SkTasklet) == 112, "every blocked tasklet carries this struct");

#define INITIAL_FRAMES_LOG2 6 // 64 frames
#define NEW_STACK 4           // values: a tasklet not yet started holds [func args]

// A stack block replaced by a growth while natives may still point into it.
typedef struct OldStack {
    struct OldStack *next;
    SkValue *stack;
} OldStack;

SkTasklet *sk_tasklet_new(SkVM *vm) {
    SkTasklet *t = sk_gc_alloc(vm, SK_TASKLET, sizeof(SkTasklet));
    if (!t) return NULL;
    t->exc = SK_UNDEF;
    t->tempval = SK_UNDEF;
    t->state = SK_TS_ALIVE;
    t->stack = sk_mem_calloc(vm, INITIAL_STACK, sizeof(SkValue));
    t->frames = sk_mem_calloc(vm, (size_t)1 << INITIAL_FRAMES_LOG2, sizeof(SkFrame));
    if (!t->stack || !t->frames) {
        sk_mem_free(vm, t->stack);
        sk_mem_free(vm, t->frames);
        t->stack = NULL;
        t->frames = NULL;
        sk_raise_nomem(vm);
        return NULL;
    }
    t->stack_size = INITIAL_STACK;
    t->frames_log2 = INITIAL_FRAMES_LOG2;
    t->sp = t->stack;
    return t;
}

// [func args] at the bottom of t's stack (which has room for them).
static void put_start(SkTasklet *t, SkValue func, SkValue args) {
    t->state = SK_TS_NEW;
    t->nframes = 0;
    t->c_depth = 0;
    t->stack[0] = func;
    t->stack[1] = args;
    t->sp = t->stack + 2;
}

// Inline parts only up to the pool's largest block (vm/core/pool.c); a
// function needing more gets its stack when it starts.
#define INLINE_MAX_BYTES 504

SkTasklet *sk_tasklet_make(SkVM *vm, SkFunction *fn) {
    size_t n = 0;
    if (fn) {
        n = 1 + (size_t)fn->code->nlocals + fn->code->stacksize + SK_STACK_SLACK;
        if (sizeof(SkTasklet) + sizeof(SkFrame) + n * sizeof(SkValue) > INLINE_MAX_BYTES) n = 0;
    }
    size_t size = sizeof(SkTasklet) + (n ? sizeof(SkFrame) + n * sizeof(SkValue) : 0);
    SkTasklet *t = sk_gc_alloc(vm, SK_TASKLET, size);
    if (!t) return NULL;
    t->exc = t->tempval = SK_UNDEF;
    t->state = SK_TS_NEW;
    if (n) {
        // Bound to fn in place: [fn, args not set up].
        t->xflags = SK_TX_INLINE;
        t->stack_size = (uint32_t)n;
        t->stack = sk_tasklet_inline_stack(t);
        t->frames = sk_tasklet_inline_frame(t);
        put_start(t, sk_obj(fn), SK_UNDEF);
    } else if (fn && !sk_tasklet_set_start(vm, t, sk_obj(fn), SK_UNDEF)) {
        return NULL;
    }
    return t;
}

SkTaskletExt *sk_tasklet_ext(SkVM *vm, SkTasklet *t) {
    if (t->ext) return t->ext;
    t->ext = sk_mem_calloc(vm, 1, sizeof(SkTaskletExt));
    if (!t->ext) sk_raise_nomem(vm);
    return t->ext;
}

SkStr *sk_tasklet_name(const SkTasklet *t) {
    if (t->ext && t->ext->name) return t->ext->name;
    SkValue f = SK_UNDEF;
    if (t->state == SK_TS_NEW) {
        f = sk_tasklet_func(t);
    } else if (t->state == SK_TS_ALIVE && t->nframes > 0 && t->stack) {
        // Started: stack[0] holds what its first frame runs; a callable
        // started under _boot is the first item of _boot's tuple.
        f = t->stack[0];
        if (!SK_IS_KIND(f, SK_FUNCTION) || (t->frames[0].flags & SK_FRAME_TASKLET) == 0)
            f = SK_UNDEF;
        else if (sk_code_is_internal(SK_AS_FUNCTION(f)->code))
            f = SK_IS_TUPLE(t->stack[1]) && SK_AS_TUPLE(t->stack[1])->len > 0
                    ? SK_AS_TUPLE(t->stack[1])->items[0]
                    : SK_UNDEF;
    }
    return SK_IS_KIND(f, SK_FUNCTION) ? SK_AS_FUNCTION(f)->name : NULL;
}

bool sk_tasklet_set_start(SkVM *vm, SkTasklet *t, SkValue func, SkValue args) {
    if (t->state != SK_TS_NEW) sk_tasklet_free(vm, t);
    // A tasklet made with an inline part holds it from the start; once it
    // ended, a re-bound tasklet gets a small stack of its own.
    if (!t->stack) {
        if (!(t->stack = sk_stack_take(vm, NEW_STACK))) {
            sk_raise_nomem(vm);
            return false;
        }
        t->stack_size = NEW_STACK;
    }
    put_start(t, func, args);
    return true;
}

void sk_tasklet_mark(SkVM *vm, SkTasklet *t) {
    if (t->stack)
        for (SkValue *v = t->stack; v < t->sp; v++) sk_gc_mark_value(vm, *v);
    for (int i = 0; i < t->nframes; i++) {
        SkFrame *f = &t->frames[i];
        sk_gc_mark_obj(vm, (SkObj *)f->code);
        sk_gc_mark_obj(vm, (SkObj *)f->fn);
        sk_gc_mark_obj(vm, (SkObj *)f->globals);
        sk_gc_mark_obj(vm, (SkObj *)f->locals);
        sk_gc_mark_obj(vm, (SkObj *)f->gen);
    }
    sk_gc_mark_value(vm, t->exc);
    sk_gc_mark_value(vm, t->tempval);
    if (t->ext) {
        sk_gc_mark_obj(vm, (SkObj *)t->ext->name);
        sk_gc_mark_obj(vm, t->ext->wrapper);
        sk_gc_mark_obj(vm, t->ext->handling);
        sk_gc_mark_obj(vm, (SkObj *)t->ext->created_code);
    }
    // A select's channels point at its nodes: keep them all with it.
    SkSelect *s = (t->tflags & SK_TF_SELECT) ? t->sel : NULL;
    if (t->tflags & SK_TF_IO)
        sk_loop_mark_wait(vm, t->io);
    else if (!s)
        sk_gc_mark_obj(vm, (SkObj *)t->blocked_on);
    for (size_t i = 0; s && i < s->n; i++) {
        sk_gc_mark_obj(vm, (SkObj *)s->w[i].ch);
        sk_gc_mark_value(vm, s->w[i].val);
    }
}

void sk_tasklet_release_old(SkVM *vm, SkTasklet *t) {
    if (!t->ext) return;
    OldStack *o = t->ext->old_stacks;
    while (o) {
        OldStack *next = o->next;
        sk_mem_free(vm, o->stack);
        sk_mem_free(vm, o);
        o = next;
    }
    t->ext->old_stacks = NULL;
}

// ---------------------------------------------------------------- spare blocks

// Blocks kept per list: enough for a program that starts tasklets in
// batches of hundreds; the rest are freed.
#define SPARE_KEEP 256

typedef struct Spare {
    struct Spare *next;
} Spare;

SkValue *sk_stack_take(SkVM *vm, size_t n) {
    SkSched *s = &vm->sched;
    if (n < SK_SPARE_SIZES && s->spare_stack[n]) {
        Spare *b = s->spare_stack[n];
        s->spare_stack[n] = b->next;
        s->nspare_stack[n]--;
        return (SkValue *)b;
    }
    return sk_mem_alloc(vm, n * sizeof(SkValue));
}

SkFrame *sk_frames_take(SkVM *vm) {
    SkSched *s = &vm->sched;
    SkFrame *f;
    if (s->spare_frames) {
        f = s->spare_frames;
        s->spare_frames = ((Spare *)f)->next;
        s->nspare_frames--;
    } else if (!(f = sk_mem_alloc(vm, sizeof(SkFrame)))) {
        return NULL;
    }
    memset(f, 0, sizeof *f);
    return f;
}

void sk_stack_give(SkVM *vm, SkValue *stack, size_t n) {
    SkSched *s = &vm->sched;
    if (!stack) return;
    if (n == 0 || n >= SK_SPARE_SIZES || s->nspare_stack[n] >= SPARE_KEEP) {
        sk_mem_free(vm, stack);
        return;
    }
    ((Spare *)stack)->next = s->spare_stack[n];
    s->spare_stack[n] = stack;
    s->nspare_stack[n]++;
}

static void give_frames(SkVM *vm, SkFrame *frames, int cap) {
    SkSched *s = &vm->sched;
    if (!frames) return;
    if (cap != 1 || s->nspare_frames >= SPARE_KEEP) {
        sk_mem_free(vm, frames);
        return;
    }
    ((Spare *)frames)->next = s->spare_frames;
    s->spare_frames = frames;
    s->nspare_frames++;
}

static void free_list(SkVM *vm, void **head) {
    while (*head) {
        Spare *b = *head;
        *head = b->next;
        sk_mem_free(vm, b);
    }
}

void sk_tasklet_spares_free(SkVM *vm) {
    SkSched *s = &vm->sched;
    for (int i = 0; i < SK_SPARE_SIZES; i++) {
        free_list(vm, &s->spare_stack[i]);
        s->nspare_stack[i] = 0;
    }
    free_list(vm, &s->spare_frames);
    s->nspare_frames = 0;
}

void sk_tasklet_free(SkVM *vm, SkTasklet *t) {
    sk_tasklet_release_old(vm, t);
    // Freed by the collector while blocked in select: its channels are
    // unreachable too (each marks it), so nothing needs unlinking.
    sk_channel_select_cancel(vm, t, false);
    if (!sk_tasklet_inline_stack_is(t, t->stack)) sk_stack_give(vm, t->stack, t->stack_size);
    if (!sk_tasklet_inline_frames_is(t, t->frames))
        give_frames(vm, t->frames, sk_tasklet_frames_cap(t));
    t->stack = t->sp = NULL;
    t->frames = NULL;
    t->nframes = 0;
    t->stack_size = 0;
    t->frames_log2 = 0;
}

void sk_tasklet_destroy(SkVM *vm, SkTasklet *t) {
    if (t->stack || t->frames || (t->tflags & SK_TF_SELECT) || (t->ext && t->ext->old_stacks))
        sk_tasklet_free(vm, t);
    sk_mem_free(vm, t->ext);
    t->ext = NULL;
}

size_t sk_tasklet_size(const SkTasklet *t) {
    // Roughly: the live collection total needs no more.
    size_t n = sizeof(SkTasklet) + t->stack_size * sizeof(SkValue);
    if (t->frames) n += (size_t)sk_tasklet_frames_cap(t) * sizeof(SkFrame);
    return n;
}

bool sk_tasklet_set_handling_slow(SkVM *vm, SkTasklet *t, SkObj *h) {
    if (!sk_tasklet_ext(vm, t)) return false;
    t->ext->handling = h;
    return true;
}

SkValue *sk_stack_ensure(SkVM *vm, SkTasklet *t, SkValue *top, size_t n) {
    size_t used = (size_t)(top - t->stack);
    if (SK_LIKELY(used + n <= t->stack_size)) return top;
    size_t size = t->stack_size * 2;
    while (size < used + n) size *= 2;
#ifdef SKEIN_GC_STRESS
    if (used + n < STRESS_EXACT) size = used + n;
#endif
    // Each value of the stack costs at least 16 bytes: refuse absurd sizes.
    if (size > ((size_t)1 << 34) / sizeof(SkValue)) {
        sk_raise_nomem(vm);
        return NULL;
    }
    bool keep = !sk_tasklet_inline_stack_is(t, t->stack); // an inline stack needs no keeping
    SkValue *ns = sk_mem_alloc(vm, size * sizeof(SkValue));
    OldStack *node = keep ? sk_mem_alloc(vm, sizeof(OldStack)) : NULL;
    if (!ns || (keep && (!node || !sk_tasklet_ext(vm, t)))) {
        sk_mem_free(vm, ns);
        sk_mem_free(vm, node);
        sk_raise_nomem(vm);
        return NULL;
    }
    memcpy(ns, t->stack, t->stack_size * sizeof(SkValue));
    memset(ns + t->stack_size, 0, (size - t->stack_size) * sizeof(SkValue));
    SkValue *old = t->stack;
    uintptr_t lo = (uintptr_t)old, hi = (uintptr_t)(old + t->stack_size);
    for (int i = 0; i < t->nframes; i++) {
        SkFrame *f = &t->frames[i];
        f->slots = ns + (f->slots - old);
        // A running frame's saved sp may be stale (the loop keeps it in a
        // register): rebase it only when it points into the old block.
        uintptr_t p = (uintptr_t)f->sp;
        f->sp = p >= lo && p <= hi ? ns + (f->sp - old) : f->slots;
    }
    t->sp = ns + (t->sp - old);
    t->stack = ns;
    t->stack_size = (uint32_t)size;
    // Natives below us may still read their arguments from the old block:
    // keep it until no native is running (values are copies, the GC marks
    // the new block).
    if (keep) {
        node->stack = old;
        node->next = t->ext->old_stacks;
        t->ext->old_stacks = node;
    }
    return ns + used;
}

#ifdef SKEIN_GC_STRESS
void sk_stack_check(SkTasklet *t) {
    if (t->sp >= t->stack && t->sp <= t->stack + t->stack_size) return;
    fprintf(stderr, "skein: stack top outside the tasklet's stack (%ld of %u values)\n",
            (long)(t->sp - t->stack), t->stack_size);
    abort();
}
#endif
