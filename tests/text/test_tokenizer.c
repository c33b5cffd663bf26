/* test_tokenizer.c — the tokenizer's contract, case by case: what becomes a
 * token and how it is normalised, where sentences and clauses break, the
 * flags, malformed UTF-8, and inputs placed against an unreadable page so
 * that any read past `len` crashes the test. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cmocka.h>

#include "text/charclass.h"
#include "util/hash.h"
#include "text/tokenizer.h"

/* ---- helpers ------------------------------------------------------------ */

static ut_tokens *tk(void **state) {
    return (ut_tokens *)*state;
}

static int setup(void **state) {
    ut_tokens *t = calloc(1, sizeof *t);
    if (!t) return -1;
    *state = t;
    return 0;
}

static int teardown(void **state) {
    ut_tokens_free(tk(state));
    free(*state);
    return 0;
}

static ut_tokens *run(void **state, const char *text) {
    ut_tokens *t = tk(state);
    assert_int_equal(ut_tokenize(t, text, strlen(text)), 0);
    return t;
}

/* The normalised forms joined by '|'. */
static const char *norms(const ut_tokens *t) {
    static char buf[4096];
    size_t n = 0;
    buf[0] = '\0';
    for (uint32_t i = 0; i < t->n_tok && n < sizeof buf - 300; i++)
        n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s", i ? "|" : "", ut_token_norm(t, i));
    return buf;
}

/* One letter per token kind: w n e j (word, number, emoticon, emoji). */
static const char *kinds(const ut_tokens *t) {
    static char buf[1024];
    uint32_t i;
    for (i = 0; i < t->n_tok && i < sizeof buf - 1; i++)
        buf[i] = " wnej"[t->tok[i].kind];
    buf[i] = '\0';
    return buf;
}

/* One digit per clause: its opened_by. */
static const char *clause_openers(const ut_tokens *t) {
    static char buf[256];
    uint32_t i;
    for (i = 0; i < t->n_clause && i < sizeof buf - 1; i++)
        buf[i] = (char)('0' + t->clause[i].opened_by);
    buf[i] = '\0';
    return buf;
}

static int find(const ut_tokens *t, const char *norm) {
    for (uint32_t i = 0; i < t->n_tok; i++)
        if (!strcmp(ut_token_norm(t, i), norm)) return (int)i;
    return -1;
}

/* Every structural invariant the scorers rely on. */
static void check_invariants(const ut_tokens *t, size_t total_len) {
    uint32_t expect_tok = 0;
    for (uint32_t s = 0; s < t->n_sent; s++) {
        const ut_sentence *st = &t->sent[s];
        assert_int_equal(st->tok_begin, expect_tok);
        assert_true(st->tok_end > st->tok_begin); /* never empty */
        assert_true(st->src_begin <= st->src_end && st->src_end <= total_len);
        expect_tok = st->tok_end;
    }
    assert_int_equal(expect_tok, t->n_tok);
    expect_tok = 0;
    for (uint32_t c = 0; c < t->n_clause; c++) {
        const ut_clause *cl = &t->clause[c];
        assert_int_equal(cl->tok_begin, expect_tok);
        assert_true(cl->tok_end > cl->tok_begin);
        assert_true(cl->sentence < t->n_sent);
        assert_true(cl->tok_begin >= t->sent[cl->sentence].tok_begin && cl->tok_end <= t->sent[cl->sentence].tok_end);
        if (cl->tok_begin == t->sent[cl->sentence].tok_begin) assert_int_equal(cl->opened_by, UT_CLAUSE_SENTENCE);
        expect_tok = cl->tok_end;
    }
    assert_int_equal(expect_tok, t->n_tok);
    uint32_t prev_end = 0;
    for (uint32_t i = 0; i < t->n_tok; i++) {
        const ut_token *k = &t->tok[i];
        assert_true(k->src_len > 0);
        assert_true((size_t)k->src_off + k->src_len <= total_len);
        assert_true(k->src_off >= prev_end); /* in order, never overlapping */
        prev_end = k->src_off + k->src_len;
        assert_true(k->norm_off + k->norm_len < t->norm_len);
        assert_int_equal(t->norm[k->norm_off + k->norm_len], '\0');
        assert_int_equal(strlen(ut_token_norm(t, i)), k->norm_len);
        assert_true(k->hash == ut_hash_bytes(ut_token_norm(t, i), k->norm_len));
        assert_true(k->sentence < t->n_sent && k->clause < t->n_clause);
        assert_true(i >= t->sent[k->sentence].tok_begin && i < t->sent[k->sentence].tok_end);
        assert_true(i >= t->clause[k->clause].tok_begin && i < t->clause[k->clause].tok_end);
        assert_int_equal(!!(k->flags & UT_TF_SENT_START), i == t->sent[k->sentence].tok_begin);
        assert_int_equal(!!(k->flags & UT_TF_CLAUSE_START), i == t->clause[k->clause].tok_begin);
    }
}

/* ---- empty and trivial -------------------------------------------------- */

static void test_empty(void **state) {
    ut_tokens *t = tk(state);
    assert_int_equal(ut_tokenize(t, NULL, 0), 0);
    assert_int_equal(t->n_tok, 0);
    assert_int_equal(t->n_sent, 0);
    assert_int_equal(t->n_clause, 0);
    run(state, "   \n\n\t  ");
    assert_int_equal(t->n_tok, 0);
    run(state, "... !!! ??? ,,, ;;; --");
    assert_int_equal(t->n_tok, 0);
    assert_int_equal(t->n_sent, 0);
}

static void test_simple_words(void **state) {
    ut_tokens *t = run(state, "The Battery lasts");
    assert_string_equal(norms(t), "the|battery|lasts");
    assert_string_equal(kinds(t), "www");
    assert_int_equal(t->tok[1].src_off, 4);
    assert_int_equal(t->tok[1].src_len, 7);
    assert_int_equal(t->n_sent, 1);
    assert_int_equal(t->sent[0].src_begin, 0);
    assert_int_equal(t->sent[0].src_end, 17);
    check_invariants(t, 17);
}

/* ---- words: apostrophes, hyphens --------------------------------------- */

static void test_contractions(void **state) {
    ut_tokens *t = run(state, "I don't like it, isn't it the customer's choice? Customers' 'quoted'");
    assert_string_equal(norms(t), "i|don't|like|it|isn't|it|the|customer's|choice|customers|quoted");
    t = run(state, "I don\xE2\x80\x99t know");
    assert_string_equal(norms(t), "i|don't|know");
    assert_true(t->tok[1].flags & UT_TF_NON_ASCII);
    assert_int_equal(t->tok[1].src_len, 7);
    assert_true(t->tok[1].hash == ut_hash_bytes("don't", 5));
    /* a curly quote around a word is not part of it */
    t = run(state, "\xE2\x80\x98great\xE2\x80\x99 product");
    assert_string_equal(norms(t), "great|product");
    /* HTML-escaped apostrophes join; other character references separate */
    t = run(state, "don&#039;t &amp; can&apos;t&nbsp;won&#39;t &#x27;x R&amp;D &gt;");
    assert_string_equal(norms(t), "don't|can't|won't|x|r|d");
    assert_int_equal(t->tok[0].src_len, 10);
    assert_false(t->tok[0].flags & UT_TF_NON_ASCII);
    /* typographic apostrophe inside a non-ASCII word */
    t = run(state, "l\xE2\x80\x99\xC3\xA9t\xC3\xA9");
    assert_string_equal(norms(t), "l'\xC3\xA9t\xC3\xA9");
}

static void test_hyphens(void **state) {
    ut_tokens *t = run(state, "wi-fi is well-made, not so-so; e-mail me-");
    assert_string_equal(norms(t), "wi-fi|is|well-made|not|so-so|e-mail|me");
    t = run(state, "good -bad 24-hour 1-2 days");
    assert_string_equal(norms(t), "good|bad|24-hour|1-2|days");
    assert_string_equal(kinds(t), "wwwnw");
}

/* ---- numbers ------------------------------------------------------------ */

static void test_numbers(void **state) {
    ut_tokens *t = run(state, "4.5 stars, 1,000 units, 10% off, $20 or \xE2\x82\xAC"
                              "15, my 2nd 3RD try at 10:30, 4/5");
    assert_string_equal(norms(t), "4.5|stars|1,000|units|10%|off|$20|or|\xE2\x82\xAC"
                                  "15|my|2nd|3rd|try|at|10:30|4/5");
    assert_string_equal(kinds(t), "nwnwnwnwnwnnwwnn");
    assert_false(t->tok[6].flags & UT_TF_NON_ASCII); /* $20 */
    assert_true(t->tok[8].flags & UT_TF_NON_ASCII);  /* €15 */
    t = run(state, "mp3 4k 1080p 100x");
    assert_string_equal(kinds(t), "wwww");
    t = run(state, "1,2,3 and 12,3456");
    assert_string_equal(norms(t), "1|2|3|and|12|3456");
}

static void test_decimals_vs_sentence_ends(void **state) {
    ut_tokens *t = run(state, "It costs 4.5. Great value. Version 2.0.1 works.");
    assert_string_equal(norms(t), "it|costs|4.5|great|value|version|2.0.1|works");
    assert_int_equal(t->n_sent, 3);
    assert_int_equal(t->sent[1].tok_begin, 3);
    assert_int_equal(t->sent[2].tok_begin, 5);
    check_invariants(t, strlen("It costs 4.5. Great value. Version 2.0.1 works."));
}

/* ---- sentences ---------------------------------------------------------- */

static void test_abbreviations(void **state) {
    const char *text =
        "Mr. Smith is here. I like it e.g. this one, i.e. the red. Made in the U.S. It works vs. the old. "
        "Apples, pears etc. and more. Dr. Who etc. Then done.";
    ut_tokens *t = run(state, text);
    assert_int_equal(t->n_sent, 7);
    assert_string_equal(ut_token_norm(t, t->sent[0].tok_begin), "mr");
    assert_int_equal(find(t, "e.g."), find(t, "it") + 1);
    assert_true(find(t, "i.e.") > 0);
    assert_true(find(t, "u.s.") > 0);
    assert_int_equal(t->tok[find(t, "u.s.")].src_len, 4);
    assert_true(t->tok[find(t, "u.s.")].flags & UT_TF_ALLCAPS);
    /* "U.S. It" ends a sentence, "vs. the" and "etc. and" do not, "etc. Then" does */
    assert_string_equal(ut_token_norm(t, t->sent[3].tok_begin), "it");
    assert_string_equal(ut_token_norm(t, t->sent[4].tok_begin), "apples");
    assert_string_equal(ut_token_norm(t, t->sent[5].tok_begin), "dr");
    assert_string_equal(ut_token_norm(t, t->sent[6].tok_begin), "then");
    check_invariants(t, strlen(text));
}

static void test_ellipsis_and_line_breaks(void **state) {
    ut_tokens *t = run(state, "Well... not great\xE2\x80\xA6 meh");
    assert_int_equal(t->n_sent, 3);
    t = run(state, "Good\nBad\r\n\r\nUgly\n\nFine");
    assert_int_equal(t->n_sent, 4);
    assert_string_equal(norms(t), "good|bad|ugly|fine");
    t = run(state, "no punctuation at all");
    assert_int_equal(t->n_sent, 1);
    t = run(state, "A.B.C.. typo.Next sentence");
    assert_int_equal(t->n_sent, 3);
}

static void test_exclaims_questions(void **state) {
    ut_tokens *t = run(state, "Great!!! Really?! ok?? fine. !!!");
    assert_int_equal(t->n_sent, 4);
    assert_int_equal(t->sent[0].exclaims, 3);
    assert_int_equal(t->sent[0].questions, 0);
    assert_int_equal(t->sent[1].exclaims, 1);
    assert_int_equal(t->sent[1].questions, 1);
    assert_int_equal(t->sent[2].questions, 2);
    assert_int_equal(t->sent[3].exclaims, 3); /* trailing "!!!" after "fine." belongs to the last sentence */
    assert_int_equal(t->sent[0].src_end, 8);  /* the sentence covers its "!!!" */
    /* punctuation before the first word is kept for the first sentence */
    t = run(state, "!!? wow");
    assert_int_equal(t->n_sent, 1);
    assert_int_equal(t->sent[0].exclaims, 2);
    assert_int_equal(t->sent[0].questions, 1);
    /* fullwidth and double marks */
    t = run(state, "\xE5\xA5\xBD\xEF\xBC\x81\xEF\xBC\x81 ok\xE2\x80\xBC");
    assert_int_equal(t->n_sent, 2);
    assert_int_equal(t->sent[0].exclaims, 2);
    assert_int_equal(t->sent[1].exclaims, 2);
}

/* ---- clauses ------------------------------------------------------------ */

static void test_clauses(void **state) {
    ut_tokens *t = run(state, "Good screen, but bad battery; however the price: fine (mostly) - sadly -- ok");
    assert_string_equal(clause_openers(t), "0332222");
    assert_string_equal(ut_token_norm(t, t->clause[1].tok_begin), "but");
    assert_string_equal(ut_token_norm(t, t->clause[2].tok_begin), "however");
    assert_true(t->tok[find(t, "but")].flags & UT_TF_CLAUSE_START);
    check_invariants(t, strlen("Good screen, but bad battery; however the price: fine (mostly) - sadly -- ok"));
    /* "but" opens a clause even without a comma */
    t = run(state, "I liked it but it broke");
    assert_string_equal(clause_openers(t), "03");
    assert_int_equal(t->clause[1].tok_begin, 3);
    /* at the start of a sentence the clause is the sentence's */
    t = run(state, "But it broke, although cheap.");
    assert_string_equal(clause_openers(t), "03");
    /* "yet" and "though" only before a word */
    t = run(state, "Not used it yet. Good though! Cheap, yet sturdy. Good though the price hurts");
    assert_string_equal(clause_openers(t), "000303");
    t = run(state, "Works well except for the lid, whereas the old one nevertheless leaked");
    assert_string_equal(clause_openers(t), "0333");
    /* a hyphen inside a word is not a dash */
    t = run(state, "well-made");
    assert_string_equal(clause_openers(t), "0");
}

/* ---- flags -------------------------------------------------------------- */

static void test_case_flags(void **state) {
    ut_tokens *t = run(state, "GREAT product I A OK Nice iPhone MP3 DON'T");
    const uint8_t caps = UT_TF_ALLCAPS | UT_TF_CAPITALIZED;
    assert_int_equal(t->tok[0].flags & caps, caps);              /* GREAT */
    assert_int_equal(t->tok[1].flags & caps, 0);                 /* product */
    assert_int_equal(t->tok[2].flags & caps, UT_TF_CAPITALIZED); /* I */
    assert_int_equal(t->tok[3].flags & caps, UT_TF_CAPITALIZED); /* A */
    assert_int_equal(t->tok[4].flags & caps, caps);              /* OK */
    assert_int_equal(t->tok[5].flags & caps, UT_TF_CAPITALIZED); /* Nice */
    assert_int_equal(t->tok[6].flags & caps, 0);                 /* iPhone */
    assert_int_equal(t->tok[7].flags & caps, caps);              /* MP3 */
    assert_int_equal(t->tok[8].flags & caps, caps);              /* DON'T */
    assert_string_equal(ut_token_norm(t, 8), "don't");
    /* a long all-caps word (past one 16-byte chunk) */
    t = run(state, "ABSOLUTELYFANTASTICPRODUCT");
    assert_int_equal(t->tok[0].flags & caps, caps);
    assert_string_equal(norms(t), "absolutelyfantasticproduct");
}

static void test_elongated(void **state) {
    ut_tokens *t = run(state, "sooo soo good loooove 1000 zzz AAAH SoOo");
    assert_true(t->tok[0].flags & UT_TF_ELONGATED);
    assert_false(t->tok[1].flags & UT_TF_ELONGATED);
    assert_false(t->tok[2].flags & UT_TF_ELONGATED);
    assert_true(t->tok[3].flags & UT_TF_ELONGATED);
    assert_false(t->tok[4].flags & UT_TF_ELONGATED);
    assert_true(t->tok[5].flags & UT_TF_ELONGATED);
    assert_true(t->tok[6].flags & UT_TF_ELONGATED);
    assert_true(t->tok[7].flags & UT_TF_ELONGATED);
    /* kept as written: the lexicon decides */
    assert_string_equal(ut_token_norm(t, 0), "sooo");
    /* a repeat that straddles the 16-byte chunk of the vector path */
    t = run(state, "abcdefghijklmnoppp abcdefghijklmnopqqqrs abcdefghijklmnopqrstu");
    assert_true(t->tok[0].flags & UT_TF_ELONGATED);
    assert_true(t->tok[1].flags & UT_TF_ELONGATED);
    assert_false(t->tok[2].flags & UT_TF_ELONGATED);
    /* repeats do not continue across a joiner */
    t = run(state, "aa-a");
    assert_false(t->tok[0].flags & UT_TF_ELONGATED);
}

/* ---- emoticons ---------------------------------------------------------- */

static void test_emoticons(void **state) {
    ut_tokens *t = run(state, ":) :-) :( :-( :D ;) :P </3 <3 :/ :'( xD XD =) >:( ^_^ -_-");
    assert_string_equal(norms(t), ":)|:-)|:(|:-(|:D|;)|:P|</3|<3|:/|:'(|xD|XD|=)|>:(|^_^|-_-");
    assert_string_equal(kinds(t), "eeeeeeeeeeeeeeeee");
    /* repeated mouths are one token with the base face as its form */
    t = run(state, "great :))) love it <333 xDDD");
    assert_string_equal(norms(t), "great|:)|love|it|<3|xD");
    assert_int_equal(t->tok[1].src_len, 4);
    /* a bracket face may follow a word directly */
    t = run(state, "love it:) hate it:(");
    assert_string_equal(norms(t), "love|it|:)|hate|it|:(");
    /* not faces: URLs, times, ratios, paths, labels */
    t = run(state, "see http://example.com/x at 10:30, ratio 3:2, C:\\dir, Note:Do this, 5:00pm");
    assert_int_equal(strchr(kinds(t), 'e') == NULL, 1);
    assert_int_equal(find(t, "http"), -1);
    assert_true(find(t, "10:30") >= 0);
    t = run(state, "Pros: good. Cons: none :( really");
    assert_string_equal(kinds(t), "wwwwew");
    /* a face or emoji after a sentence end belongs to that sentence, not after a line break */
    t = run(state, "Won an award! :D THATS MY BOY!!! \xF0\x9F\x98\x8D :) Next.\n:( sad");
    assert_int_equal(t->n_sent, 4);
    assert_int_equal(t->sent[0].tok_end, 4); /* won an award :D */
    assert_int_equal(t->sent[1].tok_end, 9); /* thats my boy 😍 :) */
    assert_int_equal(t->sent[1].exclaims, 3);
    assert_int_equal(t->sent[3].tok_begin, 10); /* ":(" opens the line's sentence */
    assert_true(t->tok[10].flags & UT_TF_SENT_START);
    assert_false(t->tok[3].flags & (UT_TF_SENT_START | UT_TF_CLAUSE_START));
    check_invariants(t, strlen("Won an award! :D THATS MY BOY!!! \xF0\x9F\x98\x8D :) Next.\n:( sad"));
    t = run(state, "x X xd Xd xDx :Da :3a");
    assert_int_equal(strchr(kinds(t), 'e') == NULL, 1);
}

/* ---- URLs, e-mail, domains ---------------------------------------------- */

static void test_urls(void **state) {
    ut_tokens *t =
        run(state, "see https://x.com/a?b=c.d! Great, mail me@x.com or www.shop.co.uk/p now. Bought on amazon.com.");
    assert_string_equal(norms(t), "see|great|mail|or|now|bought|on|amazon.com");
    assert_int_equal(t->n_sent, 3);
    assert_int_equal(t->sent[0].exclaims, 1);
    t = run(state, "Great product.Would buy again");
    assert_int_equal(t->n_sent, 2);
    t = run(state, "(http://a.b)");
    assert_int_equal(t->n_tok, 0);
}

/* ---- emoji -------------------------------------------------------------- */

static void test_emoji(void **state) {
    /* thumbs up + skin tone; family ZWJ sequence; heart + VS16; two flags; two faces */
    const char *text = "\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD "
                       "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7 "
                       "\xE2\x9D\xA4\xEF\xB8\x8F "
                       "\xF0\x9F\x87\xBA\xF0\x9F\x87\xB8\xF0\x9F\x87\xAC\xF0\x9F\x87\xA7 "
                       "\xF0\x9F\x98\x8D\xF0\x9F\x98\x8D";
    ut_tokens *t = run(state, text);
    assert_string_equal(kinds(t), "jjjjjjj");
    assert_int_equal(t->tok[0].src_len, 8);
    assert_int_equal(t->tok[1].src_len, 18);
    assert_int_equal(t->tok[2].src_len, 6);
    assert_string_equal(ut_token_norm(t, 2), "\xE2\x9D\xA4"); /* the variation selector is dropped */
    assert_int_equal(t->tok[3].src_len, 8);
    assert_int_equal(t->tok[4].src_len, 8);
    assert_int_equal(t->tok[5].src_len, 4);
    assert_true(t->tok[0].flags & UT_TF_NON_ASCII);
    check_invariants(t, strlen(text));
    /* emoji glued to words */
    t = run(state, "love\xF0\x9F\x98\x8Dit");
    assert_string_equal(kinds(t), "wjw");
    /* (R) and (TM) signs are not emoji */
    t = run(state, "Brand\xC2\xAE Thing\xE2\x84\xA2");
    assert_string_equal(kinds(t), "ww");
}

/* ---- other scripts, normalisation --------------------------------------- */

static void test_cjk(void **state) {
    /* Han and kana: one token per character (documented) */
    ut_tokens *t =
        run(state, "\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E\xE3\x81\xA7\xE3\x81\x99\xE3\x80\x82\xE8\x89\xAF\xE3\x81\x84");
    assert_int_equal(t->n_tok, 7);
    assert_int_equal(t->n_sent, 2);
    assert_int_equal(t->tok[0].src_len, 3);
    /* the forms of Han, kana, halfwidth katakana and compatibility ideographs are their NFKC */
    const char *mixed = "\xE6\x97\xA5\xE3\x81\x8C\xE3\x82\xAB\xEF\xBD\xB6\xEF\xA4\x80";
    t = run(state, mixed);
    assert_int_equal(t->n_tok, 5);
    for (uint32_t i = 0; i < t->n_tok; i++) {
        char out[16];
        size_t n = ut_word_normalize(mixed + t->tok[i].src_off, t->tok[i].src_len, out, sizeof out);
        assert_int_equal(n, t->tok[i].norm_len);
        assert_memory_equal(out, ut_token_norm(t, i), n);
    }
    assert_string_equal(ut_token_norm(t, 3), "\xE3\x82\xAB"); /* halfwidth KA -> KA */
    /* Hangul words are separated by spaces: one token each */
    t = run(state, "\xEC\xA2\x8B\xEC\x95\x84\xEC\x9A\x94 \xEC\xA0\x9C\xED\x92\x88");
    assert_int_equal(t->n_tok, 2);
    /* Latin next to Han */
    t = run(state, "iPhone\xE5\xBE\x88\xE5\xA5\xBD");
    assert_string_equal(norms(t), "iphone|\xE5\xBE\x88|\xE5\xA5\xBD");
}

static void test_case_folding(void **state) {
    ut_tokens *t = run(state, "Caf\xC3\xA9 \xC3\x89"
                              "COLE Stra\xC3\x9F"
                              "e \xEF\xBC\xA7\xEF\xBC\xB2\xEF\xBC\xA5\xEF\xBC\xA1\xEF\xBC\xB4");
    assert_string_equal(norms(t), "caf\xC3\xA9|\xC3\xA9"
                                  "cole|strasse|great");
    assert_int_equal(t->tok[1].flags & (UT_TF_ALLCAPS | UT_TF_CAPITALIZED), UT_TF_ALLCAPS | UT_TF_CAPITALIZED);
    assert_int_equal(t->tok[3].flags & UT_TF_ALLCAPS, UT_TF_ALLCAPS);
    assert_true(t->tok[0].flags & UT_TF_NON_ASCII);
    /* decomposed e + U+0301 composes to the same form and hash as é */
    uint64_t composed = t->tok[0].hash;
    t = run(state, "Cafe\xCC\x81");
    assert_string_equal(norms(t), "caf\xC3\xA9");
    assert_true(t->tok[0].hash == composed);
    /* Greek and Cyrillic capitals */
    t = run(state, "\xCE\x9A\xCE\x91\xCE\x9B\xCE\x9F \xD0\x9F\xD0\xBB\xD0\xBE\xD1\x85\xD0\xBE");
    assert_string_equal(norms(t), "\xCE\xBA\xCE\xB1\xCE\xBB\xCE\xBF|\xD0\xBF\xD0\xBB\xD0\xBE\xD1\x85\xD0\xBE");
    assert_true(t->tok[0].flags & UT_TF_ALLCAPS);
    assert_true(t->tok[1].flags & UT_TF_CAPITALIZED);
    /* the ASCII fast path and the utf8proc path agree on ASCII letters */
    t = run(state, "HELLO h\xC3\xA9llo");
    assert_true(t->tok[0].hash == ut_hash_bytes("hello", 5));
}

static void test_word_normalize(void **state) {
    (void)state;
    char out[64];
    assert_int_equal(ut_word_normalize("Don\xE2\x80\x99t", 7, out, sizeof out), 5);
    assert_string_equal(out, "don't");
    assert_int_equal(ut_word_normalize("\xC3\x89"
                                       "COLE",
                                       6, out, sizeof out),
                     6);
    assert_string_equal(out, "\xC3\xA9"
                             "cole");
    assert_int_equal(ut_word_normalize("Stra\xC3\x9F"
                                       "e",
                                       7, out, sizeof out),
                     7);
    assert_string_equal(out, "strasse");
    assert_int_equal(ut_word_normalize(":D", 2, out, sizeof out), 2);
    assert_string_equal(out, ":D"); /* faces keep their case */
    assert_int_equal(ut_word_normalize("XD", 2, out, sizeof out), 2);
    assert_string_equal(out, "XD");
    assert_int_equal(ut_word_normalize("\xE2\x9D\xA4\xEF\xB8\x8F", 6, out, sizeof out), 3);
    assert_string_equal(out, "\xE2\x9D\xA4");
    assert_int_equal(ut_word_normalize("WASTE", 5, out, 4), 0); /* does not fit */
    assert_int_equal(ut_word_normalize("", 0, out, sizeof out), 0);
    /* faces at the length and first-byte limits of ut_is_emoticon's early rejects */
    assert_int_equal(ut_word_normalize(">:-(", 4, out, sizeof out), 4);
    assert_string_equal(out, ">:-(");
    assert_int_equal(ut_word_normalize("(-:", 3, out, sizeof out), 3);
    assert_string_equal(out, "(-:");
    assert_int_equal(ut_word_normalize(":)\0", 3, out, sizeof out), 3); /* not ":)" */
    assert_memory_equal(out, ":)\0", 3);
    assert_int_equal(ut_word_normalize("Dx", 2, out, sizeof out), 2);
    assert_string_equal(out, "dx");
    /* every word token's form equals ut_word_normalize of its source */
    ut_tokens t = UT_TOKENS_INIT;
    const char *text =
        "GREAT Caf\xC3\xA9 don\xE2\x80\x99t Wi-Fi \xEF\xBC\xA7\xEF\xBC\xB2\xEF\xBC\xA5\xEF\xBC\xA1\xEF\xBC\xB4 "
        "\xE2\x9D\xA4\xEF\xB8\x8F :D 4.5";
    assert_int_equal(ut_tokenize(&t, text, strlen(text)), 0);
    for (uint32_t i = 0; i < t.n_tok; i++) {
        size_t n = ut_word_normalize(text + t.tok[i].src_off, t.tok[i].src_len, out, sizeof out);
        assert_int_equal(n, t.tok[i].norm_len);
        assert_memory_equal(out, ut_token_norm(&t, i), n);
    }
    ut_tokens_free(&t);
}

/* ---- malformed input ---------------------------------------------------- */

static void test_invalid_utf8(void **state) {
    ut_tokens *t = tk(state);
    static const struct {
        const char *text;
        size_t len;
        uint32_t invalid;
        const char *norms;
    } cases[] = {
        {"a\x80"
         "b",
         3, 1, "a|b"}, /* lone continuation byte */
        {"a\x80\x80\x80"
         "b",
         5, 3, "a|b"}, /* each lone continuation counts */
        {"x\xC0\xAF"
         "y",
         4, 2, "x|y"}, /* overlong '/' */
        {"x\xE0\x80\xAF"
         "y",
         5, 3, "x|y"}, /* overlong 3-byte */
        {"x\xED\xA0\x80"
         "y",
         5, 3, "x|y"}, /* UTF-16 surrogate encoded in UTF-8 */
        {"x\xF4\x90\x80\x80"
         "y",
         6, 4, "x|y"}, /* above U+10FFFF */
        {"x\xF5\xFF"
         "y",
         4, 2, "x|y"},               /* bytes that never occur */
        {"ok \xE2\x82", 5, 1, "ok"}, /* truncated at the end */
        {"caf\xC3", 4, 1, "caf"},    /* truncated inside a word */
        {"\xE2\x82"
         "abc",
         5, 1, "abc"}, /* truncated, then ASCII */
        {"\xC3\xA9t\xC3"
         "\xC3\xA9",
         6, 1, "\xC3\xA9t|\xC3\xA9"}, /* a bad byte splits the word */
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        assert_int_equal(ut_tokenize(t, cases[c].text, cases[c].len), 0);
        assert_int_equal(t->invalid_utf8, cases[c].invalid);
        assert_string_equal(norms(t), cases[c].norms);
        check_invariants(t, cases[c].len);
    }
}

static void test_nul_bytes(void **state) {
    ut_tokens *t = tk(state);
    assert_int_equal(ut_tokenize(t, "good\0bad\0\0:)", 12), 0);
    assert_string_equal(norms(t), "good|bad|:)");
    assert_int_equal(t->invalid_utf8, 0);
}

/* ---- append ------------------------------------------------------------- */

static void test_append(void **state) {
    ut_tokens *t = tk(state);
    const char *title = "Terrible!", *body = "It broke. Never again";
    assert_int_equal(ut_tokenize(t, title, strlen(title)), 0);
    assert_int_equal(ut_tokenize_append(t, body, strlen(body)), 0);
    assert_string_equal(norms(t), "terrible|it|broke|never|again");
    assert_int_equal(t->n_sent, 3);
    assert_int_equal(t->sent[0].exclaims, 1);
    assert_int_equal(t->tok[1].src_off, 9); /* offsets continue over the concatenation */
    assert_int_equal(t->sent[1].src_begin, 9);
    assert_true(t->tok[1].flags & UT_TF_SENT_START);
    assert_int_equal(t->src_total, 9 + strlen(body));
    check_invariants(t, 9 + strlen(body));
    /* a title with no sentence end still ends its sentence */
    assert_int_equal(ut_tokenize(t, "Great", 5), 0);
    assert_int_equal(ut_tokenize_append(t, "works", 5), 0);
    assert_int_equal(t->n_sent, 2);
    assert_int_equal(t->tok[1].src_off, 5);
    /* ut_tokenize replaces: offsets restart */
    assert_int_equal(ut_tokenize(t, "again", 5), 0);
    assert_int_equal(t->n_tok, 1);
    assert_int_equal(t->tok[0].src_off, 0);
    assert_int_equal(t->src_total, 5);
    /* punctuation before the appended part's first word stays with it */
    assert_int_equal(ut_tokenize(t, "Bad.", 4), 0);
    assert_int_equal(ut_tokenize_append(t, "?? Why", 6), 0);
    assert_int_equal(t->sent[0].questions, 0);
    assert_int_equal(t->sent[1].questions, 2);
    /* an empty part adds nothing */
    assert_int_equal(ut_tokenize_append(t, "", 0), 0);
    assert_int_equal(t->n_sent, 2);
}

static void test_reuse_and_reset(void **state) {
    ut_tokens *t = tk(state);
    run(state, "one two three four five six seven eight nine ten");
    uint32_t cap = t->cap_tok;
    run(state, "a b");
    assert_int_equal(t->n_tok, 2);
    assert_int_equal(t->cap_tok, cap); /* memory kept */
    ut_tokens_reset(t);
    assert_int_equal(t->n_tok, 0);
    assert_int_equal(t->n_sent, 0);
    ut_tokens_free(NULL);
}

/* ---- big and adversarial inputs ----------------------------------------- */

static void test_ten_megabytes(void **state) {
    ut_tokens *t = tk(state);
    const char *review = "The sound is GREAT, but the battery died after 2 days :( Sooo disappointed!!! ";
    size_t unit = strlen(review), len = 10u << 20, reps = len / unit;
    char *text = malloc(len);
    assert_non_null(text);
    for (size_t r = 0; r < reps; r++)
        memcpy(text + r * unit, review, unit);
    assert_int_equal(ut_tokenize(t, review, unit), 0);
    uint32_t tok1 = t->n_tok, sent1 = t->n_sent, clause1 = t->n_clause;
    assert_int_equal(tok1, 14);
    assert_int_equal(ut_tokenize(t, text, reps * unit), 0);
    assert_int_equal(t->n_tok, tok1 * reps);
    assert_int_equal(t->n_sent, sent1 * reps);
    assert_int_equal(t->n_clause, clause1 * reps);
    check_invariants(t, reps * unit);
    /* one 10 MB word: a single token whose form is capped */
    memset(text, 'a', len);
    assert_int_equal(ut_tokenize(t, text, len), 0);
    assert_int_equal(t->n_tok, 1);
    assert_int_equal(t->tok[0].src_len, len);
    assert_int_equal(t->tok[0].norm_len, 255);
    /* 10 MB of punctuation, of joiners, of multi-byte letters, of emoji */
    memset(text, '!', len);
    assert_int_equal(ut_tokenize(t, text, len), 0);
    assert_int_equal(t->n_tok, 0);
    for (size_t k = 0; k < len; k++)
        text[k] = (k & 1) ? '-' : 'a';
    assert_int_equal(ut_tokenize(t, text, len - 1), 0);
    assert_int_equal(t->n_tok, 1);
    for (size_t k = 0; k + 1 < len; k += 2)
        memcpy(text + k, "\xC3\xA9", 2);
    assert_int_equal(ut_tokenize(t, text, len), 0);
    assert_int_equal(t->n_tok, 1);
    assert_true(t->tok[0].norm_len <= 255);
    for (size_t k = 0; k + 8 <= len; k += 8)
        memcpy(text + k, "\xF0\x9F\x98\x8D\xE2\x80\x8D\x20", 8);
    assert_int_equal(ut_tokenize(t, text, len), 0);
    assert_int_equal(t->n_tok, len / 8);
    free(text);
}

/* Inputs that end exactly at an unreadable page: any read past len faults. */
static void test_no_read_past_end(void **state) {
    ut_tokens *t = tk(state);
    long page = sysconf(_SC_PAGESIZE);
    char *map = mmap(NULL, (size_t)page * 2, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    assert_true(map != MAP_FAILED);
    assert_int_equal(mprotect(map + page, (size_t)page, PROT_NONE), 0);
    static const char *const tails[] = {
        "abc",
        "U.S",
        "U.",
        "e.g",
        ":",
        ":-",
        "<",
        "</",
        "\xE2\x80",
        "\xE2",
        "\xF0\x9F\x98",
        "1,00",
        "1,",
        "4.",
        "$",
        "http:/",
        "http:",
        "don'",
        "don\xE2\x80",
        "wi-",
        "x",
        "xD",
        "amazon.",
        "amazon.co",
        "me@",
        "www",
        "www.",
        "\xF0\x9F\x91\x8D\xF0\x9F\x8F",
        "\xF0\x9F\x91\xA8\xE2\x80\x8D",
        "\xF0\x9F\x87\xBA",
        "Mr.",
        "etc.",
        "caf\xC3",
        "abcdefghijklmnopqrstuvwxyz",
        "ABCDEFGHIJKLMNO",
        "aaaaaaaaaaaaaaaaaaaa",
        "10:",
        "10%",
        "\xE2\x82\xAC",
        "-",
        "--",
        " - ",
        "yet",
        "though",
        "... !!",
        "\xEF\xBC",
        "e\xCC",
        "&",
        "&#03",
        "&#039",
        "don&#039;",
        "don&#039",
        "&amp",
        "&amp;",
    };
    for (size_t c = 0; c < sizeof tails / sizeof tails[0]; c++) {
        for (int with_prefix = 0; with_prefix < 2; with_prefix++) {
            const char *prefix = with_prefix ? "Some words first " : "";
            size_t n = strlen(prefix) + strlen(tails[c]);
            char *text = map + page - n;
            memcpy(text, prefix, strlen(prefix));
            memcpy(text + strlen(prefix), tails[c], strlen(tails[c]));
            assert_int_equal(ut_tokenize(t, text, n), 0);
            check_invariants(t, n);
            assert_int_equal(ut_tokenize_append(t, text, n), 0);
            check_invariants(t, 2 * n);
        }
    }
    munmap(map, (size_t)page * 2);
}

/* Every byte value in every position of short strings: no crash, invariants hold. */
static void test_all_byte_pairs(void **state) {
    ut_tokens *t = tk(state);
    char text[4] = {'a', 0, 0, 'b'};
    for (unsigned x = 0; x < 256; x++) {
        for (unsigned y = 0; y < 256; y++) {
            text[1] = (char)x;
            text[2] = (char)y;
            assert_int_equal(ut_tokenize(t, text, 4), 0);
            check_invariants(t, 4);
        }
    }
}

/* ---- real reviews ------------------------------------------------------- */

/* The development corpus: every invariant, and word forms that agree with
 * ut_word_normalize, over the first reviews of the file. */
static void test_review_corpus(void **state) {
    ut_tokens *t = tk(state);
    FILE *f = fopen(UT_SHARED_DATA "/reviews/blitzer_multidomain.jsonl", "rb");
    if (!f) skip();
    char *line = NULL;
    size_t cap = 0;
    uint64_t tokens = 0;
    for (int n = 0; n < 400 && getline(&line, &cap, f) > 0; n++) {
        /* the raw JSON line is as good a text as any: quotes, escapes, colons */
        size_t len = strlen(line);
        assert_int_equal(ut_tokenize(t, line, len), 0);
        check_invariants(t, len);
        tokens += t->n_tok;
        for (uint32_t i = 0; i < t->n_tok; i++) {
            char out[512];
            const ut_token *k = &t->tok[i];
            if (k->kind != UT_TOK_WORD || k->src_len > 200 || memchr(line + k->src_off, '.', k->src_len)) continue;
            size_t m = ut_word_normalize(line + k->src_off, k->src_len, out, sizeof out);
            assert_int_equal(m, k->norm_len);
            assert_memory_equal(out, ut_token_norm(t, i), m);
        }
    }
    free(line);
    fclose(f);
    assert_true(tokens > 10000);
}

/* The 16-byte fast path runs only with 16 readable bytes left, so the same
 * words tokenized with and without trailing blanks take different paths:
 * their tokens must be identical. */
static void test_fast_and_general_paths_agree(void **state) {
    ut_tokens *t = tk(state);
    ut_tokens padded = UT_TOKENS_INIT;
    static const char *const texts[] = {
        "Great product",
        "GREAT",
        "Nice",
        "sooo",
        "aaa",
        "xD",
        "but",
        "However",
        "yet sturdy",
        "though it",
        "abcdefghijklmno",
        "abcdefghijklmnop",
        "ABCDEFGHIJKLMNOp",
        "nevertheless",
        "Mr",
        "etc",
        "don't",
        "wi-fi",
        "AbC",
        "zzz",
        "eXcept",
        "ALTHOUGH",
        "a",
        "I",
        "Great. Next",
        "Mr. Smith",
        "etc. The",
        "etc. the",
        "I. Am",
        "x. y",
        "www. x",
        "Good.\nBad",
        "vs. them",
        "approx. Ten",
        "Ok.",
        "amazon.com now",
        "U.S. Then",
        "e.g. This",
    };
    char buf[64];
    for (size_t c = 0; c < sizeof texts / sizeof texts[0]; c++) {
        size_t n = strlen(texts[c]);
        memcpy(buf, texts[c], n);
        memset(buf + n, ' ', 20);
        assert_int_equal(ut_tokenize(t, buf, n), 0);
        assert_int_equal(ut_tokenize(&padded, buf, n + 20), 0);
        assert_int_equal(t->n_tok, padded.n_tok);
        for (uint32_t i = 0; i < t->n_tok; i++) {
            assert_true(t->tok[i].hash == padded.tok[i].hash);
            assert_int_equal(t->tok[i].flags, padded.tok[i].flags);
            assert_int_equal(t->tok[i].kind, padded.tok[i].kind);
            assert_int_equal(t->tok[i].src_len, padded.tok[i].src_len);
            assert_string_equal(ut_token_norm(t, i), ut_token_norm(&padded, i));
        }
        assert_int_equal(t->n_sent, padded.n_sent);
        assert_int_equal(t->n_clause, padded.n_clause);
        for (uint32_t i = 0; i < t->n_clause; i++)
            assert_int_equal(t->clause[i].opened_by, padded.clause[i].opened_by);
    }
    ut_tokens_free(&padded);
}

/* The same comparison on random texts built from fragments that exercise
 * every rule (a fixed seed, so failures reproduce). */
static void test_paths_agree_on_random_text(void **state) {
    ut_tokens *t = tk(state);
    ut_tokens padded = UT_TOKENS_INIT;
    static const char *const parts[] = {
        "good",
        "GREAT",
        "Sooo",
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
        "  ",
        "\n",
        ".",
        ".",
        "..",
        "!",
        "?",
        ",",
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
        "AAAAAAAAAAAAAAAAAAA",
        "\x80",
        "\0",
        "&#039;",
        "&amp;",
        "&",
        "#",
    };
    uint64_t rng = 0x9E3779B97F4A7C15ull;
    char buf[512];
    for (int round = 0; round < 3000; round++) {
        size_t n = 0;
        int pieces = 1 + (int)(rng % 12);
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
        assert_int_equal(ut_tokenize(t, buf, n), 0);
        assert_int_equal(ut_tokenize(&padded, buf, n + 20), 0);
        check_invariants(t, n);
        assert_int_equal(t->n_tok, padded.n_tok);
        assert_int_equal(t->n_sent, padded.n_sent);
        assert_int_equal(t->n_clause, padded.n_clause);
        for (uint32_t i = 0; i < t->n_tok; i++) {
            assert_true(t->tok[i].hash == padded.tok[i].hash);
            assert_int_equal(t->tok[i].flags, padded.tok[i].flags);
            assert_int_equal(t->tok[i].kind, padded.tok[i].kind);
            assert_int_equal(t->tok[i].src_off, padded.tok[i].src_off);
            assert_int_equal(t->tok[i].src_len, padded.tok[i].src_len);
        }
        for (uint32_t i = 0; i < t->n_clause; i++)
            assert_int_equal(t->clause[i].opened_by, padded.clause[i].opened_by);
        for (uint32_t i = 0; i < t->n_sent; i++) {
            assert_int_equal(t->sent[i].exclaims, padded.sent[i].exclaims);
            assert_int_equal(t->sent[i].questions, padded.sent[i].questions);
        }
    }
    ut_tokens_free(&padded);
}

/* ---- the byte table ----------------------------------------------------- */

static void test_charclass_table(void **state) {
    (void)state;
    for (unsigned b = 0; b < 256; b++) {
        uint8_t k = ut_charclass[b];
        assert_int_equal(!!(k & UT_CC_LOWER), b >= 'a' && b <= 'z');
        assert_int_equal(!!(k & UT_CC_UPPER), b >= 'A' && b <= 'Z');
        assert_int_equal(!!(k & UT_CC_DIGIT), b >= '0' && b <= '9');
        assert_int_equal(!!(k & UT_CC_NEWLINE), b == '\n' || b == '\r');
        assert_int_equal(!!(k & UT_CC_LEAD), b >= 0xC2 && b <= 0xF4);
        assert_int_equal(!!(k & UT_CC_INVALID), (b >= 0x80 && b <= 0xC1) || b >= 0xF5);
        assert_int_equal(__builtin_popcount(k), 1); /* exactly one class */
        assert_int_equal(ut_ascii_lower[b], (b >= 'A' && b <= 'Z') ? b + 32 : b);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_empty, setup, teardown),
        cmocka_unit_test_setup_teardown(test_simple_words, setup, teardown),
        cmocka_unit_test_setup_teardown(test_contractions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hyphens, setup, teardown),
        cmocka_unit_test_setup_teardown(test_numbers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_decimals_vs_sentence_ends, setup, teardown),
        cmocka_unit_test_setup_teardown(test_abbreviations, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ellipsis_and_line_breaks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_exclaims_questions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_clauses, setup, teardown),
        cmocka_unit_test_setup_teardown(test_case_flags, setup, teardown),
        cmocka_unit_test_setup_teardown(test_elongated, setup, teardown),
        cmocka_unit_test_setup_teardown(test_emoticons, setup, teardown),
        cmocka_unit_test_setup_teardown(test_urls, setup, teardown),
        cmocka_unit_test_setup_teardown(test_emoji, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cjk, setup, teardown),
        cmocka_unit_test_setup_teardown(test_case_folding, setup, teardown),
        cmocka_unit_test(test_word_normalize),
        cmocka_unit_test_setup_teardown(test_invalid_utf8, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nul_bytes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_append, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reuse_and_reset, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ten_megabytes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_read_past_end, setup, teardown),
        cmocka_unit_test_setup_teardown(test_all_byte_pairs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_review_corpus, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fast_and_general_paths_agree, setup, teardown),
        cmocka_unit_test_setup_teardown(test_paths_agree_on_random_text, setup, teardown),
        cmocka_unit_test(test_charclass_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
