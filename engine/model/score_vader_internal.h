/* score_vader_internal.h — hooks into the VADER model's word scanner for
 * tests (test_vader.c): its fast paths must agree with the general ones. */
#ifndef UT_SCORE_VADER_INTERNAL_H
#define UT_SCORE_VADER_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "model/score.h"

/* Switches the word scanner's 16-byte ASCII path (SSE2) on or off, for all
 * threads; the results must not change. */
void ut_vader_use_fast_scan(int on);

/* A digest of the words the scanner finds in `text` (each word's id,
 * booster, flags and valence; the '!' and '?' counts), 0 when out of
 * memory: equal digests with the fast scan on and off mean equal words. */
uint64_t ut_vader_words_digest(const ut_scorer *s, const char *text, size_t len, ut_arena *scratch);

#endif
