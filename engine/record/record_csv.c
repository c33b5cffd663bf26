/* record_csv.c — CSV (RFC 4180) and TSV records: the quote-aware boundary
 * scan and the split of one record into fields.
 *
 * The idea: a record ends at an LF outside quotes. A quote opens a quoted
 * field only as the field's first byte (after optional spaces), so a stray
 * quote inside a field (`5" screen`) cannot turn the quoting of the rest of
 * the file inside out; inside quotes `""` is a quote and any other '"'
 * closes. A quote left open for max_quoted_lines line breaks is taken for a
 * stray one: its record ends at its first LF (see record.h). The splitter therefore only ever looks for two bytes and
 * jumps between them with memchr. The field parser then works inside the
 * record the splitter found and is strict: text after a closing quote, or a
 * quote inside an unquoted field, makes the record bad (csv_syntax) rather
 * than silently moving the boundary. Spaces and tabs around a quoted field
 * are allowed. TSV has no quoting at all: a field runs to the next tab. */
#include <stdlib.h>
#include <string.h>

#include "util/common.h"
#include "record/record_internal.h"

/* Whether the quote at q opens a quoted field: only spaces and tabs lie
 * between it and the field's start (a comma, or the record's start; what
 * came before buf is summed up in st->mid_field). */
static int opens_field(const ut_split_state *st, const char *buf, const char *q) {
    const char *p = q;
    while (p > buf && (p[-1] == ' ' || p[-1] == '\t'))
        p--;
    return p == buf ? !st->mid_field : p[-1] == ',';
}

/* Counts the line breaks of the quoted span [s, stop); 1 when they reach
 * the limit (the record is a runaway), else 0. */
static int count_quoted_lines(ut_split_state *st, const char *buf, const char *s, const char *stop, uint64_t base,
                              uint32_t max_quoted_lines) {
    for (const char *lf = memchr(s, '\n', (size_t)(stop - s)); lf; lf = memchr(lf + 1, '\n', (size_t)(stop - lf - 1))) {
        if (!st->first_lf_end) st->first_lf_end = base + (uint64_t)(lf - buf) + 1;
        if (++st->quoted_lines >= max_quoted_lines) {
            st->runaway_at = base + (uint64_t)(lf - buf) + 1;
            return 1;
        }
    }
    return 0;
}

/* A runaway record ends at its first LF: the answer of ut_csv_scan_first. */
static size_t runaway(ut_split_state *st, int cause, uint64_t base) {
    st->runaway = cause;
    return st->first_lf_end > base ? (size_t)(st->first_lf_end - base) : UT_SCAN_ENDED_BEFORE;
}

size_t ut_csv_scan_first(ut_split_state *st, const char *buf, size_t len, uint32_t max_quoted_lines) {
    const char *s = buf, *end = buf + len;
    const char *nl = NULL;       /* the next LF at or after s (end: none), kept
                                    across quoted fields so it is searched once */
    uint64_t base = st->scanned; /* the record's offset of buf[0] */
    if (st->in_quotes == 2 && s < end) {
        /* the previous piece ended on a quote inside quotes: "" or the end */
        if (*s == '"') {
            st->in_quotes = 1;
            s++;
        } else {
            st->in_quotes = 0;
            st->after_close = 1;
        }
    }
    while (s < end) {
        if (st->after_close) {
            /* A quote that ran over lines and is "closed" by one followed by
             * text did not close its field: that quote opened the next
             * quoted field, so the first one was stray. (Text after a quote
             * on the same line is the parser's csv_syntax, one line lost.) */
            while (s < end && (*s == ' ' || *s == '\t'))
                s++;
            if (s == end) break;
            st->after_close = 0;
            if (*s != ',' && *s != '\r' && *s != '\n' && st->quoted_lines > st->open_lines) {
                st->runaway_at = base + (uint64_t)(s - buf);
                return runaway(st, UT_RUNAWAY_CLOSED, base);
            }
            continue;
        }
        if (st->in_quotes) {
            const char *q = memchr(s, '"', (size_t)(end - s));
            /* Line breaks inside quotes are counted, so a quote that never
             * closes is caught within max_quoted_lines lines rather than
             * swallowing the rest of the file. */
            if (count_quoted_lines(st, buf, s, q ? q : end, base, max_quoted_lines))
                return runaway(st, UT_RUNAWAY_LIMIT, base);
            if (!q) break;
            if (q + 1 == end) { /* "" or the closing quote: the next piece tells */
                st->in_quotes = 2;
                st->mid_field = 1;
                s = end;
                break;
            }
            if (q[1] == '"') { /* an escaped quote */
                s = q + 2;
                continue;
            }
            st->in_quotes = 0;
            st->mid_field = 1;
            st->after_close = 1;
            s = q + 1;
            continue;
        }
        if (!nl || nl < s) {
            nl = memchr(s, '\n', (size_t)(end - s));
            if (!nl) nl = end;
        }
        const char *q = s;
        /* a quote inside an unquoted field is text to the splitter (the
         * field parser calls it csv_syntax): only a field's first quote opens */
        while ((q = memchr(q, '"', (size_t)(nl - q))) != NULL && !opens_field(st, buf, q))
            q++;
        if (!q) {
            if (nl == end) break;
            memset(st, 0, sizeof *st);
            return (size_t)(nl - buf) + 1;
        }
        st->in_quotes = 1;
        st->open_lines = st->quoted_lines;
        s = q + 1;
    }
    if (!st->in_quotes && !st->after_close) {
        /* the field state carried into the next piece */
        const char *p = end;
        while (p > buf && (p[-1] == ' ' || p[-1] == '\t'))
            p--;
        if (p > buf) st->mid_field = p[-1] != ',';
    }
    st->scanned = base + len;
    return SIZE_MAX;
}

/* One field of a record's content s[0, n), read from *pos. */
typedef struct csv_field {
    const char *data;
    size_t len;
    int doubled_quotes; /* a quoted field holding "" pairs: needs unescaping */
} csv_field;

/* Reads the field at *pos. Returns 1 and sets *more (a separator follows)
 * and *pos past the separator, or -1 with *bad set. */
static int next_field(const char *s, size_t n, size_t *pos, int quoting, char sep, csv_field *f, int *more,
                      ut_bad_reason *bad) {
    const char *p = s + *pos, *end = s + n;
    f->doubled_quotes = 0;
    if (quoting) {
        const char *q = p;
        while (q < end && (*q == ' ' || *q == '\t'))
            q++;
        if (q < end && *q == '"') {
            const char *body = q + 1, *c = body;
            for (;;) {
                const char *r = memchr(c, '"', (size_t)(end - c));
                if (!r) {
                    *bad = UT_BAD_CSV_QUOTE;
                    return -1;
                }
                if (r + 1 < end && r[1] == '"') {
                    f->doubled_quotes = 1;
                    c = r + 2;
                    continue;
                }
                f->data = body;
                f->len = (size_t)(r - body);
                c = r + 1;
                break;
            }
            while (c < end && (*c == ' ' || *c == '\t'))
                c++;
            if (c == end) {
                *more = 0;
                *pos = n;
                return 1;
            }
            if (*c != sep) {
                *bad = UT_BAD_CSV_SYNTAX;
                return -1;
            }
            *more = 1;
            *pos = (size_t)(c - s) + 1;
            return 1;
        }
    }
    const char *stop = memchr(p, sep, (size_t)(end - p));
    if (!stop) stop = end;
    if (quoting && memchr(p, '"', (size_t)(stop - p))) {
        *bad = UT_BAD_CSV_SYNTAX;
        return -1;
    }
    f->data = p;
    f->len = (size_t)(stop - p);
    *more = stop < end;
    *pos = stop < end ? (size_t)(stop - s) + 1 : n;
    return 1;
}

/* Removes one quote of every "" pair, into dst (at least f->len bytes). */
static size_t unescape_quotes(const csv_field *f, char *dst) {
    const char *s = f->data, *end = f->data + f->len;
    size_t k = 0;
    /* Copy the runs between pairs whole: a byte loop here was most of the
     * CSV parse time on reviews that quote speech (bench_record). */
    while (s < end) {
        const char *q = memchr(s, '"', (size_t)(end - s));
        size_t run = q ? (size_t)(q - s) + 1 : (size_t)(end - s); /* keep one quote of the pair */
        memcpy(dst + k, s, run);
        k += run;
        s += run + (q ? 1 : 0);
    }
    return k;
}

int ut_csv_fields(const ut_record_parser *p, const char *s, size_t n, ut_record *rec, ut_arena *scratch,
                  ut_bad_reason *bad) {
    int quoting = p->format == UT_FORMAT_CSV;
    char sep = quoting ? ',' : '\t';
    size_t pos = 0;
    int more = 1;
    /* Every field is read, even past the last selected one, so a malformed
     * record is reported whatever columns were chosen. */
    for (int col = 0; more; col++) {
        csv_field f;
        if (next_field(s, n, &pos, quoting, sep, &f, &more, bad) < 0) return -1;
        if (col > p->max_col) continue;
        for (int r = 0; r < p->n_roles; r++) {
            if (p->col[r] != col) continue;
            ut_field_value *v = &rec->field[r];
            v->present = 1;
            v->data = f.data;
            v->len = f.len;
            if (f.doubled_quotes) {
                char *dst = ut_arena_alloc(scratch, f.len);
                if (!dst) goto nomem;
                v->len = unescape_quotes(&f, dst);
                v->data = dst;
            }
        }
    }
    return 0;
nomem:
    *bad = UT_BAD_NONE;
    return -1;
}

int ut_csv_split_owned(ut_format format, const char *s, size_t n, char ***out, size_t *n_out) {
    int quoting = format == UT_FORMAT_CSV;
    char sep = quoting ? ',' : '\t';
    size_t cap = 16, count = 0, pos = 0;
    char **names = ut_malloc(cap * sizeof *names);
    if (!names) return UT_ENOMEM;
    int more = 1, err = 0;
    while (more) {
        csv_field f;
        ut_bad_reason bad = UT_BAD_NONE;
        if (next_field(s, n, &pos, quoting, sep, &f, &more, &bad) < 0) {
            err = ut_error_set(UT_EINVAL, "the header row is malformed (%s)", ut_bad_reason_name(bad));
            goto fail;
        }
        if (count == cap) {
            char **grown = ut_realloc(names, 2 * cap * sizeof *names);
            if (!grown) {
                err = UT_ENOMEM;
                goto fail;
            }
            names = grown;
            cap *= 2;
        }
        char *name = ut_malloc(f.len + 1);
        if (!name) {
            err = UT_ENOMEM;
            goto fail;
        }
        size_t len = f.doubled_quotes ? unescape_quotes(&f, name) : (memcpy(name, f.data, f.len), f.len);
        /* "id, text" names its second column "text": spaces around a name
         * are layout, not part of it. */
        size_t lead = 0;
        while (lead < len && (name[lead] == ' ' || name[lead] == '\t'))
            lead++;
        while (len > lead && (name[len - 1] == ' ' || name[len - 1] == '\t'))
            len--;
        memmove(name, name + lead, len - lead);
        name[len - lead] = '\0';
        names[count++] = name;
    }
    *out = names;
    *n_out = count;
    return 0;
fail:
    for (size_t i = 0; i < count; i++)
        free(names[i]);
    free(names);
    return err;
}
