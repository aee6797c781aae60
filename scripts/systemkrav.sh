#!/usr/bin/env bash
# Check (and on Debian/Ubuntu as root: install) the system libraries WeasyPrint needs.
# Pango is required; HarfBuzz's subsetter is optional but makes PDF writing several times
# faster and silences a warning on every render.
#   scripts/systemkrav.sh          what reportgen needs
#   scripts/systemkrav.sh --test   and what the tests need too: Chromium for the browser test
set -euo pipefail

required=(libpango-1.0.so.0:libpango-1.0-0 libpangoft2-1.0.so.0:libpangoft2-1.0-0 libfontconfig.so.1:libfontconfig1)
optional=(libharfbuzz-subset.so.0:libharfbuzz-subset0)

# grep without -q reads all input, so ldconfig never dies of SIGPIPE under pipefail.
has_lib() { ldconfig -p 2>/dev/null | grep -F "$1" >/dev/null; }

missing_packages() {
  local entry
  for entry in "$@"; do
    has_lib "${entry%%:*}" || echo "${entry##*:}"
  done
}

install_packages() {
  # Only where we may: as root on a machine with apt-get.
  [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 || return 1
  echo "Installerer systempakker: $*" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null 2>&1 \
    || { apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null 2>&1; }
}

mapfile -t need < <(missing_packages "${required[@]}")
if [ "${#need[@]}" -gt 0 ]; then
  if ! install_packages "${need[@]}" || [ -n "$(missing_packages "${required[@]}")" ]; then
    echo "reportgen mangler systembiblioteker til PDF: ${need[*]}" >&2
    echo "Installer dem med:  sudo apt-get install ${need[*]}" >&2
    exit 1
  fi
fi

mapfile -t nice < <(missing_packages "${optional[@]}")
if [ "${#nice[@]}" -gt 0 ]; then
  install_packages "${nice[@]}" || \
    echo "Bemærk: ${nice[*]} mangler; PDF'er bygges, men langsommere. Installer med: sudo apt-get install ${nice[*]}" >&2
fi
if [ "${1:-}" = "--test" ] && ! command -v chromium >/dev/null 2>&1; then
  # The preview's browser test drives Debian's Chromium; Playwright downloads no browser.
  if ! install_packages chromium || ! command -v chromium >/dev/null 2>&1; then
    echo "Browsertesten af 'reportgen preview' kræver Chromium, som mangler." >&2
    echo "Installer den med:  sudo apt-get install chromium" >&2
    exit 1
  fi
fi
exit 0
