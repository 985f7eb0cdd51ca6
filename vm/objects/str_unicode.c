// vm/objects/str_unicode.c -- character classes and case mapping for the str
// methods (vm/objects/str_methods.c) and ascii()/format. Covers ASCII fully plus
// the Latin-1 Supplement, Latin Extended-A, Greek and Cyrillic blocks from
// small tables, with CPython's results for those ranges; no locale calls.
// Characters outside these blocks have no case and are classified by a
// few coarse ranges (CJK ideographs and kana count as letters).
#include "vm/objects/str_unicode.h"
#include "vm/exec/import.h"

// Case pairs within a block: [lo, hi] where upper and lower differ by a
// fixed delta, or alternate (even/odd) when delta is 0 and `parity` says
// which of the pair is upper.
typedef struct CaseRange {
    uint32_t lo, hi; // upper-case range
    int32_t delta;   // lower = upper + delta; 0: alternating pairs
    uint8_t parity;  // for pairs: upper is even (0) or odd (1)
} CaseRange;

static const CaseRange upper_ranges[] = {
    {0x0041, 0x005A, 32, 0}, {0x00C0, 0x00D6, 32, 0}, {0x00D8, 0x00DE, 32, 0},
    {0x0100, 0x012F, 0, 0},  {0x0132, 0x0137, 0, 0},  {0x0139, 0x0148, 0, 1},
    {0x014A, 0x0177, 0, 0},  {0x0179, 0x017E, 0, 1},  {0x0386, 0x0386, 38, 0},
    {0x0388, 0x038A, 37, 0}, {0x038C, 0x038C, 64, 0}, {0x038E, 0x038F, 63, 0},
    {0x0391, 0x03A1, 32, 0}, {0x03A3, 0x03AB, 32, 0}, {0x03D8, 0x03EF, 0, 0},
    {0x0400, 0x040F, 80, 0}, {0x0410, 0x042F, 32, 0}, {0x0460, 0x0481, 0, 0},
    {0x048A, 0x04BF, 0, 0},  {0x04C0, 0x04C0, 15, 0}, {0x04C1, 0x04CE, 0, 1},
    {0x04D0, 0x052F, 0, 0},
};

// Latin Extended-B digraphs come in threes: upper, title, lower (DŽ Dž dž).
static uint32_t digraph_base(uint32_t c) {
    if (c >= 0x01C4 && c <= 0x01CC) return 0x01C4 + (c - 0x01C4) / 3 * 3;
    if (c >= 0x01F1 && c <= 0x01F3) return 0x01F1;
    return 0;
}

uint32_t sk_lib_lower(uint32_t c) {
    if (c < 0x80) return (c >= 'A' && c <= 'Z') ? c + 32 : c;
    uint32_t dg = digraph_base(c);
    if (dg) return dg + 2;
    if (c == 0x0130) return 'i';
    if (c == 0x0178) return 0x00FF;
    if (c == 0x1E9E) return 0x00DF; // capital sharp s
    for (size_t i = 0; i < sizeof upper_ranges / sizeof upper_ranges[0]; i++) {
        const CaseRange *r = &upper_ranges[i];
        if (c < r->lo || c > r->hi) continue;
        if (r->delta) return c + (uint32_t)r->delta;
        return ((c & 1) == r->parity) ? c + 1 : c;
    }
    return c;
}

uint32_t sk_lib_upper(uint32_t c) {
    if (c < 0x80) return (c >= 'a' && c <= 'z') ? c - 32 : c;
    uint32_t dg = digraph_base(c);
    if (dg) return dg;
    switch (c) {
    case 0x00B5: return 0x039C; // micro sign -> Greek capital mu
    case 0x00FF: return 0x0178;
    case 0x0131: return 'I';
    case 0x017F: return 'S';
    case 0x03C2: return 0x03A3; // final sigma
    default: break;
    }
    for (size_t i = 0; i < sizeof upper_ranges / sizeof upper_ranges[0]; i++) {
        const CaseRange *r = &upper_ranges[i];
        if (r->delta) {
            uint32_t lo = r->lo + (uint32_t)r->delta, hi = r->hi + (uint32_t)r->delta;
            if (c >= lo && c <= hi) return c - (uint32_t)r->delta;
        } else if (c >= r->lo && c <= r->hi + 1) {
            if ((c & 1) != r->parity && c - 1 >= r->lo) return c - 1;
        }
    }
    return c;
}

// Full mappings that produce several characters (CPython's SpecialCasing).
// mode: 0 lower, 1 upper, 2 title, 3 casefold. Returns the count written.
int sk_lib_case_full(uint32_t c, int mode, uint32_t out[3]) {
    switch (c) {
    case 0x1E9E: // capital sharp s
        if (mode != 3) break;
        out[0] = out[1] = 's';
        return 2;
    case 0x00DF: // sharp s
        if (mode == 0) break;
        out[0] = mode == 3 ? 's' : 'S';
        out[1] = mode == 1 ? 'S' : 's';
        return 2;
    case 0x0130:
        if (mode == 0 || mode == 3) {
            out[0] = 'i';
            out[1] = 0x0307;
            return 2;
        }
        break;
    case 0x0149:
        if (mode == 1 || mode == 2) {
            out[0] = 0x02BC;
            out[1] = 'N';
            return 2;
        }
        break;
    case 0x0390:
    case 0x03B0:
        if (mode == 1 || mode == 2) {
            out[0] = c == 0x0390 ? 0x0399 : 0x03A5;
            out[1] = 0x0308;
            out[2] = 0x0301;
            return 3;
        }
        break;
    default: break;
    }
    if (c >= 0xFB00 && c <= 0xFB06 && mode != 0) {
        // Latin ligatures: ff fi fl ffi ffl st st.
        static const char *const parts[] = {"ff", "fi", "fl", "ffi", "ffl", "st", "st"};
        const char *p = parts[c - 0xFB00];
        int n = 0;
        for (; p[n]; n++) {
            uint32_t ch = (uint32_t)p[n];
            out[n] = mode == 1 || (mode == 2 && n == 0) ? ch - 32 : ch;
        }
        return n;
    }
    if (mode == 2) {
        uint32_t dg = digraph_base(c);
        if (dg) {
            out[0] = dg + 1;
            return 1;
        }
    }
    if (mode == 3) {
        if (c == 0x00B5) {
            out[0] = 0x03BC;
            return 1;
        }
        if (c == 0x017F) {
            out[0] = 's';
            return 1;
        }
        if (c == 0x03C2) {
            out[0] = 0x03C3;
            return 1;
        }
    }
    out[0] = mode == 0 || mode == 3 ? sk_lib_lower(c) : sk_lib_upper(c);
    return 1;
}

bool sk_lib_istitle_char(uint32_t c) {
    uint32_t dg = digraph_base(c);
    return dg && c == dg + 1;
}

bool sk_lib_isupper_char(uint32_t c) { return sk_lib_lower(c) != c && !sk_lib_istitle_char(c); }

bool sk_lib_islower_char(uint32_t c) {
    if (sk_lib_upper(c) != c) return sk_lib_lower(c) == c;
    return c == 0x00DF || c == 0x0138 || c == 0x0149 || c == 0x00AA || c == 0x00BA || c == 0x0390 ||
           c == 0x03B0 || (c >= 0xFB00 && c <= 0xFB06);
}

bool sk_lib_iscased(uint32_t c) {
    return sk_lib_isupper_char(c) || sk_lib_islower_char(c) || sk_lib_istitle_char(c);
}

bool sk_lib_isspace(uint32_t c) {
    if (c < 0x80) return c == ' ' || (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x1F);
    return c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 ||
           c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

bool sk_lib_isalpha(uint32_t c) {
    if (c < 0x80) return (c | 32) >= 'a' && (c | 32) <= 'z';
    if (c < 0x100)
        return c == 0xAA || c == 0xB5 || c == 0xBA || (c >= 0xC0 && c != 0xD7 && c != 0xF7);
    if (c < 0x2C0) return true; // Latin Extended-A/B, IPA
    if (c >= 0x370 && c <= 0x3FF)
        return c != 0x375 && c != 0x37E && c != 0x384 && c != 0x385 && c != 0x387 && c != 0x3F6 &&
               c != 0x378 && c != 0x379 && !(c >= 0x380 && c <= 0x383) && c != 0x38B &&
               c != 0x38D && c != 0x3A2;
    if (c >= 0x400 && c <= 0x52F) return !(c >= 0x482 && c <= 0x489);
    if (c >= 0xFB00 && c <= 0xFB06) return true;
    if (c >= 0x3041 && c <= 0x30FF)
        return c != 0x30A0 && c != 0x30FB && !(c >= 0x3099 && c <= 0x309C);
    if (c >= 0x3400 && c <= 0x4DBF) return true;
    if (c >= 0x4E00 && c <= 0x9FFF) return true;
    if (c >= 0xAC00 && c <= 0xD7A3) return true; // Hangul syllables
    return false;
}

// Decimal digit value of c (Nd), or -1.
int sk_lib_decimal(uint32_t c) {
    static const uint32_t zeros[] = {0x30,  0x660, 0x6F0, 0x7C0, 0x966,  0x9E6,
                                     0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66,  0xCE6,
                                     0xD66, 0xE50, 0xED0, 0xF20, 0x1040, 0xFF10};
    for (size_t i = 0; i < sizeof zeros / sizeof zeros[0]; i++)
        if (c >= zeros[i] && c <= zeros[i] + 9) return (int)(c - zeros[i]);
    return -1;
}

bool sk_lib_isdigit(uint32_t c) {
    if (sk_lib_decimal(c) >= 0) return true;
    return c == 0xB2 || c == 0xB3 || c == 0xB9 ||
           (c >= 0x2070 && c <= 0x2079 && c != 0x2071 && c != 0x2072 && c != 0x2073) ||
           (c >= 0x2080 && c <= 0x2089) || (c >= 0x2460 && c <= 0x2468) ||
           (c >= 0x2474 && c <= 0x247C) || (c >= 0x2488 && c <= 0x2490) || c == 0x24EA ||
           (c >= 0x24F5 && c <= 0x24FD) || c == 0x24FF || (c >= 0x2776 && c <= 0x277E) ||
           (c >= 0x2780 && c <= 0x2788) || (c >= 0x278A && c <= 0x2792);
}

bool sk_lib_isnumeric(uint32_t c) {
    if (sk_lib_isdigit(c)) return true;
    return (c >= 0xBC && c <= 0xBE) || (c >= 0x2150 && c <= 0x2189) ||
           (c >= 0x2460 && c <= 0x249B) || (c >= 0x24EA && c <= 0x24FF) ||
           (c >= 0x2776 && c <= 0x2793) || c == 0x3007 || (c >= 0x3021 && c <= 0x3029) ||
           c == 0x4E00 || c == 0x4E8C || c == 0x4E09 || c == 0x56DB || c == 0x4E94 || c == 0x516D ||
           c == 0x4E03 || c == 0x516B || c == 0x4E5D || c == 0x5341 || c == 0x767E || c == 0x5343 ||
           c == 0x4E07 || c == 0x5104 || c == 0x96F6;
}

bool sk_lib_isprintable(uint32_t c) {
    if (c < 0x20 || (c >= 0x7F && c <= 0xA0) || c == 0xAD) return false;
    if (c < 0x370) return true;
    if (c == 0x1680 || (c >= 0x2000 && c <= 0x200F) || (c >= 0x2028 && c <= 0x202F) ||
        (c >= 0x205F && c <= 0x206F) || c == 0x3000 || c == 0xFEFF)
        return false;
    if (c >= 0xD800 && c <= 0xDFFF) return false; // surrogates
    if (c >= 0xE000 && c <= 0xF8FF) return false; // private use
    if (c == 0xFFFE || c == 0xFFFF || c >= 0xF0000) return false;
    if (c >= 0xFFF9 && c <= 0xFFFB) return false;
    if (c == 0x378 || c == 0x379 || (c >= 0x380 && c <= 0x383) || c == 0x38B || c == 0x38D ||
        c == 0x3A2)
        return false; // unassigned Greek
    return true;
}
