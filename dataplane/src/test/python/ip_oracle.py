"""Scapy as an oracle for Portcullis's IPv4, ICMP, TCP MSS, fragmentation and ARP code.

Run with Debian's /usr/bin/python3 (package python3-scapy):
    ip_oracle.py <requests file> <responses file>
One request a line, words separated by spaces; one response line per request, in order.
Packets are hex, IPv4 from its header unless the command says Ethernet.

  build-echo <src> <dst> <id> <seq> <data hex>    -> an ICMP echo request
  build-syn <src> <dst> <flags> <mss>             -> a TCP segment with Windows-style options
  build-udp <src> <dst> <length> <df 0|1>         -> a UDP datagram of <length> payload bytes
  build-arp-request <mac> <ip> <target ip>        -> Ethernet/ARP who-has (not padded)
  fragment <fragsize> <hex>                       -> Scapy's fragment(): fragments, space separated
  defragment <hex> <hex> ...                      -> Scapy's defragment(): the datagram, or "none"
  rechecksum <hex>                                -> the packet rebuilt with every checksum Scapy
                                                     can recompute deleted (IP header, and ICMP or
                                                     TCP/UDP of an unfragmented packet)
  answers <reply hex> <request hex>               -> "1" if Scapy says the reply answers the request
  tcp-mss <hex>                                   -> the MSS option's value
  arp-answers <reply frame hex> <request frame hex> -> "1" if Scapy's ARP and Ether answers() agree,
                                                     then op hwsrc psrc hwdst pdst ether-dst
"""

import sys

from scapy.compat import raw
from scapy.layers.inet import ICMP, IP, TCP, UDP, defragment, fragment
from scapy.layers.l2 import ARP, Ether


def ip(hex_packet):
    return IP(bytes.fromhex(hex_packet))


def rechecksum(packet):
    del packet[IP].chksum
    unfragmented = packet[IP].frag == 0 and not packet[IP].flags.MF
    if unfragmented:
        for layer in (ICMP, TCP, UDP):
            # The first such layer only: an ICMP error quotes a TCP/UDP header that must stay as is.
            if layer in packet:
                del packet[layer].chksum
                break
    return raw(packet).hex()


def handle(words):
    command, args = words[0], words[1:]
    if command == 'build-echo':
        src, dst, ident, seq, data = args
        return raw(IP(src=src, dst=dst) / ICMP(type=8, id=int(ident), seq=int(seq)) / bytes.fromhex(data)).hex()
    if command == 'build-syn':
        src, dst, flags, mss = args
        options = [('MSS', int(mss)), ('NOP', None), ('WScale', 8), ('NOP', None), ('NOP', None),
                   ('SAckOK', b'')]
        return raw(IP(src=src, dst=dst) / TCP(sport=49152, dport=443, flags=flags, seq=1000, options=options)).hex()
    if command == 'build-udp':
        src, dst, length, df = args
        payload = bytes((i * 7) & 0xFF for i in range(int(length)))
        return raw(IP(src=src, dst=dst, id=0x4242, flags='DF' if df == '1' else 0) /
                   UDP(sport=1701, dport=1701) / payload).hex()
    if command == 'build-arp-request':
        mac, address, target = args
        return raw(Ether(src=mac, dst='ff:ff:ff:ff:ff:ff') /
                   ARP(op=1, hwsrc=mac, psrc=address, hwdst='00:00:00:00:00:00', pdst=target)).hex()
    if command == 'fragment':
        return ' '.join(raw(f).hex() for f in fragment(ip(args[1]), int(args[0])))
    if command == 'defragment':
        whole = [p for p in defragment([ip(a) for a in args]) if not p[IP].flags.MF and p[IP].frag == 0]
        return raw(whole[0]).hex() if len(whole) == 1 else 'none'
    if command == 'rechecksum':
        return rechecksum(ip(args[0]))
    if command == 'answers':
        return '1' if ip(args[0]).answers(ip(args[1])) else '0'
    if command == 'tcp-mss':
        return str(dict(ip(args[0])[TCP].options)['MSS'])
    if command == 'arp-answers':
        reply, request = Ether(bytes.fromhex(args[0])), Ether(bytes.fromhex(args[1]))
        a = reply[ARP]
        answers = reply.answers(request) and a.answers(request[ARP])
        return ' '.join(['1' if answers else '0', str(a.op), a.hwsrc, a.psrc, a.hwdst, a.pdst, reply.dst])
    raise ValueError('unknown command ' + command)


def main():
    requests_path, responses_path = sys.argv[1:]
    with open(requests_path) as requests, open(responses_path, 'w') as responses:
        for line in requests:
            if line.strip():
                responses.write(handle(line.split()) + '\n')


if __name__ == '__main__':
    main()
