/* output_file.c — atomic file replacement for the writers; see output.h.
 * The temporary file sits in the target's directory so rename(2) never
 * crosses a file system. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/common.h"
#include "util/atomic_file.h"

int ut_output_make_dir(const char *dir) {
    size_t len = strlen(dir);
    char *path = ut_strndup(dir, len);
    if (!path) return UT_ENOMEM;
    int rc = 0;
    for (size_t i = 1; i <= len && !rc; i++) {
        if (i < len && path[i] != '/') continue;
        char saved = path[i];
        path[i] = '\0';
        if (mkdir(path, 0777) != 0 && errno != EEXIST) rc = ut_error_set(UT_EIO, "%s: %s", path, strerror(errno));
        path[i] = saved;
    }
    struct stat st;
    if (!rc && (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))) rc = ut_error_set(UT_EIO, "%s: not a directory", dir);
    free(path);
    return rc;
}

int ut_output_temp_path(const char *path, char *tmp, size_t cap) {
    int n = snprintf(tmp, cap, "%s.tmp-XXXXXX", path);
    if (n < 0 || (size_t)n >= cap) return ut_error_set(UT_EIO, "%s: path too long", path);
    int fd = mkstemp(tmp);
    if (fd < 0) return ut_error_set(UT_EIO, "%s: cannot create a temporary file: %s", path, strerror(errno));
    fchmod(fd, 0644);
    close(fd);
    return 0;
}

int ut_output_write_file(const char *path, const void *data, size_t len) {
    size_t cap = strlen(path) + 16;
    char *tmp = ut_malloc(cap);
    if (!tmp) return UT_ENOMEM;
    int rc = ut_output_temp_path(path, tmp, cap);
    if (rc) {
        free(tmp);
        return rc;
    }
    FILE *f = fopen(tmp, "wb");
    if (!f) {
        rc = ut_error_set(UT_EIO, "%s: %s", tmp, strerror(errno));
    } else {
        if (len && fwrite(data, 1, len, f) != len)
            rc = ut_error_set(UT_EIO, "%s: write failed: %s", path, strerror(errno));
        if (fclose(f) != 0 && !rc) rc = ut_error_set(UT_EIO, "%s: write failed: %s", path, strerror(errno));
    }
    if (!rc && rename(tmp, path) != 0) rc = ut_error_set(UT_EIO, "%s: cannot replace: %s", path, strerror(errno));
    if (rc) unlink(tmp);
    free(tmp);
    return rc;
}
