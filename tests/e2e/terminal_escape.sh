#!/usr/bin/env bash
# terminal_escape.sh MURMUR WORKDIR
# Names, values and file contents holding ESC, BEL and other control bytes reach the terminal
# only escaped (\x1B): every command's output, on success and in error messages, holds no raw
# control byte other than newline and tab.
set -uo pipefail
murmur=$1; work=$2
rm -rf "$work"; mkdir -p "$work"
failures=0

# check NAME EXPECTED_CODES COMMAND...: runs COMMAND, which must exit with one of
# EXPECTED_CODES (e.g. "0 2": a later rule may refuse control bytes in names) and print no raw
# control byte; it must print the escaped form \x1B.
check() {
  local name=$1 codes=$2; shift 2
  "$@" >"$work/$name.out" 2>&1; local code=$?
  if [[ " $codes " != *" $code "* ]]; then
    echo "FAIL $name: exit code $code, expected one of $codes"; cat "$work/$name.out"; failures=$((failures + 1))
  elif LC_ALL=C grep -qP '[\x00-\x08\x0B-\x1F\x7F]' "$work/$name.out"; then
    echo "FAIL $name: raw control byte in the output:"; cat -v "$work/$name.out"; failures=$((failures + 1))
  elif ! grep -qF '\x1B' "$work/$name.out"; then
    echo "FAIL $name: the escaped \\x1B is missing:"; cat -v "$work/$name.out"; failures=$((failures + 1))
  else
    echo "ok   $name"
  fi
}

cat >"$work/escape.yaml" <<'YAML'
name: "esc\e[31mname"
steps: 3
population:
  customers: 500
brands:
  - name: "red\e[31mbrand\a"
    initial_share: 0.3
  - name: B
    initial_share: 0.3
YAML
printf '0 1\n1 \033[31mred\007\n' >"$work/edges.txt"

check run_summary "0 2" "$murmur" run "$work/escape.yaml" --out "$work/run"
check validate "0 2" "$murmur" validate "$work/escape.yaml"
check compare_table "0 2" "$murmur" compare "$work/escape.yaml" "$work/escape.yaml" --replicates 2 \
  --report "$work/compare.html"
check set_value_in_error 2 "$murmur" run "$work/escape.yaml" \
  --set "brands[1].price=$(printf '\033[31mred')" --out "$work/set"
check set_key_in_error 2 "$murmur" run "$work/escape.yaml" --set "$(printf 'ste\033ps')=3" --out "$work/key"
check flag_value_in_error 2 "$murmur" run "$work/escape.yaml" --steps "$(printf '\033[31m')"
check edge_list_in_error 2 "$murmur" graph "$work/edges.txt"
exit $((failures > 0))
