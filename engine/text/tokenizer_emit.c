/* tokenizer_emit.c — the memory and structure every scanning path writes
 * through: growing the token, sentence and clause arrays, and opening a
 * sentence or clause. It sits below both the dispatcher (tokenizer.c) and
 * the word paths (tokenizer_words.c, tokenizer_unicode.c), so neither calls
 * up into the other for it. */
#include <stddef.h>

#include "text/tokenizer_scan.h"

int ut_tok_grow(void **arr, uint32_t *cap, size_t elem, uint32_t min_cap) {
    uint32_t n = *cap ? *cap : 16;
    while (n < min_cap) {
        if (n > UINT32_MAX / 2) return ut_error_set(UT_ENOMEM, "tokenizer: too many tokens");
        n *= 2;
    }
    void *q = ut_realloc(*arr, (size_t)n * elem);
    if (!q) return UT_ENOMEM;
    *arr = q;
    *cap = n;
    return 0;
}

int ut_tok_open_clause(scanner *s, uint8_t opened_by) {
    return open_clause(s, opened_by);
}
int ut_tok_open_sentence(scanner *s, uint32_t src_begin) {
    return open_sentence(s, src_begin);
}
