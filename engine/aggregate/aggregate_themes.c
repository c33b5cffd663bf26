/* aggregate_themes.c — ut_aggregate_new: the aggregate's link to the theme
 * module. It lives apart from aggregate.c so that everything else about
 * aggregates (creation from plain arrays, merging, state files, outputs)
 * links without theme.c. */
#include <stdlib.h>

#include "aggregate/aggregate.h"
#include "util/common.h"

int ut_aggregate_new(ut_aggregate **out, const ut_aggregate_config *cfg) {
    if (!cfg->themes) return ut_aggregate_new_plain(out, cfg);
    uint32_t n = ut_themes_count(cfg->themes);
    const char **names = ut_calloc(n ? n : 1, sizeof *names);
    int32_t *parents = ut_calloc(n ? n : 1, sizeof *parents);
    int rc = UT_ENOMEM;
    if (names && parents) {
        for (uint32_t i = 0; i < n; i++) {
            names[i] = ut_themes_name(cfg->themes, i);
            parents[i] = ut_themes_parent(cfg->themes, i);
        }
        ut_aggregate_config plain = *cfg;
        plain.themes = NULL;
        plain.theme_names = names;
        plain.theme_parents = parents;
        plain.n_themes = n;
        rc = ut_aggregate_new_plain(out, &plain);
    }
    free(names);
    free(parents);
    return rc;
}
