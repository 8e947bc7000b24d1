#!/usr/bin/env bash
# Time to import N rows (default 10,000) of a ward's partnership ledger into a new project:
# the template filled by bench/import-rows.py, then `kanmin import`, which reads the
# workbook, checks every record with the rest of the content as `build` does, and writes one
# YAML file per row. Median of RUNS (default 5) runs, each into a fresh copy of the project.
#   bench/import.sh [N]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-10000}
runs=${RUNS:-5}
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
kanmin=${CARGO_TARGET_DIR:-$root/target}/release/kanmin
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/project/content"
cp "$root/content/site.yaml" "$work/project/content/"
"$kanmin" template partnerships "$work/template.xlsx" >/dev/null
python3 "$root/bench/import-rows.py" "$work/template.xlsx" "$n" "$work/ledger.xlsx"
echo "workbook: $(du -h "$work/ledger.xlsx" | cut -f1), $n rows"
times=()
# A new folder per run: creating 10,000 files right where 10,000 were just deleted costs
# ext4 seconds of inode searching that no clerk's import would pay.
for run in $(seq "$runs"); do
  cp -r "$work/project" "$work/run-$run"
  start=$(date +%s.%N)
  "$kanmin" import partnerships "$work/ledger.xlsx" --root "$work/run-$run" >/dev/null 2>&1
  end=$(date +%s.%N)
  times+=("$(echo "$end - $start" | bc)")
  [ "$run" = 1 ] && echo "files written: $(ls "$work/run-1/content/partnerships" | wc -l)"
done
printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "import of %d rows: median %.2f s over %d runs (min %.2f, max %.2f)\n", '"$n"', a[int((NR+1)/2)], NR, a[1], a[NR]}'
