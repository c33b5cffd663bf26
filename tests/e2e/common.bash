# common.bash — helpers for the end-to-end tests (sourced). Each test gets the
# undertone binary and the build directory as $1 and $2.
set -euo pipefail
UT=$1
BUILD=$2
GEN=$BUILD/gen
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
check() { # check NAME COMMAND...
  local name=$1; shift
  if "$@"; then pass=$((pass + 1)); else echo "FAIL: $name"; fail=$((fail + 1)); fi
}
same() { cmp -s "$1" "$2" || { echo "  differ: $1 $2"; diff <(head -c 2000 "$1") <(head -c 2000 "$2") | head -10; return 1; }; }
expect_status() { # expect_status CODE COMMAND... (stderr kept in $T/stderr)
  local want=$1; shift
  local got=0
  "$@" >"$T/stdout" 2>"$T/stderr" || got=$?
  [ "$got" = "$want" ] || { echo "  exit $got, want $want: $*"; cat "$T/stderr"; return 1; }
}
stderr_has() { grep -q -- "$1" "$T/stderr" || { echo "  stderr lacks '$1':"; cat "$T/stderr"; return 1; }; }
json_field() { # json_field FILE KEY -> the value of a top-level scalar key
  sed -n "s/.*\"$2\": *\([^,}]*\).*/\1/p" "$1" | head -1
}
finish() {
  echo "$pass passed, $fail failed"
  [ "$fail" = 0 ]
}
bad_total() { # bad_total SUMMARY.json -> the sum of the bad_records counts
  tr -d '\n' <"$1" | sed -n 's/.*"bad_records": *{\([^}]*\)}.*/\1/p' | grep -o ': *[0-9]*' | tr -d ': ' |
    awk '{s += $1} END {print s + 0}'
}
