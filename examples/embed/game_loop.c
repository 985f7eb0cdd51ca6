/* examples/embed/game_loop.c -- a game loop steps the VM by an instruction
 * budget each frame (sk_run_for), so a script can never stall a frame.
 * Characters are tasklets; `wait_frames(n)` is a C function that blocks the
 * calling tasklet (a continuation) until the host resumes it n frames
 * later. A `planner` tasklet computes without ever yielding: preemption
 * shares each frame's budget between the tasklets, and the budget stops
 * the frame; the planner goes on next frame.
 *
 *   ./game_loop */
#include <skein.h>
#include <stdio.h>
#include <string.h>

#define MAX_WAITS 16
#define BUDGET 2000 /* instructions per frame */

typedef struct Game {
    long frame;
    struct {
        SkContinuation *k;
        long due;
    } waits[MAX_WAITS];
    int nwaits;
} Game;

/* wait_frames(n): park the calling tasklet until frame + n. */
static SkStatus wait_frames(SkVM *vm, int argc, void *data) {
    Game *g = data;
    int64_t n;
    if (sk_get_int(vm, 0, &n) != SK_OK) return SK_ERR_RUNTIME;
    if (g->nwaits == MAX_WAITS) return sk_raise_error(vm, "RuntimeError", "too many waits");
    SkContinuation *k;
    SkStatus st = sk_block(vm, "wait_frames", &k);
    if (st != SK_BLOCKED) return st;
    g->waits[g->nwaits].k = k;
    g->waits[g->nwaits].due = g->frame + n;
    g->nwaits++;
    return SK_BLOCKED;
}

/* frame(): the frame number, for the script's log. */
static SkStatus frame(SkVM *vm, int argc, void *data) {
    return sk_set_int(vm, 0, ((Game *)data)->frame);
}

static const SkFunctionDef game_fns[] = {
    {"wait_frames", wait_frames, 1, "wait_frames(n): sleep for n frames"},
    {"frame", frame, 0, "frame(): the current frame number"},
    {NULL, NULL, 0, NULL},
};

static const char script[] = "import game, stackless\n"
                             "def character(name, pace):\n"
                             "    for step in range(3):\n"
                             "        print(f'frame {game.frame()}: {name} takes step {step}')\n"
                             "        game.wait_frames(pace)\n"
                             "    print(f'frame {game.frame()}: {name} is home')\n"
                             "progress = [0]\n"
                             "def planner():\n"
                             "    while progress[0] < 300:\n"
                             "        progress[0] += 1\n"
                             "    print(f'frame {game.frame()}: the plan is ready')\n"
                             "stackless.tasklet(character)('knight', 2)\n"
                             "stackless.tasklet(character)('archer', 3)\n"
                             "stackless.tasklet(planner)()\n";

int main(void) {
    Game g = {0};
    SkConfig cfg;
    sk_config_init(&cfg);
    cfg.print_errors = 1;
    cfg.preempt = 100; /* tasklets share each frame's budget */
    SkVM *vm = sk_vm_new(&cfg);
    if (!vm || sk_define_module(vm, "game", game_fns, &g) != SK_OK) return 1;
    if (sk_run_string(vm, script, strlen(script), "game.sk") != SK_OK) return 1;
    sk_ensure_slots(vm, 1);
    for (g.frame = 1; g.frame <= 12; g.frame++) {
        /* resume the tasklets whose frame has come */
        for (int i = 0; i < g.nwaits;) {
            if (g.waits[i].due <= g.frame) {
                sk_set_none(vm, 0);
                sk_resume(vm, g.waits[i].k, 0);
                g.waits[i] = g.waits[--g.nwaits];
            } else {
                i++;
            }
        }
        int more;
        if (sk_run_for(vm, BUDGET, &more) != SK_OK) return 1;
        if (!more && g.nwaits == 0) {
            printf("frame %ld: nothing left to run\n", g.frame);
            break;
        }
    }
    sk_vm_free(vm);
    return 0;
}
