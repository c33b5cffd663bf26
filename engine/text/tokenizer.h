/* tokenizer.h — UTF-8 review text to tokens, sentences and clauses.
 *
 * One pass over the bytes, driven by a 256-entry character-class table, with
 * an ASCII fast path that lower-cases in place and never calls utf8proc;
 * non-ASCII words are NFKC-case-folded with utf8proc. Each token carries the
 * hash of its normalised form (hash.h), so lexicon look-ups cost one probe.
 * Punctuation is not emitted as tokens: it is recorded as sentence and clause
 * boundaries and as per-sentence '!' / '?' counts, which is all the scorers
 * use. Memory is owned by the ut_tokens value and reused across calls.
 *
 * The rules in detail (tests/text/test_tokenizer.c holds a case for each):
 * - Words: letters and digits, with ' (or U+2019) and - inside them
 *   (don't, wi-fi), and combining marks. Han and kana characters are one
 *   token each, as those scripts put no spaces between words (a lexicon
 *   writes a CJK term with spaces between its characters); other scripts,
 *   Hangul included, make words of runs of letters.
 * - Numbers: a token that starts with a digit (or a currency sign before a
 *   digit) and has no letters but an ordinal suffix: 4.5 1,000 10% $20 2nd
 *   10:30 4/5 1-2. "4k", "mp3" are words.
 * - Skipped, no token: URLs (scheme://..., www....), e-mail addresses and
 *   HTML character references ("&amp;"), except that an escaped apostrophe
 *   ("don&#039;t") joins its word. A domain such as amazon.com is one word.
 * - Abbreviations: "U.S.", "e.g.", "a.m." are one token with their dots;
 *   after "Mr." "Dr." (titles) no sentence ends; after "etc." "vs." "U.S."
 *   one ends only when a capital follows. "..." and U+2026 end a sentence.
 * - Sentences end at . ! ? (and their fullwidth forms), at every line
 *   break, and never start empty: a sentence or clause is opened by the
 *   first token after its boundary, so each holds at least one token.
 *   '!' and '?' count into the sentence they end (or, before the first
 *   token, into the first sentence). An emoticon or emoji right after . ! ?
 *   on the same line belongs to the sentence it follows ("Love it! :)").
 *   src_begin is the first token's offset, src_end the end of its last
 *   token or of its closing punctuation.
 * - A contrast word at the very start of a sentence leaves opened_by =
 *   UT_CLAUSE_SENTENCE (the scorer sees the word itself); "yet" and
 *   "though" open a contrast clause only when a word follows them, so "not
 *   yet." and "good though!" do not.
 * - Invalid UTF-8: each maximal ill-formed subsequence counts once in
 *   invalid_utf8 and separates tokens like a space. NUL is a space.
 * - A normalised form holds at most UT_TOKEN_MAX_NORM bytes (a longer
 *   "word" keeps its full src_len). */
#ifndef UT_TOKENIZER_H
#define UT_TOKENIZER_H

#include <stddef.h>
#include <stdint.h>

/* Longest normalised form kept for one token, in bytes. */
#define UT_TOKEN_MAX_NORM 255

typedef enum ut_token_kind {
    UT_TOK_WORD = 1,     /* letters, digits inside, apostrophes and hyphens inside: don't, wi-fi */
    UT_TOK_NUMBER = 2,   /* 42, 4.5, 10%, $20 (normalised: the digits and . , % $ as written) */
    UT_TOK_EMOTICON = 3, /* :) :-( </3 :D xD ;) (normalised: as written, not case-folded; a repeated
                            mouth is part of the token but not of the form: ":)))" -> ":)") */
    UT_TOK_EMOJI = 4     /* one emoji with its modifiers/ZWJ sequence, or a flag (a regional-indicator
                            pair) (normalised: its bytes less U+FE0E/U+FE0F, so "❤️" and "❤" match) */
} ut_token_kind;

enum ut_token_flag {
    UT_TF_ALLCAPS = 1u << 0,      /* a word of >= 2 letters, all upper case in the source: GREAT */
    UT_TF_CAPITALIZED = 1u << 1,  /* first letter upper case: Great */
    UT_TF_SENT_START = 1u << 2,   /* first token of its sentence */
    UT_TF_CLAUSE_START = 1u << 3, /* first token of its clause */
    UT_TF_NON_ASCII = 1u << 4,    /* the source bytes were not all ASCII */
    UT_TF_ELONGATED = 1u << 5     /* a letter repeated 3+ times in the source: sooo, loooove */
};

typedef struct ut_token {
    uint64_t hash;    /* ut_hash_bytes(norm, norm_len) */
    uint32_t src_off; /* byte offset of the token in the text given to the tokenizer
                         (for ut_tokenize_append: in the concatenation of all parts) */
    uint32_t src_len;
    uint32_t norm_off; /* offset of the normalised form in ut_tokens.norm */
    uint16_t norm_len;
    uint8_t kind;      /* ut_token_kind */
    uint8_t flags;     /* ut_token_flag bits */
    uint32_t sentence; /* index into ut_tokens.sent */
    uint32_t clause;   /* index into ut_tokens.clause */
} ut_token;

/* What opened a clause: the scorer's contrast and negation-scope rules need it. */
typedef enum ut_clause_open {
    UT_CLAUSE_SENTENCE = 0,  /* start of a sentence */
    UT_CLAUSE_COMMA = 1,     /* , */
    UT_CLAUSE_SEMICOLON = 2, /* ; or : or a dash between spaces or ( ) */
    UT_CLAUSE_CONTRAST = 3   /* a contrast word starts it: but, however, although, though, yet, except, whereas
                                (the word itself is the clause's first token) */
} ut_clause_open;

typedef struct ut_sentence {
    uint32_t tok_begin, tok_end; /* token range [begin, end) */
    uint32_t src_begin, src_end; /* byte range in the source */
    uint16_t exclaims;           /* '!' characters ending or inside the sentence */
    uint16_t questions;          /* '?' characters */
} ut_sentence;

typedef struct ut_clause {
    uint32_t tok_begin, tok_end;
    uint32_t sentence;
    uint8_t opened_by; /* ut_clause_open */
} ut_clause;

typedef struct ut_tokens {
    ut_token *tok;
    uint32_t n_tok, cap_tok;
    char *norm; /* normalised forms, each NUL-terminated */
    size_t norm_len, norm_cap;
    ut_sentence *sent;
    uint32_t n_sent, cap_sent;
    ut_clause *clause;
    uint32_t n_clause, cap_clause;
    uint32_t src_total;    /* bytes tokenized so far (offset base for append) */
    uint32_t invalid_utf8; /* invalid byte sequences seen (each replaced by U+FFFD, not a token) */
} ut_tokens;

#define UT_TOKENS_INIT                                                                                                 \
    { 0 }

/* Tokenizes `text` (need not be NUL-terminated or valid UTF-8) into `out`,
 * replacing what it held. Returns 0 or UT_ENOMEM. Never reads past len. */
int ut_tokenize(ut_tokens *out, const char *text, size_t len);

/* Appends the tokens of `text` as new sentences after those already in
 * `out` (used to score a title as the first sentence of its review). */
int ut_tokenize_append(ut_tokens *out, const char *text, size_t len);

/* Empties `out` keeping its memory. */
void ut_tokens_reset(ut_tokens *out);

/* Frees what `out` owns. Accepts NULL. */
void ut_tokens_free(ut_tokens *out);

/* The normalised form of token i (NUL-terminated, borrowed from t). */
static inline const char *ut_token_norm(const ut_tokens *t, uint32_t i) {
    return t->norm + t->tok[i].norm_off;
}

/* Normalises one word as the tokenizer would (ASCII lower-case, else NFKC
 * case fold with U+2019 as '; emoticons kept as written; emoji less their
 * variation selectors), writing the bytes to `dst` (capacity dst_cap) and a
 * NUL after them when room remains; returns the length written, or 0 if it
 * did not fit (or `word` is empty). Lexicon loaders use it so that lexicon
 * keys and token forms hash alike. */
size_t ut_word_normalize(const char *word, size_t len, char *dst, size_t dst_cap);

#endif
