#!/usr/bin/env bash
# Installs what tests/test_browser.py needs, idempotently: Debian's Chromium and CJK fonts (apt), Node.js,
# and playwright-core (npm, pinned in package-lock.json, into tests/browser/node_modules). Never downloads a browser.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
fc-list :lang=zh 2>/dev/null | grep -q . || missing+=(fonts-noto-cjk)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "browser tests: apt-get install ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

want="$(sed -n 's/.*"playwright-core": "\(.*\)".*/\1/p' "$here/package.json")"
have="$(sed -n 's/.*"version": "\(.*\)".*/\1/p' "$here/node_modules/playwright-core/package.json" 2>/dev/null || true)"
if [ "$have" != "$want" ]; then
  echo "browser tests: npm ci (playwright-core $want)"
  (cd "$here" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
fi
echo "browser tests: ready ($(/usr/bin/chromium --version 2>/dev/null | head -1), playwright-core $want)"
