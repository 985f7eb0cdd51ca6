// stdlib/mod_struct.c -- `_struct`, the C half of the struct module: pack, unpack, unpack_from,
// pack_into, iter_unpack and calcsize (Struct and error are in stdlib/struct.sk),
// with CPython's format language:
// byte order @ = < > !, repeat counts, x c b B ? h H i I l L q Q n N e f d
// s p P, native sizes and alignment for '@', standard sizes otherwise, and
// CPython's error messages (struct.error).
#include "stdlib/modlib.h"
#include "vm/classes/class.h"
#include "vm/classes/class_create.h"
#include "vm/classes/error.h"
#include "vm/exec/call.h"
#include "vm/objects/bigint.h"
#include "vm/objects/bytearray.h"
#include "vm/objects/bytes.h"
#include "vm/objects/dict.h"
#include "vm/objects/list.h"
#include "vm/objects/methods.h"
#include "vm/objects/str.h"
#include "vm/objects/tuple.h"
#include "vm/ops/compare.h"
#include "vm/ops/item.h"
#include <math.h>
#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

#define NATIVE(name) static SkValue name(SkVM *vm, SkValue *args, int nargs, SkTuple *kw)

typedef struct Item {
    char code;
    int64_t count; // repeat count (for s/p: the length)
    size_t size, offset;
} Item;

typedef struct Layout {
    bool native, little;
    size_t size;
    int64_t nvalues;
    Item *items;
    size_t nitems;
} Layout;

static SkValue struct_error(SkVM *vm, const char *fmt, ...) SK_PRINTF(2, 3);
static SkValue struct_error(SkVM *vm, const char *fmt, ...) {
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    SkStr *sn = sk_str_intern_cstr(vm, "struct"), *en = sk_str_intern_cstr(vm, "error");
    SkValue mod = sn ? sk_dict_get_str(vm->modules, sn) : SK_UNDEF;
    SkValue cls =
        SK_IS_KIND(mod, SK_MODULE) && en ? sk_dict_get_str(SK_AS_MODULE(mod)->dict, en) : SK_UNDEF;
    if (!SK_IS_KIND(cls, SK_CLASS)) return sk_raise(vm, vm->exc.ValueError, "%s", msg);
    return sk_raise(vm, SK_AS_CLASS(cls), "%s", msg);
}

// Size and alignment of a code: native ('@') or standard.
static bool code_size(char c, bool native, size_t *size, size_t *align) {
    switch (c) {
    case 'x':
    case 'c':
    case 'b':
    case 'B':
    case '?':
    case 's':
    case 'p': *size = *align = 1; return true;
    case 'h':
    case 'H':
    case 'e': *size = *align = 2; return true;
    case 'i':
    case 'I':
    case 'f': *size = *align = 4; return true;
    case 'l':
    case 'L': *size = *align = native ? sizeof(long) : 4; return true;
    case 'q':
    case 'Q':
    case 'd': *size = *align = 8; return true;
    case 'n':
    case 'N':
    case 'P':
        if (!native) return false;
        *size = *align = sizeof(size_t);
        return true;
    default: return false;
    }
}

static void layout_free(Layout *l) { free(l->items); }

static bool parse(SkVM *vm, SkValue fmtv, Layout *l) {
    memset(l, 0, sizeof *l);
    const char *f;
    size_t n;
    if (SK_IS_STR(fmtv)) {
        f = SK_AS_STR(fmtv)->data;
        n = SK_AS_STR(fmtv)->len;
    } else if (SK_IS_KIND(fmtv, SK_BYTES)) {
        f = (const char *)SK_AS_BYTES(fmtv)->data;
        n = SK_AS_BYTES(fmtv)->len;
    } else {
        sk_raise(vm, vm->exc.TypeError, "Struct() argument 1 must be a str or bytes object, not %T",
                 fmtv);
        return false;
    }
    size_t i = 0;
    l->native = true;
    l->little = true; // the machines Skein runs on
    if (n && strchr("@=<>!", f[0])) {
        char o = f[i++];
        l->native = o == '@';
        l->little = o == '<' || ((o == '@' || o == '=') && 1);
        if (o == '>' || o == '!') l->little = false;
    }
    size_t cap = 8;
    l->items = malloc(cap * sizeof(Item));
    if (!l->items) return !SK_IS_ERR(sk_raise_nomem(vm));
    size_t off = 0;
    while (i < n) {
        char c = f[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
            i++;
            continue;
        }
        int64_t count = 1;
        bool has_count = false;
        if (c >= '0' && c <= '9') {
            count = 0;
            has_count = true;
            while (i < n && f[i] >= '0' && f[i] <= '9') {
                if (count > ((int64_t)1 << 40)) {
                    layout_free(l);
                    struct_error(vm, "total struct size too long");
                    return false;
                }
                count = count * 10 + (f[i++] - '0');
            }
            if (i >= n) {
                layout_free(l);
                struct_error(vm, "repeat count given without format specifier");
                return false;
            }
            c = f[i];
        }
        i++;
        size_t size, align;
        if (!code_size(c, l->native, &size, &align)) {
            layout_free(l);
            struct_error(vm, "bad char in struct format");
            return false;
        }
        (void)has_count;
        if (l->native && align > 1) off = (off + align - 1) / align * align;
        if (l->nitems == cap) {
            cap *= 2;
            Item *ni = realloc(l->items, cap * sizeof(Item));
            if (!ni) {
                layout_free(l);
                return !SK_IS_ERR(sk_raise_nomem(vm));
            }
            l->items = ni;
        }
        Item *it = &l->items[l->nitems++];
        it->code = c;
        it->count = count;
        it->size = size;
        it->offset = off;
        if (c == 's' || c == 'p') {
            off += (size_t)count;
            l->nvalues += 1;
        } else {
            off += size * (size_t)count;
            if (c != 'x') l->nvalues += count;
        }
    }
    l->size = off;
    return true;
}

static void put_uint(uint8_t *p, uint64_t v, size_t size, bool little) {
    for (size_t k = 0; k < size; k++) {
        uint8_t b = (uint8_t)(v >> (8 * k));
        p[little ? k : size - 1 - k] = b;
    }
}

static uint64_t get_uint(const uint8_t *p, size_t size, bool little) {
    uint64_t v = 0;
    for (size_t k = 0; k < size; k++) v |= (uint64_t)p[little ? k : size - 1 - k] << (8 * k);
    return v;
}

// An integer argument in range for a code; false + struct.error.
static bool int_arg(SkVM *vm, SkValue v, char code, size_t size, bool native, uint64_t *out) {
    bool is_unsigned = code == 'B' || code == 'H' || code == 'I' || code == 'L' || code == 'Q' ||
                       code == 'N' || code == 'P';
    if (!sk_is_integer(v) && !SK_IS_KIND(v, SK_INSTANCE)) {
        struct_error(vm, "required argument is not an integer");
        return false;
    }
    SkValue iv = sk_mod_to_intval(vm, v);
    if (SK_IS_ERR(iv)) {
        sk_clear_exc(vm);
        struct_error(vm, "required argument is not an integer");
        return false;
    }
    if (sk_is_bigint(iv) || (is_unsigned && SK_AS_INT(iv) < 0) ||
        (!is_unsigned && size < 8 &&
         (SK_AS_INT(iv) < -((int64_t)1 << (8 * size - 1)) ||
          SK_AS_INT(iv) >= ((int64_t)1 << (8 * size - 1)))) ||
        (is_unsigned && size < 8 && SK_AS_INT(iv) >= ((int64_t)1 << (8 * size)))) {
        if (sk_is_bigint(iv) && is_unsigned && size == 8 && sk_int_sign(iv) > 0 &&
            sk_int_bit_length(iv) <= 64) {
            SkValue t = sk_int_to_bytes(vm, iv, 8, false, false);
            if (SK_IS_ERR(t)) return false;
            *out = get_uint(SK_AS_BYTES(t)->data, 8, false);
            return true;
        }
        // CPython's words: native byte/short codes have names, 64-bit codes and
        // negative values for unsigned codes are "out of range", the rest show the range.
        static const char *const named[] = {"b", "byte", "B", "ubyte", "h", "short", "H", "ushort"};
        int bits = (int)(8 * size);
        for (size_t k = 0; native && k < 8; k += 2)
            if (named[k][0] == code) {
                if (is_unsigned)
                    struct_error(vm, "%s format requires 0 <= number <= %llu", named[k + 1],
                                 (unsigned long long)((1ULL << bits) - 1));
                else
                    struct_error(vm, "%s format requires %lld <= number <= %lld", named[k + 1],
                                 -(1LL << (bits - 1)), (1LL << (bits - 1)) - 1);
                return false;
            }
        if (bits == 64 || (is_unsigned && sk_int_sign(iv) < 0))
            struct_error(vm, "argument out of range");
        else if (is_unsigned)
            struct_error(vm, "'%c' format requires 0 <= number <= %llu", code,
                         (unsigned long long)((1ULL << bits) - 1));
        else
            struct_error(vm, "'%c' format requires %lld <= number <= %lld", code,
                         -(1LL << (bits - 1)), (1LL << (bits - 1)) - 1);
        return false;
    }
    *out = (uint64_t)SK_AS_INT(iv);
    return true;
}

static SkValue pack_into_buf(SkVM *vm, const Layout *l, SkValue *vals, int nvals, uint8_t *buf) {
    if ((int64_t)nvals != l->nvalues)
        return struct_error(vm, "pack expected %lld items for packing (got %d)",
                            (long long)l->nvalues, nvals);
    int vi = 0;
    for (size_t k = 0; k < l->nitems; k++) {
        const Item *it = &l->items[k];
        uint8_t *p = buf + it->offset;
        if (it->code == 'x') continue;
        if (it->code == 's' || it->code == 'p') {
            SkValue v = vals[vi++];
            const uint8_t *d;
            size_t dn;
            if (!sk_bytes_like(v, &d, &dn))
                return struct_error(vm, "argument for '%c' must be a bytes object", it->code);
            size_t room = (size_t)it->count;
            if (it->code == 'p') {
                if (room == 0) continue;
                size_t take = dn < room - 1 ? dn : room - 1;
                if (take > 255) take = 255;
                p[0] = (uint8_t)take;
                memcpy(p + 1, d, take);
            } else {
                memcpy(p, d, dn < room ? dn : room);
            }
            continue;
        }
        for (int64_t c = 0; c < it->count; c++, p += it->size) {
            SkValue v = vals[vi++];
            switch (it->code) {
            case 'c': {
                const uint8_t *d;
                size_t dn;
                if (!sk_bytes_like(v, &d, &dn) || dn != 1)
                    return struct_error(vm, "char format requires a bytes object of length 1");
                p[0] = d[0];
                break;
            }
            case '?': {
                int t = sk_truthy(vm, v);
                if (t < 0) return SK_ERR;
                p[0] = (uint8_t)t;
                break;
            }
            case 'f':
            case 'd':
            case 'e': {
                double x;
                if (!sk_mod_to_double(vm, v, &x)) {
                    sk_clear_exc(vm);
                    return struct_error(vm, "required argument is not a float");
                }
                if (it->code == 'd') {
                    uint64_t u;
                    memcpy(&u, &x, 8);
                    put_uint(p, u, 8, l->little);
                } else if (it->code == 'f') {
                    float fl = (float)x;
                    if (isinf(fl) && !isinf(x))
                        return sk_raise(vm, vm->exc.OverflowError,
                                        "float too large to pack with f format");
                    uint32_t u;
                    memcpy(&u, &fl, 4);
                    put_uint(p, u, 4, l->little);
                } else {
                    return struct_error(vm, "the 'e' format (half floats) is not supported");
                }
                break;
            }
            default: {
                uint64_t u;
                if (!int_arg(vm, v, it->code, it->size, l->native, &u)) return SK_ERR;
                put_uint(p, u, it->size, l->little);
                break;
            }
            }
        }
    }
    return SK_NONE;
}

static SkValue unpack_buf(SkVM *vm, const Layout *l, const uint8_t *buf) {
    SkTuple *t = sk_tuple_new(vm, (size_t)l->nvalues);
    if (!t) return SK_ERR;
    size_t vi = 0;
    for (size_t k = 0; k < l->nitems; k++) {
        const Item *it = &l->items[k];
        const uint8_t *p = buf + it->offset;
        if (it->code == 'x') continue;
        if (it->code == 's' || it->code == 'p') {
            size_t len = (size_t)it->count;
            const uint8_t *d = p;
            if (it->code == 'p' && len) {
                size_t n = p[0] < len - 1 ? p[0] : len - 1;
                d = p + 1;
                len = n;
            } else if (it->code == 'p') {
                len = 0;
            }
            SkBytes *b = sk_bytes_new(vm, d, len);
            if (!b) return SK_ERR;
            t->items[vi++] = sk_obj(b);
            continue;
        }
        for (int64_t c = 0; c < it->count; c++, p += it->size) {
            SkValue v;
            uint64_t u = get_uint(p, it->size, l->little);
            switch (it->code) {
            case 'c': {
                SkBytes *b = sk_bytes_new(vm, p, 1);
                if (!b) return SK_ERR;
                v = sk_obj(b);
                break;
            }
            case '?': v = sk_bool(p[0] != 0); break;
            case 'f': {
                uint32_t w = (uint32_t)u;
                float fl;
                memcpy(&fl, &w, 4);
                v = sk_float(fl);
                break;
            }
            case 'd': {
                double x;
                memcpy(&x, &u, 8);
                v = sk_float(x);
                break;
            }
            case 'b':
            case 'h':
            case 'i':
            case 'l':
            case 'q':
            case 'n': {
                int bits = (int)(8 * it->size);
                int64_t s = bits == 64 ? (int64_t)u : (int64_t)(u << (64 - bits)) >> (64 - bits);
                v = sk_int(s);
                break;
            }
            default: // unsigned
                if (u > (uint64_t)INT64_MAX) {
                    uint8_t be[8];
                    put_uint(be, u, 8, false);
                    v = sk_int_from_bytes(vm, be, 8, true, false);
                    if (SK_IS_ERR(v)) return SK_ERR;
                } else {
                    v = sk_int((int64_t)u);
                }
                break;
            }
            t->items[vi++] = v;
        }
    }
    return sk_obj(t);
}

NATIVE(st_calcsize) {
    Layout l;
    if (!parse(vm, args[0], &l)) return SK_ERR;
    size_t n = l.size;
    layout_free(&l);
    return sk_int((int64_t)n);
}

NATIVE(st_pack) {
    Layout l;
    if (!parse(vm, args[0], &l)) return SK_ERR;
    SkBytes *b = sk_bytes_new(vm, NULL, l.size);
    SkValue r = b ? pack_into_buf(vm, &l, args + 1, nargs - 1, b->data) : SK_ERR;
    layout_free(&l);
    return SK_IS_ERR(r) ? SK_ERR : sk_obj(b);
}

NATIVE(st_pack_into) {
    if (nargs < 3) return sk_raise(vm, vm->exc.TypeError, "pack_into expected buffer argument");
    Layout l;
    if (!parse(vm, args[0], &l)) return SK_ERR;
    SkValue r = SK_ERR;
    int64_t off;
    if (!SK_IS_KIND(args[1], SK_BYTEARRAY)) {
        sk_raise(vm, vm->exc.TypeError, "argument must be read-write bytes-like object, not %T",
                 args[1]);
    } else if (sk_mod_to_int(vm, args[2], &off)) {
        SkByteArray *ba = SK_AS_BYTEARRAY(args[1]);
        if (off < 0) off += (int64_t)ba->len;
        if (off < 0 || (size_t)off + l.size > ba->len)
            r = struct_error(vm,
                             "pack_into requires a buffer of at least %zu bytes for packing "
                             "%zu bytes at offset %lld (actual buffer size is %zu)",
                             (size_t)off + l.size, l.size, (long long)off, ba->len);
        else
            r = pack_into_buf(vm, &l, args + 3, nargs - 3, ba->data + off);
    }
    layout_free(&l);
    return r;
}

static SkValue unpack_common(SkVM *vm, SkValue fmt, SkValue buf, int64_t off, bool from) {
    Layout l;
    if (!parse(vm, fmt, &l)) return SK_ERR;
    const uint8_t *d;
    size_t n;
    SkValue r;
    if (!sk_bytes_like(buf, &d, &n)) {
        r = sk_raise(vm, vm->exc.TypeError, "a bytes-like object is required, not '%T'", buf);
    } else if (!from && n != l.size) {
        r = struct_error(vm, "unpack requires a buffer of %zu bytes", l.size);
    } else {
        if (off < 0) off += (int64_t)n;
        if (from && (off < 0 || (size_t)off + l.size > n))
            r = struct_error(vm,
                             "unpack_from requires a buffer of at least %zu bytes for "
                             "unpacking %zu bytes at offset %lld (actual buffer size is %zu)",
                             (size_t)(off < 0 ? 0 : off) + l.size, l.size, (long long)off, n);
        else
            r = unpack_buf(vm, &l, d + off);
    }
    layout_free(&l);
    return r;
}

NATIVE(st_unpack) { return unpack_common(vm, args[0], args[1], 0, false); }

NATIVE(st_unpack_from) {
    static const char *const names[] = {"format", "buffer", "offset"};
    SkValue a[3];
    if (!sk_bind_args(vm, "unpack_from", args, nargs, kw, names, 3, 2, a)) return SK_ERR;
    int64_t off = 0;
    if (!SK_IS_UNDEF(a[2]) && !sk_mod_to_int(vm, a[2], &off)) return SK_ERR;
    return unpack_common(vm, a[0], a[1], off, true);
}

NATIVE(st_iter_unpack) {
    Layout l;
    if (!parse(vm, args[0], &l)) return SK_ERR;
    size_t size = l.size;
    const uint8_t *d;
    size_t n;
    SkValue r = SK_ERR;
    if (!sk_bytes_like(args[1], &d, &n)) {
        sk_raise(vm, vm->exc.TypeError, "a bytes-like object is required, not '%T'", args[1]);
    } else if (size == 0) {
        struct_error(vm, "cannot iteratively unpack with a struct of length 0");
    } else if (n % size) {
        struct_error(vm, "iterative unpacking requires a buffer of a multiple of %zu bytes", size);
    } else {
        SkList *out = sk_list_new(vm, n / size);
        bool ok = out != NULL;
        for (size_t at = 0; ok && at < n; at += size) {
            SkValue t = unpack_buf(vm, &l, d + at);
            ok = !SK_IS_ERR(t) && sk_list_append(vm, out, t);
        }
        r = ok ? sk_iter(vm, sk_obj(out)) : SK_ERR;
    }
    layout_free(&l);
    return r;
}

bool sk_mod_struct_init(SkVM *vm, SkModule *m) {
    SkDict *d = m->dict;
    return sk_define_native(vm, d, "calcsize", st_calcsize, 1, 1, false) &&
           sk_define_native(vm, d, "pack", st_pack, 1, -1, false) &&
           sk_define_native(vm, d, "pack_into", st_pack_into, 3, -1, false) &&
           sk_define_native(vm, d, "unpack", st_unpack, 2, 2, false) &&
           sk_define_native(vm, d, "unpack_from", st_unpack_from, 2, 3, true) &&
           sk_define_native(vm, d, "iter_unpack", st_iter_unpack, 2, 2, false);
}
