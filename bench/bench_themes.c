/* bench_themes.c — what theme matching and attribution cost per token,
 * next to the tokenizer and the default scorer that run before them.
 *
 * The idea: time whole passes over the corpus with the thread's CPU clock
 * (a shared machine's wall clock measures its queue, not our code): tokenize;
 * tokenize and score; tokenize, score and find themes N times. Each stage
 * costs the difference, so the theme stage is measured above the noise.
 * Input: one review per line (e.g. `jq -r .reviewText reviews.jsonl`).
 *
 * Usage: bench_themes FILE [--domain PACK] [--repeat N] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/arena.h"
#include "model/builtin.h"
#include "util/common.h"
#include "model/lexicon.h"
#include "model/score.h"
#include "themes/theme.h"
#include "text/tokenizer.h"

static double cpu_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int fail(const char *what) {
    fprintf(stderr, "bench_themes: %s: %s\n", what, ut_error_last());
    return 1;
}

int main(int argc, char **argv) {
    const char *path = NULL, *domain = "";
    int repeat = 10;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--domain") == 0 && i + 1 < argc)
            domain = argv[++i];
        else if (strcmp(argv[i], "--repeat") == 0 && i + 1 < argc)
            repeat = atoi(argv[++i]);
        else if (!path && argv[i][0] != '-')
            path = argv[i];
        else
            path = NULL, i = argc;
    }
    if (!path || repeat < 1) {
        fprintf(stderr, "usage: bench_themes FILE [--domain PACK] [--repeat N]\n");
        return 2;
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return 1;
    }
    size_t len = 0, cap = 1 << 20;
    char *data = malloc(cap);
    for (size_t got; (got = fread(data + len, 1, cap - len, f)) > 0;) {
        len += got;
        if (len == cap) data = realloc(data, cap *= 2);
    }
    fclose(f);

    ut_lexicon *lex = NULL;
    ut_scorer *scorer = NULL;
    ut_themes *th = NULL;
    const ut_builtin_file *sentiment = ut_builtin_find("sentiment.tsv");
    if (ut_lexicon_new(&lex) || !sentiment ||
        ut_lexicon_load_buffer(lex, sentiment->name, sentiment->data, sentiment->len, UT_LEXFMT_AUTO) ||
        ut_lexicon_freeze(lex) || ut_scorer_new(&scorer, UT_MODEL_DEFAULT, lex))
        return fail("scorer");
    if (ut_themes_new(&th) || ut_themes_load_builtin(th, "general") ||
        (domain[0] && ut_themes_load_builtin(th, domain)) || ut_themes_freeze(th))
        return fail("themes");

    ut_tokens toks = UT_TOKENS_INIT;
    ut_arena arena = UT_ARENA_INIT;
    ut_theme_mention mentions[1024];
    /* Pass 0 tokenizes, pass 1 also scores, pass 2 also finds themes
     * `repeat` times; each stage's cost is the difference of whole-pass
     * times (a clock read per review would cost as much as a stage). Best of
     * three runs per pass. */
    double best[3] = {1e30, 1e30, 1e30};
    uint64_t tokens = 0, found = 0, reviews = 0;
    for (int run = 0; run < 3; run++) {
        for (int pass = 0; pass < 3; pass++) {
            tokens = found = reviews = 0;
            double t0 = cpu_seconds();
            for (const char *p = data, *end = data + len; p < end;) {
                const char *nl = memchr(p, '\n', (size_t)(end - p));
                size_t line_len = nl ? (size_t)(nl - p) : (size_t)(end - p);
                if (ut_tokenize(&toks, p, line_len)) return fail("tokenize");
                if (pass >= 1) {
                    ut_arena_reset(&arena);
                    ut_score_detail detail;
                    ut_sentiment overall;
                    if (ut_score_tokens(scorer, &toks, &arena, &detail, &overall)) return fail("score");
                    if (pass == 2)
                        for (int r = 0; r < repeat; r++)
                            found += ut_themes_find(th, &toks, &detail, mentions, 1024);
                }
                tokens += toks.n_tok;
                reviews++;
                p += line_len + 1;
            }
            double t = cpu_seconds() - t0;
            if (t < best[pass]) best[pass] = t;
        }
    }
    double t_tokenize = best[0], t_score = best[1] - best[0], t_themes = (best[2] - best[1]) / repeat;
    found /= (uint64_t)repeat;
    printf("%llu reviews, %zu bytes, %llu tokens, %llu theme mentions (general%s%s, %zu terms)\n",
           (unsigned long long)reviews, len, (unsigned long long)tokens, (unsigned long long)found,
           domain[0] ? " + " : "", domain, ut_themes_term_count(th));
    printf("%-10s %9s %11s %10s\n", "stage", "cpu s", "ns/token", "MB/s");
    const struct {
        const char *name;
        double seconds;
    } stages[] = {{"tokenize", t_tokenize}, {"score", t_score}, {"themes", t_themes}};
    for (size_t s = 0; s < UT_ARRAY_LEN(stages); s++)
        printf("%-10s %9.3f %11.1f %10.0f\n", stages[s].name, stages[s].seconds,
               1e9 * stages[s].seconds / (double)UT_MAX(tokens, 1), (double)len / stages[s].seconds / 1e6);

    ut_tokens_free(&toks);
    ut_arena_free(&arena);
    ut_themes_free(th);
    ut_scorer_free(scorer);
    ut_lexicon_free(lex);
    free(data);
    return 0;
}
