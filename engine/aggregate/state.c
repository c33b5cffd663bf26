/* state.c — the mergeable state file (`--state`, `undertone merge`).
 *
 * Layout (all integers little-endian):
 *   header  "UTSTATE\0" magic, u32 version (1), u32 reserved (0),
 *           u64 body length, u64 checksum of the body (ut_hash_bytes)
 *   body    the configuration, totals, theme cells and phrase tables,
 *           groups, group x theme cells with their samples of negative
 *           mentions, and trend cells (docs/outputs.md lists every field).
 * Strings are u32 length + bytes. The loader trusts nothing: every length
 * and count is checked against the bytes that remain before anything is
 * allocated, every index against what it indexes, so a corrupt or truncated
 * file gives UT_ECORRUPT naming the file, never a crash. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aggregate/aggregate_internal.h"
#include "util/common.h"
#include "util/hash.h"
#include "util/atomic_file.h"

static const char state_magic[8] = {'U', 'T', 'S', 'T', 'A', 'T', 'E', '\0'};
#define STATE_VERSION                                                                                                  \
    7u /* 2: unreadable rating/date counts; 3: complaints, quotes, trends per group, the agreement table;              \
           4: all-mention phrases as a Count-Min sketch; 5: phrase and pair tables as ladder samples;                  \
           6: reviews and complaints by rating band; 7: a sample of mentions per cell, no pair table */
#define HEADER_BYTES 32u

/* ---- writing ---- */

static void put_u32(ut_buf *b, uint32_t v) {
    unsigned char x[4];
    for (int i = 0; i < 4; i++)
        x[i] = (unsigned char)(v >> (8 * i));
    ut_buf_append(b, x, 4);
}

static void put_u64(ut_buf *b, uint64_t v) {
    unsigned char x[8];
    for (int i = 0; i < 8; i++)
        x[i] = (unsigned char)(v >> (8 * i));
    ut_buf_append(b, x, 8);
}

static void put_str(ut_buf *b, const char *s, size_t len) {
    put_u32(b, (uint32_t)len);
    ut_buf_append(b, s, len);
}

static void put_cell(ut_buf *b, const ut_cell *c) {
    put_u64(b, c->mentions);
    put_u64(b, c->reviews);
    put_u64(b, c->positive);
    put_u64(b, c->neutral);
    put_u64(b, c->negative);
    put_u64(b, (uint64_t)c->score_sum);
    put_u64(b, (uint64_t)c->rating_sum);
    put_u64(b, c->rating_count);
    put_u64(b, c->complaints);
    put_u64(b, c->complaint_rating_count);
    put_u64(b, c->complaints_negative_review);
    put_u64(b, (uint64_t)c->complaint_rating_sum);
    for (int i = 0; i < UT_HIST_BINS; i++)
        put_u64(b, c->hist[i]);
    for (int i = 0; i < UT_RATING_BANDS; i++) /* version 6 */
        put_u64(b, c->complaints_by_band[i]);
    put_u32(b, c->n_examples);
    for (uint32_t i = 0; i < c->n_examples; i++) {
        put_u64(b, (uint64_t)c->examples[i].score);
        put_u64(b, c->examples[i].id_hash);
        put_str(b, c->examples[i].id, c->examples[i].id_len);
        put_str(b, c->examples[i].quote, c->examples[i].quote_len);
    }
}

/* ---- one order for the same counts ----
 *
 * What a state holds does not depend on which worker saw which review,
 * but where it sits does: groups, cells and trend cells are numbered in
 * the order a worker first met them, a phrase table's slots follow its
 * history, a sample is a heap. The writer puts each in an order of its
 * own content, so the same counts give the same bytes for any -j, any
 * shards and any merge order. */

typedef struct ordered_cell {
    uint32_t group, theme, at; /* group: its written number */
} ordered_cell;

static int cmp_ordered_cell(const void *x, const void *y) {
    const ordered_cell *a = x, *b = y;
    if (a->group != b->group) return a->group < b->group ? -1 : 1;
    return (a->theme > b->theme) - (a->theme < b->theme);
}

typedef struct ordered_trend {
    uint32_t group; /* its written number, or UT_TREND_CORPUS */
    int32_t bucket;
    uint32_t theme, at;
} ordered_trend;

static int cmp_ordered_trend(const void *x, const void *y) {
    const ordered_trend *a = x, *b = y;
    if (a->group != b->group) return a->group < b->group ? -1 : 1;
    if (a->bucket != b->bucket) return a->bucket < b->bucket ? -1 : 1;
    return (a->theme > b->theme) - (a->theme < b->theme);
}

typedef struct ordered_phrase {
    uint64_t key;
    uint32_t slot;
} ordered_phrase;

static int cmp_ordered_phrase(const void *x, const void *y) {
    const ordered_phrase *a = x, *b = y;
    return (a->key > b->key) - (a->key < b->key);
}

static int cmp_held_mention(const void *x, const void *y) {
    return ut_sampled_mention_cmp(*(const ut_sampled_mention *const *)x, *(const ut_sampled_mention *const *)y);
}

static void put_sample(ut_buf *b, const ut_mention_sample *s) {
    put_u64(b, s->offered);
    put_u32(b, s->n);
    const ut_sampled_mention **held = ut_malloc(((size_t)s->n + 1) * sizeof *held);
    if (!held) {
        b->failed = 1;
        return;
    }
    for (uint32_t i = 0; i < s->n; i++)
        held[i] = &s->items[i];
    qsort(held, s->n, sizeof *held, cmp_held_mention);
    for (uint32_t i = 0; i < s->n; i++) {
        put_u64(b, held[i]->rank);
        put_u32(b, held[i]->n_keys);
        for (uint32_t k = 0; k < held[i]->n_keys; k++)
            put_u64(b, held[i]->keys[k]);
    }
    free(held);
}

/* The sketch's non-zero counters, as (index, count) in index order. */
static void put_sketch(ut_buf *b, const ut_count_sketch *s) {
    size_t m = s->counts ? ut_count_sketch_size(s) : 0, nonzero = 0;
    for (size_t i = 0; i < m; i++)
        nonzero += s->counts[i] != 0;
    put_u32(b, s->bits);
    put_u64(b, s->total);
    put_u32(b, (uint32_t)nonzero);
    for (size_t i = 0; i < m; i++)
        if (s->counts[i]) {
            put_u32(b, (uint32_t)i);
            put_u32(b, s->counts[i]);
        }
}

/* The held phrases in key order. */
static void put_phrases(ut_buf *b, const ut_phrase_table *t) {
    put_u64(b, t->total);
    put_u32(b, t->level); /* version 5: the ladder level, and each phrase's */
    put_u32(b, t->n);
    ordered_phrase *order = ut_malloc(((size_t)t->n + 1) * sizeof *order);
    if (!order) {
        b->failed = 1;
        return;
    }
    uint32_t n = 0;
    for (uint32_t i = 0; i < t->cap && n < t->n; i++)
        if (t->slots[i].count) order[n++] = (ordered_phrase){t->slots[i].key, i};
    qsort(order, n, sizeof *order, cmp_ordered_phrase);
    for (uint32_t k = 0; k < n; k++) {
        const uint32_t i = order[k].slot;
        const ut_phrase *p = &t->slots[i];
        put_u64(b, p->key);
        put_u64(b, p->count);
        put_u32(b, t->texts[i].level);
        put_str(b, ut_phrase_text(t, p), ut_phrase_text_len(t, p));
    }
    free(order);
}

static void put_body(ut_buf *b, const ut_aggregate *a) {
    put_u32(b, a->n_themes);
    for (uint32_t t = 0; t < a->n_themes; t++) {
        put_str(b, a->theme_names[t], strlen(a->theme_names[t]));
        put_u32(b, (uint32_t)a->theme_parents[t]);
    }
    put_u32(b, (uint32_t)a->n_groups);
    for (int g = 0; g < a->n_groups; g++)
        put_str(b, a->group_names[g], strlen(a->group_names[g]));
    put_u32(b, (uint32_t)a->bucket);
    put_u32(b, a->phrase_budget);
    put_u32(b, (uint32_t)a->model);
    put_u64(b, a->lexicon_fingerprint);
    put_u64(b, a->themes_fingerprint);
    put_u32(b, (uint32_t)a->no_phrases);
    put_u32(b, a->lexicons ? 1 : 0);
    if (a->lexicons) put_str(b, a->lexicons, strlen(a->lexicons));

    put_u64(b, a->records);
    put_u64(b, a->bytes);
    put_u32(b, UT_BAD_REASON_COUNT);
    for (int i = 0; i < UT_BAD_REASON_COUNT; i++)
        put_u64(b, a->bad[i]);
    for (int i = 0; i < UT_BAD_REASON_COUNT; i++) /* version 2 */
        put_u64(b, a->unreadable[i]);
    put_u64(b, (uint64_t)a->compound_sum);
    put_u64(b, a->negative_reviews);
    put_u64(b, (uint64_t)a->rating_sum);
    put_u64(b, a->rating_count);
    put_u64(b, a->themed_mentions);
    put_u64(b, a->themed_negative);

    for (uint32_t t = 0; t < a->n_themes; t++) {
        put_cell(b, &a->themes[t]);
        put_phrases(b, &a->theme_negative[t]);
        put_u64(b, a->theme_all_total[t]); /* version 4 */
    }
    put_sketch(b, &a->theme_all);
    /* groups in the order of their keys, cells and trend cells in the
     * order of their groups' new numbers (rank), then theme or bucket */
    const ut_group **groups = ut_malloc(((size_t)a->n_group_rows + 1) * sizeof *groups);
    uint32_t *rank = ut_malloc(((size_t)a->n_group_rows + 1) * sizeof *rank);
    ordered_cell *cells = ut_malloc(((size_t)a->n_cells + 1) * sizeof *cells);
    ordered_trend *trends = ut_malloc(((size_t)a->n_trends + 1) * sizeof *trends);
    if (!groups || !rank || !cells || !trends) {
        free(groups), free(rank), free(cells), free(trends);
        b->failed = 1;
        return;
    }
    ut_aggregate_groups_in_order(a, groups);
    for (uint32_t i = 0; i < a->n_group_rows; i++)
        rank[groups[i] - a->groups] = i;
    for (uint32_t i = 0; i < a->n_cells; i++)
        cells[i] = (ordered_cell){rank[a->cells[i].group], a->cells[i].theme, i};
    qsort(cells, a->n_cells, sizeof *cells, cmp_ordered_cell);
    for (uint32_t i = 0; i < a->n_trends; i++) {
        const ut_trend_cell *tr = &a->trends[i];
        trends[i] =
            (ordered_trend){tr->group == UT_TREND_CORPUS ? UT_TREND_CORPUS : rank[tr->group], tr->bucket, tr->theme, i};
    }
    qsort(trends, a->n_trends, sizeof *trends, cmp_ordered_trend);
    put_u32(b, a->n_group_rows);
    for (uint32_t i = 0; i < a->n_group_rows; i++) {
        const ut_group *g = groups[i];
        put_u32(b, g->field);
        put_str(b, g->key, g->key_len);
        put_u64(b, g->reviews);
        put_u64(b, g->negative_reviews);
        put_u64(b, (uint64_t)g->compound_sum);
        put_u64(b, (uint64_t)g->rating_sum);
        put_u64(b, g->rating_count);
        for (int k = 0; k < UT_RATING_BANDS; k++) /* version 6 */
            put_u64(b, g->reviews_by_band[k]);
    }
    put_u32(b, a->n_cells);
    for (uint32_t k = 0; k < a->n_cells; k++) {
        const ut_group_cell *c = &a->cells[cells[k].at];
        put_u32(b, cells[k].group);
        put_u32(b, c->theme);
        put_u64(b, c->phrase_total);
        put_cell(b, &c->cell);
        put_sample(b, &c->sample); /* version 7 */
    }
    put_u32(b, a->n_trends);
    for (uint32_t k = 0; k < a->n_trends; k++) {
        put_u32(b, trends[k].group);
        put_u32(b, (uint32_t)trends[k].bucket);
        put_u32(b, trends[k].theme);
        put_u64(b, a->trends[trends[k].at].count);
    }
    free(groups), free(rank), free(cells), free(trends);
    ut_agreement_save(&a->agreement, b); /* version 3 */
}

int ut_aggregate_save_buffer(const ut_aggregate *a, ut_buf *out, const char *name) {
    *out = (ut_buf)UT_BUF_INIT;
    ut_buf b = UT_BUF_INIT;
    ut_buf_append(&b, state_magic, sizeof state_magic);
    put_u32(&b, STATE_VERSION);
    put_u32(&b, 0);
    put_u64(&b, 0); /* body length and checksum, patched below */
    put_u64(&b, 0);
    put_body(&b, a);
    if (b.failed) {
        ut_buf_free(&b);
        return ut_error_set(UT_ENOMEM, "%s: out of memory serialising the state", name);
    }
    uint64_t body_len = b.len - HEADER_BYTES;
    uint64_t sum = ut_hash_bytes(b.data + HEADER_BYTES, body_len);
    for (int i = 0; i < 8; i++) {
        b.data[16 + i] = (char)(body_len >> (8 * i));
        b.data[24 + i] = (char)(sum >> (8 * i));
    }
    *out = b;
    return 0;
}

int ut_aggregate_save(const ut_aggregate *a, const char *path) {
    ut_buf b;
    int rc = ut_aggregate_save_buffer(a, &b, path);
    if (rc) return rc;
    rc = ut_output_write_file(path, b.data, b.len);
    ut_buf_free(&b);
    return rc;
}

/* ---- reading ---- */

typedef struct reader {
    const unsigned char *p;
    size_t left;
    int bad; /* sticky: a read past the end */
} reader;

static uint64_t get_u64(reader *r) {
    if (r->left < 8) {
        r->bad = 1;
        r->left = 0;
        return 0;
    }
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v |= (uint64_t)r->p[i] << (8 * i);
    r->p += 8;
    r->left -= 8;
    return v;
}

static uint32_t get_u32(reader *r) {
    if (r->left < 4) {
        r->bad = 1;
        r->left = 0;
        return 0;
    }
    uint32_t v = 0;
    for (int i = 0; i < 4; i++)
        v |= (uint32_t)r->p[i] << (8 * i);
    r->p += 4;
    r->left -= 4;
    return v;
}

/* A borrowed string; NULL (and bad) when its length overruns the body. */
static const char *get_str(reader *r, uint32_t *len) {
    *len = get_u32(r);
    if (r->bad || *len > r->left) {
        r->bad = 1;
        r->left = 0;
        *len = 0;
        return NULL;
    }
    const char *s = (const char *)r->p;
    r->p += *len;
    r->left -= *len;
    return s;
}

/* A count of records each at least `min_bytes` long: more than the body can
 * hold is corruption, caught before any allocation. */
static uint32_t get_count(reader *r, size_t min_bytes) {
    uint32_t n = get_u32(r);
    if (!r->bad && (uint64_t)n * min_bytes > r->left) {
        r->bad = 1;
        r->left = 0;
        return 0;
    }
    return n;
}

#define CELL_MIN_BYTES (8 * (12 + UT_HIST_BINS + UT_RATING_BANDS) + 4)
#define SAMPLE_MIN_BYTES 12

/* A cell's sample of mentions: at most UT_MENTION_SAMPLE, no more than
 * were offered, none twice, each with at most UT_NGRAMS_MAX keys. */
static int get_sample(reader *r, ut_mention_sample *s) {
    uint64_t offered = get_u64(r);
    uint32_t n = get_count(r, 12);
    if (r->bad || n > UT_MENTION_SAMPLE || n > offered || offered >> 48) return UT_ECORRUPT; /* no corpus has 2^48 */
    uint64_t keys[UT_NGRAMS_MAX];
    for (uint32_t i = 0; i < n; i++) {
        uint64_t rank = get_u64(r);
        uint32_t n_keys = get_count(r, 8);
        if (r->bad || n_keys > UT_NGRAMS_MAX) return UT_ECORRUPT;
        for (uint32_t k = 0; k < n_keys; k++)
            keys[k] = get_u64(r);
        if (r->bad) return UT_ECORRUPT;
        int rc = ut_mention_sample_insert(s, rank, keys, n_keys);
        if (rc) return rc;
        if (s->n != i + 1) return UT_ECORRUPT;
    }
    s->offered = offered;
    return 0;
}
#define EXAMPLE_MIN_BYTES 24
#define PHRASE_MIN_BYTES 24

static int get_cell(reader *r, ut_cell *c) {
    c->mentions = get_u64(r);
    c->reviews = get_u64(r);
    c->positive = get_u64(r);
    c->neutral = get_u64(r);
    c->negative = get_u64(r);
    c->score_sum = (int64_t)get_u64(r);
    c->rating_sum = (int64_t)get_u64(r);
    c->rating_count = get_u64(r);
    c->complaints = get_u64(r);
    c->complaint_rating_count = get_u64(r);
    c->complaints_negative_review = get_u64(r);
    c->complaint_rating_sum = (int64_t)get_u64(r);
    if (c->complaints > c->reviews || c->complaint_rating_count > c->complaints ||
        c->complaints_negative_review > c->complaints)
        r->bad = 1;
    for (int i = 0; i < UT_HIST_BINS; i++)
        c->hist[i] = get_u64(r);
    uint64_t banded = 0;
    for (int i = 0; i < UT_RATING_BANDS; i++)
        banded += c->complaints_by_band[i] = get_u64(r);
    if (banded != c->complaints) r->bad = 1;
    uint32_t n = get_count(r, EXAMPLE_MIN_BYTES);
    if (n > UT_EXAMPLES) r->bad = 1;
    for (uint32_t i = 0; i < n && !r->bad; i++) {
        int64_t score = (int64_t)get_u64(r);
        uint64_t hash = get_u64(r);
        uint32_t len, quote_len;
        const char *id = get_str(r, &len);
        const char *quote = get_str(r, &quote_len);
        if (r->bad || len > UT_EXAMPLE_ID_MAX || quote_len > UT_QUOTE_MAX_BYTES) {
            r->bad = 1;
            break;
        }
        int rc = ut_cell_offer_example(c, score, hash, id, len, quote, quote_len);
        if (rc) return rc;
    }
    return 0;
}

static int get_sketch(reader *r, ut_count_sketch *s) {
    uint32_t bits = get_u32(r);
    uint64_t total = get_u64(r);
    uint32_t n = get_count(r, 8);
    if (r->bad || bits != s->bits) return UT_ECORRUPT;
    s->total = total;
    if (n == 0) return 0;
    if (n > ut_count_sketch_size(s)) return UT_ECORRUPT;
    int rc = ut_count_sketch_add(s, 0, 0, 0); /* allocates */
    if (rc) return rc;
    s->total = total;
    uint64_t next = 0; /* indexes strictly increase */
    for (uint32_t i = 0; i < n; i++) {
        uint32_t at = get_u32(r), count = get_u32(r);
        if (r->bad || at < next || at >= ut_count_sketch_size(s) || count == 0) return UT_ECORRUPT;
        s->counts[at] = count;
        next = (uint64_t)at + 1;
    }
    return 0;
}

static int get_phrases(reader *r, ut_phrase_table *t) {
    uint64_t total = get_u64(r);
    uint32_t level = get_u32(r);
    uint32_t n = get_count(r, PHRASE_MIN_BYTES);
    if (n > t->budget || level > UT_LADDER_LEVELS) r->bad = 1;
    t->level = r->bad ? 0 : level;
    for (uint32_t i = 0; i < n && !r->bad; i++) {
        uint64_t key = get_u64(r), count = get_u64(r);
        uint32_t at = get_u32(r), len;
        const char *text = get_str(r, &len);
        if (r->bad || count == 0 || at < level || at >= UT_LADDER_LEVELS || len > UINT16_MAX ||
            ut_phrase_table_count(t, key) != 0 || memchr(text, '\0', len)) {
            r->bad = 1;
            break;
        }
        int rc = ut_phrase_table_add(t, key, text, len, at, count);
        if (rc) return rc;
    }
    t->total = total;
    return 0;
}

/* Reads the configuration and creates the aggregate it describes. */
static int get_config(reader *r, ut_aggregate **out) {
    ut_aggregate_config cfg = {0};
    uint32_t n = get_count(r, 8);
    if (r->bad || n == 0) return UT_ECORRUPT;
    char **names = ut_calloc(n, sizeof *names);
    int32_t *parents = ut_calloc(n, sizeof *parents);
    char *lexicons = NULL;
    char *groups[UT_MAX_GROUPS] = {0};
    int rc = UT_ENOMEM;
    if (!names || !parents) goto done;
    for (uint32_t t = 0; t < n && !r->bad; t++) {
        uint32_t len;
        const char *s = get_str(r, &len);
        parents[t] = (int32_t)get_u32(r);
        if (r->bad) break;
        if (!(names[t] = ut_strndup(s, len))) goto done;
    }
    uint32_t n_groups = get_u32(r);
    if (n_groups > UT_MAX_GROUPS) r->bad = 1;
    for (uint32_t g = 0; g < n_groups && !r->bad; g++) {
        uint32_t len;
        const char *s = get_str(r, &len);
        if (r->bad) break;
        if (!(groups[g] = ut_strndup(s, len))) goto done;
    }
    uint32_t bucket = get_u32(r), budget = get_u32(r), model = get_u32(r);
    cfg.lexicon_fingerprint = get_u64(r);
    cfg.themes_fingerprint = get_u64(r);
    uint32_t no_phrases = get_u32(r);
    if (no_phrases > 1) r->bad = 1;
    cfg.no_phrases = (int)no_phrases;
    if (get_u32(r)) {
        uint32_t len;
        const char *s = get_str(r, &len);
        if (!r->bad && !(lexicons = ut_strndup(s, len))) goto done;
    }
    if (r->bad || bucket > UT_BUCKET_MONTH || model > UT_MODEL_VADER || budget == 0) {
        rc = UT_ECORRUPT;
        goto done;
    }
    cfg.theme_names = (const char *const *)names;
    cfg.theme_parents = parents;
    cfg.n_themes = n;
    cfg.n_groups = (int)n_groups;
    for (uint32_t g = 0; g < n_groups; g++)
        cfg.group_names[g] = groups[g];
    cfg.bucket = (ut_bucket)bucket;
    cfg.phrase_budget = budget;
    cfg.model = (ut_model)model;
    cfg.lexicons = lexicons;
    rc = ut_aggregate_new_plain(out, &cfg);
    if (rc == UT_EINVAL) rc = UT_ECORRUPT; /* e.g. a parent out of range */
done:
    for (uint32_t t = 0; names && t < n; t++)
        free(names[t]);
    free(names);
    free(parents);
    for (int g = 0; g < UT_MAX_GROUPS; g++)
        free(groups[g]);
    free(lexicons);
    return rc;
}

static int get_body(reader *r, ut_aggregate *a) {
    int rc;
    a->records = get_u64(r);
    a->bytes = get_u64(r);
    uint32_t n_bad = get_u32(r);
    if (n_bad > UT_BAD_REASON_COUNT) return UT_ECORRUPT;
    for (uint32_t i = 0; i < n_bad; i++)
        a->bad[i] = get_u64(r);
    for (uint32_t i = 0; i < n_bad; i++)
        a->unreadable[i] = get_u64(r);
    a->compound_sum = (int64_t)get_u64(r);
    a->negative_reviews = get_u64(r);
    a->rating_sum = (int64_t)get_u64(r);
    a->rating_count = get_u64(r);
    a->themed_mentions = get_u64(r);
    a->themed_negative = get_u64(r);
    for (uint32_t t = 0; t < a->n_themes && !r->bad; t++) {
        if ((rc = get_cell(r, &a->themes[t]))) return rc;
        if ((rc = get_phrases(r, &a->theme_negative[t]))) return rc;
        a->theme_all_total[t] = get_u64(r);
    }
    if (!r->bad && (rc = get_sketch(r, &a->theme_all))) return rc;
    uint32_t n_rows = get_count(r, 4 + 4 + 40 + 8 * UT_RATING_BANDS);
    for (uint32_t i = 0; i < n_rows && !r->bad; i++) {
        uint32_t field = get_u32(r), len;
        const char *key = get_str(r, &len);
        if (r->bad || field > (uint32_t)a->n_groups) return UT_ECORRUPT;
        int64_t g = ut_aggregate_group_at(a, field, key, len);
        if (g < 0) return (int)g;
        if ((uint32_t)g != i) return UT_ECORRUPT; /* a duplicate key */
        ut_group *row = &a->groups[g];
        row->reviews = get_u64(r);
        row->negative_reviews = get_u64(r);
        row->compound_sum = (int64_t)get_u64(r);
        row->rating_sum = (int64_t)get_u64(r);
        row->rating_count = get_u64(r);
        uint64_t banded = 0;
        for (int k = 0; k < UT_RATING_BANDS; k++)
            banded += row->reviews_by_band[k] = get_u64(r);
        if (banded != row->reviews) return UT_ECORRUPT;
    }
    uint32_t n_cells = get_count(r, 16 + CELL_MIN_BYTES + SAMPLE_MIN_BYTES);
    for (uint32_t i = 0; i < n_cells && !r->bad; i++) {
        uint32_t group = get_u32(r), theme = get_u32(r);
        if (r->bad || group >= a->n_group_rows || theme >= a->n_themes) return UT_ECORRUPT;
        int64_t c = ut_aggregate_cell_at(a, group, theme);
        if (c < 0) return (int)c;
        if ((uint32_t)c != i) return UT_ECORRUPT;
        a->cells[c].phrase_total = get_u64(r);
        if ((rc = get_cell(r, &a->cells[c].cell))) return rc;
        if ((rc = get_sample(r, &a->cells[c].sample))) return rc;
    }
    uint32_t n_trends = get_count(r, 20);
    for (uint32_t i = 0; i < n_trends && !r->bad; i++) {
        uint32_t group = get_u32(r);
        int32_t bucket = (int32_t)get_u32(r);
        uint32_t theme = get_u32(r);
        if (r->bad || (theme >= a->n_themes && theme != UT_TREND_ALL) ||
            (group >= a->n_group_rows && group != UT_TREND_CORPUS))
            return UT_ECORRUPT;
        int64_t tr = ut_aggregate_trend_at(a, group, bucket, theme);
        if (tr < 0) return (int)tr;
        if ((uint32_t)tr != i) return UT_ECORRUPT;
        a->trends[tr].count = get_u64(r);
    }
    if (r->bad) return UT_ECORRUPT;
    size_t used;
    if ((rc = ut_agreement_load(&a->agreement, r->p, r->left, &used))) return rc;
    r->p += used;
    r->left -= used;
    if (r->left != 0) return UT_ECORRUPT;
    return 0;
}

static int read_file(const char *path, unsigned char **data, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return ut_error_set(UT_EIO, "%s: %s", path, strerror(errno));
    ut_buf b = UT_BUF_INIT;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        ut_buf_append(&b, chunk, n);
    int failed = ferror(f);
    fclose(f);
    if (failed) {
        ut_buf_free(&b);
        return ut_error_set(UT_EIO, "%s: read failed", path);
    }
    if (b.failed) return ut_error_set(UT_ENOMEM, "%s: out of memory reading the state", path);
    *data = (unsigned char *)b.data;
    *len = b.len;
    return 0;
}

static int corrupt(const char *path, const char *why) {
    return ut_error_set(UT_ECORRUPT, "%s: not a valid undertone state file (%s)", path, why);
}

int ut_aggregate_load_buffer(ut_aggregate **out, const void *data, size_t len, const char *name) {
    *out = NULL;
    const unsigned char *p = data;
    if (len < HEADER_BYTES || memcmp(p, state_magic, sizeof state_magic) != 0) return corrupt(name, "bad magic");
    reader h = {p + 8, HEADER_BYTES - 8, 0};
    uint32_t version = get_u32(&h);
    uint32_t reserved = get_u32(&h);
    uint64_t body_len = get_u64(&h), sum = get_u64(&h);
    if (version != STATE_VERSION)
        return ut_error_set(UT_ECORRUPT, "%s: state format version %u, this build reads version %u", name, version,
                            STATE_VERSION);
    if (reserved != 0) return corrupt(name, "unknown flags");
    if (body_len != len - HEADER_BYTES) return corrupt(name, "truncated or extended");
    if (ut_hash_bytes(p + HEADER_BYTES, (size_t)body_len) != sum) return corrupt(name, "checksum mismatch");
    reader r = {p + HEADER_BYTES, (size_t)body_len, 0};
    ut_aggregate *a = NULL;
    int rc = get_config(&r, &a);
    if (!rc) rc = get_body(&r, a);
    if (!rc && r.bad) rc = UT_ECORRUPT;
    if (rc) {
        ut_aggregate_free(a);
        return rc == UT_ECORRUPT ? corrupt(name, "inconsistent contents") : rc;
    }
    *out = a;
    return 0;
}

int ut_aggregate_load(ut_aggregate **out, const char *path) {
    *out = NULL;
    unsigned char *data = NULL;
    size_t len = 0;
    int rc = read_file(path, &data, &len);
    if (rc) return rc;
    rc = ut_aggregate_load_buffer(out, data, len, path);
    free(data);
    return rc;
}
