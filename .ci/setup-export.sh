#!/bin/sh
# Installs what the export tests load their output with: Graphviz (dot reads DOT) and
# python3 + networkx (reads node-link JSON, GEXF and GraphML). Idempotent; run as root.
set -eu
if ! command -v dot >/dev/null 2>&1 || ! command -v python3 >/dev/null 2>&1 \
    || ! python3 -m pip --version >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends graphviz python3 python3-pip >/dev/null
fi
if ! python3 -c "import networkx" >/dev/null 2>&1; then
    python3 -m pip install --quiet networkx 2>/dev/null \
        || python3 -m pip install --quiet --break-system-packages networkx
fi
dot -V 2>&1 | head -n 1
python3 -c "import networkx; print('networkx', networkx.__version__)"
