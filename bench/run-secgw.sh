#!/usr/bin/env bash
# DPDK's own ipsec-secgw, the issue's reference, measured here on the devices and captures that
# bench/run-dataplane.sh gives Portcullis and dpdk-testpmd: net_pcap replaying the same frames
# forever, one worker lcore (CPU 1, as DataplaneBenchmark's single worker), AES-128-GCM in
# transport mode through the aesni_gcm crypto PMD (intel-ipsec-mb), the librte_ipsec path (-l):
#
#   bench/run-secgw.sh [SIZES]        e.g. bench/run-secgw.sh "64 1400"; default "64 1400 IMIX"
#
# encap: the LAN host's plain packets to the two clients (port 0, protected) leave ESP-encrypted
# on port 1; decap: the clients' ESP (port 1, unprotected) leaves decrypted on port 0. ipsec-secgw
# does ESP only, no L2TP or PPP. Its source comes from Debian's dpdk-doc (installed here as root
# if missing) and is built once under ~/.cache/portcullis, keyed on that package's version.
# Prints ipsec-secgw's packets sent per second: the mean over its 2-second statistics intervals
# after the first (start-up), as JMH reports the mean of its measured iterations after warm-up
# (the best interval, printed until 2026-11-23, overstated it by 2 % at 64 B and by up to a
# quarter at 1400 B, where this VM's intervals swing most). With
# PERF_DIR set, perf records CPU 1 (its worker lcore) from 4 s to 10 s of each run into
# PERF_DIR/secgw-SIZE-DIRECTION.data (bench/compare-secgw.sh reads them).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
jar="$root/bench/target/benchmarks.jar"
lib="$root/native/target/libportcullis.so"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
sizes=${1:-64 1400 IMIX}
if [[ ! -f "$jar" || ! -f "$lib" ]]; then
    (cd "$root" && ./mvnw -q -o install -DskipTests -pl bench -am)
fi

examples=/usr/share/dpdk/examples/ipsec-secgw
if [[ ! -d $examples ]]; then
    if [[ $(id -u) != 0 ]]; then
        echo "run-secgw.sh: ipsec-secgw's source comes from Debian's dpdk-doc: apt-get install dpdk-doc" >&2
        exit 1
    fi
    apt-get install -y -q dpdk-doc >/dev/null
fi
# One change to the example: its port configuration demands RX checksum offload, which no virtual
# device has (net_pcap: none). It never reads the checksum flags, and without the TX IPv4
# checksum offload it sums headers itself, so the result does not change.
build="$HOME/.cache/portcullis/ipsec-secgw-$(dpkg-query -W -f='${Version}' dpdk-doc)-no-rx-cksum"
if [[ ! -x "$build/build/ipsec-secgw" ]]; then
    rm -rf "$build"
    mkdir -p "$(dirname "$build")"
    cp -r "$examples" "$build"
    grep -q '\.offloads = RTE_ETH_RX_OFFLOAD_CHECKSUM,' "$build/ipsec-secgw.c"
    sed -i 's/\.offloads = RTE_ETH_RX_OFFLOAD_CHECKSUM,//' "$build/ipsec-secgw.c"
    make -s -C "$build" -j "$(nproc)" >/dev/null
fi

work=$(mktemp -d)
trap 'dpdk_memory_restore; rm -rf "$work"' EXIT
source "$root/bench/dpdk-memory.sh" run-secgw.sh

# ClientTraffic's SAs (AES_GCM_128 test key: byte i is 0x10 + 7i, the last 4 the salt): the
# clients' SPIs 0x2000 + c towards the appliance, the appliance's 0x1000 + c towards them.
key=$(for i in $(seq 0 19); do printf '%02x:' $(( (0x10 + 7 * i) & 0xFF )); done)
key=${key%:}
cat > "$work/secgw.cfg" <<CFG
sa out 4096 aead_algo aes-128-gcm aead_key $key mode transport
sa out 4097 aead_algo aes-128-gcm aead_key $key mode transport
sa in 8192 aead_algo aes-128-gcm aead_key $key mode transport
sa in 8193 aead_algo aes-128-gcm aead_key $key mode transport
sp ipv4 out esp protect 4096 pri 1 dst 10.99.0.2/32 sport 0:65535 dport 0:65535
sp ipv4 out esp protect 4097 pri 1 dst 10.99.0.3/32 sport 0:65535 dport 0:65535
sp ipv4 in esp protect 8192 pri 1 src 198.51.100.7/32 dst 192.0.2.1/32 sport 0:65535 dport 0:65535
sp ipv4 in esp protect 8193 pri 1 src 198.51.100.8/32 dst 192.0.2.1/32 sport 0:65535 dport 0:65535
rt ipv4 dst 10.99.0.0/24 port 1
rt ipv4 dst 192.0.2.1/32 port 0
neigh port 0 02:00:00:00:00:bb
neigh port 1 02:00:00:00:00:aa
CFG

echo "ipsec-secgw (DPDK $(dpkg-query -W -f='${Version}' dpdk-doc)), 1 worker lcore, packets sent per second:"
for size in $sizes; do
    for direction in decap encap; do
        "$java" "@$root/jvm.options" "-Dportcullis.native.lib=$lib" -cp "$jar" io.portcullis.bench.ClientTraffic \
            "$work" "$size" "$direction" 384
        # ipsec-secgw wants a TX queue per lcore and more; net_pcap without a TX capture has as
        # many (each freeing what is sent) as it has RX captures, of which only queue 0 is polled.
        lan="rx_pcap=$work/lan.pcap"; wan="rx_pcap=$work/wan.pcap"
        lan="$lan,$lan,$lan,$lan"; wan="$wan,$wan,$wan,$wan"
        if [[ $direction == decap ]]; then wan+=",infinite_rx=1"; else lan+=",infinite_rx=1"; fi
        if [[ -n "${PERF_DIR:-}" ]]; then
            (sleep 4; perf record -q -e cpu-clock -C 1 -o "$PERF_DIR/secgw-$size-$direction.data" -- sleep 6 \
                >/dev/null 2>&1) &
        fi
        out=$(timeout -s INT 12 "$build/build/ipsec-secgw" "${eal_memory[@]}" --no-pci --no-telemetry \
            --lcores=0@0,1@1 --log-level=warning --vdev "net_pcap_l,$lan" --vdev "net_pcap_w,$wan" \
            --vdev crypto_aesni_gcm -- -p 0x3 -P -u 0x2 -l --rxoffload 0 --txoffload 0 --config="(0,0,1),(1,0,1)" -t 2 \
            -f "$work/secgw.cfg" 2>&1 || true)
        pps=$(echo "$out" | { grep -ao 'Total packets sent: *[0-9]*' || true; } | awk '{print $4}' |
            awk 'NR == 1 {first = $1} {last = $1; n = NR} END {if (n > 1) printf "%d", (last - first) / (2 * (n - 1))}')
        wait   # for perf, if it ran
        printf '  %-5s %-6s %s\n' "$size" "$direction" "${pps:-?}"
        if [[ ${pps:-0} == 0 || -n "${SECGW_LOG:-}" ]]; then echo "$out" | tail -20 >&2; fi
    done
done
