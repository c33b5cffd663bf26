/* score_internal.h — the scorer's layout, shared by score.c and the model
 * files (score_default.c, score_vader.c) only. */
#ifndef UT_SCORE_INTERNAL_H
#define UT_SCORE_INTERNAL_H

#include "score.h"

struct ut_scorer {
    ut_model model;
    const ut_lexicon *lex; /* borrowed */
};

#endif
