#!/usr/bin/env bash
# Fuzzes each libFuzzer target of tests/fuzz for SECONDS (default 60), one
# after the other, in a clang build with ASan and UBSan (build-fuzz/,
# configured the first time, rebuilt when sources changed):
#
#   bash tools/fuzz.sh [SECONDS] [TARGET...]     # targets: tests/fuzz/*_fuzz.cc
#
# Each run starts from the target's seeds (tests/fuzz/corpus/<target>/), the
# crashes kept so far (tests/fuzz/regressions/<target>/) and what earlier
# runs found (build-fuzz/corpus/<target>/), with its dictionary
# (tests/fuzz/dict/<target>.dict). A crash, sanitizer report, leak, timeout
# (30 s) or out-of-memory input is minimised where libFuzzer can and copied
# to tests/fuzz/regressions/<target>/, which ctest replays in the normal
# build; the script then exits non-zero. Prints per target: seconds run,
# executions, crashes. Logs: build-fuzz/logs/<target>.log.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${FAZHI_FUZZ_BUILD_DIR:-$root/build-fuzz}"
seconds="${1:-60}"
shift || true
if [ $# -gt 0 ]; then
  targets=("$@")
else
  targets=()
  for f in "$root"/tests/fuzz/*_fuzz.cc; do
    f="$(basename "$f")"
    targets+=("${f%_fuzz.cc}")
  done
fi

if [ ! -f "$build/build.ninja" ]; then
  # -O1 and line tables: libFuzzer's recommendation, and a smaller, faster
  # build than -O2 -g; assertions stay on.
  cmake -S "$root" -B "$build" -G Ninja -DFAZHI_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++-14 \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" \
    >/dev/null
fi
# The build runs fazhi-catalog-db and the gazetteer index builder, which are
# instrumented too; what they keep until exit is no leak to fail a build on.
ASAN_OPTIONS=detect_leaks=0 cmake --build "$build" --target "${targets[@]/%/_fuzz}" \
  -- -j"${FAZHI_JOBS:-2}"

export UBSAN_OPTIONS="print_stacktrace=1"
# Third-party leaks fazhi cannot mend (tests/fuzz/lsan.supp says which).
# Leaks are found per input (libFuzzer reruns an input whose mallocs outnumber
# its frees under LeakSanitizer, and keeps it as leak-*); the check at exit
# is off because it names no input (libFuzzer writes an empty crash-* file)
# and reports what libraries' globals still hold after their destructors,
# which depends on what the run happened to explore: a flaky CI failure that
# ctest cannot replay.
export LSAN_OPTIONS="suppressions=$root/tests/fuzz/lsan.supp:leak_check_at_exit=0"
found=0
printf '%-18s %8s %12s %8s\n' target seconds executions crashes
for t in "${targets[@]}"; do
  bin="$build/fuzz/${t}_fuzz"
  seeds="$root/tests/fuzz/corpus/$t"
  kept="$root/tests/fuzz/regressions/$t"
  work="$build/corpus/$t"
  artifacts="$build/artifacts/$t"
  log="$build/logs/$t.log"
  rm -rf "$artifacts"
  mkdir -p "$work" "$artifacts" "$build/logs"
  corpora=("$work" "$seeds")
  [ -d "$kept" ] && corpora+=("$kept")
  start=$(date +%s)
  "$bin" -max_total_time="$seconds" -timeout=30 -rss_limit_mb=2048 -print_final_stats=1 \
    -dict="$root/tests/fuzz/dict/$t.dict" -artifact_prefix="$artifacts/" "${corpora[@]}" \
    >"$log" 2>&1 || true
  elapsed=$(($(date +%s) - start))
  executions=$(sed -n 's/^stat::number_of_executed_units: //p' "$log" | tail -1)
  crashes=0
  for artifact in "$artifacts"/crash-* "$artifacts"/leak-* "$artifacts"/timeout-* \
    "$artifacts"/oom-*; do
    [ -f "$artifact" ] || continue
    crashes=$((crashes + 1))
    kind="$(basename "$artifact")"
    kind="${kind%%-*}"
    # The sanitizer's report, so that a CI log says what failed, new or kept.
    grep -m1 -A30 -E '^==[0-9]+==.*(ERROR|WARNING)|runtime error|deadly signal' "$log" >&2 || true
    # A kept regression that still crashes is known already.
    known=""
    for k in "$kept"/*; do
      if [ -f "$k" ] && cmp -s "$artifact" "$k"; then known="$k"; fi
    done
    if [ -n "$known" ]; then
      echo "$t: kept regression $(basename "$known") still fails (see $log)" >&2
      continue
    fi
    input="$artifact"
    if [ "$kind" = crash ] || [ "$kind" = leak ]; then
      # Each step of libFuzzer's minimiser runs up to 10 s; two minutes in
      # all, keeping the smallest input found by then.
      cp "$artifact" "$artifacts/minimized"
      timeout 120 "$bin" -minimize_crash=1 -max_total_time=10 -timeout=30 \
        -exact_artifact_path="$artifacts/minimized" "$artifacts/minimized" \
        >>"$log.minimize" 2>&1 || true
      [ -s "$artifacts/minimized" ] && input="$artifacts/minimized"
    fi
    mkdir -p "$kept"
    dest="$kept/$kind-$(sha1sum "$input" | cut -c1-16)"
    cp "$input" "$dest"
    echo "$t: $kind kept as ${dest#"$root"/} (see $log)" >&2
  done
  if [ "$crashes" -gt 0 ]; then found=1; fi
  printf '%-18s %8s %12s %8s\n' "$t" "$elapsed" "${executions:-?}" "$crashes"
done
exit "$found"
