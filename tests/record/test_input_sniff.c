/* test_input_sniff.c — magic numbers, the text test, and the head check. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/common.h"
#include "record/input_sniff.h"

static ut_container sniff(const char *bytes, size_t len) {
    return ut_sniff_container((const unsigned char *)bytes, len);
}

static void magic_numbers(void **state) {
    (void)state;
    assert_int_equal(sniff("\x28\xB5\x2F\xFD\x00", 5), UT_CONTAINER_ZSTD);
    assert_int_equal(sniff("\x5E\x2A\x4D\x18\x00", 5), UT_CONTAINER_ZSTD); /* skippable frame */
    assert_int_equal(sniff("\x1F\x8B\x08\x00", 4), UT_CONTAINER_GZIP);
    assert_int_equal(sniff("\xFD"
                           "7zXZ\x00\x00",
                           7),
                     UT_CONTAINER_XZ);
    assert_int_equal(sniff("BZh91AY&SY", 10), UT_CONTAINER_BZIP2);
    assert_int_equal(sniff("BZh9 is how the line starts", 27), UT_CONTAINER_NONE); /* text, not bzip2 */
    assert_int_equal(sniff("PK\x03\x04", 4), UT_CONTAINER_ZIP);
    assert_int_equal(sniff("7z\xBC\xAF\x27\x1C", 6), UT_CONTAINER_7Z);
    assert_int_equal(sniff("\x04\x22\x4D\x18", 4), UT_CONTAINER_LZ4);
    assert_int_equal(sniff("\xFF\xFEt\0", 4), UT_CONTAINER_UTF16);
    char tar[512];
    memset(tar, 0, sizeof tar);
    memcpy(tar, "reviews.jsonl", 13);
    memcpy(tar + 257, "ustar", 5);
    assert_int_equal(sniff(tar, sizeof tar), UT_CONTAINER_TAR);
    assert_int_equal(sniff(tar, 261), UT_CONTAINER_NONE); /* too short to see it */
    assert_int_equal(sniff("{\"text\":\"fine\"}\n", 16), UT_CONTAINER_NONE);
    assert_int_equal(sniff("", 0), UT_CONTAINER_NONE);
}

static void refusal_names_format_and_fix(void **state) {
    (void)state;
    assert_int_equal(ut_sniff_refuse(UT_CONTAINER_XZ, "r.jsonl.xz", NULL), UT_EFORMAT);
    assert_non_null(strstr(ut_error_last(), "r.jsonl.xz: the input is xz-compressed"));
    assert_non_null(strstr(ut_error_last(), "xz -dc r.jsonl.xz | undertone analyze -"));
    assert_int_equal(ut_sniff_refuse(UT_CONTAINER_TAR, "r.tgz", "gzip"), UT_EFORMAT);
    assert_non_null(strstr(ut_error_last(), "a tar archive inside gzip"));
    assert_int_equal(ut_sniff_refuse(UT_CONTAINER_GZIP, "r.gz", NULL), 0);
    assert_int_equal(ut_sniff_refuse(UT_CONTAINER_NONE, "r", NULL), 0);
}

static void text_bytes(void **state) {
    (void)state;
    static const char utf8[] = "Caf\xC3\xA9 \xE2\x82\xAC 5 \xF0\x9F\x98\x80 \t\r\n\x1B[0m and plenty of ASCII to pass";
    assert_int_equal(ut_sniff_nontext_bytes(utf8, sizeof utf8 - 1, 0), 0);
    /* invalid: a lone continuation, an overlong '/', a surrogate, a control */
    assert_int_equal(ut_sniff_nontext_bytes("a\x80"
                                            "b",
                                            3, 0),
                     1);
    assert_int_equal(ut_sniff_nontext_bytes("\xC0\xAF", 2, 0), 2);
    assert_int_equal(ut_sniff_nontext_bytes("\xED\xA0\x80", 3, 0), 3);
    assert_int_equal(ut_sniff_nontext_bytes("ab\x01", 3, 0), 1);
    /* a character cut by the end of a sample is text when cuts are allowed */
    assert_int_equal(ut_sniff_nontext_bytes("ab\xE2\x82", 4, 1), 0);
    assert_int_equal(ut_sniff_nontext_bytes("ab\xE2\x82", 4, 0), 2);
    /* every path of the 8-byte fast loop: controls inside a word are seen */
    assert_int_equal(ut_sniff_nontext_bytes("abcdefg\x02hijklmno", 16, 0), 1);
}

static void binary_records(void **state) {
    (void)state;
    static const char latin1[] = "a Latin-1 caf\xE9 review is still text";
    assert_false(ut_sniff_record_is_binary(latin1, sizeof latin1 - 1));
    assert_true(ut_sniff_record_is_binary("a NUL \0 inside", 14));
    assert_true(ut_sniff_record_is_binary("\xFE\xFD\xFC\xFB ok", 7)); /* 4 of 7 bytes */
    assert_false(ut_sniff_record_is_binary("", 0));
}

static void head_check(void **state) {
    (void)state;
    char noise[4096];
    srand(15);
    for (size_t i = 0; i < sizeof noise; i++)
        noise[i] = (char)(rand() & 0xFF);
    assert_int_equal(ut_sniff_check_head("noise.bin", noise, sizeof noise, 1, NULL), UT_EFORMAT);
    assert_non_null(strstr(ut_error_last(), "noise.bin: the input is not text"));
    /* one NUL among many text records does not refuse the input */
    char text[2048];
    memset(text, 'a', sizeof text);
    for (size_t i = 63; i < sizeof text; i += 64)
        text[i] = '\n';
    text[100] = '\0';
    assert_int_equal(ut_sniff_check_head("t.txt", text, sizeof text, 1, NULL), 0);
    assert_int_equal(ut_sniff_check_head("t.gz", "\x1F\x8B\x08\x00", 4, 1, "gzip"), UT_EFORMAT);
    assert_non_null(strstr(ut_error_last(), "compressed twice"));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(magic_numbers), cmocka_unit_test(refusal_names_format_and_fix),
        cmocka_unit_test(text_bytes),    cmocka_unit_test(binary_records),
        cmocka_unit_test(head_check),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
