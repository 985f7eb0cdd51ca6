// vm/exec/debug.c -- the disassembler behind `skein --dis`, in the spirit of
// CPython's dis: per code object a header, then one instruction a line
// with its source line, index, name, argument and what the argument
// means, then the exception table; nested code objects follow. Also the
// opcode name table declared in vm/exec/opcodes.h.
#include "vm/exec/debug.h"
#include "vm/classes/error.h"
#include "vm/exec/import.h"
#include "vm/exec/opcodes.h"
#include "vm/objects/code.h"
#include "vm/ops/repr.h"

#include <inttypes.h>

static void print_repr(SkVM *vm, SkValue v, FILE *out) {
    SkStr *r = sk_repr(vm, v);
    if (!r) {
        sk_clear_exc(vm);
        fputs("<?>", out);
        return;
    }
    // keep one instruction on one line: long constants are cut
    if (r->len > 60)
        fprintf(out, "%.57s...", r->data);
    else
        fputs(r->data, out);
}

static const char *str_or(SkStr **arr, uint32_t n, uint32_t i) {
    return arr && i < n && arr[i] ? arr[i]->data : "?";
}

static bool is_jump(int op) { return sk_op_arg(op) == SK_ARG_JUMP; }

// The meaning of an instruction's argument, in parentheses.
static void print_meaning(SkVM *vm, const SkCode *code, int op, uint32_t arg, FILE *out) {
    switch (op) {
    case OP_IS_OP: fputs(arg ? "(is not)" : "(is)", out); break;
    case OP_CONTAINS_OP: fputs(arg ? "(not in)" : "(in)", out); break;
    case OP_UNPACK_EX: fprintf(out, "(%u before, %u after)", arg & 0xff, arg >> 8); break;
    case OP_FORMAT_VALUE: {
        static const char *const conv[] = {"", "!s", "!r", "!a"};
        fprintf(out, "(%s%s)", conv[arg & 3], (arg & 4) ? " with spec" : "");
        break;
    }
    case OP_MAKE_FUNCTION:
        fprintf(out, "(%s%s%s)", (arg & 1) ? "defaults " : "", (arg & 2) ? "kwdefaults " : "",
                (arg & 4) ? "closure" : "");
        break;
    case OP_RAISE_VARARGS:
        fputs(arg == 0 ? "(reraise)" : arg == 1 ? "(exception)" : "(exception from cause)", out);
        break;
    case OP_CALL_EX: fputs((arg & 1) ? "(with kwargs)" : "", out); break;
    default:
        switch (sk_op_arg(op)) {
        case SK_ARG_CONST:
            fputs("(", out);
            if (arg < code->nconsts) print_repr(vm, code->consts[arg], out);
            fputs(")", out);
            break;
        case SK_ARG_LOCAL: fprintf(out, "(%s)", str_or(code->varnames, code->nlocals, arg)); break;
        case SK_ARG_NAME: fprintf(out, "(%s)", str_or(code->names, code->nnames, arg)); break;
        case SK_ARG_JUMP: fprintf(out, "(to %u)", arg); break;
        case SK_ARG_NONE:
        case SK_ARG_INT: break;
        }
        break;
    }
}

static bool has_arg(int op) { return sk_op_arg(op) != SK_ARG_NONE; }

static void print_flags(uint16_t flags, FILE *out) {
    static const struct {
        uint16_t bit;
        const char *name;
    } names[] = {
        {SK_CODE_VARARGS, "VARARGS"},
        {SK_CODE_VARKW, "VARKEYWORDS"},
        {SK_CODE_GENERATOR, "GENERATOR"},
        {SK_CODE_MODULE, "MODULE"},
        {SK_CODE_CLASS, "CLASS"},
        {SK_CODE_NESTED, "NESTED"},
        {SK_CODE_COMPREHENSION, "COMPREHENSION"},
    };
    bool first = true;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (!(flags & names[i].bit)) continue;
        fprintf(out, "%s%s", first ? "" : "|", names[i].name);
        first = false;
    }
    if (first) fputs("-", out);
}

static void disassemble_one(SkVM *vm, SkCode *code, FILE *out) {
    fprintf(out, "Disassembly of <code %s, file \"%s\", line %u>:\n",
            code->qualname ? code->qualname->data : "?",
            code->filename ? code->filename->data : "?", code->firstline);
    fprintf(out,
            "  args %u (posonly %u, kwonly %u), slots %u (cells %u, frees %u), stack %u, "
            "caches %u, flags ",
            code->argcount, code->posonlycount, code->kwonlycount, code->nlocals, code->ncells,
            code->nfrees, code->stacksize, code->ncaches);
    print_flags(code->flags, out);
    fputc('\n', out);
    if (code->nlocals) {
        fputs("  slots:", out);
        for (uint32_t i = 0; i < code->nlocals; i++) {
            bool cell = false;
            for (uint32_t k = 0; k < code->ncells; k++) cell |= code->cells[k] == i;
            fprintf(out, " %u=%s%s", i, str_or(code->varnames, code->nlocals, i),
                    cell                                            ? "(cell)"
                    : i >= (uint32_t)(code->nlocals - code->nfrees) ? "(free)"
                                                                    : "");
        }
        fputc('\n', out);
    }
    uint32_t last_line = 0;
    for (uint32_t i = 0; i < code->ncode; i++) {
        uint32_t ins = code->code[i];
        int op = (int)SK_OP(ins);
        uint32_t arg = SK_ARG(ins);
        uint32_t line = code->lines ? code->lines[i] : 0;
        if (line != last_line) {
            if (i > 0) fputc('\n', out);
            fprintf(out, "%4u ", line);
            last_line = line;
        } else {
            fputs("     ", out);
        }
        bool target = false;
        for (uint32_t k = 0; k < code->ncode && !target; k++) {
            int kop = (int)SK_OP(code->code[k]);
            if (is_jump(kop) && SK_ARG(code->code[k]) == i) target = true;
            if (SK_OP_HAS_CACHE(kop)) k++;
        }
        for (uint32_t h = 0; h < code->nhandlers && !target; h++)
            target = code->handlers[h].target == i;
        fprintf(out, "%s%6u %-22s", target ? ">>" : "  ", i, sk_op_name(op));
        if (op == OP_LOAD_SMALLINT)
            fprintf(out, " %-5" PRId64 " ", (int64_t)arg - SK_SMALLINT_BIAS);
        else if (has_arg(op))
            fprintf(out, " %-5u ", arg);
        else
            fputs("       ", out);
        if (op < SK_OP_COUNT) print_meaning(vm, code, op, arg, out);
        if (SK_OP_HAS_CACHE(op) && i + 1 < code->ncode) {
            fprintf(out, " [cache %u]", code->code[i + 1]);
            i++;
        }
        fputc('\n', out);
    }
    if (code->nhandlers) {
        fputs("ExceptionTable:\n", out);
        for (uint32_t h = 0; h < code->nhandlers; h++) {
            SkHandler *hd = &code->handlers[h];
            fprintf(out, "  %u to %u -> %u [%u]\n", hd->start, hd->end, hd->target, hd->depth);
        }
    }
    fputc('\n', out);
}

void sk_disassemble(SkVM *vm, SkCode *code, FILE *out) {
    if (!code) return;
    disassemble_one(vm, code, out);
    for (uint32_t i = 0; i < code->nconsts; i++)
        if (SK_IS_KIND(code->consts[i], SK_CODE))
            sk_disassemble(vm, SK_AS_CODE(code->consts[i]), out);
}
