#!/usr/bin/env bash
# `fazhi extract` over 1 000 report files against ../shared/bench/peer_regex.py
# over the same files, run in turns (the machine's speed drifts), printing
# each round and the ratios of the best and of the median times.
#   bash tests/bench/cli_vs_peer.sh [FILES] [ROUNDS]
source "$(dirname "$0")/peer_rounds.sh"
fazhi="${FAZHI_BUILD_DIR:-$root/build}/bin/fazhi"
files="${1:-1000}"
rounds="${2:-3}"
write_corpus "$files" 0
seconds() {
  local start end
  start=$(date +%s.%N)
  "$@" > /dev/null 2>&1
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }'
}
for ((r = 1; r <= rounds; r++)); do
  f=$(seconds "$fazhi" extract "$dir"/corpus/*.txt)
  p=$(seconds python3 "$peer" "$dir"/corpus/*.txt)
  printf 'round %d: fazhi extract %.3f s, peer_regex.py %.3f s (%.1fx)\n' "$r" "$f" "$p" \
    "$(awk -v f="$f" -v p="$p" 'BEGIN { print p / f }')"
  record_round "$f" "$p"
done
summarize yes 'fazhi extract %.3f s, peer_regex.py %.3f s, ratio %.1fx'
