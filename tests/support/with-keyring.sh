#!/usr/bin/env bash
# Runs one command against a real, private Secret Service: a throw-away D-Bus session bus with an unlocked
# gnome-keyring, both in a temporary home, so keychain tests never see (or touch) the user's own keyring.
#
#   bash tests/support/with-keyring.sh PROGRAM [ARGS...]
#
# Exports PADDOCK_TEST_KEYRING_HOME (the daemon's temporary home) so a test can check what reached the disk.
# Every process started here ends before this script returns; its exit status is the command's.
set -euo pipefail

if [[ $# -eq 0 ]]; then
    echo "with-keyring.sh: give the test program to run" >&2
    exit 2
fi
for tool in dbus-run-session dbus-send gnome-keyring-daemon; do
    if ! command -v "$tool" >/dev/null; then
        echo "with-keyring.sh: '$tool' is missing; install the test packages: bash packaging/dev.sh deps" >&2
        exit 1
    fi
done

keyring_home="$(mktemp -d "${TMPDIR:-/tmp}/paddock-keyring.XXXXXX")"
trap 'rm -rf "$keyring_home"' EXIT
mkdir -m 700 "$keyring_home/run"
export PADDOCK_TEST_KEYRING_HOME="$keyring_home"
export HOME="$keyring_home"
export XDG_DATA_HOME="$keyring_home/data"
export XDG_CONFIG_HOME="$keyring_home/config"
export XDG_CACHE_HOME="$keyring_home/cache"
export XDG_RUNTIME_DIR="$keyring_home/run"
# A desktop hint could steer QtKeychain to KWallet; this bus only has the Secret Service.
unset XDG_CURRENT_DESKTOP DESKTOP_SESSION KDE_FULL_SESSION KDE_SESSION_VERSION GNOME_DESKTOP_SESSION_ID

# Inside the private bus: start the keyring in the foreground (so its pid is ours to stop), unlocked with a
# non-empty password (an empty one creates no login collection), wait until it owns the Secret Service
# name, run the command, then stop the keyring before dbus-run-session stops the bus.
# shellcheck disable=SC2016 # expanded by the inner shell
inner='
keyring_pid=
stop_keyring() {
    if [ -n "$keyring_pid" ]; then
        kill "$keyring_pid" 2>/dev/null || true
        wait "$keyring_pid" 2>/dev/null || true
        keyring_pid=
    fi
}
trap stop_keyring EXIT
trap "exit 143" TERM INT HUP

printf "paddock-test\n" | gnome-keyring-daemon --foreground --unlock --components=secrets \
    >/dev/null 2>>"$PADDOCK_TEST_KEYRING_HOME/daemons.log" 3>&- &
keyring_pid=$!

ready=no
for _ in $(seq 1 100); do
    if dbus-send --session --print-reply --dest=org.freedesktop.DBus / org.freedesktop.DBus.NameHasOwner \
            string:org.freedesktop.secrets 2>/dev/null | grep -q "boolean true"; then
        ready=yes
        break
    fi
    if ! kill -0 "$keyring_pid" 2>/dev/null; then
        break
    fi
    sleep 0.05
done
if [ "$ready" != yes ]; then
    echo "with-keyring.sh: gnome-keyring-daemon did not start the Secret Service on the private bus" >&2
    exit 1
fi

status=0
"$@" 2>&3 3>&- || status=$?
stop_keyring
exit "$status"
'

# The daemons' own chatter (an fd limit the container refuses, gnome-keyring's harmless re-registration
# warnings) goes to a log shown only when something failed; the test's standard error stays on fd 3.
status=0
dbus-run-session -- bash -c "$inner" with-keyring "$@" 3>&2 2>>"$keyring_home/daemons.log" || status=$?
if [[ $status -ne 0 && -s "$keyring_home/daemons.log" ]]; then
    echo "with-keyring.sh: what the bus and keyring daemons said:" >&2
    cat "$keyring_home/daemons.log" >&2
fi
exit "$status"
