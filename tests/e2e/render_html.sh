#!/usr/bin/env bash
# render_html.sh PNG_CHECK HTML PNG
# Renders a self-contained HTML report in headless Chromium (no network) to PNG, which must
# not be blank: enough colours and drawn pixels, the full window width. Chromium's log goes
# beside the PNG; the page must print nothing to the console (a script error, a blocked
# resource would: Chromium logs each console message as ":CONSOLE").
set -euo pipefail
png_check=$1; html=$2; png=$3
profile="$(dirname "$png")/chromium-profile"
log="${png%.png}.chromium.log"
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$profile" --hide-scrollbars \
  --enable-logging=stderr --v=0 \
  --window-size=1000,1400 --screenshot="$png" "file://$html" 2>"$log" || {
  cat "$log"; exit 1; }
if grep -q ":CONSOLE" "$log"; then
  echo "FAIL: $html printed to the browser console:"; grep ":CONSOLE" "$log"; exit 1
fi
"$png_check" "$png" --min-colours 8 --min-drawn 0.02 --min-width 1000
