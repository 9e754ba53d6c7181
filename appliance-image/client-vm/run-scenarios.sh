#!/usr/bin/env bash
# Runs the reference-client scenarios of scenarios.txt and prints a table:
# scenario, result, connect time, ping loss, iperf3 throughput.
#
#   run-scenarios.sh [NAME-GLOB...]     e.g. run-scenarios.sh 'ref-*'
#
# Per scenario it builds its own network (namespaces, bridges, veth, TAP, optional NAT), boots the
# server and client guests (launch.sh), hands each its run.sh and config.env through a 9p share,
# waits with timeouts, collects logs and a pcap of the WAN segment, and always tears everything
# down again. Needs root. Results: $PORTCULLIS_CACHE/runs/<time>/ (printed at the end).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache_root=${PORTCULLIS_CACHE:-$HOME/.cache/portcullis}
boot_timeout=${BOOT_TIMEOUT:-420}     # guest start to its run.sh, under TCG on a busy 2-core host
client_timeout=${CLIENT_TIMEOUT:-420} # "go" to the client's result
export PORTCULLIS_CACHE=$cache_root

[ "$(id -u)" -eq 0 ] || { echo "run-scenarios.sh: needs root (namespaces, TAP devices)" >&2; exit 1; }
for tool in qemu-system-x86_64 ip iptables tcpdump iperf3; do
    command -v "$tool" >/dev/null || {
        echo "run-scenarios.sh: missing $tool (apt-get install qemu-system-x86 iproute2 iptables tcpdump iperf3)" >&2
        exit 1
    }
done

# --- addresses (documentation ranges on the WAN) ---
wan_prefix=24 server_wan=192.0.2.1 wan_nat=192.0.2.2
lan_net=10.0.2.0/24 lan_prefix=24 server_lan=10.0.2.1 lan_host=10.0.2.10
nat_inside=10.10.0.1
ppp_server=10.0.3.1 ppp_pool=10.0.3.10-10.0.3.50
psk=portcullis-harness-psk ppp_user=alice ppp_password=wonderland

# --- client proposal profiles: IKE proposals, ESP proposals, HMAC-SHA-256 truncated to 96 bits ---
profile_linux_default=('aes128-sha1-modp2048' 'aes128-sha1' no)
profile_windows=('aes256-sha1-modp2048,3des-sha1-modp1024!' 'aes256-sha1,3des-sha1!' no)
profile_apple=('aes256-sha256-modp2048,aes128-sha1-modp1536,aes256-sha1-modp1024!' 'aes256-sha256,aes128-sha1!' no)
profile_android=('aes256-sha256-modp2048!' 'aes256-sha256!' yes)
# The reference server accepts every profile above (strongSwan appends its defaults).
server_ike='aes128-sha1-modp2048,aes256-sha1-modp2048,aes256-sha256-modp2048,aes128-sha1-modp1536,aes256-sha1-modp1024,3des-sha1-modp1024'
server_esp='aes128-sha1,aes256-sha1,aes256-sha256,aes128-sha256,3des-sha1'

# --- bookkeeping for cleanup: everything started or created here, by id ---
id=$(( $$ % 100000 ))
pids=()
namespaces=()
cleanup() {
    local pid ns
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    sleep 1
    for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
    for ns in "${namespaces[@]}"; do
        # Whatever still runs inside our own namespaces was started by this script.
        for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$pid" 2>/dev/null || true; done
        ip netns del "$ns" 2>/dev/null || true
    done
    pids=() namespaces=()
}
trap cleanup EXIT
trap 'echo "run-scenarios.sh: interrupted" >&2; exit 130' INT TERM

log() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }

new_netns() {
    ip netns add "$1"
    namespaces+=("$1")
    ip -n "$1" link set lo up
}
new_bridge() { # NS NAME [ADDR/PREFIX]
    ip -n "$1" link add "$2" type bridge
    ip -n "$1" link set "$2" up
    [ -z "${3:-}" ] || ip -n "$1" addr add "$3" dev "$2"
}
new_tap() { # NS TAP BRIDGE
    ip -n "$1" tuntap add "$2" mode tap
    ip -n "$1" link set "$2" master "$3" up
}

# wait_until SECONDS DESCRIPTION CMD...: polls CMD each second.
wait_until() {
    local limit=$1 what=$2 t0=$SECONDS
    shift 2
    until "$@"; do
        if (( SECONDS - t0 > limit )); then log "timeout after ${limit}s: $what"; return 1; fi
        sleep 1
    done
}
autorun_done() { grep -qs 'PORTCULLIS-AUTORUN-DONE' "$1"; }
# Seconds from a guest's QEMU start to its run.sh, from the uptime its autorun prints on ttyS1.
boot_seconds() { sed -n 's/.*running \/host\/run.sh on .*, up \([0-9.]*\) s.*/\1/p' "$1" | head -1; }
# Connect time, from "go" to a PPP address, with the IKE part in brackets when there is one.
connect_column() {
    local total ike
    total=$(result_field "$1" CONNECT_S) ike=$(result_field "$1" IKE_S)
    echo "$total${ike:+ (IKE $ike)}"
}
result_field() { sed -n "s/^$2=//p" "$1" 2>/dev/null | tr -d "\"'" | head -1; }

# share_for DIR SCRIPT: a guest's 9p share with its run.sh, common.sh and an empty out/.
share_for() {
    mkdir -p "$1/out"
    install -m 0755 "$here/guest-scripts/$2" "$1/run.sh"
    install -m 0644 "$here/guest-scripts/common.sh" "$1/common.sh"
}

run_reference_scenario() { # NAME NET IPSEC AUTH PROFILE CLIENTS DIR
    local name=$1 net=$2 ipsec=$3 auth=$4 profile=$5 clients=$6 dir=$7
    local ns_wan=pc$id-wan ns_lan=pc$id-lan ns_nat=pc$id-nat
    local t_start=$SECONDS i ike='' esp='' sha256_96=no
    if [ "$profile" != - ]; then
        local -n prof="profile_${profile//-/_}"
        ike=${prof[0]} esp=${prof[1]} sha256_96=${prof[2]}
    fi

    # WAN and LAN segments are bridges in one namespace; the LAN host sits in its own.
    new_netns "$ns_wan"
    new_bridge "$ns_wan" br-wan
    new_bridge "$ns_wan" br-lan
    new_netns "$ns_lan"
    ip -n "$ns_lan" link add lan0 type veth peer name v-lan netns "$ns_wan"
    ip -n "$ns_wan" link set v-lan master br-lan up
    ip -n "$ns_lan" addr add "$lan_host/$lan_prefix" dev lan0
    ip -n "$ns_lan" link set lan0 up
    ip -n "$ns_lan" route add default via "$server_lan"
    ip netns exec "$ns_lan" iperf3 -s --logfile "$dir/lan-iperf3.log" &
    pids+=($!)
    new_tap "$ns_wan" s-wan br-wan
    new_tap "$ns_wan" s-lan br-lan

    local client_ns=$ns_wan client_br=br-wan client_net=192.0.2 client_gw=192.0.2.254
    if [ "$net" = nat ]; then
        new_netns "$ns_nat"
        ip -n "$ns_nat" link add wan0 type veth peer name v-nat netns "$ns_wan"
        ip -n "$ns_wan" link set v-nat master br-wan up
        ip -n "$ns_nat" addr add "$wan_nat/$wan_prefix" dev wan0
        ip -n "$ns_nat" link set wan0 up
        new_bridge "$ns_nat" br-in "$nat_inside/24"
        ip netns exec "$ns_nat" sysctl -qw net.ipv4.ip_forward=1
        ip netns exec "$ns_nat" iptables -t nat -A POSTROUTING -o wan0 -j MASQUERADE
        client_ns=$ns_nat client_br=br-in client_net=10.10.0 client_gw=$nat_inside
        ip netns exec "$ns_nat" tcpdump -q -n -i br-in -U -w "$dir/nat-inside.pcap" 2>"$dir/logs/tcpdump-nat.log" &
        pids+=($!)
    fi
    ip netns exec "$ns_wan" tcpdump -q -n -i br-wan -U -w "$dir/wan.pcap" 2>"$dir/logs/tcpdump-wan.log" &
    pids+=($!)

    # The server guest.
    share_for "$dir/server" ref-server.sh
    cat >"$dir/server/config.env" <<ENV
IPSEC=$ipsec
PSK='$psk'
PPP_AUTH=$auth
PPP_USER=$ppp_user
PPP_PASSWORD=$ppp_password
PPP_POOL=$ppp_pool
PPP_SERVER_ADDR=$ppp_server
SERVER_WAN_ADDR=$server_wan
SERVER_LAN_ADDR=$server_lan
WAN_PREFIX=$wan_prefix
LAN_PREFIX=$lan_prefix
SERVER_IKE='$server_ike'
SERVER_ESP='$server_esp'
SHA256_96=$sha256_96
ENV
    "$here/launch.sh" --image "$image" --name pc-server --share "$dir/server" --logs "$dir/logs" \
        --netns "$ns_wan" --nic s-wan=52:54:00:00:00:01 --nic s-lan=52:54:00:00:01:01 \
        2>>"$dir/logs/launch.log" </dev/null &
    local server_pid=$!
    pids+=("$server_pid")

    # The client guests.
    local client_pids=()
    for ((i = 1; i <= clients; i++)); do
        new_tap "$client_ns" "c$i" "$client_br"
        share_for "$dir/client$i" l2tp-client.sh
        cat >"$dir/client$i/config.env" <<ENV
IPSEC=$ipsec
PSK='$psk'
CLIENT_IKE='$ike'
CLIENT_ESP='$esp'
SHA256_96=$sha256_96
PPP_AUTH=$auth
PPP_USER=$ppp_user
PPP_PASSWORD=$ppp_password
CLIENT_ADDR=$client_net.$((10 + i))
CLIENT_PREFIX=24
CLIENT_GW=$client_gw
SERVER_ADDR=$server_wan
LAN_NET=$lan_net
PING_TARGET=$lan_host
IPERF_TARGET=$lan_host
IPERF_SECONDS=${IPERF_SECONDS:-5}
GO_TIMEOUT=$((boot_timeout + 60))
ENV
        "$here/launch.sh" --image "$image" --name "pc-client$i" --share "$dir/client$i" --logs "$dir/logs" \
            --netns "$client_ns" --nic "c$i=52:54:00:00:02:$(printf %02x "$i")" \
            2>>"$dir/logs/launch.log" </dev/null &
        client_pids+=($!)
        pids+=($!)
    done

    local ok=yes note=''
    if ! wait_until "$boot_timeout" "server ready" test -e "$dir/server/out/ready"; then
        ok=no note="server not ready"
    fi
    local t_go=$SECONDS
    for ((i = 1; i <= clients; i++)); do touch "$dir/client$i/go"; done
    for ((i = 1; i <= clients; i++)); do
        wait_until "$((boot_timeout + client_timeout))" "client$i done" \
            autorun_done "$dir/logs/pc-client$i.ttyS1.log" || { ok=no; note="client$i timed out"; }
    done
    local t_clients=$((SECONDS - t_go))
    touch "$dir/server/stop"
    wait_until 90 "server done" autorun_done "$dir/logs/pc-server.ttyS1.log" || true
    # Guests power themselves off; give them a moment, then the cleanup kills what is left.
    local pid
    for pid in "$server_pid" "${client_pids[@]}"; do
        wait_until 60 "qemu $pid exit" bash -c "! kill -0 $pid 2>/dev/null" || true
    done
    cleanup

    # The WAN capture: with IPsec no L2TP may cross it in the clear, and ESP (or NAT-T) must.
    local esp_pkts clear_l2tp
    esp_pkts=$(tcpdump -n -r "$dir/wan.pcap" 'ip proto 50 or (udp port 4500 and udp[8:4] != 0)' 2>/dev/null | wc -l)
    clear_l2tp=$(tcpdump -n -r "$dir/wan.pcap" 'udp port 1701' 2>/dev/null | wc -l)

    for ((i = 1; i <= clients; i++)); do
        local res=$dir/client$i/out/result.env row_result
        row_result=$(result_field "$res" RESULT)
        [ -n "$row_result" ] || row_result=fail
        local why
        why=$(result_field "$res" WHY)
        [ "$ok" = yes ] || why="$note${why:+; $why}"
        if [ "$ipsec" = yes ] && [ "$row_result" = pass ]; then
            if (( clear_l2tp > 0 || esp_pkts == 0 )); then
                row_result=fail why="WAN pcap: $clear_l2tp cleartext L2TP, $esp_pkts ESP packets"
            fi
        fi
        why="${why:+$why; }$(result_field "$res" PPP_AUTH_SEEN)"
        [ "$ipsec" = yes ] && why="${why:+$why; }pcap: $esp_pkts ESP, $clear_l2tp clear L2TP"
        local row_name=$name
        (( clients == 1 )) || row_name="$name/client$i"
        rows+=("$(printf '%s|%s|%s|%s|%s|%s|%s|%s|%s' "$row_name" \
            "$row_result" "$(connect_column "$res")" "$(result_field "$res" PING_LOSS)" \
            "$(result_field "$res" IPERF_MBPS)" \
            "$(boot_seconds "$dir/logs/pc-server.ttyS1.log")/$(boot_seconds "$dir/logs/pc-client$i.ttyS1.log")" \
            "$((SECONDS - t_start))" "required" "$why")")
        [ "$row_result" = pass ] || failures=$((failures + 1))
    done
    log "$name: clients finished ${t_clients}s after go, scenario $((SECONDS - t_start))s"
}

# --- main ---
patterns=("$@")
[ ${#patterns[@]} -gt 0 ] || patterns=('*')
selected() {
    local p
    for p in "${patterns[@]}"; do [[ $1 == $p ]] && return 0; done
    return 1
}

t_build=$SECONDS
image=$("$here/build-image.sh" | tail -1)
log "image $image (ready in $((SECONDS - t_build)) s)"
run_dir=$cache_root/runs/$(date +%Y%m%d-%H%M%S)
mkdir -p "$run_dir"
rows=()
failures=0
while read -r -u 3 name server net ipsec auth profile clients expect; do
    [[ -z $name || $name == \#* ]] && continue
    selected "$name" || continue
    if [ "$server" != reference ]; then
        rows+=("$name|not-yet-run||||||expected-to-fail (${expect/-/ })|needs Portcullis serving")
        continue
    fi
    log "scenario $name: server=$server net=$net ipsec=$ipsec auth=$auth profile=$profile clients=$clients"
    dir=$run_dir/$name
    mkdir -p "$dir/logs"
    run_reference_scenario "$name" "$net" "$ipsec" "$auth" "$profile" "$clients" "$dir" || {
        rows+=("$name|error||||||required|runner error, see $dir"); failures=$((failures + 1)); cleanup; }
done 3<"$here/scenarios.txt"

{
    echo "| scenario | result | connect s | ping loss | iperf3 Mbit/s | boot s (server/client) | wall s | status | notes |"
    echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
    for row in "${rows[@]}"; do echo "| ${row//|/ | } |"; done
} | tee "$run_dir/results.md"
echo "logs, shares and pcaps: $run_dir"
[ "$failures" -eq 0 ]
