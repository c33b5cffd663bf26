/* aggregate_internal.h — the layout of a ut_aggregate, shared by the files
 * that add to it (aggregate.c), rank it (cluster.c, summary.c) and save it
 * (state.c). Nothing outside those files may depend on it.
 *
 * Records live in plain arrays found through ut_keymap indexes, so merging
 * walks arrays and summaries sort copies; array order depends on the order
 * reviews arrived, but nothing written out does. Every accumulator is an
 * integer: scores in units of 1e-4, ratings in units of 1e-2. */
#ifndef UT_AGGREGATE_INTERNAL_H
#define UT_AGGREGATE_INTERNAL_H

#include <stdint.h>

#include "aggregate/aggregate.h"
#include "aggregate/agreement.h"
#include "util/hash.h"
#include "util/keymap.h"
#include "aggregate/mention_sample.h"
#include "aggregate/phrases.h"

#define UT_HIST_BINS 10
#define UT_EXAMPLES 5
/* Ids longer than this are cut for the example list (they are only shown). */
#define UT_EXAMPLE_ID_MAX 200
/* Theme score thresholds for a positive / negative mention; review compound
 * below -UT_NEUTRAL_BAND counts the review as negative. */
#define UT_NEUTRAL_BAND 0.05
#define UT_SCORE_SCALE 10000.0
#define UT_RATING_SCALE 100.0

/* One example candidate: ordered by score (most negative first), then by a
 * hash of the id, then by the id bytes; a cell keeps the UT_EXAMPLES
 * smallest distinct ids, which is a mergeable top-k. */
typedef struct ut_example {
    int64_t score;
    uint64_t id_hash;
    char *id; /* owned */
    uint32_t id_len;
    uint32_t quote_len;
    char *quote; /* owned, may be NULL: the negative clause, cleaned (see ut_quote_clean) */
} ut_example;

/* A quote is at most this many characters (code points), cut at a word. */
#define UT_QUOTE_MAX_CHARS 160
/* ... and so at most this many bytes. */
#define UT_QUOTE_MAX_BYTES (4 * UT_QUOTE_MAX_CHARS)

/* Rating bands for the rating-adjusted expectation (cluster.c): 0 = no
 * rating, 1 + the rating rounded to a whole number and clamped to 0..10. */
#define UT_RATING_BANDS 12

/* The band of a review: see UT_RATING_BANDS. */
static inline unsigned ut_rating_band(int has_rating, double rating) {
    if (!has_rating) return 0;
    double r = rating < 0 ? 0 : rating > 10 ? 10 : rating;
    return 1 + (unsigned)(r + 0.5);
}

typedef struct ut_cell {
    uint64_t mentions, reviews;
    /* reviews with a negative mention of the theme or a sub-theme; of them,
     * the rated ones' ratings, and those whose review is negative overall */
    uint64_t complaints, complaint_rating_count, complaints_negative_review;
    int64_t complaint_rating_sum;
    uint64_t positive, neutral, negative;
    int64_t score_sum;  /* mention scores x 1e4 */
    int64_t rating_sum; /* ratings x 100, once per review counted in `reviews` */
    uint64_t rating_count;
    uint64_t hist[UT_HIST_BINS];                  /* mention scores, [-1,-0.8), ..., [0.8,1] */
    uint64_t complaints_by_band[UT_RATING_BANDS]; /* complaints by the review's rating band */
    uint32_t n_examples;
    ut_example examples[UT_EXAMPLES];
} ut_cell;

/* A group key: one --group field's value, or (field == n_groups) all the
 * fields' values joined by '|'. */
typedef struct ut_group {
    char *key; /* owned, NUL-terminated */
    uint32_t key_len;
    uint32_t field;
    uint64_t hash;
    uint64_t reviews, negative_reviews;
    int64_t compound_sum;
    int64_t rating_sum;
    uint64_t rating_count;
    uint64_t reviews_by_band[UT_RATING_BANDS]; /* reviews by rating band */
} ut_group;

typedef struct ut_group_cell {
    uint32_t group, theme;
    uint64_t key;          /* (group key, theme) hashed: the same in every aggregate */
    uint64_t phrase_total; /* phrases counted from its negative mentions (its subtree's too) */
    ut_cell cell;
    ut_mention_sample sample; /* its negative mentions at its own theme, with their n-grams */
} ut_group_cell;

/* A count per (group, bucket, theme): for theme UT_TREND_ALL the reviews of
 * the group dated in the bucket, else those with a complaint of the theme
 * (or a sub-theme). Group UT_TREND_CORPUS is the whole corpus. */
#define UT_TREND_ALL UINT32_MAX
#define UT_TREND_CORPUS UINT32_MAX
typedef struct ut_trend_cell {
    int32_t bucket; /* day, week or month index (see ut_bucket_index) */
    uint32_t theme;
    uint32_t group; /* row in groups, or UT_TREND_CORPUS */
    uint64_t count;
} ut_trend_cell;

struct ut_aggregate {
    /* configuration (owned copies) */
    uint32_t n_themes;
    char **theme_names;
    int32_t *theme_parents;
    uint32_t *ancestors;      /* for theme t: itself then its parents, root last */
    uint32_t *ancestor_start; /* n_themes + 1 offsets into ancestors */
    int n_groups;
    char *group_names[UT_MAX_GROUPS];
    ut_bucket bucket;
    uint32_t phrase_budget; /* per theme table */
    ut_model model;
    uint64_t lexicon_fingerprint, themes_fingerprint;
    char *lexicons; /* may be NULL */
    int no_phrases;

    /* per review */
    uint64_t records, bytes;
    uint64_t bad[UT_BAD_REASON_COUNT];
    uint64_t unreadable[UT_BAD_REASON_COUNT]; /* kept reviews with an unreadable rating/date */
    int64_t compound_sum;
    uint64_t negative_reviews;
    int64_t rating_sum;
    uint64_t rating_count;
    /* theme mentions counted once each (at their own theme), "other" excluded:
     * the corpus-wide baseline of the clusters */
    uint64_t themed_mentions, themed_negative;

    ut_cell *themes;                 /* n_themes */
    ut_phrase_table *theme_negative; /* n_themes: phrases of negative mentions */
    /* phrases of all mentions of the theme itself (not its children: see
     * ut_theme_backgrounds), as (theme, phrase) counts in one sketch, and
     * per theme the exact number of phrase occurrences added */
    ut_count_sketch theme_all;
    uint64_t *theme_all_total; /* n_themes */

    ut_group *groups;
    uint32_t n_group_rows, cap_group_rows;
    ut_keymap group_index;
    ut_group_cell *cells;
    uint32_t n_cells, cap_cells;
    ut_keymap cell_index;
    ut_trend_cell *trends;
    uint32_t n_trends, cap_trends;
    ut_keymap trend_index;
    ut_agreement agreement; /* (compound, rating) counts of the rated reviews */

    /* scratch for ut_aggregate_add (a worker owns its aggregate) */
    uint8_t *theme_seen;          /* n_themes */
    uint8_t *theme_negative_seen; /* n_themes: a complaint of the theme in this review */
    uint32_t *touched;            /* n_themes */
    /* for each theme seen in the review: its cells, one per review group
     * (stride UT_MAX_GROUPS + 1); found once a review */
    uint32_t *seen_cells;
    ut_ngram *ngrams; /* 2 x UT_NGRAMS_MAX: one mention's, the next one's */
    ut_buf scratch;
};

/* The name of cell (group, theme), from the group key's hash, so it is the
 * same in every aggregate. */
static inline uint64_t ut_cell_key(uint64_t group_hash, uint32_t theme) {
    return ut_hash_combine(group_hash, 0x100000000ull + theme);
}

/* Finds or creates records; return the index or a negative status. */
int64_t ut_aggregate_group_at(ut_aggregate *a, uint32_t field, const char *key, size_t len);
int64_t ut_aggregate_cell_at(ut_aggregate *a, uint32_t group, uint32_t theme);
/* The cell's index, or -1 when absent (no allocation). */
int64_t ut_aggregate_cell_find(const ut_aggregate *a, uint32_t group, uint32_t theme);
/* The order of group keys in every output: by field (in --group order,
 * combinations last), then by key bytes. */
int ut_group_cmp(const ut_group *a, const ut_group *b);
/* The group rows in that order: order[i] for i < a->n_group_rows. */
void ut_aggregate_groups_in_order(const ut_aggregate *a, const ut_group **order);
int64_t ut_aggregate_trend_at(ut_aggregate *a, uint32_t group, int32_t bucket, uint32_t theme);
/* The trend cell's index, or -1 when absent (no allocation). */
int64_t ut_aggregate_trend_find(const ut_aggregate *a, uint32_t group, int32_t bucket, uint32_t theme);

/* Offers an example to a cell, with its quote (`quote`, `quote_len` bytes,
 * already cleaned; may be NULL). Returns 0 or UT_ENOMEM. */
int ut_cell_offer_example(ut_cell *c, int64_t score, uint64_t id_hash, const char *id, size_t len, const char *quote,
                          size_t quote_len);
/* Cleans a clause's source bytes into a quote in `out` (room for
 * UT_QUOTE_MAX_BYTES): white space runs become one space, '|' (the quote
 * separator) becomes '/', control bytes are dropped, and the text is cut
 * after the last whole word within UT_QUOTE_MAX_CHARS characters. Returns
 * the quote's length. */
size_t ut_quote_clean(const char *src, size_t len, char *out);
/* Adds `from` into `into` (counts and examples). */
int ut_cell_merge(ut_cell *into, const ut_cell *from);
void ut_cell_free(ut_cell *c);
/* Orders examples best first. */
int ut_example_cmp(const ut_example *x, const ut_example *y);

/* The bucket index of a day, and its label ("2024-03-01", the Monday of a
 * week, "2024-03"). */
#define UT_BUCKET_LABEL_MAX 40
int32_t ut_bucket_index(ut_bucket bucket, int32_t day);
void ut_bucket_label(ut_bucket bucket, int32_t index, char label[UT_BUCKET_LABEL_MAX]);

/* Each theme's all-mention phrases including its descendants' (for
 * "other": every theme's, as its own mentions are all negative), as sums
 * over themes of a->theme_all: out[t] for each theme; *storage holds the
 * theme lists (free it). Returns 0 or UT_ENOMEM. */
int ut_theme_backgrounds(const ut_aggregate *a, ut_phrase_sum *out, uint32_t **storage);

/* Fills s->clusters (cluster.c), given the sums of ut_theme_backgrounds
 * and, per theme, the background count of each slot of its negative table
 * (ut_phrase_backgrounds; UINT64_MAX where not looked up). */
struct ut_summary;
int ut_summary_build_clusters(struct ut_summary *s, const ut_aggregate *a, const ut_phrase_sum *theme_all,
                              const uint64_t *const *background, int threads);

/* "default" or "vader". */
const char *ut_model_name(ut_model m);

#endif
