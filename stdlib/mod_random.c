// stdlib/mod_random.c -- the `random` module on xoshiro256** (Blackman and
// Vigna, 2018: 256 bits of state, period 2^256-1, passes BigCrush),
// seeded through splitmix64. Like CPython, the module functions are the
// bound methods of a hidden Random instance (`random.Random` makes more),
// so every VM has its own generator and there is no C global.
//
// Differences from CPython (docs/stdlib.md): the same seed gives a
// different sequence than CPython's Mersenne Twister; getstate() returns a tuple
// of Skein ints that only setstate() understands.
//
// The state lives in a private bytes object in the instance's __dict__
// ("_state": four uint64 words, then the cached second gauss() value and
// a flag), mutated in place -- nothing else ever sees that bytes object.
#include "stdlib/modlib.h"
#include "vm/classes/class.h"
#include "vm/classes/class_create.h"
#include "vm/classes/error.h"
#include "vm/exec/call.h"
#include "vm/exec/import.h"
#include "vm/objects/bigint.h"
#include "vm/objects/bytes.h"
#include "vm/objects/dict.h"
#include "vm/objects/list.h"
#include "vm/objects/number.h"
#include "vm/objects/str.h"
#include "vm/objects/tuple.h"
#include "vm/ops/compare.h"
#include "vm/ops/item.h"
#include <math.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define NATIVE(name) static SkValue name(SkVM *vm, SkValue *args, int nargs, SkTuple *kw)

typedef struct RngState {
    uint64_t s[4];
    double gauss_next;
    uint64_t has_gauss;
} RngState;

static RngState *state_of(SkVM *vm, SkValue self) {
    SkStr *key = sk_str_intern_cstr(vm, "_state");
    if (!key) return NULL;
    SkValue st =
        SK_IS_KIND(self, SK_INSTANCE) ? sk_dict_get_str(SK_AS_INSTANCE(self)->dict, key) : SK_UNDEF;
    if (!SK_IS_KIND(st, SK_BYTES) || SK_AS_BYTES(st)->len != sizeof(RngState)) {
        sk_raise(vm, vm->exc.TypeError,
                 "descriptor requires a 'random.Random' object but received '%T'", self);
        return NULL;
    }
    return (RngState *)(void *)SK_AS_BYTES(st)->data;
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static uint64_t next64(RngState *r) {
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

static uint64_t splitmix64(uint64_t *x) {
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static void seed_u64(RngState *r, uint64_t seed) {
    for (int i = 0; i < 4; i++) r->s[i] = splitmix64(&seed);
    r->has_gauss = 0;
    r->gauss_next = 0;
}

static double rand_double(RngState *r) { return (double)(next64(r) >> 11) * 0x1.0p-53; }

// A uniform integer in [0, n), n > 0, by rejection (no modulo bias).
static uint64_t randbelow(RngState *r, uint64_t n) {
    if (n <= 1) return 0;
    int k = 64 - __builtin_clzll(n - 1);
    uint64_t mask = k == 64 ? ~0ULL : ((1ULL << k) - 1);
    uint64_t v;
    do v = next64(r) & mask;
    while (v >= n);
    return v;
}

// seed(a=None): None -> time, pid and an address; int -> its absolute
// value; str and bytes -> FNV-1a of their bytes; float -> its bits. Other
// types are a TypeError, as in CPython 3.11.
static bool do_seed(SkVM *vm, RngState *r, SkValue a) {
    uint64_t seed;
    if (SK_IS_UNDEF(a) || SK_IS_NONE(a)) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        seed = (uint64_t)ts.tv_sec * 1000000007ULL ^ (uint64_t)ts.tv_nsec ^
               ((uint64_t)getpid() << 32) ^ (uint64_t)(uintptr_t)r;
    } else if (SK_IS_INT(a) || SK_IS_BOOL(a)) {
        int64_t v = SK_AS_INT(a);
        seed = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v; // CPython seeds with abs(a)
    } else if (SK_IS_STR(a) || SK_IS_KIND(a, SK_BYTES)) {
        const uint8_t *p =
            SK_IS_STR(a) ? (const uint8_t *)SK_AS_STR(a)->data : SK_AS_BYTES(a)->data;
        size_t n = SK_IS_STR(a) ? SK_AS_STR(a)->len : SK_AS_BYTES(a)->len;
        seed = 0xcbf29ce484222325ULL;
        for (size_t i = 0; i < n; i++) seed = (seed ^ p[i]) * 0x100000001b3ULL;
        seed ^= SK_IS_STR(a) ? 0x5354 : 0x4259; // str and bytes seeds differ
    } else if (SK_IS_FLOAT(a)) {
        double d = SK_AS_FLOAT(a);
        memcpy(&seed, &d, sizeof seed);
    } else {
        sk_raise(
            vm, vm->exc.TypeError,
            "The only supported seed types are: None,\nint, float, str, bytes, and bytearray.");
        return false;
    }
    seed_u64(r, seed);
    return true;
}

NATIVE(r_init) {
    SkBytes *st = sk_bytes_new(vm, NULL, sizeof(RngState));
    if (!st || !SK_IS_KIND(args[0], SK_INSTANCE))
        return st ? sk_raise(vm, vm->exc.TypeError, "bad self") : SK_ERR;
    if (!sk_dict_set_cstr(vm, SK_AS_INSTANCE(args[0])->dict, "_state", sk_obj(st))) return SK_ERR;
    RngState *r = (RngState *)(void *)st->data;
    return do_seed(vm, r, nargs > 1 ? args[1] : SK_NONE) ? SK_NONE : SK_ERR;
}

NATIVE(r_seed) {
    RngState *r = state_of(vm, args[0]);
    if (!r) return SK_ERR;
    return do_seed(vm, r, nargs > 1 ? args[1] : SK_NONE) ? SK_NONE : SK_ERR;
}

NATIVE(r_random) {
    RngState *r = state_of(vm, args[0]);
    return r ? sk_float(rand_double(r)) : SK_ERR;
}

NATIVE(r_getrandbits) {
    RngState *r = state_of(vm, args[0]);
    int64_t k;
    if (!r || !sk_mod_to_int(vm, args[1], &k)) return SK_ERR;
    if (k < 0) return sk_raise(vm, vm->exc.ValueError, "number of bits must be non-negative");
    if (k == 0) return sk_int(0);
    if (k <= 63) return sk_int((int64_t)(next64(r) >> (64 - k)));
    // Wider: k bits from whole 64-bit words, the last one shifted down.
    if ((uint64_t)k > ((uint64_t)1 << 33)) return sk_raise_nomem(vm);
    size_t words = (size_t)((k + 63) / 64);
    uint64_t *w = malloc(words * sizeof *w);
    if (!w) return sk_raise_nomem(vm);
    for (size_t i = 0; i < words; i++) w[i] = next64(r);
    if (k % 64) w[words - 1] >>= 64 - k % 64;
    mpz_t z;
    mpz_init(z);
    mpz_import(z, words, -1, sizeof *w, 0, 0, w); // least significant word first
    free(w);
    return sk_bigint_from_mpz(vm, z);
}

// randrange(start, stop=None, step=1), CPython 3.11's checks and messages.
static SkValue randrange(SkVM *vm, RngState *r, SkValue a, SkValue b, SkValue c) {
    int64_t start, stop, step = 1;
    if (!sk_mod_to_int(vm, a, &start)) return SK_ERR;
    if (SK_IS_UNDEF(b) || SK_IS_NONE(b)) {
        if (!SK_IS_UNDEF(c) && !(SK_IS_INT(c) && SK_AS_INT(c) == 1))
            return sk_raise(vm, vm->exc.TypeError, "Missing a non-None stop argument");
        if (start > 0) return sk_int((int64_t)randbelow(r, (uint64_t)start));
        return sk_raise(vm, vm->exc.ValueError, "empty range for randrange()");
    }
    if (!sk_mod_to_int(vm, b, &stop)) return SK_ERR;
    if (!SK_IS_UNDEF(c) && !sk_mod_to_int(vm, c, &step)) return SK_ERR;
    int64_t width;
    if (__builtin_sub_overflow(stop, start, &width)) return sk_raise_int_overflow(vm);
    if (step == 1) {
        if (width > 0) return sk_int(start + (int64_t)randbelow(r, (uint64_t)width));
        return sk_raise(vm, vm->exc.ValueError, "empty range for randrange() (%lld, %lld, %lld)",
                        (long long)start, (long long)stop, (long long)width);
    }
    int64_t n;
    if (step > 0)
        n = (width + step - 1) / step - ((width + step - 1) % step < 0 ? 1 : 0);
    else if (step < 0)
        n = (width + step + 1) / step - ((width + step + 1) % step > 0 ? 1 : 0);
    else
        return sk_raise(vm, vm->exc.ValueError, "zero step for randrange()");
    if (n <= 0) return sk_raise(vm, vm->exc.ValueError, "empty range for randrange()");
    return sk_int(start + step * (int64_t)randbelow(r, (uint64_t)n));
}

NATIVE(r_randrange) {
    RngState *r = state_of(vm, args[0]);
    if (!r) return SK_ERR;
    static const char *const names[] = {"start", "stop", "step"};
    SkValue a[3];
    if (!sk_bind_args(vm, "randrange", args + 1, nargs - 1, kw, names, 3, 1, a)) return SK_ERR;
    return randrange(vm, r, a[0], a[1], a[2]);
}

NATIVE(r_randint) {
    RngState *r = state_of(vm, args[0]);
    int64_t b;
    if (!r || !sk_mod_to_int(vm, args[2], &b)) return SK_ERR;
    if (b == INT64_MAX) return sk_raise_int_overflow(vm);
    return randrange(vm, r, args[1], sk_int(b + 1), SK_UNDEF);
}

NATIVE(r_uniform) {
    RngState *r = state_of(vm, args[0]);
    double a, b;
    if (!r || !sk_mod_to_double(vm, args[1], &a) || !sk_mod_to_double(vm, args[2], &b))
        return SK_ERR;
    return sk_float(a + (b - a) * rand_double(r));
}

NATIVE(r_choice) {
    RngState *r = state_of(vm, args[0]);
    int64_t n;
    if (!r || !sk_len(vm, args[1], &n)) return SK_ERR;
    if (n == 0) return sk_raise(vm, vm->exc.IndexError, "Cannot choose from an empty sequence");
    return sk_getitem(vm, args[1], sk_int((int64_t)randbelow(r, (uint64_t)n)));
}

NATIVE(r_shuffle) {
    RngState *r = state_of(vm, args[0]);
    int64_t n;
    if (!r || !sk_len(vm, args[1], &n)) return SK_ERR;
    SkValue x = args[1];
    for (int64_t i = n - 1; i > 0; i--) {
        int64_t j = (int64_t)randbelow(r, (uint64_t)i + 1);
        if (SK_IS_LIST(x) && (int64_t)SK_AS_LIST(x)->len == n) {
            SkValue *it = SK_AS_LIST(x)->items, t = it[i];
            it[i] = it[j];
            it[j] = t;
            continue;
        }
        SkValue a = sk_getitem(vm, x, sk_int(i));
        if (SK_IS_ERR(a)) return SK_ERR;
        SkValue b = sk_getitem(vm, x, sk_int(j));
        if (SK_IS_ERR(b) || !sk_setitem(vm, x, sk_int(i), b) || !sk_setitem(vm, x, sk_int(j), a))
            return SK_ERR;
    }
    return SK_NONE;
}

// The population of sample/choices as a list; sets and dicts are refused as CPython does.
static SkList *population(SkVM *vm, SkValue p) {
    if (SK_IS_KIND(p, SK_SET) || SK_IS_DICT(p)) {
        sk_raise(vm, vm->exc.TypeError,
                 "Population must be a sequence.  For dicts or sets, use sorted(d).");
        return NULL;
    }
    return sk_list_of(vm, p);
}

NATIVE(r_sample) {
    RngState *r = state_of(vm, args[0]);
    if (!r) return SK_ERR;
    static const char *const names[] = {"population", "k", "counts"};
    SkValue a[3];
    if (!sk_bind_args(vm, "sample", args + 1, nargs - 1, kw, names, 3, 2, a)) return SK_ERR;
    SkList *pool = population(vm, a[0]);
    if (!pool) return SK_ERR;
    if (!SK_IS_UNDEF(a[2]) && !SK_IS_NONE(a[2])) {
        // counts: repeat each element counts[i] times.
        SkList *counts = sk_list_of(vm, a[2]);
        if (!counts) return SK_ERR;
        if (counts->len != pool->len)
            return sk_raise(vm, vm->exc.ValueError,
                            "The number of counts does not match the population");
        SkList *expanded = sk_list_new(vm, 0);
        if (!expanded) return SK_ERR;
        for (size_t i = 0; i < pool->len; i++) {
            int64_t c;
            if (!sk_mod_to_int(vm, counts->items[i], &c)) return SK_ERR;
            if (c < 0) return sk_raise(vm, vm->exc.ValueError, "Counts must be non-negative");
            for (int64_t j = 0; j < c; j++)
                if (!sk_list_append(vm, expanded, pool->items[i])) return SK_ERR;
        }
        pool = expanded;
    }
    int64_t k;
    if (!sk_mod_to_int(vm, a[1], &k)) return SK_ERR;
    if (k < 0 || k > (int64_t)pool->len)
        return sk_raise(vm, vm->exc.ValueError, "Sample larger than population or is negative");
    for (int64_t i = 0; i < k; i++) {
        size_t j = (size_t)i + (size_t)randbelow(r, pool->len - (uint64_t)i);
        SkValue t = pool->items[i];
        pool->items[i] = pool->items[j];
        pool->items[j] = t;
    }
    SkList *out = sk_list_from(vm, pool->items, (size_t)k);
    return out ? sk_obj(out) : SK_ERR;
}

// choices(population, weights=None, *, cum_weights=None, k=1)
NATIVE(r_choices) {
    RngState *r = state_of(vm, args[0]);
    if (!r) return SK_ERR;
    static const char *const names[] = {"population", "weights", "cum_weights", "k"};
    SkValue a[4];
    if (!sk_bind_args(vm, "choices", args + 1, nargs - 1, kw, names, 4, 1, a)) return SK_ERR;
    SkList *pool = population(vm, a[0]);
    if (!pool) return SK_ERR;
    int64_t k = 1;
    if (!SK_IS_UNDEF(a[3]) && !sk_mod_to_int(vm, a[3], &k)) return SK_ERR;
    if (k < 0) k = 0;
    size_t n = pool->len;
    bool has_w = !SK_IS_UNDEF(a[1]) && !SK_IS_NONE(a[1]);
    bool has_cw = !SK_IS_UNDEF(a[2]) && !SK_IS_NONE(a[2]);
    SkList *out = sk_list_new(vm, (size_t)k);
    if (!out) return SK_ERR;
    if (!has_w && !has_cw) {
        if (n == 0 && k > 0)
            return sk_raise(vm, vm->exc.IndexError, "Cannot choose from an empty sequence");
        for (int64_t i = 0; i < k; i++)
            if (!sk_list_append(vm, out, pool->items[(size_t)floor(rand_double(r) * (double)n)]))
                return SK_ERR;
        return sk_obj(out);
    }
    if (has_w && has_cw)
        return sk_raise(vm, vm->exc.TypeError,
                        "Cannot specify both weights and cumulative weights");
    SkList *w = sk_list_of(vm, has_w ? a[1] : a[2]);
    if (!w) return SK_ERR;
    if (w->len != n)
        return sk_raise(vm, vm->exc.ValueError,
                        "The number of weights does not match the population");
    double *cum = malloc(sizeof(double) * (n ? n : 1));
    if (!cum) return sk_raise_nomem(vm);
    double total = 0;
    for (size_t i = 0; i < n; i++) {
        double x;
        if (!sk_mod_to_double(vm, w->items[i], &x)) {
            free(cum);
            return SK_ERR;
        }
        total = has_w ? total + x : x;
        cum[i] = total;
    }
    if (n == 0) {
        free(cum);
        return sk_raise(vm, vm->exc.IndexError, "list index out of range");
    }
    if (!(total > 0.0)) {
        free(cum);
        return sk_raise(vm, vm->exc.ValueError,
                        isfinite(total) ? "Total of weights must be greater than zero"
                                        : "Total of weights must be finite");
    }
    for (int64_t i = 0; i < k; i++) {
        double x = rand_double(r) * total;
        size_t lo = 0, hi = n - 1; // bisect_right(cum, x, 0, n-1)
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (x < cum[mid])
                hi = mid;
            else
                lo = mid + 1;
        }
        if (!sk_list_append(vm, out, pool->items[lo])) {
            free(cum);
            return SK_ERR;
        }
    }
    free(cum);
    return sk_obj(out);
}

static double gauss(RngState *r, double mu, double sigma) {
    double z;
    if (r->has_gauss) {
        z = r->gauss_next;
        r->has_gauss = 0;
    } else {
        double x2pi = rand_double(r) * 2 * 3.141592653589793;
        double g2rad = sqrt(-2.0 * log(1.0 - rand_double(r)));
        z = cos(x2pi) * g2rad;
        r->gauss_next = sin(x2pi) * g2rad;
        r->has_gauss = 1;
    }
    return mu + z * sigma;
}

static bool mu_sigma(SkVM *vm, SkValue *args, int nargs, SkTuple *kw, const char *fname, double *mu,
                     double *sigma) {
    static const char *const names[] = {"mu", "sigma"};
    SkValue a[2];
    if (!sk_bind_args(vm, fname, args + 1, nargs - 1, kw, names, 2, 0, a)) return false;
    *mu = 0.0;
    *sigma = 1.0;
    return (SK_IS_UNDEF(a[0]) || sk_mod_to_double(vm, a[0], mu)) &&
           (SK_IS_UNDEF(a[1]) || sk_mod_to_double(vm, a[1], sigma));
}

NATIVE(r_gauss) {
    RngState *r = state_of(vm, args[0]);
    double mu, sigma;
    if (!r || !mu_sigma(vm, args, nargs, kw, "gauss", &mu, &sigma)) return SK_ERR;
    return sk_float(gauss(r, mu, sigma));
}

// normalvariate: Kinderman and Monahan's ratio method, as CPython.
NATIVE(r_normalvariate) {
    RngState *r = state_of(vm, args[0]);
    double mu, sigma;
    if (!r || !mu_sigma(vm, args, nargs, kw, "normalvariate", &mu, &sigma)) return SK_ERR;
    const double NV_MAGICCONST = 4 * exp(-0.5) / sqrt(2.0);
    double z;
    for (;;) {
        double u1 = rand_double(r), u2 = 1.0 - rand_double(r);
        z = NV_MAGICCONST * (u1 - 0.5) / u2;
        if (z * z / 4.0 <= -log(u2)) break;
    }
    return sk_float(mu + z * sigma);
}

NATIVE(r_expovariate) {
    RngState *r = state_of(vm, args[0]);
    double l;
    if (!r || !sk_mod_to_double(vm, args[1], &l)) return SK_ERR;
    if (l == 0) return sk_raise(vm, vm->exc.ZeroDivisionError, "float division by zero");
    return sk_float(-log(1.0 - rand_double(r)) / l);
}

NATIVE(r_triangular) {
    RngState *r = state_of(vm, args[0]);
    if (!r) return SK_ERR;
    double low = 0.0, high = 1.0, mode;
    if ((nargs > 1 && !sk_mod_to_double(vm, args[1], &low)) ||
        (nargs > 2 && !sk_mod_to_double(vm, args[2], &high)))
        return SK_ERR;
    double u = rand_double(r), c = 0.5;
    if (nargs > 3 && !SK_IS_NONE(args[3])) {
        if (!sk_mod_to_double(vm, args[3], &mode)) return SK_ERR;
        if (high == low) return sk_float(low);
        c = (mode - low) / (high - low);
    }
    if (u > c) {
        u = 1.0 - u;
        c = 1.0 - c;
        double t = low;
        low = high;
        high = t;
    }
    return sk_float(low + (high - low) * sqrt(u * c));
}

NATIVE(r_getstate) {
    RngState *r = state_of(vm, args[0]);
    if (!r) return SK_ERR;
    SkValue v[6];
    for (int i = 0; i < 4; i++) v[i] = sk_int((int64_t)r->s[i]);
    v[4] = r->has_gauss ? sk_float(r->gauss_next) : SK_NONE;
    v[5] = sk_int(2);
    SkTuple *t = sk_tuple_from(vm, v, 6);
    return t ? sk_obj(t) : SK_ERR;
}

NATIVE(r_setstate) {
    RngState *r = state_of(vm, args[0]);
    if (!r) return SK_ERR;
    SkValue st = args[1];
    if (!SK_IS_TUPLE(st) || SK_AS_TUPLE(st)->len != 6)
        return sk_raise(vm, vm->exc.ValueError,
                        "state with version %S passed to Random.setstate() of version 2",
                        SK_IS_TUPLE(st) && SK_AS_TUPLE(st)->len
                            ? SK_AS_TUPLE(st)->items[SK_AS_TUPLE(st)->len - 1]
                            : st);
    SkValue *it = SK_AS_TUPLE(st)->items;
    RngState n;
    for (int i = 0; i < 4; i++) {
        if (!SK_IS_INT(it[i]))
            return sk_raise(vm, vm->exc.TypeError, "state vector items must be integers");
        n.s[i] = (uint64_t)SK_AS_INT(it[i]);
    }
    if (!n.s[0] && !n.s[1] && !n.s[2] && !n.s[3])
        return sk_raise(vm, vm->exc.ValueError, "invalid state");
    n.has_gauss = !SK_IS_NONE(it[4]);
    n.gauss_next = 0;
    if (n.has_gauss && !sk_mod_to_double(vm, it[4], &n.gauss_next)) return SK_ERR;
    *r = n;
    return SK_NONE;
}

bool sk_mod_random_init(SkVM *vm, SkModule *m) {
    SkClass *c = sk_class_new_builtin(vm, "Random", vm->t.object, SK_INSTANCE);
    if (!c) return false;
    SkStr *modname = sk_str_intern_cstr(vm, "random");
    if (!modname || !sk_dict_set_str(vm, c->dict, vm->names.module, sk_obj(modname))) return false;
    static const struct {
        const char *name;
        SkNativeFn fn;
        int min, max;
        bool kw;
    } meths[] = {
        {"seed", r_seed, 1, 3, false},
        {"random", r_random, 1, 1, false},
        {"getrandbits", r_getrandbits, 2, 2, false},
        {"randrange", r_randrange, 2, 4, true},
        {"randint", r_randint, 3, 3, false},
        {"uniform", r_uniform, 3, 3, false},
        {"choice", r_choice, 2, 2, false},
        {"choices", r_choices, 2, 5, true},
        {"shuffle", r_shuffle, 2, 2, false},
        {"sample", r_sample, 3, 4, true},
        {"gauss", r_gauss, 1, 3, true},
        {"normalvariate", r_normalvariate, 1, 3, true},
        {"expovariate", r_expovariate, 2, 2, false},
        {"triangular", r_triangular, 1, 4, false},
        {"getstate", r_getstate, 1, 1, false},
        {"setstate", r_setstate, 2, 2, false},
    };
    if (!sk_define_method(vm, c, "__init__", r_init, 1, 3, false)) return false;
    for (size_t i = 0; i < sizeof meths / sizeof meths[0]; i++)
        if (!sk_define_method(vm, c, meths[i].name, meths[i].fn, meths[i].min, meths[i].max,
                              meths[i].kw))
            return false;
    if (!sk_mod_set(vm, m, "Random", sk_obj(c))) return false;
    SkValue inst = sk_instance_new(vm, c);
    if (SK_IS_ERR(inst) || SK_IS_ERR(r_init(vm, &inst, 1, NULL))) return false;
    if (!sk_mod_set(vm, m, "_inst", inst)) return false;
    for (size_t i = 0; i < sizeof meths / sizeof meths[0]; i++) {
        SkValue f = sk_dict_get_str(c->dict, sk_str_intern_cstr(vm, meths[i].name));
        if (!sk_mod_set(vm, m, meths[i].name, sk_method_new(vm, inst, f))) return false;
    }
    return true;
}
