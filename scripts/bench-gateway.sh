#!/usr/bin/env bash
# shardops bench gateway, with the machine's load average before and after (the figures depend on it).
# Any argument goes to the command: scripts/bench-gateway.sh --ps-mode disable --time 30 --format json
# SHARDOPS_BENCH_JFR=FILE also records the node JVM (gateway + tablet) with Java Flight Recorder.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
echo "before: $(uptime)" >&2
args=("$@")
if [ -n "${SHARDOPS_BENCH_JFR:-}" ]; then
  args+=(--jfr "$SHARDOPS_BENCH_JFR")
fi
status=0
"$root/shardops" bench gateway "${args[@]}" || status=$?
echo "after:  $(uptime)" >&2
exit "$status"
