/* fuzz_state.c — the aggregate state reader (undertone merge) on arbitrary
 * files: a corrupt state is UT_ECORRUPT, never a crash. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "aggregate/aggregate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char path[] = "/tmp/ut-fuzz-state-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) return 0;
    if (write(fd, data, size) == (ssize_t)size) {
        ut_aggregate *a = NULL;
        if (ut_aggregate_load(&a, path) == 0) ut_aggregate_free(a);
    }
    close(fd);
    unlink(path);
    return 0;
}
