// vm/exec/debug.h -- the disassembler behind `skein --dis` (vm/exec/debug.c) and the
// opcode names it prints.
#ifndef SK_VM_EXEC_DEBUG_H
#define SK_VM_EXEC_DEBUG_H
#include "vm/core/state.h"

// Print the disassembly of code and every code object in its constants.
void sk_disassemble(SkVM *vm, SkCode *code, FILE *out);

#endif
