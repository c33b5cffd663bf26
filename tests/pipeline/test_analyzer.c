/* test_analyzer.c — the analyzer's per-review step and the engine's own
 * stage timers (ut_options.measure_stages, ut_result_stage_seconds).
 *
 * Timers are checked for shape only (names, order, non-negative, absent
 * when not asked for), never for values: the machine's speed is not a test
 * result. Timing must not change what a run computes, so one case compares
 * a timed run's aggregate counts with an untimed one's. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "pipeline/analyzer.h"
#include "util/common.h"
#include "undertone.h"

static char input_path[512];

static int make_input(void **state) {
    (void)state;
    snprintf(input_path, sizeof input_path, "%s/test_analyzer_XXXXXX", UT_BINARY_DIR);
    int fd = mkstemp(input_path);
    if (fd < 0) return -1;
    FILE *f = fdopen(fd, "w");
    if (!f) return -1;
    for (int i = 0; i < 200; i++)
        fprintf(f, "{\"id\":\"r%d\",\"text\":\"The staff was %s, but the room was not clean. Never again!\"}\n", i,
                i % 3 ? "friendly" : "rude");
    fputs("{\"id\":\"broken\",\"text\":\n", f); /* one bad record */
    return fclose(f);
}

static int drop_input(void **state) {
    (void)state;
    unlink(input_path);
    return 0;
}

static ut_result *run(int measure, int threads) {
    ut_options o;
    assert_int_equal(ut_options_init(&o, UT_OPTIONS_VERSION), 0);
    o.text_field = "text";
    o.id_field = "id";
    ut_run_options run;
    assert_int_equal(ut_run_options_init(&run, UT_RUN_OPTIONS_VERSION), 0);
    run.threads = threads;
    run.measure_stages = measure;
    ut_analyzer *an = NULL;
    assert_int_equal(ut_analyzer_new(&an, &o), 0);
    const char *inputs[] = {input_path};
    ut_result *res = NULL;
    assert_int_equal(ut_analyze(&res, an, &run, inputs, 1), 0);
    ut_analyzer_free(an);
    return res;
}

static void test_stages_absent_unless_asked(void **state) {
    (void)state;
    ut_result *res = run(0, 1);
    const char *names[16];
    double secs[16];
    assert_int_equal(ut_result_stage_seconds(res, names, secs, 16), 0);
    ut_result_free(res);
}

static void test_stages_named_in_pipeline_order(void **state) {
    (void)state;
    ut_result *res = run(1, 2);
    const char *names[16];
    double secs[16];
    int n = ut_result_stage_seconds(res, names, secs, 16);
    assert_int_equal(n, UT_STAGE_COUNT);
    static const char *const expected[] = {"read",   "split",     "parse", "tokenize", "score",
                                           "themes", "aggregate", "emit",  "merge"};
    for (int i = 0; i < n; i++) {
        assert_string_equal(names[i], expected[i]);
        assert_true(secs[i] >= 0.0);
    }
    /* max smaller than the count fills only max entries but still says how many there are */
    names[1] = NULL;
    assert_int_equal(ut_result_stage_seconds(res, names, secs, 1), UT_STAGE_COUNT);
    assert_null(names[1]);
    /* either array may be NULL */
    assert_int_equal(ut_result_stage_seconds(res, NULL, NULL, 16), UT_STAGE_COUNT);
    ut_result_free(res);
}

static void test_timing_changes_no_result(void **state) {
    (void)state;
    ut_result *plain = run(0, 1), *timed = run(1, 2);
    assert_int_equal(ut_result_records(plain), 200);
    assert_int_equal(ut_result_records(timed), ut_result_records(plain));
    assert_int_equal(ut_result_bad_records(timed), 1);
    assert_int_equal(ut_result_bytes(timed), ut_result_bytes(plain));
    char *a = NULL, *b = NULL;
    assert_int_equal(ut_result_summary_text(&a, plain, 5), 0);
    assert_int_equal(ut_result_summary_text(&b, timed, 5), 0);
    assert_string_equal(a, b);
    ut_free(a);
    ut_free(b);
    ut_result_free(plain);
    ut_result_free(timed);
}

/* The per-review step with and without timers gives the same scores. */
static void test_review_same_with_timers(void **state) {
    (void)state;
    ut_options o;
    assert_int_equal(ut_options_init(&o, UT_OPTIONS_VERSION), 0);
    ut_analyzer *an = NULL;
    assert_int_equal(ut_analyzer_new(&an, &o), 0);
    const char *text = "The food was great but the service was awfully slow.";
    double stage[UT_STAGE_COUNT] = {0};
    ut_review_scratch plain = {0}, timed = {0};
    timed.stage_seconds = stage;
    ut_review_analysis ra, rb;
    assert_int_equal(ut_analyze_review(an, &plain, "Mixed", 5, text, strlen(text), &ra), 0);
    assert_int_equal(ut_analyze_review(an, &timed, "Mixed", 5, text, strlen(text), &rb), 0);
    assert_true(ra.sentiment.compound == rb.sentiment.compound);
    assert_int_equal(ra.n_mentions, rb.n_mentions);
    for (uint32_t k = 0; k < ra.n_mentions; k++) {
        assert_int_equal(ra.mentions[k].theme, rb.mentions[k].theme);
        assert_true(ra.mentions[k].score == rb.mentions[k].score);
    }
    assert_true(stage[UT_STAGE_TOKENIZE] >= 0.0 && stage[UT_STAGE_SCORE] >= 0.0 && stage[UT_STAGE_THEMES] >= 0.0);
    assert_true(stage[UT_STAGE_PARSE] == 0.0); /* not a stage of this step */
    ut_review_scratch_free(&plain);
    ut_review_scratch_free(&timed);
    ut_analyzer_free(an);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stages_absent_unless_asked),
        cmocka_unit_test(test_stages_named_in_pipeline_order),
        cmocka_unit_test(test_timing_changes_no_result),
        cmocka_unit_test(test_review_same_with_timers),
    };
    return cmocka_run_group_tests(tests, make_input, drop_input);
}
