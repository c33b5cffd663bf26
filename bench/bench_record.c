/* bench_record.c — record-parsing speed on one core: ut_record_next over a
 * whole file, ut_record_count, ut_record_scan_cuts, against a plain memchr
 * line count as the floor. Best of N runs, in MB/s of input.
 *
 *   bench_record FILE [-f jsonl|csv|tsv|lines] [--header auto|yes|no]
 *                [--text F] [--title F] [--id F] [--rating F] [--date F]
 *                [--group F] [-n RUNS]
 *
 * Fields are names, or 1-based columns written as digits, as in the CLI. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* clock_gettime and CLOCK_THREAD_CPUTIME_ID */
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/arena.h"
#include "record/record.h"

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts); /* CPU time: the machine may be shared */
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static ut_field_ref ref_of(const char *opt) {
    ut_field_ref r = {NULL, 0};
    int digits = opt[0] != '\0';
    for (const char *c = opt; *c; c++)
        digits &= *c >= '0' && *c <= '9';
    if (digits)
        r.column = atoi(opt);
    else
        r.name = opt;
    return r;
}

static char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    *len = (size_t)n;
    return buf;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: bench_record FILE [-f FORMAT] [--header M] [--text F] ... [-n RUNS]\n");
        return 2;
    }
    const char *path = argv[1];
    ut_format format = UT_FORMAT_AUTO;
    ut_header_mode header = UT_HEADER_AUTO;
    ut_field_ref refs[UT_ROLE_COUNT] = {{0}};
    int n_groups = 0, runs = 5;
    for (int i = 2; i + 1 < argc; i += 2) {
        const char *o = argv[i], *v = argv[i + 1];
        if (!strcmp(o, "-f")) {
            format = !strcmp(v, "jsonl") ? UT_FORMAT_JSONL
                     : !strcmp(v, "csv") ? UT_FORMAT_CSV
                     : !strcmp(v, "tsv") ? UT_FORMAT_TSV
                                         : UT_FORMAT_LINES;
        } else if (!strcmp(o, "--header")) {
            header = !strcmp(v, "yes") ? UT_HEADER_YES : !strcmp(v, "no") ? UT_HEADER_NO : UT_HEADER_AUTO;
        } else if (!strcmp(o, "--text"))
            refs[UT_ROLE_TEXT] = ref_of(v);
        else if (!strcmp(o, "--title"))
            refs[UT_ROLE_TITLE] = ref_of(v);
        else if (!strcmp(o, "--id"))
            refs[UT_ROLE_ID] = ref_of(v);
        else if (!strcmp(o, "--rating"))
            refs[UT_ROLE_RATING] = ref_of(v);
        else if (!strcmp(o, "--date"))
            refs[UT_ROLE_DATE] = ref_of(v);
        else if (!strcmp(o, "--group") && n_groups < UT_MAX_GROUPS)
            refs[UT_ROLE_GROUP + n_groups++] = ref_of(v);
        else if (!strcmp(o, "-n"))
            runs = atoi(v) > 0 ? atoi(v) : 1;
    }
    size_t len;
    char *buf = read_file(path, &len);
    if (!buf) {
        fprintf(stderr, "bench_record: cannot read %s\n", path);
        return 1;
    }
    if (format == UT_FORMAT_AUTO) format = ut_format_sniff(path, buf, len < 65536 ? len : 65536);
    ut_record_parser *p;
    if (ut_record_parser_new(&p, format, refs, n_groups, header, 0) < 0) {
        fprintf(stderr, "bench_record: %s\n", ut_error_last());
        return 2;
    }
    int h = ut_record_parser_take_header(p, buf, len);
    if (h < 0) {
        fprintf(stderr, "bench_record: %s\n", ut_error_last());
        return 2;
    }
    size_t start = h == 1 ? ut_record_parser_header_end(p) : 0;
    const char *data = buf + start;
    size_t n = len - start;

    double best_parse = 1e30, best_count = 1e30, best_cuts = 1e30, best_memchr = 1e30;
    size_t good = 0, bad_total = 0, counted = 0, lines = 0, n_cuts = 0, ratings = 0, bad_ratings = 0;
    size_t reasons[UT_BAD_REASON_COUNT] = {0};
    ut_arena arena = UT_ARENA_INIT;
    static size_t cuts[1 << 16];
    for (int r = 0; r < runs; r++) {
        double t0 = now();
        size_t pos = 0;
        ut_record rec;
        ut_bad_reason bad;
        int rc;
        good = bad_total = ratings = bad_ratings = 0;
        memset(reasons, 0, sizeof reasons);
        while ((rc = ut_record_next(p, data, n, &pos, &rec, &arena, &bad)) != 0) {
            if (rc > 0) {
                good++;
                ratings += (size_t)rec.has_rating;
                bad_ratings += (size_t)rec.rating_invalid;
            } else {
                bad_total++;
                reasons[bad]++;
            }
            if (((good + bad_total) & 1023) == 0) ut_arena_reset(&arena);
        }
        ut_arena_reset(&arena);
        double t1 = now();
        counted = ut_record_count(p, data, n);
        double t2 = now();
        n_cuts = ut_record_scan_cuts(p, data, n, 1 << 20, cuts, sizeof cuts / sizeof cuts[0]);
        double t3 = now();
        lines = 0;
        for (const char *s = data, *end = data + n; (s = memchr(s, '\n', (size_t)(end - s))) != NULL; s++)
            lines++;
        double t4 = now();
        if (t1 - t0 < best_parse) best_parse = t1 - t0;
        if (t2 - t1 < best_count) best_count = t2 - t1;
        if (t3 - t2 < best_cuts) best_cuts = t3 - t2;
        if (t4 - t3 < best_memchr) best_memchr = t4 - t3;
    }
    double mb = (double)n / 1e6;
    printf("%s: %.1f MB, format %d, %zu records (%zu bad), %zu ratings (%zu unreadable), count %zu, %zu cuts\n", path,
           mb, (int)format, good + bad_total, bad_total, ratings, bad_ratings, counted, n_cuts);
    for (int b = 1; b < UT_BAD_REASON_COUNT; b++)
        if (reasons[b]) printf("  bad %s: %zu\n", ut_bad_reason_name((ut_bad_reason)b), reasons[b]);
    printf("parse  %8.0f MB/s\ncount  %8.0f MB/s\ncuts   %8.0f MB/s\nmemchr %8.0f MB/s (%zu LFs, the floor)\n",
           mb / best_parse, mb / best_count, mb / best_cuts, mb / best_memchr, lines);
    ut_arena_free(&arena);
    ut_record_parser_free(p);
    free(buf);
    return counted == good + bad_total ? 0 : 1;
}
