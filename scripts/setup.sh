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
# For `npm test`: encode the camera simulator's test clips (a few minutes of ffmpeg on a fresh
# machine, nothing once they are there) in the background while the build, the type check and the
# unit tests run. The integration and e2e global setup (test/integration/global-setup.ts) waits for
# the same lock before it looks for the clips.
if [ "${npm_lifecycle_event:-}" = test ]; then
  mkdir -p .cache/camsim
  setsid flock .cache/camsim/encode.lock node --import tsx --input-type=module \
    -e "import { prepareClips } from './tools/camsim/camsim.ts'; await prepareClips('.cache/camsim', 60);" \
    > .cache/camsim/encode.log 2>&1 < /dev/null &
fi
# The compiled build runs leaner than tsx (about 40 MB less memory); incremental, so quick.
# The server (tsc) and the web app (vite) build side by side; the web app only when web/dist is
# missing or older than its sources (the same sources test/e2e/build-web.ts checks).
web_sources=(web/src web/public web/index.html web/vite.config.ts src/contract src/domain package-lock.json)
web_stale() {
  [ ! -f web/dist/index.html ] && return 0
  [ -n "$(find "${web_sources[@]}" -newer web/dist/index.html -print -quit 2>/dev/null)" ]
}
npx tsc -p tsconfig.build.json &
server_build=$!
web_status=0
if web_stale; then npm run --silent build:web || web_status=$?; fi
server_status=0
wait "$server_build" || server_status=$?
if [ "$server_status" != 0 ] || [ "$web_status" != 0 ]; then
  echo "vigil: the build failed" >&2
  exit 1
fi
