/* agreement.h — how the scores agree with the ratings of this corpus.
 *
 * The idea: a user with a new corpus can only judge the scores against the
 * stars the reviewers gave. To make that judgement exact and mergeable, the
 * aggregate keeps a count table of (compound x 1e4, rating x 100) pairs:
 * the compound rounded exactly as `--scores` prints it, so every figure
 * derived here (balanced accuracy, complaint recall, Spearman's rho with
 * midranks, mean compound per rating) equals what a script computes from
 * the scores file. Counts are integers, so merging tables from threads or
 * `--state` shards in any order gives the same table, and the summary is
 * computed from the table sorted by key, so its doubles are the same too.
 *
 * The rule for "right": a review in the bottom third of the rating scale
 * (a complaint: 1-2 of 1-5, 1-4 of 1-10) is right when its compound is
 * below 0, one in the top third (praise: 4-5, 7-10) when it is above 0; 0
 * is wrong for both and the middle third is ignored. The scale is 1-5 when
 * no rating exceeds 5, 1-10 when none exceeds 10, else 0-100. */
#ifndef UT_AGREEMENT_H
#define UT_AGREEMENT_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"
#include "util/keymap.h"

/* One distinct (compound, rating) pair and how many reviews had it. */
typedef struct ut_agreement_cell {
    int64_t compound; /* x 1e4, as --scores prints it */
    int64_t rating;   /* x 100 */
    uint64_t count;
} ut_agreement_cell;

/* The counts are kept in two forms. The first UT_AGREEMENT_DENSE_ROWS
 * rating values a table sees each get a dense row of every compound's
 * count (20,001 counters, 160 kB): stars and 1-10 scales fit, and a row
 * costs the same at the first review as at the ten millionth. Pairs of
 * further rating values go to a hashed table of distinct pairs, which
 * grows with the pairs seen. (The hashed table alone grew with the corpus:
 * 38k pairs per worker at 1M generated reviews, 66k at 10M, each doubling
 * of it some 5 MB.) Which form holds a pair changes nothing read out: every
 * reader sees the pairs sorted. */
#define UT_AGREEMENT_DENSE_ROWS 16
#define UT_AGREEMENT_COMPOUNDS 20001 /* compound x 1e4 in [-1e4, 1e4] */

typedef struct ut_agreement {
    int64_t row_rating[UT_AGREEMENT_DENSE_ROWS];
    uint64_t *row_counts[UT_AGREEMENT_DENSE_ROWS]; /* owned, UT_AGREEMENT_COMPOUNDS each */
    uint32_t n_rows;
    uint32_t n_dense;         /* nonzero counters over the rows */
    ut_agreement_cell *cells; /* owned; in arrival order (nothing written depends on it) */
    uint32_t n, cap;
    ut_keymap index; /* hashed pair -> cell; the cell confirms the pair */
} ut_agreement;

#define UT_AGREEMENT_INIT                                                                                              \
    { {0}, {NULL}, 0, 0, NULL, 0, 0, UT_KEYMAP_INIT }

void ut_agreement_free(ut_agreement *g);

/* Counts one rated review. Returns 0 or UT_ENOMEM. */
int ut_agreement_add(ut_agreement *g, double compound, double rating);
/* Fetches the counter ut_agreement_add(g, compound, rating) will add to,
 * if it is in a dense row: 20,001 counters a rating value are evicted
 * between reviews, and the add comes after the review's other counts. */
void ut_agreement_prefetch(const ut_agreement *g, double compound, double rating);

/* Adds `from`'s counts into `into`. Returns 0 or UT_ENOMEM. */
int ut_agreement_merge(ut_agreement *into, const ut_agreement *from);

/* Appends the table to a state body: u32 cell count, then per cell, sorted
 * by (compound, rating), i64 compound, i64 rating, u64 count (little-endian). */
void ut_agreement_save(const ut_agreement *g, ut_buf *out);

/* Reads what ut_agreement_save wrote from `len` bytes at `p` into an empty
 * table; `*used` = bytes read. Returns 0, UT_ECORRUPT (a count past the
 * bytes, a zero count, a compound outside [-1e4, 1e4], a duplicate pair) or
 * UT_ENOMEM. */
int ut_agreement_load(ut_agreement *g, const unsigned char *p, size_t len, size_t *used);

/* Rating values listed with their mean compound, at most. */
#define UT_AGREEMENT_MAX_LEVELS 32

typedef struct ut_agreement_level {
    double rating;
    uint64_t reviews;
    double mean_compound;
} ut_agreement_level;

typedef struct ut_agreement_summary {
    uint64_t rated;               /* reviews with a rating; 0: nothing else is set */
    double scale_low, scale_high; /* 1-5, 1-10 or 0-100 */
    uint64_t complaints, complaints_right, praise, praise_right;
    int has_balanced;         /* both complaints and praise present */
    double balanced_accuracy; /* when has_balanced */
    double complaint_recall;  /* when complaints > 0 */
    double praise_recall;     /* when praise > 0 */
    int has_spearman;         /* >= 2 reviews and neither side constant */
    double spearman;
    size_t n_levels;      /* distinct ratings listed, ascending */
    int levels_truncated; /* more than UT_AGREEMENT_MAX_LEVELS distinct: none listed */
    ut_agreement_level levels[UT_AGREEMENT_MAX_LEVELS];
} ut_agreement_summary;

/* Computes the figures from the table (unchanged). Returns 0 or UT_ENOMEM. */
int ut_agreement_summarize(const ut_agreement *g, ut_agreement_summary *out);

/* Appends the summary as one JSON value (an object, or null when no review
 * was rated), for summary.json's "agreement" key. */
void ut_agreement_json(const ut_agreement_summary *s, ut_buf *out);

/* Appends one line for the console ("" when no review was rated). */
void ut_agreement_console(const ut_agreement_summary *s, ut_buf *out);

#endif
