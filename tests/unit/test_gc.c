// tests/unit/test_gc.c -- white-box tests of the collector (vm/core/gc.c):
// unreachable objects go and reachable ones stay (counted on vm->objects),
// cycles are collected, a million-deep nested list marks without C
// recursion, the arena keeps fresh objects alive until it is reset, temp
// roots work, interned strings are weak, and a stress run (collect at every
// allocation) builds correct data. Exit status 0 means every check passed.
#include "vm/classes/error.h"
#include "vm/core/gc.h"
#include "vm/exec/import.h"
#include "vm/objects/dict.h"
#include "vm/objects/list.h"
#include "vm/objects/str.h"
#include "vm/objects/tuple.h"
#include <stdio.h>
#include <stdlib.h>

#include "check.h"

static size_t count_objects(SkVM *vm) {
    size_t n = 0;
    for (SkObj *o = vm->objects; o; o = o->next) n++;
    return n;
}

static size_t count_kind(SkVM *vm, SkKind kind) {
    size_t n = 0;
    for (SkObj *o = vm->objects; o; o = o->next) n += o->kind == kind;
    return n;
}

static void test_garbage_goes(SkVM *vm) {
    size_t mark = sk_arena_save(vm);
    sk_gc_collect(vm);
    size_t base = count_objects(vm);
    for (int i = 0; i < 10000; i++) {
        SkList *l = sk_list_new(vm, 4);
        CHECK(l != NULL);
        if (l) CHECK(sk_list_append(vm, l, sk_int(i)));
    }
    CHECK(count_objects(vm) >= base); // some may already be gone (threshold)
    sk_arena_restore(vm, mark);
    sk_gc_collect(vm);
    CHECK(count_objects(vm) == base);
}

static void test_reachable_stays(SkVM *vm) {
    size_t mark = sk_arena_save(vm);
    SkList *keep = sk_list_new(vm, 0);
    CHECK(keep != NULL);
    if (!keep) return;
    sk_gc_push_root(vm, sk_obj(keep));
    sk_arena_restore(vm, mark); // only the temp root protects it now
    for (int i = 0; i < 1000; i++) {
        size_t m2 = sk_arena_save(vm);
        SkValue items[2] = {sk_int(i), sk_int(i * 2)};
        SkTuple *t = sk_tuple_from(vm, items, 2);
        CHECK(t != NULL);
        if (t) CHECK(sk_list_append(vm, keep, sk_obj(t)));
        // garbage on the side
        CHECK(sk_list_new(vm, 8) != NULL);
        sk_arena_restore(vm, m2);
    }
    sk_gc_collect(vm);
    CHECK(keep->len == 1000);
    bool ok = true;
    for (size_t i = 0; i < keep->len; i++) {
        SkValue v = keep->items[i];
        if (!SK_IS_TUPLE(v) || SK_AS_TUPLE(v)->len != 2 ||
            SK_AS_INT(SK_AS_TUPLE(v)->items[1]) != (int64_t)i * 2)
            ok = false;
    }
    CHECK(ok);
    size_t before = count_objects(vm);
    sk_gc_pop_root(vm);
    sk_gc_collect(vm);
    CHECK(count_objects(vm) == before - 1001); // the list and its 1000 tuples
}

static void test_cycles(SkVM *vm) {
    size_t mark = sk_arena_save(vm);
    sk_gc_collect(vm);
    size_t base = count_objects(vm);
    SkList *a = sk_list_new(vm, 0), *b = sk_list_new(vm, 0);
    SkDict *d = sk_dict_new(vm);
    CHECK(a && b && d);
    if (!a || !b || !d) return;
    CHECK(sk_list_append(vm, a, sk_obj(b)));
    CHECK(sk_list_append(vm, b, sk_obj(a)));
    CHECK(sk_list_append(vm, b, sk_obj(d)));
    CHECK(sk_dict_set(vm, d, sk_int(1), sk_obj(a)));
    sk_gc_collect(vm);
    CHECK(count_objects(vm) == base + 3); // held by the arena
    sk_arena_restore(vm, mark);
    sk_gc_collect(vm);
    CHECK(count_objects(vm) == base);
}

static void test_deep_nesting(SkVM *vm) {
    size_t mark = sk_arena_save(vm);
    sk_gc_collect(vm);
    size_t lists = count_kind(vm, SK_LIST);
    SkList *outer = sk_list_new(vm, 1);
    CHECK(outer != NULL);
    if (!outer) return;
    sk_gc_push_root(vm, sk_obj(outer));
    sk_arena_restore(vm, mark);
    SkList *cur = outer;
#ifdef SKEIN_GC_STRESS
    // A collection per allocation makes this quadratic: a shallower list
    // still proves marking is iterative, the release build goes deep.
    const int depth = 3000;
#else
    const int depth = 1000000;
#endif
    for (int i = 0; i < depth; i++) {
        size_t m2 = sk_arena_save(vm);
        SkList *inner = sk_list_new(vm, 1);
        CHECK(inner != NULL);
        if (!inner) break;
        sk_list_append(vm, cur, sk_obj(inner));
        cur = inner;
        sk_arena_restore(vm, m2); // reachable from outer only
    }
    sk_gc_collect(vm); // must not overflow the C stack
    CHECK(count_kind(vm, SK_LIST) == lists + 1 + (size_t)depth);
    sk_gc_pop_root(vm);
    sk_gc_collect(vm);
    CHECK(count_kind(vm, SK_LIST) == lists);
}

static void test_arena_rule(SkVM *vm) {
    size_t mark = sk_arena_save(vm);
    SkList *fresh = sk_list_new(vm, 0);
    CHECK(fresh != NULL);
    if (!fresh) return;
    CHECK(sk_list_append(vm, fresh, sk_int(42)));
    size_t m2 = sk_arena_save(vm);
    for (int i = 0; i < 5000; i++) { // garbage that triggers collections
        CHECK(sk_list_new(vm, 16) != NULL);
        sk_arena_restore(vm, m2);
    }
    sk_gc_collect(vm);
    // Still alive and intact: the arena roots it.
    CHECK(fresh->obj.kind == SK_LIST && fresh->len == 1 && SK_AS_INT(fresh->items[0]) == 42);
    size_t before = count_kind(vm, SK_LIST);
    sk_arena_restore(vm, mark);
    sk_gc_collect(vm);
    CHECK(count_kind(vm, SK_LIST) == before - 1);
}

static void test_interned_weak(SkVM *vm) {
    size_t mark = sk_arena_save(vm);
    sk_gc_collect(vm);
    size_t strs = count_kind(vm, SK_STR);
    size_t interned = vm->strings_len;
    SkStr *s = sk_str_intern_cstr(vm, "a string nobody else interns 12345");
    CHECK(s != NULL);
    CHECK(vm->strings_len == interned + 1);
    CHECK(sk_str_intern_cstr(vm, "a string nobody else interns 12345") == s);
    sk_arena_restore(vm, mark);
    sk_gc_collect(vm);
    CHECK(vm->strings_len == interned);
    CHECK(count_kind(vm, SK_STR) == strs);
    // Interning again after the sweep makes a fresh, working string.
    SkStr *t = sk_str_intern_cstr(vm, "a string nobody else interns 12345");
    CHECK(t != NULL && t->len == strlen("a string nobody else interns 12345"));
    sk_arena_restore(vm, mark);
}

static void test_stress(SkVM *vm) {
    size_t mark = sk_arena_save(vm);
    bool old = vm->gc_stress;
    vm->gc_stress = true;
    SkDict *d = sk_dict_new(vm);
    CHECK(d != NULL);
    if (!d) return;
    sk_gc_push_root(vm, sk_obj(d));
    sk_arena_restore(vm, mark);
    for (int i = 0; i < 300; i++) {
        size_t m2 = sk_arena_save(vm);
        SkList *l = sk_list_new(vm, 0);
        CHECK(l != NULL);
        if (!l) break;
        for (int j = 0; j < 5; j++) CHECK(sk_list_append(vm, l, sk_int(i + j)));
        CHECK(sk_dict_set(vm, d, sk_int(i), sk_obj(l)));
        sk_arena_restore(vm, m2);
    }
    vm->gc_stress = old;
    sk_gc_collect(vm);
    CHECK(d->len == 300);
    bool ok = true;
    for (int i = 0; i < 300; i++) {
        SkValue v;
        if (sk_dict_get(vm, d, sk_int(i), &v) != 1 || !SK_IS_LIST(v) || SK_AS_LIST(v)->len != 5 ||
            SK_AS_INT(SK_AS_LIST(v)->items[4]) != i + 4)
            ok = false;
    }
    CHECK(ok);
    sk_gc_pop_root(vm);
}

static void test_threshold(SkVM *vm) {
    sk_gc_collect(vm);
    CHECK(vm->next_gc >= ((size_t)1 << 20));
    CHECK(vm->next_gc >= 2 * vm->bytes_allocated);
}

int main(void) {
    SkVM *vm = sk_state_new();
    if (!vm) {
        fprintf(stderr, "sk_state_new failed\n");
        return 1;
    }
    test_garbage_goes(vm);
    test_reachable_stays(vm);
    test_cycles(vm);
    test_arena_rule(vm);
    test_interned_weak(vm);
    test_stress(vm);
    test_threshold(vm);
    test_deep_nesting(vm);
    CHECK(!sk_has_exc(vm));
    sk_state_free(vm);
    if (failures) {
        fprintf(stderr, "test_gc: %d check(s) failed\n", failures);
        return 1;
    }
    printf("test_gc: ok\n");
    return 0;
}
