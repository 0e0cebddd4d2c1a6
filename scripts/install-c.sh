#!/usr/bin/env bash
# Builds libkompetence in release and installs it under PREFIX:
#   PREFIX/lib/libkompetence.{so,a}, PREFIX/include/kompetence.h, PREFIX/lib/pkgconfig/kompetence.pc
# Usage: scripts/install-c.sh PREFIX
set -euo pipefail

if [[ $# -ne 1 ]]; then
    echo "usage: $0 PREFIX" >&2
    exit 2
fi
root="$(cd "$(dirname "$0")/.." && pwd)"
mkdir -p "$1"
prefix="$(cd "$1" && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"

echo "+ cargo build --release -p kompetence-ffi"
(cd "$root" && cargo build --release -p kompetence-ffi)

version="$(sed -n 's/^#define KOMPETENCE_VERSION "\(.*\)"$/\1/p' "$root/include/kompetence.h")"
# The system libraries a static link needs besides libkompetence.a. This is what
# `cargo rustc --crate-type staticlib -- --print native-static-libs` reports for
# x86_64/aarch64-unknown-linux-gnu; set KOMPETENCE_LIBS_PRIVATE for other targets.
libs_private="${KOMPETENCE_LIBS_PRIVATE:--lgcc_s -lutil -lrt -lpthread -lm -ldl -lc}"

install -d "$prefix/lib/pkgconfig" "$prefix/include"
install -m 0644 "$root/include/kompetence.h" "$prefix/include/kompetence.h"
install -m 0755 "$target/release/libkompetence.so" "$prefix/lib/libkompetence.so"
install -m 0644 "$target/release/libkompetence.a" "$prefix/lib/libkompetence.a"
sed -e "s|@PREFIX@|$prefix|" -e "s|@VERSION@|$version|" -e "s|@LIBS_PRIVATE@|$libs_private|" \
    "$root/bindings/c/kompetence.pc.in" > "$prefix/lib/pkgconfig/kompetence.pc"
echo "installed libkompetence $version into $prefix"
