#!/bin/sh
# Installs what npm cannot bring: Debian's Chromium (Karma and Playwright drive it; browser
# downloads such as `npx playwright install` do not work on these machines) and Mosquitto
# (the interop tests' broker). Does nothing when both are present.
set -eu

missing=""
[ -x /usr/bin/chromium ] || missing="$missing chromium"
command -v mosquitto >/dev/null 2>&1 || [ -x /usr/sbin/mosquitto ] || missing="$missing mosquitto"
command -v mosquitto_pub >/dev/null 2>&1 || missing="$missing mosquitto-clients"
[ -z "$missing" ] && exit 0

echo "Installing from Debian:$missing"
if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1; then
  SUDO="sudo -n"
else
  echo "Need root (or sudo) to install:$missing" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
