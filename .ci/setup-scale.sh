#!/bin/sh
# Installs what the scale branch's tests need: Dask (with distributed) and pytest for
# contrib/dask/test_dask.py. Idempotent and quiet; works as root on a fresh Debian machine.
set -eu
if ! command -v python3 >/dev/null 2>&1 || ! python3 -m pip --version >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq python3 python3-pip python3-venv >/dev/null
fi
# Debian's system Python refuses global pip installs unless told otherwise (PEP 668).
pip_install() {
    python3 -m pip install --quiet --disable-pip-version-check "$@" 2>/dev/null ||
        python3 -m pip install --quiet --disable-pip-version-check --break-system-packages "$@"
}
pip_install "dask[distributed]" distributed pytest
