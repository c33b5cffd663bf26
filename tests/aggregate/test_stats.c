/* test_stats.c — every statistic against values computed by hand (or with
 * exact rational arithmetic), and the shrinkage ordering the ranking needs. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "aggregate/stats.h"

static void wilson_bounds(void **state) {
    (void)state;
    /* 3 of 10: the textbook interval [0.1078, 0.6032]. */
    assert_float_equal(ut_wilson_lower(3, 10, UT_Z95), 0.10779, 1e-4);
    assert_float_equal(ut_wilson_upper(3, 10, UT_Z95), 0.60322, 1e-4);
    assert_float_equal(ut_wilson_lower(0, 10, UT_Z95), 0.0, 1e-12);
    assert_float_equal(ut_wilson_upper(10, 10, UT_Z95), 1.0, 1e-12);
    assert_float_equal(ut_wilson_lower(0, 0, UT_Z95), 0.0, 0);
    assert_float_equal(ut_wilson_upper(0, 0, UT_Z95), 1.0, 0);
}

static void binomial_tail(void **state) {
    (void)state;
    /* 1 - P(0) - P(1) - P(2) for Binomial(10, 0.1), by hand. */
    assert_float_equal(ut_binomial_sf(3, 10, 0.1), 0.0701908264, 1e-9);
    /* exact rational sums */
    assert_float_equal(ut_binomial_sf(230, 2000, 0.1), 0.015261241479472868, 1e-9);
    assert_float_equal(ut_binomial_sf(30, 50, 0.5), 0.10131937553227033, 1e-9);
    assert_float_equal(ut_binomial_sf(0, 5, 0.3), 1.0, 0);
    assert_float_equal(ut_binomial_sf(6, 5, 0.3), 0.0, 0);
    assert_float_equal(ut_binomial_sf(1, 5, 0.0), 0.0, 0);
    assert_float_equal(ut_binomial_sf(5, 5, 1.0), 1.0, 0);
    /* P(X >= 5) for n = 5 is p^5 */
    assert_float_equal(ut_binomial_sf(5, 5, 0.5), 1.0 / 32, 1e-12);
    assert_float_equal(ut_incomplete_beta(1, 1, 0.25), 0.25, 1e-12);
}

static void benjamini_hochberg(void **state) {
    (void)state;
    double p[4] = {0.01, 0.04, 0.03, 0.20}, q[4];
    assert_int_equal(ut_bh_adjust(p, q, 4), 0);
    /* sorted 0.01 0.03 0.04 0.20 -> raw 0.04 0.06 0.0533 0.20 -> running min from the top */
    assert_float_equal(q[0], 0.04, 1e-12);
    assert_float_equal(q[1], 0.16 / 3, 1e-12);
    assert_float_equal(q[2], 0.16 / 3, 1e-12);
    assert_float_equal(q[3], 0.20, 1e-12);
    /* in place, with ties */
    double t[3] = {0.5, 0.5, 0.9};
    assert_int_equal(ut_bh_adjust(t, t, 3), 0);
    assert_float_equal(t[0], 0.75, 1e-12);
    assert_float_equal(t[1], 0.75, 1e-12);
    assert_float_equal(t[2], 0.9, 1e-12);
    assert_int_equal(ut_bh_adjust(NULL, NULL, 0), 0);
}

static void log_odds(void **state) {
    (void)state;
    /* delta = ln(11/99) - ln(6/204), var = 1/11 + 1/6 */
    assert_float_equal(ut_log_odds_z(10, 100, 5, 200, 1, 10), 2.6188879114797996, 1e-9);
    /* the same rate in both corpora scores 0 */
    assert_float_equal(ut_log_odds_z(10, 100, 20, 200, 2, 20), 0.0, 1e-9);
    /* under-use is negative */
    assert_true(ut_log_odds_z(1, 100, 40, 200, 1, 10) < 0);
}

static void shrinkage_orders_by_evidence(void **state) {
    (void)state;
    double p0 = 0.1, s = UT_SHRINK_DEFAULT;
    double small = ut_eb_shrunk_lower(2, 3, p0, s, 1.6448536269514722);
    double large = ut_eb_shrunk_lower(300, 2000, p0, s, 1.6448536269514722);
    assert_true(large > small);
    /* for every strength the ranking may pick, 2 of 3 stays below 300 of 2000 */
    for (double st = UT_SHRINK_MIN; st <= UT_SHRINK_MAX; st *= 2)
        assert_true(ut_eb_shrunk_lower(300, 2000, p0, st, 1.6448536269514722) >
                    ut_eb_shrunk_lower(2, 3, p0, st, 1.6448536269514722));
    /* the posterior mean lies between the raw share and the baseline */
    double m = ut_eb_shrunk_share(2, 3, p0, s);
    assert_true(m > p0 && m < 2.0 / 3);
    assert_float_equal(ut_eb_shrunk_share(2, 3, p0, 20), (2 + 2.0) / 23, 1e-12);
}

static void shrinkage_strength_fit(void **state) {
    (void)state;
    /* shares exactly at the baseline: no extra spread -> the strongest prior */
    uint64_t k1[4] = {10, 20, 30, 40}, n1[4] = {100, 200, 300, 400};
    assert_float_equal(ut_eb_fit_strength(k1, n1, 4, 0.1, 5, 20), UT_SHRINK_MAX, 0);
    /* widely spread shares -> a weak prior */
    uint64_t k2[4] = {90, 0, 80, 2}, n2[4] = {100, 100, 100, 100};
    double s = ut_eb_fit_strength(k2, n2, 4, 0.43, 5, 20);
    assert_float_equal(s, UT_SHRINK_MIN, 0);
    /* too few cells -> the fallback */
    assert_float_equal(ut_eb_fit_strength(k2, n2, 2, 0.43, 5, 20), 20, 0);
}

/* The fit around expected shares that differ by cell (a mix of rating
 * bands): only the spread beyond each cell's own expectation and noise
 * counts. */
static void shrinkage_strength_fit_around(void **state) {
    (void)state;
    const double share[4] = {0.1, 0.3, 0.1, 0.3};
    const uint64_t n[4] = {100, 200, 100, 200};
    double noise[4];
    for (int i = 0; i < 4; i++)
        noise[i] = share[i] * (1 - share[i]) / (double)n[i];
    /* every cell at its own expectation: no extra spread, the strongest
     * prior; around one pooled share the same counts look spread out */
    const uint64_t at[4] = {10, 60, 10, 60};
    assert_float_equal(ut_eb_fit_strength_around(at, n, share, noise, 4, 0.2, 5, 20), UT_SHRINK_MAX, 0);
    assert_true(ut_eb_fit_strength(at, n, 4, 0.2, 5, 20) < UT_SHRINK_MAX);
    /* by hand: deviations 0.1, 0, -0.06, 0.1; squared minus noise
     * 0.0091, -0.00105, 0.0027, 0.00895; tau^2 = 0.0197 / 4, and
     * s = 0.2 * 0.8 / tau^2 - 1 */
    const uint64_t k[4] = {20, 60, 4, 80};
    assert_float_equal(ut_eb_fit_strength_around(k, n, share, noise, 4, 0.2, 5, 20), 0.16 / (0.0197 / 4) - 1, 1e-9);
    /* without noise given, each cell's binomial noise at its own share */
    assert_float_equal(ut_eb_fit_strength_around(k, n, share, NULL, 4, 0.2, 5, 20),
                       ut_eb_fit_strength_around(k, n, share, noise, 4, 0.2, 5, 20), 1e-12);
}

/* Fisher's exact test against hand sums of hypergeometric terms. */
static void fisher_exact(void **state) {
    (void)state;
    /* 3 of 3 against 0 of 3: C(3,3)C(3,0)/C(6,3) = 1/20 */
    assert_float_equal(ut_fisher_greater(3, 3, 0, 3), 0.05, 1e-12);
    /* 2 of 3 against 1 of 3: (9 + 1)/20 */
    assert_float_equal(ut_fisher_greater(2, 3, 1, 3), 0.5, 1e-12);
    /* the lady tasting tea: 3 of 4 against 1 of 4, (16 + 1)/70 */
    assert_float_equal(ut_fisher_greater(3, 4, 1, 4), 17.0 / 70.0, 1e-12);
    /* the lower side of the mode, summed the other way: 1 of 4 against 3
     * of 4 is 1 - P(X = 0) = 1 - 1/70 */
    assert_float_equal(ut_fisher_greater(1, 4, 3, 4), 69.0 / 70.0, 1e-12);
    /* no complaint, or no group: nothing to test */
    assert_float_equal(ut_fisher_greater(0, 10, 5, 10), 1.0, 0);
    assert_float_equal(ut_fisher_greater(0, 0, 5, 10), 1.0, 0);
    /* large counts: 60 of 1000 against 1000 of 30000. Reference: the
     * hypergeometric tail summed term by term with the ratio recurrence
     * from P(X = 60) in long double. */
    long double N = 31000, K = 1060, n = 1000, x = 60, logp = 0;
    logp = lgammal(K + 1) - lgammal(x + 1) - lgammal(K - x + 1) + lgammal(N - K + 1) - lgammal(n - x + 1) -
           lgammal(N - K - n + x + 1) - lgammal(N + 1) + lgammal(n + 1) + lgammal(N - n + 1);
    long double term = expl(logp), sum = 0;
    for (; x <= n && x <= K; x++) {
        sum += term;
        term *= (K - x) * (n - x) / ((x + 1) * (N - K - n + x + 1));
    }
    assert_float_equal(ut_fisher_greater(60, 1000, 1000, 30000), (double)sum, 1e-12);
    /* 6% against 3.3%: strong evidence, and more cautious than the binomial
     * test against the peers' share (1.41e-5), which ignores their noise */
    assert_float_equal((double)sum, 2.0614e-5, 1e-8);
    assert_true(ut_fisher_greater(60, 1000, 1000, 30000) > ut_binomial_sf(60, 1000, 1000.0 / 30000));
}

static void excess_and_its_bound(void **state) {
    (void)state;
    /* 10 of 100 against peers at 50 of 1000: 10 - 100 * 0.05 = 5 */
    assert_float_equal(ut_excess(10, 100, 50, 1000), 5.0, 1e-12);
    assert_float_equal(ut_excess(10, 100, 0, 0), 0.0, 0);
    /* without shrinkage (s = 0) the posterior is Beta(10, 90): mean 0.1,
     * variance 10 * 90 / (100^2 * 101); the peers add 0.05 * 0.95 / 1000;
     * 100 * (0.1 - 0.05 - 1.6448536 * sqrt(8.910891e-4 + 4.75e-5)) = -0.0396 */
    double var = 10.0 * 90.0 / (100.0 * 100.0 * 101.0) + 0.05 * 0.95 / 1000.0;
    double want = 100.0 * (0.1 - 0.05 - 1.6448536269514722 * sqrt(var));
    assert_float_equal(ut_excess_lower(10, 100, 50, 1000, 0, 1.6448536269514722), want, 1e-9);
    assert_float_equal(want, -0.0396, 1e-3);
    /* shrinkage toward the peers lowers the bound of a small group more
     * than of a large one with the same share */
    double small = ut_excess_lower(10, 100, 50, 1000, 100, 1.6448536269514722) / 100;
    double large = ut_excess_lower(100, 1000, 500, 10000, 100, 1.6448536269514722) / 1000;
    assert_true(small < large);
    assert_true(large > 0);
}

/* Cochran–Mantel–Haenszel by hand: two strata, (group 6 of 60, peers 9 of
 * 180) and (10 of 20, 90 of 180). Expected 60*15/240 + 20*100/200 = 13.75,
 * variance 60*180*15*225/(240^2*239) + 20*180*100*100/(200^2*199); one-sided
 * normal tail of (16 - 13.75 - 0.5) / sd. */
static void cochran_mantel_haenszel(void **state) {
    (void)state;
    const uint64_t k[2] = {6, 10}, n[2] = {60, 20}, pk[2] = {9, 90}, pn[2] = {180, 180};
    double var = 36450000.0 / 13766400.0 + 36000000.0 / 7960000.0;
    double want = 0.5 * erfc(1.75 / sqrt(var) / sqrt(2.0));
    assert_float_equal(ut_cmh_greater(k, n, pk, pn, 2), want, 1e-12);
    assert_true(want > 0.25 && want < 0.27);
    /* a stratum only one side has adds nothing */
    const uint64_t k3[3] = {6, 10, 7}, n3[3] = {60, 20, 9}, pk3[3] = {9, 90, 0}, pn3[3] = {180, 180, 0};
    assert_float_equal(ut_cmh_greater(k3, n3, pk3, pn3, 3), want, 1e-12);
    /* no stratum with both sides: no evidence */
    assert_float_equal(ut_cmh_greater(k3 + 2, n3 + 2, pk3 + 2, pn3 + 2, 1), 1.0, 0);
    /* far above the expectation: small; at it: about a half or more */
    const uint64_t hk[1] = {18}, hn[1] = {60}, hpk[1] = {9}, hpn[1] = {180};
    assert_true(ut_cmh_greater(hk, hn, hpk, hpn, 1) < 1e-6);
    const uint64_t ek[1] = {3}, en[1] = {60}, epk[1] = {9}, epn[1] = {180};
    assert_true(ut_cmh_greater(ek, en, epk, epn, 1) > 0.5);
}

static void median_of_values(void **state) {
    (void)state;
    double odd[] = {3, 1, 2}, even[] = {4, 1, 3, 2};
    assert_float_equal(ut_median(odd, 3), 2.0, 0);
    assert_float_equal(ut_median(even, 4), 2.5, 0);
    assert_float_equal(ut_median(NULL, 0), 0.0, 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(wilson_bounds),
        cmocka_unit_test(fisher_exact),
        cmocka_unit_test(excess_and_its_bound),
        cmocka_unit_test(median_of_values),
        cmocka_unit_test(cochran_mantel_haenszel),
        cmocka_unit_test(binomial_tail),
        cmocka_unit_test(benjamini_hochberg),
        cmocka_unit_test(log_odds),
        cmocka_unit_test(shrinkage_orders_by_evidence),
        cmocka_unit_test(shrinkage_strength_fit),
        cmocka_unit_test(shrinkage_strength_fit_around),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
