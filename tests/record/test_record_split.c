/* test_record_split.c — record boundaries under every chunking: whatever
 * byte a stream is cut at, and whatever cut target is asked for, the
 * records parsed from the pieces are exactly the records of the whole. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/arena.h"
#include "record/record.h"
#include "record_test_util.h"

#define MAX_RECS 256

/* Tricky corpora: quoted newlines and CRLF in CSV, quotes that toggle
 * oddly, blank lines, a BOM, no final newline. */
static const char csv_corpus[] = "\xef\xbb\xbf"
                                 "id,text\r\n"
                                 "1,\"multi\nline\r\nquoted\"\n"
                                 "2,\"quote \"\"inside\"\" and , comma\"\r\n"
                                 "\n"
                                 "   \r\n"
                                 "3,plain\n"
                                 "4,\"\"\n"
                                 "5,\"x\"y\n"
                                 "6,\"\n\n\"\n"
                                 "7,bad\"quote\n"
                                 "8,still inside\"\n"
                                 "9,last without newline";
static const char csv_open_corpus[] = "1,a\n2,\"b\nc\"\n3,\"open\nto the end\n";
static const char jsonl_corpus[] = "\xef\xbb\xbf{\"text\": \"a\\\"}\\n{\"}\r\n"
                                   "\n"
                                   "  \t\n"
                                   "{\"text\": \"b\", \"x\": [1, {\"y\": \"}\"}]}\n"
                                   "not json\n"
                                   "{\"text\": \"c\"}";
static const char lines_corpus[] = "one\r\ntwo\n\n \nthree \"quoted\nfour";

/* Parses the whole corpus: the reference record list. */
static size_t whole(const ut_record_parser *p, const char *buf, size_t len, test_rec *recs) {
    return test_parse_all(p, buf, 0, len, recs, 0, MAX_RECS);
}

/* Cuts the corpus at k the way the reader does: piece 1 up to its last
 * complete record, the straddling record stitched from piece 1's tail and
 * the head of piece 2 (found with scan_first continuing the tail's state),
 * then the rest of piece 2. */
static void check_split_at(const ut_record_parser *p, const char *buf, size_t len, size_t k, const test_rec *ref,
                           size_t n_ref) {
    test_rec got[MAX_RECS];
    size_t cut = 0;
    size_t n_cuts = ut_record_scan_cuts(p, buf, k, k ? k : 1, &cut, 1);
    size_t first_end = n_cuts ? cut : 0;
    size_t n = test_parse_all(p, buf, 0, first_end, got, 0, MAX_RECS);
    size_t counted = ut_record_count(p, buf, first_end);

    ut_split_state st = {0};
    assert_int_equal(ut_record_scan_first(p, &st, buf + first_end, k - first_end), SIZE_MAX);
    size_t e = ut_record_scan_first(p, &st, buf + k, len - k);
    size_t stitched_end = k + e;
    if (e == UT_SCAN_ENDED_BEFORE) /* a runaway whose first line ended in piece 1 */
        stitched_end = first_end + (size_t)st.first_lf_end;
    else if (e == SIZE_MAX) /* the end of the input; inside quotes a runaway ends at its first LF */
        stitched_end = st.in_quotes == 1 && st.first_lf_end ? first_end + (size_t)st.first_lf_end : len;
    /* The stitched record is parsed from its own buffer, as the reader
     * would after copying the two parts together. */
    n = test_parse_all(p, buf, first_end, stitched_end, got, n, MAX_RECS);
    counted += ut_record_count(p, buf + first_end, stitched_end - first_end);
    n = test_parse_all(p, buf, stitched_end, len, got, n, MAX_RECS);
    counted += ut_record_count(p, buf + stitched_end, len - stitched_end);
    if (!test_recs_equal(ref, n_ref, got, n) || counted != n_ref)
        fail_msg("split at %zu: %zu records (counted %zu), want %zu", k, n, counted, n_ref);
}

/* scan_cuts with `target`: the chunks between cuts, plus the rest after
 * the last cut, hold exactly the whole's records. */
static void check_cuts(const ut_record_parser *p, const char *buf, size_t len, size_t target, size_t max_cuts,
                       const test_rec *ref, size_t n_ref) {
    size_t cuts[MAX_RECS + 1];
    size_t n_cuts = ut_record_scan_cuts(p, buf, len, target, cuts, max_cuts);
    assert_true(n_cuts <= max_cuts);
    test_rec got[MAX_RECS];
    size_t n = 0, from = 0;
    for (size_t i = 0; i < n_cuts; i++) {
        assert_true(cuts[i] > from);
        assert_true(cuts[i] <= len);
        n = test_parse_all(p, buf, from, cuts[i], got, n, MAX_RECS);
        from = cuts[i];
    }
    /* The last cut is the last record end: only an unterminated record may follow. */
    ut_split_state st = {0};
    assert_int_equal(ut_record_scan_first(p, &st, buf + from, len - from), SIZE_MAX);
    n = test_parse_all(p, buf, from, len, got, n, MAX_RECS);
    if (!test_recs_equal(ref, n_ref, got, n))
        fail_msg("cuts with target %zu (max %zu): %zu records, want %zu", target, max_cuts, n, n_ref);
}

static void check_corpus_lines(ut_format f, const char *buf, size_t len, size_t want_records, uint32_t max_lines) {
    ut_record_parser *p;
    assert_int_equal(test_parser(&p, f, UT_HEADER_NO, NULL, NULL, NULL, NULL, NULL, NULL, 0), 0);
    ut_record_parser_set_max_quoted_lines(p, max_lines);
    test_rec ref[MAX_RECS];
    size_t n_ref = whole(p, buf, len, ref);
    assert_int_equal(n_ref, want_records);
    assert_int_equal(ut_record_count(p, buf, len), n_ref);
    for (size_t k = 0; k <= len; k++)
        check_split_at(p, buf, len, k, ref, n_ref);
    for (size_t target = 1; target <= len + 1; target++) {
        check_cuts(p, buf, len, target, MAX_RECS, ref, n_ref);
        check_cuts(p, buf, len, target, 2, ref, n_ref);
        check_cuts(p, buf, len, target, 1, ref, n_ref);
    }
    ut_record_parser_free(p);
}

static void check_corpus(ut_format f, const char *buf, size_t len, size_t want_records) {
    check_corpus_lines(f, buf, len, want_records, 0);
}

static void csv_every_split(void **state) {
    (void)state;
    /* header row, 1, 2, 3, 4, 5 (syntax), 6, 7 and 8 (a quote inside an
     * unquoted field: syntax, each on its own line), and 9 */
    check_corpus(UT_FORMAT_CSV, csv_corpus, sizeof csv_corpus - 1, 10);
    /* 3's quote is open at the end: it costs line "3,"open" only, and
     * "to the end" is a record of its own */
    check_corpus(UT_FORMAT_CSV, csv_open_corpus, sizeof csv_open_corpus - 1, 4);
    /* a quote may not hold 2 (or 1) line breaks: 1's three-line field is a runaway
     * (its first line), so "line" and "quoted" are read as records again;
     * 6's field of two breaks likewise */
    check_corpus_lines(UT_FORMAT_CSV, csv_corpus, sizeof csv_corpus - 1, 13, 2);
    check_corpus_lines(UT_FORMAT_CSV, csv_open_corpus, sizeof csv_open_corpus - 1, 5, 1);
}

static void csv_reasons(void **state) {
    (void)state;
    ut_record_parser *p;
    assert_int_equal(test_parser(&p, UT_FORMAT_CSV, UT_HEADER_NO, "2", NULL, NULL, NULL, NULL, NULL, 0), 0);
    test_rec r[MAX_RECS];
    size_t n = whole(p, csv_corpus, sizeof csv_corpus - 1, r);
    assert_int_equal(n, 10);
    assert_string_equal(r[0].text, "text");
    assert_string_equal(r[1].text, "multi\nline\r\nquoted");
    assert_string_equal(r[2].text, "quote \"inside\" and , comma");
    assert_string_equal(r[3].text, "plain");
    assert_int_equal(r[4].bad, UT_BAD_EMPTY_TEXT);
    assert_int_equal(r[5].bad, UT_BAD_CSV_SYNTAX);
    assert_int_equal(r[6].bad, UT_BAD_EMPTY_TEXT); /* only newlines */
    assert_int_equal(r[7].bad, UT_BAD_CSV_SYNTAX); /* 7,bad"quote */
    assert_int_equal(r[8].bad, UT_BAD_CSV_SYNTAX); /* 8,still inside" */
    assert_string_equal(r[9].text, "last without newline");
    n = whole(p, csv_open_corpus, sizeof csv_open_corpus - 1, r);
    assert_int_equal(n, 4);
    assert_int_equal(r[2].bad, UT_BAD_CSV_QUOTE);
    assert_int_equal(r[3].bad, UT_BAD_MISSING_TEXT); /* "to the end", read again: no column 2 */
    ut_record_parser_free(p);
}

static void jsonl_tsv_lines_every_split(void **state) {
    (void)state;
    check_corpus(UT_FORMAT_JSONL, jsonl_corpus, sizeof jsonl_corpus - 1, 4);
    check_corpus(UT_FORMAT_TSV, lines_corpus, sizeof lines_corpus - 1, 4);
    check_corpus(UT_FORMAT_LINES, lines_corpus, sizeof lines_corpus - 1, 4);
    /* In CSV the same bytes hold a quote open at the end: a runaway of one
     * line, and "four" read after it. */
    check_corpus(UT_FORMAT_CSV, lines_corpus, sizeof lines_corpus - 1, 4);
}

static void cuts_are_near_target(void **state) {
    (void)state;
    ut_record_parser *p;
    assert_int_equal(test_parser(&p, UT_FORMAT_CSV, UT_HEADER_NO, NULL, NULL, NULL, NULL, NULL, NULL, 0), 0);
    /* 1000 records of 10 bytes: cuts every 100 bytes fall exactly on 100s. */
    char buf[10000];
    for (int i = 0; i < 1000; i++)
        memcpy(buf + 10 * i, "\"a\nb\",xyz\n", 10);
    size_t cuts[200];
    size_t n = ut_record_scan_cuts(p, buf, sizeof buf, 100, cuts, 200);
    assert_int_equal(n, 100);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(cuts[i], 100 * (i + 1));
    /* Capped: the last slot is still the last record end. */
    n = ut_record_scan_cuts(p, buf, sizeof buf, 100, cuts, 5);
    assert_int_equal(n, 5);
    assert_int_equal(cuts[3], 400);
    assert_int_equal(cuts[4], 10000);
    /* A partial last record is left out. */
    n = ut_record_scan_cuts(p, buf, sizeof buf - 3, 100, cuts, 200);
    assert_int_equal(cuts[n - 1], 9990);
    assert_int_equal(ut_record_scan_cuts(p, buf, 5, 1, cuts, 200), 0);
    ut_record_parser_free(p);
}

/* Random corpora over the bytes that matter to the formats: the split and
 * cut properties hold for each, and nothing reads out of bounds (run the
 * suite with -DUT_SANITIZE=ON to check the latter). */
static void random_corpora(void **state) {
    (void)state;
    static const char alphabet[] = "\"\"\",,\n\n\r \ta{}[]:\\\0\t";
    uint64_t seed = 0x9E3779B97F4A7C15ull;
    static const ut_format formats[] = {UT_FORMAT_CSV, UT_FORMAT_JSONL, UT_FORMAT_TSV, UT_FORMAT_LINES};
    for (int round = 0; round < 400; round++) {
        char buf[80];
        seed = seed * 6364136223846793005ull + 1442695040888963407ull;
        size_t len = 1 + (size_t)(seed >> 58);
        for (size_t i = 0; i < len; i++) {
            seed = seed * 6364136223846793005ull + 1442695040888963407ull;
            buf[i] = alphabet[(seed >> 33) % (sizeof alphabet - 1)];
        }
        /* An exact-size heap copy, so reading past the end is caught. */
        char *copy = malloc(len);
        assert_non_null(copy);
        memcpy(copy, buf, len);
        ut_record_parser *p;
        ut_format f = formats[round % 4];
        assert_int_equal(test_parser(&p, f, UT_HEADER_NO, NULL, NULL, NULL, NULL, NULL, NULL, 0), 0);
        /* CSV rounds also run with tiny line limits, so runaways happen */
        ut_record_parser_set_max_quoted_lines(p, (uint32_t)(round / 4 % 4));
        test_rec ref[MAX_RECS];
        size_t n_ref = whole(p, copy, len, ref);
        assert_int_equal(ut_record_count(p, copy, len), n_ref);
        for (size_t k = 0; k <= len; k++)
            check_split_at(p, copy, len, k, ref, n_ref);
        for (size_t target = 1; target <= len; target += 3)
            check_cuts(p, copy, len, target, MAX_RECS, ref, n_ref);
        ut_record_parser_free(p);
        free(copy);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(csv_every_split),
        cmocka_unit_test(csv_reasons),
        cmocka_unit_test(jsonl_tsv_lines_every_split),
        cmocka_unit_test(cuts_are_near_target),
        cmocka_unit_test(random_corpora),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
