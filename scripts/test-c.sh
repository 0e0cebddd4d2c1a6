#!/usr/bin/env bash
# Builds libkompetence in release and runs the C tests in tests/c/ against it:
#   - each test compiled with gcc -std=c11 -Wall -Wextra -Werror -pedantic, linked to
#     libkompetence.so (rpath), and run;
#   - each test compiled again with -fsanitize=address,undefined, linked to libkompetence.a, and run;
#   - each test run under valgrind (definite and indirect leaks are errors);
#   - include/kompetence.h compiled on its own as C and as C++;
#   - examples/c/ built against the .so, and against an install made by scripts/install-c.sh
#     through pkg-config, and run.
# Prints `C tests: N passed, M failed` last and exits non-zero when anything failed.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
target="${CARGO_TARGET_DIR:-$root/target}"
lib="$target/release"
build="$target/c-tests"
data="$root/tests/data"
cflags=(-std=c11 -Wall -Wextra -Werror -pedantic -g -I "$root/include")
libs_private=(-lgcc_s -lutil -lrt -lpthread -lm -ldl -lc)

passed=0
failed=0
failures=()

# Runs one check (a command), printing it; counts it as passed or failed.
check() {
    local name="$1"
    shift
    echo "+ $*"
    if "$@"; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        failures+=("$name")
        echo "FAILED: $name"
    fi
}

# Compiles a C file; a failed compile counts as a failed check and stops that variant.
compile() {
    local name="$1"
    shift
    echo "+ $*"
    if "$@"; then
        return 0
    fi
    failed=$((failed + 1))
    failures+=("compile $name")
    echo "FAILED: compile $name"
    return 1
}

command -v valgrind >/dev/null || (apt-get update && apt-get install -y valgrind)

echo "+ cargo build --release -p kompetence-ffi"
cargo build --release -p kompetence-ffi
rm -rf "$build"
mkdir -p "$build"

check "header as C" gcc "${cflags[@]}" -fsyntax-only -x c include/kompetence.h
check "header as C++" g++ -std=c++11 -Wall -Wextra -Werror -pedantic -fsyntax-only -x c++ include/kompetence.h

for src in tests/c/test_*.c; do
    name="$(basename "$src" .c)"
    if compile "$name" gcc "${cflags[@]}" -pthread "$src" -L "$lib" -lkompetence -Wl,-rpath,"$lib" \
        -o "$build/$name"; then
        check "$name" "$build/$name" "$data"
        check "$name (valgrind)" valgrind -q --error-exitcode=1 --leak-check=full \
            --errors-for-leak-kinds=definite,indirect "$build/$name" "$data"
    fi
    if compile "$name (asan)" gcc "${cflags[@]}" -fsanitize=address,undefined -fno-omit-frame-pointer \
        -fno-sanitize-recover=undefined -pthread "$src" "$lib/libkompetence.a" "${libs_private[@]}" \
        -o "$build/$name-asan"; then
        check "$name (asan+ubsan)" env ASAN_OPTIONS=detect_leaks=1 "$build/$name-asan" "$data"
    fi
done

# The example, against the freshly built library...
if compile "example needs" gcc "${cflags[@]}" examples/c/needs.c -L "$lib" -lkompetence -Wl,-rpath,"$lib" \
    -o "$build/needs"; then
    check "example needs" "$build/needs"
fi
# ...and as a host would build it: installed, found through pkg-config.
check "install-c.sh" scripts/install-c.sh "$build/prefix"
export PKG_CONFIG_PATH="$build/prefix/lib/pkgconfig"
check "pkg-config version" test "$(pkg-config --modversion kompetence)" = \
    "$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)"
# shellcheck disable=SC2046 # pkg-config output is meant to be split into words
if compile "example needs (pkg-config)" gcc -std=c11 -Wall -Wextra -Werror -pedantic examples/c/needs.c \
    $(pkg-config --cflags --libs kompetence) -Wl,-rpath,"$build/prefix/lib" -o "$build/needs-pkg-config"; then
    check "example needs (pkg-config)" "$build/needs-pkg-config"
fi

echo
if ((failed > 0)); then
    printf 'failed: %s\n' "${failures[@]}"
fi
echo "C tests: $passed passed, $failed failed"
((failed == 0))
