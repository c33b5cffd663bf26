/* input_sniff.h — telling what an input is from its bytes, not its name:
 * which compressed or archive format (by magic number), and whether bytes
 * are text at all (UTF-8 without NUL bytes or control noise).
 *
 * Pure functions over borrowed bytes: no state, no allocation, safe from
 * any thread. The reader (corpus.c) uses the magic to pick a decoder or
 * refuse; the pipeline uses the text test on an input's first bytes and on
 * every record. */
#ifndef UT_INPUT_SNIFF_H
#define UT_INPUT_SNIFF_H

#include <stddef.h>

typedef enum ut_container {
    UT_CONTAINER_NONE = 0, /* no known magic: treated as text */
    UT_CONTAINER_ZSTD,
    UT_CONTAINER_GZIP,
    /* refused: recognisable, but undertone does not decode them */
    UT_CONTAINER_XZ,
    UT_CONTAINER_BZIP2,
    UT_CONTAINER_ZIP,
    UT_CONTAINER_TAR,
    UT_CONTAINER_7Z,
    UT_CONTAINER_LZ4,
    UT_CONTAINER_UTF16
} ut_container;

/* Bytes needed to see every magic (tar's "ustar" sits at offset 257). */
#define UT_SNIFF_MAGIC_BYTES 265

/* The container of bytes p[0, len); len may be shorter than
 * UT_SNIFF_MAGIC_BYTES when the input is (a magic that does not fit is
 * not seen). */
ut_container ut_sniff_container(const unsigned char *p, size_t len);

/* For a refused container: sets UT_EFORMAT with a message naming `path`,
 * the format and how to convert it, and returns UT_EFORMAT. For one that is
 * read (NONE, ZSTD, GZIP) returns 0. `inside` names the outer compression
 * when the container was found in decompressed bytes ("gzip"), else NULL. */
int ut_sniff_refuse(ut_container k, const char *path, const char *inside);

/* Counts the bytes of p[0, len) that cannot be text: NUL and other C0
 * controls except TAB, LF, VT, FF, CR and ESC, DEL, and every byte of an
 * invalid UTF-8 sequence. A sequence cut by the end of the buffer counts
 * as text when `cut_ok` (a sample that ends mid-character). */
size_t ut_sniff_nontext_bytes(const char *p, size_t len, int cut_ok);

/* Whether a record's bytes are binary: it holds a NUL byte, or a quarter
 * or more of its bytes cannot be text. */
int ut_sniff_record_is_binary(const char *p, size_t len);

/* Checks an input's first decompressed bytes (at most 64 KiB; `whole`: they
 * are the entire input): an archive inside a compressed file, UTF-16, or
 * bytes that are binary by ut_sniff_record_is_binary's measure (a sample
 * of many records: a stray NUL in one record does not refuse the input,
 * only a quarter of non-text bytes does). Returns 0, or UT_EFORMAT with a
 * message naming `path`. `compression` names the decoder used ("gzip",
 * "zstd") or is NULL. */
int ut_sniff_check_head(const char *path, const char *head, size_t len, int whole, const char *compression);

#endif
