#!/bin/sh
# Installs what `make test` needs on a fresh Debian 12 machine (run as root or with sudo).
# gcc/g++/make: builds; clang + libclang-rt-14-dev: libFuzzer and sanitizer runtimes;
# gcc-aarch64-linux-gnu + qemu-user: the NEON kernels under emulation; python3 + pip:
# tools/amalgamate and fetching the model from PyPI.
set -eu
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends \
    build-essential clang libclang-rt-14-dev gcc-aarch64-linux-gnu libc6-dev-arm64-cross \
    qemu-user python3 python3-pip ca-certificates >/dev/null
echo "install-deps: done"
