#!/bin/sh
# Runs the distributed test: builds the release binary if needed, then runs
# contrib/dask/test_dask.py on a local Dask cluster (3 worker processes on 127.0.0.1).
# Exits non-zero when a test fails or when Dask or pytest is missing.
set -eu
cd "$(dirname "$0")/.."
if [ ! -x target/release/entigraph ] || [ -n "$(find src Cargo.toml -newer target/release/entigraph 2>/dev/null | head -n 1)" ]; then
    cargo build --release --quiet
fi
ENTIGRAPH_BIN="$(pwd)/target/release/entigraph" ENTIGRAPH_REQUIRE_TOOLS=1 \
    python3 -m pytest -q contrib/dask/test_dask.py
