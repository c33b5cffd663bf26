/* score.c — the scorer handle shared by both models. The rules live in
 * score_default.c and score_vader.c; the normalisation both use is in
 * score_valence.c. */
#include <stdlib.h>
#include <string.h>

#include "util/common.h"
#include "model/lexicon_internal.h"
#include "model/score_internal.h"
#include "model/score_rules.h"

int ut_scorer_new(ut_scorer **out, ut_model model, const ut_lexicon *lex) {
    *out = NULL;
    if (!lex) return ut_error_set(UT_EINVAL, "a scorer needs a lexicon");
    if (model != UT_MODEL_DEFAULT && model != UT_MODEL_VADER)
        return ut_error_set(UT_EINVAL, "unknown model %d", (int)model);
    ut_scorer *s = ut_calloc(1, sizeof *s);
    if (!s) return UT_ENOMEM;
    s->model = model;
    s->lex = lex;
    if (lex->frozen) {
        memcpy(s->word_filter, lex->filter, sizeof s->word_filter);
        for (uint32_t i = 0; i <= ut_rule_table_mask; i++)
            if (ut_rule_table[i].hash) ut_key_filter_add(s->word_filter, ut_rule_table[i].hash);
    } else {
        memset(s->word_filter, 0xFF, sizeof s->word_filter); /* terms may still come */
    }
    ut_vader_rules_index(s);
    *out = s;
    return 0;
}

void ut_scorer_free(ut_scorer *s) {
    free(s);
}

ut_model ut_scorer_model(const ut_scorer *s) {
    return s->model;
}
