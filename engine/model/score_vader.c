/* score_vader.c — the VADER model: vaderSentiment's polarity_scores (Hutto &
 * Gilbert, ICWSM 2014; reference commit 44fc044) rewritten in C from its
 * rules, so that with the same lexicon its compound is the reference's.
 *
 * The idea: one pass splits the text into the reference's words (Python
 * str.split(), then ASCII punctuation stripped unless that leaves two
 * characters or fewer) and looks each word up once: its lexicon valence,
 * whether it is upper case, and which rule word it is (booster, negation,
 * "but", "no", idiom parts) as a small integer id. The rules then run over
 * those ids and valences, never over strings, in the reference's order and
 * with its floating-point operations in the same order, because the
 * rounding of the result to 4 decimals makes last-bit differences visible.
 * All per-text memory comes from the caller's arena.
 *
 * The reference first replaces emoji by their descriptions from its
 * emoji_utf8_lexicon.txt; that happens here when the user loads that file
 * as a lexicon too (UT_LEXFMT_VADER_EMOJI), and not otherwise. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/common.h"
#include "util/hash.h"
#include "model/lexicon_internal.h"
#include "model/score_internal.h"
#include "model/score_vader_internal.h"

/* The result is rounded to 4 decimals, so a fused multiply-add where the
 * reference rounds twice could move it: keep every operation rounded. */
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

/* Empirical constants of the reference (Hutto & Gilbert 2014). */
#define B_INCR 0.293   /* booster word */
#define C_INCR 0.733   /* ALL-CAPS word among mixed-case words */
#define N_SCALAR -0.74 /* negation */
#define EP_INCR 0.292  /* per '!', up to 4 */
#define QM_INCR 0.18   /* per '?', for 2 or 3 */
#define QM_MAX 0.96    /* for 4 or more '?' */

/* Words the rules name. W_OTHER is every other word. */
enum {
    W_OTHER = 0,
    W_NO,
    W_BUT,
    W_LEAST,
    W_AT,
    W_VERY,
    W_NEVER,
    W_SO,
    W_THIS,
    W_WITHOUT,
    W_DOUBT,
    W_OR,
    W_NOR,
    W_KIND,
    W_OF,
    W_THE,
    W_SHIT,
    W_BOMB,
    W_BAD,
    W_ASS,
    W_BUS,
    W_STOP,
    W_YEAH,
    W_RIGHT,
    W_KISS,
    W_DEATH,
    W_TO,
    W_DIE,
    W_FOR,
    W_BEATING,
    W_HEART,
    W_BROKEN,
    W_JUST,
    W_ENOUGH,
    W_SORT
};

/* A rule word is compared as its bytes, zero padded to 16 and read as two
 * big-endian 64-bit integers (rule words are 2..13 bytes): ordering those
 * integers orders the words, so the binary search compares integers. */
typedef struct rule_word {
    char word[16];
    uint8_t id;
    int8_t booster; /* +1: intensifier (B_INCR), -1: dampener (-B_INCR) */
    uint8_t negates;
} rule_word;

#define RULE_WORD_MIN 2
#define RULE_WORD_MAX 13

/* The reference's one-word boosters and dampeners, its negation words, and
 * the words its idiom and special-case rules compare against (rule data from
 * Hutto & Gilbert 2014 / vaderSentiment), in byte order. test_vader.c drives
 * every entry through its rule, so a misplaced one fails there. */
static const rule_word rule_words[] = {
    {"absolutely", W_OTHER, 1, 0},
    {"ain't", W_OTHER, 0, 1},
    {"aint", W_OTHER, 0, 1},
    {"almost", W_OTHER, -1, 0},
    {"amazingly", W_OTHER, 1, 0},
    {"aren't", W_OTHER, 0, 1},
    {"arent", W_OTHER, 0, 1},
    {"ass", W_ASS, 0, 0},
    {"at", W_AT, 0, 0},
    {"awfully", W_OTHER, 1, 0},
    {"bad", W_BAD, 0, 0},
    {"barely", W_OTHER, -1, 0},
    {"beating", W_BEATING, 0, 0},
    {"bomb", W_BOMB, 0, 0},
    {"broken", W_BROKEN, 0, 0},
    {"bus", W_BUS, 0, 0},
    {"but", W_BUT, 0, 0},
    {"can't", W_OTHER, 0, 1},
    {"cannot", W_OTHER, 0, 1},
    {"cant", W_OTHER, 0, 1},
    {"completely", W_OTHER, 1, 0},
    {"considerable", W_OTHER, 1, 0},
    {"considerably", W_OTHER, 1, 0},
    {"couldn't", W_OTHER, 0, 1},
    {"couldnt", W_OTHER, 0, 1},
    {"daren't", W_OTHER, 0, 1},
    {"darent", W_OTHER, 0, 1},
    {"death", W_DEATH, 0, 0},
    {"decidedly", W_OTHER, 1, 0},
    {"deeply", W_OTHER, 1, 0},
    {"despite", W_OTHER, 0, 1},
    {"didn't", W_OTHER, 0, 1},
    {"didnt", W_OTHER, 0, 1},
    {"die", W_DIE, 0, 0},
    {"doesn't", W_OTHER, 0, 1},
    {"doesnt", W_OTHER, 0, 1},
    {"don't", W_OTHER, 0, 1},
    {"dont", W_OTHER, 0, 1},
    {"doubt", W_DOUBT, 0, 0},
    {"effing", W_OTHER, 1, 0},
    {"enormous", W_OTHER, 1, 0},
    {"enormously", W_OTHER, 1, 0},
    {"enough", W_ENOUGH, 0, 0},
    {"entirely", W_OTHER, 1, 0},
    {"especially", W_OTHER, 1, 0},
    {"exceptional", W_OTHER, 1, 0},
    {"exceptionally", W_OTHER, 1, 0},
    {"extreme", W_OTHER, 1, 0},
    {"extremely", W_OTHER, 1, 0},
    {"fabulously", W_OTHER, 1, 0},
    {"flippin", W_OTHER, 1, 0},
    {"flipping", W_OTHER, 1, 0},
    {"for", W_FOR, 0, 0},
    {"frackin", W_OTHER, 1, 0},
    {"fracking", W_OTHER, 1, 0},
    {"frickin", W_OTHER, 1, 0},
    {"fricking", W_OTHER, 1, 0},
    {"friggin", W_OTHER, 1, 0},
    {"frigging", W_OTHER, 1, 0},
    {"fuckin", W_OTHER, 1, 0},
    {"fucking", W_OTHER, 1, 0},
    {"fuggin", W_OTHER, 1, 0},
    {"fugging", W_OTHER, 1, 0},
    {"fully", W_OTHER, 1, 0},
    {"greatly", W_OTHER, 1, 0},
    {"hadn't", W_OTHER, 0, 1},
    {"hadnt", W_OTHER, 0, 1},
    {"hardly", W_OTHER, -1, 0},
    {"hasn't", W_OTHER, 0, 1},
    {"hasnt", W_OTHER, 0, 1},
    {"haven't", W_OTHER, 0, 1},
    {"havent", W_OTHER, 0, 1},
    {"heart", W_HEART, 0, 0},
    {"hella", W_OTHER, 1, 0},
    {"highly", W_OTHER, 1, 0},
    {"hugely", W_OTHER, 1, 0},
    {"incredible", W_OTHER, 1, 0},
    {"incredibly", W_OTHER, 1, 0},
    {"intensely", W_OTHER, 1, 0},
    {"isn't", W_OTHER, 0, 1},
    {"isnt", W_OTHER, 0, 1},
    {"just", W_JUST, 0, 0},
    {"kind", W_KIND, 0, 0},
    {"kind-of", W_OTHER, -1, 0},
    {"kinda", W_OTHER, -1, 0},
    {"kindof", W_OTHER, -1, 0},
    {"kiss", W_KISS, 0, 0},
    {"least", W_LEAST, 0, 0},
    {"less", W_OTHER, -1, 0},
    {"little", W_OTHER, -1, 0},
    {"major", W_OTHER, 1, 0},
    {"majorly", W_OTHER, 1, 0},
    {"marginal", W_OTHER, -1, 0},
    {"marginally", W_OTHER, -1, 0},
    {"mightn't", W_OTHER, 0, 1},
    {"mightnt", W_OTHER, 0, 1},
    {"more", W_OTHER, 1, 0},
    {"most", W_OTHER, 1, 0},
    {"mustn't", W_OTHER, 0, 1},
    {"mustnt", W_OTHER, 0, 1},
    {"needn't", W_OTHER, 0, 1},
    {"neednt", W_OTHER, 0, 1},
    {"neither", W_OTHER, 0, 1},
    {"never", W_NEVER, 0, 1},
    {"no", W_NO, 0, 0},
    {"none", W_OTHER, 0, 1},
    {"nope", W_OTHER, 0, 1},
    {"nor", W_NOR, 0, 1},
    {"not", W_OTHER, 0, 1},
    {"nothing", W_OTHER, 0, 1},
    {"nowhere", W_OTHER, 0, 1},
    {"occasional", W_OTHER, -1, 0},
    {"occasionally", W_OTHER, -1, 0},
    {"of", W_OF, 0, 0},
    {"or", W_OR, 0, 0},
    {"oughtn't", W_OTHER, 0, 1},
    {"oughtnt", W_OTHER, 0, 1},
    {"particularly", W_OTHER, 1, 0},
    {"partly", W_OTHER, -1, 0},
    {"purely", W_OTHER, 1, 0},
    {"quite", W_OTHER, 1, 0},
    {"rarely", W_OTHER, 0, 1},
    {"really", W_OTHER, 1, 0},
    {"remarkably", W_OTHER, 1, 0},
    {"right", W_RIGHT, 0, 0},
    {"scarce", W_OTHER, -1, 0},
    {"scarcely", W_OTHER, -1, 0},
    {"seldom", W_OTHER, 0, 1},
    {"shan't", W_OTHER, 0, 1},
    {"shant", W_OTHER, 0, 1},
    {"shit", W_SHIT, 0, 0},
    {"shouldn't", W_OTHER, 0, 1},
    {"shouldnt", W_OTHER, 0, 1},
    {"slight", W_OTHER, -1, 0},
    {"slightly", W_OTHER, -1, 0},
    {"so", W_SO, 1, 0},
    {"somewhat", W_OTHER, -1, 0},
    {"sort", W_SORT, 0, 0},
    {"sort-of", W_OTHER, -1, 0},
    {"sorta", W_OTHER, -1, 0},
    {"sortof", W_OTHER, -1, 0},
    {"stop", W_STOP, 0, 0},
    {"substantially", W_OTHER, 1, 0},
    {"the", W_THE, 0, 0},
    {"this", W_THIS, 0, 0},
    {"thoroughly", W_OTHER, 1, 0},
    {"to", W_TO, 0, 0},
    {"total", W_OTHER, 1, 0},
    {"totally", W_OTHER, 1, 0},
    {"tremendous", W_OTHER, 1, 0},
    {"tremendously", W_OTHER, 1, 0},
    {"uber", W_OTHER, 1, 0},
    {"uh-uh", W_OTHER, 0, 1},
    {"uhuh", W_OTHER, 0, 1},
    {"unbelievably", W_OTHER, 1, 0},
    {"unusually", W_OTHER, 1, 0},
    {"utter", W_OTHER, 1, 0},
    {"utterly", W_OTHER, 1, 0},
    {"very", W_VERY, 1, 0},
    {"wasn't", W_OTHER, 0, 1},
    {"wasnt", W_OTHER, 0, 1},
    {"weren't", W_OTHER, 0, 1},
    {"werent", W_OTHER, 0, 1},
    {"without", W_WITHOUT, 0, 1},
    {"won't", W_OTHER, 0, 1},
    {"wont", W_OTHER, 0, 1},
    {"wouldn't", W_OTHER, 0, 1},
    {"wouldnt", W_OTHER, 0, 1},
    {"yeah", W_YEAH, 0, 0},
};

/* Two- and three-word phrases with a fixed valence (the reference's
 * SPECIAL_CASES; "badass" is one word there and so can never match). */
typedef struct special_case {
    uint8_t n_words;
    uint8_t w[3]; /* word ids */
    double valence;
} special_case;

static const special_case special_cases[] = {
    {2, {W_THE, W_SHIT}, 3},      {2, {W_THE, W_BOMB}, 3},        {2, {W_BAD, W_ASS}, 1.5},
    {2, {W_BUS, W_STOP}, 0.0},    {2, {W_YEAH, W_RIGHT}, -2},     {3, {W_KISS, W_OF, W_DEATH}, -1.5},
    {3, {W_TO, W_DIE, W_FOR}, 3}, {2, {W_BEATING, W_HEART}, 3.1}, {2, {W_BROKEN, W_HEART}, -2.9},
};

enum { WF_LEXICON = 1, WF_UPPER = 2, WF_NEGATED = 4 };

typedef struct vader_word {
    double valence; /* lexicon valence when WF_LEXICON */
    uint8_t id;
    int8_t booster;
    uint8_t flags;
} vader_word;

/* ---- text to words ------------------------------------------------------ */

/* Python's str.split() separators: ASCII \t..\r, \x1c..\x1f and space, plus
 * the Unicode spaces below. */
static const uint8_t ascii_space[128] = {
    ['\t'] = 1, ['\n'] = 1, ['\v'] = 1, ['\f'] = 1, ['\r'] = 1,
    [0x1c] = 1, [0x1d] = 1, [0x1e] = 1, [0x1f] = 1, [' '] = 1,
};

/* Python's string.punctuation. */
static const uint8_t ascii_punct[128] = {
    ['!'] = 1, ['"'] = 1, ['#'] = 1, ['$'] = 1, ['%'] = 1, ['&'] = 1, ['\''] = 1, ['('] = 1,
    [')'] = 1, ['*'] = 1, ['+'] = 1, [','] = 1, ['-'] = 1, ['.'] = 1, ['/'] = 1,  [':'] = 1,
    [';'] = 1, ['<'] = 1, ['='] = 1, ['>'] = 1, ['?'] = 1, ['@'] = 1, ['['] = 1,  ['\\'] = 1,
    [']'] = 1, ['^'] = 1, ['_'] = 1, ['`'] = 1, ['{'] = 1, ['|'] = 1, ['}'] = 1,  ['~'] = 1,
};

/* Bytes of the separator starting at p, or 0. */
UT_FORCE_INLINE size_t space_len(const unsigned char *p, const unsigned char *end) {
    unsigned c = p[0];
    if (UT_LIKELY(c < 0x80)) return ascii_space[c];
    size_t left = (size_t)(end - p);
    if (c == 0xC2) return left >= 2 && (p[1] == 0x85 || p[1] == 0xA0) ? 2 : 0;
    if (left < 3) return 0;
    if (c == 0xE1) return p[1] == 0x9A && p[2] == 0x80 ? 3 : 0; /* U+1680 */
    if (c == 0xE2) {
        if (p[1] == 0x80) /* U+2000..200A, U+2028, U+2029, U+202F */
            return (p[2] >= 0x80 && p[2] <= 0x8A) || p[2] == 0xA8 || p[2] == 0xA9 || p[2] == 0xAF ? 3 : 0;
        return p[1] == 0x81 && p[2] == 0x9F ? 3 : 0; /* U+205F */
    }
    if (c == 0xE3) return p[1] == 0x80 && p[2] == 0x80 ? 3 : 0; /* U+3000 */
    return 0;
}

/* Decodes one UTF-8 sequence; invalid bytes come back one at a time as
 * U+FFFD (uncased, like the replacement character Python would hold). */
static uint32_t utf8_next(const unsigned char *p, const unsigned char *end, size_t *n) {
    unsigned c = p[0];
    size_t left = (size_t)(end - p);
    if (c >= 0xC2 && c <= 0xDF && left >= 2 && (p[1] & 0xC0) == 0x80) {
        *n = 2;
        return ((c & 0x1Fu) << 6) | (p[1] & 0x3Fu);
    }
    if (c >= 0xE0 && c <= 0xEF && left >= 3 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
        *n = 3;
        return ((c & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
    }
    if (c >= 0xF0 && c <= 0xF4 && left >= 4 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80 &&
        (p[3] & 0xC0) == 0x80) {
        *n = 4;
        return ((c & 0x07u) << 18) | ((p[1] & 0x3Fu) << 12) | ((p[2] & 0x3Fu) << 6) | (p[3] & 0x3Fu);
    }
    *n = 1;
    return 0xFFFD;
}

/* Case of a non-ASCII code point for Python's str.isupper(): 1 upper, 2
 * lower or title case (either makes a word not upper), 0 uncased. Covers
 * Latin-1, Latin Extended-A and Additional, the Latin digraphs, Greek,
 * Cyrillic and Armenian letters, Roman numerals, circled and full-width
 * letters; other scripts (and the rest of Latin Extended-B) count as
 * uncased. */
static int cased_class(uint32_t cp) {
    if (cp < 0x100) {
        if (cp == 0xAA || cp == 0xB5 || cp == 0xBA) return 2;
        if (cp >= 0xC0 && cp <= 0xDE) return cp == 0xD7 ? 0 : 1;
        if (cp >= 0xDF) return cp == 0xF7 ? 0 : 2;
        return 0;
    }
    if (cp <= 0x17F) {
        if (cp == 0x138 || cp == 0x149 || cp == 0x17F) return 2;
        if (cp == 0x178) return 1;
        if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E)) return cp & 1 ? 1 : 2;
        return cp & 1 ? 2 : 1;
    }
    if ((cp >= 0x1C4 && cp <= 0x1CC) || (cp >= 0x1F1 && cp <= 0x1F3)) /* DŽ Dž dž, LJ Lj lj, NJ Nj nj, DZ Dz dz */
        return cp == 0x1C4 || cp == 0x1C7 || cp == 0x1CA || cp == 0x1F1 ? 1 : 2;
    if (cp >= 0x370 && cp <= 0x3FF) {
        if (cp == 0x386 || (cp >= 0x388 && cp <= 0x38F && cp != 0x38B && cp != 0x38D) ||
            (cp >= 0x391 && cp <= 0x3AB && cp != 0x3A2))
            return 1;
        if (cp == 0x390 || (cp >= 0x3AC && cp <= 0x3CE)) return 2;
        return 0;
    }
    if (cp >= 0x400 && cp <= 0x52F) {
        if (cp <= 0x42F) return 1;
        if (cp <= 0x45F) return 2;
        if (cp >= 0x482 && cp <= 0x489) return 0;
        if (cp == 0x4C0) return 1;
        if (cp >= 0x4C1 && cp <= 0x4CE) return cp & 1 ? 1 : 2;
        if (cp == 0x4CF) return 2;
        return cp & 1 ? 2 : 1;
    }
    if (cp >= 0x531 && cp <= 0x556) return 1;
    if (cp >= 0x561 && cp <= 0x587) return 2;
    if (cp >= 0x1E00 && cp <= 0x1EFF) {
        if ((cp >= 0x1E96 && cp <= 0x1E9D) || cp == 0x1E9F) return 2;
        return cp & 1 ? 2 : 1;
    }
    if (cp == 0x212A || (cp >= 0x2160 && cp <= 0x216F)) return 1; /* KELVIN SIGN, Roman numerals */
    if (cp >= 0x2170 && cp <= 0x217F) return 2;
    if (cp >= 0x24B6 && cp <= 0x24CF) return 1;
    if (cp >= 0x24D0 && cp <= 0x24E9) return 2;
    if (cp >= 0xFF21 && cp <= 0xFF3A) return 1;
    if (cp >= 0xFF41 && cp <= 0xFF5A) return 2;
    return 0;
}

/* Python's str.lower() of an upper-case letter in the ranges cased_class()
 * knows (one code point to one, which holds there except for U+0130). */
static uint32_t lower_cp(uint32_t cp) {
    if (cp < 0x100) return (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) ? cp + 0x20 : cp;
    if (cp <= 0x17F) return cp == 0x178 ? 0xFF : cp + 1;
    if (cp <= 0x1F1) return cp + 2; /* the upper-case digraphs */
    if (cp < 0x400) {
        if (cp == 0x386) return 0x3AC;
        if (cp <= 0x38A) return cp + 37;
        if (cp == 0x38C) return 0x3CC;
        if (cp <= 0x38F) return cp + 63;
        return cp + 0x20;
    }
    if (cp <= 0x40F) return cp + 0x50;
    if (cp <= 0x42F) return cp + 0x20;
    if (cp == 0x4C0) return 0x4CF;
    if (cp <= 0x52F) return cp + 1;
    if (cp <= 0x556) return cp + 0x30;
    if (cp == 0x1E9E) return 0xDF;
    if (cp <= 0x1EFF) return cp + 1;
    if (cp <= 0x216F) return cp + 0x10;
    if (cp <= 0x24CF) return cp + 26;
    return cp + 0x20; /* full-width A-Z */
}

static uint64_t load_be64(const unsigned char *p) {
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    uint64_t v;
    memcpy(&v, p, 8);
    return __builtin_bswap64(v);
#else
    uint64_t v = 0;
    for (int k = 0; k < 8; k++)
        v = (v << 8) | p[k];
    return v;
#endif
}

/* The rule-word index is keyed by the word's lexicon hash, which every word
 * needs anyway: a word that is no rule word then costs one byte load from
 * the slot table (at most half full) instead of a hash of its own. Bits
 * 23.. because the lexicon's table and key filter use the low and top ones. */
static uint32_t rule_slot_of(uint64_t hash) {
    return (uint32_t)(hash >> 23) & (UT_VADER_RULE_SLOTS - 1);
}

void ut_vader_rules_index(ut_scorer *s) {
    _Static_assert(UT_ARRAY_LEN(rule_words) < 255 && UT_ARRAY_LEN(rule_words) * 2 < UT_VADER_RULE_SLOTS,
                   "rule_words must fit the slot table at most half full");
    memset(s->vader_rule_slot, 0, sizeof s->vader_rule_slot);
    for (size_t k = 0; k < UT_ARRAY_LEN(rule_words); k++) {
        const char *word = rule_words[k].word;
        uint32_t i = rule_slot_of(ut_hash_bytes(word, strlen(word)));
        while (s->vader_rule_slot[i])
            i = (i + 1) & (UT_VADER_RULE_SLOTS - 1);
        s->vader_rule_slot[i] = (uint8_t)(k + 1);
    }
}

/* `w` (RULE_WORD_MIN..RULE_WORD_MAX bytes, hash `hash`) must be readable for
 * 16 bytes (the word buffer has that slack); the bytes past `len` are masked
 * off rather than copied. A candidate must equal the word zero padded to 16
 * bytes and have a byte at len - 1, so a word with a NUL byte ("no\0") is
 * not taken for a shorter rule word. */
UT_FORCE_INLINE const rule_word *rule_word_find(const ut_scorer *s, const char *w, size_t len, uint64_t hash) {
    const unsigned char *u = (const unsigned char *)w;
    uint32_t i = rule_slot_of(hash);
    unsigned k = s->vader_rule_slot[i];
    if (UT_LIKELY(!k)) return NULL;
    uint64_t hi = load_be64(u), lo = load_be64(u + 8);
    if (len < 8) hi &= ~(~0ull >> (len * 8));
    lo = len <= 8 ? 0 : lo & ~(~0ull >> ((len - 8) * 8));
    for (;;) {
        const rule_word *r = &rule_words[k - 1];
        if (load_be64((const unsigned char *)r->word) == hi && load_be64((const unsigned char *)r->word + 8) == lo &&
            r->word[len - 1])
            return r;
        i = (i + 1) & (UT_VADER_RULE_SLOTS - 1);
        k = s->vader_rule_slot[i];
        if (!k) return NULL;
    }
}

static int contains_nt(const char *w, size_t len) {
    for (size_t i = 0; i + 3 <= len; i++)
        if (w[i] == 'n' && w[i + 1] == '\'' && w[i + 2] == 't') return 1;
    return 0;
}

/* What one ASCII byte is to the word scanner. */
enum {
    AC_SPACE = 1,
    AC_UPPER = 2,
    AC_LOWER = 4,
    AC_APOSTROPHE = 8,
    AC_EXCLAIM = 16,
    AC_QUESTION = 32,
    AC_NON_ASCII = 64 /* set by the scanner, not in the table */
};

#define AC_U AC_UPPER
#define AC_L AC_LOWER
static const uint8_t ascii_class[128] = {
    ['\t'] = AC_SPACE,  ['\n'] = AC_SPACE,   ['\v'] = AC_SPACE,      ['\f'] = AC_SPACE, ['\r'] = AC_SPACE,
    [0x1c] = AC_SPACE,  [0x1d] = AC_SPACE,   [0x1e] = AC_SPACE,      [0x1f] = AC_SPACE, [' '] = AC_SPACE,
    ['!'] = AC_EXCLAIM, ['?'] = AC_QUESTION, ['\''] = AC_APOSTROPHE, ['A'] = AC_U,      ['B'] = AC_U,
    ['C'] = AC_U,       ['D'] = AC_U,        ['E'] = AC_U,           ['F'] = AC_U,      ['G'] = AC_U,
    ['H'] = AC_U,       ['I'] = AC_U,        ['J'] = AC_U,           ['K'] = AC_U,      ['L'] = AC_U,
    ['M'] = AC_U,       ['N'] = AC_U,        ['O'] = AC_U,           ['P'] = AC_U,      ['Q'] = AC_U,
    ['R'] = AC_U,       ['S'] = AC_U,        ['T'] = AC_U,           ['U'] = AC_U,      ['V'] = AC_U,
    ['W'] = AC_U,       ['X'] = AC_U,        ['Y'] = AC_U,           ['Z'] = AC_U,      ['a'] = AC_L,
    ['b'] = AC_L,       ['c'] = AC_L,        ['d'] = AC_L,           ['e'] = AC_L,      ['f'] = AC_L,
    ['g'] = AC_L,       ['h'] = AC_L,        ['i'] = AC_L,           ['j'] = AC_L,      ['k'] = AC_L,
    ['l'] = AC_L,       ['m'] = AC_L,        ['n'] = AC_L,           ['o'] = AC_L,      ['p'] = AC_L,
    ['q'] = AC_L,       ['r'] = AC_L,        ['s'] = AC_L,           ['t'] = AC_L,      ['u'] = AC_L,
    ['v'] = AC_L,       ['w'] = AC_L,        ['x'] = AC_L,           ['y'] = AC_L,      ['z'] = AC_L,
};
#undef AC_U
#undef AC_L

/* Classifies the word lower[0..n) (already lower-cased): rule word id,
 * booster, negation, and its lexicon valence. The lexicon's key filter and
 * probe are inlined (lexicon_internal.h, as the default scorer does): this
 * runs once per word, and most words are turned away by the filter. */
UT_FORCE_INLINE void word_classify(const ut_scorer *s, const char *lower, size_t n, unsigned cased, vader_word *out) {
    const ut_lexicon *lex = s->lex;
    const uint64_t h = ut_hash_bytes_padded(lower, n);
    out->id = W_OTHER;
    out->booster = 0;
    out->flags = (cased & (AC_UPPER | AC_LOWER)) == AC_UPPER ? WF_UPPER : 0;
    if (n >= RULE_WORD_MIN && n <= RULE_WORD_MAX) {
        const rule_word *r = rule_word_find(s, lower, n, h);
        if (r) {
            out->id = r->id;
            out->booster = r->booster;
            if (r->negates) out->flags |= WF_NEGATED;
        }
    }
    if (UT_UNLIKELY(cased & AC_APOSTROPHE) && contains_nt(lower, n)) out->flags |= WF_NEGATED;
    out->valence = 0;
    if (ut_key_filter_maybe(lex->filter, h)) {
        const ut_lex_slot *slot = ut_lex_probe(lex, h);
        if (slot && (slot->flags & UT_LEX_SLOT_EXACT)) {
            out->valence = lex->values[slot - lex->slots].exact_valence;
            out->flags |= WF_LEXICON;
        }
    }
}

/* Words in `text`, for sizing the word array of a long text exactly. */
static size_t count_words(const char *text, size_t len) {
    const unsigned char *p = (const unsigned char *)text, *end = p + len;
    size_t n = 0;
    int in_word = 0;
    while (p < end) {
        size_t sp = space_len(p, end);
        n += !sp && !in_word;
        in_word = !sp;
        p += sp ? sp : 1;
    }
    return n;
}

#if defined(__SSE2__)
#define VADER_SSE2 1
#include <emmintrin.h>

/* Bytes of v in lo..lo+span (unsigned), as a byte mask. */
UT_FORCE_INLINE __m128i bytes_in(__m128i v, char lo, char span) {
    const __m128i d = _mm_sub_epi8(v, _mm_set1_epi8(lo));
    return _mm_cmpeq_epi8(_mm_subs_epu8(d, _mm_set1_epi8(span)), _mm_setzero_si128());
}

/* The word loop's ASCII case for 16 bytes at once (p readable for 16):
 * lower-cases into `dst` (16 bytes written, the buffer has the slack) up to
 * the first separator or non-ASCII byte and returns how many bytes that is
 * (16: none in this block), folding their classes into *cased and counting
 * their '!' and '?' as the byte loop does. */
UT_FORCE_INLINE size_t ascii_run16(const unsigned char *p, char *dst, unsigned *cased, size_t *ep, size_t *qm) {
    const __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
    const __m128i upper = bytes_in(v, 'A', 25);
    const unsigned space = (unsigned)_mm_movemask_epi8(_mm_or_si128(bytes_in(v, '\t', 4), bytes_in(v, 0x1c, 4)));
    const unsigned stop = space | (unsigned)_mm_movemask_epi8(v);
    const size_t k = stop ? (size_t)__builtin_ctz(stop) : 16;
    const unsigned in = (1u << k) - 1;
    _mm_storeu_si128((__m128i *)(void *)dst, _mm_add_epi8(v, _mm_and_si128(upper, _mm_set1_epi8(0x20))));
    const unsigned up = (unsigned)_mm_movemask_epi8(upper) & in;
    const unsigned lo = (unsigned)_mm_movemask_epi8(bytes_in(v, 'a', 25)) & in;
    const unsigned ap = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('\''))) & in;
    *cased |= (up ? AC_UPPER : 0) | (lo ? AC_LOWER : 0) | (ap ? AC_APOSTROPHE : 0);
    const unsigned ex = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('!'))) & in;
    const unsigned qu = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('?'))) & in;
    if (UT_UNLIKELY(ex | qu)) {
        *ep += (size_t)__builtin_popcount(ex);
        *qm += (size_t)__builtin_popcount(qu);
        *cased |= (ex ? AC_EXCLAIM : 0) | (qu ? AC_QUESTION : 0);
    }
    return k;
}
#else
#define VADER_SSE2 0
#endif

typedef struct word_list {
    vader_word *w;
    size_t n, cap;
    size_t exclaims, questions; /* over the whole text, as the reference counts them */
} word_list;

/* Splits `text` into the reference's words and classifies each, in one
 * pass: each word is lower-cased (as Python's str.lower() does for the
 * letters cased_class() knows; the Kelvin sign becomes 'k') into `lower`
 * while its end is found, then stripped of ASCII punctuation at both ends
 * unless that leaves two characters or fewer (likely an emoticon, ":)").
 * Stripping removes no cased letter, so upper/lower case is decided over
 * the whole token. The word array grows by doubling inside the arena. */
UT_FORCE_INLINE int split_words(const ut_scorer *s, const char *text, size_t len, char *lower, ut_arena *scratch,
                                word_list *out, const int fast) {
    const unsigned char *p = (const unsigned char *)text, *end = p + len;
    size_t ep = 0, qm = 0;
    while (p < end) {
        size_t sp = space_len(p, end);
        if (sp) {
            p += sp;
            continue;
        }
        const unsigned char *start = p;
        size_t n = 0;
        unsigned cased = 0;
        while (p < end) {
#if VADER_SSE2
            if (fast && end - p >= 16) {
                size_t k = ascii_run16(p, lower + n, &cased, &ep, &qm);
                p += k;
                n += k;
                if (k == 16) continue;
                if (*p < 0x80) break; /* an ASCII separator */
                goto non_ascii;
            }
#endif
            unsigned c = *p;
            if (UT_LIKELY(c < 0x80)) {
                unsigned cls = ascii_class[c];
                if (cls & AC_SPACE) break;
                cased |= cls;
                if (UT_UNLIKELY(cls & (AC_EXCLAIM | AC_QUESTION))) {
                    ep += (cls >> 4) & 1;
                    qm += (cls >> 5) & 1;
                }
                lower[n++] = (char)(c | ((cls & AC_UPPER) << 4)); /* AC_UPPER << 4 is 0x20 */
                p++;
                continue;
            }
#if VADER_SSE2
        non_ascii:
#endif
            if (space_len(p, end)) break;
            cased |= AC_NON_ASCII;
            size_t k;
            uint32_t cp = utf8_next(p, end, &k);
            int cls = cased_class(cp);
            if (cls == 1) {
                cased |= AC_UPPER;
                if (cp == 0x212A) { /* KELVIN SIGN: lower() gives ASCII 'k' */
                    lower[n++] = 'k';
                } else if (cp == 0x130) { /* lower() gives "i" and a combining dot */
                    memcpy(lower + n, "i\xCC\x87", 3);
                    n += 3;
                } else {
                    n += ut_utf8_put(lower + n, lower_cp(cp));
                }
            } else {
                if (cls == 2) cased |= AC_LOWER;
                memcpy(lower + n, p, k);
                n += k;
            }
            p += k;
        }
        /* Leading and trailing ASCII punctuation are the same bytes in the
         * token and in its lower-cased copy. */
        size_t lead = 0, trail = 0, raw_len = (size_t)(p - start);
        while (lead < raw_len && start[lead] < 0x80 && ascii_punct[start[lead]])
            lead++;
        while (trail < raw_len - lead && start[raw_len - 1 - trail] < 0x80 && ascii_punct[start[raw_len - 1 - trail]])
            trail++;
        size_t word_off = lead, word_len = n - lead - trail;
        size_t stripped_len = raw_len - lead - trail;
        if (stripped_len <= 2 || ((cased & AC_NON_ASCII) && stripped_len <= 8)) {
            /* In characters, not bytes; more than 8 bytes is at least 3. */
            size_t chars = 0;
            for (const unsigned char *q = start + lead; q < p - trail && chars <= 2; q++)
                chars += (*q & 0xC0) != 0x80;
            if (chars <= 2) word_off = 0, word_len = n;
        }
        if (out->n == out->cap) {
            size_t cap = out->cap ? out->cap * 2 : 64;
            vader_word *grown = ut_arena_alloc(scratch, cap * sizeof *grown);
            if (!grown) return UT_ENOMEM;
            if (out->n) memcpy(grown, out->w, out->n * sizeof *grown);
            out->w = grown;
            out->cap = cap;
        }
        word_classify(s, lower + word_off, word_len, cased, &out->w[out->n++]);
    }
    out->exclaims = ep;
    out->questions = qm;
    return 0;
}

/* Off only in tests, which compare the two scanners (score_vader_internal.h). */
static int fast_scan = 1;

void ut_vader_use_fast_scan(int on) {
    fast_scan = on;
}

/* The reference's first step: every code point that is a key of its emoji
 * lexicon becomes the emoji's description, with a space before it unless
 * one (an ASCII space, exactly) precedes, and none after. Without emoji
 * descriptions loaded, or for an ASCII text, the text is used as it is. */
static int emoji_expand(const ut_lexicon *lex, const char *text, size_t len, ut_arena *scratch, const char **out,
                        size_t *out_len) {
    *out = text;
    *out_len = len;
    if (!ut_lexicon_emoji_count(lex)) return 0;
    const unsigned char *p = (const unsigned char *)text, *end = p + len;
    size_t grow = 0;
    int any = 0;
    for (const unsigned char *q = p; q < end;) {
        if (*q < 0x80) {
            q++;
            continue;
        }
        size_t n, desc_len;
        uint32_t cp = utf8_next(q, end, &n);
        if (n > 1 && ut_lexicon_emoji(lex, cp, &desc_len)) { /* n == 1: an ill-formed byte */
            grow += desc_len + 1;
            any = 1;
        }
        q += n;
    }
    if (!any) return 0;
    char *dst = ut_arena_alloc(scratch, len + grow);
    if (!dst) return UT_ENOMEM;
    size_t w = 0;
    int prev_space = 1;
    while (p < end) {
        size_t n = 1, desc_len;
        const char *desc = NULL;
        if (*p >= 0x80) {
            uint32_t cp = utf8_next(p, end, &n);
            if (n > 1) desc = ut_lexicon_emoji(lex, cp, &desc_len);
        }
        if (desc) {
            if (!prev_space) dst[w++] = ' ';
            memcpy(dst + w, desc, desc_len);
            w += desc_len;
            prev_space = 0;
        } else {
            memcpy(dst + w, p, n);
            w += n;
            prev_space = n == 1 && *p == ' ';
        }
        p += n;
    }
    *out = dst;
    *out_len = w;
    return 0;
}

/* ---- the rules ---------------------------------------------------------- */

/* scalar_inc_dec: what a booster word before a sentiment word adds. */
static double booster_scalar(const vader_word *w, double valence, int cap_diff) {
    if (!w->booster) return 0.0;
    double scalar = w->booster > 0 ? B_INCR : -B_INCR;
    if (valence < 0) scalar *= -1;
    if ((w->flags & WF_UPPER) && cap_diff) {
        if (valence > 0)
            scalar += C_INCR;
        else
            scalar -= C_INCR;
    }
    return scalar;
}

static int is_so_or_this(const vader_word *w) {
    return w->id == W_SO || w->id == W_THIS;
}

/* _negation_check for the word `dist` (1..3) places before word i. */
static double negation_check(const vader_word *w, size_t i, size_t dist, double valence) {
    if (dist == 1) {
        if (w[i - 1].flags & WF_NEGATED) valence = valence * N_SCALAR;
    } else if (dist == 2) {
        if (w[i - 2].id == W_NEVER && is_so_or_this(&w[i - 1]))
            valence = valence * 1.25;
        else if (w[i - 2].id == W_WITHOUT && w[i - 1].id == W_DOUBT) {
        } else if (w[i - 2].flags & WF_NEGATED)
            valence = valence * N_SCALAR;
    } else {
        /* The reference's condition reads `never and (so or this) or (so or
         * this)`: a "so"/"this" right before the word counts on its own. */
        if ((w[i - 3].id == W_NEVER && is_so_or_this(&w[i - 2])) || is_so_or_this(&w[i - 1]))
            valence = valence * 1.25;
        else if (w[i - 3].id == W_WITHOUT && (w[i - 2].id == W_DOUBT || w[i - 1].id == W_DOUBT)) {
        } else if (w[i - 3].flags & WF_NEGATED)
            valence = valence * N_SCALAR;
    }
    return valence;
}

/* Whether the words with ids a b (c, when n_words is 3) are a special case. */
static int special_case_find(unsigned n_words, uint8_t a, uint8_t b, uint8_t c, double *valence) {
    if (a == W_OTHER || b == W_OTHER) return 0;
    for (size_t k = 0; k < UT_ARRAY_LEN(special_cases); k++) {
        const special_case *sc = &special_cases[k];
        if (sc->n_words == n_words && sc->w[0] == a && sc->w[1] == b && (n_words == 2 || sc->w[2] == c)) {
            *valence = sc->valence;
            return 1;
        }
    }
    return 0;
}

/* "kind of", "sort of", "just enough": the two-word dampeners. */
static int is_bigram_dampener(uint8_t a, uint8_t b) {
    return (a == W_KIND && b == W_OF) || (a == W_SORT && b == W_OF) || (a == W_JUST && b == W_ENOUGH);
}

/* _special_idioms_check, for i >= 3. */
static double special_idioms_check(const vader_word *w, size_t n, size_t i, double valence) {
    uint8_t i3 = w[i - 3].id, i2 = w[i - 2].id, i1 = w[i - 1].id, i0 = w[i].id;
    double v;
    /* The first of these sequences that is a special case sets the valence. */
    if (special_case_find(2, i1, i0, 0, &v) || special_case_find(3, i2, i1, i0, &v) ||
        special_case_find(2, i2, i1, 0, &v) || special_case_find(3, i3, i2, i1, &v) ||
        special_case_find(2, i3, i2, 0, &v))
        valence = v;
    if (n - 1 > i && special_case_find(2, i0, w[i + 1].id, 0, &v)) valence = v;
    if (n - 1 > i + 1 && special_case_find(3, i0, w[i + 1].id, w[i + 2].id, &v)) valence = v;
    /* Two-word dampeners just before the word add B_DECR whatever the sign. */
    if (is_bigram_dampener(i3, i2)) valence = valence + -B_INCR;
    if (is_bigram_dampener(i2, i1)) valence = valence + -B_INCR;
    return valence;
}

/* sentiment_valence for a word in the lexicon. */
static double word_valence(const vader_word *w, size_t n, size_t i, int cap_diff) {
    double valence = w[i].valence;
    /* "no" right before another lexicon word negates it instead of counting. */
    if (w[i].id == W_NO && i != n - 1 && (w[i + 1].flags & WF_LEXICON)) valence = 0.0;
    if ((i > 0 && w[i - 1].id == W_NO) || (i > 1 && w[i - 2].id == W_NO) ||
        (i > 2 && w[i - 3].id == W_NO && (w[i - 1].id == W_OR || w[i - 1].id == W_NOR)))
        valence = w[i].valence * N_SCALAR;
    if ((w[i].flags & WF_UPPER) && cap_diff) {
        if (valence > 0)
            valence += C_INCR;
        else
            valence -= C_INCR;
    }
    for (size_t dist = 1; dist <= 3; dist++) {
        if (i < dist || (w[i - dist].flags & WF_LEXICON)) continue;
        double s = booster_scalar(&w[i - dist], valence, cap_diff);
        if (dist == 2 && s != 0) s = s * 0.95;
        if (dist == 3 && s != 0) s = s * 0.9;
        valence = valence + s;
        valence = negation_check(w, i, dist, valence);
        if (dist == 3) valence = special_idioms_check(w, n, i, valence);
    }
    /* "least" negates, except in "at least" and "very least". */
    if (i > 1 && !(w[i - 1].flags & WF_LEXICON) && w[i - 1].id == W_LEAST) {
        if (w[i - 2].id != W_AT && w[i - 2].id != W_VERY) valence = valence * N_SCALAR;
    } else if (i > 0 && !(w[i - 1].flags & WF_LEXICON) && w[i - 1].id == W_LEAST) {
        valence = valence * N_SCALAR;
    }
    return valence;
}

/* _but_check, bug for bug: the reference walks the list and rescales the
 * FIRST element equal to the current one (list.index), so a repeated value
 * can be rescaled twice and a later one not at all. Zeros stay zero, so only
 * the nonzero positions take part. Scanning for that first element costs
 * O(m^2) on m sentiments ("good good good ... but"), harmless for a sentence
 * but a hang on a huge record, so past a few dozen sentiments the first
 * position holding each value comes from a min-heap per value instead. */

#define BUT_SCAN_MAX 64
#define NIL UINT32_MAX

/* Leftist heaps of positions (indices into the nonzero list): every
 * position sits in the heap of its current value. A leftist heap's right
 * spine is O(log m) long, which bounds the recursion of heap_merge. */
typedef struct value_slot {
    uint64_t key; /* a value's bits; 0 = empty (values are nonzero, so never +0.0) */
    uint32_t root;
} value_slot;

typedef struct value_heaps {
    uint32_t *left, *right;
    uint8_t *rank;
    value_slot *slots; /* value -> its heap; grows with the number of distinct values */
    size_t mask, used;
    ut_arena *scratch;
} value_heaps;

static uint32_t heap_merge(value_heaps *h, uint32_t a, uint32_t b) {
    if (a == NIL) return b;
    if (b == NIL) return a;
    if (a > b) {
        uint32_t t = a;
        a = b;
        b = t;
    }
    h->right[a] = heap_merge(h, h->right[a], b);
    uint32_t l = h->left[a], r = h->right[a]; /* r is not NIL: b was merged into it */
    if (l == NIL || h->rank[l] < h->rank[r]) {
        h->left[a] = r;
        h->right[a] = l;
    }
    h->rank[a] = (uint8_t)(h->right[a] == NIL ? 1 : h->rank[h->right[a]] + 1);
    return a;
}

static value_slot *slot_place(value_slot *slots, size_t mask, uint64_t key) {
    size_t i = (size_t)ut_hash_mix(key, 0x9e3779b97f4a7c15ull) & mask;
    while (slots[i].key && slots[i].key != key)
        i = (i + 1) & mask;
    return &slots[i];
}

/* The heap root of value `v`, an empty heap if the value is new; NULL when
 * out of memory. Doubles compare as Python floats do here: the values are
 * nonzero and never NaN, so equal values are equal bits. The pointer is
 * valid until the next call (the table may grow). */
static uint32_t *heap_of(value_heaps *h, double v) {
    uint64_t key;
    memcpy(&key, &v, sizeof key);
    value_slot *slot = slot_place(h->slots, h->mask, key);
    if (slot->key) return &slot->root;
    if ((h->used + 1) * 2 > h->mask + 1) { /* keep the table at most half full */
        size_t size = (h->mask + 1) * 2;
        value_slot *grown = ut_arena_alloc(h->scratch, size * sizeof *grown);
        if (!grown) return NULL;
        memset(grown, 0, size * sizeof *grown);
        for (size_t i = 0; i <= h->mask; i++)
            if (h->slots[i].key) *slot_place(grown, size - 1, h->slots[i].key) = h->slots[i];
        h->slots = grown;
        h->mask = size - 1;
        slot = slot_place(h->slots, h->mask, key);
    }
    h->used++;
    slot->key = key;
    slot->root = NIL;
    return &slot->root;
}

static int but_check_heaps(double *sent, const uint32_t *nonzero, size_t m, size_t but, ut_arena *scratch) {
    value_heaps h = {NULL, NULL, NULL, NULL, 255, 0, scratch};
    h.left = ut_arena_alloc(scratch, m * sizeof *h.left);
    h.right = ut_arena_alloc(scratch, m * sizeof *h.right);
    h.rank = ut_arena_alloc(scratch, m);
    h.slots = ut_arena_alloc(scratch, (h.mask + 1) * sizeof *h.slots);
    if (!h.left || !h.right || !h.rank || !h.slots) return UT_ENOMEM;
    memset(h.slots, 0, (h.mask + 1) * sizeof *h.slots);
    for (uint32_t k = 0; k < m; k++) {
        h.left[k] = h.right[k] = NIL;
        h.rank[k] = 1;
        uint32_t *root = heap_of(&h, sent[nonzero[k]]);
        if (!root) return UT_ENOMEM;
        *root = heap_merge(&h, *root, k);
    }
    for (uint32_t k = 0; k < m; k++) {
        double v = sent[nonzero[k]];
        uint32_t *root = heap_of(&h, v); /* present: position k holds v */
        uint32_t j = *root;              /* the first position holding v */
        size_t at = nonzero[j];
        if (at == but) continue;
        *root = heap_merge(&h, h.left[j], h.right[j]);
        h.left[j] = h.right[j] = NIL;
        h.rank[j] = 1;
        double rescaled = at < but ? v * 0.5 : v * 1.5;
        sent[at] = rescaled;
        root = heap_of(&h, rescaled);
        if (!root) return UT_ENOMEM;
        *root = heap_merge(&h, *root, j);
    }
    return 0;
}

static int but_check(const vader_word *w, size_t n, double *sent, uint32_t *nonzero, ut_arena *scratch) {
    size_t but = n;
    for (size_t i = 0; i < n; i++)
        if (w[i].id == W_BUT) {
            but = i;
            break;
        }
    if (but == n) return 0;
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (sent[i] != 0) nonzero[m++] = (uint32_t)i;
    if (m > BUT_SCAN_MAX) return but_check_heaps(sent, nonzero, m, but, scratch);
    for (size_t k = 0; k < m; k++) {
        double v = sent[nonzero[k]];
        size_t j = 0;
        while (sent[nonzero[j]] != v)
            j++;
        size_t at = nonzero[j];
        if (at < but)
            sent[at] = v * 0.5;
        else if (at > but)
            sent[at] = v * 1.5;
    }
    return 0;
}

/* Python's round(x, digits): the double nearest to x rounded in decimal,
 * decided on x's exact binary value. Away from a tie a scaled floor is
 * exact; near one the C library's correctly rounded printf decides. */
static double python_round(double x, int digits) {
    double scale = digits == 4 ? 1e4 : 1e3;
    double r = x * scale;
    double f = floor(r);
    double frac = r - f;
    double rounded;
    if (fabs(frac - 0.5) > 1e-6) {
        rounded = (frac < 0.5 ? f : f + 1) / scale;
    } else {
        char buf[48];
        snprintf(buf, sizeof buf, "%.*f", digits, x);
        rounded = strtod(buf, NULL);
    }
    return rounded == 0 ? copysign(0.0, x) : rounded; /* Python keeps the sign: round(-1e-9, 4) is -0.0 */
}

static double punctuation_emphasis(size_t exclaims, size_t questions) {
    double amplifier = (double)UT_MIN(exclaims, (size_t)4) * EP_INCR;
    if (questions > 1) amplifier = amplifier + (questions <= 3 ? (double)questions * QM_INCR : QM_MAX);
    return amplifier;
}

int ut_score_vader_text(const ut_scorer *s, const char *text, size_t len, ut_arena *scratch, ut_sentiment *out) {
    int rc = emoji_expand(s->lex, text, len, scratch, &text, &len);
    if (rc) return rc;
    /* lower() can grow a word (U+0130); 16 bytes of slack for rule_word_find */
    char *lower = ut_arena_alloc(scratch, len + len / 2 + 16);
    if (!lower) return UT_ENOMEM;
    word_list words = {NULL, 0, 0, 0, 0};
    if (len > (1u << 16)) {
        /* A long text pays one counting pass rather than the arena keeping
         * every outgrown copy of its word array. */
        words.cap = count_words(text, len);
        words.w = ut_arena_alloc(scratch, (words.cap ? words.cap : 1) * sizeof *words.w);
        if (!words.w) return UT_ENOMEM;
    }
    rc = fast_scan ? split_words(s, text, len, lower, scratch, &words, 1)
                   : split_words(s, text, len, lower, scratch, &words, 0);
    if (rc) return rc;
    size_t n = words.n;
    vader_word *w = words.w;
    if (n == 0) {
        /* The reference gives 0/0/0 here; the contract wants proportions
         * summing to 1, and a text without words is neutral. */
        out->compound = 0.0;
        out->positive = out->negative = 0.0;
        out->neutral = 1.0;
        return 0;
    }
    double *sent = ut_arena_alloc(scratch, n * sizeof *sent);
    uint32_t *nonzero = ut_arena_alloc(scratch, n * sizeof *nonzero);
    if (!sent || !nonzero) return UT_ENOMEM;
    if (n > UINT32_MAX) return ut_error_set(UT_EINVAL, "text has more than 2^32 words");

    /* allcap_differential: some but not all words are upper case. */
    size_t upper = 0;
    for (size_t i = 0; i < n; i++)
        upper += (w[i].flags & WF_UPPER) != 0;
    int cap_diff = upper > 0 && upper < n;

    for (size_t i = 0; i < n; i++) {
        sent[i] = 0.0;
        if (w[i].booster) continue; /* boosters carry no valence of their own */
        if (i < n - 1 && w[i].id == W_KIND && w[i + 1].id == W_OF) continue;
        if (w[i].flags & WF_LEXICON) sent[i] = word_valence(w, n, i, cap_diff);
    }
    rc = but_check(w, n, sent, nonzero, scratch);
    if (rc) return rc;

    /* score_valence: Python's sum() adds left to right. */
    double sum = 0.0;
    for (size_t i = 0; i < n; i++)
        sum += sent[i];
    double amplifier = punctuation_emphasis(words.exclaims, words.questions);
    if (sum > 0)
        sum += amplifier;
    else if (sum < 0)
        sum -= amplifier;
    double compound = sum / sqrt(sum * sum + 15);
    if (compound < -1.0) compound = -1.0;
    if (compound > 1.0) compound = 1.0;

    double pos_sum = 0.0, neg_sum = 0.0;
    size_t neu_count = 0;
    for (size_t i = 0; i < n; i++) {
        if (sent[i] > 0) pos_sum += sent[i] + 1; /* +1 and -1 stand for the word itself */
        if (sent[i] < 0) neg_sum += sent[i] - 1;
        if (sent[i] == 0) neu_count++;
    }
    if (pos_sum > fabs(neg_sum))
        pos_sum += amplifier;
    else if (pos_sum < fabs(neg_sum))
        neg_sum -= amplifier;
    double total = pos_sum + fabs(neg_sum) + (double)neu_count;
    out->compound = python_round(compound, 4);
    out->positive = python_round(fabs(pos_sum / total), 3);
    out->negative = python_round(fabs(neg_sum / total), 3);
    out->neutral = python_round(fabs((double)neu_count / total), 3);
    return 0;
}

/* ---- per-token valences for theme attribution ---------------------------
 * Theme attribution needs a valence per token, which the rules above, run
 * on the reference's words rather than on tokens, do not give. So under this
 * model a token's valence is its term's VADER lexicon valence (longest match
 * on the tokens, as the default model looks terms up), times N_SCALAR when
 * one of the three tokens before it in its clause is a VADER negation word
 * or ends in n't: the reference's negation, the one rule that turns a
 * theme's verdict around. Boosters, capitals and "but" weighting are left
 * out; the review's score stays ut_score_vader_text's. */

/* Whether token j is one of the reference's negation words. */
static int token_negates(const ut_scorer *s, const ut_tokens *t, uint32_t j) {
    const char *w = ut_token_norm(t, j);
    const size_t n = t->tok[j].norm_len;
    if (contains_nt(w, n)) return 1;
    if (n < RULE_WORD_MIN || n > RULE_WORD_MAX) return 0;
    char padded[16] = {0}; /* rule_word_find reads 16 bytes */
    memcpy(padded, w, n);
    const rule_word *r = rule_word_find(s, padded, n, t->tok[j].hash);
    return r && r->negates;
}

int ut_score_vader_tokens(const ut_scorer *s, const ut_tokens *t, ut_arena *scratch, ut_score_detail *detail) {
    float *valence = ut_arena_alloc(scratch, sizeof *valence * (t->n_tok + 1));
    float *clause_valence = ut_arena_alloc(scratch, sizeof *clause_valence * (t->n_clause + 1));
    ut_sentiment *sentence = ut_arena_alloc(scratch, sizeof *sentence * (t->n_sent + 1));
    const char **rule = ut_arena_alloc(scratch, sizeof *rule * (t->n_tok + 1));
    if (!valence || !clause_valence || !sentence || !rule) return UT_ENOMEM;
    memset(valence, 0, sizeof *valence * t->n_tok);
    memset(rule, 0, sizeof *rule * t->n_tok);
    for (uint32_t c = 0; c < t->n_clause; c++) {
        const ut_clause *cl = &t->clause[c];
        double sum = 0;
        for (uint32_t i = cl->tok_begin; i < cl->tok_end;) {
            float v;
            const uint32_t len = ut_lexicon_match(s->lex, t, i, cl->tok_end, &v);
            if (!len) {
                i++;
                continue;
            }
            const uint32_t from = i > cl->tok_begin + 3 ? i - 3 : cl->tok_begin;
            for (uint32_t j = from; j < i; j++) {
                if (token_negates(s, t, j)) {
                    v = (float)(v * N_SCALAR);
                    rule[i] = "negation";
                    break;
                }
            }
            valence[i] = v;
            sum += v;
            i += len;
        }
        clause_valence[c] = (float)sum;
    }
    /* Each sentence alone, with VADER's normalisation and proportions. */
    for (uint32_t k = 0; k < t->n_sent; k++) {
        double sum = 0, pos = 0, neg = 0, neu = 0;
        for (uint32_t i = t->sent[k].tok_begin; i < t->sent[k].tok_end; i++) {
            const double v = valence[i];
            sum += v;
            if (v > 0)
                pos += v + 1;
            else if (v < 0)
                neg += 1 - v;
            else
                neu += 1;
        }
        const double total = pos + neg + neu;
        sentence[k].compound = ut_normalize_valence(sum);
        sentence[k].positive = total > 0 ? pos / total : 0.0;
        sentence[k].negative = total > 0 ? neg / total : 0.0;
        sentence[k].neutral = total > 0 ? neu / total : 1.0;
    }
    detail->token_valence = valence;
    detail->clause_valence = clause_valence;
    detail->sentence = sentence;
    detail->token_rule = rule;
    return 0;
}

uint64_t ut_vader_words_digest(const ut_scorer *s, const char *text, size_t len, ut_arena *scratch) {
    char *lower = ut_arena_alloc(scratch, len + len / 2 + 16);
    if (!lower) return 0;
    word_list words = {NULL, 0, 0, 0, 0};
    int rc = fast_scan ? split_words(s, text, len, lower, scratch, &words, 1)
                       : split_words(s, text, len, lower, scratch, &words, 0);
    if (rc) return 0;
    uint64_t h = ut_hash_combine(ut_hash_combine(words.n, words.exclaims), words.questions);
    for (size_t i = 0; i < words.n; i++) {
        uint64_t bits;
        memcpy(&bits, &words.w[i].valence, sizeof bits);
        uint64_t tag = words.w[i].id | (uint64_t)(uint8_t)words.w[i].booster << 8 | (uint64_t)words.w[i].flags << 16;
        h = ut_hash_combine(ut_hash_combine(h, bits), tag);
    }
    return h;
}
