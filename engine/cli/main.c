/* main.c — the undertone command line: dispatches to one file per command
 * (cmd_analyze.c, cmd_score.c, cmd_pack.c, cmd_merge.c). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
    "usage: undertone COMMAND [OPTIONS] ...\n"
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

int cli_exit_code(int status) {
    switch (status) {
    case UT_OK: return EXIT_OK;
    case UT_EINVAL: return EXIT_USAGE;
    case UT_EBADRECORD: return EXIT_BAD_RECORD;
    default: return EXIT_RUNTIME;
    }
}

void cli_error(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fputs("undertone: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

int cli_fail(int status, const char *what) {
    const char *msg = ut_error_last();
    if (what && *what)
        cli_error("%s: %s", what, msg && *msg ? msg : "failed");
    else
        cli_error("%s", msg && *msg ? msg : "failed");
    return cli_exit_code(status);
}

long cli_parse_count(const char *opt, const char *value, long min, long max) {
    char *end;
    errno = 0;
    long v = strtol(value, &end, 10);
    if (errno || end == value || *end || v < min || v > max) {
        cli_error("%s: expected a whole number from %ld to %ld, got '%s'", opt, min, max, value);
        return -1;
    }
    return v;
}

size_t cli_parse_size(const char *opt, const char *value) {
    char *end;
    errno = 0;
    unsigned long long v = strtoull(value, &end, 10);
    if (errno || end == value || value[0] == '-') goto bad;
    switch (*end) {
    case 'k': case 'K': v <<= 10; end++; break;
    case 'm': case 'M': v <<= 20; end++; break;
    case 'g': case 'G': v <<= 30; end++; break;
    default: break;
    }
    if (*end == 'B' || *end == 'b') end++;
    if (*end || v == 0) goto bad;
    return (size_t)v;
bad:
    cli_error("%s: expected a size such as 4M, 512K or 1000, got '%s'", opt, value);
    return 0;
}

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
