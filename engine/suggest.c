/* suggest.c — candidate themes from the negative clauses that matched no
 * theme (suggest.h).
 *
 * The idea: a word that names the subject of an untracked complaint ("the
 * zorblax hinge snapped") occurs in complaint clauses far more often than in
 * clauses at large, and the words of one complaint occur in the same
 * reviews. So, per clause:
 *  - every content word counts once in `words` (clauses holding it);
 *  - in a negative clause without a theme (a complaint clause), every
 *    content word and two-word phrase counts once in `units`, as a clause
 *    and, once per review, as a complaining review; the review keeps the
 *    list of its units for the co-occurrence pass.
 * A content word: at least 3 characters with a letter, not a stop word, not
 * a generic word of reviews (below), and no sentiment term or part of one
 * (valence 0, not in the lexicon, not inside a lexicon phrase), so
 * "snapped" or "let down" never head a theme. A negative clause: its valence
 * sum is below 0, or it has no sentiment word and its sentence's compound is
 * below -0.05 (as theme attribution decides).
 *
 * At the end (ut_suggest_format): a unit is a candidate when it is in at
 * least `min_support` complaining reviews and over-represented in complaint
 * clauses: lift = (its complaint clauses / all complaint clauses) / (its
 * clauses / all clauses) >= 2 (for a phrase, its rarer word's clauses stand
 * for its own). Clauses, not reviews, because a product word also named in
 * praise or in a themed complaint of the same review is still the subject
 * of this clause. Candidates rank by reviews x ln(lift), the information
 * they carry. The top 200 are grouped greedily in rank order: each
 * ungrouped candidate heads a group, and an ungrouped later candidate joins
 * it when at least half of the reviews of the rarer of the two hold both. A
 * group's coverage is the number of complaining reviews holding any of its
 * terms; groups rank by coverage. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "common.h"
#include "hash.h"
#include "phrases.h"
#include "suggest.h"

#define QUOTES 3
#define QUOTE_MAX 160
#define ID_MAX 64
#define MAX_CANDIDATES 200
#define MAX_TERMS 12
#define MAX_GROUPS 25
#define MIN_LIFT 2.0
#define JOIN_SHARE 0.5
#define GENERIC_SLOTS 1024 /* power of two, over twice the generic words */

typedef struct quote {
    uint64_t record_no; /* 0: empty */
    char *id, *text;    /* owned */
} quote;

typedef struct unit {
    uint64_t hash;
    uint64_t word_hash[2]; /* its words' hashes (a single word: [1] = 0) */
    uint64_t reviews;      /* complaining reviews holding it */
    uint64_t clauses;      /* complaint clauses holding it */
    uint64_t last_record;  /* the review that counted it last (once per review) */
    uint64_t last_clause;  /* the clause that counted it last (once per clause) */
    char *text;            /* owned: "zorblax" or "zorblax hinge" */
    quote quotes[QUOTES];  /* the lowest record numbers first */
} unit;

typedef struct word_count {
    uint64_t hash, clauses, last_clause;
} word_count;

/* Open addressing from a 64-bit hash to an index into an entry array. */
typedef struct index_table {
    uint64_t *keys;
    uint32_t *idx; /* UINT32_MAX: empty */
    size_t mask, used;
} index_table;

struct ut_suggest {
    uint64_t reviews;                /* all reviews counted */
    uint64_t complaining;            /* reviews with a negative clause without a theme */
    uint64_t clauses;                /* all clauses counted; also the clause stamp */
    uint64_t complaint_clauses;      /* negative clauses without a theme */
    uint64_t generic[GENERIC_SLOTS]; /* hashes of generic_words (0: empty slot) */
    word_count *words;               /* background */
    size_t n_words, cap_words;
    index_table word_index;
    unit *units;
    size_t n_units, cap_units;
    index_table unit_index;
    /* per complaining review, its units' hashes: review k's are
     * review_units[review_start[k] .. review_start[k+1]) */
    uint64_t *review_units;
    size_t n_review_units, cap_review_units;
    size_t *review_start;
    size_t n_reviews_listed, cap_reviews_listed;
};

/* Words that are in complaints of every kind and name no subject. Sorted
 * for reading. Stop words (phrases.c) are excluded besides these. */
static const char *const generic_words[] = {
    "able",       "actually", "afternoon",  "again",     "ago",       "all",        "almost",    "already",
    "also",       "although", "another",    "anyone",    "anything",  "anyway",     "anywhere",  "aren't",
    "around",     "ask",      "asked",      "away",      "back",      "basically",  "because",   "before",
    "besides",    "bit",      "both",       "bought",    "buy",       "call",       "called",    "came",
    "can't",      "come",     "couldn't",   "day",       "days",      "definitely", "didn't",    "doesn't",
    "don't",      "done",     "each",       "either",    "else",      "end",        "enough",    "etc",
    "even",       "evening",  "eventually", "ever",      "every",     "everybody",  "everyone",  "everything",
    "everywhere", "except",   "experience", "far",       "feel",      "feels",      "felt",      "finally",
    "find",       "first",    "five",       "found",     "four",      "frankly",    "further",   "furthermore",
    "gave",       "get",      "gets",       "getting",   "give",      "go",         "going",     "gone",
    "got",        "hadn't",   "half",       "hand",      "hasn't",    "haven't",    "home",      "honestly",
    "hour",       "hours",    "how",        "however",   "i'd",       "i'll",       "initially", "instead",
    "isn't",      "it'll",    "item",       "just",      "keep",      "kept",       "kind",      "know",
    "last",       "later",    "least",      "left",      "let",       "let's",      "like",      "literally",
    "long",       "look",     "looked",     "looks",     "lot",       "made",       "make",      "many",
    "may",        "maybe",    "might",      "mine",      "minutes",   "month",      "months",    "more",
    "moreover",   "morning",  "most",       "much",      "must",      "need",       "neither",   "never",
    "new",        "next",     "night",      "nobody",    "nothing",   "now",        "nowhere",   "off",
    "once",       "one",      "only",       "onto",      "order",     "ordered",    "other",     "otherwise",
    "ours",       "out",      "over",       "overall",   "part",      "people",     "per",       "perhaps",
    "place",      "point",    "pretty",     "probably",  "product",   "put",        "quite",     "rather",
    "rating",     "really",   "review",     "reviews",   "said",      "same",       "say",       "second",
    "see",        "seem",     "seemed",     "seems",     "seriously", "shouldn't",  "since",     "six",
    "somebody",   "someone",  "something",  "somewhere", "soon",      "sort",       "star",      "stars",
    "start",      "started",  "stay",       "stayed",    "still",     "stuff",      "such",      "sure",
    "take",       "tell",     "than",       "that's",    "theirs",    "there's",    "they're",   "thing",
    "things",     "think",    "though",     "three",     "through",   "time",       "times",     "today",
    "told",       "tonight",  "took",       "top",       "totally",   "tried",      "trip",      "try",
    "two",        "type",     "unable",     "unless",    "until",     "up",         "upon",      "use",
    "used",       "using",    "very",       "via",       "visit",     "visits",     "want",      "wanted",
    "wasn't",     "way",      "we're",      "we've",     "week",      "weeks",      "well",      "went",
    "weren't",    "what's",   "whatever",   "where",     "whether",   "while",      "whole",     "why",
    "within",     "won't",    "wouldn't",   "year",      "years",     "yesterday",  "yet",       "you're",
    "you've",     "yours",    "zero"};

/* The generic words as a set of their token hashes: a token is looked up
 * by the hash it carries, one probe instead of a binary search of strcmp
 * (which cost a third of --suggest-themes' time). 64-bit hashes of distinct
 * words are taken as distinct. */

static void generic_build(uint64_t *slots) {
    for (size_t i = 0; i < UT_ARRAY_LEN(generic_words); i++) {
        uint64_t h = ut_hash_bytes(generic_words[i], strlen(generic_words[i]));
        size_t k = (size_t)h & (GENERIC_SLOTS - 1);
        while (slots[k])
            k = (k + 1) & (GENERIC_SLOTS - 1);
        slots[k] = h;
    }
}

static int generic_has(const uint64_t *slots, uint64_t h) {
    for (size_t k = (size_t)h & (GENERIC_SLOTS - 1); slots[k]; k = (k + 1) & (GENERIC_SLOTS - 1))
        if (slots[k] == h) return 1;
    return 0;
}

/* ---- the index table ----------------------------------------------------- */

static int table_init(index_table *t, size_t slots) {
    t->keys = ut_malloc(slots * sizeof *t->keys);
    t->idx = ut_malloc(slots * sizeof *t->idx);
    if (!t->keys || !t->idx) return UT_ENOMEM;
    memset(t->idx, 0xff, slots * sizeof *t->idx);
    t->mask = slots - 1;
    t->used = 0;
    return 0;
}

static void table_free(index_table *t) {
    free(t->keys);
    free(t->idx);
    memset(t, 0, sizeof *t);
}

/* The slot of `key`: where it is, or the empty slot where it would go. */
static size_t table_slot(const index_table *t, uint64_t key) {
    size_t s = (size_t)(key ^ (key >> 29)) & t->mask;
    while (t->idx[s] != UINT32_MAX && t->keys[s] != key)
        s = (s + 1) & t->mask;
    return s;
}

static uint32_t table_get(const index_table *t, uint64_t key) {
    if (!t->idx) return UINT32_MAX;
    return t->idx[table_slot(t, key)];
}

/* Inserts key -> value (key absent); grows at half full. */
static int table_put(index_table *t, uint64_t key, uint32_t value) {
    if (!t->idx || (t->used + 1) * 2 > t->mask + 1) {
        index_table bigger;
        size_t slots = t->idx ? (t->mask + 1) * 2 : 1024;
        if (table_init(&bigger, slots)) {
            table_free(&bigger);
            return UT_ENOMEM;
        }
        for (size_t s = 0; t->idx && s <= t->mask; s++)
            if (t->idx[s] != UINT32_MAX) {
                size_t d = table_slot(&bigger, t->keys[s]);
                bigger.keys[d] = t->keys[s];
                bigger.idx[d] = t->idx[s];
                bigger.used++;
            }
        table_free(t);
        *t = bigger;
    }
    size_t s = table_slot(t, key);
    t->keys[s] = key;
    t->idx[s] = value;
    t->used++;
    return 0;
}

static int grow(void **arr, size_t *cap, size_t need, size_t elem) {
    if (need <= *cap) return 0;
    size_t n = *cap ? *cap * 2 : 256;
    while (n < need)
        n *= 2;
    void *p = ut_realloc(*arr, n * elem);
    if (!p) return UT_ENOMEM;
    *arr = p;
    *cap = n;
    return 0;
}

/* ---- the collector ------------------------------------------------------- */

int ut_suggest_new(ut_suggest **out) {
    *out = ut_calloc(1, sizeof **out);
    if (!*out) return UT_ENOMEM;
    generic_build((*out)->generic);
    return 0;
}

static void unit_free(unit *u) {
    free(u->text);
    for (int q = 0; q < QUOTES; q++) {
        free(u->quotes[q].id);
        free(u->quotes[q].text);
    }
}

void ut_suggest_free(ut_suggest *s) {
    if (!s) return;
    for (size_t i = 0; i < s->n_units; i++)
        unit_free(&s->units[i]);
    free(s->units);
    free(s->words);
    table_free(&s->word_index);
    table_free(&s->unit_index);
    free(s->review_units);
    free(s->review_start);
    free(s);
}

/* Whether token i can be (part of) a candidate term: see the top of the
 * file. `in_phrase` marks tokens inside a multi-word sentiment term ("let
 * down", "do not bother"), whose valence sits on its first word only. */
static int content_word(const ut_suggest *s, const ut_suggest_review *r, uint32_t i, int in_phrase) {
    const ut_tokens *t = r->tokens;
    const ut_token *tok = &t->tok[i];
    if (in_phrase || tok->kind != UT_TOK_WORD || tok->norm_len < 3 || tok->norm_len > 40) return 0;
    float valence;
    if (r->detail->token_valence[i] != 0.0f || ut_lexicon_lookup(r->lexicon, tok->hash, &valence)) return 0;
    const char *w = ut_token_norm(t, i);
    int letter = 0;
    for (uint16_t k = 0; k < tok->norm_len && !letter; k++)
        letter = (w[k] >= 'a' && w[k] <= 'z') || (unsigned char)w[k] >= 0x80;
    if (!letter || memchr(w, '.', tok->norm_len)) return 0; /* "e.g.", "dept.": abbreviations name nothing */
    if (ut_phrase_word_kind(tok->hash, w, tok->norm_len) != UT_PHRASE_WORD_PLAIN) return 0;
    return !generic_has(s->generic, tok->hash);
}

static int count_word(ut_suggest *s, uint64_t hash, uint64_t clause) {
    uint32_t k = table_get(&s->word_index, hash);
    if (k == UINT32_MAX) {
        if (grow((void **)&s->words, &s->cap_words, s->n_words + 1, sizeof *s->words) ||
            table_put(&s->word_index, hash, (uint32_t)s->n_words))
            return UT_ENOMEM;
        k = (uint32_t)s->n_words++;
        s->words[k] = (word_count){hash, 0, 0};
    }
    word_count *w = &s->words[k];
    if (w->last_clause != clause) {
        w->last_clause = clause;
        w->clauses++;
    }
    return 0;
}

static char *copy_trimmed(const char *p, size_t len, size_t max) {
    if (len > max) {
        len = max;
        while (len && ((unsigned char)p[len] & 0xC0) == 0x80)
            len--; /* cut on a character boundary */
    }
    char *c = ut_strndup(p, len);
    if (!c) return NULL;
    for (char *x = c; *x; x++)
        if (*x == '\n' || *x == '\r' || *x == '\t') *x = ' '; /* the quote lives on one comment line */
    return c;
}

/* Offers the review's clause [first, last] tokens as a quote of u, kept if
 * its record number is among the QUOTES lowest. */
static int offer_quote(unit *u, const ut_suggest_review *r, uint32_t first, uint32_t last) {
    int at = QUOTES;
    while (at > 0 && (u->quotes[at - 1].record_no == 0 || u->quotes[at - 1].record_no > r->record_no))
        at--;
    if (at == QUOTES) return 0;
    const ut_token *a = &r->tokens->tok[first], *b = &r->tokens->tok[last];
    size_t begin = a->src_off, end = (size_t)b->src_off + b->src_len;
    const char *src = r->text;
    if (r->title && begin < r->title_len) {
        src = r->title;
    } else {
        begin -= r->title_len;
        end -= r->title_len;
    }
    quote q = {r->record_no, copy_trimmed(r->id, r->id_len, ID_MAX), copy_trimmed(src + begin, end - begin, QUOTE_MAX)};
    if (!q.id || !q.text) {
        free(q.id);
        free(q.text);
        return UT_ENOMEM;
    }
    free(u->quotes[QUOTES - 1].id);
    free(u->quotes[QUOTES - 1].text);
    memmove(&u->quotes[at + 1], &u->quotes[at], (QUOTES - 1 - (size_t)at) * sizeof(quote));
    u->quotes[at] = q;
    return 0;
}

/* Counts a unit (a word, or two adjacent words) of a complaining clause. */
static int count_unit(ut_suggest *s, const ut_suggest_review *r, uint32_t i, uint32_t n_words, uint32_t clause_first,
                      uint32_t clause_last) {
    const ut_tokens *t = r->tokens;
    uint64_t h = t->tok[i].hash, h2 = n_words == 2 ? t->tok[i + 1].hash : 0;
    uint64_t key = n_words == 2 ? ut_hash_mix(h ^ 0x2545F4914F6CDD1Dull, h2 | 1) : h;
    uint32_t k = table_get(&s->unit_index, key);
    if (k == UINT32_MAX) {
        if (grow((void **)&s->units, &s->cap_units, s->n_units + 1, sizeof *s->units)) return UT_ENOMEM;
        unit *u = &s->units[s->n_units];
        memset(u, 0, sizeof *u);
        ut_buf b = UT_BUF_INIT;
        ut_buf_puts(&b, ut_token_norm(t, i));
        if (n_words == 2) {
            ut_buf_putc(&b, ' ');
            ut_buf_puts(&b, ut_token_norm(t, i + 1));
        }
        if (b.failed || table_put(&s->unit_index, key, (uint32_t)s->n_units)) {
            ut_buf_free(&b);
            return UT_ENOMEM;
        }
        u->hash = key;
        u->word_hash[0] = h;
        u->word_hash[1] = h2;
        u->text = b.data;
        k = (uint32_t)s->n_units++;
    }
    unit *u = &s->units[k];
    if (u->last_clause != s->clauses) {
        u->last_clause = s->clauses;
        u->clauses++;
    }
    if (u->last_record == r->record_no) return 0;
    u->last_record = r->record_no;
    u->reviews++;
    if (grow((void **)&s->review_units, &s->cap_review_units, s->n_review_units + 1, sizeof *s->review_units))
        return UT_ENOMEM;
    s->review_units[s->n_review_units++] = key;
    return offer_quote(u, r, clause_first, clause_last);
}

/* Whether clause c is a complaint no theme covers. */
static int untracked_complaint(const ut_suggest_review *r, uint32_t c) {
    for (uint32_t m = 0; m < r->n_mentions; m++)
        if (r->mentions[m].clause == c && r->mentions[m].theme != UT_THEME_OTHER) return 0;
    const float v = r->detail->clause_valence[c];
    if (v < 0.0f) return 1;
    return v == 0.0f && r->detail->sentence[r->tokens->clause[c].sentence].compound < -0.05;
}

int ut_suggest_add(ut_suggest *s, const ut_suggest_review *r) {
    const ut_tokens *t = r->tokens;
    int err = 0;
    s->reviews++;
    size_t units_before = s->n_review_units;
    int complained = 0;
    for (uint32_t c = 0; c < t->n_clause && !err; c++) {
        const ut_clause *cl = &t->clause[c];
        if (cl->tok_end <= cl->tok_begin) continue;
        s->clauses++; /* the stamp of this clause */
        for (uint32_t i = cl->tok_begin; i < cl->tok_end && !err; i++)
            if (content_word(s, r, i, 0)) err = count_word(s, t->tok[i].hash, s->clauses);
        if (err || !untracked_complaint(r, c)) continue;
        complained = 1;
        s->complaint_clauses++;
        uint32_t phrase_end = 0; /* tokens before it belong to a sentiment or stop phrase */
        int prev_content = 0;
        for (uint32_t i = cl->tok_begin; i < cl->tok_end && !err; i++) {
            float valence;
            uint32_t n = ut_lexicon_match(r->lexicon, t, i, cl->tok_end, &valence);
            if (n > 1 && i + n > phrase_end) phrase_end = i + n;
            /* A stop phrase's words were declared meaningless for themes
             * ("thai restaurant", the media pack's plot words). */
            uint32_t theme, m = ut_themes_match(r->themes, t, i, cl->tok_end, &theme);
            if (m && theme == UT_THEME_STOP && i + m > phrase_end) phrase_end = i + m;
            int content = content_word(s, r, i, i < phrase_end);
            if (content) err = count_unit(s, r, i, 1, cl->tok_begin, cl->tok_end - 1);
            if (!err && content && prev_content) err = count_unit(s, r, i - 1, 2, cl->tok_begin, cl->tok_end - 1);
            prev_content = content;
        }
    }
    if (err) return err;
    s->complaining += (uint64_t)complained;
    if (s->n_review_units > units_before) {
        if (grow((void **)&s->review_start, &s->cap_reviews_listed, s->n_reviews_listed + 2, sizeof *s->review_start))
            return UT_ENOMEM;
        s->review_start[s->n_reviews_listed++] = units_before;
        s->review_start[s->n_reviews_listed] = s->n_review_units;
    }
    return 0;
}

/* ---- merging ------------------------------------------------------------- */

/* Moves from's quotes into into's where their record numbers are among the
 * QUOTES lowest of both (the two never quote the same review). */
static void merge_quotes(unit *into, unit *from) {
    for (int q = 0; q < QUOTES; q++) {
        quote *fq = &from->quotes[q];
        if (!fq->record_no) break;
        int at = QUOTES;
        while (at > 0 && (into->quotes[at - 1].record_no == 0 || into->quotes[at - 1].record_no > fq->record_no))
            at--;
        if (at == QUOTES) break; /* from's are in increasing order: the later ones do not fit either */
        free(into->quotes[QUOTES - 1].id);
        free(into->quotes[QUOTES - 1].text);
        memmove(&into->quotes[at + 1], &into->quotes[at], (QUOTES - 1 - (size_t)at) * sizeof(quote));
        into->quotes[at] = *fq;
        fq->id = fq->text = NULL;
        fq->record_no = 0;
    }
}

int ut_suggest_merge_take(ut_suggest *into, ut_suggest *from) {
    into->reviews += from->reviews;
    into->complaining += from->complaining;
    into->clauses += from->clauses;
    into->complaint_clauses += from->complaint_clauses;
    for (size_t i = 0; i < from->n_words; i++) {
        const word_count *w = &from->words[i];
        uint32_t k = table_get(&into->word_index, w->hash);
        if (k == UINT32_MAX) {
            if (grow((void **)&into->words, &into->cap_words, into->n_words + 1, sizeof *into->words) ||
                table_put(&into->word_index, w->hash, (uint32_t)into->n_words))
                return UT_ENOMEM;
            k = (uint32_t)into->n_words++;
            into->words[k] = (word_count){w->hash, 0, 0};
        }
        into->words[k].clauses += w->clauses;
    }
    for (size_t i = 0; i < from->n_units; i++) {
        unit *u = &from->units[i];
        uint32_t k = table_get(&into->unit_index, u->hash);
        if (k == UINT32_MAX) {
            if (grow((void **)&into->units, &into->cap_units, into->n_units + 1, sizeof *into->units) ||
                table_put(&into->unit_index, u->hash, (uint32_t)into->n_units))
                return UT_ENOMEM;
            into->units[into->n_units] = *u; /* moved: from's copy is emptied below */
            memset(u, 0, sizeof *u);
            into->units[into->n_units].last_clause = 0;
            into->units[into->n_units++].last_record = 0;
            continue;
        }
        into->units[k].reviews += u->reviews;
        into->units[k].clauses += u->clauses;
        merge_quotes(&into->units[k], u);
    }
    /* The review lists are concatenated: co-occurrence counts do not depend
     * on the order of reviews. */
    size_t base = into->n_review_units;
    if (grow((void **)&into->review_units, &into->cap_review_units, base + from->n_review_units,
             sizeof *into->review_units) ||
        grow((void **)&into->review_start, &into->cap_reviews_listed,
             into->n_reviews_listed + from->n_reviews_listed + 1, sizeof *into->review_start))
        return UT_ENOMEM;
    if (from->n_review_units)
        memcpy(into->review_units + base, from->review_units, from->n_review_units * sizeof(uint64_t));
    for (size_t k = 0; k < from->n_reviews_listed; k++)
        into->review_start[into->n_reviews_listed + k] = base + from->review_start[k];
    into->n_review_units += from->n_review_units;
    into->n_reviews_listed += from->n_reviews_listed;
    into->review_start[into->n_reviews_listed] = into->n_review_units;
    /* from keeps only what it still owns: units' moved strings are NULL */
    for (size_t i = 0; i < from->n_units; i++)
        unit_free(&from->units[i]);
    from->n_units = from->n_words = from->n_review_units = from->n_reviews_listed = 0;
    from->reviews = from->complaining = from->clauses = from->complaint_clauses = 0;
    table_free(&from->unit_index);
    table_free(&from->word_index);
    return 0;
}

/* ---- building the candidates --------------------------------------------- */

typedef struct candidate {
    uint32_t unit;
    double lift, score;
    const char *text; /* the unit's, for ties */
} candidate;

typedef struct group {
    uint32_t head;             /* index into the candidates */
    int words;                 /* distinct words over its terms, counted up to 2 */
    uint32_t terms[MAX_TERMS]; /* candidates, the head first */
    int n_terms;
    uint64_t coverage;
} group;

static int cmp_candidate(const void *a, const void *b) {
    const candidate *x = a, *y = b;
    if (x->score != y->score) return x->score > y->score ? -1 : 1;
    return strcmp(x->text, y->text);
}

static uint64_t background_of(const ut_suggest *s, uint64_t word_hash) {
    uint32_t k = table_get(&s->word_index, word_hash);
    return k == UINT32_MAX ? 0 : s->words[k].clauses;
}

/* Candidate units, best first, into out (at most MAX_CANDIDATES); sets *n_out.
 * Returns 0 or UT_ENOMEM. */
static int pick_candidates(const ut_suggest *s, candidate *out, size_t *n_out, uint64_t min_support) {
    size_t n = 0, cap = 0;
    *n_out = 0;
    candidate *all = NULL;
    for (size_t i = 0; i < s->n_units; i++) {
        const unit *u = &s->units[i];
        if (u->reviews < min_support) continue;
        uint64_t bg = background_of(s, u->word_hash[0]);
        if (u->word_hash[1]) bg = UT_MIN(bg, background_of(s, u->word_hash[1]));
        if (bg < u->clauses) bg = u->clauses;
        double lift = ((double)u->clauses / (double)s->complaint_clauses) / ((double)bg / (double)s->clauses);
        if (lift < MIN_LIFT) continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 256;
            candidate *c = ut_realloc(all, cap * sizeof *c);
            if (!c) {
                free(all);
                return UT_ENOMEM;
            }
            all = c;
        }
        all[n++] = (candidate){(uint32_t)i, lift, (double)u->reviews * log(lift), u->text};
    }
    if (n) qsort(all, n, sizeof *all, cmp_candidate);
    n = UT_MIN(n, (size_t)MAX_CANDIDATES);
    if (n) memcpy(out, all, n * sizeof *out);
    free(all);
    *n_out = n;
    return 0;
}

/* The candidates listed review k holds (indexes into the candidates; each
 * at most once, since a review lists a unit once), into hit; returns how many. */
static size_t review_candidates(const ut_suggest *s, const index_table *cand_index, size_t k, uint32_t *hit) {
    size_t n = 0;
    for (size_t j = s->review_start[k]; j < s->review_start[k + 1]; j++) {
        uint32_t c = table_get(cand_index, s->review_units[j]);
        if (c != UINT32_MAX) hit[n++] = c;
    }
    return n;
}

static int cmp_group(const void *a, const void *b) {
    const group *x = a, *y = b;
    if (x->words != y->words) return x->words > y->words ? -1 : 1;
    if (x->coverage != y->coverage) return x->coverage > y->coverage ? -1 : 1;
    return x->head < y->head ? -1 : x->head > y->head; /* the better-ranked head first */
}

static void put_name(ut_buf *b, const char *text) {
    for (const char *p = text; *p; p++)
        ut_buf_putc(b, *p == '/' ? '-' : *p); /* "/" would make a hierarchy */
}

static void write_groups(ut_buf *b, const ut_suggest *s, const ut_themes *th, const candidate *cands,
                         const group *groups, size_t n_groups) {
    for (size_t g = 0; g < n_groups; g++) {
        const group *gr = &groups[g];
        const unit *head = &s->units[cands[gr->head].unit];
        ut_buf name = UT_BUF_INIT;
        put_name(&name, head->text);
        if (name.data && ut_themes_find_id(th, name.data) >= 0) ut_buf_puts(&name, " (new)");
        const char *nm = name.data && !name.failed ? name.data : "";
        ut_buf_printf(b,
                      "\n# %zu. %s: %llu complaining reviews (%.1f%% of %llu), lift %.1f\n#    terms (reviews):", g + 1,
                      nm, (unsigned long long)gr->coverage, 100.0 * (double)gr->coverage / (double)s->complaining,
                      (unsigned long long)s->complaining, cands[gr->head].lift);
        for (int t = 0; t < gr->n_terms; t++) {
            const unit *u = &s->units[cands[gr->terms[t]].unit];
            ut_buf_printf(b, "%s %s %llu", t ? "," : "", u->text, (unsigned long long)u->reviews);
        }
        ut_buf_putc(b, '\n');
        for (int q = 0; q < QUOTES && head->quotes[q].record_no; q++)
            ut_buf_printf(b, "#    %s: \"%s\"\n", head->quotes[q].id, head->quotes[q].text);
        for (int t = 0; t < gr->n_terms; t++)
            ut_buf_printf(b, "%s\t%s\n", nm, s->units[cands[gr->terms[t]].unit].text);
        ut_buf_free(&name);
    }
}

int ut_suggest_format(char **out, size_t *out_len, const ut_suggest *s, const ut_themes *th) {
    *out = NULL;
    *out_len = 0;
    int err = 0;
    ut_buf b = UT_BUF_INIT;
    candidate *cands = ut_calloc(MAX_CANDIDATES, sizeof *cands);
    uint32_t *co = ut_calloc((size_t)MAX_CANDIDATES * MAX_CANDIDATES, sizeof *co);
    uint32_t *hit = ut_calloc(MAX_CANDIDATES, sizeof *hit);
    group *groups = ut_calloc(MAX_CANDIDATES, sizeof *groups);
    int *group_of = ut_calloc(MAX_CANDIDATES, sizeof *group_of);
    uint64_t *seen = ut_calloc(MAX_CANDIDATES, sizeof *seen);
    index_table cand_index = {0};
    if (!cands || !co || !hit || !groups || !group_of || !seen || table_init(&cand_index, 2 * 512)) {
        err = UT_ENOMEM;
        goto cleanup;
    }
    /* At least 5 reviews, and 2 in 1,000 complaining reviews: a theme worth
     * adding names a complaint more than a handful of people made. */
    uint64_t min_support = UT_MAX((uint64_t)5, (s->complaining * 2 + 999) / 1000);
    size_t n = 0;
    if (s->complaining && (err = pick_candidates(s, cands, &n, min_support))) goto cleanup;
    for (size_t i = 0; i < n; i++)
        if ((err = table_put(&cand_index, s->units[cands[i].unit].hash, (uint32_t)i))) goto cleanup;
    /* co-occurrence of candidates in the same complaining review */
    for (size_t k = 0; k < s->n_reviews_listed; k++) {
        size_t m = review_candidates(s, &cand_index, k, hit);
        for (size_t a = 0; a < m; a++)
            for (size_t c = a + 1; c < m; c++) {
                co[(size_t)hit[a] * MAX_CANDIDATES + hit[c]]++;
                co[(size_t)hit[c] * MAX_CANDIDATES + hit[a]]++;
            }
    }
    /* greedy grouping around the best ungrouped candidate */
    size_t n_groups = 0;
    for (size_t i = 0; i < n; i++)
        group_of[i] = -1;
    for (size_t i = 0; i < n; i++) {
        if (group_of[i] >= 0) continue;
        group *gr = &groups[n_groups];
        gr->head = (uint32_t)i;
        gr->terms[gr->n_terms++] = (uint32_t)i;
        group_of[i] = (int)n_groups;
        const uint64_t df_i = s->units[cands[i].unit].reviews;
        for (size_t j = i + 1; j < n && gr->n_terms < MAX_TERMS; j++) {
            if (group_of[j] >= 0) continue;
            const uint64_t df_j = s->units[cands[j].unit].reviews;
            if ((double)co[i * MAX_CANDIDATES + j] >= JOIN_SHARE * (double)UT_MIN(df_i, df_j)) {
                gr->terms[gr->n_terms++] = (uint32_t)j;
                group_of[j] = (int)n_groups;
            }
        }
        /* A complaint about a thing names the thing and what went wrong
         * with it ("zorblax", "hinge"): a group of two or more words is a
         * subject; a lone word ("frankly", "school") is more often a figure
         * of speech, so such groups rank after every group of two words. */
        gr->words = 1;
        for (int t = 0; t < gr->n_terms; t++) {
            const unit *u = &s->units[cands[gr->terms[t]].unit];
            if (u->word_hash[1] || u->word_hash[0] != s->units[cands[i].unit].word_hash[0]) gr->words = 2;
        }
        n_groups++;
    }
    /* coverage: complaining reviews holding any term of the group */
    for (size_t k = 0; k < s->n_reviews_listed; k++) {
        size_t m = review_candidates(s, &cand_index, k, hit);
        for (size_t a = 0; a < m; a++) {
            int g = group_of[hit[a]];
            if (seen[g] != k + 1) {
                seen[g] = k + 1;
                groups[g].coverage++;
            }
        }
    }
    if (n_groups) qsort(groups, n_groups, sizeof *groups, cmp_group);
    size_t shown = 0;
    while (shown < n_groups && shown < MAX_GROUPS && groups[shown].coverage >= min_support)
        shown++;

    ut_buf_printf(&b,
                  "# undertone analyze --suggest-themes: candidate themes for complaints that no theme covers.\n"
                  "# %llu reviews; %llu have a negative clause that matched no theme. %zu candidates, each a group of\n"
                  "# words over-represented in those clauses (lift: how many times more often than in clauses at\n"
                  "# large) that occur in the same reviews, ranked by the complaining reviews they cover; quotes\n"
                  "# are the lowest-numbered. Edit (rename, drop terms or candidates), then load with --themes.\n"
                  "theme\tterm\n",
                  (unsigned long long)s->reviews, (unsigned long long)s->complaining, shown);
    write_groups(&b, s, th, cands, groups, shown);
    if (b.failed) {
        err = UT_ENOMEM;
        goto cleanup;
    }
    *out = b.data;
    *out_len = b.len;
    b.data = NULL;
cleanup:
    ut_buf_free(&b);
    free(cands);
    free(co);
    free(hit);
    free(groups);
    free(group_of);
    free(seen);
    table_free(&cand_index);
    return err;
}
