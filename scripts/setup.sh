#!/usr/bin/env bash
# Sets up everything Vigil needs on a fresh Debian machine with Node 20: the Debian packages
# (ffmpeg, GStreamer, fonts) and the npm packages. Quick when all is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh
stamp=node_modules/.vigil-installed
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  echo "vigil: installing npm packages…" >&2
  npm ci --no-audit --no-fund --loglevel=error
  touch "$stamp"
fi
# The compiled build runs leaner than tsx (about 40 MB less memory); incremental, so quick.
npm run --silent build
