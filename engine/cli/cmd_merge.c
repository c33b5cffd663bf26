/* cmd_merge.c — `undertone merge STATE... -o DIR`: partial aggregates from
 * shards into the outputs one run over all of them would have written. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char merge_usage[] = "usage: undertone merge [OPTIONS] STATE... -o DIR\n"
                                  "\n"
                                  "Merges state files written by analyze --state (in any order and grouping) into the\n"
                                  "same summary files a single run over all their inputs writes. States made with a\n"
                                  "different model, lexicons, themes or options are refused.\n"
                                  "\n"
                                  "  -o, --out DIR           write the summary files into DIR\n"
                                  "      --state FILE        also write the merged state (for a further merge)\n"
                                  "      --sqlite FILE       also write every summary table into an SQLite database\n"
                                  "      --top N             clusters shown in the console summary (default 5)\n"
                                  "  -q, --quiet             no console summary\n"
                                  "  -h, --help              this help\n";

enum { OPT_STATE = 256, OPT_SQLITE, OPT_TOP };

int cmd_merge(int argc, char **argv) {
    static const struct option longopts[] = {{"out", required_argument, 0, 'o'},
                                             {"state", required_argument, 0, OPT_STATE},
                                             {"sqlite", required_argument, 0, OPT_SQLITE},
                                             {"top", required_argument, 0, OPT_TOP},
                                             {"quiet", no_argument, 0, 'q'},
                                             {"help", no_argument, 0, 'h'},
                                             {0, 0, 0, 0}};
    const char *out_dir = NULL, *state = NULL, *sqlite = NULL;
    int quiet = 0, c;
    long top = 5;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:qh", longopts, NULL)) != -1) {
        switch (c) {
        case 'o':
            out_dir = optarg;
            break;
        case OPT_STATE:
            state = optarg;
            break;
        case OPT_SQLITE:
            sqlite = optarg;
            break;
        case OPT_TOP:
            if ((top = cli_parse_count("--top", optarg, 0, 1000)) < 0) goto usage;
            break;
        case 'q':
            quiet = 1;
            break;
        case 'h':
            fputs(merge_usage, stdout);
            return EXIT_OK;
        default:
            goto usage;
        }
    }
    if (optind >= argc) {
        cli_error("merge: no STATE given");
        goto usage;
    }
    if (!out_dir && !state && !sqlite) {
        cli_error("merge: nothing to write: give -o DIR, --state or --sqlite");
        goto usage;
    }
    ut_result *res = NULL;
    int err = ut_merge_states(&res, (const char *const *)argv + optind, (size_t)(argc - optind));
    if (!err && out_dir) err = ut_result_write_dir(res, out_dir);
    if (!err && state) err = ut_result_save_state(res, state);
    if (!err && sqlite) err = ut_result_write_sqlite(res, sqlite);
    if (!err && !quiet) {
        char *text = NULL;
        if (ut_result_summary_text(&text, res, (int)top) == 0 && text) fputs(text, stdout);
        ut_free(text);
    }
    ut_result_free(res);
    if (err) return cli_fail(err, NULL);
    return EXIT_OK;
usage:
    fputs("try: undertone merge --help\n", stderr);
    return EXIT_USAGE;
}
