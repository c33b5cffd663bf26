/* keymap.h — an open-addressing map from a 64-bit key to a 32-bit index.
 *
 * The aggregates keep their records in plain arrays (so merging, sorting and
 * saving walk arrays) and use this map only to find a record by key: a
 * packed (group, theme) pair, a phrase hash, or a string's hash. Keys that
 * are hashes of strings may collide, so lookups take an optional `same`
 * callback that confirms a candidate; linear probing then continues past a
 * false match. Power-of-two capacity, load factor at most 1/2. */
#ifndef UT_KEYMAP_H
#define UT_KEYMAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct ut_keymap {
    uint64_t *keys;
    uint32_t *vals; /* index + 1; 0 = empty slot */
    uint32_t cap;   /* slots, a power of two (0 before the first insert) */
    uint32_t count;
} ut_keymap;

#define UT_KEYMAP_INIT                                                                                                 \
    { NULL, NULL, 0, 0 }

/* The home slot of a key: its multiply-mixed value masked to the capacity,
 * so packed small integers spread like hashes do. */
static inline uint32_t ut_keymap_slot(uint64_t key, uint32_t mask) {
    __uint128_t r = (__uint128_t)(key ^ 0x9e3779b97f4a7c15ull) * 0xbf58476d1ce4e5b9ull;
    return (uint32_t)((uint64_t)r ^ (uint64_t)(r >> 64)) & mask;
}

/* Confirms that record `idx` really has the key being looked up. */
typedef int (*ut_keymap_same_fn)(const void *ctx, uint32_t idx);

/* Returns the index stored for `key` (confirmed by `same` when given), or
 * UINT32_MAX when absent. */
uint32_t ut_keymap_get(const ut_keymap *m, uint64_t key, ut_keymap_same_fn same, const void *ctx);

/* ut_keymap_get without a `same` check, inlined for the hot loops. */
static inline uint32_t ut_keymap_find(const ut_keymap *m, uint64_t key) {
    if (m->count == 0) return UINT32_MAX;
    uint32_t mask = m->cap - 1;
    for (uint32_t i = ut_keymap_slot(key, mask);; i = (i + 1) & mask) {
        uint32_t v = m->vals[i];
        if (v == 0) return UINT32_MAX;
        if (m->keys[i] == key) return v - 1;
    }
}

/* Stores `idx` under `key` (the caller has checked it is absent).
 * Returns 0 or UT_ENOMEM. */
int ut_keymap_put(ut_keymap *m, uint64_t key, uint32_t idx);

/* Forgets every entry, keeping the memory. */
void ut_keymap_clear(ut_keymap *m);

void ut_keymap_free(ut_keymap *m);

#endif
