/* main.c — the undertone command line: dispatches to one file per command
 * (cmd_analyze.c, cmd_score.c, cmd_pack.c, cmd_merge.c). */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char usage[] = "usage: undertone COMMAND [OPTIONS] ...\n"
                            "\n"
                            "Reads customer reviews, scores their sentiment, attributes it to the themes\n"
                            "they talk about, and surfaces negative feedback clusters.\n"
                            "\n"
                            "commands:\n"
                            "  analyze [OPTIONS] INPUT...     analyze one or more corpora as one\n"
                            "  score [OPTIONS] TEXT...        score short texts given on the command line\n"
                            "  pack INPUT -o OUTPUT.zst       rewrite a corpus as record-aligned multi-frame zstd\n"
                            "  merge STATE... -o DIR          merge partial aggregates into one run's outputs\n"
                            "\n"
                            "  undertone --help | --version | COMMAND --help\n"
                            "\n"
                            "exit status: 0 success, 1 runtime error, 2 usage error, 3 bad record (--on-error fail)\n";

int main(int argc, char **argv) {
    if (argc < 2) {
        fputs(usage, stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        fputs(usage, stdout);
        return EXIT_OK;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
        printf("undertone %s\n", ut_version());
        return EXIT_OK;
    }
    if (strcmp(cmd, "analyze") == 0) return cmd_analyze(argc - 1, argv + 1);
    if (strcmp(cmd, "score") == 0) return cmd_score(argc - 1, argv + 1);
    if (strcmp(cmd, "pack") == 0) return cmd_pack(argc - 1, argv + 1);
    if (strcmp(cmd, "merge") == 0) return cmd_merge(argc - 1, argv + 1);
    cli_error("unknown command '%s' (try undertone --help)", cmd);
    return EXIT_USAGE;
}
