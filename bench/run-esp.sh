#!/usr/bin/env bash
# Runs the ESP benchmarks and their AES-GCM ceiling, then prints the report table.
#
#   bench/run-esp.sh [REGEX] [JMH options]
#
# REGEX (default 'Esp|Ceiling') picks benchmarks; everything else goes to JMH, e.g.
#   bench/run-esp.sh -f 1 -wi 1 -i 2 -w 1s -r 1s                       a quick pass
#   bench/run-esp.sh -p transform=AES_GCM_128 -p size=1408 -i 10      one transform and size
#   bench/run-esp.sh 'EspBenchmark.encrypt|Ceiling' -p size=1408
# The JSON result goes to $RESULT (default bench/target/esp-<time>.json); JDK 25 from $JAVA_HOME
# (or java on the PATH). JMH's forked JVMs inherit this JVM's flags, jvm.options included.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
jar="$root/bench/target/benchmarks.jar"
lib="$root/native/target/libportcullis.so"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

version=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
if [[ -z "$version" || "$version" -lt 25 ]]; then
    echo "run-esp.sh: needs JDK 25 or later, $java is ${version:-unknown}: set JAVA_HOME" >&2
    exit 1
fi

# Build when the jar or the shim is missing or older than any source they are made from.
stale() {
    [[ ! -f "$jar" || ! -f "$lib" ]] && return 0
    [[ -n $(find "$root/pom.xml" "$root/bench/pom.xml" "$root/bench/src" "$root/dataplane/pom.xml" \
        "$root/dataplane/src" "$root/native" -newer "$jar" -type f -not -path '*/target/*' -print -quit) ]]
}
if stale; then
    echo "run-esp.sh: building bench and what it needs" >&2
    (cd "$root" && export JAVA_HOME="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v "$java")")")")}" &&
        { ./mvnw -q -o install -DskipTests -pl bench -am || ./mvnw -q install -DskipTests -pl bench -am; })
fi

pattern='Esp|Ceiling'
if [[ $# -gt 0 && "$1" != -* ]]; then
    pattern=$1
    shift
fi
mkdir -p "$root/bench/target"
result="${RESULT:-$root/bench/target/esp-$(date +%Y%m%d-%H%M%S).json}"

"$java" "@$root/jvm.options" "-Dportcullis.native.lib=$lib" -jar "$jar" "$pattern" \
    -rf json -rff "$result" -prof gc "$@"

echo
echo "Results: $result"
"$java" -cp "$jar" io.portcullis.bench.Report "$result"
