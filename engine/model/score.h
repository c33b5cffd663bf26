/* score.h — sentiment models: from tokens (or raw text) to a compound score
 * in [-1, 1] and positive/neutral/negative proportions.
 *
 * Two models share this interface. UT_MODEL_DEFAULT is undertone's review
 * model (score_default.c): lexicon valences adjusted by negation, intensity,
 * contrast, emphasis and review idioms, per clause. UT_MODEL_VADER
 * (score_vader.c) reimplements the published VADER rules on raw text so that
 * its compound equals the vaderSentiment reference. A scorer is immutable
 * and shared by threads; per-call scratch lives in a caller-owned ut_arena. */
#ifndef UT_SCORE_H
#define UT_SCORE_H

#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "model/lexicon.h"
#include "text/tokenizer.h"
#include "undertone.h"

typedef struct ut_sentiment {
    double compound;                    /* [-1, 1] */
    double positive, neutral, negative; /* proportions summing to 1 */
} ut_sentiment;

/* Per-token and per-clause detail, for theme attribution and for
 * `undertone score` explanations. Arrays are allocated in the arena given to
 * ut_score_tokens and indexed like t->tok / t->clause / t->sent. */
typedef struct ut_score_detail {
    float *token_valence;    /* valence of each token after all rules (0 if none) */
    float *clause_valence;   /* sum over the clause, after contrast weighting */
    ut_sentiment *sentence;  /* each sentence scored alone */
    const char **token_rule; /* optional (may be NULL): short name of the rule that last
                                changed the token's valence ("negation", "intensifier", ...) */
} ut_score_detail;

typedef struct ut_scorer ut_scorer;

/* Creates a scorer over `lex` (borrowed: it must outlive the scorer).
 * Returns 0, UT_EINVAL, UT_ENOMEM. */
int ut_scorer_new(ut_scorer **out, ut_model model, const ut_lexicon *lex);
void ut_scorer_free(ut_scorer *s);
ut_model ut_scorer_model(const ut_scorer *s);

/* Scores a tokenized review with the default rules (UT_MODEL_DEFAULT).
 * `detail` may be NULL; if not, its arrays are allocated in `scratch`.
 * Returns 0 or UT_ENOMEM. */
int ut_score_tokens(const ut_scorer *s, const ut_tokens *t, ut_arena *scratch, ut_score_detail *detail,
                    ut_sentiment *out);

/* Scores raw text with the VADER rules (UT_MODEL_VADER); `text` need not be
 * NUL-terminated. Scratch memory from `scratch`. Returns 0 or UT_ENOMEM. */
int ut_score_vader_text(const ut_scorer *s, const char *text, size_t len, ut_arena *scratch, ut_sentiment *out);

/* The detail theme attribution needs under UT_MODEL_VADER, without running
 * the default rules: each token's VADER lexicon valence, negated (x -0.74)
 * after a VADER negation word within three tokens in its clause; clause
 * sums; each sentence's normalised sum. Arrays from `scratch` (token_rule
 * names "negation" where it applied). Returns 0 or UT_ENOMEM. */
int ut_score_vader_tokens(const ut_scorer *s, const ut_tokens *t, ut_arena *scratch, ut_score_detail *detail);

/* Maps an unbounded valence sum to [-1, 1] as VADER does: x / sqrt(x^2 + 15). */
double ut_normalize_valence(double sum);

/* Whether the clause [begin, end) states a short wait right next to the
 * term at [term_begin, term_end): a count of minutes under the complaint
 * cues' floor (15) within 4 tokens after it ("waited 5 minutes", "waited
 * about ten minutes", "a few minutes") or just before it ("a 5 minute
 * wait"). The default model's cues hold such a wait for no complaint; the
 * theme attribution asks the same, so that a waiting term's own valence
 * does not make one (score_default.c). */
int ut_short_wait_near(const ut_tokens *t, uint32_t begin, uint32_t end, uint32_t term_begin, uint32_t term_end);

#endif
