/* test_pack.c — ut_pack: the packed file decodes to the input's exact
 * bytes, its frames end on record boundaries (CSV quoted newlines too),
 * oversized records get frames of their own, the output is the same for
 * every thread count, and zstd itself accepts it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <zstd.h>

#include "util/buf.h"
#include "corpus/corpus.h"
#include "corpus/seek_table.h"
#include "undertone.h"

static char tmpdir[256];

static int setup(void **state) {
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "%s/test_pack_XXXXXX", UT_BINARY_DIR);
    assert_non_null(mkdtemp(tmpdir));
    return 0;
}

static int teardown(void **state) {
    (void)state;
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

static char *tmp_path(const char *name) {
    char *path = malloc(512);
    snprintf(path, 512, "%s/%s", tmpdir, name);
    return path;
}

static void write_file(const char *path, const void *data, size_t len) {
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    if (len) assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

static ut_buf read_file(const char *path) {
    ut_buf b = UT_BUF_INIT;
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        ut_buf_append(&b, chunk, n);
    fclose(f);
    return b;
}

static ut_pack_options default_options(void) {
    ut_pack_options opts;
    memset(&opts, 0, sizeof opts);
    opts.version = UT_PACK_OPTIONS_VERSION;
    return opts;
}

static uint32_t next_random(uint32_t *x) {
    *x = *x * 1103515245u + 12345u;
    return *x >> 16;
}

static ut_buf make_jsonl(size_t records, size_t huge_at, size_t huge_len) {
    ut_buf b = UT_BUF_INIT;
    uint32_t x = 7;
    for (size_t i = 0; i < records; i++) {
        ut_buf_printf(&b, "{\"id\":%zu,\"text\":\"", i);
        size_t words = i == huge_at ? huge_len / 5 : 3 + next_random(&x) % 40;
        for (size_t w = 0; w < words; w++)
            ut_buf_puts(&b, next_random(&x) % 3 ? "good " : "awful ");
        ut_buf_puts(&b, "\"}\n");
    }
    return b;
}

/* CSV whose quoted fields hold newlines, commas and doubled quotes. */
static ut_buf make_csv(size_t records) {
    ut_buf b = UT_BUF_INIT;
    uint32_t x = 11;
    ut_buf_puts(&b, "id,text,rating\n");
    for (size_t i = 0; i < records; i++) {
        ut_buf_printf(&b, "%zu,\"line one\nline \"\"two\"\", still\n", i);
        size_t words = next_random(&x) % 30;
        for (size_t w = 0; w < words; w++)
            ut_buf_puts(&b, "meh ");
        ut_buf_printf(&b, "\",%u\r\n", next_random(&x) % 5 + 1);
    }
    return b;
}

/* Frame ends are record ends: outside CSV quotes, right after a newline. */
static int ends_on_record(const char *data, size_t end, int csv) {
    if (end == 0 || data[end - 1] != '\n') return 0;
    if (!csv) return 1;
    size_t quotes = 0;
    for (size_t i = 0; i < end; i++)
        quotes += data[i] == '"';
    return quotes % 2 == 0;
}

typedef struct packed {
    size_t frames;
    size_t largest;
    int multiframe;
} packed;

/* Packs `data` (written to `name`) and reads it back through the reader. */
static packed pack_and_verify(const char *name, const ut_buf *data, size_t frame_bytes, int threads, int csv) {
    char *in = tmp_path(name);
    char *out = tmp_path("out.zst");
    write_file(in, data->data, data->len);
    ut_pack_options opts = default_options();
    opts.frame_bytes = frame_bytes;
    opts.threads = threads;
    opts.level = 1;
    if (ut_pack(in, out, &opts) != 0) fail_msg("pack failed: %s", ut_error_last());
    char *tmp = tmp_path("out.zst.tmp");
    assert_int_not_equal(access(tmp, F_OK), 0);

    packed p = {0, 0, 0};
    ut_corpus *c;
    assert_int_equal(ut_corpus_open(&c, out, 0), 0);
    assert_true(ut_corpus_is_zstd(c));
    p.multiframe = ut_corpus_is_multiframe(c);
    ut_corpus_job jobs[8];
    size_t n;
    uint64_t offset = 0;
    while (ut_corpus_next_jobs(c, jobs, 8, frame_bytes * 4, &n) == 0 && n > 0) {
        for (size_t i = 0; i < n; i++) {
            assert_int_equal(ut_corpus_job_load(c, &jobs[i]), 0);
            assert_int_equal(jobs[i].stream_offset, offset);
            assert_true(offset + jobs[i].len <= data->len);
            assert_memory_equal(jobs[i].data, data->data + offset, jobs[i].len);
            offset += jobs[i].len;
            if (p.multiframe && offset < data->len && !ends_on_record(data->data, offset, csv))
                fail_msg("frame ending at %llu is not on a record boundary", (unsigned long long)offset);
            if (jobs[i].len > p.largest) p.largest = jobs[i].len;
            p.frames++;
            ut_corpus_job_release(c, &jobs[i]);
        }
    }
    assert_int_equal(offset, data->len);
    ut_corpus_close(c);

    /* the table lists every frame, and frames tile the file */
    ut_buf file = read_file(out);
    ut_seek_table t;
    assert_int_equal(ut_seek_table_read(&t, (unsigned char *)file.data, file.len, out), 1);
    if (p.multiframe) assert_int_equal(t.n_entries, p.frames);
    uint64_t total = 0;
    for (size_t i = 0; i < t.n_entries; i++)
        total += t.entries[i].decompressed_size;
    assert_int_equal(total, data->len);
    ut_seek_table_free(&t);
    ut_buf_free(&file);
    free(in);
    free(out);
    free(tmp);
    return p;
}

static void jsonl_round_trip(void **state) {
    (void)state;
    ut_buf data = make_jsonl(3000, SIZE_MAX, 0);
    packed p = pack_and_verify("reviews.jsonl", &data, 16384, 3, 0);
    assert_true(p.multiframe);
    assert_true(p.frames >= data.len / 16384 / 2);
    assert_true(p.largest < 16384 + 1024); /* closed at the record that crosses frame_bytes */
    ut_buf_free(&data);
}

static void csv_quoted_newlines_stay_whole(void **state) {
    (void)state;
    ut_buf data = make_csv(2000);
    packed p = pack_and_verify("reviews.csv", &data, 4000, 2, 1);
    assert_true(p.multiframe);
    assert_true(p.frames > 10);
    ut_buf_free(&data);
}

static void huge_record_gets_own_frame(void **state) {
    (void)state;
    ut_buf data = make_jsonl(400, 200, 100000);
    packed p = pack_and_verify("huge.jsonl", &data, 8192, 2, 0);
    assert_true(p.largest >= 100000);
    /* the huge record is exactly one frame: find it among the jobs */
    char *out = tmp_path("out.zst");
    ut_corpus *c;
    assert_int_equal(ut_corpus_open(&c, out, 0), 0);
    ut_corpus_job job;
    size_t n, found = 0;
    while (ut_corpus_next_jobs(c, &job, 1, 1, &n) == 0 && n > 0) {
        assert_int_equal(ut_corpus_job_load(c, &job), 0);
        if (job.len >= 100000) {
            const char *nl = memchr(job.data, '\n', job.len);
            assert_ptr_equal(nl, job.data + job.len - 1); /* one record, nothing else */
            assert_memory_equal(job.data, "{\"id\":200,", 10);
            found++;
        }
        ut_corpus_job_release(c, &job);
    }
    assert_int_equal(found, 1);
    ut_corpus_close(c);
    free(out);
    ut_buf_free(&data);
}

static void last_record_without_newline(void **state) {
    (void)state;
    ut_buf data = make_jsonl(500, SIZE_MAX, 0);
    ut_buf_puts(&data, "{\"text\":\"no newline at the end\"}");
    pack_and_verify("tail.jsonl", &data, 2048, 1, 0);
    ut_buf lines = UT_BUF_INIT;
    ut_buf_puts(&lines, "just one line, no newline");
    pack_and_verify("one.txt", &lines, 2048, 1, 0);
    ut_buf_free(&lines);
    ut_buf_free(&data);
}

static void empty_input_packs_to_a_table(void **state) {
    (void)state;
    ut_buf empty = UT_BUF_INIT;
    packed p = pack_and_verify("empty.jsonl", &empty, 0, 0, 0);
    assert_int_equal(p.frames, 0);
}

static void same_output_for_any_thread_count(void **state) {
    (void)state;
    ut_buf data = make_csv(1500);
    char *in = tmp_path("threads.csv");
    char *out1 = tmp_path("t1.zst"), *out4 = tmp_path("t4.zst");
    write_file(in, data.data, data.len);
    ut_pack_options opts = default_options();
    opts.frame_bytes = 3000;
    opts.threads = 1;
    assert_int_equal(ut_pack(in, out1, &opts), 0);
    opts.threads = 4;
    assert_int_equal(ut_pack(in, out4, &opts), 0);
    ut_buf a = read_file(out1), b = read_file(out4);
    assert_int_equal(a.len, b.len);
    assert_memory_equal(a.data, b.data, a.len);
    ut_buf_free(&a);
    ut_buf_free(&b);
    free(in);
    free(out1);
    free(out4);
    ut_buf_free(&data);
}

/* A compressed input (and a packed one, re-packed) is read through the
 * reader, so pack accepts whatever analyze accepts. */
static void compressed_input_repacks(void **state) {
    (void)state;
    ut_buf data = make_jsonl(2000, SIZE_MAX, 0);
    ut_buf z = UT_BUF_INIT;
    assert_int_equal(ut_buf_reserve(&z, ZSTD_compressBound(data.len)), 0);
    z.len = ZSTD_compress(z.data, z.cap, data.data, data.len, 1);
    assert_false(ZSTD_isError(z.len));
    char *in = tmp_path("in.jsonl.zst"), *out = tmp_path("re.zst"), *again = tmp_path("again.zst");
    write_file(in, z.data, z.len);
    ut_pack_options opts = default_options();
    opts.frame_bytes = 10000;
    assert_int_equal(ut_pack(in, out, &opts), 0);
    opts.frame_bytes = 50000;
    assert_int_equal(ut_pack(out, again, &opts), 0);
    ut_corpus *c;
    assert_int_equal(ut_corpus_open(&c, again, 0), 0);
    assert_true(ut_corpus_is_multiframe(c));
    ut_buf back = UT_BUF_INIT;
    ut_corpus_job job;
    size_t n;
    while (ut_corpus_next_jobs(c, &job, 1, 1, &n) == 0 && n > 0) {
        assert_int_equal(ut_corpus_job_load(c, &job), 0);
        ut_buf_append(&back, job.data, job.len);
        ut_corpus_job_release(c, &job);
    }
    ut_corpus_close(c);
    assert_int_equal(back.len, data.len);
    assert_memory_equal(back.data, data.data, data.len);
    ut_buf_free(&back);
    ut_buf_free(&z);
    ut_buf_free(&data);
    free(in);
    free(out);
    free(again);
}

/* Standard input can be packed: the format is sniffed from its head. */
static void packs_standard_input(void **state) {
    (void)state;
    ut_buf data = make_jsonl(1500, SIZE_MAX, 0);
    char *out = tmp_path("stdin.zst");
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        size_t done = 0;
        while (done < data.len) {
            ssize_t w = write(fds[1], data.data + done, data.len - done);
            if (w <= 0) _exit(1);
            done += (size_t)w;
        }
        _exit(0);
    }
    close(fds[1]);
    int saved = dup(STDIN_FILENO);
    dup2(fds[0], STDIN_FILENO);
    close(fds[0]);
    ut_pack_options opts = default_options();
    opts.frame_bytes = 8000;
    int rc = ut_pack("-", out, &opts);
    dup2(saved, STDIN_FILENO);
    close(saved);
    waitpid(pid, NULL, 0);
    assert_int_equal(rc, 0);
    ut_buf packed_file = read_file(out);
    ut_seek_table t;
    assert_int_equal(ut_seek_table_read(&t, (unsigned char *)packed_file.data, packed_file.len, out), 1);
    assert_true(t.n_entries >= data.len / 8000 / 2);
    ut_seek_table_free(&t);
    ZSTD_DCtx *d = ZSTD_createDCtx();
    char *back = malloc(data.len);
    size_t r = ZSTD_decompressDCtx(d, back, data.len, packed_file.data, packed_file.len);
    assert_int_equal(r, data.len);
    assert_memory_equal(back, data.data, data.len);
    ZSTD_freeDCtx(d);
    free(back);
    ut_buf_free(&packed_file);
    ut_buf_free(&data);
    free(out);
}

static int have_zstd_cli(void) {
    return system("command -v zstd >/dev/null 2>&1") == 0;
}

static void zstd_cli_accepts_output(void **state) {
    (void)state;
    if (!have_zstd_cli()) skip();
    ut_buf data = make_csv(800);
    char *in = tmp_path("cli.csv"), *out = tmp_path("cli.csv.zst"), *dec = tmp_path("cli.dec");
    write_file(in, data.data, data.len);
    ut_pack_options opts = default_options();
    opts.frame_bytes = 5000;
    assert_int_equal(ut_pack(in, out, &opts), 0);
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "zstd -q -t '%s'", out);
    assert_int_equal(system(cmd), 0);
    snprintf(cmd, sizeof cmd, "zstd -q -dc '%s' > '%s'", out, dec);
    assert_int_equal(system(cmd), 0);
    ut_buf back = read_file(dec);
    assert_int_equal(back.len, data.len);
    assert_memory_equal(back.data, data.data, data.len);
    ut_buf_free(&back);
    /* an empty corpus packs to a file zstd also accepts */
    write_file(in, "", 0);
    assert_int_equal(ut_pack(in, out, &opts), 0);
    snprintf(cmd, sizeof cmd, "zstd -q -t '%s'", out);
    assert_int_equal(system(cmd), 0);
    ut_buf_free(&data);
    free(in);
    free(out);
    free(dec);
}

static void errors_leave_no_output(void **state) {
    (void)state;
    char *missing = tmp_path("missing.jsonl"), *out = tmp_path("never.zst"), *tmp = tmp_path("never.zst.tmp");
    assert_int_equal(ut_pack(missing, out, NULL), UT_EIO);
    assert_non_null(strstr(ut_error_last(), "missing.jsonl"));
    assert_int_not_equal(access(out, F_OK), 0);
    assert_int_not_equal(access(tmp, F_OK), 0);

    /* corrupt compressed input: UT_ECORRUPT, and the temporary file is gone */
    char *bad = tmp_path("bad.jsonl.zst");
    ut_buf data = make_jsonl(3000, SIZE_MAX, 0);
    ut_buf z = UT_BUF_INIT;
    assert_int_equal(ut_buf_reserve(&z, ZSTD_compressBound(data.len)), 0);
    ZSTD_CCtx *cctx = ZSTD_createCCtx();
    ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, 1);
    z.len = ZSTD_compress2(cctx, z.data, z.cap, data.data, data.len);
    ZSTD_freeCCtx(cctx);
    z.data[z.len - 6] ^= 0x41;
    write_file(bad, z.data, z.len);
    assert_int_equal(ut_pack(bad, out, NULL), UT_ECORRUPT);
    assert_int_not_equal(access(out, F_OK), 0);
    assert_int_not_equal(access(tmp, F_OK), 0);

    /* an output directory that does not exist */
    char *in = tmp_path("ok.jsonl");
    write_file(in, data.data, data.len);
    char *nowhere = tmp_path("no/such/dir/out.zst");
    assert_int_equal(ut_pack(in, nowhere, NULL), UT_EIO);
    assert_non_null(strstr(ut_error_last(), "no/such/dir"));

    /* options */
    ut_pack_options opts = default_options();
    opts.level = 99;
    assert_int_equal(ut_pack(in, out, &opts), UT_EINVAL);
    opts.level = 0;
    opts.version = 42;
    assert_int_equal(ut_pack(in, out, &opts), UT_EINVAL);
    assert_int_equal(ut_pack(in, "-", NULL), UT_EINVAL);

    ut_buf_free(&z);
    ut_buf_free(&data);
    free(missing);
    free(out);
    free(tmp);
    free(bad);
    free(in);
    free(nowhere);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(jsonl_round_trip),
        cmocka_unit_test(csv_quoted_newlines_stay_whole),
        cmocka_unit_test(huge_record_gets_own_frame),
        cmocka_unit_test(last_record_without_newline),
        cmocka_unit_test(empty_input_packs_to_a_table),
        cmocka_unit_test(same_output_for_any_thread_count),
        cmocka_unit_test(compressed_input_repacks),
        cmocka_unit_test(packs_standard_input),
        cmocka_unit_test(zstd_cli_accepts_output),
        cmocka_unit_test(errors_leave_no_output),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
