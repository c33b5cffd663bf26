/* basic.c — the smallest useful program on libundertone: analyse a corpus,
 * write the summary files, print the top clusters.
 * Build: cc basic.c $(pkg-config --cflags --libs undertone) -o basic */
#include <stdio.h>
#include <undertone.h>

int main(int argc, char **argv) {
    if (argc < 3) return fprintf(stderr, "usage: %s CORPUS OUTDIR\n", argv[0]), 2;
    ut_options opts = UT_OPTIONS_INIT;
    opts.rating_field = "stars"; /* optional: a star-rating field */
    ut_analyzer *an = NULL;
    ut_result *res = NULL;
    char *summary = NULL;
    const char *inputs[] = {argv[1]};
    int err = ut_analyzer_new(&an, &opts);
    if (!err) err = ut_analyze(&res, an, NULL, inputs, 1); /* NULL: default run options */
    if (!err) err = ut_result_write_dir(res, argv[2]);
    if (!err) err = ut_result_summary_text(&summary, res, 3);
    if (err)
        fprintf(stderr, "undertone: %s\n", ut_error_last());
    else
        printf("%llu reviews\n%s", (unsigned long long)ut_result_records(res), summary);
    ut_free(summary);
    ut_result_free(res);
    ut_analyzer_free(an);
    return err ? 1 : 0;
}
