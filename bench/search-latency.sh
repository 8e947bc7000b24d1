#!/usr/bin/env bash
# Time to the first search result on a phone's network (Slow 4G), kanmin beside Pagefind's
# default UI on Hugo's pages of the same records, for 200 queries sampled from the site's
# own text (bench/search-sample.py) and the ten fixed ones of bench/search.sh:
#
#   bench/search-latency.sh [N] [QUERIES]      e.g. bench/search-latency.sh 10000
#   QUERIES=40 bench/search-latency.sh 50000   40 sampled queries (30 one-term, 10 two-term,
#                                              same seed) and the ten fixed ones
#   EXTRA="before=kanmin:/tmp/old/public" bench/search-latency.sh 10000
#                                              also an older build, interleaved with the others
#
# Needs: cargo, python3 with PyYAML, hugo, npm (Pagefind 1 is installed into
# bench-out/pagefind), `npm ci` in tests/browser, Chromium at /usr/bin/chromium. Corpora and
# sites go to bench-out/ (shared with bench/run.sh); every run to bench-out/latency-N.jsonl.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000}
QUERIES=${QUERIES:-200}
OUT=bench-out
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1796000000}
mkdir -p "$OUT"

cargo build --release --quiet
cargo build --release --quiet --example gen-corpus
[ -x "$OUT/pagefind/node_modules/.bin/pagefind" ] || {
  mkdir -p "$OUT/pagefind"
  (cd "$OUT/pagefind" && npm init -y > /dev/null && npm install --silent pagefind@1)
}

dir="$OUT/corpus-$N"
[ -d "$dir/content" ] || target/release/examples/gen-corpus "$N" "$dir" > /dev/null
target/release/kanmin build --root "$dir" --output "$OUT/site-$N" > /dev/null
if [ ! -d "$OUT/hugo-site-$N/pagefind" ]; then
  python3 bench/to-hugo.py "$dir/content" "$OUT/hugo-$N"
  rm -rf "$OUT/hugo-site-$N"
  hugo --quiet -s "$OUT/hugo-$N" -d "$(realpath "$OUT")/hugo-site-$N"
  "$OUT/pagefind/node_modules/.bin/pagefind" --site "$OUT/hugo-site-$N" --output-subdir pagefind > "$OUT/pagefind-$N.log"
fi

# Three quarters one-term, a quarter two-term, as search-sample.py's default 150 + 50.
one=$((QUERIES * 3 / 4))
python3 bench/search-sample.py --list "$OUT/site-$N" "$one" $((QUERIES - one)) > "$OUT/queries-$N.txt"
printf '%s\n' 見守り シェアサイクル ｼｪｱｻｲｸﾙ ＩｏＴ 猫 商業課 たまがわモビリティ "防災 センサー" 子育て支援 アンケート >> "$OUT/queries-$N.txt"
# shellcheck disable=SC2086 # EXTRA holds whole arguments
OUT="$OUT/latency-$N.jsonl" node bench/first-result.mjs "$OUT/queries-$N.txt" \
  "kanmin=kanmin:$OUT/site-$N" ${EXTRA:-} "pagefind=pagefind:$OUT/hugo-site-$N"
