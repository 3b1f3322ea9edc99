#!/usr/bin/env bash
# Every test of the workspace (unit, property, reference-vector and command-line tests).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cargo test --workspace --all-targets --no-fail-fast
cargo test --workspace --doc
