// tests/unit/check.h -- the CHECK macro shared by the C unit tests
// (tests/unit/test_*.c, one program each): a false condition is reported
// with its file and line and counted in `failures`, so one run lists every
// failing check and main's exit status says whether any failed.
#ifndef SK_TESTS_UNIT_CHECK_H
#define SK_TESTS_UNIT_CHECK_H
#include <stdio.h>

static int failures;

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);               \
            failures++;                                                                            \
        }                                                                                          \
    } while (0)

#endif
