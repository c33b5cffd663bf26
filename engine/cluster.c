/* cluster.c — ranks the negative feedback clusters.
 *
 * A candidate is a group x theme cell (baseline: the theme's negative share
 * over the whole corpus) or a corpus-wide theme cell (baseline: the negative
 * share of all theme mentions, "other" excluded). Each gets an exact
 * one-sided binomial p-value against its baseline, and Benjamini–Hochberg
 * q-values are taken over every cell tested. The ranking score is the
 * one-sided 95% lower point of the cell's empirical-Bayes posterior share
 * (Beta prior centred on the baseline, strength fitted per theme by the
 * method of moments) minus the baseline: small cells are pulled to the
 * baseline, so 2 negatives of 3 never outrank 300 of 2000. Significant
 * cells (>= UT_CLUSTER_MIN_MENTIONS mentions, q <= UT_CLUSTER_MAX_Q, share
 * above baseline; never the corpus-wide "other" cell, negative by
 * construction) come first; every other cell with a negative mention
 * follows. Ties break on mentions, then group, then theme id, so the order
 * is total. */
#include <stdlib.h>
#include <string.h>

#include "aggregate_internal.h"
#include "common.h"
#include "stats.h"
#include "summary.h"

typedef struct candidate {
    const ut_cell *cell;
    const ut_group_cell *group_cell; /* NULL: corpus-wide */
    const ut_group *group;           /* NULL: corpus-wide */
    uint32_t theme;
    double baseline, p_value, q_value, strength, score;
    int significant;
} candidate;

static int candidate_cmp(const void *x, const void *y) {
    const candidate *a = x, *b = y;
    if (a->significant != b->significant) return a->significant ? -1 : 1;
    if (a->score != b->score) return a->score > b->score ? -1 : 1;
    if (a->cell->mentions != b->cell->mentions) return a->cell->mentions > b->cell->mentions ? -1 : 1;
    if (!a->group != !b->group) return a->group ? 1 : -1;
    if (a->group && b->group) {
        if (a->group->field != b->group->field) return a->group->field < b->group->field ? -1 : 1;
        size_t n = UT_MIN(a->group->key_len, b->group->key_len);
        int c = memcmp(a->group->key, b->group->key, n);
        if (c) return c;
        if (a->group->key_len != b->group->key_len) return a->group->key_len < b->group->key_len ? -1 : 1;
    }
    return a->theme < b->theme ? -1 : a->theme > b->theme;
}

static double share(uint64_t k, uint64_t n) {
    return n ? (double)k / (double)n : 0;
}

/* Prior strengths: one for the corpus-wide theme cells, one per theme for
 * its group cells. */
/* The evidence a cell carries. Mentions in one review are not independent
 * trials: one angry review that names the staff five times is one unhappy
 * customer, not five. So the tests and the ranking count the cell's
 * reviews as its trials and scale its negative mentions to them (rounded
 * to the nearest integer, half up, so the result is exact and
 * deterministic); a cell with at most one mention per review is unchanged. */
static void effective_counts(const ut_cell *c, uint64_t *k, uint64_t *n) {
    *k = c->negative;
    *n = c->mentions;
    if (c->reviews > 0 && c->reviews < c->mentions) {
        *n = c->reviews;
        *k = (uint64_t)(((__uint128_t)c->negative * c->reviews * 2 + c->mentions) / (2 * (__uint128_t)c->mentions));
    }
}

static int fit_strengths(const ut_aggregate *a, double baseline_all, double *theme_strength, double *all_strength) {
    size_t cap = UT_MAX((size_t)a->n_themes, (size_t)a->n_cells) + 1;
    uint64_t *k = ut_malloc(cap * sizeof *k), *n = ut_malloc(cap * sizeof *n);
    uint32_t *by_theme = ut_calloc((size_t)a->n_themes + 1, sizeof *by_theme);
    uint32_t *order = ut_malloc(((size_t)a->n_cells + 1) * sizeof *order);
    if (!k || !n || !by_theme || !order) {
        free(k), free(n), free(by_theme), free(order);
        return UT_ENOMEM;
    }
    size_t m = 0;
    for (uint32_t t = 0; t < a->n_themes; t++) {
        if (t == UT_THEME_OTHER) continue;
        effective_counts(&a->themes[t], &k[m], &n[m]);
        m++;
    }
    *all_strength = ut_eb_fit_strength(k, n, m, baseline_all, UT_CLUSTER_MIN_MENTIONS, UT_SHRINK_DEFAULT);
    /* counting sort of the cells by theme */
    for (uint32_t i = 0; i < a->n_cells; i++)
        by_theme[a->cells[i].theme + 1]++;
    for (uint32_t t = 0; t < a->n_themes; t++)
        by_theme[t + 1] += by_theme[t];
    for (uint32_t i = 0; i < a->n_cells; i++)
        order[by_theme[a->cells[i].theme]++] = i;
    uint32_t at = 0;
    for (uint32_t t = 0; t < a->n_themes; t++) {
        m = 0;
        for (; at < by_theme[t]; at++) {
            const ut_cell *c = &a->cells[order[at]].cell;
            effective_counts(c, &k[m], &n[m]);
            m++;
        }
        double p0 = share(a->themes[t].negative, a->themes[t].mentions);
        theme_strength[t] = ut_eb_fit_strength(k, n, m, p0, UT_CLUSTER_MIN_MENTIONS, UT_SHRINK_DEFAULT);
    }
    free(k), free(n), free(by_theme), free(order);
    return 0;
}

/* The (cell, phrase) pairs sorted by cell, so a cell's phrases are one run. */
static int pair_cmp(const void *x, const void *y) {
    const ut_pair_count *a = *(const ut_pair_count *const *)x, *b = *(const ut_pair_count *const *)y;
    if (a->cell != b->cell) return a->cell < b->cell ? -1 : 1;
    return a->phrase < b->phrase ? -1 : a->phrase > b->phrase;
}

typedef struct phrase_index {
    const ut_pair_count **by_cell;
    size_t n;
    ut_phrase_ref *refs; /* scratch for one cell */
} phrase_index;

static int index_pairs(phrase_index *ix, const ut_pair_table *t) {
    ix->by_cell = ut_malloc(((size_t)t->n + 1) * sizeof *ix->by_cell);
    ix->refs = ut_malloc(((size_t)t->n + 1) * sizeof *ix->refs);
    if (!ix->by_cell || !ix->refs) return UT_ENOMEM;
    ix->n = 0;
    for (uint32_t i = 0; i < t->cap; i++)
        if (t->slots[i].count) ix->by_cell[ix->n++] = &t->slots[i];
    qsort(ix->by_cell, ix->n, sizeof *ix->by_cell, pair_cmp);
    return 0;
}

static const char *keep_joined(ut_summary *s, const ut_ranked_phrase *best, size_t n, ut_buf *tmp) {
    ut_buf_clear(tmp);
    ut_buf_putc(tmp, '\0'); /* keeps data non-NULL */
    ut_buf_clear(tmp);
    for (size_t i = 0; i < n; i++) {
        if (i) ut_buf_puts(tmp, "; ");
        ut_buf_puts(tmp, best[i].text);
    }
    if (tmp->failed) return NULL;
    char *p = ut_arena_alloc(&s->memory, tmp->len + 1);
    if (p) memcpy(p, tmp->data, tmp->len + 1);
    return p;
}

static int ref_by_key(const void *x, const void *y) {
    const ut_phrase_ref *a = x, *b = y;
    return a->key < b->key ? -1 : a->key > b->key;
}

/* Appends the pairs of one cell key to refs[*m]. */
static void gather_cell(const phrase_index *ix, uint64_t cell, size_t *m) {
    size_t lo = 0, hi = ix->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ix->by_cell[mid]->cell < cell)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = lo; i < ix->n && ix->by_cell[i]->cell == cell; i++)
        ix->refs[(*m)++] = (ut_phrase_ref){ix->by_cell[i]->phrase, ix->by_cell[i]->count, NULL};
}

/* Top phrases: a corpus-wide cell's are its theme's (negative against the
 * theme's other mentions); a group cell's are its negative phrases (its
 * own and its subtree's cells', summed) against the rest of its theme's
 * mentions. */
static const char *top_phrases(ut_summary *s, const ut_aggregate *a, const ut_phrase_sum *theme_all, const candidate *c,
                               phrase_index *ix, ut_buf *tmp) {
    ut_ranked_phrase best[UT_TOP_PHRASES];
    const ut_phrase_table *theme_neg = &a->theme_negative[c->theme];
    size_t n;
    if (!c->group_cell) {
        n = ut_phrases_rank(theme_neg, theme_all, UT_PHRASE_MIN_COUNT, UT_PHRASE_PRIOR, best, UT_TOP_PHRASES);
        return keep_joined(s, best, n, tmp);
    }
    size_t m = 0, runs = 0;
    for (uint32_t d = 0; d < a->n_themes; d++)
        for (uint32_t k = a->ancestor_start[d]; k < a->ancestor_start[d + 1]; k++)
            if (a->ancestors[k] == c->theme) {
                gather_cell(ix, ut_cell_key(c->group->hash, d), &m);
                runs++;
            }
    if (runs > 1) { /* sum a phrase's counts over the subtree's cells */
        qsort(ix->refs, m, sizeof *ix->refs, ref_by_key);
        size_t out = 0;
        for (size_t i = 0; i < m; i++) {
            if (out && ix->refs[out - 1].key == ix->refs[i].key)
                ix->refs[out - 1].count += ix->refs[i].count;
            else
                ix->refs[out++] = ix->refs[i];
        }
        m = out;
    }
    size_t kept = 0;
    for (size_t i = 0; i < m; i++) {
        const ut_phrase *p = ut_phrase_table_find(theme_neg, ix->refs[i].key);
        if (!p) continue; /* its text was evicted from the theme's sketch */
        ix->refs[kept] = ix->refs[i];
        ix->refs[kept++].text = ut_phrase_text(theme_neg, p);
    }
    n = ut_phrases_rank_refs(ix->refs, kept, c->group_cell->phrase_total, theme_all, UT_PHRASE_MIN_COUNT,
                             UT_PHRASE_PRIOR, best, UT_TOP_PHRASES);
    return keep_joined(s, best, n, tmp);
}

static const char *join_examples(ut_summary *s, const ut_cell *c, ut_buf *tmp) {
    ut_buf_clear(tmp);
    ut_buf_putc(tmp, '\0'); /* keeps data non-NULL */
    ut_buf_clear(tmp);
    for (uint32_t i = 0; i < c->n_examples; i++) {
        if (i) ut_buf_puts(tmp, "; ");
        ut_buf_append(tmp, c->examples[i].id, c->examples[i].id_len);
    }
    if (tmp->failed) return NULL;
    char *p = ut_arena_alloc(&s->memory, tmp->len + 1);
    if (p) memcpy(p, tmp->data, tmp->len + 1);
    return p;
}

int ut_summary_build_clusters(ut_summary *s, const ut_aggregate *a, const ut_phrase_sum *theme_all) {
    size_t n_cand = (size_t)a->n_themes + a->n_cells;
    candidate *cand = ut_calloc(n_cand + 1, sizeof *cand);
    double *theme_strength = ut_calloc((size_t)a->n_themes + 1, sizeof *theme_strength);
    double *p = ut_malloc((n_cand + 1) * sizeof *p);
    ut_buf tmp = UT_BUF_INIT;
    phrase_index ix = {0};
    int rc = UT_ENOMEM;
    if (!cand || !theme_strength || !p) goto done;
    if ((rc = index_pairs(&ix, &a->cell_phrases))) goto done;
    double baseline_all = s->theme_baseline, all_strength;
    if ((rc = fit_strengths(a, baseline_all, theme_strength, &all_strength))) goto done;
    size_t m = 0;
    for (uint32_t t = 0; t < a->n_themes; t++) {
        if (a->themes[t].mentions == 0) continue;
        cand[m++] = (candidate){.cell = &a->themes[t], .theme = t, .baseline = baseline_all, .strength = all_strength};
    }
    for (uint32_t i = 0; i < a->n_cells; i++) {
        const ut_group_cell *gc = &a->cells[i];
        if (gc->cell.mentions == 0) continue;
        const ut_cell *tc = &a->themes[gc->theme];
        cand[m++] = (candidate){.cell = &gc->cell,
                                .group_cell = gc,
                                .group = &a->groups[gc->group],
                                .theme = gc->theme,
                                .baseline = share(tc->negative, tc->mentions),
                                .strength = theme_strength[gc->theme]};
    }
    for (size_t i = 0; i < m; i++) {
        uint64_t k, n;
        effective_counts(cand[i].cell, &k, &n);
        p[i] = cand[i].p_value = ut_binomial_sf(k, n, cand[i].baseline);
    }
    if ((rc = ut_bh_adjust(p, p, m))) goto done;
    size_t listed = 0;
    for (size_t i = 0; i < m; i++) {
        candidate *c = &cand[i];
        c->q_value = p[i];
        uint64_t k, n;
        effective_counts(c->cell, &k, &n);
        c->score = ut_eb_shrunk_lower(k, n, c->baseline, c->strength, UT_CLUSTER_RANK_Z) - c->baseline;
        c->significant = n >= UT_CLUSTER_MIN_MENTIONS && c->q_value <= UT_CLUSTER_MAX_Q && share(k, n) > c->baseline;
        /* "other" holds only negative sentences, so corpus-wide its share
         * is high by construction, not by evidence: listed, never ranked
         * among the significant. */
        if (!c->group && c->theme == UT_THEME_OTHER) c->significant = 0;
        if (c->cell->negative > 0) cand[listed++] = *c;
    }
    qsort(cand, listed, sizeof *cand, candidate_cmp);
    s->clusters = ut_arena_alloc(&s->memory, (listed ? listed : 1) * sizeof *s->clusters);
    rc = UT_ENOMEM;
    if (!s->clusters) goto done;
    for (size_t i = 0; i < listed; i++) {
        const candidate *c = &cand[i];
        const ut_cell *cell = c->cell;
        ut_cluster_row *r = &s->clusters[i];
        memset(r, 0, sizeof *r);
        r->rank = (uint32_t)(i + 1);
        r->group = "";
        r->group_field = "";
        if (c->group) {
            char *key = ut_arena_alloc(&s->memory, (size_t)c->group->key_len + 1);
            if (!key) goto done;
            memcpy(key, c->group->key, (size_t)c->group->key_len + 1);
            r->group = key;
            r->group_field = s->group_fields[c->group->field];
        }
        r->theme = s->themes[c->theme].theme;
        r->theme_id = c->theme;
        r->mentions = cell->mentions;
        r->reviews = cell->reviews;
        r->negative = cell->negative;
        r->negative_share = share(cell->negative, cell->mentions);
        r->baseline_share = c->baseline;
        r->has_lift = c->baseline > 0;
        r->lift = r->has_lift ? r->negative_share / c->baseline : 0;
        r->negative_share_low = ut_wilson_lower(cell->negative, cell->mentions, UT_Z95);
        r->p_value = c->p_value;
        r->q_value = c->q_value;
        r->mean_sentiment = (double)cell->score_sum / UT_SCORE_SCALE / (double)cell->mentions;
        r->has_rating = cell->rating_count > 0;
        r->mean_rating = r->has_rating ? (double)cell->rating_sum / UT_RATING_SCALE / (double)cell->rating_count : 0;
        r->top_phrases = top_phrases(s, a, &theme_all[c->theme], c, &ix, &tmp);
        r->example_ids = join_examples(s, cell, &tmp);
        if (!r->top_phrases || !r->example_ids) goto done;
        uint64_t k_eff, n_eff;
        effective_counts(cell, &k_eff, &n_eff);
        r->shrunk_share = ut_eb_shrunk_share(k_eff, n_eff, c->baseline, c->strength);
        r->prior_strength = c->strength;
        r->score = c->score;
        r->significant = c->significant;
        s->n_significant += c->significant;
    }
    s->n_clusters = listed;
    rc = 0;
done:
    free(cand);
    free(theme_strength);
    free(p);
    free(ix.by_cell);
    free(ix.refs);
    ut_buf_free(&tmp);
    return rc;
}
