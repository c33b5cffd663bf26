/* output.h — file plumbing shared by the summary writers: every file is
 * written whole to a temporary name in its directory and then renamed, so a
 * reader never sees half a file and a crash leaves the old one in place. */
#ifndef UT_OUTPUT_H
#define UT_OUTPUT_H

#include <stddef.h>

/* Creates `dir` and its missing parents. Returns 0 or UT_EIO (message names it). */
int ut_output_make_dir(const char *dir);

/* Writes `len` bytes to `path` atomically (temporary file + rename).
 * Returns 0 or UT_EIO (message names the file). */
int ut_output_write_file(const char *path, const void *data, size_t len);

/* A unique temporary path next to `path` for writers that need a file name
 * (SQLite): created empty with mode 0644; the caller renames or unlinks it.
 * Writes into tmp (capacity cap). Returns 0 or UT_EIO. */
int ut_output_temp_path(const char *path, char *tmp, size_t cap);

#endif
