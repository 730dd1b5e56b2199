#!/bin/bash
# W5 with the server and the C client on one CPU: anchors/w5.sh under `taskset -c 0`, its RESULT
# line renamed to workload w5c. In W5 proper the single-threaded client fills a core of its own,
# so every server that needs less CPU per message than the client meets the same ceiling (the C
# floor's); sharing one core, throughput is 1 / (client's + server's CPU per message), so what the
# server spends per message decides it.
# Usage: benchmarks/w5-one-core.sh ANCHORS_DIR SYSTEM [-- SERVER COMMAND ...]   (as anchors/w5.sh)
A=$1; shift
taskset -c 0 "$A/w5.sh" "$@" | sed 's/^RESULT w5 /RESULT w5c /'
exit "${PIPESTATUS[0]}"
