/* output_report_charts.c — the SVG charts of report.html that need no time
 * axis: themes by negative share and volume, the sentiment histogram of
 * each theme, and groups ranked with their Wilson intervals.
 *
 * The idea: bars in rows, one labelled row per theme or group, never a
 * scatter — labels cannot collide, and the page stays readable with forty
 * themes. Each chart has a <title>/<desc> and a table of the same numbers
 * under it, for screen readers and for copying. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/common.h"
#include "output/output_report.h"
#include "output/output_report_html.h"
#include "aggregate/stats.h"

#define ROW_H 22.0
#define BAR_H 14.0
#define LABEL_W 190.0
#define TOP 40.0

/* A round top for a share axis: the next 10% above the largest value. */
static double share_axis_top(double largest) {
    double top = ceil(largest * 10 - 1e-9) / 10;
    return top < 0.1 ? 0.1 : top > 1 ? 1 : top;
}

/* A label cut to `max` bytes (at a UTF-8 character start) with "…". */
static void put_label(ut_buf *b, const char *s, size_t max) {
    size_t len = strlen(s);
    if (len <= max) {
        ut_html_text(b, s);
        return;
    }
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--;
    char *cut = ut_strndup(s, max);
    if (!cut) {
        b->failed = 1;
        return;
    }
    ut_html_text(b, cut);
    ut_buf_puts(b, "…");
    free(cut);
}

static void svg_open(ut_buf *b, const char *id, double w, double h) {
    ut_buf_puts(b, "<svg viewBox=\"0 0 ");
    ut_html_coord(b, w);
    ut_buf_putc(b, ' ');
    ut_html_coord(b, h);
    ut_buf_printf(b, "\" role=\"img\" aria-labelledby=\"%s-t %s-d\">", id, id);
}

/* <text x y [anchor] [class]>...</text> opening, caller writes the content. */
static void text_at(ut_buf *b, double x, double y, const char *anchor, const char *cls) {
    ut_buf_puts(b, "<text x=\"");
    ut_html_coord(b, x);
    ut_buf_puts(b, "\" y=\"");
    ut_html_coord(b, y);
    ut_buf_putc(b, '"');
    if (anchor) ut_buf_printf(b, " text-anchor=\"%s\"", anchor);
    if (cls) ut_buf_printf(b, " class=\"%s\"", cls);
    ut_buf_putc(b, '>');
}

static void rect(ut_buf *b, double x, double y, double w, double h, const char *fill) {
    ut_buf_puts(b, "<rect x=\"");
    ut_html_coord(b, x);
    ut_buf_puts(b, "\" y=\"");
    ut_html_coord(b, y);
    ut_buf_puts(b, "\" width=\"");
    ut_html_coord(b, w < 0 ? 0 : w);
    ut_buf_puts(b, "\" height=\"");
    ut_html_coord(b, h < 0 ? 0 : h);
    ut_buf_printf(b, "\" fill=\"%s\"/>", fill);
}

static void line(ut_buf *b, double x1, double y1, double x2, double y2, const char *attrs) {
    ut_buf_puts(b, "<line x1=\"");
    ut_html_coord(b, x1);
    ut_buf_puts(b, "\" y1=\"");
    ut_html_coord(b, y1);
    ut_buf_puts(b, "\" x2=\"");
    ut_html_coord(b, x2);
    ut_buf_puts(b, "\" y2=\"");
    ut_html_coord(b, y2);
    ut_buf_printf(b, "\" %s/>", attrs);
}

/* Ticks at 0, top/2 and top of a share axis from x0 to x0 + w. */
static void share_ticks(ut_buf *b, double x0, double w, double top, double y_top, double y_bottom) {
    for (int i = 0; i <= 2; i++) {
        double x = x0 + w * i / 2;
        line(b, x, y_top, x, y_bottom, "class=\"axis\"");
        text_at(b, x, y_bottom + 14, "middle", "muted");
        ut_html_pct(b, top * i / 2, 0);
        ut_buf_puts(b, "</text>");
    }
}

/* ---- themes: negative share and volume ---- */

static int theme_by_share(const void *x, const void *y) {
    const ut_theme_row *a = *(const ut_theme_row *const *)x, *b = *(const ut_theme_row *const *)y;
    if (a->negative_share != b->negative_share) return a->negative_share > b->negative_share ? -1 : 1;
    if (a->mentions != b->mentions) return a->mentions > b->mentions ? -1 : 1;
    return a->id < b->id ? -1 : a->id > b->id;
}

static int theme_by_volume(const void *x, const void *y) {
    const ut_theme_row *a = *(const ut_theme_row *const *)x, *b = *(const ut_theme_row *const *)y;
    if (a->mentions != b->mentions) return a->mentions > b->mentions ? -1 : 1;
    return a->id < b->id ? -1 : a->id > b->id;
}

/* The themes with mentions, "other" (id 0) left out, sorted by `cmp`. */
static const ut_theme_row **mentioned_themes(const ut_summary *s, int (*cmp)(const void *, const void *),
                                             size_t *n_out) {
    const ut_theme_row **rows = ut_malloc((s->n_themes + 1) * sizeof *rows);
    size_t n = 0;
    if (!rows) return NULL;
    for (size_t t = 0; t < s->n_themes; t++)
        if (s->themes[t].id != 0 && s->themes[t].mentions) rows[n++] = &s->themes[t];
    qsort(rows, n, sizeof *rows, cmp);
    *n_out = n;
    return rows;
}

static void theme_table(ut_buf *b, const ut_summary *s) {
    ut_buf_puts(b, "<details><summary>All themes as a table</summary><div class=\"tablewrap\"><table>\n"
                   "<thead><tr><th>theme</th><th class=\"n\">mentions</th><th class=\"n\">reviews</th>"
                   "<th class=\"n\">negative</th><th class=\"n\">share</th><th class=\"n\">at least (95%)</th>"
                   "<th class=\"n\">mean sentiment</th><th class=\"n\">mean rating</th></tr></thead><tbody>\n");
    for (size_t t = 0; t < s->n_themes; t++) {
        const ut_theme_row *r = &s->themes[t];
        ut_buf_puts(b, "<tr><td>");
        ut_html_text(b, r->theme);
        ut_buf_puts(b, "</td><td class=\"n\">");
        ut_html_count(b, r->mentions);
        ut_buf_puts(b, "</td><td class=\"n\">");
        ut_html_count(b, r->reviews);
        ut_buf_puts(b, "</td><td class=\"n\">");
        ut_html_count(b, r->negative);
        ut_buf_puts(b, "</td><td class=\"n\">");
        ut_html_pct(b, r->negative_share, 1);
        ut_buf_puts(b, "</td><td class=\"n\">");
        ut_html_pct(b, r->negative_share_low, 1);
        ut_buf_puts(b, "</td><td class=\"n\">");
        ut_html_signed(b, r->mean_sentiment, 2);
        ut_buf_puts(b, "</td><td class=\"n\">");
        if (r->has_rating && r->reviews) ut_buf_put_fixed(b, r->mean_rating, 2);
        ut_buf_puts(b, "</td></tr>\n");
    }
    ut_buf_puts(b, "</tbody></table></div></details>\n");
}

int ut_report_theme_chart(ut_buf *b, const ut_summary *s) {
    size_t n;
    const ut_theme_row **rows = mentioned_themes(s, theme_by_share, &n);
    if (!rows) return UT_ENOMEM;
    size_t shown = UT_MIN(n, (size_t)UT_REPORT_THEMES);
    ut_buf_puts(b, "<section aria-labelledby=\"h-themes\">\n<h2 id=\"h-themes\">Themes: how negative, how "
                   "often</h2>\n");
    if (!shown) {
        ut_buf_puts(b, "<p class=\"lead\">No theme was mentioned.</p>\n");
        theme_table(b, s);
        ut_buf_puts(b, "</section>\n");
        free(rows);
        return 0;
    }
    ut_buf_puts(b, "<p class=\"lead\">Each theme's share of negative mentions (left) and its number of mentions "
                   "(right), worst first. The dashed line is the share over all themes.</p>\n");
    ut_buf_puts(b, "<div class=\"legend\"><span><i class=\"sw\" style=\"background:#b42318\"></i>clearly above the "
                   "line (95%)</span><span><i class=\"sw\" style=\"background:#e07a70\"></i>above</span><span><i "
                   "class=\"sw\" style=\"background:#8aa4b8\"></i>at or below</span></div>\n");
    double largest = s->theme_baseline;
    uint64_t most = 1;
    for (size_t i = 0; i < shown; i++) {
        largest = UT_MAX(largest, rows[i]->negative_share);
        most = UT_MAX(most, rows[i]->mentions);
    }
    double top = share_axis_top(largest);
    const double share_x = LABEL_W + 8, share_w = 300, vol_x = 570, vol_w = 120, width = 760;
    double bottom = TOP + ROW_H * (double)shown, height = bottom + 40;
    ut_buf_puts(b, "<div class=\"panel scroll\">");
    svg_open(b, "themes", width, height);
    ut_buf_puts(b, "<title id=\"themes-t\">Negative share and mentions per theme</title><desc id=\"themes-d\">");
    ut_html_count(b, shown);
    ut_buf_puts(b, " themes, sorted by the share of their mentions that are negative; the share over all themes "
                   "is ");
    ut_html_pct(b, s->theme_baseline, 1);
    ut_buf_puts(b, ". The table below the chart has the numbers.</desc>\n");
    text_at(b, share_x, 16, NULL, NULL);
    ut_buf_puts(b, "<tspan font-weight=\"600\">negative share of mentions</tspan></text>");
    text_at(b, vol_x, 16, NULL, NULL);
    ut_buf_puts(b, "<tspan font-weight=\"600\">mentions</tspan></text>\n");
    share_ticks(b, share_x, share_w, top, TOP - 8, bottom);
    line(b, vol_x, TOP - 8, vol_x, bottom, "class=\"axis\"");
    for (size_t i = 0; i < shown; i++) {
        const ut_theme_row *r = rows[i];
        double y = TOP + ROW_H * (double)i, mid = y + BAR_H / 2 + 4;
        const char *fill = r->negative_share_low > s->theme_baseline ? "#b42318"
                           : r->negative_share > s->theme_baseline   ? "#e07a70"
                                                                     : "#8aa4b8";
        ut_buf_puts(b, "<g><title>");
        ut_html_text(b, r->theme);
        ut_buf_puts(b, ": ");
        ut_html_pct(b, r->negative_share, 1);
        ut_buf_puts(b, " negative of ");
        ut_html_count(b, r->mentions);
        ut_buf_puts(b, " mentions</title>");
        text_at(b, LABEL_W, mid, "end", NULL);
        put_label(b, r->theme, 28);
        ut_buf_puts(b, "</text>");
        rect(b, share_x, y, share_w * r->negative_share / top, BAR_H, fill);
        text_at(b, share_x + share_w * r->negative_share / top + 4, mid, NULL, NULL);
        ut_html_pct(b, r->negative_share, 1);
        ut_buf_puts(b, "</text>");
        double vw = vol_w * (double)r->mentions / (double)most;
        rect(b, vol_x, y, vw, BAR_H, "#1d5f8a");
        text_at(b, vol_x + vw + 4, mid, NULL, NULL);
        ut_html_count(b, r->mentions);
        ut_buf_puts(b, "</text></g>\n");
    }
    double base_x = share_x + share_w * s->theme_baseline / top;
    line(b, base_x, TOP - 8, base_x, bottom, "class=\"base\" stroke-width=\"1.5\"");
    text_at(b, base_x, bottom + 30, "middle", NULL);
    ut_buf_puts(b, "all themes ");
    ut_html_pct(b, s->theme_baseline, 1);
    ut_buf_puts(b, "</text></svg></div>\n");
    if (n > shown) ut_buf_printf(b, "<p class=\"note\">The %zu themes with the highest shares of %zu.</p>\n", shown, n);
    theme_table(b, s);
    ut_buf_puts(b, "</section>\n");
    free(rows);
    return 0;
}

/* ---- sentiment histograms ---- */

/* Bins [-1,-0.8) ... [0.8,1]: red for negative, grey around zero, blue for
 * positive; the two outer bins on each side are "strong". */
static const char *const bin_fill[10] = {"#b42318", "#c8473b", "#d9665b", "#e8958c", "#8c959f",
                                         "#8c959f", "#7fb0d4", "#4f8fbf", "#2f75a8", "#1d5f8a"};

int ut_report_histograms(ut_buf *b, const ut_summary *s) {
    size_t n;
    const ut_theme_row **rows = mentioned_themes(s, theme_by_volume, &n);
    if (!rows) return UT_ENOMEM;
    size_t shown = UT_MIN(n, (size_t)UT_REPORT_HISTOGRAMS);
    ut_buf_puts(b, "<section aria-labelledby=\"h-hist\">\n<h2 id=\"h-hist\">How opinions split within each "
                   "theme</h2>\n");
    if (!shown) {
        ut_buf_puts(b, "<p class=\"lead\">No theme was mentioned.</p>\n</section>\n");
        free(rows);
        return 0;
    }
    ut_buf_puts(b, "<p class=\"lead\">Mention sentiment from −1 (left) to +1 (right), most mentioned themes first. "
                   "Two humps mean a polarised theme: a mean near zero there hides both camps.</p>\n"
                   "<div class=\"hists\">\n");
    for (size_t i = 0; i < shown; i++) {
        const ut_theme_row *r = rows[i];
        uint64_t peak = 1, total = 0;
        for (int k = 0; k < 10; k++) {
            peak = UT_MAX(peak, r->hist[k]);
            total += r->hist[k];
        }
        double strong_neg = total ? (double)(r->hist[0] + r->hist[1]) / (double)total : 0;
        double strong_pos = total ? (double)(r->hist[8] + r->hist[9]) / (double)total : 0;
        ut_buf_puts(b, "<figure><svg viewBox=\"0 0 200 92\" role=\"img\" aria-label=\"Sentiment of ");
        ut_html_text(b, r->theme);
        ut_buf_puts(b, " mentions: ");
        ut_html_pct(b, strong_neg, 0);
        ut_buf_puts(b, " strongly negative, ");
        ut_html_pct(b, strong_pos, 0);
        ut_buf_puts(b, " strongly positive\">");
        for (int k = 0; k < 10; k++) {
            double h = 64.0 * (double)r->hist[k] / (double)peak;
            rect(b, k * 20.0 + 1, 72 - h, 18, h, bin_fill[k]);
        }
        line(b, 0, 72.5, 200, 72.5, "class=\"axis\"");
        ut_buf_puts(b, "<text x=\"0\" y=\"88\" class=\"muted\">−1</text><text x=\"100\" y=\"88\" "
                       "text-anchor=\"middle\" class=\"muted\">0</text><text x=\"200\" y=\"88\" text-anchor=\"end\" "
                       "class=\"muted\">+1</text></svg>\n<figcaption><b>");
        ut_html_text(b, r->theme);
        ut_buf_puts(b, "</b>");
        ut_html_count(b, r->mentions);
        ut_buf_puts(b, " mentions, mean ");
        ut_html_signed(b, r->mean_sentiment, 2);
        ut_buf_puts(b, "<br><span class=\"nw\">");
        ut_html_pct(b, strong_neg, 0);
        ut_buf_puts(b, " ≤ −0.6</span> · <span class=\"nw\">");
        ut_html_pct(b, strong_pos, 0);
        ut_buf_puts(b, " ≥ +0.6</span>");
        if (strong_neg >= 0.15 && strong_pos >= 0.15) ut_buf_puts(b, " · <strong class=\"polar\">polarised</strong>");
        ut_buf_puts(b, "</figcaption></figure>\n");
    }
    ut_buf_puts(b, "</div>\n<details><summary>The histograms as a table</summary><div class=\"tablewrap\"><table>\n"
                   "<thead><tr><th>theme</th>");
    for (int k = 0; k < 10; k++) {
        ut_buf_puts(b, "<th class=\"n\">");
        ut_html_signed(b, -1 + 0.2 * k, 1);
        ut_buf_puts(b, "</th>");
    }
    ut_buf_puts(b, "</tr></thead><tbody>\n");
    for (size_t i = 0; i < shown; i++) {
        ut_buf_puts(b, "<tr><td>");
        ut_html_text(b, rows[i]->theme);
        ut_buf_puts(b, "</td>");
        for (int k = 0; k < 10; k++) {
            ut_buf_puts(b, "<td class=\"n\">");
            ut_html_count(b, rows[i]->hist[k]);
            ut_buf_puts(b, "</td>");
        }
        ut_buf_puts(b, "</tr>\n");
    }
    ut_buf_puts(b, "</tbody></table><p class=\"note\">Columns are bins starting at the value shown, 0.2 wide."
                   "</p></div></details>\n</section>\n");
    free(rows);
    return 0;
}

/* ---- groups with their Wilson intervals ---- */

/* By the interval's lower end: a group of 3 reviews with 2 negative does
 * not outrank one of 3,000 with 40% negative. */
static int group_by_low(const void *x, const void *y) {
    const ut_group_row *a = *(const ut_group_row *const *)x, *b = *(const ut_group_row *const *)y;
    if (a->negative_share_low != b->negative_share_low) return a->negative_share_low > b->negative_share_low ? -1 : 1;
    if (a->negative_share != b->negative_share) return a->negative_share > b->negative_share ? -1 : 1;
    if (a->reviews != b->reviews) return a->reviews > b->reviews ? -1 : 1;
    return strcmp(a->group, b->group);
}

static void group_table(ut_buf *b, const ut_group_row *const *rows, size_t n) {
    ut_buf_puts(b, "<details><summary>These groups as a table</summary><div class=\"tablewrap\"><table>\n"
                   "<thead><tr><th>group</th><th class=\"n\">reviews</th><th class=\"n\">negative</th>"
                   "<th class=\"n\">share</th><th class=\"n\">95% interval</th><th class=\"n\">mean compound</th>"
                   "<th class=\"n\">mean rating</th></tr></thead><tbody>\n");
    for (size_t i = 0; i < n; i++) {
        const ut_group_row *r = rows[i];
        ut_buf_puts(b, "<tr><td>");
        ut_html_text(b, r->group);
        ut_buf_puts(b, "</td><td class=\"n\">");
        ut_html_count(b, r->reviews);
        ut_buf_puts(b, "</td><td class=\"n\">");
        ut_html_count(b, r->negative_reviews);
        ut_buf_puts(b, "</td><td class=\"n\">");
        ut_html_pct(b, r->negative_share, 1);
        ut_buf_puts(b, "</td><td class=\"n\">");
        ut_html_pct(b, r->negative_share_low, 1);
        ut_buf_puts(b, " – ");
        ut_html_pct(b, ut_wilson_upper(r->negative_reviews, r->reviews, UT_Z95), 1);
        ut_buf_puts(b, "</td><td class=\"n\">");
        ut_html_signed(b, r->mean_compound, 3);
        ut_buf_puts(b, "</td><td class=\"n\">");
        if (r->has_rating) ut_buf_put_fixed(b, r->mean_rating, 2);
        ut_buf_puts(b, "</td></tr>\n");
    }
    ut_buf_puts(b, "</tbody></table></div></details>\n");
}

static void group_chart(ut_buf *b, const ut_summary *s, int field, const ut_group_row *const *rows, size_t n,
                        size_t total) {
    double largest = s->negative_share;
    for (size_t i = 0; i < n; i++)
        largest = UT_MAX(largest, ut_wilson_upper(rows[i]->negative_reviews, rows[i]->reviews, UT_Z95));
    double top = share_axis_top(largest);
    const double x0 = LABEL_W + 8, w = 400, width = 760;
    double bottom = TOP + ROW_H * (double)n, height = bottom + 40;
    char id[32];
    snprintf(id, sizeof id, "groups%d", field);
    ut_buf_puts(b, "<h3>By ");
    ut_html_text(b, s->group_names[field]);
    ut_buf_puts(b, "</h3>\n<p class=\"note\">");
    if (total > n) ut_buf_printf(b, "The %zu of %zu groups whose negative share is surely highest: ", n, total);
    ut_buf_puts(b, "ranked by the lower end of the 95% interval (the line), so small groups do not crowd out "
                   "large ones. The dot is the share.</p>\n<div class=\"panel scroll\">");
    svg_open(b, id, width, height);
    ut_buf_printf(b, "<title id=\"%s-t\">Negative review share by ", id);
    ut_html_text(b, s->group_names[field]);
    ut_buf_printf(b, "</title><desc id=\"%s-d\">", id);
    ut_html_count(b, n);
    ut_buf_puts(b, " groups with the share of negative reviews and its 95% Wilson interval; the share over all "
                   "reviews is ");
    ut_html_pct(b, s->negative_share, 1);
    ut_buf_puts(b, ". The table below has the numbers.</desc>\n");
    text_at(b, x0, 16, NULL, NULL);
    ut_buf_puts(b, "<tspan font-weight=\"600\">share of negative reviews, 95% interval</tspan></text>");
    text_at(b, width, 16, "end", NULL);
    ut_buf_puts(b, "<tspan font-weight=\"600\">reviews</tspan></text>\n");
    share_ticks(b, x0, w, top, TOP - 8, bottom);
    for (size_t i = 0; i < n; i++) {
        const ut_group_row *r = rows[i];
        double high = ut_wilson_upper(r->negative_reviews, r->reviews, UT_Z95);
        double y = TOP + ROW_H * (double)i + BAR_H / 2, text_y = y + 4;
        int above = r->negative_share_low > s->negative_share;
        ut_buf_puts(b, "<g><title>");
        ut_html_text(b, r->group);
        ut_buf_puts(b, ": ");
        ut_html_pct(b, r->negative_share, 1);
        ut_buf_puts(b, " negative (");
        ut_html_pct(b, r->negative_share_low, 1);
        ut_buf_puts(b, " – ");
        ut_html_pct(b, high, 1);
        ut_buf_puts(b, ") of ");
        ut_html_count(b, r->reviews);
        ut_buf_puts(b, " reviews</title>");
        text_at(b, LABEL_W, text_y, "end", NULL);
        put_label(b, r->group, 28);
        ut_buf_puts(b, "</text>");
        line(b, x0 + w * r->negative_share_low / top, y, x0 + w * high / top, y,
             above ? "stroke=\"#b42318\" stroke-width=\"3\" stroke-linecap=\"round\""
                   : "stroke=\"#8c959f\" stroke-width=\"3\" stroke-linecap=\"round\"");
        ut_buf_puts(b, "<circle cx=\"");
        ut_html_coord(b, x0 + w * r->negative_share / top);
        ut_buf_puts(b, "\" cy=\"");
        ut_html_coord(b, y);
        ut_buf_printf(b, "\" r=\"4.5\" fill=\"%s\" stroke=\"#fff\"/>", above ? "#7a1a12" : "#3d4650");
        text_at(b, x0 + w + 50, text_y, NULL, NULL);
        ut_html_pct(b, r->negative_share, 1);
        ut_buf_puts(b, "</text>");
        text_at(b, width, text_y, "end", "muted");
        ut_html_count(b, r->reviews);
        ut_buf_puts(b, "</text></g>\n");
    }
    double base_x = x0 + w * s->negative_share / top;
    line(b, base_x, TOP - 8, base_x, bottom, "class=\"base\" stroke-width=\"1.5\"");
    text_at(b, base_x, bottom + 30, "middle", NULL);
    ut_buf_puts(b, "all reviews ");
    ut_html_pct(b, s->negative_share, 1);
    ut_buf_puts(b, "</text></svg></div>\n");
    group_table(b, rows, n);
}

int ut_report_group_charts(ut_buf *b, const ut_summary *s) {
    if (s->n_groups == 0) return 0;
    const ut_group_row **rows = ut_malloc((s->n_groups_rows + 1) * sizeof *rows);
    if (!rows) return UT_ENOMEM;
    ut_buf_puts(b, "<section aria-labelledby=\"h-groups\">\n<h2 id=\"h-groups\">Groups by share of negative "
                   "reviews</h2>\n");
    for (int f = 0; f < s->n_groups; f++) {
        size_t n = 0;
        for (size_t i = 0; i < s->n_groups_rows; i++)
            if (s->groups[i].reviews && strcmp(s->groups[i].field, s->group_names[f]) == 0) rows[n++] = &s->groups[i];
        if (!n) continue;
        qsort(rows, n, sizeof *rows, group_by_low);
        group_chart(b, s, f, rows, UT_MIN(n, (size_t)UT_REPORT_GROUPS), n);
    }
    ut_buf_puts(b, "</section>\n");
    free(rows);
    return 0;
}
