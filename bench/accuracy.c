/* accuracy.c — how well a sentiment model agrees with people, and how fast
 * the default model runs: build/accuracy [options].
 *
 * On the four VADER ground-truth sets (sentences rated -4..4 by people) it
 * prints, for the chosen model and for the vaderSentiment reference outputs
 * side by side, Pearson r, 3-class macro-F1 and binary accuracy; on the two
 * star-rated review sets it prints balanced accuracy (4-5 stars should score
 * > 0, 1-2 stars < 0, 0 is wrong for both, 3 stars ignored) and the recall of
 * the 1-2-star reviews. Texts go through the library's own tokenizer,
 * lexicon and scorer (the internal API), so the numbers are the engine's.
 * The JSON lines are read with a small reader of its own: only top-level
 * string and number fields are needed.
 *
 *   --model default|vader   model to measure (default: default)
 *   --lexicon FILE          overlay (default model) or the lexicon (vader); repeatable
 *   --no-builtin            do not load the built-in sentiment lexicon
 *   --data DIR              the shared data folder (default ../shared/data)
 *   --param NAME=VALUE      override one constant of the default model (tuning)
 *   --errors SET            list the worst-scored texts of one set (to read, not to fit)
 *   --explain TEXT          print how TEXT scores, token by token, and exit
 *   --dump FILE             write one line per star-rated review: set, stars, compound,
 *                           the title's sentence count and every sentence's sum
 *   --no-speed              skip the throughput passes
 *   --detail                ask the scorer for per-token detail too (its cost, and a
 *                           sanitizer run over every text exercises that path)
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model/builtin.h"
#include "util/common.h"
#include "model/lexicon.h"
#include "model/score.h"
#include "model/score_default.h"
#include "text/tokenizer.h"

typedef struct scorer_ctx {
    ut_model model;
    const ut_scorer *scorer;
    const ut_default_params *params;
    int detail;
    ut_tokens tokens;
    ut_arena arena;
    FILE *dump;           /* --dump: one line per star-rated review, or NULL */
    uint32_t title_sents; /* sentences of the last scored title */
    /* the review texts kept for the throughput pass */
    char **texts;
    size_t *text_lens;
    size_t n_texts, cap_texts;
} scorer_ctx;

/* CPU time of this process: the machine is shared, and wall time would
 * count other people's work. */
static double cpu_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void keep_text(scorer_ctx *ctx, const char *text, size_t len) {
    if (ctx->n_texts == ctx->cap_texts) {
        ctx->cap_texts = ctx->cap_texts ? ctx->cap_texts * 2 : 4096;
        ctx->texts = realloc(ctx->texts, ctx->cap_texts * sizeof *ctx->texts);
        ctx->text_lens = realloc(ctx->text_lens, ctx->cap_texts * sizeof *ctx->text_lens);
    }
    ctx->texts[ctx->n_texts] = ut_strndup(text, len);
    ctx->text_lens[ctx->n_texts++] = len;
}

/* Tokenize (and score, when `with_score`) every kept review text with the
 * default model, best of `rounds` passes. Returns MB/s of review text on
 * one thread; the difference of the two rates is the scorer's share. */
static double throughput(scorer_ctx *ctx, int rounds, int with_score, double *mb) {
    double best = 0, bytes = 0;
    for (size_t i = 0; i < ctx->n_texts; i++)
        bytes += (double)ctx->text_lens[i];
    double sink = 0;
    for (int r = 0; r < rounds; r++) {
        double t0 = cpu_seconds();
        for (size_t i = 0; i < ctx->n_texts; i++) {
            ut_sentiment s;
            ut_tokenize(&ctx->tokens, ctx->texts[i], ctx->text_lens[i]);
            if (!with_score) {
                sink += ctx->tokens.n_tok;
                continue;
            }
            ut_score_detail detail;
            ut_score_tokens(ctx->scorer, &ctx->tokens, &ctx->arena, ctx->detail ? &detail : NULL, &s);
            ut_arena_reset(&ctx->arena);
            sink += s.compound;
        }
        double dt = cpu_seconds() - t0;
        if (dt > 0 && (best == 0 || bytes / dt > best)) best = bytes / dt;
    }
    *mb = bytes / 1e6 + (sink == 12345.678 ? 1 : 0); /* sink keeps the loop from being optimised away */
    return best / 1e6;
}

/* Scores `title` (may be empty) as the first sentence, then `text`. */
static double score_text(scorer_ctx *ctx, const char *title, size_t title_len, const char *text, size_t len) {
    ut_sentiment s = {0};
    if (ctx->model == UT_MODEL_VADER) {
        if (title_len) {
            /* VADER has no notion of a title: it reads "title. text". */
            char *joined = malloc(title_len + len + 3);
            if (!joined) return 0;
            memcpy(joined, title, title_len);
            memcpy(joined + title_len, ". ", 2);
            memcpy(joined + title_len + 2, text, len);
            ut_score_vader_text(ctx->scorer, joined, title_len + len + 2, &ctx->arena, &s);
            free(joined);
        } else {
            ut_score_vader_text(ctx->scorer, text, len, &ctx->arena, &s);
        }
    } else {
        ctx->title_sents = 0;
        if (title_len) {
            ut_tokenize(&ctx->tokens, title, title_len);
            ctx->title_sents = ctx->tokens.n_sent;
            ut_tokenize_append(&ctx->tokens, text, len);
        } else {
            ut_tokenize(&ctx->tokens, text, len);
        }
        ut_score_detail detail;
        ut_score_tokens_tuned(ctx->scorer, ctx->params, &ctx->tokens, &ctx->arena,
                              ctx->detail || ctx->dump ? &detail : NULL, &s);
        if (ctx->dump) {
            /* the sentences' sums before the mapping to [-1, 1], for trying
             * other ways of combining them outside the engine */
            fprintf(ctx->dump, "%+.5f\t%u\t", s.compound, ctx->title_sents);
            for (uint32_t k = 0; k < ctx->tokens.n_sent; k++) {
                const double c = detail.sentence[k].compound;
                /* '*': the sentence opens with a contrast word, which discounts the one before */
                const ut_token *first = &ctx->tokens.tok[ctx->tokens.sent[k].tok_begin];
                const char *w = ctx->tokens.sent[k].tok_begin < ctx->tokens.sent[k].tok_end
                                    ? ut_token_norm(&ctx->tokens, ctx->tokens.sent[k].tok_begin)
                                    : "";
                const int opens = (first->norm_len == 3 && memcmp(w, "but", 3) == 0) ||
                                  (first->norm_len == 7 && memcmp(w, "however", 7) == 0) ||
                                  (first->norm_len == 3 && memcmp(w, "yet", 3) == 0);
                fprintf(ctx->dump, "%s%s%.4f", k ? " " : "", opens ? "*" : "",
                        fabs(c) < 1 ? c * sqrt(15.0 / (1 - c * c)) : c * 99);
            }
            fputc('\n', ctx->dump);
        }
    }
    ut_arena_reset(&ctx->arena);
    return s.compound;
}

/* Scores every kept text, tokenized beforehand (each into its own
 * ut_tokens), best of `rounds`: the scorer's own rate, undisturbed by the
 * tokenizer's cache footprint. */
static double scoring_throughput(scorer_ctx *ctx, int rounds) {
    ut_tokens *all = calloc(ctx->n_texts, sizeof *all);
    double bytes = 0, best = 0, sink = 0;
    if (!all) return 0;
    for (size_t i = 0; i < ctx->n_texts; i++) {
        ut_tokenize(&all[i], ctx->texts[i], ctx->text_lens[i]);
        bytes += (double)ctx->text_lens[i];
    }
    for (int r = 0; r < rounds; r++) {
        double t0 = cpu_seconds();
        for (size_t i = 0; i < ctx->n_texts; i++) {
            ut_sentiment s;
            ut_score_tokens(ctx->scorer, &all[i], &ctx->arena, NULL, &s);
            sink += s.compound;
        }
        double dt = cpu_seconds() - t0;
        if (dt > 0 && bytes / dt > best) best = bytes / dt;
    }
    for (size_t i = 0; i < ctx->n_texts; i++)
        ut_tokens_free(&all[i]);
    free(all);
    return best / 1e6 + (sink == 12345.678 ? 1 : 0);
}

/* ---- metrics ---- */

typedef struct item {
    double human, tool, reference;
    char *text;
} item;

static double pearson(const item *it, size_t n, int use_reference) {
    double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
    for (size_t i = 0; i < n; i++) {
        double x = it[i].human, y = use_reference ? it[i].reference : it[i].tool;
        sx += x, sy += y, sxx += x * x, syy += y * y, sxy += x * y;
    }
    double cov = sxy - sx * sy / n, vx = sxx - sx * sx / n, vy = syy - sy * sy / n;
    return vx > 0 && vy > 0 ? cov / sqrt(vx * vy) : 0;
}

static int three_class(double v, double threshold) {
    return v > threshold ? 2 : v < -threshold ? 0 : 1;
}

static double macro_f1(const item *it, size_t n, int use_reference) {
    double tp[3] = {0}, fp[3] = {0}, fn[3] = {0};
    for (size_t i = 0; i < n; i++) {
        int truth = three_class(it[i].human, 0.05);
        int guess = three_class(use_reference ? it[i].reference : it[i].tool, 0.05);
        if (truth == guess)
            tp[truth]++;
        else
            fp[guess]++, fn[truth]++;
    }
    double sum = 0;
    for (int c = 0; c < 3; c++) {
        double denom = 2 * tp[c] + fp[c] + fn[c];
        sum += denom > 0 ? 2 * tp[c] / denom : 0;
    }
    return sum / 3;
}

static double binary_accuracy(const item *it, size_t n, int use_reference) {
    size_t right = 0, total = 0;
    for (size_t i = 0; i < n; i++) {
        if (fabs(it[i].human) < 0.5) continue;
        double v = use_reference ? it[i].reference : it[i].tool;
        total++;
        right += (it[i].human > 0 && v > 0) || (it[i].human < 0 && v < 0);
    }
    return total ? (double)right / total : 0;
}

/* ---- files ---- */

static char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 20, n = 0;
    char *buf = malloc(cap);
    for (size_t got; buf && (got = fread(buf + n, 1, cap - n - 1, f)) > 0;) {
        n += got;
        if (n + 1 == cap) {
            char *grown = realloc(buf, cap *= 2);
            if (!grown) free(buf);
            buf = grown;
        }
    }
    fclose(f);
    if (buf) buf[n] = 0;
    *len = n;
    return buf;
}

/* Splits `data` in place into lines (strips CR). Returns the count. */
static size_t split_lines(char *data, size_t len, char ***out) {
    size_t n = 0, cap = 1024;
    char **lines = malloc(cap * sizeof *lines);
    char *p = data, *endp = data + len;
    while (p < endp) {
        char *nl = memchr(p, '\n', endp - p);
        char *e = nl ? nl : endp;
        if (e > p && e[-1] == '\r') e[-1] = 0;
        *e = 0;
        if (n == cap) lines = realloc(lines, (cap *= 2) * sizeof *lines);
        lines[n++] = p;
        p = nl ? nl + 1 : endp;
    }
    *out = lines;
    return n;
}

/* ---- a minimal JSON-lines field reader ---- */

static const char *skip_ws(const char *p) {
    while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
        p++;
    return p;
}

static void put_utf8(char **o, unsigned cp) {
    unsigned char *u = (unsigned char *)*o;
    if (cp < 0x80)
        *u++ = cp;
    else if (cp < 0x800)
        *u++ = 0xC0 | cp >> 6, *u++ = 0x80 | (cp & 63);
    else if (cp < 0x10000)
        *u++ = 0xE0 | cp >> 12, *u++ = 0x80 | (cp >> 6 & 63), *u++ = 0x80 | (cp & 63);
    else
        *u++ = 0xF0 | cp >> 18, *u++ = 0x80 | (cp >> 12 & 63), *u++ = 0x80 | (cp >> 6 & 63), *u++ = 0x80 | (cp & 63);
    *o = (char *)u;
}

/* Reads the string at p (at its opening quote); decodes into *dst when dst
 * is not NULL (the caller's buffer is as long as the line). Returns the
 * position after the closing quote, or NULL. */
static const char *json_string(const char *p, char *dst, size_t *dst_len) {
    char *o = dst;
    for (p++; *p && *p != '"'; p++) {
        if (*p != '\\') {
            if (dst) *o++ = *p;
            continue;
        }
        p++;
        char c = *p;
        if (c == 'u') {
            unsigned cp = (unsigned)strtoul((char[5]){p[1], p[2], p[3], p[4], 0}, NULL, 16);
            p += 4;
            if (cp >= 0xD800 && cp < 0xDC00 && p[1] == '\\' && p[2] == 'u') {
                unsigned lo = (unsigned)strtoul((char[5]){p[3], p[4], p[5], p[6], 0}, NULL, 16);
                if (lo >= 0xDC00 && lo < 0xE000) cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00), p += 6;
            }
            if (dst) put_utf8(&o, cp);
        } else if (dst) {
            *o++ = c == 'n' ? '\n' : c == 't' ? '\t' : c == 'r' ? '\r' : c == 'b' ? '\b' : c == 'f' ? '\f' : c;
        }
        if (!c) return NULL;
    }
    if (*p != '"') return NULL;
    if (dst) *dst_len = (size_t)(o - dst);
    return p + 1;
}

static const char *json_skip(const char *p) {
    p = skip_ws(p);
    if (*p == '"') return json_string(p, NULL, NULL);
    if (*p == '{' || *p == '[') {
        int depth = 0;
        for (; *p; p++) {
            if (*p == '"') {
                p = json_string(p, NULL, NULL);
                if (!p) return NULL;
                p--;
            } else if (*p == '{' || *p == '[') {
                depth++;
            } else if (*p == '}' || *p == ']') {
                if (--depth == 0) return p + 1;
            }
        }
        return NULL;
    }
    while (*p && *p != ',' && *p != '}')
        p++;
    return p;
}

typedef struct json_field {
    const char *key;
    char *str; /* decoded string value (caller's buffer) or NULL */
    size_t len;
    double num;
    int found;
} json_field;

/* Fills the named top-level fields of one JSON object line. */
static int json_fields(const char *line, json_field *fields, size_t n_fields) {
    const char *p = skip_ws(line);
    if (*p++ != '{') return -1;
    for (;;) {
        p = skip_ws(p);
        if (*p == '}') return 0;
        if (*p != '"') return -1;
        const char *key = p + 1;
        p = json_string(p, NULL, NULL);
        if (!p) return -1;
        size_t key_len = (size_t)(p - 1 - key);
        p = skip_ws(p);
        if (*p++ != ':') return -1;
        p = skip_ws(p);
        json_field *f = NULL;
        for (size_t i = 0; i < n_fields; i++)
            if (strlen(fields[i].key) == key_len && memcmp(fields[i].key, key, key_len) == 0) f = &fields[i];
        if (f && *p == '"' && f->str) {
            p = json_string(p, f->str, &f->len);
            f->found = 1;
        } else if (f && (*p == '-' || (*p >= '0' && *p <= '9'))) {
            f->num = strtod(p, NULL);
            f->found = 1;
            p = json_skip(p);
        } else {
            p = json_skip(p);
        }
        if (!p) return -1;
        p = skip_ws(p);
        if (*p == ',') p++;
    }
}

/* ---- the sets ---- */

static const char *const GROUND_TRUTH[] = {"tweets", "amazonReviewSnippets", "movieReviewSnippets",
                                           "nytEditorialSnippets"};

static int cmp_error(const void *a, const void *b) {
    const item *x = a, *y = b;
    double ex = fabs(x->human / 4 - x->tool), ey = fabs(y->human / 4 - y->tool);
    return (ex < ey) - (ex > ey);
}

static void print_errors(item *items, size_t n, int max) {
    qsort(items, n, sizeof *items, cmp_error);
    for (size_t i = 0; i < n && (int)i < max; i++)
        printf("  human %+.2f  tool %+.3f  %.200s\n", items[i].human, items[i].tool, items[i].text);
}

static int ground_truth_set(scorer_ctx *ctx, const char *data_dir, const char *name, const char *errors_for) {
    char path[4096];
    snprintf(path, sizeof path, "%s/vader/ground_truth/%s_GroundTruth.txt", data_dir, name);
    size_t len = 0;
    char *data = read_file(path, &len);
    if (!data) {
        fprintf(stderr, "accuracy: cannot read %s: %s\n", path, strerror(errno));
        return -1;
    }
    snprintf(path, sizeof path, "%s/vader/reference/%s.vader.tsv", data_dir, name);
    size_t ref_len = 0;
    char *ref = read_file(path, &ref_len);
    char **lines, **ref_lines = NULL;
    size_t n = split_lines(data, len, &lines);
    size_t n_ref = ref ? split_lines(ref, ref_len, &ref_lines) : 0;
    item *items = calloc(n, sizeof *items);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        char *id = lines[i], *tab1 = strchr(id, '\t');
        if (!tab1) continue;
        char *tab2 = strchr(tab1 + 1, '\t');
        if (!tab2) continue;
        *tab1 = 0;
        items[m].human = strtod(tab1 + 1, NULL);
        items[m].text = tab2 + 1;
        items[m].tool = score_text(ctx, "", 0, tab2 + 1, strlen(tab2 + 1));
        /* The reference file lists the same ids in the same order. */
        items[m].reference = NAN;
        if (m < n_ref) {
            char *rt = strchr(ref_lines[m], '\t');
            size_t id_len = strlen(id);
            if (rt && (size_t)(rt - ref_lines[m]) == id_len && memcmp(ref_lines[m], id, id_len) == 0) {
                const char *last = strrchr(ref_lines[m], '\t');
                items[m].reference = strtod(last + 1, NULL);
            }
        }
        m++;
    }
    int have_ref = m > 0;
    for (size_t i = 0; i < m; i++)
        have_ref &= !isnan(items[i].reference);
    if (have_ref)
        printf("| %s | %zu | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f |\n", name, m, pearson(items, m, 0),
               pearson(items, m, 1), macro_f1(items, m, 0), macro_f1(items, m, 1), binary_accuracy(items, m, 0),
               binary_accuracy(items, m, 1));
    else
        printf("| %s | %zu | %.3f | - | %.3f | - | %.3f | - |\n", name, m, pearson(items, m, 0), macro_f1(items, m, 0),
               binary_accuracy(items, m, 0));
    if (errors_for && strcmp(errors_for, name) == 0)
        print_errors(items, m, getenv("UT_ERRN") ? atoi(getenv("UT_ERRN")) : 40);
    free(items);
    free(lines);
    free(ref_lines);
    free(data);
    free(ref);
    return 0;
}

typedef struct review_set {
    const char *file, *rating, *text, *title;
} review_set;

static const review_set REVIEW_SETS[] = {
    {"amazon2018_fashion_beauty.jsonl", "overall", "reviewText", "summary"},
    {"blitzer_multidomain.jsonl", "rating", "text", "title"},
};

static int review_set_run(scorer_ctx *ctx, const char *data_dir, const review_set *rs, const char *errors_for,
                          FILE *dump) {
    char path[4096];
    snprintf(path, sizeof path, "%s/reviews/%s", data_dir, rs->file);
    size_t len = 0;
    char *data = read_file(path, &len);
    if (!data) {
        fprintf(stderr, "accuracy: cannot read %s: %s\n", path, strerror(errno));
        return -1;
    }
    char **lines;
    size_t n = split_lines(data, len, &lines);
    size_t pos_total = 0, pos_right = 0, pos_negative = 0, neg_total = 0, neg_right = 0, bad = 0;
    item *errors = errors_for && strstr(rs->file, errors_for) ? calloc(n, sizeof *errors) : NULL;
    size_t n_errors = 0;
    for (size_t i = 0; i < n; i++) {
        size_t line_len = strlen(lines[i]);
        if (!line_len) continue;
        char *text = malloc(line_len + 1), *title = malloc(line_len + 1);
        json_field f[3] = {{rs->rating, NULL, 0, 0, 0}, {rs->text, text, 0, 0, 0}, {rs->title, title, 0, 0, 0}};
        if (json_fields(lines[i], f, 3) != 0 || !f[0].found) {
            bad++;
        } else if (f[0].num != 3) {
            if (dump) fprintf(dump, "%s\t%g\t", rs->file, f[0].num);
            ctx->dump = dump;
            double c = score_text(ctx, title, f[2].found ? f[2].len : 0, text, f[1].found ? f[1].len : 0);
            ctx->dump = NULL;
            if (f[1].found) keep_text(ctx, text, f[1].len);
            if (f[0].num >= 4)
                pos_total++, pos_right += c > 0, pos_negative += c < 0;
            else
                neg_total++, neg_right += c < 0;
            if (errors && ((f[0].num <= 2 && c >= 0) || (getenv("UT_ERRPOS") && f[0].num >= 4 && c <= 0))) {
                errors[n_errors].human = f[0].num <= 2 ? -4 : 4;
                errors[n_errors].tool = c;
                errors[n_errors++].text = ut_strndup(text, f[1].len);
            }
        }
        free(text);
        free(title);
    }
    double pos_recall = pos_total ? (double)pos_right / pos_total : 0;
    double neg_recall = neg_total ? (double)neg_right / neg_total : 0;
    printf("| %s | %zu | %zu | %.3f | %.3f | %.3f | %.2f%% |\n", rs->file, pos_total, neg_total,
           (pos_recall + neg_recall) / 2, neg_recall, pos_recall, pos_total ? 100.0 * pos_negative / pos_total : 0);
    if (bad) fprintf(stderr, "accuracy: %s: %zu lines not read\n", rs->file, bad);
    if (errors) {
        print_errors(errors, n_errors, getenv("UT_ERRN") ? atoi(getenv("UT_ERRN")) : 40);
        for (size_t i = 0; i < n_errors; i++)
            free(errors[i].text);
        free(errors);
    }
    free(lines);
    free(data);
    return 0;
}

/* SemEval-2014 restaurants: sentences whose aspect categories all carry one
 * polarity, positive or negative, should score on that side of 0. A check
 * that the review vocabulary carries over to restaurants, which no other
 * set here covers. The XML is regular enough to be read by searching tags. */
static void xml_unescape(char *s) {
    static const struct {
        const char *entity;
        char c;
    } ENTITIES[] = {{"&amp;", '&'}, {"&quot;", '"'}, {"&apos;", '\''}, {"&lt;", '<'}, {"&gt;", '>'}};
    char *o = s;
    for (char *p = s; *p;) {
        size_t i = 0;
        for (; *p == '&' && i < UT_ARRAY_LEN(ENTITIES); i++) {
            size_t n = strlen(ENTITIES[i].entity);
            if (strncmp(p, ENTITIES[i].entity, n) == 0) {
                *o++ = ENTITIES[i].c;
                p += n;
                break;
            }
        }
        if (*p != '&' || i == UT_ARRAY_LEN(ENTITIES)) *o++ = *p++;
    }
    *o = 0;
}

static int semeval_run(scorer_ctx *ctx, const char *data_dir, const char *file, const char *errors_for) {
    char path[4096];
    snprintf(path, sizeof path, "%s/semeval2014/%s", data_dir, file);
    size_t len = 0;
    char *data = read_file(path, &len);
    if (!data) {
        fprintf(stderr, "accuracy: cannot read %s: %s\n", path, strerror(errno));
        return -1;
    }
    size_t pos_total = 0, pos_right = 0, neg_total = 0, neg_right = 0;
    for (char *p = data; (p = strstr(p, "<sentence ")) != NULL;) {
        char *end = strstr(p, "</sentence>");
        char *text = strstr(p, "<text>");
        if (!end || !text || text > end) break;
        text += 6;
        char *text_end = strstr(text, "</text>");
        if (!text_end || text_end > end) break;
        char *cats = strstr(text_end, "<aspectCategories>");
        int pos = 0, neg = 0, other = 0;
        for (char *c = cats; c && c < end && (c = strstr(c, "polarity=\"")) != NULL && c < end; c += 10) {
            if (strncmp(c + 10, "positive\"", 9) == 0)
                pos++;
            else if (strncmp(c + 10, "negative\"", 9) == 0)
                neg++;
            else
                other++;
        }
        *text_end = 0;
        if (cats && cats < end && !other && (pos == 0) != (neg == 0)) {
            xml_unescape(text);
            double c = score_text(ctx, "", 0, text, strlen(text));
            if (pos)
                pos_total++, pos_right += c > 0;
            else
                neg_total++, neg_right += c < 0;
            if (errors_for && strstr(file, errors_for) && (pos ? c <= 0 : c >= 0))
                printf("  %s  tool %+.3f  %.200s\n", pos ? "positive" : "negative", c, text);
        }
        p = end + 1;
    }
    double pos_recall = pos_total ? (double)pos_right / pos_total : 0;
    double neg_recall = neg_total ? (double)neg_right / neg_total : 0;
    printf("| semeval2014 %s | %zu | %zu | %.3f | %.3f | %.3f |\n", file, pos_total, neg_total,
           (pos_recall + neg_recall) / 2, neg_recall, pos_recall);
    free(data);
    return 0;
}

static void explain(scorer_ctx *ctx, const char *text) {
    ut_sentiment s;
    ut_score_detail d;
    ut_tokenize(&ctx->tokens, text, strlen(text));
    ut_score_tokens_tuned(ctx->scorer, ctx->params, &ctx->tokens, &ctx->arena, &d, &s);
    const ut_tokens *t = &ctx->tokens;
    for (uint32_t c = 0; c < t->n_clause; c++) {
        printf("clause %u (sentence %u, clause sum %+.3f):", c, t->clause[c].sentence, d.clause_valence[c]);
        for (uint32_t i = t->clause[c].tok_begin; i < t->clause[c].tok_end; i++) {
            printf(" %s", ut_token_norm(t, i));
            if (d.token_rule[i]) printf("[%+.2f %s]", d.token_valence[i], d.token_rule[i]);
        }
        printf("\n");
    }
    for (uint32_t k = 0; k < t->n_sent; k++)
        printf("sentence %u: %+.4f\n", k, d.sentence[k].compound);
    printf("compound %+.4f  positive %.3f  neutral %.3f  negative %.3f\n", s.compound, s.positive, s.neutral,
           s.negative);
}

/* ---- options ---- */

static int set_param(ut_default_params *p, const char *spec) {
    const char *eq = strchr(spec, '=');
    if (!eq) return -1;
    size_t n = (size_t)(eq - spec);
    double v = atof(eq + 1);
#define P(name)                                                                                                        \
    if (n == strlen(#name) && memcmp(spec, #name, n) == 0) {                                                           \
        p->name = (__typeof__(p->name))v;                                                                              \
        return 0;                                                                                                      \
    }
    // clang-format off
    P(negate_positive) P(negate_negative) P(negation_window) P(negation_once) P(caps_factor)
    P(elongated_factor) P(contrast_before) P(contrast_after) P(concession) P(exclaim_step)
    P(exclaim_max) P(question_positive) P(question_negative) P(negative_weight) P(last_sentence)
    P(first_sentence) P(expectation) P(bare_negation) P(body_cap) P(remedy) P(remedy_window)
    P(owed) P(owed_window)
#undef P
    return -1;
    // clang-format on
}

static void usage(void) {
    fprintf(stderr, "usage: accuracy [--model default|vader] [--lexicon FILE]... [--no-builtin] [--data DIR]\n"
                    "                [--param NAME=VALUE]... [--errors SET] [--detail]\n"
                    "                [--dump FILE] [--no-speed]\n"
                    "       accuracy [--lexicon FILE]... --explain TEXT\n");
}

int main(int argc, char **argv) {
    ut_model model = UT_MODEL_DEFAULT;
    const char *data_dir = "../shared/data";
    const char *lexicons[64];
    size_t n_lexicons = 0;
    int no_builtin = 0;
    const char *errors_for = NULL;
    int want_detail = 0;
    const char *explain_text = NULL;
    const char *dump_path = NULL;
    int speed = 1;
    ut_default_params params = ut_default_params_standard;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--model") == 0 && v) {
            i++;
            if (strcmp(v, "default") == 0)
                model = UT_MODEL_DEFAULT;
            else if (strcmp(v, "vader") == 0)
                model = UT_MODEL_VADER;
            else
                return usage(), 2;
        } else if (strcmp(a, "--lexicon") == 0 && v && n_lexicons < 64) {
            lexicons[n_lexicons++] = v, i++;
        } else if (strcmp(a, "--no-builtin") == 0) {
            no_builtin = 1;
        } else if (strcmp(a, "--data") == 0 && v) {
            data_dir = v, i++;
        } else if (strcmp(a, "--param") == 0 && v) {
            if (set_param(&params, v) != 0) {
                fprintf(stderr, "accuracy: unknown parameter %s\n", v);
                return 2;
            }
            i++;
        } else if (strcmp(a, "--explain") == 0 && v) {
            explain_text = v, i++;
        } else if (strcmp(a, "--dump") == 0 && v) {
            dump_path = v, i++;
        } else if (strcmp(a, "--no-speed") == 0) {
            speed = 0;
        } else if (strcmp(a, "--detail") == 0) {
            want_detail = 1;
        } else if (strcmp(a, "--errors") == 0 && v) {
            errors_for = v, i++;
        } else {
            usage();
            return 2;
        }
    }

    ut_lexicon *lex = NULL;
    ut_scorer *scorer = NULL;
    int rc = ut_lexicon_new(&lex);
    if (rc == 0 && model == UT_MODEL_DEFAULT && !no_builtin) {
        const ut_builtin_file *b = ut_builtin_find("sentiment.tsv");
        rc = b ? ut_lexicon_load_buffer(lex, "sentiment.tsv", b->data, b->len, UT_LEXFMT_UNDERTONE)
               : ut_error_set(UT_EINVAL, "no built-in sentiment.tsv");
    }
    for (size_t i = 0; rc == 0 && i < n_lexicons; i++)
        rc = ut_lexicon_load_file(lex, lexicons[i]);
    if (rc == 0) rc = ut_lexicon_freeze(lex);
    if (rc == 0) rc = ut_scorer_new(&scorer, model, lex);
    if (rc != 0) {
        fprintf(stderr, "accuracy: %s\n", ut_error_last());
        ut_lexicon_free(lex);
        return 1;
    }

    scorer_ctx ctx = {model, scorer, &params, want_detail, UT_TOKENS_INIT, UT_ARENA_INIT, NULL, 0, NULL, NULL, 0, 0};
    if (explain_text) {
        if (model != UT_MODEL_DEFAULT) {
            fprintf(stderr, "accuracy: --explain needs the default model\n");
            rc = 2;
        } else {
            explain(&ctx, explain_text);
        }
        ut_tokens_free(&ctx.tokens);
        ut_arena_free(&ctx.arena);
        ut_scorer_free(scorer);
        ut_lexicon_free(lex);
        return rc;
    }
    printf("model: %s, lexicon terms: %zu\n\n", model == UT_MODEL_VADER ? "vader" : "default", ut_lexicon_size(lex));
    printf("| set | n | r | VADER r | macro-F1 | VADER macro-F1 | binary | VADER binary |\n");
    printf("|---|---|---|---|---|---|---|---|\n");
    for (size_t i = 0; i < UT_ARRAY_LEN(GROUND_TRUTH); i++)
        if (ground_truth_set(&ctx, data_dir, GROUND_TRUTH[i], errors_for) != 0) rc = 1;
    printf("\n| reviews | 4-5 stars | 1-2 stars | balanced accuracy | 1-2 star recall | 4-5 star recall "
           "| 4-5 stars scored < 0 |\n");
    printf("|---|---|---|---|---|---|---|\n");
    FILE *dump = NULL;
    if (dump_path && !(dump = fopen(dump_path, "w"))) {
        fprintf(stderr, "accuracy: cannot write %s: %s\n", dump_path, strerror(errno));
        rc = 1;
    }
    for (size_t i = 0; i < UT_ARRAY_LEN(REVIEW_SETS); i++)
        if (review_set_run(&ctx, data_dir, &REVIEW_SETS[i], errors_for, dump) != 0) rc = 1;
    if (dump) fclose(dump);
    printf("\n| sentences (restaurants) | positive | negative | balanced accuracy | negative recall | positive recall "
           "|\n");
    printf("|---|---|---|---|---|---|\n");
    if (semeval_run(&ctx, data_dir, "Restaurants_Train_v2.xml", errors_for) != 0 ||
        semeval_run(&ctx, data_dir, "Restaurants_Test_Gold.xml", errors_for) != 0)
        rc = 1;
    if (model == UT_MODEL_DEFAULT && speed) {
        double mb = 0, tokenize = throughput(&ctx, 5, 0, &mb), both = throughput(&ctx, 5, 1, &mb);
        double score_only = scoring_throughput(&ctx, 5);
        printf("\nthroughput, one thread, CPU time, best of 5, over the review texts above (%.1f MB):\n", mb);
        printf("  tokenize: %.1f MB/s; tokenize+score: %.1f MB/s; scoring pre-tokenized texts: %.1f MB/s\n", tokenize,
               both, score_only);
    }
    for (size_t i = 0; i < ctx.n_texts; i++)
        free(ctx.texts[i]);
    free(ctx.texts);
    free(ctx.text_lens);

    ut_tokens_free(&ctx.tokens);
    ut_arena_free(&ctx.arena);
    ut_scorer_free(scorer);
    ut_lexicon_free(lex);
    return rc;
}
