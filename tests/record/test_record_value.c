/* test_record_value.c — reading ratings and dates: tables of accepted
 * spellings with their values, and of text that must be refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "record/record.h"

static void ratings(void **state) {
    (void)state;
    static const struct {
        const char *s;
        double want;
    } good[] = {
        {"4", 4},
        {" 5 ", 5},
        {"4.5", 4.5},
        {"4,5", 4.5},
        {"4.", 4},
        {"-1", -1},
        {"0", 0},
        {"3.0", 3},
        {"4/5", 4},
        {"8 / 10", 8},
        {"4 stars", 4},
        {"1 Star", 1},
        {"4.0 out of 5 stars", 4},
        {"3 of 5", 3},
        {"5e0", 5},
        {"1E1", 10},
        {"\xe2\x98\x85\xe2\x98\x85\xe2\x98\x85\xe2\x98\x86", 3},
        {"+2", 2},
        {"\t3\r\n", 3},
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        double v = -99;
        if (ut_parse_rating(good[i].s, strlen(good[i].s), &v) != 0 || v != good[i].want)
            fail_msg("rating \"%s\": got %g, want %g", good[i].s, v, good[i].want);
    }
    static const char *const bad[] = {"",   "  ",   "great", "four",     "NaN",           "inf", "4 apples", "4/",
                                      "/5", "4..5", "0x10",  "4 out of", "\xe2\x98\x85x", "-",   ".",        "1e999"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        double v;
        if (ut_parse_rating(bad[i], strlen(bad[i]), &v) == 0) fail_msg("rating \"%s\" accepted as %g", bad[i], v);
    }
}

static void dates(void **state) {
    (void)state;
    static const struct {
        const char *s;
        int32_t want;
    } good[] = {
        {"2024-03-01", 19783},
        {"2024-3-1", 19783},
        {"2024/03/01", 19783},
        {"2024-03-01T10:20:30Z", 19783},
        {"2024-03-01T10:20:30.123+02:00", 19783},
        {"2024-03-01T23:30:00-05:00", 19784}, /* the UTC day */
        {"2024-03-01T01:00:00+0300", 19782},
        {"2024-03-01 10:20", 19783},
        {"2024-03", 19783},
        {"20240301", 19783},
        {"03/01/2024", 19783}, /* US order */
        {"13/03/2024", 19795}, /* day first when it must be */
        {"01.03.2024", 19783}, /* dots: day first */
        {"3/1/2024 9:05 PM", 19783},
        {"1390435200", 16093},
        {"1390435200123", 16093},    /* milliseconds */
        {"1390435200123456", 16093}, /* microseconds */
        {"1390435200.5", 16093},
        {"-8640000", -100},
        {"-1000000", -12},
        {"July 1, 2006", 13330},
        {"Jul 1 2006", 13330},
        {"jul. 1, 2006", 13330},
        {"1 July 2006", 13330},
        {"01-Jul-2006", 13330},
        {"Sept 4, 2015", 16682},
        {"09 4, 2015", 16682}, /* Amazon reviewTime */
        {"01 23, 2014", 16093},
        {"Tue, 01 Mar 2024 10:00:00 GMT", 19783},
        {"Friday, March 1, 2024", 19783},
        {"2000-02-29", 11016},
        {"1969-12-31", -1},
        {"9999-12-31", 2932896},
        {"  2024-03-01  ", 19783},
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        int32_t d = -999999;
        if (ut_parse_date(good[i].s, strlen(good[i].s), &d) != 0 || d != good[i].want)
            fail_msg("date \"%s\": got %d, want %d", good[i].s, (int)d, (int)good[i].want);
    }
    static const char *const bad[] = {"",
                                      "yesterday",
                                      "2024",
                                      "123",
                                      "2023-02-29",
                                      "2024-13-01",
                                      "2024-00-10",
                                      "2024-03-32",
                                      "2024-03-01x",
                                      "2024-03-01T25:00",
                                      "03/01/24",
                                      "Smarch 1, 2024",
                                      "March 1",
                                      "March 32, 2024",
                                      "1 2 3",
                                      "2024-03-01T10:00+99:00",
                                      "31/31/2024",
                                      "Jan 1, 20245",
                                      "12345678901234567890"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int32_t d;
        if (ut_parse_date(bad[i], strlen(bad[i]), &d) == 0) fail_msg("date \"%s\" accepted as %d", bad[i], (int)d);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ratings),
        cmocka_unit_test(dates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
