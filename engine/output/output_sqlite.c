/* output_sqlite.c — every summary table in one SQLite database, for BI
 * tools, with the per-review rows they join on: `reviews` (one row per
 * review: scores, rating, date, group keys) and `mentions` (one row per
 * theme mention). The summary tables come from the same typed
 * definitions as the CSV files (summary_tables.c), so their columns and
 * values agree; REAL values are stored rounded to the 4 decimals the CSV
 * shows. `summary` holds every key of summary.json with its type, read
 * back from the JSON itself so the two can never list different keys.
 * The database is built in a temporary file in one transaction, filled
 * with reviews while the run goes, and renamed over the target at the
 * end. The only file of the engine that touches SQLite. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "aggregate/aggregate.h"
#include "aggregate/aggregate_internal.h"
#include "util/common.h"
#include "util/atomic_file.h"
#include "output/output_sqlite.h"
#include "aggregate/summary.h"

#ifndef UT_HAVE_SQLITE

static int no_sqlite(const char *path) {
    return ut_error_set(UT_EINVAL, "%s: built without SQLite", path);
}

int ut_summary_write_sqlite(const ut_summary *s, const char *path, const ut_run_info *info) {
    (void)s;
    (void)info;
    return no_sqlite(path);
}

int ut_sqlite_writer_open(ut_sqlite_writer **out, const char *path, int n_groups, const char *const *group_names) {
    (void)n_groups;
    (void)group_names;
    *out = NULL;
    return no_sqlite(path);
}

int ut_sqlite_writer_add(ut_sqlite_writer *w, const ut_review_rows *rows, const ut_themes *themes) {
    (void)w;
    (void)rows;
    (void)themes;
    return UT_EINVAL;
}

int ut_sqlite_writer_finish(ut_sqlite_writer *w, const ut_summary *s, const ut_run_info *info) {
    (void)w;
    (void)s;
    (void)info;
    return UT_EINVAL;
}

void ut_sqlite_writer_abort(ut_sqlite_writer *w) {
    (void)w;
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

/* ---- summary: summary.json's keys, typed ---- */

/* End of the JSON value at p (our own summary.json: strings, numbers,
 * literals, and flat or nested brackets). */
static const char *json_value_end(const char *p) {
    int depth = 0, in_string = 0;
    for (; *p; p++) {
        if (in_string) {
            if (*p == '\\' && p[1])
                p++;
            else if (*p == '"')
                in_string = 0;
            continue;
        }
        if (*p == '"')
            in_string = 1;
        else if (*p == '{' || *p == '[')
            depth++;
        else if (*p == '}' || *p == ']') {
            if (depth == 0) return p;
            depth--;
        } else if (*p == ',' && depth == 0)
            return p;
    }
    return p;
}

/* Binds one JSON value with its SQLite type and names the type. */
static const char *bind_json(sqlite3_stmt *st, int col, const char *v, size_t n, ut_buf *scratch) {
    while (n && (v[n - 1] == ' ' || v[n - 1] == '\n'))
        n--;
    if (n == 4 && memcmp(v, "null", 4) == 0) {
        sqlite3_bind_null(st, col);
        return "null";
    }
    if ((n == 4 && memcmp(v, "true", 4) == 0) || (n == 5 && memcmp(v, "false", 5) == 0)) {
        sqlite3_bind_int(st, col, v[0] == 't');
        return "boolean";
    }
    if (v[0] == '"') {
        /* The scalar strings of summary.json are names, versions and hex:
         * they need the short escapes at most (a \u escape is kept as written). */
        ut_buf_clear(scratch);
        for (size_t i = 1; i + 1 < n; i++) {
            char c = v[i];
            if (c == '\\' && i + 2 < n && v[i + 1] != 'u') {
                c = v[++i];
                c = c == 'n' ? '\n' : c == 't' ? '\t' : c == 'r' ? '\r' : c == 'b' ? '\b' : c == 'f' ? '\f' : c;
            }
            ut_buf_putc(scratch, c);
        }
        sqlite3_bind_text(st, col, scratch->data ? scratch->data : "", (int)scratch->len, SQLITE_TRANSIENT);
        return "text";
    }
    if (v[0] == '{' || v[0] == '[') {
        sqlite3_bind_text(st, col, v, (int)n, SQLITE_TRANSIENT);
        return "json";
    }
    char num[64];
    size_t k = n < sizeof num - 1 ? n : sizeof num - 1;
    memcpy(num, v, k);
    num[k] = '\0';
    if (strpbrk(num, ".eE")) {
        sqlite3_bind_double(st, col, strtod(num, NULL));
        return "real";
    }
    sqlite3_bind_int64(st, col, strtoll(num, NULL, 10));
    return "integer";
}

/* summary (key, value, type): value in its SQLite type (INTEGER, REAL,
 * TEXT, NULL; objects and arrays as JSON text), type one of integer, real,
 * text, boolean, null, json; rows in summary.json's order. Plus
 * bad_records (reason, count), the object as a table. */
static int write_summary(sqlite3 *db, const char *path, const ut_summary *s, const ut_run_info *info) {
    int rc = exec(db, path, "CREATE TABLE summary (key TEXT PRIMARY KEY, value, type TEXT NOT NULL)");
    if (!rc) rc = exec(db, path, "CREATE TABLE bad_records (reason TEXT PRIMARY KEY, count INTEGER)");
    if (rc) return rc;
    ut_buf json = UT_BUF_INIT, text = UT_BUF_INIT;
    ut_summary_json(s, info, &json);
    sqlite3_stmt *st = NULL;
    if (json.failed) rc = UT_ENOMEM;
    if (!rc && sqlite3_prepare_v2(db, "INSERT INTO summary VALUES (?, ?, ?)", -1, &st, NULL) != SQLITE_OK)
        rc = sql_fail(db, path);
    const char *p = json.data ? strchr(json.data, '"') : NULL;
    while (!rc && p) {
        const char *key_end = strchr(p + 1, '"');
        const char *colon = key_end ? strchr(key_end, ':') : NULL;
        if (!colon) break;
        const char *v = colon + 1;
        while (*v == ' ')
            v++;
        const char *end = json_value_end(v);
        sqlite3_bind_text(st, 1, p + 1, (int)(key_end - p - 1), SQLITE_TRANSIENT);
        const char *type = bind_json(st, 2, v, (size_t)(end - v), &text);
        sqlite3_bind_text(st, 3, type, -1, SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_DONE) rc = sql_fail(db, path);
        sqlite3_reset(st);
        p = *end == ',' ? strchr(end, '"') : NULL;
    }
    sqlite3_finalize(st);
    ut_buf_free(&json);
    ut_buf_free(&text);
    if (rc) return rc;
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

/* ---- reviews and mentions, streamed during the run ---- */

struct ut_sqlite_writer {
    sqlite3 *db;
    char *path; /* owned */
    char *tmp;  /* owned: the temporary database, renamed over path at the end */
    sqlite3_stmt *review, *mention;
    int n_groups;
    char *group_column[UT_MAX_GROUPS]; /* owned: the reviews columns of the group keys */
};

static const char *const review_columns[] = {"id",       "compound", "positive", "neutral",
                                             "negative", "rating",   "date",     "record"};

/* A group field's column: its own name, unless a fixed column or an
 * earlier group has it (then prefixed "group_", and numbered if need be). */
static char *group_column(const char *name, char *const *earlier, int n_earlier, int g) {
    int taken = 0;
    for (size_t i = 0; i < sizeof review_columns / sizeof *review_columns; i++)
        taken |= sqlite3_stricmp(name, review_columns[i]) == 0;
    for (int i = 0; i < n_earlier; i++)
        taken |= sqlite3_stricmp(name, earlier[i]) == 0;
    if (!taken) return ut_strndup(name, strlen(name));
    size_t cap = strlen(name) + 32;
    char *s = ut_malloc(cap);
    if (s) snprintf(s, cap, "group_%s_%d", name, g + 1);
    return s;
}

static double round4(double v) {
    return isfinite(v) ? round(v * 1e4) / 1e4 : 0;
}

void ut_sqlite_writer_abort(ut_sqlite_writer *w) {
    if (!w) return;
    sqlite3_finalize(w->review);
    sqlite3_finalize(w->mention);
    if (w->db) sqlite3_close(w->db);
    if (w->tmp) unlink(w->tmp);
    for (int g = 0; g < w->n_groups; g++)
        free(w->group_column[g]);
    free(w->tmp);
    free(w->path);
    free(w);
}

int ut_sqlite_writer_open(ut_sqlite_writer **out, const char *path, int n_groups, const char *const *group_names) {
    *out = NULL;
    ut_sqlite_writer *w = ut_calloc(1, sizeof *w);
    if (!w) return UT_ENOMEM;
    size_t cap = strlen(path) + 16;
    w->path = ut_strndup(path, strlen(path));
    w->tmp = ut_malloc(cap);
    int rc = w->path && w->tmp ? ut_output_temp_path(path, w->tmp, cap) : UT_ENOMEM;
    if (rc) {
        free(w->tmp); /* not created: nothing to unlink */
        w->tmp = NULL;
        ut_sqlite_writer_abort(w);
        return rc;
    }
    for (int g = 0; g < n_groups && !rc; g++) {
        w->group_column[g] = group_column(group_names[g], w->group_column, g, g);
        if (!w->group_column[g]) rc = UT_ENOMEM;
        w->n_groups = g + 1;
    }
    ut_buf sql = UT_BUF_INIT;
    if (!rc && sqlite3_open_v2(w->tmp, &w->db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) rc = sql_fail(w->db, path);
    if (!rc) rc = exec(w->db, path, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; BEGIN");
    if (!rc) {
        ut_buf_puts(&sql, "CREATE TABLE reviews (id TEXT, compound REAL, positive REAL, neutral REAL, negative REAL, "
                          "rating REAL, date TEXT");
        for (int g = 0; g < w->n_groups; g++) {
            ut_buf_puts(&sql, ", ");
            quoted(&sql, w->group_column[g]);
            ut_buf_puts(&sql, " TEXT");
        }
        ut_buf_puts(&sql, ", record INTEGER PRIMARY KEY)");
        rc = sql.failed ? UT_ENOMEM : exec(w->db, path, sql.data);
    }
    if (!rc)
        rc = exec(w->db, path,
                  "CREATE TABLE mentions (id TEXT, theme TEXT, score REAL, negative INTEGER, record INTEGER)");
    if (!rc) {
        ut_buf_clear(&sql);
        ut_buf_puts(&sql, "INSERT INTO reviews VALUES (?, ?, ?, ?, ?, ?, ?");
        for (int g = 0; g < w->n_groups; g++)
            ut_buf_puts(&sql, ", ?");
        ut_buf_puts(&sql, ", ?)");
        if (sql.failed)
            rc = UT_ENOMEM;
        else if (sqlite3_prepare_v2(w->db, sql.data, -1, &w->review, NULL) != SQLITE_OK ||
                 sqlite3_prepare_v2(w->db, "INSERT INTO mentions VALUES (?, ?, ?, ?, ?)", -1, &w->mention, NULL) !=
                     SQLITE_OK)
            rc = sql_fail(w->db, path);
    }
    ut_buf_free(&sql);
    if (rc) {
        ut_sqlite_writer_abort(w);
        return rc;
    }
    *out = w;
    return 0;
}

int ut_sqlite_writer_add(ut_sqlite_writer *w, const ut_review_rows *rows, const ut_themes *themes) {
    for (size_t i = 0; i < rows->n; i++) {
        const ut_review_row *r = &rows->rows[i];
        sqlite3_stmt *st = w->review;
        int c = 1;
        sqlite3_bind_text(st, c++, r->id, (int)r->id_len, SQLITE_STATIC);
        sqlite3_bind_double(st, c++, round4(r->s.compound));
        sqlite3_bind_double(st, c++, round4(r->s.positive));
        sqlite3_bind_double(st, c++, round4(r->s.neutral));
        sqlite3_bind_double(st, c++, round4(r->s.negative));
        if (r->has_rating)
            sqlite3_bind_double(st, c++, r->rating);
        else
            sqlite3_bind_null(st, c++);
        char day[UT_BUCKET_LABEL_MAX];
        if (r->has_date) {
            ut_bucket_label(UT_BUCKET_DAY, r->day, day);
            sqlite3_bind_text(st, c++, day, -1, SQLITE_TRANSIENT);
        } else {
            sqlite3_bind_null(st, c++);
        }
        for (int g = 0; g < w->n_groups; g++) {
            if (g < r->n_groups && r->group[g])
                sqlite3_bind_text(st, c++, r->group[g], -1, SQLITE_STATIC);
            else
                sqlite3_bind_null(st, c++);
        }
        sqlite3_bind_int64(st, c, (sqlite3_int64)r->record_no);
        int ok = sqlite3_step(st) == SQLITE_DONE;
        sqlite3_reset(st);
        if (!ok) return sql_fail(w->db, w->path);
        st = w->mention;
        for (uint32_t k = 0; k < r->n_mentions; k++) {
            sqlite3_bind_text(st, 1, r->id, (int)r->id_len, SQLITE_STATIC);
            sqlite3_bind_text(st, 2, ut_themes_name(themes, r->mention_theme[k]), -1, SQLITE_STATIC);
            sqlite3_bind_double(st, 3, round4(r->mention_score[k]));
            sqlite3_bind_int(st, 4, ut_mention_is_negative(r->mention_score[k]));
            sqlite3_bind_int64(st, 5, (sqlite3_int64)r->record_no);
            ok = sqlite3_step(st) == SQLITE_DONE;
            sqlite3_reset(st);
            if (!ok) return sql_fail(w->db, w->path);
        }
    }
    return 0;
}

/* Indexes for the joins and filters BI tools run (docs/outputs.md). */
static int index_reviews(ut_sqlite_writer *w) {
    ut_buf sql = UT_BUF_INIT;
    int rc = exec(w->db, w->path,
                  "CREATE INDEX reviews_id ON reviews (id); CREATE INDEX reviews_date ON reviews (date); "
                  "CREATE INDEX mentions_record ON mentions (record); CREATE INDEX mentions_id ON mentions (id); "
                  "CREATE INDEX mentions_theme ON mentions (theme, negative)");
    for (int g = 0; g < w->n_groups && !rc; g++) {
        ut_buf_clear(&sql);
        ut_buf_printf(&sql, "CREATE INDEX \"reviews_group_%d\" ON reviews (", g + 1);
        quoted(&sql, w->group_column[g]);
        ut_buf_puts(&sql, ")");
        rc = sql.failed ? UT_ENOMEM : exec(w->db, w->path, sql.data);
    }
    ut_buf_free(&sql);
    return rc;
}

int ut_sqlite_writer_finish(ut_sqlite_writer *w, const ut_summary *s, const ut_run_info *info) {
    sqlite3_finalize(w->review);
    sqlite3_finalize(w->mention);
    w->review = w->mention = NULL;
    ut_buf sql = UT_BUF_INIT;
    int rc = index_reviews(w);
    if (!rc) rc = write_summary(w->db, w->path, s, info);
    const ut_table *tables[UT_SUMMARY_MAX_TABLES];
    size_t n = ut_summary_tables(s, tables);
    for (size_t i = 0; i < n && !rc; i++)
        rc = write_table(w->db, w->path, s, tables[i], &sql);
    if (!rc) rc = exec(w->db, w->path, "COMMIT");
    if (sqlite3_close(w->db) != SQLITE_OK && !rc) rc = sql_fail(NULL, w->path);
    w->db = NULL;
    if (!rc && rename(w->tmp, w->path) != 0) rc = ut_error_set(UT_EIO, "%s: cannot replace", w->path);
    if (!rc) { /* renamed: nothing left to remove */
        free(w->tmp);
        w->tmp = NULL;
    }
    ut_buf_free(&sql);
    ut_sqlite_writer_abort(w);
    return rc;
}

int ut_summary_write_sqlite(const ut_summary *s, const char *path, const ut_run_info *info) {
    /* without a run (a merge of states) the per-review tables are empty */
    ut_sqlite_writer *w;
    int rc = ut_sqlite_writer_open(&w, path, s->n_groups, (const char *const *)s->group_names);
    return rc ? rc : ut_sqlite_writer_finish(w, s, info);
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
