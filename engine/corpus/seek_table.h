/* seek_table.h — the zstd seekable format's seek table: reading and writing.
 *
 * A seekable .zst file is ordinary zstd frames followed by one skippable
 * frame (magic 0x184D2A5E) holding, per frame, its compressed and
 * decompressed size, and a 9-byte footer that ends with 0x8F92EAB1 (the
 * zstd project's contrib/seekable_format specification). Any zstd decoder
 * skips the table; undertone reads it to plan frames without walking the
 * file, so a multi-frame file's frames are known before any is read. */
#ifndef UT_SEEK_TABLE_H
#define UT_SEEK_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

#define UT_SEEK_TABLE_SKIPPABLE_MAGIC 0x184D2A5Eu
#define UT_SEEK_TABLE_FOOTER_MAGIC 0x8F92EAB1u
#define UT_SEEK_TABLE_FOOTER_SIZE 9u
#define UT_SEEK_TABLE_CHECKSUM_FLAG 0x80u
/* Bits 6..2 of the descriptor are reserved: a table using them is a later,
 * incompatible version we must not guess at. */
#define UT_SEEK_TABLE_RESERVED_BITS 0x7Cu

typedef struct ut_seek_entry {
    uint32_t compressed_size;
    uint32_t decompressed_size;
    uint32_t checksum; /* low 32 bits of XXH64 of the frame's content; 0 when absent */
} ut_seek_entry;

typedef struct ut_seek_table {
    ut_seek_entry *entries; /* owned; ut_seek_table_free */
    size_t n_entries;
    int has_checksums;
    uint64_t table_size; /* bytes of the whole skippable frame, header included */
} ut_seek_table;

#define UT_SEEK_TABLE_INIT                                                                                             \
    { NULL, 0, 0, 0 }

/* Looks for a seek table at the end of `file` (`len` bytes; `path` only
 * names the file in messages). Returns 1 with *out filled, 0 when the file
 * does not end with a seekable footer (*out left empty), UT_ECORRUPT when
 * the footer is there but the table is inconsistent (its size, its reserved
 * bits, or compressed sizes that do not add up to the frames before it), or
 * UT_ENOMEM. */
int ut_seek_table_read(ut_seek_table *out, const unsigned char *file, size_t len, const char *path);

void ut_seek_table_free(ut_seek_table *t);

/* Bytes of the serialised table for `n_entries` entries. */
uint64_t ut_seek_table_size(size_t n_entries, int with_checksums);

/* Appends the serialised table (skippable frame header, entries, footer)
 * to `out`. Returns 0, UT_EINVAL (more than 2^32-1 entries) or UT_ENOMEM. */
int ut_seek_table_write(ut_buf *out, const ut_seek_entry *entries, size_t n_entries, int with_checksums);

#endif
