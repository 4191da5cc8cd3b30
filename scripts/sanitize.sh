#!/usr/bin/env bash
# Builds Chronicle with AddressSanitizer and UBSan in build-sanitize/ and runs the test suite there
# (the browser test excluded). Slower than scripts/test.sh (a Debug -O1 build, about 25 minutes of
# compiling on two cores), so not part of CI: run it after changes to ownership or lifetimes.
# Extra arguments go to ctest, e.g. `bash scripts/sanitize.sh -L unit` or `-R JsonlReader`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --build-only >/dev/null
cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-g -O1" -DCHRONICLE_SANITIZE=ON
cmake --build build-sanitize -j"$(nproc)"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --test-dir build-sanitize --output-on-failure -j"$(nproc)" --timeout 1200 -LE browser "$@"
