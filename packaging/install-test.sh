#!/usr/bin/env bash
# The clean-machine install test: does the package install and run where nothing else was installed first?
#
#   bash packaging/install-test.sh PACKAGE.deb [WORK_DIR]
#
# First the package as a file: lintian finds no error in it, and its desktop entry and AppStream metadata
# validate. Then it makes a minimal Debian 12 root with mmdebstrap (apt and what it needs, from the Debian archive this machine
# uses), installs the package there with `apt-get install --no-install-recommends` and nothing else, then runs
# the installed `paddock --self-test` inside it on a virtual display started outside it. Exits non-zero when a
# step fails or the self-test finds a hard failure. The root is made in WORK_DIR (default: a folder beside the
# package) and removed afterwards; its log is kept there.
#
# Needs root (the root's files belong to root, and chroot needs it), mmdebstrap, Xvfb and the network to the
# archive. `bash packaging/dev.sh install-test` installs what is missing, builds the package and runs this.
set -euo pipefail

log() { printf 'install-test: %s\n' "$*" >&2; }

[[ $# -ge 1 && -f "$1" ]] || { log "usage: $0 PACKAGE.deb [WORK_DIR]"; exit 2; }
DEB="$(realpath "$1")"
WORK="$(realpath -m "${2:-$(dirname "$DEB")/install-test}")"
[[ $(id -u) -eq 0 ]] || { log "needs root: the minimal root's files belong to root and chroot needs it"; exit 1; }
for tool in mmdebstrap Xvfb lintian desktop-file-validate appstreamcli; do
    command -v "$tool" >/dev/null || { log "$tool is missing: bash packaging/dev.sh install-test installs it"; exit 1; }
done

ROOTFS="$WORK/root"
LOG="$WORK/install-test.log"
mkdir -p "$WORK"

# The package as a file. lintian's informational tags are listed but do not fail the test; errors do.
lintian --fail-on error --info "$DEB" 2>/dev/null >&2 || { log "lintian found errors in $(basename "$DEB")"; exit 1; }
unpacked="$WORK/unpacked"
rm -rf "$unpacked"
dpkg-deb -x "$DEB" "$unpacked"
desktop-file-validate "$unpacked"/usr/share/applications/*.desktop || { log "the desktop entry does not validate"; exit 1; }
appstreamcli validate --no-net --explain "$unpacked"/usr/share/metainfo/*.metainfo.xml >&2 \
    || { log "the AppStream metadata does not validate"; exit 1; }
rm -rf "$unpacked"
log "lintian: no errors; desktop entry and AppStream metadata valid"
# A root left by an earlier run that was killed: nothing may still be mounted in it before it goes.
if [[ -d "$ROOTFS" ]]; then
    if findmnt -rn -o TARGET | grep -q "^$ROOTFS/"; then
        log "$ROOTFS still has file systems mounted in it: unmount them first"
        exit 1
    fi
    rm -rf "$ROOTFS"
fi

# The same archive as this machine's apt: its deb822 .sources files, or its one-line sources.list.
sources=()
for file in /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list /etc/apt/sources.list; do
    [[ -s "$file" ]] && grep -qE '^[[:space:]]*(deb |Types:)' "$file" && sources+=("$file")
done
[[ ${#sources[@]} -gt 0 ]] || { log "this machine's apt has no sources to copy"; exit 1; }

# A virtual display outside the root. X clients inside reach it through its abstract socket: the root shares
# this machine's network namespace, and abstract sockets live there, not on the file system.
display=""
for n in $(seq 90 120); do
    if [[ ! -e "/tmp/.X11-unix/X$n" && ! -e "/tmp/.X$n-lock" ]]; then
        display=":$n"
        break
    fi
done
[[ -n "$display" ]] || { log "no free display number between :90 and :120"; exit 1; }
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >"$WORK/xvfb.log" 2>&1 &
xvfb_pid=$!
cleanup() {
    kill "$xvfb_pid" 2>/dev/null || true
    wait "$xvfb_pid" 2>/dev/null || true
    if ! findmnt -rn -o TARGET | grep -q "^$ROOTFS/"; then
        rm -rf "$ROOTFS"
    fi
}
trap cleanup EXIT
for _ in $(seq 50); do
    [[ -e "/tmp/.X11-unix/X${display#:}" ]] && break
    sleep 0.1
done
[[ -e "/tmp/.X11-unix/X${display#:}" ]] || { log "Xvfb did not start: see $WORK/xvfb.log"; exit 1; }

log "making a minimal Debian 12 root in $ROOTFS and installing $(basename "$DEB") (log: $LOG)"
started=$SECONDS
# --variant=apt: the Essential packages and apt, nothing more. The package goes in as a file; apt-get resolves
# its Depends from the archive, as it would on a user's machine. Then the installed program tests itself as a
# user with a home of their own would run it.
status=0
mmdebstrap --mode=root --variant=apt --format=directory \
    --aptopt='Acquire::Languages "none"' --aptopt='Acquire::Retries "3"' \
    --customize-hook="upload '$DEB' /tmp/paddock.deb" \
    --customize-hook='chroot "$1" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends /tmp/paddock.deb' \
    --customize-hook='chroot "$1" useradd --create-home --shell /bin/sh viewer' \
    --customize-hook='chroot "$1" dpkg-query -W -f "installed: \${Package} \${Version}\n" paddock' \
    --customize-hook="chroot \"\$1\" runuser -u viewer -- env -i HOME=/home/viewer DISPLAY=$display LANG=C.UTF-8 \
PATH=/usr/bin:/bin paddock --self-test" \
    bookworm "$ROOTFS" "${sources[@]}" >"$LOG" 2>&1 || status=$?
elapsed=$((SECONDS - started))

# What the self-test said, for the person reading CI's output.
sed -n '/^installed: paddock/,$p' "$LOG" | grep -v '^I: ' >&2 || true
if [[ $status -ne 0 ]]; then
    log "FAILED after ${elapsed} s (mmdebstrap exit $status); the last lines of $LOG:"
    tail -n 30 "$LOG" >&2
    exit 1
fi
log "passed in ${elapsed} s: the package installed with --no-install-recommends and its self-test passed"
