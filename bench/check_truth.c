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

/* Days since 1970-01-01 of "yyyy-mm-dd" (or "yyyy-mm": its first day). */
static long days_of(const char *s) {
    int y = 0, m = 0, d = 1;
    if (sscanf(s, "%d-%d-%d", &y, &m, &d) < 2) return -1;
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400, mp = (m + 9) % 12;
    long doy = (153 * mp + 2) / 5 + d - 1, doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* The days a bucket label covers: a month ("2025-03"), a week (its Monday,
 * with `weekly`) or a day. */
static void bucket_days(const char *label, int weekly, long *first, long *last) {
    *first = days_of(label);
    if (strlen(label) == 7) {
        char next[32];
        int y = 0, m = 0;
        sscanf(label, "%d-%d", &y, &m);
        snprintf(next, sizeof next, "%04d-%02d", m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1);
        *last = days_of(next) - 1;
    } else {
        *last = *first + (weekly ? 6 : 0);
    }
}

/* Whether `ancestor` is `theme` or a path prefix of it ("price" of
 * "price/billing"). */
static int theme_within(const char *theme, const char *ancestor) {
    size_t n = strlen(ancestor);
    return strncmp(theme, ancestor, n) == 0 && (theme[n] == 0 || theme[n] == '/');
}

/* Whether a significant cell is explained by the truth: the engine theme
 * of a planted cell in its group (found in clusters.csv), or a parent or a
 * sub-theme of it, or "other" in a planted group (a complaint sentence may
 * be read as a second clause naming no theme); or any cell of a group
 * planted worse at everything. */
static int explained(const json *truth, const csv *clusters, int c_group, int c_theme, const char *group,
                     const char *theme) {
    const json *planted = get(truth, "planted");
    for (size_t k = 0; planted && k < planted->n; k++) {
        const char *g = get_str(planted->items[k], "group"), *t = get_str(planted->items[k], "theme");
        if (!g || !t || strcmp(g, group) != 0) continue;
        if (theme_matches(theme, t) || strcmp(theme, "other") == 0) return 1;
        for (size_t i = 1; i < clusters->n_rows; i++) {
            const char *row_theme = cell(clusters, i, c_theme);
            if (strcmp(cell(clusters, i, c_group), g) != 0 || !theme_matches(row_theme, t)) continue;
            if (theme_within(row_theme, theme) || theme_within(theme, row_theme)) return 1;
        }
    }
    const json *worse = get(truth, "worse_groups");
    for (size_t k = 0; worse && k < worse->n; k++)
        if (worse->items[k]->kind == J_STRING && strcmp(worse->items[k]->str, group) == 0) return 1;
    /* a spike in one group raises its complaints over the whole period too */
    const json *spikes = get(truth, "spikes");
    for (size_t k = 0; spikes && k < spikes->n; k++) {
        const char *g = get_str(spikes->items[k], "group"), *t = get_str(spikes->items[k], "theme");
        if (g && t && strcmp(g, group) == 0 && (theme_matches(theme, t) || strstr(t, theme) == t)) return 1;
        if (g && t && strcmp(g, group) == 0 && strchr(theme, '/') == NULL && strcmp(theme, "other") != 0) {
            /* a parent of the spiked theme: "service" of "service/wait" */
            for (size_t i = 1; i < clusters->n_rows; i++)
                if (theme_matches(cell(clusters, i, c_theme), t) && theme_within(cell(clusters, i, c_theme), theme))
                    return 1;
        }
    }
    return 0;
}

/* The plant seen through another theme: most of the cell's example ids are
 * planted reviews (a planted sentence can name two themes, "the refund
 * never arrived" names delivery too). */
static int plant_echo(const json *truth, const char *group, const char *example_ids) {
    const json *planted = get(truth, "planted");
    for (size_t k = 0; planted && k < planted->n; k++) {
        const char *g = get_str(planted->items[k], "group");
        if (!g || strcmp(g, group) != 0) continue;
        char *examples = strdup(example_ids);
        size_t n = 0, hits = 0;
        for (char *tok = examples ? strtok(examples, "; ") : NULL; tok; tok = strtok(NULL, "; "))
            n++, hits += id_in(get(planted->items[k], "ids"), tok);
        free(examples);
        if (n && 2 * hits > n) return 1;
    }
    return 0;
}

int main(int argc, char **argv) {
    const char *out_dir = NULL, *truth_path = NULL;
    long top = 3, tiny_top = 10;
    int weekly = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--top") == 0 && i + 1 < argc)
            top = strtol(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--tiny-top") == 0 && i + 1 < argc)
            tiny_top = strtol(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--weekly") == 0)
            weekly = 1;
        else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            puts("usage: check_truth OUT_DIR TRUTH.json [--top N] [--tiny-top N] [--weekly]\n"
                 "Checks undertone's clusters.csv, groups.csv and trends.csv in OUT_DIR against bench/gen's truth\n"
                 "file: each planted cluster significant and within the top N rows (default 3), most of its\n"
                 "example ids planted, and (glowing plants) hidden by its group's average; no significant cell\n"
                 "that the truth does not explain (a planted cell or a --worse-group group); the tiny cell and\n"
                 "the proportionate theme never significant, the tiny cell outside the top --tiny-top rows\n"
                 "(default 10); each spike raising an alert in its window (for its group, or the corpus), and\n"
                 "no other alert (--weekly: trends.csv has weekly buckets). The last line sums it up for\n"
                 "bench/clusters.sh: \"summary: plants=P top3=. top5=. top6=. ranked3=. ranked6=. false_clusters=F\n"
                 "spikes=S spikes_found=. false_alerts=A\" (topK: significant and within the top K; rankedK:\n"
                 "within the top K, significant or not).\n"
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
        return fprintf(stderr, "usage: check_truth OUT_DIR TRUTH.json [--top N] [--tiny-top N] [--weekly]\n"), 2;

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
    csv clusters, trends;
    snprintf(path, sizeof path, "%s/clusters.csv", out_dir);
    int bad_input = csv_read(&clusters, path) != 0 || column(&clusters, "rank") < 0 ||
                    column(&clusters, "significant") < 0 || column(&clusters, "hidden_by_average") < 0;
    if (bad_input) fprintf(stderr, "check_truth: cannot read %s (or it lacks the rank/significant columns)\n", path);
    snprintf(path, sizeof path, "%s/trends.csv", out_dir);
    if (csv_read(&trends, path) != 0) memset(&trends, 0, sizeof trends); /* optional */
    if (bad_input) {
        csv_free(&clusters);
        csv_free(&trends);
        json_free(truth);
        return 2;
    }
    int c_rank = column(&clusters, "rank"), c_group = column(&clusters, "group"), c_theme = column(&clusters, "theme");
    int c_ids = column(&clusters, "example_ids"), c_sig = column(&clusters, "significant");
    int c_hidden = column(&clusters, "hidden_by_average"), c_complaints = column(&clusters, "complaints");
    int failures = 0, n_plants = 0, top3 = 0, top5 = 0, top6 = 0, ranked3 = 0, ranked6 = 0, false_clusters = 0;

    const json *planted = get(truth, "planted");
    for (size_t k = 0; planted && k < planted->n; k++) {
        const json *pl = planted->items[k];
        const char *group = get_str(pl, "group"), *theme = get_str(pl, "theme"), *mode = get_str(pl, "mode");
        if (!group || !theme) continue;
        n_plants++;
        size_t row = 0;
        for (size_t i = 1; i < clusters.n_rows && !row; i++)
            if (strcmp(cell(&clusters, i, c_group), group) == 0 && theme_matches(cell(&clusters, i, c_theme), theme))
                row = i;
        if (!row) {
            failures++;
            printf("FAIL planted %s/%s: not in clusters.csv\n", group, theme);
            continue;
        }
        long rank = rank_of(&clusters, row, c_rank);
        int significant = strcmp(cell(&clusters, row, c_sig), "1") == 0;
        top3 += rank <= 3 && significant, top5 += rank <= 5 && significant, top6 += rank <= 6 && significant;
        ranked3 += rank <= 3, ranked6 += rank <= 6;
        int ok = rank <= top && significant;
        failures += !ok;
        printf("%s planted %s/%s: rank %ld of %zu (must be <= %ld), %s, theme %s\n", ok ? "ok  " : "FAIL", group, theme,
               rank, clusters.n_rows - 1, top, significant ? "significant" : "NOT significant",
               cell(&clusters, row, c_theme));
        /* example ids: planted ones */
        const json *ids = get(pl, "ids");
        char *examples = strdup(cell(&clusters, row, c_ids));
        size_t n_examples = 0, n_planted = 0;
        for (char *tok = examples ? strtok(examples, "; ") : NULL; tok; tok = strtok(NULL, "; "))
            n_examples++, n_planted += id_in(ids, tok);
        free(examples);
        /* Most, where the plant is most of the cell's complaints (the group
         * has ordinary complaints of the theme too, and its 1-star ones are
         * more negative than a glowing review's); else at least one. */
        const json *count = get(pl, "count");
        double complaints = strtod(cell(&clusters, row, c_complaints), NULL);
        int mostly = count && count->kind == J_NUMBER && complaints > 0 && count->num >= 0.6 * complaints;
        int ids_ok = n_examples > 0 && (mostly ? 2 * n_planted > n_examples : n_planted > 0);
        failures += !ids_ok;
        printf("%s   example ids planted: %zu of %zu (%s)\n", ids_ok ? "ok  " : "FAIL", n_planted, n_examples,
               mostly ? "most must be" : "one must be");
        if (!mode || strcmp(mode, "glow") == 0) { /* glowing reviews: the average hides it */
            int hidden = strcmp(cell(&clusters, row, c_hidden), "1") == 0;
            failures += !hidden;
            printf("%s   hidden_by_average = %d\n", hidden ? "ok  " : "FAIL", hidden);
        }
    }

    for (size_t i = 1; i < clusters.n_rows; i++) {
        if (strcmp(cell(&clusters, i, c_sig), "1") != 0) continue;
        if (explained(truth, &clusters, c_group, c_theme, cell(&clusters, i, c_group), cell(&clusters, i, c_theme)) ||
            plant_echo(truth, cell(&clusters, i, c_group), cell(&clusters, i, c_ids)))
            continue;
        false_clusters++;
        if (false_clusters <= 5)
            printf("FAIL false cluster: rank %ld %s/%s is significant\n", rank_of(&clusters, i, c_rank),
                   cell(&clusters, i, c_group), cell(&clusters, i, c_theme));
    }
    failures += false_clusters > 0;
    if (!false_clusters) printf("ok   no significant cell that the truth does not explain\n");

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
            if (theme_matches(cell(&clusters, i, c_theme), theme) && strcmp(cell(&clusters, i, c_sig), "1") == 0 &&
                !explained(truth, &clusters, c_group, c_theme, cell(&clusters, i, c_group),
                           cell(&clusters, i, c_theme)) &&
                !plant_echo(truth, cell(&clusters, i, c_group), cell(&clusters, i, c_ids)))
                first = i;
        failures += first != 0;
        if (first)
            printf("FAIL proportionate %s: %s/%s is significant (rank %ld)\n", theme, cell(&clusters, first, c_group),
                   cell(&clusters, first, c_theme), rank_of(&clusters, first, c_rank));
        else
            printf("ok   proportionate %s: no group stands out\n", theme);
    }

    /* trends: each spike alerts in its window; nothing else alerts */
    const json *spikes = get(truth, "spikes");
    int n_spikes = spikes ? (int)spikes->n : 0, spikes_found = 0, false_alerts = 0;
    int t_bucket = column(&trends, "bucket"), t_group = column(&trends, "group"), t_theme = column(&trends, "theme");
    int t_alert = column(&trends, "alert");
    int *found = calloc((size_t)n_spikes + 1, sizeof *found);
    for (size_t i = 1; trends.n_rows && t_alert >= 0 && i < trends.n_rows; i++) {
        if (strcmp(cell(&trends, i, t_alert), "1") != 0) continue;
        long first, last;
        bucket_days(cell(&trends, i, t_bucket), weekly, &first, &last);
        const char *group = cell(&trends, i, t_group), *theme = cell(&trends, i, t_theme);
        int match = 0;
        for (int k = 0; k < n_spikes; k++) {
            const json *sp = spikes->items[k];
            const char *st = get_str(sp, "theme"), *sg = get_str(sp, "group");
            long from = days_of(get_str(sp, "from")), to = days_of(get_str(sp, "to"));
            if (!st || last < from || first > to) continue;
            /* the spiked theme, or a parent of it (the same complaints) */
            int theme_ok = theme_matches(theme, st);
            for (size_t j = 1; !theme_ok && j < trends.n_rows; j++)
                theme_ok =
                    theme_matches(cell(&trends, j, t_theme), st) && theme_within(cell(&trends, j, t_theme), theme);
            if (!theme_ok) continue;
            if (sg ? strcmp(group, sg) == 0 : !*group) {
                found[k] = 1;
                match = 1;
            } else if (sg && !*group) {
                match = 1; /* a group's spike that also moved the corpus: not wrong */
            }
        }
        if (!match) {
            false_alerts++;
            if (false_alerts <= 5)
                printf("FAIL false alert: %s %s%s%s\n", cell(&trends, i, t_bucket), group, *group ? "/" : "", theme);
        }
    }
    for (int k = 0; k < n_spikes; k++) {
        const json *sp = spikes->items[k];
        const char *sg = get_str(sp, "group");
        spikes_found += found[k];
        failures += !found[k];
        printf("%s spike %s %s..%s in %s: %s\n", found[k] ? "ok  " : "FAIL", get_str(sp, "theme"), get_str(sp, "from"),
               get_str(sp, "to"), sg ? sg : "every group", found[k] ? "alert in its window" : "no alert");
    }
    free(found);
    failures += false_alerts > 0;
    if (!false_alerts && trends.n_rows) printf("ok   no trend alert outside a spike\n");

    printf("summary: plants=%d top3=%d top5=%d top6=%d ranked3=%d ranked6=%d false_clusters=%d spikes=%d "
           "spikes_found=%d false_alerts=%d\n",
           n_plants, top3, top5, top6, ranked3, ranked6, false_clusters, n_spikes, spikes_found, false_alerts);
    csv_free(&clusters);
    csv_free(&trends);
    json_free(truth);
    printf("%s\n", failures ? "some expectations failed" : "all expectations hold");
    return failures ? 1 : 0;
}
