/* test_aggregate.c — cells and their counts, merge order independence,
 * the cluster ranking (planted cluster first, shrinkage), phrases and the
 * phrase sketch, examples and trend alerts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "aggregate_fixture.h"
#include "aggregate/aggregate_internal.h"
#include "aggregate/phrases.h"
#include "aggregate/summary.h"

static ut_aggregate *fx_new(int n_groups, ut_bucket bucket) {
    ut_aggregate_config cfg;
    fx_make_config(&cfg, n_groups, bucket);
    ut_aggregate *a = NULL;
    assert_int_equal(ut_aggregate_new_plain(&a, &cfg), 0);
    return a;
}

static void add_one(ut_aggregate *a, const char *id, const char *text, double compound, const char *store,
                    const ut_theme_mention *m, uint32_t n_m, int32_t day) {
    ut_tokens tok = {0};
    fx_tokens(&tok, text);
    ut_field_value groups[2] = {{store, strlen(store), 1}, {"US", 2, 1}};
    ut_review_facts f = {0};
    f.id = id;
    f.id_len = id ? strlen(id) : 0;
    f.record_no = 1;
    f.sentiment.compound = compound;
    f.has_rating = 1;
    f.rating = compound < 0 ? 1 : 5;
    f.has_date = 1;
    f.day = day;
    f.groups = groups;
    f.n_groups = 2;
    f.mentions = m;
    f.n_mentions = n_m;
    f.tokens = &tok;
    assert_int_equal(ut_aggregate_add(a, &f), 0);
    fx_tokens_free(&tok);
}

static void child_counts_for_parent(void **state) {
    (void)state;
    ut_aggregate *a = fx_new(2, UT_BUCKET_NONE);
    ut_theme_mention m[2] = {{FX_STAFF, 0, 0, 0, 0, -0.6f}, {FX_SERVICE, 0, 0, 1, 0, 0.02f}};
    add_one(a, "x1", "staff was rude, service ok", -0.4, "A", m, 2, 0);
    assert_int_equal(a->records, 1);
    assert_int_equal(a->themes[FX_STAFF].mentions, 1);
    assert_int_equal(a->themes[FX_STAFF].negative, 1);
    assert_int_equal(a->themes[FX_SERVICE].mentions, 2); /* its own and the child's */
    assert_int_equal(a->themes[FX_SERVICE].reviews, 1);  /* one review */
    assert_int_equal(a->themes[FX_SERVICE].neutral, 1);
    assert_int_equal(a->themes[FX_SERVICE].negative, 1);
    assert_int_equal(a->themes[FX_SERVICE].score_sum, -6000 + 200);
    assert_int_equal(a->themes[FX_SERVICE].rating_sum, 100);
    assert_int_equal(a->themes[FX_SERVICE].hist[2], 1); /* -0.6 in [-0.6,-0.4) */
    assert_int_equal(a->themes[FX_SERVICE].hist[5], 1); /* 0.02 in [0,0.2) */
    assert_int_equal(a->themed_mentions, 2);
    /* groups: store A, country US, and A|US */
    assert_int_equal(a->n_group_rows, 3);
    assert_string_equal(a->groups[2].key, "A|US");
    assert_int_equal(a->groups[2].field, 2);
    /* every group x theme cell touched: 3 groups x {staff, service} */
    assert_int_equal(a->n_cells, 6);
    /* example ids from negative mentions only */
    assert_int_equal(a->themes[FX_STAFF].n_examples, 1);
    assert_string_equal(a->themes[FX_STAFF].examples[0].id, "x1");
    ut_aggregate_free(a);
}

static void missing_group_values_are_skipped(void **state) {
    (void)state;
    ut_aggregate *a = fx_new(2, UT_BUCKET_NONE);
    ut_theme_mention m = {FX_FOOD, 0, 0, 0, 0, -0.5f};
    ut_field_value groups[2] = {{"B", 1, 1}, {NULL, 0, 0}};
    ut_review_facts f = {0};
    f.sentiment.compound = -0.5;
    f.groups = groups;
    f.n_groups = 2;
    f.mentions = &m;
    f.n_mentions = 1;
    f.record_no = 42; /* no id: the record number stands in */
    assert_int_equal(ut_aggregate_add(a, &f), 0);
    assert_int_equal(a->n_group_rows, 1); /* "B" only: no combination without a country */
    assert_string_equal(a->themes[FX_FOOD].examples[0].id, "42");
    /* a mention of an unknown theme is ignored, not a crash */
    ut_theme_mention bad = {99, 0, 0, 0, 0, -1.0f};
    f.mentions = &bad;
    assert_int_equal(ut_aggregate_add(a, &f), 0);
    assert_int_equal(a->records, 2);
    ut_aggregate_free(a);
}

static void bad_theme_config_refused(void **state) {
    (void)state;
    ut_aggregate_config cfg;
    fx_make_config(&cfg, 0, UT_BUCKET_NONE);
    int32_t cyclic[] = {-1, 2, 1, -1, -1};
    cfg.theme_parents = cyclic;
    ut_aggregate *a = NULL;
    assert_int_equal(ut_aggregate_new_plain(&a, &cfg), UT_EINVAL);
    int32_t out_of_range[] = {-1, 7, -1, -1, -1};
    cfg.theme_parents = out_of_range;
    assert_int_equal(ut_aggregate_new_plain(&a, &cfg), UT_EINVAL);
    cfg.theme_parents = fx_theme_parents;
    cfg.n_groups = UT_MAX_GROUPS + 1;
    assert_int_equal(ut_aggregate_new_plain(&a, &cfg), UT_EINVAL);
    assert_null(a);
}

static int take_mod(uint32_t i, void *ctx) {
    uint32_t *mod = ctx;
    return i % mod[0] == mod[1];
}

#define CORPUS 600

static void merge_order_does_not_matter(void **state) {
    (void)state;
    /* one aggregate over everything */
    ut_aggregate *whole = fx_new(2, UT_BUCKET_WEEK);
    assert_int_equal(fx_add_range(whole, 0, CORPUS, NULL, NULL), 0);
    char *expect = fx_render(whole);
    assert_non_null(expect);

    /* round-robin into 4 partials, merged 3,1,0,2 */
    ut_aggregate *part[4];
    for (uint32_t k = 0; k < 4; k++) {
        part[k] = fx_new(2, UT_BUCKET_WEEK);
        uint32_t mod[2] = {4, k};
        assert_int_equal(fx_add_range(part[k], 0, CORPUS, take_mod, mod), 0);
    }
    ut_aggregate *merged = fx_new(2, UT_BUCKET_WEEK);
    const int order[4] = {3, 1, 0, 2};
    for (int k = 0; k < 4; k++)
        assert_int_equal(ut_aggregate_merge(merged, part[order[k]]), 0);
    char *got = fx_render(merged);
    assert_string_equal(got, expect);
    free(got);

    /* 7 contiguous chunks merged as a tree: ((c6+c5)+(c4+c3)) + ((c2+c1)+c0) */
    ut_aggregate *chunk[7];
    for (uint32_t k = 0; k < 7; k++) {
        chunk[k] = fx_new(2, UT_BUCKET_WEEK);
        assert_int_equal(fx_add_range(chunk[k], k * CORPUS / 7, (k + 1) * CORPUS / 7, NULL, NULL), 0);
    }
    assert_int_equal(ut_aggregate_merge(chunk[6], chunk[5]), 0);
    assert_int_equal(ut_aggregate_merge(chunk[4], chunk[3]), 0);
    assert_int_equal(ut_aggregate_merge(chunk[6], chunk[4]), 0);
    assert_int_equal(ut_aggregate_merge(chunk[2], chunk[1]), 0);
    assert_int_equal(ut_aggregate_merge(chunk[2], chunk[0]), 0);
    assert_int_equal(ut_aggregate_merge(chunk[6], chunk[2]), 0);
    got = fx_render(chunk[6]);
    assert_string_equal(got, expect);
    free(got);

    /* merging an empty aggregate changes nothing */
    ut_aggregate *empty = fx_new(2, UT_BUCKET_WEEK);
    assert_int_equal(ut_aggregate_merge(whole, empty), 0);
    got = fx_render(whole);
    assert_string_equal(got, expect);
    free(got);

    free(expect);
    for (int k = 0; k < 4; k++)
        ut_aggregate_free(part[k]);
    for (int k = 0; k < 7; k++)
        ut_aggregate_free(chunk[k]);
    ut_aggregate_free(merged);
    ut_aggregate_free(whole);
    ut_aggregate_free(empty);
}

/* The summary ranks cells' and themes' phrases on several threads: the
 * same tables for any thread count (enough reviews that cells' samples
 * are full). */
static void summary_same_for_any_thread_count(void **state) {
    (void)state;
    ut_aggregate_config cfg;
    fx_make_config(&cfg, 2, UT_BUCKET_MONTH);
    ut_aggregate *a = NULL;
    assert_int_equal(ut_aggregate_new_plain(&a, &cfg), 0);
    assert_int_equal(fx_add_range(a, 0, 6000, NULL, NULL), 0);
    char *one = fx_render_threads(a, 1), *three = fx_render_threads(a, 3), *none = fx_render_threads(a, 0);
    assert_non_null(strstr(one, "; ")); /* some cell lists phrases */
    assert_string_equal(one, three);
    assert_string_equal(one, none);
    /* parts merged on three threads, full samples merged and not moved */
    ut_aggregate *merged = NULL;
    assert_int_equal(ut_aggregate_new_plain(&merged, &cfg), 0);
    for (uint32_t k = 0; k < 3; k++) {
        ut_aggregate *part = NULL;
        assert_int_equal(ut_aggregate_new_plain(&part, &cfg), 0);
        uint32_t mod[2] = {3, k};
        assert_int_equal(fx_add_range(part, 0, 6000, take_mod, mod), 0);
        assert_int_equal(ut_aggregate_merge_take(merged, part, 3), 0);
        ut_aggregate_free(part);
    }
    char *from_parts = fx_render_threads(merged, 2);
    assert_string_equal(one, from_parts);
    free(one), free(three), free(none), free(from_parts);
    ut_aggregate_free(merged);
    ut_aggregate_free(a);
}

/* Taking (moving the tables an empty result has not started) gives what
 * copying does, first part or later, and a refused take changes nothing. */
static void merge_take_equals_merge(void **state) {
    (void)state;
    ut_aggregate *whole = fx_new(2, UT_BUCKET_WEEK);
    assert_int_equal(fx_add_range(whole, 0, CORPUS, NULL, NULL), 0);
    char *expect = fx_render(whole);
    assert_non_null(expect);
    ut_aggregate *part[3];
    for (uint32_t k = 0; k < 3; k++) {
        part[k] = fx_new(2, UT_BUCKET_WEEK);
        uint32_t mod[2] = {3, k};
        assert_int_equal(fx_add_range(part[k], 0, CORPUS, take_mod, mod), 0);
    }
    ut_aggregate *merged = fx_new(2, UT_BUCKET_WEEK);
    ut_aggregate_config cfg;
    fx_make_config(&cfg, 1, UT_BUCKET_WEEK);
    ut_aggregate *other;
    assert_int_equal(ut_aggregate_new_plain(&other, &cfg), 0);
    assert_int_equal(fx_add_range(other, 0, 50, NULL, NULL), 0);
    assert_int_equal(ut_aggregate_merge_take(merged, other, 1), UT_EMISMATCH);
    assert_int_equal(ut_aggregate_merge_take(merged, merged, 1), UT_EINVAL);
    for (int k = 0; k < 3; k++) /* on 1, 2 and 3 threads */
        assert_int_equal(ut_aggregate_merge_take(merged, part[k], k + 1), 0);
    char *got = fx_render(merged);
    assert_string_equal(got, expect);
    free(got);
    /* A run counts bytes and bad records into its result before the
     * workers' aggregates are taken; the first take swaps the two whole,
     * and those counts must survive it. */
    ut_aggregate *counted = fx_new(2, UT_BUCKET_WEEK), *taken[3];
    ut_aggregate_add_bytes(counted, 4321);
    ut_aggregate_add_bad(counted, UT_BAD_JSON_SYNTAX, 2);
    ut_aggregate_add_bytes(whole, 4321);
    ut_aggregate_add_bad(whole, UT_BAD_JSON_SYNTAX, 2);
    char *expect_counted = fx_render(whole);
    assert_non_null(expect_counted);
    assert_string_not_equal(expect_counted, expect);
    for (uint32_t k = 0; k < 3; k++) {
        taken[k] = fx_new(2, UT_BUCKET_WEEK);
        uint32_t mod[2] = {3, k};
        assert_int_equal(fx_add_range(taken[k], 0, CORPUS, take_mod, mod), 0);
        assert_int_equal(ut_aggregate_merge_take(counted, taken[k], 2), 0);
    }
    got = fx_render(counted);
    assert_string_equal(got, expect_counted);
    assert_int_equal(ut_aggregate_records(taken[0]), 0); /* what was taken left the part */
    free(got);
    free(expect_counted);
    for (int k = 0; k < 3; k++)
        ut_aggregate_free(taken[k]);
    ut_aggregate_free(counted);
    free(expect);
    for (int k = 0; k < 3; k++)
        ut_aggregate_free(part[k]);
    ut_aggregate_free(other);
    ut_aggregate_free(merged);
    ut_aggregate_free(whole);
}

static void merge_refuses_other_configs(void **state) {
    (void)state;
    ut_aggregate_config cfg;
    fx_make_config(&cfg, 2, UT_BUCKET_NONE);
    ut_aggregate *a, *b, *c, *d;
    assert_int_equal(ut_aggregate_new_plain(&a, &cfg), 0);
    cfg.lexicon_fingerprint = 0x9999;
    cfg.lexicons = "other.tsv";
    assert_int_equal(ut_aggregate_new_plain(&b, &cfg), 0);
    assert_int_equal(ut_aggregate_merge(a, b), UT_EMISMATCH);
    assert_non_null(strstr(ut_error_last(), "builtin,extra.tsv"));
    assert_non_null(strstr(ut_error_last(), "other.tsv"));
    fx_make_config(&cfg, 1, UT_BUCKET_NONE);
    assert_int_equal(ut_aggregate_new_plain(&c, &cfg), 0);
    assert_int_equal(ut_aggregate_merge(a, c), UT_EMISMATCH);
    fx_make_config(&cfg, 2, UT_BUCKET_NONE);
    cfg.model = UT_MODEL_VADER;
    assert_int_equal(ut_aggregate_new_plain(&d, &cfg), 0);
    assert_int_equal(ut_aggregate_merge(a, d), UT_EMISMATCH);
    assert_non_null(strstr(ut_error_last(), "vader"));
    assert_int_equal(ut_aggregate_merge(a, a), UT_EINVAL);
    ut_aggregate_free(a);
    ut_aggregate_free(b);
    ut_aggregate_free(c);
    ut_aggregate_free(d);
}

static void phrase_mining_can_be_off(void **state) {
    (void)state;
    ut_aggregate_config cfg;
    fx_make_config(&cfg, 2, UT_BUCKET_NONE);
    cfg.no_phrases = 1;
    ut_aggregate *a, *b;
    assert_int_equal(ut_aggregate_new_plain(&a, &cfg), 0);
    assert_int_equal(fx_add_range(a, 0, 100, NULL, NULL), 0);
    ut_summary *s;
    assert_int_equal(ut_summary_build(&s, a), 0);
    assert_int_equal(s->n_phrases, 0);
    assert_true(s->n_clusters > 0);
    assert_string_equal(s->clusters[0].top_phrases, "");
    ut_summary_free(s);
    cfg.no_phrases = 0;
    assert_int_equal(ut_aggregate_new_plain(&b, &cfg), 0);
    assert_int_equal(ut_aggregate_merge(b, a), UT_EMISMATCH);
    ut_aggregate_free(a);
    ut_aggregate_free(b);
}

static void planted_cluster_ranks_first(void **state) {
    (void)state;
    ut_aggregate *a = fx_new(2, UT_BUCKET_NONE);
    assert_int_equal(fx_add_range(a, 0, CORPUS, NULL, NULL), 0);
    ut_summary *s;
    assert_int_equal(ut_summary_build(&s, a), 0);
    assert_true(s->n_clusters > 0);
    /* store C's staff problem, found through the store field or the
     * store|country combination, tops the list */
    const ut_cluster_row *top = &s->clusters[0];
    assert_string_equal(top->theme, "service/staff");
    assert_true(strcmp(top->group, "C") == 0 || strncmp(top->group, "C|", 2) == 0);
    assert_true(top->significant);
    assert_true(top->q_value <= 0.05);
    assert_true(top->incidence > top->peer_incidence);
    assert_true(top->excess_low > 0);
    assert_true(top->lift > 1.5);
    /* its phrases are the ones only store C's complaints use */
    assert_non_null(strstr(top->top_phrases, "rude"));
    assert_null(strstr(top->top_phrases, "friendly"));
    /* example ids are reviews at store C (ids r%05u with index % 5 == 2) */
    assert_true(strlen(top->example_ids) > 0);
    unsigned idx;
    assert_int_equal(sscanf(top->example_ids, "r%05u", &idx), 1);
    assert_int_equal(idx % 5, 2);
    /* ranks are 1..n, significant ones first */
    int seen_insignificant = 0;
    for (size_t i = 0; i < s->n_clusters; i++) {
        assert_int_equal(s->clusters[i].rank, i + 1);
        if (!s->clusters[i].significant)
            seen_insignificant = 1;
        else
            assert_false(seen_insignificant);
    }
    /* clusters are group x theme cells only */
    for (size_t i = 0; i < s->n_clusters; i++)
        assert_true(*s->clusters[i].group);
    ut_summary_free(s);
    ut_aggregate_free(a);
}

static void small_cells_do_not_outrank_big_ones(void **state) {
    (void)state;
    ut_aggregate *a = fx_new(1, UT_BUCKET_NONE);
    ut_tokens tok = {0};
    fx_tokens(&tok, "staff");
    char id[32];
    /* background: 4000 staff mentions at 10% negative over stores S0..S9 */
    for (int i = 0; i < 4000; i++) {
        char store[8];
        snprintf(store, sizeof store, "S%d", i % 10);
        snprintf(id, sizeof id, "b%d", i);
        ut_theme_mention m = {FX_STAFF, 0, 0, 0, 0, i % 10 == 0 ? -0.5f : 0.5f};
        ut_field_value g = {store, strlen(store), 1};
        ut_review_facts f = {.id = id,
                             .id_len = strlen(id),
                             .groups = &g,
                             .n_groups = 1,
                             .mentions = &m,
                             .n_mentions = 1,
                             .tokens = &tok};
        assert_int_equal(ut_aggregate_add(a, &f), 0);
    }
    /* "big": 300 complaining of 2000; "tiny": 2 of 3; ten peers of 500,
     * 10% each */
    for (int i = 0; i < 7003; i++) {
        char store[8];
        int negative;
        if (i < 2000) {
            snprintf(store, sizeof store, "big");
            negative = i % 20 < 3;
        } else if (i < 2003) {
            snprintf(store, sizeof store, "tiny");
            negative = i < 2002;
        } else {
            snprintf(store, sizeof store, "p%d", (i - 2003) / 500);
            negative = i % 10 == 0;
        }
        snprintf(id, sizeof id, "c%d", i);
        ut_theme_mention m = {FX_STAFF, 0, 0, 0, 0, negative ? -0.5f : 0.5f};
        ut_field_value g = {store, strlen(store), 1};
        ut_review_facts f = {.id = id,
                             .id_len = strlen(id),
                             .groups = &g,
                             .n_groups = 1,
                             .mentions = &m,
                             .n_mentions = 1,
                             .tokens = &tok};
        assert_int_equal(ut_aggregate_add(a, &f), 0);
    }
    fx_tokens_free(&tok);
    ut_summary *s;
    assert_int_equal(ut_summary_build(&s, a), 0);
    long big = -1, tiny = -1;
    for (size_t i = 0; i < s->n_clusters; i++) {
        if (strcmp(s->clusters[i].group, "big") == 0 && strcmp(s->clusters[i].theme, "service/staff") == 0)
            big = (long)i;
        if (strcmp(s->clusters[i].group, "tiny") == 0 && strcmp(s->clusters[i].theme, "service/staff") == 0)
            tiny = (long)i;
    }
    assert_true(big >= 0 && tiny >= 0);
    assert_true(big < tiny);
    assert_true(s->clusters[big].significant);
    assert_false(s->clusters[tiny].significant); /* 3 reviews: never 3 extra customers at the bound */
    assert_true(s->clusters[big].shrunk_incidence < s->clusters[big].incidence);
    ut_summary_free(s);
    ut_aggregate_free(a);
}

static void ngrams_skip_stop_word_edges(void **state) {
    (void)state;
    ut_tokens t = {0};
    fx_tokens(&t, "the staff was rude");
    ut_ngram g[UT_NGRAMS_MAX];
    uint32_t n = ut_ngrams_collect(&t, 0, t.n_tok, g);
    ut_buf b = UT_BUF_INIT;
    for (uint32_t i = 0; i < n; i++) {
        ut_ngram_text(&t, &g[i], &b);
        ut_buf_putc(&b, '|');
    }
    /* "the ..." and "... was" are cut; "staff was rude" keeps its inner stop word */
    assert_string_equal(b.data, "staff|staff was rude|rude|");
    /* negations and intensifiers open phrases but never end or form one */
    fx_tokens(&t, "not worth it very rude");
    n = ut_ngrams_collect(&t, 0, t.n_tok, g);
    ut_buf_clear(&b);
    for (uint32_t i = 0; i < n; i++) {
        ut_ngram_text(&t, &g[i], &b);
        ut_buf_putc(&b, '|');
    }
    assert_string_equal(b.data, "not worth|worth|very rude|rude|");
    ut_buf_free(&b);
    fx_tokens_free(&t);
    assert_true(ut_is_stop_word("the"));
    assert_false(ut_is_stop_word("not"));
    assert_false(ut_is_stop_word("dismissive"));
}

/* Past its budget a phrase table holds exactly the phrases on its level
 * or above, with exact counts; settled, at the lowest level at which they
 * fit seven eighths of the budget. */
static void phrase_table_keeps_a_ladder_sample(void **state) {
    (void)state;
    ut_phrase_table exact, sample;
    ut_phrase_table_init(&exact, 1000);
    ut_phrase_table_init(&sample, 40);
    char text[16];
    uint64_t keys[200];
    for (int i = 0; i < 1000; i++) {
        int w = i % 2 == 0 ? 0 : 1 + (i * 7) % 199; /* "w0" every other item */
        snprintf(text, sizeof text, "w%d", w);
        keys[w] = ut_hash_bytes(text, strlen(text));
        uint32_t level = ut_phrase_level(keys[w], 1);
        assert_int_equal(ut_phrase_table_add(&exact, keys[w], text, strlen(text), level, 1), 0);
        assert_int_equal(ut_phrase_table_add(&sample, keys[w], text, strlen(text), level, 1), 0);
    }
    assert_false(ut_phrase_table_approximate(&exact));
    assert_int_equal(exact.n, 200);
    assert_int_equal(ut_phrase_table_count(&exact, keys[0]), 500);
    assert_true(ut_phrase_table_approximate(&sample));
    assert_int_equal(ut_phrase_table_settle(&sample), 0);
    assert_int_equal(sample.total, 1000);
    uint32_t at_level = 0, above = 0;
    for (int w = 0; w < 200; w++) {
        uint32_t level = ut_phrase_level(keys[w], 1);
        at_level += level >= sample.level;
        above += level >= sample.level - 1;
        uint64_t want = level >= sample.level ? ut_phrase_table_count(&exact, keys[w]) : 0;
        assert_int_equal(ut_phrase_table_count(&sample, keys[w]), want);
    }
    assert_int_equal(sample.n, at_level);
    assert_true(sample.n <= 35 && above > 35); /* the lowest level that fits */
    /* merging a sample into itself: the same keys, twice the counts */
    ut_phrase_table other;
    ut_phrase_table_init(&other, 40);
    assert_int_equal(ut_phrase_table_merge(&other, &sample), 0);
    assert_int_equal(ut_phrase_table_merge(&other, &sample), 0);
    assert_int_equal(other.n, sample.n);
    assert_int_equal(other.level, sample.level);
    assert_int_equal(other.total, 2000);
    for (int w = 0; w < 200; w++)
        assert_int_equal(ut_phrase_table_count(&other, keys[w]), 2 * ut_phrase_table_count(&sample, keys[w]));
    /* taking: only into an empty table, only what fits its budget */
    ut_phrase_table taken;
    ut_phrase_table_init(&taken, 1000);
    assert_int_equal(ut_phrase_table_take(&other, &exact), 0);
    assert_int_equal(ut_phrase_table_take(&sample, &exact), 0);
    assert_int_equal(ut_phrase_table_take(&taken, &exact), 1);
    assert_int_equal(taken.n, 200);
    assert_int_equal(taken.budget, 1000);
    assert_int_equal(ut_phrase_table_count(&taken, keys[0]), 500);
    assert_int_equal(taken.total, 1000);
    assert_int_equal(exact.n, 0);
    assert_int_equal(exact.total, 0);
    assert_int_equal(ut_phrase_table_count(&exact, keys[0]), 0);
    ut_phrase_table_free(&taken);
    ut_phrase_table_free(&exact);
    ut_phrase_table_free(&sample);
    ut_phrase_table_free(&other);
}

static void phrase_ranking_prefers_distinctive(void **state) {
    (void)state;
    ut_phrase_table neg, all;
    ut_phrase_table_init(&neg, 100);
    ut_phrase_table_init(&all, 100);
    uint64_t k_rude = 1, k_staff = 2;
    ut_phrase_table_add(&neg, k_rude, "rude", 4, 0, 30);
    ut_phrase_table_add(&neg, k_staff, "staff", 5, 0, 40);
    ut_phrase_table_add(&all, k_rude, "rude", 4, 0, 31);
    ut_phrase_table_add(&all, k_staff, "staff", 5, 0, 400);
    ut_ranked_phrase best[5];
    const ut_phrase_table *tables[1] = {&all};
    ut_phrase_sum bg = {.tables = tables, .n = 1, .total = all.total};
    size_t n = ut_phrases_rank(&neg, &bg, 2, UT_PHRASE_PRIOR, best, 5);
    /* "staff" is as common in the other mentions as in negative ones: not distinctive */
    assert_int_equal(n, 1);
    assert_string_equal(best[0].text, "rude");
    assert_int_equal(best[0].background, 31);
    assert_true(best[0].score > 2);
    /* the backgrounds looked up once (as the summary does for a theme and
     * its cells): every rankable slot has its count, the others none, and
     * ranking with them is ranking without */
    ut_phrase_table_add(&neg, 3, "once", 4, 0, 1);
    uint64_t *known = malloc(neg.cap * sizeof *known);
    assert_non_null(known);
    ut_phrase_backgrounds(&neg, &bg, 2, known);
    size_t rankable = 0;
    for (uint32_t k = 0; k < neg.cap; k++) {
        if (neg.slots[k].count >= 2) {
            assert_int_equal(known[k], ut_phrase_table_count(&all, neg.slots[k].key));
            rankable++;
        } else {
            assert_true(known[k] == UINT64_MAX);
        }
    }
    assert_int_equal(rankable, 2);
    ut_ranked_phrase plain[5], again[5];
    n = ut_phrases_rank(&neg, &bg, 2, UT_PHRASE_PRIOR, plain, 5);
    assert_int_equal(n, 1);
    assert_int_equal(ut_phrases_rank_known(&neg, &bg, known, 2, UT_PHRASE_PRIOR, again, 5), n);
    assert_memory_equal(again, plain, n * sizeof *plain);
    /* a known count is used as given, not looked up again: told that
     * "staff" is as rare elsewhere as "rude", both rank */
    for (uint32_t k = 0; k < neg.cap; k++)
        if (known[k] != UINT64_MAX) known[k] = neg.slots[k].count + 1;
    assert_int_equal(ut_phrases_rank_known(&neg, &bg, known, 2, UT_PHRASE_PRIOR, again, 5), 2);
    assert_int_equal(again[0].background, again[0].count + 1);
    assert_int_equal(again[1].background, again[1].count + 1);
    free(known);
    ut_phrase_table_free(&neg);
    ut_phrase_table_free(&all);
}

static void trend_alert_on_a_spike(void **state) {
    (void)state;
    ut_aggregate *a = fx_new(0, UT_BUCKET_WEEK);
    /* weeks 0-3: 50 food mentions, 5 negative; week 4: 50 mentions, 30 negative */
    int32_t monday = 19000 - (19000 + 3) % 7; /* a Monday */
    char id[32];
    for (int w = 0; w < 5; w++)
        for (int i = 0; i < 50; i++) {
            int negative = w < 4 ? i < 5 : i < 30;
            ut_theme_mention m = {FX_FOOD, 0, 0, 0, 0, negative ? -0.7f : 0.6f};
            snprintf(id, sizeof id, "w%d-%d", w, i);
            add_one(a, id, "food", negative ? -0.7 : 0.6, "A", &m, 1, monday + w * 7 + i % 7);
        }
    ut_summary *s;
    assert_int_equal(ut_summary_build(&s, a), 0);
    assert_int_equal(s->n_trends, 5);
    for (int w = 0; w < 4; w++)
        assert_false(s->trends[w].alert);
    assert_true(s->trends[4].alert);
    assert_float_equal(s->trends[4].baseline_incidence, 0.1, 1e-12);
    assert_int_equal(s->n_alerts, 1);
    char label[UT_BUCKET_LABEL_MAX];
    ut_bucket_label(UT_BUCKET_WEEK, ut_bucket_index(UT_BUCKET_WEEK, monday), label);
    assert_string_equal(s->trends[0].bucket, label);
    ut_summary_free(s);
    ut_aggregate_free(a);
}

static void bucket_labels(void **state) {
    (void)state;
    char label[UT_BUCKET_LABEL_MAX];
    ut_bucket_label(UT_BUCKET_DAY, ut_bucket_index(UT_BUCKET_DAY, 19783), label); /* 2024-03-01 */
    assert_string_equal(label, "2024-03-01");
    ut_bucket_label(UT_BUCKET_MONTH, ut_bucket_index(UT_BUCKET_MONTH, 19783), label);
    assert_string_equal(label, "2024-03");
    ut_bucket_label(UT_BUCKET_WEEK, ut_bucket_index(UT_BUCKET_WEEK, 19783), label); /* a Friday */
    assert_string_equal(label, "2024-02-26");
    ut_bucket_label(UT_BUCKET_WEEK, ut_bucket_index(UT_BUCKET_WEEK, 0), label);
    assert_string_equal(label, "1969-12-29");
    ut_bucket_label(UT_BUCKET_MONTH, ut_bucket_index(UT_BUCKET_MONTH, -1), label);
    assert_string_equal(label, "1969-12");
}

/* The example list against a plain reference: the UT_EXAMPLES best distinct
 * ids, each with its best key, whatever the order of offers (repeats,
 * better and worse keys for a listed id, ties on score). */
static void examples_keep_best_distinct_ids(void **state) {
    (void)state;
    enum { IDS = 12, OFFERS = 400 };
    int64_t best[IDS];
    uint64_t hash[IDS];
    char ids[IDS][4];
    for (int i = 0; i < IDS; i++) {
        best[i] = INT64_MAX;
        snprintf(ids[i], sizeof ids[i], "r%d", i);
        hash[i] = (uint64_t)(i % 3); /* ties on hash too, so bytes decide */
    }
    ut_cell c = {0};
    uint32_t x = 12345;
    for (int k = 0; k < OFFERS; k++) {
        x = x * 1103515245u + 12345u;
        int i = (int)((x >> 8) % IDS);
        int64_t score = -(int64_t)((x >> 16) % 7); /* few distinct scores: many ties */
        assert_int_equal(ut_cell_offer_example(&c, score, hash[i], ids[i], strlen(ids[i]), NULL, 0), 0);
        if (score < best[i]) best[i] = score;
        /* reference: sort (score, hash, id) of each id's best key */
        ut_example ref[IDS];
        int n = 0;
        for (int j = 0; j < IDS; j++)
            if (best[j] != INT64_MAX)
                ref[n++] = (ut_example){best[j], hash[j], ids[j], (uint32_t)strlen(ids[j]), 0, NULL};
        for (int a = 1; a < n; a++)
            for (int b = a; b > 0 && ut_example_cmp(&ref[b], &ref[b - 1]) < 0; b--) {
                ut_example t = ref[b];
                ref[b] = ref[b - 1];
                ref[b - 1] = t;
            }
        int want = n < UT_EXAMPLES ? n : UT_EXAMPLES;
        assert_int_equal(c.n_examples, want);
        for (int j = 0; j < want; j++) {
            assert_int_equal(c.examples[j].score, ref[j].score);
            assert_string_equal(c.examples[j].id, ref[j].id);
        }
    }
    ut_cell_free(&c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(child_counts_for_parent),
        cmocka_unit_test(missing_group_values_are_skipped),
        cmocka_unit_test(bad_theme_config_refused),
        cmocka_unit_test(merge_order_does_not_matter),
        cmocka_unit_test(merge_take_equals_merge),
        cmocka_unit_test(summary_same_for_any_thread_count),
        cmocka_unit_test(merge_refuses_other_configs),
        cmocka_unit_test(phrase_mining_can_be_off),
        cmocka_unit_test(planted_cluster_ranks_first),
        cmocka_unit_test(small_cells_do_not_outrank_big_ones),
        cmocka_unit_test(ngrams_skip_stop_word_edges),
        cmocka_unit_test(phrase_table_keeps_a_ladder_sample),
        cmocka_unit_test(phrase_ranking_prefers_distinctive),
        cmocka_unit_test(trend_alert_on_a_spike),
        cmocka_unit_test(bucket_labels),
        cmocka_unit_test(examples_keep_best_distinct_ids),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
