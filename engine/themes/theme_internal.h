/* theme_internal.h — the layout of a theme lexicon, shared by theme.c (load,
 * names, hierarchy) and theme_attribute.c (matching and sentiment) only.
 *
 * One open-addressing table holds every key: a single word's token hash, or
 * ut_hash_combine over a multi-word term's token hashes. An entry says which
 * theme the key is a term of (if any) and, for a word, the longest term that
 * starts with it, so matching tries longer keys only where a term can start.
 * Every proper prefix of a multi-word term is a key too (UT_THEME_NO_TERM,
 * a marker), so matching stops at the first missing prefix; and a bit
 * filter over all keys (hash.h) turns most tokens away before the table is
 * probed. */
#ifndef UT_THEME_INTERNAL_H
#define UT_THEME_INTERNAL_H

#include <stdint.h>

#include "util/hash.h"
#include "themes/theme.h"

#define UT_THEME_NO_TERM (-1)
#define UT_THEME_STOP_SLOT (-2) /* a stop phrase (theme "-") */

typedef struct ut_theme_slot {
    uint64_t key;
    int32_t theme;          /* theme id of the term with this key, UT_THEME_STOP_SLOT, or UT_THEME_NO_TERM */
    unsigned start_len : 4; /* longest term (in tokens, <= UT_THEME_MAX_WORDS) whose first token has this
                               key; 0 if none */
    unsigned used : 1;
    uint8_t next_words; /* bit (hash >> 61) of the second token of every longer term starting with this
                           key: "the", "my", "was" start terms but are mostly followed by no such word */
    int16_t valence;    /* the term's own valence x 100 (third column), or UT_THEME_NO_VALENCE */
} ut_theme_slot;

_Static_assert(sizeof(ut_theme_slot) == 16, "a theme slot is 16 bytes, four to a cache line");
_Static_assert(UT_THEME_MAX_WORDS < 16, "start_len has 4 bits");

/* The bit of ut_theme_slot.next_words for a second token with hash h. */
static inline unsigned ut_theme_next_bit(uint64_t h) {
    return 1u << (unsigned)(h >> 61);
}

#define UT_THEME_NO_VALENCE INT16_MIN

/* The words that flip a valued term after them (besides any word ending in
 * n't), and their token hashes in ut_themes.negator_hash. */
#define UT_THEME_N_NEGATORS 22
/* The words that say a wanted thing was lacking (theme_attribute.c): before
 * its term ("no legroom", "lack of space"; the last UT_THEME_N_SCARCE_NEGATED
 * only after a negator: "not enough legroom"), then after it ("legroom was
 * minimal"); their token hashes in ut_themes.scarce_hash. */
#define UT_THEME_N_SCARCE_BEFORE 21
#define UT_THEME_N_SCARCE_NEGATED 3
#define UT_THEME_N_SCARCE 31
extern const char *const ut_theme_scarce[UT_THEME_N_SCARCE];
/* The pronouns that open a sentence about what the sentence before named
 * ("The waiter was rude. He ignored us."), and their token hashes in
 * ut_themes.pronoun_hash (theme_attribute.c). */
#define UT_THEME_N_PRONOUNS 14
extern const char *const ut_theme_pronouns[UT_THEME_N_PRONOUNS];
extern const char *const ut_theme_negators[UT_THEME_N_NEGATORS];

/* An opinion word ("~cold" in a pack): a word that names no theme but says
 * something about one the clause names ("the fries were cold": bad for food;
 * "the beer was ice cold": good for drinks). One entry per (word, theme);
 * open addressing by the word's token hash, so every entry of a word lies
 * in one probe run. */
typedef struct ut_theme_opinion {
    uint64_t key;    /* the word's token hash */
    int32_t theme;   /* the theme (and its sub-themes) it speaks about */
    int16_t valence; /* x 100 */
    uint8_t used;
} ut_theme_opinion;

/* A 1,024-bit filter over the opinion words' hashes, checked for every
 * token of a clause with a mention when a pack has opinion words. */
#define UT_THEME_OPINION_FILTER_WORDS 16
static inline int ut_theme_opinion_maybe(const uint64_t *filter, uint64_t key) {
    return (int)((filter[(key >> 54) & 15] >> ((key >> 48) & 63)) & 1u);
}

struct ut_themes {
    uint64_t filter[UT_KEY_FILTER_WORDS];       /* every key of `slots` (hash.h) */
    uint64_t negator_hash[UT_THEME_N_NEGATORS]; /* ut_hash_bytes of ut_theme_negators[k] */
    uint64_t scarce_hash[UT_THEME_N_SCARCE];    /* ut_hash_bytes of ut_theme_scarce[k] */
    uint64_t pronoun_hash[UT_THEME_N_PRONOUNS]; /* ut_hash_bytes of ut_theme_pronouns[k] */
    /* theme table: names (owned), parents, in id order */
    char **names;
    int32_t *parents;
    /* per theme: 1 when its lack is a complaint (pseudo-term "<wanted>"):
     * "no legroom", "not enough space", "lack of storage" are negative */
    uint8_t *wanted;
    int any_wanted;
    uint32_t n_themes, cap_themes;

    ut_theme_slot *slots; /* capacity is a power of two, at most half full */
    uint32_t slot_mask;
    uint32_t n_slots_used;
    size_t n_terms;

    /* opinion words: capacity opinion_mask + 1 (a power of two, at most
     * half full), n_opinions entries; none until a pack lists one */
    ut_theme_opinion *opinions;
    uint32_t opinion_mask;
    uint32_t n_opinions;
    uint64_t opinion_filter[UT_THEME_OPINION_FILTER_WORDS];

    /* Theme of amounts of money ("$20", "€15"): number tokens holding a
     * currency sign, enabled by the pseudo-term "<currency>"; -1 if off. */
    int32_t currency_theme;

    uint64_t fingerprint; /* set by ut_themes_freeze */
    int frozen;
    ut_tokens term_tokens; /* load-time scratch: terms are tokenized like reviews */
};

/* The slot of the longest term starting at token i of t before `end`, and
 * its length in *len; NULL when none (theme_attribute.c). */
const ut_theme_slot *ut_theme_match_slot(const ut_themes *th, const ut_tokens *t, uint32_t i, uint32_t end,
                                         uint32_t *len);

/* The slot holding `key`, or NULL, for a key that passed the filter. */
static inline const ut_theme_slot *ut_theme_slot_probe(const ut_themes *th, uint64_t key) {
    uint32_t i = (uint32_t)(key ^ (key >> 32)) & th->slot_mask;
    for (;;) {
        const ut_theme_slot *s = &th->slots[i];
        if (!s->used) return NULL;
        if (s->key == key) return s;
        i = (i + 1) & th->slot_mask;
    }
}

/* The slot holding `key`, or NULL. */
static inline const ut_theme_slot *ut_theme_slot_find(const ut_themes *th, uint64_t key) {
    return ut_key_filter_maybe(th->filter, key) ? ut_theme_slot_probe(th, key) : NULL;
}

#endif
