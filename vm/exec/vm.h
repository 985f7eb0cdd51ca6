// vm/exec/vm.h -- the dispatch loop's one entry point (vm/exec/vm.c). The loop runs
// the current tasklet's frames until the frame it was entered for returns.
#ifndef SK_VM_EXEC_VM_H
#define SK_VM_EXEC_VM_H
#include "vm/core/state.h"

// Run the loop from the innermost frame until a frame marked
// SK_FRAME_C_BOUNDARY returns (its result) or lets an exception out (SK_ERR).
SkValue sk_vm_execute(SkVM *vm) SK_RAISES;

#endif
