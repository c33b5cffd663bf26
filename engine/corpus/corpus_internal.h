/* corpus_internal.h — the reader's state, shared by corpus.c (opening,
 * plain files, standard input, dispatch), corpus_zstd.c (frame planning
 * and decompression) and corpus_gzip.c (inflating). Nothing outside these
 * files looks inside. */
#ifndef UT_CORPUS_INTERNAL_H
#define UT_CORPUS_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include <pthread.h>

#include <zstd.h>

#include "corpus/corpus.h"

/* How the input is read; decided once by ut_corpus_open. */
typedef enum ut_corpus_mode {
    UT_CORPUS_MAPPED = 1,   /* plain file, mmap'd: jobs are slices */
    UT_CORPUS_PLAIN_STREAM, /* plain pipe / stdin: read(2) into owned windows */
    UT_CORPUS_ZSTD_FRAMES,  /* mmap'd zstd of 2+ sized frames: one job per frame, loaded in parallel */
    UT_CORPUS_ZSTD_STREAM,  /* any other zstd: one decoder, owned windows */
    UT_CORPUS_GZIP_STREAM   /* gzip (one or more members): one decoder, owned windows */
} ut_corpus_mode;

/* ut_corpus_job.kind */
enum {
    UT_JOB_SLICE = 1, /* data points into the mapping */
    UT_JOB_OWNED = 2, /* data is `owned`, filled while planning */
    UT_JOB_FRAME = 3  /* a zstd frame, decompressed into `owned` by ut_corpus_job_load */
};

/* One zstd frame of a ZSTD_FRAMES plan. */
typedef struct ut_corpus_frame {
    uint64_t src_offset;
    size_t src_len;
    size_t dst_len; /* exact decompressed size (frame header or seek table) */
} ut_corpus_frame;

/* Largest decompressed frame loaded whole; bigger (or unsized) frames make
 * the file stream through one decoder instead, so a forged size can never
 * make us allocate more than this per job. */
#define UT_CORPUS_MAX_FRAME ((size_t)64 << 20)
#define UT_CORPUS_HEAD_MAX ((size_t)64 << 10)
#define UT_CORPUS_DEFAULT_WINDOW ((size_t)4 << 20)
/* Compressed bytes read per read(2) when decoding zstd from a pipe. */
#define UT_CORPUS_READ_BLOCK ((size_t)256 << 10)
/* Most released job buffers kept for reuse. */
#define UT_CORPUS_POOL_MAX 32

struct ut_corpus {
    char *path;
    size_t window;
    ut_corpus_mode mode;
    int fd;      /* the open descriptor while streaming from it, else -1 */
    int owns_fd; /* 0 for standard input */

    const unsigned char *map; /* whole file, read-only; NULL unless mmap'd */
    size_t map_len;
    size_t page_size;

    uint64_t input_size;    /* on-disk bytes, 0 if unknown */
    uint64_t input_done;    /* compressed (or plain) bytes consumed */
    uint64_t stream_offset; /* decompressed bytes handed out in jobs */

    size_t map_pos;      /* MAPPED / ZSTD_STREAM over the map: next unread byte */
    size_t map_released; /* bytes at the start of the map already madvise(DONTNEED)'d */

    ut_corpus_frame *frames; /* ZSTD_FRAMES plan, owned */
    size_t n_frames, next_frame;
    int has_seek_table;   /* the plan came from a seek table (a packed corpus) */
    uint64_t seek_frames; /* frames the seek table lists */

    /* ZSTD_STREAM and PLAIN_STREAM */
    ZSTD_DStream *dstream;
    struct z_stream_s *gz; /* GZIP_STREAM: zlib's inflate state, owned */
    unsigned char *in_buf; /* compressed bytes read from fd (or the peeked prefix of a plain pipe) */
    size_t in_len, in_pos;
    uint64_t in_base;     /* compressed offset of in_buf[0] */
    int in_eof;           /* read(2) returned 0 */
    size_t frame_pending; /* last ZSTD_decompressStream result: nonzero while inside a frame */
    int stream_ended;

    /* ut_corpus_head. In the stream modes the head was taken from the
     * stream, so it is served again first ("pushback"). */
    char *head;
    size_t head_len, head_served;
    int head_valid, head_is_pushback;

    /* Released job buffers, reused by the next jobs (any thread; locked). */
    pthread_mutex_t pool_lock;
    char *pool[UT_CORPUS_POOL_MAX];
    size_t pool_cap[UT_CORPUS_POOL_MAX];
    int pool_len;

    /* A stream error is sticky: the decoder cannot resume, so every later
     * call repeats it instead of returning garbage or a silent end. */
    int fail_status;
    char fail_message[512];
};

/* corpus_source.c */
/* A buffer of at least `need` bytes (its capacity in *cap), recycled when
 * one is free; thread-safe. NULL on allocation failure (UT_ENOMEM set). */
char *ut_corpus__buffer_get(ut_corpus *c, size_t need, size_t *cap);
void ut_corpus__buffer_put(ut_corpus *c, char *buf, size_t cap);
int ut_corpus__fail(ut_corpus *c, int status);
int ut_corpus__read_fd(ut_corpus *c, unsigned char *dst, size_t cap, size_t *got);
/* The stream decoders' input (from the map or from c->fd): the next unread
 * compressed bytes, at most UT_CORPUS_STREAM_SLICE of them (*n == 0 at the
 * end of input); consume tells how many the decoder took. */
#define UT_CORPUS_STREAM_SLICE ((size_t)64 << 10)
int ut_corpus__stream_input(ut_corpus *c, const unsigned char **p, size_t *n);
void ut_corpus__stream_consume(ut_corpus *c, size_t n);
/* Compressed offset of the next unread input byte. */
uint64_t ut_corpus__stream_position(const ut_corpus *c);
void ut_corpus__release_map_until(ut_corpus *c, size_t end);
void ut_corpus__release_map_range(const ut_corpus *c, uint64_t start, uint64_t len);

/* corpus_gzip.c */
int ut_corpus__gzip_stream_init(ut_corpus *c);
int ut_corpus__gzip_stream_read(ut_corpus *c, char *dst, size_t cap, size_t *got);
void ut_corpus__gzip_free(ut_corpus *c);

/* corpus_zstd.c */
/* Chooses ZSTD_FRAMES or ZSTD_STREAM for an mmap'd zstd file. */
int ut_corpus__zstd_plan(ut_corpus *c);
/* Prepares streaming decompression (from the map or from c->fd). */
int ut_corpus__zstd_stream_init(ut_corpus *c);
/* Decodes up to `cap` bytes into dst; *got < cap only at the end of input. */
int ut_corpus__zstd_stream_read(ut_corpus *c, char *dst, size_t cap, size_t *got);
/* First bytes of a ZSTD_FRAMES file, decoded independently of the plan. */
int ut_corpus__zstd_frames_head(ut_corpus *c, char *dst, size_t cap, size_t *got);
int ut_corpus__zstd_next_frames(ut_corpus *c, ut_corpus_job *jobs, size_t max_jobs, size_t budget, size_t *n_out);
int ut_corpus__zstd_load_frame(ut_corpus *c, ut_corpus_job *job);
void ut_corpus__zstd_free(ut_corpus *c);

#endif
