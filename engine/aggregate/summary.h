/* summary.h — the finished tables of an aggregate, for every writer.
 *
 * ut_summary_build ranks and rounds nothing: it turns the aggregate's exact
 * counts into rows (shares, bounds, q-values, ranked clusters, distinctive
 * phrases, trend alerts) once, and the CSV, JSON, SQLite, console and HTML
 * writers only format them, so every output agrees with every other. The
 * rows are in output order. All strings are owned by the summary. */
#ifndef UT_SUMMARY_H
#define UT_SUMMARY_H

#include <stddef.h>
#include <stdint.h>

#include "aggregate/aggregate.h"
#include "aggregate/agreement.h"
#include "util/arena.h"

/* Cluster ranking constants (documented in docs/clusters.md). */
#define UT_CLUSTER_MAX_Q 0.05                /* BH q at most this ... */
#define UT_CLUSTER_MIN_LIFT 1.25             /* ... and incidence at least 1.25x the peers' ... */
#define UT_CLUSTER_MIN_EXCESS 3.0            /* ... and at least 3 extra complaining customers (95% bound) */
#define UT_CLUSTER_RANK_Z 1.6448536269514722 /* one-sided 95%: the bound on the excess */
#define UT_CLUSTER_SHRINK_MIN_REVIEWS 20     /* groups smaller than this do not shape the shrinkage prior */
#define UT_GROUP_LIFT_MIN_EXPECTED 5.0       /* themes with fewer expected complaints do not vote on a group's lift */
#define UT_GROUP_LIFT_MIN_THEMES 3           /* a group's lift is 1 unless this many themes vote */
#define UT_GROUP_SPECIFIC_LIFT 1.5           /* a group-wide group's cell is specific at this lift over it */
#define UT_SATISFIED_MIN_LIFT 2.0            /* a cell's satisfied customers: at least 2x the peers' there */
#define UT_QUOTES 3
#define UT_TOP_PHRASES 5
#define UT_THEME_PHRASES 20   /* phrases.csv rows per theme, at most */
#define UT_PHRASE_MIN_COUNT 2 /* a phrase seen once in negative mentions is never listed */
#define UT_PHRASE_PRIOR 100.0 /* alpha_0 of the Dirichlet prior */
/* Trend alerts: the same q, lift and excess floors as the clusters. */
#define UT_TREND_WINDOW 4        /* trailing buckets pooled as the baseline */
#define UT_TREND_MIN_BASELINE 20 /* reviews in the baseline window, at least */

typedef struct ut_theme_row {
    const char *theme;
    uint32_t id;
    int32_t parent;
    uint64_t mentions, reviews, positive, neutral, negative;
    double negative_share, negative_share_low, mean_sentiment;
    int has_rating;
    double mean_rating;
    uint64_t hist[10];
    uint64_t complaints;          /* reviews with a negative mention of it or a sub-theme */
    double incidence;             /* complaints / reviews analysed */
    double negative_review_share; /* of the negative reviews, the share complaining of it */
    int has_complaint_rating;
    double complaint_mean_rating;
} ut_theme_row;

typedef struct ut_group_row {
    const char *group; /* the key (values joined by '|') */
    const char *field; /* the --group field name(s), joined by '|' */
    uint64_t reviews, negative_reviews;
    double mean_compound;
    int has_rating;
    double mean_rating;
    double negative_share, negative_share_low;
} ut_group_row;

typedef struct ut_cluster_row {
    uint32_t rank;           /* 1-based */
    const char *group;       /* the key (values joined by '|') */
    const char *group_field; /* the --group field name(s) */
    const char *theme;
    uint32_t theme_id;
    uint64_t reviews, complaints;           /* the group's reviews; those complaining of the theme */
    uint64_t peer_reviews, peer_complaints; /* the same over the other groups of the field */
    double incidence, peer_incidence;
    int has_lift; /* peers complain at all */
    double lift;
    double excess, excess_low;     /* extra complaining customers over the peers' rate; its 95% lower bound */
    double p_value, q_value;       /* one-sided Fisher exact against the peers; BH over every cell */
    double shrunk_incidence;       /* empirical-Bayes posterior mean, pulled toward the peers */
    double prior_strength;         /* that prior's pseudo-reviews */
    double group_lift;             /* the group's typical lift over its peers across themes (median, >= 1) */
    double specific_excess_low;    /* excess_low over the peers' rate scaled by group_lift */
    int has_rated;                 /* most of the group's reviews are rated: the rating-band look was taken */
    double rated_expected;         /* complaints at the peers' rate within each rating band */
    double rated_lift;             /* complaints / rated_expected */
    int has_satisfied;             /* the satisfied customers' look was taken */
    uint64_t satisfied_reviews;    /* the group's reviews rated at or above the corpus mean (rounded) */
    uint64_t satisfied_complaints; /* those of them complaining of the theme */
    double satisfied_expected;     /* at the peers' rate within the same rating bands */
    int significant;               /* q, lift and excess floors hold (and no child carries the evidence) */
    int group_wide;                /* significant, but no more than the group's complaining about everything */
    const char *covered_by;        /* "" or the sub-theme whose cell carries this cell's evidence */
    int has_rating;
    double mean_rating, corpus_mean_rating;
    int has_complaint_rating;
    double complaint_mean_rating;
    double mean_compound, corpus_mean_compound;
    int hidden_by_average;       /* the group's mean (rating, else compound) is at or above the corpus's */
    uint64_t mentions, negative; /* the group's mentions of the theme, and the negative ones */
    const char *top_phrases;     /* "; "-joined */
    const char *example_ids;     /* "; "-joined */
    const char *quotes;          /* " | "-joined */
} ut_cluster_row;

/* A significant row that the comparison with all peers alone would not
 * make significant (lift under UT_CLUSTER_MIN_LIFT) and the rating-band
 * look does: the console and the report say so. */
static inline int ut_cluster_row_by_ratings(const ut_cluster_row *r) {
    return r->significant && r->has_rated && r->rated_lift >= UT_GROUP_SPECIFIC_LIFT &&
           (!r->has_lift || r->lift < UT_CLUSTER_MIN_LIFT);
}

/* A significant row that neither all peers nor the rating-band look make
 * significant and the satisfied customers' look does. */
static inline int ut_cluster_row_by_satisfied(const ut_cluster_row *r) {
    return r->significant && r->has_satisfied && !ut_cluster_row_by_ratings(r) &&
           (!r->has_lift || r->lift < UT_CLUSTER_MIN_LIFT) &&
           (double)r->satisfied_complaints >= UT_SATISFIED_MIN_LIFT * r->satisfied_expected;
}

typedef struct ut_phrase_row {
    const char *theme;
    uint32_t theme_id;
    const char *phrase;
    uint64_t negative_mentions, mentions;
    double score; /* weighted log-odds z, negative vs other mentions of the theme */
} ut_phrase_row;

typedef struct ut_trend_row {
    const char *bucket;
    const char *group;       /* "" for the corpus */
    const char *group_field; /* "" for the corpus */
    const char *theme;
    uint32_t theme_id;
    uint64_t reviews, complaints;                   /* dated reviews in the bucket; those complaining */
    uint64_t baseline_reviews, baseline_complaints; /* the UT_TREND_WINDOW buckets before */
    double incidence;
    int has_baseline;
    double baseline_incidence, lift;
    int has_peers; /* group rows: the other groups' same bucket */
    double peer_incidence, peer_lift;
    double excess_low; /* over the baseline, 95% lower bound */
    double p_value, q_value;
    int alert;
} ut_trend_row;

typedef struct ut_summary {
    uint64_t records, bytes, bad_total;
    uint64_t bad[UT_BAD_REASON_COUNT];
    uint64_t unreadable[UT_BAD_REASON_COUNT]; /* kept reviews with an unreadable rating or date */
    double mean_compound, negative_share;
    uint64_t rated_records;
    double mean_rating; /* when rated_records > 0 */
    const char *model;
    const char *lexicons; /* "" when unknown */
    uint64_t lexicon_fingerprint, themes_fingerprint;
    int n_groups;
    const char *group_names[UT_MAX_GROUPS];
    const char *group_fields[UT_MAX_GROUPS + 1]; /* name of each field index; the last joins all with '|' */
    const char **theme_names;                    /* by theme id */
    ut_bucket bucket;
    uint64_t theme_mentions, theme_negative; /* each mention once, "other" excluded */
    double theme_baseline;
    int phrases_approximate; /* a phrase table outgrew its budget and keeps a sample */

    ut_theme_row *themes;
    size_t n_themes;
    ut_group_row *groups;
    size_t n_groups_rows;
    ut_cluster_row *clusters;
    size_t n_clusters, n_significant;
    ut_phrase_row *phrases;
    size_t n_phrases;
    ut_trend_row *trends;
    size_t n_trends, n_alerts;
    size_t n_group_wide;            /* significant clusters that are group-wide */
    ut_agreement_summary agreement; /* how the scores agree with the ratings */

    ut_arena memory; /* every row array and string */
} ut_summary;

/* What customers complain about most: the indexes into s->themes of up to
 * `max` top-level themes with the most complaints, most first (ties: theme
 * order). "other" is left out: it names no theme (ut_summary_other_theme).
 * Returns how many. */
size_t ut_summary_top_themes(const ut_summary *s, size_t *out, size_t max);
/* The row of "other" (negative sentences that name no theme) when some
 * review complains of it, else NULL: shown after the top themes, apart. */
const ut_theme_row *ut_summary_other_theme(const ut_summary *s);

/* Builds the summary of `a` (unchanged). Returns 0 or UT_ENOMEM. */
int ut_summary_build(ut_summary **out, const ut_aggregate *a);
/* The same, ranking the cells' and themes' phrases on up to `threads`
 * threads (1 or less: the calling thread only); the summary is the same
 * for any count. */
int ut_summary_build_threads(ut_summary **out, const ut_aggregate *a, int threads);
void ut_summary_free(ut_summary *s);

/* A table as typed cells, so the CSV and SQLite writers cannot disagree. */
typedef enum ut_value_kind {
    UT_VALUE_NULL = 0, /* an empty CSV field, SQL NULL */
    UT_VALUE_INT,
    UT_VALUE_REAL, /* written with 4 decimals; stored in SQLite rounded the same way */
    UT_VALUE_PROB, /* a p- or q-value: 6 significant digits ("3.2e-08"), stored exactly */
    UT_VALUE_TEXT
} ut_value_kind;

typedef struct ut_value {
    ut_value_kind kind;
    int64_t i;
    double r;
    const char *s;
} ut_value;

/* Appends one value as a CSV field. */
void ut_value_csv(const ut_value *v, ut_buf *out);

typedef struct ut_table {
    const char *name; /* file stem and SQL table name */
    const char *const *columns;
    size_t n_columns;
    const char *const *indexed; /* columns to index in SQLite, NULL-terminated */
    size_t (*count)(const ut_summary *s);
    void (*row)(const ut_summary *s, size_t i, ut_value *out); /* fills n_columns values */
} ut_table;

/* The tables this summary has (groups only with --group, trends only with
 * a bucket), in a fixed order. Returns how many were written to `out`
 * (room for UT_SUMMARY_MAX_TABLES). */
#define UT_SUMMARY_MAX_TABLES 6
size_t ut_summary_tables(const ut_summary *s, const ut_table **out);

/* Appends a table as RFC 4180 CSV (header row, CRLF-free "\n" line ends). */
void ut_summary_table_csv(const ut_summary *s, const ut_table *t, ut_buf *out);

/* Appends summary.json. `info` may be NULL (threads 0, seconds 0). */
void ut_summary_json(const ut_summary *s, const ut_run_info *info, ut_buf *out);

/* Writes summary.json and every table's CSV into `dir` (created if absent),
 * each atomically. Returns 0, UT_EIO (message names the file), UT_ENOMEM. */
int ut_summary_write_dir(const ut_summary *s, const char *dir, const ut_run_info *info);

/* Writes the same tables into an SQLite database at `path` (replaced
 * atomically), plus `summary` (key, value) and `bad_records` (reason, count).
 * UT_EINVAL when built without SQLite. */
int ut_summary_write_sqlite(const ut_summary *s, const char *path, const ut_run_info *info);

/* Appends the console summary: totals and the top `top_n` clusters. */
void ut_summary_console(const ut_summary *s, ut_buf *out, int top_n);

#endif
