// vm/proc/children.h -- the processes this VM forked (process.spawn) and the
// descriptors of their channels: every child is reaped as soon as it exits
// (a SIGCHLD watcher on the event loop calls waitpid for our own pids only,
// so children of libuv's uv_spawn are left to libuv), also when no one ever
// joins it; at VM teardown the live ones are killed with their process
// groups and reaped, so a parent never leaves children behind.
#ifndef SK_VM_PROC_CHILDREN_H
#define SK_VM_PROC_CHILDREN_H
#include "vm/objects/resource.h"
#include "vm/sched/loop.h"

// A forked child. Owned by the table until it is reaped and its owner (the
// heap object that reports on it) has let go.
typedef struct SkChild {
    int pid;
    bool done;             // reaped
    bool told;             // its owner's waiters were retried after the reap
    int status;            // once done: the exit code, or -signal
    SkResource *owner;     // told through sk_loop_retry_on when the child exits; or NULL
    struct SkChild **slot; // the owner's pointer to this record, cleared at VM teardown
    struct SkChild *next;
} SkChild;

// A channel end this VM holds (vm/proc/conn.h): listed so that a newly
// forked child can close the descriptors of its siblings' channels.
typedef struct SkConnLink {
    SkFd *io; // the descriptor and its watcher
    struct SkConnLink *next, *prev;
} SkConnLink;

// Watch SIGCHLD: before every fork, so no exit goes unseen. False with
// the exception pending.
bool sk_children_watch(SkVM *vm) SK_RAISES;
// Record a new child (after sk_children_watch); NULL with MemoryError pending (the child is then
// killed and reaped at once).
SkChild *sk_children_add(SkVM *vm, int pid, SkResource *owner, SkChild **slot) SK_RAISES;
// Reap every child that exited (waitpid WNOHANG) and wake their waiters.
void sk_children_reap(SkVM *vm);
// Whether c has exited, reaping it now if it has (one waitpid, no wake-ups:
// a waiter is woken by the SIGCHLD pass).
bool sk_children_check(SkVM *vm, SkChild *c);
// The owner is going (the collector frees it): the child stays in the
// table until it is reaped; nothing is woken or freed here.
void sk_children_release(SkVM *vm, SkChild *c);
// Whether any child is still running.
bool sk_children_any(SkVM *vm);
// Channel ends, for the fork (vm/proc/fork.c).
bool sk_children_link_conn(SkVM *vm, SkConnLink *l) SK_RAISES;
void sk_children_unlink_conn(SkVM *vm, SkConnLink *l);
// In a newly forked child: the parent's children are not ours (forgotten,
// never killed) and the descriptors of every channel but keep_fd close.
void sk_children_after_fork(SkVM *vm, int keep_fd);
// VM teardown: SIGKILL to each live child's process group, reap, free.
void sk_children_free(SkVM *vm);

#endif
