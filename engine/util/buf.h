/* buf.h — a growable byte buffer (string builder).
 * Used for output text and scratch strings; the owner frees with ut_buf_free.
 * Appends that fail to grow set `failed` and become no-ops, so a writer can
 * append a whole row and check once (zstd's "sticky error" idea). */
#ifndef UT_BUF_H
#define UT_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

typedef struct ut_buf {
    char *data;
    size_t len;
    size_t cap;
    int failed; /* nonzero once an allocation failed */
} ut_buf;

#define UT_BUF_INIT                                                                                                    \
    { NULL, 0, 0, 0 }

/* Ensures room for `extra` more bytes plus a NUL. Returns 0 or UT_ENOMEM. */
int ut_buf_reserve(ut_buf *b, size_t extra);
void ut_buf_append(ut_buf *b, const void *data, size_t len);
void ut_buf_puts(ut_buf *b, const char *s);
void ut_buf_putc(ut_buf *b, char c);
void ut_buf_printf(ut_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Appends a decimal integer. */
void ut_buf_put_i64(ut_buf *b, int64_t v);
/* Appends `v` rounded half away from zero to `decimals` places ("%.4f"
 * without the locale and with no "-0.0000"). */
void ut_buf_put_fixed(ut_buf *b, double v, int decimals);
/* Appends a field quoted per RFC 4180 when it contains , " CR or LF. */
void ut_buf_put_csv_field(ut_buf *b, const char *s, size_t len);
/* Appends a JSON string literal (quotes included, control chars escaped). */
void ut_buf_put_json_string(ut_buf *b, const char *s, size_t len);
void ut_buf_clear(ut_buf *b);
void ut_buf_free(ut_buf *b);

#endif
