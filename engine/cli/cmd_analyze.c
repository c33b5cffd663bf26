/* cmd_analyze.c — `undertone analyze`: options to ut_options, a run, the
 * outputs, a console summary, progress on a terminal, SIGINT handling. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

static const char analyze_usage[] =
    "usage: undertone analyze [OPTIONS] INPUT...\n"
    "\n"
    "Analyzes one or more corpora as one. INPUT is a path or - for standard input;\n"
    "zstd input (.zst or zstd magic), single- or multi-frame, is read directly.\n"
    "\n"
    "input:\n"
    "  -f, --format FMT        auto|jsonl|csv|tsv|lines (default auto: by name, then by content)\n"
    "      --header MODE       auto|yes|no: CSV/TSV first row names the columns (default auto)\n"
    "      --text F            text field (name or 1-based column); default: the first present of\n"
    "                          text, review_text, reviewText, review, body, content, comment, Review Text\n"
    "      --title F           title field, scored as the review's first sentence\n"
    "      --id F              id field (default: the 1-based record number)\n"
    "      --rating F          star-rating field\n"
    "      --date F            date field (ISO 8601, Unix time, 'July 1, 2006', ...)\n"
    "      --group F           group field (repeatable, up to 8): branch, product, ...\n"
    "      --max-record-size N records larger than N bytes are skipped as too_large (default 64M)\n"
    "\n"
    "model:\n"
    "      --model NAME        default|vader (default: default)\n"
    "      --lexicon FILE      sentiment lexicon overlay (VADER, AFINN or undertone TSV; repeatable)\n"
    "      --no-builtin-lexicon  do not load the built-in sentiment lexicon\n"
    "      --themes FILE       theme lexicon (undertone TSV; repeatable)\n"
    "      --domain NAME       add a built-in theme pack: restaurant|hotel|ecommerce|airline\n"
    "      --no-builtin-themes do not load the built-in general theme lexicon\n"
    "\n"
    "output:\n"
    "  -o, --out DIR           write summary.json, themes.csv, groups.csv, clusters.csv,\n"
    "                          phrases.csv, trends.csv and report.html into DIR\n"
    "      --scores FILE       per-review scores; .csv or .jsonl by suffix, - = stdout (CSV)\n"
    "      --state FILE        also write the mergeable aggregate state (see undertone merge)\n"
    "      --sqlite FILE       also write every summary table into an SQLite database\n"
    "      --bucket UNIT       day|week|month: time bucket for trends.csv (needs --date; default month)\n"
    "      --top N             clusters shown in the console summary (default 5)\n"
    "\n"
    "run:\n"
    "  -j, --threads N         worker threads (default: all cores); outputs are identical for any N\n"
    "      --on-error MODE     skip|fail (default skip: bad records are skipped, counted, reported;\n"
    "                          fail: stop at the first with exit status 3)\n"
    "      --window N          decompressed bytes per work unit (default 4M)\n"
    "  -q, --quiet             no progress, no console summary\n"
    "      --progress          show progress on standard error even when it is not a terminal\n"
    "      --stages            time each stage (read, split, parse, tokenize, score, themes,\n"
    "                          aggregate, emit) and print the seconds, summed over threads, to\n"
    "                          standard error\n"
    "  -h, --help              this help\n";

enum {
    OPT_HEADER = 256, OPT_TEXT, OPT_TITLE, OPT_ID, OPT_RATING, OPT_DATE, OPT_GROUP, OPT_LEXICON, OPT_THEMES,
    OPT_MODEL, OPT_SCORES, OPT_STATE, OPT_SQLITE, OPT_ON_ERROR, OPT_BUCKET, OPT_PROGRESS, OPT_DOMAIN,
    OPT_NO_LEXICON, OPT_NO_THEMES, OPT_MAX_RECORD, OPT_WINDOW, OPT_TOP, OPT_STAGES
};

static volatile int interrupted;

static void on_sigint(int sig) {
    (void)sig;
    interrupted = 1;
}

typedef struct progress_state {
    double start;
    double last;
    int shown;
} progress_state;

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void show_progress(void *ctx, uint64_t in_done, uint64_t in_total, uint64_t bytes, uint64_t records) {
    progress_state *p = ctx;
    double t = now_seconds();
    if (t - p->last < 0.2) return;
    p->last = t;
    double el = t - p->start;
    double mbs = el > 0 ? (double)bytes / 1e6 / el : 0;
    char eta[32] = "";
    if (in_total && in_done && in_done <= in_total && el > 0) {
        double rest = el * (double)(in_total - in_done) / (double)in_done;
        snprintf(eta, sizeof eta, "  ETA %d:%02d", (int)rest / 60, (int)rest % 60);
    }
    fprintf(stderr, "\r%9.1f MB  %11llu records  %7.1f MB/s%s   ", (double)bytes / 1e6, (unsigned long long)records,
            mbs, eta);
    fflush(stderr);
    p->shown = 1;
}

/* mkdir -p */
static int make_dirs(const char *path) {
    char buf[4096];
    size_t n = strlen(path);
    if (n == 0 || n >= sizeof buf) {
        errno = ENAMETOOLONG;
        return -1;
    }
    memcpy(buf, path, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (buf[i] != '/' && buf[i] != '\0') continue;
        char c = buf[i];
        buf[i] = '\0';
        if (mkdir(buf, 0777) != 0 && errno != EEXIST) return -1;
        buf[i] = c;
    }
    struct stat sb;
    if (stat(path, &sb) != 0) return -1;
    if (!S_ISDIR(sb.st_mode)) {
        errno = ENOTDIR;
        return -1;
    }
    return 0;
}

/* --stages: one line per stage with its share of the measured time and the
 * rate it would sustain alone on one core. */
static void print_stages(const ut_result *res) {
    const char *names[16];
    double secs[16], total = 0;
    int n = ut_result_stage_seconds(res, names, secs, 16);
    if (n > 16) n = 16;
    for (int i = 0; i < n; i++) total += secs[i];
    const double mb = (double)ut_result_bytes(res) / 1e6;
    fprintf(stderr, "stage            seconds   share   MB/s per core\n");
    for (int i = 0; i < n; i++) {
        fprintf(stderr, "%-14s %9.3f  %5.1f%%", names[i], secs[i], total > 0 ? 100.0 * secs[i] / total : 0.0);
        /* a stage that took no measurable time has no meaningful rate */
        if (secs[i] >= 1e-3)
            fprintf(stderr, "  %10.1f\n", mb / secs[i]);
        else
            fprintf(stderr, "  %10s\n", "-");
    }
    fprintf(stderr, "%-14s %9.3f  100.0%%  %10.1f\n", "total", total, total > 0 ? mb / total : 0.0);
}

static int parse_enum(const char *opt, const char *value, const char *const *names, int n) {
    for (int i = 0; i < n; i++)
        if (strcmp(value, names[i]) == 0) return i;
    cli_error("%s: unknown value '%s'", opt, value);
    return -1;
}

int cmd_analyze(int argc, char **argv) {
    static const struct option longopts[] = {
        {"format", required_argument, 0, 'f'},     {"header", required_argument, 0, OPT_HEADER},
        {"text", required_argument, 0, OPT_TEXT},  {"title", required_argument, 0, OPT_TITLE},
        {"id", required_argument, 0, OPT_ID},      {"rating", required_argument, 0, OPT_RATING},
        {"date", required_argument, 0, OPT_DATE},  {"group", required_argument, 0, OPT_GROUP},
        {"lexicon", required_argument, 0, OPT_LEXICON}, {"themes", required_argument, 0, OPT_THEMES},
        {"model", required_argument, 0, OPT_MODEL}, {"threads", required_argument, 0, 'j'},
        {"out", required_argument, 0, 'o'},        {"scores", required_argument, 0, OPT_SCORES},
        {"state", required_argument, 0, OPT_STATE}, {"sqlite", required_argument, 0, OPT_SQLITE},
        {"on-error", required_argument, 0, OPT_ON_ERROR}, {"bucket", required_argument, 0, OPT_BUCKET},
        {"quiet", no_argument, 0, 'q'},            {"progress", no_argument, 0, OPT_PROGRESS},
        {"domain", required_argument, 0, OPT_DOMAIN}, {"no-builtin-lexicon", no_argument, 0, OPT_NO_LEXICON},
        {"no-builtin-themes", no_argument, 0, OPT_NO_THEMES},
        {"max-record-size", required_argument, 0, OPT_MAX_RECORD}, {"window", required_argument, 0, OPT_WINDOW},
        {"top", required_argument, 0, OPT_TOP},    {"stages", no_argument, 0, OPT_STAGES},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}};
    static const char *const formats[] = {"auto", "jsonl", "csv", "tsv", "lines"};
    static const char *const headers[] = {"auto", "yes", "no"};
    static const char *const models[] = {"default", "vader"};
    static const char *const on_errors[] = {"skip", "fail"};
    static const char *const buckets[] = {"none", "day", "week", "month"};

    ut_options o;
    ut_options_init(&o, UT_OPTIONS_VERSION);
    const char **lexicons = calloc((size_t)argc + 1, sizeof *lexicons);
    const char **themes = calloc((size_t)argc + 1, sizeof *themes);
    const char *out_dir = NULL, *state_path = NULL, *sqlite_path = NULL;
    int quiet = 0, force_progress = 0, bucket_given = 0, code = EXIT_OK;
    long top = 5;
    ut_analyzer *an = NULL;
    ut_result *res = NULL;
    if (!lexicons || !themes) {
        cli_error("out of memory");
        code = EXIT_RUNTIME;
        goto done;
    }

    optind = 1;
    int c, v;
    while ((c = getopt_long(argc, argv, "f:j:o:qh", longopts, NULL)) != -1) {
        switch (c) {
        case 'f':
            if ((v = parse_enum("--format", optarg, formats, 5)) < 0) goto usage;
            o.format = (ut_format)v;
            break;
        case OPT_HEADER:
            if ((v = parse_enum("--header", optarg, headers, 3)) < 0) goto usage;
            o.header = (ut_header_mode)v;
            break;
        case OPT_TEXT: o.text_field = optarg; break;
        case OPT_TITLE: o.title_field = optarg; break;
        case OPT_ID: o.id_field = optarg; break;
        case OPT_RATING: o.rating_field = optarg; break;
        case OPT_DATE: o.date_field = optarg; break;
        case OPT_GROUP:
            if (o.n_groups == UT_MAX_GROUPS) {
                cli_error("--group: at most %d group fields", UT_MAX_GROUPS);
                goto usage;
            }
            o.group_fields[o.n_groups++] = optarg;
            break;
        case OPT_LEXICON: lexicons[o.n_lexicons++] = optarg; break;
        case OPT_THEMES: themes[o.n_themes++] = optarg; break;
        case OPT_MODEL:
            if ((v = parse_enum("--model", optarg, models, 2)) < 0) goto usage;
            o.model = (ut_model)v;
            break;
        case 'j': {
            long n = cli_parse_count("--threads", optarg, 1, 1024);
            if (n < 0) goto usage;
            o.threads = (int)n;
            break;
        }
        case 'o': out_dir = optarg; break;
        case OPT_SCORES: o.scores_path = optarg; break;
        case OPT_STATE: state_path = optarg; break;
        case OPT_SQLITE: sqlite_path = optarg; break;
        case OPT_ON_ERROR:
            if ((v = parse_enum("--on-error", optarg, on_errors, 2)) < 0) goto usage;
            o.on_error = (ut_on_error)v;
            break;
        case OPT_BUCKET:
            if ((v = parse_enum("--bucket", optarg, buckets, 4)) < 0) goto usage;
            o.bucket = (ut_bucket)v;
            bucket_given = 1;
            break;
        case 'q': quiet = 1; break;
        case OPT_PROGRESS: force_progress = 1; break;
        case OPT_STAGES: o.measure_stages = 1; break;
        case OPT_DOMAIN: o.domain = optarg; break;
        case OPT_NO_LEXICON: o.no_builtin_lexicon = 1; break;
        case OPT_NO_THEMES: o.no_builtin_themes = 1; break;
        case OPT_MAX_RECORD:
            if (!(o.max_record_bytes = cli_parse_size("--max-record-size", optarg))) goto usage;
            break;
        case OPT_WINDOW:
            if (!(o.window_bytes = cli_parse_size("--window", optarg))) goto usage;
            break;
        case OPT_TOP:
            if ((top = cli_parse_count("--top", optarg, 0, 1000)) < 0) goto usage;
            break;
        case 'h':
            fputs(analyze_usage, stdout);
            goto done;
        default: goto usage;
        }
    }
    if (optind >= argc) {
        cli_error("analyze: no INPUT given");
        goto usage;
    }
    if (bucket_given && o.bucket != UT_BUCKET_NONE && !o.date_field) {
        cli_error("--bucket needs --date");
        goto usage;
    }
    if (o.date_field && !bucket_given) o.bucket = UT_BUCKET_MONTH;
    if (!out_dir && !o.scores_path && !state_path && !sqlite_path && quiet)
        cli_error("warning: no output requested (-o, --scores, --state or --sqlite)");
    o.lexicon_paths = lexicons;
    o.theme_paths = themes;

    progress_state prog = {now_seconds(), 0, 0};
    if (!quiet && (force_progress || isatty(STDERR_FILENO))) {
        o.on_progress = show_progress;
        o.on_progress_ctx = &prog;
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    o.cancel = &interrupted;

    int err = ut_analyzer_new(&an, &o);
    if (err) {
        code = cli_fail(err, NULL);
        goto done;
    }
    /* Made before the run so that --scores may point inside it. */
    if (out_dir && make_dirs(out_dir) != 0) {
        cli_error("%s: cannot create the output directory: %s", out_dir, strerror(errno));
        code = EXIT_RUNTIME;
        goto done;
    }
    err = ut_analyze(&res, an, (const char *const *)argv + optind, (size_t)(argc - optind));
    if (prog.shown) fputc('\n', stderr);
    if (err) {
        code = cli_fail(err, NULL);
        goto done;
    }
    if (out_dir && (err = ut_result_write_dir(res, out_dir))) {
        code = cli_fail(err, NULL);
        goto done;
    }
    if (state_path && (err = ut_result_save_state(res, state_path))) {
        code = cli_fail(err, NULL);
        goto done;
    }
    if (sqlite_path && (err = ut_result_write_sqlite(res, sqlite_path))) {
        code = cli_fail(err, NULL);
        goto done;
    }
    if (o.measure_stages) print_stages(res);
    if (ut_result_bad_records(res))
        cli_error("skipped %llu bad record(s), counted by reason in summary.json; the first: %s",
                  (unsigned long long)ut_result_bad_records(res), ut_result_first_bad(res));
    if (!quiet) {
        /* Keep data on stdout clean when the scores go there. */
        FILE *to = o.scores_path && strcmp(o.scores_path, "-") == 0 ? stderr : stdout;
        char *text = NULL;
        if (ut_result_summary_text(&text, res, (int)top) == 0 && text) fputs(text, to);
        ut_free(text);
        double secs = ut_result_seconds(res);
        fprintf(to, "%llu reviews, %.1f MB in %.2f s (%.1f MB/s, %d threads)\n",
                (unsigned long long)ut_result_records(res), (double)ut_result_bytes(res) / 1e6, secs,
                secs > 0 ? (double)ut_result_bytes(res) / 1e6 / secs : 0.0, ut_result_threads(res));
        if (out_dir) fprintf(to, "report: %s/report.html\n", out_dir);
    }
    goto done;
usage:
    fputs("try: undertone analyze --help\n", stderr);
    code = EXIT_USAGE;
done:
    ut_result_free(res);
    ut_analyzer_free(an);
    free(lexicons);
    free(themes);
    return code;
}
