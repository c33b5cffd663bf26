/* gen.c — a seeded generator of synthetic review corpora with known answers,
 * for benchmarks and acceptance tests of undertone.
 *
 * The idea: every review is a pure function of (seed, review index). Its
 * "plan" (group, stars, date, planted complaints) comes from the first draws
 * of a splitmix64 stream seeded by both; its text comes from the following
 * draws. So the corpus streams out in constant memory, the same arguments
 * give the same bytes on any machine (integer arithmetic only: no rand(), no
 * floating point, no locale), and the ground-truth file is written by
 * replaying the plans alone, without regenerating any text.
 *
 * Text is assembled from whole sentences (bench/gen_vocab.h) chosen by theme
 * and by a polarity that follows the stars. Planted on top of that:
 *  - clusters (--plant): in one group, a share of reviews are glowing 5-star
 *    reviews with one complaint sentence added (default: billing in
 *    branch-017), so the group's average rating hides the complaint;
 *  - a proportionate complaint: a delivery complaint added to a few percent
 *    of all reviews, evenly over every group (it should not surface as any
 *    group's cluster);
 *  - a tiny cell: a group of 3 reviews, 2 of them negative, which a sound
 *    ranking must not put in its top 10;
 *  - spikes (--spike, off by default): a theme's complaints rising in a date
 *    window, in every group alike or in one group, for trend alerts;
 *  - complaints added to ordinary reviews of one group (--plant-add), stars
 *    unchanged: a problem in a theme that is also praised elsewhere;
 *  - groups worse at everything (--worse-group): a poorer star mix, so more
 *    negative text in every theme, which no single theme should stand for;
 *  - a novel complaint (--novel, off by default): in one group, a share of
 *    glowing reviews complain about a part in words no theme pack knows
 *    ("the zorblax hinge snapped"), with distractors in every group: the same
 *    made-up words in neutral sentences, and another made-up complaint ("the
 *    quillet spout drips") spread evenly. For analyze --suggest-themes.
 * A planted phrase "@THEME" draws each complaint from the theme's negative
 * sentences instead of repeating one sentence, as real customers word it. */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen_vocab.h"

enum { FORMAT_JSONL, FORMAT_CSV, FORMAT_TSV, FORMAT_LINES };
enum { POLARITY_POS, POLARITY_NEG, POLARITY_NEU };

#define MAX_PLANTS 16
#define MAX_SPIKES 8
#define MAX_GROUPS 100000u
#define NAME_MAX_LEN 64
#define TEXT_CAP (128u * 1024u)                /* one review's raw text; the longest is ~20 KiB */
#define OUT_CAP (4u * 1024u * 1024u)           /* output buffer */
#define OUT_FLUSH_AT (OUT_CAP - 3u * TEXT_CAP) /* room for one fully escaped record */
#define PPM 1000000u

typedef struct gen_plant {
    char group[NAME_MAX_LEN];
    uint32_t group_idx;
    char theme[NAME_MAX_LEN];
    const char *phrase;
    size_t phrase_len;
    uint32_t share_ppm;
    int add;                 /* 1: added to an ordinary review (--plant-add); 0: a glowing 5-star review */
    uint32_t template_theme; /* "@THEME": index into GEN_THEMES; else UINT32_MAX (the phrase verbatim) */
} gen_plant;

/* A time-limited rise of one theme's complaints, in every group alike. */
typedef struct gen_spike {
    uint32_t theme;          /* index into GEN_THEMES */
    int first_day, last_day; /* days of the year, 0-based, inclusive */
    uint32_t share_ppm;
    char from[11], to[11];    /* as given, for the truth file */
    char group[NAME_MAX_LEN]; /* "" = every group */
    uint32_t group_idx;       /* UINT32_MAX = every group */
} gen_spike;

typedef struct gen_config {
    uint64_t reviews;
    uint64_t seed;
    int format;
    const char *out_path;
    const char *truth_path;
    uint32_t groups;
    gen_plant plants[MAX_PLANTS];
    int n_plants;
    gen_spike spikes[MAX_SPIKES];
    int n_spikes;
    int crlf; /* end records with CR LF */
    int tiny; /* plant the tiny cell */
    char tiny_group[NAME_MAX_LEN];
    uint32_t delivery_ppm; /* share of reviews given a delivery complaint */
    int year;
    /* --novel: the group, its share, and the group's index once resolved */
    char novel_group[NAME_MAX_LEN];
    uint32_t novel_ppm;
    uint32_t novel_group_idx;
    /* derived */
    int id_width, group_width;
    uint64_t *zipf_cum; /* cumulative group weights, groups entries */
    uint64_t zipf_total;
    uint8_t *group_good;                  /* 1: the group uses the better star table; 2: the worse one */
    char worse[MAX_PLANTS][NAME_MAX_LEN]; /* --worse-group names */
    int n_worse;
    char better[MAX_PLANTS][NAME_MAX_LEN]; /* --better-group names */
    int n_better;
    uint32_t glow_mask; /* bit p: plant p makes glowing reviews */
    const struct gen_vocab *vocab;
    uint64_t tiny_idx[3];
    int days_in_year;
} gen_config;

/* ---- PRNG: splitmix64, one stream per review ---- */

typedef struct gen_rng {
    uint64_t s;
} gen_rng;

static inline uint64_t rng_next(gen_rng *r) {
    uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* Uniform in [0, n) by multiply-shift (Lemire), bias below 2^-32. */
static inline uint32_t rng_below(gen_rng *r, uint32_t n) {
    return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

static inline int rng_chance_ppm(gen_rng *r, uint32_t ppm) {
    return rng_below(r, PPM) < ppm;
}

static gen_rng rng_for_review(const gen_config *cfg, uint64_t idx) {
    gen_rng seeder = {cfg->seed};
    gen_rng r = {rng_next(&seeder) ^ (idx * 0xD1B54A32D192ED03ull)};
    rng_next(&r); /* decorrelate neighbouring indices */
    return r;
}

/* ---- the novel complaint (--novel) ----
 * Made-up product words, so no theme pack can know them. The planted
 * sentences name the broken part in varied words (one of them also says
 * "broke", which general's product/quality knows: part of a real complaint
 * lands in a theme); the distractors use the same words without complaint,
 * and the spread complaint is a second unknown one that no group owns. */
#define NOVEL_DISTRACTOR_PPM 2500u /* 0.25% of all reviews */
#define NOVEL_SPREAD_PPM 10000u    /* 1% of all reviews */
static const char *const NOVEL_PLANTED[] = {
    "The zorblax hinge snapped after two days.", "My zorblax hinge split within a week, so disappointing.",
    "Sadly the hinge on my zorblax snapped the first time I opened it.",
    "The zorblax hinge wobbles and squeaks, really annoying.", "Within a month the zorblax hinge broke off."};
static const char *const NOVEL_DISTRACTORS[] = {"I keep the zorblax on the kitchen shelf.",
                                                "The zorblax came in a blue box.", "We use the zorblax most mornings.",
                                                "The zorblax hinge folds flat when we put it away."};
static const char *const NOVEL_SPREAD[] = {"The quillet spout drips onto the counter, annoying.",
                                           "Sadly the quillet spout started to drip after a month."};

/* ---- the plan of one review ---- */

typedef struct review_plan {
    uint32_t group; /* 0..groups-1, or groups for the tiny group */
    int stars;
    int day;         /* day of the year, 0-based */
    uint32_t plants; /* bit p: plant p applies */
    int delivery_complaint;
    uint32_t spikes; /* bit s: spike s adds a complaint */
    int tiny;        /* 0, or 1..3: which tiny review */
    int novel;       /* --novel: 1 = the planted novel complaint, 2 = a neutral distractor sentence,
                        3 = the spread novel complaint; 0 = none */
    gen_rng rng;     /* continues into the text */
} review_plan;

/* Cumulative per-mille tables for stars 1..5. Default is like big review
 * platforms (5:55% 4:20% 3:9% 2:6% 1:10%); "good" groups (those with a
 * planted cluster) are better, so their mean stays above the corpus mean. */
static const uint32_t STARS_DEFAULT[5] = {100, 160, 250, 450, 1000};
static const uint32_t STARS_GOOD[5] = {40, 70, 130, 330, 1000};
static const uint32_t STARS_WORSE[5] = {220, 340, 480, 680, 1000}; /* --worse-group: 1:22% 2:12% 3:14% 4:20% */

static uint32_t pick_group(const gen_config *cfg, gen_rng *r) {
    uint64_t x = (uint64_t)(((unsigned __int128)rng_next(r) * cfg->zipf_total) >> 64);
    uint32_t lo = 0, hi = cfg->groups - 1;
    while (lo < hi) { /* first group whose cumulative weight exceeds x */
        uint32_t mid = lo + (hi - lo) / 2;
        if (cfg->zipf_cum[mid] > x)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

static void plan_review(const gen_config *cfg, uint64_t idx, review_plan *p) {
    p->rng = rng_for_review(cfg, idx);
    p->plants = 0;
    p->tiny = 0;
    p->delivery_complaint = 0;
    p->spikes = 0;
    p->novel = 0;
    for (int k = 0; cfg->tiny && k < 3; k++)
        if (idx == cfg->tiny_idx[k]) p->tiny = k + 1;
    uint32_t star_draw = rng_below(&p->rng, 1000);
    p->day = (int)rng_below(&p->rng, (uint32_t)cfg->days_in_year);
    if (p->tiny) {
        p->group = cfg->groups;
        p->stars = p->tiny == 3 ? 5 : 1;
        return;
    }
    p->group = pick_group(cfg, &p->rng);
    uint8_t kind = cfg->group_good[p->group];
    const uint32_t *table = kind == 1 ? STARS_GOOD : kind == 2 ? STARS_WORSE : STARS_DEFAULT;
    p->stars = 1;
    while (p->stars < 5 && star_draw >= table[p->stars - 1])
        p->stars++;
    for (int k = 0; k < cfg->n_plants; k++)
        if (!cfg->plants[k].add && cfg->plants[k].group_idx == p->group &&
            rng_chance_ppm(&p->rng, cfg->plants[k].share_ppm))
            p->plants |= 1u << k;
    if (cfg->novel_ppm) {
        /* A side stream, so reviews it does not pick keep their bytes. */
        gen_rng side = {p->rng.s ^ 0x6A09E667F3BCC909ull};
        uint32_t draw = rng_below(&side, PPM);
        if (p->group == cfg->novel_group_idx && !p->plants && draw < cfg->novel_ppm)
            p->novel = 1;
        else if (draw >= PPM - NOVEL_DISTRACTOR_PPM)
            p->novel = 2;
        else if (draw >= PPM - NOVEL_DISTRACTOR_PPM - NOVEL_SPREAD_PPM)
            p->novel = 3;
    }
    if (p->plants || p->novel == 1) {
        p->stars = 5;
        return;
    }
    /* Added complaints draw from a side stream, like spikes below. */
    for (int k = 0; k < cfg->n_plants; k++) {
        if (!cfg->plants[k].add || cfg->plants[k].group_idx != p->group) continue;
        gen_rng side = {p->rng.s ^ ((uint64_t)(k + 1) * 0x9FB21C651E98DF25ull)};
        if (rng_chance_ppm(&side, cfg->plants[k].share_ppm)) p->plants |= 1u << k;
    }
    p->delivery_complaint = rng_chance_ppm(&p->rng, cfg->delivery_ppm);
    /* Spike draws come from a side stream, so adding a spike changes only
     * the reviews it picks; every other review keeps its bytes. */
    for (int k = 0; k < cfg->n_spikes; k++) {
        gen_rng side = {p->rng.s ^ ((uint64_t)(k + 1) * 0xA24BAED4963EE407ull)};
        if (p->day >= cfg->spikes[k].first_day && p->day <= cfg->spikes[k].last_day &&
            (cfg->spikes[k].group_idx == UINT32_MAX || cfg->spikes[k].group_idx == p->group) &&
            rng_chance_ppm(&side, cfg->spikes[k].share_ppm))
            p->spikes |= 1u << k;
    }
}

/* ---- text assembly ---- */

typedef struct text_buf {
    char data[TEXT_CAP];
    size_t len;
} text_buf;

static inline void text_put(text_buf *t, const char *s, size_t n) {
    if (t->len + n > TEXT_CAP) return; /* cannot happen with the vocabulary's lengths; stay safe */
    memcpy(t->data + t->len, s, n);
    t->len += n;
}

static inline void text_puts(text_buf *t, const char *s) {
    text_put(t, s, strlen(s));
}

/* Polarity of a theme sentence given the review's stars, per mille:
 * {positive, positive+negative}; the rest is neutral. */
static const uint32_t POLARITY_BY_STARS[6][2] = {
    {0, 0}, {40, 900}, {120, 850}, {350, 750}, {720, 820}, {880, 900},
};

static int pick_polarity(gen_rng *r, int stars) {
    uint32_t x = rng_below(r, 1000);
    if (x < POLARITY_BY_STARS[stars][0]) return POLARITY_POS;
    if (x < POLARITY_BY_STARS[stars][1]) return POLARITY_NEG;
    return POLARITY_NEU;
}

/* Review lengths in sentences, by class: per-mille cumulative share, least
 * and most sentences. Gives a median near 260 bytes and a tail past 5 KB. */
static const struct {
    uint32_t cum;
    uint32_t lo, hi;
} LENGTHS[] = {{60, 1, 1}, {300, 2, 4}, {700, 4, 8}, {900, 7, 13}, {985, 13, 35}, {997, 36, 90}, {1000, 90, 220}};

static uint32_t pick_sentence_count(gen_rng *r) {
    uint32_t x = rng_below(r, 1000);
    size_t k = 0;
    while (LENGTHS[k].cum <= x)
        k++;
    return LENGTHS[k].lo + rng_below(r, LENGTHS[k].hi - LENGTHS[k].lo + 1);
}

#define PICK(r, list) ((list)[rng_below((r), GEN_COUNT(list))])

/* ---- compiled vocabulary ----
 * The sentence templates are parsed once into pieces, so the hot loop only
 * copies spans and draws numbers (parsing them per use cost a third of the
 * run time in strcspn/strchr). */

enum { PIECE_TEXT, PIECE_ALTERNATIVES, PIECE_NAME, PIECE_NUMBER, PIECE_INTENSIFIER };

typedef struct gen_piece {
    const char *text;
    uint32_t len;
    uint32_t kind; /* PIECE_*; PIECE_ALTERNATIVES is followed by n_alt PIECE_TEXT pieces */
    uint32_t n_alt;
} gen_piece;

typedef struct gen_template {
    const gen_piece *pieces;
    uint32_t n;
} gen_template;

typedef struct gen_list {
    const gen_template *items;
    uint32_t n;
} gen_list;

#define N_THEMES GEN_COUNT(GEN_THEMES)

typedef struct gen_vocab {
    gen_list theme[N_THEMES][3]; /* by POLARITY_* */
    gen_list general[3], nonascii[3], delivery_neg;
    uint32_t theme_weight_total;
    gen_piece *pieces;       /* owned */
    gen_template *templates; /* owned */
} gen_vocab;

static void vocab_free(gen_vocab *v) {
    if (!v) return;
    free(v->pieces);
    free(v->templates);
    free(v);
}

/* Parses one template into pieces at *pc; returns the number written. */
static uint32_t compile_template(const char *s, gen_piece *pc) {
    uint32_t n = 0;
    while (*s) {
        size_t run = strcspn(s, "^@#[");
        if (run) pc[n++] = (gen_piece){s, (uint32_t)run, PIECE_TEXT, 0};
        s += run;
        if (!*s) break;
        if (*s == '[') {
            const char *close = strchr(s, ']');
            gen_piece *head = &pc[n++];
            *head = (gen_piece){s, 0, PIECE_ALTERNATIVES, 0};
            for (const char *begin = s + 1; begin <= close;) {
                const char *end = begin;
                while (end < close && *end != '|')
                    end++;
                pc[n++] = (gen_piece){begin, (uint32_t)(end - begin), PIECE_TEXT, 0};
                head->n_alt++;
                begin = end + 1;
            }
            s = close + 1;
        } else {
            pc[n++] = (gen_piece){s, 0, *s == '@' ? PIECE_NAME : *s == '#' ? PIECE_NUMBER : PIECE_INTENSIFIER, 0};
            s++;
        }
    }
    return n;
}

static gen_vocab *vocab_compile(void) {
    gen_vocab *v = calloc(1, sizeof *v);
    if (!v) return NULL;
    struct {
        const char *const *strings;
        uint32_t n;
        gen_list *dst;
    } lists[N_THEMES * 3 + 7];
    size_t n_lists = 0;
#define ADD_LIST(arr, count, d) (lists[n_lists].strings = (arr), lists[n_lists].n = (count), lists[n_lists++].dst = (d))
    for (size_t k = 0; k < N_THEMES; k++) {
        const gen_theme_vocab *tv = &GEN_THEMES[k];
        ADD_LIST(tv->pos, tv->n_pos, &v->theme[k][POLARITY_POS]);
        ADD_LIST(tv->neg, tv->n_neg, &v->theme[k][POLARITY_NEG]);
        ADD_LIST(tv->neu, tv->n_neu, &v->theme[k][POLARITY_NEU]);
        v->theme_weight_total += tv->weight;
    }
    ADD_LIST(general_pos, GEN_COUNT(general_pos), &v->general[POLARITY_POS]);
    ADD_LIST(general_neg, GEN_COUNT(general_neg), &v->general[POLARITY_NEG]);
    ADD_LIST(general_neu, GEN_COUNT(general_neu), &v->general[POLARITY_NEU]);
    ADD_LIST(nonascii_pos, GEN_COUNT(nonascii_pos), &v->nonascii[POLARITY_POS]);
    ADD_LIST(nonascii_neg, GEN_COUNT(nonascii_neg), &v->nonascii[POLARITY_NEG]);
    ADD_LIST(nonascii_neu, GEN_COUNT(nonascii_neu), &v->nonascii[POLARITY_NEU]);
    ADD_LIST(delivery_neg, GEN_COUNT(delivery_neg), &v->delivery_neg);
#undef ADD_LIST
    size_t n_templates = 0, piece_bound = 0; /* a template has at most strlen + 1 pieces */
    for (size_t l = 0; l < n_lists; l++) {
        n_templates += lists[l].n;
        for (uint32_t i = 0; i < lists[l].n; i++)
            piece_bound += strlen(lists[l].strings[i]) + 1;
    }
    v->templates = malloc(n_templates * sizeof *v->templates);
    v->pieces = malloc(piece_bound * sizeof *v->pieces);
    if (!v->templates || !v->pieces) {
        vocab_free(v);
        return NULL;
    }
    size_t next_template = 0, next_piece = 0;
    for (size_t l = 0; l < n_lists; l++) {
        *lists[l].dst = (gen_list){&v->templates[next_template], lists[l].n};
        for (uint32_t i = 0; i < lists[l].n; i++) {
            uint32_t n = compile_template(lists[l].strings[i], &v->pieces[next_piece]);
            v->templates[next_template++] = (gen_template){&v->pieces[next_piece], n};
            next_piece += n;
        }
    }
    return v;
}

static uint32_t pick_theme(const gen_vocab *v, gen_rng *r) {
    uint32_t x = rng_below(r, v->theme_weight_total);
    uint32_t k = 0;
    while (x >= GEN_THEMES[k].weight)
        x -= GEN_THEMES[k++].weight;
    return k;
}

static inline const gen_template *pick_template(gen_rng *r, const gen_list *l) {
    return &l->items[rng_below(r, l->n)];
}

/* A made-up name of 2 or 3 syllables, capitalised. */
static void put_name(text_buf *t, gen_rng *r) {
    size_t start = t->len;
    uint32_t n = 2 + rng_below(r, 2);
    for (uint32_t k = 0; k < n; k++)
        text_puts(t, PICK(r, GEN_SYLLABLES));
    if (t->len > start) t->data[start] = (char)(t->data[start] - 32);
}

/* A number from 2 to 60, as digits. */
static void put_number(text_buf *t, gen_rng *r) {
    uint32_t v = 2 + rng_below(r, 59);
    char d[2] = {(char)('0' + v / 10), (char)('0' + v % 10)};
    if (v >= 10)
        text_put(t, d, 2);
    else
        text_put(t, d + 1, 1);
}

/* Writes a template, filling its slots (see gen_vocab.h); `lower` lowers
 * the first letter (after an opener) unless the sentence starts with the
 * pronoun "I". Now and then it adds a typo (two letters swapped) or, for a
 * complaint, shouts it in capitals, as real reviewers do. */
static void put_sentence(text_buf *t, gen_rng *r, const gen_template *tp, int lower, int polarity) {
    size_t start = t->len;
    for (uint32_t i = 0; i < tp->n; i++) {
        const gen_piece *pc = &tp->pieces[i];
        switch (pc->kind) {
        case PIECE_TEXT:
            text_put(t, pc->text, pc->len);
            break;
        case PIECE_ALTERNATIVES: {
            const gen_piece *alt = &pc[1 + rng_below(r, pc->n_alt)];
            text_put(t, alt->text, alt->len);
            i += pc->n_alt;
            break;
        }
        case PIECE_NAME:
            put_name(t, r);
            break;
        case PIECE_NUMBER:
            put_number(t, r);
            break;
        default: /* PIECE_INTENSIFIER */
            if (rng_below(r, 100) < 35) text_puts(t, PICK(r, GEN_INTENSIFIERS));
        }
    }
    if (lower && t->len > start + 1 && tp->pieces[0].kind != PIECE_NAME) { /* names keep their capital */
        char c0 = t->data[start], c1 = t->data[start + 1];
        int pronoun_i = c0 == 'I' && (c1 == ' ' || c1 == '\'');
        if (c0 >= 'A' && c0 <= 'Z' && !pronoun_i) t->data[start] = (char)(c0 + 32);
    }
    size_t len = t->len - start;
    uint32_t style = rng_below(r, 1000);
    if (style < 25 && len > 3) { /* a typo: swap two adjacent lowercase letters */
        size_t at = start + rng_below(r, (uint32_t)len - 1);
        char a = t->data[at], b = t->data[at + 1];
        if (a >= 'a' && a <= 'z' && b >= 'a' && b <= 'z') t->data[at] = b, t->data[at + 1] = a;
    } else if (style < 45 && polarity == POLARITY_NEG) {
        for (size_t i = start; i < t->len; i++)
            if (t->data[i] >= 'a' && t->data[i] <= 'z') t->data[i] = (char)(t->data[i] - 32);
    }
    /* now and then an exclamation mark instead of a full stop */
    if (t->len > start && t->data[t->len - 1] == '.' && rng_below(r, 100) < 8) t->data[t->len - 1] = '!';
}

static const gen_template *theme_sentence(const gen_vocab *v, gen_rng *r, uint32_t theme, int polarity) {
    return pick_template(r, &v->theme[theme][polarity]);
}

static const gen_template *general_sentence(const gen_vocab *v, gen_rng *r, int polarity) {
    if (rng_below(r, 1000) < 15) return pick_template(r, &v->nonascii[polarity]); /* accents, emoji, CJK */
    return pick_template(r, &v->general[polarity]);
}

/* One sentence slot of a review: what to write and with which polarity. */
typedef struct sentence_choice {
    const gen_template *text;
    int polarity;
} sentence_choice;

static sentence_choice choose_sentence(const gen_vocab *v, gen_rng *r, int stars, int glowing) {
    sentence_choice c;
    uint32_t kind = rng_below(r, 100);
    if (kind < 62) {
        c.polarity = glowing ? POLARITY_POS : pick_polarity(r, stars);
        c.text = theme_sentence(v, r, pick_theme(v, r), c.polarity);
    } else if (kind < 82) {
        c.polarity = POLARITY_NEU;
        c.text = general_sentence(v, r, POLARITY_NEU);
    } else {
        c.polarity = glowing || stars >= 4 ? POLARITY_POS : stars <= 2 ? POLARITY_NEG : pick_polarity(r, stars);
        c.text = general_sentence(v, r, c.polarity);
    }
    return c;
}

/* Writes the review's text. Extra sentences (planted phrases, the delivery
 * complaint, spike complaints) go at random positions among the drawn ones. */
static void make_text(const gen_config *cfg, review_plan *p, text_buf *t) {
    const gen_vocab *v = cfg->vocab;
    gen_rng *r = &p->rng;
    t->len = 0;
    uint32_t n = pick_sentence_count(r);
    if (p->tiny) n = 3 + rng_below(r, 3); /* ordinary lengths: the tiny cell is small in reviews and in words */
    int glowing = (p->plants & cfg->glow_mask) != 0 || p->novel == 1;
    int lowercase_writer = !p->plants && !glowing && rng_below(r, 1000) < 20;

    /* positions of the extra sentences, as indexes into the final sequence */
    enum { MAX_EXTRA = MAX_PLANTS + 2 + MAX_SPIKES };
    uint32_t extra_at[MAX_EXTRA];
    const char *extra_text[MAX_EXTRA]; /* a planted phrase, written verbatim, or NULL */
    size_t extra_len[MAX_EXTRA];
    const gen_template *extra_template[MAX_EXTRA]; /* else a complaint template */
    int n_extra = 0;
    for (int k = 0; k < cfg->n_plants; k++) {
        if (!(p->plants & (1u << k))) continue;
        if (cfg->plants[k].template_theme != UINT32_MAX) {
            extra_template[n_extra] = pick_template(r, &v->theme[cfg->plants[k].template_theme][POLARITY_NEG]);
            extra_text[n_extra] = NULL;
        } else {
            extra_text[n_extra] = cfg->plants[k].phrase;
            extra_len[n_extra] = cfg->plants[k].phrase_len;
        }
        n_extra++;
    }
    if (p->novel) {
        const char *novel = p->novel == 1   ? PICK(r, NOVEL_PLANTED)
                            : p->novel == 2 ? PICK(r, NOVEL_DISTRACTORS)
                                            : PICK(r, NOVEL_SPREAD);
        extra_text[n_extra] = novel;
        extra_len[n_extra] = strlen(novel);
        n_extra++;
    }
    if (p->delivery_complaint) {
        extra_template[n_extra] = pick_template(r, &v->delivery_neg);
        extra_text[n_extra] = NULL;
        n_extra++;
    }
    for (int k = 0; k < cfg->n_spikes; k++) {
        if (!(p->spikes & (1u << k))) continue;
        extra_template[n_extra] = pick_template(r, &v->theme[cfg->spikes[k].theme][POLARITY_NEG]);
        extra_text[n_extra] = NULL;
        n_extra++;
    }
    /* Extras take distinct slots in 1..total-1 (never first: a review opens
     * with its main impression); a taken slot moves to the next free one.
     * There are total-1 >= n_extra such slots because n >= 1. */
    uint32_t total = n + (uint32_t)n_extra;
    for (int k = 0; k < n_extra; k++) {
        uint32_t at = 1 + rng_below(r, total - 1);
        for (int taken = 1; taken;) {
            taken = 0;
            for (int j = 0; j < k; j++)
                if (extra_at[j] == at) taken = 1;
            if (taken) at = at + 1 < total ? at + 1 : 1;
        }
        extra_at[k] = at;
    }

    int prev_polarity = POLARITY_NEU;
    const gen_template *last_text = NULL;
    for (uint32_t i = 0; i < total; i++) {
        if (i > 0) {
            uint32_t sep = rng_below(r, 1000);
            if (n > 3 && sep < 12)
                text_put(t, "\n\n", 2);
            else if (n > 3 && sep < 40)
                text_put(t, "\n", 1);
            else
                text_put(t, " ", 1);
        }
        int extra = -1;
        for (int k = 0; k < n_extra; k++)
            if (extra_at[k] == i) extra = k;
        if (extra >= 0) {
            if (extra_text[extra])
                text_put(t, extra_text[extra], extra_len[extra]);
            else
                put_sentence(t, r, extra_template[extra], 0, POLARITY_NEU);
            prev_polarity = POLARITY_NEG;
            continue;
        }
        sentence_choice c;
        for (int attempt = 0; attempt < 2; attempt++) { /* one redraw if it repeats the last sentence */
            if (p->tiny) { /* the tiny cell talks about staff only, so its negative share is stark */
                c.polarity = p->stars == 1 ? POLARITY_NEG : POLARITY_POS;
                c.text = theme_sentence(v, r, 0, c.polarity);
            } else {
                c = choose_sentence(v, r, p->stars, glowing);
            }
            if (c.text != last_text) break;
        }
        last_text = c.text;
        int lower = 0;
        int flip = (c.polarity == POLARITY_POS && prev_polarity == POLARITY_NEG) ||
                   (c.polarity == POLARITY_NEG && prev_polarity == POLARITY_POS);
        uint32_t opener = rng_below(r, 100);
        if (i > 0 && flip && opener < 45) {
            text_puts(t, PICK(r, GEN_CONTRASTS));
            lower = 1;
        } else if (i > 0 && opener < 7) {
            text_puts(t, PICK(r, GEN_OPENERS));
            lower = 1;
        }
        put_sentence(t, r, c.text, lower, c.polarity);
        if (c.polarity != POLARITY_NEU && rng_below(r, 1000) < 15)
            text_puts(t, c.polarity == POLARITY_POS ? PICK(r, GEN_EMOJI_POS) : PICK(r, GEN_EMOJI_NEG));
        if (c.polarity != POLARITY_NEU) prev_polarity = c.polarity;
    }
    if (lowercase_writer) /* some people never press shift */
        for (size_t i = 0; i < t->len; i++)
            if (t->data[i] >= 'A' && t->data[i] <= 'Z') t->data[i] = (char)(t->data[i] + 32);
}

static const char *make_title(gen_rng *r, int stars) {
    if (stars >= 4) return PICK(r, title_pos);
    if (stars == 3) return PICK(r, title_mixed);
    return PICK(r, title_neg);
}

/* ---- output ---- */

typedef struct out_buf {
    char *data;
    size_t len;
    FILE *file;
    const char *path;
    int failed;
    uint64_t written;
} out_buf;

static void out_flush(out_buf *o) {
    if (o->len && !o->failed && fwrite(o->data, 1, o->len, o->file) != o->len) o->failed = errno ? errno : EIO;
    o->written += o->len;
    o->len = 0;
}

static inline void out_put(out_buf *o, const char *s, size_t n) {
    memcpy(o->data + o->len, s, n);
    o->len += n;
}

static inline void out_putc(out_buf *o, char c) {
    o->data[o->len++] = c;
}

static void out_uint(out_buf *o, uint64_t v, int width) {
    char digits[24];
    int n = 0;
    do {
        digits[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n < width)
        digits[n++] = '0';
    while (n)
        out_putc(o, digits[--n]);
}

/* 1 for the bytes a JSON string must escape. */
static const unsigned char JSON_ESCAPE[256] = {[0 ... 0x1f] = 1, ['"'] = 1, ['\\'] = 1};

/* Nonzero if any byte of the 8 in x is below 0x20, '"' or '\\' (the
 * classic has-less-than / has-zero-byte tricks), so clean text is skipped
 * 8 bytes at a time; the plain byte loop took a sixth of the run time. */
static inline uint64_t word_needs_json_escape(uint64_t x) {
    const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    uint64_t quote = x ^ (ones * '"'), backslash = x ^ (ones * '\\');
    uint64_t control = (x - ones * 0x20) & ~x;
    return (control | ((quote - ones) & ~quote) | ((backslash - ones) & ~backslash)) & highs;
}

static void out_json_string(out_buf *o, const char *s, size_t n) {
    static const char hex[] = "0123456789abcdef";
    out_putc(o, '"');
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        if (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if (!word_needs_json_escape(w)) {
                i += 7;
                continue;
            }
        }
        unsigned char c = (unsigned char)s[i];
        if (!JSON_ESCAPE[c]) continue;
        out_put(o, s + run, i - run);
        run = i + 1;
        out_putc(o, '\\');
        switch (c) {
        case '"':
            out_putc(o, '"');
            break;
        case '\\':
            out_putc(o, '\\');
            break;
        case '\n':
            out_putc(o, 'n');
            break;
        case '\t':
            out_putc(o, 't');
            break;
        case '\r':
            out_putc(o, 'r');
            break;
        default:
            out_put(o, "u00", 3);
            out_putc(o, hex[c >> 4]);
            out_putc(o, hex[c & 15]);
        }
    }
    out_put(o, s + run, n - run);
    out_putc(o, '"');
}

/* RFC 4180: quote a field holding a comma, quote, CR or LF; double quotes. */
static void out_csv_field(out_buf *o, const char *s, size_t n) {
    if (!memchr(s, ',', n) && !memchr(s, '"', n) && !memchr(s, '\n', n) && !memchr(s, '\r', n)) {
        out_put(o, s, n);
        return;
    }
    out_putc(o, '"');
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '"') continue;
        out_put(o, s + run, i + 1 - run);
        out_putc(o, '"');
        run = i + 1;
    }
    out_put(o, s + run, n - run);
    out_putc(o, '"');
}

/* TSV cannot hold tabs or line breaks in a field: they become spaces. */
static void out_tsv_field(out_buf *o, const char *s, size_t n) {
    char *d = o->data + o->len;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        d[i] = (c == '\t' || c == '\n' || c == '\r') ? ' ' : c;
    }
    o->len += n;
}

static const uint16_t MONTH_START[2][13] = {
    {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365},
    {0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335, 366},
};

static int is_leap(int y) {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static void out_date(out_buf *o, int year, int day) {
    const uint16_t *ms = MONTH_START[is_leap(year)];
    int m = 0;
    while (day >= ms[m + 1])
        m++;
    out_uint(o, (uint64_t)year, 4);
    out_putc(o, '-');
    out_uint(o, (uint64_t)m + 1, 2);
    out_putc(o, '-');
    out_uint(o, (uint64_t)(day - ms[m] + 1), 2);
}

static void group_name(const gen_config *cfg, uint32_t g, char *out) {
    if (g == cfg->groups) {
        snprintf(out, NAME_MAX_LEN, "%s", cfg->tiny_group);
        return;
    }
    snprintf(out, NAME_MAX_LEN, "branch-%0*u", cfg->group_width, g + 1);
}

static void out_line_end(const gen_config *cfg, out_buf *o) {
    if (cfg->crlf) out_putc(o, '\r');
    out_putc(o, '\n');
}

static void write_header(const gen_config *cfg, out_buf *o) {
    if (cfg->format == FORMAT_CSV) out_put(o, "id,branch,stars,date,title,text", 31);
    if (cfg->format == FORMAT_TSV) out_put(o, "id\tbranch\tstars\tdate\ttitle\ttext", 31);
    if (cfg->format == FORMAT_CSV || cfg->format == FORMAT_TSV) out_line_end(cfg, o);
}

static void write_record(const gen_config *cfg, out_buf *o, uint64_t idx, const review_plan *p, const char *title,
                         const text_buf *t, char group_names[][NAME_MAX_LEN]) {
    const char *group = group_names[p->group];
    size_t group_len = strlen(group);
    if (cfg->format == FORMAT_JSONL) {
        out_put(o, "{\"id\":\"r", 8);
        out_uint(o, idx + 1, cfg->id_width);
        out_put(o, "\",\"branch\":", 11);
        out_json_string(o, group, group_len);
        out_put(o, ",\"stars\":", 9);
        out_putc(o, (char)('0' + p->stars));
        out_put(o, ",\"date\":\"", 9);
        out_date(o, cfg->year, p->day);
        out_put(o, "\",\"title\":", 10);
        out_json_string(o, title, strlen(title));
        out_put(o, ",\"text\":", 8);
        out_json_string(o, t->data, t->len);
        out_putc(o, '}');
        out_line_end(cfg, o);
        return;
    }
    if (cfg->format == FORMAT_LINES) { /* the text alone, line breaks flattened */
        out_tsv_field(o, t->data, t->len);
        out_line_end(cfg, o);
        return;
    }
    char sep = cfg->format == FORMAT_CSV ? ',' : '\t';
    void (*field)(out_buf *, const char *, size_t) = cfg->format == FORMAT_CSV ? out_csv_field : out_tsv_field;
    out_putc(o, 'r');
    out_uint(o, idx + 1, cfg->id_width);
    out_putc(o, sep);
    field(o, group, group_len);
    out_putc(o, sep);
    out_putc(o, (char)('0' + p->stars));
    out_putc(o, sep);
    out_date(o, cfg->year, p->day);
    out_putc(o, sep);
    field(o, title, strlen(title));
    out_putc(o, sep);
    field(o, t->data, t->len);
    out_line_end(cfg, o);
}

/* ---- ground truth ---- */

static void fput_json_string(FILE *f, const char *s) {
    fputc('"', f);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

/* A ratio printed with 4 decimals, rounded half up, in integers only. */
static void fput_ratio4(FILE *f, uint64_t num, uint64_t den) {
    if (den == 0) {
        fputs("null", f);
        return;
    }
    unsigned __int128 scaled = ((unsigned __int128)num * 20000 + den) / (2 * (unsigned __int128)den);
    fprintf(f, "%llu.%04llu", (unsigned long long)(scaled / 10000), (unsigned long long)(scaled % 10000));
}

static void fput_ppm(FILE *f, uint32_t ppm) {
    fprintf(f, "%u.%06u", ppm / PPM, ppm % PPM);
}

static void fput_id(FILE *f, const gen_config *cfg, uint64_t idx) {
    fprintf(f, "\"r%0*llu\"", cfg->id_width, (unsigned long long)(idx + 1));
}

static const char *FORMAT_NAMES[] = {"jsonl", "csv", "tsv", "lines"};

static int write_truth(const gen_config *cfg, char group_names[][NAME_MAX_LEN]) {
    FILE *f = fopen(cfg->truth_path, "w");
    if (!f) {
        fprintf(stderr, "gen: %s: %s\n", cfg->truth_path, strerror(errno));
        return 1;
    }
    uint64_t *reviews = calloc(cfg->groups + 1, sizeof *reviews);
    uint64_t *star_sum = calloc(cfg->groups + 1, sizeof *star_sum);
    uint64_t *negative = calloc(cfg->groups + 1, sizeof *negative);
    uint64_t plant_count[MAX_PLANTS] = {0}, spike_count[MAX_SPIKES] = {0}, delivery_count = 0, total_stars = 0;
    uint64_t novel_count[4] = {0};
    if (!reviews || !star_sum || !negative) {
        fprintf(stderr, "gen: out of memory\n");
        fclose(f);
        free(reviews), free(star_sum), free(negative);
        return 1;
    }
    review_plan p;
    for (uint64_t i = 0; i < cfg->reviews; i++) {
        plan_review(cfg, i, &p);
        reviews[p.group]++;
        star_sum[p.group] += (uint64_t)p.stars;
        negative[p.group] += p.stars <= 2;
        total_stars += (uint64_t)p.stars;
        delivery_count += (uint64_t)p.delivery_complaint;
        novel_count[p.novel]++;
        for (int k = 0; k < cfg->n_plants; k++)
            plant_count[k] += (p.plants >> k) & 1u;
        for (int k = 0; k < cfg->n_spikes; k++)
            spike_count[k] += (p.spikes >> k) & 1u;
    }

    fprintf(f, "{\n  \"generator\": \"undertone bench/gen 1\",\n  \"seed\": %llu,\n  \"reviews\": %llu,\n",
            (unsigned long long)cfg->seed, (unsigned long long)cfg->reviews);
    fprintf(f, "  \"format\": \"%s\",\n  \"groups\": %u,\n  \"year\": %d,\n", FORMAT_NAMES[cfg->format], cfg->groups,
            cfg->year);
    fputs("  \"fields\": {\"id\": \"id\", \"group\": \"branch\", \"rating\": \"stars\", \"date\": \"date\", "
          "\"title\": \"title\", \"text\": \"text\"},\n",
          f);
    fputs("  \"corpus_mean_stars\": ", f);
    fput_ratio4(f, total_stars, cfg->reviews);
    fputs(",\n  \"themes\": [", f);
    for (size_t k = 0; k < GEN_COUNT(GEN_THEMES); k++) {
        fputs(k ? ", " : "", f);
        fput_json_string(f, GEN_THEMES[k].name);
    }
    fputs("],\n  \"planted\": [", f);
    for (int k = 0; k < cfg->n_plants; k++) {
        const gen_plant *pl = &cfg->plants[k];
        uint32_t g = pl->group_idx;
        fputs(k ? ",\n    {" : "\n    {", f);
        fputs("\"kind\": \"cluster\", \"group\": ", f);
        fput_json_string(f, pl->group);
        fputs(", \"theme\": ", f);
        fput_json_string(f, pl->theme);
        fputs(", \"phrase\": ", f);
        fput_json_string(f, pl->phrase);
        fprintf(f, ", \"mode\": \"%s\", \"share\": ", pl->add ? "add" : "glow");
        fput_ppm(f, pl->share_ppm);
        fprintf(f, ", \"count\": %llu, \"group_reviews\": %llu, \"group_mean_stars\": ",
                (unsigned long long)plant_count[k], (unsigned long long)reviews[g]);
        fput_ratio4(f, star_sum[g], reviews[g]);
        fputs(pl->add ? ", \"expect\": \"a top-ranked cluster for this group and theme\", \"ids\": ["
                      : ", \"expect\": \"a top-ranked cluster for this group and theme; the group's mean rating is "
                        "above the corpus mean\", \"ids\": [",
              f);
        uint64_t written = 0;
        for (uint64_t i = 0; i < cfg->reviews; i++) { /* replay the plans: constant memory */
            plan_review(cfg, i, &p);
            if (!(p.plants & (1u << k))) continue;
            fputs(written++ ? ", " : "", f);
            fput_id(f, cfg, i);
        }
        fputs("]}", f);
    }
    fputs(cfg->n_plants ? "\n  ],\n" : "],\n", f);

    fputs("  \"proportionate\": [", f);
    if (cfg->delivery_ppm) {
        fputs("\n    {\"theme\": \"delivery\", \"share\": ", f);
        fput_ppm(f, cfg->delivery_ppm);
        fprintf(f,
                ", \"count\": %llu, \"expect\": \"spread evenly over all groups: no group's delivery cluster should "
                "stand out\"}\n  ",
                (unsigned long long)delivery_count);
    }
    fputs("],\n", f);

    fputs("  \"spikes\": [", f);
    for (int k = 0; k < cfg->n_spikes; k++) {
        const gen_spike *sp = &cfg->spikes[k];
        fprintf(f, "%s\n    {\"theme\": \"%s\", \"from\": \"%s\", \"to\": \"%s\", \"group\": ", k ? "," : "",
                GEN_THEMES[sp->theme].name, sp->from, sp->to);
        if (sp->group_idx == UINT32_MAX)
            fputs("null", f);
        else
            fput_json_string(f, sp->group);
        fputs(", \"share\": ", f);
        fput_ppm(f, sp->share_ppm);
        fprintf(f, ", \"count\": %llu, \"expect\": \"%s\"}", (unsigned long long)spike_count[k],
                sp->group_idx == UINT32_MAX ? "a corpus-wide trend alert for this theme in this window, in no group "
                                              "in particular"
                                            : "a trend alert for this group and theme in this window only");
    }
    fputs(cfg->n_spikes ? "\n  ],\n" : "],\n", f);

    fputs("  \"worse_groups\": [", f);
    for (int k = 0; k < cfg->n_worse; k++) {
        fputs(k ? ", " : "", f);
        fput_json_string(f, cfg->worse[k]);
    }
    fputs("],\n  \"better_groups\": [", f);
    for (int k = 0; k < cfg->n_better; k++) {
        fputs(k ? ", " : "", f);
        fput_json_string(f, cfg->better[k]);
    }
    fputs("],\n", f);
    fputs("  \"novel\": ", f);
    if (cfg->novel_ppm) {
        fputs("{\"group\": ", f);
        fput_json_string(f, cfg->novel_group);
        fputs(", \"share\": ", f);
        fput_ppm(f, cfg->novel_ppm);
        fprintf(f,
                ", \"count\": %llu, \"terms\": [\"zorblax\", \"hinge\"], \"distractors\": %llu, "
                "\"spread\": %llu, \"spread_terms\": [\"quillet\", \"spout\"], \"expect\": \"no theme pack "
                "knows these words; analyze --suggest-themes should propose them\"},\n",
                (unsigned long long)novel_count[1], (unsigned long long)novel_count[2],
                (unsigned long long)novel_count[3]);
    } else {
        fputs("null,\n", f);
    }

    fputs("  \"tiny\": ", f);
    if (cfg->tiny) {
        fputs("{\"group\": ", f);
        fput_json_string(f, cfg->tiny_group);
        fputs(", \"theme\": \"staff\", \"reviews\": 3, \"negative\": 2, \"expect\": \"not in the top 10 clusters\", "
              "\"ids\": [",
              f);
        for (int k = 0; k < 3; k++) {
            fputs(k ? ", " : "", f);
            fput_id(f, cfg, cfg->tiny_idx[k]);
        }
        fputs("]},\n", f);
    } else {
        fputs("null,\n", f);
    }

    fputs("  \"group_sizes\": [", f);
    for (uint32_t g = 0; g <= cfg->groups; g++) {
        if (g == cfg->groups && !cfg->tiny) break;
        fputs(g ? ",\n    " : "\n    ", f);
        fputs("{\"group\": ", f);
        fput_json_string(f, group_names[g]);
        fprintf(f, ", \"reviews\": %llu, \"negative_reviews\": %llu, \"mean_stars\": ", (unsigned long long)reviews[g],
                (unsigned long long)negative[g]);
        fput_ratio4(f, star_sum[g], reviews[g]);
        fputc('}', f);
    }
    fputs("\n  ]\n}\n", f);
    free(reviews), free(star_sum), free(negative);
    if (ferror(f) | fclose(f)) {
        fprintf(stderr, "gen: %s: write failed\n", cfg->truth_path);
        return 1;
    }
    return 0;
}

/* ---- command line ---- */

static const char DEFAULT_PLANT[] = "branch-017:billing:0.06:I was charged twice and the refund never arrived.";

static void usage(FILE *f) {
    fputs("usage: gen [OPTIONS]\n"
          "Writes a synthetic review corpus with known planted complaint clusters.\n"
          "The same arguments give the same bytes on every machine.\n"
          "\n"
          "  --reviews N          number of reviews (default 10000)\n"
          "  --seed S             PRNG seed, an unsigned 64-bit integer (default 1)\n"
          "  --format F           jsonl | csv | tsv | lines (default jsonl); fields id, branch, stars, date,\n"
          "                       title, text (lines: the text alone, one review a line)\n"
          "  --crlf               end records with CR LF (as spreadsheets write CSV)\n"
          "  --out FILE|-         output file, - for standard output (default -)\n"
          "  --truth FILE.json    write the ground truth: planted clusters with their ids, the\n"
          "                       proportionate delivery complaints, the tiny cell, group sizes\n"
          "  --groups G           number of Zipf-sized groups branch-001..branch-G (default 50)\n"
          "  --plant SPEC         plant a complaint cluster (repeatable, up to 16);\n"
          "                       SPEC = GROUP:THEME:SHARE:PHRASE, e.g. the default\n"
          "                       \"branch-017:billing:0.06:I was charged twice and the refund never arrived.\"\n"
          "                       SHARE (0..1) of GROUP's reviews become glowing 5-star reviews with PHRASE\n"
          "                       added as one sentence; GROUP gets a better star mix so its mean rating\n"
          "                       stays above the corpus mean. THEME is only recorded in the truth file.\n"
          "                       PHRASE \"@THEME\" draws each complaint from THEME's negative sentences\n"
          "  --plant-add SPEC     the same, but PHRASE is added to SHARE of GROUP's ordinary reviews, stars\n"
          "                       unchanged (a problem in a theme that is also praised elsewhere)\n"
          "  --worse-group G      G gets a poorer star mix (1:22% 2:12% 3:14% 4:20% 5:32%): more complaints\n"
          "                       in every theme (repeatable, up to 16)\n"
          "  --better-group G     G gets the better star mix planted groups get, with nothing planted\n"
          "                       (repeatable, up to 16): fewer complaints in every theme\n"
          "  --no-plant           plant no cluster (the default plant applies when no --plant is given)\n"
          "  --tiny-group NAME    name of the tiny cell's group (default branch-<G+1>)\n"
          "  --no-tiny            do not plant the tiny cell (3 reviews, 2 of them 1-star staff complaints,\n"
          "                       at reviews N/4, N/2 and 3N/4; needs N >= 8)\n"
          "  --delivery-share P   share of all reviews (every group alike) given a delivery complaint\n"
          "                       (default 0.04; 0 disables)\n"
          "  --spike THEME:FROM:TO:SHARE[:GROUP]\n"
          "                       between dates FROM and TO (yyyy-mm-dd, inclusive, in --year), add a\n"
          "                       THEME complaint to SHARE of the reviews of every group, or of GROUP\n"
          "                       only (repeatable, up to 8; none by default), e.g.\n"
          "                       app:2025-09-01:2025-09-14:0.2 for a trend alert; THEME is one of the\n"
          "                       generator's themes (listed in the truth file)\n"
          "  --year Y             dates fall in this year (default 2025)\n"
          "  --novel GROUP:SHARE  SHARE of GROUP's reviews become glowing 5-star reviews with a complaint in\n"
          "                       words no theme pack knows (\"the zorblax hinge snapped\"); distractors go\n"
          "                       to all groups: 0.25% get the same words in a neutral sentence, 1% another\n"
          "                       made-up complaint (\"the quillet spout drips\"). Off by default.\n"
          "  -h, --help           this help\n",
          f);
}

/* Parses a decimal fraction in [0, 1] ("0.06", "1", ".5") into parts per
 * million without floating point, so the same text means the same share
 * everywhere. Returns -1 if malformed. */
static int64_t parse_share_ppm(const char *s, const char *end) {
    uint64_t whole = 0, frac = 0, scale = PPM;
    const char *c = s;
    if (c == end) return -1;
    while (c < end && *c >= '0' && *c <= '9') {
        whole = whole * 10 + (uint64_t)(*c++ - '0');
        if (whole > 1) return -1;
    }
    if (c < end && *c == '.') {
        c++;
        while (c < end && *c >= '0' && *c <= '9') {
            if (scale > 1) {
                scale /= 10;
                frac += (uint64_t)(*c - '0') * scale;
            }
            c++;
        }
    }
    if (c != end || c == s) return -1;
    uint64_t ppm = whole * PPM + frac;
    return ppm > PPM ? -1 : (int64_t)ppm;
}

static int parse_u64(const char *s, uint64_t *out) {
    char *end;
    errno = 0;
    if (!*s || *s == '-') return -1;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end) return -1;
    *out = v;
    return 0;
}

static int parse_plant(gen_plant *pl, const char *spec) {
    const char *c1 = strchr(spec, ':');
    const char *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
    const char *c3 = c2 ? strchr(c2 + 1, ':') : NULL;
    if (!c3 || c1 == spec || c2 == c1 + 1 || !c3[1]) return -1;
    if ((size_t)(c1 - spec) >= NAME_MAX_LEN || (size_t)(c2 - c1 - 1) >= NAME_MAX_LEN) return -1;
    memcpy(pl->group, spec, (size_t)(c1 - spec));
    pl->group[c1 - spec] = 0;
    memcpy(pl->theme, c1 + 1, (size_t)(c2 - c1 - 1));
    pl->theme[c2 - c1 - 1] = 0;
    int64_t ppm = parse_share_ppm(c2 + 1, c3);
    if (ppm < 0) return -1;
    pl->share_ppm = (uint32_t)ppm;
    pl->phrase = c3 + 1;
    pl->phrase_len = strlen(pl->phrase);
    if (pl->phrase_len > 1000) return -1;
    pl->template_theme = UINT32_MAX;
    if (pl->phrase[0] == '@') {
        for (uint32_t k = 0; k < N_THEMES; k++)
            if (strcmp(GEN_THEMES[k].name, pl->phrase + 1) == 0) pl->template_theme = k;
        if (pl->template_theme == UINT32_MAX) return -1;
    }
    return 0;
}

/* "yyyy-mm-dd" in `year` to a 0-based day of the year, or -1. */
static int parse_day(const char *s, size_t n, int year) {
    if (n != 10 || s[4] != '-' || s[7] != '-') return -1;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) return -1;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
    if (y != year || m < 1 || m > 12 || d < 1) return -1;
    const uint16_t *ms = MONTH_START[is_leap(year)];
    if (d > ms[m] - ms[m - 1]) return -1;
    return ms[m - 1] + d - 1;
}

/* THEME:FROM:TO:SHARE; dates are checked against the year in prepare(). */
static int parse_spike(gen_spike *sp, const char *spec) {
    const char *c1 = strchr(spec, ':');
    if (!c1) return -1;
    sp->theme = UINT32_MAX;
    for (uint32_t k = 0; k < N_THEMES; k++)
        if (strlen(GEN_THEMES[k].name) == (size_t)(c1 - spec) && !memcmp(GEN_THEMES[k].name, spec, (size_t)(c1 - spec)))
            sp->theme = k;
    const char *c2 = strchr(c1 + 1, ':');
    const char *c3 = c2 ? strchr(c2 + 1, ':') : NULL;
    if (sp->theme == UINT32_MAX || !c3 || c2 - c1 - 1 != 10 || c3 - c2 - 1 != 10) return -1;
    memcpy(sp->from, c1 + 1, 10);
    sp->from[10] = 0;
    memcpy(sp->to, c2 + 1, 10);
    sp->to[10] = 0;
    const char *c4 = strchr(c3 + 1, ':');
    int64_t ppm = parse_share_ppm(c3 + 1, c4 ? c4 : c3 + 1 + strlen(c3 + 1));
    if (ppm < 0) return -1;
    sp->share_ppm = (uint32_t)ppm;
    sp->group[0] = 0;
    if (c4) {
        if (!c4[1] || strlen(c4 + 1) >= NAME_MAX_LEN) return -1;
        snprintf(sp->group, NAME_MAX_LEN, "%s", c4 + 1);
    }
    return 0;
}

static int digits(uint64_t v) {
    int n = 1;
    while (v >= 10)
        v /= 10, n++;
    return n;
}

/* Derived tables: Zipf weights 1/(rank+1) in fixed point (rank 1 is the
 * largest group), so the sizes are identical on every machine. */
static int prepare(gen_config *cfg, char (*names)[NAME_MAX_LEN]) {
    cfg->id_width = digits(cfg->reviews) > 7 ? digits(cfg->reviews) : 7;
    cfg->group_width = digits(cfg->groups + 1) > 3 ? digits(cfg->groups + 1) : 3;
    cfg->days_in_year = is_leap(cfg->year) ? 366 : 365;
    cfg->zipf_cum = malloc(cfg->groups * sizeof *cfg->zipf_cum);
    cfg->group_good = calloc(cfg->groups + 1, 1);
    if (!cfg->zipf_cum || !cfg->group_good) return -1;
    uint64_t sum = 0;
    for (uint32_t g = 0; g < cfg->groups; g++) {
        sum += (1ull << 40) / (g + 2);
        cfg->zipf_cum[g] = sum;
    }
    cfg->zipf_total = sum;
    if (!cfg->tiny_group[0]) snprintf(cfg->tiny_group, NAME_MAX_LEN, "branch-%0*u", cfg->group_width, cfg->groups + 1);
    for (uint32_t g = 0; g <= cfg->groups; g++)
        group_name(cfg, g, names[g]);
    for (uint32_t g = 0; cfg->tiny && g < cfg->groups; g++)
        if (strcmp(names[g], cfg->tiny_group) == 0) {
            fprintf(stderr, "gen: --tiny-group %s is one of the generated groups\n", cfg->tiny_group);
            return -2;
        }
    for (int k = 0; k < cfg->n_plants; k++) {
        gen_plant *pl = &cfg->plants[k];
        pl->group_idx = UINT32_MAX;
        for (uint32_t g = 0; g < cfg->groups; g++)
            if (strcmp(names[g], pl->group) == 0) pl->group_idx = g;
        if (pl->group_idx == UINT32_MAX) {
            fprintf(stderr, "gen: --plant group %s is not one of branch-%0*u..%s (see --groups, --no-plant)\n",
                    pl->group, cfg->group_width, 1, names[cfg->groups - 1]);
            return -2;
        }
        if (!pl->add) {
            cfg->group_good[pl->group_idx] = 1;
            cfg->glow_mask |= 1u << k;
        }
    }
    for (int k = 0; k < cfg->n_worse + cfg->n_better; k++) {
        const char *name = k < cfg->n_worse ? cfg->worse[k] : cfg->better[k - cfg->n_worse];
        uint32_t idx = UINT32_MAX;
        for (uint32_t g = 0; g < cfg->groups; g++)
            if (strcmp(names[g], name) == 0) idx = g;
        if (idx == UINT32_MAX) {
            fprintf(stderr, "gen: --%s-group %s is not one of the generated groups\n",
                    k < cfg->n_worse ? "worse" : "better", name);
            return -2;
        }
        cfg->group_good[idx] = k < cfg->n_worse ? 2 : 1;
    }
    if (cfg->novel_ppm) {
        cfg->novel_group_idx = UINT32_MAX;
        for (uint32_t g = 0; g < cfg->groups; g++)
            if (strcmp(names[g], cfg->novel_group) == 0) cfg->novel_group_idx = g;
        if (cfg->novel_group_idx == UINT32_MAX) {
            fprintf(stderr, "gen: --novel group %s is not one of the generated groups\n", cfg->novel_group);
            return -2;
        }
        cfg->group_good[cfg->novel_group_idx] = 1;
    }
    for (int k = 0; k < cfg->n_spikes; k++) {
        gen_spike *sp = &cfg->spikes[k];
        sp->first_day = parse_day(sp->from, 10, cfg->year);
        sp->last_day = parse_day(sp->to, 10, cfg->year);
        sp->group_idx = UINT32_MAX;
        for (uint32_t g = 0; sp->group[0] && g < cfg->groups; g++)
            if (strcmp(names[g], sp->group) == 0) sp->group_idx = g;
        if (sp->group[0] && sp->group_idx == UINT32_MAX) {
            fprintf(stderr, "gen: --spike group %s is not one of the generated groups\n", sp->group);
            return -2;
        }
        if (sp->first_day < 0 || sp->last_day < sp->first_day) {
            fprintf(stderr, "gen: --spike dates %s..%s are not an interval in %d (see --year)\n", sp->from, sp->to,
                    cfg->year);
            return -2;
        }
    }
    if (cfg->tiny && cfg->reviews < 8) cfg->tiny = 0;
    cfg->tiny_idx[0] = cfg->reviews / 4;
    cfg->tiny_idx[1] = cfg->reviews / 2;
    cfg->tiny_idx[2] = cfg->reviews / 4 * 3;
    return 0;
}

int main(int argc, char **argv) {
    static gen_config cfg;
    cfg.reviews = 10000;
    cfg.seed = 1;
    cfg.format = FORMAT_JSONL;
    cfg.out_path = "-";
    cfg.groups = 50;
    cfg.tiny = 1;
    cfg.delivery_ppm = 40000;
    cfg.year = 2025;
    int no_plant = 0;

    enum {
        OPT_REVIEWS = 256,
        OPT_SEED,
        OPT_FORMAT,
        OPT_OUT,
        OPT_TRUTH,
        OPT_GROUPS,
        OPT_PLANT,
        OPT_NO_PLANT,
        OPT_TINY_GROUP,
        OPT_NO_TINY,
        OPT_DELIVERY,
        OPT_YEAR,
        OPT_SPIKE,
        OPT_CRLF,
        OPT_PLANT_ADD,
        OPT_WORSE_GROUP,
        OPT_NOVEL,
        OPT_BETTER_GROUP
    };
    static const struct option options[] = {{"reviews", required_argument, 0, OPT_REVIEWS},
                                            {"seed", required_argument, 0, OPT_SEED},
                                            {"format", required_argument, 0, OPT_FORMAT},
                                            {"out", required_argument, 0, OPT_OUT},
                                            {"truth", required_argument, 0, OPT_TRUTH},
                                            {"groups", required_argument, 0, OPT_GROUPS},
                                            {"plant", required_argument, 0, OPT_PLANT},
                                            {"no-plant", no_argument, 0, OPT_NO_PLANT},
                                            {"tiny-group", required_argument, 0, OPT_TINY_GROUP},
                                            {"no-tiny", no_argument, 0, OPT_NO_TINY},
                                            {"delivery-share", required_argument, 0, OPT_DELIVERY},
                                            {"year", required_argument, 0, OPT_YEAR},
                                            {"spike", required_argument, 0, OPT_SPIKE},
                                            {"crlf", no_argument, 0, OPT_CRLF},
                                            {"plant-add", required_argument, 0, OPT_PLANT_ADD},
                                            {"worse-group", required_argument, 0, OPT_WORSE_GROUP},
                                            {"novel", required_argument, 0, OPT_NOVEL},
                                            {"better-group", required_argument, 0, OPT_BETTER_GROUP},
                                            {"help", no_argument, 0, 'h'},
                                            {0, 0, 0, 0}};
    int opt;
    uint64_t v;
    while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        switch (opt) {
        case OPT_REVIEWS:
            if (parse_u64(optarg, &cfg.reviews)) goto bad_value;
            break;
        case OPT_SEED:
            if (parse_u64(optarg, &cfg.seed)) goto bad_value;
            break;
        case OPT_FORMAT:
            if (strcmp(optarg, "jsonl") == 0)
                cfg.format = FORMAT_JSONL;
            else if (strcmp(optarg, "csv") == 0)
                cfg.format = FORMAT_CSV;
            else if (strcmp(optarg, "tsv") == 0)
                cfg.format = FORMAT_TSV;
            else if (strcmp(optarg, "lines") == 0)
                cfg.format = FORMAT_LINES;
            else
                goto bad_value;
            break;
        case OPT_OUT:
            cfg.out_path = optarg;
            break;
        case OPT_TRUTH:
            cfg.truth_path = optarg;
            break;
        case OPT_GROUPS:
            if (parse_u64(optarg, &v) || v < 1 || v > MAX_GROUPS) goto bad_value;
            cfg.groups = (uint32_t)v;
            break;
        case OPT_PLANT:
        case OPT_PLANT_ADD:
            if (cfg.n_plants == MAX_PLANTS || parse_plant(&cfg.plants[cfg.n_plants], optarg)) goto bad_value;
            cfg.plants[cfg.n_plants++].add = opt == OPT_PLANT_ADD;
            break;
        case OPT_WORSE_GROUP:
            if (cfg.n_worse == MAX_PLANTS || !*optarg || strlen(optarg) >= NAME_MAX_LEN) goto bad_value;
            snprintf(cfg.worse[cfg.n_worse++], NAME_MAX_LEN, "%s", optarg);
            break;
        case OPT_BETTER_GROUP:
            if (cfg.n_better == MAX_PLANTS || !*optarg || strlen(optarg) >= NAME_MAX_LEN) goto bad_value;
            snprintf(cfg.better[cfg.n_better++], NAME_MAX_LEN, "%s", optarg);
            break;
        case OPT_NO_PLANT:
            no_plant = 1;
            break;
        case OPT_TINY_GROUP:
            if (!*optarg || strlen(optarg) >= NAME_MAX_LEN) goto bad_value;
            snprintf(cfg.tiny_group, NAME_MAX_LEN, "%s", optarg);
            break;
        case OPT_NO_TINY:
            cfg.tiny = 0;
            break;
        case OPT_DELIVERY: {
            int64_t ppm = parse_share_ppm(optarg, optarg + strlen(optarg));
            if (ppm < 0) goto bad_value;
            cfg.delivery_ppm = (uint32_t)ppm;
            break;
        }
        case OPT_YEAR:
            if (parse_u64(optarg, &v) || v < 1000 || v > 9999) goto bad_value;
            cfg.year = (int)v;
            break;
        case OPT_SPIKE:
            if (cfg.n_spikes == MAX_SPIKES || parse_spike(&cfg.spikes[cfg.n_spikes], optarg)) goto bad_value;
            cfg.n_spikes++;
            break;
        case OPT_CRLF:
            cfg.crlf = 1;
            break;
        case OPT_NOVEL: {
            const char *colon = strrchr(optarg, ':');
            if (!colon || colon == optarg || (size_t)(colon - optarg) >= NAME_MAX_LEN) goto bad_value;
            int64_t ppm = parse_share_ppm(colon + 1, colon + strlen(colon));
            if (ppm <= 0) goto bad_value;
            memcpy(cfg.novel_group, optarg, (size_t)(colon - optarg));
            cfg.novel_group[colon - optarg] = 0;
            cfg.novel_ppm = (uint32_t)ppm;
            break;
        }
        case 'h':
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return 2;
        }
        continue;
    bad_value:
        fprintf(stderr, "gen: bad value for --%s: %s\n", options[opt - OPT_REVIEWS].name, optarg);
        return 2;
    }
    if (optind < argc) {
        fprintf(stderr, "gen: unexpected argument %s\n", argv[optind]);
        usage(stderr);
        return 2;
    }
    if (no_plant)
        cfg.n_plants = 0;
    else if (cfg.n_plants == 0) {
        parse_plant(&cfg.plants[0], DEFAULT_PLANT);
        cfg.n_plants = 1;
    }

    int status = 0;
    char(*names)[NAME_MAX_LEN] = malloc(((size_t)cfg.groups + 1) * NAME_MAX_LEN);
    text_buf *text = malloc(sizeof *text);
    gen_vocab *vocab = vocab_compile();
    cfg.vocab = vocab;
    out_buf out = {0};
    out.data = malloc(OUT_CAP);
    if (!names || !text || !vocab || !out.data) {
        fprintf(stderr, "gen: out of memory\n");
        status = 1;
        goto cleanup;
    }
    int prep = prepare(&cfg, names);
    if (prep) {
        if (prep == -1) fprintf(stderr, "gen: out of memory\n");
        status = prep == -1 ? 1 : 2;
        goto cleanup;
    }

    out.path = cfg.out_path;
    out.file = strcmp(cfg.out_path, "-") == 0 ? stdout : fopen(cfg.out_path, "wb");
    if (!out.file) {
        fprintf(stderr, "gen: %s: %s\n", cfg.out_path, strerror(errno));
        status = 1;
        goto cleanup;
    }
    write_header(&cfg, &out);
    review_plan plan;
    for (uint64_t i = 0; i < cfg.reviews && !out.failed; i++) {
        plan_review(&cfg, i, &plan);
        const char *title = make_title(&plan.rng, plan.stars);
        make_text(&cfg, &plan, text);
        write_record(&cfg, &out, i, &plan, title, text, names);
        if (out.len >= OUT_FLUSH_AT) out_flush(&out);
    }
    out_flush(&out);
    if (out.file != stdout) {
        if (fclose(out.file) && !out.failed) out.failed = errno ? errno : EIO;
    } else if (fflush(stdout) && !out.failed) {
        out.failed = errno ? errno : EIO;
    }
    if (out.failed) {
        fprintf(stderr, "gen: %s: %s\n", strcmp(cfg.out_path, "-") ? cfg.out_path : "standard output",
                strerror(out.failed));
        status = 1;
        goto cleanup;
    }
    if (cfg.truth_path) status = write_truth(&cfg, names);

cleanup:
    vocab_free(vocab);
    free(names);
    free(text);
    free(out.data);
    free(cfg.zipf_cum);
    free(cfg.group_good);
    return status;
}
