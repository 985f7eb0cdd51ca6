// vm/proc/children.c -- the table of forked children (vm/proc/children.h): a
// list, since a script holds a few hundred children at most and each
// SIGCHLD scans it once.
#include "vm/proc/children.h"
#include "vm/classes/error.h"
#include "vm/core/mem.h"
#include "vm/sched/loop.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
#include <uv.h>

typedef struct SkProcs {
    SkChild *children;
    SkConnLink *conns;
    uv_signal_t *sigchld; // started with the first child, unreferenced
} SkProcs;

static SkProcs *procs_of(SkVM *vm) {
    if (!vm->procs) vm->procs = sk_mem_calloc(vm, 1, sizeof(SkProcs));
    return vm->procs;
}

static void on_sigchld(uv_signal_t *h, int signum) {
    (void)signum;
    sk_children_reap(h->data);
}

// SIGCHLD is watched from before the first fork (a signal missed would
// leave a waiter parked for good); the handle keeps the loop alive only
// while a child runs, so a wait for one blocks in the loop.
bool sk_children_watch(SkVM *vm) {
    SkProcs *p = procs_of(vm);
    if (!p) return false;
    if (p->sigchld) return true;
    uv_loop_t *uv = sk_loop_uv(vm);
    if (!uv) return false;
    // malloc'd as the loop's own handles are: freed by the close callback,
    // which may run as late as sk_loop_free.
    uv_signal_t *h = malloc(sizeof *h);
    if (!h) {
        sk_raise_nomem(vm);
        return false;
    }
    if (uv_signal_init(uv, h) != 0 || uv_signal_start(h, on_sigchld, SIGCHLD) != 0) {
        free(h);
        sk_raise(vm, vm->exc.OSError, "cannot watch SIGCHLD");
        return false;
    }
    h->data = vm;
    uv_unref((uv_handle_t *)h);
    p->sigchld = h;
    return true;
}

SkChild *sk_children_add(SkVM *vm, int pid, SkResource *owner, SkChild **slot) {
    SkProcs *p = vm->procs;
    SkChild *c = p && p->sigchld ? sk_mem_calloc(vm, 1, sizeof(SkChild)) : NULL;
    if (!c) {
        if (!sk_has_exc(vm)) sk_raise_nomem(vm);
        kill(pid, SIGKILL);
        while (waitpid(pid, NULL, 0) < 0 && errno == EINTR) {
        }
        return NULL;
    }
    c->pid = pid;
    c->owner = owner;
    c->slot = slot;
    c->next = p->children;
    p->children = c;
    uv_ref((uv_handle_t *)p->sigchld);
    return c;
}

void sk_children_reap(SkVM *vm) {
    SkProcs *p = vm->procs;
    if (!p) return;
    for (SkChild **cp = &p->children; *cp;) {
        SkChild *c = *cp;
        // Reaped here or by sk_children_check since: its waiters are told once.
        if (sk_children_check(vm, c) && !c->told && c->owner) {
            c->told = true;
            sk_loop_retry_on(vm, c->owner);
        }
        if (c->done && !c->owner) {
            *cp = c->next;
            sk_mem_free(vm, c);
        } else {
            cp = &c->next;
        }
    }
    if (p->sigchld && !sk_children_any(vm)) uv_unref((uv_handle_t *)p->sigchld);
}

// Called from the collector's sweep: nothing may wake here, so the record
// only lets go of its owner; the next reap frees it once the child is done.
void sk_children_release(SkVM *vm, SkChild *c) {
    (void)vm;
    c->owner = NULL;
    c->slot = NULL;
}

bool sk_children_check(SkVM *vm, SkChild *c) {
    (void)vm;
    int st;
    if (!c->done && waitpid(c->pid, &st, WNOHANG) == c->pid) {
        c->done = true;
        c->status = WIFSIGNALED(st) ? -WTERMSIG(st) : WEXITSTATUS(st);
    }
    return c->done;
}

bool sk_children_any(SkVM *vm) {
    for (SkChild *c = vm->procs ? vm->procs->children : NULL; c; c = c->next)
        if (!c->done) return true;
    return false;
}

bool sk_children_link_conn(SkVM *vm, SkConnLink *l) {
    SkProcs *p = procs_of(vm);
    if (!p) return false;
    l->prev = NULL;
    l->next = p->conns;
    if (p->conns) p->conns->prev = l;
    p->conns = l;
    return true;
}

void sk_children_unlink_conn(SkVM *vm, SkConnLink *l) {
    SkProcs *p = vm->procs;
    if (!p || (!l->prev && p->conns != l)) return;
    if (l->prev)
        l->prev->next = l->next;
    else
        p->conns = l->next;
    if (l->next) l->next->prev = l->prev;
    l->next = l->prev = NULL;
}

void sk_children_after_fork(SkVM *vm, int keep_fd) {
    SkProcs *p = vm->procs;
    if (!p) return;
    while (p->children) {
        SkChild *c = p->children;
        p->children = c->next;
        // A sibling's handle in this copy of the heap lets go of it (the
        // sibling is not this process's to wait for or to kill).
        if (c->owner && c->slot) *c->slot = NULL;
        sk_mem_free(vm, c);
    }
    if (p->sigchld) uv_unref((uv_handle_t *)p->sigchld);
    for (SkConnLink *l = p->conns; l; l = l->next)
        if (l->io->fd != keep_fd) sk_loop_fd_close(vm, l->io);
}

static void sigchld_closed(uv_handle_t *h) { free(h); }

void sk_children_free(SkVM *vm) {
    SkProcs *p = vm->procs;
    if (!p) return;
    for (SkChild *c = p->children; c; c = c->next)
        if (!c->done) {
            kill(-c->pid, SIGKILL); // its process group: grandchildren too
            kill(c->pid, SIGKILL);
        }
    while (p->children) {
        SkChild *c = p->children;
        p->children = c->next;
        if (!c->done)
            while (waitpid(c->pid, NULL, 0) < 0 && errno == EINTR) {
            }
        if (c->owner && c->slot) *c->slot = NULL; // the owner is freed after us
        sk_mem_free(vm, c);
    }
    if (p->sigchld) uv_close((uv_handle_t *)p->sigchld, sigchld_closed);
    vm->procs = NULL;
    sk_mem_free(vm, p);
}
