/* fuzz_tokenizer.c — the tokenizer on arbitrary bytes: no crash, no
 * over-read, and every token, sentence and clause inside the input. */
#include <stdint.h>
#include <stdlib.h>

#include "text/tokenizer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    ut_tokens t = UT_TOKENS_INIT;
    size_t half = size / 2;
    if (ut_tokenize(&t, (const char *)data, half) == 0 &&
        ut_tokenize_append(&t, (const char *)data + half, size - half) == 0) {
        for (uint32_t i = 0; i < t.n_tok; i++) {
            const ut_token *k = &t.tok[i];
            if ((size_t)k->src_off + k->src_len > size) abort();
            if ((size_t)k->norm_off + k->norm_len > t.norm_len) abort();
            if (k->sentence >= t.n_sent || k->clause >= t.n_clause) abort();
        }
        for (uint32_t s = 0; s < t.n_sent; s++)
            if (t.sent[s].tok_begin > t.sent[s].tok_end || t.sent[s].tok_end > t.n_tok) abort();
    }
    ut_tokens_free(&t);
    return 0;
}
