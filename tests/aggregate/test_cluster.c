/* test_cluster.c — the cluster model (cluster.c) and the per-group trends
 * (summary.c) on small corpora whose every figure is computed by hand:
 * complaints counted once per customer and theme subtree, leave-one-out
 * peers, the excess and its bound, BH over every cell, the parent a
 * sub-theme covers, a group worse at everything kept below the specific
 * problems, hidden_by_average, quotes (cleaned, cut, from distinct
 * reviews, merged in any order) and trend alerts per group. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "aggregate_fixture.h"
#include "aggregate/aggregate_internal.h"
#include "aggregate/stats.h"
#include "aggregate/summary.h"
#include "output/output_report.h"

static ut_aggregate *new_aggregate(ut_bucket bucket) {
    ut_aggregate_config cfg;
    fx_make_config(&cfg, 1, bucket);
    ut_aggregate *a = NULL;
    assert_int_equal(ut_aggregate_new_plain(&a, &cfg), 0);
    return a;
}

/* One review at `store`: mentions (theme, score) each in its own clause of
 * `text` (clauses split on ','), rated `rating`, dated `day`. */
static void add_review(ut_aggregate *a, const char *id, const char *store, const char *text, const uint32_t *themes,
                       const float *scores, uint32_t n, double rating, int32_t day) {
    ut_tokens tok = {0};
    fx_tokens(&tok, text);
    ut_theme_mention m[8];
    assert_true(n <= 8);
    double compound = 0.5;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t clause = i < tok.n_clause ? i : tok.n_clause - 1;
        m[i] = (ut_theme_mention){themes[i], tok.clause[clause].tok_begin, tok.clause[clause].tok_begin + 1, clause, 0,
                                  scores[i]};
        if (scores[i] < 0) compound = -0.5;
    }
    ut_field_value g = {store, strlen(store), 1};
    ut_review_facts f = {0};
    f.id = id;
    f.id_len = strlen(id);
    f.record_no = 1;
    f.sentiment.compound = compound;
    f.has_rating = rating > 0;
    f.rating = rating;
    f.has_date = day != INT32_MIN;
    f.day = day == INT32_MIN ? 0 : day;
    f.groups = &g;
    f.n_groups = 1;
    f.mentions = m;
    f.n_mentions = n;
    f.tokens = &tok;
    f.text = text;
    f.text_len = strlen(text);
    assert_int_equal(ut_aggregate_add(a, &f), 0);
    fx_tokens_free(&tok);
}

/* `reviews` reviews at `store`, the first `complaints` of them complaining
 * of `theme` (a negative mention), the rest praising it. */
static void add_store(ut_aggregate *a, const char *store, int reviews, int complaints, uint32_t theme, double rating) {
    char id[64];
    for (int i = 0; i < reviews; i++) {
        snprintf(id, sizeof id, "%s-%d", store, i);
        float score = i < complaints ? -0.6f : 0.6f;
        add_review(a, id, store, i < complaints ? "it was bad" : "it was good", &theme, &score, 1, rating, INT32_MIN);
    }
}

/* `fives` 5-star reviews at `store` then `ones` 1-star ones (unrated when
 * `rated` is 0), the first `five_complaints` and `one_complaints` of each
 * complaining of food, the rest praising it. */
static void add_rated_store(ut_aggregate *a, const char *store, int fives, int five_complaints, int ones,
                            int one_complaints, int rated) {
    char id[64];
    for (int i = 0; i < fives + ones; i++) {
        int five = i < fives, complaint = five ? i < five_complaints : i - fives < one_complaints;
        uint32_t theme = FX_FOOD;
        float score = complaint ? -0.6f : 0.6f;
        snprintf(id, sizeof id, "%s-%d", store, i);
        add_review(a, id, store, complaint ? "it was bad" : "it was good", &theme, &score, 1,
                   rated ? (five ? 5 : 1) : 0, INT32_MIN);
    }
}

/* The console summary and report.html of s, each NUL-terminated. */
static void render_console_and_report(const ut_summary *s, ut_buf *out, ut_buf *html) {
    ut_summary_console(s, out, 5);
    assert_int_equal(ut_report_html(s, NULL, html), 0);
    ut_buf_putc(out, '\0');
    ut_buf_putc(html, '\0');
}

static const ut_cluster_row *find_row(const ut_summary *s, const char *group, const char *theme) {
    for (size_t i = 0; i < s->n_clusters; i++)
        if (strcmp(s->clusters[i].group, group) == 0 && strcmp(s->clusters[i].theme, theme) == 0)
            return &s->clusters[i];
    return NULL;
}

/* A customer is counted once per theme however often they complain, and a
 * sub-theme's complaint is its parent's too; a praised theme is no
 * complaint. */
static void complaints_count_customers(void **state) {
    (void)state;
    ut_aggregate *a = new_aggregate(UT_BUCKET_NONE);
    uint32_t themes[3] = {FX_STAFF, FX_STAFF, FX_SERVICE};
    float scores[3] = {-0.7f, -0.4f, -0.2f};
    add_review(a, "r1", "A", "staff rude, staff slow, service bad", themes, scores, 3, 1, INT32_MIN);
    uint32_t themes2[2] = {FX_STAFF, FX_FOOD};
    float scores2[2] = {0.6f, -0.5f};
    add_review(a, "r2", "A", "staff nice, food cold", themes2, scores2, 2, 4, INT32_MIN);
    assert_int_equal(a->themes[FX_STAFF].complaints, 1);
    assert_int_equal(a->themes[FX_STAFF].reviews, 2);
    assert_int_equal(a->themes[FX_SERVICE].complaints, 1); /* r1 once, not three times */
    assert_int_equal(a->themes[FX_FOOD].complaints, 1);
    assert_int_equal(a->themes[FX_FOOD].complaint_rating_sum, 400); /* r2's 4 stars, x 100 */
    assert_int_equal(a->themes[FX_STAFF].complaints_negative_review, 1);
    ut_summary *s;
    assert_int_equal(ut_summary_build(&s, a), 0);
    assert_int_equal(s->themes[FX_SERVICE].complaints, 1);
    assert_float_equal(s->themes[FX_SERVICE].incidence, 0.5, 1e-12);
    assert_float_equal(s->themes[FX_FOOD].negative_review_share, 0.5, 1e-12); /* both reviews are negative */
    /* what customers complain about most: top-level themes only (staff is
     * inside service), most first, ties in theme order */
    size_t top[3];
    assert_int_equal(ut_summary_top_themes(s, top, 3), 2);
    assert_int_equal(top[0], FX_SERVICE);
    assert_int_equal(top[1], FX_FOOD);
    assert_int_equal(ut_summary_top_themes(s, top, 1), 1);
    assert_int_equal(top[0], FX_SERVICE);
    assert_null(ut_summary_other_theme(s)); /* no review complains of it */
    ut_summary_free(s);

    /* "other" names no theme: it is never among the top themes, however
     * many complain of it, and comes apart */
    for (int k = 0; k < 3; k++) {
        uint32_t other[1] = {FX_OTHER};
        float bad[1] = {-0.6f};
        add_review(a, "r3", "A", "it was bad", other, bad, 1, 1, INT32_MIN);
    }
    assert_int_equal(ut_summary_build(&s, a), 0);
    assert_int_equal(ut_summary_top_themes(s, top, 3), 2);
    assert_int_equal(top[0], FX_SERVICE);
    assert_int_equal(top[1], FX_FOOD);
    const ut_theme_row *other = ut_summary_other_theme(s);
    assert_non_null(other);
    assert_int_equal(other->complaints, 3);
    ut_summary_free(s);
    ut_aggregate_free(a);
}

/* Leave-one-out peers, the excess, its bound and the Fisher p-value, by
 * hand: A has 20 of 100 complaining of food, B and C 5 of 100 each. */
static void peers_leave_one_out(void **state) {
    (void)state;
    ut_aggregate *a = new_aggregate(UT_BUCKET_NONE);
    add_store(a, "A", 100, 20, FX_FOOD, 4);
    add_store(a, "B", 100, 5, FX_FOOD, 3);
    add_store(a, "C", 100, 5, FX_FOOD, 3);
    ut_summary *s;
    assert_int_equal(ut_summary_build(&s, a), 0);
    const ut_cluster_row *r = find_row(s, "A", "food");
    assert_non_null(r);
    assert_int_equal(r->rank, 1);
    assert_int_equal(r->reviews, 100);
    assert_int_equal(r->complaints, 20);
    assert_int_equal(r->peer_reviews, 200);
    assert_int_equal(r->peer_complaints, 10);
    assert_float_equal(r->peer_incidence, 0.05, 1e-12); /* not 30/300: A is not its own peer */
    assert_float_equal(r->lift, 4.0, 1e-12);
    assert_float_equal(r->excess, 15.0, 1e-12);
    assert_float_equal(r->p_value, ut_fisher_greater(20, 100, 10, 200), 0);
    assert_float_equal(r->excess_low, ut_excess_lower(20, 100, 10, 200, r->prior_strength, UT_CLUSTER_RANK_Z), 1e-12);
    assert_true(r->excess_low > UT_CLUSTER_MIN_EXCESS);
    assert_true(r->significant);
    /* B's peers are A and C: 25 of 200 */
    const ut_cluster_row *b = find_row(s, "B", "food");
    assert_non_null(b);
    assert_float_equal(b->peer_incidence, 0.125, 1e-12);
    assert_false(b->significant);
    /* mean ratings: A 4 against the corpus's 10/3; A's complainers rated 4 */
    assert_float_equal(r->mean_rating, 4.0, 1e-12);
    assert_float_equal(r->corpus_mean_rating, 10.0 / 3.0, 1e-12);
    assert_float_equal(r->complaint_mean_rating, 4.0, 1e-12);
    assert_true(r->hidden_by_average);
    assert_false(b->hidden_by_average);
    ut_summary_free(s);
    ut_aggregate_free(a);
}

/* BH runs over every group x theme cell of the field, the cells without a
 * complaint counted as tests with p = 1: q = p * m / rank. */
static void bh_counts_every_cell(void **state) {
    (void)state;
    ut_aggregate *a = new_aggregate(UT_BUCKET_NONE);
    add_store(a, "A", 100, 20, FX_FOOD, 4);
    add_store(a, "B", 100, 5, FX_FOOD, 3);
    add_store(a, "C", 100, 5, FX_FOOD, 3);
    add_store(a, "D", 100, 0, FX_PRICE, 3); /* praises price: its food cell has no complaint */
    ut_summary *s;
    assert_int_equal(ut_summary_build(&s, a), 0);
    /* food has complaints in the field: 4 groups tested (D with p = 1) */
    double p[4];
    for (int i = 0; i < 4; i++)
        p[i] = 1;
    const char *stores[] = {"A", "B", "C"};
    for (int i = 0; i < 3; i++) {
        const ut_cluster_row *r = find_row(s, stores[i], "food");
        assert_non_null(r);
        p[i] = r->p_value;
    }
    double q[4];
    assert_int_equal(ut_bh_adjust(p, q, 4), 0);
    for (int i = 0; i < 3; i++)
        assert_float_equal(find_row(s, stores[i], "food")->q_value, q[i], 1e-15);
    assert_null(find_row(s, "D", "food"));
    ut_summary_free(s);
    ut_aggregate_free(a);
}

/* A's complaints are all of staff: the staff cell is listed, and its parent
 * (service, the same complaints) is demoted and names staff. B's service
 * complaints are its own (no sub-theme): its service cell stays. */
static void parent_covered_by_child(void **state) {
    (void)state;
    ut_aggregate *a = new_aggregate(UT_BUCKET_NONE);
    add_store(a, "A", 200, 40, FX_STAFF, 4);
    add_store(a, "B", 200, 40, FX_SERVICE, 4);
    for (int k = 0; k < 6; k++) {
        char store[8];
        snprintf(store, sizeof store, "P%d", k);
        add_store(a, store, 200, 4, FX_FOOD, 4); /* peers: no service complaints ... */
        uint32_t themes[2] = {FX_STAFF, FX_SERVICE};
        float scores[2] = {-0.5f, 0.5f};
        char id[16];
        for (int i = 0; i < 4; i++) { /* ... but a few of staff */
            snprintf(id, sizeof id, "%s-s%d", store, i);
            add_review(a, id, store, "staff rude, service fine", themes, scores, 2, 3, INT32_MIN);
        }
    }
    ut_summary *s;
    assert_int_equal(ut_summary_build(&s, a), 0);
    const ut_cluster_row *staff = find_row(s, "A", "service/staff"), *service = find_row(s, "A", "service");
    assert_non_null(staff);
    assert_non_null(service);
    assert_true(staff->significant);
    assert_false(service->significant);
    assert_string_equal(service->covered_by, "service/staff");
    assert_true(staff->rank < service->rank);
    const ut_cluster_row *b = find_row(s, "B", "service");
    assert_non_null(b);
    assert_true(b->significant);
    assert_string_equal(b->covered_by, "");
    ut_summary_free(s);
    ut_aggregate_free(a);
}

/* W complains twice as much about every theme; S has one specific problem,
 * smaller in customers than each of W's. S ranks first, W's cells follow
 * as group-wide. */
static void group_wide_below_specific(void **state) {
    (void)state;
    ut_aggregate *a = new_aggregate(UT_BUCKET_NONE);
    const uint32_t themes[] = {FX_STAFF, FX_FOOD, FX_PRICE};
    char id[32], store[8];
    for (int k = 0; k < 10; k++) {
        snprintf(store, sizeof store, "N%d", k);
        const char *group = k == 0 ? "W" : k == 1 ? "S" : store;
        for (int i = 0; i < 400; i++) {
            float scores[3];
            for (int t = 0; t < 3; t++) {
                int every = k == 0 ? 5 : 10; /* W: one in 5 complains of each theme, others one in 10 */
                scores[t] = (i + t) % every == 0 ? -0.5f : 0.5f;
            }
            if (k == 1 && i < 30) scores[2] = -0.5f; /* S: 30 more price complaints */
            snprintf(id, sizeof id, "%s-%d", group, i);
            add_review(a, id, group, "a, b, c", themes, scores, 3, 4, INT32_MIN);
        }
    }
    ut_summary *s;
    assert_int_equal(ut_summary_build(&s, a), 0);
    const ut_cluster_row *top = &s->clusters[0];
    assert_string_equal(top->group, "S");
    assert_string_equal(top->theme, "price");
    assert_true(top->significant);
    assert_false(top->group_wide);
    const ut_cluster_row *w = find_row(s, "W", "food");
    assert_non_null(w);
    assert_true(w->significant);
    assert_true(w->group_wide);
    assert_true(w->group_lift > 1.5);             /* about 2, pulled a little toward the peers */
    assert_true(w->excess_low > top->excess_low); /* more customers, yet ranked below */
    assert_true(s->n_group_wide >= 3);
    ut_summary_free(s);
    ut_aggregate_free(a);
}

/* G complains a quarter as much as its peers about everything but staff, where
 * it is at its peers' rate: against the peers nothing stands out, against
 * its own level staff does. A group at par everywhere shows nothing. */
static void better_group_judged_against_its_level(void **state) {
    (void)state;
    ut_aggregate *a = new_aggregate(UT_BUCKET_NONE);
    const uint32_t themes[] = {FX_STAFF, FX_FOOD, FX_PRICE, FX_SERVICE};
    char id[32], store[8];
    for (int k = 0; k < 10; k++) {
        snprintf(store, sizeof store, "N%d", k);
        const char *group = k == 0 ? "G" : store;
        for (int i = 0; i < 600; i++) {
            float scores[4];
            for (int t = 0; t < 4; t++) {
                int every = k == 0 && t > 0 ? 20 : 5; /* G: one in 20 but for staff; others one in 5 */
                scores[t] = (i + 3 * t) % every == 0 ? -0.5f : 0.5f;
            }
            snprintf(id, sizeof id, "%s-%d", group, i);
            add_review(a, id, group, "a, b, c, d", themes, scores, 4, 4, INT32_MIN);
        }
    }
    ut_summary *s;
    assert_int_equal(ut_summary_build(&s, a), 0);
    const ut_cluster_row *staff = find_row(s, "G", "service/staff");
    assert_non_null(staff);
    assert_float_equal(staff->lift, 1.0, 1e-9); /* at its peers' rate */
    assert_true(staff->group_lift < 0.8);
    if (!staff->significant)
        print_message("staff: k %llu n %llu lift %f gl %f p %g q %g excess_low %f specific %f\n",
                      (unsigned long long)staff->complaints, (unsigned long long)staff->reviews, staff->lift,
                      staff->group_lift, staff->p_value, staff->q_value, staff->excess_low, staff->specific_excess_low);
    assert_true(staff->significant);
    assert_false(staff->group_wide);
    assert_int_equal(staff->rank, 1);
    for (size_t i = 0; i < s->n_clusters; i++)
        if (strcmp(s->clusters[i].group, "G") != 0) assert_false(s->clusters[i].significant);
    ut_summary_free(s);
    ut_aggregate_free(a);
}

/* The rating-band look, by hand. A's 600 reviews are all 5-star and 180 of
 * them complain of food; each of B, C, D has 600 5-star reviews with 30
 * food complaints and 600 1-star ones with 300. Against all its peers A is
 * nothing special (30% against 990/3600 = 27.5%), but its satisfied
 * customers complain six times as often as satisfied customers elsewhere:
 * expected 600 * 90/1800 = 30. A's mean rating (5) is above the corpus's
 * (13800/4200), so the look is taken; B's (3) is below, so it is not.
 * Without ratings A shows nothing. */
static void rated_peers_expect_by_band(void **state) {
    (void)state;
    for (int rated = 1; rated >= 0; rated--) {
        ut_aggregate *a = new_aggregate(UT_BUCKET_NONE);
        add_store(a, "A", 600, 180, FX_FOOD, rated ? 5 : 0);
        const char *peers[] = {"B", "C", "D"};
        for (int p = 0; p < 3; p++)
            add_rated_store(a, peers[p], 600, 30, 600, 300, rated);
        ut_summary *s;
        assert_int_equal(ut_summary_build(&s, a), 0);
        const ut_cluster_row *r = find_row(s, "A", "food");
        assert_non_null(r);
        assert_float_equal(r->peer_incidence, 990.0 / 3600.0, 1e-12);
        assert_true(r->lift < UT_CLUSTER_MIN_LIFT); /* nothing against all peers */
        if (!rated) {
            assert_false(r->has_rated);
            assert_false(r->significant);
            assert_float_equal(r->p_value, ut_fisher_greater(180, 600, 990, 3600), 0);
        } else {
            assert_true(r->has_rated);
            assert_float_equal(r->rated_expected, 30.0, 1e-12);
            assert_float_equal(r->rated_lift, 6.0, 1e-12);
            /* two looks: the peers (Fisher) and the bands (CMH; the 1-star
             * band is the peers' alone and adds nothing) */
            const uint64_t k[1] = {180}, n[1] = {600}, pk[1] = {90}, pn[1] = {1800};
            double p_bands = ut_cmh_greater(k, n, pk, pn, 1);
            /* three looks: the satisfied customers' (the corpus mean 3.29
             * rounds to 3, so the 5-star band) is the same table here */
            assert_true(r->has_satisfied);
            assert_int_equal(r->satisfied_reviews, 600);
            assert_int_equal(r->satisfied_complaints, 180);
            assert_float_equal(r->satisfied_expected, 30.0, 1e-12);
            assert_float_equal(r->p_value, 3 * fmin(ut_fisher_greater(180, 600, 990, 3600), p_bands), 1e-300);
            assert_true(r->significant);
            assert_int_equal(r->rank, 1);
            const ut_cluster_row *b = find_row(s, "B", "food");
            assert_non_null(b);
            assert_false(b->has_rated);
        }
        /* the console and the report say why a row at its peers' rate is listed */
        ut_buf out = UT_BUF_INIT, html = UT_BUF_INIT;
        render_console_and_report(s, &out, &html);
        assert_int_equal(strstr(out.data, "6.0x its peers at the same ratings") != NULL, rated);
        assert_int_equal(strstr(html.data, "<b>6.0×</b> their rate (30 expected)") != NULL, rated);
        ut_buf_free(&out);
        ut_buf_free(&html);
        ut_summary_free(s);
        ut_aggregate_free(a);
    }
}

/* The satisfied customers' look, by hand. Each of B, C, D has 1000
 * 5-star reviews, 30, 40 and 50 of them complaining of food, and 200
 * 1-star ones with 100. A has 900 5-star reviews with 108 complaints and
 * 100 1-star ones with 10: 11.8% of its customers against the peers'
 * 420/3600 = 11.7% (lift 1.01), and against peers of the same rating
 * 118 against 900 * 120/3000 + 100 * 300/600 = 86 (1.37x): neither makes
 * it a problem, because its few 1-star reviewers complain less than
 * elsewhere. Its satisfied customers (rated at or above the corpus mean
 * 20200/4600 = 4.39, rounded to 4) complain three times as often as
 * satisfied customers elsewhere: 108 against 900 * 120/3000 = 36: the larger
 * of an exact binomial test at 36/900 and a CMH test over the band. The
 * bound comes from the satisfied customers' own prior: over the four groups' 5-star reviews (228 of 3900 complain,
 * r = 0.05846), the shares 0.12, 0.03, 0.04 and 0.05 spread by tau^2 =
 * mean((x - r)^2 - r(1-r)/n) = 0.0011958, a strength of r(1-r)/tau^2 - 1 =
 * 45.03; the posterior Beta(108 + 0.04 s, 792 + 0.96 s) has the 95% lower
 * bound 0.099051, 900 * 0.099051 - 36 = 53.146 customers above the rate. */
static void satisfied_customers_look(void **state) {
    (void)state;
    ut_aggregate *a = new_aggregate(UT_BUCKET_NONE);
    const char *peers[] = {"B", "C", "D"};
    add_rated_store(a, "A", 900, 108, 100, 10, 1);
    for (int p = 0; p < 3; p++)
        add_rated_store(a, peers[p], 1000, 30 + 10 * p, 200, 100, 1);
    ut_summary *s;
    assert_int_equal(ut_summary_build(&s, a), 0);
    const ut_cluster_row *r = find_row(s, "A", "food");
    assert_non_null(r);
    assert_float_equal(r->lift, 0.118 / (420.0 / 3600.0), 1e-12);
    assert_true(r->has_rated);
    assert_float_equal(r->rated_expected, 86.0, 1e-12);
    assert_true(r->rated_lift < UT_GROUP_SPECIFIC_LIFT);
    assert_true(r->has_satisfied);
    assert_int_equal(r->satisfied_reviews, 900);
    assert_int_equal(r->satisfied_complaints, 108);
    assert_float_equal(r->satisfied_expected, 36.0, 1e-12);
    const uint64_t k[2] = {10, 108}, n[2] = {100, 900}, pk[2] = {300, 120}, pn[2] = {600, 3000};
    double p_peers = ut_fisher_greater(118, 1000, 420, 3600), p_bands = ut_cmh_greater(k, n, pk, pn, 2);
    double p_satisfied = fmax(ut_binomial_sf(108, 900, 36.0 / 900), ut_cmh_greater(k + 1, n + 1, pk + 1, pn + 1, 1));
    assert_true(p_satisfied < p_bands);
    assert_float_equal(r->p_value, 3 * fmin(p_peers, fmin(p_bands, p_satisfied)), 1e-300);
    assert_true(r->significant);
    assert_float_equal(r->specific_excess_low, 53.145858245297134, 1e-9);
    assert_true(ut_cluster_row_by_satisfied(r));
    assert_int_equal(r->rank, 1);
    /* the peers are rated below the corpus: no look for them */
    const ut_cluster_row *b = find_row(s, "B", "food");
    assert_non_null(b);
    assert_false(b->has_satisfied);
    ut_buf out = UT_BUF_INIT, html = UT_BUF_INIT;
    render_console_and_report(s, &out, &html);
    assert_non_null(strstr(out.data, "108 of its 900 satisfied customers (36 expected)"));
    assert_non_null(strstr(html.data, "<b>108 of 900</b> complain (36 at their peers' rate)"));
    ut_buf_free(&out);
    ut_buf_free(&html);
    ut_summary_free(s);
    ut_aggregate_free(a);

    /* With one peer, the peers' own noise counts: A's 5-star reviews
     * complain 26 of 300 against B's 10 of 300. The binomial at B's rate
     * (10 expected) takes B's rate as known; the CMH test, conditional on
     * both, is far less sure, and its p-value is the look's. */
    a = new_aggregate(UT_BUCKET_NONE);
    add_rated_store(a, "A", 300, 26, 100, 60, 1);
    add_rated_store(a, "B", 300, 10, 300, 90, 1);
    assert_int_equal(ut_summary_build(&s, a), 0);
    r = find_row(s, "A", "food");
    assert_non_null(r);
    assert_true(r->has_satisfied);
    assert_float_equal(r->satisfied_expected, 10.0, 1e-12);
    const uint64_t k1[2] = {60, 26}, n1[2] = {100, 300}, pk1[2] = {90, 10}, pn1[2] = {300, 300};
    double p_binomial = ut_binomial_sf(26, 300, 10.0 / 300),
           p_cmh = ut_cmh_greater(k1 + 1, n1 + 1, pk1 + 1, pn1 + 1, 1);
    assert_true(p_binomial < p_cmh / 100);
    double p1 = ut_fisher_greater(86, 400, 100, 600), p_bands1 = ut_cmh_greater(k1, n1, pk1, pn1, 2);
    assert_float_equal(r->p_value, fmin(1, 3 * fmin(p1, fmin(p_bands1, p_cmh))), 1e-300);
    ut_summary_free(s);
    ut_aggregate_free(a);

    /* A below its peers overall takes the satisfied customers' look, not
     * the rating-band one: the same satisfied complaints and no 1-star one
     * make 10.8% against the peers' 11.7%, yet its 5-star customers
     * complain three times as often as 5-star customers elsewhere, the
     * complaint a glowing average hides. */
    a = new_aggregate(UT_BUCKET_NONE);
    add_rated_store(a, "A", 900, 108, 100, 0, 1);
    for (int p = 0; p < 3; p++)
        add_rated_store(a, peers[p], 1000, 30 + 10 * p, 200, 100, 1);
    assert_int_equal(ut_summary_build(&s, a), 0);
    r = find_row(s, "A", "food");
    assert_non_null(r);
    assert_true(r->lift < 1);
    assert_true(r->has_satisfied);
    assert_float_equal(r->satisfied_expected, 36.0, 1e-12);
    const uint64_t k0[2] = {0, 108};
    p_peers = ut_fisher_greater(108, 1000, 420, 3600);
    p_satisfied = fmax(ut_binomial_sf(108, 900, 36.0 / 900), ut_cmh_greater(k0 + 1, n + 1, pk + 1, pn + 1, 1));
    assert_float_equal(r->p_value, 2 * fmin(p_peers, p_satisfied), 1e-300);
    assert_true(r->significant);
    assert_true(ut_cluster_row_by_satisfied(r));
    assert_int_equal(r->rank, 1);
    ut_summary_free(s);
    ut_aggregate_free(a);

    /* ... but only where the satisfied customers' prior could be fitted (3
     * groups with 20 satisfied reviews): against one other group, a
     * different population, the cell below it takes no such look. */
    a = new_aggregate(UT_BUCKET_NONE);
    add_rated_store(a, "A", 900, 108, 100, 0, 1);
    add_rated_store(a, "B", 1000, 30, 200, 100, 1);
    assert_int_equal(ut_summary_build(&s, a), 0);
    r = find_row(s, "A", "food");
    assert_non_null(r);
    assert_true(r->lift < 1);
    assert_false(r->has_satisfied);
    assert_false(r->significant);
    assert_float_equal(r->p_value, ut_fisher_greater(108, 1000, 130, 1200), 0);
    ut_summary_free(s);
    ut_aggregate_free(a);
}

/* The satisfied customers' prior weighs at most as many reviews as the
 * cell's own satisfied customers. 30 peers' 5-star reviews complain at
 * exactly 3.4%, so the fitted prior is strong (about 700 reviews): A's 29
 * complaints among 341 5-star reviews (11.6 expected) would be pulled
 * under 3 customers above the peers' rate. Capped at A's 341, the bound is
 * about 4.5 customers and the cell is found, though its overall incidence
 * is below its peers' (A's 1-star customers complain less by chance). */
static void satisfied_prior_weighs_no_more_than_the_cell(void **state) {
    (void)state;
    ut_aggregate *a = new_aggregate(UT_BUCKET_NONE);
    add_rated_store(a, "A", 341, 29, 40, 10, 1);
    char key[16];
    for (int p = 0; p < 30; p++) {
        snprintf(key, sizeof key, "P%02d", p);
        add_rated_store(a, key, 1000, 34, 150, 110, 1);
    }
    ut_summary *s;
    assert_int_equal(ut_summary_build(&s, a), 0);
    const ut_cluster_row *r = find_row(s, "A", "food");
    assert_non_null(r);
    assert_true(r->lift < 1);
    assert_true(r->has_satisfied);
    double e = 341 * (34.0 * 30 / 30000);
    assert_float_equal(r->satisfied_expected, e, 1e-9);
    double capped = 341 * ut_eb_shrunk_lower(29, 341, e / 341, 341, UT_CLUSTER_RANK_Z) - e;
    double fitted = 341 * ut_eb_shrunk_lower(29, 341, e / 341, 700, UT_CLUSTER_RANK_Z) - e;
    assert_true(capped >= UT_CLUSTER_MIN_EXCESS);
    assert_true(fitted < UT_CLUSTER_MIN_EXCESS);
    assert_true(r->significant);
    assert_float_equal(r->specific_excess_low, capped, 1e-9);
    ut_summary_free(s);
    ut_aggregate_free(a);
}

/* With a handful of complaints expected, the rating looks' p-values are
 * the exact binomial's, not the CMH test's normal approximation, which is
 * bolder there. A's 300 5-star reviews hold 6 complaints; each of B, C,
 * D has 1000 5-star reviews with 3 and 20 1-star ones with 10. A is above
 * its peers (2% against 39/3060) and rated above the corpus, and its
 * rating-band and satisfied looks are the same table: 6 against 300 *
 * 9/3000 = 0.9 expected. */
static void sparse_looks_use_the_exact_test(void **state) {
    (void)state;
    ut_aggregate *a = new_aggregate(UT_BUCKET_NONE);
    add_rated_store(a, "A", 300, 6, 0, 0, 1);
    const char *peers[] = {"B", "C", "D"};
    for (int p = 0; p < 3; p++)
        add_rated_store(a, peers[p], 1000, 3, 20, 10, 1);
    ut_summary *s;
    assert_int_equal(ut_summary_build(&s, a), 0);
    const ut_cluster_row *r = find_row(s, "A", "food");
    assert_non_null(r);
    assert_true(r->lift >= 1);
    assert_float_equal(r->rated_expected, 0.9, 1e-12);
    assert_true(r->has_satisfied);
    assert_float_equal(r->satisfied_expected, 0.9, 1e-12);
    const uint64_t k[1] = {6}, n[1] = {300}, pk[1] = {9}, pn[1] = {3000};
    double exact = ut_binomial_sf(6, 300, 0.9 / 300), approximate = ut_cmh_greater(k, n, pk, pn, 1);
    assert_true(approximate < exact / 2); /* 1e-4 against 3.3e-4 */
    double fisher = ut_fisher_greater(6, 300, 39, 3060);
    assert_float_equal(r->p_value, fmin(1, 3 * fmin(fisher, exact)), 1e-300);
    ut_summary_free(s);
    ut_aggregate_free(a);
}

/* Quotes: the mention's clause, cleaned and cut at a whole word within 160
 * characters, one per review, most negative first. */
static void quote_cleaning(void **state) {
    (void)state;
    char out[UT_QUOTE_MAX_BYTES];
    size_t n = ut_quote_clean("  charged\ttwice |\n\n and  no refund ", 36, out);
    assert_int_equal(n, strlen("charged twice / and no refund"));
    assert_memory_equal(out, "charged twice / and no refund", n);
    /* 200 characters of words: cut after the last whole word within 160 */
    char long_text[256];
    size_t at = 0;
    while (at < 200)
        at += (size_t)snprintf(long_text + at, sizeof long_text - at, "word%03zu ", at);
    n = ut_quote_clean(long_text, at, out);
    assert_true(n <= UT_QUOTE_MAX_CHARS);
    assert_true(n > 140);
    assert_true(out[n - 1] != ' ');
    assert_true(long_text[n] == ' '); /* the cut falls between words */
    /* a word that ends exactly at the limit stays whole */
    memset(long_text, 'x', 160);
    n = ut_quote_clean(long_text, 160, out);
    assert_int_equal(n, 160);
    /* multi-byte characters count once: 170 two-byte letters give 160 */
    char accents[400];
    for (int i = 0; i < 170; i++)
        memcpy(accents + 2 * i, "\xc3\xa9", 2);
    n = ut_quote_clean(accents, 340, out);
    assert_int_equal(n, 320);
}

static void quotes_from_distinct_reviews_merge_exactly(void **state) {
    (void)state;
    ut_aggregate *parts[2] = {new_aggregate(UT_BUCKET_NONE), new_aggregate(UT_BUCKET_NONE)};
    ut_aggregate *whole = new_aggregate(UT_BUCKET_NONE);
    const char *texts[] = {"the refund never came, staff nice", "charged twice, great food",
                           "they billed me twice and ignored me", "price too high, nice view"};
    const float worst[] = {-0.9f, -0.7f, -0.8f, -0.3f};
    char id[16];
    for (int i = 0; i < 4; i++) {
        uint32_t themes[2] = {FX_PRICE, FX_PRICE};
        float scores[2] = {worst[i], worst[i] + 0.05f}; /* two complaints in one review: one quote */
        snprintf(id, sizeof id, "q%d", i);
        add_review(parts[i % 2], id, "A", texts[i], themes, scores, 2, 2, INT32_MIN);
        add_review(whole, id, "A", texts[i], themes, scores, 2, 2, INT32_MIN);
    }
    add_store(whole, "B", 50, 1, FX_FOOD, 4);
    add_store(parts[1], "B", 50, 1, FX_FOOD, 4);
    ut_aggregate *ab = new_aggregate(UT_BUCKET_NONE), *ba = new_aggregate(UT_BUCKET_NONE);
    assert_int_equal(ut_aggregate_merge(ab, parts[0]), 0);
    assert_int_equal(ut_aggregate_merge(ab, parts[1]), 0);
    assert_int_equal(ut_aggregate_merge(ba, parts[1]), 0);
    assert_int_equal(ut_aggregate_merge(ba, parts[0]), 0);
    ut_aggregate *all[3] = {whole, ab, ba};
    for (int k = 0; k < 3; k++) {
        ut_summary *s;
        assert_int_equal(ut_summary_build(&s, all[k]), 0);
        const ut_cluster_row *r = find_row(s, "A", "price");
        assert_non_null(r);
        assert_string_equal(r->quotes, "the refund never came | they billed me twice and ignored me | charged twice");
        assert_string_equal(r->example_ids, "q0; q2; q1; q3");
        ut_summary_free(s);
    }
    for (int k = 0; k < 3; k++)
        ut_aggregate_free(all[k]);
    ut_aggregate_free(parts[0]);
    ut_aggregate_free(parts[1]);
}

/* Trends per group: store A's food complaints jump in week 5 while the
 * other stores stay flat. Alerts: A's row for that week (against its own
 * weeks before and against its peers that week), and no other. */
static void trend_alert_for_one_group(void **state) {
    (void)state;
    ut_aggregate *a = new_aggregate(UT_BUCKET_WEEK);
    int32_t monday = 19000 - (19000 + 3) % 7;
    char id[32], store[8];
    for (int k = 0; k < 6; k++) {
        snprintf(store, sizeof store, "%c", 'A' + k);
        for (int w = 0; w < 6; w++)
            for (int i = 0; i < 60; i++) {
                int complaint = k == 0 && w == 5 ? i < 30 : i < 6;
                uint32_t theme = FX_FOOD;
                float score = complaint ? -0.6f : 0.6f;
                snprintf(id, sizeof id, "%s-%d-%d", store, w, i);
                add_review(a, id, store, "food", &theme, &score, 1, 3, monday + w * 7 + i % 7);
            }
    }
    ut_summary *s;
    assert_int_equal(ut_summary_build(&s, a), 0);
    size_t group_alerts = 0;
    for (size_t i = 0; i < s->n_trends; i++) {
        const ut_trend_row *r = &s->trends[i];
        if (!r->alert || !*r->group) continue;
        group_alerts++;
        assert_string_equal(r->group, "A");
        assert_string_equal(r->theme, "food");
        assert_int_equal(r->reviews, 60);
        assert_int_equal(r->complaints, 30);
        assert_int_equal(r->baseline_reviews, 240); /* the 4 weeks before */
        assert_int_equal(r->baseline_complaints, 24);
        assert_float_equal(r->baseline_incidence, 0.1, 1e-12);
        assert_float_equal(r->peer_incidence, 0.1, 1e-12); /* B..F that week: 30 of 300 */
    }
    assert_int_equal(group_alerts, 1);
    /* The corpus rows: that week 60 of 360 complain against 10% before: the
     * corpus moved too, and may alert, in that week only. */
    for (size_t i = 0; i < s->n_trends; i++)
        if (s->trends[i].alert && !*s->trends[i].group) assert_int_equal(s->trends[i].complaints, 60);
    ut_summary_free(s);
    ut_aggregate_free(a);
}

/* No change in time and no group apart: no alert and no significant cell. */
static void nothing_planted_nothing_found(void **state) {
    (void)state;
    ut_aggregate *a = new_aggregate(UT_BUCKET_WEEK);
    int32_t monday = 19000 - (19000 + 3) % 7;
    char id[32], store[8];
    uint32_t x = 99;
    for (int k = 0; k < 8; k++) {
        snprintf(store, sizeof store, "%c", 'A' + k);
        for (int i = 0; i < 600; i++) {
            uint32_t themes[2] = {FX_FOOD, FX_STAFF};
            float scores[2];
            for (int t = 0; t < 2; t++)
                scores[t] = fx_rand(&x) % 100 < 12 ? -0.6f : 0.6f;
            snprintf(id, sizeof id, "%s-%d", store, i);
            add_review(a, id, store, "food, staff", themes, scores, 2, 3, monday + i % 70);
        }
    }
    ut_summary *s;
    assert_int_equal(ut_summary_build(&s, a), 0);
    assert_int_equal(s->n_significant, 0);
    assert_int_equal(s->n_alerts, 0);
    ut_summary_free(s);
    ut_aggregate_free(a);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(complaints_count_customers),
        cmocka_unit_test(peers_leave_one_out),
        cmocka_unit_test(bh_counts_every_cell),
        cmocka_unit_test(parent_covered_by_child),
        cmocka_unit_test(group_wide_below_specific),
        cmocka_unit_test(better_group_judged_against_its_level),
        cmocka_unit_test(rated_peers_expect_by_band),
        cmocka_unit_test(satisfied_customers_look),
        cmocka_unit_test(satisfied_prior_weighs_no_more_than_the_cell),
        cmocka_unit_test(sparse_looks_use_the_exact_test),
        cmocka_unit_test(quote_cleaning),
        cmocka_unit_test(quotes_from_distinct_reviews_merge_exactly),
        cmocka_unit_test(trend_alert_for_one_group),
        cmocka_unit_test(nothing_planted_nothing_found),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
