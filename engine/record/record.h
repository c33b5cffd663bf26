/* record.h — record formats: splitting a byte stream into records, and
 * pulling the selected fields out of one record.
 *
 * A ut_record_parser is configured once (format, field selections, CSV
 * header) and is then read-only, so all worker threads share it. Parsing
 * never allocates per record except to unescape a field, which goes into a
 * caller-owned arena. Field values are borrowed from the input buffer or the
 * arena and live until either is released. */
#ifndef UT_RECORD_H
#define UT_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "undertone.h"

/* The roles a field plays; groups take UT_ROLE_GROUP + k for the k-th --group. */
enum {
    UT_ROLE_TEXT = 0,
    UT_ROLE_TITLE = 1,
    UT_ROLE_ID = 2,
    UT_ROLE_RATING = 3,
    UT_ROLE_DATE = 4,
    UT_ROLE_GROUP = 5,
    UT_ROLE_COUNT = UT_ROLE_GROUP + UT_MAX_GROUPS
};

/* Why a record was bad. Names (ut_bad_reason_name) are the keys of
 * summary.json's bad_records object and are part of the contract. */
typedef enum ut_bad_reason {
    UT_BAD_NONE = 0,
    UT_BAD_JSON_SYNTAX,  /* "json_syntax": not a well-formed JSON object */
    UT_BAD_JSON_DEPTH,   /* "json_too_deep": nesting beyond UT_JSON_MAX_DEPTH */
    UT_BAD_NOT_OBJECT,   /* "json_not_object": a JSON value that is not an object */
    UT_BAD_CSV_QUOTE,    /* "csv_unterminated_quote": a quoted field open at end of input */
    UT_BAD_CSV_SYNTAX,   /* "csv_syntax": text after a closing quote */
    UT_BAD_MISSING_TEXT, /* "missing_text": the text field is absent */
    UT_BAD_EMPTY_TEXT,   /* "empty_text": the text (and title) are empty */
    UT_BAD_TOO_LARGE,    /* "too_large": a record over the configured maximum size */
    UT_BAD_RATING,       /* "bad_rating": a rating that is not a number */
    UT_BAD_DATE,         /* "bad_date": a date that cannot be read */
    UT_BAD_BINARY,       /* "binary": a NUL byte, or a quarter of the bytes not UTF-8 text */
    UT_BAD_REASON_COUNT
} ut_bad_reason;

#define UT_JSON_MAX_DEPTH 256

const char *ut_bad_reason_name(ut_bad_reason reason);

typedef struct ut_field_value {
    const char *data; /* UTF-8 bytes (escapes decoded), not NUL-terminated */
    size_t len;
    int present; /* the field exists in this record (it may be empty) */
} ut_field_value;

typedef struct ut_record {
    ut_field_value field[UT_ROLE_COUNT];
    size_t offset; /* offset of the record's first byte in the buffer parsed */
    size_t length; /* bytes of the record including its terminator */
    /* The rating and date roles, read with ut_parse_rating / ut_parse_date.
     * A field that is absent or blank leaves has_* 0. A field that is there
     * but unreadable keeps the review (has_* 0) and sets *_invalid, so the
     * pipeline counts it under "bad_rating" / "bad_date" without losing the
     * review's text. */
    int has_rating;
    int rating_invalid;
    double rating;
    int has_day;
    int date_invalid;
    int32_t day; /* days since 1970-01-01 */
    /* csv_unterminated_quote: the line breaks the open quote ran over
     * (the record itself is only its first line), and why it was taken for
     * a stray quote (a ut_runaway_cause). */
    uint32_t quoted_lines;
    int runaway_cause;
} ut_record;

/* Which field fills a role: by name, or by 1-based column (name == NULL). */
typedef struct ut_field_ref {
    const char *name;
    int column;
} ut_field_ref;

typedef struct ut_record_parser ut_record_parser;

/* Decides the format from the file name (".jsonl .ndjson .json .csv .tsv
 * .txt", looked at before a ".zst" or ".gz") and, failing that, from the first bytes
 * of the content. Never returns UT_FORMAT_AUTO. */
ut_format ut_format_sniff(const char *name, const char *head, size_t head_len);

/* Creates a parser. `refs[role]` selects each role's field; a role whose ref
 * has name NULL and column 0 is unselected (text then falls back to the
 * contract's default names). `n_groups` group roles are used. `header` is
 * UT_HEADER_AUTO/YES/NO (CSV/TSV only). `max_record` bounds a record's size.
 * Returns 0, UT_EINVAL or UT_ENOMEM. The parser owns copies of the names. */
int ut_record_parser_new(ut_record_parser **out, ut_format format, const ut_field_ref refs[UT_ROLE_COUNT], int n_groups,
                         ut_header_mode header, size_t max_record);

/* Checks that every field the parser selects by name exists in at least
 * one record of `head`, an input's first bytes (`whole`: all of it), so a
 * typo is a usage error instead of an empty column. JSONL: the keys of the
 * complete lines; CSV/TSV: the header row. Returns 0 (also when the head
 * has no readable record to judge by), or UT_EINVAL with a message naming
 * `path`, the option, and the field names seen, closest first. */
int ut_record_parser_check_fields(const ut_record_parser *p, const char *path, const char *head, size_t len, int whole);

/* CSV/TSV: offers the first record of an input. Returns 1 if it was taken as
 * the header (the caller then skips it), 0 if it is data, or a negative
 * status (UT_EINVAL: a field named by --text etc. is not in the header; the
 * message names it). For JSONL/lines returns 0. Call before parsing data;
 * a parser serves one input (clone it for the next with ut_record_parser_clone).
 * `buf` is the start of the input (a BOM and blank lines before the first
 * row are skipped); it must hold the whole first row unless it is the whole
 * input. After a 1, data starts at ut_record_parser_header_end(p). */
int ut_record_parser_take_header(ut_record_parser *p, const char *buf, size_t len);

/* Offset in the buffer given to ut_record_parser_take_header just past the
 * header row (its terminator included); 0 when no header was taken. */
size_t ut_record_parser_header_end(const ut_record_parser *p);

/* A fresh parser with the same configuration and no header seen yet. */
int ut_record_parser_clone(ut_record_parser **out, const ut_record_parser *p);

void ut_record_parser_free(ut_record_parser *p);

ut_format ut_record_parser_format(const ut_record_parser *p);

/* The configured maximum record size, so a reader can stop buffering a
 * record that never ends (it will be reported as too_large). */
size_t ut_record_parser_max_record(const ut_record_parser *p);

/* CSV/TSV after ut_record_parser_take_header returned 1: the header's
 * column names, borrowed from the parser (for messages and listings). */
size_t ut_record_parser_header_count(const ut_record_parser *p);
const char *ut_record_parser_header_name(const ut_record_parser *p, size_t i);

/* Resumable record-boundary scanning. A record ends at an LF outside quotes
 * (CSV: RFC 4180 quotes, opened by a field's first byte, may hold newlines;
 * JSONL/TSV/lines: every LF).
 * CSV: a quote still open after the record's max_quoted_lines-th line
 * break (a stray quote, or a quoted field that never closes) makes the
 * record a runaway: it ends at its first LF, so a stray quote costs one
 * record and reading resumes on the next physical line. A quote open at
 * the end of the input does the same. Start a record with a zeroed state. */
typedef struct ut_split_state {
    int in_quotes;         /* CSV: 1 inside quotes; 2 just after a quote inside quotes ("" or the end) */
    int mid_field;         /* CSV: a byte other than space or tab since the field's start */
    int after_close;       /* CSV: a quote just closed; a separator or line end must follow */
    int runaway;           /* CSV: a ut_runaway_cause: the record is a stray quote's first line */
    uint32_t quoted_lines; /* CSV: LFs inside quotes since the record's start */
    uint32_t open_lines;   /* CSV: quoted_lines when the open quote opened */
    uint64_t scanned;      /* CSV: bytes of the record scanned before this piece */
    uint64_t first_lf_end; /* CSV: offset from the record's start just past its first LF; 0: none yet */
    uint64_t runaway_at;   /* CSV: offset from the record's start just past where it was found a runaway */
} ut_split_state;

/* Why a CSV quote was taken for a stray one. */
typedef enum ut_runaway_cause {
    UT_RUNAWAY_NONE = 0,
    UT_RUNAWAY_LIMIT,  /* still open after max_quoted_lines line breaks */
    UT_RUNAWAY_CLOSED, /* closed lines later by a quote with text after it (it opened another field) */
    UT_RUNAWAY_END     /* open at the end of the input */
} ut_runaway_cause;

/* ut_record_scan_first's answer for a runaway whose first LF lay in an
 * earlier piece: the record ended st->first_lf_end bytes after its start. */
#define UT_SCAN_ENDED_BEFORE (SIZE_MAX - 1)

/* Scans `buf` continuing from `st` and returns the offset just past the
 * first record end, or SIZE_MAX if `buf` holds none (st then describes the
 * state at its end). For a runaway, st->runaway is set and the end is the
 * record's first LF (UT_SCAN_ENDED_BEFORE when that was in an earlier
 * piece). After an end, zero st before the next record. */
size_t ut_record_scan_first(const ut_record_parser *p, ut_split_state *st, const char *buf, size_t len);

/* Where a record starting at buf[0] ends when buf ends the input (or a
 * batch cut on record boundaries): like ut_record_scan_first from a zeroed
 * state, left in *st, but a quote open at the end makes a runaway too
 * (st->runaway = UT_RUNAWAY_END; st->quoted_lines the breaks it ran over). */
size_t ut_record_extent(const ut_record_parser *p, const char *buf, size_t len, ut_split_state *st);

/* CSV: the most line breaks a quoted run may span before its record is a
 * runaway (0: the default, 64). */
void ut_record_parser_set_max_quoted_lines(ut_record_parser *p, uint32_t max_lines);
uint32_t ut_record_parser_max_quoted_lines(const ut_record_parser *p);

/* `buf` starts at a record boundary. Fills `cuts` with record-aligned cut
 * offsets, ascending, roughly every `target` bytes, the last being the end
 * of the last complete record in buf; returns how many (0: no complete
 * record). At most `max_cuts` are written; the last slot is always the last
 * record end. */
size_t ut_record_scan_cuts(const ut_record_parser *p, const char *buf, size_t len, size_t target, size_t *cuts,
                           size_t max_cuts);

/* Counts the records in `buf` (which holds whole records): blank lines
 * (only spaces, tabs, CR) are not records. */
size_t ut_record_count(const ut_record_parser *p, const char *buf, size_t len);

/* Parses the next record of `buf` starting at *pos, skipping blank lines
 * (and a UTF-8 BOM at offset 0). Returns 1 with *rec filled and *pos
 * advanced, 0 at the end of buf, or -1 for a bad record: *bad says why,
 * rec->offset/length say where, and *pos is advanced past it. Unescaped
 * field bytes are allocated in `scratch`; if that allocation fails the
 * return is -1 with *bad == UT_BAD_NONE and UT_ENOMEM's message set. */
int ut_record_next(const ut_record_parser *p, const char *buf, size_t len, size_t *pos, ut_record *rec,
                   ut_arena *scratch, ut_bad_reason *bad);

/* Reads a rating field: a JSON/CSV number, or a string such as "4", "4.5",
 * "4/5", "4 stars". Returns 0 and *out, or -1. */
int ut_parse_rating(const char *s, size_t len, double *out);

/* Reads a date field: ISO 8601 (2024-03-01, with optional time), Unix
 * seconds or milliseconds, or "March 1, 2024" / "1 Mar 2024". Returns 0 and
 * days since 1970-01-01 in *out_day, or -1. */
int ut_parse_date(const char *s, size_t len, int32_t *out_day);

#endif
