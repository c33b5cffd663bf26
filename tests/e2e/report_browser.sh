#!/usr/bin/env bash
# report.html in a real browser: headless Chromium renders the page of a
# generated corpus to a PNG that is neither tiny nor one flat colour, and its
# DOM holds the top cluster's group and theme (from clusters.csv) and the
# record count (from summary.json). The page must load nothing from the
# network. Skipped when chromium is not installed.
source "$(dirname "$0")/common.bash"
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
  echo "SKIP: chromium not installed"
  exit 0
fi
"$GEN" --reviews 20000 --seed 3 --format jsonl --out "$T/r.jsonl"
"$UT" analyze "$T/r.jsonl" --text text --title title --id id --rating stars --date date --group branch -q \
  -o "$T/out" --state "$T/state.bin"
# Until the directory writer calls ut_report_write, render the page from the state.
if [ ! -f "$T/out/report.html" ] && [ -x "$BUILD/report_demo" ]; then
  "$BUILD/report_demo" "$T/state.bin" "$T/out"
fi
page=$T/out/report.html
check "report.html written" test -s "$page"
check "no network references" bash -c "! grep -Eq 'https?://' '$page'"
check "no scripts" bash -c "! grep -qi '<script' '$page'"

chrome() { # chrome ARGS... : headless, offline, its own profile
  timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$(mktemp -d "$T/profile.XXXXXX")" "$@" 2>>"$T/chromium.log"
}
chrome --screenshot="$T/wide.png" --window-size=1280,2000 "file://$page" >/dev/null || true
chrome --screenshot="$T/narrow.png" --window-size=400,2000 "file://$page" >/dev/null || true
chrome --dump-dom "file://$page" >"$T/dom.html" || true

png_big() { [ -s "$1" ] && [ "$(wc -c <"$1")" -gt 50000 ] || { echo "  $1: missing or tiny"; tail -5 "$T/chromium.log"; return 1; }; }
check "wide screenshot" png_big "$T/wide.png"
check "narrow screenshot" png_big "$T/narrow.png"

# Counts the distinct colours of a sample of the PNG's pixels (plain
# python3: zlib and the PNG row filters, no imaging library).
png_colours() {
  python3 - "$1" <<'EOF'
import struct, sys, zlib
data = open(sys.argv[1], 'rb').read()
assert data[:8] == b'\x89PNG\r\n\x1a\n'
pos, idat = 8, b''
while pos < len(data):
    n, kind = struct.unpack('>I4s', data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b'IHDR':
        w, h, depth, ctype, _, _, interlace = struct.unpack('>IIBBBBB', body)
        assert depth == 8 and interlace == 0
        bpp = {0: 1, 2: 3, 4: 2, 6: 4}[ctype]
    elif kind == b'IDAT':
        idat += body
    pos += 12 + n
raw, stride = zlib.decompress(idat), w * bpp
prev, seen = bytearray(stride), set()
for y in range(h):
    kind = raw[y * (stride + 1)]
    line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    if kind == 1:
        for i in range(bpp, stride): line[i] = (line[i] + line[i - bpp]) & 255
    elif kind == 2:
        line = bytearray((x + u) & 255 for x, u in zip(line, prev))
    elif kind in (3, 4):
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            if kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
                continue
            c = prev[i - bpp] if i >= bpp else 0
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    if y % 8 == 0:
        for x in range(0, stride, bpp * 4): seen.add(bytes(line[x:x + min(bpp, 3)]))
    prev = line
print(len(seen))
EOF
}
if command -v python3 >/dev/null; then
  many_colours() {
    local n
    n=$(png_colours "$1") || return 1
    [ "$n" -gt 20 ] || { echo "  $1: only $n colours"; return 1; }
  }
  check "wide screenshot is not blank" many_colours "$T/wide.png"
else
  echo "SKIP: colour check (no python3)"
fi

# The numbers an analyst looks for, as the browser sees them.
top=$(sed -n 2p "$T/out/clusters.csv")
group=$(echo "$top" | cut -d, -f2)
theme=$(echo "$top" | cut -d, -f3)
records=$(json_field "$T/out/summary.json" records)
records_shown=$(echo "$records" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta')
dom_has() { grep -qF -- "$1" "$T/dom.html" || { echo "  DOM lacks '$1'"; return 1; }; }
check "DOM is the report" dom_has "Negative feedback report"
check "DOM has the top cluster's theme" dom_has "$theme"
if [ -n "$group" ]; then check "DOM has the top cluster's group" dom_has "$group"; fi
check "DOM has the record count" dom_has "$records_shown reviews"
check "DOM has every chart" bash -c "[ \$(grep -c '<svg' '$T/dom.html') -ge 5 ]"
finish
