/* undertone.h — the public C API of undertone, a review-analysis engine.
 *
 * undertone reads review corpora (JSON lines, CSV, TSV or one review per
 * line; plain or zstd), scores every review's sentiment, attributes it to
 * the themes the review talks about, and aggregates so that negative
 * feedback clusters surface instead of being averaged away.
 *
 * Conventions (as in libgit2 and zstd):
 *  - Every symbol starts with ut_ / UT_. Handles are opaque.
 *  - A function that can fail returns int: 0 on success or a negative
 *    ut_status. Output parameters come first and are named `out`.
 *  - On failure, ut_error_last() returns a message for the calling thread
 *    naming the file, record number or byte offset where one applies.
 *  - The library never prints, never exits, and has no global mutable state.
 *  - Every *_free function accepts NULL.
 *  - Strings returned as `const char *` are borrowed from the handle that
 *    returned them and live as long as it; strings returned through `char **`
 *    are owned by the caller and freed with ut_free().
 */
#ifndef UNDERTONE_H
#define UNDERTONE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Marks the functions the shared library exports. It is built with hidden
 * visibility, so these declarations are its whole ABI: nothing else leaks
 * (tests/e2e/exported_symbols.sh checks both ways). */
#if defined(__GNUC__) || defined(__clang__)
#define UT_API __attribute__((visibility("default")))
#else
#define UT_API
#endif

#define UT_VERSION_MAJOR 0
#define UT_VERSION_MINOR 1
#define UT_VERSION_PATCH 0
#define UT_VERSION_STRING "0.1.0"

/* Runtime version, e.g. "0.1.0" (static storage). */
UT_API const char *ut_version(void);

/* Status codes. */
typedef enum ut_status {
    UT_OK = 0,
    UT_ENOMEM = -1,      /* out of memory */
    UT_EIO = -2,         /* unreadable input, unwritable output */
    UT_EINVAL = -3,      /* invalid argument or option (a usage error) */
    UT_EFORMAT = -4,     /* malformed lexicon or theme file; an input that is not text or is an archive */
    UT_ECORRUPT = -5,    /* corrupt compressed data, seek table or state file */
    UT_EBADRECORD = -6,  /* a bad record under UT_ON_ERROR_FAIL */
    UT_EMISMATCH = -7,   /* states made with different models, lexicons or options */
    UT_EINTERRUPTED = -8 /* the run was cancelled (ut_run_options.cancel) */
} ut_status;

/* The message describing this thread's last failure ("" if none). Borrowed;
 * valid until the next failing call on this thread. */
UT_API const char *ut_error_last(void);

/* Frees memory the library handed to the caller through a `char **`. */
UT_API void ut_free(void *ptr);

typedef enum ut_format { UT_FORMAT_AUTO = 0, UT_FORMAT_JSONL, UT_FORMAT_CSV, UT_FORMAT_TSV, UT_FORMAT_LINES } ut_format;

typedef enum ut_header_mode { UT_HEADER_AUTO = 0, UT_HEADER_YES, UT_HEADER_NO } ut_header_mode;

typedef enum ut_model {
    UT_MODEL_DEFAULT = 0, /* undertone's review model and lexicon */
    UT_MODEL_VADER = 1    /* VADER-compatible rules; give a VADER lexicon */
} ut_model;

typedef enum ut_on_error { UT_ON_ERROR_SKIP = 0, UT_ON_ERROR_FAIL = 1 } ut_on_error;

typedef enum ut_bucket { UT_BUCKET_NONE = 0, UT_BUCKET_DAY, UT_BUCKET_WEEK, UT_BUCKET_MONTH } ut_bucket;

/* Most --group fields. */
#define UT_MAX_GROUPS 8

/* One review's scores, handed to ut_run_options.on_review in input order. All
 * pointers are borrowed for the duration of the callback. */
typedef struct ut_review_score {
    const char *id;
    size_t id_len;
    uint64_t record_no; /* 1-based over all inputs */
    double compound;    /* [-1, 1] */
    double positive, neutral, negative;
    int has_rating;
    double rating;
    size_t n_themes;
    const char *const *theme_names;
    const double *theme_scores; /* per theme: mean attributed sentiment, [-1, 1] */
} ut_review_score;

/* Options of an analyzer (the model, and how the corpus is read),
 * versioned (libgit2 style): initialise with UT_OPTIONS_INIT (or
 * ut_options_init) and set what you need. Strings are borrowed for the
 * lifetime of the ut_analyzer made from them.
 *
 * The split between the two option structs: ut_options holds what an
 * analyzer is built from and what its results must share to be merged (the
 * lexicons, themes, domain and model; the group fields, time bucket and
 * phrase mining, which shape the aggregate), together with how the records
 * are read (format, header, field mapping, record limits), which is the
 * same for every part of one corpus. ut_run_options holds what may differ
 * from one ut_analyze to the next on the same analyzer: threads, the
 * per-review outputs and callbacks, cancellation, the shard's place in the
 * corpus (record base, frames), error handling, work-unit size, stage
 * timing and theme suggestions. */
typedef struct ut_options {
    unsigned version;
    ut_format format;
    ut_header_mode header;
    /* Field selections: a name (JSON key / CSV header) or a 1-based column
     * number written as digits. NULL = not selected (text: the default list). */
    const char *text_field, *title_field, *id_field, *rating_field, *date_field;
    const char *group_fields[UT_MAX_GROUPS];
    int n_groups;
    ut_model model;
    /* Sentiment lexicons overlaid on the built-in one (UT_MODEL_DEFAULT) or
     * forming the lexicon (UT_MODEL_VADER). Later files win. */
    const char *const *lexicon_paths;
    size_t n_lexicons;
    int no_builtin_lexicon; /* do not load the built-in sentiment lexicon */
    const char *const *theme_paths;
    size_t n_themes;
    int no_builtin_themes; /* do not load the built-in general theme lexicon */
    const char *domain;    /* built-in domain theme pack: "restaurant", "hotel", "ecommerce", "airline",
                              "media" or NULL; "auto" is resolved by ut_detect_domain first */
    ut_bucket bucket;
    size_t max_record_bytes; /* 0 = 64 MiB */
    /* Skip phrase mining: phrases.csv and top_phrases stay empty, and the
     * aggregation costs a fraction (phrase counting is most of it). */
    int no_phrases;
    /* CSV: the most line breaks a quoted field may hold; a quote open past
     * them (or at the end of the input) is taken for a stray one, and
     * costs its record's first line only (0 = 64). */
    unsigned max_quoted_lines;
} ut_options;

/* 2: the run settings moved to ut_run_options. */
#define UT_OPTIONS_VERSION 2
#define UT_OPTIONS_INIT                                                                                                \
    { .version = UT_OPTIONS_VERSION }

/* Initialises `opts` to the defaults. Returns 0 or UT_EINVAL (bad version). */
UT_API int ut_options_init(ut_options *opts, unsigned version);

/* Options of one run (ut_analyze, ut_count_records), versioned like
 * ut_options: initialise with UT_RUN_OPTIONS_INIT (or ut_run_options_init).
 * Passing NULL instead runs with the defaults (all zero). Strings and
 * callbacks are borrowed for the duration of the call. */
typedef struct ut_run_options {
    unsigned version;
    int threads; /* 0 = all cores */
    ut_on_error on_error;
    size_t window_bytes; /* decompressed bytes per work unit; 0 = 4 MiB */
    /* Per-review output, in input order (either or both may be unset). */
    const char *scores_path; /* ".csv" or ".jsonl" by suffix; "-" = stdout (CSV) */
    /* One row per theme mention, "id,theme,score,negative" (CSV; "-" =
     * stdout): the same long table as the SQLite mentions table. */
    const char *mentions_path;
    /* Also write an SQLite database: reviews and mentions as the run goes,
     * then every summary table (what ut_result_write_sqlite writes), once
     * the run has succeeded; replaced atomically. */
    const char *sqlite_path;
    void (*on_review)(void *ctx, const ut_review_score *review);
    void *on_review_ctx;
    /* Progress, called from the calling thread between work units. */
    void (*on_progress)(void *ctx, uint64_t input_bytes_done, uint64_t input_bytes_total, uint64_t bytes,
                        uint64_t records);
    void *on_progress_ctx;
    /* Polled between work units; a nonzero value stops the run with
     * UT_EINTERRUPTED (for SIGINT handling). */
    volatile int *cancel;
    /* Sharding (MPI ranks, shell-driven shards): the number of records that
     * come before these inputs in the whole corpus, so default ids and
     * record numbers are those of a single run (see ut_count_records). */
    uint64_t record_base;
    /* When frame_end > frame_begin: read only frames [frame_begin,
     * frame_end) of each input, which must be a packed corpus (a seek table,
     * frames on record boundaries); else UT_EINVAL. */
    uint64_t frame_begin, frame_end;
    /* Nonzero: time each pipeline stage (read, split, parse, tokenize,
     * score, themes, aggregate, emit, merge) with the engine's own clocks; read
     * them with ut_result_stage_seconds. Costs a few clock reads per review. */
    int measure_stages;
    /* Nonzero: also collect the negative clauses that no theme covers and
     * build candidate themes from them (ut_result_write_suggested_themes).
     * Costs a hash-table update per content word of every review. */
    int suggest_themes;
} ut_run_options;

#define UT_RUN_OPTIONS_VERSION 1
#define UT_RUN_OPTIONS_INIT                                                                                            \
    { .version = UT_RUN_OPTIONS_VERSION }

/* Initialises `run` to the defaults. Returns 0 or UT_EINVAL (bad version). */
UT_API int ut_run_options_init(ut_run_options *run, unsigned version);

/* An analyzer: the options with their lexicons and themes loaded and
 * compiled. Immutable once made; one analyzer may run many analyses, each
 * with its own ut_run_options (one at a time, or from several threads at
 * once: the analyzer is only read). */
typedef struct ut_analyzer ut_analyzer;

/* Builds an analyzer. Errors: UT_EINVAL (inconsistent options),
 * UT_EIO / UT_EFORMAT (a lexicon or theme file; the message names FILE:LINE),
 * UT_ENOMEM. */
UT_API int ut_analyzer_new(ut_analyzer **out, const ut_options *opts);
UT_API void ut_analyzer_free(ut_analyzer *an);

/* What ut_detect_domain found. */
typedef struct ut_domain_guess {
    const char *domain; /* the chosen pack ("media", "restaurant", ...; static storage), or NULL: none
                           reached the floor, so the general themes alone fit best */
    uint64_t reviews;   /* records read */
    uint64_t tokens;    /* their tokens */
    char evidence[768]; /* for people: "media 31.2/1000 tokens (plot 412, dvd 230, ...) over
                           ecommerce 3.1/1000 (...)"; the top cues of the winner and the runner-up */
} ut_domain_guess;

/* Picks a built-in theme pack for --domain auto from the inputs' own
 * vocabulary: reads the first UT_DOMAIN_PROBE_BYTES of the inputs (in
 * order) with the options' format, header, text and title fields, and
 * counts the cue words of each pack (lexicons/domains.tsv). opts->domain is
 * ignored. Reading happens before and apart from ut_analyze, so standard
 * input ("-"), which can be read once only, is refused with UT_EINVAL.
 * Errors: UT_EINVAL, UT_EIO, UT_ECORRUPT, UT_ENOMEM. */
#define UT_DOMAIN_PROBE_BYTES (4u * 1024u * 1024u)
UT_API int ut_detect_domain(ut_domain_guess *out, const ut_options *opts, const char *const *inputs, size_t n_inputs);

/* The result of an analysis or a merge: the complete aggregate. */
typedef struct ut_result ut_result;

/* Analyses `inputs` (paths; "-" = standard input) as one corpus with the
 * run options `run` (NULL = the defaults). Every input is checked before
 * anything is written (scores, mentions, SQLite): UT_EFORMAT for one that
 * is binary, an archive or compressed other than zstd and gzip, UT_EINVAL
 * for a named field that no record of its first 64 KiB has (the message
 * lists the fields seen) or for run options not initialised with
 * UT_RUN_OPTIONS_INIT. Returns 0 with a result (owned by the caller;
 * ut_result_free), or an error: those, UT_EIO, UT_ECORRUPT, UT_EBADRECORD
 * (with UT_ON_ERROR_FAIL; the message names the file and record number),
 * UT_EINTERRUPTED, UT_ENOMEM. */
UT_API int ut_analyze(ut_result **out, const ut_analyzer *an, const ut_run_options *run, const char *const *inputs,
                      size_t n_inputs);

/* Counts the records of `inputs` (as ut_analyze would number them, bad
 * ones included) without analysing them, honouring the options' format
 * and header and the run's frame range and threads (`run` may be NULL).
 * For sharded runs: a shard's record_base is the count of the inputs
 * before it. */
UT_API int ut_count_records(uint64_t *out, const ut_analyzer *an, const ut_run_options *run, const char *const *inputs,
                            size_t n_inputs);

/* The number of frames of a packed corpus (one with a seek table), for
 * splitting it between shards by frame; UT_EINVAL if `path` has none. */
UT_API int ut_corpus_frame_count(uint64_t *out, const char *path);

UT_API void ut_result_free(ut_result *res);

UT_API uint64_t ut_result_records(const ut_result *res);
UT_API uint64_t ut_result_bad_records(const ut_result *res);
UT_API uint64_t ut_result_bytes(const ut_result *res);
UT_API double ut_result_seconds(const ut_result *res);
UT_API int ut_result_threads(const ut_result *res);
/* With ut_run_options.measure_stages: the seconds spent in each pipeline stage,
 * summed over the threads (so they add up to about threads x wall time,
 * less idle time). Fills at most `max` entries of names (static strings)
 * and secs, in pipeline order; returns the number of stages measured, 0 when
 * the run did not measure them. */
UT_API int ut_result_stage_seconds(const ut_result *res, const char **names, double *secs, size_t max);
/* "FILE: record N (byte offset B): reason" for the first bad record skipped,
 * or "" when none was; borrowed from res. */
UT_API const char *ut_result_first_bad(const ut_result *res);

/* Writes the summary files of the contract into `dir` (created if absent;
 * every file written to a temporary name and renamed). */
UT_API int ut_result_write_dir(const ut_result *res, const char *dir);
/* Writes every summary table into an SQLite database at `path`, with
 * empty reviews and mentions tables (a result keeps no per-review rows:
 * set ut_run_options.sqlite_path to have ut_analyze fill them). Returns
 * UT_EINVAL when built without SQLite. */
UT_API int ut_result_write_sqlite(const ut_result *res, const char *path);
/* With ut_run_options.suggest_themes: writes the candidate themes for the
 * complaints no theme covered, as an undertone themes TSV file (`theme<TAB>
 * term` lines, each candidate introduced by `#` comments with its counts and
 * three quotes) that --themes / ut_options.theme_paths loads back. Written
 * to a temporary name, then renamed. The same for any thread count.
 * Errors: UT_EINVAL (the run did not collect them), UT_EIO. */
UT_API int ut_result_write_suggested_themes(const ut_result *res, const char *path);
/* Writes the mergeable aggregate state (the format `undertone merge`
 * reads) to `path`, through a temporary name renamed into place. Errors:
 * UT_EIO, UT_ENOMEM. */
UT_API int ut_result_save_state(const ut_result *res, const char *path);
/* The same state bytes as ut_result_save_state writes, in memory: *out is
 * a buffer of *len bytes owned by the caller (ut_free). On error *out is
 * NULL and *len 0. Errors: UT_ENOMEM. */
UT_API int ut_result_save_state_buffer(const ut_result *res, unsigned char **out, size_t *len);
/* Loads a state written by ut_result_save_state(_buffer) into a new result
 * (owned by the caller; ut_result_free). Loaded from `len` bytes at `buf`
 * (borrowed; not kept), or from the file at `path`. Everything is checked
 * before it is used (magic, version, length, checksum, every count and
 * index), so a truncated or corrupt state gives UT_ECORRUPT, never a
 * crash; UT_EIO when the file cannot be read, UT_ENOMEM. A loaded result
 * has the aggregate of the runs that made it (every summary output is
 * theirs, ut_result_bytes and ut_result_bad_records their counts) but no
 * run figures: threads and seconds 0, no stage times, no first bad record
 * (ut_result_first_bad ""), no theme suggestions. */
UT_API int ut_result_load_state_buffer(ut_result **out, const void *buf, size_t len);
UT_API int ut_result_load_state(ut_result **out, const char *path);
/* Adds `from` into `into`, in memory: afterwards `into` is what a single
 * run over both results' inputs gives, exactly as merging their saved
 * states would (ut_merge_states), and the outputs are byte-identical
 * whatever the order or grouping of the merges. `from` is only read and
 * still owned by the caller. Input bytes and bad-record counts add up; the
 * first bad record is into's, else from's; the run figures (threads,
 * seconds, stage times) stay into's; theme suggestions are dropped (they
 * do not merge). Errors: UT_EMISMATCH (different model, lexicons, themes
 * or options; `into` is unchanged), UT_EINVAL (into == from, or NULL),
 * UT_ENOMEM (`into` is then only fit for ut_result_free). */
UT_API int ut_result_merge(ut_result *into, const ut_result *from);
/* A short human-readable summary (totals and the top clusters); owned by
 * the caller (ut_free). */
UT_API int ut_result_summary_text(char **out, const ut_result *res, int top_n);

/* Merges state files (any order, any grouping) into one result equal to a
 * single run over all their inputs: ut_result_load_state on each, then
 * ut_result_merge. Errors: UT_EIO, UT_ECORRUPT, UT_EMISMATCH (different
 * model, lexicons, themes or options). */
UT_API int ut_merge_states(ut_result **out, const char *const *paths, size_t n_paths);

/* Scores of one short text. */
typedef struct ut_text_score {
    double compound, positive, neutral, negative;
} ut_text_score;

UT_API int ut_score_text(ut_text_score *out, const ut_analyzer *an, const char *text, size_t len);

/* A human-readable breakdown of how `text` scored: per sentence and clause,
 * the words that carried sentiment and the rules applied, and the themes
 * with their attributed scores. Owned by the caller (ut_free). */
UT_API int ut_explain_text(char **out, const ut_analyzer *an, const char *text, size_t len);

/* Options of ut_pack. */
typedef struct ut_pack_options {
    unsigned version;
    ut_format format;   /* to find record boundaries; AUTO sniffs */
    size_t frame_bytes; /* decompressed bytes per frame; 0 = 4 MiB */
    int level;          /* zstd level; 0 = 3 */
    int threads;        /* 0 = all cores */
} ut_pack_options;

#define UT_PACK_OPTIONS_VERSION 1
#define UT_PACK_OPTIONS_INIT                                                                                           \
    { .version = UT_PACK_OPTIONS_VERSION }

/* Rewrites `input` as multi-frame zstd whose frames end on record
 * boundaries, followed by a seek table in the zstd seekable format, at
 * `output` (written to a temporary name, then renamed). */
UT_API int ut_pack(const char *input, const char *output, const ut_pack_options *opts);

#ifdef __cplusplus
}
#endif

#endif
