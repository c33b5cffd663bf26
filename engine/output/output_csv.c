/* output_csv.c — ut_aggregate_write_dir: builds the summary once and
 * writes summary.json and each table's CSV, every file atomically.
 * report.html is written by the report module from the same summary. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    ut_buf b = UT_BUF_INIT;
    ut_summary_json(s, info, &b);
    rc = write_buf(dir, "summary.json", &b);
    const ut_table *tables[UT_SUMMARY_MAX_TABLES];
    size_t n = ut_summary_tables(s, tables);
    for (size_t i = 0; i < n && !rc; i++) {
        char name[64];
        snprintf(name, sizeof name, "%s.csv", tables[i]->name);
        ut_buf_clear(&b);
        ut_summary_table_csv(s, tables[i], &b);
        rc = write_buf(dir, name, &b);
    }
    ut_buf_free(&b);
    return rc;
}

int ut_aggregate_write_dir(const ut_aggregate *a, const char *dir, const ut_run_info *info) {
    ut_summary *s;
    int rc = ut_summary_build(&s, a);
    if (rc) return rc;
    rc = ut_summary_write_dir(s, dir, info);
    ut_summary_free(s);
    return rc;
}
