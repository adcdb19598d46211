#!/bin/sh
# The gui test: the real murmur-dash under a virtual X server plays a scripted session for 120
# frames and saves a screenshot; the simulation must have advanced and the PNG must not be blank.
# usage: dash_screenshot.sh DASH PNG_CHECK SCENARIO SCRIPT OUT.png
set -eu
dash=$1 check=$2 scenario=$3 script=$4 out=$5
rm -f "$out"
output=$(xvfb-run -a -s "-screen 0 1920x1080x24" "$dash" "$scenario" --frames 120 --speed 60 \
  --screenshot "$out" --script "$script")
echo "$output"
step=$(echo "$output" | sed -n 's/.*final_step=\([0-9][0-9]*\).*/\1/p')
if [ -z "$step" ] || [ "$step" -le 0 ]; then
  echo "dash_screenshot: the simulation did not advance" >&2
  exit 1
fi
"$check" "$out"
