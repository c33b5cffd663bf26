/* lexicon.h — sentiment lexicons: loading, overlaying, and fast look-up.
 *
 * Terms are compiled into an open-addressing hash table keyed by the same
 * 64-bit hash the tokenizer puts on each token (hash.h); a multi-word term
 * ("waste of money") is keyed by ut_hash_combine over its words' hashes, and
 * its first word is marked with the longest phrase length starting there, so
 * matching tries phrases only at tokens that can start one. Files overlay in
 * load order: a later entry for the same term replaces the earlier one. Once
 * frozen, a lexicon is immutable and shared by all threads. */
#ifndef UT_LEXICON_H
#define UT_LEXICON_H

#include <stddef.h>
#include <stdint.h>

#include "text/tokenizer.h"

typedef struct ut_lexicon ut_lexicon;

typedef enum ut_lexicon_format {
    UT_LEXFMT_AUTO = 0,
    UT_LEXFMT_UNDERTONE,  /* header row "term<TAB>valence", # comments */
    UT_LEXFMT_VADER,      /* token<TAB>mean<TAB>sd<TAB>[ratings] */
    UT_LEXFMT_AFINN,      /* word<TAB>integer (-5..5; scaled by 4/5 to [-4, 4]) */
    UT_LEXFMT_VADER_EMOJI /* emoji<TAB>description (VADER's emoji_utf8_lexicon.txt): no
                             valences; the VADER model replaces each emoji by its words */
} ut_lexicon_format;

/* Longest multi-word term, in words. */
#define UT_LEXICON_MAX_WORDS 8

int ut_lexicon_new(ut_lexicon **out);
void ut_lexicon_free(ut_lexicon *lex);

/* Loads a file, sniffing its format; entries overlay earlier ones.
 * Errors: UT_EIO (unreadable; message names the file), UT_EFORMAT (a
 * malformed line; message "FILE:LINE: reason"), UT_ENOMEM. */
int ut_lexicon_load_file(ut_lexicon *lex, const char *path);

/* Same, from memory; `name` is used in messages. */
int ut_lexicon_load_buffer(ut_lexicon *lex, const char *name, const char *data, size_t len, ut_lexicon_format format);

/* Adds or replaces one term (words separated by spaces, normalised with
 * ut_word_normalize). Returns 0, UT_EINVAL (empty/too many words), UT_ENOMEM. */
int ut_lexicon_add(ut_lexicon *lex, const char *term, size_t len, float valence);

/* Builds the look-up structure; after this the lexicon is read-only. */
int ut_lexicon_freeze(ut_lexicon *lex);

/* Number of terms. */
size_t ut_lexicon_size(const ut_lexicon *lex);

/* A fingerprint of the content (terms and valences, order-independent),
 * stored in aggregate state so shards analysed with different lexicons are
 * never merged. */
uint64_t ut_lexicon_fingerprint(const ut_lexicon *lex);

/* Single-token look-up by hash. Returns 1 and *valence if present. */
int ut_lexicon_lookup(const ut_lexicon *lex, uint64_t hash, float *valence);

/* Same, for a string (normalised first); used by the VADER model, which has
 * its own tokenization. */
int ut_lexicon_lookup_str(const ut_lexicon *lex, const char *word, size_t len, float *valence);

/* The VADER reference's look-up: its lexicon is a dictionary keyed by the
 * terms exactly as written in the file and probed with words lower-cased by
 * Python's str.lower(), so a term written with capitals (":P", "XD") is never
 * found there, a later "o.O" does not replace "o.o", and a full-width
 * "ｇｏｏｄ" is not "good". This finds the latest entry whose term was written
 * in normal form, comparing bytes: `word` must already be lower-cased, and is
 * not normalised. The valence is a double (the file's number exactly, as
 * Python's float() reads it). Returns 1 and *valence if present. */
int ut_lexicon_lookup_vader(const ut_lexicon *lex, const char *word, size_t len, double *valence);

/* Same, given ut_hash_bytes of the lower-cased word (for a caller that
 * already walks its bytes). */
int ut_lexicon_lookup_vader_hash(const ut_lexicon *lex, uint64_t hash, double *valence);

/* Longest term (single or multi-word) starting at token i of t, not crossing
 * `end` (exclusive, e.g. the clause end). Returns the number of tokens
 * matched (0: none) and *valence. */
uint32_t ut_lexicon_match(const ut_lexicon *lex, const ut_tokens *t, uint32_t i, uint32_t end, float *valence);

/* Emoji descriptions (UT_LEXFMT_VADER_EMOJI files). The reference replaces
 * each code point that is a key by its description, so only one-code-point
 * emoji are kept. Number loaded: */
size_t ut_lexicon_emoji_count(const ut_lexicon *lex);

/* The description of `codepoint` (borrowed from lex, not NUL-terminated),
 * or NULL if it has none. */
const char *ut_lexicon_emoji(const ut_lexicon *lex, uint32_t codepoint, size_t *len);

#endif
