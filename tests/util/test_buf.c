/* test_buf.c — the growable buffer and its number/CSV/JSON formatting. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "util/arena.h"
#include "util/buf.h"

static void fixed_rounding(void **state) {
    (void)state;
    ut_buf b = UT_BUF_INIT;
    ut_buf_put_fixed(&b, 0.12345, 4);
    ut_buf_putc(&b, ' ');
    ut_buf_put_fixed(&b, -0.00004, 4);
    ut_buf_putc(&b, ' ');
    ut_buf_put_fixed(&b, -0.5, 4);
    ut_buf_putc(&b, ' ');
    ut_buf_put_fixed(&b, 1, 4);
    ut_buf_putc(&b, ' ');
    ut_buf_put_fixed(&b, 2.5, 0);
    assert_string_equal(b.data, "0.1235 0.0000 -0.5000 1.0000 3");
    ut_buf_free(&b);
}

/* Integers as "%lld" writes them, to the ends of the range. */
static void integers_as_printf(void **state) {
    (void)state;
    const int64_t values[] = {
        0, 1, -1, 9, 10, -10, 99, 100, 123456789, -987654321, 1000000000000000000, INT64_MAX, INT64_MIN, INT64_MIN + 1};
    for (size_t i = 0; i < sizeof values / sizeof *values; i++) {
        ut_buf b = UT_BUF_INIT;
        ut_buf_put_i64(&b, values[i]);
        char want[32];
        int n = snprintf(want, sizeof want, "%lld", (long long)values[i]);
        assert_int_equal(b.len, (size_t)n);
        assert_memory_equal(b.data, want, (size_t)n);
        ut_buf_free(&b);
    }
}

static void csv_quoting(void **state) {
    (void)state;
    ut_buf b = UT_BUF_INIT;
    ut_buf_put_csv_field(&b, "plain", 5);
    ut_buf_putc(&b, ',');
    ut_buf_put_csv_field(&b, "a,\"b\"\nc", 7);
    assert_string_equal(b.data, "plain,\"a,\"\"b\"\"\nc\"");
    ut_buf_free(&b);
}

static void json_escaping(void **state) {
    (void)state;
    ut_buf b = UT_BUF_INIT;
    ut_buf_put_json_string(&b, "a\"b\\c\n\x01", 7);
    assert_string_equal(b.data, "\"a\\\"b\\\\c\\n\\u0001\"");
    ut_buf_free(&b);
}

static void arena_reuses_blocks(void **state) {
    (void)state;
    ut_arena a = UT_ARENA_INIT;
    a.block_size = 1024;
    char *p = ut_arena_alloc(&a, 100);
    assert_non_null(p);
    memset(p, 1, 100);
    char *big = ut_arena_alloc(&a, 5000);
    assert_non_null(big);
    memset(big, 2, 5000);
    assert_true(((uintptr_t)big & 15) == 0);
    ut_arena_reset(&a);
    char *q = ut_arena_alloc(&a, 4000);
    assert_ptr_equal(q, big); /* the spare large block is reused */
    ut_arena_free(&a);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fixed_rounding), cmocka_unit_test(integers_as_printf),  cmocka_unit_test(csv_quoting),
        cmocka_unit_test(json_escaping),  cmocka_unit_test(arena_reuses_blocks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
