#!/usr/bin/env bash
# Installs what undertone needs to build and test on Debian/Ubuntu, if it is
# missing. Runs as root (or through sudo when available). Idempotent.
set -euo pipefail
packages=(build-essential cmake pkg-config libutf8proc-dev libzstd-dev zstd zlib1g-dev libcmocka-dev libsqlite3-dev sqlite3 python3)
[ "${UT_WITH_EXTRAS:-0}" = 1 ] && packages+=(clang clang-format libclang-rt-dev valgrind chromium libopenmpi-dev openmpi-bin)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing: ${missing[*]}"
SUDO=""
[ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null && SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
