#!/usr/bin/env bash
# Installs the bench's Python peers at their best (tools/bench/README.md, "The peers, each at its best"):
#
#   bash tools/bench/install-peers.sh
#
# - NumPy from pip, pinned, into a virtualenv outside the repository:
#   $BACKPROP_BENCH_VENV, default ~/.cache/backprop-ts/bench-venv, made with $PYTHON
#   (default python3; on Debian it needs the python3-venv package). pip's NumPy brings
#   its own OpenBLAS (0.3.3x), which picks the right kernel for recent CPUs; Debian's
#   python3-numpy (OpenBLAS 0.3.21) was measured no faster. `npm run bench` uses this
#   virtualenv's python for NumPy when it exists, else `python3`.
# - PyTorch: the CPU wheel torch==2.13.0+cpu (MKL, oneDNN) into the same virtualenv,
#   when pip finds it (this machine kind keeps it among its local wheels; the "+cpu"
#   build is on no default index, so elsewhere this fails fast), and Debian's
#   python3-torch 1.13 (OpenBLAS) for /usr/bin/python3 (apt-get, as root). The bench
#   times both at every run and uses the faster (tools/bench/README.md).
#
# Packages come from the local mirror file:///opt/pypi/simple when that folder exists,
# else from pip's default index. Running it again changes nothing once they are there.
set -euo pipefail

venv="${BACKPROP_BENCH_VENV:-$HOME/.cache/backprop-ts/bench-venv}"
python="${PYTHON:-python3}"
numpy='numpy==2.4.6'
torch='torch==2.13.0+cpu'
for arg in "$@"; do
  case "$arg" in
    -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install-peers.sh: unknown argument $arg (see --help)" >&2; exit 2 ;;
  esac
done

index=()
if [ -d /opt/pypi/simple ]; then index=(--index-url file:///opt/pypi/simple); fi
pip() { "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "${index[@]}" "$@"; }

if [ ! -x "$venv/bin/python" ]; then
  echo "== creating the virtualenv $venv with $("$python" --version 2>&1)"
  mkdir -p "$(dirname "$venv")"
  "$python" -m venv "$venv"
fi
echo "== $numpy into $venv${index[*]:+ (${index[*]})}"
pip --only-binary :all: "$numpy"
echo "NumPy $("$venv/bin/python" -c 'import numpy; print(numpy.__version__)') in $venv"

echo "== $torch into $venv"
if pip --only-binary :all: "$torch" 2>/dev/null; then
  echo "PyTorch $("$venv/bin/python" -c 'import torch; print(torch.__version__)') in $venv"
else
  echo "no $torch wheel found: the bench will use Debian's python3-torch only"
fi
if /usr/bin/python3 -c 'import torch' 2>/dev/null; then
  echo "PyTorch $(/usr/bin/python3 -c 'import torch; print(torch.__version__)') (Debian's python3-torch) for /usr/bin/python3"
elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "== Debian's python3-torch"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch >/dev/null
  echo "PyTorch $(/usr/bin/python3 -c 'import torch; print(torch.__version__)') (Debian's python3-torch) for /usr/bin/python3"
else
  echo "PyTorch not installed: run as root, or: apt-get install -y python3-torch" >&2
fi
