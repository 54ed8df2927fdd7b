#!/usr/bin/env bash
# Browser tests drive Debian's chromium through Playwright (no browser download): install it once.
set -euo pipefail
browser=${CHROMIUM_PATH:-/usr/bin/chromium}
if [ -x "$browser" ]; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "browser: installing Debian's chromium for the browser tests (about 15 s)..."
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1 \
    || { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
  exit 0
fi
echo "browser: no chromium at $browser; install it (apt-get install chromium) or set CHROMIUM_PATH" >&2
exit 1
