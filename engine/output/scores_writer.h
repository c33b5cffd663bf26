/* scores_writer.h — the per-review outputs (--scores, --mentions) and the
 * rows kept for the on_review callback and the SQLite reviews table.
 *
 * Rows are formatted by the worker that analysed the review (in parallel,
 * into the batch's buffer) and written in input order by the scheduler, so
 * formatting never serialises the pipeline. The file is written to a
 * temporary name and renamed on commit; "-" writes to standard output. */
#ifndef UT_SCORES_WRITER_H
#define UT_SCORES_WRITER_H

#include "aggregate/aggregate.h"
#include "util/arena.h"
#include "util/buf.h"
#include "themes/theme.h"

/* A review's themes with the mean score of their mentions, in order of
 * first mention. Owned by a worker and rebuilt for every review. */
typedef struct ut_theme_tally {
    uint32_t *theme;
    double *sum;
    uint32_t *count;
    uint32_t n, cap;
} ut_theme_tally;

void ut_theme_tally_build(ut_theme_tally *t, const ut_theme_mention *m, uint32_t n);
void ut_theme_tally_free(ut_theme_tally *t);

typedef struct ut_scores_writer ut_scores_writer;

/* Opens `path` for writing (CSV unless it ends in ".jsonl"; "-" = stdout,
 * CSV) and writes the header row. Errors: UT_EIO naming the path. */
int ut_scores_writer_open(ut_scores_writer **out, const char *path, const ut_themes *themes);
/* The same for --mentions: CSV "id,theme,score,negative", one row per
 * theme mention, in the review's order. */
int ut_mentions_writer_open(ut_scores_writer **out, const char *path);
/* Appends a review's mention rows to `dst` (thread-safe). */
void ut_mentions_format_rows(ut_buf *dst, const ut_review_facts *r, const ut_themes *themes);

/* A mention's negative flag: the aggregate's rule (below the neutral
 * band), so the rows flagged 1 are the mentions complaints are made of. */
int ut_mention_is_negative(double score);
/* Appends one row for `r` to `dst` (thread-safe: reads the writer only). */
void ut_scores_format_row(const ut_scores_writer *w, ut_buf *dst, const ut_review_facts *r, const ut_theme_tally *t,
                          const ut_themes *themes);
/* Writes formatted rows (in order). */
int ut_scores_write(ut_scores_writer *w, const char *data, size_t len);
/* Flushes, closes and renames into place; frees the writer. */
int ut_scores_writer_commit(ut_scores_writer *w);
/* Closes and removes a file not committed; frees the writer. Accepts NULL
 * and an already committed writer. */
void ut_scores_writer_abort(ut_scores_writer *w);

/* One review as kept for on_review and the SQLite tables; the strings and
 * arrays live in the rows' arena. */
typedef struct ut_review_row {
    const char *id;
    size_t id_len;
    uint64_t record_no;
    ut_sentiment s;
    int has_rating;
    double rating;
    int has_date;
    int32_t day;
    int n_groups;
    const char *group[UT_MAX_GROUPS]; /* NUL-terminated; NULL: absent */
    uint32_t n_themes;                /* the tally: each theme once, its mean score */
    uint32_t *themes;
    double *scores;
    uint32_t n_mentions; /* every mention: theme and score */
    uint32_t *mention_theme;
    float *mention_score;
} ut_review_row;

/* Rows kept for ut_run_options.on_review and the SQLite writer, delivered in order. */
typedef struct ut_review_rows {
    ut_arena arena;
    ut_review_row *rows;
    size_t n, cap;
} ut_review_rows;

int ut_review_rows_add(ut_review_rows *rows, const ut_review_facts *r, const ut_theme_tally *t);
void ut_review_rows_deliver(const ut_review_rows *rows, const ut_themes *themes,
                            void (*cb)(void *, const ut_review_score *), void *ctx);
void ut_review_rows_free(ut_review_rows *rows);

#endif
