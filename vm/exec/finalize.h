// vm/exec/finalize.h -- running the __del__ methods the collector queued, and
// those of every object left at exit (vm/exec/finalize.c).
#ifndef SK_VM_EXEC_FINALIZE_H
#define SK_VM_EXEC_FINALIZE_H
#include "vm/core/state.h"

// Run the queued __del__ methods (the dispatch loop calls it at a tick).
void sk_run_finalizers(SkVM *vm);
// At VM teardown: __del__ of every object not finalized yet.
void sk_finalize_at_exit(SkVM *vm);

#endif
