/* corpus_read.c — measures the corpus reader and ut_pack on their own, so
 * the cost of reading (mmap, zstd decoding, frame planning) can be told
 * apart from the cost of analysis.
 *
 *   corpus_read [--threads N] [--window MiB] [--repeat K] FILE
 *       reads FILE through ut_corpus the way the scheduler does (plan a
 *       batch, load its jobs in parallel, touch every byte, release) and
 *       prints the best of K runs in MB/s of decompressed bytes.
 *   corpus_read --pack [--threads N] [--frame KiB] [--level L] IN OUT
 *       times ut_pack.
 * The byte sum it prints keeps the compiler from skipping the reads. */
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "corpus/corpus.h"
#include "undertone.h"

static double clock_s(clockid_t id) {
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static double now(void) {
    return clock_s(CLOCK_MONOTONIC);
}

/* CPU seconds of the whole process: on a shared machine the wall clock
 * counts other people's work, the CPU time mostly does not. */
static double cpu_now(void) {
    return clock_s(CLOCK_PROCESS_CPUTIME_ID);
}

/* Sums every byte whose stream offset is a multiple of 64: a cheap read of
 * every cache line that gives the same sum however the stream was cut. */
static uint64_t touch(const char *data, size_t len, uint64_t stream_offset) {
    uint64_t sum = 0;
    for (size_t i = (64 - stream_offset % 64) % 64; i < len; i += 64)
        sum += (unsigned char)data[i];
    return sum;
}

static int read_once(const char *path, size_t window, int threads, uint64_t *bytes, uint64_t *sum, const char **mode) {
    ut_corpus *c;
    int rc = ut_corpus_open(&c, path, window);
    if (rc < 0) return rc;
    *mode = ut_corpus_is_multiframe(c) ? "zstd multi-frame" : ut_corpus_is_zstd(c) ? "zstd stream" : "plain";
    size_t max_jobs = (size_t)threads * 2;
    ut_corpus_job *jobs = calloc(max_jobs, sizeof *jobs);
    size_t n;
    *bytes = *sum = 0;
    while ((rc = ut_corpus_next_jobs(c, jobs, max_jobs, window * max_jobs, &n)) == 0 && n > 0) {
        int failed = 0;
        uint64_t batch_sum = 0;
#pragma omp parallel for num_threads(threads) schedule(dynamic, 1) reduction(+ : batch_sum) reduction(| : failed)
        for (size_t i = 0; i < n; i++) {
            if (ut_corpus_job_load(c, &jobs[i]) < 0) {
                failed = 1;
                continue;
            }
            batch_sum += touch(jobs[i].data, jobs[i].len, jobs[i].stream_offset);
        }
        for (size_t i = 0; i < n; i++) {
            *bytes += jobs[i].len;
            ut_corpus_job_release(c, &jobs[i]);
        }
        *sum += batch_sum;
        if (failed) {
            rc = UT_ECORRUPT;
            break;
        }
    }
    free(jobs);
    ut_corpus_close(c);
    return rc;
}

int main(int argc, char **argv) {
    int threads = omp_get_max_threads(), repeat = 3, pack = 0, level = 0;
    size_t window = 4u << 20, frame = 0;
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        if (!strcmp(argv[i], "--pack"))
            pack = 1;
        else if (!strcmp(argv[i], "--threads") && i + 1 < argc)
            threads = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--window") && i + 1 < argc)
            window = (size_t)atof(argv[++i]) * (1u << 20);
        else if (!strcmp(argv[i], "--repeat") && i + 1 < argc)
            repeat = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--frame") && i + 1 < argc)
            frame = (size_t)atol(argv[++i]) << 10;
        else if (!strcmp(argv[i], "--level") && i + 1 < argc)
            level = atoi(argv[++i]);
        else
            break;
    }
    if (pack) {
        if (argc - i != 2) {
            fprintf(stderr, "usage: corpus_read --pack [--threads N] [--frame KiB] [--level L] IN OUT\n");
            return 2;
        }
        ut_pack_options opts;
        memset(&opts, 0, sizeof opts);
        opts.version = UT_PACK_OPTIONS_VERSION;
        opts.threads = threads;
        opts.frame_bytes = frame;
        opts.level = level;
        double t0 = now(), c0 = cpu_now();
        if (ut_pack(argv[i], argv[i + 1], &opts) < 0) {
            fprintf(stderr, "corpus_read: %s\n", ut_error_last());
            return 1;
        }
        printf("pack %s -> %s: %.3f s wall, %.3f s cpu, %d threads\n", argv[i], argv[i + 1], now() - t0, cpu_now() - c0,
               threads);
        return 0;
    }
    if (argc - i != 1) {
        fprintf(stderr, "usage: corpus_read [--threads N] [--window MiB] [--repeat K] FILE\n");
        return 2;
    }
    double best = 1e30, best_cpu = 1e30;
    uint64_t bytes = 0, sum = 0;
    const char *mode = "";
    for (int r = 0; r < repeat; r++) {
        double t0 = now(), c0 = cpu_now();
        if (read_once(argv[i], window, threads, &bytes, &sum, &mode) < 0) {
            fprintf(stderr, "corpus_read: %s\n", ut_error_last());
            return 1;
        }
        double t = now() - t0, cpu = cpu_now() - c0;
        if (t < best) best = t;
        if (cpu < best_cpu) best_cpu = cpu;
    }
    printf("%s (%s): %llu bytes, best of %d: %.3f s wall = %.0f MB/s, %.3f s cpu = %.0f MB/s per core, "
           "%d threads (sum %llu)\n",
           argv[i], mode, (unsigned long long)bytes, repeat, best, bytes / best / 1e6, best_cpu, bytes / best_cpu / 1e6,
           threads, (unsigned long long)sum);
    return 0;
}
