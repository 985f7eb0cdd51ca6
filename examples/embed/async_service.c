/* examples/embed/async_service.c -- an asynchronous C service behind a
 * blocking-looking Skein function. `lookup(key)` hands the request to a
 * worker thread and blocks only the calling tasklet (sk_block); the worker
 * computes, queues the answer and calls sk_vm_wake; the VM, waiting in its
 * event loop, calls wake_fn in its own thread, which resumes each waiting
 * tasklet with its answer (sk_resume) or an error (sk_resume_error).
 * Meanwhile the script's other tasklets keep running.
 *
 *   ./async_service */
#define _POSIX_C_SOURCE 200809L /* nanosleep, also when built alone */
#include <ctype.h>
#include <pthread.h>
#include <skein.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define QUEUE 32

typedef struct Request {
    SkContinuation *k;
    char key[64];
    char answer[64];
    int failed;
} Request;

/* Requests flow main -> worker (todo) and back (done), under one lock. */
typedef struct Service {
    pthread_mutex_t lock;
    pthread_cond_t wake_worker;
    Request todo[QUEUE], done[QUEUE];
    int ntodo, ndone;
    int stop;
    SkVM *vm;
} Service;

static void *worker(void *arg) {
    Service *s = arg;
    pthread_mutex_lock(&s->lock);
    for (;;) {
        while (s->ntodo == 0 && !s->stop) pthread_cond_wait(&s->wake_worker, &s->lock);
        if (s->ntodo == 0 && s->stop) break;
        Request r = s->todo[0];
        memmove(s->todo, s->todo + 1, (size_t)--s->ntodo * sizeof r);
        pthread_mutex_unlock(&s->lock);
        struct timespec ts = {0, 5 * 1000 * 1000}; /* the slow part: 5 ms */
        nanosleep(&ts, NULL);
        if (strcmp(r.key, "missing") == 0) {
            r.failed = 1;
        } else {
            for (size_t i = 0; r.key[i]; i++) r.answer[i] = (char)toupper((unsigned char)r.key[i]);
            r.answer[strlen(r.key)] = 0;
        }
        pthread_mutex_lock(&s->lock);
        s->done[s->ndone++] = r;
        sk_vm_wake(s->vm); /* safe from any thread */
    }
    pthread_mutex_unlock(&s->lock);
    return NULL;
}

/* lookup(key): block the calling tasklet until the worker answers. */
static SkStatus lookup(SkVM *vm, int argc, void *data) {
    Service *s = data;
    const char *key;
    size_t len;
    if (sk_get_str(vm, 0, &key, &len) != SK_OK) return SK_ERR_RUNTIME;
    if (len >= sizeof s->todo[0].key) return sk_raise_error(vm, "ValueError", "key too long");
    pthread_mutex_lock(&s->lock);
    int full = s->ntodo == QUEUE;
    pthread_mutex_unlock(&s->lock);
    if (full) return sk_raise_error(vm, "RuntimeError", "service busy");
    Request r = {0};
    memcpy(r.key, key, len + 1);
    SkStatus st = sk_block(vm, "lookup", &r.k);
    if (st != SK_BLOCKED) return st;
    pthread_mutex_lock(&s->lock);
    s->todo[s->ntodo++] = r;
    pthread_cond_signal(&s->wake_worker);
    pthread_mutex_unlock(&s->lock);
    return SK_BLOCKED;
}

/* In the VM's thread, after sk_vm_wake: hand every answer to its tasklet. */
static void on_wake(SkVM *vm) {
    Service *s = sk_vm_user_data(vm);
    pthread_mutex_lock(&s->lock);
    Request done[QUEUE];
    int n = s->ndone;
    memcpy(done, s->done, (size_t)n * sizeof done[0]);
    s->ndone = 0;
    pthread_mutex_unlock(&s->lock);
    for (int i = 0; i < n; i++) {
        if (done[i].failed) {
            sk_resume_error(vm, done[i].k, "KeyError", done[i].key);
        } else {
            sk_set_str(vm, 0, done[i].answer, strlen(done[i].answer));
            sk_resume(vm, done[i].k, 0);
        }
    }
}

static const SkFunctionDef service_fns[] = {
    {"lookup", lookup, 1, "lookup(key): the key's value, from the service"},
    {NULL, NULL, 0, NULL},
};

static const char script[] = "import service, stackless\n"
                             "answers = {}\n"
                             "def ask(key):\n"
                             "    try:\n"
                             "        answers[key] = service.lookup(key)\n"
                             "    except KeyError as e:\n"
                             "        answers[key] = f'no such key: {e}'\n"
                             "ticks = [0]\n"
                             "def ticker():\n"
                             "    while len(answers) < 4:\n"
                             "        ticks[0] += 1\n"
                             "        stackless.schedule()\n"
                             "for key in ['alpha', 'beta', 'missing', 'gamma']:\n"
                             "    stackless.tasklet(ask)(key)\n"
                             "stackless.tasklet(ticker)()\n"
                             "stackless.run()\n"
                             "for key in sorted(answers):\n"
                             "    print(key, '->', answers[key])\n"
                             "print('the ticker ran while waiting:', ticks[0] > 0)\n";

int main(void) {
    Service s;
    memset(&s, 0, sizeof s);
    pthread_mutex_init(&s.lock, NULL);
    pthread_cond_init(&s.wake_worker, NULL);
    SkConfig cfg;
    sk_config_init(&cfg);
    cfg.wake_fn = on_wake;
    cfg.user_data = &s;
    cfg.print_errors = 1;
    SkVM *vm = s.vm = sk_vm_new(&cfg);
    if (!vm || sk_define_module(vm, "service", service_fns, &s) != SK_OK ||
        sk_ensure_slots(vm, 1) != SK_OK)
        return 1;
    pthread_t t;
    pthread_create(&t, NULL, worker, &s);
    SkStatus st = sk_run_string(vm, script, strlen(script), "client.sk");
    pthread_mutex_lock(&s.lock);
    s.stop = 1;
    pthread_cond_signal(&s.wake_worker);
    pthread_mutex_unlock(&s.lock);
    pthread_join(t, NULL);
    sk_vm_free(vm);
    return st == SK_OK ? 0 : 1;
}
