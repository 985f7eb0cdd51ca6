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

#include <stdlib.h>
#include <string.h>

#define INITIAL_STACK 1024
#define INITIAL_FRAMES 64

// A stack block replaced by a growth while natives may still point into it.
typedef struct OldStack {
    struct OldStack *next;
    SkValue *stack;
} OldStack;

SkTasklet *sk_tasklet_new(SkVM *vm) {
    SkTasklet *t = sk_gc_alloc(vm, SK_TASKLET, sizeof(SkTasklet));
    if (!t) return NULL;
    t->exc = SK_UNDEF;
    t->handling = SK_NONE;
    t->tempval = t->func = t->args = SK_UNDEF;
    t->state = SK_TS_ALIVE;
    t->stack = sk_mem_calloc(vm, INITIAL_STACK, sizeof(SkValue));
    t->frames = sk_mem_calloc(vm, INITIAL_FRAMES, sizeof(SkFrame));
    if (!t->stack || !t->frames) {
        sk_mem_free(vm, t->stack);
        sk_mem_free(vm, t->frames);
        t->stack = NULL;
        t->frames = NULL;
        sk_raise_nomem(vm);
        return NULL;
    }
    t->stack_size = INITIAL_STACK;
    t->frames_cap = INITIAL_FRAMES;
    t->sp = t->stack;
    return t;
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
    sk_gc_mark_value(vm, t->handling);
    sk_gc_mark_obj(vm, (SkObj *)t->name);
    sk_gc_mark_value(vm, t->tempval);
    sk_gc_mark_value(vm, t->func);
    sk_gc_mark_value(vm, t->args);
    sk_gc_mark_obj(vm, t->wrapper);
    sk_gc_mark_obj(vm, (SkObj *)t->created_code);
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
    OldStack *o = t->old_stacks;
    while (o) {
        OldStack *next = o->next;
        sk_mem_free(vm, o->stack);
        sk_mem_free(vm, o);
        o = next;
    }
    t->old_stacks = NULL;
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

static void give_stack(SkVM *vm, SkValue *stack, size_t n) {
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
    give_stack(vm, t->stack, t->stack_size);
    give_frames(vm, t->frames, t->frames_cap);
    t->stack = NULL;
    t->frames = NULL;
    t->nframes = 0;
}

SkValue *sk_stack_ensure(SkVM *vm, SkTasklet *t, SkValue *top, size_t n) {
    size_t used = (size_t)(top - t->stack);
    if (SK_LIKELY(used + n <= t->stack_size)) return top;
    size_t size = t->stack_size * 2;
    while (size < used + n) size *= 2;
    // Each value of the stack costs at least 16 bytes: refuse absurd sizes.
    if (size > ((size_t)1 << 34) / sizeof(SkValue)) {
        sk_raise_nomem(vm);
        return NULL;
    }
    SkValue *ns = sk_mem_alloc(vm, size * sizeof(SkValue));
    OldStack *node = sk_mem_alloc(vm, sizeof(OldStack));
    if (!ns || !node) {
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
    node->stack = old;
    node->next = t->old_stacks;
    t->old_stacks = node;
    return ns + used;
}
