#!/usr/bin/env bash
# Builds synthetic corpora with kanmin and the same records with Hugo (+ Pagefind), and prints
# median wall time, pages per second and peak memory side by side.
#
#   bench/run.sh [SIZES] [RUNS]       e.g. bench/run.sh "1000 10000 50000" 3
#   SITES=/dev/shm/kanmin-bench bench/run.sh     sites on a tmpfs (processor work only)
#   PAGEFIND=0 bench/run.sh                      without Pagefind
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

# SITES: where both tools write their sites. Point it at a tmpfs (SITES=/dev/shm/kanmin-bench)
# to compare processor work without a busy disk's noise.
SITES=${SITES:-$OUT}
mkdir -p "$SITES"

# timed OUTPUT_DIR COMMAND...: removes OUTPUT_DIR (untimed), runs COMMAND; prints "seconds peak_kb".
timed() {
  local output=$1; shift
  rm -rf "$output"
  sync
  /usr/bin/time -f "%e %M" -o "$OUT/time.txt" "$@" > "$OUT/last.log" 2>&1 || { cat "$OUT/last.log" >&2; exit 1; }
  cat "$OUT/time.txt"
}

# median TIMES PEAKS: "median_seconds max_peak_kb".
median() {
  python3 -c 'import statistics,sys; t=[float(x) for x in sys.argv[1].split()]; p=[int(x) for x in sys.argv[2].split()]; print(f"{statistics.median(t):.2f} {max(p)}")' "$1" "$2"
}

printf '%-8s %-8s %10s %10s %12s %10s %10s %12s %8s %8s\n' records pages kanmin_s pages/s kanmin_MB hugo_s hugo_p/s hugo_MB time_x mem_x
for n in $SIZES; do
  dir="$OUT/corpus-$n"
  [ -d "$dir/content" ] || target/release/examples/gen-corpus "$n" "$dir" > /dev/null
  python3 bench/to-hugo.py "$dir/content" "$OUT/hugo-$n"

  # Runs alternate between the two tools, each starting from an empty output folder, so a
  # noisy spell on the machine hits both alike.
  k_times=() k_peaks=() h_times=() h_peaks=()
  for _ in $(seq "$RUNS"); do
    read -r seconds peak < <(timed "$SITES/site-$n" "$KANMIN" build --root "$dir" --output "$SITES/site-$n")
    k_times+=("$seconds"); k_peaks+=("$peak")
    read -r seconds peak < <(timed "$SITES/hugo-site-$n" hugo --quiet -s "$OUT/hugo-$n" -d "$(realpath "$SITES")/hugo-site-$n")
    h_times+=("$seconds"); h_peaks+=("$peak")
  done
  read -r k_s k_kb < <(median "${k_times[*]}" "${k_peaks[*]}")
  read -r h_s h_kb < <(median "${h_times[*]}" "${h_peaks[*]}")
  k_pages=$(find "$SITES/site-$n" -name '*.html' | wc -l)
  h_pages=$(find "$SITES/hugo-site-$n" -name '*.html' | wc -l)
  python3 - "$n" "$k_pages" "$k_s" "$k_kb" "$h_pages" "$h_s" "$h_kb" <<'PY'
import sys
n, kp, ks, kkb, hp, hs, hkb = sys.argv[1:]
kp, ks, kkb, hp, hs, hkb = int(kp), float(ks), int(kkb), int(hp), float(hs), int(hkb)
print(f"{n:<8} {kp:<8} {ks:>10.2f} {kp/ks:>10.0f} {kkb/1024:>12.0f} {hs:>10.2f} {hp/hs:>10.0f} {hkb/1024:>12.0f} {ks/hs:>8.2f} {kkb/hkb:>8.2f}")
PY

  if command -v npx > /dev/null && [ "${PAGEFIND:-1}" = 1 ]; then
    started=$(date +%s.%N)
    if npx --yes pagefind@1 --site "$SITES/hugo-site-$n" --output-subdir pagefind > "$OUT/pagefind-$n.log" 2>&1; then
      took=$(python3 -c "import time,sys; print(f'{time.time()-float(sys.argv[1]):.2f}')" "$started")
      pf_bytes=$(du -sb "$SITES/hugo-site-$n/pagefind" | cut -f1)
      k_bytes=$(du -sb "$SITES/site-$n/search" 2>/dev/null | cut -f1 || echo 0)
      echo "         search index: kanmin $((k_bytes / 1024)) KiB (built within the run above); pagefind $((pf_bytes / 1024)) KiB in ${took} s"
    else
      echo "         pagefind failed: see $OUT/pagefind-$n.log"
    fi
  fi
done
