#!/bin/sh
# Search benchmark on a generated corpus:
#   bench/search.sh [N] [OUT_DIR]      (default 10000 partnerships, bench-out/search)
# Reports the index size (bytes, files), the index build time, and for representative
# queries the requests and bytes a first query downloads, page included: raw, and "wire",
# which counts text files (HTML, CSS, JavaScript, JSON) gzip-compressed as static hosts
# serve them and the binary gram shards as they are; then the same over 200 queries sampled
# from the site's own text (bench/search-sample.py).
set -eu
N=${1:-10000}
OUT=${2:-bench-out/search}
cd "$(dirname "$0")/.."
cargo build --release --quiet --example gen-corpus --example search-plan
cargo build --release --quiet
rm -rf "$OUT"
./target/release/examples/gen-corpus "$N" "$OUT"
SOURCE_DATE_EPOCH=1795000000 ./target/release/kanmin build --root "$OUT" --output "$OUT/public" --verbose | grep -E "built|search index|render html|leak scan|^ "
PUBLIC="$OUT/public"
echo "index: $(find "$PUBLIC/search" -type f ! -name index.html | wc -l) files, $(find "$PUBLIC/search" -type f ! -name index.html -exec cat {} + | wc -c) bytes"
for kind in grams docs facets; do
  largest=$(ls -S "$PUBLIC/search/$kind" | head -1)
  echo "  $kind: $(ls "$PUBLIC/search/$kind" | wc -l) files, $(cat "$PUBLIC/search/$kind"/* | wc -c) bytes, largest $(wc -c < "$PUBLIC/search/$kind/$largest") bytes"
done
printf '%-24s %8s %8s %10s %10s\n' query results requests raw wire
./target/release/examples/search-plan "$PUBLIC" 見守り シェアサイクル ｼｪｱｻｲｸﾙ ＩｏＴ 猫 商業課 "たまがわモビリティ" "防災 センサー" 子育て支援 アンケート |
while IFS="$(printf '\t')" read -r query results files _first_page; do
  raw=0; gz=0; n=0
  for f in $files; do
    raw=$((raw + $(wc -c < "$PUBLIC/$f")))
    case "$f" in
      *.bin) gz=$((gz + $(wc -c < "$PUBLIC/$f"))) ;;
      *) gz=$((gz + $(gzip -9c < "$PUBLIC/$f" | wc -c))) ;;
    esac
    n=$((n + 1))
  done
  printf '%-24s %8s %8s %10s %10s\n' "$query" "$results" "$n" "$raw" "$gz"
done
echo
python3 bench/search-sample.py "$PUBLIC"
