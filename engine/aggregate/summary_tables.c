/* summary_tables.c — the summary's tables as typed columns. The column
 * lists are the contract's (docs/outputs.md); the first columns of
 * each are fixed, later ones may be added. CSV and SQLite both read these
 * definitions, so the two outputs hold the same tables. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "util/common.h"
#include "aggregate/summary.h"

static ut_value v_int(uint64_t i) {
    return (ut_value){UT_VALUE_INT, (int64_t)i, 0, NULL};
}
static ut_value v_real(double r) {
    return (ut_value){UT_VALUE_REAL, 0, r, NULL};
}
static ut_value v_prob(double r) {
    return (ut_value){UT_VALUE_PROB, 0, r, NULL};
}
static ut_value v_text(const char *s) {
    return (ut_value){UT_VALUE_TEXT, 0, 0, s};
}
static ut_value v_opt_real(int has, double r) {
    return has ? v_real(r) : (ut_value){UT_VALUE_NULL, 0, 0, NULL};
}
static ut_value v_opt_int(int has, uint64_t i) {
    return has ? v_int(i) : (ut_value){UT_VALUE_NULL, 0, 0, NULL};
}

void ut_value_csv(const ut_value *v, ut_buf *out) {
    switch (v->kind) {
    case UT_VALUE_INT:
        ut_buf_put_i64(out, v->i);
        break;
    case UT_VALUE_REAL:
        ut_buf_put_fixed(out, v->r, 4);
        break;
    case UT_VALUE_PROB: {
        double r = isfinite(v->r) ? v->r : 0;
        /* "%.6g" of exactly 1 or 0 without printf: every q-value of a
         * corpus without alerts is 1, and printf was half the time of
         * formatting trends.csv, the longest file of a run's end */
        if (r == 1.0) {
            ut_buf_putc(out, '1');
        } else if (r == 0.0 && !signbit(r)) {
            ut_buf_putc(out, '0');
        } else {
            char tmp[32];
            int n = snprintf(tmp, sizeof tmp, "%.6g", r);
            ut_buf_append(out, tmp, (size_t)n);
        }
        break;
    }
    case UT_VALUE_TEXT:
        ut_buf_put_csv_field(out, v->s, strlen(v->s));
        break;
    default:
        break;
    }
}

/* themes.csv */
static const char *const theme_columns[] = {"theme",
                                            "mentions",
                                            "reviews",
                                            "positive",
                                            "neutral",
                                            "negative",
                                            "negative_share",
                                            "negative_share_low",
                                            "mean_sentiment",
                                            "mean_rating",
                                            "complaints",
                                            "incidence",
                                            "parent",
                                            "negative_review_share",
                                            "complaint_mean_rating"};
static const char *const theme_indexed[] = {"theme", NULL};
static size_t theme_count(const ut_summary *s) {
    return s->n_themes;
}
static void theme_row(const ut_summary *s, size_t i, ut_value *v) {
    const ut_theme_row *r = &s->themes[i];
    v[0] = v_text(r->theme);
    v[1] = v_int(r->mentions);
    v[2] = v_int(r->reviews);
    v[3] = v_int(r->positive);
    v[4] = v_int(r->neutral);
    v[5] = v_int(r->negative);
    v[6] = v_real(r->negative_share);
    v[7] = v_real(r->negative_share_low);
    v[8] = v_real(r->mean_sentiment);
    v[9] = v_opt_real(r->has_rating, r->mean_rating);
    v[10] = v_int(r->complaints);
    v[11] = v_real(r->incidence);
    v[12] = v_text(r->parent >= 0 ? s->theme_names[r->parent] : "");
    v[13] = v_real(r->negative_review_share);
    v[14] = v_opt_real(r->has_complaint_rating, r->complaint_mean_rating);
}

/* groups.csv */
static const char *const group_columns[] = {"group",       "reviews",         "mean_compound",
                                            "mean_rating", "negative_share",  "negative_share_low",
                                            "field",       "negative_reviews"};
static const char *const group_indexed[] = {"group", NULL};
static size_t group_count(const ut_summary *s) {
    return s->n_groups_rows;
}
static void group_row(const ut_summary *s, size_t i, ut_value *v) {
    const ut_group_row *r = &s->groups[i];
    v[0] = v_text(r->group);
    v[1] = v_int(r->reviews);
    v[2] = v_real(r->mean_compound);
    v[3] = v_opt_real(r->has_rating, r->mean_rating);
    v[4] = v_real(r->negative_share);
    v[5] = v_real(r->negative_share_low);
    v[6] = v_text(r->field);
    v[7] = v_int(r->negative_reviews);
}

/* clusters.csv */
static const char *const cluster_columns[] = {"rank",
                                              "group",
                                              "theme",
                                              "reviews",
                                              "complaints",
                                              "incidence",
                                              "peer_incidence",
                                              "lift",
                                              "excess",
                                              "excess_low",
                                              "q_value",
                                              "significant",
                                              "mean_rating",
                                              "corpus_mean_rating",
                                              "complaint_mean_rating",
                                              "hidden_by_average",
                                              "top_phrases",
                                              "example_ids",
                                              "quotes",
                                              "group_field",
                                              "peer_reviews",
                                              "peer_complaints",
                                              "p_value",
                                              "shrunk_incidence",
                                              "prior_strength",
                                              "group_lift",
                                              "specific_excess_low",
                                              "group_wide",
                                              "covered_by",
                                              "mean_compound",
                                              "corpus_mean_compound",
                                              "mentions",
                                              "negative_mentions",
                                              "rated_expected",
                                              "rated_lift",
                                              "satisfied_reviews",
                                              "satisfied_complaints",
                                              "satisfied_expected"};
static const char *const cluster_indexed[] = {"group", "theme", NULL};
static size_t cluster_count(const ut_summary *s) {
    return s->n_clusters;
}
static void cluster_row(const ut_summary *s, size_t i, ut_value *v) {
    const ut_cluster_row *r = &s->clusters[i];
    v[0] = v_int(r->rank);
    v[1] = v_text(r->group);
    v[2] = v_text(r->theme);
    v[3] = v_int(r->reviews);
    v[4] = v_int(r->complaints);
    v[5] = v_real(r->incidence);
    v[6] = v_real(r->peer_incidence);
    v[7] = v_opt_real(r->has_lift, r->lift);
    v[8] = v_real(r->excess);
    v[9] = v_real(r->excess_low);
    v[10] = v_prob(r->q_value);
    v[11] = v_int((uint64_t)r->significant);
    v[12] = v_opt_real(r->has_rating, r->mean_rating);
    v[13] = v_opt_real(r->has_rating, r->corpus_mean_rating);
    v[14] = v_opt_real(r->has_complaint_rating, r->complaint_mean_rating);
    v[15] = v_int((uint64_t)r->hidden_by_average);
    v[16] = v_text(r->top_phrases);
    v[17] = v_text(r->example_ids);
    v[18] = v_text(r->quotes);
    v[19] = v_text(r->group_field);
    v[20] = v_int(r->peer_reviews);
    v[21] = v_int(r->peer_complaints);
    v[22] = v_prob(r->p_value);
    v[23] = v_real(r->shrunk_incidence);
    v[24] = v_real(r->prior_strength);
    v[25] = v_real(r->group_lift);
    v[26] = v_real(r->specific_excess_low);
    v[27] = v_int((uint64_t)r->group_wide);
    v[28] = v_text(r->covered_by);
    v[29] = v_real(r->mean_compound);
    v[30] = v_real(r->corpus_mean_compound);
    v[31] = v_int(r->mentions);
    v[32] = v_int(r->negative);
    v[33] = v_opt_real(r->has_rated, r->rated_expected);
    v[34] = v_opt_real(r->has_rated, r->rated_lift);
    v[35] = v_opt_int(r->has_satisfied, r->satisfied_reviews);
    v[36] = v_opt_int(r->has_satisfied, r->satisfied_complaints);
    v[37] = v_opt_real(r->has_satisfied, r->satisfied_expected);
}

/* phrases.csv */
static const char *const phrase_columns[] = {"theme", "phrase", "negative_mentions", "mentions", "score"};
static const char *const phrase_indexed[] = {"theme", NULL};
static size_t phrase_count(const ut_summary *s) {
    return s->n_phrases;
}
static void phrase_row(const ut_summary *s, size_t i, ut_value *v) {
    const ut_phrase_row *r = &s->phrases[i];
    v[0] = v_text(r->theme);
    v[1] = v_text(r->phrase);
    v[2] = v_int(r->negative_mentions);
    v[3] = v_int(r->mentions);
    v[4] = v_real(r->score);
}

/* trends.csv */
static const char *const trend_columns[] = {"bucket",
                                            "group",
                                            "theme",
                                            "reviews",
                                            "complaints",
                                            "incidence",
                                            "baseline_incidence",
                                            "alert",
                                            "group_field",
                                            "baseline_reviews",
                                            "baseline_complaints",
                                            "lift",
                                            "peer_incidence",
                                            "peer_lift",
                                            "excess_low",
                                            "p_value",
                                            "q_value"};
static const char *const trend_indexed[] = {"theme", "bucket", "group", NULL};
static size_t trend_count(const ut_summary *s) {
    return s->n_trends;
}
static void trend_row(const ut_summary *s, size_t i, ut_value *v) {
    const ut_trend_row *r = &s->trends[i];
    v[0] = v_text(r->bucket);
    v[1] = v_text(r->group);
    v[2] = v_text(r->theme);
    v[3] = v_int(r->reviews);
    v[4] = v_int(r->complaints);
    v[5] = v_real(r->incidence);
    v[6] = v_opt_real(r->has_baseline, r->baseline_incidence);
    v[7] = v_int((uint64_t)r->alert);
    v[8] = v_text(r->group_field);
    v[9] = v_int(r->baseline_reviews);
    v[10] = v_int(r->baseline_complaints);
    v[11] = v_opt_real(r->has_baseline && r->baseline_incidence > 0, r->lift);
    v[12] = v_opt_real(r->has_peers, r->peer_incidence);
    v[13] = v_opt_real(r->has_peers && r->peer_incidence > 0, r->peer_lift);
    v[14] = v_real(r->excess_low);
    v[15] = v_prob(r->p_value);
    v[16] = v_prob(r->q_value);
}

#define TABLE(name, prefix)                                                                                            \
    { name, prefix##_columns, UT_ARRAY_LEN(prefix##_columns), prefix##_indexed, prefix##_count, prefix##_row }

static const ut_table theme_table = TABLE("themes", theme);
static const ut_table group_table = TABLE("groups", group);
static const ut_table cluster_table = TABLE("clusters", cluster);
static const ut_table phrase_table = TABLE("phrases", phrase);
static const ut_table trend_table = TABLE("trends", trend);

size_t ut_summary_tables(const ut_summary *s, const ut_table **out) {
    size_t n = 0;
    out[n++] = &theme_table;
    if (s->n_groups > 0) out[n++] = &group_table;
    out[n++] = &cluster_table;
    out[n++] = &phrase_table;
    if (s->bucket != UT_BUCKET_NONE) out[n++] = &trend_table;
    return n;
}

void ut_summary_table_csv(const ut_summary *s, const ut_table *t, ut_buf *out) {
    ut_value v[48];
    for (size_t c = 0; c < t->n_columns; c++) {
        if (c) ut_buf_putc(out, ',');
        ut_buf_puts(out, t->columns[c]);
    }
    ut_buf_putc(out, '\n');
    size_t rows = t->count(s);
    for (size_t i = 0; i < rows; i++) {
        t->row(s, i, v);
        for (size_t c = 0; c < t->n_columns; c++) {
            if (c) ut_buf_putc(out, ',');
            ut_value_csv(&v[c], out);
        }
        ut_buf_putc(out, '\n');
    }
}
