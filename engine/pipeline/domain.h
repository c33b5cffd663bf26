/* domain.h — choosing a built-in theme pack from a corpus's own words
 * (--domain auto).
 *
 * The idea: each pack has a short list of cue words (lexicons/domains.tsv)
 * that name the thing reviewed ("plot", "legroom", "waiter"). Counting them
 * over the first few MB of the input and comparing rates per 1,000 tokens
 * says which pack fits; a corpus where no pack's cues reach the floor keeps
 * the general themes only. The counter is separate from the reading so that
 * tests and bench/semeval can feed it texts directly. */
#ifndef UT_DOMAIN_H
#define UT_DOMAIN_H

#include <stddef.h>
#include <stdint.h>

#include "text/tokenizer.h"
#include "undertone.h"

/* A pack is chosen when its cues make at least this many of every 1,000
 * tokens (the floor) and it has the highest rate. Measured rates: see
 * docs/themes.md. */
#define UT_DOMAIN_MIN_PER_MILLE 4.0

typedef struct ut_domain_counter ut_domain_counter;

/* A counter over the built-in cue list. Returns 0, UT_EFORMAT (a broken
 * built-in list), UT_ENOMEM. */
int ut_domain_counter_new(ut_domain_counter **out);
void ut_domain_counter_free(ut_domain_counter *dc);

/* Counts the cue tokens of one tokenized text. */
void ut_domain_count_tokens(ut_domain_counter *dc, const ut_tokens *t);

/* Tokenizes `text` into `scratch` and counts it. Returns 0 or UT_ENOMEM. */
int ut_domain_count_text(ut_domain_counter *dc, ut_tokens *scratch, const char *text, size_t len);

/* The choice and its evidence from what was counted (see ut_domain_guess). */
void ut_domain_choose(const ut_domain_counter *dc, ut_domain_guess *out);

#endif
