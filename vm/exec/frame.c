// vm/exec/frame.c -- pushing a frame on a tasklet's frame array, with the
// recursion limit (sys.setrecursionlimit) checked here and nowhere else.
#include "vm/exec/frame.h"
#include "vm/classes/error.h"
#include "vm/sched/tasklet.h"
#include <stdlib.h>

SkFrame *sk_frame_push(SkVM *vm, SkTasklet *t) {
    if (SK_UNLIKELY(t->nframes >= vm->recursion_limit)) {
        sk_raise(vm, vm->exc.RecursionError, "maximum recursion depth exceeded");
        return NULL;
    }
    if (SK_UNLIKELY(t->nframes >= t->frames_cap)) {
        int cap = t->frames_cap * 2;
        SkFrame *nf = sk_mem_realloc(vm, t->frames, (size_t)cap * sizeof(SkFrame));
        if (!nf) {
            sk_raise_nomem(vm);
            return NULL;
        }
        t->frames = nf;
        t->frames_cap = cap;
    }
    SkFrame *f = &t->frames[t->nframes++];
    f->fn = NULL;
    f->locals = NULL;
    f->gen = NULL;
    f->flags = 0;
    return f;
}
