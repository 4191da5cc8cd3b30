#!/usr/bin/env bash
# Retrains every shipped model in models/ from the shared corpora, then prints the test-set
# figures. Reproducible: the same data and seeds give byte-identical model files.
#
#   bash scripts/train_models.sh [SHARED_DIR]      # default: ../shared beside the clone
#
# Needs a build (bash scripts/setup.sh --build-only). Takes about 25 minutes (one core at a time).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
shared="${1:-$root/../shared}"
data="$shared/data"
bin="$root/build/chronicle"
ewt="$data/ud-ewt"
out="$root/models"
[ -x "$bin" ] || { echo "build first: bash scripts/setup.sh --build-only" >&2; exit 2; }
[ -d "$ewt" ] || { echo "no shared data at $data" >&2; exit 2; }
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git -C "$root" log -1 --format=%ct 2>/dev/null || date +%s)}"
# Training reads paths as given and records them in the model: run from the repo root with
# relative paths so the files do not depend on where the clone lives.
cd "$root"
rel() { realpath --relative-to="$root" "$1"; }

step() { echo "== $*" >&2; }
# Clusters: only text we may use (EWT train, UNER train, the extra NER corpora, Wikipedia events).
step "word clusters"
"$bin" train clusters --corpus "$(rel "$ewt/en_ewt-ud-train.conllu")" \
  "$(rel "$data/uner-ewt/en_ewt-ud-train.prerelease-noisy.iob2")" "$(rel "$data/ner-extra")" \
  "$(rel "$data/bench/wikipedia-current-events-2025H1")" --out models/clusters.txt
# Tagger and parser on EWT train only: final models on train and dev (--train takes several files)
# gained nothing measurable on held-out halves of dev (docs/models.md, "Training on dev too").
step "tagger and lemmatizer"
"$bin" train tagger --train "$(rel "$ewt/en_ewt-ud-train.conllu")" --dev "$(rel "$ewt/en_ewt-ud-dev.conllu")" \
  --out models/tagger.chm
step "dependency parser"
"$bin" train parser --train "$(rel "$ewt/en_ewt-ud-train.conllu")" --dev "$(rel "$ewt/en_ewt-ud-dev.conllu")" \
  --tagger models/tagger.chm --clusters models/clusters.txt --out models/parser.chm
step "named entities"
"$bin" train ner --shared "$(rel "$shared")" --out models/ner.chm

step "test-set figures"
echo "# tagger (EWT test, gold tokens)";  "$bin" eval tagger --test "$ewt/en_ewt-ud-test.conllu"
echo "# parser (EWT test, gold tokens)";  "$bin" eval parser --test "$ewt/en_ewt-ud-test.conllu"
echo "# parser (EWT test, raw text)";     "$bin" eval parser --raw --test "$ewt/en_ewt-ud-test.conllu"
echo "# ner (UNER EWT test)";             "$bin" eval ner --test "$data/uner-ewt/en_ewt-ud-test.iob2"
sha256sum "$out"/*.chm "$out/clusters.txt"
