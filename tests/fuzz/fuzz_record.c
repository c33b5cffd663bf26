/* fuzz_record.c — the record parsers on arbitrary bytes. The first byte
 * picks the format; the rest is the input. Besides not crashing, checks the
 * invariant the parallel reader relies on: splitting the buffer at cuts or
 * anywhere via scan_first never changes how many records there are. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"
#include "record/record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1) return 0;
    static const ut_format formats[] = {UT_FORMAT_JSONL, UT_FORMAT_CSV, UT_FORMAT_TSV, UT_FORMAT_LINES};
    ut_format fmt = formats[data[0] & 3];
    const char *buf = (const char *)data + 1;
    size_t len = size - 1;
    ut_field_ref refs[UT_ROLE_COUNT];
    memset(refs, 0, sizeof refs);
    refs[UT_ROLE_RATING].name = "rating";
    refs[UT_ROLE_GROUP].name = "g";
    ut_record_parser *p = NULL;
    if (ut_record_parser_new(&p, fmt, refs, 1, (data[0] & 4) ? UT_HEADER_YES : UT_HEADER_NO, 1u << 20)) return 0;
    ut_arena arena = UT_ARENA_INIT;
    size_t cuts[64];
    size_t n_cuts = ut_record_scan_cuts(p, buf, len, 1 + (data[0] >> 3), cuts, 64);
    size_t end = n_cuts ? cuts[n_cuts - 1] : 0;
    if (end > len) abort();
    for (size_t i = 1; i < n_cuts; i++)
        if (cuts[i] < cuts[i - 1]) abort();
    size_t counted = ut_record_count(p, buf, end);
    size_t pos = 0, parsed = 0;
    ut_record rec;
    ut_bad_reason why;
    int r;
    while ((r = ut_record_next(p, buf, end, &pos, &rec, &arena, &why)) != 0) {
        if (pos > end) abort();
        parsed++;
        if (r > 0) {
            double rating;
            if (rec.field[UT_ROLE_RATING].present)
                (void)ut_parse_rating(rec.field[UT_ROLE_RATING].data, rec.field[UT_ROLE_RATING].len, &rating);
        }
        ut_arena_reset(&arena);
    }
    if (parsed != counted) abort();
    ut_arena_free(&arena);
    ut_record_parser_free(p);
    return 0;
}
