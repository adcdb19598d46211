#!/usr/bin/env bash
# run_report.sh MURMUR PNG_CHECK SCENARIOS WORKDIR
# murmur run --report writes report.html into the run directory; murmur report writes the same
# bytes from the directory later; headless Chromium renders it without console errors to a PNG
# that must not be blank (look at WORKDIR/report.png); with --cascades it has the word-of-mouth
# cascades section (WORKDIR/cascades.png). Bad input: exit 2, the file named,
# nothing written.
set -euo pipefail
murmur=$1; png_check=$2; scenarios=$3; work=$4
rm -rf "$work"; mkdir -p "$work"
"$murmur" run "$scenarios/default.yaml" --report --out "$work/run" | tee "$work/terminal.txt"
grep -qF "$work/run/report.html" "$work/terminal.txt"
report="$work/run/report.html"
grep -qF "<h1>Run report: default</h1>" "$report"
grep -qF "<h2>Adoptions and losses by cause</h2>" "$report"
grep -q "<svg" "$report"
grep -qF "Persona took the lead from MassAd in week" "$report"   # the default scenario's story
# self-contained: no script, no link to anything outside the file
if grep -Eq "<script|(src|href)=" "$report"; then echo "FAIL: the report is not self-contained"; exit 1; fi
if [ -e "$report.tmp" ]; then echo "FAIL: a temporary file was left"; exit 1; fi
# the same file again, from the run directory
"$murmur" report "$work/run" --out "$work/again.html"
cmp "$report" "$work/again.html"
cp "$report" "$work/first.html"
"$murmur" report "$work/run"
cmp "$work/first.html" "$report"
"$(dirname "$0")/render_html.sh" "$png_check" "$report" "$work/report.png"
if grep -q "cascade" "$report"; then echo "FAIL: a run without --cascades has a cascade section"; exit 1; fi

# with --cascades: the word-of-mouth cascades section, its sentence, the same bytes again
"$murmur" run "$scenarios/default.yaml" --attribution --cascades --quiet --report --out "$work/cascades"
grep -qF "<h2>Word-of-mouth cascades</h2>" "$work/cascades/report.html"
grep -qF "<h3>Cascade sizes</h3>" "$work/cascades/report.html"
grep -qF "word of mouth went furthest: its largest cascade reached" "$work/cascades/report.html"
"$murmur" report "$work/cascades" --out "$work/cascades_again.html"
cmp "$work/cascades/report.html" "$work/cascades_again.html"
"$(dirname "$0")/render_html.sh" "$png_check" "$work/cascades/report.html" "$work/cascades.png"

# an intervention's week is marked and labelled; a hostile brand name reaches the page escaped
"$murmur" run "$scenarios/empowered.yaml" --steps 30 --quiet --report --out "$work/scandal" \
  --set 'brands[0].name=<script>"Q'"'"'</script>'
grep -qF 'class="marker"' "$work/scandal/report.html"
grep -qF '>service scandal</text>' "$work/scandal/report.html"
grep -qF '&lt;script&gt;&quot;Q&#39;&lt;/script&gt;' "$work/scandal/report.html"
if grep -q "<script" "$work/scandal/report.html"; then echo "FAIL: a name reached the page unescaped"; exit 1; fi
"$(dirname "$0")/render_html.sh" "$png_check" "$work/scandal/report.html" "$work/scandal.png"

# bad input: exit 2 naming the file, nothing written
expect_refusal() {  # PATTERN DIR
  set +e; output=$("$murmur" report "$2" 2>&1); code=$?; set -e
  echo "$output"
  [ "$code" -eq 2 ] || { echo "FAIL: exit code $code, expected 2"; exit 1; }
  grep -Eq -- "$1" <<<"$output" || { echo "FAIL: no /$1/ in the message"; exit 1; }
  if ls "$2" 2>/dev/null | grep -q "report"; then echo "FAIL: $2 holds a report"; exit 1; fi
}
mkdir -p "$work/no_metrics" "$work/bad_manifest" "$work/bad_metrics"
cp "$work/run/manifest.json" "$work/no_metrics/"
expect_refusal "no_metrics/metrics.csv: error: the .*metrics.csv.* does not exist" "$work/no_metrics"
cp "$work/run/metrics.csv" "$work/bad_manifest/"
head -c 200 "$work/run/manifest.json" > "$work/bad_manifest/manifest.json"
expect_refusal "bad_manifest/manifest.json: error: is not valid JSON" "$work/bad_manifest"
cp "$work/run/manifest.json" "$work/bad_metrics/"
printf 'step,brand,generation,metric,value\n0,A,all,share\n' > "$work/bad_metrics/metrics.csv"
expect_refusal "bad_metrics/metrics.csv:2: error: expected 5 fields" "$work/bad_metrics"
expect_refusal "no_such_run: error: the run directory does not exist" "$work/no_such_run"
echo "ok"
