/* test_analyzer_vader.c — under --model vader only VADER runs.
 *
 * The idea: this binary is linked with -Wl,--wrap=ut_score_tokens (see
 * CMakeLists.txt), so every call the engine makes to the default scorer
 * lands in __wrap_ut_score_tokens below, which counts it and passes it on.
 * A default-model analysis must move the counter (else the hook is broken
 * and the vader case proves nothing); a VADER analysis, through every entry
 * point that scores reviews, must leave it at zero, while its compound
 * stays VADER's own and its themes still get a negation-aware sentiment. */
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
#include "model/score.h"
#include "undertone.h"

#define VADER_LEXICON UT_SHARED_DATA "/vader/vader_lexicon.txt"

static unsigned long default_scorer_calls;

int __real_ut_score_tokens(const ut_scorer *s, const ut_tokens *t, ut_arena *scratch, ut_score_detail *detail,
                           ut_sentiment *out);
int __wrap_ut_score_tokens(const ut_scorer *s, const ut_tokens *t, ut_arena *scratch, ut_score_detail *detail,
                           ut_sentiment *out);

int __wrap_ut_score_tokens(const ut_scorer *s, const ut_tokens *t, ut_arena *scratch, ut_score_detail *detail,
                           ut_sentiment *out) {
#pragma omp atomic
    default_scorer_calls++;
    return __real_ut_score_tokens(s, t, scratch, detail, out);
}

static ut_analyzer *make_analyzer(ut_model model, const char *domain) {
    ut_options opts = UT_OPTIONS_INIT;
    opts.domain = domain;
    static const char *const lexicons[] = {VADER_LEXICON};
    opts.model = model;
    if (model == UT_MODEL_VADER) {
        opts.lexicon_paths = lexicons;
        opts.n_lexicons = 1;
    }
    ut_analyzer *an = NULL;
    if (ut_analyzer_new(&an, &opts) != 0) {
        print_error("analyzer: %s\n", ut_error_last());
        return NULL;
    }
    return an;
}

static int have_vader_lexicon(void) {
    return access(VADER_LEXICON, R_OK) == 0;
}

static const char *const texts[] = {
    "The staff was rude, but the food was not bad.",
    "GREAT location!!! The room was dirty and the bed was not comfortable.",
    "Never again. Terrible service, cold food, and the manager didn't care.",
    "",
};

static void test_hook_sees_the_default_scorer(void **state) {
    (void)state;
    ut_analyzer *an = make_analyzer(UT_MODEL_DEFAULT, NULL);
    assert_non_null(an);
    default_scorer_calls = 0;
    ut_text_score score;
    assert_int_equal(ut_score_text(&score, an, texts[0], strlen(texts[0])), 0);
    assert_true(default_scorer_calls > 0);
    ut_analyzer_free(an);
}

static void count_review(void *ctx, const ut_review_score *r) {
    (void)r;
    ++*(int *)ctx;
}

static void test_vader_runs_only_vader(void **state) {
    (void)state;
    if (!have_vader_lexicon()) {
        printf("note: %s not found; skipped\n", VADER_LEXICON);
        skip();
    }
    ut_analyzer *an = make_analyzer(UT_MODEL_VADER, NULL);
    assert_non_null(an);
    ut_arena arena = UT_ARENA_INIT;
    default_scorer_calls = 0;
    for (size_t i = 0; i < UT_ARRAY_LEN(texts); i++) {
        const size_t len = strlen(texts[i]);
        ut_text_score got;
        ut_sentiment want;
        assert_int_equal(ut_score_text(&got, an, texts[i], len), 0);
        assert_int_equal(ut_score_vader_text(an->scorer, texts[i], len, &arena, &want), 0);
        assert_true(got.compound == want.compound); /* VADER's to the bit */
        assert_true(got.positive == want.positive && got.negative == want.negative);
        char *explained = NULL;
        assert_int_equal(ut_explain_text(&explained, an, texts[i], len), 0);
        ut_free(explained);
    }
    ut_arena_free(&arena);

    /* The parallel pipeline, titles included. */
    char path[512];
    snprintf(path, sizeof path, "%s/test_analyzer_vader_XXXXXX", UT_BINARY_DIR);
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    assert_non_null(f);
    for (int i = 0; i < 50; i++)
        fprintf(f, "{\"title\":\"Meh\",\"text\":\"%s\"}\n", texts[i % 3]);
    assert_int_equal(fclose(f), 0);
    ut_options opts = an->opts;
    int reviews = 0;
    ut_run_options run = UT_RUN_OPTIONS_INIT;
    run.on_review = count_review;
    run.on_review_ctx = &reviews;
    opts.title_field = "title";
    run.threads = 1; /* the callback's state is not shared between threads */
    ut_analyzer *an2 = NULL;
    assert_int_equal(ut_analyzer_new(&an2, &opts), 0);
    const char *inputs[] = {path};
    ut_result *res = NULL;
    assert_int_equal(ut_analyze(&res, an2, &run, inputs, 1), 0);
    unlink(path);
    assert_int_equal(ut_result_records(res), 50);
    assert_int_equal(reviews, 50);
    ut_result_free(res);
    ut_analyzer_free(an2);
    ut_analyzer_free(an);

    assert_int_equal(default_scorer_calls, 0);
}

/* Themes under VADER still get sentiment, negation included: "the staff was
 * rude" is bad for the staff, "the food was not bad" good for the food. */
static void test_vader_themes_get_valences(void **state) {
    (void)state;
    if (!have_vader_lexicon()) skip();
    ut_analyzer *an = make_analyzer(UT_MODEL_VADER, "restaurant");
    assert_non_null(an);
    ut_review_scratch scratch;
    memset(&scratch, 0, sizeof scratch);
    ut_review_analysis ra;
    default_scorer_calls = 0;
    assert_int_equal(ut_analyze_review(an, &scratch, NULL, 0, texts[0], strlen(texts[0]), &ra), 0);
    int staff = 0, food = 0;
    for (uint32_t k = 0; k < ra.n_mentions; k++) {
        const char *name = ut_themes_name(an->themes, ra.mentions[k].theme);
        if (strcmp(name, "service/staff") == 0) {
            assert_true(ra.mentions[k].score < 0);
            staff = 1;
        } else if (strcmp(name, "food") == 0) {
            assert_true(ra.mentions[k].score > 0);
            food = 1;
        }
    }
    assert_true(staff && food);
    assert_int_equal(default_scorer_calls, 0);
    ut_review_scratch_free(&scratch);
    ut_analyzer_free(an);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hook_sees_the_default_scorer),
        cmocka_unit_test(test_vader_runs_only_vader),
        cmocka_unit_test(test_vader_themes_get_valences),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
