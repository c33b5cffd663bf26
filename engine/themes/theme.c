/* theme.c — theme lexicons: loading TSV files, the theme hierarchy, and the
 * term table that theme_attribute.c matches against.
 *
 * The idea: a term is tokenized by the same tokenizer as the reviews, so its
 * key is exactly what a review's tokens hash to ("check-in", "wi-fi" and
 * "don't" stay one token on both sides; punctuation a review would split on
 * splits the term too). Themes are paths; adding "service/staff" also
 * creates "service", so every prefix is a theme with a parent link. Files
 * overlay: a term seen again (in a later file, or later in the same file)
 * moves to the later theme; the theme "-" makes it a stop phrase. The
 * pseudo-term "<currency>" gives amounts of money ("$20") to its theme; the
 * pseudo-term "<wanted>" marks a theme whose lack is a complaint ("no
 * legroom", theme_attribute.c); "<unused>" takes a theme's terms listed so
 * far out (a domain pack's way to drop a general theme that means nothing
 * in its domain: an airline's "arrival" is no parcel's). A term written
 * "~word" is an opinion word: it names no theme, and in a clause that names
 * its theme it carries its valence for it ("~cold" for food, -1.5). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "model/builtin.h"
#include "util/common.h"
#include "util/hash.h"
#include "themes/theme_internal.h"

#define THEME_NAME_MAX 256

int ut_themes_new(ut_themes **out) {
    *out = NULL;
    ut_themes *th = ut_calloc(1, sizeof *th);
    if (!th) return UT_ENOMEM;
    th->slot_mask = 255;
    th->slots = ut_calloc(th->slot_mask + 1, sizeof *th->slots);
    th->cap_themes = 16;
    th->names = ut_calloc(th->cap_themes, sizeof *th->names);
    th->parents = ut_calloc(th->cap_themes, sizeof *th->parents);
    th->wanted = ut_calloc(th->cap_themes, sizeof *th->wanted);
    if (!th->slots || !th->names || !th->parents || !th->wanted) {
        ut_themes_free(th);
        return UT_ENOMEM;
    }
    th->names[0] = ut_strndup("other", 5);
    if (!th->names[0]) {
        ut_themes_free(th);
        return UT_ENOMEM;
    }
    th->parents[0] = -1;
    th->n_themes = 1;
    th->currency_theme = -1;
    for (size_t k = 0; k < UT_THEME_N_NEGATORS; k++)
        th->negator_hash[k] = ut_hash_bytes(ut_theme_negators[k], strlen(ut_theme_negators[k]));
    for (size_t k = 0; k < UT_THEME_N_SCARCE; k++)
        th->scarce_hash[k] = ut_hash_bytes(ut_theme_scarce[k], strlen(ut_theme_scarce[k]));
    for (size_t k = 0; k < UT_THEME_N_PRONOUNS; k++)
        th->pronoun_hash[k] = ut_hash_bytes(ut_theme_pronouns[k], strlen(ut_theme_pronouns[k]));
    *out = th;
    return 0;
}

void ut_themes_free(ut_themes *th) {
    if (!th) return;
    for (uint32_t i = 0; i < th->n_themes; i++)
        free(th->names[i]);
    free(th->names);
    free(th->parents);
    free(th->wanted);
    free(th->slots);
    free(th->opinions);
    ut_tokens_free(&th->term_tokens);
    free(th);
}

uint32_t ut_themes_count(const ut_themes *th) {
    return th->n_themes;
}

const char *ut_themes_name(const ut_themes *th, uint32_t id) {
    return id < th->n_themes ? th->names[id] : NULL;
}

int32_t ut_themes_parent(const ut_themes *th, uint32_t id) {
    return id < th->n_themes ? th->parents[id] : -1;
}

uint64_t ut_themes_fingerprint(const ut_themes *th) {
    return th->fingerprint;
}

size_t ut_themes_term_count(const ut_themes *th) {
    return th->n_terms;
}

int32_t ut_themes_find_id(const ut_themes *th, const char *name) {
    size_t len = strlen(name);
    for (uint32_t i = 0; i < th->n_themes; i++)
        if (strlen(th->names[i]) == len && memcmp(th->names[i], name, len) == 0) return (int32_t)i;
    return -1;
}

int ut_themes_is_within(const ut_themes *th, uint32_t id, uint32_t ancestor) {
    for (int32_t cur = (int32_t)id; cur >= 0; cur = ut_themes_parent(th, (uint32_t)cur))
        if ((uint32_t)cur == ancestor) return 1;
    return 0;
}

/* The id of the theme named by the first `len` bytes of `path`, created
 * (after its parent) if new. Themes number in the tens to hundreds and are
 * looked up only while loading, so a linear scan is enough. */
static int theme_intern(ut_themes *th, const char *path, size_t len, int32_t parent, uint32_t *id_out) {
    for (uint32_t i = 0; i < th->n_themes; i++) {
        if (strncmp(th->names[i], path, len) == 0 && th->names[i][len] == '\0') {
            *id_out = i;
            return 0;
        }
    }
    if (th->n_themes == th->cap_themes) {
        uint32_t cap = th->cap_themes * 2;
        char **names = ut_realloc(th->names, cap * sizeof *names);
        if (!names) return UT_ENOMEM;
        th->names = names;
        int32_t *parents = ut_realloc(th->parents, cap * sizeof *parents);
        if (!parents) return UT_ENOMEM;
        th->parents = parents;
        uint8_t *wanted = ut_realloc(th->wanted, cap * sizeof *wanted);
        if (!wanted) return UT_ENOMEM;
        memset(wanted + th->cap_themes, 0, (cap - th->cap_themes) * sizeof *wanted);
        th->wanted = wanted;
        th->cap_themes = cap;
    }
    char *name = ut_strndup(path, len);
    if (!name) return UT_ENOMEM;
    th->names[th->n_themes] = name;
    th->parents[th->n_themes] = parent;
    *id_out = th->n_themes++;
    return 0;
}

/* Validates a theme path ("a/b/c": no empty segment, no surrounding spaces)
 * and interns it and all its prefixes. Returns 0 or UT_EINVAL with a reason. */
static int theme_path_intern(ut_themes *th, const char *path, size_t len, uint32_t *id_out) {
    if (len == 0) return ut_error_set(UT_EINVAL, "empty theme");
    if (len >= THEME_NAME_MAX) return ut_error_set(UT_EINVAL, "theme longer than %d bytes", THEME_NAME_MAX - 1);
    int32_t parent = -1;
    size_t seg_begin = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i < len && path[i] != '/') continue;
        if (i == seg_begin) return ut_error_set(UT_EINVAL, "empty segment in theme \"%.*s\"", (int)len, path);
        if (path[seg_begin] == ' ' || path[i - 1] == ' ')
            return ut_error_set(UT_EINVAL, "space around '/' in theme \"%.*s\"", (int)len, path);
        uint32_t id = 0;
        int rc = theme_intern(th, path, i, parent, &id);
        if (rc) return rc;
        parent = (int32_t)id;
        seg_begin = i + 1;
    }
    *id_out = (uint32_t)parent;
    return 0;
}

static int slots_grow(ut_themes *th) {
    uint32_t cap = (th->slot_mask + 1) * 2;
    ut_theme_slot *slots = ut_calloc(cap, sizeof *slots);
    if (!slots) return UT_ENOMEM;
    for (uint32_t i = 0; i <= th->slot_mask; i++) {
        const ut_theme_slot *s = &th->slots[i];
        if (!s->used) continue;
        uint32_t j = (uint32_t)(s->key ^ (s->key >> 32)) & (cap - 1);
        while (slots[j].used)
            j = (j + 1) & (cap - 1);
        slots[j] = *s;
    }
    free(th->slots);
    th->slots = slots;
    th->slot_mask = cap - 1;
    return 0;
}

/* The slot for `key`, inserted empty if absent. */
static ut_theme_slot *slot_get(ut_themes *th, uint64_t key) {
    if ((th->n_slots_used + 1) * 2 > th->slot_mask + 1 && slots_grow(th)) return NULL;
    uint32_t i = (uint32_t)(key ^ (key >> 32)) & th->slot_mask;
    while (th->slots[i].used) {
        if (th->slots[i].key == key) return &th->slots[i];
        i = (i + 1) & th->slot_mask;
    }
    ut_theme_slot *s = &th->slots[i];
    s->key = key;
    s->theme = UT_THEME_NO_TERM;
    s->start_len = 0;
    s->next_words = 0;
    s->valence = UT_THEME_NO_VALENCE;
    s->used = 1;
    th->n_slots_used++;
    ut_key_filter_add(th->filter, key);
    return s;
}

static int opinions_grow(ut_themes *th) {
    uint32_t cap = th->opinions ? (th->opinion_mask + 1) * 2 : 64;
    ut_theme_opinion *grown = ut_calloc(cap, sizeof *grown);
    if (!grown) return UT_ENOMEM;
    for (uint32_t i = 0; th->opinions && i <= th->opinion_mask; i++) {
        const ut_theme_opinion *o = &th->opinions[i];
        if (!o->used) continue;
        uint32_t j = (uint32_t)o->key & (cap - 1);
        while (grown[j].used)
            j = (j + 1) & (cap - 1);
        grown[j] = *o;
    }
    free(th->opinions);
    th->opinions = grown;
    th->opinion_mask = cap - 1;
    return 0;
}

/* "~word" with theme `id` (or UT_THEME_STOP_SLOT: "-" takes the word's
 * opinions out): one entry per (word, theme), a later line replacing the
 * valence. The word must tokenize to one token. */
static int add_opinion(ut_themes *th, int32_t id, const char *word, size_t word_len, int16_t valence_x100) {
    ut_tokens *tt = &th->term_tokens;
    if (ut_tokenize(tt, word, word_len)) return UT_ENOMEM;
    if (tt->n_tok != 1) return ut_error_set(UT_EINVAL, "opinion word \"~%.*s\" must be one word", (int)word_len, word);
    if (valence_x100 == UT_THEME_NO_VALENCE && id != UT_THEME_STOP_SLOT)
        return ut_error_set(UT_EINVAL, "opinion word \"~%.*s\" needs a valence", (int)word_len, word);
    const uint64_t key = tt->tok[0].hash;
    if (id == UT_THEME_STOP_SLOT) {
        for (uint32_t i = 0; th->opinions && i <= th->opinion_mask; i++)
            if (th->opinions[i].used && th->opinions[i].key == key) th->opinions[i].theme = UT_THEME_STOP_SLOT;
        return 0;
    }
    if ((!th->opinions || (th->n_opinions + 1) * 2 > th->opinion_mask + 1) && opinions_grow(th)) return UT_ENOMEM;
    uint32_t i = (uint32_t)key & th->opinion_mask;
    while (th->opinions[i].used && !(th->opinions[i].key == key && th->opinions[i].theme == id))
        i = (i + 1) & th->opinion_mask;
    ut_theme_opinion *o = &th->opinions[i];
    if (!o->used) th->n_opinions++;
    *o = (ut_theme_opinion){.key = key, .theme = id, .valence = valence_x100, .used = 1};
    th->opinion_filter[(key >> 54) & 15] |= 1ull << ((key >> 48) & 63);
    return 0;
}

/* valence_x100 is UT_THEME_NO_VALENCE or the valence in hundredths. */
static int add_term(ut_themes *th, const char *theme, size_t theme_len, const char *term, size_t term_len,
                    int16_t valence_x100) {
    if (th->frozen) return ut_error_set(UT_EINVAL, "theme lexicon is frozen");
    int32_t id = UT_THEME_STOP_SLOT;
    if (!(theme_len == 1 && theme[0] == '-')) {
        uint32_t interned = 0;
        int rc = theme_path_intern(th, theme, theme_len, &interned);
        if (rc) return rc;
        id = (int32_t)interned;
    }

    if (term_len == 10 && memcmp(term, "<currency>", 10) == 0) {
        th->currency_theme = id == UT_THEME_STOP_SLOT ? -1 : id;
        return 0;
    }
    if (term_len == 8 && memcmp(term, "<unused>", 8) == 0) {
        /* the theme and its sub-themes lose the terms listed so far: they
         * become stop phrases (matched, so no shorter term inside them
         * matches, but no mention); later lines may list terms again */
        if (id == UT_THEME_STOP_SLOT) return 0;
        for (uint32_t i = 0; i <= th->slot_mask; i++) {
            ut_theme_slot *s = &th->slots[i];
            if (s->used && s->theme >= 0 && ut_themes_is_within(th, (uint32_t)s->theme, (uint32_t)id)) {
                s->theme = UT_THEME_STOP_SLOT;
                s->valence = UT_THEME_NO_VALENCE;
            }
        }
        for (uint32_t i = 0; th->opinions && i <= th->opinion_mask; i++) {
            ut_theme_opinion *o = &th->opinions[i];
            if (o->used && o->theme >= 0 && ut_themes_is_within(th, (uint32_t)o->theme, (uint32_t)id))
                o->theme = UT_THEME_STOP_SLOT;
        }
        return 0;
    }
    if (term_len == 8 && memcmp(term, "<wanted>", 8) == 0) {
        if (id != UT_THEME_STOP_SLOT) th->wanted[id] = 1, th->any_wanted = 1;
        return 0;
    }

    if (term_len > 1 && term[0] == '~') return add_opinion(th, id, term + 1, term_len - 1, valence_x100);

    ut_tokens *tt = &th->term_tokens;
    if (ut_tokenize(tt, term, term_len)) return UT_ENOMEM;
    if (tt->n_tok == 0) return ut_error_set(UT_EINVAL, "term \"%.*s\" has no words", (int)term_len, term);
    if (tt->n_tok > UT_THEME_MAX_WORDS)
        return ut_error_set(UT_EINVAL, "term \"%.*s\" has more than %d words", (int)term_len, term, UT_THEME_MAX_WORDS);
    if (tt->n_clause > 1)
        return ut_error_set(UT_EINVAL, "term \"%.*s\" holds punctuation that splits a sentence or clause",
                            (int)term_len, term);

    uint64_t key = tt->tok[0].hash;
    for (uint32_t i = 1; i < tt->n_tok; i++) {
        /* the prefix of i words, a marker unless it is a term itself */
        if (i > 1 && !slot_get(th, key)) return UT_ENOMEM;
        key = ut_hash_combine(key, tt->tok[i].hash);
    }
    ut_theme_slot *s = slot_get(th, key);
    if (!s) return UT_ENOMEM;
    if (s->theme == UT_THEME_NO_TERM) th->n_terms++;
    s->theme = id;
    s->valence = valence_x100;

    /* slot_get may move slots, so the first word's slot is fetched after. */
    ut_theme_slot *first = slot_get(th, tt->tok[0].hash);
    if (!first) return UT_ENOMEM;
    if (first->start_len < tt->n_tok) first->start_len = tt->n_tok & 15u;
    if (tt->n_tok > 1) first->next_words |= (uint8_t)ut_theme_next_bit(tt->tok[1].hash);
    return 0;
}

int ut_themes_add(ut_themes *th, const char *theme, size_t theme_len, const char *term, size_t term_len) {
    return add_term(th, theme, theme_len, term, term_len, UT_THEME_NO_VALENCE);
}

int ut_themes_add_valued(ut_themes *th, const char *theme, size_t theme_len, const char *term, size_t term_len,
                         float valence) {
    if (!(valence >= -4.0f && valence <= 4.0f))
        return ut_error_set(UT_EINVAL, "valence %g is outside [-4, 4]", (double)valence);
    return add_term(th, theme, theme_len, term, term_len, (int16_t)lrintf(valence * 100.0f));
}

/* Parses a valence field ("-1.5", "+2"); 0 on success. */
static int parse_valence(const char *field, size_t len, float *out) {
    char buf[32];
    if (len >= sizeof buf) return -1;
    memcpy(buf, field, len);
    buf[len] = '\0';
    char *end;
    errno = 0;
    double v = strtod(buf, &end);
    if (end == buf || *end != '\0' || errno) return -1;
    *out = (float)v;
    return 0;
}

/* One field of a TSV line: [*pos, next tab or end), trimmed of spaces. */
static void next_field(const char *line, size_t len, size_t *pos, const char **field, size_t *field_len) {
    size_t b = *pos, e = b;
    while (e < len && line[e] != '\t')
        e++;
    *pos = e + 1; /* past the tab; past len when the line ended */
    while (b < e && line[b] == ' ')
        b++;
    while (e > b && line[e - 1] == ' ')
        e--;
    *field = line + b;
    *field_len = e - b;
}

int ut_themes_load_buffer(ut_themes *th, const char *name, const char *data, size_t len) {
    if (th->frozen) return ut_error_set(UT_EINVAL, "%s: theme lexicon is frozen", name);
    size_t pos = 0;
    unsigned long line_no = 0;
    int seen_first = 0;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) pos = 3; /* a UTF-8 BOM */
    while (pos < len) {
        const char *line = data + pos;
        const char *nl = memchr(line, '\n', len - pos);
        size_t line_len = nl ? (size_t)(nl - line) : len - pos;
        pos += line_len + (nl ? 1 : 0);
        line_no++;
        if (line_len && line[line_len - 1] == '\r') line_len--;

        size_t lead = 0;
        while (lead < line_len && (line[lead] == ' ' || line[lead] == '\t'))
            lead++;
        if (lead == line_len || line[lead] == '#') continue;
        if (memchr(line, '\0', line_len)) return ut_error_set(UT_EFORMAT, "%s:%lu: NUL byte in line", name, line_no);

        size_t field_pos = 0;
        const char *theme, *term;
        size_t theme_len, term_len;
        next_field(line, line_len, &field_pos, &theme, &theme_len);
        if (field_pos > line_len)
            return ut_error_set(UT_EFORMAT, "%s:%lu: expected theme<TAB>term, found no tab", name, line_no);
        next_field(line, line_len, &field_pos, &term, &term_len);
        const char *valence_field = "";
        size_t valence_len = 0;
        if (field_pos <= line_len) next_field(line, line_len, &field_pos, &valence_field, &valence_len);
        /* Further columns are ignored, so the format can grow. */

        if (!seen_first) {
            seen_first = 1;
            if (theme_len == 5 && strncasecmp(theme, "theme", 5) == 0 && term_len == 4 &&
                strncasecmp(term, "term", 4) == 0)
                continue;
        }
        if (term_len == 0) return ut_error_set(UT_EFORMAT, "%s:%lu: empty term", name, line_no);
        int rc;
        if (valence_len) {
            float valence;
            if (parse_valence(valence_field, valence_len, &valence))
                return ut_error_set(UT_EFORMAT, "%s:%lu: valence \"%.*s\" is not a number", name, line_no,
                                    (int)valence_len, valence_field);
            rc = ut_themes_add_valued(th, theme, theme_len, term, term_len, valence);
        } else {
            rc = ut_themes_add(th, theme, theme_len, term, term_len);
        }
        if (rc == UT_ENOMEM) return rc;
        if (rc) {
            char reason[512];
            snprintf(reason, sizeof reason, "%s", ut_error_last());
            return ut_error_set(UT_EFORMAT, "%s:%lu: %s", name, line_no, reason);
        }
    }
    return 0;
}

int ut_themes_load_file(ut_themes *th, const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return ut_error_set(UT_EIO, "%s: cannot open: %s", path, strerror(errno));
    char *data = NULL;
    size_t len = 0, cap = 0;
    int rc = 0;
    for (;;) {
        if (cap - len < 65536) {
            cap = cap ? cap * 2 : 65536;
            char *grown = ut_realloc(data, cap);
            if (!grown) {
                rc = UT_ENOMEM;
                goto cleanup;
            }
            data = grown;
        }
        size_t got = fread(data + len, 1, cap - len, f);
        len += got;
        if (got == 0) break;
    }
    if (ferror(f)) {
        rc = ut_error_set(UT_EIO, "%s: read error", path);
        goto cleanup;
    }
    rc = ut_themes_load_buffer(th, path, data, len);
cleanup:
    free(data);
    fclose(f);
    return rc;
}

int ut_themes_load_builtin(ut_themes *th, const char *pack) {
    char name[128];
    int n = snprintf(name, sizeof name, "themes/%s.tsv", pack);
    const ut_builtin_file *f = n > 0 && (size_t)n < sizeof name ? ut_builtin_find(name) : NULL;
    if (!f) return ut_error_set(UT_EINVAL, "no built-in theme pack \"%s\"", pack);
    return ut_themes_load_buffer(th, f->name, f->data, f->len);
}

int ut_themes_freeze(ut_themes *th) {
    if (th->frozen) return 0;
    /* Terms are summed (order-independent: overlay order that ends in the
     * same table gives the same print); theme names are chained in id order
     * because ids are what aggregate states store. */
    uint64_t terms = 0;
    for (uint32_t i = 0; i <= th->slot_mask; i++) {
        const ut_theme_slot *s = &th->slots[i];
        if (!s->used || s->theme == UT_THEME_NO_TERM) continue;
        const char *name = s->theme == UT_THEME_STOP_SLOT ? "-" : th->names[s->theme];
        terms += ut_hash_mix(s->key ^ ut_hash_bytes(name, strlen(name)), 0x9fb21c651e98df25ull ^ (uint16_t)s->valence);
    }
    for (uint32_t i = 0; th->opinions && i <= th->opinion_mask; i++) {
        const ut_theme_opinion *o = &th->opinions[i];
        if (!o->used || o->theme < 0) continue;
        const char *name = th->names[o->theme];
        terms += ut_hash_mix(o->key ^ ut_hash_bytes(name, strlen(name)) ^ 0x7e6f70696e696f6eull, /* "~opinion" */
                             0x9fb21c651e98df25ull ^ (uint16_t)o->valence);
    }
    uint64_t fp = ut_hash_bytes("undertone-themes-1", 18);
    for (uint32_t i = 0; i < th->n_themes; i++) {
        fp = ut_hash_combine(fp, ut_hash_bytes(th->names[i], strlen(th->names[i])));
        if (th->wanted[i]) fp = ut_hash_combine(fp, 0x77616e746564ull ^ i); /* "wanted" */
    }
    fp = ut_hash_combine(fp, (uint64_t)(int64_t)th->currency_theme);
    th->fingerprint = ut_hash_combine(fp, terms);
    ut_tokens_free(&th->term_tokens);
    memset(&th->term_tokens, 0, sizeof th->term_tokens);
    th->frozen = 1;
    return 0;
}
