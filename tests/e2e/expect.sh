#!/usr/bin/env bash
# expect.sh EXIT_CODE PATTERN [--no-dir DIR] [--absent ABSENT] -- COMMAND...
# Runs COMMAND; passes if it exits with EXIT_CODE, its combined output matches the extended
# regular expression PATTERN (empty = anything) and no line matches ABSENT (if given), and DIR
# (if given) does not exist afterwards.
set -u
expected_code=$1; pattern=$2; shift 2
forbidden_dir=""
absent=""
if [ "$1" = "--no-dir" ]; then forbidden_dir=$2; shift 2; fi
if [ "$1" = "--absent" ]; then absent=$2; shift 2; fi
[ "$1" = "--" ] && shift
output=$("$@" 2>&1); code=$?
echo "$output"
if [ "$code" -ne "$expected_code" ]; then echo "FAIL: exit code $code, expected $expected_code"; exit 1; fi
if [ -n "$pattern" ] && ! grep -Eq -- "$pattern" <<<"$output"; then echo "FAIL: output does not match /$pattern/"; exit 1; fi
if [ -n "$absent" ] && grep -Eq -- "$absent" <<<"$output"; then echo "FAIL: output matches /$absent/"; exit 1; fi
if [ -n "$forbidden_dir" ] && [ -e "$forbidden_dir" ]; then echo "FAIL: $forbidden_dir was left behind"; exit 1; fi
exit 0
