/* main.c — the undertone command line (placeholder until the CLI lands). */
#include <stdio.h>
#include <string.h>

#include "undertone.h"

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "--version") == 0) {
        printf("undertone %s\n", ut_version());
        return 0;
    }
    fprintf(stderr, "undertone: not implemented yet\n");
    return 2;
}
