/* phrases.c — n-gram extraction and the budgeted phrase counters; see
 * phrases.h for the ladder's guarantees. A raise of a table's level
 * re-slots it in place in one pass and frees an eighth of its budget or
 * more, so a full table is re-slotted at most once per eighth of its
 * budget of new keys it keeps. */
#include "aggregate/phrases.h"

#include <pthread.h>
#include <stdint.h>
#include <sys/mman.h>
#include <stdlib.h>
#include <string.h>

#include "util/common.h"
#include "util/hash.h"
#include "aggregate/stats.h"

/* Sorted for bsearch. */
static const char *const stop_words[] = {
    "a",    "about", "after", "all",   "also", "am",    "an",    "and",   "any",  "are",  "as",     "at",  "be",
    "been", "being", "but",   "by",    "can",  "could", "did",   "do",    "does", "for",  "from",   "had", "has",
    "have", "he",    "her",   "here",  "his",  "i",     "i'm",   "i've",  "if",   "in",   "into",   "is",  "it",
    "it's", "its",   "just",  "me",    "my",   "of",    "on",    "or",    "our",  "she",  "should", "so",  "some",
    "than", "that",  "the",   "their", "them", "then",  "there", "these", "they", "this", "those",  "to",  "too",
    "us",   "was",   "we",    "were",  "what", "when",  "which", "who",   "will", "with", "would",  "you", "your"};

/* Words that may open a longer phrase ("not worth", "never again", "very
 * rude") but say nothing alone or at its end. Sorted for bsearch. */
static const char *const modifier_words[] = {"don't", "even", "ever",    "less",  "more",   "most",  "much", "never",
                                             "no",    "not",  "nothing", "quite", "really", "still", "very"};

static int cmp_word(const void *key, const void *elem) {
    return strcmp(key, *(const char *const *)elem);
}

/* The reference lookup, by text: what the hash-keyed lookup below must
 * agree with. */
int ut_phrase_word_kind_text(const char *word) {
    size_t len = strlen(word);
    if (len <= 6 && bsearch(word, stop_words, UT_ARRAY_LEN(stop_words), sizeof stop_words[0], cmp_word))
        return UT_PHRASE_WORD_STOP;
    if (len <= 7 && bsearch(word, modifier_words, UT_ARRAY_LEN(modifier_words), sizeof modifier_words[0], cmp_word))
        return UT_PHRASE_WORD_MODIFIER;
    return UT_PHRASE_WORD_PLAIN;
}

int ut_is_stop_word(const char *word) {
    return ut_phrase_word_kind_text(word) == UT_PHRASE_WORD_STOP;
}

/* Both lists again as a direct-mapped table indexed by ut_hash_bytes, the
 * hash every token already carries: n-gram mining classifies each token of
 * a clause, and two binary searches of strcmp per token were a sixth of a
 * whole run. A multiplier is searched for once so that no two listed words
 * share a slot; a slot keeps its word's bytes (zero-padded, at most 7), so
 * a token is classified by one slot read and one 8-byte compare, without a
 * data-dependent branch, and exactly as the text look-up does (equal bytes
 * give equal hashes, hence the same slot). Built once, on first use, by
 * any thread. */
#define WORD_SLOT_BITS 10
#define WORD_MAX_LEN 7
static uint64_t word_bytes[1u << WORD_SLOT_BITS];
static uint8_t word_len[1u << WORD_SLOT_BITS];     /* 0: empty */
static uint8_t word_kind_of[1u << WORD_SLOT_BITS]; /* UT_PHRASE_WORD_* */
static uint64_t word_mult;
static uint64_t len_mask[WORD_MAX_LEN + 1]; /* the first `len` bytes of a word loaded as 8 */
static pthread_once_t word_set_once = PTHREAD_ONCE_INIT;

static inline uint32_t word_slot(uint64_t hash) {
    return (uint32_t)((hash * word_mult) >> (64 - WORD_SLOT_BITS));
}

static uint64_t padded(const char *text, size_t len) {
    uint64_t w = 0;
    memcpy(&w, text, len);
    return w;
}

/* Places every word under multiplier `mult`; 0 if two share a slot. */
static int place_words(uint64_t mult) {
    memset(word_len, 0, sizeof word_len);
    word_mult = mult;
    for (size_t i = 0; i < UT_ARRAY_LEN(stop_words) + UT_ARRAY_LEN(modifier_words); i++) {
        int stop = i < UT_ARRAY_LEN(stop_words);
        const char *text = stop ? stop_words[i] : modifier_words[i - UT_ARRAY_LEN(stop_words)];
        size_t len = strlen(text);
        uint32_t s = word_slot(ut_hash_bytes(text, len));
        if (word_len[s]) return 0;
        word_bytes[s] = padded(text, len);
        word_len[s] = (uint8_t)len;
        word_kind_of[s] = stop ? UT_PHRASE_WORD_STOP : UT_PHRASE_WORD_MODIFIER;
    }
    return 1;
}

static void build_word_set(void) {
    static const char ones[WORD_MAX_LEN] = {-1, -1, -1, -1, -1, -1, -1};
    for (size_t len = 0; len <= WORD_MAX_LEN; len++)
        len_mask[len] = padded(ones, len);
    /* Odd multipliers from a fixed sequence: the words and the hash are
     * constants, so the search always ends at the same one (a few dozen
     * tries; test_phrases checks every word is found). */
    uint64_t mult = 0x9e3779b97f4a7c15ull;
    for (int tries = 0; tries < (1 << 16) && !place_words(mult | 1); tries++)
        mult = ut_hash_mix(mult, 0xbf58476d1ce4e5b9ull);
}

/* A word's kind from its hash and bytes; `word` may be read 8 bytes long
 * when `room8` (the bytes past its end are masked off). */
static inline int word_kind(uint64_t hash, const char *word, size_t len, int room8) {
    /* Written as arithmetic, not tests: stop words are ~40% of tokens in
     * no pattern, and a branch on them mispredicts. A length over the
     * longest word becomes 0, which matches no word. */
    size_t l = len & (0 - (size_t)(len <= WORD_MAX_LEN));
    uint64_t w;
    if (room8)
        memcpy(&w, word, 8);
    else
        w = padded(word, l);
    w &= len_mask[l];
    uint32_t s = word_slot(hash);
    uint64_t differ = (word_bytes[s] ^ w) | (word_len[s] ^ l) | (uint64_t)(l == 0);
    return word_kind_of[s] & (int)(0 - (unsigned)(differ == 0));
}

int ut_phrase_word_kind(uint64_t hash, const char *word, size_t len) {
    pthread_once(&word_set_once, build_word_set);
    return word_kind(hash, word, len, 0);
}

static inline uint32_t home_slot(uint64_t key, uint32_t mask) {
    __uint128_t r = (__uint128_t)(key ^ 0x9e3779b97f4a7c15ull) * 0xbf58476d1ce4e5b9ull;
    return (uint32_t)((uint64_t)r ^ (uint64_t)(r >> 64)) & mask;
}

/* The slots a key may sit in are fetched ahead of the probes: the tables
 * are megabytes and keys random, so a probe is a cache miss; fetching a
 * mention's n-grams' slots together overlaps the misses. The line with
 * the count is fetched (a slot never straddles two lines). Only a hint:
 * nothing changes. */
#define PREFETCH_SLOT(p) UT_PREFETCH(&(p)->count)

/* The ladder. A key's rung counts in eighths of a halving: 8 for each
 * leading zero bit of a second hash of it, plus 0 to 7 from where the
 * bits after the leading one fall among the steps 2^(j/8), so that the
 * share of keys on rung r or above is 2^(-r/8). Whole halvings (a rung per
 * leading zero bit) made a table just past its budget drop half of a
 * whole class of phrases; eighths drop about a twelfth at a time. */
static const uint64_t eighth_steps[7] = {0x8b95c1e3ea8bd800ull, 0x9837f0518db8a800ull, 0xa5fed6a9b1513800ull,
                                         0xb504f333f9de6800ull, 0xc5672a115506d800ull, 0xd744fccad69d6800ull,
                                         0xeac0c6e7dd243800ull}; /* 2^(j/8) * 2^63, j = 1..7 */

uint32_t ut_ladder_rung(uint64_t key) {
    uint64_t h = ut_hash_mix(key ^ 0x6a09e667f3bcc909ull, 0x9fb21c651e98df25ull);
    if (!h) return 8 * 64;
    uint32_t lz = (uint32_t)__builtin_clzll(h), steps = 0;
    uint64_t mantissa = h << lz; /* in [2^63, 2^64) */
    for (int j = 0; j < 7; j++)
        steps += mantissa < eighth_steps[j];
    return 8 * lz + steps;
}

/* A phrase's level: its rung, plus 8 halvings (64) for a single word and
 * 4 (32) for two words, so that a full table drops trigrams first, then
 * bigrams, then single words, each class by rung. Most distinct phrases
 * are trigrams seen once, while the phrases that get ranked are mostly
 * single words (three in four of phrases.csv's rows on diverse text).
 * Figures, and what else was tried, are in docs/performance.md and the
 * commit that made this. */
static const uint8_t level_bonus[UT_PHRASE_MAX_TOKENS + 1] = {0, 64, 32, 0};

uint32_t ut_phrase_level(uint64_t key, uint32_t n_tokens) {
    uint32_t level = ut_ladder_rung(key) + level_bonus[n_tokens <= UT_PHRASE_MAX_TOKENS ? n_tokens : 0];
    return level < UT_LADDER_LEVELS ? level : UT_LADDER_LEVELS - 1; /* a share below 2^-23 */
}

/* The lowest level >= `from` at which `hist` (keys per level) holds at
 * most `fill` keys. */
static uint32_t ladder_fit(const uint64_t *hist, uint32_t from, uint32_t fill) {
    uint64_t above = 0;
    uint32_t level = UT_LADDER_LEVELS;
    while (level > from && above + hist[level - 1] <= fill)
        above += hist[--level];
    return level;
}

/* What a settled table holds at most: seven eighths of its budget. A
 * full table rises to the lowest level at which what it holds fits this,
 * so each raise frees an eighth of the budget or more. Rising only until
 * it fit the whole budget freed a few keys at a time once a class of
 * phrases (single words) filled most of the table: on the 100 MB
 * diverse-text corpus the rebuilds took 1.2 s more than the 1.6 s of the
 * rest of a -j1 run. A quarter of slack cost more of the sample (cells'
 * top phrases 68% of the exact ones against 73% with an eighth), a
 * sixteenth more time (1.9 s against 1.7 s). */
static inline uint32_t settled_fill(uint32_t budget) {
    return budget - budget / 8;
}

void ut_phrase_table_init(ut_phrase_table *t, uint32_t budget) {
    memset(t, 0, sizeof *t);
    t->budget = budget ? budget : 1;
}

void ut_phrase_table_free(ut_phrase_table *t) {
    if (!t) return;
    free(t->slots);
    free(t->texts);
    free(t->pool);
    uint32_t budget = t->budget;
    memset(t, 0, sizeof *t);
    t->budget = budget;
}

/* Keys are 64-bit hashes of the token sequence; they are the phrase's
 * identity, so no string comparison is needed. */
static inline ut_phrase *probe(const ut_phrase_table *t, uint64_t key) {
    if (!t->cap) return NULL;
    uint32_t mask = t->cap - 1;
    for (uint32_t i = home_slot(key, mask);; i = (i + 1) & mask) {
        ut_phrase *p = &t->slots[i];
        if (p->count == 0 || p->key == key) return p;
    }
}

const ut_phrase *ut_phrase_table_find(const ut_phrase_table *t, uint64_t key) {
    const ut_phrase *p = probe(t, key);
    return p && p->count ? p : NULL;
}

void ut_phrase_table_prefetch(const ut_phrase_table *t, const ut_ngram *g, uint32_t n) {
    if (!t->cap) return;
    uint32_t mask = t->cap - 1;
    for (uint32_t i = 0; i < n; i++)
        PREFETCH_SLOT(&t->slots[home_slot(g[i].key, mask)]);
}

int ut_phrase_table_bump(ut_phrase_table *t, uint64_t key) {
    ut_phrase *p = probe(t, key);
    if (!p || p->count == 0) return 0;
    p->count++;
    t->total++;
    return 1;
}

int ut_phrase_table_add_ngrams(ut_phrase_table *t, const ut_tokens *tok, const ut_ngram *g, uint32_t n,
                               ut_buf *scratch) {
    for (uint32_t i = 0; i < n; i++) {
        /* below the table's level: counted, not kept, so neither probed
         * (a cache miss) nor given a text */
        if (t->level && ut_phrase_level(g[i].key, g[i].n) < t->level) {
            t->total++;
            continue;
        }
        if (ut_phrase_table_bump(t, g[i].key)) continue;
        ut_buf_clear(scratch);
        ut_ngram_text(tok, &g[i], scratch);
        if (scratch->failed) return UT_ENOMEM;
        int rc = ut_phrase_table_add(t, g[i].key, scratch->data, scratch->len, ut_phrase_level(g[i].key, g[i].n), 1);
        if (rc) return rc;
    }
    return 0;
}

uint64_t ut_phrase_table_count(const ut_phrase_table *t, uint64_t key) {
    const ut_phrase *p = probe(t, key);
    return p ? p->count : 0;
}

/* Zeroed memory for a big table probed at random keys: aligned to 2 MiB
 * and offered to the kernel as huge pages (MADV_HUGEPAGE), so that a probe
 * misses the TLB far less often (the 16 MB background sketch is 4,000 small
 * pages, beyond any TLB's reach). Small tables are zeroed by writing (see
 * below). Free with free(). */
#define HUGE_TABLE_MIN ((size_t)4 << 20)
static void *table_calloc(size_t n, size_t size) {
    if (size && n > SIZE_MAX / size) return NULL;
    size_t bytes = n * size;
    void *p = NULL;
    if (bytes < HUGE_TABLE_MIN) {
        /* Zeroed by writing, not by calloc: fresh pages from calloc are the
         * kernel's zero page until written, and a probe reads a slot before
         * it writes one, so each page faulted twice, and the second fault
         * (copy on write) flushed every other worker's TLB by interrupt:
         * a twentieth of a -j2 run on diverse text. */
        if ((p = ut_malloc(bytes ? bytes : 1))) memset(p, 0, bytes);
        return p;
    }
    if (posix_memalign(&p, (size_t)2 << 20, bytes)) return NULL;
#ifdef MADV_HUGEPAGE
    madvise(p, bytes, MADV_HUGEPAGE);
#endif
    memset(p, 0, bytes);
    return p;
}

/* Re-slots the phrases into `cap` fresh slots (growth; the pool stays). */
static int grow(ut_phrase_table *t, uint32_t cap) {
    ut_phrase *slots = table_calloc(cap, sizeof *slots);
    ut_phrase_text_ref *texts = ut_malloc((size_t)cap * sizeof *texts);
    if (!slots || !texts) {
        free(slots);
        free(texts);
        return UT_ENOMEM;
    }
    for (uint32_t i = 0; i < t->cap; i++) {
        if (t->slots[i].count == 0) continue;
        uint32_t j = home_slot(t->slots[i].key, cap - 1);
        while (slots[j].count)
            j = (j + 1) & (cap - 1);
        slots[j] = t->slots[i];
        texts[j] = t->texts[i];
    }
    free(t->slots);
    free(t->texts);
    t->slots = slots;
    t->texts = texts;
    t->cap = cap;
    return 0;
}

/* Copies the held phrases' texts into a fresh pool, leaving the dropped
 * ones' behind. */
static int compact_pool(ut_phrase_table *t) {
    char *pool = ut_malloc(t->pool_cap);
    if (!pool) return UT_ENOMEM;
    size_t len = 0;
    for (uint32_t i = 0; i < t->cap; i++) {
        if (t->slots[i].count == 0) continue;
        ut_phrase_text_ref *text = &t->texts[i];
        memcpy(pool + len, t->pool + text->off, (size_t)text->len + 1);
        text->off = (uint32_t)len;
        len += (size_t)text->len + 1;
    }
    free(t->pool);
    t->pool = pool;
    t->pool_len = len;
    t->pool_garbage = 0;
    return 0;
}

/* Raises the table to `level` (above its own), dropping the phrases below
 * it in place: no table is allocated, so a raise costs no page faults and,
 * with several workers, no munmap that stops the other cores to flush
 * their TLBs (which a fresh table per raise did, a tenth of a -j2 run on
 * diverse text). The dropped slots are emptied; then every phrase left is
 * lifted out and put back from its home slot, which closes the gaps in its
 * run. The phrases are taken in probe order from a slot that was empty
 * before the drop, so no run is entered in its middle. The texts of the
 * dropped phrases stay in the pool until they are half of it. */
static int raise_level(ut_phrase_table *t, uint32_t level) {
    t->level = level;
    if (!t->cap) return 0;
    uint32_t mask = t->cap - 1, start = 0, kept = 0;
    while (t->slots[start].count) /* a table is at most half full */
        start++;
    for (uint32_t i = 0; i < t->cap; i++) {
        if (t->slots[i].count && t->texts[i].level < level) {
            t->slots[i].count = 0;
            t->pool_garbage += (size_t)t->texts[i].len + 1;
        }
        kept += t->slots[i].count != 0;
    }
    if (kept == t->n) return 0;
    t->n = kept;
    for (uint32_t k = 1; k <= t->cap; k++) {
        uint32_t i = (start + k) & mask;
        if (!t->slots[i].count) continue;
        ut_phrase p = t->slots[i];
        ut_phrase_text_ref text = t->texts[i];
        t->slots[i].count = 0;
        uint32_t j = home_slot(p.key, mask);
        while (t->slots[j].count)
            j = (j + 1) & mask;
        t->slots[j] = p;
        t->texts[j] = text;
    }
    return t->pool_garbage * 2 > t->pool_len ? compact_pool(t) : 0;
}

/* Inserts a phrase known to be absent, growing as needed. */
static int insert_new(ut_phrase_table *t, uint64_t key, const char *text, size_t len, uint32_t level, uint64_t count) {
    if ((t->n + 1) * 2 > t->cap) {
        uint32_t cap = t->cap ? t->cap * 2 : 16;
        if (cap == 0 || cap > (1u << 30)) return ut_error_set(UT_ENOMEM, "phrase table too large");
        int rc = grow(t, cap);
        if (rc) return rc;
    }
    if (len > UINT16_MAX) len = UINT16_MAX;
    if (t->pool_len + len + 1 > t->pool_cap) {
        size_t cap = t->pool_cap ? t->pool_cap : 256;
        while (cap < t->pool_len + len + 1)
            cap *= 2;
        if (cap > UINT32_MAX) return ut_error_set(UT_ENOMEM, "phrase table: text pool over 4 GiB");
        char *pool = ut_realloc(t->pool, cap);
        if (!pool) return UT_ENOMEM;
        t->pool = pool;
        t->pool_cap = cap;
    }
    memcpy(t->pool + t->pool_len, text, len);
    t->pool[t->pool_len + len] = '\0';
    ut_phrase *p = probe(t, key);
    *p = (ut_phrase){key, count};
    t->texts[p - t->slots] = (ut_phrase_text_ref){(uint32_t)t->pool_len, (uint16_t)len, (uint16_t)level};
    t->pool_len += len + 1;
    t->n++;
    return 0;
}

int ut_phrase_table_add(ut_phrase_table *t, uint64_t key, const char *text, size_t len, uint32_t level,
                        uint64_t count) {
    if (count == 0) return 0;
    if (level >= UT_LADDER_LEVELS) return ut_error_set(UT_EINVAL, "phrase level %u out of range", level);
    t->total += count;
    if (level < t->level) return 0;
    ut_phrase *p = probe(t, key);
    if (p && p->count) {
        p->count += count;
        return 0;
    }
    if (t->n >= t->budget) {
        /* Full: up to the lowest level at which the held phrases and the
         * newcomer fit the fill. */
        uint64_t hist[UT_LADDER_LEVELS] = {0};
        for (uint32_t i = 0; i < t->cap; i++)
            if (t->slots[i].count) hist[t->texts[i].level]++;
        hist[level]++;
        int rc = raise_level(t, ladder_fit(hist, t->level + 1, settled_fill(t->budget)));
        if (rc) return rc;
        if (level < t->level) return 0;
    }
    return insert_new(t, key, text, len, level, count);
}

/* Merging into an empty table with room is a copy: same slots, same pool. */
static int copy_into_empty(ut_phrase_table *into, const ut_phrase_table *from) {
    ut_phrase *slots = ut_malloc((size_t)from->cap * sizeof *slots);
    ut_phrase_text_ref *texts = ut_malloc((size_t)from->cap * sizeof *texts);
    char *pool = ut_malloc(from->pool_cap ? from->pool_cap : 1);
    if (!slots || !texts || !pool) {
        free(slots);
        free(texts);
        free(pool);
        return UT_ENOMEM;
    }
    memcpy(slots, from->slots, (size_t)from->cap * sizeof *slots);
    memcpy(texts, from->texts, (size_t)from->cap * sizeof *texts);
    if (from->pool_len) memcpy(pool, from->pool, from->pool_len);
    free(into->slots);
    free(into->texts);
    free(into->pool);
    into->slots = slots;
    into->texts = texts;
    into->cap = from->cap;
    into->n = from->n;
    into->pool = pool;
    into->pool_len = from->pool_len;
    into->pool_garbage = from->pool_garbage;
    into->pool_cap = from->pool_cap ? from->pool_cap : 1;
    into->total = from->total;
    into->level = from->level;
    return 0;
}

/* When a merge finds `into` empty and `from` settled as it is (never
 * full, and within the fill), the result is `from` as it is: the merge
 * copies it. */
#define FITS_EMPTY(into, from)                                                                                         \
    ((into)->n == 0 && (into)->total == 0 && (into)->level == 0 && (from)->level == 0 &&                               \
     (from)->n <= settled_fill((into)->budget) && (from)->cap)
/* A take moves any table into an empty one (same budgets). */
#define TAKES(into, from) ((into)->n == 0 && (into)->total == 0 && (into)->level == 0 && (from)->n <= (into)->budget)

/* Where `into` is empty, the two tables trade places instead: the same
 * slots and pool, no copy. */
int ut_phrase_table_take(ut_phrase_table *into, ut_phrase_table *from) {
    if (!TAKES(into, from)) return 0;
    ut_phrase_table emptied = *into;
    uint32_t budget = into->budget;
    *into = *from;
    into->budget = budget;
    emptied.budget = from->budget;
    *from = emptied;
    return 1;
}

int ut_phrase_table_settle(ut_phrase_table *t) {
    uint64_t hist[UT_LADDER_LEVELS] = {0};
    for (uint32_t i = 0; i < t->cap; i++)
        if (t->slots[i].count) hist[t->texts[i].level]++;
    uint32_t level = ladder_fit(hist, t->level, settled_fill(t->budget));
    return level > t->level ? raise_level(t, level) : 0;
}

int ut_phrase_table_merge(ut_phrase_table *into, const ut_phrase_table *from) {
    if (FITS_EMPTY(into, from)) return copy_into_empty(into, from);
    /* The union, from the higher of the two levels up, settled: counted
     * first, so that `into` never holds more than its fill. */
    uint32_t floor = UT_MAX(into->level, from->level);
    uint64_t hist[UT_LADDER_LEVELS] = {0};
    for (uint32_t i = 0; i < into->cap; i++)
        if (into->slots[i].count && into->texts[i].level >= floor) hist[into->texts[i].level]++;
    for (uint32_t i = 0; i < from->cap; i++) {
        const ut_phrase *p = &from->slots[i];
        if (!p->count || from->texts[i].level < floor) continue;
        const ut_phrase *q = probe(into, p->key);
        if (!(q && q->count)) hist[from->texts[i].level]++;
    }
    into->total += from->total;
    uint32_t level = ladder_fit(hist, floor, settled_fill(into->budget));
    int rc = level > into->level ? raise_level(into, level) : 0;
    for (uint32_t i = 0; i < from->cap && !rc; i++) {
        const ut_phrase *p = &from->slots[i];
        if (!p->count || from->texts[i].level < level) continue;
        ut_phrase *q = probe(into, p->key);
        if (q && q->count)
            q->count += p->count;
        else
            rc = insert_new(into, p->key, ut_phrase_text(from, p), ut_phrase_text_len(from, p), from->texts[i].level,
                            p->count);
    }
    return rc;
}

uint32_t ut_ngrams_collect(const ut_tokens *t, uint32_t begin, uint32_t end, ut_ngram *out) {
    if (end > t->n_tok) end = t->n_tok;
    if (end > begin + UT_PHRASE_MAX_CLAUSE) end = begin + UT_PHRASE_MAX_CLAUSE;
    if (end <= begin) return 0;
    pthread_once(&word_set_once, build_word_set);
    /* Each token's class: 0 not a word or number (ends every phrase), else
     * 1 + its word kind; a stop word (2) may sit inside a phrase, never at
     * its edge; a modifier (3) may open one, never end one. The window's
     * end is padded with cuts. */
    enum { CUT = 0, PLAIN = 1 + UT_PHRASE_WORD_PLAIN, STOP = 1 + UT_PHRASE_WORD_STOP };
    enum { PADDED = UT_PHRASE_MAX_CLAUSE + UT_PHRASE_MAX_TOKENS };
    uint8_t cls[PADDED];
    uint64_t hash[PADDED];
    const ut_token *tok = t->tok + begin;
    uint32_t m = end - begin;
    for (uint32_t a = 0; a < m; a++) {
        const ut_token *k = &tok[a];
        int usable = k->kind == UT_TOK_WORD || k->kind == UT_TOK_NUMBER;
        int kind = word_kind(k->hash, t->norm + k->norm_off, k->norm_len, k->norm_off + 8 <= t->norm_cap);
        cls[a] = usable ? (uint8_t)(1 + kind) : CUT;
        hash[a] = k->hash;
    }
    for (uint32_t a = m; a < PADDED; a++)
        cls[a] = CUT, hash[a] = 0;
    /* Every candidate is written and kept by advancing n or not, rather than
     * by branching on token classes that follow no pattern. A write lands
     * at most one past the n-grams kept, and at most 141 are kept (the
     * window's last two tokens start no trigram), within UT_NGRAMS_MAX. */
    _Static_assert(UT_PHRASE_MAX_TOKENS == 3, "the loop below writes uni-, bi- and trigrams");
    uint32_t n = 0;
    for (uint32_t a = 0; a < m; a++) {
        uint32_t i = begin + a;
        uint32_t c0 = cls[a], c1 = cls[a + 1], c2 = cls[a + 2];
        uint32_t opens = c0 != CUT && c0 != STOP;
        uint32_t two = opens & (c1 != CUT), three = two & (c2 != CUT);
        uint64_t key = hash[a];
        out[n] = (ut_ngram){key, i, 1};
        n += opens & (c0 == PLAIN);
        key = ut_hash_combine(key, hash[a + 1]);
        out[n] = (ut_ngram){key, i, 2};
        n += two & (c1 == PLAIN);
        key = ut_hash_combine(key, hash[a + 2]);
        out[n] = (ut_ngram){key, i, 3};
        n += three & (c2 == PLAIN);
    }
    return n;
}

void ut_ngram_text(const ut_tokens *t, const ut_ngram *g, ut_buf *out) {
    for (uint32_t k = 0; k < g->n; k++) {
        if (k) ut_buf_putc(out, ' ');
        const ut_token *tok = &t->tok[g->first + k];
        ut_buf_append(out, t->norm + tok->norm_off, tok->norm_len);
    }
}

static int ranked_before(const ut_ranked_phrase *x, const ut_ranked_phrase *y) {
    if (x->score != y->score) return x->score > y->score;
    if (x->count != y->count) return x->count > y->count;
    return strcmp(x->text, y->text) < 0;
}

/* Scores one candidate and keeps the best `max` in out[0..*n), sorted. */
uint64_t ut_phrase_sum_count(const ut_phrase_sum *s, uint64_t key) {
    uint64_t sum = 0;
    for (size_t i = 0; i < s->n; i++)
        sum += ut_phrase_table_count(s->tables[i], key);
    for (size_t i = 0; i < s->n_themes; i++)
        sum += ut_count_sketch_count(s->sketch, s->themes[i], key);
    if (s->plus) sum += ut_phrase_table_count(s->plus, key);
    return sum;
}

static void rank_one(const ut_phrase_ref *c, const ut_phrase *phrase, double n_i, double n_j, double bg_total,
                     const ut_phrase_sum *background, double prior, ut_ranked_phrase *out, size_t *n, size_t max) {
    /* A sketch may have dropped the phrase from the background: it was
     * seen at least as often there as in the focus. */
    uint64_t bg = UT_MAX(c->background ? c->background : ut_phrase_sum_count(background, c->key), c->count);
    double y_i = (double)c->count, y_j = (double)(bg - c->count);
    double alpha_w = prior * (double)bg / bg_total;
    if (alpha_w < 0.01) alpha_w = 0.01;
    double z = ut_log_odds_z(y_i, n_i, y_j, n_j, alpha_w, prior);
    if (!(z > 0)) return;
    ut_ranked_phrase cand = {phrase, c->text, c->count, bg, z};
    if (*n == max && !ranked_before(&cand, &out[*n - 1])) return;
    size_t at = *n < max ? (*n)++ : max - 1;
    while (at > 0 && ranked_before(&cand, &out[at - 1])) {
        out[at] = out[at - 1];
        at--;
    }
    out[at] = cand;
}

size_t ut_phrases_rank_refs(const ut_phrase_ref *focus, size_t n_focus, uint64_t focus_total,
                            const ut_phrase_sum *background, uint64_t min_count, double prior, ut_ranked_phrase *out,
                            size_t max) {
    if (max == 0) return 0;
    double n_i = (double)focus_total;
    double bg_total = (double)UT_MAX(background->total, focus_total);
    if (bg_total <= 0) return 0;
    size_t n = 0;
    for (size_t k = 0; k < n_focus; k++)
        if (focus[k].count >= min_count)
            rank_one(&focus[k], NULL, n_i, bg_total - n_i, bg_total, background, prior, out, &n, max);
    return n;
}

size_t ut_phrases_rank_known(const ut_phrase_table *focus, const ut_phrase_sum *background, const uint64_t *known,
                             uint64_t min_count, double prior, ut_ranked_phrase *out, size_t max) {
    if (max == 0) return 0;
    double n_i = (double)focus->total;
    double bg_total = (double)UT_MAX(background->total, focus->total);
    if (bg_total <= 0) return 0;
    size_t n = 0;
    for (uint32_t k = 0; k < focus->cap; k++) {
        const ut_phrase *p = &focus->slots[k];
        if (p->count == 0 || p->count < min_count) continue;
        const uint64_t bg = known && known[k] != UINT64_MAX ? known[k] : 0; /* 0: looked up */
        ut_phrase_ref ref = {p->key, p->count, ut_phrase_text(focus, p), bg};
        rank_one(&ref, p, n_i, bg_total - n_i, bg_total, background, prior, out, &n, max);
    }
    return n;
}

size_t ut_phrases_rank(const ut_phrase_table *focus, const ut_phrase_sum *background, uint64_t min_count, double prior,
                       ut_ranked_phrase *out, size_t max) {
    return ut_phrases_rank_known(focus, background, NULL, min_count, prior, out, max);
}

void ut_phrase_backgrounds(const ut_phrase_table *focus, const ut_phrase_sum *background, uint64_t min_count,
                           uint64_t *out) {
    for (uint32_t k = 0; k < focus->cap; k++) {
        const ut_phrase *p = &focus->slots[k];
        out[k] = p->count && p->count >= min_count ? ut_phrase_sum_count(background, p->key) : UINT64_MAX;
    }
}

/* ---- the background Count-Min sketch ---- */

static uint32_t sketch_bits(uint32_t bits) {
    return bits ? (bits > 30 ? 30 : bits) : UT_SKETCH_BITS_DEFAULT;
}

void ut_count_sketch_init(ut_count_sketch *s, uint32_t bits) {
    memset(s, 0, sizeof *s);
    s->bits = sketch_bits(bits);
}

void ut_count_sketch_free(ut_count_sketch *s) {
    if (!s) return;
    if (!s->external) free(s->counts);
    s->counts = NULL;
    s->external = 0;
}

uint32_t *ut_count_sketch_counts_new(uint32_t bits) {
    return table_calloc((size_t)1 << sketch_bits(bits), sizeof(uint32_t));
}

void ut_count_sketch_borrow(ut_count_sketch *s, uint32_t *counts) {
    if (!s->external) free(s->counts);
    s->counts = counts;
    s->external = 1;
}

static int sketch_alloc(ut_count_sketch *s) {
    if (s->counts) return 0;
    s->counts = table_calloc(ut_count_sketch_size(s), sizeof *s->counts);
    return s->counts ? 0 : UT_ENOMEM;
}

/* Saturating, so a sum of sketches is min(true sum, UINT32_MAX) whatever
 * the order they were added in. */
static inline void sketch_bump(uint32_t *c, uint32_t count) {
    uint32_t v = *c + count;
    *c = v < *c ? UINT32_MAX : v;
}

/* The same on counters other threads add to: the sum is exact and
 * saturates as sketch_bump's does, in any interleaving. */
static inline void sketch_bump_shared(uint32_t *c, uint32_t count) {
    uint32_t v = __atomic_load_n(c, __ATOMIC_RELAXED);
    for (;;) {
        const uint32_t next = v + count < v ? UINT32_MAX : v + count;
        if (next == v || __atomic_compare_exchange_n(c, &v, next, 1, __ATOMIC_RELAXED, __ATOMIC_RELAXED)) return;
    }
}

int ut_count_sketch_add(ut_count_sketch *s, uint32_t theme, uint64_t key, uint32_t count) {
    if (sketch_alloc(s)) return UT_ENOMEM;
    uint32_t *c = &s->counts[ut_count_sketch_slot(s, theme, key)];
    if (s->external)
        sketch_bump_shared(c, count);
    else
        sketch_bump(c, count);
    s->total += count;
    return 0;
}

int ut_count_sketch_add_ngrams(ut_count_sketch *s, uint32_t theme, const ut_ngram *g, uint32_t n) {
    if (n == 0) return 0;
    if (sketch_alloc(s)) return UT_ENOMEM;
    if (s->external)
        for (uint32_t i = 0; i < n; i++)
            sketch_bump_shared(&s->counts[ut_count_sketch_slot(s, theme, g[i].key)], 1);
    else
        for (uint32_t i = 0; i < n; i++)
            sketch_bump(&s->counts[ut_count_sketch_slot(s, theme, g[i].key)], 1);
    s->total += n;
    return 0;
}

void ut_count_sketch_prefetch(const ut_count_sketch *s, uint32_t theme, const ut_ngram *g, uint32_t n) {
    if (!s->counts) return;
    /* for writing: a shared counter's line must come exclusive */
    for (uint32_t i = 0; i < n; i++)
        __builtin_prefetch(&s->counts[ut_count_sketch_slot(s, theme, g[i].key)], 1);
}

int ut_count_sketch_adopt(ut_count_sketch *s, uint32_t *counts) {
    if (!counts) return 0;
    if (!s->counts || s->counts == counts) {
        s->counts = counts;
        s->external = 0;
        return 0;
    }
    if (s->external) return ut_error_set(UT_EINVAL, "phrase sketch: adopting counters while borrowing others");
    const size_t m = ut_count_sketch_size(s);
    for (size_t i = 0; i < m; i++)
        sketch_bump(&s->counts[i], counts[i]);
    free(counts);
    return 0;
}

uint64_t ut_count_sketch_count(const ut_count_sketch *s, uint32_t theme, uint64_t key) {
    if (!s->counts) return 0;
    return s->counts[ut_count_sketch_slot(s, theme, key)];
}

int ut_count_sketch_merge(ut_count_sketch *into, const ut_count_sketch *from) {
    if (into->bits != from->bits)
        return ut_error_set(UT_EINVAL, "phrase sketches of different widths (%u and %u bits)", into->bits, from->bits);
    into->total += from->total;
    if (!from->counts || from->external) return 0;
    if (sketch_alloc(into)) return UT_ENOMEM;
    size_t m = ut_count_sketch_size(into);
    for (size_t i = 0; i < m; i++)
        sketch_bump(&into->counts[i], from->counts[i]);
    return 0;
}
