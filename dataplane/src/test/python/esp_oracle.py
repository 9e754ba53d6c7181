"""Scapy as an ESP oracle for Portcullis: what the encrypt and decrypt scripts share.

Run with Debian's /usr/bin/python3 (package python3-scapy). Scapy 2.5 quirks handled here
(see shared/notes/oracles.md):
  - it has no HMAC-SHA-256-96, so it is registered as an extra integrity algorithm;
  - its ESP ICV never covers the ESN high-order bits (RFC 4303 §2.2.1, §3.3.2.1): it only
    uses them in the AES-GCM AAD, so HMAC transforms with ESN are signed and verified here
    with Python's own HMAC;
  - `seq_num or self.seq_num` makes an explicit sequence number 0 (legal with ESN) fall back
    to the SA's counter, so the counter is set instead.

Exchange format (one record a line, fields separated by spaces):
  sa <name> <transform> <mode> <spi hex> <cipher key hex> <integrity key hex|-> \
     <tunnel source|-> <tunnel destination|-> <nat-t source port:destination port|-> <esn 0|1>
  packet <sa name> <64-bit sequence number> <hex> [<hex>]
"""

import hashlib
import hmac
import struct
import sys

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.hmac import HMAC
from scapy.layers.inet import IP, UDP
from scapy.layers.ipsec import AUTH_ALGOS, ESP, AuthAlgo, SecurityAssociation

AUTH_ALGOS.setdefault('HMAC-SHA-256-96', AuthAlgo('HMAC-SHA-256-96', mac=HMAC, digestmod=hashes.SHA256,
                                                  icv_size=12))

# Portcullis transform name -> (Scapy cipher, Scapy integrity, hashlib digest for ESN ICVs)
TRANSFORMS = {
    'AES_GCM_128': ('AES-GCM', None, None),
    'AES_GCM_256': ('AES-GCM', None, None),
    'AES_CBC_128_HMAC_SHA1_96': ('AES-CBC', 'HMAC-SHA1-96', hashlib.sha1),
    'AES_CBC_256_HMAC_SHA1_96': ('AES-CBC', 'HMAC-SHA1-96', hashlib.sha1),
    'AES_CBC_128_HMAC_SHA256_128': ('AES-CBC', 'SHA2-256-128', hashlib.sha256),
    'AES_CBC_256_HMAC_SHA256_128': ('AES-CBC', 'SHA2-256-128', hashlib.sha256),
    'AES_CBC_128_HMAC_SHA256_96': ('AES-CBC', 'HMAC-SHA-256-96', hashlib.sha256),
    'DES3_CBC_HMAC_SHA1_96': ('3DES', 'HMAC-SHA1-96', hashlib.sha1),
}


class OracleSa:
    """One SA as both sides configured it, with Scapy's SecurityAssociation for it."""

    def __init__(self, fields):
        (self.name, self.transform, self.mode, spi, cipher_key, integrity_key,
         tunnel_source, tunnel_destination, nat_t, esn) = fields
        crypt_algo, auth_algo, self.digest = TRANSFORMS[self.transform]
        self.spi = int(spi, 16)
        self.cipher_key = bytes.fromhex(cipher_key)
        self.integrity_key = None if integrity_key == '-' else bytes.fromhex(integrity_key)
        self.tunnel = self.mode == 'TUNNEL'
        self.tunnel_source = tunnel_source
        self.tunnel_destination = tunnel_destination
        self.nat_t = None if nat_t == '-' else tuple(int(p) for p in nat_t.split(':'))
        self.esn = esn == '1'
        self.scapy = SecurityAssociation(
            ESP, spi=self.spi, crypt_algo=crypt_algo, crypt_key=self.cipher_key,
            auth_algo=auth_algo, auth_key=self.integrity_key,
            tunnel_header=IP(src=tunnel_source, dst=tunnel_destination) if self.tunnel else None,
            nat_t_header=UDP(sport=self.nat_t[0], dport=self.nat_t[1]) if self.nat_t else None,
            esn_en=self.esn)
        self.crypt = self.scapy.crypt_algo
        self.auth = self.scapy.auth_algo

    @property
    def icv_length(self):
        return self.crypt.icv_size if self.crypt.is_aead else self.auth.icv_size

    @property
    def hmac_with_esn(self):
        return self.esn and not self.crypt.is_aead

    def esn_icv(self, esp_without_icv, high):
        """RFC 4303 §3.3.2.1: the high-order 32 bits follow the packet in the ICV input only."""
        mac = hmac.new(self.integrity_key, esp_without_icv + struct.pack('!L', high), self.digest)
        return mac.digest()[:self.auth.icv_size]


def read_records(path):
    """The sa and packet lines of an exchange file: ({name: OracleSa}, [(sa, seq, [hex, ...])])."""
    sas = {}
    packets = []
    with open(path) as f:
        for number, line in enumerate(f, 1):
            fields = line.split()
            if not fields:
                continue
            if fields[0] == 'sa' and len(fields) == 11:
                sas[fields[1]] = OracleSa(fields[1:])
            elif fields[0] == 'packet' and len(fields) >= 4:
                packets.append((sas[fields[1]], int(fields[2]), [bytes.fromhex(h) for h in fields[3:]]))
            else:
                sys.exit('%s:%d: not an sa or packet line: %r' % (path, number, line))
    return sas, packets


def ip_checksum(header):
    """RFC 791 checksum over a header: 0 when the header's own checksum field is right."""
    total = 0
    for i in range(0, len(header), 2):
        total += (header[i] << 8) | header[i + 1]
    while total > 0xFFFF:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF

