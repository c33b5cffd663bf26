/* tokenizer_internal.h — what the tokenizer's files share: UTF-8 decoding,
 * the classes of non-ASCII code points, NFKC case folding into a caller's
 * buffer, emoji clusters and emoticons. Not part of any other module's
 * contract; tokenizer.h is.
 *
 * The scanner (tokenizer.c) handles ASCII itself through the byte tables of
 * charclass.h and calls in here only at a byte >= 0x80 or at punctuation
 * that may start an emoticon, so these helpers are off the hot path. */
#ifndef UT_TOKENIZER_INTERNAL_H
#define UT_TOKENIZER_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "text/tokenizer.h"

/* Decodes the UTF-8 sequence at p (avail >= 1 bytes readable). Returns its
 * length and sets *cp; for an ill-formed sequence sets *cp = -1 and returns
 * the length of its maximal subpart (Unicode 3.9, D93b), at least 1, so that
 * each ill-formed sequence is skipped and counted once. Rejects overlongs,
 * surrogates and code points above U+10FFFF. */
size_t ut_utf8_decode(const uint8_t *p, size_t avail, int32_t *cp);

/* What a non-ASCII code point does in review text. */
typedef enum ut_uclass {
    UT_UC_OTHER = 0,        /* symbols and the rest: a separator */
    UT_UC_LOWER,            /* a lower-case letter (Ll) */
    UT_UC_UPPER,            /* an upper- or title-case letter (Lu, Lt) */
    UT_UC_LETTER,           /* another letter (Lm, Lo) or a decimal digit (Nd) */
    UT_UC_MARK,             /* a combining mark (M*) or a format char that joins (soft hyphen, ZWNJ) */
    UT_UC_IDEOGRAPH,        /* Han, Hiragana, Katakana: each is a token of its own */
    UT_UC_EMOJI,            /* starts an emoji (Extended_Pictographic, regional indicator) */
    UT_UC_APOSTROPHE,       /* U+2019, U+02BC: an apostrophe inside a word, normalised to ' */
    UT_UC_CURRENCY,         /* a currency sign (Sc): starts a number when a digit follows */
    UT_UC_SPACE,            /* Zs, zero-width space */
    UT_UC_NEWLINE,          /* U+0085, U+2028, U+2029 */
    UT_UC_FULL_STOP,        /* U+2026 ellipsis, ideographic and fullwidth full stops */
    UT_UC_EXCLAIM,          /* fullwidth ! */
    UT_UC_QUESTION,         /* fullwidth ? */
    UT_UC_DOUBLE_EXCLAIM,   /* U+203C */
    UT_UC_EXCLAIM_QUESTION, /* U+2048, U+2049 */
    UT_UC_COMMA,            /* ideographic and fullwidth commas */
    UT_UC_SEMICOLON,        /* dashes, fullwidth ; : ( ) */
} ut_uclass;

ut_uclass ut_unicode_class(int32_t cp);

/* Length of the emoji cluster starting at p (its first code point, of class
 * UT_UC_EMOJI, is `first_len` bytes long): the emoji with its modifiers,
 * variation selectors, tags and ZWJ-joined pictographs, or a regional
 * indicator pair. Never reads past avail. */
size_t ut_emoji_cluster_len(const uint8_t *p, size_t avail, size_t first_len);

/* Writes the normalised form of an emoji cluster (its bytes without the
 * variation selectors U+FE0E/U+FE0F) to dst; returns its length or 0 when
 * it does not fit in cap. */
size_t ut_emoji_normalize(const uint8_t *src, size_t len, char *dst, size_t cap);

/* NFKC + full case folding of valid UTF-8 `src`, with default-ignorable
 * code points dropped and U+2019 / U+02BC mapped to '; no allocation.
 * Returns the length written to dst (0 if all was ignorable), or
 * UT_NFKC_FAIL when it did not fit in cap or in the internal buffer. */
#define UT_NFKC_FAIL ((size_t)-1)
size_t ut_nfkc_casefold(const uint8_t *src, size_t len, char *dst, size_t cap);

/* Matches an emoticon at p[i] (text of `len` bytes). Returns the number of
 * source bytes it covers (0: none) and sets *norm_len to the length of its
 * normalised form, which is the first *norm_len bytes at p + i. */
size_t ut_emoticon_match(const uint8_t *p, size_t i, size_t len, size_t *norm_len);

/* Whether the whole of `word` is an emoticon (for ut_word_normalize). */
int ut_is_emoticon(const char *word, size_t len);

/* Whether a word whose packed head (its first min(len, 8) lower-cased
 * bytes, zero above) is that of a contrast word, so that the run path
 * leaves it to the single-word paths. (tokenizer.c) */
int ut_tok_maybe_contrast(uint64_t head);

/* For tests only: 0 sends every word through the general path (no
 * one-register word, no word runs), 1 (the default) restores the fast
 * paths, so a test can compare both on the same text. Not thread-safe:
 * call it while nothing is being tokenized. */
void ut_tokenizer_use_fast_paths(int on);

#endif
