/* report_demo.c — renders report.html from a state file:
 *   report_demo STATE.bin OUTDIR
 * `undertone analyze ... --state STATE.bin` writes the state; this loads it,
 * builds the summary and writes OUTDIR/report.html, so the page can be
 * looked at (and redesigned) without re-analysing a corpus. */
#include <stdio.h>

#include "aggregate/aggregate.h"
#include "output/output_report.h"
#include "aggregate/summary.h"
#include "undertone.h"

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s STATE.bin OUTDIR\n", argv[0]);
        return 2;
    }
    ut_aggregate *a = NULL;
    ut_summary *s = NULL;
    int rc = ut_aggregate_load(&a, argv[1]);
    if (!rc) rc = ut_summary_build(&s, a);
    if (!rc) rc = ut_report_write(s, NULL, argv[2]);
    if (rc) fprintf(stderr, "report_demo: %s\n", ut_error_last());
    ut_summary_free(s);
    ut_aggregate_free(a);
    return rc ? 1 : 0;
}
