/* record_names.c — names and messages every record file uses: the names
 * of bad-record reasons, the option that selects a role, comparing field
 * names, and listing the names closest to a mistyped one.
 *
 * They sit below the format dispatcher (record.c), the per-format parsers
 * and the field check (record_fields.c), so none of those calls up into
 * another for a name. */
#include <stdio.h>
#include <string.h>

#include "util/common.h"
#include "record/record_internal.h"

/* Most distinct names a listing takes; see MAX_SEEN in record_fields.c. */
#define NAMES_MAX 256
#define NAME_MAX_LEN 64

static const char *const bad_reason_names[UT_BAD_REASON_COUNT] = {
    [UT_BAD_NONE] = "none",
    [UT_BAD_JSON_SYNTAX] = "json_syntax",
    [UT_BAD_JSON_DEPTH] = "json_too_deep",
    [UT_BAD_NOT_OBJECT] = "json_not_object",
    [UT_BAD_CSV_QUOTE] = "csv_unterminated_quote",
    [UT_BAD_CSV_SYNTAX] = "csv_syntax",
    [UT_BAD_MISSING_TEXT] = "missing_text",
    [UT_BAD_EMPTY_TEXT] = "empty_text",
    [UT_BAD_TOO_LARGE] = "too_large",
    [UT_BAD_RATING] = "bad_rating",
    [UT_BAD_DATE] = "bad_date",
    [UT_BAD_BINARY] = "binary",
};

const char *ut_bad_reason_name(ut_bad_reason reason) {
    if ((unsigned)reason >= UT_BAD_REASON_COUNT) return "unknown";
    return bad_reason_names[reason];
}

const char *ut_record_role_option(int role) {
    static const char *const names[UT_ROLE_GROUP] = {"--text", "--title", "--id", "--rating", "--date"};
    return role < UT_ROLE_GROUP ? names[role] : "--group";
}

static char ascii_lower(char c) {
    return (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
}

int ut_record_name_match(const char *a, size_t alen, const char *b, size_t blen) {
    if (alen != blen) return 0;
    if (memcmp(a, b, alen) == 0) return 2;
    for (size_t i = 0; i < alen; i++)
        if (ascii_lower(a[i]) != ascii_lower(b[i])) return 0;
    return 1;
}

static char fold(char c) {
    return (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
}

/* Levenshtein distance ignoring ASCII case, over at most NAME_MAX_LEN
 * bytes of each name (longer names only need to sort last). */
static size_t edit_distance(const char *a, const char *b) {
    size_t n = UT_MIN(strlen(a), (size_t)NAME_MAX_LEN), m = UT_MIN(strlen(b), (size_t)NAME_MAX_LEN);
    size_t row[NAME_MAX_LEN + 1];
    for (size_t j = 0; j <= m; j++)
        row[j] = j;
    for (size_t i = 1; i <= n; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= m; j++) {
            size_t up = row[j];
            size_t best = diag + (fold(a[i - 1]) != fold(b[j - 1]));
            if (up + 1 < best) best = up + 1;
            if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[m];
}

void ut_record_names_by_closeness(const char *want, const char *const *names, size_t n, char *out, size_t cap) {
    size_t order[NAMES_MAX], dist[NAMES_MAX];
    n = UT_MIN(n, (size_t)NAMES_MAX);
    /* insertion sort: stable, and n is small */
    for (size_t i = 0; i < n; i++) {
        size_t d = edit_distance(want, names[i]), k = i;
        while (k > 0 && dist[k - 1] > d) {
            dist[k] = dist[k - 1];
            order[k] = order[k - 1];
            k--;
        }
        dist[k] = d;
        order[k] = i;
    }
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        const char *name = names[order[i]], *sep = i ? ", " : "";
        if (used + strlen(sep) + strlen(name) + 6 >= cap) {
            if (used + 6 < cap) memcpy(out + used, ", ...", 6);
            return;
        }
        used += (size_t)snprintf(out + used, cap - used, "%s%s", sep, name);
    }
}
