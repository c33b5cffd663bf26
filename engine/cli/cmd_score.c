/* cmd_score.c — `undertone score TEXT...`: quick checks of single texts,
 * with the breakdown that says why each scored as it did. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char score_usage[] =
    "usage: undertone score [OPTIONS] TEXT...\n"
    "\n"
    "Scores each TEXT and shows the per-sentence and per-clause breakdown: the words\n"
    "that carried sentiment, the rules applied, and the themes with their scores.\n"
    "TEXT - reads one text per line from standard input.\n"
    "\n"
    "      --model NAME        default|vader (default: default)\n"
    "      --lexicon FILE      sentiment lexicon overlay (repeatable)\n"
    "      --no-builtin-lexicon  do not load the built-in sentiment lexicon\n"
    "      --themes FILE       theme lexicon (repeatable)\n"
    "      --domain NAME       built-in theme pack: restaurant|hotel|ecommerce|airline|media\n"
    "      --brief             one line per text: compound positive neutral negative\n"
    "  -h, --help              this help\n";

enum { OPT_MODEL = 256, OPT_LEXICON, OPT_THEMES, OPT_DOMAIN, OPT_NO_LEXICON, OPT_BRIEF };

static int score_one(const ut_analyzer *an, const char *text, size_t len, int brief) {
    if (brief) {
        ut_text_score s;
        int err = ut_score_text(&s, an, text, len);
        if (err) return cli_fail(err, NULL);
        printf("%.4f\t%.4f\t%.4f\t%.4f\n", s.compound, s.positive, s.neutral, s.negative);
        return 0;
    }
    char *explained = NULL;
    int err = ut_explain_text(&explained, an, text, len);
    if (err) return cli_fail(err, NULL);
    fputs(explained, stdout);
    ut_free(explained);
    return 0;
}

int cmd_score(int argc, char **argv) {
    static const struct option longopts[] = {{"model", required_argument, 0, OPT_MODEL},
                                             {"lexicon", required_argument, 0, OPT_LEXICON},
                                             {"themes", required_argument, 0, OPT_THEMES},
                                             {"domain", required_argument, 0, OPT_DOMAIN},
                                             {"no-builtin-lexicon", no_argument, 0, OPT_NO_LEXICON},
                                             {"brief", no_argument, 0, OPT_BRIEF},
                                             {"help", no_argument, 0, 'h'},
                                             {0, 0, 0, 0}};
    ut_options o;
    ut_options_init(&o, UT_OPTIONS_VERSION);
    const char **lexicons = calloc((size_t)argc + 1, sizeof *lexicons);
    const char **themes = calloc((size_t)argc + 1, sizeof *themes);
    int brief = 0, code = EXIT_OK, c;
    ut_analyzer *an = NULL;
    if (!lexicons || !themes) {
        cli_error("out of memory");
        code = EXIT_RUNTIME;
        goto done;
    }
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_MODEL:
            if (strcmp(optarg, "default") == 0)
                o.model = UT_MODEL_DEFAULT;
            else if (strcmp(optarg, "vader") == 0)
                o.model = UT_MODEL_VADER;
            else {
                cli_error("--model: unknown value '%s'", optarg);
                goto usage;
            }
            break;
        case OPT_LEXICON:
            lexicons[o.n_lexicons++] = optarg;
            break;
        case OPT_THEMES:
            themes[o.n_themes++] = optarg;
            break;
        case OPT_DOMAIN:
            o.domain = optarg;
            break;
        case OPT_NO_LEXICON:
            o.no_builtin_lexicon = 1;
            break;
        case OPT_BRIEF:
            brief = 1;
            break;
        case 'h':
            fputs(score_usage, stdout);
            goto done;
        default:
            goto usage;
        }
    }
    if (optind >= argc) {
        cli_error("score: no TEXT given");
        goto usage;
    }
    o.lexicon_paths = lexicons;
    o.theme_paths = themes;
    int err = ut_analyzer_new(&an, &o);
    if (err) {
        code = cli_fail(err, NULL);
        goto done;
    }
    for (int i = optind; i < argc && code == EXIT_OK; i++) {
        if (strcmp(argv[i], "-") == 0) {
            char *line = NULL;
            size_t cap = 0;
            ssize_t n;
            while (code == EXIT_OK && (n = getline(&line, &cap, stdin)) >= 0) {
                while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
                    n--;
                code = score_one(an, line, (size_t)n, brief);
            }
            free(line);
        } else {
            code = score_one(an, argv[i], strlen(argv[i]), brief);
        }
    }
    goto done;
usage:
    fputs("try: undertone score --help\n", stderr);
    code = EXIT_USAGE;
done:
    ut_analyzer_free(an);
    free(lexicons);
    free(themes);
    return code;
}
