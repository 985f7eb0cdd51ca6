// vm/objects/bytes.c -- bytes objects: immutable byte strings allocated inline
// with their header (NUL-terminated for C's convenience), their hash and
// repr. Methods (decode, hex, split, ...) live in vm/objects/bytes_methods.c;
// indexing, slicing and comparison are in the generic ops.
#include "vm/objects/bytes.h"
#include "vm/classes/error.h"
#include "vm/core/gc.h"
#include "vm/exec/import.h"
#include "vm/objects/str.h"
#include <stdio.h>

SkBytes *sk_bytes_new(SkVM *vm, const uint8_t *data, size_t len) {
    if (len > SIZE_MAX - sizeof(SkBytes) - 1) {
        sk_raise_nomem(vm);
        return NULL;
    }
    SkBytes *b = sk_gc_alloc(vm, SK_BYTES, sizeof(SkBytes) + len + 1);
    if (!b) return NULL;
    b->len = len;
    if (len && data) memcpy(b->data, data, len);
    b->data[len] = 0;
    return b;
}

SkBytes *sk_bytes_concat(SkVM *vm, SkBytes *a, SkBytes *b) {
    SkBytes *r = sk_bytes_new(vm, NULL, a->len + b->len);
    if (!r) return NULL;
    memcpy(r->data, a->data, a->len);
    memcpy(r->data + a->len, b->data, b->len);
    return r;
}

// Same function as str hashes use, so b'' and '' agree in distribution.
uint64_t sk_bytes_hash(SkBytes *b) {
    if (b->obj.flags & SK_FLAG_HASHED) return b->hash;
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < b->len; i++) {
        h ^= b->data[i];
        h *= 1099511628211ULL;
    }
    if (h == UINT64_MAX) h = UINT64_MAX - 1;
    b->hash = h;
    b->obj.flags |= SK_FLAG_HASHED;
    return h;
}

SkStr *sk_bytes_repr(SkVM *vm, SkBytes *b) {
    bool has_sq = memchr(b->data, '\'', b->len) != NULL;
    bool has_dq = memchr(b->data, '"', b->len) != NULL;
    char q = (has_sq && !has_dq) ? '"' : '\'';
    SkBuf buf;
    sk_buf_init(&buf);
    bool ok = sk_buf_appendc(vm, &buf, 'b') && sk_buf_appendc(vm, &buf, q);
    for (size_t i = 0; ok && i < b->len; i++) {
        uint8_t c = b->data[i];
        char esc[8];
        if (c == (uint8_t)q || c == '\\') {
            esc[0] = '\\';
            esc[1] = (char)c;
            ok = sk_buf_append(vm, &buf, esc, 2);
        } else if (c == '\n')
            ok = sk_buf_append(vm, &buf, "\\n", 2);
        else if (c == '\t')
            ok = sk_buf_append(vm, &buf, "\\t", 2);
        else if (c == '\r')
            ok = sk_buf_append(vm, &buf, "\\r", 2);
        else if (c < 0x20 || c >= 0x7f) {
            snprintf(esc, sizeof esc, "\\x%02x", c);
            ok = sk_buf_append(vm, &buf, esc, 4);
        } else
            ok = sk_buf_appendc(vm, &buf, (char)c);
    }
    if (!ok || !sk_buf_appendc(vm, &buf, q)) {
        sk_buf_free(&buf);
        return NULL;
    }
    return sk_buf_finish(vm, &buf);
}
