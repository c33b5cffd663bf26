/* score_default.c — undertone's default review model: ut_score_tokens().
 *
 * The idea: a review's sentiment is the sum of its lexicon terms, each
 * adjusted by the words around it inside its clause, and each clause
 * weighted by where the verdict lies. Per token, one lexicon probe (longest
 * multi-word match first, so "waste of money" or "no problems" win over their
 * words) and one probe of the function-word table (score_rules.h). Inside a
 * clause: a negator flips the terms after it up to the clause end (a comma
 * or "but" ends its scope), boosters and dampeners scale the next term,
 * ALL-CAPS and elongation emphasise. Across clauses: "but"/"however" shift
 * weight to the clause that follows, "although"/"despite" discount their own
 * clause. Per sentence: '!' amplifies, '?' dampens. The summed valence is
 * mapped to [-1, 1] with ut_normalize_valence, as VADER does, so scores of
 * the two models read alike.
 *
 * Hot path: one pass over tokens, no allocation unless `detail` is asked
 * for (then only its arrays, from the arena). */
#include "model/score_default.h"

#include <string.h>

#include "util/common.h"
#include "util/hash.h"
#include "model/lexicon_internal.h"
#include "model/score_internal.h"
#include "model/score_rules.h"

/* Tokens listed per candidate pass: a clause longer than this is read in
 * blocks (a match may run past a block's end; the next block starts after it). */
#ifndef UT_SCORE_CHUNK
#define UT_SCORE_CHUNK 64
#endif

/* Rare paths kept out of the per-token loop so its code stays small in the
 * instruction cache, which the other stages of a review evict. */
#if defined(__GNUC__) || defined(__clang__)
#define RARE_PATH __attribute__((noinline, cold))
#else
#define RARE_PATH
#endif

/* Values measured with build/accuracy (docs/model.md). */
const ut_default_params ut_default_params_standard = {
    .negate_positive = -0.75f,
    .negate_negative = -0.5f,
    .negation_window = 6,
    .negation_once = 0,
    .caps_factor = 1.3f,
    .elongated_factor = 1.15f,
    .contrast_before = 0.3f,
    .contrast_after = 1.5f,
    .concession = 0.5f,
    .exclaim_step = 0.15f,
    .exclaim_max = 3,
    .question_positive = 0.5f,
    .question_negative = 0.85f,
    .negative_weight = 1.26f,
    .last_sentence = 0.0f,
    .first_sentence = 0.0f,
    .expectation = 0.5f,
    .bare_negation = -1.0f,
    .body_cap = 3.0f,
    .remedy = -0.75f,
    .remedy_window = 4,
    .owed = -1.8f,
    .owed_window = 3,
};

/* Counts of the VADER-style proportions: a positive term adds 1 + valence
 * to `pos`, a negative one 1 + |valence| to `neg`, any other word 1 to `neu`. */
typedef struct polarity_mass {
    double pos, neg, neu;
} polarity_mass;

static void mass_to_sentiment(const polarity_mass *m, double sum, ut_sentiment *out) {
    double total = m->pos + m->neg + m->neu;
    out->compound = ut_normalize_valence(sum);
    if (total <= 0.0) {
        out->positive = out->negative = 0.0;
        out->neutral = 1.0;
        return;
    }
    out->positive = m->pos / total;
    out->negative = m->neg / total;
    out->neutral = 1.0 - out->positive - out->negative;
    if (out->neutral < 0.0) out->neutral = 0.0;
}

/* The state of one clause while its tokens are read. */
typedef struct clause_state {
    int64_t negator_at;   /* token index of the active negator, -1 if none */
    int negator_is_never; /* "never been so happy": with a booster in between, emphasis */
    int64_t modifier_at;  /* last token of the pending booster/dampener, -1 if none */
    float modifier;       /* product of the pending modifiers' factors */
    const char *modifier_rule;
    int expecting;     /* after an expectation word ("hoped", "expected") in this sentence */
    int64_t remedy_at; /* last token of the active remedy verb ("cleared", "got rid"), -1 if none */
    int64_t term_at;   /* first token of the last sentiment term scored, -1 if none */
} clause_state;

/* True when a word token's rule entry should act as a modifier here, not as
 * the sentiment word it also is ("pretty good" vs "pretty dress",
 * "incredibly comfortable" vs "it was incredible"). */
RARE_PATH static int modifies_next(const ut_lexicon *lex, const ut_tokens *t, uint32_t after, uint32_t end) {
    float v = 0.0f;
    for (uint32_t j = after; j < end && j < after + 2; j++) {
        if (ut_lexicon_match(lex, t, j, end, &v) && v != 0.0f) return 1;
        const ut_rule *r = ut_rule_find(t->tok[j].hash, j + 1 < end ? t->tok[j + 1].hash : 0);
        if (!r || (r->kind != UT_RULE_BOOSTER && r->kind != UT_RULE_DAMPENER)) return 0;
    }
    return 0;
}

/* "loooove", "sooo", "yaaay": an elongated word that is not in the lexicon
 * as written is looked up with its letter runs cut to one and to two
 * ("yay", "good"). Only tokens flagged elongated pay for this. */
RARE_PATH static uint32_t squeezed_lookup(const ut_lexicon *lex, const ut_tokens *t, uint32_t i, float *valence) {
    const char *norm = ut_token_norm(t, i);
    const uint32_t len = t->tok[i].norm_len;
    char buf[64];
    if (len > sizeof buf) return 0;
    for (uint32_t keep = 1; keep <= 2; keep++) {
        uint32_t n = 0, run = 0;
        for (uint32_t k = 0; k < len; k++) {
            run = k > 0 && norm[k] == norm[k - 1] ? run + 1 : 1;
            if (run <= keep) buf[n++] = norm[k];
        }
        if (n != len && ut_lexicon_lookup(lex, ut_hash_bytes(buf, n), valence)) return 1;
    }
    return 0;
}

/* ---- complaint cues (docs/model.md, "Complaint cues") ----
 *
 * Customers complain without a negative word: "on hold for 2 hours", "3 days
 * later", "It has been six.", "called 5 times", "still in Chicago". The
 * words that carry such a cue are rule words of kind UT_RULE_CUE; when one
 * is met, cue_valence() reads its neighbours in the clause and says whether
 * the cue holds. It runs only on those words (0.6% of review tokens), and
 * reads the neighbours' classes from a generated hash table (score_rules.h),
 * one probe per token. Each rule is written to stay silent on neutral facts
 * ("open for 2 hours", "arrived in 3 days", "used it 3 times", "still in the
 * box"). */

/* The valence of a cue that holds, before the complaint weight: a clear
 * complaint, like "delay" (-2.0) or "no response" (-2.2). */
#define CUE_VALENCE (-1.8f)

enum { CUE_UNIT = 1, CUE_UNIT_WORD = 2, CUE_TIMES = 3, CUE_BEEN = 4, CUE_STILL = 5 };

/* Minutes under this are no wait worth a complaint ("waited 5 minutes"). */
#define CUE_MINUTES_FLOOR 15

/* How far back from a duration a waiting or asking word is looked for:
 * "I was on hold with their support line for 2 hours" is 8 tokens. */
#define CUE_LOOK_BACK 10

static int norm_is(const ut_tokens *t, uint32_t i, const char *w) {
    const size_t len = strlen(w);
    return t->tok[i].norm_len == len && memcmp(ut_token_norm(t, i), w, len) == 0;
}

static unsigned classes_at(const ut_tokens *t, uint32_t i) {
    return ut_cue_classes(t->tok[i].hash);
}

/* The count at token i (digits, or a count word of score_rules_table.c), or
 * -1 when it is none. */
static int count_at(const ut_tokens *t, uint32_t i) {
    if (t->tok[i].kind == UT_TOK_NUMBER) {
        const char *s = ut_token_norm(t, i);
        int v = 0;
        for (uint32_t k = 0; k < t->tok[i].norm_len && s[k] >= '0' && s[k] <= '9' && v < 100000; k++)
            v = v * 10 + (s[k] - '0');
        return v;
    }
    const ut_cue_word *w = ut_cue_word_find(t->tok[i].hash);
    return w && w->count ? w->count : -1;
}

/* Whether a word of `classes` stands in the CUE_LOOK_BACK tokens before
 * token `before`, inside the clause. */
static int shortly_before(const ut_tokens *t, uint32_t begin, uint32_t before, unsigned classes) {
    const uint32_t from = before - begin > CUE_LOOK_BACK ? before - CUE_LOOK_BACK : begin;
    for (uint32_t k = from; k < before; k++)
        if (classes_at(t, k) & classes) return 1;
    return 0;
}

/* The duration whose count is at token `count` and whose unit ends at
 * token `unit` (the same token for "two-hour"): a complaint when it is
 * waiting ("on hold for 2 hours", "a two-hour wait", "been 3 weeks", "3 days
 * later", "another 3 weeks", "took 3 weeks"), silent when it is quick or
 * routine ("arrived in 3 days", "open for 2 hours", "every 2 hours") or a
 * few minutes. */
static int duration_is_wait(const ut_tokens *t, uint32_t begin, uint32_t end, uint32_t count, uint32_t unit,
                            int value) {
    const unsigned unit_classes = classes_at(t, unit);
    if ((unit_classes & UT_CUE_MINUTES) && value < CUE_MINUTES_FLOOR) return 0; /* "waited 5 minutes" is no complaint */
    /* the word before the count, past "about", "over", "more than" ... */
    uint32_t k = count;
    while (k > begin && (classes_at(t, k - 1) & UT_CUE_APPROX)) {
        if (norm_is(t, k - 1, "another")) return 1; /* "another two-hour wait", "another 3 weeks" */
        if (norm_is(t, k - 1, "than") && k >= begin + 2 && norm_is(t, k - 2, "less")) return 0;
        k--;
    }
    if (k > begin && (classes_at(t, k - 1) & UT_CUE_QUICK)) return 0;
    if (k > begin && norm_is(t, k - 1, "been")) return 1; /* "it's been 3 days", "been over an hour" */
    if (unit + 1 < end && norm_is(t, unit + 1, "later")) return 1;
    /* "forty minutes before anyone took our order": time spent until served */
    if (unit + 2 < end && norm_is(t, unit + 1, "before") &&
        (norm_is(t, unit + 2, "anyone") || norm_is(t, unit + 2, "anybody") || norm_is(t, unit + 2, "someone") ||
         norm_is(t, unit + 2, "somebody")))
        return 1;
    for (uint32_t j = unit + 1; j < end && j <= unit + 2; j++)
        if (classes_at(t, j) & UT_CUE_WAIT_NOUN) return 1;
    if (shortly_before(t, begin, count, UT_CUE_WAITING)) return 1;
    /* "took 3 weeks to arrive"; "took about a week" is ordinary */
    return (unit_classes & UT_CUE_LONG_UNIT) && value >= 2 && shortly_before(t, begin, count, UT_CUE_TOOK);
}

/* The count of minutes whose unit is token `unit`, counted from the
 * clause start `begin`: digits or a count word, "a"/"an" (a minute), "a
 * few"/"a couple of" (3, 2); -1 when there is none. */
static int minutes_at(const ut_tokens *t, uint32_t begin, uint32_t unit) {
    if (unit == begin) return -1;
    const uint32_t n = unit - 1;
    if (norm_is(t, n, "few")) return 3;
    if (norm_is(t, n, "couple")) return 2;
    if (norm_is(t, n, "of") && n > begin && norm_is(t, n - 1, "couple")) return 2;
    if (norm_is(t, n, "a") || norm_is(t, n, "an")) return 1;
    return count_at(t, n);
}

int ut_short_wait_near(const ut_tokens *t, uint32_t begin, uint32_t end, uint32_t term_begin, uint32_t term_end) {
    if (end > t->n_tok) end = t->n_tok;
    const uint32_t from = term_begin > begin + 2 ? term_begin - 2 : begin;
    const uint32_t to = term_end + 4 < end ? term_end + 4 : end;
    for (uint32_t j = from; j < to; j++) {
        if (j >= term_begin && j < term_end) continue;
        if (!(classes_at(t, j) & UT_CUE_MINUTES)) continue;
        const int value = minutes_at(t, begin, j);
        return value > 0 && value < CUE_MINUTES_FLOOR;
    }
    return 0;
}

/* The valence of the cue on token i (its rule's factor names the cue) in
 * the clause [begin, end), or 0 when the cue does not hold there. */
RARE_PATH static float cue_valence(const ut_tokens *t, uint32_t begin, uint32_t end, uint32_t i, int cue) {
    switch (cue) {
    case CUE_UNIT: {
        if (i == begin) return 0;
        uint32_t n = i - 1;
        int value;
        if (norm_is(t, n, "of") && n > begin && (norm_is(t, n - 1, "couple") || norm_is(t, n - 1, "few"))) {
            n--; /* "a couple of hours" */
            value = norm_is(t, n, "couple") ? 2 : 3;
        } else if (norm_is(t, n, "few") || norm_is(t, n, "couple")) {
            value = 3; /* "a few minutes" stays below the minutes' floor */
        } else {
            value = count_at(t, n);
        }
        if (value <= 0) return 0;
        if (norm_is(t, n, "few") && value == 3 && (classes_at(t, i) & UT_CUE_MINUTES)) return 0;
        return duration_is_wait(t, begin, end, n, i, value) ? CUE_VALENCE : 0;
    }
    case CUE_UNIT_WORD: /* "two-hour": its count is inside; minute forms are all >= 30 */
        return duration_is_wait(t, begin, end, i, i, 30) ? CUE_VALENCE : 0;
    case CUE_TIMES: {
        if (i == begin) return 0;
        const int value = count_at(t, i - 1);
        if (value < 3) return 0; /* once, twice: routine */
        return shortly_before(t, begin, i - 1, UT_CUE_ASKING) ? CUE_VALENCE : 0;
    }
    case CUE_BEEN: /* "It has been six." */
        return i + 2 == end && count_at(t, i + 1) >= 2 ? CUE_VALENCE : 0;
    case CUE_STILL: /* "still in Chicago", "still at JFK": not where it was promised */
        /* people being somewhere is no failure: "I was still in Chicago when ..." */
        if (i > begin && (norm_is(t, i - 1, "i'm") || norm_is(t, i - 1, "we're") || norm_is(t, i - 1, "i") ||
                          norm_is(t, i - 1, "we")))
            return 0;
        if (i >= begin + 2 && (norm_is(t, i - 2, "i") || norm_is(t, i - 2, "we")) &&
            (norm_is(t, i - 1, "was") || norm_is(t, i - 1, "were") || norm_is(t, i - 1, "am")))
            return 0;
        return i + 2 < end && (norm_is(t, i + 1, "in") || norm_is(t, i + 1, "at")) &&
                       (t->tok[i + 2].flags & (UT_TF_CAPITALIZED | UT_TF_ALLCAPS)) &&
                       !(t->tok[i + 2].flags & UT_TF_SENT_START)
                   ? CUE_VALENCE
                   : 0;
    default:
        return 0;
    }
}

/* What every clause of one call reads: the constants, the tokens, and the
 * detail arrays (NULL when no detail was asked for). */
typedef struct score_ctx {
    const ut_lexicon *lex;
    const uint64_t *word_filter; /* ut_scorer.word_filter: most words are plain, known after one check */
    const ut_default_params *p;
    const ut_tokens *t;
    int caps_emphasis; /* ALL-CAPS words emphasise: some, not all, words are shouted; -1 until
                          a shouted term or booster asks (most reviews never do) */
    float *token_valence;
    const char **token_rule;
    float *clause_valence;
} score_ctx;

/* A review's sentences are summed in three parts: the first (a title when
 * there is one), the last, and the body between them, which counts at most
 * as much as `body_cap` of its sentences on average (ut_default_params). */
typedef struct review_acc {
    double first;  /* sentence 0's sum, once sentence 1 is done */
    double body;   /* the sentences between the first and the latest */
    double latest; /* the last finished sentence's sum, still open to "But ..." */
    polarity_mass mass;
} review_acc;

typedef struct sentence_acc {
    uint32_t index;
    uint32_t first_clause;
    double sum;          /* clauses read so far, with contrast applied */
    double clause_scale; /* weight of the clauses after a "but" */
    int opens_negated;   /* the sentence's first token is a negator */
    int expecting;       /* an expectation word was met, and no contrast since */
    uint32_t terms;      /* sentiment terms and cues met */
    polarity_mass mass;
} sentence_acc;

/* Whether ALL-CAPS is emphasis in this review: only when the rest of the
 * text is not shouted too. Counted on first need, as few reviews shout. */
RARE_PATH static int count_caps_emphasis(const ut_tokens *t) {
    uint32_t caps_words = 0, words = 0;
    for (uint32_t i = 0; i < t->n_tok; i++) {
        if (t->tok[i].kind != UT_TOK_WORD) continue;
        words++;
        caps_words += (t->tok[i].flags & UT_TF_ALLCAPS) != 0;
    }
    return caps_words > 0 && caps_words < words;
}

static inline int caps_emphasis(score_ctx *x) {
    if (x->caps_emphasis < 0) x->caps_emphasis = count_caps_emphasis(x->t);
    return x->caps_emphasis;
}

/* "but", "however", "until": what came before in the sentence weighs less,
 * what follows more; a sentence that opens with one also discounts the
 * sentence before it. */
RARE_PATH static void shift_to_contrast(const score_ctx *x, review_acc *review, sentence_acc *sent, uint32_t clause_idx,
                                        int opens_sentence) {
    const double before = x->p->contrast_before;
    sent->sum *= before;
    if (x->clause_valence)
        for (uint32_t k = sent->first_clause; k < clause_idx; k++)
            x->clause_valence[k] *= (float)before;
    if (opens_sentence && sent->index > 0) {
        review->latest *= before;
    }
    sent->clause_scale = x->p->contrast_after;
    sent->expecting = 0; /* "I expected a sturdy pan, but it is flimsy": the outcome */
}

/* One sentiment term found at token i (valence from the lexicon, `matched`
 * tokens long) with the clause's pending modifiers and negator applied.
 * Returns its final valence and records the detail. */
static double score_term(score_ctx *x, clause_state *st, uint32_t i, uint32_t matched, float valence,
                         double clause_weight) {
    const ut_default_params *p = x->p;
    const ut_token *tok = &x->t->tok[i];
    double v = valence;
    const char *rule = matched > 1 ? "phrase" : "lexicon";
    int boosted_after_never = 0;
    if (st->modifier_at >= 0 && (int64_t)i - st->modifier_at <= 2) {
        v *= st->modifier;
        rule = st->modifier_rule;
        boosted_after_never = st->negator_is_never && st->modifier_at > st->negator_at && st->modifier > 1.0f;
    }
    st->modifier = 1.0f;
    st->modifier_at = -1;
    if ((tok->flags & UT_TF_ALLCAPS) && caps_emphasis(x)) {
        v *= p->caps_factor;
        rule = "caps";
    }
    if (tok->flags & UT_TF_ELONGATED) v *= p->elongated_factor;
    if (st->expecting) {
        v *= p->expectation;
        rule = "expectation";
    }
    if (v < 0 && st->remedy_at >= 0 && (int64_t)i - st->remedy_at <= p->remedy_window) {
        v *= p->remedy;
        rule = "remedy";
    }
    if (st->negator_at >= 0 && (int64_t)i - st->negator_at <= p->negation_window && !boosted_after_never) {
        v *= v > 0 ? p->negate_positive : p->negate_negative;
        rule = "negation";
        if (p->negation_once) st->negator_at = -1;
    }
    if (v < 0) v *= p->negative_weight;
    if (x->token_valence) {
        x->token_valence[i] = (float)(v * clause_weight);
        x->token_rule[i] = rule;
    }
    return v;
}

/* Whether the owed service at token i (a rule word of UT_RULE_OWED) was
 * negated: a negator at most owed_window tokens before it with no sentiment
 * term between them ("no complaints and rooms cleaned daily" spent it), and
 * no booster after it, where "never" is emphasis ("never been greeted so
 * warmly", "never been served such good food"). */
static int owed_not_given(const score_ctx *x, const clause_state *st, uint32_t i, uint32_t end) {
    const ut_default_params *p = x->p;
    if (p->owed == 0.0f || st->negator_at < 0 || (int64_t)i - st->negator_at > p->owed_window ||
        st->term_at > st->negator_at)
        return 0;
    if (i + 1 < end) {
        const uint64_t h = x->t->tok[i + 1].hash;
        const ut_rule *next = ut_rule_maybe(h) ? ut_rule_find(h, i + 2 < end ? x->t->tok[i + 2].hash : 0) : NULL;
        if (next && next->kind == UT_RULE_BOOSTER) return 0;
    }
    const ut_tokens *t = x->t;
    const uint32_t negator = (uint32_t)st->negator_at;
    /* "no other hotel offered": a comparison, praise */
    if (negator + 1 < i && norm_is(t, negator + 1, "other")) return 0;
    /* "I haven't contacted them yet", "I've never cleaned the filter": the
     * reviewer did not act; "we were never greeted" is owed all the same */
    const uint32_t clause_begin = t->clause[t->tok[i].clause].tok_begin;
    for (uint32_t k = negator > clause_begin + 2 ? negator - 2 : clause_begin; k < negator; k++) {
        if (!(classes_at(t, k) & UT_CUE_SELF)) continue;
        for (uint32_t j = k + 1; j < i; j++)
            if (classes_at(t, j) & UT_CUE_PASSIVE) return 1;
        return 0;
    }
    return 1;
}

/* A complaint phrase that holds an expectation word ("i was expecting",
 * "had hoped", "supposed to be") scores as itself, and what follows it is
 * expected, not had. Praise that holds one ("everything i wanted", "would
 * buy again") is an outcome and leaves what follows alone. */
RARE_PATH static void expectation_in_phrase(const score_ctx *x, clause_state *st, sentence_acc *sent, uint32_t from,
                                            uint32_t to) {
    for (uint32_t k = from; k < to; k++) {
        const uint64_t h = x->t->tok[k].hash;
        const ut_rule *r = ut_rule_maybe(h) ? ut_rule_find(h, 0) : NULL;
        if (r && r->kind == UT_RULE_EXPECTATION && r->words == 1) {
            st->expecting = sent->expecting = 1;
            return;
        }
    }
}

/* Reads one clause: negators, modifiers and terms, left to right. Adds the
 * clause's weighted sum to the sentence. */
static void score_clause(score_ctx *x, review_acc *review, sentence_acc *sent, uint32_t clause_idx) {
    const ut_default_params *p = x->p;
    const ut_tokens *t = x->t;
    const ut_clause *c = &t->clause[clause_idx];
    const uint32_t end = c->tok_end;
    uint32_t i = c->tok_begin;
    double clause_sum = 0.0;
    double clause_carry = 0.0; /* the part before a mid-clause contrast, weighted (detail only) */
    double clause_weight = sent->clause_scale;

    if (i < end) {
        const ut_rule *r =
            ut_rule_maybe(t->tok[i].hash) ? ut_rule_find(t->tok[i].hash, i + 1 < end ? t->tok[i + 1].hash : 0) : NULL;
        float phrase_valence;
        if (r && r->kind == UT_RULE_CONTRAST && ut_lexicon_match(x->lex, t, i, end, &phrase_valence) > 1) {
            /* "yet to receive", "yet again": a phrase, not a contrast; the
             * tokenizer opened a clause here all the same, which costs nothing */
        } else if (r && r->kind == UT_RULE_CONTRAST) {
            shift_to_contrast(x, review, sent, clause_idx, clause_idx == sent->first_clause);
            clause_weight = sent->clause_scale;
            i += r->words;
        } else if (r && r->kind == UT_RULE_CONCESSION) {
            clause_weight *= p->concession;
            i += r->words;
        }
    }

    /* an expectation runs on past commas to the sentence end or a contrast:
     * "I was expecting a warm, thoughtful memoir" */
    clause_state st = {-1, 0, -1, 1.0f, NULL, sent->expecting, -1, -1};
    /* Two passes per block of tokens. The first, without branches, lists
     * the candidates: tokens that pass the word filter or are elongated. Some
     * 45% of review words pass, so a branch on it mispredicted often; the
     * second pass runs the rules over candidates only. Every token no rule or
     * term takes counts as neutral, so the neutral count is the clause's
     * tokens minus those taken: a whole number, exact in any order. */
    const uint32_t first = i;
    uint32_t taken = 0;
    uint32_t cand[UT_SCORE_CHUNK];
    const uint64_t *filter = x->word_filter;
    const ut_lexicon *lex = x->lex;
    while (i < end) {
        const uint32_t stop = end - i > UT_SCORE_CHUNK ? i + UT_SCORE_CHUNK : end;
        uint32_t n = 0;
        for (uint32_t j = i; j < stop; j++) {
            const ut_token *tok = &t->tok[j];
            cand[n] = j;
            n += (uint32_t)ut_key_filter_maybe(filter, tok->hash) | ((tok->flags & UT_TF_ELONGATED) != 0);
        }
        for (uint32_t k = 0; k < n; k++) {
            if (cand[k] < i) continue; /* inside a phrase or rule matched before */
            i = cand[k];
            const ut_token *tok = &t->tok[i];
            const uint64_t hash = tok->hash;
            /* past the word filter most tokens are lexicon keys: probe at once */
            const ut_lex_slot *slot = lex->capacity ? ut_lex_probe(lex, hash) : NULL;
            if (!slot && !(tok->kind == UT_TOK_WORD && ut_rule_maybe(hash)) && !(tok->flags & UT_TF_ELONGATED)) {
                i++;
                continue;
            }
            float valence = 0.0f;
            uint32_t matched = slot ? ut_lex_match_from(lex, slot, t, i, end, &valence) : 0;
            /* A phrase outranks a rule word inside it ("not worth", "no problems"),
             * except a negated expectation ("never expected it to break", where
             * "expected it to" is a phrase). The inline filter turns most words
             * away before the table call. */
            const ut_rule *r =
                (matched < 2 || st.negator_at >= 0) && tok->kind == UT_TOK_WORD && ut_rule_maybe(tok->hash)
                    ? ut_rule_find(tok->hash, i + 1 < end ? t->tok[i + 1].hash : 0)
                    : NULL;
            if (r && matched > 1) {
                if (r->kind == UT_RULE_EXPECTATION && (int64_t)i - st.negator_at <= p->negation_window) {
                    matched = 0; /* read as the rule below; the phrase's other words as they come */
                    valence = 0.0f;
                } else {
                    r = NULL;
                }
            }
            if (r && r->kind == UT_RULE_NEGATOR) {
                if (i == x->t->sent[sent->index].tok_begin) sent->opens_negated = 1;
                st.negator_at = i;
                st.negator_is_never = r->factor > 1.0f;
                taken++;
                i++;
                continue;
            }
            if (r && r->kind == UT_RULE_NEG_CANCEL) {
                st.negator_at = -1;
                taken += r->words;
                i += r->words;
                continue;
            }
            /* A two-word modifier ("kind of", "little bit") is never the term its
             * first word also is: "a different kind of shoe" is no kindness. */
            if (r && (r->kind == UT_RULE_BOOSTER || r->kind == UT_RULE_DAMPENER) &&
                !(matched && valence != 0.0f && r->words == 1 && !modifies_next(lex, t, i + r->words, end))) {
                st.modifier *= r->factor;
                if (r->kind == UT_RULE_BOOSTER && (tok->flags & UT_TF_ELONGATED)) st.modifier *= p->elongated_factor;
                if (r->kind == UT_RULE_BOOSTER && (tok->flags & UT_TF_ALLCAPS) && caps_emphasis(x))
                    st.modifier *= p->caps_factor;
                st.modifier_at = i + r->words - 1;
                st.modifier_rule = r->kind == UT_RULE_BOOSTER ? "intensifier" : "dampener";
                taken += r->words;
                i += r->words;
                continue;
            }
            if (r && r->kind == UT_RULE_EXPECTATION) {
                /* "had hoped it would be great": an expectation, not the outcome.
                 * A negated one is a surprise, and the negator is spent on it:
                 * "didn't expect it to be this good", "never expected it to
                 * break". */
                if (st.negator_at >= 0 && (int64_t)i - st.negator_at <= p->negation_window)
                    st.negator_at = -1;
                else
                    st.expecting = sent->expecting = 1;
                if (!matched || valence == 0.0f) {
                    i++;
                    continue;
                }
            }
            if (r && r->kind == UT_RULE_REMEDY) {
                /* "cleared up my acne": what follows is gone. Negated, the
                 * remedy failed and the negator is spent on it: "didn't fix
                 * the leak" keeps its complaint. The verb's own valence, if
                 * any ("cured", "relieved"), counts as a term below. */
                if (st.negator_at >= 0 && (int64_t)i - st.negator_at <= p->negation_window)
                    st.negator_at = -1;
                else if (r->factor > 0.0f) /* a base form ("fix") is an attempt */
                    st.remedy_at = i + r->words - 1;
                if (!matched || valence == 0.0f) {
                    taken += r->words;
                    i += r->words;
                    continue;
                }
            }
            if (r && r->kind == UT_RULE_OWED && (!matched || valence == 0.0f) && owed_not_given(x, &st, i, end)) {
                /* A service owed and not given: "the room hadn't been
                 * cleaned", "nobody told us", "we were never greeted"; the
                 * negator is spent here. Said plainly it stays neutral. */
                const double v = (double)p->owed * p->negative_weight;
                if (x->token_valence) {
                    x->token_valence[i] = (float)(v * clause_weight);
                    x->token_rule[i] = "owed";
                }
                sent->mass.neg += 1.0 - v;
                sent->terms++;
                clause_sum += v;
                st.negator_at = -1;
                taken++;
                i++;
                continue;
            }
            if (r && r->kind == UT_RULE_CUE && st.negator_at < 0) {
                /* A negated cue ("didn't have to wait 2 hours") is no complaint and
                 * no praise: it stays neutral. A cue that does not hold falls
                 * through, so a cue word that is also a term keeps its valence. */
                const float cue = cue_valence(t, c->tok_begin, end, i, (int)r->factor);
                if (cue != 0.0f) {
                    const double v = (double)cue * p->negative_weight;
                    if (x->token_valence) {
                        x->token_valence[i] = (float)(v * clause_weight);
                        x->token_rule[i] = "cue";
                    }
                    sent->mass.neg += 1.0 - v;
                    sent->terms++;
                    clause_sum += v;
                    taken++;
                    i++;
                    continue;
                }
            }
            if (r && r->kind == UT_RULE_CONTRAST && i > c->tok_begin) {
                /* A contrast word inside a clause ("loved them until they fell
                 * apart") shifts the weight as at a clause start and ends the
                 * negation scope. */
                const double before = clause_sum * clause_weight;
                sent->sum += before;
                shift_to_contrast(x, review, sent, clause_idx,
                                  clause_idx == sent->first_clause && i - c->tok_begin <= 3);
                clause_carry = before * p->contrast_before;
                clause_sum = 0.0;
                clause_weight = sent->clause_scale;
                st = (clause_state){-1, 0, -1, 1.0f, NULL, 0, -1, -1};
                taken += r->words;
                i += r->words;
                continue;
            }
            if (!matched && (tok->flags & UT_TF_ELONGATED)) matched = squeezed_lookup(lex, t, i, &valence);
            if (!matched || valence == 0.0f) {
                /* A neutral phrase ("plus size", "needless to say") hides its
                 * words: they stay neutral, untaken. */
                i += matched > 1 ? matched : 1;
                continue;
            }
            const double v = score_term(x, &st, i, matched, valence, clause_weight);
            st.term_at = i;
            if (v > 0)
                sent->mass.pos += v + 1.0;
            else
                sent->mass.neg += 1.0 - v;
            clause_sum += v;
            sent->terms++;
            if (matched > 1 && v < 0 && !st.expecting) expectation_in_phrase(x, &st, sent, i, i + matched);
            taken += matched;
            i += matched;
        }
        /* the tokens up to `stop` that were no candidate are neutral; a match
         * may have run past it */
        if (i < stop) i = stop;
    }
    const uint32_t neutral = end - first - taken;
    sent->mass.neu += neutral;
    sent->sum += clause_sum * clause_weight;
    if (x->clause_valence) x->clause_valence[clause_idx] = (float)(clause_carry + clause_sum * clause_weight);
}

/* '!' amplifies a sentence, '?' dampens it (praise more than complaint). */
static double sentence_punctuation(const ut_default_params *p, const ut_sentence *sent, double sum) {
    if (sum == 0.0) return sum;
    if (sent->exclaims) {
        const int n = sent->exclaims < p->exclaim_max ? sent->exclaims : p->exclaim_max;
        return sum * (1.0 + p->exclaim_step * n);
    }
    if (sent->questions) return sum * (sum > 0 ? p->question_positive : p->question_negative);
    return sum;
}

int ut_score_tokens_tuned(const ut_scorer *s, const ut_default_params *p, const ut_tokens *t, ut_arena *scratch,
                          ut_score_detail *detail, ut_sentiment *out) {
    score_ctx x = {s->lex, s->word_filter, p, t, 0, NULL, NULL, NULL};
    ut_sentiment *sentence_out = NULL;
    if (detail) {
        x.token_valence = ut_arena_alloc(scratch, sizeof *x.token_valence * (t->n_tok + 1));
        x.clause_valence = ut_arena_alloc(scratch, sizeof *x.clause_valence * (t->n_clause + 1));
        sentence_out = ut_arena_alloc(scratch, sizeof *sentence_out * (t->n_sent + 1));
        x.token_rule = ut_arena_alloc(scratch, sizeof *x.token_rule * (t->n_tok + 1));
        if (!x.token_valence || !x.clause_valence || !sentence_out || !x.token_rule) return UT_ENOMEM;
        memset(x.token_valence, 0, sizeof *x.token_valence * t->n_tok);
        memset(x.clause_valence, 0, sizeof *x.clause_valence * t->n_clause);
        memset(x.token_rule, 0, sizeof *x.token_rule * t->n_tok);
        detail->token_valence = x.token_valence;
        detail->clause_valence = x.clause_valence;
        detail->sentence = sentence_out;
        detail->token_rule = x.token_rule;
    }

    x.caps_emphasis = -1;

    review_acc review = {0.0, 0.0, 0.0, {0, 0, 0}};
    uint32_t clause_idx = 0;
    for (uint32_t si = 0; si < t->n_sent; si++) {
        sentence_acc sent = {si, clause_idx, 0.0, 1.0, 0, 0, 0, {0, 0, 0}};
        for (; clause_idx < t->n_clause && t->clause[clause_idx].sentence == si; clause_idx++)
            score_clause(&x, &review, &sent, clause_idx);
        if (sent.opens_negated && !sent.terms && p->bare_negation != 0.0f) {
            /* "Not realistic.", "Doesn't fit.", "Not buying it.": a negated
             * statement said flat, a verdict even without a sentiment word */
            const double v = p->bare_negation * p->negative_weight;
            sent.sum += v;
            sent.mass.neg += 1.0 - v;
        }
        double sum = sentence_punctuation(p, &t->sent[si], sent.sum);
        if (si == 0) sum *= 1.0 + p->first_sentence;
        if (detail) mass_to_sentiment(&sent.mass, sum, &sentence_out[si]);
        /* the sentence before is no longer open to "But ...": file it */
        if (si == 1)
            review.first = review.latest;
        else if (si > 1)
            review.body += review.latest;
        review.latest = sum;
        review.mass.pos += sent.mass.pos;
        review.mass.neg += sent.mass.neg;
        review.mass.neu += sent.mass.neu;
    }
    double total = review.latest;
    if (t->n_sent > 1) {
        /* A long review's body counts as `body_cap` sentences of its average:
         * in a review of many sentences, the plot retold or the product
         * described outweighs the verdict that the title and the last
         * sentence give. */
        const double rest = (double)(t->n_sent - 1);
        const double body_weight = p->body_cap > 0.0f && rest > p->body_cap ? p->body_cap / rest : 1.0;
        total = review.first + review.body * body_weight + review.latest * (1.0 + p->last_sentence);
    }

    mass_to_sentiment(&review.mass, total, out);
    return 0;
}

int ut_score_tokens(const ut_scorer *s, const ut_tokens *t, ut_arena *scratch, ut_score_detail *detail,
                    ut_sentiment *out) {
    return ut_score_tokens_tuned(s, &ut_default_params_standard, t, scratch, detail, out);
}
