/* mpi_main.c — `undertone-mpi analyze`: one analysis spread over MPI ranks,
 * with outputs byte-identical to `undertone analyze` over the same inputs.
 *
 * The idea: the corpus is a line of work items in input order — whole
 * files, and single frames of packed corpora — and every rank takes a
 * contiguous stretch of it, balanced by bytes. Contiguity is what makes the
 * result exact: a rank's first record number is the number of records of
 * the ranks before it (counted first, then an exclusive prefix sum over an
 * allgather), so default ids and record numbers are a single run's. Each
 * rank builds one analyzer, analyses its stretch unit by unit with the
 * OpenMP engine (a unit's frames and record base are run options) and
 * merges the units' results in memory; a binomial tree of point-to-point
 * messages then carries each rank's result, serialised as a state (the
 * bytes `undertone merge` reads), into rank 0 in ceil(log2 P) steps, each
 * receiver loading the bytes and merging them in memory. Merging is
 * associative and commutative, so the tree gives what a single run gives.
 * Only aggregates travel, never records, and no temporary file is written.
 *
 * Every rank walks through the same collective calls whatever fails, so an
 * error on one rank ends the run on all of them with the same exit status,
 * and never hangs it. */
#include <fcntl.h>
#include <mpi.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "analyze_options.h"
#include "cli.h"

static const char mpi_usage_head[] =
    "usage: mpirun -np N undertone-mpi analyze [OPTIONS] INPUT... -o DIR\n"
    "\n"
    "Analyzes the inputs as one corpus across the MPI ranks: ranks share out whole files\n"
    "and the frames of packed corpora (undertone pack), each analyses its share with\n"
    "-j threads, and the aggregates are merged to rank 0, which writes the outputs.\n"
    "The outputs are byte-identical to `undertone analyze` over the same inputs.\n"
    "Not available here: --scores, --mentions, --frames, standard input (-); --sqlite\n"
    "holds the summary tables only (its reviews and mentions tables stay empty).\n"
    "\n";

#define LENGTH_FAILED UINT64_MAX /* a tree message saying "the sender failed" */
#define CHUNK_BYTES (1u << 30)   /* MPI counts are int: states go in chunks */

static volatile int interrupted;

static void on_signal(int sig) {
    (void)sig;
    interrupted = 1;
}

/* ---- the plan: which inputs split by frame, and who reads what ---- */

static int ends_with_ci(const char *s, size_t n, const char *suffix) {
    size_t k = strlen(suffix);
    return n >= k && strncasecmp(s + n - k, suffix, k) == 0;
}

/* A packed input may be cut at frames only where a frame cannot depend on
 * an earlier one: JSON lines and plain lines, or CSV/TSV without a header
 * row (a header is only in frame 0). The format is the one given with -f,
 * else the one the file name says; unnamed formats are read whole. */
static int frames_are_independent(const ut_options *o, const char *path) {
    ut_format f = o->format;
    if (f == UT_FORMAT_AUTO) {
        size_t n = strlen(path);
        if (ends_with_ci(path, n, ".zst")) n -= 4;
        if (ends_with_ci(path, n, ".jsonl") || ends_with_ci(path, n, ".ndjson") || ends_with_ci(path, n, ".json"))
            f = UT_FORMAT_JSONL;
        else if (ends_with_ci(path, n, ".txt"))
            f = UT_FORMAT_LINES;
        else if (ends_with_ci(path, n, ".csv"))
            f = UT_FORMAT_CSV;
        else if (ends_with_ci(path, n, ".tsv"))
            f = UT_FORMAT_TSV;
    }
    if (f == UT_FORMAT_JSONL || f == UT_FORMAT_LINES) return 1;
    return (f == UT_FORMAT_CSV || f == UT_FORMAT_TSV) && o->header == UT_HEADER_NO;
}

/* Rank 0 looks at the inputs once and tells everyone: per input, the number
 * of frames to split it into (0 = read it whole) and its size in bytes. */
static void plan_inputs(uint64_t *plan, const ut_options *o, const char *const *inputs, size_t n) {
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        uint64_t frames = 0;
        plan[2 * i + 1] = stat(inputs[i], &st) == 0 ? (uint64_t)st.st_size : 0;
        if (frames_are_independent(o, inputs[i]) && ut_corpus_frame_count(&frames, inputs[i]) == 0 && frames > 1)
            plan[2 * i] = frames;
        else
            plan[2 * i] = 0;
    }
}

/* A unit is one ut_analyze: a run of whole inputs, or frames of one input. */
typedef struct unit {
    size_t first_input, n_inputs;
    uint64_t frame_begin, frame_end; /* frame_end > frame_begin: frames of first_input */
} unit;

/* Items (whole inputs, frames) in corpus order; item j goes to the rank
 * whose equal share of the bytes holds the item's middle, so shares are
 * contiguous and ordered by rank. */
static int owner_of(double start, double size, double total, uint64_t n_items_before, uint64_t n_items, int ranks) {
    double at = total > 0 ? (start + size / 2) / total : ((double)n_items_before + 0.5) / (double)n_items;
    int r = (int)(at * ranks);
    return r < 0 ? 0 : r >= ranks ? ranks - 1 : r;
}

/* Fills `units` (room for 2 * n_inputs + 1) with this rank's share. */
static size_t my_units(unit *units, const uint64_t *plan, size_t n_inputs, int rank, int ranks) {
    double total = 0;
    uint64_t n_items = 0;
    for (size_t i = 0; i < n_inputs; i++) {
        total += (double)plan[2 * i + 1];
        n_items += plan[2 * i] ? plan[2 * i] : 1;
    }
    size_t n = 0;
    double start = 0;
    uint64_t item = 0;
    for (size_t i = 0; i < n_inputs; i++) {
        uint64_t frames = plan[2 * i];
        double size = (double)plan[2 * i + 1];
        if (!frames) {
            if (owner_of(start, size, total, item, n_items, ranks) == rank) {
                unit *last = n ? &units[n - 1] : NULL;
                if (last && last->frame_end == 0 && last->first_input + last->n_inputs == i)
                    last->n_inputs++;
                else
                    units[n++] = (unit){i, 1, 0, 0};
            }
            start += size;
            item++;
            continue;
        }
        double frame_size = size / (double)frames;
        for (uint64_t f = 0; f < frames; f++, item++, start += frame_size) {
            if (owner_of(start, frame_size, total, item, n_items, ranks) != rank) continue;
            unit *last = n ? &units[n - 1] : NULL;
            if (last && last->frame_end > last->frame_begin && last->first_input == i && last->frame_end == f)
                last->frame_end++;
            else
                units[n++] = (unit){i, 1, f, f + 1};
        }
    }
    return n;
}

/* ---- states on the wire ---- */

static void send_state(const unsigned char *data, uint64_t len, int to) {
    MPI_Send(&len, 1, MPI_UINT64_T, to, 0, MPI_COMM_WORLD);
    if (len == LENGTH_FAILED) return;
    for (uint64_t at = 0; at < len; at += CHUNK_BYTES) {
        uint64_t n = len - at < CHUNK_BYTES ? len - at : CHUNK_BYTES;
        MPI_Send(data + at, (int)n, MPI_BYTE, to, 1, MPI_COMM_WORLD);
    }
}

/* Receives a state into `*out` (NULL and *len = 0 for an empty share);
 * returns -1 when the sender failed or memory ran out (the bytes are still
 * drained so the sender is never left blocked). */
static int receive_state(unsigned char **out, uint64_t *len, int from) {
    *out = NULL;
    MPI_Recv(len, 1, MPI_UINT64_T, from, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    if (*len == LENGTH_FAILED) return -1;
    unsigned char *data = *len ? malloc((size_t)*len) : NULL;
    unsigned char *spill = data ? NULL : malloc(CHUNK_BYTES < *len ? CHUNK_BYTES : *len ? *len : 1);
    for (uint64_t at = 0; at < *len; at += CHUNK_BYTES) {
        uint64_t n = *len - at < CHUNK_BYTES ? *len - at : CHUNK_BYTES;
        MPI_Recv(data ? data + at : spill, (int)n, MPI_BYTE, from, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    }
    free(spill);
    if (*len && !data) {
        cli_error("out of memory receiving a state of %llu bytes", (unsigned long long)*len);
        return -1;
    }
    *out = data;
    return 0;
}

/* Adds `*part` into `*acc` and frees it; an empty `*acc` takes it as it
 * is. `*part` is NULL afterwards either way. */
static int merge_take(ut_result **acc, ut_result **part) {
    int err = 0;
    if (!*acc) {
        *acc = *part;
    } else {
        err = ut_result_merge(*acc, *part);
        ut_result_free(*part);
    }
    *part = NULL;
    return err ? cli_fail(err, NULL) : EXIT_OK;
}

/* ---- one rank's share ---- */

typedef struct share {
    unit *units;
    size_t n_units;
    uint64_t *records; /* per unit, counted before the analysis */
    ut_result *res;    /* this rank's merged result; NULL when it has no share */
} share;

static void share_free(share *s) {
    free(s->records);
    free(s->units);
    ut_result_free(s->res);
}

/* A unit's run: the rank's run options with its frames and record base. */
static ut_run_options unit_run(const ut_run_options *base, const unit *u, uint64_t record_base) {
    ut_run_options o = *base;
    o.frame_begin = u->frame_begin;
    o.frame_end = u->frame_end;
    o.record_base = record_base;
    return o;
}

/* Counts each unit's records, as ut_analyze will number them. */
static int count_records(share *s, const ut_analyzer *an, const ut_run_options *base, const char *const *inputs) {
    s->records = calloc(s->n_units ? s->n_units : 1, sizeof *s->records);
    if (!s->records) {
        cli_error("out of memory");
        return EXIT_RUNTIME;
    }
    for (size_t u = 0; u < s->n_units; u++) {
        ut_run_options o = unit_run(base, &s->units[u], 0);
        int err = ut_count_records(&s->records[u], an, &o, inputs + s->units[u].first_input, s->units[u].n_inputs);
        if (err) return cli_fail(err, NULL);
    }
    return EXIT_OK;
}

/* Analyses the units with the rank's one analyzer, the first record being
 * number records_before + 1, and merges their results in memory. */
static int analyse_share(share *s, const ut_analyzer *an, const ut_run_options *base, const char *const *inputs,
                         uint64_t records_before, int rank) {
    int code = EXIT_OK;
    for (size_t u = 0; u < s->n_units && code == EXIT_OK; u++) {
        ut_run_options o = unit_run(base, &s->units[u], records_before);
        ut_result *res = NULL;
        int err = ut_analyze(&res, an, &o, inputs + s->units[u].first_input, s->units[u].n_inputs);
        if (err) {
            code = cli_fail(err, NULL);
            break;
        }
        if (ut_result_bad_records(res))
            cli_error("rank %d: skipped %llu bad record(s), counted by reason in summary.json; the first: %s", rank,
                      (unsigned long long)ut_result_bad_records(res), ut_result_first_bad(res));
        records_before += s->records[u];
        code = merge_take(&s->res, &res);
    }
    return code;
}

/* The binomial tree: at step k, rank r with bit k set sends its state to
 * r - 2^k and is done; a rank below receives from r + 2^k and merges. After
 * ceil(log2 P) steps rank 0 holds everything. States travel as the bytes
 * of ut_result_save_state_buffer and are merged in memory: no file is
 * written. Returns this rank's status; a failure anywhere below reaches
 * rank 0 as a LENGTH_FAILED message. */
static int tree_reduce(share *s, int code, int rank, int ranks) {
    for (int step = 1; step < ranks; step <<= 1) {
        if (rank & step) {
            unsigned char *data = NULL;
            size_t len = 0;
            if (code == EXIT_OK && s->res) {
                int err = ut_result_save_state_buffer(s->res, &data, &len);
                if (err) code = cli_fail(err, NULL);
            }
            send_state(data, code == EXIT_OK ? (uint64_t)len : LENGTH_FAILED, rank - step);
            ut_free(data);
            return code;
        }
        if (rank + step >= ranks) continue;
        unsigned char *data = NULL;
        uint64_t len = 0;
        if (receive_state(&data, &len, rank + step)) {
            if (code == EXIT_OK) code = EXIT_RUNTIME;
        } else if (code == EXIT_OK && len) {
            ut_result *other = NULL;
            int err = ut_result_load_state_buffer(&other, data, (size_t)len);
            char what[64];
            snprintf(what, sizeof what, "the state of rank %d", rank + step);
            code = err ? cli_fail(err, what) : merge_take(&s->res, &other);
        }
        free(data);
    }
    return code;
}

/* Rank 0: the outputs of the merged state. They are written from the
 * state's bytes loaded back, as `undertone merge` would write them: a
 * result of the merge, with no run figures of one rank's (summary.json
 * says threads 0, seconds 0, as it always has under MPI). */
static int write_outputs(const share *s, const cli_analyze_args *a, double seconds, int ranks, int threads) {
    unsigned char *data = NULL;
    size_t len = 0;
    ut_result *res = NULL;
    int err = ut_result_save_state_buffer(s->res, &data, &len);
    if (!err) err = ut_result_load_state_buffer(&res, data, len);
    ut_free(data);
    if (!err && a->out_dir) err = ut_result_write_dir(res, a->out_dir);
    if (!err && a->state_path) err = ut_result_save_state(res, a->state_path);
    if (!err && a->sqlite_path) err = ut_result_write_sqlite(res, a->sqlite_path);
    if (err) {
        ut_result_free(res);
        return cli_fail(err, NULL);
    }
    if (!a->quiet) {
        char *text = NULL;
        uint64_t bytes = ut_result_bytes(res);
        if (ut_result_summary_text(&text, res, (int)a->top) == 0 && text) fputs(text, stdout);
        ut_free(text);
        printf("%llu reviews, %.1f MB in %.2f s (%.1f MB/s, %d ranks x %d threads)\n",
               (unsigned long long)ut_result_records(res), (double)bytes / 1e6, seconds,
               seconds > 0 ? (double)bytes / 1e6 / seconds : 0.0, ranks, threads);
        if (a->out_dir) printf("report: %s/report.html\n", a->out_dir);
    }
    ut_result_free(res);
    return EXIT_OK;
}

/* Threads per rank when -j is not given: the node's cores shared by the
 * ranks on it, so ranks x threads does not oversubscribe the node. */
static int default_threads(void) {
    MPI_Comm node;
    int local = 1;
    if (MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &node) == MPI_SUCCESS) {
        MPI_Comm_size(node, &local);
        MPI_Comm_free(&node);
    }
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    long t = (cores > 0 ? cores : 1) / (local > 0 ? local : 1);
    return t < 1 ? 1 : (int)t;
}

/* Every rank parses the same argv, so all stop together or none does;
 * ranks other than 0 parse with stdout and stderr muted, so a usage error
 * or --help is printed once. */
static int parse_args(cli_analyze_args *a, int argc, char **argv, int rank) {
    int saved_out = -1, saved_err = -1, devnull = -1;
    if (rank != 0 && (devnull = open("/dev/null", O_WRONLY)) >= 0) {
        fflush(stdout);
        fflush(stderr);
        saved_out = dup(STDOUT_FILENO);
        saved_err = dup(STDERR_FILENO);
        dup2(devnull, STDOUT_FILENO);
        dup2(devnull, STDERR_FILENO);
    }
    int code = cli_analyze_parse(a, argc, argv, mpi_usage_head, "undertone-mpi analyze");
    if (code == CLI_ANALYZE_RUN) {
        if (a->run.scores_path || a->run.mentions_path) {
            cli_error("--scores and --mentions are not available under MPI: write per-review rows with undertone "
                      "analyze, per shard with --record-base");
            code = EXIT_USAGE;
        } else if (a->suggest_path) {
            cli_error("--suggest-themes is not available under MPI: run undertone analyze --suggest-themes");
            code = EXIT_USAGE;
        } else if (a->opts.domain && strcmp(a->opts.domain, "auto") == 0) {
            cli_error("--domain auto is not available under MPI: run undertone analyze --domain auto once "
                      "and name the domain it prints");
            code = EXIT_USAGE;
        } else if (a->frames_given) {
            cli_error("--frames is not available under MPI: undertone-mpi shares out the frames itself");
            code = EXIT_USAGE;
        } else if (!a->out_dir && !a->state_path && !a->sqlite_path) {
            cli_error("nothing to write: give -o DIR, --state or --sqlite");
            code = EXIT_USAGE;
        }
        for (size_t i = 0; i < a->n_inputs && code == CLI_ANALYZE_RUN; i++)
            if (strcmp(a->inputs[i], "-") == 0) {
                cli_error("standard input (-) cannot be shared out between ranks; give files");
                code = EXIT_USAGE;
            }
        if (code != CLI_ANALYZE_RUN) fputs("try: undertone-mpi analyze --help\n", stderr);
    }
    if (devnull >= 0) {
        fflush(stdout);
        fflush(stderr);
        dup2(saved_out, STDOUT_FILENO);
        dup2(saved_err, STDERR_FILENO);
        close(saved_out);
        close(saved_err);
        close(devnull);
    }
    return code;
}

static int analyze_main(int argc, char **argv, int rank, int ranks) {
    cli_analyze_args a;
    int code = parse_args(&a, argc, argv, rank);
    if (code != CLI_ANALYZE_RUN) {
        cli_analyze_args_free(&a);
        return code;
    }

    double start = cli_now_seconds();
    ut_options o = a.opts;
    ut_run_options run = a.run;
    if (!run.threads) run.threads = default_threads();
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    run.cancel = &interrupted;

    share s;
    memset(&s, 0, sizeof s);
    uint64_t *plan = calloc(2 * a.n_inputs, sizeof *plan);
    s.units = calloc(2 * a.n_inputs + 1, sizeof *s.units);
    uint64_t *counts = calloc(2 * (size_t)ranks, sizeof *counts);
    if (!plan || !s.units || !counts) {
        cli_error("out of memory");
        MPI_Abort(MPI_COMM_WORLD, EXIT_RUNTIME);
    }
    if (rank == 0) plan_inputs(plan, &o, a.inputs, a.n_inputs);
    MPI_Bcast(plan, (int)(2 * a.n_inputs), MPI_UINT64_T, 0, MPI_COMM_WORLD);
    s.n_units = my_units(s.units, plan, a.n_inputs, rank, ranks);

    /* One analyzer per rank: the model is loaded once, and every unit runs
     * on it with its own run options (frames, record base). */
    ut_analyzer *an = NULL;
    int err = ut_analyzer_new(&an, &o);
    code = err ? cli_fail(err, NULL) : EXIT_OK;

    /* records before each rank: count, allgather, exclusive prefix sum */
    if (code == EXIT_OK) code = count_records(&s, an, &run, a.inputs);
    uint64_t mine[2] = {0, (uint64_t)code};
    for (size_t u = 0; s.records && u < s.n_units; u++)
        mine[0] += s.records[u];
    MPI_Allgather(mine, 2, MPI_UINT64_T, counts, 2, MPI_UINT64_T, MPI_COMM_WORLD);
    uint64_t records_before = run.record_base;
    int any_failed = 0;
    for (int r = 0; r < ranks; r++) {
        if (r < rank) records_before += counts[2 * r];
        if (counts[2 * r + 1]) any_failed = 1;
    }
    if (!any_failed)
        code = analyse_share(&s, an, &run, a.inputs, records_before, rank);
    else if (code == EXIT_OK)
        code = EXIT_RUNTIME; /* another rank said why */
    ut_analyzer_free(an);

    code = tree_reduce(&s, code, rank, ranks);
    if (rank == 0 && code == EXIT_OK) {
        if (!s.res) {
            cli_error("no state reached rank 0");
            code = EXIT_RUNTIME;
        } else {
            code = write_outputs(&s, &a, cli_now_seconds() - start, ranks, run.threads);
        }
    }
    int worst = code;
    MPI_Allreduce(&code, &worst, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    share_free(&s);
    free(plan);
    free(counts);
    cli_analyze_args_free(&a);
    return worst;
}

int main(int argc, char **argv) {
    MPI_Init(&argc, &argv);
    int rank = 0, ranks = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &ranks);
    int code;
    if (argc >= 2 && strcmp(argv[1], "analyze") == 0) {
        code = analyze_main(argc - 1, argv + 1, rank, ranks);
    } else if (argc >= 2 && (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0)) {
        if (rank == 0) printf("undertone-mpi %s\n", ut_version());
        code = EXIT_OK;
    } else {
        if (rank == 0) fputs(mpi_usage_head, argc >= 2 && strcmp(argv[1], "--help") == 0 ? stdout : stderr);
        code = argc >= 2 && strcmp(argv[1], "--help") == 0 ? EXIT_OK : EXIT_USAGE;
    }
    MPI_Finalize();
    return code;
}
