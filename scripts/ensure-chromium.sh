#!/usr/bin/env bash
# Debian's Chromium for the browser tests (Playwright drives it by executable_path; no browser
# is ever downloaded). Installed from Debian's packages when missing and we may use apt.
set -u
command -v chromium >/dev/null 2>&1 && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq chromium >/dev/null && exit 0
fi
if [ "${CI:-}" = "true" ]; then
  echo "FATAL: Debian's chromium is required for the browser tests under CI=true" >&2
  exit 2
fi
echo "chromium not installed: the browser test will be skipped (apt-get install chromium)" >&2
exit 0
