/* output_report.h — report.html: one self-contained page (inline CSS and
 * SVG, no scripts, no network) that shows an analyst the worst negative
 * feedback clusters, the themes by volume and negative share, the spread of
 * sentiment per theme, groups with their intervals and trends with alerts.
 *
 * The page is a pure function of the summary and the run info: no clock,
 * no thread count, so the same summary gives the same bytes. Every string
 * that came from the data (themes, groups, phrases, ids) is HTML-escaped. */
#ifndef UT_OUTPUT_REPORT_H
#define UT_OUTPUT_REPORT_H

#include "aggregate/aggregate.h"
#include "util/buf.h"
#include "aggregate/summary.h"

/* How much the page shows; the full tables are in the CSV files. */
#define UT_REPORT_CARDS 12        /* cluster cards */
#define UT_REPORT_CLUSTER_ROWS 50 /* rows of the cluster table under the cards */
#define UT_REPORT_THEMES 40       /* bars in the theme chart */
#define UT_REPORT_HISTOGRAMS 24   /* small sentiment histograms */
#define UT_REPORT_GROUPS 30       /* groups per --group field */
#define UT_REPORT_TRENDS 6        /* themes drawn over time */

/* Appends the whole page to `out`. `info` may be NULL (its lexicon names
 * are preferred to the summary's when set). Returns 0 or UT_ENOMEM. */
int ut_report_html(const ut_summary *s, const ut_run_info *info, ut_buf *out);

/* Writes DIR/report.html (DIR created if absent) atomically: a temporary
 * file in DIR, then rename. Returns 0, UT_EIO (the message names the file)
 * or UT_ENOMEM. */
int ut_report_write(const ut_summary *s, const ut_run_info *info, const char *dir);

#endif
