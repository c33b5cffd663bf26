/* output_report_html.h — the sections of report.html that live apart from
 * the page (output_report.c): the theme, histogram and group charts
 * (output_report_charts.c) and the trend charts (output_report_trends.c).
 * All of them write through the HTML helpers of output_html.h. */
#ifndef UT_OUTPUT_REPORT_HTML_H
#define UT_OUTPUT_REPORT_HTML_H

#include <stdint.h>

#include "util/buf.h"
#include "output/output_html.h"
#include "aggregate/summary.h"

/* Each appends one <section>; return 0 or UT_ENOMEM. */
int ut_report_theme_chart(ut_buf *b, const ut_summary *s);
int ut_report_histograms(ut_buf *b, const ut_summary *s);
int ut_report_group_charts(ut_buf *b, const ut_summary *s);
int ut_report_trend_charts(ut_buf *b, const ut_summary *s);

#endif
