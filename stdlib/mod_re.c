// stdlib/mod_re.c -- `_re`, the C half of the re module (stdlib/re.sk): regular
// expressions compiled and matched by PCRE2, the library Skein uses for
// them. A compiled pattern is a handle owning its pcre2_code. Python's
// syntax differs from PCRE2's in a few places, translated here before
// compiling: \Z (end of string) is PCRE2's \z, {,n} means {0,n}. str
// patterns match with UTF and Unicode character properties (\w, \d and \s
// are Unicode-aware, as in Python 3), unless re.ASCII; positions cross
// this boundary as code-point indices, as Python counts them.
//
//   compile(pattern, flags) -> handle
//   match(handle, string, pos, endpos, mode, notempty_atstart)
//       mode 0 match (anchored), 1 search, 2 fullmatch; returns a tuple of
//       (start, end) per group (-1, -1 for a group that did not take part),
//       or None
//   info(handle) -> (groups, {name: index})
#define PCRE2_CODE_UNIT_WIDTH 8
#include "stdlib/modlib.h"
#include "vm/classes/class.h"
#include "vm/classes/error.h"
#include "vm/exec/call.h"
#include "vm/objects/bytes.h"
#include "vm/objects/dict.h"
#include "vm/objects/resource.h"
#include "vm/objects/str.h"
#include "vm/objects/tuple.h"
#include "vm/ops/compare.h"
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#define NATIVE(name) static SkValue name(SkVM *vm, SkValue *args, int nargs, SkTuple *kw)

// Python's flag values (re.I, re.M, ...).
#define PY_I 2
#define PY_M 8
#define PY_S 16
#define PY_X 64
#define PY_A 256

typedef struct Pattern {
    SkResource h;
    pcre2_code *code;
    pcre2_match_data *md;
    bool is_bytes;
} Pattern;

static void pattern_free(SkVM *vm, SkResource *h) {
    Pattern *p = (Pattern *)h;
    if (p->md) pcre2_match_data_free(p->md);
    if (p->code) pcre2_code_free(p->code);
    p->md = NULL;
    p->code = NULL;
}

static const SkResourceType PATTERN_TYPE = {"re.Pattern", sizeof(Pattern), NULL, pattern_free};

// Python's syntax to PCRE2's, outside character classes: \Z -> \z and
// {,n} -> {0,n}. Returns a malloc'd copy.
static char *translate(const char *s, size_t n, size_t *out_len) {
    char *out = malloc(n * 2 + 1);
    if (!out) return NULL;
    size_t k = 0;
    bool in_class = false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '\\' && i + 1 < n) {
            char d = s[i + 1];
            out[k++] = '\\';
            out[k++] = (!in_class && d == 'Z') ? 'z' : d;
            i++;
            continue;
        }
        if (in_class) {
            if (c == ']') in_class = false;
            out[k++] = c;
            continue;
        }
        if (c == '[') {
            in_class = true;
            out[k++] = c;
            if (i + 1 < n && s[i + 1] == '^') out[k++] = s[++i];
            if (i + 1 < n && s[i + 1] == ']') out[k++] = s[++i]; // a leading ] is literal
            continue;
        }
        if (c == '{' && i + 1 < n && s[i + 1] == ',') {
            out[k++] = '{';
            out[k++] = '0';
            continue;
        }
        out[k++] = c;
    }
    out[k] = '\0';
    *out_len = k;
    return out;
}

// The error class re.error lives in the re module (a Skein class).
static SkValue raise_re_error(SkVM *vm, const char *msg, size_t pos) {
    SkStr *rn = sk_str_intern_cstr(vm, "re"), *en = sk_str_intern_cstr(vm, "error");
    SkValue mod = rn ? sk_dict_get_str(vm->modules, rn) : SK_UNDEF;
    SkValue cls =
        SK_IS_KIND(mod, SK_MODULE) && en ? sk_dict_get_str(SK_AS_MODULE(mod)->dict, en) : SK_UNDEF;
    SkStr *text = sk_str_format(vm, "%s at position %zu", msg, pos);
    if (!text) return SK_ERR;
    if (!SK_IS_KIND(cls, SK_CLASS)) return sk_raise(vm, vm->exc.ValueError, "%N", text);
    SkValue a = sk_obj(text);
    SkValue e = sk_invoke(vm, cls, &a, 1, NULL);
    return SK_IS_ERR(e) ? SK_ERR : sk_raise_value(vm, e);
}

NATIVE(re_compile) {
    SkValue src = args[0];
    int64_t flags;
    if (!sk_mod_to_int(vm, args[1], &flags)) return SK_ERR;
    const char *s;
    size_t n;
    bool is_bytes = SK_IS_KIND(src, SK_BYTES);
    if (SK_IS_STR(src)) {
        s = SK_AS_STR(src)->data;
        n = SK_AS_STR(src)->len;
    } else if (is_bytes) {
        s = (const char *)SK_AS_BYTES(src)->data;
        n = SK_AS_BYTES(src)->len;
    } else {
        return sk_raise(vm, vm->exc.TypeError, "first argument must be string or compiled pattern");
    }
    uint32_t opts = 0;
    if (flags & PY_I) opts |= PCRE2_CASELESS;
    if (flags & PY_M) opts |= PCRE2_MULTILINE;
    if (flags & PY_S) opts |= PCRE2_DOTALL;
    if (flags & PY_X) opts |= PCRE2_EXTENDED;
    if (!is_bytes) {
        opts |= PCRE2_UTF | PCRE2_NO_UTF_CHECK;
        if (!(flags & PY_A)) opts |= PCRE2_UCP;
    }
    size_t tn;
    char *t = translate(s, n, &tn);
    if (!t) return sk_raise_nomem(vm);
    int err;
    PCRE2_SIZE off;
    pcre2_code *code = pcre2_compile((PCRE2_SPTR)t, tn, opts, &err, &off, NULL);
    free(t);
    if (!code) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(err, msg, sizeof msg);
        return raise_re_error(vm, (const char *)msg, (size_t)off);
    }
    pcre2_jit_compile(code, PCRE2_JIT_COMPLETE); // faster when available; fine when not
    Pattern *p = (Pattern *)sk_resource_new(vm, &PATTERN_TYPE, vm->t.object);
    if (!p) {
        pcre2_code_free(code);
        return SK_ERR;
    }
    p->code = code;
    p->is_bytes = is_bytes;
    p->md = pcre2_match_data_create_from_pattern(code, NULL);
    if (!p->md) return sk_raise_nomem(vm);
    return sk_obj(p);
}

static Pattern *pattern_of(SkVM *vm, SkValue v) {
    Pattern *p = (Pattern *)sk_resource_of(v, &PATTERN_TYPE);
    if (!p || !p->code) sk_raise(vm, vm->exc.TypeError, "not a compiled pattern");
    return p && p->code ? p : NULL;
}

// Byte offset of code point `cp` in s (clamped to the string).
static size_t byte_of(const SkStr *s, int64_t cp) {
    if (cp <= 0) return 0;
    if ((size_t)cp >= s->nchars) return s->len;
    if (s->ascii) return (size_t)cp;
    return sk_str_offset((SkStr *)s, (size_t)cp);
}

// Code point index of byte offset b, counting on from a known (byte, cp) pair.
static int64_t cp_of(const SkStr *s, size_t b, size_t *at_b, int64_t *at_cp) {
    if (s->ascii) return (int64_t)b;
    if (b < *at_b) {
        *at_b = 0;
        *at_cp = 0;
    }
    while (*at_b < b) {
        if (((unsigned char)s->data[*at_b] & 0xC0) != 0x80) ++*at_cp;
        ++*at_b;
    }
    // at_b == b sits on a lead byte: the count so far is its index.
    return *at_cp;
}

NATIVE(re_match) {
    Pattern *p = pattern_of(vm, args[0]);
    if (!p) return SK_ERR;
    SkValue subj = args[1];
    int64_t pos, endpos, mode;
    if (!sk_mod_to_int(vm, args[2], &pos) || !sk_mod_to_int(vm, args[3], &endpos) ||
        !sk_mod_to_int(vm, args[4], &mode))
        return SK_ERR;
    int notempty = sk_truthy(vm, args[5]);
    if (notempty < 0) return SK_ERR;
    const char *data;
    size_t len, start, end;
    SkStr *str = NULL;
    if (p->is_bytes) {
        if (!SK_IS_KIND(subj, SK_BYTES))
            return sk_raise(vm, vm->exc.TypeError,
                            "cannot use a bytes pattern on a string-like object");
        data = (const char *)SK_AS_BYTES(subj)->data;
        len = SK_AS_BYTES(subj)->len;
        if (endpos > (int64_t)len) endpos = (int64_t)len;
        if (pos < 0) pos = 0;
        if (endpos < 0) endpos = 0;
        start = (size_t)pos;
        end = (size_t)endpos;
    } else {
        if (!SK_IS_STR(subj))
            return sk_raise(vm, vm->exc.TypeError,
                            "cannot use a string pattern on a bytes-like object");
        str = SK_AS_STR(subj);
        data = str->data;
        len = str->len;
        start = byte_of(str, pos);
        end = byte_of(str, endpos);
    }
    if (start > end) return SK_NONE;
    uint32_t opts = notempty ? PCRE2_NOTEMPTY_ATSTART : 0;
    if (mode == 0) opts |= PCRE2_ANCHORED;
    if (mode == 2) opts |= PCRE2_ANCHORED | PCRE2_ENDANCHORED;
    if (!p->is_bytes) opts |= PCRE2_NO_UTF_CHECK;
    int rc = pcre2_match(p->code, (PCRE2_SPTR)data, end, start, opts, p->md, NULL);
    if (rc == PCRE2_ERROR_NOMATCH) return SK_NONE;
    if (rc < 0) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(rc, msg, sizeof msg);
        return sk_raise(vm, vm->exc.RuntimeError, "regular expression failed: %s", (char *)msg);
    }
    uint32_t ngroups = pcre2_get_ovector_count(p->md);
    uint32_t capture_count;
    pcre2_pattern_info(p->code, PCRE2_INFO_CAPTURECOUNT, &capture_count);
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(p->md);
    size_t total = capture_count + 1;
    SkTuple *t = sk_tuple_new(vm, total * 2);
    if (!t) return SK_ERR;
    size_t at_b = 0;
    int64_t at_cp = 0;
    for (size_t g = 0; g < total; g++) {
        int64_t s = -1, e = -1;
        if (g < ngroups && g < (size_t)rc && ov[2 * g] != PCRE2_UNSET) {
            if (str) {
                s = cp_of(str, ov[2 * g], &at_b, &at_cp);
                e = cp_of(str, ov[2 * g + 1], &at_b, &at_cp);
            } else {
                s = (int64_t)ov[2 * g];
                e = (int64_t)ov[2 * g + 1];
            }
        }
        t->items[2 * g] = sk_int(s);
        t->items[2 * g + 1] = sk_int(e);
    }
    return sk_obj(t);
}

NATIVE(re_info) {
    Pattern *p = pattern_of(vm, args[0]);
    if (!p) return SK_ERR;
    uint32_t captures, namecount, entry;
    PCRE2_SPTR table;
    pcre2_pattern_info(p->code, PCRE2_INFO_CAPTURECOUNT, &captures);
    pcre2_pattern_info(p->code, PCRE2_INFO_NAMECOUNT, &namecount);
    pcre2_pattern_info(p->code, PCRE2_INFO_NAMEENTRYSIZE, &entry);
    pcre2_pattern_info(p->code, PCRE2_INFO_NAMETABLE, &table);
    SkDict *names = sk_dict_new(vm);
    if (!names) return SK_ERR;
    for (uint32_t i = 0; i < namecount; i++) {
        PCRE2_SPTR e = table + (size_t)i * entry;
        int index = (e[0] << 8) | e[1];
        SkStr *name = sk_str_cstr(vm, (const char *)e + 2);
        if (!name || !sk_dict_set(vm, names, sk_obj(name), sk_int(index))) return SK_ERR;
    }
    SkValue v[2] = {sk_int(captures), sk_obj(names)};
    SkTuple *t = sk_tuple_from(vm, v, 2);
    return t ? sk_obj(t) : SK_ERR;
}

bool sk_mod_re_init(SkVM *vm, SkModule *m) {
    SkDict *d = m->dict;
    return sk_define_native(vm, d, "compile", re_compile, 2, 2, false) &&
           sk_define_native(vm, d, "match", re_match, 6, 6, false) &&
           sk_define_native(vm, d, "info", re_info, 1, 1, false);
}
