#!/usr/bin/env bash
# Developer entry point: installs what is missing, builds, and runs Paddock or its tests.
#
#   bash packaging/dev.sh run [paddock options]   install, build, launch (demo mode when no API key is set)
#   bash packaging/dev.sh test [ctest options]    install, build, run the whole test suite
#   bash packaging/dev.sh build                   install and build only
#   bash packaging/dev.sh deps                    install the Debian packages only
#   bash packaging/dev.sh sim [paddock-sim opts]  install, build, run the simulator by itself
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
)
# Run: platform and image plugins, playback of H.264/AAC, the simulator's renderer and its font.
RUNTIME_PACKAGES=(
    qt6-qpa-plugins qt6-image-formats-plugins
    gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad gstreamer1.0-libav
    ffmpeg fonts-dejavu-core libsecret-1-0
)
# Tests: a virtual display, a real Secret Service for the keychain tests, and what runs exported code.
TEST_PACKAGES=(xvfb xauth dbus gnome-keyring curl python3)

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
        cd "$BUILD_DIR"
        # Tests that show video need a display; give them a private virtual one when there is none.
        if [[ -z "${DISPLAY:-}" ]] && command -v xvfb-run >/dev/null; then
            exec xvfb-run -a -s "-screen 0 1600x1000x24" ctest --output-on-failure -j"$(nproc)" "$@"
        fi
        exec ctest --output-on-failure -j"$(nproc)" "$@"
        ;;
    *)
        log "unknown command '$cmd': use run, test, build, deps or sim"
        exit 2
        ;;
esac
