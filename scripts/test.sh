#!/usr/bin/env bash
# The test command (README "Tests"; CI runs exactly this through .ci/run).
# Installs what the tests need on a fresh Debian machine with Rust (run as root), then runs
# every test of the workspace.
set -euo pipefail
cd "$(dirname "$0")/.."

# Build outputs outside the clone, so repeated runs on one machine reuse them.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/lumbus-target}"
export CARGO_TERM_COLOR=never

# The viewer's screenshot test renders for real: Mesa's software Vulkan (lavapipe) and the X11
# runtime libraries (loaded at run time; no -dev packages are needed to build).
if command -v apt-get >/dev/null; then
    echo "== apt-get install (viewer runtime: Vulkan software renderer, X11 libraries)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        mesa-vulkan-drivers libvulkan1 xvfb xauth libx11-6 libxcursor1 libxrandr2 libxi6 \
        libxkbcommon0 libxkbcommon-x11-0 >/dev/null
fi

echo "== cargo test (workspace)"
cargo test --workspace --all-targets --no-fail-fast

# The sweep's Slurm job array on a real single-node cluster (installs slurm-wlm's daemons and
# munge, starts and stops them itself; uses the lumbus binary built above).
echo "== Slurm job-array sweep"
LUMBUS="$CARGO_TARGET_DIR/debug/lumbus" bash scripts/test_slurm.sh
