/* aggregate_fixture.h — a synthetic, deterministic review corpus for the
 * aggregate, state and output tests, built without the tokenizer or the
 * theme module: tokens are made by hand from space-separated words (','
 * opens a clause, '.' a sentence), theme mentions point at clauses.
 *
 * Planted signal: at store "C" the staff theme is negative 80% of the time
 * ("rude", "dismissive"), elsewhere 20% ("slow"). */
#ifndef UT_AGGREGATE_FIXTURE_H
#define UT_AGGREGATE_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aggregate/aggregate.h"
#include "util/hash.h"

static const char *const fx_theme_names[] = {"other", "service", "service/staff", "food", "price"};
static const int32_t fx_theme_parents[] = {-1, -1, 1, -1, -1};
enum { FX_OTHER, FX_SERVICE, FX_STAFF, FX_FOOD, FX_PRICE, FX_THEMES };

/* Fills `t` from text: words split on spaces; ',' ends a clause, '.' a sentence. */
static void fx_tokens(ut_tokens *t, const char *text) {
    size_t len = strlen(text);
    t->n_tok = t->n_sent = t->n_clause = 0;
    t->norm_len = 0;
    if (t->cap_tok < len + 1) {
        t->cap_tok = t->cap_sent = t->cap_clause = (uint32_t)len + 1;
        t->tok = realloc(t->tok, t->cap_tok * sizeof *t->tok);
        t->sent = realloc(t->sent, t->cap_sent * sizeof *t->sent);
        t->clause = realloc(t->clause, t->cap_clause * sizeof *t->clause);
        t->norm_cap = 2 * len + 2;
        t->norm = realloc(t->norm, t->norm_cap);
    }
    int open_sentence = 1, open_clause = 1;
    size_t i = 0;
    while (i < len) {
        char c = text[i];
        if (c == ' ') {
            i++;
            continue;
        }
        if (c == ',' || c == '.') {
            if (c == '.') open_sentence = 1;
            open_clause = 1;
            i++;
            continue;
        }
        size_t start = i;
        while (i < len && text[i] != ' ' && text[i] != ',' && text[i] != '.')
            i++;
        if (open_sentence) {
            if (t->n_sent) t->sent[t->n_sent - 1].tok_end = t->n_tok;
            t->sent[t->n_sent++] = (ut_sentence){t->n_tok, t->n_tok, 0, 0, 0, 0};
        }
        if (open_sentence || open_clause) {
            if (t->n_clause) t->clause[t->n_clause - 1].tok_end = t->n_tok;
            t->clause[t->n_clause++] = (ut_clause){t->n_tok, t->n_tok, t->n_sent - 1, 0};
        }
        ut_token *tok = &t->tok[t->n_tok++];
        memset(tok, 0, sizeof *tok);
        tok->norm_off = (uint32_t)t->norm_len;
        tok->norm_len = (uint16_t)(i - start);
        memcpy(t->norm + t->norm_len, text + start, i - start);
        t->norm_len += i - start;
        t->norm[t->norm_len++] = '\0';
        tok->hash = ut_hash_bytes(text + start, i - start);
        tok->src_off = (uint32_t)start;
        tok->src_len = (uint32_t)(i - start);
        tok->kind = UT_TOK_WORD;
        tok->sentence = t->n_sent - 1;
        tok->clause = t->n_clause - 1;
        open_sentence = open_clause = 0;
    }
    if (t->n_sent) t->sent[t->n_sent - 1].tok_end = t->n_tok;
    if (t->n_clause) t->clause[t->n_clause - 1].tok_end = t->n_tok;
}

static void fx_tokens_free(ut_tokens *t) {
    free(t->tok);
    free(t->sent);
    free(t->clause);
    free(t->norm);
    memset(t, 0, sizeof *t);
}

static int fx_make_config(ut_aggregate_config *cfg, int n_groups, ut_bucket bucket) {
    memset(cfg, 0, sizeof *cfg);
    cfg->theme_names = fx_theme_names;
    cfg->theme_parents = fx_theme_parents;
    cfg->n_themes = FX_THEMES;
    cfg->n_groups = n_groups;
    cfg->group_names[0] = "store";
    cfg->group_names[1] = "country";
    cfg->bucket = bucket;
    cfg->lexicon_fingerprint = 0x1234;
    cfg->themes_fingerprint = 0x5678;
    cfg->lexicons = "builtin,extra.tsv";
    return 0;
}

static uint32_t fx_rand(uint32_t *s) {
    *s = *s * 1664525u + 1013904223u;
    return *s >> 8;
}

/* One clause per mention; review i of the corpus. */
typedef struct fx_review {
    char id[24];
    char text[512];
    ut_theme_mention mentions[4];
    uint32_t n_mentions;
    char store[2];
    const char *country;
    double compound, rating;
    int32_t day;
} fx_review;

static void fx_review_make(fx_review *r, uint32_t i) {
    uint32_t seed = i * 2654435761u + 7;
    memset(r, 0, sizeof *r);
    snprintf(r->id, sizeof r->id, "r%05u", i);
    r->store[0] = "ABCDE"[i % 5];
    r->country = i % 3 == 0 ? "UK" : "US";
    r->day = 19000 + (int32_t)(i % 90);
    uint32_t n = 1 + fx_rand(&seed) % 3;
    double sum = 0;
    size_t at = 0;
    for (uint32_t m = 0; m < n; m++) {
        uint32_t theme = FX_SERVICE + fx_rand(&seed) % 4;
        double p_neg = theme == FX_STAFF && r->store[0] == 'C' ? 0.8 : 0.2;
        int negative = (double)(fx_rand(&seed) % 1000) / 1000.0 < p_neg;
        const char *clause;
        switch (theme) {
        case FX_SERVICE:
            clause = negative ? "service was painfully slow" : "service was quick";
            break;
        case FX_STAFF:
            clause = !negative            ? "the staff was friendly"
                     : r->store[0] == 'C' ? "the staff was rude and dismissive"
                                          : "staff was slow";
            break;
        case FX_FOOD:
            clause = negative ? "food arrived cold" : "food was tasty";
            break;
        default:
            clause = negative ? "way too expensive" : "fair price";
            break;
        }
        at += (size_t)snprintf(r->text + at, sizeof r->text - at, "%s%s", m ? ", " : "", clause);
        float score =
            negative ? -0.3f - (float)(fx_rand(&seed) % 600) / 1000.0f : 0.1f + (float)(fx_rand(&seed) % 800) / 1000.0f;
        r->mentions[r->n_mentions++] = (ut_theme_mention){theme, 0, 0, m, 0, score};
        sum += score;
    }
    if (fx_rand(&seed) % 7 == 0) { /* an untagged complaint */
        at += (size_t)snprintf(r->text + at, sizeof r->text - at, ". never again");
        r->mentions[r->n_mentions++] = (ut_theme_mention){FX_OTHER, 0, 0, n, 1, -0.5f};
        sum -= 0.5;
    }
    r->compound = sum / r->n_mentions;
    r->rating = r->compound < 0 ? 1 + fx_rand(&seed) % 2 : 4 + fx_rand(&seed) % 2;
}

/* Adds reviews [from, to) whose index passes `take` (NULL: all). */
static inline int fx_add_range(ut_aggregate *a, uint32_t from, uint32_t to, int (*take)(uint32_t i, void *ctx),
                               void *ctx) {
    ut_tokens tok = {0};
    int rc = 0;
    for (uint32_t i = from; i < to && !rc; i++) {
        if (take && !take(i, ctx)) continue;
        fx_review r;
        fx_review_make(&r, i);
        fx_tokens(&tok, r.text);
        ut_field_value groups[2] = {{r.store, 1, 1}, {r.country, strlen(r.country), 1}};
        ut_review_facts f = {0};
        f.id = r.id;
        f.id_len = strlen(r.id);
        f.record_no = i + 1;
        f.sentiment.compound = r.compound;
        f.has_rating = 1;
        f.rating = r.rating;
        f.has_date = 1;
        f.day = r.day;
        f.groups = groups;
        f.n_groups = 2;
        f.mentions = r.mentions;
        f.n_mentions = r.n_mentions;
        f.tokens = &tok;
        rc = ut_aggregate_add(a, &f);
    }
    fx_tokens_free(&tok);
    return rc;
}

/* All tables of an aggregate as one string (summary.json without run info
 * included), for byte-for-byte comparisons, the summary built on `threads`
 * threads. Caller frees. */
#include "aggregate/summary.h"
static inline char *fx_render_threads(const ut_aggregate *a, int threads) {
    ut_summary *s;
    if (ut_summary_build_threads(&s, a, threads)) return NULL;
    ut_buf b = UT_BUF_INIT;
    ut_summary_json(s, NULL, &b);
    const ut_table *tables[UT_SUMMARY_MAX_TABLES];
    size_t n = ut_summary_tables(s, tables);
    for (size_t i = 0; i < n; i++) {
        ut_buf_printf(&b, "== %s\n", tables[i]->name);
        ut_summary_table_csv(s, tables[i], &b);
    }
    ut_summary_free(s);
    return b.data;
}

static inline char *fx_render(const ut_aggregate *a) {
    return fx_render_threads(a, 1);
}

/* summary.json names bad-record reasons through the record module
 * (engine/record/record.c, another branch). Until it is linked, a weak stand-in
 * lets these tests run; the real function wins whenever it is present. */
__attribute__((weak)) const char *ut_bad_reason_name(ut_bad_reason reason) {
    static const char *const names[] = {
        "none",       "json_syntax",  "json_too_deep", "json_not_object", "csv_unterminated_quote",
        "csv_syntax", "missing_text", "empty_text",    "too_large",       "bad_rating",
        "bad_date",   "binary"};
    return (unsigned)reason < sizeof names / sizeof names[0] ? names[reason] : "unknown";
}

#endif
