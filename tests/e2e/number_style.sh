#!/usr/bin/env bash
# Issue 16.15: run, compare, batch and respond print numbers in one style (sim/core/number_format):
# percentages with two decimals, "mean [lo, hi]", "[NA]" for one replicate, never 1e-05; units
# under or beside the metric names; a legend under the run summary and in `run --help`; and the
# delivery-gap scenario's summary shows believers, the number its question asks for.
set -euo pipefail
murmur=$1 scenarios=$2 data=$3 work=$4
rm -rf "$work" && mkdir -p "$work"

fail() { echo "FAIL: $1"; echo "--- output:"; cat "$2"; exit 1; }
has() { grep -Eq -- "$2" "$1" || fail "$3 (no /$2/)" "$1"; }
lacks() { ! grep -Eq -- "$2" "$1" || fail "$3 (matches /$2/)" "$1"; }
percent='-?[0-9]+\.[0-9]{2}%'
estimate="-?[0-9.]+%? \[-?[0-9.]+%?, -?[0-9.]+%?\]"
one_style() {  # no scientific notation, and every percentage a number has two decimals
  lacks "$1" '[0-9]e[-+]?[0-9]' "$2 prints scientific notation"
  # Not numbers: "95% CI", the discount rate in the legend, respond's given changes (+10%).
  sed -E 's/95% CI|10%\/year|pass 100%|^  [-+][0-9]+% //' "$1" >"$1.numbers"
  lacks "$1.numbers" '(^|[^0-9.])[0-9]+(\.[0-9]|\.[0-9]{3,})?%' \
    "$2 prints a percentage without two decimals"
}

# run: the delivery gap's question is how many brands believe and how many customers agree.
"$murmur" run "$scenarios/delivery_gap.yaml" --steps 8 --out "$work/run" >"$work/run.txt"
one_style "$work/run.txt" run
has "$work/run.txt" '^  brand .* agreeing +believers$' "the run summary has no believers column"
has "$work/run.txt" "^  all .* $percent +$percent$" "the market row shows no agreeing and believers"
has "$work/run.txt" '^ +% +% +% +points +% +currency +currency +% +0-10 scale +% +%$' \
  "the run summary's units row"
has "$work/run.txt" '^  columns \(final week' "the run summary has no legend"
has "$work/run.txt" '^    believers +brands whose claim beats' "the legend does not explain believers"
has "$work/run.txt" '^    gap +delivery gap: claim - customers' "the legend does not explain gap"
has "$work/run.txt" '^  Alder .* [0-9]+\.[0-9]{2}% ' "a brand row's share is not a percentage"

"$murmur" run --help >"$work/help.txt"
has "$work/help.txt" 'clv \(currency\) +lifetime value' "run --help does not explain clv"
has "$work/help.txt" 'agreeing \(%\) +customers who agree' "run --help does not explain agreeing"

# compare: the same percentages and intervals, units beside the metric.
"$murmur" compare "$scenarios/bass.yaml" --set-b bass.imitation_per_year=0.5 --steps 20 -n 3 \
  --report "$work/compare.html" >"$work/compare.txt"
one_style "$work/compare.txt" compare
has "$work/compare.txt" '^  brand +metric \(unit\)' "compare's header has no units"
has "$work/compare.txt" "^  product +adoption \(%\) +$percent \[$percent, $percent\] " \
  "compare does not print a share as a percentage estimate"
has "$work/compare.html" "<td>adoption \(%\)</td><td>$percent <small>\[$percent, $percent\]</small>" \
  "the compare report's table is not in the terminal's style"

# batch: the same, and [NA] for one replicate.
"$murmur" batch "$data/experiment_small.yaml" --out "$work/batch" >"$work/batch.txt"
one_style "$work/batch.txt" batch
has "$work/batch.txt" 'adoption \(%\) +new_adopters$' "batch's header has no units"
has "$work/batch.txt" "^  0 .* $percent \[$percent, $percent\] +$estimate$" "batch's estimates"
"$murmur" batch "$data/experiment_one_replicate.yaml" --out "$work/batch1" >"$work/batch1.txt"
has "$work/batch1.txt" "^  0 .* $percent \[NA\]$" "batch writes one replicate's estimate differently"

# respond: the same estimates and percentages.
"$murmur" respond "$scenarios/default.yaml" --brand MassAd --lever price --changes -10,10 -n 2 \
  --set population.customers=2000 --set steps=8 --out "$work/respond" >"$work/respond.txt"
one_style "$work/respond.txt" respond
has "$work/respond.txt" "mean share $percent\)" "respond's base share"
has "$work/respond.txt" "^  pooled +$estimate " "respond's estimates"
echo "ok"
