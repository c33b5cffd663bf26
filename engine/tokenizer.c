/* tokenizer.c — one pass over review text: words, numbers, emoticons and
 * emoji as tokens; sentences and clauses as ranges over them.
 *
 * The idea: a 256-entry class table (charclass.h) decides what each ASCII
 * byte does, and a plain English word (up to 15 letters followed by a blank
 * or ordinary punctuation) is handled from one 16-byte SSE2 register: its
 * end, case, letter repeats, lower-cased form and hash, with nothing read
 * back from memory. Every other word goes through a general byte loop that
 * gives the same result (tests compare the two). Only a byte >= 0x80 sends
 * the scanner to tokenizer_unicode.c (utf8proc). Sentences and clauses are
 * opened lazily by the first token after a boundary, so none is ever empty
 * and a run of punctuation costs nothing. All memory lives in ut_tokens,
 * grows geometrically and is kept across calls, so steady state allocates
 * nothing. bench/bench_tokenizer.c measures it. */
#include "tokenizer.h"

#include <stdlib.h>
#include <string.h>

#include "charclass.h"
#include "common.h"
#include "hash.h"
#include "tokenizer_internal.h"

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

typedef struct scanner {
    ut_tokens *t;
    const uint8_t *p;
    size_t len;
    uint32_t base;            /* offset of p[0] in the concatenation of all parts */
    uint32_t first_sent;      /* first sentence made by this call */
    int sent_pending;         /* the next token starts a sentence: PENDING_SOFT after . ! ?,
                                 PENDING_HARD after a line break or at the start of a part */
    int clause_pending;       /* the next token starts a clause opened by clause_kind */
    uint8_t clause_kind;
    uint32_t pend_exclaims;   /* '!' / '?' met before this call's first sentence */
    uint32_t pend_questions;
} scanner;

/* ---- memory ---------------------------------------------------------- */

static int grow(void **arr, uint32_t *cap, size_t elem, uint32_t min_cap) {
    uint32_t n = *cap ? *cap : 16;
    while (n < min_cap) {
        if (n > UINT32_MAX / 2) return ut_error_set(UT_ENOMEM, "tokenizer: too many tokens");
        n *= 2;
    }
    void *q = ut_realloc(*arr, (size_t)n * elem);
    if (!q) return UT_ENOMEM;
    *arr = q;
    *cap = n;
    return 0;
}

/* Room for one more normalised form of the longest kind plus its NUL, and
 * slack so that 16-byte stores and 8-byte hash loads near its end stay
 * inside the allocation. */
#define NORM_SLACK 24
static int reserve_norm(ut_tokens *t) {
    size_t need = t->norm_len + UT_TOKEN_MAX_NORM + 1 + NORM_SLACK;
    if (UT_LIKELY(need <= t->norm_cap)) return 0;
    size_t cap = t->norm_cap ? t->norm_cap : 1024;
    while (cap < need) cap *= 2;
    char *q = ut_realloc(t->norm, cap);
    if (!q) return UT_ENOMEM;
    t->norm = q;
    t->norm_cap = cap;
    return 0;
}

void ut_tokens_reset(ut_tokens *out) {
    out->n_tok = out->n_sent = out->n_clause = 0;
    out->norm_len = 0;
    out->src_total = 0;
    out->invalid_utf8 = 0;
}

void ut_tokens_free(ut_tokens *out) {
    if (!out) return;
    free(out->tok);
    free(out->norm);
    free(out->sent);
    free(out->clause);
    memset(out, 0, sizeof *out);
}

/* ---- sentences, clauses, tokens --------------------------------------- */

enum { PENDING_NONE = 0, PENDING_SOFT = 1, PENDING_HARD = 2 };

/* A sentence end by punctuation: a face or emoji right after it still
 * belongs to the sentence ("Love it! :)"), the next word starts a new one. */
static void sentence_break(scanner *s) {
    if (s->sent_pending < PENDING_SOFT) s->sent_pending = PENDING_SOFT;
    s->clause_pending = 0;
}

/* A line break: whatever comes next starts a new sentence. */
static void line_break(scanner *s) {
    s->sent_pending = PENDING_HARD;
    s->clause_pending = 0;
}

static void clause_break(scanner *s, uint8_t kind) {
    if (s->sent_pending) return; /* a new sentence opens its own clause */
    if (!s->clause_pending || kind > s->clause_kind) s->clause_kind = kind;
    s->clause_pending = 1;
}

/* '!' and '?' belong to the sentence they close; before the first sentence
 * they are kept for it. `end` extends the sentence over its punctuation. */
static void count_punct(scanner *s, uint32_t exclaims, uint32_t questions, size_t end) {
    ut_tokens *t = s->t;
    if (t->n_sent > s->first_sent) {
        ut_sentence *st = &t->sent[t->n_sent - 1];
        uint32_t e = st->exclaims + exclaims, q = st->questions + questions;
        st->exclaims = (uint16_t)UT_MIN(e, UINT16_MAX);
        st->questions = (uint16_t)UT_MIN(q, UINT16_MAX);
        st->src_end = s->base + (uint32_t)end;
    } else {
        s->pend_exclaims += exclaims;
        s->pend_questions += questions;
    }
}

static int open_clause(scanner *s, uint8_t opened_by) {
    ut_tokens *t = s->t;
    if (t->n_clause == t->cap_clause && grow((void **)&t->clause, &t->cap_clause, sizeof *t->clause, t->n_clause + 1))
        return UT_ENOMEM;
    ut_clause *c = &t->clause[t->n_clause++];
    c->tok_begin = c->tok_end = t->n_tok;
    c->sentence = t->n_sent - 1;
    c->opened_by = opened_by;
    return 0;
}

static int open_sentence(scanner *s, uint32_t src_begin) {
    ut_tokens *t = s->t;
    if (t->n_sent == t->cap_sent && grow((void **)&t->sent, &t->cap_sent, sizeof *t->sent, t->n_sent + 1))
        return UT_ENOMEM;
    ut_sentence *st = &t->sent[t->n_sent++];
    st->tok_begin = st->tok_end = t->n_tok;
    st->src_begin = st->src_end = src_begin;
    st->exclaims = (uint16_t)UT_MIN(s->pend_exclaims, UINT16_MAX);
    st->questions = (uint16_t)UT_MIN(s->pend_questions, UINT16_MAX);
    s->pend_exclaims = s->pend_questions = 0;
    return open_clause(s, UT_CLAUSE_SENTENCE);
}

/* Makes a token of p[off, off+src_len) whose normalised form (norm_len
 * bytes, hashed to `hash`) the caller has written at t->norm + t->norm_len. `contrast`: the
 * word opens a contrast clause unless it opens a sentence. */
UT_FORCE_INLINE int emit(scanner *s, size_t off, size_t src_len, size_t norm_len, uint64_t hash, uint8_t kind,
                         uint8_t flags, int contrast) {
    ut_tokens *t = s->t;
    if (UT_UNLIKELY(t->n_tok == t->cap_tok) && grow((void **)&t->tok, &t->cap_tok, sizeof *t->tok, t->n_tok + 1))
        return UT_ENOMEM;
    uint32_t src_off = s->base + (uint32_t)off;
    if (s->sent_pending) {
        if (UT_UNLIKELY(s->sent_pending == PENDING_SOFT && kind >= UT_TOK_EMOTICON && t->n_sent > s->first_sent)) {
            /* "Love it! :)": the face joins the sentence it follows; the next word still starts a new one */
        } else {
            if (open_sentence(s, src_off)) return UT_ENOMEM;
            s->sent_pending = s->clause_pending = 0;
            flags |= UT_TF_SENT_START | UT_TF_CLAUSE_START;
        }
    } else if (s->clause_pending || contrast) {
        if (open_clause(s, contrast ? UT_CLAUSE_CONTRAST : s->clause_kind)) return UT_ENOMEM;
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

static inline uint8_t cls_at(const scanner *s, size_t i) { return i < s->len ? ut_charclass[s->p[i]] : 0; }

/* Whether the lower-cased word w (n bytes) equals the literal `lit`. */
#define WORD_IS(w, n, lit) ((n) == sizeof(lit) - 1 && memcmp((w), (lit), sizeof(lit) - 1) == 0)

/* Next non-blank byte at or after i is an upper-case ASCII letter. */
static int upper_follows(const scanner *s, size_t i) {
    while (i < s->len && (s->p[i] == ' ' || s->p[i] == '\t')) i++;
    return (cls_at(s, i) & UT_CC_UPPER) != 0;
}

/* Next non-blank byte at or after i starts a word (a letter, a digit or any
 * non-ASCII byte): "yet" and "though" open a clause only then, not in
 * "not yet." or "good though!". */
static int word_follows(const scanner *s, size_t i) {
    while (i < s->len && (s->p[i] == ' ' || s->p[i] == '\t')) i++;
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
    if (n == 7) return head == PACK7('h', 'o', 'w', 'e', 'v', 'e', 'r') || head == PACK7('w', 'h', 'e', 'r', 'e', 'a', 's');
    if (n == 8) return head == PACK8('a', 'l', 't', 'h', 'o', 'u', 'g', 'h');
    return WORD_IS(w, n, "nevertheless") || WORD_IS(w, n, "nonetheless");
}

/* A short word list: each entry NUL-padded to 8 bytes, so a look-up
 * compares the word's packed head (see is_contrast) with one integer per
 * entry; a memcmp per entry cost 8% of the tokenizer in perf. */
typedef struct short_word {
    char text[8];
} short_word;

static int in_list(const short_word *list, size_t count, uint64_t head, size_t n) {
    if (n == 0 || n >= 8) return 0;
    for (size_t k = 0; k < count; k++) {
        uint64_t entry;
#ifdef UT_HASH_FAST
        memcpy(&entry, list[k].text, 8); /* one load; packing is little-endian */
#else
        entry = 0;
        for (size_t b = 0; b < 8; b++) entry |= (uint64_t)(uint8_t)list[k].text[b] << (8 * b);
#endif
        if (entry == head) return 1;
    }
    return 0;
}

/* Abbreviations whose '.' never ends a sentence: they precede a name. */
static int is_title(uint64_t head, size_t n) {
    static const short_word titles[] = {{"mr"}, {"mrs"}, {"ms"},  {"dr"},  {"prof"}, {"st"}, {"mt"},
                                        {"rev"}, {"gen"}, {"capt"}, {"sgt"}, {"lt"},   {"col"}};
    return in_list(titles, UT_ARRAY_LEN(titles), head, n);
}

/* Abbreviations whose '.' ends a sentence only when a capital follows. */
static int is_abbreviation(uint64_t head, size_t n) {
    static const short_word abbrevs[] = {{"vs"},  {"etc"},  {"approx"}, {"inc"}, {"ltd"}, {"co"},  {"corp"}, {"jr"},
                                         {"sr"},  {"est"},  {"dept"},   {"hr"},  {"hrs"}, {"min"}, {"mins"}, {"sec"},
                                         {"secs"}, {"oz"},  {"lb"},     {"lbs"}, {"ft"},  {"pkg"}, {"qty"},  {"ea"}};
    return in_list(abbrevs, UT_ARRAY_LEN(abbrevs), head, n);
}

/* Top-level domains that make "amazon.com" one token instead of a sentence end. */
static int is_tld(const uint8_t *p, size_t n) {
    static const short_word tlds[] = {{"com"}, {"net"}, {"org"}, {"edu"}, {"gov"}, {"io"},   {"co"}, {"uk"},
                                      {"de"},  {"ca"},  {"au"},  {"fr"},  {"jp"},  {"info"}, {"biz"}};
    uint64_t head = 0;
    if (n == 0 || n >= 8) return 0;
    for (size_t k = 0; k < n; k++) head |= (uint64_t)ut_ascii_lower[p[k]] << (8 * k);
    return in_list(tlds, UT_ARRAY_LEN(tlds), head, n);
}

/* End of a URL or e-mail address starting before i: the next blank, quote
 * or non-ASCII byte, less trailing punctuation that belongs to the sentence. */
static size_t url_end(const scanner *s, size_t i) {
    const uint8_t *p = s->p;
    while (i < s->len && !(ut_charclass[p[i]] & (UT_CC_SPACE | UT_CC_NEWLINE)) && p[i] < 0x80 && p[i] != '"' &&
           p[i] != '<' && p[i] != '>')
        i++;
    while (i > 0 && (p[i - 1] == '.' || p[i - 1] == ',' || p[i - 1] == '!' || p[i - 1] == '?' || p[i - 1] == ';' ||
                     p[i - 1] == ':' || p[i - 1] == ')' || p[i - 1] == '\''))
        i--;
    return i;
}

/* "1,000": a comma between digits with exactly three digits after it. */
static int thousands_group(const scanner *s, size_t i) {
    return (cls_at(s, i) & UT_CC_DIGIT) && (cls_at(s, i + 1) & UT_CC_DIGIT) && (cls_at(s, i + 2) & UT_CC_DIGIT) &&
           !(cls_at(s, i + 3) & UT_CC_DIGIT);
}


/* Whether a word character (letter, digit, mark) starts at i. */
static int word_char_at(const scanner *s, size_t i, int letters_only) {
    if (i >= s->len) return 0;
    uint8_t c = s->p[i];
    if (c < 0x80) return (ut_charclass[c] & (letters_only ? UT_CC_ALPHA : UT_CC_ALNUM)) != 0;
    int32_t cp;
    ut_utf8_decode(s->p + i, s->len - i, &cp);
    if (cp < 0) return 0;
    ut_uclass uc = ut_unicode_class(cp);
    return uc == UT_UC_LOWER || uc == UT_UC_UPPER || uc == UT_UC_LETTER;
}

/* U+2019 (E2 80 99) at i followed by a letter: an apostrophe inside a word. */
static int curly_apostrophe(const scanner *s, size_t i) {
    return i + 3 < s->len && s->p[i] == 0xE2 && s->p[i + 1] == 0x80 && s->p[i + 2] == 0x99 && word_char_at(s, i + 3, 1);
}

/* An HTML character reference at i ("&amp;", "&#039;", "&#x27;"), which
 * scraped reviews carry: returns its length, 0 if there is none. */
static size_t html_entity_len(const scanner *s, size_t i) {
    size_t j = i + 1, max = UT_MIN(s->len, i + 10);
    if (j < max && s->p[j] == '#') {
        j++;
        if (j < max && (s->p[j] | 0x20) == 'x') j++;
    }
    size_t body = j;
    while (j < max && (ut_charclass[s->p[j]] & UT_CC_ALNUM)) j++;
    return (j > body + 1 && j < max && s->p[j] == ';') ? j + 1 - i : 0;
}

/* "&#039;" / "&#39;" / "&apos;" / "&#x27;": an apostrophe written as HTML. */
static int apostrophe_entity(const scanner *s, size_t i, size_t n) {
    const char *e = (const char *)s->p + i;
    return (n == 6 && (!memcmp(e, "&#039;", 6) || !memcmp(e, "&apos;", 6) || !memcmp(e, "&#x27;", 6))) ||
           (n == 5 && !memcmp(e, "&#39;", 5));
}

/* ---- words and numbers ------------------------------------------------- */

UT_NOINLINE static int scan_word_unicode(scanner *s, size_t start, size_t prefix, size_t *next);

/* What the scan of one word found, for its kind and flags. */
typedef struct word_shape {
    unsigned upper;         /* upper-case letters, counted up to at least 2 (all ALLCAPS needs) */
    unsigned lower;         /* nonzero if any lower-case letter */
    int elongated;
    int first_upper;        /* the first letter is upper case */
    int not_letters;        /* a digit or a joiner: not a plain run of letters */
} word_shape;

static uint8_t word_flags(const word_shape *w) {
    uint8_t f = 0;
    if (w->upper >= 2 && w->lower == 0) f |= UT_TF_ALLCAPS;
    if (w->first_upper) f |= UT_TF_CAPITALIZED;
    if (w->elongated) f |= UT_TF_ELONGATED;
    return f;
}

/* A word starting with a digit is a number unless it has letters other than
 * an ordinal suffix: "4.5", "10%", "2nd" are numbers, "4k" and "mp3" words. */
static uint8_t digit_word_kind(const char *norm, size_t n) {
    unsigned letters = 0;
    for (size_t k = 0; k < n; k++) letters += (uint8_t)norm[k] >= 0x80 || (ut_charclass[(uint8_t)norm[k]] & UT_CC_ALPHA);
    if (letters == 0) return UT_TOK_NUMBER;
    if (letters == 2 && n >= 3 && (ut_charclass[(uint8_t)norm[n - 3]] & UT_CC_DIGIT)) {
        const char *suf = norm + n - 2;
        if (!memcmp(suf, "st", 2) || !memcmp(suf, "nd", 2) || !memcmp(suf, "rd", 2) || !memcmp(suf, "th", 2))
            return UT_TOK_NUMBER;
    }
    return UT_TOK_WORD;
}

/* Lower-cases the run of ASCII letters and digits at p[j] into norm at *o
 * (stopping to write at UT_TOKEN_MAX_NORM), counting its case and letter
 * repeats; returns the end of the run. prev / prev2: the lower-cased bytes
 * before j in the same run (0 if none), for repeats across a chunk. This is
 * the plain loop the SSE2 version below replaces for runs of < 16 bytes. */
static inline size_t alnum_run_scalar(const uint8_t *p, size_t j, size_t len, char *norm, size_t *o, word_shape *w,
                                      uint8_t prev, uint8_t prev2) {
    size_t out = *o;
    while (j < len) {
        uint8_t c = p[j], k = ut_charclass[c];
        if (!(k & UT_CC_ALNUM)) break;
        uint8_t lc = ut_ascii_lower[c];
        w->upper += (k & UT_CC_UPPER) != 0;
        w->lower |= k & UT_CC_LOWER;
        w->not_letters |= k & UT_CC_DIGIT;
        w->elongated |= lc == prev && lc == prev2 && (k & UT_CC_ALPHA);
        prev2 = prev;
        prev = lc;
        if (out < UT_TOKEN_MAX_NORM) norm[out++] = (char)lc;
        j++;
    }
    *o = out;
    return j;
}

#if defined(__SSE2__) && !defined(UT_TOKENIZER_SCALAR)
/* 16 bytes at a time: class masks by signed compares (bytes >= 0x80 are
 * negative, so never letters), the run length from the first clear bit, and
 * case folded by OR-ing 0x20 into upper-case lanes. Most review words are
 * shorter than 16 bytes, so one iteration is the whole word; bench_tokenizer
 * measured this at about twice the per-byte loop on the development corpora.
 * The caller guarantees 16 writable bytes at norm + *o whenever
 * *o + 16 <= UT_TOKEN_MAX_NORM (reserve_norm). */
#include <emmintrin.h>

static inline __m128i in_range(__m128i v, char lo, char hi) {
    return _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8((char)(lo - 1))), _mm_cmplt_epi8(v, _mm_set1_epi8((char)(hi + 1))));
}

static inline size_t alnum_run(const uint8_t *p, size_t j, size_t len, char *norm, size_t *o, word_shape *w) {
    while (j + 16 <= len && *o + 16 <= UT_TOKEN_MAX_NORM) {
        __m128i v = _mm_loadu_si128((const __m128i *)(p + j));
        __m128i lo = in_range(v, 'a', 'z'), up = in_range(v, 'A', 'Z'), dg = in_range(v, '0', '9');
        unsigned m_lo = (unsigned)_mm_movemask_epi8(lo), m_up = (unsigned)_mm_movemask_epi8(up);
        unsigned m_dg = (unsigned)_mm_movemask_epi8(dg), m_alnum = m_lo | m_up | m_dg;
        unsigned run = (unsigned)__builtin_ctz(~m_alnum); /* <= 16: bits above 15 of ~m_alnum are set */
        unsigned keep = (1u << run) - 1;
        __m128i lower = _mm_or_si128(v, _mm_and_si128(up, _mm_set1_epi8(0x20)));
        _mm_storeu_si128((__m128i *)(norm + *o), lower);
        __m128i rep = _mm_and_si128(_mm_cmpeq_epi8(lower, _mm_slli_si128(lower, 1)),
                                    _mm_cmpeq_epi8(lower, _mm_slli_si128(lower, 2)));
        /* min(upper letters, 2) without a popcount instruction (not in baseline x86-64) */
        unsigned up_run = m_up & keep;
        w->upper += (up_run != 0) + ((up_run & (up_run - 1)) != 0);
        w->lower |= m_lo & keep;
        w->not_letters |= (m_dg & keep) != 0;
        w->elongated |= ((unsigned)_mm_movemask_epi8(rep) & (m_lo | m_up) & keep) != 0;
        j += run;
        *o += run;
        if (run < 16) return j;
        /* A run of 16 or more: finish it one byte at a time, carrying the
         * last two bytes so "...aa|a" across the chunk still counts. */
        return alnum_run_scalar(p, j, len, norm, o, w, (uint8_t)norm[*o - 1], (uint8_t)norm[*o - 2]);
    }
    return alnum_run_scalar(p, j, len, norm, o, w, 0, 0);
}
#else
static inline size_t alnum_run(const uint8_t *p, size_t j, size_t len, char *norm, size_t *o, word_shape *w) {
    return alnum_run_scalar(p, j, len, norm, o, w, 0, 0);
}
#endif

/* ut_hash_bytes(norm, len) with the tail read as one 8-byte load and
 * masked instead of a variable-length memcpy. The norm buffer always has
 * spare bytes past a form (reserve_norm), so the load stays inside our
 * allocation; the value is the same on little-endian machines, which
 * test_tokenizer checks against ut_hash_bytes for every token. Sets *head
 * to the first min(len, 8) bytes, zero above. */
static inline uint64_t tail_mask(size_t n) { return ~0ull >> (64 - 8 * n); } /* 1 <= n <= 8 */

static inline uint64_t hash_norm(const char *norm, size_t len, uint64_t *head) {
#ifdef UT_HASH_FAST
    const unsigned char *q = (const unsigned char *)norm;
    uint64_t h = 0x9e3779b97f4a7c15ull ^ (len * 0xa0761d6478bd642full);
    size_t n = len;
    while (n >= 8) {
        uint64_t word;
        memcpy(&word, q, 8);
        h = ut_hash_mix(h ^ word, 0xe7037ed1a0b428dbull);
        q += 8;
        n -= 8;
    }
    uint64_t tail = 0;
    if (n) {
        memcpy(&tail, q, 8);
        tail &= tail_mask(n);
    }
    if (head) {
        if (len >= 8) memcpy(head, norm, 8);
        else *head = tail;
    }
    return ut_hash_mix(h ^ tail ^ 0x8ebc6af09c88c6e3ull, 0x589965cc75374cc3ull);
#else
    if (head) {
        *head = 0;
        for (size_t k = 0; k < len && k < 8; k++) *head |= (uint64_t)(uint8_t)norm[k] << (8 * k);
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

/* What may follow a word and change it: "://" (a URL), "@" (an e-mail),
 * "www.", a domain ("amazon.com"), a dotted abbreviation ("U.S."). Kept out
 * of the hot path: it runs only when the byte after a word is . : or @.
 * Returns 1 when the word is dropped (*next set past the URL), else 0 with
 * *j and *sentence_dot possibly updated. */
UT_NOINLINE static int word_suffix(scanner *s, size_t start, size_t *j_io, word_shape *w, int *sentence_dot, size_t *next) {
    const uint8_t *p = s->p;
    const size_t len = s->len;
    size_t j = *j_io, word_len = j - start;
    uint8_t c = p[j];
    int letters_only = !w->not_letters;
    if (c == ':') {
        if (j + 2 < len && p[j + 1] == '/' && p[j + 2] == '/' && letters_only) {
            *next = url_end(s, j + 3);
            return 1;
        }
        return 0;
    }
    if (c == '@') {
        if (cls_at(s, j + 1) & UT_CC_ALNUM) {
            *next = url_end(s, j + 1);
            return 1;
        }
        return 0;
    }
    /* c == '.' */
    if (word_len == 3 && ut_ascii_lower[p[start]] == 'w' && ut_ascii_lower[p[start + 1]] == 'w' &&
        ut_ascii_lower[p[start + 2]] == 'w' && (cls_at(s, j + 1) & UT_CC_ALNUM)) {
        *next = url_end(s, j);
        return 1;
    }
    if (word_len == 1 && letters_only && (cls_at(s, j + 1) & UT_CC_ALPHA) && j + 2 < len && p[j + 2] == '.') {
        /* A dotted abbreviation: U.S., e.g., i.e., a.m. — the dots are part of the token. */
        while (j + 2 < len && p[j] == '.' && (ut_charclass[p[j + 1]] & UT_CC_ALPHA) && p[j + 2] == '.') {
            w->upper += (ut_charclass[p[j + 1]] & UT_CC_UPPER) != 0;
            w->lower |= ut_charclass[p[j + 1]] & UT_CC_LOWER;
            j += 2;
        }
        if (j > *j_io) {
            j++; /* the final '.' */
            int eg = j - start == 4 && ((ut_ascii_lower[p[start]] == 'e' && ut_ascii_lower[p[start + 2]] == 'g') ||
                                        (ut_ascii_lower[p[start]] == 'i' && ut_ascii_lower[p[start + 2]] == 'e'));
            *sentence_dot = eg ? 4 : 3;
            *j_io = j;
        }
        return 0;
    }
    if (letters_only && (cls_at(s, j + 1) & UT_CC_ALPHA)) {
        /* amazon.com, bbc.co.uk: a domain is one word; "good.Would" is two sentences. */
        size_t k = j;
        while (k < len && p[k] == '.') {
            size_t r = k + 1;
            while (r < len && (ut_charclass[p[r]] & UT_CC_ALPHA)) r++;
            if (!is_tld(p + k + 1, r - k - 1) || (cls_at(s, r) & UT_CC_DIGIT)) break;
            k = r;
        }
        if (k > j) {
            if (k < len && p[k] == '/') {
                *next = url_end(s, k);
                return 1;
            }
            *j_io = k;
        }
    }
    return 0;
}

/* The general path for a token that starts with an ASCII letter or digit:
 * joiners, numbers, abbreviations, URLs, faces made of letters; hands over
 * to scan_word_unicode at the first non-ASCII letter. [prefix, start) is a
 * currency sign already seen ("$20"); normally prefix == start. Sets *next
 * past what it consumed. */
static int scan_word(scanner *s, size_t start, size_t prefix, size_t *next) {
    const uint8_t *p = s->p;
    const size_t len = s->len;
    ut_tokens *t = s->t;
    if (reserve_norm(t)) return UT_ENOMEM;
    char *norm = t->norm + t->norm_len;
    size_t o = 0, j = start;
    uint8_t first_class = ut_charclass[p[start]];
    word_shape w = {0, 0, 0, (first_class & UT_CC_UPPER) != 0, 0};
    int curly = 0;
    for (size_t q = prefix; q < start; q++) norm[o++] = (char)p[q];
    for (;;) {
        j = alnum_run(p, j, len, norm, &o, &w);
        /* Most words end at a blank: leave before testing the joiners. */
        if (j >= len || (ut_charclass[p[j]] & (UT_CC_SPACE | UT_CC_NEWLINE))) break;
        /* Joiners: what may continue a word after a letter or digit. */
        uint8_t c = p[j];
        uint8_t after = cls_at(s, j + 1);
        if ((c == '\'' && (after & UT_CC_ALPHA)) || (c == '-' && (after & UT_CC_ALNUM))) {
            if (o < UT_TOKEN_MAX_NORM) norm[o++] = (char)c;
            w.not_letters = 1;
            j++;
            continue;
        }
        if (ut_charclass[p[j - 1]] & UT_CC_DIGIT) {
            if (((c == '.' || c == ':' || c == '/') && (after & UT_CC_DIGIT)) || (c == ',' && thousands_group(s, j + 1))) {
                if (o < UT_TOKEN_MAX_NORM) norm[o++] = (char)c;
                j++;
                continue;
            }
            if (c == '%') {
                if (o < UT_TOKEN_MAX_NORM) norm[o++] = '%';
                j++;
                break;
            }
        }
        if (c == '&') {
            size_t n = html_entity_len(s, j);
            if (n && apostrophe_entity(s, j, n) && word_char_at(s, j + n, 1)) {
                if (o < UT_TOKEN_MAX_NORM) norm[o++] = '\'';
                j += n;
                curly = w.not_letters = 1; /* the form is no longer the source lower-cased */
                continue;
            }
        }
        if (c >= 0x80) {
            if (c == 0xE2 && curly_apostrophe(s, j)) {
                if (o < UT_TOKEN_MAX_NORM) norm[o++] = '\'';
                j += 3;
                curly = w.not_letters = 1;
                continue;
            }
            int32_t cp;
            ut_utf8_decode(p + j, len - j, &cp);
            ut_uclass uc = cp < 0 ? UT_UC_OTHER : ut_unicode_class(cp);
            if (uc == UT_UC_LOWER || uc == UT_UC_UPPER || uc == UT_UC_LETTER || (uc == UT_UC_MARK && cp != 0x200D))
                return scan_word_unicode(s, start, prefix, next);
        }
        break;
    }

    int sentence_dot = 0; /* see below */
    if (j < len && prefix == start && (p[j] == '.' || p[j] == ':' || p[j] == '@')) {
        size_t before = j;
        if (word_suffix(s, start, &j, &w, &sentence_dot, next)) return 0;
        for (size_t q = before; q < j && o < UT_TOKEN_MAX_NORM; q++) norm[o++] = (char)ut_ascii_lower[p[q]];
    }

    uint64_t head = 0, hash;
#ifdef UT_HASH_FAST
    if (UT_LIKELY(!curly && o == j - prefix && prefix + ((o + 7) & ~(size_t)7) <= len))
        hash = hash_lower_source(p + prefix, o, &head);
    else
#endif
        hash = hash_norm(norm, o, &head);

    uint8_t kind = UT_TOK_WORD, flags = word_flags(&w);
    int contrast = 0;
    if (curly) flags |= UT_TF_NON_ASCII;
    if (prefix != start) {
        kind = UT_TOK_NUMBER;
    } else if (first_class & UT_CC_DIGIT) {
        kind = digit_word_kind(norm, o);
    } else if (UT_UNLIKELY((p[start] | 0x20) == 'x') && o >= 2 && norm[1] == 'd' && !sentence_dot) {
        /* xD, XD, xDDD: a face written with letters */
        size_t d = start + 1;
        while (d < j && p[d] == 'D') d++;
        if (d == j) {
            kind = UT_TOK_EMOTICON;
            norm[0] = (char)p[start];
            norm[1] = 'D';
            o = 2;
            flags = 0;
            hash = hash_norm(norm, o, NULL);
        }
    } else {
        contrast = is_contrast(s, head, norm, o, j);
    }

    /* The '.' after or inside an abbreviation: 1 "etc." (the dot is skipped;
     * it ends the sentence only before a capital), 2 "Mr." (skipped, never
     * ends it), 3 "U.S." (inside the token; ends it only before a capital),
     * 4 "e.g." (inside the token, never ends it). */
    if (!sentence_dot && kind == UT_TOK_WORD && j < len && p[j] == '.' && !(j + 1 < len && p[j + 1] == '.') &&
        o <= 6) {
        if (is_title(head, o)) sentence_dot = 2;
        else if (is_abbreviation(head, o)) sentence_dot = 1;
    }

    norm[o] = '\0';
    int r = emit(s, prefix, j - prefix, o, hash, kind, flags, contrast);
    if (r) return r;
    if (sentence_dot == 1 || sentence_dot == 2) j++;
    if ((sentence_dot == 1 || sentence_dot == 3) && upper_follows(s, j)) sentence_break(s);
    *next = j;
    return 0;
}

#if defined(__SSE2__) && defined(__x86_64__) && defined(UT_HASH_FAST) && !defined(UT_TOKENIZER_SCALAR)
#define UT_WORD_FAST 1
/* The common word in one step: up to 15 ASCII letters followed by a byte
 * that ends it outright. Case, repeats, the lower-cased
 * form and the hash all come from one 16-byte register, so nothing written
 * is read back. Anything else (digits, joiners, '.', non-ASCII, the end of
 * the text within 16 bytes) is left to scan_word, which gives the same
 * result; test_tokenizer runs both builds. Returns 1 when it made the token,
 * 0 when scan_word must run (nothing committed), or UT_ENOMEM. */
UT_FORCE_INLINE int scan_word_fast(scanner *s, size_t start, size_t *next) {
    const uint8_t *p = s->p;
    __m128i v = _mm_loadu_si128((const __m128i *)(p + start));
    __m128i up = in_range(v, 'A', 'Z');
    unsigned m_lo = (unsigned)_mm_movemask_epi8(in_range(v, 'a', 'z')), m_up = (unsigned)_mm_movemask_epi8(up);
    unsigned n = (unsigned)__builtin_ctz(~(m_lo | m_up));
    if (n == 0 || n == 16) return 0;
    /* Bytes after a run of letters that may continue or change the word:
     * digits, ' - & (joiners, "&#039;"), . : @ (abbreviations, URLs, e-mail)
     * and any byte >= 0x80 (U+2019, accents). Tested in the register, not through
     * a table load that would wait on the run length. */
    __m128i cont = _mm_or_si128(in_range(v, '0', '9'), _mm_cmplt_epi8(v, _mm_setzero_si128()));
    cont = _mm_or_si128(cont, _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\'')), _mm_cmpeq_epi8(v, _mm_set1_epi8('-'))));
    cont = _mm_or_si128(cont, _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(':')), _mm_cmpeq_epi8(v, _mm_set1_epi8('@'))));
    cont = _mm_or_si128(cont, _mm_cmpeq_epi8(v, _mm_set1_epi8('&')));
    __m128i dot = _mm_cmpeq_epi8(v, _mm_set1_epi8('.'));
    unsigned m_cont = (unsigned)_mm_movemask_epi8(cont), m_dot = (unsigned)_mm_movemask_epi8(dot);
    size_t end = start + n;
    if ((m_cont >> n) & 1) return 0;
    if ((m_dot >> n) & 1) {
        /* "word. " ends a sentence; everything else after '.' (abbreviations,
         * domains, "U.S.") needs scan_word. */
        if (n < 2 || end + 1 >= s->len || !(ut_charclass[p[end + 1]] & (UT_CC_SPACE | UT_CC_NEWLINE))) return 0;
    }
    if (UT_UNLIKELY((p[start] | 0x20) == 'x') && p[start + 1] == 'D') return 0; /* maybe xD */
    ut_tokens *t = s->t;
    if (reserve_norm(t)) return UT_ENOMEM;
    char *norm = t->norm + t->norm_len;
    __m128i lower = _mm_or_si128(v, _mm_and_si128(up, _mm_set1_epi8(0x20)));
    _mm_storeu_si128((__m128i *)norm, lower);

    /* ut_hash_bytes over the first n bytes of `lower`, from the register */
    uint64_t low = (uint64_t)_mm_cvtsi128_si64(lower), head, tail;
    uint64_t h = 0x9e3779b97f4a7c15ull ^ (n * 0xa0761d6478bd642full);
    if (n < 8) {
        head = tail = low & tail_mask(n);
    } else {
        head = low;
        h = ut_hash_mix(h ^ low, 0xe7037ed1a0b428dbull);
        tail = n > 8 ? (uint64_t)_mm_cvtsi128_si64(_mm_srli_si128(lower, 8)) & tail_mask(n - 8) : 0;
    }
    uint64_t hash = ut_hash_mix(h ^ tail ^ 0x8ebc6af09c88c6e3ull, 0x589965cc75374cc3ull);

    unsigned keep = (1u << n) - 1, up_run = m_up & keep;
    __m128i rep = _mm_and_si128(_mm_cmpeq_epi8(lower, _mm_slli_si128(lower, 1)), _mm_cmpeq_epi8(lower, _mm_slli_si128(lower, 2)));
    uint8_t flags = 0;
    if ((up_run & (up_run - 1)) && !(m_lo & keep)) flags |= UT_TF_ALLCAPS;
    if (m_up & 1) flags |= UT_TF_CAPITALIZED;
    if ((unsigned)_mm_movemask_epi8(rep) & keep) flags |= UT_TF_ELONGATED;
    if (UT_UNLIKELY(p[end] == '.') && n <= 6 && (is_title(head, n) || is_abbreviation(head, n))) return 0;
    int contrast = is_contrast(s, head, norm, n, end);
    /* one blank after the word is skipped here, saving a trip through the main loop */
    *next = end + (p[end] == ' ');
    return emit(s, start, n, n, hash, UT_TOK_WORD, flags, contrast) ? UT_ENOMEM : 1;
}
#endif

/* Words with non-ASCII letters: the same rules over code points, and the
 * normalised form from NFKC case folding. */
UT_NOINLINE static int scan_word_unicode(scanner *s, size_t start, size_t prefix, size_t *next) {
    const uint8_t *p = s->p;
    const size_t len = s->len;
    size_t j = start;
    word_shape w = {0, 0, 0, -1, 0};
    int32_t prev = -1;
    unsigned run = 0;
    int last_digit = 0;
    for (;;) {
        while (j < len) {
            int32_t cp;
            size_t n;
            ut_uclass uc;
            uint8_t c = p[j];
            if (c < 0x80) {
                uint8_t k = ut_charclass[c];
                if (!(k & UT_CC_ALNUM)) break;
                cp = ut_ascii_lower[c];
                uc = (k & UT_CC_UPPER) ? UT_UC_UPPER : (k & UT_CC_LOWER) ? UT_UC_LOWER : UT_UC_LETTER;
                n = 1;
            } else {
                n = ut_utf8_decode(p + j, len - j, &cp);
                if (cp < 0) break;
                uc = ut_unicode_class(cp);
                if (uc != UT_UC_LOWER && uc != UT_UC_UPPER && uc != UT_UC_LETTER && uc != UT_UC_MARK) break;
                if (cp == 0x200D && !word_char_at(s, j + n, 0)) break;
            }
            if (uc == UT_UC_UPPER || uc == UT_UC_LOWER) {
                if (w.first_upper < 0) w.first_upper = uc == UT_UC_UPPER;
                w.upper += uc == UT_UC_UPPER;
                w.lower += uc == UT_UC_LOWER;
            }
            if (uc != UT_UC_MARK) {
                run = cp == prev ? run + 1 : 1;
                w.elongated |= run >= 3 && !(c < 0x80 && (ut_charclass[c] & UT_CC_DIGIT));
                prev = cp;
                last_digit = c < 0x80 && (ut_charclass[c] & UT_CC_DIGIT);
            }
            j += n;
        }
        if (j >= len) break;
        uint8_t c = p[j];
        if ((c == '\'' || c == '-') && word_char_at(s, j + 1, c == '\'')) { j++; prev = -1; continue; }
        if (last_digit && (c == '.' || c == ':' || c == '/') && (cls_at(s, j + 1) & UT_CC_DIGIT)) { j++; continue; }
        if (last_digit && c == ',' && thousands_group(s, j + 1)) { j++; continue; }
        if (c >= 0x80) {
            int32_t cp;
            size_t n = ut_utf8_decode(p + j, len - j, &cp);
            if (cp >= 0 && ut_unicode_class(cp) == UT_UC_APOSTROPHE && word_char_at(s, j + n, 1)) {
                j += n;
                prev = -1;
                continue;
            }
        }
        break;
    }
    if (w.first_upper < 0) w.first_upper = 0;

    ut_tokens *t = s->t;
    if (reserve_norm(t)) return UT_ENOMEM;
    char *norm = t->norm + t->norm_len;
    /* Normalise at most UT_TOKEN_MAX_NORM source bytes, cut at a character
     * boundary; if NFKC expands past the cap, halve until it fits. */
    size_t src_len = UT_MIN(j - prefix, (size_t)UT_TOKEN_MAX_NORM), n;
    for (;;) {
        while (src_len > 0 && prefix + src_len < j && (p[prefix + src_len] & 0xC0) == 0x80) src_len--;
        n = ut_nfkc_casefold(p + prefix, src_len, norm, UT_TOKEN_MAX_NORM);
        if (n != UT_NFKC_FAIL || src_len == 0) break;
        src_len /= 2;
    }
    if (n == UT_NFKC_FAIL) n = 0;
    uint8_t kind = UT_TOK_WORD;
    if (prefix != start) kind = UT_TOK_NUMBER;
    else if (ut_charclass[p[start]] & UT_CC_DIGIT) kind = digit_word_kind(norm, n);
    int r = emit(s, prefix, j - prefix, n, hash_norm(norm, n, NULL), kind, (uint8_t)(word_flags(&w) | UT_TF_NON_ASCII), 0);
    *next = j;
    return r;
}

/* ---- punctuation and the rest ----------------------------------------- */

static int scan_emoticon(scanner *s, size_t i, size_t *next) {
    size_t norm_len, m = ut_emoticon_match(s->p, i, s->len, &norm_len);
    if (!m) return 0;
    ut_tokens *t = s->t;
    if (reserve_norm(s->t)) return UT_ENOMEM;
    memcpy(t->norm + t->norm_len, s->p + i, norm_len);
    int r = emit(s, i, m, norm_len, hash_norm(t->norm + t->norm_len, norm_len, NULL), UT_TOK_EMOTICON, 0, 0);
    *next = i + m;
    return r ? r : 1;
}

static int scan_punct(scanner *s, size_t i, size_t *next) {
    const uint8_t *p = s->p;
    uint8_t c = p[i];
    size_t j = i + 1;
    int r;
    switch (c) {
    case '.':
        while (j < s->len && p[j] == '.') j++; /* "..." ends a sentence like "." */
        count_punct(s, 0, 0, j);
        sentence_break(s);
        break;
    case '!':
    case '?': {
        uint32_t ex = 0, qu = 0;
        for (j = i; j < s->len && (p[j] == '!' || p[j] == '?' || p[j] == '.'); j++) {
            ex += p[j] == '!';
            qu += p[j] == '?';
        }
        count_punct(s, ex, qu, j);
        sentence_break(s);
        break;
    }
    case ',':
        clause_break(s, UT_CLAUSE_COMMA);
        break;
    case ':':
    case ';':
    case '(':
        if ((r = scan_emoticon(s, i, next)) != 0) return r < 0 ? r : 0;
        clause_break(s, UT_CLAUSE_SEMICOLON);
        break;
    case ')': /* no face starts with ')' */
    case '[':
    case ']':
    case '{':
    case '}':
        clause_break(s, UT_CLAUSE_SEMICOLON);
        break;
    case '=':
    case '<':
    case '>':
    case '^':
        if ((r = scan_emoticon(s, i, next)) != 0) return r < 0 ? r : 0;
        break;
    case '-':
        if ((r = scan_emoticon(s, i, next)) != 0) return r < 0 ? r : 0;
        if (j < s->len && p[j] == '-') {
            while (j < s->len && p[j] == '-') j++;
            clause_break(s, UT_CLAUSE_SEMICOLON);
        } else if ((i == 0 || (ut_charclass[p[i - 1]] & UT_CC_SPACE)) && (cls_at(s, j) & UT_CC_SPACE)) {
            clause_break(s, UT_CLAUSE_SEMICOLON);
        }
        break;
    case '$':
        if (cls_at(s, j) & UT_CC_DIGIT) return scan_word(s, j, i, next);
        break;
    case '&':
        j = i + UT_MAX(html_entity_len(s, i), (size_t)1); /* "&amp;" "&nbsp;": separators, not words */
        break;
    default:
        break;
    }
    *next = j;
    return 0;
}

static int scan_non_ascii(scanner *s, size_t i, size_t *next) {
    const uint8_t *p = s->p;
    int32_t cp;
    size_t n = ut_utf8_decode(p + i, s->len - i, &cp);
    *next = i + n;
    if (cp < 0) {
        s->t->invalid_utf8++;
        return 0;
    }
    ut_tokens *t = s->t;
    switch (ut_unicode_class(cp)) {
    case UT_UC_LOWER:
    case UT_UC_UPPER:
    case UT_UC_LETTER:
        return scan_word_unicode(s, i, i, next);
    case UT_UC_IDEOGRAPH: {
        /* One token per Han / kana character (with its combining marks):
         * these scripts do not separate words by spaces. */
        size_t j = i + n;
        while (j < s->len) {
            int32_t m;
            size_t k = ut_utf8_decode(p + j, s->len - j, &m);
            if (m < 0 || m < 0x80 || ut_unicode_class(m) != UT_UC_MARK) break;
            j += k;
        }
        if (reserve_norm(t)) return UT_ENOMEM;
        size_t len = ut_nfkc_casefold(p + i, j - i, t->norm + t->norm_len, UT_TOKEN_MAX_NORM);
        if (len == UT_NFKC_FAIL) len = 0;
        *next = j;
        return emit(s, i, j - i, len, hash_norm(t->norm + t->norm_len, len, NULL), UT_TOK_WORD, UT_TF_NON_ASCII, 0);
    }
    case UT_UC_EMOJI: {
        size_t m = ut_emoji_cluster_len(p + i, s->len - i, n);
        if (reserve_norm(t)) return UT_ENOMEM;
        size_t len = ut_emoji_normalize(p + i, UT_MIN(m, (size_t)UT_TOKEN_MAX_NORM), t->norm + t->norm_len,
                                        UT_TOKEN_MAX_NORM);
        *next = i + m;
        return emit(s, i, m, len, hash_norm(t->norm + t->norm_len, len, NULL), UT_TOK_EMOJI, UT_TF_NON_ASCII, 0);
    }
    case UT_UC_CURRENCY:
        if (cls_at(s, i + n) & UT_CC_DIGIT) return scan_word(s, i + n, i, next);
        return 0;
    case UT_UC_NEWLINE:
        line_break(s);
        return 0;
    case UT_UC_FULL_STOP:
        count_punct(s, 0, 0, i + n);
        sentence_break(s);
        return 0;
    case UT_UC_EXCLAIM:
        count_punct(s, 1, 0, i + n);
        sentence_break(s);
        return 0;
    case UT_UC_QUESTION:
        count_punct(s, 0, 1, i + n);
        sentence_break(s);
        return 0;
    case UT_UC_DOUBLE_EXCLAIM:
        count_punct(s, 2, 0, i + n);
        sentence_break(s);
        return 0;
    case UT_UC_EXCLAIM_QUESTION:
        count_punct(s, 1, 1, i + n);
        sentence_break(s);
        return 0;
    case UT_UC_COMMA:
        clause_break(s, UT_CLAUSE_COMMA);
        return 0;
    case UT_UC_SEMICOLON:
        clause_break(s, UT_CLAUSE_SEMICOLON);
        return 0;
    default: /* spaces, symbols, a stray mark or apostrophe: separators */
        return 0;
    }
}

/* ---- entry points ------------------------------------------------------ */

int ut_tokenize_append(ut_tokens *out, const char *text, size_t len) {
    if (len > (size_t)(UINT32_MAX - out->src_total))
        return ut_error_set(UT_EINVAL, "tokenizer: text of %zu bytes exceeds the 4 GiB offset range", len);
    scanner s = {out, (const uint8_t *)text, len, out->src_total, out->n_sent, PENDING_HARD, 0, 0, 0, 0};
    const uint8_t *p = s.p;
    size_t i = 0;
    int r = 0;
    while (i < len) {
        uint8_t k = ut_charclass[p[i]];
        if (k & UT_CC_SPACE) {
            i++;
        } else if (k & UT_CC_ALNUM) {
#ifdef UT_WORD_FAST
            if (i + 16 <= len) {
                r = scan_word_fast(&s, i, &i);
                if (r < 0) return r;
                if (r == 1) {
                    r = 0;
                    continue;
                }
            }
#endif
            r = scan_word(&s, i, i, &i);
        } else if (k & UT_CC_PUNCT) {
            r = scan_punct(&s, i, &i);
        } else if (k & UT_CC_NEWLINE) {
            line_break(&s);
            i++;
        } else {
            r = scan_non_ascii(&s, i, &i);
        }
        if (UT_UNLIKELY(r)) return r;
    }
    out->src_total += (uint32_t)len;
    return 0;
}

int ut_tokenize(ut_tokens *out, const char *text, size_t len) {
    ut_tokens_reset(out);
    return ut_tokenize_append(out, text, len);
}
