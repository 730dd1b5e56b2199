"""Summarize benchmark RESULT lines into a Markdown table and an SVG bar chart.

Usage: python3 summarize.py RAW.txt RESULTS.md CHART.svg

RAW.txt holds lines 'RESULT workload system key=value ...' (the anchors' format) and '# ...'
notes written by run.sh (machine, JDKs, load average before each job). JVM programs that run
several iterations in one process tag them 'iter=N': iteration 1 is "cold", later ones "warm"
(as the anchors' summarize.py does); peak_rss_mb counts from iteration 1 only.

Ratios are "how many times better weft is": peer / weft for times, bytes and ns (lower is
better), weft / peer for messages per second. Medians of this run only. Python 3 stdlib only.
"""
import math
import statistics
import sys
from collections import defaultdict

WEFT = "weft"  # weft on JDK 25: the main comparison (the peers run on JDK 25 too)

# Headline metrics: (workload, metric, label, unit, higher_is_better). The value of a system is the
# median of its warm samples when it has any, else of its single-iteration samples, else cold.
HEADLINES = [
    ("w1", "ns_per_yield", "W1 yield, 1 task", "ns/yield", False),
    ("w1b", "ns_per_yield", "W1b yield, 1,000 tasks", "ns/yield", False),
    ("w2", "ms", "W2 spawn+gather 1M", "ms", False),
    ("w2", "peak_rss_mb", "W2 peak RSS", "MB", False),
    ("w3", "heap_bytes_per_task", "W3 heap per suspended task", "B", False),
    ("w3", "rss_bytes_per_task", "W3 RSS per suspended task", "B", False),
    ("w4", "sched_cancel_ms", "W4 schedule+cancel 1M timers", "ms", False),
    ("w4", "ms", "W4 timers total", "ms", False),
    ("w5", "msgs_per_s", "W5 TCP echo", "msgs/s", True),
    ("w5c", "msgs_per_s", "W5c TCP echo, client and server on one core", "msgs/s", True),
    ("w6", "overhead_ms_per_method", "W6 processor overhead", "ms/method", False),
]

SYSTEM_NAMES = {
    "weft": "weft (JDK 25)",
    "weft-jmh": "weft JMH (JDK 25)",
    "weft-jdk17": "weft (JDK 17)",
    "weft-jdk17-jmh": "weft JMH (JDK 17)",
    "kotlin": "Kotlin coroutines (runBlocking)",
    "vt": "virtual threads",
    "vt-p1": "virtual threads, parallelism=1",
    "cf": "CompletableFuture",
    "stpe": "ScheduledThreadPoolExecutor",
    "hwt": "Netty HashedWheelTimer (100 ms tick)",
    "hwt1": "Netty HashedWheelTimer (1 ms tick)",
    "netty-nio1": "Netty NIO, 1 loop",
    "vt-blocking": "virtual threads, blocking sockets",
    "asyncio": "asyncio",
    "uvloop": "uvloop",
    "asyncio-streams": "asyncio streams",
    "asyncio-protocol": "asyncio Protocol",
    "uvloop-streams": "uvloop streams",
    "uvloop-protocol": "uvloop Protocol",
    "floor": "floor: bare ring + state machine (no task semantics)",
    "weft-protocol": "weft Protocol (JDK 25)",
    "weft-bytes": "weft streams, an array per read (JDK 25)",
    "c-epoll": "C epoll server (floor)",
}

# Reference points, not peers: they appear in the targets and the full table only.
FLOORS = ("floor", "c-epoll")


def is_weft(system):
    return system.startswith("weft")


def load(path):
    samples = defaultdict(list)  # (workload, system, metric, phase) -> [float]
    notes = defaultdict(list)
    loads = []
    rounds = {}  # (workload, system, metric) -> {round: value}, for one-value-per-round jobs
    current_round = None
    for line in open(path):
        line = line.strip()
        if line.startswith("# load "):
            loads.append(float(line.split()[-1]))
            current_round = next((int(p[6:]) for p in line.split() if p.startswith("round=")), None)
        elif line.startswith("# "):
            key, _, rest = line[2:].partition(" ")
            notes[key].append(rest)
        elif line.startswith("RESULT "):
            parts = line.split()
            workload, system = parts[1], parts[2]
            kv = dict(p.split("=", 1) for p in parts[3:] if "=" in p)
            it = int(kv.pop("iter")) if "iter" in kv else None
            phase = "single" if it is None else ("cold" if it == 1 else "warm")
            for k, v in kv.items():
                if k in ("n", "methods", "err", "late_cancel", "order_errors"):
                    if k == "order_errors" and float(v) != 0:
                        notes["order_errors"].append(f"{system} {workload} {v}")
                    continue
                if k == "peak_rss_mb":
                    if it not in (None, 1):
                        continue
                    ph = "single"
                else:
                    ph = phase
                try:
                    samples[(workload, system, k, ph)].append(float(v))
                    if ph == "single" and current_round is not None:
                        rounds.setdefault((workload, system, k), {})[current_round] = float(v)
                except ValueError:
                    pass
    return samples, rounds, notes, loads


def paired_ratios(rounds, workload, metric, system, peer):
    """system / peer in each round where both ran: the two ran minutes apart, so one burst of
    load on a shared machine moves both, which the medians of separate rounds do not cancel."""
    a = rounds.get((workload, system, metric), {})
    b = rounds.get((workload, peer, metric), {})
    return [a[r] / b[r] for r in sorted(a) if r in b and b[r]]


def fmt(x):
    if x is None:
        return "–"
    if abs(x) >= 100:
        return f"{x:,.0f}"
    if abs(x) >= 10:
        return f"{x:.1f}"
    return f"{x:.2f}"


def headline_value(samples, workload, system, metric):
    """(median, min, max, n, phase) of the preferred phase, or None."""
    for phase in ("warm", "single", "cold"):
        v = samples.get((workload, system, metric, phase))
        if v:
            return statistics.median(v), min(v), max(v), len(v), phase
    return None


def ratio(weft, peer, higher_better):
    if not weft or not peer:
        return None
    return weft / peer if higher_better else peer / weft


def systems_of(samples, workload):
    found = sorted({k[1] for k in samples if k[0] == workload})
    return sorted(found, key=lambda s: (not is_weft(s), s))


def write_markdown(samples, rounds, notes, loads, out):
    w = out.write
    run = notes.get("run", ["?"])[-1]
    w("# weft benchmarks: results\n\n")
    w(f"Run: {run}. Generated by `benchmarks/run.sh` (see `benchmarks/README.md`); raw lines in "
      "`raw.txt`.\n\n")
    for key in ("machine", "jdk25", "jdk17", "python"):
        if key in notes:
            w(f"- {key}: `{notes[key][-1]}`\n")
    if loads:
        w(f"- load average (1 min) before each job: median {statistics.median(loads):.1f}, "
          f"min {min(loads):.1f}, max {max(loads):.1f} over {len(loads)} jobs"
          f"{' (a shared, busy machine: compare ratios, not absolute numbers)' if statistics.median(loads) > 2.5 else ''}\n")
    if "end" in notes:
        w(f"- ended: {notes['end'][-1]}\n")
    if notes.get("order_errors"):
        w(f"- **W4 firing order errors**: {', '.join(notes['order_errors'])}\n")
    w("\nValues are medians of this run (min..max in parentheses). JVM programs run several "
      "iterations per process: *warm* = iterations 2 and later, *cold* = iteration 1; the tables "
      "use warm values where they exist. weft's main numbers are on JDK 25, like the peers'.\n\n")

    # ---- targets
    def med(workload, system, metric):
        h = headline_value(samples, workload, system, metric)
        return h[0] if h else None

    def cell(workload, system, metric):
        h = headline_value(samples, workload, system, metric)
        if not h:
            return "–"
        m, lo, hi, n, phase = h
        return f"{fmt(m)} ({fmt(lo)}..{fmt(hi)})"

    netty = med("w5", "netty-nio1", "msgs_per_s")
    weft_w5 = med("w5", WEFT, "msgs_per_s")
    targets = [
        ("W1 ns/yield (JMH)", "w1", "weft-jmh", "ns_per_yield", 10.0, "<= 10"),
        ("W1 ns/yield (harness, warm)", "w1", WEFT, "ns_per_yield", 10.0, "<= 10"),
        ("W1 same, CPU time of the loop thread", "w1", WEFT, "cpu_ns_per_yield", 10.0, "<= 10"),
        ("W1b ns/yield (JMH)", "w1b", "weft-jmh", "ns_per_yield", 15.0, "<= 15"),
        ("W1b ns/yield (harness, warm)", "w1b", WEFT, "ns_per_yield", 15.0, "<= 15"),
        ("W1b same, CPU time of the loop thread", "w1b", WEFT, "cpu_ns_per_yield", 15.0,
         "<= 15"),
        ("W2 spawn+gather 1M, ms (warm)", "w2", WEFT, "ms", 300.0, "<= 300"),
        ("W2 same, CPU time of the loop thread, ms", "w2", WEFT, "cpu_ms", 300.0, "<= 300"),
        ("W2 peak RSS, MB (no target)", "w2", WEFT, "peak_rss_mb", float("inf"), "–"),
        ("W3 heap bytes per task", "w3", WEFT, "heap_bytes_per_task", 120.0, "<= 120"),
        ("W4 schedule+cancel, ms (warm; the peers' protocol: one shared callback)", "w4", WEFT,
         "sched_cancel_ms", 100.0, "<= 100"),
        ("W4 total, ms (warm; same)", "w4", WEFT, "ms", 1050.0, "<= 1050"),
        ("W4 schedule+cancel, a callback per timer checking deadline order, ms", "w4", WEFT,
         "ordered_sched_cancel_ms", 100.0, "<= 100"),
        ("W4 total, same, ms (0 order errors required)", "w4", WEFT, "ordered_ms", 1050.0,
         "<= 1050, exact order"),
        ("W6 processor overhead, ms per method (javac cold, wall)", "w6", WEFT,
         "overhead_ms_per_method", 5.0, "<= 5"),
        ("W6 same, CPU of the javac process", "w6", WEFT, "overhead_cpu_ms_per_method", 5.0,
         "<= 5"),
        ("W6 same, warm javac in one JVM (wall)", "w6", WEFT, "warm_overhead_ms_per_method", 5.0,
         "<= 5"),
        ("W6 same, warm, CPU", "w6", WEFT, "warm_overhead_cpu_ms_per_method", 5.0, "<= 5"),
    ]
    w("## Targets (issue 9)\n\n| target | weft (JDK 25) | weft (JDK 17) | goal | met |\n"
      "|---|---|---|---|---|\n")
    for label, workload, system, metric, limit, goal in targets:
        v = med(workload, system, metric)
        v17 = system.replace("weft", "weft-jdk17", 1)
        met = "–" if v is None or limit == float("inf") else ("yes" if v <= limit else "**no**")
        if workload == "w4" and metric == "ordered_ms" and notes.get("order_errors"):
            met = "**no** (order)"
        w(f"| {label} | {cell(workload, system, metric)} | {cell(workload, v17, metric)} | "
          f"{goal} | {met} |\n")
    for workload, label in (("w1", "W1"), ("w1b", "W1b")):
        floor = med(workload, "floor", "ns_per_yield")
        if floor:
            weft_over = [med(workload, s, "ns_per_yield") for s in (WEFT, "weft-jdk17")]
            cells = [("–" if v is None else f"{v / floor:.2f}x") for v in weft_over]
            w(f"| {label} ns/yield ÷ the floor's {fmt(floor)} (same run; no target: what weft's "
              f"task bookkeeping costs over a bare ring + state machine) | {cells[0]} | "
              f"{cells[1]} | – | – |\n")
    def w5_cell(system):
        pairs = paired_ratios(rounds, "w5", "msgs_per_s", system, "netty-nio1")
        if not pairs:
            return None, "–"
        each = ", ".join(f"{r:.2f}" for r in pairs)
        return statistics.median(pairs), f"{statistics.median(pairs):.2f}x (rounds: {each})"

    r5, cell25 = w5_cell(WEFT)
    _, cell17 = w5_cell("weft-jdk17")
    w(f"| W5 echo msgs/s ÷ Netty NIO's in the same round, median (medians over rounds: "
      f"{fmt(weft_w5)} and {fmt(netty)}) | {cell25} | {cell17} | >= 1.25x | "
      f"{'–' if r5 is None else ('yes' if r5 >= 1.25 else '**no**')} |\n\n")

    # ---- issue 18: W5 round by round against the best peer of the round, and the C floor; the
    # same for W5c (client and server on one core, where the server's CPU per message decides)
    def issue18_section(workload, title):
        def at(system, r):
            return rounds.get((workload, system, "msgs_per_s"), {}).get(r)

        def best_peer(r):
            vals = [v for v in (at(p, r) for p in ("uvloop-protocol", "netty-nio1")) if v]
            return max(vals) if vals else None

        def c_floor(r):
            return at("c-epoll", r)

        def per_round(system, reference):
            """system / reference(round) for each round where both ran."""
            a = rounds.get((workload, system, "msgs_per_s"), {})
            return [(r, a[r] / reference(r)) for r in sorted(a) if reference(r)]

        rows = [
            ("weft Protocol ÷ the best of uvloop Protocol and Netty", "weft-protocol", best_peer,
             1.10, ">= 1.10x"),
            ("weft streams (readInto) ÷ the same", WEFT, best_peer, 1.0, ">= 1.0x"),
            ("weft streams, an array per read ÷ the same (no target)", "weft-bytes", best_peer,
             None, "–"),
            ("weft Protocol ÷ the C epoll server", "weft-protocol", c_floor, 0.90, ">= 0.90x"),
            ("weft streams (readInto) ÷ the C epoll server", WEFT, c_floor, 0.90, ">= 0.90x"),
            ("best peer ÷ the C epoll server (no target)", None, c_floor, None, "–"),
        ]
        if not rounds.get((workload, "weft-protocol", "msgs_per_s")):
            return
        w(f"## {title}, round by round\n\n"
          "Each round's messages per second divided by the reference's in the same round; met "
          "when every round meets it.\n\n| ratio | rounds | median | goal | met |\n"
          "|---|---|---|---|---|\n")
        for label, system, reference, goal, goal_text in rows:
            if system is None:
                pairs = [(r, best_peer(r) / c_floor(r)) for r in sorted(
                    rounds.get((workload, "c-epoll", "msgs_per_s"), {}))
                    if best_peer(r) and c_floor(r)]
            else:
                pairs = per_round(system, reference)
            if not pairs:
                continue
            each = ", ".join(f"{v:.2f}" for _, v in pairs)
            med_r = statistics.median(v for _, v in pairs)
            met = "–" if goal is None else (
                "yes" if all(v >= goal for _, v in pairs) else
                f"**no** ({sum(v >= goal for _, v in pairs)} of {len(pairs)} rounds)")
            w(f"| {label} | {each} | {med_r:.2f}x | {goal_text} | {met} |\n")
        w("\n")

    issue18_section("w5", "W5 targets (issue 18)")
    issue18_section("w5c", "W5c, client and server on one core: the same ratios")

    # ---- ratios
    # The floor is a reference point, not a peer: it appears in the targets and the full table.
    peers = sorted({k[1] for k in samples if not is_weft(k[1]) and k[1] not in FLOORS})
    w("## How many times better weft (JDK 25) is than each peer\n\n"
      "Peer's median / weft's median (messages per second: weft's / peer's); above 1 = weft "
      "better. Same run, same machine.\n\n")
    w("| workload | weft | " + " | ".join(SYSTEM_NAMES.get(p, p) for p in peers) + " |\n")
    w("|---|---|" + "---|" * len(peers) + "\n")
    for workload, metric, label, unit, higher in HEADLINES:
        weft = med(workload, WEFT, metric)
        if weft is None:
            continue
        row = [f"{label} ({unit})", fmt(weft)]
        for p in peers:
            r = ratio(weft, med(workload, p, metric), higher)
            row.append("" if r is None else f"{r:.2f}x")
        if not any(row[2:]):
            continue
        w("| " + " | ".join(row) + " |\n")

    # ---- everything
    w("\n## All measurements\n\n| workload | metric | system | median | min..max | samples |\n"
      "|---|---|---|---|---|---|\n")
    order = {h[0]: i for i, h in enumerate(HEADLINES)}
    keys = sorted(samples, key=lambda k: (order.get(k[0], 99), k[0], k[2], not is_weft(k[1]),
                                           k[1], k[3]))
    for workload, system, metric, phase in keys:
        v = samples[(workload, system, metric, phase)]
        m = f"{metric} ({phase})" if phase != "single" else metric
        w(f"| {workload} | {m} | {SYSTEM_NAMES.get(system, system)} | {fmt(statistics.median(v))} "
          f"| {fmt(min(v))}..{fmt(max(v))} | {len(v)} |\n")


def write_svg(samples, notes, out):
    """Horizontal bars, log scale: one group per headline metric, one bar per peer."""
    groups = []
    for workload, metric, label, unit, higher in HEADLINES:
        weft = headline_value(samples, workload, WEFT, metric)
        if not weft:
            continue
        bars = []
        for system in systems_of(samples, workload):
            if is_weft(system) or system == "floor":
                continue
            peer = headline_value(samples, workload, system, metric)
            r = ratio(weft[0], peer[0] if peer else None, higher)
            if r:
                bars.append((SYSTEM_NAMES.get(system, system), r))
        if bars:
            bars.sort(key=lambda b: b[1])
            groups.append((f"{label} (weft {fmt(weft[0])} {unit})", bars))
    all_r = [r for _, bars in groups for _, r in bars] or [1.0]
    lo = min(0.1, min(all_r) / 1.5)
    hi = max(10.0, max(all_r) * 1.5)
    lo_e, hi_e = math.floor(math.log10(lo)), math.ceil(math.log10(hi))
    left, plot_w, right = 290, 520, 70
    bar_h, gap, head = 16, 4, 22
    width = left + plot_w + right
    height = 70 + sum(head + len(b) * (bar_h + gap) + 10 for _, b in groups) + 40

    def x_of(r):
        return left + (math.log10(r) - lo_e) / (hi_e - lo_e) * plot_w

    e = []
    esc = lambda s: s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    e.append(f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">')
    e.append(f'<rect width="{width}" height="{height}" fill="white"/>')
    run = notes.get("run", ["?"])[-1].split(" rounds")[0]
    e.append(f'<text x="{width / 2}" y="20" text-anchor="middle" font-size="15" font-weight="bold">'
             f'How many times better weft (JDK 25) is than each peer</text>')
    e.append(f'<text x="{width / 2}" y="38" text-anchor="middle" fill="#555">peer / weft '
             f'(msgs/s: weft / peer), log scale, medians of one run ({esc(run)}); '
             f'right of 1 = weft better</text>')
    top = 55
    y_end = height - 35
    for k in range(lo_e, hi_e + 1):
        for m in (1, 2, 5):
            r = m * 10 ** k
            if r < 10 ** lo_e or r > 10 ** hi_e:
                continue
            x = x_of(r)
            strong = m == 1
            e.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{y_end}" '
                     f'stroke="{"#999" if r == 1 else "#ddd"}" '
                     f'stroke-width="{2 if r == 1 else 1}"/>')
            if strong or hi_e - lo_e <= 3:
                lab = f"{r:g}x"
                e.append(f'<text x="{x:.1f}" y="{y_end + 14}" text-anchor="middle" '
                         f'fill="#555">{lab}</text>')
    y = top + 5
    for title, bars in groups:
        e.append(f'<text x="8" y="{y + 14}" font-weight="bold">{esc(title)}</text>')
        y += head
        for name, r in bars:
            x0, x1 = x_of(1), x_of(r)
            color = "#2b8a3e" if r >= 1 else "#c92a2a"
            e.append(f'<text x="{left - 6}" y="{y + bar_h - 4}" text-anchor="end">{esc(name)}</text>')
            e.append(f'<rect x="{min(x0, x1):.1f}" y="{y}" width="{max(abs(x1 - x0), 1):.1f}" '
                     f'height="{bar_h}" fill="{color}"/>')
            lx = max(x0, x1) + 4
            e.append(f'<text x="{lx:.1f}" y="{y + bar_h - 4}">{r:.2f}x</text>')
            y += bar_h + gap
        y += 10
    e.append("</svg>")
    out.write("\n".join(e) + "\n")


def main():
    raw, md, svg = sys.argv[1:4]
    samples, rounds, notes, loads = load(raw)
    with open(md, "w") as f:
        write_markdown(samples, rounds, notes, loads, f)
    with open(svg, "w") as f:
        write_svg(samples, notes, f)
    print(open(md).read())


if __name__ == "__main__":
    main()
