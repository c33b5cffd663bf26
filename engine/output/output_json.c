/* output_json.c — summary.json: the contract's keys first, in its order,
 * then extras. Numbers are written with fixed decimals through ut_buf so
 * the file does not depend on the locale. */
#include <string.h>

#include "util/common.h"
#include "aggregate/summary.h"

static void key(ut_buf *b, const char *k, int *first) {
    ut_buf_puts(b, *first ? "\n  " : ",\n  ");
    *first = 0;
    ut_buf_put_json_string(b, k, strlen(k));
    ut_buf_puts(b, ": ");
}

/* The lexicon names as a JSON array (the run info's comma-separated list). */
static void name_list(ut_buf *b, const char *names) {
    ut_buf_putc(b, '[');
    int n = 0;
    const char *p = names;
    while (p && *p) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len) {
            if (n++) ut_buf_puts(b, ", ");
            ut_buf_put_json_string(b, p, len);
        }
        p = end ? end + 1 : NULL;
    }
    ut_buf_putc(b, ']');
}

void ut_summary_json(const ut_summary *s, const ut_run_info *info, ut_buf *b) {
    int first = 1;
    ut_buf_putc(b, '{');
    key(b, "records", &first);
    ut_buf_put_i64(b, (int64_t)s->records);
    key(b, "bad_records", &first);
    ut_buf_putc(b, '{');
    int n = 0;
    for (int r = 1; r < UT_BAD_REASON_COUNT; r++) {
        if (!s->bad[r]) continue;
        if (n++) ut_buf_puts(b, ", ");
        const char *name = ut_bad_reason_name((ut_bad_reason)r);
        ut_buf_put_json_string(b, name, strlen(name));
        ut_buf_puts(b, ": ");
        ut_buf_put_i64(b, (int64_t)s->bad[r]);
    }
    ut_buf_putc(b, '}');
    key(b, "bytes", &first);
    ut_buf_put_i64(b, (int64_t)s->bytes);
    key(b, "threads", &first);
    ut_buf_put_i64(b, info ? info->threads : 0);
    key(b, "seconds", &first);
    ut_buf_put_fixed(b, info ? info->seconds : 0, 3);
    key(b, "model", &first);
    ut_buf_put_json_string(b, s->model, strlen(s->model));
    key(b, "lexicons", &first);
    /* a merge knows no run's lexicon list: the states' own names stand in */
    name_list(b, info && info->lexicons && *info->lexicons ? info->lexicons : s->lexicons);
    key(b, "undertone_version", &first);
    ut_buf_put_json_string(b, UT_VERSION_STRING, strlen(UT_VERSION_STRING));
    key(b, "mean_compound", &first);
    ut_buf_put_fixed(b, s->mean_compound, 4);
    key(b, "negative_share", &first);
    ut_buf_put_fixed(b, s->negative_share, 4);
    /* extras */
    key(b, "bad_records_total", &first);
    ut_buf_put_i64(b, (int64_t)s->bad_total);
    /* reviews kept although their rating or date could not be read */
    key(b, "unreadable_values", &first);
    ut_buf_putc(b, '{');
    int nu = 0;
    for (int r = 1; r < UT_BAD_REASON_COUNT; r++) {
        if (!s->unreadable[r]) continue;
        if (nu++) ut_buf_puts(b, ", ");
        const char *name = ut_bad_reason_name((ut_bad_reason)r);
        ut_buf_put_json_string(b, name, strlen(name));
        ut_buf_puts(b, ": ");
        ut_buf_put_i64(b, (int64_t)s->unreadable[r]);
    }
    ut_buf_putc(b, '}');
    key(b, "rated_records", &first);
    ut_buf_put_i64(b, (int64_t)s->rated_records);
    key(b, "mean_rating", &first);
    if (s->rated_records)
        ut_buf_put_fixed(b, s->mean_rating, 4);
    else
        ut_buf_puts(b, "null");
    key(b, "theme_mentions", &first);
    ut_buf_put_i64(b, (int64_t)s->theme_mentions);
    key(b, "theme_negative_share", &first);
    ut_buf_put_fixed(b, s->theme_baseline, 4);
    key(b, "themes", &first);
    ut_buf_put_i64(b, (int64_t)s->n_themes);
    key(b, "group_fields", &first);
    ut_buf_putc(b, '[');
    for (int g = 0; g < s->n_groups; g++) {
        if (g) ut_buf_puts(b, ", ");
        ut_buf_put_json_string(b, s->group_names[g], strlen(s->group_names[g]));
    }
    ut_buf_putc(b, ']');
    key(b, "bucket", &first);
    static const char *const buckets[] = {"null", "\"day\"", "\"week\"", "\"month\""};
    ut_buf_puts(b, buckets[(unsigned)s->bucket < 4 ? s->bucket : 0]);
    key(b, "clusters", &first);
    ut_buf_put_i64(b, (int64_t)s->n_clusters);
    key(b, "significant_clusters", &first);
    ut_buf_put_i64(b, (int64_t)s->n_significant);
    key(b, "trend_alerts", &first);
    ut_buf_put_i64(b, (int64_t)s->n_alerts);
    key(b, "phrases_approximate", &first);
    ut_buf_puts(b, s->phrases_approximate ? "true" : "false");
    key(b, "agreement", &first);
    ut_agreement_json(&s->agreement, b);
    key(b, "lexicon_fingerprint", &first);
    ut_buf_printf(b, "\"%016llx\"", (unsigned long long)s->lexicon_fingerprint);
    key(b, "themes_fingerprint", &first);
    ut_buf_printf(b, "\"%016llx\"", (unsigned long long)s->themes_fingerprint);
    ut_buf_puts(b, "\n}\n");
}
