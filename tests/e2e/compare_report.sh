#!/usr/bin/env bash
# compare_report.sh MURMUR PNG_CHECK DATA_DIR WORKDIR
# murmur compare writes an HTML report; headless Chromium renders it to a PNG that must not
# be blank (look at WORKDIR/report.png to see it); it says what B changes and charts B − A.
set -euo pipefail
murmur=$1; png_check=$2; data=$3; work=$4
rm -rf "$work"; mkdir -p "$work"
"$murmur" compare "$data/compare_base.yaml" "$data/compare_option.yaml" --replicates 5 --report "$work/report.html"
grep -q "<svg" "$work/report.html"
grep -qF "<h2>B − A over time</h2>" "$work/report.html"
grep -qF "<p>B differs from A in: bass.imitation_per_year (1.0 → 2.0)</p>" "$work/report.html"
"$(dirname "$0")/render_html.sh" "$png_check" "$work/report.html" "$work/report.png"
