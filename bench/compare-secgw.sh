#!/usr/bin/env bash
# Portcullis against DPDK's ipsec-secgw, in turn, on the same devices and captures, measured two
# ways:
#
#   bench/compare-secgw.sh [ROUNDS] [SIZES]     e.g. bench/compare-secgw.sh 3 "64 1400"; as root
#
# Per round and size: ipsec-secgw (bench/run-secgw.sh), then EspPathBenchmark (the ESP part of our
# path alone: what ipsec-secgw does, with our nodes), then DataplaneBenchmark with one worker (the
# whole ESP + L2TP + PPP path, with jumbo MTUs like the other two), decap and encap each, all with
# their worker on CPU 1.
#
# 1. Packets per second, run after run. This VM's speed drifts by a third within minutes, so one
#    round says little; the summary gives medians over the rounds.
# 2. The share of CPU 1's time spent in intel-ipsec-mb (perf, 5-6 s in the middle of each run).
#    Time per packet goes as intel-ipsec-mb's time per packet divided by that share, so the ratio
#    of two shares compares the programs within one run each, whatever the VM's speed was at the
#    time, provided that intel-ipsec-mb takes the same time per packet in both. It does not
#    quite: ipsec-secgw's crypto PMD calls it three times per packet (init, update, finalize), we
#    once; and on encap we encrypt the L2TP datagram around the packet (40 bytes more),
#    ipsec-secgw the packet's payload only. So each round also runs
#    bench/imb-gcm-calls.c on CPU 1, which measures the library's time per packet both ways on
#    those byte counts, alternating; that factor times the ratio of shares is the ratio of time
#    per packet ("corrected" below).
#
# Prints one line per run (program, size, direction, Mpps, intel-ipsec-mb's share of CPU 1; for
# imb-gcm-calls the factor), then per case the median Mpps of each and the ratios, Portcullis ÷
# ipsec-secgw, and intel-ipsec-mb's time per packet in place (share over packets/s) against the
# factor, which is what the correction assumes. Needs perf (Debian's linux-perf, installed as
# root if missing), a C compiler and libipsec-mb-dev, and what run-secgw.sh needs.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
rounds=${1:-3}
sizes=${2:-64 1400 IMIX}
jar="$root/bench/target/benchmarks.jar"
lib="$root/native/target/libportcullis.so"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
if ! command -v perf >/dev/null; then
    if [[ $(id -u) != 0 ]]; then
        echo "compare-secgw.sh: needs perf: apt-get install linux-perf" >&2
        exit 1
    fi
    apt-get install -y -q linux-perf >/dev/null
fi
if [[ ! -f "$jar" || ! -f "$lib" ]]; then
    (cd "$root" && ./mvnw -q -o install -DskipTests -pl bench -am)
fi
work=$(mktemp -d)
trap 'dpdk_memory_restore; rm -rf "$work"' EXIT
source "$root/bench/dpdk-memory.sh" compare-secgw.sh
gcc -O2 -o "$work/imb-gcm-calls" "$root/bench/imb-gcm-calls.c" -lIPSec_MB

# The bytes AES-GCM encrypts per packet (ESP payload, padding, trailer) for inner IPv4 packets of
# SIZE, as ClientTraffic frames them (L2TP with Length, PPP FF 03 00 21, all sizes multiples of 4):
# the L2TP datagram, UDP 8 + L2TP 8 + PPP 4 + packet + 2-byte trailer + 2 of padding, on decap in
# both programs and on encap in ours; the packet's payload after its 20-byte header + trailer +
# padding on ipsec-secgw's encap. IMIX: its 12-packet cycle (PacketMix).
cipher_lengths() {
    local size=$1 add=$2 sizes
    if [[ $size == IMIX ]]; then sizes="64 576 64 1500 64 576 64 64 576 64 576 64"; else sizes=$size; fi
    local out="" s
    for s in $sizes; do out+="$((s + add)),"; done
    echo "${out%,}"
}

# intel-ipsec-mb's share (%) of the samples in a perf recording of CPU 1.
imb_share() {
    perf report -i "$1" --stdio --sort dso 2>/dev/null |
        awk '/libIPSec_MB/ {gsub("%", "", $1); s += $1} END {printf "%.1f", s}'
}

# imb-gcm-calls' factor: intel-ipsec-mb's time per packet as ipsec-secgw calls it ÷ as we do.
imb_factor() {
    taskset -c 1 "$work/imb-gcm-calls" "$@" | awk '{print $3}'
}

for round in $(seq "$rounds"); do
    for size in $sizes; do
        PERF_DIR="$work" MEMORY="$memory" "$root/bench/run-secgw.sh" "$size" |
            awk '$1 ~ /^(64|1400|IMIX)$/ {print $1, $2, $3}' |
            while read -r s direction pps; do
                printf 'ipsec-secgw %s %s %s %s %s\n' "$round" "$s" "$direction" \
                    "$(awk -v pps="$pps" 'BEGIN {printf "%.2f", pps / 1e6}')" "$(imb_share "$work/secgw-$s-$direction.data")"
            done
        for bench in EspPathBenchmark DataplaneBenchmark; do
            # Jumbo routes for the whole path too: ipsec-secgw encrypts IMIX's 1500-byte packets
            # whole, where an appliance with standard MTUs answers them with ICMP (DF is set).
            extra=(); [[ $bench == DataplaneBenchmark ]] && extra=(-p mtus=jumbo)
            for direction in decap encap; do
                # JVM, EAL and captures take 3-4 s, warm-up 3 s: perf records inside the 8 s measured.
                (sleep 8; perf record -q -e cpu-clock -C 1 -o "$work/$bench.data" -- sleep 5 >/dev/null 2>&1) &
                mpps=$("$java" "@$root/jvm.options" "-Dportcullis.native.lib=$lib" -jar "$jar" "$bench" \
                    -p size="$size" -p direction="$direction" -p memory="$memory" "${extra[@]}" -f 1 -wi 3 -i 4 -w 1s -r 2s 2>&1 |
                    awk '/:packets / {for (k = 1; k <= NF; k++) if ($k == "thrpt") printf "%.2f", $(k + 2) / 1e6}')
                wait
                printf '%s %s %s %s %s %s\n' "${bench%Benchmark}" "$round" "$size" "$direction" "${mpps:-?}" \
                    "$(imb_share "$work/$bench.data")"
            done
        done
        # The library's factor for each of ours: on decap all three decrypt the same packets; on
        # encap the ESP part alone encrypts what ipsec-secgw does, the whole path the L2TP datagram.
        decap=$(imb_factor decrypt "$(cipher_lengths "$size" 24)" "$(cipher_lengths "$size" 24)")
        printf 'imb-EspPath %s %s decap - %s\nimb-Dataplane %s %s decap - %s\n' \
            "$round" "$size" "$decap" "$round" "$size" "$decap"
        printf 'imb-EspPath %s %s encap - %s\n' "$round" "$size" \
            "$(imb_factor encrypt "$(cipher_lengths "$size" -16)" "$(cipher_lengths "$size" -16)")"
        printf 'imb-Dataplane %s %s encap - %s\n' "$round" "$size" \
            "$(imb_factor encrypt "$(cipher_lengths "$size" -16)" "$(cipher_lengths "$size" 24)")"
    done
done | tee "$work/runs.txt"

echo
python3 - "$work/runs.txt" <<'PY'
import statistics, sys
runs, factors = {}, {}
for line in open(sys.argv[1]):
    program, _, size, direction, mpps, share = line.split()
    if program.startswith("imb-"):
        factors.setdefault((size, direction, program[4:]), []).append(float(share))
    else:
        runs.setdefault((size, direction), {}).setdefault(program, []).append((float(mpps), float(share)))
print("case: median Mpps ipsec-secgw / EspPath / Dataplane; then for EspPath and Dataplane, Portcullis ÷ ipsec-secgw")
print("by medians of Mpps, of the intel-ipsec-mb share, and that share ratio times imb-gcm-calls' factor (corrected)")
for (size, direction), by in runs.items():
    median = {p: (statistics.median(m for m, _ in r), statistics.median(s for _, s in r)) for p, r in by.items()}
    secgw = median["ipsec-secgw"]
    line = f"{direction} {size}: " + " / ".join(f"{median[p][0]:.2f}" for p in ("ipsec-secgw", "EspPath", "Dataplane"))
    for p in ("EspPath", "Dataplane"):
        factor = statistics.median(factors[(size, direction, p)])
        share = median[p][1] / secgw[1]
        line += f"; {p} {median[p][0] / secgw[0]:.2f} by Mpps, {share:.2f} by share, x {factor:.2f} = {share * factor:.2f}"
    print(line)
    # The correction's premise, checked in place: intel-ipsec-mb's time per packet in each run is
    # its share of the CPU over the packets per second (ns = share % x 10 / Mpps). Where the
    # in-place ratio, ipsec-secgw's / ours, differs from imb-gcm-calls' factor, the corrected
    # ratio is off by as much and packets per second are the measure to read.
    ns = {p: statistics.median(s * 10 / m for m, s in r if m > 0) for p, r in by.items()}
    print(f"  {direction} {size} intel-ipsec-mb ns/packet in place: " +
          " / ".join(f"{ns[p]:.1f}" for p in ("ipsec-secgw", "EspPath", "Dataplane")) +
          "; ipsec-secgw's ÷ ours in place: " +
          ", ".join(f"{p} {ns['ipsec-secgw'] / ns[p]:.2f} (factor {statistics.median(factors[(size, direction, p)]):.2f})"
                    for p in ("EspPath", "Dataplane")))
PY
