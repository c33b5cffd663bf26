/* record_lines.c — the `lines` format: one review per line, the whole line
 * (without its LF or CRLF) is the text.
 *
 * The idea: nothing to parse, so nothing to get wrong; the only care is a
 * NUL byte, which is replaced by a space (copying the line) so the text
 * stays a review rather than a reason to drop one. */
#include "record_internal.h"

int ut_lines_fields(const ut_record_parser *p, const char *s, size_t n, ut_record *rec, ut_arena *scratch,
                    ut_bad_reason *bad) {
    (void)p;
    ut_field_value *text = &rec->field[UT_ROLE_TEXT];
    text->data = s;
    text->len = n;
    text->present = 1;
    if (ut_record_field_clean_nul(text, scratch) < 0) {
        *bad = UT_BAD_NONE;
        return -1;
    }
    return 0;
}
