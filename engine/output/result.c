/* result.c — the ut_result handle and its writers (thin wrappers over the
 * aggregate's), so the CLI sees only include/undertone.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/common.h"
#include "util/atomic_file.h"
#include "output/output_report.h"
#include "output/output_sqlite.h"
#include "output/result.h"
#include "aggregate/summary.h"

struct ut_result {
    ut_aggregate *agg;
    char *lexicon_names;
    uint64_t bytes;
    uint64_t bad_records;
    int threads;
    double seconds;
    char first_bad[768];
    ut_summary *summary; /* built once, on first use, from the final aggregate */
    size_t n_stages;     /* 0: the run did not time its stages */
    const char *stage_names[16];
    double stage_seconds[16];
    char *suggested_themes; /* --suggest-themes: the file's text, or NULL when not collected */
    size_t suggested_len;
};

/* Every writer formats the same finished tables, so they are built once.
 * A result is not shared between threads, so the lazy build needs no lock. */
static int summary_of(const ut_result *res, ut_summary **out) {
    ut_result *mut = (ut_result *)res;
    if (!mut->summary) {
        int err = ut_summary_build_threads(&mut->summary, res->agg, res->threads);
        if (err) return err;
    }
    *out = mut->summary;
    return 0;
}

int ut_result_wrap(ut_result **out, ut_aggregate *agg, const char *lexicon_names) {
    *out = NULL;
    ut_result *res = ut_calloc(1, sizeof *res);
    if (!res) return UT_ENOMEM;
    res->lexicon_names = ut_strndup(lexicon_names ? lexicon_names : "", lexicon_names ? strlen(lexicon_names) : 0);
    if (!res->lexicon_names) {
        free(res);
        return UT_ENOMEM;
    }
    res->agg = agg;
    *out = res;
    return 0;
}

int ut_result_new(ut_result **out, const ut_aggregate_config *cfg, const char *lexicon_names) {
    ut_aggregate *agg;
    int err = ut_aggregate_new(&agg, cfg);
    if (err) return err;
    if ((err = ut_result_wrap(out, agg, lexicon_names))) ut_aggregate_free(agg);
    return err;
}

void ut_result_free(ut_result *res) {
    if (!res) return;
    ut_summary_free(res->summary);
    ut_aggregate_free(res->agg);
    free(res->lexicon_names);
    free(res->suggested_themes);
    free(res);
}

ut_aggregate *ut_result_aggregate(ut_result *res) {
    return res->agg;
}

void ut_result_add_bytes(ut_result *res, uint64_t bytes) {
    res->bytes += bytes;
    ut_aggregate_add_bytes(res->agg, bytes);
}

void ut_result_note_bad(ut_result *res, const char *path, uint64_t record_no, uint64_t offset, const char *reason,
                        uint64_t count) {
    if (!res->first_bad[0])
        snprintf(res->first_bad, sizeof res->first_bad, "%s: record %llu (byte offset %llu): %s", path,
                 (unsigned long long)record_no, (unsigned long long)offset, reason);
    res->bad_records += count;
}

void ut_result_finish(ut_result *res, int threads, double seconds) {
    res->threads = threads;
    res->seconds = seconds;
}

void ut_result_set_stages(ut_result *res, const char *const *names, const double *secs, size_t n) {
    if (n > UT_ARRAY_LEN(res->stage_names)) n = UT_ARRAY_LEN(res->stage_names);
    for (size_t i = 0; i < n; i++) {
        res->stage_names[i] = names[i];
        res->stage_seconds[i] = secs[i];
    }
    res->n_stages = n;
}

void ut_result_set_suggested_themes(ut_result *res, char *text, size_t len) {
    free(res->suggested_themes);
    res->suggested_themes = text;
    res->suggested_len = len;
}

int ut_result_write_suggested_themes(const ut_result *res, const char *path) {
    if (!res->suggested_themes)
        return ut_error_set(UT_EINVAL, "no theme suggestions: the run was made without ut_run_options.suggest_themes");
    return ut_output_write_file(path, res->suggested_themes, res->suggested_len);
}

int ut_result_stage_seconds(const ut_result *res, const char **names, double *secs, size_t max) {
    size_t n = UT_MIN(res->n_stages, max);
    for (size_t i = 0; i < n; i++) {
        if (names) names[i] = res->stage_names[i];
        if (secs) secs[i] = res->stage_seconds[i];
    }
    return (int)res->n_stages;
}

uint64_t ut_result_records(const ut_result *res) {
    return ut_aggregate_records(res->agg);
}
uint64_t ut_result_bad_records(const ut_result *res) {
    return res->bad_records;
}
uint64_t ut_result_bytes(const ut_result *res) {
    return res->bytes;
}
double ut_result_seconds(const ut_result *res) {
    return res->seconds;
}
int ut_result_threads(const ut_result *res) {
    return res->threads;
}
const char *ut_result_first_bad(const ut_result *res) {
    return res->first_bad;
}

static ut_run_info run_info(const ut_result *res) {
    /* A merged result has no analyzer's names: the aggregate's (from the
     * states) are the same ones a single run would write. */
    ut_run_info info = {res->threads, res->seconds, res->lexicon_names[0] ? res->lexicon_names : NULL};
    return info;
}

int ut_result_write_dir(const ut_result *res, const char *dir) {
    ut_run_info info = run_info(res);
    ut_summary *s;
    int err = summary_of(res, &s);
    if (!err) err = ut_summary_write_dir(s, dir, &info);
    if (!err) err = ut_report_write(s, &info, dir);
    return err;
}

int ut_result_write_sqlite(const ut_result *res, const char *path) {
    ut_run_info info = run_info(res);
    ut_summary *s;
    int err = summary_of(res, &s);
    return err ? err : ut_summary_write_sqlite(s, path, &info);
}

int ut_result_finish_sqlite(const ut_result *res, ut_sqlite_writer *w) {
    ut_run_info info = run_info(res);
    ut_summary *s;
    int err = summary_of(res, &s);
    if (err) {
        ut_sqlite_writer_abort(w);
        return err;
    }
    return ut_sqlite_writer_finish(w, s, &info);
}

int ut_result_save_state(const ut_result *res, const char *path) {
    return ut_aggregate_save(res->agg, path);
}

int ut_result_summary_text(char **out, const ut_result *res, int top_n) {
    *out = NULL;
    ut_buf b = UT_BUF_INIT;
    ut_summary *s;
    int err = summary_of(res, &s);
    if (!err) ut_summary_console(s, &b, top_n);
    if (!err && b.failed) err = UT_ENOMEM;
    if (err) {
        ut_buf_free(&b);
        return err;
    }
    *out = b.data ? b.data : ut_strndup("", 0);
    return *out ? 0 : UT_ENOMEM;
}

int ut_result_save_state_buffer(const ut_result *res, unsigned char **out, size_t *len) {
    if (!out || !len) return ut_error_set(UT_EINVAL, "ut_result_save_state_buffer: no output");
    *out = NULL;
    *len = 0;
    if (!res) return ut_error_set(UT_EINVAL, "ut_result_save_state_buffer: no result");
    ut_buf b;
    int err = ut_aggregate_save_buffer(res->agg, &b, "state buffer");
    if (err) return err;
    if (!b.data) { /* never: a state has a header; but the caller may always free */
        ut_buf_free(&b);
        return ut_error_set(UT_ENOMEM, "state buffer: out of memory");
    }
    *out = (unsigned char *)b.data;
    *len = b.len;
    return 0;
}

/* A result of a loaded state: the aggregate's own lexicon names stand in
 * for an analyzer's (lexicon_names ""), as a single run would write them;
 * its input bytes and bad records are the aggregate's. */
static int wrap_loaded(ut_result **out, ut_aggregate *agg) {
    int err = ut_result_wrap(out, agg, "");
    if (err) {
        ut_aggregate_free(agg);
        return err;
    }
    (*out)->bytes = ut_aggregate_bytes(agg);
    (*out)->bad_records = ut_aggregate_bad_records(agg);
    return 0;
}

int ut_result_load_state_buffer(ut_result **out, const void *buf, size_t len) {
    if (!out) return ut_error_set(UT_EINVAL, "ut_result_load_state_buffer: no output");
    *out = NULL;
    if (!buf && len) return ut_error_set(UT_EINVAL, "ut_result_load_state_buffer: no buffer");
    ut_aggregate *agg = NULL;
    int err = ut_aggregate_load_buffer(&agg, buf ? buf : "", len, "state buffer");
    return err ? err : wrap_loaded(out, agg);
}

int ut_result_load_state(ut_result **out, const char *path) {
    if (!out) return ut_error_set(UT_EINVAL, "ut_result_load_state: no output");
    *out = NULL;
    if (!path) return ut_error_set(UT_EINVAL, "ut_result_load_state: no path");
    ut_aggregate *agg = NULL;
    int err = ut_aggregate_load(&agg, path);
    return err ? err : wrap_loaded(out, agg);
}

int ut_result_merge(ut_result *into, const ut_result *from) {
    if (!into || !from) return ut_error_set(UT_EINVAL, "ut_result_merge: no result");
    if (into == from) return ut_error_set(UT_EINVAL, "ut_result_merge: cannot merge a result into itself");
    int err = ut_aggregate_merge(into->agg, from->agg);
    /* the summary tables were built from the aggregate before the merge */
    ut_summary_free(into->summary);
    into->summary = NULL;
    if (err) return err;
    into->bytes += from->bytes;
    into->bad_records += from->bad_records;
    if (!into->first_bad[0]) memcpy(into->first_bad, from->first_bad, sizeof into->first_bad);
    /* candidate themes are text: they do not add up */
    ut_result_set_suggested_themes(into, NULL, 0);
    return 0;
}

int ut_merge_states(ut_result **out, const char *const *paths, size_t n_paths) {
    *out = NULL;
    if (n_paths == 0) return ut_error_set(UT_EINVAL, "merge needs at least one state file");
    ut_result *acc = NULL;
    int err = ut_result_load_state(&acc, paths[0]);
    if (err) return err;
    for (size_t i = 1; i < n_paths && !err; i++) {
        ut_result *next = NULL;
        if ((err = ut_result_load_state(&next, paths[i]))) break;
        err = ut_result_merge(acc, next);
        if (err) {
            char msg[1024];
            snprintf(msg, sizeof msg, "%s and %s: %s", paths[0], paths[i], ut_error_last());
            ut_error_set(err, "%s", msg);
        }
        ut_result_free(next);
    }
    if (err) {
        ut_result_free(acc);
        return err;
    }
    *out = acc;
    return 0;
}
