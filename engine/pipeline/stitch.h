/* stitch.h — cutting an input's jobs into pieces of whole records.
 *
 * The reader's jobs (corpus.h) end anywhere; the analysis wants pieces that
 * hold whole records, so that each can be counted and parsed on its own by
 * any thread. The stitcher cuts every job at record boundaries (about
 * every `target` bytes) and carries the incomplete record at its end into
 * the next job, copying only that record. It also takes the CSV/TSV header
 * row, and applies the CSV stray-quote rules (record.h) across job
 * boundaries, so the pieces are the same whatever the jobs were. One
 * stitcher serves one input at a time, on one thread. */
#ifndef UT_STITCH_H
#define UT_STITCH_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"
#include "record/record.h"

/* One piece, handed out in input order. */
typedef struct ut_stitch_piece {
    const char *data; /* whole records; NULL for an oversized one */
    size_t len;
    uint64_t stream_offset; /* offset of data[0] in the input's decompressed stream */
    char *owned;            /* non-NULL: data is a copy, which the receiver now owns */
    int oversized;          /* one record over max_record, not kept: too_large */
    uint64_t lead_lines;    /* line breaks of a header row skipped just before it */
    uint64_t n_lines;       /* an oversized record's line breaks (others: count them in data) */
    /* A runaway quote that only the end of the input revealed is a piece
     * of its own: its ut_runaway_cause and the line breaks it ran over. */
    int end_cause;
    uint32_t end_quoted_lines;
} ut_stitch_piece;

/* Receives a piece; returns 0, or an error status after freeing
 * piece->owned (which it owns in either case). */
typedef int (*ut_stitch_emit)(void *ctx, ut_stitch_piece *piece);

typedef struct ut_stitcher {
    ut_record_parser *parser; /* borrowed; the stitcher offers it the header */
    const char *path;         /* borrowed, for messages */
    size_t max_record;
    size_t target; /* bytes of records per piece, roughly */
    ut_stitch_emit emit;
    void *ctx;
    ut_buf carry; /* bytes of an incomplete record */
    uint64_t carry_offset;
    ut_split_state carry_state; /* split state at the end of carry */
    int carry_oversized;        /* the carried record outgrew max_record: scanning for its end */
    uint64_t oversized_lines;   /* line breaks of the oversized record's bytes (not kept) */
    uint64_t skipped_lines;     /* line breaks of a header row skipped, for the next piece */
    int header_pending;         /* CSV/TSV: the first record may be a header */
    int at_start;               /* nothing of this input stitched yet (BOM check) */
} ut_stitcher;

/* Starts an input: frees what a previous one left. */
void ut_stitcher_start(ut_stitcher *st, ut_record_parser *parser, const char *path, size_t max_record, size_t target);
/* Where the next pieces go (the receiver may change between jobs). */
void ut_stitcher_set_emit(ut_stitcher *st, ut_stitch_emit emit, void *ctx);
/* Cuts one job. Errors: UT_ENOMEM, UT_EINVAL (a header that lacks a named
 * field; the message names the path), or the receiver's. */
int ut_stitcher_feed(ut_stitcher *st, const char *data, size_t len, uint64_t stream_offset);
/* At the end of the input: what is carried is its last record(s). */
int ut_stitcher_finish(ut_stitcher *st);
/* Nonzero while bytes are carried (the input is not finished). */
int ut_stitcher_pending(const ut_stitcher *st);
void ut_stitcher_free(ut_stitcher *st);

/* The line feeds in s[0, n). */
uint64_t ut_count_lines(const char *s, size_t n);

#endif
