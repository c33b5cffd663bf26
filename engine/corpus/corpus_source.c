/* corpus_source.c — the raw input every reading mode goes through: the
 * failure record, the pool of job buffers, releasing consumed pages of the
 * mapping, reading a pipe, and the compressed input handed to a decoder in
 * slices. It sits below both the dispatcher (corpus.c) and the decoders
 * (corpus_zstd.c, corpus_gzip.c), so a decoder never calls back up into the
 * file that dispatches to it. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "util/common.h"
#include "corpus/corpus_internal.h"

int ut_corpus__fail(ut_corpus *c, int status) {
    c->fail_status = status;
    snprintf(c->fail_message, sizeof c->fail_message, "%s", ut_error_last());
    return status;
}

/* Job buffers are recycled because a fresh multi-megabyte malloc is a fresh
 * mmap whose every page faults and is zeroed by the kernel: with 4 MiB
 * windows that cost a third of single-frame zstd reading (corpus_read).
 * When no pooled buffer is large enough, the largest pooled one is freed
 * before a new one is made, so the pool and the jobs together never hold
 * more buffers than were in use at once: a pool that kept the too-small
 * ones grew with every frame a little larger than the rest, from 18 to
 * 28 MiB between 1M and 10M generated reviews (-j2). */
char *ut_corpus__buffer_get(ut_corpus *c, size_t need, size_t *cap) {
    char *buf = NULL, *dropped = NULL;
    pthread_mutex_lock(&c->pool_lock);
    int largest = -1;
    for (int i = 0; i < c->pool_len; i++) {
        if (c->pool_cap[i] >= need) {
            largest = i;
            buf = c->pool[i];
            *cap = c->pool_cap[i];
            break;
        }
        if (largest < 0 || c->pool_cap[i] > c->pool_cap[largest]) largest = i;
    }
    if (largest >= 0) {
        if (!buf) dropped = c->pool[largest];
        c->pool_len--;
        c->pool[largest] = c->pool[c->pool_len];
        c->pool_cap[largest] = c->pool_cap[c->pool_len];
    }
    pthread_mutex_unlock(&c->pool_lock);
    if (buf) return buf;
    free(dropped);
    /* round up so frames of slightly different sizes can share buffers */
    size_t rounded = need + ((size_t)64 << 10) - 1;
    rounded -= rounded % ((size_t)64 << 10);
    *cap = rounded ? rounded : 1;
    return ut_malloc(*cap);
}

void ut_corpus__buffer_put(ut_corpus *c, char *buf, size_t cap) {
    if (!buf) return;
    pthread_mutex_lock(&c->pool_lock);
    if (c->pool_len < UT_CORPUS_POOL_MAX) {
        c->pool[c->pool_len] = buf;
        c->pool_cap[c->pool_len] = cap;
        c->pool_len++;
        buf = NULL;
    }
    pthread_mutex_unlock(&c->pool_lock);
    free(buf);
}

void ut_corpus__release_map_range(const ut_corpus *c, uint64_t start, uint64_t len) {
    /* Rounding outwards is safe: a page another job still reads is simply
     * faulted in again from the page cache, since the mapping is never
     * written. */
    if (!c->map || len == 0 || start >= c->map_len) return;
    uint64_t first = start / c->page_size * c->page_size;
    /* never past the mapping: the pages after it may be someone else's */
    uint64_t end = len > c->map_len - start ? c->map_len : start + len;
    end = (end + c->page_size - 1) / c->page_size * c->page_size;
    madvise((void *)(c->map + first), (size_t)(end - first), MADV_DONTNEED);
}

void ut_corpus__release_map_until(ut_corpus *c, size_t end) {
    size_t aligned = end / c->page_size * c->page_size;
    if (aligned <= c->map_released) return;
    madvise((void *)(c->map + c->map_released), aligned - c->map_released, MADV_DONTNEED);
    c->map_released = aligned;
}

/* Reads up to `cap` bytes of a plain pipe: first what the zstd-magic peek
 * left in in_buf, then read(2) until full or end of input. */
int ut_corpus__read_fd(ut_corpus *c, unsigned char *dst, size_t cap, size_t *got) {
    size_t n = 0;
    if (c->in_pos < c->in_len) {
        size_t k = UT_MIN(cap, c->in_len - c->in_pos);
        memcpy(dst, c->in_buf + c->in_pos, k);
        c->in_pos += k;
        n += k;
    }
    while (n < cap && !c->in_eof) {
        ssize_t r = read(c->fd, dst + n, cap - n);
        if (r < 0) {
            if (errno == EINTR) continue;
            return ut_error_set(UT_EIO, "%s: read error at byte %llu: %s", c->path,
                                (unsigned long long)(c->input_done + n), strerror(errno));
        }
        if (r == 0) c->in_eof = 1;
        n += (size_t)r;
    }
    c->input_done += n;
    *got = n;
    return 0;
}

uint64_t ut_corpus__stream_position(const ut_corpus *c) {
    return c->map ? c->map_pos : c->in_base + c->in_pos;
}

/* Input goes to a decoder in slices: when one fails it does not say where,
 * only that it consumed nothing of the slice, so the slice bounds how far
 * the reported offset can be off. */
int ut_corpus__stream_input(ut_corpus *c, const unsigned char **p, size_t *n) {
    if (c->map) {
        *p = c->map + c->map_pos;
        *n = UT_MIN(c->map_len - c->map_pos, UT_CORPUS_STREAM_SLICE);
        return 0;
    }
    if (c->in_pos == c->in_len && !c->in_eof) {
        c->in_base += c->in_len;
        c->in_len = c->in_pos = 0;
        size_t got = 0;
        uint64_t done_before = c->input_done;
        int rc = ut_corpus__read_fd(c, c->in_buf, UT_CORPUS_READ_BLOCK, &got);
        if (rc < 0) return rc;
        c->input_done = done_before; /* counted when consumed */
        c->in_len = got;
    }
    *p = c->in_buf + c->in_pos;
    *n = UT_MIN(c->in_len - c->in_pos, UT_CORPUS_STREAM_SLICE);
    return 0;
}

void ut_corpus__stream_consume(ut_corpus *c, size_t n) {
    if (c->map) {
        c->map_pos += n;
        if (c->map_pos - c->map_released >= ((size_t)8 << 20)) ut_corpus__release_map_until(c, c->map_pos);
    } else {
        c->in_pos += n;
    }
    c->input_done = ut_corpus__stream_position(c);
}
