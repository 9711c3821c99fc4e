#!/usr/bin/env bash
# Fuzz the parsers that read what a helpdesk sends: builds each libFuzzer target with
# swiftc (-sanitize=fuzzer,address) from the HelpdeskAPI sources it needs, then runs it.
#
#   Tests/Fuzz/run.sh [seconds] [target…]     # default: 60 s each, every target
#
# Targets live in Tests/Fuzz/<target>/main.swift, seed inputs in Tests/Fuzz/corpus/<target>/
# (left untouched: the run's growing corpus is .build/fuzz/corpus/<target>/). A crash leaves
# its input in .build/fuzz/artifacts/<target>/ and makes the script exit 1; turn the input
# into a regression test in Tests/HelpdeskAPITests before fixing it.
set -euo pipefail
cd "$(dirname "$0")/../.."

seconds="${1:-60}"
shift || true
api=Sources/HelpdeskAPI
declare -A sources=(
  [get-ticket-decoder]="$api/Model/*.swift $api/Decoding/*.swift $api/Client/HelpdeskError.swift"
  [local-date-time]="$api/Model/*.swift"
)
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(get-ticket-decoder local-date-time)

# The Swift runtime's backtracer trips ASan on a fatalError; let libFuzzer report it.
export SWIFT_BACKTRACE=enable=no
status=0
for target in "${targets[@]}"; do
  [ -n "${sources[$target]:-}" ] || { echo "fuzz: unknown target $target (have: ${!sources[*]})" >&2; exit 2; }
  out=.build/fuzz
  mkdir -p "$out/corpus/$target" "$out/artifacts/$target"
  # shellcheck disable=SC2086  # the source lists are globs on purpose
  swiftc -sanitize=fuzzer,address -parse-as-library -O -g -module-name "FuzzTarget" \
    ${sources[$target]} "Tests/Fuzz/$target/main.swift" -o "$out/$target" 2>&1 \
    | { grep -v "Cannot export local symbol '__asan" || true; }
  cp -n Tests/Fuzz/corpus/"$target"/* "$out/corpus/$target/" 2>/dev/null || true
  log="$out/$target.log"
  set +e
  "$out/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$out/artifacts/$target/" "$out/corpus/$target" >"$log" 2>&1
  code=$?
  set -e
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  if [ $code -eq 0 ]; then
    echo "fuzz: $target ${runs:-?} executions in ${seconds} s (${rate:-?}/s), no crash"
  else
    status=1
    echo "fuzz: $target FAILED after ${runs:-?} executions (exit $code); input in $out/artifacts/$target/" >&2
    grep -E "Fatal error|ERROR: |SUMMARY" "$log" | head -5 >&2 || true
  fi
done
exit $status
