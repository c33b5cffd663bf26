/* output_html.c — HTML escaping and locale-free number formatting for
 * report.html (see output_html.h). */
#include <math.h>
#include <stdio.h>

#include "output/output_html.h"

void ut_html_text(ut_buf *b, const char *s) {
    if (!s) return;
    const char *run = s;
    for (; *s; s++) {
        const char *rep;
        switch (*s) {
        case '&':
            rep = "&amp;";
            break;
        case '<':
            rep = "&lt;";
            break;
        case '>':
            rep = "&gt;";
            break;
        case '"':
            rep = "&quot;";
            break;
        case '\'':
            rep = "&#39;";
            break;
        default:
            continue;
        }
        ut_buf_append(b, run, (size_t)(s - run));
        ut_buf_puts(b, rep);
        run = s + 1;
    }
    ut_buf_append(b, run, (size_t)(s - run));
}

void ut_html_count(ut_buf *b, uint64_t v) {
    char digits[24];
    int n = snprintf(digits, sizeof digits, "%llu", (unsigned long long)v);
    for (int i = 0; i < n; i++) {
        if (i && (n - i) % 3 == 0) ut_buf_putc(b, ',');
        ut_buf_putc(b, digits[i]);
    }
}

void ut_html_pct(ut_buf *b, double share, int decimals) {
    ut_buf_put_fixed(b, share * 100, decimals);
    ut_buf_putc(b, '%');
}

void ut_html_signed(ut_buf *b, double v, int decimals) {
    double half_unit = 0.5;
    for (int d = 0; d < decimals; d++)
        half_unit /= 10;
    if (v >= half_unit)
        ut_buf_putc(b, '+');
    else if (v <= -half_unit)
        ut_buf_puts(b, "\xe2\x88\x92"); /* U+2212 minus sign */
    ut_buf_put_fixed(b, fabs(v), decimals);
}

void ut_html_coord(ut_buf *b, double v) {
    ut_buf_put_fixed(b, v, 1);
}
