#!/bin/sh
# The real-code oracle, full run (see README.md, "Real-code oracle"). From the repository root:
#   processor/oracle/run.sh [-Doracle.maxVariants=N -Doracle.perMethod=N -Doracle.seed=N ...]
# Builds annotations, runtime and processor (Maven copies the libraries' -sources jars to
# processor/target/oracle/sources), then runs dev.weft.processor.oracle.RealCodeOracle, which
# prints its figures and writes processor/target/oracle/run/report.txt and, per failure class,
# its smallest examples under processor/target/oracle/run/failures/.
set -e
cd "$(dirname "$0")/../.."
mvn -o -q -pl annotations,runtime,processor -DskipTests test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/oracle/classpath.txt -Dmdep.includeScope=test
P="$(pwd)/processor"
# the variants run library code that may write files where it stands (logs, "abc"): let it
# stand in target/oracle/cwd, not in the source tree
mkdir -p "$P/target/oracle/cwd" && cd "$P/target/oracle/cwd"
exec java -Xss8m -Xmx2g "$@" \
    --add-opens jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED \
    --add-opens jdk.compiler/com.sun.tools.javac.tree=ALL-UNNAMED \
    --add-opens jdk.compiler/com.sun.tools.javac.util=ALL-UNNAMED \
    --add-opens jdk.compiler/com.sun.tools.javac.code=ALL-UNNAMED \
    --add-opens jdk.compiler/com.sun.tools.javac.main=ALL-UNNAMED \
    -cp "$P/target/test-classes:$P/target/classes:$(cat "$P/target/oracle/classpath.txt")" \
    dev.weft.processor.oracle.RealCodeOracle "$P/target/oracle/sources" "$P/target/oracle/run"
