/* test_mention_sample.c — the bottom-k sample of a cell's negative
 * mentions: it holds everything until full, then exactly the mentions of
 * smallest rank; any split of the offers, merged in any order, gives the
 * same sample; and the estimate scales a sample count by offered / held. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "util/common.h"
#include "util/hash.h"
#include "aggregate/mention_sample.h"

enum { OFFERS = 3000, PARTS = 3 };

/* Mention i: a rank from a fake review id, and 1 to 4 n-gram keys. Every
 * 50th shares its rank with the one before (a review id seen twice), with
 * other keys, so ties are decided by the keys. */
typedef struct offer {
    uint64_t rank;
    ut_ngram g[4];
    uint32_t n;
} offer;

static void make_offers(offer *o) {
    for (uint32_t i = 0; i < OFFERS; i++) {
        uint32_t id = i % 50 == 49 ? i - 1 : i;
        o[i].rank = ut_mention_rank(ut_hash_mix(id + 1, 77), 0);
        o[i].n = 1 + i % 4;
        for (uint32_t k = 0; k < o[i].n; k++)
            o[i].g[k] = (ut_ngram){ut_hash_mix(i % 97 + k, 5), k, 1};
    }
}

static void assert_same_sample(ut_mention_sample *x, ut_mention_sample *y) {
    ut_mention_sample_sort(x);
    ut_mention_sample_sort(y);
    assert_int_equal(x->offered, y->offered);
    assert_int_equal(x->n, y->n);
    for (uint32_t i = 0; i < x->n; i++) {
        assert_int_equal(x->items[i].rank, y->items[i].rank);
        assert_int_equal(x->items[i].n_keys, y->items[i].n_keys);
        assert_memory_equal(x->items[i].keys, y->items[i].keys, x->items[i].n_keys * sizeof *x->items[i].keys);
    }
}

static ut_ngram ngram_of(uint32_t i, uint32_t k) {
    return (ut_ngram){ut_hash_mix((uint64_t)i << 8 | k, 11), k, 1};
}

static int cmp_rank(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static void holds_all_until_full(void **state) {
    (void)state;
    static offer o[OFFERS];
    make_offers(o);
    ut_mention_sample s = {0};
    for (uint32_t i = 0; i < UT_MENTION_SAMPLE; i++) {
        assert_int_equal(ut_mention_sample_offer(&s, o[i].rank, o[i].g, o[i].n), 0);
        /* the array grows with what is held (8, 16, ...): most cells never fill */
        assert_true(s.items_cap >= s.n && s.items_cap <= (s.n < 8 ? 8 : 2 * s.n - 2));
    }
    assert_int_equal(s.n, UT_MENTION_SAMPLE);
    assert_int_equal(s.items_cap, UT_MENTION_SAMPLE);
    assert_int_equal(s.offered, UT_MENTION_SAMPLE);
    ut_mention_sample_sort(&s);
    for (uint32_t i = 1; i < s.n; i++)
        assert_true(ut_sampled_mention_cmp(&s.items[i - 1], &s.items[i]) >= 0);
    /* exact while every mention is held */
    assert_int_equal(ut_mention_sample_estimate(&s, 7), 7);
    ut_mention_sample_free(&s);
    assert_int_equal(s.n, 0);
    assert_null(s.items);
}

static void keeps_the_smallest_ranks(void **state) {
    (void)state;
    static offer o[OFFERS];
    static uint64_t ranks[OFFERS];
    make_offers(o);
    ut_mention_sample s = {0};
    for (uint32_t i = 0; i < OFFERS; i++) {
        assert_int_equal(ut_mention_sample_offer(&s, o[i].rank, o[i].g, o[i].n), 0);
        ranks[i] = o[i].rank;
    }
    qsort(ranks, OFFERS, sizeof *ranks, cmp_rank);
    assert_int_equal(s.offered, OFFERS);
    assert_int_equal(s.n, UT_MENTION_SAMPLE);
    ut_mention_sample_sort(&s);
    for (uint32_t i = 0; i < s.n; i++)
        assert_int_equal(s.items[s.n - 1 - i].rank, ranks[i]);
    /* sorted, it still takes offers: a smallest rank goes in */
    ut_ngram g = {1, 0, 1};
    assert_int_equal(ut_mention_sample_offer(&s, 0, &g, 1), 0);
    ut_mention_sample_sort(&s);
    assert_int_equal(s.items[s.n - 1].rank, 0);
    assert_int_equal(s.items[0].rank, ranks[UT_MENTION_SAMPLE - 2]);
    ut_mention_sample_free(&s);
}

/* The same offers in one sample, or split three ways (one part offered
 * backwards) and merged in two orders and as a tree, or re-inserted from
 * their items (a loaded state): the same sample. */
static void split_and_merge_order_free(void **state) {
    (void)state;
    static offer o[OFFERS];
    make_offers(o);
    ut_mention_sample whole = {0}, part[PARTS] = {{0}}, merged[2] = {{0}}, loaded = {0};
    for (uint32_t i = 0; i < OFFERS; i++)
        assert_int_equal(ut_mention_sample_offer(&whole, o[i].rank, o[i].g, o[i].n), 0);
    for (uint32_t j = 0; j < OFFERS; j++) {
        uint32_t i = j % PARTS == 1 ? OFFERS - 1 - j : j;
        assert_int_equal(ut_mention_sample_offer(&part[i % PARTS], o[i].rank, o[i].g, o[i].n), 0);
    }
    static const int order[2][PARTS] = {{0, 1, 2}, {2, 0, 1}};
    for (int m = 0; m < 2; m++) {
        for (int k = 0; k < PARTS; k++)
            assert_int_equal(ut_mention_sample_merge(&merged[m], &part[order[m][k]]), 0);
        assert_same_sample(&whole, &merged[m]);
    }
    assert_int_equal(ut_mention_sample_merge(&part[2], &part[1]), 0);
    assert_int_equal(ut_mention_sample_merge(&part[0], &part[2]), 0);
    assert_same_sample(&whole, &part[0]);
    for (uint32_t i = 0; i < whole.n; i++)
        assert_int_equal(
            ut_mention_sample_insert(&loaded, whole.items[i].rank, whole.items[i].keys, whole.items[i].n_keys), 0);
    loaded.offered = whole.offered;
    assert_same_sample(&whole, &loaded);
    ut_mention_sample_free(&whole);
    ut_mention_sample_free(&loaded);
    for (int p = 0; p < PARTS; p++)
        ut_mention_sample_free(&part[p]);
    for (int m = 0; m < 2; m++)
        ut_mention_sample_free(&merged[m]);
}

/* Mentions of 1 to 40 keys, many more than the sample holds, so held
 * mentions are replaced thousands of times and the key pool is compacted
 * and grown over and over: every held mention still has exactly the keys
 * it was offered with, the pool's books balance, and its size follows
 * what is held. */
static void keys_survive_compaction(void **state) {
    (void)state;
    enum { MANY = 20000 };
    static uint64_t ranks[MANY];
    ut_mention_sample s = {0};
    ut_ngram g[40];
    for (uint32_t i = 0; i < MANY; i++) {
        /* ranks fall as offers go on, so most offers replace a held one */
        ranks[i] = (uint64_t)(MANY - i) << 20 | (ut_hash_mix(i, 3) & 0xfffff);
        uint32_t n = 1 + (i * 7) % 40;
        for (uint32_t k = 0; k < n; k++)
            g[k] = ngram_of(i, k);
        assert_int_equal(ut_mention_sample_offer(&s, ranks[i], g, n), 0);
        uint64_t live = 0;
        for (uint32_t h = 0; h < s.n; h++)
            live += s.items[h].n_keys;
        assert_int_equal(s.pool_len - s.garbage, live);
        assert_true(s.pool_cap <= 2 * live + 256);
    }
    assert_int_equal(s.n, UT_MENTION_SAMPLE);
    for (uint32_t h = 0; h < s.n; h++) {
        const ut_sampled_mention *m = &s.items[h];
        uint32_t i = MANY - (uint32_t)(m->rank >> 20);
        assert_int_equal(m->rank, ranks[i]);
        assert_int_equal(m->n_keys, 1 + (i * 7) % 40);
        assert_ptr_equal(m->keys, s.pool + m->off);
        for (uint32_t k = 0; k < m->n_keys; k++)
            assert_int_equal(m->keys[k], ngram_of(i, k).key);
    }
    ut_mention_sample_free(&s);
    assert_null(s.pool);
}

static void estimate_scales_by_offered(void **state) {
    (void)state;
    ut_mention_sample s = {0};
    ut_ngram g = {42, 0, 1};
    assert_int_equal(ut_mention_sample_estimate(&s, 0), 0);
    for (uint64_t i = 0; i < 1000; i++)
        assert_int_equal(ut_mention_sample_offer(&s, ut_mention_rank(i, 0), &g, 1), 0);
    assert_int_equal(s.n, UT_MENTION_SAMPLE);
    /* 1000 offered, UT_MENTION_SAMPLE held: a phrase in every held mention
     * is estimated in all 1000; in one, 1000 / held rounded */
    assert_int_equal(ut_mention_sample_estimate(&s, UT_MENTION_SAMPLE), 1000);
    assert_int_equal(ut_mention_sample_estimate(&s, 1), (1000 + UT_MENTION_SAMPLE / 2) / UT_MENTION_SAMPLE);
    assert_int_equal(ut_mention_sample_estimate(&s, 0), 0);
    ut_mention_sample_free(&s);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(holds_all_until_full),       cmocka_unit_test(keeps_the_smallest_ranks),
        cmocka_unit_test(split_and_merge_order_free), cmocka_unit_test(keys_survive_compaction),
        cmocka_unit_test(estimate_scales_by_offered),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
