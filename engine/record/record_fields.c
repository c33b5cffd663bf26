/* record_fields.c — checking that the fields a user named exist, and
 * suggesting the names that do.
 *
 * The idea: a field that no record has is almost always a typo, and a typo
 * that is accepted silently costs the user a whole run and an empty column.
 * The first 64 KiB of an input are the sample (what the format sniffer
 * reads too): a name that none of its records has is a usage error, and
 * the message lists the names that were seen, the closest to what was
 * typed first. A field present in some records and not others is left to
 * the per-field counts of summary.json. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/common.h"
#include "record/record_internal.h"

/* Most distinct names gathered from a sample; a record with more keys
 * than this is unusual, and the listing is cut anyway. */
#define MAX_SEEN 256

/* The distinct keys of a sample's JSON lines. */
typedef struct seen_names {
    char *name[MAX_SEEN];
    size_t n;
    int failed;
} seen_names;

static void remember(void *ctx, const char *key, size_t len) {
    seen_names *s = ctx;
    for (size_t i = 0; i < s->n; i++)
        if (strlen(s->name[i]) == len && memcmp(s->name[i], key, len) == 0) return;
    if (s->n == MAX_SEEN) return;
    char *copy = ut_strndup(key, len);
    if (!copy) {
        s->failed = 1;
        return;
    }
    s->name[s->n++] = copy;
}

static int jsonl_check(const ut_record_parser *p, const char *path, const char *head, size_t len, int whole) {
    seen_names seen = {.n = 0};
    size_t objects = 0, pos = 0;
    while (pos < len) {
        const char *nl = memchr(head + pos, '\n', len - pos);
        if (!nl && !whole) break; /* a line cut by the sample's end */
        size_t end = nl ? (size_t)(nl - head) : len;
        objects += ut_jsonl_keys(head + pos, end - pos, remember, &seen) == 0;
        pos = end + 1;
    }
    int rc = seen.failed ? UT_ENOMEM : 0;
    for (int r = 0; r < p->n_roles && !rc && objects; r++) {
        if (!p->name[r]) continue;
        int found = 0;
        for (size_t i = 0; i < seen.n && !found; i++)
            found = ut_record_name_match(seen.name[i], strlen(seen.name[i]), p->name[r], p->name_len[r]) != 0;
        if (found) continue;
        char listing[600];
        ut_record_names_by_closeness(p->name[r], (const char *const *)seen.name, seen.n, listing, sizeof listing);
        rc = ut_error_set(UT_EINVAL, "%s: %s %s: no record of the first 64 KiB has this field (fields seen: %s)", path,
                          ut_record_role_option(r), p->name[r], listing);
    }
    for (size_t i = 0; i < seen.n; i++)
        free(seen.name[i]);
    return rc;
}

int ut_record_parser_check_fields(const ut_record_parser *p, const char *path, const char *head, size_t len,
                                  int whole) {
    if (p->format == UT_FORMAT_JSONL) return jsonl_check(p, path, head, len, whole);
    if (p->format != UT_FORMAT_CSV && p->format != UT_FORMAT_TSV) return 0;
    /* The header is judged by the same code the run uses, on a copy of
     * the parser, so the check and the run cannot disagree. */
    ut_split_state st = {0};
    if (!whole && ut_record_scan_first(p, &st, head, len) == SIZE_MAX) return 0;
    ut_record_parser *copy = NULL;
    int rc = ut_record_parser_clone(&copy, p);
    if (!rc) rc = ut_record_parser_take_header(copy, head, len);
    ut_record_parser_free(copy);
    if (rc >= 0) return 0;
    char msg[1024];
    snprintf(msg, sizeof msg, "%s: %s", path, ut_error_last());
    return ut_error_set(rc, "%s", msg);
}
