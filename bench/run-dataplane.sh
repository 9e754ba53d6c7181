#!/usr/bin/env bash
# The dataplane's full path on DPDK ports, next to dpdk-testpmd's io forwarding on the same
# devices (the I/O floor), DPDK's ipsec-secgw (the reference, bench/run-secgw.sh) and the ESP
# part of our path alone (EspPathBenchmark: what ipsec-secgw does, with our nodes), for 1 and 2
# workers, sizes 64, 1400 and IMIX, decap and encap:
#
#   bench/run-dataplane.sh [JMH options]        e.g. -wi 2 -i 3 -w 1s -r 2s for a quick pass
#
# All read the same replayed captures (net_pcap infinite_rx; no TX capture, so the driver drops
# what is sent). Prints testpmd's RX packets/s per case, ipsec-secgw's packets sent per second,
# then JMH's table: the "packets" rows are packets/s through the workers. JDK 25 from $JAVA_HOME.
# All on hugepages unless MEMORY=no-huge.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
jar="$root/bench/target/benchmarks.jar"
lib="$root/native/target/libportcullis.so"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
if ! command -v dpdk-testpmd >/dev/null; then
    # The I/O floor comes from Debian's dpdk-dev package (the build needs only libdpdk-dev).
    if [[ $(id -u) != 0 ]]; then
        echo "run-dataplane.sh: needs dpdk-testpmd: apt-get install dpdk-dev" >&2
        exit 1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q dpdk-dev >/dev/null
fi
if [[ ! -f "$jar" || ! -f "$lib" ]]; then
    (cd "$root" && ./mvnw -q -o install -DskipTests -pl bench -am)
fi
work=$(mktemp -d)
cpus=$(( $(nproc) - 1 ))

trap 'dpdk_memory_restore; rm -rf "$work"' EXIT
source "$root/bench/dpdk-memory.sh" run-dataplane.sh

echo "dpdk-testpmd io forwarding (I/O floor), RX packets/s of the replayed port:"
for size in 64 1400 IMIX; do
    for direction in decap encap; do
        "$java" "@$root/jvm.options" "-Dportcullis.native.lib=$lib" -cp "$jar" io.portcullis.bench.ClientTraffic \
            "$work" "$size" "$direction" 384
        if [[ $direction == decap ]]; then replayed=wan; idle=lan; else replayed=lan; idle=wan; fi
        for cores in 1 2; do
            replay=net_pcap_r
            quiet=net_pcap_i
            for _ in $(seq "$cores"); do   # one capture per queue
                replay+=",rx_pcap=$work/$replayed.pcap"
                quiet+=",rx_pcap=$work/$idle.pcap"
            done
            # The main lcore (stats every 2 s) shares a CPU with a forwarding lcore when there are as many as CPUs.
            lcores="0@0"
            for ((i = 1; i <= cores; i++)); do lcores+=",$i@$(( i % (cpus + 1) ))"; done
            # testpmd stops at the end of its stdin: sleep holds it open for 9 s.
            out=$(sleep 9 | timeout 12 dpdk-testpmd "${eal_memory[@]}" --no-pci --no-telemetry --lcores="$lcores" \
                --vdev "$replay,infinite_rx=1" --vdev "$quiet" \
                --log-level=warning -- --forward-mode=io --auto-start --stats-period=2 --nb-cores="$cores" \
                --rxq="$cores" --txq="$cores" 2>&1 || true)
            pps=$(echo "$out" | { grep -ao 'Rx-pps: *[0-9]*' || true; } | awk '{print $2}' | sort -n | tail -1)
            printf '  %-5s %-6s %d core(s): %s\n' "$size" "$direction" "$cores" "${pps:-?}"
        done
    done
done

echo
"$root/bench/run-secgw.sh"   # the reference, DPDK's ipsec-secgw, on the same devices and captures

echo
"$java" "@$root/jvm.options" "-Dportcullis.native.lib=$lib" -jar "$jar" EspPathBenchmark \
    -p memory="$memory" -rf json -rff "$root/bench/target/esp-path-$(date +%Y%m%d-%H%M%S).json" "$@" 2>&1 |
    sed -n '/^Benchmark /,$p'
for workers in 1 2; do
    "$java" "@$root/jvm.options" "-Dportcullis.native.lib=$lib" -jar "$jar" DataplaneBenchmark \
        -p workers="$workers" -t "$workers" -p memory="$memory" -prof gc -rf json \
        -rff "$root/bench/target/dataplane-$workers-$(date +%Y%m%d-%H%M%S).json" "$@" 2>&1 |
        sed -n '/^Benchmark /,$p'
done
