/* tests/embed/test_threads.c -- many VMs per process: two threads each make
 * their own VM and run the same workload at the same time (classes, big
 * ints, json, re, tasklets and channels, a C module, timers), then compare
 * the results. Built with ThreadSanitizer by the release suite
 * (embed/threads_tsan), where any shared mutable state would be reported
 * as a data race. */
#include "skein.h"
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static const char workload[] = "import json, re, stackless, time\n"
                               "class Acc:\n"
                               "    def __init__(self): self.total = 0\n"
                               "    def add(self, v): self.total += v\n"
                               "acc = Acc()\n"
                               "for i in range(2000):\n"
                               "    acc.add(i * i)\n"
                               "big = 3 ** 300 % 1000007\n"
                               "ch = stackless.channel()\n"
                               "def producer(n):\n"
                               "    for i in range(n):\n"
                               "        ch.send(i)\n"
                               "    ch.send(None)\n"
                               "stackless.tasklet(producer)(500)\n"
                               "got = 0\n"
                               "while True:\n"
                               "    v = ch.receive()\n"
                               "    if v is None: break\n"
                               "    got += v\n"
                               "time.sleep(0.001)\n"
                               "words = re.findall(r'[a-z]+', 'one two three ' * 50)\n"
                               "result = json.dumps({'total': acc.total, 'big': big, 'got': got,\n"
                               "                     'words': len(words), 'twice': twice(21)})\n";

static SkStatus c_twice(SkVM *vm, int argc, void *data) {
    int64_t v;
    if (sk_get_int(vm, 0, &v) != SK_OK) return SK_ERR_RUNTIME;
    return sk_set_int(vm, 0, v * 2);
}

static const SkFunctionDef fns[] = {{"twice", c_twice, 1, NULL}, {NULL, NULL, 0, NULL}};

typedef struct Job {
    char result[512];
    int status;
} Job;

static void *run(void *arg) {
    Job *job = arg;
    job->status = -1;
    for (int round = 0; round < 5; round++) {
        SkVM *vm = sk_vm_new(NULL);
        if (!vm) return NULL;
        const char *s;
        if (sk_define_module(vm, "builtins", fns, NULL) != SK_OK ||
            sk_run_string(vm, workload, sizeof workload - 1, "<workload>") != SK_OK ||
            sk_ensure_slots(vm, 1) != SK_OK || sk_get_global(vm, NULL, "result", 0) != SK_OK ||
            sk_get_str(vm, 0, &s, NULL) != SK_OK) {
            fprintf(stderr, "thread: %s: %s\n", sk_error_type(vm), sk_error_message(vm));
            sk_vm_free(vm);
            return NULL;
        }
        snprintf(job->result, sizeof job->result, "%s", s);
        sk_vm_free(vm);
    }
    job->status = 0;
    return NULL;
}

int main(void) {
    pthread_t t[2];
    Job jobs[2];
    for (int i = 0; i < 2; i++)
        if (pthread_create(&t[i], NULL, run, &jobs[i]) != 0) return 1;
    for (int i = 0; i < 2; i++) pthread_join(t[i], NULL);
    int ok =
        jobs[0].status == 0 && jobs[1].status == 0 && strcmp(jobs[0].result, jobs[1].result) == 0;
    printf("%s\n", jobs[0].result);
    if (!ok) fprintf(stderr, "the two VMs disagree or failed\n");
    return ok ? 0 : 1;
}
