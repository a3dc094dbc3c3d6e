#!/usr/bin/env bash
# `fazhi extract` over 1 000 report files against ../shared/bench/peer_regex.py
# over the same files, run in turns (the machine's speed drifts), printing
# each round and the ratios of the best and of the median times.
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
: > "$dir/rounds"
for ((r = 1; r <= rounds; r++)); do
  f=$(seconds "$fazhi" extract "$dir"/*.txt)
  p=$(seconds python3 "$peer" "$dir"/*.txt)
  printf 'round %d: fazhi extract %.3f s, peer_regex.py %.3f s (%.1fx)\n' "$r" "$f" "$p" \
    "$(awk -v f="$f" -v p="$p" 'BEGIN { print p / f }')"
  echo "$f $p" >> "$dir/rounds"
done
# Best and median of each column (in its own order), and their ratios.
sorted_column() { cut -d' ' -f"$1" "$dir/rounds" | sort -g; }
best() { sorted_column "$1" | head -1; }
median() { sorted_column "$1" | sed -n "$(((rounds + 1) / 2))p"; }
for stat in best median; do
  awk -v s="$stat" -v f="$($stat 1)" -v p="$($stat 2)" \
    'BEGIN { printf "%s: fazhi extract %.3f s, peer_regex.py %.3f s, ratio %.1fx\n", s, f, p, p / f }'
done
