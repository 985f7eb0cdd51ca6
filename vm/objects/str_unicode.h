// vm/objects/str_unicode.h -- character classes and case mapping of code points for the
// str methods (vm/objects/str_unicode.c).
#ifndef SK_VM_OBJECTS_STR_UNICODE_H
#define SK_VM_OBJECTS_STR_UNICODE_H
#include "vm/core/state.h"

// Character classes and case mapping (vm/objects/str_unicode.c): ASCII, Latin-1,
// Latin Extended-A, Greek, Cyrillic. Simple one-to-one case mapping:
uint32_t sk_lib_upper(uint32_t c);
uint32_t sk_lib_lower(uint32_t c);
// Full mapping (sharp s -> "SS"): mode 0 lower, 1 upper, 2 title, 3 casefold;
// returns how many code points were written to out.
int sk_lib_case_full(uint32_t c, int mode, uint32_t out[3]);
bool sk_lib_isupper_char(uint32_t c);
bool sk_lib_istitle_char(uint32_t c); // titlecase digraphs (Dž)
bool sk_lib_islower_char(uint32_t c);
bool sk_lib_iscased(uint32_t c);
bool sk_lib_isspace(uint32_t c);
bool sk_lib_isalpha(uint32_t c);
int sk_lib_decimal(uint32_t c); // digit value of a decimal character, or -1
bool sk_lib_isdigit(uint32_t c);
bool sk_lib_isnumeric(uint32_t c);
bool sk_lib_isprintable(uint32_t c);

#endif
