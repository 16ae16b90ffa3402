#!/usr/bin/env bash
# What the tests need from the system: headless Chromium with its driver, and a Redis server when
# none answers on REDIS_URL / 127.0.0.1:6379 (the tests then start a throwaway one themselves).
set -euo pipefail

missing=()
have() { command -v "$1" >/dev/null 2>&1; }
have chromium || have chromium-browser || have google-chrome || missing+=(chromium)
have chromedriver || missing+=(chromium-driver)
if ! have redis-server && [ -z "${REDIS_URL:-}" ] && ! (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null; then
  missing+=(redis-server)
fi
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then sudo=""; elif command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
  echo "Please install: ${missing[*]} (Debian/Ubuntu package names)" >&2; exit 1
fi
echo "Installing ${missing[*]} ..."
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
