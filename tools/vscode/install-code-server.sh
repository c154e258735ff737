#!/usr/bin/env bash
# Installs code-server (VS Code for the web) for the VS Code render test of the Jupyter
# lane (test/jupyter/vscode.test.ts), from the npm registry and Debian only, outside the
# repository. Does nothing when it is already there. See tools/vscode/README.md.
#
#   bash tools/vscode/install-code-server.sh [PREFIX]
#
# PREFIX defaults to $BACKPROP_CODE_SERVER_PREFIX, else ~/.cache/backprop-ts/code-server-<version>.
set -euo pipefail
VERSION=4.100.3 # VS Code 1.100; its install script accepts Node 20 only (later releases need Node 22 or 24)
PREFIX="${1:-${BACKPROP_CODE_SERVER_PREFIX:-$HOME/.cache/backprop-ts/code-server-$VERSION}}"
BIN="$PREFIX/node_modules/.bin/code-server"
# code-server writes a config file under $XDG_CONFIG_HOME the first time it runs: keep it in PREFIX.
export XDG_CONFIG_HOME="$PREFIX/config"
if [ -x "$BIN" ] && "$BIN" --version 2>/dev/null | grep -q "^$VERSION "; then
  echo "code-server $VERSION already in $PREFIX"
  exit 0
fi

node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" != 20 ]; then
  echo "code-server $VERSION installs on Node 20 only; this is Node $(node --version). Run this script with Node 20." >&2
  exit 1
fi

case "$(uname -m)" in
  x86_64) rg_target=x86_64-unknown-linux-musl ;;
  aarch64) rg_target=aarch64-unknown-linux-musl ;;
  *) echo "no ripgrep stand-in for $(uname -m): @vscode/ripgrep would download one from GitHub" >&2; exit 1 ;;
esac

# Native modules build from source (node-gyp needs python3, g++, make); kerberos needs
# the Kerberos headers. @vscode/ripgrep would download rg from GitHub: Debian's ripgrep
# stands in (see below).
missing=()
for pkg in libkrb5-dev pkg-config ripgrep g++ make python3; do
  dpkg-query -W -f='${db:Status-Abbrev}' "$pkg" 2>/dev/null | grep -q '^ii' || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then sudo=(); elif command -v sudo >/dev/null; then sudo=(sudo); else
    echo "missing Debian packages; as root, run: apt-get install ${missing[*]}" >&2
    exit 1
  fi
  echo "== apt-get install ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

mkdir -p "$PREFIX"
# @vscode/ripgrep's postinstall skips its download when this file is in its cache folder,
# which it looks for under the temporary directory: a private one inside PREFIX.
export TMPDIR="$PREFIX/tmp"
RG_CACHE="$TMPDIR/vscode-ripgrep-cache-1.15.11"
mkdir -p "$RG_CACHE"
tar czf "$RG_CACHE/ripgrep-v13.0.0-10-$rg_target.tar.gz" -C "$(dirname "$(command -v rg)")" rg

[ -f "$PREFIX/package.json" ] || echo '{ "private": true }' > "$PREFIX/package.json"
echo "== npm install code-server@$VERSION into $PREFIX (about a minute)"
# unsafe_perm: code-server's postinstall refuses to run as root without it.
# yes: node-pty's postinstall runs `npx node-gyp`, which would otherwise ask.
npm_config_unsafe_perm=true npm_config_yes=true npm install --prefix "$PREFIX" --no-audit --no-fund --loglevel=error "code-server@$VERSION"
"$BIN" --version
