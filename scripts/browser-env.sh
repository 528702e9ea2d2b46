#!/bin/sh
# Install what the browser tests need, once: Debian's chromium, node/npm, the npm package
# replaywebpage (its ui.js and sw.js, into .browser-env/) and Playwright's Python package in
# the project venv.
#
# Why Debian's chromium: Playwright's own `playwright install` downloads a browser build from
# a CDN, which this project's machines cannot reach; the tests drive /usr/bin/chromium through
# Playwright's `executable_path` instead. Idempotent: when everything is in place this exits
# at once; anything missing is installed (apt-get update first, as root or through sudo).
#
# Usage: scripts/browser-env.sh                    (from anywhere)
#        VENV=DIR BROWSER_ENV=DIR RWP_SPEC=replaywebpage@2.5.3 scripts/browser-env.sh
# Prints nothing when there is nothing to do. Other tests that need only a headless browser
# (HTML reports, ...) use the same script and find chromium with `command -v chromium`.
set -eu

ROOT=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
VENV=${VENV:-"$ROOT/.venv"}
ENVDIR=${BROWSER_ENV:-"$ROOT/.browser-env"}
RWP_SPEC=${RWP_SPEC:-"replaywebpage@2.5.3"}
RWP_DIR="$ENVDIR/node_modules/replaywebpage"

need_apt=""
command -v chromium >/dev/null 2>&1 || need_apt="$need_apt chromium"
command -v npm >/dev/null 2>&1 || need_apt="$need_apt nodejs npm"
# fonts-liberation: readable text in screenshots (chromium falls back to it)
[ -d /usr/share/fonts/truetype/liberation ] || need_apt="$need_apt fonts-liberation"

if [ -n "$need_apt" ]; then
    SUDO=""
    [ "$(id -u)" = 0 ] || SUDO="sudo"
    echo "browser-env: installing$need_apt (Debian)" >&2
    $SUDO apt-get update -qq
    # shellcheck disable=SC2086  # word splitting of the package list is intended
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $need_apt >&2
fi

# `npm pack` fetches just the package: ui.js and sw.js are built bundles that need none of its
# npm dependencies (a full `npm install` fails here on one the registry does not serve).
if [ ! -f "$RWP_DIR/ui.js" ] || [ ! -f "$RWP_DIR/sw.js" ]; then
    echo "browser-env: fetching $RWP_SPEC into $RWP_DIR" >&2
    tmp=$(mktemp -d)
    (cd "$tmp" && npm pack --silent "$RWP_SPEC" >/dev/null)
    rm -rf "$RWP_DIR" && mkdir -p "$RWP_DIR"
    tar -xzf "$tmp"/*.tgz -C "$RWP_DIR" --strip-components=1
    rm -rf "$tmp"
    if [ ! -f "$RWP_DIR/ui.js" ] || [ ! -f "$RWP_DIR/sw.js" ]; then
        echo "browser-env: $RWP_SPEC has no ui.js/sw.js" >&2
        exit 1
    fi
fi

# The Python driver is declared in pyproject.toml's [test] extra; `make install` puts it in
# the venv. A venv made before it was declared gets it here. Its browser download is never run.
if [ -x "$VENV/bin/python" ] && ! "$VENV/bin/python" -c "import playwright" >/dev/null 2>&1; then
    echo "browser-env: installing Playwright's Python package into $VENV" >&2
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e "$ROOT[test]" >&2
fi
exit 0
