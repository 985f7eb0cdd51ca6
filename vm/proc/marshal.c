// vm/proc/marshal.c -- values to bytes and back (vm/proc/marshal.h).
//
// Format: "SKM" and a version byte, then one value. A value is a tag byte
// and its payload; lengths and counts are unsigned LEB128 varints, ints
// are zigzag varints, floats little-endian IEEE doubles.
//   N T F            None, True, False
//   i <zigzag>       an int that fits in 64 bits
//   I <sign><n><n bytes, little-endian magnitude>   any other int
//   f <8>  c <16>    float, complex
//   s/b/a <n><bytes> str (UTF-8, checked), bytes, bytearray
//   ( [ { < > <n>    tuple, list, dict (n pairs), set, frozenset; then items
//   e <type><module><args tuple><traceback str>      an exception
//   o <module><qualname><dict>                       an instance of a plain class
//   r <index>        the index-th object already written (shared or cyclic)
// Every heap value is numbered in the order it starts; a mutable
// container is numbered (and, loading, made empty) before its items, so a
// reference back to it from inside works.
#include "vm/proc/marshal.h"
#include "vm/classes/class.h"
#include "vm/classes/class_create.h"
#include "vm/classes/error.h"
#include "vm/classes/traceback.h"
#include "vm/core/gc.h"
#include "vm/exec/call.h"
#include "vm/exec/import.h"
#include "vm/objects/bigint.h"
#include "vm/objects/bytearray.h"
#include "vm/objects/bytes.h"
#include "vm/objects/complex.h"
#include "vm/objects/dict.h"
#include "vm/objects/list.h"
#include "vm/objects/set.h"
#include "vm/objects/str.h"
#include "vm/objects/tuple.h"
#include "vm/ops/repr.h"
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 2000 // nesting, each level a C call (both ways)

// ---------------------------------------------------------------- dumping

typedef struct Dumper {
    SkVM *vm;
    SkBuf out;
    // Objects written so far, by address: open addressing, index + 1.
    const void **keys;
    uint32_t *vals;
    size_t cap, n;
    int depth;
} Dumper;

static bool put(Dumper *d, const void *p, size_t n) { return sk_buf_append(d->vm, &d->out, p, n); }
static bool put1(Dumper *d, uint8_t c) { return sk_buf_appendc(d->vm, &d->out, (char)c); }

static bool put_varint(Dumper *d, uint64_t v) {
    uint8_t b[10];
    int n = 0;
    do {
        b[n] = v & 0x7f;
        v >>= 7;
        if (v) b[n] |= 0x80;
        n++;
    } while (v);
    return put(d, b, (size_t)n);
}

static bool put_double(Dumper *d, double f) {
    uint8_t b[8];
    uint64_t u;
    memcpy(&u, &f, 8);
    for (int i = 0; i < 8; i++) b[i] = (uint8_t)(u >> (8 * i));
    return put(d, b, 8);
}

static bool put_bytes(Dumper *d, uint8_t tag, const void *p, size_t n) {
    return put1(d, tag) && put_varint(d, n) && put(d, p, n);
}

static size_t ptr_hash(const void *p) {
    return (size_t)(((uintptr_t)p >> 4) * 0x9E3779B97F4A7C15ull);
}

// The index of o if written before (else 0), recording it as new.
static uint32_t memo(Dumper *d, const void *o, bool *fresh) {
    if ((d->n + 1) * 2 > d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 64;
        const void **k = calloc(cap, sizeof *k);
        uint32_t *v = calloc(cap, sizeof *v);
        if (!k || !v) {
            free(k);
            free(v);
            *fresh = false;
            return UINT32_MAX; // out of memory
        }
        for (size_t i = 0; i < d->cap; i++) {
            if (!d->keys[i]) continue;
            size_t j = ptr_hash(d->keys[i]) & (cap - 1);
            while (k[j]) j = (j + 1) & (cap - 1);
            k[j] = d->keys[i];
            v[j] = d->vals[i];
        }
        free(d->keys);
        free(d->vals);
        d->keys = k;
        d->vals = v;
        d->cap = cap;
    }
    size_t j = ptr_hash(o) & (d->cap - 1);
    while (d->keys[j]) {
        if (d->keys[j] == o) {
            *fresh = false;
            return d->vals[j];
        }
        j = (j + 1) & (d->cap - 1);
    }
    d->keys[j] = o;
    d->vals[j] = (uint32_t)++d->n;
    *fresh = true;
    return 0;
}

static bool dump(Dumper *d, SkValue v);

static bool dump_items(Dumper *d, uint8_t tag, const SkValue *items, size_t n) {
    if (!put1(d, tag) || !put_varint(d, n)) return false;
    for (size_t i = 0; i < n; i++)
        if (!dump(d, items[i])) return false;
    return true;
}

static bool cannot(Dumper *d, SkValue v) {
    SkClass *c = sk_class_of(d->vm, v);
    sk_raise(d->vm, d->vm->exc.TypeError, "cannot send %s to a process",
             c && c->name ? c->name->data : "object");
    return false;
}

// "module" and "qualname" of a class, as str values (SK_UNDEF if unknown).
static SkValue class_module(SkVM *vm, SkClass *c) {
    SkValue m = sk_dict_get_str(c->dict, vm->names.module);
    return SK_IS_STR(m) ? m : SK_UNDEF;
}

static bool dump_exception(Dumper *d, SkValue v) {
    SkVM *vm = d->vm;
    SkException *e = SK_AS_EXC(v);
    SkClass *c = e->inst.cls;
    SkValue mod = class_module(vm, c);
    SkStr *tb = NULL;
    if (e->traceback && !(tb = sk_format_exception(vm, v)))
        sk_clear_exc(vm); // no traceback text: the exception still crosses
    SkTuple *args = e->args ? e->args : sk_tuple_new(vm, 0);
    if (!args) return false;
    if (!put1(d, 'e') || !put_bytes(d, 's', c->name->data, c->name->len)) return false;
    if (SK_IS_STR(mod) ? !put_bytes(d, 's', SK_AS_STR(mod)->data, SK_AS_STR(mod)->len)
                       : !put1(d, 'N'))
        return false;
    if (!dump(d, sk_obj(args))) return false;
    return tb ? put_bytes(d, 's', tb->data, tb->len) : put1(d, 'N');
}

static bool dump(Dumper *d, SkValue v) {
    SkVM *vm = d->vm;
    if (SK_IS_NONE(v)) return put1(d, 'N');
    if (SK_IS_BOOL(v)) return put1(d, SK_AS_INT(v) ? 'T' : 'F');
    if (SK_IS_INT(v)) {
        int64_t i = SK_AS_INT(v);
        return put1(d, 'i') && put_varint(d, ((uint64_t)i << 1) ^ (uint64_t)(i >> 63));
    }
    if (SK_IS_FLOAT(v)) return put1(d, 'f') && put_double(d, SK_AS_FLOAT(v));
    if (!SK_IS_OBJ(v)) return cannot(d, v);
    SkObj *o = SK_AS_OBJ(v);
    bool fresh;
    uint32_t idx = memo(d, o, &fresh);
    if (idx == UINT32_MAX) return !SK_IS_ERR(sk_raise_nomem(vm));
    if (!fresh) return put1(d, 'r') && put_varint(d, idx - 1);
    if (++d->depth > MAX_DEPTH) {
        sk_raise(vm, vm->exc.ValueError, "object too deeply nested to send to a process");
        return false;
    }
    bool ok;
    switch ((SkKind)o->kind) {
    case SK_STR: ok = put_bytes(d, 's', SK_AS_STR(v)->data, SK_AS_STR(v)->len); break;
    case SK_BYTES: ok = put_bytes(d, 'b', SK_AS_BYTES(v)->data, SK_AS_BYTES(v)->len); break;
    case SK_BYTEARRAY: {
        SkByteArray *b = (SkByteArray *)o;
        ok = put_bytes(d, 'a', b->data ? (const void *)b->data : "", b->len);
        break;
    }
    case SK_BIGINT: {
        mpz_t z;
        mpz_init(z);
        sk_int_get_mpz(v, z);
        size_t n = (mpz_sizeinbase(z, 2) + 7) / 8;
        uint8_t *buf = malloc(n ? n : 1);
        size_t got = 0;
        if (buf) mpz_export(buf, &got, -1, 1, 0, 0, z);
        ok = buf && put1(d, 'I') && put1(d, mpz_sgn(z) < 0) && put_varint(d, got) &&
             put(d, buf, got);
        if (!buf) sk_raise_nomem(vm);
        free(buf);
        mpz_clear(z);
        break;
    }
    case SK_COMPLEX:
        ok = put1(d, 'c') && put_double(d, SK_AS_COMPLEX(v)->re) &&
             put_double(d, SK_AS_COMPLEX(v)->im);
        break;
    case SK_TUPLE: ok = dump_items(d, '(', SK_AS_TUPLE(v)->items, SK_AS_TUPLE(v)->len); break;
    case SK_LIST: ok = dump_items(d, '[', SK_AS_LIST(v)->items, SK_AS_LIST(v)->len); break;
    case SK_DICT: {
        SkDict *dict = SK_AS_DICT(v);
        ok = put1(d, '{') && put_varint(d, dict->len);
        SkValue k, x;
        for (size_t i = 0; ok && sk_dict_next(dict, &i, &k, &x);) ok = dump(d, k) && dump(d, x);
        break;
    }
    case SK_SET: {
        SkSet *s = SK_AS_SET(v);
        ok = put1(d, (o->flags & SK_FLAG_FROZEN) ? '>' : '<') && put_varint(d, s->used);
        SkValue k;
        for (size_t i = 0; ok && sk_set_next(s, &i, &k);) ok = dump(d, k);
        break;
    }
    case SK_EXCEPTION: ok = dump_exception(d, v); break;
    case SK_INSTANCE: {
        SkInstance *in = SK_AS_INSTANCE(v);
        SkClass *c = in->cls;
        SkValue mod = class_module(vm, c);
        if (c->builtin || !SK_IS_UNDEF(in->base) || !SK_IS_STR(mod) || !in->dict) {
            ok = cannot(d, v);
            break;
        }
        SkStr *qn = c->qualname ? c->qualname : c->name;
        ok = put1(d, 'o') && put_bytes(d, 's', SK_AS_STR(mod)->data, SK_AS_STR(mod)->len) &&
             put_bytes(d, 's', qn->data, qn->len) && dump(d, sk_obj(in->dict));
        break;
    }
    default: ok = cannot(d, v); break;
    }
    d->depth--;
    return ok;
}

SkBytes *sk_marshal_dumps(SkVM *vm, SkValue v) {
    Dumper d = {.vm = vm};
    sk_buf_init(&d.out);
    bool ok = put(&d, "SKM", 3) && put1(&d, SK_MARSHAL_VERSION) && dump(&d, v);
    SkBytes *b = ok ? sk_bytes_new(vm, (const uint8_t *)d.out.data, d.out.len) : NULL;
    sk_buf_free(&d.out);
    free(d.keys);
    free(d.vals);
    return b;
}

// ---------------------------------------------------------------- loading

typedef struct Loader {
    SkVM *vm;
    const uint8_t *p, *end;
    SkList *objs; // numbered objects; SK_UNDEF while one is unfinished
    int depth;
} Loader;

static SkValue bad(Loader *l, const char *why) {
    return sk_raise(l->vm, l->vm->exc.ValueError, "bad marshal data (%s)", why);
}

static bool get_varint(Loader *l, uint64_t *out) {
    uint64_t v = 0;
    *out = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (l->p >= l->end) return !SK_IS_ERR(bad(l, "truncated"));
        uint8_t b = *l->p++;
        v |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80)) {
            *out = v;
            return true;
        }
    }
    return !SK_IS_ERR(bad(l, "varint too long"));
}

// A length or count n: each of the n parts takes at least `unit` bytes.
static bool get_len(Loader *l, size_t unit, size_t *out) {
    uint64_t n = 0;
    if (!get_varint(l, &n)) return false;
    if (n > (uint64_t)(l->end - l->p) / unit) return !SK_IS_ERR(bad(l, "length past the end"));
    *out = (size_t)n;
    return true;
}

static bool get_double(Loader *l, double *out) {
    if (l->end - l->p < 8) return !SK_IS_ERR(bad(l, "truncated"));
    uint64_t u = 0;
    for (int i = 0; i < 8; i++) u |= (uint64_t)l->p[i] << (8 * i);
    l->p += 8;
    memcpy(out, &u, 8);
    return true;
}

// Number a new object (value v, or SK_UNDEF while it is being made).
static int64_t number(Loader *l, SkValue v) {
    if (!sk_list_append(l->vm, l->objs, v)) return -1;
    return (int64_t)l->objs->len - 1;
}

static SkValue load(Loader *l);

static SkValue load_str(Loader *l) {
    size_t n = 0;
    if (!get_len(l, 1, &n)) return SK_ERR;
    if (!sk_utf8_valid((const char *)l->p, n, NULL)) return bad(l, "invalid UTF-8 in a str");
    SkStr *s = sk_str_new(l->vm, (const char *)l->p, n);
    l->p += n;
    return s ? sk_obj(s) : SK_ERR;
}

// A name or a text written in place (not numbered): a str, or None
// when `optional`.
static SkValue load_text(Loader *l, bool optional) {
    if (optional && l->p < l->end && *l->p == 'N') {
        l->p++;
        return SK_NONE;
    }
    if (l->p >= l->end || *l->p != 's') return bad(l, "name expected");
    l->p++;
    return load_str(l);
}

static SkStr *load_name(Loader *l) {
    SkValue v = load_text(l, false);
    return SK_IS_ERR(v) ? NULL : SK_AS_STR(v);
}

// module.qualname of the receiving side, or NULL (no exception) if absent.
static SkValue find_class(Loader *l, SkStr *module, SkStr *qualname) {
    SkVM *vm = l->vm;
    SkStr *mn = sk_str_intern_str(vm, module);
    SkValue m = mn ? sk_import_name(vm, mn) : SK_ERR;
    if (SK_IS_ERR(m)) {
        sk_clear_exc(vm);
        return SK_UNDEF;
    }
    SkValue v = m;
    const char *p = qualname->data;
    while (*p) {
        const char *dot = strchr(p, '.');
        size_t n = dot ? (size_t)(dot - p) : strlen(p);
        SkStr *part = sk_str_new(vm, p, n);
        part = part ? sk_str_intern_str(vm, part) : NULL;
        v = part ? sk_getattr_opt(vm, v, part) : SK_ERR;
        if (SK_IS_ERR(v) || SK_IS_UNDEF(v)) {
            sk_clear_exc(vm);
            return SK_UNDEF;
        }
        p += n + (dot ? 1 : 0);
    }
    return SK_IS_KIND(v, SK_CLASS) ? v : SK_UNDEF;
}

static SkValue make_exception(Loader *l, int64_t idx, SkStr *name, SkValue mod, SkValue args,
                              SkValue tb);

static SkValue load_exception(Loader *l, int64_t idx) {
    SkVM *vm = l->vm;
    SkStr *name = load_name(l);
    if (!name) return SK_ERR;
    sk_gc_push_root(vm, sk_obj(name)); // texts are not numbered: rooted here
    SkValue mod = load_text(l, true);
    sk_gc_push_root(vm, mod);
    SkValue args = SK_IS_ERR(mod) ? SK_ERR : load(l);
    sk_gc_push_root(vm, args);
    SkValue tb = SK_IS_ERR(args) ? SK_ERR : load_text(l, true);
    sk_gc_push_root(vm, tb);
    SkValue r = SK_IS_ERR(tb) ? SK_ERR : make_exception(l, idx, name, mod, args, tb);
    for (int i = 0; i < 4; i++) sk_gc_pop_root(vm);
    return r;
}

static SkValue make_exception(Loader *l, int64_t idx, SkStr *name, SkValue mod, SkValue args,
                              SkValue tb) {
    SkVM *vm = l->vm;
    if (!SK_IS_TUPLE(args)) return bad(l, "exception arguments");
    SkValue cls = SK_IS_STR(mod) ? find_class(l, SK_AS_STR(mod), name)
                                 : sk_dict_get_str(vm->builtins, name); // a builtin exception
    if (!SK_IS_KIND(cls, SK_CLASS) || !sk_is_subclass(SK_AS_CLASS(cls), vm->exc.BaseException))
        cls = sk_obj(vm->exc.Exception); // not known here: an Exception with the same args
    SkTuple *a = SK_AS_TUPLE(args);
    SkValue e = sk_exc_new(vm, SK_AS_CLASS(cls), a->items, (int)a->len);
    if (SK_IS_ERR(e)) return SK_ERR;
    if (SK_IS_STR(tb) && SK_AS_EXC(e)->inst.dict &&
        !sk_dict_set_cstr(vm, SK_AS_EXC(e)->inst.dict, "_remote_traceback", tb))
        return SK_ERR;
    l->objs->items[idx] = e;
    return e;
}

static SkValue load_instance(Loader *l, int64_t idx) {
    SkVM *vm = l->vm;
    SkStr *module = load_name(l);
    if (!module) return SK_ERR;
    sk_gc_push_root(vm, sk_obj(module)); // texts are not numbered: rooted here
    SkStr *qualname = load_name(l);
    if (!qualname) {
        sk_gc_pop_root(vm);
        return SK_ERR;
    }
    sk_gc_push_root(vm, sk_obj(qualname));
    SkValue cls = find_class(l, module, qualname);
    sk_gc_pop_root(vm);
    sk_gc_pop_root(vm);
    if (SK_IS_UNDEF(cls) || SK_AS_CLASS(cls)->builtin)
        return sk_raise(vm, vm->exc.ValueError,
                        "cannot rebuild an instance of %s.%s: no such class here", module->data,
                        qualname->data);
    SkValue inst = sk_instance_new(vm, SK_AS_CLASS(cls));
    if (SK_IS_ERR(inst)) return SK_ERR;
    if (!SK_IS_KIND(inst, SK_INSTANCE)) return bad(l, "instance class");
    l->objs->items[idx] = inst;
    SkValue dict = load(l);
    if (SK_IS_ERR(dict)) return SK_ERR;
    if (!SK_IS_KIND(dict, SK_DICT)) return bad(l, "instance dict");
    SK_AS_INSTANCE(inst)->dict = SK_AS_DICT(dict);
    return inst;
}

static SkValue load_obj(Loader *l, uint8_t tag) {
    SkVM *vm = l->vm;
    size_t n = 0;
    switch (tag) {
    case 's': {
        SkValue v = load_str(l);
        return SK_IS_ERR(v) || number(l, v) < 0 ? SK_ERR : v;
    }
    case 'b':
    case 'a': {
        if (!get_len(l, 1, &n)) return SK_ERR;
        SkValue v =
            tag == 'b' ? sk_obj(sk_bytes_new(vm, l->p, n)) : sk_obj(sk_bytearray_new(vm, l->p, n));
        if (!SK_AS_OBJ(v)) return SK_ERR;
        l->p += n;
        return number(l, v) < 0 ? SK_ERR : v;
    }
    case 'I': {
        if (l->p >= l->end) return bad(l, "truncated");
        bool neg = *l->p++ != 0;
        if (!get_len(l, 1, &n)) return SK_ERR;
        mpz_t z;
        mpz_init(z);
        mpz_import(z, n, -1, 1, 0, 0, l->p);
        if (neg) mpz_neg(z, z);
        l->p += n;
        SkValue v = sk_bigint_from_mpz(vm, z); // clears z
        return SK_IS_ERR(v) || number(l, v) < 0 ? SK_ERR : v;
    }
    case 'c': {
        double re, im;
        if (!get_double(l, &re) || !get_double(l, &im)) return SK_ERR;
        SkComplex *c = sk_complex_new(vm, re, im);
        return !c || number(l, sk_obj(c)) < 0 ? SK_ERR : sk_obj(c);
    }
    case '(':
    case '[': {
        if (!get_len(l, 1, &n)) return SK_ERR;
        SkValue v;
        if (tag == '(') {
            SkTuple *t = sk_tuple_new(vm, n);
            if (!t) return SK_ERR;
            for (size_t i = 0; i < n; i++) t->items[i] = SK_NONE;
            v = sk_obj(t);
        } else {
            SkList *li = sk_list_new(vm, n);
            if (!li) return SK_ERR;
            v = sk_obj(li);
        }
        if (number(l, v) < 0) return SK_ERR;
        for (size_t i = 0; i < n; i++) {
            SkValue x = load(l);
            if (SK_IS_ERR(x)) return SK_ERR;
            if (tag == '(')
                SK_AS_TUPLE(v)->items[i] = x;
            else if (!sk_list_append(vm, SK_AS_LIST(v), x))
                return SK_ERR;
        }
        return v;
    }
    case '{': {
        if (!get_len(l, 2, &n)) return SK_ERR;
        SkDict *dict = sk_dict_new(vm);
        if (!dict || number(l, sk_obj(dict)) < 0) return SK_ERR;
        for (size_t i = 0; i < n; i++) {
            SkValue k = load(l);
            if (SK_IS_ERR(k)) return SK_ERR;
            sk_gc_push_root(vm, k);
            SkValue x = load(l);
            bool ok = !SK_IS_ERR(x) && sk_dict_set(vm, dict, k, x);
            sk_gc_pop_root(vm);
            if (!ok) return SK_ERR;
        }
        return sk_obj(dict);
    }
    case '<':
    case '>': {
        if (!get_len(l, 1, &n)) return SK_ERR;
        SkSet *s = sk_set_new(vm, tag == '>');
        if (!s) return SK_ERR;
        // A frozenset is numbered only once complete: nothing inside can
        // refer back to it (a reference to it now is unfinished: an error).
        int64_t idx = number(l, tag == '<' ? sk_obj(s) : SK_UNDEF);
        if (idx < 0) return SK_ERR;
        sk_gc_push_root(vm, sk_obj(s));
        for (size_t i = 0; i < n; i++) {
            SkValue x = load(l);
            if (SK_IS_ERR(x) || !sk_set_add(vm, s, x)) {
                sk_gc_pop_root(vm);
                return SK_ERR;
            }
        }
        sk_gc_pop_root(vm);
        l->objs->items[idx] = sk_obj(s);
        return sk_obj(s);
    }
    case 'e':
    case 'o': {
        int64_t idx = number(l, SK_UNDEF);
        if (idx < 0) return SK_ERR;
        return tag == 'e' ? load_exception(l, idx) : load_instance(l, idx);
    }
    default: return bad(l, "unknown type code");
    }
}

static SkValue load(Loader *l) {
    if (l->p >= l->end) return bad(l, "truncated");
    uint8_t tag = *l->p++;
    switch (tag) {
    case 'N': return SK_NONE;
    case 'T': return SK_TRUE;
    case 'F': return SK_FALSE;
    case 'i': {
        uint64_t u;
        if (!get_varint(l, &u)) return SK_ERR;
        return sk_int((int64_t)(u >> 1) ^ -(int64_t)(u & 1));
    }
    case 'f': {
        double f;
        return get_double(l, &f) ? sk_float(f) : SK_ERR;
    }
    case 'r': {
        uint64_t i;
        if (!get_varint(l, &i)) return SK_ERR;
        if (i >= l->objs->len) return bad(l, "reference to an object not yet read");
        SkValue v = l->objs->items[i];
        if (SK_IS_UNDEF(v)) return bad(l, "reference to an unfinished object");
        return v;
    }
    default: break;
    }
    if (++l->depth > MAX_DEPTH) return bad(l, "nested too deeply");
    SkValue v = load_obj(l, tag);
    l->depth--;
    return v;
}

SkValue sk_marshal_loads(SkVM *vm, const uint8_t *data, size_t len) {
    Loader l = {.vm = vm, .p = data, .end = data + len};
    if (len < 4 || memcmp(data, "SKM", 3) != 0)
        return sk_raise(vm, vm->exc.ValueError, "bad marshal data (not Skein's format)");
    if (data[3] != SK_MARSHAL_VERSION)
        return sk_raise(vm, vm->exc.ValueError, "bad marshal data (version %d, expected %d)",
                        (int)data[3], SK_MARSHAL_VERSION);
    l.p += 4;
    l.objs = sk_list_new(vm, 0);
    if (!l.objs) return SK_ERR;
    sk_gc_push_root(vm, sk_obj(l.objs));
    SkValue v = load(&l);
    if (!SK_IS_ERR(v) && l.p != l.end) v = bad(&l, "extra data after the value");
    if (SK_IS_ERR(v) && !sk_exc_matches(vm, vm->exc.ValueError) &&
        !sk_exc_matches(vm, vm->exc.MemoryError)) {
        // What the data made go wrong (an unhashable key, arguments an
        // exception class refuses): the data is bad.
        SkValue e = sk_take_exc(vm);
        SkStr *m = SK_IS_KIND(e, SK_EXCEPTION) ? sk_str_of(vm, e) : NULL;
        if (!m) sk_clear_exc(vm);
        SkClass *c = sk_class_of(vm, e);
        v = sk_raise(vm, vm->exc.ValueError, "bad marshal data (%s: %s)",
                     c && c->name ? c->name->data : "error", m ? m->data : "");
    }
    sk_gc_pop_root(vm);
    return v;
}
