/* test_phrases.c — the phrase module's fast paths agree with their plain
 * references. */
#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "hash.h"
#include "phrases.h"

/* Every listed word (a copy: the test fails if the lists and this copy
 * disagree on a word's kind) */
static const char *const stop_words[] = {
    "a",    "about", "after", "all",   "also", "am",    "an",    "and",   "any",  "are",  "as",     "at",  "be",
    "been", "being", "but",   "by",    "can",  "could", "did",   "do",    "does", "for",  "from",   "had", "has",
    "have", "he",    "her",   "here",  "his",  "i",     "i'm",   "i've",  "if",   "in",   "into",   "is",  "it",
    "it's", "its",   "just",  "me",    "my",   "of",    "on",    "or",    "our",  "she",  "should", "so",  "some",
    "than", "that",  "the",   "their", "them", "then",  "there", "these", "they", "this", "those",  "to",  "too",
    "us",   "was",   "we",    "were",  "what", "when",  "which", "who",   "will", "with", "would",  "you", "your"};
static const char *const modifier_words[] = {"don't", "even", "ever",    "less",  "more",   "most",  "much", "never",
                                             "no",    "not",  "nothing", "quite", "really", "still", "very"};

static int kind_by_hash(const char *w) {
    size_t len = strlen(w);
    return ut_phrase_word_kind(ut_hash_bytes(w, len), w, len);
}

/* The word, then near misses: cut short, lengthened, first letter changed,
 * capitalised. */
static void check_word_and_near_misses(const char *w) {
    char v[32];
    size_t len = strlen(w);
    assert_true(len + 2 < sizeof v);
    assert_int_equal(kind_by_hash(w), ut_phrase_word_kind_text(w));
    memcpy(v, w, len - 1);
    v[len - 1] = '\0';
    assert_int_equal(kind_by_hash(v), ut_phrase_word_kind_text(v));
    memcpy(v, w, len);
    v[len] = 's', v[len + 1] = '\0';
    assert_int_equal(kind_by_hash(v), ut_phrase_word_kind_text(v));
    memcpy(v, w, len + 1);
    v[0] = v[0] == 'z' ? 'y' : (char)(v[0] + 1);
    assert_int_equal(kind_by_hash(v), ut_phrase_word_kind_text(v));
    memcpy(v, w, len + 1);
    v[0] = (char)toupper((unsigned char)v[0]);
    assert_int_equal(kind_by_hash(v), ut_phrase_word_kind_text(v));
}

static void word_kind_by_hash_equals_by_text(void **state) {
    (void)state;
    for (size_t i = 0; i < sizeof stop_words / sizeof *stop_words; i++) {
        assert_int_equal(kind_by_hash(stop_words[i]), UT_PHRASE_WORD_STOP);
        assert_true(ut_is_stop_word(stop_words[i]));
        check_word_and_near_misses(stop_words[i]);
    }
    for (size_t i = 0; i < sizeof modifier_words / sizeof *modifier_words; i++) {
        assert_int_equal(kind_by_hash(modifier_words[i]), UT_PHRASE_WORD_MODIFIER);
        assert_false(ut_is_stop_word(modifier_words[i]));
        check_word_and_near_misses(modifier_words[i]);
    }
    const char *plain[] = {"", "x", "service", "rude", "dismissive", "nothingness", "shoulder", "'", "i'"};
    for (size_t i = 0; i < sizeof plain / sizeof *plain; i++) {
        assert_int_equal(kind_by_hash(plain[i]), UT_PHRASE_WORD_PLAIN);
        assert_int_equal(ut_phrase_word_kind_text(plain[i]), UT_PHRASE_WORD_PLAIN);
    }
}

/* A hash that matches a listed word's is confirmed on the bytes. */
static void word_kind_confirms_hash_on_bytes(void **state) {
    (void)state;
    uint64_t the = ut_hash_bytes("the", 3);
    assert_int_equal(ut_phrase_word_kind(the, "the", 3), UT_PHRASE_WORD_STOP);
    assert_int_equal(ut_phrase_word_kind(the, "tha", 3), UT_PHRASE_WORD_PLAIN);
    assert_int_equal(ut_phrase_word_kind(the, "th", 2), UT_PHRASE_WORD_PLAIN);
    uint64_t not = ut_hash_bytes("not", 3);
    assert_int_equal(ut_phrase_word_kind(not, "not", 3), UT_PHRASE_WORD_MODIFIER);
    assert_int_equal(ut_phrase_word_kind(not, "nut", 3), UT_PHRASE_WORD_PLAIN);
}

/* Fetching slots ahead is a hint: counts, totals and texts stay as they
 * were, on empty and filled tables alike. */
static void prefetch_changes_nothing(void **state) {
    (void)state;
    ut_phrase_table t;
    ut_pair_table pairs;
    ut_phrase_table_init(&t, 100);
    ut_pair_table_init(&pairs, 100);
    ut_ngram g[3] = {{11, 0, 1}, {22, 1, 1}, {33, 2, 2}};
    ut_phrase_table_prefetch(&t, g, 3);
    ut_pair_table_prefetch(&pairs, 7, g, 3);
    assert_int_equal(t.n, 0);
    assert_int_equal(pairs.n, 0);
    assert_int_equal(ut_phrase_table_add(&t, 11, "eleven", 6, 2), 0);
    assert_int_equal(ut_pair_table_add(&pairs, 7, 11, 2), 0);
    ut_phrase_table_prefetch(&t, g, 3);
    ut_pair_table_prefetch(&pairs, 7, g, 3);
    assert_int_equal(ut_phrase_table_count(&t, 11), 2);
    assert_int_equal(ut_phrase_table_count(&t, 22), 0);
    assert_string_equal(ut_phrase_text(&t, ut_phrase_table_find(&t, 11)), "eleven");
    assert_int_equal(t.total, 2);
    assert_int_equal(pairs.n, 1);
    assert_int_equal(pairs.total, 2);
    ut_phrase_table_free(&t);
    ut_pair_table_free(&pairs);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(word_kind_by_hash_equals_by_text),
        cmocka_unit_test(word_kind_confirms_hash_on_bytes),
        cmocka_unit_test(prefetch_changes_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
