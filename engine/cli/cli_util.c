/* cli_util.c — the helpers every command shares (exit codes, messages,
 * option values), in a file of their own so undertone-mpi links them too
 * without the undertone main(). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

int cli_exit_code(int status) {
    switch (status) {
    case UT_OK:
        return EXIT_OK;
    case UT_EINVAL:
        return EXIT_USAGE;
    case UT_EBADRECORD:
        return EXIT_BAD_RECORD;
    default:
        return EXIT_RUNTIME;
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
    case 'k':
    case 'K':
        v <<= 10;
        end++;
        break;
    case 'm':
    case 'M':
        v <<= 20;
        end++;
        break;
    case 'g':
    case 'G':
        v <<= 30;
        end++;
        break;
    default:
        break;
    }
    if (*end == 'B' || *end == 'b') end++;
    if (*end || v == 0) goto bad;
    return (size_t)v;
bad:
    cli_error("%s: expected a size such as 4M, 512K or 1000, got '%s'", opt, value);
    return 0;
}

double cli_now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}
