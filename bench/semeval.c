/* semeval.c — accuracy of theme detection and aspect sentiment on the
 * SemEval-2014 Task 4 restaurant sentences (aspect categories).
 *
 * The idea: run exactly what `undertone analyze` runs on a review (tokenizer,
 * default scorer, general + restaurant theme packs), then map our themes to
 * the four SemEval categories and count, per sentence, which categories we
 * found and with which sign. "anecdotes/miscellaneous" has no theme of ours
 * and is ignored. The mapping (see docs/themes.md):
 *   food     <- food, drinks, menu (and everything below them)
 *   service  <- service
 *   price    <- price
 *   ambience <- ambience, cleanliness
 * Reported: precision, recall and F1 per category and micro-averaged over the
 * four; and polarity accuracy over gold categories that we detected and whose
 * gold polarity is positive or negative (a theme score of 0 counts as wrong).
 *
 * Usage: semeval [--set train|test] [--data DIR] [--themes FILE]... [--lexicon FILE]...
 *                [--domain PACK|auto] [--errors]
 * DIR defaults to ../shared/data/semeval2014 (the layout of a checkout). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"
#include "model/builtin.h"
#include "util/common.h"
#include "pipeline/domain.h"
#include "model/lexicon.h"
#include "model/score.h"
#include "themes/theme.h"
#include "text/tokenizer.h"

enum { CAT_FOOD, CAT_SERVICE, CAT_PRICE, CAT_AMBIENCE, N_CATS };
static const char *const cat_names[N_CATS] = {"food", "service", "price", "ambience"};

/* Our top-level themes that stand for each category. */
static const struct {
    const char *theme;
    int cat;
} theme_map[] = {{"food", CAT_FOOD},           {"drinks", CAT_FOOD}, {"menu", CAT_FOOD},
                 {"service", CAT_SERVICE},     {"price", CAT_PRICE}, {"ambience", CAT_AMBIENCE},
                 {"cleanliness", CAT_AMBIENCE}};

enum { POL_NONE = 0, POL_POS, POL_NEG, POL_NEUTRAL, POL_CONFLICT };

typedef struct sentence {
    char *text;
    size_t len;
    unsigned char gold[N_CATS]; /* POL_* + 0 = absent */
} sentence;

typedef struct corpus {
    sentence *s;
    size_t n, cap;
} corpus;

static char *read_all(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 20, n = 0;
    char *buf = malloc(cap + 1);
    for (;;) {
        if (n == cap) buf = realloc(buf, (cap *= 2) + 1);
        size_t got = fread(buf + n, 1, cap - n, f);
        if (!got) break;
        n += got;
    }
    fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* Decodes the five XML entities (and numeric ones) in place; returns the new length. */
static size_t xml_decode(char *s, size_t len) {
    static const struct {
        const char *ent;
        char c;
    } ents[] = {{"&amp;", '&'}, {"&quot;", '"'}, {"&apos;", '\''}, {"&lt;", '<'}, {"&gt;", '>'}};
    size_t w = 0;
    for (size_t r = 0; r < len;) {
        if (s[r] == '&') {
            int done = 0;
            for (size_t e = 0; e < UT_ARRAY_LEN(ents) && !done; e++) {
                size_t el = strlen(ents[e].ent);
                if (r + el <= len && memcmp(s + r, ents[e].ent, el) == 0) {
                    s[w++] = ents[e].c;
                    r += el;
                    done = 1;
                }
            }
            if (!done && r + 2 < len && s[r + 1] == '#') {
                char *end;
                long cp = s[r + 2] == 'x' ? strtol(s + r + 3, &end, 16) : strtol(s + r + 2, &end, 10);
                if (*end == ';' && cp > 0 && cp < 128) {
                    s[w++] = (char)cp;
                    r = (size_t)(end - s) + 1;
                    done = 1;
                }
            }
            if (done) continue;
        }
        s[w++] = s[r++];
    }
    return w;
}

/* The value of attribute `name` in the tag [tag, tag_end), copied to dst. */
static int attribute(const char *tag, const char *tag_end, const char *name, char *dst, size_t cap) {
    size_t nl = strlen(name);
    for (const char *p = tag; p + nl + 2 < tag_end; p++) {
        if (memcmp(p, name, nl) == 0 && p[nl] == '=' && p[nl + 1] == '"' && (p == tag || p[-1] == ' ')) {
            const char *v = p + nl + 2, *q = memchr(v, '"', (size_t)(tag_end - v));
            if (!q || (size_t)(q - v) >= cap) return 0;
            memcpy(dst, v, (size_t)(q - v));
            dst[q - v] = '\0';
            return 1;
        }
    }
    return 0;
}

static int parse_polarity(const char *p) {
    if (strcmp(p, "positive") == 0) return POL_POS;
    if (strcmp(p, "negative") == 0) return POL_NEG;
    if (strcmp(p, "neutral") == 0) return POL_NEUTRAL;
    if (strcmp(p, "conflict") == 0) return POL_CONFLICT;
    return POL_NONE;
}

/* A small reader for the SemEval XML: <sentence> elements holding <text>
 * and <aspectCategory category=".." polarity=".."/>; everything else is
 * skipped. Returns 0, or -1 with a message on stderr. */
static int parse_corpus(char *xml, size_t len, corpus *c, const char *path) {
    char *end = xml + len, *p = xml;
    while ((p = strstr(p, "<sentence")) && p < end) {
        if (p[9] != ' ' && p[9] != '>') {
            p += 9;
            continue;
        }
        char *close = strstr(p, "</sentence>");
        if (!close) {
            fprintf(stderr, "%s: byte %ld: <sentence> without </sentence>\n", path, (long)(p - xml));
            return -1;
        }
        *close = '\0';
        char *t = strstr(p, "<text>"), *te = t ? strstr(t, "</text>") : NULL;
        if (!t || !te) {
            fprintf(stderr, "%s: byte %ld: sentence without <text>\n", path, (long)(p - xml));
            return -1;
        }
        if (c->n == c->cap) {
            c->cap = c->cap ? c->cap * 2 : 4096;
            c->s = realloc(c->s, c->cap * sizeof *c->s);
        }
        sentence *s = &c->s[c->n++];
        memset(s, 0, sizeof *s);
        t += 6;
        s->len = xml_decode(t, (size_t)(te - t));
        s->text = t;
        for (char *a = strstr(te, "<aspectCategory "); a; a = strstr(a + 1, "<aspectCategory ")) {
            char *ae = strchr(a, '>');
            char cat[64], pol[32];
            if (!ae || !attribute(a, ae, "category", cat, sizeof cat) || !attribute(a, ae, "polarity", pol, sizeof pol))
                continue;
            for (int k = 0; k < N_CATS; k++)
                if (strcmp(cat, cat_names[k]) == 0) s->gold[k] = (unsigned char)parse_polarity(pol);
        }
        p = close + 11;
    }
    return 0;
}

static void usage(void) {
    fprintf(stderr, "usage: semeval [--set train|test] [--data DIR] [--themes FILE]... [--lexicon FILE]...\n"
                    "               [--domain PACK|auto] [--errors]\n");
}

static int fail(const char *what) {
    fprintf(stderr, "semeval: %s: %s\n", what, ut_error_last());
    return 1;
}

int main(int argc, char **argv) {
    const char *set = "test", *data_dir = "../shared/data/semeval2014", *domain = "restaurant";
    const char *theme_files[16], *lexicon_files[16];
    int n_theme_files = 0, n_lexicon_files = 0, show_errors = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--set") == 0 && i + 1 < argc)
            set = argv[++i];
        else if (strcmp(argv[i], "--data") == 0 && i + 1 < argc)
            data_dir = argv[++i];
        else if (strcmp(argv[i], "--domain") == 0 && i + 1 < argc)
            domain = argv[++i];
        else if (strcmp(argv[i], "--themes") == 0 && i + 1 < argc && n_theme_files < 16)
            theme_files[n_theme_files++] = argv[++i];
        else if (strcmp(argv[i], "--lexicon") == 0 && i + 1 < argc && n_lexicon_files < 16)
            lexicon_files[n_lexicon_files++] = argv[++i];
        else if (strcmp(argv[i], "--errors") == 0)
            show_errors = 1;
        else {
            usage();
            return 2;
        }
    }
    const char *file = strcmp(set, "train") == 0  ? "Restaurants_Train_v2.xml"
                       : strcmp(set, "test") == 0 ? "Restaurants_Test_Gold.xml"
                                                  : NULL;
    if (!file) {
        usage();
        return 2;
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", data_dir, file);
    size_t xml_len;
    char *xml = read_all(path, &xml_len);
    if (!xml) {
        fprintf(stderr, "semeval: %s: %s\n", path, strerror(errno));
        return 1;
    }
    corpus c = {0};
    if (parse_corpus(xml, xml_len, &c, path)) return 1;

    ut_lexicon *lex = NULL;
    ut_themes *th = NULL;
    ut_scorer *scorer = NULL;
    const ut_builtin_file *sent_lex = ut_builtin_find("sentiment.tsv");
    if (ut_lexicon_new(&lex) || !sent_lex ||
        ut_lexicon_load_buffer(lex, sent_lex->name, sent_lex->data, sent_lex->len, UT_LEXFMT_AUTO))
        return fail("sentiment lexicon");
    for (int i = 0; i < n_lexicon_files; i++)
        if (ut_lexicon_load_file(lex, lexicon_files[i])) return fail(lexicon_files[i]);
    if (ut_lexicon_freeze(lex) || ut_scorer_new(&scorer, UT_MODEL_DEFAULT, lex)) return fail("scorer");
    int auto_domain = strcmp(domain, "auto") == 0;
    if (auto_domain) {
        /* --domain auto as the CLI does it, over every sentence of the set
         * (a set is far below the CLI's 4 MB probe). */
        ut_domain_counter *dc = NULL;
        ut_tokens probe = UT_TOKENS_INIT;
        ut_domain_guess guess;
        if (ut_domain_counter_new(&dc)) return fail("domain cues");
        for (size_t i = 0; i < c.n; i++)
            if (ut_domain_count_text(dc, &probe, c.s[i].text, c.s[i].len)) return fail("domain auto");
        ut_domain_choose(dc, &guess);
        fprintf(stderr, "domain auto: %s\n", guess.evidence);
        domain = guess.domain ? guess.domain : "";
        ut_tokens_free(&probe);
        ut_domain_counter_free(dc);
    }
    if (ut_themes_new(&th) || ut_themes_load_builtin(th, "general")) return fail("themes");
    if (domain[0] && ut_themes_load_builtin(th, domain)) return fail(domain);
    for (int i = 0; i < n_theme_files; i++)
        if (ut_themes_load_file(th, theme_files[i])) return fail(theme_files[i]);
    ut_themes_freeze(th);

    /* category of each theme id, -1 for none */
    uint32_t n_themes = ut_themes_count(th);
    int *theme_cat = malloc(n_themes * sizeof *theme_cat);
    for (uint32_t id = 0; id < n_themes; id++) {
        theme_cat[id] = -1;
        for (size_t k = 0; k < UT_ARRAY_LEN(theme_map); k++) {
            int32_t root = ut_themes_find_id(th, theme_map[k].theme);
            if (root >= 0 && ut_themes_is_within(th, id, (uint32_t)root)) theme_cat[id] = theme_map[k].cat;
        }
    }

    ut_tokens toks = UT_TOKENS_INIT;
    ut_arena arena = UT_ARENA_INIT;
    ut_theme_mention mentions[256];
    long tp[N_CATS] = {0}, fp[N_CATS] = {0}, fn[N_CATS] = {0};
    long pol_total = 0, pol_right = 0;
    for (size_t i = 0; i < c.n; i++) {
        const sentence *s = &c.s[i];
        ut_arena_reset(&arena);
        ut_score_detail detail;
        ut_sentiment overall;
        if (ut_tokenize(&toks, s->text, s->len) || ut_score_tokens(scorer, &toks, &arena, &detail, &overall))
            return fail("scoring");
        uint32_t n = ut_themes_find(th, &toks, &detail, mentions, UT_ARRAY_LEN(mentions));
        if (n > UT_ARRAY_LEN(mentions)) n = UT_ARRAY_LEN(mentions);
        int found[N_CATS] = {0};
        double score[N_CATS] = {0};
        char terms[N_CATS][256] = {{0}}; /* the words that matched, for --errors */
        for (uint32_t m = 0; m < n; m++) {
            int k = theme_cat[mentions[m].theme];
            if (k < 0) continue;
            found[k] = 1;
            score[k] += mentions[m].score;
            const ut_token *b = &toks.tok[mentions[m].tok_begin], *e = &toks.tok[mentions[m].tok_end - 1];
            size_t used = strlen(terms[k]);
            snprintf(terms[k] + used, sizeof terms[k] - used, "%s%.*s%+.2f", used ? "," : "",
                     (int)(e->src_off + e->src_len - b->src_off), s->text + b->src_off, mentions[m].score);
        }
        for (int k = 0; k < N_CATS; k++) {
            int gold = s->gold[k] != POL_NONE;
            if (found[k] && gold) tp[k]++;
            if (found[k] && !gold) fp[k]++;
            if (!found[k] && gold) fn[k]++;
            int polar = s->gold[k] == POL_POS || s->gold[k] == POL_NEG;
            int right = (s->gold[k] == POL_POS && score[k] > 0) || (s->gold[k] == POL_NEG && score[k] < 0);
            if (found[k] && polar) {
                pol_total++;
                pol_right += right;
            }
            if (show_errors && (found[k] != gold || (found[k] && polar && !right)))
                printf("%s\t%s\tgold=%s\t%s\t%.*s\n", found[k] != gold ? (gold ? "FN" : "FP") : "POL", cat_names[k],
                       gold ? (s->gold[k] == POL_POS   ? "pos"
                               : s->gold[k] == POL_NEG ? "neg"
                                                       : "other")
                            : "-",
                       terms[k], (int)s->len, s->text);
        }
    }

    printf("SemEval-2014 restaurants, %s set (%zu sentences), themes: general + %s%s\n", set, c.n,
           domain[0] ? domain : "(none)", auto_domain ? " (--domain auto)" : "");
    printf("%-10s %9s %9s %9s %6s %6s %6s\n", "category", "precision", "recall", "F1", "tp", "fp", "fn");
    long all_tp = 0, all_fp = 0, all_fn = 0;
    for (int k = 0; k < N_CATS; k++) {
        double p = tp[k] + fp[k] ? (double)tp[k] / (double)(tp[k] + fp[k]) : 0;
        double r = tp[k] + fn[k] ? (double)tp[k] / (double)(tp[k] + fn[k]) : 0;
        printf("%-10s %9.3f %9.3f %9.3f %6ld %6ld %6ld\n", cat_names[k], p, r, p + r > 0 ? 2 * p * r / (p + r) : 0,
               tp[k], fp[k], fn[k]);
        all_tp += tp[k];
        all_fp += fp[k];
        all_fn += fn[k];
    }
    double p = (double)all_tp / (double)UT_MAX(all_tp + all_fp, 1);
    double r = (double)all_tp / (double)UT_MAX(all_tp + all_fn, 1);
    printf("%-10s %9.3f %9.3f %9.3f %6ld %6ld %6ld\n", "micro", p, r, p + r > 0 ? 2 * p * r / (p + r) : 0, all_tp,
           all_fp, all_fn);
    printf("polarity accuracy (detected, gold positive/negative): %.3f (%ld of %ld)\n",
           pol_total ? (double)pol_right / (double)pol_total : 0, pol_right, pol_total);

    ut_tokens_free(&toks);
    ut_arena_free(&arena);
    ut_themes_free(th);
    ut_scorer_free(scorer);
    ut_lexicon_free(lex);
    free(theme_cat);
    free(c.s);
    free(xml);
    return 0;
}
