#!/bin/sh
# A stock Linux L2TP client (xl2tpd + pppd), with IPsec (strongSwan stroke, IKEv1 PSK, transport
# mode) when IPSEC=yes: waits for /host/go, connects, pings, runs iperf3, disconnects in the order
# that leaks no cleartext L2TP (PPP down first, then IPsec), and writes /host/out/result.env.
. /host/common.sh

result=fail ppp_auth_seen='' ike_s='' connect_s='' ping_loss='' iperf_mbps='' why=''
finish() {
    cat >"$out/result.env" <<RES
RESULT=$result
IKE_S=$ike_s
PPP_AUTH_SEEN='$ppp_auth_seen'
CONNECT_S=$connect_s
PING_LOSS=$ping_loss
IPERF_MBPS=$iperf_mbps
WHY="$why"
RES
    journalctl -b --no-pager >"$out/journal.log" 2>&1
    systemd-analyze blame >"$out/boot-blame.txt" 2>&1
    log "result: $result connect=${connect_s}s loss=$ping_loss iperf3=${iperf_mbps}Mbit/s $why"
}
trap finish EXIT
fail() { why=$1; log "FAIL: $1"; exit 1; }

ip link set lo up
up_if eth0 "$CLIENT_ADDR/$CLIENT_PREFIX"
ip route add default via "$CLIENT_GW"
[ -n "${CLIENT_NETEM:-}" ] && tc qdisc add dev eth0 root netem $CLIENT_NETEM

wait_for "${GO_TIMEOUT:-300}" test -e /host/go || fail "no go from the runner"
log "go"
t0=$(now)

if [ "$IPSEC" = yes ]; then
    write_strongswan_log_conf
    cat >/etc/ipsec.conf <<CONF
conn L2TP-PSK
    keyexchange=ikev1
    authby=secret
    type=transport
    left=%defaultroute
    leftprotoport=17/1701
    right=$SERVER_ADDR
    rightprotoport=17/1701
    ike=$CLIENT_IKE
    esp=$CLIENT_ESP
    sha256_96=$SHA256_96
    forceencaps=${FORCEENCAPS:-no}
    auto=add
CONF
    printf '%%any %s : PSK "%s"\n' "$SERVER_ADDR" "$PSK" >/etc/ipsec.secrets
    chmod 600 /etc/ipsec.secrets
    ipsec start >/dev/null
    wait_for 60 ipsec status || fail "charon did not start"
    ipsec up L2TP-PSK >"$out/ipsec-up.log" 2>&1 || fail "ipsec up failed (see charon.log)"
    ike_s=$(since "$t0")
    log "IPsec SA up after $ike_s s"
fi

mkdir -p /var/run/xl2tpd
cat >/etc/xl2tpd/xl2tpd.conf <<CONF
; written by the harness
[lac pc]
lns = $SERVER_ADDR
pppoptfile = /etc/ppp/options.l2tpd.client
length bit = yes
CONF
case $PPP_AUTH in
    pap) ppp_refuse='refuse-chap refuse-mschap refuse-mschap-v2' ;;
    *) ppp_refuse='' ;;
esac
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
name $PPP_USER
password $PPP_PASSWORD
logfile $out/pppd.log
debug
CONF
xl2tpd -D -c /etc/xl2tpd/xl2tpd.conf -C /var/run/xl2tpd/l2tp-control -p /run/xl2tpd.pid \
    >"$out/xl2tpd.log" 2>&1 &
wait_for 30 test -p /var/run/xl2tpd/l2tp-control || fail "xl2tpd did not start"
echo "c pc" >/var/run/xl2tpd/l2tp-control
wait_for "${PPP_TIMEOUT:-90}" ppp_has_addr || fail "no PPP address"
connect_s=$(since "$t0")
ppp_addr=$(ip -4 -o addr show dev ppp0 | awk '{ print $4 }')
# What the server asked for, from its LCP ConfReq in pppd's debug log: <auth chap MS-v2>, <auth pap>...
ppp_auth_seen=$(grep -m1 -o 'rcvd \[LCP ConfReq .*<auth [^>]*>' "$out/pppd.log" | grep -o '<auth [^>]*>' | tr -d '<>')
log "PPP up after $connect_s s: $ppp_addr ($ppp_auth_seen)"
ip route replace "$LAN_NET" dev ppp0

ping -c "${PING_COUNT:-20}" -i 0.2 -W 2 "$PING_TARGET" >"$out/ping.log" 2>&1
ping_loss=$(sed -n 's/.* \([0-9.]*\)% packet loss.*/\1%/p' "$out/ping.log")
log "ping $PING_TARGET: ${ping_loss:-no answer}"

if [ -n "${IPERF_TARGET:-}" ]; then
    iperf3 -c "$IPERF_TARGET" -t "${IPERF_SECONDS:-5}" -f m >"$out/iperf3.log" 2>&1
    iperf_mbps=$(awk '/receiver/ { for (i = 1; i < NF; i++) if ($(i + 1) == "Mbits/sec") print $i }' "$out/iperf3.log")
    log "iperf3 to $IPERF_TARGET: ${iperf_mbps:-failed} Mbit/s"
fi
dump_state client

# Teardown: PPP first, and IPsec only after ppp0 is gone, so LCP Terminate never leaves in clear.
echo "d pc" >/var/run/xl2tpd/l2tp-control
wait_for 20 ppp_gone || log "ppp0 still up 20 s after disconnect"
kill "$(cat /run/xl2tpd.pid)" 2>/dev/null
if [ "$IPSEC" = yes ]; then
    ipsec down L2TP-PSK >/dev/null 2>&1
    ipsec stop >/dev/null 2>&1
fi
log "disconnected"

if [ "${ping_loss:-100%}" != 100% ] && { [ -z "${IPERF_TARGET:-}" ] || [ -n "$iperf_mbps" ]; }; then
    result=pass
else
    why="ping loss ${ping_loss:-100%}, iperf3 ${iperf_mbps:-failed}"
fi
