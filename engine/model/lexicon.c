/* lexicon.c — sentiment lexicons: the three file formats, overlaying, and
 * the hash table every look-up goes through.
 *
 * The idea: a term is stored under the 64-bit hash of its normalised words
 * (ut_hash_bytes for one word, ut_hash_combine chained over the words of a
 * phrase), the same hash the tokenizer puts on each token, so scoring a token
 * costs one probe of an open-addressing table and never compares strings. A
 * phrase's first word carries the length of the longest phrase starting with
 * it, so matching tries phrases only where one can start.
 *
 * Each slot keeps two valences. `valence` is the latest entry under the key,
 * however the term was spelled: overlay semantics for the default model.
 * `exact_valence` is the latest entry whose term was written in normal form:
 * what the VADER reference returns, because its dictionary is keyed by the
 * file's terms as written and probed with lower-cased words (so ":P" 1.4 is
 * unreachable there and ":p" 1.0 is what ":P" in a text scores).
 *
 * Speed (docs/performance.md): scoring probes this table once or more
 * per token, so the probed part is kept small. A slot is 16 bytes (key,
 * the valence as the float every caller receives, flags); the doubles live
 * in a parallel array read only by the VADER look-up and the fingerprint.
 * Every proper prefix of a phrase is a key too (a marker with no valence),
 * so phrase matching stops at the first missing prefix instead of probing
 * every length up to the longest phrase of its first word. And an 8 KiB bit
 * filter, two bits per key, turns most words that start no term away with
 * one L1 load before the table is touched. */
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/common.h"
#include "util/hash.h"
#include "model/lexicon.h"
#include "model/lexicon_internal.h"

/* Longest normalised word we keep; longer words are rejected as malformed. */
#define WORD_MAX 512

int ut_lexicon_new(ut_lexicon **out) {
    *out = ut_calloc(1, sizeof **out);
    return *out ? 0 : UT_ENOMEM;
}

void ut_lexicon_free(ut_lexicon *lex) {
    if (!lex) return;
    free(lex->slots);
    free(lex->values);
    free(lex->emoji);
    free(lex->emoji_text);
    free(lex);
}

size_t ut_lexicon_size(const ut_lexicon *lex) {
    return lex->terms;
}

/* ---- the table ---------------------------------------------------------- */

static inline const ut_lex_slot *slot_find(const ut_lexicon *lex, uint64_t key) {
    return ut_key_filter_maybe(lex->filter, key) ? ut_lex_probe(lex, key) : NULL;
}

static size_t slot_place(const ut_lex_slot *slots, size_t capacity, uint64_t key) {
    size_t mask = capacity - 1;
    size_t i = (size_t)key & mask;
    while ((slots[i].flags & UT_LEX_SLOT_USED) && slots[i].key != key)
        i = (i + 1) & mask;
    return i;
}

/* Keeps the load factor at most 1/2 so probe sequences stay short. */
static int table_reserve(ut_lexicon *lex, size_t need) {
    if (need * 2 <= lex->capacity) return 0;
    size_t capacity = lex->capacity ? lex->capacity * 2 : 256;
    while (need * 2 > capacity)
        capacity *= 2;
    ut_lex_slot *slots = ut_calloc(capacity, sizeof *slots);
    ut_lex_values *values = ut_calloc(capacity, sizeof *values);
    if (!slots || !values) {
        free(slots);
        free(values);
        return UT_ENOMEM;
    }
    for (size_t i = 0; i < lex->capacity; i++) {
        if (!(lex->slots[i].flags & UT_LEX_SLOT_USED)) continue;
        const size_t k = slot_place(slots, capacity, lex->slots[i].key);
        slots[k] = lex->slots[i];
        values[k] = lex->values[i];
    }
    free(lex->slots);
    free(lex->values);
    lex->slots = slots;
    lex->values = values;
    lex->capacity = capacity;
    return 0;
}

/* The index of the slot for `key`, created empty if absent; SIZE_MAX on
 * allocation failure. Valid until the next call (the table may grow). */
static size_t slot_upsert(ut_lexicon *lex, uint64_t key) {
    if (table_reserve(lex, lex->used + 1)) return SIZE_MAX;
    const size_t i = slot_place(lex->slots, lex->capacity, key);
    ut_lex_slot *s = &lex->slots[i];
    if (!(s->flags & UT_LEX_SLOT_USED)) {
        memset(s, 0, sizeof *s);
        memset(&lex->values[i], 0, sizeof lex->values[i]);
        s->key = key;
        s->flags = UT_LEX_SLOT_USED;
        ut_key_filter_add(lex->filter, key);
        lex->used++;
    }
    return i;
}

/* ---- terms -------------------------------------------------------------- */

static int is_term_space(char c) {
    return c == ' ' || c == '\t';
}

/* Hashes the words of `term` as the tokenizer would hash its tokens. Sets
 * *n_words, *first (first word's hash), *key (the term's key) and
 * *canonical (every word already in normal form); with `prefix`, also
 * prefix[k] = the key of the first k+1 words. */
static int term_key(const char *term, size_t len, unsigned *n_words, uint64_t *first, uint64_t *key, int *canonical,
                    uint64_t prefix[UT_LEXICON_MAX_WORDS], uint64_t *second) {
    char norm[WORD_MAX];
    unsigned n = 0;
    *canonical = 1;
    size_t i = 0;
    while (i < len) {
        while (i < len && is_term_space(term[i]))
            i++;
        if (i == len) break;
        size_t start = i;
        while (i < len && !is_term_space(term[i]))
            i++;
        if (n == UT_LEXICON_MAX_WORDS)
            return ut_error_set(UT_EINVAL, "term has more than %d words", UT_LEXICON_MAX_WORDS);
        size_t norm_len = ut_word_normalize(term + start, i - start, norm, sizeof norm);
        if (norm_len == 0) return ut_error_set(UT_EINVAL, "word too long or not normalisable");
        if (norm_len != i - start || memcmp(norm, term + start, norm_len) != 0) *canonical = 0;
        uint64_t h = ut_hash_bytes(norm, norm_len);
        if (n == 0) {
            *first = h;
            *key = h;
        } else {
            *key = ut_hash_combine(*key, h);
        }
        if (prefix) prefix[n] = *key;
        if (n == 1 && second) *second = h;
        n++;
    }
    if (n == 0) return ut_error_set(UT_EINVAL, "empty term");
    *n_words = n;
    return 0;
}

static int term_add(ut_lexicon *lex, const char *term, size_t len, double valence) {
    if (lex->frozen) return ut_error_set(UT_EINVAL, "lexicon is frozen; terms can no longer be added");
    unsigned n_words;
    uint64_t first, key, prefix[UT_LEXICON_MAX_WORDS];
    int canonical;
    uint64_t second = 0;
    int rc = term_key(term, len, &n_words, &first, &key, &canonical, prefix, &second);
    if (rc) return rc;
    if (n_words > 1) {
        const size_t head = slot_upsert(lex, first);
        if (head == SIZE_MAX) return UT_ENOMEM;
        if (lex->slots[head].max_words < n_words) lex->slots[head].max_words = (uint8_t)n_words;
        lex->slots[head].next_words |= (uint16_t)ut_lex_next_bit(second);
        /* the inner prefixes as markers: matching stops where one is missing */
        for (unsigned k = 1; k + 1 < n_words; k++)
            if (slot_upsert(lex, prefix[k]) == SIZE_MAX) return UT_ENOMEM;
    }
    const size_t i = slot_upsert(lex, key);
    if (i == SIZE_MAX) return UT_ENOMEM;
    ut_lex_slot *s = &lex->slots[i];
    if (!(s->flags & UT_LEX_SLOT_VALENCE)) lex->terms++;
    s->flags |= UT_LEX_SLOT_VALENCE;
    s->valence = (float)valence;
    lex->values[i].valence = valence;
    if (canonical) {
        s->flags |= UT_LEX_SLOT_EXACT;
        lex->values[i].exact_valence = valence;
    }
    if (s->max_words < 1) s->max_words = 1;
    return 0;
}

int ut_lexicon_add(ut_lexicon *lex, const char *term, size_t len, float valence) {
    return term_add(lex, term, len, (double)valence);
}

int ut_lexicon_freeze(ut_lexicon *lex) {
    lex->frozen = 1;
    return 0;
}

/* ---- emoji descriptions ------------------------------------------------- */

static ut_lex_emoji_slot *emoji_place(ut_lex_emoji_slot *slots, size_t capacity, uint32_t codepoint) {
    size_t mask = capacity - 1;
    size_t i = (size_t)ut_hash_mix(codepoint, 0x9e3779b97f4a7c15ull) & mask;
    while (slots[i].codepoint && slots[i].codepoint != codepoint)
        i = (i + 1) & mask;
    return &slots[i];
}

static int emoji_add(ut_lexicon *lex, uint32_t codepoint, const char *desc, size_t len) {
    if ((lex->emoji_count + 1) * 2 > lex->emoji_capacity) {
        size_t capacity = lex->emoji_capacity ? lex->emoji_capacity * 2 : 1024;
        ut_lex_emoji_slot *slots = ut_calloc(capacity, sizeof *slots);
        if (!slots) return UT_ENOMEM;
        for (size_t i = 0; i < lex->emoji_capacity; i++)
            if (lex->emoji[i].codepoint) *emoji_place(slots, capacity, lex->emoji[i].codepoint) = lex->emoji[i];
        free(lex->emoji);
        lex->emoji = slots;
        lex->emoji_capacity = capacity;
    }
    if (lex->emoji_text_len + len > lex->emoji_text_cap) {
        size_t cap = lex->emoji_text_cap ? lex->emoji_text_cap : 1 << 16;
        while (lex->emoji_text_len + len > cap)
            cap *= 2;
        if (cap > UINT32_MAX) return ut_error_set(UT_EINVAL, "emoji descriptions exceed 4 GiB");
        char *grown = ut_realloc(lex->emoji_text, cap);
        if (!grown) return UT_ENOMEM;
        lex->emoji_text = grown;
        lex->emoji_text_cap = cap;
    }
    if (len) memcpy(lex->emoji_text + lex->emoji_text_len, desc, len); /* emoji_text may still be NULL */
    ut_lex_emoji_slot *s = emoji_place(lex->emoji, lex->emoji_capacity, codepoint);
    if (!s->codepoint) lex->emoji_count++;
    *s = (ut_lex_emoji_slot){codepoint, (uint32_t)lex->emoji_text_len, (uint32_t)len};
    lex->emoji_text_len += len;
    return 0;
}

size_t ut_lexicon_emoji_count(const ut_lexicon *lex) {
    return lex->emoji_count;
}

const char *ut_lexicon_emoji(const ut_lexicon *lex, uint32_t codepoint, size_t *len) {
    if (!lex->emoji_count || !codepoint) return NULL;
    const ut_lex_emoji_slot *s = emoji_place(lex->emoji, lex->emoji_capacity, codepoint);
    if (!s->codepoint) return NULL;
    *len = s->desc_len;
    return lex->emoji_text + s->desc_off;
}

/* The code point if `field` is exactly one well-formed UTF-8 character. */
static uint32_t single_codepoint(const char *p, size_t len) {
    const unsigned char *u = (const unsigned char *)p;
    if (len == 1) return u[0];
    uint32_t cp;
    size_t need;
    if (u[0] >= 0xC2 && u[0] <= 0xDF)
        cp = u[0] & 0x1Fu, need = 2;
    else if (u[0] >= 0xE0 && u[0] <= 0xEF)
        cp = u[0] & 0x0Fu, need = 3;
    else if (u[0] >= 0xF0 && u[0] <= 0xF4)
        cp = u[0] & 0x07u, need = 4;
    else
        return 0;
    if (len != need) return 0;
    for (size_t i = 1; i < need; i++) {
        if ((u[i] & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (u[i] & 0x3Fu);
    }
    return cp;
}

/* ---- look-up ------------------------------------------------------------ */

int ut_lexicon_lookup(const ut_lexicon *lex, uint64_t hash, float *valence) {
    const ut_lex_slot *s = slot_find(lex, hash);
    if (!s || !(s->flags & UT_LEX_SLOT_VALENCE)) return 0;
    *valence = s->valence;
    return 1;
}

int ut_lexicon_lookup_str(const ut_lexicon *lex, const char *word, size_t len, float *valence) {
    unsigned n_words;
    uint64_t first, key;
    int canonical;
    if (term_key(word, len, &n_words, &first, &key, &canonical, NULL, NULL)) return 0;
    return ut_lexicon_lookup(lex, key, valence);
}

int ut_lexicon_lookup_vader_hash(const ut_lexicon *lex, uint64_t hash, double *valence) {
    const ut_lex_slot *s = slot_find(lex, hash);
    if (!s || !(s->flags & UT_LEX_SLOT_EXACT)) return 0;
    *valence = lex->values[s - lex->slots].exact_valence;
    return 1;
}

int ut_lexicon_lookup_vader(const ut_lexicon *lex, const char *word, size_t len, double *valence) {
    /* No normalising: the reference matches the lower-cased word byte for
     * byte, and a term written in normal form is keyed by its own bytes. */
    return ut_lexicon_lookup_vader_hash(lex, ut_hash_bytes(word, len), valence);
}

uint32_t ut_lexicon_match(const ut_lexicon *lex, const ut_tokens *t, uint32_t i, uint32_t end, float *valence) {
    if (end > t->n_tok) end = t->n_tok;
    if (i >= end) return 0;
    const ut_lex_slot *s = slot_find(lex, t->tok[i].hash);
    return s ? ut_lex_match_from(lex, s, t, i, end, valence) : 0;
}

uint64_t ut_lexicon_fingerprint(const ut_lexicon *lex) {
    /* A sum of per-term hashes: independent of slot order, load order and
     * table size, and it changes when any term or valence does. */
    uint64_t fp = ut_hash_mix(lex->terms + 1, 0x9fb21c651e98df25ull);
    for (size_t i = 0; i < lex->capacity; i++) {
        const ut_lex_slot *s = &lex->slots[i];
        if (!(s->flags & UT_LEX_SLOT_VALENCE)) continue;
        uint64_t v, e = 0x7a3f5c1d2b4e6a89ull;
        memcpy(&v, &lex->values[i].valence, sizeof v);
        if (s->flags & UT_LEX_SLOT_EXACT) memcpy(&e, &lex->values[i].exact_valence, sizeof e);
        fp += ut_hash_mix(s->key ^ v, e ^ 0xc2b2ae3d27d4eb4full);
    }
    for (size_t i = 0; i < lex->emoji_capacity; i++) {
        const ut_lex_emoji_slot *s = &lex->emoji[i];
        if (s->codepoint)
            fp += ut_hash_mix(s->codepoint ^ 0x3c6ef372fe94f82aull,
                              ut_hash_bytes(lex->emoji_text + s->desc_off, s->desc_len));
    }
    return fp;
}

/* ---- file formats ------------------------------------------------------- */

typedef struct line_view {
    const char *p;
    size_t len;
} line_view;

static int is_blank(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static line_view trim(line_view v) {
    while (v.len && is_blank(v.p[0]))
        v.p++, v.len--;
    while (v.len && is_blank(v.p[v.len - 1]))
        v.len--;
    return v;
}

/* Trims a whole line but keeps its TABs: "good<TAB>" has an empty valence,
 * not a missing one. */
static line_view trim_line(line_view v) {
    while (v.len && v.p[0] != '\t' && is_blank(v.p[0]))
        v.p++, v.len--;
    while (v.len && v.p[v.len - 1] != '\t' && is_blank(v.p[v.len - 1]))
        v.len--;
    return v;
}

/* Splits off the field before the next TAB; returns 0 if there is no TAB. */
static int next_field(line_view *rest, line_view *field) {
    const char *tab = memchr(rest->p, '\t', rest->len);
    if (!tab) {
        *field = *rest;
        return 0;
    }
    field->p = rest->p;
    field->len = (size_t)(tab - rest->p);
    rest->len -= field->len + 1;
    rest->p = tab + 1;
    return 1;
}

/* Reads a decimal number ("-1.5", "2", "3e-1") filling the whole field, in
 * the C locale whatever the process locale is. Python's float() would also
 * take "inf", "nan" and "1_0"; no lexicon means those, so they are errors. */
static int parse_number(line_view field, locale_t c_locale, double *out) {
    field = trim(field);
    char buf[64];
    if (field.len == 0 || field.len >= sizeof buf) return 0;
    size_t i = 0, digits = 0;
    if (field.p[i] == '+' || field.p[i] == '-') i++;
    while (i < field.len && field.p[i] >= '0' && field.p[i] <= '9')
        i++, digits++;
    if (i < field.len && field.p[i] == '.') {
        i++;
        while (i < field.len && field.p[i] >= '0' && field.p[i] <= '9')
            i++, digits++;
    }
    if (!digits) return 0;
    if (i < field.len && (field.p[i] == 'e' || field.p[i] == 'E')) {
        i++;
        if (i < field.len && (field.p[i] == '+' || field.p[i] == '-')) i++;
        size_t exp_digits = 0;
        while (i < field.len && field.p[i] >= '0' && field.p[i] <= '9')
            i++, exp_digits++;
        if (!exp_digits) return 0;
    }
    if (i != field.len) return 0;
    memcpy(buf, field.p, field.len);
    buf[field.len] = '\0';
    double v = strtod_l(buf, NULL, c_locale);
    if (!isfinite(v)) return 0;
    *out = v;
    return 1;
}

static int is_integer(line_view field) {
    field = trim(field);
    size_t i = field.len && (field.p[0] == '+' || field.p[0] == '-');
    if (i == field.len) return 0;
    for (; i < field.len; i++)
        if (field.p[i] < '0' || field.p[i] > '9') return 0;
    return 1;
}

static int field_equals(line_view field, const char *word) {
    field = trim(field);
    size_t n = strlen(word);
    return field.len == n && strncasecmp(field.p, word, n) == 0;
}

static int is_undertone_header(line_view line) {
    line_view rest = line, first, second;
    if (!next_field(&rest, &first)) return 0;
    next_field(&rest, &second);
    return field_equals(first, "term") && field_equals(second, "valence");
}

typedef struct lex_parser {
    ut_lexicon *lex;
    const char *name;
    locale_t c_locale;
    ut_lexicon_format format;
    int seen_header;
    size_t line_no;
} lex_parser;

/* Decides the format from the first line that says something: an undertone
 * header (comments may precede it), else the shape of the first entry. */
static int sniff(lex_parser *ps, const char *data, size_t len) {
    size_t line_no = 0, first_entry_line = 0;
    line_view first_entry = {NULL, 0};
    const char *p = data, *end = data + len;
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol) eol = end;
        line_view line = trim((line_view){p, (size_t)(eol - p)});
        line_no++;
        p = eol + (eol < end);
        if (line.len == 0) continue;
        if (!first_entry.p) {
            first_entry = line;
            first_entry_line = line_no;
        }
        if (line.p[0] == '#') continue;
        if (is_undertone_header(line)) {
            ps->format = UT_LEXFMT_UNDERTONE;
            return 0;
        }
        break;
    }
    if (!first_entry.p) return ut_error_set(UT_EFORMAT, "%s: empty lexicon (no header and no terms)", ps->name);
    /* Without a header: two columns with an integer score are AFINN; a
     * number in the second of two or more columns is read as VADER. */
    line_view rest = first_entry, term, value;
    double number;
    if (next_field(&rest, &term)) {
        int more = next_field(&rest, &value);
        int non_ascii = 0;
        for (size_t i = 0; i < term.len; i++)
            non_ascii |= (unsigned char)term.p[i] >= 0x80;
        if (non_ascii && !parse_number(value, ps->c_locale, &number)) {
            ps->format = UT_LEXFMT_VADER_EMOJI;
            return 0;
        }
        if (!more && is_integer(value)) {
            ps->format = UT_LEXFMT_AFINN;
            return 0;
        }
        if (parse_number(value, ps->c_locale, &number)) {
            ps->format = UT_LEXFMT_VADER;
            return 0;
        }
    }
    return ut_error_set(UT_EFORMAT,
                        "%s:%zu: unknown lexicon format: expected a header row 'term<TAB>valence' (undertone TSV), "
                        "'token<TAB>mean<TAB>sd<TAB>[ratings]' (VADER) or 'word<TAB>integer' (AFINN)",
                        ps->name, first_entry_line);
}

static int add_or_explain(lex_parser *ps, line_view term, double valence) {
    int rc = term_add(ps->lex, term.p, term.len, valence);
    if (rc == UT_EINVAL) {
        char reason[256];
        snprintf(reason, sizeof reason, "%s", ut_error_last());
        return ut_error_set(UT_EFORMAT, "%s:%zu: %s", ps->name, ps->line_no, reason);
    }
    return rc;
}

static int parse_line(lex_parser *ps, line_view line) {
    line_view rest, term, value;
    double valence;
    switch (ps->format) {
    case UT_LEXFMT_UNDERTONE:
        line = trim_line(line);
        if (line.len == 0 || line.p[0] == '#') return 0;
        if (!ps->seen_header) {
            if (!is_undertone_header(line))
                return ut_error_set(UT_EFORMAT, "%s:%zu: expected the header row 'term<TAB>valence'", ps->name,
                                    ps->line_no);
            ps->seen_header = 1;
            return 0;
        }
        rest = line;
        if (!next_field(&rest, &term))
            return ut_error_set(UT_EFORMAT, "%s:%zu: missing tab (expected term<TAB>valence)", ps->name, ps->line_no);
        next_field(&rest, &value);
        if (!parse_number(value, ps->c_locale, &valence))
            return ut_error_set(UT_EFORMAT, "%s:%zu: valence '%.*s' is not a number", ps->name, ps->line_no,
                                (int)UT_MIN(trim(value).len, 40), trim(value).p);
        if (valence < -4.0 || valence > 4.0)
            return ut_error_set(UT_EFORMAT, "%s:%zu: valence %g is outside [-4, 4]", ps->name, ps->line_no, valence);
        return add_or_explain(ps, trim(term), valence);
    case UT_LEXFMT_VADER:
        /* The reference strips the line and keeps the first two fields. */
        line = trim_line(line);
        if (line.len == 0) return 0;
        rest = line;
        if (!next_field(&rest, &term))
            return ut_error_set(UT_EFORMAT, "%s:%zu: missing tab (expected token<TAB>mean<TAB>sd<TAB>[ratings])",
                                ps->name, ps->line_no);
        next_field(&rest, &value);
        if (!parse_number(value, ps->c_locale, &valence))
            return ut_error_set(UT_EFORMAT, "%s:%zu: mean '%.*s' is not a number", ps->name, ps->line_no,
                                (int)UT_MIN(trim(value).len, 40), trim(value).p);
        return add_or_explain(ps, term, valence);
    case UT_LEXFMT_AFINN:
        line = trim_line(line);
        if (line.len == 0) return 0;
        rest = line;
        if (!next_field(&rest, &term))
            return ut_error_set(UT_EFORMAT, "%s:%zu: missing tab (expected word<TAB>integer)", ps->name, ps->line_no);
        next_field(&rest, &value);
        if (!is_integer(value) || !parse_number(value, ps->c_locale, &valence))
            return ut_error_set(UT_EFORMAT, "%s:%zu: score '%.*s' is not an integer", ps->name, ps->line_no,
                                (int)UT_MIN(trim(value).len, 40), trim(value).p);
        if (valence < -5.0 || valence > 5.0)
            return ut_error_set(UT_EFORMAT, "%s:%zu: score %g is outside [-5, 5]", ps->name, ps->line_no, valence);
        /* AFINN's -5..5 onto the [-4, 4] scale of VADER and undertone. */
        return add_or_explain(ps, term, valence * 4.0 / 5.0);
    case UT_LEXFMT_VADER_EMOJI:
        line = trim_line(line);
        if (line.len == 0) return 0;
        rest = line;
        if (!next_field(&rest, &term))
            return ut_error_set(UT_EFORMAT, "%s:%zu: missing tab (expected emoji<TAB>description)", ps->name,
                                ps->line_no);
        next_field(&rest, &value);
        /* The reference looks emoji up one code point at a time, so a
         * sequence (flags, skin tones, ZWJ) can never match: skip it. */
        uint32_t codepoint = single_codepoint(term.p, term.len);
        if (!codepoint) return 0;
        return emoji_add(ps->lex, codepoint, value.p, value.len);
    default:
        return ut_error_set(UT_EINVAL, "%s: unknown lexicon format %d", ps->name, (int)ps->format);
    }
}

int ut_lexicon_load_buffer(ut_lexicon *lex, const char *name, const char *data, size_t len, ut_lexicon_format format) {
    if (lex->frozen) return ut_error_set(UT_EINVAL, "%s: lexicon is frozen; files can no longer be added", name);
    lex_parser ps = {lex, name, (locale_t)0, format, 0, 0};
    ps.c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    if (!ps.c_locale) return ut_error_set(UT_ENOMEM, "%s: cannot create the C locale", name);
    int rc = 0;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) data += 3, len -= 3; /* UTF-8 byte order mark */
    if (format == UT_LEXFMT_AUTO) {
        rc = sniff(&ps, data, len);
        if (rc) goto cleanup;
    }
    const char *p = data, *end = data + len;
    int any = 0;
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol) eol = end;
        line_view line = {p, (size_t)(eol - p)};
        if (line.len && line.p[line.len - 1] == '\r') line.len--; /* CRLF files */
        ps.line_no++;
        p = eol + (eol < end);
        if (trim(line).len) any = 1;
        rc = parse_line(&ps, line);
        if (rc) goto cleanup;
    }
    if (!any)
        rc = ut_error_set(UT_EFORMAT, "%s: empty lexicon (no header and no terms)", name);
    else if (ps.format == UT_LEXFMT_UNDERTONE && !ps.seen_header)
        rc = ut_error_set(UT_EFORMAT, "%s: no header row 'term<TAB>valence'", name);
cleanup:
    freelocale(ps.c_locale);
    return rc;
}

int ut_lexicon_load_file(ut_lexicon *lex, const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return ut_error_set(UT_EIO, "%s: %s", path, strerror(errno));
    char *data = NULL;
    size_t len = 0, cap = 0;
    int rc = 0;
    for (;;) {
        if (len == cap) {
            size_t new_cap = cap ? cap * 2 : 1 << 16;
            char *grown = ut_realloc(data, new_cap);
            if (!grown) {
                rc = UT_ENOMEM;
                goto cleanup;
            }
            data = grown;
            cap = new_cap;
        }
        size_t got = fread(data + len, 1, cap - len, f);
        len += got;
        if (got == 0) break;
    }
    if (ferror(f)) {
        rc = ut_error_set(UT_EIO, "%s: read error", path);
        goto cleanup;
    }
    rc = ut_lexicon_load_buffer(lex, path, data, len, UT_LEXFMT_AUTO);
cleanup:
    free(data);
    fclose(f);
    return rc;
}
