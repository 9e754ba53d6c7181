#!/bin/sh
# The reference server of scenario 5: strongSwan (IKEv1 PSK, transport mode) + xl2tpd + pppd,
# routing between PPP clients (pool PPP_POOL) and the LAN (eth1).
# Waits for /host/stop before it stops; says so in /host/out/ready when it is serving.
. /host/common.sh

up_if eth0 "$SERVER_WAN_ADDR/$WAN_PREFIX"
up_if eth1 "$SERVER_LAN_ADDR/$LAN_PREFIX"
ip link set lo up
sysctl -qw net.ipv4.ip_forward=1

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
    dpddelay=30
    dpdtimeout=120
    dpdaction=clear
    auto=add
CONF
    printf '%%any %%any : PSK "%s"\n' "$PSK" >/etc/ipsec.secrets
    chmod 600 /etc/ipsec.secrets
    ipsec start >/dev/null
    wait_for 60 ipsec status || { log "charon did not start"; exit 1; }
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
lcp-echo-interval 30
lcp-echo-failure 4
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
touch "$out/ready"

wait_for "${SERVER_MAX_SECONDS:-900}" test -e /host/stop || log "no stop request; stopping anyway"
dump_state server
kill "$(cat /run/xl2tpd.pid)" 2>/dev/null
[ "$IPSEC" = yes ] && ipsec stop >/dev/null 2>&1
journalctl -b --no-pager >"$out/journal.log" 2>&1
log "server stopped"
