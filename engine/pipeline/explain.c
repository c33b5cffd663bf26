/* explain.c — scoring one text, and the human-readable breakdown behind
 * `undertone score`: which words carried sentiment, which rules changed
 * them, and what each theme got. Not a hot path: clarity over speed. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "pipeline/analyzer.h"
#include "util/buf.h"
#include "util/common.h"

int ut_score_text(ut_text_score *out, const ut_analyzer *an, const char *text, size_t len) {
    ut_review_scratch s;
    memset(&s, 0, sizeof s);
    ut_review_analysis ra;
    int err = ut_analyze_review(an, &s, NULL, 0, text, len, &ra);
    if (!err) {
        out->compound = ra.sentiment.compound;
        out->positive = ra.sentiment.positive;
        out->neutral = ra.sentiment.neutral;
        out->negative = ra.sentiment.negative;
    }
    ut_review_scratch_free(&s);
    return err;
}

static void put_sentiment(ut_buf *b, const ut_sentiment *s) {
    ut_buf_puts(b, "compound ");
    ut_buf_put_fixed(b, s->compound, 4);
    ut_buf_puts(b, "  positive ");
    ut_buf_put_fixed(b, s->positive, 3);
    ut_buf_puts(b, "  neutral ");
    ut_buf_put_fixed(b, s->neutral, 3);
    ut_buf_puts(b, "  negative ");
    ut_buf_put_fixed(b, s->negative, 3);
}

int ut_explain_text(char **out, const ut_analyzer *an, const char *text, size_t len) {
    *out = NULL;
    ut_review_scratch s;
    memset(&s, 0, sizeof s);
    ut_review_analysis ra;
    int err = ut_analyze_review(an, &s, NULL, 0, text, len, &ra);
    if (err) {
        ut_review_scratch_free(&s);
        return err;
    }
    const ut_tokens *t = &s.tokens;
    ut_buf b = UT_BUF_INIT;
    ut_buf_putc(&b, '"');
    ut_buf_append(&b, text, len);
    ut_buf_puts(&b, "\"\n  ");
    put_sentiment(&b, &ra.sentiment);
    ut_buf_printf(&b, "  (model %s)\n", ut_model_name(an->opts.model));
    for (uint32_t si = 0; si < t->n_sent; si++) {
        const ut_sentence *sen = &t->sent[si];
        ut_buf_printf(&b, "  sentence %u: ", si + 1);
        if (ra.detail.sentence) put_sentiment(&b, &ra.detail.sentence[si]);
        ut_buf_puts(&b, "\n    \"");
        if (sen->src_end <= len && sen->src_begin <= sen->src_end)
            ut_buf_append(&b, text + sen->src_begin, sen->src_end - sen->src_begin);
        ut_buf_puts(&b, "\"\n");
        for (uint32_t ci = 0; ci < t->n_clause; ci++) {
            const ut_clause *cl = &t->clause[ci];
            if (cl->sentence != si) continue;
            ut_buf_printf(&b, "    clause %u%s", ci + 1, "");
            if (cl->opened_by && cl->opened_by <= UT_CLAUSE_CONTRAST)
                ut_buf_printf(&b, " (after %s)",
                              cl->opened_by == UT_CLAUSE_CONTRAST ? "contrast"
                              : cl->opened_by == UT_CLAUSE_COMMA  ? "comma"
                                                                  : "semicolon");
            ut_buf_puts(&b, ": valence ");
            ut_buf_put_fixed(&b, ra.detail.clause_valence ? ra.detail.clause_valence[ci] : 0, 3);
            ut_buf_puts(&b, " |");
            for (uint32_t k = cl->tok_begin; k < cl->tok_end; k++) {
                ut_buf_putc(&b, ' ');
                ut_buf_puts(&b, ut_token_norm(t, k));
                float v = ra.detail.token_valence ? ra.detail.token_valence[k] : 0;
                if (fabsf(v) > 1e-6f) {
                    ut_buf_putc(&b, '[');
                    if (v > 0) ut_buf_putc(&b, '+');
                    ut_buf_put_fixed(&b, v, 2);
                    if (ra.detail.token_rule && ra.detail.token_rule[k]) {
                        ut_buf_putc(&b, ' ');
                        ut_buf_puts(&b, ra.detail.token_rule[k]);
                    }
                    ut_buf_putc(&b, ']');
                }
            }
            ut_buf_putc(&b, '\n');
        }
    }
    if (ra.n_mentions) {
        ut_buf_puts(&b, "  themes:\n");
        for (uint32_t i = 0; i < ra.n_mentions; i++) {
            const ut_theme_mention *m = &ra.mentions[i];
            ut_buf_printf(&b, "    %-22s ", ut_themes_name(an->themes, m->theme));
            ut_buf_put_fixed(&b, m->score, 4);
            ut_buf_puts(&b, "  (");
            for (uint32_t k = m->tok_begin; k < m->tok_end && k < t->n_tok; k++) {
                if (k > m->tok_begin) ut_buf_putc(&b, ' ');
                ut_buf_puts(&b, ut_token_norm(t, k));
                if (k - m->tok_begin > 8) {
                    ut_buf_puts(&b, " ...");
                    break;
                }
            }
            ut_buf_puts(&b, ")\n");
        }
    } else {
        ut_buf_puts(&b, "  themes: none\n");
    }
    ut_review_scratch_free(&s);
    if (b.failed) {
        ut_buf_free(&b);
        return UT_ENOMEM;
    }
    *out = b.data;
    return 0;
}
