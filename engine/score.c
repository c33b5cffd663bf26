/* score.c — the scorer handle shared by both models, and the valence
 * normalisation they have in common. The rules live in score_default.c and
 * score_vader.c. */
#include <math.h>
#include <stdlib.h>

#include "common.h"
#include "score_internal.h"

int ut_scorer_new(ut_scorer **out, ut_model model, const ut_lexicon *lex) {
    *out = NULL;
    if (!lex) return ut_error_set(UT_EINVAL, "a scorer needs a lexicon");
    if (model != UT_MODEL_DEFAULT && model != UT_MODEL_VADER)
        return ut_error_set(UT_EINVAL, "unknown model %d", (int)model);
    ut_scorer *s = ut_calloc(1, sizeof *s);
    if (!s) return UT_ENOMEM;
    s->model = model;
    s->lex = lex;
    *out = s;
    return 0;
}

void ut_scorer_free(ut_scorer *s) { free(s); }

ut_model ut_scorer_model(const ut_scorer *s) { return s->model; }

double ut_normalize_valence(double sum) {
    /* VADER's alpha = 15: the sum at which the score reaches about 0.5 in
     * magnitude for a few strong words; shared so both models saturate alike. */
    double score = sum / sqrt(sum * sum + 15.0);
    if (score < -1.0) return -1.0;
    if (score > 1.0) return 1.0;
    return score;
}
