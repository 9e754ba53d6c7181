#!/usr/bin/python3
# Independent known answers for IKEv1 key derivation (RFC 2409 §5, §5.5, Appendix B), computed with
# Python's hmac/hashlib, pow() and the 'cryptography' package (OpenSSL), not with Portcullis's code.
# Run from this directory: /usr/bin/python3 kat.py > kat.properties
import hashlib, hmac
from cryptography.hazmat.primitives.asymmetric import ec, x25519
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

primes = dict(l.split() for l in open('modp-primes.txt'))
out = []
def emit(k, v): out.append('%s=%s' % (k, v.hex()))

psk = b'portcullis-test-psk'
ni = bytes(range(0x10, 0x30)); nr = bytes(range(0x80, 0xa0))
cky_i = bytes.fromhex('0102030405060708'); cky_r = bytes.fromhex('a1a2a3a4a5a6a7a8')
sai_b = bytes.fromhex('00000001000000010000002c010100010000002401010000800100078002000280030001800400028e0e0100')
idii_b = bytes.fromhex('011101f4c0000201'); idir_b = bytes.fromhex('011101f4c6336401')
mid = bytes.fromhex('1badcafe')
emit('psk', psk); emit('ni', ni); emit('nr', nr); emit('ckyI', cky_i); emit('ckyR', cky_r)
emit('saiB', sai_b); emit('idiiB', idii_b); emit('idirB', idir_b); emit('messageId', mid)

def modp(name, bits):
    p = int(primes[bits], 16)
    n = (p.bit_length() + 7) // 8
    i = int.from_bytes(hashlib.sha256(b'i' + name.encode()).digest(), 'big')
    r = int.from_bytes(hashlib.sha256(b'r' + name.encode()).digest(), 'big')
    b = lambda v: v.to_bytes(n, 'big')
    return i.to_bytes(32, 'big'), r.to_bytes(32, 'big'), b(pow(2, i, p)), b(pow(2, r, p)), b(pow(pow(2, r, p), i, p))

def ecp(name, curve):
    n = (curve.key_size + 7) // 8
    i = int.from_bytes(hashlib.sha384(b'i' + name.encode()).digest()[:n], 'big') >> 2
    r = int.from_bytes(hashlib.sha384(b'r' + name.encode()).digest()[:n], 'big') >> 2
    ki = ec.derive_private_key(i, curve); kr = ec.derive_private_key(r, curve)
    xy = lambda k: k.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)[1:]
    return i.to_bytes(n, 'big'), r.to_bytes(n, 'big'), xy(ki), xy(kr), ki.exchange(ec.ECDH(), kr.public_key())

def curve25519(name):
    i = hashlib.sha256(b'i' + name.encode()).digest(); r = hashlib.sha256(b'r' + name.encode()).digest()
    ki = x25519.X25519PrivateKey.from_private_bytes(i); kr = x25519.X25519PrivateKey.from_private_bytes(r)
    raw = lambda k: k.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return i, r, raw(ki), raw(kr), ki.exchange(kr.public_key())

groups = {'modp1024': modp('modp1024', '1024'), 'modp2048': modp('modp2048', '2048'),
          'ecp256': ecp('ecp256', ec.SECP256R1()), 'ecp384': ecp('ecp384', ec.SECP384R1()),
          'curve25519': curve25519('curve25519')}
for g, (i, r, gi, gr, gir) in groups.items():
    emit(g + '.i', i); emit(g + '.r', r); emit(g + '.gi', gi); emit(g + '.gr', gr); emit(g + '.gir', gir)

_, _, gxi, gxr, gxy = groups['modp2048']
gqm = groups['modp1024'][4]
def expand(f, key, seed, length, first):
    # RFC 2409 Appendix B (SKEYID_e) and §5.5 (KEYMAT): K1 = f(key, first), Kn = f(key, Kn-1 [| seed])
    blocks = f(key, first); k = blocks
    while len(blocks) < length:
        k = f(key, k + seed); blocks += k
    return blocks[:length]

for h in ['md5', 'sha1', 'sha256', 'sha384', 'sha512']:
    prf = lambda key, data: hmac.new(key, data, h).digest()
    skeyid = prf(psk, ni + nr)
    d = prf(skeyid, gxy + cky_i + cky_r + b'\x00')
    a = prf(skeyid, d + gxy + cky_i + cky_r + b'\x01')
    e = prf(skeyid, a + gxy + cky_i + cky_r + b'\x02')
    emit(h + '.skeyid', skeyid); emit(h + '.skeyidSig', prf(ni + nr, gxy))
    emit(h + '.skeyidD', d); emit(h + '.skeyidA', a); emit(h + '.skeyidE', e)
    aes256 = e[:32] if len(e) >= 32 else expand(prf, e, b'', 32, b'\x00')
    emit(h + '.aes256Key', aes256)
    emit(h + '.des3Key', e[:24] if len(e) >= 24 else expand(prf, e, b'', 24, b'\x00'))
    emit(h + '.hashI', prf(skeyid, gxi + gxr + cky_i + cky_r + sai_b + idii_b))
    emit(h + '.hashR', prf(skeyid, gxr + gxi + cky_r + cky_i + sai_b + idir_b))
    spi = bytes.fromhex('c0ffee01')
    seed = b'\x03' + spi + ni + nr
    emit(h + '.keymat', expand(prf, d, seed, 72, seed))
    emit(h + '.keymatPfs', expand(prf, d, gqm + seed, 72, gqm + seed))
    after = bytes.fromhex('0a00000c0000000100000001')
    emit(h + '.qmHash1', prf(a, mid + after))
    emit(h + '.qmHash2', prf(a, mid + ni + after))
    emit(h + '.qmHash3', prf(a, b'\x00' + mid + ni + nr))
    # Phase-1 IV and chaining with AES-256-CBC: IV0 = hash(g^xi | g^xr) truncated; the next IV is the
    # last ciphertext block; a new exchange's IV is hash(last phase-1 block | M-ID).
    iv0 = hashlib.new(h, gxi + gxr).digest()[:16]
    plain = bytes(range(37)); padded = plain + bytes(10) + bytes([10])
    enc = Cipher(algorithms.AES(aes256), modes.CBC(iv0)).encryptor()
    ct = enc.update(padded) + enc.finalize()
    emit(h + '.iv0', iv0); emit(h + '.ciphertext', ct); emit(h + '.iv1', ct[-16:])
    emit(h + '.ivPhase2', hashlib.new(h, ct[-16:] + mid).digest()[:16])
emit('plaintext', bytes(range(37)))
print('\n'.join(out))
