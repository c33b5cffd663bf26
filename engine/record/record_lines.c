/* record_lines.c — the `lines` format: one review per line, the whole line
 * (without its LF or CRLF) is the text.
 *
 * The idea: nothing to parse, so nothing to get wrong (a line with a NUL
 * byte never gets here: record.c makes it a bad record, "binary"). */
#include "record/record_internal.h"

int ut_lines_fields(const ut_record_parser *p, const char *s, size_t n, ut_record *rec, ut_arena *scratch,
                    ut_bad_reason *bad) {
    (void)p;
    ut_field_value *text = &rec->field[UT_ROLE_TEXT];
    text->data = s;
    text->len = n;
    text->present = 1;
    (void)scratch;
    (void)bad;
    return 0;
}
