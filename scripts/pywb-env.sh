#!/bin/sh
# Create .venv-pywb/ with pywb in it, once.
#
# Why a separate virtualenv: pywb pins an old redis client (redis<3) that conflicts with the
# crawler's dependencies, so replay runs out of its own environment. Idempotent: when
# .venv-pywb already has a working pywb this exits at once (well under a second); a broken or
# half-made environment is repaired by installing again.
#
# Usage: scripts/pywb-env.sh            (from anywhere; the venv goes next to this repo's .venv)
#        PYWB_VENV=DIR PYWB_SPEC='pywb==2.9.1' scripts/pywb-env.sh
set -eu

ROOT=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
VENV=${PYWB_VENV:-"$ROOT/.venv-pywb"}
PYTHON=${PYTHON:-python3}
SPEC=${PYWB_SPEC:-"pywb>=2.8,<3"}
STAMP="$VENV/.pywb-installed"

if [ -f "$STAMP" ] && [ -x "$VENV/bin/wayback" ] \
    && "$VENV/bin/python" -c "import pywb" >/dev/null 2>&1; then
    exit 0
fi

if [ ! -x "$VENV/bin/python" ]; then
    echo "pywb-env: creating $VENV" >&2
    "$PYTHON" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
# setuptools: pywb still imports pkg_resources at start-up.
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "$SPEC" "setuptools<81"
"$VENV/bin/python" -c "import pywb" >/dev/null
touch "$STAMP"
echo "pywb-env: pywb installed in $VENV" >&2
