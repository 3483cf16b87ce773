#!/usr/bin/env bash
# Sourced by the launcher and the test command: points JAVA_HOME at a JDK of release 21 or newer.
# JAVA_HOME wins when it already names one; else the newest JDK under /usr/lib/jvm is used.
shardops_jdk_release() {
  local v
  v="$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -1)"
  echo "${v%%.*}"
}
shardops_pick_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ] && [ "$(shardops_jdk_release "$JAVA_HOME")" -ge 21 ] 2>/dev/null; then
    return 0
  fi
  local best="" best_v=0 d v
  for d in /usr/lib/jvm/*/; do
    d="${d%/}"
    [ -x "$d/bin/javac" ] || continue
    v="$(shardops_jdk_release "$d")"
    if [ -n "$v" ] && [ "$v" -ge 21 ] 2>/dev/null && [ "$v" -gt "$best_v" ]; then best="$d"; best_v="$v"; fi
  done
  if [ -z "$best" ]; then
    echo "shardops: needs a JDK 21 or newer (found none in JAVA_HOME or /usr/lib/jvm);" >&2
    echo "  install one (Debian 12 packages only OpenJDK 17: take Temurin 21+ from packages.adoptium.net, or openjdk-21 on Debian 13), or set JAVA_HOME" >&2
    return 1
  fi
  export JAVA_HOME="$best"
}
shardops_pick_jdk || exit 1
export PATH="$JAVA_HOME/bin:$PATH"
