/* lexicon_internal.h — the lexicon's probed table, shared by lexicon.c and
 * the default scorer (score_default.c) only, so the scorer's per-token probe
 * is inlined instead of a call that repeats the key filter and the bounds
 * checks for every token that passes the filter. */
#ifndef UT_LEXICON_INTERNAL_H
#define UT_LEXICON_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "hash.h"
#include "lexicon.h"

enum { UT_LEX_SLOT_USED = 1, UT_LEX_SLOT_VALENCE = 2, UT_LEX_SLOT_EXACT = 4 };

typedef struct ut_lex_slot {
    uint64_t key;
    float valence;     /* (float) of values[].valence: what ut_lexicon_match returns */
    uint8_t flags;
    uint8_t max_words; /* longest term, in words, that starts with this word */
} ut_lex_slot;

/* The exact numbers of a slot, at the same index in ut_lexicon.values. */
typedef struct ut_lex_values {
    double valence;       /* latest entry under this key, any spelling */
    double exact_valence; /* latest entry spelled in normal form (VADER look-up) */
} ut_lex_values;

typedef struct ut_lex_emoji_slot {
    uint32_t codepoint; /* 0: empty */
    uint32_t desc_off;  /* in ut_lexicon.emoji_text */
    uint32_t desc_len;
} ut_lex_emoji_slot;

struct ut_lexicon {
    uint64_t filter[UT_KEY_FILTER_WORDS]; /* every key (hash.h) */
    ut_lex_slot *slots;
    ut_lex_values *values; /* parallel to slots */
    size_t capacity; /* power of two, or 0 before the first term */
    size_t used;     /* slots holding a term or a phrase-start marker */
    size_t terms;    /* slots holding a term */
    ut_lex_emoji_slot *emoji;
    size_t emoji_capacity, emoji_count;
    char *emoji_text; /* the descriptions, back to back */
    size_t emoji_text_len, emoji_text_cap;
    int frozen;
};

/* The slot of `key` (a term or a phrase-prefix marker), or NULL; the caller
 * has already passed `key` through the key filter. */
static inline const ut_lex_slot *ut_lex_probe(const ut_lexicon *lex, uint64_t key) {
    const size_t mask = lex->capacity - 1;
    for (size_t i = (size_t)key & mask;; i = (i + 1) & mask) {
        const ut_lex_slot *s = &lex->slots[i];
        if (!(s->flags & UT_LEX_SLOT_USED)) return NULL;
        if (s->key == key) return s;
    }
}

/* ut_lexicon_match for a token whose own slot `first` was found already
 * (i < end <= t->n_tok): a one-word term ends here unless its first word can
 * start a longer one. */
uint32_t ut_lex_match_from(const ut_lexicon *lex, const ut_lex_slot *first, const ut_tokens *t, uint32_t i,
                           uint32_t end, float *valence);

#endif
