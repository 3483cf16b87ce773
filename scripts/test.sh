#!/usr/bin/env bash
# The one test command: installs missing prerequisites, then builds and runs every test
# (unit, golden, integration and end-to-end on real etcd and MariaDB).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/prereqs.sh
. scripts/java-home.sh
exec mvn -B verify "$@"
