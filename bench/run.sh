#!/usr/bin/env bash
# Builds synthetic corpora with kanmin and the same records with Hugo (+ Pagefind), and prints
# median wall time, pages per second and peak memory side by side.
#
#   bench/run.sh [SIZES] [RUNS]       e.g. bench/run.sh "1000 10000 50000" 3
#
# Needs: cargo, python3 with PyYAML, /usr/bin/time (apt-get install time), hugo
# (apt-get install hugo); Pagefind via npx (npm) is optional. Work files go to bench-out/.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${1:-"1000 10000 50000"}
RUNS=${2:-3}
OUT=bench-out
mkdir -p "$OUT"
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1796000000}

cargo build --release --quiet
cargo build --release --quiet --example gen-corpus
KANMIN=target/release/kanmin

# median_run COMMAND...: runs RUNS times; prints "median_seconds peak_kb" of the runs.
median_run() {
  local times=() peaks=()
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f "%e %M" -o "$OUT/time.txt" "$@" > "$OUT/last.log" 2>&1 || { cat "$OUT/last.log"; exit 1; }
    read -r seconds peak < "$OUT/time.txt"
    times+=("$seconds"); peaks+=("$peak")
  done
  python3 -c 'import statistics,sys; t=[float(x) for x in sys.argv[1].split()]; p=[int(x) for x in sys.argv[2].split()]; print(f"{statistics.median(t):.2f} {max(p)}")' "${times[*]}" "${peaks[*]}"
}

printf '%-8s %-8s %10s %10s %12s %10s %10s %12s %8s %8s\n' records pages kanmin_s pages/s kanmin_MB hugo_s hugo_p/s hugo_MB time_x mem_x
for n in $SIZES; do
  dir="$OUT/corpus-$n"
  [ -d "$dir/content" ] || target/release/examples/gen-corpus "$n" "$dir" > /dev/null
  python3 bench/to-hugo.py "$dir/content" "$OUT/hugo-$n"

  read -r k_s k_kb < <(median_run "$KANMIN" build --root "$dir" --output "$OUT/site-$n")
  k_pages=$(find "$OUT/site-$n" -name '*.html' | wc -l)
  # Hugo writes into an existing public/ in place; start from empty each run like kanmin's first build.
  read -r h_s h_kb < <(median_run bash -c "rm -rf '$OUT/hugo-$n/public' && hugo --quiet -s '$OUT/hugo-$n'")
  h_pages=$(find "$OUT/hugo-$n/public" -name '*.html' | wc -l)
  python3 - "$n" "$k_pages" "$k_s" "$k_kb" "$h_pages" "$h_s" "$h_kb" <<'PY'
import sys
n, kp, ks, kkb, hp, hs, hkb = sys.argv[1:]
kp, ks, kkb, hp, hs, hkb = int(kp), float(ks), int(kkb), int(hp), float(hs), int(hkb)
print(f"{n:<8} {kp:<8} {ks:>10.2f} {kp/ks:>10.0f} {kkb/1024:>12.0f} {hs:>10.2f} {hp/hs:>10.0f} {hkb/1024:>12.0f} {ks/hs:>8.2f} {kkb/hkb:>8.2f}")
PY

  if command -v npx > /dev/null && [ "${PAGEFIND:-1}" = 1 ]; then
    started=$(date +%s.%N)
    if npx --yes pagefind@1 --site "$OUT/hugo-$n/public" --output-subdir pagefind > "$OUT/pagefind-$n.log" 2>&1; then
      took=$(python3 -c "import time,sys; print(f'{time.time()-float(sys.argv[1]):.2f}')" "$started")
      pf_bytes=$(du -sb "$OUT/hugo-$n/public/pagefind" | cut -f1)
      k_bytes=$(du -sb "$OUT/site-$n/search" 2>/dev/null | cut -f1 || echo 0)
      echo "         search index: kanmin $((k_bytes / 1024)) KiB (built within the run above); pagefind $((pf_bytes / 1024)) KiB in ${took} s"
    else
      echo "         pagefind failed: see $OUT/pagefind-$n.log"
    fi
  fi
done
