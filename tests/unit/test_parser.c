// tests/unit/test_parser.c -- C tests of the front end (parser/lexer.l,
// grammar.y, parse.c, ast.c): tree shapes checked through sk_ast_dump,
// every construct of DESIGN §2 parsed, error messages with line/column
// as CPython 3.11 reports them, the REPL's "incomplete input" signal,
// and hostile input (NUL bytes, bad UTF-8, deep nesting, a 20 MB literal,
// random and mutated bytes) which must give errors, never crashes.
// Needs no VM: the parser allocates only in its arena. Exits 0 when all pass.
#define _POSIX_C_SOURCE 200809L
#include "parser/ast.h"
#include "parser/parse.h"
#include "vm/exec/import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

static SkAst *parse_mode(SkAstArena *a, const char *src, size_t len, SkParseMode mode,
                         SkSyntaxError *err) {
    return sk_parse(a, src, len, mode, err);
}

// Parse src and compare the dump of the tree with want.
static void check_dump(const char *src, SkParseMode mode, const char *want, int line) {
    SkAstArena a;
    sk_arena_init(&a);
    SkSyntaxError err;
    SkAst *t = parse_mode(&a, src, strlen(src), mode, &err);
    if (!t) {
        fprintf(stderr, "line %d: parse failed: %d:%d %s\n", line, err.line, err.col, err.msg);
        failures++;
        sk_arena_free(&a);
        return;
    }
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    sk_ast_dump(t, 0, f);
    fclose(f);
    if (strcmp(buf, want) != 0) {
        fprintf(stderr, "line %d: dump of %s\n--- got:\n%s--- want:\n%s", line, src, buf, want);
        failures++;
    }
    free(buf);
    sk_arena_free(&a);
}
#define CHECK_DUMP(src, mode, want) check_dump((src), (mode), (want), __LINE__)

static bool parses(const char *src, size_t len, SkParseMode mode) {
    SkAstArena a;
    sk_arena_init(&a);
    SkSyntaxError err;
    SkAst *t = sk_parse(&a, src, len, mode, &err);
    if (!t && getenv("SK_TEST_VERBOSE"))
        fprintf(stderr, "  %d:%d %s\n", err.line, err.col, err.msg);
    sk_arena_free(&a);
    return t != NULL;
}

// Parse src, which must fail with this kind, message and position.
static void check_error(const char *src, size_t len, SkParseMode mode, SkSyntaxKind kind,
                        const char *msg, int eline, int ecol, int line) {
    SkAstArena a;
    sk_arena_init(&a);
    SkSyntaxError err;
    SkAst *t = sk_parse(&a, src, len, mode, &err);
    if (t) {
        fprintf(stderr, "line %d: %s parsed, want error '%s'\n", line, src, msg);
        failures++;
    } else if (err.kind != kind || strcmp(err.msg, msg) != 0 || (eline && err.line != eline) ||
               (ecol && err.col != ecol)) {
        fprintf(stderr, "line %d: error for %s\n   got  %d %d:%d %s\n   want %d %d:%d %s\n", line,
                src, err.kind, err.line, err.col, err.msg, kind, eline, ecol, msg);
        failures++;
    }
    sk_arena_free(&a);
}
#define CHECK_ERR(src, msg, l, c)                                                                  \
    check_error((src), strlen(src), SK_PARSE_FILE, SK_SYNTAX_ERROR, (msg), (l), (c), __LINE__)
#define CHECK_IERR(src, msg, l, c)                                                                 \
    check_error((src), strlen(src), SK_PARSE_FILE, SK_INDENT_ERROR, (msg), (l), (c), __LINE__)

// ---- tree shapes ----

static void test_dumps(void) {
    CHECK_DUMP("x = 1 + 2 * -3 ** 2\n", SK_PARSE_FILE,
               "Module\n"
               "  list:\n"
               "    Assign\n"
               "      a:\n"
               "        BinOp Add\n"
               "          a:\n"
               "            Int 1\n"
               "          b:\n"
               "            BinOp Mult\n"
               "              a:\n"
               "                Int 2\n"
               "              b:\n"
               "                UnaryOp USub\n"
               "                  a:\n"
               "                    BinOp Pow\n"
               "                      a:\n"
               "                        Int 3\n"
               "                      b:\n"
               "                        Int 2\n"
               "      list:\n"
               "        Name x store\n");
    CHECK_DUMP("a < b <= c", SK_PARSE_EVAL,
               "Compare Lt LtE\n  a:\n    Name a\n  list:\n    Name b\n    Name c\n");
    // a parenthesized comparison is not part of a chain
    CHECK_DUMP(
        "(a < b) < c", SK_PARSE_EVAL,
        "Compare Lt\n  a:\n    Compare Lt\n      a:\n        Name a\n      list:\n        Name b\n"
        "  list:\n    Name c\n");
    CHECK_DUMP(
        "a or b or c and not d", SK_PARSE_EVAL,
        "BoolOp Or\n  list:\n    Name a\n    Name b\n    BoolOp And\n      list:\n        Name c\n"
        "        UnaryOp Not\n          a:\n            Name d\n");
    CHECK_DUMP("2 ** -1", SK_PARSE_EVAL,
               "BinOp Pow\n  a:\n    Int 2\n  b:\n    UnaryOp USub\n      a:\n        Int 1\n");
    CHECK_DUMP("a ** b ** c", SK_PARSE_EVAL,
               "BinOp Pow\n  a:\n    Name a\n  b:\n    BinOp Pow\n      a:\n        Name b\n      "
               "b:\n        Name c\n");
    CHECK_DUMP("-9223372036854775808", SK_PARSE_EVAL, "Int -9223372036854775808\n");
    CHECK_DUMP("0x_ff + 0o17 + 0b1_0 + 1_000", SK_PARSE_EVAL,
               "BinOp Add\n  a:\n    BinOp Add\n      a:\n        BinOp Add\n          a:\n        "
               "    Int 255\n"
               "          b:\n            Int 15\n      b:\n        Int 2\n  b:\n    Int 1000\n");
    CHECK_DUMP("1.5e-3", SK_PARSE_EVAL, "Float 0.0015\n");
    CHECK_DUMP("'a\\x41\\101\\u00e9\\q' \"b\"", SK_PARSE_EVAL, "Str 'aAA\xc3\xa9\\\\qb'\n");
    CHECK_DUMP("b'\\xff' rb'\\n'", SK_PARSE_EVAL, "Bytes '\xff\\\\n'\n");
    CHECK_DUMP(
        "f'a{x!r:>{w}}b' 'c'", SK_PARSE_EVAL,
        "JoinedStr\n  list:\n    Str 'a'\n    FormattedValue !r\n      a:\n        Name x\n      "
        "b:\n"
        "        JoinedStr\n          list:\n            Str '>'\n            FormattedValue\n"
        "              a:\n                Name w\n    Str 'bc'\n");
    CHECK_DUMP(
        "f'{x = }'", SK_PARSE_EVAL,
        "JoinedStr\n  list:\n    Str 'x = '\n    FormattedValue !r\n      a:\n        Name x\n");
    CHECK_DUMP("f'{{}}' f''", SK_PARSE_EVAL, "Str '{}'\n");
    CHECK_DUMP("with (a as b, c):\n    pass\n", SK_PARSE_FILE,
               "Module\n  list:\n    With\n      list:\n        withitem\n          a:\n           "
               " Name a\n"
               "          b:\n            Name b store\n        withitem\n          a:\n           "
               " Name c\n"
               "      list2:\n        Pass\n");
    CHECK_DUMP("def f(a, /, b=1, *c, d, **e): pass\n", SK_PARSE_FILE,
               "Module\n  list:\n    FunctionDef f\n      a:\n        arguments posonly=1 *c **e\n"
               "          list:\n            arg a\n            arg b\n              a:\n          "
               "      Int 1\n"
               "          list2:\n            arg d\n      list:\n        Pass\n");
    CHECK_DUMP("if a: pass\nelif b: pass\nelse: x\n", SK_PARSE_FILE,
               "Module\n  list:\n    If\n      a:\n        Name a\n      list:\n        Pass\n     "
               " list2:\n"
               "        If\n          a:\n            Name b\n          list:\n            Pass\n  "
               "        list2:\n"
               "            Expr\n              a:\n                Name x\n");
    CHECK_DUMP("from ..m import (a as b, c,)\n", SK_PARSE_FILE,
               "Module\n  list:\n    ImportFrom ..m\n      list:\n        alias a as b\n        "
               "alias c\n");
    CHECK_DUMP(
        "a, *b = c", SK_PARSE_FILE,
        "Module\n  list:\n    Assign\n      a:\n        Name c\n      list:\n        Tuple store\n"
        "          list:\n            Name a store\n            Starred store\n              a:\n"
        "                Name b store\n");
    CHECK_DUMP("{**a, 1: 2}", SK_PARSE_EVAL,
               "Dict\n  items:\n    **\n      Name a\n    Int 1\n      Int 2\n");
    CHECK_DUMP(
        "f(x for x in y)", SK_PARSE_EVAL,
        "Call\n  a:\n    Name f\n  list:\n    GeneratorExp\n      a:\n        Name x\n      list:\n"
        "        comprehension\n          a:\n            Name x store\n          b:\n            "
        "Name y\n");
    CHECK_DUMP(
        "x[1:2, ::3]", SK_PARSE_EVAL,
        "Subscript\n  a:\n    Name x\n  b:\n    Tuple\n      list:\n        Slice\n          a:\n"
        "            Int 1\n          b:\n            Int 2\n        Slice\n          c:\n         "
        "   Int 3\n");
    CHECK_DUMP("  1\n\n", SK_PARSE_EVAL, "Int 1\n");
    CHECK_DUMP(
        "x = 1\r\ny = 2\r", SK_PARSE_FILE,
        "Module\n  list:\n    Assign\n      a:\n        Int 1\n      list:\n        Name x store\n"
        "    Assign\n      a:\n        Int 2\n      list:\n        Name y store\n");

    // positions: 1-based line and column, end exclusive
    SkAstArena a;
    sk_arena_init(&a);
    SkSyntaxError err;
    const char *src = "x = 1\nif y:\n    z = f(a,\n          b)\n";
    SkAst *m = sk_parse(&a, src, strlen(src), SK_PARSE_FILE, &err);
    CHECK(m && m->list.len == 2);
    if (m && m->list.len == 2) {
        SkAst *s1 = m->list.items[1];
        CHECK(s1->kind == AST_IF && s1->line == 2 && s1->col == 1);
        SkAst *asg = s1->list.items[0];
        CHECK(asg->line == 3 && asg->col == 5);
        SkAst *call = asg->a;
        CHECK(call->kind == AST_CALL && call->line == 3 && call->col == 9 && call->end_line == 4 &&
              call->end_col == 13);
        CHECK(call->list.items[1]->line == 4 && call->list.items[1]->col == 11);
    }
    sk_arena_free(&a);
    // f-string fields carry positions inside the source
    sk_arena_init(&a);
    src = "s = f'ab{xy}'\n";
    m = sk_parse(&a, src, strlen(src), SK_PARSE_FILE, &err);
    CHECK(m && m->list.items[0]->a->kind == AST_JOINEDSTR);
    if (m) {
        SkAst *fv = m->list.items[0]->a->list.items[1];
        CHECK(fv->kind == AST_FORMATTED && fv->a->line == 1 && fv->a->col == 10);
    }
    sk_arena_free(&a);
}

// ---- every construct parses ----

static const char *const valid_programs[] = {
    "x = 1\n",
    "",
    "\n\n   \n# comment only\n",
    "pass",
    "x = 1; y = 2;\n",
    "a = b = c = 1\n(a, b), [c, *d] = e\nx[1:2, 3] = y\nx.a.b = 1\n",
    "x += 1\nx -= 1\nx *= 1\nx /= 1\nx //= 1\nx %= 1\nx **= 1\nx @= 1\nx &= 1\nx |= 1\nx ^= 1\nx "
    ">>= 1\nx <<= 1\n",
    "x: int\ny: list[int] = []\na.b: int\na[0]: int = 1\n",
    "if a:\n    pass\nelif b:\n    pass\nelif c:\n    pass\nelse:\n    pass\n",
    "while x:\n    break\nelse:\n    continue\n",
    "for i, (j, k) in enumerate(x):\n    pass\nelse:\n    pass\nfor x in *a, b: pass\n",
    "try:\n    pass\nexcept (A, B) as e:\n    pass\nexcept C:\n    pass\nexcept:\n    "
    "pass\nelse:\n    pass\nfinally:\n    pass\n",
    "try:\n    pass\nfinally:\n    pass\n",
    "with a as b, c as (d, e), f:\n    pass\nwith (a as b, c as d,):\n    pass\nwith (a, b):\n    "
    "pass\n",
    "@dec\n@dec2(1).attr[0]\nclass C(A, B, metaclass=M, **kw):\n    x: int\n    def m(self): "
    "return super().m()\n",
    "def f(a, b, /, c, d=1, *, e, f=2, **g) -> int: pass\n",
    "def g(a: int = 1, *args: str, b: 'x' = 2, **kw: dict): pass\n",
    "def h(*, a): pass\ndef i(*a, **k,): pass\ndef j(a,): pass\n",
    "x = lambda: 0\nx = lambda a, b=1, *c, d, e=2, **f: 0\nx = lambda *a, **k: 0\nx = lambda a, /, "
    "b: 0\n",
    "def gen():\n    yield\n    yield 1, 2\n    y = yield a\n    z = (yield)\n    x = yield from "
    "g()\n    await_ = 1\n",
    "raise\nraise X\nraise X from Y\nreturn\nreturn 1, *a\n",
    "global a, b\nnonlocal c\ndel a, b[1], c.d\ndel (a, b), [c]\n",
    "import a.b.c as d, e\nfrom . import x\nfrom .. import (y, z,)\nfrom ...m.n import *\nfrom .m "
    "import a as b\n",
    "assert x\nassert x, 'msg'\n",
    "x = a if b else c if d else e\nx = not a and b or not c\n",
    "x = a is not b, a not in b, a in b, a is b, a == b != c > d >= e < f <= g\n",
    "x = -a ** -b, ~a, +a, a @ b, a // b % c, a | b ^ c & d << e >> f\n",
    "x = {**a, 'b': 1, **c}\nx = {*a, *b}\nx = {a: b for a, b in c if a if b}\nx = {a for a in "
    "b}\n",
    "x = [a for a in b for c in d if e]\nx = (a for a in b)\nf(a for a in b)\n",
    "f(*a, *b, c=1, **d, **e)\nf(a)(b)[c].d\nf(a, *b, c, d=1, *e, f=2, **g)\n",
    "x = ...\nx = a[...]\nx = a[:]\nx = a[::]\nx = a[1:2:3]\nx = a[b:=1]\nx = a[*b]\n",
    "if (n := len(a)) > 10: print(n)\nwhile chunk := f.read(): pass\n[y := f(x), y**2]\nf(x := "
    "1)\n",
    "x = 1.5e-3 + .5 + 5. + 1e10 + 0.0 + 00 + 0_0 + 1_0.0_1e1_0\n",
    "x = '''abc\ndef''' \"\"\"x\"\"\" r'\\'' R\"\\\"\" U'u' fR'' Rf''\ny = Rb'r' bR'r' Br''\n",
    "print(f\"{x=}\", f\"{x = !s:>10}\", f\"{x=:>10}\", f\"{ x = }\", f'{a!r}', rf\"\\n{x}\\n\")\n",
    "print(f\"{'a' if x else 'b'}\", f\"{d['k']}\", f\"{x:{w}.{p}f}\", f\"{{}} {{{x}}}\", "
    "f\"{3!=4}\")\n",
    "f'''{\nx\n+ y}'''\n",
    "x = (1,)\nx = ()\nx = 1,\nx = [*a, *b]\nx = (*a, *b)\nprint(*a)\n",
    "class D: pass\nclass E(): pass\nclass F(object,): pass\n",
    "x = [\n    1,\n    2,\n]\ny = {\n 1: 2, # c\n}\n",
    "x = 1 + \\\n    2\n",
    "if x:\n\tpass\n",
    "if x:\n  if y:\n    pass\n  z\nw\n",
    "\xc3\xa9t\xc3\xa9 = 1\n\xce\xbb = lambda: 0\n\xe5\x90\x8d\xe5\x89\x8d = 2\n",
    "x = 1if y else 2\nz = [0x1for x in y]\n",
    "class C:\n    def f(self):\n        pass\n\n\n\n    def g(self):\n        pass\n",
    "match = 1\ncase = 2\ntype = 3\nprint(match, case)\n",
    "\xef\xbb\xbfx = 1\n",
    "x = 1\r\nif x:\r\n    y = '''a\r\nb'''\r\n",
    "x = 1\f\nif x:\n\f    pass\n",
};

static void test_valid(void) {
    for (size_t i = 0; i < sizeof valid_programs / sizeof valid_programs[0]; i++) {
        const char *p = valid_programs[i];
        if (!parses(p, strlen(p), SK_PARSE_FILE)) {
            SkAstArena a;
            sk_arena_init(&a);
            SkSyntaxError err;
            sk_parse(&a, p, strlen(p), SK_PARSE_FILE, &err);
            fprintf(stderr, "valid program %zu failed: %d:%d %s\n%s\n", i, err.line, err.col,
                    err.msg, p);
            sk_arena_free(&a);
            failures++;
        }
    }
}

// ---- errors (messages and positions as CPython 3.11 reports them) ----

static void test_errors(void) {
    CHECK_ERR("f(a=1, b)", "positional argument follows keyword argument", 1, 9);
    CHECK_ERR("f(**a, b)", "positional argument follows keyword argument unpacking", 1, 9);
    CHECK_ERR("f(**a, *b)", "iterable argument unpacking follows keyword argument unpacking", 1, 8);
    CHECK_ERR("def f(a=1, b): pass", "non-default argument follows default argument", 1, 12);
    CHECK_ERR("def f(a, a): pass", "duplicate argument 'a' in function definition", 1, 10);
    CHECK_ERR("x = yield = 1", "assignment to yield expression not possible", 1, 5);
    CHECK_ERR("1 = x", "cannot assign to literal here. Maybe you meant '==' instead of '='?", 1, 1);
    CHECK_ERR("f() = 1",
              "cannot assign to function call here. Maybe you meant '==' instead of '='?", 1, 1);
    CHECK_ERR("x + 1 += 1", "'expression' is an illegal expression for augmented assignment", 1, 1);
    CHECK_ERR("(a, b) += 1", "'tuple' is an illegal expression for augmented assignment", 1, 1);
    CHECK_ERR("del f()", "cannot delete function call", 1, 5);
    CHECK_ERR("del (a, 1)", "cannot delete literal", 1, 9);
    CHECK_ERR("for 1 in x: pass", "cannot assign to literal", 1, 5);
    CHECK_ERR("(a, 1) = x", "cannot assign to literal", 1, 5);
    CHECK_ERR("None = 1", "cannot assign to None", 1, 1);
    CHECK_ERR("with a as 1: pass", "cannot assign to literal", 1, 11);
    CHECK_ERR("[x for 1 in y]", "cannot assign to literal", 1, 8);
    CHECK_ERR("f(a.b=1)", "expression cannot contain assignment, perhaps you meant \"==\"?", 1, 3);
    CHECK_ERR("f(True=1)", "cannot assign to True", 1, 3);
    CHECK_ERR("f(x for x in y, 1)", "Generator expression must be parenthesized", 1, 3);
    CHECK_ERR("f(a=1, a=2)", "keyword argument repeated: a", 1, 8);
    CHECK_ERR("print \"x\"", "Missing parentheses in call to 'print'. Did you mean print(...)?", 1,
              1);
    CHECK_ERR("if x = 1: pass", "invalid syntax. Maybe you meant '==' or ':=' instead of '='?", 1,
              4);
    CHECK_ERR("while 1 = x: pass",
              "cannot assign to literal here. Maybe you meant '==' instead of '='?", 1, 7);
    CHECK_ERR("x = \"\"\"abc\n\n", "unterminated triple-quoted string literal (detected at line 2)",
              1, 5);
    CHECK_ERR("print(a b)", "invalid syntax. Perhaps you forgot a comma?", 1, 7);
    CHECK_ERR("x = (1 2)", "invalid syntax. Perhaps you forgot a comma?", 1, 6);
    CHECK_ERR("x = (1,", "'(' was never closed", 1, 5);
    CHECK_ERR("x = [1)", "closing parenthesis ')' does not match opening parenthesis '['", 1, 7);
    CHECK_ERR("x = [1,\n)",
              "closing parenthesis ')' does not match opening parenthesis '[' on line 1", 2, 1);
    CHECK_ERR("x = 1)", "unmatched ')'", 1, 6);
    CHECK_ERR("from m import a,", "trailing comma not allowed without surrounding parentheses", 1,
              17);
    CHECK_ERR("try:\n  pass\nexcept:\n  pass\nexcept A:\n  pass", "default 'except:' must be last",
              3, 1);
    CHECK_ERR("def f(*, **k): pass", "named arguments must follow bare *", 1, 7);
    CHECK_ERR("def f(**k, a): pass", "arguments cannot follow var-keyword argument", 1, 12);
    CHECK_ERR("def f(*a, *b): pass", "* argument may appear only once", 1, 11);
    CHECK_ERR("def f(a, /, /): pass", "/ may appear only once", 1, 13);
    CHECK_ERR("def f(*, a, /): pass", "/ must be ahead of *", 1, 13);
    CHECK_ERR("a, b: int", "only single target (not tuple) can be annotated", 1, 1);
    CHECK_ERR("(*a)", "cannot use starred expression here", 1, 2);
    CHECK_ERR("if x", "expected ':'", 1, 5);
    CHECK_ERR("class A\n", "expected ':'", 1, 8);
    CHECK_ERR("try:\n  pass\n", "expected 'except' or 'finally' block", 0, 0);
    CHECK_ERR("x = 1 if 2", "expected 'else' after 'if' expression", 0, 0);
    CHECK_ERR("x = 1;;", "invalid syntax", 1, 7);
    CHECK_ERR("x = $", "invalid syntax", 1, 5);
    CHECK_ERR("x = 1 \\ 2", "unexpected character after line continuation character", 1, 8);
    CHECK_ERR("except A, B: pass", "invalid syntax", 1, 1);
    // f-strings
    CHECK_ERR("f'{}'", "f-string: empty expression not allowed", 1, 6);
    CHECK_ERR("f'{ }'", "f-string: empty expression not allowed", 1, 7);
    CHECK_ERR("f'{a!x}'", "f-string: invalid conversion character: expected 's', 'r', or 'a'", 1,
              9);
    CHECK_ERR("f'}'", "f-string: single '}' is not allowed", 1, 5);
    CHECK_ERR("f'{a'", "f-string: expecting '}'", 1, 6);
    CHECK_ERR("f'{a b}'", "f-string: invalid syntax. Perhaps you forgot a comma?", 1, 0);
    CHECK_ERR("f'{\\n}'", "f-string expression part cannot include a backslash", 1, 8);
    CHECK_ERR("f'{#}'", "f-string expression part cannot include '#'", 1, 7);
    CHECK_ERR("f'{x:{y:{z}}}'", "f-string: expressions nested too deeply", 1, 15);
    // indentation
    CHECK_IERR("x = 1\n  y = 2", "unexpected indent", 2, 2);
    CHECK_IERR("if x:\n    a\n  b", "unindent does not match any outer indentation level", 3, 4);
    CHECK_IERR("if x:\npass", "expected an indented block after 'if' statement on line 1", 2, 1);
    CHECK_IERR("if x:\n", "expected an indented block after 'if' statement on line 1", 1, 6);
    CHECK_IERR("def f():\nreturn", "expected an indented block after function definition on line 1",
               2, 1);
    CHECK_IERR("class A:\n\nx", "expected an indented block after class definition on line 1", 3,
               1);
    CHECK_IERR("for x in y:\n# c\nx", "expected an indented block after 'for' statement on line 1",
               3, 1);
    CHECK_IERR("try:\n  pass\nexcept:\nx",
               "expected an indented block after 'except' statement on line 3", 4, 1);
    check_error("if True:\n\tx\n        y", 21, SK_PARSE_FILE, SK_TAB_ERROR,
                "inconsistent use of tabs and spaces in indentation", 3, 1, __LINE__);
    // literals
    CHECK_ERR("\"abc", "unterminated string literal (detected at line 1)", 1, 1);
    CHECK_ERR("x = 'abc\ny'", "unterminated string literal (detected at line 1)", 1, 5);
    CHECK_ERR("\"\"\"abc\n\nx", "unterminated triple-quoted string literal (detected at line 3)", 1,
              1);
    CHECK_ERR("0o8", "invalid digit '8' in octal literal", 1, 3);
    CHECK_ERR("0b2", "invalid digit '2' in binary literal", 1, 3);
    CHECK_ERR("1_", "invalid decimal literal", 0, 0);
    CHECK_ERR("1__0", "invalid decimal literal", 0, 0);
    CHECK_ERR("123abc", "invalid decimal literal", 1, 3);
    CHECK_ERR("0x", "invalid hexadecimal literal", 1, 2);
    CHECK_ERR("012",
              "leading zeros in decimal integer literals are not permitted; use an 0o prefix for "
              "octal integers",
              1, 1);
    CHECK_ERR("x \xe2\x82\xac", "invalid character '\xe2\x82\xac' (U+20AC)", 1, 3);
    CHECK_ERR("x\x01", "invalid non-printable character U+0001", 1, 2);
    CHECK_ERR("b\"\xc3\xa9\"", "bytes can only contain ASCII literal characters", 1, 1);
    CHECK_ERR("\"a\" b\"b\"", "cannot mix bytes and nonbytes literals", 1, 9);
    CHECK_ERR("'\\x1'",
              "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-2: truncated "
              "\\xXX escape",
              1, 6);
    CHECK_ERR("b'\\x1'", "(value error) invalid \\x escape at position 0", 1, 0);
    CHECK_ERR("'\\U11111111'",
              "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-9: illegal "
              "Unicode character",
              1, 0);
    CHECK_ERR("'\\N{DASH}'", "\\N{...} escapes are not supported", 1, 0);
    CHECK_ERR("async def f(): pass", "'async' is not supported", 1, 1);
    CHECK_ERR("await x", "'await' is not supported", 1, 1);
    CHECK_ERR("match x:\n    case 1: pass\n", "'match' statements are not supported", 1, 1);
    CHECK_ERR("match (x):\n    case 1: pass\n", "invalid syntax", 1, 11);
    check_error("x = 1\0", 6, SK_PARSE_FILE, SK_SYNTAX_ERROR,
                "source code string cannot contain null bytes", 1, 6, __LINE__);
    CHECK_ERR(
        "x = 1\n# \xff\n",
        "(unicode error) 'utf-8' codec can't decode byte 0xff in position 2: invalid start byte", 2,
        0);
    CHECK_ERR("x = '\xc3'",
              "(unicode error) 'utf-8' codec can't decode byte 0xc3 in position 5: invalid "
              "continuation byte",
              1, 0);
    CHECK_ERR("x = 1 +", "invalid syntax", 1, 0);
    CHECK_ERR("x = (a as b)", "invalid syntax", 1, 0);
    CHECK_ERR("[a as b]", "invalid syntax", 1, 0);
    CHECK_ERR("x = \\", "unexpected EOF while parsing", 0, 0);
    // EVAL mode
    check_error("1\n2", 3, SK_PARSE_EVAL, SK_SYNTAX_ERROR, "invalid syntax", 2, 1, __LINE__);
    check_error("x = 1", 5, SK_PARSE_EVAL, SK_SYNTAX_ERROR, "invalid syntax", 1, 3, __LINE__);
}

// ---- the REPL's protocol ----

static void check_single(const char *src, bool ok, bool incomplete, int line) {
    SkAstArena a;
    sk_arena_init(&a);
    SkSyntaxError err;
    SkAst *t = sk_parse(&a, src, strlen(src), SK_PARSE_SINGLE, &err);
    if ((t != NULL) != ok || (!t && err.incomplete != incomplete)) {
        fprintf(stderr, "line %d: SINGLE %s: got %s incomplete=%d (%s), want %s incomplete=%d\n",
                line, src, t ? "ok" : "error", t ? 0 : err.incomplete, t ? "" : err.msg,
                ok ? "ok" : "error", incomplete);
        failures++;
    }
    sk_arena_free(&a);
}
#define CHECK_SINGLE(src, ok, inc) check_single((src), (ok), (inc), __LINE__)

static void test_single(void) {
    CHECK_SINGLE("x = 1\n", true, false);
    CHECK_SINGLE("x = 1", true, false);
    CHECK_SINGLE("1 + 2\n", true, false);
    CHECK_SINGLE("x = (1,\n", false, true);
    CHECK_SINGLE("x = [1,\n 2,\n", false, true);
    CHECK_SINGLE("x = '''abc\n", false, true);
    CHECK_SINGLE("x = 1 + \\\n", false, true);
    CHECK_SINGLE("if x:\n", false, true);
    CHECK_SINGLE("if x:", false, true);
    CHECK_SINGLE("if x:\n    y = 1\n", false, true);
    CHECK_SINGLE("if x:\n    y = 1\n\n", true, false);
    CHECK_SINGLE("if x: y\n", false, true);
    CHECK_SINGLE("if x: y\n\n", true, false);
    CHECK_SINGLE("def f():\n    return 1\n", false, true);
    CHECK_SINGLE("def f():\n    return 1\n\n", true, false);
    CHECK_SINGLE("class A:\n  def f(self):\n", false, true);
    CHECK_SINGLE("@dec\n", false, true);
    CHECK_SINGLE("for x in y:\n    if x:\n        pass\n    \n", true, false);
    CHECK_SINGLE("x = 1 +\n", false, false);
    CHECK_SINGLE("x = )\n", false, false);
    CHECK_SINGLE("x = 'abc\n", false, false);
    CHECK_SINGLE("if x:\ny\n", false, false);
    CHECK_SINGLE("", true, false);
}

// ---- hostile input ----

static char *repeat(const char *prefix, const char *unit, size_t n, const char *suffix,
                    size_t *len) {
    size_t pl = strlen(prefix), ul = strlen(unit), sl = strlen(suffix);
    char *s = malloc(pl + ul * n + sl + 1);
    memcpy(s, prefix, pl);
    for (size_t i = 0; i < n; i++) memcpy(s + pl + i * ul, unit, ul);
    memcpy(s + pl + ul * n, suffix, sl);
    *len = pl + ul * n + sl;
    s[*len] = '\0';
    return s;
}

static void expect_error_msg(const char *src, size_t len, const char *msg, int line) {
    check_error(src, len, SK_PARSE_FILE, SK_SYNTAX_ERROR, msg, 0, 0, line);
}

// Sources made of pre + n copies of unit + post: err is the SyntaxError
// message expected, or NULL when the source must parse.
static const struct {
    const char *pre, *unit;
    size_t n;
    const char *post, *err;
    int line;
} repeat_cases[] = {
    {"x = ", "(", 100000, "", "too many nested parentheses", __LINE__},
    {"x = ", "[", 201, "]", "too many nested parentheses", __LINE__},
    {"x = ", "-", 100000, "1\n", "too many nested expressions", __LINE__},
    {"x = ", "-", 1000, "1\n", NULL, __LINE__},
    {"x = ", "not ", 100000, "1\n", "too many nested expressions", __LINE__},
    {"x = 1", " + 1", 100000, "\n", "too many nested expressions", __LINE__},
    {"x = 1", " + 1", 1000, "\n", NULL, __LINE__},
    {"x = f", "(1)", 100000, "\n", "too many nested expressions", __LINE__},
    {"x = [", "1, ", 300000, "]\n", NULL, __LINE__},
    {"", "x = 1\n", 200000, "", NULL, __LINE__},
    {"if x: pass\n", "elif y: pass\n", 20000, "else: pass\n", "too many nested expressions",
     __LINE__},
    {"if x: pass\n", "elif y: pass\n", 500, "else: pass\n", NULL, __LINE__},
    {"x = ", "a < ", 100000, "b\n", NULL, __LINE__},
    {"x = 'a'", " 'b'", 100000, "\n", NULL, __LINE__},
};

static void test_limits(void) {
    size_t len;
    char *s;
    for (size_t i = 0; i < sizeof repeat_cases / sizeof repeat_cases[0]; i++) {
        s = repeat(repeat_cases[i].pre, repeat_cases[i].unit, repeat_cases[i].n,
                   repeat_cases[i].post, &len);
        if (repeat_cases[i].err)
            expect_error_msg(s, len, repeat_cases[i].err, repeat_cases[i].line);
        else if (!parses(s, len, SK_PARSE_FILE)) {
            fprintf(stderr, "line %d: does not parse\n", repeat_cases[i].line);
            failures++;
        }
        free(s);
    }
    // 150 nested parentheses that close: fine
    s = repeat("x = ", "(", 150, "1", &len);
    char *t = malloc(len + 151);
    memcpy(t, s, len);
    memset(t + len, ')', 150);
    CHECK(parses(t, len + 150, SK_PARSE_FILE));
    free(t);
    free(s);
    // indentation: 100 levels are fine, 101 are not
    {
        size_t cap = 200 * 210, n = 0;
        char *p = malloc(cap);
        for (int lvl = 0; lvl < 101; lvl++) {
            n += (size_t)sprintf(p + n, "%*sif x:\n", lvl, "");
        }
        n += (size_t)sprintf(p + n, "%*spass\n", 101, "");
        check_error(p, n, SK_PARSE_FILE, SK_INDENT_ERROR, "too many levels of indentation", 102, 0,
                    __LINE__);
        n = 0;
        for (int lvl = 0; lvl < 99; lvl++) n += (size_t)sprintf(p + n, "%*sif x:\n", lvl, "");
        n += (size_t)sprintf(p + n, "%*spass\n", 99, "");
        CHECK(parses(p, n, SK_PARSE_FILE));
        free(p);
    }
    // a 20 MB string literal, plain and with escapes
    {
        size_t big = 20u << 20;
        char *p = malloc(big + 16);
        memcpy(p, "x = '", 5);
        for (size_t i = 0; i < big; i++) p[5 + i] = (char)('a' + i % 26);
        memcpy(p + 5 + big, "'\n", 2);
        SkAstArena a;
        sk_arena_init(&a);
        SkSyntaxError err;
        SkAst *m = sk_parse(&a, p, big + 7, SK_PARSE_FILE, &err);
        CHECK(m && m->list.items[0]->a->kind == AST_STR && m->list.items[0]->a->len == big);
        sk_arena_free(&a);
        for (size_t i = 0; i + 1 < big; i += 2) {
            p[5 + i] = '\\';
            p[6 + i] = 'n';
        }
        m = sk_parse(&a, p, big + 7, SK_PARSE_FILE, &err);
        CHECK(m && m->list.items[0]->a->len == big / 2);
        sk_arena_free(&a);
        // and unterminated: an error, not a crash
        p[5 + big] = '\n';
        CHECK(!sk_parse(&a, p, big + 7, SK_PARSE_FILE, &err));
        sk_arena_free(&a);
        free(p);
    }
    // nested f-strings through every quote kind
    {
        const char *nf = "f'''{f\"\"\"{f'{f\"{x}\"}'}\"\"\"}'''";
        CHECK(parses(nf, strlen(nf), SK_PARSE_FILE));
    }
}

// ---- fuzzing: any bytes give a tree or an error, nothing else ----

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

static uint64_t rnd(void) {
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static void fuzz_one(const char *src, size_t len) {
    static const SkParseMode modes[] = {SK_PARSE_FILE, SK_PARSE_SINGLE, SK_PARSE_EVAL};
    for (int m = 0; m < 3; m++) {
        SkAstArena a;
        sk_arena_init(&a);
        SkSyntaxError err;
        SkAst *t = sk_parse(&a, src, len, modes[m], &err);
        if (!t) {
            CHECK(err.msg[0] != '\0');
            CHECK(memchr(err.msg, '\0', sizeof err.msg) != NULL);
        }
        sk_arena_free(&a);
    }
}

static void test_fuzz(void) {
    static const char *const tokens[] = {
        "(",      ")",      "[",       "]",    "{",      "}",     ":",
        ",",      ";",      "=",       "+",    "-",      "*",     "**",
        "/",      "//",     "@",       "|",    "&",      "^",     "~",
        "<",      ">",      "==",      "!=",   ":=",     "->",    ".",
        "...",    "\n",     "\n    ",  "\n\t", "\\\n",   "x",     "1",
        "1.5",    "'s'",    "f'{x}'",  "f'{",  "}",      "'''",   "\"",
        "if",     "else",   "elif",    "for",  "in",     "while", "def",
        "class",  "lambda", "yield",   "from", "import", "as",    "with",
        "try",    "except", "finally", "not",  "and",    "or",    "is",
        "return", "del",    "global",  "pass", "#c",     " ",     "\xc3\xa9",
        "\xff",   "\0",     "0x",      "1_",   "b'",     "r'\\",  "f'{x!r:{y}}'",
        "@",      "*",      "**",
    };
    char buf[512];
    // random token soup
    for (int iter = 0; iter < 4000; iter++) {
        size_t n = 0;
        int count = (int)(rnd() % 40);
        for (int k = 0; k < count; k++) {
            const char *tok = tokens[rnd() % (sizeof tokens / sizeof tokens[0])];
            size_t tl = tok[0] ? strlen(tok) : 1;
            if (n + tl + 1 >= sizeof buf) break;
            memcpy(buf + n, tok, tl);
            n += tl;
            if (rnd() % 3 == 0) buf[n++] = ' ';
        }
        fuzz_one(buf, n);
    }
    // random bytes
    for (int iter = 0; iter < 2000; iter++) {
        size_t n = rnd() % 64;
        for (size_t k = 0; k < n; k++) buf[k] = (char)(rnd() & 0xFF);
        fuzz_one(buf, n);
    }
    // mutations of the valid programs
    for (int iter = 0; iter < 3000; iter++) {
        const char *p = valid_programs[rnd() % (sizeof valid_programs / sizeof valid_programs[0])];
        size_t n = strlen(p);
        if (n >= sizeof buf) n = sizeof buf - 1;
        memcpy(buf, p, n);
        int edits = 1 + (int)(rnd() % 4);
        for (int e = 0; e < edits && n > 0; e++) {
            size_t at = rnd() % n;
            switch (rnd() % 3) {
            case 0: buf[at] = (char)(rnd() & 0xFF); break; // replace
            case 1:
                memmove(buf + at, buf + at + 1, n - at - 1);
                n--;
                break; // delete
            default:   // duplicate a byte
                if (n + 1 < sizeof buf) {
                    memmove(buf + at + 1, buf + at, n - at);
                    n++;
                }
                break;
            }
        }
        fuzz_one(buf, n);
    }
}

int main(void) {
    test_dumps();
    test_valid();
    test_errors();
    test_single();
    test_limits();
    test_fuzz();
    if (failures) {
        fprintf(stderr, "test_parser: %d failure(s)\n", failures);
        return 1;
    }
    printf("test_parser: all passed\n");
    return 0;
}
