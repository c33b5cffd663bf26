/* fuzz_lexicon.c — sentiment and theme lexicon loaders on arbitrary files:
 * either an error with a message or a usable, frozen lexicon. */
#include <stdint.h>
#include <stdlib.h>

#include "model/lexicon.h"
#include "themes/theme.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    ut_lexicon *lex = NULL;
    if (ut_lexicon_new(&lex) == 0) {
        if (ut_lexicon_load_buffer(lex, "fuzz", (const char *)data, size, UT_LEXFMT_AUTO) == 0 &&
            ut_lexicon_freeze(lex) == 0) {
            float v;
            (void)ut_lexicon_lookup_str(lex, "good", 4, &v);
        }
        ut_lexicon_free(lex);
    }
    ut_themes *th = NULL;
    if (ut_themes_new(&th) == 0) {
        if (ut_themes_load_buffer(th, "fuzz", (const char *)data, size) == 0 && ut_themes_freeze(th) == 0) {
            for (uint32_t i = 0; i < ut_themes_count(th); i++)
                if (!ut_themes_name(th, i)) abort();
        }
        ut_themes_free(th);
    }
    return 0;
}
