/* analyze_options.c — argv to ut_options and ut_run_options for `undertone analyze` and
 * `undertone-mpi analyze`: one table of options, so the two executables
 * can never drift apart. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze_options.h"
#include "cli.h"

const char cli_analyze_options_help[] =
    "input:\n"
    "  -f, --format FMT        auto|jsonl|csv|tsv|lines (default auto: by name, then by content)\n"
    "      --header MODE       auto|yes|no: CSV/TSV first row names the columns (default auto)\n"
    "      --text F            text field (name or 1-based column); default: the first present of\n"
    "                          text, review_text, reviewText, review, body, content, comment, Review Text\n"
    "      --title F           title field, scored as the review's first sentence\n"
    "      --id F              id field (default: the first present of id, review_id, reviewId;\n"
    "                          else the 1-based record number)\n"
    "      --rating F          star-rating field\n"
    "      --date F            date field (ISO 8601, Unix time, 'July 1, 2006', ...)\n"
    "      --group F           group field (repeatable, up to 8): branch, product, ...\n"
    "      --max-record-size N records larger than N bytes are skipped as too_large (default 64M)\n"
    "      --max-quoted-lines N  CSV: a quote still open after N line breaks is a stray one: its\n"
    "                          record's first line is skipped as csv_unterminated_quote (default 64)\n"
    "\n"
    "model:\n"
    "      --model NAME        default|vader (default: default)\n"
    "      --lexicon FILE      sentiment lexicon overlay (VADER, AFINN or undertone TSV; repeatable)\n"
    "      --no-builtin-lexicon  do not load the built-in sentiment lexicon\n"
    "      --themes FILE       theme lexicon (undertone TSV; repeatable)\n"
    "      --domain NAME       add a built-in theme pack: restaurant|hotel|ecommerce|airline|media,\n"
    "                          or auto: chosen from the words of the input's first 4 MB\n"
    "      --no-builtin-themes do not load the built-in general theme lexicon\n"
    "\n"
    "output:\n"
    "  -o, --out DIR           write summary.json, themes.csv, groups.csv, clusters.csv,\n"
    "                          phrases.csv, trends.csv and report.html into DIR\n"
    "      --scores FILE       per-review scores; .csv or .jsonl by suffix, - = stdout (CSV)\n"
    "      --state FILE        also write the mergeable aggregate state (see undertone merge)\n"
    "      --mentions FILE     one row per theme mention: id,theme,score,negative (CSV)\n"
    "      --sqlite FILE       also write every summary table, the reviews and their theme\n"
    "                          mentions into an SQLite database\n"
    "      --bucket UNIT       day|week|month: time bucket for trends.csv (needs --date; default month)\n"
    "      --top N             clusters shown in the console summary (default 5)\n"
    "      --suggest-themes FILE  write candidate themes for the complaints no theme covers\n"
    "                          (themes TSV with counts and quotes as comments; edit, then --themes FILE)\n"
    "      --no-phrases        skip phrase mining (phrases.csv, top_phrases empty; faster)\n"
    "      --stages            time each stage (read, split, parse, tokenize, score, themes,\n"
    "                          aggregate, emit, merge) and print the breakdown to standard error\n"
    "\n"
    "sharding (see undertone merge):\n"
    "      --record-base N     N records of the whole corpus come before these inputs, so record\n"
    "                          numbers and default ids are those of a single run (default 0)\n"
    "      --frames A:B        read only frames A to B-1 (0-based) of each input, which must be\n"
    "                          a packed corpus (undertone pack)\n"
    "\n"
    "run:\n"
    "  -j, --threads N         worker threads (default: all cores); outputs are identical for any N\n"
    "      --on-error MODE     skip|fail (default skip: bad records are skipped, counted, reported;\n"
    "                          fail: stop at the first with exit status 3)\n"
    "      --window N          decompressed bytes per work unit (default 4M)\n"
    "  -q, --quiet             no progress, no console summary\n"
    "      --progress          show progress on standard error even when it is not a terminal\n"
    "  -h, --help              this help\n";

enum {
    OPT_HEADER = 256,
    OPT_TEXT,
    OPT_TITLE,
    OPT_ID,
    OPT_RATING,
    OPT_DATE,
    OPT_GROUP,
    OPT_LEXICON,
    OPT_THEMES,
    OPT_MODEL,
    OPT_SCORES,
    OPT_STATE,
    OPT_SQLITE,
    OPT_ON_ERROR,
    OPT_BUCKET,
    OPT_PROGRESS,
    OPT_DOMAIN,
    OPT_NO_LEXICON,
    OPT_NO_THEMES,
    OPT_MAX_RECORD,
    OPT_SUGGEST,
    OPT_WINDOW,
    OPT_TOP,
    OPT_NO_PHRASES,
    OPT_STAGES,
    OPT_RECORD_BASE,
    OPT_FRAMES,
    OPT_MAX_QUOTED_LINES,
    OPT_MENTIONS
};

static int parse_enum(const char *opt, const char *value, const char *const *names, int n) {
    for (int i = 0; i < n; i++)
        if (strcmp(value, names[i]) == 0) return i;
    cli_error("%s: unknown value '%s'", opt, value);
    return -1;
}

/* A record count or frame number: digits only, the whole uint64 range. */
static int parse_u64(const char *s, const char *end, uint64_t *out) {
    if (s == end) return -1;
    uint64_t v = 0;
    for (const char *p = s; p < end; p++) {
        if (*p < '0' || *p > '9') return -1;
        unsigned d = (unsigned)(*p - '0');
        if (v > (UINT64_MAX - d) / 10) return -1;
        v = v * 10 + d;
    }
    *out = v;
    return 0;
}

static int parse_frames(const char *value, uint64_t *begin, uint64_t *end) {
    const char *colon = strchr(value, ':');
    if (!colon || parse_u64(value, colon, begin) || parse_u64(colon + 1, colon + strlen(colon), end) ||
        *end <= *begin) {
        cli_error("--frames: expected A:B with frame numbers A < B (0-based, B excluded), got '%s'", value);
        return -1;
    }
    return 0;
}

int cli_analyze_parse(cli_analyze_args *a, int argc, char **argv, const char *usage_head, const char *try) {
    static const struct option longopts[] = {{"format", required_argument, 0, 'f'},
                                             {"header", required_argument, 0, OPT_HEADER},
                                             {"text", required_argument, 0, OPT_TEXT},
                                             {"title", required_argument, 0, OPT_TITLE},
                                             {"id", required_argument, 0, OPT_ID},
                                             {"rating", required_argument, 0, OPT_RATING},
                                             {"date", required_argument, 0, OPT_DATE},
                                             {"group", required_argument, 0, OPT_GROUP},
                                             {"lexicon", required_argument, 0, OPT_LEXICON},
                                             {"themes", required_argument, 0, OPT_THEMES},
                                             {"model", required_argument, 0, OPT_MODEL},
                                             {"threads", required_argument, 0, 'j'},
                                             {"out", required_argument, 0, 'o'},
                                             {"scores", required_argument, 0, OPT_SCORES},
                                             {"state", required_argument, 0, OPT_STATE},
                                             {"sqlite", required_argument, 0, OPT_SQLITE},
                                             {"on-error", required_argument, 0, OPT_ON_ERROR},
                                             {"bucket", required_argument, 0, OPT_BUCKET},
                                             {"quiet", no_argument, 0, 'q'},
                                             {"progress", no_argument, 0, OPT_PROGRESS},
                                             {"domain", required_argument, 0, OPT_DOMAIN},
                                             {"no-builtin-lexicon", no_argument, 0, OPT_NO_LEXICON},
                                             {"no-builtin-themes", no_argument, 0, OPT_NO_THEMES},
                                             {"max-record-size", required_argument, 0, OPT_MAX_RECORD},
                                             {"window", required_argument, 0, OPT_WINDOW},
                                             {"top", required_argument, 0, OPT_TOP},
                                             {"no-phrases", no_argument, 0, OPT_NO_PHRASES},
                                             {"stages", no_argument, 0, OPT_STAGES},
                                             {"record-base", required_argument, 0, OPT_RECORD_BASE},
                                             {"frames", required_argument, 0, OPT_FRAMES},
                                             {"suggest-themes", required_argument, 0, OPT_SUGGEST},
                                             {"max-quoted-lines", required_argument, 0, OPT_MAX_QUOTED_LINES},
                                             {"mentions", required_argument, 0, OPT_MENTIONS},
                                             {"help", no_argument, 0, 'h'},
                                             {0, 0, 0, 0}};
    static const char *const formats[] = {"auto", "jsonl", "csv", "tsv", "lines"};
    static const char *const headers[] = {"auto", "yes", "no"};
    static const char *const models[] = {"default", "vader"};
    static const char *const on_errors[] = {"skip", "fail"};
    static const char *const buckets[] = {"none", "day", "week", "month"};

    memset(a, 0, sizeof *a);
    ut_options *o = &a->opts;
    ut_run_options *r = &a->run;
    ut_options_init(o, UT_OPTIONS_VERSION);
    ut_run_options_init(r, UT_RUN_OPTIONS_VERSION);
    a->top = 5;
    a->lexicons = calloc((size_t)argc + 1, sizeof *a->lexicons);
    a->themes = calloc((size_t)argc + 1, sizeof *a->themes);
    if (!a->lexicons || !a->themes) {
        cli_error("out of memory");
        return EXIT_RUNTIME;
    }
    int bucket_given = 0;

    optind = 1;
    int c, v;
    while ((c = getopt_long(argc, argv, "f:j:o:qh", longopts, NULL)) != -1) {
        switch (c) {
        case 'f':
            if ((v = parse_enum("--format", optarg, formats, 5)) < 0) goto usage;
            o->format = (ut_format)v;
            break;
        case OPT_HEADER:
            if ((v = parse_enum("--header", optarg, headers, 3)) < 0) goto usage;
            o->header = (ut_header_mode)v;
            break;
        case OPT_TEXT:
            o->text_field = optarg;
            break;
        case OPT_TITLE:
            o->title_field = optarg;
            break;
        case OPT_ID:
            o->id_field = optarg;
            break;
        case OPT_RATING:
            o->rating_field = optarg;
            break;
        case OPT_DATE:
            o->date_field = optarg;
            break;
        case OPT_GROUP:
            if (o->n_groups == UT_MAX_GROUPS) {
                cli_error("--group: at most %d group fields", UT_MAX_GROUPS);
                goto usage;
            }
            o->group_fields[o->n_groups++] = optarg;
            break;
        case OPT_LEXICON:
            a->lexicons[o->n_lexicons++] = optarg;
            break;
        case OPT_THEMES:
            a->themes[o->n_themes++] = optarg;
            break;
        case OPT_MODEL:
            if ((v = parse_enum("--model", optarg, models, 2)) < 0) goto usage;
            o->model = (ut_model)v;
            break;
        case 'j': {
            long n = cli_parse_count("--threads", optarg, 1, 1024);
            if (n < 0) goto usage;
            r->threads = (int)n;
            break;
        }
        case 'o':
            a->out_dir = optarg;
            break;
        case OPT_SCORES:
            r->scores_path = optarg;
            break;
        case OPT_STATE:
            a->state_path = optarg;
            break;
        case OPT_SQLITE:
            a->sqlite_path = optarg;
            break;
        case OPT_ON_ERROR:
            if ((v = parse_enum("--on-error", optarg, on_errors, 2)) < 0) goto usage;
            r->on_error = (ut_on_error)v;
            break;
        case OPT_BUCKET:
            if ((v = parse_enum("--bucket", optarg, buckets, 4)) < 0) goto usage;
            o->bucket = (ut_bucket)v;
            bucket_given = 1;
            break;
        case 'q':
            a->quiet = 1;
            break;
        case OPT_PROGRESS:
            a->force_progress = 1;
            break;
        case OPT_DOMAIN:
            o->domain = optarg;
            break;
        case OPT_NO_LEXICON:
            o->no_builtin_lexicon = 1;
            break;
        case OPT_NO_THEMES:
            o->no_builtin_themes = 1;
            break;
        case OPT_MAX_RECORD:
            if (!(o->max_record_bytes = cli_parse_size("--max-record-size", optarg))) goto usage;
            break;
        case OPT_WINDOW:
            if (!(r->window_bytes = cli_parse_size("--window", optarg))) goto usage;
            break;
        case OPT_TOP:
            if ((a->top = cli_parse_count("--top", optarg, 0, 1000)) < 0) goto usage;
            break;
        case OPT_STAGES:
            r->measure_stages = 1;
            break;
        case OPT_SUGGEST:
            a->suggest_path = optarg;
            r->suggest_themes = 1;
            break;
        case OPT_NO_PHRASES:
            o->no_phrases = 1;
            break;
        case OPT_RECORD_BASE:
            if (parse_u64(optarg, optarg + strlen(optarg), &r->record_base)) {
                cli_error("--record-base: expected a whole number of records, got '%s'", optarg);
                goto usage;
            }
            break;
        case OPT_FRAMES:
            if (parse_frames(optarg, &r->frame_begin, &r->frame_end)) goto usage;
            a->frames_given = 1;
            break;
        case OPT_MAX_QUOTED_LINES: {
            long n = cli_parse_count("--max-quoted-lines", optarg, 1, 1000000);
            if (n < 0) goto usage;
            o->max_quoted_lines = (unsigned)n;
            break;
        }
        case OPT_MENTIONS:
            r->mentions_path = optarg;
            break;
        case 'h':
            fputs(usage_head, stdout);
            fputs(cli_analyze_options_help, stdout);
            return EXIT_OK;
        default:
            goto usage;
        }
    }
    if (optind >= argc) {
        cli_error("analyze: no INPUT given");
        goto usage;
    }
    if (bucket_given && o->bucket != UT_BUCKET_NONE && !o->date_field) {
        cli_error("--bucket needs --date");
        goto usage;
    }
    if (o->date_field && !bucket_given) o->bucket = UT_BUCKET_MONTH;
    o->lexicon_paths = a->lexicons;
    o->theme_paths = a->themes;
    a->inputs = (const char *const *)argv + optind;
    a->n_inputs = (size_t)(argc - optind);
    return CLI_ANALYZE_RUN;
usage:
    fprintf(stderr, "try: %s --help\n", try);
    return EXIT_USAGE;
}

void cli_analyze_args_free(cli_analyze_args *a) {
    free(a->lexicons);
    free(a->themes);
    a->lexicons = a->themes = NULL;
}
