#!/usr/bin/python3
# Builds ISAKMP messages with Scapy 2.5 (scapy.layers.isakmp), independently of Portcullis's codec,
# and writes them as hex, one file each. Run: /usr/bin/python3 build.py (from this directory).
from scapy.layers.isakmp import *

def t(num, attrs):
    return ISAKMP_payload_Transform(num=num, id=1, transforms=attrs)

# Main Mode message 1 as a Windows-like initiator sends it: two transforms, then vendor IDs.
sa = ISAKMP_payload_SA(prop=ISAKMP_payload_Proposal(proto=1, trans_nb=2, trans=
    t(1, [('Encryption', 'AES-CBC'), ('KeyLength', 256), ('Hash', 'SHA'), ('GroupDesc', '2048MODPgr'),
          ('Authentication', 'PSK'), ('LifeType', 'Seconds'), ('LifeDuration', 28800)]) /
    t(2, [('Encryption', '3DES-CBC'), ('Hash', 'SHA'), ('GroupDesc', '1024MODPgr'),
          ('Authentication', 'PSK'), ('LifeType', 'Seconds'), ('LifeDuration', 28800)])))
mm1 = ISAKMP(init_cookie=bytes.fromhex('0102030405060708'), exch_type='identity prot.') / sa / \
    ISAKMP_payload_VendorID(load=bytes.fromhex('4a131c81070358455c5728f20e95452f')) / \
    ISAKMP_payload_VendorID(load=bytes.fromhex('1e2b516905991c7d7c96fcbfb587e46100000009'))
open('main-mode-1.hex', 'w').write(bytes(mm1).hex() + '\n')

# Main Mode message 3: KE and nonce.
mm3 = ISAKMP(init_cookie=bytes.fromhex('0102030405060708'), resp_cookie=bytes.fromhex('1112131415161718'),
             exch_type='identity prot.') / ISAKMP_payload_KE(load=bytes(range(128))) / \
    ISAKMP_payload_Nonce(load=bytes(range(100, 132)))
open('main-mode-3.hex', 'w').write(bytes(mm3).hex() + '\n')

# An ID payload (IPv4 address, UDP 500) and a hash, in a plaintext informational frame.
idh = ISAKMP(init_cookie=bytes.fromhex('0102030405060708'), exch_type='info') / \
    ISAKMP_payload_ID(IDtype=1, ProtoID=17, Port=500, load=bytes([192, 0, 2, 1])) / \
    ISAKMP_payload_Hash(load=bytes(20))
open('id-hash.hex', 'w').write(bytes(idh).hex() + '\n')
