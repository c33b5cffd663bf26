/* mention_sample.h — a bounded, mergeable sample of a cell's negative
 * mentions, from which the cell's phrases are counted.
 *
 * A cell (group × theme) keeps the UT_MENTION_SAMPLE mentions of smallest
 * rank it was offered, each with the n-gram keys mined from it; the rank
 * is a hash of the review's id and the mention's place in the review, so
 * the sample is the same set for any split of the reviews among workers
 * or shards and any merge order (a bottom-k sample: merging two keeps the
 * smallest of their union). A cell offered no more mentions than that
 * holds all of them, and its phrase counts are exact; a larger one holds
 * a uniform sample, and a phrase's count is estimated as its count in the
 * sample times offered / held.
 *
 * It replaced one (cell, phrase) count table per worker: a million pairs
 * in 48 MB, probed once per n-gram of every negative mention (a cache miss
 * each), which was a quarter of a one-thread run on diverse text and grew
 * with the worker count. A sample costs one comparison per mention once
 * the cell is full. */
#ifndef UT_MENTION_SAMPLE_H
#define UT_MENTION_SAMPLE_H

#include <stdint.h>

#include "aggregate/phrases.h"

/* Mentions a cell's sample holds. */
#define UT_MENTION_SAMPLE 256

typedef struct ut_sampled_mention {
    uint64_t rank;   /* the sample keeps the smallest (then by keys) */
    uint32_t n_keys; /* at most UT_NGRAMS_MAX */
    uint32_t off;    /* where its keys start in the sample's key pool */
    uint64_t *keys;  /* = the pool + off: the n-gram keys mined from the mention, in order */
} ut_sampled_mention;

/* The held mentions' keys live in one pool per sample, not in a buffer per
 * mention: a replaced mention's keys become garbage, and the pool is
 * rebuilt, at 5/4 of what is live, when a newcomer finds no room:
 * compacted when a fifth of it or more is garbage, else grown. So a sample is
 * two allocations, freed (and moved by a merge) at once, and its memory
 * follows what it holds. With a buffer per mention, the end of a -j2 run
 * on the diverse corpus spent 17 ms freeing 500k of them and 29 ms of
 * its merge copying keys between them, and each buffer kept the largest
 * size it had ever held. */
typedef struct ut_mention_sample {
    uint64_t offered;                     /* mentions offered, held or not */
    uint32_t n;                           /* held, at most UT_MENTION_SAMPLE */
    ut_sampled_mention *items;            /* items_cap, owned, a max-heap by ut_sampled_mention_cmp; NULL until used */
    uint32_t items_cap;                   /* 8, 16, ... up to UT_MENTION_SAMPLE */
    uint64_t *pool;                       /* owned: the held mentions' keys, and garbage */
    uint32_t pool_len, pool_cap, garbage; /* in keys */
} ut_mention_sample;

/* The rank of mention `index` of the review whose id hashes to `id_hash`. */
uint64_t ut_mention_rank(uint64_t id_hash, uint32_t index);

/* The sample's order: rank, then the number of keys, then the keys. */
int ut_sampled_mention_cmp(const ut_sampled_mention *x, const ut_sampled_mention *y);

/* Offers a mention with the n-gram keys g[0..n) (copied if kept). Returns 0
 * or UT_ENOMEM. */
int ut_mention_sample_offer(ut_mention_sample *s, uint64_t rank, const ut_ngram *g, uint32_t n);

/* Puts a mention with the keys keys[0..n_keys) (copied if kept) into the
 * sample without counting it as offered: for a loaded state, whose count
 * offered is read on its own. Returns 0 or UT_ENOMEM. */
int ut_mention_sample_insert(ut_mention_sample *s, uint64_t rank, const uint64_t *keys, uint32_t n_keys);

/* Adds `from` into `into`: the smallest of both samples, offered summed.
 * Returns 0 or UT_ENOMEM. */
int ut_mention_sample_merge(ut_mention_sample *into, const ut_mention_sample *from);

/* The estimated count over every mention offered of a phrase seen
 * `in_sample` times in the sample: in_sample x offered / held, rounded to
 * the nearest integer (halves up); exact when every mention offered is
 * held. */
uint64_t ut_mention_sample_estimate(const ut_mention_sample *s, uint64_t in_sample);

/* Orders the held mentions largest first, one fixed order of the same set
 * (for tests and readers that want one); it is also a heap order, so the
 * sample may be offered to again. */
void ut_mention_sample_sort(ut_mention_sample *s);

void ut_mention_sample_free(ut_mention_sample *s);

#endif
