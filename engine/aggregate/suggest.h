/* suggest.h — candidate themes from the complaints no theme covers
 * (analyze --suggest-themes).
 *
 * The idea: a complaint in words no pack knows still leaves a trace, in the
 * negative clauses that matched no theme. Counting, per review, the words
 * and two-word phrases of those clauses against how often the same words
 * occur in any review finds the words over-represented in untracked
 * complaints; words that occur in the same reviews are grouped around the
 * strongest one, and each group is written as a candidate theme in the
 * undertone themes TSV format, ranked by the complaining reviews it covers.
 *
 * Every count is an exact integer keyed by a 64-bit hash of the word's
 * normalised form, and each worker thread keeps its own collector; merging
 * adds the counts and keeps the quotes of the lowest record numbers, so the
 * file is the same for any thread count. */
#ifndef UT_SUGGEST_H
#define UT_SUGGEST_H

#include <stddef.h>
#include <stdint.h>

#include "model/lexicon.h"
#include "model/score.h"
#include "themes/theme.h"
#include "text/tokenizer.h"

typedef struct ut_suggest ut_suggest;

/* One analysed review, as the pipeline has it (everything borrowed for the
 * call). The tokens come from `title` (may be NULL) followed by `text`, so
 * a token's src_off below title_len is in the title, else in the text. */
typedef struct ut_suggest_review {
    uint64_t record_no;
    const char *id;
    size_t id_len;
    const ut_tokens *tokens;
    const ut_score_detail *detail;
    const ut_lexicon *lexicon; /* the sentiment lexicon: its words and phrases never make a term */
    const ut_themes *themes;   /* the run's themes: words of their stop phrases never make a term */
    const ut_theme_mention *mentions;
    uint32_t n_mentions;
    const char *title;
    size_t title_len;
    const char *text;
    size_t text_len;
} ut_suggest_review;

int ut_suggest_new(ut_suggest **out);
void ut_suggest_free(ut_suggest *s);

/* Counts one review. Returns 0 or UT_ENOMEM. */
int ut_suggest_add(ut_suggest *s, const ut_suggest_review *r);

/* Adds `from`'s counts into `into` and empties `from` (moving what it
 * owns). Returns 0 or UT_ENOMEM. */
int ut_suggest_merge_take(ut_suggest *into, ut_suggest *from);

/* Builds the candidate themes and formats them as a themes TSV file into
 * `*out` (owned by the caller, free()). `th`: the themes the run used, so a
 * candidate's name never repeats one. Returns 0 or UT_ENOMEM. */
int ut_suggest_format(char **out, size_t *out_len, const ut_suggest *s, const ut_themes *th);

#endif
