// vm/sched/loop.c -- the event loop (vm/sched/loop.h): one libuv loop per
// VM, made on first use; tasklets parked in waits; timers; SIGINT.
//
// Timers. Deadlines are kept in our own binary heap ordered by the exact
// deadline (a double, then creation order), and one libuv timer is armed
// for the nearest one: libuv counts whole milliseconds, so two sleeps a
// fraction of a millisecond apart would otherwise wake in start order, not
// deadline order. When the alarm fires, every due timer runs, nearest first.
//
// Descriptors. An SkPoll is a uv_poll_t readiness watcher for one fd
// (Python's call-per-operation socket API fits readiness better than
// libuv's stream callbacks): the operation is tried in the tasklet first,
// and only when it would block does the tasklet park; the watcher then
// retries it with w->ready each time the fd is ready, and the tasklet
// resumes with the result.
//
// Exceptions made while the loop runs (in `ready`, on a timeout, for
// SIGINT) belong to a parked tasklet, not to vm->current: each is raised
// against an empty slot on the current tasklet and moved (steal_exc).
#include "vm/sched/loop.h"
#include "vm/classes/error.h"
#include "vm/core/gc.h"
#include "vm/exec/call.h"
#include "vm/objects/file.h"
#include "vm/sched/channel.h"
#include "vm/sched/sched.h"
#include "vm/sched/tasklet.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <uv.h>

struct SkLoopTimer {
    double deadline; // seconds on the loop's clock (loop_now)
    uint64_t seq;    // creation order: ties wake first-come first-served
    size_t idx;      // position in the heap
    void (*cb)(SkVM *vm, void *arg);
    void *arg;
    SkObj *keep; // marked while the timer is pending
};

struct SkPoll {
    uv_poll_t h;
    SkWait *waiter[2]; // [0] reader, [1] writer
    int fd;
    int events; // UV_READABLE / UV_WRITABLE the watcher is started for
    bool closing;
};

typedef struct SkLoop {
    uv_loop_t uv;
    SkVM *vm;
    SkWait *waits; // parked tasklets, newest first
    int nwaits;
    SkLoopTimer **heap; // timers, nearest deadline at heap[0]
    size_t nheap, heap_cap;
    uint64_t seq;
    uv_timer_t alarm; // armed for heap[0]
    struct {
        uv_signal_t *w;  // the watcher while the signal is caught
        SkValue handler; // SK_SIG_CALL: the Skein callable
        int mode;        // SK_SIG_*
        bool seen;       // caught, not yet delivered
    } sig[SK_NSIG];
    bool sig_seen;    // some sig[].seen is set
    SkFd stdin_io;    // fd 0 as input() waits for it (never closed here)
    int watching;     // signals caught
    bool interrupted; // delivered to main, not yet seen by the tick
    bool woke;        // a tasklet became runnable during this run
    bool running;     // inside uv_run: a wake-up stops the run (stop_run)
    int nhost;        // waits that are host continuations
    uv_async_t wake;  // sk_loop_wake; referenced while nhost > 0, so a run waits for it
    void (*wake_fn)(SkVM *vm);
    bool host_resumes; // the host can end host waits from the loop (wake_fn, its own handles)
} SkLoop;

static SkLoop *loop_of(SkVM *vm) { return vm->sched.loop; }

// End the current uv_run after this round of callbacks. Outside uv_run
// (a wake-up from a native) there is nothing to stop, and a stop flag
// left set would make the next run skip its poll.
static void stop_run(SkLoop *l) {
    if (l->running) uv_stop(&l->uv);
}

static double loop_now(void) { return (double)uv_hrtime() * 1e-9; }

static void wake_cb(uv_async_t *a) {
    SkLoop *l = a->data;
    if (l->wake_fn) l->wake_fn(l->vm);
}

bool sk_loop_init(SkVM *vm) {
    if (vm->sched.loop) return true;
    SkLoop *l = calloc(1, sizeof(SkLoop));
    if (!l) return !SK_IS_ERR(sk_raise_nomem(vm));
    if (uv_loop_init(&l->uv) != 0) {
        free(l);
        sk_raise(vm, vm->exc.OSError, "cannot create the event loop");
        return false;
    }
    l->uv.data = l;
    l->vm = vm;
    l->stdin_io.fd = 0;
    l->stdin_io.timeout = -1;
    // Whether to block is decided by our own count (sk_loop_pending), not
    // by libuv's: the alarm and the SIGINT watcher stay referenced so that
    // a non-blocking run still polls them.
    uv_timer_init(&l->uv, &l->alarm);
    uv_async_init(&l->uv, &l->wake, wake_cb);
    l->wake.data = l;
    uv_unref((uv_handle_t *)&l->wake);
    vm->sched.loop = l;
    return true;
}

void sk_loop_wake(SkVM *vm) {
    SkLoop *l = loop_of(vm);
    if (l) uv_async_send(&l->wake);
}

void sk_loop_on_wake(SkVM *vm, void (*fn)(SkVM *vm)) {
    SkLoop *l = loop_of(vm);
    if (!l) return;
    l->wake_fn = fn;
    if (fn) l->host_resumes = true;
}

void sk_loop_host_resumes(SkVM *vm) {
    SkLoop *l = loop_of(vm);
    if (l) l->host_resumes = true;
}

static void wait_drop(SkLoop *l, SkWait *w);

void sk_loop_detach(SkVM *vm) {
    SkLoop *l = loop_of(vm);
    if (!l) return;
    while (l->waits) {
        SkWait *w = l->waits;
        if (w->t) {
            w->t->io = NULL;
            w->t->tflags &= (uint8_t) ~(SK_TF_BLOCKED | SK_TF_IO);
        }
        w->timer = NULL; // the heap is emptied below
        wait_drop(l, w);
    }
    for (size_t i = 0; i < l->nheap; i++) free(l->heap[i]);
    l->nheap = 0;
    uv_timer_stop(&l->alarm);
}

static void close_walk(uv_handle_t *h, void *arg) {
    if (!uv_is_closing(h)) uv_close(h, NULL);
}

void sk_loop_free(SkVM *vm) {
    SkLoop *l = loop_of(vm);
    if (!l) return;
    // Objects are gone (their watchers closing); drop what is left.
    sk_loop_poll_close(vm, l->stdin_io.poll);
    uv_walk(&l->uv, close_walk, NULL);
    for (int i = 0; i < 8 && uv_run(&l->uv, UV_RUN_DEFAULT) != 0; i++) {
    }
    uv_loop_close(&l->uv);
    sk_loop_detach(vm); // waits parked after the first detach, if any
    for (int i = 0; i < SK_NSIG; i++) free(l->sig[i].w);
    free(l->heap);
    free(l);
    vm->sched.loop = NULL;
}

int sk_loop_pending(SkVM *vm) {
    SkLoop *l = loop_of(vm);
    if (!l) return 0;
    // A host's run (sk_run_until_idle, sk_run_for) does not wait for
    // continuations: only the host can end them, once the run returns.
    return l->nwaits - (vm->sched.host_run ? l->nhost : 0) + (int)l->nheap;
}

bool sk_loop_wants_ticks(SkVM *vm) {
    SkLoop *l = loop_of(vm);
    return l && (l->watching > 0 || l->nwaits > 0 || l->nheap > 0);
}

// ---------------------------------------------------------------- timers

static bool heap_less(SkLoopTimer *a, SkLoopTimer *b) {
    return a->deadline < b->deadline || (a->deadline == b->deadline && a->seq < b->seq);
}

static void heap_set(SkLoop *l, size_t i, SkLoopTimer *t) {
    l->heap[i] = t;
    t->idx = i;
}

static void heap_up(SkLoop *l, size_t i) {
    SkLoopTimer *t = l->heap[i];
    while (i > 0) {
        size_t p = (i - 1) / 2;
        if (!heap_less(t, l->heap[p])) break;
        heap_set(l, i, l->heap[p]);
        i = p;
    }
    heap_set(l, i, t);
}

static void heap_down(SkLoop *l, size_t i) {
    SkLoopTimer *t = l->heap[i];
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= l->nheap) break;
        if (c + 1 < l->nheap && heap_less(l->heap[c + 1], l->heap[c])) c++;
        if (!heap_less(l->heap[c], t)) break;
        heap_set(l, i, l->heap[c]);
        i = c;
    }
    heap_set(l, i, t);
}

static void heap_remove(SkLoop *l, SkLoopTimer *t) {
    size_t i = t->idx;
    SkLoopTimer *last = l->heap[--l->nheap];
    if (last != t) {
        heap_set(l, i, last);
        heap_up(l, i);
        heap_down(l, last->idx);
    }
}

static void alarm_cb(uv_timer_t *h);

// Arm the libuv alarm for the nearest deadline (rounded up to the next
// millisecond, so it never fires early), or stop it.
static void rearm(SkLoop *l) {
    if (l->nheap == 0) {
        uv_timer_stop(&l->alarm);
        return;
    }
    double d = l->heap[0]->deadline - loop_now();
    uint64_t ms = d <= 0 ? 0 : (uint64_t)(d * 1000.0) + 1;
    if (d > 1e9) ms = (uint64_t)1e12; // decades: keep uv's arithmetic sane
    uv_timer_start(&l->alarm, alarm_cb, ms, 0);
}

static void alarm_cb(uv_timer_t *h) {
    SkLoop *l = h->loop->data;
    double now = loop_now();
    while (l->nheap && l->heap[0]->deadline <= now) {
        SkLoopTimer *t = l->heap[0];
        heap_remove(l, t);
        void (*cb)(SkVM *, void *) = t->cb;
        void *arg = t->arg;
        free(t);
        cb(l->vm, arg);
    }
    rearm(l);
    // UV_RUN_ONCE runs timers first and then polls: a timer that woke a
    // tasklet must not be followed by a wait for I/O.
    stop_run(l);
}

SkLoopTimer *sk_loop_timer_start(SkVM *vm, double secs, void (*cb)(SkVM *vm, void *arg), void *arg,
                                 SkObj *keep) {
    if (!sk_loop_init(vm)) return NULL;
    SkLoop *l = loop_of(vm);
    if (l->nheap == l->heap_cap) {
        size_t cap = l->heap_cap ? l->heap_cap * 2 : 16;
        SkLoopTimer **nh = realloc(l->heap, cap * sizeof *nh);
        if (!nh) {
            sk_raise_nomem(vm);
            return NULL;
        }
        l->heap = nh;
        l->heap_cap = cap;
    }
    SkLoopTimer *t = malloc(sizeof *t);
    if (!t) {
        sk_raise_nomem(vm);
        return NULL;
    }
    t->deadline = loop_now() + (secs > 0 ? secs : 0);
    t->seq = l->seq++;
    t->cb = cb;
    t->arg = arg;
    t->keep = keep;
    heap_set(l, l->nheap++, t);
    heap_up(l, l->nheap - 1);
    if (l->heap[0] == t) rearm(l);
    return t;
}

void sk_loop_timer_cancel(SkVM *vm, SkLoopTimer *tm) {
    SkLoop *l = loop_of(vm);
    if (!l || !tm) return;
    bool first = l->heap[0] == tm;
    heap_remove(l, tm);
    free(tm);
    if (first) rearm(l);
}

// ---------------------------------------------------------------- waits

SkWait *sk_loop_wait_new(SkVM *vm, const char *what) {
    SkWait *w = calloc(1, sizeof *w);
    if (!w) {
        sk_raise_nomem(vm);
        return NULL;
    }
    w->what = what;
    w->val = SK_NONE;
    return w;
}

static void poll_update(SkPoll *p);

// Unhook w from the loop and free it; its tasklet is left as it is.
static void wait_drop(SkLoop *l, SkWait *w) {
    if (w->timer) sk_loop_timer_cancel(l->vm, w->timer);
    if (w->poll) {
        // The watcher stays started: the next wait on this descriptor,
        // usually right after, then costs no epoll_ctl (poll_cb stops a
        // direction that fires with no one waiting).
        SkPoll *p = w->poll;
        int i = w->dir == SK_POLL_WRITE;
        if (p->waiter[i] == w) p->waiter[i] = NULL;
    }
    if (w->prev)
        w->prev->next = w->next;
    else
        l->waits = w->next;
    if (w->next) w->next->prev = w->prev;
    l->nwaits--;
    if (w->host && --l->nhost == 0) uv_unref((uv_handle_t *)&l->wake);
    if (w->on_drop) w->on_drop(l->vm, w);
    free(w);
}

// The wait is over: its tasklet resumes with `result`, or raises `exc`.
static void wait_finish(SkLoop *l, SkWait *w, SkValue result, SkValue exc) {
    SkVM *vm = l->vm;
    SkTasklet *t = w->t;
    t->io = NULL;
    t->tflags &= (uint8_t) ~(SK_TF_BLOCKED | SK_TF_IO);
    if (SK_IS_UNDEF(exc))
        t->tempval = result;
    else
        t->exc = exc;
    wait_drop(l, w);
    sk_sched_insert(vm, t);
    l->woke = true;
    stop_run(l); // the run ends after this round of callbacks
}

// The exception a `raise` left on the current tasklet, taken off it; the
// slot is then what it was before (`saved`).
static SkValue steal_exc(SkVM *vm, SkValue saved) {
    SkValue exc = sk_take_exc(vm);
    vm->current->exc = saved;
    return exc;
}

static void wait_timeout(SkVM *vm, void *arg) {
    SkWait *w = arg;
    SkLoop *l = loop_of(vm);
    w->timer = NULL; // freed by the heap
    if (!w->ready) {
        wait_finish(l, w, SK_NONE, SK_UNDEF);
        return;
    }
    SkValue saved = sk_take_exc(vm);
    sk_raise(vm, vm->exc.TimeoutError, "timed out");
    wait_finish(l, w, SK_UNDEF, steal_exc(vm, saved));
}

// Try w's operation again (its descriptor is ready).
static void wait_retry(SkLoop *l, SkWait *w) {
    SkVM *vm = l->vm;
    SkValue saved = sk_take_exc(vm);
    SkValue r = w->ready(vm, w);
    if (!SK_IS_UNDEF(vm->current->exc)) {
        wait_finish(l, w, SK_UNDEF, steal_exc(vm, saved));
        return;
    }
    vm->current->exc = saved;
    if (!SK_IS_UNDEF(r)) wait_finish(l, w, r, SK_UNDEF);
}

SkValue sk_loop_park(SkVM *vm, SkWait *w, double timeout) {
    if (!sk_loop_init(vm) || !sk_sched_can_switch(vm, w->what)) {
        free(w);
        return SK_ERR;
    }
    SkLoop *l = loop_of(vm);
    if (timeout >= 0 && !(w->timer = sk_loop_timer_start(vm, timeout, wait_timeout, w, NULL))) {
        free(w);
        return SK_ERR;
    }
    if (w->poll) {
        SkPoll *p = w->poll;
        int i = w->dir == SK_POLL_WRITE;
        if (p->waiter[i]) {
            if (w->timer) sk_loop_timer_cancel(vm, w->timer);
            free(w);
            return sk_raise(vm, vm->exc.RuntimeError,
                            "another tasklet is already waiting to %s on this socket",
                            i ? "write" : "read");
        }
        p->waiter[i] = w;
        poll_update(p);
    }
    SkTasklet *cur = vm->current;
    if (w->host && l->nhost++ == 0) uv_ref((uv_handle_t *)&l->wake);
    w->t = cur;
    w->prev = NULL;
    w->next = l->waits;
    if (l->waits) l->waits->prev = w;
    l->waits = w;
    l->nwaits++;
    sk_sched_park(vm);
    sk_sched_remove(vm, cur);
    cur->io = w; // shares blocked_on's place: SK_TF_IO tells which
    cur->tflags |= SK_TF_BLOCKED | SK_TF_IO;
    sk_sched_reset_ticks(vm);
    sk_sched_leave(vm);
    return SK_NONE;
}

void sk_loop_retry_on(SkVM *vm, SkResource *h) {
    SkLoop *l = loop_of(vm);
    if (!l) return;
    SkWait *w = l->waits;
    while (w) {
        SkWait *next = w->next; // w may be finished (freed) below
        if (w->on == h && w->ready) wait_retry(l, w);
        w = next;
    }
}

void sk_loop_finish(SkVM *vm, SkWait *w, SkValue result, SkValue exc) {
    wait_finish(loop_of(vm), w, result, exc);
}

struct uv_loop_s *sk_loop_uv(SkVM *vm) {
    return sk_loop_init(vm) ? &loop_of(vm)->uv : NULL;
}

void sk_loop_after_fork(SkVM *vm) {
    if (loop_of(vm)) uv_loop_fork(&loop_of(vm)->uv);
}

void sk_loop_cancel(SkVM *vm, SkTasklet *t) {
    if (!(t->tflags & SK_TF_IO)) return;
    SkWait *w = t->io;
    t->io = NULL;
    t->tflags &= (uint8_t) ~(SK_TF_BLOCKED | SK_TF_IO);
    if (w) wait_drop(loop_of(vm), w);
}

void sk_loop_mark_wait(SkVM *vm, SkWait *w) {
    sk_gc_mark_obj(vm, (SkObj *)w->on);
    sk_gc_mark_value(vm, w->val);
}

void sk_loop_mark(SkVM *vm) {
    SkLoop *l = loop_of(vm);
    if (!l) return;
    for (SkWait *w = l->waits; w; w = w->next) sk_gc_mark_obj(vm, (SkObj *)w->t);
    for (size_t i = 0; i < l->nheap; i++) sk_gc_mark_obj(vm, l->heap[i]->keep);
    for (int i = 0; i < SK_NSIG; i++) sk_gc_mark_value(vm, l->sig[i].handler);
}

void sk_loop_describe(SkWait *w, char *buf, size_t size) {
    if (w->poll)
        snprintf(buf, size, " (%s on %s fd %d)", w->what, w->on ? w->on->type->name : "the",
                 w->poll->fd);
    else
        snprintf(buf, size, " (%s)", w->what);
}

SkValue sk_loop_sleep(SkVM *vm, double secs) {
    if (secs <= 0) {
        // Yield: let I/O in, then the other runnable tasklets.
        if (!sk_sched_can_switch(vm, "sleep")) return SK_ERR;
        sk_sched_poll(vm);
        SkTasklet *cur = vm->current;
        if (!(cur->tflags & SK_TF_SCHEDULED) || vm->sched.runcount <= 1) return SK_NONE;
        sk_sched_park(vm);
        sk_sched_switch_to(vm, cur->next);
        return SK_NONE;
    }
    SkWait *w = sk_loop_wait_new(vm, "sleep");
    if (!w) return SK_ERR;
    return sk_loop_park(vm, w, secs);
}

// ---------------------------------------------------------------- descriptors

static void poll_cb(uv_poll_t *h, int status, int events) {
    SkPoll *p = h->data;
    SkLoop *l = h->loop->data;
    // An error (the peer vanished...) wakes both sides: their retry sees it.
    if (status < 0) events = UV_READABLE | UV_WRITABLE;
    // Ready with no one waiting: stop watching that direction, or the
    // (level-triggered) watcher would fire on every run.
    int idle = (p->waiter[0] ? 0 : UV_READABLE) | (p->waiter[1] ? 0 : UV_WRITABLE);
    if ((events & UV_READABLE) && p->waiter[0]) wait_retry(l, p->waiter[0]);
    if ((events & UV_WRITABLE) && p->waiter[1]) wait_retry(l, p->waiter[1]);
    if (!p->closing && (events & idle & p->events)) {
        p->events &= ~(events & idle);
        if (p->events)
            uv_poll_start(&p->h, p->events, poll_cb);
        else
            uv_poll_stop(&p->h);
    }
}

// A waiter arrived: make sure the watcher covers its direction.
static void poll_update(SkPoll *p) {
    if (p->closing) return;
    int ev = p->events | (p->waiter[0] ? UV_READABLE : 0) | (p->waiter[1] ? UV_WRITABLE : 0);
    if (ev == p->events) return;
    p->events = ev;
    uv_poll_start(&p->h, ev, poll_cb);
}

SkPoll *sk_loop_poll_open(SkVM *vm, int fd) {
    if (!sk_loop_init(vm)) return NULL;
    SkPoll *p = calloc(1, sizeof *p);
    if (!p) {
        sk_raise_nomem(vm);
        return NULL;
    }
    int r = uv_poll_init(&loop_of(vm)->uv, &p->h, fd);
    if (r != 0) {
        free(p);
        sk_file_raise_errno(vm, -r, SK_UNDEF);
        return NULL;
    }
    p->h.data = p;
    p->fd = fd;
    return p;
}

static void poll_closed(uv_handle_t *h) { free(h->data); }

void sk_loop_poll_close(SkVM *vm, SkPoll *p) {
    if (!p || p->closing) return;
    SkLoop *l = loop_of(vm);
    for (int i = 0; i < 2; i++) {
        SkWait *w = p->waiter[i];
        if (!w) continue;
        // Closing under a waiter: it resumes with EBADF, as a blocking
        // call on a descriptor closed by another thread does.
        w->poll = NULL;
        p->waiter[i] = NULL;
        SkValue saved = sk_take_exc(vm);
        sk_file_raise_errno(vm, EBADF, SK_UNDEF);
        wait_finish(l, w, SK_UNDEF, steal_exc(vm, saved));
    }
    p->closing = true;
    uv_close((uv_handle_t *)&p->h, poll_closed);
}

SkWait *sk_loop_poll_waiter(SkPoll *p, int dir) {
    return p ? p->waiter[dir == SK_POLL_WRITE] : NULL;
}

SkValue sk_loop_fd_op(SkVM *vm, SkResource *h, SkFd *fd, const char *what, int dir,
                      SkValue (*op)(SkVM *vm, SkWait *w), SkValue val, size_t n, int flags) {
    SkWait probe = {0};
    probe.on = h;
    probe.val = val;
    probe.n = n;
    probe.flags = flags;
    probe.dir = dir;
    for (;;) {
        SkValue r = op(vm, &probe);
        if (!SK_IS_UNDEF(r) || sk_has_exc(vm)) return r;
        if (fd->timeout == 0) return sk_file_raise_errno(vm, EAGAIN, SK_UNDEF);
        if (vm->current->c_depth == 1 && vm->sched.direct) break;
        // Under a nested C level no tasklet can switch: the thread waits.
        struct pollfd p = {fd->fd, (short)(dir == SK_POLL_READ ? POLLIN : POLLOUT), 0};
        int ms = fd->timeout < 0 ? -1 : (int)(fd->timeout * 1000);
        int k = poll(&p, 1, ms);
        if (k == 0) return sk_raise(vm, vm->exc.TimeoutError, "timed out");
        if (k < 0 && errno != EINTR) return sk_file_raise_errno(vm, errno, SK_UNDEF);
    }
    if (!fd->poll && !(fd->poll = sk_loop_poll_open(vm, fd->fd))) return SK_ERR;
    SkWait *w = sk_loop_wait_new(vm, what);
    if (!w) return SK_ERR;
    *w = probe;
    w->what = what;
    w->poll = fd->poll;
    w->ready = op;
    return sk_loop_park(vm, w, fd->timeout);
}

void sk_loop_fd_close(SkVM *vm, SkFd *fd) {
    if (fd->poll) sk_loop_poll_close(vm, fd->poll);
    fd->poll = NULL;
    if (fd->fd >= 0) close(fd->fd);
    fd->fd = -1;
}

bool sk_loop_stdin_ready(void) {
#ifdef __GLIBC__
    if (stdin->_IO_read_ptr < stdin->_IO_read_end) return true; // buffered by stdio
#endif
    struct pollfd p = {0, POLLIN, 0};
    return poll(&p, 1, 0) != 0; // readable, at its end, or an error to report
}

SkValue sk_loop_read_stdin(SkVM *vm, const char *what, SkValue (*op)(SkVM *vm, SkWait *w),
                           size_t n) {
#ifndef __GLIBC__
    // Without a look into stdio's buffer a wait could miss buffered lines.
    bool can = false;
#else
    bool can = vm->current->c_depth == 1 && vm->sched.direct;
#endif
    if (!can || !sk_loop_init(vm)) {
        SkWait w = {0};
        w.n = n;
        w.val = SK_NONE;
        w.flags = 1; // read even when not ready: the thread blocks
        return op(vm, &w);
    }
    return sk_loop_fd_op(vm, NULL, &loop_of(vm)->stdin_io, what, SK_POLL_READ, op, SK_NONE, n, 0);
}

// ---------------------------------------------------------------- signals

static void signal_cb(uv_signal_t *h, int signum) {
    SkLoop *l = h->loop->data;
    l->sig[signum].seen = true;
    l->sig_seen = true;
    stop_run(l);
}

bool sk_loop_set_signal(SkVM *vm, int signum, int mode, SkValue handler) {
    if (!sk_loop_init(vm)) return false;
    SkLoop *l = loop_of(vm);
    if (signum <= 0 || signum >= SK_NSIG) {
        sk_raise(vm, vm->exc.ValueError, "signal number out of range");
        return false;
    }
    if (signum == SIGKILL || signum == SIGSTOP) {
        sk_file_raise_errno(vm, EINVAL, SK_UNDEF);
        return false;
    }
    bool watch = mode == SK_SIG_INTERRUPT || mode == SK_SIG_CALL;
    if (l->sig[signum].w && !watch) {
        uv_close((uv_handle_t *)l->sig[signum].w, (uv_close_cb)free);
        l->sig[signum].w = NULL;
        l->watching--;
    }
    if (watch && !l->sig[signum].w) {
        uv_signal_t *w = malloc(sizeof *w);
        if (!w) return !SK_IS_ERR(sk_raise_nomem(vm));
        uv_signal_init(&l->uv, w);
        int r = uv_signal_start(w, signal_cb, signum);
        if (r != 0) {
            uv_close((uv_handle_t *)w, (uv_close_cb)free);
            sk_file_raise_errno(vm, -r, SK_UNDEF);
            return false;
        }
        l->sig[signum].w = w;
        l->watching++;
    }
    if (!watch) signal(signum, mode == SK_SIG_IGNORE ? SIG_IGN : SIG_DFL);
    l->sig[signum].mode = mode;
    l->sig[signum].handler = mode == SK_SIG_CALL ? handler : SK_UNDEF;
    sk_sched_reset_ticks(vm);
    return true;
}

int sk_loop_get_signal(SkVM *vm, int signum, SkValue *handler) {
    SkLoop *l = loop_of(vm);
    *handler = SK_UNDEF;
    if (signum <= 0 || signum >= SK_NSIG) return -1;
    if (!l) {
        struct sigaction old;
        bool ign = sigaction(signum, NULL, &old) == 0 && old.sa_handler == SIG_IGN;
        return ign ? SK_SIG_IGNORE : SK_SIG_DEFAULT;
    }
    *handler = l->sig[signum].handler;
    return l->sig[signum].mode;
}

bool sk_loop_catch_sigint(SkVM *vm) {
    if (!sk_loop_init(vm)) return false;
    // Ignored when we start (a background job of a shell): leave it
    // ignored, as CPython does.
    struct sigaction old;
    if (sigaction(SIGINT, NULL, &old) == 0 && old.sa_handler == SIG_IGN) {
        loop_of(vm)->sig[SIGINT].mode = SK_SIG_IGNORE;
        return true;
    }
    return sk_loop_set_signal(vm, SIGINT, SK_SIG_INTERRUPT, SK_UNDEF);
}

// An exception for main from a signal: raised at once when main is
// running (the tick raises it), else main is woken with it.
static void throw_to_main(SkLoop *l, SkValue exc) {
    SkVM *vm = l->vm;
    SkTasklet *m = vm->main;
    l->interrupted = true;
    if (m == vm->current && !(m->tflags & SK_TF_BLOCKED) && !(m->tflags & SK_TF_PENDING)) {
        m->exc = exc;
        return;
    }
    sk_sched_throw_into(vm, m, exc);
    sk_sched_insert(vm, m);
    l->woke = true;
}

// A Skein handler runs on the main tasklet's stack, as a nested call on
// top of wherever main is (running, runnable or parked), like a CPython
// handler between two bytecodes of the main thread; an exception from it
// is raised in main. The loop runs only where no native is between two
// steps of a switch, so borrowing main this way is safe.
static void run_handler(SkLoop *l, int signum) {
    SkVM *vm = l->vm;
    SkSched *s = &vm->sched;
    SkTasklet *cur = vm->current;
    bool direct = s->direct;
    SkObj *callee = s->last_callee;
    ptrdiff_t off = s->call_off;
    const char *site = s->block_site;
    SkValue saved = sk_take_exc(vm);
    vm->current = vm->main;
    SkValue exc = vm->main->exc;
    vm->main->exc = SK_UNDEF;
    s->direct = false;
    SkValue r = sk_call2(vm, l->sig[signum].handler, sk_int(signum), SK_NONE);
    SkValue raised = SK_IS_ERR(r) ? sk_take_exc(vm) : SK_UNDEF;
    vm->main->exc = exc;
    vm->current = cur;
    cur->exc = saved;
    s->direct = direct;
    s->last_callee = callee;
    s->call_off = off;
    s->block_site = site;
    if (!SK_IS_UNDEF(raised) && SK_IS_UNDEF(vm->main->exc)) throw_to_main(l, raised);
}

// A caught SIGINT becomes KeyboardInterrupt in main, wherever main is:
// running (the tick raises it), runnable, or parked (woken with it).
static void deliver_sigint(SkLoop *l) {
    SkVM *vm = l->vm;
    if (!SK_IS_UNDEF(vm->main->exc)) return; // one at a time
    SkValue saved = sk_take_exc(vm);
    sk_raise_value(vm, sk_obj(vm->exc.KeyboardInterrupt));
    throw_to_main(l, steal_exc(vm, saved));
}

static void deliver_signals(SkLoop *l) {
    l->sig_seen = false;
    for (int i = 1; i < SK_NSIG; i++) {
        if (!l->sig[i].seen) continue;
        l->sig[i].seen = false;
        if (l->sig[i].mode == SK_SIG_INTERRUPT)
            deliver_sigint(l);
        else if (l->sig[i].mode == SK_SIG_CALL)
            run_handler(l, i);
    }
}

bool sk_loop_take_interrupt(SkVM *vm) {
    SkLoop *l = loop_of(vm);
    if (!l || !l->interrupted) return false;
    l->interrupted = false;
    return true;
}

// ---------------------------------------------------------------- running

bool sk_loop_run(SkVM *vm, bool block) {
    SkLoop *l = loop_of(vm);
    if (!l) return false;
    l->woke = false;
    int before = vm->sched.runcount;
    for (;;) {
        bool wait = block && !vm->sched.host_nowait && sk_loop_pending(vm) > 0;
        // Only host continuations are pending, and the host has no way to
        // end one while the loop waits (no wake_fn, none of its handles on
        // the loop): waiting would hang; what is blocked is deadlocked.
        if (wait && l->nhost > 0 && l->nwaits == l->nhost && l->nheap == 0 && !l->host_resumes)
            wait = false;
        l->running = true;
        uv_run(&l->uv, wait ? UV_RUN_ONCE : UV_RUN_NOWAIT);
        l->running = false;
        if (l->sig_seen) deliver_signals(l);
        if (vm->sched.runcount > before) l->woke = true; // a timer callback woke one
        // A run can end with nothing woken (another handle's event, a
        // close): keep waiting while someone could still wake.
        if (l->woke || !wait) break;
    }
    return l->woke;
}
