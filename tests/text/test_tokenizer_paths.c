/* test_tokenizer_paths.c — the tokenizer's fast paths (the run of plain
 * words, the one-register word) against its general path: the same text
 * tokenized with the fast paths switched off must give identical tokens,
 * forms, sentences and clauses, field by field. Also the hashed word tables
 * that the fast paths consult (contrast words, abbreviations). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "text/charclass.h"
#include "text/tokenizer.h"
#include "text/tokenizer_internal.h"
#include "text/tokenizer_scan.h"

/* ---- helpers ------------------------------------------------------------ */

static void assert_identical(const ut_tokens *a, const ut_tokens *b) {
    assert_int_equal(a->n_tok, b->n_tok);
    assert_int_equal(a->n_sent, b->n_sent);
    assert_int_equal(a->n_clause, b->n_clause);
    assert_int_equal(a->norm_len, b->norm_len);
    assert_int_equal(a->src_total, b->src_total);
    assert_int_equal(a->invalid_utf8, b->invalid_utf8);
    for (uint32_t i = 0; i < a->n_tok; i++) {
        const ut_token *x = &a->tok[i], *y = &b->tok[i];
        assert_true(x->hash == y->hash);
        assert_int_equal(x->src_off, y->src_off);
        assert_int_equal(x->src_len, y->src_len);
        assert_int_equal(x->norm_off, y->norm_off);
        assert_int_equal(x->norm_len, y->norm_len);
        assert_int_equal(x->kind, y->kind);
        assert_int_equal(x->flags, y->flags);
        assert_int_equal(x->sentence, y->sentence);
        assert_int_equal(x->clause, y->clause);
        assert_string_equal(ut_token_norm(a, i), ut_token_norm(b, i));
        assert_true(x->hash == ut_hash_bytes(ut_token_norm(a, i), x->norm_len));
    }
    for (uint32_t i = 0; i < a->n_sent; i++) {
        const ut_sentence *x = &a->sent[i], *y = &b->sent[i];
        assert_int_equal(x->tok_begin, y->tok_begin);
        assert_int_equal(x->tok_end, y->tok_end);
        assert_int_equal(x->src_begin, y->src_begin);
        assert_int_equal(x->src_end, y->src_end);
        assert_int_equal(x->exclaims, y->exclaims);
        assert_int_equal(x->questions, y->questions);
    }
    for (uint32_t i = 0; i < a->n_clause; i++) {
        const ut_clause *x = &a->clause[i], *y = &b->clause[i];
        assert_int_equal(x->tok_begin, y->tok_begin);
        assert_int_equal(x->tok_end, y->tok_end);
        assert_int_equal(x->sentence, y->sentence);
        assert_int_equal(x->opened_by, y->opened_by);
    }
}

/* Tokenizes title (may be NULL) then text with the fast paths on and off,
 * and compares. Both ut_tokens are reused across calls, as the engine does. */
static ut_tokens fast_out = UT_TOKENS_INIT, general_out = UT_TOKENS_INIT;

static void compare_paths2(const char *title, size_t title_len, const char *text, size_t len) {
    for (int fast = 1; fast >= 0; fast--) {
        ut_tokens *t = fast ? &fast_out : &general_out;
        ut_tokenizer_use_fast_paths(fast);
        ut_tokens_reset(t);
        if (title) assert_int_equal(ut_tokenize_append(t, title, title_len), 0);
        assert_int_equal(ut_tokenize_append(t, text, len), 0);
    }
    ut_tokenizer_use_fast_paths(1);
    assert_identical(&fast_out, &general_out);
}

static void compare_paths(const char *text, size_t len) {
    compare_paths2(NULL, 0, text, len);
}

static int teardown(void **state) {
    (void)state;
    ut_tokenizer_use_fast_paths(1);
    ut_tokens_free(&fast_out);
    ut_tokens_free(&general_out);
    return 0;
}

/* ---- tricky texts --------------------------------------------------------- */

/* Each text at every shift 0..17 (leading blanks move its words across the
 * 8- and 16-byte boundaries the fast paths load), cut at every length (a
 * text ending mid-word leaves fewer than 16 readable bytes), and padded. */
static void test_tricky_texts(void **state) {
    (void)state;
    static const char *const texts[] = {
        "The room was spacious with a lovely view. The sales assistant gave honest advice.",
        "GREAT product, Great price; great SERVICE!! Would buy again?? yes",
        "sooo goood, loooove it, aaa bbb ccc zzzz, Aaa AAA aAa",
        "don't won't it's wi-fi e-mail well-made self-check-in rock'n'roll",
        "DON'T WI-FI Don't O'Neil A-B A'b aa-aaa aaa-a x-Ray Self-Check-In dogs' end- -start a--b a-'b covid-19 b-2",
        "mp3 4k abc123 a1b2 h2o b2b 3rd 2nd 10th 4.5 1,000 10% $20 10:30 4/5",
        "but yet though however whereas although except nevertheless nonetheless",
        "But Yet Though However Whereas Although Except NEVERTHELESS Nonetheless.",
        "good but bad, nice yet cheap. fine though! nice though it broke, not yet.",
        "Mr. Smith and Dr. Who met at St. Paul etc. The end. vs. them, approx. Ten mins. later",
        "U.S. Army e.g. this i.e. that a.m. and p.m. Ok. Fine. I. Am. x. y",
        "amazon.com bbc.co.uk www.example.com http://x.y/z mail@example.com",
        "xD XD xDDD xd Xd :) :-( <3 ;) =D xDx",
        "caf\xC3\xA9 na\xC3\xAFve r\xC3\xA9sum\xC3\xA9 stra\xC3\xDF"
        "e \xC3\x9C"
        "ber",
        "abc\xC3\xA9 abcdefghijklmno\xC3\xA9 abcdefg\xE2\x80\x99s don\xE2\x80\x99t it\xE2\x80\x99",
        "love it \xF0\x9F\x98\x8D so good\xF0\x9F\x91\x8D great\xE2\x80\xA6 next \xE3\x80\x82 \xE4\xB8\xAD\xE6\x96\x87",
        "abcdefghijklmno abcdefghijklmnop abcdefghijklmnopq ABCDEFGHIJKLMNOP Abcdefghijklmnopqrstuvwxyz",
        "a b c d e f g h i j k l m n o p q r s t u v w x y z A B C D E F",
        "word\tword\nword\r\nword  word   word\x01word\x7Fword",
        "don&#039;t &amp; this&#39;s &apos;x &nbsp; AT&T R&D a&b",
        "word.word word..word word... word?! word!? (word) [word] {word} \"word\" 'word'",
        "end-- next - dash \xE2\x80\x94 dash; semi: colon, comma",
        "Great",
        "I",
        "Okay.",
        "abcdefghijklmn.",
        "abcdefghijklmno.",
    };
    char buf[256];
    for (size_t c = 0; c < sizeof texts / sizeof texts[0]; c++) {
        size_t n = strlen(texts[c]);
        assert_true(n + 17 + 20 <= sizeof buf);
        for (size_t shift = 0; shift <= 17; shift++) {
            memset(buf, ' ', shift);
            memcpy(buf + shift, texts[c], n);
            memset(buf + shift + n, ' ', 20);
            for (size_t cut = shift; cut <= shift + n; cut++)
                compare_paths(buf, cut);
            compare_paths(buf, shift + n + 20);
            compare_paths2("Title here", 10, buf, shift + n + 20);
            compare_paths2("Title here.", 11, buf, shift + n);
        }
    }
}

/* Random texts from fragments that exercise every rule, long enough for
 * runs of plain words (a fixed seed, so failures reproduce). */
static void test_random_texts(void **state) {
    (void)state;
    static const char *const parts[] = {
        "good",
        "GREAT",
        "Sooo",
        "the",
        "room",
        "was",
        "spacious",
        "Lovely",
        "but",
        "yet",
        "though",
        "however",
        "Mr",
        "etc",
        "e",
        "g",
        "U",
        "S",
        "www",
        "amazon",
        "com",
        "http",
        "xD",
        "x",
        "D",
        "4",
        "10",
        "000",
        "don",
        "t",
        "caf\xC3\xA9",
        "\xE2\x80\x99",
        "\xF0\x9F\x98\x8D",
        " ",
        " ",
        " ",
        " ",
        " ",
        "  ",
        "\n",
        ".",
        ".",
        ". ",
        "..",
        "!",
        "?",
        ",",
        ", ",
        ";",
        ":",
        ")",
        "(",
        "-",
        "'",
        "@",
        "/",
        "%",
        "$",
        "<3",
        "\"",
        "abcdefghijklmnopq",
        "abcdefghijklmno",
        "AAAAAAAAAAAAAAAAAAA",
        "\x80",
        "\0",
        "&#039;",
        "&amp;",
        "&",
        "#",
        "\t",
        "aaa",
        "Zzz",
    };
    uint64_t rng = 0x9E3779B97F4A7C15ull;
    char buf[1024];
    for (int round = 0; round < 4000; round++) {
        size_t n = 0;
        int pieces = 1 + (int)(rng % 60);
        for (int k = 0; k < pieces; k++) {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            const char *part = parts[rng % (sizeof parts / sizeof parts[0])];
            size_t m = strcmp(part, "\0") ? strlen(part) : 1;
            memcpy(buf + n, part, m);
            n += m;
        }
        memset(buf + n, ' ', 20);
        compare_paths(buf, n);
        compare_paths(buf, n + 20);
        compare_paths2(buf, n / 3, buf + n / 3, n - n / 3);
    }
}

/* Real reviews from the development data, when it is there. */
static void test_review_corpus(void **state) {
    (void)state;
    FILE *f = fopen(UT_SHARED_DATA "/reviews/blitzer_multidomain.jsonl", "rb");
    if (!f) skip();
    char *line = NULL;
    size_t cap = 0;
    for (int n = 0; n < 2000 && getline(&line, &cap, f) > 0; n++)
        compare_paths(line, strlen(line));
    free(line);
    fclose(f);
}

/* A text long enough to grow every array several times inside runs. */
static void test_growth_inside_runs(void **state) {
    (void)state;
    static const char sentence[] = "the quick brown fox jumps over the lazy dog and runs away quickly ";
    size_t n = 20000 * (sizeof sentence - 1);
    char *big = malloc(n);
    assert_non_null(big);
    for (size_t k = 0; k < n; k += sizeof sentence - 1)
        memcpy(big + k, sentence, sizeof sentence - 1);
    ut_tokens_free(&fast_out);
    ut_tokens_free(&general_out);
    compare_paths(big, n);
    assert_int_equal(fast_out.n_tok, 20000 * 13);
    free(big);
}

/* ---- the hashed word tables ---------------------------------------------- */

static uint64_t head_of(const char *w) {
    uint64_t head = 0;
    for (size_t k = 0; k < 8 && w[k]; k++)
        head |= (uint64_t)(uint8_t)w[k] << (8 * k);
    return head;
}

static void test_contrast_table(void **state) {
    (void)state;
    static const char *const contrast[] = {"but",     "yet",      "except",   "though",  "however",
                                           "whereas", "although", "neverthe", "nonethel"};
    for (size_t k = 0; k < sizeof contrast / sizeof contrast[0]; k++)
        assert_true(ut_tok_maybe_contrast(head_of(contrast[k])));
    static const char *const others[] = {"bu", "buts", "yes", "you", "the", "thought", "a", "alth", "never", "no"};
    for (size_t k = 0; k < sizeof others / sizeof others[0]; k++)
        assert_false(ut_tok_maybe_contrast(head_of(others[k])));
}

static void test_abbreviation_table(void **state) {
    (void)state;
    static const char *const titles[] = {"mr",  "mrs", "ms",   "dr",  "prof", "st", "mt",
                                         "rev", "gen", "capt", "sgt", "lt",   "col"};
    static const char *const abbrevs[] = {"vs",   "etc", "approx", "inc", "ltd", "co",  "corp", "jr",
                                          "sr",   "est", "dept",   "hr",  "hrs", "min", "mins", "sec",
                                          "secs", "oz",  "lb",     "lbs", "ft",  "pkg", "qty",  "ea"};
    unsigned entries = 0;
    for (size_t k = 0; k < sizeof titles / sizeof titles[0]; k++)
        assert_int_equal(abbreviation_kind(head_of(titles[k])), ABBREV_TITLE);
    for (size_t k = 0; k < sizeof abbrevs / sizeof abbrevs[0]; k++)
        assert_int_equal(abbreviation_kind(head_of(abbrevs[k])), ABBREV_ENDS_BEFORE_CAPITAL);
    static const char *const others[] = {"m", "mrss", "the", "great", "approxi", "etcetera", "s", "x"};
    for (size_t k = 0; k < sizeof others / sizeof others[0]; k++)
        assert_int_equal(abbreviation_kind(head_of(others[k])), 0);
    assert_int_equal(abbreviation_kind(0), 0);
    /* every entry sits in its own slot, and there is no other */
    for (unsigned slot = 0; slot < 128; slot++) {
        uint64_t e = ut_tok_abbrev_table[slot];
        if (!e) continue;
        entries++;
        assert_int_equal(ABBREV_SLOT(e & 0x00FFFFFFFFFFFFFFull), slot);
    }
    assert_int_equal(entries, sizeof titles / sizeof titles[0] + sizeof abbrevs / sizeof abbrevs[0]);
}

/* The generated table of what ends a run word agrees with its rule. */
static void test_word_end_table(void **state) {
    (void)state;
    for (unsigned b = 0; b < 256; b++) {
        unsigned expect = UT_WE_OTHER;
        if (b >= 0x80 || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '\'' ||
            b == '-' || b == ':' || b == '@' || b == '&')
            expect = UT_WE_CONTINUES;
        else if (b == ' ')
            expect = UT_WE_BLANK;
        else if (b == ',')
            expect = UT_WE_COMMA;
        else if (b == '.')
            expect = UT_WE_DOT;
        assert_int_equal(ut_word_end[b], expect);
    }
}

/* The hash's mixing step, written out for x86-64, equals the plain C one. */
static void test_hash_mix(void **state) {
    (void)state;
    uint64_t a = 0x9E3779B97F4A7C15ull, b = 1;
    for (int k = 0; k < 100000; k++) {
        a ^= a << 13;
        a ^= a >> 7;
        a ^= a << 17;
        b = b * 6364136223846793005ull + 1442695040888963407ull;
        assert_true(ut_hash_mix(a, b) == ut_hash_mix_portable(a, b));
    }
    assert_true(ut_hash_mix(0, 0) == 0);
    assert_true(ut_hash_mix(~0ull, ~0ull) == ut_hash_mix_portable(~0ull, ~0ull));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_tricky_texts, teardown),
        cmocka_unit_test_teardown(test_random_texts, teardown),
        cmocka_unit_test_teardown(test_review_corpus, teardown),
        cmocka_unit_test_teardown(test_growth_inside_runs, teardown),
        cmocka_unit_test(test_contrast_table),
        cmocka_unit_test(test_abbreviation_table),
        cmocka_unit_test(test_word_end_table),
        cmocka_unit_test(test_hash_mix),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
