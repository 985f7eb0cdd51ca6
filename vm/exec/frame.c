// vm/exec/frame.c -- pushing a frame on a tasklet's frame array, with the
// recursion limit (sys.setrecursionlimit) checked here and nowhere else.
#include "vm/exec/frame.h"
#include "vm/classes/error.h"
#include "vm/sched/tasklet.h"
#include <stdlib.h>
#include <string.h>

// Double the frame array. The first one of a tasklet may be part of the
// tasklet's own block (vm/sched/tasklet.h): that one is copied, not
// reallocated.
SK_NOINLINE static bool grow_frames(SkVM *vm, SkTasklet *t) {
    int cap = sk_tasklet_frames_cap(t);
    bool own = sk_tasklet_inline_frames_is(t, t->frames);
    SkFrame *nf = own ? sk_mem_alloc(vm, (size_t)cap * 2 * sizeof(SkFrame))
                      : sk_mem_realloc(vm, t->frames, (size_t)cap * 2 * sizeof(SkFrame));
    if (!nf) {
        sk_raise_nomem(vm);
        return false;
    }
    if (own) memcpy(nf, t->frames, (size_t)cap * sizeof(SkFrame));
    t->frames = nf;
    t->frames_log2++;
    return true;
}

SkFrame *sk_frame_push(SkVM *vm, SkTasklet *t) {
    if (SK_UNLIKELY(t->nframes >= vm->recursion_limit)) {
        sk_raise(vm, vm->exc.RecursionError, "maximum recursion depth exceeded");
        return NULL;
    }
    if (SK_UNLIKELY(t->nframes >= sk_tasklet_frames_cap(t)) && !grow_frames(vm, t)) return NULL;
    SkFrame *f = &t->frames[t->nframes++];
    f->fn = NULL;
    f->locals = NULL;
    f->gen = NULL;
    f->flags = 0;
    return f;
}
