// stdlib/mod_json.c -- the `json` module: dumps/dump (CPython's encoder
// options: indent, separators, sort_keys, ensure_ascii, allow_nan,
// skipkeys, check_circular, default) and loads/load (a recursive-descent
// parser of full JSON with CPython's scanner errors, raised as
// json.JSONDecodeError, a ValueError subclass whose message ends in
// ": line L column C (char P)" counted in code points as CPython counts).
//
// Differences from CPython (docs/stdlib.md): no cls= argument and no
// JSONEncoder/JSONDecoder classes; loads understands object_hook,
// object_pairs_hook, parse_float, parse_int and parse_constant; integers
// past 64 bits raise OverflowError; a lone \uD800-style surrogate decodes
// to U+FFFD because Skein strings are valid UTF-8.
#include "stdlib/builtins.h"
#include "stdlib/modlib.h"
#include "vm/classes/class.h"
#include "vm/classes/error.h"
#include "vm/exec/call.h"
#include "vm/exec/import.h"
#include "vm/objects/bigint.h"
#include "vm/objects/bytes_methods.h"
#include "vm/objects/dict.h"
#include "vm/objects/list.h"
#include "vm/objects/methods.h"
#include "vm/objects/number.h"
#include "vm/objects/str.h"
#include "vm/objects/tuple.h"
#include "vm/ops/compare.h"
#include "vm/ops/repr.h"
#include <math.h>
#include <stdlib.h>

#define NATIVE(name) static SkValue name(SkVM *vm, SkValue *args, int nargs, SkTuple *kw)
#define MAX_DEPTH 1000 // nesting, as CPython's default recursion limit allows

// ---------------------------------------------------------------- encoder

typedef struct Enc {
    SkVM *vm;
    SkBuf out;
    SkStr *indent; // NULL: one line
    SkStr *item_sep, *key_sep;
    SkValue default_fn; // SK_UNDEF or a callable
    bool sort_keys, ensure_ascii, allow_nan, skipkeys, check_circular;
    SkList *markers; // containers being encoded (identity), for the cycle check
    int depth;
} Enc;

static bool put(Enc *e, const char *s, size_t n) { return sk_buf_append(e->vm, &e->out, s, n); }
static bool puts_(Enc *e, const char *s) { return put(e, s, strlen(s)); }

static bool put_str(Enc *e, SkStr *s) {
    static const char hex[] = "0123456789abcdef";
    if (!put(e, "\"", 1)) return false;
    size_t i = 0;
    while (i < s->len) {
        unsigned char c = (unsigned char)s->data[i];
        char esc[24];
        if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
            size_t j = i;
            while (j < s->len && (unsigned char)s->data[j] >= 0x20 && s->data[j] != '"' &&
                   s->data[j] != '\\' && (unsigned char)s->data[j] < 0x80)
                j++;
            if (!put(e, s->data + i, j - i)) return false;
            i = j;
            continue;
        }
        if (c >= 0x80) {
            size_t st = i;
            uint32_t cp = sk_utf8_decode(s->data, s->len, &i);
            if (!e->ensure_ascii) {
                if (!put(e, s->data + st, i - st)) return false;
                continue;
            }
            if (cp >= 0x10000) {
                uint32_t v = cp - 0x10000, hi = 0xD800 | (v >> 10), lo = 0xDC00 | (v & 0x3FF);
                snprintf(esc, sizeof esc, "\\u%04x\\u%04x", hi, lo);
                if (!put(e, esc, 12)) return false;
            } else {
                snprintf(esc, sizeof esc, "\\u%04x", cp);
                if (!put(e, esc, 6)) return false;
            }
            continue;
        }
        i++;
        const char *r = NULL;
        switch (c) {
        case '"': r = "\\\""; break;
        case '\\': r = "\\\\"; break;
        case '\n': r = "\\n"; break;
        case '\r': r = "\\r"; break;
        case '\t': r = "\\t"; break;
        case '\b': r = "\\b"; break;
        case '\f': r = "\\f"; break;
        default: break;
        }
        if (r) {
            if (!put(e, r, 2)) return false;
        } else {
            char u[7] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15], 0};
            if (!put(e, u, 6)) return false;
        }
    }
    return put(e, "\"", 1);
}

static bool put_float(Enc *e, double f) {
    if (isfinite(f)) {
        char buf[40];
        int n = sk_float_repr(f, buf);
        return put(e, buf, (size_t)n);
    }
    if (!e->allow_nan) {
        sk_raise(e->vm, e->vm->exc.ValueError, "Out of range float values are not JSON compliant");
        return false;
    }
    return puts_(e, isnan(f) ? "NaN" : f > 0 ? "Infinity" : "-Infinity");
}

static bool newline_indent(Enc *e) {
    if (!put(e, "\n", 1)) return false;
    for (int i = 0; i < e->depth; i++)
        if (!put(e, e->indent->data, e->indent->len)) return false;
    return true;
}

// Cycle check: push obj on the marker list, or fail if it is there.
static bool enter(Enc *e, SkValue obj, const char *what) {
    if (++e->depth > MAX_DEPTH) {
        sk_raise(e->vm, e->vm->exc.RecursionError,
                 "maximum recursion depth exceeded while encoding a JSON %s", what);
        return false;
    }
    if (!e->check_circular) return true;
    for (size_t i = 0; i < e->markers->len; i++) {
        if (sk_identical(e->markers->items[i], obj)) {
            sk_raise(e->vm, e->vm->exc.ValueError, "Circular reference detected");
            return false;
        }
    }
    return sk_list_append(e->vm, e->markers, obj);
}

static void leave(Enc *e) {
    e->depth--;
    if (e->check_circular && e->markers->len) e->markers->len--;
}

static bool encode(Enc *e, SkValue v);

static bool encode_seq(Enc *e, SkValue orig, SkValue *items, size_t n) {
    if (n == 0) return put(e, "[]", 2);
    if (!enter(e, orig, "array") || !put(e, "[", 1)) return false;
    for (size_t i = 0; i < n; i++) {
        if (i && !put(e, e->item_sep->data, e->item_sep->len)) return false;
        if (e->indent && !newline_indent(e)) return false;
        // items may move if Skein code (default=) mutates the list: index afresh.
        if (!encode(e, items[i])) return false;
    }
    e->depth--;
    if (e->indent && !newline_indent(e)) return false;
    e->depth++;
    leave(e);
    return put(e, "]", 1);
}

// A dict key as JSON text (str, or the JSON of a number/bool/None);
// NULL with *skip for skipkeys, NULL with an exception on error.
static SkStr *key_str(Enc *e, SkValue k, bool *skip) {
    SkVM *vm = e->vm;
    *skip = false;
    k = sk_payload(k);
    if (SK_IS_STR(k)) return SK_AS_STR(k);
    if (SK_IS_BOOL(k)) return sk_str_intern_cstr(vm, SK_AS_BOOL(k) ? "true" : "false");
    if (SK_IS_NONE(k)) return sk_str_intern_cstr(vm, "null");
    if (SK_IS_INT(k)) return sk_str_of(vm, k);
    if (SK_IS_FLOAT(k)) {
        double f = SK_AS_FLOAT(k);
        if (isfinite(f)) return sk_repr(vm, k);
        if (!e->allow_nan) {
            sk_raise(vm, vm->exc.ValueError, "Out of range float values are not JSON compliant");
            return NULL;
        }
        return sk_str_intern_cstr(vm, isnan(f) ? "NaN" : f > 0 ? "Infinity" : "-Infinity");
    }
    if (e->skipkeys) {
        *skip = true;
        return NULL;
    }
    sk_raise(vm, vm->exc.TypeError, "keys must be str, int, float, bool or None, not %T", k);
    return NULL;
}

static bool encode_dict(Enc *e, SkValue orig, SkDict *d) {
    SkVM *vm = e->vm;
    if (d->len == 0) return put(e, "{}", 2);
    if (!enter(e, orig, "object") || !put(e, "{", 1)) return false;
    SkList *items = sk_list_new(vm, d->len);
    if (!items) return false;
    SkValue k, v;
    for (size_t i = 0; sk_dict_next(d, &i, &k, &v);) {
        SkTuple *p = sk_tuple_pair(vm, k, v);
        if (!p || !sk_list_append(vm, items, sk_obj(p))) return false;
    }
    if (e->sort_keys && !sk_list_sort(vm, items, SK_NONE, false)) return false;
    bool first = true;
    for (size_t i = 0; i < items->len; i++) {
        SkTuple *p = SK_AS_TUPLE(items->items[i]);
        bool skip;
        SkStr *ks = key_str(e, p->items[0], &skip);
        if (!ks) {
            if (skip) continue;
            return false;
        }
        if (!first && !put(e, e->item_sep->data, e->item_sep->len)) return false;
        first = false;
        if (e->indent && !newline_indent(e)) return false;
        if (!put_str(e, ks) || !put(e, e->key_sep->data, e->key_sep->len)) return false;
        if (!encode(e, p->items[1])) return false;
    }
    e->depth--;
    if (e->indent && !newline_indent(e)) return false;
    e->depth++;
    leave(e);
    return put(e, "}", 1);
}

static bool encode(Enc *e, SkValue v) {
    SkVM *vm = e->vm;
    char buf[32];
    if (SK_IS_NONE(v)) return put(e, "null", 4);
    if (SK_IS_BOOL(v)) return SK_AS_BOOL(v) ? put(e, "true", 4) : put(e, "false", 5);
    if (SK_IS_INT(v)) return put(e, buf, (size_t)sk_int_to_str(SK_AS_INT(v), 10, false, buf));
    if (SK_IS_FLOAT(v)) return put_float(e, SK_AS_FLOAT(v));
    if (sk_is_bigint(v)) {
        SkStr *s = sk_int_to_pystr(vm, v, 10, false);
        return s && put(e, s->data, s->len);
    }
    SkValue p = sk_payload(v); // subclasses of str, int, float, list, dict encode as their base
    if (SK_IS_STR(p)) return put_str(e, SK_AS_STR(p));
    if (sk_is_integer(p) || SK_IS_FLOAT(p)) return encode(e, p);
    if (SK_IS_LIST(p) || SK_IS_TUPLE(p)) {
        // A snapshot: Skein code run by default= must not pull items from under us.
        SkList *snap = SK_IS_LIST(p) ? sk_list_from(vm, SK_AS_LIST(p)->items, SK_AS_LIST(p)->len)
                                     : sk_list_from(vm, SK_AS_TUPLE(p)->items, SK_AS_TUPLE(p)->len);
        return snap && encode_seq(e, v, snap->items, snap->len);
    }
    if (SK_IS_DICT(p)) return encode_dict(e, v, SK_AS_DICT(p));
    if (SK_IS_UNDEF(e->default_fn) || SK_IS_NONE(e->default_fn))
        return !SK_IS_ERR(sk_raise(vm, vm->exc.TypeError,
                                   "Object of type %s is not JSON serializable",
                                   sk_type_name(vm, v)));
    if (!enter(e, v, "object")) return false;
    SkValue r = sk_call1(vm, e->default_fn, v);
    if (SK_IS_ERR(r)) return false;
    bool ok = encode(e, r);
    if (ok) leave(e);
    return ok;
}

// dumps(obj, *, skipkeys, ensure_ascii, check_circular, allow_nan, indent,
// separators, default, sort_keys): the keyword options after position np.
static SkStr *dumps_impl(SkVM *vm, SkValue obj, SkValue *args, int nargs, SkTuple *kw, int np,
                         const char *fname) {
    static const char *const names[] = {"skipkeys",  "ensure_ascii", "check_circular",
                                        "allow_nan", "indent",       "separators",
                                        "default",   "sort_keys",    "cls"};
    SkValue o[9] = {SK_FALSE, SK_TRUE, SK_TRUE,  SK_TRUE, SK_NONE,
                    SK_NONE,  SK_NONE, SK_FALSE, SK_NONE};
    int given = sk_npos(nargs, kw);
    if (given > np)
        return sk_raise(vm, vm->exc.TypeError,
                        "%s() takes %d positional argument%s but %d were given", fname, np,
                        np == 1 ? "" : "s", given),
               NULL;
    if (!sk_bi_kwargs(vm, fname, args, nargs, kw, names, 9, o)) return NULL;
    if (!SK_IS_NONE(o[8])) {
        sk_raise(vm, vm->exc.TypeError, "%s(): cls= is not supported in Skein", fname);
        return NULL;
    }
    Enc e;
    memset(&e, 0, sizeof e);
    e.vm = vm;
    int t;
    if ((t = sk_truthy(vm, o[0])) < 0) return NULL;
    e.skipkeys = t;
    if ((t = sk_truthy(vm, o[1])) < 0) return NULL;
    e.ensure_ascii = t;
    if ((t = sk_truthy(vm, o[2])) < 0) return NULL;
    e.check_circular = t;
    if ((t = sk_truthy(vm, o[3])) < 0) return NULL;
    e.allow_nan = t;
    if ((t = sk_truthy(vm, o[7])) < 0) return NULL;
    e.sort_keys = t;
    e.default_fn = o[6];
    if (SK_IS_INT(o[4])) {
        int64_t n = SK_AS_INT(o[4]);
        SkBuf b;
        sk_buf_init(&b);
        for (int64_t i = 0; i < n && i < 1000; i++)
            if (!sk_buf_appendc(vm, &b, ' ')) return NULL;
        if (!(e.indent = sk_buf_finish(vm, &b))) return NULL;
    } else if (SK_IS_STR(o[4])) {
        e.indent = SK_AS_STR(o[4]);
    } else if (!SK_IS_NONE(o[4])) {
        sk_raise(vm, vm->exc.TypeError, "indent must be None, an int or a str, not %T", o[4]);
        return NULL;
    }
    if (SK_IS_NONE(o[5])) {
        e.item_sep = sk_str_intern_cstr(vm, e.indent ? "," : ", ");
        e.key_sep = sk_str_intern_cstr(vm, ": ");
        if (!e.item_sep || !e.key_sep) return NULL;
    } else {
        SkTuple *sep = sk_tuple_of(vm, o[5]);
        if (!sep) return NULL;
        if (sep->len != 2 || !SK_IS_STR(sep->items[0]) || !SK_IS_STR(sep->items[1])) {
            sk_raise(vm, vm->exc.TypeError, "separators must be a pair of str");
            return NULL;
        }
        e.item_sep = SK_AS_STR(sep->items[0]);
        e.key_sep = SK_AS_STR(sep->items[1]);
    }
    if (!(e.markers = sk_list_new(vm, 8))) return NULL;
    sk_buf_init(&e.out);
    if (!encode(&e, obj)) {
        sk_buf_free(&e.out);
        return NULL;
    }
    return sk_buf_finish(vm, &e.out);
}

NATIVE(j_dumps) {
    if (sk_npos(nargs, kw) < 1)
        return sk_raise(vm, vm->exc.TypeError,
                        "dumps() missing 1 required positional argument: 'obj'");
    SkStr *s = dumps_impl(vm, args[0], args, nargs, kw, 1, "dumps");
    return s ? sk_obj(s) : SK_ERR;
}

NATIVE(j_dump) {
    if (sk_npos(nargs, kw) < 2)
        return sk_raise(vm, vm->exc.TypeError,
                        "dump() missing required positional arguments: 'obj' and 'fp'");
    SkStr *s = dumps_impl(vm, args[0], args, nargs, kw, 2, "dump");
    if (!s) return SK_ERR;
    SkValue sv = sk_obj(s);
    SkValue r = sk_mod_call_method(vm, args[1], "write", &sv, 1);
    return SK_IS_ERR(r) ? SK_ERR : SK_NONE;
}

// ---------------------------------------------------------------- decoder

typedef struct Dec {
    SkVM *vm;
    SkStr *doc;
    const char *s;
    size_t n;
    SkValue object_hook, pairs_hook, parse_float, parse_int, parse_constant;
    int depth;
} Dec;

// Fill a JSONDecodeError: args (the "msg: line L column C (char P)" text)
// and the attributes msg, doc, pos, lineno, colno, counted in code points
// from pos (a code point index into doc) as CPython's constructor does.
static bool fill_decode_error(SkVM *vm, SkException *e, SkStr *msg, SkStr *doc, int64_t pos) {
    int64_t lineno = 1, last_nl = -1, ci = 0;
    for (size_t i = 0; i < doc->len && ci < pos; i++) {
        if (((unsigned char)doc->data[i] & 0xC0) == 0x80) continue;
        if (doc->data[i] == '\n') {
            lineno++;
            last_nl = ci;
        }
        ci++;
    }
    int64_t colno = pos - last_nl;
    SkStr *text = sk_str_format(vm, "%N: line %lld column %lld (char %lld)", msg, (long long)lineno,
                                (long long)colno, (long long)pos);
    if (!text) return false;
    SkValue t = sk_obj(text);
    SkTuple *args = sk_tuple_from(vm, &t, 1);
    if (!args) return false;
    e->args = args;
    SkDict *ed = e->inst.dict;
    return sk_dict_set_cstr(vm, ed, "msg", sk_obj(msg)) &&
           sk_dict_set_cstr(vm, ed, "doc", sk_obj(doc)) &&
           sk_dict_set_cstr(vm, ed, "pos", sk_int(pos)) &&
           sk_dict_set_cstr(vm, ed, "lineno", sk_int(lineno)) &&
           sk_dict_set_cstr(vm, ed, "colno", sk_int(colno));
}

// JSONDecodeError(msg, doc, pos)
NATIVE(je_init) {
    if (!SK_IS_KIND(args[0], SK_EXCEPTION)) return sk_raise(vm, vm->exc.TypeError, "bad self");
    if (!SK_IS_STR(args[1]) || !SK_IS_STR(args[2]))
        return sk_raise(vm, vm->exc.TypeError,
                        "JSONDecodeError() takes a str message and document");
    int64_t pos;
    if (!sk_mod_to_int(vm, args[3], &pos)) return SK_ERR;
    return fill_decode_error(vm, SK_AS_EXC(args[0]), SK_AS_STR(args[1]), SK_AS_STR(args[2]), pos)
               ? SK_NONE
               : SK_ERR;
}

// Raise json.JSONDecodeError(msg, doc, pos) with pos a byte offset.
static bool dec_error(Dec *d, const char *msg, size_t bytepos) {
    SkVM *vm = d->vm;
    int64_t pos = 0;
    for (size_t i = 0; i < bytepos && i < d->n; i++)
        if (((unsigned char)d->s[i] & 0xC0) != 0x80) pos++;
    SkStr *mname = sk_str_intern_cstr(vm, "json");
    SkValue mod = mname ? sk_dict_get_str(vm->modules, mname) : SK_UNDEF;
    SkValue cls =
        SK_IS_KIND(mod, SK_MODULE)
            ? sk_dict_get_str(SK_AS_MODULE(mod)->dict, sk_str_intern_cstr(vm, "JSONDecodeError"))
            : SK_UNDEF;
    SkStr *m = sk_str_cstr(vm, msg);
    if (!m) return false;
    SkValue exc =
        sk_exc_new(vm, SK_IS_KIND(cls, SK_CLASS) ? SK_AS_CLASS(cls) : vm->exc.ValueError, NULL, 0);
    if (SK_IS_ERR(exc) || !fill_decode_error(vm, SK_AS_EXC(exc), m, d->doc, pos)) return false;
    sk_raise_value(vm, exc);
    return false;
}

static size_t skip_ws(Dec *d, size_t i) {
    while (i < d->n && (d->s[i] == ' ' || d->s[i] == '\t' || d->s[i] == '\n' || d->s[i] == '\r'))
        i++;
    return i;
}

static int hexval(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static int read_hex4(Dec *d, size_t i) {
    if (i + 4 > d->n) return -1;
    int v = 0;
    for (int k = 0; k < 4; k++) {
        int h = hexval(d->s[i + k]);
        if (h < 0) return -1;
        v = v * 16 + h;
    }
    return v;
}

// A string whose opening quote is at `start`; *end gets the index after the closing quote.
static SkStr *scan_string(Dec *d, size_t start, size_t *end) {
    SkVM *vm = d->vm;
    SkBuf b;
    sk_buf_init(&b);
    size_t i = start + 1;
    for (;;) {
        size_t run = i;
        while (i < d->n && d->s[i] != '"' && d->s[i] != '\\' && (unsigned char)d->s[i] >= 0x20) i++;
        if (i > run && !sk_buf_append(vm, &b, d->s + run, i - run)) return NULL;
        if (i >= d->n) {
            sk_buf_free(&b);
            dec_error(d, "Unterminated string starting at", start);
            return NULL;
        }
        char c = d->s[i];
        if (c == '"') break;
        if (c != '\\') {
            sk_buf_free(&b);
            dec_error(d, "Invalid control character at", i);
            return NULL;
        }
        if (i + 1 >= d->n) {
            sk_buf_free(&b);
            dec_error(d, "Unterminated string starting at", start);
            return NULL;
        }
        char esc = d->s[i + 1], out = 0;
        switch (esc) {
        case '"': out = '"'; break;
        case '\\': out = '\\'; break;
        case '/': out = '/'; break;
        case 'b': out = '\b'; break;
        case 'f': out = '\f'; break;
        case 'n': out = '\n'; break;
        case 'r': out = '\r'; break;
        case 't': out = '\t'; break;
        case 'u': break;
        default:
            sk_buf_free(&b);
            dec_error(d, "Invalid \\escape", i);
            return NULL;
        }
        if (esc != 'u') {
            if (!sk_buf_appendc(vm, &b, out)) return NULL;
            i += 2;
            continue;
        }
        int cp = read_hex4(d, i + 2);
        if (cp < 0) {
            sk_buf_free(&b);
            dec_error(d, "Invalid \\uXXXX escape", i + 1);
            return NULL;
        }
        i += 6;
        uint32_t u = (uint32_t)cp;
        if (u >= 0xD800 && u <= 0xDBFF && i + 1 < d->n && d->s[i] == '\\' && d->s[i + 1] == 'u') {
            int lo = read_hex4(d, i + 2);
            if (lo < 0) {
                sk_buf_free(&b);
                dec_error(d, "Invalid \\uXXXX escape", i + 1);
                return NULL;
            }
            if (lo >= 0xDC00 && lo <= 0xDFFF) {
                u = 0x10000 + ((u - 0xD800) << 10) + ((uint32_t)lo - 0xDC00);
                i += 6;
            }
        }
        if (u >= 0xD800 && u <= 0xDFFF) u = 0xFFFD; // lone surrogate: see the file comment
        char enc[4];
        int k = sk_utf8_encode(u, enc);
        if (!sk_buf_append(vm, &b, enc, (size_t)k)) return NULL;
    }
    *end = i + 1;
    return sk_buf_finish(vm, &b);
}

static SkValue scan(Dec *d, size_t i, size_t *end);

static SkValue call_hook(Dec *d, SkValue hook, const char *s, size_t n) {
    SkStr *text = sk_str_new(d->vm, s, n);
    return text ? sk_call1(d->vm, hook, sk_obj(text)) : SK_ERR;
}

static SkValue scan_number(Dec *d, size_t i, size_t *end) {
    size_t st = i;
    if (i < d->n && d->s[i] == '-') i++;
    if (i >= d->n || d->s[i] < '0' || d->s[i] > '9') {
        dec_error(d, "Expecting value", st);
        return SK_ERR;
    }
    if (d->s[i] == '0')
        i++;
    else
        while (i < d->n && d->s[i] >= '0' && d->s[i] <= '9') i++;
    bool is_float = false;
    if (i + 1 < d->n && d->s[i] == '.' && d->s[i + 1] >= '0' && d->s[i + 1] <= '9') {
        is_float = true;
        i += 2;
        while (i < d->n && d->s[i] >= '0' && d->s[i] <= '9') i++;
    }
    if (i < d->n && (d->s[i] == 'e' || d->s[i] == 'E')) {
        size_t j = i + 1;
        if (j < d->n && (d->s[j] == '+' || d->s[j] == '-')) j++;
        if (j < d->n && d->s[j] >= '0' && d->s[j] <= '9') {
            while (j < d->n && d->s[j] >= '0' && d->s[j] <= '9') j++;
            is_float = true;
            i = j;
        }
    }
    *end = i;
    if (is_float) {
        if (!SK_IS_UNDEF(d->parse_float) && !SK_IS_NONE(d->parse_float))
            return call_hook(d, d->parse_float, d->s + st, i - st);
        return sk_float(strtod(d->s + st, NULL));
    }
    if (!SK_IS_UNDEF(d->parse_int) && !SK_IS_NONE(d->parse_int))
        return call_hook(d, d->parse_int, d->s + st, i - st);
    return sk_parse_int(d->vm, d->s + st, i - st, 10);
}

static bool deeper(Dec *d, const char *what) {
    if (++d->depth > MAX_DEPTH) {
        sk_raise(d->vm, d->vm->exc.RecursionError,
                 "maximum recursion depth exceeded while decoding a JSON %s from a unicode string",
                 what);
        return false;
    }
    return true;
}

static SkValue scan_array(Dec *d, size_t i, size_t *end) {
    SkVM *vm = d->vm;
    if (!deeper(d, "array")) return SK_ERR;
    SkList *l = sk_list_new(vm, 4);
    if (!l) return SK_ERR;
    i = skip_ws(d, i + 1);
    if (i < d->n && d->s[i] == ']') {
        *end = i + 1;
        d->depth--;
        return sk_obj(l);
    }
    for (;;) {
        SkValue v = scan(d, i, &i);
        if (SK_IS_ERR(v) || !sk_list_append(vm, l, v)) return SK_ERR;
        i = skip_ws(d, i);
        if (i < d->n && d->s[i] == ']') break;
        if (i >= d->n || d->s[i] != ',') {
            dec_error(d, "Expecting ',' delimiter", i);
            return SK_ERR;
        }
        i = skip_ws(d, i + 1);
    }
    *end = i + 1;
    d->depth--;
    return sk_obj(l);
}

static SkValue scan_object(Dec *d, size_t i, size_t *end) {
    SkVM *vm = d->vm;
    if (!deeper(d, "object")) return SK_ERR;
    bool pairs = !SK_IS_UNDEF(d->pairs_hook) && !SK_IS_NONE(d->pairs_hook);
    SkDict *obj = pairs ? NULL : sk_dict_new(vm);
    SkList *pl = pairs ? sk_list_new(vm, 4) : NULL;
    if (!obj && !pl) return SK_ERR;
    i = skip_ws(d, i + 1);
    if (i < d->n && d->s[i] == '}') {
        i++;
    } else {
        for (;;) {
            if (i >= d->n || d->s[i] != '"') {
                dec_error(d, "Expecting property name enclosed in double quotes", i);
                return SK_ERR;
            }
            SkStr *key = scan_string(d, i, &i);
            if (!key) return SK_ERR;
            i = skip_ws(d, i);
            if (i >= d->n || d->s[i] != ':') {
                dec_error(d, "Expecting ':' delimiter", i);
                return SK_ERR;
            }
            i = skip_ws(d, i + 1);
            SkValue v = scan(d, i, &i);
            if (SK_IS_ERR(v)) return SK_ERR;
            if (pairs) {
                SkTuple *t = sk_tuple_pair(vm, sk_obj(key), v);
                if (!t || !sk_list_append(vm, pl, sk_obj(t))) return SK_ERR;
            } else if (!sk_dict_set(vm, obj, sk_obj(key), v)) {
                return SK_ERR;
            }
            i = skip_ws(d, i);
            if (i < d->n && d->s[i] == '}') {
                i++;
                break;
            }
            if (i >= d->n || d->s[i] != ',') {
                dec_error(d, "Expecting ',' delimiter", i);
                return SK_ERR;
            }
            i = skip_ws(d, i + 1);
        }
    }
    *end = i;
    d->depth--;
    if (pairs) return sk_call1(vm, d->pairs_hook, sk_obj(pl));
    if (!SK_IS_UNDEF(d->object_hook) && !SK_IS_NONE(d->object_hook))
        return sk_call1(vm, d->object_hook, sk_obj(obj));
    return sk_obj(obj);
}

static bool word_at(Dec *d, size_t i, const char *w) {
    size_t n = strlen(w);
    return i + n <= d->n && memcmp(d->s + i, w, n) == 0;
}

static SkValue constant(Dec *d, const char *name, double v) {
    if (!SK_IS_UNDEF(d->parse_constant) && !SK_IS_NONE(d->parse_constant))
        return call_hook(d, d->parse_constant, name, strlen(name));
    return sk_float(v);
}

// One value starting at i (no leading whitespace); *end after it.
static SkValue scan(Dec *d, size_t i, size_t *end) {
    if (i >= d->n) {
        dec_error(d, "Expecting value", i);
        return SK_ERR;
    }
    switch (d->s[i]) {
    case '"': {
        SkStr *s = scan_string(d, i, end);
        return s ? sk_obj(s) : SK_ERR;
    }
    case '{': return scan_object(d, i, end);
    case '[': return scan_array(d, i, end);
    case 'n':
        if (word_at(d, i, "null")) {
            *end = i + 4;
            return SK_NONE;
        }
        break;
    case 't':
        if (word_at(d, i, "true")) {
            *end = i + 4;
            return SK_TRUE;
        }
        break;
    case 'f':
        if (word_at(d, i, "false")) {
            *end = i + 5;
            return SK_FALSE;
        }
        break;
    case 'N':
        if (word_at(d, i, "NaN")) {
            *end = i + 3;
            return constant(d, "NaN", NAN);
        }
        break;
    case 'I':
        if (word_at(d, i, "Infinity")) {
            *end = i + 8;
            return constant(d, "Infinity", INFINITY);
        }
        break;
    case '-':
        if (word_at(d, i, "-Infinity")) {
            *end = i + 9;
            return constant(d, "-Infinity", -INFINITY);
        }
        return scan_number(d, i, end);
    default:
        if (d->s[i] >= '0' && d->s[i] <= '9') return scan_number(d, i, end);
        break;
    }
    dec_error(d, "Expecting value", i);
    return SK_ERR;
}

NATIVE(j_loads) {
    static const char *const names[] = {"s",
                                        "cls",
                                        "object_hook",
                                        "parse_float",
                                        "parse_int",
                                        "parse_constant",
                                        "object_pairs_hook"};
    SkValue a[7];
    if (!sk_bind_args(vm, "loads", args, nargs, kw, names, 7, 1, a)) return SK_ERR;
    if (!SK_IS_UNDEF(a[1]) && !SK_IS_NONE(a[1]))
        return sk_raise(vm, vm->exc.TypeError, "loads(): cls= is not supported in Skein");
    SkValue s = sk_payload(a[0]);
    if (SK_IS_KIND(s, SK_BYTES)) {
        s = sk_lib_decode(vm, SK_AS_BYTES(s)->data, SK_AS_BYTES(s)->len, NULL, NULL);
        if (SK_IS_ERR(s)) return SK_ERR;
    } else if (!SK_IS_STR(s)) {
        return sk_raise(vm, vm->exc.TypeError,
                        "the JSON object must be str, bytes or bytearray, not %T", a[0]);
    }
    Dec d = {vm, SK_AS_STR(s), SK_AS_STR(s)->data, SK_AS_STR(s)->len, a[2], a[6], a[3], a[4], a[5],
             0};
    size_t i = skip_ws(&d, 0);
    if (d.n >= 3 && (unsigned char)d.s[0] == 0xEF && (unsigned char)d.s[1] == 0xBB &&
        (unsigned char)d.s[2] == 0xBF) {
        dec_error(&d, "Unexpected UTF-8 BOM (decode using utf-8-sig)", 0);
        return SK_ERR;
    }
    size_t end;
    SkValue v = scan(&d, i, &end);
    if (SK_IS_ERR(v)) return SK_ERR;
    end = skip_ws(&d, end);
    if (end != d.n) {
        dec_error(&d, "Extra data", end);
        return SK_ERR;
    }
    return v;
}

NATIVE(j_load) {
    int np = sk_npos(nargs, kw);
    if (np != 1)
        return sk_raise(vm, vm->exc.TypeError,
                        "load() takes 1 positional argument but %d were given", np);
    SkValue text = sk_mod_call_method(vm, args[0], "read", NULL, 0);
    if (SK_IS_ERR(text)) return SK_ERR;
    args[0] = text; // args are the caller's stack slots: a GC root for the call
    return j_loads(vm, args, nargs, kw);
}

bool sk_mod_json_init(SkVM *vm, SkModule *m) {
    SkClass *err = sk_class_new_builtin(vm, "JSONDecodeError", vm->exc.ValueError, SK_EXCEPTION);
    SkStr *modname = sk_str_intern_cstr(vm, "json.decoder");
    if (!err || !modname || !sk_dict_set_str(vm, err->dict, vm->names.module, sk_obj(modname)) ||
        !sk_define_method(vm, err, "__init__", je_init, 4, 4, false))
        return false;
    return sk_mod_set(vm, m, "JSONDecodeError", sk_obj(err)) &&
           sk_define_native(vm, m->dict, "dumps", j_dumps, 1, -1, true) &&
           sk_define_native(vm, m->dict, "dump", j_dump, 2, -1, true) &&
           sk_define_native(vm, m->dict, "loads", j_loads, 1, -1, true) &&
           sk_define_native(vm, m->dict, "load", j_load, 1, -1, true);
}
