// vm/objects/str.c -- str objects: creation from UTF-8, the intern table
// (vm->strings), hashing, code-point indexing and slicing, the SkBuf
// builder, the printf-like formatter behind sk_raise's messages, and
// repr(str). Methods (split, join, ...) live in vm/objects/str_methods.c.
//
// Strings keep their UTF-8 bytes plus the code-point count; an ASCII
// string (the common case) indexes in O(1), others scan.
#include "vm/objects/str.h"
#include "vm/classes/class.h"
#include "vm/classes/error.h"
#include "vm/core/gc.h"
#include "vm/exec/import.h"
#include "vm/objects/str_unicode.h"
#include "vm/ops/repr.h"
#include <stdio.h>
#include <stdlib.h>

// --- UTF-8 ---

bool sk_utf8_valid(const char *s, size_t len, size_t *nchars) {
    const uint8_t *p = (const uint8_t *)s;
    size_t i = 0, n = 0;
    while (i < len) {
        uint8_t c = p[i];
        if (c < 0x80) {
            i++;
            n++;
            continue;
        }
        int extra;
        uint32_t cp;
        if ((c & 0xE0) == 0xC0) {
            extra = 1;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            extra = 2;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            extra = 3;
            cp = c & 0x07;
        } else
            return false;
        if (i + (size_t)extra >= len) return false;
        for (int k = 1; k <= extra; k++) {
            if ((p[i + k] & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (p[i + k] & 0x3F);
        }
        // Overlong forms and out-of-range code points are invalid. Lone
        // surrogates are tolerated (Skein may carry them from \ud800 escapes).
        if ((extra == 1 && cp < 0x80) || (extra == 2 && cp < 0x800) ||
            (extra == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
            return false;
        i += (size_t)extra + 1;
        n++;
    }
    if (nchars) *nchars = n;
    return true;
}

uint32_t sk_utf8_decode(const char *s, size_t len, size_t *pos) {
    const uint8_t *p = (const uint8_t *)s;
    size_t i = *pos;
    uint8_t c = p[i];
    if (c < 0x80) {
        *pos = i + 1;
        return c;
    }
    if ((c & 0xE0) == 0xC0 && i + 1 < len) {
        *pos = i + 2;
        return ((uint32_t)(c & 0x1F) << 6) | (p[i + 1] & 0x3F);
    }
    if ((c & 0xF0) == 0xE0 && i + 2 < len) {
        *pos = i + 3;
        return ((uint32_t)(c & 0x0F) << 12) | ((uint32_t)(p[i + 1] & 0x3F) << 6) |
               (p[i + 2] & 0x3F);
    }
    if ((c & 0xF8) == 0xF0 && i + 3 < len) {
        *pos = i + 4;
        return ((uint32_t)(c & 0x07) << 18) | ((uint32_t)(p[i + 1] & 0x3F) << 12) |
               ((uint32_t)(p[i + 2] & 0x3F) << 6) | (p[i + 3] & 0x3F);
    }
    *pos = i + 1; // invalid byte: return it as is rather than read past the end
    return c;
}

int sk_utf8_encode(uint32_t cp, char *buf) {
    if (cp < 0x80) {
        buf[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        buf[0] = (char)(0xC0 | (cp >> 6));
        buf[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        buf[0] = (char)(0xE0 | (cp >> 12));
        buf[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        buf[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    buf[0] = (char)(0xF0 | (cp >> 18));
    buf[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    buf[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    buf[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

// Code points in valid UTF-8: the bytes that are not continuation bytes
// (10xxxxxx). Eight bytes at a time: bit 7 set and bit 6 clear marks one.
static size_t count_chars(const char *s, size_t len) {
    size_t cont = 0, i = 0;
#if defined(__GNUC__)
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        cont += (size_t)__builtin_popcountll(w & ~(w << 1) & 0x8080808080808080ULL);
    }
#endif
    for (; i < len; i++) cont += ((uint8_t)s[i] & 0xC0) == 0x80;
    return len - cont;
}

// --- creation ---

static SkStr *str_alloc(SkVM *vm, size_t len) {
    SkStr *s = sk_gc_alloc(vm, SK_STR, sizeof(SkStr) + len + 1);
    if (!s) return NULL;
    s->len = len;
    return s;
}

SkStr *sk_str_new(SkVM *vm, const char *data, size_t len) {
    SkStr *s = str_alloc(vm, len);
    if (!s) return NULL;
    if (len) memcpy(s->data, data, len);
    s->data[len] = '\0';
    s->nchars = count_chars(data, len);
    s->ascii = s->nchars == len;
    return s;
}

SkStr *sk_str_cstr(SkVM *vm, const char *s) { return sk_str_new(vm, s, strlen(s)); }

SkStr *sk_str_repeat(SkVM *vm, SkStr *s, size_t count) {
    size_t n = s->len, total = n * count;
    SkStr *r = str_alloc(vm, total);
    if (!r) return NULL;
    // Copy by doubling, in place: log2(count) memcpys.
    size_t done = total ? n : 0;
    if (done) memcpy(r->data, s->data, n);
    while (done && done < total) {
        size_t k = done <= total - done ? done : total - done;
        memcpy(r->data + done, r->data, k);
        done += k;
    }
    r->data[total] = '\0';
    r->nchars = s->nchars * count;
    r->ascii = s->ascii;
    return r;
}

// FNV-1a over the bytes, folded so no str hashes to -1 (CPython reserves it).
static uint64_t hash_bytes(const char *p, size_t len) {
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < len; i++) {
        h ^= (uint8_t)p[i];
        h *= 1099511628211ULL;
    }
    if (h == UINT64_MAX) h = UINT64_MAX - 1;
    return h;
}

uint64_t sk_str_hash(SkStr *s) {
    if (s->obj.flags & SK_FLAG_HASHED) return s->hash;
    s->hash = hash_bytes(s->data, s->len);
    s->obj.flags |= SK_FLAG_HASHED;
    return s->hash;
}

bool sk_str_eq(SkStr *a, SkStr *b) {
    if (a == b) return true;
    if (a->len != b->len) return false;
    if ((a->obj.flags & b->obj.flags & SK_FLAG_HASHED) && a->hash != b->hash) return false;
    // Two distinct interned strings always differ.
    if (a->obj.flags & b->obj.flags & SK_FLAG_INTERNED) return false;
    return memcmp(a->data, b->data, a->len) == 0;
}

// UTF-8 byte order is code-point order, so memcmp compares by code point.
int sk_str_cmp(SkStr *a, SkStr *b) {
    size_t n = a->len < b->len ? a->len : b->len;
    int c = memcmp(a->data, b->data, n);
    if (c) return c;
    return a->len < b->len ? -1 : a->len > b->len ? 1 : 0;
}

size_t sk_str_offset(SkStr *s, size_t i) {
    if (s->ascii) return i;
    if (i >= s->nchars) return s->len;
    size_t pos = 0;
    const uint8_t *p = (const uint8_t *)s->data;
    while (i > 0) {
        pos++;
        while (pos < s->len && (p[pos] & 0xC0) == 0x80) pos++;
        i--;
    }
    return pos;
}

// --- interning ---

static bool intern_grow(SkVM *vm) {
    size_t ncap = vm->strings_cap ? vm->strings_cap * 2 : 1024;
    SkStr **nt = sk_mem_calloc(vm, ncap, sizeof(SkStr *));
    if (!nt) {
        sk_raise_nomem(vm);
        return false;
    }
    for (size_t i = 0; i < vm->strings_cap; i++) {
        SkStr *s = vm->strings[i];
        if (!s) continue;
        size_t j = sk_str_hash(s) & (ncap - 1);
        while (nt[j]) j = (j + 1) & (ncap - 1);
        nt[j] = s;
    }
    sk_mem_free(vm, vm->strings);
    vm->strings = nt;
    vm->strings_cap = ncap;
    return true;
}

// The intern table holds its strings weakly: one found there may be
// reachable from nothing but the caller's C variable, so root it in the
// GC arena as if it had just been allocated (the arena rule of gc.h).
static SkStr *rooted(SkVM *vm, SkStr *s) {
    if (vm->arena_len == vm->arena_cap) {
        size_t cap = vm->arena_cap ? vm->arena_cap * 2 : 256;
        SkObj **a = sk_mem_realloc(vm, vm->arena, cap * sizeof(SkObj *));
        if (!a) {
            sk_raise_nomem(vm);
            return NULL;
        }
        vm->arena = a;
        vm->arena_cap = cap;
    }
    vm->arena[vm->arena_len++] = &s->obj;
    return s;
}

SkStr *sk_str_intern(SkVM *vm, const char *data, size_t len) {
    if ((vm->strings_len + 1) * 2 > vm->strings_cap && !intern_grow(vm)) return NULL;
    uint64_t h = hash_bytes(data, len);
    size_t mask = vm->strings_cap - 1, j = h & mask;
    for (SkStr *s; (s = vm->strings[j]) != NULL; j = (j + 1) & mask)
        if (s->hash == h && s->len == len && memcmp(s->data, data, len) == 0) return rooted(vm, s);
    SkStr *s = sk_str_new(vm, data, len);
    if (!s) return NULL;
    s->hash = h;
    s->obj.flags |= SK_FLAG_HASHED;
    // The allocation may have collected, rebuilding the table: probe again.
    return sk_str_intern_str(vm, s);
}

SkStr *sk_str_intern_cstr(SkVM *vm, const char *s) { return sk_str_intern(vm, s, strlen(s)); }

SkStr *sk_str_intern_str(SkVM *vm, SkStr *str) {
    if (str->obj.flags & SK_FLAG_INTERNED) return str;
    if ((vm->strings_len + 1) * 2 > vm->strings_cap && !intern_grow(vm)) return NULL;
    uint64_t h = sk_str_hash(str);
    size_t mask = vm->strings_cap - 1, j = h & mask;
    for (SkStr *s; (s = vm->strings[j]) != NULL; j = (j + 1) & mask)
        if (s->hash == h && s->len == str->len && memcmp(s->data, str->data, s->len) == 0)
            return rooted(vm, s);
    str->obj.flags |= SK_FLAG_INTERNED;
    vm->strings[j] = str;
    vm->strings_len++;
    return str;
}

// Called by the GC between mark and sweep: the table does not keep its
// strings alive. Rebuilding in place keeps probe chains intact without
// tombstones.
void sk_str_sweep_interned(SkVM *vm) {
    size_t cap = vm->strings_cap, live = 0;
    if (!cap) return;
    SkStr **old = vm->strings;
    SkStr **nt = sk_mem_calloc(vm, cap, sizeof(SkStr *));
    if (!nt) {
        // No memory to rebuild: keep every entry alive by marking it instead.
        for (size_t i = 0; i < cap; i++)
            if (old[i]) old[i]->obj.marked = 1;
        return;
    }
    for (size_t i = 0; i < cap; i++) {
        SkStr *s = old[i];
        if (!s || !s->obj.marked) continue;
        size_t j = s->hash & (cap - 1);
        while (nt[j]) j = (j + 1) & (cap - 1);
        nt[j] = s;
        live++;
    }
    sk_mem_free(vm, old);
    vm->strings = nt;
    vm->strings_len = live;
}

// --- derived strings ---

SkStr *sk_str_concat(SkVM *vm, SkStr *a, SkStr *b) {
    if (b->len == 0) return a;
    if (a->len == 0) return b;
    SkStr *s = str_alloc(vm, a->len + b->len);
    if (!s) return NULL;
    memcpy(s->data, a->data, a->len);
    memcpy(s->data + a->len, b->data, b->len);
    s->data[s->len] = '\0';
    s->nchars = a->nchars + b->nchars;
    s->ascii = a->ascii && b->ascii;
    return s;
}

SkStr *sk_str_from_codepoint(SkVM *vm, uint32_t cp) {
    char buf[4];
    int n = sk_utf8_encode(cp, buf);
    // One-character strings are interned: indexing a str then allocates nothing.
    return sk_str_intern(vm, buf, (size_t)n);
}

SkStr *sk_str_slice(SkVM *vm, SkStr *s, int64_t start, int64_t stop, int64_t step) {
    if (step == 1) {
        if (stop <= start) return sk_str_intern(vm, "", 0);
        if (start == 0 && (size_t)stop >= s->nchars) return s;
        size_t a = sk_str_offset(s, (size_t)start);
        size_t b = (size_t)stop;
        if (!s->ascii) {
            // Scan on from a rather than from the start.
            b = a;
            const uint8_t *p = (const uint8_t *)s->data;
            for (int64_t k = start; k < stop && b < s->len; k++) {
                b++;
                while (b < s->len && (p[b] & 0xC0) == 0x80) b++;
            }
        }
        return sk_str_new(vm, s->data + a, b - a);
    }
    int64_t n = 0;
    if (step > 0 && start < stop)
        n = (stop - start - 1) / step + 1;
    else if (step < 0 && stop < start)
        n = (start - stop - 1) / (-step) + 1;
    if (n == 0) return sk_str_intern(vm, "", 0);
    if (s->ascii) {
        SkStr *r = str_alloc(vm, (size_t)n);
        if (!r) return NULL;
        for (int64_t k = 0, i = start; k < n; k++, i += step) r->data[k] = s->data[i];
        r->data[n] = '\0';
        r->nchars = (size_t)n;
        r->ascii = true;
        return r;
    }
    // Non-ASCII with a step: decode into code points once.
    uint32_t *cps = malloc(s->nchars * sizeof(uint32_t) + 1);
    if (!cps) {
        sk_raise_nomem(vm);
        return NULL;
    }
    size_t pos = 0;
    for (size_t k = 0; k < s->nchars; k++) cps[k] = sk_utf8_decode(s->data, s->len, &pos);
    SkBuf b;
    sk_buf_init(&b);
    for (int64_t k = 0, i = start; k < n; k++, i += step) {
        char tmp[4];
        int m = sk_utf8_encode(cps[i], tmp);
        if (!sk_buf_append(vm, &b, tmp, (size_t)m)) {
            free(cps);
            return NULL;
        }
    }
    free(cps);
    return sk_buf_finish(vm, &b);
}

// --- SkBuf ---

void sk_buf_init(SkBuf *b) {
    b->data = NULL;
    b->len = b->cap = 0;
}

static bool buf_reserve(SkVM *vm, SkBuf *b, size_t extra) {
    if (b->len + extra + 1 <= b->cap) return true;
    size_t ncap = b->cap ? b->cap * 2 : 64;
    while (ncap < b->len + extra + 1) ncap *= 2;
    char *nd = realloc(b->data, ncap);
    if (!nd) {
        sk_raise_nomem(vm);
        return false;
    }
    b->data = nd;
    b->cap = ncap;
    return true;
}

bool sk_buf_append(SkVM *vm, SkBuf *b, const char *s, size_t len) {
    if (!buf_reserve(vm, b, len)) return false;
    if (len) memcpy(b->data + b->len, s, len);
    b->len += len;
    return true;
}

bool sk_buf_appendc(SkVM *vm, SkBuf *b, char c) {
    if (!buf_reserve(vm, b, 1)) return false;
    b->data[b->len++] = c;
    return true;
}

bool sk_buf_appendf(SkVM *vm, SkBuf *b, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    SkStr *s = sk_str_vformat(vm, fmt, ap);
    va_end(ap);
    return s && sk_buf_append(vm, b, s->data, s->len);
}

SkStr *sk_buf_finish(SkVM *vm, SkBuf *b) {
    SkStr *s = sk_str_new(vm, b->data ? b->data : "", b->len);
    sk_buf_free(b);
    return s;
}

void sk_buf_free(SkBuf *b) {
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

// --- the message formatter ---

static bool append_str(SkVM *vm, SkBuf *b, SkStr *s) {
    return s && sk_buf_append(vm, b, s->data, s->len);
}

SkStr *sk_str_vformat(SkVM *vm, const char *fmt, va_list ap) {
    SkBuf b;
    sk_buf_init(&b);
    char num[64];
    for (const char *p = fmt; *p; p++) {
        if (*p != '%') {
            const char *q = p;
            while (q[1] && q[1] != '%') q++;
            if (!sk_buf_append(vm, &b, p, (size_t)(q - p + 1))) goto fail;
            p = q;
            continue;
        }
        p++;
        bool ok = true;
        switch (*p) {
        case 's': {
            const char *s = va_arg(ap, const char *);
            if (!s) s = "(null)";
            ok = sk_buf_append(vm, &b, s, strlen(s));
            break;
        }
        case 'd':
            snprintf(num, sizeof num, "%d", va_arg(ap, int));
            ok = sk_buf_append(vm, &b, num, strlen(num));
            break;
        case 'c': {
            char tmp[4];
            int n = sk_utf8_encode((uint32_t)va_arg(ap, int), tmp);
            ok = sk_buf_append(vm, &b, tmp, (size_t)n);
            break;
        }
        case 'x':
            snprintf(num, sizeof num, "%x", va_arg(ap, unsigned));
            ok = sk_buf_append(vm, &b, num, strlen(num));
            break;
        case 'p':
            snprintf(num, sizeof num, "0x%lx", (unsigned long)(uintptr_t)va_arg(ap, void *));
            ok = sk_buf_append(vm, &b, num, strlen(num));
            break;
        case 'z':
            if (p[1] == 'u') {
                p++;
                snprintf(num, sizeof num, "%zu", va_arg(ap, size_t));
            } else if (p[1] == 'd') {
                p++;
                snprintf(num, sizeof num, "%zd", (ptrdiff_t)va_arg(ap, ptrdiff_t));
            } else
                num[0] = '\0';
            ok = sk_buf_append(vm, &b, num, strlen(num));
            break;
        case 'l':
            if (p[1] == 'l' && p[2] == 'd') {
                p += 2;
                snprintf(num, sizeof num, "%lld", va_arg(ap, long long));
            } else if (p[1] == 'd') {
                p++;
                snprintf(num, sizeof num, "%ld", va_arg(ap, long));
            } else if (p[1] == 'u') {
                p++;
                snprintf(num, sizeof num, "%lu", va_arg(ap, unsigned long));
            } else
                num[0] = '\0';
            ok = sk_buf_append(vm, &b, num, strlen(num));
            break;
        case '%': ok = sk_buf_appendc(vm, &b, '%'); break;
        case 'R': ok = append_str(vm, &b, sk_repr(vm, va_arg(ap, SkValue))); break;
        case 'S': ok = append_str(vm, &b, sk_str_of(vm, va_arg(ap, SkValue))); break;
        case 'T': {
            const char *t = sk_type_name(vm, va_arg(ap, SkValue));
            ok = sk_buf_append(vm, &b, t, strlen(t));
            break;
        }
        case 'N': {
            SkStr *s = va_arg(ap, SkStr *);
            ok = s ? append_str(vm, &b, s) : sk_buf_append(vm, &b, "(null)", 6);
            break;
        }
        case '\0': p--; break;
        default: ok = sk_buf_appendc(vm, &b, '%') && sk_buf_appendc(vm, &b, *p); break;
        }
        if (!ok) goto fail;
    }
    return sk_buf_finish(vm, &b);
fail:
    sk_buf_free(&b);
    return NULL;
}

SkStr *sk_str_format(SkVM *vm, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    SkStr *s = sk_str_vformat(vm, fmt, ap);
    va_end(ap);
    return s;
}

// --- repr ---

// Printable test for one code point: ASCII inline, the rest from the
// library's Unicode tables (vm/objects/str_methods.c).
static bool printable(uint32_t c) {
    if (c < 0x80) return c >= 0x20 && c < 0x7F;
    return sk_lib_isprintable(c);
}

SkStr *sk_str_repr(SkVM *vm, SkStr *s) {
    // CPython: single quotes unless the text has ' and no ".
    bool has_sq = memchr(s->data, '\'', s->len) != NULL;
    bool has_dq = memchr(s->data, '"', s->len) != NULL;
    char q = (has_sq && !has_dq) ? '"' : '\'';
    SkBuf b;
    sk_buf_init(&b);
    if (!buf_reserve(vm, &b, s->len + 2)) return NULL;
    b.data[b.len++] = q;
    size_t pos = 0;
    while (pos < s->len) {
        size_t start = pos;
        uint32_t c = sk_utf8_decode(s->data, s->len, &pos);
        char esc[16];
        const char *out = esc;
        size_t n;
        if (c == (uint32_t)q || c == '\\') {
            esc[0] = '\\';
            esc[1] = (char)c;
            n = 2;
        } else if (c == '\n') {
            out = "\\n";
            n = 2;
        } else if (c == '\t') {
            out = "\\t";
            n = 2;
        } else if (c == '\r') {
            out = "\\r";
            n = 2;
        } else if (printable(c)) {
            out = s->data + start;
            n = pos - start;
        } else if (c < 0x100)
            n = (size_t)snprintf(esc, sizeof esc, "\\x%02x", c);
        else if (c < 0x10000)
            n = (size_t)snprintf(esc, sizeof esc, "\\u%04x", c);
        else
            n = (size_t)snprintf(esc, sizeof esc, "\\U%08x", c);
        if (!sk_buf_append(vm, &b, out, n)) {
            sk_buf_free(&b);
            return NULL;
        }
    }
    if (!sk_buf_appendc(vm, &b, q)) {
        sk_buf_free(&b);
        return NULL;
    }
    return sk_buf_finish(vm, &b);
}
