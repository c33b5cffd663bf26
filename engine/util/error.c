/* error.c — the thread-local last-error message and checked allocation.
 * A message is per thread so OpenMP workers never race on it; the pipeline
 * copies a worker's message to the caller's thread before returning. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/common.h"

static _Thread_local char error_message[1024];

int ut_error_set(int status, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(error_message, sizeof error_message, fmt, ap);
    va_end(ap);
    return status;
}

void ut_error_clear(void) {
    error_message[0] = '\0';
}

const char *ut_error_last(void) {
    return error_message;
}

void *ut_malloc(size_t size) {
    void *p = malloc(size ? size : 1);
    if (!p) ut_error_set(UT_ENOMEM, "out of memory allocating %zu bytes", size);
    return p;
}

void *ut_calloc(size_t count, size_t size) {
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p) ut_error_set(UT_ENOMEM, "out of memory allocating %zu x %zu bytes", count, size);
    return p;
}

void *ut_realloc(void *ptr, size_t size) {
    void *p = realloc(ptr, size ? size : 1);
    if (!p) ut_error_set(UT_ENOMEM, "out of memory growing to %zu bytes", size);
    return p;
}

char *ut_strndup(const char *s, size_t len) {
    char *p = ut_malloc(len + 1);
    if (!p) return NULL;
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}
