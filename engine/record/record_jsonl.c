/* record_jsonl.c — JSON lines: one JSON object per line, and the selected
 * top-level keys pulled out of it.
 *
 * The idea: most of a review object is keys nobody asked for, so skipping
 * must be cheap. A string is skipped by jumping 16 bytes at a time to the
 * next quote or backslash (a backslash skips the byte after it); only
 * the values of wanted keys are decoded, and a value without a backslash is
 * borrowed from the input rather than copied. Nested arrays and objects are
 * skipped by an iterative loop with an explicit bit stack (object or array
 * per level), so a hostile line nested a million deep costs no C stack: it
 * is cut off at UT_JSON_MAX_DEPTH. Structure, numbers and literals are
 * checked strictly; inside strings that are skipped, escapes are not
 * checked (a wanted string's escapes are). */
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "util/common.h"
#include "record/record_internal.h"

static inline const char *skip_ws(const char *p, const char *end) {
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
        p++;
    return p;
}

static inline int is_digit(char c) {
    return c >= '0' && c <= '9';
}

/* The first '"' or '\\' in [p, end), or end. Strings in review objects
 * are mostly short keys and values, where a library memchr call costs more
 * than the scan; 16 bytes per step with SSE2 (plain loop as the twin). */
static inline const char *find_quote_or_backslash(const char *p, const char *end) {
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\');
    while (end - p >= 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
        int m = _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)));
        if (m) return p + __builtin_ctz((unsigned)m);
        p += 16;
    }
#endif
    while (p < end && *p != '"' && *p != '\\')
        p++;
    return p;
}

/* `body` is just past an opening quote: the closing quote, or NULL.
 * *escaped tells whether the string holds a backslash escape. */
static inline const char *string_end(const char *body, const char *end, int *escaped) {
    const char *s = body;
    int esc = 0;
    for (;;) {
        s = find_quote_or_backslash(s, end);
        if (s >= end) return NULL;
        if (*s == '"') {
            *escaped = esc;
            return s;
        }
        esc = 1;
        s += 2; /* the backslash and the byte it escapes */
    }
}

/* The end of a JSON number at p, or NULL if there is none. */
static const char *number_end(const char *p, const char *end) {
    if (p < end && *p == '-') p++;
    if (p >= end) return NULL;
    if (*p == '0')
        p++;
    else if (*p >= '1' && *p <= '9')
        while (p < end && is_digit(*p))
            p++;
    else
        return NULL;
    if (p < end && *p == '.') {
        p++;
        if (p >= end || !is_digit(*p)) return NULL;
        while (p < end && is_digit(*p))
            p++;
    }
    if (p < end && (*p == 'e' || *p == 'E')) {
        p++;
        if (p < end && (*p == '+' || *p == '-')) p++;
        if (p >= end || !is_digit(*p)) return NULL;
        while (p < end && is_digit(*p))
            p++;
    }
    return p;
}

static const char *literal_end(const char *p, const char *end) {
    static const char *const words[3] = {"true", "false", "null"};
    for (int i = 0; i < 3; i++) {
        size_t n = strlen(words[i]);
        if ((size_t)(end - p) >= n && memcmp(p, words[i], n) == 0) return p + n;
    }
    return NULL;
}

/* A scalar (string, number, literal) at p: its end, or NULL. */
static const char *scalar_end(const char *p, const char *end) {
    if (*p == '"') {
        int escaped;
        const char *q = string_end(p + 1, end, &escaped);
        return q ? q + 1 : NULL;
    }
    if (*p == '-' || is_digit(*p)) return number_end(p, end);
    return literal_end(p, end);
}

/* p at a member's key inside an object: past `"key" :` and whitespace. */
static const char *member_value(const char *p, const char *end) {
    if (p >= end || *p != '"') return NULL;
    int escaped;
    const char *q = string_end(p + 1, end, &escaped);
    if (!q) return NULL;
    p = skip_ws(q + 1, end);
    if (p >= end || *p != ':') return NULL;
    return skip_ws(p + 1, end);
}

/* Skips the value at p (no leading whitespace) that sits inside `depth`
 * enclosing containers. Returns its end, or NULL with *bad set. */
static const char *skip_value(const char *p, const char *end, int depth, ut_bad_reason *bad) {
    uint64_t is_object[UT_JSON_MAX_DEPTH / 64 + 1];
    int d = 0; /* containers opened inside this value */
    for (;;) {
        /* Expecting a value at p. */
        if (p >= end) goto syntax;
        char c = *p;
        if (c == '{' || c == '[') {
            if (depth + d + 1 > UT_JSON_MAX_DEPTH) {
                *bad = UT_BAD_JSON_DEPTH;
                return NULL;
            }
            uint64_t bit = (uint64_t)1 << (d & 63);
            if (c == '{')
                is_object[d >> 6] |= bit;
            else
                is_object[d >> 6] &= ~bit;
            d++;
            p = skip_ws(p + 1, end);
            if (p < end && *p == (c == '{' ? '}' : ']')) {
                p++;
                d--;
            } else {
                if (c == '{' && !(p = member_value(p, end))) goto syntax;
                continue;
            }
        } else {
            p = scalar_end(p, end);
            if (!p) goto syntax;
        }
        /* After a value: close containers until one continues with ','. */
        for (;;) {
            if (d == 0) return p;
            p = skip_ws(p, end);
            if (p >= end) goto syntax;
            int obj = (int)((is_object[(d - 1) >> 6] >> ((d - 1) & 63)) & 1);
            if (*p == ',') {
                p = skip_ws(p + 1, end);
                if (obj && !(p = member_value(p, end))) goto syntax;
                break;
            }
            if (*p != (obj ? '}' : ']')) goto syntax;
            p++;
            d--;
        }
    }
syntax:
    *bad = UT_BAD_JSON_SYNTAX;
    return NULL;
}

static int hex4(const char *s) {
    int v = 0;
    for (int i = 0; i < 4; i++) {
        char c = s[i];
        int d;
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if (c >= 'a' && c <= 'f')
            d = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            d = c - 'A' + 10;
        else
            return -1;
        v = v * 16 + d;
    }
    return v;
}

/* Decodes the string body s[0, n) into dst (n bytes suffice: no escape
 * decodes longer than it is written). Surrogate pairs become one code
 * point; a lone surrogate becomes U+FFFD. Returns the length or -1. */
static long decode_string(const char *s, size_t n, char *dst) {
    size_t i = 0, k = 0;
    while (i < n) {
        const char *b = memchr(s + i, '\\', n - i);
        size_t run = b ? (size_t)(b - (s + i)) : n - i;
        memcpy(dst + k, s + i, run);
        k += run;
        i += run;
        if (!b) break;
        if (i + 1 >= n) return -1;
        char e = s[i + 1];
        i += 2;
        switch (e) {
        case '"':
        case '\\':
        case '/':
            dst[k++] = e;
            break;
        case 'b':
            dst[k++] = '\b';
            break;
        case 'f':
            dst[k++] = '\f';
            break;
        case 'n':
            dst[k++] = '\n';
            break;
        case 'r':
            dst[k++] = '\r';
            break;
        case 't':
            dst[k++] = '\t';
            break;
        case 'u': {
            if (n - i < 4) return -1;
            int cp = hex4(s + i);
            if (cp < 0) return -1;
            i += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                int lo = -1;
                if (n - i >= 6 && s[i] == '\\' && s[i + 1] == 'u') {
                    lo = hex4(s + i + 2);
                    if (lo < 0) return -1;
                }
                if (lo >= 0xDC00 && lo <= 0xDFFF) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    i += 6;
                } else {
                    cp = 0xFFFD; /* a following non-low escape is decoded on its own */
                }
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                cp = 0xFFFD;
            }
            k += ut_utf8_put(dst + k, (uint32_t)cp);
            break;
        }
        default:
            return -1;
        }
    }
    return (long)k;
}

/* Reads the value of a wanted key at p into *v (null: not present).
 * Returns its end, or NULL with *bad set. */
static const char *read_value(const char *p, const char *end, ut_field_value *v, ut_arena *scratch,
                              ut_bad_reason *bad) {
    char c = *p;
    if (c == '"') {
        int escaped;
        const char *q = string_end(p + 1, end, &escaped);
        if (!q) goto syntax;
        size_t n = (size_t)(q - (p + 1));
        v->present = 1;
        v->data = p + 1;
        v->len = n;
        if (escaped) {
            char *dst = ut_arena_alloc(scratch, n);
            if (!dst) {
                *bad = UT_BAD_NONE;
                return NULL;
            }
            long k = decode_string(p + 1, n, dst);
            if (k < 0) goto syntax;
            v->data = dst;
            v->len = (size_t)k;
        }
        return q + 1;
    }
    const char *e;
    if (c == '{' || c == '[') {
        e = skip_value(p, end, 1, bad); /* the raw JSON text is the value */
        if (!e) return NULL;
    } else {
        e = scalar_end(p, end);
        if (!e) goto syntax;
        if (c == 'n') {
            v->present = 0; /* null: as if the key were absent */
            return e;
        }
    }
    v->present = 1;
    v->data = p;
    v->len = (size_t)(e - p);
    return e;
syntax:
    *bad = UT_BAD_JSON_SYNTAX;
    return NULL;
}

/* The slots wanting key k (the key_index-th, 1-based) with match quality
 * (3 position, 2 exact, 1 ignoring case). Returns how many. */
static int match_key(const ut_record_parser *p, const char *k, size_t klen, int escaped, int key_index, int *slots,
                     int *quality) {
    int n = 0;
    char decoded[256];
    if (UT_UNLIKELY(escaped && klen <= sizeof decoded)) {
        long dl = decode_string(k, klen, decoded);
        if (dl >= 0) {
            k = decoded;
            klen = (size_t)dl;
        }
    }
    uint32_t signature = ut_key_signature(k, klen);
    for (uint32_t set = p->key_bucket[ut_key_bucket(signature)]; set; set &= set - 1) {
        const ut_json_key *key = &p->keys[__builtin_ctz(set)];
        if (key->signature != signature) continue;
        int q = ut_record_name_match(k, klen, key->name, key->len);
        if (q) {
            slots[n] = key->slot;
            quality[n++] = q;
        }
    }
    if (p->any_column_ref)
        for (int r = 0; r < p->n_roles; r++)
            if (!p->name[r] && p->column[r] == key_index) {
                slots[n] = r;
                quality[n++] = 3;
            }
    return n;
}

int ut_jsonl_fields(const ut_record_parser *p, const char *s, size_t n, ut_record *rec, ut_arena *scratch,
                    ut_bad_reason *bad) {
    const char *end = s + n;
    const char *c = skip_ws(s, end);
    if (c >= end || *c != '{') {
        /* A well-formed value that is not an object is told apart from
         * text that is not JSON at all. */
        ut_bad_reason why = UT_BAD_JSON_SYNTAX;
        const char *e = c < end ? skip_value(c, end, 0, &why) : NULL;
        *bad = (e && skip_ws(e, end) == end) ? UT_BAD_NOT_OBJECT : why;
        return -1;
    }
    ut_field_value defaults[UT_JSON_DEFAULTS];
    int best[UT_JSON_SLOTS] = {0};
    if (p->text_by_default || p->id_by_default) memset(defaults, 0, sizeof defaults);
    c = skip_ws(c + 1, end);
    if (c < end && *c == '}') {
        c++;
    } else {
        for (int key_index = 1;; key_index++) {
            if (c >= end || *c != '"') goto syntax;
            int key_escaped;
            const char *key = c + 1, *key_end = string_end(key, end, &key_escaped);
            if (!key_end) goto syntax;
            c = skip_ws(key_end + 1, end);
            if (c >= end || *c != ':') goto syntax;
            c = skip_ws(c + 1, end);
            if (c >= end) goto syntax;
            int slots[UT_JSON_SLOTS + UT_ROLE_COUNT], quality[UT_JSON_SLOTS + UT_ROLE_COUNT];
            int matches = match_key(p, key, (size_t)(key_end - key), key_escaped, key_index, slots, quality);
            if (matches == 0) {
                c = skip_value(c, end, 1, bad);
                if (!c) return -1;
            } else {
                ut_field_value v = {0};
                c = read_value(c, end, &v, scratch, bad);
                if (!c) return -1;
                /* Duplicate keys: the last wins, but a name matched exactly
                 * is not overridden by one matched only ignoring case. */
                for (int m = 0; m < matches; m++) {
                    int slot = slots[m];
                    if (quality[m] < best[slot]) continue;
                    best[slot] = quality[m];
                    if (slot < UT_ROLE_COUNT)
                        rec->field[slot] = v;
                    else
                        defaults[slot - UT_ROLE_COUNT] = v;
                }
            }
            c = skip_ws(c, end);
            if (c < end && *c == ',') {
                c = skip_ws(c + 1, end);
                continue;
            }
            if (c < end && *c == '}') {
                c++;
                break;
            }
            goto syntax;
        }
    }
    if (skip_ws(c, end) != end) goto syntax;
    if (p->text_by_default)
        for (int k = 0; k < UT_DEFAULT_TEXT_COUNT; k++)
            if (defaults[k].present) {
                rec->field[UT_ROLE_TEXT] = defaults[k];
                break;
            }
    if (p->id_by_default)
        for (int k = UT_DEFAULT_TEXT_COUNT; k < UT_JSON_DEFAULTS; k++)
            if (defaults[k].present) {
                rec->field[UT_ROLE_ID] = defaults[k];
                break;
            }
    return 0;
syntax:
    *bad = UT_BAD_JSON_SYNTAX;
    return -1;
}

int ut_jsonl_keys(const char *s, size_t n, void (*visit)(void *ctx, const char *key, size_t len), void *ctx) {
    const char *end = s + n;
    const char *c = skip_ws(s, end);
    if (c >= end || *c != '{') return -1;
    c = skip_ws(c + 1, end);
    if (c < end && *c == '}') return 0;
    for (;;) {
        if (c >= end || *c != '"') return -1;
        int escaped;
        const char *key = c + 1, *key_end = string_end(key, end, &escaped);
        if (!key_end) return -1;
        c = skip_ws(key_end + 1, end);
        if (c >= end || *c != ':') return -1;
        visit(ctx, key, (size_t)(key_end - key));
        ut_bad_reason why;
        c = skip_value(skip_ws(c + 1, end), end, 1, &why);
        if (!c) return -1;
        c = skip_ws(c, end);
        if (c < end && *c == ',') {
            c = skip_ws(c + 1, end);
            continue;
        }
        return c < end && *c == '}' ? 0 : -1;
    }
}
