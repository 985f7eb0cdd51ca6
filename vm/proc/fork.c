// vm/proc/fork.c -- fork(2) and the reset of the child's VM (vm/proc/fork.h).
#define _GNU_SOURCE
#include "vm/proc/fork.h"
#include "vm/objects/file.h"
#include "vm/proc/children.h"
#include "vm/sched/loop.h"
#include "vm/sched/sched.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

// The child's side, right after the fork.
static void become_child(SkVM *vm, int keep_fd, pid_t parent) {
#ifdef __linux__
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(1); // the parent died before the line above
#else
    (void)parent;
#endif
    setpgid(0, 0);
    __fpurge(stdout);
    __fpurge(stderr);
    for (SkFile *f = vm->open_files; f; f = f->open_next) __fpurge(f->fp);
    sk_loop_after_fork(vm);
    sk_children_after_fork(vm, keep_fd);
    sk_sched_keep_only_current(vm);
}

int sk_proc_fork(SkVM *vm, int keep_fd) {
    if (!sk_children_watch(vm)) return -1;
    fflush(NULL); // nothing buffered before the fork is written twice
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) {
        sk_file_raise_errno(vm, errno, SK_UNDEF);
        return -1;
    }
    if (pid == 0)
        become_child(vm, keep_fd, parent);
    else
        setpgid(pid, pid); // as the child does: kill(-pid) works from now on
    return (int)pid;
}

void sk_proc_exit(SkVM *vm, int code) {
    for (SkFile *f = vm->open_files; f; f = f->open_next) fflush(f->fp);
    fflush(stdout);
    fflush(stderr);
    _exit(code);
}
