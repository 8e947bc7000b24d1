#!/usr/bin/env bash
# The scale test too slow for debug builds: 100,000 records built in release mode.
#   scripts/stress.sh
set -euo pipefail
cd "$(git rev-parse --show-toplevel)"
cargo test --release --test hostile -- --ignored --nocapture records_at_scale
