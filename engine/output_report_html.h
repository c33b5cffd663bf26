/* output_report_html.h — the pieces of report.html shared by its files:
 * escaping and number formatting (output_report.c), the theme, histogram
 * and group charts (output_report_charts.c) and the trend charts
 * (output_report_trends.c). Numbers are formatted without printf's
 * locale so the page is the same everywhere. */
#ifndef UT_OUTPUT_REPORT_HTML_H
#define UT_OUTPUT_REPORT_HTML_H

#include <stdint.h>

#include "buf.h"
#include "summary.h"

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

/* Each appends one <section>; return 0 or UT_ENOMEM. */
int ut_report_theme_chart(ut_buf *b, const ut_summary *s);
int ut_report_histograms(ut_buf *b, const ut_summary *s);
int ut_report_group_charts(ut_buf *b, const ut_summary *s);
int ut_report_trend_charts(ut_buf *b, const ut_summary *s);

#endif
