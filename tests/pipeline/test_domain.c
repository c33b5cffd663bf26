/* test_domain.c — --domain auto (domain.c): the cue counter picks the pack
 * whose cue words are most frequent, picks none below the floor, says why;
 * ut_detect_domain reads the head of files in any format and refuses
 * standard input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "pipeline/domain.h"
#include "text/tokenizer.h"
#include "undertone.h"

static ut_domain_guess guess_of(const char *const *texts, size_t n) {
    ut_domain_counter *dc = NULL;
    ut_tokens toks = UT_TOKENS_INIT;
    ut_domain_guess g;
    assert_int_equal(ut_domain_counter_new(&dc), 0);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(ut_domain_count_text(dc, &toks, texts[i], strlen(texts[i])), 0);
    ut_domain_choose(dc, &g);
    ut_tokens_free(&toks);
    ut_domain_counter_free(dc);
    return g;
}

static void test_counter_picks_the_pack_of_the_cues(void **state) {
    (void)state;
    static const char *const books[] = {"The plot was thin and the characters flat.",
                                        "A dull novel; the author rambles.", "Better than the movie."};
    ut_domain_guess g = guess_of(books, 3);
    assert_non_null(g.domain);
    assert_string_equal(g.domain, "media");
    assert_int_equal(g.reviews, 3);
    /* the evidence names the winner, its top cues and the runner-up */
    assert_non_null(strstr(g.evidence, "media "));
    assert_non_null(strstr(g.evidence, "plot 1"));
    assert_non_null(strstr(g.evidence, " over "));
    static const char *const flights[] = {"The flight was late and the legroom awful.", "Lost luggage, rude crew."};
    g = guess_of(flights, 2);
    assert_string_equal(g.domain, "airline");
}

static void test_no_pack_below_the_floor(void **state) {
    (void)state;
    static const char *const plain[] = {"It works. Good value, would buy again.", "Stopped working after a week."};
    ut_domain_guess g = guess_of(plain, 2);
    assert_null(g.domain);
    assert_non_null(strstr(g.evidence, "none reaches"));
}

static void test_detect_reads_files_and_refuses_stdin(void **state) {
    (void)state;
    char path[] = "/tmp/ut_test_domain_XXXXXX.csv";
    int fd = mkstemps(path, 4);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs("stars,body\n5,\"Great restaurant, the waiter was lovely and dinner delicious.\"\n"
          "2,The menu was short and the dessert tasteless.\n",
          f);
    fclose(f);
    ut_options o = UT_OPTIONS_INIT;
    o.text_field = "body";
    ut_domain_guess g;
    const char *inputs[] = {path};
    assert_int_equal(ut_detect_domain(&g, &o, inputs, 1), 0);
    assert_string_equal(g.domain, "restaurant");
    assert_int_equal(g.reviews, 2);
    const char *stdin_input[] = {"-"};
    assert_int_equal(ut_detect_domain(&g, &o, stdin_input, 1), UT_EINVAL);
    assert_non_null(strstr(ut_error_last(), "standard input"));
    const char *missing[] = {"/nonexistent/reviews.csv"};
    assert_int_equal(ut_detect_domain(&g, &o, missing, 1), UT_EIO);
    remove(path);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counter_picks_the_pack_of_the_cues),
        cmocka_unit_test(test_no_pack_below_the_floor),
        cmocka_unit_test(test_detect_reads_files_and_refuses_stdin),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
