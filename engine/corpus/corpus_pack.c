/* corpus_pack.c — ut_pack: rewriting a corpus as record-aligned, multi-frame
 * zstd with a seek table.
 *
 * The one idea: cut where records end, so every frame is a self-contained
 * piece of the corpus that a reader can decode and parse on its own, in
 * parallel, without stitching records across frames. Input is read through
 * the corpus reader (so anything analyze reads can be packed), gathered in
 * batches of a few frames per thread, cut with the record parser's boundary
 * scanner, compressed in parallel and written in input order, so the output
 * is the same for every thread count. Pack is its own scheduler, hence the
 * OpenMP pragma here. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <omp.h>
#include <zstd.h>

#include "util/buf.h"
#include "util/common.h"
#include "corpus/corpus.h"
#include "corpus/corpus_internal.h"
#include "record/record.h"
#include "corpus/seek_table.h"

#define PACK_DEFAULT_FRAME ((size_t)4 << 20)
/* Bytes gathered while looking for a record end before cutting anyway: only
 * malformed input (an unclosed CSV quote) gets here, and its frames still
 * cover every byte. */
#define PACK_MAX_PENDING ((size_t)256 << 20)
#define PACK_FRAMES_PER_THREAD 2

typedef struct pack_state {
    const char *input, *output;
    char *tmp_path;
    FILE *out;
    size_t frame_bytes;
    int level, threads;
    ut_format format;
    ut_corpus *corpus;
    ut_record_parser *parser;
    ZSTD_CCtx **cctx; /* one per thread, reused across batches */
    ut_buf pending;   /* read but not yet packed; starts at a record boundary */
    int input_ended;
    ut_seek_entry *entries;
    size_t n_entries, cap_entries;
    uint64_t written;
} pack_state;

static int read_more(pack_state *st, size_t target) {
    while (st->pending.len < target && !st->input_ended) {
        ut_corpus_job job;
        size_t n = 0;
        int rc = ut_corpus_next_jobs(st->corpus, &job, 1, target - st->pending.len, &n);
        if (rc < 0) return rc;
        if (n == 0) {
            st->input_ended = 1;
            break;
        }
        rc = ut_corpus_job_load(st->corpus, &job);
        if (rc == 0) {
            ut_buf_append(&st->pending, job.data, job.len);
            if (st->pending.failed) rc = UT_ENOMEM;
        }
        ut_corpus_job_release(st->corpus, &job);
        if (rc < 0) return rc;
    }
    return 0;
}

static int add_entry(pack_state *st, size_t compressed, size_t decompressed) {
    if (st->n_entries == st->cap_entries) {
        size_t grown = st->cap_entries ? st->cap_entries * 2 : 256;
        ut_seek_entry *e = ut_realloc(st->entries, grown * sizeof *e);
        if (!e) return UT_ENOMEM;
        st->entries = e;
        st->cap_entries = grown;
    }
    st->entries[st->n_entries++] = (ut_seek_entry){(uint32_t)compressed, (uint32_t)decompressed, 0};
    return 0;
}

static int write_bytes(pack_state *st, const void *data, size_t len) {
    if (len && fwrite(data, 1, len, st->out) != len)
        return ut_error_set(UT_EIO, "%s: write error: %s", st->tmp_path, strerror(errno));
    st->written += len;
    return 0;
}

/* Compresses the frames [ends[i-1], ends[i]) of pending (ends[-1] = 0) in
 * parallel and writes them in order. */
static int pack_frames(pack_state *st, const size_t *ends, size_t n_frames) {
    char **out = ut_calloc(n_frames, sizeof *out);
    size_t *out_len = ut_calloc(n_frames, sizeof *out_len);
    int rc = 0;
    if (!out || !out_len) {
        rc = UT_ENOMEM;
        goto cleanup;
    }
    int failed = 0;
    size_t zstd_error = 0;
#pragma omp parallel for num_threads(st->threads) schedule(dynamic, 1) reduction(| : failed)
    for (size_t i = 0; i < n_frames; i++) {
        size_t start = i ? ends[i - 1] : 0;
        size_t len = ends[i] - start;
        size_t bound = ZSTD_compressBound(len);
        out[i] = malloc(bound);
        if (!out[i]) {
            failed |= 1;
            continue;
        }
        size_t r = ZSTD_compress2(st->cctx[omp_get_thread_num()], out[i], bound, st->pending.data + start, len);
        if (ZSTD_isError(r)) {
            failed |= 2;
#pragma omp critical(ut_pack_error)
            zstd_error = r;
            continue;
        }
        out_len[i] = r;
    }
    if (failed & 1) {
        rc = ut_error_set(UT_ENOMEM, "%s: out of memory compressing a frame", st->output);
        goto cleanup;
    }
    if (failed & 2) {
        rc = ut_error_set(UT_EIO, "%s: zstd compression failed: %s", st->output, ZSTD_getErrorName(zstd_error));
        goto cleanup;
    }
    for (size_t i = 0; i < n_frames && rc == 0; i++) {
        size_t start = i ? ends[i - 1] : 0;
        rc = write_bytes(st, out[i], out_len[i]);
        if (rc == 0) rc = add_entry(st, out_len[i], ends[i] - start);
    }
cleanup:
    if (out)
        for (size_t i = 0; i < n_frames; i++)
            free(out[i]);
    free(out);
    free(out_len);
    return rc;
}

/* Appends a cut, growing the array. */
static int push_cut(size_t **cuts, size_t *n, size_t *cap, size_t at) {
    if (*n == *cap) {
        size_t grown = *cap ? *cap * 2 : 64;
        size_t *c = ut_realloc(*cuts, grown * sizeof *c);
        if (!c) return UT_ENOMEM;
        *cuts = c;
        *cap = grown;
    }
    (*cuts)[(*n)++] = at;
    return 0;
}

/* Cuts the pending bytes into frames of whole records, each closed once it
 * reaches frame_bytes; a record longer than frame_bytes gets a frame of its
 * own so it does not drag its neighbours into an oversized frame. Packs them
 * and keeps the unfinished tail for the next batch. */
static int pack_batch(pack_state *st, size_t *batch_target) {
    const char *buf = st->pending.data;
    size_t len = st->pending.len;
    size_t *cuts = NULL, n = 0, cap = 0;
    size_t frame_start = 0, record_start = 0;
    int rc = 0;
    while (record_start < len && rc == 0) {
        ut_split_state split = {0};
        size_t r = ut_record_scan_first(st->parser, &split, buf + record_start, len - record_start);
        if (r == SIZE_MAX) break;
        size_t record_end = record_start + r;
        if (record_end - frame_start >= st->frame_bytes) {
            if (record_start > frame_start && record_end - record_start > st->frame_bytes)
                rc = push_cut(&cuts, &n, &cap, record_start);
            if (rc == 0) rc = push_cut(&cuts, &n, &cap, record_end);
            frame_start = record_end;
        }
        record_start = record_end;
    }
    if (rc == 0 && frame_start < len) {
        if (st->input_ended) {
            rc = push_cut(&cuts, &n, &cap, len); /* the rest, a last record with no terminator included */
        } else if (n == 0 && len >= PACK_MAX_PENDING) {
            rc = push_cut(&cuts, &n, &cap, record_start > 0 ? record_start : len);
        } else if (n == 0) {
            /* not a full frame yet (or one long record): read on */
            *batch_target = UT_MIN(*batch_target * 2, PACK_MAX_PENDING);
        }
    }
    if (rc == 0 && n > 0) rc = pack_frames(st, cuts, n);
    if (rc == 0 && n > 0) {
        size_t used = cuts[n - 1];
        memmove(st->pending.data, st->pending.data + used, len - used);
        st->pending.len = len - used;
    }
    free(cuts);
    return rc;
}

static int check_options(const ut_pack_options *opts, pack_state *st) {
    ut_pack_options defaults;
    memset(&defaults, 0, sizeof defaults);
    defaults.version = UT_PACK_OPTIONS_VERSION;
    if (!opts) opts = &defaults;
    if (opts->version != UT_PACK_OPTIONS_VERSION)
        return ut_error_set(UT_EINVAL, "pack: unsupported options version %u", opts->version);
    st->frame_bytes = opts->frame_bytes ? opts->frame_bytes : PACK_DEFAULT_FRAME;
    if (st->frame_bytes > UT_CORPUS_MAX_FRAME)
        return ut_error_set(UT_EINVAL, "pack: frame size %zu is above the %zu bytes a reader loads whole",
                            st->frame_bytes, UT_CORPUS_MAX_FRAME);
    st->level = opts->level ? opts->level : 3;
    if (st->level < ZSTD_minCLevel() || st->level > ZSTD_maxCLevel())
        return ut_error_set(UT_EINVAL, "pack: zstd level %d is outside %d..%d", st->level, ZSTD_minCLevel(),
                            ZSTD_maxCLevel());
    st->threads = opts->threads > 0 ? opts->threads : omp_get_max_threads();
    if (opts->threads < 0) return ut_error_set(UT_EINVAL, "pack: negative thread count");
    st->format = opts->format;
    return 0;
}

static int open_input(pack_state *st) {
    /* Reading in windows of at least a frame keeps the batches few. */
    int rc = ut_corpus_open(&st->corpus, st->input, UT_MAX(st->frame_bytes, (size_t)1 << 20));
    if (rc < 0) return rc;
    if (st->format == UT_FORMAT_AUTO) {
        const char *head;
        size_t head_len;
        rc = ut_corpus_head(st->corpus, &head, &head_len);
        if (rc < 0) return rc;
        st->format = ut_format_sniff(st->input, head, head_len);
    }
    /* Only boundaries matter here: no fields, no header handling, and no
     * record-size limit (an oversized record still has to be packed). */
    ut_field_ref refs[UT_ROLE_COUNT];
    memset(refs, 0, sizeof refs);
    return ut_record_parser_new(&st->parser, st->format, refs, 0, UT_HEADER_NO, PACK_MAX_PENDING);
}

static int make_contexts(pack_state *st) {
    st->cctx = ut_calloc((size_t)st->threads, sizeof *st->cctx);
    if (!st->cctx) return UT_ENOMEM;
    for (int t = 0; t < st->threads; t++) {
        ZSTD_CCtx *cctx = ZSTD_createCCtx();
        if (!cctx) return ut_error_set(UT_ENOMEM, "pack: out of memory for a zstd compressor");
        st->cctx[t] = cctx;
        /* Each frame carries its own content size and checksum, so a reader
         * can size its buffer and zstd verifies every frame it decodes. */
        ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, st->level);
        ZSTD_CCtx_setParameter(cctx, ZSTD_c_contentSizeFlag, 1);
        ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, 1);
    }
    return 0;
}

static int finish_output(pack_state *st) {
    ut_buf table = UT_BUF_INIT;
    int rc = ut_seek_table_write(&table, st->entries, st->n_entries, 0);
    if (rc == 0) rc = write_bytes(st, table.data, table.len);
    ut_buf_free(&table);
    if (rc < 0) return rc;
    if (fflush(st->out) != 0 || fsync(fileno(st->out)) != 0)
        return ut_error_set(UT_EIO, "%s: write error: %s", st->tmp_path, strerror(errno));
    int closed = fclose(st->out);
    st->out = NULL;
    if (closed != 0) return ut_error_set(UT_EIO, "%s: write error: %s", st->tmp_path, strerror(errno));
    if (rename(st->tmp_path, st->output) != 0)
        return ut_error_set(UT_EIO, "%s: cannot rename to %s: %s", st->tmp_path, st->output, strerror(errno));
    return 0;
}

int ut_pack(const char *input, const char *output, const ut_pack_options *opts) {
    pack_state st;
    memset(&st, 0, sizeof st);
    st.input = input;
    st.output = output;
    int rc = check_options(opts, &st);
    if (rc < 0) return rc;
    if (strcmp(output, "-") == 0)
        return ut_error_set(UT_EINVAL, "pack: the output must be a file (it is written then renamed)");
    size_t out_len = strlen(output);
    st.tmp_path = ut_malloc(out_len + 5);
    if (!st.tmp_path) return UT_ENOMEM;
    memcpy(st.tmp_path, output, out_len);
    memcpy(st.tmp_path + out_len, ".tmp", 5);

    rc = open_input(&st);
    if (rc < 0) goto cleanup;
    rc = make_contexts(&st);
    if (rc < 0) goto cleanup;
    st.out = fopen(st.tmp_path, "wb");
    if (!st.out) {
        rc = ut_error_set(UT_EIO, "%s: %s", st.tmp_path, strerror(errno));
        goto cleanup;
    }
    /* A few frames per thread per batch keeps every thread busy; the cap
     * keeps huge frames times many threads from holding gigabytes. */
    size_t base_target = st.frame_bytes * (size_t)st.threads * PACK_FRAMES_PER_THREAD;
    base_target = UT_MIN(base_target, UT_MAX(PACK_MAX_PENDING / 2, st.frame_bytes * 2));
    size_t batch_target = base_target;
    for (;;) {
        rc = read_more(&st, batch_target);
        if (rc < 0) goto cleanup;
        if (st.pending.len == 0) break;
        size_t frames_before = st.n_entries;
        rc = pack_batch(&st, &batch_target);
        if (rc < 0) goto cleanup;
        if (st.n_entries > frames_before) batch_target = base_target;
        if (st.input_ended && st.pending.len == 0) break;
    }
    rc = finish_output(&st);
cleanup:
    if (st.out) fclose(st.out);
    if (rc < 0 && st.tmp_path) unlink(st.tmp_path);
    if (st.cctx)
        for (int t = 0; t < st.threads; t++)
            ZSTD_freeCCtx(st.cctx[t]);
    free(st.cctx);
    ut_record_parser_free(st.parser);
    ut_corpus_close(st.corpus);
    ut_buf_free(&st.pending);
    free(st.entries);
    free(st.tmp_path);
    return rc;
}
