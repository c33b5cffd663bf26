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
 * At the end (ut_suggest_format, in suggest_rank.c): a unit is a candidate
 * when it is in at least `min_support` complaining reviews and
 * over-represented in complaint clauses: lift = (its complaint clauses / all complaint clauses) / (its
 * clauses / all clauses) >= 2 (for a phrase, its rarer word's clauses stand
 * for its own). Clauses, not reviews, because a product word also named in
 * praise or in a themed complaint of the same review is still the subject
 * of this clause. Candidates rank by reviews x ln(lift), the information
 * they carry. The top 200 are grouped greedily in rank order: each
 * ungrouped candidate heads a group, and an ungrouped later candidate joins
 * it when at least half of the reviews of the rarer of the two hold both. A
 * group's coverage is the number of complaining reviews holding any of its
 * terms; groups rank by coverage. */
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/common.h"
#include "util/hash.h"
#include "aggregate/phrases.h"
#include "aggregate/suggest_internal.h"

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

int ut_suggest_table_init(index_table *t, size_t slots) {
    t->keys = ut_malloc(slots * sizeof *t->keys);
    t->idx = ut_malloc(slots * sizeof *t->idx);
    if (!t->keys || !t->idx) return UT_ENOMEM;
    memset(t->idx, 0xff, slots * sizeof *t->idx);
    t->mask = slots - 1;
    t->used = 0;
    return 0;
}

void ut_suggest_table_free(index_table *t) {
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

uint32_t ut_suggest_table_get(const index_table *t, uint64_t key) {
    if (!t->idx) return UINT32_MAX;
    return t->idx[table_slot(t, key)];
}

/* Inserts key -> value (key absent); grows at half full. */
int ut_suggest_table_put(index_table *t, uint64_t key, uint32_t value) {
    if (!t->idx || (t->used + 1) * 2 > t->mask + 1) {
        index_table bigger;
        size_t slots = t->idx ? (t->mask + 1) * 2 : 1024;
        if (ut_suggest_table_init(&bigger, slots)) {
            ut_suggest_table_free(&bigger);
            return UT_ENOMEM;
        }
        for (size_t s = 0; t->idx && s <= t->mask; s++)
            if (t->idx[s] != UINT32_MAX) {
                size_t d = table_slot(&bigger, t->keys[s]);
                bigger.keys[d] = t->keys[s];
                bigger.idx[d] = t->idx[s];
                bigger.used++;
            }
        ut_suggest_table_free(t);
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
    ut_suggest_table_free(&s->word_index);
    ut_suggest_table_free(&s->unit_index);
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
    uint32_t k = ut_suggest_table_get(&s->word_index, hash);
    if (k == UINT32_MAX) {
        if (grow((void **)&s->words, &s->cap_words, s->n_words + 1, sizeof *s->words) ||
            ut_suggest_table_put(&s->word_index, hash, (uint32_t)s->n_words))
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
    uint32_t k = ut_suggest_table_get(&s->unit_index, key);
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
        if (b.failed || ut_suggest_table_put(&s->unit_index, key, (uint32_t)s->n_units)) {
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
        uint32_t k = ut_suggest_table_get(&into->word_index, w->hash);
        if (k == UINT32_MAX) {
            if (grow((void **)&into->words, &into->cap_words, into->n_words + 1, sizeof *into->words) ||
                ut_suggest_table_put(&into->word_index, w->hash, (uint32_t)into->n_words))
                return UT_ENOMEM;
            k = (uint32_t)into->n_words++;
            into->words[k] = (word_count){w->hash, 0, 0};
        }
        into->words[k].clauses += w->clauses;
    }
    for (size_t i = 0; i < from->n_units; i++) {
        unit *u = &from->units[i];
        uint32_t k = ut_suggest_table_get(&into->unit_index, u->hash);
        if (k == UINT32_MAX) {
            if (grow((void **)&into->units, &into->cap_units, into->n_units + 1, sizeof *into->units) ||
                ut_suggest_table_put(&into->unit_index, u->hash, (uint32_t)into->n_units))
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
    ut_suggest_table_free(&from->unit_index);
    ut_suggest_table_free(&from->word_index);
    return 0;
}
