#!/usr/bin/env bash
# Installs what aralkum needs on a fresh Debian machine (idempotent; quiet when all is there).
# The Rust toolchain itself (cargo, rustc) is expected on the machine.
set -euo pipefail
if ! command -v cargo >/dev/null 2>&1; then
  echo "aralkum needs a Rust toolchain (cargo); install it with rustup or 'apt-get install cargo'." >&2
  exit 1
fi
need=()
command -v cc >/dev/null 2>&1 || need+=(gcc)
command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq "${need[@]}"
fi
