/* fuzz_corpus.c — the corpus reader (zstd frames, seek tables, gzip, plain) on
 * arbitrary files: read every job; errors allowed, crashes and unbounded
 * memory not. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "corpus/corpus.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char path[] = "/tmp/ut-fuzz-corpus-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) return 0;
    if (write(fd, data, size) != (ssize_t)size) {
        close(fd);
        unlink(path);
        return 0;
    }
    close(fd);
    ut_corpus *c = NULL;
    if (ut_corpus_open(&c, path, 4096) == 0) {
        ut_corpus_job jobs[8];
        size_t n;
        uint64_t total = 0;
        while (ut_corpus_next_jobs(c, jobs, 8, 8 * 4096, &n) == 0 && n > 0) {
            int err = 0;
            for (size_t i = 0; i < n; i++) {
                if (!err && ut_corpus_job_load(c, &jobs[i]) == 0) {
                    total += jobs[i].len;
                } else {
                    err = 1;
                }
                ut_corpus_job_release(c, &jobs[i]);
            }
            if (err || total > (256u << 20)) break;
        }
        ut_corpus_close(c);
    }
    unlink(path);
    return 0;
}
