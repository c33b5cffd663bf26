/* corpus.h — reading a corpus: plain files, standard input, zstd.
 *
 * The reader hands out "jobs": pieces of the decompressed byte stream, in
 * order. Planning jobs (ut_corpus_next_jobs) is sequential; loading them
 * (ut_corpus_job_load) is thread-safe, so the scheduler decompresses the
 * frames of a multi-frame file in parallel. Plain files are memory-mapped
 * (MADV_SEQUENTIAL) and a job is a slice of the mapping: nothing is copied.
 * A single-frame zstd file, a gzip file or standard input is decoded by one thread, in
 * bounded windows, inside ut_corpus_next_jobs. Jobs do not respect record
 * boundaries: the scheduler stitches records across them. zstd is used by
 * this module (and corpus_pack.c) only. */
#ifndef UT_CORPUS_H
#define UT_CORPUS_H

#include <stddef.h>
#include <stdint.h>

typedef struct ut_corpus ut_corpus;

typedef struct ut_corpus_job {
    const char *data; /* the bytes, valid after ut_corpus_job_load until release */
    size_t len;
    uint64_t stream_offset; /* offset of data[0] in the decompressed stream */
    /* reader-private */
    int kind;
    uint64_t src_offset; /* compressed offset of the frame (for messages) */
    size_t src_len;
    size_t dst_cap;
    char *owned;
} ut_corpus_job;

/* Opens `path` ("-" = standard input). zstd and gzip are recognised by
 * their magic numbers, whatever the name; other compressed and archive
 * formats (xz, bzip2, zip, tar, 7z, lz4) and UTF-16 are refused with
 * UT_EFORMAT, the message naming the format and how to convert it. `window` is the target decompressed bytes per
 * job (0: 4 MiB). Errors: UT_EIO (missing, a directory, unreadable; the
 * message names the path and the reason), UT_ECORRUPT (a zstd file whose
 * frame headers or seek table are broken or truncated, found while planning
 * its frames; the message names the compressed offset), UT_ENOMEM.
 *
 * Job sizes: plain files and streamed zstd give jobs of at most `window`
 * bytes; a multi-frame zstd file gives one job per frame (frames of at most
 * 64 MiB, else the file is streamed in windows instead). */
int ut_corpus_open(ut_corpus **out, const char *path, size_t window);
void ut_corpus_close(ut_corpus *c);

const char *ut_corpus_path(const ut_corpus *c);
int ut_corpus_is_zstd(const ut_corpus *c);
/* "zstd" or "gzip" for a compressed input, NULL for plain text (static
 * strings, for messages). */
const char *ut_corpus_compression(const ut_corpus *c);
/* Nonzero when frames can be decompressed in parallel (a file of 2+ frames,
 * with or without a seek table). */
int ut_corpus_is_multiframe(const ut_corpus *c);
/* On-disk size in bytes (0 when unknown, e.g. a pipe), for progress. */
uint64_t ut_corpus_input_size(const ut_corpus *c);
/* Compressed bytes consumed so far (plain: bytes handed out), for progress. */
uint64_t ut_corpus_input_done(const ut_corpus *c);

/* The first decompressed bytes (at most 64 KiB; fewer only if the input is
 * shorter), without consuming them, for format sniffing; standard input
 * included (the bytes are served again by the first jobs). Borrowed until
 * ut_corpus_close. On a stream, call it before the first
 * ut_corpus_next_jobs (UT_EINVAL after). Returns 0 or an error status. */
int ut_corpus_head(ut_corpus *c, const char **data, size_t *len);

/* Restricts reading to frames [begin, end) of a packed corpus (one with a
 * seek table); call before the first ut_corpus_head / next_jobs. Errors:
 * UT_EINVAL (not a packed corpus, or the range is past its frames). */
int ut_corpus_select_frames(ut_corpus *c, uint64_t begin, uint64_t end);

/* The number of frames in a packed corpus's seek table; UT_EINVAL if none. */
int ut_corpus_seek_frames(const ut_corpus *c, uint64_t *out);

/* Plans the next jobs: at most `max_jobs`, together about `budget`
 * decompressed bytes (at least one job if any input is left). Sets *n_out
 * (0 at the end of the input). Returns 0 or UT_EIO / UT_ECORRUPT (message
 * names the file and the compressed byte offset) / UT_ENOMEM. */
int ut_corpus_next_jobs(ut_corpus *c, ut_corpus_job *jobs, size_t max_jobs, size_t budget, size_t *n_out);

/* Makes job->data valid (decompresses a frame when needed). Thread-safe for
 * distinct jobs. Returns 0 or UT_ECORRUPT / UT_ENOMEM. */
int ut_corpus_job_load(ut_corpus *c, ut_corpus_job *job);

/* Frees a job's buffer (recycled for later jobs). Accepts a job never
 * loaded. Thread-safe for distinct jobs. */
void ut_corpus_job_release(ut_corpus *c, ut_corpus_job *job);

#endif
