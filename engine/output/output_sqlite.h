/* output_sqlite.h — the SQLite database of --sqlite, written while a run
 * goes: reviews and their theme mentions as they leave the pipeline (in
 * input order), then the summary tables once the run is over. */
#ifndef UT_OUTPUT_SQLITE_H
#define UT_OUTPUT_SQLITE_H

#include "output/scores_writer.h"
#include "aggregate/summary.h"

typedef struct ut_sqlite_writer ut_sqlite_writer;

/* Creates a temporary database next to `path` with empty `reviews` (one
 * column per group field, named after it) and `mentions` tables, inside
 * one open transaction. Errors: UT_EIO naming the path, UT_ENOMEM,
 * UT_EINVAL when built without SQLite. */
int ut_sqlite_writer_open(ut_sqlite_writer **out, const char *path, int n_groups, const char *const *group_names);
/* Inserts the rows (and each row's mentions), in order. */
int ut_sqlite_writer_add(ut_sqlite_writer *w, const ut_review_rows *rows, const ut_themes *themes);
/* Adds the indexes, `summary`, `bad_records` and the summary tables,
 * commits and renames the database over the target. Frees w, whatever it
 * returns. */
int ut_sqlite_writer_finish(ut_sqlite_writer *w, const ut_summary *s, const ut_run_info *info);
/* Removes an unfinished database and frees w. Accepts NULL. */
void ut_sqlite_writer_abort(ut_sqlite_writer *w);

#endif
