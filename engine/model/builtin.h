/* builtin.h — the lexicons compiled into the library.
 * The bytes come from lexicons/ via cmake/embed_lexicons.cmake, so a binary
 * copied anywhere still has its default lexicons. */
#ifndef UT_BUILTIN_H
#define UT_BUILTIN_H

#include <stddef.h>

typedef struct ut_builtin_file {
    const char *name; /* path below lexicons/, e.g. "sentiment.tsv", "themes/general.tsv" */
    const char *data; /* NUL-terminated */
    size_t len;
} ut_builtin_file;

/* Terminated by an entry with name NULL. */
extern const ut_builtin_file ut_builtin_files[];

/* The built-in file called `name`, or NULL. */
const ut_builtin_file *ut_builtin_find(const char *name);

#endif
