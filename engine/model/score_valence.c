/* score_valence.c — the valence normalisation both models share. It sits
 * below the scorers and theme attribution, so a model never calls back up
 * into the scorer handle (score.c) that dispatches to it. */
#include <math.h>

#include "model/score.h"

double ut_normalize_valence(double sum) {
    /* VADER's alpha = 15: the sum at which the score reaches about 0.5 in
     * magnitude for a few strong words; shared so both models saturate alike. */
    double score = sum / sqrt(sum * sum + 15.0);
    if (score < -1.0) return -1.0;
    if (score > 1.0) return 1.0;
    return score;
}
