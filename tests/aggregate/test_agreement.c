/* test_agreement.c — the (compound, rating) table of agreement.c: figures
 * against values worked out by hand, merge order and save/load round trips
 * that change nothing, and corrupt tables refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <string.h>

#include <cmocka.h>

#include "aggregate/agreement.h"
#include "undertone.h"

/* Each pair prefetched first, as the aggregate does: a prefetch, of a
 * dense row's counter, a hashed pair's or an out-of-range compound's,
 * must change nothing. */
static void add_all(ut_agreement *g, const double (*pairs)[2], size_t n) {
    for (size_t i = 0; i < n; i++) {
        ut_agreement_prefetch(g, pairs[i][0], pairs[i][1]);
        ut_agreement_prefetch(g, 3.0, pairs[i][1]);
        ut_agreement_prefetch(g, -3.0, 1e6);
        assert_int_equal(ut_agreement_add(g, pairs[i][0], pairs[i][1]), 0);
    }
}

/* Six reviews worked out by hand. Complaints (1-2 stars): -0.5 right,
 * 0.0 wrong (0 is wrong), 0.3 wrong -> recall 1/3. Praise (4-5): 0.2, 0.6
 * right, -0.1 wrong -> 2/3. Balanced 0.5. The 3-star review only counts in
 * Spearman and the means. */
static const double six[][2] = {{-0.5, 1}, {0.0, 2}, {0.3, 2}, {0.2, 4}, {0.6, 5}, {-0.1, 5}, {0.1, 3}};

static void figures_by_hand(void **state) {
    (void)state;
    ut_agreement g = UT_AGREEMENT_INIT;
    add_all(&g, six, 7);
    ut_agreement_summary s;
    assert_int_equal(ut_agreement_summarize(&g, &s), 0);
    assert_int_equal(s.rated, 7);
    assert_float_equal(s.scale_low, 1, 0);
    assert_float_equal(s.scale_high, 5, 0);
    assert_int_equal(s.complaints, 3);
    assert_int_equal(s.complaints_right, 1);
    assert_int_equal(s.praise, 3);
    assert_int_equal(s.praise_right, 2);
    assert_true(s.has_balanced);
    assert_float_equal(s.balanced_accuracy, 0.5, 1e-12);
    /* compound ranks: -0.5:1 -0.1:2 0.0:3 0.1:4 0.2:5 0.3:6 0.6:7; ratings
     * 1:1 2:2.5 2:2.5 3:4 4:5 5:6.5 5:6.5; rho = Pearson of those ranks:
     * sum of products of deviations from 4 is 11, sums of squares 28 and 27. */
    assert_true(s.has_spearman);
    assert_float_equal(s.spearman, 11.0 / sqrt(28.0 * 27.0), 1e-12);
    assert_int_equal(s.n_levels, 5);
    assert_float_equal(s.levels[1].rating, 2, 0);
    assert_int_equal(s.levels[1].reviews, 2);
    assert_float_equal(s.levels[1].mean_compound, 0.15, 1e-12);
    assert_float_equal(s.levels[4].mean_compound, 0.25, 1e-12);
    ut_agreement_free(&g);
}

/* Spearman and the means per rating against a plain computation over
 * many reviews: 20 rating values 0, 50, ..., 950 (a key range past 65,536
 * once x 100, so the sort takes its 16-bit digits; 4 values hashed past
 * the 16 dense rows), and 1-5 stars (one counting pass). */
static double naive_midrank(const double (*p)[2], size_t n, size_t i, int col) {
    double below = 0, tied = 0;
    for (size_t k = 0; k < n; k++) {
        const double a = col ? p[k][1] : round(p[k][0] * 1e4), b = col ? p[i][1] : round(p[i][0] * 1e4);
        below += a < b;
        tied += a == b;
    }
    return below + (tied + 1) / 2;
}

static void spearman_and_means_against_plain(void **state) {
    (void)state;
    enum { N = 3000 };
    static double p[N][2];
    for (int scale = 0; scale < 2; scale++) {
        uint64_t x = 88172645463325252ull;
        for (size_t i = 0; i < N; i++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            const double rating = scale ? (double)(x % 5 + 1) : (double)(x % 20 * 50);
            p[i][1] = rating;
            p[i][0] = round(((double)((x >> 20) % 20001) - 10000.0) / 10.0) / 1000.0; /* 2001 values */
        }
        ut_agreement g = UT_AGREEMENT_INIT;
        for (size_t i = 0; i < N; i++)
            assert_int_equal(ut_agreement_add(&g, p[i][0], p[i][1]), 0);
        if (!scale) assert_true(g.n > 0); /* hashed pairs past the dense rows */
        ut_agreement_summary s;
        assert_int_equal(ut_agreement_summarize(&g, &s), 0);
        double mean = (N + 1) / 2.0, sxy = 0, sxx = 0, syy = 0;
        for (size_t i = 0; i < N; i++) {
            const double dx = naive_midrank(p, N, i, 0) - mean, dy = naive_midrank(p, N, i, 1) - mean;
            sxy += dx * dy, sxx += dx * dx, syy += dy * dy;
        }
        assert_true(s.has_spearman);
        assert_float_equal(s.spearman, sxy / sqrt(sxx * syy), 1e-9);
        /* the levels ascend by rating, each with its reviews and mean */
        assert_int_equal(s.n_levels, scale ? 5 : 20);
        for (uint32_t l = 0; l < s.n_levels; l++) {
            double sum = 0;
            uint64_t reviews = 0;
            for (size_t i = 0; i < N; i++)
                if (p[i][1] == s.levels[l].rating) sum += p[i][0], reviews++;
            assert_int_equal(s.levels[l].reviews, reviews);
            assert_float_equal(s.levels[l].mean_compound, sum / (double)reviews, 1e-9);
            if (l) assert_true(s.levels[l].rating > s.levels[l - 1].rating);
        }
        ut_agreement_free(&g);
    }
}

/* The compound is kept as --scores prints it: -0.00004 prints as 0.0000,
 * so a complaint scored so is wrong, and 0.12345 rounds up as printed. */
static void printed_values(void **state) {
    (void)state;
    ut_agreement g = UT_AGREEMENT_INIT;
    assert_int_equal(ut_agreement_add(&g, -0.00004, 1), 0);
    assert_int_equal(ut_agreement_add(&g, 0.12345, 5), 0);
    ut_agreement_summary s;
    assert_int_equal(ut_agreement_summarize(&g, &s), 0);
    assert_int_equal(s.complaints_right, 0);
    assert_int_equal(g.row_rating[1], 500); /* 5 stars, x 100: the second dense row */
    assert_int_equal(g.row_counts[1][10000 + 1235], 1);
    ut_agreement_free(&g);
}

/* Scale thirds: on 1-10, 4 is a complaint, 5 and 6 are neither, 7 praise. */
static void ten_point_scale(void **state) {
    (void)state;
    ut_agreement g = UT_AGREEMENT_INIT;
    const double pairs[][2] = {{-0.2, 4}, {-0.2, 5}, {0.3, 6}, {0.3, 7}, {0.5, 10}};
    add_all(&g, pairs, 5);
    ut_agreement_summary s;
    assert_int_equal(ut_agreement_summarize(&g, &s), 0);
    assert_float_equal(s.scale_high, 10, 0);
    assert_int_equal(s.complaints, 1);
    assert_int_equal(s.praise, 2);
    ut_agreement_free(&g);
}

static void merge_and_round_trip(void **state) {
    (void)state;
    ut_agreement a = UT_AGREEMENT_INIT, b = UT_AGREEMENT_INIT, whole = UT_AGREEMENT_INIT;
    add_all(&a, six, 3);
    add_all(&b, six + 3, 4);
    add_all(&whole, six, 7);
    assert_int_equal(ut_agreement_merge(&b, &a), 0); /* the other order */
    ut_buf x = UT_BUF_INIT, y = UT_BUF_INIT;
    ut_agreement_save(&b, &x);
    ut_agreement_save(&whole, &y);
    assert_false(x.failed);
    assert_int_equal(x.len, y.len);
    assert_memory_equal(x.data, y.data, x.len); /* sorted: arrival order does not show */
    ut_agreement back = UT_AGREEMENT_INIT;
    size_t used;
    assert_int_equal(ut_agreement_load(&back, (const unsigned char *)x.data, x.len, &used), 0);
    assert_int_equal(used, x.len);
    ut_agreement_summary s1, s2;
    assert_int_equal(ut_agreement_summarize(&back, &s1), 0);
    assert_int_equal(ut_agreement_summarize(&whole, &s2), 0);
    assert_memory_equal(&s1, &s2, sizeof s1);
    ut_agreement_free(&back);

    /* corrupt: truncated, a count no corpus has (its top bits flipped: it
     * would overflow the per-rating sums), a zero count, a duplicate pair, a
     * compound out of range */
    assert_int_equal(ut_agreement_load(&back, (const unsigned char *)x.data, x.len - 1, &used), UT_ECORRUPT);
    ut_agreement_free(&back);
    unsigned char *bad = (unsigned char *)x.data;
    uint64_t kept;
    memcpy(&kept, bad + 4 + 16, 8);
    memcpy(bad + 4 + 16, (uint64_t[]){kept | UINT64_C(0xff00000000000000)}, 8);
    assert_int_equal(ut_agreement_load(&back, bad, x.len, &used), UT_ECORRUPT);
    ut_agreement_free(&back);
    memcpy(bad + 4 + 16, &kept, 8);
    memcpy(bad + 4 + 24 + 16, (uint64_t[]){0}, 8);
    assert_int_equal(ut_agreement_load(&back, bad, x.len, &used), UT_ECORRUPT);
    ut_agreement_free(&back);
    memcpy(bad + 4 + 24, bad + 4, 24);
    assert_int_equal(ut_agreement_load(&back, bad, x.len, &used), UT_ECORRUPT);
    ut_agreement_free(&back);
    memcpy(bad + 4, (int64_t[]){20000}, 8);
    assert_int_equal(ut_agreement_load(&back, bad, x.len, &used), UT_ECORRUPT);
    ut_agreement_free(&back);
    ut_buf_free(&x);
    ut_buf_free(&y);
    ut_agreement_free(&a);
    ut_agreement_free(&b);
    ut_agreement_free(&whole);
}

/* A 0-100 scale has more rating values than dense rows: the first 16 seen
 * get rows, the rest go to the hashed pairs. Two tables that routed the
 * same pairs differently (one saw the other's ratings first) merge, save
 * and summarise exactly as one table given everything. */
static void dense_rows_and_hashed_pairs(void **state) {
    (void)state;
    ut_agreement low = UT_AGREEMENT_INIT, high = UT_AGREEMENT_INIT, whole = UT_AGREEMENT_INIT;
    double pairs[40][2];
    for (int i = 0; i < 40; i++) {
        pairs[i][0] = (i % 7 - 3) / 4.0;
        pairs[i][1] = 60 + i;
    }
    add_all(&low, pairs, 40); /* ratings 60..75 dense, 76..99 hashed */
    for (int i = 39; i >= 0; i--)
        add_all(&high, pairs + i, 1); /* ratings 99..84 dense, the rest hashed */
    add_all(&whole, pairs, 40);
    add_all(&whole, pairs, 40);
    assert_int_equal(low.n_rows, UT_AGREEMENT_DENSE_ROWS);
    assert_int_equal(low.n_dense, UT_AGREEMENT_DENSE_ROWS);
    assert_int_equal(low.n, 40 - UT_AGREEMENT_DENSE_ROWS);
    assert_int_equal(high.row_rating[0], 9900);
    assert_int_equal(ut_agreement_merge(&low, &high), 0); /* every pair now counted twice */
    assert_int_equal(low.n_dense + low.n, 40);
    ut_buf x = UT_BUF_INIT, y = UT_BUF_INIT;
    ut_agreement_save(&low, &x);
    ut_agreement_save(&whole, &y);
    assert_false(x.failed);
    assert_int_equal(x.len, 4 + 40 * 24);
    assert_int_equal(x.len, y.len);
    assert_memory_equal(x.data, y.data, x.len);
    ut_agreement_summary s1, s2;
    assert_int_equal(ut_agreement_summarize(&low, &s1), 0);
    assert_int_equal(ut_agreement_summarize(&whole, &s2), 0);
    assert_memory_equal(&s1, &s2, sizeof s1);
    assert_int_equal(s1.rated, 80);
    /* a duplicate pair in a saved table is refused on either form */
    ut_agreement back = UT_AGREEMENT_INIT;
    size_t used;
    unsigned char *bad = (unsigned char *)x.data;
    memcpy(bad + 4 + 24, bad + 4, 24); /* the first pair twice: a dense row's */
    assert_int_equal(ut_agreement_load(&back, bad, x.len, &used), UT_ECORRUPT);
    ut_agreement_free(&back);
    ut_buf_free(&x);
    ut_buf_free(&y);
    ut_agreement_free(&low);
    ut_agreement_free(&high);
    ut_agreement_free(&whole);
}

static void empty_and_constant(void **state) {
    (void)state;
    ut_agreement g = UT_AGREEMENT_INIT;
    ut_agreement_summary s;
    assert_int_equal(ut_agreement_summarize(&g, &s), 0);
    assert_int_equal(s.rated, 0);
    ut_buf b = UT_BUF_INIT;
    ut_agreement_json(&s, &b);
    assert_int_equal(b.len, 4);
    assert_memory_equal(b.data, "null", 4);
    ut_buf_free(&b);
    /* every review 5 stars: no complaints, no balanced accuracy, no rho */
    assert_int_equal(ut_agreement_add(&g, 0.4, 5), 0);
    assert_int_equal(ut_agreement_add(&g, -0.4, 5), 0);
    assert_int_equal(ut_agreement_summarize(&g, &s), 0);
    assert_false(s.has_balanced);
    assert_false(s.has_spearman);
    ut_agreement_free(&g);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(figures_by_hand),
        cmocka_unit_test(spearman_and_means_against_plain),
        cmocka_unit_test(printed_values),
        cmocka_unit_test(ten_point_scale),
        cmocka_unit_test(merge_and_round_trip),
        cmocka_unit_test(empty_and_constant),
        cmocka_unit_test(dense_rows_and_hashed_pairs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
