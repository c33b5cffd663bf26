/* word_filter.h — the key filter in front of the scorer's and the themes'
 * per-token table probes.
 *
 * Same job as hash.h's ut_key_filter (two bits per key, 8 KiB), but both
 * bits of a key lie in one 64-bit word chosen by the key's top bits, so a
 * check is one load from one cache line. Those probes run once per token
 * between stages that evict L1 (tokenizer tables, aggregation), so the
 * filter's lines are often cold: one line per check instead of two halves
 * the misses. Bits 42..63 are used; the tables index by the low bits. */
#ifndef UT_WORD_FILTER_H
#define UT_WORD_FILTER_H

#include <stdint.h>

#define UT_WORD_FILTER_WORDS 1024

static inline int ut_word_filter_maybe(const uint64_t *filter, uint64_t key) {
    const uint64_t w = filter[key >> 54];
    return (int)((w >> ((key >> 48) & 63)) & (w >> ((key >> 42) & 63)) & 1u);
}

static inline void ut_word_filter_add(uint64_t *filter, uint64_t key) {
    filter[key >> 54] |= (1ull << ((key >> 48) & 63)) | (1ull << ((key >> 42) & 63));
}

#endif
