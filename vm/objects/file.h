// vm/objects/file.h -- file objects (kind SK_FILE) made by the builtin open():
// a stdio FILE plus the mode facts. Text files read and write str in
// UTF-8 with universal newlines on input; binary files read and write
// bytes. vm/core/gc.c marks them with sk_file_mark and closes (flushing) the
// ones that become garbage or survive to VM teardown with sk_file_free,
// so no written data is ever lost.
#ifndef SK_VM_OBJECTS_FILE_H
#define SK_VM_OBJECTS_FILE_H
#include "vm/core/state.h"
#include <stdio.h>

typedef struct SkFile {
    SkObj obj;
    FILE *fp;        // NULL once closed
    SkValue name;    // the path str (or fd int) given to open()
    SkStr *mode;     // the mode string as given ("r", "wb", "a+")
    SkStr *encoding; // as given to open() (a spelling of UTF-8), else "UTF-8"; NULL for binary
    bool binary, readable, writable;
    int last_op; // 0 none, 1 read, 2 write: stdio needs a seek/flush between them
    struct SkFile *open_prev, *open_next; // vm->open_files, in the order opened, while open
} SkFile;

// The OSError subclass CPython raises for errno err (FileNotFoundError for
// ENOENT, ...), and raising it with args (errno, strerror[, filename]) so
// str() gives "[Errno 2] No such file or directory: 'x'"; filename may be
// SK_UNDEF. Shared with stdlib/ (os, time).
SkClass *sk_file_errno_class(SkVM *vm, int err);
SkValue sk_file_raise_errno(SkVM *vm, int err, SkValue filename) SK_RAISES;

// Close every open file in the order they were opened (VM teardown, so the
// last of several unclosed writes to one path is what the file keeps, as
// with CPython's reference counting).
void sk_file_close_all(SkVM *vm);
void sk_file_mark(SkVM *vm, SkFile *f);
void sk_file_free(SkVM *vm, SkFile *f); // closes (and so flushes) an open file
// open(file, mode='r', buffering=-1, encoding=None, errors=None, newline=None, closefd=True)
SkValue sk_file_open(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames) SK_RAISES;
// The methods of vm->t.file and the `open` builtin in vm->builtins.
void sk_file_init(SkVM *vm);
#endif
