/* domain.c — --domain auto: counting each pack's cue words over the head of
 * the input and choosing the pack they point to (domain.h).
 *
 * The idea: the words that name the thing reviewed are few and telling, so
 * a count of a hundred or so cue words over the first few MB is enough to
 * tell book and film reviews from restaurant or airline ones, and costs one
 * hash probe per token. Reading goes through the corpus reader and record
 * parser the analysis uses, so every format and zstd work the same; the
 * head is read apart from the analysis (which reads the input again). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pipeline/analyzer.h"
#include "util/buf.h"
#include "model/builtin.h"
#include "util/common.h"
#include "corpus/corpus.h"
#include "pipeline/domain.h"
#include "util/hash.h"
#include "record/record.h"

#define DOMAIN_MAX 8
#define CUE_SLOTS 1024 /* power of two, well above the cue count */
#define CUE_MAX 512

typedef struct cue {
    uint64_t hash;
    char word[32];
    int domain;
    uint64_t count;
} cue;

struct ut_domain_counter {
    const char *domains[DOMAIN_MAX]; /* static strings from the pack list below */
    int n_domains;
    cue cues[CUE_MAX];
    int n_cues;
    int16_t slot[CUE_SLOTS]; /* index into cues, -1 = empty */
    uint64_t tokens, texts;
};

/* The packs --domain auto may choose; a cue file naming another is broken. */
static const char *const packs[] = {"media", "restaurant", "hotel", "airline", "ecommerce"};

static int pack_index(ut_domain_counter *dc, const char *name, size_t len) {
    for (size_t p = 0; p < UT_ARRAY_LEN(packs); p++) {
        if (strlen(packs[p]) != len || memcmp(packs[p], name, len) != 0) continue;
        for (int d = 0; d < dc->n_domains; d++)
            if (dc->domains[d] == packs[p]) return d;
        if (dc->n_domains == DOMAIN_MAX) return -1;
        dc->domains[dc->n_domains] = packs[p];
        return dc->n_domains++;
    }
    return -1;
}

static int add_cue(ut_domain_counter *dc, int domain, const char *word, size_t len, int line) {
    char norm[32];
    size_t n = ut_word_normalize(word, len, norm, sizeof norm);
    if (n == 0 || n >= sizeof norm || dc->n_cues == CUE_MAX)
        return ut_error_set(UT_EFORMAT, "builtin:domains.tsv:%d: cue too long or too many cues", line);
    uint64_t h = ut_hash_bytes(norm, n);
    uint32_t s = (uint32_t)h & (CUE_SLOTS - 1);
    while (dc->slot[s] >= 0) {
        if (dc->cues[dc->slot[s]].hash == h)
            return ut_error_set(UT_EFORMAT, "builtin:domains.tsv:%d: cue \"%s\" listed twice", line, norm);
        s = (s + 1) & (CUE_SLOTS - 1);
    }
    cue *c = &dc->cues[dc->n_cues];
    c->hash = h;
    memcpy(c->word, norm, n + 1);
    c->domain = domain;
    dc->slot[s] = (int16_t)dc->n_cues++;
    return 0;
}

int ut_domain_counter_new(ut_domain_counter **out) {
    *out = NULL;
    const ut_builtin_file *f = ut_builtin_find("domains.tsv");
    if (!f) return ut_error_set(UT_EFORMAT, "the built-in domain cues are missing from this build");
    ut_domain_counter *dc = ut_calloc(1, sizeof *dc);
    if (!dc) return UT_ENOMEM;
    memset(dc->slot, 0xff, sizeof dc->slot);
    const char *p = f->data, *end = f->data + f->len;
    int line = 0, header_seen = 0, err = 0;
    while (p < end && !err) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol) eol = end;
        line++;
        const char *tab = memchr(p, '\t', (size_t)(eol - p));
        size_t wlen = tab ? (size_t)(eol - tab - 1) : 0;
        if (tab && wlen && tab[wlen] == '\r') wlen--;
        if (p < eol && *p != '#' && tab) {
            if (!header_seen && (size_t)(tab - p) == 6 && memcmp(p, "domain", 6) == 0) {
                header_seen = 1;
            } else {
                int d = pack_index(dc, p, (size_t)(tab - p));
                err = d < 0 ? ut_error_set(UT_EFORMAT, "builtin:domains.tsv:%d: unknown pack", line)
                            : add_cue(dc, d, tab + 1, wlen, line);
            }
        }
        p = eol + 1;
    }
    if (err) {
        free(dc);
        return err;
    }
    *out = dc;
    return 0;
}

void ut_domain_counter_free(ut_domain_counter *dc) {
    free(dc);
}

void ut_domain_count_tokens(ut_domain_counter *dc, const ut_tokens *t) {
    dc->texts++;
    dc->tokens += t->n_tok;
    for (uint32_t i = 0; i < t->n_tok; i++) {
        if (t->tok[i].kind != UT_TOK_WORD) continue;
        uint64_t h = t->tok[i].hash;
        for (uint32_t s = (uint32_t)h & (CUE_SLOTS - 1); dc->slot[s] >= 0; s = (s + 1) & (CUE_SLOTS - 1))
            if (dc->cues[dc->slot[s]].hash == h) {
                dc->cues[dc->slot[s]].count++;
                break;
            }
    }
}

int ut_domain_count_text(ut_domain_counter *dc, ut_tokens *scratch, const char *text, size_t len) {
    int err = ut_tokenize(scratch, text, len);
    if (err) return err;
    ut_domain_count_tokens(dc, scratch);
    return 0;
}

/* Cues of domain d, most counted first (ties: list order), into idx. */
static int top_cues(const ut_domain_counter *dc, int d, int *idx, int max) {
    int n = 0;
    for (int k = 0; k < dc->n_cues; k++) {
        if (dc->cues[k].domain != d || dc->cues[k].count == 0) continue;
        int j;
        if (n < max)
            j = n++;
        else if (dc->cues[k].count > dc->cues[idx[max - 1]].count)
            j = max - 1;
        else
            continue;
        idx[j] = k;
        for (; j > 0 && dc->cues[idx[j - 1]].count < dc->cues[idx[j]].count; j--) {
            int tmp = idx[j - 1];
            idx[j - 1] = idx[j];
            idx[j] = tmp;
        }
    }
    return n;
}

static void describe(const ut_domain_counter *dc, int d, double rate, ut_buf *b) {
    int idx[6];
    int n = top_cues(dc, d, idx, 6);
    ut_buf_printf(b, "%s %.1f/1000 tokens (", dc->domains[d], rate);
    for (int k = 0; k < n; k++)
        ut_buf_printf(b, "%s%s %llu", k ? ", " : "", dc->cues[idx[k]].word, (unsigned long long)dc->cues[idx[k]].count);
    ut_buf_puts(b, n ? ")" : "no cues)");
}

void ut_domain_choose(const ut_domain_counter *dc, ut_domain_guess *out) {
    double rate[DOMAIN_MAX] = {0};
    for (int k = 0; k < dc->n_cues; k++)
        rate[dc->cues[k].domain] += (double)dc->cues[k].count;
    int best = -1, second = -1;
    for (int d = 0; d < dc->n_domains; d++) {
        rate[d] = dc->tokens ? rate[d] * 1000.0 / (double)dc->tokens : 0.0;
        if (best < 0 || rate[d] > rate[best]) {
            second = best;
            best = d;
        } else if (second < 0 || rate[d] > rate[second]) {
            second = d;
        }
    }
    memset(out, 0, sizeof *out);
    out->reviews = dc->texts;
    out->tokens = dc->tokens;
    int chosen = best >= 0 && rate[best] >= UT_DOMAIN_MIN_PER_MILLE;
    out->domain = chosen ? dc->domains[best] : NULL;
    ut_buf b = UT_BUF_INIT;
    if (!chosen) ut_buf_printf(&b, "none reaches %.1f/1000 tokens: best ", UT_DOMAIN_MIN_PER_MILLE);
    if (best >= 0) describe(dc, best, rate[best], &b);
    if (second >= 0) {
        ut_buf_puts(&b, " over ");
        describe(dc, second, rate[second], &b);
    }
    ut_buf_printf(&b, "; %llu reviews, %llu tokens", (unsigned long long)dc->texts, (unsigned long long)dc->tokens);
    snprintf(out->evidence, sizeof out->evidence, "%s", b.data && !b.failed ? b.data : "");
    ut_buf_free(&b);
}

/* ---- reading the head of the inputs -------------------------------------- */

/* Appends up to `budget` decompressed bytes of `path` to `head`, cut after
 * its last complete line so a record is never read half (a CSV record with
 * a quoted newline may still be cut: it is then skipped as bad). */
static int read_head(ut_buf *head, ut_format *fmt, const ut_options *opts, const char *path, size_t budget) {
    ut_corpus *c = NULL;
    ut_corpus_job jobs[4];
    size_t n_jobs = 0;
    int err = ut_corpus_open(&c, path, budget < (1u << 20) ? budget : (1u << 20));
    if (err) return err;
    const char *sniff;
    size_t sniff_len;
    if ((err = ut_corpus_head(c, &sniff, &sniff_len))) goto cleanup;
    *fmt = opts->format;
    if (*fmt == UT_FORMAT_AUTO) {
        if (sniff_len >= 3 && memcmp(sniff, "\xEF\xBB\xBF", 3) == 0) {
            sniff += 3;
            sniff_len -= 3;
        }
        *fmt = ut_format_sniff(path, sniff, sniff_len);
    }
    while (head->len < budget && !err) {
        if ((err = ut_corpus_next_jobs(c, jobs, UT_ARRAY_LEN(jobs), budget - head->len, &n_jobs)) || n_jobs == 0) break;
        for (size_t j = 0; j < n_jobs; j++) {
            if (!err && !(err = ut_corpus_job_load(c, &jobs[j])))
                ut_buf_append(head, jobs[j].data, UT_MIN(jobs[j].len, budget - UT_MIN(budget, head->len)));
            ut_corpus_job_release(c, &jobs[j]);
        }
    }
    if (!err && head->failed) err = UT_ENOMEM;
    if (!err && head->len >= budget) {
        while (head->len && head->data[head->len - 1] != '\n')
            head->len--;
    }
cleanup:
    ut_corpus_close(c);
    return err;
}

/* Parses the records of one input's head and counts their text and title. */
static int count_head(ut_domain_counter *dc, const ut_options *opts, const ut_buf *head, ut_format fmt) {
    ut_field_ref refs[UT_ROLE_COUNT];
    memset(refs, 0, sizeof refs);
    refs[UT_ROLE_TEXT] = ut_field_ref_parse(opts->text_field);
    refs[UT_ROLE_TITLE] = ut_field_ref_parse(opts->title_field);
    ut_record_parser *parser = NULL;
    ut_tokens tokens = UT_TOKENS_INIT;
    ut_arena arena = {0};
    arena.block_size = 1u << 16;
    int err = ut_record_parser_new(&parser, fmt, refs, 0, opts->header, head->len + 1);
    if (err) return err;
    const char *data = head->data ? head->data : "";
    size_t len = head->len, pos = 0;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) pos = 3;
    if (fmt == UT_FORMAT_CSV || fmt == UT_FORMAT_TSV) {
        int h = ut_record_parser_take_header(parser, data + pos, len - pos);
        if (h < 0) {
            err = h;
            goto cleanup;
        }
        if (h == 1) pos += ut_record_parser_header_end(parser);
    }
    for (;;) {
        ut_record rec;
        ut_bad_reason why;
        ut_arena_reset(&arena);
        int r = ut_record_next(parser, data, len, &pos, &rec, &arena, &why);
        if (r == 0) break;
        if (r < 0) {
            if (why == UT_BAD_NONE) {
                err = UT_ENOMEM;
                break;
            }
            continue; /* a bad record says nothing about the domain */
        }
        const ut_field_value *text = &rec.field[UT_ROLE_TEXT], *title = &rec.field[UT_ROLE_TITLE];
        if (title->present && title->len) {
            if ((err = ut_tokenize(&tokens, title->data, title->len))) break;
            if (text->present && (err = ut_tokenize_append(&tokens, text->data, text->len))) break;
        } else if ((err = ut_tokenize(&tokens, text->present ? text->data : "", text->present ? text->len : 0))) {
            break;
        }
        ut_domain_count_tokens(dc, &tokens);
    }
cleanup:
    ut_tokens_free(&tokens);
    ut_arena_free(&arena);
    ut_record_parser_free(parser);
    return err;
}

int ut_detect_domain(ut_domain_guess *out, const ut_options *opts, const char *const *inputs, size_t n_inputs) {
    memset(out, 0, sizeof *out);
    if (!opts || opts->version != UT_OPTIONS_VERSION)
        return ut_error_set(UT_EINVAL, "options must be initialised with UT_OPTIONS_INIT");
    if (n_inputs == 0) return ut_error_set(UT_EINVAL, "no input given");
    for (size_t i = 0; i < n_inputs; i++)
        if (strcmp(inputs[i], "-") == 0)
            return ut_error_set(UT_EINVAL, "--domain auto reads the input before the analysis, so it needs files: "
                                           "name a domain to read standard input");
    ut_domain_counter *dc = NULL;
    int err = ut_domain_counter_new(&dc);
    if (err) return err;
    size_t done = 0;
    for (size_t i = 0; i < n_inputs && done < UT_DOMAIN_PROBE_BYTES && !err; i++) {
        ut_buf head = UT_BUF_INIT;
        ut_format fmt;
        if (!(err = read_head(&head, &fmt, opts, inputs[i], UT_DOMAIN_PROBE_BYTES - done))) {
            done += head.len;
            err = count_head(dc, opts, &head, fmt);
            if (err && err != UT_ENOMEM) {
                char msg[1024];
                snprintf(msg, sizeof msg, "%s: %s", inputs[i], ut_error_last());
                ut_error_set(err, "%s", msg);
            }
        }
        ut_buf_free(&head);
    }
    if (!err) ut_domain_choose(dc, out);
    ut_domain_counter_free(dc);
    return err;
}
