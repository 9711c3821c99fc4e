#!/usr/bin/env bash
# make bench: each stage against its own baseline, measured in the same run (DESIGN §9).
# Figures go to stdout as `bench:` lines and to bench-results.json.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.build/release}
export BENCH_RESULTS=${BENCH_RESULTS:-bench-results.json}
rm -f "$BENCH_RESULTS"
stages=${*:-store-write rebuild ingest ingest-wrk sync-requests rss reports xlsx html pack export}

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
    store-write|rebuild|ingest|sync-requests)
      "$BIN/ticketreport-bench" "$stage" ;;
    ingest-wrk)
      # `ticketreport ingest` as a whole process (start-up, store checks, every commit)
      # against wrk, a load generator nobody here wrote, posting the same multipart Get
      # Ticket request to the same simulator with the same number of connections, in the
      # same run: requests/s of wrk vs ids/s of the ingest, at 20 ms and at 0 ms latency.
      command -v wrk >/dev/null || { apt-get install -y -qq wrk >/dev/null 2>&1 || \
        (apt-get update -qq && apt-get install -y -qq wrk >/dev/null 2>&1); }
      command -v wrk >/dev/null || { echo "bench: ingest-wrk SKIPPED: wrk is not installed (apt-get install wrk)"; continue; }
      for latency in 20 0; do
        n=$([ "$latency" = 0 ] && echo 40000 || echo 8000)
        tmp=$(mktemp -d)
        "$BIN/helpdesk-sim" --port 0 --tickets "$n" --latency-ms "$latency" > "$tmp/sim.out" 2>/dev/null &
        sim=$!
        trap 'kill $sim 2>/dev/null || true' EXIT
        for _ in $(seq 50); do grep -q listening "$tmp/sim.out" 2>/dev/null && break; sleep 0.1; done
        url=$(grep -o 'http://[^ ]*' "$tmp/sim.out")
        TICKETS=$n wrk -t2 -c16 -d10s -s bench/wrk_getticket.lua "$url" > "$tmp/wrk.out"
        wrk_rps=$(awk '/^Requests\/sec:/ {print $2}' "$tmp/wrk.out")
        start=$(date +%s.%N)
        TICKETREPORT_TOKEN=sim-token "$BIN/ticketreport" ingest --url "$url" --from 1 --to "$n" \
          --concurrency 16 --db "$tmp/t.sqlite" > "$tmp/ingest.out"
        end=$(date +%s.%N)
        rate=$(python3 -c "print(round($n / ($end - $start), 1))")
        ratio=$(python3 -c "print(round($rate / $wrk_rps, 2))")
        goal=$([ "$latency" = 20 ] && echo "goal >= 0.9x" || echo "no goal: decode + store writes + the simulator share 2 cores")
        emit "ingest.wrk.c16.latency${latency}ms.ids_per_s" "$rate" ids/s \
          "${ratio}x of wrk's $wrk_rps req/s, same request, simulator and connections; whole process, $n tickets; $goal"
        kill $sim 2>/dev/null || true
        wait $sim 2>/dev/null || true
        trap - EXIT
        rm -rf "$tmp"
      done ;;
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
      # libxlsxwriter with the same cells, alternating, best of three; peak RSS at 250k/500k/1M
      # rows, each write in a fresh process.
      mkdir -p .build
      if [ ! -x .build/xlsx_cells ] || [ bench/xlsx_cells.c -nt .build/xlsx_cells ]; then
        cc -O2 bench/xlsx_cells.c -lxlsxwriter -o .build/xlsx_cells
      fi
      XLSX_C_BIN=.build/xlsx_cells "$BIN/ticketreport-bench" xlsx ;;
    html)
      # A 10,000-row table page vs CSV of the same rows; the monthly pack of the demo store.
      "$BIN/ticketreport-bench" html ;;
    pack)
      # The monthly pack on the 1M-ticket store (.bench/store-1000000.sqlite, made by the
      # reports stage or here), built and written as XLSX + HTML with highlights and print
      # setup, against the same pack without them; alternating trials, best of each.
      "$BIN/ticketreport-bench" pack ;;
    export)
      # `ticketreport export tickets` of 1M simulated tickets (store cached in .bench/, shared
      # with the reports stage) against, on the same query and store in the same run:
      # plain C on libxlsxwriter writing the same cells (bench/xlsx_baseline.c), Python
      # XlsxWriter (bench/xlsx_python.py), and for CSV the sqlite3 shell's -csv mode.
      # Ours and C/sqlite3 alternate, best of two; Python runs once. Times are wall seconds.
      n=${BENCH_EXPORT_TICKETS:-1000000}
      store=.bench/store-$n.sqlite
      size=$([ "$n" = 1000000 ] && echo 1M || echo "$n")
      "$BIN/ticketreport-bench" generate-store "$store" "$n"
      mkdir -p .build
      if [ ! -x .build/xlsx_baseline ] || [ bench/xlsx_baseline.c -nt .build/xlsx_baseline ]; then
        cc -O2 bench/xlsx_baseline.c -lxlsxwriter -lsqlite3 -o .build/xlsx_baseline
      fi
      work=$(mktemp -d .bench/export-XXXXXX)  # beside the store: /tmp may be small
      trap 'rm -rf "$work"' EXIT  # the workbooks are hundreds of MB; gone even on failure
      "$BIN/ticketreport" export tickets --show-sql > "$work/query.sql"
      "$BIN/ticketreport" export tickets --list-columns | awk -F'\t' '$4 == "default"' > "$work/columns.tsv"
      timed() { # OUT CMD…: wall seconds and peak RSS (KB) of CMD, stdout to OUT
        local out=$1; shift
        /usr/bin/time -f '%e %M' -o "$work/time" "$@" > "$out"
        cat "$work/time"
      }
      min() { python3 -c 'import sys; print(min(float(a) for a in sys.argv[1:]))' "$@"; }
      ours_x=(); c_x=(); ours_c=(); shell_c=()
      for round in 1 2; do
        read -r s kb < <(timed "$work/ours.out" "$BIN/ticketreport" export tickets --db "$store" -o "$work/ours.xlsx")
        ours_x+=("$s"); ours_kb=$kb
        read -r s _ < <(timed "$work/c.out" .build/xlsx_baseline "$store" "$work/query.sql" "$work/columns.tsv" "$work/c.xlsx")
        c_x+=("$s")
        read -r s csv_kb < <(timed "$work/ours-csv.out" "$BIN/ticketreport" export tickets --db "$store" -o "$work/ours.csv")
        ours_c+=("$s")
        read -r s _ < <(timed "$work/shell.csv" sqlite3 -csv -header "$store" ".read $work/query.sql")
        shell_c+=("$s")
        rm -f "$work"/*.xlsx
      done
      read -r py _ < <(timed "$work/py.out" python3 bench/xlsx_python.py "$store" "$work/query.sql" "$work/columns.tsv" "$work/py.xlsx")
      rows=$(cat "$work/c.out")
      ours_rows=$(sed -n 's/^Wrote .*: \([0-9,]*\) rows.*/\1/p' "$work/ours.out" | tr -d ,)
      shell_rows=$(( $(python3 -c 'import csv,sys; print(sum(1 for _ in csv.reader(open(sys.argv[1], newline=""))))' "$work/shell.csv") - 1 ))
      [ "$ours_rows" = "$rows" ] && [ "$(cat "$work/py.out")" = "$rows" ] && [ "$shell_rows" = "$rows" ] ||
        echo "warning: row counts differ: ours $ours_rows, C $rows, python $(cat "$work/py.out"), sqlite3 $shell_rows" >&2
      ox=$(min "${ours_x[@]}"); cx=$(min "${c_x[@]}"); oc=$(min "${ours_c[@]}"); sc=$(min "${shell_c[@]}")
      ratio() { python3 -c 'import sys; print("%.2f" % (float(sys.argv[1]) / float(sys.argv[2])))' "$1" "$2"; }
      emit export.tickets_${size}.xlsx.seconds "$ox" s \
        "$(ratio "$ox" "$cx")x plain libxlsxwriter C at ${cx} s, same query and cells, $rows rows; goal <= 1.2x"
      emit export.tickets_${size}.xlsx.speedup_vs_python "$(ratio "$py" "$ox")" x \
        "Python XlsxWriter constant_memory ${py} s vs ours ${ox} s; expected >= 5x"
      emit export.tickets_${size}.csv.seconds "$oc" s "$(ratio "$oc" "$sc")x sqlite3 -csv at ${sc} s, same query; goal <= 1.2x"
      emit export.tickets_${size}.xlsx.peak_rss_mb "$(( ours_kb / 1024 ))" MB "CSV: $(( csv_kb / 1024 )) MB"
      rm -rf "$work"
      trap - EXIT ;;
    *) echo "unknown stage $stage" >&2; exit 1 ;;
  esac
done
