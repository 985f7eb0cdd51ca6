// parser/compile_stmt.c -- code generation for statements: assignment,
// control flow, function and class definitions, imports, and the block
// structure behind try/except/finally and with. Exception handling
// follows the table-driven patterns of vm/exec/opcodes.h: each try, except
// clause, finally body and with body owns a protected region (compile.c)
// that becomes one or more exception-table entries. Leaving a block early
// (return, break, continue) emits that block's exit code inline -- the
// finally body, __exit__(None, None, None), POP_EXCEPT -- with the block's
// own region suspended so its handler does not see the exit code.
#include "parser/compiler_internal.h"
#include "vm/ops/repr.h"

#include "vm/classes/error.h"
#include "vm/objects/str.h"

#include <stdlib.h>

// --- blocks -------------------------------------------------------------

static SkBlock *push_block(C *c, SkBlockKind kind, const SkAst *at) {
    SkUnit *u = c->u;
    if (u->nblocks >= SK_COMPILE_MAX_BLOCKS) {
        sk_cerr(c, at, "too many statically nested blocks");
        return NULL;
    }
    SkBlock *b = &u->blocks[u->nblocks++];
    memset(b, 0, sizeof *b);
    b->kind = kind;
    b->region = b->region2 = -1;
    b->brk = b->cont = -1;
    b->line = at->line;
    return b;
}

static void pop_block(C *c) {
    if (c->u->nblocks > 0) c->u->nblocks--;
}

typedef struct Suspended {
    int regions[2 * SK_COMPILE_MAX_BLOCKS];
    int n;
} Suspended;

static void suspend(C *c, Suspended *s, int r) {
    if (r < 0 || c->u->regions[r].start < 0) return;
    sk_cregion_suspend(c, r);
    s->regions[s->n++] = r;
}

static void resume_all(C *c, Suspended *s) {
    for (int i = 0; i < s->n; i++) sk_cregion_resume(c, s->regions[i]);
}

static void clear_name(C *c, const char *name) {
    sk_cemit(c, OP_LOAD_NONE, 0);
    sk_cname_op(c, name, SK_NAME_STORE);
    sk_cname_op(c, name, SK_NAME_DEL);
}

// A block under blocks[i] keeps values on the stack that its exit code
// expects on top ([prev], [prev exc], [exit]): iterators above must go.
static bool stack_below(const SkUnit *u, int i) {
    for (int j = 0; j < i; j++) {
        SkBlockKind k = u->blocks[j].kind;
        if (k == SK_BLOCK_HANDLER || k == SK_BLOCK_FINALLY_END || k == SK_BLOCK_WITH) return true;
    }
    return false;
}

// Leave blocks [to, nblocks) from the innermost out. `preserve`: a return
// value sits on top of the stack and must stay there. `popfor`: pop the
// iterators of for loops (break); return leaves them to RETURN_VALUE
// unless an outer block's exit code needs its own values on top.
static void unwind(C *c, int to, bool preserve, bool popfor, Suspended *s) {
    SkUnit *u = c->u;
    for (int i = u->nblocks - 1; i >= to && !c->failed; i--) {
        SkBlock *b = &u->blocks[i];
        suspend(c, s, b->region2); // region2 lies inside region: its entry goes first
        suspend(c, s, b->region);
        switch (b->kind) {
        case SK_BLOCK_WHILE:
        case SK_BLOCK_TRY_EXCEPT: break;
        case SK_BLOCK_FOR:
            if (popfor || stack_below(u, i)) {
                if (preserve) sk_cemit(c, OP_ROT_TWO, 0);
                sk_cemit(c, OP_POP_TOP, 0);
            }
            break;
        case SK_BLOCK_FINALLY_TRY: {
            // run the finally body as if the try block had already ended
            int saved_n = u->nblocks;
            SkBlock saved[SK_COMPILE_MAX_BLOCKS];
            memcpy(saved, u->blocks, sizeof(SkBlock) * (size_t)saved_n);
            u->nblocks = i;
            sk_cstmts(c, b->finalbody);
            memcpy(u->blocks, saved, sizeof(SkBlock) * (size_t)saved_n);
            u->nblocks = saved_n;
            break;
        }
        case SK_BLOCK_FINALLY_END:
            if (preserve) {
                sk_cemit(c, OP_ROT_TWO, 0);
                sk_cemit(c, OP_POP_TOP, 0);
                sk_cemit(c, OP_ROT_TWO, 0);
            } else {
                sk_cemit(c, OP_POP_TOP, 0);
            }
            sk_cemit(c, OP_POP_EXCEPT, 0);
            break;
        case SK_BLOCK_HANDLER:
            if (preserve) sk_cemit(c, OP_ROT_TWO, 0);
            sk_cemit(c, OP_POP_EXCEPT, 0);
            if (b->exc_name) clear_name(c, b->exc_name);
            break;
        case SK_BLOCK_WITH:
            if (preserve) sk_cemit(c, OP_ROT_TWO, 0);
            sk_cemit(c, OP_LOAD_NONE, 0);
            sk_cemit(c, OP_LOAD_NONE, 0);
            sk_cemit(c, OP_LOAD_NONE, 0);
            sk_cemit(c, OP_CALL, 3);
            sk_cemit(c, OP_POP_TOP, 0);
            break;
        }
    }
}

static int innermost_loop(C *c) {
    for (int i = c->u->nblocks - 1; i >= 0; i--)
        if (c->u->blocks[i].kind == SK_BLOCK_WHILE || c->u->blocks[i].kind == SK_BLOCK_FOR)
            return i;
    return -1;
}

// Compile `body` without emitting it (dead code): errors still show.
static void dead_stmts(C *c, const SkAstList *body) {
    int depth = c->u->depth;
    c->u->noemit++;
    sk_cstmts(c, body);
    c->u->noemit--;
    c->u->depth = depth;
}

// --- simple statements --------------------------------------------------

static bool cannot_assign_here(const SkAst *t, const SkAst *value) {
    switch (t->kind) {
    case AST_COMPARE:
    case AST_IFEXP:
    case AST_LAMBDA:
    case AST_BOOLOP:
    case AST_NONE:
    case AST_TRUE:
    case AST_FALSE:
    case AST_TUPLE:
    case AST_LIST:
    case AST_GENEXP:
    case AST_STARRED:
    case AST_NAME:
    case AST_ATTRIBUTE:
    case AST_SUBSCRIPT:
    case AST_YIELD:
    case AST_YIELDFROM: return false;
    case AST_UNARYOP:
        if (t->op == SK_OP_NOT) return false;
        break;
    default: break;
    }
    switch (value->kind) {
    case AST_COMPARE:
    case AST_IFEXP:
    case AST_LAMBDA:
    case AST_BOOLOP:
    case AST_YIELD:
    case AST_YIELDFROM: return false;
    case AST_UNARYOP: return value->op != SK_OP_NOT;
    default: return true;
    }
}

static bool plain_sequence(const SkAst *t) {
    if (t->kind != AST_TUPLE && t->kind != AST_LIST) return false;
    for (int i = 0; i < t->list.len; i++)
        if (t->list.items[i]->kind == AST_STARRED) return false;
    return true;
}

static void compile_assign(C *c, const SkAst *s) {
    const SkAst *value = s->a;
    if (s->list.len == 1) {
        const SkAst *t = s->list.items[0];
        if (cannot_assign_here(t, value)) {
            sk_cerr(c, t, "cannot assign to %s here. Maybe you meant '==' instead of '='?",
                    sk_cexpr_name(t));
            return;
        }
        // a, b = b, a without building a tuple
        int n = t->list.len;
        if (plain_sequence(t) && value->kind == AST_TUPLE && plain_sequence(value) &&
            value->list.len == n && n >= 2 && n <= 3) {
            for (int i = 0; i < n; i++) sk_cexpr(c, value->list.items[i]);
            if (n == 3) sk_cemit(c, OP_ROT_THREE, 0);
            sk_cemit(c, OP_ROT_TWO, 0);
            for (int i = 0; i < n; i++) sk_cstore(c, t->list.items[i]);
            return;
        }
    }
    sk_cexpr(c, value);
    for (int i = 0; i < s->list.len; i++) {
        if (i + 1 < s->list.len) sk_cemit(c, OP_DUP_TOP, 0);
        sk_cstore(c, s->list.items[i]);
    }
}

static int inplace_opcode(int op) {
    static const int ops[] = {
        [SK_OP_ADD] = OP_INPLACE_ADD,           [SK_OP_SUB] = OP_INPLACE_SUB,
        [SK_OP_MUL] = OP_INPLACE_MUL,           [SK_OP_DIV] = OP_INPLACE_TRUEDIV,
        [SK_OP_FLOORDIV] = OP_INPLACE_FLOORDIV, [SK_OP_MOD] = OP_INPLACE_MOD,
        [SK_OP_POW] = OP_INPLACE_POW,           [SK_OP_MATMUL] = OP_INPLACE_MATMUL,
        [SK_OP_LSHIFT] = OP_INPLACE_LSHIFT,     [SK_OP_RSHIFT] = OP_INPLACE_RSHIFT,
        [SK_OP_BITAND] = OP_INPLACE_AND,        [SK_OP_BITOR] = OP_INPLACE_OR,
        [SK_OP_BITXOR] = OP_INPLACE_XOR,
    };
    return op <= SK_OP_BITXOR ? ops[op] : OP_NOP;
}

static void compile_augassign(C *c, const SkAst *s) {
    const SkAst *t = s->a;
    int op = inplace_opcode(s->op);
    switch (t->kind) {
    case AST_NAME:
        sk_cname_op(c, t->str, SK_NAME_LOAD);
        sk_cexpr(c, s->b);
        c->u->line = s->line;
        sk_cemit(c, op, 0);
        sk_cname_op(c, t->str, SK_NAME_STORE);
        break;
    case AST_ATTRIBUTE: {
        char buf[SK_MANGLE_CAP];
        const char *attr = sk_cmangle(c, t->str, buf);
        uint32_t name = sk_cname(c, attr, strlen(attr));
        sk_cexpr(c, t->a);
        sk_cemit(c, OP_DUP_TOP, 0);
        c->u->line = t->line;
        sk_cemit(c, OP_LOAD_ATTR, name);
        sk_cexpr(c, s->b);
        c->u->line = s->line;
        sk_cemit(c, op, 0);
        sk_cemit(c, OP_ROT_TWO, 0);
        sk_cemit(c, OP_STORE_ATTR, name);
        break;
    }
    case AST_SUBSCRIPT:
        sk_cexpr(c, t->a);
        if (t->b->kind == AST_SLICE) {
            const SkAst *sl = t->b;
            if (sl->a)
                sk_cexpr(c, sl->a);
            else
                sk_cemit(c, OP_LOAD_NONE, 0);
            if (sl->b)
                sk_cexpr(c, sl->b);
            else
                sk_cemit(c, OP_LOAD_NONE, 0);
            if (sl->c) sk_cexpr(c, sl->c);
            sk_cemit(c, OP_BUILD_SLICE, sl->c ? 3 : 2);
        } else {
            sk_cexpr(c, t->b);
        }
        sk_cemit(c, OP_DUP_TOP_TWO, 0);
        c->u->line = t->line;
        sk_cemit(c, OP_BINARY_SUBSCR, 0);
        sk_cexpr(c, s->b);
        c->u->line = s->line;
        sk_cemit(c, op, 0);
        sk_cemit(c, OP_ROT_THREE, 0);
        sk_cemit(c, OP_STORE_SUBSCR, 0);
        break;
    default:
        sk_cerr(c, t, "'%s' is an illegal expression for augmented assignment", sk_cexpr_name(t));
        break;
    }
}

static void compile_return(C *c, const SkAst *s) {
    SkUnit *u = c->u;
    if (!sk_scope_is_function(u->scope)) {
        sk_cerr(c, s, "'return' outside function");
        return;
    }
    int depth = u->depth;
    Suspended sus = {.n = 0};
    SkValue k;
    bool unwinding = false;
    for (int i = 0; i < u->nblocks; i++)
        if (u->blocks[i].kind != SK_BLOCK_WHILE && u->blocks[i].kind != SK_BLOCK_FOR)
            unwinding = true;
    if (!s->a || (unwinding && s->a->kind != AST_TUPLE && sk_cfold(c, s->a, &k))) {
        if (!s->a) k = SK_NONE;
        unwind(c, 0, false, false, &sus);
        c->u->line = s->line;
        sk_cemit_const(c, k);
    } else {
        sk_cexpr(c, s->a);
        unwind(c, 0, true, false, &sus);
    }
    c->u->line = s->line;
    sk_cemit(c, OP_RETURN_VALUE, 0);
    resume_all(c, &sus);
    sk_cset_depth(c, depth);
}

static void compile_break_continue(C *c, const SkAst *s) {
    SkUnit *u = c->u;
    int loop = innermost_loop(c);
    bool brk = s->kind == AST_BREAK;
    if (loop < 0) {
        sk_cerr(c, s, brk ? "'break' outside loop" : "'continue' not properly in loop");
        return;
    }
    int depth = u->depth;
    Suspended sus = {.n = 0};
    SkBlock lb = u->blocks[loop];
    unwind(c, brk ? loop : loop + 1, false, true, &sus);
    c->u->line = s->line;
    sk_cemit_jump(c, OP_JUMP, brk ? lb.brk : lb.cont);
    resume_all(c, &sus);
    sk_cset_depth(c, depth);
}

static void compile_raise(C *c, const SkAst *s) {
    int n = 0;
    if (s->a) {
        sk_cexpr(c, s->a);
        n = 1;
        if (s->b) {
            sk_cexpr(c, s->b);
            n = 2;
        }
    }
    c->u->line = s->line;
    sk_cemit(c, OP_RAISE_VARARGS, (uint32_t)n);
}

static int const_test(C *c, const SkAst *test);

static void compile_assert(C *c, const SkAst *s) {
    if (const_test(c, s->a) == 1) return; // assert True: nothing to check
    int end = sk_clabel(c);
    sk_cjump_if(c, s->a, true, end);
    c->u->line = s->line;
    sk_cemit(c, OP_LOAD_ASSERTION_ERROR, 0);
    if (s->b) {
        sk_cexpr(c, s->b);
        sk_cemit(c, OP_CALL, 1);
    }
    sk_cemit(c, OP_RAISE_VARARGS, 1);
    sk_cbind(c, end);
}

static void compile_import(C *c, const SkAst *s) {
    for (int i = 0; i < s->list.len; i++) {
        const SkAst *al = s->list.items[i];
        c->u->line = al->line;
        size_t len = strlen(al->str);
        sk_cemit(c, OP_IMPORT_NAME, sk_cname(c, al->str, len));
        const char *dot = strchr(al->str, '.');
        if (al->str2) {
            sk_cname_op(c, al->str2, SK_NAME_STORE);
        } else if (!dot) {
            sk_cname_op(c, al->str, SK_NAME_STORE);
        } else {
            // import a.b binds the top-level package a
            size_t n = (size_t)(dot - al->str);
            char first[256];
            if (n >= sizeof first) {
                sk_cerr(c, al, "module name too long");
                return;
            }
            memcpy(first, al->str, n);
            first[n] = 0;
            sk_cemit(c, OP_POP_TOP, 0);
            sk_cemit(c, OP_IMPORT_NAME, sk_cname(c, first, n));
            sk_cname_op(c, first, SK_NAME_STORE);
        }
    }
}

// `from __future__ import x`: only at the top of a module, only features
// CPython 3.11 knows (all of them are already the language Skein runs).
static bool check_future(C *c, const SkAst *s) {
    static const char *const features[] = {
        "nested_scopes",  "generators",       "division",       "absolute_import", "with_statement",
        "print_function", "unicode_literals", "barry_as_FLUFL", "generator_stop",  "annotations"};
    bool placed = false;
    for (int i = 0; i < c->nfuture; i++) placed |= c->future[i] == s;
    SkAst at = *s; // CPython marks the whole statement, or only its first column
    if (!placed) {
        const SkAst *last = s->list.len ? s->list.items[s->list.len - 1] : s;
        at.end_line = last->end_line;
        at.end_col = last->end_col;
        sk_cerr(c, &at, "from __future__ imports must occur at the beginning of the file");
        return false;
    }
    at.end_line = at.line;
    at.end_col = at.col + 1;
    for (int i = 0; i < s->list.len; i++) {
        const char *name = s->list.items[i]->str;
        bool known = false;
        for (size_t k = 0; k < sizeof features / sizeof features[0]; k++)
            known |= strcmp(name, features[k]) == 0;
        if (!known) {
            if (!strcmp(name, "braces"))
                sk_cerr(c, &at, "not a chance");
            else
                sk_cerr(c, &at, "future feature %s is not defined", name);
            return false;
        }
    }
    return true;
}

static void compile_importfrom(C *c, const SkAst *s) {
    size_t mlen = strlen(s->str);
    int level = (int)s->ival;
    if (level < 0) level = 0;
    if (level == 0 && !strcmp(s->str, "__future__") && !check_future(c, s)) return;
    char *name = malloc(mlen + (size_t)level + 1);
    if (!name) {
        sk_cerr_nomem(c);
        return;
    }
    memset(name, '.', (size_t)level);
    memcpy(name + level, s->str, mlen + 1);
    sk_cemit(c, OP_IMPORT_NAME, sk_cname(c, name, mlen + (size_t)level));
    free(name);
    if (s->list.len == 1 && strcmp(s->list.items[0]->str, "*") == 0) {
        sk_cemit(c, OP_IMPORT_STAR, 0);
        return;
    }
    for (int i = 0; i < s->list.len; i++) {
        const SkAst *al = s->list.items[i];
        c->u->line = al->line;
        sk_cemit(c, OP_IMPORT_FROM, sk_cname(c, al->str, strlen(al->str)));
        sk_cname_op(c, al->str2 ? al->str2 : al->str, SK_NAME_STORE);
    }
    sk_cemit(c, OP_POP_TOP, 0);
}

// --- compound statements ------------------------------------------------

static int const_test(C *c, const SkAst *test) {
    SkValue k;
    if (test->kind == AST_TUPLE && test->list.len > 0) return -1; // CPython warns; keep it simple
    if (!sk_cfold(c, test, &k)) return -1;
    return sk_cconst_truth(k);
}

static void compile_if(C *c, const SkAst *s) {
    int t = const_test(c, s->a);
    if (t == 1) {
        sk_cstmts(c, &s->list);
        dead_stmts(c, &s->list2);
        return;
    }
    if (t == 0) {
        dead_stmts(c, &s->list);
        sk_cstmts(c, &s->list2);
        return;
    }
    int depth = c->u->depth;
    int orelse = sk_clabel(c), end = sk_clabel(c);
    sk_cjump_if(c, s->a, false, orelse);
    sk_cstmts(c, &s->list);
    if (s->list2.len) {
        if (!sk_cterminated(c)) {
            c->u->line = s->line;
            sk_cemit_jump(c, OP_JUMP, end);
        }
        sk_cbind(c, orelse);
        sk_cset_depth(c, depth);
        sk_cstmts(c, &s->list2);
        sk_cbind(c, end);
    } else {
        sk_cbind(c, orelse);
    }
    sk_cset_depth(c, depth);
}

static void compile_while(C *c, const SkAst *s) {
    int t = const_test(c, s->a);
    int depth = c->u->depth;
    if (t == 0) {
        dead_stmts(c, &s->list);
        sk_cstmts(c, &s->list2);
        return;
    }
    int top = sk_clabel(c), test = sk_clabel(c), brk = sk_clabel(c);
    if (t != 1) sk_cemit_jump(c, OP_JUMP, test); // test at the bottom: one jump per iteration
    sk_cbind(c, top);
    SkBlock *b = push_block(c, SK_BLOCK_WHILE, s);
    if (!b) return;
    b->brk = brk;
    b->cont = t == 1 ? top : test;
    sk_cstmts(c, &s->list);
    pop_block(c);
    c->u->line = s->line;
    if (t == 1) {
        sk_cemit_jump(c, OP_JUMP, top);
        dead_stmts(c, &s->list2);
    } else {
        sk_cbind(c, test);
        sk_cjump_if(c, s->a, true, top);
        sk_cstmts(c, &s->list2);
    }
    sk_cbind(c, brk);
    sk_cset_depth(c, depth);
}

static void compile_for(C *c, const SkAst *s) {
    int depth = c->u->depth;
    sk_cexpr_container(c, s->b);
    c->u->line = s->line;
    sk_cemit(c, OP_GET_ITER, 0);
    int top = sk_clabel(c), end = sk_clabel(c), brk = sk_clabel(c);
    sk_cbind(c, top);
    sk_cemit_jump(c, OP_FOR_ITER, end);
    SkBlock *b = push_block(c, SK_BLOCK_FOR, s);
    if (!b) return;
    b->brk = brk;
    b->cont = top;
    sk_cstore(c, s->a);
    sk_cstmts(c, &s->list);
    pop_block(c);
    c->u->line = s->line;
    sk_cemit_jump(c, OP_JUMP, top);
    sk_cbind(c, end);
    sk_cset_depth(c, depth);
    sk_cstmts(c, &s->list2);
    sk_cbind(c, brk);
    sk_cset_depth(c, depth);
}

static void compile_try_except(C *c, const SkAst *s) {
    SkUnit *u = c->u;
    int D = u->depth;
    int X = sk_clabel(c), Cl = sk_clabel(c), orelse = sk_clabel(c), end = sk_clabel(c);
    for (int i = 0; i + 1 < s->list2.len; i++) {
        if (!s->list2.items[i]->a) {
            sk_cerr(c, s->list2.items[i], "default 'except:' must be last");
            return;
        }
    }
    SkBlock *b = push_block(c, SK_BLOCK_TRY_EXCEPT, s);
    if (!b) return;
    int r1 = sk_cregion_open(c, X, D);
    b->region = r1;
    sk_cstmts(c, &s->list);
    sk_cregion_suspend(c, r1);
    pop_block(c);
    if (!sk_cterminated(c)) sk_cemit_jump(c, OP_JUMP, orelse);

    sk_cbind(c, X);
    sk_cset_depth(c, D + 1);
    u->line = s->list2.len ? s->list2.items[0]->line : s->line;
    sk_cemit(c, OP_PUSH_EXC_INFO, 0);
    int r2 = sk_cregion_open(c, Cl, D + 1);
    for (int i = 0; i < s->list2.len && !c->failed; i++) {
        const SkAst *h = s->list2.items[i];
        u->line = h->line;
        int next = sk_clabel(c);
        if (h->a) {
            sk_cemit(c, OP_DUP_TOP, 0);
            sk_cexpr(c, h->a);
            u->line = h->line;
            sk_cemit(c, OP_CHECK_EXC_MATCH, 0);
            sk_cemit_jump(c, OP_POP_JUMP_IF_FALSE, next);
        }
        SkBlock *hb;
        if (h->str) {
            sk_cname_op(c, h->str, SK_NAME_STORE);
            int cleanup = sk_clabel(c);
            hb = push_block(c, SK_BLOCK_HANDLER, h);
            if (!hb) return;
            hb->region = r2;
            hb->exc_name = h->str;
            int r3 = sk_cregion_open(c, cleanup, D + 1);
            hb->region2 = r3;
            sk_cstmts(c, &h->list);
            sk_cregion_suspend(c, r3);
            pop_block(c);
            if (!sk_cterminated(c)) {
                // the exit path runs at depth D: keep it out of r2 (depth D + 1)
                sk_cregion_suspend(c, r2);
                u->line = h->line;
                sk_cemit(c, OP_POP_EXCEPT, 0);
                clear_name(c, h->str);
                sk_cemit_jump(c, OP_JUMP, end);
                sk_cregion_resume(c, r2);
            }
            sk_cbind(c, cleanup);
            sk_cset_depth(c, D + 2);
            u->line = h->line;
            clear_name(c, h->str);
            sk_cemit(c, OP_RERAISE, 0);
        } else {
            sk_cemit(c, OP_POP_TOP, 0);
            hb = push_block(c, SK_BLOCK_HANDLER, h);
            if (!hb) return;
            hb->region = r2;
            sk_cstmts(c, &h->list);
            pop_block(c);
            if (!sk_cterminated(c)) {
                sk_cregion_suspend(c, r2);
                u->line = h->line;
                sk_cemit(c, OP_POP_EXCEPT, 0);
                sk_cemit_jump(c, OP_JUMP, end);
                sk_cregion_resume(c, r2);
            }
        }
        sk_cbind(c, next);
        sk_cset_depth(c, D + 2);
    }
    sk_cemit(c, OP_RERAISE, 0); // no clause matched
    sk_cregion_suspend(c, r2);
    sk_cbind(c, Cl);
    sk_cset_depth(c, D + 2);
    sk_cemit(c, OP_POP_EXCEPT_RERAISE, 0);
    sk_cbind(c, orelse);
    sk_cset_depth(c, D);
    sk_cstmts(c, &s->list3);
    sk_cbind(c, end);
    sk_cset_depth(c, D);
}

static void compile_try(C *c, const SkAst *s) {
    if (s->list4.len == 0) {
        compile_try_except(c, s);
        return;
    }
    SkUnit *u = c->u;
    int D = u->depth;
    int F = sk_clabel(c), Cl = sk_clabel(c), end = sk_clabel(c);
    SkBlock *b = push_block(c, SK_BLOCK_FINALLY_TRY, s);
    if (!b) return;
    b->finalbody = &s->list4;
    int r = sk_cregion_open(c, F, D);
    b->region = r;
    if (s->list2.len)
        compile_try_except(c, s);
    else
        sk_cstmts(c, &s->list);
    sk_cregion_suspend(c, r);
    pop_block(c);
    sk_cstmts(c, &s->list4);
    if (!sk_cterminated(c)) sk_cemit_jump(c, OP_JUMP, end);

    sk_cbind(c, F);
    sk_cset_depth(c, D + 1);
    u->line = s->list4.items[0]->line;
    sk_cemit(c, OP_PUSH_EXC_INFO, 0);
    int r2 = sk_cregion_open(c, Cl, D + 1);
    SkBlock *fb = push_block(c, SK_BLOCK_FINALLY_END, s);
    if (!fb) return;
    fb->region = r2;
    sk_cstmts(c, &s->list4);
    pop_block(c);
    sk_cemit(c, OP_RERAISE, 0);
    sk_cregion_suspend(c, r2);
    sk_cbind(c, Cl);
    sk_cset_depth(c, D + 2);
    sk_cemit(c, OP_POP_EXCEPT_RERAISE, 0);
    sk_cbind(c, end);
    sk_cset_depth(c, D);
}

static void compile_with(C *c, const SkAst *s, int i) {
    SkUnit *u = c->u;
    const SkAst *item = s->list.items[i];
    int D = u->depth;
    int W = sk_clabel(c), Cl = sk_clabel(c), S = sk_clabel(c), end = sk_clabel(c);
    sk_cexpr(c, item->a);
    u->line = s->line;
    sk_cemit(c, OP_BEFORE_WITH, 0);
    SkBlock *b = push_block(c, SK_BLOCK_WITH, s);
    if (!b) return;
    int r = sk_cregion_open(c, W, D + 1);
    b->region = r;
    if (item->b)
        sk_cstore(c, item->b);
    else
        sk_cemit(c, OP_POP_TOP, 0);
    if (i + 1 < s->list.len)
        compile_with(c, s, i + 1);
    else
        sk_cstmts(c, &s->list2);
    sk_cregion_suspend(c, r);
    pop_block(c);
    u->line = s->line;
    if (!sk_cterminated(c)) {
        sk_cemit(c, OP_LOAD_NONE, 0);
        sk_cemit(c, OP_LOAD_NONE, 0);
        sk_cemit(c, OP_LOAD_NONE, 0);
        sk_cemit(c, OP_CALL, 3);
        sk_cemit(c, OP_POP_TOP, 0);
        sk_cemit_jump(c, OP_JUMP, end);
    }
    sk_cbind(c, W);
    sk_cset_depth(c, D + 2);
    sk_cemit(c, OP_PUSH_EXC_INFO, 0);
    int r2 = sk_cregion_open(c, Cl, D + 2);
    sk_cemit(c, OP_WITH_EXCEPT_START, 0);
    sk_cemit_jump(c, OP_POP_JUMP_IF_TRUE, S);
    sk_cemit(c, OP_RERAISE, 0);
    sk_cregion_suspend(c, r2);
    sk_cbind(c, S);
    sk_cset_depth(c, D + 3);
    sk_cemit(c, OP_POP_TOP, 0);
    sk_cemit(c, OP_POP_EXCEPT, 0);
    sk_cemit(c, OP_POP_TOP, 0);
    sk_cemit_jump(c, OP_JUMP, end);
    sk_cbind(c, Cl);
    sk_cset_depth(c, D + 3);
    sk_cemit(c, OP_POP_EXCEPT_RERAISE, 0);
    sk_cbind(c, end);
    sk_cset_depth(c, D);
}

// Innermost decorator first; each call gets its decorator's line, as in
// CPython's tracebacks.
static void apply_decorators(C *c, const SkAst *s) {
    for (int i = s->list2.len - 1; i >= 0; i--) {
        c->u->line = s->list2.items[i]->line;
        sk_cemit(c, OP_CALL, 1);
    }
    c->u->line = s->line;
}

static void compile_funcdef(C *c, const SkAst *s) {
    for (int i = 0; i < s->list2.len; i++) sk_cexpr(c, s->list2.items[i]);
    c->u->line = s->line;
    sk_cfunction_def(c, s);
    apply_decorators(c, s);
    sk_cname_op(c, s->str, SK_NAME_STORE);
}

static void compile_classdef(C *c, const SkAst *s) {
    // Keywords (metaclass=M, **kw) or *bases: the general BUILD_CLASS_EX.
    bool ex = s->list4.len > 0;
    for (int i = 0; i < s->list3.len; i++) ex |= s->list3.items[i]->kind == AST_STARRED;
    for (int i = 0; i < s->list2.len; i++) sk_cexpr(c, s->list2.items[i]);
    c->u->line = s->line;
    SkScope *scope = sk_scope_child(c->u->scope, s);
    SkCode *code = sk_ccompile_scope(c, s, scope);
    if (c->failed) return;
    if (code) sk_cmake_closure(c, code, scope, 0);
    sk_cemit_const(c, sk_obj(sk_cintern(c, s->str, strlen(s->str))));
    if (ex) {
        uint32_t haskw = sk_cex_args(c, &s->list3, &s->list4);
        c->u->line = s->line;
        sk_cemit(c, OP_BUILD_CLASS_EX, haskw);
    } else {
        for (int i = 0; i < s->list3.len; i++) sk_cexpr(c, s->list3.items[i]);
        c->u->line = s->line;
        sk_cemit(c, OP_BUILD_CLASS, (uint32_t)s->list3.len);
    }
    apply_decorators(c, s);
    sk_cname_op(c, s->str, SK_NAME_STORE);
}

void sk_cclass_body(C *c, const SkAst *node) {
    SkUnit *u = c->u;
    u->line = node->line;
    sk_cname_op(c, "__name__", SK_NAME_LOAD);
    sk_cname_op(c, "__module__", SK_NAME_STORE);
    sk_cemit_const(c, sk_obj(u->qualname));
    sk_cname_op(c, "__qualname__", SK_NAME_STORE);
    int start = 0;
    const SkAstList *body = &node->list;
    if (body->len && body->items[0]->kind == AST_EXPR && body->items[0]->a->kind == AST_STR) {
        const SkAst *d = body->items[0]->a;
        u->line = d->line;
        u->doc = sk_cstr(c, d->str, d->len);
        sk_cemit_const(c, u->doc);
        sk_cname_op(c, "__doc__", SK_NAME_STORE);
        start = 1;
    }
    sk_csetup_annotations(c, body);
    for (int i = start; i < body->len && !c->failed; i++) sk_cstmt(c, body->items[i]);
    u->line = node->line;
    if (u->scope->needs_class_closure) {
        sk_cemit(c, OP_LOAD_CLOSURE, 0);
    } else {
        sk_cemit(c, OP_LOAD_NONE, 0);
    }
    sk_cemit(c, OP_RETURN_VALUE, 0);
}

// --- annotations --------------------------------------------------------

// Does a body annotate anything (in any block, not in nested defs)?
static bool has_annassign(const SkAstList *body) {
    for (int i = 0; i < body->len; i++) {
        const SkAst *s = body->items[i];
        switch (s->kind) {
        case AST_ANNASSIGN: return true;
        case AST_IF:
        case AST_WHILE:
        case AST_FOR:
            if (has_annassign(&s->list) || has_annassign(&s->list2)) return true;
            break;
        case AST_WITH:
            if (has_annassign(&s->list2)) return true;
            break;
        case AST_TRY:
            if (has_annassign(&s->list) || has_annassign(&s->list3) || has_annassign(&s->list4))
                return true;
            for (int k = 0; k < s->list2.len; k++)
                if (has_annassign(&s->list2.items[k]->list)) return true;
            break;
        default: break;
        }
    }
    return false;
}

void sk_csetup_annotations(C *c, const SkAstList *body) {
    if (!has_annassign(body)) return;
    sk_cemit(c, OP_BUILD_MAP, 0);
    sk_cname_op(c, "__annotations__", SK_NAME_STORE);
}

// The source text of an annotation, as `from __future__ import annotations`
// keeps it: a string literal as its repr, other expressions as written
// (line breaks inside brackets become one space).
static SkStr *annotation_text(C *c, const SkAst *ann) {
    if (ann->kind == AST_STR) {
        SkValue v = sk_cstr(c, ann->str, ann->len);
        return c->failed ? NULL : sk_repr(c->vm, v);
    }
    size_t start = 0, line = 1;
    while (start < c->srclen && line < (size_t)ann->line)
        if (c->src[start++] == '\n') line++;
    size_t end = start;
    while (end < c->srclen && line < (size_t)ann->end_line)
        if (c->src[end++] == '\n') line++;
    start += ann->col > 0 ? (size_t)ann->col - 1 : 0;
    end += ann->end_col > 0 ? (size_t)ann->end_col - 1 : 0;
    if (end > c->srclen) end = c->srclen;
    if (start > end) start = end;
    char *buf = malloc(end - start + 1);
    if (!buf) return NULL;
    size_t n = 0;
    for (size_t i = start; i < end; i++) {
        char ch = c->src[i];
        if (ch == '\\' && i + 1 < end && c->src[i + 1] == '\n') continue;
        if (ch == '\n' || ch == '\r') {
            while (n && buf[n - 1] == ' ') n--;
            while (i + 1 < end && (c->src[i + 1] == ' ' || c->src[i + 1] == '\t')) i++;
            if (n && buf[n - 1] != '(' && buf[n - 1] != '[' && buf[n - 1] != '{') buf[n++] = ' ';
            continue;
        }
        buf[n++] = ch;
    }
    SkValue r = sk_cstr(c, buf, n);
    free(buf);
    return c->failed ? NULL : SK_AS_STR(r);
}

void sk_cannotation(C *c, const SkAst *ann) {
    if (!c->future_annotations) {
        sk_cexpr(c, ann);
        return;
    }
    SkStr *s = annotation_text(c, ann);
    if (!s) {
        sk_cerr_nomem(c);
        return;
    }
    sk_cemit_const(c, sk_obj(s));
}

// `target: ann = value`: the value is stored; at module and class level a
// simple name's annotation goes into __annotations__, other targets'
// annotations are evaluated (unless postponed); in functions they are not.
static void compile_annassign(C *c, const SkAst *s) {
    if (s->c) {
        sk_cexpr(c, s->c);
        sk_cstore(c, s->a);
    }
    SkScopeKind k = c->u->scope->kind;
    if (k != SK_SCOPE_MODULE && k != SK_SCOPE_CLASS) return;
    if (s->a->kind == AST_NAME) {
        sk_cannotation(c, s->b);
        sk_cname_op(c, "__annotations__", SK_NAME_LOAD);
        char buf[SK_MANGLE_CAP];
        const char *name = sk_cmangle(c, s->a->str, buf);
        sk_cemit_const(c, sk_obj(sk_cintern(c, name, strlen(name))));
        sk_cemit(c, OP_STORE_SUBSCR, 0);
    } else if (!c->future_annotations) {
        sk_cexpr(c, s->b);
        sk_cemit(c, OP_POP_TOP, 0);
    }
}

// --- the statement dispatcher -------------------------------------------

static void compile_expr_stmt(C *c, const SkAst *s) {
    SkValue k;
    if (c->mode == SK_PARSE_SINGLE && c->u->scope->kind == SK_SCOPE_MODULE) {
        sk_cexpr(c, s->a);
        sk_cemit(c, OP_PRINT_EXPR, 0);
        return;
    }
    int kind = s->a->kind;
    if ((kind == AST_STR || kind == AST_INT || kind == AST_FLOAT || kind == AST_NONE ||
         kind == AST_TRUE || kind == AST_FALSE || kind == AST_ELLIPSIS || kind == AST_BYTES) ||
        ((kind == AST_BINOP || kind == AST_UNARYOP) && sk_cfold(c, s->a, &k)))
        return; // no effect
    sk_cexpr(c, s->a);
    sk_cemit(c, OP_POP_TOP, 0);
}

void sk_cstmt(C *c, const SkAst *s) {
    if (!sk_center(c, s)) return;
    SkUnit *u = c->u;
    u->line = s->line;
    int depth = u->depth;
    switch (s->kind) {
    case AST_EXPR: compile_expr_stmt(c, s); break;
    case AST_ASSIGN: compile_assign(c, s); break;
    case AST_AUGASSIGN: compile_augassign(c, s); break;
    case AST_ANNASSIGN: compile_annassign(c, s); break;
    case AST_IF: compile_if(c, s); break;
    case AST_WHILE: compile_while(c, s); break;
    case AST_FOR: compile_for(c, s); break;
    case AST_BREAK:
    case AST_CONTINUE: compile_break_continue(c, s); break;
    case AST_PASS:
    case AST_GLOBAL:
    case AST_NONLOCAL: break;
    case AST_RETURN: compile_return(c, s); break;
    case AST_FUNCDEF: compile_funcdef(c, s); break;
    case AST_CLASSDEF: compile_classdef(c, s); break;
    case AST_TRY: compile_try(c, s); break;
    case AST_RAISE: compile_raise(c, s); break;
    case AST_WITH:
        if (s->list.len) compile_with(c, s, 0);
        break;
    case AST_IMPORT: compile_import(c, s); break;
    case AST_IMPORTFROM: compile_importfrom(c, s); break;
    case AST_ASSERT: compile_assert(c, s); break;
    case AST_DEL:
        for (int i = 0; i < s->list.len; i++) sk_cdelete(c, s->list.items[i]);
        break;
    default: sk_cerr(c, s, "invalid syntax"); break;
    }
    // every statement leaves the operand stack as it found it
    if (!c->failed && !u->noemit && u->depth != depth) {
        c->failed = true;
        sk_raise(c->vm, c->vm->exc.SystemError,
                 "compiler: stack depth %d after line %d, expected %d", u->depth, s->line, depth);
    }
    c->depth--;
}

void sk_cstmts(C *c, const SkAstList *l) {
    for (int i = 0; i < l->len && !c->failed; i++) sk_cstmt(c, l->items[i]);
}
