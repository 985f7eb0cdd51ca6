// vm/objects/file.c -- file objects from open(): modes r w a x with + and b,
// UTF-8 text (the only encoding), read/readline/readlines/iteration,
// write/writelines, seek/tell, flush/close and the context-manager
// protocol. A file is a stdio FILE, so reads and writes are buffered;
// close, collection and VM teardown flush it (vm/core/gc.c calls sk_file_free).
//
// Text reads translate "\r\n" and "\r" to "\n" (universal newlines);
// writes do no translation (POSIX). Differences from CPython are listed
// in docs/stdlib.md (one class for text and binary files, OSError for
// io.UnsupportedOperation, no buffering/newline/closefd control).
#include "vm/objects/file.h"
#include "vm/classes/class.h"
#include "vm/classes/error.h"
#include "vm/core/gc.h"
#include "vm/exec/call.h"
#include "vm/exec/import.h"
#include "vm/objects/bytearray.h"
#include "vm/objects/bytes.h"
#include "vm/objects/bytes_methods.h"
#include "vm/objects/dict.h"
#include "vm/objects/iter.h"
#include "vm/objects/list.h"
#include "vm/objects/methods.h"
#include "vm/objects/str.h"
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#define NATIVE(name) static SkValue name(SkVM *vm, SkValue *args, int nargs, SkTuple *kw)

void sk_file_mark(SkVM *vm, SkFile *f) {
    sk_gc_mark_value(vm, f->name);
    if (f->mode) sk_gc_mark_obj(vm, &f->mode->obj);
    if (f->encoding) sk_gc_mark_obj(vm, &f->encoding->obj);
}

// The VM's list of open files (not roots: a collected file is closed, and
// so flushed, by sk_file_free).
static void open_link(SkVM *vm, SkFile *f) {
    f->open_next = NULL;
    f->open_prev = vm->open_files_last;
    if (vm->open_files_last)
        vm->open_files_last->open_next = f;
    else
        vm->open_files = f;
    vm->open_files_last = f;
}

static void open_unlink(SkVM *vm, SkFile *f) {
    if (!f->fp) return;
    if (f->open_prev)
        f->open_prev->open_next = f->open_next;
    else
        vm->open_files = f->open_next;
    if (f->open_next)
        f->open_next->open_prev = f->open_prev;
    else
        vm->open_files_last = f->open_prev;
    f->open_prev = f->open_next = NULL;
}

// Close f (flushing it); the result of fclose.
static int file_close(SkVM *vm, SkFile *f) {
    if (!f->fp) return 0;
    open_unlink(vm, f);
    int r = fclose(f->fp);
    f->fp = NULL;
    return r;
}

void sk_file_free(SkVM *vm, SkFile *f) { file_close(vm, f); }

void sk_file_close_all(SkVM *vm) {
    while (vm->open_files) file_close(vm, vm->open_files);
}

// Before path is opened: flush what this VM's open files hold for the same
// file (device and inode), so `open(p, "w").write(s)` left unclosed is
// seen by the next open(p), as it is in CPython, where the first file
// object is closed as soon as it is dropped.
static void flush_same_file(SkVM *vm, const char *path) {
    struct stat want;
    if (!vm->open_files || stat(path, &want) != 0) return;
    for (SkFile *f = vm->open_files; f; f = f->open_next) {
        struct stat st;
        if (f->writable && fstat(fileno(f->fp), &st) == 0 && st.st_dev == want.st_dev &&
            st.st_ino == want.st_ino)
            fflush(f->fp);
    }
}

SkClass *sk_file_errno_class(SkVM *vm, int err) {
    switch (err) {
    case ENOENT: return vm->exc.FileNotFoundError;
    case EEXIST: return vm->exc.FileExistsError;
    case EACCES:
    case EPERM: return vm->exc.PermissionError;
    case EISDIR: return vm->exc.IsADirectoryError;
    case ENOTDIR: return vm->exc.NotADirectoryError;
    case EAGAIN: return vm->exc.BlockingIOError;
    case ECHILD: return vm->exc.ChildProcessError;
    case EPIPE:
    case ESHUTDOWN: return vm->exc.BrokenPipeError;
    case ECONNABORTED: return vm->exc.ConnectionAbortedError;
    case ECONNREFUSED: return vm->exc.ConnectionRefusedError;
    case ECONNRESET: return vm->exc.ConnectionResetError;
    case EINTR: return vm->exc.InterruptedError;
    case ESRCH: return vm->exc.ProcessLookupError;
    case ETIMEDOUT: return vm->exc.TimeoutError;
    default: return vm->exc.OSError;
    }
}

SkValue sk_file_raise_errno(SkVM *vm, int err, SkValue filename) {
    SkStr *msg = sk_str_cstr(vm, strerror(err));
    if (!msg) return SK_ERR;
    SkValue a[3] = {sk_int(err), sk_obj(msg), filename};
    SkValue exc = sk_exc_new(vm, sk_file_errno_class(vm, err), a, SK_IS_UNDEF(filename) ? 2 : 3);
    return SK_IS_ERR(exc) ? SK_ERR : sk_raise_value(vm, exc);
}

// self as an open file for method `meth`; raises otherwise.
static SkFile *open_file(SkVM *vm, SkValue self, const char *meth) {
    if (!SK_IS_KIND(self, SK_FILE)) {
        sk_lib_bad_self(vm, meth, "_io.TextIOWrapper", self);
        return NULL;
    }
    SkFile *f = (SkFile *)SK_AS_OBJ(self);
    if (!f->fp) {
        sk_raise(vm, vm->exc.ValueError, "I/O operation on closed file.");
        return NULL;
    }
    return f;
}

static SkFile *for_reading(SkVM *vm, SkValue self, const char *meth) {
    SkFile *f = open_file(vm, self, meth);
    if (!f) return NULL;
    if (!f->readable) {
        sk_raise(vm, vm->exc.OSError, "not readable");
        return NULL;
    }
    if (f->last_op == 2) fflush(f->fp);
    f->last_op = 1;
    return f;
}

static SkFile *for_writing(SkVM *vm, SkValue self, const char *meth) {
    SkFile *f = open_file(vm, self, meth);
    if (!f) return NULL;
    if (!f->writable) {
        sk_raise(vm, vm->exc.OSError, "not writable");
        return NULL;
    }
    if (f->last_op == 1) fseek(f->fp, 0, SEEK_CUR);
    f->last_op = 2;
    return f;
}

// One byte of text with universal newlines: "\r\n" and "\r" read as "\n".
// getc_unlocked: a VM runs on one thread, so stdio locking is wasted work.
static int text_getc(FILE *fp) {
    int c = getc_unlocked(fp);
    if (c == '\r') {
        int d = getc_unlocked(fp);
        if (d != '\n' && d != EOF) ungetc(d, fp);
        return '\n';
    }
    return c;
}

static SkValue finish(SkVM *vm, SkFile *f, SkBuf *b) {
    if (ferror(f->fp)) {
        int e = errno;
        clearerr(f->fp);
        sk_buf_free(b);
        return sk_file_raise_errno(vm, e ? e : EIO, SK_UNDEF);
    }
    const uint8_t *data = (const uint8_t *)(b->data ? b->data : "");
    SkValue r;
    if (f->binary) {
        SkBytes *bytes = sk_bytes_new(vm, data, b->len);
        r = bytes ? sk_obj(bytes) : SK_ERR;
    } else {
        r = sk_lib_decode(vm, data, b->len, NULL, NULL);
    }
    sk_buf_free(b);
    return r;
}

// Read n characters (text) or bytes (binary); n < 0: to the end.
static SkValue read_n(SkVM *vm, SkFile *f, int64_t n) {
    SkBuf b;
    sk_buf_init(&b);
    if (f->binary) {
        char chunk[8192];
        while (n != 0) {
            size_t want = n < 0 || n > (int64_t)sizeof chunk ? sizeof chunk : (size_t)n;
            size_t got = fread(chunk, 1, want, f->fp);
            if (got && !sk_buf_append(vm, &b, chunk, got)) return SK_ERR;
            if (n > 0) n -= (int64_t)got;
            if (got < want) break;
        }
        return finish(vm, f, &b);
    }
    if (n < 0) {
        // Everything left: read in chunks, then apply universal newlines in place.
        char chunk[8192];
        size_t got;
        while ((got = fread(chunk, 1, sizeof chunk, f->fp)) > 0)
            if (!sk_buf_append(vm, &b, chunk, got)) return SK_ERR;
        size_t w = 0;
        for (size_t r = 0; r < b.len; r++) {
            if (b.data[r] == '\r') {
                b.data[w++] = '\n';
                if (r + 1 < b.len && b.data[r + 1] == '\n') r++;
            } else {
                b.data[w++] = b.data[r];
            }
        }
        b.len = w;
        return finish(vm, f, &b);
    }
    int64_t chars = 0;
    int c;
    while (chars < n && (c = text_getc(f->fp)) != EOF) {
        if (!sk_buf_appendc(vm, &b, (char)c)) return SK_ERR;
        // Continuation bytes of a UTF-8 sequence belong to the same character.
        if (((unsigned)c & 0xC0) != 0x80)
            chars++;
        else if (chars > 0)
            continue;
        int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
        for (int i = 0; i < extra; i++) {
            int d = getc_unlocked(f->fp);
            if (d == EOF) break;
            if (((unsigned)d & 0xC0) != 0x80) {
                ungetc(d, f->fp);
                break;
            }
            if (!sk_buf_appendc(vm, &b, (char)d)) return SK_ERR;
        }
    }
    return finish(vm, f, &b);
}

// One line including its "\n" ("" at end of file); limit < 0: no limit.
static SkValue read_line(SkVM *vm, SkFile *f, int64_t limit) {
    SkBuf b;
    sk_buf_init(&b);
    // Bytes gather in a stack buffer first: most lines never touch the heap buffer.
    char small[256];
    size_t used = 0;
    int c;
    int64_t n = 0;
    while ((limit < 0 || n < limit) &&
           (c = f->binary ? getc_unlocked(f->fp) : text_getc(f->fp)) != EOF) {
        if (used == sizeof small) {
            if (!sk_buf_append(vm, &b, small, used)) return SK_ERR;
            used = 0;
        }
        small[used++] = (char)c;
        if (f->binary || ((unsigned)c & 0xC0) != 0x80) n++;
        if (c == '\n') break;
    }
    if (used && !sk_buf_append(vm, &b, small, used)) return SK_ERR;
    return finish(vm, f, &b);
}

static bool size_arg(SkVM *vm, SkValue *args, int nargs, int64_t *n) {
    *n = -1;
    if (nargs < 2 || SK_IS_NONE(args[1])) return true;
    if (!SK_IS_INT(args[1]) && !SK_IS_BOOL(args[1])) {
        sk_raise(vm, vm->exc.TypeError, "argument should be integer or None, not '%T'", args[1]);
        return false;
    }
    *n = SK_AS_INT(args[1]);
    return true;
}

NATIVE(f_read) {
    SkFile *f = for_reading(vm, args[0], "read");
    int64_t n;
    if (!f || !size_arg(vm, args, nargs, &n)) return SK_ERR;
    return read_n(vm, f, n);
}

NATIVE(f_readline) {
    SkFile *f = for_reading(vm, args[0], "readline");
    int64_t n;
    if (!f || !size_arg(vm, args, nargs, &n)) return SK_ERR;
    return read_line(vm, f, n);
}

static int64_t item_len(SkValue v) {
    return SK_IS_STR(v) ? (int64_t)SK_AS_STR(v)->nchars : (int64_t)SK_AS_BYTES(v)->len;
}

NATIVE(f_readlines) {
    SkFile *f = for_reading(vm, args[0], "readlines");
    int64_t hint;
    if (!f || !size_arg(vm, args, nargs, &hint)) return SK_ERR;
    SkList *l = sk_list_new(vm, 8);
    if (!l) return SK_ERR;
    int64_t total = 0;
    for (;;) {
        SkValue line = read_line(vm, f, -1);
        if (SK_IS_ERR(line)) return SK_ERR;
        if (item_len(line) == 0) break;
        if (!sk_list_append(vm, l, line)) return SK_ERR;
        total += item_len(line);
        if (hint > 0 && total >= hint) break;
    }
    return sk_obj(l);
}

NATIVE(f_iter) { return open_file(vm, args[0], "__iter__") ? args[0] : SK_ERR; }

NATIVE(f_next) {
    SkFile *f = for_reading(vm, args[0], "__next__");
    if (!f) return SK_ERR;
    SkValue line = read_line(vm, f, -1);
    if (SK_IS_ERR(line)) return SK_ERR;
    if (item_len(line) == 0) return sk_raise_stopiteration(vm, SK_NONE);
    return line;
}

static bool write_one(SkVM *vm, SkFile *f, SkValue v, int64_t *count) {
    const char *data;
    size_t len;
    SkValue p = sk_payload(v);
    if (f->binary) {
        const uint8_t *bd;
        if (!sk_bytes_like(p, &bd, &len)) {
            sk_raise(vm, vm->exc.TypeError, "a bytes-like object is required, not '%T'", v);
            return false;
        }
        data = (const char *)bd;
        *count = (int64_t)len;
    } else {
        if (!SK_IS_STR(p)) {
            sk_raise(vm, vm->exc.TypeError, "write() argument must be str, not %T", v);
            return false;
        }
        data = SK_AS_STR(p)->data;
        len = SK_AS_STR(p)->len;
        *count = (int64_t)SK_AS_STR(p)->nchars;
    }
    if (len && fwrite(data, 1, len, f->fp) != len) {
        sk_file_raise_errno(vm, errno ? errno : EIO, SK_UNDEF);
        return false;
    }
    return true;
}

NATIVE(f_write) {
    SkFile *f = for_writing(vm, args[0], "write");
    int64_t n;
    if (!f || !write_one(vm, f, args[1], &n)) return SK_ERR;
    return sk_int(n);
}

NATIVE(f_writelines) {
    SkFile *f = for_writing(vm, args[0], "writelines");
    if (!f) return SK_ERR;
    SkValue it = sk_iter(vm, args[1]);
    if (SK_IS_ERR(it)) return SK_ERR;
    for (;;) {
        SkValue v = sk_next(vm, it);
        if (SK_IS_UNDEF(v)) return sk_has_exc(vm) ? SK_ERR : SK_NONE;
        // Skein code in the iterator may have closed the file.
        if (!(f = for_writing(vm, args[0], "writelines"))) return SK_ERR;
        int64_t n;
        if (!write_one(vm, f, v, &n)) return SK_ERR;
    }
}

NATIVE(f_flush) {
    SkFile *f = open_file(vm, args[0], "flush");
    if (!f) return SK_ERR;
    if (fflush(f->fp) != 0) return sk_file_raise_errno(vm, errno, SK_UNDEF);
    return SK_NONE;
}

NATIVE(f_close) {
    if (!SK_IS_KIND(args[0], SK_FILE))
        return sk_lib_bad_self(vm, "close", "_io.TextIOWrapper", args[0]);
    SkFile *f = (SkFile *)SK_AS_OBJ(args[0]);
    if (f->fp && file_close(vm, f) != 0) return sk_file_raise_errno(vm, errno, SK_UNDEF);
    return SK_NONE;
}

NATIVE(f_seek) {
    SkFile *f = open_file(vm, args[0], "seek");
    if (!f) return SK_ERR;
    if (!SK_IS_INT(args[1]) && !SK_IS_BOOL(args[1]))
        return sk_raise(vm, vm->exc.TypeError, "'%T' object cannot be interpreted as an integer",
                        args[1]);
    int64_t off = SK_AS_INT(args[1]), whence = 0;
    if (nargs > 2) {
        if (!SK_IS_INT(args[2]))
            return sk_raise(vm, vm->exc.TypeError,
                            "'%T' object cannot be interpreted as an integer", args[2]);
        whence = SK_AS_INT(args[2]);
    }
    if (whence < 0 || whence > 2)
        return sk_raise(vm, vm->exc.ValueError, "invalid whence (%lld, should be 0, 1 or 2)",
                        (long long)whence);
    if (!f->binary && whence == 1 && off != 0)
        return sk_raise(vm, vm->exc.OSError, "can't do nonzero cur-relative seeks");
    if (!f->binary && whence == 2 && off != 0)
        return sk_raise(vm, vm->exc.OSError, "can't do nonzero end-relative seeks");
    if (!f->binary && whence == 0 && off < 0)
        return sk_raise(vm, vm->exc.ValueError, "negative seek position %lld", (long long)off);
    if (fseeko(f->fp, (off_t)off, whence == 0 ? SEEK_SET : whence == 1 ? SEEK_CUR : SEEK_END) != 0)
        return sk_file_raise_errno(vm, errno, SK_UNDEF);
    f->last_op = 0;
    return sk_int((int64_t)ftello(f->fp));
}

NATIVE(f_tell) {
    SkFile *f = open_file(vm, args[0], "tell");
    if (!f) return SK_ERR;
    off_t p = ftello(f->fp);
    if (p < 0) return sk_file_raise_errno(vm, errno, SK_UNDEF);
    return sk_int((int64_t)p);
}

NATIVE(f_fileno) {
    SkFile *f = open_file(vm, args[0], "fileno");
    return f ? sk_int(fileno(f->fp)) : SK_ERR;
}

NATIVE(f_isatty) {
    SkFile *f = open_file(vm, args[0], "isatty");
    return f ? sk_bool(isatty(fileno(f->fp))) : SK_ERR;
}

NATIVE(f_readable) {
    SkFile *f = open_file(vm, args[0], "readable");
    return f ? sk_bool(f->readable) : SK_ERR;
}

NATIVE(f_writable) {
    SkFile *f = open_file(vm, args[0], "writable");
    return f ? sk_bool(f->writable) : SK_ERR;
}

NATIVE(f_seekable) {
    SkFile *f = open_file(vm, args[0], "seekable");
    return f ? sk_bool(ftello(f->fp) >= 0) : SK_ERR;
}

NATIVE(f_enter) { return open_file(vm, args[0], "__enter__") ? args[0] : SK_ERR; }

NATIVE(f_exit) {
    SkValue r = f_close(vm, args, 1, NULL);
    return SK_IS_ERR(r) ? SK_ERR : SK_NONE;
}

static SkFile *any_file(SkVM *vm, SkValue self, const char *what) {
    if (SK_IS_KIND(self, SK_FILE)) return (SkFile *)SK_AS_OBJ(self);
    sk_lib_bad_self(vm, what, "_io.TextIOWrapper", self);
    return NULL;
}

NATIVE(f_name) {
    SkFile *f = any_file(vm, args[0], "name");
    return f ? f->name : SK_ERR;
}

NATIVE(f_mode) {
    SkFile *f = any_file(vm, args[0], "mode");
    return f ? sk_obj(f->mode) : SK_ERR;
}

NATIVE(f_closed) {
    SkFile *f = any_file(vm, args[0], "closed");
    return f ? sk_bool(f->fp == NULL) : SK_ERR;
}

NATIVE(f_encoding) {
    SkFile *f = any_file(vm, args[0], "encoding");
    if (!f) return SK_ERR;
    if (f->binary)
        return sk_raise(vm, vm->exc.AttributeError,
                        "'_io.BufferedReader' object has no attribute 'encoding'");
    return f->encoding ? sk_obj(f->encoding) : SK_ERR;
}

NATIVE(f_repr) {
    SkFile *f = any_file(vm, args[0], "__repr__");
    if (!f) return SK_ERR;
    SkStr *s;
    if (!f->binary)
        s = sk_str_format(vm, "<_io.TextIOWrapper name=%R mode=%R encoding=%R>", f->name,
                          sk_obj(f->mode), sk_obj(f->encoding));
    else
        s = sk_str_format(vm, "<_io.%s name=%R>",
                          f->readable && f->writable ? "BufferedRandom"
                          : f->readable              ? "BufferedReader"
                                                     : "BufferedWriter",
                          f->name);
    return s ? sk_obj(s) : SK_ERR;
}

// Is enc a spelling of UTF-8 ("utf-8", "UTF8", "utf_8")?
static bool is_utf8(const char *enc) {
    char norm[16];
    size_t n = 0;
    for (const char *p = enc; *p && n < sizeof norm - 1; p++)
        if (*p != '-' && *p != '_') norm[n++] = (char)tolower((unsigned char)*p);
    norm[n] = 0;
    return strlen(enc) < 12 && strcmp(norm, "utf8") == 0;
}

SkValue sk_file_open(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames) {
    static const char *const names[] = {"file",   "mode",    "buffering", "encoding",
                                        "errors", "newline", "closefd"};
    SkValue a[7];
    if (!sk_bind_args(vm, "open", args, nargs, kwnames, names, 7, 1, a)) return SK_ERR;
    SkValue file = sk_payload(a[0]);
    if (!SK_IS_STR(file) && !SK_IS_INT(file))
        return sk_raise(vm, vm->exc.TypeError, "expected str, bytes or os.PathLike object, not %T",
                        a[0]);
    SkStr *mode = SK_IS_UNDEF(a[1]) ? sk_str_intern_cstr(vm, "r") : NULL;
    if (!mode) {
        if (!SK_IS_STR(a[1]))
            return sk_raise(vm, vm->exc.TypeError, "open() argument 'mode' must be str, not %T",
                            a[1]);
        mode = SK_AS_STR(a[1]);
    }
    // Validate the mode as CPython's _io.open does.
    int creating = 0, reading = 0, writing = 0, appending = 0, updating = 0, text = 0, binary = 0;
    for (size_t i = 0; i < mode->len; i++) {
        char c = mode->data[i];
        int *flag = c == 'x'   ? &creating
                    : c == 'r' ? &reading
                    : c == 'w' ? &writing
                    : c == 'a' ? &appending
                    : c == '+' ? &updating
                    : c == 't' ? &text
                    : c == 'b' ? &binary
                               : NULL;
        if (!flag || *flag) return sk_raise(vm, vm->exc.ValueError, "invalid mode: '%N'", mode);
        *flag = 1;
    }
    if (text && binary)
        return sk_raise(vm, vm->exc.ValueError, "can't have text and binary mode at once");
    if (creating + reading + writing + appending > 1)
        return sk_raise(vm, vm->exc.ValueError,
                        "must have exactly one of create/read/write/append mode");
    if (creating + reading + writing + appending == 0)
        return sk_raise(
            vm, vm->exc.ValueError,
            "Must have exactly one of create/read/write/append mode and at most one plus");
    SkValue enc = a[3];
    if (binary && !SK_IS_UNDEF(enc) && !SK_IS_NONE(enc))
        return sk_raise(vm, vm->exc.ValueError, "binary mode doesn't take an encoding argument");
    if (binary && !SK_IS_UNDEF(a[4]) && !SK_IS_NONE(a[4]))
        return sk_raise(vm, vm->exc.ValueError, "binary mode doesn't take an errors argument");
    if (binary && !SK_IS_UNDEF(a[5]) && !SK_IS_NONE(a[5]))
        return sk_raise(vm, vm->exc.ValueError, "binary mode doesn't take a newline argument");
    if (!SK_IS_UNDEF(enc) && !SK_IS_NONE(enc)) {
        if (!SK_IS_STR(enc))
            return sk_raise(vm, vm->exc.TypeError,
                            "open() argument 'encoding' must be str or None, not %T", enc);
        if (!is_utf8(SK_AS_STR(enc)->data)) {
            static const char *const known[] = {"ascii",  "latin-1", "latin1", "iso-8859-1",
                                                "utf-16", "utf-32",  "cp1252", "utf-8-sig",
                                                "cp437",  "us-ascii"};
            for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
                if (strcasecmp(known[i], SK_AS_STR(enc)->data) == 0)
                    return sk_raise(vm, vm->exc.ValueError,
                                    "encoding '%N' is not supported: Skein files are UTF-8 only",
                                    SK_AS_STR(enc));
            return sk_raise(vm, vm->exc.LookupError, "unknown encoding: %N", SK_AS_STR(enc));
        }
    }
    const char *cmode = reading     ? (updating ? "r+" : "r")
                        : writing   ? (updating ? "w+" : "w")
                        : appending ? (updating ? "a+" : "a")
                                    : (updating ? "w+x" : "wx");
    FILE *fp;
    if (SK_IS_INT(file)) {
        if (SK_AS_INT(file) < 0)
            return sk_raise(vm, vm->exc.ValueError, "negative file descriptor");
        fp = fdopen((int)SK_AS_INT(file), cmode);
    } else {
        if (strlen(SK_AS_STR(file)->data) != SK_AS_STR(file)->len)
            return sk_raise(vm, vm->exc.ValueError, "embedded null byte");
        flush_same_file(vm, SK_AS_STR(file)->data);
        fp = fopen(SK_AS_STR(file)->data, cmode);
    }
    if (!fp) return sk_file_raise_errno(vm, errno, file);
    struct stat st;
    if (fstat(fileno(fp), &st) == 0 && S_ISDIR(st.st_mode)) {
        fclose(fp);
        return sk_file_raise_errno(vm, EISDIR, file);
    }
    SkFile *f = sk_gc_alloc(vm, SK_FILE, sizeof(SkFile));
    if (!f) {
        fclose(fp);
        return SK_ERR;
    }
    f->fp = fp;
    f->name = file;
    f->mode = mode;
    f->binary = binary;
    if (!binary) f->encoding = SK_IS_STR(enc) ? SK_AS_STR(enc) : sk_str_intern_cstr(vm, "UTF-8");
    if (!binary && !f->encoding) return SK_ERR;
    f->readable = reading || updating;
    f->writable = !reading || updating;
    open_link(vm, f);
    return sk_obj(f);
}

static SkValue bi_open(SkVM *vm, SkValue *args, int nargs, SkTuple *kw) {
    return sk_file_open(vm, args, nargs, kw);
}

static void define_getter(SkVM *vm, SkClass *cls, const char *name, SkNativeFn fn) {
    SkNative *n = sk_native_new(vm, name, fn, 1, 1, false);
    SkProperty *p = n ? sk_gc_alloc(vm, SK_PROPERTY, sizeof(SkProperty)) : NULL;
    if (!p) return;
    p->fget = sk_obj(n);
    p->fset = p->fdel = p->doc = SK_NONE;
    sk_dict_set_cstr(vm, cls->dict, name, sk_obj(p));
}

void sk_file_init(SkVM *vm) {
    SkClass *c = vm->t.file;
    if (!c) return;
    SkStr *mod = sk_str_intern_cstr(vm, "_io");
    if (mod) sk_dict_set_str(vm, c->dict, vm->names.module, sk_obj(mod));
    static const struct {
        const char *name;
        SkNativeFn fn;
        int min, max;
    } meths[] = {
        {"read", f_read, 1, 2},
        {"readline", f_readline, 1, 2},
        {"readlines", f_readlines, 1, 2},
        {"write", f_write, 2, 2},
        {"writelines", f_writelines, 2, 2},
        {"flush", f_flush, 1, 1},
        {"close", f_close, 1, 1},
        {"seek", f_seek, 2, 3},
        {"tell", f_tell, 1, 1},
        {"fileno", f_fileno, 1, 1},
        {"isatty", f_isatty, 1, 1},
        {"readable", f_readable, 1, 1},
        {"writable", f_writable, 1, 1},
        {"seekable", f_seekable, 1, 1},
        {"__enter__", f_enter, 1, 1},
        {"__exit__", f_exit, 1, 4},
        {"__iter__", f_iter, 1, 1},
        {"__next__", f_next, 1, 1},
        {"__repr__", f_repr, 1, 1},
    };
    for (size_t i = 0; i < sizeof meths / sizeof meths[0]; i++)
        sk_define_method(vm, c, meths[i].name, meths[i].fn, meths[i].min, meths[i].max, false);
    define_getter(vm, c, "name", f_name);
    define_getter(vm, c, "mode", f_mode);
    define_getter(vm, c, "closed", f_closed);
    define_getter(vm, c, "encoding", f_encoding);
    if (vm->builtins) sk_define_native(vm, vm->builtins, "open", bi_open, 1, 7, true);
}
