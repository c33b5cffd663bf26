/* suggest_rank.c — from the counts of suggest.c to candidate themes: the
 * candidates, their grouping by co-occurrence, the ranking and the file
 * (the method is described atop suggest.c and in docs/themes.md).
 *
 * The idea: everything here reads exact integer counts and breaks every tie
 * on text or rank, so the file depends on the counts alone. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/common.h"
#include "aggregate/suggest_internal.h"

#define MAX_CANDIDATES 200
#define MAX_TERMS 12
#define MAX_GROUPS 25
#define MIN_LIFT 2.0
#define JOIN_SHARE 0.5

/* ---- building the candidates --------------------------------------------- */

typedef struct candidate {
    uint32_t unit;
    double lift, score;
    const char *text; /* the unit's, for ties */
} candidate;

typedef struct group {
    uint32_t head;             /* index into the candidates */
    int words;                 /* distinct words over its terms, counted up to 2 */
    uint32_t terms[MAX_TERMS]; /* candidates, the head first */
    int n_terms;
    uint64_t coverage;
} group;

static int cmp_candidate(const void *a, const void *b) {
    const candidate *x = a, *y = b;
    if (x->score != y->score) return x->score > y->score ? -1 : 1;
    return strcmp(x->text, y->text);
}

static uint64_t background_of(const ut_suggest *s, uint64_t word_hash) {
    uint32_t k = ut_suggest_table_get(&s->word_index, word_hash);
    return k == UINT32_MAX ? 0 : s->words[k].clauses;
}

/* Candidate units, best first, into out (at most MAX_CANDIDATES); sets *n_out.
 * Returns 0 or UT_ENOMEM. */
static int pick_candidates(const ut_suggest *s, candidate *out, size_t *n_out, uint64_t min_support) {
    size_t n = 0, cap = 0;
    *n_out = 0;
    candidate *all = NULL;
    for (size_t i = 0; i < s->n_units; i++) {
        const unit *u = &s->units[i];
        if (u->reviews < min_support) continue;
        uint64_t bg = background_of(s, u->word_hash[0]);
        if (u->word_hash[1]) bg = UT_MIN(bg, background_of(s, u->word_hash[1]));
        if (bg < u->clauses) bg = u->clauses;
        double lift = ((double)u->clauses / (double)s->complaint_clauses) / ((double)bg / (double)s->clauses);
        if (lift < MIN_LIFT) continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 256;
            candidate *c = ut_realloc(all, cap * sizeof *c);
            if (!c) {
                free(all);
                return UT_ENOMEM;
            }
            all = c;
        }
        all[n++] = (candidate){(uint32_t)i, lift, (double)u->reviews * log(lift), u->text};
    }
    if (n) qsort(all, n, sizeof *all, cmp_candidate);
    n = UT_MIN(n, (size_t)MAX_CANDIDATES);
    if (n) memcpy(out, all, n * sizeof *out);
    free(all);
    *n_out = n;
    return 0;
}

/* The candidates listed review k holds (indexes into the candidates; each
 * at most once, since a review lists a unit once), into hit; returns how many. */
static size_t review_candidates(const ut_suggest *s, const index_table *cand_index, size_t k, uint32_t *hit) {
    size_t n = 0;
    for (size_t j = s->review_start[k]; j < s->review_start[k + 1]; j++) {
        uint32_t c = ut_suggest_table_get(cand_index, s->review_units[j]);
        if (c != UINT32_MAX) hit[n++] = c;
    }
    return n;
}

static int cmp_group(const void *a, const void *b) {
    const group *x = a, *y = b;
    if (x->words != y->words) return x->words > y->words ? -1 : 1;
    if (x->coverage != y->coverage) return x->coverage > y->coverage ? -1 : 1;
    return x->head < y->head ? -1 : x->head > y->head; /* the better-ranked head first */
}

static void put_name(ut_buf *b, const char *text) {
    for (const char *p = text; *p; p++)
        ut_buf_putc(b, *p == '/' ? '-' : *p); /* "/" would make a hierarchy */
}

static void write_groups(ut_buf *b, const ut_suggest *s, const ut_themes *th, const candidate *cands,
                         const group *groups, size_t n_groups) {
    for (size_t g = 0; g < n_groups; g++) {
        const group *gr = &groups[g];
        const unit *head = &s->units[cands[gr->head].unit];
        ut_buf name = UT_BUF_INIT;
        put_name(&name, head->text);
        if (name.data && ut_themes_find_id(th, name.data) >= 0) ut_buf_puts(&name, " (new)");
        const char *nm = name.data && !name.failed ? name.data : "";
        ut_buf_printf(b,
                      "\n# %zu. %s: %llu complaining reviews (%.1f%% of %llu), lift %.1f\n#    terms (reviews):", g + 1,
                      nm, (unsigned long long)gr->coverage, 100.0 * (double)gr->coverage / (double)s->complaining,
                      (unsigned long long)s->complaining, cands[gr->head].lift);
        for (int t = 0; t < gr->n_terms; t++) {
            const unit *u = &s->units[cands[gr->terms[t]].unit];
            ut_buf_printf(b, "%s %s %llu", t ? "," : "", u->text, (unsigned long long)u->reviews);
        }
        ut_buf_putc(b, '\n');
        for (int q = 0; q < QUOTES && head->quotes[q].record_no; q++)
            ut_buf_printf(b, "#    %s: \"%s\"\n", head->quotes[q].id, head->quotes[q].text);
        for (int t = 0; t < gr->n_terms; t++)
            ut_buf_printf(b, "%s\t%s\n", nm, s->units[cands[gr->terms[t]].unit].text);
        ut_buf_free(&name);
    }
}

int ut_suggest_format(char **out, size_t *out_len, const ut_suggest *s, const ut_themes *th) {
    *out = NULL;
    *out_len = 0;
    int err = 0;
    ut_buf b = UT_BUF_INIT;
    candidate *cands = ut_calloc(MAX_CANDIDATES, sizeof *cands);
    uint32_t *co = ut_calloc((size_t)MAX_CANDIDATES * MAX_CANDIDATES, sizeof *co);
    uint32_t *hit = ut_calloc(MAX_CANDIDATES, sizeof *hit);
    group *groups = ut_calloc(MAX_CANDIDATES, sizeof *groups);
    int *group_of = ut_calloc(MAX_CANDIDATES, sizeof *group_of);
    uint64_t *seen = ut_calloc(MAX_CANDIDATES, sizeof *seen);
    index_table cand_index = {0};
    if (!cands || !co || !hit || !groups || !group_of || !seen || ut_suggest_table_init(&cand_index, 2 * 512)) {
        err = UT_ENOMEM;
        goto cleanup;
    }
    /* At least 5 reviews, and 2 in 1,000 complaining reviews: a theme worth
     * adding names a complaint more than a handful of people made. */
    uint64_t min_support = UT_MAX((uint64_t)5, (s->complaining * 2 + 999) / 1000);
    size_t n = 0;
    if (s->complaining && (err = pick_candidates(s, cands, &n, min_support))) goto cleanup;
    for (size_t i = 0; i < n; i++)
        if ((err = ut_suggest_table_put(&cand_index, s->units[cands[i].unit].hash, (uint32_t)i))) goto cleanup;
    /* co-occurrence of candidates in the same complaining review */
    for (size_t k = 0; k < s->n_reviews_listed; k++) {
        size_t m = review_candidates(s, &cand_index, k, hit);
        for (size_t a = 0; a < m; a++)
            for (size_t c = a + 1; c < m; c++) {
                co[(size_t)hit[a] * MAX_CANDIDATES + hit[c]]++;
                co[(size_t)hit[c] * MAX_CANDIDATES + hit[a]]++;
            }
    }
    /* greedy grouping around the best ungrouped candidate */
    size_t n_groups = 0;
    for (size_t i = 0; i < n; i++)
        group_of[i] = -1;
    for (size_t i = 0; i < n; i++) {
        if (group_of[i] >= 0) continue;
        group *gr = &groups[n_groups];
        gr->head = (uint32_t)i;
        gr->terms[gr->n_terms++] = (uint32_t)i;
        group_of[i] = (int)n_groups;
        const uint64_t df_i = s->units[cands[i].unit].reviews;
        for (size_t j = i + 1; j < n && gr->n_terms < MAX_TERMS; j++) {
            if (group_of[j] >= 0) continue;
            const uint64_t df_j = s->units[cands[j].unit].reviews;
            if ((double)co[i * MAX_CANDIDATES + j] >= JOIN_SHARE * (double)UT_MIN(df_i, df_j)) {
                gr->terms[gr->n_terms++] = (uint32_t)j;
                group_of[j] = (int)n_groups;
            }
        }
        /* A complaint about a thing names the thing and what went wrong
         * with it ("zorblax", "hinge"): a group of two or more words is a
         * subject; a lone word ("frankly", "school") is more often a figure
         * of speech, so such groups rank after every group of two words. */
        gr->words = 1;
        for (int t = 0; t < gr->n_terms; t++) {
            const unit *u = &s->units[cands[gr->terms[t]].unit];
            if (u->word_hash[1] || u->word_hash[0] != s->units[cands[i].unit].word_hash[0]) gr->words = 2;
        }
        n_groups++;
    }
    /* coverage: complaining reviews holding any term of the group */
    for (size_t k = 0; k < s->n_reviews_listed; k++) {
        size_t m = review_candidates(s, &cand_index, k, hit);
        for (size_t a = 0; a < m; a++) {
            int g = group_of[hit[a]];
            if (seen[g] != k + 1) {
                seen[g] = k + 1;
                groups[g].coverage++;
            }
        }
    }
    if (n_groups) qsort(groups, n_groups, sizeof *groups, cmp_group);
    size_t shown = 0;
    while (shown < n_groups && shown < MAX_GROUPS && groups[shown].coverage >= min_support)
        shown++;

    ut_buf_printf(&b,
                  "# undertone analyze --suggest-themes: candidate themes for complaints that no theme covers.\n"
                  "# %llu reviews; %llu have a negative clause that matched no theme. %zu candidates, each a group of\n"
                  "# words over-represented in those clauses (lift: how many times more often than in clauses at\n"
                  "# large) that occur in the same reviews, ranked by the complaining reviews they cover; quotes\n"
                  "# are the lowest-numbered. Edit (rename, drop terms or candidates), then load with --themes.\n"
                  "theme\tterm\n",
                  (unsigned long long)s->reviews, (unsigned long long)s->complaining, shown);
    write_groups(&b, s, th, cands, groups, shown);
    if (b.failed) {
        err = UT_ENOMEM;
        goto cleanup;
    }
    *out = b.data;
    *out_len = b.len;
    b.data = NULL;
cleanup:
    ut_buf_free(&b);
    free(cands);
    free(co);
    free(hit);
    free(groups);
    free(group_of);
    free(seen);
    ut_suggest_table_free(&cand_index);
    return err;
}
