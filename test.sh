#!/usr/bin/env bash
# The whole test suite in one command: installs what the tests need where it can, says exactly what to
# install where it cannot, then runs `mvn verify` (unit tests, Redis store tests, forked-JVM tests on
# Java 17 and, when a Temurin 25 JDK is there, Java 25). Extra arguments go to Maven.
#
#   ./test.sh                      everything
#   ./test.sh -pl agent -am        the agent module alone
set -euo pipefail
cd "$(dirname "$0")"

# What the tests drive for real: a redis-server, and Debian's Chromium with its driver for the admin
# page's browser test (AdminBrowserIT looks for /usr/bin/chromium and /usr/bin/chromedriver).
missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo -n)
  if command -v apt-get >/dev/null 2>&1 && { [ ${#sudo[@]} -eq 0 ] || sudo -n true 2>/dev/null; }; then
    echo "test.sh: installing ${missing[*]} with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    "${sudo[@]}" apt-get update -qq
    "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    cat >&2 <<MSG
test.sh: the tests need ${missing[*]}, and this script cannot install them here (no apt-get, or no root).
  On Debian or Ubuntu:  sudo apt-get install redis-server chromium chromium-driver
  Elsewhere: a redis-server on the PATH (or PANCAKE_TEST_REDIS_URL=redis://host:port naming a Redis the
  tests may flush), and Chromium with its matching chromedriver at /usr/bin/chromium and /usr/bin/chromedriver.
MSG
    exit 1
  fi
fi

# The forked-JVM tests run on the JDK that runs Maven and on Temurin 25 when it is installed.
jdks=${PANCAKE_TEST_JDKS:-}
if [ -z "$jdks" ]; then
  java_home=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
  jdks=$java_home
  if [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ] && [ "$(readlink -f "$java_home")" != /usr/lib/jvm/temurin-25-jdk-amd64 ]; then
    jdks="$jdks,/usr/lib/jvm/temurin-25-jdk-amd64"
  else
    echo "test.sh: no Temurin 25 JDK at /usr/lib/jvm/temurin-25-jdk-amd64; the forked-JVM tests run on $java_home only" >&2
  fi
fi
echo "test.sh: forked-JVM tests run on: $jdks"
exec mvn -B -ntp verify -Dpancake.test.jdks="$jdks" "$@"
