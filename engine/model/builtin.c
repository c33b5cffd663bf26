/* builtin.c — look-up in the table of compiled-in lexicons (builtin.h). */
#include "model/builtin.h"

#include <string.h>

const ut_builtin_file *ut_builtin_find(const char *name) {
    for (const ut_builtin_file *f = ut_builtin_files; f->name; f++)
        if (strcmp(f->name, name) == 0) return f;
    return NULL;
}
