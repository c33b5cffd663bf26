/* test_stitch.c — the stitcher (stitch.c) on its own, with no scheduler
 * and no threads: an input fed as jobs cut anywhere gives the same records,
 * at the same stream offsets, as the input parsed whole; pieces hold whole
 * records only; a CSV header is taken once, whatever job it ends in; an
 * oversized record becomes one too_large piece. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "record_test_util.h"
#include "pipeline/stitch.h"

enum { MAX_RECS = 4096 };

typedef struct collected {
    const ut_record_parser *parser;
    test_rec recs[MAX_RECS];
    size_t n;
    size_t pieces, oversized;
    uint64_t next_offset; /* where the next piece must start, bar a skipped header */
    int gap_ok;           /* a header was skipped: the next piece may start later */
} collected;

/* Parses each piece as its own buffer, as a worker would, and keeps its
 * records with stream offsets. */
static int collect(void *ctx, ut_stitch_piece *piece) {
    collected *c = ctx;
    c->pieces++;
    if (piece->oversized) { /* its bytes are not kept: the next piece starts after them */
        c->oversized++;
        c->gap_ok = 1;
        free(piece->owned);
        return 0;
    }
    if (!c->gap_ok && piece->lead_lines == 0) assert_int_equal(piece->stream_offset, c->next_offset);
    c->gap_ok = 0;
    if (piece->len) {
        /* whole records: a piece ends at a line end, or at the input's end */
        size_t from = c->n;
        c->n = test_parse_all(c->parser, piece->data, 0, piece->len, c->recs, c->n, MAX_RECS);
        for (size_t i = from; i < c->n; i++)
            c->recs[i].offset += (size_t)piece->stream_offset;
    }
    c->next_offset = piece->stream_offset + piece->len;
    free(piece->owned);
    return 0;
}

/* Feeds `text` as jobs of the given sizes (cycled) through a fresh
 * stitcher and returns what the receiver collected. */
static void stitch(collected *c, ut_record_parser *parser, const char *text, size_t len, const size_t *sizes,
                   size_t n_sizes, size_t target, size_t max_record) {
    memset(c, 0, sizeof *c);
    c->parser = parser;
    c->gap_ok = 1; /* a header may be skipped before the first piece */
    ut_stitcher st;
    memset(&st, 0, sizeof st);
    ut_stitcher_start(&st, parser, "test", max_record, target);
    ut_stitcher_set_emit(&st, collect, c);
    size_t at = 0, k = 0;
    while (at < len) {
        size_t n = sizes[k++ % n_sizes];
        if (n > len - at) n = len - at;
        assert_int_equal(ut_stitcher_feed(&st, text + at, n, at), 0);
        at += n;
    }
    assert_int_equal(ut_stitcher_finish(&st), 0);
    assert_false(ut_stitcher_pending(&st));
    ut_stitcher_free(&st);
}

static char *jsonl_corpus(size_t *len) {
    size_t cap = 1 << 16, n = 0;
    char *s = malloc(cap);
    assert_non_null(s);
    for (int i = 0; i < 300; i++)
        n += (size_t)snprintf(s + n, cap - n, "{\"id\":\"r%d\",\"text\":\"review %d %.*s\"}\n", i, i, i % 40,
                              "lorem ipsum dolor sit amet, consectetur adipiscing elit");
    *len = n;
    return s;
}

static void jobs_cut_anywhere_give_the_same_records(void **state) {
    (void)state;
    size_t len;
    char *text = jsonl_corpus(&len);
    ut_record_parser *parser = NULL;
    assert_int_equal(
        test_parser(&parser, UT_FORMAT_JSONL, UT_HEADER_AUTO, "text", NULL, "id", NULL, NULL, NULL, 1 << 20), 0);
    static test_rec whole[MAX_RECS];
    size_t n_whole = test_parse_all(parser, text, 0, len, whole, 0, MAX_RECS);
    assert_int_equal(n_whole, 300);
    const size_t sizes[][4] = {{1, 1, 1, 1}, {7, 13, 1, 64}, {100, 3, 999, 17}, {4096, 4096, 4096, 4096}};
    const size_t targets[] = {1, 50, 1000, 1 << 20};
    for (size_t s = 0; s < 4; s++)
        for (size_t t = 0; t < 4; t++) {
            collected *c = malloc(sizeof *c);
            assert_non_null(c);
            stitch(c, parser, text, len, sizes[s], 4, targets[t], 1 << 20);
            assert_true(test_recs_equal(whole, n_whole, c->recs, c->n));
            assert_int_equal(c->oversized, 0);
            if (targets[t] == 1 << 20 && sizes[s][0] == 4096) assert_true(c->pieces <= 8);
            free(c);
        }
    ut_record_parser_free(parser);
    free(text);
}

/* CSV: the header row, ending in any job, is taken once and skipped; a
 * quoted field with line breaks stays one record across any cut. */
static void csv_header_and_quoted_lines_across_jobs(void **state) {
    (void)state;
    const char *text = "id,text\n"
                       "1,plain\n"
                       "2,\"two\nlines\"\n"
                       "3,\"a \"\"quoted\"\" word\"\n"
                       "4,\"three\nmore\nlines\"\n"
                       "5,last\n";
    size_t len = strlen(text);
    for (size_t job = 1; job <= len; job++) {
        ut_record_parser *parser = NULL;
        assert_int_equal(
            test_parser(&parser, UT_FORMAT_CSV, UT_HEADER_AUTO, "text", NULL, "id", NULL, NULL, NULL, 1 << 20), 0);
        collected *c = malloc(sizeof *c);
        assert_non_null(c);
        const size_t sizes[] = {job};
        stitch(c, parser, text, len, sizes, 1, 8, 1 << 20);
        assert_int_equal(c->n, 5);
        assert_string_equal(c->recs[0].text, "plain");
        assert_string_equal(c->recs[1].text, "two\nlines");
        assert_string_equal(c->recs[2].text, "a \"quoted\" word");
        assert_string_equal(c->recs[3].text, "three\nmore\nlines");
        assert_string_equal(c->recs[4].text, "last");
        assert_int_equal(c->recs[0].offset, 8); /* after the header row */
        free(c);
        ut_record_parser_free(parser);
    }
}

/* A record larger than max_record is one too_large piece, never stored
 * whole; the records around it are intact. */
static void oversized_record_is_one_piece(void **state) {
    (void)state;
    size_t big = 5000, cap = big + 256, n = 0;
    char *text = malloc(cap);
    assert_non_null(text);
    n += (size_t)snprintf(text + n, cap - n, "{\"text\":\"before\"}\n{\"text\":\"");
    memset(text + n, 'x', big);
    n += big;
    n += (size_t)snprintf(text + n, cap - n, "\"}\n{\"text\":\"after\"}\n");
    ut_record_parser *parser = NULL;
    assert_int_equal(test_parser(&parser, UT_FORMAT_JSONL, UT_HEADER_AUTO, "text", NULL, NULL, NULL, NULL, NULL, 1024),
                     0);
    const size_t sizes[] = {300, 77, 1000};
    collected *c = malloc(sizeof *c);
    assert_non_null(c);
    stitch(c, parser, text, n, sizes, 3, 64, 1024);
    assert_int_equal(c->oversized, 1);
    assert_int_equal(c->n, 2);
    assert_string_equal(c->recs[0].text, "before");
    assert_string_equal(c->recs[1].text, "after");
    assert_int_equal(c->recs[1].offset, n - strlen("{\"text\":\"after\"}\n")); /* its place in the input */
    free(c);
    ut_record_parser_free(parser);
    free(text);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(jobs_cut_anywhere_give_the_same_records),
        cmocka_unit_test(csv_header_and_quoted_lines_across_jobs),
        cmocka_unit_test(oversized_record_is_one_piece),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
