#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages flame builds and tests with, if any are
# missing. Needs root (or sudo). Swift itself is expected to be installed.
set -euo pipefail
packages=(
  perl          # reference regex checks in the tests
  pkg-config    # locates the C libraries below for SwiftPM
  zlib1g-dev    # gzip-compressed inputs
  liblzma-dev libzstd-dev libbz2-dev   # xz, zstd and bzip2-compressed inputs
  xz-utils zstd bzip2                  # the tools that make the compressed test inputs
  chromium      # browser tests of the interactive SVG
  libdw-dev libelf-dev elfutils   # DWARF symbolization (libdw) and eu-addr2line for cross-checks
  libiberty-dev                   # C++ and Rust demangling
  gcc g++ binutils                # the symbolizer tests build real binaries
  golang-go                       # go tool pprof reads flame's pprof export back; the perf.data fixtures' Go program
)
# flame record runs perf record and perf script: Debian's package is linux-perf;
# Ubuntu ships perf per kernel in linux-tools-$(uname -r).
if ! command -v perf >/dev/null; then
  if grep -qx 'ID=ubuntu' /etc/os-release 2>/dev/null; then
    packages+=(linux-tools-common "linux-tools-$(uname -r)")
  else
    packages+=(linux-perf)
  fi
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing: ${missing[*]}"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi
