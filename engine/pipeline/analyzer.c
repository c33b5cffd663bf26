/* analyzer.c — builds an analyzer from options (loads and compiles the
 * lexicons and themes once), and analyses one review with it.
 *
 * Everything built here is immutable afterwards, so the analysis threads
 * share it without locks; per-thread mutable state is a ut_review_scratch. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pipeline/analyzer.h"
#include "util/buf.h"
#include "model/builtin.h"
#include "util/common.h"

int ut_options_init(ut_options *opts, unsigned version) {
    if (version != UT_OPTIONS_VERSION) return ut_error_set(UT_EINVAL, "unsupported ut_options version %u", version);
    memset(opts, 0, sizeof *opts);
    opts->version = version;
    return 0;
}

int ut_run_options_init(ut_run_options *run, unsigned version) {
    if (version != UT_RUN_OPTIONS_VERSION)
        return ut_error_set(UT_EINVAL, "unsupported ut_run_options version %u", version);
    memset(run, 0, sizeof *run);
    run->version = version;
    return 0;
}

/* "3" selects column 3; anything else is a field name. */
ut_field_ref ut_field_ref_parse(const char *spec) {
    ut_field_ref r = {NULL, 0};
    if (!spec || !*spec) return r;
    const char *p = spec;
    while (*p && isdigit((unsigned char)*p))
        p++;
    if (*p == '\0' && p - spec < 9) {
        r.column = atoi(spec);
        if (r.column > 0) return r;
    }
    r.name = spec;
    r.column = 0;
    return r;
}

static int load_builtin_themes(ut_themes *th, const char *name) {
    const ut_builtin_file *f = ut_builtin_find(name);
    if (!f) return ut_error_set(UT_EINVAL, "no built-in theme lexicon %s", name);
    char label[128];
    snprintf(label, sizeof label, "builtin:%s", name);
    return ut_themes_load_buffer(th, label, f->data, f->len);
}

static const char *const known_domains[] = {"restaurant", "hotel", "ecommerce", "airline", "media"};

int ut_analyzer_new(ut_analyzer **out, const ut_options *opts) {
    *out = NULL;
    if (!opts || opts->version != UT_OPTIONS_VERSION)
        return ut_error_set(UT_EINVAL, "options must be initialised with UT_OPTIONS_INIT");
    if (opts->n_groups < 0 || opts->n_groups > UT_MAX_GROUPS)
        return ut_error_set(UT_EINVAL, "at most %d --group fields", UT_MAX_GROUPS);
    if (opts->domain && strcmp(opts->domain, "auto") == 0)
        return ut_error_set(UT_EINVAL, "domain 'auto' needs an input to read: ut_detect_domain "
                                       "(analyze --domain auto) resolves it before the analyzer is made");
    if (opts->domain) {
        int ok = 0;
        for (size_t i = 0; i < UT_ARRAY_LEN(known_domains); i++)
            if (strcmp(opts->domain, known_domains[i]) == 0) ok = 1;
        if (!ok)
            return ut_error_set(UT_EINVAL, "unknown domain '%s' (restaurant, hotel, ecommerce, airline, media, auto)",
                                opts->domain);
    }
    int err = 0;
    ut_buf names = UT_BUF_INIT;
    ut_analyzer *an = ut_calloc(1, sizeof *an);
    if (!an) return UT_ENOMEM;
    an->opts = *opts;
    an->refs[UT_ROLE_TEXT] = ut_field_ref_parse(opts->text_field);
    an->refs[UT_ROLE_TITLE] = ut_field_ref_parse(opts->title_field);
    an->refs[UT_ROLE_ID] = ut_field_ref_parse(opts->id_field);
    an->refs[UT_ROLE_RATING] = ut_field_ref_parse(opts->rating_field);
    an->refs[UT_ROLE_DATE] = ut_field_ref_parse(opts->date_field);
    for (int g = 0; g < opts->n_groups; g++)
        an->refs[UT_ROLE_GROUP + g] = ut_field_ref_parse(opts->group_fields[g]);

    if ((err = ut_lexicon_new(&an->lexicon))) goto cleanup;
    /* VADER's rules were fitted to VADER's lexicon, so under --model vader
     * a user lexicon replaces the built-in one instead of overlaying it;
     * the default model overlays user files on the built-in lexicon. */
    if (!opts->no_builtin_lexicon && (opts->model == UT_MODEL_DEFAULT || opts->n_lexicons == 0)) {
        const ut_builtin_file *f = ut_builtin_find("sentiment.tsv");
        if (!f) {
            err = ut_error_set(UT_EINVAL, "the built-in sentiment lexicon is missing from this build");
            goto cleanup;
        }
        if ((err = ut_lexicon_load_buffer(an->lexicon, "builtin:sentiment.tsv", f->data, f->len, UT_LEXFMT_UNDERTONE)))
            goto cleanup;
        ut_buf_puts(&names, "builtin:sentiment.tsv");
    }
    for (size_t i = 0; i < opts->n_lexicons; i++) {
        if ((err = ut_lexicon_load_file(an->lexicon, opts->lexicon_paths[i]))) goto cleanup;
        if (names.len) ut_buf_putc(&names, ',');
        ut_buf_puts(&names, opts->lexicon_paths[i]);
    }
    if ((err = ut_lexicon_freeze(an->lexicon))) goto cleanup;
    if ((err = ut_scorer_new(&an->scorer, opts->model, an->lexicon))) goto cleanup;

    if ((err = ut_themes_new(&an->themes))) goto cleanup;
    if (!opts->no_builtin_themes && (err = load_builtin_themes(an->themes, "themes/general.tsv"))) goto cleanup;
    if (opts->domain) {
        char name[64];
        snprintf(name, sizeof name, "themes/%s.tsv", opts->domain);
        if ((err = load_builtin_themes(an->themes, name))) goto cleanup;
    }
    for (size_t i = 0; i < opts->n_themes; i++)
        if ((err = ut_themes_load_file(an->themes, opts->theme_paths[i]))) goto cleanup;
    if ((err = ut_themes_freeze(an->themes))) goto cleanup;

    if (names.failed) {
        err = UT_ENOMEM;
        goto cleanup;
    }
    an->lexicon_names = names.data ? names.data : ut_strndup("", 0);
    names.data = NULL;
    if (!an->lexicon_names) {
        err = UT_ENOMEM;
        goto cleanup;
    }
    *out = an;
    return 0;
cleanup:
    ut_buf_free(&names);
    ut_analyzer_free(an);
    return err;
}

void ut_analyzer_free(ut_analyzer *an) {
    if (!an) return;
    ut_scorer_free(an->scorer);
    ut_lexicon_free(an->lexicon);
    ut_themes_free(an->themes);
    free(an->lexicon_names);
    free(an);
}

void ut_analyzer_aggregate_config(const ut_analyzer *an, ut_aggregate_config *cfg) {
    memset(cfg, 0, sizeof *cfg);
    cfg->themes = an->themes;
    cfg->n_groups = an->opts.n_groups;
    for (int g = 0; g < an->opts.n_groups; g++)
        cfg->group_names[g] = an->opts.group_fields[g];
    cfg->bucket = an->opts.bucket;
    cfg->model = an->opts.model;
    cfg->lexicon_fingerprint = ut_lexicon_fingerprint(an->lexicon);
    cfg->themes_fingerprint = ut_themes_fingerprint(an->themes);
    cfg->lexicons = an->lexicon_names;
    cfg->no_phrases = an->opts.no_phrases;
}

const char *const ut_stage_names[UT_STAGE_COUNT] = {"read",   "split",     "parse", "tokenize", "score",
                                                    "themes", "aggregate", "emit",  "merge"};

int ut_analyze_review(const ut_analyzer *an, ut_review_scratch *s, const char *title, size_t title_len,
                      const char *text, size_t text_len, ut_review_analysis *out) {
    int err;
    double *const stage = s->stage_seconds;
    double t = stage ? ut_stage_clock() : 0.0;
    ut_arena_reset(&s->arena);
    if (title && title_len) {
        if ((err = ut_tokenize(&s->tokens, title, title_len))) return err;
        if ((err = ut_tokenize_append(&s->tokens, text, text_len))) return err;
    } else if ((err = ut_tokenize(&s->tokens, text, text_len))) {
        return err;
    }
    if (stage) t = ut_stage_lap(stage, UT_STAGE_TOKENIZE, t);
    if (an->opts.model == UT_MODEL_VADER) {
        /* The review's score is VADER's over the raw text; the title, when
         * given, is scored as its first sentence. Theme attribution takes
         * VADER's lexicon valences per token: the default rules never run. */
        if ((err = ut_score_vader_tokens(an->scorer, &s->tokens, &s->arena, &out->detail))) return err;
        if (title && title_len) {
            char *joined = ut_arena_alloc(&s->arena, title_len + 2 + text_len);
            if (!joined) return UT_ENOMEM;
            memcpy(joined, title, title_len);
            memcpy(joined + title_len, ".\n", 2);
            memcpy(joined + title_len + 2, text, text_len);
            err = ut_score_vader_text(an->scorer, joined, title_len + 2 + text_len, &s->arena, &out->sentiment);
        } else {
            err = ut_score_vader_text(an->scorer, text, text_len, &s->arena, &out->sentiment);
        }
        if (err) return err;
    } else if ((err = ut_score_tokens(an->scorer, &s->tokens, &s->arena, &out->detail, &out->sentiment))) {
        return err;
    }
    if (stage) t = ut_stage_lap(stage, UT_STAGE_SCORE, t);
    for (;;) {
        uint32_t n = ut_themes_find(an->themes, &s->tokens, &out->detail, s->mentions, s->mentions_cap);
        if (n <= s->mentions_cap) {
            out->mentions = s->mentions;
            out->n_mentions = n;
            if (stage) ut_stage_lap(stage, UT_STAGE_THEMES, t);
            return 0;
        }
        uint32_t cap = s->mentions_cap ? s->mentions_cap : 16;
        while (cap < n)
            cap *= 2;
        ut_theme_mention *m = ut_realloc(s->mentions, cap * sizeof *m);
        if (!m) return UT_ENOMEM;
        s->mentions = m;
        s->mentions_cap = cap;
    }
}

void ut_review_scratch_free(ut_review_scratch *s) {
    if (!s) return;
    ut_tokens_free(&s->tokens);
    ut_arena_free(&s->arena);
    free(s->mentions);
    s->mentions = NULL;
    s->mentions_cap = 0;
}
