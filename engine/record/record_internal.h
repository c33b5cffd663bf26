/* record_internal.h — what the record_*.c files share: the parser's
 * configuration and the per-format parse functions.
 *
 * The idea: record.c frames a record (finds its extent, skips blank lines,
 * checks the size) and finishes it (text present and non-empty, rating and
 * date read); the per-format files only pull fields out of one record's
 * bytes. The parser is immutable while records are parsed, so worker
 * threads share it. */
#ifndef UT_RECORD_INTERNAL_H
#define UT_RECORD_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "record/record.h"

/* The contract's default text field names, in order of preference. */
#define UT_DEFAULT_TEXT_COUNT 8
extern const char *const ut_default_text_names[UT_DEFAULT_TEXT_COUNT];
/* The contract's default id field names, in order of preference. */
#define UT_DEFAULT_ID_COUNT 3
extern const char *const ut_default_id_names[UT_DEFAULT_ID_COUNT];

/* A JSON key the parser looks for: `slot` < UT_ROLE_COUNT is a role,
 * otherwise slot - UT_ROLE_COUNT is the rank of a default text name, then
 * (past UT_DEFAULT_TEXT_COUNT) of a default id name. */
typedef struct ut_json_key {
    const char *name;
    size_t len;
    uint32_t signature; /* ut_key_signature(name, len) */
    int slot;
} ut_json_key;

/* A name's length with its first and last bytes folded to lower case
 * (`| 0x20` folds letters; other bytes fold consistently): names that match,
 * even ignoring case, have equal signatures, so one integer compare rejects
 * nearly every key a parser is not looking for. */
static inline uint32_t ut_key_signature(const char *s, size_t len) {
    if (len == 0) return 0;
    uint32_t first = (unsigned char)s[0] | 0x20u, last = (unsigned char)s[len - 1] | 0x20u;
    return (uint32_t)(len < 0xFFFF ? len : 0xFFFF) | first << 16 | last << 24;
}

static inline unsigned ut_key_bucket(uint32_t signature) {
    return (signature * 0x9E3779B1u) >> 26; /* top 6 bits of a multiplicative hash */
}

#define UT_JSON_DEFAULTS (UT_DEFAULT_TEXT_COUNT + UT_DEFAULT_ID_COUNT)
#define UT_JSON_SLOTS (UT_ROLE_COUNT + UT_JSON_DEFAULTS) /* <= 32: a key set fits a uint32_t */
#define UT_KEY_BUCKETS 64

struct ut_record_parser {
    ut_format format;
    ut_header_mode header_mode;
    size_t max_record;
    uint32_t max_quoted_lines; /* CSV: see ut_record_parser_set_max_quoted_lines */
    int n_roles;               /* UT_ROLE_GROUP + number of groups */
    char *name[UT_ROLE_COUNT]; /* owned copies; NULL = by column or unselected */
    size_t name_len[UT_ROLE_COUNT];
    int column[UT_ROLE_COUNT]; /* 1-based column as configured, 0 = none */
    int text_by_default;       /* no text ref: use the default names */
    int id_by_default;         /* no id ref: the default id names, else the record number */

    /* CSV/TSV: 0-based column filling each role, -1 = none. Set from column
     * refs at creation, from names when the header is taken. */
    int col[UT_ROLE_COUNT];
    int max_col;   /* largest col[] in use, -1 = none */
    char **header; /* owned header names (NUL-terminated) */
    size_t n_header;
    size_t header_end; /* offset just past the header row, 0 = none */

    /* JSONL: the keys looked for, and for each signature bucket the set of
     * keys (bit i = keys[i]) whose signature falls in it, so a key of the
     * input costs one table lookup before any comparison. */
    ut_json_key keys[UT_JSON_SLOTS];
    int n_keys;
    uint32_t key_bucket[UT_KEY_BUCKETS];
    int any_column_ref; /* some role is a 1-based key position */
};

/* Per-format field extraction from one record's content (terminator and
 * trailing CR removed). Fill rec->field[]; return 0, or -1 with *bad set
 * (UT_BAD_NONE: out of scratch memory). */
int ut_jsonl_fields(const ut_record_parser *p, const char *s, size_t n, ut_record *rec, ut_arena *scratch,
                    ut_bad_reason *bad);
int ut_csv_fields(const ut_record_parser *p, const char *s, size_t n, ut_record *rec, ut_arena *scratch,
                  ut_bad_reason *bad);
int ut_lines_fields(const ut_record_parser *p, const char *s, size_t n, ut_record *rec, ut_arena *scratch,
                    ut_bad_reason *bad);

/* Calls `visit` with each top-level key of the JSON object s[0, n), as
 * written (escapes not decoded). Returns 0, or -1 when s is not a
 * well-formed object (keys visited before the fault stay visited). */
int ut_jsonl_keys(const char *s, size_t n, void (*visit)(void *ctx, const char *key, size_t len), void *ctx);

/* "a, b, c" of `names` for a message about the missing name `want`: the
 * closest first (edit distance ignoring ASCII case, ties in input order),
 * cut with ", ..." to fit `cap`. */
void ut_record_names_by_closeness(const char *want, const char *const *names, size_t n, char *out, size_t cap);

/* CSV quote-aware boundary scan: from `st`, the offset just past the first
 * LF outside quotes in buf, or SIZE_MAX (st then holds the state at the end). */
size_t ut_csv_scan_first(ut_split_state *st, const char *buf, size_t len, uint32_t max_quoted_lines);

/* Splits a CSV/TSV record's content into its fields, unescaped, for the
 * header. *out is an array of owned strings (free each and the array). */
int ut_csv_split_owned(ut_format format, const char *s, size_t n, char ***out, size_t *n_out);

/* Shared helpers (record_names.c). */
/* The option that selects a role ("--text", "--group"), for messages. */
const char *ut_record_role_option(int role);
/* 2 = the same bytes, 1 = equal ignoring ASCII case, 0 = different. */
int ut_record_name_match(const char *a, size_t alen, const char *b, size_t blen);

#endif
