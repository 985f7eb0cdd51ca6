// vm/exec/opcodes.h -- the instruction set: one table, one line per opcode
// (X-macro), holding everything any part of Skein knows about an opcode.
//
// An instruction is one uint32_t: op = ins & 0xff, arg = ins >> 8 (24 bits,
// unsigned). Jump targets are absolute instruction indexes into code->code.
// The columns of SK_OPCODES:
//   arg     what the argument is (SkOpArg below)
//   effect  values pushed minus values popped when the instruction falls
//           through, an int expression of `arg`
//   jump    the same when it jumps to its target (SK_ARG_JUMP only, else 0)
//   flags   SK_OPF_CACHE: followed by one extra word, an inline-cache slot
//           number unique within the code object and < code->ncaches (the
//           VM owns what the slot holds, vm/exec/vm_cache.h);
//           SK_OPF_STOP: never falls through (return, raise, jump)
//   doc     the stack picture [before] -> [after], top of stack on the
//           right; "slots[i]" is local slot i of the frame
// Every use expands the same list with all six columns, so an opcode with a
// column missing does not compile. parser/compile.c emits the instructions
// and checks stack depths with the effects, vm/exec/vm.c runs them,
// vm/exec/debug.c prints them (skein --dis). Add new opcodes at the end of
// their group; never reuse a number for a different meaning within one build.
//
// Exception handling is table driven (SkHandler in vm/objects/code.h): no opcode
// sets up a block. The patterns the compiler emits:
//
//   try/except:   body                      ; handler H1 [body) depth D -> X
//                 JUMP else
//             X:  PUSH_EXC_INFO             ; [.. exc] -> [.. prev exc]
//                 (clauses; each:)          ; handler H2 [X..C) depth D+1 -> C
//                 DUP_TOP; <type>; CHECK_EXC_MATCH; POP_JUMP_IF_FALSE next
//                 STORE_x name | POP_TOP    ; [.. prev]
//                 <clause body>
//                 POP_EXCEPT; JUMP end      ; [.. prev] -> [..]
//          next:  ... RERAISE               ; no clause matched
//             C:  POP_EXCEPT_RERAISE        ; [.. prev exc2]
//          else:  <else body>
//   try/finally:  body (handler -> F), then the finally body inlined, JUMP end
//             F:  PUSH_EXC_INFO; <finally body> (handler -> C, depth D+1); RERAISE
//             C:  POP_EXCEPT_RERAISE
//                 return/break/continue leaving a try inline the finally body
//                 (and POP_EXCEPT when leaving an except clause) first.
//   with:         <mgr>; BEFORE_WITH; STORE|POP_TOP; body (handler -> W, depth D+1)
//                 LOAD_NONE; LOAD_NONE; LOAD_NONE; CALL 3; POP_TOP; JUMP end
//             W:  PUSH_EXC_INFO; WITH_EXCEPT_START; POP_JUMP_IF_TRUE S;
//                 RERAISE (handler -> C, depth D+2)
//             S:  POP_TOP; POP_EXCEPT; POP_TOP; JUMP end
//             C:  POP_EXCEPT_RERAISE
//
// Tracebacks: raising (RAISE_VARARGS or an error in any instruction) adds
// the current frame and line to the exception's traceback; unwinding into a
// caller adds the caller's frame and line; RERAISE and POP_EXCEPT_RERAISE
// add nothing. Raising while tasklet->handling is set records it as the new
// exception's __context__.
#ifndef SK_VM_EXEC_OPCODES_H
#define SK_VM_EXEC_OPCODES_H
#include "vm/core/common.h"

// clang-format off
#define SK_OPCODES(OP) \
    /* name                arg    effect         jump flags         what it does */ \
    OP(NOP,                 NONE,  0,             0,   0,            "[] -> []") \
    /* constants and locals */ \
    OP(LOAD_CONST,          CONST, 1,             0,   0,            "[] -> [consts[arg]]") \
    OP(LOAD_NONE,           NONE,  1,             0,   0,            "[] -> [None]") \
    OP(LOAD_TRUE,           NONE,  1,             0,   0,            "[] -> [True]") \
    OP(LOAD_FALSE,          NONE,  1,             0,   0,            "[] -> [False]") \
    OP(LOAD_SMALLINT,       INT,   1,             0,   0, \
       "[] -> [int(arg - 0x800000)]") \
    OP(LOAD_FAST,           LOCAL, 1,             0,   0, \
       "[] -> [slots[arg]]; UnboundLocalError if unbound") \
    OP(STORE_FAST,          LOCAL, -1,            0,   0,            "[v] -> []; slots[arg] = v") \
    OP(DELETE_FAST,         LOCAL, 0,             0,   0, \
       "[] -> []; unbind slots[arg] (UnboundLocalError if unbound)") \
    OP(LOAD_DEREF,          LOCAL, 1,             0,   0, \
       "[] -> [cell(slots[arg]).value]; NameError/UnboundLocalError if empty") \
    OP(STORE_DEREF,         LOCAL, -1,            0,   0, \
       "[v] -> []; cell(slots[arg]).value = v") \
    OP(DELETE_DEREF,        LOCAL, 0,             0,   0, \
       "[] -> []; empty cell(slots[arg])") \
    OP(LOAD_CLOSURE,        LOCAL, 1,             0,   0, \
       "[] -> [the SkCell in slots[arg]] (to build a closure tuple)") \
    OP(LOAD_CLASSDEREF,     LOCAL, 1,             0,   0, \
       "[] -> [frame->locals[varnames[arg]] or cell(slots[arg]).value] (class bodies)") \
    /* globals and names */ \
    OP(LOAD_GLOBAL,         NAME,  1,             0,   SK_OPF_CACHE, \
       "[] -> [globals or builtins [names[arg]]]; NameError [+cache]") \
    OP(STORE_GLOBAL,        NAME,  -1,            0,   0, \
       "[v] -> []; globals[names[arg]] = v") \
    OP(DELETE_GLOBAL,       NAME,  0,             0,   0, \
       "[] -> []; del globals[names[arg]]; NameError") \
    OP(LOAD_NAME,           NAME,  1,             0,   0, \
       "[] -> [frame->locals, then globals, then builtins [names[arg]]]") \
    OP(STORE_NAME,          NAME,  -1,            0,   0, \
       "[v] -> []; frame->locals[names[arg]] = v") \
    OP(DELETE_NAME,         NAME,  0,             0,   0, \
       "[] -> []; del frame->locals[names[arg]]") \
    /* attributes and items */ \
    OP(LOAD_ATTR,           NAME,  0,             0,   SK_OPF_CACHE, \
       "[obj] -> [obj.names[arg]] [+cache]") \
    OP(STORE_ATTR,          NAME,  -2,            0,   SK_OPF_CACHE, \
       "[v obj] -> []; obj.names[arg] = v [+cache]") \
    OP(DELETE_ATTR,         NAME,  -1,            0,   0,            "[obj] -> []") \
    OP(LOAD_METHOD,         NAME,  1,             0,   SK_OPF_CACHE, \
       "[obj] -> [func obj] when names[arg] is a plain method found on the class, else [UNDEF " \
       "attr] [+cache]") \
    OP(BINARY_SUBSCR,       NONE,  -1,            0,   0,            "[obj key] -> [obj[key]]") \
    OP(STORE_SUBSCR,        NONE,  -3,            0,   0, \
       "[v obj key] -> []; obj[key] = v") \
    OP(DELETE_SUBSCR,       NONE,  -2,            0,   0,            "[obj key] -> []") \
    OP(BUILD_SLICE,         INT,   1 - arg,       0,   0, \
       "arg 2: [a b] -> [slice(a,b)]; arg 3: [a b c] -> [slice(a,b,c)]") \
    /* operators */ \
    OP(BINARY_ADD,          NONE,  -1,            0,   0,            "[a b] -> [a + b]") \
    OP(BINARY_SUB,          NONE,  -1,            0,   0,            "[a b] -> [a - b]") \
    OP(BINARY_MUL,          NONE,  -1,            0,   0,            "[a b] -> [a * b]") \
    OP(BINARY_TRUEDIV,      NONE,  -1,            0,   0,            "[a b] -> [a / b]") \
    OP(BINARY_FLOORDIV,     NONE,  -1,            0,   0,            "[a b] -> [a // b]") \
    OP(BINARY_MOD,          NONE,  -1,            0,   0,            "[a b] -> [a % b]") \
    OP(BINARY_POW,          NONE,  -1,            0,   0,            "[a b] -> [a ** b]") \
    OP(BINARY_MATMUL,       NONE,  -1,            0,   0,            "[a b] -> [a @ b]") \
    OP(BINARY_LSHIFT,       NONE,  -1,            0,   0,            "[a b] -> [a << b]") \
    OP(BINARY_RSHIFT,       NONE,  -1,            0,   0,            "[a b] -> [a >> b]") \
    OP(BINARY_AND,          NONE,  -1,            0,   0,            "[a b] -> [a & b]") \
    OP(BINARY_OR,           NONE,  -1,            0,   0,            "[a b] -> [a | b]") \
    OP(BINARY_XOR,          NONE,  -1,            0,   0,            "[a b] -> [a ^ b]") \
    OP(INPLACE_ADD,         NONE,  -1,            0,   0, \
       "[a b] -> [a += b] (in place for lists, __iadd__)") \
    OP(INPLACE_SUB,         NONE,  -1,            0,   0,            "[a b] -> [a -= b]") \
    OP(INPLACE_MUL,         NONE,  -1,            0,   0,            "[a b] -> [a *= b]") \
    OP(INPLACE_TRUEDIV,     NONE,  -1,            0,   0,            "[a b] -> [a /= b]") \
    OP(INPLACE_FLOORDIV,    NONE,  -1,            0,   0,            "[a b] -> [a //= b]") \
    OP(INPLACE_MOD,         NONE,  -1,            0,   0,            "[a b] -> [a %= b]") \
    OP(INPLACE_POW,         NONE,  -1,            0,   0,            "[a b] -> [a **= b]") \
    OP(INPLACE_MATMUL,      NONE,  -1,            0,   0,            "[a b] -> [a @= b]") \
    OP(INPLACE_LSHIFT,      NONE,  -1,            0,   0,            "[a b] -> [a <<= b]") \
    OP(INPLACE_RSHIFT,      NONE,  -1,            0,   0,            "[a b] -> [a >>= b]") \
    OP(INPLACE_AND,         NONE,  -1,            0,   0,            "[a b] -> [a &= b]") \
    OP(INPLACE_OR,          NONE,  -1,            0,   0,            "[a b] -> [a |= b]") \
    OP(INPLACE_XOR,         NONE,  -1,            0,   0,            "[a b] -> [a ^= b]") \
    OP(UNARY_NEG,           NONE,  0,             0,   0,            "[a] -> [-a]") \
    OP(UNARY_POS,           NONE,  0,             0,   0,            "[a] -> [+a]") \
    OP(UNARY_NOT,           NONE,  0,             0,   0,            "[a] -> [not a]") \
    OP(UNARY_INVERT,        NONE,  0,             0,   0,            "[a] -> [~a]") \
    OP(COMPARE_LT,          NONE,  -1,            0,   0,            "[a b] -> [a < b]") \
    OP(COMPARE_LE,          NONE,  -1,            0,   0,            "[a b] -> [a <= b]") \
    OP(COMPARE_EQ,          NONE,  -1,            0,   0,            "[a b] -> [a == b]") \
    OP(COMPARE_NE,          NONE,  -1,            0,   0,            "[a b] -> [a != b]") \
    OP(COMPARE_GT,          NONE,  -1,            0,   0,            "[a b] -> [a > b]") \
    OP(COMPARE_GE,          NONE,  -1,            0,   0,            "[a b] -> [a >= b]") \
    OP(IS_OP,               INT,   -1,            0,   0, \
       "[a b] -> [a is b] (arg 1: is not)") \
    OP(CONTAINS_OP,         INT,   -1,            0,   0, \
       "[a b] -> [a in b] (arg 1: not in)") \
    /* stack */ \
    OP(POP_TOP,             NONE,  -1,            0,   0,            "[a] -> []") \
    OP(DUP_TOP,             NONE,  1,             0,   0,            "[a] -> [a a]") \
    OP(DUP_TOP_TWO,         NONE,  2,             0,   0,            "[a b] -> [a b a b]") \
    OP(ROT_TWO,             NONE,  0,             0,   0,            "[a b] -> [b a]") \
    OP(ROT_THREE,           NONE,  0,             0,   0,            "[a b c] -> [c a b]") \
    OP(ROT_FOUR,            NONE,  0,             0,   0,            "[a b c d] -> [d a b c]") \
    OP(COPY,                INT,   1,             0,   0, \
       "[.. x (arg-1 more)] -> [.. x .. x]: push a copy of the arg-th value from the top (1 = " \
       "top)") \
    OP(SWAP,                INT,   0,             0,   0, \
       "swap the top with the arg-th value from the top (arg >= 2)") \
    /* control flow */ \
    OP(JUMP,                JUMP,  0,             0,   SK_OPF_STOP,  "[] -> []; ip = arg") \
    OP(POP_JUMP_IF_FALSE,   JUMP,  -1,            -1,  0, \
       "[v] -> []; jump to arg if not v") \
    OP(POP_JUMP_IF_TRUE,    JUMP,  -1,            -1,  0, \
       "[v] -> []; jump to arg if v") \
    OP(JUMP_IF_FALSE_OR_POP,JUMP,  -1,            0,   0, \
       "[v] -> [v] and jump if not v, else []") \
    OP(JUMP_IF_TRUE_OR_POP, JUMP,  -1,            0,   0, \
       "[v] -> [v] and jump if v, else []") \
    OP(GET_ITER,            NONE,  0,             0,   0,            "[obj] -> [iter(obj)]") \
    OP(FOR_ITER,            JUMP,  1,             -1,  0, \
       "[it] -> [it next(it)], or [] and jump to arg when exhausted") \
    /* building */ \
    OP(BUILD_TUPLE,         INT,   1 - arg,       0,   0,            "[a1..an] -> [(a1..an)]") \
    OP(BUILD_LIST,          INT,   1 - arg,       0,   0,            "[a1..an] -> [[a1..an]]") \
    OP(BUILD_SET,           INT,   1 - arg,       0,   0,            "[a1..an] -> [{a1..an}]") \
    OP(BUILD_MAP,           INT,   1 - 2 * arg,   0,   0, \
       "[k1 v1 .. kn vn] -> [{k1: v1, ..}]") \
    OP(BUILD_STRING,        INT,   1 - arg,       0,   0, \
       "[s1..sn] -> [s1+..+sn] (all str)") \
    OP(LIST_APPEND,         INT,   -1,            0,   0, \
       "[.. L (arg-1 more) v] -> [.. L ..]; L.append(v) (comprehensions)") \
    OP(SET_ADD,             INT,   -1,            0,   0, \
       "[.. S (arg-1 more) v] -> [.. S ..]; S.add(v)") \
    OP(MAP_ADD,             INT,   -2,            0,   0, \
       "[.. D (arg-1 more) k v] -> [.. D ..]; D[k] = v") \
    OP(LIST_EXTEND,         INT,   -1,            0,   0, \
       "[.. L (arg-1 more) it] -> [.. L ..]; L.extend(it) (star in displays)") \
    OP(SET_UPDATE,          INT,   -1,            0,   0, \
       "[.. S (arg-1 more) it] -> [.. S ..]") \
    OP(DICT_UPDATE,         INT,   -1,            0,   0, \
       "[.. D (arg-1 more) m] -> [.. D ..]; D.update(m) (** in displays)") \
    OP(DICT_MERGE,          INT,   -1,            0,   0, \
       "as DICT_UPDATE, but a repeated key raises TypeError (** in calls)") \
    OP(LIST_TO_TUPLE,       NONE,  0,             0,   0,            "[L] -> [tuple(L)]") \
    OP(UNPACK_SEQUENCE,     INT,   arg - 1,       0,   0, \
       "[seq] -> [x(n-1) .. x1 x0] (x0 on top); ValueError on wrong length") \
    OP(UNPACK_EX,           INT,   (arg & 0xff) + (arg >> 8),0,   0, \
       "arg = before | after << 8: [seq] -> [after items reversed, list, before items " \
       "reversed]") \
    OP(FORMAT_VALUE,        INT,   (arg & 4) ? -1 : 0,0,   0, \
       "arg&3: 0 none, 1 !s, 2 !r, 3 !a; arg&4: spec on top: [v (spec)] -> [format(v, spec)]") \
    /* calls */ \
    OP(CALL,                INT,   -arg,          0,   0, \
       "[f a1..an] -> [f(a1..an)] (n = arg)") \
    OP(CALL_KW,             INT,   -arg - 1,      0,   0, \
       "[f a1..an names] -> [f(...)]; n = arg counts all args, the last len(names) are " \
       "keywords; names is a const tuple of str") \
    OP(CALL_EX,             INT,   -1 - (arg & 1),0,   0, \
       "[f args_tuple (kwargs_dict if arg&1)] -> [f(*args, **kwargs)]") \
    OP(CALL_METHOD,         INT,   -arg - 1,      0,   0, \
       "[X Y a1..an] -> [result]: X UNDEF: Y(a1..an); else X(Y, a1..an) (see LOAD_METHOD)") \
    OP(CALL_METHOD_KW,      INT,   -arg - 2,      0,   0, \
       "[X Y a1..an names] -> [result]: as CALL_METHOD with CALL_KW's names") \
    OP(RETURN_VALUE,        NONE,  -1,            0,   SK_OPF_STOP, \
       "[v] -> return v to the caller") \
    OP(MAKE_FUNCTION,       INT,   -((arg & 1) + (arg >> 1 & 1) + (arg >> 2 & 1) + (arg >> 3 & 1)), \
       0, 0, \
       "[(defaults if arg&1) (kwdefaults dict if arg&2) (annotations dict if arg&8) " \
       "(closure tuple if arg&4) code] -> [function]") \
    OP(BUILD_CLASS,         INT,   -arg - 1,      0,   0, \
       "[body_fn name b1..bn] -> [class] (n = arg); body_fn runs with a fresh namespace and " \
       "returns the __class__ cell or None") \
    OP(BUILD_CLASS_EX,      INT,   -2 - (arg & 1),0,   0, \
       "[body_fn name bases_tuple (kwargs_dict if arg&1)] -> [class]: class C(*bases, " \
       "metaclass=M, **kw)") \
    /* exceptions */ \
    OP(RAISE_VARARGS,       INT,   -arg,          0,   SK_OPF_STOP, \
       "arg 0: re-raise the handled exception; 1: [exc] raise; 2: [exc cause] raise exc from " \
       "cause") \
    OP(PUSH_EXC_INFO,       NONE,  1,             0,   0, \
       "[exc] -> [prev exc]; tasklet->handling = exc (prev = old handling, None if none)") \
    OP(POP_EXCEPT,          NONE,  -1,            0,   0, \
       "[prev] -> []; tasklet->handling = prev") \
    OP(RERAISE,             NONE,  -1,            0,   SK_OPF_STOP, \
       "[exc] -> []; raise exc again, traceback untouched") \
    OP(POP_EXCEPT_RERAISE,  NONE,  -2,            0,   SK_OPF_STOP, \
       "[prev exc] -> []; tasklet->handling = prev; re-raise exc, traceback untouched") \
    OP(CHECK_EXC_MATCH,     NONE,  -1,            0,   0, \
       "[exc type] -> [bool] (the pattern DUPs exc first); type may be a class or a tuple of " \
       "classes; TypeError otherwise") \
    OP(LOAD_ASSERTION_ERROR,NONE,  1,             0,   0, \
       "[] -> [AssertionError class]") \
    OP(BEFORE_WITH,         NONE,  1,             0,   0, \
       "[mgr] -> [bound mgr.__exit__, mgr.__enter__()]") \
    OP(WITH_EXCEPT_START,   NONE,  1,             0,   0, \
       "[exit prev exc] -> [exit prev exc exit(type(exc), exc, None)]") \
    /* generators */ \
    OP(YIELD_VALUE,         NONE,  0,             0,   0, \
       "[v] -> suspend, v goes to the resumer; on resume push the sent value") \
    OP(GET_YIELD_FROM_ITER, NONE,  0,             0,   0, \
       "[obj] -> [iter(obj)] (a generator stays itself)") \
    OP(YIELD_FROM,          NONE,  -1,            0,   0, \
       "[it sent] -> delegate: send sent into it; a yielded value suspends this frame with ip " \
       "at this YIELD_FROM (resume pushes the next sent value); when it finishes -> [its " \
       "return value]") \
    /* modules */ \
    OP(IMPORT_NAME,         NAME,  1,             0,   0, \
       "[] -> [module names[arg]] (the full dotted module)") \
    OP(IMPORT_FROM,         NAME,  1,             0,   0, \
       "[m] -> [m m.names[arg]]; ImportError \"cannot import name\"") \
    OP(IMPORT_STAR,         NONE,  -1,            0,   0, \
       "[m] -> []; copy m's public names into the current namespace") \
    /* REPL */ \
    OP(PRINT_EXPR,          NONE,  -1,            0,   0, \
       "[v] -> []; print repr(v) unless None, and bind builtins._")
// clang-format on

typedef enum SkOpcode {
#define SK_OP_ENUM(name, arg, effect, jump, flags, doc) OP_##name,
    SK_OPCODES(SK_OP_ENUM)
#undef SK_OP_ENUM
        SK_OP_COUNT
} SkOpcode;

// What an instruction's argument is: the disassembler prints its meaning.
typedef enum SkOpArg {
    SK_ARG_NONE,  // no argument (the field is 0)
    SK_ARG_INT,   // a count, flags or a bias: see the opcode's line
    SK_ARG_CONST, // index into code->consts
    SK_ARG_LOCAL, // local slot (code->varnames)
    SK_ARG_NAME,  // index into code->names
    SK_ARG_JUMP,  // absolute instruction index
} SkOpArg;

#define SK_OPF_CACHE 1 // followed by one inline-cache word (LOAD_GLOBAL, LOAD_ATTR, ...)
#define SK_OPF_STOP 2  // never falls through to the next instruction

#define SK_INS(op, arg) ((uint32_t)(op) | ((uint32_t)(arg) << 8))
#define SK_OP(ins) ((ins)&0xff)
#define SK_ARG(ins) ((ins) >> 8)
#define SK_MAX_ARG 0xffffff
#define SK_SMALLINT_BIAS 0x800000

// The columns of the table that do not depend on the argument, one row per
// opcode (vm/exec/opcodes.c).
typedef struct SkOpInfo {
    const char *name; // "LOAD_CONST"
    uint8_t arg;      // SkOpArg
    uint8_t flags;    // SK_OPF_*
} SkOpInfo;
extern const SkOpInfo sk_op_info[SK_OP_COUNT];

SK_INLINE const char *sk_op_name(int op) {
    return op >= 0 && op < SK_OP_COUNT ? sk_op_info[op].name : "???";
}
SK_INLINE SkOpArg sk_op_arg(int op) {
    return op >= 0 && op < SK_OP_COUNT ? (SkOpArg)sk_op_info[op].arg : SK_ARG_INT;
}
SK_INLINE int sk_op_flags(int op) { return op >= 0 && op < SK_OP_COUNT ? sk_op_info[op].flags : 0; }

// How many values instruction (op, uarg) leaves on the stack minus how many
// it takes: when it falls through, or (jump) when it jumps to its target.
// A switch over every opcode with no default: the compiler checks it is
// complete.
SK_INLINE int sk_op_stack_effect(int op, uint32_t uarg, bool jump) {
    int arg = (int)uarg; // at most 24 bits
    switch ((SkOpcode)op) {
#define SK_OP_EFFECT(name, argk, effect, jeffect, flags, doc)                                      \
    case OP_##name: return jump ? (jeffect) : (effect);
        SK_OPCODES(SK_OP_EFFECT)
#undef SK_OP_EFFECT
    case SK_OP_COUNT: break;
    }
    (void)arg;
    return 0;
}

// True for opcodes followed by an inline-cache word.
#define SK_OP_HAS_CACHE(op) ((sk_op_flags(op) & SK_OPF_CACHE) != 0)

#endif
