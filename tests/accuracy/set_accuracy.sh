#!/usr/bin/env bash
# Accuracy on a labelled set of report pages (docs/*.txt, gold/*.json as in
# ../shared/corpus/dev/FORMAT.md): runs `fazhi extract` over every page, prints
# every figure of score.py and every miss, and fails when a figure falls below
# its floor. The floors are what the engine reached when they were set; they
# only ever go up.
#   set_accuracy.sh FAZHI_BIN SHARED_DIR SET_DIR NAME=FLOOR...
set -euo pipefail
bin="$1"
shared="$2"
set_dir="$3"
shift 3
if [ ! -d "$set_dir/docs" ]; then
  echo "set_accuracy: no labelled set at $set_dir" >&2
  exit 1
fi
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
"$bin" extract "$set_dir"/docs/*.txt > "$out/set.jsonl"
mins=()
for floor in "$@"; do mins+=(--min "$floor"); done
# Every miss first, for whoever reads a failure; then the figures.
/usr/bin/python3 "$shared/eval/score.py" "$set_dir" "$out/set.jsonl" -v "${mins[@]}"
