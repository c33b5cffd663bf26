/* stats.h — the statistics behind the cluster ranking, phrase scores and
 * trend alerts.
 *
 * Everything here is a pure function of its arguments (no state, no
 * allocation except ut_bh_adjust's scratch), so the summaries built from
 * exact integer counts are themselves exact and reproducible. */
#ifndef UT_STATS_H
#define UT_STATS_H

#include <stddef.h>
#include <stdint.h>

/* z for a two-sided 95% interval (the one-sided 97.5% quantile). */
#define UT_Z95 1.959963984540054

/* Wilson score interval of k successes in n trials at normal quantile z.
 * n == 0 gives 0 (lower) and 1 (upper). */
double ut_wilson_lower(uint64_t k, uint64_t n, double z);
double ut_wilson_upper(uint64_t k, uint64_t n, double z);

/* Regularised incomplete beta function I_x(a, b), a, b > 0, x in [0, 1]. */
double ut_incomplete_beta(double a, double b, double x);

/* One-sided exact binomial test: P(X >= k) for X ~ Binomial(n, p). */
double ut_binomial_sf(uint64_t k, uint64_t n, double p);

/* Benjamini–Hochberg adjusted p-values: q[i] for p[i], i < m (q may alias
 * p). Ties keep input order, so the result does not depend on anything but
 * the values. Returns 0 or UT_ENOMEM. */
int ut_bh_adjust(const double *p, double *q, size_t m);

/* Beta-binomial empirical Bayes: fits the prior strength s (pseudo-trials)
 * of a Beta(p0*s, (1-p0)*s) prior around baseline p0 from the cells'
 * counts by the method of moments: the spread of the cells' shares beyond
 * what binomial noise explains is the prior's variance p0(1-p0)/(s+1).
 * Cells with fewer than `min_n` trials are ignored. Returns `fallback` when
 * fewer than UT_EB_MIN_CELLS cells qualify, UT_SHRINK_MAX when the shares
 * show no extra spread; the result is clamped to [UT_SHRINK_MIN,
 * UT_SHRINK_MAX]. The floor is 20 mentions:
 * mentions of one review are not independent (an angry review names the
 * staff three times), so a cell's own data should outweigh the baseline
 * only once it has a few dozen mentions. */
#define UT_EB_MIN_CELLS 3
#define UT_SHRINK_MIN 20.0
#define UT_SHRINK_MAX 2000.0
#define UT_SHRINK_DEFAULT 20.0
double ut_eb_fit_strength(const uint64_t *k, const uint64_t *n, size_t cells, double p0, uint64_t min_n,
                          double fallback);

/* The same fit for cells whose expected shares differ: cell i is expected
 * at share[i] with binomial noise of variance noise[i] in its share (what
 * its mix of strata predicts: the sum over its strata of n_b p_b (1-p_b),
 * over n_i^2), and only its spread beyond both counts; p0 (the pooled
 * share) turns the spread into a strength. ut_eb_fit_strength is this with
 * share[i] = p0 and noise[i] = p0 (1-p0) / n_i. */
double ut_eb_fit_strength_around(const uint64_t *k, const uint64_t *n, const double *share, const double *noise,
                                 size_t cells, double p0, uint64_t min_n, double fallback);

/* Posterior mean of the share under that prior: (k + p0*s) / (n + s). */
double ut_eb_shrunk_share(uint64_t k, uint64_t n, double p0, double s);

/* A conservative point of the posterior: its mean minus z posterior
 * standard deviations (normal approximation of the Beta posterior). */
double ut_eb_shrunk_lower(uint64_t k, uint64_t n, double p0, double s, double z);

/* One-sided Cochran–Mantel–Haenszel test over strata: P(the group's
 * complaints are this many or more above what its share of each stratum
 * predicts), from the normal approximation with a continuity correction.
 * k[b], n[b]: the group's complaints and reviews in stratum b; pk[b],
 * pn[b]: the peers'. Strata with no one on either side add nothing.
 * Returns 1 when no stratum has variance. */
double ut_cmh_greater(const uint64_t *k, const uint64_t *n, const uint64_t *pk, const uint64_t *pn, size_t strata);

/* One-sided Fisher exact test of "the first sample's share is higher":
 * k1 successes in n1 trials against k2 in n2. Returns P(X >= k1) for X
 * hypergeometric (population n1 + n2 with k1 + k2 successes, n1 drawn):
 * exact, with the peers' own sampling noise counted, which a binomial test
 * against the peers' share would ignore. Degenerate tables give 1. */
double ut_fisher_greater(uint64_t k1, uint64_t n1, uint64_t k2, uint64_t n2);

/* The excess of a group over its peers, k - n * p_peer with p_peer =
 * k_peer / n_peer, and its one-sided lower bound at normal quantile z: the
 * group's share is taken from the Beta posterior of strength `s` centred on
 * p_peer (so a small group is pulled toward its peers), and the bound
 * counts the posterior's spread and the peers' binomial noise:
 *   n * (mean - p_peer - z * sqrt(var_posterior + p_peer (1 - p_peer) / n_peer)).
 * n_peer == 0 gives 0 for both. */
double ut_excess(uint64_t k, uint64_t n, uint64_t k_peer, uint64_t n_peer);
double ut_excess_lower(uint64_t k, uint64_t n, uint64_t k_peer, uint64_t n_peer, double s, double z);

/* The median of x[0..n) (reorders x); 0 for n == 0. */
double ut_median(double *x, size_t n);

/* Weighted log-odds ratio with an informative Dirichlet prior (Monroe,
 * Colaresi & Quinn 2008, eq. 16 and 19): the z-score of a phrase's use in
 * corpus i (y_i of n_i) against corpus j (y_j of n_j), with prior
 * pseudo-count alpha_w for the phrase out of alpha_0 in total. */
double ut_log_odds_z(double y_i, double n_i, double y_j, double n_j, double alpha_w, double alpha_0);

#endif
