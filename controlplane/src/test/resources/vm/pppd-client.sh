#!/bin/sh
# Runs in the reference-client VM (appliance-image/client-vm): xl2tpd + pppd, the stock Linux
# client, against the Portcullis LNS of PppdInteropTest on the host. One connection per line of
# ROUNDS (the pppd "refuse-*" options of that round), each: connect, keep the link up long enough
# for LCP echoes both ways, disconnect (or wait for the server to hang up when the round says so).
# Results go to /host/out/round-N.env; pppd's debug log to /host/out/pppd-N.log.
. /host/common.sh

ip link set lo up
up_if eth0 "$CLIENT_ADDR/30"
mkdir -p /var/run/xl2tpd
cat >/etc/xl2tpd/xl2tpd.conf <<CONF
; written by PppdInteropTest
[lac pc]
lns = $SERVER_ADDR
pppoptfile = /etc/ppp/options.l2tpd.client
length bit = yes
CONF
xl2tpd -D -c /etc/xl2tpd/xl2tpd.conf -C /var/run/xl2tpd/l2tp-control -p /run/xl2tpd.pid \
    >"$out/xl2tpd.log" 2>&1 &
wait_for 30 test -p /var/run/xl2tpd/l2tp-control || { log "xl2tpd did not start"; exit 1; }

n=0
echo "$ROUNDS" | tr ';' '\n' | while IFS='|' read -r refuse hangup; do
    n=$((n + 1))
    cat >/etc/ppp/options.l2tpd.client <<CONF
ipcp-accept-local
ipcp-accept-remote
$refuse
noccp
noauth
mtu 1280
mru 1280
noipdefault
usepeerdns
lcp-echo-interval 2
lcp-echo-failure 3
name $PPP_USER
password $PPP_PASSWORD
logfile $out/pppd-$n.log
debug
CONF
    rm -f /etc/ppp/resolv.conf
    t0=$(now)
    echo "c pc" >/var/run/xl2tpd/l2tp-control
    if wait_for 60 ppp_has_addr; then
        addr=$(ip -4 -o addr show dev ppp0 | awk '{ print $4 }')
        log "round $n: PPP up after $(since "$t0") s: $addr"
        sleep 8   # four LCP echo intervals: pppd hangs up if we do not answer
        up_after_echoes=no
        ppp_has_addr && up_after_echoes=yes
        if [ "$hangup" = server ]; then
            touch "$out/round-$n.waiting"
            wait_for 30 ppp_gone && gone=server || gone=no
        else
            echo "d pc" >/var/run/xl2tpd/l2tp-control
            wait_for 20 ppp_gone && gone=client || gone=no
        fi
        dns=$(sed -n 's/^nameserver //p' /etc/ppp/resolv.conf 2>/dev/null | head -1)
        printf 'ADDR=%s\nDNS=%s\nUP_AFTER_ECHOES=%s\nGONE=%s\n' "$addr" "$dns" "$up_after_echoes" "$gone" \
            >"$out/round-$n.env"
    else
        log "round $n: no PPP address"
        printf 'ADDR=\n' >"$out/round-$n.env"
        echo "d pc" >/var/run/xl2tpd/l2tp-control
        wait_for 20 ppp_gone
    fi
    sleep 1
done
kill "$(cat /run/xl2tpd.pid)" 2>/dev/null
log "done"
