#!/usr/bin/env bash
# compare_report.sh MURMUR PNG_CHECK DATA_DIR WORKDIR
# murmur compare writes an HTML report; headless Chromium renders it to a PNG that must not
# be blank (look at WORKDIR/report.png to see it).
set -euo pipefail
murmur=$1; png_check=$2; data=$3; work=$4
rm -rf "$work"; mkdir -p "$work"
"$murmur" compare "$data/compare_base.yaml" "$data/compare_option.yaml" --replicates 5 --report "$work/report.html"
grep -q "<svg" "$work/report.html"
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$work/profile" --hide-scrollbars \
  --window-size=1000,1400 --screenshot="$work/report.png" "file://$work/report.html" 2>"$work/chromium.log" || {
  cat "$work/chromium.log"; exit 1; }
"$png_check" "$work/report.png" --min-colours 8 --min-drawn 0.02 --min-width 1000
