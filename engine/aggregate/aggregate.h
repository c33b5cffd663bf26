/* aggregate.h — exact, mergeable aggregates and the summaries built on them.
 *
 * Every worker thread owns a ut_aggregate and adds the reviews it scores;
 * partials are merged at the end. All accumulators are integers or
 * fixed-point (scores in units of 1e-4), so the merged result is the same
 * whatever the thread count or merge order. The aggregate also serialises
 * itself (ut_aggregate_save/load, a versioned, checksummed binary format),
 * which is what `--state` and `undertone merge` use. */
#ifndef UT_AGGREGATE_H
#define UT_AGGREGATE_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"
#include "record/record.h"
#include "model/score.h"
#include "themes/theme.h"
#include "text/tokenizer.h"
#include "undertone.h"

typedef struct ut_aggregate ut_aggregate;

/* What the aggregate needs to know about one review (all borrowed for the
 * duration of ut_aggregate_add). */
typedef struct ut_review_facts {
    const char *id; /* the review id as written in --scores */
    size_t id_len;
    uint64_t record_no; /* 1-based, over all inputs */
    ut_sentiment sentiment;
    int has_rating;
    double rating;
    int has_date;
    int32_t day;                  /* days since 1970-01-01 */
    const ut_field_value *groups; /* n_groups values, one per --group */
    int n_groups;
    const ut_theme_mention *mentions;
    uint32_t n_mentions;
    const ut_tokens *tokens; /* for phrase mining of negative mentions */
    /* The source the tokens' offsets point into: the title (may be NULL),
     * then the text. Quotes are cut from it; without it, none are kept. */
    const char *title, *text;
    size_t title_len, text_len;
} ut_review_facts;

typedef struct ut_aggregate_config {
    const ut_themes *themes; /* borrowed; names are copied */
    int n_groups;
    const char *group_names[UT_MAX_GROUPS];
    ut_bucket bucket;
    size_t phrase_budget; /* distinct n-grams kept per theme before sketching (0: default) */
    ut_model model;
    uint64_t lexicon_fingerprint;
    uint64_t themes_fingerprint;
    /* The themes as plain arrays, used when `themes` is NULL (tests, and
     * loading a state): n_themes names (id 0 = "other") and parent ids (-1 =
     * top level; a parent's id need not be smaller). Copied. */
    const char *const *theme_names;
    const int32_t *theme_parents;
    uint32_t n_themes;
    /* Names of the lexicons used (comma-separated; may be NULL), for
     * summary.json and for merge mismatch messages. Copied. */
    const char *lexicons;
    /* Skip phrase mining (phrases.csv and top_phrases stay empty): phrase
     * counting is most of the aggregation's cost (docs/outputs.md). */
    int no_phrases;
} ut_aggregate_config;

/* Default phrase budget: distinct phrases counted exactly per theme table.
 * A group x theme cell's phrases come from a sample of its negative
 * mentions instead (mention_sample.h). A build with
 * -DUT_PHRASE_BUDGET_DEFAULT=1000000 holds every phrase: the exact reference
 * docs/performance.md measures the budget against. */
#ifndef UT_PHRASE_BUDGET_DEFAULT
#define UT_PHRASE_BUDGET_DEFAULT 50000
#endif

/* Creates an empty aggregate. With cfg->themes set, theme names and parents
 * come from the theme module (aggregate_themes.c); otherwise from
 * cfg->theme_names/theme_parents. Errors: UT_EINVAL (no themes, a parent out
 * of range or a cycle, too many groups), UT_ENOMEM. */
int ut_aggregate_new(ut_aggregate **out, const ut_aggregate_config *cfg);
/* The same, ignoring cfg->themes: never touches the theme module, so a
 * program (or test) that links no theme.c can make aggregates. */
int ut_aggregate_new_plain(ut_aggregate **out, const ut_aggregate_config *cfg);
void ut_aggregate_free(ut_aggregate *a);

/* Adds one review. Returns 0 or UT_ENOMEM. */
int ut_aggregate_add(ut_aggregate *a, const ut_review_facts *r);
/* Counts bad records by reason. */
void ut_aggregate_add_bad(ut_aggregate *a, ut_bad_reason reason, uint64_t count);
/* Counts reviews kept and analysed although a field was unreadable
 * (UT_BAD_RATING, UT_BAD_DATE): summary.json's "unreadable_values". */
void ut_aggregate_add_unreadable(ut_aggregate *a, ut_bad_reason reason, uint64_t count);
/* Counts input bytes (decompressed) analysed. */
void ut_aggregate_add_bytes(ut_aggregate *a, uint64_t bytes);

/* Adds `from` into `into` (same configuration; else UT_EMISMATCH with a
 * message saying what differs). Associative and commutative. */
int ut_aggregate_merge(ut_aggregate *into, const ut_aggregate *from);
/* The same result, but `from` is consumed: phrase tables `into` has not
 * started are moved rather than copied, and the others are freed as soon
 * as they are added. The themes' tables and the cells' samples are merged
 * on up to `threads` threads (1 or less: the calling thread only); the
 * result is the same for any count. Afterwards (and on an error) `from`
 * is fit only for ut_aggregate_free; on an error `into` is as
 * ut_aggregate_merge leaves it. */
int ut_aggregate_merge_take(ut_aggregate *into, ut_aggregate *from, int threads);

/* The workers of a run share one background sketch (phrases.h): each
 * worker's aggregate, still unused, borrows `counts` (from
 * ut_aggregate_sketch_counts_new: zeroed, or NULL when out of memory;
 * free() them) and adds to them atomically.
 * Once every worker was merged into the result, the result adopts them
 * (ut_aggregate_adopt_sketch, once): until then the caller owns `counts`.
 * Without phrases the sketch is not used: nothing is borrowed, and
 * adopting frees `counts`. Returns 0, or UT_EINVAL when the result's
 * sketch borrows other counters (counts not consumed). */
uint32_t *ut_aggregate_sketch_counts_new(void);
void ut_aggregate_share_sketch(ut_aggregate *a, uint32_t *counts);
int ut_aggregate_adopt_sketch(ut_aggregate *a, uint32_t *counts);

uint64_t ut_aggregate_records(const ut_aggregate *a);
uint64_t ut_aggregate_bytes(const ut_aggregate *a);       /* the input bytes of the records added */
uint64_t ut_aggregate_bad_records(const ut_aggregate *a); /* bad records, all reasons */

/* Mergeable state file. Save writes to a temporary name and renames.
 * Load errors: UT_EIO, UT_ECORRUPT (bad magic, version, checksum; message
 * names the file), UT_ENOMEM. */
int ut_aggregate_save(const ut_aggregate *a, const char *path);
/* The bytes ut_aggregate_save writes, into *out (initialised here; the
 * caller frees it with ut_buf_free). `name` is used in messages. Errors:
 * UT_ENOMEM (*out is then empty). */
int ut_aggregate_save_buffer(const ut_aggregate *a, ut_buf *out, const char *name);
int ut_aggregate_load(ut_aggregate **out, const char *path);
/* The same from bytes in memory (`name` is used in messages); for tests
 * and fuzzing. */
int ut_aggregate_load_buffer(ut_aggregate **out, const void *data, size_t len, const char *name);

/* What summary.json reports about the run itself. */
typedef struct ut_run_info {
    int threads;
    double seconds;
    const char *lexicons; /* comma-separated names of the lexicons used */
} ut_run_info;

/* Writes summary.json, themes.csv, groups.csv (with groups), clusters.csv,
 * phrases.csv and trends.csv (with a bucket) into `dir` (created if
 * absent), each to a temporary name then renamed. report.html is not
 * written here: the report module builds it from the same ut_summary
 * (summary.h). A caller writing several outputs can build the summary once
 * with ut_summary_build and call ut_summary_write_dir / _write_sqlite /
 * _console on it. Returns 0, UT_EIO (message names the file), UT_ENOMEM. */
int ut_aggregate_write_dir(const ut_aggregate *a, const char *dir, const ut_run_info *info);

/* Writes the same tables into an SQLite database (one transaction). */
int ut_aggregate_write_sqlite(const ut_aggregate *a, const char *path, const ut_run_info *info);

/* Appends a short human summary (totals, top `top_n` clusters) to `out`. */
int ut_aggregate_console_summary(const ut_aggregate *a, ut_buf *out, int top_n);

#endif
