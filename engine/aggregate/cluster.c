/* cluster.c — ranks the negative feedback clusters: where customers hurt
 * more than elsewhere.
 *
 * The idea: the unit is the customer and the comparison is the peers. A
 * candidate is a group x theme cell; its `complaints` are the group's
 * reviews with a negative mention of the theme or a sub-theme, its
 * incidence those over the group's reviews, and its peers every other group
 * of the same --group field (leave-one-out, so a large group never masks
 * itself). Each cell gets a one-sided Fisher exact p-value against its
 * peers, Benjamini–Hochberg q-values over every group x theme cell of the
 * fields (cells with no complaint count as tested with p = 1), and the
 * excess of complaining customers over the peers' rate with a one-sided 95%
 * lower bound taken from an empirical-Bayes posterior (Beta prior centred
 * on the peers, strength fitted per field and theme by the method of
 * moments), so a small group is pulled toward its peers.
 *
 * A cell is significant when q <= 0.05, lift >= 1.25 and the excess bound
 * is at least 3 customers. Two rules keep the top readable:
 *  - a parent theme whose evidence is carried by significant sub-theme
 *    cells of the same group (the residual, with those sub-themes'
 *    complaints taken out, is not significant) is demoted and names the
 *    sub-theme in `covered_by`: the most specific cell is listed;
 *  - a group that complains more about everything (its median lift over
 *    the themes, `group_lift`, at least 1.25) has its cells judged again
 *    against the peers' rate times that lift: a significant cell is
 *    specific only when it is 1.5x that rate and 3 customers above it at
 *    the bound, else `group_wide`, ranked after every specific one, so one
 *    bad branch cannot crowd out the specific problems of others;
 *  - a group that complains less about everything (group_lift <= 0.8) is
 *    judged also against its own level: a theme at its peers' rate and
 *    1.5x its own is a problem its glowing average hides;
 *  - a group whose mean rating is at or above the corpus's (its average
 *    would hide a problem), not worse at everything and mostly rated, is
 *    judged also against peers of the same rating: per rating band, its
 *    reviews times the peers' incidence there give `rated_expected`, and
 *    the larger of an exact binomial test against it and a
 *    Cochran–Mantel–Haenszel test over the bands its p-value. Satisfied
 *    customers complain less, theme by theme as the peers' ratings say,
 *    so a complaint its 5-star reviews make stands out against 5-star
 *    reviews elsewhere even when its overall incidence is the peers'. A
 *    cell at least at its peers' rate is significant this way at 1.5x
 *    rated_expected and 3 customers above it at the bound (a posterior
 *    pulled toward rated_expected, as excess_low is toward the peers);
 *  - such a group is judged also on its satisfied customers alone (reviews
 *    rated at or above the corpus mean): a few low-rated reviews that
 *    complain less than elsewhere cannot cancel a complaint of its 5-star
 *    ones. Its p-value is the larger of an exact binomial test against the
 *    peers' rate in those bands and a CMH test over them (each is too
 *    bold where the other is not: few peers, few complaints expected);
 *    significant at 2x that rate and 3 customers above it at the bound of
 *    a posterior whose prior is fitted on the satisfied customers of every
 *    group (how much they differ beyond their bands and noise), not on all
 *    reviews, and weighs at most as many reviews as the cell's satisfied
 *    customers. This look is taken whatever the cell's overall incidence.
 *  The other extra looks are taken only for a cell at least at its peers'
 *  rate: over all its reviews, only such a cell can be a problem. A cell
 *  looked at more than once has the smallest p-value times the number of
 *  looks (Bonferroni).
 * Order: specific significant cells by the excess bound over the scaled
 * peers, then group-wide ones by their excess bound, then the rest by
 * p-value, closest to significant first (a bound would put tiny groups,
 * whose bound is near zero, above large ones whose noise puts it well
 * below); ties break on the excess bound, complaints, field, key and theme
 * id, so the order is total. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "aggregate/aggregate_internal.h"
#include "util/common.h"
#include "aggregate/stats.h"
#include "aggregate/summary.h"

typedef struct candidate {
    const ut_group_cell *cell;
    const ut_group *group;
    uint32_t theme;
    uint64_t peer_reviews, peer_complaints;
    double p_value, q_value, strength, excess, excess_low, specific_excess_low, group_lift, lift;
    double rated_expected, rated_lift, rated_excess_low; /* against peers of the same rating band */
    /* the same, over the reviews rated at or above the corpus's mean only */
    uint64_t satisfied_reviews, satisfied_complaints;
    double satisfied_expected, satisfied_lift, satisfied_excess_low;
    int has_lift, has_rated, has_satisfied, significant, group_wide, tier;
    int32_t covered_by; /* theme id, or -1 */
} candidate;

static double share(uint64_t k, uint64_t n) {
    return n ? (double)k / (double)n : 0;
}

static int candidate_cmp(const void *x, const void *y) {
    const candidate *a = x, *b = y;
    if (a->tier != b->tier) return a->tier < b->tier ? -1 : 1;
    if (a->tier == 2 && a->p_value != b->p_value) return a->p_value < b->p_value ? -1 : 1;
    double ka = a->tier == 0 ? a->specific_excess_low : a->excess_low;
    double kb = b->tier == 0 ? b->specific_excess_low : b->excess_low;
    if (ka != kb) return ka > kb ? -1 : 1;
    if (a->cell->cell.complaints != b->cell->cell.complaints)
        return a->cell->cell.complaints > b->cell->cell.complaints ? -1 : 1;
    int c = ut_group_cmp(a->group, b->group);
    if (c) return c;
    return a->theme < b->theme ? -1 : a->theme > b->theme;
}

/* Totals per --group field (index 0..n_groups, the last the combination):
 * reviews, and complaints per theme. */
typedef struct field_totals {
    uint64_t reviews[UT_MAX_GROUPS + 1];
    uint32_t groups[UT_MAX_GROUPS + 1];
    uint64_t *complaints;                         /* (n_groups + 1) x n_themes */
    double *strength;                             /* (n_groups + 1) x n_themes */
    double *satisfied_strength;                   /* the same over the satisfied customers' bands (satisfied_band on) */
    uint32_t satisfied_groups[UT_MAX_GROUPS + 1]; /* groups with enough satisfied reviews to fit that prior */
    uint64_t reviews_by_band[UT_MAX_GROUPS + 1][UT_RATING_BANDS];
    uint64_t *complaints_by_band; /* (n_groups + 1) x n_themes x UT_RATING_BANDS */
} field_totals;

static uint64_t cell_complaints(const ut_aggregate *a, uint32_t group, uint32_t theme) {
    int64_t i = ut_aggregate_cell_find(a, group, theme);
    return i < 0 ? 0 : a->cells[i].cell.complaints;
}

/* The first band of the satisfied customers: those who rated at or above
 * the corpus's mean rating, rounded to a band. */
static unsigned satisfied_band(const ut_aggregate *a) {
    double corpus = (double)a->rating_sum / UT_RATING_SCALE / (double)a->rating_count;
    return ut_rating_band(1, corpus);
}

/* The prior strength of the satisfied customers' look, per field x theme:
 * how much the groups' satisfied customers' incidences spread beyond what
 * their mix of rating bands and binomial noise explain. It is fitted apart
 * from the prior over all reviews: there the unhappy customers, who
 * complain about everything, make most of the spread, and a strength
 * fitted on them would hide a complaint only satisfied customers make (or,
 * in a field where groups differ in their unhappy customers only, flag one
 * that chance made). */
static void fit_satisfied_strength(const ut_aggregate *a, field_totals *ft, size_t f, uint32_t t, uint64_t *k,
                                   uint64_t *n, double *expected, double *noise) {
    const unsigned first = satisfied_band(a);
    const uint64_t *total_k = &ft->complaints_by_band[(f * a->n_themes + t) * UT_RATING_BANDS];
    uint64_t all_k = 0, all_n = 0;
    for (unsigned b = first; b < UT_RATING_BANDS; b++)
        all_k += total_k[b], all_n += ft->reviews_by_band[f][b];
    size_t m = 0;
    for (uint32_t g = 0; g < a->n_group_rows; g++) {
        const ut_group *gr = &a->groups[g];
        if (gr->field != f) continue;
        int64_t c = ut_aggregate_cell_find(a, g, t);
        double e = 0, v = 0;
        k[m] = n[m] = 0;
        for (unsigned b = first; b < UT_RATING_BANDS; b++) {
            if (!gr->reviews_by_band[b]) continue;
            double rate = share(total_k[b], ft->reviews_by_band[f][b]);
            n[m] += gr->reviews_by_band[b];
            k[m] += c < 0 ? 0 : a->cells[c].cell.complaints_by_band[b];
            e += (double)gr->reviews_by_band[b] * rate;
            v += (double)gr->reviews_by_band[b] * rate * (1 - rate);
        }
        if (!n[m]) continue;
        expected[m] = e / (double)n[m];
        noise[m] = v / ((double)n[m] * (double)n[m]);
        m++;
    }
    ft->satisfied_strength[f * a->n_themes + t] = ut_eb_fit_strength_around(
        k, n, expected, noise, m, share(all_k, all_n), UT_CLUSTER_SHRINK_MIN_REVIEWS, UT_SHRINK_DEFAULT);
}

/* The prior strength of each field x theme: how much the groups' incidences
 * spread beyond binomial noise (every group counts, those without a
 * complaint too, or the spread would be overstated). */
static int fit_strengths(const ut_aggregate *a, field_totals *ft) {
    size_t nf = (size_t)a->n_groups + 1;
    uint64_t *k = ut_malloc(((size_t)a->n_group_rows + 1) * sizeof *k);
    uint64_t *n = ut_malloc(((size_t)a->n_group_rows + 1) * sizeof *n);
    double *expected = ut_malloc(((size_t)a->n_group_rows + 1) * sizeof *expected);
    double *noise = ut_malloc(((size_t)a->n_group_rows + 1) * sizeof *noise);
    if (!k || !n || !expected || !noise) {
        free(k), free(n), free(expected), free(noise);
        return UT_ENOMEM;
    }
    for (size_t f = 0; f < nf; f++) {
        if (!ft->groups[f]) continue;
        for (uint32_t t = 0; t < a->n_themes; t++) {
            size_t m = 0;
            for (uint32_t g = 0; g < a->n_group_rows; g++) {
                if (a->groups[g].field != f) continue;
                k[m] = cell_complaints(a, g, t);
                n[m++] = a->groups[g].reviews;
            }
            double p0 = share(ft->complaints[f * a->n_themes + t], ft->reviews[f]);
            ft->strength[f * a->n_themes + t] =
                ut_eb_fit_strength(k, n, m, p0, UT_CLUSTER_SHRINK_MIN_REVIEWS, UT_SHRINK_DEFAULT);
            if (a->rating_count) fit_satisfied_strength(a, ft, f, t, k, n, expected, noise);
        }
    }
    free(k), free(n), free(expected), free(noise);
    return 0;
}

static int field_totals_build(const ut_aggregate *a, field_totals *ft) {
    memset(ft, 0, sizeof *ft);
    size_t nf = (size_t)a->n_groups + 1;
    ft->complaints = ut_calloc(nf * a->n_themes, sizeof *ft->complaints);
    ft->strength = ut_calloc(nf * a->n_themes, sizeof *ft->strength);
    ft->satisfied_strength = ut_calloc(nf * a->n_themes, sizeof *ft->satisfied_strength);
    ft->complaints_by_band = ut_calloc(nf * a->n_themes * UT_RATING_BANDS, sizeof *ft->complaints_by_band);
    if (!ft->complaints || !ft->strength || !ft->satisfied_strength || !ft->complaints_by_band) return UT_ENOMEM;
    const unsigned satisfied_from = a->rating_count ? satisfied_band(a) : UT_RATING_BANDS;
    for (uint32_t g = 0; g < a->n_group_rows; g++) {
        const ut_group *gr = &a->groups[g];
        ft->reviews[gr->field] += gr->reviews;
        ft->groups[gr->field]++;
        uint64_t satisfied = 0;
        for (int b = 0; b < UT_RATING_BANDS; b++) {
            ft->reviews_by_band[gr->field][b] += gr->reviews_by_band[b];
            if ((unsigned)b >= satisfied_from) satisfied += gr->reviews_by_band[b];
        }
        ft->satisfied_groups[gr->field] += satisfied >= UT_CLUSTER_SHRINK_MIN_REVIEWS;
    }
    for (uint32_t i = 0; i < a->n_cells; i++) {
        const ut_group_cell *c = &a->cells[i];
        size_t at = (size_t)a->groups[c->group].field * a->n_themes + c->theme;
        ft->complaints[at] += c->cell.complaints;
        for (int b = 0; b < UT_RATING_BANDS; b++)
            ft->complaints_by_band[at * UT_RATING_BANDS + b] += c->cell.complaints_by_band[b];
    }
    return fit_strengths(a, ft);
}

static void field_totals_free(field_totals *ft) {
    free(ft->complaints);
    free(ft->strength);
    free(ft->satisfied_strength);
    free(ft->complaints_by_band);
}

/* Whether a group's customers rate it at or above the corpus's customers,
 * compared at the precision written out, so the rating-band look and
 * hidden_by_average agree. */
static int rated_at_or_above_corpus(const ut_aggregate *a, const ut_group *g) {
    if (!g->rating_count || !a->rating_count) return 0;
    double mean = (double)g->rating_sum / UT_RATING_SCALE / (double)g->rating_count;
    double corpus = (double)a->rating_sum / UT_RATING_SCALE / (double)a->rating_count;
    return llround(mean * 1e4) >= llround(corpus * 1e4);
}

/* A cell's peers by rating band: their complaints about its theme and
 * their reviews. */
static void peer_bands(const ut_aggregate *a, const field_totals *ft, const candidate *c, uint64_t *pk, uint64_t *pn) {
    const ut_group *g = c->group;
    size_t at = ((size_t)g->field * a->n_themes + c->theme) * UT_RATING_BANDS;
    for (int b = 0; b < UT_RATING_BANDS; b++) {
        pk[b] = ft->complaints_by_band[at + b] - c->cell->cell.complaints_by_band[b];
        pn[b] = ft->reviews_by_band[g->field][b] - g->reviews_by_band[b];
    }
}

/* The complaints a group would have at its peers' rate within each rating
 * band: sum over bands of its reviews there times the peers' incidence
 * there. A group whose customers rate it higher is expected to complain
 * less, theme by theme as the peers' ratings say, so a complaint that its
 * satisfied customers make is measured against satisfied customers
 * elsewhere. 0 (no look) unless most of the group's reviews are rated and
 * its peers share a rating band with it. */
static double rated_expected(const candidate *c, const uint64_t *pk, const uint64_t *pn) {
    const ut_group *g = c->group;
    if (2 * (g->reviews - g->reviews_by_band[0]) < g->reviews) return 0;
    double expected = 0;
    int shared = 0; /* a rated band both the group and its peers have */
    for (int b = 0; b < UT_RATING_BANDS; b++) {
        uint64_t n = g->reviews_by_band[b];
        if (!n) continue;
        shared |= b > 0 && pn[b] > 0;
        /* a band no peer has: the peers' overall rate */
        expected += (double)n * (pn[b] ? share(pk[b], pn[b]) : share(c->peer_complaints, c->peer_reviews));
    }
    return shared ? expected : 0;
}

/* How much more (or less) a group complains than its peers about
 * everything: the median over the themes (with enough expected complaints
 * to judge) of its shrunk incidence over the peers'. A specific problem
 * moves one theme, not the median. 1 when too few themes vote. */
static double group_lift(const ut_aggregate *a, const field_totals *ft, uint32_t g, double *scratch) {
    const ut_group *gr = &a->groups[g];
    size_t m = 0;
    for (uint32_t t = 0; t < a->n_themes; t++) {
        uint64_t k = cell_complaints(a, g, t), total = ft->complaints[(size_t)gr->field * a->n_themes + t];
        uint64_t n_peer = ft->reviews[gr->field] - gr->reviews, k_peer = total - k;
        double p0 = share(k_peer, n_peer);
        if (p0 <= 0 || (double)gr->reviews * p0 < UT_GROUP_LIFT_MIN_EXPECTED) continue;
        double s = ft->strength[(size_t)gr->field * a->n_themes + t];
        scratch[m++] = ut_eb_shrunk_share(k, gr->reviews, p0, s) / p0;
    }
    if (m < UT_GROUP_LIFT_MIN_THEMES) return 1;
    return ut_median(scratch, m);
}

/* The p-value of a look at k complaints among n reviews against the
 * peers' rates in rating bands (expected in all: k + bands' counts at the
 * peers' rates): the larger of two tests, each too bold where the other is
 * not. The exact binomial at expected / n treats the peers' rates as known
 * (bold when the peers are few: one other country); the CMH test's normal
 * approximation is bold when a handful of complaints are expected. */
static double band_look_p(uint64_t k, uint64_t n, double expected, const uint64_t *bk, const uint64_t *bn,
                          const uint64_t *pk, const uint64_t *pn, size_t bands) {
    return fmax(ut_binomial_sf(k, n, expected / (double)n), ut_cmh_greater(bk, bn, pk, pn, bands));
}

/* The satisfied customers' look: complaints from the group's reviews rated
 * at or above the corpus mean against the peers' rate in the same bands. A
 * complaint the average hides is made by customers who otherwise rate the
 * group well; over every band, the noise of the few low-rated reviews (who
 * complain about everything) would drown it. Returns the p-value, 1 when
 * there is no look. */
static double satisfied_look(const ut_aggregate *a, const field_totals *ft, candidate *c, const uint64_t *pk,
                             const uint64_t *pn) {
    const ut_group *g = c->group;
    const uint64_t *k = c->cell->cell.complaints_by_band, *n = g->reviews_by_band;
    const unsigned first = satisfied_band(a);
    double e = 0;
    for (unsigned b = first; b < UT_RATING_BANDS; b++) {
        if (!n[b] || !pn[b]) continue; /* as the CMH test skips them */
        c->satisfied_reviews += n[b];
        c->satisfied_complaints += k[b];
        e += (double)n[b] * share(pk[b], pn[b]);
    }
    if (!(e > 0) || e >= (double)c->satisfied_reviews) return 1;
    c->has_satisfied = 1;
    c->satisfied_expected = e;
    c->satisfied_lift = (double)c->satisfied_complaints / e;
    uint64_t ks = c->satisfied_complaints, ns = c->satisfied_reviews;
    /* The prior weighs at most as many reviews as the cell's own satisfied
     * customers (a limited translation, after Efron and Morris): where the
     * groups' satisfied customers barely differ, the fitted prior is near
     * its clamp, one group's real problem hardly moves the fit, and a
     * prior five times the group's size would pull any bound under the
     * floor. The q-value still answers for chance. */
    double strength = ft->satisfied_strength[(size_t)c->group->field * a->n_themes + c->theme];
    if (strength > (double)ns) strength = (double)ns;
    double low = ut_eb_shrunk_lower(ks, ns, e / (double)ns, strength, UT_CLUSTER_RANK_Z);
    c->satisfied_excess_low = (double)ns * low - e;
    return band_look_p(ks, ns, e, k + first, n + first, pk + first, pn + first, UT_RATING_BANDS - first);
}

/* A cell whose satisfied customers complain at least twice as often as
 * satisfied customers elsewhere, 3 of them above that rate at the bound,
 * whatever its overall incidence: a good group's few unhappy customers
 * may complain less than elsewhere by chance, and that must not cancel
 * what its glowing reviews say. The floor is higher than the other looks'
 * 1.5x: few satisfied customers complain, so small counts make large
 * ratios by chance (with
 * the prior fitted on all reviews, 1.5x let a false cluster through in 4
 * corpora of 50 of the benchmark's null with a group worse at everything;
 * with the satisfied customers' own prior the bound decides, and 1.5x
 * measures the same as 2x). */
static int stands_out_of_its_satisfied(const candidate *c) {
    return c->has_satisfied && c->satisfied_lift >= UT_SATISFIED_MIN_LIFT &&
           c->satisfied_excess_low >= UT_CLUSTER_MIN_EXCESS;
}

/* A cell above its peers that stands out against peers of the same rating
 * band: 1.5x their rate there and 3 customers above it at the bound. */
static int stands_out_of_its_ratings(const candidate *c) {
    return c->has_rated && c->has_lift && c->lift >= 1 && c->rated_lift >= UT_GROUP_SPECIFIC_LIFT &&
           c->rated_excess_low >= UT_CLUSTER_MIN_EXCESS;
}

static int effect_holds(double lift, int has_lift, double excess_low) {
    return (!has_lift || lift >= UT_CLUSTER_MIN_LIFT) && excess_low >= UT_CLUSTER_MIN_EXCESS;
}

/* A better group's cell: at least its peers' rate, 1.5x its own level and
 * 3 customers above that level at the bound. */
static int stands_out_of_its_level(const candidate *c) {
    return c->group_lift < 1 && c->has_lift && c->lift >= 1 && c->lift / c->group_lift >= UT_GROUP_SPECIFIC_LIFT &&
           c->specific_excess_low >= UT_CLUSTER_MIN_EXCESS;
}

/* Whether `d` is a strict descendant of `t`. */
static int descends_from(const ut_aggregate *a, uint32_t d, uint32_t t) {
    for (uint32_t k = a->ancestor_start[d] + 1; k < a->ancestor_start[d + 1]; k++)
        if (a->ancestors[k] == t) return 1;
    return 0;
}

/* Demotes parents whose evidence their significant sub-themes carry. The
 * residual takes out the complaints of the maximal significant
 * descendants (those with no significant ancestor below the parent); a
 * review complaining of two of them is taken out twice, so the residual
 * errs toward demoting. `by_group` holds the candidates sorted by group. */
static void cover_parents(const ut_aggregate *a, candidate *cand, size_t n, double p_cut) {
    size_t start = 0;
    while (start < n) {
        size_t end = start + 1;
        while (end < n && cand[end].group == cand[start].group)
            end++;
        for (size_t i = start; i < end; i++) {
            candidate *p = &cand[i];
            if (!p->significant) continue;
            uint64_t k_sub = 0, k_peer_sub = 0;
            double best = -1;
            int32_t best_theme = -1;
            for (size_t j = start; j < end; j++) {
                const candidate *d = &cand[j];
                if (j == i || !d->significant || !descends_from(a, d->theme, p->theme)) continue;
                int maximal = 1;
                for (size_t l = start; l < end && maximal; l++)
                    if (l != j && l != i && cand[l].significant && descends_from(a, cand[l].theme, p->theme) &&
                        descends_from(a, d->theme, cand[l].theme))
                        maximal = 0;
                if (!maximal) continue;
                k_sub += d->cell->cell.complaints;
                k_peer_sub += d->peer_complaints;
                if (d->excess > best) best = d->excess, best_theme = (int32_t)d->theme;
            }
            if (best_theme < 0) continue;
            uint64_t n_g = p->group->reviews, k = p->cell->cell.complaints;
            uint64_t k_r = k > k_sub ? k - k_sub : 0;
            uint64_t k_peer_r = p->peer_complaints > k_peer_sub ? p->peer_complaints - k_peer_sub : 0;
            double p_r = ut_fisher_greater(k_r, n_g, k_peer_r, p->peer_reviews);
            double low_r = ut_excess_lower(k_r, n_g, k_peer_r, p->peer_reviews, p->strength, UT_CLUSTER_RANK_Z);
            double rate_peer = share(k_peer_r, p->peer_reviews), rate = share(k_r, n_g);
            int has_lift = rate_peer > 0;
            if (p_r <= p_cut && effect_holds(has_lift ? rate / rate_peer : 0, has_lift, low_r)) continue;
            p->covered_by = best_theme;
        }
        start = end;
    }
    for (size_t i = 0; i < n; i++)
        if (cand[i].covered_by >= 0) cand[i].significant = 0;
}

static int by_group_theme(const void *x, const void *y) {
    const candidate *a = x, *b = y;
    int c = ut_group_cmp(a->group, b->group);
    if (c) return c;
    return a->theme < b->theme ? -1 : a->theme > b->theme;
}

/* Counts by phrase key: open addressing over a power-of-two capacity, a
 * count of 0 marking an empty slot, and the slots in use listed so that
 * clearing costs what was used, not the capacity. */
typedef struct key_counts {
    uint64_t *keys, *counts;
    uint32_t *used;
    size_t n_used, cap;
} key_counts;

/* Room for `n` distinct keys at most half full; clears it. */
static int key_counts_reserve(key_counts *k, size_t n) {
    for (size_t i = 0; i < k->n_used; i++)
        k->counts[k->used[i]] = 0;
    k->n_used = 0;
    if (2 * n <= k->cap) return 0;
    size_t cap = 1024;
    while (cap < 2 * n)
        cap *= 2;
    free(k->keys), free(k->counts), free(k->used);
    k->keys = ut_malloc(cap * sizeof *k->keys);
    k->counts = ut_calloc(cap, sizeof *k->counts);
    k->used = ut_malloc(cap * sizeof *k->used);
    k->cap = k->keys && k->counts && k->used ? cap : 0;
    return k->cap ? 0 : UT_ENOMEM;
}

static void key_counts_add(key_counts *k, uint64_t key, uint64_t count) {
    size_t mask = k->cap - 1, i = (size_t)ut_hash_mix(key, 0x9e3779b97f4a7c15ull) & mask;
    while (k->counts[i] && k->keys[i] != key)
        i = (i + 1) & mask;
    if (!k->counts[i]) {
        k->keys[i] = key;
        k->used[k->n_used++] = (uint32_t)i;
    }
    k->counts[i] += count;
}

static void key_counts_free(key_counts *k) {
    free(k->keys), free(k->counts), free(k->used);
}

/* What ranking a cell's phrases needs besides the aggregate: the counts of
 * one cell's sample, their estimates summed over a cell's subtree, the
 * phrases to rank, and per theme the background counts looked up so far. */
typedef struct phrase_index {
    key_counts cell, subtree;
    ut_phrase_ref *refs; /* `cap` long */
    size_t cap;
    /* per theme, the background count of each slot of its negative table:
     * those the theme's own ranking looked up (shared, read-only), and the
     * rest as this thread looks them up (UINT64_MAX: not yet); every
     * group's cell of a theme ranks the same phrases */
    const uint64_t *const *known;
    uint64_t **background;
} phrase_index;

static int index_init(phrase_index *ix, const ut_aggregate *a, const uint64_t *const *known) {
    ix->known = known;
    ix->background = ut_calloc((size_t)a->n_themes + 1, sizeof *ix->background);
    return ix->background ? 0 : UT_ENOMEM;
}

static void index_free(phrase_index *ix, const ut_aggregate *a) {
    key_counts_free(&ix->cell);
    key_counts_free(&ix->subtree);
    free(ix->refs);
    for (uint32_t t = 0; ix->background && t < a->n_themes; t++)
        free(ix->background[t]);
    free(ix->background);
}

static const char *keep_buf(ut_summary *s, const ut_buf *tmp) {
    return tmp->failed ? NULL : ut_arena_strndup(&s->memory, tmp->data, tmp->len);
}

/* The n-gram keys a cell's sample holds, repeats included. */
static size_t sample_keys(const ut_mention_sample *sm) {
    size_t n = 0;
    for (uint32_t i = 0; i < sm->n; i++)
        n += sm->items[i].n_keys;
    return n;
}

/* Adds the phrases of one cell's sample to the subtree's counts (reserved
 * by the caller for every key of the subtree), each with its estimated
 * count: its count in the sample times offered / held, rounded (exact
 * when the sample holds every mention offered). */
static int gather_cell(phrase_index *ix, const ut_group_cell *gc) {
    const ut_mention_sample *sm = &gc->sample;
    size_t n_keys = sample_keys(sm);
    if (!n_keys) return 0;
    if (key_counts_reserve(&ix->cell, n_keys)) return UT_ENOMEM;
    for (uint32_t i = 0; i < sm->n; i++)
        for (uint32_t k = 0; k < sm->items[i].n_keys; k++)
            key_counts_add(&ix->cell, sm->items[i].keys[k], 1);
    for (size_t i = 0; i < ix->cell.n_used; i++) {
        uint32_t at = ix->cell.used[i];
        key_counts_add(&ix->subtree, ix->cell.keys[at], ut_mention_sample_estimate(sm, ix->cell.counts[at]));
    }
    return 0;
}

/* A cell's top phrases: its negative phrases (its own and its subtree's
 * cells', summed) against the rest of its theme's mentions. */
static char *top_phrases(const ut_aggregate *a, const ut_phrase_sum *theme_all, const candidate *c, phrase_index *ix,
                         ut_buf *tmp) {
    ut_ranked_phrase best[UT_TOP_PHRASES];
    const ut_phrase_table *theme_neg = &a->theme_negative[c->theme];
    uint32_t group = (uint32_t)(c->group - a->groups);
    size_t subtree_keys = 0;
    for (int pass = 0; pass < 2; pass++) { /* size the counts, then fill them */
        if (pass == 1 && key_counts_reserve(&ix->subtree, subtree_keys)) return NULL;
        for (uint32_t d = 0; d < a->n_themes; d++) {
            if (d != c->theme && !descends_from(a, d, c->theme)) continue;
            int64_t at = ut_aggregate_cell_find(a, group, d);
            if (at < 0) continue;
            if (pass == 0)
                subtree_keys += sample_keys(&a->cells[at].sample);
            else if (gather_cell(ix, &a->cells[at]))
                return NULL;
        }
    }
    /* the order of the phrases does not matter: they are ranked by a total
     * order (score, count, text) */
    size_t m = ix->subtree.n_used;
    if (m > ix->cap) {
        free(ix->refs);
        if (!(ix->refs = ut_malloc(m * sizeof *ix->refs))) return NULL;
        ix->cap = m;
    }
    for (size_t i = 0; i < m; i++) {
        uint32_t at = ix->subtree.used[i];
        ix->refs[i] = (ut_phrase_ref){ix->subtree.keys[at], ix->subtree.counts[at], NULL, 0};
    }
    size_t kept = 0;
    for (size_t i = 0; i < m; i++) {
        if (ix->refs[i].count < UT_PHRASE_MIN_COUNT) continue; /* never ranked: skip the look-up */
        const ut_phrase *p = ut_phrase_table_find(theme_neg, ix->refs[i].key);
        if (!p) continue; /* the theme's table stands higher on the ladder: no text */
        const size_t slot = (size_t)(p - theme_neg->slots);
        uint64_t background = ix->known && ix->known[c->theme] ? ix->known[c->theme][slot] : UINT64_MAX;
        if (background == UINT64_MAX) { /* a phrase the theme's ranking skipped */
            uint64_t *bg = ix->background[c->theme];
            if (!bg) {
                bg = ix->background[c->theme] = ut_malloc(((size_t)theme_neg->cap + 1) * sizeof *bg);
                if (!bg) return NULL;
                memset(bg, 0xff, ((size_t)theme_neg->cap + 1) * sizeof *bg);
            }
            if (bg[slot] == UINT64_MAX) bg[slot] = ut_phrase_sum_count(&theme_all[c->theme], p->key);
            background = bg[slot];
        }
        ix->refs[kept] = ix->refs[i];
        ix->refs[kept].background = background;
        ix->refs[kept++].text = ut_phrase_text(theme_neg, p);
    }
    size_t n = ut_phrases_rank_refs(ix->refs, kept, c->cell->phrase_total, &theme_all[c->theme], UT_PHRASE_MIN_COUNT,
                                    UT_PHRASE_PRIOR, best, UT_TOP_PHRASES);
    ut_buf_clear(tmp);
    for (size_t i = 0; i < n; i++) {
        if (i) ut_buf_puts(tmp, "; ");
        ut_buf_puts(tmp, best[i].text);
    }
    if (tmp->failed) return NULL;
    return ut_strndup(tmp->len ? tmp->data : "", tmp->len);
}

static const char *join_examples(ut_summary *s, const ut_cell *c, ut_buf *tmp) {
    ut_buf_clear(tmp);
    for (uint32_t i = 0; i < c->n_examples; i++) {
        if (i) ut_buf_puts(tmp, "; ");
        ut_buf_append(tmp, c->examples[i].id, c->examples[i].id_len);
    }
    return keep_buf(s, tmp);
}

/* Up to UT_QUOTES quotes of the examples, in their order (most negative
 * first; examples are distinct reviews); a text already quoted is not
 * repeated (a planted or templated complaint reads the same every time). */
static int quoted_before(const ut_cell *c, uint32_t i) {
    for (uint32_t j = 0; j < i; j++)
        if (c->examples[j].quote_len == c->examples[i].quote_len &&
            memcmp(c->examples[j].quote, c->examples[i].quote, c->examples[i].quote_len) == 0)
            return 1;
    return 0;
}

static const char *join_quotes(ut_summary *s, const ut_cell *c, ut_buf *tmp) {
    ut_buf_clear(tmp);
    int n = 0;
    for (uint32_t i = 0; i < c->n_examples && n < UT_QUOTES; i++) {
        if (!c->examples[i].quote_len || quoted_before(c, i)) continue;
        if (n++) ut_buf_puts(tmp, " | ");
        ut_buf_append(tmp, c->examples[i].quote, c->examples[i].quote_len);
    }
    return keep_buf(s, tmp);
}

/* Scores every cell against its peers; fills cand[0..*n) and the BH cut. */
static int score_cells(const ut_aggregate *a, const field_totals *ft, candidate *cand, size_t *n_out, double *p_cut) {
    size_t m = 0, tests = 0;
    for (size_t f = 0; f <= (size_t)a->n_groups; f++)
        for (uint32_t t = 0; t < a->n_themes; t++)
            if (ft->complaints[f * a->n_themes + t]) tests += ft->groups[f];
    double *scratch = ut_malloc(((size_t)a->n_themes + 1) * sizeof *scratch);
    double *lifts = ut_malloc(((size_t)a->n_group_rows + 1) * sizeof *lifts);
    double *p = ut_malloc((tests + 1) * sizeof *p);
    if (!scratch || !lifts || !p) {
        free(scratch), free(lifts), free(p);
        return UT_ENOMEM;
    }
    for (uint32_t g = 0; g < a->n_group_rows; g++)
        lifts[g] = group_lift(a, ft, g, scratch);
    for (uint32_t i = 0; i < a->n_cells; i++) {
        const ut_group_cell *gc = &a->cells[i];
        if (gc->cell.complaints == 0) continue;
        const ut_group *g = &a->groups[gc->group];
        size_t ft_at = (size_t)g->field * a->n_themes + gc->theme;
        candidate *c = &cand[m++];
        memset(c, 0, sizeof *c);
        c->cell = gc;
        c->group = g;
        c->theme = gc->theme;
        c->covered_by = -1;
        c->peer_reviews = ft->reviews[g->field] - g->reviews;
        c->peer_complaints = ft->complaints[ft_at] - gc->cell.complaints;
        c->strength = ft->strength[ft_at];
        uint64_t k = gc->cell.complaints, n = g->reviews;
        c->p_value = ut_fisher_greater(k, n, c->peer_complaints, c->peer_reviews);
        c->excess = ut_excess(k, n, c->peer_complaints, c->peer_reviews);
        c->excess_low = ut_excess_lower(k, n, c->peer_complaints, c->peer_reviews, c->strength, UT_CLUSTER_RANK_Z);
        double p0 = share(c->peer_complaints, c->peer_reviews);
        c->has_lift = p0 > 0;
        c->lift = c->has_lift ? share(k, n) / p0 : 0;
        /* worse (or better) at everything only when practically so */
        double gl = lifts[gc->group];
        c->group_lift = gl >= UT_CLUSTER_MIN_LIFT || gl * UT_CLUSTER_MIN_LIFT <= 1 ? gl : 1;
        c->specific_excess_low = c->excess_low - (double)n * p0 * (c->group_lift - 1);
        /* Each look at the cell is a test; the smallest p-value times the
         * number of looks (Bonferroni) is the cell's. */
        double p_min = c->p_value;
        int looks = 1;
        /* The own-level and rating-band looks can only make a cell at
         * least at its peers' rate significant; below it, they would only
         * lift it in the order of the rest above cells that are over their
         * peers. The satisfied customers' look is taken for every cell. */
        int above_peers = c->has_lift && c->lift >= 1;
        if (c->group_lift < 1 && above_peers) {
            /* A group better than its peers at everything is judged also
             * against its own level: a theme at its peers' rate there is a
             * problem its average hides. */
            p_min = fmin(p_min, ut_binomial_sf(k, n, p0 * c->group_lift));
            looks++;
        }
        /* A group the average would flatter, not worse at everything, is
         * judged also against peers of the same rating (band_look_p over
         * every band), and on its satisfied customers. */
        uint64_t pk[UT_RATING_BANDS], pn[UT_RATING_BANDS];
        double e = 0;
        if (c->group_lift <= 1 && rated_at_or_above_corpus(a, g)) {
            peer_bands(a, ft, c, pk, pn);
            e = rated_expected(c, pk, pn);
        }
        if (e > 0 && e < (double)n) {
            c->has_rated = 1;
            c->rated_expected = e;
            c->rated_lift = (double)k / e;
            /* the bound of a posterior pulled toward the expected rate, as
             * excess_low's is toward the peers' */
            c->rated_excess_low =
                (double)n * ut_eb_shrunk_lower(k, n, e / (double)n, c->strength, UT_CLUSTER_RANK_Z) - e;
            if (above_peers) {
                p_min = fmin(p_min, band_look_p(k, n, e, gc->cell.complaints_by_band, g->reviews_by_band, pk, pn,
                                                UT_RATING_BANDS));
                looks++;
            }
            /* Below its peers, only where the satisfied customers' prior
             * was fitted: with one or two other groups (two product
             * categories), a group's satisfied customers cannot be told
             * from another population's, and the look has no caution
             * learnt from the field. */
            if (above_peers || ft->satisfied_groups[g->field] >= UT_EB_MIN_CELLS) {
                double p_satisfied = satisfied_look(a, ft, c, pk, pn);
                if (c->has_satisfied) p_min = fmin(p_min, p_satisfied), looks++;
            }
        }
        c->p_value = fmin(1, looks * p_min);
    }
    for (size_t i = 0; i < tests; i++)
        p[i] = i < m ? cand[i].p_value : 1; /* the cells with no complaint */
    int rc = ut_bh_adjust(p, p, tests > m ? tests : m);
    if (!rc) {
        *p_cut = 0;
        for (size_t i = 0; i < m; i++) {
            candidate *c = &cand[i];
            c->q_value = p[i];
            c->significant = c->q_value <= UT_CLUSTER_MAX_Q &&
                             (effect_holds(c->lift, c->has_lift, c->excess_low) || stands_out_of_its_level(c) ||
                              stands_out_of_its_ratings(c) || stands_out_of_its_satisfied(c));
            if (c->significant && stands_out_of_its_ratings(c) && c->rated_excess_low > c->specific_excess_low)
                c->specific_excess_low = c->rated_excess_low;
            if (c->significant && stands_out_of_its_satisfied(c) && c->satisfied_excess_low > c->specific_excess_low)
                c->specific_excess_low = c->satisfied_excess_low;
            if (c->significant && c->p_value > *p_cut) *p_cut = c->p_value;
        }
    }
    free(scratch), free(lifts), free(p);
    *n_out = m;
    return rc;
}

/* Sorts into the output order: specific, group-wide, the rest. */
static void rank_cells(ut_summary *s, const ut_aggregate *a, candidate *cand, size_t m, double p_cut) {
    qsort(cand, m, sizeof *cand, by_group_theme);
    cover_parents(a, cand, m, p_cut);
    for (size_t i = 0; i < m; i++) {
        candidate *c = &cand[i];
        double lift_specific = c->has_lift ? c->lift / c->group_lift : 0;
        c->group_wide = c->significant && c->group_lift > 1 &&
                        !((!c->has_lift || lift_specific >= UT_GROUP_SPECIFIC_LIFT) &&
                          c->specific_excess_low >= UT_CLUSTER_MIN_EXCESS);
        c->tier = c->significant ? (c->group_wide ? 1 : 0) : 2;
        s->n_group_wide += c->group_wide != 0;
    }
    qsort(cand, m, sizeof *cand, candidate_cmp);
}

static int fill_row(ut_summary *s, const ut_aggregate *a, const candidate *c, ut_cluster_row *r, size_t i,
                    const char *phrases, ut_buf *tmp) {
    const ut_cell *cell = &c->cell->cell;
    const ut_group *g = c->group;
    memset(r, 0, sizeof *r);
    r->rank = (uint32_t)(i + 1);
    char *key = ut_arena_alloc(&s->memory, (size_t)g->key_len + 1);
    if (!key) return UT_ENOMEM;
    memcpy(key, g->key, (size_t)g->key_len + 1);
    r->group = key;
    r->group_field = s->group_fields[g->field];
    r->theme = s->theme_names[c->theme];
    r->theme_id = c->theme;
    r->reviews = g->reviews;
    r->complaints = cell->complaints;
    r->peer_reviews = c->peer_reviews;
    r->peer_complaints = c->peer_complaints;
    r->incidence = share(cell->complaints, g->reviews);
    r->peer_incidence = share(c->peer_complaints, c->peer_reviews);
    r->has_lift = c->has_lift;
    r->lift = c->lift;
    r->excess = c->excess;
    r->excess_low = c->excess_low;
    r->p_value = c->p_value;
    r->q_value = c->q_value;
    r->shrunk_incidence = ut_eb_shrunk_share(cell->complaints, g->reviews, r->peer_incidence, c->strength);
    r->prior_strength = c->strength;
    r->group_lift = c->group_lift;
    r->specific_excess_low = c->specific_excess_low;
    r->has_rated = c->has_rated;
    r->rated_expected = c->rated_expected;
    r->rated_lift = c->rated_lift;
    r->has_satisfied = c->has_satisfied;
    r->satisfied_reviews = c->satisfied_reviews;
    r->satisfied_complaints = c->satisfied_complaints;
    r->satisfied_expected = c->satisfied_expected;
    r->significant = c->significant;
    r->group_wide = c->group_wide;
    r->covered_by = c->covered_by >= 0 ? s->theme_names[c->covered_by] : "";
    r->has_rating = g->rating_count > 0 && s->rated_records > 0;
    r->mean_rating = g->rating_count ? (double)g->rating_sum / UT_RATING_SCALE / (double)g->rating_count : 0;
    r->corpus_mean_rating = s->mean_rating;
    r->has_complaint_rating = cell->complaint_rating_count > 0;
    r->complaint_mean_rating = r->has_complaint_rating ? (double)cell->complaint_rating_sum / UT_RATING_SCALE /
                                                             (double)cell->complaint_rating_count
                                                       : 0;
    r->mean_compound = g->reviews ? (double)g->compound_sum / UT_SCORE_SCALE / (double)g->reviews : 0;
    r->corpus_mean_compound = s->mean_compound;
    /* compared at the precision written out, so the flag agrees with the columns */
    r->hidden_by_average = r->has_rating ? rated_at_or_above_corpus(a, g)
                                         : llround(r->mean_compound * 1e4) >= llround(r->corpus_mean_compound * 1e4);
    r->mentions = cell->mentions;
    r->negative = cell->negative;
    r->top_phrases = ut_arena_strndup(&s->memory, phrases, strlen(phrases));
    r->example_ids = join_examples(s, cell, tmp);
    r->quotes = join_quotes(s, cell, tmp);
    return r->top_phrases && r->example_ids && r->quotes ? 0 : UT_ENOMEM;
}

/* Every row's top phrases, on up to `threads` threads: a row's phrases
 * read only the aggregate, so rows are independent; each thread has its
 * own scratch. phrases[i] is malloc'd (NULL only if out of memory). */
static int rank_all_phrases(const ut_aggregate *a, const ut_phrase_sum *theme_all, const uint64_t *const *known,
                            const candidate *cand, size_t m, int threads, char **phrases) {
    int failed = 0;
#pragma omp parallel num_threads(threads) reduction(| : failed)
    {
        phrase_index ix = {0};
        ut_buf tmp = UT_BUF_INIT;
        int ok = index_init(&ix, a, known) == 0;
#pragma omp for schedule(dynamic, 16)
        for (size_t i = 0; i < m; i++)
            if (!ok || !(phrases[i] = top_phrases(a, theme_all, &cand[i], &ix, &tmp))) failed = 1;
        index_free(&ix, a);
        ut_buf_free(&tmp);
    }
    return failed ? UT_ENOMEM : 0;
}

int ut_summary_build_clusters(ut_summary *s, const ut_aggregate *a, const ut_phrase_sum *theme_all,
                              const uint64_t *const *background, int threads) {
    candidate *cand = ut_calloc((size_t)a->n_cells + 1, sizeof *cand);
    char **phrases = NULL;
    ut_buf tmp = UT_BUF_INIT;
    field_totals ft;
    int rc = field_totals_build(a, &ft);
    size_t m = 0;
    double p_cut = 0;
    if (!rc && !cand) rc = UT_ENOMEM;
    if (!rc) rc = score_cells(a, &ft, cand, &m, &p_cut);
    if (rc) goto done;
    rank_cells(s, a, cand, m, p_cut);
    s->clusters = ut_arena_alloc(&s->memory, (m ? m : 1) * sizeof *s->clusters);
    phrases = ut_calloc(m + 1, sizeof *phrases);
    rc = UT_ENOMEM;
    if (!s->clusters || !phrases) goto done;
    if ((rc = rank_all_phrases(a, theme_all, background, cand, m, threads, phrases))) goto done;
    for (size_t i = 0; i < m; i++) {
        if ((rc = fill_row(s, a, &cand[i], &s->clusters[i], i, phrases[i], &tmp))) goto done;
        s->n_significant += cand[i].significant != 0;
    }
    s->n_clusters = m;
    rc = 0;
done:
    for (size_t i = 0; phrases && i < m; i++)
        free(phrases[i]);
    free(phrases);
    field_totals_free(&ft);
    free(cand);
    ut_buf_free(&tmp);
    return rc;
}
