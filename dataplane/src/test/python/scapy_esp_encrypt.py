"""Scapy encrypts known packets for Portcullis to decrypt.

usage: /usr/bin/python3 scapy_esp_encrypt.py <in> <out>

<in> holds sa and packet lines (see esp_oracle.py); each packet line carries the plain IPv4
packet. <out> gets one line per packet line, in order: the ESP packet in hex, exactly as it
would be on the wire (IPv4, then UDP 4500 with NAT-T, then ESP).
"""

import hashlib
import struct
import sys

from scapy.layers.inet import IP

from esp_oracle import read_records


def iv_for(sa, index):
    # Reproducible IVs (Scapy's own are random), different for every packet.
    return hashlib.sha256(b'%s/%d' % (sa.name.encode(), index)).digest()[:sa.crypt.iv_size]


def encrypt(sa, sequence, plain, index):
    high, low = sequence >> 32, sequence & 0xFFFFFFFF
    sa.scapy.seq_num = low  # not seq_num=low: Scapy would take 0 for "unset"
    wire = bytearray(bytes(sa.scapy.encrypt(IP(plain), iv=iv_for(sa, index), esn_en=sa.esn, esn=high)))
    ihl = (wire[0] & 0x0F) * 4
    esp = ihl
    if sa.nat_t:
        # Scapy leaves the UDP length at 8 (its header alone); RFC 768 wants header + data.
        wire[ihl + 4:ihl + 6] = struct.pack('!H', len(wire) - ihl)
        esp += 8
    if sa.hmac_with_esn:
        icv = len(wire) - sa.icv_length
        wire[icv:] = sa.esn_icv(bytes(wire[esp:icv]), high)
    return bytes(wire)


def main(source, destination):
    _, packets = read_records(source)
    with open(destination, 'w') as out:
        for index, (sa, sequence, (plain,)) in enumerate(packets):
            out.write(encrypt(sa, sequence, plain, index).hex() + '\n')


if __name__ == '__main__':
    main(*sys.argv[1:])
