// vm/classes/frame_object.h -- frame and traceback objects for Python code
// (sys._getframe, exception.__traceback__), built on demand
// (vm/classes/frame_object.c).
#ifndef SK_VM_CLASSES_FRAME_OBJECT_H
#define SK_VM_CLASSES_FRAME_OBJECT_H
#include "vm/core/state.h"

// sys._getframe(depth): the frame object of the running frame depth levels
// up (ValueError "call stack is not deep enough"), with its f_back chain.
SkValue sk_frame_object(SkVM *vm, int depth) SK_RAISES;
// The same for tasklet t's frames (tasklet.frame).
SkValue sk_frame_object_of(SkVM *vm, struct SkTasklet *t, int depth) SK_RAISES;
// e.__traceback__: the head of a tb chain (outermost frame first), or None.
SkValue sk_traceback_of(SkVM *vm, SkException *e) SK_RAISES;
// e.__traceback__ = tb (None, or a traceback object); TypeError otherwise.
bool sk_traceback_set(SkVM *vm, SkException *e, SkValue tb) SK_RAISES;
void sk_init_frame_objects(SkVM *vm);

#endif
