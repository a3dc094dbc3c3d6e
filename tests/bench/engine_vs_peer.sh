#!/usr/bin/env bash
# The engine's single-thread throughput (engine_bench's BM_ExtractCorpus,
# without and with region resolution) against ../shared/bench/peer_regex.py
# over the same corpus written out as files (the seeds repeated to >= 20 MB,
# each copy made unique, as engine_bench builds it), run in turns because the
# machine's speed drifts; prints each round's MB/s and the ratios of the
# best and of the median rounds.
#   bash tests/bench/engine_vs_peer.sh [ROUNDS]
source "$(dirname "$0")/peer_rounds.sh"
bench="${FAZHI_BUILD_DIR:-$root/build}/bench/engine_bench"
rounds="${1:-5}"
write_corpus 0 $((20 * 1024 * 1024))
# MB/s (10^6 bytes) of one engine_bench run of BM_ExtractCorpus/gazetteer:$1.
engine() {
  "$bench" --benchmark_filter="BM_ExtractCorpus/gazetteer:$1" --benchmark_format=csv 2>/dev/null |
    awk -F, '/BM_ExtractCorpus/ { printf "%.1f", $6 / 1e6 }'
}
peer_mbs() {
  python3 "$peer" "$dir"/corpus/*.txt 2>&1 >/dev/null | grep -o 'MB/s=[0-9.]*' | cut -d= -f2
}
for ((r = 1; r <= rounds; r++)); do
  e0=$(engine 0)
  e1=$(engine 1)
  p=$(peer_mbs)
  printf 'round %d: engine %s MB/s, with gazetteer %s MB/s, peer_regex.py %s MB/s\n' "$r" "$e0" "$e1" "$p"
  record_round "$e0" "$e1" "$p"
done
summarize no 'engine %.1f MB/s, with gazetteer %.1f MB/s, peer_regex.py %.1f MB/s: %.1fx and %.1fx'
