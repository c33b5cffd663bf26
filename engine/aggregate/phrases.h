/* phrases.h — n-gram phrases of negative feedback, counted within a memory
 * budget.
 *
 * A phrase is 1 to 3 consecutive word or number tokens of one clause that
 * neither starts nor ends with a stop word ("arrived broken", "not worth",
 * "customer service"), identified by the combined hash of its tokens and
 * stored as the normalised forms joined by spaces.
 *
 * A ut_phrase_table counts phrases exactly until it holds `budget`
 * distinct ones; past that it keeps a sample that depends only on what was
 * added, never on how the additions were split or merged (the ladder):
 * every key has a level, fixed by the key itself (ut_phrase_level: a rung
 * from a second hash, raised for short phrases), and a table at level L
 * holds exactly the keys on level L or above that were ever added to it,
 * with their exact counts (`total` counts the others too). When a newcomer
 * would take it past the budget, L rises to the lowest level at which what
 * it holds fits seven eighths of the budget (the fill), and the keys
 * below are dropped. A merge takes the higher of the two levels, adds the
 * counts and rises to the lowest level at which the union fits the fill;
 * so does settling a table alone. A table never stands above the lowest
 * level at which everything added to it fits the fill, so a merged or
 * settled table stands exactly there and holds the union's keys from
 * there up: the same keys and counts for any split of the additions and
 * any merge order. Eight rungs up halve the phrases of each length kept.
 */
#ifndef UT_PHRASES_H
#define UT_PHRASES_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"
#include "util/hash.h"
#include "text/tokenizer.h"

/* The longest phrase, in tokens. */
#define UT_PHRASE_MAX_TOKENS 3
/* Tokens of a clause looked at, from its start (long run-on clauses are cut). */
#define UT_PHRASE_MAX_CLAUSE 48
/* Tokens mined on each side of a theme term within its clause. */
#define UT_PHRASE_WINDOW 5
/* Room an n-gram buffer needs for one clause. */
#define UT_NGRAMS_MAX (UT_PHRASE_MAX_CLAUSE * UT_PHRASE_MAX_TOKENS)

/* One n-gram found in a token range. */
typedef struct ut_ngram {
    uint64_t key;
    uint32_t first; /* index of its first token */
    uint32_t n;     /* tokens */
} ut_ngram;

/* A phrase table is one open-addressing array of 16-byte slots (key and
 * count), so counting a phrase already held costs a single probe of one
 * cache line, and four slots share a line. Where each text is lies in a
 * parallel array, touched only when a phrase is added, moved or read out.
 * Texts live in one pool per table, so adding a phrase never calls
 * malloc. */
typedef struct ut_phrase {
    uint64_t key;   /* combined token hash */
    uint64_t count; /* 0: an empty slot */
} ut_phrase;

/* The text of the phrase in the same slot: NUL-terminated at pool + off. */
typedef struct ut_phrase_text_ref {
    uint32_t off;
    uint16_t len;   /* texts are cut at UINT16_MAX bytes */
    uint16_t level; /* the phrase's ladder level (ut_phrase_level) */
} ut_phrase_text_ref;

/* Levels are below this (higher ones are cut to the last). */
#define UT_LADDER_LEVELS 256

/* A key's rung, from a second hash of it: the share of keys on rung r or
 * above is 2^(-r/8). */
uint32_t ut_ladder_rung(uint64_t key);
/* The ladder level of a phrase of `n_tokens` tokens: its rung, raised for
 * single words and, less, for two words (see phrases.c). */
uint32_t ut_phrase_level(uint64_t key, uint32_t n_tokens);

typedef struct ut_phrase_table {
    ut_phrase *slots;
    ut_phrase_text_ref *texts; /* cap, parallel to slots */
    uint32_t cap;              /* slots: a power of two (or 0), at most half full */
    uint32_t n;                /* phrases held */
    char *pool;
    size_t pool_len, pool_cap;
    size_t pool_garbage; /* bytes of pool_len held by dropped phrases' texts */
    uint64_t total;      /* sum of every count ever added (exact), kept or not */
    uint32_t level;      /* the ladder level: phrases below it are not kept */
    uint32_t budget;     /* distinct phrases kept */
} ut_phrase_table;

void ut_phrase_table_init(ut_phrase_table *t, uint32_t budget);
void ut_phrase_table_free(ut_phrase_table *t);

/* The slot of `key`, or NULL. */
const ut_phrase *ut_phrase_table_find(const ut_phrase_table *t, uint64_t key);

/* Adds 1 to phrase `key` if the table holds it and returns 1; returns 0
 * (and changes nothing) if not, so the hot path builds the text only for
 * new phrases and then calls ut_phrase_table_add. */
int ut_phrase_table_bump(ut_phrase_table *t, uint64_t key);

/* Adds `count` to the phrase, whose ladder level is `level` (its
 * ut_phrase_level, below UT_LADDER_LEVELS), copying `text` if new and
 * kept. Returns 0, UT_ENOMEM or UT_EINVAL for a level out of range. */
int ut_phrase_table_add(ut_phrase_table *t, uint64_t key, const char *text, size_t len, uint32_t level, uint64_t count);

/* Fetches the slots of n-grams g[0..n) into cache ahead of bumping them
 * (a hint only; see phrases.c). */
void ut_phrase_table_prefetch(const ut_phrase_table *t, const ut_ngram *g, uint32_t n);

/* Adds 1 to each n-gram g[0..n) in turn, exactly as ut_phrase_table_bump
 * then (for a new one) ut_phrase_table_add with its text, built in
 * `scratch`, and its ut_phrase_level would; the text is built only for a
 * phrase the table keeps. Returns 0 or UT_ENOMEM. */
int ut_phrase_table_add_ngrams(ut_phrase_table *t, const ut_tokens *tok, const ut_ngram *g, uint32_t n,
                               ut_buf *scratch);

/* The count kept for `key` (0 if absent). */
uint64_t ut_phrase_table_count(const ut_phrase_table *t, uint64_t key);

/* Adds every phrase of `from` into `into`, at the lowest level (at least
 * either table's) at which the union fits the fill: `into` is then
 * settled. Returns 0 or UT_ENOMEM. */
int ut_phrase_table_merge(ut_phrase_table *into, const ut_phrase_table *from);
/* Raises the table to the lowest level at which what it holds fits the
 * fill: what a merge into an empty table would give. Every merge ends
 * settled; a table filled by adds alone (one worker's) is settled before
 * it is read out. Returns 0 or UT_ENOMEM. */
int ut_phrase_table_settle(ut_phrase_table *t);
/* Where `into` is empty (and `from` within its budget), swaps the two
 * tables' contents and returns 1: `into` then holds what `from` held, not
 * yet settled (a merge, even of the emptied `from`, settles it), and
 * `from` is empty (each keeps its budget). Otherwise changes nothing and
 * returns 0. */
int ut_phrase_table_take(ut_phrase_table *into, ut_phrase_table *from);

static inline const char *ut_phrase_text(const ut_phrase_table *t, const ut_phrase *p) {
    return t->pool + t->texts[p - t->slots].off;
}

static inline uint32_t ut_phrase_text_len(const ut_phrase_table *t, const ut_phrase *p) {
    return t->texts[p - t->slots].len;
}

/* True once the table keeps a sample of the phrases added rather than all. */
static inline int ut_phrase_table_approximate(const ut_phrase_table *t) {
    return t->level != 0;
}

/* The background counts of phrases: (theme, phrase) -> occurrences in all
 * of the theme's mentions, kept in a Count-Min sketch (Cormode &
 * Muthukrishnan 2005) of one row of 2^bits 32-bit counters.
 * Why a sketch and not a keyed table: every mention, positive or not, adds
 * its n-grams here, and these counts are only ever looked up for phrases
 * the negative tables already hold, so no key or text needs storing.
 * Adding is one counter and one cache miss per n-gram, with no probing, no
 * text and no eviction. Two sketches merge by adding counters, so the
 * counts, and everything ranked from them, are the same for any split of
 * the corpus and any merge order. A count read back is never below the
 * true one; on average it exceeds it by total / 2^bits (the other (theme,
 * phrase) keys that share its counter, spread uniformly: a layout that
 * kept a phrase's themes in one cache line made them share counters with
 * each other, 22 themes in 16 counters, which biased exactly the common
 * phrases). The counters saturate at UINT32_MAX, which keeps the merge
 * order-free.
 *
 * The workers of a run share one sketch: each worker's aggregate borrows
 * the counters (`external`) and adds to them atomically, so a run holds one
 * sketch however many workers it has (16 MiB each before), and the end of
 * the run has no counters to add up. A borrowing sketch counts its own
 * `total`; its counters are merged by nobody but the run, which hands them
 * to the result once (ut_count_sketch_adopt). */
#define UT_SKETCH_BITS_DEFAULT 22

typedef struct ut_count_sketch {
    uint32_t *counts; /* 2^bits, owned unless `external`; NULL until first added to */
    uint32_t bits;
    int external;   /* counts are borrowed and shared: added to atomically, never freed or merged here */
    uint64_t total; /* sum of every count this sketch added (exact) */
} ut_count_sketch;

void ut_count_sketch_init(ut_count_sketch *s, uint32_t bits);
void ut_count_sketch_free(ut_count_sketch *s);
/* Zeroed counters for a sketch of `bits` (0: the default), to share among
 * sketches with ut_count_sketch_borrow; free() them, or hand them to one
 * sketch with ut_count_sketch_adopt. NULL when out of memory. */
uint32_t *ut_count_sketch_counts_new(uint32_t bits);
/* Makes an unused sketch add to `counts` (of its width), shared with other
 * sketches that may add at the same time. */
void ut_count_sketch_borrow(ut_count_sketch *s, uint32_t *counts);
/* Gives `s` the ownership of `counts` (from ut_count_sketch_counts_new, of
 * its width), which every sketch that borrowed them added to: `s` takes
 * them if it has no counters of its own or borrowed these; else they are
 * added to its own and freed. Call it once, after the borrowers' totals
 * were merged into `s`. Returns 0, or UT_EINVAL (counts not consumed) when
 * `s` borrows other counters. */
int ut_count_sketch_adopt(ut_count_sketch *s, uint32_t *counts);
/* Adds `count` to (theme, key). Returns 0 or UT_ENOMEM (first use allocates). */
int ut_count_sketch_add(ut_count_sketch *s, uint32_t theme, uint64_t key, uint32_t count);
/* Adds 1 to (theme, g[i].key) for each n-gram. Returns 0 or UT_ENOMEM. */
int ut_count_sketch_add_ngrams(ut_count_sketch *s, uint32_t theme, const ut_ngram *g, uint32_t n);
/* Fetches the counters of (theme, g[i].key) ahead of adding them. */
void ut_count_sketch_prefetch(const ut_count_sketch *s, uint32_t theme, const ut_ngram *g, uint32_t n);
/* The estimate of (theme, key): the least of its counters (0 when empty). */
uint64_t ut_count_sketch_count(const ut_count_sketch *s, uint32_t theme, uint64_t key);
/* Adds every counter of `from` to `into` (same bits); a borrowing `from`
 * adds its total only (its counters reach the result by adoption). Returns
 * 0, UT_ENOMEM or UT_EINVAL for sketches of different widths. */
int ut_count_sketch_merge(ut_count_sketch *into, const ut_count_sketch *from);
/* Counters in all. */
static inline size_t ut_count_sketch_size(const ut_count_sketch *s) {
    return (size_t)1 << s->bits;
}
/* The counter of (theme, key): the top bits of their combined hash. */
static inline size_t ut_count_sketch_slot(const ut_count_sketch *s, uint32_t theme, uint64_t key) {
    return (size_t)(ut_hash_combine(key, 0x5bd1e995ull + theme) >> (64 - s->bits));
}

/* A candidate phrase for ranking: its key, count and text. */
typedef struct ut_phrase_ref {
    uint64_t key;
    uint64_t count;
    const char *text;
    uint64_t background; /* its background count if known, else 0: looked up */
} ut_phrase_ref;

/* Several tables read as their sum (a theme's phrases with its subtree's),
 * without building the sum: a count is looked up in each. */
typedef struct ut_phrase_sum {
    const ut_phrase_table *const *tables; /* borrowed */
    size_t n;
    uint64_t total; /* sum of the tables' totals (and of the sketch themes') */
    /* and/or themes of a background sketch (borrowed; may be NULL) */
    const ut_count_sketch *sketch;
    const uint32_t *themes;
    size_t n_themes;
    const ut_phrase_table *plus; /* and one more table (borrowed; may be NULL) */
} ut_phrase_sum;

uint64_t ut_phrase_sum_count(const ut_phrase_sum *s, uint64_t key);

/* A phrase scored against a background (see ut_phrases_rank). */
typedef struct ut_ranked_phrase {
    const ut_phrase *phrase; /* borrowed from the focus table (NULL from ut_phrases_rank_refs) */
    const char *text;        /* its text, borrowed likewise */
    uint64_t count;          /* its count in the focus */
    uint64_t background;     /* its count in the background table */
    double score;
} ut_ranked_phrase;

/* The phrases most distinctive of `focus` against the rest of `background`
 * (background counts minus focus counts: e.g. a theme's negative mentions
 * against its other mentions), by the weighted log-odds z with the
 * informative Dirichlet prior alpha_w = prior * background_w / background
 * total. Only phrases with a focus count >= min_count and a positive score.
 * Writes the best `max` to `out`, best first (ties: higher focus count,
 * then text), and returns how many. Allocates nothing. */
size_t ut_phrases_rank(const ut_phrase_table *focus, const ut_phrase_sum *background, uint64_t min_count, double prior,
                       ut_ranked_phrase *out, size_t max);

/* The background counts of the phrases ut_phrases_rank(focus, background,
 * min_count, ...) ranks, looked up once for every reader: out[slot] for
 * each slot of `focus` holding a phrase with a count >= min_count, else
 * UINT64_MAX. `out` has focus->cap entries. A background count costs a
 * look-up in every table and sketch theme of the sum (22 for "other"),
 * and both the theme's ranking and each of its cells' read it. */
void ut_phrase_backgrounds(const ut_phrase_table *focus, const ut_phrase_sum *background, uint64_t min_count,
                           uint64_t *out);

/* ut_phrases_rank with the background counts known (from
 * ut_phrase_backgrounds; an entry of UINT64_MAX is looked up). */
size_t ut_phrases_rank_known(const ut_phrase_table *focus, const ut_phrase_sum *background, const uint64_t *known,
                             uint64_t min_count, double prior, ut_ranked_phrase *out, size_t max);

/* The same over candidates given as an array (`focus_total`: the focus
 * corpus's total count, the n_i of the log-odds); out[].phrase is NULL. */
size_t ut_phrases_rank_refs(const ut_phrase_ref *focus, size_t n_focus, uint64_t focus_total,
                            const ut_phrase_sum *background, uint64_t min_count, double prior, ut_ranked_phrase *out,
                            size_t max);

/* Writes the phrases of tokens [begin, end) (at most UT_PHRASE_MAX_CLAUSE
 * tokens are looked at) to `out` (room for UT_NGRAMS_MAX) and returns how
 * many. */
uint32_t ut_ngrams_collect(const ut_tokens *t, uint32_t begin, uint32_t end, ut_ngram *out);

/* Appends an n-gram's text (normalised forms joined by spaces). */
void ut_ngram_text(const ut_tokens *t, const ut_ngram *g, ut_buf *out);

/* Whether a normalised word is on the stop list (English function words
 * that make poor phrase edges). Negations and intensifiers ("not",
 * "never", "very") are not on it: they may open a phrase ("not worth",
 * "never again", "very rude") but never end or form one. */
int ut_is_stop_word(const char *word);

/* What a normalised word is to phrase mining: a stop word, a modifier
 * (negations and intensifiers) or plain. */
enum { UT_PHRASE_WORD_PLAIN = 0, UT_PHRASE_WORD_STOP = 1, UT_PHRASE_WORD_MODIFIER = 2 };
/* The same answer from the word's ut_hash_bytes (which tokens carry) and
 * its bytes: the look-up n-gram mining uses. */
int ut_phrase_word_kind(uint64_t hash, const char *word, size_t len);
/* From a NUL-terminated word alone (binary search of the lists). */
int ut_phrase_word_kind_text(const char *word);

#endif
