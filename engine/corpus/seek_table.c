/* seek_table.c — reading and writing the zstd seekable format's seek table.
 * The table is parsed from the file's tail only and checked against the
 * file's size before anyone trusts it: a table whose frames do not tile the
 * bytes before it is reported as corrupt rather than used to slice data. */
#include "corpus/seek_table.h"

#include <stdlib.h>
#include <string.h>

#include "util/common.h"

static uint32_t read_le32(const unsigned char *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put_le32(unsigned char *p, uint32_t v) {
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
    p[2] = (unsigned char)(v >> 16);
    p[3] = (unsigned char)(v >> 24);
}

uint64_t ut_seek_table_size(size_t n_entries, int with_checksums) {
    return 8u + (uint64_t)n_entries * (with_checksums ? 12u : 8u) + UT_SEEK_TABLE_FOOTER_SIZE;
}

void ut_seek_table_free(ut_seek_table *t) {
    if (!t) return;
    free(t->entries);
    t->entries = NULL;
    t->n_entries = 0;
}

int ut_seek_table_read(ut_seek_table *out, const unsigned char *file, size_t len, const char *path) {
    *out = (ut_seek_table)UT_SEEK_TABLE_INIT;
    if (len < 8u + UT_SEEK_TABLE_FOOTER_SIZE) return 0;
    const unsigned char *footer = file + len - UT_SEEK_TABLE_FOOTER_SIZE;
    if (read_le32(footer + 5) != UT_SEEK_TABLE_FOOTER_MAGIC) return 0;

    uint32_t n_frames = read_le32(footer);
    unsigned descriptor = footer[4];
    if (descriptor & UT_SEEK_TABLE_RESERVED_BITS)
        return ut_error_set(UT_ECORRUPT, "%s: corrupt seek table: reserved descriptor bits set (0x%02x)", path,
                            descriptor);
    int with_checksums = (descriptor & UT_SEEK_TABLE_CHECKSUM_FLAG) != 0;
    uint64_t table_size = ut_seek_table_size(n_frames, with_checksums);
    if (table_size > len)
        return ut_error_set(UT_ECORRUPT, "%s: corrupt seek table: %u frames do not fit in a %zu-byte file", path,
                            n_frames, len);
    const unsigned char *table = file + len - table_size;
    if (read_le32(table) != UT_SEEK_TABLE_SKIPPABLE_MAGIC || read_le32(table + 4) != table_size - 8)
        return ut_error_set(UT_ECORRUPT, "%s: corrupt seek table at offset %llu: bad skippable frame header", path,
                            (unsigned long long)(len - table_size));

    ut_seek_entry *entries = ut_calloc(n_frames ? n_frames : 1, sizeof *entries);
    if (!entries) return UT_ENOMEM;
    size_t entry_size = with_checksums ? 12 : 8;
    uint64_t covered = 0;
    for (uint32_t i = 0; i < n_frames; i++) {
        const unsigned char *e = table + 8 + (size_t)i * entry_size;
        entries[i].compressed_size = read_le32(e);
        entries[i].decompressed_size = read_le32(e + 4);
        entries[i].checksum = with_checksums ? read_le32(e + 8) : 0;
        covered += entries[i].compressed_size;
    }
    if (covered != len - table_size) {
        free(entries);
        return ut_error_set(UT_ECORRUPT,
                            "%s: corrupt seek table: its frames cover %llu bytes but %llu precede the table", path,
                            (unsigned long long)covered, (unsigned long long)(len - table_size));
    }
    out->entries = entries;
    out->n_entries = n_frames;
    out->has_checksums = with_checksums;
    out->table_size = table_size;
    return 1;
}

int ut_seek_table_write(ut_buf *out, const ut_seek_entry *entries, size_t n_entries, int with_checksums) {
    if (n_entries > UINT32_MAX) return ut_error_set(UT_EINVAL, "seek table: too many frames (%zu)", n_entries);
    uint64_t table_size = ut_seek_table_size(n_entries, with_checksums);
    if (table_size - 8 > UINT32_MAX) return ut_error_set(UT_EINVAL, "seek table: too large");
    if (ut_buf_reserve(out, (size_t)table_size)) return UT_ENOMEM;
    unsigned char *p = (unsigned char *)out->data + out->len;
    put_le32(p, UT_SEEK_TABLE_SKIPPABLE_MAGIC);
    put_le32(p + 4, (uint32_t)(table_size - 8));
    p += 8;
    for (size_t i = 0; i < n_entries; i++) {
        put_le32(p, entries[i].compressed_size);
        put_le32(p + 4, entries[i].decompressed_size);
        p += 8;
        if (with_checksums) {
            put_le32(p, entries[i].checksum);
            p += 4;
        }
    }
    put_le32(p, (uint32_t)n_entries);
    p[4] = with_checksums ? UT_SEEK_TABLE_CHECKSUM_FLAG : 0;
    put_le32(p + 5, UT_SEEK_TABLE_FOOTER_MAGIC);
    out->len += (size_t)table_size;
    out->data[out->len] = '\0';
    return 0;
}
