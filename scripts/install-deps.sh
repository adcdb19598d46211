#!/usr/bin/env bash
# Installs the Debian 12 packages Murmur builds with (as root, or through sudo).
# Skips apt entirely when everything is already installed.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  libboost-graph-dev libboost-iostreams-dev libtbb-dev libyaml-cpp-dev librandom123-dev
  libcli11-dev nlohmann-json3-dev libfmt-dev libxxhash-dev libnlopt-cxx-dev
  googletest libgtest-dev libgmock-dev libbenchmark-dev
  libimgui-dev libglfw3-dev libstb-dev xvfb xauth
  libopenmpi-dev openmpi-bin chromium
  clang clang-format libclang-rt-14-dev python3 python3-pandas
  python3-dev pybind11-dev python3-numpy python3-pytest python3-matplotlib
  python3-nbconvert python3-ipykernel
)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Installing: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
