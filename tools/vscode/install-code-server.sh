#!/usr/bin/env bash
# Installs code-server (VS Code for the web) for the VS Code render test of the Jupyter
# lane (test/jupyter/vscode.test.ts), from the npm registry and Debian only, outside the
# repository. Does nothing when it is already there. See tools/vscode/README.md.
#
#   bash tools/vscode/install-code-server.sh [PREFIX]
#
# PREFIX defaults to $BACKPROP_CODE_SERVER_PREFIX, else ~/.cache/backprop-ts/code-server-<version>.
set -euo pipefail
VERSION=4.100.3 # VS Code 1.100; later releases need Node 22 or newer
PREFIX="${1:-${BACKPROP_CODE_SERVER_PREFIX:-$HOME/.cache/backprop-ts/code-server-$VERSION}}"
BIN="$PREFIX/node_modules/.bin/code-server"
# code-server writes a config file under $XDG_CONFIG_HOME the first time it runs: keep it in PREFIX.
export XDG_CONFIG_HOME="$PREFIX/config"
if [ -x "$BIN" ] && "$BIN" --version 2>/dev/null | grep -q "^$VERSION "; then
  echo "code-server $VERSION already in $PREFIX"
  exit 0
fi

# Native modules build from source: kerberos needs Kerberos headers. @vscode/ripgrep
# would download rg from GitHub: Debian's ripgrep stands in (see below).
missing=()
for pkg in libkrb5-dev pkg-config ripgrep g++ make; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "== apt-get install ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# @vscode/ripgrep's postinstall skips its download when this file is in its cache folder.
RG_CACHE="${TMPDIR:-/tmp}/vscode-ripgrep-cache-1.15.11"
mkdir -p "$RG_CACHE"
tar czf "$RG_CACHE/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$(dirname "$(command -v rg)")" rg

mkdir -p "$PREFIX"
[ -f "$PREFIX/package.json" ] || echo '{ "private": true }' > "$PREFIX/package.json"
echo "== npm install code-server@$VERSION into $PREFIX (about a minute)"
# unsafe_perm: code-server's postinstall refuses to run as root without it.
# yes: node-pty's postinstall runs `npx node-gyp`, which would otherwise ask.
npm_config_unsafe_perm=true npm_config_yes=true npm install --prefix "$PREFIX" --no-audit --no-fund --loglevel=error "code-server@$VERSION"
"$BIN" --version
