// vm/proc/fork.h -- forking the process for process.spawn, and the child's
// way out. What the child keeps of the parent is the heap as it was (so
// spawn's function and arguments need not be marshalled); what it drops is
// everything that would act twice: the parent's other tasklets, buffered
// output, the parent's children and its other channels.
#ifndef SK_VM_PROC_FORK_H
#define SK_VM_PROC_FORK_H
#include "vm/core/state.h"

// Fork. In the parent: the child's pid (> 0). In the child: 0, with the VM
// made the child's own: every tasklet but the current one is dropped
// without running any of its code, and the current one is main; the event
// loop is re-made for the new process; the parent's children are forgotten
// and every process channel but the one on keep_fd is closed; stdio and
// the VM's open files were flushed by the parent before the fork and any
// buffered data is discarded in the child. The child is in a process group
// of its own and gets SIGKILL when the parent dies. -1 with OSError
// pending when the fork fails.
int sk_proc_fork(SkVM *vm, int keep_fd) SK_RAISES;
// The child's end: flush what it wrote (stdio and the VM's files), then
// _exit(code): no finalizers, no atexit handlers of the parent.
_Noreturn void sk_proc_exit(SkVM *vm, int code);

#endif
