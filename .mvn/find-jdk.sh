# shellcheck shell=sh
# ----------------------------------------------------------------------------
# faust4j: find a JDK >= 21 and export JAVA_HOME (and PATH) for it.
#
# Sourced (not executed) by ./mvnw, ./bench and .ci/run. POSIX sh, so it works
# under mvnw's `#!/bin/sh` with `set -euf` as well as under bash.
#
# Order:
#   1. JAVA_HOME, if it points to a JDK >= 21: kept as is.
#   2. `java` on PATH, if it belongs to a JDK >= 21.
#   3. The newest JDK >= 21 among /usr/lib/jvm/*, /usr/local/*, /opt/*,
#      ~/.sdkman/candidates/java/*, ~/.jdks/*, /Library/Java/JavaVirtualMachines/*/Contents/Home.
#   Otherwise: an error on stderr and `exit 1`.
#
# Silent on success. Knobs:
#   FAUST4J_JDK_VERBOSE=1     say on stderr which JDK was picked (also MVNW_VERBOSE=true)
#   FAUST4J_JDK_SCAN_DIRS=... replace the scan list in step 3 (space-separated
#                             glob patterns; meant for testing this script)
# ----------------------------------------------------------------------------

FAUST4J_MIN_JDK=21

# Prints the full Java version of the JDK at $1 (e.g. "25.0.3"), or nothing
# if $1 is not a JDK (a JRE without javac does not count).
_f4j_jdk_version() {
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  _f4j_v=""
  if [ -r "$1/release" ]; then
    _f4j_v=$(sed -n 's/^JAVA_VERSION="\{0,1\}\([^"]*\)"\{0,1\}.*$/\1/p' "$1/release" 2>/dev/null | head -n 1)
  fi
  if [ -z "$_f4j_v" ]; then
    _f4j_v=$("$1/bin/java" -version 2>&1 | sed -n 's/.* version "\([^"]*\)".*/\1/p' | head -n 1)
  fi
  printf '%s\n' "$_f4j_v"
}

# Prints the feature (major) number of a Java version string: 1.8.0_402 -> 8, 21-ea -> 21, 25.0.3 -> 25.
_f4j_major() {
  case "$1" in
  1.*) _f4j_m=${1#1.} ;;
  *) _f4j_m=$1 ;;
  esac
  _f4j_m=${_f4j_m%%[!0-9]*}
  printf '%s\n' "${_f4j_m:-0}"
}

# Canonical (symlink-free) path of directory $1.
_f4j_canon() { (cd -P -- "$1" 2>/dev/null && pwd -P); }

_f4j_find_jdk() {
  _f4j_old_homes="|"  # JDKs seen that are too old, to list each once
  _f4j_too_old=""     # "17.0.15 (/usr/lib/jvm/...), ..." for the error message
  _f4j_best_home="" _f4j_best_key="" _f4j_best_ver=""

  # Looks at the directory $1. Returns 0 if it is a JDK >= FAUST4J_MIN_JDK, and
  # then leaves its canonical path in _f4j_home and its version in _f4j_ver.
  _f4j_consider() {
    _f4j_home=$(_f4j_canon "$1") && [ -n "$_f4j_home" ] || return 1
    _f4j_ver=$(_f4j_jdk_version "$_f4j_home")
    [ -n "$_f4j_ver" ] || return 1
    [ "$(_f4j_major "$_f4j_ver")" -lt "$FAUST4J_MIN_JDK" ] || return 0
    case "$_f4j_old_homes" in
    *"|$_f4j_home|"*) ;;
    *)
      _f4j_old_homes="$_f4j_old_homes$_f4j_home|"
      _f4j_too_old="${_f4j_too_old:+$_f4j_too_old, }$_f4j_ver ($_f4j_home)"
      ;;
    esac
    return 1
  }

  # 1. JAVA_HOME
  if [ -n "${JAVA_HOME-}" ] && _f4j_consider "$JAVA_HOME"; then
    _f4j_say "keeping JAVA_HOME=$JAVA_HOME ($_f4j_ver)"
    return 0
  fi

  # 2. java on PATH (resolve /usr/bin/java -> /etc/alternatives/java -> .../bin/java)
  _f4j_java=$(command -v java 2>/dev/null || :)
  if [ -n "$_f4j_java" ]; then
    _f4j_java=$(readlink -f "$_f4j_java" 2>/dev/null || printf '%s\n' "$_f4j_java")
    _f4j_home=${_f4j_java%/bin/java}
    if [ "$_f4j_home" != "$_f4j_java" ] && _f4j_consider "$_f4j_home"; then
      _f4j_use "$_f4j_home" "$_f4j_ver" "java on PATH"
      return 0
    fi
  fi

  # 3. scan the usual install locations; keep the newest
  _f4j_dirs=${FAUST4J_JDK_SCAN_DIRS-"/usr/lib/jvm/* /usr/local/* /opt/* ${HOME-}/.sdkman/candidates/java/* ${HOME-}/.jdks/* /Library/Java/JavaVirtualMachines/*/Contents/Home"}
  case $- in *f*) _f4j_noglob=1 ;; *) _f4j_noglob="" ;; esac
  set +f
  # shellcheck disable=SC2086 # word splitting and globbing wanted
  for _f4j_dir in $_f4j_dirs; do
    [ -d "$_f4j_dir" ] || continue
    _f4j_consider "$_f4j_dir" || continue
    # sort key: major minor patch, zero-padded so plain string comparison works
    _f4j_key=$(printf '%s\n' "$_f4j_ver" | awk -F'[^0-9]+' '{ if ($1 == "1") { $1 = $2; $2 = $3; $3 = $4 } printf "%06d%06d%06d", $1, $2, $3 }')
    if [ -z "$_f4j_best_key" ] || [ "$(printf '%s\n%s\n' "$_f4j_best_key" "$_f4j_key" | sort | tail -n 1)" != "$_f4j_best_key" ]; then
      _f4j_best_key=$_f4j_key _f4j_best_home=$_f4j_home _f4j_best_ver=$_f4j_ver
    fi
  done
  [ -z "$_f4j_noglob" ] || set -f

  if [ -n "$_f4j_best_home" ]; then
    _f4j_use "$_f4j_best_home" "$_f4j_best_ver" "found"
    return 0
  fi

  printf '%s\n' "faust4j needs a JDK $FAUST4J_MIN_JDK or newer; found only: ${_f4j_too_old:-none}; install e.g. openjdk-21-jdk or set JAVA_HOME" >&2
  return 1
}

_f4j_say() {
  if [ "${FAUST4J_JDK_VERBOSE-}" = 1 ] || [ "${MVNW_VERBOSE-}" = true ]; then
    printf 'faust4j: %s\n' "$1" >&2
  fi
}

_f4j_use() {
  JAVA_HOME=$1
  PATH="$1/bin:$PATH"
  export JAVA_HOME PATH
  _f4j_say "using JDK $2 at $1 ($3)"
}

_f4j_find_jdk || exit 1
unset -f _f4j_jdk_version _f4j_major _f4j_canon _f4j_find_jdk _f4j_consider _f4j_say _f4j_use
unset _f4j_old_homes _f4j_too_old _f4j_best_home _f4j_best_key _f4j_best_ver _f4j_home _f4j_ver \
  _f4j_java _f4j_dirs _f4j_noglob _f4j_dir _f4j_key _f4j_v _f4j_m 2>/dev/null || :
