/* parser/grammar.y -- the pure Bison grammar of Skein (DESIGN §2), building
 * the tree of parser/ast.h. Tokens come from sk_yylex (lexer.l), which adds
 * INDENT/DEDENT/NEWLINE and a leading mode token so one parser serves
 * SK_PARSE_FILE, SINGLE and EVAL. The grammar is written in the stratified
 * style of CPython's old LL(1) grammar (no %prec tricks), with flexible
 * rules for parameters, call arguments and assignment targets that the
 * actions below check, so errors read as CPython's do.
 *
 * SkParseState (below, shared with lexer.l and parse.c) lives in
 * grammar.tab.h through %code requires. */

%define api.pure full
%define api.prefix {sk_yy}
%locations
%define parse.error custom
%param {SkParseState *ps}

%code requires {
#include "parser/parse.h"
#include <stdint.h>

/* Limits: CPython's nesting limits, and a bound on tree depth that keeps
 * the recursive compiler well inside the C stack. */
#define SK_MAX_PARENS 200
#define SK_MAX_INDENT 100
#define SK_MAX_AST_DEPTH 2500

typedef struct SkAstSeq {
    SkAstList l;
    int comma;          /* a trailing comma was present */
} SkAstSeq;

/* Everything one parse needs: the lexer's state (yyextra) and the
 * parser's parameters. No globals: parses may nest (f-string fields) and
 * run on many threads. */
typedef struct SkParseState {
    SkAstArena *arena;
    SkSyntaxError *err;
    SkParseMode mode;
    void *scanner;
    SkAst *result;
    bool failed;
    int depth;              /* f-string nesting of this parse */
    int line0, col0;        /* position of the text's first character */
    const char *src;
    size_t srclen;

    /* lexer position (1-based) */
    int line, col;
    /* indentation */
    bool started, at_bol, eof_seen;
    int cur_indent, cur_alt;
    int indents[SK_MAX_INDENT + 2], alt_indents[SK_MAX_INDENT + 2];
    int nindent;
    int pending_dedents;
    bool have_saved, any_indent, continued;
    int saved_tok;                  /* the token an INDENT/DEDENT was put before */
    _Alignas(8) unsigned char saved_val[32];    /* its SK_YYSTYPE */
    int saved_loc[4];               /* its SK_YYLTYPE */
    size_t pos;                     /* bytes consumed */
    /* brackets */
    char parens[SK_MAX_PARENS + 1];
    int paren_line[SK_MAX_PARENS + 1], paren_col[SK_MAX_PARENS + 1];
    int nparen;
    /* string literal being scanned */
    char *sbuf;
    size_t slen, scap;
    char quote;
    bool triple, s_raw, s_bytes, s_fmt;
    int s_line, s_col, s_body_line, s_body_col;
    /* token history for error messages: tok[0] is the latest */
    int tok[3];
    int tok_line[3], tok_col[3];
    int first_tok, first_line, first_col;  /* first token of the current logical line */
    const char *last_name;          /* text of the latest NAME token */
    const char *first_name;         /* text of the line's first token if a NAME */
    int block_tok, block_line;      /* header keyword of a line that ended in ':' */
    bool last_line_colon, eof_token;
    int first_token_of_input;
    /* bookkeeping for checks that need context the grammar lacks */
    int withitem_pending, withitem_line, withitem_col;
} SkParseState;

/* Errors: the first one reported wins. Both return false. */
bool sk_parse_error(SkParseState *ps, SkSyntaxKind kind, int line, int col, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;
/* Decode the escapes of a non-raw literal body into a fresh arena string
 * (parse.c); errors are reported at line:col. */
bool sk_parse_decode_escapes(SkParseState *ps, const char *s, size_t len, bool bytes,
                             char **out, size_t *outlen, int line, int col);
/* Adjacent string literals (STR/BYTES/unparsed f-string nodes) to one node (parse.c). */
SkAst *sk_parse_concat_strings(SkParseState *ps, SkAstList *pieces);
}

%code provides {
int sk_yylex(SK_YYSTYPE *lval, SK_YYLTYPE *lloc, SkParseState *ps);
}

%code {
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define YYMAXDEPTH 10000
#define A (ps->arena)
#define OK(x) do { if (!(x)) YYABORT; } while (0)

static void sk_yyerror(SK_YYLTYPE *loc, SkParseState *ps, const char *msg);
static SkAst *mk(SkParseState *ps, SkAstKind kind, const SK_YYLTYPE *loc);
static SkAst *mk1(SkParseState *ps, SkAstKind kind, const SK_YYLTYPE *loc, SkAst *a);
static SkAst *mk2(SkParseState *ps, SkAstKind kind, const SK_YYLTYPE *loc, SkAst *a, SkAst *b);
static SkAst *binop(SkParseState *ps, const SK_YYLTYPE *loc, int op, SkAst *a, SkAst *b);
static SkAst *unop(SkParseState *ps, const SK_YYLTYPE *loc, int op, SkAst *a);
static bool push(SkParseState *ps, SkAstList *l, SkAst *n);
static SkAst *seq_to_expr(SkParseState *ps, const SK_YYLTYPE *loc, SkAstSeq *s, SkAstKind kind);
static bool set_ctx(SkParseState *ps, SkAst *n, SkAstCtx ctx, int how);
static SkAst *make_call(SkParseState *ps, const SK_YYLTYPE *loc, const SK_YYLTYPE *parens, SkAst *func, SkAstSeq *args);
static SkAst *make_arguments(SkParseState *ps, const SK_YYLTYPE *loc, SkAstSeq *params);
static SkAst *make_param(SkParseState *ps, const SK_YYLTYPE *loc, int kind, SkAst *name, SkAst *ann, SkAst *def);
static SkAst *compare_add(SkParseState *ps, SkAst *cmp, int op, SkAst *right);
static SkAst *paren_atom(SkParseState *ps, const SK_YYLTYPE *loc, SkAstSeq *s);
static SkAst *make_with(SkParseState *ps, const SK_YYLTYPE *loc, SkAstSeq *items, SkAstList *body);
static SkAst *dotted_join(SkParseState *ps, SkAst *a, SkAst *b);
static SkAst *make_if(SkParseState *ps, SkAst *head, SkAstList *elifs, SkAstList *orelse);
static bool check_handlers(SkParseState *ps, SkAstList *h);
static bool no_withitems(SkParseState *ps, SkAstSeq *s);

/* How set_ctx words its errors. */
enum { HOW_ASSIGN, HOW_ASSIGN_PLAIN, HOW_DEL, HOW_AUG };
/* Parameter kinds while a parameter list is read (kept in ARG.op). */
enum { P_PLAIN, P_STAR, P_STARSTAR, P_SLASH };
}

%union {
    SkAst *node;
    SkAstList list;
    SkAstSeq seq;
    int op;
}

%token START_FILE START_SINGLE START_EVAL
%token NEWLINE INDENT DEDENT LEXERROR
%token <node> NAME NUMBER STRING
%token KW_FALSE KW_NONE KW_TRUE AND AS ASSERT BREAK CLASS CONTINUE DEF DEL ELIF ELSE EXCEPT
%token FINALLY FOR FROM GLOBAL IF IMPORT IN IS LAMBDA NONLOCAL NOT OR PASS RAISE RETURN
%token TRY WHILE WITH YIELD
%token ELLIPSIS "..." ARROW "->" WALRUS ":=" POW "**" FLOORDIV "//" LSHIFT "<<" RSHIFT ">>"
%token EQ "==" NE "!=" LE "<=" GE ">="
%token <op> AUGASSIGN

%type <list> file_stmts stmt simple_stmt small_stmts block_stmts suite else_opt finally_opt
%type <list> elifs decorators except_clauses names strings comp_clauses dotted_as_names
%type <list> import_as_names
%type <node> small_stmt expr_stmt assign_chain compound_stmt if_stmt while_stmt for_stmt try_stmt
%type <node> with_stmt funcdef classdef decorator except_clause import_stmt from_module
%type <node> dotted_name dotted_as_name import_as_name ret_opt
%type <node> yield_or_tse yield_expr testlist_star_expr test_or_star exprlist expr_or_star
%type <node> namedexpr_test test or_test or_chain and_test and_chain not_test comparison
%type <node> comp_chain star_expr expr xor_expr and_expr shift_expr arith_expr term factor
%type <node> power atom_expr atom lambdef subscript_list subscript opt_test argument param
%type <node> lparam paren_elem dict_item with_item
%type <seq> tse_list expr_list testlist_comp arglist params lparams subscripts dict_items
%type <seq> set_items with_items
%type <op> comp_op dots

%start start

%%

start
    : START_FILE file_stmts    { OK(ps->result = mk(ps, AST_MODULE, &@$)); ps->result->list = $2; }
    | START_SINGLE file_stmts  { OK(ps->result = mk(ps, AST_MODULE, &@$)); ps->result->list = $2; }
    | START_EVAL testlist_star_expr eval_nl { ps->result = $2; }
    ;

eval_nl: %empty | eval_nl NEWLINE ;

file_stmts
    : %empty                { $$ = (SkAstList){0}; }
    | file_stmts NEWLINE    { $$ = $1; }
    | file_stmts stmt       { $$ = $1; for (int i = 0; i < $2.len; i++) OK(push(ps, &$$, $2.items[i])); }
    ;

block_stmts
    : stmt                  { $$ = $1; }
    | block_stmts stmt      { $$ = $1; for (int i = 0; i < $2.len; i++) OK(push(ps, &$$, $2.items[i])); }
    ;

stmt
    : simple_stmt           { $$ = $1; }
    | compound_stmt         { $$ = (SkAstList){0}; OK(push(ps, &$$, $1)); }
    ;

simple_stmt
    : small_stmts NEWLINE       { $$ = $1; }
    | small_stmts ';' NEWLINE   { $$ = $1; }
    ;

small_stmts
    : small_stmt                    { $$ = (SkAstList){0}; OK(push(ps, &$$, $1)); }
    | small_stmts ';' small_stmt    { $$ = $1; OK(push(ps, &$$, $3)); }
    ;

small_stmt
    : expr_stmt
    | DEL exprlist {
        OK($$ = mk(ps, AST_DEL, &@$));
        SkAst *t = $2;
        if (t->kind == AST_TUPLE && !t->op) {
            for (int i = 0; i < t->list.len; i++) {
                OK(set_ctx(ps, t->list.items[i], SK_CTX_DEL, HOW_DEL));
                OK(push(ps, &$$->list, t->list.items[i]));
            }
        } else {
            OK(set_ctx(ps, t, SK_CTX_DEL, HOW_DEL));
            OK(push(ps, &$$->list, t));
        }
      }
    | PASS          { OK($$ = mk(ps, AST_PASS, &@$)); }
    | BREAK         { OK($$ = mk(ps, AST_BREAK, &@$)); }
    | CONTINUE      { OK($$ = mk(ps, AST_CONTINUE, &@$)); }
    | RETURN        { OK($$ = mk(ps, AST_RETURN, &@$)); }
    | RETURN testlist_star_expr { OK($$ = mk1(ps, AST_RETURN, &@$, $2)); }
    | RAISE         { OK($$ = mk(ps, AST_RAISE, &@$)); }
    | RAISE test    { OK($$ = mk1(ps, AST_RAISE, &@$, $2)); }
    | RAISE test FROM test { OK($$ = mk2(ps, AST_RAISE, &@$, $2, $4)); }
    | GLOBAL names  { OK($$ = mk(ps, AST_GLOBAL, &@$)); $$->list = $2; }
    | NONLOCAL names { OK($$ = mk(ps, AST_NONLOCAL, &@$)); $$->list = $2; }
    | import_stmt
    | ASSERT test   { OK($$ = mk1(ps, AST_ASSERT, &@$, $2)); }
    | ASSERT test ',' test { OK($$ = mk2(ps, AST_ASSERT, &@$, $2, $4)); }
    ;

names
    : NAME              { $$ = (SkAstList){0}; OK(push(ps, &$$, $1)); }
    | names ',' NAME    { $$ = $1; OK(push(ps, &$$, $3)); }
    ;

expr_stmt
    : testlist_star_expr    { OK($$ = mk1(ps, AST_EXPR, &@$, $1)); }
    | yield_expr            { OK($$ = mk1(ps, AST_EXPR, &@$, $1)); }
    | testlist_star_expr AUGASSIGN yield_or_tse {
        OK(set_ctx(ps, $1, SK_CTX_STORE, HOW_AUG));
        OK($$ = mk2(ps, AST_AUGASSIGN, &@$, $1, $3));
        $$->op = (uint8_t)$2;
      }
    | testlist_star_expr ':' test {
        if ($1->kind == AST_TUPLE && !$1->op)
            OK(sk_parse_error(ps, SK_SYNTAX_ERROR, @1.first_line, @1.first_column, "only single target (not tuple) can be annotated"));
        OK(set_ctx(ps, $1, SK_CTX_STORE, HOW_ASSIGN_PLAIN));
        OK($$ = mk2(ps, AST_ANNASSIGN, &@$, $1, $3));
      }
    | testlist_star_expr ':' test '=' yield_or_tse {
        if ($1->kind == AST_TUPLE && !$1->op)
            OK(sk_parse_error(ps, SK_SYNTAX_ERROR, @1.first_line, @1.first_column, "only single target (not tuple) can be annotated"));
        OK(set_ctx(ps, $1, SK_CTX_STORE, HOW_ASSIGN_PLAIN));
        OK($$ = mk2(ps, AST_ANNASSIGN, &@$, $1, $3));
        $$->c = $5;
      }
    | assign_chain
    ;

assign_chain
    : testlist_star_expr '=' yield_or_tse {
        OK(set_ctx(ps, $1, SK_CTX_STORE, HOW_ASSIGN));
        OK($$ = mk1(ps, AST_ASSIGN, &@$, $3));
        OK(push(ps, &$$->list, $1));
      }
    | yield_expr '=' yield_or_tse {
        sk_parse_error(ps, SK_SYNTAX_ERROR, @1.first_line, @1.first_column, "assignment to yield expression not possible");
        YYABORT;
      }
    | assign_chain '=' yield_or_tse {
        $$ = $1;
        if ($$->a->kind == AST_YIELD || $$->a->kind == AST_YIELDFROM) {
            sk_parse_error(ps, SK_SYNTAX_ERROR, $$->a->line, $$->a->col, "assignment to yield expression not possible");
            YYABORT;
        }
        OK(set_ctx(ps, $$->a, SK_CTX_STORE, HOW_ASSIGN));
        OK(push(ps, &$$->list, $$->a));
        $$->a = $3;
        $$->end_line = @$.last_line; $$->end_col = @$.last_column;
      }
    ;

yield_or_tse: yield_expr | testlist_star_expr ;

testlist_star_expr
    : tse_list  { OK($$ = seq_to_expr(ps, &@$, &$1, AST_TUPLE)); }
    ;

tse_list
    : test_or_star              { $$ = (SkAstSeq){0}; OK(push(ps, &$$.l, $1)); }
    | tse_list ',' test_or_star { $$ = $1; $$.comma = 0; OK(push(ps, &$$.l, $3)); }
    | tse_list ','              { $$ = $1; $$.comma = 1; }
    ;

test_or_star: test | star_expr ;

exprlist
    : expr_list  { OK($$ = seq_to_expr(ps, &@$, &$1, AST_TUPLE)); }
    ;

expr_list
    : expr_or_star                  { $$ = (SkAstSeq){0}; OK(push(ps, &$$.l, $1)); }
    | expr_list ',' expr_or_star    { $$ = $1; $$.comma = 0; OK(push(ps, &$$.l, $3)); }
    | expr_list ','                 { $$ = $1; $$.comma = 1; }
    ;

expr_or_star: expr | star_expr ;

/* ---- imports ---- */

import_stmt
    : IMPORT dotted_as_names    { OK($$ = mk(ps, AST_IMPORT, &@$)); $$->list = $2; }
    | FROM from_module IMPORT '*' {
        $$ = $2; $$->line = @1.first_line; $$->col = @1.first_column;
        SkAst *al; OK(al = mk(ps, AST_ALIAS, &@4)); al->str = "*"; al->len = 1;
        OK(push(ps, &$$->list, al));
      }
    | FROM from_module IMPORT '(' import_as_names ')'     { $$ = $2; $$->list = $5; $$->line = @1.first_line; $$->col = @1.first_column; }
    | FROM from_module IMPORT '(' import_as_names ',' ')' { $$ = $2; $$->list = $5; $$->line = @1.first_line; $$->col = @1.first_column; }
    | FROM from_module IMPORT import_as_names             { $$ = $2; $$->list = $4; $$->line = @1.first_line; $$->col = @1.first_column; }
    | FROM from_module IMPORT import_as_names ',' {
        sk_parse_error(ps, SK_SYNTAX_ERROR, @5.first_line, @5.first_column + 1, "trailing comma not allowed without surrounding parentheses");
        YYABORT;
      }
    ;

from_module
    : dotted_name   { OK($$ = mk(ps, AST_IMPORTFROM, &@$)); $$->str = $1->str; $$->len = $1->len; }
    | dots          { OK($$ = mk(ps, AST_IMPORTFROM, &@$)); $$->str = ""; $$->ival = $1; }
    | dots dotted_name { OK($$ = mk(ps, AST_IMPORTFROM, &@$)); $$->str = $2->str; $$->len = $2->len; $$->ival = $1; }
    ;

dots
    : '.'           { $$ = 1; }
    | "..."         { $$ = 3; }
    | dots '.'      { $$ = $1 + 1; }
    | dots "..."    { $$ = $1 + 3; }
    ;

dotted_name
    : NAME                  { $$ = $1; }
    | dotted_name '.' NAME  { OK($$ = dotted_join(ps, $1, $3)); }
    ;

dotted_as_name
    : dotted_name           { OK($$ = mk(ps, AST_ALIAS, &@$)); $$->str = $1->str; $$->len = $1->len; }
    | dotted_name AS NAME   { OK($$ = mk(ps, AST_ALIAS, &@$)); $$->str = $1->str; $$->len = $1->len; $$->str2 = $3->str; }
    ;

dotted_as_names
    : dotted_as_name                        { $$ = (SkAstList){0}; OK(push(ps, &$$, $1)); }
    | dotted_as_names ',' dotted_as_name    { $$ = $1; OK(push(ps, &$$, $3)); }
    ;

import_as_name
    : NAME          { OK($$ = mk(ps, AST_ALIAS, &@$)); $$->str = $1->str; $$->len = $1->len; }
    | NAME AS NAME  { OK($$ = mk(ps, AST_ALIAS, &@$)); $$->str = $1->str; $$->len = $1->len; $$->str2 = $3->str; }
    ;

import_as_names
    : import_as_name                        { $$ = (SkAstList){0}; OK(push(ps, &$$, $1)); }
    | import_as_names ',' import_as_name    { $$ = $1; OK(push(ps, &$$, $3)); }
    ;

/* ---- compound statements ---- */

compound_stmt
    : if_stmt | while_stmt | for_stmt | try_stmt | with_stmt | funcdef | classdef
    | decorators funcdef    { $$ = $2; $$->list2 = $1; }
    | decorators classdef   { $$ = $2; $$->list2 = $1; }
    ;

decorators
    : decorator             { $$ = (SkAstList){0}; OK(push(ps, &$$, $1)); }
    | decorators decorator  { $$ = $1; OK(push(ps, &$$, $2)); }
    ;

decorator: '@' namedexpr_test NEWLINE { $$ = $2; } ;

suite
    : simple_stmt                       { $$ = $1; }
    | NEWLINE INDENT block_stmts DEDENT { $$ = $3; }
    ;

if_stmt
    : IF namedexpr_test ':' suite elifs else_opt {
        SkAst *head; OK(head = mk1(ps, AST_IF, &@$, $2));
        head->list = $4;
        OK($$ = make_if(ps, head, &$5, &$6));
      }
    ;

elifs
    : %empty    { $$ = (SkAstList){0}; }
    | elifs ELIF namedexpr_test ':' suite {
        $$ = $1;
        SkAst *n; OK(n = mk1(ps, AST_IF, &@2, $3));
        n->list = $5; n->end_line = @5.last_line; n->end_col = @5.last_column;
        OK(push(ps, &$$, n));
      }
    ;

else_opt
    : %empty            { $$ = (SkAstList){0}; }
    | ELSE ':' suite    { $$ = $3; }
    ;

while_stmt
    : WHILE namedexpr_test ':' suite else_opt {
        OK($$ = mk1(ps, AST_WHILE, &@$, $2)); $$->list = $4; $$->list2 = $5;
      }
    ;

for_stmt
    : FOR exprlist IN testlist_star_expr ':' suite else_opt {
        OK(set_ctx(ps, $2, SK_CTX_STORE, HOW_ASSIGN_PLAIN));
        OK($$ = mk2(ps, AST_FOR, &@$, $2, $4)); $$->list = $6; $$->list2 = $7;
      }
    ;

try_stmt
    : TRY ':' suite except_clauses else_opt finally_opt {
        OK(check_handlers(ps, &$4));
        OK($$ = mk(ps, AST_TRY, &@$));
        $$->list = $3; $$->list2 = $4; $$->list3 = $5; $$->list4 = $6;
      }
    | TRY ':' suite FINALLY ':' suite {
        OK($$ = mk(ps, AST_TRY, &@$)); $$->list = $3; $$->list4 = $6;
      }
    ;

finally_opt
    : %empty                { $$ = (SkAstList){0}; }
    | FINALLY ':' suite     { $$ = $3; }
    ;

except_clauses
    : except_clause                 { $$ = (SkAstList){0}; OK(push(ps, &$$, $1)); }
    | except_clauses except_clause  { $$ = $1; OK(push(ps, &$$, $2)); }
    ;

except_clause
    : EXCEPT ':' suite              { OK($$ = mk(ps, AST_EXCEPTHANDLER, &@$)); $$->list = $3; }
    | EXCEPT test ':' suite         { OK($$ = mk1(ps, AST_EXCEPTHANDLER, &@$, $2)); $$->list = $4; }
    | EXCEPT test AS NAME ':' suite { OK($$ = mk1(ps, AST_EXCEPTHANDLER, &@$, $2)); $$->str = $4->str; $$->len = $4->len; $$->list = $6; }
    | EXCEPT test ',' {
        sk_parse_error(ps, SK_SYNTAX_ERROR, @2.first_line, @2.first_column, "multiple exception types must be parenthesized");
        YYABORT;
      }
    ;

with_stmt
    : WITH with_items ':' suite { OK($$ = make_with(ps, &@$, &$2, &$4)); }
    ;

with_items
    : with_item                 { $$ = (SkAstSeq){0}; OK(push(ps, &$$.l, $1)); }
    | with_items ',' with_item  { $$ = $1; OK(push(ps, &$$.l, $3)); }
    ;

with_item
    : test          { OK($$ = mk1(ps, AST_WITHITEM, &@$, $1)); }
    | test AS expr  { OK(set_ctx(ps, $3, SK_CTX_STORE, HOW_ASSIGN_PLAIN)); OK($$ = mk2(ps, AST_WITHITEM, &@$, $1, $3)); }
    ;

funcdef
    : DEF NAME '(' params ')' ret_opt ':' suite {
        OK($$ = mk(ps, AST_FUNCDEF, &@$));
        $$->str = $2->str; $$->len = $2->len;
        OK($$->a = make_arguments(ps, &@4, &$4));
        $$->b = $6; $$->list = $8;
      }
    ;

ret_opt
    : %empty        { $$ = NULL; }
    | "->" test     { $$ = $2; }
    ;

params
    : %empty            { $$ = (SkAstSeq){0}; }
    | param             { $$ = (SkAstSeq){0}; OK(push(ps, &$$.l, $1)); }
    | params ',' param  { $$ = $1; if (!$1.l.len || $1.comma) { sk_yyerror(&@2, ps, "invalid syntax"); YYABORT; } OK(push(ps, &$$.l, $3)); }
    | params ','        { $$ = $1; if (!$1.l.len || $1.comma) { sk_yyerror(&@2, ps, "invalid syntax"); YYABORT; } $$.comma = 1; }
    ;

param
    : NAME                      { OK($$ = make_param(ps, &@$, P_PLAIN, $1, NULL, NULL)); }
    | NAME ':' test             { OK($$ = make_param(ps, &@$, P_PLAIN, $1, $3, NULL)); }
    | NAME '=' test             { OK($$ = make_param(ps, &@$, P_PLAIN, $1, NULL, $3)); }
    | NAME ':' test '=' test    { OK($$ = make_param(ps, &@$, P_PLAIN, $1, $3, $5)); }
    | '*'                       { OK($$ = make_param(ps, &@$, P_STAR, NULL, NULL, NULL)); }
    | '*' NAME                  { OK($$ = make_param(ps, &@$, P_STAR, $2, NULL, NULL)); }
    | '*' NAME ':' test         { OK($$ = make_param(ps, &@$, P_STAR, $2, $4, NULL)); }
    | "**" NAME                 { OK($$ = make_param(ps, &@$, P_STARSTAR, $2, NULL, NULL)); }
    | "**" NAME ':' test        { OK($$ = make_param(ps, &@$, P_STARSTAR, $2, $4, NULL)); }
    | '/'                       { OK($$ = make_param(ps, &@$, P_SLASH, NULL, NULL, NULL)); }
    ;

lparams
    : lparam                { $$ = (SkAstSeq){0}; OK(push(ps, &$$.l, $1)); }
    | lparams ',' lparam    { $$ = $1; if ($1.comma) { sk_yyerror(&@2, ps, "invalid syntax"); YYABORT; } OK(push(ps, &$$.l, $3)); }
    | lparams ','           { $$ = $1; if ($1.comma) { sk_yyerror(&@2, ps, "invalid syntax"); YYABORT; } $$.comma = 1; }
    ;

lparam
    : NAME              { OK($$ = make_param(ps, &@$, P_PLAIN, $1, NULL, NULL)); }
    | NAME '=' test     { OK($$ = make_param(ps, &@$, P_PLAIN, $1, NULL, $3)); }
    | '*'               { OK($$ = make_param(ps, &@$, P_STAR, NULL, NULL, NULL)); }
    | '*' NAME          { OK($$ = make_param(ps, &@$, P_STAR, $2, NULL, NULL)); }
    | "**" NAME         { OK($$ = make_param(ps, &@$, P_STARSTAR, $2, NULL, NULL)); }
    | '/'               { OK($$ = make_param(ps, &@$, P_SLASH, NULL, NULL, NULL)); }
    ;

classdef
    : CLASS NAME ':' suite {
        OK($$ = mk(ps, AST_CLASSDEF, &@$)); $$->str = $2->str; $$->len = $2->len; $$->list = $4;
      }
    | CLASS NAME '(' arglist ')' ':' suite {
        SK_YYLTYPE parens = @3; parens.last_line = @5.last_line; parens.last_column = @5.last_column;
        SkAst *call; OK(call = make_call(ps, &@$, &parens, $2, &$4));
        OK($$ = mk(ps, AST_CLASSDEF, &@$)); $$->str = $2->str; $$->len = $2->len; $$->list = $7;
        $$->list3 = call->list; $$->list4 = call->list2;
      }
    ;

/* ---- expressions ---- */

yield_expr
    : YIELD                         { OK($$ = mk(ps, AST_YIELD, &@$)); }
    | YIELD FROM test               { OK($$ = mk1(ps, AST_YIELDFROM, &@$, $3)); }
    | YIELD testlist_star_expr      { OK($$ = mk1(ps, AST_YIELD, &@$, $2)); }
    ;

namedexpr_test
    : test
    | test ":=" test {
        if ($1->kind != AST_NAME) {
            sk_parse_error(ps, SK_SYNTAX_ERROR, $1->line, $1->col, "cannot use assignment expressions with %s",
                           $1->kind == AST_ATTRIBUTE ? "attribute" : $1->kind == AST_SUBSCRIPT ? "subscript" : "expression");
            YYABORT;
        }
        $1->ctx = SK_CTX_STORE;
        OK($$ = mk2(ps, AST_NAMEDEXPR, &@$, $1, $3));
      }
    ;

test
    : or_test
    | or_test IF or_test ELSE test { OK($$ = mk2(ps, AST_IFEXP, &@$, $3, $1)); $$->c = $5; }
    | lambdef
    ;

lambdef
    : LAMBDA ':' test {
        SkAstSeq none = {0};
        OK($$ = mk(ps, AST_LAMBDA, &@$)); OK($$->a = make_arguments(ps, &@1, &none)); $$->b = $3;
      }
    | LAMBDA lparams ':' test {
        OK($$ = mk(ps, AST_LAMBDA, &@$)); OK($$->a = make_arguments(ps, &@2, &$2)); $$->b = $4;
      }
    ;

or_test: and_test | or_chain ;
or_chain
    : and_test OR and_test  { OK($$ = mk(ps, AST_BOOLOP, &@$)); $$->op = SK_OP_OR; OK(push(ps, &$$->list, $1)); OK(push(ps, &$$->list, $3)); }
    | or_chain OR and_test  { $$ = $1; OK(push(ps, &$$->list, $3)); $$->end_line = @$.last_line; $$->end_col = @$.last_column; }
    ;

and_test: not_test | and_chain ;
and_chain
    : not_test AND not_test     { OK($$ = mk(ps, AST_BOOLOP, &@$)); $$->op = SK_OP_AND; OK(push(ps, &$$->list, $1)); OK(push(ps, &$$->list, $3)); }
    | and_chain AND not_test    { $$ = $1; OK(push(ps, &$$->list, $3)); $$->end_line = @$.last_line; $$->end_col = @$.last_column; }
    ;

not_test
    : NOT not_test  { OK($$ = unop(ps, &@$, SK_OP_NOT, $2)); }
    | comparison
    ;

comparison: expr | comp_chain ;
comp_chain
    : expr comp_op expr         { OK($$ = mk1(ps, AST_COMPARE, &@$, $1)); OK(compare_add(ps, $$, $2, $3)); }
    | comp_chain comp_op expr   { $$ = $1; OK(compare_add(ps, $$, $2, $3)); $$->end_line = @$.last_line; $$->end_col = @$.last_column; }
    ;

comp_op
    : '<'       { $$ = SK_OP_LT; }
    | '>'       { $$ = SK_OP_GT; }
    | "=="      { $$ = SK_OP_EQ; }
    | ">="      { $$ = SK_OP_GE; }
    | "<="      { $$ = SK_OP_LE; }
    | "!="      { $$ = SK_OP_NE; }
    | IN        { $$ = SK_OP_IN; }
    | NOT IN    { $$ = SK_OP_NOTIN; }
    | IS        { $$ = SK_OP_IS; }
    | IS NOT    { $$ = SK_OP_ISNOT; }
    ;

star_expr: '*' expr { OK($$ = mk1(ps, AST_STARRED, &@$, $2)); } ;

expr
    : xor_expr
    | expr '|' xor_expr     { OK($$ = binop(ps, &@$, SK_OP_BITOR, $1, $3)); }
    ;
xor_expr
    : and_expr
    | xor_expr '^' and_expr { OK($$ = binop(ps, &@$, SK_OP_BITXOR, $1, $3)); }
    ;
and_expr
    : shift_expr
    | and_expr '&' shift_expr   { OK($$ = binop(ps, &@$, SK_OP_BITAND, $1, $3)); }
    ;
shift_expr
    : arith_expr
    | shift_expr "<<" arith_expr    { OK($$ = binop(ps, &@$, SK_OP_LSHIFT, $1, $3)); }
    | shift_expr ">>" arith_expr    { OK($$ = binop(ps, &@$, SK_OP_RSHIFT, $1, $3)); }
    ;
arith_expr
    : term
    | arith_expr '+' term   { OK($$ = binop(ps, &@$, SK_OP_ADD, $1, $3)); }
    | arith_expr '-' term   { OK($$ = binop(ps, &@$, SK_OP_SUB, $1, $3)); }
    ;
term
    : factor
    | term '*' factor       { OK($$ = binop(ps, &@$, SK_OP_MUL, $1, $3)); }
    | term '/' factor       { OK($$ = binop(ps, &@$, SK_OP_DIV, $1, $3)); }
    | term '%' factor       { OK($$ = binop(ps, &@$, SK_OP_MOD, $1, $3)); }
    | term "//" factor      { OK($$ = binop(ps, &@$, SK_OP_FLOORDIV, $1, $3)); }
    | term '@' factor       { OK($$ = binop(ps, &@$, SK_OP_MATMUL, $1, $3)); }
    ;
factor
    : '+' factor    { OK($$ = unop(ps, &@$, SK_OP_POS, $2)); }
    | '-' factor    {
        if ($2->kind == AST_INT && $2->op == 1) {
            /* -9223372036854775808: the one literal that only fits negated */
            $$ = $2; $$->op = 0; $$->ival = INT64_MIN;
            $$->line = @$.first_line; $$->col = @$.first_column;
        } else {
            OK($$ = unop(ps, &@$, SK_OP_NEG, $2));
        }
      }
    | '~' factor    { OK($$ = unop(ps, &@$, SK_OP_INVERT, $2)); }
    | power
    ;
power
    : atom_expr
    | atom_expr "**" factor { OK($$ = binop(ps, &@$, SK_OP_POW, $1, $3)); }
    ;

atom_expr
    : atom
    | atom_expr '(' arglist ')'     {
        SK_YYLTYPE parens = @2; parens.last_line = @4.last_line; parens.last_column = @4.last_column;
        OK($$ = make_call(ps, &@$, &parens, $1, &$3));
      }
    | atom_expr '[' subscript_list ']' { OK($$ = mk2(ps, AST_SUBSCRIPT, &@$, $1, $3)); }
    | atom_expr '.' NAME            { OK($$ = mk1(ps, AST_ATTRIBUTE, &@$, $1)); $$->str = $3->str; $$->len = $3->len; }
    ;

atom
    : '(' ')'                   { OK($$ = mk(ps, AST_TUPLE, &@$)); $$->op = 1; }
    | '(' yield_expr ')'        { $$ = $2; }
    | '(' testlist_comp ')'     { OK($$ = paren_atom(ps, &@$, &$2)); }
    | '[' ']'                   { OK($$ = mk(ps, AST_LIST, &@$)); }
    | '[' testlist_comp ']'     {
        OK(no_withitems(ps, &$2));
        if ($2.l.len == 1 && $2.l.items[0]->kind == AST_GENEXP && $2.l.items[0]->op == 2) {
            $$ = $2.l.items[0]; $$->kind = AST_LISTCOMP; $$->op = 0;
            $$->line = @$.first_line; $$->col = @$.first_column; $$->end_line = @$.last_line; $$->end_col = @$.last_column;
        } else {
            OK($$ = mk(ps, AST_LIST, &@$)); $$->list = $2.l;
        }
      }
    | '{' '}'                   { OK($$ = mk(ps, AST_DICT, &@$)); }
    | '{' dict_items '}'        { OK($$ = mk(ps, AST_DICT, &@$)); $$->list = $2.l; $$->list2 = $2.l; $$->list2.items = NULL; $$->list2.cap = 0; $$->list2.len = 0;
        for (int i = 0; i < $2.l.len; i++) OK(push(ps, &$$->list2, $2.l.items[i]->b));
        for (int i = 0; i < $2.l.len; i++) $$->list.items[i] = $2.l.items[i]->a;
      }
    | '{' test ':' test comp_clauses '}'     { OK($$ = mk2(ps, AST_DICTCOMP, &@$, $2, $4)); $$->list = $5; }
    | '{' set_items '}'         { OK($$ = mk(ps, AST_SET, &@$)); $$->list = $2.l; }
    | '{' test_or_star comp_clauses '}'  {
        if ($2->kind == AST_STARRED) { sk_parse_error(ps, SK_SYNTAX_ERROR, $2->line, $2->col, "iterable unpacking cannot be used in comprehension"); YYABORT; }
        OK($$ = mk1(ps, AST_SETCOMP, &@$, $2)); $$->list = $3;
      }
    | NAME
    | NUMBER
    | strings                   { OK($$ = sk_parse_concat_strings(ps, &$1)); }
    | "..."                     { OK($$ = mk(ps, AST_ELLIPSIS, &@$)); }
    | KW_NONE                   { OK($$ = mk(ps, AST_NONE, &@$)); }
    | KW_TRUE                   { OK($$ = mk(ps, AST_TRUE, &@$)); }
    | KW_FALSE                  { OK($$ = mk(ps, AST_FALSE, &@$)); }
    ;

strings
    : STRING            { $$ = (SkAstList){0}; OK(push(ps, &$$, $1)); }
    | strings STRING    { $$ = $1; OK(push(ps, &$$, $2)); }
    ;

/* Elements of ( ) and [ ]: a comprehension comes back as one GENEXP with
 * op = 2 (not yet wrapped). `test AS expr` is accepted here only so that
 * `with (a as b, c as d):` parses; anywhere else it is an error. */
testlist_comp
    : paren_elem comp_clauses {
        if ($1->kind == AST_STARRED) { sk_parse_error(ps, SK_SYNTAX_ERROR, $1->line, $1->col, "iterable unpacking cannot be used in comprehension"); YYABORT; }
        if ($1->kind == AST_WITHITEM) { sk_yyerror(&@2, ps, "invalid syntax"); YYABORT; }
        SkAst *g; OK(g = mk1(ps, AST_GENEXP, &@$, $1)); g->list = $2; g->op = 2;
        $$ = (SkAstSeq){0}; OK(push(ps, &$$.l, g));
      }
    | paren_elem                    { $$ = (SkAstSeq){0}; OK(push(ps, &$$.l, $1)); }
    | testlist_comp ',' paren_elem  {
        $$ = $1;
        if ($1.comma < 0 || ($1.l.len == 1 && $1.l.items[0]->kind == AST_GENEXP && $1.l.items[0]->op == 2)) { sk_yyerror(&@2, ps, "invalid syntax"); YYABORT; }
        $$.comma = 0; OK(push(ps, &$$.l, $3));
      }
    | testlist_comp ','             {
        $$ = $1;
        if ($1.comma || ($1.l.len == 1 && $1.l.items[0]->kind == AST_GENEXP && $1.l.items[0]->op == 2)) { sk_yyerror(&@2, ps, "invalid syntax"); YYABORT; }
        $$.comma = 1;
      }
    ;

paren_elem
    : namedexpr_test
    | star_expr
    | test AS expr {
        OK(set_ctx(ps, $3, SK_CTX_STORE, HOW_ASSIGN_PLAIN));
        OK($$ = mk2(ps, AST_WITHITEM, &@$, $1, $3));
        if (!ps->withitem_pending++) { ps->withitem_line = @2.first_line; ps->withitem_col = @2.first_column; }
      }
    ;

comp_clauses
    : FOR exprlist IN or_test {
        OK(set_ctx(ps, $2, SK_CTX_STORE, HOW_ASSIGN_PLAIN));
        SkAst *c; OK(c = mk2(ps, AST_COMPREHENSION, &@$, $2, $4));
        $$ = (SkAstList){0}; OK(push(ps, &$$, c));
      }
    | comp_clauses FOR exprlist IN or_test {
        OK(set_ctx(ps, $3, SK_CTX_STORE, HOW_ASSIGN_PLAIN));
        SkAst *c; OK(c = mk2(ps, AST_COMPREHENSION, &@2, $3, $5));
        $$ = $1; OK(push(ps, &$$, c));
      }
    | comp_clauses IF or_test {
        $$ = $1; OK(push(ps, &$$.items[$$.len - 1]->list, $3));
      }
    ;

subscript_list
    : subscripts {
        if ($1.l.len == 1 && !$1.comma && $1.l.items[0]->kind != AST_STARRED) $$ = $1.l.items[0];
        else { OK($$ = mk(ps, AST_TUPLE, &@$)); $$->list = $1.l; }
      }
    ;

subscripts
    : subscript                 { $$ = (SkAstSeq){0}; OK(push(ps, &$$.l, $1)); }
    | subscripts ',' subscript  { $$ = $1; if ($1.comma) { sk_yyerror(&@2, ps, "invalid syntax"); YYABORT; } OK(push(ps, &$$.l, $3)); }
    | subscripts ','            { $$ = $1; if ($1.comma) { sk_yyerror(&@2, ps, "invalid syntax"); YYABORT; } $$.comma = 1; }
    ;

subscript
    : namedexpr_test
    | star_expr
    | opt_test ':' opt_test                 { OK($$ = mk2(ps, AST_SLICE, &@$, $1, $3)); }
    | opt_test ':' opt_test ':' opt_test    { OK($$ = mk2(ps, AST_SLICE, &@$, $1, $3)); $$->c = $5; }
    ;

opt_test: %empty { $$ = NULL; } | test ;

dict_items
    : dict_item                 { $$ = (SkAstSeq){0}; OK(push(ps, &$$.l, $1)); }
    | dict_items ',' dict_item  { $$ = $1; if ($1.comma) { sk_yyerror(&@2, ps, "invalid syntax"); YYABORT; } OK(push(ps, &$$.l, $3)); }
    | dict_items ','            { $$ = $1; if ($1.comma) { sk_yyerror(&@2, ps, "invalid syntax"); YYABORT; } $$.comma = 1; }
    ;

/* A key/value pair travels as a KEYWORD-shaped pair: a = key (NULL for **), b = value. */
dict_item
    : test ':' test { OK($$ = mk(ps, AST_KEYWORD, &@$)); $$->a = $1; $$->b = $3; }
    | "**" expr     { OK($$ = mk(ps, AST_KEYWORD, &@$)); $$->b = $2; }
    ;

set_items
    : test_or_star                  { $$ = (SkAstSeq){0}; OK(push(ps, &$$.l, $1)); }
    | set_items ',' test_or_star    { $$ = $1; if ($1.comma) { sk_yyerror(&@2, ps, "invalid syntax"); YYABORT; } OK(push(ps, &$$.l, $3)); }
    | set_items ','                 { $$ = $1; if ($1.comma) { sk_yyerror(&@2, ps, "invalid syntax"); YYABORT; } $$.comma = 1; }
    ;

arglist
    : %empty                { $$ = (SkAstSeq){0}; }
    | argument              { $$ = (SkAstSeq){0}; OK(push(ps, &$$.l, $1)); }
    | arglist ',' argument  { $$ = $1; if (!$1.l.len || $1.comma) { sk_yyerror(&@2, ps, "invalid syntax"); YYABORT; } OK(push(ps, &$$.l, $3)); }
    | arglist ','           { $$ = $1; if (!$1.l.len || $1.comma) { sk_yyerror(&@2, ps, "invalid syntax"); YYABORT; } $$.comma = 1; }
    ;

/* Keyword arguments come back as KEYWORD nodes, `**x` as KEYWORD with no
 * name, `*x` as STARRED, a bare generator expression as GENEXP op = 2. */
argument
    : test_or_star
    | test ":=" test {
        if ($1->kind != AST_NAME) { sk_parse_error(ps, SK_SYNTAX_ERROR, $1->line, $1->col, "cannot use assignment expressions with %s", $1->kind == AST_ATTRIBUTE ? "attribute" : $1->kind == AST_SUBSCRIPT ? "subscript" : "expression"); YYABORT; }
        $1->ctx = SK_CTX_STORE;
        OK($$ = mk2(ps, AST_NAMEDEXPR, &@$, $1, $3));
      }
    | test comp_clauses { OK($$ = mk1(ps, AST_GENEXP, &@$, $1)); $$->list = $2; $$->op = 2; }
    | test '=' test {
        if ($1->kind != AST_NAME) {
            if ($1->kind == AST_TRUE || $1->kind == AST_FALSE || $1->kind == AST_NONE)
                sk_parse_error(ps, SK_SYNTAX_ERROR, $1->line, $1->col, "cannot assign to %s", $1->kind == AST_TRUE ? "True" : $1->kind == AST_FALSE ? "False" : "None");
            else
                sk_parse_error(ps, SK_SYNTAX_ERROR, $1->line, $1->col, "expression cannot contain assignment, perhaps you meant \"==\"?");
            YYABORT;
        }
        OK($$ = mk1(ps, AST_KEYWORD, &@$, $3)); $$->str = $1->str; $$->len = $1->len;
      }
    | "**" test { OK($$ = mk1(ps, AST_KEYWORD, &@$, $2)); }
    ;

%%

/* ---- helpers for the actions ---- */

static bool oom(SkParseState *ps) {
    return sk_parse_error(ps, SK_SYNTAX_ERROR, ps->line, ps->col, "out of memory");
}

/* Give the error just reported at n's start the extent of n, so the
 * traceback underlines the whole expression as CPython does. */
static bool err_range(SkParseState *ps, const SkAst *n) {
    if (ps->err->line == n->line && ps->err->col == n->col && !ps->err->end_line) {
        ps->err->end_line = n->end_line;
        ps->err->end_col = n->end_col;
    }
    return false;
}

static void set_end(SkAst *n, const SK_YYLTYPE *loc) {
    n->end_line = loc->last_line;
    n->end_col = loc->last_column;
}

static SkAst *mk(SkParseState *ps, SkAstKind kind, const SK_YYLTYPE *loc) {
    SkAst *n = sk_ast_new(A, kind, loc->first_line, loc->first_column);
    if (!n) { oom(ps); return NULL; }
    set_end(n, loc);
    return n;
}

static SkAst *mk1(SkParseState *ps, SkAstKind kind, const SK_YYLTYPE *loc, SkAst *a) {
    SkAst *n = mk(ps, kind, loc);
    if (n) n->a = a;
    return n;
}

static SkAst *mk2(SkParseState *ps, SkAstKind kind, const SK_YYLTYPE *loc, SkAst *a, SkAst *b) {
    SkAst *n = mk(ps, kind, loc);
    if (n) { n->a = a; n->b = b; }
    return n;
}

static SkAst *binop(SkParseState *ps, const SK_YYLTYPE *loc, int op, SkAst *a, SkAst *b) {
    SkAst *n = mk2(ps, AST_BINOP, loc, a, b);
    if (n) n->op = (uint8_t)op;
    return n;
}

static SkAst *unop(SkParseState *ps, const SK_YYLTYPE *loc, int op, SkAst *a) {
    SkAst *n = mk1(ps, AST_UNARYOP, loc, a);
    if (n) n->op = (uint8_t)op;
    return n;
}

static bool push(SkParseState *ps, SkAstList *l, SkAst *n) {
    if (!sk_ast_list_push(A, l, n)) return oom(ps);
    return true;
}

static SkAst *seq_to_expr(SkParseState *ps, const SK_YYLTYPE *loc, SkAstSeq *s, SkAstKind kind) {
    if (s->l.len == 1 && !s->comma) return s->l.items[0];
    SkAst *n = mk(ps, kind, loc);
    if (n) n->list = s->l;
    return n;
}

/* The noun CPython's error messages use for an expression that is not a target. */
static const char *expr_name(const SkAst *n) {
    switch (n->kind) {
    case AST_INT: case AST_FLOAT: case AST_STR: case AST_BYTES: return "literal";
    case AST_ELLIPSIS: return "ellipsis";
    case AST_NONE: return "None";
    case AST_TRUE: return "True";
    case AST_FALSE: return "False";
    case AST_JOINEDSTR: return "f-string expression";
    case AST_CALL: return "function call";
    case AST_COMPARE: return "comparison";
    case AST_IFEXP: return "conditional expression";
    case AST_LAMBDA: return "lambda";
    case AST_NAMEDEXPR: return "named expression";
    case AST_YIELD: case AST_YIELDFROM: return "yield expression";
    case AST_DICT: return "dict literal";
    case AST_SET: return "set display";
    case AST_LISTCOMP: return "list comprehension";
    case AST_SETCOMP: return "set comprehension";
    case AST_DICTCOMP: return "dict comprehension";
    case AST_GENEXP: return "generator expression";
    case AST_TUPLE: return "tuple";
    case AST_LIST: return "list";
    case AST_STARRED: return "starred";
    case AST_NAME: return "name";
    case AST_ATTRIBUTE: return "attribute";
    case AST_SUBSCRIPT: return "subscript";
    default: return "expression";
    }
}

/* Turn an expression into an assignment (or del) target, rejecting what
 * cannot be one with CPython's wording. */
static bool set_ctx(SkParseState *ps, SkAst *n, SkAstCtx ctx, int how) {
    switch (n->kind) {
    case AST_NAME:
        n->ctx = (uint8_t)ctx;
        return true;
    case AST_ATTRIBUTE:
    case AST_SUBSCRIPT:
        n->ctx = (uint8_t)ctx;
        return true;
    case AST_STARRED:
        if (how == HOW_DEL)
            return sk_parse_error(ps, SK_SYNTAX_ERROR, n->line, n->col, "cannot delete starred");
        if (how == HOW_AUG) break;
        n->ctx = (uint8_t)ctx;
        return set_ctx(ps, n->a, ctx, HOW_ASSIGN_PLAIN);
    case AST_TUPLE:
    case AST_LIST:
        if (how == HOW_AUG) break;
        n->ctx = (uint8_t)ctx;
        for (int i = 0; i < n->list.len; i++)
            if (!set_ctx(ps, n->list.items[i], ctx, how == HOW_DEL ? HOW_DEL : HOW_ASSIGN_PLAIN)) return false;
        return true;
    default:
        break;
    }
    const char *what = expr_name(n);
    switch (how) {
    case HOW_AUG:
        sk_parse_error(ps, SK_SYNTAX_ERROR, n->line, n->col,
                       "'%s' is an illegal expression for augmented assignment", what);
        break;
    case HOW_DEL:
        sk_parse_error(ps, SK_SYNTAX_ERROR, n->line, n->col, "cannot delete %s", what);
        break;
    case HOW_ASSIGN:
        if (n->kind != AST_NONE && n->kind != AST_TRUE && n->kind != AST_FALSE && n->kind != AST_IFEXP) {
            sk_parse_error(ps, SK_SYNTAX_ERROR, n->line, n->col,
                           "cannot assign to %s here. Maybe you meant '==' instead of '='?", what);
            break;
        }
        /* fall through */
    default:
        sk_parse_error(ps, SK_SYNTAX_ERROR, n->line, n->col, "cannot assign to %s", what);
        break;
    }
    return err_range(ps, n);
}

static SkAst *compare_add(SkParseState *ps, SkAst *cmp, int op, SkAst *right) {
    int len = cmp->list.len;
    /* ops grows by doubling, in step with powers of two of the length */
    if (len == 0 || (len & (len - 1)) == 0) {
        uint8_t *ops = sk_arena_alloc(A, (size_t)(len ? len * 2 : 2));
        if (!ops) { oom(ps); return NULL; }
        if (len) memcpy(ops, cmp->ops, (size_t)len);
        cmp->ops = ops;
    }
    cmp->ops[len] = (uint8_t)op;
    if (!push(ps, &cmp->list, right)) return NULL;
    return cmp;
}

static SkAst *dotted_join(SkParseState *ps, SkAst *a, SkAst *b) {
    size_t len = a->len + 1 + b->len;
    char *s = sk_arena_alloc(A, len + 1);
    SkAst *n = sk_ast_new(A, AST_NAME, a->line, a->col);
    if (!s || !n) { oom(ps); return NULL; }
    memcpy(s, a->str, a->len);
    s[a->len] = '.';
    memcpy(s + a->len + 1, b->str, b->len);
    n->str = s;
    n->len = len;
    n->end_line = b->end_line;
    n->end_col = b->end_col;
    return n;
}

static SkAst *make_if(SkParseState *ps, SkAst *head, SkAstList *elifs, SkAstList *orelse) {
    SkAst *cur = head;
    for (int i = 0; i < elifs->len; i++) {
        cur->list2 = (SkAstList){0};
        if (!push(ps, &cur->list2, elifs->items[i])) return NULL;
        cur = elifs->items[i];
    }
    cur->list2 = *orelse;
    return head;
}

static bool check_handlers(SkParseState *ps, SkAstList *h) {
    for (int i = 0; i + 1 < h->len; i++)
        if (!h->items[i]->a)
            return sk_parse_error(ps, SK_SYNTAX_ERROR, h->items[i]->line, h->items[i]->col,
                                  "default 'except:' must be last");
    return true;
}

static bool no_withitems(SkParseState *ps, SkAstSeq *s) {
    for (int i = 0; i < s->l.len; i++)
        if (s->l.items[i]->kind == AST_WITHITEM)
            return sk_parse_error(ps, SK_SYNTAX_ERROR, ps->withitem_line, ps->withitem_col, "invalid syntax");
    return true;
}

static SkAst *paren_atom(SkParseState *ps, const SK_YYLTYPE *loc, SkAstSeq *s) {
    if (s->l.len == 1 && !s->comma) {
        SkAst *e = s->l.items[0];
        if (e->kind == AST_GENEXP && e->op == 2) {
            e->op = 0;
            e->line = loc->first_line; e->col = loc->first_column;
            set_end(e, loc);
            return e;
        }
        if (e->kind == AST_STARRED) {
            sk_parse_error(ps, SK_SYNTAX_ERROR, e->line, e->col, "cannot use starred expression here");
            return NULL;
        }
        if (e->kind == AST_TUPLE && e->op == 1) e->op = 2;     /* ((a, b)) is one tuple */
        return e;
    }
    SkAst *t = mk(ps, AST_TUPLE, loc);
    if (!t) return NULL;
    t->list = s->l;
    t->op = 1;          /* parenthesized: `with (a, b):` reads it as two items */
    return t;
}

static SkAst *withitem_of(SkParseState *ps, SkAst *e) {
    if (e->kind == AST_WITHITEM) {
        ps->withitem_pending--;
        return e;
    }
    SkAst *w = sk_ast_new(A, AST_WITHITEM, e->line, e->col);
    if (!w) { oom(ps); return NULL; }
    w->end_line = e->end_line; w->end_col = e->end_col;
    w->a = e;
    return w;
}

static SkAst *make_with(SkParseState *ps, const SK_YYLTYPE *loc, SkAstSeq *items, SkAstList *body) {
    SkAst *w = mk(ps, AST_WITH, loc);
    if (!w) return NULL;
    w->list2 = *body;
    if (items->l.len == 1 && !items->l.items[0]->b) {
        SkAst *e = items->l.items[0]->a;
        if (e->kind == AST_TUPLE && e->op == 1 && e->list.len > 0) {
            for (int i = 0; i < e->list.len; i++) {
                SkAst *it = withitem_of(ps, e->list.items[i]);
                if (!it || !push(ps, &w->list, it)) return NULL;
            }
            return w;
        }
    }
    for (int i = 0; i < items->l.len; i++) {
        SkAst *it = items->l.items[i];
        if (!it->b && it->a->kind == AST_WITHITEM) it = withitem_of(ps, it->a);
        if (!push(ps, &w->list, it)) return NULL;
    }
    return w;
}

/* parens: the extent of "( ... )", which a bare generator argument takes as its own. */
static SkAst *make_call(SkParseState *ps, const SK_YYLTYPE *loc, const SK_YYLTYPE *parens, SkAst *func, SkAstSeq *args) {
    SkAst *call = mk1(ps, AST_CALL, loc, func);
    if (!call) return NULL;
    bool seen_kw = false, seen_kwunpack = false;
    for (int i = 0; i < args->l.len; i++) {
        SkAst *a = args->l.items[i];
        if (a->kind == AST_KEYWORD) {
            if (a->str) {
                seen_kw = true;
                for (int j = 0; j < call->list2.len; j++) {
                    const SkAst *k = call->list2.items[j];
                    if (k->str && k->len == a->len && memcmp(k->str, a->str, a->len) == 0) {
                        sk_parse_error(ps, SK_SYNTAX_ERROR, a->line, a->col, "keyword argument repeated: %s", a->str);
                        return NULL;
                    }
                    if (j > 512) break;     /* keep pathological calls linear-ish */
                }
            } else {
                seen_kwunpack = true;
            }
            if (!push(ps, &call->list2, a)) return NULL;
            continue;
        }
        if (a->kind == AST_STARRED) {
            if (seen_kwunpack) {
                sk_parse_error(ps, SK_SYNTAX_ERROR, a->line, a->col, "iterable argument unpacking follows keyword argument unpacking");
                return NULL;
            }
        } else {
            if (a->kind == AST_GENEXP && a->op == 2) {
                if (args->l.len > 1 || args->comma) {
                    sk_parse_error(ps, SK_SYNTAX_ERROR, a->line, a->col, "Generator expression must be parenthesized");
                    return NULL;
                }
                a->op = 0;
                a->line = parens->first_line;
                a->col = parens->first_column;
                set_end(a, parens);
            }
            if (seen_kwunpack) {
                sk_parse_error(ps, SK_SYNTAX_ERROR, a->end_line, a->end_col, "positional argument follows keyword argument unpacking");
                return NULL;
            }
            if (seen_kw) {
                sk_parse_error(ps, SK_SYNTAX_ERROR, a->end_line, a->end_col, "positional argument follows keyword argument");
                return NULL;
            }
        }
        if (!push(ps, &call->list, a)) return NULL;
    }
    return call;
}

static SkAst *make_param(SkParseState *ps, const SK_YYLTYPE *loc, int kind, SkAst *name, SkAst *ann, SkAst *def) {
    SkAst *p = mk(ps, AST_ARG, loc);
    if (!p) return NULL;
    p->op = (uint8_t)kind;
    if (name) { p->str = name->str; p->len = name->len; }
    p->a = def;
    p->b = ann;
    return p;
}

static bool same_name(const char *a, const char *b) {
    return a && b && strcmp(a, b) == 0;
}

static SkAst *make_arguments(SkParseState *ps, const SK_YYLTYPE *loc, SkAstSeq *params) {
    SkAst *args = mk(ps, AST_ARGUMENTS, loc);
    if (!args) return NULL;
    bool seen_slash = false, seen_star = false, seen_starstar = false, seen_default = false;
    const SkAst *bare_star = NULL;
    for (int i = 0; i < params->l.len; i++) {
        SkAst *p = params->l.items[i];
        int kind = p->op;
        p->op = 0;
        if (seen_starstar) {
            sk_parse_error(ps, SK_SYNTAX_ERROR, p->line, p->col, "arguments cannot follow var-keyword argument");
            return NULL;
        }
        if (p->str && i < 1000) {
            for (int j = 0; j < i; j++) {
                if (same_name(params->l.items[j]->str, p->str)) {
                    sk_parse_error(ps, SK_SYNTAX_ERROR, p->line, p->col, "duplicate argument '%s' in function definition", p->str);
                    return NULL;
                }
            }
        }
        switch (kind) {
        case P_SLASH:
            if (seen_slash) { sk_parse_error(ps, SK_SYNTAX_ERROR, p->line, p->col, "/ may appear only once"); return NULL; }
            if (seen_star) { sk_parse_error(ps, SK_SYNTAX_ERROR, p->line, p->col, "/ must be ahead of *"); return NULL; }
            if (args->list.len == 0) { sk_parse_error(ps, SK_SYNTAX_ERROR, p->line, p->col, "at least one argument must precede /"); return NULL; }
            seen_slash = true;
            args->ival = args->list.len;
            break;
        case P_STAR:
            if (seen_star) { sk_parse_error(ps, SK_SYNTAX_ERROR, p->line, p->col, "* argument may appear only once"); return NULL; }
            seen_star = true;
            if (p->str) { args->str = p->str; args->a = p; }
            else bare_star = p;
            break;
        case P_STARSTAR:
            seen_starstar = true;
            args->str2 = p->str;
            args->b = p;
            break;
        default:
            if (seen_star) {
                if (!push(ps, &args->list2, p)) return NULL;
            } else {
                if (p->a) seen_default = true;
                else if (seen_default) {
                    sk_parse_error(ps, SK_SYNTAX_ERROR, p->line, p->col, "non-default argument follows default argument");
                    return NULL;
                }
                if (!push(ps, &args->list, p)) return NULL;
            }
            break;
        }
    }
    if (bare_star && args->list2.len == 0) {
        sk_parse_error(ps, SK_SYNTAX_ERROR, bare_star->line, bare_star->col, "named arguments must follow bare *");
        return NULL;
    }
    return args;
}

static void sk_yyerror(SK_YYLTYPE *loc, SkParseState *ps, const char *msg) {
    if (strcmp(msg, "memory exhausted") == 0) msg = "too many nested expressions";
    sk_parse_error(ps, SK_SYNTAX_ERROR, loc->first_line, loc->first_column, "%s", msg);
}

static bool starts_expr(int t) {
    switch (t) {
    case NAME: case NUMBER: case STRING: case '(': case '[': case '{': case KW_NONE:
    case KW_TRUE: case KW_FALSE: case LAMBDA: case '~': case ELLIPSIS:
        return true;
    default:
        return false;
    }
}

static bool ends_expr(int t) {
    switch (t) {
    case NAME: case NUMBER: case STRING: case ')': case ']': case '}': case KW_NONE:
    case KW_TRUE: case KW_FALSE: case ELLIPSIS:
        return true;
    default:
        return false;
    }
}

static const char *block_what(int t) {
    switch (t) {
    case IF: return "'if' statement";
    case ELIF: return "'elif' statement";
    case ELSE: return "'else' statement";
    case WHILE: return "'while' statement";
    case FOR: return "'for' statement";
    case TRY: return "'try' statement";
    case EXCEPT: return "'except' statement";
    case FINALLY: return "'finally' statement";
    case WITH: return "'with' statement";
    case DEF: return "function definition";
    case CLASS: return "class definition";
    default: return NULL;
    }
}

/* Choose the message for a syntax error from the offending token and the
 * tokens just before it (ps->tok[]), mirroring CPython's most common ones. */
static bool expects(const yypcontext_t *ctx, yysymbol_kind_t sym) {
    yysymbol_kind_t expected[YYNTOKENS];
    int n = yypcontext_expected_tokens(ctx, expected, YYNTOKENS);
    for (int i = 0; i < n; i++)
        if (expected[i] == sym) return true;
    return false;
}

static int yyreport_syntax_error(const yypcontext_t *ctx, SkParseState *ps) {
    if (ps->failed) return 0;
    /* the lookahead is always the token the lexer returned last */
    int tok = ps->tok[0];
    const SK_YYLTYPE *loc = yypcontext_location(ctx);
    int line = loc->first_line, col = loc->first_column;
    if (ps->mode == SK_PARSE_SINGLE && ps->eof_token) ps->err->incomplete = true;
    if (tok == INDENT) {
        sk_parse_error(ps, SK_INDENT_ERROR, line, col > 1 ? col - 1 : 1, "unexpected indent");
        return 0;
    }
    if (ps->tok[1] == NEWLINE && ps->last_line_colon && tok != INDENT) {
        const char *what = block_what(ps->block_tok);
        if (tok == SK_YYEOF || ps->eof_token) { line = ps->tok_line[1]; col = ps->tok_col[1]; }
        if (what)
            sk_parse_error(ps, SK_INDENT_ERROR, line, col, "expected an indented block after %s on line %d", what, ps->block_line);
        else
            sk_parse_error(ps, SK_INDENT_ERROR, line, col, "expected an indented block");
        return 0;
    }
    if (tok == NEWLINE && block_what(ps->first_tok) && ps->nparen == 0 && expects(ctx, YYTRANSLATE(':'))) {
        sk_parse_error(ps, SK_SYNTAX_ERROR, line, col, "expected ':'");
        return 0;
    }
    if (tok != EXCEPT && tok != FINALLY && expects(ctx, YYSYMBOL_EXCEPT) && expects(ctx, YYSYMBOL_FINALLY)) {
        sk_parse_error(ps, SK_SYNTAX_ERROR, line, col, "expected 'except' or 'finally' block");
        return 0;
    }
    if (tok != ELSE && expects(ctx, YYSYMBOL_ELSE) && !expects(ctx, YYSYMBOL_ELIF) && !expects(ctx, YYSYMBOL_EXCEPT) &&
        !expects(ctx, YYSYMBOL_WHILE)) {
        sk_parse_error(ps, SK_SYNTAX_ERROR, line, col, "expected 'else' after 'if' expression");
        return 0;
    }
    if (tok == '=' && ps->nparen == 0 && (ps->tok[2] == IF || ps->tok[2] == ELIF || ps->tok[2] == WHILE)) {
        if (ps->tok[1] == NAME) {
            sk_parse_error(ps, SK_SYNTAX_ERROR, ps->tok_line[1], ps->tok_col[1],
                           "invalid syntax. Maybe you meant '==' or ':=' instead of '='?");
            return 0;
        }
        if (ps->tok[1] == NUMBER || ps->tok[1] == STRING) {
            sk_parse_error(ps, SK_SYNTAX_ERROR, ps->tok_line[1], ps->tok_col[1],
                           "cannot assign to literal here. Maybe you meant '==' instead of '='?");
            return 0;
        }
    }
    if (tok == '=' && ps->nparen == 0 && (ps->first_tok == IF || ps->first_tok == ELIF || ps->first_tok == WHILE)) {
        sk_parse_error(ps, SK_SYNTAX_ERROR, line, col, "invalid syntax. Maybe you meant '==' or ':=' instead of '='?");
        return 0;
    }
    if (ps->tok[1] == NAME && ps->first_tok == NAME && ps->first_line == ps->tok_line[1] &&
        ps->last_name && strcmp(ps->last_name, "print") == 0 && starts_expr(tok) &&
        ps->tok_col[1] == ps->first_col) {
        sk_parse_error(ps, SK_SYNTAX_ERROR, ps->tok_line[1], ps->tok_col[1],
                       "Missing parentheses in call to 'print'. Did you mean print(...)?");
        return 0;
    }
    if (ps->first_tok == NAME && ps->first_name && ps->tok_line[1] == ps->first_line &&
        ps->tok_col[1] == ps->first_col && ps->tok[1] == NAME && starts_expr(tok) &&
        strcmp(ps->first_name, "match") == 0) {
        sk_parse_error(ps, SK_SYNTAX_ERROR, ps->first_line, ps->first_col, "'match' statements are not supported");
        return 0;
    }
    if (ps->nparen > 0 && ends_expr(ps->tok[1]) && starts_expr(tok)) {
        sk_parse_error(ps, SK_SYNTAX_ERROR, ps->tok_line[1], ps->tok_col[1], "invalid syntax. Perhaps you forgot a comma?");
        return 0;
    }
    if (tok == SK_YYEOF) { line = ps->line; col = ps->col; }
    sk_parse_error(ps, SK_SYNTAX_ERROR, line, col, "invalid syntax");
    if (tok != SK_YYEOF && tok != NEWLINE && tok != INDENT && tok != DEDENT &&
        (loc->last_line > line || loc->last_column > col + 1)) {
        ps->err->end_line = loc->last_line;
        ps->err->end_col = loc->last_column;
    }
    return 0;
}
