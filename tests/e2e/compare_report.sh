#!/usr/bin/env bash
# compare_report.sh MURMUR DATA_DIR WORKDIR
# murmur compare writes an HTML report; headless Chromium renders it to a PNG that must not
# be blank (look at WORKDIR/report.png to see it).
set -euo pipefail
murmur=$1; data=$2; work=$3
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work"; mkdir -p "$work"
"$murmur" compare "$data/compare_base.yaml" "$data/compare_option.yaml" --replicates 5 --report "$work/report.html"
grep -q "<svg" "$work/report.html"
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$work/profile" --hide-scrollbars \
  --window-size=1000,1400 --screenshot="$work/report.png" "file://$work/report.html" 2>"$work/chromium.log" || {
  cat "$work/chromium.log"; exit 1; }
python3 "$here/png_check.py" "$work/report.png" --min-colours 8 --min-width 1000
