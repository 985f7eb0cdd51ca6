// tests/unit/test_values.c -- C unit tests of the value types (vm/objects/str.c,
// number.c, list.c, dict.c, set.c, ops*.c): dict insertion, deletion,
// order and resizing; set iteration order against outputs recorded from
// CPython 3.11; float repr; int/float parsing; hashes that must equal
// CPython's; UTF-8 indexing; sort stability. Exits 0 when all pass.
#include "vm/classes/error.h"
#include "vm/exec/import.h"
#include "vm/objects/bigint.h"
#include "vm/objects/dict.h"
#include "vm/objects/list.h"
#include "vm/objects/number.h"
#include "vm/objects/range.h"
#include "vm/objects/set.h"
#include "vm/objects/str.h"
#include "vm/objects/tuple.h"
#include "vm/ops/arith.h"
#include "vm/ops/compare.h"
#include "vm/ops/item.h"
#include "vm/ops/ops.h"
#include "vm/ops/repr.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "check.h"

static void check_repr(SkVM *vm, SkValue v, const char *want, int line) {
    SkStr *s = sk_repr(vm, v);
    if (!s) {
        fprintf(stderr, "line %d: repr raised\n", line);
        sk_clear_exc(vm);
        failures++;
        return;
    }
    if (strcmp(s->data, want) != 0) {
        fprintf(stderr, "line %d: repr is %s, want %s\n", line, s->data, want);
        failures++;
    }
}
#define CHECK_REPR(v, want) check_repr(vm, (v), (want), __LINE__)

static SkValue str(SkVM *vm, const char *s) { return sk_obj(sk_str_cstr(vm, s)); }

static SkSet *set_of(SkVM *vm, const int64_t *items, size_t n) {
    SkSet *s = sk_set_new(vm, false);
    for (size_t i = 0; i < n; i++) sk_set_add(vm, s, sk_int(items[i]));
    return s;
}

static void test_dict(SkVM *vm) {
    SkDict *d = sk_dict_new(vm);
    for (int64_t i = 0; i < 1000; i++) CHECK(sk_dict_set(vm, d, sk_int(i * 7), sk_int(i)));
    CHECK(d->len == 1000);
    for (int64_t i = 0; i < 1000; i += 2) CHECK(sk_dict_del(vm, d, sk_int(i * 7)) == 1);
    CHECK(d->len == 500);
    CHECK(sk_dict_del(vm, d, sk_int(0)) == 0);
    SkValue out;
    CHECK(sk_dict_get(vm, d, sk_int(7), &out) == 1 && SK_AS_INT(out) == 1);
    CHECK(sk_dict_get(vm, d, sk_float(7.0), &out) == 1 && SK_AS_INT(out) == 1); // 7.0 == 7
    CHECK(sk_dict_get(vm, d, sk_int(14), &out) == 0);
    // Order survives deletion and growth.
    for (int64_t i = 1000; i < 3000; i++) sk_dict_set(vm, d, sk_int(i * 7), sk_int(i));
    size_t it = 0;
    SkValue k, v;
    int64_t prev = -1;
    bool ordered = true;
    while (sk_dict_next(d, &it, &k, &v)) {
        if (SK_AS_INT(v) <= prev) ordered = false;
        prev = SK_AS_INT(v);
    }
    CHECK(ordered);
    CHECK(d->len == 2500);
    // Re-inserting a key keeps its first position.
    SkDict *e = sk_dict_new(vm);
    sk_dict_set(vm, e, str(vm, "b"), sk_int(1));
    sk_dict_set(vm, e, str(vm, "a"), sk_int(2));
    sk_dict_set(vm, e, str(vm, "b"), sk_int(3));
    CHECK_REPR(sk_obj(e), "{'b': 3, 'a': 2}");
    // The str fast path finds keys made elsewhere.
    SkStr *key = sk_str_cstr(vm, "a");
    CHECK(SK_AS_INT(sk_dict_get_str(e, key)) == 2);
    CHECK(SK_IS_UNDEF(sk_dict_get_str(e, sk_str_cstr(vm, "zz"))));
    CHECK(sk_dict_find_str(e, sk_str_intern_cstr(vm, "b")) == 0);
    // Unhashable keys raise.
    CHECK(!sk_dict_set(vm, e, sk_obj(sk_list_new(vm, 0)), SK_NONE));
    CHECK(sk_has_exc(vm));
    sk_clear_exc(vm);
    SkDict *c = sk_dict_copy(vm, d);
    CHECK(c->len == d->len);
    CHECK(sk_eq(vm, sk_obj(c), sk_obj(d)) == 1);
    sk_dict_clear(vm, c);
    CHECK(c->len == 0);
    CHECK_REPR(sk_obj(c), "{}");
}

static void test_sets(SkVM *vm) {
    int64_t a[] = {3, 1, 2};
    CHECK_REPR(sk_obj(set_of(vm, a, 3)), "{1, 2, 3}");
    int64_t b[] = {10, 5, 100};
    CHECK_REPR(sk_obj(set_of(vm, b, 3)), "{10, 100, 5}");
    int64_t r20[20];
    for (int i = 0; i < 20; i++) r20[i] = i;
    int64_t three[] = {3};
    SkValue diff =
        sk_binary(vm, SK_BIN_SUB, sk_obj(set_of(vm, r20, 20)), sk_obj(set_of(vm, three, 1)), false);
    CHECK_REPR(diff, "{0, 1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19}");
    int64_t r40[14], n40 = 0;
    for (int64_t i = 40; i > 0; i -= 3) r40[n40++] = i;
    int64_t extra[] = {1000, 77, 5};
    SkValue u = sk_binary(vm, SK_BIN_OR, sk_obj(set_of(vm, r40, (size_t)n40)),
                          sk_obj(set_of(vm, extra, 3)), false);
    CHECK_REPR(u, "{1, 34, 4, 37, 5, 7, 40, 1000, 10, 13, 77, 16, 19, 22, 25, 28, 31}");
    int64_t x[] = {-1, -2, (int64_t)1 << 40, 17, 33, 65}, y[] = {17, 8, 9};
    SkValue sx =
        sk_binary(vm, SK_BIN_XOR, sk_obj(set_of(vm, x, 6)), sk_obj(set_of(vm, y, 3)), false);
    CHECK_REPR(sx, "{1099511627776, 33, 65, 8, 9, -1, -2}");
    SkSet *f = sk_set_new(vm, true);
    for (int i = 1; i <= 3; i++) sk_set_add(vm, f, sk_int(i));
    CHECK_REPR(sk_obj(f), "frozenset({1, 2, 3})");
    uint64_t h;
    CHECK(sk_hash(vm, sk_obj(f), &h) && (int64_t)h == -272375401224217160LL);
    CHECK(sk_hash(vm, sk_obj(sk_set_new(vm, true)), &h) && (int64_t)h == 133146708735736LL);
    CHECK_REPR(sk_obj(sk_set_new(vm, false)), "set()");
    // Colliding keys, deletions, then re-use of dummy slots (CPython takes
    // the last dummy on the probe path).
    SkSet *col = sk_set_new(vm, false);
    for (int i = 0; i < 6; i++) sk_set_add(vm, col, sk_int(i * 32));
    sk_set_discard(vm, col, sk_int(32));
    sk_set_discard(vm, col, sk_int(64));
    sk_set_add(vm, col, sk_int(416));
    sk_set_add(vm, col, sk_int(7));
    CHECK_REPR(sk_obj(col), "{0, 416, 96, 128, 160, 7}");
    // Deletion then re-adding, and membership.
    SkSet *s = set_of(vm, r20, 20);
    for (int i = 0; i < 20; i += 2) CHECK(sk_set_discard(vm, s, sk_int(i)) == 1);
    CHECK(s->used == 10);
    CHECK(sk_set_contains(vm, s, sk_int(3)) == 1);
    CHECK(sk_set_contains(vm, s, sk_int(4)) == 0);
    CHECK(sk_set_contains(vm, s, sk_float(3.0)) == 1);
    SkValue cmp = sk_compare(vm, SK_CMP_LT, sk_obj(set_of(vm, three, 1)), sk_obj(s));
    CHECK(SK_IS_BOOL(cmp) && SK_AS_BOOL(cmp));
}

static void test_numbers(SkVM *vm) {
    static const struct {
        double f;
        const char *s;
    } floats[] = {
        {0.1, "0.1"},
        {1e16, "1e+16"},
        {1.5e-7, "1.5e-07"},
        {1e100, "1e+100"},
        {123456789012345.0, "123456789012345.0"},
        {1234567890123456.0, "1234567890123456.0"},
        {12345678901234567.0, "1.2345678901234568e+16"},
        {1e-4, "0.0001"},
        {1e-5, "1e-05"},
        {2.5, "2.5"},
        {-0.0, "-0.0"},
        {1.0 / 3, "0.3333333333333333"},
        {5e-324, "5e-324"},
        {1.7976931348623157e308, "1.7976931348623157e+308"},
        {100.0, "100.0"},
        {1e15, "1000000000000000.0"},
        {0.3, "0.3"},
    };
    char buf[40];
    for (size_t i = 0; i < sizeof floats / sizeof floats[0]; i++) {
        sk_float_repr(floats[i].f, buf);
        if (strcmp(buf, floats[i].s) != 0) {
            fprintf(stderr, "float repr %s, want %s\n", buf, floats[i].s);
            failures++;
        }
    }
    // Hashes equal to CPython 3.11's.
    CHECK((int64_t)sk_hash_float(0.5) == 1152921504606846976LL);
    CHECK((int64_t)sk_hash_float(-0.5) == -1152921504606846976LL);
    CHECK((int64_t)sk_hash_float(1.5) == 1152921504606846977LL);
    CHECK((int64_t)sk_hash_float(1e100) == 1822893315824342674LL);
    CHECK(sk_hash_float(1.0) == 1 && sk_hash_float(INFINITY) == 314159);
    CHECK((int64_t)sk_hash_int(-1) == -2);
    CHECK(sk_hash_int((int64_t)1 << 61) == 1);
    CHECK(sk_hash_int(((int64_t)1 << 61) - 1) == 0);
    CHECK((int64_t)sk_hash_int(INT64_MIN) == -4);
    uint64_t h;
    SkValue pair = sk_obj(sk_tuple_pair(vm, sk_int(1), sk_int(2)));
    CHECK(sk_hash(vm, pair, &h) && (int64_t)h == -3550055125485641917LL);
    CHECK(sk_hash(vm, sk_obj(sk_tuple_new(vm, 0)), &h) && (int64_t)h == 5740354900026072187LL);

#define PARSES_TO(text, base, want)                                                                \
    (n = sk_parse_int(vm, text, strlen(text), base), SK_IS_INT(n) && n.as.i == (want))
    SkValue n;
    CHECK(PARSES_TO(" -1_000 ", 10, -1000));
    CHECK(PARSES_TO("0x_1f", 0, 31));
    CHECK(PARSES_TO("1f", 16, 31));
    CHECK(PARSES_TO("0b101", 0, 5));
    CHECK(PARSES_TO("000", 0, 0));
    CHECK(SK_IS_ERR(sk_parse_int(vm, "010", 3, 0)));
    sk_clear_exc(vm);
    CHECK(SK_IS_ERR(sk_parse_int(vm, "1__0", 4, 10)));
    sk_clear_exc(vm);
    CHECK(SK_IS_ERR(sk_parse_int(vm, "x", 1, 10)));
    SkStr *msg = sk_exc_str(vm, sk_take_exc(vm));
    CHECK(msg && strcmp(msg->data, "invalid literal for int() with base 10: 'x'") == 0);
    CHECK(PARSES_TO("9223372036854775807", 10, INT64_MAX));
    CHECK(PARSES_TO("-9223372036854775808", 10, INT64_MIN));
    // One past int64 is a big int, and prints back the same.
    n = sk_parse_int(vm, "9223372036854775808", 19, 10);
    CHECK(sk_is_bigint(n));
    SkStr *big = sk_int_to_pystr(vm, n, 10, false);
    CHECK(big && strcmp(big->data, "9223372036854775808") == 0);
#undef PARSES_TO
    double d;
    CHECK(sk_parse_float(vm, " 1_0.5e1 ", 9, &d) && d == 105.0);
    CHECK(sk_parse_float(vm, "-Infinity", 9, &d) && isinf(d) && d < 0);
    CHECK(sk_parse_float(vm, "nan", 3, &d) && isnan(d));
    CHECK(!sk_parse_float(vm, "0x10", 4, &d));
    sk_clear_exc(vm);
    CHECK(!sk_parse_float(vm, "1_", 2, &d));
    sk_clear_exc(vm);

    // Python's floor division and modulo signs.
    CHECK(SK_AS_INT(sk_num_binary(vm, SK_BIN_FLOORDIV, sk_int(-7), sk_int(2))) == -4);
    CHECK(SK_AS_INT(sk_num_binary(vm, SK_BIN_MOD, sk_int(-7), sk_int(2))) == 1);
    CHECK(SK_AS_INT(sk_num_binary(vm, SK_BIN_MOD, sk_int(7), sk_int(-2))) == -1);
    CHECK(SK_AS_FLOAT(sk_num_binary(vm, SK_BIN_MOD, sk_float(-7.5), sk_int(2))) == 0.5);
    CHECK(SK_AS_FLOAT(sk_num_binary(vm, SK_BIN_POW, sk_int(2), sk_int(-1))) == 0.5);
    // An overflow promotes to a big int; a result that fits comes back immediate.
    SkValue twice = sk_num_binary(vm, SK_BIN_MUL, sk_int(INT64_MAX), sk_int(2));
    CHECK(sk_is_bigint(twice));
    SkValue back = sk_num_binary(vm, SK_BIN_FLOORDIV, twice, sk_int(2));
    CHECK(SK_IS_INT(back) && SK_AS_INT(back) == INT64_MAX);
    CHECK(sk_num_compare(twice, sk_float(1.8446744073709552e19)) == -1);
    CHECK((int64_t)sk_bigint_hash(SK_AS_BIGINT(twice)) == 6); // (2**64 - 2) mod (2**61 - 1)
    CHECK(SK_IS_ERR(sk_num_binary(vm, SK_BIN_FLOORDIV, sk_int(1), sk_int(0))));
    CHECK(sk_exc_matches(vm, vm->exc.ZeroDivisionError));
    sk_clear_exc(vm);
    // Exact int/float comparison.
    CHECK(sk_num_compare(sk_int(9007199254740993LL), sk_float(9007199254740992.0)) == 1);
    CHECK(sk_num_compare(sk_int(-1), sk_float(-1.5)) == 1);
    CHECK(sk_num_compare(sk_int(3), sk_float(NAN)) == 2);
}

static void test_strings(SkVM *vm) {
    SkStr *s = sk_str_cstr(vm, "h\xc3\xa9llo w\xe2\x82\xacrld"); // "héllo w€rld"
    CHECK(s->nchars == 11 && !s->ascii);
    SkValue c = sk_getitem(vm, sk_obj(s), sk_int(1));
    CHECK(SK_IS_STR(c) && strcmp(SK_AS_STR(c)->data, "\xc3\xa9") == 0);
    c = sk_getitem(vm, sk_obj(s), sk_int(-4));
    CHECK(SK_IS_STR(c) && strcmp(SK_AS_STR(c)->data, "\xe2\x82\xac") == 0);
    SkSlice *sl = sk_slice_new(vm, SK_NONE, SK_NONE, sk_int(-3));
    CHECK_REPR(sk_getitem(vm, sk_obj(s), sk_obj(sl)), "'d\xe2\x82\xaco\xc3\xa9'");
    sl = sk_slice_new(vm, sk_int(1), sk_int(5), SK_NONE);
    CHECK_REPR(sk_getitem(vm, sk_obj(s), sk_obj(sl)), "'\xc3\xa9llo'");
    CHECK(SK_IS_ERR(sk_getitem(vm, sk_obj(s), sk_int(11))));
    sk_clear_exc(vm);
    CHECK_REPR(str(vm, "it's"), "\"it's\"");
    CHECK_REPR(str(vm, "a\n\t\\'\""), "'a\\n\\t\\\\\\'\"'");
    CHECK_REPR(str(vm, "\x01\x7f"), "'\\x01\\x7f'");
    CHECK(sk_contains(vm, sk_obj(s), str(vm, "w\xe2\x82\xac")) == 1);
    SkStr *f = sk_str_format(vm, "%d-%s-%R-%T", 42, "x", str(vm, "y"), sk_float(1.0));
    CHECK(f && strcmp(f->data, "42-x-'y'-float") == 0);
    CHECK(sk_str_intern_cstr(vm, "abc") == sk_str_intern(vm, "abc", 3));
    SkValue cat = sk_binary(vm, SK_BIN_ADD, str(vm, "ab"), str(vm, "cd"), false);
    CHECK(SK_IS_STR(cat) && strcmp(SK_AS_STR(cat)->data, "abcd") == 0);
    SkValue rep = sk_binary(vm, SK_BIN_MUL, str(vm, "ab"), sk_int(3), false);
    CHECK(SK_IS_STR(rep) && strcmp(SK_AS_STR(rep)->data, "ababab") == 0);
    CHECK(SK_IS_ERR(sk_binary(vm, SK_BIN_ADD, str(vm, "a"), sk_int(1), false)));
    SkStr *m = sk_exc_str(vm, sk_take_exc(vm));
    CHECK(m && strcmp(m->data, "can only concatenate str (not \"int\") to str") == 0);
}

static void test_lists(SkVM *vm) {
    // Sort stability: sort pairs by their first item only.
    SkList *l = sk_list_new(vm, 0);
    for (int i = 0; i < 200; i++) {
        SkValue p = sk_obj(sk_tuple_pair(vm, sk_int((i * 37) % 10), sk_int(i)));
        sk_list_append(vm, l, p);
    }
    SkList *keys = sk_list_new(vm, 0);
    for (size_t i = 0; i < l->len; i++)
        sk_list_append(vm, keys, SK_AS_TUPLE(l->items[i])->items[0]);
    // Decorate: sort a list of (key, index) tuples, which is stable by construction,
    // and compare with sorting by the key alone through a keyed sort.
    CHECK(sk_list_sort(vm, l, SK_NONE, false));
    bool sorted = true;
    for (size_t i = 1; i < l->len; i++) {
        SkTuple *a = SK_AS_TUPLE(l->items[i - 1]), *b = SK_AS_TUPLE(l->items[i]);
        if (SK_AS_INT(a->items[0]) > SK_AS_INT(b->items[0]) ||
            (SK_AS_INT(a->items[0]) == SK_AS_INT(b->items[0]) &&
             SK_AS_INT(a->items[1]) > SK_AS_INT(b->items[1])))
            sorted = false;
    }
    CHECK(sorted);
    SkList *strs = sk_list_new(vm, 0);
    const char *words[] = {"pear", "fig", "apple", "kiwi", "date", "banana"};
    for (int i = 0; i < 6; i++) sk_list_append(vm, strs, str(vm, words[i]));
    CHECK(sk_list_sort(vm, strs, SK_NONE, true));
    CHECK_REPR(sk_obj(strs), "['pear', 'kiwi', 'fig', 'date', 'banana', 'apple']");
    SkList *mixed = sk_list_new(vm, 0);
    sk_list_append(vm, mixed, sk_int(1));
    sk_list_append(vm, mixed, str(vm, "a"));
    CHECK(!sk_list_sort(vm, mixed, SK_NONE, false));
    SkStr *m = sk_exc_str(vm, sk_take_exc(vm));
    CHECK(m && strcmp(m->data, "'<' not supported between instances of 'str' and 'int'") == 0);
    // Slices, extended slice assignment, deletion.
    SkList *r = sk_list_new(vm, 0);
    for (int i = 0; i < 10; i++) sk_list_append(vm, r, sk_int(i));
    SkSlice *ev = sk_slice_new(vm, SK_NONE, SK_NONE, sk_int(2));
    CHECK_REPR(sk_getitem(vm, sk_obj(r), sk_obj(ev)), "[0, 2, 4, 6, 8]");
    CHECK(sk_delitem(vm, sk_obj(r), sk_obj(ev)));
    CHECK_REPR(sk_obj(r), "[1, 3, 5, 7, 9]");
    SkSlice *mid = sk_slice_new(vm, sk_int(1), sk_int(3), SK_NONE);
    CHECK(sk_setitem(vm, sk_obj(r), sk_obj(mid), sk_obj(sk_list_new(vm, 0))));
    CHECK_REPR(sk_obj(r), "[1, 7, 9]");
    SkSlice *back = sk_slice_new(vm, SK_NONE, SK_NONE, sk_int(-1));
    CHECK(!sk_setitem(vm, sk_obj(r), sk_obj(back), sk_obj(sk_list_new(vm, 0))));
    m = sk_exc_str(vm, sk_take_exc(vm));
    CHECK(m &&
          strcmp(m->data, "attempt to assign sequence of size 0 to extended slice of size 3") == 0);
    sk_list_append(vm, r, sk_obj(r));
    CHECK_REPR(sk_obj(r), "[1, 7, 9, [...]]");
    SkTuple *one = sk_tuple_new(vm, 1);
    one->items[0] = sk_int(1);
    CHECK_REPR(sk_obj(one), "(1,)");
    CHECK_REPR(sk_obj(sk_range_new(vm, 1, 10, 2)), "range(1, 10, 2)");
    SkValue lst = sk_obj(sk_list_new(vm, 0));
    CHECK(SK_IS_ERR(sk_getitem(vm, lst, sk_int(0))));
    m = sk_exc_str(vm, sk_take_exc(vm));
    CHECK(m && strcmp(m->data, "list index out of range") == 0);
}

int main(void) {
    SkVM *vm = sk_state_new();
    if (!vm) {
        fprintf(stderr, "sk_state_new failed\n");
        return 1;
    }
    test_dict(vm);
    test_sets(vm);
    test_numbers(vm);
    test_strings(vm);
    test_lists(vm);
    sk_state_free(vm);
    if (failures) fprintf(stderr, "%d failure(s)\n", failures);
    return failures ? 1 : 0;
}
