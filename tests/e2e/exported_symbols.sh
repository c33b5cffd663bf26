#!/usr/bin/env bash
# exported_symbols.sh — the shared library exports exactly the public API: every
# UT_API declaration of include/undertone.h, and nothing else.
#
# Usage (from ctest): exported_symbols.sh UNDERTONE BUILD_DIR
# The library is built with hidden visibility and UT_API marks what is exported,
# so an internal ut_* function that leaks (a missing preset, a header that
# forgets the attribute, a new helper marked by mistake) fails here, and so does
# a public declaration whose definition lost its export.
set -eu -o pipefail
BUILD=${2:?usage: exported_symbols.sh UNDERTONE BUILD_DIR}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
HEADER=$ROOT/include/undertone.h
LIB=$BUILD/libundertone.so
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v nm >/dev/null || { echo "SKIP: no nm"; exit 0; }
[ -e "$LIB" ] || fail "no shared library at $LIB"

# The name each UT_API declaration declares: the identifier before its first
# '(' (a function) or before ';' or '[' (a variable).
declared=$(grep -E '^[[:space:]]*UT_API[[:space:]]' "$HEADER" |
    sed -E 's/\(.*//; s/[;[].*//' | grep -oE '[A-Za-z_][A-Za-z0-9_]*[[:space:]]*$' | tr -d ' \t' | sort -u)
n_declared=$(grep -c . <<<"$declared" || true)
[ "$n_declared" -ge 20 ] || fail "found only $n_declared UT_API declarations in $HEADER (the parse broke?)"

# Functions (T, W) and variables (D, B, R, V) the library defines and exports.
# Not ours, the toolchain's: _init/_fini, the linker's section markers, and the
# lock GCC makes for each named `#pragma omp critical(NAME)` (.gomp_critical_
# user_NAME: global on purpose, so the same name is one lock across objects
# and libraries; no C code can name it).
exported=$(nm -D --defined-only "$LIB" | awk '$2 ~ /^[TtWwDdBbRrVvi]$/ {print $3}' | sed 's/@.*//' |
    grep -vxE '_init|_fini|_edata|_end|__bss_start|\.gomp_critical_user_[A-Za-z0-9_]+' | sort -u)
others=$(nm -D --defined-only "$LIB" | awk '$2 !~ /^[TtWwDdBbRrVviA]$/ {print}')
[ -z "$others" ] || fail "exported symbols that are neither functions nor variables:
$others"

extra=$(comm -23 <(echo "$exported") <(echo "$declared"))
missing=$(comm -13 <(echo "$exported") <(echo "$declared"))
[ -z "$extra" ] || fail "$(grep -c . <<<"$extra") symbols exported but not declared UT_API in undertone.h:
$(head -40 <<<"$extra")"
[ -z "$missing" ] || fail "declared UT_API but not exported by $LIB:
$missing"
echo "exported symbols: the $n_declared UT_API declarations, nothing else"
