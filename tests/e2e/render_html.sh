#!/usr/bin/env bash
# render_html.sh PNG_CHECK HTML PNG
# Renders a self-contained HTML report in headless Chromium (no network) to PNG, which must
# not be blank: enough colours and drawn pixels, the full window width. Chromium's log goes
# beside the PNG.
set -euo pipefail
png_check=$1; html=$2; png=$3
profile="$(dirname "$png")/chromium-profile"
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$profile" --hide-scrollbars \
  --window-size=1000,1400 --screenshot="$png" "file://$html" 2>"${png%.png}.chromium.log" || {
  cat "${png%.png}.chromium.log"; exit 1; }
"$png_check" "$png" --min-colours 8 --min-drawn 0.02 --min-width 1000
