#!/usr/bin/env bash
# make bench: each stage against its own baseline, measured in the same run (DESIGN §9).
# Figures go to stdout as `bench:` lines and to bench-results.json.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.build/release}
export BENCH_RESULTS=${BENCH_RESULTS:-bench-results.json}
rm -f "$BENCH_RESULTS"
stages=${*:-store-write ingest rss}

emit() { # name value unit note
  printf 'bench: %s %s %s%s\n' "$1" "$2" "$3" "${4:+ ($4)}"
  python3 - "$BENCH_RESULTS" "$1" "$2" "$3" "${4:-}" <<'PY'
import json, sys, os
path, name, value, unit, note = sys.argv[1:]
data = json.load(open(path)) if os.path.exists(path) else []
data = [d for d in data if d["name"] != name] + [{"name": name, "value": float(value), "unit": unit, "baseline": note or None}]
json.dump(data, open(path, "w"), indent=2, sort_keys=True)
PY
}

for stage in $stages; do
  case $stage in
    store-write|ingest)
      "$BIN/ticketreport-bench" "$stage" ;;
    rss)
      # Peak memory of a real ingest of 100k tickets from the simulator (release binaries).
      tmp=$(mktemp -d)
      "$BIN/helpdesk-sim" --port 0 --tickets 100000 > "$tmp/sim.out" 2>/dev/null &
      sim=$!
      trap 'kill $sim 2>/dev/null || true' EXIT
      for _ in $(seq 50); do grep -q listening "$tmp/sim.out" 2>/dev/null && break; sleep 0.1; done
      url=$(grep -o 'http://[^ ]*' "$tmp/sim.out")
      TICKETREPORT_TOKEN=sim-token /usr/bin/time -v "$BIN/ticketreport" ingest --url "$url" --from 1 --to 100000 \
        --concurrency 32 --db "$tmp/t.sqlite" > "$tmp/ingest.out" 2> "$tmp/time.err"
      kb=$(awk -F: '/Maximum resident/ {gsub(/ /, "", $2); print $2}' "$tmp/time.err")
      emit ingest.100k.peak_rss_mb "$(( kb / 1024 ))" MB "$(cat "$tmp/ingest.out")"
      kill $sim 2>/dev/null || true
      trap - EXIT
      rm -rf "$tmp" ;;
    *) echo "unknown stage $stage" >&2; exit 1 ;;
  esac
done
