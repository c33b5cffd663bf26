/* record.c — the format-independent half of record parsing: choosing a
 * format, configuring a parser, the CSV/TSV header, record boundaries, and
 * framing one record (extent, blank lines, size limit, text checks, rating
 * and date) around the per-format field extraction in record_<format>.c.
 *
 * The idea: a record boundary is decided by one rule per format (an LF; for
 * CSV an LF outside quotes), and every function here — the splitter, the
 * counter and the parser — applies that same rule, so however a stream is
 * cut into chunks each record is seen exactly once. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/common.h"
#include "record/input_sniff.h"
#include "record/record_internal.h"

const char *const ut_default_id_names[UT_DEFAULT_ID_COUNT] = {"id", "review_id", "reviewId"};
const char *const ut_default_text_names[UT_DEFAULT_TEXT_COUNT] = {"text", "review_text", "reviewText", "review",
                                                                  "body", "content",     "comment",    "Review Text"};

#define DEFAULT_MAX_RECORD ((size_t)64 << 20)
#define DEFAULT_MAX_QUOTED_LINES 64

/* ---- small shared helpers ---- */

static int is_bom(const char *buf, size_t len) {
    return len >= 3 && (unsigned char)buf[0] == 0xEF && (unsigned char)buf[1] == 0xBB && (unsigned char)buf[2] == 0xBF;
}

/* Blank = only spaces, tabs and CRs: such a line is not a record. */
static int is_blank(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r') return 0;
    return 1;
}

/* Empty text: nothing but ASCII whitespace. */
static int is_empty_text(const ut_field_value *f) {
    if (!f->present) return 1;
    for (size_t i = 0; i < f->len; i++) {
        char c = f->data[i];
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != '\v' && c != '\f') return 0;
    }
    return 1;
}

/* ---- format sniffing ---- */

static int ends_with_ci(const char *s, size_t n, const char *suffix) {
    size_t k = strlen(suffix);
    return n >= k && ut_record_name_match(s + n - k, k, suffix, k) != 0;
}

static ut_format format_from_name(const char *name) {
    if (!name) return UT_FORMAT_AUTO;
    size_t n = strlen(name);
    if (ends_with_ci(name, n, ".zst"))
        n -= 4;
    else if (ends_with_ci(name, n, ".gz"))
        n -= 3;
    if (ends_with_ci(name, n, ".jsonl") || ends_with_ci(name, n, ".ndjson") || ends_with_ci(name, n, ".json"))
        return UT_FORMAT_JSONL;
    if (ends_with_ci(name, n, ".csv")) return UT_FORMAT_CSV;
    if (ends_with_ci(name, n, ".tsv")) return UT_FORMAT_TSV;
    if (ends_with_ci(name, n, ".txt")) return UT_FORMAT_LINES;
    return UT_FORMAT_AUTO;
}

/* Content sniffing: JSON lines start with '{'. Otherwise TSV if every
 * complete line has the same number (>= 1) of tabs, CSV if every complete
 * record has the same number (>= 1) of commas outside quotes, else one
 * review per line. A single line with commas counts as CSV. */
static ut_format format_from_content(const char *head, size_t len) {
    size_t i = is_bom(head, len) ? 3 : 0;
    while (i < len && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n'))
        i++;
    if (i >= len) return UT_FORMAT_LINES;
    if (head[i] == '{' || head[i] == '[') return UT_FORMAT_JSONL;

    long tabs_first = -1, commas_first = -1;
    int tabs_same = 1, commas_same = 1, lines = 0;
    long tabs = 0, commas = 0;
    int in_quotes = 0;
    for (size_t j = i; j < len && lines < 50; j++) {
        char c = head[j];
        if (c == '\t')
            tabs++;
        else if (c == '"')
            in_quotes = !in_quotes;
        else if (c == ',' && !in_quotes)
            commas++;
        else if (c == '\n') {
            if (tabs_first < 0)
                tabs_first = tabs;
            else if (tabs != tabs_first)
                tabs_same = 0;
            tabs = 0;
            if (!in_quotes) {
                if (commas_first < 0)
                    commas_first = commas;
                else if (commas != commas_first)
                    commas_same = 0;
                commas = 0;
            }
            lines++;
        }
    }
    if (lines == 0) { /* one unterminated line: judge it alone */
        tabs_first = tabs;
        commas_first = in_quotes ? 0 : commas;
    }
    if (tabs_same && tabs_first >= 1) return UT_FORMAT_TSV;
    if (commas_same && commas_first >= 1) return UT_FORMAT_CSV;
    return UT_FORMAT_LINES;
}

ut_format ut_format_sniff(const char *name, const char *head, size_t head_len) {
    ut_format f = format_from_name(name);
    if (f != UT_FORMAT_AUTO) return f;
    return format_from_content(head, head ? head_len : 0);
}

/* ---- parser configuration ---- */

static void reset_columns(ut_record_parser *p) {
    p->max_col = -1;
    for (int r = 0; r < UT_ROLE_COUNT; r++) {
        p->col[r] = -1;
        if (r < p->n_roles && p->column[r] > 0) p->col[r] = p->column[r] - 1;
    }
    /* Without a header (or before one is seen) the text is column 1. */
    if (p->text_by_default) p->col[UT_ROLE_TEXT] = 0;
    for (int r = 0; r < p->n_roles; r++)
        if (p->col[r] > p->max_col) p->max_col = p->col[r];
}

static void free_header(ut_record_parser *p) {
    for (size_t i = 0; i < p->n_header; i++)
        free(p->header[i]);
    free(p->header);
    p->header = NULL;
    p->n_header = 0;
    p->header_end = 0;
}

static void build_json_keys(ut_record_parser *p) {
    p->n_keys = 0;
    memset(p->key_bucket, 0, sizeof p->key_bucket);
    p->any_column_ref = 0;
    for (int r = 0; r < p->n_roles; r++) {
        if (p->name[r]) {
            p->keys[p->n_keys++] = (ut_json_key){p->name[r], p->name_len[r], 0, r};
        } else if (p->column[r] > 0) {
            p->any_column_ref = 1;
        }
    }
    if (p->text_by_default)
        for (int k = 0; k < UT_DEFAULT_TEXT_COUNT; k++)
            p->keys[p->n_keys++] =
                (ut_json_key){ut_default_text_names[k], strlen(ut_default_text_names[k]), 0, UT_ROLE_COUNT + k};
    if (p->id_by_default)
        for (int k = 0; k < UT_DEFAULT_ID_COUNT; k++)
            p->keys[p->n_keys++] = (ut_json_key){ut_default_id_names[k], strlen(ut_default_id_names[k]), 0,
                                                 UT_ROLE_COUNT + UT_DEFAULT_TEXT_COUNT + k};
    for (int k = 0; k < p->n_keys; k++) {
        ut_json_key *key = &p->keys[k];
        key->signature = ut_key_signature(key->name, key->len);
        p->key_bucket[ut_key_bucket(key->signature)] |= (uint32_t)1 << k;
    }
}

int ut_record_parser_new(ut_record_parser **out, ut_format format, const ut_field_ref refs[UT_ROLE_COUNT], int n_groups,
                         ut_header_mode header, size_t max_record) {
    *out = NULL;
    if (format != UT_FORMAT_JSONL && format != UT_FORMAT_CSV && format != UT_FORMAT_TSV && format != UT_FORMAT_LINES)
        return ut_error_set(UT_EINVAL, "record parser: a concrete format is needed (not auto)");
    if (n_groups < 0 || n_groups > UT_MAX_GROUPS)
        return ut_error_set(UT_EINVAL, "at most %d --group fields", UT_MAX_GROUPS);
    ut_record_parser *p = ut_calloc(1, sizeof *p);
    if (!p) return UT_ENOMEM;
    p->format = format;
    p->header_mode = header;
    p->max_record = max_record ? max_record : DEFAULT_MAX_RECORD;
    p->max_quoted_lines = DEFAULT_MAX_QUOTED_LINES;
    p->n_roles = UT_ROLE_GROUP + n_groups;
    int err = 0;
    for (int r = 0; r < p->n_roles && refs; r++) {
        const ut_field_ref *ref = &refs[r];
        if (ref->name) {
            if (ref->name[0] == '\0') {
                err = ut_error_set(UT_EINVAL, "%s: empty field name", ut_record_role_option(r));
                goto fail;
            }
            p->name_len[r] = strlen(ref->name);
            p->name[r] = ut_strndup(ref->name, p->name_len[r]);
            if (!p->name[r]) {
                err = UT_ENOMEM;
                goto fail;
            }
        } else if (ref->column < 0) {
            err = ut_error_set(UT_EINVAL, "%s: column numbers start at 1 (got %d)", ut_record_role_option(r),
                               ref->column);
            goto fail;
        } else {
            p->column[r] = ref->column;
        }
    }
    p->text_by_default = !p->name[UT_ROLE_TEXT] && p->column[UT_ROLE_TEXT] == 0;
    p->id_by_default = !p->name[UT_ROLE_ID] && p->column[UT_ROLE_ID] == 0 && format != UT_FORMAT_LINES;
    if (format == UT_FORMAT_LINES) {
        /* The line is the text; there are no other fields to select. */
        for (int r = 0; r < p->n_roles; r++) {
            int selected = p->name[r] || p->column[r] > 0;
            if (selected && !(r == UT_ROLE_TEXT && p->column[r] == 1)) {
                err = ut_error_set(UT_EINVAL, "%s: the lines format has no fields (the whole line is the text)",
                                   ut_record_role_option(r));
                goto fail;
            }
        }
    }
    reset_columns(p);
    build_json_keys(p);
    *out = p;
    return 0;
fail:
    ut_record_parser_free(p);
    return err;
}

int ut_record_parser_clone(ut_record_parser **out, const ut_record_parser *p) {
    ut_field_ref refs[UT_ROLE_COUNT] = {{0}};
    for (int r = 0; r < p->n_roles; r++) {
        refs[r].name = p->name[r];
        refs[r].column = p->column[r];
    }
    int rc = ut_record_parser_new(out, p->format, refs, p->n_roles - UT_ROLE_GROUP, p->header_mode, p->max_record);
    if (rc == 0) (*out)->max_quoted_lines = p->max_quoted_lines;
    return rc;
}

void ut_record_parser_free(ut_record_parser *p) {
    if (!p) return;
    for (int r = 0; r < UT_ROLE_COUNT; r++)
        free(p->name[r]);
    free_header(p);
    free(p);
}

ut_format ut_record_parser_format(const ut_record_parser *p) {
    return p->format;
}

size_t ut_record_parser_max_record(const ut_record_parser *p) {
    return p->max_record;
}

size_t ut_record_parser_header_count(const ut_record_parser *p) {
    return p->n_header;
}

const char *ut_record_parser_header_name(const ut_record_parser *p, size_t i) {
    return i < p->n_header ? p->header[i] : NULL;
}

size_t ut_record_parser_header_end(const ut_record_parser *p) {
    return p->header_end;
}

/* ---- the CSV/TSV header ---- */

/* The header's names as "a, b, c" for messages (truncated). */
static void header_listing(const ut_record_parser *p, char *out, size_t cap) {
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < p->n_header && used + 8 < cap; i++) {
        size_t n = strlen(p->header[i]);
        const char *sep = i ? ", " : "";
        if (used + strlen(sep) + n + 5 >= cap) {
            memcpy(out + used, ", ...", 6);
            return;
        }
        used += (size_t)snprintf(out + used, cap - used, "%s%s", sep, p->header[i]);
    }
}

/* The header column named `name`: exact match first, then ignoring case.
 * The first column wins among equals. -1 when absent. */
static int header_find(const ut_record_parser *p, const char *name, size_t len) {
    for (int want = 2; want >= 1; want--)
        for (size_t i = 0; i < p->n_header; i++)
            if (ut_record_name_match(p->header[i], strlen(p->header[i]), name, len) == want) return (int)i;
    return -1;
}

static int any_role_by_name(const ut_record_parser *p) {
    for (int r = 0; r < p->n_roles; r++)
        if (p->name[r]) return r;
    return -1;
}

/* Auto mode: the first row is a header when one of its fields is a
 * requested name or a default text name. */
static int looks_like_header(const ut_record_parser *p) {
    if (any_role_by_name(p) >= 0) return 1;
    for (size_t i = 0; i < p->n_header; i++) {
        size_t n = strlen(p->header[i]);
        for (int k = 0; k < UT_DEFAULT_TEXT_COUNT; k++)
            if (ut_record_name_match(p->header[i], n, ut_default_text_names[k], strlen(ut_default_text_names[k])))
                return 1;
    }
    return 0;
}

static int resolve_header(ut_record_parser *p) {
    char listing[600];
    for (int r = 0; r < p->n_roles; r++) {
        if (!p->name[r]) continue;
        int c = header_find(p, p->name[r], p->name_len[r]);
        if (c < 0) {
            ut_record_names_by_closeness(p->name[r], (const char *const *)p->header, p->n_header, listing,
                                         sizeof listing);
            return ut_error_set(UT_EINVAL, "%s %s: no such column in the header (columns, closest first: %s)",
                                ut_record_role_option(r), p->name[r], listing);
        }
        p->col[r] = c;
    }
    for (int r = 0; r < p->n_roles; r++)
        if (!p->name[r] && p->column[r] > (int)p->n_header)
            return ut_error_set(UT_EINVAL, "%s %d: the header has only %zu columns", ut_record_role_option(r),
                                p->column[r], p->n_header);
    if (p->text_by_default) {
        p->col[UT_ROLE_TEXT] = -1;
        for (int k = 0; k < UT_DEFAULT_TEXT_COUNT && p->col[UT_ROLE_TEXT] < 0; k++)
            p->col[UT_ROLE_TEXT] = header_find(p, ut_default_text_names[k], strlen(ut_default_text_names[k]));
        if (p->col[UT_ROLE_TEXT] < 0) {
            header_listing(p, listing, sizeof listing);
            return ut_error_set(UT_EINVAL,
                                "no text column: the header has none of text, review_text, reviewText, review, "
                                "body, content, comment, Review Text; choose one with --text (columns: %s)",
                                listing);
        }
    }
    /* no --id: the first default id column, if the header has one */
    for (int k = 0; k < UT_DEFAULT_ID_COUNT && p->id_by_default && p->col[UT_ROLE_ID] < 0; k++)
        p->col[UT_ROLE_ID] = header_find(p, ut_default_id_names[k], strlen(ut_default_id_names[k]));
    p->max_col = -1;
    for (int r = 0; r < p->n_roles; r++)
        if (p->col[r] > p->max_col) p->max_col = p->col[r];
    return 0;
}

int ut_record_parser_take_header(ut_record_parser *p, const char *buf, size_t len) {
    if (p->format != UT_FORMAT_CSV && p->format != UT_FORMAT_TSV) return 0;
    free_header(p);
    reset_columns(p);
    int named = any_role_by_name(p);
    if (p->header_mode == UT_HEADER_NO) {
        if (named >= 0)
            return ut_error_set(UT_EINVAL, "%s %s: a field name needs a header row (--header no was given)",
                                ut_record_role_option(named), p->name[named]);
        return 0;
    }
    size_t start = is_bom(buf, len) ? 3 : 0;
    /* The header is the first non-blank record. */
    size_t end, content_end;
    for (;;) {
        if (start >= len) {
            if (named >= 0)
                return ut_error_set(UT_EINVAL, "%s %s: no header row (the input is empty or starts blank)",
                                    ut_record_role_option(named), p->name[named]);
            return 0;
        }
        /* buf holds the whole first row or the whole input: its end is
         * the end of the input (a quote open to it makes a runaway, the
         * row its first line, as everywhere) */
        ut_split_state st;
        end = start + ut_record_extent(p, buf + start, len - start, &st);
        content_end = end;
        if (content_end > start && buf[content_end - 1] == '\n') content_end--;
        if (content_end > start && buf[content_end - 1] == '\r') content_end--;
        if (!is_blank(buf + start, content_end - start)) break;
        start = end;
    }
    int err = ut_csv_split_owned(p->format, buf + start, content_end - start, &p->header, &p->n_header);
    if (err < 0) return err;
    int is_header = p->header_mode == UT_HEADER_YES || looks_like_header(p);
    if (!is_header) {
        free_header(p);
        return 0;
    }
    err = resolve_header(p);
    if (err < 0) return err;
    p->header_end = end;
    return 1;
}

/* ---- record boundaries ---- */

size_t ut_record_scan_first(const ut_record_parser *p, ut_split_state *st, const char *buf, size_t len) {
    if (p->format == UT_FORMAT_CSV) return ut_csv_scan_first(st, buf, len, p->max_quoted_lines);
    const char *nl = len ? memchr(buf, '\n', len) : NULL;
    return nl ? (size_t)(nl - buf) + 1 : SIZE_MAX;
}

size_t ut_record_extent(const ut_record_parser *p, const char *buf, size_t len, ut_split_state *st) {
    memset(st, 0, sizeof *st);
    size_t e = ut_record_scan_first(p, st, buf, len);
    if (e != SIZE_MAX) return e;
    /* the end of the input inside quotes: a runaway too (a quote that
     * is the input's last byte closed its field) */
    if (st->in_quotes != 1) return len;
    st->runaway = UT_RUNAWAY_END;
    return st->first_lf_end ? (size_t)st->first_lf_end : len;
}

void ut_record_parser_set_max_quoted_lines(ut_record_parser *p, uint32_t max_lines) {
    p->max_quoted_lines = max_lines ? max_lines : DEFAULT_MAX_QUOTED_LINES;
}

uint32_t ut_record_parser_max_quoted_lines(const ut_record_parser *p) {
    return p->max_quoted_lines;
}

/* End of the last complete record in buf[lo, len), where lo is a record
 * boundary; lo when there is none. A line format just looks back for an
 * LF; CSV must walk forward record by record, since where a record starts
 * decides whether a quote is stray (the quote parity from lo alone no
 * longer tells, once a runaway record restarts the count). */
static size_t last_record_end(const ut_record_parser *p, const char *buf, size_t lo, size_t len) {
    if (p->format != UT_FORMAT_CSV) {
        const char *nl = len > lo ? memrchr(buf + lo, '\n', len - lo) : NULL;
        return nl ? (size_t)(nl - buf) + 1 : lo;
    }
    size_t pos = lo;
    for (;;) {
        ut_split_state st = {0};
        size_t e = pos < len ? ut_record_scan_first(p, &st, buf + pos, len - pos) : SIZE_MAX;
        if (e == SIZE_MAX) return pos;
        pos += e;
    }
}

size_t ut_record_scan_cuts(const ut_record_parser *p, const char *buf, size_t len, size_t target, size_t *cuts,
                           size_t max_cuts) {
    if (max_cuts == 0 || len == 0) return 0;
    if (target == 0) target = 1;
    size_t n = 0, last_cut = 0;
    if (p->format == UT_FORMAT_CSV) {
        /* record by record (see last_record_end), cutting at the first
         * record end at or past each target */
        size_t pos = 0, no_cut_before = 0;
        while (pos < len) {
            ut_split_state st = {0};
            size_t e = ut_record_scan_first(p, &st, buf + pos, len - pos);
            if (e == SIZE_MAX) break;
            /* A runaway's batch reaches past where it was found, so the
             * parser finds it there too and can say which lines it ran over. */
            if (st.runaway) no_cut_before = UT_MAX(no_cut_before, pos + (size_t)st.runaway_at);
            pos += e;
            if (pos - last_cut >= target && pos >= no_cut_before && n + 1 < max_cuts) cuts[n++] = last_cut = pos;
        }
        if (pos > last_cut) cuts[n++] = pos;
        return n;
    }
    /* Between cuts nothing matters in a line format, so the scan jumps to
     * each target and looks for the next LF there. */
    while (n + 1 < max_cuts) {
        if (target >= len - last_cut) break;
        size_t from = last_cut + target - 1; /* the LF may sit here: the cut is then exactly at the target */
        ut_split_state st = {0};
        size_t e = ut_record_scan_first(p, &st, buf + from, len - from);
        if (e == SIZE_MAX) break;
        last_cut = from + e;
        cuts[n++] = last_cut;
        if (last_cut >= len) return n;
    }
    size_t end = last_record_end(p, buf, last_cut, len);
    if (end > last_cut) cuts[n++] = end;
    return n;
}

/* Counts the non-blank records of buf, which holds whole records: the
 * framing of ut_record_next without the parsing. */
size_t ut_record_count(const ut_record_parser *p, const char *buf, size_t len) {
    size_t pos = is_bom(buf, len) ? 3 : 0, count = 0;
    if (p->format != UT_FORMAT_CSV) {
        while (pos < len) {
            const char *nl = memchr(buf + pos, '\n', len - pos);
            size_t end = nl ? (size_t)(nl - buf) : len;
            /* Most lines start with a non-blank byte: one test decides. */
            char c = buf[pos];
            if (pos < end && c != ' ' && c != '\t' && c != '\r')
                count++;
            else if (!is_blank(buf + pos, end - pos))
                count++;
            pos = end + 1;
        }
        return count;
    }
    while (pos < len) {
        ut_split_state st;
        size_t end = pos + ut_record_extent(p, buf + pos, len - pos, &st);
        size_t content = end - pos;
        if (!st.runaway && buf[end - 1] == '\n') content--;
        if (st.runaway || !is_blank(buf + pos, content)) count++;
        pos = end;
    }
    return count;
}

/* ---- one record ---- */

static void read_rating_and_date(const ut_record_parser *p, ut_record *rec) {
    const ut_field_value *r = &rec->field[UT_ROLE_RATING];
    if (r->present && !is_empty_text(r)) {
        if (ut_parse_rating(r->data, r->len, &rec->rating) == 0)
            rec->has_rating = 1;
        else
            rec->rating_invalid = 1;
    }
    const ut_field_value *d = &rec->field[UT_ROLE_DATE];
    if (d->present && !is_empty_text(d)) {
        if (ut_parse_date(d->data, d->len, &rec->day) == 0)
            rec->has_day = 1;
        else
            rec->date_invalid = 1;
    }
    (void)p;
}

int ut_record_next(const ut_record_parser *p, const char *buf, size_t len, size_t *pos, ut_record *rec,
                   ut_arena *scratch, ut_bad_reason *bad) {
    size_t at = *pos;
    if (at == 0 && is_bom(buf, len)) at = 3;
    size_t end, content_end;
    int open_quote = 0;
    ut_split_state st;
    for (;;) {
        if (at >= len) {
            *pos = len;
            return 0;
        }
        end = at + ut_record_extent(p, buf + at, len - at, &st);
        open_quote = st.runaway != 0;
        content_end = end;
        if (!open_quote) {
            if (content_end > at && buf[content_end - 1] == '\n') content_end--;
            if (content_end > at && buf[content_end - 1] == '\r') content_end--;
        }
        if (open_quote || !is_blank(buf + at, content_end - at)) break;
        at = end;
    }
    memset(rec, 0, sizeof *rec);
    rec->offset = at;
    rec->length = end - at;
    *pos = end;
    *bad = UT_BAD_NONE;
    if (rec->length > p->max_record) {
        *bad = UT_BAD_TOO_LARGE;
        return -1;
    }
    if (open_quote) {
        rec->quoted_lines = st.quoted_lines;
        rec->runaway_cause = st.runaway;
        *bad = UT_BAD_CSV_QUOTE;
        return -1;
    }
    const char *s = buf + at;
    size_t n = content_end - at;
    /* Nothing that was never text is analysed: bytes of a binary file or a
     * damaged block would otherwise become "reviews" of noise. */
    if (ut_sniff_record_is_binary(s, n)) {
        *bad = UT_BAD_BINARY;
        return -1;
    }
    int rc;
    switch (p->format) {
    case UT_FORMAT_JSONL:
        rc = ut_jsonl_fields(p, s, n, rec, scratch, bad);
        break;
    case UT_FORMAT_CSV:
    case UT_FORMAT_TSV:
        rc = ut_csv_fields(p, s, n, rec, scratch, bad);
        break;
    default:
        rc = ut_lines_fields(p, s, n, rec, scratch, bad);
        break;
    }
    if (rc < 0) return -1;
    const ut_field_value *text = &rec->field[UT_ROLE_TEXT], *title = &rec->field[UT_ROLE_TITLE];
    if (!text->present && !title->present) {
        *bad = UT_BAD_MISSING_TEXT;
        return -1;
    }
    if (is_empty_text(text) && is_empty_text(title)) {
        *bad = UT_BAD_EMPTY_TEXT;
        return -1;
    }
    read_rating_and_date(p, rec);
    return 1;
}
