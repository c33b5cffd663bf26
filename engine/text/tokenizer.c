/* tokenizer.c — one pass over review text: words, numbers, emoticons and
 * emoji as tokens; sentences and clauses as ranges over them.
 *
 * The idea: a 256-entry class table (charclass.h) decides what each ASCII
 * byte does, and a plain English word (up to 15 letters, or letters joined
 * by ' or -, followed by a blank or ordinary punctuation) is handled from
 * one 16-byte SSE2 register: its end, case, letter repeats, lower-cased
 * form and hash, with nothing read back from memory. Most words are made
 * by scan_word_run, a loop over whole runs of such words (", " and ". "
 * included) that keeps its write positions in registers; the first word of
 * a run it cannot take goes to scan_word_fast (one word) or to the general
 * byte loop of tokenizer_words.c, which gives the same result
 * (test_tokenizer_paths compares them with the fast paths switched off).
 * Only a byte >= 0x80 sends the scanner to tokenizer_unicode.c (utf8proc). Sentences and clauses are
 * opened lazily by the first token after a boundary, so none is ever empty
 * and a run of punctuation costs nothing. All memory lives in ut_tokens,
 * grows geometrically and is kept across calls, so steady state allocates
 * nothing. bench/bench_tokenizer.c measures it. */
#include <stddef.h>
#include <stdlib.h>

#include "text/tokenizer_scan.h"

/* ---- tokens ---------------------------------------------------------- */

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
    cont =
        _mm_or_si128(cont, _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\'')), _mm_cmpeq_epi8(v, _mm_set1_epi8('-'))));
    cont =
        _mm_or_si128(cont, _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(':')), _mm_cmpeq_epi8(v, _mm_set1_epi8('@'))));
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
    __m128i rep =
        _mm_and_si128(_mm_cmpeq_epi8(lower, _mm_slli_si128(lower, 1)), _mm_cmpeq_epi8(lower, _mm_slli_si128(lower, 2)));
    uint8_t flags = 0;
    if ((up_run & (up_run - 1)) && !(m_lo & keep)) flags |= UT_TF_ALLCAPS;
    if (m_up & 1) flags |= UT_TF_CAPITALIZED;
    if ((unsigned)_mm_movemask_epi8(rep) & keep) flags |= UT_TF_ELONGATED;
    if (UT_UNLIKELY(p[end] == '.') && abbreviation_kind(head)) return 0;
    int contrast = is_contrast(s, head, norm, n, end);
    /* one blank after the word is skipped here, saving a trip through the main loop */
    *next = end + (p[end] == ' ');
    return emit(s, start, n, n, hash, UT_TOK_WORD, flags, contrast) ? UT_ENOMEM : 1;
}
#endif

/* Contrast words by their packed head (see is_contrast), placed by a
 * multiplicative hash so that one load and one compare tell whether a word
 * may be one: the run loop below leaves such words to the single-word paths.
 * "neverthe" and "nonethel" stand for the two long ones, "although" for
 * itself; a word that only shares a head with them takes the slow path,
 * which is safe. The slots are constant expressions, so two words that
 * collide overwrite an initializer and -Wextra (-Woverride-init) says so;
 * test_tokenizer checks that every contrast word is found. */
#define CONTRAST_SLOT(head) ((unsigned)(((head)*0x1d8e4e27c47d124full) >> 59))
static const uint64_t contrast_heads[32] = {
    [CONTRAST_SLOT(PACK3('b', 'u', 't'))] = PACK3('b', 'u', 't'),
    [CONTRAST_SLOT(PACK3('y', 'e', 't'))] = PACK3('y', 'e', 't'),
    [CONTRAST_SLOT(PACK6('e', 'x', 'c', 'e', 'p', 't'))] = PACK6('e', 'x', 'c', 'e', 'p', 't'),
    [CONTRAST_SLOT(PACK6('t', 'h', 'o', 'u', 'g', 'h'))] = PACK6('t', 'h', 'o', 'u', 'g', 'h'),
    [CONTRAST_SLOT(PACK7('h', 'o', 'w', 'e', 'v', 'e', 'r'))] = PACK7('h', 'o', 'w', 'e', 'v', 'e', 'r'),
    [CONTRAST_SLOT(PACK7('w', 'h', 'e', 'r', 'e', 'a', 's'))] = PACK7('w', 'h', 'e', 'r', 'e', 'a', 's'),
    [CONTRAST_SLOT(PACK8('a', 'l', 't', 'h', 'o', 'u', 'g', 'h'))] = PACK8('a', 'l', 't', 'h', 'o', 'u', 'g', 'h'),
    [CONTRAST_SLOT(PACK8('n', 'e', 'v', 'e', 'r', 't', 'h', 'e'))] = PACK8('n', 'e', 'v', 'e', 'r', 't', 'h', 'e'),
    [CONTRAST_SLOT(PACK8('n', 'o', 'n', 'e', 't', 'h', 'e', 'l'))] = PACK8('n', 'o', 'n', 'e', 't', 'h', 'e', 'l'),
};

static inline int maybe_contrast(uint64_t head) {
    return contrast_heads[CONTRAST_SLOT(head)] == head;
}
int ut_tok_maybe_contrast(uint64_t head) {
    return maybe_contrast(head);
}

#ifdef UT_WORD_FAST
#ifdef UT_HASH_FAST
_Static_assert(sizeof(ut_token) == 32 && offsetof(ut_token, src_off) == 8 && offsetof(ut_token, src_len) == 12 &&
                   offsetof(ut_token, norm_off) == 16 && offsetof(ut_token, norm_len) == 20 &&
                   offsetof(ut_token, kind) == 22 && offsetof(ut_token, flags) == 23 &&
                   offsetof(ut_token, sentence) == 24 && offsetof(ut_token, clause) == 28,
               "scan_word_run stores ut_token as four 64-bit words");
#endif

/* ut_hash_bytes's starting value for each length a run word can have. */
#define HASH_SEED(n) (0x9e3779b97f4a7c15ull ^ ((n)*0xa0761d6478bd642full))
static const uint64_t hash_seed[16] = {HASH_SEED(0),  HASH_SEED(1),  HASH_SEED(2),  HASH_SEED(3),
                                       HASH_SEED(4),  HASH_SEED(5),  HASH_SEED(6),  HASH_SEED(7),
                                       HASH_SEED(8),  HASH_SEED(9),  HASH_SEED(10), HASH_SEED(11),
                                       HASH_SEED(12), HASH_SEED(13), HASH_SEED(14), HASH_SEED(15)};

/* 16 bytes of 0xFF then 16 of zero: loading at 16 - n gives the mask of a
 * word's first n bytes. */
static const uint8_t first_bytes_mask[32] = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                                             0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};

/* Writes out what a run stored since `flushed`: the counts, and the ends of
 * the sentence and clause its tokens joined. The sentence ends after the
 * last token, or after the '.' the run consumed behind it (then a sentence
 * is pending: making a token clears that). */
static inline void run_flush(scanner *s, const ut_token *tok, const ut_token *flushed, const char *norm) {
    ut_tokens *t = s->t;
    t->n_tok = (uint32_t)(tok - t->tok);
    t->norm_len = (size_t)(norm - t->norm);
    if (tok != flushed) {
        const ut_token *last = tok - 1;
        t->sent[last->sentence].tok_end = t->n_tok;
        t->sent[last->sentence].src_end = last->src_off + last->src_len + (s->sent_pending != 0);
        t->clause[last->clause].tok_end = t->n_tok;
    }
}

/* The common case of all: plain words, one blank or ", " or ". " apart
 * ("The room was spacious, with a lovely view. The ..."). The write
 * positions live in registers for the whole run, a word is a 16-byte
 * masked store of its form (NUL included) and one token record, the hash
 * is computed without a branch on the word's length (which mispredicted on
 * most words), and the ends of the sentence and clause are written only
 * when another opens or the run ends. The loop keeps few values live (one
 * budget for both arrays, pending state in the scanner) so that nothing is
 * spilled. Takes the words scan_word_fast takes, less contrast words, plus words
 * joined by an apostrophe or hyphen ("don't", "wi-fi");
 * stops at the first word it does not take, at any other byte after a
 * word, and before the arrays run out of room. Returns where it stopped (i
 * when it consumed nothing); nothing is committed for a word it leaves.
 * `readable`: bytes readable from s->p, at least s->len; the bytes past
 * s->len must be zero (see scan_tail_run). Out of line, so that it has the
 * registers to itself. */
UT_NOINLINE static size_t scan_word_run(scanner *s, size_t i, size_t readable) {
    ut_tokens *t = s->t;
    const uint8_t *const p = s->p;
    if (readable - i < 16) return i;
    if (t->cap_tok - t->n_tok < 16 && ut_tok_grow((void **)&t->tok, &t->cap_tok, sizeof *t->tok, t->n_tok + 16))
        return i; /* the single-word path meets the same failure and reports it */
    if (reserve_norm(t)) return i;
    ut_token *tok = t->tok + t->n_tok, *flushed = tok;
    char *const norm_base = t->norm;
    uint32_t norm_off = (uint32_t)t->norm_len;
    /* tokens that fit in both arrays: each takes one record and <= 16 form bytes */
    size_t budget = UT_MIN((size_t)(t->cap_tok - t->n_tok), (t->norm_cap - t->norm_len - 16) / 16);
    const uint8_t *q = p + i, *const q_last = p + readable - 16; /* the last start with 16 readable bytes */
    const uint8_t *const text_end = p + s->len;
    const uintptr_t origin = (uintptr_t)p - s->base; /* src_off = q - origin */
    /* the token's sentence and clause indexes, as the record's last word */
    uint64_t sentence_clause = (t->n_sent - 1) | (uint64_t)(t->n_clause - 1) << 32;
    int pending = s->sent_pending | s->clause_pending;
    while (q <= q_last && budget) {
        /* Letters are the lanes whose byte | 0x20 is in a-z, tested by one
         * signed compare after a bias that moves a-z to the bottom of the
         * signed range; bit 5 (read as the sign after a shift) tells lower
         * case from upper, and | 0x20 is the lower-cased form. */
        const __m128i v = _mm_loadu_si128((const __m128i *)q);
        const __m128i folded = _mm_or_si128(v, _mm_set1_epi8(0x20));
        const __m128i biased = _mm_add_epi8(folded, _mm_set1_epi8((char)(0x80 - 'a')));
        const unsigned m_letter =
            (unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(biased, _mm_set1_epi8((char)(0x80 + ('z' - 'a' + 1)))));
        /* An apostrophe or hyphen between two letters joins them ("don't",
         * "wi-fi"); one before a digit or another joiner ends the run word
         * there and leaves it to the general path (word_end below). | 0x20
         * leaves both as they are. */
        const __m128i joiner =
            _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\'')), _mm_cmpeq_epi8(v, _mm_set1_epi8('-')));
        const unsigned m_inner = (unsigned)_mm_movemask_epi8(joiner) & (m_letter << 1) & (m_letter >> 1);
        const unsigned n = (unsigned)__builtin_ctz(~(m_letter | m_inner));
        if (n == 0 || n == 16) break;
        const unsigned word_end = ut_word_end[q[n]];
        if (word_end == UT_WE_CONTINUES) break;
        const int dot = word_end == UT_WE_DOT;
        /* "word. " and "word." at the end of the text end a sentence; after
         * any other '.' (abbreviations, domains, "U.S.") the single-word
         * paths decide */
        if (UT_UNLIKELY(dot) &&
            (n < 2 || (q + n + 1 < text_end && !(ut_charclass[q[n + 1]] & (UT_CC_SPACE | UT_CC_NEWLINE)))))
            break;
        const __m128i word = _mm_and_si128(folded, _mm_loadu_si128((const __m128i *)(first_bytes_mask + 16 - n)));
        const uint64_t head = (uint64_t)_mm_cvtsi128_si64(word);
        if (UT_UNLIKELY((head & 0xFFFF) == PACK3('x', 'd', 0) && q[1] == 'D')) break; /* maybe xD */
        if (UT_UNLIKELY(maybe_contrast(head))) break;
        if (UT_UNLIKELY(dot) && abbreviation_kind(head)) break;

        const uint32_t src_off = (uint32_t)((uintptr_t)q - origin);
        unsigned flags = 0;
        if (UT_UNLIKELY(pending)) {
            /* the word opens a sentence or clause: what the run stored so
             * far is written out first, as opening reads the counts */
            run_flush(s, tok, flushed, norm_base + norm_off);
            flushed = tok;
            if (s->sent_pending) {
                if (open_sentence(s, src_off)) break; /* reported by the single-word path */
                flags = UT_TF_SENT_START | UT_TF_CLAUSE_START;
            } else {
                if (open_clause(s, s->clause_kind)) break;
                flags = UT_TF_CLAUSE_START;
            }
            s->sent_pending = s->clause_pending = pending = 0;
            sentence_clause = (t->n_sent - 1) | (uint64_t)(t->n_clause - 1) << 32;
        }

        /* ut_hash_bytes of the n bytes, both length cases computed and one chosen */
        const uint64_t high = (uint64_t)_mm_cvtsi128_si64(_mm_srli_si128(word, 8));
        const uint64_t h0 = hash_seed[n];
        const uint64_t h1 = ut_hash_mix(h0 ^ head, 0xe7037ed1a0b428dbull);
        const uint64_t long_word = -(uint64_t)(n >= 8);
        const uint64_t h = h0 ^ ((h0 ^ h1) & long_word), tail = head ^ ((head ^ high) & long_word);

        /* the masked register holds the form and its NUL */
        _mm_storeu_si128((__m128i *)(norm_base + norm_off), word);
        const unsigned keep = (1u << n) - 1;
        const unsigned letters = m_letter & keep;
        const unsigned m_upper = ~(unsigned)_mm_movemask_epi8(_mm_slli_epi16(v, 2)) & letters; /* bit 5 clear */
        const __m128i rep =
            _mm_and_si128(_mm_cmpeq_epi8(word, _mm_slli_si128(word, 1)), _mm_cmpeq_epi8(word, _mm_slli_si128(word, 2)));
        flags |= (m_upper & 1u) * UT_TF_CAPITALIZED;
        flags |= (unsigned)((m_upper & (m_upper - 1)) != 0 && m_upper == letters) * UT_TF_ALLCAPS;
        flags |= (unsigned)(((unsigned)_mm_movemask_epi8(rep) & keep) != 0) * UT_TF_ELONGATED;

        const uint64_t hash = ut_hash_mix(h ^ tail ^ 0x8ebc6af09c88c6e3ull, 0x589965cc75374cc3ull);
#ifdef UT_HASH_FAST
        /* the record as four little-endian words (layout checked above):
         * four stores instead of one per field */
        const uint64_t src = src_off | (uint64_t)n << 32;
        const uint64_t form = norm_off | (uint64_t)n << 32 | (uint64_t)UT_TOK_WORD << 48 | (uint64_t)flags << 56;
        char *const rec = (char *)tok++;
        memcpy(rec, &hash, 8);
        memcpy(rec + 8, &src, 8);
        memcpy(rec + 16, &form, 8);
        memcpy(rec + 24, &sentence_clause, 8);
#else
        *tok++ = (ut_token){.hash = hash,
                            .src_off = src_off,
                            .src_len = n,
                            .norm_off = norm_off,
                            .norm_len = (uint16_t)n,
                            .kind = UT_TOK_WORD,
                            .flags = (uint8_t)flags,
                            .sentence = (uint32_t)sentence_clause,
                            .clause = (uint32_t)(sentence_clause >> 32)};
#endif
        norm_off += n + 1;
        budget--;
        q += n + 1;
        if (word_end == UT_WE_BLANK) continue;
        if (word_end == UT_WE_COMMA) {
            /* what scan_punct does with a comma after a word: nothing is pending then */
            s->clause_pending = pending = 1;
            s->clause_kind = UT_CLAUSE_COMMA;
            q += q < text_end && *q == ' ';
            continue;
        }
        if (dot) {
            /* what scan_punct does with a lone '.' (the sentence's end moves
             * past it in run_flush) */
            s->sent_pending = PENDING_SOFT;
            pending = 1;
            if (q < text_end && *q == ' ') {
                q++;
                continue;
            }
            break;
        }
        q--; /* other punctuation and line breaks are the main loop's */
        break;
    }
    run_flush(s, tok, flushed, norm_base + norm_off);
    return (size_t)(q - p);
}

/* The last words of a text, where fewer than 16 bytes remain: the word run
 * over a zero-padded copy of them (a zero byte after a word ends it as the
 * end of the text does), so that a review's last words do not all take the
 * general byte loop. Returns where it stopped, as scan_word_run. */
static size_t scan_tail_run(scanner *s, size_t i) {
    uint8_t padded[32] = {0};
    const size_t rest = s->len - i; /* < 16 */
    memcpy(padded, s->p + i, rest);
    scanner tail = *s;
    tail.p = padded;
    tail.len = rest;
    tail.base = s->base + (uint32_t)i;
    const size_t used = scan_word_run(&tail, 0, sizeof padded);
    tail.p = s->p;
    tail.len = s->len;
    tail.base = s->base;
    *s = tail; /* the pending state it left */
    return i + used;
}
#endif

/* Tests switch the one-register and run paths off to compare them with the
 * general path on the same text; nothing else calls it. */
static int fast_paths = 1;
void ut_tokenizer_use_fast_paths(int on) {
    fast_paths = on;
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
        while (j < s->len && p[j] == '.')
            j++; /* "..." ends a sentence like "." */
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
            while (j < s->len && p[j] == '-')
                j++;
            clause_break(s, UT_CLAUSE_SEMICOLON);
        } else if ((i == 0 || (ut_charclass[p[i - 1]] & UT_CC_SPACE)) && (cls_at(s, j) & UT_CC_SPACE)) {
            clause_break(s, UT_CLAUSE_SEMICOLON);
        }
        break;
    case '$':
        if (cls_at(s, j) & UT_CC_DIGIT) return ut_tok_scan_word(s, j, i, next);
        break;
    case '&':
        j = i + UT_MAX(ut_tok_html_entity_len(s, i), (size_t)1); /* "&amp;" "&nbsp;": separators, not words */
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
        return ut_tok_scan_word_unicode(s, i, i, next);
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
        size_t len;
        if (j == i + n && ((cp >= 0x3041 && cp <= 0x3096) || (cp >= 0x30A1 && cp <= 0x30FA) ||
                           (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF))) {
            /* Unified Han and plain kana are their own NFKC case fold: skip utf8proc (2x on Chinese text) */
            memcpy(t->norm + t->norm_len, p + i, n);
            len = n;
        } else {
            len = ut_nfkc_casefold(p + i, j - i, t->norm + t->norm_len, UT_TOKEN_MAX_NORM);
            if (len == UT_NFKC_FAIL) len = 0;
        }
        *next = j;
        return emit(s, i, j - i, len, hash_norm(t->norm + t->norm_len, len, NULL), UT_TOK_WORD, UT_TF_NON_ASCII, 0);
    }
    case UT_UC_EMOJI: {
        size_t m = ut_emoji_cluster_len(p + i, s->len - i, n);
        if (reserve_norm(t)) return UT_ENOMEM;
        size_t len =
            ut_emoji_normalize(p + i, UT_MIN(m, (size_t)UT_TOKEN_MAX_NORM), t->norm + t->norm_len, UT_TOKEN_MAX_NORM);
        *next = i + m;
        return emit(s, i, m, len, hash_norm(t->norm + t->norm_len, len, NULL), UT_TOK_EMOJI, UT_TF_NON_ASCII, 0);
    }
    case UT_UC_CURRENCY:
        if (cls_at(s, i + n) & UT_CC_DIGIT) return ut_tok_scan_word(s, i + n, i, next);
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
    const int fast = fast_paths;
    size_t i = 0;
    int r = 0;
    while (i < len) {
        uint8_t k = ut_charclass[p[i]];
        if (k & UT_CC_SPACE) {
            i++;
        } else if (k & UT_CC_ALNUM) {
#ifdef UT_WORD_FAST
            if (fast) {
                size_t j = i + 16 <= len ? scan_word_run(&s, i, len) : scan_tail_run(&s, i);
                if (j != i) {
                    i = j;
                    continue;
                }
            }
            if (i + 16 <= len && fast) {
                r = scan_word_fast(&s, i, &i);
                if (r < 0) return r;
                if (r == 1) {
                    r = 0;
                    continue;
                }
            }
#endif
            r = ut_tok_scan_word(&s, i, i, &i);
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
