/* analyze_options.h — the options of `undertone analyze`, parsed in one
 * place so that `undertone-mpi analyze` accepts exactly the same ones. */
#ifndef UT_CLI_ANALYZE_OPTIONS_H
#define UT_CLI_ANALYZE_OPTIONS_H

#include <stddef.h>

#include "undertone.h"

/* The options text of analyze --help (after the usage line). */
extern const char cli_analyze_options_help[];

typedef struct cli_analyze_args {
    ut_options opts;       /* lexicon_paths / theme_paths point into the arrays below */
    ut_run_options run;    /* run settings: threads, --scores, --frames, ... (not sqlite_path) */
    const char **lexicons; /* owned */
    const char **themes;   /* owned */
    const char *out_dir, *state_path, *sqlite_path;
    const char *suggest_path; /* --suggest-themes FILE */
    int quiet, force_progress;
    int frames_given; /* --frames was given */
    long top;
    const char *const *inputs; /* borrowed from argv */
    size_t n_inputs;
} cli_analyze_args;

/* What cli_analyze_parse returns when the command should go on and run;
 * any other value is the exit status to return now (after --help, or a
 * usage error already reported on stderr, "try: PROGRAM --help" included). */
#define CLI_ANALYZE_RUN (-1)

/* Parses argv (argv[0] is the command name) into `a`, which the caller
 * frees with cli_analyze_args_free whatever this returns. `usage_head` is
 * printed before the options text by --help; `try` names the command in
 * the "try: ... --help" hint. */
int cli_analyze_parse(cli_analyze_args *a, int argc, char **argv, const char *usage_head, const char *try);
void cli_analyze_args_free(cli_analyze_args *a);

#endif
