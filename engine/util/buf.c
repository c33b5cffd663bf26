/* buf.c — growable byte buffer; see buf.h. Growth doubles, so appends are
 * amortised O(1); the buffer always keeps a NUL after `len` for C callers. */
#include "util/buf.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/common.h"

int ut_buf_reserve(ut_buf *b, size_t extra) {
    if (b->failed) return UT_ENOMEM;
    size_t need = b->len + extra + 1;
    if (need <= b->cap) return 0;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < need)
        cap *= 2;
    char *p = ut_realloc(b->data, cap);
    if (!p) {
        b->failed = 1;
        return UT_ENOMEM;
    }
    b->data = p;
    b->cap = cap;
    return 0;
}

void ut_buf_append(ut_buf *b, const void *data, size_t len) {
    if (ut_buf_reserve(b, len)) return;
    if (len) memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
}

void ut_buf_puts(ut_buf *b, const char *s) {
    ut_buf_append(b, s, strlen(s));
}

void ut_buf_putc(ut_buf *b, char c) {
    if (ut_buf_reserve(b, 1)) return;
    b->data[b->len++] = c;
    b->data[b->len] = '\0';
}

void ut_buf_printf(ut_buf *b, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    char small[256];
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if ((size_t)n < sizeof small) {
        ut_buf_append(b, small, (size_t)n);
        return;
    }
    if (ut_buf_reserve(b, (size_t)n)) return;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void ut_buf_put_i64(ut_buf *b, int64_t v) {
    /* digits by hand, as "%lld" writes them: snprintf was most of the
     * time of formatting trends.csv, five counts a row */
    char tmp[24];
    char *end = tmp + sizeof tmp, *p = end;
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0) *--p = '-';
    ut_buf_append(b, p, (size_t)(end - p));
}

void ut_buf_put_fixed(ut_buf *b, double v, int decimals) {
    static const double scale[] = {1, 10, 100, 1000, 10000, 100000, 1000000};
    if (decimals < 0) decimals = 0;
    if (decimals > 6) decimals = 6;
    if (!isfinite(v) || fabs(v) > 1e12) {
        ut_buf_printf(b, "%.*f", decimals, isfinite(v) ? v : 0.0);
        return;
    }
    double s = scale[decimals];
    /* Round on a value nudged by a relative epsilon so that 0.12345 (stored
     * as 0.1234499999...) rounds like a person would, to 0.1235. Digits are
     * written by hand: this runs several times per review in --scores, and
     * snprintf("%.4f") cost more than the scoring itself. */
    uint64_t r = (uint64_t)floor(fabs(v) * s * (1 + 4e-16) + 0.5);
    char tmp[48];
    char *end = tmp + sizeof tmp, *p = end;
    for (int i = 0; i < decimals; i++) {
        *--p = (char)('0' + r % 10);
        r /= 10;
    }
    if (decimals) *--p = '.';
    do {
        *--p = (char)('0' + r % 10);
        r /= 10;
    } while (r);
    int all_zero = 1;
    for (const char *q = p; q < end; q++)
        if (*q >= '1' && *q <= '9') all_zero = 0;
    if (v < 0 && !all_zero) *--p = '-';
    ut_buf_append(b, p, (size_t)(end - p));
}

void ut_buf_put_csv_field(ut_buf *b, const char *s, size_t len) {
    int quote = 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == ',' || c == '"' || c == '\n' || c == '\r') {
            quote = 1;
            break;
        }
    }
    if (!quote) {
        ut_buf_append(b, s, len);
        return;
    }
    ut_buf_putc(b, '"');
    size_t run = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '"') {
            ut_buf_append(b, s + run, i + 1 - run);
            ut_buf_putc(b, '"');
            run = i + 1;
        }
    }
    ut_buf_append(b, s + run, len - run);
    ut_buf_putc(b, '"');
}

void ut_buf_put_json_string(ut_buf *b, const char *s, size_t len) {
    static const char hex[] = "0123456789abcdef";
    ut_buf_putc(b, '"');
    size_t run = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        ut_buf_append(b, s + run, i - run);
        run = i + 1;
        switch (c) {
        case '"':
            ut_buf_append(b, "\\\"", 2);
            break;
        case '\\':
            ut_buf_append(b, "\\\\", 2);
            break;
        case '\n':
            ut_buf_append(b, "\\n", 2);
            break;
        case '\r':
            ut_buf_append(b, "\\r", 2);
            break;
        case '\t':
            ut_buf_append(b, "\\t", 2);
            break;
        default: {
            char esc[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            ut_buf_append(b, esc, 6);
        }
        }
    }
    ut_buf_append(b, s + run, len - run);
    ut_buf_putc(b, '"');
}

void ut_buf_clear(ut_buf *b) {
    b->len = 0;
    if (b->data) b->data[0] = '\0';
}

void ut_buf_free(ut_buf *b) {
    if (!b) return;
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
    b->failed = 0;
}
