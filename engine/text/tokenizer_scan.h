/* tokenizer_scan.h — the scanner's state and the small pieces that both
 * halves of the tokenizer inline: tokenizer.c (the main loop, the one-
 * register word path, punctuation, non-ASCII dispatch) and
 * tokenizer_words.c (the general word path). Internal to the tokenizer.
 *
 * The idea: everything a token costs on the hot path (opening a sentence or
 * clause lazily, storing the token, hashing its form, spotting a contrast
 * word) is an inline function here, so splitting the files costs no calls. */
#ifndef UT_TOKENIZER_SCAN_H
#define UT_TOKENIZER_SCAN_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "text/charclass.h"
#include "util/common.h"
#include "util/hash.h"
#include "text/tokenizer.h"
#include "text/tokenizer_internal.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* On little-endian machines 8 bytes of text load as the integer the hash and
 * the word lists use; elsewhere they are packed byte by byte. */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define UT_HASH_FAST 1
#endif

/* Rare paths kept out of line so the hot scan keeps its registers. */
#if defined(__GNUC__) || defined(__clang__)
#define UT_NOINLINE __attribute__((noinline))
#else
#define UT_NOINLINE
#endif

/* One call's pass over one text. */
typedef struct scanner {
    ut_tokens *t;
    const uint8_t *p;
    size_t len;
    uint32_t base;       /* offset of p[0] in the concatenation of all parts */
    uint32_t first_sent; /* first sentence made by this call */
    int sent_pending;    /* the next token starts a sentence: PENDING_SOFT after . ! ?,
                            PENDING_HARD after a line break or at the start of a part */
    int clause_pending;  /* the next token starts a clause opened by clause_kind */
    uint8_t clause_kind;
    uint32_t pend_exclaims; /* '!' / '?' met before this call's first sentence */
    uint32_t pend_questions;
} scanner;

/* Room for one more normalised form of the longest kind plus its NUL, and
 * slack so that 16-byte stores and 8-byte hash loads near its end stay
 * inside the allocation. */
#define NORM_SLACK 24

static inline int reserve_norm(ut_tokens *t) {
    size_t need = t->norm_len + UT_TOKEN_MAX_NORM + 1 + NORM_SLACK;
    if (UT_LIKELY(need <= t->norm_cap)) return 0;
    size_t cap = t->norm_cap ? t->norm_cap : 1024;
    while (cap < need)
        cap *= 2;
    char *q = ut_realloc(t->norm, cap);
    if (!q) return UT_ENOMEM;
    t->norm = q;
    t->norm_cap = cap;
    return 0;
}

/* scanner.sent_pending */
enum { PENDING_NONE = 0, PENDING_SOFT = 1, PENDING_HARD = 2 };

/* A sentence end by punctuation: a face or emoji right after it still
 * belongs to the sentence ("Love it! :)"), the next word starts a new one. */
static inline void sentence_break(scanner *s) {
    if (s->sent_pending < PENDING_SOFT) s->sent_pending = PENDING_SOFT;
    s->clause_pending = 0;
}

/* A line break: whatever comes next starts a new sentence. */
static inline void line_break(scanner *s) {
    s->sent_pending = PENDING_HARD;
    s->clause_pending = 0;
}

/* , ; : ( ) and dashes: the next token opens a clause (the stronger kind wins). */
static inline void clause_break(scanner *s, uint8_t kind) {
    if (s->sent_pending) return; /* a new sentence opens its own clause */
    if (!s->clause_pending || kind > s->clause_kind) s->clause_kind = kind;
    s->clause_pending = 1;
}

/* Grows *arr (elements of `elem` bytes) to at least min_cap, doubling.
 * Returns 0 or UT_ENOMEM. (tokenizer_emit.c) */
int ut_tok_grow(void **arr, uint32_t *cap, size_t elem, uint32_t min_cap);

/* Inline bodies for the word run, which opens a sentence or clause every
 * few words (a call pair cost more than the work); ut_tok_open_clause and
 * ut_tok_open_sentence (tokenizer_emit.c) are the same bodies for the other
 * paths. */
UT_FORCE_INLINE int open_clause(scanner *s, uint8_t opened_by) {
    ut_tokens *t = s->t;
    if (t->n_clause == t->cap_clause &&
        ut_tok_grow((void **)&t->clause, &t->cap_clause, sizeof *t->clause, t->n_clause + 1))
        return UT_ENOMEM;
    ut_clause *c = &t->clause[t->n_clause++];
    c->tok_begin = c->tok_end = t->n_tok;
    c->sentence = t->n_sent - 1;
    c->opened_by = opened_by;
    return 0;
}

UT_FORCE_INLINE int open_sentence(scanner *s, uint32_t src_begin) {
    ut_tokens *t = s->t;
    if (t->n_sent == t->cap_sent && ut_tok_grow((void **)&t->sent, &t->cap_sent, sizeof *t->sent, t->n_sent + 1))
        return UT_ENOMEM;
    ut_sentence *st = &t->sent[t->n_sent++];
    st->tok_begin = st->tok_end = t->n_tok;
    st->src_begin = st->src_end = src_begin;
    st->exclaims = (uint16_t)UT_MIN(s->pend_exclaims, UINT16_MAX);
    st->questions = (uint16_t)UT_MIN(s->pend_questions, UINT16_MAX);
    s->pend_exclaims = s->pend_questions = 0;
    return open_clause(s, UT_CLAUSE_SENTENCE);
}

/* Opens the sentence (and its first clause) or the clause the next token
 * starts. Return 0 or UT_ENOMEM. (tokenizer_emit.c) */
int ut_tok_open_sentence(scanner *s, uint32_t src_begin);
int ut_tok_open_clause(scanner *s, uint8_t opened_by);

/* The general word path for a token starting with an ASCII letter or digit
 * at `start` ([prefix, start) is a currency sign), and the path for words
 * with non-ASCII letters. Set *next past what they consumed; return 0 or
 * UT_ENOMEM. (tokenizer_words.c) */
int ut_tok_scan_word(scanner *s, size_t start, size_t prefix, size_t *next);
int ut_tok_scan_word_unicode(scanner *s, size_t start, size_t prefix, size_t *next);

/* Length of an HTML character reference ("&amp;") at i, 0 if none. (tokenizer_words.c) */
size_t ut_tok_html_entity_len(const scanner *s, size_t i);

/* Makes a token of p[off, off+src_len) whose normalised form (norm_len
 * bytes, hashed to `hash`) the caller has written at t->norm + t->norm_len.
 * `contrast`: the word opens a contrast clause unless it opens a sentence. */
UT_FORCE_INLINE int emit(scanner *s, size_t off, size_t src_len, size_t norm_len, uint64_t hash, uint8_t kind,
                         uint8_t flags, int contrast) {
    ut_tokens *t = s->t;
    if (UT_UNLIKELY(t->n_tok == t->cap_tok) && ut_tok_grow((void **)&t->tok, &t->cap_tok, sizeof *t->tok, t->n_tok + 1))
        return UT_ENOMEM;
    uint32_t src_off = s->base + (uint32_t)off;
    if (s->sent_pending) {
        if (UT_UNLIKELY(s->sent_pending == PENDING_SOFT && kind >= UT_TOK_EMOTICON && t->n_sent > s->first_sent)) {
            /* "Love it! :)": the face joins the sentence it follows; the next word still starts a new one */
        } else {
            if (ut_tok_open_sentence(s, src_off)) return UT_ENOMEM;
            s->sent_pending = s->clause_pending = 0;
            flags |= UT_TF_SENT_START | UT_TF_CLAUSE_START;
        }
    } else if (s->clause_pending || contrast) {
        if (ut_tok_open_clause(s, contrast ? UT_CLAUSE_CONTRAST : s->clause_kind)) return UT_ENOMEM;
        s->clause_pending = 0;
        flags |= UT_TF_CLAUSE_START;
    }
    t->norm[t->norm_len + norm_len] = '\0';
    ut_token *tok = &t->tok[t->n_tok];
    tok->hash = hash;
    tok->src_off = src_off;
    tok->src_len = (uint32_t)src_len;
    tok->norm_off = (uint32_t)t->norm_len;
    tok->norm_len = (uint16_t)norm_len;
    tok->kind = kind;
    tok->flags = flags;
    tok->sentence = t->n_sent - 1;
    tok->clause = t->n_clause - 1;
    t->n_tok++;
    t->norm_len += norm_len + 1;
    ut_sentence *st = &t->sent[t->n_sent - 1];
    st->tok_end = t->n_tok;
    st->src_end = src_off + (uint32_t)src_len;
    t->clause[t->n_clause - 1].tok_end = t->n_tok;
    return 0;
}

/* ---- small look-ups ---------------------------------------------------- */

static inline uint8_t cls_at(const scanner *s, size_t i) {
    return i < s->len ? ut_charclass[s->p[i]] : 0;
}

/* Whether the lower-cased word w (n bytes) equals the literal `lit`. */
#define WORD_IS(w, n, lit) ((n) == sizeof(lit) - 1 && memcmp((w), (lit), sizeof(lit) - 1) == 0)

/* Next non-blank byte at or after i starts a word (a letter, a digit or any
 * non-ASCII byte): "yet" and "though" open a clause only then, not in
 * "not yet." or "good though!". */
static inline int word_follows(const scanner *s, size_t i) {
    while (i < s->len && (s->p[i] == ' ' || s->p[i] == '\t'))
        i++;
    return i < s->len && ((ut_charclass[s->p[i]] & UT_CC_ALNUM) || s->p[i] >= 0x80);
}

/* The first up to 8 bytes of a word as a little-endian integer, so a
 * contrast word is recognised by one integer compare. */
#define PACK3(a, b, c) ((uint64_t)(a) | (uint64_t)(b) << 8 | (uint64_t)(c) << 16)
#define PACK6(a, b, c, d, e, f) (PACK3(a, b, c) | PACK3(d, e, f) << 24)
#define PACK7(a, b, c, d, e, f, g) (PACK6(a, b, c, d, e, f) | (uint64_t)(g) << 48)
#define PACK8(a, b, c, d, e, f, g, h) (PACK7(a, b, c, d, e, f, g) | (uint64_t)(h) << 56)

/* Contrast words open a clause of their own (see tokenizer.h). `head`: the
 * word's first min(n, 8) bytes packed, zero above; w: the whole word. An
 * if-chain on the length rather than a switch on the first letter, whose
 * jump mispredicted on every token in bench_tokenizer. */
UT_FORCE_INLINE int is_contrast(const scanner *s, uint64_t head, const char *w, size_t n, size_t after) {
    if (n == 3) {
        if (head == PACK3('b', 'u', 't')) return 1;
        return head == PACK3('y', 'e', 't') && word_follows(s, after);
    }
    if (n < 6) return 0;
    if (n == 6) {
        if (head == PACK6('e', 'x', 'c', 'e', 'p', 't')) return 1;
        return head == PACK6('t', 'h', 'o', 'u', 'g', 'h') && word_follows(s, after);
    }
    if (n == 7)
        return head == PACK7('h', 'o', 'w', 'e', 'v', 'e', 'r') || head == PACK7('w', 'h', 'e', 'r', 'e', 'a', 's');
    if (n == 8) return head == PACK8('a', 'l', 't', 'h', 'o', 'u', 'g', 'h');
    return WORD_IS(w, n, "nevertheless") || WORD_IS(w, n, "nonetheless");
}

/* A short word list: each entry NUL-padded to 8 bytes, so a look-up
 * compares the word's packed head (see is_contrast) with one integer per
 * entry; a memcmp per entry cost 8% of the tokenizer in perf. */
typedef struct short_word {
    char text[8];
} short_word;

static inline int in_list(const short_word *list, size_t count, uint64_t head, size_t n) {
    if (n == 0 || n >= 8) return 0;
    for (size_t k = 0; k < count; k++) {
        uint64_t entry;
#ifdef UT_HASH_FAST
        memcpy(&entry, list[k].text, 8); /* one load; packing is little-endian */
#else
        entry = 0;
        for (size_t b = 0; b < 8; b++)
            entry |= (uint64_t)(uint8_t)list[k].text[b] << (8 * b);
#endif
        if (entry == head) return 1;
    }
    return 0;
}

/* Abbreviations whose '.' is not a plain sentence end, found by their
 * packed head (see is_contrast) in one 128-slot table placed by a
 * multiplicative hash: one load and one compare instead of a scan of the
 * lists, whose loop exits mispredicted on every word before a '.'. An
 * entry is the head with its kind in the top byte (heads of <= 6 bytes
 * leave it zero). The table is in tokenizer_words.c; test_tokenizer checks that
 * every word of the lists is found. */
enum {
    ABBREV_NONE = 0,
    ABBREV_TITLE = 1 /* "Mr.": precedes a name, never ends a sentence */,
    ABBREV_ENDS_BEFORE_CAPITAL = 2 /* "etc.": ends a sentence only when a capital follows */
};
#define ABBREV_SLOT(head) ((unsigned)(((head)*0xbb704d0b4c99069bull) >> 57))
extern const uint64_t ut_tok_abbrev_table[128];

static inline unsigned abbreviation_kind(uint64_t head) {
    const uint64_t e = ut_tok_abbrev_table[ABBREV_SLOT(head)];
    return (e & 0x00FFFFFFFFFFFFFFull) == head && head ? (unsigned)(e >> 56) : ABBREV_NONE;
}

/* What the scan of one word found, for its kind and flags. */
typedef struct word_shape {
    unsigned upper; /* upper-case letters, counted up to at least 2 (all ALLCAPS needs) */
    unsigned lower; /* nonzero if any lower-case letter */
    int elongated;
    int first_upper; /* the first letter is upper case */
    int not_letters; /* a digit or a joiner: not a plain run of letters */
} word_shape;

static inline uint8_t word_flags(const word_shape *w) {
    uint8_t f = 0;
    if (w->upper >= 2 && w->lower == 0) f |= UT_TF_ALLCAPS;
    if (w->first_upper) f |= UT_TF_CAPITALIZED;
    if (w->elongated) f |= UT_TF_ELONGATED;
    return f;
}

#if defined(__SSE2__)
/* Lanes of v in [lo, hi] (signed compares: bytes >= 0x80 are never in an ASCII range). */
static inline __m128i in_range(__m128i v, char lo, char hi) {
    return _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8((char)(lo - 1))),
                         _mm_cmplt_epi8(v, _mm_set1_epi8((char)(hi + 1))));
}
#endif

/* The hash of a form, ut_hash_bytes_padded: the norm buffer always has
 * spare bytes past a form (reserve_norm), so its one-load tail stays inside
 * our allocation; test_tokenizer checks the value against ut_hash_bytes
 * for every token. Sets *head to the first min(len, 8) bytes, zero above. */
static inline uint64_t tail_mask(size_t n) {
    return ~0ull >> (64 - 8 * n);
} /* 1 <= n <= 8 */

static inline uint64_t hash_norm(const char *norm, size_t len, uint64_t *head) {
#ifdef UT_HASH_FAST
    if (head) {
        uint64_t first = 0;
        if (len) memcpy(&first, norm, 8);
        *head = len >= 8 ? first : len ? first & tail_mask(len) : 0;
    }
    return ut_hash_bytes_padded(norm, len);
#else
    if (head) {
        *head = 0;
        for (size_t k = 0; k < len && k < 8; k++)
            *head |= (uint64_t)(uint8_t)norm[k] << (8 * k);
    }
    return ut_hash_bytes(norm, len);
#endif
}

#ifdef UT_HASH_FAST
/* ASCII lower-case of 8 bytes at once: bytes >= 0x80 unchanged. */
static inline uint64_t swar_lower(uint64_t x) {
    const uint64_t high = 0x8080808080808080ull;
    uint64_t seven = x & 0x7F7F7F7F7F7F7F7Full;
    uint64_t at_least_a = seven + 0x3F3F3F3F3F3F3F3Full; /* high bit: >= 'A' */
    uint64_t above_z = seven + 0x2525252525252525ull;    /* high bit: > 'Z' */
    return x | ((at_least_a & ~above_z & ~x & high) >> 2);
}

/* The same hash as hash_norm, computed from the source bytes of a word
 * whose normalised form is exactly their ASCII lower case. It exists
 * because the form was just written byte by byte, and reading it back as
 * 8-byte words stalled on store forwarding (a tenth of the tokenizer's time
 * in perf); the source is old data. Needs (len + 7) & ~7 readable bytes. */
static inline uint64_t hash_lower_source(const uint8_t *src, size_t len, uint64_t *head) {
    uint64_t h = 0x9e3779b97f4a7c15ull ^ (len * 0xa0761d6478bd642full);
    size_t n = len;
    uint64_t word = 0;
    if (n >= 8) {
        memcpy(&word, src, 8);
        *head = word = swar_lower(word);
        for (;;) {
            h = ut_hash_mix(h ^ word, 0xe7037ed1a0b428dbull);
            src += 8;
            n -= 8;
            if (n < 8) break;
            memcpy(&word, src, 8);
            word = swar_lower(word);
        }
    }
    uint64_t tail = 0;
    if (n) {
        memcpy(&tail, src, 8);
        tail = swar_lower(tail) & tail_mask(n);
    }
    if (len < 8) *head = tail;
    return ut_hash_mix(h ^ tail ^ 0x8ebc6af09c88c6e3ull, 0x589965cc75374cc3ull);
}
#endif

#endif
