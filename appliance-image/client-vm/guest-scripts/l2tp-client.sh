#!/bin/sh
# One scenario step of a stock Linux L2TP client: xl2tpd + pppd, inside IPsec (strongSwan stroke,
# IKEv1 PSK, transport mode) when IPSEC=yes. KIND says what the step proves:
#   traffic          connect, ping and iperf3 to the LAN host, disconnect
#   reconnect        traffic, disconnect, connect again, ping, disconnect
#   rekey            short SA lifetimes; ping and iperf3 across the rekeys; PPP must survive them
#   dpd              connect, ping; the host cuts this guest's NIC and measures the server's cleanup
#   dpd-reconnect    dpd, then connect again from scratch
#   server-teardown  connect; the host stops the server; the session must end from its side
#   session          connect; DNS from IPCP and LCP echoes answered (no LAN needed); disconnect
#   steady           connect, ping without pause until the host says stop: no loss, PPP kept
#   bad-psk, bad-password, no-proposal
#                    the step's settings are wrong (PSK, PPP password, IKE proposals): the client
#                    must be refused, no PPP address; what it saw goes into the notes
#   server-restart   connect, ping; the host SIGKILLs the server and starts it again; strongSwan's
#                    DPD (dpdaction=restart) and xl2tpd's redial must bring a new session up by
#                    themselves, and pings pass again
# Disconnects take PPP down first and IPsec only once ppp0 is gone, so LCP Terminate never leaves
# in the clear. Writes result.env (RESULT, WHY and the measurements) into the step's folder.
. /host/common.sh
# Pings to the LAN host: how many, how often (root may go below 0.2 s), the loss allowed (percent).
: "${PING_COUNT:=1000}" "${PING_INTERVAL:=0.02}" "${PING_MAX_LOSS:=0}"

result=fail why='' notes='' ppp_auth_seen='' ike_s='' connect_s='' ping_loss='' ping_sent='' iperf_mbps='' ppp_addr=''
finish() {
    cat >"$out/result.env" <<RES
RESULT=$result
IKE_S=$ike_s
CONNECT_S=$connect_s
PPP_ADDR=$ppp_addr
PPP_AUTH_SEEN='$ppp_auth_seen'
PING_LOSS=$ping_loss
PING_SENT=$ping_sent
IPERF_MBPS=$iperf_mbps
NOTES='$notes'
WHY='$why'
RES
    log "result: $result connect=${connect_s}s loss=$ping_loss iperf3=${iperf_mbps}Mbit/s $notes $why"
}
trap finish EXIT
fail() { why=$1; log "FAIL: $1"; dump_state fail; exit 1; }
note() { notes="${notes:+$notes, }$1"; }

# --- a clean slate: the guest ran other steps before this one ---
reset_client() {
    stop_xl2tpd
    wait_for 10 ppp_gone
    ipsec stop >/dev/null 2>&1
    ip xfrm state flush
    ip xfrm policy flush
    for dev in eth0 eth1; do
        tc qdisc del dev "$dev" root 2>/dev/null
        ip addr flush dev "$dev"
        ip link set "$dev" down
    done
    rm -f /etc/ppp/resolv.conf /run/xl2tpd.pid /etc/strongswan.d/zz-harness-retransmit.conf
}
reset_client
ip link set lo up
# eth0 is on the WAN segment, eth1 behind the NAT: a step uses one of them.
nic=eth0
[ "$NET" = nat ] && nic=eth1
up_if "$nic" "$CLIENT_ADDR/$CLIENT_PREFIX"
ip route add default via "$CLIENT_GW"
[ -n "${CLIENT_NETEM:-}" ] && tc qdisc add dev "$nic" root netem $CLIENT_NETEM

# --- configuration ---
if [ "$IPSEC" = yes ]; then
    write_strongswan_log_conf
    lifetimes=''
    # Short lifetimes make the client rekey during traffic: margintime before expiry, no fuzz.
    [ "$KIND" = rekey ] && lifetimes="lifetime=${REKEY_LIFETIME_S}s
    ikelifetime=${REKEY_IKE_LIFETIME_S}s
    margintime=${REKEY_MARGIN_S}s
    rekeyfuzz=0%"
    # A client that heals itself after the server lost its state: DPD notices the silence
    # (RFC 3706 R-U-THERE unanswered) and negotiates again.
    [ "$KIND" = server-restart ] && lifetimes="dpddelay=${RESTART_DPD_DELAY_S}s
    dpdtimeout=${RESTART_DPD_TIMEOUT_S}s
    dpdaction=restart"
    # A refused client gives up after about 25 s instead of charon's 3 tries of 165 s of
    # retransmits (a wrong PSK: the server cannot read Main Mode message 5 and stays silent).
    case $KIND in bad-*|no-proposal)
        lifetimes="keyingtries=1"
        cat >/etc/strongswan.d/zz-harness-retransmit.conf <<CONF
charon {
    retransmit_tries = 3
    retransmit_timeout = 2.0
    retransmit_base = 1.8
}
CONF
    esac
    cat >/etc/ipsec.conf <<CONF
conn L2TP-PSK
    keyexchange=ikev1
    authby=secret
    type=transport
    left=%defaultroute
    leftprotoport=17/$L2TP_PORT
    right=$SERVER_ADDR
    rightprotoport=17/1701
    ike=$CLIENT_IKE
    esp=$CLIENT_ESP
    sha256_96=$SHA256_96
    forceencaps=${FORCEENCAPS:-no}
    $lifetimes
    auto=add
CONF
    printf '%%any %s : PSK "%s"\n' "$SERVER_ADDR" "$PSK" >/etc/ipsec.secrets
    chmod 600 /etc/ipsec.secrets
fi
mkdir -p /var/run/xl2tpd
cat >/etc/xl2tpd/xl2tpd.conf <<CONF
; written by the harness: port is this client's L2TP source port
[global]
port = $L2TP_PORT

[lac pc]
lns = $SERVER_ADDR
pppoptfile = /etc/ppp/options.l2tpd.client
length bit = yes
$([ "$KIND" = server-restart ] && printf 'redial = yes\nredial timeout = 5\nmax redials = 30')
CONF
case $PPP_AUTH in
    pap) ppp_refuse='refuse-chap refuse-mschap refuse-mschap-v2' ;;
    *) ppp_refuse='' ;;
esac
# LCP echoes every 3 s prove the server answers them; 10 misses are more than any step lasts idle.
cat >/etc/ppp/options.l2tpd.client <<CONF
ipcp-accept-local
ipcp-accept-remote
refuse-eap
$ppp_refuse
noccp
noauth
mtu 1280
mru 1280
noipdefault
defaultroute
usepeerdns
lcp-echo-interval 3
lcp-echo-failure $([ "$KIND" = server-restart ] && echo 4 || echo 10)
name $PPP_USER
password $PPP_PASSWORD
logfile $out/pppd.log
debug
CONF

# --- connect, traffic, disconnect ---
# try_connect: IPsec SA (if any), then L2TP tunnel, session and PPP; sets ike_s, connect_s,
# ppp_addr. Returns 1 with $why set when the client is refused (a PPP authentication failure
# ends the wait at once); connect is the same, failing the step.
try_connect() {
    t0=$(now)
    if [ "$IPSEC" = yes ]; then
        ipsec start >/dev/null
        wait_for 60 charon_has L2TP-PSK || { why="charon did not start or load L2TP-PSK"; return 1; }
        # stroke's "ipsec up" exits 0 even when charon gave up: the CHILD_SA must be installed.
        ipsec up L2TP-PSK >>"$out/ipsec-up.log" 2>&1 || echo "ipsec up: exit $?" >>"$out/ipsec-up.log"
        ipsec status L2TP-PSK 2>/dev/null | grep -q INSTALLED \
            || { why="no IPsec SA: $(grep -v "^establishing connection" "$out/ipsec-up.log" | tail -1)"; return 1; }
        ike_s=$(since "$t0")
        log "IPsec SA up after $ike_s s"
    fi
    xl2tpd -D -c /etc/xl2tpd/xl2tpd.conf -C /var/run/xl2tpd/l2tp-control -p /run/xl2tpd.pid \
        >>"$out/xl2tpd.log" 2>&1 &
    wait_for 30 test -p /var/run/xl2tpd/l2tp-control || { why="xl2tpd did not start"; return 1; }
    echo "c pc" >/var/run/xl2tpd/l2tp-control
    wait_for "${PPP_TIMEOUT:-90}" ppp_settled
    ppp_has_addr || { why="no PPP address"; return 1; }
    connect_s=$(since "$t0")
    ppp_addr=$(ip -4 -o addr show dev ppp0 | awk '{ split($4, a, "/"); print a[1] }')
    # What the server asked for, from its LCP ConfReq in pppd's log: <auth chap MS-v2>, <auth pap>...
    ppp_auth_seen=$(grep -m1 -o 'rcvd \[LCP ConfReq .*<auth [^>]*>' "$out/pppd.log" | grep -o '<auth [^>]*>' | tr -d '<>')
    log "PPP up after $connect_s s: $ppp_addr ($ppp_auth_seen)"
    ip route replace "$LAN_NET" dev ppp0
}
# PPP has its address, or pppd was refused (PAP, CHAP, MS-CHAP: "... authentication failed").
ppp_settled() { ppp_has_addr || grep -q -i 'authentication failed' "$out/pppd.log" 2>/dev/null; }
connect() { try_connect || fail "$why"; }

# pppd outlives ppp0 while LCP terminates (and xl2tpd): IPsec goes down only once it has exited,
# or its last Terminate-Ack leaves in the clear (seen in a refusal row's capture).
pppd_gone() { ! pidof pppd >/dev/null; }
disconnect() {
    echo "d pc" >/var/run/xl2tpd/l2tp-control
    wait_for 20 ppp_gone || log "ppp0 still up 20 s after disconnect"
    stop_xl2tpd
    wait_for 10 pppd_gone || log "pppd still running 10 s after xl2tpd stopped"
    if [ "$IPSEC" = yes ]; then
        ipsec down L2TP-PSK >/dev/null 2>&1
        ipsec stop >/dev/null 2>&1
    fi
    log "disconnected"
}

# ping_lan COUNT LOGNAME [INTERVAL]: sets ping_loss ("0%"). Root may ping faster than 0.2 s.
ping_lan() {
    ping -c "$1" -i "${3:-$PING_INTERVAL}" -W 2 "$PING_TARGET" >"$out/$2" 2>&1
    ping_summary "$2"
}
ping_summary() { # LOGNAME: reads ping's summary line
    ping_loss=$(sed -n 's/.* \([0-9.]*\)% packet loss.*/\1%/p' "$out/$1")
    ping_sent=$(sed -n 's/^\([0-9]*\) packets transmitted.*/\1/p' "$out/$1")
    log "ping $PING_TARGET x${ping_sent:-?}: ${ping_loss:-no answer}"
}
# check_loss WHEN: fails the step when every ping was lost, or more than PING_MAX_LOSS percent.
check_loss() {
    lost_everything && fail "no ping answered $1"
    awk -v l="${ping_loss%\%}" -v m="$PING_MAX_LOSS" 'BEGIN { exit !(l <= m) }' \
        || fail "ping loss $ping_loss of $ping_sent $1 (at most $PING_MAX_LOSS% allowed)"
}

# iperf_lan SECONDS [IPERF3-ARGS]: sets iperf_mbps (receiver side), empty when iperf3 failed.
# A path that dies mid-run must not hang the step: iperf3's client then blocks in send() for as
# long as TCP retransmits, so it gets the run's length plus 40 s. Killed, it still prints a
# summary (0.00 Mbit/s): that counts as failed, and so does a run that moved nothing.
iperf_lan() {
    timeout -k 5 $(($1 + 40)) iperf3 -c "$IPERF_TARGET" -p "$IPERF_PORT" -t "$1" -f m ${2:-} \
        >"$out/iperf3.log" 2>&1
    _iperf_status=$?
    if [ "$_iperf_status" = 0 ]; then
        iperf_result
    else
        iperf_mbps=''
        log "iperf3 to $IPERF_TARGET:$IPERF_PORT: failed (exit status $_iperf_status; 124: killed after $(($1 + 40)) s)"
    fi
    case $iperf_mbps in 0|0.0|0.00) iperf_mbps='' ;; esac
    [ -n "$iperf_mbps" ] || nic_report iperf3
}
iperf_result() {
    iperf_mbps=$(awk '/receiver/ { for (i = 1; i < NF; i++) if ($(i + 1) == "Mbits/sec") print $i }' "$out/iperf3.log")
    log "iperf3 to $IPERF_TARGET:$IPERF_PORT: ${iperf_mbps:-failed} Mbit/s"
}

lost_everything() { [ "${ping_loss:-100%}" = 100% ]; }
# warm_up: one answered ping before a measurement, so that it measures the session, not the
# server resolving its LAN next hop (kinds whose subject is something else: steady, server-restart).
warm_up() { wait_for 20 ping -c 1 -W 1 "$PING_TARGET" || fail "no ping answered through the tunnel"; }

# Traffic to the LAN host passes when some pings come back and iperf3 completes.
traffic() {
    ping_lan "$PING_COUNT" ping.log
    iperf_lan "${IPERF_SECONDS:-5}"
    check_loss "through the tunnel"
    [ -n "$iperf_mbps" ] || fail "iperf3 through the tunnel failed (see iperf3.log)"
}

pppd_pid() { cat /var/run/ppp0.pid 2>/dev/null; }
# ppp_replaced OLD-PID: a new pppd has ppp0 up with an address.
ppp_replaced() { ppp_has_addr && [ -n "$(pppd_pid)" ] && [ "$(pppd_pid)" != "$1" ]; }
ppp_ifindex() { cat /sys/class/net/ppp0/ifindex 2>/dev/null; }
# Established SAs in charon's log: the first one plus one per rekey.
established() { grep -c "$1 established" "$out/charon.log" 2>/dev/null; }

# A client with a wrong setting connects in its own branch below, expecting to be refused.
case $KIND in bad-psk|bad-password|no-proposal) ;; *) connect ;; esac
case $KIND in
traffic)
    traffic
    dump_state client
    disconnect
    ;;
reconnect)
    traffic
    first_s=$connect_s
    disconnect
    connect
    ping_lan "$PING_COUNT" ping-again.log
    check_loss "after reconnecting"
    note "reconnected in ${connect_s}s (first ${first_s}s)"
    connect_s=$first_s
    disconnect
    ;;
rekey)
    pid_before=$(pppd_pid) ifindex_before=$(ppp_ifindex)
    # Pings and iperf3 together for the whole window, which spans at least one CHILD_SA and one
    # IKE_SA rekey; loss is what ping saw across them. iperf3 is capped below what TCG can carry,
    # so that a lost ping means the rekey lost it, not a full queue.
    pings=$(( REKEY_TRAFFIC_S * 5 ))
    iperf_lan "$((REKEY_TRAFFIC_S - 5))" "-b $REKEY_IPERF_RATE" &
    iperf_job=$!
    ping_lan "$pings" ping-rekey.log 0.2
    wait "$iperf_job"
    iperf_result   # the background job's variables died with it
    child_sas=$(established 'CHILD_SA L2TP-PSK{[0-9]*}')
    ike_sas=$(established 'IKE_SA L2TP-PSK\[[0-9]*\]')
    dump_state client
    note "$((child_sas - 1)) CHILD_SA and $((ike_sas - 1)) IKE_SA rekeys in ${REKEY_TRAFFIC_S}s"
    [ "$child_sas" -ge 2 ] || fail "no CHILD_SA rekey during the traffic (lifetime ${REKEY_LIFETIME_S}s)"
    [ "$(pppd_pid)" = "$pid_before" ] && [ "$(ppp_ifindex)" = "$ifindex_before" ] \
        || fail "the PPP session did not survive the rekey (pppd $pid_before -> $(pppd_pid))"
    note "PPP kept"
    loss=${ping_loss%\%}
    awk -v l="${loss:-100}" -v m="$REKEY_MAX_LOSS" 'BEGIN { exit !(l <= m) }' \
        || fail "ping loss $ping_loss across the rekeys (at most $REKEY_MAX_LOSS% allowed)"
    [ -n "$iperf_mbps" ] || fail "iperf3 across the rekeys failed"
    disconnect
    ;;
dpd|dpd-reconnect)
    ping_lan "$PING_COUNT" ping.log
    check_loss "through the tunnel"
    signal connected
    # The host now cuts this guest's NIC, waits for the server to clean up, and reconnects the NIC.
    wait_for 300 signalled resume || fail "no resume from the host"
    log "NIC back; dropping the old session locally and connecting again"
    # The old session is dead on the server: tear it down here without waiting for PPP replies.
    stop_xl2tpd
    wait_for 10 ppp_gone
    [ "$IPSEC" = yes ] && ipsec stop >/dev/null 2>&1
    [ "$KIND" = dpd ] && { result=pass; exit 0; }
    first_s=$connect_s
    connect
    ping_lan "$PING_COUNT" ping-again.log
    check_loss "after reconnecting"
    note "reconnected in ${connect_s}s"
    connect_s=$first_s
    disconnect
    ;;
server-teardown)
    wait_for 15 grep -q 'rcvd \[LCP EchoRep' "$out/pppd.log" || fail "no LCP echo answered"
    signal connected
    t_down=$(now)
    wait_for "${TEARDOWN_WAIT_S:-30}" ppp_gone || fail "PPP still up ${TEARDOWN_WAIT_S:-30} s after the server was told to stop"
    log "PPP ended by the server after $(since "$t_down") s"
    note "PPP ended by the server $(since "$t_down")s after its stop"
    if [ "$IPSEC" = yes ]; then
        wait_for 15 sh -c '! ipsec status L2TP-PSK | grep -q ESTABLISHED' \
            || fail "IKE SA still up 15 s after the server's teardown"
        note "IKE SA deleted by the server"
        ipsec stop >/dev/null 2>&1
    fi
    stop_xl2tpd
    ;;
steady)
    pid_before=$(pppd_pid) ifindex_before=$(ppp_ifindex)
    warm_up
    ping -i "$PING_INTERVAL" -W 2 "$PING_TARGET" >"$out/ping-steady.log" 2>&1 &
    ping_job=$!
    signal connected
    wait_for "${STEADY_MAX_S:-400}" signalled stop || log "no stop from the host"
    kill -INT "$ping_job"
    wait "$ping_job"
    ping_summary ping-steady.log
    # ping exits on SIGINT without waiting for the replies still in flight: the loss counts the
    # pings up to the last one answered, and how many were in flight is noted.
    transmitted=$ping_sent
    answered=$(sed -n 's/.* icmp_seq=\([0-9]*\) .*/\1/p' "$out/ping-steady.log" | sort -un)
    ping_sent=$(echo "$answered" | tail -1)
    ping_loss=$(echo "$answered" | awk -v n="${ping_sent:-0}" 'END { printf "%g%%", n ? (n - NR) * 100 / n : 100 }')
    log "steady ping: $ping_loss of $ping_sent lost, $((transmitted - ${ping_sent:-0})) in flight at the stop"
    dump_state client
    check_loss "while the other client was refused"
    [ $((transmitted - ping_sent)) -le 100 ] || fail "the last $((transmitted - ping_sent)) pings went unanswered"
    [ "$(pppd_pid)" = "$pid_before" ] && [ "$(ppp_ifindex)" = "$ifindex_before" ] \
        || fail "the PPP session did not survive (pppd $pid_before -> $(pppd_pid))"
    note "$ping_sent pings, $((transmitted - ping_sent)) more in flight at the stop, PPP kept"
    disconnect
    ;;
bad-psk|bad-password|no-proposal)
    try_connect && fail "connected although its $KIND: PPP address $ppp_addr"
    refused=$why why=''
    # What the client was told, in its own daemons' words.
    seen=$(grep -h -m1 -o -E 'received [A-Z_]+ error notify|giving up after [0-9]+ retransmits|establishing IKE_SA failed' \
        "$out/charon.log" 2>/dev/null | head -1)
    seen=${seen:-$(grep -h -m1 -o -i -E '[A-Z-]+ authentication failed[^"]*' "$out/pppd.log" 2>/dev/null | head -1)}
    case $refused in *"$seen"*) seen='' ;; esac
    note "refused: $refused${seen:+ (client: $seen)}"
    dump_state refused
    stop_xl2tpd
    wait_for 10 pppd_gone
    [ "$IPSEC" = yes ] && ipsec stop >/dev/null 2>&1
    ;;
server-restart)
    warm_up
    ping_lan "$PING_COUNT" ping.log
    check_loss "before the restart"
    pid_before=$(pppd_pid) first_addr=$ppp_addr
    signal connected
    wait_for 300 signalled restarted || fail "no word from the host that the server started again"
    t_restart=$(now)
    log "server killed and started again; waiting for DPD and the redial"
    wait_for "$RESTART_WAIT_S" ppp_replaced "$pid_before" \
        || fail "no new PPP session ${RESTART_WAIT_S}s after the server started again"
    back_s=$(since "$t_restart")
    ppp_addr=$(ip -4 -o addr show dev ppp0 | awk '{ split($4, a, "/"); print a[1] }')
    ip route replace "$LAN_NET" dev ppp0
    log "new PPP session $ppp_addr after $back_s s"
    warm_up
    ping_lan "$PING_COUNT" ping-again.log
    check_loss "after the restart"
    note "new session by itself ${back_s}s after the restart ($first_addr -> $ppp_addr), $(established 'IKE_SA L2TP-PSK\[[0-9]*\]') IKE SAs"
    dump_state client
    disconnect
    ;;
session)
    wait_for 10 test -s /etc/ppp/resolv.conf || fail "no DNS server from IPCP"
    note "DNS $(awk '/nameserver/ { printf "%s ", $2 }' /etc/ppp/resolv.conf | sed 's/ $//')"
    wait_for 15 grep -q 'rcvd \[LCP EchoRep' "$out/pppd.log" || fail "no LCP echo answered"
    note "$(grep -c 'rcvd \[LCP EchoRep' "$out/pppd.log") LCP echoes answered"
    disconnect
    ;;
*)
    fail "unknown KIND $KIND"
    ;;
esac
result=pass
