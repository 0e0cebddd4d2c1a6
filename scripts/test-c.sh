#!/usr/bin/env bash
# Builds libkompetence in release and runs the C tests in tests/c/ against it:
#   - each test compiled with gcc -std=c11 -Wall -Wextra -Werror -pedantic, linked to
#     libkompetence.so (rpath), and run;
#   - each test compiled again with -fsanitize=address,undefined, linked to libkompetence.a, and run;
#   - each test run under valgrind (definite and indirect leaks are errors);
#   - include/kompetence.h compiled on its own as C and as C++;
#   - examples/c/ built against the .so, and against an install made by scripts/install-c.sh
#     through pkg-config, and run; examples/c/recommend.c's JSON must equal the CLI's
#     `kompetence recommend --employee ID --format json` (compared as parsed JSON).
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

# The C toolchain's extras, from the distribution's registry when missing.
missing=()
command -v valgrind >/dev/null || missing+=(valgrind)
command -v pkg-config >/dev/null || missing+=(pkg-config)
command -v g++ >/dev/null || missing+=(g++)
if ((${#missing[@]})); then
    apt-get update && apt-get install -y "${missing[@]}"
fi

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

# The examples, against the freshly built library...
for src in examples/c/*.c; do
    name="$(basename "$src" .c)"
    if compile "example $name" gcc "${cflags[@]}" "$src" -L "$lib" -lkompetence -Wl,-rpath,"$lib" \
        -o "$build/$name"; then
        check "example $name" "$build/$name"
    fi
done
# ...the recommendation example prints exactly what the CLI prints for the same person...
echo "+ cargo build -p kompetence-cli"
cargo build -p kompetence-cli
same_json() {
    local id
    # A person whose recommended path has steps, so that every part of the JSON is compared.
    id="$("$target/debug/kompetence" recommend --all --format json | python3 -c \
        'import json,sys; print(next(r["employee"] for r in json.load(sys.stdin) if len(r["chosen"]["steps"]) > 1))')"
    "$build/recommend" "$id" >"$build/recommend-c.json" || return 1
    "$target/debug/kompetence" recommend --employee "$id" --format json >"$build/recommend-cli.json" || return 1
    python3 -c 'import json,sys; a,b=(json.load(open(p)) for p in sys.argv[1:]); sys.exit(0 if a==b else 1)' \
        "$build/recommend-c.json" "$build/recommend-cli.json"
}
if [ -x "$build/recommend" ]; then
    check "example recommend = kompetence recommend --format json" same_json
fi
# ...and as a host would build them: installed, found through pkg-config.
check "install-c.sh" scripts/install-c.sh "$build/prefix"
export PKG_CONFIG_PATH="$build/prefix/lib/pkgconfig"
check "pkg-config version" test "$(pkg-config --modversion kompetence)" = \
    "$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)"
for src in examples/c/*.c; do
    name="$(basename "$src" .c)"
    # shellcheck disable=SC2046 # pkg-config output is meant to be split into words
    if compile "example $name (pkg-config)" gcc -std=c11 -Wall -Wextra -Werror -pedantic "$src" \
        $(pkg-config --cflags --libs kompetence) -Wl,-rpath,"$build/prefix/lib" -o "$build/$name-pkg-config"; then
        check "example $name (pkg-config)" "$build/$name-pkg-config"
    fi
done

echo
if ((failed > 0)); then
    printf 'failed: %s\n' "${failures[@]}"
fi
echo "C tests: $passed passed, $failed failed"
((failed == 0))
