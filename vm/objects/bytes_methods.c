// vm/objects/bytes_methods.c -- the methods of bytes (decode, hex, fromhex, split,
// join, strip, replace, find, count, startswith, case, ...) registered on
// vm->t.bytes by sk_init_bytes_methods, and the codecs shared with str:
// sk_lib_encode / sk_lib_decode for utf-8, ascii and latin-1 with the
// strict, ignore, replace, backslashreplace and xmlcharrefreplace error
// handlers, raising CPython's exact UnicodeError messages.
#include "vm/objects/bytes_methods.h"
#include "vm/classes/class.h"
#include "vm/classes/error.h"
#include "vm/exec/call.h"
#include "vm/exec/import.h"
#include "vm/objects/bytearray.h"
#include "vm/objects/bytes.h"
#include "vm/objects/list.h"
#include "vm/objects/methods.h"
#include "vm/objects/str.h"
#include "vm/objects/str_methods.h"
#include "vm/ops/item.h"
#include <stdio.h>

// --- codecs ---

typedef enum { ENC_UTF8, ENC_ASCII, ENC_LATIN1, ENC_UNKNOWN } Encoding;
typedef enum {
    ERR_STRICT,
    ERR_IGNORE,
    ERR_REPLACE,
    ERR_BACKSLASH,
    ERR_XMLCHAR,
    ERR_UNKNOWN
} ErrMode;

static Encoding lookup_encoding(SkStr *name) {
    if (!name) return ENC_UTF8;
    char buf[32];
    if (name->len >= sizeof buf) return ENC_UNKNOWN;
    size_t n = 0;
    for (size_t i = 0; i < name->len; i++) {
        char c = name->data[i];
        if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
        if (c == '_' || c == ' ') c = '-';
        buf[n++] = c;
    }
    buf[n] = 0;
    static const char *const utf8[] = {"utf-8", "utf8", "u8", "utf", "cp65001"};
    static const char *const ascii[] = {"ascii", "us-ascii", "646", "us"};
    static const char *const latin1[] = {"latin-1",    "latin1", "iso-8859-1", "iso8859-1",
                                         "8859",       "cp819",  "latin",      "l1",
                                         "iso-ir-100", "iso8859"};
    for (size_t i = 0; i < sizeof utf8 / sizeof *utf8; i++)
        if (!strcmp(buf, utf8[i])) return ENC_UTF8;
    for (size_t i = 0; i < sizeof ascii / sizeof *ascii; i++)
        if (!strcmp(buf, ascii[i])) return ENC_ASCII;
    for (size_t i = 0; i < sizeof latin1 / sizeof *latin1; i++)
        if (!strcmp(buf, latin1[i])) return ENC_LATIN1;
    return ENC_UNKNOWN;
}

static const char *enc_name(Encoding e) {
    return e == ENC_UTF8 ? "utf-8" : e == ENC_ASCII ? "ascii" : "latin-1";
}

static ErrMode lookup_errors(SkStr *name) {
    if (!name) return ERR_STRICT;
    const char *s = name->data;
    if (!strcmp(s, "strict")) return ERR_STRICT;
    if (!strcmp(s, "ignore")) return ERR_IGNORE;
    if (!strcmp(s, "replace")) return ERR_REPLACE;
    if (!strcmp(s, "backslashreplace")) return ERR_BACKSLASH;
    if (!strcmp(s, "xmlcharrefreplace")) return ERR_XMLCHAR;
    return ERR_UNKNOWN;
}

static SkValue unknown_encoding(SkVM *vm, SkStr *name) {
    return sk_raise(vm, vm->exc.LookupError, "unknown encoding: %s", name->data);
}

static void char_repr(uint32_t c, char *out, size_t cap) {
    if (c < 0x100)
        snprintf(out, cap, "'\\x%02x'", (unsigned)c);
    else if (c < 0x10000)
        snprintf(out, cap, "'\\u%04x'", (unsigned)c);
    else
        snprintf(out, cap, "'\\U%08x'", (unsigned)c);
}

SkValue sk_lib_encode(SkVM *vm, SkStr *s, SkStr *encoding, SkStr *errors) {
    Encoding enc = lookup_encoding(encoding);
    if (enc == ENC_UNKNOWN) return unknown_encoding(vm, encoding);
    if (enc == ENC_UTF8 || s->ascii) {
        SkBytes *b = sk_bytes_new(vm, (const uint8_t *)s->data, s->len);
        return b ? sk_obj(b) : SK_ERR;
    }
    uint32_t limit = enc == ENC_ASCII ? 0x80 : 0x100;
    ErrMode mode = lookup_errors(errors);
    SkBuf b;
    sk_buf_init(&b);
    size_t pos = 0, idx = 0;
    while (pos < s->len) {
        uint32_t c = sk_utf8_decode(s->data, s->len, &pos);
        if (c < limit) {
            if (!sk_buf_appendc(vm, &b, (char)c)) goto fail;
            idx++;
            continue;
        }
        if (mode == ERR_STRICT || mode == ERR_UNKNOWN) {
            if (mode == ERR_UNKNOWN) {
                sk_raise(vm, vm->exc.LookupError, "unknown error handler name '%s'", errors->data);
                goto fail;
            }
            // The run of consecutive unencodable characters.
            size_t end = idx + 1, p2 = pos;
            while (p2 < s->len) {
                size_t save = p2;
                uint32_t c2 = sk_utf8_decode(s->data, s->len, &p2);
                if (c2 < limit) {
                    p2 = save;
                    break;
                }
                end++;
            }
            if (end - idx == 1) {
                char cr[16];
                char_repr(c, cr, sizeof cr);
                sk_raise(vm, vm->exc.UnicodeEncodeError,
                         "'%s' codec can't encode character %s in position %zu: ordinal not in "
                         "range(%d)",
                         enc_name(enc), cr, idx, (int)limit);
            } else {
                sk_raise(vm, vm->exc.UnicodeEncodeError,
                         "'%s' codec can't encode characters in position %zu-%zu: ordinal not in "
                         "range(%d)",
                         enc_name(enc), idx, end - 1, (int)limit);
            }
            goto fail;
        }
        char tmp[16];
        bool ok = true;
        switch (mode) {
        case ERR_IGNORE: break;
        case ERR_REPLACE: ok = sk_buf_appendc(vm, &b, '?'); break;
        case ERR_BACKSLASH:
            if (c < 0x100)
                snprintf(tmp, sizeof tmp, "\\x%02x", (unsigned)c);
            else if (c < 0x10000)
                snprintf(tmp, sizeof tmp, "\\u%04x", (unsigned)c);
            else
                snprintf(tmp, sizeof tmp, "\\U%08x", (unsigned)c);
            ok = sk_buf_append(vm, &b, tmp, strlen(tmp));
            break;
        default:
            snprintf(tmp, sizeof tmp, "&#%u;", (unsigned)c);
            ok = sk_buf_append(vm, &b, tmp, strlen(tmp));
            break;
        }
        if (!ok) goto fail;
        idx++;
    }
    {
        SkBytes *r = sk_bytes_new(vm, (const uint8_t *)(b.data ? b.data : ""), b.len);
        sk_buf_free(&b);
        return r ? sk_obj(r) : SK_ERR;
    }
fail:
    sk_buf_free(&b);
    return SK_ERR;
}

// Length of the valid UTF-8 sequence at p, or 0 with *span (bytes to
// report) and *why set, following CPython's decoder.
static size_t utf8_seq(const uint8_t *p, size_t avail, size_t *span, const char **why) {
    uint8_t c = p[0];
    if (c < 0x80) return 1;
    size_t need;
    uint8_t lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF)
        need = 1;
    else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        if (c == 0xE0) lo = 0xA0;
        if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F;
    } else {
        *span = 1;
        *why = "invalid start byte";
        return 0;
    }
    for (size_t k = 1; k <= need; k++) {
        if (k >= avail) {
            *span = k;
            *why = "unexpected end of data";
            return 0;
        }
        uint8_t b = p[k];
        uint8_t l = k == 1 ? lo : 0x80, h = k == 1 ? hi : 0xBF;
        if (b < l || b > h) {
            *span = k;
            *why = "invalid continuation byte";
            return 0;
        }
    }
    return need + 1;
}

SkValue sk_lib_decode(SkVM *vm, const uint8_t *data, size_t len, SkStr *encoding, SkStr *errors) {
    Encoding enc = lookup_encoding(encoding);
    if (enc == ENC_UNKNOWN) return unknown_encoding(vm, encoding);
    ErrMode mode = lookup_errors(errors);
    if (enc == ENC_UTF8 || enc == ENC_ASCII) {
        // Fast path: the whole input is valid, copy it in one go.
        bool ok = true;
        for (size_t i = 0; i < len && ok;) {
            if (data[i] < 0x80) {
                i++;
                continue;
            }
            size_t span;
            const char *why;
            size_t n = enc == ENC_UTF8 ? utf8_seq(data + i, len - i, &span, &why) : 0;
            ok = n > 0;
            i += n;
        }
        if (ok) {
            SkStr *s = sk_str_new(vm, (const char *)data, len);
            return s ? sk_obj(s) : SK_ERR;
        }
    }
    SkBuf b;
    sk_buf_init(&b);
    size_t i = 0;
    while (i < len) {
        size_t span = 1, n = 1;
        const char *why = "ordinal not in range(128)";
        bool bad;
        if (enc == ENC_LATIN1) {
            char tmp[4];
            int m = sk_utf8_encode(data[i], tmp);
            if (!sk_buf_append(vm, &b, tmp, (size_t)m)) goto fail;
            i++;
            continue;
        }
        if (enc == ENC_ASCII) {
            bad = data[i] >= 0x80;
        } else {
            n = utf8_seq(data + i, len - i, &span, &why);
            bad = n == 0;
        }
        if (!bad) {
            if (!sk_buf_append(vm, &b, (const char *)data + i, n)) goto fail;
            i += n;
            continue;
        }
        if (mode == ERR_STRICT || mode == ERR_UNKNOWN) {
            if (mode == ERR_UNKNOWN) {
                sk_raise(vm, vm->exc.LookupError, "unknown error handler name '%s'", errors->data);
            } else if (span == 1) {
                char hx[8];
                snprintf(hx, sizeof hx, "0x%02x", (unsigned)data[i]);
                sk_raise(vm, vm->exc.UnicodeDecodeError,
                         "'%s' codec can't decode byte %s in position %zu: %s", enc_name(enc), hx,
                         i, why);
            } else {
                sk_raise(vm, vm->exc.UnicodeDecodeError,
                         "'%s' codec can't decode bytes in position %zu-%zu: %s", enc_name(enc), i,
                         i + span - 1, why);
            }
            goto fail;
        }
        bool ok = true;
        if (mode == ERR_REPLACE) {
            ok = sk_buf_append(vm, &b, "\xEF\xBF\xBD", 3);
        } else if (mode == ERR_BACKSLASH || mode == ERR_XMLCHAR) {
            for (size_t k = 0; k < span && ok; k++) {
                char tmp[8];
                snprintf(tmp, sizeof tmp, "\\x%02x", (unsigned)data[i + k]);
                ok = sk_buf_append(vm, &b, tmp, 4);
            }
        }
        if (!ok) goto fail;
        i += span;
    }
    {
        SkStr *s = sk_buf_finish(vm, &b);
        return s ? sk_obj(s) : SK_ERR;
    }
fail:
    sk_buf_free(&b);
    return SK_ERR;
}

// --- bytes methods ---

#define BYTES_SELF(meth) SK_LIB_SELF(SkBytes, s, SK_BYTES, "bytes", meth)

static SkValue bret(SkBytes *b) { return b ? sk_obj(b) : SK_ERR; }

static SkBytes *need_bytes(SkVM *vm, SkValue v) {
    SkValue p = sk_payload(v);
    if (SK_IS_KIND(p, SK_BYTES)) return SK_AS_BYTES(p);
    if (SK_IS_KIND(p, SK_BYTEARRAY)) // a copy: the methods keep bytes' layout
        return sk_bytes_new(vm, SK_AS_BYTEARRAY(p)->data, SK_AS_BYTEARRAY(p)->len);
    sk_raise(vm, vm->exc.TypeError, "a bytes-like object is required, not '%s'",
             sk_type_name(vm, v));
    return NULL;
}

// A search argument: bytes, or an int naming one byte (into *one).
static bool sub_arg(SkVM *vm, SkValue v, const uint8_t **data, size_t *len, uint8_t *one) {
    SkValue p = sk_payload(v);
    if (sk_bytes_like(p, data, len)) return true;
    if (SK_IS_INT(p) || SK_IS_BOOL(p)) {
        int64_t i = SK_AS_INT(p);
        if (i < 0 || i > 255) {
            sk_raise(vm, vm->exc.ValueError, "byte must be in range(0, 256)");
            return false;
        }
        *one = (uint8_t)i;
        *data = one;
        *len = 1;
        return true;
    }
    sk_raise(vm, vm->exc.TypeError, "argument should be integer or bytes-like object, not '%s'",
             sk_type_name(vm, v));
    return false;
}

// find/rfind/index/rindex/count share argument handling. kind: 0 find,
// 1 rfind, 2 index, 3 rindex, 4 count.
static SkValue bsearch_op(SkVM *vm, SkValue *args, int nargs, int kind) {
    static const char *const names[] = {"find", "rfind", "index", "rindex", "count"};
    BYTES_SELF(names[kind]);
    const uint8_t *nd;
    size_t n;
    uint8_t one;
    if (!sub_arg(vm, args[1], &nd, &n, &one)) return SK_ERR;
    int64_t start = 0, end = (int64_t)s->len;
    if (nargs > 2 && !sk_lib_opt_index(vm, args[2], &start)) return SK_ERR;
    if (nargs > 3 && !sk_lib_opt_index(vm, args[3], &end)) return SK_ERR;
    sk_lib_adjust(&start, &end, (int64_t)s->len);
    if (kind == 4) {
        if (start > end) return sk_int(0);
        if (n == 0) return sk_int(end - start + 1);
        int64_t cnt = 0;
        size_t a = (size_t)start;
        for (int64_t r; (r = sk_lib_find(s->data, a, (size_t)end, nd, n, false)) >= 0;
             a = (size_t)r + n)
            cnt++;
        return sk_int(cnt);
    }
    int64_t r =
        start > end ? -1 : sk_lib_find(s->data, (size_t)start, (size_t)end, nd, n, kind & 1);
    if (r < 0 && kind >= 2) return sk_raise(vm, vm->exc.ValueError, "subsection not found");
    return sk_int(r);
}
static SkValue bytes_find(SkVM *vm, SkValue *a, int n, SkTuple *kw) {
    return bsearch_op(vm, a, n, 0);
}
static SkValue bytes_rfind(SkVM *vm, SkValue *a, int n, SkTuple *kw) {
    return bsearch_op(vm, a, n, 1);
}
static SkValue bytes_index(SkVM *vm, SkValue *a, int n, SkTuple *kw) {
    return bsearch_op(vm, a, n, 2);
}
static SkValue bytes_rindex(SkVM *vm, SkValue *a, int n, SkTuple *kw) {
    return bsearch_op(vm, a, n, 3);
}
static SkValue bytes_count(SkVM *vm, SkValue *a, int n, SkTuple *kw) {
    return bsearch_op(vm, a, n, 4);
}

static SkValue bytes_contains(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    BYTES_SELF("__contains__");
    SkValue p = sk_payload(args[1]);
    if (!SK_IS_KIND(p, SK_BYTES) && !SK_IS_INT(p) && !SK_IS_BOOL(p))
        return sk_raise(vm, vm->exc.TypeError, "a bytes-like object is required, not '%s'",
                        sk_type_name(vm, args[1]));
    const uint8_t *nd;
    size_t n;
    uint8_t one;
    if (!sub_arg(vm, args[1], &nd, &n, &one)) return SK_ERR;
    return sk_bool(sk_lib_find(s->data, 0, s->len, nd, n, false) >= 0);
}

static SkValue btailmatch(SkVM *vm, SkValue *args, int nargs, bool end_side) {
    const char *name = end_side ? "endswith" : "startswith";
    BYTES_SELF(name);
    int64_t start = 0, end = (int64_t)s->len;
    if (nargs > 2 && !sk_lib_opt_index(vm, args[2], &start)) return SK_ERR;
    if (nargs > 3 && !sk_lib_opt_index(vm, args[3], &end)) return SK_ERR;
    sk_lib_adjust(&start, &end, (int64_t)s->len);
    SkValue pv = sk_payload(args[1]);
    SkValue *items = &pv;
    size_t n = 1;
    if (SK_IS_TUPLE(pv)) {
        items = SK_AS_TUPLE(pv)->items;
        n = SK_AS_TUPLE(pv)->len;
    } else if (!SK_IS_KIND(pv, SK_BYTES)) {
        return sk_raise(vm, vm->exc.TypeError,
                        "%s first arg must be bytes or a tuple of bytes, not %s", name,
                        sk_type_name(vm, args[1]));
    }
    for (size_t i = 0; i < n; i++) {
        SkValue p = sk_payload(items[i]);
        if (!SK_IS_KIND(p, SK_BYTES))
            return sk_raise(vm, vm->exc.TypeError, "a bytes-like object is required, not '%s'",
                            sk_type_name(vm, items[i]));
        SkBytes *sub = SK_AS_BYTES(p);
        if (end - (int64_t)sub->len < start) continue;
        const uint8_t *at = end_side ? s->data + end - sub->len : s->data + start;
        if (memcmp(at, sub->data, sub->len) == 0) return SK_TRUE;
    }
    return SK_FALSE;
}
static SkValue bytes_startswith(SkVM *vm, SkValue *a, int n, SkTuple *kw) {
    return btailmatch(vm, a, n, false);
}
static SkValue bytes_endswith(SkVM *vm, SkValue *a, int n, SkTuple *kw) {
    return btailmatch(vm, a, n, true);
}

static SkValue bytes_decode(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames) {
    BYTES_SELF("decode");
    static const char *const names[] = {"encoding", "errors"};
    SkValue a[2];
    if (!sk_bind_args(vm, "decode", args + 1, nargs - 1, kwnames, names, 2, 0, a)) return SK_ERR;
    for (int i = 0; i < 2; i++)
        if (!SK_IS_UNDEF(a[i]) && !SK_IS_STR(a[i]))
            return sk_raise(vm, vm->exc.TypeError, "decode() argument '%s' must be str, not %s",
                            names[i], sk_type_name(vm, a[i]));
    return sk_lib_decode(vm, s->data, s->len, SK_IS_UNDEF(a[0]) ? NULL : SK_AS_STR(a[0]),
                         SK_IS_UNDEF(a[1]) ? NULL : SK_AS_STR(a[1]));
}

static SkValue bytes_hex(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames) {
    BYTES_SELF("hex");
    static const char *const names[] = {"sep", "bytes_per_sep"};
    SkValue a[2];
    if (!sk_bind_args(vm, "hex", args + 1, nargs - 1, kwnames, names, 2, 0, a)) return SK_ERR;
    const char *sep = NULL;
    int64_t per = 1;
    if (!SK_IS_UNDEF(a[0])) {
        SkValue p = sk_payload(a[0]);
        if (SK_IS_STR(p) && SK_AS_STR(p)->len == 1 && SK_AS_STR(p)->ascii)
            sep = SK_AS_STR(p)->data;
        else if (SK_IS_KIND(p, SK_BYTES) && SK_AS_BYTES(p)->len == 1)
            sep = (const char *)SK_AS_BYTES(p)->data;
        else if (SK_IS_STR(p) || SK_IS_KIND(p, SK_BYTES))
            return sk_raise(vm, vm->exc.ValueError, "sep must be length 1.");
        else
            return sk_raise(vm, vm->exc.TypeError, "sep must be str or bytes.");
    }
    if (!SK_IS_UNDEF(a[1]) && !sk_index(vm, a[1], &per)) return SK_ERR;
    SkBuf b;
    sk_buf_init(&b);
    static const char hexd[] = "0123456789abcdef";
    int64_t n = (int64_t)s->len, ap = per < 0 ? -per : per;
    for (int64_t i = 0; i < n; i++) {
        if (sep && ap > 0 && i > 0) {
            // Groups count from the right for positive bytes_per_sep.
            bool cut = per > 0 ? (n - i) % ap == 0 : i % ap == 0;
            if (cut && !sk_buf_appendc(vm, &b, sep[0])) goto fail;
        }
        char two[2] = {hexd[s->data[i] >> 4], hexd[s->data[i] & 15]};
        if (!sk_buf_append(vm, &b, two, 2)) goto fail;
    }
    {
        SkStr *r = sk_buf_finish(vm, &b);
        return r ? sk_obj(r) : SK_ERR;
    }
fail:
    sk_buf_free(&b);
    return SK_ERR;
}

static int hexval(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// bytes.fromhex(string), a classmethod: args[0] is the class.
static SkValue bytes_fromhex(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    SkValue p = sk_payload(args[1]);
    if (!SK_IS_STR(p))
        return sk_raise(vm, vm->exc.TypeError, "fromhex() argument must be str, not %s",
                        sk_type_name(vm, args[1]));
    SkStr *h = SK_AS_STR(p);
    SkBuf b;
    sk_buf_init(&b);
    size_t i = 0;
    while (i < h->len) {
        char c = h->data[i];
        if (c == ' ' || (c >= 0x09 && c <= 0x0D)) {
            i++;
            continue;
        }
        int hi = hexval(c);
        int lo = i + 1 < h->len ? hexval(h->data[i + 1]) : -1;
        if (hi < 0 || lo < 0) {
            size_t at = hi < 0 ? i : i + 1;
            sk_buf_free(&b);
            return sk_raise(vm, vm->exc.ValueError,
                            "non-hexadecimal number found in fromhex() arg at position %zu", at);
        }
        if (!sk_buf_appendc(vm, &b, (char)(hi * 16 + lo))) {
            sk_buf_free(&b);
            return SK_ERR;
        }
        i += 2;
    }
    SkBytes *r = sk_bytes_new(vm, (const uint8_t *)(b.data ? b.data : ""), b.len);
    sk_buf_free(&b);
    return bret(r);
}

static bool bpush(SkVM *vm, SkList *l, const uint8_t *p, size_t n) {
    SkBytes *b = sk_bytes_new(vm, p, n);
    return b && sk_list_append(vm, l, sk_obj(b));
}

static bool bspace(uint8_t c) { return c == ' ' || (c >= 0x09 && c <= 0x0D); }

static SkValue bytes_split(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames) {
    BYTES_SELF("split");
    static const char *const names[] = {"sep", "maxsplit"};
    SkValue a[2];
    if (!sk_bind_args(vm, "split", args + 1, nargs - 1, kwnames, names, 2, 0, a)) return SK_ERR;
    int64_t maxsplit = -1;
    if (!SK_IS_UNDEF(a[1]) && !sk_index(vm, a[1], &maxsplit)) return SK_ERR;
    if (maxsplit < 0) maxsplit = INT64_MAX;
    SkList *l = sk_list_new(vm, 0);
    if (!l) return SK_ERR;
    size_t n = s->len;
    if (!SK_IS_UNDEF(a[0]) && !SK_IS_NONE(a[0])) {
        SkBytes *sep = need_bytes(vm, a[0]);
        if (!sep) return SK_ERR;
        if (sep->len == 0) return sk_raise(vm, vm->exc.ValueError, "empty separator");
        size_t st = 0;
        while (maxsplit-- > 0) {
            int64_t r = sk_lib_find(s->data, st, n, sep->data, sep->len, false);
            if (r < 0) break;
            if (!bpush(vm, l, s->data + st, (size_t)r - st)) return SK_ERR;
            st = (size_t)r + sep->len;
        }
        return bpush(vm, l, s->data + st, n - st) ? sk_obj(l) : SK_ERR;
    }
    size_t i = 0;
    while (i < n) {
        while (i < n && bspace(s->data[i])) i++;
        if (i >= n) break;
        if (maxsplit-- <= 0) {
            if (!bpush(vm, l, s->data + i, n - i)) return SK_ERR;
            break;
        }
        size_t j = i;
        while (j < n && !bspace(s->data[j])) j++;
        if (!bpush(vm, l, s->data + i, j - i)) return SK_ERR;
        i = j;
    }
    return sk_obj(l);
}

static SkValue bytes_join(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    BYTES_SELF("join");
    SkList *l = sk_list_of(vm, args[1]);
    if (!l) return SK_ERR;
    SkBuf b;
    sk_buf_init(&b);
    for (size_t i = 0; i < l->len; i++) {
        SkValue p = sk_payload(l->items[i]);
        const uint8_t *pd;
        size_t pn;
        if (!sk_bytes_like(p, &pd, &pn)) {
            sk_buf_free(&b);
            return sk_raise(vm, vm->exc.TypeError,
                            "sequence item %zu: expected a bytes-like object, %s found", i,
                            sk_type_name(vm, l->items[i]));
        }
        if ((i > 0 && !sk_buf_append(vm, &b, (const char *)s->data, s->len)) ||
            !sk_buf_append(vm, &b, (const char *)pd, pn)) {
            sk_buf_free(&b);
            return SK_ERR;
        }
    }
    SkBytes *r = sk_bytes_new(vm, (const uint8_t *)(b.data ? b.data : ""), b.len);
    sk_buf_free(&b);
    return bret(r);
}

static SkValue bstrip(SkVM *vm, SkValue *args, int nargs, int which, const char *name) {
    BYTES_SELF(name);
    const uint8_t *chars = NULL;
    size_t nc = 0;
    if (nargs > 1 && !SK_IS_NONE(args[1])) {
        SkBytes *c = need_bytes(vm, args[1]);
        if (!c) return SK_ERR;
        chars = c->data;
        nc = c->len;
    }
    size_t a = 0, b = s->len;
    if (which & 1)
        while (a < b && (chars ? memchr(chars, s->data[a], nc) != NULL : bspace(s->data[a]))) a++;
    if (which & 2)
        while (b > a &&
               (chars ? memchr(chars, s->data[b - 1], nc) != NULL : bspace(s->data[b - 1])))
            b--;
    if (a == 0 && b == s->len) return sk_obj(s);
    return bret(sk_bytes_new(vm, s->data + a, b - a));
}
static SkValue bytes_strip(SkVM *vm, SkValue *a, int n, SkTuple *kw) {
    return bstrip(vm, a, n, 3, "strip");
}
static SkValue bytes_lstrip(SkVM *vm, SkValue *a, int n, SkTuple *kw) {
    return bstrip(vm, a, n, 1, "lstrip");
}
static SkValue bytes_rstrip(SkVM *vm, SkValue *a, int n, SkTuple *kw) {
    return bstrip(vm, a, n, 2, "rstrip");
}

static SkValue bytes_replace(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    BYTES_SELF("replace");
    SkBytes *old = need_bytes(vm, args[1]);
    if (!old) return SK_ERR;
    SkBytes *nw = need_bytes(vm, args[2]);
    if (!nw) return SK_ERR;
    int64_t count = -1;
    if (nargs > 3 && !sk_index(vm, args[3], &count)) return SK_ERR;
    if (count < 0) count = INT64_MAX;
    SkBuf b;
    sk_buf_init(&b);
    size_t a = 0, n = s->len;
    bool ok = true;
    if (old->len == 0) {
        size_t i = 0;
        while (ok && count > 0 && i <= n) {
            ok = sk_buf_append(vm, &b, (const char *)nw->data, nw->len);
            count--;
            if (i < n) ok = ok && sk_buf_appendc(vm, &b, (char)s->data[i]);
            i++;
        }
        if (ok && i < n) ok = sk_buf_append(vm, &b, (const char *)s->data + i, n - i);
    } else {
        while (ok && count-- > 0) {
            int64_t r = sk_lib_find(s->data, a, n, old->data, old->len, false);
            if (r < 0) break;
            ok = sk_buf_append(vm, &b, (const char *)s->data + a, (size_t)r - a) &&
                 sk_buf_append(vm, &b, (const char *)nw->data, nw->len);
            a = (size_t)r + old->len;
        }
        ok = ok && sk_buf_append(vm, &b, (const char *)s->data + a, n - a);
    }
    if (!ok) {
        sk_buf_free(&b);
        return SK_ERR;
    }
    SkBytes *r = sk_bytes_new(vm, (const uint8_t *)(b.data ? b.data : ""), b.len);
    sk_buf_free(&b);
    return bret(r);
}

static SkValue bcase(SkVM *vm, SkValue *args, int mode, const char *name) {
    BYTES_SELF(name);
    SkBytes *r = sk_bytes_new(vm, s->data, s->len);
    if (!r) return SK_ERR;
    bool prev = false;
    for (size_t i = 0; i < r->len; i++) {
        uint8_t c = r->data[i];
        bool up = c >= 'A' && c <= 'Z', lo = c >= 'a' && c <= 'z';
        if (mode == 0 && up)
            c += 32;
        else if (mode == 1 && lo)
            c -= 32;
        else if (mode == 2)
            c = up ? c + 32 : lo ? c - 32 : c;
        else if (mode == 3)
            c = (prev ? (up ? c + 32 : c) : (lo ? c - 32 : c));
        else if (mode == 4)
            c = i == 0 ? (lo ? c - 32 : c) : (up ? c + 32 : c);
        prev = up || lo;
        r->data[i] = c;
    }
    return sk_obj(r);
}
static SkValue bytes_lower(SkVM *vm, SkValue *a, int n, SkTuple *kw) {
    return bcase(vm, a, 0, "lower");
}
static SkValue bytes_upper(SkVM *vm, SkValue *a, int n, SkTuple *kw) {
    return bcase(vm, a, 1, "upper");
}
static SkValue bytes_swapcase(SkVM *vm, SkValue *a, int n, SkTuple *kw) {
    return bcase(vm, a, 2, "swapcase");
}
static SkValue bytes_title(SkVM *vm, SkValue *a, int n, SkTuple *kw) {
    return bcase(vm, a, 3, "title");
}
static SkValue bytes_capitalize(SkVM *vm, SkValue *a, int n, SkTuple *kw) {
    return bcase(vm, a, 4, "capitalize");
}

static SkValue bpred(SkVM *vm, SkValue *args, int kind, const char *name) {
    BYTES_SELF(name);
    if (s->len == 0) return SK_FALSE;
    for (size_t i = 0; i < s->len; i++) {
        uint8_t c = s->data[i];
        bool ok = kind == 0   ? (c >= '0' && c <= '9')
                  : kind == 1 ? ((c | 32) >= 'a' && (c | 32) <= 'z')
                  : kind == 2 ? bspace(c)
                              : ((c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z'));
        if (!ok) return SK_FALSE;
    }
    return SK_TRUE;
}
static SkValue bytes_isdigit(SkVM *vm, SkValue *a, int n, SkTuple *kw) {
    return bpred(vm, a, 0, "isdigit");
}
static SkValue bytes_isalpha(SkVM *vm, SkValue *a, int n, SkTuple *kw) {
    return bpred(vm, a, 1, "isalpha");
}
static SkValue bytes_isspace(SkVM *vm, SkValue *a, int n, SkTuple *kw) {
    return bpred(vm, a, 2, "isspace");
}
static SkValue bytes_isalnum(SkVM *vm, SkValue *a, int n, SkTuple *kw) {
    return bpred(vm, a, 3, "isalnum");
}

static SkValue bcased(SkVM *vm, SkValue *args, int kind, const char *name) {
    BYTES_SELF(name);
    bool cased = false, prev = false;
    for (size_t i = 0; i < s->len; i++) {
        uint8_t c = s->data[i];
        bool up = c >= 'A' && c <= 'Z', lo = c >= 'a' && c <= 'z';
        if (kind == 0 && lo) return SK_FALSE; // isupper
        if (kind == 1 && up) return SK_FALSE; // islower
        if (kind == 2) {                      // istitle
            if ((up && prev) || (lo && !prev)) return SK_FALSE;
            prev = up || lo;
        }
        cased = cased || up || lo;
    }
    return sk_bool(cased);
}
static SkValue bytes_isupper(SkVM *vm, SkValue *a, int n, SkTuple *kw) {
    return bcased(vm, a, 0, "isupper");
}
static SkValue bytes_islower(SkVM *vm, SkValue *a, int n, SkTuple *kw) {
    return bcased(vm, a, 1, "islower");
}
static SkValue bytes_istitle(SkVM *vm, SkValue *a, int n, SkTuple *kw) {
    return bcased(vm, a, 2, "istitle");
}

static SkValue bytes_isascii(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    BYTES_SELF("isascii");
    for (size_t i = 0; i < s->len; i++)
        if (s->data[i] >= 0x80) return SK_FALSE;
    return SK_TRUE;
}

static SkValue bytes_splitlines(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames) {
    BYTES_SELF("splitlines");
    int keep = sk_lib_keepends(vm, args, nargs, kwnames);
    if (keep < 0) return SK_ERR;
    SkList *l = sk_list_new(vm, 0);
    if (!l) return SK_ERR;
    size_t i = 0, n = s->len;
    while (i < n) {
        size_t j = i;
        while (j < n && s->data[j] != '\n' && s->data[j] != '\r') j++;
        size_t after = j;
        if (j < n)
            after = (s->data[j] == '\r' && j + 1 < n && s->data[j + 1] == '\n') ? j + 2 : j + 1;
        if (!bpush(vm, l, s->data + i, (keep ? after : j) - i)) return SK_ERR;
        i = after;
    }
    return sk_obj(l);
}

static SkValue bpartition(SkVM *vm, SkValue *args, bool reverse) {
    BYTES_SELF(reverse ? "rpartition" : "partition");
    SkBytes *sep = need_bytes(vm, args[1]);
    if (!sep) return SK_ERR;
    if (sep->len == 0) return sk_raise(vm, vm->exc.ValueError, "empty separator");
    int64_t r = sk_lib_find(s->data, 0, s->len, sep->data, sep->len, reverse);
    if (r < 0) {
        SkBytes *empty = sk_bytes_new(vm, NULL, 0);
        return empty ? sk_lib_partition_miss(vm, sk_obj(s), sk_obj(empty), reverse) : SK_ERR;
    }
    SkBytes *a = sk_bytes_new(vm, s->data, (size_t)r);
    SkBytes *b = sk_bytes_new(vm, s->data + r + sep->len, s->len - (size_t)r - sep->len);
    if (!a || !b) return SK_ERR;
    return sk_lib_tuple3(vm, sk_obj(a), sk_obj(sep), sk_obj(b));
}
static SkValue bytes_partition(SkVM *vm, SkValue *a, int n, SkTuple *kw) {
    return bpartition(vm, a, false);
}
static SkValue bytes_rpartition(SkVM *vm, SkValue *a, int n, SkTuple *kw) {
    return bpartition(vm, a, true);
}

static SkValue bytes_rsplit(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames) {
    BYTES_SELF("rsplit");
    static const char *const names[] = {"sep", "maxsplit"};
    SkValue a[2];
    if (!sk_bind_args(vm, "rsplit", args + 1, nargs - 1, kwnames, names, 2, 0, a)) return SK_ERR;
    int64_t maxsplit = -1;
    if (!SK_IS_UNDEF(a[1]) && !sk_index(vm, a[1], &maxsplit)) return SK_ERR;
    if (maxsplit < 0) maxsplit = INT64_MAX;
    SkList *l = sk_list_new(vm, 0);
    if (!l) return SK_ERR;
    size_t b = s->len;
    if (!SK_IS_UNDEF(a[0]) && !SK_IS_NONE(a[0])) {
        SkBytes *sep = need_bytes(vm, a[0]);
        if (!sep) return SK_ERR;
        if (sep->len == 0) return sk_raise(vm, vm->exc.ValueError, "empty separator");
        while (maxsplit-- > 0) {
            int64_t r = sk_lib_find(s->data, 0, b, sep->data, sep->len, true);
            if (r < 0) break;
            if (!bpush(vm, l, s->data + r + sep->len, b - (size_t)r - sep->len)) return SK_ERR;
            b = (size_t)r;
        }
        if (!bpush(vm, l, s->data, b)) return SK_ERR;
    } else {
        while (b > 0) {
            while (b > 0 && bspace(s->data[b - 1])) b--;
            if (b == 0) break;
            if (maxsplit-- <= 0) {
                if (!bpush(vm, l, s->data, b)) return SK_ERR;
                break;
            }
            size_t st = b;
            while (st > 0 && !bspace(s->data[st - 1])) st--;
            if (!bpush(vm, l, s->data + st, b - st)) return SK_ERR;
            b = st;
        }
    }
    sk_lib_reverse(l->items, l->len); // collected right to left
    return sk_obj(l);
}

static SkValue baffix(SkVM *vm, SkValue *args, bool suffix) {
    BYTES_SELF(suffix ? "removesuffix" : "removeprefix");
    SkBytes *x = need_bytes(vm, args[1]);
    if (!x) return SK_ERR;
    if (x->len == 0 || x->len > s->len) return sk_obj(s);
    const uint8_t *at = suffix ? s->data + s->len - x->len : s->data;
    if (memcmp(at, x->data, x->len) != 0) return sk_obj(s);
    return bret(sk_bytes_new(vm, suffix ? s->data : s->data + x->len, s->len - x->len));
}
static SkValue bytes_removeprefix(SkVM *vm, SkValue *a, int n, SkTuple *kw) {
    return baffix(vm, a, false);
}
static SkValue bytes_removesuffix(SkVM *vm, SkValue *a, int n, SkTuple *kw) {
    return baffix(vm, a, true);
}

// 0 ljust, 1 rjust, 2 center, 3 zfill.
static SkValue bjustify(SkVM *vm, SkValue *args, int nargs, int how, const char *name) {
    BYTES_SELF(name);
    int64_t width;
    if (!sk_index(vm, args[1], &width)) return SK_ERR;
    uint8_t fill = how == 3 ? '0' : ' ';
    if (nargs > 2) {
        SkValue p = sk_payload(args[2]);
        if (!SK_IS_KIND(p, SK_BYTES) || SK_AS_BYTES(p)->len != 1)
            return sk_raise(vm, vm->exc.TypeError,
                            "%s() argument 2 must be a byte string of length 1, not %s", name,
                            sk_type_name(vm, args[2]));
        fill = SK_AS_BYTES(p)->data[0];
    }
    int64_t extra = width - (int64_t)s->len;
    if (extra <= 0) return sk_obj(s);
    if (extra > ((int64_t)1 << 40)) return sk_raise_nomem(vm);
    int64_t left = how == 0 ? 0 : how == 2 ? extra / 2 + (extra & width & 1) : extra;
    SkBytes *r = sk_bytes_new(vm, NULL, (size_t)width);
    if (!r) return SK_ERR;
    memset(r->data, fill, (size_t)width);
    memcpy(r->data + left, s->data, s->len);
    if (how == 3 && s->len && (s->data[0] == '+' || s->data[0] == '-')) {
        r->data[0] = s->data[0];
        r->data[left] = '0';
    }
    return sk_obj(r);
}
static SkValue bytes_ljust(SkVM *vm, SkValue *a, int n, SkTuple *kw) {
    return bjustify(vm, a, n, 0, "ljust");
}
static SkValue bytes_rjust(SkVM *vm, SkValue *a, int n, SkTuple *kw) {
    return bjustify(vm, a, n, 1, "rjust");
}
static SkValue bytes_center(SkVM *vm, SkValue *a, int n, SkTuple *kw) {
    return bjustify(vm, a, n, 2, "center");
}
static SkValue bytes_zfill(SkVM *vm, SkValue *a, int n, SkTuple *kw) {
    return bjustify(vm, a, n, 3, "zfill");
}

SK_LIB_SEQ_DUNDERS(bytes, SK_BYTES, "bytes")
static SkValue bytes_add(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    BYTES_SELF("__add__");
    SkValue o = sk_payload(args[1]);
    if (!SK_IS_KIND(o, SK_BYTES))
        return sk_raise(vm, vm->exc.TypeError, "can't concat %s to bytes",
                        sk_type_name(vm, args[1]));
    return bret(sk_bytes_concat(vm, s, SK_AS_BYTES(o)));
}
static SkValue bytes_hash(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    BYTES_SELF("__hash__");
    return sk_int((int64_t)sk_bytes_hash(s));
}
static SkValue bytes_eq(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    BYTES_SELF("__eq__");
    SkValue o = sk_payload(args[1]);
    if (!SK_IS_KIND(o, SK_BYTES)) return vm->not_implemented;
    SkBytes *b = SK_AS_BYTES(o);
    return sk_bool(b->len == s->len && memcmp(b->data, s->data, s->len) == 0);
}

static const SkMethodDef bytes_methods[] = {
    {"decode", bytes_decode, 1, 3, true},
    {"hex", bytes_hex, 1, 3, true},
    {"split", bytes_split, 1, 3, true},
    {"join", bytes_join, 2, 2, false},
    {"strip", bytes_strip, 1, 2, false},
    {"lstrip", bytes_lstrip, 1, 2, false},
    {"rstrip", bytes_rstrip, 1, 2, false},
    {"replace", bytes_replace, 3, 4, false},
    {"find", bytes_find, 2, 4, false},
    {"rfind", bytes_rfind, 2, 4, false},
    {"index", bytes_index, 2, 4, false},
    {"rindex", bytes_rindex, 2, 4, false},
    {"count", bytes_count, 2, 4, false},
    {"startswith", bytes_startswith, 2, 4, false},
    {"endswith", bytes_endswith, 2, 4, false},
    {"upper", bytes_upper, 1, 1, false},
    {"lower", bytes_lower, 1, 1, false},
    {"swapcase", bytes_swapcase, 1, 1, false},
    {"title", bytes_title, 1, 1, false},
    {"capitalize", bytes_capitalize, 1, 1, false},
    {"isdigit", bytes_isdigit, 1, 1, false},
    {"isalpha", bytes_isalpha, 1, 1, false},
    {"isspace", bytes_isspace, 1, 1, false},
    {"isalnum", bytes_isalnum, 1, 1, false},
    {"isupper", bytes_isupper, 1, 1, false},
    {"islower", bytes_islower, 1, 1, false},
    {"istitle", bytes_istitle, 1, 1, false},
    {"isascii", bytes_isascii, 1, 1, false},
    {"splitlines", bytes_splitlines, 1, 2, true},
    {"partition", bytes_partition, 2, 2, false},
    {"rpartition", bytes_rpartition, 2, 2, false},
    {"rsplit", bytes_rsplit, 1, 3, true},
    {"removeprefix", bytes_removeprefix, 2, 2, false},
    {"removesuffix", bytes_removesuffix, 2, 2, false},
    {"ljust", bytes_ljust, 2, 3, false},
    {"rjust", bytes_rjust, 2, 3, false},
    {"center", bytes_center, 2, 3, false},
    {"zfill", bytes_zfill, 2, 2, false},
    {"__len__", bytes_len, 1, 1, false},
    {"__getitem__", bytes_getitem, 2, 2, false},
    {"__contains__", bytes_contains, 2, 2, false},
    {"__iter__", bytes_iter, 1, 1, false},
    {"__add__", bytes_add, 2, 2, false},
    {"__hash__", bytes_hash, 1, 1, false},
    {"__eq__", bytes_eq, 2, 2, false},
};

void sk_init_bytes_methods(SkVM *vm) {
    SkClass *cls = vm->t.bytes;
    if (!cls) return;
    SK_LIB_DEFINE_TABLE(vm, cls, bytes_methods);
    sk_lib_define_wrapped(vm, cls, "fromhex", bytes_fromhex, 2, 2, false, 2);
}
