#!/usr/bin/env bash
# The dataplane's full path on DPDK ports, next to dpdk-testpmd's io forwarding on the same
# devices (the I/O floor), for 1 and 2 workers, sizes 64, 1400 and IMIX, decap and encap:
#
#   bench/run-dataplane.sh [JMH options]        e.g. -wi 2 -i 3 -w 1s -r 2s for a quick pass
#
# Both read the same replayed captures (net_pcap infinite_rx; no TX capture, so the driver drops
# what is sent). Prints testpmd's RX packets/s per case, then JMH's table: the "packets" rows are
# packets/s through the workers. JDK 25 from $JAVA_HOME. Both on hugepages unless MEMORY=no-huge.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
jar="$root/bench/target/benchmarks.jar"
lib="$root/native/target/libportcullis.so"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
if [[ ! -f "$jar" || ! -f "$lib" ]]; then
    (cd "$root" && ./mvnw -q -o install -DskipTests -pl bench -am)
fi
work=$(mktemp -d)
cpus=$(( $(nproc) - 1 ))

# Hugepages, as the appliance runs (MEMORY=no-huge to measure on ordinary pages instead). As root,
# 1 GiB of 2 MiB pages is reserved for the run if fewer are free, and a hugetlbfs mounted if none
# is; both are put back on exit.
memory=${MEMORY:-hugepages}
pages_before=$(cat /proc/sys/vm/nr_hugepages)
mounted=""
cleanup() {
    [[ -n "$mounted" ]] && umount "$mounted" && rmdir "$mounted"
    [[ $(cat /proc/sys/vm/nr_hugepages) != "$pages_before" ]] && echo "$pages_before" > /proc/sys/vm/nr_hugepages
    rm -rf "$work"
}
trap cleanup EXIT
if [[ $memory == hugepages ]]; then
    free=$(awk '/^HugePages_Free:/ {print $2}' /proc/meminfo)
    if (( free < 512 )); then
        if [[ $(id -u) != 0 ]]; then
            echo "run-dataplane.sh: 512 free 2 MiB hugepages needed (as root it reserves them); or MEMORY=no-huge" >&2
            exit 1
        fi
        echo $(( pages_before + 512 - free )) > /proc/sys/vm/nr_hugepages
    fi
    if ! grep -q ' hugetlbfs ' /proc/mounts; then
        mounted=$(mktemp -d)
        mount -t hugetlbfs nodev "$mounted"
    fi
    eal_memory=(--in-memory)
else
    eal_memory=(--no-huge --no-shconf -m 1024)
fi
echo "memory: $memory ($(awk '/^HugePages_Free:/ {print $2}' /proc/meminfo) hugepages free)"

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
for workers in 1 2; do
    "$java" "@$root/jvm.options" "-Dportcullis.native.lib=$lib" -jar "$jar" DataplaneBenchmark \
        -p workers="$workers" -t "$workers" -p memory="$memory" -prof gc -rf json \
        -rff "$root/bench/target/dataplane-$workers-$(date +%Y%m%d-%H%M%S).json" "$@" 2>&1 |
        sed -n '/^Benchmark /,$p'
done
