/* bench_aggregate.c — how fast ut_aggregate_add takes reviews, alone (no
 * parsing, tokenizing or scoring), so the aggregation's share of the per
 * core budget is known. Synthetic reviews: ~90 word tokens in 12 clauses,
 * 3 theme mentions (a quarter negative), one --group field with 1000
 * values (0: no --group), a date bucket.
 * Usage: bench_aggregate [reviews] [phrase_budget] [group_values] [no_phrases] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "aggregate/aggregate.h"
#include "util/hash.h"

static const char *const words[] = {"the",   "staff", "was",       "rude",  "and",   "food",  "arrived",
                                    "cold",  "price", "too",       "high",  "great", "room",  "clean",
                                    "check", "in",    "slow",      "very",  "nice",  "wifi",  "broken",
                                    "would", "not",   "recommend", "value", "for",   "money", "location"};

static void make_tokens(ut_tokens *t, uint32_t seed) {
    enum { N = 90, CLAUSES = 12 };
    t->n_tok = N;
    t->n_clause = CLAUSES;
    t->n_sent = 6;
    t->norm_len = 0;
    for (uint32_t i = 0; i < N; i++) {
        seed = seed * 1664525u + 1013904223u;
        const char *w = words[(seed >> 8) % (sizeof words / sizeof words[0])];
        size_t len = strlen(w);
        ut_token *tok = &t->tok[i];
        memset(tok, 0, sizeof *tok);
        tok->norm_off = (uint32_t)t->norm_len;
        tok->norm_len = (uint16_t)len;
        memcpy(t->norm + t->norm_len, w, len + 1);
        t->norm_len += len + 1;
        tok->hash = ut_hash_bytes(w, len);
        tok->kind = UT_TOK_WORD;
        tok->clause = i * CLAUSES / N;
        tok->sentence = tok->clause / 2;
    }
    for (uint32_t c = 0; c < CLAUSES; c++)
        t->clause[c] = (ut_clause){c * N / CLAUSES, (c + 1) * N / CLAUSES, c / 2, 0};
}

int main(int argc, char **argv) {
    uint32_t reviews = argc > 1 ? (uint32_t)atol(argv[1]) : 200000;
    static const char *const names[] = {"other", "service", "service/staff", "food", "price", "room", "wifi"};
    static const int32_t parents[] = {-1, -1, 1, -1, -1, -1, -1};
    ut_aggregate_config cfg = {0};
    cfg.theme_names = names;
    cfg.theme_parents = parents;
    cfg.n_themes = 7;
    uint32_t group_values = argc > 3 ? (uint32_t)atol(argv[3]) : 1000;
    cfg.n_groups = group_values ? 1 : 0;
    cfg.group_names[0] = "hotel";
    cfg.bucket = UT_BUCKET_WEEK;
    cfg.phrase_budget = argc > 2 ? (size_t)atol(argv[2]) : 0;
    cfg.no_phrases = argc > 4 ? atoi(argv[4]) : 0;
    ut_aggregate *a;
    if (ut_aggregate_new_plain(&a, &cfg)) return 1;
    /* token sets made before timing, so only the aggregate is measured */
    enum { SETS = 4096 };
    ut_tokens *sets = calloc(SETS, sizeof *sets);
    for (uint32_t k = 0; k < SETS; k++) {
        ut_tokens *t = &sets[k];
        t->tok = calloc(90, sizeof *t->tok);
        t->clause = calloc(12, sizeof *t->clause);
        t->sent = calloc(6, sizeof *t->sent);
        t->norm = malloc(90 * 16);
        make_tokens(t, k * 2654435761u);
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (uint32_t i = 0; i < reviews; i++) {
        const ut_tokens *tokens = &sets[i % SETS];
        char id[16], group[16];
        snprintf(id, sizeof id, "%u", i);
        snprintf(group, sizeof group, "h%u", group_values ? (i * 7919u) % group_values : 0);
        ut_theme_mention m[3];
        for (uint32_t k = 0; k < 3; k++) {
            uint32_t h = (i * 31 + k * 17) * 2654435761u;
            m[k] = (ut_theme_mention){1 + (h >> 8) % 6, 0, 0, (h >> 4) % 12, 0, (h >> 20) % 4 == 0 ? -0.6f : 0.4f};
        }
        ut_field_value g = {group, strlen(group), 1};
        ut_review_facts f = {.id = id,
                             .id_len = strlen(id),
                             .record_no = i + 1,
                             .has_date = 1,
                             .day = 19000 + (int32_t)(i % 365),
                             .groups = &g,
                             .n_groups = cfg.n_groups,
                             .mentions = m,
                             .n_mentions = 3,
                             .tokens = tokens};
        f.sentiment.compound = m[0].score;
        if (ut_aggregate_add(a, &f)) return 1;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double add_s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    ut_buf b = UT_BUF_INIT;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    ut_aggregate_console_summary(a, &b, 3);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double sum_s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    struct timespec c;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c);
    printf("%u reviews added in %.3f s: %.0f reviews/s (%.0f ns/review); summary in %.3f s; process CPU %.3f s\n",
           reviews, add_s, reviews / add_s, add_s * 1e9 / reviews, sum_s, (double)c.tv_sec + (double)c.tv_nsec / 1e9);
    ut_buf_free(&b);
    ut_aggregate_free(a);
    for (uint32_t k = 0; k < SETS; k++)
        free(sets[k].tok), free(sets[k].clause), free(sets[k].sent), free(sets[k].norm);
    free(sets);
    return 0;
}
