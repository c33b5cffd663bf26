/* test_corpus.c — the corpus reader: plain files, pipes, zstd single- and
 * multi-frame, seek tables, corrupt and hostile input. The central check is
 * always the same: the jobs, loaded and concatenated in order, equal the
 * original bytes, with contiguous stream offsets, for many window sizes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <fcntl.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <zstd.h>

#include "util/buf.h"
#include "corpus/corpus.h"
#include "corpus/corpus_internal.h"
#include "corpus/seek_table.h"
#include "undertone.h"

static char tmpdir[256];

static int setup(void **state) {
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "%s/test_corpus_XXXXXX", UT_BINARY_DIR);
    assert_non_null(mkdtemp(tmpdir));
    return 0;
}

static int teardown(void **state) {
    (void)state;
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

static const char *tmp_path(const char *name) {
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    return path;
}

static void write_file(const char *path, const void *data, size_t len) {
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    if (len) assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

/* Review-like text: lines of varying length, deterministic. */
static char *make_text(size_t len) {
    char *t = malloc(len ? len : 1);
    uint32_t x = 12345;
    for (size_t i = 0; i < len; i++) {
        x = x * 1103515245u + 12345u;
        unsigned r = (x >> 16) % 40;
        t[i] = r == 0 ? '\n' : r < 6 ? ' ' : (char)('a' + r % 26);
    }
    return t;
}

static ut_buf compress_frame(const char *data, size_t len, int checksum, int pledge) {
    ut_buf out = UT_BUF_INIT;
    ZSTD_CCtx *cctx = ZSTD_createCCtx();
    ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, checksum);
    ZSTD_CCtx_setParameter(cctx, ZSTD_c_contentSizeFlag, pledge);
    size_t bound = ZSTD_compressBound(len);
    assert_int_equal(ut_buf_reserve(&out, bound), 0);
    size_t r;
    if (pledge) {
        r = ZSTD_compress2(cctx, out.data, bound, data, len);
    } else {
        /* streaming without a pledged size leaves the content size unknown */
        ZSTD_outBuffer o = {out.data, bound, 0};
        ZSTD_inBuffer in = {data, len, 0};
        r = ZSTD_compressStream2(cctx, &o, &in, ZSTD_e_end);
        assert_int_equal(r, 0);
        r = o.pos;
    }
    assert_false(ZSTD_isError(r));
    out.len = r;
    ZSTD_freeCCtx(cctx);
    return out;
}

typedef struct read_result {
    ut_buf bytes;
    size_t jobs;
    size_t largest_job;
    int multiframe, zstd;
} read_result;

/* Reads the whole corpus, loading each batch's jobs in reverse order (they
 * must not depend on each other), and checks offsets are contiguous. */
static int read_all(const char *path, size_t window, size_t max_jobs, size_t budget, read_result *res) {
    memset(res, 0, sizeof *res);
    ut_corpus *c = NULL;
    int rc = ut_corpus_open(&c, path, window);
    if (rc < 0) return rc;
    res->multiframe = ut_corpus_is_multiframe(c);
    res->zstd = ut_corpus_is_zstd(c);
    ut_corpus_job jobs[16];
    assert_true(max_jobs <= 16);
    uint64_t expect_offset = 0, last_done = 0;
    for (;;) {
        size_t n = 0;
        rc = ut_corpus_next_jobs(c, jobs, max_jobs, budget, &n);
        if (rc < 0 || n == 0) break;
        assert_true(n <= max_jobs);
        for (size_t i = n; i-- > 0;) {
            rc = ut_corpus_job_load(c, &jobs[i]);
            if (rc < 0) break;
        }
        for (size_t i = 0; i < n; i++) {
            if (rc == 0) {
                assert_int_equal(jobs[i].stream_offset, expect_offset);
                assert_true(jobs[i].len > 0);
                ut_buf_append(&res->bytes, jobs[i].data, jobs[i].len);
                expect_offset += jobs[i].len;
                if (jobs[i].len > res->largest_job) res->largest_job = jobs[i].len;
                res->jobs++;
            }
            ut_corpus_job_release(c, &jobs[i]);
        }
        if (rc < 0) break;
        assert_true(ut_corpus_input_done(c) >= last_done);
        last_done = ut_corpus_input_done(c);
    }
    if (rc == 0 && ut_corpus_input_size(c)) assert_int_equal(ut_corpus_input_done(c), ut_corpus_input_size(c));
    ut_corpus_close(c);
    return rc;
}

static const size_t windows[] = {1, 7, 4096, 65536, 1 << 20, 0};

static void plain_file_every_window(void **state) {
    (void)state;
    size_t len = 300000;
    char *text = make_text(len);
    const char *path = tmp_path("plain.txt");
    write_file(path, text, len);
    for (size_t w = 0; w < sizeof windows / sizeof *windows; w++) {
        size_t use_len = windows[w] < 64 ? 5000 : len; /* tiny windows: a short file keeps it fast */
        write_file(path, text, use_len);
        read_result r;
        assert_int_equal(read_all(path, windows[w], 3, windows[w] * 2, &r), 0);
        assert_int_equal(r.bytes.len, use_len);
        assert_memory_equal(r.bytes.data, text, use_len);
        assert_false(r.zstd);
        assert_true(r.largest_job <= (windows[w] ? windows[w] : (size_t)4 << 20));
        ut_buf_free(&r.bytes);
    }
    free(text);
}

static void empty_file_has_no_jobs(void **state) {
    (void)state;
    const char *path = tmp_path("empty.txt");
    write_file(path, "", 0);
    ut_corpus *c = NULL;
    assert_int_equal(ut_corpus_open(&c, path, 0), 0);
    const char *head;
    size_t head_len = 99;
    assert_int_equal(ut_corpus_head(c, &head, &head_len), 0);
    assert_int_equal(head_len, 0);
    ut_corpus_job job;
    size_t n = 1;
    assert_int_equal(ut_corpus_next_jobs(c, &job, 1, 100, &n), 0);
    assert_int_equal(n, 0);
    ut_corpus_close(c);
}

static void missing_and_directory_are_eio(void **state) {
    (void)state;
    ut_corpus *c = NULL;
    assert_int_equal(ut_corpus_open(&c, tmp_path("no-such-file.jsonl"), 0), UT_EIO);
    assert_null(c);
    assert_non_null(strstr(ut_error_last(), "no-such-file.jsonl"));
    assert_non_null(strstr(ut_error_last(), "No such file"));
    assert_int_equal(ut_corpus_open(&c, tmpdir, 0), UT_EIO);
    assert_non_null(strstr(ut_error_last(), "is a directory"));
    assert_non_null(strstr(ut_error_last(), tmpdir));
    ut_corpus_close(NULL);
}

/* Runs `fn` with standard input fed by a child process writing `data`. */
static void with_stdin_pipe(const char *data, size_t len, void (*fn)(const char *, size_t, void *), const char *expect,
                            size_t expect_len, void *arg) {
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        size_t done = 0;
        while (done < len) {
            ssize_t w = write(fds[1], data + done, len - done);
            if (w <= 0) _exit(1);
            done += (size_t)w;
        }
        _exit(0);
    }
    close(fds[1]);
    int saved = dup(STDIN_FILENO);
    dup2(fds[0], STDIN_FILENO);
    close(fds[0]);
    fn(expect, expect_len, arg);
    dup2(saved, STDIN_FILENO);
    close(saved);
    int status;
    waitpid(pid, &status, 0);
}

static void read_stdin_with_head(const char *expect, size_t expect_len, void *arg) {
    size_t window = *(size_t *)arg;
    ut_corpus *c = NULL;
    assert_int_equal(ut_corpus_open(&c, "-", window), 0);
    assert_int_equal(ut_corpus_input_size(c), 0);
    const char *head;
    size_t head_len;
    assert_int_equal(ut_corpus_head(c, &head, &head_len), 0);
    assert_int_equal(head_len, expect_len < 65536 ? expect_len : 65536);
    assert_memory_equal(head, expect, head_len);
    ut_buf all = UT_BUF_INIT;
    ut_corpus_job jobs[4];
    size_t n;
    uint64_t offset = 0;
    while (ut_corpus_next_jobs(c, jobs, 4, window * 3, &n) == 0 && n > 0) {
        for (size_t i = 0; i < n; i++) {
            assert_int_equal(ut_corpus_job_load(c, &jobs[i]), 0);
            assert_int_equal(jobs[i].stream_offset, offset);
            assert_true(jobs[i].len <= window);
            offset += jobs[i].len;
            ut_buf_append(&all, jobs[i].data, jobs[i].len);
            ut_corpus_job_release(c, &jobs[i]);
        }
    }
    assert_int_equal(all.len, expect_len);
    assert_memory_equal(all.data, expect, expect_len);
    ut_buf_free(&all);
    ut_corpus_close(c);
}

static void stdin_plain_and_zstd(void **state) {
    (void)state;
    size_t len = 200000;
    char *text = make_text(len);
    ut_buf z = compress_frame(text, len, 1, 0);
    size_t small = 1000, big = 70000;
    with_stdin_pipe(text, len, read_stdin_with_head, text, len, &big);
    with_stdin_pipe(text, 100, read_stdin_with_head, text, 100, &small);
    with_stdin_pipe(z.data, z.len, read_stdin_with_head, text, len, &small);
    with_stdin_pipe(z.data, z.len, read_stdin_with_head, text, len, &big);
    with_stdin_pipe("", 0, read_stdin_with_head, "", 0, &small);
    with_stdin_pipe("ab", 2, read_stdin_with_head, "ab", 2, &small);
    ut_buf_free(&z);
    free(text);
}

/* `undertone analyze - < file`: standard input that is a regular file is
 * mapped like the file itself, so its size is known for progress. */
static void stdin_redirected_from_a_file(void **state) {
    (void)state;
    size_t len = 50000;
    char *text = make_text(len);
    const char *path = tmp_path("redirect.txt");
    write_file(path, text, len);
    int fd = open(path, O_RDONLY);
    assert_true(fd >= 0);
    int saved = dup(STDIN_FILENO);
    dup2(fd, STDIN_FILENO);
    close(fd);
    read_result r;
    int rc = read_all("-", 4096, 4, 16384, &r);
    ut_corpus *c = NULL;
    int rc_open = ut_corpus_open(&c, "-", 0);
    uint64_t size = c ? ut_corpus_input_size(c) : 0;
    ut_corpus_close(c);
    dup2(saved, STDIN_FILENO);
    close(saved);
    assert_int_equal(rc, 0);
    assert_int_equal(rc_open, 0);
    assert_int_equal(size, len);
    assert_int_equal(r.bytes.len, len);
    assert_memory_equal(r.bytes.data, text, len);
    ut_buf_free(&r.bytes);

    /* a redirected file the shell already read from: only the rest counts */
    fd = open(path, O_RDONLY);
    assert_int_equal(lseek(fd, 1000, SEEK_SET), 1000);
    saved = dup(STDIN_FILENO);
    dup2(fd, STDIN_FILENO);
    close(fd);
    rc = read_all("-", 4096, 4, 16384, &r);
    dup2(saved, STDIN_FILENO);
    close(saved);
    assert_int_equal(rc, 0);
    assert_int_equal(r.bytes.len, len - 1000);
    assert_memory_equal(r.bytes.data, text + 1000, len - 1000);
    ut_buf_free(&r.bytes);
    free(text);
}

static void fifo_path_is_streamed(void **state) {
    (void)state;
    const char *path = tmp_path("fifo");
    assert_int_equal(mkfifo(path, 0600), 0);
    const char *text = "one\ntwo\nthree\n";
    pid_t pid = fork();
    if (pid == 0) {
        FILE *f = fopen(path, "wb");
        fputs(text, f);
        fclose(f);
        _exit(0);
    }
    read_result r;
    assert_int_equal(read_all(path, 4, 2, 8, &r), 0);
    assert_int_equal(r.bytes.len, strlen(text));
    assert_memory_equal(r.bytes.data, text, strlen(text));
    assert_true(r.largest_job <= 4);
    ut_buf_free(&r.bytes);
    waitpid(pid, NULL, 0);
}

static void zstd_single_frame(void **state) {
    (void)state;
    size_t len = 500000;
    char *text = make_text(len);
    const char *path = tmp_path("single.txt.zst");
    for (int pledge = 0; pledge <= 1; pledge++) {
        ut_buf z = compress_frame(text, len, 0, pledge);
        write_file(path, z.data, z.len);
        for (size_t w = 2; w < sizeof windows / sizeof *windows; w++) {
            read_result r;
            assert_int_equal(read_all(path, windows[w], 4, windows[w] * 2, &r), 0);
            assert_true(r.zstd);
            assert_false(r.multiframe);
            assert_int_equal(r.bytes.len, len);
            assert_memory_equal(r.bytes.data, text, len);
            assert_true(r.largest_job <= (windows[w] ? windows[w] : (size_t)4 << 20));
            ut_buf_free(&r.bytes);
        }
        ut_buf_free(&z);
    }
    /* head of a compressed file is decoded text */
    ut_buf z = compress_frame(text, len, 0, 1);
    write_file(path, z.data, z.len);
    ut_corpus *c;
    assert_int_equal(ut_corpus_open(&c, path, 1000), 0);
    const char *head;
    size_t head_len;
    assert_int_equal(ut_corpus_head(c, &head, &head_len), 0);
    assert_int_equal(head_len, 65536);
    assert_memory_equal(head, text, head_len);
    ut_corpus_close(c);
    ut_buf_free(&z);
    free(text);
}

/* Windows of every small size: the decoder's output must be drained across
 * window ends, including the last block's, before the end is declared. */
static void zstd_stream_every_small_window(void **state) {
    (void)state;
    size_t len = 3000;
    char *text = make_text(len);
    const char *path = tmp_path("small.zst");
    ut_buf a = compress_frame(text, 1400, 1, 0), b = compress_frame(text + 1400, len - 1400, 1, 0);
    ut_buf_append(&a, b.data, b.len); /* two unsized frames: streamed */
    write_file(path, a.data, a.len);
    for (size_t window = 1; window <= 70; window++) {
        read_result r;
        assert_int_equal(read_all(path, window, 3, window, &r), 0);
        assert_false(r.multiframe);
        assert_int_equal(r.bytes.len, len);
        assert_memory_equal(r.bytes.data, text, len);
        assert_true(r.largest_job <= window);
        ut_buf_free(&r.bytes);
    }
    ut_buf_free(&a);
    ut_buf_free(&b);
    free(text);
}

/* Concatenates frames of `text` cut at `cuts`, optionally with a skippable
 * frame first and a seek table last. */
static ut_buf build_frames(const char *text, size_t len, size_t frame_len, int pledge, int skippable_first,
                           int seek_table) {
    ut_buf file = UT_BUF_INIT;
    ut_seek_entry entries[256];
    size_t n = 0;
    if (skippable_first) {
        unsigned char skip[12] = {0x50, 0x2A, 0x4D, 0x18, 4, 0, 0, 0, 'j', 'u', 'n', 'k'};
        ut_buf_append(&file, skip, sizeof skip);
        entries[n++] = (ut_seek_entry){sizeof skip, 0, 0};
    }
    for (size_t at = 0; at < len; at += frame_len) {
        size_t part = len - at < frame_len ? len - at : frame_len;
        ut_buf z = compress_frame(text + at, part, 1, pledge);
        ut_buf_append(&file, z.data, z.len);
        assert_true(n < 256);
        entries[n++] = (ut_seek_entry){(uint32_t)z.len, (uint32_t)part, 0};
        ut_buf_free(&z);
    }
    if (seek_table) assert_int_equal(ut_seek_table_write(&file, entries, n, 0), 0);
    return file;
}

/* This process's resident pages of mapped files, in KiB (-1 where /proc
 * does not say). */
static long rss_file_kib(void) {
    FILE *f = fopen("/proc/self/status", "r");
    if (!f) return -1;
    char line[256];
    long kib = -1;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "RssFile: %ld", &kib) == 1) break;
    fclose(f);
    return kib;
}

/* 48 frames of 200,000 bytes, each over 100 KiB packed, written to `name`
 * (a path in tmp_path's buffer): the file is then in the page cache, so a
 * fault maps the file's pages around it. */
static const char *write_spread_frames(const char *name) {
    size_t len = 48 * 200000;
    char *text = make_text(len);
    ut_buf file = build_frames(text, len, 200000, 1, 0, 1);
    const char *path = tmp_path(name);
    write_file(path, file.data, file.len);
    ut_buf_free(&file);
    free(text);
    return path;
}

/* Planning a packed corpus reads a header in every frame; the pages the
 * kernel mapped around them must not stay in our RSS until each frame is
 * decoded (on a 600 MB corpus they were 150 MB of it). */
static void planning_leaves_no_mapped_pages(void **state) {
    (void)state;
    const char *path = write_spread_frames("planned.zst");
    long before = rss_file_kib();
    if (before < 0) skip();
    ut_corpus *c = NULL;
    assert_int_equal(ut_corpus_open(&c, path, 1 << 20), 0);
    long grown = rss_file_kib() - before;
    /* 48 frames each over 100 KiB apart: without the release, one fault-around
     * (64 KiB) per frame header, about 3 MiB */
    assert_true(grown < 512);
    ut_corpus_close(c);
}

/* Decoding a frame maps the pages around each fault, some of them in the
 * neighbouring frames; a frame's release must take those too, or the file
 * stays mapped bit by bit, in our RSS, to the end of the run (28 MB of a
 * 629 MB corpus). Frames are decoded in rounds, last first, as threads
 * may. */
static void decoding_leaves_no_mapped_pages(void **state) {
    (void)state;
    const char *path = write_spread_frames("decoded.zst");
    long before = rss_file_kib();
    if (before < 0) skip();
    ut_corpus *c = NULL;
    assert_int_equal(ut_corpus_open(&c, path, 1 << 20), 0);
    assert_true(ut_corpus_is_multiframe(c));
    ut_corpus_job jobs[4];
    size_t n = 0, frames = 0;
    while (ut_corpus_next_jobs(c, jobs, 4, (size_t)4 << 20, &n) == 0 && n > 0) {
        for (size_t i = n; i-- > 0;)
            assert_int_equal(ut_corpus_job_load(c, &jobs[i]), 0);
        for (size_t i = 0; i < n; i++)
            ut_corpus_job_release(c, &jobs[i]);
        frames += n;
    }
    assert_int_equal(frames, 48);
    long grown = rss_file_kib() - before;
    /* without the margin: up to 60 KiB a frame boundary, about 1.5 MiB */
    assert_true(grown < 512);
    ut_corpus_close(c);
}

static void zstd_multi_frame(void **state) {
    (void)state;
    size_t len = 400000;
    char *text = make_text(len);
    const char *path = tmp_path("multi.zst");
    struct {
        int pledge, skippable, table, multiframe;
    } cases[] = {
        {1, 0, 0, 1}, /* pzstd-like: sized frames, no table */
        {1, 1, 0, 1}, /* a skippable frame first */
        {0, 0, 0, 0}, /* unsized frames, no table: streamed */
        {0, 0, 1, 1}, /* unsized frames sized by the seek table */
        {1, 1, 1, 1},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        ut_buf file = build_frames(text, len, 30000, cases[k].pledge, cases[k].skippable, cases[k].table);
        write_file(path, file.data, file.len);
        for (size_t w = 0; w < sizeof windows / sizeof *windows; w++) {
            if (windows[w] < 64) continue;
            read_result r;
            assert_int_equal(read_all(path, windows[w], 5, windows[w], &r), 0);
            assert_true(r.zstd);
            assert_int_equal(r.multiframe, cases[k].multiframe);
            if (r.multiframe) assert_int_equal(r.jobs, (len + 29999) / 30000);
            assert_int_equal(r.bytes.len, len);
            assert_memory_equal(r.bytes.data, text, len);
            ut_buf_free(&r.bytes);
        }
        /* the head of a multi-frame file spans frames and consumes nothing */
        ut_corpus *c;
        assert_int_equal(ut_corpus_open(&c, path, 0), 0);
        const char *head;
        size_t head_len;
        assert_int_equal(ut_corpus_head(c, &head, &head_len), 0);
        assert_int_equal(head_len, 65536);
        assert_memory_equal(head, text, head_len);
        ut_corpus_job job;
        size_t n;
        assert_int_equal(ut_corpus_next_jobs(c, &job, 1, 1, &n), 0);
        assert_int_equal(n, 1);
        assert_int_equal(ut_corpus_job_load(c, &job), 0);
        assert_int_equal(job.stream_offset, 0);
        assert_memory_equal(job.data, text, job.len);
        ut_corpus_job_release(c, &job);
        ut_corpus_close(c);
        ut_buf_free(&file);
    }
    free(text);
}

/* Frames are loaded and released by several threads at once, as the
 * scheduler does; buffers recycled between them must never be shared. */
static void frames_load_in_parallel(void **state) {
    (void)state;
    size_t len = 600000;
    char *text = make_text(len);
    const char *path = tmp_path("parallel.zst");
    ut_buf file = build_frames(text, len, 7000, 0, 0, 1);
    write_file(path, file.data, file.len);
    for (int round = 0; round < 3; round++) {
        ut_corpus *c;
        assert_int_equal(ut_corpus_open(&c, path, 0), 0);
        assert_true(ut_corpus_is_multiframe(c));
        ut_corpus_job jobs[16];
        size_t n;
        int bad = 0;
        while (ut_corpus_next_jobs(c, jobs, 16, (size_t)1 << 30, &n) == 0 && n > 0) {
#pragma omp parallel for num_threads(4) schedule(dynamic, 1) reduction(| : bad)
            for (size_t i = 0; i < n; i++) {
                if (ut_corpus_job_load(c, &jobs[i]) != 0 ||
                    memcmp(jobs[i].data, text + jobs[i].stream_offset, jobs[i].len) != 0)
                    bad |= 1;
                ut_corpus_job_release(c, &jobs[i]);
            }
        }
        assert_int_equal(bad, 0);
        ut_corpus_close(c);
    }
    ut_buf_free(&file);
    free(text);
}

/* Frames each larger than every buffer before them, loaded one at a time:
 * the pool of job buffers must not keep the ones too small to reuse (it
 * once kept them all, and grew with the corpus). */
static void buffer_pool_keeps_no_outgrown_buffer(void **state) {
    (void)state;
    enum { FRAMES = 12, STEP = 200 * 1024 };
    size_t len = (size_t)STEP * FRAMES * (FRAMES + 1) / 2;
    char *text = make_text(len);
    ut_buf file = UT_BUF_INIT;
    ut_seek_entry entries[FRAMES];
    for (size_t i = 0, at = 0; i < FRAMES; i++) {
        size_t part = (size_t)STEP * (i + 1);
        ut_buf z = compress_frame(text + at, part, 1, 1);
        ut_buf_append(&file, z.data, z.len);
        entries[i] = (ut_seek_entry){(uint32_t)z.len, (uint32_t)part, 0};
        ut_buf_free(&z);
        at += part;
    }
    assert_int_equal(ut_seek_table_write(&file, entries, FRAMES, 0), 0);
    const char *path = tmp_path("growing.zst");
    write_file(path, file.data, file.len);
    ut_corpus *c;
    assert_int_equal(ut_corpus_open(&c, path, 0), 0);
    assert_true(ut_corpus_is_multiframe(c));
    ut_corpus_job job;
    size_t n, loaded = 0;
    while (ut_corpus_next_jobs(c, &job, 1, (size_t)1 << 30, &n) == 0 && n > 0) {
        assert_int_equal(ut_corpus_job_load(c, &job), 0);
        assert_memory_equal(job.data, text + job.stream_offset, job.len);
        ut_corpus_job_release(c, &job);
        assert_true(c->pool_len <= 1); /* one job at a time: one buffer */
        loaded++;
    }
    assert_int_equal(loaded, FRAMES);
    ut_corpus_close(c);
    ut_buf_free(&file);
    free(text);
}

/* Tables with the checksum flag (12-byte entries) are read as well. */
static void seek_table_with_checksums(void **state) {
    (void)state;
    size_t len = 90000;
    char *text = make_text(len);
    ut_buf file = UT_BUF_INIT;
    ut_seek_entry entries[3];
    for (int i = 0; i < 3; i++) {
        ut_buf z = compress_frame(text + i * 30000, 30000, 0, 0);
        ut_buf_append(&file, z.data, z.len);
        entries[i] = (ut_seek_entry){(uint32_t)z.len, 30000, 0xA5A5A500u + (uint32_t)i};
        ut_buf_free(&z);
    }
    assert_int_equal(ut_seek_table_write(&file, entries, 3, 1), 0);
    ut_seek_table t;
    assert_int_equal(ut_seek_table_read(&t, (unsigned char *)file.data, file.len, "x"), 1);
    assert_int_equal(t.n_entries, 3);
    assert_true(t.has_checksums);
    assert_int_equal(t.entries[2].checksum, 0xA5A5A502u);
    assert_int_equal(t.entries[1].decompressed_size, 30000);
    assert_int_equal(t.table_size, ut_seek_table_size(3, 1));
    ut_seek_table_free(&t);
    const char *path = tmp_path("checksums.zst");
    write_file(path, file.data, file.len);
    read_result r;
    assert_int_equal(read_all(path, 0, 4, 1, &r), 0);
    assert_true(r.multiframe);
    assert_int_equal(r.jobs, 3);
    assert_int_equal(r.bytes.len, len);
    assert_memory_equal(r.bytes.data, text, len);
    ut_buf_free(&r.bytes);
    ut_buf_free(&file);
    free(text);
}

static void expect_corrupt(const char *path, size_t window, const char *needle) {
    read_result r;
    int rc = read_all(path, window, 4, window * 4, &r);
    assert_int_equal(rc, UT_ECORRUPT);
    assert_non_null(strstr(ut_error_last(), path));
    if (needle && !strstr(ut_error_last(), needle)) fail_msg("message \"%s\" lacks \"%s\"", ut_error_last(), needle);
    ut_buf_free(&r.bytes);
}

static void corrupt_and_truncated_zstd(void **state) {
    (void)state;
    size_t len = 300000;
    char *text = make_text(len);
    const char *path = tmp_path("bad.zst");
    ut_buf z = compress_frame(text, len, 1, 1);
    /* a flipped byte in the middle of a single frame */
    z.data[z.len / 2] ^= 0x5A;
    write_file(path, z.data, z.len);
    expect_corrupt(path, 4096, "corrupt zstd data at compressed offset");
    z.data[z.len / 2] ^= 0x5A;
    /* truncated single frame, mapped and through a pipe */
    write_file(path, z.data, z.len - 10);
    expect_corrupt(path, 4096, "truncated");
    write_file(path, z.data, 3 + 4);
    expect_corrupt(path, 4096, NULL);
    ut_buf_free(&z);

    /* a corrupt frame inside a multi-frame file fails its load */
    ut_buf file = build_frames(text, len, 50000, 1, 0, 1);
    size_t second = 0;
    {
        ut_seek_table t;
        assert_int_equal(ut_seek_table_read(&t, (unsigned char *)file.data, file.len, "x"), 1);
        second = t.entries[0].compressed_size;
        file.data[second + t.entries[1].compressed_size / 2] ^= 0x33;
        ut_seek_table_free(&t);
    }
    write_file(path, file.data, file.len);
    char offset_text[64];
    snprintf(offset_text, sizeof offset_text, "compressed offset %zu", second);
    expect_corrupt(path, 0, offset_text);
    ut_buf_free(&file);

    /* multi-frame without a table, cut inside the last frame */
    file = build_frames(text, len, 50000, 1, 0, 0);
    write_file(path, file.data, file.len - 5);
    expect_corrupt(path, 4096, NULL);
    /* garbage after the frames */
    ut_buf_append(&file, "trailing text\n", 14);
    write_file(path, file.data, file.len);
    expect_corrupt(path, 4096, NULL);
    ut_buf_free(&file);
    free(text);
}

/* A frame asking for a 256 MiB window (zstd --long) is refused, and the
 * message says why instead of calling it damage. */
static void oversized_zstd_window_is_refused(void **state) {
    (void)state;
    const char *text = "a small review\n";
    ZSTD_CCtx *cctx = ZSTD_createCCtx();
    ZSTD_CCtx_setParameter(cctx, ZSTD_c_windowLog, 28);
    char out[256];
    ZSTD_outBuffer o = {out, sizeof out, 0};
    ZSTD_inBuffer in = {text, strlen(text), 0};
    /* continue first: the size is then unknown when the window is chosen */
    assert_false(ZSTD_isError(ZSTD_compressStream2(cctx, &o, &in, ZSTD_e_continue)));
    assert_int_equal(ZSTD_compressStream2(cctx, &o, &in, ZSTD_e_end), 0);
    ZSTD_freeCCtx(cctx);
    const char *path = tmp_path("long.zst");
    write_file(path, out, o.pos);
    read_result r;
    assert_int_equal(read_all(path, 4096, 2, 8192, &r), UT_ECORRUPT);
    assert_non_null(strstr(ut_error_last(), "decoding window above 128 MiB"));
    assert_null(strstr(ut_error_last(), "corrupt"));
    ut_buf_free(&r.bytes);
}

static void corrupt_seek_tables(void **state) {
    (void)state;
    size_t len = 200000;
    char *text = make_text(len);
    const char *path = tmp_path("table.zst");
    ut_buf good = build_frames(text, len, 40000, 0, 0, 1);
    size_t table_size = (size_t)ut_seek_table_size(5, 0);
    size_t table_at = good.len - table_size;
    ut_buf bad = UT_BUF_INIT;

    /* an entry's compressed size off by one: frames no longer tile the file */
    ut_buf_append(&bad, good.data, good.len);
    bad.data[table_at + 8] += 1;
    write_file(path, bad.data, bad.len);
    expect_corrupt(path, 0, "seek table");

    /* a decompressed size that lies (smaller, then larger) */
    memcpy(bad.data, good.data, good.len);
    bad.data[table_at + 8 + 4] -= 1;
    write_file(path, bad.data, bad.len);
    expect_corrupt(path, 0, "compressed offset 0");
    memcpy(bad.data, good.data, good.len);
    bad.data[table_at + 8 + 4] += 1;
    write_file(path, bad.data, bad.len);
    expect_corrupt(path, 0, "compressed offset 0");

    /* reserved descriptor bits */
    memcpy(bad.data, good.data, good.len);
    bad.data[bad.len - 5] = 0x04;
    write_file(path, bad.data, bad.len);
    expect_corrupt(path, 0, "reserved");

    /* a frame count that does not fit */
    memcpy(bad.data, good.data, good.len);
    bad.data[bad.len - 9 + 3] = 0x7F;
    write_file(path, bad.data, bad.len);
    expect_corrupt(path, 0, "seek table");

    /* the table cut short: no footer left, the stub is a broken frame */
    write_file(path, good.data, good.len - 3);
    expect_corrupt(path, 0, NULL);
    write_file(path, good.data, good.len - table_size + 6);
    expect_corrupt(path, 0, NULL);

    ut_buf_free(&bad);
    ut_buf_free(&good);
    free(text);
}

/* A tiny file that inflates to a gigabyte must be read in windows: no job
 * above the window, whatever the frame header promises. */
static void zstd_bomb_stays_bounded(void **state) {
    (void)state;
    const size_t total = (size_t)1 << 30, chunk = (size_t)1 << 20;
    char *zeros = calloc(1, chunk);
    ut_buf z = UT_BUF_INIT;
    ZSTD_CCtx *cctx = ZSTD_createCCtx();
    ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, 1);
    ZSTD_CCtx_setPledgedSrcSize(cctx, total);
    assert_int_equal(ut_buf_reserve(&z, 1 << 20), 0);
    for (size_t done = 0; done < total; done += chunk) {
        ZSTD_inBuffer in = {zeros, chunk, 0};
        ZSTD_EndDirective end = done + chunk == total ? ZSTD_e_end : ZSTD_e_continue;
        size_t left;
        do {
            assert_int_equal(ut_buf_reserve(&z, 1 << 16), 0);
            ZSTD_outBuffer out = {z.data + z.len, z.cap - z.len - 1, 0};
            left = ZSTD_compressStream2(cctx, &out, &in, end);
            assert_false(ZSTD_isError(left));
            z.len += out.pos;
        } while (in.pos < in.size || (end == ZSTD_e_end && left != 0));
    }
    ZSTD_freeCCtx(cctx);
    free(zeros);
    assert_true(z.len < 1 << 20);
    const char *path = tmp_path("bomb.zst");
    /* twice: a declared size far above the per-frame cap must not be trusted
     * with one allocation even when the file has several frames */
    ut_buf two = UT_BUF_INIT;
    ut_buf_append(&two, z.data, z.len);
    ut_buf_append(&two, z.data, z.len);
    write_file(path, two.data, two.len);
    ut_buf_free(&two);
    ut_buf_free(&z);

    ut_corpus *c;
    size_t window = 64 << 10;
    assert_int_equal(ut_corpus_open(&c, path, window), 0);
    assert_false(ut_corpus_is_multiframe(c));
    ut_corpus_job jobs[8];
    size_t n;
    uint64_t seen = 0;
    while (ut_corpus_next_jobs(c, jobs, 8, window * 8, &n) == 0 && n > 0) {
        for (size_t i = 0; i < n; i++) {
            assert_int_equal(ut_corpus_job_load(c, &jobs[i]), 0);
            assert_true(jobs[i].len <= window);
            assert_int_equal(jobs[i].stream_offset, seen);
            seen += jobs[i].len;
            ut_corpus_job_release(c, &jobs[i]);
        }
    }
    assert_int_equal(seen, 2 * (uint64_t)total);
    ut_corpus_close(c);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    assert_true(ru.ru_maxrss < 400 * 1024); /* KiB: far below the 2 GiB it inflates to */
}

/* A seek table may promise frames above the per-frame cap: the file is
 * then streamed in windows rather than loaded a frame at a time. */
static void seek_table_with_oversized_frames_streams(void **state) {
    (void)state;
    size_t frame = (size_t)80 << 20;
    char *zeros = calloc(1, frame);
    ut_buf z = compress_frame(zeros, frame, 0, 0); /* unsized: only the table tells */
    ut_buf file = UT_BUF_INIT;
    ut_buf_append(&file, z.data, z.len);
    ut_buf_append(&file, z.data, z.len);
    ut_seek_entry entries[2] = {{(uint32_t)z.len, (uint32_t)frame, 0}, {(uint32_t)z.len, (uint32_t)frame, 0}};
    assert_int_equal(ut_seek_table_write(&file, entries, 2, 0), 0);
    const char *path = tmp_path("big-frames.zst");
    write_file(path, file.data, file.len);
    ut_corpus *c;
    size_t window = 1 << 20;
    assert_int_equal(ut_corpus_open(&c, path, window), 0);
    assert_false(ut_corpus_is_multiframe(c));
    ut_corpus_job jobs[4];
    size_t n;
    uint64_t seen = 0;
    int nonzero = 0;
    while (ut_corpus_next_jobs(c, jobs, 4, window * 4, &n) == 0 && n > 0) {
        for (size_t i = 0; i < n; i++) {
            assert_int_equal(ut_corpus_job_load(c, &jobs[i]), 0);
            assert_true(jobs[i].len <= window);
            nonzero |= memcmp(jobs[i].data, zeros, jobs[i].len) != 0;
            seen += jobs[i].len;
            ut_corpus_job_release(c, &jobs[i]);
        }
    }
    assert_int_equal(seen, 2 * (uint64_t)frame);
    assert_false(nonzero);
    ut_corpus_close(c);
    ut_buf_free(&file);
    ut_buf_free(&z);
    free(zeros);
}

static void input_progress_reaches_size(void **state) {
    (void)state;
    size_t len = 100000;
    char *text = make_text(len);
    const char *path = tmp_path("progress.zst");
    ut_buf z = compress_frame(text, len, 0, 1);
    write_file(path, z.data, z.len);
    ut_corpus *c;
    assert_int_equal(ut_corpus_open(&c, path, 1000), 0);
    assert_int_equal(ut_corpus_input_size(c), z.len);
    assert_string_equal(ut_corpus_path(c), path);
    ut_corpus_job jobs[4];
    size_t n;
    while (ut_corpus_next_jobs(c, jobs, 4, 4000, &n) == 0 && n > 0)
        for (size_t i = 0; i < n; i++)
            ut_corpus_job_release(c, &jobs[i]); /* released unloaded: allowed */
    assert_int_equal(ut_corpus_input_done(c), z.len);
    ut_corpus_close(c);
    ut_buf_free(&z);
    free(text);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(zstd_bomb_stays_bounded), /* first: its RSS check must not see the others' peaks */
        cmocka_unit_test(plain_file_every_window),
        cmocka_unit_test(empty_file_has_no_jobs),
        cmocka_unit_test(missing_and_directory_are_eio),
        cmocka_unit_test(stdin_plain_and_zstd),
        cmocka_unit_test(stdin_redirected_from_a_file),
        cmocka_unit_test(fifo_path_is_streamed),
        cmocka_unit_test(zstd_single_frame),
        cmocka_unit_test(zstd_stream_every_small_window),
        cmocka_unit_test(zstd_multi_frame),
        cmocka_unit_test(frames_load_in_parallel),
        cmocka_unit_test(buffer_pool_keeps_no_outgrown_buffer),
        cmocka_unit_test(seek_table_with_checksums),
        cmocka_unit_test(corrupt_and_truncated_zstd),
        cmocka_unit_test(corrupt_seek_tables),
        cmocka_unit_test(oversized_zstd_window_is_refused),
        cmocka_unit_test(seek_table_with_oversized_frames_streams),
        cmocka_unit_test(input_progress_reaches_size),
        cmocka_unit_test(planning_leaves_no_mapped_pages),
        cmocka_unit_test(decoding_leaves_no_mapped_pages),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
