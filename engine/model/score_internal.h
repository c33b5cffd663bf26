/* score_internal.h — the scorer's layout, shared by score.c and the model
 * files (score_default.c, score_vader.c) only. */
#ifndef UT_SCORE_INTERNAL_H
#define UT_SCORE_INTERNAL_H

#include "model/score.h"
#include "util/hash.h"

#define UT_VADER_RULE_SLOTS 512

struct ut_scorer {
    ut_model model;
    const ut_lexicon *lex; /* borrowed */
    /* Key filter (hash.h) over the frozen lexicon's keys and the first words
     * of the function-word rules (score_rules.h): a token it turns away is a
     * plain neutral word for the default model, known after one check. All
     * ones (nothing turned away) when the lexicon was not frozen yet. */
    uint64_t word_filter[UT_KEY_FILTER_WORDS];
    /* The VADER model's rule words by hash (score_vader.c): 1 + the index of
     * a rule word in each used slot, 0 in empty ones. */
    uint8_t vader_rule_slot[UT_VADER_RULE_SLOTS];
};

/* Fills s->vader_rule_slot (score_vader.c). */
void ut_vader_rules_index(ut_scorer *s);

#endif
