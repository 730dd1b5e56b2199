#!/bin/bash
# W5 per message, side by side in one run: each server under the same C client as W5 (64
# connections, 1 KiB ping-pong), and over a window of the client's measured phase the server
# process's CPU time (perf's task-clock: user + kernel; this VM exposes no cycle or instruction
# counters), its system calls by kind (perf's syscall tracepoints, which do not slow the traced
# process the way strace does), its futex calls by thread name, and for the JVM servers the bytes
# allocated (eden used plus eden emptied by young GCs, from jstat); and the client's CPU time, to
# show which side is the bottleneck, and to rate the server's CPU in units of the client's (the
# host's speed moves both alike, so this ratio holds still when the msgs/s move by 30%).
# Everything is divided by the messages echoed in that window, counted exactly: the bytes the
# server's sockets sent (ss's bytes_sent, read right as the window opens and closes), divided by
# the 1 KiB message size.
#
# Usage: benchmarks/w5profile.sh [-s SECONDS] [-1] [SYSTEM...]
#   -1      client and server on one CPU (taskset -c 0), as W5c
#   SYSTEM: c-epoll weft weft-bytes weft-protocol netty-nio1 uvloop-protocol asyncio-protocol
#           uvloop-streams asyncio-streams (default: c-epoll weft weft-protocol netty-nio1
#           uvloop-protocol asyncio-protocol)
# Needs benchmarks/run.sh to have built weft and the anchors (benchmarks/target), perf and jstat.
# Prints one Markdown row per system, and writes the per-thread futex counts to stderr.
set -u
BENCH=$(cd "$(dirname "$0")" && pwd)
T=$BENCH/target
A=$T/anchors
JDK25=${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}
PY=${PY:-/usr/bin/python3}
SECONDS_MEASURED=10
PIN=()
while getopts "s:1" o; do
  case $o in s) SECONDS_MEASURED=$OPTARG ;; 1) PIN=(taskset -c 0) ;; *) sed -n '2,21p' "$0" >&2; exit 2 ;; esac
done
shift $((OPTIND - 1))
SYSTEMS=("$@")
[ ${#SYSTEMS[@]} -gt 0 ] || SYSTEMS=(c-epoll weft weft-protocol netty-nio1 uvloop-protocol asyncio-protocol)
mkdir -p "$T/c" && cc -O2 -Wall -o "$T/c/echo_epoll" "$BENCH/c/echo_epoll.c" || exit 1
CP="$T/classes:$T/lib/*"
EVENTS=task-clock,context-switches,raw_syscalls:sys_enter
for s in read readv recvfrom write writev sendto epoll_wait epoll_pwait epoll_ctl futex; do
  EVENTS+=,syscalls:sys_enter_$s
done

server_command() {
  local port=$1
  case $2 in
    c-epoll)          echo "$T/c/echo_epoll $port" ;;
    weft)             echo "$JDK25/bin/java -Xmx1g -cp $CP dev.weft.benchmarks.EchoServer $port" ;;
    weft-bytes)       echo "$JDK25/bin/java -Xmx1g -cp $CP dev.weft.benchmarks.EchoServer $port bytes" ;;
    weft-protocol)    echo "$JDK25/bin/java -Xmx1g -cp $CP dev.weft.benchmarks.EchoServer $port protocol" ;;
    netty-nio1)       echo "$JDK25/bin/java -Xmx1g -cp $A/java/target/classes:$A/java/target/lib/* EchoNetty $port" ;;
    *-protocol|*-streams) echo "$PY $A/python/echo_server.py ${2%%-*} ${2#*-} $port" ;;
    *) echo "unknown system $2" >&2; return 1 ;;
  esac
}

# "seconds bytes-sent client-CPU-seconds": the time, the bytes sent by the server's sockets on
# port $1 and the client's (PID $2) user + system time, taken inside perf's window so all agree.
snapshot() {
  echo "$(date +%s.%N)" \
       "$(ss -tinH state established "( sport = :$1 )" | grep -o 'bytes_sent:[0-9]*' | awk -F: '{n += $2} END {print n + 0}')" \
       "$(awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); print ($12 + $13) / hz }' "/proc/$2/stat")"
}
export -f snapshot

echo "| server | msgs/s | CPU µs/msg | client CPU µs/msg (share of a core) | server CPU ÷ client CPU | reads/msg | writes/msg | epoll_wait/msg | futex/msg | all syscalls/msg | ctx switches/msg | bytes allocated/msg |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
for sys in "${SYSTEMS[@]}"; do
  port=$((20000 + RANDOM % 10000))
  cmd=$(server_command $port "$sys") || continue
  # shellcheck disable=SC2086
  "${PIN[@]}" $cmd >/dev/null 2>&1 &
  spid=$!
  for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.1; done
  out=$(mktemp)
  # the client runs a second longer than the window below, so the window ends inside its run
  "${PIN[@]}" "$A/cclient/echo_client" 127.0.0.1 $port 64 2 $((SECONDS_MEASURED + 1)) 1024 > "$out" &
  cpid=$!
  sleep 2   # the client's warm-up: the window below is its measured phase
  window=$SECONDS_MEASURED
  alloc0=""; [[ $sys == weft* || $sys == netty* ]] && alloc0=$("$JDK25/bin/jstat" -gc $spid | tail -1)
  perf stat -x, --per-thread -e "$EVENTS" -p $spid -- \
    bash -c "snapshot $port $cpid; sleep $window; snapshot $port $cpid" > "$out.window" 2> "$out.perf"
  alloc1=""; [[ $sys == weft* || $sys == netty* ]] && alloc1=$("$JDK25/bin/jstat" -gc $spid | tail -1)
  wait $cpid
  kill $spid 2>/dev/null; wait $spid 2>/dev/null
  rate=$(awk '/^RESULT_MSGS_PER_SEC/ {print $2}' "$out")
  [ -n "$rate" ] || { echo "$sys: client failed" >&2; continue; }
  # perf -x, --per-thread: thread,value,unit,event,...; sum over threads, futexes by thread name
  python3 - "$out.perf" "$out.window" "$sys" "$alloc0" "$alloc1" <<'PY'
import collections, sys
path, window_path, system, a0, a1 = sys.argv[1:6]
(t0, w0, c0), (t1, w1, c1) = (map(float, line.split()) for line in open(window_path))
window = t1 - t0
msgs = (w1 - w0) / 1024  # every message is echoed once: 1 KiB written by the server
client_cpu = c1 - c0
total = collections.Counter(); futex = collections.Counter()
for line in open(path):
    f = line.strip().split(",")
    if len(f) < 4 or not f[1].replace(".", "").isdigit():
        continue
    thread, value, event = f[0], float(f[1]), f[3]
    total[event] += value
    if event.endswith("sys_enter_futex") and value:
        futex[thread.rsplit("-", 1)[0]] += value
per = lambda *events: sum(total["syscalls:sys_enter_" + e] for e in events) / msgs
alloc = "n/a"
if a0 and a1:
    # jstat -gc columns: S0C S1C S0U S1U EC EU OC OU MC MU CCSC CCSU YGC ... ; G1's young GCs
    # empty eden, so bytes allocated = eden used now - eden used before + eden emptied per GC.
    h = "S0C S1C S0U S1U EC EU OC OU MC MU CCSC CCSU YGC".split()
    b0 = dict(zip(h, a0.split())); b1 = dict(zip(h, a1.split()))
    gcs = int(b1["YGC"]) - int(b0["YGC"])
    kib = float(b1["EU"]) - float(b0["EU"]) + gcs * float(b0["EC"])
    alloc = f"{kib * 1024 / msgs:,.0f}" + (f" ({gcs} GCs)" if gcs else "")
print(f"| {system} | {msgs / window:,.0f} | {total['task-clock'] * 1e3 / msgs:.2f} | "
      f"{client_cpu * 1e6 / msgs:.2f} ({client_cpu / window:.0%}) | "
      f"{total['task-clock'] / 1e3 / client_cpu:.2f} | "
      f"{per('read', 'readv', 'recvfrom'):.2f} | {per('write', 'writev', 'sendto'):.3f} | "
      f"{per('epoll_wait', 'epoll_pwait'):.3f} | {per('futex'):.4f} | "
      f"{total['raw_syscalls:sys_enter'] / msgs:.2f} | {total['context-switches'] / msgs:.3f} | {alloc} |")
print(f"{system}: futex calls by thread over {msgs:,.0f} messages: "
      + (", ".join(f"{t}={int(n)}" for t, n in futex.most_common(8)) or "none"), file=sys.stderr)
PY
  rm -f "$out" "$out.perf" "$out.window"
done
