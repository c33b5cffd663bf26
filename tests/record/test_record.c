/* test_record.c — record formats: JSON lines, CSV, TSV and lines, their
 * headers, malformed input, and format sniffing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/arena.h"
#include "util/common.h"
#include "record/record.h"
#include "record_test_util.h"

/* Parses the first record of `s` with parser p. */
static int one(const ut_record_parser *p, const char *s, ut_record *rec, ut_arena *a, ut_bad_reason *bad) {
    size_t pos = 0;
    return ut_record_next(p, s, strlen(s), &pos, rec, a, bad);
}

static void assert_field(const ut_record *rec, int role, const char *want) {
    const ut_field_value *f = &rec->field[role];
    if (!want) {
        assert_false(f->present);
        return;
    }
    assert_true(f->present);
    assert_int_equal(f->len, strlen(want));
    assert_memory_equal(f->data, want, f->len);
}

/* The reason a one-record JSON line is bad (UT_BAD_NONE if it is good). */
static ut_bad_reason json_bad(const char *line) {
    ut_record_parser *p;
    assert_int_equal(test_parser(&p, UT_FORMAT_JSONL, UT_HEADER_AUTO, NULL, NULL, NULL, NULL, NULL, NULL, 0), 0);
    ut_arena a = UT_ARENA_INIT;
    ut_record rec;
    ut_bad_reason bad = UT_BAD_NONE;
    size_t pos = 0;
    int rc = ut_record_next(p, line, strlen(line), &pos, &rec, &a, &bad);
    assert_int_not_equal(rc, 0);
    ut_arena_free(&a);
    ut_record_parser_free(p);
    return rc > 0 ? UT_BAD_NONE : bad;
}

static void jsonl_fields_and_values(void **state) {
    (void)state;
    ut_record_parser *p;
    assert_int_equal(test_parser(&p, UT_FORMAT_JSONL, UT_HEADER_AUTO, NULL, "summary", "asin", "overall",
                                 "unixReviewTime", "style", 0),
                     0);
    const char *line = "{\"overall\": 4.0, \"style\": {\"Size:\": \" M\"}, \"asin\": \"B01\", \"reviewText\": "
                       "\"Nice {fit} [ok]\", \"summary\": \"Good\", \"unixReviewTime\": 1390435200, \"x\": "
                       "[1, -2.5e3, true, false, null, {\"a\": []}]}\n";
    ut_arena a = UT_ARENA_INIT;
    ut_record rec;
    ut_bad_reason bad;
    assert_int_equal(one(p, line, &rec, &a, &bad), 1);
    assert_field(&rec, UT_ROLE_TEXT, "Nice {fit} [ok]");
    assert_field(&rec, UT_ROLE_TITLE, "Good");
    assert_field(&rec, UT_ROLE_ID, "B01");
    assert_field(&rec, UT_ROLE_RATING, "4.0");
    assert_field(&rec, UT_ROLE_GROUP, "{\"Size:\": \" M\"}");
    assert_true(rec.has_rating);
    assert_true(rec.rating == 4.0);
    assert_true(rec.has_day);
    assert_int_equal(rec.day, 16093); /* 2014-01-23 */
    assert_int_equal(rec.offset, 0);
    assert_int_equal(rec.length, strlen(line));
    /* No escapes: the text is borrowed from the input. */
    assert_true(rec.field[UT_ROLE_TEXT].data > line && rec.field[UT_ROLE_TEXT].data < line + strlen(line));
    ut_arena_free(&a);
    ut_record_parser_free(p);
}

/* No --id: the first present of id, review_id, reviewId (JSON key or
 * header name), else none (the pipeline then numbers the record). */
static void default_id(void **state) {
    (void)state;
    ut_record_parser *p;
    ut_arena a = UT_ARENA_INIT;
    ut_record rec;
    ut_bad_reason bad;
    assert_int_equal(test_parser(&p, UT_FORMAT_JSONL, UT_HEADER_AUTO, NULL, NULL, NULL, NULL, NULL, NULL, 0), 0);
    assert_int_equal(one(p, "{\"reviewId\": \"c\", \"review_id\": \"b\", \"text\": \"t\"}", &rec, &a, &bad), 1);
    assert_field(&rec, UT_ROLE_ID, "b"); /* review_id ranks before reviewId */
    assert_int_equal(one(p, "{\"text\": \"t\", \"review_id\": 7, \"id\": \"a\"}", &rec, &a, &bad), 1);
    assert_field(&rec, UT_ROLE_ID, "a");
    assert_int_equal(one(p, "{\"text\": \"t\", \"identifier\": \"x\"}", &rec, &a, &bad), 1);
    assert_field(&rec, UT_ROLE_ID, NULL);
    ut_record_parser_free(p);
    /* an explicit --id wins over the defaults */
    assert_int_equal(test_parser(&p, UT_FORMAT_JSONL, UT_HEADER_AUTO, NULL, NULL, "sku", NULL, NULL, NULL, 0), 0);
    assert_int_equal(one(p, "{\"text\": \"t\", \"id\": \"a\", \"sku\": \"s\"}", &rec, &a, &bad), 1);
    assert_field(&rec, UT_ROLE_ID, "s");
    ut_record_parser_free(p);
    /* CSV: by header name; without a header there is none */
    assert_int_equal(test_parser(&p, UT_FORMAT_CSV, UT_HEADER_AUTO, NULL, NULL, NULL, NULL, NULL, NULL, 0), 0);
    assert_int_equal(ut_record_parser_take_header(p, "text,reviewId\n", 14), 1);
    assert_int_equal(one(p, "great,R-9\n", &rec, &a, &bad), 1);
    assert_field(&rec, UT_ROLE_ID, "R-9");
    ut_record_parser_free(p);
    assert_int_equal(test_parser(&p, UT_FORMAT_CSV, UT_HEADER_NO, NULL, NULL, NULL, NULL, NULL, NULL, 0), 0);
    assert_int_equal(one(p, "great,R-9\n", &rec, &a, &bad), 1);
    assert_field(&rec, UT_ROLE_ID, NULL);
    ut_record_parser_free(p);
    ut_arena_free(&a);
}

static void jsonl_default_text_and_null(void **state) {
    (void)state;
    ut_record_parser *p;
    assert_int_equal(test_parser(&p, UT_FORMAT_JSONL, UT_HEADER_AUTO, NULL, NULL, NULL, "rating", "date", NULL, 0), 0);
    ut_arena a = UT_ARENA_INIT;
    ut_record rec;
    ut_bad_reason bad;
    /* "review" ranks before "body" in the default list, whatever the key order. */
    assert_int_equal(one(p, "{\"body\": \"b\", \"review\": \"r\"}", &rec, &a, &bad), 1);
    assert_field(&rec, UT_ROLE_TEXT, "r");
    /* null is absent: the next default name is used. */
    assert_int_equal(one(p, "{\"text\": null, \"comment\": \"c\"}", &rec, &a, &bad), 1);
    assert_field(&rec, UT_ROLE_TEXT, "c");
    assert_int_equal(one(p, "{\"Review Text\": \"rt\"}", &rec, &a, &bad), 1);
    assert_field(&rec, UT_ROLE_TEXT, "rt");
    /* Keys match ignoring case when nothing matches exactly. */
    assert_int_equal(one(p, "{\"TEXT\": \"up\"}", &rec, &a, &bad), 1);
    assert_field(&rec, UT_ROLE_TEXT, "up");
    /* Duplicate keys: the last wins, but an exact match beats a case-insensitive one. */
    assert_int_equal(one(p, "{\"text\": \"a\", \"text\": \"b\"}", &rec, &a, &bad), 1);
    assert_field(&rec, UT_ROLE_TEXT, "b");
    assert_int_equal(one(p, "{\"text\": \"a\", \"TEXT\": \"b\"}", &rec, &a, &bad), 1);
    assert_field(&rec, UT_ROLE_TEXT, "a");
    assert_int_equal(one(p, "{\"Text\": \"a\", \"text\": \"b\"}", &rec, &a, &bad), 1);
    assert_field(&rec, UT_ROLE_TEXT, "b");
    /* A rating that is not a number keeps the review and is flagged. */
    assert_int_equal(one(p, "{\"text\": \"t\", \"rating\": \"great\", \"date\": \"someday\"}", &rec, &a, &bad), 1);
    assert_false(rec.has_rating);
    assert_true(rec.rating_invalid);
    assert_false(rec.has_day);
    assert_true(rec.date_invalid);
    /* Blank or null rating: absent, not invalid. */
    assert_int_equal(one(p, "{\"text\": \"t\", \"rating\": \"\", \"date\": null}", &rec, &a, &bad), 1);
    assert_false(rec.has_rating);
    assert_false(rec.rating_invalid);
    assert_false(rec.date_invalid);
    assert_int_equal(
        one(p, "{\"text\": \"t\", \"rating\": \"4 out of 5 stars\", \"date\": \"09 4, 2015\"}", &rec, &a, &bad), 1);
    assert_true(rec.has_rating && rec.rating == 4.0);
    assert_true(rec.has_day);
    assert_int_equal(rec.day, 16682); /* 2015-09-04 */
    ut_arena_free(&a);
    ut_record_parser_free(p);
}

static void jsonl_escapes(void **state) {
    (void)state;
    ut_record_parser *p;
    assert_int_equal(test_parser(&p, UT_FORMAT_JSONL, UT_HEADER_AUTO, "t", NULL, NULL, NULL, NULL, NULL, 0), 0);
    ut_arena a = UT_ARENA_INIT;
    ut_record rec;
    ut_bad_reason bad;
    static const struct {
        const char *line, *text;
    } cases[] = {
        {"{\"t\": \"a\\\"b\\\\c\\/d\\n\\t\\r\\b\\f\"}", "a\"b\\c/d\n\t\r\b\f"},
        {"{\"t\": \"caf\\u00e9 \\u20AC\"}", "caf\xc3\xa9 \xe2\x82\xac"},
        {"{\"t\": \"\\ud83d\\ude00!\"}", "\xf0\x9f\x98\x80!"}, /* surrogate pair */
        {"{\"t\": \"x\\ud83dy\"}", "x\xef\xbf\xbdy"},          /* lone high */
        {"{\"t\": \"x\\ude00y\"}", "x\xef\xbf\xbdy"},          /* lone low */
        {"{\"t\": \"\\ud83d\\u0041\"}", "\xef\xbf\xbd"
                                        "A"}, /* high then not low */
        {"{\"t\": \"\\ud83d\\ud83d\\ude00\"}", "\xef\xbf\xbd\xf0\x9f\x98\x80"},
        {"{\"t\": \"\\\\\"}", "\\"}, /* escaped backslash before the quote */
        {"{\"t\\u0020\": \"no\", \"t\": \"yes\"}", "yes"},
        {"{\"\\u0074\": \"escaped key\"}", "escaped key"},
        {"{\"t\": \"\\u0000x\"}", "\0x"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(one(p, cases[i].line, &rec, &a, &bad), 1);
        size_t want = i == 10 ? 2 : strlen(cases[i].text);
        assert_int_equal(rec.field[UT_ROLE_TEXT].len, want);
        assert_memory_equal(rec.field[UT_ROLE_TEXT].data, cases[i].text, want);
    }
    /* A bad escape in a wanted string is a syntax error. */
    assert_int_equal(one(p, "{\"t\": \"a\\x\"}", &rec, &a, &bad), -1);
    assert_int_equal(bad, UT_BAD_JSON_SYNTAX);
    assert_int_equal(one(p, "{\"t\": \"a\\u12G4\"}", &rec, &a, &bad), -1);
    assert_int_equal(bad, UT_BAD_JSON_SYNTAX);
    assert_int_equal(one(p, "{\"t\": \"a\\u12\"}", &rec, &a, &bad), -1);
    assert_int_equal(bad, UT_BAD_JSON_SYNTAX);
    ut_arena_free(&a);
    ut_record_parser_free(p);
}

static void jsonl_malformed(void **state) {
    (void)state;
    assert_int_equal(json_bad("{\"text\": \"ok\"}"), UT_BAD_NONE);
    assert_int_equal(json_bad("  {\"text\" : \"ok\" }  \r\n"), UT_BAD_NONE);
    assert_int_equal(json_bad("{\"text\": \"a\""), UT_BAD_JSON_SYNTAX);
    assert_int_equal(json_bad("{\"text\": \"a}"), UT_BAD_JSON_SYNTAX);
    assert_int_equal(json_bad("{\"text\": \"a\",}"), UT_BAD_JSON_SYNTAX);
    assert_int_equal(json_bad("{\"text\": \"a\"} x"), UT_BAD_JSON_SYNTAX);
    assert_int_equal(json_bad("{\"text\": \"a\"}}"), UT_BAD_JSON_SYNTAX);
    assert_int_equal(json_bad("{\"text\" \"a\"}"), UT_BAD_JSON_SYNTAX);
    assert_int_equal(json_bad("{text: \"a\"}"), UT_BAD_JSON_SYNTAX);
    assert_int_equal(json_bad("{'text': 'a'}"), UT_BAD_JSON_SYNTAX);
    assert_int_equal(json_bad("{\"text\": \"a\", \"n\": 01}"), UT_BAD_JSON_SYNTAX);
    assert_int_equal(json_bad("{\"text\": \"a\", \"n\": 1.}"), UT_BAD_JSON_SYNTAX);
    assert_int_equal(json_bad("{\"text\": \"a\", \"n\": -}"), UT_BAD_JSON_SYNTAX);
    assert_int_equal(json_bad("{\"text\": \"a\", \"n\": tru}"), UT_BAD_JSON_SYNTAX);
    assert_int_equal(json_bad("{\"text\": \"a\", \"n\": [1,]}"), UT_BAD_JSON_SYNTAX);
    assert_int_equal(json_bad("{\"text\": \"a\", \"n\": [1 2]}"), UT_BAD_JSON_SYNTAX);
    assert_int_equal(json_bad("{\"text\": \"a\", \"n\": {\"k\" 1}}"), UT_BAD_JSON_SYNTAX);
    assert_int_equal(json_bad("{\"text\": \"a\", \"n\": [}"), UT_BAD_JSON_SYNTAX);
    assert_int_equal(json_bad("{\"text\": \"a\", \"n\": {]}"), UT_BAD_JSON_SYNTAX);
    assert_int_equal(json_bad("{\"text\": \"a\", \"n\": [1, {\"a\": [2, {}]}, [], -0.5E+2]}"), UT_BAD_NONE);
    assert_int_equal(json_bad("hello world"), UT_BAD_JSON_SYNTAX);
    assert_int_equal(json_bad("[1, 2]"), UT_BAD_NOT_OBJECT);
    assert_int_equal(json_bad("\"just a string\""), UT_BAD_NOT_OBJECT);
    assert_int_equal(json_bad("42"), UT_BAD_NOT_OBJECT);
    assert_int_equal(json_bad("null"), UT_BAD_NOT_OBJECT);
    assert_int_equal(json_bad("[1, 2"), UT_BAD_JSON_SYNTAX);
    assert_int_equal(json_bad("{\"x\": 1}"), UT_BAD_MISSING_TEXT);
    assert_int_equal(json_bad("{}"), UT_BAD_MISSING_TEXT);
    assert_int_equal(json_bad("{\"text\": \" \\n\\t \"}"), UT_BAD_EMPTY_TEXT);
    assert_int_equal(json_bad("{\"text\": \"\"}"), UT_BAD_EMPTY_TEXT);
    static const char with_nul[] = "{\"text\": \"a\0b\"}";
    ut_record_parser *p;
    assert_int_equal(test_parser(&p, UT_FORMAT_JSONL, UT_HEADER_AUTO, NULL, NULL, NULL, NULL, NULL, NULL, 0), 0);
    ut_arena a = UT_ARENA_INIT;
    ut_record rec;
    ut_bad_reason bad;
    size_t pos = 0;
    assert_int_equal(ut_record_next(p, with_nul, sizeof with_nul - 1, &pos, &rec, &a, &bad), -1);
    assert_int_equal(bad, UT_BAD_BINARY);
    ut_arena_free(&a);
    ut_record_parser_free(p);
}

/* `levels` opening brackets inside a value, closed again if `close`. */
static char *nested(size_t levels, int close, int top_level) {
    size_t cap = 2 * levels + 64;
    char *s = malloc(cap);
    assert_non_null(s);
    size_t n = 0;
    if (!top_level) n += (size_t)sprintf(s, "{\"text\": \"t\", \"deep\": ");
    for (size_t i = 0; i < levels; i++)
        s[n++] = '[';
    if (close)
        for (size_t i = 0; i < levels; i++)
            s[n++] = ']';
    if (!top_level) s[n++] = '}';
    s[n] = '\0';
    return s;
}

static void jsonl_deep_nesting(void **state) {
    (void)state;
    char *s = nested(100000, 1, 0);
    assert_int_equal(json_bad(s), UT_BAD_JSON_DEPTH);
    free(s);
    s = nested(100000, 0, 0);
    assert_int_equal(json_bad(s), UT_BAD_JSON_DEPTH);
    free(s);
    s = nested(100000, 1, 1);
    assert_int_equal(json_bad(s), UT_BAD_JSON_DEPTH);
    free(s);
    /* The top-level object is level 1: 255 more levels are allowed. */
    s = nested(UT_JSON_MAX_DEPTH - 1, 1, 0);
    assert_int_equal(json_bad(s), UT_BAD_NONE);
    free(s);
    s = nested(UT_JSON_MAX_DEPTH, 1, 0);
    assert_int_equal(json_bad(s), UT_BAD_JSON_DEPTH);
    free(s);
}

static void jsonl_column_ref_and_lines(void **state) {
    (void)state;
    ut_record_parser *p;
    /* --text 2: the second key of each object. */
    assert_int_equal(test_parser(&p, UT_FORMAT_JSONL, UT_HEADER_AUTO, "2", NULL, "1", NULL, NULL, NULL, 0), 0);
    const char *buf = "\xef\xbb\xbf{\"id\": 7, \"body\": \"first\"}\r\n\n   \r\n{\"id\": \"x\", \"b\": \"second\"}";
    ut_arena a = UT_ARENA_INIT;
    ut_record rec;
    ut_bad_reason bad;
    size_t pos = 0, len = strlen(buf);
    assert_int_equal(ut_record_next(p, buf, len, &pos, &rec, &a, &bad), 1);
    assert_int_equal(rec.offset, 3); /* after the BOM */
    assert_field(&rec, UT_ROLE_TEXT, "first");
    assert_field(&rec, UT_ROLE_ID, "7");
    assert_int_equal(ut_record_next(p, buf, len, &pos, &rec, &a, &bad), 1);
    assert_field(&rec, UT_ROLE_TEXT, "second");
    assert_int_equal(rec.offset + rec.length, len); /* the last line has no newline */
    assert_int_equal(ut_record_next(p, buf, len, &pos, &rec, &a, &bad), 0);
    assert_int_equal(ut_record_count(p, buf, len), 2);
    ut_arena_free(&a);
    ut_record_parser_free(p);
}

static void csv_header_auto_and_quotes(void **state) {
    (void)state;
    ut_record_parser *p;
    assert_int_equal(test_parser(&p, UT_FORMAT_CSV, UT_HEADER_AUTO, NULL, NULL, "id", "stars", NULL, NULL, 0), 0);
    const char *buf = "\xef\xbb\xbfid,Review Text,stars\r\n"
                      "1,\"Hello, \"\"world\"\"\",5\r\n"
                      "2,\"two\nlines\r\nhere\",4\n"
                      "\r\n"
                      "3,plain text,\n"
                      "4, \"padded\" ,3\n"
                      "5,,1\n"
                      "6\n"
                      "7,last,2";
    size_t len = strlen(buf);
    assert_int_equal(ut_record_parser_take_header(p, buf, len), 1);
    assert_int_equal(ut_record_parser_header_count(p), 3);
    assert_string_equal(ut_record_parser_header_name(p, 1), "Review Text");
    ut_split_state st = {0};
    size_t pos = ut_record_scan_first(p, &st, buf, len);
    assert_int_equal(pos, strlen("\xef\xbb\xbfid,Review Text,stars\r\n"));
    assert_int_equal(ut_record_parser_header_end(p), pos);
    ut_arena a = UT_ARENA_INIT;
    ut_record rec;
    ut_bad_reason bad;
    assert_int_equal(ut_record_next(p, buf, len, &pos, &rec, &a, &bad), 1);
    assert_field(&rec, UT_ROLE_TEXT, "Hello, \"world\"");
    assert_field(&rec, UT_ROLE_ID, "1");
    assert_true(rec.has_rating && rec.rating == 5.0);
    assert_int_equal(ut_record_next(p, buf, len, &pos, &rec, &a, &bad), 1);
    assert_field(&rec, UT_ROLE_TEXT, "two\nlines\r\nhere");
    assert_int_equal(ut_record_next(p, buf, len, &pos, &rec, &a, &bad), 1);
    assert_field(&rec, UT_ROLE_TEXT, "plain text");
    assert_field(&rec, UT_ROLE_RATING, "");
    assert_false(rec.has_rating || rec.rating_invalid);
    assert_int_equal(ut_record_next(p, buf, len, &pos, &rec, &a, &bad), 1);
    assert_field(&rec, UT_ROLE_TEXT, "padded");
    assert_int_equal(ut_record_next(p, buf, len, &pos, &rec, &a, &bad), -1);
    assert_int_equal(bad, UT_BAD_EMPTY_TEXT);
    assert_int_equal(ut_record_next(p, buf, len, &pos, &rec, &a, &bad), -1);
    assert_int_equal(bad, UT_BAD_MISSING_TEXT); /* a short row lacks the text column */
    assert_int_equal(ut_record_next(p, buf, len, &pos, &rec, &a, &bad), 1);
    assert_field(&rec, UT_ROLE_TEXT, "last");
    assert_int_equal(ut_record_next(p, buf, len, &pos, &rec, &a, &bad), 0);
    ut_arena_free(&a);
    ut_record_parser_free(p);
}

static void csv_malformed(void **state) {
    (void)state;
    ut_record_parser *p;
    assert_int_equal(test_parser(&p, UT_FORMAT_CSV, UT_HEADER_NO, "2", NULL, NULL, NULL, NULL, NULL, 0), 0);
    assert_int_equal(ut_record_parser_take_header(p, "1,\"x\"\n", 6), 0);
    static const struct {
        const char *buf;
        int rc;
        ut_bad_reason bad;
    } cases[] = {
        {"1,\"abc\"def,3\n", -1, UT_BAD_CSV_SYNTAX},
        {"1,ab\"c\"\n", -1, UT_BAD_CSV_SYNTAX},
        {"1,\"open to the end", -1, UT_BAD_CSV_QUOTE},
        {"1,\"\"\"\"\n", 1, UT_BAD_NONE},
        {"1,\"a\"\"\"\n", 1, UT_BAD_NONE},
        {"1,\"a\0b\"\n", -1, UT_BAD_BINARY},
    };
    ut_arena a = UT_ARENA_INIT;
    ut_record rec;
    ut_bad_reason bad;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t pos = 0, len = i == 5 ? 8 : strlen(cases[i].buf);
        int rc = ut_record_next(p, cases[i].buf, len, &pos, &rec, &a, &bad);
        assert_int_equal(rc, cases[i].rc);
        if (rc < 0) assert_int_equal(bad, cases[i].bad);
        assert_int_equal(pos, len); /* the bad record is consumed whole */
    }
    /* a quote open to the end costs its first line; the next line is read */
    static const char open[] = "1,\"open to the end\n2,x\n";
    size_t pos = 0;
    assert_int_equal(ut_record_next(p, open, sizeof open - 1, &pos, &rec, &a, &bad), -1);
    assert_int_equal(bad, UT_BAD_CSV_QUOTE);
    assert_int_equal(pos, 19);
    assert_int_equal(rec.quoted_lines, 2);
    assert_int_equal(ut_record_next(p, open, sizeof open - 1, &pos, &rec, &a, &bad), 1);
    assert_field(&rec, UT_ROLE_TEXT, "x");
    pos = 0;
    assert_int_equal(ut_record_next(p, "1,\"\"\"\"\n", 7, &pos, &rec, &a, &bad), 1);
    assert_field(&rec, UT_ROLE_TEXT, "\"");
    pos = 0;
    assert_int_equal(ut_record_next(p, "1,\"a\0b\"\n", 8, &pos, &rec, &a, &bad), -1);
    assert_int_equal(bad, UT_BAD_BINARY); /* a NUL byte: never text */
    assert_int_equal(pos, 8);
    ut_arena_free(&a);
    ut_record_parser_free(p);
}

static void csv_header_rules(void **state) {
    (void)state;
    ut_record_parser *p;
    const char *data = "1,great stuff,5\n";
    /* auto, nothing named and no default name in row 1: data, text = column 1. */
    assert_int_equal(test_parser(&p, UT_FORMAT_CSV, UT_HEADER_AUTO, NULL, NULL, NULL, NULL, NULL, NULL, 0), 0);
    assert_int_equal(ut_record_parser_take_header(p, data, strlen(data)), 0);
    ut_arena a = UT_ARENA_INIT;
    ut_record rec;
    ut_bad_reason bad;
    assert_int_equal(one(p, data, &rec, &a, &bad), 1);
    assert_field(&rec, UT_ROLE_TEXT, "1");
    ut_record_parser_free(p);

    /* A name given: the first row must be the header, matched ignoring case. */
    assert_int_equal(test_parser(&p, UT_FORMAT_CSV, UT_HEADER_AUTO, "text", NULL, NULL, "3", NULL, NULL, 0), 0);
    assert_int_equal(ut_record_parser_take_header(p, "ID, TEXT ,stars\n", 16), 1);
    assert_int_equal(one(p, data, &rec, &a, &bad), 1);
    assert_field(&rec, UT_ROLE_TEXT, "great stuff");
    assert_true(rec.has_rating && rec.rating == 5.0);
    ut_record_parser_free(p);

    /* A missing name is a usage error naming it and listing the columns. */
    assert_int_equal(test_parser(&p, UT_FORMAT_CSV, UT_HEADER_AUTO, "body", NULL, NULL, NULL, NULL, NULL, 0), 0);
    assert_int_equal(ut_record_parser_take_header(p, "id,review,stars\n", 16), UT_EINVAL);
    assert_non_null(strstr(ut_error_last(), "body"));
    assert_non_null(strstr(ut_error_last(), "id, stars, review"));
    ut_record_parser_free(p);
    /* closest first: a typo's intended column leads the listing */
    assert_int_equal(test_parser(&p, UT_FORMAT_CSV, UT_HEADER_AUTO, "reviw", NULL, NULL, NULL, NULL, NULL, 0), 0);
    assert_int_equal(ut_record_parser_take_header(p, "id,stars,review\n", 16), UT_EINVAL);
    assert_non_null(strstr(ut_error_last(), "closest first: review, "));
    ut_record_parser_free(p);

    /* --header yes without a text column and no --text: a usage error. */
    assert_int_equal(test_parser(&p, UT_FORMAT_CSV, UT_HEADER_YES, NULL, NULL, NULL, NULL, NULL, NULL, 0), 0);
    assert_int_equal(ut_record_parser_take_header(p, "a,b\n", 4), UT_EINVAL);
    assert_non_null(strstr(ut_error_last(), "--text"));
    /* The exact name wins over a case-insensitive one, whatever the order. */
    assert_int_equal(ut_record_parser_take_header(p, "Text,text\n", 10), 1);
    assert_int_equal(one(p, "a,b\n", &rec, &a, &bad), 1);
    assert_field(&rec, UT_ROLE_TEXT, "b");
    ut_record_parser_free(p);

    /* Blank lines before the header are skipped; header_end is past it. */
    assert_int_equal(test_parser(&p, UT_FORMAT_CSV, UT_HEADER_AUTO, NULL, NULL, NULL, NULL, NULL, NULL, 0), 0);
    assert_int_equal(ut_record_parser_take_header(p, "\r\n\nx,text\ny,z\n", 15), 1);
    assert_int_equal(ut_record_parser_header_end(p), 10);
    ut_record_parser_free(p);

    /* A column past the header's end is a usage error. */
    assert_int_equal(test_parser(&p, UT_FORMAT_CSV, UT_HEADER_YES, "4", NULL, NULL, NULL, NULL, NULL, 0), 0);
    assert_int_equal(ut_record_parser_take_header(p, "a,b,c\n", 6), UT_EINVAL);
    assert_non_null(strstr(ut_error_last(), "--text 4"));
    ut_record_parser_free(p);

    /* --header no with a name: usage error. */
    assert_int_equal(test_parser(&p, UT_FORMAT_CSV, UT_HEADER_NO, "text", NULL, NULL, NULL, NULL, NULL, 0), 0);
    assert_int_equal(ut_record_parser_take_header(p, "text\n", 5), UT_EINVAL);
    ut_record_parser_free(p);

    /* Clone: the same configuration, a new header. */
    ut_record_parser *q;
    assert_int_equal(test_parser(&p, UT_FORMAT_TSV, UT_HEADER_AUTO, NULL, NULL, "id", NULL, NULL, NULL, 0), 0);
    assert_int_equal(ut_record_parser_take_header(p, "id\ttext\n", 8), 1);
    assert_int_equal(ut_record_parser_clone(&q, p), 0);
    assert_int_equal(ut_record_parser_format(q), UT_FORMAT_TSV);
    assert_int_equal(ut_record_parser_take_header(q, "text\tx\tid\n", 10), 1);
    assert_int_equal(one(q, "hello\tx\t9\n", &rec, &a, &bad), 1);
    assert_field(&rec, UT_ROLE_TEXT, "hello");
    assert_field(&rec, UT_ROLE_ID, "9");
    ut_record_parser_free(q);
    ut_record_parser_free(p);
    ut_arena_free(&a);
}

static void tsv_and_lines(void **state) {
    (void)state;
    ut_record_parser *p;
    /* TSV: no quoting, quotes are text; CRLF line ends. */
    assert_int_equal(test_parser(&p, UT_FORMAT_TSV, UT_HEADER_NO, "3", NULL, "1", "2", NULL, NULL, 0), 0);
    const char *buf = "1\t2.5\t\"quoted\" start, and a \"\r\n2\t-1\tplain\r\n";
    assert_int_equal(ut_record_parser_take_header(p, buf, strlen(buf)), 0);
    ut_arena a = UT_ARENA_INIT;
    ut_record rec;
    ut_bad_reason bad;
    size_t pos = 0;
    assert_int_equal(ut_record_next(p, buf, strlen(buf), &pos, &rec, &a, &bad), 1);
    assert_field(&rec, UT_ROLE_TEXT, "\"quoted\" start, and a \"");
    assert_true(rec.rating == 2.5);
    assert_int_equal(ut_record_next(p, buf, strlen(buf), &pos, &rec, &a, &bad), 1);
    assert_field(&rec, UT_ROLE_TEXT, "plain");
    ut_record_parser_free(p);

    /* lines: the whole line, blank lines skipped; a NUL makes a bad record. */
    assert_int_equal(test_parser(&p, UT_FORMAT_LINES, UT_HEADER_AUTO, NULL, NULL, NULL, NULL, NULL, NULL, 0), 0);
    static const char lines[] = "  first, with \"quotes\"\t\r\n\n \t\r\nsecond\0line\nthird";
    size_t len = sizeof lines - 1;
    pos = 0;
    assert_int_equal(ut_record_next(p, lines, len, &pos, &rec, &a, &bad), 1);
    assert_field(&rec, UT_ROLE_TEXT, "  first, with \"quotes\"\t");
    assert_int_equal(ut_record_next(p, lines, len, &pos, &rec, &a, &bad), -1);
    assert_int_equal(bad, UT_BAD_BINARY);
    assert_int_equal(ut_record_next(p, lines, len, &pos, &rec, &a, &bad), 1);
    assert_field(&rec, UT_ROLE_TEXT, "third");
    assert_int_equal(ut_record_next(p, lines, len, &pos, &rec, &a, &bad), 0);
    assert_int_equal(ut_record_count(p, lines, len), 3);
    ut_record_parser_free(p);
    /* lines have no fields to select */
    assert_int_equal(test_parser(&p, UT_FORMAT_LINES, UT_HEADER_AUTO, NULL, NULL, NULL, "2", NULL, NULL, 0), UT_EINVAL);
    assert_int_equal(test_parser(&p, UT_FORMAT_LINES, UT_HEADER_AUTO, "1", NULL, NULL, NULL, NULL, NULL, 0), 0);
    ut_record_parser_free(p);
    ut_arena_free(&a);
}

static void too_large_and_big_reviews(void **state) {
    (void)state;
    ut_record_parser *p;
    assert_int_equal(test_parser(&p, UT_FORMAT_JSONL, UT_HEADER_AUTO, NULL, NULL, NULL, NULL, NULL, NULL, 32), 0);
    const char *buf = "{\"text\": \"this line is longer than 32 bytes\"}\n{\"text\": \"short\"}\n";
    ut_arena a = UT_ARENA_INIT;
    ut_record rec;
    ut_bad_reason bad;
    size_t pos = 0;
    assert_int_equal(ut_record_next(p, buf, strlen(buf), &pos, &rec, &a, &bad), -1);
    assert_int_equal(bad, UT_BAD_TOO_LARGE);
    assert_int_equal(ut_record_next(p, buf, strlen(buf), &pos, &rec, &a, &bad), 1);
    assert_field(&rec, UT_ROLE_TEXT, "short");
    ut_record_parser_free(p);

    /* A 10 MB review parses whole in JSONL (with an escape, so it is
     * copied) and in CSV (quoted, with newlines). */
    size_t big = 10u << 20;
    char *s = malloc(big + 64);
    assert_non_null(s);
    size_t n = (size_t)sprintf(s, "{\"text\": \"");
    for (size_t i = 0; i < big; i++)
        s[n++] = (char)('a' + i % 26);
    memcpy(s + n, "\\n\"}\n", 5);
    n += 5;
    assert_int_equal(test_parser(&p, UT_FORMAT_JSONL, UT_HEADER_AUTO, NULL, NULL, NULL, NULL, NULL, NULL, 0), 0);
    pos = 0;
    assert_int_equal(ut_record_next(p, s, n, &pos, &rec, &a, &bad), 1);
    assert_int_equal(rec.field[UT_ROLE_TEXT].len, big + 1);
    assert_int_equal(rec.length, n);
    ut_record_parser_free(p);

    n = 0;
    s[n++] = '"';
    for (size_t i = 0; i < big; i++)
        s[n++] = i % 1000 == 999 ? '\n' : (char)('a' + i % 26);
    s[n++] = '"';
    s[n++] = '\n';
    assert_int_equal(test_parser(&p, UT_FORMAT_CSV, UT_HEADER_NO, NULL, NULL, NULL, NULL, NULL, NULL, 0), 0);
    /* by default a quoted field that long in lines is a runaway quote... */
    pos = 0;
    assert_int_equal(ut_record_next(p, s, n, &pos, &rec, &a, &bad), -1);
    assert_int_equal(bad, UT_BAD_CSV_QUOTE);
    assert_int_equal(pos, 1001); /* its first line */
    assert_int_equal(rec.quoted_lines, 64);
    /* ...and read whole once the line limit allows it */
    ut_record_parser_set_max_quoted_lines(p, (uint32_t)big);
    pos = 0;
    assert_int_equal(ut_record_next(p, s, n, &pos, &rec, &a, &bad), 1);
    assert_int_equal(rec.field[UT_ROLE_TEXT].len, big);
    assert_int_equal(ut_record_count(p, s, n), 1);
    ut_record_parser_free(p);
    free(s);
    ut_arena_free(&a);
}

static void sniffing(void **state) {
    (void)state;
    assert_int_equal(ut_format_sniff("a/b.jsonl", NULL, 0), UT_FORMAT_JSONL);
    assert_int_equal(ut_format_sniff("x.NDJSON.zst", NULL, 0), UT_FORMAT_JSONL);
    assert_int_equal(ut_format_sniff("x.json", NULL, 0), UT_FORMAT_JSONL);
    assert_int_equal(ut_format_sniff("x.csv.zst", "{", 1), UT_FORMAT_CSV);
    assert_int_equal(ut_format_sniff("x.tsv.gz", "{", 1), UT_FORMAT_TSV);
    assert_int_equal(ut_format_sniff("x.tsv", NULL, 0), UT_FORMAT_TSV);
    assert_int_equal(ut_format_sniff("x.txt", NULL, 0), UT_FORMAT_LINES);
    const char *j = "\xef\xbb\xbf\n  {\"a\": 1}\n";
    assert_int_equal(ut_format_sniff("-", j, strlen(j)), UT_FORMAT_JSONL);
    const char *c = "id,text\n1,\"a, b\nc\"\n2,x\n";
    assert_int_equal(ut_format_sniff("data.zst", c, strlen(c)), UT_FORMAT_CSV);
    const char *t = "1\t2\tsome, text\n2\t3\tmore\n";
    assert_int_equal(ut_format_sniff(NULL, t, strlen(t)), UT_FORMAT_TSV);
    const char *l = "I liked it, a lot\nNo commas here\nBad, bad, bad\n";
    assert_int_equal(ut_format_sniff(NULL, l, strlen(l)), UT_FORMAT_LINES);
    assert_int_equal(ut_format_sniff(NULL, "", 0), UT_FORMAT_LINES);
    assert_int_equal(ut_format_sniff(NULL, "just one line", 13), UT_FORMAT_LINES);
    assert_int_equal(ut_format_sniff(NULL, "a,b", 3), UT_FORMAT_CSV);
}

static void bad_reason_names(void **state) {
    (void)state;
    assert_string_equal(ut_bad_reason_name(UT_BAD_JSON_SYNTAX), "json_syntax");
    assert_string_equal(ut_bad_reason_name(UT_BAD_JSON_DEPTH), "json_too_deep");
    assert_string_equal(ut_bad_reason_name(UT_BAD_NOT_OBJECT), "json_not_object");
    assert_string_equal(ut_bad_reason_name(UT_BAD_CSV_QUOTE), "csv_unterminated_quote");
    assert_string_equal(ut_bad_reason_name(UT_BAD_CSV_SYNTAX), "csv_syntax");
    assert_string_equal(ut_bad_reason_name(UT_BAD_MISSING_TEXT), "missing_text");
    assert_string_equal(ut_bad_reason_name(UT_BAD_EMPTY_TEXT), "empty_text");
    assert_string_equal(ut_bad_reason_name(UT_BAD_TOO_LARGE), "too_large");
    assert_string_equal(ut_bad_reason_name(UT_BAD_RATING), "bad_rating");
    assert_string_equal(ut_bad_reason_name(UT_BAD_DATE), "bad_date");
    assert_string_equal(ut_bad_reason_name(UT_BAD_BINARY), "binary");
    assert_string_equal(ut_bad_reason_name(UT_BAD_REASON_COUNT), "unknown");
}

static void parser_options(void **state) {
    (void)state;
    ut_record_parser *p = NULL;
    assert_int_equal(test_parser(&p, UT_FORMAT_AUTO, UT_HEADER_AUTO, NULL, NULL, NULL, NULL, NULL, NULL, 0), UT_EINVAL);
    assert_null(p);
    assert_int_equal(test_parser(&p, UT_FORMAT_CSV, UT_HEADER_AUTO, "", NULL, NULL, NULL, NULL, NULL, 0), UT_EINVAL);
    assert_int_equal(test_parser(&p, UT_FORMAT_CSV, UT_HEADER_AUTO, NULL, NULL, NULL, NULL, NULL, NULL, 0), 0);
    assert_int_equal(ut_record_parser_max_record(p), (size_t)64 << 20);
    ut_record_parser_free(p);
    ut_record_parser_free(NULL);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(jsonl_fields_and_values),
        cmocka_unit_test(jsonl_default_text_and_null),
        cmocka_unit_test(default_id),
        cmocka_unit_test(jsonl_escapes),
        cmocka_unit_test(jsonl_malformed),
        cmocka_unit_test(jsonl_deep_nesting),
        cmocka_unit_test(jsonl_column_ref_and_lines),
        cmocka_unit_test(csv_header_auto_and_quotes),
        cmocka_unit_test(csv_malformed),
        cmocka_unit_test(csv_header_rules),
        cmocka_unit_test(tsv_and_lines),
        cmocka_unit_test(too_large_and_big_reviews),
        cmocka_unit_test(sniffing),
        cmocka_unit_test(bad_reason_names),
        cmocka_unit_test(parser_options),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
