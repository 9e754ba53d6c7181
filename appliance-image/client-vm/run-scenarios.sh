#!/usr/bin/env bash
# Runs the reference-client scenarios of scenarios.txt and prints a table:
# scenario, result, connect time, ping loss, iperf3 throughput.
#
#   run-scenarios.sh [--server NAME=COMMAND]... [--require] [NAME-GLOB...]
#       e.g. run-scenarios.sh 'ref-*'
#            run-scenarios.sh --require --server l2tp-lns='java -cp … MyLns' 'lns-*'
#   --require  treats the selected rows as required even where scenarios.txt expects them to fail
#
# A row's server is "reference" (strongSwan + xl2tpd + pppd in a guest) or the name of a server
# command: --server NAME=COMMAND, else servers/NAME.sh. A command runs as root inside its own
# network namespace whose two interfaces sit on the WAN and LAN segments; README.md gives the
# contract. The network is built once; the guests boot once and run one step per scenario (a boot
# under TCG costs more than most scenarios). Everything made here is removed on exit, error or
# signal. Needs root. Results: $PORTCULLIS_CACHE/runs/<time>/ (printed at the end). Exit status:
# non-zero when a required row fails, or an expected-to-fail row passes (flip it in scenarios.txt).
set -euo pipefail
# The whole script is one block, parsed before it runs: editing it during a run cannot derail the run.
{
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
cache_root=${PORTCULLIS_CACHE:-$HOME/.cache/portcullis}
boot_timeout=${BOOT_TIMEOUT:-420}  # guest start to its agent, under TCG on a busy 2-core host
step_timeout=${STEP_TIMEOUT:-300}  # a client's step, from its start to its result
ready_timeout=${READY_TIMEOUT:-90} # a server command's start to its ready file
stop_timeout=${STOP_TIMEOUT:-30}   # a server command's SIGTERM to its SIGKILL
budget_s=${HARNESS_BUDGET_S:-0}    # rows not started within this many seconds fail as not-run; 0: none
export PORTCULLIS_CACHE=$cache_root

usage() { sed -n '2,18s/^# \{0,1\}//p' "$0" >&2; exit 2; }
declare -A server_cmds=()
patterns=() require_all=no
while [ $# -gt 0 ]; do
    case $1 in
        --server) [[ ${2:-} == *=* ]] || usage; server_cmds[${2%%=*}]=${2#*=}; shift 2 ;;
        --require) require_all=yes; shift ;;
        -h|--help) usage ;;
        -*) usage ;;
        *) patterns+=("$1"); shift ;;
    esac
done
[ ${#patterns[@]} -gt 0 ] || patterns=('*')

[ "$(id -u)" -eq 0 ] || { echo "run-scenarios.sh: needs root (namespaces, TAP devices)" >&2; exit 1; }
for tool in qemu-system-x86_64 ip iptables tcpdump iperf3 setsid; do
    command -v "$tool" >/dev/null || {
        echo "run-scenarios.sh: missing $tool (apt-get install qemu-system-x86 iproute2 iptables tcpdump iperf3)" >&2
        exit 1
    }
done

# --- addresses (documentation ranges on the WAN) ---
wan_prefix=24 server_wan=192.0.2.1 wan_nat=192.0.2.2
lan_net=10.0.2.0/24 lan_prefix=24 server_lan=10.0.2.1 lan_host=10.0.2.10
nat_inside=10.10.0.1
ppp_server=10.0.3.1 ppp_pool=10.0.3.10-10.0.3.50 dns_addr=10.0.2.53
psk=portcullis-harness-psk ppp_user=alice ppp_password=wonderland
# DPD and LCP echoes on the server side: a vanished client must be gone within delay + timeout.
# The SAs must go by DPD within delay + timeout + 10 s; the PPP session by LCP echoes (interval =
# DPD delay, 3 failures, then Terminate-Request retries) within delay + timeout + 20 s.
dpd_delay_s=5 dpd_timeout_s=15
# Rows that do not test DPD give the server a production-like timeout: a TCG guest on a loaded
# host can stall for more than 15 s, and a short timeout then kills its IKE SA mid-set-up.
steady_dpd_timeout_s=60
# Rekey during traffic: the client rekeys CHILD_SAs at lifetime - margin (20 s) and its IKE_SA at
# 35 s, inside 45 s of pings and iperf3.
rekey_lifetime_s=30 rekey_ike_lifetime_s=45 rekey_margin_s=10 rekey_traffic_s=45 rekey_iperf_rate=4M
# The reference stack loses about one ping per IKEv1 rekey (measured: 3 of 225 across 3 CHILD_SA
# rekeys and an IKE reauthentication); what the issue asks is that PPP survives.
rekey_max_loss=5
# Pings to the LAN host in traffic, reconnect and dpd rows (issue 7: 0 % loss over 1,000 packets);
# a row's options column may change them (ping-count=N,ping-interval=S,ping-loss=PERCENT), and
# data-checksum=disable asks the server for L2TP data messages without UDP checksums.
ping_count=1000 ping_interval=0.02 ping_max_loss=0
# Restart: the client's DPD (RFC 3706) notices the lost server within delay + timeout, then
# negotiates again; xl2tpd redials once pppd gave up (4 unanswered LCP echoes, 3 s apart).
restart_dpd_delay_s=5 restart_dpd_timeout_s=20 restart_wait_s=180
# Refused clients (bad-psk, bad-password, no-proposal): what the bad client gets wrong, and the
# line the server's log must hold for the row to pass (grep -E on server/server.log).
bad_psk=not-the-group-key bad_password=not-alices-password bad_ike='aes128-md5-modp2048!'
declare -A refusal_logged=(
    [bad-psk]='IKE SA with .* down: .*a different pre-shared key'
    [bad-password]='PPP user .* failed .*'
    [no-proposal]='IKE SA with .* down: .*no acceptable phase-1 proposal'
)

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
ns_wan=pc$id-wan ns_lan=pc$id-lan ns_nat=pc$id-nat ns_srv=pc$id-srv
pids=()
namespaces=()
cleanup() {
    local pid ns
    for pid in "${pids[@]}"; do kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true; done
    [ ${#pids[@]} -eq 0 ] || sleep 1
    for pid in "${pids[@]}"; do kill -9 -- "-$pid" 2>/dev/null || kill -9 "$pid" 2>/dev/null || true; done
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
now() { date +%s.%N; }

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
# veth_into NS IF BRIDGE-PORT BRIDGE: IF in NS, its peer a port of BRIDGE in the WAN namespace.
veth_into() {
    ip -n "$1" link add "$2" type veth peer name "$3" netns "$ns_wan"
    ip -n "$ns_wan" link set "$3" master "$4" up
    ip -n "$1" link set "$2" up
    # Software checksums on what this end sends: with TX offload a veth hands on packets whose
    # TCP/UDP checksum is only partial, and a kernel-bypass server reading the wire (AF_PACKET)
    # would forward them unfinished to the client, which drops them (ICMP has no offload: ping works).
    ip netns exec "$1" ethtool -K "$2" tx off >/dev/null
}

# wait_until SECONDS DESCRIPTION CMD...: polls CMD each half second.
wait_until() {
    local limit=$1 what=$2 t0=$SECONDS
    shift 2
    until "$@"; do
        if (( SECONDS - t0 > limit )); then log "timeout after ${limit}s: $what"; return 1; fi
        sleep 0.5
    done
}
join_notes() { local n out=''; for n in "$@"; do [ -z "$n" ] || out="${out:+$out; }$n"; done; echo "$out"; }
result_field() { sed -n "s/^$2=//p" "$1" 2>/dev/null | tr -d "\"'" | head -1; }

# --- the network, built once: WAN, LAN and NAT-inside bridges in one namespace ---
build_network() {
    new_netns "$ns_wan"
    new_bridge "$ns_wan" br-wan
    new_bridge "$ns_wan" br-lan
    new_bridge "$ns_wan" br-nat
    # The LAN host: ping target and three iperf3 servers (one per concurrent client).
    new_netns "$ns_lan"
    veth_into "$ns_lan" lan0 v-lan br-lan
    ip -n "$ns_lan" addr add "$lan_host/$lan_prefix" dev lan0
    ip -n "$ns_lan" route add default via "$server_lan"
    local port
    for port in 5201 5202 5203; do
        ip netns exec "$ns_lan" iperf3 -s -p "$port" --logfile "$run_dir/lan-iperf3-$port.log" &
        pids+=($!)
    done
    # The NAT router in front of clients on br-nat.
    new_netns "$ns_nat"
    veth_into "$ns_nat" wan0 v-natw br-wan
    veth_into "$ns_nat" in0 v-nati br-nat
    ip -n "$ns_nat" addr add "$wan_nat/$wan_prefix" dev wan0
    ip -n "$ns_nat" addr add "$nat_inside/24" dev in0
    ip netns exec "$ns_nat" sysctl -qw net.ipv4.ip_forward=1
    ip netns exec "$ns_nat" iptables -t nat -A POSTROUTING -o wan0 -j MASQUERADE
}

# --- guests: booted once, each runs steps handed to it through its share ---
image=''
declare -A vm_pid=() vm_next=()
ensure_image() {
    [ -z "$image" ] || return 0
    local t0=$SECONDS
    image=$("$here/build-image.sh" | tail -1)
    log "image $image (ready in $((SECONDS - t0)) s)"
}
# boot_vm NAME NIC...: starts a guest whose share is $run_dir/vm/NAME (returns at once).
boot_vm() {
    local name=$1 share=$run_dir/vm/$1
    shift
    ensure_image
    rm -rf "$share"
    mkdir -p "$share/steps" "$share/out"
    install -m 0755 "$here/guest-scripts/agent.sh" "$share/run.sh"
    install -m 0644 "$here"/guest-scripts/{common.sh,l2tp-client.sh,ref-server.sh} "$share/"
    local nics=() nic
    for nic in "$@"; do nics+=(--nic "$nic"); done
    "$here/launch.sh" --image "$image" --name "$name" --share "$share" --logs "$run_dir/vm/logs" \
        --netns "$ns_wan" "${nics[@]}" 2>>"$run_dir/vm/logs/launch.log" </dev/null &
    vm_pid[$name]=$!
    vm_next[$name]=1
    pids+=($!)
    log "booting $name (qemu $!)"
}
# qemu_report NAME FILE: what QEMU knows of the guest's NICs (vm-report.py over its QMP socket).
qemu_report() { timeout 20 python3 "$here/vm-report.py" "$run_dir/vm/logs/$1.qmp" >"$2" 2>&1 || true; }
vm_alive() { [ -n "${vm_pid[$1]:-}" ] && kill -0 "${vm_pid[$1]}" 2>/dev/null; }
vm_ready() { [ -e "$run_dir/vm/$1/out/agent-ready" ]; }
# vm_kill NAME [REPORT]: a guest whose step hung is killed; the next row that needs it boots it
# again. First what QEMU knows of its NICs goes to REPORT (vm-report.py), to tell a guest that
# stopped sending from packets stuck in QEMU.
vm_kill() {
    [ -n "${vm_pid[$1]:-}" ] || return 0
    [ -z "${2:-}" ] || qemu_report "$1" "$2"
    log "killing guest $1"
    kill "${vm_pid[$1]}" 2>/dev/null || true
    unset "vm_pid[$1]"
}
# wait_vms NAME...: waits for the guests' agents; fails when one did not come up.
wait_vms() {
    local name t0=$SECONDS
    for name in "$@"; do
        wait_until "$boot_timeout" "$name boot" vm_ready "$name" || { vm_kill "$name"; return 1; }
    done
    (( SECONDS - t0 < 2 )) || log "guests $* up after $((SECONDS - t0)) s more"
}
# post_step NAME ENV-TEXT: hands the guest its next step; sets $step to the step's number.
post_step() {
    step=${vm_next[$1]}
    vm_next[$1]=$((step + 1))
    printf '%s\n' "$2" >"$run_dir/vm/$1/steps/$step.env.tmp"
    mv "$run_dir/vm/$1/steps/$step.env.tmp" "$run_dir/vm/$1/steps/$step.env"
}
step_out() { echo "$run_dir/vm/$1/out/$2"; }
# step_done NAME STEP: the step has finished. Meanwhile, a guest whose traffic failed asks for
# QEMU's view of its NICs (qemu-wanted) while the failure lasts: vm-report.py writes it to qemu.txt.
step_done() {
    local out
    out=$(step_out "$1" "$2")
    if [ -e "$out/qemu-wanted" ] && [ ! -e "$out/qemu.txt" ]; then
        qemu_report "$1" "$out/qemu.txt.tmp"
        mv "$out/qemu.txt.tmp" "$out/qemu.txt"
    fi
    [ -e "$out/rc" ]
}
step_signal() { touch "$run_dir/vm/$1/steps/$2.$3"; }
# Server and clients boot together when a row needs both, which saves one boot time.
client_names() { local i; for ((i = 1; i <= $1; i++)); do echo "client$i"; done; }
boot_missing_clients() {
    local i
    for ((i = 1; i <= $1; i++)); do
        vm_alive "client$i" && continue
        # eth0 on the WAN, eth1 behind the NAT.
        new_tap_once "c${i}w" br-wan
        new_tap_once "c${i}n" br-nat
        boot_vm "client$i" "c${i}w=52:54:00:00:02:0$i" "c${i}n=52:54:00:00:03:0$i"
    done
}
new_tap_once() { ip -n "$ns_wan" link show "$1" >/dev/null 2>&1 || new_tap "$ns_wan" "$1" "$2"; }

# --- the server under test: the reference guest, or a command in its own namespace ---
server_kind='' server_step='' server_pid='' server_dir='' server_stopped=''
# server_env: the row's server settings as NAME=value lines (the command gets them as PC_NAME).
server_env() { # IPSEC AUTH SHA256_96
    cat <<ENV
IPSEC=$1
PSK='$psk'
PPP_AUTH=$2
PPP_USER=$ppp_user
PPP_PASSWORD=$ppp_password
PPP_POOL=$ppp_pool
PPP_SERVER_ADDR=$ppp_server
DNS_ADDR=$dns_addr
SERVER_WAN_ADDR=$server_wan
SERVER_LAN_ADDR=$server_lan
WAN_PREFIX=$wan_prefix
LAN_PREFIX=$lan_prefix
LAN_NET=$lan_net
SERVER_IKE='$server_ike'
SERVER_ESP='$server_esp'
SHA256_96=$3
DPD_DELAY_S=$dpd_delay_s
DATA_CHECKSUM=${row_data_checksum:-enable}
DPD_TIMEOUT_S=$(case ${kind:-} in dpd|dpd-reconnect) echo "$dpd_timeout_s" ;; *) echo "$steady_dpd_timeout_s" ;; esac)
ENV
}
# server_start SERVER DIR IPSEC AUTH SHA256_96 CLIENTS: starts the row's server, boots whatever
# guests the row needs, waits until the server is ready; fails with $server_why.
server_start() {
    local server=$1 dir=$2 env
    env=$(server_env "$3" "$4" "$5")
    server_dir=$dir server_stopped='' server_why=''
    if [ "$server" = reference ]; then
        server_kind=vm
        ip -n "$ns_wan" link set s-wan up 2>/dev/null || true
        ip -n "$ns_wan" link set s-lan up 2>/dev/null || true
        if ! vm_alive server; then
            new_tap_once s-wan br-wan
            new_tap_once s-lan br-lan
            boot_vm server s-wan=52:54:00:00:00:01 s-lan=52:54:00:00:01:01
        fi
        boot_missing_clients "$6"
        wait_vms server || { server_why="server guest did not boot"; return 1; }
        post_step server "STEP_SCRIPT=ref-server.sh
$env"
        server_step=$step
        wait_until 90 "server ready" test -e "$(step_out server "$server_step")/ready" \
            || { server_why="reference server not ready (see $(step_out server "$server_step")/run.log)"; return 1; }
        return 0
    fi
    server_kind=command
    server_cmd=${server_cmds[$server]:-$here/servers/$server.sh} server_env_lines=$env
    # The reference guest's NICs leave the segments while another server holds its addresses.
    ip -n "$ns_wan" link set s-wan down 2>/dev/null || true
    ip -n "$ns_wan" link set s-lan down 2>/dev/null || true
    new_netns "$ns_srv"
    veth_into "$ns_srv" wan0 v-srvw br-wan
    veth_into "$ns_srv" lan0 v-srvl br-lan
    server_launch "$dir" || return 1
    boot_missing_clients "$6"
}
# server_launch DIR: runs the server command in its namespace and waits for its ready file to be
# written (a ready file left by an earlier, killed run of the command does not count).
server_launch() {
    local dir=$1 cmd=$server_cmd env=$server_env_lines
    mkdir -p "$dir/server"
    touch "$dir/server/launched"
    # The command's contract (README.md): PC_* settings, two interfaces, a ready file, SIGTERM.
    (
        cd "$repo"
        while IFS= read -r line; do
            local name=${line%%=*} value=${line#*=}
            value=${value#\'} value=${value%\'}
            export "PC_$name=$value"
        done <<<"$env"
        export PC_NETNS=$ns_srv PC_WAN_IF=wan0 PC_LAN_IF=lan0 PC_READY=$dir/server-ready \
            PC_LOG_DIR=$dir/server PC_SCENARIO=$(basename "$dir")
        # Its own session and process group, so stopping it reaches all its children.
        exec setsid ip netns exec "$ns_srv" bash -c "$cmd" >>"$dir/server/server.log" 2>&1 </dev/null
    ) &
    server_pid=$!
    server_stopped=''
    pids+=("$server_pid")
    log "server command (pid $server_pid): $cmd"
    local t0=$SECONDS
    until [ -n "$(find "$dir/server-ready" -newer "$dir/server/launched" 2>/dev/null)" ]; do
        if ! kill -0 "$server_pid" 2>/dev/null; then
            local rc=0
            wait "$server_pid" || rc=$?
            server_stopped=yes
            server_why="server command exited $rc before ready: $(tail -1 "$dir/server/server.log" | tr -d "|'\"")"
            return 1
        fi
        (( SECONDS - t0 <= ready_timeout )) || { server_why="server command not ready after ${ready_timeout}s"; return 1; }
        sleep 0.5
    done
    log "server command ready after $((SECONDS - t0)) s"
}
# server_stop: the reference server tears its clients down and stops; a command gets SIGTERM
# (its orderly shutdown), then SIGKILL after $stop_timeout s.
server_stop() {
    [ -z "$server_stopped" ] || return 0
    server_stopped=yes
    if [ "$server_kind" = vm ]; then
        [ -n "$server_step" ] || return 0
        step_signal server "$server_step" stop
        wait_until 60 "server step done" step_done server "$server_step" || vm_kill server
        server_step=''
        return 0
    fi
    kill -TERM -- "-$server_pid" 2>/dev/null || true
    wait_until "$stop_timeout" "server command exit" bash -c "! kill -0 $server_pid 2>/dev/null" \
        || kill -KILL -- "-$server_pid" 2>/dev/null || true
    local rc=0
    wait "$server_pid" 2>/dev/null || rc=$?
    log "server command exited $rc"
}
server_release() { # after a row: the command's namespace goes
    [ "$server_kind" = command ] || return 0
    local pid
    for pid in $(ip netns pids "$ns_srv" 2>/dev/null); do kill -9 "$pid" 2>/dev/null || true; done
    ip netns del "$ns_srv" 2>/dev/null || true
    local ns kept=()
    for ns in "${namespaces[@]}"; do [ "$ns" = "$ns_srv" ] || kept+=("$ns"); done
    namespaces=("${kept[@]}")
}
server_signal() { [ "$server_kind" != vm ] || step_signal server "$server_step" "$1"; }

# --- one row ---
client_env() { # KIND NET IPSEC AUTH PROFILE INDEX PORTS
    local kind=$1 net=$2 ipsec=$3 auth=$4 profile=$5 i=$6 ports=$7 ike='' esp='' sha256_96=no addr gw
    local client_psk=$psk password=$ppp_password
    if [ "$profile" != - ]; then
        local -n prof="profile_${profile//-/_}"
        ike=${prof[0]} esp=${prof[1]} sha256_96=${prof[2]}
    fi
    # Refusal rows: client 1 is the good client that keeps pinging; client 2 gets one thing wrong.
    if [ -n "${refusal_logged[$kind]:-}" ]; then
        if (( i == 1 )); then
            kind=steady
        else
            case $kind in
                bad-psk) client_psk=$bad_psk ;;
                bad-password) password=$bad_password ;;
                no-proposal) ike=$bad_ike ;;
            esac
        fi
    fi
    # Direct clients have a default route to a gateway that does not exist: the LAN is only
    # reachable through the tunnel.
    if [ "$net" = nat ]; then addr=10.10.0.$((10 + i)) gw=$nat_inside; else addr=192.0.2.$((10 + i)) gw=192.0.2.254; fi
    cat <<ENV
STEP_SCRIPT=l2tp-client.sh
KIND=$kind
NET=$net
IPSEC=$ipsec
PSK='$client_psk'
CLIENT_IKE='$ike'
CLIENT_ESP='$esp'
SHA256_96=$sha256_96
PPP_AUTH=$auth
PPP_USER=$ppp_user
PPP_PASSWORD=$password
CLIENT_ADDR=$addr
CLIENT_PREFIX=24
CLIENT_GW=$gw
SERVER_ADDR=$server_wan
L2TP_PORT=$([ "$ports" = distinct ] && echo $((1700 + i)) || echo 1701)
LAN_NET=$lan_net
PING_TARGET=$lan_host
IPERF_TARGET=$lan_host
IPERF_PORT=$((5200 + i))
IPERF_SECONDS=${IPERF_SECONDS:-5}
REKEY_LIFETIME_S=$rekey_lifetime_s
REKEY_IKE_LIFETIME_S=$rekey_ike_lifetime_s
REKEY_MARGIN_S=$rekey_margin_s
REKEY_TRAFFIC_S=$rekey_traffic_s
REKEY_MAX_LOSS=$rekey_max_loss
REKEY_IPERF_RATE=$rekey_iperf_rate
PING_COUNT=$row_ping_count
PING_INTERVAL=$row_ping_interval
PING_MAX_LOSS=$row_ping_max_loss
RESTART_DPD_DELAY_S=$restart_dpd_delay_s
RESTART_DPD_TIMEOUT_S=$restart_dpd_timeout_s
RESTART_WAIT_S=$restart_wait_s
ENV
}

# add_row NAME RESULT CONNECT LOSS MBPS WALL EXPECT NOTES: an expected-to-fail row that fails is
# "xfail"; one that passes is "XPASS" and fails the run, so that its expectation gets flipped.
add_row() {
    local name=$1 result=$2 expect=$7 notes=${8//|//} status=required
    if [ "$expect" != pass ]; then
        status="expected-to-fail (${expect/-/ })"
        if [ "$result" = pass ]; then
            result=XPASS notes="passes now: set its expect to pass in scenarios.txt; $notes"
        else
            result=xfail
        fi
    fi
    case $result in pass|xfail) ;; *) failures=$((failures + 1)) ;; esac
    rows+=("$name|$result|$3|$4|$5|$6|$status|$notes")
}

run_row() { # NAME SERVER NET IPSEC AUTH PROFILE CLIENTS PORTS KIND EXPECT OPTIONS
    local name=$1 server=$2 net=$3 ipsec=$4 auth=$5 profile=$6 clients=$7 ports=$8 kind=$9 expect=${10}
    local options=${11:--} dir=$run_dir/$name t0=$SECONDS i sha256_96=no option
    local row_ping_count=$ping_count row_ping_interval=$ping_interval row_ping_max_loss=$ping_max_loss
    local row_data_checksum=enable
    for option in ${options//,/ }; do
        case $option in
            -) ;;
            ping-count=*) row_ping_count=${option#*=} ;;
            ping-interval=*) row_ping_interval=${option#*=} ;;
            ping-loss=*) row_ping_max_loss=${option#*=} ;;
            data-checksum=*) row_data_checksum=${option#*=} ;;
            *) log "$name: unknown option $option"; return 1 ;;
        esac
    done
    mkdir -p "$dir"
    [ "$profile" = - ] || { local -n p="profile_${profile//-/_}"; sha256_96=${p[2]}; }
    ip netns exec "$ns_wan" tcpdump -q -n -i br-wan -U -w "$dir/wan.pcap" 2>"$dir/tcpdump.log" &
    local tcpdump_pid=$!
    pids+=("$tcpdump_pid")
    sleep 0.5   # tcpdump attaches before anything is sent

    local why='' steps=() server_started=no
    dpd_note='' dpd_why='' restart_note='' restart_why=''
    if ! server_start "$server" "$dir" "$ipsec" "$auth" "$sha256_96" "$clients"; then
        why=$server_why
    elif ! wait_vms $(client_names "$clients"); then
        why="client guest did not boot"
    fi
    [ -n "$why" ] || server_started=yes
    if [ -z "$why" ]; then
        # In a refusal row the bad client starts only once the good one is connected and pinging.
        local posted=$clients
        [ -z "${refusal_logged[$kind]:-}" ] || posted=1
        for ((i = 1; i <= posted; i++)); do
            post_step "client$i" "$(client_env "$kind" "$net" "$ipsec" "$auth" "$profile" "$i" "$ports")"
            steps[i]=$step
        done
        local c1out
        c1out=$(step_out client1 "${steps[1]}")
        case $kind in
        bad-psk|bad-password|no-proposal)
            if wait_until "$step_timeout" "client1 connected" \
                bash -c "test -e '$c1out/connected' || test -e '$c1out/rc'" && [ -e "$c1out/connected" ]; then
                log "client1 pinging; client2 tries with $kind"
                post_step client2 "$(client_env "$kind" "$net" "$ipsec" "$auth" "$profile" 2 "$ports")"
                steps[2]=$step
                wait_until "$step_timeout" "client2 step" step_done client2 "${steps[2]}" \
                    || { vm_kill client2 "$dir/client2-qemu.txt"; why="client2 step timed out"; }
            else
                why="the good client did not connect"
            fi
            step_signal client1 "$(basename "$c1out")" stop
            ;;
        server-restart) run_restart "$c1out" "$dir" ;;
        dpd|dpd-reconnect) run_dpd "$c1out" "$net" "$dir" "$kind" ;;
        server-teardown)
            wait_until "$step_timeout" "client1 connected" \
                bash -c "test -e '$c1out/connected' || test -e '$c1out/rc'" || true
            log "stopping the server under the connected client"
            server_stop
            ;;
        esac
        for ((i = 1; i <= clients; i++)); do
            wait_until "$step_timeout" "client$i step" step_done "client$i" "${steps[i]}" \
                || { vm_kill "client$i" "$dir/client$i-qemu.txt"; why="client$i step timed out"; }
        done
    fi
    server_stop
    server_release
    kill "$tcpdump_pid" 2>/dev/null || true
    wait "$tcpdump_pid" 2>/dev/null || true

    # The WAN capture: with IPsec no L2TP may cross it in the clear, and ESP (or NAT-T) must.
    local esp_pkts clear_l2tp
    esp_pkts=$(tcpdump -n -r "$dir/wan.pcap" 'ip proto 50 or (udp port 4500 and udp[8:4] != 0)' 2>/dev/null | wc -l)
    clear_l2tp=$(tcpdump -n -r "$dir/wan.pcap" 'udp port 1701' 2>/dev/null | wc -l)
    # After a server restart the client's kernel may send L2TP in the clear while strongSwan
    # negotiates again (its SAs are gone, its policies too): only what the server sends counts then.
    local server_clear_l2tp
    server_clear_l2tp=$(tcpdump -n -r "$dir/wan.pcap" "udp port 1701 and src host $server_wan" 2>/dev/null | wc -l)
    local addrs=()
    for ((i = 1; i <= clients; i++)); do
        local res='' result=fail rwhy=$why notes=''
        if [ -n "${steps[i]:-}" ]; then
            res=$(step_out "client$i" "${steps[i]}")/result.env
            cp -r "$(step_out "client$i" "${steps[i]}")" "$dir/client$i" 2>/dev/null || true
            result=$(result_field "$res" RESULT)
            [ -n "$result" ] || result=fail
            rwhy=${rwhy:-$(result_field "$res" WHY)}
            notes=$(result_field "$res" NOTES)
            local addr
            addr=$(result_field "$res" PPP_ADDR)
            if [ -n "$addr" ] && [[ " ${addrs[*]} " == *" $addr "* ]]; then
                result=fail rwhy="PPP address $addr given to two clients"
            fi
            [ -z "$addr" ] || addrs+=("$addr")
        fi
        [ "$result" = pass ] || [ -n "$rwhy" ] || rwhy="no result (see $dir)"
        if [ "$ipsec" = yes ] && [ "$result" = pass ] && (( clear_l2tp > 0 || esp_pkts == 0 )) &&
            ! { [ "$kind" = server-restart ] && (( server_clear_l2tp == 0 && esp_pkts > 0 )); }; then
            result=fail rwhy="WAN pcap: $clear_l2tp cleartext L2TP, $esp_pkts ESP packets"
        fi
        if [[ $kind == dpd* ]]; then
            [ "$result" != pass ] || [ -z "$dpd_why" ] || result=fail rwhy=$dpd_why
            notes="${dpd_note}${notes:+, $notes}"
        fi
        if [ "$kind" = server-restart ]; then
            [ "$result" != pass ] || [ -z "$restart_why" ] || result=fail rwhy=$restart_why
            notes=$(join_notes "$restart_note" "$notes")
        fi
        # The refused client: the server's log must say why, in words.
        if [ -n "${refusal_logged[$kind]:-}" ] && (( i == 2 )) && [ "$server_kind" = command ]; then
            local reason
            reason=$(grep -m1 -E "${refusal_logged[$kind]}" "$dir/server/server.log" 2>/dev/null | sed 's/^.* INFO //')
            if [ -z "$reason" ]; then
                [ "$result" != pass ] || result=fail rwhy="the server's log names no reason (no line matching '${refusal_logged[$kind]}')"
            else
                notes=$(join_notes "$notes" "server: $reason")
            fi
        fi
        local auth_seen
        auth_seen=$(result_field "$res" PPP_AUTH_SEEN)
        local pcap_note=''
        [ "$ipsec" = no ] || [ "$server_started" = no ] || pcap_note="pcap: $esp_pkts ESP, $clear_l2tp clear L2TP ($server_clear_l2tp from the server)"
        notes=$(join_notes "$rwhy" "$auth_seen" "$notes" "$pcap_note")
        local row_name=$name connect
        (( clients == 1 )) || row_name="$name/client$i"
        connect=$(result_field "$res" CONNECT_S)
        local ike
        ike=$(result_field "$res" IKE_S)
        local loss sent
        loss=$(result_field "$res" PING_LOSS) sent=$(result_field "$res" PING_SENT)
        add_row "$row_name" "$result" "$connect${ike:+ (IKE $ike)}" "$loss${sent:+ of $sent}" \
            "$(result_field "$res" IPERF_MBPS)" "$((SECONDS - t0))" "$expect" "$notes"
    done
    log "$name: $(cut -d'|' -f2 <<<"${rows[-1]}") in $((SECONDS - t0)) s"
}

# run_restart CLIENT1-OUT DIR: once client1 is connected, SIGKILL the server command (no goodbye
# of any kind) and start it again with the same settings, its old ready file, counters file and
# log left in place; then tell the client, which must get a new session by itself. Sets
# restart_note and restart_why.
run_restart() {
    local c1out=$1 dir=$2
    restart_why='client never connected'
    wait_until "$step_timeout" "client1 connected" bash -c "test -e '$c1out/connected' || test -e '$c1out/rc'" || return 0
    [ -e "$c1out/connected" ] || return 0
    log "restart: SIGKILL to the server under the connected client"
    kill -KILL -- "-$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    local t_kill=$SECONDS
    if server_launch "$dir"; then
        restart_note="server ready again $((SECONDS - t_kill))s after SIGKILL" restart_why=''
        step_signal client1 "$(basename "$c1out")" restarted
    else
        restart_why="server did not start again: $server_why"
        server_stopped=yes
    fi
}

# run_dpd CLIENT1-OUT NET DIR KIND: once client1 is connected, cut its NIC (it vanishes without a
# word), measure how long the server takes to clean it up, give the NIC back; with dpd-reconnect
# the client then connects again. Sets dpd_note and dpd_why (empty when the server cleaned up in time).
run_dpd() {
    local c1out=$1 net=$2 dir=$3 kind=$4 tap=c1w peer=192.0.2.11
    local sa_deadline=$((dpd_delay_s + dpd_timeout_s + 10)) deadline=$((dpd_delay_s + dpd_timeout_s + 20))
    [ "$net" = nat ] && tap=c1n peer=$wan_nat
    dpd_note='' dpd_why='client never connected'
    wait_until "$step_timeout" "client1 connected" bash -c "test -e '$c1out/connected' || test -e '$c1out/rc'" || return 0
    [ -e "$c1out/connected" ] || return 0
    local t_cut
    t_cut=$(now)
    ip -n "$ns_wan" link set "$tap" down
    log "dpd: client1's NIC cut; waiting up to ${deadline}s for the server to clean up"
    server_signal vanished
    if [ "$server_kind" = vm ]; then
        local cleanup_env
        cleanup_env=$(step_out server "$server_step")/cleanup.env
        if wait_until "$deadline" "server cleanup" test -e "$cleanup_env"; then
            local sa_s
            sa_s=$(result_field "$cleanup_env" SA_GONE_S)
            dpd_note="server dropped the vanished client's SAs after ${sa_s}s (DPD), its PPP session after $(result_field "$cleanup_env" PPP_GONE_S)s (LCP echo)"
            dpd_why=''
            awk -v a="$sa_s" -v d="$sa_deadline" 'BEGIN { exit !(a > d) }' \
                && dpd_why="DPD took ${sa_s}s to drop the SAs (at most ${sa_deadline}s)"
            # The reference LNS (xl2tpd) keeps the dead tunnel while it retries its closing
            # messages (measured 80-85 s), and a reconnect from the same address and port fails
            # until it is gone.
            local gone_env
            gone_env=$(step_out server "$server_step")/tunnel-gone.env
            if [ "$kind" = dpd-reconnect ] && wait_until 150 "server's L2TP tunnel gone" test -e "$gone_env"; then
                dpd_note="$dpd_note (its L2TP tunnel after $(result_field "$gone_env" TUNNEL_GONE_S)s)"
            fi
        else
            dpd_why="server still holds the vanished client's PPP session or SAs after ${deadline}s (see its run.log)"
        fi
    else
        # A server command is a black box: it must have stopped sending to the vanished client
        # (retransmitted DPD, LCP echoes, L2TP hellos) at least 5 s before the deadline.
        sleep "$deadline"
        dpd_why=''
    fi
    # What the server sent to the vanished client afterwards, from the capture so far.
    local last
    last=$(tcpdump -tt -n -r "$dir/wan.pcap" "ip and src host $server_wan and dst host $peer" 2>/dev/null | tail -1 | cut -d' ' -f1)
    local quiet_after
    quiet_after=$(awk -v a="$t_cut" -v b="${last:-0}" 'BEGIN { d = b - a; printf "%.1f", d < 0 ? 0 : d }')
    dpd_note="${dpd_note:+$dpd_note, }server silent towards it ${quiet_after}s after"
    if [ "$server_kind" != vm ] && awk -v q="$quiet_after" -v d="$deadline" 'BEGIN { exit !(q > d - 5) }'; then
        dpd_why="server still sent to the vanished client ${quiet_after}s after it vanished (DPD ${dpd_delay_s}+${dpd_timeout_s}s)"
    fi
    ip -n "$ns_wan" link set "$tap" up
    step_signal client1 "$(basename "$c1out")" resume
}

# --- main ---
selected() {
    local p
    for p in "${patterns[@]}"; do [[ $1 == $p ]] && return 0; done
    return 1
}
t_main=$SECONDS
run_dir=$cache_root/runs/$(date +%Y%m%d-%H%M%S)
mkdir -p "$run_dir/vm/logs"
build_network
rows=()
failures=0
dpd_note='' dpd_why=''
# Clients that only later rows need boot in the background once the first reference row is done,
# while the next rows run (a step mostly waits on timers; a boot is mostly CPU).
ref_clients=0
while read -r name server _ _ _ _ clients _; do
    [[ -z $name || $name == \#* || $server != reference ]] && continue
    selected "$name" && (( clients > ref_clients )) && ref_clients=$clients
done <"$here/scenarios.txt"
while read -r -u 3 name server net ipsec auth profile clients ports kind expect options; do
    [[ -z $name || $name == \#* ]] && continue
    selected "$name" || continue
    [ "$require_all" = no ] || expect=pass
    if (( budget_s > 0 && SECONDS - t_main > budget_s )); then
        add_row "$name" not-run '' '' '' '' "$expect" "HARNESS_BUDGET_S=$budget_s spent before this row"
        continue
    fi
    log "scenario $name: server=$server net=$net ipsec=$ipsec auth=$auth profile=$profile clients=$clients/$ports kind=$kind"
    run_row "$name" "$server" "$net" "$ipsec" "$auth" "$profile" "$clients" "$ports" "$kind" "$expect" "${options:--}" || {
        add_row "$name" error '' '' '' '' "$expect" "runner error, see $run_dir/$name"; server_release; }
    ! vm_alive server || boot_missing_clients "$ref_clients"
done 3<"$here/scenarios.txt"
for name in "${!vm_pid[@]}"; do touch "$run_dir/vm/$name/quit"; done
for name in "${!vm_pid[@]}"; do wait_until 30 "$name power-off" bash -c "! kill -0 ${vm_pid[$name]} 2>/dev/null" || true; done

{
    echo "| scenario | result | connect s | ping loss | iperf3 Mbit/s | wall s | status | notes |"
    echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
    for row in "${rows[@]}"; do echo "| ${row//|/ | } |"; done
    echo
    echo "$(( ${#rows[@]} )) rows, $failures failing, $((SECONDS - t_main)) s in all"
    for f in "$run_dir"/vm/logs/*.ttyS1.log; do
        [ -e "$f" ] || continue
        echo "  $(basename "$f" .ttyS1.log): agent up after $(sed -n 's/.*running \/host\/run.sh on .*, up \([0-9.]*\) s.*/\1/p' "$f" | head -1) s"
    done
} | tee "$run_dir/results.md"
echo "logs, shares and pcaps: $run_dir"
exit $(( failures > 0 ))
}
