#!/usr/bin/env bash
# Installs JupyterLab 4.6 into a virtualenv outside the repository, for the Jupyter
# lane's JupyterLab test (test/jupyter/jupyterlab.test.ts):
#
#   bash tools/jupyter/install-jupyterlab.sh
#
# The virtualenv is $JUPYTERLAB_VENV, default ~/.cache/backprop-ts/jupyterlab, made
# with $PYTHON (default python3; on Debian it needs the python3-venv package).
# Packages come from the local mirror file:///opt/pypi/simple when that folder exists,
# else from pip's default index. Running it again changes nothing once JupyterLab 4.6
# is there (pip finds the requirement satisfied without asking any index). It prints
# the JupyterLab version. The test registers the kernel itself, in a temporary folder,
# so nothing of this checkout is written into the virtualenv.
set -euo pipefail

venv="${JUPYTERLAB_VENV:-$HOME/.cache/backprop-ts/jupyterlab}"
python="${PYTHON:-python3}"
requirement='jupyterlab>=4.6,<4.7'

index=()
if [ -d /opt/pypi/simple ]; then index=(--index-url file:///opt/pypi/simple); fi

if [ ! -x "$venv/bin/python" ]; then
  echo "== creating the virtualenv $venv with $("$python" --version 2>&1)"
  mkdir -p "$(dirname "$venv")"
  "$python" -m venv "$venv"
fi
echo "== $requirement into $venv${index[*]:+ (${index[*]})}"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "${index[@]}" "$requirement"
echo "JupyterLab $("$venv/bin/jupyter-lab" --version) in $venv"
