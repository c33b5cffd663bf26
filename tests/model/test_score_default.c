/* test_score_default.c — the default review model (score_default.c) and its
 * function-word table (score_rules.c).
 *
 * Rule cases run against a small lexicon built here, so they test the rules
 * and not the values of the shipped lexicon; a second group runs against the
 * built-in lexicon for what only it has (multi-word terms, emoji, idioms). */
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
#include "util/hash.h"
#include "model/lexicon.h"
#include "model/lexicon_internal.h"
#include "model/score.h"
#include "model/score_default.h"
#include "model/score_internal.h"
#include "model/score_rules.h"
#include "text/tokenizer.h"

typedef struct fixture {
    ut_lexicon *lex;
    ut_scorer *scorer;
    ut_tokens tokens;
    ut_arena arena;
} fixture;

static const struct {
    const char *term;
    float valence;
} SMALL_LEXICON[] = {
    {"good", 2.0f},   {"bad", -2.0f},  {"happy", 2.5f},  {"problems", -2.0f}, {"terrible", -3.0f},       {"nice", 1.8f},
    {"pretty", 1.5f}, {"great", 3.0f}, {"better", 1.5f}, {"worse", -2.0f},    {"waste of money", -3.0f},
};

static fixture *fixture_new(int builtin) {
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    f->arena = (ut_arena)UT_ARENA_INIT;
    assert_int_equal(ut_lexicon_new(&f->lex), 0);
    if (builtin) {
        const ut_builtin_file *b = ut_builtin_find("sentiment.tsv");
        assert_non_null(b);
        assert_int_equal(ut_lexicon_load_buffer(f->lex, "sentiment.tsv", b->data, b->len, UT_LEXFMT_UNDERTONE), 0);
    } else {
        for (size_t i = 0; i < sizeof SMALL_LEXICON / sizeof SMALL_LEXICON[0]; i++)
            assert_int_equal(
                ut_lexicon_add(f->lex, SMALL_LEXICON[i].term, strlen(SMALL_LEXICON[i].term), SMALL_LEXICON[i].valence),
                0);
    }
    assert_int_equal(ut_lexicon_freeze(f->lex), 0);
    assert_int_equal(ut_scorer_new(&f->scorer, UT_MODEL_DEFAULT, f->lex), 0);
    return f;
}

static int setup_small(void **state) {
    *state = fixture_new(0);
    return 0;
}

static int setup_builtin(void **state) {
    *state = fixture_new(1);
    return 0;
}

static int teardown(void **state) {
    fixture *f = *state;
    ut_scorer_free(f->scorer);
    ut_lexicon_free(f->lex);
    ut_tokens_free(&f->tokens);
    ut_arena_free(&f->arena);
    free(f);
    return 0;
}

static ut_sentiment score_detail(fixture *f, const char *text, ut_score_detail *detail) {
    ut_sentiment s;
    assert_int_equal(ut_tokenize(&f->tokens, text, strlen(text)), 0);
    assert_int_equal(ut_score_tokens(f->scorer, &f->tokens, &f->arena, detail, &s), 0);
    /* Every result obeys the contract, whatever the text. */
    assert_true(s.compound >= -1.0 && s.compound <= 1.0);
    assert_true(s.positive >= 0 && s.neutral >= 0 && s.negative >= 0);
    assert_float_equal(s.positive + s.neutral + s.negative, 1.0, 1e-9);
    return s;
}

static double score(fixture *f, const char *text) {
    ut_arena_reset(&f->arena);
    return score_detail(f, text, NULL).compound;
}

/* ---- basics ---- */

static void empty_text_is_neutral(void **state) {
    fixture *f = *state;
    ut_sentiment s = score_detail(f, "", NULL);
    assert_true(s.compound == 0.0);
    assert_true(s.neutral == 1.0 && s.positive == 0.0 && s.negative == 0.0);
    s = score_detail(f, "   ...  !!! ", NULL);
    assert_true(s.compound == 0.0);
    s = score_detail(f, "the table is in the room", NULL);
    assert_true(s.compound == 0.0);
    assert_true(s.neutral == 1.0);
}

static void polarity_of_single_words(void **state) {
    fixture *f = *state;
    assert_true(score(f, "good") > 0.3);
    assert_true(score(f, "bad") < -0.3);
    assert_true(score(f, "the food was good") > 0);
    assert_true(score(f, "the food was bad") < 0);
}

static void compound_stays_bounded(void **state) {
    fixture *f = *state;
    char text[8192] = "";
    for (int i = 0; i < 500; i++)
        strcat(text, "terrible! ");
    assert_true(score(f, text) >= -1.0);
    /* the body of a long review counts as a few sentences of its average
     * (body_cap), so 500 complaints read as strongly as a handful */
    assert_true(score(f, text) < -0.95);
    text[0] = 0;
    for (int i = 0; i < 500; i++)
        strcat(text, "GREAT great!!! ");
    assert_true(score(f, text) <= 1.0);
}

static void proportions_follow_terms(void **state) {
    fixture *f = *state;
    ut_sentiment s = score_detail(f, "good and bad", NULL);
    assert_true(s.positive > 0 && s.negative > 0 && s.neutral > 0);
    s = score_detail(f, "good good", NULL);
    assert_true(s.negative == 0.0 && s.positive > 0.99);
}

/* ---- negation ---- */

static void negation_flips(void **state) {
    fixture *f = *state;
    assert_true(score(f, "not good") < 0);
    assert_true(score(f, "not bad") > 0);
    assert_true(score(f, "I have never been happy with it") < 0);
    assert_true(score(f, "we had no problems") > 0);
    assert_true(score(f, "it wasn't bad") > 0);
    assert_true(score(f, "it doesnt look good") < 0);
    assert_true(score(f, "without problems") > 0);
    /* "not bad" is a weaker verdict than "good". */
    assert_true(score(f, "not bad") < score(f, "good"));
}

static void negation_scope_ends_at_clause(void **state) {
    fixture *f = *state;
    /* Same words; only the comma separates the negator from "good". */
    assert_true(score(f, "I did not think the food was good") < 0);
    assert_true(score(f, "I did not go, the food was good") > 0);
    assert_true(score(f, "It is not here. The food is good") > 0);
    /* and a far-away term is out of reach even inside the clause */
    assert_true(score(f, "I did not know that after all these years of eating here the food would still be good") > 0);
}

static void never_with_booster_is_emphasis(void **state) {
    fixture *f = *state;
    assert_true(score(f, "I have never been so happy") > score(f, "I have been happy"));
    assert_true(score(f, "never had such bad food") < 0);
    /* "not so good" stays a negation */
    assert_true(score(f, "not so good") < 0);
    assert_true(score(f, "never happy") < 0);
}

static void negation_cancelled(void **state) {
    fixture *f = *state;
    assert_true(score(f, "not only good") > 0);
    assert_true(score(f, "no doubt good") > 0);
}

/* ---- intensity ---- */

static void boosters_and_dampeners(void **state) {
    fixture *f = *state;
    double good = score(f, "good"), bad = score(f, "bad");
    assert_true(score(f, "very good") > good);
    assert_true(score(f, "extremely good") > score(f, "very good"));
    assert_true(score(f, "very bad") < bad);
    assert_true(score(f, "slightly bad") > bad && score(f, "slightly bad") < 0);
    assert_true(score(f, "kind of bad") > bad && score(f, "kind of bad") < 0);
    assert_true(score(f, "a bit bad") > bad && score(f, "a bit bad") < 0);
    assert_true(score(f, "such a good idea") > good);
    /* a booster that nothing follows does nothing */
    assert_true(score(f, "very") == 0.0);
}

static void modifier_that_is_also_a_word(void **state) {
    fixture *f = *state;
    /* "pretty good" is less than "good"; "pretty dress" is praise. */
    assert_true(score(f, "pretty good") < score(f, "good"));
    assert_true(score(f, "pretty good") > 0);
    assert_true(score(f, "a pretty dress") > 0);
}

static void caps_emphasis(void **state) {
    fixture *f = *state;
    assert_true(score(f, "the food was GOOD") > score(f, "the food was good"));
    assert_true(score(f, "the food was BAD") < score(f, "the food was bad"));
    /* shouting everything emphasises nothing */
    assert_true(score(f, "THE FOOD WAS GOOD") == score(f, "the food was good"));
}

static void elongation(void **state) {
    fixture *f = *state;
    assert_true(score(f, "sooo good") > score(f, "so good"));
    assert_true(score(f, "goooood") > 0);
    assert_true(score(f, "baaaad") < 0);
}

static void exclamation_amplifies(void **state) {
    fixture *f = *state;
    assert_true(score(f, "good!") > score(f, "good"));
    assert_true(score(f, "good!!!") > score(f, "good!"));
    assert_true(score(f, "bad!!") < score(f, "bad"));
    /* capped: ten marks count like a few */
    assert_true(score(f, "good!!!!!!!!!!") == score(f, "good!!!!!!"));
}

static void question_dampens(void **state) {
    fixture *f = *state;
    assert_true(score(f, "good?") < score(f, "good"));
    assert_true(score(f, "good?") > 0);
    assert_true(score(f, "bad?") > score(f, "bad"));
    assert_true(score(f, "bad?") < 0);
}

/* ---- contrast ---- */

static void but_shifts_weight(void **state) {
    fixture *f = *state;
    assert_true(score(f, "the food was good but the service was bad") < 0);
    assert_true(score(f, "the service was bad but the food was good") > 0);
    assert_true(score(f, "the service was bad, however the food was good") > 0);
    /* a sentence opening with "But" discounts the sentence before */
    assert_true(score(f, "The food was good. But the service was bad.") < 0);
}

static void contrast_inside_a_clause(void **state) {
    fixture *f = *state;
    assert_true(score(f, "it was good until it went bad") < score(f, "it was good and it went bad"));
    assert_true(score(f, "it was bad until it went good") > 0);
}

static void concession_discounts_its_clause(void **state) {
    fixture *f = *state;
    assert_true(score(f, "although the service was bad, the food was good") > 0);
    assert_true(score(f, "the food was good, although the service was bad") > 0);
}

/* ---- long clauses ---- */

/* The scorer lists a clause's candidate tokens in blocks (64 tokens): a term,
 * negation or modifier that straddles a block's end, or a phrase that runs
 * past it, scores as it does alone; the filler words before it only add
 * neutral mass. */
static void clause_longer_than_a_block(void **state) {
    fixture *f = *state;
    static const char *const phrases[] = {"waste of money", "not good",      "not word word good",
                                          "very good",      "kind of bad",   "good until it went bad",
                                          "sooo good",      "good good good"};
    char text[2048];
    for (size_t p = 0; p < sizeof phrases / sizeof phrases[0]; p++) {
        const double alone = score(f, phrases[p]);
        assert_true(alone != 0.0);
        for (int k = 55; k <= 135; k++) {
            size_t len = 0;
            for (int w = 0; w < k; w++)
                len += (size_t)snprintf(text + len, sizeof text - len, "word ");
            snprintf(text + len, sizeof text - len, "%s", phrases[p]);
            assert_true(score(f, text) == alone);
        }
    }
    /* the masses: k neutral fillers and one phrase of valence -3 */
    for (int k = 60; k <= 70; k++) {
        size_t len = 0;
        for (int w = 0; w < k; w++)
            len += (size_t)snprintf(text + len, sizeof text - len, "word ");
        snprintf(text + len, sizeof text - len, "waste of money");
        ut_score_detail d;
        ut_arena_reset(&f->arena);
        const ut_sentiment s = score_detail(f, text, &d);
        const double v = -3.0 * (double)ut_default_params_standard.negative_weight;
        assert_float_equal(s.negative, (1.0 - v) / (1.0 - v + k), 1e-12);
        assert_float_equal(s.positive, 0.0, 0.0);
        assert_float_equal(d.token_valence[k], (float)v, 0.0);
        assert_string_equal(d.token_rule[k], "phrase");
        assert_null(d.token_rule[k + 1]);
    }
}

/* ---- detail ---- */

static void detail_arrays(void **state) {
    fixture *f = *state;
    ut_score_detail d = {0};
    ut_arena_reset(&f->arena);
    ut_sentiment s = score_detail(f, "The room was not good, but the staff were very nice. Great!", &d);
    assert_true(s.compound > -1);
    assert_non_null(d.token_valence);
    assert_non_null(d.clause_valence);
    assert_non_null(d.sentence);
    assert_non_null(d.token_rule);
    const ut_tokens *t = &f->tokens;
    assert_int_equal(t->n_sent, 2);
    int seen_negation = 0, seen_intensifier = 0;
    for (uint32_t i = 0; i < t->n_tok; i++) {
        const char *w = ut_token_norm(t, i);
        if (strcmp(w, "good") == 0) {
            assert_true(d.token_valence[i] < 0);
            assert_string_equal(d.token_rule[i], "negation");
            seen_negation = 1;
        } else if (strcmp(w, "nice") == 0) {
            assert_true(d.token_valence[i] > 1.8f);
            assert_string_equal(d.token_rule[i], "intensifier");
            seen_intensifier = 1;
        } else if (strcmp(w, "room") == 0) {
            assert_true(d.token_valence[i] == 0.0f);
            assert_null(d.token_rule[i]);
        }
    }
    assert_true(seen_negation && seen_intensifier);
    assert_true(d.clause_valence[0] < 0);
    assert_true(d.clause_valence[1] > 0);
    assert_true(d.sentence[1].compound > 0);
    for (uint32_t k = 0; k < t->n_sent; k++)
        assert_float_equal(d.sentence[k].positive + d.sentence[k].neutral + d.sentence[k].negative, 1.0, 1e-9);
}

static void detail_of_empty_text(void **state) {
    fixture *f = *state;
    ut_score_detail d = {0};
    ut_arena_reset(&f->arena);
    ut_sentiment s = score_detail(f, "", &d);
    assert_true(s.compound == 0.0);
    assert_non_null(d.token_valence);
}

/* ---- the built-in lexicon ---- */

static void multi_word_terms(void **state) {
    fixture *f = *state;
    assert_true(score(f, "This was a waste of money.") < 0);
    assert_true(score(f, "It stopped working after a week.") < 0);
    assert_true(score(f, "I returned it.") < 0);
    assert_true(score(f, "Still waiting for my order.") < 0);
    assert_true(score(f, "They charged me twice.") < 0);
    assert_true(score(f, "I would not recommend this.") < 0);
    assert_true(score(f, "These shoes run small.") < 0);
    assert_true(score(f, "Fell apart in a month") < 0);
    assert_true(score(f, "I was on hold for an hour") < 0);
    assert_true(score(f, "Never again.") < 0);
    assert_true(score(f, "Not worth it") < 0);
    assert_true(score(f, "Highly recommend!") > 0);
    assert_true(score(f, "Exactly as described") > 0);
    assert_true(score(f, "Five Stars") > 0);
    assert_true(score(f, "One Star") < 0);
    /* the longest match wins over the words inside it */
    assert_true(score(f, "no problems at all") > 0);
    assert_true(score(f, "not bad") > 0);
    assert_true(score(f, "I wouldn't hesitate to recommend it") > 0);
    assert_true(score(f, "can't recommend it enough") > 0);
}

static void neutral_phrases_hide_words(void **state) {
    fixture *f = *state;
    assert_true(score(f, "plus size") == 0.0);
    assert_true(score(f, "it is fragrance free") == 0.0);
    /* ingredients mixed with others are no mixed verdict */
    assert_true(score(f, "The powder is mixed with water.") == 0.0);
    assert_true(score(f, "The reviews were mixed.") < 0);
    /* "like" after a verb of the senses compares; it does not like */
    assert_true(score(f, "The coffee tasted like it had been sitting there all day.") <= 0.0);
    assert_true(score(f, "I like it.") > 0.3);
    assert_true(score(f, "It looks like the picture.") > 0.3);
    assert_true(score(f, "It looks nothing like the picture.") < -0.3);
    /* "get it" is purchase intent, not getting a lost thing back */
    assert_true(score(f, "I don't know if I will ever get it back.") <= 0.0);
}

static void comparatives(void **state) {
    fixture *f = *state;
    assert_true(score(f, "better than expected") > 0);
    assert_true(score(f, "worse than expected") < 0);
    assert_true(score(f, "it could be better") < 0);
    assert_true(score(f, "not as good as the old one") < 0);
    /* a decline denied a second time is still a decline: the negator
     * belongs to the comparison, not to "used to be" */
    assert_true(score(f, "The quality is not the same as it used to be.") < -0.3);
    assert_true(score(f, "It isn't what it used to be.") < -0.3);
    assert_true(score(f, "The formula is not the same anymore.") < -0.3);
    assert_true(score(f, "This place used to be great.") < -0.3);
    assert_true(score(f, "It's better than it used to be.") > 0.3);
}

static void emoji_and_emoticons(void **state) {
    fixture *f = *state;
    assert_true(score(f, "arrived today :)") > 0);
    assert_true(score(f, "arrived today :(") < 0);
    assert_true(score(f, "arrived today :D") > 0);
    assert_true(score(f, "arrived today \xF0\x9F\x98\x8D") > 0);         /* U+1F60D heart eyes */
    assert_true(score(f, "arrived today \xF0\x9F\x91\x8E") < 0);         /* U+1F44E thumbs down */
    assert_true(score(f, "arrived today \xE2\x9D\xA4\xEF\xB8\x8F") > 0); /* red heart */
}

/* ---- complaint cues and topic words (docs/model.md) ---- */

/* Topic words name a theme, not a verdict: alone, each scores within the
 * valence the generator allows (0.5, times the complaint weight). */
static void topic_words_carry_no_verdict(void **state) {
    fixture *f = *state;
    FILE *in = fopen(UT_SOURCE_DIR "/tools/sentiment_lexicon/topic_words.list", "r");
    assert_non_null(in);
    const double most = ut_normalize_valence(0.5 * ut_default_params_standard.negative_weight) + 1e-9;
    char line[256];
    int n = 0;
    while (fgets(line, sizeof line, in)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (!line[0] || line[0] == '#') continue;
        const double c = score(f, line);
        if (c > most || c < -most) fail_msg("topic word '%s' scores %.4f", line, c);
        n++;
    }
    fclose(in);
    assert_true(n >= 50);
}

/* The outcome around a topic word decides. */
static void outcome_decides_around_topic_words(void **state) {
    fixture *f = *state;
    assert_true(score(f, "When I returned an item the refund was processed within three days.") >= 0);
    assert_true(score(f, "Still no refund.") < -0.05);
    assert_true(score(f, "I returned it.") < -0.05);
    assert_true(score(f, "No problems or complaints") > 0.05);
    assert_true(score(f, "Not a single complaint.") > 0.05);
    assert_true(score(f, "No complaints.") > 0.05);
    assert_true(score(f, "Called them once, problem fixed.") > 0.05);
    assert_true(score(f, "I want a refund.") < -0.05);
    assert_true(score(f, "Please cancel my account.") < -0.05);
    assert_true(score(f, "Where is my bag?") < -0.05);
    assert_true(score(f, "I am yet to receive my order.") < -0.05); /* "yet" opens no contrast here */
    assert_true(score(f, "Oh great, another delay.") < -0.05);
}

/* Each cue rule, and the neutral facts it must leave alone. */
static void complaint_cue_rules(void **state) {
    fixture *f = *state;
    /* a wait: a waiting word before the duration, a waiting noun after it,
     * "been" before the count, "later" after the unit, "another" */
    assert_true(score(f, "We sat on the tarmac for three hours.") < -0.05);
    assert_true(score(f, "There was a 45 minute wait.") < -0.05);
    assert_true(score(f, "Its been 3 days.") < -0.05);
    assert_true(score(f, "Three days later the box came.") < -0.05);
    assert_true(score(f, "Another two-hour wait.") < -0.05);
    assert_true(score(f, "It took three weeks to arrive.") < -0.05);
    assert_true(score(f, "Waited a couple of hours.") < -0.05);
    assert_true(score(f, "Forty minutes before anyone even took our order.") < -0.05);
    /* quick, routine or short durations are no complaint */
    assert_true(score(f, "It arrived in 3 days.") == 0.0);
    assert_true(score(f, "The store is open for 2 hours.") == 0.0);
    assert_true(score(f, "Our table was ready within 10 minutes.") == 0.0);
    assert_true(score(f, "I waited 5 minutes.") == 0.0);
    assert_true(score(f, "The app updates every 24 hours.") == 0.0);
    assert_true(score(f, "Shipping took about a week.") == 0.0);
    assert_true(score(f, "Waited less than 2 hours.") == 0.0);
    assert_true(score(f, "The flight was two hours long.") == 0.0);
    assert_true(score(f, "Be there 30 minutes before the show starts.") == 0.0);
    /* a negated cue is neutral, neither complaint nor praise */
    assert_true(score(f, "I didn't have to wait 2 hours.") == 0.0);
    /* repetition with a verb of asking */
    assert_true(score(f, "I have called five times.") < -0.05);
    assert_true(score(f, "I have used it five times.") == 0.0);
    assert_true(score(f, "I called twice.") == 0.0);
    /* "been" before a bare count that ends the clause */
    assert_true(score(f, "It has been six.") < -0.05);
    assert_true(score(f, "It has been one of those days.") == 0.0);
    /* "still in" a named place, said of a thing */
    assert_true(score(f, "My suitcase is still in Chicago.") < -0.05);
    assert_true(score(f, "Still in the box.") == 0.0);
    assert_true(score(f, "I was still in Chicago.") == 0.0);
    /* a two-word modifier is not the word it starts with */
    assert_true(score(f, "It was a different kind of shoe.") == 0.0);
    assert_true(score(f, "That was kind of you.") > 0.05);
}

/* The short wait the theme attribution asks about (ut_short_wait_near):
 * minutes under 15 right after the term or just before it. */
static int short_wait(fixture *f, const char *text, const char *term) {
    assert_int_equal(ut_tokenize(&f->tokens, text, strlen(text)), 0);
    for (uint32_t i = 0; i < f->tokens.n_tok; i++) {
        const ut_token *tok = &f->tokens.tok[i];
        if (tok->norm_len != strlen(term) || memcmp(ut_token_norm(&f->tokens, i), term, tok->norm_len) != 0) continue;
        const ut_clause *c = &f->tokens.clause[tok->clause];
        return ut_short_wait_near(&f->tokens, c->tok_begin, c->tok_end, i, i + 1);
    }
    fail_msg("no \"%s\" in \"%s\"", term, text);
    return -1;
}

static void short_wait_beside_a_term(void **state) {
    fixture *f = *state;
    assert_true(short_wait(f, "We waited about 5 minutes, which is normal.", "waited"));
    assert_true(short_wait(f, "We waited a few minutes.", "waited"));
    assert_true(short_wait(f, "We waited a couple of minutes.", "waited"));
    assert_true(short_wait(f, "We waited a minute.", "waited"));
    assert_true(short_wait(f, "There was a 5 minute wait.", "wait"));
    assert_false(short_wait(f, "We waited 40 minutes.", "waited"));
    assert_false(short_wait(f, "We waited two hours.", "waited"));
    assert_false(short_wait(f, "We waited and waited.", "waited"));
    /* another clause's minutes, or minutes far from the term, are not its wait */
    assert_false(short_wait(f, "We waited, and 5 minutes later the food came.", "waited"));
    assert_false(short_wait(f, "We waited for the bus that comes every 5 minutes.", "waited"));
}

static void review_verdicts(void **state) {
    fixture *f = *state;
    assert_true(score(f, "Love these! They fit perfectly and are so comfortable.") > 0.5);
    assert_true(score(f, "Cheaply made. The zipper broke the first time I wore it. Returned.") < -0.3);
    assert_true(score(f, "Looked great at first, but it fell apart after two washes.") < 0);
    assert_true(score(f, "I really wanted to love this, but it just doesn't work.") < 0);
    assert_true(score(f, "I definitely wouldn't go back.") < 0);
    assert_true(score(f, "We will definitely be back!") > 0);
    assert_true(score(f, "It used to be good.") < 0);
    assert_true(score(f, "Great value for the price.") > 0.2);
    assert_true(score(f, "My skin has never looked better!") > 0.3);
    assert_true(score(f, "Exactly what I needed.") > 0);
    assert_true(score(f, "2 stars") > score(f, "1 star") && score(f, "2 stars") < 0);
    /* typographic apostrophes read like ASCII ones */
    assert_true(score(f, "It doesn\xE2\x80\x99t work.") < 0);
    assert_true(score(f, "It doesn\xE2\x80\x99t work.") == score(f, "It doesn't work."));
}

/* ---- review level (docs/model.md, "How a review's sentences combine") ---- */

static void expectation_is_not_outcome(void **state) {
    fixture *f = *state;
    /* what was hoped for weighs half, to the sentence end or a contrast */
    assert_true(score(f, "I hoped it would be great.") < score(f, "It is great.") * 0.8);
    assert_true(score(f, "I was expecting a nice, good pan.") < score(f, "It is a nice, good pan.") * 0.8);
    assert_true(score(f, "I expected a good pan, but it is bad.") < 0);
    /* a negated expectation is a surprise: the negator is spent on it */
    assert_true(score(f, "I didn't expect it to be this good.") > 0.3);
    assert_true(score(f, "I never expected it to be so bad.") < -0.3);
    assert_true(score(f, "It would be good if it had a lid.") < score(f, "It is good."));
}

/* A remedy verb takes the problem after it away; negated, or as a bare
 * attempt, it does not. */
static void remedy_takes_the_problem_away(void **state) {
    fixture *f = *state;
    assert_true(score(f, "This cleared up my acne in a week.") > 0.2);
    assert_true(score(f, "It stopped the itching right away.") > 0.2);
    assert_true(score(f, "It fixed my dandruff problem.") > 0.2);
    assert_true(score(f, "It reduces the pain in my knees.") > 0.2);
    /* negated, the remedy failed: the negator is spent on it */
    assert_true(score(f, "They didn't fix the leak.") < -0.2);
    assert_true(score(f, "It doesn't stop the itching.") < -0.2);
    assert_true(score(f, "It never stopped the noise.") < -0.2);
    assert_true(score(f, "Nothing could fix the problem.") < -0.2);
    /* a bare base form is an attempt, not an outcome */
    assert_true(score(f, "I spent an afternoon trying to fix the leak.") < 0);
    /* phrases win, and the window is short and ends with the clause */
    assert_true(score(f, "It stopped working after a week.") < -0.3);
    assert_true(score(f, "I stopped using it because of the rash.") < 0);
    assert_true(score(f, "It cleared up my skin, but the smell is awful.") < 0);
    assert_true(score(f, "The remote stopped responding and the screen is broken.") < 0);
}

/* A service the customer was owed, negated just before, is a complaint
 * with no negative word in it; said plainly, done by the reviewer, or
 * negated as emphasis, it is nothing. */
static void owed_service_not_given(void **state) {
    fixture *f = *state;
    assert_true(score(f, "The room was not cleaned.") < -0.3);
    assert_true(score(f, "Our room hadn't been cleaned when we got back.") < -0.3);
    assert_true(score(f, "Nobody told us the pool was closed.") < -0.3);
    assert_true(score(f, "We were never greeted or offered water.") < -0.3);
    assert_true(score(f, "I was never contacted.") < -0.3);
    assert_true(score(f, "They didn't refund the deposit.") < -0.3);
    assert_true(score(f, "This app doesn't offer dark mode.") < -0.3);
    /* said plainly: nothing */
    assert_true(score(f, "The room was cleaned every day.") == 0.0);
    assert_true(score(f, "We were greeted at the door.") == 0.0);
    /* the reviewer did not act: nothing; passive, owed all the same */
    assert_true(score(f, "I haven't contacted them yet.") == 0.0);
    assert_true(score(f, "I've never actually cleaned the machine.") == 0.0);
    assert_true(score(f, "We were not offered anything.") < -0.3);
    /* a negator spent on a term before it, or too far, or emphasis */
    assert_true(score(f, "No complaints and rooms cleaned daily.") > 0.2);
    assert_true(score(f, "I have never been greeted so warmly.") > 0.2);
    assert_true(score(f, "I didn't think I would need it, but the room was cleaned.") == 0.0);
}

static void flat_negated_sentence(void **state) {
    fixture *f = *state;
    /* a sentence opening with a negator and holding no term is a verdict */
    assert_true(score(f, "Not realistic.") < -0.2);
    assert_true(score(f, "Doesn't fit. The box is nice.") < score(f, "The box is nice."));
    /* with a term, the term decides as before */
    assert_true(score(f, "Not bad.") > 0);
    assert_true(score(f, "No problems.") > 0);
    /* a negator inside the sentence is not this rule */
    assert_true(score(f, "It is not blue.") == 0.0);
}

static void long_review_body_is_capped(void **state) {
    fixture *f = *state;
    /* a verdict at both ends outweighs a long, mildly positive middle:
     * the body counts as body_cap sentences of its average */
    const char *verdict = "Terrible. The box is nice. The colour is nice. The strap is nice. The case is nice. "
                          "The lid is nice. The cord is nice. The manual is nice. It broke, terrible.";
    assert_true(score(f, verdict) < 0);
    /* a short review still sums in full */
    assert_true(score(f, "Terrible. The box is nice. The strap is nice.") > score(f, "Terrible. The box is nice."));
    /* and so does the whole review, when the body shares the verdict */
    assert_true(score(f, "Great. Good. Good. Good. Good. Good. Great.") > score(f, "Great. Good. Great."));
}

static void builtin_lexicon_sniffed(void **state) {
    fixture *f = *state;
    ut_lexicon *lex = NULL;
    const ut_builtin_file *b = ut_builtin_find("sentiment.tsv");
    assert_int_equal(ut_lexicon_new(&lex), 0);
    assert_int_equal(ut_lexicon_load_buffer(lex, "sentiment.tsv", b->data, b->len, UT_LEXFMT_AUTO), 0);
    assert_int_equal(ut_lexicon_freeze(lex), 0);
    assert_true(ut_lexicon_size(lex) > 6000);
    assert_int_equal(ut_lexicon_size(lex), ut_lexicon_size(f->lex));
    assert_true(ut_lexicon_fingerprint(lex) == ut_lexicon_fingerprint(f->lex));
    ut_lexicon_free(lex);
}

/* Random texts made of rule words, lexicon words, punctuation, emoji and
 * invalid bytes: every score obeys the contract (score_detail checks bounds
 * and proportions) and the detail arrays cover every token. */
static void random_texts_keep_the_contract(void **state) {
    fixture *f = *state;
    static const char *const PIECES[] = {
        "not ",
        "never ",
        "no ",
        "very ",
        "so ",
        "kind of ",
        "a bit ",
        "but ",
        "however, ",
        "although ",
        "until ",
        "good ",
        "bad ",
        "GREAT ",
        "terrible ",
        "waste of money ",
        "no problems ",
        "not bad ",
        "pretty ",
        "sooo ",
        "!",
        "?",
        ".",
        ", ",
        "; ",
        " - ",
        "(",
        ")",
        ":) ",
        ":( ",
        "\xF0\x9F\x98\x8D ",
        "\xE2\x9D\xA4 ",
        "\xFF\xFE ",
        "\xC3 ",
        "returned it ",
        "five stars ",
        "plus size ",
        "42 ",
        "$20 ",
        "baaad ",
        "don't ",
        "n't ",
        "'",
    };
    char text[600];
    uint64_t seed = 0x9E3779B97F4A7C15ull;
    for (int round = 0; round < 3000; round++) {
        size_t len = 0;
        seed = seed * 6364136223846793005ull + 1442695040888963407ull;
        int pieces = (int)((seed >> 33) % 40);
        for (int k = 0; k < pieces; k++) {
            seed = seed * 6364136223846793005ull + 1442695040888963407ull;
            const char *piece = PIECES[(seed >> 33) % (sizeof PIECES / sizeof PIECES[0])];
            size_t n = strlen(piece);
            if (len + n >= sizeof text) break;
            memcpy(text + len, piece, n);
            len += n;
        }
        text[len] = 0;
        ut_score_detail d = {0};
        ut_arena_reset(&f->arena);
        score_detail(f, text, &d);
        for (uint32_t i = 0; i < f->tokens.n_tok; i++)
            assert_true(d.token_valence[i] >= -40 && d.token_valence[i] <= 40);
        for (uint32_t k = 0; k < f->tokens.n_sent; k++) {
            assert_true(d.sentence[k].compound >= -1 && d.sentence[k].compound <= 1);
            assert_float_equal(d.sentence[k].positive + d.sentence[k].neutral + d.sentence[k].negative, 1.0, 1e-9);
        }
    }
}

/* ---- the generated function-word table ---- */

static void rule_table_matches_hash(void **state) {
    (void)state;
    size_t rules = 0;
    for (uint32_t i = 0; i <= ut_rule_table_mask; i++) {
        const ut_rule *r = &ut_rule_table[i];
        if (!r->hash) continue;
        rules++;
        const char *space = strchr(r->text, ' ');
        size_t first_len = space ? (size_t)(space - r->text) : strlen(r->text);
        assert_true(r->hash == ut_hash_bytes(r->text, first_len));
        if (space) {
            const char *second = space + 1, *end = strchr(second, ' ');
            size_t second_len = end ? (size_t)(end - second) : strlen(second);
            assert_true(r->next_hash == ut_hash_bytes(second, second_len));
        }
        assert_true(ut_rule_maybe(r->hash));
        const ut_rule *found = ut_rule_find(r->hash, r->next_hash);
        assert_non_null(found);
        assert_string_equal(found->text, r->text);
    }
    assert_true(rules > 100);
    /* the complaint cues' neighbour words, in their own table */
    size_t cue_words = 0;
    for (uint32_t i = 0; i <= ut_cue_word_mask; i++) {
        const ut_cue_word *w = &ut_cue_word_table[i];
        if (!w->hash) continue;
        cue_words++;
        assert_true(w->hash == ut_hash_bytes(w->text, strlen(w->text)));
        assert_ptr_equal(ut_cue_word_find(w->hash), w);
    }
    assert_true(cue_words > 50);
    assert_true(ut_cue_classes(ut_hash_bytes("waited", 6)) & UT_CUE_WAITING);
    assert_int_equal(ut_cue_word_find(ut_hash_bytes("seven", 5))->count, 7);
    assert_null(ut_cue_word_find(ut_hash_bytes("table", 5)));
    const ut_rule *r = ut_rule_find(ut_hash_bytes("not", 3), ut_hash_bytes("only", 4));
    assert_non_null(r);
    assert_int_equal(r->kind, UT_RULE_NEG_CANCEL);
    r = ut_rule_find(ut_hash_bytes("not", 3), ut_hash_bytes("good", 4));
    assert_non_null(r);
    assert_int_equal(r->kind, UT_RULE_NEGATOR);
    assert_null(ut_rule_find(ut_hash_bytes("table", 5), 0));
}

/* The scorer's word filter sends a token down the short "plain word" path
 * only when it can be neither a lexicon key nor a rule word: it must let
 * through every key of the frozen lexicon (phrase prefixes included) and
 * every rule's first word, and let everything through before the freeze. */
static void word_filter_never_rejects_a_key(void **state) {
    fixture *f = *state;
    const ut_lexicon *lex = f->lex;
    size_t keys = 0;
    for (size_t i = 0; i < lex->capacity; i++) {
        if (!(lex->slots[i].flags & UT_LEX_SLOT_USED)) continue;
        keys++;
        assert_true(ut_key_filter_maybe(f->scorer->word_filter, lex->slots[i].key));
        assert_true(ut_key_filter_maybe(lex->filter, lex->slots[i].key));
        assert_ptr_equal(ut_lex_probe(lex, lex->slots[i].key), &lex->slots[i]);
    }
    assert_int_equal(keys, lex->used);
    assert_true(keys > ut_lexicon_size(lex)); /* phrase prefixes are keys too */
    for (uint32_t i = 0; i <= ut_rule_table_mask; i++)
        if (ut_rule_table[i].hash) assert_true(ut_key_filter_maybe(f->scorer->word_filter, ut_rule_table[i].hash));
    /* plain words are mostly turned away */
    static const char *const plain[] = {"table", "the", "chair", "window", "sofa", "blue", "monday", "walk"};
    size_t rejected = 0;
    for (size_t k = 0; k < sizeof plain / sizeof plain[0]; k++)
        rejected += !ut_key_filter_maybe(f->scorer->word_filter, ut_hash_bytes(plain[k], strlen(plain[k])));
    assert_true(rejected >= 4);

    ut_lexicon *open = NULL;
    ut_scorer *early = NULL;
    assert_int_equal(ut_lexicon_new(&open), 0);
    assert_int_equal(ut_scorer_new(&early, UT_MODEL_DEFAULT, open), 0);
    for (size_t k = 0; k < sizeof plain / sizeof plain[0]; k++)
        assert_true(ut_key_filter_maybe(early->word_filter, ut_hash_bytes(plain[k], strlen(plain[k]))));
    /* terms added after the scorer was made still score */
    assert_int_equal(ut_lexicon_add(open, "chair", 5, 2.0f), 0);
    assert_int_equal(ut_lexicon_freeze(open), 0);
    ut_tokens toks = UT_TOKENS_INIT;
    ut_arena arena = UT_ARENA_INIT;
    ut_sentiment out;
    assert_int_equal(ut_tokenize(&toks, "a chair", 7), 0);
    assert_int_equal(ut_score_tokens(early, &toks, &arena, NULL, &out), 0);
    assert_true(out.compound > 0.3);
    /* and an empty lexicon scores rule words without probing an empty table */
    ut_lexicon *empty = NULL;
    ut_scorer *bare = NULL;
    assert_int_equal(ut_lexicon_new(&empty), 0);
    assert_int_equal(ut_lexicon_freeze(empty), 0);
    assert_int_equal(ut_scorer_new(&bare, UT_MODEL_DEFAULT, empty), 0);
    assert_int_equal(ut_tokenize(&toks, "it is not very good, but", 24), 0);
    assert_int_equal(ut_score_tokens(bare, &toks, &arena, NULL, &out), 0);
    assert_true(out.compound == 0.0);
    ut_scorer_free(bare);
    ut_lexicon_free(empty);
    ut_arena_free(&arena);
    ut_tokens_free(&toks);
    ut_scorer_free(early);
    ut_lexicon_free(open);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(empty_text_is_neutral, setup_small, teardown),
        cmocka_unit_test_setup_teardown(polarity_of_single_words, setup_small, teardown),
        cmocka_unit_test_setup_teardown(compound_stays_bounded, setup_small, teardown),
        cmocka_unit_test_setup_teardown(proportions_follow_terms, setup_small, teardown),
        cmocka_unit_test_setup_teardown(negation_flips, setup_small, teardown),
        cmocka_unit_test_setup_teardown(negation_scope_ends_at_clause, setup_small, teardown),
        cmocka_unit_test_setup_teardown(never_with_booster_is_emphasis, setup_small, teardown),
        cmocka_unit_test_setup_teardown(negation_cancelled, setup_small, teardown),
        cmocka_unit_test_setup_teardown(boosters_and_dampeners, setup_small, teardown),
        cmocka_unit_test_setup_teardown(modifier_that_is_also_a_word, setup_small, teardown),
        cmocka_unit_test_setup_teardown(caps_emphasis, setup_small, teardown),
        cmocka_unit_test_setup_teardown(elongation, setup_small, teardown),
        cmocka_unit_test_setup_teardown(exclamation_amplifies, setup_small, teardown),
        cmocka_unit_test_setup_teardown(question_dampens, setup_small, teardown),
        cmocka_unit_test_setup_teardown(but_shifts_weight, setup_small, teardown),
        cmocka_unit_test_setup_teardown(contrast_inside_a_clause, setup_small, teardown),
        cmocka_unit_test_setup_teardown(concession_discounts_its_clause, setup_small, teardown),
        cmocka_unit_test_setup_teardown(clause_longer_than_a_block, setup_small, teardown),
        cmocka_unit_test_setup_teardown(detail_arrays, setup_small, teardown),
        cmocka_unit_test_setup_teardown(detail_of_empty_text, setup_small, teardown),
        cmocka_unit_test_setup_teardown(multi_word_terms, setup_builtin, teardown),
        cmocka_unit_test_setup_teardown(neutral_phrases_hide_words, setup_builtin, teardown),
        cmocka_unit_test_setup_teardown(comparatives, setup_builtin, teardown),
        cmocka_unit_test_setup_teardown(emoji_and_emoticons, setup_builtin, teardown),
        cmocka_unit_test_setup_teardown(review_verdicts, setup_builtin, teardown),
        cmocka_unit_test_setup_teardown(topic_words_carry_no_verdict, setup_builtin, teardown),
        cmocka_unit_test_setup_teardown(outcome_decides_around_topic_words, setup_builtin, teardown),
        cmocka_unit_test_setup_teardown(complaint_cue_rules, setup_builtin, teardown),
        cmocka_unit_test_setup_teardown(expectation_is_not_outcome, setup_small, teardown),
        cmocka_unit_test_setup_teardown(remedy_takes_the_problem_away, setup_builtin, teardown),
        cmocka_unit_test_setup_teardown(owed_service_not_given, setup_builtin, teardown),
        cmocka_unit_test_setup_teardown(flat_negated_sentence, setup_small, teardown),
        cmocka_unit_test_setup_teardown(long_review_body_is_capped, setup_small, teardown),
        cmocka_unit_test_setup_teardown(builtin_lexicon_sniffed, setup_builtin, teardown),
        cmocka_unit_test_setup_teardown(random_texts_keep_the_contract, setup_builtin, teardown),
        cmocka_unit_test_setup_teardown(short_wait_beside_a_term, setup_builtin, teardown),
        cmocka_unit_test(rule_table_matches_hash),
        cmocka_unit_test_setup_teardown(word_filter_never_rejects_a_key, setup_builtin, teardown),
        cmocka_unit_test_setup_teardown(word_filter_never_rejects_a_key, setup_small, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
