/* lexicon_internal.h — the lexicon's probed table, shared by lexicon.c and
 * the default scorer (score_default.c) only, so the scorer's per-token probe
 * is inlined instead of a call that repeats the key filter and the bounds
 * checks for every token that passes the filter. */
#ifndef UT_LEXICON_INTERNAL_H
#define UT_LEXICON_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "util/hash.h"
#include "model/lexicon.h"

enum { UT_LEX_SLOT_USED = 1, UT_LEX_SLOT_VALENCE = 2, UT_LEX_SLOT_EXACT = 4 };

typedef struct ut_lex_slot {
    uint64_t key;
    float valence; /* (float) of values[].valence: what ut_lexicon_match returns */
    uint8_t flags;
    uint8_t max_words;   /* longest term, in words, that starts with this word */
    uint16_t next_words; /* bit (hash >> 60) of the second word of every longer term starting with this
                            word: most words that can start a phrase ("was", "my") are not followed by
                            one, and this turns them away before the phrase probe */
} ut_lex_slot;

/* The bit of ut_lex_slot.next_words for a second word with token hash h. */
static inline unsigned ut_lex_next_bit(uint64_t h) {
    return 1u << (unsigned)(h >> 60);
}

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
    uint64_t filter[UT_KEY_FILTER_WORDS]; /* every key (hash.h): turns most tokens away before a probe */
    ut_lex_slot *slots;
    ut_lex_values *values; /* parallel to slots */
    size_t capacity;       /* power of two, or 0 before the first term */
    size_t used;           /* slots holding a term or a phrase-start marker */
    size_t terms;          /* slots holding a term */
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
 * (i < end <= t->n_tok). Inline, since the scorer calls it for the ~40% of
 * review words that are a key; most of them start a phrase only in theory
 * ("was", "not"), so the loop usually ends at its first probe. */
static inline uint32_t ut_lex_match_from(const ut_lexicon *lex, const ut_lex_slot *first, const ut_tokens *t,
                                         uint32_t i, uint32_t end, float *valence) {
    uint32_t best = 0;
    float best_valence = 0;
    if (first->flags & UT_LEX_SLOT_VALENCE) {
        best = 1;
        best_valence = first->valence;
    }
    const uint32_t max_words = first->max_words < end - i ? first->max_words : end - i;
    if (max_words < 2 || !(first->next_words & ut_lex_next_bit(t->tok[i + 1].hash))) {
        if (best) *valence = best_valence;
        return best;
    }
    uint64_t key = t->tok[i].hash;
    for (uint32_t n = 2; n <= max_words; n++) {
        key = ut_hash_combine(key, t->tok[i + n - 1].hash);
        const ut_lex_slot *p = ut_key_filter_maybe(lex->filter, key) ? ut_lex_probe(lex, key) : NULL;
        if (!p) break; /* no term goes on with these words: every prefix is a key */
        if (p->flags & UT_LEX_SLOT_VALENCE) {
            best = n;
            best_valence = p->valence;
        }
    }
    if (best) *valence = best_valence;
    return best;
}

#endif
