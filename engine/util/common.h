/* common.h — helpers every engine file may use: branch hints, inlining, the
 * internal status codes and the per-thread error message.
 *
 * The one idea: the library never prints and never exits. A failing function
 * records a message with ut_error_set() (thread-local, so safe under OpenMP)
 * and returns a negative ut_status from include/undertone.h. */
#ifndef UT_COMMON_H
#define UT_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "undertone.h"

#if defined(__GNUC__) || defined(__clang__)
#define UT_LIKELY(x) __builtin_expect(!!(x), 1)
#define UT_UNLIKELY(x) __builtin_expect(!!(x), 0)
#define UT_FORCE_INLINE static inline __attribute__((always_inline))
#define UT_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define UT_PREFETCH(p) __builtin_prefetch(p)
#else
#define UT_LIKELY(x) (x)
#define UT_UNLIKELY(x) (x)
#define UT_FORCE_INLINE static inline
#define UT_PRINTF(f, a)
#define UT_PREFETCH(p) ((void)0)
#endif

#define UT_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define UT_MIN(a, b) ((a) < (b) ? (a) : (b))
#define UT_MAX(a, b) ((a) > (b) ? (a) : (b))

/* Records `fmt` as this thread's last error message and returns `status`,
 * so a failure path reads `return ut_error_set(UT_EIO, "%s: ...", path);`. */
int ut_error_set(int status, const char *fmt, ...) UT_PRINTF(2, 3);

/* Clears this thread's last error message. */
void ut_error_clear(void);

/* malloc/realloc/calloc that record UT_ENOMEM in the error message on failure
 * and return NULL; callers return UT_ENOMEM. */
void *ut_malloc(size_t size);
void *ut_calloc(size_t count, size_t size);
void *ut_realloc(void *ptr, size_t size);

/* Duplicates `len` bytes plus a NUL terminator; NULL on allocation failure. */
char *ut_strndup(const char *s, size_t len);

/* Writes code point `cp` (at most 0x10FFFF) as UTF-8 at dst, which has room
 * for 4 bytes; returns the number of bytes written. No checks: the callers
 * (record_jsonl.c's escapes, score_vader.c's lower-casing) pass valid ones. */
static inline size_t ut_utf8_put(char *dst, uint32_t cp) {
    if (cp < 0x80) {
        dst[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        dst[0] = (char)(0xC0 | (cp >> 6));
        dst[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        dst[0] = (char)(0xE0 | (cp >> 12));
        dst[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        dst[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    dst[0] = (char)(0xF0 | (cp >> 18));
    dst[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    dst[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    dst[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

#endif
