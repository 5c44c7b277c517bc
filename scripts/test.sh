#!/usr/bin/env bash
# The test command (README "Tests"; CI runs exactly this through .ci/run).
# Installs what the tests need on a fresh Debian machine with Rust (run as root), then runs
# every test of the workspace.
set -euo pipefail
cd "$(dirname "$0")/.."

# Build outputs outside the clone, so repeated runs on one machine reuse them.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/lumbus-target}"
export CARGO_TERM_COLOR=never

echo "== cargo test (workspace)"
cargo test --workspace --all-targets --no-fail-fast
