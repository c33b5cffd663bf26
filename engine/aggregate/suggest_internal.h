/* suggest_internal.h — the collector of --suggest-themes, shared by
 * suggest.c (collecting and merging counts) and suggest_rank.c (turning
 * them into candidate themes). Not part of the public API. */
#ifndef UT_SUGGEST_INTERNAL_H
#define UT_SUGGEST_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "aggregate/suggest.h"

#define QUOTES 3
#define QUOTE_MAX 160
#define ID_MAX 64
#define GENERIC_SLOTS 1024 /* power of two, over twice the generic words */

typedef struct quote {
    uint64_t record_no; /* 0: empty */
    char *id, *text;    /* owned */
} quote;

typedef struct unit {
    uint64_t hash;
    uint64_t word_hash[2]; /* its words' hashes (a single word: [1] = 0) */
    uint64_t reviews;      /* complaining reviews holding it */
    uint64_t clauses;      /* complaint clauses holding it */
    uint64_t last_record;  /* the review that counted it last (once per review) */
    uint64_t last_clause;  /* the clause that counted it last (once per clause) */
    char *text;            /* owned: "zorblax" or "zorblax hinge" */
    quote quotes[QUOTES];  /* the lowest record numbers first */
} unit;

typedef struct word_count {
    uint64_t hash, clauses, last_clause;
} word_count;

/* Open addressing from a 64-bit hash to an index into an entry array. */
typedef struct index_table {
    uint64_t *keys;
    uint32_t *idx; /* UINT32_MAX: empty */
    size_t mask, used;
} index_table;

struct ut_suggest {
    uint64_t reviews;                /* all reviews counted */
    uint64_t complaining;            /* reviews with a negative clause without a theme */
    uint64_t clauses;                /* all clauses counted; also the clause stamp */
    uint64_t complaint_clauses;      /* negative clauses without a theme */
    uint64_t generic[GENERIC_SLOTS]; /* hashes of generic_words (0: empty slot) */
    word_count *words;               /* background */
    size_t n_words, cap_words;
    index_table word_index;
    unit *units;
    size_t n_units, cap_units;
    index_table unit_index;
    /* per complaining review, its units' hashes: review k's are
     * review_units[review_start[k] .. review_start[k+1]) */
    uint64_t *review_units;
    size_t n_review_units, cap_review_units;
    size_t *review_start;
    size_t n_reviews_listed, cap_reviews_listed;
};

/* The index table (suggest.c): ut_suggest_table_get returns UINT32_MAX for
 * a key not present; put inserts an absent key. Return 0 or UT_ENOMEM. */
int ut_suggest_table_init(index_table *t, size_t slots);
void ut_suggest_table_free(index_table *t);
uint32_t ut_suggest_table_get(const index_table *t, uint64_t key);
int ut_suggest_table_put(index_table *t, uint64_t key, uint32_t value);

#endif
