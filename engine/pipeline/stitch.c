/* stitch.c — cutting jobs into pieces of whole records; see stitch.h.
 *
 * The idea: a record boundary is decided by the record format's own rule
 * (record.h), applied from a known record start, so the pieces of a job
 * are found with ut_record_scan_cuts and only the record that straddles two
 * jobs is copied. CSV makes the carry more than a buffer: a quote that
 * turns out to be stray (a runaway, record.h) ends its record at its first
 * line, which may already lie in the carry, and then the carried bytes after
 * it are records again and are split anew. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/common.h"
#include "pipeline/stitch.h"

void ut_stitcher_start(ut_stitcher *st, ut_record_parser *parser, const char *path, size_t max_record, size_t target) {
    ut_buf_free(&st->carry);
    memset(st, 0, sizeof *st);
    st->parser = parser;
    st->path = path;
    st->max_record = max_record;
    st->target = target ? target : 1;
    st->at_start = 1;
    ut_format fmt = ut_record_parser_format(parser);
    st->header_pending = fmt == UT_FORMAT_CSV || fmt == UT_FORMAT_TSV;
}

void ut_stitcher_set_emit(ut_stitcher *st, ut_stitch_emit emit, void *ctx) {
    st->emit = emit;
    st->ctx = ctx;
}

int ut_stitcher_pending(const ut_stitcher *st) {
    return st->carry.len || st->carry_oversized;
}

void ut_stitcher_free(ut_stitcher *st) {
    ut_buf_free(&st->carry);
}

uint64_t ut_count_lines(const char *s, size_t n) {
    uint64_t lines = 0;
    if (n == 0) return 0; /* s may be NULL then (an empty carry): memchr must not see it */
    for (const char *end = s + n; (s = memchr(s, '\n', (size_t)(end - s))) != NULL; s++)
        lines++;
    return lines;
}

/* Hands a piece to the receiver, with the header lines skipped before it. */
static int emit(ut_stitcher *st, ut_stitch_piece *piece) {
    piece->lead_lines = st->skipped_lines;
    st->skipped_lines = 0;
    return st->emit(st->ctx, piece);
}

/* Emits the carried bytes (one complete record, or a runaway's lines) as a
 * piece of its own; end_cause as ut_stitch_piece says. */
static int emit_carry(ut_stitcher *st, int end_cause, uint32_t end_quoted_lines) {
    if (st->carry.failed) return UT_ENOMEM;
    ut_stitch_piece piece = {
        .stream_offset = st->carry_offset, .end_cause = end_cause, .end_quoted_lines = end_quoted_lines};
    if (st->carry_oversized) {
        piece.oversized = 1;
        piece.n_lines = st->oversized_lines;
    } else {
        piece.owned = st->carry.data;
        piece.data = st->carry.data;
        piece.len = st->carry.len;
        st->carry.data = NULL;
        st->carry.cap = 0;
    }
    st->carry.len = 0;
    st->carry_oversized = 0;
    st->oversized_lines = 0;
    memset(&st->carry_state, 0, sizeof st->carry_state);
    return emit(st, &piece);
}

/* Emits the first n carried bytes (whole records) as a piece of their own
 * and keeps the rest, which starts a record. */
static int emit_carry_prefix(ut_stitcher *st, size_t n, int end_cause, uint32_t end_quoted_lines) {
    char *copy = ut_malloc(n ? n : 1);
    if (!copy) return UT_ENOMEM;
    memcpy(copy, st->carry.data, n);
    ut_stitch_piece piece = {.data = copy,
                             .len = n,
                             .stream_offset = st->carry_offset,
                             .owned = copy,
                             .end_cause = end_cause,
                             .end_quoted_lines = end_quoted_lines};
    memmove(st->carry.data, st->carry.data + n, st->carry.len - n);
    st->carry.len -= n;
    st->carry_offset += n;
    memset(&st->carry_state, 0, sizeof st->carry_state);
    return emit(st, &piece);
}

/* CSV/TSV: offers the input's first record to the parser as a header. */
static int take_header(ut_stitcher *st, const char *rec, size_t len) {
    st->header_pending = 0;
    int r = ut_record_parser_take_header(st->parser, rec, len);
    if (r < 0) {
        char msg[1024];
        snprintf(msg, sizeof msg, "%s: %s", st->path, ut_error_last());
        return ut_error_set(r, "%s", msg);
    }
    return r; /* 1: it was the header */
}

/* Drops a header row of n bytes from the start of the carry. */
static void drop_carried_header(ut_stitcher *st, size_t n) {
    st->skipped_lines += ut_count_lines(st->carry.data, n);
    memmove(st->carry.data, st->carry.data + n, st->carry.len - n);
    st->carry.len -= n;
    st->carry_offset += n;
    memset(&st->carry_state, 0, sizeof st->carry_state);
}

/* CSV: the carried record is a runaway quote whose first line ended inside
 * the carry. That line is the bad record; the bytes after it are records
 * again, so they are split anew, and what is left incomplete stays carried
 * with its scan state. An oversized runaway's bytes were not kept: it is
 * one too_large record, as any record over the limit. */
static int split_runaway_carry(ut_stitcher *st) {
    if (st->carry_oversized) return emit_carry(st, 0, 0);
    int err = 0;
    /* the runaway's first line is the first row: offered as the header, as
     * it would be had no job boundary fallen inside it */
    int h = st->header_pending ? take_header(st, st->carry.data, st->carry.len) : 0;
    if (h < 0) return h;
    if (h == 1)
        drop_carried_header(st, ut_record_parser_header_end(st->parser));
    else
        err = emit_carry_prefix(st, (size_t)st->carry_state.first_lf_end, 0, 0);
    while (!err && st->carry.len) {
        size_t e = ut_record_scan_first(st->parser, &st->carry_state, st->carry.data, st->carry.len);
        if (e == SIZE_MAX) break; /* the state now describes the carry's end */
        err = emit_carry_prefix(st, e, 0, 0);
    }
    return err;
}

static int carry_append(ut_stitcher *st, const char *data, size_t len) {
    if (st->carry_oversized) {
        st->oversized_lines += ut_count_lines(data, len);
        return 0;
    }
    if (st->carry.len + len > st->max_record) {
        /* Keep scanning for the record's end but stop storing it: memory
         * stays bounded whatever the record's size. */
        st->carry_oversized = 1;
        st->oversized_lines = ut_count_lines(st->carry.data, st->carry.len) + ut_count_lines(data, len);
        ut_buf_free(&st->carry);
        return 0;
    }
    ut_buf_append(&st->carry, data, len);
    return st->carry.failed ? UT_ENOMEM : 0;
}

int ut_stitcher_feed(ut_stitcher *st, const char *d, size_t len, uint64_t off) {
    int err;
    size_t pos = 0;
    if (st->at_start && len) {
        st->at_start = 0;
        if (len >= 3 && memcmp(d, "\xEF\xBB\xBF", 3) == 0) pos = 3; /* UTF-8 byte order mark */
    }
    while (pos < len && (st->carry.len || st->carry_oversized)) {
        size_t e = ut_record_scan_first(st->parser, &st->carry_state, d + pos, len - pos);
        if (e == SIZE_MAX) {
            if ((err = carry_append(st, d + pos, len - pos))) return err;
            pos = len;
            break;
        }
        if (e == UT_SCAN_ENDED_BEFORE) {
            if ((err = split_runaway_carry(st))) return err;
            continue; /* what stays carried goes on into this job */
        }
        if ((err = carry_append(st, d + pos, e))) return err;
        pos += e;
        if (st->header_pending && !st->carry_oversized) {
            int h = take_header(st, st->carry.data, st->carry.len);
            if (h < 0) return h;
            if (h == 1) drop_carried_header(st, ut_record_parser_header_end(st->parser));
        }
        if (st->carry.len || st->carry_oversized)
            if ((err = emit_carry(st, 0, 0))) return err;
    }
    if (st->header_pending && pos < len) {
        ut_split_state hs = {0};
        size_t e = ut_record_scan_first(st->parser, &hs, d + pos, len - pos);
        if (e != SIZE_MAX) {
            /* The parser skips blank lines before the header row, so it
             * is given the whole job and says where the data starts. */
            int h = take_header(st, d + pos, len - pos);
            if (h < 0) return h;
            if (h == 1) {
                size_t end = ut_record_parser_header_end(st->parser);
                st->skipped_lines += ut_count_lines(d + pos, end);
                pos += end;
            }
        }
    }
    if (pos < len) {
        size_t rest = len - pos;
        size_t max_cuts = rest / st->target + 2;
        size_t *cuts = ut_malloc(max_cuts * sizeof *cuts);
        if (!cuts) return UT_ENOMEM;
        size_t n = ut_record_scan_cuts(st->parser, d + pos, rest, st->target, cuts, max_cuts);
        size_t prev = 0;
        for (size_t k = 0; k < n; k++) {
            if (cuts[k] <= prev) continue;
            ut_stitch_piece piece = {.data = d + pos + prev, .len = cuts[k] - prev, .stream_offset = off + pos + prev};
            if ((err = emit(st, &piece))) {
                free(cuts);
                return err;
            }
            prev = cuts[k];
        }
        free(cuts);
        if (prev < rest) {
            /* The tail is an incomplete record: carry it into the next job. */
            st->carry_offset = off + pos + prev;
            memset(&st->carry_state, 0, sizeof st->carry_state);
            (void)ut_record_scan_first(st->parser, &st->carry_state, d + pos + prev, rest - prev);
            if ((err = carry_append(st, d + pos + prev, rest - prev))) return err;
        }
    }
    return 0;
}

/* At the end of an input, what is carried is its last record (no newline),
 * or, in CSV, a quote still open at the end: a runaway that costs its first
 * line, after which the lines are records again. */
int ut_stitcher_finish(ut_stitcher *st) {
    if (!st->carry.len && !st->carry_oversized) return 0;
    if (st->header_pending && !st->carry_oversized) {
        int h = take_header(st, st->carry.data, st->carry.len);
        if (h < 0) return h;
        if (h == 1) drop_carried_header(st, ut_record_parser_header_end(st->parser));
    }
    if (st->carry_oversized) return emit_carry(st, 0, 0);
    while (st->carry.len) {
        ut_split_state rs;
        size_t e = ut_record_extent(st->parser, st->carry.data, st->carry.len, &rs);
        /* the input's final LF ends its last line, it starts none */
        if (rs.runaway == UT_RUNAWAY_END && rs.quoted_lines && st->carry.data[st->carry.len - 1] == '\n')
            rs.quoted_lines--;
        int err = e == st->carry.len ? emit_carry(st, rs.runaway, rs.quoted_lines)
                                     : emit_carry_prefix(st, e, rs.runaway, rs.quoted_lines);
        if (err) return err;
    }
    return 0;
}
