#!/usr/bin/env bash
# Unpacks Debian 13's glibc, libstdc++ and libgcc into a private folder (default .cache/private-glibc), never
# into /. Dawn's Node build (the webgpu package) needs glibc 2.38; Debian 12 has 2.36. Node started through
# that folder's loader (src-engine/backends/webgpu/harness/dawn-node.ts) loads dawn.node, so the webgpu engine is
# tested through Dawn here. Only apt's own download, from Debian's archive with Debian's keyring, is used.
set -euo pipefail
dest=${1:-"$(cd "$(dirname "$0")/.." && pwd)/.cache/private-glibc"}
if [ -x "$dest/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2" ]; then
  echo "private glibc already in $dest"
  exit 0
fi
[ "$(dpkg --print-architecture)" = amd64 ] || { echo "fetch-private-glibc: only amd64 is supported" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial" "$work/archives/partial"
echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie main" > "$work/sources.list"
apt_opts=(-o "Dir::Etc::SourceList=$work/sources.list" -o Dir::Etc::SourceParts=/dev/null -o "Dir::State::Lists=$work/lists"
  -o "Dir::Cache::Archives=$work/archives" -o "Dir::Cache::pkgcache=$work/pkgcache.bin" -o "Dir::Cache::srcpkgcache=$work/srcpkgcache.bin"
  -o APT::Sandbox::User=root)
apt-get "${apt_opts[@]}" update -qq
(cd "$work" && apt-get "${apt_opts[@]}" download -qq libc6 libstdc++6 libgcc-s1)
mkdir -p "$dest.partial"
for deb in "$work"/*.deb; do dpkg-deb -x "$deb" "$dest.partial"; done
rm -rf "$dest"
mv "$dest.partial" "$dest"
echo "unpacked $(cd "$work" && ls ./*.deb | xargs -n1 basename | tr '\n' ' ')into $dest"
