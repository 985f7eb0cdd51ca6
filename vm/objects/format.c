// vm/objects/format.c -- the three ways Python formats values into text:
//   sk_format        format(v, spec): the format-spec mini-language for int,
//                    bool, float and str, __format__ for user classes;
//   sk_str_mod       the printf-style `str % args` operator;
//   sk_lib_str_format str.format / format_map: fields, numbering,
//                    attribute/index access, conversions, nested specs.
// Floats go through snprintf with an explicit precision, which glibc
// rounds correctly, so results match CPython digit for digit; repr-style
// output (no precision) comes from sk_float_repr (vm/objects/number.c).
#include "vm/objects/format.h"
#include "vm/classes/class.h"
#include "vm/classes/error.h"
#include "vm/exec/call.h"
#include "vm/exec/import.h"
#include "vm/objects/bigint.h"
#include "vm/objects/bytes.h"
#include "vm/objects/complex.h"
#include "vm/objects/dict.h"
#include "vm/objects/methods.h"
#include "vm/objects/number.h"
#include "vm/objects/str.h"
#include "vm/objects/str_methods.h"
#include "vm/ops/item.h"
#include "vm/ops/repr.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

// --- the format-spec mini-language ---

typedef struct Spec {
    uint32_t fill;
    char align; // 0 (type default), '<', '>', '^', '='
    char sign;  // 0, '+', '-', ' '
    bool alt;   // '#'
    bool zero;  // '0' before the width
    bool fill_given;
    bool no_neg_zero; // 'z'
    int64_t width;    // -1 none
    char grouping;    // 0, ',', '_'
    int64_t prec;     // -1 none
    char type;        // 0 none
} Spec;

static const char *type_name_of(SkVM *vm, SkValue v) { return sk_type_name(vm, v); }

static bool parse_spec(SkVM *vm, SkStr *spec, SkValue v, Spec *out) {
    memset(out, 0, sizeof *out);
    out->fill = ' ';
    out->width = -1;
    out->prec = -1;
    const char *p = spec->data, *end = p + spec->len;
    if (p == end) return true;
    // [[fill]align]: the fill may be any character.
    size_t pos = 0;
    uint32_t first = sk_utf8_decode(spec->data, spec->len, &pos);
    if (pos < spec->len && strchr("<>=^", spec->data[pos]) && spec->data[pos]) {
        out->fill = first;
        out->fill_given = true;
        out->align = spec->data[pos];
        p = spec->data + pos + 1;
    } else if (strchr("<>=^", *p)) {
        out->align = *p++;
    }
    if (p < end && (*p == '+' || *p == '-' || *p == ' ')) out->sign = *p++;
    if (p < end && *p == 'z') {
        out->no_neg_zero = true;
        p++;
    }
    if (p < end && *p == '#') {
        out->alt = true;
        p++;
    }
    if (p < end && *p == '0') {
        out->zero = true;
        p++;
    }
    if (p < end && *p >= '0' && *p <= '9') {
        int64_t w = 0;
        while (p < end && *p >= '0' && *p <= '9') {
            w = w * 10 + (*p++ - '0');
            if (w > 1000000000) {
                sk_raise(vm, vm->exc.ValueError, "Too many decimal digits in format string");
                return false;
            }
        }
        out->width = w;
    }
    if (p < end && (*p == ',' || *p == '_')) {
        out->grouping = *p++;
        if (p < end && (*p == ',' || *p == '_')) {
            sk_raise(vm, vm->exc.ValueError, "Cannot specify both ',' and '_'.");
            return false;
        }
    }
    if (p < end && *p == '.') {
        p++;
        if (p >= end || *p < '0' || *p > '9') {
            sk_raise(vm, vm->exc.ValueError, "Format specifier missing precision");
            return false;
        }
        int64_t n = 0;
        while (p < end && *p >= '0' && *p <= '9') {
            n = n * 10 + (*p++ - '0');
            if (n > 1000000000) {
                sk_raise(vm, vm->exc.ValueError, "Too many decimal digits in format string");
                return false;
            }
        }
        out->prec = n;
    }
    if (end - p > 1) {
        sk_raise(vm, vm->exc.ValueError, "Invalid format specifier '%s' for object of type '%s'",
                 spec->data, type_name_of(vm, v));
        return false;
    }
    if (p < end) out->type = *p;
    if (out->zero && !out->fill_given) {
        out->fill = '0';
    }
    return true;
}

static SkValue unknown_code(SkVM *vm, char type, SkValue v) {
    if ((unsigned char)type > 32 && (unsigned char)type < 128)
        return sk_raise(vm, vm->exc.ValueError, "Unknown format code '%c' for object of type '%s'",
                        type, type_name_of(vm, v));
    return sk_raise(vm, vm->exc.ValueError, "Unknown format code '\\x%x' for object of type '%s'",
                    (unsigned)(unsigned char)type, type_name_of(vm, v));
}

static bool put_fill(SkVM *vm, SkBuf *b, uint32_t fill, int64_t n) {
    if (n > ((int64_t)1 << 40)) {
        sk_raise_nomem(vm);
        return false;
    }
    char f[4];
    int fl = sk_utf8_encode(fill, f);
    for (int64_t i = 0; i < n; i++)
        if (!sk_buf_append(vm, b, f, (size_t)fl)) return false;
    return true;
}

static size_t count_cps(const char *s, size_t len) {
    size_t n = 0;
    for (size_t i = 0; i < len; i++) n += ((uint8_t)s[i] & 0xC0) != 0x80;
    return n;
}

// Lay out body (already with sign/prefix) in the field: align, fill.
// `split` is the byte length of the sign+prefix part for '=' alignment.
static SkStr *layout(SkVM *vm, const Spec *sp, const char *body, size_t len, size_t split,
                     char default_align) {
    char align = sp->align ? sp->align : default_align;
    int64_t nch = (int64_t)count_cps(body, len);
    int64_t pad = sp->width > nch ? sp->width - nch : 0;
    if (pad == 0) return sk_str_new(vm, body, len);
    SkBuf b;
    sk_buf_init(&b);
    int64_t left = 0, right = 0;
    switch (align) {
    case '<': right = pad; break;
    case '^':
        left = pad / 2;
        right = pad - left;
        break;
    case '=': left = pad; break;
    default: left = pad; break;
    }
    bool ok;
    if (align == '=') {
        ok = sk_buf_append(vm, &b, body, split) && put_fill(vm, &b, sp->fill, left) &&
             sk_buf_append(vm, &b, body + split, len - split);
    } else {
        ok = put_fill(vm, &b, sp->fill, left) && sk_buf_append(vm, &b, body, len) &&
             put_fill(vm, &b, sp->fill, right);
    }
    if (!ok) {
        sk_buf_free(&b);
        return NULL;
    }
    return sk_buf_finish(vm, &b);
}

// Insert a separator every `every` digits of digits[0..n); pad with leading
// zeros up to min_width characters when zero-padding (CPython's behaviour).
static bool group_digits(SkVM *vm, SkBuf *b, const char *digits, size_t n, char sep, int every,
                         int64_t min_width) {
    size_t nd = n;
    if (sep) {
        while ((int64_t)(nd + (nd - 1) / (size_t)every) < min_width) nd++;
    } else if ((int64_t)nd < min_width) {
        nd = (size_t)min_width;
    }
    for (size_t i = 0; i < nd; i++) {
        size_t from_right = nd - i; // digits left including this one
        char c = i < nd - n ? '0' : digits[i - (nd - n)];
        if (!sk_buf_appendc(vm, b, c)) return false;
        if (sep && from_right > 1 && (from_right - 1) % (size_t)every == 0)
            if (!sk_buf_appendc(vm, b, sep)) return false;
    }
    return true;
}

// Assemble sign + prefix + grouped digits + rest, then align.
static SkStr *finish_number(SkVM *vm, const Spec *sp, bool negative, const char *prefix,
                            const char *digits, size_t ndigits, const char *rest, int every) {
    char signc = negative ? '-' : sp->sign == '+' ? '+' : sp->sign == ' ' ? ' ' : 0;
    SkBuf b;
    sk_buf_init(&b);
    if (signc && !sk_buf_appendc(vm, &b, signc)) goto fail;
    if (prefix && !sk_buf_append(vm, &b, prefix, strlen(prefix))) goto fail;
    size_t split = b.len;
    char align = sp->align ? sp->align : (sp->zero ? '=' : '>');
    int64_t min_width = 0;
    if (sp->fill == '0' && align == '=' && sp->width > 0) {
        min_width = sp->width - (int64_t)split - (int64_t)count_cps(rest, strlen(rest));
    }
    if (!group_digits(vm, &b, digits, ndigits, sp->grouping, every, min_width)) goto fail;
    if (!sk_buf_append(vm, &b, rest, strlen(rest))) goto fail;
    Spec s2 = *sp;
    s2.align = align;
    SkStr *r = layout(vm, &s2, b.data ? b.data : "", b.len, split, '>');
    sk_buf_free(&b);
    return r;
fail:
    sk_buf_free(&b);
    return NULL;
}

static SkStr *format_float_spec(SkVM *vm, double x, const Spec *sp, SkValue orig);

// The digits of |v| in base: in small (72 bytes) for an immediate, else
// malloc'd (the caller frees what is not small). NULL with an exception.
static char *int_digits(SkVM *vm, SkValue v, int base, bool upper, char *small, size_t *n) {
    char *d;
    if (SK_IS_OBJ(v)) {
        if (!(d = sk_int_digits(vm, v, base, n))) return NULL;
    } else {
        int64_t i = v.as.i;
        uint64_t u = i < 0 ? (uint64_t)0 - (uint64_t)i : (uint64_t)i;
        char tmp[72];
        size_t k = 0;
        do {
            tmp[k++] = "0123456789abcdefghijklmnopqrstuvwxyz"[u % (uint64_t)base];
            u /= (uint64_t)base;
        } while (u);
        for (size_t j = 0; j < k; j++) small[j] = tmp[k - 1 - j];
        *n = k;
        d = small;
    }
    if (upper)
        for (size_t j = 0; j < *n; j++)
            if (d[j] >= 'a') d[j] = (char)(d[j] - 32);
    return d;
}

static SkStr *format_int_spec(SkVM *vm, SkValue iv, const Spec *sp, SkValue orig) {
    char type = sp->type ? sp->type : 'd';
    double x;
    switch (type) {
    case 'e':
    case 'E':
    case 'f':
    case 'F':
    case 'g':
    case 'G':
    case '%': return sk_int_to_double(vm, iv, &x) ? format_float_spec(vm, x, sp, orig) : NULL;
    case 'd':
    case 'n':
    case 'b':
    case 'o':
    case 'x':
    case 'X':
    case 'c': break;
    default: unknown_code(vm, type, orig); return NULL;
    }
    if (sp->prec >= 0) {
        sk_raise(vm, vm->exc.ValueError, "Precision not allowed in integer format specifier");
        return NULL;
    }
    if (type == 'c') {
        if (sp->sign) {
            sk_raise(vm, vm->exc.ValueError, "Sign not allowed with integer format specifier 'c'");
            return NULL;
        }
        if (sp->alt) {
            sk_raise(vm, vm->exc.ValueError,
                     "Alternate form (#) not allowed with integer format specifier 'c'");
            return NULL;
        }
    }
    if (sp->grouping && (type == 'n' || type == 'c' || (sp->grouping == ',' && type != 'd'))) {
        sk_raise(vm, vm->exc.ValueError, "Cannot specify '%c' with '%c'.", sp->grouping, type);
        return NULL;
    }
    if (type == 'c') {
        if (SK_IS_OBJ(iv) || iv.as.i < 0 || iv.as.i >= 0x110000) {
            sk_raise(vm, vm->exc.OverflowError, "%%c arg not in range(0x110000)");
            return NULL;
        }
        char buf[4];
        int n = sk_utf8_encode((uint32_t)iv.as.i, buf);
        return layout(vm, sp, buf, (size_t)n, 0, '>');
    }
    int base = type == 'b' ? 2 : type == 'o' ? 8 : (type == 'x' || type == 'X') ? 16 : 10;
    char small[72];
    size_t n;
    char *digits = int_digits(vm, iv, base, type == 'X', small, &n);
    if (!digits) return NULL;
    const char *prefix = NULL;
    if (sp->alt) {
        prefix = base == 2     ? "0b"
                 : base == 8   ? "0o"
                 : type == 'X' ? "0X"
                 : base == 16  ? "0x"
                               : NULL;
    }
    SkStr *r =
        finish_number(vm, sp, sk_int_sign(iv) < 0, prefix, digits, n, "", base == 10 ? 3 : 4);
    if (digits != small) free(digits);
    return r;
}

// snprintf into a fresh malloc'd buffer.
static char *fmt_double(const char *fmt, int prec, double x) {
    int n = snprintf(NULL, 0, fmt, prec, x);
    char *buf = malloc((size_t)n + 1);
    if (buf) snprintf(buf, (size_t)n + 1, fmt, prec, x);
    return buf;
}

static SkStr *format_float_spec(SkVM *vm, double x, const Spec *sp, SkValue orig) {
    char type = sp->type;
    switch (type) {
    case 0:
    case 'e':
    case 'E':
    case 'f':
    case 'F':
    case 'g':
    case 'G':
    case 'n':
    case '%': break;
    default: unknown_code(vm, type, orig); return NULL;
    }
    if (sp->grouping && type == 'n') {
        sk_raise(vm, vm->exc.ValueError, "Cannot specify '%c' with 'n'.", sp->grouping);
        return NULL;
    }
    bool neg = signbit(x) != 0;
    double ax = fabs(x);
    if (type == '%') ax *= 100.0;
    char *text = NULL;
    bool upper = type == 'E' || type == 'F' || type == 'G';
    if (isnan(ax) || isinf(ax)) {
        text = strdup(isnan(ax) ? (upper ? "NAN" : "nan") : (upper ? "INF" : "inf"));
        if (type == '%' && text) {
            char *t2 = malloc(strlen(text) + 2);
            if (t2) {
                strcpy(t2, text);
                strcat(t2, "%");
            }
            free(text);
            text = t2;
        }
    } else if (type == 0 && sp->prec < 0) {
        char buf[40];
        sk_float_repr(ax, buf);
        text = strdup(buf);
    } else {
        int prec = sp->prec < 0 ? 6 : (int)sp->prec;
        const char *f;
        char fb[8];
        switch (type) {
        case 'e':
        case 'E': f = "e"; break;
        case 'f':
        case 'F':
        case '%': f = "f"; break;
        default:
            f = "g";
            if (prec == 0) prec = 1;
            break;
        }
        snprintf(fb, sizeof fb, "%%%s.*%s", sp->alt ? "#" : "", f);
        if (type == 0) {
            // '' with a precision switches to exponent notation one digit
            // earlier than 'g' does (CPython's Py_DTSF_ADD_DOT_0 rule).
            char eb[64];
            snprintf(eb, sizeof eb, "%.*e", prec - 1, ax);
            int e = atoi(strchr(eb, 'e') + 1);
            if (e == prec - 1 && e >= 0) {
                snprintf(fb, sizeof fb, "%%%s.*e", sp->alt ? "#" : "");
                text = fmt_double(fb, prec - 1, ax);
                if (text && !sp->alt && strchr(text, '.')) {
                    // Drop trailing zeros of the mantissa, as 'g' does.
                    char *ep = strchr(text, 'e'), *q = ep;
                    while (q > text && q[-1] == '0') q--;
                    if (q > text && q[-1] == '.') q--;
                    memmove(q, ep, strlen(ep) + 1);
                }
            } else {
                text = fmt_double(fb, prec, ax);
            }
        } else {
            text = fmt_double(fb, prec, ax);
        }
        if (text && type == 0) {
            // '' with a precision: like 'g', but a fixed-point result keeps a '.0'.
            if (!strpbrk(text, ".e")) {
                char *t2 = malloc(strlen(text) + 3);
                if (t2) {
                    strcpy(t2, text);
                    strcat(t2, ".0");
                }
                free(text);
                text = t2;
            }
        }
        if (text && upper)
            for (char *c = text; *c; c++)
                if (*c == 'e') *c = 'E';
        if (text && type == '%') {
            char *t2 = malloc(strlen(text) + 2);
            if (t2) {
                strcpy(t2, text);
                strcat(t2, "%");
            }
            free(text);
            text = t2;
        }
    }
    if (!text) {
        sk_raise_nomem(vm);
        return NULL;
    }
    if (neg && sp->no_neg_zero) {
        // 'z': a result that rounds to zero loses its sign.
        bool allzero = true;
        for (char *c = text; *c && *c != 'e' && *c != 'E'; c++)
            if (*c >= '1' && *c <= '9') allzero = false;
        if (allzero) neg = false;
    }
    // Split integer digits from the rest (point, fraction, exponent, %).
    size_t nd = 0;
    while (text[nd] >= '0' && text[nd] <= '9') nd++;
    SkStr *r;
    if (nd == 0) { // inf / nan: no grouping, no zero padding by '='
        r = finish_number(vm, sp, neg, NULL, "", 0, text, 3);
    } else {
        r = finish_number(vm, sp, neg, NULL, text, nd, text + nd, 3);
    }
    free(text);
    return r;
}

static SkStr *format_str_spec(SkVM *vm, SkStr *s, const Spec *sp, SkValue orig) {
    if (sp->type && sp->type != 's') {
        unknown_code(vm, sp->type, orig);
        return NULL;
    }
    if (sp->sign) {
        sk_raise(vm, vm->exc.ValueError, "Sign not allowed in string format specifier");
        return NULL;
    }
    if (sp->alt) {
        sk_raise(vm, vm->exc.ValueError,
                 "Alternate form (#) not allowed in string format specifier");
        return NULL;
    }
    if (sp->align == '=') {
        sk_raise(vm, vm->exc.ValueError, "'=' alignment not allowed in string format specifier");
        return NULL;
    }
    if (sp->grouping) {
        sk_raise(vm, vm->exc.ValueError, "Cannot specify '%c' with 's'.", sp->grouping);
        return NULL;
    }
    size_t len = s->len;
    if (sp->prec >= 0 && (size_t)sp->prec < s->nchars) len = sk_str_offset(s, (size_t)sp->prec);
    if (sp->width < 0 || (int64_t)s->nchars >= sp->width) {
        if (len == s->len) return s;
        return sk_str_new(vm, s->data, len);
    }
    return layout(vm, sp, s->data, len, 0, '<');
}

SkStr *sk_format(SkVM *vm, SkValue v, SkStr *spec) {
    // Fast paths: the common `{}` / f"{x}" with no spec.
    if (spec->len == 0) {
        if (SK_IS_STR(v)) return SK_AS_STR(v);
        if (!SK_IS_OBJ(v) || SK_OBJ_KIND(v) != SK_INSTANCE) return sk_str_of(vm, v);
    }
    SkValue p = v;
    if (SK_IS_KIND(v, SK_INSTANCE)) {
        SkClass *cls = SK_AS_INSTANCE(v)->cls;
        SkValue f = sk_class_lookup(vm, cls, vm->names.format);
        bool builtin_fmt =
            SK_IS_KIND(f, SK_NATIVE) && SK_AS_NATIVE(f)->owner && SK_AS_NATIVE(f)->owner->builtin;
        if (!SK_IS_UNDEF(f) && !builtin_fmt) {
            SkValue r = sk_invoke_method(vm, v, vm->names.format, (SkValue[]){sk_obj(spec)}, 1);
            if (SK_IS_ERR(r)) return NULL;
            if (!SK_IS_STR(r)) {
                sk_raise(vm, vm->exc.TypeError, "__format__ must return a str, not %s",
                         sk_type_name(vm, r));
                return NULL;
            }
            return SK_AS_STR(r);
        }
        p = sk_payload(v);
        if (spec->len == 0) return sk_str_of(vm, v);
    }
    Spec sp;
    switch (p.tag) {
    case SK_T_BOOL:
    case SK_T_INT:
        if (!parse_spec(vm, spec, v, &sp)) return NULL;
        return format_int_spec(vm, sk_int(SK_AS_INT(p)), &sp, v);
    case SK_T_FLOAT:
        if (!parse_spec(vm, spec, v, &sp)) return NULL;
        return format_float_spec(vm, SK_AS_FLOAT(p), &sp, v);
    default: break;
    }
    if (SK_IS_STR(p)) {
        if (!parse_spec(vm, spec, v, &sp)) return NULL;
        return format_str_spec(vm, SK_AS_STR(p), &sp, v);
    }
    if (sk_is_bigint(p)) {
        if (!parse_spec(vm, spec, v, &sp)) return NULL;
        return format_int_spec(vm, p, &sp, v);
    }
    if (SK_IS_KIND(p, SK_COMPLEX)) return sk_complex_format(vm, SK_AS_COMPLEX(p), spec);
    sk_raise(vm, vm->exc.TypeError, "unsupported format string passed to %s.__format__",
             sk_type_name(vm, v));
    return NULL;
}

// --- printf-style: str % args ---

typedef struct ModCtx {
    SkValue args;   // tuple, or the single argument
    int64_t arglen; // -1: args is a single value
    int64_t argidx;
    SkValue dict; // the mapping for %(key)s, or SK_UNDEF
} ModCtx;

// CPython's getnextarg: a tuple is consumed item by item, a single value once.
static SkValue next_arg(SkVM *vm, ModCtx *c) {
    if (c->argidx < c->arglen) {
        int64_t i = c->argidx++;
        if (c->arglen < 0) return c->args;
        return SK_AS_TUPLE(c->args)->items[i];
    }
    return sk_raise(vm, vm->exc.TypeError, "not enough arguments for format string");
}

static bool is_mapping(SkVM *vm, SkValue v) {
    if (!SK_IS_OBJ(v) || SK_IS_TUPLE(v) || SK_IS_STR(v)) return false;
    switch (SK_OBJ_KIND(v)) {
    case SK_DICT:
    case SK_LIST:
    case SK_BYTES:
    case SK_RANGE: return true;
    case SK_INSTANCE:
        return !SK_IS_UNDEF(sk_class_lookup(vm, SK_AS_INSTANCE(v)->cls, vm->names.getitem));
    default: return false;
    }
}

// The number for %d/%x/%e...: an int value or a float; SK_ERR with TypeError.
static SkValue mod_number(SkVM *vm, SkValue v, char conv) {
    SkValue p = sk_payload(v);
    if (sk_is_integer(p)) return SK_IS_BOOL(p) ? sk_int(SK_AS_INT(p)) : p;
    if (SK_IS_FLOAT(p) && !strchr("xXo", conv)) return p;
    if (strchr("eEfFgG", conv)) {
        SkValue r = sk_invoke_method(vm, v, vm->names.float_, NULL, 0);
        if (SK_IS_FLOAT(r)) return r;
        if (sk_has_exc(vm)) return SK_ERR;
        return sk_raise(vm, vm->exc.TypeError, "must be real number, not %s", sk_type_name(vm, v));
    }
    SkValue r = sk_invoke_method(vm, v, vm->names.index, NULL, 0);
    if (sk_is_integer(r)) return r;
    if (sk_has_exc(vm)) return SK_ERR;
    if (conv == 'd' || conv == 'i' || conv == 'u') {
        r = sk_invoke_method(vm, v, vm->names.int_, NULL, 0);
        if (sk_is_integer(r)) return r;
        if (sk_has_exc(vm)) return SK_ERR;
        return sk_raise(vm, vm->exc.TypeError, "%%%c format: a real number is required, not %s",
                        conv, sk_type_name(vm, v));
    }
    return sk_raise(vm, vm->exc.TypeError, "%%%c format: an integer is required, not %s", conv,
                    sk_type_name(vm, v));
}

static bool append_padded(SkVM *vm, SkBuf *b, const char *s, size_t len, int64_t width, bool left,
                          char fill, size_t split) {
    int64_t nch = (int64_t)count_cps(s, len);
    int64_t pad = width > nch ? width - nch : 0;
    if (left) {
        return sk_buf_append(vm, b, s, len) && put_fill(vm, b, ' ', pad);
    }
    if (fill == '0') {
        return sk_buf_append(vm, b, s, split) && put_fill(vm, b, '0', pad) &&
               sk_buf_append(vm, b, s + split, len - split);
    }
    return put_fill(vm, b, ' ', pad) && sk_buf_append(vm, b, s, len);
}

static bool mod_int(SkVM *vm, SkBuf *b, SkValue iv, char conv, bool alt, char sign, int64_t prec,
                    int64_t width, bool left, bool zero) {
    int base = conv == 'x' || conv == 'X' ? 16 : conv == 'o' ? 8 : 10;
    char small[72];
    size_t n;
    char *digits = int_digits(vm, iv, base, conv == 'X', small, &n);
    if (!digits) return false;
    SkBuf body;
    sk_buf_init(&body);
    bool ok = true;
    if (sk_int_sign(iv) < 0)
        ok = sk_buf_appendc(vm, &body, '-');
    else if (sign)
        ok = sk_buf_appendc(vm, &body, sign);
    if (ok && alt && base != 10)
        ok = sk_buf_appendc(vm, &body, '0') && sk_buf_appendc(vm, &body, conv == 'o' ? 'o' : conv);
    size_t split = body.len;
    if (ok && prec > (int64_t)n) ok = put_fill(vm, &body, '0', prec - (int64_t)n);
    ok = ok && sk_buf_append(vm, &body, digits, n);
    if (digits != small) free(digits);
    ok = ok &&
         append_padded(vm, b, body.data, body.len, width, left, zero && !left ? '0' : ' ', split);
    sk_buf_free(&body);
    return ok;
}

static bool mod_float(SkVM *vm, SkBuf *b, double f, char conv, bool alt, char sign, int64_t prec,
                      int64_t width, bool left, bool zero) {
    if (prec < 0) prec = 6;
    if (prec > 1000) prec = 1000;
    char fb[8];
    char c = conv == 'F' ? 'f' : conv;
    snprintf(fb, sizeof fb, "%%%s.*%c", alt ? "#" : "", c);
    if ((conv == 'g' || conv == 'G') && prec == 0) prec = 1;
    bool neg = signbit(f) != 0;
    char *text = fmt_double(fb, (int)prec, fabs(f));
    if (!text) {
        sk_raise_nomem(vm);
        return false;
    }
    if (conv == 'F')
        for (char *p = text; *p; p++)
            if (*p >= 'a' && *p <= 'z') *p = (char)(*p - 32);
    SkBuf body;
    sk_buf_init(&body);
    bool ok = true;
    if (neg)
        ok = sk_buf_appendc(vm, &body, '-');
    else if (sign)
        ok = sk_buf_appendc(vm, &body, sign);
    size_t split = body.len;
    ok = ok && sk_buf_append(vm, &body, text, strlen(text));
    free(text);
    bool finite = isfinite(f);
    ok = ok && append_padded(vm, b, body.data, body.len, width, left,
                             zero && !left && finite ? '0' : ' ', split);
    sk_buf_free(&body);
    return ok;
}

// The conversions of `bytes % args`: %s and %b take bytes (or __bytes__),
// %r and %a give ascii(), %c an int below 256 or one byte.
static bool mod_bytes_conv(SkVM *vm, SkBuf *b, SkValue v, char conv, int64_t width, bool left,
                           int64_t prec) {
    if (conv == 'c') {
        SkValue p = sk_payload(v);
        char ch;
        if (SK_IS_KIND(p, SK_BYTES) && SK_AS_BYTES(p)->len == 1) {
            ch = (char)SK_AS_BYTES(p)->data[0];
        } else if (SK_IS_INT(p) || SK_IS_BOOL(p)) {
            if (SK_AS_INT(p) < 0 || SK_AS_INT(p) > 255) {
                sk_raise(vm, vm->exc.OverflowError, "%%c arg not in range(256)");
                return false;
            }
            ch = (char)SK_AS_INT(p);
        } else {
            sk_raise(vm, vm->exc.TypeError,
                     "%%c requires an integer in range(256) or a single byte");
            return false;
        }
        return append_padded(vm, b, &ch, 1, width, left, ' ', 0);
    }
    const char *d;
    size_t len;
    if (conv == 'r' || conv == 'a') {
        SkStr *t = sk_lib_ascii(vm, v);
        if (!t) return false;
        d = t->data;
        len = t->len;
    } else {
        SkValue p = sk_payload(v);
        if (!SK_IS_KIND(p, SK_BYTES)) {
            SkValue r = sk_invoke_method(vm, v, sk_str_intern_cstr(vm, "__bytes__"), NULL, 0);
            if (SK_IS_ERR(r) && sk_has_exc(vm)) return false;
            if (!SK_IS_KIND(r, SK_BYTES)) {
                sk_raise(vm, vm->exc.TypeError,
                         "%%b requires a bytes-like object, or an object that implements "
                         "__bytes__, not '%T'",
                         v);
                return false;
            }
            p = r;
        }
        d = (const char *)SK_AS_BYTES(p)->data;
        len = SK_AS_BYTES(p)->len;
    }
    if (prec >= 0 && (size_t)prec < len) len = (size_t)prec;
    return append_padded(vm, b, d, len, width, left, ' ', 0);
}

// str % args and (bytes) bytes % args: fmt is s[0..n), the result in *out.
static bool mod_format(SkVM *vm, const char *s, size_t n, SkValue args, bool bytes, SkBuf *out) {
    ModCtx c;
    if (SK_IS_TUPLE(args)) {
        c.args = args;
        c.arglen = (int64_t)SK_AS_TUPLE(args)->len;
        c.argidx = 0;
    } else {
        c.args = args;
        c.arglen = -1;
        c.argidx = -2;
    }
    c.dict = is_mapping(vm, args) ? args : SK_UNDEF;
    SkBuf b;
    sk_buf_init(&b);
    size_t i = 0;
    while (i < n) {
        const char *pct = memchr(s + i, '%', n - i);
        size_t stop = pct ? (size_t)(pct - s) : n;
        if (!sk_buf_append(vm, &b, s + i, stop - i)) goto fail;
        if (!pct) break;
        i = stop + 1;
        if (i >= n) {
            sk_raise(vm, vm->exc.ValueError, "incomplete format");
            goto fail;
        }
        if (s[i] == '(') {
            if (SK_IS_UNDEF(c.dict)) {
                sk_raise(vm, vm->exc.TypeError, "format requires a mapping");
                goto fail;
            }
            size_t k = ++i;
            int depth = 1;
            while (k < n && depth > 0) {
                if (s[k] == '(')
                    depth++;
                else if (s[k] == ')')
                    depth--;
                if (depth > 0) k++;
            }
            if (k >= n) {
                sk_raise(vm, vm->exc.ValueError, "incomplete format key");
                goto fail;
            }
            SkObj *key = bytes ? (SkObj *)sk_bytes_new(vm, (const uint8_t *)s + i, k - i)
                               : (SkObj *)sk_str_new(vm, s + i, k - i);
            if (!key) goto fail;
            SkValue val = sk_getitem(vm, c.dict, sk_obj(key));
            if (SK_IS_ERR(val)) goto fail;
            c.args = val;
            c.arglen = -1;
            c.argidx = -2;
            i = k + 1;
        }
        bool left = false, alt = false, zero = false;
        char sign = 0;
        for (; i < n; i++) {
            char f = s[i];
            if (f == '-')
                left = true;
            else if (f == '+')
                sign = '+';
            else if (f == ' ') {
                if (sign != '+') sign = ' ';
            } else if (f == '#')
                alt = true;
            else if (f == '0')
                zero = true;
            else
                break;
        }
        int64_t width = -1, prec = -1;
        if (i < n && s[i] == '*') {
            SkValue w = next_arg(vm, &c);
            if (SK_IS_ERR(w)) goto fail;
            if (!SK_IS_INT(w)) {
                sk_raise(vm, vm->exc.TypeError, "* wants int");
                goto fail;
            }
            width = SK_AS_INT(w);
            if (width < 0) {
                left = true;
                width = -width;
            }
            i++;
        } else {
            while (i < n && s[i] >= '0' && s[i] <= '9')
                width = (width < 0 ? 0 : width) * 10 + (s[i++] - '0');
        }
        if (i < n && s[i] == '.') {
            i++;
            prec = 0;
            if (i < n && s[i] == '*') {
                SkValue pv = next_arg(vm, &c);
                if (SK_IS_ERR(pv)) goto fail;
                if (!SK_IS_INT(pv)) {
                    sk_raise(vm, vm->exc.TypeError, "* wants int");
                    goto fail;
                }
                prec = SK_AS_INT(pv) < 0 ? 0 : SK_AS_INT(pv);
                i++;
            } else {
                while (i < n && s[i] >= '0' && s[i] <= '9') prec = prec * 10 + (s[i++] - '0');
            }
        }
        while (i < n && (s[i] == 'h' || s[i] == 'l' || s[i] == 'L')) i++;
        if (i >= n) {
            sk_raise(vm, vm->exc.ValueError, "incomplete format");
            goto fail;
        }
        char conv = s[i++];
        if (conv == '%') {
            if (!sk_buf_appendc(vm, &b, '%')) goto fail;
            continue;
        }
        if (!strchr(bytes ? "sbradiuxXoeEfFgGc" : "sradiuxXoeEfFgGc", conv)) {
            // Index of the conversion character in code points (bytes: bytes).
            size_t at = bytes ? i - 1 : count_cps(s, i - 1);
            uint32_t cp;
            size_t p = i - 1;
            cp = sk_utf8_decode(s, n, &p);
            if (cp >= 32 && cp < 127)
                sk_raise(vm, vm->exc.ValueError,
                         "unsupported format character '%c' (0x%x) at index %zu", (char)cp,
                         (unsigned)cp, at);
            else
                sk_raise(vm, vm->exc.ValueError,
                         "unsupported format character '\\x%x' (0x%x) at index %zu", (unsigned)cp,
                         (unsigned)cp, at);
            goto fail;
        }
        SkValue v = next_arg(vm, &c);
        if (SK_IS_ERR(v)) goto fail;
        bool ok = true;
        if (bytes && strchr("sbrac", conv)) {
            if (!mod_bytes_conv(vm, &b, v, conv, width, left, prec)) goto fail;
            continue;
        }
        switch (conv) {
        case 's':
        case 'r':
        case 'a': {
            SkStr *t = conv == 's'   ? sk_str_of(vm, v)
                       : conv == 'r' ? sk_repr(vm, v)
                                     : sk_lib_ascii(vm, v);
            if (!t) goto fail;
            size_t len = t->len;
            if (prec >= 0 && (size_t)prec < t->nchars) len = sk_str_offset(t, (size_t)prec);
            ok = append_padded(vm, &b, t->data, len, width, left, ' ', 0);
            break;
        }
        case 'c': {
            uint32_t cp;
            SkValue p = sk_payload(v);
            if (SK_IS_STR(p) && SK_AS_STR(p)->nchars == 1) {
                size_t pos = 0;
                cp = sk_utf8_decode(SK_AS_STR(p)->data, SK_AS_STR(p)->len, &pos);
            } else if (SK_IS_INT(p) || SK_IS_BOOL(p)) {
                if (SK_AS_INT(p) < 0 || SK_AS_INT(p) >= 0x110000) {
                    sk_raise(vm, vm->exc.OverflowError, "%%c arg not in range(0x110000)");
                    goto fail;
                }
                cp = (uint32_t)SK_AS_INT(p);
            } else {
                sk_raise(vm, vm->exc.TypeError, "%%c requires int or char");
                goto fail;
            }
            char tmp[4];
            int len = sk_utf8_encode(cp, tmp);
            ok = append_padded(vm, &b, tmp, (size_t)len, width, left, ' ', 0);
            break;
        }
        default: {
            SkValue num = mod_number(vm, v, conv);
            if (SK_IS_ERR(num)) goto fail;
            if (strchr("diuxXo", conv)) {
                if (SK_IS_FLOAT(num)) {
                    double fv = SK_AS_FLOAT(num);
                    if (!isfinite(fv)) {
                        sk_raise(vm, isnan(fv) ? vm->exc.ValueError : vm->exc.OverflowError,
                                 isnan(fv) ? "cannot convert float NaN to integer"
                                           : "cannot convert float infinity to integer");
                        goto fail;
                    }
                    num = sk_int_from_double(vm, trunc(fv));
                    if (SK_IS_ERR(num)) goto fail;
                }
                ok = mod_int(vm, &b, num, conv == 'i' || conv == 'u' ? 'd' : conv, alt, sign, prec,
                             width, left, zero);
            } else {
                double fv;
                if (SK_IS_FLOAT(num))
                    fv = SK_AS_FLOAT(num);
                else if (!sk_int_to_double(vm, num, &fv))
                    goto fail;
                ok = mod_float(vm, &b, fv, conv, alt, sign, prec, width, left, zero);
            }
            break;
        }
        }
        if (!ok) goto fail;
    }
    if (c.argidx < c.arglen && SK_IS_UNDEF(c.dict)) {
        sk_raise(vm, vm->exc.TypeError, "not all arguments converted during %s formatting",
                 bytes ? "bytes" : "string");
        goto fail;
    }
    *out = b;
    return true;
fail:
    sk_buf_free(&b);
    return false;
}

SkValue sk_str_mod(SkVM *vm, SkStr *fmt, SkValue args) {
    SkBuf b;
    if (!mod_format(vm, fmt->data, fmt->len, args, false, &b)) return SK_ERR;
    SkStr *r = sk_buf_finish(vm, &b);
    return r ? sk_obj(r) : SK_ERR;
}

SkValue sk_bytes_mod(SkVM *vm, SkBytes *fmt, SkValue args) {
    SkBuf b;
    if (!mod_format(vm, (const char *)fmt->data, fmt->len, args, true, &b)) return SK_ERR;
    SkBytes *r = sk_bytes_new(vm, (const uint8_t *)(b.data ? b.data : ""), b.len);
    sk_buf_free(&b);
    return r ? sk_obj(r) : SK_ERR;
}

// --- str.format ---

typedef struct FmtCtx {
    SkValue *args;
    int nargs;
    SkValue mapping; // format_map's mapping, or SK_UNDEF
    SkDict *kwargs;  // format's keyword arguments, or NULL
    int numbering;   // 0 unknown, 1 automatic, 2 manual
    int64_t next;    // next automatic index
} FmtCtx;

static bool all_digits(const char *s, size_t n) {
    if (n == 0) return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

static int64_t parse_num(const char *s, size_t n) {
    int64_t v = 0;
    for (size_t i = 0; i < n && v < INT64_MAX / 10 - 10; i++) v = v * 10 + (s[i] - '0');
    return v;
}

// Resolve a field name ("0", "name", "", "a.b[0]") to its value.
static SkValue resolve_field(SkVM *vm, FmtCtx *c, const char *f, size_t n) {
    size_t k = 0;
    while (k < n && f[k] != '.' && f[k] != '[') k++;
    SkValue v;
    if (k == 0 || all_digits(f, k)) {
        int64_t idx;
        if (k == 0) {
            if (c->numbering == 2)
                return sk_raise(
                    vm, vm->exc.ValueError,
                    "cannot switch from manual field specification to automatic field numbering");
            c->numbering = 1;
            idx = c->next++;
        } else {
            if (c->numbering == 1)
                return sk_raise(
                    vm, vm->exc.ValueError,
                    "cannot switch from automatic field numbering to manual field specification");
            c->numbering = 2;
            idx = parse_num(f, k);
        }
        if (!SK_IS_UNDEF(c->mapping) && c->nargs == 0) {
            if (idx >= c->nargs)
                return sk_raise(vm, vm->exc.ValueError, "Format string contains positional fields");
        }
        if (idx >= c->nargs)
            return sk_raise(vm, vm->exc.IndexError,
                            "Replacement index %lld out of range for positional args tuple",
                            (long long)idx);
        v = c->args[idx];
    } else {
        SkStr *key = sk_str_new(vm, f, k);
        if (!key) return SK_ERR;
        if (c->kwargs) {
            v = sk_dict_get_str(c->kwargs, key);
            if (SK_IS_UNDEF(v)) return sk_raise_keyerror(vm, sk_obj(key));
        } else if (!SK_IS_UNDEF(c->mapping)) {
            v = sk_getitem(vm, c->mapping, sk_obj(key));
            if (SK_IS_ERR(v)) return SK_ERR;
        } else {
            return sk_raise_keyerror(vm, sk_obj(key));
        }
    }
    while (k < n) {
        if (f[k] == '.') {
            size_t a = ++k;
            while (k < n && f[k] != '.' && f[k] != '[') k++;
            if (k == a) return sk_raise(vm, vm->exc.ValueError, "Empty attribute in format string");
            SkStr *name = sk_str_intern(vm, f + a, k - a);
            if (!name) return SK_ERR;
            v = sk_getattr(vm, v, name);
            if (SK_IS_ERR(v)) return SK_ERR;
        } else if (f[k] == '[') {
            size_t a = ++k;
            while (k < n && f[k] != ']') k++;
            if (k >= n) return sk_raise(vm, vm->exc.ValueError, "Missing ']' in format string");
            if (k == a) return sk_raise(vm, vm->exc.ValueError, "Empty attribute in format string");
            SkValue key;
            if (all_digits(f + a, k - a)) {
                key = sk_int(parse_num(f + a, k - a));
            } else {
                SkStr *ks = sk_str_new(vm, f + a, k - a);
                if (!ks) return SK_ERR;
                key = sk_obj(ks);
            }
            k++;
            v = sk_getitem(vm, v, key);
            if (SK_IS_ERR(v)) return SK_ERR;
            if (k < n && f[k] != '.' && f[k] != '[')
                return sk_raise(vm, vm->exc.ValueError,
                                "Only '.' or '[' may follow ']' in format field specifier");
        } else {
            return sk_raise(vm, vm->exc.ValueError,
                            "Only '.' or '[' may follow ']' in format field specifier");
        }
    }
    return v;
}

static bool format_into(SkVM *vm, FmtCtx *c, SkBuf *out, const char *s, size_t n, int depth);

static bool do_field(SkVM *vm, FmtCtx *c, SkBuf *out, const char *f, size_t n, int depth) {
    // field_name [! conv] [: spec]; brackets protect ':' and '!' in keys.
    size_t k = 0;
    bool in_bracket = false;
    while (k < n) {
        if (f[k] == '[')
            in_bracket = true;
        else if (f[k] == ']')
            in_bracket = false;
        else if (!in_bracket && (f[k] == '!' || f[k] == ':'))
            break;
        k++;
    }
    size_t name_len = k;
    char conv = 0;
    if (k < n && f[k] == '!') {
        if (k + 1 >= n) {
            sk_raise(vm, vm->exc.ValueError, "unmatched '{' in format spec");
            return false;
        }
        conv = f[k + 1];
        k += 2;
        if (k < n && f[k] != ':') {
            sk_raise(vm, vm->exc.ValueError, "expected ':' after conversion specifier");
            return false;
        }
    }
    const char *spec = "";
    size_t spec_len = 0;
    if (k < n && f[k] == ':') {
        spec = f + k + 1;
        spec_len = n - k - 1;
    }
    SkValue v = resolve_field(vm, c, f, name_len);
    if (SK_IS_ERR(v)) return false;
    if (conv) {
        SkStr *t;
        switch (conv) {
        case 'r': t = sk_repr(vm, v); break;
        case 's': t = sk_str_of(vm, v); break;
        case 'a': t = sk_lib_ascii(vm, v); break;
        default:
            if ((unsigned char)conv > 32 && (unsigned char)conv < 128)
                sk_raise(vm, vm->exc.ValueError, "Unknown conversion specifier %c", conv);
            else
                sk_raise(vm, vm->exc.ValueError, "Unknown conversion specifier \\x%x",
                         (unsigned)(unsigned char)conv);
            return false;
        }
        if (!t) return false;
        v = sk_obj(t);
    }
    SkStr *specstr;
    if (memchr(spec, '{', spec_len)) {
        if (depth >= 1) {
            sk_raise(vm, vm->exc.ValueError, "Max string recursion exceeded");
            return false;
        }
        SkBuf sb;
        sk_buf_init(&sb);
        if (!format_into(vm, c, &sb, spec, spec_len, depth + 1)) {
            sk_buf_free(&sb);
            return false;
        }
        specstr = sk_buf_finish(vm, &sb);
    } else {
        specstr = spec_len ? sk_str_new(vm, spec, spec_len) : vm->names.empty;
    }
    if (!specstr) return false;
    SkStr *r = sk_format(vm, v, specstr);
    return r && sk_buf_append(vm, out, r->data, r->len);
}

static bool format_into(SkVM *vm, FmtCtx *c, SkBuf *out, const char *s, size_t n, int depth) {
    size_t i = 0;
    while (i < n) {
        char ch = s[i];
        if (ch == '}') {
            if (i + 1 < n && s[i + 1] == '}') {
                if (!sk_buf_appendc(vm, out, '}')) return false;
                i += 2;
                continue;
            }
            sk_raise(vm, vm->exc.ValueError, "Single '}' encountered in format string");
            return false;
        }
        if (ch != '{') {
            size_t j = i;
            while (j < n && s[j] != '{' && s[j] != '}') j++;
            if (!sk_buf_append(vm, out, s + i, j - i)) return false;
            i = j;
            continue;
        }
        if (i + 1 < n && s[i + 1] == '{') {
            if (!sk_buf_appendc(vm, out, '{')) return false;
            i += 2;
            continue;
        }
        // Find the matching '}' (nested braces belong to the spec).
        size_t j = i + 1;
        int level = 1;
        bool in_bracket = false;
        while (j < n) {
            if (s[j] == '[' && level == 1)
                in_bracket = true;
            else if (s[j] == ']' && level == 1)
                in_bracket = false;
            else if (s[j] == '{' && !in_bracket)
                level++;
            else if (s[j] == '}' && !in_bracket) {
                if (--level == 0) break;
            }
            j++;
        }
        if (j >= n) {
            if (in_bracket || level > 1 || j > i + 1)
                sk_raise(vm, vm->exc.ValueError, "expected '}' before end of string");
            else
                sk_raise(vm, vm->exc.ValueError, "Single '{' encountered in format string");
            return false;
        }
        if (!do_field(vm, c, out, s + i + 1, j - i - 1, depth)) return false;
        i = j + 1;
    }
    return true;
}

SkStr *sk_lib_str_format(SkVM *vm, SkStr *fmt, SkValue *args, int nargs, SkValue mapping,
                         SkDict *kwargs) {
    if (!memchr(fmt->data, '{', fmt->len) && !memchr(fmt->data, '}', fmt->len)) return fmt;
    FmtCtx c = {args, nargs, mapping, kwargs, 0, 0};
    SkBuf b;
    sk_buf_init(&b);
    if (!format_into(vm, &c, &b, fmt->data, fmt->len, 0)) {
        sk_buf_free(&b);
        return NULL;
    }
    return sk_buf_finish(vm, &b);
}
