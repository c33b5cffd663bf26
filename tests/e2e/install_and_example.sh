#!/usr/bin/env bash
# Installs into a temporary prefix, then builds examples/basic.c against the
# installed library with pkg-config and runs it; also checks that the public
# header compiles alone with -pedantic -Werror (C11 and C++).
set -euo pipefail
UT=$1; BUILD=$2
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
cmake --install "$BUILD" --prefix "$T/prefix" >/dev/null
test -x "$T/prefix/bin/undertone"
test -f "$T/prefix/include/undertone.h"
pc=$(find "$T/prefix" -name undertone.pc | head -1)
test -n "$pc"
# the man page and the lexicons are installed too
test -f "$T/prefix/share/man/man1/undertone.1"
test -f "$T/prefix/share/undertone/lexicons/sentiment.tsv"
export PKG_CONFIG_PATH=$(dirname "$pc")
cc -std=c11 -pedantic -Wall -Wextra -Werror -fsyntax-only -x c "$T/prefix/include/undertone.h"
if command -v c++ >/dev/null; then c++ -std=c++17 -Wall -Werror -fsyntax-only -x c++ "$T/prefix/include/undertone.h"; fi
# A sanitizer build's library needs its runtime in the program too.
san=""
needed=$(readelf -d "$(dirname "$pc")/../libundertone.so" 2>/dev/null || true)
case "$needed" in *libasan*) san="-fsanitize=address,undefined" ;; esac
cc -std=c11 -Wall -Wextra -Werror $san examples/basic.c $(pkg-config --cflags --libs undertone) -o "$T/basic"
"$BUILD/gen" --reviews 2000 --seed 3 --format jsonl --out "$T/c.jsonl"
LD_LIBRARY_PATH="$T/prefix/lib:$T/prefix/lib64:$(dirname "$pc")/.." "$T/basic" "$T/c.jsonl" "$T/out" >"$T/log"
grep -q '^2000 reviews' "$T/log"
test -s "$T/out/summary.json"
echo "install + example: ok"
