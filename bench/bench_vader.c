/* bench_vader.c — speed of the VADER model, and a scoring driver for
 * comparing it with the reference implementation.
 *
 *   bench_vader LEXICON FILE [--tsv] [--runs N] [--print] [--lexicon MORE]...
 *
 * FILE holds one text per line (--tsv: the text follows the second TAB, as
 * in the VADER ground-truth files; CR before LF is dropped). Reports the
 * best of N runs (default 5) as texts/s and MB/s of text on one core;
 * --print writes "neg neu pos compound" per text instead, as the reference
 * rounds them, for a line-by-line diff against vaderSentiment. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pipeline/analyzer.h" /* ut_stage_clock */
#include "util/arena.h"
#include "model/lexicon.h"
#include "model/score.h"
#include "undertone.h"

typedef struct text_span {
    size_t off, len;
} text_span;

static char *read_all(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 20, n = 0;
    char *data = malloc(cap);
    for (;;) {
        if (!data) break;
        n += fread(data + n, 1, cap - n, f);
        if (n < cap) break;
        char *grown = realloc(data, cap *= 2);
        if (!grown) {
            free(data);
            data = NULL;
        }
        data = grown;
    }
    fclose(f);
    *len = n;
    return data;
}

int main(int argc, char **argv) {
    const char *lex_path = NULL, *text_path = NULL, *more[8];
    int n_more = 0;
    int tsv = 0, print = 0, runs = 5;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--tsv"))
            tsv = 1;
        else if (!strcmp(argv[i], "--print"))
            print = 1;
        else if (!strcmp(argv[i], "--runs") && i + 1 < argc)
            runs = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--lexicon") && i + 1 < argc && n_more < 8)
            more[n_more++] = argv[++i];
        else if (!lex_path)
            lex_path = argv[i];
        else if (!text_path)
            text_path = argv[i];
    }
    if (!lex_path || !text_path || runs < 1) {
        fprintf(stderr, "usage: bench_vader LEXICON FILE [--tsv] [--runs N] [--print] [--lexicon MORE]...\n");
        return 2;
    }
    ut_lexicon *lex = NULL;
    ut_scorer *scorer = NULL;
    int rc = ut_lexicon_new(&lex) || ut_lexicon_load_file(lex, lex_path);
    for (int i = 0; i < n_more && !rc; i++)
        rc = ut_lexicon_load_file(lex, more[i]);
    if (rc || ut_lexicon_freeze(lex) || ut_scorer_new(&scorer, UT_MODEL_VADER, lex)) {
        fprintf(stderr, "bench_vader: %s\n", ut_error_last());
        ut_scorer_free(scorer);
        ut_lexicon_free(lex);
        return 1;
    }
    size_t len;
    char *data = read_all(text_path, &len);
    if (!data) {
        fprintf(stderr, "bench_vader: cannot read %s\n", text_path);
        return 1;
    }
    size_t n = 0, cap = 1024, bytes = 0;
    text_span *texts = malloc(cap * sizeof *texts);
    for (size_t p = 0; p < len;) {
        char *eol = memchr(data + p, '\n', len - p);
        size_t end = eol ? (size_t)(eol - data) : len, line_end = end;
        if (line_end > p && data[line_end - 1] == '\r') line_end--;
        size_t start = p;
        for (int tabs = tsv ? 2 : 0; tabs > 0 && start < line_end; start++)
            if (data[start] == '\t') tabs--;
        if (n == cap) texts = realloc(texts, (cap *= 2) * sizeof *texts);
        if (!texts) return 1;
        texts[n++] = (text_span){start, line_end - start};
        bytes += line_end - start;
        p = end + 1;
    }
    ut_arena arena = UT_ARENA_INIT;
    ut_sentiment s;
    if (print) {
        for (size_t i = 0; i < n; i++) {
            ut_arena_reset(&arena);
            ut_score_vader_text(scorer, data + texts[i].off, texts[i].len, &arena, &s);
            printf("%.3f %.3f %.3f %.4f\n", s.negative, s.neutral, s.positive, s.compound);
        }
    } else {
        double best = 1e30, checksum = 0;
        for (int r = 0; r < runs; r++) {
            double t0 = ut_stage_clock();
            for (size_t i = 0; i < n; i++) {
                ut_arena_reset(&arena);
                ut_score_vader_text(scorer, data + texts[i].off, texts[i].len, &arena, &s);
                checksum += s.compound;
            }
            double t = ut_stage_clock() - t0;
            if (t < best) best = t;
        }
        printf("%zu texts, %.2f MB: best of %d runs %.4f s = %.0f texts/s, %.1f MB/s (one core; checksum %.4f)\n", n,
               (double)bytes / 1e6, runs, best, (double)n / best, (double)bytes / 1e6 / best, checksum / runs);
    }
    ut_arena_free(&arena);
    free(texts);
    free(data);
    ut_scorer_free(scorer);
    ut_lexicon_free(lex);
    return 0;
}
