/* cli.h — what the command files of the CLI share: exit codes, option
 * parsing helpers and messages. The CLI uses only include/undertone.h. */
#ifndef UT_CLI_H
#define UT_CLI_H

#include <stddef.h>

#include "undertone.h"

enum { EXIT_OK = 0, EXIT_RUNTIME = 1, EXIT_USAGE = 2, EXIT_BAD_RECORD = 3 };

/* Maps a library status to the contract's exit status. */
int cli_exit_code(int status);
/* Prints "undertone: " + message to stderr. */
void cli_error(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
/* Prints "undertone: <what>: <ut_error_last()>" and returns the exit code. */
int cli_fail(int status, const char *what);
/* Parses a positive integer option value; returns -1 (after a message) if invalid. */
long cli_parse_count(const char *opt, const char *value, long min, long max);
/* Parses a size like 4M, 512K, 1G, 1000; returns 0 (after a message) if invalid. */
size_t cli_parse_size(const char *opt, const char *value);
/* Seconds on a monotonic clock, for elapsed times and progress. */
double cli_now_seconds(void);

int cmd_analyze(int argc, char **argv);
int cmd_score(int argc, char **argv);
int cmd_pack(int argc, char **argv);
int cmd_merge(int argc, char **argv);

#endif
