#!/bin/sh
# Install the onbrand binary from a release: no Rust toolchain needed.
#   curl -fsSL https://raw.githubusercontent.com/onbrand-dev/onbrand/main/scripts/install.sh | sh
#   sh install.sh [--version v0.1.0] [--to DIR] [--from DIR_OR_URL]
# --to      where the binary goes (default: $HOME/.local/bin)
# --version a release tag (default: the latest release)
# --from    a folder or base URL holding onbrand-TARGET.tar.gz and its .sha256 (for mirrors and
#           for the local dry run in scripts/release-dry-run)
# The archive's SHA-256 is checked against the published .sha256 before anything is written.
set -eu

repo="https://github.com/onbrand-dev/onbrand"
version="latest"
to="${HOME:-.}/.local/bin"
from=""

fail() {
  echo "install.sh: $*" >&2
  exit 1
}

while [ $# -gt 0 ]; do
  case "$1" in
    --version) version="${2:?--version needs a tag}"; shift 2 ;;
    --to) to="${2:?--to needs a folder}"; shift 2 ;;
    --from) from="${2:?--from needs a folder or URL}"; shift 2 ;;
    -h | --help) sed -n '2,9p' "$0"; exit 0 ;;
    *) fail "unknown argument '$1' (see --help)" ;;
  esac
done

# The release targets of .github/workflows/release.yml: static musl builds on Linux run on any
# distribution; Windows users take the .zip from the release page.
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) target="x86_64-unknown-linux-musl" ;;
  Linux-aarch64 | Linux-arm64) target="aarch64-unknown-linux-musl" ;;
  Darwin-x86_64) target="x86_64-apple-darwin" ;;
  Darwin-arm64) target="aarch64-apple-darwin" ;;
  *) fail "no release binary for $(uname -s) $(uname -m); build from source: cargo install onbrand --locked" ;;
esac
archive="onbrand-$target.tar.gz"

if [ -z "$from" ]; then
  if [ "$version" = "latest" ]; then
    from="$repo/releases/latest/download"
  else
    from="$repo/releases/download/$version"
  fi
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

fetch() {
  case "$from" in
    http://* | https://*)
      command -v curl >/dev/null 2>&1 || fail "curl is needed to download $from/$1"
      curl -fsSL --proto '=https' --tlsv1.2 -o "$work/$1" "$from/$1" || fail "could not download $from/$1"
      ;;
    *)
      [ -f "$from/$1" ] || fail "$from/$1 does not exist"
      cp "$from/$1" "$work/$1"
      ;;
  esac
}

fetch "$archive"
fetch "$archive.sha256"

if command -v sha256sum >/dev/null 2>&1; then
  actual=$(sha256sum "$work/$archive" | cut -d ' ' -f 1)
elif command -v shasum >/dev/null 2>&1; then
  actual=$(shasum -a 256 "$work/$archive" | cut -d ' ' -f 1)
else
  fail "neither sha256sum nor shasum is installed: cannot check the download"
fi
expected=$(cut -d ' ' -f 1 "$work/$archive.sha256")
[ "$actual" = "$expected" ] || fail "checksum mismatch for $archive: expected $expected, got $actual"

tar -xzf "$work/$archive" -C "$work"
mkdir -p "$to"
# Copy then rename: a running onbrand (an editor's language server) is never half-overwritten.
cp "$work/onbrand-$target/onbrand" "$to/.onbrand.new"
chmod 755 "$to/.onbrand.new"
mv -f "$to/.onbrand.new" "$to/onbrand"

echo "installed $("$to/onbrand" --version) to $to/onbrand"
case ":${PATH:-}:" in
  *":$to:"*) ;;
  *) echo "note: $to is not on PATH; add it, e.g. export PATH=\"$to:\$PATH\"" ;;
esac
