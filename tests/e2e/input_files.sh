#!/usr/bin/env bash
# input_files.sh MURMUR DATA_DIR SCENARIO_DIR WORKDIR
# Files a user names that are not what they seem: a FIFO with no writer, a device, a
# directory (as the scenario, the experiment or the edge_list), a sparse 2 GB file with no
# newline, a missing or misspelt name; and edge lists compressed with gzip or starting with a
# UTF-8 byte-order mark. Each refusal is exit code 2, fast, with a short message naming the
# file; the gzip and BOM edge lists give the same graph as the plain one.
set -euo pipefail
murmur=$1; data=$2; scenarios=$3; work=$4
rm -rf "$work"; mkdir -p "$work"

expect() {  # expect CODE PATTERN COMMAND...: exit CODE within 20 s; output matches PATTERN, is short and plain
  local want=$1 pattern=$2; shift 2
  set +e
  output=$(timeout 20 "$@" 2>&1); code=$?
  set -e
  echo "$ ${*##*/}: $output" | head -c 600; echo
  [ "$code" -eq "$want" ] || { echo "FAIL: exit code $code, expected $want"; exit 1; }
  grep -Eq -- "$pattern" <<<"$output" || { echo "FAIL: output does not match /$pattern/"; exit 1; }
  if [ "$want" -ne 0 ]; then
    [ "${#output}" -lt 400 ] || { echo "FAIL: the message is ${#output} bytes long"; exit 1; }
    ! LC_ALL=C grep -q '[^[:print:][:space:]]' <<<"$output" || { echo "FAIL: binary bytes in the message"; exit 1; }
  fi
}

# Not regular files: refused before opening (opening a FIFO with no writer blocks forever).
mkfifo "$work/fifo"
expect 2 "fifo: error: not a regular file" "$murmur" graph "$work/fifo"
expect 2 "fifo: error: not a regular file" "$murmur" run "$work/fifo" --out "$work/never"
expect 2 "/dev/zero: error: not a regular file" "$murmur" graph /dev/zero
expect 2 "$scenarios: error: not a regular file \(a directory\)" "$murmur" run "$scenarios" --out "$work/never"
expect 2 "$scenarios: error: not a regular file \(a directory\)" "$murmur" batch "$scenarios" --out "$work/never"
expect 2 "$scenarios: error: not a regular file" "$murmur" validate "$scenarios"
mkdir "$work/edges_dir"
printf 'model: bass\nsteps: 3\npopulation:\n  graph: {kind: edge_list, edge_list: edges_dir}\n' > "$work/dir_edges.yaml"
expect 2 "dir_edges.yaml:4:[0-9]+: error: .*edges_dir': not a regular file \(a directory\)" \
  "$murmur" run "$work/dir_edges.yaml" --out "$work/never"
[ ! -e "$work/never" ] || { echo "FAIL: a refused input left a result directory"; exit 1; }

# A sparse 2 GB file without a newline is refused at its first line, not read whole.
truncate -s 2G "$work/sparse.txt"
expect 2 "sparse.txt:1: error: line 1 is longer than 65536 bytes" "$murmur" graph "$work/sparse.txt"
# ... and a YAML file that large at once, by its size.
expect 2 "sparse.txt: error: the scenario file is 2147483648 bytes; the limit is 4194304 bytes \(4 MiB\)" \
  "$murmur" run "$work/sparse.txt" --out "$work/never"

# Missing files say so, with the nearest name in the same folder.
expect 2 "nosuch.yaml: error: the scenario file does not exist$" "$murmur" run "$scenarios/nosuch.yaml"
expect 2 "default.yml: error: the scenario file does not exist; did you mean '$scenarios/default.yaml'\?" \
  "$murmur" run "$scenarios/default.yml"
expect 2 "default.yml: error: the scenario file does not exist; did you mean '$scenarios/default.yaml'\?" \
  "$murmur" validate "$scenarios/default.yml"
expect 2 "default.yml: error: the scenario file does not exist; did you mean" \
  "$murmur" compare "$scenarios/default.yml" "$scenarios/default.yaml" --replicates 2
expect 2 "tiny_edges.tx: error: the edge list does not exist; did you mean '$data/tiny_edges.txt'\?" \
  "$murmur" graph "$data/tiny_edges.tx"
expect 2 "small.yml: error: the experiment file does not exist; did you mean '$data/experiment_small.yaml'\?" \
  "$murmur" batch "$data/experiment_small.yml"
printf 'model: bass\nsteps: 3\npopulation:\n  graph: {kind: edge_list, edge_list: %s/tiny_edges.tx}\n' "$data" > "$work/typo_edges.yaml"
expect 2 "typo_edges.yaml:4:[0-9]+: error: .*tiny_edges.tx': the edge list does not exist.*did you mean '$data/tiny_edges.txt'\?" \
  "$murmur" validate "$work/typo_edges.yaml"

# gzip and a byte-order mark: the same graph as the plain file.
stats() { "$murmur" graph "$1" | grep -v -e '^graph:' -e 'built/read in'; }
stats "$data/tiny_edges.txt" > "$work/plain.stats"
gzip -c "$data/tiny_edges.txt" > "$work/tiny_edges.txt.gz"
cp "$work/tiny_edges.txt.gz" "$work/gzip_without_suffix.txt"
printf '\xef\xbb\xbf' | cat - "$data/tiny_edges.txt" > "$work/bom_edges.txt"
printf '\xef\xbb\xbf' | cat - "$data/tiny_edges.txt" | gzip -c > "$work/bom_edges.txt.gz"
for file in tiny_edges.txt.gz gzip_without_suffix.txt bom_edges.txt bom_edges.txt.gz; do
  stats "$work/$file" > "$work/$file.stats"
  diff "$work/plain.stats" "$work/$file.stats" || { echo "FAIL: $file gives another graph"; exit 1; }
done
# A scenario may name a .gz edge list, and one written with a BOM loads too.
printf '\xef\xbb\xbfmodel: bass\nsteps: 3\npopulation:\n  graph: {kind: edge_list, edge_list: tiny_edges.txt.gz}\n' > "$work/gz.yaml"
expect 0 "nodes +5" "$murmur" graph "$work/gz.yaml"

# Corrupt and truncated gzip: a clear error, none of the file's bytes echoed.
head -c 20 "$work/tiny_edges.txt.gz" > "$work/truncated.txt.gz"
{ head -c 12 "$work/tiny_edges.txt.gz"; head -c 2000 /dev/urandom; } > "$work/corrupt.txt.gz"
head -c 3000 /dev/urandom > "$work/random.gz"
for file in truncated.txt.gz corrupt.txt.gz random.gz; do
  expect 2 "$file: error: the gzip data is corrupt or truncated" "$murmur" graph "$work/$file"
done
echo "PASS: odd input files are refused fast and plainly; gzip and BOM edge lists read"
