/* output_csv.c — ut_aggregate_write_dir: builds the summary once and
 * writes summary.json and each table's CSV, every file atomically.
 * report.html is written by the report module from the same summary. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "undertone.h"
#include "aggregate/aggregate.h"
#include "util/common.h"
#include "util/atomic_file.h"
#include "aggregate/summary.h"

static int write_buf(const char *dir, const char *name, const ut_buf *b) {
    if (b->failed) return ut_error_set(UT_ENOMEM, "out of memory formatting %s", name);
    size_t cap = strlen(dir) + strlen(name) + 2;
    char *path = ut_malloc(cap);
    if (!path) return UT_ENOMEM;
    snprintf(path, cap, "%s/%s", dir, name);
    int rc = ut_output_write_file(path, b->data ? b->data : "", b->len);
    free(path);
    return rc;
}

int ut_summary_write_dir(const ut_summary *s, const char *dir, const ut_run_info *info) {
    int rc = ut_output_make_dir(dir);
    if (rc) return rc;
    const ut_table *tables[UT_SUMMARY_MAX_TABLES];
    size_t n = ut_summary_tables(s, tables);
    /* summary.json and each table's CSV are formatted and written on the
     * run's threads: a large corpus's trends and clusters are megabytes
     * of number formatting at the end of the run, where one thread would
     * otherwise work alone. Errors are per thread, so each file keeps its
     * message, and the first failure in file order is reported. */
    int failed[UT_SUMMARY_MAX_TABLES + 1] = {0};
    char messages[UT_SUMMARY_MAX_TABLES + 1][256];
    int threads = info && info->threads > 1 ? info->threads : 1;
#pragma omp parallel for num_threads(threads) schedule(dynamic, 1)
    for (size_t i = 0; i <= n; i++) {
        ut_buf b = UT_BUF_INIT;
        char name[64];
        if (i == 0) {
            snprintf(name, sizeof name, "summary.json");
            ut_summary_json(s, info, &b);
        } else {
            snprintf(name, sizeof name, "%s.csv", tables[i - 1]->name);
            ut_summary_table_csv(s, tables[i - 1], &b);
        }
        failed[i] = write_buf(dir, name, &b);
        if (failed[i]) snprintf(messages[i], sizeof messages[i], "%s", ut_error_last());
        ut_buf_free(&b);
    }
    for (size_t i = 0; i <= n; i++)
        if (failed[i]) return ut_error_set(failed[i], "%s", messages[i]);
    return 0;
}

int ut_aggregate_write_dir(const ut_aggregate *a, const char *dir, const ut_run_info *info) {
    ut_summary *s;
    int rc = ut_summary_build(&s, a);
    if (rc) return rc;
    rc = ut_summary_write_dir(s, dir, info);
    ut_summary_free(s);
    return rc;
}
