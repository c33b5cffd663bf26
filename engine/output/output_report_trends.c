/* output_report_trends.c — the trend section of report.html: small
 * multiples, one line chart per theme of the share of the corpus's
 * customers complaining of it over time, with the buckets that raised an
 * alert marked in red, and a table of every alert (the corpus's and each
 * group's).
 *
 * The idea: themes that alerted come first, then the most complained of,
 * all on one shared y scale so the charts compare at a glance. Trend rows
 * arrive sorted by bucket, so one pass numbers the buckets. */
#include <stdlib.h>
#include <string.h>

#include "util/common.h"
#include "output/output_report.h"
#include "output/output_report_html.h"

typedef struct trend_theme {
    uint32_t id;
    uint64_t complaints, alerts;
} trend_theme;

static int theme_order(const void *x, const void *y) {
    const trend_theme *a = x, *b = y;
    if ((a->alerts > 0) != (b->alerts > 0)) return a->alerts > 0 ? -1 : 1;
    if (a->complaints != b->complaints) return a->complaints > b->complaints ? -1 : 1;
    return a->id < b->id ? -1 : a->id > b->id;
}

static void put_point(ut_buf *b, double x, double y, double r, const char *attrs) {
    ut_buf_puts(b, "<circle cx=\"");
    ut_html_coord(b, x);
    ut_buf_puts(b, "\" cy=\"");
    ut_html_coord(b, y);
    ut_buf_puts(b, "\" r=\"");
    ut_html_coord(b, r);
    ut_buf_printf(b, "\" %s/>", attrs);
}

/* Plot geometry of one small multiple. */
#define PX0 40.0
#define PX1 350.0
#define PY0 12.0
#define PY1 112.0

/* Shares above the axis top (small periods) sit on the top line. */
static double share_y(double share, double top) {
    return PY1 - (PY1 - PY0) * (share < top ? share : top) / top;
}

static double bucket_x(size_t bucket, size_t n_buckets) {
    return n_buckets > 1 ? PX0 + (PX1 - PX0) * (double)bucket / (double)(n_buckets - 1) : (PX0 + PX1) / 2;
}

static void small_multiple(ut_buf *b, const ut_summary *s, const trend_theme *t, size_t index, const size_t *bucket_of,
                           const char *const *bucket_names, size_t n_buckets, double top) {
    const ut_theme_row *theme = t->id < s->n_themes ? &s->themes[t->id] : NULL;
    ut_buf_printf(b, "<figure><svg viewBox=\"0 0 360 142\" role=\"img\" aria-labelledby=\"trend%zu-t trend%zu-d\">",
                  index, index);
    ut_buf_printf(b, "<title id=\"trend%zu-t\">Share of customers complaining of ", index);
    ut_html_text(b, s->theme_names[t->id]);
    ut_buf_printf(b, " over time</title><desc id=\"trend%zu-d\">", index);
    ut_html_count(b, n_buckets);
    ut_buf_puts(b, " periods from ");
    ut_html_text(b, bucket_names[0]);
    ut_buf_puts(b, " to ");
    ut_html_text(b, bucket_names[n_buckets - 1]);
    ut_buf_puts(b, "; ");
    ut_html_count(b, t->alerts);
    ut_buf_puts(b, " alerts, listed in the table below.</desc>");
    for (int i = 0; i <= 2; i++) {
        double y = PY1 - (PY1 - PY0) * i / 2;
        ut_buf_puts(b, "<line x1=\"40\" x2=\"350\" y1=\"");
        ut_html_coord(b, y);
        ut_buf_puts(b, "\" y2=\"");
        ut_html_coord(b, y);
        ut_buf_puts(b, "\" class=\"axis\"/><text x=\"34\" y=\"");
        ut_html_coord(b, y + 4);
        ut_buf_puts(b, "\" text-anchor=\"end\" class=\"muted\" font-size=\"11\">");
        ut_html_pct(b, top * i / 2, 0);
        ut_buf_puts(b, "</text>");
    }
    if (theme) {
        double y = share_y(theme->incidence, top);
        ut_buf_puts(b, "<line x1=\"40\" x2=\"350\" y1=\"");
        ut_html_coord(b, y);
        ut_buf_puts(b, "\" y2=\"");
        ut_html_coord(b, y);
        ut_buf_puts(b, "\" class=\"base\"/>");
    }
    ut_buf_puts(b, "<polyline fill=\"none\" stroke=\"#1d5f8a\" stroke-width=\"2\" stroke-linejoin=\"round\" points=\"");
    int first = 1;
    for (size_t i = 0; i < s->n_trends; i++) {
        const ut_trend_row *r = &s->trends[i];
        if (r->theme_id != t->id || *r->group) continue;
        if (!first) ut_buf_putc(b, ' ');
        ut_html_coord(b, bucket_x(bucket_of[i], n_buckets));
        ut_buf_putc(b, ',');
        ut_html_coord(b, share_y(r->incidence, top));
        first = 0;
    }
    ut_buf_puts(b, "\"/>");
    for (size_t i = 0; i < s->n_trends; i++) {
        const ut_trend_row *r = &s->trends[i];
        if (r->theme_id != t->id || *r->group) continue;
        double x = bucket_x(bucket_of[i], n_buckets), y = share_y(r->incidence, top);
        if (r->alert) {
            ut_buf_puts(b, "<g><title>alert ");
            ut_html_text(b, r->bucket);
            ut_buf_puts(b, ": ");
            ut_html_pct(b, r->incidence, 1);
            ut_buf_puts(b, " of ");
            ut_html_count(b, r->reviews);
            ut_buf_puts(b, " customers complain</title>");
            put_point(b, x, y, 5.5, "fill=\"#b42318\" stroke=\"#fff\" stroke-width=\"1.5\"");
            ut_buf_puts(b, "</g>");
        } else if (n_buckets <= 60) {
            put_point(b, x, y, 2.5,
                      r->reviews < UT_TREND_MIN_BASELINE ? "fill=\"#fff\" stroke=\"#1d5f8a\"" : "fill=\"#1d5f8a\"");
        }
    }
    ut_buf_puts(b, "<text x=\"40\" y=\"132\" class=\"muted\" font-size=\"11\">");
    ut_html_text(b, bucket_names[0]);
    ut_buf_puts(b, "</text>");
    if (n_buckets > 1) {
        ut_buf_puts(b, "<text x=\"350\" y=\"132\" text-anchor=\"end\" class=\"muted\" font-size=\"11\">");
        ut_html_text(b, bucket_names[n_buckets - 1]);
        ut_buf_puts(b, "</text>");
    }
    ut_buf_puts(b, "</svg>\n<figcaption><b>");
    ut_html_text(b, s->theme_names[t->id]);
    ut_buf_puts(b, "</b> · ");
    ut_html_count(b, t->complaints);
    ut_buf_puts(b, " dated complaints");
    if (t->alerts) {
        ut_buf_puts(b, " · <b style=\"color:#b42318\">");
        ut_html_count(b, t->alerts);
        ut_buf_puts(b, t->alerts == 1 ? " alert" : " alerts");
        ut_buf_puts(b, "</b>");
    }
    ut_buf_puts(b, "</figcaption></figure>\n");
}

static void alert_table(ut_buf *b, const ut_summary *s) {
    ut_buf_printf(b, "<details%s><summary>%zu trend alerts as a table</summary><div class=\"tablewrap\"><table>\n",
                  s->n_alerts && s->n_alerts <= 20 ? " open" : "", s->n_alerts);
    ut_buf_puts(b, "<thead><tr><th>period</th><th>group</th><th>theme</th><th class=\"n\">reviews</th>"
                   "<th class=\"n\">complaints</th><th class=\"n\">incidence</th><th class=\"n\">previous periods"
                   "</th><th class=\"n\">peers</th><th class=\"n\">q</th></tr></thead><tbody>\n");
    for (size_t i = 0; i < s->n_trends; i++) {
        const ut_trend_row *r = &s->trends[i];
        if (!r->alert) continue;
        ut_buf_puts(b, "<tr><td>");
        ut_html_text(b, r->bucket);
        ut_buf_puts(b, "</td><td>");
        ut_html_text(b, *r->group ? r->group : "(all)");
        ut_buf_puts(b, "</td><td>");
        ut_html_text(b, r->theme);
        ut_buf_puts(b, "</td><td class=\"n\">");
        ut_html_count(b, r->reviews);
        ut_buf_puts(b, "</td><td class=\"n\">");
        ut_html_count(b, r->complaints);
        ut_buf_puts(b, "</td><td class=\"n\">");
        ut_html_pct(b, r->incidence, 1);
        ut_buf_puts(b, "</td><td class=\"n\">");
        if (r->has_baseline) ut_html_pct(b, r->baseline_incidence, 1);
        ut_buf_puts(b, "</td><td class=\"n\">");
        if (r->has_peers) ut_html_pct(b, r->peer_incidence, 1);
        ut_buf_puts(b, "</td><td class=\"n\">");
        if (r->q_value < 0.0001)
            ut_buf_puts(b, "&lt; 0.0001");
        else
            ut_buf_put_fixed(b, r->q_value, 4);
        ut_buf_puts(b, "</td></tr>\n");
    }
    ut_buf_puts(b, "</tbody></table></div></details>\n");
}

int ut_report_trend_charts(ut_buf *b, const ut_summary *s) {
    if (s->bucket == UT_BUCKET_NONE) return 0;
    ut_buf_puts(b, "<section aria-labelledby=\"h-trends\">\n<h2 id=\"h-trends\">Over time</h2>\n");
    if (s->n_trends == 0) {
        ut_buf_puts(b, "<p class=\"lead\">No dated complaints.</p>\n</section>\n");
        return 0;
    }
    size_t *bucket_of = ut_malloc(s->n_trends * sizeof *bucket_of);
    const char **bucket_names = ut_malloc(s->n_trends * sizeof *bucket_names);
    trend_theme *themes = ut_calloc(s->n_themes + 1, sizeof *themes);
    if (!bucket_of || !bucket_names || !themes) {
        free(bucket_of);
        free(bucket_names);
        free(themes);
        return UT_ENOMEM;
    }
    size_t n_buckets = 0;
    for (size_t i = 0; i < s->n_trends; i++) {
        const ut_trend_row *r = &s->trends[i];
        if (!n_buckets || strcmp(bucket_names[n_buckets - 1], r->bucket) != 0) bucket_names[n_buckets++] = r->bucket;
        bucket_of[i] = n_buckets - 1;
        if (r->theme_id < s->n_themes && !*r->group) {
            themes[r->theme_id].complaints += r->complaints;
            themes[r->theme_id].alerts += r->alert != 0;
        }
    }
    for (size_t t = 0; t < s->n_themes; t++)
        themes[t].id = (uint32_t)t;
    themes[0].complaints = 0; /* "other" is what no theme names: no trend to read */
    qsort(themes, s->n_themes, sizeof *themes, theme_order);
    size_t shown = 0;
    while (shown < s->n_themes && shown < UT_REPORT_TRENDS && themes[shown].complaints)
        shown++;
    double largest = 0;
    for (size_t i = 0; i < s->n_trends; i++)
        for (size_t k = 0; k < shown; k++)
            if (s->trends[i].theme_id == themes[k].id && !*s->trends[i].group &&
                s->trends[i].reviews >= UT_TREND_MIN_BASELINE)
                largest = UT_MAX(largest, s->trends[i].incidence);
    double top = largest <= 0 ? 1 : UT_MIN(1.0, (double)(int)(largest * 20 + 0.999999) / 20);
    if (top < 0.05) top = 0.05;
    ut_buf_printf(b,
                  "<p class=\"lead\">Share of customers complaining of each theme per %s, over all reviews, for "
                  "the themes that alerted and the most complained of. A red dot is an alert: a period clearly "
                  "worse than the %d before it. The dashed line is the theme's share over the whole corpus; "
                  "hollow dots have fewer than %d reviews. Alerts of single groups are in the table.</p>\n",
                  s->bucket == UT_BUCKET_DAY    ? "day"
                  : s->bucket == UT_BUCKET_WEEK ? "week"
                                                : "month",
                  UT_TREND_WINDOW, UT_TREND_MIN_BASELINE);
    ut_buf_puts(b, "<div class=\"trends\">\n");
    for (size_t k = 0; k < shown; k++)
        small_multiple(b, s, &themes[k], k, bucket_of, bucket_names, n_buckets, top);
    ut_buf_puts(b, "</div>\n");
    alert_table(b, s);
    ut_buf_puts(b, "</section>\n");
    free(bucket_of);
    free(bucket_names);
    free(themes);
    return 0;
}
