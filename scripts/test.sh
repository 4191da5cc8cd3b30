#!/usr/bin/env bash
# Builds Chronicle (installing what is missing) and runs the whole test suite through CTest.
# Tests that need ../shared skip with a message when it is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --build-only
ctest --test-dir build --output-on-failure -j2 --timeout 600
