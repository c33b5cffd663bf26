/* test_theme.c — theme lexicons (loading, hierarchy, overlay, errors) and
 * attribution (which mention takes which sentiment).
 *
 * Attribution cases build the scorer's detail by hand from a small table of
 * word valences, so they test the attribution rule and not the sentiment
 * lexicon of the day; one case runs the real default scorer end to end to
 * check that negation reaches a theme. */
#include <math.h>
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
#include "util/common.h"
#include "model/lexicon.h"
#include "model/score.h"
#include "themes/theme.h"
#include "themes/theme_internal.h"
#include "text/tokenizer.h"

/* ---- helpers ---- */

static ut_themes *themes_from(const char *tsv) {
    ut_themes *th = NULL;
    assert_int_equal(ut_themes_new(&th), 0);
    assert_int_equal(ut_themes_load_buffer(th, "test.tsv", tsv, strlen(tsv)), 0);
    assert_int_equal(ut_themes_freeze(th), 0);
    return th;
}

static int32_t id_of(const ut_themes *th, const char *name) {
    int32_t id = ut_themes_find_id(th, name);
    assert_true(id >= 0);
    return id;
}

/* A hand-made scorer result: fixed valences per word, no rules. */
static const struct {
    const char *word;
    float valence;
} word_valence[] = {{"great", 3.1f}, {"excellent", 3.2f}, {"friendly", 2.2f},  {"lovely", 2.8f}, {"awful", -3.0f},
                    {"rude", -2.5f}, {"slow", -1.5f},     {"disaster", -3.1f}, {"waste", -1.8f}, {"cold", -0.8f}};

typedef struct fake_detail {
    ut_tokens toks;
    ut_score_detail detail;
    float valence[256];
    float clause_valence[64];
    ut_sentiment sentence[16];
} fake_detail;

static void fake_score(fake_detail *f, const char *text) {
    memset(&f->detail, 0, sizeof f->detail);
    assert_int_equal(ut_tokenize(&f->toks, text, strlen(text)), 0);
    assert_true(f->toks.n_tok <= 256 && f->toks.n_clause <= 64 && f->toks.n_sent <= 16);
    for (uint32_t i = 0; i < f->toks.n_tok; i++) {
        f->valence[i] = 0;
        for (size_t w = 0; w < UT_ARRAY_LEN(word_valence); w++)
            if (strcmp(ut_token_norm(&f->toks, i), word_valence[w].word) == 0) f->valence[i] = word_valence[w].valence;
    }
    for (uint32_t c = 0; c < f->toks.n_clause; c++) {
        f->clause_valence[c] = 0;
        for (uint32_t i = f->toks.clause[c].tok_begin; i < f->toks.clause[c].tok_end; i++)
            f->clause_valence[c] += f->valence[i];
    }
    for (uint32_t s = 0; s < f->toks.n_sent; s++) {
        double sum = 0;
        for (uint32_t i = f->toks.sent[s].tok_begin; i < f->toks.sent[s].tok_end; i++)
            sum += f->valence[i];
        memset(&f->sentence[s], 0, sizeof f->sentence[s]);
        f->sentence[s].compound = ut_normalize_valence(sum);
    }
    f->detail.token_valence = f->valence;
    f->detail.clause_valence = f->clause_valence;
    f->detail.sentence = f->sentence;
}

/* The mention of `theme` among out[0..n), which must be there exactly once. */
static const ut_theme_mention *mention_of(const ut_theme_mention *out, uint32_t n, int32_t theme) {
    const ut_theme_mention *found = NULL;
    for (uint32_t i = 0; i < n; i++) {
        if ((int32_t)out[i].theme == theme) {
            assert_null(found);
            found = &out[i];
        }
    }
    assert_non_null(found);
    return found;
}

static const char *const small_tsv = "# a small theme file\n"
                                     "theme\tterm\n"
                                     "service/staff\tstaff\n"
                                     "service/staff\twaiter\n"
                                     "service/support\tcustomer service\n"
                                     "service/wait\twait\n"
                                     "food\tfood\n"
                                     "food/taste\tsoup\n"
                                     "privacy\ttracking\n"
                                     "delivery\ttracking number\n"
                                     "delivery\tdelivery\n"
                                     "room\troom\n"
                                     "price\t<currency>\n";

/* ---- the table ---- */

static void hierarchy_creates_parents(void **state) {
    (void)state;
    ut_themes *th = themes_from(small_tsv);
    assert_string_equal(ut_themes_name(th, UT_THEME_OTHER), "other");
    assert_int_equal(ut_themes_parent(th, UT_THEME_OTHER), -1);
    int32_t service = id_of(th, "service"), staff = id_of(th, "service/staff"), support = id_of(th, "service/support");
    assert_int_equal(ut_themes_parent(th, (uint32_t)staff), service);
    assert_int_equal(ut_themes_parent(th, (uint32_t)support), service);
    assert_int_equal(ut_themes_parent(th, (uint32_t)service), -1);
    /* parents come before children, in order of first appearance */
    assert_true(service < staff && staff < support);
    assert_true(ut_themes_is_within(th, (uint32_t)staff, (uint32_t)service));
    assert_false(ut_themes_is_within(th, (uint32_t)service, (uint32_t)staff));
    assert_int_equal(ut_themes_find_id(th, "nope"), -1);
    /* other, service, staff, support, wait, food, food/taste, privacy, delivery, room, price */
    assert_int_equal(ut_themes_count(th), 11);
    assert_int_equal(ut_themes_term_count(th), 10);
    assert_null(ut_themes_name(th, 999));
    ut_themes_free(th);
}

static void deep_paths(void **state) {
    (void)state;
    ut_themes *th = themes_from("theme\tterm\na/b/c/d\tdeep\n");
    int32_t d = id_of(th, "a/b/c/d"), c = id_of(th, "a/b/c"), b = id_of(th, "a/b"), a = id_of(th, "a");
    assert_int_equal(ut_themes_parent(th, (uint32_t)d), c);
    assert_int_equal(ut_themes_parent(th, (uint32_t)c), b);
    assert_int_equal(ut_themes_parent(th, (uint32_t)b), a);
    ut_themes_free(th);
}

static void file_format_tolerance(void **state) {
    (void)state;
    /* BOM, CRLF, comments, blank lines, spaces around fields, an empty
     * valence, extra columns, no header */
    const char *tsv = "\xEF\xBB\xBF# comment\r\n\r\n  # indented comment\r\nfood \t soup \t \textra\r\nroom\tbed";
    ut_themes *th = themes_from(tsv);
    assert_int_equal(ut_themes_term_count(th), 2);
    assert_true(ut_themes_find_id(th, "food") > 0);
    ut_themes_free(th);
}

static void expect_format_error(const char *tsv, const char *where, const char *reason) {
    ut_themes *th = NULL;
    assert_int_equal(ut_themes_new(&th), 0);
    assert_int_equal(ut_themes_load_buffer(th, "bad.tsv", tsv, strlen(tsv)), UT_EFORMAT);
    const char *msg = ut_error_last();
    if (!strstr(msg, where) || !strstr(msg, reason))
        fail_msg("message \"%s\" lacks \"%s\" / \"%s\"", msg, where, reason);
    ut_themes_free(th);
}

static void file_errors_name_file_and_line(void **state) {
    (void)state;
    expect_format_error("theme\tterm\nfood\tsoup\nno tab here\n", "bad.tsv:3:", "no tab");
    expect_format_error("theme\tterm\n# c\n\nfood\t\n", "bad.tsv:4:", "empty term");
    expect_format_error("theme\tterm\na//b\tx\n", "bad.tsv:2:", "empty segment");
    expect_format_error("theme\tterm\n/a\tx\n", "bad.tsv:2:", "empty segment");
    expect_format_error("theme\tterm\na/\tx\n", "bad.tsv:2:", "empty segment");
    expect_format_error("theme\tterm\n\tx\n", "bad.tsv:2:", "empty theme");
    expect_format_error("theme\tterm\nfood\t...\n", "bad.tsv:2:", "no words");
    expect_format_error("theme\tterm\nfood\tone two three four five six seven eight nine\n", "bad.tsv:2:", "more than");
    expect_format_error("theme\tterm\nfood\tsoup, salad\n", "bad.tsv:2:", "splits");
    expect_format_error("theme\tterm\tvalence\nprice\tcheap\tlots\n", "bad.tsv:2:", "not a number");
    expect_format_error("theme\tterm\tvalence\nprice\tcheap\t4.5\n", "bad.tsv:2:", "outside");
}

static void file_io(void **state) {
    (void)state;
    ut_themes *th = NULL;
    assert_int_equal(ut_themes_new(&th), 0);
    assert_int_equal(ut_themes_load_file(th, "/nonexistent/themes.tsv"), UT_EIO);
    assert_non_null(strstr(ut_error_last(), "/nonexistent/themes.tsv"));

    char path[] = "/tmp/ut_test_theme_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs("theme\tterm\nfood\tsoup\nbroken line\n", f);
    fclose(f);
    assert_int_equal(ut_themes_load_file(th, path), UT_EFORMAT);
    char where[64];
    snprintf(where, sizeof where, "%s:3:", path);
    assert_non_null(strstr(ut_error_last(), where));
    remove(path);
    ut_themes_free(th);
}

static void overlay_later_wins(void **state) {
    (void)state;
    ut_themes *th = NULL;
    assert_int_equal(ut_themes_new(&th), 0);
    const char *first = "theme\tterm\nservice/wait\tquick\nfood\tsoup\nfood\tbar\n";
    const char *second = "theme\tterm\ndelivery\tquick\n-\tbar\n";
    assert_int_equal(ut_themes_load_buffer(th, "first.tsv", first, strlen(first)), 0);
    uint64_t before = 0;
    assert_int_equal(ut_themes_load_buffer(th, "second.tsv", second, strlen(second)), 0);
    assert_int_equal(ut_themes_freeze(th), 0);
    before = ut_themes_fingerprint(th);

    ut_tokens toks = UT_TOKENS_INIT;
    const char *text = "quick soup at the bar";
    assert_int_equal(ut_tokenize(&toks, text, strlen(text)), 0);
    ut_theme_mention out[8];
    uint32_t n = ut_themes_find(th, &toks, NULL, out, 8);
    assert_int_equal(n, 2); /* "bar" was taken out by the second file */
    assert_int_equal(out[0].theme, id_of(th, "delivery"));
    assert_int_equal(out[1].theme, id_of(th, "food"));
    assert_int_equal(ut_themes_freeze(th), 0); /* freezing twice is harmless */
    assert_int_equal(ut_themes_add(th, "food", 4, "stew", 4), UT_EINVAL);

    /* a different table has a different fingerprint */
    ut_themes *other = themes_from(first);
    assert_true(ut_themes_fingerprint(other) != before);
    ut_themes_free(other);
    ut_tokens_free(&toks);
    ut_themes_free(th);
}

static void builtin_packs_load(void **state) {
    (void)state;
    const char *packs[] = {"restaurant", "hotel", "ecommerce", "airline"};
    for (size_t p = 0; p < UT_ARRAY_LEN(packs); p++) {
        ut_themes *th = NULL;
        assert_int_equal(ut_themes_new(&th), 0);
        assert_int_equal(ut_themes_load_builtin(th, "general"), 0);
        size_t general_terms = ut_themes_term_count(th);
        assert_true(general_terms >= 300);
        if (ut_themes_load_builtin(th, packs[p]) != 0) fail_msg("%s: %s", packs[p], ut_error_last());
        assert_true(ut_themes_term_count(th) >= general_terms + 300);
        assert_int_equal(ut_themes_freeze(th), 0);
        /* the filter in front of the table never turns a key away */
        uint32_t keys = 0;
        for (uint32_t i = 0; i <= th->slot_mask; i++) {
            if (!th->slots[i].used) continue;
            keys++;
            assert_true(ut_key_filter_maybe(th->filter, th->slots[i].key));
            assert_ptr_equal(ut_theme_slot_find(th, th->slots[i].key), &th->slots[i]);
        }
        assert_int_equal(keys, th->n_slots_used);
        ut_themes_free(th);
    }
    ut_themes *th = NULL;
    assert_int_equal(ut_themes_new(&th), 0);
    assert_int_equal(ut_themes_load_builtin(th, "nosuchpack"), UT_EINVAL);
    ut_themes_free(th);
}

/* ---- matching ---- */

static void multi_word_and_longest_match(void **state) {
    (void)state;
    ut_themes *th = themes_from(small_tsv);
    fake_detail f = {.toks = UT_TOKENS_INIT};
    ut_theme_mention out[8];

    fake_score(&f, "Customer Service never sent the tracking number");
    uint32_t n = ut_themes_find(th, &f.toks, &f.detail, out, 8);
    assert_int_equal(n, 2);
    assert_int_equal(out[0].theme, id_of(th, "service/support"));
    assert_int_equal(out[0].tok_begin, 0);
    assert_int_equal(out[0].tok_end, 2);
    assert_int_equal(out[1].theme, id_of(th, "delivery")); /* not privacy: the longer term wins */
    assert_int_equal(out[1].tok_end - out[1].tok_begin, 2);

    fake_score(&f, "they sell your tracking data");
    n = ut_themes_find(th, &f.toks, &f.detail, out, 8);
    assert_int_equal(n, 1);
    assert_int_equal(out[0].theme, id_of(th, "privacy"));

    /* a term's words split by a sentence end do not match */
    fake_score(&f, "Call customer. Service was fine");
    n = ut_themes_find(th, &f.toks, &f.detail, out, 8);
    assert_int_equal(n, 0);

    ut_tokens_free(&f.toks);
    ut_themes_free(th);
}

/* A first word with more second words than next_words has bits still finds
 * each of its terms, and alone it is no term. */
static void many_terms_share_a_first_word(void **state) {
    (void)state;
    static const char *const seconds[] = {"bar",  "desk", "door", "gate", "hall",   "lobby", "lounge", "office",
                                          "pool", "room", "shop", "spa",  "stairs", "tower", "wing",   "yard"};
    char tsv[1024] = "theme\tterm\n";
    for (size_t k = 0; k < UT_ARRAY_LEN(seconds); k++) {
        char line[64];
        snprintf(line, sizeof line, "place/%s\tthe %s\n", seconds[k], seconds[k]);
        strcat(tsv, line);
    }
    ut_themes *th = themes_from(tsv);
    ut_tokens t = UT_TOKENS_INIT;
    char text[64];
    uint32_t theme = 0;
    for (size_t k = 0; k < UT_ARRAY_LEN(seconds); k++) {
        snprintf(text, sizeof text, "the %s", seconds[k]);
        assert_int_equal(ut_tokenize(&t, text, strlen(text)), 0);
        assert_int_equal(ut_themes_match(th, &t, 0, t.n_tok, &theme), 2);
        snprintf(text, sizeof text, "place/%s", seconds[k]);
        assert_int_equal((int32_t)theme, id_of(th, text));
    }
    assert_int_equal(ut_tokenize(&t, "the food", 8), 0);
    assert_int_equal(ut_themes_match(th, &t, 0, t.n_tok, &theme), 0);
    ut_tokens_free(&t);
    ut_themes_free(th);
}

/* Inner prefixes of multi-word terms are stored as markers so matching
 * stops at the first missing one: a marker is never a term, is not
 * counted, and a term is still found past a prefix that is no term. */
static void term_prefixes_are_markers_not_terms(void **state) {
    (void)state;
    ut_themes *th = themes_from("theme\tterm\nfood\tpad thai\nfood\tpad thai with extra noodles\n"
                                "delivery\tsame day delivery window\n");
    assert_int_equal(ut_themes_term_count(th), 3);
    ut_tokens t = UT_TOKENS_INIT;
    uint32_t theme = 0;
    assert_int_equal(ut_tokenize(&t, "pad thai with extra noodles", 27), 0);
    assert_int_equal(ut_themes_match(th, &t, 0, t.n_tok, &theme), 5);
    assert_int_equal(ut_themes_match(th, &t, 0, 4, &theme), 2); /* "pad thai with extra" is a marker */
    assert_int_equal(theme, (uint32_t)id_of(th, "food"));
    assert_int_equal(ut_tokenize(&t, "same day delivery", 17), 0);
    assert_int_equal(ut_themes_match(th, &t, 0, t.n_tok, &theme), 0); /* only prefixes: nothing */
    assert_int_equal(ut_tokenize(&t, "pad see ew", 10), 0);
    assert_int_equal(ut_themes_match(th, &t, 0, t.n_tok, &theme), 0);
    ut_tokens_free(&t);
    /* markers are no content: the fingerprint follows the terms (and the
     * themes' id order) only */
    ut_themes *again = themes_from("theme\tterm\nfood\tpad thai with extra noodles\nfood\tpad thai\n"
                                   "delivery\tsame day delivery window\n");
    assert_true(ut_themes_fingerprint(th) == ut_themes_fingerprint(again));
    ut_themes_free(again);
    ut_themes_free(th);
}

static void currency_amounts(void **state) {
    (void)state;
    ut_themes *th = themes_from(small_tsv);
    fake_detail f = {.toks = UT_TOKENS_INIT};
    ut_theme_mention out[8];
    fake_score(&f, "The soup was $25 and great");
    uint32_t n = ut_themes_find(th, &f.toks, &f.detail, out, 8);
    assert_int_equal(n, 2);
    assert_true(mention_of(out, n, id_of(th, "price"))->score > 0);
    const char *amounts[] = {"Only \xC2\xA3"
                             "9.99.",
                             "Only \xE2\x82\xAC"
                             "15.",
                             "Only \xC2\xA5"
                             "500."};
    for (size_t a = 0; a < UT_ARRAY_LEN(amounts); a++) {
        fake_score(&f, amounts[a]);
        n = ut_themes_find(th, &f.toks, &f.detail, out, 8);
        assert_int_equal(n, 1);
        assert_int_equal(out[0].theme, id_of(th, "price"));
    }
    fake_score(&f, "We were 25 people");
    assert_int_equal(ut_themes_find(th, &f.toks, &f.detail, out, 8), 0);
    ut_tokens_free(&f.toks);
    ut_themes_free(th);
}

/* A wanted theme ("<wanted>") said to be lacking is a complaint even when
 * the words around carry no sentiment; other themes, and "a little", are not. */
static void lacking_a_wanted_theme(void **state) {
    (void)state;
    ut_themes *th =
        themes_from("theme\tterm\nroom\t<wanted>\nroom/space\tlegroom\nroom/space\tspace\nroom/space\tknees\n"
                    "delay\tdelay\n");
    fake_detail f = {.toks = UT_TOKENS_INIT};
    ut_theme_mention out[8];
    const char *lacking[] = {"There was no legroom at all",     "Not enough space for anyone",
                             "A lack of legroom on the flight", "Very little space",
                             "The legroom was minimal",         "Hardly any legroom"};
    for (size_t k = 0; k < UT_ARRAY_LEN(lacking); k++) {
        fake_score(&f, lacking[k]);
        assert_int_equal(ut_themes_find(th, &f.toks, &f.detail, out, 8), 1);
        assert_int_equal(out[0].theme, id_of(th, "room/space"));
        assert_true(out[0].score < 0);
    }
    const char *not_lacking[] = {"There was no delay", "A little legroom would do",       "No issues with the legroom",
                                 "The legroom",        "No one reclines into your space", "No knocking knees"};
    for (size_t k = 0; k < UT_ARRAY_LEN(not_lacking); k++) {
        fake_score(&f, not_lacking[k]);
        assert_int_equal(ut_themes_find(th, &f.toks, &f.detail, out, 8), 1);
        assert_true(out[0].score == 0);
    }
    /* the flag is part of the lexicon's identity */
    ut_themes *plain = themes_from("theme\tterm\nroom/space\tlegroom\nroom/space\tspace\ndelay\tdelay\n");
    assert_true(ut_themes_fingerprint(th) != ut_themes_fingerprint(plain));
    ut_themes_free(plain);
    ut_tokens_free(&f.toks);
    ut_themes_free(th);
}

/* "<unused>" takes the terms listed so far of a theme and its sub-themes
 * out (stop phrases: no mention, and no shorter term inside matches); a
 * term listed after it counts again. */
static void unused_theme_loses_its_terms(void **state) {
    (void)state;
    ut_themes *th = themes_from("theme\tterm\ndelivery\tarrived\ndelivery/damage\tarrived damaged\n"
                                "seat\tseat\ndamage\tdamaged\n"
                                "delivery\t<unused>\nflight\tarrival\ndelivery\tparcel\n");
    fake_detail f = {.toks = UT_TOKENS_INIT};
    ut_theme_mention out[8];
    fake_score(&f, "The seat arrived damaged");
    assert_int_equal(ut_themes_find(th, &f.toks, &f.detail, out, 8), 1);
    assert_int_equal(out[0].theme, id_of(th, "seat"));
    fake_score(&f, "The parcel and the arrival");
    assert_int_equal(ut_themes_find(th, &f.toks, &f.detail, out, 8), 2);
    assert_int_equal(out[0].theme, id_of(th, "delivery"));
    assert_int_equal(out[1].theme, id_of(th, "flight"));
    ut_tokens_free(&f.toks);
    ut_themes_free(th);
}

/* ---- attribution ---- */

static void term_valence_overrides_lexicon(void **state) {
    (void)state;
    /* "cold" is mildly negative in the fake lexicon; as a drinks term here it is good news */
    ut_themes *th = themes_from("theme\tterm\tvalence\nprice\tcheap\t1.5\ndrinks\tcold beer\t2\nroom\troom\n");
    fake_detail f = {.toks = UT_TOKENS_INIT};
    ut_theme_mention out[8];
    fake_score(&f, "The beer was cheap.");
    uint32_t n = ut_themes_find(th, &f.toks, &f.detail, out, 8);
    assert_int_equal(n, 1);
    assert_float_equal(out[0].score, ut_normalize_valence(1.5), 1e-6);

    fake_score(&f, "It is not cheap.");
    n = ut_themes_find(th, &f.toks, &f.detail, out, 8);
    assert_int_equal(n, 1);
    assert_float_equal(out[0].score, ut_normalize_valence(1.5 * -0.74), 1e-6);

    fake_score(&f, "Ice cold beer, cold room.");
    n = ut_themes_find(th, &f.toks, &f.detail, out, 8);
    assert_int_equal(n, 2);
    assert_true(out[0].score > 0.4f); /* the term's own +2 replaces "cold" */
    assert_true(out[1].score < 0.0f); /* the lexicon's "cold" still speaks for the room */

    /* a negator in another clause does not reach the term */
    fake_score(&f, "No, it was cheap.");
    n = ut_themes_find(th, &f.toks, &f.detail, out, 8);
    assert_true(out[0].score > 0);
    ut_tokens_free(&f.toks);
    ut_themes_free(th);
}

/* An opinion word ("~cold") names no theme; in a clause that names its
 * theme (or one below it) it speaks with its own valence for the nearest
 * such mention, flipped by a negator; the narrower theme's entry wins; "-"
 * and <unused> take it out; and it must be one word with a valence. */
static void opinion_words_speak_for_a_named_theme(void **state) {
    (void)state;
    ut_themes *th = themes_from("theme\tterm\tvalence\n"
                                "food\tfries\nfood/dessert\tice cream\ndrinks\tbeer\nroom\troom\nroom/bath\tshower\n"
                                "food\t~cold\t-1.5\ndrinks\t~cold\t1\nroom\t~hot\t-1.2\nroom/bath\t~hot\t1\n"
                                "room\t~flat\t-1\n-\t~flat\n");
    fake_detail f = {.toks = UT_TOKENS_INIT};
    ut_theme_mention out[8];
    /* "cold" is -0.8 in the fake lexicon: the opinion replaces it */
    fake_score(&f, "The fries were cold.");
    uint32_t n = ut_themes_find(th, &f.toks, &f.detail, out, 8);
    assert_int_equal(n, 1);
    assert_float_equal(out[0].score, ut_normalize_valence(-1.5), 1e-6);
    /* a sub-theme takes its parent's opinion words */
    fake_score(&f, "The ice cream was cold.");
    n = ut_themes_find(th, &f.toks, &f.detail, out, 8);
    assert_float_equal(mention_of(out, n, id_of(th, "food/dessert"))->score, ut_normalize_valence(-1.5), 1e-6);
    /* each word goes to the nearest mention it speaks about */
    fake_score(&f, "The beer was cold and the fries were cold.");
    n = ut_themes_find(th, &f.toks, &f.detail, out, 8);
    assert_float_equal(mention_of(out, n, id_of(th, "drinks"))->score, ut_normalize_valence(1.0), 1e-6);
    assert_float_equal(mention_of(out, n, id_of(th, "food"))->score, ut_normalize_valence(-1.5), 1e-6);
    /* negated */
    fake_score(&f, "The fries were not cold.");
    n = ut_themes_find(th, &f.toks, &f.detail, out, 8);
    assert_float_equal(out[0].score, ut_normalize_valence(-1.5 * -0.74), 1e-6);
    /* the narrower theme's entry wins: a hot shower, a hot room */
    fake_score(&f, "The shower was hot.");
    n = ut_themes_find(th, &f.toks, &f.detail, out, 8);
    assert_float_equal(out[0].score, ut_normalize_valence(1.0), 1e-6);
    fake_score(&f, "The room was hot.");
    n = ut_themes_find(th, &f.toks, &f.detail, out, 8);
    assert_float_equal(out[0].score, ut_normalize_valence(-1.2), 1e-6);
    /* no mention of its theme in the clause: silent, and it makes no mention */
    fake_score(&f, "It was hot, the room was fine.");
    n = ut_themes_find(th, &f.toks, &f.detail, out, 8);
    assert_int_equal(n, 1); /* the room, silent: "hot" is in another clause */
    assert_float_equal(out[0].score, 0.0f, 1e-6);
    fake_score(&f, "It was hot outside.");
    assert_int_equal(ut_themes_find(th, &f.toks, &f.detail, out, 8), 0);
    /* taken out by "-" */
    fake_score(&f, "The room was flat.");
    n = ut_themes_find(th, &f.toks, &f.detail, out, 8);
    assert_float_equal(out[0].score, 0.0f, 1e-6);
    uint64_t with_opinions = ut_themes_fingerprint(th);
    ut_themes_free(th);

    /* <unused> takes a theme's opinion words out with its terms */
    th = themes_from("food\tfries\nfood\t~cold\t-1.5\nfood\t<unused>\nfood\tfries\n");
    fake_score(&f, "The fries were cold.");
    n = ut_themes_find(th, &f.toks, &f.detail, out, 8);
    assert_int_equal(n, 1);
    assert_float_equal(out[0].score, ut_normalize_valence(-0.8), 1e-6);
    assert_true(ut_themes_fingerprint(th) != with_opinions);
    ut_themes_free(th);

    expect_format_error("food\t~ice cold\t1\n", "bad.tsv:1", "must be one word");
    expect_format_error("food\t~cold\n", "bad.tsv:1", "needs a valence");
    ut_tokens_free(&f.toks);
}

/* Every word of the negator list flips a valued term (the list is matched by
 * token hash, confirmed by bytes), and a word that merely starts like one
 * ("note", "nobody") does not. */
static void every_negator_flips_a_valued_term(void **state) {
    (void)state;
    static const char *const negators[] = {"not",     "no",    "never", "without", "hardly",   "barely",
                                           "nothing", "none",  "nor",   "neither", "cannot",   "nt",
                                           "isnt",    "wasnt", "dont",  "didnt",   "doesnt",   "arent",
                                           "werent",  "wont",  "cant",  "couldnt", "wouldn't", "aren\xE2\x80\x99t"};
    ut_themes *th = themes_from("theme\tterm\tvalence\nprice\tcheap\t1.5\n");
    fake_detail f = {.toks = UT_TOKENS_INIT};
    ut_theme_mention out[4];
    char text[64];
    for (size_t k = 0; k < UT_ARRAY_LEN(negators); k++) {
        snprintf(text, sizeof text, "it %s cheap", negators[k]);
        fake_score(&f, text);
        assert_int_equal(ut_themes_find(th, &f.toks, &f.detail, out, 4), 1);
        assert_float_equal(out[0].score, ut_normalize_valence(1.5 * -0.74), 1e-6);
    }
    static const char *const others[] = {"note", "nobody", "known", "nots", "n"};
    for (size_t k = 0; k < UT_ARRAY_LEN(others); k++) {
        snprintf(text, sizeof text, "it %s cheap", others[k]);
        fake_score(&f, text);
        assert_int_equal(ut_themes_find(th, &f.toks, &f.detail, out, 4), 1);
        assert_float_equal(out[0].score, ut_normalize_valence(1.5), 1e-6);
    }
    ut_tokens_free(&f.toks);
    ut_themes_free(th);
}

static void clause_sentiment_and_contrast(void **state) {
    (void)state;
    ut_themes *th = themes_from(small_tsv);
    fake_detail f = {.toks = UT_TOKENS_INIT};
    ut_theme_mention out[8];
    fake_score(&f, "The room was lovely, but the waiter was rude.");
    uint32_t n = ut_themes_find(th, &f.toks, &f.detail, out, 8);
    assert_int_equal(n, 2);
    const ut_theme_mention *room = mention_of(out, n, id_of(th, "room"));
    const ut_theme_mention *staff = mention_of(out, n, id_of(th, "service/staff"));
    assert_true(room->score > 0.3f);
    assert_true(staff->score < -0.3f);
    assert_true(room->clause != staff->clause);
    assert_float_equal(room->score, ut_normalize_valence(2.8), 1e-6);
    ut_tokens_free(&f.toks);
    ut_themes_free(th);
}

static void one_theme_twice_in_a_clause_is_one_mention(void **state) {
    (void)state;
    ut_themes *th = themes_from("theme\tterm\nservice/staff\tstaff\nservice/staff\trude\nfood\tfood\n");
    fake_detail f = {.toks = UT_TOKENS_INIT};
    ut_theme_mention out[8];
    /* "rude" is a staff term and a sentiment word; "staff" must not be left with the clause's sum */
    fake_score(&f, "great food and rude staff");
    uint32_t n = ut_themes_find(th, &f.toks, &f.detail, out, 8);
    assert_int_equal(n, 2);
    const ut_theme_mention *staff = mention_of(out, n, id_of(th, "service/staff"));
    assert_float_equal(staff->score, ut_normalize_valence(-2.5), 1e-6);
    assert_int_equal(staff->tok_begin, 3); /* the first occurrence */
    assert_true(mention_of(out, n, id_of(th, "food"))->score > 0.5f);

    /* separate clauses stay separate mentions */
    fake_score(&f, "The staff, rude.");
    assert_int_equal(ut_themes_find(th, &f.toks, &f.detail, out, 8), 2);
    ut_tokens_free(&f.toks);
    ut_themes_free(th);
}

static void two_themes_in_one_clause(void **state) {
    (void)state;
    ut_themes *th = themes_from(small_tsv);
    fake_detail f = {.toks = UT_TOKENS_INIT};
    ut_theme_mention out[8];

    /* one sentiment for the clause: both take it */
    fake_score(&f, "The food and the staff were excellent");
    uint32_t n = ut_themes_find(th, &f.toks, &f.detail, out, 8);
    assert_int_equal(n, 2);
    assert_int_equal(out[0].clause, out[1].clause);
    assert_true(out[0].score > 0.5f);
    assert_float_equal(out[0].score, out[1].score, 1e-6);

    /* words of both signs in one clause: each goes to the nearest mention */
    fake_score(&f, "great food and rude staff");
    n = ut_themes_find(th, &f.toks, &f.detail, out, 8);
    assert_int_equal(n, 2);
    assert_true(mention_of(out, n, id_of(th, "food"))->score > 0.3f);
    assert_true(mention_of(out, n, id_of(th, "service/staff"))->score < -0.3f);

    /* a mention with no word of its own still takes the clause's sum */
    fake_score(&f, "the soup and the food were great and the staff rude");
    n = ut_themes_find(th, &f.toks, &f.detail, out, 8);
    assert_int_equal(n, 3);
    assert_float_equal(out[0].score, ut_normalize_valence(3.1 - 2.5), 1e-6); /* soup: no word nearest to it */
    assert_true(out[1].score > 0.3f);                                        /* food: great */
    assert_true(out[2].score < -0.3f);                                       /* staff: rude */
    ut_tokens_free(&f.toks);
    ut_themes_free(th);
}

static void window_then_sentence_fallback(void **state) {
    (void)state;
    ut_themes *th = themes_from(small_tsv);
    fake_detail f = {.toks = UT_TOKENS_INIT};
    ut_theme_mention out[8];

    /* the delivery's clause is silent; "awful" is 3 tokens away in the next clauses */
    fake_score(&f, "The delivery, honestly, was awful.");
    uint32_t n = ut_themes_find(th, &f.toks, &f.detail, out, 8);
    assert_int_equal(n, 1);
    assert_int_equal(out[0].theme, id_of(th, "delivery"));
    assert_float_equal(out[0].score, ut_normalize_valence(-3.0), 1e-6);

    /* nothing within the window: the sentence's compound */
    fake_score(&f, "Awful, from the moment we came in until the end, the room was on the top floor.");
    n = ut_themes_find(th, &f.toks, &f.detail, out, 8);
    assert_int_equal(n, 1);
    assert_float_equal(out[0].score, f.sentence[0].compound, 1e-6);
    assert_true(out[0].score < 0);

    /* no sentiment anywhere: 0 */
    fake_score(&f, "The room is on the second floor.");
    n = ut_themes_find(th, &f.toks, &f.detail, out, 8);
    assert_int_equal(n, 1);
    assert_float_equal(out[0].score, 0.0f, 0);
    ut_tokens_free(&f.toks);
    ut_themes_free(th);
}

static void other_for_negative_unthemed_sentences(void **state) {
    (void)state;
    ut_themes *th = themes_from(small_tsv);
    fake_detail f = {.toks = UT_TOKENS_INIT};
    ut_theme_mention out[8];
    fake_score(&f, "What a disaster. It was lovely. The waiter was slow. We left.");
    uint32_t n = ut_themes_find(th, &f.toks, &f.detail, out, 8);
    assert_int_equal(n, 2);
    assert_int_equal(out[0].theme, UT_THEME_OTHER);
    assert_int_equal(out[0].sentence, 0);
    assert_int_equal(out[0].tok_begin, f.toks.sent[0].tok_begin);
    assert_int_equal(out[0].tok_end, f.toks.sent[0].tok_end);
    assert_float_equal(out[0].score, f.sentence[0].compound, 1e-6);
    assert_int_equal(out[1].theme, id_of(th, "service/staff")); /* negative, but themed: no "other" */
    assert_int_equal(out[1].sentence, 2);

    /* without detail there is no sentiment and no "other" */
    n = ut_themes_find(th, &f.toks, NULL, out, 8);
    assert_int_equal(n, 1);
    assert_float_equal(out[0].score, 0.0f, 0);
    ut_tokens_free(&f.toks);
    ut_themes_free(th);
}

static void count_beyond_max(void **state) {
    (void)state;
    ut_themes *th = themes_from(small_tsv);
    fake_detail f = {.toks = UT_TOKENS_INIT};
    ut_theme_mention out[2];
    fake_score(&f, "food, soup, staff, room. A disaster.");
    memset(out, 0, sizeof out);
    uint32_t n = ut_themes_find(th, &f.toks, &f.detail, out, 2);
    assert_int_equal(n, 5);
    assert_int_equal(out[0].theme, id_of(th, "food"));
    assert_int_equal(out[1].theme, id_of(th, "food/taste"));
    assert_int_equal(ut_themes_find(th, &f.toks, &f.detail, NULL, 0), 5);

    /* a clause naming more themes than one scoring group holds: all are counted */
    char tsv[2048] = "theme\tterm\n", text[1024] = "great";
    for (int i = 0; i < 40; i++) {
        char line[32];
        snprintf(line, sizeof line, "t%d\tw%d\n", i, i);
        strcat(tsv, line);
        snprintf(line, sizeof line, " w%d", i);
        strcat(text, line);
    }
    strcat(text, " awful");
    ut_themes *many_themes = themes_from(tsv);
    fake_score(&f, text);
    ut_theme_mention many[64];
    assert_int_equal(ut_themes_find(many_themes, &f.toks, &f.detail, many, 64), 40);
    ut_themes_free(many_themes);

    /* one theme named 40 times in a clause is one mention */
    strcpy(text, "great");
    for (int i = 0; i < 40; i++)
        strcat(text, " soup");
    fake_score(&f, text);
    assert_int_equal(ut_themes_find(th, &f.toks, &f.detail, many, 64), 1);
    ut_tokens_free(&f.toks);
    ut_themes_free(th);
}

static void empty_input(void **state) {
    (void)state;
    ut_themes *th = themes_from(small_tsv);
    fake_detail f = {.toks = UT_TOKENS_INIT};
    ut_theme_mention out[2];
    fake_score(&f, "");
    assert_int_equal(ut_themes_find(th, &f.toks, &f.detail, out, 2), 0);
    fake_score(&f, "...!!!");
    assert_int_equal(ut_themes_find(th, &f.toks, &f.detail, out, 2), 0);
    ut_tokens_free(&f.toks);
    ut_themes_free(th);

    ut_themes *none = themes_from("");
    assert_int_equal(ut_themes_count(none), 1);
    assert_int_equal(ut_themes_term_count(none), 0);
    ut_themes_free(none);
}

/* End to end with the default scorer and the built-in lexicons: negation
 * applied by the scorer reaches the theme. */
/* Sentences scored by the real model with the general pack: each names a
 * theme with the sign its mentions must have (-1 or 1), or 0 where the
 * theme must have no negative mention (a look-alike). */
typedef struct theme_case {
    const char *text;
    const char *theme;
    int sign;
} theme_case;

static void check_theme_cases(const theme_case *cases, size_t n_cases) {
    ut_lexicon *lex = NULL;
    ut_scorer *scorer = NULL;
    ut_themes *th = NULL;
    const ut_builtin_file *sentiment = ut_builtin_find("sentiment.tsv");
    assert_non_null(sentiment);
    assert_int_equal(ut_lexicon_new(&lex), 0);
    assert_int_equal(ut_lexicon_load_buffer(lex, sentiment->name, sentiment->data, sentiment->len, UT_LEXFMT_AUTO), 0);
    assert_int_equal(ut_lexicon_freeze(lex), 0);
    assert_int_equal(ut_scorer_new(&scorer, UT_MODEL_DEFAULT, lex), 0);
    assert_int_equal(ut_themes_new(&th), 0);
    assert_int_equal(ut_themes_load_builtin(th, "general"), 0);
    assert_int_equal(ut_themes_freeze(th), 0);
    ut_tokens toks = UT_TOKENS_INIT;
    ut_arena arena = UT_ARENA_INIT;
    for (size_t c = 0; c < n_cases; c++) {
        int32_t theme = id_of(th, cases[c].theme);
        ut_score_detail detail;
        ut_sentiment overall;
        ut_arena_reset(&arena);
        assert_int_equal(ut_tokenize(&toks, cases[c].text, strlen(cases[c].text)), 0);
        assert_int_equal(ut_score_tokens(scorer, &toks, &arena, &detail, &overall), 0);
        ut_theme_mention out[8];
        uint32_t n = ut_themes_find(th, &toks, &detail, out, 8);
        int seen = 0;
        for (uint32_t m = 0; m < UT_MIN(n, 8); m++) {
            if ((int32_t)out[m].theme != theme) continue;
            seen = 1; /* every mention of the theme must agree */
            if (cases[c].sign ? cases[c].sign * out[m].score <= 0 : out[m].score < 0)
                fail_msg("\"%s\": %s scored %f", cases[c].text, cases[c].theme, out[m].score);
        }
        if (cases[c].sign && !seen) fail_msg("\"%s\": no mention of %s", cases[c].text, cases[c].theme);
    }
    ut_tokens_free(&toks);
    ut_arena_free(&arena);
    ut_themes_free(th);
    ut_scorer_free(scorer);
    ut_lexicon_free(lex);
}

static void negated_clause_with_real_scorer(void **state) {
    (void)state;
    static const theme_case cases[] = {
        {"The staff was not friendly.", "service/staff", -1},
        {"The staff was friendly.", "service/staff", 1},
        {"The staff were great, but the refund never came and it was awful.", "service/staff", 1}};
    check_theme_cases(cases, UT_ARRAY_LEN(cases));
}

/* How customers name the people who served them and the time they spent
 * waiting, without the words "staff" or "wait"; and what must not read so. */
static void staff_and_waiting_in_other_words(void **state) {
    (void)state;
    static const theme_case cases[] = {
        {"Our waiter ignored us and was chatting with colleagues the whole time.", "service/staff", -1},
        {"Our waitress was lovely and attentive.", "service/staff", 1},
        {"The guy at the till rolled his eyes when I asked a simple question.", "service/staff", -1},
        {"The lady at the counter was short with me for no reason.", "service/staff", -1},
        {"The lady at the counter was lovely.", "service/staff", 1},
        {"She rolled her eyes at me.", "service/staff", -1},
        {"One of the employees told me \"that's not my problem\" and walked away.", "service/staff", -1},
        {"The barista was curt.", "service/staff", -1},
        {"The cashier was on her phone the whole time.", "service/staff", -1},
        {"The clerk was chatting on his phone while we stood there.", "service/staff", -1},
        {"The cashier told me I could pay on my phone.", "service/staff", 0},
        {"The room was not cleaned and nobody at the desk apologised.", "service/staff", -1},
        {"The room was not cleaned.", "cleanliness", -1},
        {"The room was cleaned every day.", "cleanliness", 0},
        {"I ordered at the counter and had my coffee in two minutes.", "service/staff", 0},
        {"The queue was long and barely moving.", "service/wait", -1},
        {"I was kept waiting for ages even though I had an appointment.", "service/wait", -1},
        {"The line went out the door and only one register was open.", "service/wait", -1},
        {"We sat there for 40 minutes before anyone noticed us.", "service/wait", -1},
        {"Forty minutes before anyone even took our order.", "service/wait", -1},
        {"We sat there for an hour enjoying the view.", "service/wait", 0},
        {"The kids sat there for hours playing happily.", "service/wait", 0},
        {"I ordered at the counter and had my coffee in two minutes.", "service/wait", 0},
    };
    check_theme_cases(cases, UT_ARRAY_LEN(cases));
}

/* A negative sentence that names no theme but opens with a pronoun goes on
 * with the complaint of the sentence before; after praise, without a
 * pronoun, or with a theme of its own, it does not. */
static void pronoun_sentence_goes_on_with_the_complaint(void **state) {
    (void)state;
    static const theme_case cases[] = {
        {"Where is my bag? Its been 3 days.", "baggage", -1},
        {"Where is my bag? Its been 3 days.", "other", 0},
        {"The waiter was rude. He ignored us for twenty minutes.", "service/staff", -1},
        {"The waiter was rude. He ignored us for twenty minutes.", "other", 0},
        /* after praise: no complaint to go on with */
        {"The staff were lovely. It was a disaster from start to finish.", "other", -1},
        {"The staff were lovely. It was a disaster from start to finish.", "service/staff", 1},
        /* no pronoun: a new subject */
        {"The staff were rude. The weather was a disaster.", "other", -1},
    };
    check_theme_cases(cases, UT_ARRAY_LEN(cases));
}

/* Everyday complaints without the theme's usual words, praise that a bare
 * negator or a borrowed word made a complaint, and what must not read so. */
static void complaints_and_praise_in_plain_words(void **state) {
    (void)state;
    static const theme_case cases[] = {
        {"No waiting, no fuss.", "service/wait", 1},
        {"Barely any wait, even at lunchtime.", "service/wait", 1},
        {"There is no waiting area, so we stood outside.", "service/wait", -1},
        {"Customer support sorted out my problem in one email.", "service/support", 1},
        {"The chat agent kept pasting the same scripted reply.", "service/support", -1},
        {"The waiter snapped at me when I asked for the bill.", "service/staff", -1},
        {"The courier claimed nobody was home but I was there all day.", "delivery", -1},
        {"The package was left in the rain outside the door.", "delivery", -1},
        {"Shipping took forever and the tracking never updated.", "delivery", -1},
        {"Shipping took forever and the tracking never updated.", "digital/app", 0},
        {"I updated the app and now it crashes.", "digital/app", -1},
        {"The strap snapped off the first time I used it.", "product/quality", -1},
        {"The colour faded after a month.", "product/quality", -1},
        {"5 euros for a small coffee is ridiculous.", "price/value", -1},
        {"Prices are about the same as elsewhere in town.", "price", 0},
        {"After the last update the app logs me out every time.", "digital/app", -1},
        {"The tables had not been wiped and there were crumbs everywhere.", "cleanliness", -1},
        {"There was dust everywhere and the bins were overflowing.", "cleanliness", -1},
        {"Very hygienic, the tables were wiped down after every guest.", "cleanliness", 1},
        {"The garden was overflowing with flowers.", "cleanliness", 0},
        /* a short wait is no waiting complaint, as the cues read it */
        {"We waited about 5 minutes, which is normal for a Sunday.", "service/wait", 0},
        {"We only waited a few minutes for a table.", "service/wait", 0},
        {"We waited 40 minutes for a table.", "service/wait", -1},
        {"We waited and waited.", "service/wait", -1},
        {"We waited two hours for our food.", "service/wait", -1},
        /* money that never arrives is a billing complaint, not a parcel's */
        {"I was charged twice and the refund never arrived.", "price/billing", -1},
        {"I was charged twice and the refund never arrived.", "delivery", 0},
        {"My refund still hasn't arrived after three weeks.", "price/billing", -1},
        {"My refund still hasn't arrived after three weeks.", "delivery", 0},
        {"The refund did not arrive until I called the bank.", "delivery", 0},
        {"The money never arrived in my account.", "delivery", 0},
        {"The refund arrived within two days, no questions asked.", "delivery", 0},
        {"The parcel never arrived.", "delivery", -1},
        /* luggage is baggage in the general pack too; a bag alone is a product */
        {"They lost my bag.", "baggage", -1},
        {"Lost luggage again, third trip in a row.", "baggage", -1},
        {"My suitcase was lost and nobody could tell me where it was.", "baggage", -1},
        {"@united where is my bag? its been 3 days", "baggage", -1},
        {"My bag never arrived.", "baggage", 0},
        {"My bag never arrived.", "delivery", -1},
        {"The bag is cute but the strap broke.", "baggage", 0},
        {"The replacement never arrived.", "delivery", -1},
        {"The package arrived a week late.", "delivery", -1},
        /* a product that cannot be had is availability, not consistency or delivery */
        {"They discontinued my favorite lotion.", "product/availability", -1},
        {"It is not available anymore.", "product/availability", -1},
        {"It is not available anymore.", "consistency", 0},
        {"The shop was out of stock again.", "product/availability", -1},
        {"The shop was out of stock again.", "delivery", 0},
        {"Everything I wanted was in stock and it arrived fast.", "product/availability", 0},
        {"I love it, I just wish it wasn't so hard to find.", "product/availability", -1},
        {"Finally back in stock!", "product/availability", 1},
        {"The drugstore doesn't carry it anymore.", "product/availability", -1},
        {"The drugstore doesn't carry it anymore.", "consistency", 0},
        {"The service is not what it used to be.", "consistency", -1},
    };
    check_theme_cases(cases, UT_ARRAY_LEN(cases));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hierarchy_creates_parents),
        cmocka_unit_test(deep_paths),
        cmocka_unit_test(file_format_tolerance),
        cmocka_unit_test(file_errors_name_file_and_line),
        cmocka_unit_test(file_io),
        cmocka_unit_test(overlay_later_wins),
        cmocka_unit_test(builtin_packs_load),
        cmocka_unit_test(multi_word_and_longest_match),
        cmocka_unit_test(term_prefixes_are_markers_not_terms),
        cmocka_unit_test(many_terms_share_a_first_word),
        cmocka_unit_test(currency_amounts),
        cmocka_unit_test(lacking_a_wanted_theme),
        cmocka_unit_test(unused_theme_loses_its_terms),
        cmocka_unit_test(term_valence_overrides_lexicon),
        cmocka_unit_test(opinion_words_speak_for_a_named_theme),
        cmocka_unit_test(every_negator_flips_a_valued_term),
        cmocka_unit_test(clause_sentiment_and_contrast),
        cmocka_unit_test(two_themes_in_one_clause),
        cmocka_unit_test(one_theme_twice_in_a_clause_is_one_mention),
        cmocka_unit_test(window_then_sentence_fallback),
        cmocka_unit_test(other_for_negative_unthemed_sentences),
        cmocka_unit_test(count_beyond_max),
        cmocka_unit_test(empty_input),
        cmocka_unit_test(negated_clause_with_real_scorer),
        cmocka_unit_test(staff_and_waiting_in_other_words),
        cmocka_unit_test(complaints_and_praise_in_plain_words),
        cmocka_unit_test(pronoun_sentence_goes_on_with_the_complaint),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
