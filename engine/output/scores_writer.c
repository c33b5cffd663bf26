/* scores_writer.c — per-review rows for --scores, --mentions and on_review;
 * see scores_writer.h. The CSV columns are fixed by the contract:
 * id,compound,positive,neutral,negative,rating,themes, and for mentions
 * id,theme,score,negative. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "aggregate/aggregate_internal.h"
#include "util/common.h"
#include "output/scores_writer.h"

struct ut_scores_writer {
    FILE *fp;
    int is_stdout;
    int jsonl;
    int mentions; /* the --mentions table, not --scores */
    char *path;
    char *tmp_path;
    int done;
};

void ut_theme_tally_build(ut_theme_tally *t, const ut_theme_mention *m, uint32_t n) {
    t->n = 0;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t k = 0;
        while (k < t->n && t->theme[k] != m[i].theme)
            k++; /* a review names few themes */
        if (k == t->n) {
            if (t->n == t->cap) {
                uint32_t cap = t->cap ? t->cap * 2 : 16;
                uint32_t *th = realloc(t->theme, cap * sizeof *th);
                if (th) t->theme = th;
                double *su = realloc(t->sum, cap * sizeof *su);
                if (su) t->sum = su;
                uint32_t *co = realloc(t->count, cap * sizeof *co);
                if (co) t->count = co;
                if (!th || !su || !co) return; /* keeps the themes tallied so far */
                t->cap = cap;
            }
            t->theme[k] = m[i].theme;
            t->sum[k] = 0;
            t->count[k] = 0;
            t->n++;
        }
        t->sum[k] += m[i].score;
        t->count[k]++;
    }
}

void ut_theme_tally_free(ut_theme_tally *t) {
    free(t->theme);
    free(t->sum);
    free(t->count);
    memset(t, 0, sizeof *t);
}

static int ends_with(const char *s, const char *suffix) {
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int writer_open(ut_scores_writer **out, const char *path, int mentions) {
    *out = NULL;
    ut_scores_writer *w = ut_calloc(1, sizeof *w);
    if (!w) return UT_ENOMEM;
    if (strcmp(path, "-") == 0) {
        w->fp = stdout;
        w->is_stdout = 1;
    } else {
        w->jsonl = !mentions && (ends_with(path, ".jsonl") || ends_with(path, ".ndjson"));
        size_t n = strlen(path);
        w->path = ut_strndup(path, n);
        w->tmp_path = ut_malloc(n + 32);
        if (!w->path || !w->tmp_path) {
            ut_scores_writer_abort(w);
            return UT_ENOMEM;
        }
        snprintf(w->tmp_path, n + 32, "%s.tmp.%ld", path, (long)getpid());
        w->fp = fopen(w->tmp_path, "wb");
        if (!w->fp) {
            int e = errno;
            ut_scores_writer_abort(w);
            return ut_error_set(UT_EIO, "%s: cannot write %s: %s", path, mentions ? "mentions" : "scores", strerror(e));
        }
    }
    w->mentions = mentions;
    if (!w->jsonl) {
        static const char scores_header[] = "id,compound,positive,neutral,negative,rating,themes\n";
        static const char mentions_header[] = "id,theme,score,negative\n";
        int err = mentions ? ut_scores_write(w, mentions_header, sizeof mentions_header - 1)
                           : ut_scores_write(w, scores_header, sizeof scores_header - 1);
        if (err) {
            ut_scores_writer_abort(w);
            return err;
        }
    }
    *out = w;
    return 0;
}

int ut_scores_writer_open(ut_scores_writer **out, const char *path, const ut_themes *themes) {
    (void)themes;
    return writer_open(out, path, 0);
}

int ut_mentions_writer_open(ut_scores_writer **out, const char *path) {
    return writer_open(out, path, 1);
}

int ut_mention_is_negative(double score) {
    return score < -UT_NEUTRAL_BAND;
}

void ut_mentions_format_rows(ut_buf *b, const ut_review_facts *r, const ut_themes *themes) {
    for (uint32_t i = 0; i < r->n_mentions; i++) {
        const ut_theme_mention *m = &r->mentions[i];
        ut_buf_put_csv_field(b, r->id, r->id_len);
        ut_buf_putc(b, ',');
        ut_buf_puts(b, ut_themes_name(themes, m->theme)); /* the loader refuses commas and quotes */
        ut_buf_putc(b, ',');
        ut_buf_put_fixed(b, m->score, 4);
        ut_buf_puts(b, ut_mention_is_negative(m->score) ? ",1\n" : ",0\n");
    }
}

/* Ratings print as written by people: 4, 4.5, 3.25. */
static void put_rating(ut_buf *b, double v) {
    double r = v * 100;
    long long c = (long long)(r < 0 ? r - 0.5 : r + 0.5);
    if (c % 100 == 0)
        ut_buf_put_i64(b, c / 100);
    else if (c % 10 == 0)
        ut_buf_put_fixed(b, v, 1);
    else
        ut_buf_put_fixed(b, v, 2);
}

void ut_scores_format_row(const ut_scores_writer *w, ut_buf *b, const ut_review_facts *r, const ut_theme_tally *t,
                          const ut_themes *themes) {
    if (w->jsonl) {
        ut_buf_puts(b, "{\"id\":");
        ut_buf_put_json_string(b, r->id, r->id_len);
        ut_buf_puts(b, ",\"compound\":");
        ut_buf_put_fixed(b, r->sentiment.compound, 4);
        ut_buf_puts(b, ",\"positive\":");
        ut_buf_put_fixed(b, r->sentiment.positive, 4);
        ut_buf_puts(b, ",\"neutral\":");
        ut_buf_put_fixed(b, r->sentiment.neutral, 4);
        ut_buf_puts(b, ",\"negative\":");
        ut_buf_put_fixed(b, r->sentiment.negative, 4);
        ut_buf_puts(b, ",\"rating\":");
        if (r->has_rating)
            put_rating(b, r->rating);
        else
            ut_buf_puts(b, "null");
        ut_buf_puts(b, ",\"themes\":{");
        for (uint32_t i = 0; i < t->n; i++) {
            if (i) ut_buf_putc(b, ',');
            const char *name = ut_themes_name(themes, t->theme[i]);
            ut_buf_put_json_string(b, name, strlen(name));
            ut_buf_putc(b, ':');
            ut_buf_put_fixed(b, t->sum[i] / t->count[i], 4);
        }
        ut_buf_puts(b, "}}\n");
        return;
    }
    ut_buf_put_csv_field(b, r->id, r->id_len);
    ut_buf_putc(b, ',');
    ut_buf_put_fixed(b, r->sentiment.compound, 4);
    ut_buf_putc(b, ',');
    ut_buf_put_fixed(b, r->sentiment.positive, 4);
    ut_buf_putc(b, ',');
    ut_buf_put_fixed(b, r->sentiment.neutral, 4);
    ut_buf_putc(b, ',');
    ut_buf_put_fixed(b, r->sentiment.negative, 4);
    ut_buf_putc(b, ',');
    if (r->has_rating) put_rating(b, r->rating);
    ut_buf_putc(b, ',');
    /* Theme names hold no comma or quote (the theme loader refuses them),
     * so the list needs no CSV quoting. */
    for (uint32_t i = 0; i < t->n; i++) {
        if (i) ut_buf_putc(b, ';');
        ut_buf_puts(b, ut_themes_name(themes, t->theme[i]));
        ut_buf_putc(b, ':');
        ut_buf_put_fixed(b, t->sum[i] / t->count[i], 4);
    }
    ut_buf_putc(b, '\n');
}

int ut_scores_write(ut_scores_writer *w, const char *data, size_t len) {
    if (len && fwrite(data, 1, len, w->fp) != len)
        return ut_error_set(UT_EIO, "%s: writing scores failed: %s", w->is_stdout ? "standard output" : w->path,
                            strerror(errno));
    return 0;
}

int ut_scores_writer_commit(ut_scores_writer *w) {
    int err = 0;
    if (w->is_stdout) {
        if (fflush(stdout) != 0 || ferror(stdout))
            err = ut_error_set(UT_EIO, "standard output: writing scores failed: %s", strerror(errno));
    } else {
        int e = 0;
        if (fflush(w->fp) != 0 || ferror(w->fp)) e = errno ? errno : EIO;
        if (fclose(w->fp) != 0 && !e) e = errno;
        w->fp = NULL;
        if (!e && rename(w->tmp_path, w->path) != 0) e = errno;
        if (e) err = ut_error_set(UT_EIO, "%s: writing scores failed: %s", w->path, strerror(e));
    }
    w->done = !err;
    ut_scores_writer_abort(w);
    return err;
}

void ut_scores_writer_abort(ut_scores_writer *w) {
    if (!w) return;
    if (w->fp && !w->is_stdout) fclose(w->fp);
    if (!w->done && w->tmp_path) unlink(w->tmp_path);
    free(w->path);
    free(w->tmp_path);
    free(w);
}

int ut_review_rows_add(ut_review_rows *rows, const ut_review_facts *r, const ut_theme_tally *t) {
    if (rows->n == rows->cap) {
        size_t cap = rows->cap ? rows->cap * 2 : 256;
        ut_review_row *nr = ut_realloc(rows->rows, cap * sizeof *nr);
        if (!nr) return UT_ENOMEM;
        rows->rows = nr;
        rows->cap = cap;
    }
    ut_review_row *row = &rows->rows[rows->n];
    memset(row, 0, sizeof *row);
    char *id = ut_arena_alloc(&rows->arena, r->id_len + 1);
    uint32_t *themes = ut_arena_alloc(&rows->arena, (t->n + 1) * sizeof *themes);
    double *scores = ut_arena_alloc(&rows->arena, (t->n + 1) * sizeof *scores);
    uint32_t *mention_theme = ut_arena_alloc(&rows->arena, (r->n_mentions + 1) * sizeof *mention_theme);
    float *mention_score = ut_arena_alloc(&rows->arena, (r->n_mentions + 1) * sizeof *mention_score);
    if (!id || !themes || !scores || !mention_theme || !mention_score) return UT_ENOMEM;
    memcpy(id, r->id, r->id_len);
    id[r->id_len] = '\0';
    for (uint32_t i = 0; i < t->n; i++) {
        themes[i] = t->theme[i];
        scores[i] = t->sum[i] / t->count[i];
    }
    for (uint32_t i = 0; i < r->n_mentions; i++) {
        mention_theme[i] = r->mentions[i].theme;
        mention_score[i] = r->mentions[i].score;
    }
    for (int g = 0; g < r->n_groups && g < UT_MAX_GROUPS; g++) {
        const ut_field_value *v = &r->groups[g];
        if (!v->present || v->len == 0) continue; /* as the aggregate: no group */
        char *value = ut_arena_alloc(&rows->arena, v->len + 1);
        if (!value) return UT_ENOMEM;
        memcpy(value, v->data, v->len);
        value[v->len] = '\0';
        row->group[g] = value;
    }
    row->id = id;
    row->id_len = r->id_len;
    row->record_no = r->record_no;
    row->s = r->sentiment;
    row->has_rating = r->has_rating;
    row->rating = r->rating;
    row->has_date = r->has_date;
    row->day = r->day;
    row->n_groups = r->n_groups;
    row->n_themes = t->n;
    row->themes = themes;
    row->scores = scores;
    row->n_mentions = r->n_mentions;
    row->mention_theme = mention_theme;
    row->mention_score = mention_score;
    rows->n++;
    return 0;
}

void ut_review_rows_deliver(const ut_review_rows *rows, const ut_themes *themes,
                            void (*cb)(void *, const ut_review_score *), void *ctx) {
    const char *names_small[64];
    for (size_t i = 0; i < rows->n; i++) {
        const ut_review_row *row = &rows->rows[i];
        const char **names = names_small;
        if (row->n_themes > 64) names = malloc(row->n_themes * sizeof *names);
        uint32_t n_themes = names ? row->n_themes : 0;
        if (!names) names = names_small;
        for (uint32_t k = 0; k < n_themes; k++)
            names[k] = ut_themes_name(themes, row->themes[k]);
        ut_review_score rs = {row->id,         row->id_len,    row->record_no,  row->s.compound,
                              row->s.positive, row->s.neutral, row->s.negative, row->has_rating,
                              row->rating,     n_themes,       names,           row->scores};
        cb(ctx, &rs);
        if (names != names_small) free(names);
    }
}

void ut_review_rows_free(ut_review_rows *rows) {
    ut_arena_free(&rows->arena);
    free(rows->rows);
    memset(rows, 0, sizeof *rows);
}
