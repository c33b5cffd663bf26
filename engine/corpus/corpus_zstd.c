/* corpus_zstd.c — zstd input: planning frames and decoding them.
 *
 * The one idea: a frame whose decompressed size is known before decoding
 * (from its header or from a seek table) can be a job of its own, decoded
 * by any thread into a buffer of exactly that size; everything else (one
 * big frame, frames of unknown size, pipes) goes through a single streaming
 * decoder in window-sized pieces. Sizes are claims until checked: a frame
 * must decode to exactly its declared size, and no frame is trusted with an
 * allocation above UT_CORPUS_MAX_FRAME, so a zstd bomb costs at most a window
 * per job whatever it claims. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zstd_errors.h>

#include "util/common.h"
#include "corpus/corpus_internal.h"
#include "corpus/seek_table.h"

static uint32_t read_le32(const unsigned char *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static int is_skippable(uint32_t magic) {
    return (magic & ZSTD_MAGIC_SKIPPABLE_MASK) == ZSTD_MAGIC_SKIPPABLE_START;
}

static int corrupt(const ut_corpus *c, uint64_t offset, const char *why) {
    return ut_error_set(UT_ECORRUPT, "%s: corrupt zstd data at compressed offset %llu: %s", c->path,
                        (unsigned long long)offset, why);
}

/* Reports a zstd decoding error. A frame asking for a window above zstd's
 * default limit (128 MiB, as `zstd --long=31` makes) is refused so memory
 * stays bounded; that is not damage, so it is not called corrupt. */
static int zstd_failed(const ut_corpus *c, uint64_t offset, size_t code) {
    if (ZSTD_getErrorCode(code) == ZSTD_error_frameParameter_windowTooLarge)
        return ut_error_set(UT_ECORRUPT,
                            "%s: the zstd frame at compressed offset %llu needs a decoding window above 128 MiB "
                            "(made with --long?), which undertone refuses to bound memory; recompress it: "
                            "zstd -dc --long=31 FILE | undertone pack - -o NEW.zst",
                            c->path, (unsigned long long)offset);
    return corrupt(c, offset, ZSTD_getErrorName(code));
}

static int add_frame(ut_corpus *c, size_t *cap, uint64_t offset, size_t src_len, size_t dst_len) {
    if (c->n_frames == *cap) {
        size_t grown = *cap ? *cap * 2 : 64;
        ut_corpus_frame *f = ut_realloc(c->frames, grown * sizeof *f);
        if (!f) return UT_ENOMEM;
        c->frames = f;
        *cap = grown;
    }
    c->frames[c->n_frames++] = (ut_corpus_frame){offset, src_len, dst_len};
    return 0;
}

/* A frame said to be empty must be: decoding it into no room proves it. */
static int check_empty_frame(const ut_corpus *c, uint64_t offset, size_t len) {
    char none;
    size_t r = ZSTD_decompress(&none, 0, c->map + offset, len);
    if (ZSTD_isError(r)) return zstd_failed(c, offset, r);
    if (r != 0) return corrupt(c, offset, "frame is not empty as its size says");
    return 0;
}

/* More than the kernel maps around a faulting page of a file (its
 * fault_around_bytes, 64 KiB by default). */
#define FAULT_AROUND_MARGIN ((uint64_t)256 << 10)

/* The longest zstd frame header (ZSTD_FRAMEHEADERSIZE_MAX). */
#define FRAME_HEADER_MAX 18

/* The first bytes of the frame at `offset` (at most FRAME_HEADER_MAX and
 * `len`; *got says how many): read with pread into `buf` while the file is
 * still open, so planning maps no page of the corpus. Reading the headers
 * through the mapping had the kernel map a run of pages around each (RSS
 * peaked at 497 MiB planning a 10M-review corpus with a warm page cache,
 * docs/readme/performance.md); pread leaves them in the page cache, which
 * is not ours. Falls back to the mapping when there is no descriptor. */
static const unsigned char *frame_head(const ut_corpus *c, uint64_t offset, size_t len, unsigned char *buf,
                                       size_t *got) {
    size_t want = len < FRAME_HEADER_MAX ? len : FRAME_HEADER_MAX;
    *got = want;
    if (c->fd >= 0 && pread(c->fd, buf, want, (off_t)offset) == (ssize_t)want) return buf;
    return c->map + offset;
}

/* Plans from the seek table. Sets *plannable to 0 when a frame is too big
 * to be loaded whole. */
static int plan_from_table(ut_corpus *c, const ut_seek_table *t, int *plannable) {
    size_t cap = 0;
    uint64_t offset = 0;
    for (size_t i = 0; i < t->n_entries; i++) {
        size_t src_len = t->entries[i].compressed_size;
        size_t dst_len = t->entries[i].decompressed_size;
        if (src_len == 0) continue;
        if (src_len < 4) return corrupt(c, offset, "seek table entry smaller than a frame header");
        unsigned char head_buf[FRAME_HEADER_MAX];
        size_t head_len;
        const unsigned char *head = frame_head(c, offset, src_len, head_buf, &head_len);
        uint32_t magic = read_le32(head);
        if (is_skippable(magic)) {
            if (dst_len != 0) return corrupt(c, offset, "seek table gives a skippable frame a decompressed size");
        } else if (magic == ZSTD_MAGICNUMBER) {
            unsigned long long declared = ZSTD_getFrameContentSize(head, head_len);
            if (declared == ZSTD_CONTENTSIZE_ERROR) return corrupt(c, offset, "bad frame header");
            if (declared != ZSTD_CONTENTSIZE_UNKNOWN && declared != dst_len)
                return corrupt(c, offset, "frame header and seek table disagree on the decompressed size");
            if (dst_len > UT_CORPUS_MAX_FRAME) {
                *plannable = 0;
                return 0;
            }
            int rc =
                dst_len == 0 ? check_empty_frame(c, offset, src_len) : add_frame(c, &cap, offset, src_len, dst_len);
            if (rc < 0) return rc;
        } else {
            return corrupt(c, offset, "seek table points at something that is not a zstd frame");
        }
        offset += src_len;
    }
    return 0;
}

/* Plans by walking frame headers. Stops (streaming instead) at the first
 * frame whose size is unknown or too big, before walking its blocks. */
static int plan_by_scanning(ut_corpus *c, int *plannable) {
    size_t cap = 0;
    uint64_t offset = 0;
    while (offset < c->map_len) {
        const unsigned char *frame = c->map + offset;
        size_t rest = c->map_len - (size_t)offset;
        int skippable = rest >= 4 && is_skippable(read_le32(frame));
        unsigned long long declared = 0;
        if (!skippable) {
            declared = ZSTD_getFrameContentSize(frame, rest);
            if (declared == ZSTD_CONTENTSIZE_UNKNOWN ||
                (declared != ZSTD_CONTENTSIZE_ERROR && declared > UT_CORPUS_MAX_FRAME)) {
                *plannable = 0;
                return 0;
            }
        }
        size_t frame_len = ZSTD_findFrameCompressedSize(frame, rest);
        if (ZSTD_isError(frame_len))
            return corrupt(c, offset,
                           ZSTD_getErrorCode(frame_len) == ZSTD_error_srcSize_wrong
                               ? "truncated input (it ends inside a frame)"
                               : ZSTD_getErrorName(frame_len));
        if (!skippable && declared == ZSTD_CONTENTSIZE_ERROR) return corrupt(c, offset, "bad frame header");
        if (!skippable && declared > 0) {
            int rc = add_frame(c, &cap, offset, frame_len, (size_t)declared);
            if (rc < 0) return rc;
        }
        offset += frame_len;
    }
    return 0;
}

int ut_corpus__zstd_plan(ut_corpus *c) {
    ut_seek_table table = UT_SEEK_TABLE_INIT;
    int rc = ut_seek_table_read(&table, c->map, c->map_len, c->path);
    if (rc < 0) return rc;
    int plannable = 1;
    if (rc == 1) {
        c->has_seek_table = 1;
        c->seek_frames = table.n_entries;
    }
    rc = rc == 1 ? plan_from_table(c, &table, &plannable) : plan_by_scanning(c, &plannable);
    ut_seek_table_free(&table);
    if (rc < 0) return rc;
    /* Planning read a header in every frame, and each read mapped a run of
     * pages around it (fault-around, read-ahead): on a 600 MB corpus that
     * was 150 MB of the file counted in our RSS until each frame was
     * decoded. Unmapping them now costs one re-fault per frame from the
     * page cache and keeps the engine's footprint independent of the
     * corpus size. */
    ut_corpus__release_map_range(c, 0, c->map_len);
    if (plannable && c->n_frames >= 2) {
        c->mode = UT_CORPUS_ZSTD_FRAMES;
        return 0;
    }
    /* One frame (or none, or one too big to load whole): a streaming
     * decoder keeps memory at one window. */
    free(c->frames);
    c->frames = NULL;
    c->n_frames = 0;
    c->mode = UT_CORPUS_ZSTD_STREAM;
    return ut_corpus__zstd_stream_init(c);
}

int ut_corpus__zstd_stream_init(ut_corpus *c) {
    c->dstream = ZSTD_createDStream();
    if (!c->dstream) return ut_error_set(UT_ENOMEM, "%s: out of memory for the zstd decoder", c->path);
    ZSTD_initDStream(c->dstream);
    return 0;
}

void ut_corpus__zstd_free(ut_corpus *c) {
    ZSTD_freeDStream(c->dstream);
    c->dstream = NULL;
    free(c->frames);
    c->frames = NULL;
}

int ut_corpus__zstd_stream_read(ut_corpus *c, char *dst, size_t cap, size_t *got) {
    ZSTD_outBuffer out = {dst, cap, 0};
    *got = 0;
    while (out.pos < out.size) {
        const unsigned char *src;
        size_t avail;
        int rc = ut_corpus__stream_input(c, &src, &avail);
        if (rc < 0) return rc;
        ZSTD_inBuffer in = {src, avail, 0};
        if (in.size == 0 && c->frame_pending == 0) break; /* clean end: every frame finished */
        /* With no input left the call still runs: the decoder may hold
         * output of the last block that did not fit the previous window. */
        size_t out_before = out.pos;
        size_t ret = ZSTD_decompressStream(c->dstream, &out, &in);
        ut_corpus__stream_consume(c, in.pos);
        uint64_t position = ut_corpus__stream_position(c);
        if (ZSTD_isError(ret)) return zstd_failed(c, position, ret);
        c->frame_pending = ret;
        if (in.size == 0 && ret != 0 && out.pos == out_before)
            return corrupt(c, position, "truncated input (it ends inside a frame)");
    }
    *got = out.pos;
    return 0;
}

int ut_corpus__zstd_frames_head(ut_corpus *c, char *dst, size_t cap, size_t *got) {
    *got = 0;
    ZSTD_DStream *ds = ZSTD_createDStream();
    if (!ds) return ut_error_set(UT_ENOMEM, "%s: out of memory for the zstd decoder", c->path);
    ZSTD_initDStream(ds);
    ZSTD_outBuffer out = {dst, cap, 0};
    ZSTD_inBuffer in = {c->map, c->map_len, 0};
    int rc = 0;
    while (out.pos < out.size && in.pos < in.size) {
        size_t ret = ZSTD_decompressStream(ds, &out, &in);
        if (ZSTD_isError(ret)) {
            rc = zstd_failed(c, in.pos, ret);
            break;
        }
    }
    ZSTD_freeDStream(ds);
    *got = out.pos;
    return rc;
}

int ut_corpus__zstd_next_frames(ut_corpus *c, ut_corpus_job *jobs, size_t max_jobs, size_t budget, size_t *n_out) {
    size_t n = 0, planned = 0;
    while (n < max_jobs && c->next_frame < c->n_frames && (n == 0 || planned < budget)) {
        const ut_corpus_frame *f = &c->frames[c->next_frame++];
        jobs[n++] = (ut_corpus_job){.len = f->dst_len,
                                    .stream_offset = c->stream_offset,
                                    .kind = UT_JOB_FRAME,
                                    .src_offset = f->src_offset,
                                    .src_len = f->src_len};
        c->stream_offset += f->dst_len;
        planned += f->dst_len;
        c->input_done = f->src_offset + f->src_len;
    }
    if (c->next_frame == c->n_frames) c->input_done = c->map_len;
    *n_out = n;
    return 0;
}

int ut_corpus__zstd_load_frame(ut_corpus *c, ut_corpus_job *job) {
    if (job->owned) return 0;
    size_t cap = 0;
    char *buf = ut_corpus__buffer_get(c, job->len, &cap);
    if (!buf) return UT_ENOMEM;
    /* A context per call keeps loading free of shared mutable state; its
     * cost is small next to decoding a frame of megabytes. */
    ZSTD_DCtx *dctx = ZSTD_createDCtx();
    if (!dctx) {
        ut_corpus__buffer_put(c, buf, cap);
        return ut_error_set(UT_ENOMEM, "%s: out of memory for the zstd decoder", c->path);
    }
    /* Room for exactly the declared size: a frame that decodes to more fails
     * here instead of writing past it. */
    size_t r = ZSTD_decompressDCtx(dctx, buf, job->len, c->map + job->src_offset, job->src_len);
    ZSTD_freeDCtx(dctx);
    int rc = 0;
    if (ZSTD_isError(r))
        rc = zstd_failed(c, job->src_offset, r);
    else if (r != job->len)
        rc = ut_error_set(UT_ECORRUPT,
                          "%s: corrupt zstd data at compressed offset %llu: frame decodes to %zu bytes, %zu declared",
                          c->path, (unsigned long long)job->src_offset, r, job->len);
    if (rc < 0) {
        ut_corpus__buffer_put(c, buf, cap);
        return rc;
    }
    /* With a margin on both sides: a fault maps the pages of the file
     * around it that the page cache holds (fault-around, 64 KiB by
     * default), so decoding a frame maps the ends of its neighbours, and a
     * neighbour released before would keep them mapped to the end of the
     * run: 17 MB of a 629 MB corpus after 20 s, growing with the corpus.
     * Releasing a page a neighbour still reads costs it one re-fault. */
    const uint64_t margin = FAULT_AROUND_MARGIN;
    const uint64_t from = job->src_offset > margin ? job->src_offset - margin : 0;
    ut_corpus__release_map_range(c, from, job->src_offset - from + job->src_len + margin);
    job->owned = buf;
    job->dst_cap = cap;
    job->data = buf;
    return 0;
}

int ut_corpus_seek_frames(const ut_corpus *c, uint64_t *out) {
    *out = 0;
    if (!c->has_seek_table)
        return ut_error_set(UT_EINVAL, "%s: not a packed corpus (no seek table); run undertone pack", c->path);
    *out = c->seek_frames;
    return 0;
}

int ut_corpus_select_frames(ut_corpus *c, uint64_t begin, uint64_t end) {
    if (!c->has_seek_table)
        return ut_error_set(UT_EINVAL, "%s: frame ranges need a packed corpus (no seek table); run undertone pack",
                            c->path);
    if (begin > end || end > c->seek_frames)
        return ut_error_set(UT_EINVAL, "%s: frames [%llu, %llu) are outside its %llu frames", c->path,
                            (unsigned long long)begin, (unsigned long long)end, (unsigned long long)c->seek_frames);
    if (c->mode == UT_CORPUS_ZSTD_FRAMES && c->n_frames == c->seek_frames) {
        /* Stream offsets stay those of the whole file, so messages agree
         * with a single run's. */
        for (uint64_t i = 0; i < begin; i++)
            c->stream_offset += c->frames[i].dst_len;
        c->next_frame = (size_t)begin;
        c->n_frames = (size_t)end;
        return 0;
    }
    /* A one-frame packed file streams; only the whole range makes sense. */
    if (begin == 0 && end == c->seek_frames) return 0;
    if (begin == end) {
        c->stream_ended = 1;
        c->in_eof = 1;
        c->frame_pending = 0;
        return 0;
    }
    return ut_error_set(UT_EINVAL, "%s: cannot select frames of a corpus read as one stream", c->path);
}
