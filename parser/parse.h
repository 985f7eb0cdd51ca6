// parser/parse.h -- source text to syntax tree: the entry point over the
// Flex scanner (lexer.l) and the Bison grammar (grammar.y).
#ifndef SK_PARSER_PARSE_H
#define SK_PARSER_PARSE_H
#include "parser/ast.h"

typedef enum SkParseMode {
    SK_PARSE_FILE,   // a module: statements until EOF
    SK_PARSE_SINGLE, // one interactive statement (REPL); compound statements end at a blank line
    SK_PARSE_EVAL,   // one expression (f-string fields, eval())
} SkParseMode;

typedef enum SkSyntaxKind { SK_SYNTAX_ERROR, SK_INDENT_ERROR, SK_TAB_ERROR } SkSyntaxKind;

typedef struct SkSyntaxError {
    SkSyntaxKind kind;
    char msg[256];   // "invalid syntax", "unexpected indent", "unterminated string literal ..."
    int line, col;   // 1-based; col points at the offending character
    bool incomplete; // SINGLE mode: input ended inside a block or bracket (the REPL asks for more)
    int end_line, end_col; // end of the offending token/expression (exclusive), 0 if unknown:
                           // CPython underlines line:col..end_line:end_col with ^^^
} SkSyntaxError;

// Parse src[0..len). On success returns the AST_MODULE (FILE/SINGLE) or the
// expression (EVAL), allocated in `arena`. On failure returns NULL and fills
// *err. Never crashes on any input: NUL bytes, invalid UTF-8, deep nesting
// (a depth limit gives "too many nested parentheses"), huge literals.
SkAst *sk_parse(SkAstArena *arena, const char *src, size_t len, SkParseMode mode,
                SkSyntaxError *err);

#endif
