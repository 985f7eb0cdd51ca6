/* tests/embed/test_alloc_fail.c -- allocation failure injected at the Nth
 * request to the host's allocator, for every N that a run and a call
 * reach, one after another on the same VM: each must give SK_OK or
 * SK_ERR_MEMORY (never a crash, a leak, a wrong status), and the VM must
 * work normally once memory is back. The
 * allocator puts a header before each block, so a block freed by an
 * allocator it did not come from (libc's free of ours, or ours of libc's)
 * is caught at once; at the end every block must have been given back.
 * Also: a VM whose creation fails at every N returns NULL cleanly. */
#include "skein.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAGIC 0x5eed5eed5eed5eedull

typedef struct Heap {
    long calls;   /* requests that allocate or grow */
    long fail_at; /* fail the request with this number (0: never) */
    long live;    /* blocks not yet freed */
    int mismatch; /* a block that was not ours came back */
} Heap;

typedef struct Header {
    uint64_t magic;
    uint64_t size;
} Header;

static void *test_realloc(void *ptr, size_t size, void *user) {
    Heap *h = user;
    Header *old = ptr ? (Header *)ptr - 1 : NULL;
    if (old && old->magic != MAGIC) {
        h->mismatch = 1;
        fprintf(stderr, "a block the allocator did not make came back\n");
        abort();
    }
    if (size == 0) {
        if (old) {
            old->magic = 0;
            free(old);
            h->live--;
        }
        return NULL;
    }
    h->calls++;
    if (h->fail_at && h->calls == h->fail_at) return NULL;
    Header *n = realloc(old, sizeof(Header) + size);
    if (!n) return NULL;
    if (!old) h->live++;
    n->magic = MAGIC;
    n->size = size;
    return n + 1;
}

static void quiet(SkVM *vm, int stream, const char *text, size_t len) {}

static const char script[] = "import json\n"
                             "class Point:\n"
                             "    def __init__(self, x, y): self.x, self.y = x, y\n"
                             "    def __repr__(self): return f'Point({self.x}, {self.y})'\n"
                             "pts = [Point(i, i * i) for i in range(50)]\n"
                             "d = {str(p): p.y for p in pts}\n"
                             "s = json.dumps(d)\n"
                             "words = ' '.join(str(i) for i in range(200)).split()\n"
                             "big = 2 ** 200 + len(s)\n"
                             "def f(a, b=2):\n"
                             "    return [a] * b + sorted(words)[:3]\n";

static int check_status(SkStatus st, long n, const char *what) {
    if (st == SK_OK || st == SK_ERR_MEMORY) return 0;
    fprintf(stderr, "fail at %ld during %s: status %d\n", n, what, (int)st);
    return 1;
}

/* One round on vm: fail at the Nth allocation from now during a run and
 * a call, then check the VM works with memory back. Returns 1 on a wrong
 * outcome; *reached says whether the failure point was reached at all. */
static int round_at(SkVM *vm, Heap *h, long n, int *reached) {
    int bad = 0;
    h->fail_at = h->calls + n;
    bad |= check_status(sk_run_string(vm, script, strlen(script), "<script>"), n, "the run");
    if (sk_ensure_slots(vm, 3) == SK_OK) {
        SkStatus st = sk_get_global(vm, NULL, "f", 0);
        if (st == SK_OK) {
            sk_set_str(vm, 1, "abc", 3);
            bad |= check_status(sk_call(vm, 0, 1, -1, 2), n, "the call");
        } else if (st != SK_ERR_MEMORY && st != SK_ERR_RUNTIME) {
            bad |= check_status(st, n, "sk_get_global");
        }
    }
    *reached = h->calls >= h->fail_at;
    h->fail_at = 0;
    static const char after[] = "x = sum(range(10))\nassert x == 45\n";
    if (sk_run_string(vm, after, sizeof after - 1, "<after>") != SK_OK) {
        fprintf(stderr, "fail at %ld: the VM does not work afterwards: %s: %s\n", n,
                sk_error_type(vm), sk_error_message(vm));
        bad = 1;
    }
    return bad;
}

int main(int argc, char **argv) {
    long step = argc > 1 ? atol(argv[1]) : 1; /* >1 samples every step-th N */
    int bad = 0, reached = 1;
    long n;
    Heap heap = {0};
    SkConfig c;
    sk_config_init(&c);
    c.realloc_fn = test_realloc;
    c.user_data = &heap;
    c.write_fn = quiet;
    SkVM *vm = sk_vm_new(&c);
    if (!vm) {
        fprintf(stderr, "VM creation failed without injected failures\n");
        return 1;
    }
    for (n = 1; reached; n += step) bad |= round_at(vm, &heap, n, &reached);
    sk_vm_free(vm);
    if (heap.live != 0) {
        fprintf(stderr, "%ld blocks never freed\n", heap.live);
        bad = 1;
    }
    printf("run and call: failure injected at N = 1..%ld (step %ld)\n", n - step, step);

    /* VM creation failing at each N: NULL, nothing leaked */
    long made = 0;
    for (n = 1;; n += step) {
        Heap h = {0};
        h.fail_at = n;
        SkConfig cfg;
        sk_config_init(&cfg);
        cfg.realloc_fn = test_realloc;
        cfg.user_data = &h;
        cfg.write_fn = quiet;
        SkVM *vm = sk_vm_new(&cfg);
        if (vm) {
            made = h.calls;
            sk_vm_free(vm);
        }
        if (h.live != 0) {
            fprintf(stderr, "creation failing at %ld leaked %ld blocks\n", n, h.live);
            bad = 1;
        }
        if (vm && h.calls < n) break; /* the failure point was never reached */
    }
    printf("creation: failure injected at N = 1..%ld (%ld requests)\n", n - step, made);
    return bad;
}
