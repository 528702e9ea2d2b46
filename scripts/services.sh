#!/bin/sh
# Install the servers the test suite starts itself: redis-server and PostgreSQL.
#
# Why a script: the distributed tests (tests/services.py) run a real redis-server and a real
# PostgreSQL cluster in a temporary folder on loopback, so the binaries must be on the machine.
# They come from Debian's packages. Idempotent: when both are present this exits at once
# without touching apt; otherwise it runs `apt-get update` first, then installs what is
# missing (waiting for another apt run to finish). The packages' own system services are not
# used (the tests start private ones on free ports), so one that cannot start does not matter.
set -eu

need=""
command -v redis-server >/dev/null 2>&1 || [ -x /usr/bin/redis-server ] || need="$need redis-server"
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    need="$need postgresql"
fi
[ -z "$need" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
else
    echo "services: need root (or sudo) to install:$need" >&2
    exit 1
fi
echo "services: installing$need from Debian's packages" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get -o DPkg::Lock::Timeout=600 update -q >/dev/null
# shellcheck disable=SC2086
$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends $need >/dev/null
command -v redis-server >/dev/null 2>&1 || [ -x /usr/bin/redis-server ]
ls /usr/lib/postgresql/*/bin/initdb >/dev/null
echo "services: installed$need" >&2
