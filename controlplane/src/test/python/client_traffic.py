#!/usr/bin/python3
"""Builds the captures of the offline dataplane test with Scapy, independently of Portcullis.

usage: client_traffic.py <out dir> <client->appliance key hex> (AES-GCM-128 key and 4-byte salt) [plain] [ping-gateway]

With "plain" the client's L2TP goes in clear (no ESP), as to a session without IPsec. With
"ping-gateway" the client also pings the appliance's LAN address, 10.1.0.1, through its tunnel.

wan-in.pcap: a remote-access client's L2TP/IPsec traffic (RFC 3193): ESP transport, SPI 0x2000,
  around UDP 1701 -> L2TPv2 data (tunnel 1, session 1, RFC 2661 3.1) -> PPP (FF 03 00 21) -> IPv4:
  a TCP SYN with MSS 1460, a UDP query, an ICMP echo request, and a 1200-byte UDP datagram whose
  ESP packet a 576-byte link cut in three fragments (sent last fragment first).
lan-in.pcap: a LAN host's traffic to the client: a UDP answer, a TCP SYN with MSS 1460, and a
  1478-byte UDP datagram with DF set, bigger than the client's 1400-byte tunnel MTU.
"""
import sys

from scapy.all import Ether, IP, UDP, TCP, ICMP, Raw, fragment, wrpcap
from scapy.layers.ipsec import ESP, SecurityAssociation
from scapy.layers.l2tp import L2TP
from scapy.layers.ppp import HDLC, PPP

WAN, LAN, CLIENT, CLIENT_PPP, HOST = '192.0.2.1', '10.1.0.1', '198.51.100.7', '10.99.0.2', '10.1.0.5'
WAN_MAC, LAN_MAC = '02:00:00:00:00:01', '02:00:00:00:00:02'
GATEWAY_MAC, HOST_MAC = '02:00:00:00:00:aa', '02:00:00:00:00:bb'


def main():
    out, key = sys.argv[1], bytes.fromhex(sys.argv[2])
    plain = 'plain' in sys.argv[3:]
    ping_gateway = 'ping-gateway' in sys.argv[3:]
    sa = SecurityAssociation(ESP, spi=0x2000, crypt_algo='AES-GCM', crypt_key=key, auth_algo='NULL')

    def tunnelled(inner):
        l2tp = L2TP(hdr='length', tunnel_id=1, session_id=1) / HDLC() / PPP(proto=0x21) / inner
        datagram = IP(src=CLIENT, dst=WAN) / UDP(sport=1701, dport=1701) / l2tp
        return IP(bytes(datagram)) if plain else sa.encrypt(datagram)

    def to_wan(packet):
        return Ether(src=GATEWAY_MAC, dst=WAN_MAC) / packet

    inner = [
        IP(src=CLIENT_PPP, dst=HOST) / TCP(sport=40001, dport=80, flags='S', options=[('MSS', 1460)]),
        IP(src=CLIENT_PPP, dst=HOST) / UDP(sport=40002, dport=7777) / Raw(b'query'),
        IP(src=CLIENT_PPP, dst=HOST) / ICMP(type=8, id=7, seq=1) / Raw(b'ping'),
    ]
    if ping_gateway:
        inner.append(IP(src=CLIENT_PPP, dst=LAN) / ICMP(type=8, id=8, seq=1) / Raw(b'gateway?'))
    wan = [to_wan(tunnelled(p)) for p in inner]
    big = tunnelled(IP(src=CLIENT_PPP, dst=HOST) / UDP(sport=40003, dport=9) / Raw(bytes(range(256)) * 4 + bytes(176)))
    wan += [to_wan(f) for f in reversed(fragment(big, fragsize=552))]
    wrpcap(out + '/wan-in.pcap', wan)

    def from_host(packet):
        return Ether(src=HOST_MAC, dst=LAN_MAC) / packet

    lan = [
        from_host(IP(src=HOST, dst=CLIENT_PPP) / UDP(sport=7777, dport=40002) / Raw(b'answer')),
        from_host(IP(src=HOST, dst=CLIENT_PPP) / TCP(sport=80, dport=40004, flags='S', options=[('MSS', 1460)])),
        from_host(IP(src=HOST, dst=CLIENT_PPP, flags='DF') / UDP(sport=9, dport=40005) / Raw(bytes(1450))),
    ]
    wrpcap(out + '/lan-in.pcap', lan)


if __name__ == '__main__':
    main()
