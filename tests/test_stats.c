/* test_stats.c — every statistic against values computed by hand (or with
 * exact rational arithmetic), and the shrinkage ordering the ranking needs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "stats.h"

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

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(wilson_bounds),
        cmocka_unit_test(binomial_tail),
        cmocka_unit_test(benjamini_hochberg),
        cmocka_unit_test(log_odds),
        cmocka_unit_test(shrinkage_orders_by_evidence),
        cmocka_unit_test(shrinkage_strength_fit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
