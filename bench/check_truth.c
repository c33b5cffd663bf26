/* check_truth.c — scores an `undertone analyze` output directory against the
 * ground truth that bench/gen wrote, so "did the planted problem surface?"
 * is one command with an exit status instead of a look at a spreadsheet.
 *
 * The idea: the generator knows exactly what it planted (truth.json); the
 * engine's clusters.csv and groups.csv say what it found. This tool joins the
 * two by group and theme and checks the expectations the truth file states:
 *  - each planted cluster ranks within the top N rows of clusters.csv
 *    (default 3), most of its example ids are planted ids, and its group's mean
 *    rating is above the corpus mean (the average hides the problem);
 *  - the tiny cell (3 reviews) is not in the top 10 rows;
 *  - no group-level cluster of the proportionate theme (delivery) is in the
 *    top 10 rows.
 * A truth theme ("billing") matches an engine theme whose path has it as a
 * component ("price/billing"). Reads RFC 4180 CSV and JSON with small
 * readers of its own, so it needs nothing but the C library.
 *
 * Usage: check_truth OUT_DIR TRUTH.json [--top N] [--tiny-top N]
 * Exit status: 0 all expectations hold, 1 one failed, 2 usage or input error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- a small JSON reader (a tree of values) ---- */

typedef enum { J_NULL, J_BOOL, J_NUMBER, J_STRING, J_ARRAY, J_OBJECT } json_kind;

typedef struct json {
    json_kind kind;
    char *str; /* J_STRING: decoded (\uXXXX below 0x80 only; others kept as '?') */
    double num;
    struct json **items; /* J_ARRAY, J_OBJECT values */
    char **keys;         /* J_OBJECT */
    size_t n;
} json;

typedef struct json_reader {
    const char *p, *end;
    int failed;
} json_reader;

static void json_free(json *v) {
    if (!v) return;
    for (size_t i = 0; i < v->n; i++) {
        json_free(v->items[i]);
        if (v->keys) free(v->keys[i]);
    }
    free(v->items);
    free(v->keys);
    free(v->str);
    free(v);
}

static void skip_ws(json_reader *r) {
    while (r->p < r->end && (*r->p == ' ' || *r->p == '\n' || *r->p == '\r' || *r->p == '\t'))
        r->p++;
}

static char *read_string(json_reader *r) {
    if (r->p >= r->end || *r->p != '"') return r->failed = 1, NULL;
    r->p++;
    size_t cap = 16, len = 0;
    char *s = malloc(cap);
    while (s && r->p < r->end && *r->p != '"') {
        char c = *r->p++;
        if (c == '\\' && r->p < r->end) {
            char e = *r->p++;
            c = e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e == 'b' ? '\b' : e == 'f' ? '\f' : e;
            if (e == 'u') {
                unsigned v = 0;
                for (int k = 0; k < 4 && r->p < r->end; k++, r->p++)
                    v = v * 16 + (unsigned)(*r->p <= '9' ? *r->p - '0' : (*r->p | 32) - 'a' + 10);
                c = v < 0x80 ? (char)v : '?';
            }
        }
        if (len + 2 > cap) {
            char *grown = realloc(s, cap *= 2);
            if (!grown) return free(s), r->failed = 1, NULL;
            s = grown;
        }
        s[len++] = c;
    }
    if (!s || r->p >= r->end) return free(s), r->failed = 1, NULL;
    r->p++;
    s[len] = 0;
    return s;
}

static json *read_value(json_reader *r, int depth);

static int push(json *v, char *key, json *item) {
    void *items = realloc(v->items, (v->n + 1) * sizeof *v->items);
    if (!items) return -1;
    v->items = items;
    if (v->kind == J_OBJECT) {
        void *keys = realloc(v->keys, (v->n + 1) * sizeof *v->keys);
        if (!keys) return -1;
        v->keys = keys;
        v->keys[v->n] = key;
    }
    v->items[v->n++] = item;
    return 0;
}

static json *read_container(json_reader *r, int depth, json_kind kind) {
    json *v = calloc(1, sizeof *v);
    if (!v) return r->failed = 1, NULL;
    v->kind = kind;
    char close = kind == J_OBJECT ? '}' : ']';
    r->p++;
    skip_ws(r);
    if (r->p < r->end && *r->p == close) return r->p++, v;
    while (!r->failed) {
        char *key = NULL;
        skip_ws(r);
        if (kind == J_OBJECT) {
            key = read_string(r);
            skip_ws(r);
            if (!key || r->p >= r->end || *r->p++ != ':') {
                free(key);
                break;
            }
        }
        json *item = read_value(r, depth + 1);
        if (!item || push(v, key, item)) {
            free(key);
            json_free(item);
            break;
        }
        skip_ws(r);
        if (r->p < r->end && *r->p == ',') {
            r->p++;
            continue;
        }
        if (r->p < r->end && *r->p == close) return r->p++, v;
        break;
    }
    r->failed = 1;
    json_free(v);
    return NULL;
}

static json *read_value(json_reader *r, int depth) {
    skip_ws(r);
    if (depth > 64 || r->p >= r->end) return r->failed = 1, NULL;
    if (*r->p == '{') return read_container(r, depth, J_OBJECT);
    if (*r->p == '[') return read_container(r, depth, J_ARRAY);
    json *v = calloc(1, sizeof *v);
    if (!v) return r->failed = 1, NULL;
    if (*r->p == '"') {
        v->kind = J_STRING;
        if (!(v->str = read_string(r))) return free(v), NULL;
    } else if (r->end - r->p >= 4 && !memcmp(r->p, "null", 4)) {
        r->p += 4;
    } else if (r->end - r->p >= 4 && !memcmp(r->p, "true", 4)) {
        v->kind = J_BOOL, v->num = 1, r->p += 4;
    } else if (r->end - r->p >= 5 && !memcmp(r->p, "false", 5)) {
        v->kind = J_BOOL, r->p += 5;
    } else {
        char *end;
        v->kind = J_NUMBER;
        v->num = strtod(r->p, &end);
        if (end == r->p) return free(v), r->failed = 1, NULL;
        r->p = end;
    }
    return v;
}

static const json *get(const json *v, const char *key) {
    if (!v || v->kind != J_OBJECT) return NULL;
    for (size_t i = 0; i < v->n; i++)
        if (strcmp(v->keys[i], key) == 0) return v->items[i];
    return NULL;
}

static const char *get_str(const json *v, const char *key) {
    const json *s = get(v, key);
    return s && s->kind == J_STRING ? s->str : NULL;
}

/* ---- a small RFC 4180 CSV reader (the whole file as rows of fields) ---- */

typedef struct csv {
    char ***rows; /* rows[i][j], NUL-terminated fields */
    size_t *widths;
    size_t n_rows;
} csv;

static void csv_free(csv *c) {
    for (size_t i = 0; i < c->n_rows; i++) {
        for (size_t j = 0; j < c->widths[i]; j++)
            free(c->rows[i][j]);
        free(c->rows[i]);
    }
    free(c->rows);
    free(c->widths);
}

static char *slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 16, n = 0;
    char *data = malloc(cap);
    size_t got;
    while (data && (got = fread(data + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char *grown = realloc(data, cap *= 2);
            if (!grown) free(data);
            data = grown;
        }
    }
    fclose(f);
    if (data) *len = n;
    return data;
}

static int csv_read(csv *c, const char *path) {
    size_t len;
    char *data = slurp(path, &len);
    memset(c, 0, sizeof *c);
    if (!data) return -1;
    size_t i = 0;
    char *field = malloc(len + 1);
    while (field && i < len) {
        char **row = NULL;
        size_t width = 0;
        for (;;) { /* one field */
            size_t flen = 0;
            if (i < len && data[i] == '"') {
                for (i++; i < len; i++) {
                    if (data[i] == '"') {
                        if (i + 1 < len && data[i + 1] == '"') {
                            field[flen++] = '"', i++;
                            continue;
                        }
                        i++;
                        break;
                    }
                    field[flen++] = data[i];
                }
            }
            while (i < len && data[i] != ',' && data[i] != '\n') {
                if (data[i] != '\r') field[flen++] = data[i];
                i++;
            }
            field[flen] = 0;
            char **grown = realloc(row, (width + 1) * sizeof *row);
            if (!grown) break;
            row = grown;
            row[width++] = strdup(field);
            if (i < len && data[i] == ',') {
                i++;
                continue;
            }
            i++; /* the newline */
            break;
        }
        char ***rows = realloc(c->rows, (c->n_rows + 1) * sizeof *rows);
        size_t *widths = realloc(c->widths, (c->n_rows + 1) * sizeof *widths);
        if (rows) c->rows = rows;
        if (widths) c->widths = widths;
        if (!rows || !widths) break;
        c->rows[c->n_rows] = row;
        c->widths[c->n_rows++] = width;
    }
    free(field);
    free(data);
    return 0;
}

/* Column index of `name` in the header row, or -1. */
static int column(const csv *c, const char *name) {
    if (!c->n_rows) return -1;
    for (size_t j = 0; j < c->widths[0]; j++)
        if (strcmp(c->rows[0][j], name) == 0) return (int)j;
    return -1;
}

static const char *cell(const csv *c, size_t row, int col) {
    return col >= 0 && (size_t)col < c->widths[row] ? c->rows[row][col] : "";
}

/* "billing" matches "billing", "price/billing", "billing/refunds". */
/* The row's rank as clusters.csv states it (its row number if unreadable). */
static long rank_of(const csv *c, size_t row, int c_rank) {
    long r = strtol(cell(c, row, c_rank), NULL, 10);
    return r > 0 ? r : (long)row;
}

static int theme_matches(const char *engine_theme, const char *truth_theme) {
    size_t n = strlen(truth_theme);
    for (const char *p = engine_theme; (p = strstr(p, truth_theme)); p++) {
        int starts = p == engine_theme || p[-1] == '/';
        int ends = p[n] == 0 || p[n] == '/';
        if (starts && ends) return 1;
    }
    return 0;
}

static int id_in(const json *ids, const char *id) {
    for (size_t i = 0; ids && i < ids->n; i++)
        if (ids->items[i]->kind == J_STRING && strcmp(ids->items[i]->str, id) == 0) return 1;
    return 0;
}

int main(int argc, char **argv) {
    const char *out_dir = NULL, *truth_path = NULL;
    long top = 3, tiny_top = 10;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--top") == 0 && i + 1 < argc)
            top = strtol(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--tiny-top") == 0 && i + 1 < argc)
            tiny_top = strtol(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            puts("usage: check_truth OUT_DIR TRUTH.json [--top N] [--tiny-top N]\n"
                 "Checks undertone's clusters.csv and groups.csv in OUT_DIR against bench/gen's truth file:\n"
                 "planted clusters within the top N rows (default 3), most of their example ids planted, their\n"
                 "group's mean rating above the corpus mean; the tiny cell and group-level clusters of the\n"
                 "proportionate theme outside the top --tiny-top rows (default 10).\n"
                 "Exit status 0: all hold; 1: one failed; 2: usage or unreadable input.");
            return 0;
        } else if (!out_dir)
            out_dir = argv[i];
        else if (!truth_path)
            truth_path = argv[i];
        else
            return fprintf(stderr, "check_truth: unexpected argument %s\n", argv[i]), 2;
    }
    if (!out_dir || !truth_path || top < 1 || tiny_top < 1)
        return fprintf(stderr, "usage: check_truth OUT_DIR TRUTH.json [--top N] [--tiny-top N]\n"), 2;

    size_t truth_len;
    char *truth_text = slurp(truth_path, &truth_len);
    if (!truth_text) return fprintf(stderr, "check_truth: cannot read %s\n", truth_path), 2;
    json_reader reader = {truth_text, truth_text + truth_len, 0};
    json *truth = read_value(&reader, 0);
    free(truth_text);
    if (!truth || truth->kind != J_OBJECT) {
        json_free(truth);
        return fprintf(stderr, "check_truth: %s is not a JSON object\n", truth_path), 2;
    }

    char path[4096];
    csv clusters, groups;
    snprintf(path, sizeof path, "%s/clusters.csv", out_dir);
    int bad_input = csv_read(&clusters, path) != 0 || column(&clusters, "rank") < 0;
    if (bad_input) fprintf(stderr, "check_truth: cannot read %s (or it has no rank column)\n", path);
    snprintf(path, sizeof path, "%s/groups.csv", out_dir);
    if (csv_read(&groups, path) != 0) memset(&groups, 0, sizeof groups); /* optional */
    if (bad_input) {
        csv_free(&clusters);
        json_free(truth);
        return 2;
    }
    int c_rank = column(&clusters, "rank"), c_group = column(&clusters, "group"), c_theme = column(&clusters, "theme");
    int c_ids = column(&clusters, "example_ids");
    int g_group = column(&groups, "group"), g_rating = column(&groups, "mean_rating");
    int failures = 0;

    const json *corpus_mean = get(truth, "corpus_mean_stars");
    if (corpus_mean && corpus_mean->kind != J_NUMBER) corpus_mean = NULL; /* null for an empty corpus */
    const json *planted = get(truth, "planted");
    for (size_t k = 0; planted && k < planted->n; k++) {
        const json *pl = planted->items[k];
        const char *group = get_str(pl, "group"), *theme = get_str(pl, "theme");
        if (!group || !theme) continue;
        size_t row = 0, group_rank = 0, group_rows = 0;
        for (size_t i = 1; i < clusters.n_rows; i++) {
            int group_row = cell(&clusters, i, c_group)[0] != 0;
            group_rows += group_row;
            if (strcmp(cell(&clusters, i, c_group), group) == 0 && theme_matches(cell(&clusters, i, c_theme), theme)) {
                row = i, group_rank = group_rows;
                break;
            }
        }
        if (!row) {
            failures++;
            printf("FAIL planted %s/%s: not in clusters.csv\n", group, theme);
            continue;
        }
        long rank = rank_of(&clusters, row, c_rank);
        int ok = rank <= top;
        failures += !ok;
        printf("%s planted %s/%s: rank %ld of %zu (%zu among group rows; must be <= %ld), theme %s\n",
               ok ? "ok  " : "FAIL", group, theme, rank, clusters.n_rows - 1, group_rank, top,
               cell(&clusters, row, c_theme));
        /* example ids: planted ones */
        const json *ids = get(pl, "ids");
        char *examples = strdup(cell(&clusters, row, c_ids));
        size_t n_examples = 0, n_planted = 0;
        for (char *tok = examples ? strtok(examples, "; ") : NULL; tok; tok = strtok(NULL, "; "))
            n_examples++, n_planted += id_in(ids, tok);
        free(examples);
        /* most, not all: the group also has a few ordinary billing complaints */
        int ids_ok = n_examples > 0 && 2 * n_planted > n_examples;
        failures += !ids_ok;
        printf("%s   example ids planted: %zu of %zu\n", ids_ok ? "ok  " : "FAIL", n_planted, n_examples);
        /* the average hides it */
        for (size_t i = 1; corpus_mean && g_group >= 0 && g_rating >= 0 && i < groups.n_rows; i++) {
            if (strcmp(cell(&groups, i, g_group), group) != 0) continue;
            double mean = strtod(cell(&groups, i, g_rating), NULL);
            int hidden = mean > corpus_mean->num;
            failures += !hidden;
            printf("%s   group mean rating %.4f vs corpus %.4f\n", hidden ? "ok  " : "FAIL", mean, corpus_mean->num);
        }
    }

    const char *tiny_group = get_str(get(truth, "tiny"), "group");
    if (tiny_group) {
        size_t first = 0;
        for (size_t i = 1; i < clusters.n_rows && !first; i++)
            if (strcmp(cell(&clusters, i, c_group), tiny_group) == 0) first = i;
        int ok = !first || rank_of(&clusters, first, c_rank) > tiny_top;
        failures += !ok;
        if (first)
            printf("%s tiny cell %s (3 reviews): first at rank %ld (must be > %ld)\n", ok ? "ok  " : "FAIL", tiny_group,
                   rank_of(&clusters, first, c_rank), tiny_top);
        else
            printf("ok   tiny cell %s (3 reviews): not in clusters.csv\n", tiny_group);
    }

    const json *proportionate = get(truth, "proportionate");
    for (size_t k = 0; proportionate && k < proportionate->n; k++) {
        const char *theme = get_str(proportionate->items[k], "theme");
        if (!theme) continue;
        size_t first = 0;
        for (size_t i = 1; i < clusters.n_rows && !first; i++)
            if (cell(&clusters, i, c_group)[0] && theme_matches(cell(&clusters, i, c_theme), theme)) first = i;
        int ok = !first || rank_of(&clusters, first, c_rank) > tiny_top;
        failures += !ok;
        if (first)
            printf("%s proportionate %s: first group-level row at rank %ld (%s, %s; must be > %ld)\n",
                   ok ? "ok  " : "FAIL", theme, rank_of(&clusters, first, c_rank), cell(&clusters, first, c_group),
                   cell(&clusters, first, c_theme), tiny_top);
        else
            printf("ok   proportionate %s: no group-level row\n", theme);
    }

    csv_free(&clusters);
    csv_free(&groups);
    json_free(truth);
    printf("%s\n", failures ? "some expectations failed" : "all expectations hold");
    return failures ? 1 : 0;
}
