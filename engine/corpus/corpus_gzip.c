/* corpus_gzip.c — gzip input, inflated by one streaming decoder.
 *
 * The idea: gzip has no frame sizes to plan with, so it is read like a
 * single-frame zstd file: one thread inflates window-sized pieces while the
 * workers analyse the previous ones. A file may hold several members (what
 * `cat a.gz b.gz` or pigz makes); a member's end is followed by the next
 * member's header, so the decoder restarts there, and only the end of the
 * input ends the stream. The only file that touches zlib. */
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "util/common.h"
#include "corpus/corpus_internal.h"

static int gzip_corrupt(const ut_corpus *c, uint64_t offset, const char *why) {
    return ut_error_set(UT_ECORRUPT, "%s: corrupt gzip data at compressed offset %llu: %s", c->path,
                        (unsigned long long)offset, why);
}

int ut_corpus__gzip_stream_init(ut_corpus *c) {
    c->gz = ut_calloc(1, sizeof *c->gz);
    if (!c->gz) return UT_ENOMEM;
    /* 15 + 16: the largest window, and a gzip header and trailer expected */
    if (inflateInit2(c->gz, 15 + 16) != Z_OK) {
        free(c->gz);
        c->gz = NULL;
        return ut_error_set(UT_ENOMEM, "%s: out of memory for the gzip decoder", c->path);
    }
    return 0;
}

void ut_corpus__gzip_free(ut_corpus *c) {
    if (!c->gz) return;
    inflateEnd(c->gz);
    free(c->gz);
    c->gz = NULL;
}

/* frame_pending (shared with zstd) is nonzero while inside a member. */
int ut_corpus__gzip_stream_read(ut_corpus *c, char *dst, size_t cap, size_t *got) {
    z_stream *z = c->gz;
    size_t done = 0;
    *got = 0;
    while (done < cap) {
        const unsigned char *src;
        size_t avail;
        int rc = ut_corpus__stream_input(c, &src, &avail);
        if (rc < 0) return rc;
        if (avail == 0) {
            if (c->frame_pending)
                return gzip_corrupt(c, ut_corpus__stream_position(c), "truncated input (it ends inside a member)");
            break; /* clean end: every member finished */
        }
        if (!c->frame_pending) {
            /* A member ends where the next begins; zeros after the last one
             * are padding (tape blocks, some writers) and are skipped. */
            size_t zeros = 0;
            while (zeros < avail && src[zeros] == 0)
                zeros++;
            if (zeros) {
                ut_corpus__stream_consume(c, zeros);
                continue;
            }
            if (inflateReset(z) != Z_OK) return gzip_corrupt(c, ut_corpus__stream_position(c), "decoder reset failed");
            c->frame_pending = 1;
        }
        size_t room = cap - done;
        z->next_in = (unsigned char *)src;
        z->avail_in = (uInt)avail;
        z->next_out = (unsigned char *)dst + done;
        z->avail_out = (uInt)(room > (size_t)UINT32_MAX ? UINT32_MAX : room);
        uInt out_before = z->avail_out;
        int ret = inflate(z, Z_NO_FLUSH);
        size_t used = avail - z->avail_in;
        done += out_before - z->avail_out;
        ut_corpus__stream_consume(c, used);
        if (ret == Z_STREAM_END) {
            c->frame_pending = 0;
            continue;
        }
        /* With input and room, inflate either progresses or fails: a call
         * that did neither would loop forever, so it counts as damage. */
        int stalled = used == 0 && out_before == z->avail_out;
        if ((ret != Z_OK && ret != Z_BUF_ERROR) || stalled)
            return gzip_corrupt(c, ut_corpus__stream_position(c),
                                ret == Z_MEM_ERROR ? "out of memory"
                                : z->msg           ? z->msg
                                                   : "invalid data");
    }
    *got = done;
    return 0;
}
