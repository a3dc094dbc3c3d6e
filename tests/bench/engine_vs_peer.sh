#!/usr/bin/env bash
# The engine's single-thread throughput (engine_bench's BM_ExtractCorpus,
# without and with region resolution) against ../shared/bench/peer_regex.py
# over the same corpus written out as files (the seeds repeated to >= 20 MB,
# each copy made unique, as engine_bench builds it), run in turns because the
# machine's speed drifts; prints each round's MB/s and the ratios of the
# best and of the median rounds.
#   bash tests/bench/engine_vs_peer.sh [ROUNDS]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
bench="${FAZHI_BUILD_DIR:-$root/build}/bench/engine_bench"
peer="$root/../shared/bench/peer_regex.py"
rounds="${1:-5}"
dir="$(mktemp -d /tmp/fazhi-engine-bench.XXXXXX)"
trap 'rm -rf "$dir"' EXIT
seeds=("$root"/../shared/corpus/seeds/*)
total=0
for ((i = 0; total < 20 * 1024 * 1024; i++)); do
  f="$dir/copy-$(printf '%05d' "$i").txt"
  { cat "${seeds[i % ${#seeds[@]}]}"; printf '\n(副本%d)\n' "$i"; } > "$f"
  total=$((total + $(stat -c %s "$f")))
done
echo "$i files, $total bytes"
# MB/s (10^6 bytes) of one engine_bench run of BM_ExtractCorpus/gazetteer:$1.
engine() {
  "$bench" --benchmark_filter="BM_ExtractCorpus/gazetteer:$1" --benchmark_format=csv 2>/dev/null |
    awk -F, '/BM_ExtractCorpus/ { printf "%.1f", $6 / 1e6 }'
}
peer_mbs() { python3 "$peer" "$dir"/*.txt 2>&1 >/dev/null | grep -o 'MB/s=[0-9.]*' | cut -d= -f2; }
: > "$dir/rounds"
for ((r = 1; r <= rounds; r++)); do
  e0=$(engine 0)
  e1=$(engine 1)
  p=$(peer_mbs)
  printf 'round %d: engine %s MB/s, with gazetteer %s MB/s, peer_regex.py %s MB/s\n' "$r" "$e0" "$e1" "$p"
  echo "$e0 $e1 $p" >> "$dir/rounds"
done
# Best and median of each column (a column's own order).
sorted_column() { cut -d' ' -f"$1" "$dir/rounds" | sort -g; }
best() { sorted_column "$1" | tail -1; }
median() { sorted_column "$1" | sed -n "$(((rounds + 1) / 2))p"; }
for stat in best median; do
  awk -v s="$stat" -v e0="$($stat 1)" -v e1="$($stat 2)" -v p="$($stat 3)" 'BEGIN {
    printf "%s: engine %.1f MB/s (%.1fx), with gazetteer %.1f MB/s (%.1fx), peer_regex.py %.1f MB/s\n",
           s, e0, e0 / p, e1, e1 / p, p }'
done
