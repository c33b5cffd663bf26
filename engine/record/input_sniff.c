/* input_sniff.c — magic numbers and the text test; see input_sniff.h.
 *
 * The idea: a name says what a file should be, its bytes say what it is.
 * A user who gives `reviews.jsonl.gz` or a stray binary must hear so, with
 * the command that fixes it, instead of getting thousands of "reviews"
 * analysed from compressed bytes. The text test is a share, not a single
 * byte, so a text corpus with one damaged record stays readable (that
 * record alone is bad) while an input that is mostly noise is refused. */
#include <stdio.h>
#include <string.h>

#include "util/common.h"
#include "record/input_sniff.h"

static int starts(const unsigned char *p, size_t len, const char *magic, size_t n) {
    return len >= n && memcmp(p, magic, n) == 0;
}

ut_container ut_sniff_container(const unsigned char *p, size_t len) {
    if (starts(p, len, "\x28\xB5\x2F\xFD", 4)) return UT_CONTAINER_ZSTD;
    /* zstd skippable frames (a seek table may lead) */
    if (len >= 4 && (p[0] & 0xF0) == 0x50 && p[1] == 0x2A && p[2] == 0x4D && p[3] == 0x18) return UT_CONTAINER_ZSTD;
    if (starts(p, len, "\x1F\x8B", 2)) return UT_CONTAINER_GZIP;
    if (starts(p, len, "\xFD\x37\x7A\x58\x5A\x00", 6)) return UT_CONTAINER_XZ; /* FD "7zXZ" 00 */
    /* "BZh1".."BZh9" alone could begin a line of text: the block or
     * end-of-stream magic after it makes it bzip2 */
    if (len >= 10 && starts(p, len, "BZh", 3) && p[3] >= '1' && p[3] <= '9' &&
        (memcmp(p + 4, "\x31\x41\x59\x26\x53\x59", 6) == 0 || memcmp(p + 4, "\x17\x72\x45\x38\x50\x90", 6) == 0))
        return UT_CONTAINER_BZIP2;
    if (starts(p, len, "PK\x03\x04", 4) || starts(p, len, "PK\x05\x06", 4) || starts(p, len, "PK\x07\x08", 4))
        return UT_CONTAINER_ZIP;
    if (starts(p, len, "7z\xBC\xAF\x27\x1C", 6)) return UT_CONTAINER_7Z;
    if (starts(p, len, "\x04\x22\x4D\x18", 4)) return UT_CONTAINER_LZ4;
    if (len >= 262 && memcmp(p + 257, "ustar", 5) == 0) return UT_CONTAINER_TAR;
    if (starts(p, len, "\xFF\xFE", 2) || starts(p, len, "\xFE\xFF", 2)) return UT_CONTAINER_UTF16;
    return UT_CONTAINER_NONE;
}

int ut_sniff_refuse(ut_container k, const char *path, const char *inside) {
    const char *what, *fix;
    switch (k) {
    case UT_CONTAINER_XZ:
        what = "xz-compressed", fix = "xz -dc %s | undertone analyze -";
        break;
    case UT_CONTAINER_BZIP2:
        what = "bzip2-compressed", fix = "bzip2 -dc %s | undertone analyze -";
        break;
    case UT_CONTAINER_ZIP:
        what = "a zip archive", fix = "unzip -p %s MEMBER | undertone analyze -";
        break;
    case UT_CONTAINER_TAR:
        what = "a tar archive", fix = "tar -xOf %s MEMBER | undertone analyze -";
        break;
    case UT_CONTAINER_7Z:
        what = "a 7-Zip archive", fix = "7z x -so %s | undertone analyze -";
        break;
    case UT_CONTAINER_LZ4:
        what = "lz4-compressed", fix = "lz4 -dc %s | undertone analyze -";
        break;
    case UT_CONTAINER_UTF16:
        what = "UTF-16 text (undertone reads UTF-8)", fix = "iconv -f UTF-16 -t UTF-8 %s | undertone analyze -";
        break;
    default:
        return 0;
    }
    char command[512];
    snprintf(command, sizeof command, fix, path);
    return ut_error_set(UT_EFORMAT,
                        "%s: the input is %s%s%s, which undertone does not read (it reads text, zstd and gzip); "
                        "convert it: %s (or into a packed corpus: ... | undertone pack - -o NEW.zst)",
                        path, what, inside ? " inside " : "", inside ? inside : "", command);
}

/* Bytes below 0x20 that text holds: TAB LF VT FF CR, and ESC (colour codes
 * in pasted terminal output). */
static int is_text_control(unsigned char c) {
    return c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r' || c == 0x1B;
}

/* Length of the valid UTF-8 sequence at p[0] (>= 0x80), 0 if invalid, or
 * SIZE_MAX when it is valid so far but cut by the end. */
static size_t utf8_sequence(const unsigned char *p, size_t avail) {
    unsigned char c = p[0];
    size_t need;
    unsigned char lo = 0x80, hi = 0xBF; /* bounds of the second byte */
    if (c >= 0xC2 && c <= 0xDF)
        need = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        need = 3;
        if (c == 0xE0) lo = 0xA0; /* overlong */
        if (c == 0xED) hi = 0x9F; /* surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 4;
        if (c == 0xF0) lo = 0x90; /* overlong */
        if (c == 0xF4) hi = 0x8F; /* above U+10FFFF */
    } else
        return 0;
    for (size_t i = 1; i < need; i++) {
        if (i >= avail) return SIZE_MAX;
        unsigned char b = p[i];
        if (i == 1 ? (b < lo || b > hi) : (b & 0xC0) != 0x80) return 0;
    }
    return need;
}

/* ut_sniff_nontext_bytes, also telling whether a NUL was among them, so a
 * record is judged in one pass over its bytes. */
static size_t nontext_bytes(const char *s, size_t len, int cut_ok, int *nul) {
    const unsigned char *p = (const unsigned char *)s;
    size_t bad = 0, i = 0;
    int saw_nul = 0;
    while (i < len) {
        /* Every record passes here, and reviews are mostly ASCII: eight
         * bytes with no high bit and no byte below 0x20 need no further
         * look. (An SSE2 twin of 16 bytes measured no faster: the first
         * touch of the record's bytes is what this check costs.) */
        if (len - i >= 8) {
            uint64_t w;
            memcpy(&w, p + i, 8);
            uint64_t low = (w - 0x2020202020202020ull) & ~w & 0x8080808080808080ull;
            if (((w & 0x8080808080808080ull) | low) == 0) {
                i += 8;
                continue;
            }
        }
        unsigned char c = p[i];
        if (c < 0x80) {
            bad += c < 0x20 && !is_text_control(c);
            saw_nul |= c == 0;
            i++;
            continue;
        }
        size_t n = utf8_sequence(p + i, len - i);
        if (n == SIZE_MAX) {
            if (!cut_ok) bad += len - i;
            break;
        }
        if (n == 0) {
            bad++;
            i++;
        } else {
            i += n;
        }
    }
    *nul = saw_nul;
    return bad;
}

size_t ut_sniff_nontext_bytes(const char *s, size_t len, int cut_ok) {
    int nul;
    return nontext_bytes(s, len, cut_ok, &nul);
}

int ut_sniff_record_is_binary(const char *p, size_t len) {
    int nul;
    size_t bad = nontext_bytes(p, len, 0, &nul);
    return nul || (len && bad * 4 >= len);
}

int ut_sniff_check_head(const char *path, const char *head, size_t len, int whole, const char *compression) {
    ut_container k = ut_sniff_container((const unsigned char *)head, len);
    if (k == UT_CONTAINER_ZSTD || k == UT_CONTAINER_GZIP)
        return ut_error_set(UT_EFORMAT,
                            "%s: the input is compressed twice (%s inside %s); decompress the outer layer first", path,
                            k == UT_CONTAINER_ZSTD ? "zstd" : "gzip", compression ? compression : "the file");
    int rc = ut_sniff_refuse(k, path, compression);
    if (rc) return rc;
    size_t bad = ut_sniff_nontext_bytes(head, len, !whole);
    if (len && bad * 4 >= len)
        return ut_error_set(UT_EFORMAT,
                            "%s: the input is not text: %zu of its first %zu bytes%s are not UTF-8 text (binary data, "
                            "or a legacy encoding: convert it with iconv -t UTF-8); nothing was analysed",
                            path, bad, len, compression ? " (decompressed)" : "");
    return 0;
}
