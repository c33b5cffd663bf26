/* result.h — the ut_result handle: the merged aggregate of a run (or of a
 * merge of states) plus what summary.json says about the run itself. */
#ifndef UT_RESULT_H
#define UT_RESULT_H

#include "aggregate/aggregate.h"
#include "undertone.h"

int ut_result_new(ut_result **out, const ut_aggregate_config *cfg, const char *lexicon_names);
/* Wraps an aggregate loaded from state (takes ownership). */
int ut_result_wrap(ut_result **out, ut_aggregate *agg, const char *lexicon_names);
ut_aggregate *ut_result_aggregate(ut_result *res);
void ut_result_add_bytes(ut_result *res, uint64_t bytes);
/* Remembers the first bad record of the run (for the CLI's message). */
void ut_result_note_bad(ut_result *res, const char *path, uint64_t record_no, uint64_t offset, const char *reason,
                        uint64_t count);
void ut_result_finish(ut_result *res, int threads, double seconds);
/* Keeps the text of the --suggest-themes file (takes ownership of `text`,
 * a malloc'd buffer). */
void ut_result_set_suggested_themes(ut_result *res, char *text, size_t len);

/* Records the per-stage seconds of a run (names are static strings). */
/* Completes a database whose reviews were written during the run with
 * the result's summary tables, and frees the writer. */
typedef struct ut_sqlite_writer ut_sqlite_writer;
int ut_result_finish_sqlite(const ut_result *res, ut_sqlite_writer *w);
void ut_result_set_stages(ut_result *res, const char *const *names, const double *secs, size_t n);

#endif
