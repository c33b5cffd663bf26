/* mention_sample.c — the bottom-k sample of a cell's negative mentions;
 * see mention_sample.h. */
#include "aggregate/mention_sample.h"

#include <stdlib.h>
#include <string.h>

#include "util/common.h"
#include "util/hash.h"

uint64_t ut_mention_rank(uint64_t id_hash, uint32_t index) {
    return ut_hash_combine(id_hash, 0x6d656e74696f6eull + index);
}

int ut_sampled_mention_cmp(const ut_sampled_mention *x, const ut_sampled_mention *y) {
    if (x->rank != y->rank) return x->rank < y->rank ? -1 : 1;
    if (x->n_keys != y->n_keys) return x->n_keys < y->n_keys ? -1 : 1;
    for (uint32_t i = 0; i < x->n_keys; i++)
        if (x->keys[i] != y->keys[i]) return x->keys[i] < y->keys[i] ? -1 : 1;
    return 0;
}

/* The items are a binary max-heap in that order: the largest held is at
 * the root, where a newcomer is compared and replaced in O(log k). Which
 * mentions are held does not depend on the order they came in; their
 * order in the array does, and nothing read out depends on it. */
static void sift_up(ut_sampled_mention *h, uint32_t i) {
    while (i > 0) {
        uint32_t parent = (i - 1) / 2;
        if (ut_sampled_mention_cmp(&h[parent], &h[i]) >= 0) return;
        ut_sampled_mention t = h[parent];
        h[parent] = h[i];
        h[i] = t;
        i = parent;
    }
}

static void sift_down(ut_sampled_mention *h, uint32_t n, uint32_t i) {
    for (;;) {
        uint32_t big = i, l = 2 * i + 1, r = l + 1;
        if (l < n && ut_sampled_mention_cmp(&h[l], &h[big]) > 0) big = l;
        if (r < n && ut_sampled_mention_cmp(&h[r], &h[big]) > 0) big = r;
        if (big == i) return;
        ut_sampled_mention t = h[big];
        h[big] = h[i];
        h[i] = t;
        i = big;
    }
}

/* Points every held mention at its keys in the pool (after the pool moved). */
static void repoint(ut_mention_sample *s) {
    for (uint32_t i = 0; i < s->n; i++)
        s->items[i].keys = s->pool + s->items[i].off;
}

/* Makes room for `need` more keys at the end of the pool: a pool of 5/4 of
 * what is live with them, compacted when a fifth or more of the old one is
 * garbage, else grown in place. Either way the room left is a quarter of
 * what is live, so each key is copied at most a few times on average.
 * (1.5x pools cost 4 MiB more at 1M generated reviews, for no speed.) */
static int pool_reserve(ut_mention_sample *s, uint32_t need) {
    if (s->pool_len + need <= s->pool_cap) return 0;
    const uint64_t live = (uint64_t)s->pool_len - s->garbage;
    const uint64_t cap = (live + need) * 5 / 4 + 32;
    if (cap > UINT32_MAX) return ut_error_set(UT_ENOMEM, "mention sample: key pool too large");
    if (s->garbage * 5 < s->pool_len) { /* little to win by compacting */
        uint64_t *pool = ut_realloc(s->pool, cap * sizeof *pool);
        if (!pool) return UT_ENOMEM;
        s->pool = pool;
        s->pool_cap = (uint32_t)cap;
        repoint(s);
        return 0;
    }
    uint64_t *pool = ut_malloc(cap * sizeof *pool);
    if (!pool) return UT_ENOMEM;
    uint32_t len = 0;
    for (uint32_t i = 0; i < s->n; i++) {
        ut_sampled_mention *m = &s->items[i];
        if (m->n_keys) memcpy(pool + len, s->pool + m->off, (size_t)m->n_keys * sizeof *pool);
        m->off = len;
        len += m->n_keys;
    }
    free(s->pool);
    s->pool = pool;
    s->pool_len = len;
    s->pool_cap = (uint32_t)cap;
    s->garbage = 0;
    repoint(s);
    return 0;
}

/* Writes m (its keys copied into the pool) at `into`, which holds nothing. */
static int hold(ut_mention_sample *s, ut_sampled_mention *into, const ut_sampled_mention *m) {
    if (pool_reserve(s, m->n_keys)) return UT_ENOMEM;
    if (m->n_keys) memcpy(s->pool + s->pool_len, m->keys, (size_t)m->n_keys * sizeof *s->pool);
    *into = (ut_sampled_mention){m->rank, m->n_keys, s->pool_len, s->pool + s->pool_len};
    s->pool_len += m->n_keys;
    return 0;
}

/* Room for one more held mention: the array doubles from 8 up to
 * UT_MENTION_SAMPLE, since most cells of a corpus with many groups never
 * fill (at full size from the first mention, the arrays were 12 MiB of a
 * -j2 worker on the diverse corpus). */
static int items_reserve(ut_mention_sample *s) {
    if (s->n < s->items_cap) return 0;
    uint32_t cap = s->items_cap ? s->items_cap * 2 : 8;
    if (cap > UT_MENTION_SAMPLE) cap = UT_MENTION_SAMPLE;
    ut_sampled_mention *items = ut_realloc(s->items, (size_t)cap * sizeof *items);
    if (!items) return UT_ENOMEM;
    s->items = items;
    s->items_cap = cap;
    return 0;
}

/* Holds `m` (its keys copied) if it is among the smallest, dropping the
 * largest when full: one comparison when it is not, and no allocation
 * while the pool has room. */
static int insert(ut_mention_sample *s, const ut_sampled_mention *m) {
    if (s->n == UT_MENTION_SAMPLE && ut_sampled_mention_cmp(m, &s->items[0]) >= 0) return 0;
    if (s->n == UT_MENTION_SAMPLE) {
        /* the root's keys become garbage, left behind by a compaction */
        const uint32_t dropped = s->items[0].n_keys;
        s->items[0].n_keys = 0;
        s->garbage += dropped;
        ut_sampled_mention held;
        int rc = hold(s, &held, m);
        if (rc) { /* out of memory, nothing moved: the root stays */
            s->items[0].n_keys = dropped;
            s->garbage -= dropped;
            return rc;
        }
        s->items[0] = held;
        sift_down(s->items, s->n, 0);
    } else {
        int rc = items_reserve(s);
        if (!rc) rc = hold(s, &s->items[s->n], m);
        if (rc) return rc;
        sift_up(s->items, s->n++);
    }
    return 0;
}

int ut_mention_sample_offer(ut_mention_sample *s, uint64_t rank, const ut_ngram *g, uint32_t n) {
    s->offered++;
    /* the common case once full: a rank above the largest held, decided
     * without the keys */
    if (s->n == UT_MENTION_SAMPLE && rank > s->items[0].rank) return 0;
    uint64_t keys[UT_NGRAMS_MAX];
    if (n > UT_NGRAMS_MAX) n = UT_NGRAMS_MAX;
    for (uint32_t i = 0; i < n; i++)
        keys[i] = g[i].key;
    return insert(s, &(ut_sampled_mention){.rank = rank, .n_keys = n, .keys = keys});
}

int ut_mention_sample_insert(ut_mention_sample *s, uint64_t rank, const uint64_t *keys, uint32_t n_keys) {
    return insert(s, &(ut_sampled_mention){.rank = rank, .n_keys = n_keys, .keys = (uint64_t *)keys});
}

int ut_mention_sample_merge(ut_mention_sample *into, const ut_mention_sample *from) {
    into->offered += from->offered;
    for (uint32_t i = 0; i < from->n; i++) {
        int rc = insert(into, &from->items[i]);
        if (rc) return rc;
    }
    return 0;
}

static int cmp_held_descending(const void *x, const void *y) {
    return ut_sampled_mention_cmp(y, x);
}

void ut_mention_sample_sort(ut_mention_sample *s) {
    if (s->n) qsort(s->items, s->n, sizeof *s->items, cmp_held_descending);
}

uint64_t ut_mention_sample_estimate(const ut_mention_sample *s, uint64_t in_sample) {
    if (s->n == 0 || s->offered == s->n) return in_sample;
    return (in_sample * s->offered + s->n / 2) / s->n;
}

void ut_mention_sample_free(ut_mention_sample *s) {
    if (!s) return;
    free(s->items);
    free(s->pool);
    *s = (ut_mention_sample){0};
}
