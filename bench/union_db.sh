#!/usr/bin/env bash
# Builds the query benchmark's database: the union of the four corpora Chronicle is measured on.
#
#   bench/union_db.sh BUILD_DIR DB [SHARED_DIR] [-- INGEST_OPTIONS...]
#
#   examples/                                          our example reports (HTML, JSON Lines)
#   SHARED_DIR/seeds/                                  the seed reports (text, Markdown)
#   SHARED_DIR/data/bench/wikipedia-current-events-2025H1/   Wikipedia's Current events, one page a day
#   SHARED_DIR/data/bench/reuters21578/                Reuters-21578, converted to JSON Lines once
#
# BUILD_DIR must hold `chronicle` and `reuters_to_jsonl`
# (cmake --build BUILD_DIR --target chronicle_cli reuters_to_jsonl). SHARED_DIR defaults to
# ../shared beside the repository, as in CMake. The Reuters conversion is written to
# BUILD_DIR/bench/reuters.jsonl and reused afterwards (delete it to convert again), as
# bench/extract_throughput.sh does. DB is created, or completed when it exists: `ingest` skips
# content already stored, so an interrupted run is finished by running it again. INGEST_OPTIONS go
# to `chronicle ingest` (`-- --no-models` for the rule stages alone). With the models, about
# 20,000 reports take several minutes on two cores; the ingest runs under `nice`.
# Then: BUILD_DIR/query_latency DB
set -euo pipefail

usage() {
  echo "usage: $0 BUILD_DIR DB [SHARED_DIR] [-- INGEST_OPTIONS...]" >&2
  exit 2
}
ingest_options=()
for ((i = 1; i <= $#; i++)); do
  if [[ "${!i}" == "--" ]]; then
    ingest_options=("${@:i+1}")
    set -- "${@:1:i-1}"
    break
  fi
done
[[ $# -ge 2 && $# -le 3 ]] || usage

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_dir=$(cd "$script_dir/.." && pwd)
build_dir=$(cd "$1" && pwd) || { echo "$0: build directory not found: $1" >&2; exit 2; }
db=$2
shared_dir=${3:-"$repo_dir/../shared"}
chronicle="$build_dir/chronicle"
converter="$build_dir/reuters_to_jsonl"
wikipedia_dir="$shared_dir/data/bench/wikipedia-current-events-2025H1"
reuters_dir="$shared_dir/data/bench/reuters21578"
seeds_dir="$shared_dir/seeds"

for tool in "$converter" "$chronicle"; do
  if [[ ! -x "$tool" ]]; then
    echo "$0: $tool not found; build it with:" >&2
    echo "  cmake --build $build_dir --target chronicle_cli reuters_to_jsonl" >&2
    exit 2
  fi
done
for dir in "$seeds_dir" "$wikipedia_dir" "$reuters_dir"; do
  if [[ ! -d "$dir" ]]; then
    echo "$0: corpus not found at $dir (give SHARED_DIR)" >&2
    exit 2
  fi
done

mkdir -p "$build_dir/bench"
reuters="$build_dir/bench/reuters.jsonl"
if [[ ! -s "$reuters" ]]; then
  # Written to a temporary name first, so that an interrupted conversion is never reused.
  "$converter" -o "$reuters.tmp" "$reuters_dir"
  mv "$reuters.tmp" "$reuters"
fi

status=0
nice "$chronicle" ingest --db "$db" "${ingest_options[@]}" \
  "$repo_dir/examples" "$seeds_dir" "$wikipedia_dir" "$reuters" || status=$?
# Exit status 1 means some inputs were skipped (each named on stderr above); the rest is stored.
if [[ $status -ne 0 && $status -ne 1 ]]; then
  echo "$0: chronicle ingest failed with status $status" >&2
  exit 1
fi
"$chronicle" stats --db "$db" 2>/dev/null | tail -1 || true
