#!/usr/bin/env bash
# Throughput of `chronicle extract` on the Reuters-21578 corpus (19,000+ news reports).
#
#   bench/extract_throughput.sh BUILD_DIR [SHARED_DIR] [-- EXTRACT_OPTIONS...]
#
# EXTRACT_OPTIONS go to `chronicle extract`, e.g. `-- --no-models` for the rule stages alone.
# BUILD_DIR must hold the `chronicle` and `reuters_to_jsonl` executables
# (cmake --build BUILD_DIR --target chronicle_cli reuters_to_jsonl). SHARED_DIR defaults to
# ../shared beside the repository, as in CMake. The corpus is converted once to
# BUILD_DIR/bench/reuters.jsonl and reused afterwards (delete it to convert again).
# Prints documents, input MB (10^6 bytes), seconds (wall clock), documents/s, MB/s and the
# peak resident memory, measured by GNU time (Debian package `time`).
set -euo pipefail

usage() {
  echo "usage: $0 BUILD_DIR [SHARED_DIR] [-- EXTRACT_OPTIONS...]" >&2
  exit 2
}
extract_options=()
for ((i = 1; i <= $#; i++)); do
  if [[ "${!i}" == "--" ]]; then
    extract_options=("${@:i+1}")
    set -- "${@:1:i-1}"
    break
  fi
done
[[ $# -ge 1 && $# -le 2 ]] || usage

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build_dir=$(cd "$1" && pwd) || { echo "$0: build directory not found: $1" >&2; exit 2; }
shared_dir=${2:-"$script_dir/../../shared"}
corpus_dir="$shared_dir/data/bench/reuters21578"
converter="$build_dir/reuters_to_jsonl"
chronicle="$build_dir/chronicle"
gnu_time=/usr/bin/time

for tool in "$converter" "$chronicle"; do
  if [[ ! -x "$tool" ]]; then
    echo "$0: $tool not found; build it with:" >&2
    echo "  cmake --build $build_dir --target chronicle_cli reuters_to_jsonl" >&2
    exit 2
  fi
done
if [[ ! -x "$gnu_time" ]]; then
  echo "$0: $gnu_time not found; install GNU time (apt-get install time)" >&2
  exit 2
fi

mkdir -p "$build_dir/bench"
input="$build_dir/bench/reuters.jsonl"
if [[ ! -s "$input" ]]; then
  if [[ ! -d "$corpus_dir" ]]; then
    echo "$0: Reuters-21578 corpus not found at $corpus_dir (give SHARED_DIR)" >&2
    exit 2
  fi
  # Written to a temporary name first, so that an interrupted conversion is never reused.
  "$converter" -o "$input.tmp" "$corpus_dir"
  mv "$input.tmp" "$input"
fi

time_log=$(mktemp)
trap 'rm -f "$time_log"' EXIT
status=0
"$gnu_time" -v -o "$time_log" "$chronicle" extract --format jsonl "${extract_options[@]}" "$input" > /dev/null || status=$?
# Exit status 1 means some inputs were skipped (reported on stderr above); the figures still hold.
if [[ $status -ne 0 && $status -ne 1 ]]; then
  echo "$0: chronicle extract failed with status $status" >&2
  exit 1
fi

documents=$(grep -c '[^[:space:]]' "$input")
bytes=$(stat -c %s "$input")
wall=$(sed -n 's/^.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$time_log")
peak_kb=$(sed -n 's/^.*Maximum resident set size (kbytes): //p' "$time_log")
awk -v documents="$documents" -v bytes="$bytes" -v wall="$wall" -v peak_kb="$peak_kb" 'BEGIN {
  # GNU time prints h:mm:ss or m:ss.ss.
  n = split(wall, part, ":")
  seconds = (n == 3) ? part[1] * 3600 + part[2] * 60 + part[3] : part[1] * 60 + part[2]
  mb = bytes / 1e6
  printf "documents      %d\n", documents
  printf "input MB       %.2f\n", mb
  printf "seconds        %.2f\n", seconds
  printf "documents/s    %.0f\n", (seconds > 0 ? documents / seconds : 0)
  printf "MB/s           %.2f\n", (seconds > 0 ? mb / seconds : 0)
  printf "peak RSS MB    %.1f\n", peak_kb / 1024
}'
