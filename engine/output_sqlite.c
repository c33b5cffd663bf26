/* output_sqlite.c — every summary table in one SQLite database, for BI
 * tools. The tables come from the same typed definitions as the CSV files
 * (summary_tables.c), so their columns and values agree; REAL values are
 * stored rounded to the 4 decimals the CSV shows. The database is built in
 * a temporary file in one transaction and renamed over the target. The
 * only file of the engine that touches SQLite. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "aggregate.h"
#include "common.h"
#include "output.h"
#include "summary.h"

#ifndef UT_HAVE_SQLITE

int ut_summary_write_sqlite(const ut_summary *s, const char *path, const ut_run_info *info) {
    (void)s;
    (void)info;
    return ut_error_set(UT_EINVAL, "%s: built without SQLite", path);
}

#else

#include <sqlite3.h>

static int sql_fail(sqlite3 *db, const char *path) {
    return ut_error_set(UT_EIO, "%s: SQLite: %s", path, db ? sqlite3_errmsg(db) : "cannot open");
}

static void quoted(ut_buf *b, const char *name) {
    ut_buf_putc(b, '"');
    for (const char *p = name; *p; p++) {
        if (*p == '"') ut_buf_putc(b, '"');
        ut_buf_putc(b, *p);
    }
    ut_buf_putc(b, '"');
}

static const char *sql_type(ut_value_kind k) {
    switch (k) {
    case UT_VALUE_INT:
        return " INTEGER";
    case UT_VALUE_TEXT:
        return " TEXT";
    default:
        return " REAL";
    }
}

static int bind_value(sqlite3_stmt *st, int col, const ut_value *v) {
    switch (v->kind) {
    case UT_VALUE_INT:
        return sqlite3_bind_int64(st, col, v->i);
    case UT_VALUE_REAL: {
        /* rounded as ut_buf_put_fixed writes the CSV, ties nudged alike */
        double r = isfinite(v->r) ? floor(fabs(v->r) * 1e4 * (1 + 4e-16) + 0.5) / 1e4 : 0;
        return sqlite3_bind_double(st, col, v->r < 0 ? -r : r);
    }
    case UT_VALUE_PROB:
        return sqlite3_bind_double(st, col, isfinite(v->r) ? v->r : 0);
    case UT_VALUE_TEXT:
        return sqlite3_bind_text(st, col, v->s, -1, SQLITE_STATIC);
    default:
        return sqlite3_bind_null(st, col);
    }
}

static int exec(sqlite3 *db, const char *path, const char *sql) {
    return sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : sql_fail(db, path);
}

static int write_table(sqlite3 *db, const char *path, const ut_summary *s, const ut_table *t, ut_buf *sql) {
    ut_value v[48];
    size_t rows = t->count(s);
    if (rows) t->row(s, 0, v);
    ut_buf_clear(sql);
    ut_buf_puts(sql, "CREATE TABLE ");
    quoted(sql, t->name);
    ut_buf_puts(sql, " (");
    for (size_t c = 0; c < t->n_columns; c++) {
        if (c) ut_buf_puts(sql, ", ");
        quoted(sql, t->columns[c]);
        if (rows) ut_buf_puts(sql, sql_type(v[c].kind));
    }
    ut_buf_puts(sql, ")");
    if (sql->failed) return UT_ENOMEM;
    int rc = exec(db, path, sql->data);
    if (rc) return rc;
    ut_buf_clear(sql);
    ut_buf_puts(sql, "INSERT INTO ");
    quoted(sql, t->name);
    ut_buf_puts(sql, " VALUES (");
    for (size_t c = 0; c < t->n_columns; c++)
        ut_buf_puts(sql, c ? ", ?" : "?");
    ut_buf_puts(sql, ")");
    if (sql->failed) return UT_ENOMEM;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql->data, -1, &st, NULL) != SQLITE_OK) return sql_fail(db, path);
    for (size_t i = 0; i < rows && !rc; i++) {
        t->row(s, i, v);
        for (size_t c = 0; c < t->n_columns && !rc; c++)
            if (bind_value(st, (int)c + 1, &v[c]) != SQLITE_OK) rc = sql_fail(db, path);
        if (!rc && sqlite3_step(st) != SQLITE_DONE) rc = sql_fail(db, path);
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    for (const char *const *ix = t->indexed; !rc && *ix; ix++) {
        ut_buf_clear(sql);
        ut_buf_printf(sql, "CREATE INDEX \"%s_%s\" ON ", t->name, *ix);
        quoted(sql, t->name);
        ut_buf_puts(sql, " (");
        quoted(sql, *ix);
        ut_buf_puts(sql, ")");
        rc = sql->failed ? UT_ENOMEM : exec(db, path, sql->data);
    }
    return rc;
}

static int put_kv(sqlite3_stmt *st, const char *k, const char *value) {
    sqlite3_bind_text(st, 1, k, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, value, -1, SQLITE_TRANSIENT);
    int ok = sqlite3_step(st) == SQLITE_DONE;
    sqlite3_reset(st);
    return ok ? 0 : -1;
}

/* summary (key, value): the summary.json scalars as text; bad_records. */
static int write_summary(sqlite3 *db, const char *path, const ut_summary *s, const ut_run_info *info) {
    int rc = exec(db, path, "CREATE TABLE summary (key TEXT PRIMARY KEY, value TEXT)");
    if (!rc) rc = exec(db, path, "CREATE TABLE bad_records (reason TEXT PRIMARY KEY, count INTEGER)");
    if (rc) return rc;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "INSERT INTO summary VALUES (?, ?)", -1, &st, NULL) != SQLITE_OK)
        return sql_fail(db, path);
    char num[64];
    ut_buf b = UT_BUF_INIT;
#define KV_INT(k, v) (snprintf(num, sizeof num, "%lld", (long long)(v)), put_kv(st, k, num))
#define KV_FIXED(k, v, d) (ut_buf_clear(&b), ut_buf_put_fixed(&b, v, d), put_kv(st, k, b.data))
    int bad = 0;
    bad |= KV_INT("records", s->records);
    bad |= KV_INT("bytes", s->bytes);
    bad |= KV_INT("threads", info ? info->threads : 0);
    bad |= KV_FIXED("seconds", info ? info->seconds : 0, 3);
    bad |= put_kv(st, "model", s->model);
    bad |= put_kv(st, "lexicons", info && info->lexicons && *info->lexicons ? info->lexicons : s->lexicons);
    bad |= put_kv(st, "undertone_version", UT_VERSION_STRING);
    bad |= KV_FIXED("mean_compound", s->mean_compound, 4);
    bad |= KV_FIXED("negative_share", s->negative_share, 4);
    bad |= KV_INT("bad_records_total", s->bad_total);
    bad |= KV_INT("theme_mentions", s->theme_mentions);
    bad |= KV_INT("clusters", s->n_clusters);
    bad |= KV_INT("significant_clusters", s->n_significant);
#undef KV_INT
#undef KV_FIXED
    sqlite3_finalize(st);
    ut_buf_free(&b);
    if (bad) return sql_fail(db, path);
    if (sqlite3_prepare_v2(db, "INSERT INTO bad_records VALUES (?, ?)", -1, &st, NULL) != SQLITE_OK)
        return sql_fail(db, path);
    for (int r = 1; r < UT_BAD_REASON_COUNT && !rc; r++) {
        if (!s->bad[r]) continue;
        sqlite3_bind_text(st, 1, ut_bad_reason_name((ut_bad_reason)r), -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, (sqlite3_int64)s->bad[r]);
        if (sqlite3_step(st) != SQLITE_DONE) rc = sql_fail(db, path);
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    return rc;
}

int ut_summary_write_sqlite(const ut_summary *s, const char *path, const ut_run_info *info) {
    size_t cap = strlen(path) + 16;
    char *tmp = ut_malloc(cap);
    if (!tmp) return UT_ENOMEM;
    int rc = ut_output_temp_path(path, tmp, cap);
    if (rc) {
        free(tmp);
        return rc;
    }
    sqlite3 *db = NULL;
    ut_buf sql = UT_BUF_INIT;
    if (sqlite3_open_v2(tmp, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) rc = sql_fail(db, path);
    if (!rc) rc = exec(db, path, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; BEGIN");
    if (!rc) rc = write_summary(db, path, s, info);
    const ut_table *tables[UT_SUMMARY_MAX_TABLES];
    size_t n = ut_summary_tables(s, tables);
    for (size_t i = 0; i < n && !rc; i++)
        rc = write_table(db, path, s, tables[i], &sql);
    if (!rc) rc = exec(db, path, "COMMIT");
    if (db && sqlite3_close(db) != SQLITE_OK && !rc) rc = sql_fail(NULL, path);
    if (!rc && rename(tmp, path) != 0) rc = ut_error_set(UT_EIO, "%s: cannot replace", path);
    if (rc) unlink(tmp);
    ut_buf_free(&sql);
    free(tmp);
    return rc;
}

#endif

int ut_aggregate_write_sqlite(const ut_aggregate *a, const char *path, const ut_run_info *info) {
#ifndef UT_HAVE_SQLITE
    (void)a;
    (void)info;
    return ut_error_set(UT_EINVAL, "%s: built without SQLite", path);
#else
    ut_summary *s;
    int rc = ut_summary_build(&s, a);
    if (rc) return rc;
    rc = ut_summary_write_sqlite(s, path, info);
    ut_summary_free(s);
    return rc;
#endif
}
