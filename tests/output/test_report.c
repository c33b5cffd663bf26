/* test_report.c — report.html: a well-formed self-contained page, the top
 * cluster's group, theme and numbers on it, every data string escaped
 * (hostile group names and ids), no network references, the same bytes
 * for the same summary, an empty corpus, and write errors that name the
 * file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <sys/stat.h>
#include <unistd.h>

#include "aggregate_fixture.h"
#include "util/common.h"
#include "output/output_report.h"
#include "output/output_report_html.h"
#include "aggregate/summary.h"

#define HOSTILE_SCRIPT "<script>alert(1)</script>"
#define HOSTILE_QUOTES "\"&'"

static void add_review(ut_aggregate *a, const char *id, const char *store, uint32_t theme, float score, int32_t day) {
    ut_tokens tok = {0};
    fx_tokens(&tok, "the staff was rude");
    /* countries alternate, so the stores, not a country, stand out */
    const char *country = (id[strlen(id) - 1] - '0') % 3 == 0 ? "UK" : "US";
    ut_field_value groups[2] = {{store, strlen(store), 1}, {country, 2, 1}};
    ut_theme_mention m = {theme, 1, 2, 0, 0, score};
    ut_review_facts f = {0};
    f.id = id;
    f.id_len = strlen(id);
    f.record_no = 1;
    f.sentiment.compound = score;
    f.has_rating = 1;
    f.rating = score < 0 ? 4 : 5; /* ratings that hide the complaint */
    f.has_date = 1;
    f.day = day;
    f.groups = groups;
    f.n_groups = 2;
    f.mentions = &m;
    f.n_mentions = 1;
    f.tokens = &tok;
    assert_int_equal(ut_aggregate_add(a, &f), 0);
    fx_tokens_free(&tok);
}

/* The fixture corpus plus a store named like an injection whose staff is
 * always criticised (so it is the top cluster), and one named "&' with a
 * hostile review id. */
static ut_summary *hostile_summary(void) {
    ut_aggregate_config cfg;
    fx_make_config(&cfg, 2, UT_BUCKET_MONTH);
    ut_aggregate *a = NULL;
    assert_int_equal(ut_aggregate_new_plain(&a, &cfg), 0);
    assert_int_equal(fx_add_range(a, 0, 600, NULL, NULL), 0);
    for (int i = 0; i < 40; i++) {
        char id[32];
        snprintf(id, sizeof id, "h%02d", i);
        add_review(a, id, HOSTILE_SCRIPT, FX_STAFF, -0.8f, 19000 + i);
    }
    for (int i = 0; i < 6; i++)
        add_review(a, i ? "q" : "<img src=x onerror=alert(2)>", HOSTILE_QUOTES, FX_FOOD, -0.7f, 19010);
    ut_aggregate_add_bad(a, UT_BAD_JSON_SYNTAX, 3);
    ut_summary *s = NULL;
    assert_int_equal(ut_summary_build(&s, a), 0);
    ut_aggregate_free(a);
    return s;
}

static char *render(const ut_summary *s) {
    ut_buf b = UT_BUF_INIT;
    ut_run_info info = {4, 1.5, "builtin,extra.tsv"};
    assert_int_equal(ut_report_html(s, &info, &b), 0);
    assert_non_null(b.data);
    assert_int_equal(strlen(b.data), b.len);
    return b.data;
}

static size_t count(const char *hay, const char *needle) {
    size_t n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

static void assert_contains(const char *page, const char *needle) {
    if (!strstr(page, needle)) fail_msg("report lacks \"%s\"", needle);
}

static void structure(void **state) {
    (void)state;
    ut_summary *s = hostile_summary();
    char *page = render(s);
    assert_true(strncmp(page, "<!DOCTYPE html>\n<html lang=\"en\">", 32) == 0);
    assert_int_equal(count(page, "<section"), count(page, "</section>"));
    assert_int_equal(count(page, "<svg"), count(page, "</svg>"));
    assert_int_equal(count(page, "<details"), count(page, "</details>"));
    assert_int_equal(count(page, "<table"), count(page, "</table>"));
    assert_int_equal(count(page, "<article"), count(page, "</article>"));
    assert_true(count(page, "<article") > 0 && count(page, "<article") <= UT_REPORT_CARDS);
    /* every chart has a text alternative */
    assert_int_equal(count(page, "<svg"), count(page, "role=\"img\""));
    assert_int_equal(count(page, "role=\"img\""),
                     count(page, "role=\"img\" aria-label=\"") + count(page, "role=\"img\" aria-labelledby=\""));
    assert_contains(page, "<h1>");
    assert_contains(page, "id=\"h-themes\"");
    assert_contains(page, "id=\"h-hist\"");
    assert_contains(page, "id=\"h-groups\"");
    assert_contains(page, "id=\"h-trends\"");
    assert_contains(page, "<meta name=\"viewport\"");
    assert_contains(page, ut_version());
    assert_contains(page, "builtin,extra.tsv");
    assert_contains(page, "json_syntax 3");
    /* complaints that name no theme come apart from the themes complained about most */
    assert_non_null(ut_summary_other_theme(s));
    assert_contains(page, "complain in words that name no theme (<b>other</b>");
    assert_null(strstr(page, "over all reviews: <b>other</b>"));
    /* self-contained: no scripts, no network references */
    assert_null(strstr(page, "http://"));
    assert_null(strstr(page, "https://"));
    assert_null(strstr(page, "<script"));
    assert_null(strstr(page, "<link"));
    free(page);
    ut_summary_free(s);
}

static void top_cluster_numbers(void **state) {
    (void)state;
    ut_summary *s = hostile_summary();
    char *page = render(s);
    assert_true(s->n_clusters > 0);
    const ut_cluster_row *top = &s->clusters[0];
    /* the store, or the store|country combination that holds the same reviews */
    assert_true(strncmp(top->group, HOSTILE_SCRIPT, strlen(HOSTILE_SCRIPT)) == 0);
    assert_non_null(strstr(top->theme, "service")); /* staff, or service that contains it */
    assert_true(top->significant);
    ut_buf want = UT_BUF_INIT;
    /* the first card, with its share, baseline, lift and counts */
    ut_buf_puts(&want, "<span class=\"rank\">#1</span><h3><span class=\"field\">");
    ut_html_text(&want, top->group_field);
    ut_buf_puts(&want, "</span> ");
    ut_html_text(&want, top->group);
    ut_buf_printf(&want, " · %s</h3>", top->theme);
    assert_non_null(strstr(want.data, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert_contains(page, want.data);
    ut_buf_clear(&want);
    ut_buf_puts(&want, "<strong>");
    ut_html_count(&want, top->complaints);
    ut_buf_puts(&want, "</strong> of ");
    ut_html_count(&want, top->reviews);
    ut_buf_puts(&want, " customers complain (");
    ut_html_pct(&want, top->incidence, 1);
    ut_buf_puts(&want, " vs ");
    ut_html_pct(&want, top->peer_incidence, 1);
    ut_buf_puts(&want, " at its peers <span class=\"nw\">· <b>");
    ut_buf_put_fixed(&want, top->lift, 1);
    ut_buf_puts(&want, "×</b>");
    assert_contains(page, want.data);
    ut_buf_clear(&want);
    ut_buf_puts(&want, "more unhappy customers than the peers' rate would give (at least <b>");
    ut_buf_put_fixed(&want, top->excess_low > 0 ? top->excess_low : 0, 0);
    assert_contains(page, want.data);
    ut_buf_clear(&want);
    ut_buf_puts(&want, "Mean rating <b>");
    ut_buf_put_fixed(&want, top->mean_rating, 2);
    assert_contains(page, want.data);
    ut_buf_clear(&want);
    ut_html_count(&want, s->records);
    ut_buf_puts(&want, " reviews");
    assert_contains(page, want.data);
    assert_true(*top->example_ids);
    ut_buf_clear(&want);
    ut_buf_puts(&want, "Examples: ");
    ut_html_text(&want, top->example_ids);
    assert_contains(page, want.data);
    ut_buf_free(&want);
    free(page);
    ut_summary_free(s);
}

static void escaping(void **state) {
    (void)state;
    ut_summary *s = hostile_summary();
    char *page = render(s);
    assert_null(strstr(page, HOSTILE_SCRIPT));
    assert_null(strstr(page, "<img"));
    assert_null(strstr(page, HOSTILE_QUOTES));
    assert_contains(page, "&lt;script&gt;alert(1)&lt;/script&gt;");
    assert_contains(page, "&quot;&amp;&#39;");
    assert_contains(page, "&lt;img src=x onerror=alert(2)&gt;");
    /* no raw quote from the data can end an attribute: every '"' in the
     * page belongs to the markup, so attributes come in pairs */
    assert_int_equal(count(page, "\"") % 2, 0);
    free(page);
    ut_summary_free(s);
}

static void html_helpers(void **state) {
    (void)state;
    ut_buf b = UT_BUF_INIT;
    ut_html_text(&b, "a<b>&\"c'd");
    assert_string_equal(b.data, "a&lt;b&gt;&amp;&quot;c&#39;d");
    ut_buf_clear(&b);
    ut_html_text(&b, "");
    ut_html_text(&b, NULL);
    assert_int_equal(b.len, 0);
    ut_html_count(&b, 0);
    ut_buf_putc(&b, ' ');
    ut_html_count(&b, 999);
    ut_buf_putc(&b, ' ');
    ut_html_count(&b, 1000);
    ut_buf_putc(&b, ' ');
    ut_html_count(&b, 1234567);
    assert_string_equal(b.data, "0 999 1,000 1,234,567");
    ut_buf_clear(&b);
    ut_html_pct(&b, 0.4567, 1);
    ut_buf_putc(&b, ' ');
    ut_html_signed(&b, 0.125, 2);
    ut_buf_putc(&b, ' ');
    ut_html_signed(&b, -0.4, 2);
    ut_buf_putc(&b, ' ');
    ut_html_signed(&b, -0.001, 2);
    assert_string_equal(b.data, "45.7% +0.13 \xe2\x88\x92"
                                "0.40 0.00");
    ut_buf_free(&b);
}

static void deterministic(void **state) {
    (void)state;
    ut_summary *s1 = hostile_summary(), *s2 = hostile_summary();
    char *p1 = render(s1), *p2 = render(s2);
    assert_string_equal(p1, p2);
    /* the run's time and thread count are not on the page */
    ut_buf b = UT_BUF_INIT;
    ut_run_info other = {1, 99.0, "builtin,extra.tsv"};
    assert_int_equal(ut_report_html(s1, &other, &b), 0);
    assert_string_equal(p1, b.data);
    ut_buf_free(&b);
    free(p1);
    free(p2);
    ut_summary_free(s1);
    ut_summary_free(s2);
}

static void empty_corpus(void **state) {
    (void)state;
    ut_aggregate_config cfg;
    fx_make_config(&cfg, 0, UT_BUCKET_NONE);
    ut_aggregate *a = NULL;
    assert_int_equal(ut_aggregate_new_plain(&a, &cfg), 0);
    ut_summary *s = NULL;
    assert_int_equal(ut_summary_build(&s, a), 0);
    ut_buf b = UT_BUF_INIT;
    assert_int_equal(ut_report_html(s, NULL, &b), 0);
    assert_contains(b.data, "No clusters: name a <code>--group</code> field");
    assert_contains(b.data, "No theme was mentioned");
    assert_null(strstr(b.data, "id=\"h-groups\""));
    assert_null(strstr(b.data, "id=\"h-trends\""));
    assert_contains(b.data, "</html>\n");
    assert_null(strstr(b.data, "nan"));
    ut_buf_free(&b);
    ut_summary_free(s);
    ut_aggregate_free(a);
}

static void write_file(void **state) {
    (void)state;
    char dir[] = "/tmp/ut_report_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char sub[64], path[96];
    snprintf(sub, sizeof sub, "%s/out/deeper", dir);
    snprintf(path, sizeof path, "%s/report.html", sub);
    ut_summary *s = hostile_summary();
    assert_int_equal(ut_report_write(s, NULL, sub), 0);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char head[16] = {0};
    assert_int_equal(fread(head, 1, 15, f), 15);
    fclose(f);
    assert_string_equal(head, "<!DOCTYPE html>");
    /* no temporary file left behind */
    char tmp_glob[128];
    snprintf(tmp_glob, sizeof tmp_glob, "ls %s | grep -c tmp >/dev/null", sub);
    assert_int_not_equal(system(tmp_glob), 0);
    /* report.html is a directory: the rename fails and the message names it */
    assert_int_equal(unlink(path), 0);
    assert_int_equal(mkdir(path, 0755), 0);
    assert_int_equal(ut_report_write(s, NULL, sub), UT_EIO);
    assert_non_null(strstr(ut_error_last(), "report.html"));
    assert_int_equal(rmdir(path), 0);
    /* the directory cannot be made: UT_EIO naming it */
    char blocked[96];
    snprintf(blocked, sizeof blocked, "%s/file", dir);
    f = fopen(blocked, "w");
    assert_non_null(f);
    fclose(f);
    snprintf(path, sizeof path, "%s/file/out", dir);
    assert_int_equal(ut_report_write(s, NULL, path), UT_EIO);
    assert_non_null(strstr(ut_error_last(), "file"));
    ut_summary_free(s);
    char rm[96];
    snprintf(rm, sizeof rm, "rm -rf %s", dir);
    assert_int_equal(system(rm), 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(structure),    cmocka_unit_test(top_cluster_numbers), cmocka_unit_test(escaping),
        cmocka_unit_test(html_helpers), cmocka_unit_test(deterministic),       cmocka_unit_test(empty_corpus),
        cmocka_unit_test(write_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
