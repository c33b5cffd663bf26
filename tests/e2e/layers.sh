#!/usr/bin/env bash
# layers.sh — the library's files respect the stage order of engine/LAYERS:
# no include cycle, no stage including or calling a later stage's files, no
# cycle between translation units, programs that use include/undertone.h only
# (tests/e2e/layers_check.py says how). Run from the source root (ctest does).
# Usage: layers.sh UNDERTONE BUILD_DIR
set -euo pipefail
BUILD_DIR=${2:?usage: layers.sh UNDERTONE BUILD_DIR}
if ! command -v python3 >/dev/null 2>&1 || ! command -v nm >/dev/null 2>&1; then
    echo "python3 or nm not found: skipped"
    exit 0
fi
python3 tests/e2e/layers_check.py --self-test
python3 tests/e2e/layers_check.py . "$BUILD_DIR"
