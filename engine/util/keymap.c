/* keymap.c — see keymap.h: lookups with a confirming callback, inserts
 * and growth (the plain lookup is inline in the header). */
#include "util/keymap.h"

#include <stdlib.h>
#include <string.h>

#include "util/common.h"
#include "util/hash.h"

#define slot_of ut_keymap_slot

uint32_t ut_keymap_get(const ut_keymap *m, uint64_t key, ut_keymap_same_fn same, const void *ctx) {
    if (m->count == 0) return UINT32_MAX;
    uint32_t mask = m->cap - 1;
    for (uint32_t i = slot_of(key, mask);; i = (i + 1) & mask) {
        uint32_t v = m->vals[i];
        if (v == 0) return UINT32_MAX;
        if (m->keys[i] == key && (!same || same(ctx, v - 1))) return v - 1;
    }
}

static void insert_slot(uint64_t *keys, uint32_t *vals, uint32_t mask, uint64_t key, uint32_t v) {
    uint32_t i = slot_of(key, mask);
    while (vals[i])
        i = (i + 1) & mask;
    keys[i] = key;
    vals[i] = v;
}

static int grow(ut_keymap *m) {
    uint32_t cap = m->cap ? m->cap * 2 : 16;
    if (cap == 0 || cap > (1u << 31)) return ut_error_set(UT_ENOMEM, "hash map too large");
    uint64_t *keys = ut_malloc((size_t)cap * sizeof *keys);
    uint32_t *vals = ut_calloc(cap, sizeof *vals);
    if (!keys || !vals) {
        free(keys);
        free(vals);
        return UT_ENOMEM;
    }
    for (uint32_t i = 0; i < m->cap; i++)
        if (m->vals[i]) insert_slot(keys, vals, cap - 1, m->keys[i], m->vals[i]);
    free(m->keys);
    free(m->vals);
    m->keys = keys;
    m->vals = vals;
    m->cap = cap;
    return 0;
}

int ut_keymap_put(ut_keymap *m, uint64_t key, uint32_t idx) {
    if ((m->count + 1) * 2 > m->cap) {
        int rc = grow(m);
        if (rc) return rc;
    }
    insert_slot(m->keys, m->vals, m->cap - 1, key, idx + 1);
    m->count++;
    return 0;
}

void ut_keymap_clear(ut_keymap *m) {
    if (m->vals) memset(m->vals, 0, (size_t)m->cap * sizeof *m->vals);
    m->count = 0;
}

void ut_keymap_free(ut_keymap *m) {
    if (!m) return;
    free(m->keys);
    free(m->vals);
    *m = (ut_keymap)UT_KEYMAP_INIT;
}
