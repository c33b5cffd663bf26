/* score_rules.h — the function words the default sentiment model reacts to:
 * negators, intensifiers, dampeners and contrast markers.
 *
 * They are few and fixed, so they are a constant table keyed by the same
 * token hash the tokenizer computes (hash.h); the table is generated with its
 * hashes by tools/gen_score_rules.py into score_rules_table.c, so a look-up
 * is one probe with no set-up and no global mutable state. Two-word rules
 * ("kind of", "not only") are keyed by their first word and carry the hash of
 * the second. tests/test_score_default.c checks the stored hashes against
 * ut_hash_bytes so the table cannot silently drift from the hash. */
#ifndef UT_SCORE_RULES_H
#define UT_SCORE_RULES_H

#include <stdint.h>

typedef enum ut_rule_kind {
    UT_RULE_NONE = 0,
    UT_RULE_NEGATOR,     /* not, never, don't, without, hardly ...: flips what follows in the clause */
    UT_RULE_NEG_CANCEL,  /* not only, not just, no doubt: a negator that does not negate */
    UT_RULE_BOOSTER,     /* very, extremely, so, really: factor > 1 on the next sentiment term */
    UT_RULE_DAMPENER,    /* slightly, kind of, a bit: factor < 1 */
    UT_RULE_CONTRAST,    /* but, however, yet: the verdict follows, earlier clauses weigh less */
    UT_RULE_CONCESSION   /* although, though, despite: this clause is the conceded part */
} ut_rule_kind;

typedef struct ut_rule {
    uint64_t hash;      /* ut_hash_bytes of the (first) word; 0 marks an empty slot */
    uint64_t next_hash; /* hash of the second word of a two-word rule, else 0 */
    float factor;       /* multiplier for boosters and dampeners; 2 on the negator "never",
                           which a following booster turns into emphasis */
    uint8_t kind;       /* ut_rule_kind */
    uint8_t words;      /* 1 or 2 */
    const char *text;   /* the rule's words, for tests and explanations */
} ut_rule;

/* The open-addressing table (size a power of two) and its mask. */
extern const ut_rule ut_rule_table[];
extern const uint32_t ut_rule_table_mask;

/* One bit per value of a hash's top 12 bits, set where a rule's first word
 * has it: most content words are turned away by one L1-resident load
 * before the table is probed. */
extern const uint64_t ut_rule_filter[64];

static inline int ut_rule_maybe(uint64_t hash) {
    const unsigned top = (unsigned)(hash >> 52);
    return (int)((ut_rule_filter[top >> 6] >> (top & 63)) & 1u);
}

/* The rule for the token with hash `hash` followed by a token with hash
 * `next_hash` (0 if none): a matching two-word rule first, else a one-word
 * rule, else NULL. */
const ut_rule *ut_rule_find(uint64_t hash, uint64_t next_hash);

#endif
