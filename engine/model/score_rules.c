/* score_rules.c — look-up in the generated function-word table
 * (score_rules.h). Linear probing over a table at most a quarter full, so a
 * miss, the common case for content words, usually ends at the first empty
 * slot. */
#include "model/score_rules.h"

#include <stddef.h>

const ut_rule *ut_rule_find(uint64_t hash, uint64_t next_hash) {
    if (!ut_rule_maybe(hash)) return NULL;
    const ut_rule *single = NULL;
    for (uint32_t i = (uint32_t)hash & ut_rule_table_mask;; i = (i + 1) & ut_rule_table_mask) {
        const ut_rule *r = &ut_rule_table[i];
        if (r->hash == 0) return single;
        if (r->hash != hash) continue;
        if (r->words == 2) {
            if (next_hash && r->next_hash == next_hash) return r;
        } else {
            single = r;
        }
    }
}
