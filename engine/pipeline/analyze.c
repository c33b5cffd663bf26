/* analyze.c — the parallel pipeline and the scheduler: the only file with
 * `#pragma omp` in the analysis path.
 *
 * Data flows one way: read → stitch → count → parse/tokenize/score/attribute
 * → aggregate → write. Work proceeds in rounds. In each round the reader
 * plans a bounded set of jobs (slices of a mapped file, or zstd frames to
 * decompress in parallel, or windows a single thread decoded), the stitcher
 * cuts them into batches of whole records (copying only the few records that
 * straddle two jobs), a parallel pass counts the records of every batch so
 * each knows the number of its first record, and a second parallel pass
 * analyses the batches. While that pass runs, the scheduling thread already
 * plans the next round, so a single-threaded decoder overlaps the analysis.
 * Results leave in batch order: per-review rows are written in input order,
 * and the aggregates, being exact integer sums, do not depend on which
 * thread took which batch. Memory is bounded by two rounds of jobs. */
#include <errno.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "aggregate/aggregate.h"
#include "pipeline/analyzer.h"
#include "util/buf.h"
#include "util/common.h"
#include "corpus/corpus.h"
#include "record/input_sniff.h"
#include "output/output_sqlite.h"
#include "record/record.h"
#include "output/result.h"
#include "output/scores_writer.h"
#include "aggregate/suggest.h"
#include "pipeline/stitch.h"

enum {
    BATCH_TARGET = 256 * 1024, /* bytes of records per analysis task */
    JOBS_PER_THREAD = 2,       /* jobs planned per thread and round */
    DEFAULT_WINDOW = 4 * 1024 * 1024,
    DEFAULT_MAX_RECORD = 64 * 1024 * 1024
};

typedef struct batch {
    const char *data;
    size_t len;
    uint64_t stream_offset;
    char *owned;           /* stitched records, copied; else data points into a job */
    int oversized;         /* one record over the size limit: counted bad, not parsed */
    uint64_t n_records;    /* from the counting pass */
    uint64_t first_record; /* number of its first record, 1-based over all inputs */
    uint64_t lead_lines;   /* line breaks skipped just before it (a header row) */
    uint64_t n_lines;      /* its line breaks (counting pass; the stitcher's for an oversized record) */
    uint64_t first_line;   /* line number of its first byte, 1-based within its input */
    uint64_t reviews;      /* good records analysed */
    uint64_t bad;
    int has_first_bad;
    uint64_t first_bad_record;
    uint64_t first_bad_offset;
    ut_bad_reason first_bad_reason;
    /* csv_unterminated_quote's message: its line, why the quote was taken
     * for a stray one and the line breaks it ran over. The parser sees that
     * within its batch; a batch that the stitcher cut from the end of the
     * input knows it from the whole rest of the input (end_cause). */
    uint64_t first_bad_line;
    int first_bad_cause;
    uint32_t first_bad_quoted_lines;
    int end_cause;
    uint32_t end_quoted_lines;
    ut_buf scores;       /* formatted --scores rows */
    ut_buf mentions;     /* formatted --mentions rows */
    ut_review_rows rows; /* rows for on_review and the SQLite reviews */
    int status;
    char message[512];
} batch;

typedef struct worker {
    ut_review_scratch scratch;
    ut_arena record_arena;
    ut_aggregate *agg;
    ut_theme_tally tally;
    ut_suggest *suggest;          /* --suggest-themes: this worker's counts, else NULL */
    double stage[UT_STAGE_COUNT]; /* seconds per stage, with measure_stages */
} worker;

typedef struct round {
    ut_corpus_job *jobs;
    int *job_status;
    char (*job_message)[512];
    size_t n_jobs;
    batch *batches;
    size_t n_batches, cap_batches;
    int plan_status;
} round;

typedef struct pipeline {
    const ut_analyzer *an;
    const ut_run_options *run; /* never NULL: the caller's, or the defaults */
    ut_result *res;
    worker *workers;
    int threads;
    size_t window;
    size_t max_record;
    ut_scores_writer *scores;
    ut_scores_writer *mentions;
    ut_sqlite_writer *sqlite;
    uint64_t records_before; /* records numbered so far, over all inputs */
    uint64_t lines_before;   /* line breaks counted so far in the current input */
    uint64_t input_done_before;
    uint64_t input_total;
    int count_only; /* ut_count_records: stitch and count, analyse nothing */
    /* current input */
    const char *path;
    ut_corpus *corpus;
    ut_record_parser *parser;
    ut_stitcher st;
    ut_corpus **kept; /* per input: opened by the preflight and kept (a stream), else NULL */
    /* measure_stages: the scheduling thread's own stages (planning, split,
     * emit) are kept apart from the workers', which it may also run. */
    int measure;
    double main_stage[UT_STAGE_COUNT];
} pipeline;

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ---- rounds and batches -------------------------------------------------- */

static int round_init(round *r, size_t max_jobs) {
    memset(r, 0, sizeof *r);
    r->jobs = ut_calloc(max_jobs, sizeof *r->jobs);
    r->job_status = ut_calloc(max_jobs, sizeof *r->job_status);
    r->job_message = ut_calloc(max_jobs, sizeof *r->job_message);
    return r->jobs && r->job_status && r->job_message ? 0 : UT_ENOMEM;
}

static void round_release(pipeline *pl, round *r) {
    for (size_t i = 0; i < r->n_batches; i++) {
        batch *b = &r->batches[i];
        free(b->owned);
        ut_buf_free(&b->scores);
        ut_buf_free(&b->mentions);
        ut_review_rows_free(&b->rows);
    }
    r->n_batches = 0;
    if (pl->corpus)
        for (size_t i = 0; i < r->n_jobs; i++)
            ut_corpus_job_release(pl->corpus, &r->jobs[i]);
    r->n_jobs = 0;
}

static void round_free(pipeline *pl, round *r) {
    round_release(pl, r);
    free(r->batches);
    free(r->jobs);
    free(r->job_status);
    free(r->job_message);
}

static batch *add_batch(round *r) {
    if (r->n_batches == r->cap_batches) {
        size_t cap = r->cap_batches ? r->cap_batches * 2 : 64;
        batch *nb = ut_realloc(r->batches, cap * sizeof *nb);
        if (!nb) return NULL;
        r->batches = nb;
        r->cap_batches = cap;
    }
    batch *b = &r->batches[r->n_batches++];
    memset(b, 0, sizeof *b);
    return b;
}

/* The stitcher's receiver: each piece of whole records becomes a batch. */
static int take_piece(void *ctx, ut_stitch_piece *piece) {
    batch *b = add_batch(ctx);
    if (!b) {
        free(piece->owned);
        return UT_ENOMEM;
    }
    b->data = piece->data;
    b->len = piece->len;
    b->stream_offset = piece->stream_offset;
    b->owned = piece->owned;
    b->oversized = piece->oversized;
    b->lead_lines = piece->lead_lines;
    b->n_lines = piece->n_lines;
    b->end_cause = piece->end_cause;
    b->end_quoted_lines = piece->end_quoted_lines;
    return 0;
}

/* Cuts the loaded jobs of a round into batches of whole records. */
static int stitch_round(pipeline *pl, round *r) {
    ut_stitcher_set_emit(&pl->st, take_piece, r);
    for (size_t j = 0; j < r->n_jobs; j++) {
        int err = ut_stitcher_feed(&pl->st, r->jobs[j].data, r->jobs[j].len, r->jobs[j].stream_offset);
        if (err) return err;
    }
    return 0;
}

/* ---- analysing a batch (runs in parallel) ------------------------------- */

static void batch_fail(batch *b, int status) {
    b->status = status;
    snprintf(b->message, sizeof b->message, "%s", ut_error_last());
}

/* `rec` is the bad record parsed from the batch (NULL for an oversized one). */
static void note_bad(worker *w, batch *b, uint64_t record_no, const ut_record *rec, ut_bad_reason why) {
    ut_aggregate_add_bad(w->agg, why, 1);
    b->bad++;
    if (!b->has_first_bad) {
        b->has_first_bad = 1;
        b->first_bad_record = record_no;
        b->first_bad_offset = b->stream_offset + (rec ? rec->offset : 0);
        b->first_bad_reason = why;
        /* lines are counted for the first bad record of a batch only */
        b->first_bad_line = b->first_line + (rec ? ut_count_lines(b->data, rec->offset) : 0);
        b->first_bad_cause = b->end_cause ? b->end_cause : rec ? rec->runaway_cause : 0;
        b->first_bad_quoted_lines = b->end_cause ? b->end_quoted_lines : rec ? rec->quoted_lines : 0;
    }
}

static void process_batch(pipeline *pl, batch *b) {
    const ut_analyzer *an = pl->an;
    worker *w = &pl->workers[omp_get_thread_num()];
    if (b->oversized) {
        note_bad(w, b, b->first_record, NULL, UT_BAD_TOO_LARGE);
        return;
    }
    size_t pos = 0;
    uint64_t record_no = b->first_record - 1;
    ut_record rec;
    ut_bad_reason why;
    int r;
    char id_digits[24];
    double *const stage = pl->measure ? w->stage : NULL;
    double t = stage ? ut_stage_clock() : 0.0;
    for (;;) {
        ut_arena_reset(&w->record_arena);
        r = ut_record_next(pl->parser, b->data, b->len, &pos, &rec, &w->record_arena, &why);
        if (stage) t = ut_stage_lap(stage, UT_STAGE_PARSE, t);
        if (r == 0) break;
        record_no++;
        if (r < 0) {
            if (why == UT_BAD_NONE) { /* the parser's scratch allocation failed */
                batch_fail(b, UT_ENOMEM);
                return;
            }
            note_bad(w, b, record_no, &rec, why);
            continue;
        }
        const ut_field_value *text = &rec.field[UT_ROLE_TEXT], *title = &rec.field[UT_ROLE_TITLE];
        ut_review_analysis ra;
        int err =
            ut_analyze_review(an, &w->scratch, title->present ? title->data : NULL, title->present ? title->len : 0,
                              text->present ? text->data : "", text->present ? text->len : 0, &ra);
        if (err) {
            batch_fail(b, err);
            return;
        }
        if (stage) t = ut_stage_clock();
        ut_review_facts facts;
        memset(&facts, 0, sizeof facts);
        const ut_field_value *idf = &rec.field[UT_ROLE_ID];
        if (idf->present && idf->len) {
            facts.id = idf->data;
            facts.id_len = idf->len;
        } else {
            facts.id_len = (size_t)snprintf(id_digits, sizeof id_digits, "%llu", (unsigned long long)record_no);
            facts.id = id_digits;
        }
        facts.record_no = record_no;
        facts.sentiment = ra.sentiment;
        facts.has_rating = rec.has_rating;
        facts.rating = rec.rating;
        facts.has_date = rec.has_day;
        facts.day = rec.day;
        /* An unreadable rating or date keeps the review but is counted, so
         * nothing is dropped silently. */
        if (rec.rating_invalid) ut_aggregate_add_unreadable(w->agg, UT_BAD_RATING, 1);
        if (rec.date_invalid) ut_aggregate_add_unreadable(w->agg, UT_BAD_DATE, 1);
        facts.groups = &rec.field[UT_ROLE_GROUP];
        facts.n_groups = an->opts.n_groups;
        facts.mentions = ra.mentions;
        facts.n_mentions = ra.n_mentions;
        facts.tokens = &w->scratch.tokens;
        if (title->present) {
            facts.title = title->data;
            facts.title_len = title->len;
        }
        facts.text = text->present ? text->data : "";
        facts.text_len = text->present ? text->len : 0;
        if ((err = ut_aggregate_add(w->agg, &facts))) {
            batch_fail(b, err);
            return;
        }
        if (w->suggest) {
            const ut_suggest_review sr = {.record_no = record_no,
                                          .id = facts.id,
                                          .id_len = facts.id_len,
                                          .tokens = &w->scratch.tokens,
                                          .detail = &ra.detail,
                                          .lexicon = an->lexicon,
                                          .themes = an->themes,
                                          .mentions = ra.mentions,
                                          .n_mentions = ra.n_mentions,
                                          .title = title->present ? title->data : NULL,
                                          .title_len = title->present ? title->len : 0,
                                          .text = text->present ? text->data : "",
                                          .text_len = text->present ? text->len : 0};
            if ((err = ut_suggest_add(w->suggest, &sr))) {
                batch_fail(b, err);
                return;
            }
        }
        b->reviews++;
        if (pl->scores || pl->mentions || pl->sqlite || pl->run->on_review) {
            ut_theme_tally_build(&w->tally, ra.mentions, ra.n_mentions);
            if (pl->scores) ut_scores_format_row(pl->scores, &b->scores, &facts, &w->tally, an->themes);
            if (pl->mentions) ut_mentions_format_rows(&b->mentions, &facts, an->themes);
            if ((pl->run->on_review || pl->sqlite) && (err = ut_review_rows_add(&b->rows, &facts, &w->tally))) {
                batch_fail(b, err);
                return;
            }
        }
        if (stage) t = ut_stage_lap(stage, UT_STAGE_AGGREGATE, t);
    }
    if (b->scores.failed || b->mentions.failed) batch_fail(b, UT_ENOMEM);
}

/* ---- the sequential stage between rounds --------------------------------- */

/* What a reader of the file needs to find a stray quote. */
static void quote_detail(const batch *b, const char *reason, char *out, size_t cap) {
    unsigned long long line = (unsigned long long)b->first_bad_line, last = line + b->first_bad_quoted_lines;
    char where[160];
    switch (b->first_bad_cause) {
    case UT_RUNAWAY_LIMIT:
        snprintf(where, sizeof where, "was still open on line %llu, after --max-quoted-lines (%u) line breaks", last,
                 b->first_bad_quoted_lines);
        break;
    case UT_RUNAWAY_CLOSED:
        snprintf(where, sizeof where,
                 "was only closed on line %llu, by a quote with text after it (one that opens a field)", last);
        break;
    default:
        if (b->end_cause == UT_RUNAWAY_END)
            snprintf(where, sizeof where, "was still open at the end of the input, line %llu", last);
        else
            snprintf(where, sizeof where, "did not close");
        break;
    }
    if (b->first_bad_cause == UT_RUNAWAY_END && b->end_cause != UT_RUNAWAY_END)
        snprintf(out, cap,
                 "%s: a quote opened on line %llu %s; only line %llu was skipped, reading resumed on line %llu", reason,
                 line, where, line, line + 1);
    else
        snprintf(out, cap,
                 "%s: a quote opened on line %llu %s (lines %llu-%llu, %llu physical lines); only line %llu was "
                 "skipped, reading resumed on line %llu",
                 reason, line, where, line, last, last - line + 1, line, line + 1);
}

static int emit_round(pipeline *pl, round *r, uint64_t *bytes) {
    const ut_analyzer *an = pl->an;
    for (size_t i = 0; i < r->n_batches; i++) {
        batch *b = &r->batches[i];
        if (b->status) return ut_error_set(b->status, "%s", b->message);
        if (b->has_first_bad) {
            const char *reason = ut_bad_reason_name(b->first_bad_reason);
            char detail[320];
            if (b->first_bad_reason == UT_BAD_CSV_QUOTE) {
                quote_detail(b, reason, detail, sizeof detail);
                reason = detail;
            }
            if (pl->run->on_error == UT_ON_ERROR_FAIL)
                return ut_error_set(UT_EBADRECORD, "%s: record %llu (byte offset %llu): bad record: %s", pl->path,
                                    (unsigned long long)b->first_bad_record, (unsigned long long)b->first_bad_offset,
                                    reason);
            ut_result_note_bad(pl->res, pl->path, b->first_bad_record, b->first_bad_offset, reason, b->bad);
        }
        int err = pl->scores ? ut_scores_write(pl->scores, b->scores.data, b->scores.len) : 0;
        if (!err && pl->mentions) err = ut_scores_write(pl->mentions, b->mentions.data, b->mentions.len);
        if (!err && pl->sqlite) err = ut_sqlite_writer_add(pl->sqlite, &b->rows, an->themes);
        if (err) return err;
        if (pl->run->on_review)
            ut_review_rows_deliver(&b->rows, an->themes, pl->run->on_review, pl->run->on_review_ctx);
        *bytes += b->oversized ? 0 : b->len;
    }
    return 0;
}

static int plan_round(pipeline *pl, round *r, size_t max_jobs) {
    r->n_jobs = 0;
    int err = ut_corpus_next_jobs(pl->corpus, r->jobs, max_jobs, pl->window * max_jobs, &r->n_jobs);
    if (err) {
        char msg[1024];
        snprintf(msg, sizeof msg, "%s", ut_error_last());
        ut_error_set(err, "%s", msg);
    }
    return err;
}

static void report_progress(pipeline *pl, uint64_t bytes_total) {
    const ut_run_options *o = pl->run;
    if (!o->on_progress) return;
    uint64_t records = pl->records_before;
    o->on_progress(o->on_progress_ctx, pl->input_done_before + ut_corpus_input_done(pl->corpus), pl->input_total,
                   bytes_total, records);
}

/* Runs one input through the rounds. */
static int run_input(pipeline *pl, round rounds[2], size_t max_jobs) {
    int err = 0, plan_err = 0;
    uint64_t bytes = 0;
    round *cur = &rounds[0], *next = &rounds[1];
    double since = pl->measure ? ut_stage_clock() : 0.0;
    if ((err = plan_round(pl, next, max_jobs))) return err;
    if (pl->measure) ut_stage_lap(pl->main_stage, UT_STAGE_READ, since);
    while (next->n_jobs > 0 || ut_stitcher_pending(&pl->st)) {
        round *t = cur;
        cur = next;
        next = t;
        int last = cur->n_jobs == 0;
        if (pl->run->cancel && *pl->run->cancel) return ut_error_set(UT_EINTERRUPTED, "interrupted");
        /* 1. load (decompress frames) in parallel */
        for (size_t i = 0; i < cur->n_jobs; i++) {
#pragma omp task firstprivate(i) shared(pl, cur)
            {
                double tl = pl->measure ? ut_stage_clock() : 0.0;
                cur->job_status[i] = ut_corpus_job_load(pl->corpus, &cur->jobs[i]);
                if (pl->measure) ut_stage_lap(pl->workers[omp_get_thread_num()].stage, UT_STAGE_READ, tl);
                if (cur->job_status[i])
                    snprintf(cur->job_message[i], sizeof cur->job_message[0], "%s", ut_error_last());
            }
        }
#pragma omp taskwait
        for (size_t i = 0; i < cur->n_jobs; i++)
            if (cur->job_status[i]) return ut_error_set(cur->job_status[i], "%s", cur->job_message[i]);
        /* 2. stitch records across jobs */
        if (pl->measure) since = ut_stage_clock();
        if ((err = stitch_round(pl, cur))) return err;
        if (last) {
            ut_stitcher_set_emit(&pl->st, take_piece, cur);
            if ((err = ut_stitcher_finish(&pl->st))) return err;
        }
        /* (a counting task may run inside the spawn loop below, so this
         * thread's split time ends here and the tasks time themselves) */
        if (pl->measure) ut_stage_lap(pl->main_stage, UT_STAGE_SPLIT, since);
        /* 3. count records per batch, then number them */
        for (size_t i = 0; i < cur->n_batches; i++) {
#pragma omp task firstprivate(i) shared(pl, cur)
            {
                double tc = pl->measure ? ut_stage_clock() : 0.0;
                batch *b = &cur->batches[i];
                b->n_records = b->oversized ? 1 : ut_record_count(pl->parser, b->data, b->len);
                if (!b->oversized) b->n_lines = ut_count_lines(b->data, b->len);
                if (pl->measure) ut_stage_lap(pl->workers[omp_get_thread_num()].stage, UT_STAGE_SPLIT, tc);
            }
        }
#pragma omp taskwait
        for (size_t i = 0; i < cur->n_batches; i++) {
            batch *b = &cur->batches[i];
            b->first_record = pl->records_before + 1;
            pl->records_before += b->n_records;
            b->first_line = pl->lines_before + b->lead_lines + 1;
            pl->lines_before += b->lead_lines + b->n_lines;
        }
        /* 4. analyse the batches; meanwhile this thread plans the next round */
        for (size_t i = 0; i < cur->n_batches && !pl->count_only; i++) {
#pragma omp task firstprivate(i) shared(pl, cur)
            process_batch(pl, &cur->batches[i]);
        }
        next->n_jobs = 0;
        if (pl->measure) since = ut_stage_clock();
        if (!last) plan_err = plan_round(pl, next, max_jobs);
        if (pl->measure) ut_stage_lap(pl->main_stage, UT_STAGE_READ, since);
#pragma omp taskwait
        /* 5. emit in order */
        if (pl->measure) since = ut_stage_clock();
        err = emit_round(pl, cur, &bytes);
        if (pl->measure) ut_stage_lap(pl->main_stage, UT_STAGE_EMIT, since);
        round_release(pl, cur);
        if (err) return err;
        if (plan_err) return plan_err;
        report_progress(pl, ut_result_bytes(pl->res) + bytes);
        if (last) break;
    }
    ut_result_add_bytes(pl->res, bytes);
    return 0;
}

/* Opens an input (or takes the one the preflight kept) and its parser,
 * refusing what is not text and fields that no record has. */
static int open_checked(const pipeline *pl, const char *path, ut_corpus **corpus, ut_record_parser **parser) {
    const ut_analyzer *an = pl->an;
    const size_t max_record = pl->max_record;
    int err = *corpus ? 0 : ut_corpus_open(corpus, path, pl->window);
    if (err) return err;
    if (pl->run->frame_end > pl->run->frame_begin &&
        (err = ut_corpus_select_frames(*corpus, pl->run->frame_begin, pl->run->frame_end)))
        return err;
    const char *head;
    size_t head_len;
    if ((err = ut_corpus_head(*corpus, &head, &head_len))) return err;
    int whole = head_len < ((size_t)64 << 10);
    if ((err = ut_sniff_check_head(path, head, head_len, whole, ut_corpus_compression(*corpus)))) return err;
    if (head_len >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0) {
        head += 3;
        head_len -= 3;
    }
    ut_format fmt = an->opts.format;
    if (fmt == UT_FORMAT_AUTO) fmt = ut_format_sniff(strcmp(path, "-") == 0 ? NULL : path, head, head_len);
    if ((err = ut_record_parser_new(parser, fmt, an->refs, an->opts.n_groups, an->opts.header, max_record))) {
        char msg[1024];
        snprintf(msg, sizeof msg, "%s: %s", path, ut_error_last());
        return ut_error_set(err, "%s", msg);
    }
    ut_record_parser_set_max_quoted_lines(*parser, an->opts.max_quoted_lines);
    return ut_record_parser_check_fields(*parser, path, head, head_len, whole);
}

/* Every input is checked before anything is written: a refused input
 * (binary, an archive, a field that does not exist) must not leave the
 * scores of the inputs before it behind. A file is opened again for the
 * run (cheap: a mapping, or a 64 KiB head to decode again); what cannot
 * be read twice (standard input, a pipe) is kept open, head and all. */
static int preflight(pipeline *pl, const char *const *inputs, size_t n_inputs) {
    pl->kept = ut_calloc(n_inputs, sizeof *pl->kept);
    if (!pl->kept) return UT_ENOMEM;
    for (size_t i = 0; i < n_inputs; i++) {
        ut_corpus *c = NULL;
        ut_record_parser *parser = NULL;
        int err = open_checked(pl, inputs[i], &c, &parser);
        ut_record_parser_free(parser);
        struct stat sb;
        int reopenable = strcmp(inputs[i], "-") != 0 && stat(inputs[i], &sb) == 0 && S_ISREG(sb.st_mode);
        if (err || reopenable)
            ut_corpus_close(c);
        else
            pl->kept[i] = c;
        if (err) return err;
    }
    return 0;
}

static int open_input(pipeline *pl, size_t i, const char *path) {
    pl->corpus = pl->kept[i];
    pl->kept[i] = NULL;
    int err = open_checked(pl, path, &pl->corpus, &pl->parser);
    if (err) return err;
    pl->path = path;
    pl->lines_before = 0;
    ut_stitcher_start(&pl->st, pl->parser, path, pl->max_record, BATCH_TARGET);
    return 0;
}

static void close_input(pipeline *pl) {
    if (pl->corpus) pl->input_done_before += ut_corpus_input_done(pl->corpus);
    ut_record_parser_free(pl->parser);
    pl->parser = NULL;
    ut_corpus_close(pl->corpus);
    pl->corpus = NULL;
    ut_stitcher_free(&pl->st);
}

static uint64_t input_size(const char *path) {
    struct stat sb;
    if (strcmp(path, "-") == 0 || stat(path, &sb) != 0 || !S_ISREG(sb.st_mode)) return 0;
    return (uint64_t)sb.st_size;
}

static int run_pipeline(ut_result **out, uint64_t *records, const ut_analyzer *an, const ut_run_options *run,
                        const char *const *inputs, size_t n_inputs, int count_only) {
    *out = NULL;
    static const ut_run_options defaults = UT_RUN_OPTIONS_INIT;
    if (!an || (!inputs && n_inputs)) return ut_error_set(UT_EINVAL, "ut_analyze: no analyzer or inputs");
    if (run && run->version != UT_RUN_OPTIONS_VERSION)
        return ut_error_set(UT_EINVAL, "run options must be initialised with UT_RUN_OPTIONS_INIT");
    if (!run) run = &defaults;
    if (run->threads < 0) return ut_error_set(UT_EINVAL, "ut_analyze: negative thread count");
    if (n_inputs == 0) return ut_error_set(UT_EINVAL, "no input given");
    double t0 = now_seconds();
    int err = 0;
    pipeline pl;
    memset(&pl, 0, sizeof pl);
    pl.an = an;
    pl.run = run;
    pl.count_only = count_only;
    pl.measure = run->measure_stages != 0;
    pl.records_before = run->record_base;
    pl.threads = run->threads > 0 ? run->threads : omp_get_max_threads();
    pl.window = run->window_bytes ? run->window_bytes : DEFAULT_WINDOW;
    pl.max_record = an->opts.max_record_bytes ? an->opts.max_record_bytes : DEFAULT_MAX_RECORD;
    size_t max_jobs = (size_t)pl.threads * JOBS_PER_THREAD;
    round rounds[2];
    memset(rounds, 0, sizeof rounds);
    uint32_t *shared_sketch = NULL; /* the workers' background sketch, until the result adopts it */
    ut_aggregate_config cfg;
    ut_analyzer_aggregate_config(an, &cfg);

    if ((err = ut_result_new(&pl.res, &cfg, an->lexicon_names))) return err;
    pl.workers = ut_calloc((size_t)pl.threads, sizeof *pl.workers);
    if (!pl.workers) {
        err = UT_ENOMEM;
        goto cleanup;
    }
    /* One background sketch for all the workers (aggregate.h): a run's
     * memory then does not grow by 16 MiB a worker, and the end of the run
     * has no counters to add up. One worker keeps its own. */
    if (pl.threads > 1 && !cfg.no_phrases && !count_only && !(shared_sketch = ut_aggregate_sketch_counts_new())) {
        err = UT_ENOMEM;
        goto cleanup;
    }
    for (int t = 0; t < pl.threads; t++) {
        pl.workers[t].record_arena.block_size = 1u << 16;
        pl.workers[t].scratch.arena.block_size = 1u << 18;
        if (pl.measure) pl.workers[t].scratch.stage_seconds = pl.workers[t].stage;
        if ((err = ut_aggregate_new(&pl.workers[t].agg, &cfg))) goto cleanup;
        if (shared_sketch) ut_aggregate_share_sketch(pl.workers[t].agg, shared_sketch);
        if (run->suggest_themes && !count_only && (err = ut_suggest_new(&pl.workers[t].suggest))) goto cleanup;
    }
    if ((err = round_init(&rounds[0], max_jobs)) || (err = round_init(&rounds[1], max_jobs))) goto cleanup;
    if ((err = preflight(&pl, inputs, n_inputs))) goto cleanup;
    if (run->scores_path && !count_only && (err = ut_scores_writer_open(&pl.scores, run->scores_path, an->themes)))
        goto cleanup;
    if (run->mentions_path && !count_only && (err = ut_mentions_writer_open(&pl.mentions, run->mentions_path)))
        goto cleanup;
    if (run->sqlite_path && !count_only &&
        (err = ut_sqlite_writer_open(&pl.sqlite, run->sqlite_path, an->opts.n_groups, an->opts.group_fields)))
        goto cleanup;
    for (size_t i = 0; i < n_inputs; i++)
        pl.input_total += input_size(inputs[i]);

    for (size_t i = 0; i < n_inputs && !err; i++) {
        if ((err = open_input(&pl, i, inputs[i]))) break;
        char message[1024] = "";
#pragma omp parallel num_threads(pl.threads) shared(err, message)
#pragma omp single
        {
            err = run_input(&pl, rounds, max_jobs);
            /* `single` may run on any thread: carry its message home. */
            if (err) snprintf(message, sizeof message, "%s", ut_error_last());
        }
        if (err) {
            ut_error_set(err, "%s", message);
            round_release(&pl, &rounds[0]);
            round_release(&pl, &rounds[1]);
        }
        close_input(&pl);
    }
    if (!err) {
        double since = pl.measure ? now_seconds() : 0;
        for (int t = 0; t < pl.threads && !err; t++)
            err = ut_aggregate_merge_take(ut_result_aggregate(pl.res), pl.workers[t].agg, pl.threads);
        if (!err && shared_sketch && !(err = ut_aggregate_adopt_sketch(ut_result_aggregate(pl.res), shared_sketch)))
            shared_sketch = NULL;
        if (pl.measure) ut_stage_lap(pl.main_stage, UT_STAGE_MERGE, since);
    }
    if (!err && pl.workers[0].suggest) {
        /* Exact counts, added in worker order: the text does not depend on
         * which thread analysed which review. */
        char *text = NULL;
        size_t text_len = 0;
        for (int t = 1; t < pl.threads && !err; t++)
            err = ut_suggest_merge_take(pl.workers[0].suggest, pl.workers[t].suggest);
        if (!err && !(err = ut_suggest_format(&text, &text_len, pl.workers[0].suggest, an->themes)))
            ut_result_set_suggested_themes(pl.res, text, text_len);
    }
    if (!err && pl.scores) {
        err = ut_scores_writer_commit(pl.scores);
        pl.scores = NULL;
    }
    if (!err && pl.mentions) {
        err = ut_scores_writer_commit(pl.mentions);
        pl.mentions = NULL;
    }
    if (!err) {
        ut_result_finish(pl.res, pl.threads, now_seconds() - t0);
        if (pl.measure) {
            double total[UT_STAGE_COUNT];
            for (int s = 0; s < UT_STAGE_COUNT; s++) {
                total[s] = pl.main_stage[s];
                for (int t = 0; t < pl.threads; t++)
                    total[s] += pl.workers[t].stage[s];
            }
            ut_result_set_stages(pl.res, ut_stage_names, total, UT_STAGE_COUNT);
        }
        if (pl.sqlite) {
            err = ut_result_finish_sqlite(pl.res, pl.sqlite);
            pl.sqlite = NULL;
        }
    }
    if (!err) {
        *records = pl.records_before - run->record_base;
        *out = pl.res;
        pl.res = NULL;
    }
cleanup:
    /* not adopted (an error): the workers and the result only borrowed it */
    free(shared_sketch);
    close_input(&pl);
    for (size_t i = 0; pl.kept && i < n_inputs; i++)
        ut_corpus_close(pl.kept[i]);
    free(pl.kept);
    ut_scores_writer_abort(pl.scores);
    ut_scores_writer_abort(pl.mentions);
    ut_sqlite_writer_abort(pl.sqlite);
    round_free(&pl, &rounds[0]);
    round_free(&pl, &rounds[1]);
    if (pl.workers) {
        for (int t = 0; t < pl.threads; t++) {
            ut_review_scratch_free(&pl.workers[t].scratch);
            ut_arena_free(&pl.workers[t].record_arena);
            ut_aggregate_free(pl.workers[t].agg);
            ut_theme_tally_free(&pl.workers[t].tally);
            ut_suggest_free(pl.workers[t].suggest);
        }
        free(pl.workers);
    }
    ut_result_free(pl.res);
    return err;
}

int ut_analyze(ut_result **out, const ut_analyzer *an, const ut_run_options *run, const char *const *inputs,
               size_t n_inputs) {
    uint64_t records;
    return run_pipeline(out, &records, an, run, inputs, n_inputs, 0);
}

int ut_count_records(uint64_t *out, const ut_analyzer *an, const ut_run_options *run, const char *const *inputs,
                     size_t n_inputs) {
    ut_result *res = NULL;
    *out = 0;
    int err = run_pipeline(&res, out, an, run, inputs, n_inputs, 1);
    ut_result_free(res);
    return err;
}
