/* test_gen.c — the benchmark corpus generator (bench/gen.c), run as a program.
 *
 * The generator is what the benchmarks and the acceptance checks trust, so
 * these cases pin what they rely on: the same seed gives the same bytes and
 * another seed other bytes; every JSON line is a valid object with the
 * expected fields; CSV quoting is balanced and every record has six fields;
 * TSV rows have no stray tabs or line breaks; and the truth file matches the
 * corpus (planted ids carry the phrase in the planted group, with 5 stars,
 * and nothing else does; the tiny cell has its 3 reviews; a spike changes
 * only the reviews in its window). Corpora are small
 * (10k reviews) so the whole file runs in well under a second. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <cmocka.h>

#define GEN UT_BINARY_DIR "/gen"
#define TMP UT_BINARY_DIR "/test_gen_tmp"
#define REVIEWS 10000

static const char PHRASE[] = "I was charged twice and the refund never arrived.";

/* ---- helpers ---- */

static int run(const char *fmt, ...) {
    char cmd[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    int rc = system(cmd);
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

static char *slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *data = malloc((size_t)n + 1);
    if (data && fread(data, 1, (size_t)n, f) != (size_t)n) {
        free(data);
        data = NULL;
    }
    fclose(f);
    if (data) data[n] = 0;
    if (len) *len = (size_t)n;
    return data;
}

/* Generates into TMP/name with the given extra arguments; returns its bytes. */
static char *generate(const char *name, size_t *len, const char *args) {
    assert_int_equal(run("%s %s --out %s/%s", GEN, args, TMP, name), 0);
    char path[512];
    snprintf(path, sizeof path, "%s/%s", TMP, name);
    char *data = slurp(path, len);
    assert_non_null(data);
    return data;
}

static int setup(void **state) {
    (void)state;
    mkdir(TMP, 0755);
    return 0;
}

/* ---- a minimal validating JSON reader ---- */

typedef struct json_cursor {
    const char *p, *end;
} json_cursor;

static void skip_ws(json_cursor *c) {
    while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r'))
        c->p++;
}

/* Checks UTF-8 well-formedness of one sequence starting at p; returns its length or 0. */
static size_t utf8_len(const unsigned char *p, const unsigned char *end) {
    if (p[0] < 0x80) return 1;
    size_t n = p[0] >= 0xF0 && p[0] <= 0xF4 ? 4 : p[0] >= 0xE0 ? 3 : p[0] >= 0xC2 && p[0] < 0xE0 ? 2 : 0;
    if (!n || p + n > end) return 0;
    for (size_t k = 1; k < n; k++)
        if ((p[k] & 0xC0) != 0x80) return 0;
    return n;
}

/* Parses a string; copies its raw (still escaped) bytes' span to *s, *n. */
static int json_string(json_cursor *c, const char **s, size_t *n) {
    if (c->p >= c->end || *c->p != '"') return -1;
    const char *start = ++c->p;
    while (c->p < c->end && *c->p != '"') {
        unsigned char ch = (unsigned char)*c->p;
        if (ch < 0x20) return -1;
        if (ch == '\\') {
            c->p++;
            if (c->p >= c->end || !strchr("\"\\/bfnrtu", *c->p)) return -1;
            if (*c->p == 'u') {
                for (int k = 1; k <= 4; k++)
                    if (c->p + k >= c->end || !strchr("0123456789abcdefABCDEF", c->p[k])) return -1;
                c->p += 4;
            }
            c->p++;
            continue;
        }
        size_t u = utf8_len((const unsigned char *)c->p, (const unsigned char *)c->end);
        if (!u) return -1;
        c->p += u;
    }
    if (c->p >= c->end) return -1;
    if (s) *s = start, *n = (size_t)(c->p - start);
    c->p++;
    return 0;
}

static int json_value(json_cursor *c, int depth);

static int json_number(json_cursor *c) {
    const char *start = c->p;
    if (c->p < c->end && *c->p == '-') c->p++;
    while (c->p < c->end && ((*c->p >= '0' && *c->p <= '9') || strchr(".eE+-", *c->p)))
        c->p++;
    return c->p > start ? 0 : -1;
}

static int json_container(json_cursor *c, int depth, char close) {
    c->p++;
    skip_ws(c);
    if (c->p < c->end && *c->p == close) {
        c->p++;
        return 0;
    }
    for (;;) {
        skip_ws(c);
        if (close == '}') {
            if (json_string(c, NULL, NULL)) return -1;
            skip_ws(c);
            if (c->p >= c->end || *c->p++ != ':') return -1;
        }
        if (json_value(c, depth + 1)) return -1;
        skip_ws(c);
        if (c->p >= c->end) return -1;
        if (*c->p == ',') {
            c->p++;
            continue;
        }
        if (*c->p++ == close) return 0;
        return -1;
    }
}

static int json_value(json_cursor *c, int depth) {
    if (depth > 64) return -1;
    skip_ws(c);
    if (c->p >= c->end) return -1;
    switch (*c->p) {
    case '{':
        return json_container(c, depth, '}');
    case '[':
        return json_container(c, depth, ']');
    case '"':
        return json_string(c, NULL, NULL);
    case 't':
        return (c->end - c->p >= 4 && !memcmp(c->p, "true", 4)) ? (c->p += 4, 0) : -1;
    case 'f':
        return (c->end - c->p >= 5 && !memcmp(c->p, "false", 5)) ? (c->p += 5, 0) : -1;
    case 'n':
        return (c->end - c->p >= 4 && !memcmp(c->p, "null", 4)) ? (c->p += 4, 0) : -1;
    default:
        return json_number(c);
    }
}

/* The raw value of top-level key `key` in the object line [p, end). */
static int json_member(const char *p, const char *end, const char *key, const char **v, size_t *n) {
    json_cursor c = {p, end};
    skip_ws(&c);
    if (c.p >= c.end || *c.p++ != '{') return -1;
    for (;;) {
        skip_ws(&c);
        const char *k;
        size_t kn;
        if (json_string(&c, &k, &kn)) return -1;
        skip_ws(&c);
        if (c.p >= c.end || *c.p++ != ':') return -1;
        skip_ws(&c);
        const char *vstart = c.p;
        if (json_value(&c, 1)) return -1;
        if (kn == strlen(key) && !memcmp(k, key, kn)) {
            *v = vstart;
            *n = (size_t)(c.p - vstart);
            return 0;
        }
        skip_ws(&c);
        if (c.p >= c.end || *c.p++ != ',') return -1;
    }
}

/* ---- cases ---- */

static void same_seed_same_bytes(void **state) {
    (void)state;
    static const char *formats[] = {"jsonl", "csv", "tsv"};
    for (int f = 0; f < 3; f++) {
        char args[256];
        size_t a_len, b_len, c_len;
        snprintf(args, sizeof args, "--reviews %d --seed 7 --format %s", REVIEWS, formats[f]);
        char *a = generate("a", &a_len, args);
        char *b = generate("b", &b_len, args);
        snprintf(args, sizeof args, "--reviews %d --seed 8 --format %s", REVIEWS, formats[f]);
        char *c = generate("c", &c_len, args);
        assert_true(a_len > 1000000); /* ~370 bytes a review */
        assert_int_equal(a_len, b_len);
        assert_memory_equal(a, b, a_len);
        assert_true(a_len != c_len || memcmp(a, c, a_len) != 0);
        free(a), free(b), free(c);
    }
}

static void prefix_is_stable(void **state) {
    /* A review depends on (seed, index) only: a smaller corpus is a prefix of
     * a bigger one once the tiny cell, which sits at N/4, N/2, 3N/4, is off. */
    (void)state;
    size_t small_len, big_len;
    char *small = generate("small", &small_len, "--reviews 1000 --no-tiny");
    char *big = generate("big", &big_len, "--reviews 3000 --no-tiny");
    assert_true(big_len > small_len);
    assert_memory_equal(small, big, small_len);
    free(small), free(big);
}

static void jsonl_lines_are_objects(void **state) {
    (void)state;
    size_t len;
    char *data = generate("c.jsonl", &len, "--reviews 10000 --seed 3");
    static const char *keys[] = {"id", "branch", "stars", "date", "title", "text"};
    size_t lines = 0, escaped_newlines = 0, non_ascii = 0, long_texts = 0;
    for (char *p = data, *end; p < data + len; p = end + 1) {
        end = memchr(p, '\n', (size_t)(data + len - p));
        assert_non_null(end); /* the file ends with a newline */
        json_cursor c = {p, end};
        assert_int_equal(json_value(&c, 0), 0);
        skip_ws(&c);
        assert_ptr_equal(c.p, end);
        assert_int_equal(*p, '{');
        for (size_t k = 0; k < 6; k++) {
            const char *v;
            size_t n;
            assert_int_equal(json_member(p, end, keys[k], &v, &n), 0);
            if (k == 2) assert_true(n == 1 && v[0] >= '1' && v[0] <= '5');
            if (k == 3) assert_true(n == 12 && v[5] == '-' && v[8] == '-'); /* "yyyy-mm-dd" */
            if (k == 5) {
                long_texts += n > 5000;
                for (size_t i = 0; i + 1 < n; i++)
                    escaped_newlines += v[i] == '\\' && v[i + 1] == 'n';
                for (size_t i = 0; i < n; i++)
                    non_ascii += (unsigned char)v[i] >= 0x80;
            }
        }
        lines++;
    }
    assert_int_equal(lines, 10000);
    assert_true(escaped_newlines > 0);
    assert_true(non_ascii > 0);
    assert_true(long_texts > 0);
    free(data);
}

/* Walks RFC 4180 records; returns the number of records, or -1 if a record
 * does not have `fields` fields or a quote is unbalanced or misplaced. */
static long csv_records(const char *p, const char *end, int fields) {
    long records = 0;
    while (p < end) {
        int n = 1;
        for (;;) {
            if (p < end && *p == '"') {
                p++;
                for (;;) {
                    if (p >= end) return -1; /* unterminated */
                    if (*p == '"') {
                        if (p + 1 < end && p[1] == '"') {
                            p += 2;
                            continue;
                        }
                        p++;
                        break;
                    }
                    p++;
                }
                if (p < end && *p != ',' && *p != '\n') return -1; /* text after a closing quote */
            } else {
                while (p < end && *p != ',' && *p != '\n') {
                    if (*p == '"') return -1; /* a bare quote in an unquoted field */
                    p++;
                }
            }
            if (p < end && *p == ',') {
                p++;
                n++;
                continue;
            }
            break;
        }
        if (p >= end || *p != '\n' || n != fields) return -1;
        p++;
        records++;
    }
    return records;
}

static void csv_quoting_is_balanced(void **state) {
    (void)state;
    size_t len;
    char *data = generate("c.csv", &len, "--reviews 10000 --seed 3 --format csv");
    const char header[] = "id,branch,stars,date,title,text\n";
    assert_memory_equal(data, header, sizeof header - 1);
    assert_int_equal(csv_records(data, data + len, 6), 10001);
    /* quoted fields with embedded newlines and doubled quotes exist */
    assert_non_null(strstr(data, "\"\""));
    size_t physical_lines = 0;
    for (size_t i = 0; i < len; i++)
        physical_lines += data[i] == '\n';
    assert_true(physical_lines > 10001);
    free(data);
}

static void tsv_rows_are_clean(void **state) {
    (void)state;
    size_t len;
    char *data = generate("c.tsv", &len, "--reviews 10000 --seed 3 --format tsv");
    size_t rows = 0;
    for (char *p = data, *end; p < data + len; p = end + 1) {
        end = memchr(p, '\n', (size_t)(data + len - p));
        assert_non_null(end);
        int tabs = 0;
        for (char *q = p; q < end; q++) {
            tabs += *q == '\t';
            assert_true(*q != '\r');
        }
        assert_int_equal(tabs, 5);
        rows++;
    }
    assert_int_equal(rows, 10001);
    free(data);
}

/* The value of the JSON line's field `key` as a NUL-terminated copy in buf. */
static const char *field(const char *line, const char *end, const char *key, char *buf, size_t cap) {
    const char *v;
    size_t n;
    assert_int_equal(json_member(line, end, key, &v, &n), 0);
    if (n >= 2 && v[0] == '"') v++, n -= 2;
    assert_true(n < cap);
    memcpy(buf, v, n);
    buf[n] = 0;
    return buf;
}

static void truth_matches_corpus(void **state) {
    (void)state;
    size_t len, truth_len;
    assert_int_equal(run("%s --reviews %d --seed 5 --out %s/t.jsonl --truth %s/t.json", GEN, REVIEWS, TMP, TMP), 0);
    char *data = slurp(TMP "/t.jsonl", &len);
    char *truth = slurp(TMP "/t.json", &truth_len);
    assert_non_null(data);
    assert_non_null(truth);
    json_cursor tc = {truth, truth + truth_len};
    assert_int_equal(json_value(&tc, 0), 0);
    assert_non_null(strstr(truth, "\"group\": \"branch-017\", \"theme\": \"billing\""));

    /* The planted ids, in order, from the truth file. */
    const char *ids = strstr(truth, "\"ids\": [");
    assert_non_null(ids);
    ids += 8;
    const char *ids_end = strchr(ids, ']');
    char planted[2048][16];
    size_t n_planted = 0;
    for (const char *q = ids; q < ids_end; q++) {
        if (*q != '"') continue;
        const char *close = strchr(q + 1, '"');
        assert_true(close - q - 1 < 16 && n_planted < 2048);
        memcpy(planted[n_planted], q + 1, (size_t)(close - q - 1));
        planted[n_planted++][close - q - 1] = 0;
        q = close;
    }
    assert_true(n_planted >= 3); /* ~6% of branch-017's ~150 reviews */
    char count_text[32];
    snprintf(count_text, sizeof count_text, "\"count\": %zu,", n_planted);
    assert_non_null(strstr(truth, count_text));

    /* Walk the corpus: the phrase appears exactly in the planted reviews,
     * which are 5-star reviews of branch-017; that group's mean rating is
     * above the corpus mean; the tiny group has 3 reviews, 2 of them 1-star. */
    size_t next_planted = 0, tiny_reviews = 0, tiny_negative = 0, group_reviews = 0;
    uint64_t stars_sum = 0, group_stars_sum = 0, records = 0;
    char buf[64], id[16], group[64];
    for (char *p = data, *end; p < data + len; p = end + 1) {
        end = memchr(p, '\n', (size_t)(data + len - p));
        int stars = field(p, end, "stars", buf, sizeof buf)[0] - '0';
        field(p, end, "id", id, sizeof id);
        field(p, end, "branch", group, sizeof group);
        records++;
        stars_sum += (uint64_t)stars;
        if (strcmp(group, "branch-017") == 0) group_reviews++, group_stars_sum += (uint64_t)stars;
        if (strcmp(group, "branch-051") == 0) tiny_reviews++, tiny_negative += stars == 1;
        *end = 0;
        int has_phrase = strstr(p, PHRASE) != NULL;
        *end = '\n';
        int is_planted = next_planted < n_planted && strcmp(id, planted[next_planted]) == 0;
        assert_int_equal(has_phrase, is_planted);
        if (is_planted) {
            assert_string_equal(group, "branch-017");
            assert_int_equal(stars, 5);
            next_planted++;
        }
    }
    assert_int_equal(next_planted, n_planted);
    assert_int_equal(records, REVIEWS);
    assert_int_equal(tiny_reviews, 3);
    assert_int_equal(tiny_negative, 2);
    assert_true(group_stars_sum * records > stars_sum * group_reviews);
    assert_non_null(strstr(truth, "\"tiny\": {\"group\": \"branch-051\""));
    free(data), free(truth);
}

static void lines_format_with_crlf(void **state) {
    (void)state;
    size_t len;
    char *data = generate("l.txt", &len, "--reviews 2000 --format lines --crlf");
    size_t lines = 0;
    for (char *p = data, *end; p < data + len; p = end + 1) {
        end = memchr(p, '\n', (size_t)(data + len - p));
        assert_non_null(end);
        assert_true(end > p + 1 && end[-1] == '\r');
        for (char *q = p; q < end - 1; q++)
            assert_true(*q != '\r' && *q != '\t');
        lines++;
    }
    assert_int_equal(lines, 2000);
    free(data);
}

/* A spike touches only the reviews it picks, all dated in its window:
 * every other line is byte-identical to the corpus without it, and the
 * lines that changed are exactly as many as the truth file counts. */
static void spike_changes_only_its_window(void **state) {
    (void)state;
    size_t a_len, b_len, truth_len;
    char *plain = generate("s0.jsonl", &a_len, "--reviews 10000");
    assert_int_equal(
        run("%s --reviews 10000 --spike app:2025-09-01:2025-09-14:0.3 --out %s/s1.jsonl --truth %s/s1.json", GEN, TMP,
            TMP),
        0);
    char *spiked = slurp(TMP "/s1.jsonl", &b_len);
    char *truth = slurp(TMP "/s1.json", &truth_len);
    assert_non_null(spiked);
    assert_non_null(truth);
    const char *count_at = strstr(truth, "\"theme\": \"app\", \"from\": \"2025-09-01\", \"to\": \"2025-09-14\"");
    assert_non_null(count_at);
    count_at = strstr(count_at, "\"count\": ");
    assert_non_null(count_at);
    long expected = strtol(count_at + 9, NULL, 10);
    assert_true(expected > 50); /* ~10000 * 14/365 * 0.3 = 115 */

    long changed = 0;
    char *p = plain, *q = spiked;
    while (p < plain + a_len && q < spiked + b_len) {
        char *pe = memchr(p, '\n', (size_t)(plain + a_len - p));
        char *qe = memchr(q, '\n', (size_t)(spiked + b_len - q));
        assert_non_null(pe);
        assert_non_null(qe);
        if (pe - p != qe - q || memcmp(p, q, (size_t)(pe - p)) != 0) {
            char date[16];
            field(q, qe, "date", date, sizeof date);
            assert_true(strcmp(date, "2025-09-01") >= 0 && strcmp(date, "2025-09-14") <= 0);
            changed++;
        }
        p = pe + 1, q = qe + 1;
    }
    assert_int_equal(changed, expected);
    free(plain), free(spiked), free(truth);
}

/* bench/check_truth joins an analyze output with the truth file: a found
 * planted cluster passes, a tiny cell in the top 10 or a non-planted example
 * id fails, and a missing clusters.csv is an input error. */
static void write_file(const char *path, const char *text) {
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void check_truth_judges_outputs(void **state) {
    (void)state;
    size_t truth_len;
    assert_int_equal(run("%s --reviews 5000 --seed 2 --out /dev/null --truth %s/ct.json", GEN, TMP), 0);
    char *truth = slurp(TMP "/ct.json", &truth_len);
    assert_non_null(truth);
    const char *ids = strstr(truth, "\"ids\": [\"");
    assert_non_null(ids);
    char planted_id[16] = {0};
    memcpy(planted_id, ids + 9, 8); /* "r0000123" */
    mkdir(TMP "/ct", 0755);

    static const char header[] = "rank,group,theme,reviews,complaints,incidence,peer_incidence,lift,excess,"
                                 "excess_low,q_value,significant,mean_rating,corpus_mean_rating,"
                                 "complaint_mean_rating,hidden_by_average,top_phrases,example_ids,quotes\n";
    /* a planted row: significant, hidden by the average, its example planted */
#define PLANTED(rank, sig, hidden)                                                                                     \
    rank ",branch-017,price/billing,90,5,0.06,0.02,3,3.2,1.1,0.001," sig ",4.6,4.1,5," hidden ",refund,%s,\n"
    char rows[2048];
    snprintf(rows, sizeof rows,
             "%s" PLANTED("1", "1",
                          "1") "2,branch-003,delivery,900,90,0.1,0.09,1.1,9,-2,0.6,0,4.0,4.1,2,0,late,r0000002,\n"
                               "12,branch-051,service/staff,3,2,0.66,0.2,3.3,1.4,-1,0.2,0,2.3,4.1,1,0,rude,r0001250,\n",
             header, planted_id);
    write_file(TMP "/ct/clusters.csv", rows);
    assert_int_equal(run("%s/check_truth %s/ct %s/ct.json >/dev/null", UT_BINARY_DIR, TMP, TMP), 0);

    /* the tiny cell at rank 2 fails */
    snprintf(rows, sizeof rows,
             "%s" PLANTED("1", "1",
                          "1") "2,branch-051,service/staff,3,2,0.66,0.2,3.3,1.4,-1,0.2,0,2.3,4.1,1,0,rude,r0001250,\n",
             header, planted_id);
    write_file(TMP "/ct/clusters.csv", rows);
    assert_int_equal(run("%s/check_truth %s/ct %s/ct.json >/dev/null", UT_BINARY_DIR, TMP, TMP), 1);

    /* a significant cell the truth does not explain fails */
    snprintf(rows, sizeof rows,
             "%s" PLANTED("1", "1",
                          "1") "2,branch-003,delivery,900,90,0.1,0.05,2,45,20,0.001,1,4.0,4.1,2,0,late,r0000002,\n",
             header, planted_id);
    write_file(TMP "/ct/clusters.csv", rows);
    assert_int_equal(run("%s/check_truth %s/ct %s/ct.json >/dev/null", UT_BINARY_DIR, TMP, TMP), 1);

    /* the planted cell not significant, or not hidden by the average, fails */
    snprintf(rows, sizeof rows, "%s" PLANTED("1", "0", "1"), header, planted_id);
    write_file(TMP "/ct/clusters.csv", rows);
    assert_int_equal(run("%s/check_truth %s/ct %s/ct.json >/dev/null", UT_BINARY_DIR, TMP, TMP), 1);
    snprintf(rows, sizeof rows, "%s" PLANTED("1", "1", "0"), header, planted_id);
    write_file(TMP "/ct/clusters.csv", rows);
    assert_int_equal(run("%s/check_truth %s/ct %s/ct.json >/dev/null", UT_BINARY_DIR, TMP, TMP), 1);

    /* an example id that was not planted fails; so does a low rank */
    snprintf(rows, sizeof rows,
             "%s1,branch-001,delivery,900,90,0.1,0.09,1.1,9,-2,0.6,0,4.0,4.1,2,0,late,r0000002,\n"
             "2,branch-002,food,900,90,0.1,0.09,1.1,9,-2,0.6,0,4.0,4.1,2,0,cold,r0000003,\n"
             "3,branch-004,wait,900,90,0.1,0.09,1.1,9,-2,0.6,0,4.0,4.1,2,0,slow,r0000004,\n"
             "4,branch-017,billing,90,5,0.06,0.02,3,3.2,1.1,0.001,1,4.6,4.1,5,1,refund,r0000001,\n",
             header);
    write_file(TMP "/ct/clusters.csv", rows);
    assert_int_equal(run("%s/check_truth %s/ct %s/ct.json >/dev/null", UT_BINARY_DIR, TMP, TMP), 1);
    assert_int_equal(run("%s/check_truth %s/ct %s/ct.json --top 4 >/dev/null", UT_BINARY_DIR, TMP, TMP),
                     strcmp(planted_id, "r0000001") == 0 ? 0 : 1);
#undef PLANTED

    assert_int_equal(run("%s/check_truth %s/nowhere %s/ct.json 2>/dev/null", UT_BINARY_DIR, TMP, TMP), 2);
    free(truth);
}

static void custom_plants_and_switches(void **state) {
    (void)state;
    size_t len;
    char *data = generate("p.csv", &len,
                          "--reviews 5000 --groups 20 --format csv --no-tiny --delivery-share 0 "
                          "--plant 'branch-003:app:0.5:The app, sadly, \"forgot\" my order.'");
    /* half of branch-003 (the 3rd largest group, ~10%) carries the phrase, CSV-quoted */
    size_t hits = 0;
    for (const char *q = data; (q = strstr(q, "The app, sadly, \"\"forgot\"\" my order.")); q++)
        hits++;
    assert_true(hits > 100 && hits < 500);
    assert_null(strstr(data, "branch-021")); /* no tiny group */
    free(data);
}

/* --plant-add keeps the stars and the group's star mix; "@THEME" varies the
 * sentence; --worse-group lowers a group's stars; a spike with a group
 * touches that group only. */
static void plant_kinds(void **state) {
    (void)state;
    size_t len;
    char *plain = generate("k0.jsonl", &len, "--reviews 4000 --groups 10 --no-tiny --no-plant");
    char *added =
        generate("k1.jsonl", &len, "--reviews 4000 --groups 10 --no-tiny --plant-add 'branch-002:staff:0.3:@staff'");
    char *worse =
        generate("k2.jsonl", &len, "--reviews 4000 --groups 10 --no-tiny --no-plant --worse-group branch-001");
    /* added complaints change texts, never stars, and only branch-002's */
    size_t changed = 0, stars_changed = 0;
    const char *p = plain, *q = added;
    char star_p[4], star_q[4], group[16];
    while (*p && *q) {
        const char *pe = strchr(p, '\n'), *qe = strchr(q, '\n');
        assert_non_null(pe);
        assert_non_null(qe);
        if (pe - p != qe - q || memcmp(p, q, (size_t)(pe - p)) != 0) {
            field(q, qe, "branch", group, sizeof group);
            assert_string_equal(group, "branch-002");
            changed++;
        }
        field(p, pe, "stars", star_p, sizeof star_p);
        field(q, qe, "stars", star_q, sizeof star_q);
        stars_changed += strcmp(star_p, star_q) != 0;
        p = pe + 1, q = qe + 1;
    }
    assert_true(changed > 50);
    assert_int_equal(stars_changed, 0);
    /* the worse group has more 1-star reviews than before, others the same */
    size_t ones_plain = 0, ones_worse = 0;
    for (p = plain; (p = strstr(p, "\"branch-001\",\"stars\":1,")); p++)
        ones_plain++;
    for (p = worse; (p = strstr(p, "\"branch-001\",\"stars\":1,")); p++)
        ones_worse++;
    assert_true(ones_worse > ones_plain + ones_plain / 2);
    free(plain), free(added), free(worse);
    /* the truth file says what was planted */
    assert_int_equal(run("%s --reviews 4000 --groups 10 --no-tiny --plant-add 'branch-002:staff:0.3:@staff' "
                         "--worse-group branch-001 --spike wait:2025-03-01:2025-03-31:0.5:branch-004 "
                         "--out /dev/null --truth %s/kt.json",
                         GEN, TMP),
                     0);
    size_t tl;
    char *truth = slurp(TMP "/kt.json", &tl);
    assert_non_null(strstr(truth, "\"mode\": \"add\""));
    assert_non_null(strstr(truth, "\"worse_groups\": [\"branch-001\"]"));
    assert_non_null(strstr(truth, "\"group\": \"branch-004\", \"share\": 0.500000"));
    free(truth);
}

static void bad_arguments_are_usage_errors(void **state) {
    (void)state;
    assert_int_equal(run("%s --format xml --out /dev/null 2>/dev/null", GEN), 2);
    assert_int_equal(run("%s --reviews -5 --out /dev/null 2>/dev/null", GEN), 2);
    assert_int_equal(run("%s --reviews 10 --plant nonsense --out /dev/null 2>/dev/null", GEN), 2);
    assert_int_equal(run("%s --reviews 10 --plant branch-099:x:0.1:y --out /dev/null 2>/dev/null", GEN), 2);
    assert_int_equal(run("%s --reviews 10 --plant branch-001:x:1.5:y --out /dev/null 2>/dev/null", GEN), 2);
    assert_int_equal(run("%s --reviews 10 --tiny-group branch-002 --out /dev/null 2>/dev/null", GEN), 2);
    assert_int_equal(run("%s --reviews 10 --spike nope:2025-01-01:2025-01-02:0.1 --out /dev/null 2>/dev/null", GEN), 2);
    assert_int_equal(run("%s --reviews 10 --spike app:2025-02-01:2025-01-02:0.1 --out /dev/null 2>/dev/null", GEN), 2);
    assert_int_equal(
        run("%s --reviews 10 --spike app:2025-01-01:2025-01-02:0.1:nowhere --out /dev/null 2>/dev/null", GEN), 2);
    assert_int_equal(run("%s --reviews 10 --plant branch-001:x:0.1:@nosuchtheme --out /dev/null 2>/dev/null", GEN), 2);
    assert_int_equal(run("%s --reviews 10 --worse-group nowhere --out /dev/null 2>/dev/null", GEN), 2);
    assert_int_equal(run("%s --reviews 10 --spike app:2025-02-30:2025-03-02:0.1 --out /dev/null 2>/dev/null", GEN), 2);
    assert_int_equal(run("%s --reviews 10 --out /nonexistent/dir/x 2>/dev/null", GEN), 1);
    assert_int_equal(run("%s --help >/dev/null", GEN), 0);
    assert_int_equal(run("%s --reviews 0 --out /dev/null", GEN), 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(same_seed_same_bytes),       cmocka_unit_test(prefix_is_stable),
        cmocka_unit_test(jsonl_lines_are_objects),    cmocka_unit_test(csv_quoting_is_balanced),
        cmocka_unit_test(tsv_rows_are_clean),         cmocka_unit_test(truth_matches_corpus),
        cmocka_unit_test(custom_plants_and_switches), cmocka_unit_test(bad_arguments_are_usage_errors),
        cmocka_unit_test(lines_format_with_crlf),     cmocka_unit_test(spike_changes_only_its_window),
        cmocka_unit_test(check_truth_judges_outputs), cmocka_unit_test(plant_kinds),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
