"""Scapy decrypts packets Portcullis encrypted, and checks what Scapy does not.

usage: /usr/bin/python3 scapy_esp_decrypt.py <in> <out>

<in> holds sa and packet lines (see esp_oracle.py); each packet line carries the 64-bit
sequence number Portcullis should have used, the packet from the wire and the plain packet it
must decrypt to (transport mode: the IPv4 packet with its original payload; tunnel mode: the
inner packet). <out> gets one line per packet line, in order:
  ok <decrypted packet hex>
  fail <what was wrong>

Beyond Scapy's decryption and ICV check, each packet is checked for: outer IPv4 header
(length, checksum, tunnel endpoints), RFC 3948 UDP header (ports, length, zero checksum),
SPI and sequence number, ciphertext alignment (RFC 4303 §2.4), padding bytes 1, 2, 3, ...
and the smallest pad that aligns (Scapy checks neither), the Next Header, and an IV never
seen before on the SA.
"""

import struct
import sys

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from scapy.layers.inet import IP

from esp_oracle import ip_checksum, read_records


class Rejected(Exception):
    pass


def expect(condition, message, *args):
    if not condition:
        raise Rejected(message % args)


def strip_outer(sa, wire):
    """Checks the outer headers; returns the packet as plain ESP (protocol 50) and where ESP starts."""
    expect(len(wire) >= 20 and wire[0] >> 4 == 4, 'not IPv4')
    ihl = (wire[0] & 0x0F) * 4
    expect(struct.unpack('!H', wire[2:4])[0] == len(wire), 'IPv4 total length %d, packet is %d bytes',
           struct.unpack('!H', wire[2:4])[0], len(wire))
    expect(ip_checksum(wire[:ihl]) == 0, 'bad outer IPv4 header checksum')
    if sa.tunnel:
        source, destination = str(IP(wire).src), str(IP(wire).dst)
        expect((source, destination) == (sa.tunnel_source, sa.tunnel_destination),
               'tunnel header %s -> %s, SA is %s -> %s', source, destination, sa.tunnel_source,
               sa.tunnel_destination)
    if not sa.nat_t:
        expect(wire[9] == 50, 'IP protocol %d, not ESP', wire[9])
        return wire, ihl
    expect(wire[9] == 17, 'IP protocol %d, not UDP', wire[9])
    source_port, destination_port, length, checksum = struct.unpack('!HHHH', wire[ihl:ihl + 8])
    expect((source_port, destination_port) == sa.nat_t, 'UDP ports %d -> %d, SA has %s', source_port,
           destination_port, sa.nat_t)
    expect(length == len(wire) - ihl, 'UDP length %d, datagram is %d bytes', length, len(wire) - ihl)
    expect(checksum == 0, 'UDP checksum %04x, RFC 3948 §2.1 sends 0', checksum)
    header = bytearray(wire[:ihl])
    header[9] = 50
    header[2:4] = struct.pack('!H', len(wire) - 8)
    return bytes(header) + wire[ihl + 8:], ihl


def plaintext(sa, esp, high):
    """Decrypts payload, padding and trailer ourselves: Scapy never shows the padding."""
    iv_size, icv = sa.crypt.iv_size, sa.icv_length
    iv = esp[8:8 + iv_size]
    ciphertext = esp[8 + iv_size:len(esp) - icv]
    if sa.crypt.is_aead:
        key, salt = sa.cipher_key[:-4], sa.cipher_key[-4:]
        aad = esp[:4] + (struct.pack('!L', high) if sa.esn else b'') + esp[4:8]
        return AESGCM(key).decrypt(salt + iv, ciphertext + esp[len(esp) - icv:], aad)
    algorithm = algorithms.AES(sa.cipher_key) if sa.crypt.name == 'AES-CBC' else \
        algorithms.TripleDES(sa.cipher_key)
    decryptor = Cipher(algorithm, modes.CBC(iv)).decryptor()
    return decryptor.update(ciphertext) + decryptor.finalize()


def check(sa, sequence, wire, expected, ivs, index):
    high, low = sequence >> 32, sequence & 0xFFFFFFFF
    plain_esp, esp_start = strip_outer(sa, wire)
    esp = plain_esp[esp_start:]
    iv_size, icv = sa.crypt.iv_size, sa.icv_length
    expect(len(esp) >= 8 + iv_size + icv + 4, 'ESP too short: %d bytes', len(esp))
    spi, seq = struct.unpack('!LL', esp[:8])
    expect(spi == sa.spi, 'SPI %08x, SA has %08x', spi, sa.spi)
    expect(seq == low, 'sequence number %d, expected %d (low half of %d)', seq, low, sequence)
    iv = esp[8:8 + iv_size]
    expect(iv not in ivs, 'IV %s repeats that of input packet %s', iv.hex(), ivs.get(iv))
    ivs[iv] = index
    align = max(sa.crypt.block_size, 4)
    ciphertext_length = len(esp) - 8 - iv_size - icv
    expect(ciphertext_length % align == 0, 'ciphertext of %d bytes, not a multiple of %d', ciphertext_length,
           align)
    if sa.hmac_with_esn:
        expect(sa.esn_icv(esp[:len(esp) - icv], high) == esp[len(esp) - icv:], 'ICV (with ESN high %08x) wrong',
               high)
    decrypted = bytes(sa.scapy.decrypt(IP(plain_esp), verify=not sa.hmac_with_esn, esn_en=sa.esn, esn=high))
    plain = plaintext(sa, esp, high)
    pad_length, next_header = plain[-2], plain[-1]
    expect(pad_length + 2 <= len(plain), 'pad length %d longer than the payload', pad_length)
    padding = plain[len(plain) - 2 - pad_length:len(plain) - 2]
    expect(padding == bytes(range(1, pad_length + 1)), 'padding %s, RFC 4303 §2.4 wants 01 02 03 ...',
           padding.hex())
    expect(pad_length < align, 'pad length %d, more than aligning to %d needs', pad_length, align)
    wanted_next_header = 4 if sa.tunnel else expected[9]
    expect(next_header == wanted_next_header, 'next header %d, expected %d', next_header, wanted_next_header)
    expect(decrypted == expected, 'decrypted %s, expected %s', decrypted.hex(), expected.hex())
    return decrypted


def main(source, destination):
    _, packets = read_records(source)
    ivs = {}
    with open(destination, 'w') as out:
        for index, (sa, sequence, (wire, expected)) in enumerate(packets):
            try:
                out.write('ok %s\n' % check(sa, sequence, wire, expected, ivs.setdefault(sa.name, {}), index).hex())
            except Rejected as e:
                out.write('fail %s\n' % e)
            except Exception as e:  # IPSecIntegrityError, InvalidTag, or anything Scapy trips over
                out.write('fail %s: %s\n' % (type(e).__name__, str(e).replace('\n', ' ')))


if __name__ == '__main__':
    main(*sys.argv[1:])
