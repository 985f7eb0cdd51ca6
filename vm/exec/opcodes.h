// vm/exec/opcodes.h -- the instruction set, one line per opcode (X-macro).
//
// An instruction is one uint32_t: op = ins & 0xff, arg = ins >> 8 (24 bits,
// unsigned). Jump targets are absolute instruction indexes into code->code.
// Opcodes marked [+cache] are followed by one extra word: an inline-cache
// slot number, unique within the code object and < code->ncaches; the VM
// owns what the slot holds. Stack effects are written [before] -> [after],
// top of stack on the right. "slots[i]" is local slot i of the frame.
//
// Users of this list: parser/compile.c emits it, vm/exec/vm.c runs it,
// vm/exec/debug.c prints it (skein --dis). Add new opcodes at the end of their
// group; never reuse a number for a different meaning within one build.
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

#define SK_OPCODES(OP) \
    OP(NOP,              "[] -> []") \
    /* constants and locals */ \
    OP(LOAD_CONST,       "[] -> [consts[arg]]") \
    OP(LOAD_NONE,        "[] -> [None]") \
    OP(LOAD_TRUE,        "[] -> [True]") \
    OP(LOAD_FALSE,       "[] -> [False]") \
    OP(LOAD_SMALLINT,    "[] -> [int(arg - 0x800000)]") \
    OP(LOAD_FAST,        "[] -> [slots[arg]]; UnboundLocalError if unbound") \
    OP(STORE_FAST,       "[v] -> []; slots[arg] = v") \
    OP(DELETE_FAST,      "[] -> []; unbind slots[arg] (UnboundLocalError if unbound)") \
    OP(LOAD_DEREF,       "[] -> [cell(slots[arg]).value]; NameError/UnboundLocalError if empty") \
    OP(STORE_DEREF,      "[v] -> []; cell(slots[arg]).value = v") \
    OP(DELETE_DEREF,     "[] -> []; empty cell(slots[arg])") \
    OP(LOAD_CLOSURE,     "[] -> [the SkCell in slots[arg]] (to build a closure tuple)") \
    OP(LOAD_CLASSDEREF,  "[] -> [frame->locals[varnames[arg]] or cell(slots[arg]).value] (class bodies)") \
    /* globals and names */ \
    OP(LOAD_GLOBAL,      "[] -> [globals or builtins [names[arg]]]; NameError [+cache]") \
    OP(STORE_GLOBAL,     "[v] -> []; globals[names[arg]] = v") \
    OP(DELETE_GLOBAL,    "[] -> []; del globals[names[arg]]; NameError") \
    OP(LOAD_NAME,        "[] -> [frame->locals, then globals, then builtins [names[arg]]]") \
    OP(STORE_NAME,       "[v] -> []; frame->locals[names[arg]] = v") \
    OP(DELETE_NAME,      "[] -> []; del frame->locals[names[arg]]") \
    /* attributes and items */ \
    OP(LOAD_ATTR,        "[obj] -> [obj.names[arg]] [+cache]") \
    OP(STORE_ATTR,       "[v obj] -> []; obj.names[arg] = v [+cache]") \
    OP(DELETE_ATTR,      "[obj] -> []") \
    OP(LOAD_METHOD,      "[obj] -> [func obj] when names[arg] is a plain method found on the class, else [UNDEF attr] [+cache]") \
    OP(BINARY_SUBSCR,    "[obj key] -> [obj[key]]") \
    OP(STORE_SUBSCR,     "[v obj key] -> []; obj[key] = v") \
    OP(DELETE_SUBSCR,    "[obj key] -> []") \
    OP(BUILD_SLICE,      "arg 2: [a b] -> [slice(a,b)]; arg 3: [a b c] -> [slice(a,b,c)]") \
    /* operators */ \
    OP(BINARY_ADD,       "[a b] -> [a + b]") \
    OP(BINARY_SUB,       "[a b] -> [a - b]") \
    OP(BINARY_MUL,       "[a b] -> [a * b]") \
    OP(BINARY_TRUEDIV,   "[a b] -> [a / b]") \
    OP(BINARY_FLOORDIV,  "[a b] -> [a // b]") \
    OP(BINARY_MOD,       "[a b] -> [a % b]") \
    OP(BINARY_POW,       "[a b] -> [a ** b]") \
    OP(BINARY_MATMUL,    "[a b] -> [a @ b]") \
    OP(BINARY_LSHIFT,    "[a b] -> [a << b]") \
    OP(BINARY_RSHIFT,    "[a b] -> [a >> b]") \
    OP(BINARY_AND,       "[a b] -> [a & b]") \
    OP(BINARY_OR,        "[a b] -> [a | b]") \
    OP(BINARY_XOR,       "[a b] -> [a ^ b]") \
    OP(INPLACE_ADD,      "[a b] -> [a += b] (in place for lists, __iadd__)") \
    OP(INPLACE_SUB,      "[a b] -> [a -= b]") \
    OP(INPLACE_MUL,      "[a b] -> [a *= b]") \
    OP(INPLACE_TRUEDIV,  "[a b] -> [a /= b]") \
    OP(INPLACE_FLOORDIV, "[a b] -> [a //= b]") \
    OP(INPLACE_MOD,      "[a b] -> [a %= b]") \
    OP(INPLACE_POW,      "[a b] -> [a **= b]") \
    OP(INPLACE_MATMUL,   "[a b] -> [a @= b]") \
    OP(INPLACE_LSHIFT,   "[a b] -> [a <<= b]") \
    OP(INPLACE_RSHIFT,   "[a b] -> [a >>= b]") \
    OP(INPLACE_AND,      "[a b] -> [a &= b]") \
    OP(INPLACE_OR,       "[a b] -> [a |= b]") \
    OP(INPLACE_XOR,      "[a b] -> [a ^= b]") \
    OP(UNARY_NEG,        "[a] -> [-a]") \
    OP(UNARY_POS,        "[a] -> [+a]") \
    OP(UNARY_NOT,        "[a] -> [not a]") \
    OP(UNARY_INVERT,     "[a] -> [~a]") \
    OP(COMPARE_LT,       "[a b] -> [a < b]") \
    OP(COMPARE_LE,       "[a b] -> [a <= b]") \
    OP(COMPARE_EQ,       "[a b] -> [a == b]") \
    OP(COMPARE_NE,       "[a b] -> [a != b]") \
    OP(COMPARE_GT,       "[a b] -> [a > b]") \
    OP(COMPARE_GE,       "[a b] -> [a >= b]") \
    OP(IS_OP,            "[a b] -> [a is b] (arg 1: is not)") \
    OP(CONTAINS_OP,      "[a b] -> [a in b] (arg 1: not in)") \
    /* stack */ \
    OP(POP_TOP,          "[a] -> []") \
    OP(DUP_TOP,          "[a] -> [a a]") \
    OP(DUP_TOP_TWO,      "[a b] -> [a b a b]") \
    OP(ROT_TWO,          "[a b] -> [b a]") \
    OP(ROT_THREE,        "[a b c] -> [c a b]") \
    OP(ROT_FOUR,         "[a b c d] -> [d a b c]") \
    OP(COPY,             "[.. x (arg-1 more)] -> [.. x .. x]: push a copy of the arg-th value from the top (1 = top)") \
    OP(SWAP,             "swap the top with the arg-th value from the top (arg >= 2)") \
    /* control flow */ \
    OP(JUMP,             "[] -> []; ip = arg") \
    OP(POP_JUMP_IF_FALSE,"[v] -> []; jump to arg if not v") \
    OP(POP_JUMP_IF_TRUE, "[v] -> []; jump to arg if v") \
    OP(JUMP_IF_FALSE_OR_POP, "[v] -> [v] and jump if not v, else []") \
    OP(JUMP_IF_TRUE_OR_POP,  "[v] -> [v] and jump if v, else []") \
    OP(GET_ITER,         "[obj] -> [iter(obj)]") \
    OP(FOR_ITER,         "[it] -> [it next(it)], or [] and jump to arg when exhausted") \
    /* building */ \
    OP(BUILD_TUPLE,      "[a1..an] -> [(a1..an)]") \
    OP(BUILD_LIST,       "[a1..an] -> [[a1..an]]") \
    OP(BUILD_SET,        "[a1..an] -> [{a1..an}]") \
    OP(BUILD_MAP,        "[k1 v1 .. kn vn] -> [{k1: v1, ..}]") \
    OP(BUILD_STRING,     "[s1..sn] -> [s1+..+sn] (all str)") \
    OP(LIST_APPEND,      "[.. L (arg-1 more) v] -> [.. L ..]; L.append(v) (comprehensions)") \
    OP(SET_ADD,          "[.. S (arg-1 more) v] -> [.. S ..]; S.add(v)") \
    OP(MAP_ADD,          "[.. D (arg-1 more) k v] -> [.. D ..]; D[k] = v") \
    OP(LIST_EXTEND,      "[.. L (arg-1 more) it] -> [.. L ..]; L.extend(it) (star in displays)") \
    OP(SET_UPDATE,       "[.. S (arg-1 more) it] -> [.. S ..]") \
    OP(DICT_UPDATE,      "[.. D (arg-1 more) m] -> [.. D ..]; D.update(m) (** in displays)") \
    OP(DICT_MERGE,       "as DICT_UPDATE, but a repeated key raises TypeError (** in calls)") \
    OP(LIST_TO_TUPLE,    "[L] -> [tuple(L)]") \
    OP(UNPACK_SEQUENCE,  "[seq] -> [x(n-1) .. x1 x0] (x0 on top); ValueError on wrong length") \
    OP(UNPACK_EX,        "arg = before | after << 8: [seq] -> [after items reversed, list, before items reversed]") \
    OP(FORMAT_VALUE,     "arg&3: 0 none, 1 !s, 2 !r, 3 !a; arg&4: spec on top: [v (spec)] -> [format(v, spec)]") \
    /* calls */ \
    OP(CALL,             "[f a1..an] -> [f(a1..an)] (n = arg)") \
    OP(CALL_KW,          "[f a1..an names] -> [f(...)]; n = arg counts all args, the last len(names) are keywords; names is a const tuple of str") \
    OP(CALL_EX,          "[f args_tuple (kwargs_dict if arg&1)] -> [f(*args, **kwargs)]") \
    OP(CALL_METHOD,      "[X Y a1..an] -> [result]: X UNDEF: Y(a1..an); else X(Y, a1..an) (see LOAD_METHOD)") \
    OP(CALL_METHOD_KW,   "[X Y a1..an names] -> [result]: as CALL_METHOD with CALL_KW's names") \
    OP(RETURN_VALUE,     "[v] -> return v to the caller") \
    OP(MAKE_FUNCTION,    "[(defaults if arg&1) (kwdefaults dict if arg&2) (closure tuple if arg&4) code] -> [function]") \
    OP(BUILD_CLASS,      "[body_fn name b1..bn] -> [class] (n = arg); body_fn runs with a fresh namespace and returns the __class__ cell or None") \
    /* exceptions */ \
    OP(RAISE_VARARGS,    "arg 0: re-raise the handled exception; 1: [exc] raise; 2: [exc cause] raise exc from cause") \
    OP(PUSH_EXC_INFO,    "[exc] -> [prev exc]; tasklet->handling = exc (prev = old handling, None if none)") \
    OP(POP_EXCEPT,       "[prev] -> []; tasklet->handling = prev") \
    OP(RERAISE,          "[exc] -> []; raise exc again, traceback untouched") \
    OP(POP_EXCEPT_RERAISE, "[prev exc] -> []; tasklet->handling = prev; re-raise exc, traceback untouched") \
    OP(CHECK_EXC_MATCH,  "[exc type] -> [bool] (the pattern DUPs exc first); type may be a class or a tuple of classes; TypeError otherwise") \
    OP(LOAD_ASSERTION_ERROR, "[] -> [AssertionError class]") \
    OP(BEFORE_WITH,      "[mgr] -> [bound mgr.__exit__, mgr.__enter__()]") \
    OP(WITH_EXCEPT_START,"[exit prev exc] -> [exit prev exc exit(type(exc), exc, None)]") \
    /* generators */ \
    OP(YIELD_VALUE,      "[v] -> suspend, v goes to the resumer; on resume push the sent value") \
    OP(GET_YIELD_FROM_ITER, "[obj] -> [iter(obj)] (a generator stays itself)") \
    OP(YIELD_FROM,       "[it sent] -> delegate: send sent into it; a yielded value suspends this frame with ip at this YIELD_FROM (resume pushes the next sent value); when it finishes -> [its return value]") \
    /* modules */ \
    OP(IMPORT_NAME,      "[] -> [module names[arg]] (the full dotted module)") \
    OP(IMPORT_FROM,      "[m] -> [m m.names[arg]]; ImportError \"cannot import name\"") \
    OP(IMPORT_STAR,      "[m] -> []; copy m's public names into the current namespace") \
    /* REPL */ \
    OP(PRINT_EXPR,       "[v] -> []; print repr(v) unless None, and bind builtins._")

typedef enum SkOpcode {
#define SK_OP_ENUM(name, doc) OP_##name,
    SK_OPCODES(SK_OP_ENUM)
#undef SK_OP_ENUM
    SK_OP_COUNT
} SkOpcode;

#define SK_INS(op, arg) ((uint32_t)(op) | ((uint32_t)(arg) << 8))
#define SK_OP(ins) ((ins) & 0xff)
#define SK_ARG(ins) ((ins) >> 8)
#define SK_MAX_ARG 0xffffff
#define SK_SMALLINT_BIAS 0x800000

// True for opcodes followed by an inline-cache word.
#define SK_OP_HAS_CACHE(op) \
    ((op) == OP_LOAD_GLOBAL || (op) == OP_LOAD_ATTR || (op) == OP_STORE_ATTR || (op) == OP_LOAD_METHOD)

extern const char *const sk_opcode_names[SK_OP_COUNT];

#endif
