#!/usr/bin/env bash
# Supply-chain check: every crate in Cargo.lock (and fuzz/Cargo.lock) against the RustSec
# advisory database snapshot beside the repository, offline (nothing fetched), and licences
# against the allow-list in deny.toml.
#   scripts/audit.sh
# Needs cargo-audit (`cargo install cargo-audit --locked`). The database defaults to
# ../shared/advisory-db next to the repository's top folder (where CI puts shared/);
# KANMIN_ADVISORY_DB overrides it.
set -euo pipefail
root=$(git rev-parse --show-toplevel)
cd "$root"
db=${KANMIN_ADVISORY_DB:-$root/../shared/advisory-db}

if [ ! -d "$db/crates" ]; then
  echo "advisory database not found at $db (expected a RustSec advisory-db checkout)" >&2
  exit 1
fi
if ! cargo audit --version >/dev/null 2>&1; then
  echo "cargo-audit is not installed: cargo install cargo-audit --locked" >&2
  exit 1
fi
[ -f "$db/SNAPSHOT" ] && echo "advisories: $(head -n 1 "$db/SNAPSHOT")"

# Advisories deny.toml ignores, each with its reason there.
ignores=()
for id in $(python3 -c 'import tomllib; print(" ".join(a["id"] for a in tomllib.load(open("deny.toml", "rb"))["advisories"]["ignore"]))'); do
  ignores+=(--ignore "$id")
done

status=0
for lock in Cargo.lock fuzz/Cargo.lock; do
  [ -f "$lock" ] || continue
  echo "== cargo audit $lock"
  # --no-fetch: the snapshot as it is; --stale: its age is no error offline. Vulnerabilities
  # and unsound code fail; unmaintained and yanked crates are reported.
  cargo audit --no-fetch --stale --db "$db" --file "$lock" --deny unsound "${ignores[@]}" || status=1
done

echo "== licences"
python3 scripts/licenses.py || status=1
[ ! -f fuzz/Cargo.toml ] || python3 scripts/licenses.py fuzz/Cargo.toml || status=1
exit $status
