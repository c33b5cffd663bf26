/* tokenizer_unicode.c — the tokenizer's non-ASCII side: UTF-8 decoding with
 * the Unicode "maximal subpart" rule, the role of each non-ASCII code point,
 * emoji clusters, and NFKC case folding through utf8proc.
 *
 * The idea: review text is mostly ASCII, so the scanner only comes here at a
 * byte >= 0x80, and utf8proc (the one module allowed to use it) is called
 * only for words that really contain non-ASCII letters. Normalisation goes
 * through utf8proc_decompose_custom into a stack buffer, never malloc. */
#include <string.h>
#include <utf8proc.h>

#include "text/charclass.h"
#include "util/common.h"
#include "text/tokenizer.h"
#include "text/tokenizer_internal.h"

size_t ut_utf8_decode(const uint8_t *p, size_t avail, int32_t *cp) {
    uint8_t b0 = p[0];
    if (b0 < 0x80) {
        *cp = b0;
        return 1;
    }
    /* Table 3-7 of the Unicode standard: the second byte's range depends on
     * the lead byte; that is what rejects overlongs, surrogates and > U+10FFFF. */
    size_t need;
    int32_t c;
    uint8_t lo = 0x80, hi = 0xBF;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        need = 1;
        c = b0 & 0x1F;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        need = 2;
        c = b0 & 0x0F;
        if (b0 == 0xE0) lo = 0xA0;
        if (b0 == 0xED) hi = 0x9F;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        need = 3;
        c = b0 & 0x07;
        if (b0 == 0xF0) lo = 0x90;
        if (b0 == 0xF4) hi = 0x8F;
    } else {
        *cp = -1;
        return 1;
    }
    for (size_t k = 1; k <= need; k++) {
        if (k >= avail || p[k] < lo || p[k] > hi) {
            *cp = -1;
            return k;
        }
        lo = 0x80;
        hi = 0xBF;
        c = (c << 6) | (p[k] & 0x3F);
    }
    *cp = c;
    return need + 1;
}

static int is_ideograph(int32_t cp) {
    return (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x31F0 && cp <= 0x31FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
           (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFF66 && cp <= 0xFF9F) ||
           (cp >= 0x20000 && cp <= 0x3FFFF);
}

static int is_pictographic(const utf8proc_property_t *prop) {
    return prop->boundclass == UTF8PROC_BOUNDCLASS_EXTENDED_PICTOGRAPHIC ||
           prop->boundclass == UTF8PROC_BOUNDCLASS_E_ZWG || prop->boundclass == UTF8PROC_BOUNDCLASS_E_BASE ||
           prop->boundclass == UTF8PROC_BOUNDCLASS_E_BASE_GAZ || prop->boundclass == UTF8PROC_BOUNDCLASS_GLUE_AFTER_ZWJ;
}

ut_uclass ut_unicode_class(int32_t cp) {
    switch (cp) {
    case 0x2019:
    case 0x02BC:
        return UT_UC_APOSTROPHE;
    case 0x0085:
    case 0x2028:
    case 0x2029:
        return UT_UC_NEWLINE;
    case 0x200B:
    case 0xFEFF:
        return UT_UC_SPACE;
    case 0x00AD:
    case 0x200C:
    case 0x200D:
        return UT_UC_MARK;
    case 0x2026:
    case 0x3002:
    case 0xFF0E:
    case 0xFF61:
        return UT_UC_FULL_STOP;
    case 0xFF01:
        return UT_UC_EXCLAIM;
    case 0xFF1F:
    case 0x2047:
        return UT_UC_QUESTION;
    case 0x203C:
        return UT_UC_DOUBLE_EXCLAIM;
    case 0x2048:
    case 0x2049:
        return UT_UC_EXCLAIM_QUESTION;
    case 0xFF0C:
    case 0x3001:
    case 0xFF64:
        return UT_UC_COMMA;
    case 0x2013:
    case 0x2014:
    case 0x2015:
    case 0xFF1B:
    case 0xFF1A:
    case 0xFF08:
    case 0xFF09:
    case 0x3010:
    case 0x3011:
        return UT_UC_SEMICOLON;
    /* Pictographic by Unicode's data but text in reviews ("Brand(R)"): not emoji. */
    case 0x00A9:
    case 0x00AE:
    case 0x2122:
        return UT_UC_OTHER;
    }
    if (is_ideograph(cp)) return UT_UC_IDEOGRAPH;
    const utf8proc_property_t *prop = utf8proc_get_property(cp);
    if (is_pictographic(prop) || prop->boundclass == UTF8PROC_BOUNDCLASS_REGIONAL_INDICATOR) return UT_UC_EMOJI;
    switch (prop->category) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LT:
        return UT_UC_UPPER;
    case UTF8PROC_CATEGORY_LL:
        return UT_UC_LOWER;
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_ND:
        return UT_UC_LETTER;
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
        return UT_UC_MARK;
    case UTF8PROC_CATEGORY_SC:
        return UT_UC_CURRENCY;
    case UTF8PROC_CATEGORY_ZS:
        return UT_UC_SPACE;
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP:
        return UT_UC_NEWLINE;
    default:
        return UT_UC_OTHER;
    }
}

/* Skin tones, variation selectors, tags, combining keycap: what may follow
 * an emoji inside one cluster. */
static int is_emoji_extend(int32_t cp) {
    if (cp >= 0x1F3FB && cp <= 0x1F3FF) return 1;
    const utf8proc_property_t *prop = utf8proc_get_property(cp);
    return prop->boundclass == UTF8PROC_BOUNDCLASS_EXTEND || prop->boundclass == UTF8PROC_BOUNDCLASS_E_MODIFIER;
}

static int is_regional_indicator(int32_t cp) {
    return cp >= 0x1F1E6 && cp <= 0x1F1FF;
}

size_t ut_emoji_cluster_len(const uint8_t *p, size_t avail, size_t first_len) {
    int32_t cp;
    size_t i = first_len;
    ut_utf8_decode(p, avail, &cp);
    if (is_regional_indicator(cp)) {
        /* A flag is exactly two regional indicators; a third starts a new flag. */
        int32_t second;
        if (i < avail) {
            size_t n = ut_utf8_decode(p + i, avail - i, &second);
            if (second >= 0 && is_regional_indicator(second)) i += n;
        }
        return i;
    }
    while (i < avail) {
        size_t n = ut_utf8_decode(p + i, avail - i, &cp);
        if (cp < 0) break;
        if (is_emoji_extend(cp)) {
            i += n;
            continue;
        }
        if (cp == 0x200D && i + n < avail) {
            int32_t joined;
            size_t m = ut_utf8_decode(p + i + n, avail - i - n, &joined);
            if (joined >= 0 && is_pictographic(utf8proc_get_property(joined))) {
                i += n + m;
                continue;
            }
        }
        break;
    }
    return i;
}

size_t ut_emoji_normalize(const uint8_t *src, size_t len, char *dst, size_t cap) {
    size_t out = 0;
    for (size_t i = 0; i < len;) {
        /* U+FE0E / U+FE0F are EF B8 8E / EF B8 8F: presentation only, so "❤" and "❤️" are one key. */
        if (i + 2 < len && src[i] == 0xEF && src[i + 1] == 0xB8 && (src[i + 2] == 0x8E || src[i + 2] == 0x8F)) {
            i += 3;
            continue;
        }
        if (out >= cap) return 0;
        dst[out++] = (char)src[i++];
    }
    return out;
}

static utf8proc_int32_t map_apostrophe(utf8proc_int32_t cp, void *data) {
    (void)data;
    return (cp == 0x2019 || cp == 0x02BC) ? '\'' : cp;
}

/* Code points a normalised word may take before NFKC; words are capped at
 * UT_TOKEN_MAX_NORM bytes, and the few characters that expand most (U+FDFA
 * to 18) cannot overflow 4 * that many. */
#define NFKC_BUF_CPS (4 * (UT_TOKEN_MAX_NORM + 1))

size_t ut_nfkc_casefold(const uint8_t *src, size_t len, char *dst, size_t cap) {
    utf8proc_int32_t buf[NFKC_BUF_CPS];
    const utf8proc_option_t opts =
        UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_IGNORE;
    utf8proc_ssize_t n =
        utf8proc_decompose_custom(src, (utf8proc_ssize_t)len, buf, NFKC_BUF_CPS, opts, map_apostrophe, NULL);
    if (n < 0 || n > NFKC_BUF_CPS) return UT_NFKC_FAIL;
    /* Re-encodes in place: UTF-8 never needs more than the 4 bytes per code point the buffer holds. */
    n = utf8proc_reencode(buf, n, opts);
    if (n < 0 || (size_t)n > cap) return UT_NFKC_FAIL;
    memcpy(dst, buf, (size_t)n);
    return (size_t)n;
}

size_t ut_word_normalize(const char *word, size_t len, char *dst, size_t dst_cap) {
    const uint8_t *p = (const uint8_t *)word;
    size_t out = 0;
    if (len == 0) return 0;
    if (ut_is_emoticon(word, len)) {
        if (len > dst_cap) return 0;
        memcpy(dst, word, len);
        out = len;
        goto done;
    }
    size_t ascii = 0;
    while (ascii < len && p[ascii] < 0x80)
        ascii++;
    if (ascii == len) {
        if (len > dst_cap) return 0;
        for (size_t i = 0; i < len; i++)
            dst[i] = (char)ut_ascii_lower[p[i]];
        out = len;
        goto done;
    }
    /* Mixed: emoji clusters keep their bytes (less variation selectors) as
     * tokens do; every other stretch is NFKC case folded; ill-formed bytes
     * are dropped as the tokenizer drops them. */
    for (size_t i = 0; i < len;) {
        int32_t cp;
        size_t n = ut_utf8_decode(p + i, len - i, &cp);
        if (cp < 0) {
            i += n;
            continue;
        }
        size_t w;
        if (cp >= 0x80 && ut_unicode_class(cp) == UT_UC_EMOJI) {
            size_t m = ut_emoji_cluster_len(p + i, len - i, n);
            w = ut_emoji_normalize(p + i, m, dst + out, dst_cap - out);
            if (w == 0 && m) return 0;
            i += m;
        } else {
            size_t j = i + n;
            while (j < len) {
                int32_t next;
                size_t k = ut_utf8_decode(p + j, len - j, &next);
                if (next < 0 || (next >= 0x80 && ut_unicode_class(next) == UT_UC_EMOJI)) break;
                j += k;
            }
            w = ut_nfkc_casefold(p + i, j - i, dst + out, dst_cap - out);
            if (w == UT_NFKC_FAIL) return 0;
            i = j;
        }
        out += w;
    }
done:
    if (out < dst_cap) dst[out] = '\0';
    return out;
}
