/* output_console.c — the few lines `undertone analyze` prints when it is
 * done: totals, then the top clusters one per line, worst first. */
#include "aggregate.h"
#include "common.h"
#include "summary.h"

void ut_summary_console(const ut_summary *s, ut_buf *out, int top_n) {
    ut_buf_printf(out, "%llu reviews analysed, %llu bad records skipped", (unsigned long long)s->records,
                  (unsigned long long)s->bad_total);
    ut_buf_puts(out, "; mean compound ");
    ut_buf_put_fixed(out, s->mean_compound, 3);
    ut_buf_puts(out, ", negative ");
    ut_buf_put_fixed(out, s->negative_share * 100, 1);
    ut_buf_puts(out, "%\n");
    ut_agreement_console(&s->agreement, out);
    if (s->n_clusters == 0 || top_n <= 0) {
        if (s->n_clusters == 0) ut_buf_puts(out, "no negative feedback clusters\n");
        return;
    }
    ut_buf_printf(out, "top negative clusters (%zu significant of %zu):\n", s->n_significant, s->n_clusters);
    for (size_t i = 0; i < s->n_clusters && i < (size_t)top_n; i++) {
        const ut_cluster_row *r = &s->clusters[i];
        ut_buf_printf(out, "%3u. %s%s%s: ", r->rank, r->group, *r->group ? " / " : "", r->theme);
        ut_buf_put_fixed(out, r->negative_share * 100, 0);
        ut_buf_printf(out, "%% negative of %llu mentions (baseline ", (unsigned long long)r->mentions);
        ut_buf_put_fixed(out, r->baseline_share * 100, 0);
        ut_buf_puts(out, "%)");
        if (!r->significant) ut_buf_puts(out, " [not significant]");
        if (*r->top_phrases) ut_buf_printf(out, " — %s", r->top_phrases);
        ut_buf_putc(out, '\n');
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
