/* tokenizer_words.c — the general word path: every token that starts with
 * an ASCII letter or digit and is not a plain run of letters (numbers,
 * joiners, abbreviations, URLs and e-mail, domains, faces made of letters),
 * and words with non-ASCII letters.
 *
 * The idea: one byte loop that lower-cases into the form buffer while it
 * finds the word's end (16 bytes at a time with SSE2, with the plain loop
 * as its twin), then a few look-aheads that only run when the byte after
 * the word is one that can change it. It gives the same tokens as the
 * one-register path in tokenizer.c for the words both can take
 * (test_tokenizer compares them on random text). */
#include "text/tokenizer_scan.h"

/* Titles and abbreviations by their packed head (see abbreviation_kind in
 * tokenizer_scan.h). */
#define ABBREV(kind, a, b, c, d, e, f)                                                                                 \
    [ABBREV_SLOT(PACK6(a, b, c, d, e, f))] = PACK6(a, b, c, d, e, f) | (uint64_t)(kind) << 56
#define TITLE(...) ABBREV(ABBREV_TITLE, __VA_ARGS__)
#define ABBR(...) ABBREV(ABBREV_ENDS_BEFORE_CAPITAL, __VA_ARGS__)
/* Two words in one slot overwrite an initializer, which -Wextra reports. */
const uint64_t ut_tok_abbrev_table[128] = {
    TITLE('m', 'r', 0, 0, 0, 0),        TITLE('m', 'r', 's', 0, 0, 0),   TITLE('m', 's', 0, 0, 0, 0),
    TITLE('d', 'r', 0, 0, 0, 0),        TITLE('p', 'r', 'o', 'f', 0, 0), TITLE('s', 't', 0, 0, 0, 0),
    TITLE('m', 't', 0, 0, 0, 0),        TITLE('r', 'e', 'v', 0, 0, 0),   TITLE('g', 'e', 'n', 0, 0, 0),
    TITLE('c', 'a', 'p', 't', 0, 0),    TITLE('s', 'g', 't', 0, 0, 0),   TITLE('l', 't', 0, 0, 0, 0),
    TITLE('c', 'o', 'l', 0, 0, 0),      ABBR('v', 's', 0, 0, 0, 0),      ABBR('e', 't', 'c', 0, 0, 0),
    ABBR('a', 'p', 'p', 'r', 'o', 'x'), ABBR('i', 'n', 'c', 0, 0, 0),    ABBR('l', 't', 'd', 0, 0, 0),
    ABBR('c', 'o', 0, 0, 0, 0),         ABBR('c', 'o', 'r', 'p', 0, 0),  ABBR('j', 'r', 0, 0, 0, 0),
    ABBR('s', 'r', 0, 0, 0, 0),         ABBR('e', 's', 't', 0, 0, 0),    ABBR('d', 'e', 'p', 't', 0, 0),
    ABBR('h', 'r', 0, 0, 0, 0),         ABBR('h', 'r', 's', 0, 0, 0),    ABBR('m', 'i', 'n', 0, 0, 0),
    ABBR('m', 'i', 'n', 's', 0, 0),     ABBR('s', 'e', 'c', 0, 0, 0),    ABBR('s', 'e', 'c', 's', 0, 0),
    ABBR('o', 'z', 0, 0, 0, 0),         ABBR('l', 'b', 0, 0, 0, 0),      ABBR('l', 'b', 's', 0, 0, 0),
    ABBR('f', 't', 0, 0, 0, 0),         ABBR('p', 'k', 'g', 0, 0, 0),    ABBR('q', 't', 'y', 0, 0, 0),
    ABBR('e', 'a', 0, 0, 0, 0),
};
#undef TITLE
#undef ABBR
#undef ABBREV

/* Next non-blank byte at or after i is an upper-case ASCII letter. */
static int upper_follows(const scanner *s, size_t i) {
    while (i < s->len && (s->p[i] == ' ' || s->p[i] == '\t'))
        i++;
    return (cls_at(s, i) & UT_CC_UPPER) != 0;
}

/* Top-level domains that make "amazon.com" one token instead of a sentence end. */
static int is_tld(const uint8_t *p, size_t n) {
    static const short_word tlds[] = {{"com"}, {"net"}, {"org"}, {"edu"}, {"gov"}, {"io"},   {"co"}, {"uk"},
                                      {"de"},  {"ca"},  {"au"},  {"fr"},  {"jp"},  {"info"}, {"biz"}};
    uint64_t head = 0;
    if (n == 0 || n >= 8) return 0;
    for (size_t k = 0; k < n; k++)
        head |= (uint64_t)ut_ascii_lower[p[k]] << (8 * k);
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
size_t ut_tok_html_entity_len(const scanner *s, size_t i) {
    size_t j = i + 1, max = UT_MIN(s->len, i + 10);
    if (j < max && s->p[j] == '#') {
        j++;
        if (j < max && (s->p[j] | 0x20) == 'x') j++;
    }
    size_t body = j;
    while (j < max && (ut_charclass[s->p[j]] & UT_CC_ALNUM))
        j++;
    return (j > body + 1 && j < max && s->p[j] == ';') ? j + 1 - i : 0;
}

/* "&#039;" / "&#39;" / "&apos;" / "&#x27;": an apostrophe written as HTML. */
static int apostrophe_entity(const scanner *s, size_t i, size_t n) {
    const char *e = (const char *)s->p + i;
    return (n == 6 && (!memcmp(e, "&#039;", 6) || !memcmp(e, "&apos;", 6) || !memcmp(e, "&#x27;", 6))) ||
           (n == 5 && !memcmp(e, "&#39;", 5));
}

/* A word starting with a digit is a number unless it has letters other than
 * an ordinal suffix: "4.5", "10%", "2nd" are numbers, "4k" and "mp3" words. */
static uint8_t digit_word_kind(const char *norm, size_t n) {
    unsigned letters = 0;
    for (size_t k = 0; k < n; k++)
        letters += (uint8_t)norm[k] >= 0x80 || (ut_charclass[(uint8_t)norm[k]] & UT_CC_ALPHA);
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

/* What may follow a word and change it: "://" (a URL), "@" (an e-mail),
 * "www.", a domain ("amazon.com"), a dotted abbreviation ("U.S."). Kept out
 * of the hot path: it runs only when the byte after a word is . : or @.
 * Returns 1 when the word is dropped (*next set past the URL), else 0 with
 * *j and *sentence_dot possibly updated. */
UT_NOINLINE static int word_suffix(scanner *s, size_t start, size_t *j_io, word_shape *w, int *sentence_dot,
                                   size_t *next) {
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
            while (r < len && (ut_charclass[p[r]] & UT_CC_ALPHA))
                r++;
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
 * to ut_tok_scan_word_unicode at the first non-ASCII letter. [prefix, start) is a
 * currency sign already seen ("$20"); normally prefix == start. Sets *next
 * past what it consumed. */
int ut_tok_scan_word(scanner *s, size_t start, size_t prefix, size_t *next) {
    const uint8_t *p = s->p;
    const size_t len = s->len;
    ut_tokens *t = s->t;
    if (reserve_norm(t)) return UT_ENOMEM;
    char *norm = t->norm + t->norm_len;
    size_t o = 0, j = start;
    uint8_t first_class = ut_charclass[p[start]];
    word_shape w = {0, 0, 0, (first_class & UT_CC_UPPER) != 0, 0};
    int rewritten = 0, non_ascii = 0; /* the form is not the source lower-cased; the source had bytes >= 0x80 */
    for (size_t q = prefix; q < start; q++)
        norm[o++] = (char)p[q];
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
            if (((c == '.' || c == ':' || c == '/') && (after & UT_CC_DIGIT)) ||
                (c == ',' && thousands_group(s, j + 1))) {
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
            size_t n = ut_tok_html_entity_len(s, j);
            if (n && apostrophe_entity(s, j, n) && word_char_at(s, j + n, 1)) {
                if (o < UT_TOKEN_MAX_NORM) norm[o++] = '\'';
                j += n;
                rewritten = w.not_letters = 1;
                continue;
            }
        }
        if (c >= 0x80) {
            if (c == 0xE2 && curly_apostrophe(s, j)) {
                if (o < UT_TOKEN_MAX_NORM) norm[o++] = '\'';
                j += 3;
                rewritten = non_ascii = w.not_letters = 1;
                continue;
            }
            int32_t cp;
            ut_utf8_decode(p + j, len - j, &cp);
            ut_uclass uc = cp < 0 ? UT_UC_OTHER : ut_unicode_class(cp);
            if (uc == UT_UC_LOWER || uc == UT_UC_UPPER || uc == UT_UC_LETTER || (uc == UT_UC_MARK && cp != 0x200D))
                return ut_tok_scan_word_unicode(s, start, prefix, next);
        }
        break;
    }

    int sentence_dot = 0; /* see below */
    if (j < len && prefix == start && (p[j] == '.' || p[j] == ':' || p[j] == '@')) {
        size_t before = j;
        if (word_suffix(s, start, &j, &w, &sentence_dot, next)) return 0;
        for (size_t q = before; q < j && o < UT_TOKEN_MAX_NORM; q++)
            norm[o++] = (char)ut_ascii_lower[p[q]];
    }

    uint64_t head = 0, hash;
#ifdef UT_HASH_FAST
    if (UT_LIKELY(!rewritten && o == j - prefix && prefix + ((o + 7) & ~(size_t)7) <= len))
        hash = hash_lower_source(p + prefix, o, &head);
    else
#endif
        hash = hash_norm(norm, o, &head);

    uint8_t kind = UT_TOK_WORD, flags = word_flags(&w);
    int contrast = 0;
    if (non_ascii || (prefix != start && p[prefix] >= 0x80)) flags |= UT_TF_NON_ASCII;
    if (prefix != start) {
        kind = UT_TOK_NUMBER;
    } else if (first_class & UT_CC_DIGIT) {
        kind = digit_word_kind(norm, o);
    } else if (UT_UNLIKELY((p[start] | 0x20) == 'x') && o >= 2 && norm[1] == 'd' && !sentence_dot) {
        /* xD, XD, xDDD: a face written with letters */
        size_t d = start + 1;
        while (d < j && p[d] == 'D')
            d++;
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
    if (!sentence_dot && kind == UT_TOK_WORD && j < len && p[j] == '.' && !(j + 1 < len && p[j + 1] == '.') && o <= 6) {
        unsigned abbrev = abbreviation_kind(head);
        if (abbrev == ABBREV_TITLE)
            sentence_dot = 2;
        else if (abbrev == ABBREV_ENDS_BEFORE_CAPITAL)
            sentence_dot = 1;
    }

    norm[o] = '\0';
    int r = emit(s, prefix, j - prefix, o, hash, kind, flags, contrast);
    if (r) return r;
    if (sentence_dot == 1 || sentence_dot == 2) j++;
    if ((sentence_dot == 1 || sentence_dot == 3) && upper_follows(s, j)) sentence_break(s);
    *next = j;
    return 0;
}

/* Words with non-ASCII letters: the same rules over code points, and the
 * normalised form from NFKC case folding. */
UT_NOINLINE int ut_tok_scan_word_unicode(scanner *s, size_t start, size_t prefix, size_t *next) {
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
        if ((c == '\'' || c == '-') && word_char_at(s, j + 1, c == '\'')) {
            j++;
            prev = -1;
            continue;
        }
        if (last_digit && (c == '.' || c == ':' || c == '/') && (cls_at(s, j + 1) & UT_CC_DIGIT)) {
            j++;
            continue;
        }
        if (last_digit && c == ',' && thousands_group(s, j + 1)) {
            j++;
            continue;
        }
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
        while (src_len > 0 && prefix + src_len < j && (p[prefix + src_len] & 0xC0) == 0x80)
            src_len--;
        n = ut_nfkc_casefold(p + prefix, src_len, norm, UT_TOKEN_MAX_NORM);
        if (n != UT_NFKC_FAIL || src_len == 0) break;
        src_len /= 2;
    }
    if (n == UT_NFKC_FAIL) n = 0;
    uint8_t kind = UT_TOK_WORD;
    if (prefix != start)
        kind = UT_TOK_NUMBER;
    else if (ut_charclass[p[start]] & UT_CC_DIGIT)
        kind = digit_word_kind(norm, n);
    int r =
        emit(s, prefix, j - prefix, n, hash_norm(norm, n, NULL), kind, (uint8_t)(word_flags(&w) | UT_TF_NON_ASCII), 0);
    *next = j;
    return r;
}
