// parser/parse.c -- sk_parse, the entry point of the front end: checks the
// source bytes (NUL, UTF-8), normalises newlines, runs the Flex scanner
// (lexer.l) under the Bison parser (grammar.y), and applies the checks
// that need the whole tree (tree depth, literals only valid in context).
// String literals are finished here too: escape decoding, concatenation of
// adjacent literals, and f-strings, whose fields are parsed by a nested
// sk_parse-style run in EVAL mode over the same arena.
#include "grammar.tab.h"
#define YYSTYPE SK_YYSTYPE
#define YYLTYPE SK_YYLTYPE
#include "lexer.yy.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FSTRING_DEPTH 20

bool sk_parse_error(SkParseState *ps, SkSyntaxKind kind, int line, int col, const char *fmt, ...) {
    if (ps->failed) return false;
    ps->failed = true;
    ps->err->kind = kind;
    ps->err->line = line;
    ps->err->col = col;
    ps->err->end_line = ps->err->end_col = 0;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ps->err->msg, sizeof ps->err->msg, fmt, ap);
    va_end(ap);
    return false;
}

// ---- escapes ----

static int hexval(unsigned char c) {
    if (c >= '0' && c <= '9') return c - '0';
    c |= 0x20;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

static size_t put_utf8(char *o, uint32_t cp) {
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12));
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (cp >> 18));
    o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

// Python's escapes; an unknown escape stays as written (CPython 3.11 only
// warns). Every escape yields at most as many bytes as it occupies, so the
// output fits in len bytes.
bool sk_parse_decode_escapes(SkParseState *ps, const char *s, size_t len, bool bytes, char **out,
                             size_t *outlen, int line, int col) {
    char *o = sk_arena_alloc(ps->arena, len + 1);
    if (!o) return sk_parse_error(ps, SK_SYNTAX_ERROR, line, col, "out of memory");
    size_t n = 0;
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < len;) {
        const unsigned char *bs = memchr(u + i, '\\', len - i);
        size_t run = bs ? (size_t)(bs - (u + i)) : len - i;
        memcpy(o + n, u + i, run);
        n += run;
        i += run;
        if (i >= len) break;
        size_t start = i;
        if (i + 1 >= len) {
            o[n++] = '\\';
            i++;
            break;
        }
        unsigned char c = u[i + 1];
        i += 2;
        switch (c) {
        case '\n': break;
        case '\\': o[n++] = '\\'; break;
        case '\'': o[n++] = '\''; break;
        case '"': o[n++] = '"'; break;
        case 'a': o[n++] = '\a'; break;
        case 'b': o[n++] = '\b'; break;
        case 'f': o[n++] = '\f'; break;
        case 'n': o[n++] = '\n'; break;
        case 'r': o[n++] = '\r'; break;
        case 't': o[n++] = '\t'; break;
        case 'v': o[n++] = '\v'; break;
        case '0':
        case '1':
        case '2':
        case '3':
        case '4':
        case '5':
        case '6':
        case '7': {
            uint32_t v = c - '0';
            for (int k = 0; k < 2 && i < len && u[i] >= '0' && u[i] <= '7'; k++)
                v = v * 8 + (u[i++] - '0');
            if (bytes)
                o[n++] = (char)(v & 0xFF);
            else
                n += put_utf8(o + n, v);
            break;
        }
        case 'x':
        case 'u':
        case 'U': {
            int digits = c == 'x' ? 2 : c == 'u' ? 4 : 8;
            if (bytes && c != 'x') {
                o[n++] = '\\';
                o[n++] = (char)c;
                break;
            }
            uint32_t v = 0;
            int k = 0;
            for (; k < digits && i < len && hexval(u[i]) >= 0; k++)
                v = v * 16 + (uint32_t)hexval(u[i++]);
            if (k < digits) {
                if (bytes)
                    return sk_parse_error(ps, SK_SYNTAX_ERROR, line, col,
                                          "(value error) invalid \\x escape at position %zu",
                                          start);
                return sk_parse_error(ps, SK_SYNTAX_ERROR, line, col,
                                      "(unicode error) 'unicodeescape' codec can't decode bytes in "
                                      "position %zu-%zu: truncated \\%c%s escape",
                                      start, i - 1, c,
                                      c == 'x'   ? "XX"
                                      : c == 'u' ? "XXXX"
                                                 : "XXXXXXXX");
            }
            if (bytes) {
                o[n++] = (char)v;
                break;
            }
            if (v > 0x10FFFF)
                return sk_parse_error(ps, SK_SYNTAX_ERROR, line, col,
                                      "(unicode error) 'unicodeescape' codec can't decode bytes in "
                                      "position %zu-%zu: illegal Unicode character",
                                      start, i - 1);
            if (v >= 0xD800 && v <= 0xDFFF)
                return sk_parse_error(
                    ps, SK_SYNTAX_ERROR, line, col,
                    "(unicode error) surrogate code points are not supported in string literals");
            n += put_utf8(o + n, v);
            break;
        }
        case 'N':
            if (!bytes)
                return sk_parse_error(ps, SK_SYNTAX_ERROR, line, col,
                                      "\\N{...} escapes are not supported");
            /* fall through */
        default:
            o[n++] = '\\';
            o[n++] = (char)c;
            break;
        }
    }
    o[n] = '\0';
    *out = o;
    *outlen = n;
    return true;
}

// ---- f-strings ----

// A growable byte buffer on malloc (freed by its owner), for literal text
// being assembled.
typedef struct Buf {
    char *p;
    size_t len, cap;
} Buf;

static bool buf_add(SkParseState *ps, Buf *b, const char *s, size_t n) {
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->len + n + 1) cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p) return sk_parse_error(ps, SK_SYNTAX_ERROR, ps->line, ps->col, "out of memory");
        b->p = p;
        b->cap = cap;
    }
    if (n) memcpy(b->p + b->len, s, n);
    b->len += n;
    return true;
}

// Walks an f-string body, keeping the source position of the cursor so
// field expressions get real line/column numbers.
typedef struct FCtx {
    SkParseState *ps;
    const char *body;
    size_t len;
    bool raw;
    size_t cur;
    int line, col;
    int sline, scol; // start of the string token (position of literal parts)
    int eline, ecol; // its end: CPython reports f-string errors there
    Buf lit;         // literal text not yet emitted
} FCtx;

static void fpos_to(FCtx *f, size_t off) {
    for (; f->cur < off; f->cur++) {
        unsigned char c = (unsigned char)f->body[f->cur];
        if (c == '\n') {
            f->line++;
            f->col = 1;
        } else if ((c & 0xC0) != 0x80)
            f->col++;
    }
}

static bool ferr(FCtx *f, const char *msg) {
    return sk_parse_error(f->ps, SK_SYNTAX_ERROR, f->eline, f->ecol, "%s", msg);
}

// Emit pending literal text (escapes decoded) as a STR part, merged with a
// STR part just before it.
static bool flush_lit(FCtx *f, SkAstList *parts) {
    if (!f->lit.len) return true;
    char *s;
    size_t n;
    if (f->raw) {
        s = sk_arena_strdup(f->ps->arena, f->lit.p, f->lit.len);
        n = f->lit.len;
        if (!s) return sk_parse_error(f->ps, SK_SYNTAX_ERROR, f->sline, f->scol, "out of memory");
    } else if (!sk_parse_decode_escapes(f->ps, f->lit.p, f->lit.len, false, &s, &n, f->eline,
                                        f->ecol)) {
        return false;
    }
    f->lit.len = 0;
    SkAst *last = parts->len ? parts->items[parts->len - 1] : NULL;
    if (last && last->kind == AST_STR) {
        char *m = sk_arena_alloc(f->ps->arena, last->len + n + 1);
        if (!m) return sk_parse_error(f->ps, SK_SYNTAX_ERROR, f->sline, f->scol, "out of memory");
        memcpy(m, last->str, last->len);
        memcpy(m + last->len, s, n);
        m[last->len + n] = '\0';
        last->str = m;
        last->len += n;
        return true;
    }
    SkAst *node = sk_ast_new(f->ps->arena, AST_STR, f->sline, f->scol);
    if (!node || !sk_ast_list_push(f->ps->arena, parts, node))
        return sk_parse_error(f->ps, SK_SYNTAX_ERROR, f->sline, f->scol, "out of memory");
    node->str = s;
    node->len = n;
    return true;
}

static SkAst *parse_sub(SkParseState *parent, const char *text, size_t len, int line, int col);

// Find where a field's expression ends: at '}', '!', ':' or a debugging
// '=' outside brackets and nested strings.
static bool scan_expr(FCtx *f, size_t i, size_t end, size_t *stop) {
    int depth = 0;
    const char *b = f->body;
    while (i < end) {
        char c = b[i];
        if (c == '\\') return ferr(f, "f-string expression part cannot include a backslash");
        if (c == '#') return ferr(f, "f-string expression part cannot include '#'");
        if (c == '\'' || c == '"') {
            bool triple = i + 2 < end && b[i + 1] == c && b[i + 2] == c;
            size_t j = i + (triple ? 3 : 1);
            for (;;) {
                if (j >= end) return ferr(f, "f-string: unterminated string");
                if (b[j] == c && (!triple || (j + 2 < end && b[j + 1] == c && b[j + 2] == c)))
                    break;
                j++;
            }
            i = j + (triple ? 3 : 1);
            continue;
        }
        if (c == '(' || c == '[' || c == '{') {
            if (++depth > 200) return ferr(f, "f-string: too many nested parenthesis");
        } else if (c == ')' || c == ']' || (c == '}' && depth > 0)) {
            if (depth == 0) return ferr(f, "f-string: unmatched ')'");
            depth--;
        } else if (depth == 0) {
            if (c == '}' || c == ':') break;
            if (c == '!') {
                if (i + 1 < end && b[i + 1] == '=') {
                    i += 2;
                    continue;
                }
                break;
            }
            if (c == '=') {
                if (i + 1 < end && b[i + 1] == '=') {
                    i += 2;
                    continue;
                }
                char p = i > 0 ? b[i - 1] : 0;
                if (p != '=' && p != '!' && p != '<' && p != '>') break;
            }
        }
        i++;
    }
    if (i >= end) return ferr(f, "f-string: expecting '}'");
    *stop = i;
    return true;
}

static bool fstring_parts(FCtx *f, size_t i, size_t end, int nest, SkAstList *parts);

// One replacement field starting after its '{' at body[i]; returns the
// offset just past its '}' in *next.
static bool fstring_field(FCtx *f, size_t i, size_t end, int nest, SkAstList *parts, size_t *next) {
    SkParseState *ps = f->ps;
    const char *b = f->body;
    size_t stop = 0;
    if (nest >= 2) return ferr(f, "f-string: expressions nested too deeply");
    if (!scan_expr(f, i, end, &stop)) return false;
    size_t k = i;
    while (k < stop && (b[k] == ' ' || b[k] == '\t' || b[k] == '\n' || b[k] == '\f')) k++;
    if (k == stop) return ferr(f, "f-string: empty expression not allowed");
    fpos_to(f, i);
    SkAst *value = parse_sub(ps, b + i, stop - i, f->line, f->col);
    if (!value) return false;
    size_t j = stop;
    int conv = 0;
    if (b[j] == '=') {
        j++;
        while (j < end && (b[j] == ' ' || b[j] == '\t' || b[j] == '\n')) j++;
        if (!buf_add(ps, &f->lit, b + i, j - i)) return false;
        // the expression text is shown as written: no escapes to decode
        bool raw = f->raw;
        f->raw = true;
        bool ok = flush_lit(f, parts);
        f->raw = raw;
        if (!ok) return false;
        conv = 'r';
    }
    if (j < end && b[j] == '!') {
        if (j + 1 >= end) return ferr(f, "f-string: expecting '}'");
        char c = b[j + 1];
        if ((c != 's' && c != 'r' && c != 'a') || j + 2 >= end ||
            (b[j + 2] != ':' && b[j + 2] != '}'))
            return ferr(f, "f-string: invalid conversion character: expected 's', 'r', or 'a'");
        conv = c;
        j += 2;
    }
    SkAst *spec = NULL;
    if (j < end && b[j] == ':') {
        if (conv == 'r' && b[stop] == '=' && !(stop + 1 < end && b[stop + 1] == '!')) conv = 0;
        size_t s0 = ++j;
        int depth = 0;
        while (j < end) {
            if (b[j] == '{')
                depth++;
            else if (b[j] == '}') {
                if (depth == 0) break;
                depth--;
            }
            j++;
        }
        if (j >= end) return ferr(f, "f-string: expecting '}'");
        spec = sk_ast_new(ps->arena, AST_JOINEDSTR, f->sline, f->scol);
        if (!spec) return ferr(f, "out of memory");
        Buf saved = f->lit;
        f->lit = (Buf){0};
        bool ok = fstring_parts(f, s0, j, nest + 1, &spec->list);
        free(f->lit.p);
        f->lit = saved;
        if (!ok) return false;
    }
    if (j >= end || b[j] != '}') return ferr(f, "f-string: expecting '}'");
    SkAst *fv = sk_ast_new(ps->arena, AST_FORMATTED, value->line, value->col);
    if (!fv || !sk_ast_list_push(ps->arena, parts, fv)) return ferr(f, "out of memory");
    fv->end_line = value->end_line;
    fv->end_col = value->end_col;
    fv->a = value;
    fv->ival = conv;
    fv->b = spec;
    *next = j + 1;
    return true;
}

static bool fstring_parts(FCtx *f, size_t i, size_t end, int nest, SkAstList *parts) {
    const char *b = f->body;
    while (i < end) {
        size_t j = i;
        while (j < end && b[j] != '{' && b[j] != '}') {
            if (b[j] == '\\' && !f->raw && j + 1 < end) {
                if (b[j + 1] == 'N' && j + 2 < end && b[j + 2] == '{')
                    return ferr(f, "\\N{...} escapes are not supported");
                if (b[j + 1] != '{' && b[j + 1] != '}') j++;
            }
            j++;
        }
        if (!buf_add(f->ps, &f->lit, b + i, j - i)) return false;
        if (j >= end) break;
        if (j + 1 < end && b[j + 1] == b[j] && nest == 0) {
            if (!buf_add(f->ps, &f->lit, b + j, 1)) return false;
            i = j + 2;
            continue;
        }
        if (b[j] == '}') return ferr(f, "f-string: single '}' is not allowed");
        if (!flush_lit(f, parts)) return false;
        if (!fstring_field(f, j + 1, end, nest, parts, &i)) return false;
    }
    return flush_lit(f, parts);
}

// ---- adjacent literals ----

static bool piece_to_parts(SkParseState *ps, SkAst *piece, SkAstList *parts, Buf *lit) {
    if (piece->kind == AST_STR) return buf_add(ps, lit, piece->str, piece->len);
    FCtx f = {ps,         piece->str,      piece->len,      piece->ival != 0,
              0,          piece->list.len, piece->list.cap, piece->line,
              piece->col, piece->end_line, piece->end_col,  {0}};
    piece->list = (SkAstList){0};
    // literal text carried over from earlier pieces is already decoded
    if (lit->len) {
        SkAst *s = sk_ast_new(ps->arena, AST_STR, piece->line, piece->col);
        if (!s || !(s->str = sk_arena_strdup(ps->arena, lit->p, lit->len)) ||
            !sk_ast_list_push(ps->arena, parts, s))
            return sk_parse_error(ps, SK_SYNTAX_ERROR, piece->line, piece->col, "out of memory");
        s->len = lit->len;
        lit->len = 0;
    }
    bool ok = fstring_parts(&f, 0, f.len, 0, parts);
    free(f.lit.p);
    return ok;
}

SkAst *sk_parse_concat_strings(SkParseState *ps, SkAstList *pieces) {
    SkAst *first = pieces->items[0], *last = pieces->items[pieces->len - 1];
    bool any_bytes = false, any_str = false, any_f = false;
    for (int i = 0; i < pieces->len; i++) {
        SkAst *p = pieces->items[i];
        if (p->kind == AST_BYTES)
            any_bytes = true;
        else
            any_str = true;
        if (p->kind == AST_JOINEDSTR) any_f = true;
    }
    if (any_bytes && any_str) {
        sk_parse_error(ps, SK_SYNTAX_ERROR, last->end_line, last->end_col,
                       "cannot mix bytes and nonbytes literals");
        return NULL;
    }
    if (pieces->len == 1 && !any_f) return first;
    SkAstList parts = {0};
    Buf lit = {0};
    SkAst *result = NULL;
    for (int i = 0; i < pieces->len; i++) {
        SkAst *p = pieces->items[i];
        if (p->kind == AST_JOINEDSTR) {
            if (!piece_to_parts(ps, p, &parts, &lit)) goto done;
        } else if (!buf_add(ps, &lit, p->str, p->len)) {
            goto done;
        }
    }
    if (lit.len || parts.len == 0) {
        SkAst *s = sk_ast_new(ps->arena, any_bytes ? AST_BYTES : AST_STR, first->line, first->col);
        if (!s || !(s->str = sk_arena_strdup(ps->arena, lit.p ? lit.p : "", lit.len)) ||
            !sk_ast_list_push(ps->arena, &parts, s)) {
            sk_parse_error(ps, SK_SYNTAX_ERROR, first->line, first->col, "out of memory");
            goto done;
        }
        s->len = lit.len;
    }
    // merge neighbouring STR parts (an f-string's tail and the next literal)
    int w = 0;
    for (int r = 0; r < parts.len; r++) {
        SkAst *p = parts.items[r];
        if (w > 0 && p->kind == AST_STR && parts.items[w - 1]->kind == AST_STR) {
            SkAst *q = parts.items[w - 1];
            char *m = sk_arena_alloc(ps->arena, q->len + p->len + 1);
            if (!m) {
                sk_parse_error(ps, SK_SYNTAX_ERROR, first->line, first->col, "out of memory");
                goto done;
            }
            memcpy(m, q->str, q->len);
            memcpy(m + q->len, p->str, p->len);
            m[q->len + p->len] = '\0';
            q->str = m;
            q->len += p->len;
            continue;
        }
        parts.items[w++] = p;
    }
    parts.len = w;
    if (parts.len == 1 && parts.items[0]->kind != AST_FORMATTED) {
        result = parts.items[0];
    } else {
        result = sk_ast_new(ps->arena, AST_JOINEDSTR, first->line, first->col);
        if (!result) {
            sk_parse_error(ps, SK_SYNTAX_ERROR, first->line, first->col, "out of memory");
            goto done;
        }
        result->list = parts;
    }
    result->line = first->line;
    result->col = first->col;
    result->end_line = last->end_line;
    result->end_col = last->end_col;
done:
    free(lit.p);
    return result;
}

// ---- driver ----

// Deeply nested trees would overflow the C stack of the recursive
// compiler, so the depth is checked here, without recursion.
static bool check_depth(SkParseState *ps, SkAst *root) {
    typedef struct {
        SkAst *n;
        int d;
    } Item;
    size_t cap = 256, len = 0;
    Item *stack = malloc(cap * sizeof *stack);
    if (!stack) return sk_parse_error(ps, SK_SYNTAX_ERROR, 1, 1, "out of memory");
    stack[len++] = (Item){root, 1};
    bool ok = true;
    while (len && ok) {
        Item it = stack[--len];
        SkAst *n = it.n;
        // drop the grammar's private markers (parenthesized tuple, bare genexp)
        if (n->kind == AST_TUPLE || n->kind == AST_GENEXP) n->op = 0;
        if (it.d > SK_MAX_AST_DEPTH) {
            ok =
                sk_parse_error(ps, SK_SYNTAX_ERROR, n->line, n->col, "too many nested expressions");
            break;
        }
        SkAst *kids[3] = {n->a, n->b, n->c};
        const SkAstList *lists[4] = {&n->list, &n->list2, &n->list3, &n->list4};
        size_t need = 3;
        for (int i = 0; i < 4; i++) need += (size_t)lists[i]->len;
        if (len + need > cap) {
            while (len + need > cap) cap *= 2;
            Item *ns = realloc(stack, cap * sizeof *stack);
            if (!ns) {
                ok = sk_parse_error(ps, SK_SYNTAX_ERROR, 1, 1, "out of memory");
                break;
            }
            stack = ns;
        }
        for (int i = 0; i < 3; i++)
            if (kids[i]) stack[len++] = (Item){kids[i], it.d + 1};
        for (int i = 0; i < 4; i++)
            for (int k = 0; k < lists[i]->len; k++)
                if (lists[i]->items[k]) stack[len++] = (Item){lists[i]->items[k], it.d + 1};
    }
    free(stack);
    return ok;
}

// The REPL feeds lines ending in '\n'; a compound statement is complete
// once the last line is blank.
static bool ends_with_blank_line(const char *src, size_t len) {
    if (len && src[len - 1] == '\n') len--;
    size_t i = len;
    while (i > 0 && src[i - 1] != '\n') i--;
    if (i == 0) return false;
    for (size_t k = i; k < len; k++)
        if (src[k] != ' ' && src[k] != '\t' && src[k] != '\f' && src[k] != '\r') return false;
    return true;
}

static bool opens_block(int tok) {
    switch (tok) {
    case IF:
    case WHILE:
    case FOR:
    case TRY:
    case WITH:
    case DEF:
    case CLASS:
    case '@': return true;
    default: return false;
    }
}

// Bytes -> position, for errors found before scanning.
static void locate(const char *src, size_t off, int *line, int *col) {
    int l = 1, c = 1;
    for (size_t i = 0; i < off; i++) {
        unsigned char ch = (unsigned char)src[i];
        if (ch == '\n') {
            l++;
            c = 1;
        } else if ((ch & 0xC0) != 0x80)
            c++;
    }
    *line = l;
    *col = c;
}

// Offset of the first invalid UTF-8 byte, or len. Also reports what kind.
static size_t utf8_check(const unsigned char *s, size_t len, const char **why) {
    size_t i = 0;
    while (i < len) {
        unsigned char c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t n;
        uint32_t min;
        if (c >= 0xC2 && c <= 0xDF) {
            n = 2;
            min = 0x80;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 3;
            min = 0x800;
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 4;
            min = 0x10000;
        } else {
            *why = "invalid start byte";
            return i;
        }
        uint32_t cp = c & (0x7F >> n);
        for (size_t k = 1; k < n; k++) {
            if (i + k >= len) {
                *why = "unexpected end of data";
                return i;
            }
            if ((s[i + k] & 0xC0) != 0x80) {
                *why = "invalid continuation byte";
                return i;
            }
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            *why = "invalid continuation byte";
            return i;
        }
        i += n;
    }
    return len;
}

static SkAst *run_parse(SkParseState *ps, const char *src, size_t len) {
    yyscan_t scanner;
    if (len > (size_t)INT32_MAX - 2) {
        sk_parse_error(ps, SK_SYNTAX_ERROR, 1, 1, "source code too large");
        return NULL;
    }
    if (sk_lxlex_init_extra(ps, &scanner) != 0) {
        sk_parse_error(ps, SK_SYNTAX_ERROR, 1, 1, "out of memory");
        return NULL;
    }
    ps->scanner = scanner;
    YY_BUFFER_STATE buf = sk_lx_scan_bytes(src, (int)len, scanner);
    int rc = sk_yyparse(ps);
    sk_lx_delete_buffer(buf, scanner);
    sk_lxlex_destroy(scanner);
    free(ps->sbuf);
    ps->sbuf = NULL;
    if (rc != 0 || ps->failed) {
        if (!ps->failed)
            sk_parse_error(ps, SK_SYNTAX_ERROR, ps->line, ps->col,
                           rc == 2 ? "out of memory" : "invalid syntax");
        return NULL;
    }
    if (ps->withitem_pending > 0) {
        sk_parse_error(ps, SK_SYNTAX_ERROR, ps->withitem_line, ps->withitem_col, "invalid syntax");
        return NULL;
    }
    return ps->result;
}

static void init_state(SkParseState *ps, SkAstArena *arena, SkParseMode mode, SkSyntaxError *err,
                       int line, int col) {
    memset(ps, 0, sizeof *ps);
    ps->arena = arena;
    ps->mode = mode;
    ps->err = err;
    ps->line = ps->line0 = line;
    ps->col = ps->col0 = col;
    ps->nindent = 1;
}

// An f-string field: parsed as "(text)" so it may span lines, with
// positions pointing into the enclosing source.
static SkAst *parse_sub(SkParseState *parent, const char *text, size_t len, int line, int col) {
    if (parent->depth >= MAX_FSTRING_DEPTH) {
        sk_parse_error(parent, SK_SYNTAX_ERROR, line, col,
                       "f-string: expressions nested too deeply");
        return NULL;
    }
    char *buf = malloc(len + 2);
    if (!buf) {
        sk_parse_error(parent, SK_SYNTAX_ERROR, line, col, "out of memory");
        return NULL;
    }
    buf[0] = '(';
    memcpy(buf + 1, text, len);
    buf[len + 1] = ')';
    SkSyntaxError err = {0};
    SkParseState ps;
    init_state(&ps, parent->arena, SK_PARSE_EVAL, &err, line, col > 1 ? col - 1 : 1);
    ps.depth = parent->depth + 1;
    SkAst *r = run_parse(&ps, buf, len + 2);
    free(buf);
    if (!r) {
        if (strncmp(err.msg, "f-string", 8) == 0)
            sk_parse_error(parent, err.kind, err.line, err.col, "%s", err.msg);
        else
            sk_parse_error(parent, err.kind, err.line, err.col, "f-string: %s", err.msg);
    }
    return r;
}

SkAst *sk_parse(SkAstArena *arena, const char *src, size_t len, SkParseMode mode,
                SkSyntaxError *err) {
    memset(err, 0, sizeof *err);
    SkParseState ps;
    init_state(&ps, arena, mode, err, 1, 1);
    if (!src) src = "";

    const char *nul = memchr(src, '\0', len);
    if (nul) {
        locate(src, (size_t)(nul - src), &err->line, &err->col);
        ps.failed = true;
        snprintf(err->msg, sizeof err->msg, "source code string cannot contain null bytes");
        return NULL;
    }
    const char *why = NULL;
    size_t bad = utf8_check((const unsigned char *)src, len, &why);
    if (bad < len) {
        locate(src, bad, &err->line, &err->col);
        // CPython counts the position within the offending line
        size_t ls = bad;
        while (ls > 0 && src[ls - 1] != '\n') ls--;
        snprintf(err->msg, sizeof err->msg,
                 "(unicode error) 'utf-8' codec can't decode byte 0x%02x in position %zu: %s",
                 (unsigned char)src[bad], bad - ls, why);
        return NULL;
    }

    // a UTF-8 byte order mark is allowed at the start, as in CPython
    if (len >= 3 && memcmp(src, "\xef\xbb\xbf", 3) == 0) {
        src += 3;
        len -= 3;
    }
    // \r\n and lone \r become \n, so the scanner sees one kind of newline
    char *norm = NULL;
    if (memchr(src, '\r', len)) {
        norm = malloc(len ? len : 1);
        if (!norm) {
            snprintf(err->msg, sizeof err->msg, "out of memory");
            return NULL;
        }
        size_t n = 0;
        for (size_t i = 0; i < len; i++) {
            if (src[i] == '\r') {
                norm[n++] = '\n';
                if (i + 1 < len && src[i + 1] == '\n') i++;
            } else {
                norm[n++] = src[i];
            }
        }
        src = norm;
        len = n;
    }
    ps.src = src;
    ps.srclen = len;

    SkAst *r = run_parse(&ps, src, len);
    if (r && !check_depth(&ps, r)) r = NULL;
    if (r && mode == SK_PARSE_SINGLE && (ps.any_indent || opens_block(ps.first_token_of_input)) &&
        !ends_with_blank_line(src, len)) {
        err->incomplete = true;
        snprintf(err->msg, sizeof err->msg, "incomplete input");
        err->line = ps.line;
        err->col = ps.col;
        r = NULL;
    }
    free(norm);
    return r;
}
