#!/bin/sh
# Runs the distributed test: builds the release binary if needed, then runs
# contrib/dask/test_dask.py on a local Dask cluster (3 worker processes on 127.0.0.1).
# Exits non-zero when a test fails or when Dask or pytest is missing.
set -eu
cd "$(dirname "$0")/.."
# Where cargo puts the binary (CARGO_TARGET_DIR may move it out of the tree).
bin="${CARGO_TARGET_DIR:-target}/release/entigraph"
case "$bin" in /*) ;; *) bin="$(pwd)/$bin" ;; esac
if [ ! -x "$bin" ] || [ -n "$(find src Cargo.toml -newer "$bin" 2>/dev/null | head -n 1)" ]; then
    cargo build --release --quiet
fi
ENTIGRAPH_BIN="$bin" ENTIGRAPH_REQUIRE_TOOLS=1 \
    python3 -m pytest -q contrib/dask/test_dask.py
