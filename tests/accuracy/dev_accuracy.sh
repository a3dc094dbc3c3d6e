#!/usr/bin/env bash
# Accuracy on the development set of real report pages (../shared/corpus/dev):
# runs `fazhi extract` over every page, prints every figure of score.py and
# every miss, and fails when a figure falls below its floor. The floors are
# what the engine reached when they were set; they only ever go up.
#   dev_accuracy.sh FAZHI_BIN SHARED_DIR NAME=FLOOR...
set -euo pipefail
bin="$1"
shared="$2"
shift 2
dev="$shared/corpus/dev"
if [ ! -d "$dev/docs" ]; then
  echo "dev_accuracy: no development set at $dev" >&2
  exit 1
fi
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
"$bin" extract "$dev"/docs/*.txt > "$out/dev.jsonl"
mins=()
for floor in "$@"; do mins+=(--min "$floor"); done
# Every miss first, for whoever reads a failure; then the figures.
/usr/bin/python3 "$shared/eval/score.py" "$dev" "$out/dev.jsonl" -v "${mins[@]}"
