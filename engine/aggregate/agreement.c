/* agreement.c — the (compound, rating) count table behind summary.json's
 * "agreement" and its figures (agreement.h).
 *
 * The idea: every figure is a function of how many reviews had each exact
 * (printed compound, rating) pair, so the table is all that is kept, merged
 * and saved; the figures are computed once, from the table sorted by key.
 * A corpus has at most 20,001 compounds per rating value; the first rating
 * values seen get a dense row of them (agreement.h), so a stars corpus
 * costs under a megabyte from its first review on. */
#include "aggregate/agreement.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/common.h"
#include "util/hash.h"

#define COMPOUND_SCALE 10000.0
#define RATING_SCALE 100.0
#define CELL_BYTES 24u

void ut_agreement_free(ut_agreement *g) {
    if (!g) return;
    for (uint32_t r = 0; r < g->n_rows; r++)
        free(g->row_counts[r]);
    free(g->cells);
    ut_keymap_free(&g->index);
    *g = (ut_agreement)UT_AGREEMENT_INIT;
}

/* The compound as --scores prints it with 4 decimals (ut_buf_put_fixed's
 * rounding, nudge included), so the table holds the printed values and a
 * script reading the scores file finds the same figures. */
static int64_t printed_compound(double v) {
    if (!isfinite(v)) return 0;
    const int64_t r = (int64_t)floor(fabs(v) * COMPOUND_SCALE * (1 + 4e-16) + 0.5);
    return v < 0 ? -r : r;
}

static int64_t fixed_rating(double v) {
    return isfinite(v) ? (int64_t)llround(v * RATING_SCALE) : 0;
}

static uint64_t pair_key(int64_t compound, int64_t rating) {
    return ut_hash_combine((uint64_t)compound, (uint64_t)rating);
}

typedef struct pair_probe {
    const ut_agreement *g;
    int64_t compound, rating;
} pair_probe;

static int same_pair(const void *ctx, uint32_t idx) {
    const pair_probe *p = ctx;
    return p->g->cells[idx].compound == p->compound && p->g->cells[idx].rating == p->rating;
}

/* The dense row of `rating`, or NULL when it has none yet. */
static uint64_t *row_of(const ut_agreement *g, int64_t rating) {
    for (uint32_t r = 0; r < g->n_rows; r++)
        if (g->row_rating[r] == rating) return g->row_counts[r];
    return NULL;
}

/* The dense row of `rating`, made if there is room; NULL when the rating
 * has none (it goes to the hashed pairs). *failed on out of memory. */
static uint64_t *dense_row(ut_agreement *g, int64_t rating, int *failed) {
    *failed = 0;
    uint64_t *row = row_of(g, rating);
    if (row) return row;
    /* a rating first seen after the rows were full must never get one
     * later: it may have pairs in the hashed table already */
    if (g->n_rows == UT_AGREEMENT_DENSE_ROWS || g->n) return NULL;
    row = ut_calloc(UT_AGREEMENT_COMPOUNDS, sizeof *row);
    if (!row) {
        *failed = 1;
        return NULL;
    }
    g->row_rating[g->n_rows] = rating;
    g->row_counts[g->n_rows++] = row;
    return row;
}

/* Adds `count` reviews with the pair; `*fresh` (optional) says whether the
 * pair was new. */
static int add_pair(ut_agreement *g, int64_t compound, int64_t rating, uint64_t count, int *fresh) {
    int failed;
    uint64_t *row = compound >= -10000 && compound <= 10000 ? dense_row(g, rating, &failed) : NULL;
    if (row) {
        uint64_t *c = &row[compound + 10000];
        if (fresh) *fresh = *c == 0;
        g->n_dense += *c == 0;
        *c += count;
        return 0;
    }
    if (failed) return UT_ENOMEM;
    const uint64_t key = pair_key(compound, rating);
    const pair_probe probe = {g, compound, rating};
    const uint32_t at = ut_keymap_get(&g->index, key, same_pair, &probe);
    if (fresh) *fresh = at == UINT32_MAX;
    if (at != UINT32_MAX) {
        g->cells[at].count += count;
        return 0;
    }
    if (g->n == g->cap) {
        const uint32_t cap = g->cap ? g->cap * 2 : 64;
        ut_agreement_cell *cells = ut_realloc(g->cells, (size_t)cap * sizeof *cells);
        if (!cells) return UT_ENOMEM;
        g->cells = cells;
        g->cap = cap;
    }
    if (ut_keymap_put(&g->index, key, g->n)) return UT_ENOMEM;
    g->cells[g->n++] = (ut_agreement_cell){compound, rating, count};
    return 0;
}

void ut_agreement_prefetch(const ut_agreement *g, double compound, double rating) {
    const int64_t c = printed_compound(compound);
    const uint64_t *row = c >= -10000 && c <= 10000 ? row_of(g, fixed_rating(rating)) : NULL;
    if (row) __builtin_prefetch(&row[c + 10000], 1);
}

int ut_agreement_add(ut_agreement *g, double compound, double rating) {
    return add_pair(g, printed_compound(compound), fixed_rating(rating), 1, NULL);
}

int ut_agreement_merge(ut_agreement *into, const ut_agreement *from) {
    for (uint32_t r = 0; r < from->n_rows; r++) {
        const uint64_t *f = from->row_counts[r];
        int failed;
        uint64_t *row = dense_row(into, from->row_rating[r], &failed);
        if (failed) return UT_ENOMEM;
        if (row) { /* row into row: one pass, no lookup */
            for (uint32_t i = 0; i < UT_AGREEMENT_COMPOUNDS; i++) {
                into->n_dense += f[i] && !row[i];
                row[i] += f[i];
            }
            continue;
        }
        for (int64_t i = 0; i < UT_AGREEMENT_COMPOUNDS; i++) {
            int rc = f[i] ? add_pair(into, i - 10000, from->row_rating[r], f[i], NULL) : 0;
            if (rc) return rc;
        }
    }
    for (uint32_t i = 0; i < from->n; i++) {
        const ut_agreement_cell *c = &from->cells[i];
        int rc = add_pair(into, c->compound, c->rating, c->count, NULL);
        if (rc) return rc;
    }
    return 0;
}

/* A signed key as an unsigned one in the same order. */
static inline uint64_t ordered(int64_t v) {
    return (uint64_t)v ^ 0x8000000000000000ull;
}

/* Sorts cells by (compound, rating), or by (rating, compound) with
 * `rating_first`, in a few linear passes: an LSD radix sort, the minor
 * key's first. Keys within 65,536 of each other (a printed compound, a
 * rating x 100) take one counting pass; wider ones 16-bit digits, a digit
 * every cell shares skipped. The summary runs it at the end of a run,
 * where three qsorts of up to a few hundred thousand cells were 1.5% of a
 * -j2 run. Returns 0 or UT_ENOMEM. */
static int sort_cells(ut_agreement_cell *c, uint32_t n, int rating_first) {
    if (n < 2) return 0;
    ut_agreement_cell *tmp = ut_malloc((size_t)n * sizeof *tmp);
    uint32_t *count = ut_malloc(65537 * sizeof *count);
    if (!tmp || !count) {
        free(tmp), free(count);
        return UT_ENOMEM;
    }
    ut_agreement_cell *from = c, *to = tmp;
    for (int k = 0; k < 2; k++) {
        const int by_rating = k == 0 ? !rating_first : rating_first; /* the minor key first */
        /* keys within 65,536 of each other (a printed compound always is:
         * -10^4..10^4) take one counting pass on their offset from the least */
        uint64_t lo = UINT64_MAX, hi = 0;
        for (uint32_t i = 0; i < n; i++) {
            const uint64_t key = ordered(by_rating ? from[i].rating : from[i].compound);
            lo = key < lo ? key : lo;
            hi = key > hi ? key : hi;
        }
        if (hi - lo < 65536) {
            if (hi == lo) continue;
            memset(count, 0, 65537 * sizeof *count);
            for (uint32_t i = 0; i < n; i++)
                count[1 + (ordered(by_rating ? from[i].rating : from[i].compound) - lo)]++;
            for (uint32_t d = 1; d <= 65536; d++)
                count[d] += count[d - 1];
            for (uint32_t i = 0; i < n; i++)
                to[count[ordered(by_rating ? from[i].rating : from[i].compound) - lo]++] = from[i];
            ut_agreement_cell *t = from;
            from = to, to = t;
            continue;
        }
        for (int shift = 0; shift < 64; shift += 16) {
            memset(count, 0, 65537 * sizeof *count);
            for (uint32_t i = 0; i < n; i++)
                count[1 + ((ordered(by_rating ? from[i].rating : from[i].compound) >> shift) & 0xffff)]++;
            int one_digit = 0;
            for (uint32_t d = 1; d <= 65536 && !one_digit; d++)
                one_digit = count[d] == n;
            if (one_digit) continue;
            for (uint32_t d = 1; d <= 65536; d++)
                count[d] += count[d - 1];
            for (uint32_t i = 0; i < n; i++)
                to[count[(ordered(by_rating ? from[i].rating : from[i].compound) >> shift) & 0xffff]++] = from[i];
            ut_agreement_cell *t = from;
            from = to, to = t;
        }
    }
    if (from != c) memcpy(c, from, (size_t)n * sizeof *c);
    free(tmp), free(count);
    return 0;
}

/* Every pair, dense and hashed, sorted by (compound, rating): the order
 * every output is computed in, whatever order the reviews came in. NULL
 * when empty or out of memory (`*failed` tells which); `*n` pairs. */
static ut_agreement_cell *sorted_copy(const ut_agreement *g, uint32_t *n, int *failed) {
    *failed = 0;
    *n = g->n_dense + g->n;
    if (!*n) return NULL;
    ut_agreement_cell *c = ut_malloc((size_t)*n * sizeof *c);
    if (!c) {
        *failed = 1;
        return NULL;
    }
    uint32_t k = 0;
    for (uint32_t r = 0; r < g->n_rows; r++)
        for (int64_t i = 0; i < UT_AGREEMENT_COMPOUNDS; i++)
            if (g->row_counts[r][i]) c[k++] = (ut_agreement_cell){i - 10000, g->row_rating[r], g->row_counts[r][i]};
    if (g->n) memcpy(c + k, g->cells, (size_t)g->n * sizeof *c);
    if (sort_cells(c, *n, 0)) {
        free(c);
        *failed = 1;
        return NULL;
    }
    return c;
}

static void put_u64(ut_buf *b, uint64_t v) {
    unsigned char x[8];
    for (int i = 0; i < 8; i++)
        x[i] = (unsigned char)(v >> (8 * i));
    ut_buf_append(b, x, 8);
}

void ut_agreement_save(const ut_agreement *g, ut_buf *out) {
    int failed;
    uint32_t n_cells;
    ut_agreement_cell *c = sorted_copy(g, &n_cells, &failed);
    if (failed) {
        out->failed = 1; /* the caller reports the buffer's failure as UT_ENOMEM */
        return;
    }
    const unsigned char n[4] = {(unsigned char)n_cells, (unsigned char)(n_cells >> 8), (unsigned char)(n_cells >> 16),
                                (unsigned char)(n_cells >> 24)};
    ut_buf_append(out, n, 4);
    for (uint32_t i = 0; i < n_cells; i++) {
        put_u64(out, (uint64_t)c[i].compound);
        put_u64(out, (uint64_t)c[i].rating);
        put_u64(out, c[i].count);
    }
    free(c);
}

static uint64_t get_u64(const unsigned char *p) {
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

int ut_agreement_load(ut_agreement *g, const unsigned char *p, size_t len, size_t *used) {
    *used = 0;
    if (len < 4) return UT_ECORRUPT;
    const uint32_t n = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
    if ((uint64_t)n * CELL_BYTES > len - 4) return UT_ECORRUPT; /* checked before anything is allocated */
    for (uint32_t i = 0; i < n; i++) {
        const unsigned char *q = p + 4 + (size_t)i * CELL_BYTES;
        const int64_t compound = (int64_t)get_u64(q), rating = (int64_t)get_u64(q + 8);
        const uint64_t count = get_u64(q + 16);
        /* no corpus has 2^48 reviews: a larger count is a corrupt file */
        if (count == 0 || count > (UINT64_C(1) << 48) || compound < -10000 || compound > 10000) return UT_ECORRUPT;
        int fresh;
        int rc = add_pair(g, compound, rating, count, &fresh);
        if (rc) return rc;
        if (!fresh) return UT_ECORRUPT;
    }
    *used = 4 + (size_t)n * CELL_BYTES;
    return 0;
}

/* The scale the ratings are on, from the largest one seen: 1-5, 1-10 or
 * 0-100 (x 100, as the table keeps them). */
static void rating_scale(const ut_agreement_cell *c, uint32_t n, int64_t *low, int64_t *high) {
    int64_t max = c[0].rating;
    for (uint32_t i = 1; i < n; i++)
        if (c[i].rating > max) max = c[i].rating;
    if (max <= 500) {
        *low = 100;
        *high = 500;
    } else if (max <= 1000) {
        *low = 100;
        *high = 1000;
    } else {
        *low = 0;
        *high = 10000;
    }
}

/* Midrank of every cell along the current order of `c` by `key`: the ties
 * (cells with the same key) share the mean of the ranks they span. */
static void midranks(const ut_agreement_cell *c, uint32_t n, int by_rating, double *rank) {
    uint64_t before = 0;
    for (uint32_t i = 0; i < n;) {
        const int64_t k = by_rating ? c[i].rating : c[i].compound;
        uint64_t tied = 0;
        uint32_t j = i;
        for (; j < n && (by_rating ? c[j].rating : c[j].compound) == k; j++)
            tied += c[j].count;
        const double mid = (double)before + ((double)tied + 1.0) / 2.0;
        for (; i < j; i++)
            rank[i] = mid;
        before += tied;
    }
}

/* Spearman's rho as the Pearson correlation of the midranks, accumulated
 * in (compound, rating) order so the result does not depend on arrival.
 * `c` is sorted by (compound, rating), `byr` holds the same cells by
 * (rating, compound). A cell's rating rank is its rating's midrank: found
 * among the few distinct ratings, not among the cells. */
static int spearman(const ut_agreement_cell *c, const ut_agreement_cell *byr, uint32_t n, uint64_t total, double *rho) {
    double *rank_c = ut_malloc((size_t)n * sizeof *rank_c);
    int64_t *level = ut_malloc((size_t)n * sizeof *level);
    double *level_rank = ut_malloc((size_t)n * sizeof *level_rank);
    int rc = UT_ENOMEM;
    if (!rank_c || !level || !level_rank) goto done;
    midranks(c, n, 0, rank_c);
    /* one rank per rating value: byr's midranks, kept at each value's first cell */
    midranks(byr, n, 1, level_rank);
    uint32_t n_levels = 0;
    for (uint32_t i = 0; i < n; i++)
        if (i == 0 || byr[i].rating != byr[i - 1].rating) {
            level[n_levels] = byr[i].rating;
            level_rank[n_levels++] = level_rank[i];
        }
    const double mean = ((double)total + 1.0) / 2.0;
    double sxy = 0, sxx = 0, syy = 0;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t lo = 0, hi = n_levels;
        while (lo < hi) {
            const uint32_t mid = lo + (hi - lo) / 2;
            if (level[mid] < c[i].rating)
                lo = mid + 1;
            else
                hi = mid;
        }
        const double w = (double)c[i].count, dx = rank_c[i] - mean, dy = level_rank[lo] - mean;
        sxy += w * dx * dy;
        sxx += w * dx * dx;
        syy += w * dy * dy;
    }
    rc = 0;
    *rho = sxx > 0 && syy > 0 ? sxy / sqrt(sxx * syy) : NAN;
done:
    free(rank_c);
    free(level);
    free(level_rank);
    return rc;
}

int ut_agreement_summarize(const ut_agreement *g, ut_agreement_summary *out) {
    memset(out, 0, sizeof *out);
    int failed;
    uint32_t n;
    ut_agreement_cell *c = sorted_copy(g, &n, &failed);
    if (failed) return UT_ENOMEM;
    if (!c) return 0;
    int64_t low, high;
    rating_scale(c, n, &low, &high);
    out->scale_low = (double)low / RATING_SCALE;
    out->scale_high = (double)high / RATING_SCALE;
    /* bottom third: 3 r <= 3 low + (high - low); top third: 3 r >= 3 high - (high - low),
     * in integers so a rating on the boundary (4 of 1-10) is never a rounding question */
    const int64_t span = high - low;
    for (uint32_t i = 0; i < n; i++) {
        out->rated += c[i].count;
        if (3 * c[i].rating <= 3 * low + span) {
            out->complaints += c[i].count;
            if (c[i].compound < 0) out->complaints_right += c[i].count;
        } else if (3 * c[i].rating >= 3 * high - span) {
            out->praise += c[i].count;
            if (c[i].compound > 0) out->praise_right += c[i].count;
        }
    }
    if (out->complaints) out->complaint_recall = (double)out->complaints_right / (double)out->complaints;
    if (out->praise) out->praise_recall = (double)out->praise_right / (double)out->praise;
    if (out->complaints && out->praise) {
        out->has_balanced = 1;
        out->balanced_accuracy = (out->complaint_recall + out->praise_recall) / 2;
    }
    /* the same cells by (rating, compound): for the rating ranks and the
     * mean compound per rating value, ascending */
    ut_agreement_cell *byr = ut_malloc((size_t)n * sizeof *byr);
    int rc = byr ? 0 : UT_ENOMEM;
    if (!rc) {
        memcpy(byr, c, (size_t)n * sizeof *byr);
        rc = sort_cells(byr, n, 1);
    }
    double rho = NAN;
    if (!rc && out->rated >= 2) rc = spearman(c, byr, n, out->rated, &rho);
    if (!rc && isfinite(rho)) {
        out->has_spearman = 1;
        out->spearman = rho;
    }
    free(c);
    c = byr;
    if (!rc) {
        for (uint32_t i = 0; i < n;) {
            uint32_t j = i;
            uint64_t reviews = 0;
            /* in double: exact while the sum stays below 2^53 (about 10^11
             * reviews at full compound), and no overflow on any count */
            double sum = 0;
            for (; j < n && c[j].rating == c[i].rating; j++) {
                reviews += c[j].count;
                sum += (double)c[j].compound * (double)c[j].count;
            }
            if (out->n_levels == UT_AGREEMENT_MAX_LEVELS) {
                out->levels_truncated = 1;
                out->n_levels = 0;
                break;
            }
            ut_agreement_level *l = &out->levels[out->n_levels++];
            l->rating = (double)c[i].rating / RATING_SCALE;
            l->reviews = reviews;
            l->mean_compound = sum / COMPOUND_SCALE / (double)reviews;
            i = j;
        }
    }
    free(c);
    return rc;
}

/* A figure with `decimals`, or `none` ("null", "n/a") when it has no value. */
static void put_opt(ut_buf *b, int has, double v, int decimals, const char *none) {
    if (has)
        ut_buf_put_fixed(b, v, decimals);
    else
        ut_buf_puts(b, none);
}

/* A rating as written: "4" or "4.5" (at most 2 decimals, as kept). */
static void put_rating(ut_buf *b, double r) {
    const int64_t x = (int64_t)llround(r * RATING_SCALE);
    ut_buf_put_fixed(b, r, x % 100 == 0 ? 0 : x % 10 == 0 ? 1 : 2);
}

void ut_agreement_json(const ut_agreement_summary *s, ut_buf *b) {
    if (!s->rated) {
        ut_buf_puts(b, "null");
        return;
    }
    ut_buf_puts(b, "{\"rated_reviews\": ");
    ut_buf_put_i64(b, (int64_t)s->rated);
    ut_buf_puts(b, ", \"scale\": [");
    put_rating(b, s->scale_low);
    ut_buf_puts(b, ", ");
    put_rating(b, s->scale_high);
    ut_buf_puts(b, "], \"complaints\": ");
    ut_buf_put_i64(b, (int64_t)s->complaints);
    ut_buf_puts(b, ", \"praise\": ");
    ut_buf_put_i64(b, (int64_t)s->praise);
    ut_buf_puts(b, ", \"balanced_accuracy\": ");
    put_opt(b, s->has_balanced, s->balanced_accuracy, 4, "null");
    ut_buf_puts(b, ", \"complaint_recall\": ");
    put_opt(b, s->complaints > 0, s->complaint_recall, 4, "null");
    ut_buf_puts(b, ", \"praise_recall\": ");
    put_opt(b, s->praise > 0, s->praise_recall, 4, "null");
    ut_buf_puts(b, ", \"spearman\": ");
    put_opt(b, s->has_spearman, s->spearman, 4, "null");
    ut_buf_puts(b, ", \"mean_compound_by_rating\": ");
    if (s->levels_truncated) {
        ut_buf_puts(b, "null}");
        return;
    }
    ut_buf_putc(b, '{');
    for (size_t i = 0; i < s->n_levels; i++) {
        if (i) ut_buf_puts(b, ", ");
        ut_buf_putc(b, '"');
        put_rating(b, s->levels[i].rating);
        ut_buf_puts(b, "\": {\"reviews\": ");
        ut_buf_put_i64(b, (int64_t)s->levels[i].reviews);
        ut_buf_puts(b, ", \"mean_compound\": ");
        ut_buf_put_fixed(b, s->levels[i].mean_compound, 4);
        ut_buf_putc(b, '}');
    }
    ut_buf_puts(b, "}}");
}

void ut_agreement_console(const ut_agreement_summary *s, ut_buf *b) {
    if (!s->rated) return;
    ut_buf_puts(b, "agreement with the ratings (");
    put_rating(b, s->scale_low);
    ut_buf_putc(b, '-');
    put_rating(b, s->scale_high);
    ut_buf_printf(b, " scale, %llu rated): balanced accuracy ", (unsigned long long)s->rated);
    put_opt(b, s->has_balanced, s->balanced_accuracy, 3, "n/a");
    ut_buf_puts(b, ", complaint recall ");
    put_opt(b, s->complaints > 0, s->complaint_recall, 3, "n/a");
    ut_buf_puts(b, ", Spearman ");
    put_opt(b, s->has_spearman, s->spearman, 3, "n/a");
    ut_buf_putc(b, '\n');
}
