/* cmd_analyze.c — `undertone analyze`: options to ut_options and
 * ut_run_options, a run, the outputs, a console summary, progress on a
 * terminal, SIGINT handling. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "analyze_options.h"
#include "cli.h"

static const char analyze_usage_head[] =
    "usage: undertone analyze [OPTIONS] INPUT...\n"
    "\n"
    "Analyzes one or more corpora as one. INPUT is a path or - for standard input;\n"
    "zstd (single- or multi-frame) and gzip input is read directly, told by its\n"
    "magic number; other compressed or archive formats and binary data are refused.\n"
    "\n";

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

static void show_progress(void *ctx, uint64_t in_done, uint64_t in_total, uint64_t bytes, uint64_t records) {
    progress_state *p = ctx;
    double t = cli_now_seconds();
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
    for (int i = 0; i < n; i++)
        total += secs[i];
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

int cmd_analyze(int argc, char **argv) {
    cli_analyze_args args;
    ut_analyzer *an = NULL;
    ut_result *res = NULL;
    int code = cli_analyze_parse(&args, argc, argv, analyze_usage_head, "undertone analyze");
    if (code != CLI_ANALYZE_RUN) goto done;
    code = EXIT_OK;
    ut_options o = args.opts;
    ut_run_options run = args.run;
    const char *out_dir = args.out_dir, *state_path = args.state_path, *sqlite_path = args.sqlite_path;
    int quiet = args.quiet, force_progress = args.force_progress;
    long top = args.top;
    if (!out_dir && !run.scores_path && !run.mentions_path && !state_path && !sqlite_path && !args.suggest_path &&
        quiet)
        cli_error("warning: no output requested (-o, --scores, --mentions, --state, --sqlite or --suggest-themes)");
    /* the engine writes the database, reviews included, as the run goes */
    run.sqlite_path = sqlite_path;

    progress_state prog = {cli_now_seconds(), 0, 0};
    if (!quiet && (force_progress || isatty(STDERR_FILENO))) {
        run.on_progress = show_progress;
        run.on_progress_ctx = &prog;
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    run.cancel = &interrupted;

    int err;
    if (o.domain && strcmp(o.domain, "auto") == 0) {
        /* Resolved here, before the analyzer is made: the pack decides
         * which themes exist. */
        ut_domain_guess guess;
        if ((err = ut_detect_domain(&guess, &o, args.inputs, args.n_inputs))) {
            code = cli_fail(err, NULL);
            goto done;
        }
        o.domain = guess.domain;
        if (!quiet)
            fprintf(stderr, "domain auto: %s%s\n",
                    guess.domain ? "" : "no pack, general themes only: ", guess.evidence);
    }
    err = ut_analyzer_new(&an, &o);
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
    err = ut_analyze(&res, an, &run, args.inputs, args.n_inputs);
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
    if (args.suggest_path && (err = ut_result_write_suggested_themes(res, args.suggest_path))) {
        code = cli_fail(err, NULL);
        goto done;
    }
    if (run.measure_stages) print_stages(res);
    if (ut_result_bad_records(res))
        cli_error("skipped %llu bad record(s), counted by reason in summary.json; the first: %s",
                  (unsigned long long)ut_result_bad_records(res), ut_result_first_bad(res));
    if (!quiet) {
        /* Keep data on stdout clean when the scores go there. */
        FILE *to = run.scores_path && strcmp(run.scores_path, "-") == 0 ? stderr : stdout;
        char *text = NULL;
        if (ut_result_summary_text(&text, res, (int)top) == 0 && text) fputs(text, to);
        ut_free(text);
        double secs = ut_result_seconds(res);
        fprintf(to, "%llu reviews, %.1f MB in %.2f s (%.1f MB/s, %d threads)\n",
                (unsigned long long)ut_result_records(res), (double)ut_result_bytes(res) / 1e6, secs,
                secs > 0 ? (double)ut_result_bytes(res) / 1e6 / secs : 0.0, ut_result_threads(res));
        if (out_dir) fprintf(to, "report: %s/report.html\n", out_dir);
    }
done:
    ut_result_free(res);
    ut_analyzer_free(an);
    cli_analyze_args_free(&args);
    return code;
}
