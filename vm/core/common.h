// vm/core/common.h -- feature macros, limits and small helpers shared by every
// file of the interpreter. Included first (through value.h) everywhere.
#ifndef SK_VM_CORE_COMMON_H
#define SK_VM_CORE_COMMON_H

#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE 1
#endif

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

// Marks a function that can raise: it returns false / SK_ERR and leaves the
// exception pending in the current tasklet (vm->exc). Costs nothing.
#define SK_RAISES

#if defined(__GNUC__)
#define SK_LIKELY(x) __builtin_expect(!!(x), 1)
#define SK_UNLIKELY(x) __builtin_expect(!!(x), 0)
#define SK_NOINLINE __attribute__((noinline))
#define SK_INLINE static inline __attribute__((always_inline))
#define SK_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define SK_LIKELY(x) (x)
#define SK_UNLIKELY(x) (x)
#define SK_NOINLINE
#define SK_INLINE static inline
#define SK_PRINTF(a, b)
#endif

#define SK_VERSION "0.4.0" // also include/skein.h and CMakeLists.txt
#define SK_DEFAULT_RECURSION_LIMIT 10000
#define SK_MAX_ARGS 255 // positional + keyword arguments in one call site

typedef struct SkVM SkVM;

#endif
