#!/usr/bin/env bash
# Developer entry point: installs what is missing, builds, and runs Paddock or its tests.
#
#   bash packaging/dev.sh run [paddock options]   install, build, launch (demo mode when no API key is set)
#   bash packaging/dev.sh test [ctest options]    install, build, run the whole test suite
#   bash packaging/dev.sh build                   install and build only
#   bash packaging/dev.sh deps                    install the Debian packages only
#   bash packaging/dev.sh sim [paddock-sim opts]  install, build, run the simulator by itself
#   bash packaging/dev.sh package                 build a Release Debian package paddock_<version>_amd64.deb
#                                                 (build/package, or PADDOCK_BUILD_DIR) and print its path
#   bash packaging/dev.sh install-test            build that package, install it in a minimal Debian 12 root
#                                                 made with mmdebstrap, run its paddock --self-test there
#   bash packaging/dev.sh sanitize [ctest opts]   build the whole suite with clang, AddressSanitizer and
#                                                 UndefinedBehaviorSanitizer (build/sanitize), run it
#   bash packaging/dev.sh fuzz [seconds]          build the libFuzzer targets (build/fuzz), run each for
#                                                 seconds (default 60); fails if any crashed (inputs kept in
#                                                 build/fuzz/crashes/)
#
# Idempotent and quiet when everything is already in place. Needs Debian 12 (bookworm), run as root
# or with sudo for the first install.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [[ "${CI:-}" == "true" ]]; then
    BUILD_DIR="${PADDOCK_BUILD_DIR:-$ROOT/build/ci}"
    WERROR=ON
else
    BUILD_DIR="${PADDOCK_BUILD_DIR:-$ROOT/build/dev}"
    WERROR="${PADDOCK_WERROR:-OFF}"
fi

# Build: compiler, CMake, Qt 6.4 modules, QtKeychain.
BUILD_PACKAGES=(
    g++ cmake ninja-build pkg-config
    qt6-base-dev qt6-base-dev-tools qt6-multimedia-dev qt6-httpserver-dev qt6-websockets-dev
    qt6-svg-dev qtkeychain-qt6-dev libqt6sql6-sqlite
    libavformat-dev libavcodec-dev libavutil-dev libswscale-dev libswresample-dev
)
# Run: platform and image plugins, playback of H.264/AAC, the simulator's renderer and its font.
RUNTIME_PACKAGES=(
    qt6-image-formats-plugins
    gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad gstreamer1.0-libav
    ffmpeg fonts-dejavu-core libsecret-1-0
)
# Tests: a virtual display, a real Secret Service for the keychain tests, and what runs exported code.
TEST_PACKAGES=(xvfb xauth dbus gnome-keyring curl python3)
# Packaging: dpkg-shlibdeps finds the libraries' packages, file tells it which files are programs.
PACKAGE_PACKAGES=(dpkg-dev file)
# The clean-machine install test: lintian and the desktop and AppStream validators, a minimal Debian root made
# from the archive, and a virtual display outside it.
INSTALL_TEST_PACKAGES=(lintian desktop-file-utils appstream mmdebstrap xvfb)
# Sanitizers and fuzzing: clang with its runtimes (libFuzzer, ASan, UBSan) and a symbolizer for readable reports.
CLANG_PACKAGES=(clang libclang-rt-14-dev llvm)

log() { printf 'paddock: %s\n' "$*" >&2; }

as_root() {
    if [[ $(id -u) -eq 0 ]]; then
        "$@"
    elif command -v sudo >/dev/null; then
        sudo "$@"
    else
        log "installing packages needs root: run as root or install sudo"
        exit 1
    fi
}

install_missing() {
    local missing=()
    local pkg
    for pkg in "$@"; do
        if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
            missing+=("$pkg")
        fi
    done
    [[ ${#missing[@]} -eq 0 ]] && return 0
    if ! command -v apt-get >/dev/null; then
        log "missing packages (${missing[*]}) and no apt-get: this script needs Debian 12 or a relative"
        exit 1
    fi
    log "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    as_root apt-get update -qq
    as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

configure_and_build() {
    if [[ ! -f "$BUILD_DIR/build.ninja" ]]; then
        cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
            -DPADDOCK_WERROR="$WERROR" --log-level=WARNING >/dev/null
    fi
    cmake --build "$BUILD_DIR" -j"$(nproc)" -- --quiet
}

# Runs ctest in build directory $1 with the rest as its options.
exec_ctest() {
    cd "$1"
    shift
    # Tests that show video need a display; give them a private virtual one when there is none.
    if [[ -z "${DISPLAY:-}" ]] && command -v xvfb-run >/dev/null; then
        exec xvfb-run -a -s "-screen 0 1600x1000x24" ctest --output-on-failure -j"$(nproc)" "$@"
    fi
    exec ctest --output-on-failure -j"$(nproc)" "$@"
}

# A clang build in its own directory: $1 the directory, then extra CMake options. Reuses ccache when there is one.
configure_and_build_clang() {
    local dir="$1"
    shift
    if [[ ! -f "$dir/build.ninja" ]]; then
        local launcher=()
        command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
        # -O1 and line tables only: the sanitizers' advice, and a third quicker to build than -O2 -g.
        cmake -S "$ROOT" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
            "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -gline-tables-only -DNDEBUG" -DPADDOCK_WERROR="$WERROR" \
            "${launcher[@]}" "$@" --log-level=WARNING >/dev/null
    fi
}

# Stop at the first error with a full report; leaks inside system libraries are listed in the suppression file.
sanitizer_environment() {
    export ASAN_OPTIONS="check_initialization_order=1:detect_leaks=1"
    export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:suppressions=$ROOT/tests/sanitizers/ubsan.supp"
    export LSAN_OPTIONS="suppressions=$ROOT/tests/sanitizers/lsan.supp:print_suppressions=0"
}

# Builds the Release package in its own folder and prints the path of paddock_<version>_<arch>.deb.
build_package() {
    # A folder of its own by default: the package is a Release build without the tests, not the developer's.
    local dir="${PADDOCK_BUILD_DIR:-$ROOT/build/package}"
    # Debian's hardening flags (stack protector, fortified functions, full RELRO with immediate binding), without
    # its -g: the package is stripped.
    export DEB_BUILD_MAINT_OPTIONS=hardening=+all
    local cxxflags
    cxxflags="$(dpkg-buildflags --get CPPFLAGS) $(dpkg-buildflags --get CXXFLAGS)"
    cmake -S "$ROOT" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DPADDOCK_BUILD_TESTS=OFF \
        "-DCMAKE_CXX_FLAGS=${cxxflags//-g /}" "-DCMAKE_EXE_LINKER_FLAGS=$(dpkg-buildflags --get LDFLAGS)" \
        -DPADDOCK_WERROR="$WERROR" --log-level=WARNING >/dev/null
    cmake --build "$dir" -j"$(nproc)" -- --quiet >&2
    (cd "$dir" && cpack -G DEB >"$dir/cpack.log" 2>&1) || { cat "$dir/cpack.log" >&2; exit 1; }
    local version deb
    version="$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$dir/CMakeCache.txt")"
    deb="$dir/paddock_${version}_$(dpkg --print-architecture).deb"
    [[ -f "$deb" ]] || { log "cpack made no $deb: see $dir/cpack.log"; exit 1; }
    echo "$deb"
}

cmd="${1:-run}"
shift || true
case "$cmd" in
    deps)
        install_missing "${BUILD_PACKAGES[@]}" "${RUNTIME_PACKAGES[@]}" "${TEST_PACKAGES[@]}"
        ;;
    build)
        install_missing "${BUILD_PACKAGES[@]}" "${RUNTIME_PACKAGES[@]}"
        configure_and_build
        ;;
    run)
        install_missing "${BUILD_PACKAGES[@]}" "${RUNTIME_PACKAGES[@]}"
        configure_and_build
        exec "$BUILD_DIR/app/paddock" "$@"
        ;;
    sim)
        install_missing "${BUILD_PACKAGES[@]}" "${RUNTIME_PACKAGES[@]}"
        configure_and_build
        exec "$BUILD_DIR/app/paddock-sim" "$@"
        ;;
    test)
        install_missing "${BUILD_PACKAGES[@]}" "${RUNTIME_PACKAGES[@]}" "${TEST_PACKAGES[@]}"
        configure_and_build
        exec_ctest "$BUILD_DIR" "$@"
        ;;
    package)
        install_missing "${BUILD_PACKAGES[@]}" "${RUNTIME_PACKAGES[@]}" "${PACKAGE_PACKAGES[@]}"
        build_package
        ;;
    install-test)
        install_missing "${BUILD_PACKAGES[@]}" "${RUNTIME_PACKAGES[@]}" "${PACKAGE_PACKAGES[@]}" \
            "${INSTALL_TEST_PACKAGES[@]}"
        deb="$(build_package)"
        as_root bash "$ROOT/packaging/install-test.sh" "$deb"
        ;;
    sanitize)
        install_missing "${BUILD_PACKAGES[@]}" "${RUNTIME_PACKAGES[@]}" "${TEST_PACKAGES[@]}" "${CLANG_PACKAGES[@]}"
        SAN_DIR="${PADDOCK_SANITIZE_DIR:-$ROOT/build/sanitize}"
        configure_and_build_clang "$SAN_DIR" -DPADDOCK_SANITIZE=ON
        cmake --build "$SAN_DIR" -j"$(nproc)" -- --quiet
        sanitizer_environment
        exec_ctest "$SAN_DIR" "$@"
        ;;
    fuzz)
        seconds="${1:-60}"
        install_missing "${BUILD_PACKAGES[@]}" "${RUNTIME_PACKAGES[@]}" "${CLANG_PACKAGES[@]}"
        FUZZ_DIR="${PADDOCK_FUZZ_DIR:-$ROOT/build/fuzz}"
        configure_and_build_clang "$FUZZ_DIR" -DPADDOCK_SANITIZE=ON -DPADDOCK_FUZZ=ON
        cmake --build "$FUZZ_DIR" -j"$(nproc)" --target paddock_fuzzers -- --quiet
        sanitizer_environment
        export QT_QPA_PLATFORM=offscreen
        mkdir -p "$FUZZ_DIR/crashes"
        failed=()
        for seeds in "$ROOT"/tests/fuzz/corpus/*/; do
            name="$(basename "$seeds")"
            # New inputs go to a working corpus under build/ (the first folder); the committed seeds stay as they are.
            mkdir -p "$FUZZ_DIR/corpus/$name"
            log "fuzzing $name for ${seconds} s"
            if ! "$FUZZ_DIR/tests/fuzz/fuzz_$name" -max_total_time="$seconds" -timeout=10 -print_final_stats=1 \
                -artifact_prefix="$FUZZ_DIR/crashes/$name-" "$FUZZ_DIR/corpus/$name" "$seeds" \
                >"$FUZZ_DIR/$name.log" 2>&1; then
                log "fuzz_$name found a problem: see $FUZZ_DIR/$name.log and $FUZZ_DIR/crashes/"
                tail -n 40 "$FUZZ_DIR/$name.log" >&2
                failed+=("$name")
            else
                log "$(grep -E '^stat::number_of_executed_units' "$FUZZ_DIR/$name.log" | awk '{print $2}') inputs, no crash"
            fi
        done
        [[ ${#failed[@]} -eq 0 ]] || { log "crashes in: ${failed[*]}"; exit 1; }
        ;;
    *)
        log "unknown command '$cmd': use run, test, build, deps, sim, package, install-test, sanitize or fuzz"
        exit 2
        ;;
esac
