// vm/exec/vm.c -- the dispatch loop. One C function runs every Skein frame of
// the current tasklet: a call pushes a frame and a return pops it without
// C recursion; only sk_invoke (C calling Skein) nests a loop level, and the
// frame it pushes carries SK_FRAME_C_BOUNDARY so the nested loop knows
// where to stop. Exceptions unwind through the code objects' handler
// tables (vm/exec/opcodes.h documents the patterns the compiler emits).
//
// Hot state lives in C locals (ip, sp, slots, consts); SAVE() writes ip
// and sp back before anything that can allocate, raise or run Skein code,
// since the GC marks the stack up to t->sp only. RELOAD() re-reads frame,
// slots and sp afterwards: the stack and the frame array may have moved.
// Cases are written once; CASE/NEXT expand to computed gotos under GCC and
// Clang (SK_COMPUTED_GOTO) and to a switch otherwise, as Lua's vmcase.
#include "vm/exec/vm.h"
#include "vm/classes/class.h"
#include "vm/classes/error.h"
#include "vm/classes/frame_object.h"
#include "vm/exec/call.h"
#include "vm/exec/finalize.h"
#include "vm/exec/frame.h"
#include "vm/exec/generator.h"
#include "vm/exec/import.h"
#include "vm/exec/opcodes.h"
#include "vm/exec/vm_arith.h"
#include "vm/exec/vm_cache.h"
#include "vm/exec/vm_helpers.h"
#include "vm/exec/vm_proto.h"
#include "vm/objects/code.h"
#include "vm/objects/dict.h"
#include "vm/objects/iter.h"
#include "vm/objects/list.h"
#include "vm/objects/set.h"
#include "vm/objects/str.h"
#include "vm/objects/tuple.h"
#include "vm/ops/arith.h"
#include "vm/ops/compare.h"
#include "vm/ops/dunder.h"
#include "vm/ops/item.h"
#include "vm/ops/ops.h"
#include "vm/sched/sched.h"
#include "vm/sched/tasklet.h"

#include <math.h>
#include <stdlib.h>

#if !defined(SK_COMPUTED_GOTO) && defined(__GNUC__)
#define SK_COMPUTED_GOTO 1
#endif

static uint32_t frame_line(const SkFrame *f) {
    int64_t i = sk_frame_index(f);
    if (i < 0) return f->code->firstline;
    return sk_code_line(f->code, (uint32_t)i);
}

static const SkHandler *find_handler(const SkCode *code, int64_t idx) {
    if (idx < 0) return NULL;
    for (uint32_t k = 0; k < code->nhandlers; k++) {
        const SkHandler *h = &code->handlers[k];
        if ((uint64_t)idx >= h->start && (uint64_t)idx < h->end) return h;
    }
    return NULL;
}

#define BINOP_INT(opname, bop, iexpr, fexpr) BINOP_NUM(opname, bop, iexpr, fexpr, binary_slow)
#define INPLACE_NUM(opname, bop, iexpr, fexpr)                                                     \
    BINOP_NUM(opname, bop, iexpr, fexpr, binary_slow_inplace)
#define BINOP_NUM(opname, bop, iexpr, fexpr, slow)                                                 \
    CASE(opname) {                                                                                 \
        SkValue a = sp[-2], b = sp[-1];                                                            \
        if (SK_LIKELY(a.tag == SK_T_INT && b.tag == SK_T_INT)) {                                   \
            int64_t r;                                                                             \
            if (SK_LIKELY(!iexpr)) {                                                               \
                put_int(&sp[-2], r);                                                               \
                sp--;                                                                              \
                NEXT;                                                                              \
            }                                                                                      \
        } else if ((a.tag == SK_T_FLOAT || a.tag == SK_T_INT) &&                                   \
                   (b.tag == SK_T_FLOAT || b.tag == SK_T_INT)) {                                   \
            double x = a.tag == SK_T_FLOAT ? a.as.f : (double)a.as.i;                              \
            double y = b.tag == SK_T_FLOAT ? b.as.f : (double)b.as.i;                              \
            put_float(&sp[-2], fexpr);                                                             \
            sp--;                                                                                  \
            NEXT;                                                                                  \
        }                                                                                          \
        binop = bop;                                                                               \
        goto slow;                                                                                 \
    }

#define CMPOP(opname, cop, cmp)                                                                    \
    CASE(opname) {                                                                                 \
        SkValue a = sp[-2], b = sp[-1];                                                            \
        bool r;                                                                                    \
        if (SK_LIKELY(a.tag == SK_T_INT && b.tag == SK_T_INT))                                     \
            r = a.as.i cmp b.as.i;                                                                 \
        else if (a.tag == SK_T_FLOAT && b.tag == SK_T_FLOAT)                                       \
            r = a.as.f cmp b.as.f;                                                                 \
        else {                                                                                     \
            cmpop = cop;                                                                           \
            goto compare_slow;                                                                     \
        }                                                                                          \
        cmp_result = r;                                                                            \
        goto compare_done;                                                                         \
    }

// Generic binary op with the int fast path only (shifts, bit ops).
#define BINOP_INTONLY(opname, bop, iexpr)                                                          \
    CASE(opname) {                                                                                 \
        SkValue a = sp[-2], b = sp[-1];                                                            \
        if (a.tag == SK_T_INT && b.tag == SK_T_INT) {                                              \
            int64_t r;                                                                             \
            if (!iexpr) {                                                                          \
                put_int(&sp[-2], r);                                                               \
                sp--;                                                                              \
                NEXT;                                                                              \
            }                                                                                      \
        }                                                                                          \
        binop = bop;                                                                               \
        goto binary_slow;                                                                          \
    }

#define INPLACE_SLOW(opname, bop)                                                                  \
    CASE(opname) {                                                                                 \
        binop = bop;                                                                               \
        goto binary_slow_inplace;                                                                  \
    }

#define BINOP_SLOW(opname, bop)                                                                    \
    CASE(opname) {                                                                                 \
        binop = bop;                                                                               \
        goto binary_slow;                                                                          \
    }

SkValue sk_vm_execute(SkVM *vm) {
    SkTasklet *t = vm->current;
    const size_t arena_base = vm->arena_len;
    SkFrame *frame;
    SkCode *code;
    const uint32_t *ip;
    SkValue *slots, *sp, *consts;
    uint32_t ins;
    // Shared between the cases and their out-of-line tails.
    int binop = 0;
    bool inplace = false;
    SkCmpOp cmpop = SK_CMP_EQ;
    bool cmp_result = false;
    SkValue *fslot = NULL;
    int nargs = 0;
    SkTuple *kwnames = NULL;
    SkValue retval = SK_NONE;

    t->c_depth++;
    // A native the loop called runs Skein code in this nested level
    // (list(gen), ...): name it if a tasklet tries to block below.
    if (vm->sched.direct) sk_sched_enter_c(vm);

#define SAVE() (frame->ip = ip, t->sp = sp, SK_STACK_CHECK(t))
#define RELOAD() (frame = &t->frames[t->nframes - 1], slots = frame->slots, sp = t->sp)
#define ARG SK_ARG(ins)
#define ARENA_RESET() (vm->arena_len = arena_base)
// Go to target. Preemption and run(timeout) count instructions: a
// backward jump charges the loop body it closes (its length), a call one;
// the arena empties at a backward jump (an instruction boundary).
#define JUMP_TO(target)                                                                            \
    do {                                                                                           \
        const uint32_t *to_ = (target);                                                            \
        long body_ = (long)(ip - to_);                                                             \
        ip = to_;                                                                                  \
        if (body_ > 0) {                                                                           \
            ARENA_RESET();                                                                         \
            if (SK_UNLIKELY((vm->sched.ticks -= body_) <= 0)) goto tick;                           \
        }                                                                                          \
    } while (0)
#define LOAD_FRAME()                                                                               \
    do {                                                                                           \
        frame = &t->frames[t->nframes - 1];                                                        \
        code = frame->code;                                                                        \
        ip = frame->ip;                                                                            \
        slots = frame->slots;                                                                      \
        sp = frame->sp;                                                                            \
        consts = code->consts;                                                                     \
    } while (0)
// Truth value of v into `out` (an int), raising through `error`.
#define TRUTH(v, out)                                                                              \
    do {                                                                                           \
        SkValue tv_ = (v);                                                                         \
        if (tv_.tag == SK_T_BOOL || tv_.tag == SK_T_INT)                                           \
            out = tv_.as.i != 0;                                                                   \
        else if (tv_.tag == SK_T_NONE)                                                             \
            out = 0;                                                                               \
        else {                                                                                     \
            SAVE();                                                                                \
            out = sk_truthy(vm, tv_);                                                              \
            RELOAD();                                                                              \
            if (out < 0) goto error;                                                               \
        }                                                                                          \
    } while (0)

#ifdef SK_TRACE
#define TRACE_INS()                                                                                \
    fprintf(stderr, "%4ld %-20s %6u depth %ld\n", (long)(ip - code->code - 1),                     \
            sk_op_name((int)SK_OP(ins)), SK_ARG(ins), (long)(sp - slots - code->nlocals))
#else
#define TRACE_INS() ((void)0)
#endif

#ifdef SK_COMPUTED_GOTO
    static const void *const labels[256] = {
#define SK_OP_LABEL(name, arg, effect, jump, flags, doc) [OP_##name] = &&L_##name,
        SK_OPCODES(SK_OP_LABEL)
#undef SK_OP_LABEL
            [SK_OP_COUNT... 255] = &&bad_opcode,
    };
#define CASE(name) L_##name:
#define NEXT                                                                                       \
    do {                                                                                           \
        ins = *ip++;                                                                               \
        TRACE_INS();                                                                               \
        goto *labels[SK_OP(ins)];                                                                  \
    } while (0)
#define DISPATCH_START NEXT;
#define DISPATCH_END
#else
#define CASE(name) case OP_##name:
#define NEXT continue
#define DISPATCH_START                                                                             \
    for (;;) {                                                                                     \
        ins = *ip++;                                                                               \
        TRACE_INS();                                                                               \
        switch ((SkOpcode)SK_OP(ins)) {
#define DISPATCH_END                                                                               \
    default: goto bad_opcode;                                                                      \
        }                                                                                          \
        }
#endif

    LOAD_FRAME();
    if (SK_UNLIKELY(!SK_IS_UNDEF(t->exc))) goto error; // resumed to raise (generator throw)

    DISPATCH_START

    CASE(NOP) { NEXT; }
    CASE(LOAD_CONST) {
        *sp++ = consts[ARG];
        NEXT;
    }
    CASE(LOAD_NONE) {
        *sp++ = SK_NONE;
        NEXT;
    }
    CASE(LOAD_TRUE) {
        *sp++ = SK_TRUE;
        NEXT;
    }
    CASE(LOAD_FALSE) {
        *sp++ = SK_FALSE;
        NEXT;
    }
    CASE(LOAD_SMALLINT) {
        put_int(sp++, (int64_t)ARG - SK_SMALLINT_BIAS);
        NEXT;
    }
    CASE(LOAD_FAST) {
        SkValue v = slots[ARG];
        if (SK_UNLIKELY(SK_IS_UNDEF(v))) {
            SAVE();
            sk_vm_unbound_local(vm, code->varnames[ARG]);
            goto error;
        }
        *sp++ = v;
        NEXT;
    }
    CASE(STORE_FAST) {
        slots[ARG] = *--sp;
        NEXT;
    }
    CASE(DELETE_FAST) {
        if (SK_IS_UNDEF(slots[ARG])) {
            SAVE();
            sk_vm_unbound_local(vm, code->varnames[ARG]);
            goto error;
        }
        slots[ARG] = SK_UNDEF;
        NEXT;
    }
    CASE(LOAD_DEREF) {
        SkValue v = SK_AS_CELL(slots[ARG])->value;
        if (SK_UNLIKELY(SK_IS_UNDEF(v))) {
            SAVE();
            if (ARG >= (uint32_t)(code->nlocals - code->nfrees))
                sk_vm_unbound_free(vm, code->varnames[ARG]);
            else
                sk_vm_unbound_local(vm, code->varnames[ARG]);
            goto error;
        }
        *sp++ = v;
        NEXT;
    }
    CASE(STORE_DEREF) {
        SK_AS_CELL(slots[ARG])->value = *--sp;
        NEXT;
    }
    CASE(DELETE_DEREF) {
        SkCell *c = SK_AS_CELL(slots[ARG]);
        if (SK_IS_UNDEF(c->value)) {
            SAVE();
            sk_vm_unbound_local(vm, code->varnames[ARG]);
            goto error;
        }
        c->value = SK_UNDEF;
        NEXT;
    }
    CASE(LOAD_CLOSURE) {
        *sp++ = slots[ARG];
        NEXT;
    }
    CASE(LOAD_CLASSDEREF) {
        SkStr *name = code->varnames[ARG];
        SkValue v = frame->locals ? sk_dict_get_str(frame->locals, name) : SK_UNDEF;
        if (SK_IS_UNDEF(v)) {
            v = SK_AS_CELL(slots[ARG])->value;
            if (SK_IS_UNDEF(v)) {
                SAVE();
                sk_vm_unbound_free(vm, name);
                goto error;
            }
        }
        *sp++ = v;
        NEXT;
    }

    CASE(LOAD_GLOBAL) {
        SkStr *name = code->names[ARG];
        SkDict *g = frame->globals;
        SkCache *c = code_caches(code);
        if (SK_LIKELY(c != NULL)) {
            c += *ip;
            if (SK_LIKELY(c->b == g)) {
                SkDict *d = c->a;
                if ((d == g || c->n == (((uint64_t)g->len << 32) | g->nentries)) &&
                    entry_is(d, c->i, name)) {
                    *sp++ = d->entries[c->i].value;
                    ip++;
                    NEXT;
                }
            }
        }
        SAVE();
        SkValue v = sk_cache_load_global(vm, c, g, name);
        RELOAD();
        if (SK_IS_ERR(v)) goto error;
        *sp++ = v;
        ip++;
        NEXT;
    }
    CASE(STORE_GLOBAL) {
        SAVE();
        bool ok = sk_dict_set_str(vm, frame->globals, code->names[ARG], sp[-1]);
        RELOAD();
        if (!ok) goto error;
        sp--;
        NEXT;
    }
    CASE(DELETE_GLOBAL) {
        SAVE();
        int r = sk_dict_del(vm, frame->globals, sk_obj(code->names[ARG]));
        RELOAD();
        if (r < 0) goto error;
        if (r == 0) {
            sk_vm_name_error(vm, code->names[ARG]);
            goto error;
        }
        NEXT;
    }
    CASE(LOAD_NAME) {
        SkStr *name = code->names[ARG];
        SkValue v = frame->locals ? sk_dict_get_str(frame->locals, name) : SK_UNDEF;
        if (SK_IS_UNDEF(v)) v = sk_dict_get_str(frame->globals, name);
        if (SK_IS_UNDEF(v)) v = sk_dict_get_str(vm->builtins, name);
        if (SK_IS_UNDEF(v)) {
            SAVE();
            sk_vm_name_error(vm, name);
            goto error;
        }
        *sp++ = v;
        NEXT;
    }
    CASE(STORE_NAME) {
        SAVE();
        SkDict *ns = frame->locals ? frame->locals : frame->globals;
        bool ok = sk_dict_set_str(vm, ns, code->names[ARG], sp[-1]);
        RELOAD();
        if (!ok) goto error;
        sp--;
        NEXT;
    }
    CASE(DELETE_NAME) {
        SAVE();
        SkDict *ns = frame->locals ? frame->locals : frame->globals;
        int r = sk_dict_del(vm, ns, sk_obj(code->names[ARG]));
        RELOAD();
        if (r < 0) goto error;
        if (r == 0) {
            sk_vm_name_error(vm, code->names[ARG]);
            goto error;
        }
        NEXT;
    }

    CASE(LOAD_ATTR) {
        SkStr *name = code->names[ARG];
        SkValue o = sp[-1];
        SkCache *c = code_caches(code);
        if (c) c += *ip;
        if (SK_IS_OBJ(o) && c) {
            SkObj *ob = SK_AS_OBJ(o);
            if (ob->kind == SK_INSTANCE) {
                SkInstance *in = (SkInstance *)ob;
                if (in->cls == c->a && c->n == vm->class_epoch && entry_is(in->dict, c->i, name)) {
                    sp[-1] = in->dict->entries[c->i].value;
                    ip++;
                    NEXT;
                }
            } else if (ob->kind == SK_MODULE) {
                SkDict *d = ((SkModule *)ob)->dict;
                if (d == c->a && entry_is(d, c->i, name)) {
                    sp[-1] = d->entries[c->i].value;
                    ip++;
                    NEXT;
                }
            }
        }
        ip++; // the frame of a property's getter returns past the cache
        SAVE();
        SkValue v = sk_cache_load_attr(vm, c, o, name);
        if (SK_IS_ERR(v)) {
            if (sk_has_exc(vm)) {
                RELOAD();
                goto error;
            }
            // A property's Skein getter runs as a frame (a tasklet may
            // block in it): vm/exec/vm_proto.c.
            if (sk_vm_proto_getter_push(vm, c->v) > 0) goto proto_pushed;
            goto proto_error;
        }
        RELOAD();
        sp[-1] = v;
        NEXT;
    }
    CASE(STORE_ATTR) {
        SkStr *name = code->names[ARG];
        SkValue o = sp[-1];
        SkCache *c = code_caches(code);
        if (c) c += *ip;
        if (SK_IS_KIND(o, SK_INSTANCE) && c) {
            SkInstance *in = SK_AS_INSTANCE(o);
            if (in->cls == c->a && c->n == vm->class_epoch && entry_is(in->dict, c->i, name)) {
                in->dict->entries[c->i].value = sp[-2];
                sp -= 2;
                ip++;
                NEXT;
            }
        }
        SAVE();
        bool ok = sk_cache_store_attr(vm, c, o, name, sp[-2]);
        RELOAD();
        if (!ok) goto error;
        sp -= 2;
        ip++;
        NEXT;
    }
    CASE(DELETE_ATTR) {
        SkValue o = sp[-1];
        SAVE();
        bool ok = sk_delattr(vm, o, code->names[ARG]);
        RELOAD();
        if (!ok) goto error;
        if (SK_IS_KIND(o, SK_CLASS)) vm->class_epoch++;
        sp--;
        NEXT;
    }
    CASE(LOAD_METHOD) {
        SkStr *name = code->names[ARG];
        SkValue o = sp[-1];
        SkCache *c = code_caches(code);
        if (SK_LIKELY(c != NULL)) {
            c += *ip;
            SkClass *cls;
            if (SK_IS_OBJ(o)) {
                SkObj *ob = SK_AS_OBJ(o);
                switch (ob->kind) {
                case SK_INSTANCE: {
                    // A hit needs no instance attribute shadowing the method.
                    SkInstance *in = (SkInstance *)ob;
                    if (in->cls == c->a && c->n == vm->class_epoch &&
                        (!in->dict || in->dict->len == 0 || sk_dict_find_str(in->dict, name) < 0)) {
                        sp[-1] = c->v;
                        *sp++ = o;
                        ip++;
                        NEXT;
                    }
                    goto load_method_miss;
                }
                case SK_MODULE: {
                    SkDict *d = ((SkModule *)ob)->dict;
                    if (d == c->a && entry_is(d, c->i, name)) {
                        sp[-1] = SK_UNDEF;
                        *sp++ = d->entries[c->i].value;
                        ip++;
                        NEXT;
                    }
                    goto load_method_miss;
                }
                case SK_CLASS:
                case SK_SUPER:
                case SK_EXCEPTION: goto load_method_miss;
                default: break;
                }
            }
            cls = sk_cache_class(vm, o); // as the miss fills the cache (vm/exec/vm_cache.c)
            if (cls == c->a && c->n == vm->class_epoch) {
                sp[-1] = c->v;
                *sp++ = o;
                ip++;
                NEXT;
            }
        }
    load_method_miss:
        SAVE();
        SkValue pair[2]; // the stack may move during the lookup
        bool ok = sk_cache_load_method(vm, c, o, name, pair);
        RELOAD();
        if (!ok) goto error;
        sp[-1] = pair[0];
        *sp++ = pair[1];
        ip++;
        NEXT;
    }
    CASE(BINARY_SUBSCR) {
        SkValue o = sp[-2], k = sp[-1];
        if (SK_IS_OBJ(o)) {
            SkObj *ob = SK_AS_OBJ(o);
            if (ob->kind == SK_LIST && k.tag == SK_T_INT) {
                SkList *l = (SkList *)ob;
                int64_t i = k.as.i;
                if (i < 0) i += (int64_t)l->len;
                if ((uint64_t)i < l->len) {
                    sp[-2] = l->items[i];
                    sp--;
                    NEXT;
                }
            } else if (ob->kind == SK_TUPLE && k.tag == SK_T_INT) {
                SkTuple *tp = (SkTuple *)ob;
                int64_t i = k.as.i;
                if (i < 0) i += (int64_t)tp->len;
                if ((uint64_t)i < tp->len) {
                    sp[-2] = tp->items[i];
                    sp--;
                    NEXT;
                }
            } else if (ob->kind == SK_INSTANCE) {
                // A Skein __getitem__ runs as a frame (so a tasklet may
                // block in it): [o k] -> [m o k], the result replaces o.
                SkValue m = sk_class_lookup(vm, ((SkInstance *)ob)->cls, vm->names.getitem);
                if (SK_IS_KIND(m, SK_FUNCTION)) {
                    sp[0] = k;
                    sp[-1] = o;
                    sp[-2] = m;
                    fslot = sp - 2;
                    sp++;
                    nargs = 2;
                    kwnames = NULL;
                    goto do_call;
                }
            } else if (ob->kind == SK_DICT && SK_IS_STR(k)) {
                SkValue v = sk_dict_get_str((SkDict *)ob, SK_AS_STR(k));
                if (!SK_IS_UNDEF(v)) {
                    sp[-2] = v;
                    sp--;
                    NEXT;
                }
            }
        }
        SAVE();
        SkValue v = sk_getitem(vm, o, k);
        RELOAD();
        if (SK_IS_ERR(v)) goto error;
        sp[-2] = v;
        sp--;
        NEXT;
    }
    CASE(STORE_SUBSCR) {
        SkValue v = sp[-3], o = sp[-2], k = sp[-1];
        if (SK_IS_LIST(o) && k.tag == SK_T_INT) {
            SkList *l = SK_AS_LIST(o);
            int64_t i = k.as.i;
            if (i < 0) i += (int64_t)l->len;
            if ((uint64_t)i < l->len) {
                l->items[i] = v;
                sp -= 3;
                NEXT;
            }
        }
        SAVE();
        if (SK_IS_KIND(o, SK_INSTANCE)) {
            // A Skein __setitem__ runs as a frame (vm/exec/vm_proto.c).
            int pushed = sk_vm_proto_setitem_push(vm);
            if (pushed > 0) goto proto_pushed;
            if (pushed < 0) goto proto_error;
        }
        bool ok = SK_IS_DICT(o) ? sk_dict_set(vm, SK_AS_DICT(o), k, v) : sk_setitem(vm, o, k, v);
        RELOAD();
        if (!ok) goto error;
        sp -= 3;
        NEXT;
    }
    CASE(DELETE_SUBSCR) {
        SAVE();
        bool ok = sk_delitem(vm, sp[-2], sp[-1]);
        RELOAD();
        if (!ok) goto error;
        sp -= 2;
        NEXT;
    }
    CASE(BUILD_SLICE) {
        int n = (int)ARG;
        SAVE();
        SkSlice *s = sk_slice_new(vm, sp[-n], sp[-n + 1], n == 3 ? sp[-1] : SK_NONE);
        RELOAD();
        if (!s) goto error;
        sp -= n - 1;
        sp[-1] = sk_obj(s);
        NEXT;
    }

    BINOP_INT(BINARY_ADD, SK_BIN_ADD, __builtin_add_overflow(a.as.i, b.as.i, &r), x + y)
    BINOP_INT(BINARY_SUB, SK_BIN_SUB, __builtin_sub_overflow(a.as.i, b.as.i, &r), x - y)
    BINOP_INT(BINARY_MUL, SK_BIN_MUL, __builtin_mul_overflow(a.as.i, b.as.i, &r), x * y)
    CASE(BINARY_TRUEDIV) {
        SkValue a = sp[-2], b = sp[-1];
        double x, y;
        if (num_pair(a, b, &x, &y) && y != 0.0) {
            put_float(&sp[-2], x / y);
            sp--;
            NEXT;
        }
        binop = SK_BIN_TRUEDIV;
        goto binary_slow;
    }
    BINOP_INTONLY(BINARY_FLOORDIV, SK_BIN_FLOORDIV, ifloordiv(a.as.i, b.as.i, &r))
    BINOP_INTONLY(BINARY_MOD, SK_BIN_MOD, imod(a.as.i, b.as.i, &r))
    CASE(BINARY_POW) {
        SkValue a = sp[-2], b = sp[-1];
        if (a.tag == SK_T_FLOAT && a.as.f > 0.0 && (b.tag == SK_T_FLOAT || b.tag == SK_T_INT)) {
            double y = b.tag == SK_T_FLOAT ? b.as.f : (double)b.as.i;
            double r = y == 0.5 ? sqrt(a.as.f) : pow(a.as.f, y);
            if (isfinite(r) || !isfinite(a.as.f) || !isfinite(y)) {
                put_float(&sp[-2], r);
                sp--;
                NEXT;
            }
        }
        binop = SK_BIN_POW;
        goto binary_slow;
    }
    BINOP_SLOW(BINARY_MATMUL, SK_BIN_MATMUL)
    BINOP_INTONLY(BINARY_LSHIFT, SK_BIN_LSHIFT, ishl(a.as.i, b.as.i, &r))
    BINOP_INTONLY(BINARY_RSHIFT, SK_BIN_RSHIFT, ishr(a.as.i, b.as.i, &r))
    BINOP_INTONLY(BINARY_AND, SK_BIN_AND, ((r = a.as.i & b.as.i), false))
    BINOP_INTONLY(BINARY_OR, SK_BIN_OR, ((r = a.as.i | b.as.i), false))
    BINOP_INTONLY(BINARY_XOR, SK_BIN_XOR, ((r = a.as.i ^ b.as.i), false))

    INPLACE_NUM(INPLACE_ADD, SK_BIN_ADD, __builtin_add_overflow(a.as.i, b.as.i, &r), x + y)
    INPLACE_NUM(INPLACE_SUB, SK_BIN_SUB, __builtin_sub_overflow(a.as.i, b.as.i, &r), x - y)
    INPLACE_NUM(INPLACE_MUL, SK_BIN_MUL, __builtin_mul_overflow(a.as.i, b.as.i, &r), x * y)
    INPLACE_SLOW(INPLACE_TRUEDIV, SK_BIN_TRUEDIV)
    INPLACE_SLOW(INPLACE_FLOORDIV, SK_BIN_FLOORDIV)
    INPLACE_SLOW(INPLACE_MOD, SK_BIN_MOD)
    INPLACE_SLOW(INPLACE_POW, SK_BIN_POW)
    INPLACE_SLOW(INPLACE_MATMUL, SK_BIN_MATMUL)
    INPLACE_SLOW(INPLACE_LSHIFT, SK_BIN_LSHIFT)
    INPLACE_SLOW(INPLACE_RSHIFT, SK_BIN_RSHIFT)
    INPLACE_SLOW(INPLACE_AND, SK_BIN_AND)
    INPLACE_SLOW(INPLACE_OR, SK_BIN_OR)
    INPLACE_SLOW(INPLACE_XOR, SK_BIN_XOR)

    CASE(UNARY_NEG) {
        SkValue a = sp[-1];
        if (a.tag == SK_T_INT && a.as.i != INT64_MIN) {
            put_int(&sp[-1], -a.as.i);
            NEXT;
        }
        if (a.tag == SK_T_FLOAT) {
            put_float(&sp[-1], -a.as.f);
            NEXT;
        }
        SAVE();
        SkValue r = sk_neg(vm, a);
        RELOAD();
        if (SK_IS_ERR(r)) goto error;
        sp[-1] = r;
        NEXT;
    }
    CASE(UNARY_POS) {
        SkValue a = sp[-1];
        if (a.tag == SK_T_INT || a.tag == SK_T_FLOAT) NEXT;
        SAVE();
        SkValue r = sk_pos(vm, a);
        RELOAD();
        if (SK_IS_ERR(r)) goto error;
        sp[-1] = r;
        NEXT;
    }
    CASE(UNARY_NOT) {
        int truth;
        TRUTH(sp[-1], truth);
        put_bool(&sp[-1], !truth);
        NEXT;
    }
    CASE(UNARY_INVERT) {
        SkValue a = sp[-1];
        if (a.tag == SK_T_INT) {
            put_int(&sp[-1], ~a.as.i);
            NEXT;
        }
        SAVE();
        SkValue r = sk_invert(vm, a);
        RELOAD();
        if (SK_IS_ERR(r)) goto error;
        sp[-1] = r;
        NEXT;
    }

    CMPOP(COMPARE_LT, SK_CMP_LT, <)
    CMPOP(COMPARE_LE, SK_CMP_LE, <=)
    CMPOP(COMPARE_GT, SK_CMP_GT, >)
    CMPOP(COMPARE_GE, SK_CMP_GE, >=)
    CASE(COMPARE_EQ) {
        SkValue a = sp[-2], b = sp[-1];
        if (a.tag == SK_T_INT && b.tag == SK_T_INT)
            cmp_result = a.as.i == b.as.i;
        else if (a.tag == SK_T_FLOAT && b.tag == SK_T_FLOAT)
            cmp_result = a.as.f == b.as.f;
        else if (SK_IS_STR(a) && SK_IS_STR(b))
            cmp_result = SK_AS_OBJ(a) == SK_AS_OBJ(b) || sk_str_eq(SK_AS_STR(a), SK_AS_STR(b));
        else if (a.tag == SK_T_NONE || b.tag == SK_T_NONE) {
            if (a.tag == b.tag)
                cmp_result = true;
            else if (a.tag != SK_T_OBJ && b.tag != SK_T_OBJ)
                cmp_result = false;
            else
                goto compare_eq_slow;
        } else {
            goto compare_eq_slow;
        }
        goto compare_done;
    }
    CASE(COMPARE_NE) {
        SkValue a = sp[-2], b = sp[-1];
        if (a.tag == SK_T_INT && b.tag == SK_T_INT)
            cmp_result = a.as.i != b.as.i;
        else if (a.tag == SK_T_FLOAT && b.tag == SK_T_FLOAT)
            cmp_result = a.as.f != b.as.f;
        else if (SK_IS_STR(a) && SK_IS_STR(b))
            cmp_result = SK_AS_OBJ(a) != SK_AS_OBJ(b) && !sk_str_eq(SK_AS_STR(a), SK_AS_STR(b));
        else {
            cmpop = SK_CMP_NE;
            goto compare_slow;
        }
        goto compare_done;
    }
    CASE(IS_OP) {
        bool r = sk_identical(sp[-2], sp[-1]) != (ARG != 0);
        put_bool(&sp[-2], r);
        sp--;
        NEXT;
    }
    CASE(CONTAINS_OP) {
        SAVE();
        if (SK_IS_KIND(sp[-1], SK_INSTANCE)) {
            // A Skein __contains__ runs as a frame (vm/exec/vm_proto.c).
            int pushed = sk_vm_proto_contains_push(vm, ARG != 0);
            if (pushed > 0) goto proto_pushed;
            if (pushed < 0) goto proto_error;
        }
        int r = sk_contains(vm, sp[-1], sp[-2]);
        RELOAD();
        if (r < 0) goto error;
        put_bool(&sp[-2], (r != 0) != (ARG != 0));
        sp--;
        NEXT;
    }

    CASE(POP_TOP) {
        sp--;
        NEXT;
    }
    CASE(DUP_TOP) {
        sp[0] = sp[-1];
        sp++;
        NEXT;
    }
    CASE(DUP_TOP_TWO) {
        sp[0] = sp[-2];
        sp[1] = sp[-1];
        sp += 2;
        NEXT;
    }
    CASE(ROT_TWO) {
        SkValue a = sp[-1];
        sp[-1] = sp[-2];
        sp[-2] = a;
        NEXT;
    }
    CASE(ROT_THREE) {
        SkValue a = sp[-1];
        sp[-1] = sp[-2];
        sp[-2] = sp[-3];
        sp[-3] = a;
        NEXT;
    }
    CASE(ROT_FOUR) {
        SkValue a = sp[-1];
        sp[-1] = sp[-2];
        sp[-2] = sp[-3];
        sp[-3] = sp[-4];
        sp[-4] = a;
        NEXT;
    }
    CASE(COPY) {
        sp[0] = sp[-(int)ARG];
        sp++;
        NEXT;
    }
    CASE(SWAP) {
        SkValue a = sp[-1];
        sp[-1] = sp[-(int)ARG];
        sp[-(int)ARG] = a;
        NEXT;
    }

    CASE(JUMP) {
        JUMP_TO(code->code + ARG);
        NEXT;
    }
    CASE(POP_JUMP_IF_FALSE) {
        int truth;
        TRUTH(sp[-1], truth);
        sp--;
        if (!truth) {
            JUMP_TO(code->code + ARG);
        }
        NEXT;
    }
    CASE(POP_JUMP_IF_TRUE) {
        int truth;
        TRUTH(sp[-1], truth);
        sp--;
        if (truth) {
            JUMP_TO(code->code + ARG);
        }
        NEXT;
    }
    CASE(JUMP_IF_FALSE_OR_POP) {
        int truth;
        TRUTH(sp[-1], truth);
        if (!truth)
            ip = code->code + ARG;
        else
            sp--;
        NEXT;
    }
    CASE(JUMP_IF_TRUE_OR_POP) {
        int truth;
        TRUTH(sp[-1], truth);
        if (truth)
            ip = code->code + ARG;
        else
            sp--;
        NEXT;
    }
    CASE(GET_ITER) {
        SAVE();
        SkValue it = sk_iter(vm, sp[-1]);
        RELOAD();
        if (SK_IS_ERR(it)) goto error;
        sp[-1] = it;
        NEXT;
    }
    CASE(FOR_ITER) {
        SkValue it = sp[-1];
        if (SK_IS_OBJ(it)) {
            SkObj *ob = SK_AS_OBJ(it);
            if (ob->kind == SK_ITER && ob->flags == 0) {
                // Inline steps of vm/objects/iter.c's list and range iterators; the
                // end of the loop goes through sk_next, which marks them done.
                SkIter *x = (SkIter *)ob;
                if (ob->extra == SK_IT_RANGE) {
                    if (x->n > 0) {
                        put_int(sp++, x->i);
                        x->i = (int64_t)((uint64_t)x->i + (uint64_t)x->step);
                        x->n--;
                        NEXT;
                    }
                } else if (ob->extra == SK_IT_LIST) {
                    SkList *l = SK_AS_LIST(x->src);
                    if (x->i >= 0 && (uint64_t)x->i < l->len) {
                        *sp++ = l->items[x->i++];
                        NEXT;
                    }
                }
            } else if (ob->kind == SK_INSTANCE || ob->kind == SK_CHANNEL) {
                // A Skein __next__ runs as a frame: its result lands above
                // the iterator as FOR_ITER's own would (see the unwinding
                // below for StopIteration). A channel's is Skein code too
                // (stdlib/mod_stackless.c), so `for x in ch` blocks only
                // its tasklet.
                SkClass *cls =
                    ob->kind == SK_INSTANCE ? ((SkInstance *)ob)->cls : sk_class_of(vm, it);
                SkValue m = sk_class_lookup(vm, cls, vm->names.next);
                if (SK_IS_KIND(m, SK_FUNCTION)) {
                    sp[0] = m;
                    sp[1] = it;
                    fslot = sp;
                    sp += 2;
                    nargs = 1;
                    kwnames = NULL;
                    goto do_call;
                }
            } else if (ob->kind == SK_GENERATOR) {
                SkGenerator *g = (SkGenerator *)ob;
                if (g->state == SK_GEN_DONE) {
                    sp--;
                    ip = code->code + ARG;
                    NEXT;
                }
                SAVE();
                SkFrame *f = sk_generator_enter(vm, g, sp, true, SK_NONE);
                if (!f) {
                    RELOAD();
                    goto error;
                }
                ARENA_RESET();
                LOAD_FRAME();
                NEXT;
            }
        }
        SAVE();
        SkValue v = sk_next(vm, it);
        RELOAD();
        if (SK_IS_UNDEF(v)) {
            if (sk_has_exc(vm)) goto error;
            sp--;
            ip = code->code + ARG;
            NEXT;
        }
        *sp++ = v;
        NEXT;
    }

    CASE(BUILD_TUPLE) {
        int n = (int)ARG;
        SAVE();
        SkTuple *tp = sk_tuple_from(vm, sp - n, (size_t)n);
        RELOAD();
        if (!tp) goto error;
        sp -= n;
        *sp++ = sk_obj(tp);
        NEXT;
    }
    CASE(BUILD_LIST) {
        int n = (int)ARG;
        SAVE();
        SkList *l = sk_list_from(vm, sp - n, (size_t)n);
        RELOAD();
        if (!l) goto error;
        sp -= n;
        *sp++ = sk_obj(l);
        NEXT;
    }
    CASE(BUILD_SET) {
        int n = (int)ARG;
        SAVE();
        SkSet *s = sk_set_new(vm, false);
        RELOAD();
        if (!s) goto error;
        for (int i = 0; i < n; i++) {
            SAVE();
            bool ok = sk_set_add(vm, s, sp[i - n]);
            RELOAD();
            if (!ok) goto error;
        }
        sp -= n;
        *sp++ = sk_obj(s);
        NEXT;
    }
    CASE(BUILD_MAP) {
        int n = (int)ARG;
        SAVE();
        SkDict *d = sk_dict_new(vm);
        RELOAD();
        if (!d) goto error;
        for (int i = 0; i < n; i++) {
            SAVE();
            bool ok = sk_dict_set(vm, d, sp[2 * (i - n)], sp[2 * (i - n) + 1]);
            RELOAD();
            if (!ok) goto error;
        }
        sp -= 2 * n;
        *sp++ = sk_obj(d);
        NEXT;
    }
    CASE(BUILD_STRING) {
        int n = (int)ARG;
        SAVE();
        SkValue s = sk_vm_build_string(vm, sp - n, n);
        RELOAD();
        if (SK_IS_ERR(s)) goto error;
        sp -= n;
        *sp++ = s;
        NEXT;
    }
    CASE(LIST_APPEND) {
        SkList *l = SK_AS_LIST(sp[-1 - (int)ARG]);
        SAVE();
        bool ok = sk_list_append(vm, l, sp[-1]);
        RELOAD();
        if (!ok) goto error;
        sp--;
        NEXT;
    }
    CASE(SET_ADD) {
        SAVE();
        bool ok = sk_set_add(vm, SK_AS_SET(sp[-1 - (int)ARG]), sp[-1]);
        RELOAD();
        if (!ok) goto error;
        sp--;
        NEXT;
    }
    CASE(MAP_ADD) {
        SAVE();
        bool ok = sk_dict_set(vm, SK_AS_DICT(sp[-2 - (int)ARG]), sp[-2], sp[-1]);
        RELOAD();
        if (!ok) goto error;
        sp -= 2;
        NEXT;
    }
    CASE(LIST_EXTEND) {
        SAVE();
        bool ok = sk_list_extend(vm, SK_AS_LIST(sp[-1 - (int)ARG]), sp[-1]);
        RELOAD();
        if (!ok) goto error;
        sp--;
        NEXT;
    }
    CASE(SET_UPDATE) {
        SAVE();
        bool ok = sk_vm_set_update(vm, sp[-1 - (int)ARG], sp[-1]);
        RELOAD();
        if (!ok) goto error;
        sp--;
        NEXT;
    }
    CASE(DICT_UPDATE) {
        SAVE();
        bool ok = sk_vm_dict_update(vm, sp[-1 - (int)ARG], sp[-1], false, SK_NONE);
        RELOAD();
        if (!ok) goto error;
        sp--;
        NEXT;
    }
    CASE(DICT_MERGE) {
        SkValue *fpos = sp - 1 - (int)ARG - 2;
        SkValue fn = fpos >= slots + code->nlocals ? *fpos : SK_NONE;
        SAVE();
        bool ok = sk_vm_dict_update(vm, sp[-1 - (int)ARG], sp[-1], true, fn);
        RELOAD();
        if (!ok) goto error;
        sp--;
        NEXT;
    }
    CASE(LIST_TO_TUPLE) {
        SkList *l = SK_AS_LIST(sp[-1]);
        SAVE();
        SkTuple *tp = sk_tuple_from(vm, l->items, l->len);
        RELOAD();
        if (!tp) goto error;
        sp[-1] = sk_obj(tp);
        NEXT;
    }
    CASE(UNPACK_SEQUENCE) {
        int n = (int)ARG;
        SkValue s = sp[-1];
        if (SK_IS_TUPLE(s) && SK_AS_TUPLE(s)->len == (size_t)n) {
            SkValue *items = SK_AS_TUPLE(s)->items;
            sp--;
            for (int i = n - 1; i >= 0; i--) *sp++ = items[i];
            NEXT;
        }
        if (SK_IS_LIST(s) && SK_AS_LIST(s)->len == (size_t)n) {
            SkValue *items = SK_AS_LIST(s)->items;
            sp--;
            for (int i = n - 1; i >= 0; i--) *sp++ = items[i];
            NEXT;
        }
        SAVE();
        bool ok = sk_vm_unpack(vm, s, n); // writes over seq once it is consumed
        RELOAD();
        if (!ok) goto error;
        sp += n - 1;
        NEXT;
    }
    CASE(UNPACK_EX) {
        int before = (int)(ARG & 0xff), after = (int)(ARG >> 8);
        int n = before + after + 1;
        SAVE();
        bool ok = sk_vm_unpack_ex(vm, sp[-1], before, after);
        RELOAD();
        if (!ok) goto error;
        sp += n - 1;
        NEXT;
    }
    CASE(FORMAT_VALUE) {
        bool has_spec = ARG & 4;
        SkValue v = has_spec ? sp[-2] : sp[-1];
        SkValue spec = has_spec ? sp[-1] : SK_UNDEF;
        if (!has_spec && (ARG & 3) == 0 && SK_IS_STR(v)) NEXT;
        SAVE();
        SkValue r = sk_vm_format_value(vm, v, (int)(ARG & 3), spec);
        RELOAD();
        if (SK_IS_ERR(r)) goto error;
        if (has_spec) sp--;
        sp[-1] = r;
        NEXT;
    }

    CASE(CALL) {
        nargs = (int)ARG;
        fslot = sp - nargs - 1;
        kwnames = NULL;
        goto do_call;
    }
    CASE(CALL_KW) {
        kwnames = (SkTuple *)SK_AS_OBJ(*--sp);
        nargs = (int)ARG;
        fslot = sp - nargs - 1;
        goto do_call;
    }
    CASE(CALL_METHOD) {
        kwnames = NULL;
        goto call_method;
    }
    CASE(CALL_METHOD_KW) {
        kwnames = (SkTuple *)SK_AS_OBJ(*--sp);
        goto call_method;
    }
    CASE(CALL_EX) {
        fslot = sp - 2 - (ARG & 1);
        SAVE();
        nargs = sk_vm_flatten_call(vm, fslot, ARG & 1, &kwnames);
        RELOAD();
        if (nargs < 0) goto error;
        fslot = sp - nargs - 1;
        goto do_call;
    }
    CASE(RETURN_VALUE) {
        retval = sp[-1];
        if (SK_LIKELY(frame->flags == 0 && frame->gen == NULL)) {
            slots[-1] = retval;
            sp = slots;
            t->nframes--;
            frame--;
            code = frame->code;
            ip = frame->ip;
            slots = frame->slots;
            consts = code->consts;
            ARENA_RESET();
            NEXT;
        }
        goto return_slow;
    }
    CASE(MAKE_FUNCTION) {
        uint32_t a = ARG;
        int n = 1 + !!(a & 1) + !!(a & 2) + !!(a & 4) + !!(a & 8);
        SkValue *p = sp - n;
        SkValue defaults = SK_UNDEF, kwdefaults = SK_UNDEF, closure = SK_UNDEF, ann = SK_UNDEF;
        if (a & 1) defaults = *p++;
        if (a & 2) kwdefaults = *p++;
        if (a & 8) ann = *p++;
        if (a & 4) closure = *p++;
        SAVE();
        SkValue fn =
            sk_vm_make_function(vm, *p, frame->globals, defaults, kwdefaults, closure, ann);
        RELOAD();
        if (SK_IS_ERR(fn)) goto error;
        sp -= n;
        *sp++ = fn;
        NEXT;
    }
    CASE(BUILD_CLASS) {
        int n = (int)ARG;
        SAVE();
        SkTuple *bases = sk_tuple_from(vm, sp - n, (size_t)n);
        SkValue cls =
            bases ? sk_vm_build_class(vm, sp[-n - 2], sp[-n - 1], bases, NULL, frame->globals)
                  : SK_ERR;
        RELOAD();
        if (SK_IS_ERR(cls)) goto error;
        sp -= n + 2;
        *sp++ = cls;
        NEXT;
    }
    CASE(BUILD_CLASS_EX) {
        int haskw = (int)(ARG & 1);
        SkValue *at = sp - 3 - haskw;     // [body_fn name bases (kw)]
        ptrdiff_t at_off = at - t->stack; // the class body may move the stack
        SAVE();
        SkValue cls = sk_vm_build_class(vm, at[0], at[1], SK_AS_TUPLE(at[2]),
                                        haskw ? SK_AS_DICT(at[3]) : NULL, frame->globals);
        RELOAD();
        if (SK_IS_ERR(cls)) goto error;
        sp = t->stack + at_off;
        *sp++ = cls;
        NEXT;
    }

    CASE(RAISE_VARARGS) {
        SAVE();
        if (ARG == 0) {
            SkValue h = sk_tasklet_handling(t);
            if (!SK_IS_KIND(h, SK_EXCEPTION)) {
                sk_raise(vm, vm->exc.RuntimeError, "No active exception to reraise");
                goto error;
            }
            t->exc = h;
            goto reraise;
        }
        SkValue exc = sk_vm_normalize_raise(vm, sp[-(int)ARG]);
        RELOAD();
        if (SK_IS_ERR(exc)) goto error;
        if (ARG == 2) {
            sp[-2] = exc; // keep it rooted while the cause is made
            SAVE();
            bool ok = sk_vm_set_cause(vm, exc, sp[-1]);
            RELOAD();
            if (!ok) goto error;
        }
        sk_exc_set_context(vm, exc);
        t->exc = exc;
        goto error_tb;
    }
    CASE(PUSH_EXC_INFO) {
        // The exception handled lives in the tasklet's ext (made once).
        if (SK_UNLIKELY(!t->ext) && !sk_tasklet_ext(vm, t)) {
            SAVE();
            goto error;
        }
        SkValue exc = sp[-1];
        sp[-1] = sk_tasklet_handling(t);
        *sp++ = exc;
        (void)sk_tasklet_set_handling(vm, t, exc);
        NEXT;
    }
    CASE(POP_EXCEPT) {
        (void)sk_tasklet_set_handling(vm, t, *--sp);
        NEXT;
    }
    CASE(RERAISE) {
        t->exc = *--sp;
        SAVE();
        goto reraise;
    }
    CASE(POP_EXCEPT_RERAISE) {
        SkValue exc = *--sp;
        (void)sk_tasklet_set_handling(vm, t, *--sp);
        t->exc = exc;
        SAVE();
        goto reraise;
    }
    CASE(CHECK_EXC_MATCH) {
        SAVE();
        int r = sk_vm_exc_match(vm, sp[-2], sp[-1]);
        RELOAD();
        if (r < 0) goto error;
        put_bool(&sp[-2], r);
        sp--;
        NEXT;
    }
    CASE(LOAD_ASSERTION_ERROR) {
        *sp++ = sk_obj(vm->exc.AssertionError);
        NEXT;
    }
    CASE(BEFORE_WITH) {
        SkValue exitfn = SK_UNDEF, enter = SK_UNDEF;
        SAVE();
        bool ok = sk_vm_with_lookup(vm, sp[-1], &exitfn, &enter);
        RELOAD();
        if (!ok) goto error;
        // [mgr] -> [exit enter mgr] and call enter(mgr): the result lands
        // where enter was. A bound __enter__ is called with no arguments.
        SkValue mgr = sp[-1];
        sp[-1] = exitfn;
        sp[0] = enter;
        bool pass_self = SK_IS_KIND(enter, SK_FUNCTION) || SK_IS_KIND(enter, SK_NATIVE);
        if (pass_self) {
            sp[1] = mgr;
            sp += 2;
            nargs = 1;
        } else {
            sp += 1;
            nargs = 0;
        }
        fslot = sp - nargs - 1;
        kwnames = NULL;
        goto do_call;
    }
    CASE(WITH_EXCEPT_START) {
        // [exit prev exc] -> [exit prev exc exit(type(exc), exc, exc.__traceback__)]
        SAVE();
        SkValue tb =
            SK_IS_KIND(sp[-1], SK_EXCEPTION) ? sk_traceback_of(vm, SK_AS_EXC(sp[-1])) : SK_NONE;
        RELOAD();
        if (SK_IS_ERR(tb)) goto error;
        SkValue exc = sp[-1];
        sp[0] = sp[-3];
        sp[1] = sk_obj(sk_class_of(vm, exc));
        sp[2] = exc;
        sp[3] = tb;
        sp += 4;
        nargs = 3;
        fslot = sp - 4;
        kwnames = NULL;
        goto do_call;
    }

    CASE(YIELD_VALUE) {
        retval = sp[-1];
        goto do_yield;
    }
    CASE(GET_YIELD_FROM_ITER) {
        if (SK_IS_KIND(sp[-1], SK_GENERATOR)) NEXT;
        SAVE();
        SkValue it = sk_iter(vm, sp[-1]);
        RELOAD();
        if (SK_IS_ERR(it)) goto error;
        sp[-1] = it;
        NEXT;
    }
    CASE(YIELD_FROM) {
        SkValue it = sp[-2], sent = sp[-1];
        if (SK_IS_KIND(it, SK_GENERATOR)) {
            SkGenerator *g = SK_AS_GEN(it);
            if (g->state == SK_GEN_DONE) {
                sp[-2] = SK_NONE;
                sp--;
                NEXT;
            }
            if (g->state == SK_GEN_CREATED && !SK_IS_NONE(sent)) {
                SAVE();
                sk_raise(vm, vm->exc.TypeError,
                         "can't send non-None value to a just-started generator");
                goto error;
            }
            sp--;
            SAVE();
            SkFrame *f = sk_generator_enter(vm, g, sp, true, sent);
            if (!f) {
                RELOAD();
                goto error;
            }
            ARENA_RESET();
            LOAD_FRAME();
            NEXT;
        }
        SAVE();
        SkValue v;
        int st = sk_vm_delegate_step(vm, it, sent, &v);
        RELOAD();
        if (st < 0) goto error;
        if (st == 0) {
            sp[-2] = v; // the delegate's return value
            sp--;
            NEXT;
        }
        // The delegate yielded: this frame yields it too and comes back
        // to this YIELD_FROM with the next sent value.
        sp[-1] = v;
        ip--;
        retval = v;
        goto do_yield;
    }

    CASE(IMPORT_NAME) {
        SAVE();
        SkValue m = sk_import_name(vm, code->names[ARG]);
        RELOAD();
        if (SK_IS_ERR(m)) goto error;
        *sp++ = m;
        NEXT;
    }
    CASE(IMPORT_FROM) {
        SAVE();
        SkValue v = sk_import_from(vm, sp[-1], code->names[ARG]);
        RELOAD();
        if (SK_IS_ERR(v)) goto error;
        *sp++ = v;
        NEXT;
    }
    CASE(IMPORT_STAR) {
        SAVE();
        bool ok = sk_vm_import_star(vm, sp[-1], frame->locals ? frame->locals : frame->globals);
        RELOAD();
        if (!ok) goto error;
        sp--;
        NEXT;
    }
    CASE(PRINT_EXPR) {
        SAVE();
        bool ok = sk_vm_print_expr(vm, sp[-1]);
        RELOAD();
        if (!ok) goto error;
        sp--;
        NEXT;
    }

    DISPATCH_END

    // ---- out-of-line tails of the cases above ----

binary_slow_inplace:
    inplace = true;
binary_slow : {
    SAVE();
    if (SK_IS_KIND(sp[-2], SK_INSTANCE)) {
        // A user instance's Skein __add__... runs as a frame (a tasklet
        // may block in it): vm/exec/vm_proto.c; proto_return finishes.
        int pushed = sk_vm_proto_binop_push(vm, binop, inplace);
        if (pushed != 0) {
            inplace = false;
            if (pushed > 0) goto proto_pushed;
            goto proto_error;
        }
    }
    SkValue r = sk_binary(vm, (SkBinOp)binop, sp[-2], sp[-1], inplace);
    inplace = false;
    RELOAD();
    if (SK_IS_ERR(r)) goto error;
    put_value(&sp[-2], r);
    sp--;
    NEXT;
}

compare_eq_slow : {
    // COMPARE_EQ past its fast cases (compare_slow runs a Skein __eq__ as a frame).
    cmpop = SK_CMP_EQ;
    goto compare_slow;
}
compare_rest : {
    // __eq__'s frame gave NotImplemented: reflected __eq__, then identity.
    SAVE();
    SkValue r = sk_compare_after_left(vm, cmpop, sp[-2], sp[-1]);
    RELOAD();
    if (SK_IS_ERR(r)) goto error;
    if (r.tag != SK_T_BOOL) {
        sp[-2] = r;
        sp--;
        NEXT;
    }
    cmp_result = r.as.i != 0;
    goto compare_done;
}
proto_pushed : {
    // vm/exec/vm_proto.c pushed a protocol frame (SK_FRAME_CMP, SK_FRAME_STR_*).
    ARENA_RESET();
    LOAD_FRAME();
    NEXT;
}
proto_error : {
    RELOAD();
    goto error;
}
call_proto : {
    // print/str/repr: a user instance's __str__/__repr__ runs as a frame
    // first (vm/exec/vm_proto.c); otherwise the generic call path.
    SAVE();
    int pushed = sk_vm_proto_str_push(vm, fslot, nargs, kwnames, ip[-1]);
    if (pushed > 0) goto proto_pushed;
    if (pushed < 0) goto proto_error;
    goto call_generic;
}
compare_slow : {
    SAVE();
    if (SK_IS_KIND(sp[-2], SK_INSTANCE)) {
        // A user instance's Skein __eq__, __lt__... runs as a frame (a
        // tasklet may block in it), pushed by vm/exec/vm_proto.c;
        // proto_return finishes (SK_FRAME_CMP).
        int pushed = sk_vm_proto_cmp_push(vm, cmpop);
        if (pushed > 0) goto proto_pushed;
        if (pushed < 0) goto proto_error;
    }
    SkValue r = sk_compare(vm, cmpop, sp[-2], sp[-1]);
    RELOAD();
    if (SK_IS_ERR(r)) goto error;
    if (r.tag != SK_T_BOOL) {
        sp[-2] = r;
        sp--;
        NEXT;
    }
    cmp_result = r.as.i != 0;
}
compare_done : {
    // Fuse with a following conditional jump: the common `if a < b:`.
    uint32_t nx = *ip;
    if (SK_OP(nx) == OP_POP_JUMP_IF_FALSE) {
        sp -= 2;
        ip++;
        if (!cmp_result) {
            JUMP_TO(code->code + SK_ARG(nx));
        }
        NEXT;
    }
    if (SK_OP(nx) == OP_POP_JUMP_IF_TRUE) {
        sp -= 2;
        ip++;
        if (cmp_result) {
            JUMP_TO(code->code + SK_ARG(nx));
        }
        NEXT;
    }
    put_bool(&sp[-2], cmp_result);
    sp--;
    NEXT;
}

call_method : {
    // [X Y a1..an]: X UNDEF means Y is the callable.
    int n = (int)ARG;
    SkValue *x = sp - n - 2;
    if (SK_IS_UNDEF(*x)) {
        memmove(x, x + 1, sizeof(SkValue) * (size_t)(n + 1));
        sp--;
        nargs = n;
    } else {
        nargs = n + 1;
    }
    fslot = x;
}
// ---- do_call: the one call path of every CALL* opcode ----
// Entered with fslot pointing at [f a1..an] on the stack, nargs and kwnames
// set. A plain Skein function without keywords gets its frame pushed inline
// (the hot path: no C call). A native called directly runs here with
// vm->sched.direct set, so it may park the tasklet (then do_switch). Every
// other callable (classes, bound methods, keywords, generators) goes through
// sk_call_setup, which either finishes the call or pushes a frame; print,
// str and repr of a user object may detour through call_proto to run
// __str__/__repr__ as a frame.
do_call : {
    SkValue f = *fslot;
    if (SK_LIKELY(SK_IS_KIND(f, SK_FUNCTION)) && kwnames == NULL) {
        SkFunction *fn = SK_AS_FUNCTION(f);
        SkCode *c = fn->code;
        SkValue *args = fslot + 1;
        if (SK_LIKELY(nargs == c->argcount && c->kwonlycount == 0 && c->ncells == 0 &&
                      !(c->flags & (SK_CODE_VARARGS | SK_CODE_VARKW | SK_CODE_GENERATOR)) &&
                      t->nframes < vm->recursion_limit && t->nframes < sk_tasklet_frames_cap(t) &&
                      args + c->nlocals + c->stacksize + SK_STACK_SLACK <=
                          t->stack + t->stack_size)) {
            frame->ip = ip;
            int nplain = c->nlocals - c->nfrees;
            for (int i = nargs; i < nplain; i++) args[i] = SK_UNDEF;
            if (c->nfrees) {
                // Free variables: the closure's cells, in order, in the last slots.
                SkTuple *cl = fn->closure;
                for (int i = 0; i < c->nfrees; i++)
                    args[nplain + i] = cl && (size_t)i < cl->len ? cl->items[i] : SK_UNDEF;
            }
            frame = &t->frames[t->nframes++];
            frame->code = c;
            frame->fn = fn;
            frame->globals = fn->globals;
            frame->locals = NULL;
            frame->gen = NULL;
            frame->flags = 0;
            frame->slots = args;
            code = c;
            ip = c->code;
            slots = args;
            sp = args + c->nlocals;
            consts = c->consts;
            ARENA_RESET();
            if (SK_UNLIKELY(--vm->sched.ticks <= 0)) goto tick;
            NEXT;
        }
    }
    if (SK_IS_KIND(f, SK_NATIVE) && kwnames == NULL) {
        // Natives with a plain positional call: no binding, no frame.
        SkNative *nat = SK_AS_NATIVE(f);
        if (SK_UNLIKELY(nat->proto)) goto call_proto;
        if (nargs >= nat->min_args && (nat->max_args < 0 || nargs <= nat->max_args)) {
            ptrdiff_t off = fslot - t->stack;
            SAVE();
            vm->sched.direct = true;
            vm->sched.last_callee = &nat->obj;
            vm->sched.call_off = off;
            SkValue r = nat->fn(vm, fslot + 1, nargs, NULL);
            if (SK_UNLIKELY(vm->sched.switched)) goto do_switch;
            vm->sched.direct = false;
            RELOAD();
            if (SK_IS_ERR(r)) {
                if (SK_UNLIKELY(vm->sched.redirect)) {
                    // The native handed its call to a Skein function.
                    vm->sched.redirect = false;
                    fslot = t->stack + off;
                    goto call_generic;
                }
                goto error;
            }
            sp = t->stack + off;
            put_value(sp++, r);
            ARENA_RESET();
            NEXT;
        }
    }
    if (SK_IS_OBJ(f) &&
        (f.as.o == &vm->t.str->obj || (f.as.o->kind == SK_NATIVE && SK_AS_NATIVE(f)->proto)))
        goto call_proto;
call_generic:
    f = *fslot; // also entered from call_proto, outside this block
    SAVE();
    t->sp = fslot + 1 + nargs;
    vm->sched.direct = true;
    vm->sched.last_callee = SK_IS_OBJ(f) ? SK_AS_OBJ(f) : NULL;
    vm->sched.call_off = fslot - t->stack;
    SkCallStep step = sk_call_setup(vm, fslot, nargs, kwnames);
    if (SK_UNLIKELY(vm->sched.switched)) goto do_switch;
    vm->sched.direct = false;
    if (step == SK_CALL_FRAME) {
        ARENA_RESET();
        LOAD_FRAME();
        NEXT;
    }
    RELOAD();
    if (step == SK_CALL_ERR) goto error;
    ARENA_RESET();
    NEXT;
}

// ---- return_slow: returning from a frame with flags or a generator ----
// RETURN_VALUE handles a plain frame inline and comes here for the rest:
// a tasklet's base frame (the tasklet ends and another runs), a generator
// frame (its state is saved and StopIteration/the value goes to the
// resumer), a frame that leaves this C level (SK_FRAME_C_BOUNDARY: return
// from sk_vm_execute), and protocol frames pushed by opcodes (__init__'s
// None check, __eq__, __str__/__repr__ results put back where the opcode
// expects them).
return_slow : {
    // retval is the value being returned; the frame is not a plain one.
    uint32_t flags = frame->flags;
    SkValue *base = slots - 1;
    SkGenerator *g = frame->gen;
    if (flags & SK_FRAME_TASKLET) {
        // A tasklet's function returned: it dies inside this loop.
        t->nframes--;
        t->sp = base;
        sk_sched_finished(vm, t);
        goto do_switch;
    }
    if (g) {
        SAVE();
        sk_generator_finish(vm, g);
        t->nframes--;
        if (flags & SK_FRAME_C_BOUNDARY) {
            t->sp = base;
            goto exit_value;
        }
        frame = &t->frames[t->nframes - 1];
        uint32_t call_ins = frame->ip[-1];
        code = frame->code;
        consts = code->consts;
        slots = frame->slots;
        ip = frame->ip;
        if (SK_OP(call_ins) == OP_FOR_ITER) {
            sp = base; // drop the generator: the loop is over
            ip = code->code + SK_ARG(call_ins);
        } else {
            sp = base + 1; // YIELD_FROM: its result replaces the delegate
            base[0] = retval;
        }
        ARENA_RESET();
        NEXT;
    }
    if (SK_UNLIKELY(flags & (SK_FRAME_CMP | SK_FRAME_STR_ARG | SK_FRAME_STR_CALL |
                             SK_FRAME_REPR_CALL | SK_FRAME_BINOP | SK_FRAME_CONTAINS)))
        goto proto_return;
    if (flags & SK_FRAME_INIT) {
        if (!SK_IS_NONE(retval)) {
            // Raised at the call site, once the __init__ frame is gone.
            t->nframes--;
            t->sp = base;
            sk_init_result_error(vm, retval);
            if (flags & SK_FRAME_C_BOUNDARY) {
                t->c_depth--;
                return SK_ERR;
            }
            LOAD_FRAME();
            goto error;
        }
        retval = *base; // the instance
    }
    *base = retval;
    sp = (flags & SK_FRAME_DISCARD) ? base : base + 1;
    t->nframes--;
    if (flags & SK_FRAME_C_BOUNDARY) {
        t->sp = sp;
        goto exit_value;
    }
    LOAD_FRAME();
    sp = (flags & SK_FRAME_DISCARD) ? base : base + 1;
    ARENA_RESET();
    NEXT;
}

do_yield : {
    // retval (on top of the stack) leaves this generator frame.
    SAVE();
    uint32_t flags = frame->flags;
    SkValue *base = slots;
    if (!sk_generator_suspend(vm, frame, sp - 1)) {
        RELOAD();
        goto error;
    }
    if (flags & SK_FRAME_C_BOUNDARY) {
        t->sp = base - 1;
        goto exit_value;
    }
    frame = &t->frames[t->nframes - 1];
    code = frame->code;
    consts = code->consts;
    slots = frame->slots;
    ip = frame->ip;
    sp = base;
    ARENA_RESET();
    if (SK_OP(ip[-1]) == OP_YIELD_FROM) {
        // A delegating generator: it yields the value on to its own resumer.
        ip--;
        frame->ip = ip;
        *sp++ = retval;
        goto do_yield;
    }
    *sp++ = retval; // FOR_ITER
    NEXT;
}

proto_return : {
    // retval leaves a protocol frame pushed from an opcode (vm/exec/vm_proto.c).
    uint32_t flags = frame->flags;
    SkValue *base = slots - 1;
    uint32_t aux = frame->aux;
    t->nframes--;
    LOAD_FRAME();
    sp = base;
    ARENA_RESET();
    if (flags & SK_FRAME_CONTAINS) {
        // [] where [item c] were: the truth of __contains__'s result.
        *sp++ = retval; // rooted while its __bool__ may run
        SAVE();
        int r = sk_truthy(vm, retval);
        RELOAD();
        if (r < 0) goto error;
        put_bool(&sp[-1], (r != 0) != (aux != 0));
        NEXT;
    }
    if (flags & SK_FRAME_BINOP) {
        // [a b]: the operands, kept below the method's callable slot.
        if (!sk_ops_is_notimpl(vm, retval)) {
            put_value(&sp[-2], retval);
            sp--;
            NEXT;
        }
        SAVE();
        SkValue r = sk_binary_after_left(vm, (SkBinOp)(aux & 0xff), sp[-2], sp[-1], aux >> 8);
        RELOAD();
        if (SK_IS_ERR(r)) goto error;
        put_value(&sp[-2], r);
        sp--;
        NEXT;
    }
    if (flags & SK_FRAME_CMP) {
        // [a b]: the operands, kept below __eq__'s callable slot.
        if (!sk_ops_is_notimpl(vm, retval)) {
            if (retval.tag != SK_T_BOOL) {
                sp[-2] = retval;
                sp--;
                NEXT;
            }
            cmp_result = retval.as.i != 0;
            goto compare_done;
        }
        cmpop = (SkCmpOp)aux; // the comparison (vm/exec/vm_proto.c)
        goto compare_rest;
    }
    // As check_str_result (vm/ops/repr.c): a str, or a str subclass's payload.
    SkValue s = retval;
    if (SK_IS_KIND(s, SK_INSTANCE) && SK_IS_STR(SK_AS_INSTANCE(s)->base))
        s = SK_AS_INSTANCE(s)->base;
    if (!SK_IS_STR(s)) {
        *sp++ = retval; // keep it reachable while the message is built
        SAVE();
        sk_raise(vm, vm->exc.TypeError, "%s returned non-string (type %T)",
                 (flags & SK_FRAME_REPR_CALL) ? "__repr__" : "__str__", retval);
        goto error;
    }
    if (flags & SK_FRAME_STR_ARG) {
        // print: the argument now holds its str; run the CALL again, which
        // now calls print itself.
        base[-(ptrdiff_t)aux] = s;
        ip--;
        NEXT;
    }
    sp = base - aux; // str(x) / repr(x): the result replaces the callable
    *sp++ = s;
    NEXT;
}

tick:
    // The tick counter ran out at an instruction boundary: preemption or
    // run(timeout) may switch tasklets here.
    SAVE();
    frame->sp = sp;
    if (sk_sched_tick(vm)) goto do_switch;
    if (SK_UNLIKELY(vm->finalize_len)) {
        sk_run_finalizers(vm); // __del__ of collected objects (may move the stack)
        RELOAD();
    }
    if (SK_UNLIKELY(!SK_IS_UNDEF(t->exc))) {
        // A KeyboardInterrupt delivered to the running main tasklet, raised
        // at the instruction the jump or call was about to run (so a try
        // around a loop catches it, and the traceback names that line).
        frame->ip = ++ip;
        goto error;
    }
    NEXT;

do_switch:
    // A native (or the scheduler) made another tasklet current: reload
    // everything from it. Its pending call's result is already in place,
    // or an exception is pending to be raised at that call.
    vm->sched.direct = false;
    t = sk_sched_enter(vm);
    LOAD_FRAME();
    sp = t->sp;
    ARENA_RESET();
    if (SK_UNLIKELY(!SK_IS_UNDEF(t->exc))) {
        // Thrown into (kill, throw) where preemption or run(timeout)
        // stopped it: raised at the instruction it was about to run (a
        // jump's target may lie outside the try that encloses the loop).
        if (vm->sched.at_tick) {
            vm->sched.at_tick = false;
            frame->ip = ++ip;
        }
        goto error;
    }
    NEXT;

bad_opcode:
    SAVE();
    sk_raise(vm, vm->exc.SystemError, "unknown opcode %d", (int)SK_OP(ins));
    goto error;

    // ---- exceptions ----
error:
    // An exception raised by the current instruction (pending in t->exc).
    frame = &t->frames[t->nframes - 1];
    if (SK_IS_KIND(t->exc, SK_EXCEPTION) && !SK_AS_EXC(t->exc)->traceback)
        sk_exc_set_context(vm, t->exc);
error_tb:
    frame = &t->frames[t->nframes - 1];
    sk_exc_add_traceback(vm, t->exc, frame->code, frame_line(frame));
// ---- reraise: unwinding ----
// The exception in t->exc has its traceback entry for the current frame.
// Look up a handler for the current instruction in the frame's exception
// table; with one, reset the operand stack to the handler's depth, push the
// exception and jump. Without, pop the frame (finishing a generator, ending
// a tasklet, or returning SK_ERR at a C boundary), add the caller's line to
// the traceback and try again there. RERAISE and POP_EXCEPT_RERAISE enter
// here directly: a re-raise adds no traceback entry.
reraise:
    for (;;) {
        frame = &t->frames[t->nframes - 1];
        code = frame->code;
        // Past the host's instruction budget nothing may catch or clean
        // up: the script unwinds to the host's call.
        const SkHandler *h =
            SK_UNLIKELY(vm->sched.budget_hit) ? NULL : find_handler(code, sk_frame_index(frame));
        if (h) {
            slots = frame->slots;
            sp = slots + code->nlocals + h->depth;
            *sp++ = t->exc;
            t->exc = SK_UNDEF;
            ip = code->code + h->target;
            consts = code->consts;
            ARENA_RESET();
            NEXT;
        }
        uint32_t flags = frame->flags;
        SkValue *base = frame->slots - 1;
        bool was_gen = frame->gen != NULL;
        if (was_gen) {
            sk_generator_finish(vm, frame->gen);
            if (sk_exc_matches(vm, vm->exc.StopIteration)) sk_vm_stopiteration_to_runtime(vm);
        }
        t->nframes--;
        if (flags & SK_FRAME_TASKLET) {
            // Uncaught in a tasklet: it dies; the exception moves to main
            // (TaskletExit is silent).
            t->sp = base;
            sk_sched_finished(vm, t);
            goto do_switch;
        }
        if (flags & SK_FRAME_C_BOUNDARY) {
            t->sp = base;
            t->c_depth--;
            if (t->c_depth == 0) sk_tasklet_release_old(vm, t);
            return SK_ERR;
        }
        frame = &t->frames[t->nframes - 1];
        if (!was_gen && SK_OP(frame->ip[-1]) == OP_FOR_ITER &&
            sk_exc_matches(vm, vm->exc.StopIteration)) {
            // The __next__ frame FOR_ITER pushed raised StopIteration: the
            // loop is over. Below its function slot sits the iterator.
            sk_clear_exc(vm);
            code = frame->code;
            consts = code->consts;
            slots = frame->slots;
            sp = base - 1;
            ip = code->code + SK_ARG(frame->ip[-1]);
            ARENA_RESET();
            NEXT;
        }
        sk_exc_add_traceback(vm, t->exc, frame->code, frame_line(frame));
    }

exit_value:
    t->c_depth--;
    sk_vm_arena_keep(vm, retval);
    if (t->c_depth == 0) sk_tasklet_release_old(vm, t);
    return retval;
}
