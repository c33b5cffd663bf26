/* score_internal.h — the scorer's layout, shared by score.c and the model
 * files (score_default.c, score_vader.c) only. */
#ifndef UT_SCORE_INTERNAL_H
#define UT_SCORE_INTERNAL_H

#include "score.h"
#include "word_filter.h"

struct ut_scorer {
    ut_model model;
    const ut_lexicon *lex; /* borrowed */
    /* Key filter (word_filter.h) over the frozen lexicon's keys and the first words
     * of the function-word rules (score_rules.h): a token it turns away is a
     * plain neutral word for the default model, known after one check. All
     * ones (nothing turned away) when the lexicon was not frozen yet. */
    uint64_t word_filter[UT_WORD_FILTER_WORDS];
};

#endif
