// vm/core/object.h -- the heap object header and the layout of every built-in
// object kind. Each kind's operations live in its own file (vm/objects/str.c,
// vm/objects/list.c, ...); this header only fixes the memory layout, so the GC
// (vm/core/gc.c) and the dispatch loop (vm/exec/vm.c) can look inside.
//
// Every object starts with SkObj. Objects are allocated zeroed by
// sk_gc_alloc(), linked on vm->objects for the sweep, and put in the GC
// arena (vm/core/gc.h) so C code may hold fresh objects safely until the
// dispatch loop next resets the arena.
#ifndef SK_VM_CORE_OBJECT_H
#define SK_VM_CORE_OBJECT_H
#include "vm/core/value.h"

typedef enum SkKind {
    SK_STR,
    SK_BYTES,
    SK_TUPLE,
    SK_LIST,
    SK_DICT,
    SK_SET, // set and frozenset (flag SK_FLAG_FROZEN)
    SK_RANGE,
    SK_SLICE,
    SK_CELL,         // a closure cell
    SK_CODE,         // compiled code object (vm/objects/code.h)
    SK_FUNCTION,     // Skein function: code + globals + defaults + cells
    SK_NATIVE,       // C function or method
    SK_BOUND_METHOD, // self bound to a function or native
    SK_CLASS,        // a class, built-in or user-defined
    SK_INSTANCE,     // instance of a user class
    SK_EXCEPTION,    // instance of a BaseException subclass
    SK_MODULE,
    SK_ITER,      // built-in iterators (list, range, str, dict, zip, map, ...)
    SK_DICT_VIEW, // dict.keys()/values()/items()
    SK_GENERATOR, // a suspended Skein frame
    SK_PROPERTY,  // property / staticmethod / classmethod wrappers
    SK_SUPER,
    SK_FILE,
    SK_TASKLET,
    SK_CHANNEL,
    SK_RESOURCE,  // owns an outside resource: socket, process (vm/objects/resource.h)
    SK_BIGINT,    // an int outside int64 (vm/objects/bigint.h)
    SK_BYTEARRAY, // mutable bytes (vm/objects/bytearray.h)
    SK_COMPLEX,   // a complex number (vm/objects/complex.h)
    SK_KIND_COUNT
} SkKind;

// Object flags (SkObj.flags).
#define SK_FLAG_FROZEN 0x01    // frozenset
#define SK_FLAG_INTERNED 0x02  // SkStr in vm->strings
#define SK_FLAG_HASHED 0x04    // cached hash is valid (str, bytes, tuple)
#define SK_FLAG_FINALIZED 0x08 // __del__ was queued once: never again (vm/core/gc.c)

struct SkObj {
    struct SkObj *next; // all objects, for the sweep
    uint8_t kind;       // SkKind
    uint8_t marked;     // GC mark bit
    uint16_t flags;     // SK_FLAG_*
    uint32_t extra;     // free for a kind's own use (SK_ITER: subkind, ...)
};

#define SK_OBJ_KIND(v) (SK_AS_OBJ(v)->kind)
#define SK_IS_KIND(v, k) (SK_IS_OBJ(v) && SK_AS_OBJ(v)->kind == (k))
#define SK_IS_STR(v) SK_IS_KIND(v, SK_STR)
#define SK_IS_LIST(v) SK_IS_KIND(v, SK_LIST)
#define SK_IS_TUPLE(v) SK_IS_KIND(v, SK_TUPLE)
#define SK_IS_DICT(v) SK_IS_KIND(v, SK_DICT)

typedef struct SkClass SkClass;
typedef struct SkDict SkDict;
typedef struct SkTuple SkTuple;
typedef struct SkStr SkStr;
typedef struct SkCode SkCode;

// Immutable UTF-8 text, NUL-terminated for convenience. Indexing is by
// code point: O(1) when ascii, a scan otherwise.
struct SkStr {
    SkObj obj;
    uint64_t hash; // valid when obj.flags & SK_FLAG_HASHED
    size_t len;    // bytes, excluding the NUL
    size_t nchars; // code points
    bool ascii;    // len == nchars
    char data[];
};
#define SK_AS_STR(v) ((SkStr *)SK_AS_OBJ(v))

typedef struct SkBytes {
    SkObj obj;
    uint64_t hash;
    size_t len;
    uint8_t data[]; // NUL after the last byte, not counted
} SkBytes;
#define SK_AS_BYTES(v) ((SkBytes *)SK_AS_OBJ(v))

// bytearray: a growable buffer (len used of cap, malloc'd).
typedef struct SkByteArray {
    SkObj obj;
    size_t len, cap;
    uint8_t *data;
} SkByteArray;
#define SK_AS_BYTEARRAY(v) ((SkByteArray *)SK_AS_OBJ(v))

typedef struct SkComplex {
    SkObj obj;
    double re, im;
} SkComplex;
#define SK_AS_COMPLEX(v) ((SkComplex *)SK_AS_OBJ(v))

struct SkTuple {
    SkObj obj;
    uint64_t hash;
    size_t len;
    SkValue items[];
};
#define SK_AS_TUPLE(v) ((SkTuple *)SK_AS_OBJ(v))

typedef struct SkList {
    SkObj obj;
    size_t len, cap;
    SkValue *items; // malloc'd, owned
} SkList;
#define SK_AS_LIST(v) ((SkList *)SK_AS_OBJ(v))

// Insertion-ordered hash table, the layout of CPython's compact dict: an
// index array of slots pointing into a dense entries array. A deleted
// entry keeps its place with key SK_UNDEF until the next resize.
typedef struct SkDictEntry {
    SkValue key; // SK_UNDEF: deleted
    SkValue value;
    uint64_t hash;
} SkDictEntry;

struct SkDict {
    SkObj obj;
    size_t len;      // live entries
    size_t nentries; // used entries, deleted included
    size_t cap;      // capacity of entries
    size_t mask;     // index size - 1 (index size is a power of two)
    int64_t *index;  // -1 empty, -2 deleted, else entry number
    SkDictEntry *entries;
};
#define SK_AS_DICT(v) ((SkDict *)SK_AS_OBJ(v))

// Sets follow CPython's setobject.c probing and growth exactly, so a set
// of ints prints in the same order CPython prints it.
typedef struct SkSetEntry {
    SkValue key; // SK_UNDEF: empty; tag SK_T_NONE with hash -1: dummy (see set.c)
    uint64_t hash;
} SkSetEntry;

typedef struct SkSet {
    SkObj obj;
    size_t fill;       // active + dummy
    size_t used;       // active
    size_t mask;       // table size - 1
    size_t finger;     // for pop()
    SkSetEntry *table; // malloc'd
} SkSet;
#define SK_AS_SET(v) ((SkSet *)SK_AS_OBJ(v))

typedef struct SkRange {
    SkObj obj;
    int64_t start, stop, step;
    int64_t len;
} SkRange;
#define SK_AS_RANGE(v) ((SkRange *)SK_AS_OBJ(v))

typedef struct SkSlice {
    SkObj obj;
    SkValue start, stop, step; // SK_NONE when omitted
} SkSlice;
#define SK_AS_SLICE(v) ((SkSlice *)SK_AS_OBJ(v))

typedef struct SkCell {
    SkObj obj;
    SkValue value; // SK_UNDEF while unbound
} SkCell;
#define SK_AS_CELL(v) ((SkCell *)SK_AS_OBJ(v))

typedef struct SkFunction {
    SkObj obj;
    SkCode *code;
    SkDict *globals;    // module namespace the function was defined in
    SkTuple *defaults;  // positional defaults, or NULL
    SkDict *kwdefaults; // keyword-only defaults, or NULL
    SkTuple *closure;   // SkCell per free variable, or NULL
    SkStr *name;
    SkStr *qualname;
    SkDict *dict; // function attributes, created on first store
    SkValue doc;
} SkFunction;
#define SK_AS_FUNCTION(v) ((SkFunction *)SK_AS_OBJ(v))

// C functions. args[0..nargs) are positional; if kwnames is not NULL its
// len(kwnames) names belong to the last len(kwnames) entries of args
// (so nargs counts them too). A method gets self as args[0].
// Returns the result, or SK_ERR with the exception pending (vm/classes/error.h).
// args live on the VM stack: they are GC roots for the call's duration, and
// args[-1] is the call's function slot, which holds the native itself (a
// native made at run time finds its `data` there).
typedef SkValue (*SkNativeFn)(SkVM *vm, SkValue *args, int nargs, SkTuple *kwnames);

typedef struct SkNative {
    SkObj obj;
    SkNativeFn fn;
    SkStr *name;      // e.g. "append"
    SkClass *owner;   // class for methods ("list.append"), else NULL
    int16_t min_args; // checked before the call, self included for methods
    int16_t max_args; // -1: no upper bound
    bool takes_kw;    // false: keyword arguments raise TypeError before the call
    uint8_t proto;    // SK_NATIVE_PROTO_*: the VM converts user args by frames first (vm/exec/vm.c)
    SkValue data;     // free slot for natives made at run time (closures in C)
    SkStr *doc;       // __doc__, or NULL (None)
} SkNative;
#define SK_AS_NATIVE(v) ((SkNative *)SK_AS_OBJ(v))
// SkNative.proto: builtins whose user-instance arguments get their Skein
// __str__/__repr__ run as frames from CALL (so a tasklet may block there).
#define SK_NATIVE_PROTO_PRINT 1 // print: each positional arg through __str__
#define SK_NATIVE_PROTO_REPR 2  // repr: the one arg's __repr__ is the result

typedef struct SkBoundMethod {
    SkObj obj;
    SkValue self;
    SkValue func; // SkFunction or SkNative
} SkBoundMethod;
#define SK_AS_BOUND(v) ((SkBoundMethod *)SK_AS_OBJ(v))

// A class. Built-in types are classes too (vm->t_list, ...): their methods
// are SkNative entries in dict, so attribute lookup is one path for all.
struct SkClass {
    SkObj obj;
    SkStr *name;
    SkStr *qualname;
    SkTuple *bases;    // tuple of SkClass
    SkTuple *mro;      // C3 linearization, self first
    SkDict *dict;      // attributes and methods
    uint8_t inst_kind; // SkKind of instances (SK_INSTANCE for user classes)
    uint8_t builtin;   // 1 for classes created by the VM in C
    uint16_t cflags;   // SK_CLASS_* below
    // Calling a built-in type (int("3"), list(x)) runs this; NULL for user
    // classes, which go through __new__/__init__. args exclude the class.
    SkNativeFn construct;
    SkClass *builtin_base; // nearest built-in class in the mro (object, list, Exception...)
    SkClass *meta;         // the class's class when not `type` (class C(metaclass=M)), else NULL
};
#define SK_AS_CLASS(v) ((SkClass *)SK_AS_OBJ(v))
#define SK_CLASS_HAS_GETATTR 0x01 // defines __getattr__ (slow path in LOAD_ATTR)
#define SK_CLASS_HAS_SETATTR 0x02 // a Skein __setattr__ in the mro (vm/classes/class.c)
#define SK_CLASS_HAS_DELATTR 0x04 // a Skein __delattr__ in the mro
#define SK_CLASS_HAS_GETATTRIBUTE                                                                  \
    0x08                       // a Skein __getattribute__ in the mro (slow path in LOAD_ATTR)
#define SK_CLASS_SLOTS 0x10    // every class of the mro but object has __slots__ (no __dict__)
#define SK_CLASS_ABSTRACT 0x20 // a true __abstractmethods__ was set on it: no instances
#define SK_CLASS_INST_DICT                                                                         \
    0x40                      // a built-in class whose instances take attributes (SimpleNamespace)
#define SK_CLASS_HAS_DEL 0x80 // defines __del__: unreachable instances are finalized first

// Instance of a user-defined class. A subclass of a built-in container
// keeps the container in `base` (list/dict payload).
typedef struct SkInstance {
    SkObj obj;
    SkClass *cls;
    SkDict *dict; // instance attributes (created at allocation)
    SkValue base; // payload for subclasses of list/dict/..., else SK_UNDEF
} SkInstance;
#define SK_AS_INSTANCE(v) ((SkInstance *)SK_AS_OBJ(v))

// Exceptions are instances whose class derives from BaseException.
typedef struct SkException {
    SkInstance inst; // cls, dict: as for any instance
    SkTuple *args;
    SkList *traceback; // flat [code, line, code, line, ...], innermost last
    SkValue cause;     // raise ... from cause, else SK_NONE
    SkValue context;   // exception being handled when this was raised, else SK_NONE
    bool suppress_context;
    SkValue tb_object;    // the __traceback__ chain last built (vm/classes/frame_object.c)
    size_t tb_object_len; // traceback->len it was built from
} SkException;
#define SK_AS_EXC(v) ((SkException *)SK_AS_OBJ(v))

typedef struct SkModule {
    SkObj obj;
    SkStr *name;
    SkDict *dict; // the module's globals
} SkModule;
#define SK_AS_MODULE(v) ((SkModule *)SK_AS_OBJ(v))

// Built-in iterators share one layout; obj.extra holds the SkIterKind and
// `cls` gives type(it) (list_iterator, range_iterator, zip, map, ...).
typedef enum SkIterKind {
    SK_IT_LIST,
    SK_IT_TUPLE,
    SK_IT_RANGE,
    SK_IT_STR,
    SK_IT_BYTES,
    SK_IT_DICT_KEYS,
    SK_IT_DICT_VALUES,
    SK_IT_DICT_ITEMS,
    SK_IT_SET,
    SK_IT_LIST_REVERSE,
    SK_IT_ENUMERATE,
    SK_IT_ZIP,
    SK_IT_MAP,
    SK_IT_FILTER,
    SK_IT_SEQ,      // generic __getitem__ iteration
    SK_IT_CALLABLE, // iter(callable, sentinel)
    SK_IT_OTHER,
} SkIterKind;

typedef struct SkIter {
    SkObj obj;
    SkClass *cls;
    SkValue src;        // the iterated object (or a tuple of iterators for zip/map)
    SkValue fn;         // map/filter function, enumerate's unused
    int64_t i, n, step; // position, end / expected length, step
    size_t mutation;    // dicts/sets: size seen at start, to raise "changed size"
} SkIter;
#define SK_AS_ITER(v) ((SkIter *)SK_AS_OBJ(v))

typedef struct SkDictView {
    SkObj obj;
    SkDict *dict; // obj.extra: 0 keys, 1 values, 2 items
} SkDictView;

// A wrapper object: property (fget/fset/fdel), staticmethod, classmethod.
typedef struct SkProperty {
    SkObj obj; // obj.extra: 0 property, 1 staticmethod, 2 classmethod
    SkValue fget, fset, fdel, doc;
} SkProperty;

typedef struct SkSuper {
    SkObj obj;
    SkClass *start; // search the mro after this class
    SkValue self;
} SkSuper;

#endif
