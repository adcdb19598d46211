#!/usr/bin/env bash
# respond_curve.sh MURMUR PNG_CHECK SCENARIOS WORKDIR
# murmur respond as a strategist types it: elasticities on the terminal and in
# elasticities.csv, a response curve in curve.csv and curve.html, which headless Chromium
# renders to a PNG that must not be blank (look at WORKDIR/curve.png to see it).
set -euo pipefail
murmur=$1; png_check=$2; scenarios=$3; work=$4
rm -rf "$work"; mkdir -p "$work"
"$murmur" respond "$scenarios/default.yaml" --brand MassAd --lever price --changes -10,10 -n 3 \
  --set population.customers=2000 --set steps=20 --curve ad_budget --values 0,2,8 \
  --out "$work/out" | tee "$work/terminal.txt"
grep -q "^price = 1 currency" "$work/terminal.txt"
grep -Eq "^  pooled +-[0-9.]+ \[-[0-9.]+, -[0-9.]+\]" "$work/terminal.txt"  # price lowers sales
grep -q "saturation" "$work/terminal.txt"
head -1 "$work/out/elasticities.csv" | grep -qx "lever,base_value,change,value,generation,outcome,window,n,mean,sd,ci95_low,ci95_high"
# 2 changes + pooled, 6 generations, 2 outcomes x 2 windows, and the header
[ "$(wc -l < "$work/out/elasticities.csv")" -eq $((3 * 6 * 4 + 1)) ]
grep -q "^ad_budget,8,marginal_return,3," "$work/out/curve.csv"
"$(dirname "$0")/render_html.sh" "$png_check" "$work/out/curve.html" "$work/curve.png"
