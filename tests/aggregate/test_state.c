/* test_state.c — the state file: a save/load round trip gives identical
 * outputs, loaded partials merge like in-memory ones, and corrupt,
 * truncated or foreign files are refused with UT_ECORRUPT (never a crash). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <unistd.h>

#include <cmocka.h>

#include "aggregate_fixture.h"
#include "aggregate/aggregate_internal.h"

static ut_aggregate *fx_new(void) {
    ut_aggregate_config cfg;
    fx_make_config(&cfg, 2, UT_BUCKET_MONTH);
    ut_aggregate *a = NULL;
    assert_int_equal(ut_aggregate_new_plain(&a, &cfg), 0);
    return a;
}

static char *temp_path(const char *name) {
    static _Thread_local char path[512];
    snprintf(path, sizeof path, "%s/test_state_%d_%s", UT_BINARY_DIR, (int)getpid(), name);
    return path;
}

static unsigned char *slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *data = malloc((size_t)n + 1);
    assert_int_equal(fread(data, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return data;
}

static void round_trip_is_identical(void **state) {
    (void)state;
    ut_aggregate *a = fx_new();
    assert_int_equal(fx_add_range(a, 0, 400, NULL, NULL), 0);
    ut_aggregate_add_bad(a, UT_BAD_JSON_SYNTAX, 3);
    ut_aggregate_add_bytes(a, 123456);
    char *path = temp_path("a.state");
    assert_int_equal(ut_aggregate_save(a, path), 0);
    ut_aggregate *b = NULL;
    assert_int_equal(ut_aggregate_load(&b, path), 0);
    char *x = fx_render(a), *y = fx_render(b);
    assert_string_equal(x, y);
    assert_non_null(strstr(y, "\"json_syntax\": 3"));
    /* saving the loaded aggregate gives the same outputs again */
    assert_int_equal(ut_aggregate_save(b, path), 0);
    ut_aggregate *c = NULL;
    assert_int_equal(ut_aggregate_load(&c, path), 0);
    char *z = fx_render(c);
    assert_string_equal(x, z);
    free(x), free(y), free(z);
    unlink(path);
    ut_aggregate_free(a);
    ut_aggregate_free(b);
    ut_aggregate_free(c);
}

/* Saves two partial aggregates, loads them, merges the second into the
 * first loaded (the other order), and asserts the outputs equal `whole`'s. */
static void assert_states_merge_like(const ut_aggregate *whole, const ut_aggregate *p1, const ut_aggregate *p2) {
    char path1[512], path2[512];
    strcpy(path1, temp_path("p1.state"));
    strcpy(path2, temp_path("p2.state"));
    assert_int_equal(ut_aggregate_save(p1, path1), 0);
    assert_int_equal(ut_aggregate_save(p2, path2), 0);
    ut_aggregate *l1, *l2;
    assert_int_equal(ut_aggregate_load(&l1, path1), 0);
    assert_int_equal(ut_aggregate_load(&l2, path2), 0);
    assert_int_equal(ut_aggregate_merge(l2, l1), 0); /* the other order */
    char *x = fx_render(whole), *y = fx_render(l2);
    assert_string_equal(x, y);
    free(x), free(y);
    unlink(path1);
    unlink(path2);
    ut_aggregate_free(l1), ut_aggregate_free(l2);
}

static void loaded_partials_merge_like_one_run(void **state) {
    (void)state;
    ut_aggregate *whole = fx_new(), *p1 = fx_new(), *p2 = fx_new();
    assert_int_equal(fx_add_range(whole, 0, 300, NULL, NULL), 0);
    assert_int_equal(fx_add_range(p1, 0, 130, NULL, NULL), 0);
    assert_int_equal(fx_add_range(p2, 130, 300, NULL, NULL), 0);
    assert_states_merge_like(whole, p1, p2);
    ut_aggregate_free(whole), ut_aggregate_free(p1), ut_aggregate_free(p2);
}

static int take_odd(uint32_t i, void *ctx) {
    (void)ctx;
    return i % 2 == 1;
}

static int take_even(uint32_t i, void *ctx) {
    (void)ctx;
    return i % 2 == 0;
}

/* Enough reviews that cells' samples of negative mentions are full and
 * partial (offered > held): saved, loaded and merged, they rank the same
 * phrases as one run. */
static void sampled_cells_merge_like_one_run(void **state) {
    (void)state;
    enum { N = 8000 };
    ut_aggregate *whole = fx_new(), *odd = fx_new(), *even = fx_new();
    assert_int_equal(fx_add_range(whole, 0, N, NULL, NULL), 0);
    assert_int_equal(fx_add_range(odd, 0, N, take_odd, NULL), 0);
    assert_int_equal(fx_add_range(even, 0, N, take_even, NULL), 0);
    int partial = 0;
    for (uint32_t i = 0; i < whole->n_cells; i++)
        partial += whole->cells[i].sample.offered > whole->cells[i].sample.n;
    assert_true(partial > 0);
    assert_states_merge_like(whole, odd, even);
    ut_aggregate_free(whole), ut_aggregate_free(odd), ut_aggregate_free(even);
}

static void corrupt_files_refused(void **state) {
    (void)state;
    ut_aggregate *a = fx_new();
    assert_int_equal(fx_add_range(a, 0, 40, NULL, NULL), 0);
    char *path = temp_path("c.state");
    assert_int_equal(ut_aggregate_save(a, path), 0);
    size_t len;
    unsigned char *data = slurp(path, &len);
    ut_aggregate *b = NULL;
    assert_int_equal(ut_aggregate_load_buffer(&b, data, len, "ok"), 0);
    ut_aggregate_free(b);

    /* every truncation */
    for (size_t cut = 0; cut < len; cut++) {
        assert_int_equal(ut_aggregate_load_buffer(&b, data, cut, "cut"), UT_ECORRUPT);
        assert_null(b);
    }
    /* a flipped byte anywhere: magic, version, length, checksum or body */
    for (size_t at = 0; at < len; at += 7) {
        data[at] ^= 0x40;
        assert_int_equal(ut_aggregate_load_buffer(&b, data, len, "flip"), UT_ECORRUPT);
        data[at] ^= 0x40;
    }
    assert_non_null(strstr(ut_error_last(), "flip"));
    /* a wrong version is named as such */
    data[8] = 9;
    assert_int_equal(ut_aggregate_load_buffer(&b, data, len, "v9"), UT_ECORRUPT);
    assert_non_null(strstr(ut_error_last(), "version 9"));
    data[8] = 1;
    /* a corrupt body with a valid checksum (a buggy or hostile writer):
     * lengths and counts are still checked; it loads or is refused, never crashes */
    for (size_t at = 32; at < len; at += 13) {
        unsigned char saved = data[at];
        data[at] = 0xff;
        uint64_t sum = ut_hash_bytes(data + 32, len - 32);
        unsigned char saved_sum[8];
        memcpy(saved_sum, data + 24, 8);
        for (int i = 0; i < 8; i++)
            data[24 + i] = (unsigned char)(sum >> (8 * i));
        int rc = ut_aggregate_load_buffer(&b, data, len, "forged");
        assert_true(rc == 0 || rc == UT_ECORRUPT);
        if (rc == 0) {
            char *s = fx_render(b); /* whatever loaded must still summarise */
            free(s);
            ut_aggregate_free(b);
        }
        data[at] = saved;
        memcpy(data + 24, saved_sum, 8);
    }
    free(data);
    /* not a state at all, and a missing file */
    assert_int_equal(ut_aggregate_load_buffer(&b, "hello world, not a state file at all", 36, "text"), UT_ECORRUPT);
    unlink(path);
    assert_int_equal(ut_aggregate_load(&b, path), UT_EIO);
    ut_aggregate_free(a);
}

static void mismatched_states_refuse_to_merge(void **state) {
    (void)state;
    ut_aggregate_config cfg;
    fx_make_config(&cfg, 2, UT_BUCKET_MONTH);
    cfg.lexicons = "vader_lexicon.txt";
    cfg.lexicon_fingerprint = 42;
    ut_aggregate *other;
    assert_int_equal(ut_aggregate_new_plain(&other, &cfg), 0);
    char *path = temp_path("m.state");
    assert_int_equal(ut_aggregate_save(other, path), 0);
    ut_aggregate *loaded, *mine = fx_new();
    assert_int_equal(ut_aggregate_load(&loaded, path), 0);
    assert_int_equal(ut_aggregate_merge(mine, loaded), UT_EMISMATCH);
    assert_non_null(strstr(ut_error_last(), "vader_lexicon.txt"));
    unlink(path);
    ut_aggregate_free(other), ut_aggregate_free(loaded), ut_aggregate_free(mine);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(round_trip_is_identical),           cmocka_unit_test(loaded_partials_merge_like_one_run),
        cmocka_unit_test(sampled_cells_merge_like_one_run),  cmocka_unit_test(corrupt_files_refused),
        cmocka_unit_test(mismatched_states_refuse_to_merge),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
