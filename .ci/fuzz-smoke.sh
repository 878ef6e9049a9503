#!/usr/bin/env bash
# Short fuzzing smoke run: each cargo-fuzz target for FUZZ_SECONDS (default 10) seconds.
# Fails only when a target finds a crash; if cargo-fuzz cannot be installed or built (no
# network, no C++ toolchain), it prints a note and exits 0. cargo-fuzz needs nightly features;
# RUSTC_BOOTSTRAP=1 enables them on a stable toolchain.
set -uo pipefail
cd "$(dirname "$0")/.."
seconds="${FUZZ_SECONDS:-10}"
export RUSTC_BOOTSTRAP=1

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "fuzz-smoke: installing cargo-fuzz"
    if ! cargo install --locked --quiet cargo-fuzz; then
        echo "fuzz-smoke: note: cargo-fuzz could not be installed; fuzz smoke run skipped"
        exit 0
    fi
fi
if ! (cd fuzz && cargo fuzz build >/dev/null 2>fuzz-build.log); then
    echo "fuzz-smoke: note: fuzz targets could not be built; fuzz smoke run skipped:"
    tail -20 fuzz/fuzz-build.log
    exit 0
fi
rm -f fuzz/fuzz-build.log

status=0
for target in $(cd fuzz && cargo fuzz list); do
    echo "fuzz-smoke: $target for ${seconds}s"
    if ! (cd fuzz && cargo fuzz run "$target" -- \
            -max_total_time="$seconds" -max_len=4096 -rss_limit_mb=2048 >"run-$target.log" 2>&1); then
        echo "fuzz-smoke: $target FAILED; the crashing input is under fuzz/artifacts/$target/:"
        tail -40 "fuzz/run-$target.log"
        status=1
    else
        grep -E "^Done [0-9]+ runs" "fuzz/run-$target.log" || true
    fi
    rm -f "fuzz/run-$target.log"
done
exit $status
