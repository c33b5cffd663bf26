/* record_test_util.h — helpers shared by the record tests: making a parser
 * from option-like strings and parsing a whole buffer into a list. */
#ifndef RECORD_TEST_UTIL_H
#define RECORD_TEST_UTIL_H

#include <stdlib.h>
#include <string.h>

#include "record/record.h"

/* A field option as the CLI gives it: digits = a 1-based column. */
static inline ut_field_ref test_ref(const char *opt) {
    ut_field_ref r = {NULL, 0};
    if (!opt) return r;
    int digits = opt[0] != '\0';
    for (const char *c = opt; *c; c++)
        digits &= *c >= '0' && *c <= '9';
    if (digits)
        r.column = atoi(opt);
    else
        r.name = opt;
    return r;
}

/* Makes a parser; refs in role order text, title, id, rating, date, group. */
static inline int test_parser(ut_record_parser **out, ut_format f, ut_header_mode h, const char *text,
                              const char *title, const char *id, const char *rating, const char *date,
                              const char *group, size_t max_record) {
    ut_field_ref refs[UT_ROLE_COUNT] = {{0}};
    refs[UT_ROLE_TEXT] = test_ref(text);
    refs[UT_ROLE_TITLE] = test_ref(title);
    refs[UT_ROLE_ID] = test_ref(id);
    refs[UT_ROLE_RATING] = test_ref(rating);
    refs[UT_ROLE_DATE] = test_ref(date);
    refs[UT_ROLE_GROUP] = test_ref(group);
    return ut_record_parser_new(out, f, refs, group ? 1 : 0, h, max_record);
}

typedef struct test_rec {
    size_t offset, length; /* offset relative to the whole corpus */
    int rc;
    ut_bad_reason bad;
    char text[128];
} test_rec;

/* Parses buf[from, to) (as its own buffer) appending to recs; returns the
 * new count. */
static inline size_t test_parse_all(const ut_record_parser *p, const char *buf, size_t from, size_t to, test_rec *recs,
                                    size_t n, size_t cap) {
    ut_arena a = UT_ARENA_INIT;
    size_t pos = 0;
    ut_record rec;
    ut_bad_reason bad;
    int rc;
    while ((rc = ut_record_next(p, buf + from, to - from, &pos, &rec, &a, &bad)) != 0 && n < cap) {
        test_rec *t = &recs[n++];
        memset(t, 0, sizeof *t);
        t->offset = from + rec.offset;
        t->length = rec.length;
        t->rc = rc;
        t->bad = rc < 0 ? bad : UT_BAD_NONE;
        if (rc > 0) {
            size_t k =
                rec.field[UT_ROLE_TEXT].len < sizeof t->text - 1 ? rec.field[UT_ROLE_TEXT].len : sizeof t->text - 1;
            if (k) memcpy(t->text, rec.field[UT_ROLE_TEXT].data, k);
        }
    }
    ut_arena_free(&a);
    return n;
}

static inline int test_recs_equal(const test_rec *a, size_t na, const test_rec *b, size_t nb) {
    if (na != nb) return 0;
    for (size_t i = 0; i < na; i++)
        if (a[i].offset != b[i].offset || a[i].length != b[i].length || a[i].rc != b[i].rc || a[i].bad != b[i].bad ||
            strcmp(a[i].text, b[i].text) != 0)
            return 0;
    return 1;
}

#endif
