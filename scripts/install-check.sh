#!/usr/bin/env bash
# make install-check: installs into a temporary prefix and uses the installed tool from a
# folder with no reports/, queries/ or resource folders around, as a user on a server would;
# then checks the tarball the same way and that `make uninstall` removes exactly what it put.
#
#   scripts/install-check.sh ticketreport-VERSION-linux-ARCH.tar.gz
set -euo pipefail
cd "$(dirname "$0")/.."
tarball=${1:?usage: install-check.sh TARBALL}
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
fail() { echo "install-check: FAILED: $*" >&2; exit 1; }

prefix=$root/prefix
make --no-print-directory install PREFIX="$prefix" >/dev/null
installed=$(cd "$prefix" && find . -type f | sort)
echo "install-check: installed $(echo "$installed" | wc -l) files under a temporary prefix"

check_tool() { # bin folder: the tool used from an empty folder
  local bin=$1 work
  work=$(mktemp -d "$root/elsewhere.XXXX")
  cd "$work"
  [ ! -e reports ] && [ ! -e queries ] || fail "the work folder is not empty"
  "$bin/ticketreport" --version | head -1 | grep -q "^ticketreport " || fail "--version"
  list=$("$bin/ticketreport" report list) || fail "report list: $list"
  echo "$list" | grep -q "response-times" || fail "report list has no response-times: $list"
  echo "$list" | grep -q "built-in" || fail "report list does not say built-in: $list"
  "$bin/ticketreport" demo --out demo --tickets 400 > demo.out || fail "demo: $(cat demo.out)"
  month=$(sed -n 's/.*support-\([0-9-]*\)\.html.*/\1/p' demo.out | head -1)
  [ -n "$month" ] || fail "demo wrote no pack: $(cat demo.out)"
  out=$("$bin/ticketreport" report run response-times --month "$month" --db demo/tickets.sqlite) ||
    fail "report run: $out"
  echo "$out" | grep -q "All departments" || fail "report run printed no total: $out"
  "$bin/ticketreport" monthly --month "$month" --db demo/tickets.sqlite --out packs >/dev/null ||
    fail "monthly"
  for file in "packs/support-$month.xlsx" "packs/support-$month.html"; do
    [ -s "$file" ] || fail "monthly did not write $file"
  done
  grep -q "<svg" "packs/support-$month.html" || fail "the page has no chart: the templates are missing?"
  cd - >/dev/null
}
check_tool "$prefix/bin"

for file in share/man/man1/ticketreport.1 share/bash-completion/completions/ticketreport \
  share/zsh/site-functions/_ticketreport share/fish/vendor_completions.d/ticketreport.fish; do
  [ -s "$prefix/$file" ] || fail "$file is missing or empty"
done
grep -q "^\.Sh NAME" "$prefix/share/man/man1/ticketreport.1" || fail "the man page has no NAME section"
grep -q "sync" "$prefix/share/bash-completion/completions/ticketreport" || fail "bash completion lacks sync"

for binary in ticketreport helpdesk-sim; do
  swift_libraries=$(ldd "$prefix/bin/$binary" | grep -Ei 'libswift|libFoundation|libdispatch|libBlocksRuntime' || true)
  [ -z "$swift_libraries" ] || fail "$binary needs Swift runtime libraries: $swift_libraries"
done
echo "install-check: ok from an empty folder; man page, completions; ldd lists no Swift runtime"

# The tarball has the same layout, plus the documents, and works unpacked anywhere.
mkdir "$root/unpacked"
tar -C "$root/unpacked" -xzf "$tarball"
unpacked=$(find "$root/unpacked" -mindepth 1 -maxdepth 1 -type d)
for file in README.md LICENSE CHANGELOG.md bin/ticketreport bin/helpdesk-sim share/man/man1/ticketreport.1; do
  [ -s "$unpacked/$file" ] || fail "the tarball has no $file"
done
check_tool "$unpacked/bin"
echo "install-check: ok from the unpacked $(basename "$tarball")"

make --no-print-directory uninstall PREFIX="$prefix" >/dev/null
left=$(cd "$prefix" && find . -type f | sort)
[ -z "$left" ] || fail "make uninstall left files behind: $left"
echo "install-check: make uninstall removed all $(echo "$installed" | wc -l) files"
