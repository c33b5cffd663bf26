/* test_result_merge.c — results merged in memory (ut_result_merge) and
 * states saved to and loaded from buffers (ut_result_save_state_buffer,
 * ut_result_load_state_buffer), through the public API only.
 *
 * A corpus is analysed whole, and in three shards (record bases counted
 * with ut_count_records): the shards merged in memory, in every order and
 * grouping, write the same summary files as the merge of their saved state
 * files and as the single run (summary.json but for threads and seconds).
 * A state's buffer is the state file's bytes, and loads back to the same
 * outputs; truncated, extended or corrupt buffers are refused with
 * UT_ECORRUPT, never a crash; results of different options do not merge. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "util/hash.h"
#include "undertone.h"

#define N_SHARDS 3

static char dir[512];
static char shard_path[N_SHARDS][600];

static const char *const texts[] = {
    "The staff was friendly but the room was not clean. Never again!",
    "Great food, slow service, and the waiter was rude to us.",
    "Check-in took forever; the bed was comfortable and the breakfast was great.",
    "Terrible wifi and a dirty bathroom. The location is perfect though.",
    "Lovely view, noisy room, overpriced parking. The staff were helpful.",
    "The delivery was late and the package was damaged. Customer service never answered.",
    "Best pizza in town, the crust is amazing and the price is fair.",
};

static char *path_in(const char *name) {
    static _Thread_local char p[4][700];
    static _Thread_local int k;
    k = (k + 1) % 4;
    snprintf(p[k], sizeof p[k], "%s/%s", dir, name);
    return p[k];
}

static int setup(void **state) {
    (void)state;
    snprintf(dir, sizeof dir, "%s/test_result_merge_%d", UT_BINARY_DIR, (int)getpid());
    char cmd[1100];
    snprintf(cmd, sizeof cmd, "rm -rf '%s' && mkdir -p '%s'", dir, dir);
    if (system(cmd) != 0) return -1;
    static const int sizes[N_SHARDS] = {300, 257, 211};
    int rec = 0;
    for (int s = 0; s < N_SHARDS; s++) {
        snprintf(shard_path[s], sizeof shard_path[s], "%s/shard%d.jsonl", dir, s);
        FILE *f = fopen(shard_path[s], "w");
        if (!f) return -1;
        for (int i = 0; i < sizes[s]; i++, rec++)
            fprintf(f, "{\"text\":\"%s %s\",\"stars\":%d,\"date\":\"2025-%02d-%02d\",\"branch\":\"b%d\"}\n",
                    texts[rec % 7], texts[(rec * 3 + 1) % 7], 1 + rec % 5, 1 + rec % 12, 1 + rec % 28, rec % 4);
        if (s == 1) fputs("not json at all\n", f); /* a bad record, counted by reason */
        if (fclose(f)) return -1;
    }
    return 0;
}

static int teardown(void **state) {
    (void)state;
    char cmd[700];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static ut_options model_options(void) {
    ut_options o;
    assert_int_equal(ut_options_init(&o, UT_OPTIONS_VERSION), 0);
    o.text_field = "text";
    o.rating_field = "stars";
    o.date_field = "date";
    o.bucket = UT_BUCKET_MONTH;
    o.group_fields[0] = "branch";
    o.n_groups = 1;
    return o;
}

static ut_analyzer *analyzer(void) {
    ut_options o = model_options();
    ut_analyzer *an = NULL;
    assert_int_equal(ut_analyzer_new(&an, &o), 0);
    return an;
}

/* The whole corpus in one run. */
static ut_result *single_run(const ut_analyzer *an) {
    const char *inputs[N_SHARDS];
    for (int s = 0; s < N_SHARDS; s++)
        inputs[s] = shard_path[s];
    ut_run_options run = UT_RUN_OPTIONS_INIT;
    run.threads = 2;
    ut_result *res = NULL;
    assert_int_equal(ut_analyze(&res, an, &run, inputs, N_SHARDS), 0);
    return res;
}

/* Each shard on its own, numbered as in the single run. */
static void shard_runs(const ut_analyzer *an, ut_result *out[N_SHARDS]) {
    uint64_t base = 0;
    for (int s = 0; s < N_SHARDS; s++) {
        const char *inputs[1] = {shard_path[s]};
        ut_run_options run;
        assert_int_equal(ut_run_options_init(&run, UT_RUN_OPTIONS_VERSION), 0);
        run.threads = 1 + s % 2;
        run.record_base = base;
        uint64_t n = 0;
        assert_int_equal(ut_count_records(&n, an, &run, inputs, 1), 0);
        assert_int_equal(ut_analyze(&out[s], an, &run, inputs, 1), 0);
        base += n;
    }
}

static char *slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) fail_msg("cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *data = malloc((size_t)n + 1);
    assert_non_null(data);
    assert_int_equal(fread(data, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    data[n] = '\0';
    if (len) *len = (size_t)n;
    return data;
}

/* Every summary file a result writes, concatenated, summary.json without
 * its threads and seconds lines (a run's, not the corpus's), and the
 * console summary. */
static char *outputs_of(const ut_result *res, const char *name) {
    static const char *const files[] = {"themes.csv",  "groups.csv", "clusters.csv",
                                        "phrases.csv", "trends.csv", "summary.json"};
    char *sub = path_in(name);
    assert_int_equal(ut_result_write_dir(res, sub), 0);
    size_t cap = 1 << 20, len = 0;
    char *all = malloc(cap);
    assert_non_null(all);
    all[0] = '\0';
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char p[800];
        snprintf(p, sizeof p, "%s/%s", sub, files[i]);
        char *text = slurp(p, NULL);
        for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
            if (strstr(line, "\"threads\":") || strstr(line, "\"seconds\":")) continue;
            size_t n = strlen(line);
            while (len + n + 2 > cap) {
                cap *= 2;
                all = realloc(all, cap);
                assert_non_null(all);
            }
            memcpy(all + len, line, n);
            len += n;
            all[len++] = '\n';
            all[len] = '\0';
        }
        free(text);
    }
    char *console = NULL;
    assert_int_equal(ut_result_summary_text(&console, res, 5), 0);
    size_t n = strlen(console);
    all = realloc(all, len + n + 1);
    assert_non_null(all);
    memcpy(all + len, console, n + 1);
    ut_free(console);
    return all;
}

static ut_result *load_buffer_of(const ut_result *res) {
    unsigned char *buf = NULL;
    size_t len = 0;
    assert_int_equal(ut_result_save_state_buffer(res, &buf, &len), 0);
    ut_result *back = NULL;
    assert_int_equal(ut_result_load_state_buffer(&back, buf, len), 0);
    ut_free(buf);
    return back;
}

/* In memory, in every order and grouping = merged state files = one run. */
static void merge_in_memory_is_merge_of_states(void **state) {
    (void)state;
    ut_analyzer *an = analyzer();
    ut_result *single = single_run(an);
    char *want = outputs_of(single, "single");
    assert_non_null(strstr(want, "\"json_syntax\": 1"));

    ut_result *shards[N_SHARDS];
    shard_runs(an, shards);
    const char *state_paths[N_SHARDS];
    for (int s = 0; s < N_SHARDS; s++) {
        char name[32];
        snprintf(name, sizeof name, "shard%d.state", s);
        state_paths[s] = strdup(path_in(name));
        assert_int_equal(ut_result_save_state(shards[s], state_paths[s]), 0);
    }
    ut_result *from_files = NULL;
    assert_int_equal(ut_merge_states(&from_files, state_paths, N_SHARDS), 0);
    char *files = outputs_of(from_files, "files");
    assert_string_equal(files, want);

    static const int orders[][N_SHARDS] = {{0, 1, 2}, {2, 1, 0}, {1, 0, 2}, {1, 2, 0}, {0, 2, 1}, {2, 0, 1}};
    for (size_t k = 0; k < sizeof orders / sizeof orders[0]; k++) {
        /* left to right: ((a + b) + c), into a copy of the first */
        ut_result *acc = load_buffer_of(shards[orders[k][0]]);
        for (int j = 1; j < N_SHARDS; j++)
            assert_int_equal(ut_result_merge(acc, shards[orders[k][j]]), 0);
        char *got = outputs_of(acc, "memory");
        assert_string_equal(got, want);
        free(got);
        ut_result_free(acc);
    }
    /* a live result as `into` (its summary built before the merge, so a
     * stale cache would show), and a tree: a + (b + c) */
    ut_result *bc = load_buffer_of(shards[1]);
    assert_int_equal(ut_result_merge(bc, shards[2]), 0);
    char *before = outputs_of(shards[0], "before");
    free(before);
    assert_int_equal(ut_result_merge(shards[0], bc), 0);
    char *tree = outputs_of(shards[0], "tree");
    assert_string_equal(tree, want);
    assert_int_equal(ut_result_records(shards[0]), ut_result_records(single));
    assert_int_equal(ut_result_bytes(shards[0]), ut_result_bytes(single));
    assert_int_equal(ut_result_bad_records(shards[0]), 1);
    assert_string_equal(ut_result_first_bad(shards[0]), ""); /* bc was loaded: no first bad */
    ut_result *c1 = load_buffer_of(shards[2]);
    assert_string_equal(ut_result_first_bad(c1), "");
    assert_int_equal(ut_result_merge(c1, shards[1]), 0); /* a live run's first bad comes along */
    assert_non_null(strstr(ut_result_first_bad(c1), "record 558"));
    ut_result_free(c1);
    /* (a state's bytes are not canonical: hash tables are saved in slot
     * order, which depends on the order of insertion; its outputs are) */

    free(tree);
    ut_result_free(bc);
    free(files);
    free(want);
    ut_result_free(from_files);
    for (int s = 0; s < N_SHARDS; s++) {
        ut_result_free(shards[s]);
        free((char *)state_paths[s]);
    }
    ut_result_free(single);
    ut_analyzer_free(an);
}

/* The buffer is the file's bytes; both load back to the same outputs. */
static void buffer_round_trip(void **state) {
    (void)state;
    ut_analyzer *an = analyzer();
    ut_result *res = single_run(an);
    unsigned char *buf = NULL;
    size_t len = 0;
    assert_int_equal(ut_result_save_state_buffer(res, &buf, &len), 0);
    assert_true(len > 32);
    char *path = path_in("rt.state");
    assert_int_equal(ut_result_save_state(res, path), 0);
    size_t file_len = 0;
    char *file = slurp(path, &file_len);
    assert_int_equal(file_len, len);
    assert_memory_equal(file, buf, len);

    ut_result *from_buf = NULL, *from_file = NULL;
    assert_int_equal(ut_result_load_state_buffer(&from_buf, buf, len), 0);
    assert_int_equal(ut_result_load_state(&from_file, path), 0);
    char *want = outputs_of(res, "rt_res"), *a = outputs_of(from_buf, "rt_buf"), *b = outputs_of(from_file, "rt_file");
    assert_string_equal(a, want);
    assert_string_equal(b, want);
    assert_int_equal(ut_result_records(from_buf), ut_result_records(res));
    assert_int_equal(ut_result_bytes(from_buf), ut_result_bytes(res));
    assert_int_equal(ut_result_threads(from_buf), 0);
    /* saved again: the same bytes */
    unsigned char *again = NULL;
    size_t again_len = 0;
    assert_int_equal(ut_result_save_state_buffer(from_buf, &again, &again_len), 0);
    assert_int_equal(again_len, len);
    assert_memory_equal(again, buf, len);

    ut_result_free(from_file);
    assert_int_equal(ut_result_load_state(&from_file, path_in("missing.state")), UT_EIO);
    assert_null(from_file);

    ut_free(again);
    free(want), free(a), free(b), free(file);
    ut_free(buf);
    ut_result_free(from_buf);
    ut_result_free(res);
    ut_analyzer_free(an);
}

static void refused(const void *buf, size_t len, int want) {
    ut_result *r = (ut_result *)&r; /* must come back NULL */
    int rc = ut_result_load_state_buffer(&r, buf, len);
    if (rc != want) fail_msg("length %zu: got %d (%s), want %d", len, rc, ut_error_last(), want);
    assert_null(r);
}

/* Every truncation, an extension, flipped bits: UT_ECORRUPT. With the
 * checksum patched to match, corrupted bodies still load or fail cleanly. */
static void corrupt_buffers(void **state) {
    (void)state;
    ut_analyzer *an = analyzer();
    ut_result *res = single_run(an);
    unsigned char *buf = NULL;
    size_t len = 0;
    assert_int_equal(ut_result_save_state_buffer(res, &buf, &len), 0);
    unsigned char *copy = malloc(len + 1);
    assert_non_null(copy);

    refused(NULL, 0, UT_ECORRUPT);
    refused(NULL, 5, UT_EINVAL);
    refused("", 0, UT_ECORRUPT);
    for (size_t n = 0; n < len; n += n < 256 ? 1 : len / 97 + 1) {
        memcpy(copy, buf, n);
        refused(copy, n, UT_ECORRUPT);
    }
    refused(buf, len - 1, UT_ECORRUPT);
    memcpy(copy, buf, len);
    copy[len] = 0;
    refused(copy, len + 1, UT_ECORRUPT);
    assert_true(strstr(ut_error_last(), "state buffer") != NULL);
    for (size_t at = 0; at < len; at += at < 64 ? 1 : len / 89 + 1) {
        memcpy(copy, buf, len);
        copy[at] ^= 0x20;
        refused(copy, len, UT_ECORRUPT);
    }
    /* past the checksum: the loader's own checks */
    int loaded = 0, caught = 0;
    for (size_t at = 32; at < len; at += len / 151 + 1) {
        for (int flip = 0; flip < 3; flip++) {
            memcpy(copy, buf, len);
            copy[at] ^= (unsigned char)(flip == 0 ? 0xff : flip == 1 ? 0x01 : 0x80);
            uint64_t sum = ut_hash_bytes(copy + 32, len - 32);
            for (int i = 0; i < 8; i++)
                copy[24 + i] = (unsigned char)(sum >> (8 * i));
            ut_result *r = NULL;
            int rc = ut_result_load_state_buffer(&r, copy, len);
            if (rc == 0) {
                loaded++;
                char *text = NULL; /* whatever it holds, it renders */
                assert_int_equal(ut_result_summary_text(&text, r, 5), 0);
                ut_free(text);
                ut_result_free(r);
            } else {
                assert_int_equal(rc, UT_ECORRUPT);
                assert_null(r);
                caught++;
            }
        }
    }
    assert_true(caught > 0);
    print_message("corrupt bodies with a valid checksum: %d refused, %d loaded (a count changed)\n", caught, loaded);
    free(copy);
    ut_free(buf);
    ut_result_free(res);
    ut_analyzer_free(an);
}

/* Different options do not merge, and leave `into` as it was. */
static void mismatch_and_misuse(void **state) {
    (void)state;
    ut_analyzer *an = analyzer();
    ut_options o = model_options();
    o.bucket = UT_BUCKET_WEEK;
    ut_analyzer *weekly = NULL;
    assert_int_equal(ut_analyzer_new(&weekly, &o), 0);
    const char *inputs[1] = {shard_path[0]};
    ut_result *a = NULL, *b = NULL;
    assert_int_equal(ut_analyze(&a, an, NULL, inputs, 1), 0);
    assert_int_equal(ut_analyze(&b, weekly, NULL, inputs, 1), 0);
    char *before = outputs_of(a, "mm_before");
    assert_int_equal(ut_result_merge(a, b), UT_EMISMATCH);
    char *after = outputs_of(a, "mm_after");
    assert_string_equal(before, after);
    assert_int_equal(ut_result_merge(a, a), UT_EINVAL);
    assert_int_equal(ut_result_merge(NULL, a), UT_EINVAL);
    assert_int_equal(ut_result_merge(a, NULL), UT_EINVAL);

    unsigned char *buf = (unsigned char *)"x";
    size_t len = 7;
    assert_int_equal(ut_result_save_state_buffer(NULL, &buf, &len), UT_EINVAL);
    assert_null(buf);
    assert_int_equal(len, 0);

    ut_run_options bad = {.version = 99};
    ut_result *r = NULL;
    assert_int_equal(ut_analyze(&r, an, &bad, inputs, 1), UT_EINVAL);
    assert_int_equal(ut_run_options_init(&bad, 99), UT_EINVAL);
    free(before), free(after);
    ut_result_free(a);
    ut_result_free(b);
    ut_analyzer_free(weekly);
    ut_analyzer_free(an);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(merge_in_memory_is_merge_of_states),
        cmocka_unit_test(buffer_round_trip),
        cmocka_unit_test(corrupt_buffers),
        cmocka_unit_test(mismatch_and_misuse),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
