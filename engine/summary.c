/* summary.c — turns an aggregate's exact counts into the rows every writer
 * formats: totals, themes, groups, distinctive phrases and trends (the
 * cluster ranking is in cluster.c). Rows are sorted by keys that never tie,
 * so the same counts always give the same rows. */
#include <stdlib.h>
#include <string.h>

#include "aggregate_internal.h"
#include "common.h"
#include "stats.h"
#include "summary.h"

static void *alloc_rows(ut_summary *s, size_t n, size_t size) {
    return ut_arena_alloc(&s->memory, (n ? n : 1) * size);
}

static const char *keep_string(ut_summary *s, const char *str, size_t len) {
    char *p = ut_arena_alloc(&s->memory, len + 1);
    if (!p) return NULL;
    memcpy(p, str, len);
    p[len] = '\0';
    return p;
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
    }
    return 0;
}

static int group_row_cmp(const void *x, const void *y) {
    const ut_group *a = *(const ut_group *const *)x, *b = *(const ut_group *const *)y;
    if (a->field != b->field) return a->field < b->field ? -1 : 1;
    size_t n = UT_MIN(a->key_len, b->key_len);
    int c = memcmp(a->key, b->key, n);
    if (c) return c;
    return a->key_len < b->key_len ? -1 : a->key_len > b->key_len;
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
    for (size_t i = 0; i < n; i++)
        order[i] = &a->groups[i];
    qsort(order, n, sizeof *order, group_row_cmp);
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

int ut_theme_backgrounds(const ut_aggregate *a, ut_phrase_sum *out, const ut_phrase_table ***storage) {
    uint32_t n = a->n_themes;
    size_t total = (size_t)a->ancestor_start[n] + n;
    const ut_phrase_table **tables = ut_malloc((total + 1) * sizeof *tables);
    *storage = tables;
    if (!tables) return UT_ENOMEM;
    size_t at = 0;
    for (uint32_t t = 0; t < n; t++) {
        out[t] = (ut_phrase_sum){tables + at, 0, 0};
        for (uint32_t d = 0; d < n; d++) {
            /* "other" has only negative mentions, so it is contrasted
             * with every theme's mentions */
            int in_subtree = t == UT_THEME_OTHER;
            for (uint32_t k = a->ancestor_start[d]; k < a->ancestor_start[d + 1]; k++)
                if (a->ancestors[k] == t) in_subtree = 1;
            if (!in_subtree) continue;
            tables[at++] = &a->theme_all[d];
            out[t].n++;
            out[t].total += a->theme_all[d].total;
        }
    }
    return 0;
}

static int fill_phrases(ut_summary *s, const ut_aggregate *a, const ut_phrase_sum *theme_all) {
    ut_ranked_phrase best[UT_THEME_PHRASES];
    size_t total = 0;
    for (uint32_t t = 0; t < a->n_themes; t++) {
        total += ut_phrases_rank(&a->theme_negative[t], &theme_all[t], UT_PHRASE_MIN_COUNT, UT_PHRASE_PRIOR, best,
                                 UT_THEME_PHRASES);
        if (ut_phrase_table_approximate(&a->theme_negative[t]) || ut_phrase_table_approximate(&a->theme_all[t]))
            s->phrases_approximate = 1;
    }
    if (a->cell_phrases.decremented) s->phrases_approximate = 1;
    s->phrases = alloc_rows(s, total, sizeof *s->phrases);
    if (!s->phrases) return UT_ENOMEM;
    for (uint32_t t = 0; t < a->n_themes; t++) {
        size_t n = ut_phrases_rank(&a->theme_negative[t], &theme_all[t], UT_PHRASE_MIN_COUNT, UT_PHRASE_PRIOR, best,
                                   UT_THEME_PHRASES);
        for (size_t k = 0; k < n; k++) {
            ut_phrase_row *r = &s->phrases[s->n_phrases++];
            r->theme = s->theme_names[t];
            r->theme_id = t;
            r->phrase = keep_string(s, best[k].text, strlen(best[k].text));
            if (!r->phrase) return UT_ENOMEM;
            r->negative_mentions = best[k].phrase->count;
            r->mentions = best[k].background;
            r->score = best[k].score;
        }
    }
    return 0;
}

static int trend_cmp(const void *x, const void *y) {
    const ut_trend_cell *a = *(const ut_trend_cell *const *)x, *b = *(const ut_trend_cell *const *)y;
    if (a->bucket != b->bucket) return a->bucket < b->bucket ? -1 : 1;
    return a->theme < b->theme ? -1 : a->theme > b->theme;
}

static const ut_trend_cell *find_trend(const ut_aggregate *a, int32_t bucket, uint32_t theme) {
    uint64_t key = (uint64_t)(uint32_t)bucket << 32 | theme;
    uint32_t i = ut_keymap_get(&a->trend_index, key, NULL, NULL);
    return i == UINT32_MAX ? NULL : &a->trends[i];
}

/* Alert: the bucket's negative share is significantly above the pooled
 * share of the UT_TREND_WINDOW buckets before it (one-sided exact binomial
 * test at UT_TREND_ALPHA), with enough mentions on both sides. */
static void trend_alert(const ut_aggregate *a, const ut_trend_cell *c, ut_trend_row *r) {
    uint64_t base_n = 0, base_k = 0;
    for (int32_t back = 1; back <= UT_TREND_WINDOW && c->bucket >= INT32_MIN + back; back++) {
        const ut_trend_cell *p = find_trend(a, c->bucket - back, c->theme);
        if (p) {
            base_n += p->mentions;
            base_k += p->negative;
        }
    }
    r->has_baseline = base_n > 0;
    r->baseline_share = share(base_k, base_n);
    r->p_value = base_n ? ut_binomial_sf(c->negative, c->mentions, r->baseline_share) : 1;
    r->alert = base_n >= UT_TREND_MIN_BASELINE && c->mentions >= UT_TREND_MIN_MENTIONS &&
               c->negative >= UT_TREND_MIN_NEGATIVE && r->negative_share > r->baseline_share &&
               r->p_value < UT_TREND_ALPHA;
}

static int fill_trends(ut_summary *s, const ut_aggregate *a) {
    size_t n = a->n_trends;
    s->trends = alloc_rows(s, n, sizeof *s->trends);
    const ut_trend_cell **order = ut_malloc((n ? n : 1) * sizeof *order);
    if (!s->trends || !order) {
        free(order);
        return UT_ENOMEM;
    }
    for (size_t i = 0; i < n; i++)
        order[i] = &a->trends[i];
    qsort(order, n, sizeof *order, trend_cmp);
    int rc = 0;
    const char *label = NULL;
    int32_t label_bucket = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        const ut_trend_cell *c = order[i];
        if (!label || c->bucket != label_bucket) {
            char text[UT_BUCKET_LABEL_MAX];
            ut_bucket_label(a->bucket, c->bucket, text);
            label = keep_string(s, text, strlen(text));
            label_bucket = c->bucket;
            if (!label) rc = UT_ENOMEM;
        }
        ut_trend_row *r = &s->trends[i];
        memset(r, 0, sizeof *r);
        r->bucket = label;
        r->theme = s->theme_names[c->theme];
        r->theme_id = c->theme;
        r->mentions = c->mentions;
        r->negative = c->negative;
        r->negative_share = share(c->negative, c->mentions);
        trend_alert(a, c, r);
        s->n_alerts += r->alert;
    }
    s->n_trends = n;
    free(order);
    return rc;
}

int ut_summary_build(ut_summary **out, const ut_aggregate *a) {
    *out = NULL;
    ut_summary *s = ut_calloc(1, sizeof *s);
    if (!s) return UT_ENOMEM;
    s->memory = (ut_arena)UT_ARENA_INIT;
    ut_phrase_sum *theme_all = ut_calloc(a->n_themes, sizeof *theme_all);
    const ut_phrase_table **storage = NULL;
    int rc = theme_all ? ut_theme_backgrounds(a, theme_all, &storage) : UT_ENOMEM;
    if (!rc) rc = fill_totals(s, a);
    if (!rc) rc = fill_themes(s, a);
    if (!rc) rc = fill_groups(s, a);
    if (!rc) rc = fill_phrases(s, a, theme_all);
    if (!rc) rc = fill_trends(s, a);
    if (!rc) rc = ut_summary_build_clusters(s, a, theme_all);
    if (!rc) rc = ut_agreement_summarize(&a->agreement, &s->agreement);
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
