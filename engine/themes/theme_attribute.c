/* theme_attribute.c — finding theme mentions in a tokenized review and giving
 * each the sentiment around it (ut_themes_find, ut_themes_match).
 *
 * The idea: the scorer has already decided what every word contributes
 * (negation, intensity and contrast applied), so attribution only decides
 * which words speak about which mention. The clause is the unit: "the room
 * was clean, but the staff were rude" gives clean to room and rude to staff.
 * A theme named twice in a clause is one mention. Mentions of one clause
 * share its sentiment, unless the clause holds words of both signs ("great
 * food and awful service"): then each word goes to the nearest mention. A mention whose clause is silent looks at a few
 * tokens around it, then at its sentence. A term with its own valence ("cheap"
 * for price) speaks with that valence instead of the lexicon's. One hash
 * probe per token; no allocation: a clause's mentions are scored in a small
 * local array. */
#include <string.h>

#include "util/common.h"
#include "util/hash.h"
#include "model/score_rules.h"
#include "themes/theme_internal.h"

/* Rare paths kept out of the per-token loop so its code stays small in the
 * instruction cache, which the other stages of a review evict. */
#if defined(__GNUC__) || defined(__clang__)
#define RARE_PATH __attribute__((noinline, cold))
#else
#define RARE_PATH
#endif

/* Distinct themes and term occurrences of one clause scored together; a
 * clause with more (a long list of dishes) is scored in consecutive groups. */
#define GROUP_MAX 32
#define SPAN_MAX 64

/* A sentence is negative enough for an "other" mention below this. */
#define OTHER_THRESHOLD (-0.05)

/* How far back a negator flips a term's own valence, and by how much (the
 * scorer's and VADER's factor). */
#define NEGATION_REACH 3
#define NEGATION_SCALAR (-0.74)

/* The valence of a wanted theme's term said to be lacking ("no legroom"):
 * that of the pack's "no recline". */
#define LACK_VALENCE (-1.5f)

/* ut_theme_match_slot for a token whose own slot `s` was found already. */
static inline const ut_theme_slot *match_from(const ut_themes *th, const ut_theme_slot *s, const ut_tokens *t,
                                              uint32_t i, uint32_t end, uint32_t *len) {
    const ut_theme_slot *best = NULL;
    if (s->theme != UT_THEME_NO_TERM) {
        best = s;
        *len = 1;
    }
    uint32_t longest = UT_MIN((uint32_t)s->start_len, end - i);
    if (longest < 2 || !(s->next_words & ut_theme_next_bit(t->tok[i + 1].hash))) return best;
    /* Every prefix of a term is a key, so a missing one ends the search. */
    uint64_t key = t->tok[i].hash;
    for (uint32_t k = 1; k < longest; k++) {
        key = ut_hash_combine(key, t->tok[i + k].hash);
        const ut_theme_slot *m = ut_theme_slot_find(th, key);
        if (!m) break;
        if (m->theme != UT_THEME_NO_TERM) {
            best = m;
            *len = k + 1;
        }
    }
    return best;
}

const ut_theme_slot *ut_theme_match_slot(const ut_themes *th, const ut_tokens *t, uint32_t i, uint32_t end,
                                         uint32_t *len) {
    const ut_theme_slot *s = ut_theme_slot_find(th, t->tok[i].hash);
    return UT_LIKELY(!s) ? NULL : match_from(th, s, t, i, end, len);
}

uint32_t ut_themes_match(const ut_themes *th, const ut_tokens *t, uint32_t i, uint32_t end, uint32_t *theme) {
    uint32_t len = 0;
    const ut_theme_slot *s = ut_theme_match_slot(th, t, i, end, &len);
    if (!s) return 0;
    *theme = s->theme == UT_THEME_STOP_SLOT ? UT_THEME_STOP : (uint32_t)s->theme;
    return len;
}

/* Whether a number token is an amount of money: it holds $, £, €, ¥ or ₹. */
RARE_PATH static int is_money(const ut_tokens *t, uint32_t i) {
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

/* Whether token j negates what follows: not, no, never, ... (the list
 * ut_theme_negators, compared by token hash and confirmed by bytes) or a
 * word ending in n't. */
static int is_negator(const ut_themes *th, const ut_tokens *t, uint32_t j) {
    const char *w = ut_token_norm(t, j);
    uint32_t n = t->tok[j].norm_len;
    if (n >= 3 && (memcmp(w + n - 3, "n't", 3) == 0 || (n >= 5 && memcmp(w + n - 5, "n\xE2\x80\x99t", 5) == 0)))
        return 1;
    const uint64_t hash = t->tok[j].hash;
    for (size_t k = 0; k < UT_THEME_N_NEGATORS; k++)
        if (th->negator_hash[k] == hash && strcmp(w, ut_theme_negators[k]) == 0) return 1;
    return 0;
}

const char *const ut_theme_negators[UT_THEME_N_NEGATORS] = {
    "not", "no",   "never", "without", "hardly", "barely", "nothing", "none",   "nor",  "neither", "cannot",
    "nt",  "isnt", "wasnt", "dont",    "didnt",  "doesnt", "arent",   "werent", "wont", "cant",    "couldnt"};

const char *const ut_theme_pronouns[UT_THEME_N_PRONOUNS] = {
    "it", "its", "it's", "they", "they're", "he", "she", "this", "that", "these", "those", "his", "her", "their"};

/* Whether sentence s opens with one of ut_theme_pronouns. */
static int opens_with_pronoun(const ut_themes *th, const ut_tokens *t, uint32_t s) {
    const ut_sentence *sent = &t->sent[s];
    if (sent->tok_begin >= sent->tok_end) return 0;
    const uint32_t j = sent->tok_begin;
    const uint64_t hash = t->tok[j].hash;
    for (size_t k = 0; k < UT_THEME_N_PRONOUNS; k++)
        if (th->pronoun_hash[k] == hash && strcmp(ut_token_norm(t, j), ut_theme_pronouns[k]) == 0) return 1;
    return 0;
}

const char *const ut_theme_scarce[UT_THEME_N_SCARCE] = {
    /* before the term */
    "no", "little", "less", "limited", "minimal", "minimum", "insufficient", "inadequate", "without", "zero", "lack",
    "lacked", "lacking", "lacks", "reduced", "restricted", "scarce", "fewer",
    /* before the term, after a negator */
    "enough", "much", "any",
    /* after the term */
    "lacking", "minimal", "limited", "insufficient", "inadequate", "nonexistent", "non-existent", "restricted",
    "reduced", "scarce"};

/* The index in ut_theme_scarce of token j within [from, to) of that list, or -1. */
static int scarce_word(const ut_themes *th, const ut_tokens *t, uint32_t j, uint32_t from, uint32_t to) {
    const uint64_t hash = t->tok[j].hash;
    for (uint32_t k = from; k < to; k++)
        if (th->scarce_hash[k] == hash && strcmp(ut_token_norm(t, j), ut_theme_scarce[k]) == 0) return (int)k;
    return -1;
}

/* Whether token j is the word w. */
static int token_is(const ut_tokens *t, uint32_t j, const char *w) {
    return strcmp(ut_token_norm(t, j), w) == 0;
}

/* Whether token j ends in "ing" (a verb or gerund: "knocking"). */
static int ends_in_ing(const ut_tokens *t, uint32_t j) {
    uint32_t n = t->tok[j].norm_len;
    return n > 4 && memcmp(ut_token_norm(t, j) + n - 3, "ing", 3) == 0;
}

/* Whether a term of a wanted theme at [begin, end) of clause c is said to be
 * lacking: a lack word one or two tokens before it ("no legroom", "lack of
 * space", "very little room"; "not enough", "hardly any" with a negator;
 * not "a little", "no one ...", nor "no" + an -ing word), or up to three
 * after it ("legroom was very minimal"). */
RARE_PATH static int lacking(const ut_themes *th, const ut_tokens *t, uint32_t theme, uint32_t begin, uint32_t end,
                             const ut_clause *c) {
    int wanted = 0;
    for (int32_t cur = (int32_t)theme; cur >= 0 && !wanted; cur = th->parents[cur])
        wanted = th->wanted[cur];
    if (!wanted) return 0;
    for (uint32_t j = begin > c->tok_begin + 2 ? begin - 2 : c->tok_begin; j < begin; j++) {
        int k = scarce_word(th, t, j, 0, UT_THEME_N_SCARCE_BEFORE);
        if (k < 0) continue;
        /* "no one reclines", "no knocking knees": the word between says
         * what is absent, not the term */
        if (j + 1 < begin && (token_is(t, j + 1, "one") || ends_in_ing(t, j + 1))) continue;
        if (k >= UT_THEME_N_SCARCE_BEFORE - UT_THEME_N_SCARCE_NEGATED) {
            if (j > c->tok_begin && is_negator(th, t, j - 1)) return 1;
        } else if (!(k == 1 && j > c->tok_begin && token_is(t, j - 1, "a"))) {
            return 1;
        }
    }
    uint32_t stop = UT_MIN(end + 3, c->tok_end);
    for (uint32_t j = end; j < stop; j++)
        if (scarce_word(th, t, j, UT_THEME_N_SCARCE_BEFORE, UT_THEME_N_SCARCE) >= 0) return 1;
    return 0;
}

/* One occurrence of a term in the clause being scored: its tokens, which
 * mention it belongs to, and its own valence (already negated where a
 * negator precedes it) if the term has one. */
typedef struct span {
    uint32_t tok_begin, tok_end;
    uint32_t owner;
    int has_valence;
    float valence;
} span;

/* The mentions of one clause: one per theme (a theme named twice in a clause,
 * "the staff was not friendly", is one opinion, not two), with every
 * occurrence kept as a span so each counts when words are given to the
 * nearest mention. */
typedef struct clause_group {
    ut_theme_mention mention[GROUP_MAX];
    uint32_t n_mentions;
    span spans[SPAN_MAX];
    uint32_t n_spans;
    int any_valued; /* a span has its own valence: only then can a token's valence differ from the scorer's */
} clause_group;

/* Token distance from a span to token j (0 inside it). */
static uint32_t distance(const span *sp, uint32_t j) {
    if (j < sp->tok_begin) return sp->tok_begin - j;
    if (j >= sp->tok_end) return j - sp->tok_end + 1;
    return 0;
}

/* The valence token j carries in this clause: a valued term's own valence on
 * its first token (0 on the others), else the scorer's. */
static float effective_valence(const float *valence, const clause_group *g, uint32_t j) {
    if (!g->any_valued) return valence[j];
    for (uint32_t k = 0; k < g->n_spans; k++) {
        const span *sp = &g->spans[k];
        if (sp->has_valence && j >= sp->tok_begin && j < sp->tok_end) return j == sp->tok_begin ? sp->valence : 0.0f;
    }
    return valence[j];
}

/* Sum of valences of the tokens within UT_THEME_WINDOW of the span in its
 * sentence; *any says whether one carried sentiment. */
static double window_sum(const float *valence, const ut_sentence *s, const span *sp, int *any) {
    uint32_t begin = sp->tok_begin > s->tok_begin + UT_THEME_WINDOW ? sp->tok_begin - UT_THEME_WINDOW : s->tok_begin;
    uint32_t end = UT_MIN(sp->tok_end + UT_THEME_WINDOW, s->tok_end);
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

/* Scores the mentions of g, whose clause is [clause_begin, clause_end). */
static void score_group(const ut_tokens *t, const ut_score_detail *detail, clause_group *g, uint32_t clause_begin,
                        uint32_t clause_end) {
    uint32_t n = g->n_mentions;
    if (!detail) {
        for (uint32_t k = 0; k < n; k++)
            g->mention[k].score = 0.0f;
        return;
    }
    const float *valence = detail->token_valence;
    double clause_sum = 0;
    int has_pos = 0, has_neg = 0;
    if (!g->any_valued) {
        /* Most words carry no valence. Leaving out a zero keeps the sum
         * exact: it starts at +0.0 and so is never -0.0, and x + 0 == x. */
        for (uint32_t j = clause_begin; j < clause_end; j++) {
            const float v = valence[j];
            if (v == 0.0f) continue;
            clause_sum += v;
            has_pos |= v > 0.0f;
            has_neg |= v < 0.0f;
        }
    } else {
        for (uint32_t j = clause_begin; j < clause_end; j++) {
            float v = effective_valence(valence, g, j);
            clause_sum += v;
            has_pos |= v > 0.0f;
            has_neg |= v < 0.0f;
        }
    }

    /* Words of both signs among several mentions: each word goes to the
     * nearest mention. Otherwise every mention with sentiment in its clause
     * takes the clause's, computed once. */
    const int mixed = n > 1 && has_pos && has_neg;
    double own[GROUP_MAX];
    int owns[GROUP_MAX];
    if (mixed) {
        for (uint32_t k = 0; k < n; k++) {
            own[k] = 0;
            owns[k] = 0;
        }
        for (uint32_t j = clause_begin; j < clause_end; j++) {
            float v = effective_valence(valence, g, j);
            if (v == 0.0f) continue;
            /* Ties go to the earlier span: "the food was great" puts the
             * predicate after its subject more often than before the next. */
            uint32_t nearest = 0, nearest_dist = UINT32_MAX;
            for (uint32_t k = 0; k < g->n_spans; k++) {
                uint32_t d = distance(&g->spans[k], j);
                if (d < nearest_dist) {
                    nearest = g->spans[k].owner;
                    nearest_dist = d;
                }
            }
            own[nearest] += v;
            owns[nearest] = 1;
        }
    }

    const double clause_score = has_pos || has_neg ? ut_normalize_valence(clause_sum) : 0.0;
    for (uint32_t k = 0; k < n; k++) {
        ut_theme_mention *m = &g->mention[k];
        double score;
        if (mixed && owns[k]) {
            score = ut_normalize_valence(own[k]);
        } else if (has_pos || has_neg) {
            score = clause_score;
        } else {
            /* a silent clause: the words around any occurrence of the theme */
            int any = 0;
            double sum = 0;
            for (uint32_t sp = 0; sp < g->n_spans; sp++) {
                if (g->spans[sp].owner != k) continue;
                int here;
                sum += window_sum(valence, &t->sent[m->sentence], &g->spans[sp], &here);
                any |= here;
                break; /* the first occurrence's window: later ones would count shared words twice */
            }
            score = any ? ut_normalize_valence(sum) : detail->sentence[m->sentence].compound;
        }
        m->score = (float)score;
    }
}

static float own_valence(const ut_themes *th, const ut_tokens *t, const ut_theme_slot *s, uint32_t begin, uint32_t len,
                         const ut_clause *c);
static float negated_valence(const ut_themes *th, const ut_tokens *t, double v, uint32_t begin, const ut_clause *c);

/* Whether theme `id` is `ancestor` or below it (theme.c's
 * ut_themes_is_within, read from the table here: theme.c uses this file's
 * word lists, and the layers allow one direction only). */
static int theme_within(const ut_themes *th, uint32_t id, uint32_t ancestor) {
    for (int32_t cur = (int32_t)id; cur >= 0; cur = th->parents[cur])
        if ((uint32_t)cur == ancestor) return 1;
    return 0;
}

/* The opinion words of the clause [begin, end) ("~cold" in a pack) that
 * speak about a theme g names, or one below it: each becomes a valued span
 * of the nearest such mention ("the fries were cold" gives -1.5 to food;
 * "the beer was cold and the fries were cold" gives each its own). A word
 * inside a term with its own valence is left to that term. */
RARE_PATH static void add_opinions(const ut_themes *th, const ut_tokens *t, clause_group *g, uint32_t begin,
                                   uint32_t end) {
    const ut_clause *c = &t->clause[g->mention[0].clause];
    const uint32_t n_term_spans = g->n_spans;
    for (uint32_t j = begin; j < end && g->n_spans < SPAN_MAX; j++) {
        const uint64_t key = t->tok[j].hash;
        if (!ut_theme_opinion_maybe(th->opinion_filter, key)) continue;
        int inside_valued = 0;
        for (uint32_t k = 0; k < n_term_spans; k++)
            inside_valued |= g->spans[k].has_valence && j >= g->spans[k].tok_begin && j < g->spans[k].tok_end;
        if (inside_valued) continue;
        /* the nearest mention that one of the word's entries speaks about */
        uint32_t owner = UINT32_MAX, owner_dist = UINT32_MAX, opinion_theme = 0;
        int16_t valence = 0;
        for (uint32_t i = (uint32_t)key & th->opinion_mask; th->opinions[i].used; i = (i + 1) & th->opinion_mask) {
            const ut_theme_opinion *o = &th->opinions[i];
            if (o->key != key || o->theme < 0) continue;
            for (uint32_t k = 0; k < n_term_spans; k++) {
                const uint32_t m = g->spans[k].owner;
                if (!theme_within(th, g->mention[m].theme, (uint32_t)o->theme)) continue;
                const uint32_t d = distance(&g->spans[k], j);
                /* nearest first; at one mention, the entry of the narrower
                 * theme ("~hot" for a bathroom, not for any room) */
                if (d < owner_dist || (m == owner && d == owner_dist && (uint32_t)o->theme != opinion_theme &&
                                       theme_within(th, (uint32_t)o->theme, opinion_theme))) {
                    opinion_theme = (uint32_t)o->theme;
                    owner = m;
                    owner_dist = d;
                    valence = o->valence;
                }
            }
        }
        if (owner == UINT32_MAX) continue;
        span *sp = &g->spans[g->n_spans++];
        *sp = (span){.tok_begin = j,
                     .tok_end = j + 1,
                     .owner = owner,
                     .has_valence = 1,
                     .valence = negated_valence(th, t, valence / 100.0, j, c)};
        g->any_valued = 1;
    }
}

/* Scores g and copies its mentions to out[*count..] as far as max allows;
 * empties g. */
static void flush_group(const ut_themes *th, const ut_tokens *t, const ut_score_detail *detail, clause_group *g,
                        ut_theme_mention *out, uint32_t max, uint32_t *count) {
    if (g->n_mentions == 0) return;
    const ut_clause *c = &t->clause[g->mention[0].clause];
    if (UT_UNLIKELY(th->n_opinions) && detail) add_opinions(th, t, g, c->tok_begin, c->tok_end);
    score_group(t, detail, g, c->tok_begin, c->tok_end);
    for (uint32_t k = 0; k < g->n_mentions; k++, (*count)++)
        if (*count < max) out[*count] = g->mention[k];
    g->n_mentions = 0;
    g->n_spans = 0;
    g->any_valued = 0;
}

/* The own valence of a term matched at [begin, begin+len) in clause c: the
 * slot's, flipped when a negator precedes it within NEGATION_REACH in the
 * clause, and none for a waiting complaint term beside a short wait ("we
 * waited about 5 minutes, which is normal"), which the complaint cues hold
 * for no complaint either. */
RARE_PATH static float own_valence(const ut_themes *th, const ut_tokens *t, const ut_theme_slot *s, uint32_t begin,
                                   uint32_t len, const ut_clause *c) {
    double v = s->valence / 100.0;
    if (v < 0 && (ut_cue_classes(t->tok[begin].hash) & (UT_CUE_WAITING | UT_CUE_WAIT_NOUN)) &&
        ut_short_wait_near(t, c->tok_begin, c->tok_end, begin, begin + len))
        return 0.0f;
    return negated_valence(th, t, v, begin, c);
}

/* v flipped when a negator precedes token `begin` within NEGATION_REACH in
 * clause c. */
static float negated_valence(const ut_themes *th, const ut_tokens *t, double v, uint32_t begin, const ut_clause *c) {
    uint32_t from = begin > c->tok_begin + NEGATION_REACH ? begin - NEGATION_REACH : c->tok_begin;
    for (uint32_t j = from; j < begin; j++) {
        if (is_negator(th, t, j)) {
            v *= NEGATION_SCALAR;
            break;
        }
    }
    return (float)v;
}

/* Adds an occurrence of `theme` at [begin, begin+len) to the clause group,
 * flushing the group first when the clause changed or the group is full. */
static void group_add(const ut_themes *th, const ut_tokens *t, const ut_score_detail *detail, clause_group *g,
                      ut_theme_mention *out, uint32_t max, uint32_t *count, uint32_t theme, uint32_t begin,
                      uint32_t len, uint32_t clause, uint32_t sentence, const ut_theme_slot *slot) {
    uint32_t owner = UINT32_MAX;
    for (uint32_t k = 0; k < g->n_mentions; k++)
        if (g->mention[k].theme == theme) owner = k;
    if (g->n_spans == SPAN_MAX || (owner == UINT32_MAX && g->n_mentions == GROUP_MAX)) {
        flush_group(th, t, detail, g, out, max, count);
        owner = UINT32_MAX;
    }
    if (owner == UINT32_MAX) {
        owner = g->n_mentions++;
        g->mention[owner] = (ut_theme_mention){
            .theme = theme, .tok_begin = begin, .tok_end = begin + len, .clause = clause, .sentence = sentence};
    }
    span *sp = &g->spans[g->n_spans++];
    sp->tok_begin = begin;
    sp->tok_end = begin + len;
    sp->owner = owner;
    sp->has_valence = slot && slot->valence != UT_THEME_NO_VALENCE;
    sp->valence = sp->has_valence ? own_valence(th, t, slot, begin, len, &t->clause[clause]) : 0.0f;
    if (!sp->has_valence && UT_UNLIKELY(th->any_wanted) &&
        lacking(th, t, theme, begin, begin + len, &t->clause[clause])) {
        /* a wanted thing said to be lacking: a complaint, whatever the
         * sentiment lexicon makes of "no" or "enough" */
        sp->has_valence = 1;
        sp->valence = LACK_VALENCE;
    }
    g->any_valued |= sp->has_valence;
}

uint32_t ut_themes_find(const ut_themes *th, const ut_tokens *t, const ut_score_detail *detail, ut_theme_mention *out,
                        uint32_t max) {
    uint32_t count = 0;
    clause_group g;
    g.n_mentions = g.n_spans = 0;
    g.any_valued = 0;
    for (uint32_t s = 0; s < t->n_sent; s++) {
        const ut_sentence *sent = &t->sent[s];
        uint32_t found_before = count;
        for (uint32_t i = sent->tok_begin; i < sent->tok_end;) {
            /* Most tokens are no key: one filter load turns them away. The
             * group of the previous clause is flushed when the next mention
             * (or the sentence end) comes, which writes the same mentions in
             * the same order as flushing at the clause's first token. */
            const ut_token *tok = &t->tok[i];
            const ut_theme_slot *first =
                ut_key_filter_maybe(th->filter, tok->hash) ? ut_theme_slot_probe(th, tok->hash) : NULL;
            if (UT_LIKELY(!first) && UT_LIKELY(tok->kind != UT_TOK_NUMBER || th->currency_theme < 0)) {
                i++;
                continue;
            }
            uint32_t clause = tok->clause;
            const ut_clause *c = &t->clause[clause];
            uint32_t clause_end = UT_MIN(c->tok_end, sent->tok_end);
            uint32_t len = 0;
            const ut_theme_slot *slot = first ? match_from(th, first, t, i, clause_end, &len) : NULL;
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
            if (g.n_mentions && g.mention[0].clause != clause) flush_group(th, t, detail, &g, out, max, &count);
            group_add(th, t, detail, &g, out, max, &count, theme, i, len, clause, s, slot);
            i += len;
        }
        flush_group(th, t, detail, &g, out, max, &count);

        if (count == found_before && detail && sent->tok_end > sent->tok_begin &&
            detail->sentence[s].compound < OTHER_THRESHOLD) {
            /* A negative sentence that names no theme but opens with a
             * pronoun goes on with the complaint the sentence before ended
             * on: "Where is my bag? Its been 3 days.", "The waiter was rude.
             * He ignored us." Otherwise it is "other". */
            uint32_t theme = UT_THEME_OTHER;
            if (found_before > 0 && found_before <= max && s > 0 && out[found_before - 1].sentence == s - 1 &&
                out[found_before - 1].theme != UT_THEME_OTHER && out[found_before - 1].score < OTHER_THRESHOLD &&
                opens_with_pronoun(th, t, s))
                theme = out[found_before - 1].theme;
            if (count < max)
                out[count] = (ut_theme_mention){.theme = theme,
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
