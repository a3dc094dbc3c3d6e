#!/usr/bin/env bash
# `fazhi extract` over 1 000 report files against ../shared/bench/peer_regex.py
# over the same files, run in turns (the machine's speed drifts), printing
# each time and the ratio of the best times.
#   bash tests/bench/cli_vs_peer.sh [FILES] [ROUNDS]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
fazhi="${FAZHI_BUILD_DIR:-$root/build}/bin/fazhi"
peer="$root/../shared/bench/peer_regex.py"
files="${1:-1000}"
rounds="${2:-3}"
dir="$(mktemp -d /tmp/fazhi-cli-bench.XXXXXX)"
trap 'rm -rf "$dir"' EXIT
# Copies of the seed reports, each made unique.
seeds=("$root"/../shared/corpus/seeds/*)
for ((i = 0; i < files; i++)); do
  { cat "${seeds[i % ${#seeds[@]}]}"; printf '\n(副本%d)\n' "$i"; } > "$dir/r$(printf '%05d' "$i").txt"
done
echo "$files files, $(du -sb "$dir" | cut -f1) bytes"
seconds() {
  local start end
  start=$(date +%s.%N)
  "$@" > /dev/null 2>&1
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }'
}
smaller() { awk -v a="$1" -v b="$2" 'BEGIN { print (a < b ? a : b) }'; }
best_fazhi=999; best_peer=999
for ((r = 1; r <= rounds; r++)); do
  f=$(seconds "$fazhi" extract "$dir"/*.txt)
  p=$(seconds python3 "$peer" "$dir"/*.txt)
  printf 'round %d: fazhi extract %.3f s, peer_regex.py %.3f s\n' "$r" "$f" "$p"
  best_fazhi=$(smaller "$f" "$best_fazhi")
  best_peer=$(smaller "$p" "$best_peer")
done
awk -v f="$best_fazhi" -v p="$best_peer" \
  'BEGIN { printf "best: fazhi extract %.3f s, peer_regex.py %.3f s, ratio %.1fx\n", f, p, p / f }'
