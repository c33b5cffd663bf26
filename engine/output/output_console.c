/* output_console.c — the few lines `undertone analyze` prints when it is
 * done: totals, then the top clusters one per line, worst first. */
#include "aggregate/aggregate.h"
#include "util/common.h"
#include "aggregate/summary.h"

static void theme_shares(const ut_theme_row *t, ut_buf *out) {
    ut_buf_put_fixed(out, t->incidence * 100, 1);
    ut_buf_puts(out, "% (");
    ut_buf_put_fixed(out, t->negative_review_share * 100, 0);
    ut_buf_puts(out, "%)");
}

/* "what customers complain about most": the top themes by incidence, then
 * the complaints that name no theme ("other"), apart: they are no theme. */
static void top_themes(const ut_summary *s, ut_buf *out) {
    enum { SHOWN = 5 };
    size_t best[SHOWN], n = ut_summary_top_themes(s, best, SHOWN);
    const ut_theme_row *other = ut_summary_other_theme(s);
    if (!n && !other) return;
    ut_buf_puts(out, "what customers complain about most (share of reviews; of negative reviews):");
    for (size_t k = 0; k < n; k++) {
        ut_buf_printf(out, "%s %s ", k ? "," : "", s->themes[best[k]].theme);
        theme_shares(&s->themes[best[k]], out);
    }
    if (other) {
        ut_buf_puts(out, n ? "; naming no theme (other) " : " naming no theme (other) ");
        theme_shares(other, out);
    }
    ut_buf_putc(out, '\n');
}

static void cluster_line(const ut_cluster_row *r, ut_buf *out) {
    ut_buf_printf(out, "%3u. %s / %s: %llu of %llu customers complain (", r->rank, r->group, r->theme,
                  (unsigned long long)r->complaints, (unsigned long long)r->reviews);
    ut_buf_put_fixed(out, r->incidence * 100, 1);
    ut_buf_puts(out, "%, peers ");
    ut_buf_put_fixed(out, r->peer_incidence * 100, 1);
    ut_buf_puts(out, "%), ");
    ut_buf_put_fixed(out, r->excess, 0);
    ut_buf_puts(out, " more than the peers' rate (at least ");
    ut_buf_put_fixed(out, r->excess_low > 0 ? r->excess_low : 0, 0);
    ut_buf_puts(out, ")");
    if (ut_cluster_row_by_ratings(r)) {
        ut_buf_puts(out, "; ");
        ut_buf_put_fixed(out, r->rated_lift, 1);
        ut_buf_puts(out, "x its peers at the same ratings");
    } else if (ut_cluster_row_by_satisfied(r)) {
        ut_buf_printf(out, "; %llu of its %llu satisfied customers (", (unsigned long long)r->satisfied_complaints,
                      (unsigned long long)r->satisfied_reviews);
        ut_buf_put_fixed(out, r->satisfied_expected, 0);
        ut_buf_puts(out, " expected)");
    }
    if (r->significant && r->hidden_by_average) ut_buf_puts(out, "; hidden by the average");
    if (r->group_wide) ut_buf_puts(out, "; group-wide");
    if (!r->significant) ut_buf_puts(out, " [not significant]");
    if (*r->top_phrases) ut_buf_printf(out, " — %s", r->top_phrases);
    ut_buf_putc(out, '\n');
}

void ut_summary_console(const ut_summary *s, ut_buf *out, int top_n) {
    ut_buf_printf(out, "%llu reviews analysed, %llu bad records skipped", (unsigned long long)s->records,
                  (unsigned long long)s->bad_total);
    ut_buf_puts(out, "; mean compound ");
    ut_buf_put_fixed(out, s->mean_compound, 3);
    ut_buf_puts(out, ", negative ");
    ut_buf_put_fixed(out, s->negative_share * 100, 1);
    ut_buf_puts(out, "%\n");
    ut_agreement_console(&s->agreement, out);
    top_themes(s, out);
    if (top_n <= 0) return;
    if (s->n_clusters == 0) {
        ut_buf_puts(out, s->n_groups ? "no group x theme cell with a complaint\n"
                                     : "no clusters: name a --group field to compare groups\n");
        return;
    }
    size_t specific = s->n_significant - s->n_group_wide;
    ut_buf_printf(out,
                  "where customers hurt more than elsewhere (%zu significant, %zu of them group-wide, of %zu cells):\n",
                  s->n_significant, s->n_group_wide, s->n_clusters);
    for (size_t i = 0; i < s->n_clusters && i < (size_t)top_n; i++) {
        if (i == specific && s->n_group_wide && i < s->n_significant)
            ut_buf_puts(out, "     groups that complain more about everything:\n");
        cluster_line(&s->clusters[i], out);
    }
}

int ut_aggregate_console_summary(const ut_aggregate *a, ut_buf *out, int top_n) {
    ut_summary *s;
    int rc = ut_summary_build(&s, a);
    if (rc) return rc;
    ut_summary_console(s, out, top_n);
    ut_summary_free(s);
    return out->failed ? UT_ENOMEM : 0;
}
