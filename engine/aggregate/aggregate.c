/* aggregate.c — adding reviews to an aggregate and merging aggregates.
 *
 * The one idea: every number is an exact integer sum keyed by names (theme
 * ids fixed by the configuration, group keys by their bytes), so adding the
 * same reviews in any split and merging in any order gives the same sums,
 * and the summaries built from them are byte-identical. A child theme's
 * mention is also added to each of its ancestors. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aggregate/aggregate_internal.h"
#include "util/common.h"
#include "util/hash.h"
#include "themes/theme.h"

const char *ut_model_name(ut_model m) {
    return m == UT_MODEL_VADER ? "vader" : "default";
}

/* ---- configuration ---- */

static int copy_themes(ut_aggregate *a, const ut_aggregate_config *cfg) {
    uint32_t n = cfg->n_themes;
    if (n == 0 || !cfg->theme_names) return ut_error_set(UT_EINVAL, "aggregate: no themes given");
    a->n_themes = n;
    a->theme_names = ut_calloc(n, sizeof *a->theme_names);
    a->theme_parents = ut_calloc(n, sizeof *a->theme_parents);
    a->ancestor_start = ut_calloc((size_t)n + 1, sizeof *a->ancestor_start);
    if (!a->theme_names || !a->theme_parents || !a->ancestor_start) return UT_ENOMEM;
    for (uint32_t i = 0; i < n; i++) {
        const char *name = cfg->theme_names[i] ? cfg->theme_names[i] : "";
        a->theme_names[i] = ut_strndup(name, strlen(name));
        if (!a->theme_names[i]) return UT_ENOMEM;
        int32_t p = cfg->theme_parents ? cfg->theme_parents[i] : -1;
        if (p < -1 || p >= (int32_t)n || p == (int32_t)i)
            return ut_error_set(UT_EINVAL, "aggregate: theme %u has parent %d out of range", i, p);
        a->theme_parents[i] = p;
    }
    /* Ancestor chains, checked for cycles: a chain longer than n loops. */
    size_t total = 0;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t depth = 0;
        for (int32_t t = (int32_t)i; t >= 0; t = a->theme_parents[t])
            if (++depth > n) return ut_error_set(UT_EINVAL, "aggregate: theme parents form a cycle at %u", i);
        total += depth;
    }
    a->ancestors = ut_malloc(total * sizeof *a->ancestors);
    if (!a->ancestors) return UT_ENOMEM;
    size_t at = 0;
    for (uint32_t i = 0; i < n; i++) {
        a->ancestor_start[i] = (uint32_t)at;
        for (int32_t t = (int32_t)i; t >= 0; t = a->theme_parents[t])
            a->ancestors[at++] = (uint32_t)t;
    }
    a->ancestor_start[n] = (uint32_t)at;
    return 0;
}

int ut_aggregate_new_plain(ut_aggregate **out, const ut_aggregate_config *cfg) {
    *out = NULL;
    if (cfg->n_groups < 0 || cfg->n_groups > UT_MAX_GROUPS)
        return ut_error_set(UT_EINVAL, "aggregate: %d group fields (at most %d)", cfg->n_groups, UT_MAX_GROUPS);
    ut_aggregate *a = ut_calloc(1, sizeof *a);
    if (!a) return UT_ENOMEM;
    int rc = copy_themes(a, cfg);
    if (rc) goto fail;
    rc = UT_ENOMEM;
    a->n_groups = cfg->n_groups;
    for (int g = 0; g < cfg->n_groups; g++) {
        const char *name = cfg->group_names[g] ? cfg->group_names[g] : "";
        if (!(a->group_names[g] = ut_strndup(name, strlen(name)))) goto fail;
    }
    a->bucket = cfg->bucket;
    size_t budget = cfg->phrase_budget ? cfg->phrase_budget : UT_PHRASE_BUDGET_DEFAULT;
    if (budget > UINT32_MAX / 4) budget = UINT32_MAX / 4;
    a->phrase_budget = (uint32_t)budget;
    a->model = cfg->model;
    a->no_phrases = cfg->no_phrases != 0;
    a->lexicon_fingerprint = cfg->lexicon_fingerprint;
    a->themes_fingerprint = cfg->themes_fingerprint;
    if (cfg->lexicons && !(a->lexicons = ut_strndup(cfg->lexicons, strlen(cfg->lexicons)))) goto fail;
    uint32_t n = a->n_themes;
    a->themes = ut_calloc(n, sizeof *a->themes);
    a->theme_negative = ut_calloc(n, sizeof *a->theme_negative);
    a->theme_all_total = ut_calloc(n, sizeof *a->theme_all_total);
    ut_count_sketch_init(&a->theme_all, UT_SKETCH_BITS_DEFAULT);
    a->theme_seen = ut_calloc(n, 1);
    a->theme_negative_seen = ut_calloc(n, 1);
    a->touched = ut_calloc(n, sizeof *a->touched);
    a->seen_cells = ut_calloc((size_t)n * (UT_MAX_GROUPS + 1), sizeof *a->seen_cells);
    a->ngrams = ut_malloc(2 * UT_NGRAMS_MAX * sizeof *a->ngrams);
    if (!a->themes || !a->theme_negative || !a->theme_all_total || !a->theme_seen || !a->theme_negative_seen ||
        !a->touched || !a->seen_cells || !a->ngrams)
        goto fail;
    for (uint32_t t = 0; t < n; t++)
        ut_phrase_table_init(&a->theme_negative[t], a->phrase_budget);
    *out = a;
    return 0;
fail:
    ut_aggregate_free(a);
    return rc;
}

void ut_cell_free(ut_cell *c) {
    for (uint32_t i = 0; i < c->n_examples; i++) {
        free(c->examples[i].id);
        free(c->examples[i].quote);
    }
    c->n_examples = 0;
}

void ut_aggregate_free(ut_aggregate *a) {
    if (!a) return;
    for (uint32_t t = 0; t < a->n_themes; t++) {
        if (a->theme_names) free(a->theme_names[t]);
        if (a->themes) ut_cell_free(&a->themes[t]);
        if (a->theme_negative) ut_phrase_table_free(&a->theme_negative[t]);
    }
    free(a->theme_names);
    free(a->theme_parents);
    free(a->ancestors);
    free(a->ancestor_start);
    for (int g = 0; g < a->n_groups; g++)
        free(a->group_names[g]);
    free(a->lexicons);
    free(a->themes);
    free(a->theme_negative);
    free(a->theme_all_total);
    ut_count_sketch_free(&a->theme_all);
    for (uint32_t i = 0; i < a->n_group_rows; i++)
        free(a->groups[i].key);
    free(a->groups);
    ut_keymap_free(&a->group_index);
    for (uint32_t i = 0; i < a->n_cells; i++) {
        ut_cell_free(&a->cells[i].cell);
        ut_mention_sample_free(&a->cells[i].sample);
    }
    free(a->cells);
    ut_keymap_free(&a->cell_index);
    free(a->trends);
    ut_keymap_free(&a->trend_index);
    ut_agreement_free(&a->agreement);
    free(a->theme_seen);
    free(a->theme_negative_seen);
    free(a->touched);
    free(a->seen_cells);
    free(a->ngrams);
    ut_buf_free(&a->scratch);
    free(a);
}

/* ---- records found by key ---- */

static int grow_array(void **items, uint32_t *cap, size_t item_size) {
    uint32_t new_cap = *cap ? *cap * 2 : 16;
    if (new_cap < *cap) return ut_error_set(UT_ENOMEM, "aggregate: too many records");
    void *p = ut_realloc(*items, (size_t)new_cap * item_size);
    if (!p) return UT_ENOMEM;
    *items = p;
    *cap = new_cap;
    return 0;
}

typedef struct group_probe {
    const ut_aggregate *a;
    uint32_t field;
    const char *key;
    size_t len;
} group_probe;

static int same_group(const void *ctx, uint32_t idx) {
    const group_probe *p = ctx;
    const ut_group *g = &p->a->groups[idx];
    return g->field == p->field && g->key_len == p->len && memcmp(g->key, p->key, p->len) == 0;
}

int64_t ut_aggregate_group_at(ut_aggregate *a, uint32_t field, const char *key, size_t len) {
    uint64_t h = ut_hash_bytes(key, len) ^ ((uint64_t)field * 0x9e3779b97f4a7c15ull);
    group_probe probe = {a, field, key, len};
    uint32_t i = ut_keymap_get(&a->group_index, h, same_group, &probe);
    if (i != UINT32_MAX) return i;
    if (len > UINT32_MAX - 1) return ut_error_set(UT_EINVAL, "aggregate: group key too long");
    if (a->n_group_rows == a->cap_group_rows) {
        int rc = grow_array((void **)&a->groups, &a->cap_group_rows, sizeof *a->groups);
        if (rc) return rc;
    }
    char *copy = ut_strndup(key, len);
    if (!copy) return UT_ENOMEM;
    i = a->n_group_rows;
    int rc = ut_keymap_put(&a->group_index, h, i);
    if (rc) {
        free(copy);
        return rc;
    }
    a->groups[i] = (ut_group){.key = copy, .key_len = (uint32_t)len, .field = field, .hash = h};
    a->n_group_rows++;
    return i;
}

int ut_group_cmp(const ut_group *a, const ut_group *b) {
    if (a->field != b->field) return a->field < b->field ? -1 : 1;
    size_t n = UT_MIN(a->key_len, b->key_len);
    int c = memcmp(a->key, b->key, n);
    if (c) return c;
    return a->key_len < b->key_len ? -1 : a->key_len > b->key_len;
}

static int group_ptr_cmp(const void *x, const void *y) {
    return ut_group_cmp(*(const ut_group *const *)x, *(const ut_group *const *)y);
}

void ut_aggregate_groups_in_order(const ut_aggregate *a, const ut_group **order) {
    for (uint32_t i = 0; i < a->n_group_rows; i++)
        order[i] = &a->groups[i];
    qsort(order, a->n_group_rows, sizeof *order, group_ptr_cmp);
}

static uint64_t cell_key(uint32_t group, uint32_t theme) {
    return (uint64_t)group << 32 | theme;
}

int64_t ut_aggregate_cell_find(const ut_aggregate *a, uint32_t group, uint32_t theme) {
    uint32_t i = ut_keymap_get(&a->cell_index, cell_key(group, theme), NULL, NULL);
    return i == UINT32_MAX ? -1 : (int64_t)i;
}

int64_t ut_aggregate_cell_at(ut_aggregate *a, uint32_t group, uint32_t theme) {
    int64_t found = ut_aggregate_cell_find(a, group, theme);
    if (found >= 0) return found;
    if (a->n_cells == a->cap_cells) {
        int rc = grow_array((void **)&a->cells, &a->cap_cells, sizeof *a->cells);
        if (rc) return rc;
    }
    uint32_t i = a->n_cells;
    int rc = ut_keymap_put(&a->cell_index, cell_key(group, theme), i);
    if (rc) return rc;
    ut_group_cell *c = &a->cells[i];
    memset(c, 0, sizeof *c);
    c->group = group;
    c->theme = theme;
    c->key = ut_cell_key(a->groups[group].hash, theme);
    a->n_cells++;
    return i;
}

typedef struct trend_probe {
    const ut_aggregate *a;
    uint32_t group, theme;
    int32_t bucket;
} trend_probe;

static int same_trend(const void *ctx, uint32_t idx) {
    const trend_probe *p = ctx;
    const ut_trend_cell *c = &p->a->trends[idx];
    return c->group == p->group && c->bucket == p->bucket && c->theme == p->theme;
}

static uint64_t trend_key(uint32_t group, int32_t bucket, uint32_t theme) {
    return ut_hash_combine(ut_hash_combine((uint64_t)group + 1, (uint64_t)(uint32_t)bucket), (uint64_t)theme + 7);
}

int64_t ut_aggregate_trend_find(const ut_aggregate *a, uint32_t group, int32_t bucket, uint32_t theme) {
    trend_probe probe = {a, group, theme, bucket};
    uint32_t i = ut_keymap_get(&a->trend_index, trend_key(group, bucket, theme), same_trend, &probe);
    return i == UINT32_MAX ? -1 : (int64_t)i;
}

int64_t ut_aggregate_trend_at(ut_aggregate *a, uint32_t group, int32_t bucket, uint32_t theme) {
    int64_t found = ut_aggregate_trend_find(a, group, bucket, theme);
    if (found >= 0) return found;
    if (a->n_trends == a->cap_trends) {
        int rc = grow_array((void **)&a->trends, &a->cap_trends, sizeof *a->trends);
        if (rc) return rc;
    }
    uint32_t i = a->n_trends;
    int rc = ut_keymap_put(&a->trend_index, trend_key(group, bucket, theme), i);
    if (rc) return rc;
    a->trends[i] = (ut_trend_cell){.bucket = bucket, .theme = theme, .group = group, .count = 0};
    a->n_trends++;
    return i;
}

/* ---- examples ---- */

static int bytes_cmp(const char *x, size_t nx, const char *y, size_t ny) {
    int c = nx && ny ? memcmp(x, y, UT_MIN(nx, ny)) : 0;
    if (c) return c;
    return nx < ny ? -1 : nx > ny;
}

/* The quote is the last key, so two records sharing an id (in different
 * shards) still give one order whatever the merge order. */
int ut_example_cmp(const ut_example *x, const ut_example *y) {
    if (x->score != y->score) return x->score < y->score ? -1 : 1;
    if (x->id_hash != y->id_hash) return x->id_hash < y->id_hash ? -1 : 1;
    int c = bytes_cmp(x->id, x->id_len, y->id, y->id_len);
    if (c) return c;
    return bytes_cmp(x->quote, x->quote_len, y->quote, y->quote_len);
}

static void example_free(ut_example *e) {
    free(e->id);
    free(e->quote);
}

/* Keeps examples sorted best first; an id appears once, with its best key. */
int ut_cell_offer_example(ut_cell *c, int64_t score, uint64_t id_hash, const char *id, size_t len, const char *quote,
                          size_t quote_len) {
    if (len > UT_EXAMPLE_ID_MAX) len = UT_EXAMPLE_ID_MAX;
    if (quote_len > UT_QUOTE_MAX_BYTES) quote_len = UT_QUOTE_MAX_BYTES;
    if (!quote) quote_len = 0;
    ut_example cand = {score, id_hash, (char *)id, (uint32_t)len, (uint32_t)quote_len, (char *)quote};
    /* A full list whose last is no worse keeps everything: were the id
     * listed with a worse key, that key would be worse than the last. */
    if (c->n_examples == UT_EXAMPLES && ut_example_cmp(&cand, &c->examples[UT_EXAMPLES - 1]) >= 0) return 0;
    for (uint32_t i = 0; i < c->n_examples; i++) {
        ut_example *e = &c->examples[i];
        if (e->id_len == len && memcmp(e->id, id, len) == 0) {
            if (ut_example_cmp(&cand, e) >= 0) return 0;
            /* a better key for a kept id: take it out and re-insert below */
            example_free(e);
            memmove(e, e + 1, (c->n_examples - i - 1) * sizeof *e);
            c->n_examples--;
            break;
        }
    }
    if (c->n_examples == UT_EXAMPLES && ut_example_cmp(&cand, &c->examples[UT_EXAMPLES - 1]) >= 0) return 0;
    char *copy = ut_strndup(id, len);
    char *quote_copy = quote_len ? ut_strndup(quote, quote_len) : NULL;
    if (!copy || (quote_len && !quote_copy)) {
        free(copy);
        free(quote_copy);
        return UT_ENOMEM;
    }
    cand.id = copy;
    cand.quote = quote_copy;
    if (c->n_examples == UT_EXAMPLES) example_free(&c->examples[--c->n_examples]);
    uint32_t at = c->n_examples;
    while (at > 0 && ut_example_cmp(&cand, &c->examples[at - 1]) < 0) {
        c->examples[at] = c->examples[at - 1];
        at--;
    }
    c->examples[at] = cand;
    c->n_examples++;
    return 0;
}

int ut_cell_merge(ut_cell *into, const ut_cell *from) {
    into->mentions += from->mentions;
    into->reviews += from->reviews;
    into->complaints += from->complaints;
    into->complaint_rating_count += from->complaint_rating_count;
    into->complaints_negative_review += from->complaints_negative_review;
    into->complaint_rating_sum += from->complaint_rating_sum;
    into->positive += from->positive;
    into->neutral += from->neutral;
    into->negative += from->negative;
    into->score_sum += from->score_sum;
    into->rating_sum += from->rating_sum;
    into->rating_count += from->rating_count;
    for (int b = 0; b < UT_HIST_BINS; b++)
        into->hist[b] += from->hist[b];
    for (int b = 0; b < UT_RATING_BANDS; b++)
        into->complaints_by_band[b] += from->complaints_by_band[b];
    for (uint32_t i = 0; i < from->n_examples; i++) {
        const ut_example *e = &from->examples[i];
        int rc = ut_cell_offer_example(into, e->score, e->id_hash, e->id, e->id_len, e->quote, e->quote_len);
        if (rc) return rc;
    }
    return 0;
}

static int is_space(unsigned char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

size_t ut_quote_clean(const char *src, size_t len, char *out) {
    size_t n = 0, chars = 0, last_space = 0, i = 0;
    int space = 1; /* drops leading white space */
    for (; i < len; i++) {
        unsigned char c = (unsigned char)src[i];
        if (is_space(c)) {
            if (!space) {
                if (chars == UT_QUOTE_MAX_CHARS || n == UT_QUOTE_MAX_BYTES) break;
                last_space = n;
                out[n++] = ' ';
                chars++;
                space = 1;
            }
            continue;
        }
        if (c < 0x20 || c == 0x7f) continue;
        if ((c & 0xc0) != 0x80) { /* a character starts: is there room for it? */
            size_t width = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
            if (chars == UT_QUOTE_MAX_CHARS || n + width > UT_QUOTE_MAX_BYTES) break;
            chars++;
        } else if (n == UT_QUOTE_MAX_BYTES) {
            break;
        }
        out[n++] = c == '|' ? '/' : (char)c;
        space = 0;
    }
    /* Stopped inside a word of a longer text: end at the last whole word. */
    if (i < len && !space && !is_space((unsigned char)src[i]) && last_space > 0) n = last_space;
    while (n > 0 && out[n - 1] == ' ')
        n--;
    return n;
}

/* ---- time buckets ---- */

static int32_t floor_div(int32_t a, int32_t b) {
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

/* Civil date of a day number (proleptic Gregorian; the era arithmetic of
 * Howard Hinnant's days-from-civil inverse). */
static void civil_from_days(int32_t day, int32_t *y, int32_t *m, int32_t *d) {
    int64_t z = (int64_t)day + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int32_t)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int32_t)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int32_t)(yoe + era * 400 + (*m <= 2));
}

int32_t ut_bucket_index(ut_bucket bucket, int32_t day) {
    switch (bucket) {
    case UT_BUCKET_WEEK: /* weeks start on Monday; 1970-01-01 was a Thursday */
        return (int32_t)(((int64_t)day + 3 - (((int64_t)day + 3) % 7 + 7) % 7) / 7);
    case UT_BUCKET_MONTH: {
        int32_t y, m, d;
        civil_from_days(day, &y, &m, &d);
        return y * 12 + (m - 1);
    }
    default:
        return day;
    }
}

void ut_bucket_label(ut_bucket bucket, int32_t index, char label[UT_BUCKET_LABEL_MAX]) {
    int32_t y, m, d;
    if (bucket == UT_BUCKET_MONTH) {
        y = floor_div(index, 12);
        m = index - y * 12 + 1;
        snprintf(label, UT_BUCKET_LABEL_MAX, "%04d-%02d", (int)y, (int)m);
        return;
    }
    civil_from_days(bucket == UT_BUCKET_WEEK ? (int32_t)((int64_t)index * 7 - 3) : index, &y, &m, &d);
    snprintf(label, UT_BUCKET_LABEL_MAX, "%04d-%02d-%02d", (int)y, (int)m, (int)d);
}

/* ---- adding ---- */

static inline int64_t to_fixed(double v, double scale) {
    if (!isfinite(v)) return 0;
    return (int64_t)llround(v * scale);
}

static inline void count_mention(ut_cell *c, int64_t score, int sign, int bin) {
    c->mentions++;
    c->score_sum += score;
    if (sign < 0)
        c->negative++;
    else if (sign > 0)
        c->positive++;
    else
        c->neutral++;
    c->hist[bin]++;
}

/* Fetches every table slot a mention's n-grams will touch, before the
 * first is touched: the theme's all-mention table, and for a negative
 * mention its ancestors' negative tables. The tables are megabytes with
 * random keys, so each probe is a cache miss; issued together the misses
 * overlap instead of following one another. */
static void prefetch_mention(const ut_aggregate *a, uint32_t theme, int negative, const ut_ngram *ngrams,
                             uint32_t n_ngrams) {
    if (theme != UT_THEME_OTHER || !negative) ut_count_sketch_prefetch(&a->theme_all, theme, ngrams, n_ngrams);
    if (!negative) return;
    for (uint32_t k = a->ancestor_start[theme]; k < a->ancestor_start[theme + 1]; k++)
        ut_phrase_table_prefetch(&a->theme_negative[a->ancestors[k]], ngrams, n_ngrams);
}

static inline int mention_sign(double s) {
    return s < -UT_NEUTRAL_BAND ? -1 : s > UT_NEUTRAL_BAND ? 1 : 0;
}

/* Whether an earlier mention of the review already mined this clause for
 * this theme (two terms of one theme in one clause count its phrases once). */
static int clause_seen(const ut_review_facts *r, uint32_t i) {
    const ut_theme_mention *m = &r->mentions[i];
    uint32_t from = i > 16 ? i - 16 : 0;
    for (uint32_t j = from; j < i; j++)
        if (r->mentions[j].theme == m->theme && r->mentions[j].clause == m->clause) return 1;
    return 0;
}

/* The n-grams mention i mines into `out` (none for an unknown theme, with
 * phrases off, or when an earlier mention mined its clause for its theme),
 * their slots fetched ahead; returns how many. */
static uint32_t mention_ngrams(const ut_aggregate *a, const ut_review_facts *r, uint32_t i, ut_ngram *out) {
    const ut_theme_mention *m = &r->mentions[i];
    const ut_tokens *tok = r->tokens;
    if (m->theme >= a->n_themes || a->no_phrases || !tok || m->clause >= tok->n_clause || clause_seen(r, i)) return 0;
    /* The phrases about an aspect sit next to its term: mine the clause
     * within UT_PHRASE_WINDOW tokens of the term (all of it when the term
     * lies outside the clause, e.g. "other"). */
    uint32_t begin = tok->clause[m->clause].tok_begin, end = tok->clause[m->clause].tok_end;
    if (m->tok_begin >= begin && m->tok_begin < end && m->theme != UT_THEME_OTHER) {
        if (m->tok_begin > begin + UT_PHRASE_WINDOW) begin = m->tok_begin - UT_PHRASE_WINDOW;
        if (m->tok_end < end && end - m->tok_end > UT_PHRASE_WINDOW) end = m->tok_end + UT_PHRASE_WINDOW;
    }
    uint32_t n = ut_ngrams_collect(tok, begin, end, out);
    if (n) prefetch_mention(a, m->theme, mention_sign(m->score) < 0, out, n);
    return n;
}

/* Group ids of a review: each present, non-empty field, then the
 * combination when every field is present and there are 2+ fields. */
static int review_groups(ut_aggregate *a, const ut_review_facts *r, uint32_t *gids) {
    int n = 0, all_present = 1;
    int fields = UT_MIN(a->n_groups, r->n_groups);
    if (fields < a->n_groups) all_present = 0;
    for (int f = 0; f < fields; f++) {
        const ut_field_value *v = &r->groups[f];
        if (!v->present || v->len == 0) {
            all_present = 0;
            continue;
        }
        int64_t g = ut_aggregate_group_at(a, (uint32_t)f, v->data, v->len);
        if (g < 0) return (int)g;
        gids[n++] = (uint32_t)g;
    }
    if (a->n_groups >= 2 && all_present) {
        ut_buf_clear(&a->scratch);
        for (int f = 0; f < a->n_groups; f++) {
            if (f) ut_buf_putc(&a->scratch, '|');
            ut_buf_append(&a->scratch, r->groups[f].data, r->groups[f].len);
        }
        if (a->scratch.failed) return UT_ENOMEM;
        int64_t g = ut_aggregate_group_at(a, (uint32_t)a->n_groups, a->scratch.data, a->scratch.len);
        if (g < 0) return (int)g;
        gids[n++] = (uint32_t)g;
    }
    return n;
}

/* Marks theme t seen by the review and finds (or creates) its cells for
 * the review's groups. */
static int see_theme(ut_aggregate *a, uint32_t t, uint32_t *n_touched, const uint32_t *gids, int n_gids) {
    a->theme_seen[t] = 1;
    a->touched[(*n_touched)++] = t;
    uint32_t *cells = &a->seen_cells[(size_t)t * (UT_MAX_GROUPS + 1)];
    for (int g = 0; g < n_gids; g++) {
        int64_t c = ut_aggregate_cell_at(a, gids[g], t);
        if (c < 0) return (int)c;
        cells[g] = (uint32_t)c;
    }
    return 0;
}

/* Finds the records mention i will count into (creating them, mention by
 * mention in review order as ever) and fetches its cells ahead. */
static int resolve_mention(ut_aggregate *a, const ut_review_facts *r, uint32_t i, uint32_t *n_touched,
                           const uint32_t *gids, int n_gids) {
    uint32_t theme = r->mentions[i].theme;
    if (theme >= a->n_themes) return 0;
    for (uint32_t k = a->ancestor_start[theme]; k < a->ancestor_start[theme + 1]; k++) {
        uint32_t t = a->ancestors[k];
        if (!a->theme_seen[t]) {
            int rc = see_theme(a, t, n_touched, gids, n_gids);
            if (rc) return rc;
        }
        const uint32_t *cells = &a->seen_cells[(size_t)t * (UT_MAX_GROUPS + 1)];
        for (int g = 0; g < n_gids; g++) {
            const ut_cell *c = &a->cells[cells[g]].cell;
            UT_PREFETCH(c);
            UT_PREFETCH(&c->hist[0]);
            UT_PREFETCH(&c->hist[UT_HIST_BINS - 1]);
        }
    }
    return 0;
}

/* The quote of mention i: its clause's source text, cleaned, into `out`;
 * returns its length (0 without tokens or source text). A clause that ends
 * its sentence keeps the sentence's closing punctuation. */
static size_t mention_quote(const ut_review_facts *r, uint32_t i, char *out) {
    const ut_tokens *tok = r->tokens;
    const ut_theme_mention *m = &r->mentions[i];
    if (!tok || m->clause >= tok->n_clause) return 0;
    const ut_clause *cl = &tok->clause[m->clause];
    if (cl->tok_begin >= cl->tok_end || cl->tok_end > tok->n_tok) return 0;
    size_t begin = tok->tok[cl->tok_begin].src_off;
    const ut_token *last = &tok->tok[cl->tok_end - 1];
    size_t end = (size_t)last->src_off + last->src_len;
    if (cl->sentence < tok->n_sent) {
        const ut_sentence *se = &tok->sent[cl->sentence];
        if (se->tok_end == cl->tok_end && se->src_end > end) end = se->src_end;
    }
    /* offsets run over the title then the text */
    const char *part = r->text;
    size_t part_len = r->text_len;
    if (begin < r->title_len) {
        part = r->title;
        part_len = r->title_len;
    } else {
        begin -= r->title_len;
        end -= r->title_len;
    }
    if (!part || begin >= part_len) return 0;
    if (end > part_len) end = part_len;
    return ut_quote_clean(part + begin, end - begin, out);
}

/* A negative mention's quote, cut from the text only when some cell may
 * keep it: most offers lose to a full list on the score and id alone. */
typedef struct lazy_quote {
    const ut_review_facts *r;
    uint32_t mention;
    int done;
    size_t len;
    char text[UT_QUOTE_MAX_BYTES];
} lazy_quote;

/* Whether a full list's last example beats the candidate on (score, id
 * hash, id) alone, so the quote (the last key) cannot matter and
 * ut_cell_offer_example would keep nothing. */
static int example_list_beats(const ut_cell *c, int64_t score, uint64_t id_hash, const char *id, size_t len) {
    if (c->n_examples < UT_EXAMPLES) return 0;
    if (len > UT_EXAMPLE_ID_MAX) len = UT_EXAMPLE_ID_MAX;
    const ut_example *last = &c->examples[UT_EXAMPLES - 1];
    ut_example cand = {score, id_hash, (char *)id, (uint32_t)len, last->quote_len, last->quote};
    return ut_example_cmp(&cand, last) > 0;
}

static int offer_example(ut_cell *c, int64_t score, uint64_t id_hash, const char *id, size_t id_len, lazy_quote *q) {
    if (example_list_beats(c, score, id_hash, id, id_len)) return 0;
    if (!q->done) {
        q->len = mention_quote(q->r, q->mention, q->text);
        q->done = 1;
    }
    return ut_cell_offer_example(c, score, id_hash, id, id_len, q->text, q->len);
}

static int add_mentions(ut_aggregate *a, const ut_review_facts *r, const uint32_t *gids, int n_gids, const char *id,
                        size_t id_len, uint64_t id_hash, uint32_t *n_touched) {
    const ut_tokens *tok = r->tokens;
    lazy_quote quote = {.r = r};
    /* Mention i+1's n-grams are collected, its records found and all
     * their slots and cells fetched, before mention i is counted: the
     * fetches then have a mention's work to arrive in. Nothing is counted
     * out of order, and records are created in mention order. A theme's
     * cells and trend cell are found the first time the review reaches it
     * and kept for its other mentions and the per-review counts. */
    ut_ngram *ngrams = a->ngrams, *next_ngrams = a->ngrams + UT_NGRAMS_MAX;
    uint32_t next_n = 0;
    if (r->n_mentions) {
        next_n = mention_ngrams(a, r, 0, next_ngrams);
        int rc = resolve_mention(a, r, 0, n_touched, gids, n_gids);
        if (rc) return rc;
    }
    for (uint32_t i = 0; i < r->n_mentions; i++) {
        ut_ngram *swap = ngrams;
        ngrams = next_ngrams, next_ngrams = swap;
        uint32_t n_ngrams = next_n;
        next_n = 0;
        if (i + 1 < r->n_mentions) {
            next_n = mention_ngrams(a, r, i + 1, next_ngrams);
            int rc = resolve_mention(a, r, i + 1, n_touched, gids, n_gids);
            if (rc) return rc;
        }
        const ut_theme_mention *m = &r->mentions[i];
        if (m->theme >= a->n_themes) continue;
        double s = m->score;
        int64_t score = to_fixed(s, UT_SCORE_SCALE);
        int sign = mention_sign(s);
        /* binned on the fixed-point score, so -0.6f lands in [-0.6, -0.4) */
        int64_t bin64 = (score + 10000) * UT_HIST_BINS / 20000;
        int bin = bin64 < 0 ? 0 : bin64 >= UT_HIST_BINS ? UT_HIST_BINS - 1 : (int)bin64;
        if (m->theme != UT_THEME_OTHER) {
            a->themed_mentions++;
            a->themed_negative += sign < 0;
        }
        /* all-mention phrases at the mention's own theme only; a parent's
         * table is the sum of its subtree's, made at summary time */
        if (n_ngrams) {
            /* "other"'s mentions are negative (the attribution makes
             * them so): their all-mention counts are its negative
             * table's, read from there (see ut_theme_backgrounds), which
             * saves a third of their phrase work */
            if (m->theme != UT_THEME_OTHER || sign >= 0) {
                int rc = ut_count_sketch_add_ngrams(&a->theme_all, m->theme, ngrams, n_ngrams);
                if (rc) return rc;
            }
            a->theme_all_total[m->theme] += n_ngrams;
        }
        quote.mention = i;
        quote.done = 0;
        uint32_t first = a->ancestor_start[m->theme], last = a->ancestor_start[m->theme + 1];
        for (uint32_t k = first; k < last; k++) {
            uint32_t t = a->ancestors[k];
            int rc;
            count_mention(&a->themes[t], score, sign, bin);
            if (sign < 0) {
                a->theme_negative_seen[t] = 1;
                if ((rc = offer_example(&a->themes[t], score, id_hash, id, id_len, &quote))) return rc;
                if ((rc = ut_phrase_table_add_ngrams(&a->theme_negative[t], tok, ngrams, n_ngrams, &a->scratch)))
                    return rc;
            }
            const uint32_t *cells = &a->seen_cells[(size_t)t * (UT_MAX_GROUPS + 1)];
            for (int g = 0; g < n_gids; g++) {
                ut_group_cell *gc = &a->cells[cells[g]];
                count_mention(&gc->cell, score, sign, bin);
                if (sign < 0) {
                    if ((rc = offer_example(&gc->cell, score, id_hash, id, id_len, &quote))) return rc;
                    /* Sampled at the mention's own theme only (a parent
                     * cell's phrases are its subtree's, summed when ranked);
                     * the texts are in theme_negative[t], filled just above. */
                    if (t == m->theme && n_ngrams &&
                        (rc = ut_mention_sample_offer(&gc->sample, ut_mention_rank(id_hash, i), ngrams, n_ngrams)))
                        return rc;
                    gc->phrase_total += n_ngrams;
                }
            }
        }
    }
    return 0;
}

/* One review counted into a theme's cell (it mentions the theme). */
static void count_review(ut_cell *c, int complaint, int negative_review, int has_rating, int64_t rating,
                         unsigned band) {
    c->reviews++;
    if (has_rating) {
        c->rating_sum += rating;
        c->rating_count++;
    }
    if (!complaint) return;
    c->complaints++;
    c->complaints_by_band[band]++;
    c->complaints_negative_review += negative_review != 0;
    if (has_rating) {
        c->complaint_rating_sum += rating;
        c->complaint_rating_count++;
    }
}

/* One dated review (theme UT_TREND_ALL) or complaint counted for the
 * corpus and each of the review's groups. */
static int count_trend(ut_aggregate *a, uint32_t theme, int32_t bucket, const uint32_t *gids, int n_gids) {
    for (int g = -1; g < n_gids; g++) {
        int64_t i = ut_aggregate_trend_at(a, g < 0 ? UT_TREND_CORPUS : gids[g], bucket, theme);
        if (i < 0) return (int)i;
        a->trends[i].count++;
    }
    return 0;
}

int ut_aggregate_add(ut_aggregate *a, const ut_review_facts *r) {
    int64_t compound = to_fixed(r->sentiment.compound, UT_SCORE_SCALE);
    int negative = r->sentiment.compound < -UT_NEUTRAL_BAND;
    int64_t rating = r->has_rating ? to_fixed(r->rating, UT_RATING_SCALE) : 0;
    unsigned band = ut_rating_band(r->has_rating, r->rating);
    a->records++;
    a->compound_sum += compound;
    a->negative_reviews += negative;
    if (r->has_rating) {
        a->rating_sum += rating;
        a->rating_count++;
        /* added last: its counter is a cache miss, fetched meanwhile */
        ut_agreement_prefetch(&a->agreement, r->sentiment.compound, r->rating);
    }
    uint32_t gids[UT_MAX_GROUPS + 1];
    int n_gids = review_groups(a, r, gids);
    if (n_gids < 0) return n_gids;
    for (int g = 0; g < n_gids; g++) {
        ut_group *row = &a->groups[gids[g]];
        row->reviews++;
        row->reviews_by_band[band]++;
        row->negative_reviews += negative;
        row->compound_sum += compound;
        if (r->has_rating) {
            row->rating_sum += rating;
            row->rating_count++;
        }
    }
    /* The id shown in example lists: as given, else the record number. */
    char number[24];
    const char *id = r->id;
    size_t id_len = r->id_len;
    if (!id) {
        id_len = (size_t)snprintf(number, sizeof number, "%llu", (unsigned long long)r->record_no);
        id = number;
    }
    uint64_t id_hash = ut_hash_bytes(id, UT_MIN(id_len, UT_EXAMPLE_ID_MAX));
    uint32_t n_touched = 0;
    int rc = add_mentions(a, r, gids, n_gids, id, id_len, id_hash, &n_touched);
    int with_trend = a->bucket != UT_BUCKET_NONE && r->has_date;
    int32_t bucket = with_trend ? ut_bucket_index(a->bucket, r->day) : 0;
    if (!rc && with_trend) rc = count_trend(a, UT_TREND_ALL, bucket, gids, n_gids);
    /* Per review: each theme it mentions (or whose child it mentions) once,
     * and each it complains about once: the unit of the clusters is the
     * customer, not the mention. */
    for (uint32_t i = 0; i < n_touched; i++) {
        uint32_t t = a->touched[i];
        int complaint = a->theme_negative_seen[t];
        a->theme_seen[t] = 0;
        a->theme_negative_seen[t] = 0;
        if (rc) continue;
        count_review(&a->themes[t], complaint, negative, r->has_rating, rating, band);
        for (int g = 0; g < n_gids; g++) {
            uint32_t c = a->seen_cells[(size_t)t * (UT_MAX_GROUPS + 1) + g];
            count_review(&a->cells[c].cell, complaint, negative, r->has_rating, rating, band);
        }
        if (complaint && with_trend) rc = count_trend(a, t, bucket, gids, n_gids);
    }
    if (!rc && r->has_rating) rc = ut_agreement_add(&a->agreement, r->sentiment.compound, r->rating);
    return rc;
}

void ut_aggregate_add_bad(ut_aggregate *a, ut_bad_reason reason, uint64_t count) {
    if ((unsigned)reason < UT_BAD_REASON_COUNT) a->bad[reason] += count;
}

void ut_aggregate_add_unreadable(ut_aggregate *a, ut_bad_reason reason, uint64_t count) {
    if ((unsigned)reason < UT_BAD_REASON_COUNT) a->unreadable[reason] += count;
}

void ut_aggregate_add_bytes(ut_aggregate *a, uint64_t bytes) {
    a->bytes += bytes;
}

uint64_t ut_aggregate_bytes(const ut_aggregate *a) {
    return a->bytes;
}

uint64_t ut_aggregate_bad_records(const ut_aggregate *a) {
    uint64_t n = 0;
    for (int i = 0; i < UT_BAD_REASON_COUNT; i++)
        n += a->bad[i];
    return n;
}

uint32_t *ut_aggregate_sketch_counts_new(void) {
    return ut_count_sketch_counts_new(UT_SKETCH_BITS_DEFAULT);
}

void ut_aggregate_share_sketch(ut_aggregate *a, uint32_t *counts) {
    if (!a->no_phrases) ut_count_sketch_borrow(&a->theme_all, counts);
}

int ut_aggregate_adopt_sketch(ut_aggregate *a, uint32_t *counts) {
    if (a->no_phrases) {
        free(counts);
        return 0;
    }
    return ut_count_sketch_adopt(&a->theme_all, counts);
}

uint64_t ut_aggregate_records(const ut_aggregate *a) {
    return a->records;
}

/* ---- merging ---- */

static int check_compatible(const ut_aggregate *a, const ut_aggregate *b) {
    const char *la = a->lexicons ? a->lexicons : "(unnamed)", *lb = b->lexicons ? b->lexicons : "(unnamed)";
    if (a->model != b->model)
        return ut_error_set(UT_EMISMATCH, "state A was made with model %s, state B with %s", ut_model_name(a->model),
                            ut_model_name(b->model));
    if (a->lexicon_fingerprint != b->lexicon_fingerprint)
        return ut_error_set(UT_EMISMATCH,
                            "state A was made with lexicons %s (fingerprint %016llx), state B with %s (%016llx)", la,
                            (unsigned long long)a->lexicon_fingerprint, lb, (unsigned long long)b->lexicon_fingerprint);
    if (a->themes_fingerprint != b->themes_fingerprint || a->n_themes != b->n_themes)
        return ut_error_set(UT_EMISMATCH, "state A was made with themes %016llx (%u themes), state B with %016llx (%u)",
                            (unsigned long long)a->themes_fingerprint, a->n_themes,
                            (unsigned long long)b->themes_fingerprint, b->n_themes);
    for (uint32_t t = 0; t < a->n_themes; t++)
        if (strcmp(a->theme_names[t], b->theme_names[t]) || a->theme_parents[t] != b->theme_parents[t])
            return ut_error_set(UT_EMISMATCH, "state A has theme %u \"%s\", state B \"%s\"", t, a->theme_names[t],
                                b->theme_names[t]);
    if (a->n_groups != b->n_groups)
        return ut_error_set(UT_EMISMATCH, "state A was made with %d --group fields, state B with %d", a->n_groups,
                            b->n_groups);
    for (int g = 0; g < a->n_groups; g++)
        if (strcmp(a->group_names[g], b->group_names[g]))
            return ut_error_set(UT_EMISMATCH, "state A groups by \"%s\", state B by \"%s\"", a->group_names[g],
                                b->group_names[g]);
    if (a->bucket != b->bucket)
        return ut_error_set(UT_EMISMATCH, "state A was made with a different --bucket than state B");
    if (a->no_phrases != b->no_phrases)
        return ut_error_set(UT_EMISMATCH, "state A was made %s phrases, state B %s", a->no_phrases ? "without" : "with",
                            b->no_phrases ? "without" : "with");
    if (a->phrase_budget != b->phrase_budget)
        return ut_error_set(UT_EMISMATCH, "state A was made with phrase budget %u, state B with %u", a->phrase_budget,
                            b->phrase_budget);
    return 0;
}

/* Adds `from` into `into`. With `consume` (== from), each of from's phrase
 * structures is freed or moved as soon as it has been added, so that the
 * merge holds no more than one of each at a time beside `into`. */
static int merge_into(ut_aggregate *into, const ut_aggregate *from, ut_aggregate *consume, int threads) {
    /* adding an aggregate to itself would grow the arrays it reads from */
    if (into == from) return ut_error_set(UT_EINVAL, "aggregate: cannot merge an aggregate into itself");
    int rc = check_compatible(into, from);
    if (rc) return rc;
    into->records += from->records;
    into->bytes += from->bytes;
    for (int i = 0; i < UT_BAD_REASON_COUNT; i++)
        into->bad[i] += from->bad[i];
    for (int i = 0; i < UT_BAD_REASON_COUNT; i++)
        into->unreadable[i] += from->unreadable[i];
    into->compound_sum += from->compound_sum;
    into->negative_reviews += from->negative_reviews;
    into->rating_sum += from->rating_sum;
    into->rating_count += from->rating_count;
    if ((rc = ut_agreement_merge(&into->agreement, &from->agreement))) return rc;
    into->themed_mentions += from->themed_mentions;
    into->themed_negative += from->themed_negative;
    if ((rc = ut_count_sketch_merge(&into->theme_all, &from->theme_all))) return rc;
    if (consume) ut_count_sketch_free(&consume->theme_all);
    /* each theme's cell and table on its own: in parallel when asked */
    int theme_rc = 0;
#pragma omp parallel for num_threads(threads < 1 ? 1 : threads) schedule(dynamic, 1) reduction(min : theme_rc)
    for (uint32_t t = 0; t < into->n_themes; t++) {
        int r = ut_cell_merge(&into->themes[t], &from->themes[t]);
        if (!r) r = ut_phrase_table_merge(&into->theme_negative[t], &from->theme_negative[t]);
        if (consume) ut_phrase_table_free(&consume->theme_negative[t]);
        into->theme_all_total[t] += from->theme_all_total[t];
        if (r < theme_rc) theme_rc = r;
    }
    if ((rc = theme_rc)) return rc;
    uint32_t *group_map = ut_malloc(((size_t)from->n_group_rows + 1) * sizeof *group_map);
    if (!group_map) return UT_ENOMEM;
    for (uint32_t i = 0; i < from->n_group_rows; i++) {
        const ut_group *g = &from->groups[i];
        int64_t j = ut_aggregate_group_at(into, g->field, g->key, g->key_len);
        if (j < 0) {
            free(group_map);
            return (int)j;
        }
        ut_group *d = &into->groups[j];
        d->reviews += g->reviews;
        d->negative_reviews += g->negative_reviews;
        d->compound_sum += g->compound_sum;
        d->rating_sum += g->rating_sum;
        d->rating_count += g->rating_count;
        for (int b = 0; b < UT_RATING_BANDS; b++)
            d->reviews_by_band[b] += g->reviews_by_band[b];
        group_map[i] = (uint32_t)j;
    }
    /* the cells are found (or made) in from's order, serially; the
     * samples that need merging, not moving, are merged afterwards, each
     * into its own cell, in parallel when asked */
    uint32_t *sample_to = ut_malloc(((size_t)from->n_cells + 1) * sizeof *sample_to);
    uint32_t *sample_from = ut_malloc(((size_t)from->n_cells + 1) * sizeof *sample_from);
    uint32_t n_samples = 0;
    if (!sample_to || !sample_from) rc = UT_ENOMEM;
    for (uint32_t i = 0; i < from->n_cells && !rc; i++) {
        const ut_group_cell *c = &from->cells[i];
        int64_t j = ut_aggregate_cell_at(into, group_map[c->group], c->theme);
        if (j < 0) {
            rc = (int)j;
            break;
        }
        rc = ut_cell_merge(&into->cells[j].cell, &c->cell);
        ut_mention_sample *sample = &into->cells[j].sample;
        if (consume && !sample->offered && !sample->items) { /* moved whole, not copied */
            *sample = c->sample;
            consume->cells[i].sample = (ut_mention_sample){0};
        } else if (c->sample.offered) {
            sample_to[n_samples] = (uint32_t)j;
            sample_from[n_samples++] = i;
        }
        into->cells[j].phrase_total += c->phrase_total;
    }
    int sample_rc = 0;
#pragma omp parallel for num_threads(threads < 1 ? 1 : threads) schedule(dynamic, 16) reduction(min : sample_rc)
    for (uint32_t k = 0; k < (rc ? 0 : n_samples); k++) {
        int r = ut_mention_sample_merge(&into->cells[sample_to[k]].sample, &from->cells[sample_from[k]].sample);
        /* freed here, on the merge's threads, not later by one */
        if (consume) ut_mention_sample_free(&consume->cells[sample_from[k]].sample);
        if (r < sample_rc) sample_rc = r;
    }
    free(sample_to);
    free(sample_from);
    if (!rc) rc = sample_rc;
    for (uint32_t i = 0; i < from->n_trends && !rc; i++) {
        const ut_trend_cell *tr = &from->trends[i];
        uint32_t group = tr->group == UT_TREND_CORPUS ? UT_TREND_CORPUS : group_map[tr->group];
        int64_t j = ut_aggregate_trend_at(into, group, tr->bucket, tr->theme);
        if (j < 0) {
            rc = (int)j;
            break;
        }
        into->trends[j].count += tr->count;
    }
    free(group_map);
    return rc;
}

int ut_aggregate_merge(ut_aggregate *into, const ut_aggregate *from) {
    return merge_into(into, from, NULL, 1);
}

/* True when `a` holds no review's data: only counts that need no table
 * (bytes, bad records) may have been added to it. */
static int holds_no_reviews(const ut_aggregate *a) {
    if (a->records || a->n_group_rows || a->n_cells || a->n_trends || a->themed_mentions || a->rating_count ||
        a->agreement.n || a->agreement.n_rows || a->theme_all.total)
        return 0;
    for (uint32_t t = 0; t < a->n_themes; t++)
        if (a->themes[t].mentions || a->themes[t].n_examples || a->theme_negative[t].total || a->theme_all_total[t])
            return 0;
    return 1;
}

int ut_aggregate_merge_take(ut_aggregate *into, ut_aggregate *from, int threads) {
    if (into == from) return ut_error_set(UT_EINVAL, "aggregate: cannot merge an aggregate into itself");
    int rc = check_compatible(into, from);
    if (rc) return rc;
    if (holds_no_reviews(into)) {
        /* The end of a run merges the first worker into an empty result:
         * the two swap whole (9 ms of the end of a -j2 run on the diverse
         * corpus was copying), and what the result held, its byte and bad
         * counts, is merged back; their configurations are equal. */
        ut_aggregate held = *into;
        *into = *from;
        *from = held;
    }
    /* Tables `into` has not started move over whole (the end of a run
     * merges each worker into an empty result: tens of MB not copied);
     * the merge below then adds their emptied places, which is nothing. */
    for (uint32_t t = 0; t < into->n_themes; t++)
        ut_phrase_table_take(&into->theme_negative[t], &from->theme_negative[t]);
    if (!into->theme_all.counts && into->theme_all.bits == from->theme_all.bits) {
        /* the sketch moves too; the merge then adds an empty one */
        into->theme_all.counts = from->theme_all.counts;
        into->theme_all.external = from->theme_all.external;
        into->theme_all.total = from->theme_all.total;
        from->theme_all.counts = NULL;
        from->theme_all.external = 0;
        from->theme_all.total = 0;
    }
    return merge_into(into, from, from, threads);
}
