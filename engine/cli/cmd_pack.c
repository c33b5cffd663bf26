/* cmd_pack.c — `undertone pack INPUT -o OUTPUT.zst`: record-aligned,
 * multi-frame zstd with a seek table, for frame-parallel reading. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char pack_usage[] =
    "usage: undertone pack [OPTIONS] INPUT -o OUTPUT.zst\n"
    "\n"
    "Rewrites a corpus (any supported format, plain or zstd, - for standard input) as\n"
    "multi-frame zstd whose frames end on record boundaries, followed by a seek table\n"
    "(the zstd seekable format), so analyze decompresses frames in parallel. The\n"
    "output is a valid .zst for every zstd tool.\n"
    "\n"
    "  -o, --output FILE       the packed corpus (written to a temporary name, then renamed)\n"
    "  -f, --format FMT        auto|jsonl|csv|tsv|lines: how to find record boundaries (default auto)\n"
    "      --frame-size N      decompressed bytes per frame (default 4M)\n"
    "  -l, --level N           zstd level 1-19 (default 3)\n"
    "  -j, --threads N         compression threads (default: all cores)\n"
    "  -h, --help              this help\n";

enum { OPT_FRAME = 256 };

int cmd_pack(int argc, char **argv) {
    static const struct option longopts[] = {{"output", required_argument, 0, 'o'},
                                             {"format", required_argument, 0, 'f'},
                                             {"frame-size", required_argument, 0, OPT_FRAME},
                                             {"level", required_argument, 0, 'l'},
                                             {"threads", required_argument, 0, 'j'},
                                             {"help", no_argument, 0, 'h'},
                                             {0, 0, 0, 0}};
    static const char *const formats[] = {"auto", "jsonl", "csv", "tsv", "lines"};
    ut_pack_options po = UT_PACK_OPTIONS_INIT;
    const char *output = NULL;
    int c;
    long v;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:f:l:j:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'o':
            output = optarg;
            break;
        case 'f': {
            int found = -1;
            for (int i = 0; i < 5; i++)
                if (strcmp(optarg, formats[i]) == 0) found = i;
            if (found < 0) {
                cli_error("--format: unknown value '%s'", optarg);
                goto usage;
            }
            po.format = (ut_format)found;
            break;
        }
        case OPT_FRAME:
            if (!(po.frame_bytes = cli_parse_size("--frame-size", optarg))) goto usage;
            break;
        case 'l':
            if ((v = cli_parse_count("--level", optarg, 1, 22)) < 0) goto usage;
            po.level = (int)v;
            break;
        case 'j':
            if ((v = cli_parse_count("--threads", optarg, 1, 1024)) < 0) goto usage;
            po.threads = (int)v;
            break;
        case 'h':
            fputs(pack_usage, stdout);
            return EXIT_OK;
        default:
            goto usage;
        }
    }
    if (optind != argc - 1 || !output) {
        cli_error("pack needs exactly one INPUT and -o OUTPUT.zst");
        goto usage;
    }
    int err = ut_pack(argv[optind], output, &po);
    if (err) return cli_fail(err, NULL);
    return EXIT_OK;
usage:
    fputs("try: undertone pack --help\n", stderr);
    return EXIT_USAGE;
}
