#!/usr/bin/env bash
# The main job on one machine: install, build, start the three services and
# the HTTP gateway on loopback, write and ingest a sample county (上城区,
# 330102), print its statistics (from the CLI, then the start of the same
# JSON over HTTP), stop the services (FAZHI_DEMO_KEEP=1 keeps them running
# for the web page at http://127.0.0.1:7100/).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bash "$root/tools/setup.sh"
bash "$root/tools/build.sh"
bin="${FAZHI_BUILD_DIR:-$root/build}/bin"
work="$(mktemp -d /tmp/fazhi-demo.XXXXXX)"
year="${FAZHI_DEMO_YEAR:-2024}"
pids=()
stop() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop EXIT

"$bin/fazhi-extract" --listen=127.0.0.1:7102 2>"$work/extract.log" &
pids+=($!)
"$bin/fazhi-aggregate" --listen=127.0.0.1:7103 --data_dir="$work/aggregate" \
  2>"$work/aggregate.log" &
pids+=($!)
"$bin/fazhi-ingest" --listen=127.0.0.1:7101 --data_dir="$work/ingest" \
  --extract_target=127.0.0.1:7102 --aggregate_target=127.0.0.1:7103 \
  2>"$work/ingest.log" &
pids+=($!)
"$bin/fazhi-gateway" --listen=127.0.0.1:7100 --ingest_target=127.0.0.1:7101 \
  --extract_target=127.0.0.1:7102 --aggregate_target=127.0.0.1:7103 2>"$work/gateway.log" &
pids+=($!)

# Two of the 14 streets have not published: the statistics show them missing.
"$bin/fazhi-sample" --out="$work/reports" --year="$year" --skip_every=7
# The year before, for the year-on-year change.
"$bin/fazhi-sample" --out="$work/reports-before" --year="$((year - 1))" --skip_every=5 >/dev/null
# No region hint: the gazetteer and the reports' own words place them.
"$bin/fazhi" ingest --target=127.0.0.1:7101 "$work/reports" "$work/reports-before"
echo
"$bin/fazhi" stats --target=127.0.0.1:7103 --county=330102 --year="$year"
echo
url="http://127.0.0.1:7100/v1/stats?county=330102&year=$year"
echo "the same over HTTP (fazhi-gateway): curl '$url'"
/usr/bin/python3 -c 'import sys, urllib.request; print(urllib.request.urlopen(sys.argv[1]).read()[:300].decode("utf-8", "replace") + " ...")' "$url"
echo
page="http://127.0.0.1:7100/#county=330102&year=$year&year_a=$((year - 1))"
echo "logs and data: $work"
if [ "${FAZHI_DEMO_KEEP:-0}" = 1 ]; then
  echo "the analyst's page: $page (Ctrl-C stops the services)"
  wait
else
  echo "the analyst's page: run with FAZHI_DEMO_KEEP=1 and open $page"
fi
