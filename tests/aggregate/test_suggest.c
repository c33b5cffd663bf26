/* test_suggest.c — candidate themes from untracked complaints (suggest.c):
 * a planted complaint in unknown words becomes a candidate with its words,
 * sentiment and stop words never become terms, and counts split over
 * collectors and merged in any order give the same file (what makes
 * --suggest-themes the same at any -j). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/arena.h"
#include "model/builtin.h"
#include "model/lexicon.h"
#include "model/score.h"
#include "aggregate/suggest.h"
#include "themes/theme.h"
#include "text/tokenizer.h"

typedef struct fixture {
    ut_lexicon *lex;
    ut_scorer *scorer;
    ut_themes *themes;
} fixture;

static int setup(void **state) {
    fixture *f = calloc(1, sizeof *f);
    const ut_builtin_file *b = ut_builtin_find("sentiment.tsv");
    assert_non_null(b);
    assert_int_equal(ut_lexicon_new(&f->lex), 0);
    assert_int_equal(ut_lexicon_load_buffer(f->lex, b->name, b->data, b->len, UT_LEXFMT_UNDERTONE), 0);
    assert_int_equal(ut_lexicon_freeze(f->lex), 0);
    assert_int_equal(ut_scorer_new(&f->scorer, UT_MODEL_DEFAULT, f->lex), 0);
    assert_int_equal(ut_themes_new(&f->themes), 0);
    assert_int_equal(ut_themes_load_builtin(f->themes, "general"), 0);
    assert_int_equal(ut_themes_freeze(f->themes), 0);
    *state = f;
    return 0;
}

static int teardown(void **state) {
    fixture *f = *state;
    ut_themes_free(f->themes);
    ut_scorer_free(f->scorer);
    ut_lexicon_free(f->lex);
    free(f);
    return 0;
}

/* The corpus: review k's text. Every 5th complains about the zorblax hinge
 * in words no theme knows; the rest praise or complain about known themes. */
static const char *review_text(unsigned k) {
    static const char *const others[] = {"The staff were friendly and helpful.", "Delivery was late again.",
                                         "Great price for what you get.", "The app keeps crashing, awful.",
                                         "Lovely experience overall."};
    static const char *const planted[] = {"The zorblax hinge snapped after two days.",
                                          "Sadly the hinge on my zorblax snapped when I opened it."};
    return k % 5 == 0 ? planted[(k / 5) % 2] : others[k % 5];
}

static void add_review(const fixture *f, ut_suggest *s, unsigned k) {
    ut_tokens toks = UT_TOKENS_INIT;
    ut_arena arena = UT_ARENA_INIT;
    ut_score_detail detail;
    ut_sentiment sent;
    ut_theme_mention mentions[64];
    const char *text = review_text(k);
    char id[16];
    snprintf(id, sizeof id, "r%u", k + 1);
    assert_int_equal(ut_tokenize(&toks, text, strlen(text)), 0);
    assert_int_equal(ut_score_tokens(f->scorer, &toks, &arena, &detail, &sent), 0);
    uint32_t n = ut_themes_find(f->themes, &toks, &detail, mentions, 64);
    assert_true(n <= 64);
    const ut_suggest_review r = {.record_no = k + 1,
                                 .id = id,
                                 .id_len = strlen(id),
                                 .tokens = &toks,
                                 .detail = &detail,
                                 .lexicon = f->lex,
                                 .themes = f->themes,
                                 .mentions = mentions,
                                 .n_mentions = n,
                                 .text = text,
                                 .text_len = strlen(text)};
    assert_int_equal(ut_suggest_add(s, &r), 0);
    ut_tokens_free(&toks);
    ut_arena_free(&arena);
}

static char *format(const fixture *f, const ut_suggest *s) {
    char *out = NULL;
    size_t len = 0;
    assert_int_equal(ut_suggest_format(&out, &len, s, f->themes), 0);
    assert_non_null(out);
    assert_int_equal(strlen(out), len);
    return out;
}

static void test_planted_complaint_is_a_candidate(void **state) {
    const fixture *f = *state;
    ut_suggest *s = NULL;
    assert_int_equal(ut_suggest_new(&s), 0);
    for (unsigned k = 0; k < 200; k++)
        add_review(f, s, k);
    char *out = format(f, s);
    assert_non_null(strstr(out, "theme\tterm\n"));
    /* the first candidate holds both words of the complaint, under one name */
    const char *first = strstr(out, "\n# 1. ");
    assert_non_null(first);
    char name[64];
    assert_int_equal(sscanf(first, "\n# 1. %63[^:]", name), 1);
    char line[128];
    snprintf(line, sizeof line, "\n%s\tzorblax\n", name);
    assert_non_null(strstr(out, line));
    snprintf(line, sizeof line, "\n%s\thinge\n", name);
    assert_non_null(strstr(out, line));
    /* the lowest record numbers are quoted, from the source text */
    assert_non_null(strstr(out, "#    r1: \"The zorblax hinge snapped after two days\""));
    /* a sentiment word or a stop word is never a term */
    assert_null(strstr(out, "\tsnapped\n"));
    assert_null(strstr(out, "\tthe\n"));
    assert_null(strstr(out, "\tafter\n"));
    free(out);
    ut_suggest_free(s);
}

static void test_merge_in_any_order_gives_the_same_file(void **state) {
    const fixture *f = *state;
    ut_suggest *one = NULL, *a = NULL, *b = NULL, *c = NULL;
    assert_int_equal(ut_suggest_new(&one), 0);
    assert_int_equal(ut_suggest_new(&a), 0);
    assert_int_equal(ut_suggest_new(&b), 0);
    assert_int_equal(ut_suggest_new(&c), 0);
    for (unsigned k = 0; k < 300; k++) {
        add_review(f, one, k);
        /* as threads take batches: uneven runs of reviews */
        add_review(f, (k / 7) % 3 == 0 ? a : (k / 7) % 3 == 1 ? b : c, k);
    }
    char *whole = format(f, one);
    /* c <- b <- a: the later collectors first */
    assert_int_equal(ut_suggest_merge_take(c, b), 0);
    assert_int_equal(ut_suggest_merge_take(c, a), 0);
    char *merged = format(f, c);
    assert_string_equal(whole, merged);
    /* what was taken is empty and can be freed or reused */
    char *empty = format(f, a);
    assert_non_null(strstr(empty, " 0 candidates"));
    free(whole);
    free(merged);
    free(empty);
    ut_suggest_free(one);
    ut_suggest_free(a);
    ut_suggest_free(b);
    ut_suggest_free(c);
}

static void test_nothing_collected(void **state) {
    const fixture *f = *state;
    ut_suggest *s = NULL;
    assert_int_equal(ut_suggest_new(&s), 0);
    char *out = format(f, s);
    assert_non_null(strstr(out, "# 0 reviews; 0 have a negative clause"));
    assert_null(strstr(out, "\n# 1. "));
    free(out);
    ut_suggest_free(s);
    ut_suggest_free(NULL);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_planted_complaint_is_a_candidate),
        cmocka_unit_test(test_merge_in_any_order_gives_the_same_file),
        cmocka_unit_test(test_nothing_collected),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
