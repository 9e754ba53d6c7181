#!/bin/sh
# One step of the reference server of scenario 5: strongSwan (IKEv1 PSK, transport mode) + xl2tpd
# + pppd, routing between PPP clients (pool PPP_POOL) and the LAN (eth1). Says "ready" when it
# serves; stops (tearing its clients down: StopCCN, then IKE deletes) on the host's "stop". After the
# host's "vanished" (a client's NIC was cut), it measures how long DPD and LCP echoes take to clean
# that client up, into cleanup.env.
. /host/common.sh
step_started=$(date '+%F %T')

# Interfaces persist across steps: set them idempotently.
ip link set lo up
ip link set eth0 up
ip link set eth1 up
ip addr replace "$SERVER_WAN_ADDR/$WAN_PREFIX" dev eth0
ip addr replace "$SERVER_LAN_ADDR/$LAN_PREFIX" dev eth1
sysctl -qw net.ipv4.ip_forward=1
ip xfrm state flush
ip xfrm policy flush

if [ "$IPSEC" = yes ]; then
    write_strongswan_log_conf
    cat >/etc/ipsec.conf <<CONF
config setup
    uniqueids=no

conn L2TP-PSK
    keyexchange=ikev1
    authby=secret
    type=transport
    left=$SERVER_WAN_ADDR
    leftprotoport=17/1701
    right=%any
    rightprotoport=17/%any
    ike=$SERVER_IKE
    esp=$SERVER_ESP
    sha256_96=$SHA256_96
    rekey=no
    dpddelay=${DPD_DELAY_S}s
    dpdtimeout=${DPD_TIMEOUT_S}s
    dpdaction=clear
    auto=add
CONF
    # L2TP only inside IPsec: these catch-all policies rank below strongSwan's per-client ones, so
    # cleartext L2TP is dropped both ways (what a server must do when it requires IPsec).
    for dir in in out; do
        ip xfrm policy add dir "$dir" proto udp sport 1701 action block priority 1000000
        ip xfrm policy add dir "$dir" proto udp dport 1701 action block priority 1000000
    done
    printf '%%any %%any : PSK "%s"\n' "$PSK" >/etc/ipsec.secrets
    chmod 600 /etc/ipsec.secrets
    ipsec start >/dev/null
    wait_for 60 charon_has L2TP-PSK || { log "charon did not start or load L2TP-PSK"; exit 1; }
    log "strongSwan up"
fi

# xl2tpd knows only pap and chap; MS-CHAPv2 is pppd's require-mschap-v2 below.
case $PPP_AUTH in
    pap) xl2tpd_auth='require pap = yes
refuse chap = yes' ;;
    chap) xl2tpd_auth='require chap = yes
refuse pap = yes' ;;
    *) xl2tpd_auth='refuse pap = yes' ;;
esac
mkdir -p /var/run/xl2tpd
cat >/etc/xl2tpd/xl2tpd.conf <<CONF
; written by the harness (xl2tpd takes ';' comments, a '#' line makes it exit)
[global]
listen-addr = $SERVER_WAN_ADDR
port = 1701

[lns default]
ip range = $PPP_POOL
local ip = $PPP_SERVER_ADDR
$xl2tpd_auth
require authentication = yes
name = pc-ref-lns
pppoptfile = /etc/ppp/options.xl2tpd
length bit = yes
CONF
case $PPP_AUTH in
    pap) ppp_require=require-pap ;;
    chap) ppp_require=require-chap ;;
    mschap-v2) ppp_require=require-mschap-v2 ;;
esac
cat >/etc/ppp/options.xl2tpd <<CONF
$ppp_require
auth
noccp
mtu 1280
mru 1280
proxyarp
ms-dns $DNS_ADDR
lcp-echo-interval $DPD_DELAY_S
lcp-echo-failure 3
logfile $out/pppd.log
debug
CONF
printf '"%s" * "%s" *\n' "$PPP_USER" "$PPP_PASSWORD" >/etc/ppp/chap-secrets
printf '"%s" * "%s" *\n' "$PPP_USER" "$PPP_PASSWORD" >/etc/ppp/pap-secrets
chmod 600 /etc/ppp/chap-secrets /etc/ppp/pap-secrets
xl2tpd -D -c /etc/xl2tpd/xl2tpd.conf -C /var/run/xl2tpd/l2tp-control -p /run/xl2tpd.pid \
    >"$out/xl2tpd.log" 2>&1 &
wait_for 30 test -p /var/run/xl2tpd/l2tp-control || { log "xl2tpd did not start"; cat "$out/xl2tpd.log"; exit 1; }
log "xl2tpd up; SERVER-READY"
signal ready

ppp_count() { ls /sys/class/net | grep -c '^ppp'; }
sa_count() { ip xfrm state | grep -c '^src'; }
no_ppp() { [ "$(ppp_count)" -eq 0 ]; }
tunnel_count() { ip l2tp show tunnel 2>/dev/null | grep -c '^Tunnel'; }
# Polls with shell builtins until a client vanished: under TCG every process spawned in this loop
# costs the guest (and the shared host cores) milliseconds.
t_vanished='' ppp_gone_s='' sa_gone_s='' polls=0
while ! signalled stop; do
    polls=$((polls + 1))
    [ "$polls" -le $(( ${SERVER_MAX_SECONDS:-600} * 2 )) ] || { log "no stop request; stopping anyway"; break; }
    if [ -z "$t_vanished" ] && ! signalled vanished; then sleep 0.5; continue; fi
    if [ -z "$t_vanished" ] && signalled vanished; then
        t_vanished=$(now)
        log "client vanished: $(ppp_count) PPP sessions, $(sa_count) ESP SAs"
        dump_state vanished
    fi
    # When LCP echoes ended its PPP session, when DPD removed its SAs; cleaned up once both are.
    if [ -n "$t_vanished" ] && [ -z "$ppp_gone_s" ] && [ "$(ppp_count)" -eq 0 ]; then
        ppp_gone_s=$(since "$t_vanished")
        log "vanished client's PPP session gone after $ppp_gone_s s"
    fi
    if [ -n "$t_vanished" ] && [ -z "$sa_gone_s" ] && [ "$(sa_count)" -eq 0 ]; then
        sa_gone_s=$(since "$t_vanished")
        log "vanished client's SAs gone after $sa_gone_s s"
    fi
    if [ -n "$ppp_gone_s" ] && [ -n "$sa_gone_s" ] && [ ! -e "$out/cleanup.env" ]; then
        printf 'CLEANUP_S=%s\nPPP_GONE_S=%s\nSA_GONE_S=%s\n' "$(since "$t_vanished")" "$ppp_gone_s" "$sa_gone_s" \
            >"$out/cleanup.env"
    fi
    # xl2tpd keeps the dead tunnel (and its kernel socket to the client's address and port) while
    # it retries its closing messages; a reconnect from that address fails until it is gone.
    if [ -e "$out/cleanup.env" ] && [ ! -e "$out/tunnel-gone.env" ] && [ "$(tunnel_count)" -eq 0 ]; then
        echo "TUNNEL_GONE_S=$(since "$t_vanished")" >"$out/tunnel-gone.env"
        log "its L2TP tunnel gone after $(since "$t_vanished") s"
    fi
    sleep 0.5
done
dump_state server
log "stopping: $(ppp_count) PPP sessions, $(sa_count) ESP SAs"
# xl2tpd first (StopCCN and LCP Terminate still inside ESP), IPsec only once PPP is gone.
stop_xl2tpd
wait_for 15 no_ppp || log "PPP sessions left 15 s after stopping xl2tpd"
[ "$IPSEC" = yes ] && ipsec stop >/dev/null 2>&1
journalctl --no-pager --since "$step_started" >"$out/journal.log" 2>&1
log "server stopped"
