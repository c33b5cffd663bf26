/* score_default.h — the tunable constants of the default review model
 * (score_default.c), exposed so bench/accuracy.c can measure the effect of a
 * change without rebuilding. ut_score_tokens() always uses
 * ut_default_params_standard; nothing else in the engine reads this.
 *
 * What the detail of ut_score_tokens() holds under this model, for theme
 * attribution and explanations:
 *  - token_valence[i]: the final valence of a term starting at token i
 *    (a multi-word term's valence sits on its first token, the others are 0),
 *    after negation, modifiers, emphasis and the clause's contrast weight;
 *  - token_rule[i]: "lexicon", "phrase", "intensifier", "dampener", "caps" or
 *    "negation" (the last rule that changed it), NULL for tokens without one;
 *  - clause_valence[c]: the clause's weighted sum, after contrast ("but")
 *    weighting, before the sentence's '!' / '?' factor;
 *  - sentence[s]: each sentence scored alone ('!' / '?' applied). */
#ifndef UT_SCORE_DEFAULT_H
#define UT_SCORE_DEFAULT_H

#include "model/score.h"

typedef struct ut_default_params {
    float negate_positive;   /* multiplier on a negated positive term ("not good") */
    float negate_negative;   /* multiplier on a negated negative term ("not bad") */
    int negation_window;     /* most tokens from the negator to the term, within the clause */
    int negation_once;       /* 1: a negator flips only the first sentiment term after it */
    float caps_factor;       /* an ALL-CAPS term in mixed-case text */
    float elongated_factor;  /* "sooo good", "loooove" */
    float contrast_before;   /* clauses before "but"/"however" (and the sentence before a
                                sentence that opens with one) */
    float contrast_after;    /* the clause after "but" and those following it */
    float concession;        /* a clause opened by "although", "though", "despite" */
    float exclaim_step;      /* per '!' in the sentence, on its sum */
    int exclaim_max;         /* '!' counted at most */
    float question_positive; /* a positive sentence ending in '?' */
    float question_negative; /* a negative sentence ending in '?' */
    float negative_weight;   /* every negative term: complaints are the rarer signal */
    float last_sentence;     /* extra weight of a review's last sentence (the verdict) */
    float first_sentence;    /* extra weight of the first sentence (a title when present) */
    float expectation;       /* terms after "hoped", "expected", "would", to the sentence end
                                or a contrast word */
    float body_cap;          /* the sentences between the first and the last count as at most
                                this many of their average (0: all counted in full) */
    float bare_negation;     /* a sentence that opens with a negator and holds no sentiment
                                term ("Not realistic.", "Doesn't fit."), before the complaint weight */
    float remedy;            /* multiplier on a negative term just after a remedy verb ("cleared up
                                my acne", "stopped the itching"): negative, it turns into praise */
    int remedy_window;       /* most tokens from the remedy verb to the term, within the clause */
    float owed;              /* a service owed, negated just before ("the room wasn't cleaned",
                                "nobody told us"), before the complaint weight; 0: ignored */
    int owed_window;         /* most tokens from the negator to the owed word */
} ut_default_params;

extern const ut_default_params ut_default_params_standard;

/* ut_score_tokens with explicit constants (bench/accuracy.c). */
int ut_score_tokens_tuned(const ut_scorer *s, const ut_default_params *p, const ut_tokens *t, ut_arena *scratch,
                          ut_score_detail *detail, ut_sentiment *out);

#endif
