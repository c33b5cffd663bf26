/* version.c — runtime version and ut_free. */
#include <stdlib.h>

#include "undertone.h"

const char *ut_version(void) {
    return UT_VERSION_STRING;
}

void ut_free(void *ptr) {
    free(ptr);
}
