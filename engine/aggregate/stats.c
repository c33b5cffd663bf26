/* stats.c — Wilson bounds, the exact binomial tail, Benjamini–Hochberg,
 * beta-binomial shrinkage and Dirichlet-prior log-odds; see stats.h.
 *
 * The binomial tail goes through the regularised incomplete beta function
 * (P(X >= k) = I_p(k, n-k+1)) evaluated by Lentz's continued fraction, so a
 * cell with a million mentions costs the same as one with ten. */
#include "aggregate/stats.h"

#include <math.h>
#include <stdlib.h>

#include "util/common.h"

double ut_wilson_lower(uint64_t k, uint64_t n, double z) {
    if (n == 0) return 0;
    double nn = (double)n, p = (double)k / nn, z2 = z * z;
    double center = p + z2 / (2 * nn);
    double half = z * sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn));
    double low = (center - half) / (1 + z2 / nn);
    return low < 0 ? 0 : low;
}

double ut_wilson_upper(uint64_t k, uint64_t n, double z) {
    if (n == 0) return 1;
    double nn = (double)n, p = (double)k / nn, z2 = z * z;
    double center = p + z2 / (2 * nn);
    double half = z * sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn));
    double high = (center + half) / (1 + z2 / nn);
    return high > 1 ? 1 : high;
}

/* The continued fraction of I_x(a, b) (modified Lentz), valid and fast for
 * x < (a + 1) / (a + b + 2); the caller uses the symmetry otherwise. */
static double beta_continued_fraction(double a, double b, double x) {
    const double tiny = 1e-300, eps = 1e-15;
    double qab = a + b, qap = a + 1, qam = a - 1;
    double c = 1, d = 1 - qab * x / qap;
    if (fabs(d) < tiny) d = tiny;
    d = 1 / d;
    double h = d;
    for (int m = 1; m <= 10000; m++) {
        double m2 = 2.0 * m;
        double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1 + aa * d;
        if (fabs(d) < tiny) d = tiny;
        c = 1 + aa / c;
        if (fabs(c) < tiny) c = tiny;
        d = 1 / d;
        h *= d * c;
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1 + aa * d;
        if (fabs(d) < tiny) d = tiny;
        c = 1 + aa / c;
        if (fabs(c) < tiny) c = tiny;
        d = 1 / d;
        double del = d * c;
        h *= del;
        if (fabs(del - 1) < eps) break;
    }
    return h;
}

double ut_incomplete_beta(double a, double b, double x) {
    if (x <= 0) return 0;
    if (x >= 1) return 1;
    double log_front = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x);
    if (x < (a + 1) / (a + b + 2)) return exp(log_front) * beta_continued_fraction(a, b, x) / a;
    return 1 - exp(log_front) * beta_continued_fraction(b, a, 1 - x) / b;
}

double ut_binomial_sf(uint64_t k, uint64_t n, double p) {
    if (k == 0) return 1;
    if (k > n) return 0;
    if (p <= 0) return 0;
    if (p >= 1) return 1;
    double sf = ut_incomplete_beta((double)k, (double)(n - k + 1), p);
    return sf < 0 ? 0 : sf > 1 ? 1 : sf;
}

typedef struct ranked_p {
    double p;
    size_t idx;
} ranked_p;

static int ranked_p_cmp(const void *a, const void *b) {
    const ranked_p *x = a, *y = b;
    if (x->p != y->p) return x->p < y->p ? -1 : 1;
    return x->idx < y->idx ? -1 : x->idx > y->idx;
}

int ut_bh_adjust(const double *p, double *q, size_t m) {
    if (m == 0) return 0;
    ranked_p *r = ut_malloc(m * sizeof *r);
    if (!r) return UT_ENOMEM;
    for (size_t i = 0; i < m; i++)
        r[i] = (ranked_p){p[i], i};
    qsort(r, m, sizeof *r, ranked_p_cmp);
    /* q of rank i is the smallest p_j * m / j over ranks j >= i. */
    double running = 1;
    for (size_t i = m; i-- > 0;) {
        double adj = r[i].p * (double)m / (double)(i + 1);
        if (adj < running) running = adj;
        r[i].p = running;
    }
    for (size_t i = 0; i < m; i++)
        q[r[i].idx] = r[i].p;
    free(r);
    return 0;
}

double ut_eb_fit_strength_around(const uint64_t *k, const uint64_t *n, const double *share, const double *noise,
                                 size_t cells, double p0, uint64_t min_n, double fallback) {
    if (p0 <= 0 || p0 >= 1) return fallback;
    /* Method of moments on the shares: E[(x_i - p_i)^2] = noise_i + tau^2,
     * so tau^2 is the mean excess of the squared deviations. */
    double excess = 0;
    size_t used = 0;
    for (size_t i = 0; i < cells; i++) {
        if (n[i] < min_n) continue;
        double expected = share ? share[i] : p0;
        double dev = (double)k[i] / (double)n[i] - expected;
        excess += dev * dev - (noise ? noise[i] : expected * (1 - expected) / (double)n[i]);
        used++;
    }
    if (used < UT_EB_MIN_CELLS) return fallback;
    double tau2 = excess / (double)used;
    if (tau2 <= 0) return UT_SHRINK_MAX;
    double s = p0 * (1 - p0) / tau2 - 1;
    if (!(s >= UT_SHRINK_MIN)) s = UT_SHRINK_MIN;
    if (s > UT_SHRINK_MAX) s = UT_SHRINK_MAX;
    return s;
}

double ut_eb_fit_strength(const uint64_t *k, const uint64_t *n, size_t cells, double p0, uint64_t min_n,
                          double fallback) {
    return ut_eb_fit_strength_around(k, n, NULL, NULL, cells, p0, min_n, fallback);
}

double ut_eb_shrunk_share(uint64_t k, uint64_t n, double p0, double s) {
    return ((double)k + p0 * s) / ((double)n + s);
}

double ut_eb_shrunk_lower(uint64_t k, uint64_t n, double p0, double s, double z) {
    double a = (double)k + p0 * s, b = (double)(n - k) + (1 - p0) * s;
    double mean = a / (a + b);
    double var = a * b / ((a + b) * (a + b) * (a + b + 1));
    return mean - z * sqrt(var);
}

double ut_log_odds_z(double y_i, double n_i, double y_j, double n_j, double alpha_w, double alpha_0) {
    double a_i = y_i + alpha_w, b_i = n_i + alpha_0 - y_i - alpha_w;
    double a_j = y_j + alpha_w, b_j = n_j + alpha_0 - y_j - alpha_w;
    if (a_i <= 0 || b_i <= 0 || a_j <= 0 || b_j <= 0) return 0;
    double delta = log(a_i / b_i) - log(a_j / b_j);
    double var = 1 / a_i + 1 / a_j;
    return delta / sqrt(var);
}

/* log of the hypergeometric probability of x (population N with K
 * successes, n drawn). */
static double hypergeom_log_pmf(double x, double N, double K, double n) {
    return lgamma(K + 1) - lgamma(x + 1) - lgamma(K - x + 1) + lgamma(N - K + 1) - lgamma(n - x + 1) -
           lgamma(N - K - n + x + 1) - lgamma(N + 1) + lgamma(n + 1) + lgamma(N - n + 1);
}

double ut_fisher_greater(uint64_t k1, uint64_t n1, uint64_t k2, uint64_t n2) {
    if (n1 == 0 || k1 == 0) return 1;
    double N = (double)n1 + (double)n2, K = (double)k1 + (double)k2, n = (double)n1;
    double lo = fmax(0, n - (N - K)), hi = fmin(n, K), x0 = (double)k1;
    if (x0 <= lo) return 1;
    double mode = floor((n + 1) * (K + 1) / (N + 2));
    /* Sum the tail on the side away from the mode, where the terms fall
     * off, so a few dozen terms give full precision. */
    if (x0 > mode) {
        double term = exp(hypergeom_log_pmf(x0, N, K, n)), sum = 0;
        for (double x = x0; x <= hi; x++) {
            sum += term;
            if (term < sum * 1e-17) break;
            term *= (K - x) * (n - x) / ((x + 1) * (N - K - n + x + 1));
        }
        return fmin(1, sum);
    }
    double term = exp(hypergeom_log_pmf(x0 - 1, N, K, n)), below = 0;
    for (double x = x0 - 1; x >= lo; x--) {
        below += term;
        if (term < below * 1e-17) break;
        term *= x * (N - K - n + x) / ((K - x + 1) * (n - x + 1));
    }
    return fmax(0, fmin(1, 1 - below));
}

double ut_excess(uint64_t k, uint64_t n, uint64_t k_peer, uint64_t n_peer) {
    if (n_peer == 0) return 0;
    return (double)k - (double)n * ((double)k_peer / (double)n_peer);
}

double ut_excess_lower(uint64_t k, uint64_t n, uint64_t k_peer, uint64_t n_peer, double s, double z) {
    if (n_peer == 0 || n == 0) return 0;
    double p0 = (double)k_peer / (double)n_peer;
    double a = (double)k + p0 * s, b = (double)(n - k) + (1 - p0) * s;
    double mean = a / (a + b);
    double var = a * b / ((a + b) * (a + b) * (a + b + 1)) + p0 * (1 - p0) / (double)n_peer;
    return (double)n * (mean - p0 - z * sqrt(var));
}

static int double_cmp(const void *x, const void *y) {
    double a = *(const double *)x, b = *(const double *)y;
    return a < b ? -1 : a > b;
}

double ut_median(double *x, size_t n) {
    if (n == 0) return 0;
    qsort(x, n, sizeof *x, double_cmp);
    return n % 2 ? x[n / 2] : (x[n / 2 - 1] + x[n / 2]) / 2;
}

double ut_cmh_greater(const uint64_t *k, const uint64_t *n, const uint64_t *pk, const uint64_t *pn, size_t strata) {
    double observed = 0, expected = 0, variance = 0;
    for (size_t b = 0; b < strata; b++) {
        double total = (double)(n[b] + pn[b]), cases = (double)(k[b] + pk[b]);
        if (n[b] == 0 || pn[b] == 0 || total < 2) continue;
        observed += (double)k[b];
        expected += (double)n[b] * cases / total;
        variance += (double)n[b] * (double)pn[b] * cases * (total - cases) / (total * total * (total - 1));
    }
    if (variance <= 0) return 1;
    double z = (observed - expected - 0.5) / sqrt(variance);
    return 0.5 * erfc(z / sqrt(2.0));
}
