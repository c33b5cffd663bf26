/* theme_attribute.c — finding theme mentions in a tokenized review and giving
 * each the sentiment around it (ut_themes_find, ut_themes_match).
 *
 * The idea: the scorer has already decided what every word contributes
 * (negation, intensity and contrast applied), so attribution only decides
 * which words speak about which mention. The clause is the unit: "the room
 * was clean, but the staff were rude" gives clean to room and rude to staff.
 * Inside one clause, mentions share its sentiment, unless the clause holds
 * words of both signs ("great food and awful service"): then each word goes
 * to the nearest mention. A mention whose clause is silent looks at a few
 * tokens around it, then at its sentence. A term with its own valence ("cheap"
 * for price) speaks with that valence instead of the lexicon's. One hash
 * probe per token; no allocation: a clause's mentions are scored in a small
 * local array. */
#include <string.h>

#include "common.h"
#include "hash.h"
#include "theme_internal.h"

/* Mentions of one clause scored together; a clause with more (a list of
 * dishes) is scored in consecutive groups of this size. */
#define GROUP_MAX 32

/* A sentence is negative enough for an "other" mention below this. */
#define OTHER_THRESHOLD (-0.05)

/* How far back a negator flips a term's own valence, and by how much (the
 * scorer's and VADER's factor). */
#define NEGATION_REACH 3
#define NEGATION_SCALAR (-0.74)

const ut_theme_slot *ut_theme_match_slot(const ut_themes *th, const ut_tokens *t, uint32_t i, uint32_t end,
                                         uint32_t *len) {
    const ut_theme_slot *s = ut_theme_slot_find(th, t->tok[i].hash);
    if (UT_LIKELY(!s)) return NULL;
    const ut_theme_slot *best = NULL;
    if (s->theme != UT_THEME_NO_TERM) {
        best = s;
        *len = 1;
    }
    uint32_t longest = UT_MIN((uint32_t)s->start_len, end - i);
    /* Prefixes of a term are not keys, so every length up to the longest is
     * probed; a word starts few terms, so this is a handful of probes. */
    uint64_t key = t->tok[i].hash;
    for (uint32_t k = 1; k < longest; k++) {
        key = ut_hash_combine(key, t->tok[i + k].hash);
        const ut_theme_slot *m = ut_theme_slot_find(th, key);
        if (m && m->theme != UT_THEME_NO_TERM) {
            best = m;
            *len = k + 1;
        }
    }
    return best;
}

uint32_t ut_themes_match(const ut_themes *th, const ut_tokens *t, uint32_t i, uint32_t end, uint32_t *theme) {
    uint32_t len = 0;
    const ut_theme_slot *s = ut_theme_match_slot(th, t, i, end, &len);
    if (!s) return 0;
    *theme = s->theme == UT_THEME_STOP_SLOT ? UT_THEME_STOP : (uint32_t)s->theme;
    return len;
}

/* Whether a number token is an amount of money: it holds $, £, €, ¥ or ₹. */
static int is_money(const ut_tokens *t, uint32_t i) {
    const char *s = ut_token_norm(t, i);
    uint32_t n = t->tok[i].norm_len;
    for (uint32_t k = 0; k < n; k++) {
        unsigned char c = (unsigned char)s[k];
        if (c == '$') return 1;
        if (c == 0xC2 && k + 1 < n && (s[k + 1] == '\xA3' || s[k + 1] == '\xA5')) return 1;
        if (c == 0xE2 && k + 2 < n && s[k + 1] == '\x82' && (s[k + 2] == '\xAC' || s[k + 2] == '\xB9')) return 1;
    }
    return 0;
}

/* Whether token j negates what follows: not, no, never, ... or a word
 * ending in n't. Only asked for terms with their own valence, so a string
 * comparison is cheap enough. */
static int is_negator(const ut_tokens *t, uint32_t j) {
    static const char *const negators[] = {"not", "no", "never", "without", "hardly", "barely", "nothing",
                                           "none", "nor", "neither", "cannot", "nt", "isnt", "wasnt", "dont",
                                           "didnt", "doesnt", "arent", "werent", "wont", "cant", "couldnt"};
    const char *w = ut_token_norm(t, j);
    uint32_t n = t->tok[j].norm_len;
    if (n >= 3 && (memcmp(w + n - 3, "n't", 3) == 0 || (n >= 5 && memcmp(w + n - 5, "n\xE2\x80\x99t", 5) == 0)))
        return 1;
    for (size_t k = 0; k < UT_ARRAY_LEN(negators); k++)
        if (strcmp(w, negators[k]) == 0) return 1;
    return 0;
}

/* A mention while its clause is scored, with the term's own valence (already
 * negated where a negator precedes it) or none. */
typedef struct pending {
    ut_theme_mention m;
    int has_valence;
    float valence;
} pending;

/* Token distance from a mention [begin, end) to token j (0 inside it). */
static uint32_t distance(const ut_theme_mention *m, uint32_t j) {
    if (j < m->tok_begin) return m->tok_begin - j;
    if (j >= m->tok_end) return j - m->tok_end + 1;
    return 0;
}

/* The valence token j carries in this group: a valued term's own valence on
 * its first token (0 on the others), else the scorer's. */
static float effective_valence(const float *valence, const pending *group, uint32_t n, uint32_t j) {
    for (uint32_t k = 0; k < n; k++) {
        const pending *p = &group[k];
        if (p->has_valence && j >= p->m.tok_begin && j < p->m.tok_end)
            return j == p->m.tok_begin ? p->valence : 0.0f;
    }
    return valence[j];
}

/* Sum of valences of the tokens within UT_THEME_WINDOW of m in its
 * sentence; *any says whether one carried sentiment. */
static double window_sum(const ut_tokens *t, const float *valence, const ut_theme_mention *m, int *any) {
    const ut_sentence *s = &t->sent[m->sentence];
    uint32_t begin = m->tok_begin > s->tok_begin + UT_THEME_WINDOW ? m->tok_begin - UT_THEME_WINDOW : s->tok_begin;
    uint32_t end = UT_MIN(m->tok_end + UT_THEME_WINDOW, s->tok_end);
    double sum = 0;
    *any = 0;
    for (uint32_t j = begin; j < end; j++) {
        if (valence[j] != 0.0f) {
            sum += valence[j];
            *any = 1;
        }
    }
    return sum;
}

/* Scores the mentions group[0..n) of clause [clause_begin, clause_end). */
static void score_group(const ut_tokens *t, const ut_score_detail *detail, pending *group, uint32_t n,
                        uint32_t clause_begin, uint32_t clause_end) {
    if (!detail) {
        for (uint32_t k = 0; k < n; k++) group[k].m.score = 0.0f;
        return;
    }
    const float *valence = detail->token_valence;
    double clause_sum = 0;
    int has_pos = 0, has_neg = 0;
    for (uint32_t j = clause_begin; j < clause_end; j++) {
        float v = effective_valence(valence, group, n, j);
        clause_sum += v;
        has_pos |= v > 0.0f;
        has_neg |= v < 0.0f;
    }

    double own[GROUP_MAX];
    int owns[GROUP_MAX];
    for (uint32_t k = 0; k < n; k++) {
        own[k] = 0;
        owns[k] = 0;
    }
    if (n > 1 && has_pos && has_neg) {
        for (uint32_t j = clause_begin; j < clause_end; j++) {
            float v = effective_valence(valence, group, n, j);
            if (v == 0.0f) continue;
            /* Ties go to the earlier mention: "the food was great" puts the
             * predicate after its subject more often than before the next. */
            uint32_t nearest = 0, nearest_dist = distance(&group[0].m, j);
            for (uint32_t k = 1; k < n; k++) {
                uint32_t d = distance(&group[k].m, j);
                if (d < nearest_dist) {
                    nearest = k;
                    nearest_dist = d;
                }
            }
            own[nearest] += v;
            owns[nearest] = 1;
        }
    }

    for (uint32_t k = 0; k < n; k++) {
        double score;
        if (owns[k]) {
            score = ut_normalize_valence(own[k]);
        } else if (has_pos || has_neg) {
            score = ut_normalize_valence(clause_sum);
        } else {
            int any;
            double sum = window_sum(t, valence, &group[k].m, &any);
            score = any ? ut_normalize_valence(sum) : detail->sentence[group[k].m.sentence].compound;
        }
        group[k].m.score = (float)score;
    }
}

/* Scores a group and copies it to out[*count..] as far as max allows. */
static void flush_group(const ut_tokens *t, const ut_score_detail *detail, pending *group, uint32_t n,
                        ut_theme_mention *out, uint32_t max, uint32_t *count) {
    if (n == 0) return;
    const ut_clause *c = &t->clause[group[0].m.clause];
    score_group(t, detail, group, n, c->tok_begin, c->tok_end);
    for (uint32_t k = 0; k < n; k++, (*count)++)
        if (*count < max) out[*count] = group[k].m;
}

/* The own valence of a term matched at [begin, ...) in clause c: the slot's,
 * flipped when a negator precedes it within NEGATION_REACH in the clause. */
static float own_valence(const ut_tokens *t, const ut_theme_slot *s, uint32_t begin, const ut_clause *c) {
    double v = s->valence / 100.0;
    uint32_t from = begin > c->tok_begin + NEGATION_REACH ? begin - NEGATION_REACH : c->tok_begin;
    for (uint32_t j = from; j < begin; j++) {
        if (is_negator(t, j)) {
            v *= NEGATION_SCALAR;
            break;
        }
    }
    return (float)v;
}

uint32_t ut_themes_find(const ut_themes *th, const ut_tokens *t, const ut_score_detail *detail,
                        ut_theme_mention *out, uint32_t max) {
    uint32_t count = 0;
    pending group[GROUP_MAX];
    for (uint32_t s = 0; s < t->n_sent; s++) {
        const ut_sentence *sent = &t->sent[s];
        uint32_t found_before = count;
        uint32_t n_group = 0;
        for (uint32_t i = sent->tok_begin; i < sent->tok_end;) {
            uint32_t clause = t->tok[i].clause;
            if (n_group && (group[0].m.clause != clause || n_group == GROUP_MAX)) {
                flush_group(t, detail, group, n_group, out, max, &count);
                n_group = 0;
            }
            const ut_clause *c = &t->clause[clause];
            uint32_t clause_end = UT_MIN(c->tok_end, sent->tok_end);
            uint32_t len = 0;
            const ut_theme_slot *slot = ut_theme_match_slot(th, t, i, clause_end, &len);
            uint32_t theme;
            if (slot) {
                if (slot->theme == UT_THEME_STOP_SLOT) {
                    i += len;
                    continue;
                }
                theme = (uint32_t)slot->theme;
            } else if (UT_UNLIKELY(t->tok[i].kind == UT_TOK_NUMBER) && th->currency_theme >= 0 && is_money(t, i)) {
                len = 1;
                theme = (uint32_t)th->currency_theme;
            } else {
                i++;
                continue;
            }
            pending *p = &group[n_group++];
            p->m = (ut_theme_mention){
                .theme = theme, .tok_begin = i, .tok_end = i + len, .clause = clause, .sentence = s, .score = 0.0f};
            p->has_valence = slot && slot->valence != UT_THEME_NO_VALENCE;
            p->valence = p->has_valence ? own_valence(t, slot, i, c) : 0.0f;
            i += len;
        }
        flush_group(t, detail, group, n_group, out, max, &count);

        if (count == found_before && detail && sent->tok_end > sent->tok_begin &&
            detail->sentence[s].compound < OTHER_THRESHOLD) {
            if (count < max)
                out[count] = (ut_theme_mention){.theme = UT_THEME_OTHER,
                                                .tok_begin = sent->tok_begin,
                                                .tok_end = sent->tok_end,
                                                .clause = t->tok[sent->tok_begin].clause,
                                                .sentence = s,
                                                .score = (float)detail->sentence[s].compound};
            count++;
        }
    }
    return count;
}
