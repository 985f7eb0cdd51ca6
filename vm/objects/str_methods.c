// vm/objects/str_methods.c -- the methods of str (split, join, find, replace,
// strip, case mapping, predicates, padding, encode, format, translate, and
// thin dunder wrappers over the generic ops), registered on vm->t.str by
// sk_init_str_methods. Strings are UTF-8: searching and splitting work on
// bytes (a match of valid UTF-8 in valid UTF-8 always falls on character
// boundaries), and only the indexes a method reports or receives are
// converted between byte offsets and code point positions. ASCII strings,
// the common case, skip those conversions.
#define _GNU_SOURCE 1 // memmem
#include "vm/objects/str_methods.h"
#include "vm/classes/class.h"
#include "vm/classes/error.h"
#include "vm/core/gc.h"
#include "vm/exec/call.h"
#include "vm/exec/import.h"
#include "vm/objects/bytes_methods.h"
#include "vm/objects/dict.h"
#include "vm/objects/format.h"
#include "vm/objects/iter.h"
#include "vm/objects/list.h"
#include "vm/objects/methods.h"
#include "vm/objects/str.h"
#include "vm/objects/str_unicode.h"
#include "vm/ops/arith.h"
#include "vm/ops/compare.h"
#include "vm/ops/item.h"
#include "vm/ops/ops.h"
#include "vm/ops/repr.h"
#include "vm/sched/sched.h"
#include <stdio.h>

// A fresh str of len bytes for the caller to fill (the layout vm/objects/str.c
// builds); the caller sets nchars, ascii and the NUL.
static SkStr *str_raw(SkVM *vm, size_t len) {
    SkStr *s = sk_gc_alloc(vm, SK_STR, sizeof(SkStr) + len + 1);
    if (!s) return NULL;
    s->len = len;
    return s;
}

static SkStr *self_str(SkVM *vm, SkValue self, const char *meth) {
    return sk_lib_self(vm, self, SK_STR, meth, "str");
}

#define STR_SELF(meth) SK_LIB_SELF(SkStr, s, SK_STR, "str", meth)

static SkStr *need_str(SkVM *vm, SkValue v) {
    SkValue p = sk_payload(v);
    if (SK_IS_STR(p)) return SK_AS_STR(p);
    sk_raise(vm, vm->exc.TypeError, "must be str, not %s", sk_type_name(vm, v));
    return NULL;
}

static SkValue ret(SkStr *s) { return s ? sk_obj(s) : SK_ERR; }

static SkStr *substr(SkVM *vm, SkStr *s, size_t a, size_t b) {
    if (a == 0 && b == s->len) return s;
    return sk_str_new(vm, s->data + a, b - a);
}

// Code point position of byte offset off.
static int64_t char_pos(SkStr *s, size_t off) {
    if (s->ascii) return (int64_t)off;
    int64_t n = 0;
    for (size_t i = 0; i < off; i++) n += ((uint8_t)s->data[i] & 0xC0) != 0x80;
    return n;
}

static size_t byte_off(SkStr *s, int64_t i) {
    if (s->ascii) return (size_t)i;
    return sk_str_offset(s, (size_t)i);
}

// Decode the code point at byte offset *pos (ASCII fast).
SK_INLINE uint32_t next_cp(SkStr *s, size_t *pos) {
    uint8_t c = (uint8_t)s->data[*pos];
    if (c < 0x80) {
        (*pos)++;
        return c;
    }
    return sk_utf8_decode(s->data, s->len, pos);
}

// --- searching ---

// Byte offset of the first match of needle in hay[from, to), or -1.
static int64_t find_bytes(const char *hay, size_t from, size_t to, const char *nd, size_t nlen) {
    if (to < from || to - from < nlen) return -1;
    if (nlen == 0) return (int64_t)from;
    if (nlen == 1) {
        const char *p = memchr(hay + from, nd[0], to - from);
        return p ? p - hay : -1;
    }
    const char *p = memmem(hay + from, to - from, nd, nlen);
    return p ? p - hay : -1;
}

static int64_t rfind_bytes(const char *hay, size_t from, size_t to, const char *nd, size_t nlen) {
    if (to < from || to - from < nlen) return -1;
    for (size_t i = to - nlen + 1; i-- > from;)
        if (memcmp(hay + i, nd, nlen) == 0) return (int64_t)i;
    return -1;
}

int64_t sk_lib_find(const void *hay, size_t from, size_t to, const void *nd, size_t nlen,
                    bool rev) {
    return rev ? rfind_bytes(hay, from, to, nd, nlen) : find_bytes(hay, from, to, nd, nlen);
}

// Parse (sub, start, end) and find. Returns the char index, -1, or -2 raised.
static int64_t do_find(SkVM *vm, SkValue *args, int nargs, bool reverse, SkStr **sout) {
    SkStr *s = self_str(vm, args[0], reverse ? "rfind" : "find");
    if (!s) return -2;
    SkStr *sub = need_str(vm, args[1]);
    if (!sub) return -2;
    int64_t start = 0, end = (int64_t)s->nchars;
    if (nargs > 2 && !sk_lib_opt_index(vm, args[2], &start)) return -2;
    if (nargs > 3 && !sk_lib_opt_index(vm, args[3], &end)) return -2;
    sk_lib_adjust(&start, &end, (int64_t)s->nchars);
    if (sout) *sout = s;
    if (start > end) return -1;
    size_t a = byte_off(s, start), b = byte_off(s, end);
    int64_t r = reverse ? rfind_bytes(s->data, a, b, sub->data, sub->len)
                        : find_bytes(s->data, a, b, sub->data, sub->len);
    return r < 0 ? -1 : char_pos(s, (size_t)r);
}

static SkValue str_find(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    int64_t r = do_find(vm, args, nargs, false, NULL);
    return r == -2 ? SK_ERR : sk_int(r);
}
static SkValue str_rfind(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    int64_t r = do_find(vm, args, nargs, true, NULL);
    return r == -2 ? SK_ERR : sk_int(r);
}
static SkValue str_index(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    int64_t r = do_find(vm, args, nargs, false, NULL);
    if (r == -1) return sk_raise(vm, vm->exc.ValueError, "substring not found");
    return r == -2 ? SK_ERR : sk_int(r);
}
static SkValue str_rindex(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    int64_t r = do_find(vm, args, nargs, true, NULL);
    if (r == -1) return sk_raise(vm, vm->exc.ValueError, "substring not found");
    return r == -2 ? SK_ERR : sk_int(r);
}

static SkValue str_count(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    STR_SELF("count");
    SkStr *sub = need_str(vm, args[1]);
    if (!sub) return SK_ERR;
    int64_t start = 0, end = (int64_t)s->nchars;
    if (nargs > 2 && !sk_lib_opt_index(vm, args[2], &start)) return SK_ERR;
    if (nargs > 3 && !sk_lib_opt_index(vm, args[3], &end)) return SK_ERR;
    sk_lib_adjust(&start, &end, (int64_t)s->nchars);
    if (start > end) return sk_int(0);
    if (sub->len == 0) return sk_int(end - start + 1);
    size_t a = byte_off(s, start), b = byte_off(s, end);
    int64_t n = 0;
    for (;;) {
        int64_t r = find_bytes(s->data, a, b, sub->data, sub->len);
        if (r < 0) break;
        n++;
        a = (size_t)r + sub->len;
    }
    return sk_int(n);
}

static SkValue str_contains(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    STR_SELF("__contains__");
    SkValue p = sk_payload(args[1]);
    if (!SK_IS_STR(p))
        return sk_raise(vm, vm->exc.TypeError,
                        "'in <string>' requires string as left operand, not %s",
                        sk_type_name(vm, args[1]));
    SkStr *sub = SK_AS_STR(p);
    return sk_bool(find_bytes(s->data, 0, s->len, sub->data, sub->len) >= 0);
}

// startswith/endswith: one prefix or a tuple of them.
static SkValue tailmatch(SkVM *vm, SkValue *args, int nargs, bool end_side) {
    const char *name = end_side ? "endswith" : "startswith";
    STR_SELF(name);
    int64_t start = 0, end = (int64_t)s->nchars;
    if (nargs > 2 && !sk_lib_opt_index(vm, args[2], &start)) return SK_ERR;
    if (nargs > 3 && !sk_lib_opt_index(vm, args[3], &end)) return SK_ERR;
    sk_lib_adjust(&start, &end, (int64_t)s->nchars);
    SkValue pv = sk_payload(args[1]);
    SkValue *items = &pv;
    size_t n = 1;
    bool tuple = SK_IS_TUPLE(pv);
    if (tuple) {
        items = SK_AS_TUPLE(pv)->items;
        n = SK_AS_TUPLE(pv)->len;
    } else if (!SK_IS_STR(pv)) {
        return sk_raise(vm, vm->exc.TypeError, "%s first arg must be str or a tuple of str, not %s",
                        name, sk_type_name(vm, args[1]));
    }
    for (size_t i = 0; i < n; i++) {
        SkValue p = sk_payload(items[i]);
        if (!SK_IS_STR(p))
            return sk_raise(vm, vm->exc.TypeError, "tuple for %s must only contain str, not %s",
                            name, sk_type_name(vm, items[i]));
        SkStr *sub = SK_AS_STR(p);
        if (end - (int64_t)sub->nchars < start) continue;
        if (sub->len == 0) return SK_TRUE;
        size_t a = byte_off(s, start), b = byte_off(s, end);
        if (b - a < sub->len) continue;
        const char *at = end_side ? s->data + b - sub->len : s->data + a;
        if (memcmp(at, sub->data, sub->len) == 0) return SK_TRUE;
    }
    return SK_FALSE;
}
static SkValue str_startswith(SkVM *vm, SkValue *a, int n, SkTuple *kw) {
    return tailmatch(vm, a, n, false);
}
static SkValue str_endswith(SkVM *vm, SkValue *a, int n, SkTuple *kw) {
    return tailmatch(vm, a, n, true);
}

// --- splitting and joining ---

static bool push_sub(SkVM *vm, SkList *l, SkStr *s, size_t a, size_t b) {
    SkStr *p;
    if (s->ascii && (a != 0 || b != s->len)) {
        // Pieces of an ASCII string are ASCII: no need to count characters.
        if ((p = str_raw(vm, b - a))) {
            memcpy(p->data, s->data + a, b - a);
            p->data[b - a] = '\0';
            p->nchars = b - a;
            p->ascii = true;
        }
    } else {
        p = substr(vm, s, a, b);
    }
    return p && sk_list_append(vm, l, sk_obj(p));
}

// ASCII whitespace as str.split() sees it: \t-\r, \x1c-\x1f and space.
static const uint8_t ascii_ws[128] = {
    ['\t'] = 1, ['\n'] = 1, ['\v'] = 1, ['\f'] = 1, ['\r'] = 1,
    [0x1C] = 1, [0x1D] = 1, [0x1E] = 1, [0x1F] = 1, [' '] = 1,
};

// str.split() with no separator on an ASCII string: two passes, the first
// sizes the list so appends never reallocate.
static SkValue split_ascii_ws(SkVM *vm, SkStr *s, int64_t maxsplit) {
    const uint8_t *d = (const uint8_t *)s->data;
    size_t n = s->len, words = 0;
    for (size_t i = 0; i < n;) {
        while (i < n && ascii_ws[d[i]]) i++;
        if (i >= n) break;
        words++;
        while (i < n && !ascii_ws[d[i]]) i++;
    }
    SkList *l = sk_list_new(vm, words);
    if (!l) return SK_ERR;
    size_t i = 0;
    while (i < n) {
        while (i < n && ascii_ws[d[i]]) i++;
        if (i >= n) break;
        if (maxsplit-- <= 0) {
            if (!push_sub(vm, l, s, i, n)) return SK_ERR;
            break;
        }
        size_t j = i;
        while (j < n && !ascii_ws[d[j]]) j++;
        if (!push_sub(vm, l, s, i, j)) return SK_ERR;
        i = j;
    }
    return sk_obj(l);
}

static bool split_args(SkVM *vm, const char *fname, SkValue *args, int nargs, SkTuple *kwnames,
                       SkStr **sep, int64_t *maxsplit) {
    if (nargs == 1) {
        *sep = NULL;
        *maxsplit = INT64_MAX;
        return true;
    }
    static const char *const names[] = {"sep", "maxsplit"};
    SkValue a[2];
    if (!sk_bind_args(vm, fname, args + 1, nargs - 1, kwnames, names, 2, 0, a)) return false;
    *sep = NULL;
    *maxsplit = -1;
    if (!SK_IS_UNDEF(a[0]) && !SK_IS_NONE(a[0])) {
        SkValue p = sk_payload(a[0]);
        if (!SK_IS_STR(p)) {
            sk_raise(vm, vm->exc.TypeError, "must be str or None, not %s", sk_type_name(vm, a[0]));
            return false;
        }
        *sep = SK_AS_STR(p);
        if ((*sep)->len == 0) {
            sk_raise(vm, vm->exc.ValueError, "empty separator");
            return false;
        }
    }
    if (!SK_IS_UNDEF(a[1]) && !sk_index(vm, a[1], maxsplit)) return false;
    if (*maxsplit < 0) *maxsplit = INT64_MAX;
    return true;
}

static bool ws_at(SkStr *s, size_t pos, size_t *next) {
    uint8_t c = (uint8_t)s->data[pos];
    if (c < 0x80) {
        *next = pos + 1;
        return c == ' ' || (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x1F);
    }
    size_t p = pos;
    uint32_t cp = sk_utf8_decode(s->data, s->len, &p);
    *next = p;
    return sk_lib_isspace(cp);
}

static SkValue str_split(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames) {
    STR_SELF("split");
    SkStr *sep;
    int64_t maxsplit;
    if (!split_args(vm, "split", args, nargs, kwnames, &sep, &maxsplit)) return SK_ERR;
    if (!sep && s->ascii) return split_ascii_ws(vm, s, maxsplit);
    SkList *l = sk_list_new(vm, 0);
    if (!l) return SK_ERR;
    size_t n = s->len;
    if (sep) {
        size_t a = 0;
        if (maxsplit == INT64_MAX) {
            // Count the pieces first so the list is allocated once.
            size_t pieces = 1;
            for (int64_t r; (r = find_bytes(s->data, a, n, sep->data, sep->len)) >= 0;
                 a = (size_t)r + sep->len)
                pieces++;
            a = 0;
            if (!sk_list_reserve(vm, l, pieces)) return SK_ERR;
        }
        while (maxsplit-- > 0) {
            int64_t r = find_bytes(s->data, a, n, sep->data, sep->len);
            if (r < 0) break;
            if (!push_sub(vm, l, s, a, (size_t)r)) return SK_ERR;
            a = (size_t)r + sep->len;
        }
        if (!push_sub(vm, l, s, a, n)) return SK_ERR;
        return sk_obj(l);
    }
    size_t i = 0, nx;
    while (i < n) {
        while (i < n && ws_at(s, i, &nx)) i = nx;
        if (i >= n) break;
        if (maxsplit-- <= 0) {
            // Rest of the string, trailing whitespace kept (as CPython).
            if (!push_sub(vm, l, s, i, n)) return SK_ERR;
            break;
        }
        size_t j = i;
        while (j < n && !ws_at(s, j, &nx)) j = nx;
        if (!push_sub(vm, l, s, i, j)) return SK_ERR;
        i = j;
    }
    return sk_obj(l);
}

// Start of the code point that ends just before byte offset pos.
static size_t prev_start(SkStr *s, size_t pos) {
    size_t p = pos - 1;
    while (p > 0 && ((uint8_t)s->data[p] & 0xC0) == 0x80) p--;
    return p;
}

static SkValue str_rsplit(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames) {
    STR_SELF("rsplit");
    SkStr *sep;
    int64_t maxsplit;
    if (!split_args(vm, "rsplit", args, nargs, kwnames, &sep, &maxsplit)) return SK_ERR;
    SkList *l = sk_list_new(vm, 0);
    if (!l) return SK_ERR;
    size_t b = s->len, nx;
    if (sep) {
        while (maxsplit-- > 0) {
            int64_t r = rfind_bytes(s->data, 0, b, sep->data, sep->len);
            if (r < 0) break;
            if (!push_sub(vm, l, s, (size_t)r + sep->len, b)) return SK_ERR;
            b = (size_t)r;
        }
        if (!push_sub(vm, l, s, 0, b)) return SK_ERR;
    } else {
        while (b > 0) {
            while (b > 0 && ws_at(s, prev_start(s, b), &nx)) b = prev_start(s, b);
            if (b == 0) break;
            if (maxsplit-- <= 0) {
                if (!push_sub(vm, l, s, 0, b)) return SK_ERR;
                break;
            }
            size_t a = b;
            while (a > 0 && !ws_at(s, prev_start(s, a), &nx)) a = prev_start(s, a);
            if (!push_sub(vm, l, s, a, b)) return SK_ERR;
            b = a;
        }
    }
    sk_lib_reverse(l->items, l->len); // collected right to left
    return sk_obj(l);
}

int sk_lib_keepends(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames) {
    static const char *const names[] = {"keepends"};
    SkValue a[1];
    if (!sk_bind_args(vm, "splitlines", args + 1, nargs - 1, kwnames, names, 1, 0, a)) return -1;
    return SK_IS_UNDEF(a[0]) ? 0 : sk_truthy(vm, a[0]);
}

static SkValue str_splitlines(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames) {
    STR_SELF("splitlines");
    int keep = sk_lib_keepends(vm, args, nargs, kwnames);
    if (keep < 0) return SK_ERR;
    SkList *l = sk_list_new(vm, 0);
    if (!l) return SK_ERR;
    size_t i = 0, n = s->len;
    while (i < n) {
        size_t j = i, eol = 0, after = 0;
        while (j < n) {
            uint8_t c = (uint8_t)s->data[j];
            if (c == '\n' || c == 0x0B || c == 0x0C || (c >= 0x1C && c <= 0x1E)) {
                eol = j;
                after = j + 1;
                break;
            }
            if (c == '\r') {
                eol = j;
                after = (j + 1 < n && s->data[j + 1] == '\n') ? j + 2 : j + 1;
                break;
            }
            if (c >= 0x80) {
                size_t p = j;
                uint32_t cp = sk_utf8_decode(s->data, n, &p);
                if (cp == 0x85 || cp == 0x2028 || cp == 0x2029) {
                    eol = j;
                    after = p;
                    break;
                }
                j = p;
                continue;
            }
            j++;
        }
        if (j >= n) {
            if (!push_sub(vm, l, s, i, n)) return SK_ERR;
            break;
        }
        if (!push_sub(vm, l, s, i, keep ? after : eol)) return SK_ERR;
        i = after;
    }
    return sk_obj(l);
}

static SkValue str_join(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    STR_SELF("join");
    SkValue src = args[1];
    SkValue *items;
    size_t n;
    if (SK_IS_LIST(src)) {
        items = SK_AS_LIST(src)->items;
        n = SK_AS_LIST(src)->len;
    } else if (SK_IS_TUPLE(src)) {
        items = SK_AS_TUPLE(src)->items;
        n = SK_AS_TUPLE(src)->len;
    } else {
        // A channel or the like: a Skein join that may block its tasklet.
        if (vm->sched.may_block && vm->sched.may_block(vm, args, src))
            return vm->sched.redirect_to(vm, args, "_join");
        SkValue it = sk_iter(vm, src);
        if (SK_IS_ERR(it)) {
            if (sk_exc_matches(vm, vm->exc.TypeError)) {
                sk_clear_exc(vm);
                return sk_raise(vm, vm->exc.TypeError, "can only join an iterable");
            }
            return SK_ERR;
        }
        SkList *l = sk_list_of(vm, it);
        if (!l) return SK_ERR;
        items = l->items;
        n = l->len;
    }
    if (n == 1 && SK_IS_STR(items[0])) return items[0];
    size_t total = 0, nchars = 0;
    for (size_t i = 0; i < n; i++) {
        SkValue p = sk_payload(items[i]);
        if (!SK_IS_STR(p))
            return sk_raise(vm, vm->exc.TypeError,
                            "sequence item %zu: expected str instance, %s found", i,
                            sk_type_name(vm, items[i]));
        total += SK_AS_STR(p)->len;
        nchars += SK_AS_STR(p)->nchars;
    }
    if (n > 1) {
        total += s->len * (n - 1);
        nchars += s->nchars * (n - 1);
    }
    SkStr *r = str_raw(vm, total);
    if (!r) return SK_ERR;
    char *w = r->data;
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && s->len) {
            memcpy(w, s->data, s->len);
            w += s->len;
        }
        SkStr *p = SK_AS_STR(sk_payload(items[i]));
        memcpy(w, p->data, p->len);
        w += p->len;
    }
    r->data[total] = '\0';
    r->nchars = nchars;
    r->ascii = nchars == total;
    return sk_obj(r);
}

static SkValue partition(SkVM *vm, SkValue *args, bool reverse) {
    STR_SELF(reverse ? "rpartition" : "partition");
    SkStr *sep = need_str(vm, args[1]);
    if (!sep) return SK_ERR;
    if (sep->len == 0) return sk_raise(vm, vm->exc.ValueError, "empty separator");
    int64_t r = reverse ? rfind_bytes(s->data, 0, s->len, sep->data, sep->len)
                        : find_bytes(s->data, 0, s->len, sep->data, sep->len);
    SkValue empty = sk_obj(vm->names.empty);
    if (r < 0) return sk_lib_partition_miss(vm, sk_obj(s), empty, reverse);
    SkStr *a = substr(vm, s, 0, (size_t)r);
    SkStr *b = substr(vm, s, (size_t)r + sep->len, s->len);
    if (!a || !b) return SK_ERR;
    return sk_lib_tuple3(vm, sk_obj(a), sk_obj(sep), sk_obj(b));
}
static SkValue str_partition(SkVM *vm, SkValue *a, int n, SkTuple *kw) {
    return partition(vm, a, false);
}
static SkValue str_rpartition(SkVM *vm, SkValue *a, int n, SkTuple *kw) {
    return partition(vm, a, true);
}

// --- replacing and stripping ---

static SkValue str_replace(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    STR_SELF("replace");
    for (int i = 1; i <= 2; i++)
        if (!SK_IS_STR(sk_payload(args[i])))
            return sk_raise(vm, vm->exc.TypeError, "replace() argument %d must be str, not %s", i,
                            sk_type_name(vm, args[i]));
    SkStr *old = SK_AS_STR(sk_payload(args[1])), *new_ = SK_AS_STR(sk_payload(args[2]));
    int64_t count = -1;
    if (nargs > 3 && !sk_index(vm, args[3], &count)) return SK_ERR;
    if (count < 0) count = INT64_MAX;
    SkBuf b;
    sk_buf_init(&b);
    size_t a = 0, n = s->len;
    if (old->len == 0) {
        // Insert before every character and at the end.
        size_t pos = 0;
        while (count > 0 && pos <= n) {
            if (!sk_buf_append(vm, &b, new_->data, new_->len)) goto fail;
            count--;
            if (pos == n) {
                pos++;
                break;
            }
            size_t nx = pos + 1;
            while (nx < n && ((uint8_t)s->data[nx] & 0xC0) == 0x80) nx++;
            if (!sk_buf_append(vm, &b, s->data + pos, nx - pos)) goto fail;
            pos = nx;
        }
        if (pos < n && !sk_buf_append(vm, &b, s->data + pos, n - pos)) goto fail;
        return ret(sk_buf_finish(vm, &b));
    }
    int64_t first = find_bytes(s->data, 0, n, old->data, old->len);
    if (first < 0 || count == 0) return sk_obj(s);
    while (count-- > 0) {
        int64_t r = find_bytes(s->data, a, n, old->data, old->len);
        if (r < 0) break;
        if (!sk_buf_append(vm, &b, s->data + a, (size_t)r - a) ||
            !sk_buf_append(vm, &b, new_->data, new_->len))
            goto fail;
        a = (size_t)r + old->len;
    }
    if (!sk_buf_append(vm, &b, s->data + a, n - a)) goto fail;
    return ret(sk_buf_finish(vm, &b));
fail:
    sk_buf_free(&b);
    return SK_ERR;
}

static bool in_chars(SkStr *chars, uint32_t cp) {
    if (cp < 0x80 && chars->ascii) return memchr(chars->data, (int)cp, chars->len) != NULL;
    size_t p = 0;
    while (p < chars->len)
        if (sk_utf8_decode(chars->data, chars->len, &p) == cp) return true;
    return false;
}

// which: 1 left, 2 right, 3 both.
static SkValue do_strip(SkVM *vm, SkValue *args, int nargs, int which, const char *name) {
    STR_SELF(name);
    SkStr *chars = NULL;
    if (nargs > 1 && !SK_IS_NONE(args[1])) {
        SkValue p = sk_payload(args[1]);
        if (!SK_IS_STR(p))
            return sk_raise(vm, vm->exc.TypeError, "%s arg must be None or str", name);
        chars = SK_AS_STR(p);
    }
    size_t a = 0, b = s->len;
    if (which & 1) {
        while (a < b) {
            size_t p = a;
            uint32_t cp = next_cp(s, &p);
            if (chars ? !in_chars(chars, cp) : !sk_lib_isspace(cp)) break;
            a = p;
        }
    }
    if (which & 2) {
        while (b > a) {
            size_t st = prev_start(s, b), p = st;
            uint32_t cp = next_cp(s, &p);
            if (chars ? !in_chars(chars, cp) : !sk_lib_isspace(cp)) break;
            b = st;
        }
    }
    return ret(substr(vm, s, a, b));
}
static SkValue str_strip(SkVM *vm, SkValue *a, int n, SkTuple *kw) {
    return do_strip(vm, a, n, 3, "strip");
}
static SkValue str_lstrip(SkVM *vm, SkValue *a, int n, SkTuple *kw) {
    return do_strip(vm, a, n, 1, "lstrip");
}
static SkValue str_rstrip(SkVM *vm, SkValue *a, int n, SkTuple *kw) {
    return do_strip(vm, a, n, 2, "rstrip");
}

static SkValue affix(SkVM *vm, SkValue *args, bool suffix) {
    const char *name = suffix ? "removesuffix" : "removeprefix";
    STR_SELF(name);
    SkValue p = sk_payload(args[1]);
    if (!SK_IS_STR(p))
        return sk_raise(vm, vm->exc.TypeError, "%s() argument must be str, not %s", name,
                        sk_type_name(vm, args[1]));
    SkStr *x = SK_AS_STR(p);
    if (x->len == 0 || x->len > s->len) return sk_obj(s);
    if (suffix) {
        if (memcmp(s->data + s->len - x->len, x->data, x->len) != 0) return sk_obj(s);
        return ret(substr(vm, s, 0, s->len - x->len));
    }
    if (memcmp(s->data, x->data, x->len) != 0) return sk_obj(s);
    return ret(substr(vm, s, x->len, s->len));
}
static SkValue str_removeprefix(SkVM *vm, SkValue *a, int n, SkTuple *kw) {
    return affix(vm, a, false);
}
static SkValue str_removesuffix(SkVM *vm, SkValue *a, int n, SkTuple *kw) {
    return affix(vm, a, true);
}

// --- case ---

enum { CASE_LOWER, CASE_UPPER, CASE_TITLE_CHAR, CASE_FOLD, CASE_SWAP, CASE_CAPITALIZE, CASE_TITLE };

static bool put_cp(SkVM *vm, SkBuf *b, uint32_t cp) {
    char tmp[4];
    int n = sk_utf8_encode(cp, tmp);
    return sk_buf_append(vm, b, tmp, (size_t)n);
}

// Final sigma: capital sigma lowercases to 'ς' at the end of a word.
static bool final_sigma(SkStr *s, size_t at, size_t after) {
    bool before = false;
    size_t p = at;
    while (p > 0) {
        p = prev_start(s, p);
        size_t q = p;
        uint32_t c = next_cp(s, &q);
        if (c == '\'' || c == 0x2019 || c == 0xAD) continue; // case-ignorable
        before = sk_lib_iscased(c);
        break;
    }
    if (!before) return false;
    p = after;
    while (p < s->len) {
        uint32_t c = next_cp(s, &p);
        if (c == '\'' || c == 0x2019 || c == 0xAD) continue;
        return !sk_lib_iscased(c);
    }
    return true;
}

static SkValue case_convert(SkVM *vm, SkValue self, int mode, const char *name) {
    SkStr *s = self_str(vm, self, name);
    if (!s) return SK_ERR;
    if (s->ascii) {
        SkStr *r = str_raw(vm, s->len);
        if (!r) return SK_ERR;
        bool prev_cased = false;
        for (size_t i = 0; i < s->len; i++) {
            char c = s->data[i];
            bool up = c >= 'A' && c <= 'Z', lo = c >= 'a' && c <= 'z';
            char o = c;
            switch (mode) {
            case CASE_LOWER:
            case CASE_FOLD:
                if (up) o = (char)(c + 32);
                break;
            case CASE_UPPER:
                if (lo) o = (char)(c - 32);
                break;
            case CASE_SWAP: o = up ? (char)(c + 32) : lo ? (char)(c - 32) : c; break;
            case CASE_CAPITALIZE:
                if (i == 0)
                    o = lo ? (char)(c - 32) : c;
                else
                    o = up ? (char)(c + 32) : c;
                break;
            case CASE_TITLE:
                if (prev_cased)
                    o = up ? (char)(c + 32) : c;
                else
                    o = lo ? (char)(c - 32) : c;
                prev_cased = up || lo;
                break;
            }
            r->data[i] = o;
        }
        r->data[s->len] = '\0';
        r->nchars = s->len;
        r->ascii = true;
        return sk_obj(r);
    }
    SkBuf b;
    sk_buf_init(&b);
    size_t pos = 0;
    bool prev_cased = false, first = true;
    while (pos < s->len) {
        size_t at = pos;
        uint32_t c = next_cp(s, &pos), out[3];
        int n, m = mode;
        if (mode == CASE_SWAP)
            m = sk_lib_isupper_char(c) ? CASE_LOWER : sk_lib_islower_char(c) ? CASE_UPPER : -1;
        else if (mode == CASE_CAPITALIZE)
            m = first ? CASE_TITLE_CHAR : CASE_LOWER;
        else if (mode == CASE_TITLE)
            m = prev_cased ? CASE_LOWER : CASE_TITLE_CHAR;
        if (m < 0) {
            out[0] = c;
            n = 1;
        } else if (m == CASE_LOWER && c == 0x03A3) {
            out[0] = final_sigma(s, at, pos) ? 0x03C2 : 0x03C3;
            n = 1;
        } else {
            n = sk_lib_case_full(c, m == CASE_TITLE_CHAR ? 2 : m, out);
            if (m == CASE_TITLE_CHAR && n == 2 && c == 0x00DF) out[1] = 's';
        }
        for (int k = 0; k < n; k++)
            if (!put_cp(vm, &b, out[k])) {
                sk_buf_free(&b);
                return SK_ERR;
            }
        if (mode == CASE_TITLE) prev_cased = sk_lib_iscased(c);
        first = false;
    }
    return ret(sk_buf_finish(vm, &b));
}

static SkValue str_lower(SkVM *vm, SkValue *a, int n, SkTuple *kw) {
    return case_convert(vm, a[0], CASE_LOWER, "lower");
}
static SkValue str_upper(SkVM *vm, SkValue *a, int n, SkTuple *kw) {
    return case_convert(vm, a[0], CASE_UPPER, "upper");
}
static SkValue str_casefold(SkVM *vm, SkValue *a, int n, SkTuple *kw) {
    return case_convert(vm, a[0], CASE_FOLD, "casefold");
}
static SkValue str_swapcase(SkVM *vm, SkValue *a, int n, SkTuple *kw) {
    return case_convert(vm, a[0], CASE_SWAP, "swapcase");
}
static SkValue str_capitalize(SkVM *vm, SkValue *a, int n, SkTuple *kw) {
    return case_convert(vm, a[0], CASE_CAPITALIZE, "capitalize");
}
static SkValue str_title(SkVM *vm, SkValue *a, int n, SkTuple *kw) {
    return case_convert(vm, a[0], CASE_TITLE, "title");
}

// --- predicates ---

typedef bool (*CharPred)(uint32_t c);
static bool p_alpha(uint32_t c) { return sk_lib_isalpha(c); }
static bool p_digit(uint32_t c) { return sk_lib_isdigit(c); }
static bool p_decimal(uint32_t c) { return sk_lib_decimal(c) >= 0; }
static bool p_numeric(uint32_t c) { return sk_lib_isnumeric(c); }
static bool p_alnum(uint32_t c) { return sk_lib_isalpha(c) || sk_lib_isnumeric(c); }
static bool p_space(uint32_t c) { return sk_lib_isspace(c); }
static bool p_printable(uint32_t c) { return sk_lib_isprintable(c); }

// True if every character satisfies pred (and, unless empty_ok, there is one).
static SkValue all_chars(SkVM *vm, SkValue self, CharPred pred, bool empty_ok, const char *name) {
    SkStr *s = self_str(vm, self, name);
    if (!s) return SK_ERR;
    if (s->len == 0) return sk_bool(empty_ok);
    if (s->ascii && (pred == p_digit || pred == p_decimal || pred == p_numeric)) {
        for (size_t i = 0; i < s->len; i++)
            if (s->data[i] < '0' || s->data[i] > '9') return SK_FALSE;
        return SK_TRUE;
    }
    size_t p = 0;
    while (p < s->len)
        if (!pred(next_cp(s, &p))) return SK_FALSE;
    return SK_TRUE;
}

static SkValue str_isalpha(SkVM *vm, SkValue *a, int n, SkTuple *kw) {
    return all_chars(vm, a[0], p_alpha, false, "isalpha");
}
static SkValue str_isdigit(SkVM *vm, SkValue *a, int n, SkTuple *kw) {
    return all_chars(vm, a[0], p_digit, false, "isdigit");
}
static SkValue str_isdecimal(SkVM *vm, SkValue *a, int n, SkTuple *kw) {
    return all_chars(vm, a[0], p_decimal, false, "isdecimal");
}
static SkValue str_isnumeric(SkVM *vm, SkValue *a, int n, SkTuple *kw) {
    return all_chars(vm, a[0], p_numeric, false, "isnumeric");
}
static SkValue str_isalnum(SkVM *vm, SkValue *a, int n, SkTuple *kw) {
    return all_chars(vm, a[0], p_alnum, false, "isalnum");
}
static SkValue str_isspace(SkVM *vm, SkValue *a, int n, SkTuple *kw) {
    return all_chars(vm, a[0], p_space, false, "isspace");
}
static SkValue str_isascii(SkVM *vm, SkValue *a, int n, SkTuple *kw) {
    SkStr *s = self_str(vm, a[0], "isascii");
    return s ? sk_bool(s->ascii) : SK_ERR;
}
static SkValue str_isprintable(SkVM *vm, SkValue *a, int n, SkTuple *kw) {
    return all_chars(vm, a[0], p_printable, true, "isprintable");
}

static SkValue cased_pred(SkVM *vm, SkValue self, bool want_upper, const char *name) {
    SkStr *s = self_str(vm, self, name);
    if (!s) return SK_ERR;
    bool cased = false;
    size_t p = 0;
    while (p < s->len) {
        uint32_t c = next_cp(s, &p);
        bool up = sk_lib_isupper_char(c), lo = sk_lib_islower_char(c);
        if ((want_upper ? lo : up) || sk_lib_istitle_char(c)) return SK_FALSE;
        if (up || lo) cased = true;
    }
    return sk_bool(cased);
}
static SkValue str_isupper(SkVM *vm, SkValue *a, int n, SkTuple *kw) {
    return cased_pred(vm, a[0], true, "isupper");
}
static SkValue str_islower(SkVM *vm, SkValue *a, int n, SkTuple *kw) {
    return cased_pred(vm, a[0], false, "islower");
}

static SkValue str_istitle(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    STR_SELF("istitle");
    bool cased = false, prev_cased = false;
    size_t p = 0;
    while (p < s->len) {
        uint32_t c = next_cp(s, &p);
        bool up = sk_lib_isupper_char(c) || sk_lib_istitle_char(c), lo = sk_lib_islower_char(c);
        if (up) {
            if (prev_cased) return SK_FALSE;
            prev_cased = cased = true;
        } else if (lo) {
            if (!prev_cased) return SK_FALSE;
            prev_cased = cased = true;
        } else {
            prev_cased = false;
        }
    }
    return sk_bool(cased);
}

static SkValue str_isidentifier(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    STR_SELF("isidentifier");
    if (s->len == 0) return SK_FALSE;
    size_t p = 0;
    bool first = true;
    while (p < s->len) {
        uint32_t c = next_cp(s, &p);
        bool ok =
            c == '_' || sk_lib_isalpha(c) || (!first && (sk_lib_decimal(c) >= 0 || c == 0xB7));
        if (!ok) return SK_FALSE;
        first = false;
    }
    return SK_TRUE;
}

// --- padding ---

static bool fill_arg(SkVM *vm, SkValue *args, int nargs, int i, uint32_t *fill) {
    *fill = ' ';
    if (nargs <= i) return true;
    SkValue p = sk_payload(args[i]);
    if (!SK_IS_STR(p)) {
        sk_raise(vm, vm->exc.TypeError, "The fill character must be a unicode character, not %s",
                 sk_type_name(vm, args[i]));
        return false;
    }
    if (SK_AS_STR(p)->nchars != 1) {
        sk_raise(vm, vm->exc.TypeError, "The fill character must be exactly one character long");
        return false;
    }
    size_t pos = 0;
    *fill = sk_utf8_decode(SK_AS_STR(p)->data, SK_AS_STR(p)->len, &pos);
    return true;
}

static SkStr *pad(SkVM *vm, SkStr *s, int64_t left, int64_t right, uint32_t fill) {
    if (left + right > ((int64_t)1 << 40)) {
        sk_raise_nomem(vm);
        return NULL;
    }
    char f[4];
    int fl = sk_utf8_encode(fill, f);
    size_t len = s->len + (size_t)(left + right) * (size_t)fl;
    SkStr *r = str_raw(vm, len);
    if (!r) return NULL;
    char *w = r->data;
    for (int64_t i = 0; i < left; i++, w += fl) memcpy(w, f, (size_t)fl);
    memcpy(w, s->data, s->len);
    w += s->len;
    for (int64_t i = 0; i < right; i++, w += fl) memcpy(w, f, (size_t)fl);
    r->data[len] = '\0';
    r->nchars = s->nchars + (size_t)(left + right);
    r->ascii = s->ascii && fill < 0x80;
    return r;
}

// 0 ljust, 1 rjust, 2 center.
static SkValue justify(SkVM *vm, SkValue *args, int nargs, int how, const char *name) {
    STR_SELF(name);
    int64_t width;
    uint32_t fill;
    if (!sk_index(vm, args[1], &width) || !fill_arg(vm, args, nargs, 2, &fill)) return SK_ERR;
    int64_t extra = width - (int64_t)s->nchars;
    if (extra <= 0) return sk_obj(s);
    int64_t left = how == 0 ? 0 : how == 1 ? extra : extra / 2 + (extra & width & 1);
    return ret(pad(vm, s, left, extra - left, fill));
}
static SkValue str_ljust(SkVM *vm, SkValue *a, int n, SkTuple *kw) {
    return justify(vm, a, n, 0, "ljust");
}
static SkValue str_rjust(SkVM *vm, SkValue *a, int n, SkTuple *kw) {
    return justify(vm, a, n, 1, "rjust");
}
static SkValue str_center(SkVM *vm, SkValue *a, int n, SkTuple *kw) {
    return justify(vm, a, n, 2, "center");
}

static SkValue str_zfill(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    STR_SELF("zfill");
    int64_t width;
    if (!sk_index(vm, args[1], &width)) return SK_ERR;
    int64_t extra = width - (int64_t)s->nchars;
    if (extra <= 0) return sk_obj(s);
    SkStr *r = pad(vm, s, extra, 0, '0');
    if (!r) return SK_ERR;
    if (s->len && (s->data[0] == '+' || s->data[0] == '-')) {
        r->data[0] = s->data[0];
        r->data[extra] = '0';
    }
    return sk_obj(r);
}

static SkValue str_expandtabs(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames) {
    STR_SELF("expandtabs");
    static const char *const names[] = {"tabsize"};
    SkValue a[1];
    if (!sk_bind_args(vm, "expandtabs", args + 1, nargs - 1, kwnames, names, 1, 0, a))
        return SK_ERR;
    int64_t tab = 8;
    if (!SK_IS_UNDEF(a[0]) && !sk_index(vm, a[0], &tab)) return SK_ERR;
    SkBuf b;
    sk_buf_init(&b);
    int64_t col = 0;
    for (size_t i = 0; i < s->len; i++) {
        char c = s->data[i];
        if (c == '\t') {
            if (tab > 0) {
                int64_t n = tab - col % tab;
                if (n > ((int64_t)1 << 40)) {
                    sk_raise_nomem(vm);
                    goto fail;
                }
                for (int64_t k = 0; k < n; k++)
                    if (!sk_buf_appendc(vm, &b, ' ')) goto fail;
                col += n;
            }
            continue;
        }
        if (!sk_buf_appendc(vm, &b, c)) goto fail;
        if (c == '\n' || c == '\r')
            col = 0;
        else if (((uint8_t)c & 0xC0) != 0x80)
            col++;
    }
    return ret(sk_buf_finish(vm, &b));
fail:
    sk_buf_free(&b);
    return SK_ERR;
}

// --- encoding and formatting ---

static SkValue str_encode(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames) {
    STR_SELF("encode");
    static const char *const names[] = {"encoding", "errors"};
    SkValue a[2];
    if (!sk_bind_args(vm, "encode", args + 1, nargs - 1, kwnames, names, 2, 0, a)) return SK_ERR;
    for (int i = 0; i < 2; i++)
        if (!SK_IS_UNDEF(a[i]) && !SK_IS_STR(a[i]))
            return sk_raise(vm, vm->exc.TypeError, "encode() argument '%s' must be str, not %s",
                            names[i], sk_type_name(vm, a[i]));
    return sk_lib_encode(vm, s, SK_IS_UNDEF(a[0]) ? NULL : SK_AS_STR(a[0]),
                         SK_IS_UNDEF(a[1]) ? NULL : SK_AS_STR(a[1]));
}

static SkValue str_format(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames) {
    STR_SELF("format");
    int np = sk_npos(nargs, kwnames);
    SkDict *kw = NULL;
    if (kwnames && kwnames->len) {
        if (!(kw = sk_dict_new(vm))) return SK_ERR;
        for (size_t k = 0; k < kwnames->len; k++)
            if (!sk_dict_set(vm, kw, kwnames->items[k], args[np + (int)k])) return SK_ERR;
    }
    return ret(sk_lib_str_format(vm, s, args + 1, np - 1, SK_UNDEF, kw));
}

static SkValue str_format_map(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    STR_SELF("format_map");
    return ret(sk_lib_str_format(vm, s, NULL, 0, args[1], NULL));
}

// str.maketrans(x[, y[, z]]): a dict from code points to code points / str / None.
static SkValue str_maketrans(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkDict *d = sk_dict_new(vm);
    if (!d) return SK_ERR;
    if (nargs == 1) {
        if (!SK_IS_DICT(args[0]))
            return sk_raise(vm, vm->exc.TypeError,
                            "if you give only one argument to maketrans it must be a dict");
        SkValue k, v;
        for (size_t i = 0; sk_dict_next(SK_AS_DICT(args[0]), &i, &k, &v);) {
            if (SK_IS_STR(k)) {
                if (SK_AS_STR(k)->nchars != 1)
                    return sk_raise(vm, vm->exc.ValueError,
                                    "string keys in translate table must be of length 1");
                size_t p = 0;
                k = sk_int(sk_utf8_decode(SK_AS_STR(k)->data, SK_AS_STR(k)->len, &p));
            } else if (!SK_IS_INT(k)) {
                return sk_raise(vm, vm->exc.TypeError,
                                "keys in translate table must be strings or integers");
            }
            if (!sk_dict_set(vm, d, k, v)) return SK_ERR;
        }
        return sk_obj(d);
    }
    if (!SK_IS_STR(args[0]))
        return sk_raise(vm, vm->exc.TypeError, "maketrans() argument 1 must be str, not %s",
                        sk_type_name(vm, args[0]));
    if (!SK_IS_STR(args[1]))
        return sk_raise(vm, vm->exc.TypeError, "maketrans() argument 2 must be str, not %s",
                        sk_type_name(vm, args[1]));
    SkStr *x = SK_AS_STR(args[0]), *y = SK_AS_STR(args[1]);
    if (x->nchars != y->nchars)
        return sk_raise(vm, vm->exc.ValueError,
                        "the first two maketrans arguments must have equal length");
    size_t px = 0, py = 0;
    while (px < x->len) {
        uint32_t a = sk_utf8_decode(x->data, x->len, &px), b = sk_utf8_decode(y->data, y->len, &py);
        if (!sk_dict_set(vm, d, sk_int(a), sk_int(b))) return SK_ERR;
    }
    if (nargs > 2) {
        if (!SK_IS_STR(args[2]))
            return sk_raise(vm, vm->exc.TypeError, "maketrans() argument 3 must be str, not %s",
                            sk_type_name(vm, args[2]));
        SkStr *z = SK_AS_STR(args[2]);
        size_t pz = 0;
        while (pz < z->len)
            if (!sk_dict_set(vm, d, sk_int(sk_utf8_decode(z->data, z->len, &pz)), SK_NONE))
                return SK_ERR;
    }
    return sk_obj(d);
}

static SkValue str_translate(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    STR_SELF("translate");
    SkValue table = args[1];
    SkBuf b;
    sk_buf_init(&b);
    size_t p = 0;
    while (p < s->len) {
        size_t at = p;
        uint32_t c = next_cp(s, &p);
        SkValue v;
        if (SK_IS_DICT(table)) {
            int r = sk_dict_get(vm, SK_AS_DICT(table), sk_int(c), &v);
            if (r < 0) goto fail;
            if (!r) v = SK_UNDEF;
        } else {
            v = sk_getitem(vm, table, sk_int(c));
            if (SK_IS_ERR(v)) {
                if (!sk_exc_matches(vm, vm->exc.LookupError)) goto fail;
                sk_clear_exc(vm);
            }
        }
        if (SK_IS_UNDEF(v)) {
            if (!sk_buf_append(vm, &b, s->data + at, p - at)) goto fail;
        } else if (SK_IS_NONE(v)) {
            continue;
        } else if (SK_IS_INT(v)) {
            if (SK_AS_INT(v) < 0 || SK_AS_INT(v) >= 0x110000) {
                sk_raise(vm, vm->exc.ValueError, "character mapping must be in range(0x110000)");
                goto fail;
            }
            if (!put_cp(vm, &b, (uint32_t)SK_AS_INT(v))) goto fail;
        } else if (SK_IS_STR(v)) {
            if (!sk_buf_append(vm, &b, SK_AS_STR(v)->data, SK_AS_STR(v)->len)) goto fail;
        } else {
            sk_raise(vm, vm->exc.TypeError, "character mapping must return integer, None or str");
            goto fail;
        }
    }
    return ret(sk_buf_finish(vm, &b));
fail:
    sk_buf_free(&b);
    return SK_ERR;
}

// ascii(v): repr(v) with every non-ASCII character escaped.
SkStr *sk_lib_ascii(SkVM *vm, SkValue v) {
    SkStr *r = sk_repr(vm, v);
    if (!r || r->ascii) return r;
    SkBuf b;
    sk_buf_init(&b);
    size_t p = 0;
    while (p < r->len) {
        size_t at = p;
        uint32_t c = next_cp(r, &p);
        bool ok;
        if (c < 0x80)
            ok = sk_buf_append(vm, &b, r->data + at, p - at);
        else if (c < 0x100) {
            char tmp[8];
            snprintf(tmp, sizeof tmp, "\\x%02x", (unsigned)c);
            ok = sk_buf_append(vm, &b, tmp, 4);
        } else if (c < 0x10000) {
            char tmp[8];
            snprintf(tmp, sizeof tmp, "\\u%04x", (unsigned)c);
            ok = sk_buf_append(vm, &b, tmp, 6);
        } else {
            char tmp[12];
            snprintf(tmp, sizeof tmp, "\\U%08x", (unsigned)c);
            ok = sk_buf_append(vm, &b, tmp, 10);
        }
        if (!ok) {
            sk_buf_free(&b);
            return NULL;
        }
    }
    return sk_buf_finish(vm, &b);
}

// --- dunder wrappers ---

SK_LIB_SEQ_DUNDERS(str, SK_STR, "str")
static SkValue str_add(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    STR_SELF("__add__");
    SkValue o = sk_payload(args[1]);
    if (!SK_IS_STR(o))
        return sk_raise(vm, vm->exc.TypeError, "can only concatenate str (not \"%s\") to str",
                        sk_type_name(vm, args[1]));
    return ret(sk_str_concat(vm, s, SK_AS_STR(o)));
}
static SkValue str_mul(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    STR_SELF("__mul__");
    if (!SK_IS_INT(args[1]) && !SK_IS_BOOL(args[1])) return vm->not_implemented;
    return sk_binary(vm, SK_BIN_MUL, sk_obj(s), args[1], false);
}
static SkValue str_mod(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    STR_SELF("__mod__");
    return sk_str_mod(vm, s, args[1]);
}
static SkValue str_hash(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    STR_SELF("__hash__");
    return sk_int((int64_t)sk_str_hash(s));
}
static SkValue str_str(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    STR_SELF("__str__");
    return sk_obj(s);
}
static SkValue str_repr(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    STR_SELF("__repr__");
    return ret(sk_str_repr(vm, s));
}
static SkValue str_format_dunder(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    STR_SELF("__format__");
    if (!SK_IS_STR(args[1]))
        return sk_raise(vm, vm->exc.TypeError, "__format__() argument must be str, not %s",
                        sk_type_name(vm, args[1]));
    return ret(sk_format(vm, sk_obj(s), SK_AS_STR(args[1])));
}

static SkValue str_cmp(SkVM *vm, SkValue *args, SkCmpOp op, const char *name) {
    STR_SELF(name);
    SkValue o = sk_payload(args[1]);
    if (!SK_IS_STR(o)) return vm->not_implemented;
    if (op == SK_CMP_EQ || op == SK_CMP_NE) {
        bool eq = sk_str_eq(s, SK_AS_STR(o));
        return sk_bool(op == SK_CMP_EQ ? eq : !eq);
    }
    int c = sk_str_cmp(s, SK_AS_STR(o));
    switch (op) {
    case SK_CMP_LT: return sk_bool(c < 0);
    case SK_CMP_LE: return sk_bool(c <= 0);
    case SK_CMP_GT: return sk_bool(c > 0);
    default: return sk_bool(c >= 0);
    }
}
static SkValue str_eq(SkVM *vm, SkValue *a, int n, SkTuple *kw) {
    return str_cmp(vm, a, SK_CMP_EQ, "__eq__");
}
static SkValue str_ne(SkVM *vm, SkValue *a, int n, SkTuple *kw) {
    return str_cmp(vm, a, SK_CMP_NE, "__ne__");
}
static SkValue str_lt(SkVM *vm, SkValue *a, int n, SkTuple *kw) {
    return str_cmp(vm, a, SK_CMP_LT, "__lt__");
}
static SkValue str_le(SkVM *vm, SkValue *a, int n, SkTuple *kw) {
    return str_cmp(vm, a, SK_CMP_LE, "__le__");
}
static SkValue str_gt(SkVM *vm, SkValue *a, int n, SkTuple *kw) {
    return str_cmp(vm, a, SK_CMP_GT, "__gt__");
}
static SkValue str_ge(SkVM *vm, SkValue *a, int n, SkTuple *kw) {
    return str_cmp(vm, a, SK_CMP_GE, "__ge__");
}

static const SkMethodDef str_methods[] = {
    {"split", str_split, 1, 3, true},
    {"rsplit", str_rsplit, 1, 3, true},
    {"splitlines", str_splitlines, 1, 2, true},
    {"join", str_join, 2, 2, false},
    {"strip", str_strip, 1, 2, false},
    {"lstrip", str_lstrip, 1, 2, false},
    {"rstrip", str_rstrip, 1, 2, false},
    {"replace", str_replace, 3, 4, false},
    {"find", str_find, 2, 4, false},
    {"rfind", str_rfind, 2, 4, false},
    {"index", str_index, 2, 4, false},
    {"rindex", str_rindex, 2, 4, false},
    {"count", str_count, 2, 4, false},
    {"startswith", str_startswith, 2, 4, false},
    {"endswith", str_endswith, 2, 4, false},
    {"upper", str_upper, 1, 1, false},
    {"lower", str_lower, 1, 1, false},
    {"capitalize", str_capitalize, 1, 1, false},
    {"title", str_title, 1, 1, false},
    {"swapcase", str_swapcase, 1, 1, false},
    {"casefold", str_casefold, 1, 1, false},
    {"isdigit", str_isdigit, 1, 1, false},
    {"isalpha", str_isalpha, 1, 1, false},
    {"isalnum", str_isalnum, 1, 1, false},
    {"isspace", str_isspace, 1, 1, false},
    {"isupper", str_isupper, 1, 1, false},
    {"islower", str_islower, 1, 1, false},
    {"isidentifier", str_isidentifier, 1, 1, false},
    {"isdecimal", str_isdecimal, 1, 1, false},
    {"isnumeric", str_isnumeric, 1, 1, false},
    {"istitle", str_istitle, 1, 1, false},
    {"isprintable", str_isprintable, 1, 1, false},
    {"isascii", str_isascii, 1, 1, false},
    {"center", str_center, 2, 3, false},
    {"ljust", str_ljust, 2, 3, false},
    {"rjust", str_rjust, 2, 3, false},
    {"zfill", str_zfill, 2, 2, false},
    {"partition", str_partition, 2, 2, false},
    {"rpartition", str_rpartition, 2, 2, false},
    {"expandtabs", str_expandtabs, 1, 2, true},
    {"encode", str_encode, 1, 3, true},
    {"format", str_format, 1, -1, true},
    {"format_map", str_format_map, 2, 2, false},
    {"removeprefix", str_removeprefix, 2, 2, false},
    {"removesuffix", str_removesuffix, 2, 2, false},
    {"translate", str_translate, 2, 2, false},
    {"__len__", str_len, 1, 1, false},
    {"__getitem__", str_getitem, 2, 2, false},
    {"__contains__", str_contains, 2, 2, false},
    {"__iter__", str_iter, 1, 1, false},
    {"__add__", str_add, 2, 2, false},
    {"__mul__", str_mul, 2, 2, false},
    {"__rmul__", str_mul, 2, 2, false},
    {"__mod__", str_mod, 2, 2, false},
    {"__hash__", str_hash, 1, 1, false},
    {"__str__", str_str, 1, 1, false},
    {"__repr__", str_repr, 1, 1, false},
    {"__format__", str_format_dunder, 2, 2, false},
    {"__eq__", str_eq, 2, 2, false},
    {"__ne__", str_ne, 2, 2, false},
    {"__lt__", str_lt, 2, 2, false},
    {"__le__", str_le, 2, 2, false},
    {"__gt__", str_gt, 2, 2, false},
    {"__ge__", str_ge, 2, 2, false},
};

void sk_init_str_methods(SkVM *vm) {
    SkClass *cls = vm->t.str;
    if (!cls) return;
    SK_LIB_DEFINE_TABLE(vm, cls, str_methods);
    sk_lib_define_wrapped(vm, cls, "maketrans", str_maketrans, 1, 3, false, 1);
}
