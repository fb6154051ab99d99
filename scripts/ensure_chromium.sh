#!/usr/bin/env bash
# Browser tests drive Debian's chromium (Playwright cannot download its own browser here).
set -euo pipefail
if [ -n "${KRING_CHROMIUM:-}" ] && [ -x "$KRING_CHROMIUM" ]; then exit 0; fi
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian's chromium for the browser tests"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    exit 0
fi
cat >&2 <<'MSG'
The browser tests need Chromium and it is not installed.
Install it with:   sudo apt-get install chromium
(or point KRING_CHROMIUM at a Chromium binary), then run the tests again.
MSG
exit 1
