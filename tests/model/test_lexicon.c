/* test_lexicon.c — lexicon files (format sniffing, overlay, errors), the
 * hash table look-ups, multi-word matching and the fingerprint. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/common.h"
#include "util/hash.h"
#include "model/lexicon.h"

static ut_lexicon *load(const char *text, ut_lexicon_format format) {
    ut_lexicon *lex;
    assert_int_equal(ut_lexicon_new(&lex), 0);
    int rc = ut_lexicon_load_buffer(lex, "t.tsv", text, strlen(text), format);
    if (rc) printf("unexpected error: %s\n", ut_error_last());
    assert_int_equal(rc, 0);
    assert_int_equal(ut_lexicon_freeze(lex), 0);
    return lex;
}

static float valence_of(const ut_lexicon *lex, const char *word) {
    float v = -99;
    if (!ut_lexicon_lookup_str(lex, word, strlen(word), &v)) return -99;
    return v;
}

/* Loads `text` expecting UT_EFORMAT with a message containing `expect`. */
static void expect_error(const char *text, ut_lexicon_format format, const char *expect) {
    ut_lexicon *lex;
    assert_int_equal(ut_lexicon_new(&lex), 0);
    int rc = ut_lexicon_load_buffer(lex, "bad.tsv", text, strlen(text), format);
    if (rc != UT_EFORMAT || !strstr(ut_error_last(), expect))
        printf("for %s: rc %d, message '%s', expected '%s'\n", text, rc, ut_error_last(), expect);
    assert_int_equal(rc, UT_EFORMAT);
    assert_non_null(strstr(ut_error_last(), expect));
    ut_lexicon_free(lex);
}

static void sniffs_undertone(void **state) {
    (void)state;
    ut_lexicon *lex = load("# reviews\n\n# more comments\nterm\tvalence\ngood\t2\nWaste of money\t-3.5\n  # indented\n",
                           UT_LEXFMT_AUTO);
    assert_int_equal(ut_lexicon_size(lex), 2);
    assert_true(valence_of(lex, "good") == 2.0f);
    assert_true(valence_of(lex, "GOOD") == 2.0f); /* look-ups are normalised */
    assert_true(valence_of(lex, "waste of money") == -3.5f);
    assert_true(valence_of(lex, "waste") == -99); /* a phrase's first word is not a term */
    assert_true(valence_of(lex, "term") == -99);  /* the header is not a term */
    ut_lexicon_free(lex);
}

static void sniffs_vader(void **state) {
    (void)state;
    ut_lexicon *lex = load("$:\t-1.5\t0.80623\t[-1, -1, -1, -1, -3, -1, -3, -1, -2, -1]\n"
                           "good\t1.9\t0.9434\t[2, 1, 2, 3, 2, 4, 2, 2, 1, 0]\n"
                           "can't stand\t-2.0\t0.63246\t[-2, -2]\n",
                           UT_LEXFMT_AUTO);
    assert_int_equal(ut_lexicon_size(lex), 3);
    double v = 0;
    assert_true(ut_lexicon_lookup_vader(lex, "good", 4, &v));
    assert_true(v == 1.9); /* the double Python's float() reads, not a float rounded */
    assert_true(ut_lexicon_lookup_vader(lex, "$:", 2, &v) && v == -1.5);
    assert_true(valence_of(lex, "can't stand") == -2.0f);
    ut_lexicon_free(lex);
}

static void sniffs_afinn(void **state) {
    (void)state;
    ut_lexicon *lex = load("abandon\t-2\ngood\t3\noutstanding\t5\ndoes not work\t-3\n", UT_LEXFMT_AUTO);
    assert_int_equal(ut_lexicon_size(lex), 4);
    double v = 0;
    assert_true(ut_lexicon_lookup_vader(lex, "good", 4, &v) && v == 2.4); /* 3 * 4/5 */
    assert_true(ut_lexicon_lookup_vader(lex, "outstanding", 11, &v) && v == 4.0);
    assert_true(valence_of(lex, "does not work") == (float)(-3 * 4.0 / 5.0));
    ut_lexicon_free(lex);
}

static void explicit_format_and_bom(void **state) {
    (void)state;
    ut_lexicon *lex = load("\xEF\xBB\xBFterm\tvalence\ngood\t1\n", UT_LEXFMT_UNDERTONE);
    assert_true(valence_of(lex, "good") == 1.0f);
    ut_lexicon_free(lex);
    /* Read as VADER, a line starting with '#' is a term, not a comment. */
    lex = load("#hashtag\t1.5\t0.5\t[1]\n", UT_LEXFMT_VADER);
    assert_true(valence_of(lex, "#hashtag") == 1.5f);
    ut_lexicon_free(lex);
}

static void crlf_and_blank_lines(void **state) {
    (void)state;
    ut_lexicon *lex = load("term\tvalence\r\n\r\ngood\t2.5\r\nbad\t-2\r\n", UT_LEXFMT_AUTO);
    assert_int_equal(ut_lexicon_size(lex), 2);
    double v = 0;
    assert_true(ut_lexicon_lookup_vader(lex, "good", 4, &v) && v == 2.5);
    ut_lexicon_free(lex);
    lex = load("good\t1.9\t0.5\t[1]\r\nbad\t-2.5\t0.5\t[1]\r\n", UT_LEXFMT_AUTO);
    assert_true(ut_lexicon_lookup_vader(lex, "bad", 3, &v) && v == -2.5);
    ut_lexicon_free(lex);
}

static void overlay_later_wins(void **state) {
    (void)state;
    ut_lexicon *lex;
    assert_int_equal(ut_lexicon_new(&lex), 0);
    const char *first = "term\tvalence\ngood\t2\nbad\t-2\n";
    const char *second = "term\tvalence\ngood\t3\nawful\t-3\n";
    assert_int_equal(ut_lexicon_load_buffer(lex, "1", first, strlen(first), UT_LEXFMT_AUTO), 0);
    assert_int_equal(ut_lexicon_load_buffer(lex, "2", second, strlen(second), UT_LEXFMT_AUTO), 0);
    assert_int_equal(ut_lexicon_freeze(lex), 0);
    assert_int_equal(ut_lexicon_size(lex), 3);
    assert_true(valence_of(lex, "good") == 3.0f);
    assert_true(valence_of(lex, "bad") == -2.0f);
    /* Within one file too, as the reference's dict does for repeated lines. */
    ut_lexicon *dup = load("lol\t2.9\t0.5\t[1]\nlol\t1.8\t0.5\t[1]\n", UT_LEXFMT_AUTO);
    assert_int_equal(ut_lexicon_size(dup), 1);
    assert_true(valence_of(dup, "lol") == 1.8f);
    ut_lexicon_free(dup);
    ut_lexicon_free(lex);
}

/* The reference keys its dict by the term as written and looks up lower case:
 * ":P" is never found there, and "o.O" after "o.o" does not replace it. The
 * default model's look-ups see the latest entry whatever its case. */
static void vader_lookup_ignores_capitalised_terms(void **state) {
    (void)state;
    ut_lexicon *lex = load(":p\t1.0\t0.5\t[1]\n:P\t1.4\t0.5\t[1]\no.o\t-0.8\t0.5\t[1]\no.O\t-0.6\t0.5\t[1]\n"
                           "XD\t1.5\t0.5\t[1]\ngood\t2.0\t0.5\t[1]\nGOOD\t3.0\t0.5\t[1]\n"
                           "caf\xc3\xa9\t1.0\t0.5\t[1]\n",
                           UT_LEXFMT_AUTO);
    double v = 0;
    assert_true(ut_lexicon_lookup_vader(lex, ":p", 2, &v) && v == 1.0);
    assert_true(ut_lexicon_lookup_vader(lex, "o.o", 3, &v) && v == -0.8);
    assert_false(ut_lexicon_lookup_vader(lex, "xd", 2, &v));
    assert_true(ut_lexicon_lookup_vader_hash(lex, ut_hash_bytes(":p", 2), &v) && v == 1.0);
    assert_true(ut_lexicon_lookup_vader(lex, "good", 4, &v) && v == 2.0);
    assert_true(valence_of(lex, "good") == 3.0f); /* the default model: the latest spelling */
    assert_true(ut_lexicon_lookup_vader(lex, "caf\xc3\xa9", 5, &v) && v == 1.0);
    assert_false(ut_lexicon_lookup_vader(lex, "\xef\xbd\x87ood", 6, &v)); /* a full-width letter is not 'g' */
    ut_lexicon_free(lex);
}

static void set_tokens(ut_tokens *t, ut_token *storage, const char *const *words, uint32_t n) {
    memset(t, 0, sizeof *t);
    for (uint32_t i = 0; i < n; i++) {
        memset(&storage[i], 0, sizeof storage[i]);
        storage[i].hash = ut_hash_bytes(words[i], strlen(words[i]));
        storage[i].kind = UT_TOK_WORD;
    }
    t->tok = storage;
    t->n_tok = t->cap_tok = n;
}

static void match_longest_phrase(void **state) {
    (void)state;
    ut_lexicon *lex = load("term\tvalence\nwaste\t-1\nwaste of money\t-3\nwaste of time\t-2.5\n"
                           "of\t0.5\nnot worth it at all\t-3.5\nnot\t-0.5\n",
                           UT_LEXFMT_AUTO);
    static const char *const words[] = {"a", "waste", "of", "money", "not", "worth", "it", "at", "all"};
    ut_token storage[9];
    ut_tokens t;
    set_tokens(&t, storage, words, 9);
    float v = 0;
    assert_int_equal(ut_lexicon_match(lex, &t, 0, 9, &v), 0);
    assert_int_equal(ut_lexicon_match(lex, &t, 1, 9, &v), 3);
    assert_true(v == -3.0f);
    /* The phrase may not cross `end`: the shorter term that fits wins. */
    assert_int_equal(ut_lexicon_match(lex, &t, 1, 3, &v), 1);
    assert_true(v == -1.0f);
    assert_int_equal(ut_lexicon_match(lex, &t, 2, 9, &v), 1);
    assert_true(v == 0.5f);
    assert_int_equal(ut_lexicon_match(lex, &t, 4, 9, &v), 5);
    assert_true(v == -3.5f);
    assert_int_equal(ut_lexicon_match(lex, &t, 4, 8, &v), 1); /* "not worth it at" is no term */
    assert_true(v == -0.5f);
    assert_int_equal(ut_lexicon_match(lex, &t, 9, 9, &v), 0);
    assert_int_equal(ut_lexicon_match(lex, &t, 3, 100, &v), 0); /* end beyond the tokens is clamped */
    /* Single-token look-up by the tokenizer's hash. */
    assert_true(ut_lexicon_lookup(lex, ut_hash_bytes("waste", 5), &v) && v == -1.0f);
    assert_false(ut_lexicon_lookup(lex, ut_hash_bytes("money", 5), &v));
    ut_lexicon_free(lex);
}

/* A word that starts many phrases (more second words than next_words has
 * bits) still finds every one of them, and a phrase start followed by a word
 * that continues none of its phrases matches the word alone. */
static void many_phrases_share_a_first_word(void **state) {
    (void)state;
    static const char *const seconds[] = {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l",
                                          "m", "n", "o", "p", "q", "r", "s", "t", "u", "v", "w", "x"};
    char tsv[1024] = "term\tvalence\nwas\t0.25\n";
    for (size_t k = 0; k < sizeof seconds / sizeof seconds[0]; k++) {
        char line[32];
        snprintf(line, sizeof line, "was %s\t%.3f\n", seconds[k], (double)(k + 1) * 0.125);
        strcat(tsv, line);
    }
    ut_lexicon *lex = load(tsv, UT_LEXFMT_AUTO);
    for (size_t k = 0; k < sizeof seconds / sizeof seconds[0]; k++) {
        const char *words[2] = {"was", seconds[k]};
        ut_token storage[2];
        ut_tokens t;
        set_tokens(&t, storage, words, 2);
        float v = 0;
        assert_int_equal(ut_lexicon_match(lex, &t, 0, 2, &v), 2);
        assert_true(v == (float)((double)(k + 1) * 0.125));
    }
    static const char *const other[] = {"was", "zz"};
    ut_token storage[2];
    ut_tokens t;
    set_tokens(&t, storage, other, 2);
    float v = 0;
    assert_int_equal(ut_lexicon_match(lex, &t, 0, 2, &v), 1);
    assert_true(v == 0.25f);
    ut_lexicon_free(lex);
}

/* Inner prefixes of a phrase are stored as markers so matching can stop at
 * the first missing one: they must never match or count as terms, and a
 * phrase must still be found past a prefix that is itself no term. */
static void phrase_prefixes_are_markers_not_terms(void **state) {
    (void)state;
    ut_lexicon *lex = load("term\tvalence\nx\t1\nx y z w\t-2\nx y z w v u\t3\n", UT_LEXFMT_AUTO);
    assert_int_equal(ut_lexicon_size(lex), 3);
    static const char *const words[] = {"x", "y", "z", "w", "v", "q", "x", "y", "q"};
    ut_token storage[9];
    ut_tokens t;
    set_tokens(&t, storage, words, 9);
    float v = 0;
    assert_int_equal(ut_lexicon_match(lex, &t, 0, 9, &v), 4); /* "x y z w v" is a marker, "x y z w v q" nothing */
    assert_true(v == -2.0f);
    assert_int_equal(ut_lexicon_match(lex, &t, 0, 3, &v), 1); /* "x y z" is a marker only */
    assert_true(v == 1.0f);
    assert_int_equal(ut_lexicon_match(lex, &t, 6, 9, &v), 1); /* "x y" then a missing prefix */
    assert_true(v == 1.0f);
    uint64_t xy = ut_hash_combine(ut_hash_bytes("x", 1), ut_hash_bytes("y", 1));
    assert_false(ut_lexicon_lookup(lex, xy, &v));
    double d;
    assert_false(ut_lexicon_lookup_vader_hash(lex, xy, &d));
    /* The same terms loaded without the phrases' markers would print the
     * same: markers are not content. */
    ut_lexicon *again = load("term\tvalence\nx y z w v u\t3\nx y z w\t-2\nx\t1\n", UT_LEXFMT_AUTO);
    assert_true(ut_lexicon_fingerprint(lex) == ut_lexicon_fingerprint(again));
    ut_lexicon_free(again);
    ut_lexicon_free(lex);
}

static void malformed_lines_name_file_and_line(void **state) {
    (void)state;
    expect_error("term\tvalence\ngood\tabc\n", UT_LEXFMT_AUTO, "bad.tsv:2: valence 'abc' is not a number");
    expect_error("term\tvalence\ngood\t4.5\n", UT_LEXFMT_AUTO, "bad.tsv:2: valence 4.5 is outside [-4, 4]");
    expect_error("term\tvalence\n\ngood 2\n", UT_LEXFMT_AUTO, "bad.tsv:3: missing tab");
    expect_error("term\tvalence\ngood\t\n", UT_LEXFMT_AUTO, "bad.tsv:2: valence '' is not a number");
    expect_error("term\tvalence\ngood\tinf\n", UT_LEXFMT_AUTO, "bad.tsv:2:");
    expect_error("term\tvalence\n\t2\n", UT_LEXFMT_AUTO, "bad.tsv:2: empty term");
    expect_error("term\tvalence\na b c d e f g h i\t2\n", UT_LEXFMT_AUTO, "bad.tsv:2: term has more than 8 words");
    expect_error("good\t2\nbad\t-2.5\n", UT_LEXFMT_AUTO, "bad.tsv:2: score '-2.5' is not an integer");
    expect_error("good\t2\nbad\t-7\n", UT_LEXFMT_AUTO, "bad.tsv:2: score -7 is outside [-5, 5]");
    expect_error("good\t1.9\t0.5\t[1]\nbad\n", UT_LEXFMT_AUTO, "bad.tsv:2: missing tab");
    expect_error("good\t1.9\t0.5\t[1]\r\nbad\tx\t0.5\r\n", UT_LEXFMT_AUTO, "bad.tsv:2: mean 'x' is not a number");
    expect_error("good\n", UT_LEXFMT_AUTO, "bad.tsv:1: unknown lexicon format");
    expect_error("# only a comment\nhello world\n", UT_LEXFMT_AUTO, "bad.tsv:1: unknown lexicon format");
    expect_error("good\t1\n", UT_LEXFMT_UNDERTONE, "bad.tsv:1: expected the header row");
    expect_error("", UT_LEXFMT_AUTO, "bad.tsv: empty lexicon");
    expect_error("\n  \n\r\n", UT_LEXFMT_AUTO, "bad.tsv: empty lexicon");
    expect_error("# nothing\n", UT_LEXFMT_UNDERTONE, "bad.tsv: no header row");
}

static void header_only_is_an_empty_lexicon(void **state) {
    (void)state;
    ut_lexicon *lex = load("# a start\nterm\tvalence\n", UT_LEXFMT_AUTO);
    assert_int_equal(ut_lexicon_size(lex), 0);
    float v;
    assert_false(ut_lexicon_lookup_str(lex, "good", 4, &v));
    ut_lexicon *empty;
    assert_int_equal(ut_lexicon_new(&empty), 0);
    assert_true(ut_lexicon_fingerprint(lex) == ut_lexicon_fingerprint(empty));
    ut_lexicon_free(empty);
    ut_lexicon_free(lex);
}

static void fingerprint_is_content_not_order(void **state) {
    (void)state;
    ut_lexicon *a = load("term\tvalence\ngood\t2\nbad\t-2\nwaste of money\t-3\n", UT_LEXFMT_AUTO);
    ut_lexicon *b = load("term\tvalence\nwaste of money\t-3\nbad\t-2\ngood\t2\n", UT_LEXFMT_AUTO);
    ut_lexicon *c = load("term\tvalence\ngood\t2\nbad\t-2.5\nwaste of money\t-3\n", UT_LEXFMT_AUTO);
    ut_lexicon *d = load("term\tvalence\ngood\t2\nbad\t-2\nwaste of time\t-3\n", UT_LEXFMT_AUTO);
    ut_lexicon *e = load("term\tvalence\ngood\t1\nbad\t-2\nwaste of money\t-3\ngood\t2\n", UT_LEXFMT_AUTO);
    uint64_t fa = ut_lexicon_fingerprint(a);
    assert_true(fa == ut_lexicon_fingerprint(a)); /* stable */
    assert_true(fa == ut_lexicon_fingerprint(b));
    assert_true(fa != ut_lexicon_fingerprint(c));
    assert_true(fa != ut_lexicon_fingerprint(d));
    assert_true(fa == ut_lexicon_fingerprint(e)); /* the same content after overlay */
    ut_lexicon_free(a);
    ut_lexicon_free(b);
    ut_lexicon_free(c);
    ut_lexicon_free(d);
    ut_lexicon_free(e);
}

static void add_rules_and_freeze(void **state) {
    (void)state;
    ut_lexicon *lex;
    assert_int_equal(ut_lexicon_new(&lex), 0);
    assert_int_equal(ut_lexicon_add(lex, "  great   value ", 16, 2.5f), 0);
    assert_true(valence_of(lex, "great value") == 2.5f);
    assert_int_equal(ut_lexicon_add(lex, "   ", 3, 1.0f), UT_EINVAL);
    assert_int_equal(ut_lexicon_add(lex, "1 2 3 4 5 6 7 8 9", 17, 1.0f), UT_EINVAL);
    assert_int_equal(ut_lexicon_add(lex, "1 2 3 4 5 6 7 8", 15, 1.0f), 0);
    assert_int_equal(ut_lexicon_freeze(lex), 0);
    assert_int_equal(ut_lexicon_add(lex, "late", 4, 1.0f), UT_EINVAL);
    assert_int_equal(ut_lexicon_size(lex), 2);
    ut_lexicon_free(lex);
    ut_lexicon_free(NULL);
}

static void many_terms_grow_the_table(void **state) {
    (void)state;
    ut_lexicon *lex;
    assert_int_equal(ut_lexicon_new(&lex), 0);
    char term[32];
    for (int i = 0; i < 20000; i++) {
        int n = snprintf(term, sizeof term, "w%d x%d", i, i % 7);
        assert_int_equal(ut_lexicon_add(lex, term, (size_t)n, (float)(i % 9) - 4.0f), 0);
    }
    assert_int_equal(ut_lexicon_size(lex), 20000);
    for (int i = 0; i < 20000; i += 997) {
        int n = snprintf(term, sizeof term, "w%d x%d", i, i % 7);
        float v;
        assert_true(ut_lexicon_lookup_str(lex, term, (size_t)n, &v) && v == (float)(i % 9) - 4.0f);
    }
    ut_lexicon_free(lex);
}

static void emoji_descriptions(void **state) {
    (void)state;
    ut_lexicon *lex = load("\xf0\x9f\x98\x80\tgrinning face\n"
                           "\xf0\x9f\x87\xa6\xf0\x9f\x87\xba\tflag: Australia\n" /* two code points: skipped */
                           "\xe2\x9d\xa4\tred heart\r\n"
                           "\xf0\x9f\x98\x80\tgrinning face again\n",
                           UT_LEXFMT_AUTO);
    assert_int_equal(ut_lexicon_emoji_count(lex), 2);
    assert_int_equal(ut_lexicon_size(lex), 0); /* descriptions are not terms */
    size_t len = 0;
    const char *d = ut_lexicon_emoji(lex, 0x1F600, &len);
    assert_non_null(d);
    assert_int_equal(len, 19);
    assert_memory_equal(d, "grinning face again", 19);
    d = ut_lexicon_emoji(lex, 0x2764, &len);
    assert_non_null(d);
    assert_memory_equal(d, "red heart", len);
    assert_null(ut_lexicon_emoji(lex, 0x1F1E6, &len));
    assert_null(ut_lexicon_emoji(lex, 'a', &len));
    ut_lexicon *other = load("\xf0\x9f\x98\x80\tgrinning face\n", UT_LEXFMT_AUTO);
    assert_true(ut_lexicon_fingerprint(lex) != ut_lexicon_fingerprint(other));
    ut_lexicon_free(other);
    ut_lexicon_free(lex);
    expect_error("\xf0\x9f\x98\x80\tgrinning face\n\xf0\x9f\x98\x81\n", UT_LEXFMT_AUTO, "bad.tsv:2: missing tab");
}

static void files(void **state) {
    (void)state;
    ut_lexicon *lex;
    assert_int_equal(ut_lexicon_new(&lex), 0);
    assert_int_equal(ut_lexicon_load_file(lex, UT_BINARY_DIR "/no/such/lexicon.tsv"), UT_EIO);
    assert_non_null(strstr(ut_error_last(), "no/such/lexicon.tsv"));
    const char *path = UT_BINARY_DIR "/test_lexicon_tmp.tsv";
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs("term\tvalence\ngood\t2\nbad\tworse\n", f);
    fclose(f);
    assert_int_equal(ut_lexicon_load_file(lex, path), UT_EFORMAT);
    assert_non_null(strstr(ut_error_last(), "test_lexicon_tmp.tsv:3: valence 'worse' is not a number"));
    remove(path);
    ut_lexicon_free(lex);

    /* The VADER lexicon from the shared data, when present. */
    assert_int_equal(ut_lexicon_new(&lex), 0);
    int rc = ut_lexicon_load_file(lex, UT_SHARED_DATA "/vader/vader_lexicon.txt");
    if (rc == UT_EIO) {
        printf("note: %s not found; skipped\n", UT_SHARED_DATA "/vader/vader_lexicon.txt");
    } else {
        assert_int_equal(rc, 0);
        assert_true(ut_lexicon_size(lex) > 7400);
        double v;
        assert_true(ut_lexicon_lookup_vader(lex, "good", 4, &v) && v == 1.9);
        assert_true(ut_lexicon_lookup_vader(lex, ":p", 2, &v) && v == 1.0);
        assert_true(ut_lexicon_lookup_vader(lex, "lol", 3, &v) && v == 1.8); /* the later duplicate */
        size_t terms = ut_lexicon_size(lex);
        assert_int_equal(ut_lexicon_load_file(lex, UT_SHARED_DATA "/vader/emoji_utf8_lexicon.txt"), 0);
        assert_int_equal(ut_lexicon_emoji_count(lex), 1212); /* its one-code-point emoji */
        assert_int_equal(ut_lexicon_size(lex), terms);
    }
    ut_lexicon_free(lex);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(phrase_prefixes_are_markers_not_terms),
        cmocka_unit_test(many_phrases_share_a_first_word),
        cmocka_unit_test(sniffs_undertone),
        cmocka_unit_test(sniffs_vader),
        cmocka_unit_test(sniffs_afinn),
        cmocka_unit_test(explicit_format_and_bom),
        cmocka_unit_test(crlf_and_blank_lines),
        cmocka_unit_test(overlay_later_wins),
        cmocka_unit_test(vader_lookup_ignores_capitalised_terms),
        cmocka_unit_test(match_longest_phrase),
        cmocka_unit_test(malformed_lines_name_file_and_line),
        cmocka_unit_test(header_only_is_an_empty_lexicon),
        cmocka_unit_test(fingerprint_is_content_not_order),
        cmocka_unit_test(add_rules_and_freeze),
        cmocka_unit_test(many_terms_grow_the_table),
        cmocka_unit_test(emoji_descriptions),
        cmocka_unit_test(files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
