#!/usr/bin/env bash
# Bounded fuzzing of every target in fuzz/: FUZZ_SECONDS each (default 60).
#   scripts/fuzz.sh              all targets
#   FUZZ_SECONDS=600 scripts/fuzz.sh markdown
# Needs cargo-fuzz (`cargo install cargo-fuzz --locked`). cargo-fuzz passes nightly-only flags
# to rustc; RUSTC_BOOTSTRAP=1 lets the stable toolchain accept them. Corpora are seeded from
# content/ and kept in fuzz/corpus/ (not committed); crashes land in fuzz/artifacts/<target>/.
set -euo pipefail
root=$(git rev-parse --show-toplevel)
cd "$root"
seconds=${FUZZ_SECONDS:-60}
# AddressSanitizer by default: the YAML parser is an unsafe port of libyaml.
sanitizer=${FUZZ_SANITIZER:-address}
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(record markdown page)

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "cargo-fuzz is not installed: cargo install cargo-fuzz --locked" >&2
  exit 1
fi
export RUSTC_BOOTSTRAP=1

# The record target reads its first byte as the folder (0 partnerships, 1 themes,
# 2 proposals, 3 soundings, 4 pages) and the rest as the file.
seed() {
  local corpus=fuzz/corpus/record index=0 folder file
  mkdir -p "$corpus" fuzz/corpus/markdown
  for folder in partnerships themes proposals soundings pages; do
    for file in content/"$folder"/*; do
      [ -f "$file" ] || continue
      { printf "\\$(printf '%03o' "$index")"; cat "$file"; } >"$corpus/$folder-$(basename "$file")"
    done
    index=$((index + 1))
  done
  for file in content/pages/*.md; do
    { printf '\002'; cat "$file"; } >"fuzz/corpus/markdown/$(basename "$file")"
  done
  # The page target starts from the default theme's templates: real markup, tags and all.
  mkdir -p fuzz/corpus/page
  cp themes/default/templates/*.html fuzz/corpus/page/
}
seed

status=0
for target in "${targets[@]}"; do
  echo "== fuzzing $target for ${seconds}s"
  # -rss_limit_mb and -timeout turn memory blow-ups and hangs into findings too.
  if ! cargo fuzz run --sanitizer "$sanitizer" -O "$target" "fuzz/corpus/$target" -- \
      -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1; then
    echo "!! $target found a problem: see fuzz/artifacts/$target/" >&2
    status=1
  fi
done
exit $status
