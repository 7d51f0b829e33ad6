#!/usr/bin/env bash
# Records what every command prints and writes on a set of guides, so that two versions of
# bonneporte can be compared byte for byte (a refactoring must not change any output):
#
#   tools/snapshot/snapshot.sh BINARY OUT_DIR [GUIDE...]
#   diff -r before/ after/
#
# Guides: the bundled guide, the fixture guides (minimal, minimal + open data, freshness report,
# search), each error fixture laid on the minimal guide, and any GUIDE given (for example a
# synthetic regional guide: BONNEPORTE_BENCH_SCALE=small cargo bench --bench synthetic, then
# target/bench-synthetic-gen). Per guide: build (files and diagnostics), build with --base-url,
# check as text and JSON, rapport with its CSV, search --json for a few queries, each exit status.
# Timings are blanked. `serve` is covered by tests/serve.rs, which compares it with the build.
set -uo pipefail
bin=$(realpath "$1")
out=$(realpath -m "$2")
shift 2
root=$(cd "$(dirname "$0")/../.." && pwd)
export BONNEPORTE_DATE=2026-11-23 CI=true NO_COLOR=1
rm -rf "$out"
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Removes the durations from a build summary.
blank_times() { sed -E 's/[0-9]+[.,][0-9]+ s\b/_ s/g'; }

snapshot() {
  local name=$1 guide=$2 dir="$out/$1"
  mkdir -p "$dir"
  (cd "$work" && "$bin" build --content "$guide" --out "$work/site-$name" >"$dir/build.out" 2>"$dir/build.err"; echo $? >"$dir/build.status")
  blank_times <"$dir/build.out" | sed "s#$work#WORK#g" >"$dir/build.out.tmp" && mv "$dir/build.out.tmp" "$dir/build.out"
  [ -d "$work/site-$name" ] && cp -r "$work/site-$name" "$dir/site"
  "$bin" build --content "$guide" --out "$work/url-$name" --base-url https://exemple.fr/guide >/dev/null 2>&1
  echo $? >"$dir/build-url.status"
  [ -d "$work/url-$name" ] && cp -r "$work/url-$name" "$dir/site-url"
  "$bin" check --content "$guide" >"$dir/check.out" 2>"$dir/check.err"; echo $? >"$dir/check.status"
  "$bin" check --content "$guide" --format json >"$dir/check.json" 2>&1; echo $? >"$dir/check-json.status"
  "$bin" rapport --content "$guide" --csv "$dir/rapport.csv" >"$dir/rapport.out" 2>"$dir/rapport.err"
  echo $? >"$dir/rapport.status"
  local i=0
  for query in "mission locale" "vierzon" "emploi" "18100" "orientation" "fomation" "zzzz"; do
    i=$((i + 1))
    "$bin" search --content "$guide" --json "$query" >"$dir/search-$i.json" 2>&1; echo $? >>"$dir/search.status"
  done
  "$bin" search --content "$guide" --type structure --json "cio" >"$dir/search-type.json" 2>&1
  echo $? >>"$dir/search.status"
  sed -i "s#$guide#GUIDE#g; s#$work#WORK#g" "$dir"/*.out "$dir"/*.err "$dir"/*.json 2>/dev/null
}

# The minimal guide with the files of a fixture folder on top, as tests/common does.
overlaid() {
  local dest="$work/guide-$1"
  mkdir -p "$dest"
  cp -r "$root/tests/fixtures/minimal/." "$dest/"
  [ -n "${2:-}" ] && cp -r "$2/." "$dest/"
  echo "$dest"
}

snapshot bundled "$root/content"
snapshot minimal "$(overlaid minimal)"
snapshot opendata "$(overlaid opendata "$root/tests/fixtures/opendata")"
snapshot rapport "$root/tests/fixtures/rapport/fraicheur"
snapshot search "$root/tests/search/guide"
for case in "$root"/tests/fixtures/errors/*/; do
  name=$(basename "$case")
  snapshot "error-$name" "$(overlaid "error-$name" "$case")"
done
for guide in "$@"; do
  snapshot "guide-$(basename "$guide")" "$(realpath "$guide")"
done
echo "snapshot written to $out ($(find "$out" -type f | wc -l) files)"
