/* corpus.c — opening a corpus and handing out its bytes as jobs.
 *
 * The one idea: never copy what the kernel can map. A plain file is mmap'd
 * once and every job is a slice of the mapping; consumed ranges are dropped
 * with MADV_DONTNEED so the page cache is not billed to us. Only what cannot
 * be mapped (pipes, standard input) or must be decoded by one thread (a
 * single zstd frame) goes through owned, window-sized buffers, which keeps
 * memory bounded by the caller's budget whatever the input size.
 * What the bytes are is decided by their magic number (input_sniff.c), never
 * by the name: zstd and gzip are decoded, other compressed or archive
 * formats are refused with the command that converts them. The decoders
 * live in corpus_zstd.c and corpus_gzip.c; the buffers and raw input they
 * and this file read through are in corpus_source.c. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/common.h"
#include "corpus/corpus_internal.h"
#include "record/input_sniff.h"

static int rethrow(const ut_corpus *c) {
    return ut_error_set(c->fail_status, "%s", c->fail_message);
}

/* The decoded stream of the stream modes, with the head served first. */
static int stream_fill(ut_corpus *c, char *dst, size_t cap, size_t *got) {
    size_t n = 0;
    if (c->head_is_pushback && c->head_served < c->head_len) {
        size_t k = UT_MIN(cap, c->head_len - c->head_served);
        memcpy(dst, c->head + c->head_served, k);
        c->head_served += k;
        n = k;
    }
    if (n < cap && !c->stream_ended) {
        size_t more = 0;
        int rc;
        if (c->mode == UT_CORPUS_PLAIN_STREAM)
            rc = ut_corpus__read_fd(c, (unsigned char *)dst + n, cap - n, &more);
        else if (c->mode == UT_CORPUS_GZIP_STREAM)
            rc = ut_corpus__gzip_stream_read(c, dst + n, cap - n, &more);
        else
            rc = ut_corpus__zstd_stream_read(c, dst + n, cap - n, &more);
        if (rc < 0) return ut_corpus__fail(c, rc);
        if (more < cap - n) c->stream_ended = 1;
        n += more;
    }
    *got = n;
    return 0;
}

/* Picks the decoder for the first bytes of the input, or refuses it. */
static int open_by_magic(ut_corpus *c, const unsigned char *p, size_t len) {
    ut_container k = ut_sniff_container(p, len);
    switch (k) {
    case UT_CONTAINER_ZSTD:
        if (c->map) return ut_corpus__zstd_plan(c);
        c->mode = UT_CORPUS_ZSTD_STREAM;
        return ut_corpus__zstd_stream_init(c);
    case UT_CONTAINER_GZIP:
        c->mode = UT_CORPUS_GZIP_STREAM;
        return ut_corpus__gzip_stream_init(c);
    case UT_CONTAINER_NONE:
        c->mode = c->map ? UT_CORPUS_MAPPED : UT_CORPUS_PLAIN_STREAM;
        return 0;
    default:
        return ut_sniff_refuse(k, c->path, NULL);
    }
}

static int open_stream(ut_corpus *c) {
    /* Peek at the bytes that hold every magic; they stay in in_buf and are
     * read again by whichever decoder takes the stream. */
    c->in_buf = ut_malloc(UT_CORPUS_READ_BLOCK);
    if (!c->in_buf) return UT_ENOMEM;
    while (c->in_len < UT_SNIFF_MAGIC_BYTES && !c->in_eof) {
        ssize_t r = read(c->fd, c->in_buf + c->in_len, UT_CORPUS_READ_BLOCK - c->in_len);
        if (r < 0) {
            if (errno == EINTR) continue;
            return ut_error_set(UT_EIO, "%s: read error: %s", c->path, strerror(errno));
        }
        if (r == 0) c->in_eof = 1;
        c->in_len += (size_t)r;
    }
    return open_by_magic(c, c->in_buf, c->in_len);
}

static int open_mapped(ut_corpus *c, size_t size, int *mapped) {
    void *map = mmap(NULL, size, PROT_READ, MAP_PRIVATE, c->fd, 0);
    if (map == MAP_FAILED) return 0; /* e.g. a file system without mmap: read it instead */
    *mapped = 1;
    madvise(map, size, MADV_SEQUENTIAL);
    c->map = map;
    c->map_len = size;
    /* planning a zstd file reads its frame headers with pread on the
     * still-open file, so planning maps no page of the corpus */
    int rc = open_by_magic(c, c->map, c->map_len);
    if (c->owns_fd) close(c->fd);
    c->fd = -1;
    return rc;
}

int ut_corpus_open(ut_corpus **out, const char *path, size_t window) {
    *out = NULL;
    ut_corpus *c = ut_calloc(1, sizeof *c);
    if (!c) return UT_ENOMEM;
    c->fd = -1;
    pthread_mutex_init(&c->pool_lock, NULL);
    c->window = window ? window : UT_CORPUS_DEFAULT_WINDOW;
    long page = sysconf(_SC_PAGESIZE);
    c->page_size = page > 0 ? (size_t)page : 4096;
    int rc = 0;
    c->path = ut_strndup(path, strlen(path));
    if (!c->path) {
        rc = UT_ENOMEM;
        goto cleanup;
    }
    if (strcmp(path, "-") == 0) {
        c->fd = STDIN_FILENO;
    } else {
        c->fd = open(path, O_RDONLY | O_CLOEXEC);
        if (c->fd < 0) {
            rc = ut_error_set(UT_EIO, "%s: %s", path, strerror(errno));
            goto cleanup;
        }
        c->owns_fd = 1;
    }
    struct stat st;
    if (fstat(c->fd, &st) != 0) {
        rc = ut_error_set(UT_EIO, "%s: %s", path, strerror(errno));
        goto cleanup;
    }
    if (S_ISDIR(st.st_mode)) {
        rc = ut_error_set(UT_EIO, "%s: is a directory", path);
        goto cleanup;
    }
    /* Size 0 may still have content (/proc files): those are read, not
     * mapped. So is standard input left part-read by the shell: the mapping
     * would start at byte 0, read(2) starts where the input stands. */
    off_t position = c->owns_fd ? 0 : lseek(c->fd, 0, SEEK_CUR);
    int at_start = position <= 0;
    if (S_ISREG(st.st_mode)) c->input_size = (uint64_t)st.st_size - (position > 0 ? (uint64_t)position : 0);
    int mapped = 0;
    if (S_ISREG(st.st_mode) && st.st_size > 0 && (uint64_t)st.st_size <= SIZE_MAX && at_start) {
        rc = open_mapped(c, (size_t)st.st_size, &mapped);
        if (rc < 0) goto cleanup;
    }
    if (!mapped) rc = open_stream(c);
cleanup:
    if (rc < 0) {
        ut_corpus_close(c);
        return rc;
    }
    *out = c;
    return 0;
}

void ut_corpus_close(ut_corpus *c) {
    if (!c) return;
    if (c->map) munmap((void *)c->map, c->map_len);
    if (c->owns_fd && c->fd >= 0) close(c->fd);
    ut_corpus__zstd_free(c);
    ut_corpus__gzip_free(c);
    free(c->in_buf);
    free(c->head);
    free(c->path);
    for (int i = 0; i < c->pool_len; i++)
        free(c->pool[i]);
    pthread_mutex_destroy(&c->pool_lock);
    free(c);
}

const char *ut_corpus_path(const ut_corpus *c) {
    return c->path;
}

int ut_corpus_is_zstd(const ut_corpus *c) {
    return c->mode == UT_CORPUS_ZSTD_FRAMES || c->mode == UT_CORPUS_ZSTD_STREAM;
}

const char *ut_corpus_compression(const ut_corpus *c) {
    if (c->mode == UT_CORPUS_GZIP_STREAM) return "gzip";
    return ut_corpus_is_zstd(c) ? "zstd" : NULL;
}

int ut_corpus_is_multiframe(const ut_corpus *c) {
    return c->mode == UT_CORPUS_ZSTD_FRAMES;
}

uint64_t ut_corpus_input_size(const ut_corpus *c) {
    return c->input_size;
}

uint64_t ut_corpus_input_done(const ut_corpus *c) {
    return c->input_done;
}

int ut_corpus_head(ut_corpus *c, const char **data, size_t *len) {
    *data = NULL;
    *len = 0;
    if (c->fail_status) return rethrow(c);
    if (c->mode == UT_CORPUS_MAPPED) {
        *data = (const char *)c->map;
        *len = UT_MIN(c->map_len, UT_CORPUS_HEAD_MAX);
        return 0;
    }
    if (!c->head_valid) {
        int stream = c->mode != UT_CORPUS_ZSTD_FRAMES;
        if (stream && c->stream_offset > 0)
            return ut_error_set(UT_EINVAL, "%s: the head is no longer available once reading started", c->path);
        if (!c->head) c->head = ut_malloc(UT_CORPUS_HEAD_MAX); /* kept if a first try failed */
        if (!c->head) return UT_ENOMEM;
        size_t got = 0;
        int rc = stream ? stream_fill(c, c->head, UT_CORPUS_HEAD_MAX, &got)
                        : ut_corpus__zstd_frames_head(c, c->head, UT_CORPUS_HEAD_MAX, &got);
        if (rc < 0) return rc;
        c->head_len = got;
        c->head_valid = 1;
        c->head_is_pushback = stream;
    }
    *data = c->head;
    *len = c->head_len;
    return 0;
}

static size_t next_slices(ut_corpus *c, ut_corpus_job *jobs, size_t max_jobs, size_t budget) {
    size_t n = 0, planned = 0;
    while (n < max_jobs && c->map_pos < c->map_len && (n == 0 || planned < budget)) {
        size_t len = UT_MIN(c->window, c->map_len - c->map_pos);
        jobs[n] = (ut_corpus_job){.data = (const char *)c->map + c->map_pos,
                                  .len = len,
                                  .stream_offset = c->stream_offset,
                                  .kind = UT_JOB_SLICE,
                                  .src_offset = c->map_pos,
                                  .src_len = len};
        c->map_pos += len;
        c->stream_offset += len;
        planned += len;
        n++;
    }
    c->input_done = c->map_pos;
    return n;
}

static int next_windows(ut_corpus *c, ut_corpus_job *jobs, size_t max_jobs, size_t budget, size_t *n_out) {
    size_t n = 0, planned = 0;
    while (n < max_jobs && (n == 0 || planned < budget)) {
        if (c->stream_ended && !(c->head_is_pushback && c->head_served < c->head_len)) break;
        size_t cap = 0;
        char *buf = ut_corpus__buffer_get(c, c->window, &cap);
        if (!buf) goto fail;
        size_t got = 0;
        if (stream_fill(c, buf, c->window, &got) < 0) {
            ut_corpus__buffer_put(c, buf, cap);
            goto fail;
        }
        if (got == 0) {
            ut_corpus__buffer_put(c, buf, cap);
            break;
        }
        jobs[n] = (ut_corpus_job){.data = buf,
                                  .len = got,
                                  .stream_offset = c->stream_offset,
                                  .kind = UT_JOB_OWNED,
                                  .dst_cap = cap,
                                  .owned = buf};
        c->stream_offset += got;
        planned += got;
        n++;
    }
    *n_out = n;
    return 0;
fail:
    for (size_t i = 0; i < n; i++)
        ut_corpus_job_release(c, &jobs[i]);
    return c->fail_status ? c->fail_status : UT_ENOMEM;
}

int ut_corpus_next_jobs(ut_corpus *c, ut_corpus_job *jobs, size_t max_jobs, size_t budget, size_t *n_out) {
    *n_out = 0;
    if (c->fail_status) return rethrow(c);
    if (max_jobs == 0) return 0;
    switch (c->mode) {
    case UT_CORPUS_MAPPED:
        *n_out = next_slices(c, jobs, max_jobs, budget);
        return 0;
    case UT_CORPUS_ZSTD_FRAMES:
        return ut_corpus__zstd_next_frames(c, jobs, max_jobs, budget, n_out);
    case UT_CORPUS_PLAIN_STREAM:
    case UT_CORPUS_ZSTD_STREAM:
    case UT_CORPUS_GZIP_STREAM:
        return next_windows(c, jobs, max_jobs, budget, n_out);
    }
    return ut_error_set(UT_EINVAL, "%s: reader not open", c->path);
}

int ut_corpus_job_load(ut_corpus *c, ut_corpus_job *job) {
    if (job->kind == UT_JOB_FRAME) return ut_corpus__zstd_load_frame(c, job);
    return 0;
}

void ut_corpus_job_release(ut_corpus *c, ut_corpus_job *job) {
    if (job->kind == UT_JOB_SLICE) ut_corpus__release_map_range(c, job->src_offset, job->src_len);
    ut_corpus__buffer_put(c, job->owned, job->dst_cap);
    job->owned = NULL;
    job->data = NULL;
    job->kind = 0;
}

int ut_corpus_frame_count(uint64_t *out, const char *path) {
    *out = 0;
    ut_corpus *c = NULL;
    int err = ut_corpus_open(&c, path, 0);
    if (!err) err = ut_corpus_seek_frames(c, out);
    ut_corpus_close(c);
    return err;
}
