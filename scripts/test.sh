#!/usr/bin/env bash
# The whole suite (`npm test`, the README's second command, and CI): set up, then type check beside
# the unit and integration tests — the type check is about 40 s of compiler on a core, while those
# tests mostly wait for real-time footage — then the end-to-end tests. Any failure fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
mkdir -p .cache
npm run --silent typecheck > .cache/typecheck.log 2>&1 &
typecheck=$!
status=0
npm run test:unit || status=$?
[ "$status" = 0 ] && { npm run test:integration || status=$?; }
if ! wait "$typecheck"; then
  cat .cache/typecheck.log >&2
  echo "vigil: the type check failed (above)" >&2
  exit 1
fi
echo "vigil: type check passed" >&2
[ "$status" = 0 ] || exit "$status"
npm run test:e2e
