#!/usr/bin/env bash
# undertone-mpi: mpirun -np 2 and -np 3 over a multi-file corpus (JSON lines,
# a packed corpus whose frames are shared out between ranks, a packed CSV
# with a header, read whole, a file with bad records) write outputs byte-identical
# to a single `undertone analyze` run (summary.json but for threads and
# seconds), and write no temporary files (TMPDIR unusable). Skipped, saying
# so, where MPI is not installed or not built.
source "$(dirname "$0")/common.bash"
MPI_UT=$BUILD/undertone-mpi
if ! command -v mpirun >/dev/null || [ ! -x "$MPI_UT" ]; then
  echo "SKIP: MPI not installed/built (apt-get install libopenmpi-dev openmpi-bin; cmake -DUT_MPI=ON)"
  exit 0
fi
# OpenMPI as root in containers, more ranks than cores, shared memory
# without cross-process copies (refused in unprivileged containers). Under
# AddressSanitizer, leak checking is off for the ranks: OpenMPI's own
# start-up leaks (in plugins it unloads, so no suppression can name them).
mpi() { # mpi NP ARGS...
  local np=$1; shift
  ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
    OMPI_MCA_btl=self,vader OMPI_MCA_btl_vader_single_copy_mechanism=none \
    mpirun --allow-run-as-root --oversubscribe -np "$np" "$MPI_UT" "$@"
}
fields=(--text text --title title --rating stars --date date --group branch)
outputs=(themes.csv groups.csv clusters.csv phrases.csv trends.csv)
summary_data() { sed '/^ *"threads":/d; /^ *"seconds":/d' "$1"; }
same_outputs() {
  local ok=0 f
  for f in "${outputs[@]}"; do same "$1/$f" "$2/$f" || ok=1; done
  same <(summary_data "$1/summary.json") <(summary_data "$2/summary.json") || ok=1
  return $ok
}

"$GEN" --reviews 6000 --seed 21 --format jsonl --out "$T/a.jsonl"
"$GEN" --reviews 8000 --seed 22 --format jsonl --out "$T/b.jsonl"
"$UT" pack "$T/b.jsonl" -o "$T/b.jsonl.zst" --frame-size 64K
"$GEN" --reviews 3000 --seed 23 --format csv --out "$T/c.csv"
# packed too, but its header row is only in frame 0: read whole by one rank
"$UT" pack "$T/c.csv" -o "$T/c.csv.zst" --frame-size 64K
# every named field is in some record of each input (a field no record has is a usage error)
printf '{"text":"Great staff, lovely room.","branch":"x","title":"Nice","stars":5,"date":"2025-02-01"}\nnot json at all\n{"text":"Awful wait."}\n' >"$T/d.jsonl"
inputs=("$T/a.jsonl" "$T/b.jsonl.zst" "$T/c.csv.zst" "$T/d.jsonl")
"$UT" analyze "${inputs[@]}" "${fields[@]}" -q -j 1 -o "$T/single" 2>/dev/null
check "single run read every good record" [ "$(json_field "$T/single/summary.json" records)" = 17002 ]

for np in 2 3; do
  mpi $np analyze "${inputs[@]}" "${fields[@]}" -q -j 1 -o "$T/np$np" --state "$T/np$np.state" 2>"$T/np$np.err"
  check "-np $np = single run" same_outputs "$T/single" "$T/np$np"
  check "-np $np reports the bad record" grep -q "d.jsonl: record 17002" "$T/np$np.err"
  "$UT" merge -q "$T/np$np.state" -o "$T/np$np.merged"
  check "-np $np state = single run" same_outputs "$T/single" "$T/np$np.merged"
done

# more ranks than pieces of work: the idle ranks send empty shares
"$UT" analyze "$T/a.jsonl" "${fields[@]}" -q -j 1 -o "$T/single_a"
mpi 3 analyze "$T/a.jsonl" "${fields[@]}" -q -j 1 -o "$T/np3a"
check "-np 3 over one file = single run" same_outputs "$T/single_a" "$T/np3a"

# only the packed corpus: every rank gets frames of it
"$UT" analyze "$T/b.jsonl.zst" "${fields[@]}" -q -j 1 -o "$T/single_b"
mpi 3 analyze "$T/b.jsonl.zst" "${fields[@]}" -q -j 1 -o "$T/np3b"
check "-np 3 over one packed corpus = single run" same_outputs "$T/single_b" "$T/np3b"

# No temporary files: states travel between ranks as messages and merge in
# memory. TMPDIR names a path below a regular file, where creating anything
# fails even as root, and then a read-only directory, which must still be
# empty afterwards (root ignores the mode bits, so emptiness is the check).
# OpenMPI keeps its own session files apart (orte_tmpdir_base).
mkdir -p "$T/ompi" "$T/ro"
: >"$T/notadir"
chmod 555 "$T/ro"
for tmp in "$T/notadir/tmp" "$T/ro"; do
  name=$(basename "$tmp")
  TMPDIR=$tmp OMPI_MCA_orte_tmpdir_base="$T/ompi" mpi 3 analyze "${inputs[@]}" "${fields[@]}" -q -j 1 \
    -o "$T/tmp_$name" --state "$T/tmp_$name.state" 2>"$T/tmp_$name.err" || {
    echo "  undertone-mpi failed with TMPDIR=$tmp:"
    cat "$T/tmp_$name.err"
  }
  check "TMPDIR=$name: -np 3 = single run" same_outputs "$T/single" "$T/tmp_$name"
  "$UT" merge -q "$T/tmp_$name.state" -o "$T/tmp_$name.merged"
  check "TMPDIR=$name: state = single run" same_outputs "$T/single" "$T/tmp_$name.merged"
done
check "nothing written in the read-only TMPDIR" [ -z "$(ls -A "$T/ro")" ]
chmod 755 "$T/ro"
# where strace works (ptrace is often refused in containers): no rank
# creates a file but the outputs, the state and OpenMPI's session files
if command -v strace >/dev/null && strace -f -o /dev/null true 2>/dev/null; then
  strace -f -qq -e trace=open,openat,creat -o "$T/trace" env OMPI_MCA_orte_tmpdir_base="$T/ompi" \
    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" OMPI_MCA_btl=self,vader \
    OMPI_MCA_btl_vader_single_copy_mechanism=none mpirun --allow-run-as-root --oversubscribe -np 2 "$MPI_UT" \
    analyze "${inputs[@]}" "${fields[@]}" -q -j 1 -o "$T/traced" >/dev/null 2>&1
  created=$(grep -E 'O_CREAT|creat\(' "$T/trace" | grep -v ' = -1 ' | grep -oE '"[^"]*"' | tr -d '"' |
    grep -vE "^($T/traced/|$T/ompi/|/dev/)" | sort -u || true)
  check "strace: no temporary files ($created)" [ -z "$created" ]
  check "strace: -np 2 = single run" same_outputs "$T/single" "$T/traced"
fi

# refusals: every rank agrees, rank 0 says why
check "--scores refused" expect_status 2 mpi 2 analyze "$T/a.jsonl" -q -o "$T/x" --scores "$T/s.csv"
check "message says why" stderr_has "not available under MPI"
check "missing input fails every rank" expect_status 1 mpi 2 analyze "$T/a.jsonl" "$T/missing.jsonl" -q -j 1 -o "$T/x"
check "message names the file" stderr_has "missing.jsonl"
check "bad record under --on-error fail" expect_status 3 mpi 2 analyze "${inputs[@]}" -q -j 1 -o "$T/x" --on-error fail
finish
