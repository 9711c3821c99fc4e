#!/usr/bin/env bash
# Fuzz the parsers that read what a helpdesk sends and what users write: builds each
# libFuzzer target with swiftc (-sanitize=fuzzer,address), then runs it.
#
#   Tests/Fuzz/run.sh [seconds] [target…]     # default: 60 s each, every target
#
# get-ticket-decoder and local-date-time compile straight from the HelpdeskAPI sources they
# need. config compiles with every Config source into a module named Config, and
# report-front-matter with every Reporting source into a module named Reporting (so
# `internal` API is reachable), against libraries built here once from the SwiftPM checkouts
# (.build/checkouts/{Yams,GRDB.swift}) and this package's sources: CYaml (clang) + Yams, GRDB
# (no sanitizer: only linked, never fuzzed), HelpdeskAPI (Model, Decoding, HelpdeskError: no
# networking), Config and TicketStore. They are rebuilt in
# .build/fuzz/deps/ when a source is newer; run `swift package resolve` if no checkout exists.
#
# Targets live in Tests/Fuzz/<target>/main.swift, seed inputs in Tests/Fuzz/corpus/<target>/
# (left untouched: the run's growing corpus is .build/fuzz/corpus/<target>/). A crash leaves
# its input in .build/fuzz/artifacts/<target>/ and makes the script exit 1; turn the input
# into a regression test (Tests/HelpdeskAPITests, Tests/ReportingTests) before fixing it.
set -euo pipefail
cd "$(dirname "$0")/../.."

seconds="${1:-60}"
shift || true
api=Sources/HelpdeskAPI
reporting="$(find Sources/Reporting -name '*.swift' | sort | tr '\n' ' ')"
config="$(find Sources/Config -name '*.swift' | sort | tr '\n' ' ')"
declare -A sources=(
  [get-ticket-decoder]="$api/Model/*.swift $api/Decoding/*.swift $api/Client/HelpdeskError.swift"
  [local-date-time]="$api/Model/*.swift"
  [report-front-matter]="$reporting"
  [config]="$config"
)
# Targets built against the libraries in .build/fuzz/deps, as the module they test.
declare -A needs_deps=([report-front-matter]=1 [config]=1)
declare -A module_of=([report-front-matter]=Reporting [config]=Config)
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(get-ticket-decoder local-date-time report-front-matter config)

deps=.build/fuzz/deps
checkouts=""
for dir in .build/checkouts .build-release/checkouts; do
  if [ -d "$dir/Yams/Sources/CYaml" ] && [ -d "$dir/GRDB.swift/GRDB" ]; then checkouts=$dir; break; fi
done
sqlite_shim="$checkouts/GRDB.swift/Sources/GRDBSQLite"

quiet() { { grep -v -E "Cannot export local symbol '__asan|warning: |^ *[0-9]* \||^ *\||^\s*\`-|^$" || true; }; }

# lib NAME FLAGS -- SOURCES…: builds $deps/libNAME.a and NAME.swiftmodule unless up to date.
lib() {
  local name=$1 flags=() files=()
  shift
  while [ "$1" != "--" ]; do flags+=("$1"); shift; done
  shift
  files=("$@")
  local out="$deps/lib$name.a"
  if [ -f "$out" ] && [ -z "$(find "${files[@]}" -newer "$out" -print -quit)" ]; then return; fi
  echo "fuzz: building $name for the Reporting targets" >&2
  local abs=()
  for f in "${files[@]}"; do abs+=("$PWD/$f"); done
  # swiftc leaves its .o in the working directory: build inside $deps.
  (cd "$deps" && swiftc -emit-library -static -emit-module -parse-as-library -package-name ticketreport -module-name "$name" -g -I . \
    "${flags[@]}" "${abs[@]}" -o "lib$name.a" 2>&1 | quiet)
  [ -f "$out" ] || { echo "fuzz: building $name failed" >&2; exit 2; }
  touch "$out"
}

build_deps() {
  [ -n "$checkouts" ] || { echo "fuzz: no Yams/GRDB checkout under .build; run swift package resolve" >&2; exit 2; }
  mkdir -p "$deps"
  local yams=$checkouts/Yams/Sources
  local cyaml=("$yams"/CYaml/src/*.c)
  if [ ! -f "$deps/libCYaml.a" ] || [ -n "$(find "${cyaml[@]}" -newer "$deps/libCYaml.a" -print -quit)" ]; then
    echo "fuzz: building CYaml" >&2
    local objects=()
    for c in "${cyaml[@]}"; do
      clang -c -O1 -g -fsanitize=fuzzer-no-link,address -DYAML_DECLARE_STATIC -I "$yams/CYaml/include" \
        "$c" -o "$deps/cyaml-$(basename "$c" .c).o"
      objects+=("$deps/cyaml-$(basename "$c" .c).o")
    done
    rm -f "$deps/libCYaml.a"
    ar rcs "$deps/libCYaml.a" "${objects[@]}"
  fi
  lib Yams -O -sanitize=fuzzer,address -D SWIFT_PACKAGE -Xcc -DYAML_DECLARE_STATIC -I "$PWD/$yams/CYaml/include" \
    -- "$yams"/Yams/*.swift
  # GRDB's own settings (its Package.swift) for Linux; not instrumented, the targets never reach it.
  lib GRDB -Onone -swift-version 6 -D SQLITE_ENABLE_FTS5 -D SQLITE_ENABLE_SNAPSHOT -D SQLITE_DISABLE_SNAPSHOT \
    -I "$PWD/$sqlite_shim" -- $(find "$checkouts/GRDB.swift/GRDB" -name '*.swift' | sort)
  lib HelpdeskAPI -O -swift-version 6 -sanitize=fuzzer,address \
    -- $api/Model/*.swift $api/Decoding/*.swift $api/Client/HelpdeskError.swift
  lib Config -O -swift-version 6 -sanitize=fuzzer,address -I "$PWD/$yams/CYaml/include" \
    -- $(find Sources/Config -name '*.swift' | sort)
  lib TicketStore -O -swift-version 6 -sanitize=fuzzer,address -I "$PWD/$sqlite_shim" -I "$PWD/$yams/CYaml/include" \
    -- $(find Sources/TicketStore -name '*.swift' | sort)
}

# The Swift runtime's backtracer trips ASan on a fatalError; let libFuzzer report it.
export SWIFT_BACKTRACE=enable=no
status=0
for target in "${targets[@]}"; do
  [ -n "${sources[$target]:-}" ] || { echo "fuzz: unknown target $target (have: ${!sources[*]})" >&2; exit 2; }
  out=.build/fuzz
  mkdir -p "$out/corpus/$target" "$out/artifacts/$target"
  if [ -n "${needs_deps[$target]:-}" ]; then
    build_deps
    # shellcheck disable=SC2086  # the source lists are globs on purpose
    libraries=(-lTicketStore -lConfig -lHelpdeskAPI -lGRDB -lYams -lCYaml -lsqlite3)
    [ "$target" = config ] && libraries=(-lHelpdeskAPI -lYams -lCYaml)
    swiftc -sanitize=fuzzer,address -parse-as-library -package-name ticketreport -O -g -swift-version 6 -module-name "${module_of[$target]}" \
      -I "$deps" -I "$sqlite_shim" -I "$checkouts/Yams/Sources/CYaml/include" -L "$deps" "${libraries[@]}" \
      ${sources[$target]} "Tests/Fuzz/$target/main.swift" -o "$out/$target" 2>&1 | quiet
  else
    # shellcheck disable=SC2086  # the source lists are globs on purpose
    swiftc -sanitize=fuzzer,address -parse-as-library -package-name ticketreport -O -g -module-name "FuzzTarget" \
      ${sources[$target]} "Tests/Fuzz/$target/main.swift" -o "$out/$target" 2>&1 \
      | { grep -v "Cannot export local symbol '__asan" || true; }
  fi
  cp -n Tests/Fuzz/corpus/"$target"/* "$out/corpus/$target/" 2>/dev/null || true
  # The shipped reports seed the front-matter target as they are today, rather than copies.
  if [ "$target" = report-front-matter ]; then
    cp -n Sources/Reporting/Reports/*.sql "$out/corpus/$target/" 2>/dev/null || true
  fi
  # The WHMCS conformance corpus seeds the decoder with what real helpdesks send.
  if [ "$target" = get-ticket-decoder ]; then
    cp -n Tests/Fixtures/whmcs/tickets/*.json Tests/Fixtures/whmcs/errors/*.* "$out/corpus/$target/" 2>/dev/null || true
  fi
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
