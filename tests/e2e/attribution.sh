#!/usr/bin/env bash
# attribution.sh MURMUR SCENARIO_DIR WORKDIR
# murmur run --attribution (issue 18) writes the new_by_* and lost_to_* flows beside the usual
# metrics, records the option in the manifest as its override, and leaves every other row of
# metrics.csv as it is without the option.
set -euo pipefail
murmur=$1; scenarios=$(realpath "$2"); work=$3
rm -rf "$work"; mkdir -p "$work"
"$murmur" run "$scenarios/default.yaml" --steps 12 --attribution -q --out "$work/with"
"$murmur" run "$scenarios/default.yaml" --steps 12 -q --out "$work/without"
fail() { echo "FAIL: $*"; exit 1; }
for metric in new_by_advertising new_by_word_of_mouth new_by_referral new_by_offer new_by_local \
  new_by_seeding new_by_earlier lost_to_base lost_to_dissatisfaction lost_to_rival lost_to_exit; do
  grep -q ",$metric," "$work/with/metrics.csv" || fail "no $metric rows"
done
grep -q '"output.attribution=true"' "$work/with/manifest.json" || fail "the manifest lacks the override"
if grep -q ",new_by_" "$work/without/metrics.csv"; then fail "attribution rows without the option"; fi
diff <(grep -v -E ",(new_by|lost_to)_" "$work/with/metrics.csv") "$work/without/metrics.csv" \
  || fail "attribution changed other metrics"
echo "ok: attribution rows present, everything else unchanged"
