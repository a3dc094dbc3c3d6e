# Sourced by the *_vs_peer.sh benchmarks, which time fazhi against
# ../shared/bench/peer_regex.py in turns (the machine's speed drifts): the
# corpus they share and the summary of their rounds. Sets `root`, `peer`
# and `dir` (a temporary folder, removed on exit).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
peer="$root/../shared/bench/peer_regex.py"
dir="$(mktemp -d /tmp/fazhi-bench.XXXXXX)"
trap 'rm -rf "$dir"' EXIT

# write_corpus FILES BYTES: copies of the seed reports, each made unique as
# engine_bench makes them, into $dir/corpus until there are at least FILES
# of them and BYTES in all; prints how many.
write_corpus() {
  local seeds=("$root"/../shared/corpus/seeds/*) total=0 i f
  mkdir -p "$dir/corpus"
  for ((i = 0; i < $1 || total < $2; i++)); do
    f="$dir/corpus/copy-$(printf '%05d' "$i").txt"
    { cat "${seeds[i % ${#seeds[@]}]}"; printf '\n(副本%d)\n' "$i"; } > "$f"
    total=$((total + $(stat -c %s "$f")))
  done
  echo "$i files, $total bytes"
}

# record_round V...: one round's figures, one column each.
record_round() { echo "$*" >> "$dir/rounds"; }

# summarize LOWER_IS_BETTER FORMAT: for the best and for the median value of
# each column (each in its own order), prints FORMAT (a printf format) with
# the columns, then each column's ratio to the last (peer_regex.py's),
# counted so that more is better for fazhi.
summarize() {
  local lower="$1" format="$2" rounds columns order stat pick c
  rounds=$(wc -l < "$dir/rounds")
  columns=$(head -1 "$dir/rounds" | wc -w)
  [ "$lower" = yes ] && order=-g || order=-gr
  for stat in best median; do
    [ "$stat" = best ] && pick=1 || pick=$(((rounds + 1) / 2))
    local values=() ratios=()
    for ((c = 1; c <= columns; c++)); do
      values+=("$(cut -d' ' -f"$c" "$dir/rounds" | sort $order | sed -n "${pick}p")")
    done
    for ((c = 0; c + 1 < columns; c++)); do
      ratios+=("$(awk -v v="${values[c]}" -v peer="${values[columns - 1]}" -v lower="$lower" \
        'BEGIN { print lower == "yes" ? peer / v : v / peer }')")
    done
    printf "%s: $format\n" "$stat" "${values[@]}" "${ratios[@]}"
  done
}
