#!/usr/bin/env bash
# Installs the Debian packages Postroom builds, runs and tests with.
# Idempotent: only missing packages are fetched. Uses sudo when not root.
set -euo pipefail

build_packages=(
  build-essential cmake ninja-build pkg-config git
  qt6-base-dev qt6-base-dev-tools qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
  qt6-charts-dev libqt6opengl6-dev libxkbcommon-dev libqt6sql6-sqlite libqt6svg6
  qt6-translations-l10n qtkeychain-qt6-dev
  libcurl4-openssl-dev libsqlite3-dev libssl-dev libgumbo-dev libgl-dev
  fonts-wqy-microhei
)
test_packages=(
  sqlite3 python3 python3-aiosmtpd python3-dkim python3-nacl postfix openssl
  dbus-daemon dnsmasq-base
  xvfb xauth imagemagick clang clang-format libclang-rt-14-dev time
)

wanted=("${build_packages[@]}")
if [[ "${1:-}" == "--test" ]]; then
  wanted+=("${test_packages[@]}")
fi

missing=()
for pkg in "${wanted[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "postroom: installing ${missing[*]}" >&2
sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then
  sudo_cmd=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
