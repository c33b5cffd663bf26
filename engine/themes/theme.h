/* theme.h — theme lexicons and aspect-level sentiment attribution.
 *
 * A theme lexicon maps terms (one or more words) to hierarchical themes
 * ("service/staff"); every prefix of a path is a theme too, and a child's
 * mention counts for its parents in the aggregates. Terms are matched on the
 * token stream, longest match first, through a hash table keyed like the
 * sentiment lexicon's. A mention takes the sentiment of its clause (the
 * scorer's per-token valences, negation and contrast already applied), or of
 * a window of nearby tokens when its clause carries none. Immutable once
 * frozen; shared by all threads. */
#ifndef UT_THEME_H
#define UT_THEME_H

#include <stddef.h>
#include <stdint.h>

#include "model/score.h"
#include "text/tokenizer.h"

typedef struct ut_themes ut_themes;

/* The theme id of "other": negative sentences that match no theme. Always
 * present; ut_themes_name(th, UT_THEME_OTHER) is "other". */
#define UT_THEME_OTHER 0u

/* What ut_themes_match reports for a stop phrase: a term listed under the
 * theme "-", matched like any term (so its words cannot match shorter
 * terms: "check it out" keeps "check" from meaning the bill) but making no
 * mention. A later file also uses "-" to take a term out of a theme. */
#define UT_THEME_STOP UINT32_MAX

/* Longest term, in tokens. */
#define UT_THEME_MAX_WORDS 8

typedef struct ut_theme_mention {
    uint32_t theme;              /* the most specific theme matched */
    uint32_t tok_begin, tok_end; /* the matched term's tokens ([begin,end); its first occurrence when
                                    the clause names the theme again; for "other" the sentence) */
    uint32_t clause;             /* clause index */
    uint32_t sentence;           /* sentence index */
    float score;                 /* attributed sentiment in [-1, 1] */
} ut_theme_mention;

int ut_themes_new(ut_themes **out);
void ut_themes_free(ut_themes *th);

/* Loads a theme file (theme<TAB>term[<TAB>valence]; # comments; blank
 * lines; a first row "theme<TAB>term..." is the header; an empty valence
 * means none; further columns are ignored; a term "~word" is an opinion
 * word, one word with a valence, see docs/themes.md). Files
 * overlay: a term already present moves to the theme the later line names.
 * Errors name FILE:LINE. Returns 0, UT_EIO, UT_EFORMAT, UT_ENOMEM. */
int ut_themes_load_file(ut_themes *th, const char *path);
int ut_themes_load_buffer(ut_themes *th, const char *name, const char *data, size_t len);
/* Loads the built-in pack lexicons/themes/<pack>.tsv ("general",
 * "restaurant", "hotel", "ecommerce", "airline", "media"). UT_EINVAL if unknown. */
int ut_themes_load_builtin(ut_themes *th, const char *pack);
/* Adds one term for one theme path. The term is tokenized like review text,
 * so it matches exactly what a review's tokens would be; a term that a
 * review would split into clauses, or of no words, is UT_EINVAL. A term seen
 * before moves to this theme (later wins). Returns 0, UT_EINVAL, UT_ENOMEM. */
int ut_themes_add(ut_themes *th, const char *theme, size_t theme_len, const char *term, size_t term_len);
/* Same, with the term's own valence in [-4, 4] (the file's third column):
 * what the term says about its theme whatever the sentiment lexicon says
 * ("cheap" is good news for price, "packed" bad news for a dining room).
 * Attribution uses it instead of the scorer's valence for the term's
 * tokens, flipped (x -0.74) when a negator precedes it in its clause. */
int ut_themes_add_valued(ut_themes *th, const char *theme, size_t theme_len, const char *term, size_t term_len,
                         float valence);
/* Computes the fingerprint and drops load-time scratch; after this the
 * table is read-only and may be shared by threads. Returns 0. */
int ut_themes_freeze(ut_themes *th);

/* Themes are numbered 0..count-1 in order of first appearance (0 = other);
 * parents are created for every prefix of a path. */
uint32_t ut_themes_count(const ut_themes *th);
const char *ut_themes_name(const ut_themes *th, uint32_t id);
/* The parent theme's id, or -1 for a top-level theme. */
int32_t ut_themes_parent(const ut_themes *th, uint32_t id);
uint64_t ut_themes_fingerprint(const ut_themes *th);
size_t ut_themes_term_count(const ut_themes *th);
/* The id of the theme called `name` (a full path), or -1. */
int32_t ut_themes_find_id(const ut_themes *th, const char *name);
/* 1 if `id` is `ancestor` or below it in the hierarchy. */
int ut_themes_is_within(const ut_themes *th, uint32_t id, uint32_t ancestor);

/* The longest term starting at token i of t and ending before `end`:
 * returns its length in tokens (0: none) and sets *theme (UT_THEME_STOP for
 * a stop phrase). */
uint32_t ut_themes_match(const ut_themes *th, const ut_tokens *t, uint32_t i, uint32_t end, uint32_t *theme);

/* Finds theme mentions in `t` and attributes sentiment using `detail` (from
 * ut_score_tokens). Writes at most `max` mentions to `out` in token order and
 * returns how many were found (which may exceed max: the caller may retry
 * with a bigger array). Adds an "other" mention for each negative sentence
 * (compound < -0.05) with no theme. Allocates nothing.
 *
 * One mention per theme per clause ("the staff was not friendly" names
 * service/staff twice: one mention). A mention's score: the sum of the
 * scorer's token valences over its clause
 * (clauses holding both positive and negative words give each word to the
 * nearest mention instead, so "great food and awful service" splits); when
 * the clause holds no sentiment word, the tokens within UT_THEME_WINDOW of
 * the term in its sentence; when those hold none either, the sentence's
 * compound. Sums are mapped to [-1, 1] by ut_normalize_valence. With
 * `detail` NULL every score is 0 and no "other" mention is made. */
#define UT_THEME_WINDOW 4
uint32_t ut_themes_find(const ut_themes *th, const ut_tokens *t, const ut_score_detail *detail, ut_theme_mention *out,
                        uint32_t max);

#endif
