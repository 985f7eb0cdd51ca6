// vm/sched/loop.h -- the event loop: one libuv loop per VM, and tasklets
// parked on it. A call that would block (time.sleep, a socket recv, a
// child's exit) parks only its tasklet in an SkWait; the scheduler runs
// the loop when nothing else is runnable (sk_sched_idle) and polls it
// without blocking every so often while tasklets run (sk_sched_tick), so
// I/O is never starved and busy tasklets are not slowed. SIGINT becomes
// KeyboardInterrupt in the main tasklet.
//
// A wait is one operation: `ready` tries it (recv, accept, ...) and says
// whether it is over. The native tries first itself; only when the
// operation would block does it park with sk_loop_park, and `ready` runs
// again each time the descriptor becomes ready, until it returns a result
// or an exception, which the tasklet resumes with.
#ifndef SK_VM_SCHED_LOOP_H
#define SK_VM_SCHED_LOOP_H
#include "vm/core/state.h"
#include "vm/objects/resource.h"

typedef struct SkWait SkWait;
typedef struct SkPoll SkPoll;
typedef struct SkLoopTimer SkLoopTimer;

// Directions a wait needs of its descriptor.
#define SK_POLL_READ 1
#define SK_POLL_WRITE 2

struct SkWait {
    struct SkTasklet *t; // the parked tasklet (a GC root through the wait list)
    SkWait *next, *prev; // the loop's list of waits
    const char *what;    // the operation, for reports: "sleep", "recv", "accept"
    SkResource *on;      // the object waited on (a socket), marked; or NULL
    SkValue val;         // a value the operation holds (data being sent), marked
    SkPoll *poll;        // the descriptor's watcher, or NULL (a pure timer wait)
    int dir;             // SK_POLL_READ or SK_POLL_WRITE
    // Try the operation. Returns its result; SK_ERR with an exception
    // pending when it failed; SK_UNDEF with none pending when it would
    // still block (keep waiting). NULL for a wait that only times out.
    SkValue (*ready)(SkVM *vm, SkWait *w);
    SkLoopTimer *timer; // the deadline, or NULL
    size_t n, off;      // operation arguments: sizes, offsets
    int flags;          // operation arguments: send/recv flags
    // A host continuation (vm/embed/cfunc.c): no descriptor, no deadline;
    // only sk_loop_finish ends it. on_drop (may be NULL) is told when the
    // wait goes, finished or cancelled.
    bool host;
    void (*on_drop)(SkVM *vm, SkWait *w);
    uint32_t owner; // for on_drop: the host's entry
};

// The loop (made on first use) and its teardown at sk_state_free:
// sk_loop_detach before the objects are freed (the waits and timers go,
// touching no tasklet), sk_loop_free after.
bool sk_loop_init(SkVM *vm) SK_RAISES;
void sk_loop_detach(SkVM *vm);
void sk_loop_free(SkVM *vm);

// Run the loop once: block until something happens (block) or only poll.
// Returns whether a tasklet became runnable. With nothing to wait for
// (no parked tasklet, timer or child), never blocks.
bool sk_loop_run(SkVM *vm, bool block);
// Timers, parked tasklets and children the loop is waiting for: while
// this is > 0 a tasklet can still wake up, so blocking is no deadlock.
int sk_loop_pending(SkVM *vm);
// Whether the tick should poll: pending work or a signal watcher.
bool sk_loop_wants_ticks(SkVM *vm);

// Park the current tasklet on w (malloc'd by the caller with `what`, `on`,
// `val`, `poll`, `dir`, `ready` and the arguments filled in; owned by the
// loop from here on). timeout < 0: no deadline; on expiry the tasklet
// resumes with None when w->ready is NULL (sleep), else raises
// TimeoutError("timed out"). Returns SK_NONE (parked: the result arrives on
// resume) or SK_ERR (cannot block here).
SkValue sk_loop_park(SkVM *vm, SkWait *w, double timeout) SK_RAISES;
// A fresh zeroed wait, or NULL with MemoryError pending.
SkWait *sk_loop_wait_new(SkVM *vm, const char *what) SK_RAISES;
// End the wait w from outside the loop's own callbacks: its tasklet
// becomes runnable with `result`, or raises `exc` (not SK_UNDEF).
void sk_loop_finish(SkVM *vm, SkWait *w, SkValue result, SkValue exc);
// sk_vm_wake (include/skein.h): wake the loop from any thread; `fn`, set
// with sk_loop_on_wake, then runs in the loop's thread.
void sk_loop_wake(SkVM *vm);
void sk_loop_on_wake(SkVM *vm, void (*fn)(SkVM *vm));
// The host put handles of its own on the loop (sk_vm_loop): a wait for a
// host continuation may then end from the loop, so it is no deadlock.
void sk_loop_host_resumes(SkVM *vm);

// Something changed for the handle h (a child exited): try the operation
// of every tasklet waiting on it again.
void sk_loop_retry_on(SkVM *vm, SkResource *h);
// In a process just forked: the loop gets its own kernel state (libuv's
// epoll and signal pipes must not be shared with the parent).
void sk_loop_after_fork(SkVM *vm);
// The libuv loop, for modules that start libuv handles of their own
// (uv_spawn); made on first use. NULL with the exception pending.
struct uv_loop_s *sk_loop_uv(SkVM *vm) SK_RAISES;
// Take t out of its wait (killed, thrown into): the operation is dropped.
void sk_loop_cancel(SkVM *vm, struct SkTasklet *t);
// GC: mark what a parked tasklet's wait holds (vm/sched/tasklet.c).
void sk_loop_mark_wait(SkVM *vm, SkWait *w);
// GC roots: every parked tasklet (vm/sched/sched.c).
void sk_loop_mark(SkVM *vm);
// " (recv on fd 5)" / " (sleep)" for deadlock reports and t.where.
void sk_loop_describe(SkWait *w, char *buf, size_t size);

// time.sleep(secs) for the current tasklet: parks it (secs == 0 only
// yields). Returns SK_NONE or SK_ERR.
SkValue sk_loop_sleep(SkVM *vm, double secs) SK_RAISES;

// A watcher for descriptor fd (made non-blocking by the caller): one
// reader and one writer may wait on it at a time. Closing it (before the
// fd is closed) wakes no one; cancel the waits first.
SkPoll *sk_loop_poll_open(SkVM *vm, int fd) SK_RAISES;
void sk_loop_poll_close(SkVM *vm, SkPoll *p);
// The wait parked on p in direction dir, or NULL.
SkWait *sk_loop_poll_waiter(SkPoll *p, int dir);

// A non-blocking descriptor as the object owning it (a socket, a pipe)
// keeps it: Python's blocking mode in `timeout`.
typedef struct SkFd {
    int fd;         // -1 once closed
    double timeout; // < 0: blocking (None); 0: non-blocking; > 0: seconds
    SkPoll *poll;   // the watcher, made on the first wait
} SkFd;

// Run the attempt function `op` (as SkWait.ready: it reads w->on, w->val,
// w->n, w->flags) on h's descriptor fd: at once, then, when it would
// block, by parking the tasklet until fd is ready in direction dir (a
// timeout raises TimeoutError("timed out"); a non-blocking fd raises
// BlockingIOError instead of waiting). Under a nested C level the thread
// waits in poll(2). Returns the result, SK_NONE when parked, or SK_ERR.
SkValue sk_loop_fd_op(SkVM *vm, SkResource *h, SkFd *fd, const char *what, int dir,
                      SkValue (*op)(SkVM *vm, SkWait *w), SkValue val, size_t n,
                      int flags) SK_RAISES;
// Close fd's watcher (waiters get EBADF) and the descriptor.
void sk_loop_fd_close(SkVM *vm, SkFd *fd);

// Standard input for input() and sys.stdin: whether a read would not
// block (stdio's buffer holds data, or fd 0 is readable or at its end).
bool sk_loop_stdin_ready(void);
// Run `op` (an attempt function that starts with sk_loop_stdin_ready) as
// sk_loop_fd_op does for fd 0: the tasklet parks until stdin has data.
// Where no tasklet can switch, op reads at once (blocking the thread).
SkValue sk_loop_read_stdin(SkVM *vm, const char *what, SkValue (*op)(SkVM *vm, SkWait *w),
                           size_t n) SK_RAISES;

// A one-shot timer: cb(vm, arg) runs after secs seconds unless cancelled
// first; `keep` (the tasklet it will wake, or NULL) stays alive until then.
// The timer frees itself after it fires; do not cancel it then.
SkLoopTimer *sk_loop_timer_start(SkVM *vm, double secs, void (*cb)(SkVM *vm, void *arg), void *arg,
                                 SkObj *keep) SK_RAISES;
void sk_loop_timer_cancel(SkVM *vm, SkLoopTimer *tm);

// Signals (the standard ones, below SK_NSIG). Caught signals are delivered
// by sk_loop_run: SK_SIG_INTERRUPT raises KeyboardInterrupt in the main
// tasklet; SK_SIG_CALL runs handler(signum, None) on the main tasklet's
// stack (an exception from it is raised in main).
#define SK_NSIG 32
enum { SK_SIG_DEFAULT, SK_SIG_IGNORE, SK_SIG_INTERRUPT, SK_SIG_CALL };
// Set what signum does. ValueError for a bad number, OSError for SIGKILL
// and SIGSTOP.
bool sk_loop_set_signal(SkVM *vm, int signum, int mode, SkValue handler) SK_RAISES;
// What signum does now (SK_SIG_*; -1 for a bad number) and its handler.
int sk_loop_get_signal(SkVM *vm, int signum, SkValue *handler);
// SIGINT as KeyboardInterrupt (sk_vm_new turns it on), unless SIGINT was
// ignored when the process started.
bool sk_loop_catch_sigint(SkVM *vm) SK_RAISES;
// Whether a KeyboardInterrupt was delivered to main since the last call
// (the tick raises it at once when main is running).
bool sk_loop_take_interrupt(SkVM *vm);

#endif
