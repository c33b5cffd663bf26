/* output_html.h — HTML escaping and number formatting for report.html. Every
 * part of the report writes through these, so the page and its charts never
 * call into each other for them. Numbers are formatted without printf's
 * locale so the page is the same everywhere. */
#ifndef UT_OUTPUT_HTML_H
#define UT_OUTPUT_HTML_H

#include <stdint.h>

#include "util/buf.h"

/* Appends `s` with & < > " ' escaped (safe in text and attribute values). */
void ut_html_text(ut_buf *b, const char *s);
/* 1234567 -> "1,234,567". */
void ut_html_count(ut_buf *b, uint64_t v);
/* 0.4567 -> "45.7%" with `decimals` places. */
void ut_html_pct(ut_buf *b, double share, int decimals);
/* A signed number with an explicit "+" (sentiments): "+0.12", "−0.40". */
void ut_html_signed(ut_buf *b, double v, int decimals);
/* An SVG coordinate: one decimal. */
void ut_html_coord(ut_buf *b, double v);

#endif
