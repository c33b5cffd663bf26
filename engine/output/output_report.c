/* output_report.c — report.html: the page, its header of corpus totals and
 * the cards of the worst negative feedback clusters (the charts are in
 * output_report_charts.c and output_report_trends.c).
 *
 * The idea: the cluster ranking is already done by the summary, so the page
 * only lays it out, most telling first — what share is negative against
 * what baseline, and the averages that hid it. No script: everything is
 * HTML, CSS and SVG, so the file opens offline and prints. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/common.h"
#include "util/atomic_file.h"
#include "output/output_report.h"
#include "output/output_html.h"
#include "output/output_report_html.h"
#include "record/record.h"

/* Light page, dark ink: every text colour has at least 4.5:1 contrast on
 * its background. Grids reflow to one column on a phone. */
static const char page_css[] =
    ":root{--ink:#1b1f24;--muted:#57606a;--line:#d0d7de;--bg:#f6f7f9;--card:#fff;"
    "--neg:#b42318;--neg-soft:#f6d4d1;--pos:#1d5f8a;--pos-soft:#cfe3f1;--mid:#8c959f;--base:#3d4650}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.45 system-ui,-apple-system,'Segoe UI',"
    "Roboto,'Helvetica Neue',Arial,sans-serif}\n"
    ".wrap{max-width:1180px;margin:0 auto;padding:20px 16px 48px}\n"
    "h1{font-size:1.7rem;margin:0 0 4px}h2{font-size:1.3rem;margin:36px 0 6px}"
    "h3{font-size:1.05rem;margin:0}\n"
    ".lead,.note{color:var(--muted);margin:0 0 12px}.note{font-size:.9rem}\n"
    ".tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(128px,1fr));gap:10px;margin:16px 0 8px}\n"
    ".tile{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:10px 12px}\n"
    ".tile b{display:block;font-size:1.45rem;font-variant-numeric:tabular-nums}"
    ".tile span{color:var(--muted);font-size:.85rem}\n"
    ".tile.alarm b{color:var(--neg)}\n"
    ".cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(330px,1fr));gap:12px}\n"
    ".card{background:var(--card);border:1px solid var(--line);border-left:5px solid var(--neg);"
    "border-radius:8px;padding:12px 14px;min-width:0}\n"
    ".card.weak{border-left-color:var(--mid)}\n"
    ".card header{display:flex;gap:8px;align-items:baseline;flex-wrap:wrap}\n"
    ".rank{font-weight:700;color:var(--muted)}\n"
    ".badge{margin-left:auto;font-size:.75rem;padding:1px 8px;border-radius:10px;background:var(--neg-soft);"
    "color:#7a1a12;white-space:nowrap}\n"
    ".weak .badge{background:#e6e9ed;color:var(--base)}\n"
    ".field{color:var(--muted);font-weight:400}\n"
    ".big{font-size:1.05rem;margin:8px 0 2px}.big strong{font-size:1.5rem;color:var(--neg)}"
    ".weak .big strong{color:var(--base)}\n"
    ".hid{margin:4px 0;font-size:.9rem}\n"
    ".chips{display:flex;flex-wrap:wrap;gap:4px;margin:6px 0;padding:0;list-style:none}\n"
    ".chips li{background:#eef1f4;border-radius:4px;padding:0 6px;font-size:.85rem}\n"
    ".quotes{margin:6px 0;padding-left:1.1rem;font-size:.9rem;font-style:italic;color:#3a3f44}\n"
    ".ids{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;color:var(--base);"
    "overflow-wrap:anywhere;margin:4px 0}\n"
    ".meta{color:var(--muted);font-size:.82rem;margin:6px 0 0}\n"
    ".panel{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:12px;margin:8px 0}\n"
    ".scroll{overflow-x:auto}\n"
    "svg{display:block;width:100%;height:auto}\n"
    ".scroll svg{min-width:680px}\n"
    "svg text{fill:var(--ink);font-size:12px;font-family:inherit}\n"
    "svg .muted{fill:var(--muted)}svg .axis{stroke:var(--line)}svg .base{stroke:var(--base);"
    "stroke-dasharray:4 3}\n"
    ".hists{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:10px}\n"
    ".hists figure{margin:0;background:var(--card);border:1px solid var(--line);border-radius:8px;padding:8px}\n"
    ".hists figcaption{font-size:.85rem}.hists figcaption b{display:block;overflow-wrap:anywhere}"
    ".nw{white-space:nowrap}.polar{color:var(--neg)}\n"
    ".trends{display:grid;grid-template-columns:repeat(auto-fill,minmax(340px,1fr));gap:10px}\n"
    ".trends figure{margin:0;background:var(--card);border:1px solid var(--line);border-radius:8px;padding:8px}\n"
    "details{margin:8px 0}summary{cursor:pointer;color:var(--pos)}\n"
    "table{border-collapse:collapse;font-size:.85rem;margin-top:6px;font-variant-numeric:tabular-nums}\n"
    "th,td{border-bottom:1px solid var(--line);padding:3px 8px;text-align:left;vertical-align:top}"
    "td.n,th.n{text-align:right}\n"
    ".tablewrap{overflow-x:auto}\n"
    ".legend{display:flex;flex-wrap:wrap;gap:14px;font-size:.85rem;color:var(--muted);margin:4px 0}\n"
    ".sw{display:inline-block;width:12px;height:12px;border-radius:2px;vertical-align:-1px;margin-right:4px}\n"
    ".toc{display:flex;flex-wrap:wrap;gap:6px 16px;font-size:.9rem;margin:4px 0}"
    ".toc a{color:var(--pos)}\n"
    "footer{margin-top:40px;color:var(--muted);font-size:.85rem}\n"
    "@media (max-width:520px){body{font-size:14px}.cards{grid-template-columns:1fr}"
    ".tile b{font-size:1.2rem}}\n";

static void put_tile(ut_buf *b, const char *cls, const char *label) {
    ut_buf_printf(b, "<div class=\"tile%s%s\"><span>%s</span><b>", *cls ? " " : "", cls, label);
}

/* How far to trust the scores on this corpus: how they agree with its own
 * ratings (agreement.h), so a reader judges the model on their data. */
static void agreement_block(ut_buf *b, const ut_agreement_summary *g) {
    if (!g->rated) return;
    ut_buf_puts(b, "<p class=\"note\">How the scores agree with this corpus's ratings (");
    ut_html_count(b, g->rated);
    ut_buf_puts(b, " rated reviews): ");
    if (g->has_balanced) {
        ut_buf_puts(b, "balanced accuracy <b>");
        ut_buf_put_fixed(b, g->balanced_accuracy, 3);
        ut_buf_puts(b, "</b>, complaints (bottom third of the scale) scored negative <b>");
        ut_html_pct(b, g->complaint_recall, 1);
        ut_buf_puts(b, "</b>, praise (top third) scored positive <b>");
        ut_html_pct(b, g->praise_recall, 1);
        ut_buf_puts(b, "</b>; ");
    }
    ut_buf_puts(b, "Spearman correlation of compound and rating <b>");
    if (g->has_spearman)
        ut_html_signed(b, g->spearman, 3);
    else
        ut_buf_puts(b, "n/a");
    ut_buf_puts(b, "</b>.</p>\n");
    if (!g->n_levels) return;
    ut_buf_puts(b, "<details><summary>Mean compound by rating</summary><div class=\"tablewrap\"><table>\n"
                   "<thead><tr><th>rating</th><th class=\"n\">reviews</th>"
                   "<th class=\"n\">mean compound</th></tr></thead><tbody>\n");
    for (size_t i = 0; i < g->n_levels; i++) {
        ut_buf_puts(b, "<tr><td>");
        ut_buf_put_fixed(b, g->levels[i].rating, 2);
        ut_buf_puts(b, "</td><td class=\"n\">");
        ut_html_count(b, g->levels[i].reviews);
        ut_buf_puts(b, "</td><td class=\"n\">");
        ut_html_signed(b, g->levels[i].mean_compound, 3);
        ut_buf_puts(b, "</td></tr>\n");
    }
    ut_buf_puts(b, "</tbody></table></div></details>\n");
}

static void header(ut_buf *b, const ut_summary *s, const ut_run_info *info) {
    const char *lexicons = info && info->lexicons && *info->lexicons ? info->lexicons : s->lexicons;
    ut_buf_puts(b, "<header>\n<h1>Negative feedback report</h1>\n<p class=\"lead\">");
    ut_html_count(b, s->records);
    ut_buf_puts(b, " reviews, ");
    ut_html_count(b, s->theme_mentions);
    ut_buf_puts(b, " theme mentions. Model <b>");
    ut_html_text(b, s->model);
    ut_buf_puts(b, "</b>");
    if (lexicons && *lexicons) {
        ut_buf_puts(b, ", lexicons <b>");
        ut_html_text(b, lexicons);
        ut_buf_puts(b, "</b>");
    }
    ut_buf_puts(b, ", undertone ");
    ut_html_text(b, ut_version());
    ut_buf_puts(b, ".</p>\n<div class=\"tiles\">\n");
    put_tile(b, "", "Reviews analysed");
    ut_html_count(b, s->records);
    ut_buf_puts(b, "</b></div>\n");
    put_tile(b, s->negative_share >= 0.25 ? "alarm" : "", "Negative reviews");
    ut_html_pct(b, s->negative_share, 1);
    ut_buf_puts(b, "</b></div>\n");
    put_tile(b, "", "Mean compound");
    ut_html_signed(b, s->mean_compound, 3);
    ut_buf_puts(b, "</b></div>\n");
    if (s->rated_records) {
        put_tile(b, "", "Mean rating");
        ut_buf_put_fixed(b, s->mean_rating, 2);
        ut_buf_puts(b, "</b></div>\n");
    }
    put_tile(b, "", "Negative theme mentions");
    ut_html_pct(b, s->theme_baseline, 1);
    ut_buf_puts(b, "</b></div>\n");
    put_tile(b, s->n_significant ? "alarm" : "", "Significant clusters");
    ut_html_count(b, s->n_significant);
    ut_buf_puts(b, "</b></div>\n");
    if (s->bucket != UT_BUCKET_NONE) {
        put_tile(b, s->n_alerts ? "alarm" : "", "Trend alerts");
        ut_html_count(b, s->n_alerts);
        ut_buf_puts(b, "</b></div>\n");
    }
    put_tile(b, s->bad_total ? "alarm" : "", "Bad records skipped");
    ut_html_count(b, s->bad_total);
    ut_buf_puts(b, "</b></div>\n</div>\n");
    if (s->bad_total) {
        ut_buf_puts(b, "<p class=\"note\">Bad records by reason: ");
        int first = 1;
        for (int r = 1; r < UT_BAD_REASON_COUNT; r++) {
            if (!s->bad[r]) continue;
            ut_buf_puts(b, first ? "" : ", ");
            ut_html_text(b, ut_bad_reason_name((ut_bad_reason)r));
            ut_buf_puts(b, " ");
            ut_html_count(b, s->bad[r]);
            first = 0;
        }
        ut_buf_puts(b, ". They are not counted anywhere else on this page.</p>\n");
    }
    agreement_block(b, &s->agreement);
    ut_buf_puts(b, "<nav aria-label=\"sections\" class=\"toc\"><a href=\"#h-clusters\">Clusters</a>"
                   "<a href=\"#h-themes\">Themes</a><a href=\"#h-hist\">Opinion split</a>");
    if (s->n_groups) ut_buf_puts(b, "<a href=\"#h-groups\">Groups</a>");
    if (s->bucket != UT_BUCKET_NONE) ut_buf_puts(b, "<a href=\"#h-trends\">Over time</a>");
    ut_buf_puts(b, "</nav>\n</header>\n");
}

static void put_q(ut_buf *b, double q) {
    if (q < 0.001)
        ut_buf_puts(b, "&lt; 0.001");
    else
        ut_buf_put_fixed(b, q, 3);
}

/* "store C" */
static void put_cell_group(ut_buf *b, const ut_cluster_row *r) {
    ut_buf_puts(b, "<span class=\"field\">");
    ut_html_text(b, r->group_field);
    ut_buf_puts(b, "</span> ");
    ut_html_text(b, r->group);
}

/* The `sep`-joined list as list items of class `cls`. */
static void put_list(ut_buf *b, const char *list, const char *sep, const char *cls, const char *label, int quoted) {
    size_t sep_len = strlen(sep);
    ut_buf_printf(b, "<ul class=\"%s\" aria-label=\"%s\">", cls, label);
    while (*list) {
        const char *end = strstr(list, sep);
        size_t len = end ? (size_t)(end - list) : strlen(list);
        char *one = ut_strndup(list, len);
        if (!one) {
            b->failed = 1;
            return;
        }
        ut_buf_puts(b, quoted ? "<li>“" : "<li>");
        ut_html_text(b, one);
        ut_buf_puts(b, quoted ? "”</li>" : "</li>");
        free(one);
        list += len + (end ? sep_len : 0);
    }
    ut_buf_puts(b, "</ul>\n");
}

/* A two-bar picture: the group's complaint incidence over its peers'. */
static void incidence_bars(ut_buf *b, const ut_cluster_row *r) {
    double top = r->incidence > r->peer_incidence ? r->incidence : r->peer_incidence;
    double w = 262, scale = top > 0 ? w / top : 0;
    ut_buf_puts(b, "<svg viewBox=\"0 0 320 34\" role=\"img\" aria-label=\"");
    ut_html_pct(b, r->incidence, 1);
    ut_buf_puts(b, " of this group's customers complain, against ");
    ut_html_pct(b, r->peer_incidence, 1);
    ut_buf_puts(b, " of its peers'\"><rect x=\"0\" y=\"2\" width=\"262\" height=\"12\" fill=\"#eef1f4\"/>"
                   "<rect x=\"0\" y=\"2\" width=\"");
    ut_html_coord(b, r->incidence * scale);
    ut_buf_printf(b, "\" height=\"12\" fill=\"%s\"/>", r->significant ? "#b42318" : "#6e7781");
    ut_buf_puts(b, "<rect x=\"0\" y=\"20\" width=\"262\" height=\"12\" fill=\"#eef1f4\"/><rect x=\"0\" y=\"20\" "
                   "width=\"");
    ut_html_coord(b, r->peer_incidence * scale);
    ut_buf_puts(b, "\" height=\"12\" fill=\"#8c959f\"/>");
    ut_buf_puts(b, "<text x=\"268\" y=\"12\" class=\"muted\" font-size=\"11\">this group</text>"
                   "<text x=\"268\" y=\"30\" class=\"muted\" font-size=\"11\">its peers</text></svg>\n");
}

static const char *badge(const ut_cluster_row *r) {
    if (r->group_wide) return "group-wide";
    if (r->significant) return "significant";
    if (*r->covered_by) return "see sub-theme";
    return "not significant";
}

static void card(ut_buf *b, const ut_cluster_row *r) {
    ut_buf_printf(b, "<article class=\"card%s\">\n<header><span class=\"rank\">#%u</span><h3>",
                  r->significant && !r->group_wide ? "" : " weak", r->rank);
    put_cell_group(b, r);
    ut_buf_puts(b, " · ");
    ut_html_text(b, r->theme);
    ut_buf_printf(b, "</h3><span class=\"badge\">%s</span></header>\n", badge(r));
    ut_buf_puts(b, "<p class=\"big\"><strong>");
    ut_html_count(b, r->complaints);
    ut_buf_puts(b, "</strong> of ");
    ut_html_count(b, r->reviews);
    ut_buf_puts(b, " customers complain (");
    ut_html_pct(b, r->incidence, 1);
    ut_buf_puts(b, " vs ");
    ut_html_pct(b, r->peer_incidence, 1);
    ut_buf_puts(b, " at its peers");
    if (r->has_lift) {
        ut_buf_puts(b, " <span class=\"nw\">· <b>");
        ut_buf_put_fixed(b, r->lift, 1);
        ut_buf_puts(b, "×</b></span>");
    }
    ut_buf_puts(b, ")</p>\n");
    incidence_bars(b, r);
    ut_buf_puts(b, "<p class=\"hid\"><b>");
    ut_buf_put_fixed(b, r->excess, 0);
    ut_buf_puts(b, "</b> more unhappy customers than the peers' rate would give (at least <b>");
    ut_buf_put_fixed(b, r->excess_low > 0 ? r->excess_low : 0, 0);
    ut_buf_puts(b, "</b>, 95%). ");
    if (ut_cluster_row_by_ratings(r)) {
        ut_buf_puts(b, "Against peers' customers who gave the same ratings: <b>");
        ut_buf_put_fixed(b, r->rated_lift, 1);
        ut_buf_puts(b, "×</b> their rate (");
        ut_buf_put_fixed(b, r->rated_expected, 0);
        ut_buf_puts(b, " expected). ");
    } else if (ut_cluster_row_by_satisfied(r)) {
        ut_buf_printf(b, "Of its customers who rated it at or above the corpus's mean, <b>%llu of %llu</b> complain (",
                      (unsigned long long)r->satisfied_complaints, (unsigned long long)r->satisfied_reviews);
        ut_buf_put_fixed(b, r->satisfied_expected, 0);
        ut_buf_puts(b, " at their peers' rate). ");
    }
    if (r->has_rating) {
        ut_buf_puts(b, "Mean rating <b>");
        ut_buf_put_fixed(b, r->mean_rating, 2);
        ut_buf_puts(b, "</b> against the corpus's ");
        ut_buf_put_fixed(b, r->corpus_mean_rating, 2);
        if (r->has_complaint_rating) {
            ut_buf_puts(b, "; the complaining customers gave ");
            ut_buf_put_fixed(b, r->complaint_mean_rating, 2);
        }
    } else {
        ut_buf_puts(b, "Mean sentiment <b>");
        ut_html_signed(b, r->mean_compound, 2);
        ut_buf_puts(b, "</b> against the corpus's ");
        ut_html_signed(b, r->corpus_mean_compound, 2);
    }
    if (r->hidden_by_average) ut_buf_puts(b, " — <b>the average hides it</b>");
    ut_buf_puts(b, ".</p>\n");
    if (*r->quotes) put_list(b, r->quotes, " | ", "quotes", "what customers wrote", 1);
    if (*r->top_phrases) put_list(b, r->top_phrases, "; ", "chips", "top phrases", 0);
    if (*r->example_ids) {
        ut_buf_puts(b, "<p class=\"ids\">Examples: ");
        ut_html_text(b, r->example_ids);
        ut_buf_puts(b, "</p>\n");
    }
    ut_buf_puts(b, "<p class=\"meta\">q ");
    put_q(b, r->q_value);
    if (r->group_lift > 1) {
        ut_buf_puts(b, " · this group complains ");
        ut_buf_put_fixed(b, r->group_lift, 1);
        ut_buf_puts(b, "× its peers' rate across themes");
    }
    if (*r->covered_by) {
        ut_buf_puts(b, " · its evidence is carried by ");
        ut_html_text(b, r->covered_by);
    }
    ut_buf_puts(b, "</p>\n</article>\n");
}

static void cluster_table(ut_buf *b, const ut_summary *s) {
    size_t n = UT_MIN(s->n_clusters, (size_t)UT_REPORT_CLUSTER_ROWS);
    ut_buf_printf(b, "<details><summary>The top %zu cells as a table</summary><div class=\"tablewrap\"><table>\n", n);
    ut_buf_puts(b, "<thead><tr><th class=\"n\">rank</th><th>group</th><th>theme</th><th class=\"n\">reviews</th>"
                   "<th class=\"n\">complaints</th><th class=\"n\">incidence</th><th class=\"n\">peers</th>"
                   "<th class=\"n\">lift</th><th class=\"n\">excess (95% low)</th><th class=\"n\">q</th>"
                   "<th class=\"n\">rating</th><th>significant</th></tr></thead><tbody>\n");
    for (size_t i = 0; i < n; i++) {
        const ut_cluster_row *r = &s->clusters[i];
        ut_buf_printf(b, "<tr><td class=\"n\">%u</td><td>", r->rank);
        ut_html_text(b, r->group_field);
        ut_buf_puts(b, " ");
        ut_html_text(b, r->group);
        ut_buf_puts(b, "</td><td>");
        ut_html_text(b, r->theme);
        ut_buf_puts(b, "</td><td class=\"n\">");
        ut_html_count(b, r->reviews);
        ut_buf_puts(b, "</td><td class=\"n\">");
        ut_html_count(b, r->complaints);
        ut_buf_puts(b, "</td><td class=\"n\">");
        ut_html_pct(b, r->incidence, 1);
        ut_buf_puts(b, "</td><td class=\"n\">");
        ut_html_pct(b, r->peer_incidence, 1);
        ut_buf_puts(b, "</td><td class=\"n\">");
        if (r->has_lift) ut_buf_put_fixed(b, r->lift, 2);
        ut_buf_puts(b, "</td><td class=\"n\">");
        ut_buf_put_fixed(b, r->excess, 1);
        ut_buf_puts(b, " (");
        ut_buf_put_fixed(b, r->excess_low, 1);
        ut_buf_puts(b, ")</td><td class=\"n\">");
        put_q(b, r->q_value);
        ut_buf_puts(b, "</td><td class=\"n\">");
        if (r->has_rating) ut_buf_put_fixed(b, r->mean_rating, 2);
        ut_buf_printf(b, "</td><td>%s</td></tr>\n", badge(r));
    }
    ut_buf_puts(b, "</tbody></table></div></details>\n");
}

/* The corpus-wide view, apart from the clusters: the themes with the most
 * complaining customers. */
static void complained_most(ut_buf *b, const ut_summary *s) {
    enum { SHOWN = 8 };
    size_t best[SHOWN], n = ut_summary_top_themes(s, best, SHOWN);
    const ut_theme_row *other = ut_summary_other_theme(s);
    if (!n && !other) return;
    ut_buf_puts(b, "<p class=\"lead\">What customers complain about most, over all reviews: ");
    for (size_t k = 0; k < n; k++) {
        const ut_theme_row *t = &s->themes[best[k]];
        if (k) ut_buf_puts(b, ", ");
        ut_buf_puts(b, "<b>");
        ut_html_text(b, t->theme);
        ut_buf_puts(b, "</b> ");
        ut_html_pct(b, t->incidence, 1);
        ut_buf_puts(b, " of reviews (");
        ut_html_pct(b, t->negative_review_share, 0);
        ut_buf_puts(b, " of the negative ones)");
    }
    if (other) {
        /* negative sentences that name no theme: no theme of their own */
        ut_buf_puts(b, n ? "; and " : "");
        ut_html_pct(b, other->incidence, 1);
        ut_buf_puts(b, " of reviews (");
        ut_html_pct(b, other->negative_review_share, 0);
        ut_buf_puts(b, " of the negative ones) complain in words that name no theme (<b>other</b>: its "
                       "phrases are in phrases.csv, and <code>--suggest-themes</code> proposes themes for them)");
    }
    ut_buf_puts(b, ". These are the common complaints everywhere; the cards below are where a group "
                   "complains more than its peers.</p>\n");
}

static void clusters(ut_buf *b, const ut_summary *s) {
    ut_buf_puts(b, "<section aria-labelledby=\"h-clusters\">\n<h2 id=\"h-clusters\">Where customers hurt more "
                   "than elsewhere</h2>\n");
    complained_most(b, s);
    if (s->n_clusters == 0) {
        ut_buf_puts(b, s->n_groups ? "<p class=\"lead\">No group × theme cell has a complaint.</p>\n</section>\n"
                                   : "<p class=\"lead\">No clusters: name a <code>--group</code> field to compare "
                                     "groups with their peers.</p>\n</section>\n");
        return;
    }
    ut_buf_printf(b,
                  "<p class=\"lead\">%zu significant of %zu group × theme cells. A cell is significant when "
                  "its share of complaining customers is well above its peers' (the other groups), by at least "
                  "%.1f× and %.0f customers at 95%% confidence. Specific problems come first, ranked by the "
                  "extra unhappy customers; then cells of groups that complain more about everything "
                  "(%zu).</p>\n",
                  s->n_significant, s->n_clusters, UT_CLUSTER_MIN_LIFT, UT_CLUSTER_MIN_EXCESS, s->n_group_wide);
    ut_buf_puts(b, "<div class=\"cards\">\n");
    for (size_t i = 0; i < s->n_clusters && i < UT_REPORT_CARDS; i++)
        card(b, &s->clusters[i]);
    ut_buf_puts(b, "</div>\n");
    cluster_table(b, s);
    ut_buf_puts(b, "</section>\n");
}

int ut_report_html(const ut_summary *s, const ut_run_info *info, ut_buf *b) {
    ut_buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                   "<title>undertone report: ");
    ut_html_count(b, s->records);
    ut_buf_puts(b, " reviews</title>\n<style>\n");
    ut_buf_puts(b, page_css);
    ut_buf_puts(b, "</style>\n</head>\n<body>\n<main class=\"wrap\">\n");
    header(b, s, info);
    clusters(b, s);
    int rc = ut_report_theme_chart(b, s);
    if (!rc) rc = ut_report_histograms(b, s);
    if (!rc) rc = ut_report_group_charts(b, s);
    if (!rc) rc = ut_report_trend_charts(b, s);
    if (rc) return rc;
    ut_buf_puts(b, "<footer>Made by undertone ");
    ut_html_text(b, ut_version());
    ut_buf_puts(b, ". Every number here is in summary.json and the CSV files next to this page; "
                   "docs/outputs.md says what each means.</footer>\n</main>\n</body>\n</html>\n");
    return b->failed ? ut_error_set(UT_ENOMEM, "out of memory formatting report.html") : 0;
}

int ut_report_write(const ut_summary *s, const ut_run_info *info, const char *dir) {
    int rc = ut_output_make_dir(dir);
    if (rc) return rc;
    size_t cap = strlen(dir) + sizeof "/report.html";
    char *path = ut_malloc(cap);
    if (!path) return UT_ENOMEM;
    snprintf(path, cap, "%s/report.html", dir);
    ut_buf b = UT_BUF_INIT;
    rc = ut_report_html(s, info, &b);
    if (!rc) rc = ut_output_write_file(path, b.data, b.len);
    ut_buf_free(&b);
    free(path);
    return rc;
}
