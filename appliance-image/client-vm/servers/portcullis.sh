#!/usr/bin/env bash
# The harness's "portcullis" server: the appliance's main job (bin/portcullis), on the host side
# of the WAN segment. run-scenarios.sh runs this inside the server namespace with the PC_* settings
# of README.md's contract; the appliance drives the two interfaces itself through DPDK's
# net_af_packet (no kernel addresses), answers ARP, and creates $PC_READY once it serves.
# PC_IPSEC=no rows get plain L2TP (no IPsec) on UDP 1701 besides L2TP/IPsec.
set -euo pipefail
# L2TP is served only inside IPsec by default (RFC 3193 §4); rows without IPsec turn plain L2TP on
# (ipsec-settings mode optional) and keep IKE served. servers/l2tp-lns.sh sets PORTCULLIS_IKE=no:
# the LNS alone, no pre-shared secret, IKE not served at all.
ike=${PORTCULLIS_IKE:-yes}
cfg=$PC_LOG_DIR/portcullis.conf
cat >"$cfg" <<CONF
set system workers 1
set system eal-arguments "--no-huge --no-shconf -m 256 --no-pci --no-telemetry"
set system counters-file $PC_LOG_DIR/counters
set system event-journal $PC_LOG_DIR/events
set interfaces ethernet wan role wan
set interfaces ethernet wan dpdk-devargs net_af_packet0,iface=$PC_WAN_IF
set interfaces ethernet wan address $PC_SERVER_WAN_ADDR/$PC_WAN_PREFIX
set interfaces ethernet lan role lan
set interfaces ethernet lan dpdk-devargs net_af_packet1,iface=$PC_LAN_IF
set interfaces ethernet lan address $PC_SERVER_LAN_ADDR/$PC_LAN_PREFIX
set vpn l2tp remote-access gateway-address $PC_PPP_SERVER_ADDR
set vpn l2tp remote-access client-ip-pool start ${PC_PPP_POOL%-*}
set vpn l2tp remote-access client-ip-pool stop ${PC_PPP_POOL#*-}
set vpn l2tp remote-access dns-servers server-1 $PC_DNS_ADDR
set vpn l2tp remote-access authentication protocols $PC_PPP_AUTH
set vpn l2tp remote-access authentication local-users username "$PC_PPP_USER" password "$PC_PPP_PASSWORD"
CONF
if [ "$PC_IPSEC" != yes ]; then
    echo "set vpn l2tp remote-access ipsec-settings mode optional" >>"$cfg"
fi
if [ "$ike" = yes ]; then
    cat >>"$cfg" <<CONF
set vpn l2tp remote-access ipsec-settings authentication pre-shared-secret "$PC_PSK"
set vpn l2tp remote-access ipsec-settings dpd delay $PC_DPD_DELAY_S
set vpn l2tp remote-access ipsec-settings dpd timeout $PC_DPD_TIMEOUT_S
CONF
fi
# Old Android clients truncate HMAC-SHA2-256 to 96 bits; IKEv1 cannot say so, the operator must.
if [ "${PC_SHA256_96:-no}" = yes ]; then
    echo "set vpn l2tp remote-access ipsec-settings sha256-96 enable" >>"$cfg"
fi
# RFC 2661 §8.1: data messages without UDP checksums, when the row asks (the client must take them).
if [ "${PC_DATA_CHECKSUM:-enable}" = disable ]; then
    echo "set vpn l2tp remote-access lns data-checksum disable" >>"$cfg"
fi
exec bin/portcullis "$cfg" --ready-file "$PC_READY"
