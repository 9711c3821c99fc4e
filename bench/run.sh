#!/usr/bin/env bash
# make bench: each stage against its own baseline, measured in the same run (DESIGN §9).
# Figures go to stdout as `bench:` lines and to bench-results.json.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.build/release}
export BENCH_RESULTS=${BENCH_RESULTS:-bench-results.json}
rm -f "$BENCH_RESULTS"
stages=${*:-store-write ingest rss reports xlsx html}

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
    reports)
      # Every built-in report for one month and the monthly pack on stores of 10k/100k/1M
      # simulated tickets (cached in .bench/), vs the same SQL in the sqlite3 shell with
      # ticketreport's functions as a loadable extension; then the shell's output is checked
      # against `ticketreport report run --format csv` on the 10k store.
      mkdir -p .build
      cc -O2 -fPIC -shared bench/sqlite_ext/ticketreport_ext.c -o .build/ticketreport_ext.so
      BENCH_SQLITE_EXT=.build/ticketreport_ext.so "$BIN/ticketreport-bench" reports
      if [ -f .bench/store-10000.sqlite ]; then
        check=$(python3 bench/reports_check.py "$BIN/ticketreport" .bench/store-10000.sqlite \
          .build/ticketreport_ext.so .bench/report-sql "${BENCH_REPORT_MONTH:-2026-10}") || true
        echo "$check" | grep -v ': same' || true
        same=$(echo "$check" | sed -n 's/^matched \([0-9]*\) of \([0-9]*\)$/\1/p')
        total=$(echo "$check" | sed -n 's/^matched \([0-9]*\) of \([0-9]*\)$/\2/p')
        emit reports.10k.shell_output_matches "${same:-0}" reports "of ${total:-?}, tool CSV vs sqlite3 -csv"
      fi ;;
    xlsx)
      # 1M rows x 8 mixed columns through XLSXWorkbookWriter (constant memory) vs plain C on
      # libxlsxwriter with the same cells, alternating, best of two; peak RSS at 250k/500k/1M
      # rows, each write in a fresh process.
      mkdir -p .build
      if [ ! -x .build/xlsx_cells ] || [ bench/xlsx_cells.c -nt .build/xlsx_cells ]; then
        cc -O2 bench/xlsx_cells.c -lxlsxwriter -o .build/xlsx_cells
      fi
      XLSX_C_BIN=.build/xlsx_cells "$BIN/ticketreport-bench" xlsx ;;
    html)
      # A 10,000-row table page vs CSV of the same rows; the monthly pack of the demo store.
      "$BIN/ticketreport-bench" html ;;
    *) echo "unknown stage $stage" >&2; exit 1 ;;
  esac
done
