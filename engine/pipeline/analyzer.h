/* analyzer.h — the analyzer's layout and the per-review analysis step,
 * shared by analyzer.c (building it), analyze.c (the parallel pipeline) and
 * explain.c (`undertone score`). Not part of the public API. */
#ifndef UT_ANALYZER_H
#define UT_ANALYZER_H

#include "aggregate/aggregate.h"
#include "util/arena.h"
#include "model/lexicon.h"
#include "record/record.h"
#include "model/score.h"
#include "themes/theme.h"
#include "text/tokenizer.h"
#include "undertone.h"

#include <time.h>

struct ut_analyzer {
    ut_options opts; /* copy; strings borrowed from the caller */
    ut_field_ref refs[UT_ROLE_COUNT];
    ut_lexicon *lexicon;
    ut_scorer *scorer;
    ut_themes *themes;
    char *lexicon_names; /* "builtin:sentiment.tsv,my.tsv" for summary.json */
};

/* The pipeline stages timed with ut_run_options.measure_stages, in pipeline
 * order; ut_stage_names holds their names. */
typedef enum ut_stage {
    UT_STAGE_READ,  /* planning and loading jobs: file reads, zstd decompression */
    UT_STAGE_SPLIT, /* stitching jobs into batches of whole records, counting them */
    UT_STAGE_PARSE, /* record parsing and field extraction */
    UT_STAGE_TOKENIZE,
    UT_STAGE_SCORE,
    UT_STAGE_THEMES,
    UT_STAGE_AGGREGATE, /* aggregation and per-review rows */
    UT_STAGE_EMIT,      /* writing --scores rows in input order */
    UT_STAGE_MERGE,     /* adding the workers' aggregates into the result, after the run (serial) */
    UT_STAGE_COUNT
} ut_stage;

extern const char *const ut_stage_names[UT_STAGE_COUNT];

/* A monotonic clock in seconds: the vDSO serves it without a system call,
 * so reading it a few times per review costs little. */
static inline double ut_stage_clock(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Adds the time since `since` to acc[stage]; returns now, the next stage's start. */
static inline double ut_stage_lap(double *acc, ut_stage stage, double since) {
    const double now = ut_stage_clock();
    acc[stage] += now - since;
    return now;
}

/* Per-thread scratch for analysing reviews; owned by one worker. */
typedef struct ut_review_scratch {
    ut_tokens tokens;
    ut_arena arena; /* reset for every review */
    ut_theme_mention *mentions;
    uint32_t mentions_cap;
    double *stage_seconds; /* UT_STAGE_COUNT accumulators, or NULL: not timed */
} ut_review_scratch;

/* What the analysis of one text produced (mentions borrowed from scratch). */
typedef struct ut_review_analysis {
    ut_sentiment sentiment;
    ut_score_detail detail;
    const ut_theme_mention *mentions;
    uint32_t n_mentions;
} ut_review_analysis;

/* Tokenizes, scores and finds themes in one review (title may be NULL).
 * Returns 0 or UT_ENOMEM. */
int ut_analyze_review(const ut_analyzer *an, ut_review_scratch *s, const char *title, size_t title_len,
                      const char *text, size_t text_len, ut_review_analysis *out);

void ut_review_scratch_free(ut_review_scratch *s);

/* A field selection as the options give it: "3" is column 3, anything else
 * a field name (borrowed), NULL or "" unselected. */
ut_field_ref ut_field_ref_parse(const char *spec);

/* The configuration an aggregate of this analyzer is made with. */
void ut_analyzer_aggregate_config(const ut_analyzer *an, ut_aggregate_config *cfg);

/* Model name as written in summary.json (defined in aggregate.c). */
const char *ut_model_name(ut_model model);

#endif
