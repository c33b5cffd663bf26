/* summary.c — turns an aggregate's exact counts into the rows every writer
 * formats: totals, themes, groups, distinctive phrases and trends (the
 * cluster ranking is in cluster.c). Rows are sorted by keys that never tie,
 * so the same counts always give the same rows. */
#include <stdlib.h>
#include <string.h>

#include "aggregate/aggregate_internal.h"
#include "util/common.h"
#include "aggregate/stats.h"
#include "aggregate/summary.h"

static void *alloc_rows(ut_summary *s, size_t n, size_t size) {
    return ut_arena_alloc(&s->memory, (n ? n : 1) * size);
}

static const char *keep_string(ut_summary *s, const char *str, size_t len) {
    return ut_arena_strndup(&s->memory, str, len);
}

static double share(uint64_t k, uint64_t n) {
    return n ? (double)k / (double)n : 0;
}

static const char *field_name(ut_summary *s, const ut_aggregate *a, uint32_t field);

static int fill_totals(ut_summary *s, const ut_aggregate *a) {
    s->records = a->records;
    s->bytes = a->bytes;
    for (int i = 0; i < UT_BAD_REASON_COUNT; i++) {
        s->bad[i] = a->bad[i];
        s->unreadable[i] = a->unreadable[i];
        s->bad_total += a->bad[i];
    }
    s->mean_compound = a->records ? (double)a->compound_sum / UT_SCORE_SCALE / (double)a->records : 0;
    s->negative_share = share(a->negative_reviews, a->records);
    s->rated_records = a->rating_count;
    s->mean_rating = a->rating_count ? (double)a->rating_sum / UT_RATING_SCALE / (double)a->rating_count : 0;
    s->model = ut_model_name(a->model);
    s->lexicons = a->lexicons ? keep_string(s, a->lexicons, strlen(a->lexicons)) : "";
    s->lexicon_fingerprint = a->lexicon_fingerprint;
    s->themes_fingerprint = a->themes_fingerprint;
    s->n_groups = a->n_groups;
    for (int g = 0; g < a->n_groups; g++) {
        s->group_names[g] = keep_string(s, a->group_names[g], strlen(a->group_names[g]));
        if (!s->group_names[g]) return UT_ENOMEM;
    }
    for (int g = 0; g <= a->n_groups; g++)
        if (!(s->group_fields[g] = field_name(s, a, (uint32_t)g))) return UT_ENOMEM;
    s->theme_names = ut_arena_alloc(&s->memory, ((size_t)a->n_themes + 1) * sizeof *s->theme_names);
    if (!s->lexicons || !s->theme_names) return UT_ENOMEM;
    for (uint32_t t = 0; t < a->n_themes; t++)
        if (!(s->theme_names[t] = keep_string(s, a->theme_names[t], strlen(a->theme_names[t])))) return UT_ENOMEM;
    s->bucket = a->bucket;
    s->theme_mentions = a->themed_mentions;
    s->theme_negative = a->themed_negative;
    s->theme_baseline = share(a->themed_negative, a->themed_mentions);
    return 0;
}

static int fill_themes(ut_summary *s, const ut_aggregate *a) {
    s->themes = alloc_rows(s, a->n_themes, sizeof *s->themes);
    if (!s->themes) return UT_ENOMEM;
    s->n_themes = a->n_themes;
    for (uint32_t t = 0; t < a->n_themes; t++) {
        const ut_cell *c = &a->themes[t];
        ut_theme_row *r = &s->themes[t];
        memset(r, 0, sizeof *r);
        r->theme = s->theme_names[t];
        r->id = t;
        r->parent = a->theme_parents[t];
        r->mentions = c->mentions;
        r->reviews = c->reviews;
        r->positive = c->positive;
        r->neutral = c->neutral;
        r->negative = c->negative;
        r->negative_share = share(c->negative, c->mentions);
        r->negative_share_low = ut_wilson_lower(c->negative, c->mentions, UT_Z95);
        r->mean_sentiment = c->mentions ? (double)c->score_sum / UT_SCORE_SCALE / (double)c->mentions : 0;
        r->has_rating = c->rating_count > 0;
        r->mean_rating = r->has_rating ? (double)c->rating_sum / UT_RATING_SCALE / (double)c->rating_count : 0;
        memcpy(r->hist, c->hist, sizeof r->hist);
        r->complaints = c->complaints;
        r->incidence = share(c->complaints, a->records);
        r->negative_review_share = share(c->complaints_negative_review, a->negative_reviews);
        r->has_complaint_rating = c->complaint_rating_count > 0;
        r->complaint_mean_rating = r->has_complaint_rating ? (double)c->complaint_rating_sum / UT_RATING_SCALE /
                                                                 (double)c->complaint_rating_count
                                                           : 0;
    }
    return 0;
}

/* The name of a group field index: the field, or all joined by '|'. */
static const char *field_name(ut_summary *s, const ut_aggregate *a, uint32_t field) {
    if ((int)field < a->n_groups) return s->group_names[field];
    ut_buf b = UT_BUF_INIT;
    for (int g = 0; g < a->n_groups; g++) {
        if (g) ut_buf_putc(&b, '|');
        ut_buf_puts(&b, a->group_names[g]);
    }
    const char *name = b.failed ? NULL : keep_string(s, b.data ? b.data : "", b.len);
    ut_buf_free(&b);
    return name;
}

static int fill_groups(ut_summary *s, const ut_aggregate *a) {
    size_t n = a->n_group_rows;
    s->groups = alloc_rows(s, n, sizeof *s->groups);
    const ut_group **order = ut_malloc((n ? n : 1) * sizeof *order);
    if (!s->groups || !order) {
        free(order);
        return UT_ENOMEM;
    }
    ut_aggregate_groups_in_order(a, order);
    for (size_t i = 0; i < n; i++) {
        const ut_group *g = order[i];
        ut_group_row *r = &s->groups[i];
        r->group = keep_string(s, g->key, g->key_len);
        if (!r->group) {
            free(order);
            return UT_ENOMEM;
        }
        r->field = s->group_fields[g->field];
        r->reviews = g->reviews;
        r->negative_reviews = g->negative_reviews;
        r->mean_compound = g->reviews ? (double)g->compound_sum / UT_SCORE_SCALE / (double)g->reviews : 0;
        r->has_rating = g->rating_count > 0;
        r->mean_rating = r->has_rating ? (double)g->rating_sum / UT_RATING_SCALE / (double)g->rating_count : 0;
        r->negative_share = share(g->negative_reviews, g->reviews);
        r->negative_share_low = ut_wilson_lower(g->negative_reviews, g->reviews, UT_Z95);
    }
    s->n_groups_rows = n;
    free(order);
    return 0;
}

int ut_theme_backgrounds(const ut_aggregate *a, ut_phrase_sum *out, uint32_t **storage) {
    uint32_t n = a->n_themes;
    size_t total = (size_t)a->ancestor_start[n] + n;
    uint32_t *themes = ut_malloc((total + 1) * sizeof *themes);
    *storage = themes;
    if (!themes) return UT_ENOMEM;
    size_t at = 0;
    for (uint32_t t = 0; t < n; t++) {
        out[t] = (ut_phrase_sum){.sketch = &a->theme_all, .themes = themes + at};
        for (uint32_t d = 0; d < n; d++) {
            /* "other" has only negative mentions, so it is contrasted
             * with every theme's mentions;
             * its own negative ones are its negative table's (aggregate.c
             * adds only the others to the sketch) */
            int in_subtree = t == UT_THEME_OTHER;
            for (uint32_t k = a->ancestor_start[d]; k < a->ancestor_start[d + 1]; k++)
                if (a->ancestors[k] == t) in_subtree = 1;
            if (!in_subtree) continue;
            out[t].total += a->theme_all_total[d];
            if (d == UT_THEME_OTHER) out[t].plus = &a->theme_negative[UT_THEME_OTHER];
            themes[at++] = d;
            out[t].n_themes++;
        }
    }
    return 0;
}

/* Each theme's best phrases, ranked theme by theme (ranking reads the
 * background sketch: a cache miss a phrase) and kept until every theme's
 * count is known. */
typedef struct ranked_themes {
    ut_ranked_phrase *best; /* UT_THEME_PHRASES per theme */
    size_t *n;              /* per theme */
    /* per theme, the background count of each slot of its negative table
     * (ut_phrase_backgrounds), looked up once here and read again by every
     * cell of the theme when the clusters' phrases are ranked */
    uint64_t **background;
    uint32_t n_themes;
    int failed;
} ranked_themes;

static int ranked_themes_init(ranked_themes *r, const ut_aggregate *a) {
    r->n_themes = a->n_themes;
    r->best = ut_malloc(((size_t)a->n_themes * UT_THEME_PHRASES + 1) * sizeof *r->best);
    r->n = ut_calloc((size_t)a->n_themes + 1, sizeof *r->n);
    r->background = ut_calloc((size_t)a->n_themes + 1, sizeof *r->background);
    return r->best && r->n && r->background ? 0 : UT_ENOMEM;
}

static void ranked_themes_free(ranked_themes *r) {
    for (uint32_t t = 0; r->background && t < r->n_themes; t++)
        free(r->background[t]);
    free(r->best), free(r->n), free(r->background);
}

/* Runs on the ranking's threads, a theme each: writes only its theme's
 * entries (and `failed`, to 1). */
static void rank_theme(ranked_themes *r, const ut_aggregate *a, const ut_phrase_sum *theme_all, uint32_t t) {
    const ut_phrase_table *table = &a->theme_negative[t];
    uint64_t *bg = ut_malloc(((size_t)table->cap + 1) * sizeof *bg);
    if (!bg) {
#pragma omp atomic write
        r->failed = 1;
        return;
    }
    ut_phrase_backgrounds(table, &theme_all[t], UT_PHRASE_MIN_COUNT, bg);
    r->background[t] = bg;
    r->n[t] = ut_phrases_rank_known(table, &theme_all[t], bg, UT_PHRASE_MIN_COUNT, UT_PHRASE_PRIOR,
                                    r->best + (size_t)t * UT_THEME_PHRASES, UT_THEME_PHRASES);
}

static int fill_phrases(ut_summary *s, const ut_aggregate *a, const ranked_themes *ranked) {
    size_t total = 0;
    for (uint32_t t = 0; t < a->n_themes; t++) {
        total += ranked->n[t];
        if (ut_phrase_table_approximate(&a->theme_negative[t])) s->phrases_approximate = 1;
    }
    s->phrases = alloc_rows(s, total, sizeof *s->phrases);
    if (!s->phrases) return UT_ENOMEM;
    for (uint32_t t = 0; t < a->n_themes; t++) {
        for (size_t k = 0; k < ranked->n[t]; k++) {
            const ut_ranked_phrase *b = &ranked->best[(size_t)t * UT_THEME_PHRASES + k];
            ut_phrase_row *r = &s->phrases[s->n_phrases++];
            r->theme = s->theme_names[t];
            r->theme_id = t;
            r->phrase = keep_string(s, b->text, strlen(b->text));
            if (!r->phrase) return UT_ENOMEM;
            r->negative_mentions = b->phrase->count;
            r->mentions = b->background;
            r->score = b->score;
        }
    }
    return 0;
}

/* ---- trends ---- */

/* Trend rows: for the corpus, every bucket x theme with a complaint in some
 * bucket; for each group, its bucket x theme cells with a complaint. */
typedef struct trend_key {
    int32_t bucket;
    uint32_t theme;
    const ut_group *group; /* NULL: the corpus */
    uint32_t group_row;    /* UT_TREND_CORPUS for the corpus */
    uint64_t complaints;
} trend_key;

static int trend_key_cmp(const void *x, const void *y) {
    const trend_key *a = x, *b = y;
    if (a->bucket != b->bucket) return a->bucket < b->bucket ? -1 : 1;
    if (!a->group != !b->group) return a->group ? 1 : -1;
    if (a->group && a->group != b->group) {
        int c = ut_group_cmp(a->group, b->group);
        if (c) return c;
    }
    return a->theme < b->theme ? -1 : a->theme > b->theme;
}

static uint64_t trend_count(const ut_aggregate *a, uint32_t group, int32_t bucket, uint32_t theme) {
    int64_t i = ut_aggregate_trend_find(a, group, bucket, theme);
    return i < 0 ? 0 : a->trends[i].count;
}

/* Sums over the groups of each field, per (bucket, theme): the peers of a
 * group's trend cell are its field's sum less its own. Kept as a sorted
 * array of (field, bucket, theme, count). */
typedef struct field_trend {
    uint32_t field, theme;
    int32_t bucket;
    uint64_t count;
} field_trend;

static int field_trend_cmp(const void *x, const void *y) {
    const field_trend *a = x, *b = y;
    if (a->field != b->field) return a->field < b->field ? -1 : 1;
    if (a->bucket != b->bucket) return a->bucket < b->bucket ? -1 : 1;
    return a->theme < b->theme ? -1 : a->theme > b->theme;
}

static uint64_t field_trend_get(const field_trend *ft, size_t n, uint32_t field, int32_t bucket, uint32_t theme) {
    field_trend key = {field, theme, bucket, 0};
    const field_trend *hit = bsearch(&key, ft, n, sizeof *ft, field_trend_cmp);
    return hit ? hit->count : 0;
}

static int build_field_trends(const ut_aggregate *a, field_trend **out, size_t *n_out) {
    field_trend *ft = ut_malloc(((size_t)a->n_trends + 1) * sizeof *ft);
    if (!ft) return UT_ENOMEM;
    size_t n = 0;
    for (uint32_t i = 0; i < a->n_trends; i++) {
        const ut_trend_cell *c = &a->trends[i];
        if (c->group == UT_TREND_CORPUS) continue;
        ft[n++] = (field_trend){a->groups[c->group].field, c->theme, c->bucket, c->count};
    }
    qsort(ft, n, sizeof *ft, field_trend_cmp);
    size_t out_n = 0;
    for (size_t i = 0; i < n; i++) {
        if (out_n && !field_trend_cmp(&ft[out_n - 1], &ft[i]))
            ft[out_n - 1].count += ft[i].count;
        else
            ft[out_n++] = ft[i];
    }
    *out = ft;
    *n_out = out_n;
    return 0;
}

/* The own-baseline test of row r, and for a group row the peers' test; the
 * row's p-value is the larger (both must reject). */
static void trend_test(const ut_aggregate *a, const trend_key *k, const field_trend *ft, size_t n_ft, ut_trend_row *r) {
    uint32_t g = k->group_row;
    for (int32_t back = 1; back <= UT_TREND_WINDOW && k->bucket >= INT32_MIN + back; back++) {
        r->baseline_reviews += trend_count(a, g, k->bucket - back, UT_TREND_ALL);
        r->baseline_complaints += trend_count(a, g, k->bucket - back, k->theme);
    }
    r->has_baseline = r->baseline_reviews > 0;
    r->baseline_incidence = share(r->baseline_complaints, r->baseline_reviews);
    r->lift = r->baseline_incidence > 0 ? r->incidence / r->baseline_incidence : 0;
    r->p_value =
        r->has_baseline ? ut_fisher_greater(r->complaints, r->reviews, r->baseline_complaints, r->baseline_reviews) : 1;
    r->excess_low =
        ut_excess_lower(r->complaints, r->reviews, r->baseline_complaints, r->baseline_reviews, 0, UT_CLUSTER_RANK_Z);
    if (!k->group) return;
    uint32_t f = k->group->field;
    uint64_t n_peer = field_trend_get(ft, n_ft, f, k->bucket, UT_TREND_ALL) - r->reviews;
    uint64_t k_peer = field_trend_get(ft, n_ft, f, k->bucket, k->theme) - r->complaints;
    r->has_peers = n_peer > 0;
    r->peer_incidence = share(k_peer, n_peer);
    r->peer_lift = r->peer_incidence > 0 ? r->incidence / r->peer_incidence : 0;
    double p_peer = r->has_peers ? ut_fisher_greater(r->complaints, r->reviews, k_peer, n_peer) : 1;
    if (p_peer > r->p_value) r->p_value = p_peer;
}

/* The effect floors of an alert (the q floor is applied after BH). */
static int trend_effect(const trend_key *k, const ut_trend_row *r) {
    if (r->baseline_reviews < UT_TREND_MIN_BASELINE || r->excess_low < UT_CLUSTER_MIN_EXCESS) return 0;
    if (r->baseline_incidence > 0 && r->lift < UT_CLUSTER_MIN_LIFT) return 0;
    if (k->group && (!r->has_peers || (r->peer_incidence > 0 && r->peer_lift < UT_CLUSTER_MIN_LIFT))) return 0;
    return 1;
}

static int collect_trend_keys(const ut_aggregate *a, trend_key **out, size_t *n_out) {
    /* the corpus rows: every bucket with dated reviews x every theme with a complaint in some bucket */
    uint8_t *theme_dated = ut_calloc((size_t)a->n_themes + 1, 1);
    size_t n_buckets = 0, n_dated_themes = 0, n_group = 0;
    if (!theme_dated) return UT_ENOMEM;
    for (uint32_t i = 0; i < a->n_trends; i++) {
        const ut_trend_cell *c = &a->trends[i];
        if (c->group != UT_TREND_CORPUS) {
            n_group += c->theme != UT_TREND_ALL;
            continue;
        }
        if (c->theme == UT_TREND_ALL)
            n_buckets++;
        else if (!theme_dated[c->theme]) {
            theme_dated[c->theme] = 1; /* a flag, not a count: a byte would wrap after 256 buckets */
            n_dated_themes++;
        }
    }
    size_t total = n_buckets * n_dated_themes + n_group;
    trend_key *keys = ut_malloc((total + 1) * sizeof *keys);
    if (!keys) {
        free(theme_dated);
        return UT_ENOMEM;
    }
    size_t n = 0;
    for (uint32_t i = 0; i < a->n_trends; i++) {
        const ut_trend_cell *c = &a->trends[i];
        if (c->group == UT_TREND_CORPUS && c->theme == UT_TREND_ALL) {
            for (uint32_t t = 0; t < a->n_themes; t++)
                if (theme_dated[t])
                    keys[n++] =
                        (trend_key){c->bucket, t, NULL, UT_TREND_CORPUS, trend_count(a, UT_TREND_CORPUS, c->bucket, t)};
        } else if (c->group != UT_TREND_CORPUS && c->theme != UT_TREND_ALL) {
            keys[n++] = (trend_key){c->bucket, c->theme, &a->groups[c->group], c->group, c->count};
        }
    }
    free(theme_dated);
    qsort(keys, n, sizeof *keys, trend_key_cmp);
    *out = keys;
    *n_out = n;
    return 0;
}

static int fill_trends(ut_summary *s, const ut_aggregate *a) {
    trend_key *keys = NULL;
    field_trend *ft = NULL;
    size_t n = 0, n_ft = 0;
    double *p = NULL;
    int rc = collect_trend_keys(a, &keys, &n);
    if (!rc) rc = build_field_trends(a, &ft, &n_ft);
    if (!rc && !(p = ut_malloc((n + 1) * sizeof *p))) rc = UT_ENOMEM;
    if (!rc && !(s->trends = alloc_rows(s, n, sizeof *s->trends))) rc = UT_ENOMEM;
    const char *label = NULL;
    int32_t label_bucket = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        const trend_key *k = &keys[i];
        if (!label || k->bucket != label_bucket) {
            char text[UT_BUCKET_LABEL_MAX];
            ut_bucket_label(a->bucket, k->bucket, text);
            label = keep_string(s, text, strlen(text));
            label_bucket = k->bucket;
            if (!label) rc = UT_ENOMEM;
        }
        ut_trend_row *r = &s->trends[i];
        memset(r, 0, sizeof *r);
        r->bucket = label;
        r->group = k->group ? keep_string(s, k->group->key, k->group->key_len) : "";
        r->group_field = k->group ? s->group_fields[k->group->field] : "";
        if (!r->group) rc = UT_ENOMEM;
        r->theme = s->theme_names[k->theme];
        r->theme_id = k->theme;
        r->reviews = trend_count(a, k->group_row, k->bucket, UT_TREND_ALL);
        r->complaints = k->complaints;
        r->incidence = share(r->complaints, r->reviews);
        trend_test(a, k, ft, n_ft, r);
        p[i] = r->p_value;
    }
    if (!rc) rc = ut_bh_adjust(p, p, n);
    for (size_t i = 0; i < n && !rc; i++) {
        ut_trend_row *r = &s->trends[i];
        r->q_value = p[i];
        r->alert = r->q_value <= UT_CLUSTER_MAX_Q && trend_effect(&keys[i], r);
        s->n_alerts += r->alert != 0;
    }
    if (!rc) s->n_trends = n;
    free(keys);
    free(ft);
    free(p);
    return rc;
}

size_t ut_summary_top_themes(const ut_summary *s, size_t *out, size_t max) {
    size_t n = 0;
    for (size_t i = 0; i < s->n_themes && max; i++) {
        const ut_theme_row *t = &s->themes[i];
        if (!t->complaints || t->parent >= 0) continue; /* top-level themes hold their subtrees */
        if (t->id == UT_THEME_OTHER) continue;
        if (n == max && s->themes[out[max - 1]].complaints >= t->complaints) continue;
        size_t at = n < max ? n++ : max - 1;
        while (at > 0 && s->themes[out[at - 1]].complaints < t->complaints) {
            out[at] = out[at - 1];
            at--;
        }
        out[at] = i;
    }
    return n;
}

const ut_theme_row *ut_summary_other_theme(const ut_summary *s) {
    for (size_t i = 0; i < s->n_themes; i++)
        if (s->themes[i].id == UT_THEME_OTHER) return s->themes[i].complaints ? &s->themes[i] : NULL;
    return NULL;
}

int ut_summary_build(ut_summary **out, const ut_aggregate *a) {
    return ut_summary_build_threads(out, a, 1);
}

int ut_summary_build_threads(ut_summary **out, const ut_aggregate *a, int threads) {
    *out = NULL;
    if (threads < 1) threads = 1;
    ut_summary *s = ut_calloc(1, sizeof *s);
    if (!s) return UT_ENOMEM;
    s->memory = (ut_arena)UT_ARENA_INIT;
    ut_phrase_sum *theme_all = ut_calloc(a->n_themes, sizeof *theme_all);
    uint32_t *storage = NULL;
    int rc = theme_all ? ut_theme_backgrounds(a, theme_all, &storage) : UT_ENOMEM;
    if (!rc) rc = fill_totals(s, a);
    if (!rc) rc = fill_themes(s, a);
    if (!rc) rc = fill_groups(s, a);
    ranked_themes ranked = {0};
    if (!rc) rc = ranked_themes_init(&ranked, a);
    if (!rc) {
        /* The themes' phrases are ranked in parallel, a theme a task. The
         * trends are one thread's work and the agreement figures another's;
         * neither needs the phrases, so they run beside the ranking (the
         * trends took 23 ms after it at the end of a -j2 run on the diverse
         * corpus, the ranking 17 ms). Only the trends write to the summary
         * until the team ends. */
        int trends_rc = 0, agreement_rc = 0;
#pragma omp parallel num_threads(threads)
        {
#pragma omp single nowait
            trends_rc = fill_trends(s, a);
#pragma omp single nowait
            agreement_rc = ut_agreement_summarize(&a->agreement, &s->agreement);
#pragma omp for schedule(dynamic, 1) nowait
            for (uint32_t t = 0; t < a->n_themes; t++)
                rank_theme(&ranked, a, theme_all, t);
        }
        rc = trends_rc ? trends_rc : agreement_rc;
        if (!rc && ranked.failed) rc = UT_ENOMEM;
    }
    if (!rc) rc = fill_phrases(s, a, &ranked);
    if (!rc) rc = ut_summary_build_clusters(s, a, theme_all, (const uint64_t *const *)ranked.background, threads);
    ranked_themes_free(&ranked);
    free(storage);
    free(theme_all);
    if (rc) {
        ut_summary_free(s);
        return rc;
    }
    *out = s;
    return 0;
}

void ut_summary_free(ut_summary *s) {
    if (!s) return;
    ut_arena_free(&s->memory);
    free(s);
}
