#!/bin/bash
# weft against its peers, side by side in one run: builds weft's benchmarks and the peers'
# anchor programs, runs every job in interleaved rounds, and writes
#   benchmarks/results/raw.txt     the RESULT lines of this run (plus machine and load notes)
#   benchmarks/results/results.md  median and min..max per workload and system, weft's ratios
#   benchmarks/results/chart.svg   bar chart of how many times better weft is than each peer
#
# Usage: benchmarks/run.sh [-r ROUNDS] [-b] [-a] [-n] [FILTER...]
#   -r ROUNDS  interleaved rounds (default 3): every selected job once per round
#   -b         rebuild the anchors even if they are built already (weft is always rebuilt)
#   -a         append to results/raw.txt instead of starting it afresh
#   -n         no run: only summarize results/raw.txt again
#   FILTER     substrings of job names "workload:system", e.g. w1: :weft w5:netty-nio1
#
# Environment: RESULTS_DIR (default benchmarks/results) is where the three files go; ANCHORS (required until the anchors are built; they are not part of this
# repository) is the peers' folder, copied and built under benchmarks/target/anchors (it is
# never written to);
# JDK25 (default /usr/lib/jvm/temurin-25-jdk-amd64) runs the peers and weft's main numbers;
# JDK17 (default: the java on PATH) runs weft again as weft-jdk17; PY (default /usr/bin/python3,
# the one python3-uvloop installs for) runs asyncio and uvloop.
set -u
BENCH=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$BENCH/.." && pwd)
ANCHORS=${ANCHORS:-}
JDK25=${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA17=${JDK17:+$JDK17/bin/java}
JAVA17=${JAVA17:-$(command -v java)}
PY=${PY:-/usr/bin/python3}
export JDK25 PY

ROUNDS=3; REBUILD=0; APPEND=0; RUN=1
while getopts "r:ban" o; do
  case $o in
    r) ROUNDS=$OPTARG ;; b) REBUILD=1 ;; a) APPEND=1 ;; n) RUN=0 ;;
    *) sed -n '2,20p' "$0" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))

RESULTS=${RESULTS_DIR:-$BENCH/results}   # RESULTS_DIR: write somewhere else (a run of some jobs)
RAW=$RESULTS/raw.txt
mkdir -p "$RESULTS"
summarize() { "$PY" "$BENCH/summarize.py" "$RAW" "$RESULTS/results.md" "$RESULTS/chart.svg"; }
if [ $RUN = 0 ]; then summarize; exit; fi

# ---- build ------------------------------------------------------------------------------------
echo "== building weft's benchmarks" >&2
(cd "$REPO" && mvn -q -B -DskipTests package -pl benchmarks -am) || exit 1
T=$BENCH/target
CP="$T/classes:$T/lib/*"
LIBCP=$(ls "$T"/lib/weft-runtime-*.jar "$T"/lib/weft-annotations-*.jar | paste -sd:)
PROCPATH=$(ls "$T"/processor-lib/*.jar | paste -sd:)

A=$T/anchors
if [ $REBUILD = 1 ] || [ ! -x "$A/cclient/echo_client" ] || [ ! -d "$A/java/target/classes" ] \
    || [ ! -d "$A/kotlin/target/lib" ]; then
  [ -n "$ANCHORS" ] && [ -d "$ANCHORS" ] || {
    echo "no peers' programs at '$ANCHORS': set ANCHORS=/path/to/anchors (they are not in this repository)" >&2
    exit 1
  }
  echo "== building the anchors from $ANCHORS" >&2
  rm -rf "$A" && mkdir -p "$A" && cp -r "$ANCHORS"/. "$A"/ && chmod -R u+w "$A" && rm -rf "$A/results"
  (cd "$A" && cclient/build.sh && kotlin/build.sh && java/build.sh) || exit 1
fi
HAVE_UVLOOP=0; "$PY" -c "import uvloop" 2>/dev/null && HAVE_UVLOOP=1
# W5's floor: the minimal C epoll echo server (benchmarks/c), built with the C compiler.
mkdir -p "$T/c" && cc -O2 -Wall -o "$T/c/echo_epoll" "$BENCH/c/echo_epoll.c" || exit 1

# ---- jobs -------------------------------------------------------------------------------------
# weft on JDK 25 is "weft" (the main comparison: the peers run on JDK 25 too), on JDK 17
# "weft-jdk17"; "-jmh" marks the JMH runs of W1/W1b.
# Job commands are split on spaces and not globbed (set -f below): no spaces in these paths.
JOBS=()
for v in "weft|$JDK25/bin/java" "weft-jdk17|$JAVA17"; do
  s=${v%%|*}; j=${v#*|}
  W="$j -Xmx4g -Dweft.system=$s -Dweft.classpath=$LIBCP -Dweft.processorpath=$PROCPATH -cp $CP"
  JOBS+=(
    "w1:$s|$W dev.weft.benchmarks.Bench w1"
    "w1b:$s|$W dev.weft.benchmarks.Bench w1b"
    "w1:$s-jmh|$W dev.weft.benchmarks.JmhMain w1"
    "w1b:$s-jmh|$W dev.weft.benchmarks.JmhMain w1b"
    "w2:$s|$W dev.weft.benchmarks.Bench w2"
    "w3:$s|$W dev.weft.benchmarks.Bench w3"
    "w4:$s|$W dev.weft.benchmarks.Bench w4"
    "w5:$s|$A/w5.sh $s -- $j -Xmx1g -cp $CP dev.weft.benchmarks.EchoServer {PORT}"
    "w6:$s|$W dev.weft.benchmarks.Bench w6 1"
    "w6s:$s|$W dev.weft.benchmarks.Bench w6-scale 1"
  )
done
PYSYS="asyncio"; [ $HAVE_UVLOOP = 1 ] && PYSYS="asyncio uvloop"
for w in w1 w1b w2 w3 w4; do
  for p in $PYSYS; do JOBS+=("$w:$p|$A/python/run.sh $p $w"); done
  JOBS+=("$w:kotlin|$A/kotlin/run.sh $w")
done
# W5 on JDK 25 in weft's other two forms (EchoServer's modes): the Protocol API, and the streams
# handler that reads a new array per message (asyncio's code as written); "weft" is the streams
# handler reading into one reused buffer.
J25="$JDK25/bin/java -Xmx1g -cp $CP dev.weft.benchmarks.EchoServer {PORT}"
JOBS+=(
  "w5:weft-protocol|$A/w5.sh weft-protocol -- $J25 protocol"
  "w5:weft-bytes|$A/w5.sh weft-bytes -- $J25 bytes"
)
# The floor under W1/W1b: a bare ring buffer and self-requeueing state machine, no task semantics;
# under W5, a minimal C epoll echo server.
JOBS+=(
  "w5:c-epoll|$A/w5.sh c-epoll -- $T/c/echo_epoll {PORT}"
  "w1:floor|$JDK25/bin/java -cp $CP dev.weft.benchmarks.YieldFloor w1"
  "w1b:floor|$JDK25/bin/java -cp $CP dev.weft.benchmarks.YieldFloor w1b"
  "w1:vt|$A/java/run.sh vt w1"   "w1b:vt|$A/java/run.sh vt w1b"
  "w2:vt|$A/java/run.sh vt w2"   "w2:vt-p1|$A/java/run.sh vt-p1 w2"   "w2:cf|$A/java/run.sh cf w2"
  "w3:vt|$A/java/run.sh vt w3"
  "w4:stpe|$A/java/run.sh stpe w4" "w4:hwt|$A/java/run.sh hwt w4"   "w4:hwt1|$A/java/run.sh hwt1 w4"
  "w5:netty-nio1|$A/w5.sh netty-nio1"   "w5:vt-blocking|$A/w5.sh vt-blocking"
)
for p in $PYSYS; do JOBS+=("w5:$p-streams|$A/w5.sh $p-streams" "w5:$p-protocol|$A/w5.sh $p-protocol"); done
# W5c: W5 with the client and the server on one CPU (w5-one-core.sh), where the server's CPU per
# message decides the throughput instead of the client's ceiling; the fast servers only.
W5C="$BENCH/w5-one-core.sh $A"
JOBS+=(
  "w5c:weft|$W5C weft -- $J25 streams"   "w5c:weft-protocol|$W5C weft-protocol -- $J25 protocol"
  "w5c:c-epoll|$W5C c-epoll -- $T/c/echo_epoll {PORT}"   "w5c:netty-nio1|$W5C netty-nio1"
)
for p in $PYSYS; do JOBS+=("w5c:$p-protocol|$W5C $p-protocol"); done

selected() {
  [ $# -eq 1 ] && return 0
  local name=$1; shift
  for f in "$@"; do [[ $name == *"$f"* ]] && return 0; done
  return 1
}

# ---- run --------------------------------------------------------------------------------------
[ $APPEND = 1 ] || : > "$RAW"
{
  echo "# run $(date -u '+%Y-%m-%d %H:%M UTC') rounds=$ROUNDS filters=${*:-all}"
  echo "# machine nproc=$(nproc) cpu=$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1 | tr ' ' '_')" \
       "mem_gib=$(awk '/MemTotal/ {printf "%.0f", $2 / 1048576}' /proc/meminfo) kernel=$(uname -r)"
  echo "# jdk25 $("$JDK25/bin/java" -version 2>&1 | sed -n 's/.*Runtime Environment[^(]*(build \(.*\))/\1/p' | head -1)"
  echo "# jdk17 $("$JAVA17" -version 2>&1 | sed -n 's/.*Runtime Environment[^(]*(build \(.*\))/\1/p' | head -1)"
  echo "# python $("$PY" -c 'import sys; print(sys.version.split()[0])') uvloop=$HAVE_UVLOOP"
} >> "$RAW"
# A round runs one workload's systems back to back, so that the systems compared with each other
# meet the same moment of a shared machine; even rounds run the whole list backwards, so that no
# system always comes first (right after another workload's memory-heavy jobs).
ORDERED=(); WORKLOADS=" "
for job in "${JOBS[@]}"; do   # the workloads in their first job's order
  w=${job%%:*}; [[ $WORKLOADS == *" $w "* ]] || WORKLOADS+="$w "
done
for w in $WORKLOADS; do
  for job in "${JOBS[@]}"; do [[ $job == "$w:"* ]] && ORDERED+=("$job"); done
done
for ((r = 1; r <= ROUNDS; r++)); do
  ROUND=()
  for job in "${ORDERED[@]}"; do
    if ((r % 2 == 0)); then ROUND=("$job" "${ROUND[@]}"); else ROUND+=("$job"); fi
  done
  for job in "${ROUND[@]}"; do
    name=${job%%|*}; cmd=${job#*|}
    selected "$name" "$@" || continue
    echo "# load $name round=$r $(cut -d' ' -f1 /proc/loadavg)" >> "$RAW"
    echo "== round $r/$ROUNDS $name (load $(cut -d' ' -f1 /proc/loadavg))" >&2
    set -f
    if [[ $name == *:weft* ]]; then   # weft's own errors stay visible
      # shellcheck disable=SC2086
      timeout 300 $cmd | grep '^RESULT' | tee -a "$RAW" >&2
    else                              # the peers' warnings (Netty's Unsafe...) do not
      # shellcheck disable=SC2086
      timeout 300 $cmd 2>/dev/null | grep '^RESULT' | tee -a "$RAW" >&2
    fi
    set +f
  done
done
echo "# end $(date -u '+%Y-%m-%d %H:%M UTC') load=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$RAW"
summarize
