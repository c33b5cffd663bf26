/* test_output.c — the summary files: contract headers and key order, RFC
 * 4180 quoting, atomic replacement (no temporary files left), optional
 * files, the SQLite tables equal to the CSVs, and the console summary. */
#include <dirent.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "aggregate_fixture.h"
#include "util/common.h"

#ifdef UT_HAVE_SQLITE
#include <sqlite3.h>
#endif

static char out_dir[512];

static ut_aggregate *fx_corpus(int n_groups, ut_bucket bucket, uint32_t reviews) {
    ut_aggregate_config cfg;
    fx_make_config(&cfg, n_groups, bucket);
    ut_aggregate *a = NULL;
    assert_int_equal(ut_aggregate_new_plain(&a, &cfg), 0);
    assert_int_equal(fx_add_range(a, 0, reviews, NULL, NULL), 0);
    return a;
}

static char *slurp(const char *dir, const char *name) {
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *data = malloc((size_t)n + 1);
    assert_int_equal(fread(data, 1, (size_t)n, f), (size_t)n);
    data[n] = '\0';
    fclose(f);
    return data;
}

static void remove_dir(const char *dir) {
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *e;
    char path[1024];
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        unlink(path);
    }
    closedir(d);
    rmdir(dir);
}

static int setup(void **state) {
    (void)state;
    snprintf(out_dir, sizeof out_dir, "%s/test_output_%d/nested", UT_BINARY_DIR, (int)getpid());
    return 0;
}

static int teardown(void **state) {
    (void)state;
    remove_dir(out_dir);
    char parent[512];
    snprintf(parent, sizeof parent, "%s/test_output_%d", UT_BINARY_DIR, (int)getpid());
    rmdir(parent);
    return 0;
}

static int starts_with(const char *s, const char *prefix) {
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static void files_follow_the_contract(void **state) {
    (void)state;
    ut_aggregate *a = fx_corpus(2, UT_BUCKET_WEEK, 300);
    ut_aggregate_add_bad(a, UT_BAD_EMPTY_TEXT, 2);
    ut_run_info info = {4, 1.5, "builtin,my.tsv"};
    assert_int_equal(ut_aggregate_write_dir(a, out_dir, &info), 0); /* parents created */
    char *json = slurp(out_dir, "summary.json");
    assert_non_null(json);
    const char *keys[] = {"\"records\": 300",
                          "\"bad_records\": {\"empty_text\": 2}",
                          "\"bytes\"",
                          "\"threads\": 4",
                          "\"seconds\": 1.500",
                          "\"model\": \"default\"",
                          "\"lexicons\": [\"builtin\", \"my.tsv\"]",
                          "\"undertone_version\"",
                          "\"mean_compound\"",
                          "\"negative_share\""};
    const char *at = json;
    for (size_t i = 0; i < UT_ARRAY_LEN(keys); i++) {
        const char *k = strstr(at, keys[i]);
        assert_non_null(k); /* present, and after the previous key */
        at = k;
    }
    free(json);
    struct {
        const char *file, *header;
    } csv[] = {
        {"themes.csv", "theme,mentions,reviews,positive,neutral,negative,negative_share,negative_share_low,"
                       "mean_sentiment,mean_rating,complaints,incidence"},
        {"groups.csv", "group,reviews,mean_compound,mean_rating,negative_share,negative_share_low"},
        {"clusters.csv", "rank,group,theme,reviews,complaints,incidence,peer_incidence,lift,excess,excess_low,q_value,"
                         "significant,mean_rating,corpus_mean_rating,complaint_mean_rating,hidden_by_average,"
                         "top_phrases,example_ids,quotes"},
        {"phrases.csv", "theme,phrase,negative_mentions,mentions,score"},
        {"trends.csv", "bucket,group,theme,reviews,complaints,incidence,baseline_incidence,alert"},
    };
    for (size_t i = 0; i < UT_ARRAY_LEN(csv); i++) {
        char *text = slurp(out_dir, csv[i].file);
        assert_non_null(text);
        char header[512];
        snprintf(header, sizeof header, "%s", csv[i].header);
        size_t hl = strlen(header);
        if (header[hl - 1] == '\n') header[--hl] = '\0';
        assert_true(starts_with(text, header));
        assert_true(text[hl] == '\n' || text[hl] == ','); /* more columns may follow */
        free(text);
    }
    /* the themes rows: one per theme, in theme order */
    char *themes = slurp(out_dir, "themes.csv");
    assert_non_null(strstr(themes, "\nother,"));
    assert_non_null(strstr(themes, "\nservice/staff,"));
    free(themes);
    /* nothing temporary left behind */
    DIR *d = opendir(out_dir);
    struct dirent *e;
    int files = 0;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        assert_null(strstr(e->d_name, ".tmp"));
        files++;
    }
    closedir(d);
    assert_int_equal(files, 6);
    /* writing again replaces the files */
    assert_int_equal(ut_aggregate_write_dir(a, out_dir, &info), 0);
    ut_aggregate_free(a);
}

static void optional_files_only_when_asked(void **state) {
    (void)state;
    remove_dir(out_dir);
    ut_aggregate *a = fx_corpus(0, UT_BUCKET_NONE, 50);
    assert_int_equal(ut_aggregate_write_dir(a, out_dir, NULL), 0);
    char *g = slurp(out_dir, "groups.csv"), *t = slurp(out_dir, "trends.csv"), *c = slurp(out_dir, "clusters.csv");
    assert_null(g);
    assert_null(t);
    assert_non_null(c);
    free(c);
    ut_aggregate_free(a);
}

static void csv_fields_are_quoted(void **state) {
    (void)state;
    ut_aggregate_config cfg;
    fx_make_config(&cfg, 1, UT_BUCKET_NONE);
    ut_aggregate *a;
    assert_int_equal(ut_aggregate_new_plain(&a, &cfg), 0);
    ut_tokens tok = {0};
    fx_tokens(&tok, "food cold");
    ut_theme_mention m = {FX_FOOD, 0, 0, 0, 0, -0.5f};
    ut_field_value g = {"Joe's \"Diner\", Main St", 22, 1};
    ut_review_facts f = {
        .id = "id,1", .id_len = 4, .groups = &g, .n_groups = 1, .mentions = &m, .n_mentions = 1, .tokens = &tok};
    f.sentiment.compound = -0.5;
    assert_int_equal(ut_aggregate_add(a, &f), 0);
    fx_tokens_free(&tok);
    assert_int_equal(ut_aggregate_write_dir(a, out_dir, NULL), 0);
    char *groups = slurp(out_dir, "groups.csv");
    assert_non_null(strstr(groups, "\n\"Joe's \"\"Diner\"\", Main St\",1,-0.5000,,1.0000,"));
    free(groups);
    char *clusters = slurp(out_dir, "clusters.csv");
    assert_non_null(strstr(clusters, ",\"id,1\","));
    free(clusters);
    ut_aggregate_free(a);
}

static void unwritable_directory_is_an_error(void **state) {
    (void)state;
    ut_aggregate *a = fx_corpus(0, UT_BUCKET_NONE, 5);
    char path[600];
    snprintf(path, sizeof path, "%s/summary.json/sub", out_dir); /* a file where a directory must be */
    assert_int_equal(ut_aggregate_write_dir(a, path, NULL), UT_EIO);
    assert_non_null(strstr(ut_error_last(), "summary.json"));
    ut_aggregate_free(a);
}

static void console_summary_lists_top_clusters(void **state) {
    (void)state;
    ut_aggregate *a = fx_corpus(2, UT_BUCKET_NONE, 300);
    ut_buf b = UT_BUF_INIT;
    assert_int_equal(ut_aggregate_console_summary(a, &b, 3), 0);
    assert_true(starts_with(b.data, "300 reviews analysed, 0 bad records skipped"));
    assert_non_null(strstr(b.data, "  1. "));
    assert_non_null(strstr(b.data, "  3. "));
    assert_null(strstr(b.data, "  4. "));
    assert_non_null(strstr(b.data, "service/staff"));
    ut_buf_free(&b);
    ut_aggregate_free(a);
}

#ifdef UT_HAVE_SQLITE
/* Splits one CSV record (RFC 4180) starting at *p into fields; returns count. */
static int csv_record(const char **p, char fields[][512], int max) {
    int n = 0;
    const char *s = *p;
    for (;;) {
        char *f = fields[n];
        size_t len = 0;
        if (*s == '"') {
            s++;
            for (;;) {
                if (*s == '"' && s[1] == '"')
                    f[len++] = '"', s += 2;
                else if (*s == '"') {
                    s++;
                    break;
                } else
                    f[len++] = *s++;
            }
        } else {
            while (*s && *s != ',' && *s != '\n')
                f[len++] = *s++;
        }
        f[len] = '\0';
        n++;
        if (*s == ',' && n < max) {
            s++;
            continue;
        }
        if (*s == '\n') s++;
        break;
    }
    *p = s;
    return n;
}

static void sqlite_tables_equal_the_csvs(void **state) {
    (void)state;
    ut_aggregate *a = fx_corpus(2, UT_BUCKET_MONTH, 300);
    remove_dir(out_dir);
    assert_int_equal(ut_aggregate_write_dir(a, out_dir, NULL), 0);
    char db_path[600];
    snprintf(db_path, sizeof db_path, "%s/all.sqlite", out_dir);
    assert_int_equal(ut_aggregate_write_sqlite(a, db_path, NULL), 0);
    assert_int_equal(ut_aggregate_write_sqlite(a, db_path, NULL), 0); /* replaces */
    sqlite3 *db;
    assert_int_equal(sqlite3_open(db_path, &db), SQLITE_OK);
    static char fields[64][512];
    const char *tables[] = {"themes", "groups", "clusters", "phrases", "trends"};
    for (size_t t = 0; t < UT_ARRAY_LEN(tables); t++) {
        char name[64], sql[128];
        snprintf(name, sizeof name, "%s.csv", tables[t]);
        char *csv = slurp(out_dir, name);
        assert_non_null(csv);
        const char *p = csv;
        int n_cols = csv_record(&p, fields, 64);
        snprintf(sql, sizeof sql, "SELECT * FROM \"%s\" ORDER BY rowid", tables[t]);
        sqlite3_stmt *st;
        assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
        assert_int_equal(sqlite3_column_count(st), n_cols);
        for (int c = 0; c < n_cols; c++)
            assert_string_equal(sqlite3_column_name(st, c), fields[c]);
        int rows = 0;
        while (sqlite3_step(st) == SQLITE_ROW) {
            assert_true(*p);
            assert_int_equal(csv_record(&p, fields, 64), n_cols);
            for (int c = 0; c < n_cols; c++) {
                int type = sqlite3_column_type(st, c);
                if (type == SQLITE_NULL) {
                    assert_string_equal(fields[c], "");
                } else if (type == SQLITE_FLOAT) {
                    double v = sqlite3_column_double(st, c), w = strtod(fields[c], NULL);
                    if (!(fabs(v - w) <= 1e-9 + 1e-5 * fabs(w)))
                        fprintf(stderr, "%s column %s: sqlite %.10g, csv %s\n", tables[t], sqlite3_column_name(st, c),
                                v, fields[c]);
                    assert_true(fabs(v - w) <= 1e-9 + 1e-5 * fabs(w));
                } else {
                    assert_string_equal((const char *)sqlite3_column_text(st, c), fields[c]);
                }
            }
            rows++;
        }
        assert_int_equal(*p, '\0'); /* as many rows as the CSV */
        assert_true(rows > 0);
        sqlite3_finalize(st);
        free(csv);
    }
    /* the summary table and an index on theme */
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT value FROM summary WHERE key = 'records'", -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "300");
    sqlite3_finalize(st);
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND "
                                        "name = 'clusters_theme'",
                                        -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), 1);
    sqlite3_finalize(st);
    sqlite3_close(db);
    unlink(db_path);
    ut_aggregate_free(a);
}
#endif

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(files_follow_the_contract),
        cmocka_unit_test(optional_files_only_when_asked),
        cmocka_unit_test(csv_fields_are_quoted),
        cmocka_unit_test(unwritable_directory_is_an_error),
        cmocka_unit_test(console_summary_lists_top_clusters),
#ifdef UT_HAVE_SQLITE
        cmocka_unit_test(sqlite_tables_equal_the_csvs),
#endif
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
