#!/usr/bin/env bash
# Install the Debian/Ubuntu packages the portal and its tests need, if any is
# missing: Chromium (browser tests), PostgreSQL (the PostgreSQL test run),
# DejaVu fonts (certificates), poppler and zbar (reading PDFs and QR codes).
set -euo pipefail

wanted=(python3-venv chromium postgresql fonts-dejavu-core poppler-utils zbar-tools)
missing=()
for package in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
# A Python built outside Debian (pyenv, say) has venv without the Debian package.
if python3 -m venv --help >/dev/null 2>&1; then
  missing=("${missing[@]/python3-venv}")
fi
missing=($(printf '%s\n' "${missing[@]}" | grep -v '^$' || true))
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=()
[ "$(id -u)" = 0 ] || sudo=(sudo)
echo "Installing system packages: ${missing[*]}"
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
