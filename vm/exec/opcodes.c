// vm/exec/opcodes.c -- the rows of the opcode table (vm/exec/opcodes.h) that
// the compiler, the cache layout and the disassembler look up by opcode:
// name, argument kind and flags.
#include "vm/exec/opcodes.h"

const SkOpInfo sk_op_info[SK_OP_COUNT] = {
#define SK_OP_INFO(name, arg, effect, jump, flags, doc) [OP_##name] = {#name, SK_ARG_##arg, flags},
    SK_OPCODES(SK_OP_INFO)
#undef SK_OP_INFO
};
