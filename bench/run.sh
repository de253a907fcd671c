#!/usr/bin/env bash
# Runs every Pancake benchmark and writes bench/target/results/results.md (docs/performance.md).
#
#   bench/run.sh            the full run, 13 to 17 minutes on 2 cores
#   bench/run.sh --quick    a smoke check of every part, a few minutes; numbers too rough to quote
#   bench/run.sh --only gated,peers,threads,propagation,startup,startup-real,footprint   some parts only
#
# startup-real times fixtures/petclinic-like (a Spring Boot app of spring-petclinic's size) to its first HTTP 200
# with no agent, an empty agent, and Pancake in-memory and with Redis: 72 runs of about 12 s each on an idle
# machine, so it adds about 15 minutes to the full run.
#
# Builds what it needs first (the agent jar and the benchmark jar) with Maven on a JDK 21+, since the peer
# benchmarks compile against ff4j-core 2.1 (Java 21 class files). The agent's benchmarks run on Java 17 and 25,
# the peers' on Java 25. Redis: redis-server on the PATH, else the binary that embedded-redis ships.
# Override the JDKs with PANCAKE_BENCH_JDK17 / PANCAKE_BENCH_JDK25.
set -euo pipefail
cd "$(dirname "$0")/.."

jdk25=${PANCAKE_BENCH_JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}
if [ -z "${PANCAKE_BENCH_JDK17:-}" ]; then
  jdk17=/usr/lib/jvm/java-17-openjdk-amd64
  if command -v java >/dev/null 2>&1; then
    home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    if grep -q 'JAVA_VERSION="17' "$home/release" 2>/dev/null; then jdk17=$home; fi
  fi
else
  jdk17=$PANCAKE_BENCH_JDK17
fi
for home in "$jdk17" "$jdk25"; do
  if [ ! -x "$home/bin/java" ]; then
    echo "bench/run.sh: no JDK at $home; set PANCAKE_BENCH_JDK17 and PANCAKE_BENCH_JDK25 to the JDK homes" >&2
    exit 2
  fi
done

out=bench/target/results
echo "building the agent and benchmark jars with $jdk25 ..."
# Maven's own Guava warns about sun.misc.Unsafe on JDK 24+; that is Maven's business, not ours.
JAVA_HOME=$jdk25 MAVEN_OPTS="${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}" \
  mvn -B -q -ntp -Pbench -pl bench -am package -DskipTests
mkdir -p "$out"
"$jdk25/bin/java" --sun-misc-unsafe-memory-access=allow -jar "$PWD/bench/target/pancake-bench.jar" \
  --agent "$PWD/agent/target/pancake-agent.jar" \
  --fixture "$PWD/fixtures/petclinic-like/target/petclinic-like.jar" --jdk "$jdk17" --jdk "$jdk25" --out "$PWD/$out" "$@" \
  2>&1 | tee "$out/run.log"
exit "${PIPESTATUS[0]}"
