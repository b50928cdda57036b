#!/usr/bin/env bash
# Install Debian's Chromium (and a font) for the page tests in tests/web/.
# Playwright drives /usr/bin/chromium; it never downloads a browser of its own.
set -euo pipefail

if command -v chromium >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi dejavu; then
    exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
chromium --version
