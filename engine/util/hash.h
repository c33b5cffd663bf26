/* hash.h — the one string hash of the engine.
 * Lexicon keys and token forms are hashed with the same function, so a token
 * is looked up by the hash the tokenizer already computed. It reads 8 bytes
 * at a time (a multiply-xorshift in the wyhash family, written here) because
 * tokens are short and this runs once per token. Never used for security. */
#ifndef UT_HASH_H
#define UT_HASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* The 128-bit product's halves XOR-ed. On x86-64 with GCC or clang one
 * MUL instruction written out: GCC moves a 128-bit product through the
 * stack when registers are scarce (the tokenizer's word loop), which cost
 * four instructions and a store-forwarding wait per use. ut_hash_mix_portable
 * is the same value in plain C (test_tokenizer_paths compares the two). */
static inline uint64_t ut_hash_mix_portable(uint64_t a, uint64_t b) {
    __uint128_t r = (__uint128_t)a * b;
    return (uint64_t)r ^ (uint64_t)(r >> 64);
}

static inline uint64_t ut_hash_mix(uint64_t a, uint64_t b) {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    uint64_t lo, hi;
    __asm__("mulq %3" : "=a"(lo), "=d"(hi) : "a"(a), "rm"(b) : "cc");
    return lo ^ hi;
#else
    return ut_hash_mix_portable(a, b);
#endif
}

static inline uint64_t ut_hash_bytes(const void *data, size_t len) {
    const unsigned char *p = data;
    uint64_t h = 0x9e3779b97f4a7c15ull ^ (len * 0xa0761d6478bd642full);
    while (len >= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        h = ut_hash_mix(h ^ w, 0xe7037ed1a0b428dbull);
        p += 8;
        len -= 8;
    }
    uint64_t tail = 0;
    if (len) memcpy(&tail, p, len);
    return ut_hash_mix(h ^ tail ^ 0x8ebc6af09c88c6e3ull, 0x589965cc75374cc3ull);
}

/* ut_hash_bytes(data, len) for a `data` readable 8 bytes past `len` (a
 * buffer with slack, such as the tokenizer's forms or the VADER scanner's
 * words): the tail is one load, masked, where ut_hash_bytes copies it byte
 * by byte through the stack and the load of that copy then waits on store
 * forwarding (a tenth of the VADER scanner's time per word). Same value;
 * test_tokenizer and test_vader compare the two. */
static inline uint64_t ut_hash_bytes_padded(const void *data, size_t len) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    const unsigned char *p = data;
    uint64_t h = 0x9e3779b97f4a7c15ull ^ (len * 0xa0761d6478bd642full);
    while (len >= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        h = ut_hash_mix(h ^ w, 0xe7037ed1a0b428dbull);
        p += 8;
        len -= 8;
    }
    uint64_t tail = 0;
    if (len) {
        memcpy(&tail, p, 8);
        tail &= ~0ull >> (64 - 8 * len);
    }
    return ut_hash_mix(h ^ tail ^ 0x8ebc6af09c88c6e3ull, 0x589965cc75374cc3ull);
#else
    return ut_hash_bytes(data, len);
#endif
}

/* Combines the hashes of consecutive tokens into the key of a multi-word term. */
static inline uint64_t ut_hash_combine(uint64_t seed, uint64_t next) {
    return ut_hash_mix(seed ^ 0x1d8e4e27c47d124full, next ^ 0x2d358dccaa6c78a5ull);
}

/* A key filter in front of a hash table probed once per token: 2^16 bits
 * (8 KiB), two per key. Both bits of a key lie in one 64-bit word chosen by
 * the key's top bits (bits 42..63 are used; tables index by the low bits),
 * so a check is one load from one cache line: the probes run once per token
 * between stages that evict L1, so the filter's lines are often cold, and
 * one line per check instead of two halves the misses. A token that is no
 * key is usually turned away before the table's cache lines are touched; a
 * false positive just costs the probe it would have cost anyway. */
#define UT_KEY_FILTER_WORDS 1024

static inline int ut_key_filter_maybe(const uint64_t *filter, uint64_t key) {
    const uint64_t w = filter[key >> 54];
    return (int)((w >> ((key >> 48) & 63)) & (w >> ((key >> 42) & 63)) & 1u);
}

static inline void ut_key_filter_add(uint64_t *filter, uint64_t key) {
    filter[key >> 54] |= (1ull << ((key >> 48) & 63)) | (1ull << ((key >> 42) & 63));
}

#endif
