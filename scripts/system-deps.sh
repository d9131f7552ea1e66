#!/usr/bin/env bash
# Installs the Debian packages Vigil needs (ffmpeg, GStreamer RTSP server for simulated cameras,
# fonts, PDF tools, and Chromium: test/e2e drives /usr/bin/chromium). Idempotent: does nothing
# when all are present.
set -euo pipefail

packages=(
  ffmpeg
  python3-gi gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-base gstreamer1.0-plugins-good
  gstreamer1.0-plugins-bad gstreamer1.0-tools
  fonts-dejavu-core fonts-liberation2 poppler-utils
  chromium
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "vigil: installing system packages: ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
