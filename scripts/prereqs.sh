#!/usr/bin/env bash
# Installs what shardops runs on (etcd, MariaDB, the mysql client, mariadb-backup, sysbench) and what its tests drive
# (Chromium and Node for the console's browser test) when it is missing.
# Debian packages; needs root (or sudo). Does nothing when everything is there.
set -euo pipefail
missing=()
command -v etcd >/dev/null 2>&1 || missing+=(etcd-server)
{ command -v mariadbd >/dev/null 2>&1 || [ -x /usr/sbin/mariadbd ]; } || missing+=(mariadb-server)
command -v mysql >/dev/null 2>&1 || missing+=(mariadb-client)
command -v mariadb-backup >/dev/null 2>&1 || missing+=(mariadb-backup)
command -v sysbench >/dev/null 2>&1 || missing+=(sysbench)
command -v mvn >/dev/null 2>&1 || missing+=(maven)
command -v javac >/dev/null 2>&1 || missing+=(openjdk-17-jdk-headless)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
[ ${#missing[@]} -eq 0 ] && exit 0
echo "shardops: installing ${missing[*]} ..." >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "shardops: need root to install ${missing[*]} (apt-get install -y ${missing[*]})" >&2; exit 1; }
  SUDO=sudo
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
echo "shardops: installed ${missing[*]}" >&2
